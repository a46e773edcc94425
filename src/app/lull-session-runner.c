/* lull-session-runner.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gst/pbutils/pbutils.h>

#include "lull-checkpoint.h"
#include "lull-media.h"
#include "lull-photo-source.h"
#include "lull-session-runner.h"
#include "lull-track-library.h"

/* The life of one running session, with no widgets: the LullSession, its
 * checkpoint (on every change and every few seconds, so a crash or a
 * power cut loses at most a few seconds), idle inhibition, and the sound
 * that the session's signals drive. The window shows its state through
 * the pages and calls its actions; it learns what happened from the
 * signals below. */

#define CHECKPOINT_INTERVAL_SECONDS 5
#define PENDING_GROUP               "Pending Record"
/* The 3 s fade, its silent tail and the 3 s bell, with room to spare. */
#define FADING_PLAYER_SECONDS       5

/* tests/bench/sound_start.py sets it: from a session's start to the first
 * sample of its track at the sink, printed, and then Lull quits. */
#define BENCH_FIRST_SAMPLE_ENV      "LULL_BENCH_FIRST_SAMPLE"
/* tests/bench/photo_bench.py sets it: from a session's start to the first
 * frame with a photo painted, printed, and then Lull quits. */
#define BENCH_FIRST_PHOTO_ENV       "LULL_BENCH_FIRST_PHOTO"
/* tests/bench/photo_bench.py sets it to change photos every so many
 * milliseconds instead of the setting's seconds. */
#define BENCH_SLIDESHOW_MS_ENV      "LULL_BENCH_SLIDESHOW_MS"

struct _LullSessionRunner
{
  GObject          parent_instance;

  LullApplication *application;
  LullSession     *session;
  LullRecord      *record;
  guint            checkpoint_source;
  guint            inhibit_cookie;
  gboolean         checkpoint_failed;
  gboolean         was_running;

  /* A demonstration or a guest session keeps nothing: no checkpoint, no
   * history, no last routine. A demonstration runs on a clock of its own,
   * `speed` times faster. */
  LullSessionKind  kind;
  double           speed;

  LullPlayer      *player;
  char            *track_id;
  /* The parent paused the sound (not the session): resuming the session
   * leaves it paused. */
  gboolean         sound_held;
  /* Track ids already reported missing, so each is said once. */
  GHashTable      *missing_tracks;
  /* Installer details already offered, once per codec. */
  GHashTable      *offered_codecs;

  /* What the session shows: a photo (still or clip) and the next one,
   * changed every slideshow-seconds, or one photo throughout in one-photo
   * mode and photo-focus steps. The session page draws them. */
  LullPhotoSource *photo_source;
  LullPhoto       *photo;
  LullPhoto       *next_photo;
  guint            photo_timeout;
  gboolean         photo_focus;
  gboolean         photos_hidden;
  gboolean         watching_photos;
  /* Photo ids already said to have failed, so each is said once. */
  GHashTable      *failed_photos;

  gint64           bench_start;
  gint64           bench_photo_start;
};

G_DEFINE_FINAL_TYPE (LullSessionRunner, lull_session_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_PLAYER,
  PROP_PHOTO,
  PROP_PHOTO_FOCUS,
  PROP_PHOTOS_HIDDEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  STARTED,
  FINISHED,
  ENDED,
  NOTICE,
  SAVING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GSettings *
get_settings (LullSessionRunner *self)
{
  return lull_application_get_settings (self->application);
}

static void
notice (LullSessionRunner *self,
        const char        *message)
{
  g_signal_emit (self, signals[NOTICE], 0, message);
}

/* Checkpoint */

static GKeyFile *
build_checkpoint (LullSessionRunner *self)
{
  g_autoptr(GKeyFile) keyfile = lull_session_to_checkpoint (self->session);

  if (self->record != NULL)
    {
      g_autofree char *key = lull_record_dup_key (self->record);

      lull_record_write_to_keyfile (self->record, keyfile);
      g_key_file_set_string (keyfile, PENDING_GROUP, "record", key);
    }

  return g_steal_pointer (&keyfile);
}

void
lull_session_runner_save_checkpoint (LullSessionRunner *self)
{
  LullDataRoot *data_root;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LULL_IS_SESSION_RUNNER (self));

  if (self->session == NULL || self->kind != LULL_SESSION_KIND_NORMAL)
    return;

  /* Answers typed on the log page are kept as well as the session. */
  if (self->record != NULL)
    g_signal_emit (self, signals[SAVING], 0);

  data_root = lull_application_get_data_root (self->application);
  keyfile = build_checkpoint (self);
  if (lull_checkpoint_save (data_root, keyfile, &error))
    {
      self->checkpoint_failed = FALSE;
      return;
    }

  g_warning ("Could not save the checkpoint: %s", error->message);

  /* Said once, not every five seconds. */
  if (!self->checkpoint_failed)
    notice (self,
            _("Lull cannot keep a safety copy of this session because the disk is full or "
              "read-only. The session goes on; free some space to keep it safe."));
  self->checkpoint_failed = TRUE;
}

static gboolean
on_checkpoint_timeout (gpointer user_data)
{
  lull_session_runner_save_checkpoint (LULL_SESSION_RUNNER (user_data));

  return G_SOURCE_CONTINUE;
}

static void
uninhibit (LullSessionRunner *self)
{
  if (self->inhibit_cookie != 0)
    {
      gtk_application_uninhibit (GTK_APPLICATION (self->application), self->inhibit_cookie);
      self->inhibit_cookie = 0;
    }
}

/* Sound */

static void
play_cue (LullSessionRunner *self,
          const char        *setting,
          const char        *name)
{
  g_autoptr(GFile) file = NULL;

  if (self->player == NULL || !g_settings_get_boolean (get_settings (self), setting))
    return;

  file = lull_track_library_dup_cue_file (name);
  lull_player_play_cue (self->player, file);
}

static void
on_player_error (LullPlayer        *player,
                 GError            *error,
                 LullSessionRunner *self)
{
  /* The session goes on in silence; the sentence says what to do. */
  notice (self, error->message);
}

static void
on_plugins_installed (GstInstallPluginsReturn result,
                      gpointer                user_data)
{
  g_autoptr(LullSessionRunner) self = user_data;

  if (result == GST_INSTALL_PLUGINS_SUCCESS || result == GST_INSTALL_PLUGINS_PARTIAL_SUCCESS)
    gst_update_registry ();
}

static void
on_missing_plugins (LullPlayer         *player,
                    const char * const *details,
                    LullSessionRunner  *self)
{
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
  GstInstallPluginsReturn result;

  /* Offered once per codec, however often a track needs it. */
  for (guint i = 0; details[i] != NULL; i++)
    {
      if (g_hash_table_add (self->offered_codecs, g_strdup (details[i])))
        g_ptr_array_add (wanted, (gpointer)details[i]);
    }
  if (wanted->len == 0)
    return;
  g_ptr_array_add (wanted, NULL);

  result = gst_install_plugins_async ((const char * const *)wanted->pdata, NULL,
                                      on_plugins_installed, g_object_ref (self));
  if (result != GST_INSTALL_PLUGINS_STARTED_OK)
    g_object_unref (self);
}

static void
on_has_played (LullPlayer        *player,
               GParamSpec        *pspec,
               LullSessionRunner *self)
{
  /* "What helped" ticks audio only when sound really came out. */
  if (self->session == NULL || !lull_player_get_has_played (player))
    return;

  lull_session_note_cue (self->session, "audio");

  if (self->bench_start != 0)
    {
      g_print ("first-sample %.3f\n",
               (lull_player_get_first_sample_time (player) - self->bench_start) / 1000.0);
      self->bench_start = 0;
      g_application_quit (G_APPLICATION (self->application));
    }
}

static void
ensure_player (LullSessionRunner *self)
{
  g_autoptr(GError) error = NULL;

  if (self->player != NULL)
    return;

  /* GStreamer starts here, with the first session, never at start-up. */
  if (!lull_media_init (&error))
    {
      g_warning ("GStreamer did not start: %s", error->message);
      notice (self, _("Lull cannot play sound on this computer, so the session goes on "
                      "without it."));
      return;
    }

  self->player = lull_player_new (NULL);
  g_settings_bind (get_settings (self), "sound-volume", self->player, "volume",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (get_settings (self), "sound-muted", self->player, "muted",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->player, "error", G_CALLBACK (on_player_error), self, 0);
  g_signal_connect_object (self->player, "missing-plugins", G_CALLBACK (on_missing_plugins),
                           self, 0);
  g_signal_connect_object (self->player, "notify::has-played", G_CALLBACK (on_has_played),
                           self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYER]);
}

/* Nothing to do: the timeout's destroy notify drops the reference. */
static gboolean
let_go (gpointer player)
{
  return G_SOURCE_REMOVE;
}

static void
drop_player (LullSessionRunner *self,
             gboolean           fade)
{
  if (self->player == NULL)
    return;

  g_settings_unbind (self->player, "volume");
  g_settings_unbind (self->player, "muted");
  g_signal_handlers_disconnect_by_data (self->player, self);
  if (fade)
    {
      /* The player lives on while its track fades out and the end bell
       * rings over it; then the last reference goes with the timeout. */
      lull_player_stop (self->player);
      g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, FADING_PLAYER_SECONDS, let_go,
                                  g_steal_pointer (&self->player), g_object_unref);
    }
  else
    {
      lull_player_stop_now (self->player);
      g_clear_object (&self->player);
    }
  g_clear_pointer (&self->track_id, g_free);
  self->sound_held = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYER]);
}

/* What the current step (or, while pumping, the current prompt) plays:
 * the parent's choice, the step's own track, or the routine's. */
static void
update_track (LullSessionRunner *self)
{
  LullRoutine *routine = lull_session_get_routine (self->session);
  LullSoundChoices *choices = lull_application_get_sound_choices (self->application);
  LullTrackLibrary *library;
  int step = lull_session_get_step_index (self->session);
  const char *id = lull_sound_choices_resolve (choices, routine, step);
  LullTrack *track;

  if (self->player == NULL || g_strcmp0 (id, self->track_id) == 0)
    return;

  g_free (self->track_id);
  self->track_id = g_strdup (id);

  library = lull_application_get_track_library (self->application);
  track = id != NULL ? lull_track_library_lookup (library, id) : NULL;
  if (track == NULL)
    {
      lull_player_set_track (self->player, NULL, NULL, FALSE);
      if (id != NULL && g_hash_table_add (self->missing_tracks, g_strdup (id)))
        {
          g_autofree char *message =
            /* Translators: a sound's name, such as “rain.ogg”. */
            g_strdup_printf (_("The sound “%s” is not in your sound library any more, so this "
                               "part of the session is silent. Choose another in Sounds."),
                             id);

          notice (self, message);
        }
      return;
    }

  /* The same file plays on; a new one starts with a fade. */
  lull_player_set_track (self->player, lull_track_get_file (track), lull_track_get_title (track),
                         lull_track_get_loops (track));
  if (lull_session_get_paused (self->session) || self->sound_held)
    lull_player_pause (self->player);
  else
    lull_player_play (self->player);
}

static void
start_sound (LullSessionRunner *self)
{
  if (!g_settings_get_boolean (get_settings (self), "play-sound"))
    return;

  ensure_player (self);
  update_track (self);
}

/* Sound turned on or off in Preferences takes effect at once: off fades
 * the track out; on starts it, if a session is under way. */
static void
on_play_sound_changed (GSettings         *settings,
                       const char        *key,
                       LullSessionRunner *self)
{
  LullSessionState state;

  if (self->session == NULL)
    return;

  state = lull_session_get_state (self->session);
  if (state != LULL_SESSION_STATE_PREPARING && state != LULL_SESSION_STATE_PUMPING)
    return;

  if (g_settings_get_boolean (settings, key))
    start_sound (self);
  else
    drop_player (self, TRUE);
}


/* Photos */

static gboolean
session_is_running (LullSessionRunner *self)
{
  LullSessionState state;

  if (self->session == NULL)
    return FALSE;

  state = lull_session_get_state (self->session);

  return state == LULL_SESSION_STATE_PREPARING || state == LULL_SESSION_STATE_PUMPING;
}

static void
set_photos (LullSessionRunner *self,
            LullPhoto         *photo,
            LullPhoto         *next)
{
  gboolean changed = photo != self->photo || next != self->next_photo;

  g_set_object (&self->photo, photo);
  g_set_object (&self->next_photo, next);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHOTO]);
}

static gboolean on_photo_timeout (gpointer user_data);

/* A still stays for slideshow-seconds; a clip plays through and the page
 * says when it is done. Nothing changes while paused or in focus. */
static void
arm_photo_timeout (LullSessionRunner *self)
{
  const char *bench_ms = g_getenv (BENCH_SLIDESHOW_MS_ENV);

  g_clear_handle_id (&self->photo_timeout, g_source_remove);
  if (self->photo == NULL || lull_photo_get_is_clip (self->photo)
      || lull_photo_source_get_focus (self->photo_source) != NULL
      || self->session == NULL || lull_session_get_paused (self->session))
    return;

  if (bench_ms != NULL)
    self->photo_timeout = g_timeout_add (MAX (atoi (bench_ms), 10), on_photo_timeout, self);
  else if (self->speed > 1)
    /* A demonstration changes photos as often as the session would, on
     * its own faster clock. */
    self->photo_timeout =
      g_timeout_add ((guint)(g_settings_get_int (get_settings (self), "slideshow-seconds")
                             * 1000 / self->speed),
                     on_photo_timeout, self);
  else
    self->photo_timeout =
      g_timeout_add_seconds ((guint)g_settings_get_int (get_settings (self), "slideshow-seconds"),
                             on_photo_timeout, self);
}

static void
advance_photo (LullSessionRunner *self)
{
  LullPhoto *photo = self->next_photo;
  LullPhoto *focus = lull_photo_source_get_focus (self->photo_source);

  if (focus != NULL)
    set_photos (self, focus, NULL);
  else
    {
      g_autoptr(LullPhoto) keep = photo != NULL ? g_object_ref (photo)
                                                : NULL;
      LullPhoto *shown = keep != NULL ? keep : lull_photo_source_next (self->photo_source);
      LullPhoto *next = shown != NULL ? lull_photo_source_next (self->photo_source) : NULL;

      set_photos (self, shown, next != shown ? next : NULL);
    }

  arm_photo_timeout (self);
}

static gboolean
on_photo_timeout (gpointer user_data)
{
  LullSessionRunner *self = user_data;

  self->photo_timeout = 0;
  advance_photo (self);

  return G_SOURCE_REMOVE;
}

/* The photo one-photo mode and photo-focus steps show: the step's own,
 * else the one the parent chose (or the set's stand-in for it). */
static LullPhoto *
find_focus_photo (LullPhotoSet *set,
                  LullStep     *step)
{
  const char *id = step != NULL ? lull_step_get_photo (step) : NULL;
  LullPhoto *photo = id != NULL ? lull_photo_set_lookup (set, id) : NULL;

  return photo != NULL ? photo : lull_photo_set_get_shown_focus (set);
}

/* One photo throughout in one-photo mode, and full-window in a
 * photo-focus step; otherwise the slideshow. */
static void
update_photo_focus (LullSessionRunner *self)
{
  LullPhotoSet *set = lull_application_get_photo_set (self->application);
  LullStep *step = NULL;
  LullPhoto *focus = NULL;
  g_autofree char *mode = NULL;
  gboolean photo_focus = FALSE;
  gboolean one_photo;

  if (self->photo_source == NULL)
    return;

  if (self->session != NULL && lull_session_get_state (self->session) != LULL_SESSION_STATE_FINISHED)
    step = lull_session_get_step (self->session);

  mode = g_settings_get_string (get_settings (self), "photo-mode");
  one_photo = g_str_equal (mode, "one-photo");
  photo_focus = step != NULL && lull_step_get_kind (step) == LULL_STEP_KIND_PHOTO_FOCUS;
  if (photo_focus || one_photo)
    focus = find_focus_photo (set, step);

  if (photo_focus != self->photo_focus)
    {
      self->photo_focus = photo_focus;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHOTO_FOCUS]);
    }

  if (focus == lull_photo_source_get_focus (self->photo_source) && self->photo != NULL)
    return;

  lull_photo_source_set_focus (self->photo_source, focus);
  if (focus != NULL || self->photo == NULL || self->next_photo == NULL)
    advance_photo (self);
  else
    arm_photo_timeout (self);
}

static void
stop_photos (LullSessionRunner *self)
{
  g_clear_handle_id (&self->photo_timeout, g_source_remove);
  g_clear_object (&self->photo_source);
  set_photos (self, NULL, NULL);
  if (self->photo_focus)
    {
      self->photo_focus = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHOTO_FOCUS]);
    }
}

static void start_photos (LullSessionRunner *self);

static gboolean
in_set (LullPhotoSet *set,
        LullPhoto    *photo)
{
  return photo != NULL && lull_photo_set_lookup (set, lull_photo_get_id (photo)) == photo;
}

/* Photos added (or the last one removed) in the Photos window while a
 * session runs show up at once. */
static void
on_photos_changed (GListModel        *photos,
                   guint              position,
                   guint              removed,
                   guint              added,
                   LullSessionRunner *self)
{
  LullPhotoSet *set = lull_application_get_photo_set (self->application);

  if (self->photo_source == NULL)
    {
      start_photos (self);
      return;
    }

  /* A photo removed in Photos leaves the screen at once (its file goes
   * when the undo toast does), and is not the next one either. */
  set_photos (self, in_set (set, self->photo) ? self->photo : NULL,
              in_set (set, self->next_photo) ? self->next_photo : NULL);

  /* Moves on (to the new focus photo, in one-photo mode). */
  if (self->photo == NULL || g_list_model_get_n_items (photos) == 0)
    update_photo_focus (self);
}

/* A new one-photo choice shows at once. */
static void
on_photo_focus_changed (LullSessionRunner *self)
{
  update_photo_focus (self);
}

/* Photos show only when the parent has some and wants them. */
static void
start_photos (LullSessionRunner *self)
{
  LullPhotoSet *set;
  GListModel *photos;

  if (!g_settings_get_boolean (get_settings (self), "show-photos") || !session_is_running (self))
    return;

  set = lull_application_get_photo_set (self->application);
  photos = lull_photo_set_get_photos (set);
  if (!self->watching_photos)
    {
      g_signal_connect_object (photos, "items-changed", G_CALLBACK (on_photos_changed), self, 0);
      g_signal_connect_object (set, "notify::focus", G_CALLBACK (on_photo_focus_changed), self,
                               G_CONNECT_SWAPPED);
      self->watching_photos = TRUE;
    }
  if (g_list_model_get_n_items (photos) == 0)
    return;

  if (self->photo_source == NULL)
    self->photo_source = lull_photo_source_new (set);
  update_photo_focus (self);
  if (self->photo == NULL)
    advance_photo (self);
}

static void
on_show_photos_changed (GSettings         *settings,
                        const char        *key,
                        LullSessionRunner *self)
{
  if (g_settings_get_boolean (settings, key))
    start_photos (self);
  else
    stop_photos (self);
}

static void
on_photo_mode_changed (GSettings         *settings,
                       const char        *key,
                       LullSessionRunner *self)
{
  update_photo_focus (self);
}

static void
on_slideshow_seconds_changed (GSettings         *settings,
                              const char        *key,
                              LullSessionRunner *self)
{
  if (self->photo_timeout != 0)
    arm_photo_timeout (self);
}

/* Session signals */

static void
on_session_changed (LullSession       *session,
                    LullSessionRunner *self)
{
  lull_session_runner_save_checkpoint (self);
}

static void
on_step_changed (LullSession       *session,
                 LullSessionRunner *self)
{
  update_track (self);
  update_photo_focus (self);
}

static void
on_phase_changed (LullSession       *session,
                  LullSessionRunner *self)
{
  if (lull_session_get_state (session) == LULL_SESSION_STATE_PUMPING)
    play_cue (self, "cue-phase", "chime");
}

static void
on_suggestion (LullSession       *session,
               LullSuggestion     suggestion,
               LullSessionRunner *self)
{
  if (suggestion == LULL_SUGGESTION_SWITCH_TO_EXPRESSION
      || suggestion == LULL_SUGGESTION_BACK_TO_STIMULATION)
    play_cue (self, "cue-phase", "chime");
}

static void
on_letdown_marked (LullSession       *session,
                   guint              seconds,
                   LullSessionRunner *self)
{
  play_cue (self, "cue-letdown", "tone");
}

static void
on_paused (LullSession       *session,
           LullSessionRunner *self)
{
  if (self->player != NULL)
    lull_player_pause (self->player);
  g_clear_handle_id (&self->photo_timeout, g_source_remove);
}

static void
on_resumed (LullSession       *session,
            LullSessionRunner *self)
{
  if (self->player != NULL && !self->sound_held)
    lull_player_resume (self->player);
  arm_photo_timeout (self);
}

static void
finish (LullSessionRunner *self)
{
  /* Pumping is over, so the screen may sleep; the checkpoint timer goes on
   * keeping the parent's answers until they are saved. */
  uninhibit (self);

  if (self->record == NULL)
    self->record = lull_session_build_record (self->session);

  lull_session_runner_save_checkpoint (self);
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
on_session_finished (LullSession       *session,
                     LullSessionRunner *self)
{
  /* The bell rings over the track fading out. */
  play_cue (self, "cue-end", "bell");
  drop_player (self, TRUE);
  stop_photos (self);
  finish (self);
}

/* @with_sound: FALSE for a session recovered only to be logged, which
 * must not start its track (nor ring the end bell). */
static void
run (LullSessionRunner *self,
     gboolean           with_sound)
{
  LullSession *session = self->session;

  g_signal_connect_object (session, "changed", G_CALLBACK (on_session_changed), self, 0);
  g_signal_connect_object (session, "finished", G_CALLBACK (on_session_finished), self, 0);
  g_signal_connect_object (session, "step-changed", G_CALLBACK (on_step_changed), self, 0);
  g_signal_connect_object (session, "phase-changed", G_CALLBACK (on_phase_changed), self, 0);
  g_signal_connect_object (session, "suggestion", G_CALLBACK (on_suggestion), self, 0);
  g_signal_connect_object (session, "letdown-marked", G_CALLBACK (on_letdown_marked), self, 0);
  g_signal_connect_object (session, "paused", G_CALLBACK (on_paused), self, 0);
  g_signal_connect_object (session, "resumed", G_CALLBACK (on_resumed), self, 0);

  if (self->checkpoint_source == 0 && self->kind == LULL_SESSION_KIND_NORMAL)
    self->checkpoint_source = g_timeout_add_seconds (CHECKPOINT_INTERVAL_SECONDS,
                                                     on_checkpoint_timeout, self);

  if (lull_session_get_state (session) == LULL_SESSION_STATE_FINISHED)
    {
      g_signal_emit (self, signals[STARTED], 0);
      finish (self);
      return;
    }

  self->inhibit_cookie = gtk_application_inhibit (GTK_APPLICATION (self->application), NULL,
                                                  GTK_APPLICATION_INHIBIT_IDLE
                                                  | GTK_APPLICATION_INHIBIT_SUSPEND,
                                                  _("A pumping session is running"));
  if (with_sound)
    {
      start_sound (self);
      start_photos (self);
    }
  g_signal_emit (self, signals[STARTED], 0);
  lull_session_runner_save_checkpoint (self);
}

static void
end (LullSessionRunner *self)
{
  LullDataRoot *data_root = lull_application_get_data_root (self->application);
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->checkpoint_source, g_source_remove);
  uninhibit (self);
  drop_player (self, TRUE);
  stop_photos (self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->record);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);

  /* A demonstration or a guest session wrote none; one a crash left
   * belongs to a real session and waits for it. */
  if (self->kind == LULL_SESSION_KIND_NORMAL && !lull_checkpoint_remove (data_root, &error))
    g_warning ("Could not remove the checkpoint: %s", error->message);

  g_signal_emit (self, signals[ENDED], 0);
}

/* GObject */

static void
lull_session_runner_dispose (GObject *object)
{
  LullSessionRunner *self = LULL_SESSION_RUNNER (object);

  if (self->session != NULL)
    {
      /* Closing mid-session keeps the checkpoint: the next start offers to
       * resume. */
      lull_session_runner_save_checkpoint (self);
      g_signal_handlers_disconnect_by_data (self->session, self);
    }
  g_clear_handle_id (&self->checkpoint_source, g_source_remove);
  uninhibit (self);
  drop_player (self, FALSE);
  g_clear_handle_id (&self->photo_timeout, g_source_remove);
  g_clear_object (&self->photo_source);
  g_clear_object (&self->photo);
  g_clear_object (&self->next_photo);
  g_clear_object (&self->session);
  g_clear_object (&self->record);

  G_OBJECT_CLASS (lull_session_runner_parent_class)->dispose (object);
}

static void
lull_session_runner_finalize (GObject *object)
{
  LullSessionRunner *self = LULL_SESSION_RUNNER (object);

  g_clear_pointer (&self->missing_tracks, g_hash_table_unref);
  g_clear_pointer (&self->offered_codecs, g_hash_table_unref);
  g_clear_pointer (&self->failed_photos, g_hash_table_unref);

  G_OBJECT_CLASS (lull_session_runner_parent_class)->finalize (object);
}

static void
lull_session_runner_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LullSessionRunner *self = LULL_SESSION_RUNNER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_PLAYER:
      g_value_set_object (value, self->player);
      break;

    case PROP_PHOTO:
      g_value_set_object (value, self->photo);
      break;

    case PROP_PHOTO_FOCUS:
      g_value_set_boolean (value, self->photo_focus);
      break;

    case PROP_PHOTOS_HIDDEN:
      g_value_set_boolean (value, self->photos_hidden);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_session_runner_class_init (LullSessionRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lull_session_runner_dispose;
  object_class->finalize = lull_session_runner_finalize;
  object_class->get_property = lull_session_runner_get_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         LULL_TYPE_SESSION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PLAYER] =
    g_param_spec_object ("player", NULL, NULL,
                         LULL_TYPE_PLAYER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* The photo to show, or NULL; notified also when only the next one,
   * made ready ahead, changes. */
  properties[PROP_PHOTO] =
    g_param_spec_object ("photo", NULL, NULL,
                         LULL_TYPE_PHOTO,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* A photo-focus step: the photo fills the window. */
  properties[PROP_PHOTO_FOCUS] =
    g_param_spec_boolean ("photo-focus", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* The discreet screen: photos are hidden until the parent brings them
   * back. It lasts from one session to the next while Lull runs. */
  properties[PROP_PHOTOS_HIDDEN] =
    g_param_spec_boolean ("photos-hidden", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The session runs: show it. */
  signals[STARTED] =
    g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Pumping is over: the record waits to be logged. */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Saved or discarded: back home. */
  signals[ENDED] =
    g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Something the parent should know, in one translated sentence. */
  signals[NOTICE] =
    g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* About to write the checkpoint: put the log page's answers in the record. */
  signals[SAVING] =
    g_signal_new ("saving", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lull_session_runner_init (LullSessionRunner *self)
{
  self->speed = 1;
  self->missing_tracks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->offered_codecs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->failed_photos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

LullSessionRunner *
lull_session_runner_new (LullApplication *application)
{
  LullSessionRunner *self;

  g_return_val_if_fail (LULL_IS_APPLICATION (application), NULL);

  self = g_object_new (LULL_TYPE_SESSION_RUNNER, NULL);
  /* The application outlives every window, and so every runner. */
  self->application = application;
  g_signal_connect_object (get_settings (self), "changed::play-sound",
                           G_CALLBACK (on_play_sound_changed), self, 0);
  g_signal_connect_object (get_settings (self), "changed::show-photos",
                           G_CALLBACK (on_show_photos_changed), self, 0);
  g_signal_connect_object (get_settings (self), "changed::photo-mode",
                           G_CALLBACK (on_photo_mode_changed), self, 0);
  g_signal_connect_object (get_settings (self), "changed::slideshow-seconds",
                           G_CALLBACK (on_slideshow_seconds_changed), self, 0);

  return self;
}

LullSession *
lull_session_runner_get_session (LullSessionRunner *self)
{
  g_return_val_if_fail (LULL_IS_SESSION_RUNNER (self), NULL);

  return self->session;
}

LullRecord *
lull_session_runner_get_record (LullSessionRunner *self)
{
  g_return_val_if_fail (LULL_IS_SESSION_RUNNER (self), NULL);

  return self->record;
}

/* What the running session, or the one that ran last, is. */
LullSessionKind
lull_session_runner_get_kind (LullSessionRunner *self)
{
  g_return_val_if_fail (LULL_IS_SESSION_RUNNER (self), LULL_SESSION_KIND_NORMAL);

  return self->kind;
}

/* How many times faster than real time its clock runs: 1 but for a
 * demonstration. */
double
lull_session_runner_get_speed (LullSessionRunner *self)
{
  g_return_val_if_fail (LULL_IS_SESSION_RUNNER (self), 1);

  return self->speed;
}

LullPlayer *
lull_session_runner_get_player (LullSessionRunner *self)
{
  g_return_val_if_fail (LULL_IS_SESSION_RUNNER (self), NULL);

  return self->player;
}

gboolean
lull_session_runner_start (LullSessionRunner *self,
                           LullRoutine       *routine)
{
  return lull_session_runner_start_full (self, routine, LULL_SESSION_KIND_NORMAL, 1);
}

/**
 * lull_session_runner_start_full:
 * @kind: a session to keep, a demonstration or a guest session
 * @speed: for a demonstration, how many times faster than real time
 *   (LULL_CLOCK_SPEED_MIN to LULL_CLOCK_SPEED_MAX); 1 otherwise
 *
 * Starts a session of @routine unless one is running. A demonstration
 * and a guest session write nothing; a demonstration runs every step,
 * prompt and phase on a clock of its own, faster, while its sound plays
 * at its own pace and changes at the right moments.
 */
gboolean
lull_session_runner_start_full (LullSessionRunner *self,
                                LullRoutine       *routine,
                                LullSessionKind    kind,
                                double             speed)
{
  g_autoptr(LullClock) clock = NULL;

  g_return_val_if_fail (LULL_IS_SESSION_RUNNER (self), FALSE);
  g_return_val_if_fail (LULL_IS_ROUTINE (routine), FALSE);
  g_return_val_if_fail (kind == LULL_SESSION_KIND_DEMO || speed == 1, FALSE);

  if (self->session != NULL)
    return FALSE;

  self->kind = kind;
  self->speed = CLAMP (speed, LULL_CLOCK_SPEED_MIN, LULL_CLOCK_SPEED_MAX);
  if (kind == LULL_SESSION_KIND_DEMO)
    {
      clock = lull_clock_new_system ();
      lull_clock_set_speed (clock, self->speed);
    }
  else
    clock = g_object_ref (lull_application_get_clock (self->application));

  if (g_getenv (BENCH_FIRST_SAMPLE_ENV) != NULL)
    self->bench_start = g_get_monotonic_time ();
  if (g_getenv (BENCH_FIRST_PHOTO_ENV) != NULL)
    self->bench_photo_start = g_get_monotonic_time ();

  if (kind == LULL_SESSION_KIND_NORMAL)
    g_settings_set_string (get_settings (self), "last-routine", lull_routine_get_id (routine));

  self->session = lull_session_new (routine, clock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  run (self, TRUE);

  return TRUE;
}

/* Moves the checkpoint aside and says why, or that it could not be. */
static void
set_checkpoint_aside (LullSessionRunner  *self,
                      const char         *message,
                      char              **notice_out)
{
  g_autoptr(GError) error = NULL;

  if (lull_checkpoint_set_aside (lull_application_get_data_root (self->application), &error))
    *notice_out = g_strdup (message);
  else
    *notice_out = g_strdup (error->message);
}

gboolean
lull_session_runner_recover (LullSessionRunner  *self,
                             char              **notice_out)
{
  LullDataRoot *data_root;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LullSession) session = NULL;
  g_autofree char *routine_id = NULL;
  g_autofree char *pending = NULL;
  LullRoutine *routine;

  g_return_val_if_fail (LULL_IS_SESSION_RUNNER (self), FALSE);
  g_return_val_if_fail (notice_out != NULL && *notice_out == NULL, FALSE);

  if (self->session != NULL)
    return FALSE;

  data_root = lull_application_get_data_root (self->application);
  keyfile = lull_checkpoint_load (data_root, &error);
  if (keyfile == NULL)
    {
      if (error != NULL)
        *notice_out = g_strdup (error->message);
      return FALSE;
    }

  routine_id = lull_session_checkpoint_routine_id (keyfile);
  routine = lull_application_find_routine (self->application, routine_id);
  if (routine == NULL)
    {
      /* Moved aside, so that the next session does not write over it. */
      set_checkpoint_aside (self,
                            _("An unfinished session was found, but its routine is no "
                              "longer here, so it cannot be resumed. Lull set it aside in "
                              "the quarantine folder."),
                            notice_out);
      return FALSE;
    }

  session = lull_session_new_from_checkpoint (keyfile, routine,
                                              lull_application_get_clock (self->application),
                                              &error);
  if (session == NULL)
    {
      g_warning ("Unusable checkpoint: %s", error->message);
      set_checkpoint_aside (self,
                            _("An unfinished session could not be read, so Lull set it "
                              "aside in the quarantine folder. Your saved sessions are "
                              "safe."),
                            notice_out);
      return FALSE;
    }

  pending = g_key_file_get_string (keyfile, PENDING_GROUP, "record", NULL);
  if (pending != NULL)
    self->record = lull_record_new_from_keyfile (keyfile, pending, NULL);

  self->kind = LULL_SESSION_KIND_NORMAL;
  self->speed = 1;
  self->session = g_steal_pointer (&session);

  /* While the parent reads the question, time must not run on: the session
   * waits paused and goes on only if they choose to resume it. */
  self->was_running = lull_session_get_state (self->session) != LULL_SESSION_STATE_FINISHED
                      && !lull_session_get_paused (self->session);
  if (self->was_running)
    lull_session_pause (self->session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);

  return TRUE;
}

void
lull_session_runner_resume (LullSessionRunner *self,
                            gboolean           go_on)
{
  g_return_if_fail (LULL_IS_SESSION_RUNNER (self));
  g_return_if_fail (self->session != NULL);

  run (self, go_on);
  if (go_on && self->was_running)
    lull_session_resume (self->session);
}

gboolean
lull_session_runner_check_record (LullSessionRunner  *self,
                                  GError            **error)
{
  g_return_val_if_fail (LULL_IS_SESSION_RUNNER (self), FALSE);
  g_return_val_if_fail (self->record != NULL, FALSE);

  /* A session left running for a day is kept, with its pumping time
   * counted up to the history's limit. */
  lull_record_clamp_to_limits (self->record);

  return lull_record_validate (self->record, error);
}

gboolean
lull_session_runner_save (LullSessionRunner  *self,
                          GError            **error)
{
  LullHistory *history;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LULL_IS_SESSION_RUNNER (self), FALSE);
  g_return_val_if_fail (self->record != NULL, FALSE);
  g_return_val_if_fail (self->kind == LULL_SESSION_KIND_NORMAL, FALSE);

  history = lull_application_get_history (self->application);

  /* Already in the history means a crash came between saving and tidying
   * up: the session is safe, which is all the parent needs to hear. */
  if (lull_history_append (history, self->record, &local_error)
      || g_error_matches (local_error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DUPLICATE))
    {
      end (self);
      return TRUE;
    }

  /* Nothing is lost: the answers stay in memory and in the checkpoint,
   * and the parent can try again. */
  lull_session_runner_save_checkpoint (self);
  g_propagate_error (error, g_steal_pointer (&local_error));

  return FALSE;
}

void
lull_session_runner_discard (LullSessionRunner *self)
{
  g_return_if_fail (LULL_IS_SESSION_RUNNER (self));

  end (self);
}

/**
 * lull_session_runner_toggle_sound:
 *
 * Pauses the session's sound, or plays it again, without pausing the
 * session.
 */
void
lull_session_runner_toggle_sound (LullSessionRunner *self)
{
  g_return_if_fail (LULL_IS_SESSION_RUNNER (self));

  if (self->player == NULL)
    return;

  self->sound_held = !self->sound_held;
  if (self->sound_held)
    lull_player_pause (self->player);
  else if (!lull_session_get_paused (self->session))
    lull_player_resume (self->player);
}

/**
 * lull_session_runner_toggle_mute:
 *
 * Mutes the sound or brings it back (the M key); remembered in settings.
 */
void
lull_session_runner_toggle_mute (LullSessionRunner *self)
{
  g_return_if_fail (LULL_IS_SESSION_RUNNER (self));

  if (self->player != NULL)
    lull_player_set_muted (self->player, !lull_player_get_muted (self->player));
}

LullPhotoSource *
lull_session_runner_get_photo_source (LullSessionRunner *self)
{
  g_return_val_if_fail (LULL_IS_SESSION_RUNNER (self), NULL);

  return self->photo_source;
}

LullPhoto *
lull_session_runner_get_photo (LullSessionRunner *self)
{
  g_return_val_if_fail (LULL_IS_SESSION_RUNNER (self), NULL);

  return self->photo;
}

LullPhoto *
lull_session_runner_get_next_photo (LullSessionRunner *self)
{
  g_return_val_if_fail (LULL_IS_SESSION_RUNNER (self), NULL);

  return self->next_photo;
}

gboolean
lull_session_runner_get_photo_focus (LullSessionRunner *self)
{
  g_return_val_if_fail (LULL_IS_SESSION_RUNNER (self), FALSE);

  return self->photo_focus;
}

gboolean
lull_session_runner_get_photos_hidden (LullSessionRunner *self)
{
  g_return_val_if_fail (LULL_IS_SESSION_RUNNER (self), FALSE);

  return self->photos_hidden;
}

void
lull_session_runner_toggle_photos_hidden (LullSessionRunner *self)
{
  g_return_if_fail (LULL_IS_SESSION_RUNNER (self));

  self->photos_hidden = !self->photos_hidden;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHOTOS_HIDDEN]);
}

void
lull_session_runner_photo_shown (LullSessionRunner *self,
                                 LullPhoto         *photo)
{
  g_return_if_fail (LULL_IS_SESSION_RUNNER (self));
  g_return_if_fail (LULL_IS_PHOTO (photo));

  /* "What helped" ticks photos only when one was really on screen. */
  if (self->session == NULL)
    return;

  lull_session_note_cue (self->session, "photos");

  if (self->bench_photo_start != 0)
    {
      g_print ("first-photo %.3f\n", (g_get_monotonic_time () - self->bench_photo_start) / 1000.0);
      self->bench_photo_start = 0;
      g_application_quit (G_APPLICATION (self->application));
    }
}

void
lull_session_runner_photo_done (LullSessionRunner *self,
                                LullPhoto         *photo,
                                gboolean           failed)
{
  g_return_if_fail (LULL_IS_SESSION_RUNNER (self));
  g_return_if_fail (LULL_IS_PHOTO (photo));

  if (photo != self->photo || self->photo_source == NULL)
    return;
  /* A clip cannot end while paused (the page pauses it); a failure waits
   * for the session to go on. */
  if (self->session != NULL && lull_session_get_paused (self->session) && !failed)
    return;

  if (failed)
    {
      /* Skipped for the rest of the session, and said once. */
      lull_photo_source_skip (self->photo_source, photo);
      if (g_hash_table_add (self->failed_photos, g_strdup (lull_photo_get_id (photo))))
        {
          g_autofree char *message =
            /* Translators: a photo's or clip's file name, such as “first bath.mp4”. */
            g_strdup_printf (_("“%s” could not be shown, so the photos move on without it. "
                               "You can remove it in Photos."),
                             lull_photo_get_id (photo));

          notice (self, message);
        }

      if (lull_photo_source_get_focus (self->photo_source) == photo)
        {
          set_photos (self, NULL, NULL);
          return;
        }
    }
  else if (lull_photo_source_get_focus (self->photo_source) != NULL)
    return;   /* one clip in focus: it rests on its last frame */

  if (self->next_photo == photo)
    g_clear_object (&self->next_photo);
  advance_photo (self);
}
