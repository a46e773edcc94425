/* lull-session-page.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "lull-accessible.h"
#include "lull-breathing-shape.h"
#include "lull-session-page.h"
#include "lull-session-runner.h"
#include "lull-slideshow.h"

/* The calm view of a running session. Everything shown comes from the
 * session and its clock; the page only decides when to look again, at the
 * next whole second of the clock, so the display never drifts. */

struct _LullSessionPage
{
  GtkWidget           parent_instance;

  LullSession        *session;
  LullSessionRunner  *runner;
  LullPlayer         *player;
  GBinding           *volume_binding;
  GSettings          *settings;
  guint               display_source;
  gboolean            reduce_motion;
  /* Fullscreen, for a room: larger prompts, the next step below. */
  gboolean            presenter;

  GtkScrolledWindow  *scroller;
  GtkLabel           *phase_label;
  LullBreathingShape *shape;
  GtkLabel           *breath_label;
  GtkLabel           *prompt_label;
  GtkLabel           *next_label;
  GtkLabel           *suggestion_label;
  GtkLabel           *letdown_label;
  GtkLabel           *time_label;
  GtkWidget          *prepare_buttons;
  GtkWidget          *pump_buttons;
  GtkButton          *pause_button;
  GtkToggleButton    *time_button;
  GtkWidget          *letdown_button;
  GtkWidget          *next_button;
  GtkWidget          *sound_box;
  GtkButton          *sound_button;
  GtkLabel           *sound_title;
  GtkProgressBar     *sound_progress;
  GtkAdjustment      *volume_adjustment;
  GtkButton          *mute_button;
  AdwClamp           *top_clamp;
  GtkWidget          *photo_overlay;
  LullSlideshow      *slideshow;
  GtkButton          *hide_button;

  /* Which control has the focus by right: it moves only when the state
   * changes, never on a tick, so a parent who tabbed elsewhere stays. */
  GtkWidget          *primary;
};

G_DEFINE_FINAL_TYPE (LullSessionPage, lull_session_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_REDUCE_MOTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule_display (LullSessionPage *self);

/* One key each, so a parent with one free hand never needs a chord (the
 * shortcuts window lists them all). Every key goes through session.key,
 * which is enabled for the whole session: a key whose action does not
 * apply just now is taken and answered, never passed on to whatever
 * control has the focus (Space would press it, an arrow would move it). */
static const struct {
  guint            keyval;
  GdkModifierType  modifiers;
  const char      *action_name;
} shortcuts[] = {
  { GDK_KEY_space, 0, "session.letdown" },
  { GDK_KEY_p, 0, "session.pause" },
  { GDK_KEY_Right, 0, "session.next" },
  { GDK_KEY_n, 0, "session.next" },
  { GDK_KEY_Left, 0, "session.back" },
  /* What a presentation clicker sends. */
  { GDK_KEY_Page_Down, 0, "session.next" },
  { GDK_KEY_Page_Up, 0, "session.back" },
  { GDK_KEY_s, 0, "session.switch-phase" },
  { GDK_KEY_Return, GDK_CONTROL_MASK, "session.finish" },
  { GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "session.finish" },
  { GDK_KEY_End, 0, "session.skip" },
  { GDK_KEY_m, 0, "session.mute" },
  { GDK_KEY_h, 0, "session.hide-photos" },
};

static const char *session_actions[] = {
  "session.letdown", "session.next", "session.back", "session.skip",
  "session.switch-phase", "session.pause", "session.finish", "session.sound", "session.mute",
  "session.hide-photos",
};


char *
lull_format_duration (guint seconds)
{
  if (seconds >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", seconds / 3600, (seconds / 60) % 60, seconds % 60);

  return g_strdup_printf ("%u:%02u", seconds / 60, seconds % 60);
}

static const char *
suggestion_text (LullSession    *session,
                 LullSuggestion  suggestion)
{
  switch (suggestion)
    {
    case LULL_SUGGESTION_SWITCH_TO_EXPRESSION:
      return _("When the milk flows, you can switch the pump to expression: slower and deeper.");

    case LULL_SUGGESTION_BACK_TO_STIMULATION:
      return _("The flow may have eased. A little stimulation again can call up another let‑down.");

    case LULL_SUGGESTION_FINISH:
      return _("That is the pumping time of this routine. Finish whenever you are ready.");

    case LULL_SUGGESTION_NO_LETDOWN_YET:
      {
        g_auto(GStrv) cues = lull_routine_dup_cues (lull_session_get_routine (session));

        /* One gentle idea, taken from what this routine already uses. */
        if (cues != NULL && g_strv_contains ((const char * const *)cues, "photos"))
          return _("Take a quiet moment with a photo of your baby. There is no hurry.");
        if (cues != NULL && g_strv_contains ((const char * const *)cues, "breathing"))
          return _("Let your shoulders drop and breathe slowly, with a long breath out.");
        return _("A gentle compression of the breast may help the milk along.");
      }

    default:
      g_assert_not_reached ();
    }
}

/* Lull's own reduce-motion setting, or the desktop's “animations off”. */
static gboolean
animations_wanted (LullSessionPage *self)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled, NULL);

  return enabled && !self->reduce_motion;
}

static void
update_breath_label (LullSessionPage *self,
                     double           pace)
{
  g_autofree char *text = NULL;
  gboolean breathing_in;
  guint cycle, in_seconds, into, count;

  if (pace <= 0 || animations_wanted (self))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->breath_label), FALSE);
      return;
    }

  /* Reduced motion: a still shape and a count in words instead, with the
   * same long out-breath as the moving shape. */
  cycle = MAX ((guint)(60.0 / pace + 0.5), 2);
  in_seconds = MAX ((guint)(cycle * 0.4 + 0.5), 1);
  into = (guint)((g_get_monotonic_time () / G_USEC_PER_SEC) % cycle);
  breathing_in = into < in_seconds;
  count = breathing_in ? into + 1 : into - in_seconds + 1;

  text = breathing_in ? g_strdup_printf (_("Breathe in · %u"), count)
                      : g_strdup_printf (_("Breathe out · %u"), count);
  gtk_label_set_text (self->breath_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->breath_label), TRUE);
}

static gboolean
time_wanted (LullSessionPage *self)
{
  return gtk_toggle_button_get_active (self->time_button);
}

static void
set_action_enabled (LullSessionPage *self,
                    const char      *action_name,
                    gboolean         enabled)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), action_name, enabled);
}

/* Gives the focus to the control a parent most likely wants next, when
 * that changes: Next Step while preparing, Let-Down while pumping and
 * Resume while paused. */
static void
update_primary (LullSessionPage *self,
                GtkWidget       *primary)
{
  if (self->primary == primary)
    return;

  self->primary = primary;
  if (primary != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (primary);
}

/* Whether a session action makes sense in the session's present state. */
static gboolean
action_applies (LullSessionPage *self,
                const char      *action_name)
{
  LullSessionState state = lull_session_get_state (self->session);
  gboolean paused = lull_session_get_paused (self->session);
  gboolean preparing = state == LULL_SESSION_STATE_PREPARING;
  gboolean pumping = state == LULL_SESSION_STATE_PUMPING;

  if (g_str_equal (action_name, "session.pause") || g_str_equal (action_name, "session.finish"))
    return preparing || pumping;
  /* The sound is the parent's to stop at any time, paused or not. */
  if (g_str_equal (action_name, "session.sound") || g_str_equal (action_name, "session.mute"))
    return self->player != NULL;
  /* Photos hide at once, whatever else is going on. */
  if (g_str_equal (action_name, "session.hide-photos"))
    return self->runner != NULL && lull_session_runner_get_photo (self->runner) != NULL;
  if (paused)
    return FALSE;
  /* While pumping, Next moves to the routine's next prompt (massage,
   * compression…), which may wait for the parent. */
  if (g_str_equal (action_name, "session.next"))
    return preparing || pumping;
  if (g_str_equal (action_name, "session.back"))
    return preparing && lull_session_get_step_index (self->session) > 0;
  if (g_str_equal (action_name, "session.skip"))
    return preparing;
  if (g_str_equal (action_name, "session.letdown")
      || g_str_equal (action_name, "session.switch-phase"))
    return pumping;

  g_return_val_if_reached (FALSE);
}

/* In the presenter view, what comes next, small below the prompt, so that
 * a counsellor can say it before it shows. */
static void
update_next_label (LullSessionPage *self)
{
  LullSession *session = self->session;
  LullRoutine *routine = lull_session_get_routine (session);
  LullSessionState state = lull_session_get_state (session);
  int index = lull_session_get_step_index (session);
  g_autofree char *text = NULL;

  if (self->presenter && state == LULL_SESSION_STATE_PREPARING)
    {
      if (index + 1 < (int)lull_routine_get_n_prepare_steps (routine))
        /* Translators: the next step's prompt, shown below the current one */
        text = g_strdup_printf (_("Next: %s"),
                                lull_step_get_prompt (lull_routine_get_step (routine, index + 1)));
      else
        text = g_strdup (_("Next: the pump starts."));
    }
  else if (self->presenter && state == LULL_SESSION_STATE_PUMPING
           && index >= 0 && index + 1 < (int)lull_routine_get_n_steps (routine))
    text = g_strdup_printf (_("Next: %s"),
                            lull_step_get_prompt (lull_routine_get_step (routine, index + 1)));

  gtk_widget_set_visible (GTK_WIDGET (self->next_label), text != NULL);
  gtk_label_set_text (self->next_label, text != NULL ? text : "");
}

static void
update_display (LullSessionPage *self)
{
  LullSession *session = self->session;
  LullSessionState state;
  LullStep *step;
  double pace = 0, progress = 0;
  gboolean running, pumping, paused;
  g_autofree char *time_text = NULL;

  if (session == NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (session_actions); i++)
        set_action_enabled (self, session_actions[i], FALSE);
      set_action_enabled (self, "session.key", FALSE);
      self->primary = NULL;
      return;
    }

  state = lull_session_get_state (session);
  step = lull_session_get_step (session);
  paused = lull_session_get_paused (session);
  running = state == LULL_SESSION_STATE_PREPARING || state == LULL_SESSION_STATE_PUMPING;
  pumping = state == LULL_SESSION_STATE_PUMPING;
  lull_slideshow_set_paused (self->slideshow, paused);

  if (step != NULL)
    {
      guint duration = lull_step_get_duration_seconds (step);

      gtk_label_set_text (self->prompt_label, lull_step_get_prompt (step));
      pace = lull_step_get_breaths_per_minute (step);
      if (duration > 0 && state == LULL_SESSION_STATE_PREPARING)
        progress = (double)lull_session_get_step_seconds (session) / duration;
    }

  update_next_label (self);

  gtk_widget_remove_css_class (GTK_WIDGET (self->phase_label), "stimulation");
  gtk_widget_remove_css_class (GTK_WIDGET (self->phase_label), "expression");

  if (state == LULL_SESSION_STATE_PREPARING)
    {
      LullRoutine *routine = lull_session_get_routine (session);
      g_autofree char *text =
        g_strdup_printf (_("Preparing · step %d of %u"),
                         lull_session_get_step_index (session) + 1,
                         lull_routine_get_n_prepare_steps (routine));

      gtk_label_set_text (self->phase_label, text);
      time_text = lull_format_duration (lull_session_get_prime_seconds (session));
      if (pace <= 0)
        pace = 6;
    }
  else
    {
      LullRoutine *routine = lull_session_get_routine (session);
      guint target = lull_routine_get_pump_seconds (routine);
      gboolean expression = lull_session_get_phase (session) == LULL_PUMP_PHASE_EXPRESSION;

      gtk_label_set_text (self->phase_label, expression ? _("Expression") : _("Stimulation"));
      gtk_widget_add_css_class (GTK_WIDGET (self->phase_label),
                                expression ? "expression" : "stimulation");
      time_text = lull_format_duration (lull_session_get_pump_seconds (session));
      if (target > 0)
        progress = (double)lull_session_get_pump_seconds (session) / target;
      if (step == NULL)
        gtk_label_set_text (self->prompt_label,
                            expression ? _("Let the milk come. Nothing to do but rest.")
                                       : _("Light, quick pumping to invite the milk."));
    }

  /* With the clock hidden, nothing on the page counts time: not the pause
   * line, and not the ring, which then stays an empty circle. */
  if (paused)
    {
      g_autofree char *text = time_wanted (self)
                              ? g_strdup_printf (_("Paused · %s"), time_text)
                              : g_strdup (_("Paused"));

      gtk_label_set_text (self->time_label, text);
      gtk_button_set_label (self->pause_button, _("Resume"));
    }
  else
    {
      gtk_label_set_text (self->time_label, time_text);
      gtk_button_set_label (self->pause_button, _("Pause"));
    }

  lull_breathing_shape_set_breaths_per_minute (self->shape, pace);
  lull_breathing_shape_set_progress (self->shape, time_wanted (self) ? progress : 0);
  lull_breathing_shape_set_animate (self->shape, animations_wanted (self) && !paused);
  update_breath_label (self, pace);

  gtk_widget_set_visible (self->prepare_buttons, state == LULL_SESSION_STATE_PREPARING);
  gtk_widget_set_visible (self->pump_buttons, pumping);
  gtk_widget_set_visible (GTK_WIDGET (self->time_label), time_wanted (self) || paused);

  /* The buttons' own actions say honestly what can be done now. */
  for (guint i = 0; i < G_N_ELEMENTS (session_actions); i++)
    set_action_enabled (self, session_actions[i], action_applies (self, session_actions[i]));
  set_action_enabled (self, "session.key", running);

  if (!running)
    update_primary (self, NULL);
  else if (paused)
    update_primary (self, GTK_WIDGET (self->pause_button));
  else if (pumping)
    update_primary (self, self->letdown_button);
  else
    update_primary (self, self->next_button);
}

static gboolean
on_display_timeout (gpointer user_data)
{
  LullSessionPage *self = user_data;

  self->display_source = 0;

  if (self->session == NULL)
    return G_SOURCE_REMOVE;

  lull_session_tick (self->session);
  update_display (self);
  schedule_display (self);

  return G_SOURCE_REMOVE;
}

/* Wake at the next whole second of the time on show, read from the clock,
 * rather than every 1000 ms: timeouts run late under load, and counting
 * them would let the display drift. */
static void
schedule_display (LullSessionPage *self)
{
  gint64 elapsed;
  guint delay_ms;

  g_clear_handle_id (&self->display_source, g_source_remove);

  if (self->session == NULL)
    return;

  switch (lull_session_get_state (self->session))
    {
    case LULL_SESSION_STATE_PUMPING:
      elapsed = lull_session_get_pump_elapsed (self->session);
      break;

    case LULL_SESSION_STATE_PREPARING:
      elapsed = lull_session_get_prime_elapsed (self->session);
      break;

    case LULL_SESSION_STATE_FINISHED:
    case LULL_SESSION_STATE_CANCELLED:
    default:
      return;
    }

  delay_ms = 1000 - (guint)((elapsed / 1000) % 1000) + 1;
  /* The session's clock runs faster in a demonstration; the timeout is in
   * real milliseconds. */
  if (self->runner != NULL && lull_session_runner_get_speed (self->runner) > 1)
    delay_ms = (guint)ceil (delay_ms / lull_session_runner_get_speed (self->runner));
  self->display_source = g_timeout_add_full (G_PRIORITY_HIGH, delay_ms,
                                             on_display_timeout, self, NULL);
}

static void
on_session_changed (LullSession     *session,
                    LullSessionPage *self)
{
  update_display (self);
  schedule_display (self);
}

static void
on_suggestion (LullSession     *session,
               LullSuggestion   suggestion,
               LullSessionPage *self)
{
  gtk_label_set_text (self->suggestion_label, suggestion_text (session, suggestion));
  gtk_widget_set_visible (GTK_WIDGET (self->suggestion_label), TRUE);
}

static void
on_step_or_phase_changed (LullSession     *session,
                          LullSessionPage *self)
{
  /* A suggestion belongs to the moment it was made. */
  gtk_widget_set_visible (GTK_WIDGET (self->suggestion_label), FALSE);
}

static void
show_hint (LullSessionPage *self,
           const char      *text)
{
  gtk_label_set_text (self->suggestion_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->suggestion_label), TRUE);
}

static void
update_letdown_count (LullSessionPage *self)
{
  guint count = self->session != NULL ? lull_session_get_letdowns (self->session)->len : 0;
  g_autofree char *text = NULL;

  lull_breathing_shape_set_marks (self->shape, count);
  gtk_widget_set_visible (GTK_WIDGET (self->letdown_label), count > 0);
  if (count == 0)
    return;

  /* Translators: keep “let‑down” whole; it has a non-breaking hyphen */
  text = g_strdup_printf (ngettext ("%u let‑down", "%u let‑downs", count), count);
  gtk_label_set_text (self->letdown_label, text);
}

static void
on_letdown_marked (LullSession     *session,
                   guint            seconds,
                   LullSessionPage *self)
{
  /* A calm sign that the mark counted: the count, which a screen reader
   * hears through its status role, a new dot on the ring and, unless
   * motion is reduced, one soft ripple. */
  update_letdown_count (self);
  if (animations_wanted (self))
    lull_breathing_shape_ripple (self->shape);
}

/* The compact sound control: which track, how far (a bar, never a
 * clock, unless the parent asked to see the time), play or pause, volume
 * and mute. It shows the runner's player, which lives for the session.
 * Each part changes only when its property does: the position is notified
 * every second, and a button's icon, tooltip and accessible name need not
 * be set again each time. */
static void
update_sound_button (LullSessionPage *self)
{
  gboolean playing = lull_player_get_state (self->player) == LULL_PLAYER_STATE_PLAYING;
  const char *name = playing ? _("Pause Sound") : _("Play Sound");

  gtk_button_set_icon_name (self->sound_button,
                            playing ? "media-playback-pause-symbolic"
                                    : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sound_button), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sound_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

static void
update_mute_button (LullSessionPage *self)
{
  gboolean muted = lull_player_get_muted (self->player);

  gtk_button_set_icon_name (self->mute_button,
                            muted ? "audio-volume-muted-symbolic" : "audio-volume-high-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->mute_button),
                               muted ? _("Unmute (M)") : _("Mute (M)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->mute_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, muted ? _("Unmute") : _("Mute"),
                                  -1);
}

static void
update_sound_title (LullSessionPage *self)
{
  const char *title = lull_player_get_title (self->player);

  gtk_label_set_label (self->sound_title, title != NULL ? title : _("No sound for this step"));
}

static void
update_sound_progress (LullSessionPage *self)
{
  gint64 position = self->player != NULL ? lull_player_get_position (self->player) : -1;
  gint64 duration = self->player != NULL ? lull_player_get_duration (self->player) : -1;
  gboolean known = duration > 0 && position >= 0;
  gboolean show_text = known && gtk_toggle_button_get_active (self->time_button);

  gtk_widget_set_visible (GTK_WIDGET (self->sound_progress), known);
  if (!known)
    return;

  gtk_progress_bar_set_fraction (self->sound_progress,
                                 CLAMP ((double)position / (double)duration, 0.0, 1.0));
  if (show_text)
    {
      g_autofree char *at = lull_format_duration ((guint)(position / 1000000000));
      g_autofree char *of = lull_format_duration ((guint)(duration / 1000000000));
      /* Translators: how far the sound has played: “3:12 of 15:40”. */
      g_autofree char *text = g_strdup_printf (_("%s of %s"), at, of);

      gtk_progress_bar_set_text (self->sound_progress, text);
    }
  gtk_progress_bar_set_show_text (self->sound_progress, show_text);
}

static void
update_sound (LullSessionPage *self)
{
  gtk_widget_set_visible (self->sound_box, self->player != NULL);
  if (self->player == NULL)
    return;

  update_sound_button (self);
  update_mute_button (self);
  update_sound_title (self);
  update_sound_progress (self);
}

static void
set_player (LullSessionPage *self,
            LullPlayer      *player)
{
  if (self->player == player)
    return;

  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);
  g_clear_pointer (&self->volume_binding, g_binding_unbind);
  g_set_object (&self->player, player);

  if (player != NULL)
    {
      g_signal_connect_object (player, "notify::state", G_CALLBACK (update_sound_button), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (player, "notify::muted", G_CALLBACK (update_mute_button), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (player, "notify::title", G_CALLBACK (update_sound_title), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (player, "notify::position", G_CALLBACK (update_sound_progress),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (player, "notify::duration", G_CALLBACK (update_sound_progress),
                               self, G_CONNECT_SWAPPED);
      self->volume_binding = g_object_bind_property (player, "volume",
                                                     self->volume_adjustment, "value",
                                                     G_BINDING_BIDIRECTIONAL
                                                     | G_BINDING_SYNC_CREATE);
    }

  update_sound (self);
}

static void
on_runner_player (LullSessionRunner *runner,
                  GParamSpec        *pspec,
                  LullSessionPage   *self)
{
  set_player (self, lull_session_runner_get_player (runner));
}


/* Photos: the runner says which photo shows and whether they are hidden;
 * the slideshow draws it and says when it was on screen, when a clip
 * ended and when one could not be shown. */

#define CLAMP_TEXT_ONLY  720
#define CLAMP_WITH_PHOTO 1280
#define CLAMP_FOCUS      8192  /* the whole width: AdwClamp overflows on G_MAXINT */

static void
update_photo_layout (LullSessionPage *self)
{
  LullSessionRunner *runner = self->runner;
  gboolean has_photo = runner != NULL && lull_session_runner_get_photo (runner) != NULL;
  gboolean hidden = runner != NULL && lull_session_runner_get_photos_hidden (runner);
  gboolean focus = has_photo && lull_session_runner_get_photo_focus (runner);
  const char *name = hidden ? _("Show Photos") : _("Hide Photos");

  gtk_widget_set_visible (self->photo_overlay, has_photo);
  /* A photo-focus step gives the photo the whole width; once hidden, the
   * breathing shape comes back in its place. */
  gtk_widget_set_visible (GTK_WIDGET (self->shape), !focus || hidden);
  adw_clamp_set_maximum_size (self->top_clamp,
                              focus || self->presenter ? CLAMP_FOCUS
                              : has_photo ? CLAMP_WITH_PHOTO : CLAMP_TEXT_ONLY);

  lull_slideshow_set_hidden (self->slideshow, hidden);
  gtk_widget_queue_allocate (self->photo_overlay);
  if (hidden)
    gtk_widget_add_css_class (self->photo_overlay, "photos-hidden");
  else
    gtk_widget_remove_css_class (self->photo_overlay, "photos-hidden");

  gtk_button_set_icon_name (self->hide_button,
                            hidden ? "view-reveal-symbolic" : "view-conceal-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->hide_button),
                               hidden ? _("Show Photos (H)") : _("Hide Photos (H)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->hide_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

static void
on_runner_photo (LullSessionPage *self)
{
  LullSessionRunner *runner = self->runner;

  lull_slideshow_set_source (self->slideshow, lull_session_runner_get_photo_source (runner));
  /* Hidden first, so that a photo coming in never shows for a frame. */
  update_photo_layout (self);
  lull_slideshow_show (self->slideshow, lull_session_runner_get_photo (runner),
                       lull_session_runner_get_next_photo (runner));
  update_display (self);
}

static void
on_slideshow_shown (LullSlideshow   *slideshow,
                    LullPhoto       *photo,
                    LullSessionPage *self)
{
  if (self->runner != NULL)
    lull_session_runner_photo_shown (self->runner, photo);
}

static void
on_slideshow_done (LullSlideshow   *slideshow,
                   LullPhoto       *photo,
                   gboolean         failed,
                   const char      *message,
                   LullSessionPage *self)
{
  if (self->runner != NULL)
    lull_session_runner_photo_done (self->runner, photo, failed);
}

/* The hide button sits on the photo's top corner, wherever the photo's
 * shape puts it. */
static gboolean
on_photo_overlay_position (GtkOverlay      *overlay,
                           GtkWidget       *widget,
                           GdkRectangle    *allocation,
                           LullSessionPage *self)
{
  graphene_rect_t bounds;
  int width, height, margin = 8;
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

  lull_slideshow_get_photo_bounds (self->slideshow, &bounds);
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &width, NULL, NULL, NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);

  allocation->width = width;
  allocation->height = height;
  allocation->x = rtl ? (int)bounds.origin.x + margin
                      : (int)(bounds.origin.x + bounds.size.width) - width - margin;
  allocation->y = (int)bounds.origin.y + margin;

  return TRUE;
}

static void
update_slideshow_motion (LullSessionPage *self)
{
  lull_slideshow_set_animate (self->slideshow, !self->reduce_motion);
}

static void
session_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LullSessionPage *self = LULL_SESSION_PAGE (widget);
  LullSession *session = self->session;

  if (session == NULL)
    return;

  if (g_str_equal (action_name, "session.letdown"))
    lull_session_mark_letdown (session);
  else if (g_str_equal (action_name, "session.next"))
    lull_session_next_step (session);
  else if (g_str_equal (action_name, "session.back"))
    lull_session_previous_step (session);
  else if (g_str_equal (action_name, "session.skip"))
    lull_session_skip_preparation (session);
  else if (g_str_equal (action_name, "session.switch-phase"))
    lull_session_switch_phase (session);
  else if (g_str_equal (action_name, "session.finish"))
    lull_session_finish (session);
  else if (g_str_equal (action_name, "session.sound"))
    lull_session_runner_toggle_sound (self->runner);
  else if (g_str_equal (action_name, "session.mute"))
    lull_session_runner_toggle_mute (self->runner);
  else if (g_str_equal (action_name, "session.hide-photos"))
    lull_session_runner_toggle_photos_hidden (self->runner);
  else if (g_str_equal (action_name, "session.pause"))
    {
      if (lull_session_get_paused (session))
        lull_session_resume (session);
      else
        lull_session_pause (session);
    }

  update_display (self);
  schedule_display (self);
}

/* A session key: its action when that applies now, otherwise a word on
 * why nothing happened, where a word helps. */
static void
key_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  LullSessionPage *self = LULL_SESSION_PAGE (widget);
  const char *target = g_variant_get_string (parameter, NULL);

  if (self->session == NULL)
    return;

  if (action_applies (self, target))
    {
      session_action (widget, target, NULL);
      return;
    }

  if (g_str_equal (target, "session.mute") || g_str_equal (target, "session.sound"))
    show_hint (self, _("No sound is playing."));
  else if (g_str_equal (target, "session.hide-photos"))
    show_hint (self, _("No photos are showing. You can add some in Photos (Ctrl+P)."));
  else if (lull_session_get_paused (self->session))
    show_hint (self, _("Paused: press P to go on."));
  else if (g_str_equal (target, "session.letdown"))
    show_hint (self, _("Let‑downs are marked once you start pumping."));
}

static void
on_time_button_toggled (LullSessionPage *self)
{
  update_display (self);
  schedule_display (self);
  update_sound_progress (self);
}

static void
lull_session_page_dispose (GObject *object)
{
  LullSessionPage *self = LULL_SESSION_PAGE (object);
  GtkWidget *child;

  lull_session_page_set_session (self, NULL);
  set_player (self, NULL);
  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  g_clear_object (&self->runner);
  g_clear_handle_id (&self->display_source, g_source_remove);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), LULL_TYPE_SESSION_PAGE);
  /* A plain GtkWidget owns its top child itself. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lull_session_page_parent_class)->dispose (object);
}

static void
lull_session_page_map (GtkWidget *widget)
{
  LullSessionPage *self = LULL_SESSION_PAGE (widget);

  GTK_WIDGET_CLASS (lull_session_page_parent_class)->map (widget);

  if (self->primary != NULL)
    gtk_widget_grab_focus (self->primary);
}

static void
lull_session_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LullSessionPage *self = LULL_SESSION_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_REDUCE_MOTION:
      g_value_set_boolean (value, self->reduce_motion);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_session_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LullSessionPage *self = LULL_SESSION_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      lull_session_page_set_session (self, g_value_get_object (value));
      break;

    case PROP_REDUCE_MOTION:
      self->reduce_motion = g_value_get_boolean (value);
      update_slideshow_motion (self);
      update_display (self);
      g_object_notify_by_pspec (object, pspec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_shortcuts (LullSessionPage *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* Global and in the capture phase: the keys work wherever the focus is
   * in the window, and Space marks a let-down rather than pressing the
   * focused button. Once the session is over, session.key is disabled and
   * the keys go through (typing a space in the log's notes). */
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);

  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    {
      GtkShortcut *shortcut =
        gtk_shortcut_new (gtk_keyval_trigger_new (shortcuts[i].keyval, shortcuts[i].modifiers),
                          gtk_named_action_new ("session.key"));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_string (shortcuts[i].action_name));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }

  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
lull_session_page_class_init (LullSessionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lull_session_page_dispose;
  widget_class->map = lull_session_page_map;
  object_class->get_property = lull_session_page_get_property;
  object_class->set_property = lull_session_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         LULL_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REDUCE_MOTION] =
    g_param_spec_boolean ("reduce-motion", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LULL_TYPE_BREATHING_SHAPE);
  g_type_ensure (LULL_TYPE_SLIDESHOW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lull-session-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, phase_label);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, shape);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, breath_label);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, next_label);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, suggestion_label);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, letdown_label);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, time_label);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, prepare_buttons);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, pump_buttons);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, pause_button);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, time_button);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, letdown_button);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, next_button);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, sound_box);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, sound_button);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, sound_title);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, sound_progress);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, volume_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, mute_button);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, top_clamp);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, photo_overlay);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, slideshow);
  gtk_widget_class_bind_template_child (widget_class, LullSessionPage, hide_button);
  gtk_widget_class_bind_template_callback (widget_class, on_slideshow_shown);
  gtk_widget_class_bind_template_callback (widget_class, on_slideshow_done);
  gtk_widget_class_bind_template_callback (widget_class, on_photo_overlay_position);
  gtk_widget_class_bind_template_callback (widget_class, on_time_button_toggled);

  for (guint i = 0; i < G_N_ELEMENTS (session_actions); i++)
    gtk_widget_class_install_action (widget_class, session_actions[i], NULL, session_action);
  gtk_widget_class_install_action (widget_class, "session.key", "s", key_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sessionpage");
}

static void
lull_session_page_init (LullSessionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->time_button, "toggled",
                            G_CALLBACK (on_time_button_toggled), self);

  add_shortcuts (self);
  lull_label_scrollbars (self->scroller);
  update_display (self);
}

LullSession *
lull_session_page_get_session (LullSessionPage *self)
{
  g_return_val_if_fail (LULL_IS_SESSION_PAGE (self), NULL);

  return self->session;
}

void
lull_session_page_set_session (LullSessionPage *self,
                               LullSession     *session)
{
  g_return_if_fail (LULL_IS_SESSION_PAGE (self));
  g_return_if_fail (session == NULL || LULL_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);

  g_set_object (&self->session, session);
  gtk_widget_set_visible (GTK_WIDGET (self->suggestion_label), FALSE);
  self->primary = NULL;
  update_letdown_count (self);

  if (session != NULL)
    {
      g_signal_connect_object (session, "changed", G_CALLBACK (on_session_changed), self, 0);
      g_signal_connect_object (session, "suggestion", G_CALLBACK (on_suggestion), self, 0);
      g_signal_connect_object (session, "step-changed",
                               G_CALLBACK (on_step_or_phase_changed), self, 0);
      g_signal_connect_object (session, "phase-changed",
                               G_CALLBACK (on_step_or_phase_changed), self, 0);
      g_signal_connect_object (session, "letdown-marked",
                               G_CALLBACK (on_letdown_marked), self, 0);
    }

  update_display (self);
  schedule_display (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
lull_session_page_bind_settings (LullSessionPage *self,
                                 GSettings       *settings)
{
  g_return_if_fail (LULL_IS_SESSION_PAGE (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_set_object (&self->settings, settings);
  g_settings_bind (settings, "show-time", self->time_button, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "reduce-motion", self, "reduce-motion", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "clip-sound", self->slideshow, "clip-sound", G_SETTINGS_BIND_GET);
}

/**
 * lull_session_page_focus_primary:
 *
 * Gives the focus to the control the parent most likely wants now. The
 * window calls it after switching to the page: GtkStack moves the focus
 * into a page it shows, one control on from where the page put it.
 */
void
lull_session_page_focus_primary (LullSessionPage *self)
{
  g_return_if_fail (LULL_IS_SESSION_PAGE (self));

  if (self->primary != NULL)
    gtk_widget_grab_focus (self->primary);
}

/**
 * lull_session_page_set_presenter:
 * @presenter: the window is fullscreen
 *
 * The presenter view, readable across a room: larger prompts, the whole
 * width, and the next step shown small below the current one.
 */
void
lull_session_page_set_presenter (LullSessionPage *self,
                                 gboolean         presenter)
{
  g_return_if_fail (LULL_IS_SESSION_PAGE (self));

  presenter = !!presenter;
  if (self->presenter == presenter)
    return;

  self->presenter = presenter;
  if (presenter)
    gtk_widget_add_css_class (GTK_WIDGET (self), "presenter");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "presenter");
  update_photo_layout (self);
  if (self->session != NULL)
    update_display (self);
}

/**
 * lull_session_page_set_runner:
 * @runner: the window's session runner, whose sound the page controls
 */
void
lull_session_page_set_runner (LullSessionPage   *self,
                              LullSessionRunner *runner)
{
  g_return_if_fail (LULL_IS_SESSION_PAGE (self));
  g_return_if_fail (LULL_IS_SESSION_RUNNER (runner));

  g_set_object (&self->runner, runner);
  g_signal_connect_object (runner, "notify::player", G_CALLBACK (on_runner_player), self, 0);
  g_signal_connect_object (runner, "notify::photo", G_CALLBACK (on_runner_photo), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (runner, "notify::photo-focus", G_CALLBACK (update_photo_layout), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (runner, "notify::photos-hidden", G_CALLBACK (update_photo_layout),
                           self, G_CONNECT_SWAPPED);
  set_player (self, lull_session_runner_get_player (runner));
  on_runner_photo (self);
}
