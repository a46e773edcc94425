/* lull-recorder-window.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "lull-accessible.h"
#include "lull-file.h"
#include "lull-media.h"
#include "lull-recorder-window.h"
#include "lull-step.h"

/* A parent's own voice reading the imagery script can calm more than a
 * stranger's, so the window is a teleprompter: the script in large type,
 * one big Record button, the level and the time. LullRecorder does the
 * recording and keeps to its 30-minute limit; this window names the file,
 * hands it to the library, and never loses a recording without asking. */

/* The scripts Lull ships are a few kilobytes. */
#define MAX_SCRIPT_BYTES (256 * 1024)
/* Read from a little way off, with the pump running. */
#define SCRIPT_SCALE     1.4

enum {
  SCRIPT_FULL,
  SCRIPT_SHORT,
  SCRIPT_NONE,
};

static const char * const script_names[] = {
  [SCRIPT_FULL] = "imagery-full",
  [SCRIPT_SHORT] = "imagery-short",
};

struct _LullRecorderWindow
{
  AdwWindow          parent_instance;

  LullRecorder      *recorder;
  gboolean           stopping;    /* Stop pressed, "finished" or "failed" to come */
  GtkTextTag        *large_tag;

  AdwComboRow       *script_row;
  GtkStack          *script_stack;
  GtkScrolledWindow *script_scroller;
  GtkTextView       *script_view;
  GtkLabel          *error_label;
  GtkLevelBar       *level_bar;
  GtkLabel          *elapsed_label;
  GtkButton         *record_button;
};

G_DEFINE_FINAL_TYPE (LullRecorderWindow, lull_recorder_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_RECORDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RECORDING_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* @name begins with the two letters of @language: “es”, “es_MX.UTF-8”,
 * “es@valencia”, not “est”. */
static gboolean
is_language (const char *name,
             const char *language)
{
  return g_str_has_prefix (name, language)
         && strchr ("_.@", name[2]) != NULL;  /* the NUL matches too */
}

/* The scripts exist in English and Spanish, the languages Lull speaks:
 * the first of the two in the parent's list of languages wins. */
static const char *
script_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (is_language (names[i], "es"))
        return "es";
      if (is_language (names[i], "en")
          || g_str_equal (names[i], "C") || g_str_equal (names[i], "POSIX"))
        return "en";
    }

  return "en";
}

static char *
read_script (const char *name,
             const char *language)
{
  g_autofree char *file_name = g_strdup_printf ("%s.%s.txt", name, language);
  g_autofree char *path = g_build_filename (lull_media_get_dir (), "scripts", file_name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!lull_file_get_contents (path, MAX_SCRIPT_BYTES, &contents, &length, &error))
    {
      g_debug ("No script %s: %s", path, error->message);
      return NULL;
    }

  if (!g_utf8_validate (contents, length, NULL))
    {
      g_debug ("The script %s is not UTF-8 text", path);
      return NULL;
    }

  return g_steal_pointer (&contents);
}

static void
show_script (LullRecorderWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->script_row);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->script_view);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  /* The template's first selection comes before there is a tag. */
  if (self->large_tag == NULL)
    return;

  if (selected >= G_N_ELEMENTS (script_names))
    {
      gtk_stack_set_visible_child_name (self->script_stack, "no-script");
      return;
    }

  text = read_script (script_names[selected], script_language ());
  if (text == NULL)
    text = read_script (script_names[selected], "en");
  if (text == NULL)
    text = g_strdup (_("The script could not be found. You can still record in your own "
                       "words: describe a calm place, slowly, and picture your baby close "
                       "to you."));

  gtk_text_buffer_set_text (buffer, g_strstrip (text), -1);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_apply_tag (buffer, self->large_tag, &start, &end);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->script_scroller), 0);

  gtk_stack_set_visible_child_name (self->script_stack, "script");
}

/* “0:42”, “12:30”. */
static char *
format_time (guint64 seconds)
{
  return g_strdup_printf ("%u:%02u", (guint)(seconds / 60), (guint)(seconds % 60));
}

static void
update_elapsed (LullRecorderWindow *self)
{
  gint64 nanoseconds = MAX (lull_recorder_get_elapsed (self->recorder), 0);
  g_autofree char *elapsed = format_time ((guint64)nanoseconds / G_GUINT64_CONSTANT (1000000000));
  g_autofree char *limit = format_time (lull_recorder_get_max_seconds (self->recorder));
  g_autofree char *text = NULL;

  /* Translators: the time recorded and the longest a recording may be,
   * as in “0:42 of 30:00”. */
  text = g_strdup_printf (_("%s of %s"), elapsed, limit);
  gtk_label_set_text (self->elapsed_label, text);
}

static void
update_controls (LullRecorderWindow *self)
{
  gboolean recording = lull_recorder_get_recording (self->recorder);
  GtkWidget *button = GTK_WIDGET (self->record_button);

  if (self->stopping)
    gtk_button_set_label (self->record_button, _("Saving…"));
  else if (recording)
    gtk_button_set_label (self->record_button, _("Stop"));
  else
    gtk_button_set_label (self->record_button, _("Record"));

  if (recording || self->stopping)
    {
      gtk_widget_remove_css_class (button, "suggested-action");
      gtk_widget_add_css_class (button, "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (button, "destructive-action");
      gtk_widget_add_css_class (button, "suggested-action");
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recorder.toggle", !self->stopping);
}

static void
show_error (LullRecorderWindow *self,
            const char         *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gboolean
name_is_taken (LullDataRoot *data_root,
               const char   *name)
{
  g_autofree char *recording = lull_data_root_build_filename (data_root, "recordings", name, NULL);
  g_autofree char *audio = lull_data_root_build_filename (data_root, "audio", name, NULL);

  /* A file of the same name in audio/ would be the one its id finds. */
  return g_file_test (recording, G_FILE_TEST_EXISTS) || g_file_test (audio, G_FILE_TEST_EXISTS);
}

/* “Recording 2026-12-01 14.05.opus” by the local time, in the parent's
 * language, made into a name lull_track_id_is_valid() accepts and no
 * other track has. */
static char *
new_file_name (LullDataRoot *data_root)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stem = NULL;

  /* Translators: the name of a new recording, in g_date_time_format()
   * codes. It becomes a file name: keep “/” and “:” out of it. */
  stem = g_date_time_format (now, _("Recording %Y-%m-%d %H.%M"));
  if (stem == NULL)
    stem = g_date_time_format (now, "Recording %Y-%m-%d %H.%M");

  g_strdelimit (stem, "/\\:", '-');
  for (char *p = stem; *p != '\0'; p++)
    if (g_ascii_iscntrl (*p))
      *p = ' ';
  g_strstrip (stem);

  for (guint n = 1; n < 100; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup_printf ("%s.opus", stem)
                                     : g_strdup_printf ("%s (%u).opus", stem, n);

      if (!lull_track_id_is_valid (name))
        break;

      if (!name_is_taken (data_root, name))
        return g_steal_pointer (&name);
    }

  /* A translation that makes no valid name, or a hundred recordings in
   * one minute. */
  return g_date_time_format (now, "Recording %Y-%m-%d %H.%M.%S.opus");
}

static void
start_recording (LullRecorderWindow *self)
{
  LullApplication *application = LULL_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  LullDataRoot *data_root = lull_application_get_data_root (application);
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;

  show_error (self, NULL);

  if (!lull_data_root_ensure_folder (data_root, "recordings", &error))
    {
      show_error (self, error->message);
      return;
    }

  path = lull_data_root_build_filename (data_root, "recordings", NULL);
  folder = g_file_new_for_path (path);
  name = new_file_name (data_root);

  if (!lull_recorder_start (self->recorder, folder, name, &error))
    show_error (self, error->message);

  update_controls (self);
}

static void
stop_recording (LullRecorderWindow *self)
{
  self->stopping = TRUE;
  update_controls (self);
  lull_recorder_stop (self->recorder);
}

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LullRecorderWindow *self = LULL_RECORDER_WINDOW (widget);

  if (self->stopping)
    return;

  if (lull_recorder_get_recording (self->recorder))
    stop_recording (self);
  else
    start_recording (self);
}

static void
on_recording_changed (LullRecorder       *recorder,
                      GParamSpec         *pspec,
                      LullRecorderWindow *self)
{
  update_controls (self);
}

static void
on_elapsed_changed (LullRecorder       *recorder,
                    GParamSpec         *pspec,
                    LullRecorderWindow *self)
{
  update_elapsed (self);
}

static gboolean
destroy_cb (gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (data));

  return G_SOURCE_REMOVE;
}

/* Also when the recorder stopped by itself at its limit: saved as usual. */
static void
on_finished (LullRecorder       *recorder,
             GFile              *file,
             LullRecorderWindow *self)
{
  LullApplication *application = LULL_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  LullTrackLibrary *library = lull_application_get_track_library (application);
  g_autoptr(GError) error = NULL;
  LullTrack *track;

  self->stopping = FALSE;

  track = lull_track_library_add_recording (library, file, &error);
  if (track == NULL)
    {
      show_error (self, error->message);
      update_controls (self);
      return;
    }

  g_signal_emit (self, signals[RECORDING_SAVED], 0, track);
  /* Not from inside the recorder's signal: the window owns the recorder. */
  g_idle_add_full (G_PRIORITY_DEFAULT, destroy_cb, g_object_ref (self), g_object_unref);
}

static void
on_failed (LullRecorder       *recorder,
           GError             *error,
           LullRecorderWindow *self)
{
  self->stopping = FALSE;
  show_error (self, error->message);
  update_controls (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->record_button));
}

static void
on_script_selected (AdwComboRow        *row,
                    GParamSpec         *pspec,
                    LullRecorderWindow *self)
{
  show_script (self);
}

static void
on_close_response (AdwMessageDialog   *dialog,
                   const char         *response,
                   LullRecorderWindow *self)
{
  if (!lull_recorder_get_recording (self->recorder) || self->stopping)
    return;

  if (g_str_equal (response, "discard"))
    {
      lull_recorder_cancel (self->recorder);
      /* Not from inside the dialog's own signal: the dialog goes with its
       * parent, and still has work to do after the response. */
      g_idle_add_full (G_PRIORITY_DEFAULT, destroy_cb, g_object_ref (self), g_object_unref);
    }
  else if (g_str_equal (response, "save"))
    {
      /* The window closes once the file is in the library. */
      stop_recording (self);
    }
}

static gboolean
lull_recorder_window_close_request (GtkWindow *window)
{
  LullRecorderWindow *self = LULL_RECORDER_WINDOW (window);
  AdwMessageDialog *dialog;

  /* Saving takes a moment; the window closes by itself after it. */
  if (self->stopping)
    return TRUE;

  if (!lull_recorder_get_recording (self->recorder))
    return GTK_WINDOW_CLASS (lull_recorder_window_parent_class)->close_request (window);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Stop Recording?"),
                                                       _("Keep what you recorded so far, or "
                                                         "discard it.")));
  adw_message_dialog_add_responses (dialog,
                                    "discard", _("_Discard"),
                                    "keep", _("_Keep Recording"),
                                    "save", _("_Save Recording"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  /* Going on is what loses nothing. */
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

static void
lull_recorder_window_constructed (GObject *object)
{
  LullRecorderWindow *self = LULL_RECORDER_WINDOW (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (lull_recorder_window_parent_class)->constructed (object);

  if (self->recorder == NULL)
    {
      if (!lull_media_init (&error))
        g_warning ("GStreamer did not start: %s", error->message);
      self->recorder = lull_recorder_new (NULL);
    }

  g_object_bind_property (self->recorder, "level", self->level_bar, "value",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->recorder, "notify::recording",
                           G_CALLBACK (on_recording_changed), self, 0);
  g_signal_connect_object (self->recorder, "notify::elapsed",
                           G_CALLBACK (on_elapsed_changed), self, 0);
  g_signal_connect_object (self->recorder, "notify::max-seconds",
                           G_CALLBACK (on_elapsed_changed), self, 0);
  g_signal_connect_object (self->recorder, "finished", G_CALLBACK (on_finished), self, 0);
  g_signal_connect_object (self->recorder, "failed", G_CALLBACK (on_failed), self, 0);

  update_elapsed (self);
  update_controls (self);
}

static void
lull_recorder_window_dispose (GObject *object)
{
  LullRecorderWindow *self = LULL_RECORDER_WINDOW (object);

  /* Only an application that quits gets here while recording: the close
   * button asks first. */
  if (self->recorder != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->recorder, self);
      if (lull_recorder_get_recording (self->recorder))
        lull_recorder_cancel (self->recorder);
    }
  g_clear_object (&self->recorder);

  gtk_widget_dispose_template (GTK_WIDGET (self), LULL_TYPE_RECORDER_WINDOW);

  G_OBJECT_CLASS (lull_recorder_window_parent_class)->dispose (object);
}

static void
lull_recorder_window_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LullRecorderWindow *self = LULL_RECORDER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_RECORDER:
      g_value_set_object (value, self->recorder);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_recorder_window_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  LullRecorderWindow *self = LULL_RECORDER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_RECORDER:
      self->recorder = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_recorder_window_class_init (LullRecorderWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = lull_recorder_window_constructed;
  object_class->dispose = lull_recorder_window_dispose;
  object_class->get_property = lull_recorder_window_get_property;
  object_class->set_property = lull_recorder_window_set_property;
  window_class->close_request = lull_recorder_window_close_request;

  /**
   * LullRecorderWindow:recorder:
   *
   * The recorder; one with the default microphone when none is given
   * (tests give their own).
   */
  properties[PROP_RECORDER] =
    g_param_spec_object ("recorder", NULL, NULL,
                         LULL_TYPE_RECORDER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LullRecorderWindow::recording-saved:
   * @track: the new recording, now in the library
   *
   * Emitted just before the window closes.
   */
  signals[RECORDING_SAVED] =
    g_signal_new ("recording-saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, LULL_TYPE_TRACK);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/lull-recorder-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LullRecorderWindow, script_row);
  gtk_widget_class_bind_template_child (widget_class, LullRecorderWindow, script_stack);
  gtk_widget_class_bind_template_child (widget_class, LullRecorderWindow, script_scroller);
  gtk_widget_class_bind_template_child (widget_class, LullRecorderWindow, script_view);
  gtk_widget_class_bind_template_child (widget_class, LullRecorderWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, LullRecorderWindow, level_bar);
  gtk_widget_class_bind_template_child (widget_class, LullRecorderWindow, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, LullRecorderWindow, record_button);
  gtk_widget_class_bind_template_callback (widget_class, on_script_selected);

  gtk_widget_class_install_action (widget_class, "recorder.toggle", NULL, toggle_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
lull_recorder_window_init (LullRecorderWindow *self)
{
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  buffer = gtk_text_view_get_buffer (self->script_view);
  self->large_tag = gtk_text_buffer_create_tag (buffer, NULL, "scale", SCRIPT_SCALE, NULL);

  lull_label_scrollbars (self->script_scroller);
  show_script (self);

  /* Record is what the parent came for: focused, and the default. */
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->record_button));
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->record_button));
}

/**
 * lull_recorder_window_new:
 * @application: the application, for the data root and the library
 * @parent: the window it is modal on (the Sounds window)
 */
LullRecorderWindow *
lull_recorder_window_new (LullApplication *application,
                          GtkWindow       *parent)
{
  g_return_val_if_fail (LULL_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (LULL_TYPE_RECORDER_WINDOW,
                       "application", application,
                       "transient-for", parent,
                       NULL);
}

LullRecorder *
lull_recorder_window_get_recorder (LullRecorderWindow *self)
{
  g_return_val_if_fail (LULL_IS_RECORDER_WINDOW (self), NULL);

  return self->recorder;
}
