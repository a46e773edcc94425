/* test-sound-library.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "lull-application.h"
#include "lull-recorder-window.h"
#include "lull-sound-library-window.h"
#include "lull-ui-test.h"
#include "lull-window.h"

/* In-process checks of the Sounds and recorder windows against the real
 * application object, its track library and its sound choices, in a
 * fresh data root that holds one sound file of the parent's own. */

#define OWN_FILE "Lullaby & rain.wav"

static LullApplication *app;

static GtkWidget *
find_row (GtkWidget  *root,
          GType       type,
          const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  lull_test_collect_widgets (root, type, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      AdwPreferencesRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (adw_preferences_row_get_title (row), title) == 0)
        return GTK_WIDGET (row);
    }

  return NULL;
}

static LullSoundLibraryWindow *
open_library (void)
{
  GtkWindow *main_window = lull_test_find_toplevel (LULL_TYPE_WINDOW);
  LullSoundLibraryWindow *window = lull_sound_library_window_new (app, main_window);

  lull_test_present (GTK_WINDOW (window));

  return window;
}

static void
test_rows (void)
{
  LullSoundLibraryWindow *window = open_library ();
  LullTrackLibrary *library = lull_application_get_track_library (app);
  GListModel *tracks = lull_track_library_get_tracks (library);
  LullTrack *own = lull_track_library_lookup (library, OWN_FILE);
  GtkWidget *row, *focus;
  guint n_builtin = 0;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Sounds");
  g_assert_false (gtk_window_get_modal (GTK_WINDOW (window)));
  g_assert_true (LULL_IS_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (window))));

  /* A row for every built-in track… */
  for (guint i = 0; i < g_list_model_get_n_items (tracks); i++)
    {
      g_autoptr(LullTrack) track = g_list_model_get_item (tracks, i);

      if (!lull_track_get_builtin (track))
        continue;
      n_builtin++;
      row = find_row (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, lull_track_get_title (track));
      g_assert_nonnull (row);
      /* Built-ins are not the parent's to rename or delete. */
      g_assert_null (lull_test_find_button_with_action (row, "library.delete"));
    }
  g_test_message ("%u built-in tracks", n_builtin);

  /* …and for the file in audio/, whose title is shown as it is, not as
   * markup. */
  g_assert_nonnull (own);
  row = find_row (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, lull_track_get_title (own));
  g_assert_nonnull (row);
  g_assert_nonnull (lull_test_find_button_with_action (row, "library.rename"));
  g_assert_nonnull (lull_test_find_button_with_action (row, "library.delete"));

  /* The focus starts on the first track's Preview. */
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_true (GTK_IS_TOGGLE_BUTTON (focus));
  g_assert_true (gtk_widget_is_ancestor (focus, row));

  /* The empty hint is hidden while there is a sound of the parent's own. */
  g_assert_nonnull (lull_test_find_button_with_action (GTK_WIDGET (window), "library.add"));
  g_assert_nonnull (lull_test_find_button_with_action (GTK_WIDGET (window), "library.record"));

  g_assert_true (lull_test_has_shortcut (GTK_WIDGET (window), "<Control>o", "library.add"));
  g_assert_true (lull_test_has_shortcut (GTK_WIDGET (window), "<Control>r", "library.record"));
  g_assert_true (lull_test_has_shortcut (GTK_WIDGET (window), "Escape", "window.close"));

  gtk_window_destroy (GTK_WINDOW (window));
  lull_test_iterate ();
}

static char *
describe (GtkWidget *widget)
{
  const char *label = NULL;

  if (ADW_IS_PREFERENCES_ROW (widget))
    label = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  else if (GTK_IS_BUTTON (widget))
    label = gtk_actionable_get_action_name (GTK_ACTIONABLE (widget));

  return g_strdup_printf ("%s(%s)", G_OBJECT_TYPE_NAME (widget), label ? label : "");
}

/* The widget, or for an expander row the header inside it. */
static gboolean
reached (GPtrArray *seen,
         GtkWidget *widget)
{
  for (guint i = 0; i < seen->len; i++)
    {
      GtkWidget *focus = g_ptr_array_index (seen, i);

      if (focus == widget || gtk_widget_is_ancestor (focus, widget))
        return TRUE;
    }

  return FALSE;
}

/* Everything is reachable with Tab alone, from the top of the window to
 * the last routine, and Tab goes round. */
static void
test_tab_order (void)
{
  LullSoundLibraryWindow *window = open_library ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
  GtkWidget *start = gtk_window_get_focus (GTK_WINDOW (window));
  GtkWidget *focus;

  for (guint i = 0; i < 200; i++)
    {
      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD)
                     || gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
      focus = gtk_window_get_focus (GTK_WINDOW (window));
      if (g_getenv ("LULL_TEST_VERBOSE"))
        {
          g_autofree char *text = describe (focus);
          g_test_message ("%s", text);
        }
      if (focus == start)
        break;
      g_ptr_array_add (seen, focus);
    }
  g_assert_true (focus == start);

  lull_test_collect_widgets (GTK_WIDGET (window), GTK_TYPE_BUTTON, wanted);
  lull_test_collect_widgets (GTK_WIDGET (window), ADW_TYPE_EXPANDER_ROW, wanted);
  for (guint i = 0; i < wanted->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (wanted, i);
      g_autofree char *text = describe (widget);

      if (!gtk_widget_is_visible (widget) || !gtk_widget_is_sensitive (widget)
          || !gtk_widget_get_focusable (widget)
          || gtk_widget_get_ancestor (widget, ADW_TYPE_HEADER_BAR) != NULL)
        continue;
      if (widget != start && !reached (seen, widget))
        g_error ("Tab never reaches %s", text);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  lull_test_iterate ();
}

static GtkToggleButton *
preview_of (GtkWidget *row)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  lull_test_collect_widgets (row, GTK_TYPE_TOGGLE_BUTTON, buttons);
  g_assert_cmpuint (buttons->len, ==, 1);

  return g_ptr_array_index (buttons, 0);
}

/* One preview at a time: starting another lets the first one up. (Without
 * a sound server the player fails, and then neither stays down.) */
static void
test_one_preview (void)
{
  LullSoundLibraryWindow *window = open_library ();
  LullTrack *own = lull_track_library_lookup (lull_application_get_track_library (app), OWN_FILE);
  GListModel *tracks = lull_track_library_get_tracks (lull_application_get_track_library (app));
  g_autoptr(LullTrack) builtin = g_list_model_get_item (tracks, 0);
  GtkToggleButton *first, *second;

  g_assert_true (lull_track_get_builtin (builtin));
  first = preview_of (find_row (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                lull_track_get_title (own)));
  second = preview_of (find_row (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                 lull_track_get_title (builtin)));

  gtk_toggle_button_set_active (first, TRUE);
  lull_test_iterate ();
  gtk_toggle_button_set_active (second, TRUE);
  lull_test_iterate ();
  g_assert_false (gtk_toggle_button_get_active (first));

  gtk_toggle_button_set_active (second, FALSE);
  lull_test_iterate ();
  g_assert_false (gtk_toggle_button_get_active (first));
  g_assert_false (gtk_toggle_button_get_active (second));

  gtk_window_destroy (GTK_WINDOW (window));
  lull_test_iterate ();
}

static void
test_routine_choice (void)
{
  LullSoundLibraryWindow *window = open_library ();
  LullSoundChoices *choices = lull_application_get_sound_choices (app);
  LullTrack *own = lull_track_library_lookup (lull_application_get_track_library (app), OWN_FILE);
  g_autoptr(LullRoutine) routine = g_list_model_get_item (lull_application_get_routines (app), 0);
  GtkWidget *expander, *combo;
  GListModel *items;
  guint own_index = G_MAXUINT;

  expander = find_row (GTK_WIDGET (window), ADW_TYPE_EXPANDER_ROW, lull_routine_get_name (routine));
  g_assert_nonnull (expander);
  combo = find_row (expander, ADW_TYPE_COMBO_ROW, "Whole session");
  g_assert_nonnull (combo);

  /* Nothing chosen yet: the first item, the routine's own sound. */
  g_assert_null (lull_sound_choices_get (choices, lull_routine_get_id (routine), -1));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (combo)), ==, 0);

  items = adw_combo_row_get_model (ADW_COMBO_ROW (combo));
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), lull_track_get_title (own)) == 0)
        own_index = i;
    }
  g_assert_cmpuint (own_index, !=, G_MAXUINT);

  /* Picking a sound saves the choice… */
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), own_index);
  g_assert_cmpstr (lull_sound_choices_get (choices, lull_routine_get_id (routine), -1), ==,
                   OWN_FILE);

  /* …the first item forgets it… */
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 0);
  g_assert_null (lull_sound_choices_get (choices, lull_routine_get_id (routine), -1));

  /* …and a window opened later shows what is saved. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), own_index);
  gtk_window_destroy (GTK_WINDOW (window));
  window = open_library ();
  expander = find_row (GTK_WIDGET (window), ADW_TYPE_EXPANDER_ROW, lull_routine_get_name (routine));
  combo = find_row (expander, ADW_TYPE_COMBO_ROW, "Whole session");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (combo)), ==, own_index);

  gtk_window_destroy (GTK_WINDOW (window));
  lull_test_iterate ();
}

static void
test_rename (void)
{
  LullSoundLibraryWindow *window = open_library ();
  LullTrack *own = lull_track_library_lookup (lull_application_get_track_library (app), OWN_FILE);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "library.rename", "s", OWN_FILE));
  lull_test_iterate ();
  dialog = ADW_MESSAGE_DIALOG (lull_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);

  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, lull_track_get_title (own));
  /* An empty name cannot be saved. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "  Night song  ");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "rename"));
  adw_message_dialog_response (dialog, "rename");
  lull_test_iterate ();

  own = lull_track_library_lookup (lull_application_get_track_library (app), OWN_FILE);
  g_assert_cmpstr (lull_track_get_title (own), ==, "Night song");
  g_assert_nonnull (find_row (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Night song"));

  gtk_window_destroy (GTK_WINDOW (window));
  lull_test_iterate ();
}

static gboolean
script_shown (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static void
test_recorder_window (void)
{
  LullSoundLibraryWindow *library_window = open_library ();
  LullRecorderWindow *recorder;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) views = g_ptr_array_new ();
  GtkTextBuffer *buffer;
  GtkWidget *focus;
  gboolean found_time = FALSE;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (library_window), "library.record", NULL));
  lull_test_iterate ();
  recorder = LULL_RECORDER_WINDOW (lull_test_find_toplevel (LULL_TYPE_RECORDER_WINDOW));
  g_assert_nonnull (recorder);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (recorder)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (recorder))
                 == GTK_WINDOW (library_window));

  /* Record has the focus. */
  focus = gtk_window_get_focus (GTK_WINDOW (recorder));
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)), ==, "recorder.toggle");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (focus)), ==, "Record");

  /* The time so far, out of the limit. */
  lull_test_collect_widgets (GTK_WIDGET (recorder), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), "0:00 of 30:00") == 0)
      found_time = TRUE;
  g_assert_true (found_time);

  /* The full English script, in the bundled media. */
  lull_test_collect_widgets (GTK_WIDGET (recorder), GTK_TYPE_TEXT_VIEW, views);
  g_assert_cmpuint (views->len, ==, 1);
  lull_test_wait_for (script_shown, g_ptr_array_index (views, 0), 5);
  buffer = gtk_text_view_get_buffer (g_ptr_array_index (views, 0));
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), >, 200);
  g_assert_false (gtk_text_view_get_editable (g_ptr_array_index (views, 0)));

  g_assert_true (lull_test_has_shortcut (GTK_WIDGET (recorder), "Escape", "window.close"));

  /* Not recording: it closes at once. */
  gtk_window_close (GTK_WINDOW (recorder));
  lull_test_iterate ();
  g_assert_null (lull_test_find_toplevel (LULL_TYPE_RECORDER_WINDOW));

  gtk_window_destroy (GTK_WINDOW (library_window));
  lull_test_iterate ();
}

static void
test_delete (void)
{
  LullSoundLibraryWindow *window = open_library ();
  LullSoundChoices *choices = lull_application_get_sound_choices (app);
  g_autoptr(LullRoutine) routine = g_list_model_get_item (lull_application_get_routines (app), 0);
  g_autofree char *path = lull_data_root_build_filename (lull_application_get_data_root (app),
                                                         "audio", OWN_FILE, NULL);
  AdwMessageDialog *dialog;

  /* Chosen for a routine in test_routine_choice. */
  g_assert_cmpstr (lull_sound_choices_get (choices, lull_routine_get_id (routine), -1), ==,
                   OWN_FILE);

  /* Cancel keeps it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "library.delete", "s", OWN_FILE));
  lull_test_iterate ();
  dialog = ADW_MESSAGE_DIALOG (lull_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  adw_message_dialog_response (dialog, "cancel");
  lull_test_iterate ();
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "library.delete", "s", OWN_FILE));
  lull_test_iterate ();
  dialog = ADW_MESSAGE_DIALOG (lull_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (dialog, "delete");
  lull_test_iterate ();

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (lull_track_library_lookup (lull_application_get_track_library (app), OWN_FILE));
  /* The routine goes back to its own sound. */
  g_assert_null (lull_sound_choices_get (choices, lull_routine_get_id (routine), -1));

  /* Nothing of the parent's own: the hint and its Add Sound… button. */
  g_assert_null (find_row (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Night song"));
  g_assert_nonnull (lull_test_find_button_with_action (GTK_WIDGET (window), "library.add"));

  gtk_window_destroy (GTK_WINDOW (window));
  lull_test_iterate ();
}

static GstElement *
make_source (const char *description)
{
  g_autoptr(GError) error = NULL;
  GstElement *bin;

  bin = gst_parse_bin_from_description (description, TRUE, &error);
  g_assert_no_error (error);

  return bin;
}

/* A recorder window on a test source instead of the microphone. */
static LullRecorderWindow *
open_recorder (GtkWindow  *parent,
               const char *source,
               guint       max_seconds)
{
  g_autoptr(LullRecorder) recorder = lull_recorder_new (make_source (source));
  LullRecorderWindow *window;

  lull_recorder_set_max_seconds (recorder, max_seconds);
  window = g_object_new (LULL_TYPE_RECORDER_WINDOW,
                         "application", app,
                         "transient-for", parent,
                         "recorder", recorder,
                         NULL);
  gtk_window_present (GTK_WINDOW (window));
  lull_test_iterate ();

  return window;
}

static GtkWidget *
find_alert (GtkWidget *root)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  lull_test_collect_widgets (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_accessible_get_accessible_role (g_ptr_array_index (labels, i))
        == GTK_ACCESSIBLE_ROLE_ALERT)
      return g_ptr_array_index (labels, i);

  return NULL;
}

/* Saved and closed, or stopped on an error (then said, to fail on). */
static gboolean
recorder_window_gone (gpointer data)
{
  GtkWindow *window = lull_test_find_toplevel (LULL_TYPE_RECORDER_WINDOW);
  GtkWidget *alert = window != NULL ? find_alert (GTK_WIDGET (window)) : NULL;

  if (alert != NULL && gtk_widget_get_visible (alert))
    g_error ("The recorder said: %s", gtk_label_get_text (GTK_LABEL (alert)));

  return window == NULL;
}

static gboolean
hears_sound (gpointer data)
{
  return lull_recorder_get_recording (data) && lull_recorder_get_level (data) > 0.0;
}

static gboolean
is_recording (gpointer data)
{
  return lull_recorder_get_recording (data);
}

static gboolean
label_shown (gpointer data)
{
  return gtk_widget_get_visible (data) && gtk_label_get_text (data)[0] != '\0';
}

static void
on_recording_saved (LullRecorderWindow  *window,
                    LullTrack           *track,
                    LullTrack          **saved)
{
  g_assert_null (*saved);
  *saved = g_object_ref (track);
}

static guint
count_recordings (void)
{
  g_autofree char *folder = lull_data_root_build_filename (lull_application_get_data_root (app),
                                                           "recordings", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint count = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "Recording ") && g_str_has_suffix (name, ".opus"))
      count++;

  return count;
}

/* The recorder stops by itself at its limit, and the recording is saved
 * as if Stop had been pressed: the window closes and the library lists
 * it. */
static void
test_record_saved (void)
{
  LullSoundLibraryWindow *library_window = open_library ();
  LullRecorderWindow *window;
  LullRecorder *recorder;
  g_autoptr(LullTrack) saved = NULL;

  window = open_recorder (GTK_WINDOW (library_window), "audiotestsrc is-live=true wave=sine", 60);
  recorder = lull_recorder_window_get_recorder (window);
  g_signal_connect (window, "recording-saved", G_CALLBACK (on_recording_saved), &saved);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "recorder.toggle", NULL));
  /* Once sound comes in (a slow, instrumented build takes a while to get
   * there), the limit is brought down to what was recorded. */
  lull_test_wait_for (hears_sound, recorder, 30);
  lull_recorder_set_max_seconds (recorder, 1);
  lull_test_wait_for (recorder_window_gone, NULL, 30);

  g_assert_nonnull (saved);
  g_assert_cmpint (lull_track_get_kind (saved), ==, LULL_TRACK_KIND_RECORDING);
  g_assert_true (g_str_has_prefix (lull_track_get_id (saved), "Recording "));
  g_assert_true (lull_track_id_is_valid (lull_track_get_id (saved)));
  g_assert_cmpuint (count_recordings (), ==, 1);
  g_assert_nonnull (find_row (GTK_WIDGET (library_window), ADW_TYPE_ACTION_ROW,
                              lull_track_get_title (saved)));

  gtk_window_destroy (GTK_WINDOW (library_window));
  lull_test_iterate ();
}

/* A device that fails: its sentence, with the role of an alert, and
 * Record again. */
static void
test_record_failed (void)
{
  LullSoundLibraryWindow *library_window = open_library ();
  LullRecorderWindow *window;
  GtkWidget *alert;
  GtkWidget *focus;

  window = open_recorder (GTK_WINDOW (library_window),
                          "audiotestsrc is-live=true samplesperbuffer=441 "
                          "! identity error-after=50", 60);
  alert = find_alert (GTK_WIDGET (window));
  g_assert_nonnull (alert);
  g_assert_false (gtk_widget_get_visible (alert));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "recorder.toggle", NULL));
  lull_test_wait_for (label_shown, alert, 30);
  g_test_message ("%s", gtk_label_get_text (GTK_LABEL (alert)));

  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (focus)), ==, "Record");
  g_assert_cmpuint (count_recordings (), ==, 1);

  gtk_window_close (GTK_WINDOW (window));
  lull_test_iterate ();
  g_assert_null (lull_test_find_toplevel (LULL_TYPE_RECORDER_WINDOW));
  gtk_window_destroy (GTK_WINDOW (library_window));
  lull_test_iterate ();
}

/* Closing while recording asks; going on is the default, and Discard
 * leaves nothing behind. */
static void
test_close_while_recording (void)
{
  LullSoundLibraryWindow *library_window = open_library ();
  LullRecorderWindow *window;
  LullRecorder *recorder;
  AdwMessageDialog *dialog;

  window = open_recorder (GTK_WINDOW (library_window), "audiotestsrc is-live=true wave=sine", 60);
  recorder = lull_recorder_window_get_recorder (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "recorder.toggle", NULL));
  lull_test_wait_for (is_recording, recorder, 10);

  gtk_window_close (GTK_WINDOW (window));
  lull_test_iterate ();
  dialog = ADW_MESSAGE_DIALOG (lull_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "keep");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "keep");
  adw_message_dialog_response (dialog, "keep");
  lull_test_iterate ();
  g_assert_true (lull_recorder_get_recording (recorder));
  g_assert_nonnull (lull_test_find_toplevel (LULL_TYPE_RECORDER_WINDOW));

  gtk_window_close (GTK_WINDOW (window));
  lull_test_iterate ();
  dialog = ADW_MESSAGE_DIALOG (lull_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (dialog, "discard");
  lull_test_iterate ();
  g_assert_null (lull_test_find_toplevel (LULL_TYPE_RECORDER_WINDOW));
  g_assert_cmpuint (count_recordings (), ==, 1);

  gtk_window_destroy (GTK_WINDOW (library_window));
  lull_test_iterate ();
}

/* Half a second of silence: 8 kHz, 16-bit mono PCM. */
static void
write_wav (const char *path)
{
  const guint32 samples = 4000;
  const guint32 data_bytes = samples * 2;
  g_autoptr(GByteArray) wav = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint8 *silence = g_malloc0 (data_bytes);
  guint32 u32;
  guint16 u16;

#define PUT(value) g_byte_array_append (wav, (const guint8 *)&(value), sizeof (value))
  g_byte_array_append (wav, (const guint8 *)"RIFF", 4);
  u32 = GUINT32_TO_LE (36 + data_bytes); PUT (u32);
  g_byte_array_append (wav, (const guint8 *)"WAVEfmt ", 8);
  u32 = GUINT32_TO_LE (16); PUT (u32);
  u16 = GUINT16_TO_LE (1); PUT (u16);          /* PCM */
  u16 = GUINT16_TO_LE (1); PUT (u16);          /* mono */
  u32 = GUINT32_TO_LE (8000); PUT (u32);       /* rate */
  u32 = GUINT32_TO_LE (16000); PUT (u32);      /* bytes a second */
  u16 = GUINT16_TO_LE (2); PUT (u16);          /* block */
  u16 = GUINT16_TO_LE (16); PUT (u16);         /* bits */
  g_byte_array_append (wav, (const guint8 *)"data", 4);
  u32 = GUINT32_TO_LE (data_bytes); PUT (u32);
#undef PUT
  g_byte_array_append (wav, silence, data_bytes);
  g_free (silence);

  g_file_set_contents (path, (const char *)wav->data, wav->len, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dir = NULL;
  g_autofree char *audio_dir = NULL;
  g_autofree char *own_file = NULL;
  char *app_argv[] = { (char *)"lull", (char *)"--data-dir", NULL, NULL };
  int status;

  /* The scripts and titles are checked in English. */
  g_setenv ("LANGUAGE", "C", TRUE);

  g_test_init (&argc, &argv, NULL);

  /* In this order: each builds on what the one before left. */
  g_test_add_func ("/sound-library/rows", test_rows);
  g_test_add_func ("/sound-library/one-preview", test_one_preview);
  g_test_add_func ("/sound-library/tab-order", test_tab_order);
  g_test_add_func ("/sound-library/routine-choice", test_routine_choice);
  g_test_add_func ("/sound-library/rename", test_rename);
  g_test_add_func ("/sound-library/recorder-window", test_recorder_window);
  g_test_add_func ("/sound-library/delete", test_delete);
  g_test_add_func ("/sound-library/record-saved", test_record_saved);
  g_test_add_func ("/sound-library/record-failed", test_record_failed);
  g_test_add_func ("/sound-library/close-while-recording", test_close_while_recording);

  data_dir = g_dir_make_tmp ("lull-ui-sounds-XXXXXX", NULL);
  audio_dir = g_build_filename (data_dir, "audio", NULL);
  g_assert_cmpint (g_mkdir (audio_dir, 0700), ==, 0);
  own_file = g_build_filename (audio_dir, OWN_FILE, NULL);
  write_wav (own_file);
  app_argv[2] = data_dir;

  app = lull_application_new ();
  status = lull_test_run_in_application (G_APPLICATION (app), 3, app_argv);
  g_assert_finalize_object (app);

  return status;
}
