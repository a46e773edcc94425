/* lull-sound-library-window.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lull-accessible.h"
#include "lull-player.h"
#include "lull-recorder-window.h"
#include "lull-sound-library-window.h"
#include "lull-toast.h"

/* The tracks come from LullTrackLibrary and the choices from
 * LullSoundChoices; this window only shows them and hands the parent's
 * wishes back. Rows are made here from the library's model (a template
 * per row would be a class of its own for a few widgets). A preview plays
 * through one LullPlayer of the window's own, one track at a time, and
 * stops when the window goes away, so that a forgotten preview never
 * plays over a session. */

/* A large, easy target for the buttons in each row (WCAG's 44 px). */
#define ROW_BUTTON_SIZE 44

struct _LullSoundLibraryWindow
{
  AdwWindow             parent_instance;

  LullApplication      *application;
  LullTrackLibrary     *library;
  LullSoundChoices     *choices;
  GListModel           *routines;
  GtkFilterListModel   *own_tracks;
  GtkFilterListModel   *builtin_tracks;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;

  LullPlayer           *player;
  GtkToggleButton      *preview_button;   /* weak: the row of the track playing */
  gboolean              preview_started;  /* the player said PLAYING since */
  gboolean              syncing_preview;

  /* The combo rows of "Sounds in Routines", for refreshing their lists
   * when tracks come and go. Not owned: a row leaves on destroy. */
  GPtrArray            *combos;
  gboolean              syncing_combos;

  AdwToastOverlay      *toast_overlay;
  GtkScrolledWindow    *scroller;
  GtkWidget            *add_button;
  GtkListBox           *own_list;
  GtkWidget            *own_empty;
  GtkWidget            *empty_add_button;
  GtkListBox           *builtin_list;
  GtkListBox           *routines_list;
};

G_DEFINE_FINAL_TYPE (LullSoundLibraryWindow, lull_sound_library_window, ADW_TYPE_WINDOW)

/* What a combo row of "Sounds in Routines" stands for. */
typedef struct
{
  LullRoutine *routine;
  int          step;   /* -1: the whole session */
  GPtrArray   *ids;    /* the track id of each item; NULL for the first */
} ComboInfo;

static void
combo_info_free (gpointer data)
{
  ComboInfo *info = data;

  g_clear_object (&info->routine);
  g_clear_pointer (&info->ids, g_ptr_array_unref);
  g_free (info);
}

static const char *
kind_label (LullTrackKind kind)
{
  switch (kind)
    {
    case LULL_TRACK_KIND_IMAGERY:
      return _("Guided imagery");
    case LULL_TRACK_KIND_SOUNDSCAPE:
      return _("Soundscape");
    case LULL_TRACK_KIND_RECORDING:
      return _("Your recording");
    case LULL_TRACK_KIND_OWN:
    default:
      return _("Your sound file");
    }
}

/* “12:30”, or “1:02:03” from an hour on. */
static char *
format_duration (gint64 nanoseconds)
{
  guint64 seconds = ((guint64)nanoseconds + G_GUINT64_CONSTANT (500000000)) / 1000000000;

  if (seconds >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", (guint)(seconds / 3600),
                            (guint)(seconds / 60 % 60), (guint)(seconds % 60));

  return g_strdup_printf ("%u:%02u", (guint)(seconds / 60), (guint)(seconds % 60));
}

static LullTrack *
row_get_track (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "lull-track");
}

/* The subtitle says what kind of sound it is and how long it lasts; while
 * the length is not known yet, nothing rather than a guess, and when the
 * track cannot play, why. */
static void
update_track_row (GtkWidget *row)
{
  LullTrack *track = row_get_track (row);
  GtkWidget *preview = g_object_get_data (G_OBJECT (row), "lull-preview");
  GtkWidget *rename = g_object_get_data (G_OBJECT (row), "lull-rename");
  GtkWidget *delete = g_object_get_data (G_OBJECT (row), "lull-delete");
  const char *title = lull_track_get_title (track);
  const char *problem = lull_track_get_problem (track);
  gint64 duration = lull_track_get_duration (track);
  g_autofree char *subtitle = NULL;
  g_autofree char *label = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);

  if (problem != NULL)
    {
      subtitle = g_strdup (problem);
    }
  else if (duration >= 0)
    {
      g_autofree char *length = format_duration (duration);

      /* Translators: a kind of sound and its length, as in “Soundscape · 12:30”. */
      subtitle = g_strdup_printf (_("%s · %s"), kind_label (lull_track_get_kind (track)), length);
    }
  else
    {
      subtitle = g_strdup (kind_label (lull_track_get_kind (track)));
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  /* A track that cannot play is not offered for a preview. Discovery may
   * say so while its button has the focus, which then stays on the row
   * rather than falling out of the window. */
  if (problem != NULL && gtk_widget_has_focus (preview))
    gtk_widget_grab_focus (row);
  gtk_widget_set_sensitive (preview, problem == NULL);

  /* Translators: the accessible name of a track's preview button. */
  label = g_strdup_printf (_("Preview “%s”"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (preview),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);

  if (rename != NULL)
    {
      g_free (label);
      /* Translators: the accessible name of a track's rename button. */
      label = g_strdup_printf (_("Rename “%s”"), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (rename),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }

  if (delete != NULL)
    {
      g_free (label);
      /* Translators: the accessible name of a track's delete button. */
      label = g_strdup_printf (_("Delete “%s”"), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (delete),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }
}

static void
on_track_notify (LullTrack  *track,
                 GParamSpec *pspec,
                 GtkWidget  *row)
{
  update_track_row (row);
}

static void
show_preview_icon (GtkToggleButton *button)
{
  gboolean active = gtk_toggle_button_get_active (button);

  gtk_button_set_icon_name (GTK_BUTTON (button),
                            active ? "media-playback-stop-symbolic"
                                   : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), active ? _("Stop") : _("Preview"));
}

/* The preview's button is let up without starting or stopping anything. */
static void
end_preview (LullSoundLibraryWindow *self)
{
  GtkToggleButton *button = self->preview_button;

  if (button == NULL)
    return;

  g_clear_weak_pointer (&self->preview_button);
  self->syncing_preview = TRUE;
  gtk_toggle_button_set_active (button, FALSE);
  self->syncing_preview = FALSE;
}

static void
stop_preview (LullSoundLibraryWindow *self)
{
  end_preview (self);
  if (self->player != NULL)
    lull_player_stop_now (self->player);
}

static void
on_player_state (LullPlayer             *player,
                 GParamSpec             *pspec,
                 LullSoundLibraryWindow *self)
{
  LullPlayerState state = lull_player_get_state (player);

  /* A stop that belongs to the track before this one (set_track stops
   * it) comes before this one has ever played, and is not its end. */
  if (state == LULL_PLAYER_STATE_PLAYING)
    self->preview_started = TRUE;
  else if (state == LULL_PLAYER_STATE_STOPPED && self->preview_started)
    end_preview (self);
}

static void
on_player_error (LullPlayer             *player,
                 GError                 *error,
                 LullSoundLibraryWindow *self)
{
  lull_toast_show (self->toast_overlay, error->message);
  stop_preview (self);
}

static gboolean
has_property (gpointer    object,
              const char *name)
{
  return g_object_class_find_property (G_OBJECT_GET_CLASS (object), name) != NULL;
}

static gboolean
settings_have_key (GSettings  *settings,
                   const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);

  return schema != NULL && g_settings_schema_has_key (schema, key);
}

/* Made on the first preview: a window opened only to pick a sound for a
 * routine never builds a pipeline. */
static LullPlayer *
ensure_player (LullSoundLibraryWindow *self)
{
  GSettings *settings;

  if (self->player != NULL)
    return self->player;

  self->player = lull_player_new (NULL);
  g_signal_connect_object (self->player, "notify::state", G_CALLBACK (on_player_state), self, 0);
  g_signal_connect_object (self->player, "error", G_CALLBACK (on_player_error), self, 0);

  /* A preview is as loud as a session, so that what the parent hears here
   * is what a session will sound like. */
  settings = lull_application_get_settings (self->application);
  if (settings_have_key (settings, "sound-volume") && has_property (self->player, "volume"))
    g_settings_bind (settings, "sound-volume", self->player, "volume", G_SETTINGS_BIND_GET);
  if (settings_have_key (settings, "sound-muted") && has_property (self->player, "muted"))
    g_settings_bind (settings, "sound-muted", self->player, "muted", G_SETTINGS_BIND_GET);

  return self->player;
}

static void
on_preview_toggled (GtkToggleButton        *button,
                    LullSoundLibraryWindow *self)
{
  LullTrack *track = g_object_get_data (G_OBJECT (button), "lull-track");
  LullPlayer *player;

  show_preview_icon (button);

  if (self->syncing_preview)
    return;

  if (!gtk_toggle_button_get_active (button))
    {
      if (button == self->preview_button)
        stop_preview (self);
      return;
    }

  /* One preview at a time: the other button is let up. */
  end_preview (self);
  g_set_weak_pointer (&self->preview_button, button);
  self->preview_started = FALSE;

  player = ensure_player (self);
  /* Played once, not looped: a preview ends by itself. */
  lull_player_set_track (player, lull_track_get_file (track), lull_track_get_title (track), FALSE);
  lull_player_play (player);
}

/* A row goes when its track is deleted, or moves when it is renamed: a
 * preview whose button has gone has no way left to be stopped. */
static void
on_preview_destroy (GtkWidget              *button,
                    LullSoundLibraryWindow *self)
{
  if (GTK_TOGGLE_BUTTON (button) == self->preview_button)
    stop_preview (self);
}

static GtkWidget *
new_row_button (const char *icon_name,
                const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (button, ROW_BUTTON_SIZE, ROW_BUTTON_SIZE);
  gtk_widget_set_tooltip_text (button, tooltip);

  return button;
}

static GtkWidget *
create_track_row (gpointer item,
                  gpointer user_data)
{
  LullSoundLibraryWindow *self = user_data;
  LullTrack *track = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *preview = gtk_toggle_button_new ();

  /* Titles are file names and the parent's words, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  g_object_set_data_full (G_OBJECT (row), "lull-track", g_object_ref (track), g_object_unref);

  gtk_widget_set_valign (preview, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (preview, ROW_BUTTON_SIZE, ROW_BUTTON_SIZE);
  g_object_set_data_full (G_OBJECT (preview), "lull-track", g_object_ref (track), g_object_unref);
  show_preview_icon (GTK_TOGGLE_BUTTON (preview));
  g_signal_connect_object (preview, "toggled", G_CALLBACK (on_preview_toggled), self, 0);
  g_signal_connect_object (preview, "destroy", G_CALLBACK (on_preview_destroy), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), preview);
  g_object_set_data (G_OBJECT (row), "lull-preview", preview);

  if (!lull_track_get_builtin (track))
    {
      GtkWidget *rename = new_row_button ("document-edit-symbolic", _("Rename"));
      GtkWidget *delete = new_row_button ("user-trash-symbolic", _("Delete"));

      gtk_actionable_set_action_name (GTK_ACTIONABLE (rename), "library.rename");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (rename), "s", lull_track_get_id (track));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (delete), "library.delete");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (delete), "s", lull_track_get_id (track));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), rename);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);
      g_object_set_data (G_OBJECT (row), "lull-rename", rename);
      g_object_set_data (G_OBJECT (row), "lull-delete", delete);
    }

  update_track_row (row);
  g_signal_connect_object (track, "notify::title", G_CALLBACK (on_track_notify), row, 0);
  g_signal_connect_object (track, "notify::duration", G_CALLBACK (on_track_notify), row, 0);
  g_signal_connect_object (track, "notify::problem", G_CALLBACK (on_track_notify), row, 0);

  return row;
}

static gboolean
track_is_builtin (gpointer item,
                  gpointer user_data)
{
  return lull_track_get_builtin (item);
}

static gboolean
track_is_own (gpointer item,
              gpointer user_data)
{
  return !lull_track_get_builtin (item);
}

static void
update_own_empty (LullSoundLibraryWindow *self)
{
  gboolean empty;

  if (self->own_tracks == NULL)
    return;

  empty = g_list_model_get_n_items (G_LIST_MODEL (self->own_tracks)) == 0;

  /* One Add Sound… button at a time: the big one beside the hint while
   * there is nothing, the one in the header once there is. */
  gtk_widget_set_visible (GTK_WIDGET (self->own_list), !empty);
  gtk_widget_set_visible (self->own_empty, empty);
  gtk_widget_set_visible (self->add_button, !empty);
}

static void
on_own_items_changed (GListModel             *model,
                      guint                   position,
                      guint                   removed,
                      guint                   added,
                      LullSoundLibraryWindow *self)
{
  update_own_empty (self);
}

static char *
missing_label (const char *id)
{
  /* Translators: a sound named by a routine or chosen for one, whose file
   * is gone; the id is a file name or “builtin:NAME”. */
  return g_strdup_printf (_("%s (not found)"), id);
}

static char *
track_title_for (LullSoundLibraryWindow *self,
                 const char             *id)
{
  LullTrack *track = lull_track_library_lookup (self->library, id);

  return track != NULL ? g_strdup (lull_track_get_title (track)) : missing_label (id);
}

/* Closed, a routine's row still says what plays through it. */
static void
update_routine_subtitle (LullSoundLibraryWindow *self,
                         GtkWidget              *row)
{
  LullRoutine *routine = g_object_get_data (G_OBJECT (row), "lull-routine");
  const char *id = lull_sound_choices_get (self->choices, lull_routine_get_id (routine), -1);
  g_autofree char *subtitle = NULL;

  if (id == NULL)
    id = lull_routine_get_audio (routine);

  if (id != NULL)
    {
      g_autofree char *title = track_title_for (self, id);

      /* Translators: what plays through a whole routine, as in “Whole session: Rain”. */
      subtitle = g_strdup_printf (_("Whole session: %s"), title);
    }
  else
    {
      subtitle = g_strdup (_("No sound through the whole session"));
    }

  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
}

static void
update_routine_subtitles (LullSoundLibraryWindow *self)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->routines_list, i)) != NULL; i++)
    update_routine_subtitle (self, GTK_WIDGET (row));
}

static void
on_choices_changed (LullSoundChoices       *choices,
                    LullSoundLibraryWindow *self)
{
  update_routine_subtitles (self);
}

/* What the first item of a combo says: what plays when the parent has
 * not picked anything, which is what the routine file says. The choices
 * can only forget, never silence a sound the routine names, so this item
 * names that sound rather than promising “None”. */
static char *
first_item_label (LullSoundLibraryWindow *self,
                  ComboInfo              *info)
{
  const char *own;

  if (info->step < 0)
    own = lull_routine_get_audio (info->routine);
  else
    own = lull_step_get_audio (lull_routine_get_step (info->routine, info->step));

  if (own != NULL)
    {
      g_autofree char *title = track_title_for (self, own);

      /* Translators: the sound a routine file names, as in “Routine’s own: Rain”. */
      return g_strdup_printf (_("Routine’s own: %s"), title);
    }

  if (info->step < 0)
    return g_strdup (_("None"));

  return g_strdup (_("Same as the whole session"));
}

static void
refresh_combo (LullSoundLibraryWindow *self,
               AdwComboRow            *row)
{
  ComboInfo *info = g_object_get_data (G_OBJECT (row), "lull-combo");
  GListModel *tracks = lull_track_library_get_tracks (self->library);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *first = first_item_label (self, info);
  const char *chosen;
  guint selected = 0;

  chosen = lull_sound_choices_get (self->choices, lull_routine_get_id (info->routine), info->step);

  g_ptr_array_set_size (info->ids, 0);
  gtk_string_list_append (names, first);
  g_ptr_array_add (info->ids, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (tracks); i++)
    {
      g_autoptr(LullTrack) track = g_list_model_get_item (tracks, i);

      gtk_string_list_append (names, lull_track_get_title (track));
      g_ptr_array_add (info->ids, g_strdup (lull_track_get_id (track)));
      if (g_strcmp0 (chosen, lull_track_get_id (track)) == 0)
        selected = i + 1;
    }

  /* A choice whose file has gone is shown as it is, not as another one. */
  if (chosen != NULL && selected == 0)
    {
      g_autofree char *missing = missing_label (chosen);

      gtk_string_list_append (names, missing);
      g_ptr_array_add (info->ids, g_strdup (chosen));
      selected = info->ids->len - 1;
    }

  self->syncing_combos = TRUE;
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  self->syncing_combos = FALSE;
}

static void
refresh_combos (LullSoundLibraryWindow *self)
{
  for (guint i = 0; i < self->combos->len; i++)
    refresh_combo (self, g_ptr_array_index (self->combos, i));
}

static void
on_library_items_changed (GListModel             *model,
                          guint                   position,
                          guint                   removed,
                          guint                   added,
                          LullSoundLibraryWindow *self)
{
  refresh_combos (self);
  update_routine_subtitles (self);
}

static void
on_combo_selected (AdwComboRow            *row,
                   GParamSpec             *pspec,
                   LullSoundLibraryWindow *self)
{
  ComboInfo *info = g_object_get_data (G_OBJECT (row), "lull-combo");
  g_autoptr(GError) error = NULL;
  guint selected = adw_combo_row_get_selected (row);
  const char *id;

  if (self->syncing_combos || selected >= info->ids->len)
    return;

  id = g_ptr_array_index (info->ids, selected);
  if (!lull_sound_choices_set (self->choices, lull_routine_get_id (info->routine), info->step,
                               id, &error))
    {
      lull_toast_show (self->toast_overlay, error->message);
      /* Back to what is saved. */
      refresh_combo (self, row);
    }
}

static void
on_combo_destroy (GtkWidget              *row,
                  LullSoundLibraryWindow *self)
{
  g_ptr_array_remove_fast (self->combos, row);
}

static GtkWidget *
new_combo_row (LullSoundLibraryWindow *self,
               LullRoutine            *routine,
               int                     step,
               const char             *title)
{
  GtkWidget *row = adw_combo_row_new ();
  ComboInfo *info = g_new0 (ComboInfo, 1);

  info->routine = g_object_ref (routine);
  info->step = step;
  info->ids = g_ptr_array_new_with_free_func (g_free);
  g_object_set_data_full (G_OBJECT (row), "lull-combo", info, combo_info_free);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* The choice below the title, where a long name (or large text) has
   * room, rather than squeezed beside it. */
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), TRUE);

  refresh_combo (self, ADW_COMBO_ROW (row));
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_combo_selected), self, 0);
  g_ptr_array_add (self->combos, row);
  g_signal_connect_object (row, "destroy", G_CALLBACK (on_combo_destroy), self, 0);

  return row;
}

static gboolean
step_takes_a_sound (LullStep *step)
{
  return lull_step_get_kind (step) == LULL_STEP_KIND_IMAGERY || lull_step_get_audio (step) != NULL;
}

static GtkWidget *
create_routine_row (gpointer item,
                    gpointer user_data)
{
  LullSoundLibraryWindow *self = user_data;
  LullRoutine *routine = item;
  GtkWidget *row = adw_expander_row_new ();
  guint n_steps = lull_routine_get_n_steps (routine);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lull_routine_get_name (routine));
  g_object_set_data_full (G_OBJECT (row), "lull-routine", g_object_ref (routine), g_object_unref);
  update_routine_subtitle (self, row);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            new_combo_row (self, routine, -1, _("Whole session")));

  for (guint i = 0; i < n_steps; i++)
    {
      LullStep *step = lull_routine_get_step (routine, i);
      g_autofree char *title = NULL;
      GtkWidget *combo;

      if (!step_takes_a_sound (step))
        continue;

      /* Translators: a step of a routine and its prompt, as in
       * “Step 4: Picture your baby…”. */
      title = g_strdup_printf (_("Step %u: %s"), i + 1, lull_step_get_prompt (step));
      combo = new_combo_row (self, routine, (int)i, title);
      /* The whole prompt stays the accessible name; one line is shown. */
      adw_action_row_set_title_lines (ADW_ACTION_ROW (combo), 1);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), combo);
    }

  return row;
}

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LullSoundLibraryWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  LullTrack *track;

  track = lull_track_library_import_finish (LULL_TRACK_LIBRARY (source), result, &error);
  if (track == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        lull_toast_show (self->toast_overlay, error->message);
      return;
    }

  /* Translators: a sound file the parent just added. */
  text = g_strdup_printf (_("“%s” added"), lull_track_get_title (track));
  lull_toast_show (self->toast_overlay, text);
}

static void
import_file (LullSoundLibraryWindow *self,
             GFile                  *file)
{
  lull_track_library_import_async (self->library, file, self->cancellable,
                                   on_imported, g_object_ref (self));
}

static void
on_chooser_response (GtkNativeDialog        *chooser,
                     int                     response,
                     LullSoundLibraryWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          import_file (self, file);
        }
    }

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static gboolean
on_drop (GtkDropTarget          *target,
         const GValue           *value,
         double                  x,
         double                  y,
         LullSoundLibraryWindow *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    import_file (self, l->data);
  g_slist_free (files);

  return TRUE;
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  LullSoundLibraryWindow *self = LULL_SOUND_LIBRARY_WINDOW (widget);
  GtkFileFilter *filter;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Add Sounds"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Add"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Sound files"));
  gtk_file_filter_add_mime_type (filter, "audio/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_object_unref (filter);

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_recording_saved (LullRecorderWindow     *recorder,
                    LullTrack              *track,
                    LullSoundLibraryWindow *self)
{
  lull_toast_show (self->toast_overlay, _("Recording saved"));
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LullSoundLibraryWindow *self = LULL_SOUND_LIBRARY_WINDOW (widget);
  LullRecorderWindow *recorder;

  /* Recording and a preview at once would record the preview. */
  stop_preview (self);

  recorder = lull_recorder_window_new (self->application, GTK_WINDOW (self));
  g_signal_connect_object (recorder, "recording-saved", G_CALLBACK (on_recording_saved), self, 0);
  gtk_window_present (GTK_WINDOW (recorder));
}

static LullTrack *
lookup_own_track (LullSoundLibraryWindow *self,
                  GVariant               *parameter)
{
  LullTrack *track = lull_track_library_lookup (self->library,
                                                g_variant_get_string (parameter, NULL));

  return track != NULL && !lull_track_get_builtin (track) ? track : NULL;
}

/* A renamed track moves to its place by title, in a new row: the focus
 * follows it. */
static void
focus_row_button (LullSoundLibraryWindow *self,
                  LullTrack              *track,
                  const char             *button)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->own_list, i)) != NULL; i++)
    {
      if (row_get_track (GTK_WIDGET (row)) == track)
        {
          gtk_widget_grab_focus (g_object_get_data (G_OBJECT (row), button));
          return;
        }
    }
}

static void
on_rename_entry_changed (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "rename", text[0] != '\0');
}

static void
on_rename_response (AdwMessageDialog       *dialog,
                    const char             *response,
                    LullSoundLibraryWindow *self)
{
  LullTrack *track = g_object_get_data (G_OBJECT (dialog), "lull-track");
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *title = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "rename"))
    return;

  title = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  if (title[0] == '\0' || g_strcmp0 (title, lull_track_get_title (track)) == 0)
    return;

  if (!lull_track_library_rename (self->library, track, title, &error))
    {
      lull_toast_show (self->toast_overlay, error->message);
      return;
    }

  refresh_combos (self);
  update_routine_subtitles (self);
  focus_row_button (self, track, "lull-rename");
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LullSoundLibraryWindow *self = LULL_SOUND_LIBRARY_WINDOW (widget);
  LullTrack *track = lookup_own_track (self, parameter);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (track == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Rename Sound"),
                                                       _("The new name is shown here and in "
                                                         "your routines.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "rename");
  adw_message_dialog_set_close_response (dialog, "cancel");

  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), lull_track_get_title (track));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  /* What the library keeps of a title (docs/sound-library.md). */
  gtk_entry_set_max_length (GTK_ENTRY (entry), 120);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"),
                                  -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_rename_entry_changed), dialog, 0);

  g_object_set_data_full (G_OBJECT (dialog), "lull-track", g_object_ref (track), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  /* Ready to type over. */
  gtk_widget_grab_focus (entry);
  gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
}

/* A routine that named the deleted track goes back to its own sounds,
 * rather than keeping a choice that can never play. */
static void
forget_choices_of (LullSoundLibraryWindow *self,
                   const char             *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (self->routines); i++)
    {
      g_autoptr(LullRoutine) routine = g_list_model_get_item (self->routines, i);
      const char *routine_id = lull_routine_get_id (routine);

      for (int step = -1; step < (int)lull_routine_get_n_steps (routine); step++)
        {
          g_autoptr(GError) error = NULL;

          if (g_strcmp0 (lull_sound_choices_get (self->choices, routine_id, step), id) != 0)
            continue;
          if (!lull_sound_choices_set (self->choices, routine_id, step, NULL, &error))
            {
              lull_toast_show (self->toast_overlay, error->message);
              return;
            }
        }
    }
}

static void
on_delete_response (AdwMessageDialog       *dialog,
                    const char             *response,
                    LullSoundLibraryWindow *self)
{
  LullTrack *track = g_object_get_data (G_OBJECT (dialog), "lull-track");
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "delete"))
    return;

  if (self->preview_button != NULL
      && g_object_get_data (G_OBJECT (self->preview_button), "lull-track") == track)
    stop_preview (self);

  id = g_strdup (lull_track_get_id (track));
  title = g_strdup (lull_track_get_title (track));
  if (!lull_track_library_delete (self->library, track, &error))
    {
      lull_toast_show (self->toast_overlay, error->message);
      return;
    }

  forget_choices_of (self, id);
  refresh_combos (self);

  /* The row that had the focus is gone. */
  gtk_widget_grab_focus (gtk_widget_get_visible (self->add_button)
                         ? self->add_button : self->empty_add_button);

  /* Translators: a sound file the parent just deleted. */
  text = g_strdup_printf (_("“%s” deleted"), title);
  lull_toast_show (self->toast_overlay, text);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LullSoundLibraryWindow *self = LULL_SOUND_LIBRARY_WINDOW (widget);
  LullTrack *track = lookup_own_track (self, parameter);
  AdwMessageDialog *dialog;

  if (track == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL,
                                                       _("The sound file is removed from "
                                                         "Lull’s folder. Routines that use it "
                                                         "go back to their own sounds.")));
  /* Translators: the heading of the question before a sound is deleted. */
  adw_message_dialog_format_heading (dialog, _("Delete “%s”?"), lull_track_get_title (track));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  g_object_set_data_full (G_OBJECT (dialog), "lull-track", g_object_ref (track), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
first_playable_preview (GtkListBox *list)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    {
      GtkWidget *preview = g_object_get_data (G_OBJECT (row), "lull-preview");

      if (preview != NULL && gtk_widget_get_sensitive (preview))
        return preview;
    }

  return NULL;
}

/* The first Preview that can play, in the order of the window, or Add
 * Sound…: the one beside the hint while the parent has no sounds of
 * their own, the one in the header when none of the tracks can play. */
static void
focus_first_control (LullSoundLibraryWindow *self)
{
  GtkWidget *focus = first_playable_preview (self->own_list);

  if (focus == NULL && gtk_widget_get_visible (self->own_empty))
    focus = self->empty_add_button;
  if (focus == NULL)
    focus = first_playable_preview (self->builtin_list);
  if (focus == NULL)
    focus = self->add_button;

  gtk_window_set_focus (GTK_WINDOW (self), focus);
}

/* GtkWindow:application is not a construct property: it is set after
 * constructed(), so the window fills itself in once it has one. */
static void
on_application_set (LullSoundLibraryWindow *self,
                    GParamSpec             *pspec,
                    gpointer                user_data)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GPtrArray) problems = NULL;
  GListModel *tracks;

  if (self->application != NULL || !LULL_IS_APPLICATION (application))
    return;

  self->application = g_object_ref (LULL_APPLICATION (application));
  self->library = g_object_ref (lull_application_get_track_library (self->application));
  /* Picks up files put in audio/ since, and finds the lengths, which the
   * list made for sessions leaves out. */
  problems = g_ptr_array_new_with_free_func (g_free);
  lull_track_library_load (self->library, problems);
  if (problems->len > 0)
    lull_toast_show (self->toast_overlay, g_ptr_array_index (problems, problems->len - 1));
  self->choices = g_object_ref (lull_application_get_sound_choices (self->application));
  self->routines = g_object_ref (lull_application_get_routines (self->application));
  tracks = lull_track_library_get_tracks (self->library);

  self->own_tracks =
    gtk_filter_list_model_new (g_object_ref (tracks),
                               GTK_FILTER (gtk_custom_filter_new (track_is_own, NULL, NULL)));
  self->builtin_tracks =
    gtk_filter_list_model_new (g_object_ref (tracks),
                               GTK_FILTER (gtk_custom_filter_new (track_is_builtin, NULL, NULL)));

  gtk_list_box_bind_model (self->own_list, G_LIST_MODEL (self->own_tracks),
                           create_track_row, self, NULL);
  gtk_list_box_bind_model (self->builtin_list, G_LIST_MODEL (self->builtin_tracks),
                           create_track_row, self, NULL);
  gtk_list_box_bind_model (self->routines_list, self->routines,
                           create_routine_row, self, NULL);

  g_signal_connect_object (self->own_tracks, "items-changed",
                           G_CALLBACK (on_own_items_changed), self, 0);
  g_signal_connect_object (tracks, "items-changed",
                           G_CALLBACK (on_library_items_changed), self, 0);
  g_signal_connect_object (self->choices, "changed", G_CALLBACK (on_choices_changed), self, 0);
  update_own_empty (self);

  focus_first_control (self);
}

static void
lull_sound_library_window_unmap (GtkWidget *widget)
{
  LullSoundLibraryWindow *self = LULL_SOUND_LIBRARY_WINDOW (widget);

  /* Closed or hidden: nothing plays on behind the parent's back. */
  stop_preview (self);

  GTK_WIDGET_CLASS (lull_sound_library_window_parent_class)->unmap (widget);
}

static void
lull_sound_library_window_dispose (GObject *object)
{
  LullSoundLibraryWindow *self = LULL_SOUND_LIBRARY_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  if (self->player != NULL)
    {
      lull_player_stop_now (self->player);
      g_signal_handlers_disconnect_by_data (self->player, self);
    }
  g_clear_object (&self->player);
  g_clear_weak_pointer (&self->preview_button);

  /* The rows go with the template; their combos must not be refreshed
   * on the way out. */
  if (self->combos != NULL)
    g_ptr_array_set_size (self->combos, 0);

  gtk_widget_dispose_template (GTK_WIDGET (self), LULL_TYPE_SOUND_LIBRARY_WINDOW);

  g_clear_object (&self->own_tracks);
  g_clear_object (&self->builtin_tracks);
  g_clear_object (&self->routines);
  g_clear_object (&self->choices);
  g_clear_object (&self->library);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (lull_sound_library_window_parent_class)->dispose (object);
}

static void
lull_sound_library_window_finalize (GObject *object)
{
  LullSoundLibraryWindow *self = LULL_SOUND_LIBRARY_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->combos, g_ptr_array_unref);

  G_OBJECT_CLASS (lull_sound_library_window_parent_class)->finalize (object);
}

static void
lull_sound_library_window_class_init (LullSoundLibraryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lull_sound_library_window_dispose;
  object_class->finalize = lull_sound_library_window_finalize;
  widget_class->unmap = lull_sound_library_window_unmap;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/lull-sound-library-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LullSoundLibraryWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LullSoundLibraryWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, LullSoundLibraryWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, LullSoundLibraryWindow, own_list);
  gtk_widget_class_bind_template_child (widget_class, LullSoundLibraryWindow, own_empty);
  gtk_widget_class_bind_template_child (widget_class, LullSoundLibraryWindow, empty_add_button);
  gtk_widget_class_bind_template_child (widget_class, LullSoundLibraryWindow, builtin_list);
  gtk_widget_class_bind_template_child (widget_class, LullSoundLibraryWindow, routines_list);

  gtk_widget_class_install_action (widget_class, "library.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "library.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "library.rename", "s", rename_action);
  gtk_widget_class_install_action (widget_class, "library.delete", "s", delete_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "library.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "library.record", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
lull_sound_library_window_init (LullSoundLibraryWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->combos = g_ptr_array_new ();
  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_set), NULL);

  lull_label_scrollbars (self->scroller);

  /* Files dropped anywhere on the window are added, as Add Sound… does. */
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

/**
 * lull_sound_library_window_new:
 * @application: the application, whose library, choices and routines the
 *   window shows
 * @parent: (nullable): the main window
 */
LullSoundLibraryWindow *
lull_sound_library_window_new (LullApplication *application,
                               GtkWindow       *parent)
{
  g_return_val_if_fail (LULL_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (LULL_TYPE_SOUND_LIBRARY_WINDOW,
                       "application", application,
                       "transient-for", parent,
                       NULL);
}
