/* lull-session.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "lull-session.h"

/* A routine run on a clock. Every time is computed from the clock, never
 * by counting ticks: a tick that comes late (a busy machine, a suspend)
 * then costs nothing, and a 30-minute session in a test is 1,800 calls.
 *
 * The session keeps one timeline, its running time: clock time while it is
 * neither paused nor over. Pump start, step start and phase start are marks
 * on that timeline, so pauses are left out of every duration at once, and
 * a checkpoint is a handful of numbers.
 *
 * The phase is what the parent's pump is doing; the steps after the first
 * stimulation or expression step are prompts shown while pumping. The two
 * follow each other: reaching a stimulation or expression step sets the
 * phase, and switching the phase moves on to the next step of that kind.
 *
 * Suggestion times come from science.md: 1 to 3 minutes of stimulation
 * before switching, a first let-down usually within the first minutes,
 * and back to stimulation to call up another let-down every 6 to 8
 * minutes when the flow slows. */

#define USEC                        ((gint64)G_USEC_PER_SEC)
#define SWITCH_AFTER_STIMULATION_US (2 * 60 * USEC)
#define NO_LETDOWN_AFTER_US         (3 * 60 * USEC)
#define BACK_TO_STIMULATION_AFTER_US (7 * 60 * USEC)

#define CHECKPOINT_GROUP            "Checkpoint"
#define CHECKPOINT_VERSION          1
/* Nobody pumps for a week; a larger value is a damaged file. */
#define CHECKPOINT_MAX_US           ((gint64)7 * 24 * 60 * 60 * USEC)
#define CHECKPOINT_MAX_LETDOWNS     1000
/* More than the history has cue words, so a list that long is damaged. */
#define CHECKPOINT_MAX_CUES         32

struct _LullSession
{
  GObject           parent_instance;

  LullRoutine      *routine;
  LullClock        *clock;
  GDateTime        *start_time;

  LullSessionState  state;
  LullPumpPhase     phase;
  gboolean          paused;
  int               step_index;

  /* Running time = run_base + (clock elapsed - segment_start) while
   * running, run_base otherwise. */
  gint64            run_base;
  gint64            segment_start;

  /* Marks on the running time. pump_start is valid once the pump has
   * started, which is when the phase is no longer NONE. */
  gint64            pump_start;
  gint64            step_start;
  gint64            phase_start;

  GArray           *letdowns;
  /* One bit per LullSuggestion given on its present occasion. */
  guint             suggested;

  /* One entry per step of the routine: TRUE once the session went
   * through it (see mark_completed()). */
  gboolean         *completed;
  /* One bit per word of lull_routine_get_cue_words() the app said it
   * really presented. */
  guint             noted_cues;
};

G_DEFINE_FINAL_TYPE (LullSession, lull_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROUTINE,
  PROP_CLOCK,
  PROP_STATE,
  PROP_PHASE,
  PROP_PAUSED,
  PROP_STEP_INDEX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  STEP_CHANGED,
  PHASE_CHANGED,
  LETDOWN_MARKED,
  SUGGESTION,
  PAUSED,
  RESUMED,
  FINISHED,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What an operation changed, to announce once everything is consistent. */
typedef enum
{
  ANNOUNCE_STATE  = 1 << 0,
  ANNOUNCE_PHASE  = 1 << 1,
  ANNOUNCE_STEP   = 1 << 2,
  ANNOUNCE_PAUSED = 1 << 3,
} Announce;

G_DEFINE_QUARK (lull-session-error-quark, lull_session_error)

/* The nicks are the words of the checkpoint file. The types are registered
 * here so that the properties and the signal have real enum types without
 * changing the public header. */
static const GEnumValue state_values[] = {
  { LULL_SESSION_STATE_PREPARING, "LULL_SESSION_STATE_PREPARING", "preparing" },
  { LULL_SESSION_STATE_PUMPING, "LULL_SESSION_STATE_PUMPING", "pumping" },
  { LULL_SESSION_STATE_FINISHED, "LULL_SESSION_STATE_FINISHED", "finished" },
  { LULL_SESSION_STATE_CANCELLED, "LULL_SESSION_STATE_CANCELLED", "cancelled" },
  { 0, NULL, NULL }
};

static const GEnumValue phase_values[] = {
  { LULL_PUMP_PHASE_NONE, "LULL_PUMP_PHASE_NONE", "none" },
  { LULL_PUMP_PHASE_STIMULATION, "LULL_PUMP_PHASE_STIMULATION", "stimulation" },
  { LULL_PUMP_PHASE_EXPRESSION, "LULL_PUMP_PHASE_EXPRESSION", "expression" },
  { 0, NULL, NULL }
};

static const GEnumValue suggestion_values[] = {
  { LULL_SUGGESTION_SWITCH_TO_EXPRESSION, "LULL_SUGGESTION_SWITCH_TO_EXPRESSION",
    "switch-to-expression" },
  { LULL_SUGGESTION_BACK_TO_STIMULATION, "LULL_SUGGESTION_BACK_TO_STIMULATION",
    "back-to-stimulation" },
  { LULL_SUGGESTION_NO_LETDOWN_YET, "LULL_SUGGESTION_NO_LETDOWN_YET", "no-letdown-yet" },
  { LULL_SUGGESTION_FINISH, "LULL_SUGGESTION_FINISH", "finish" },
  { 0, NULL, NULL }
};

static GType
register_enum (gsize            *type,
               const char       *name,
               const GEnumValue *values)
{
  if (g_once_init_enter (type))
    g_once_init_leave (type, g_enum_register_static (g_intern_static_string (name), values));

  return *type;
}

static GType
session_state_get_type (void)
{
  static gsize type = 0;

  return register_enum (&type, "LullSessionState", state_values);
}

static GType
pump_phase_get_type (void)
{
  static gsize type = 0;

  return register_enum (&type, "LullPumpPhase", phase_values);
}

static GType
suggestion_get_type (void)
{
  static gsize type = 0;

  return register_enum (&type, "LullSuggestion", suggestion_values);
}

static gboolean
is_active (LullSession *self)
{
  return self->state == LULL_SESSION_STATE_PREPARING
         || self->state == LULL_SESSION_STATE_PUMPING;
}

static gboolean
is_running (LullSession *self)
{
  return is_active (self) && !self->paused;
}

static gint64
running_time (LullSession *self)
{
  if (!is_running (self))
    return self->run_base;

  return self->run_base + (lull_clock_get_elapsed (self->clock) - self->segment_start);
}

/* Called before the session stops running (pause, finish, cancel). */
static void
stop_running (LullSession *self)
{
  self->run_base = running_time (self);
}

static gboolean
pump_started (LullSession *self)
{
  return self->phase != LULL_PUMP_PHASE_NONE;
}

static gint64
pump_elapsed (LullSession *self)
{
  if (!pump_started (self))
    return 0;

  return running_time (self) - self->pump_start;
}

static gint64
prime_elapsed (LullSession *self)
{
  if (!pump_started (self))
    return running_time (self);

  return self->pump_start;
}

static guint
n_steps (LullSession *self)
{
  return lull_routine_get_n_steps (self->routine);
}

static guint
n_prepare_steps (LullSession *self)
{
  return lull_routine_get_n_prepare_steps (self->routine);
}

static LullStep *
current_step (LullSession *self)
{
  if (self->step_index < 0)
    return NULL;

  return lull_routine_get_step (self->routine, self->step_index);
}

/* A step counts for the record's cues once the parent moved on from it or
 * its time ran out, and a pump-time prompt as soon as it is shown while
 * pumping. Going back, or skipping the rest of the preparation, leaves
 * the step as it was. */
static void
mark_completed (LullSession *self,
                int          index_)
{
  if (index_ >= 0 && index_ < (int)n_steps (self))
    self->completed[index_] = TRUE;
}

static int
cue_index (const char *cue)
{
  const char * const *words = lull_routine_get_cue_words ();

  for (int i = 0; cue != NULL && words[i] != NULL; i++)
    {
      if (g_str_equal (cue, words[i]))
        return i;
    }

  return -1;
}

/* A step may offer a sound or photos that were never played or shown (the
 * sound off, no photos imported, a player that failed), so these two cues
 * come only from lull_session_note_cue(), never from the steps. */
static gboolean
cue_needs_noting (const char *cue)
{
  return g_str_equal (cue, "audio") || g_str_equal (cue, "photos");
}

static LullPumpPhase
phase_of_step (LullSession *self,
               guint        index_)
{
  switch (lull_step_get_kind (lull_routine_get_step (self->routine, index_)))
    {
    case LULL_STEP_KIND_STIMULATION:
      return LULL_PUMP_PHASE_STIMULATION;

    case LULL_STEP_KIND_EXPRESSION:
      return LULL_PUMP_PHASE_EXPRESSION;

    case LULL_STEP_KIND_WARMTH:
    case LULL_STEP_KIND_MASSAGE:
    case LULL_STEP_KIND_BACK_RUB:
    case LULL_STEP_KIND_BREATHING:
    case LULL_STEP_KIND_IMAGERY:
    case LULL_STEP_KIND_DRINK:
    case LULL_STEP_KIND_PHOTO_FOCUS:
    case LULL_STEP_KIND_COMPRESSION:
    case LULL_STEP_KIND_REST:
    case LULL_STEP_KIND_CUSTOM:
    default:
      return LULL_PUMP_PHASE_NONE;
    }
}

static void
set_suggested (LullSession    *self,
               LullSuggestion  suggestion,
               gboolean        given)
{
  if (given)
    self->suggested |= 1u << suggestion;
  else
    self->suggested &= ~(1u << suggestion);
}

static gboolean
was_suggested (LullSession    *self,
               LullSuggestion  suggestion)
{
  return (self->suggested & (1u << suggestion)) != 0;
}

/* A new stimulation phase is a new occasion to suggest switching, a new
 * expression phase a new occasion to suggest going back. */
static Announce
set_phase (LullSession   *self,
           LullPumpPhase  phase,
           gint64         at)
{
  if (self->phase == phase)
    return 0;

  self->phase = phase;
  self->phase_start = at;

  if (phase == LULL_PUMP_PHASE_STIMULATION)
    set_suggested (self, LULL_SUGGESTION_SWITCH_TO_EXPRESSION, FALSE);
  else if (phase == LULL_PUMP_PHASE_EXPRESSION)
    set_suggested (self, LULL_SUGGESTION_BACK_TO_STIMULATION, FALSE);

  return ANNOUNCE_PHASE;
}

static Announce
set_step (LullSession *self,
          int          index_,
          gint64       at)
{
  Announce changed = 0;

  if (self->step_index != index_)
    changed |= ANNOUNCE_STEP;

  self->step_index = index_;
  self->step_start = at;

  if (self->state == LULL_SESSION_STATE_PUMPING && index_ >= 0)
    {
      LullPumpPhase phase = phase_of_step (self, index_);

      mark_completed (self, index_);

      if (phase != LULL_PUMP_PHASE_NONE)
        changed |= set_phase (self, phase, at);
    }

  return changed;
}

/* The pump always starts in stimulation, the light fast mode that calls
 * up the first let-down, whatever the first pump step says. */
static Announce
start_pump (LullSession *self,
            gint64       at)
{
  Announce changed = ANNOUNCE_STATE;

  self->state = LULL_SESSION_STATE_PUMPING;
  self->pump_start = at;
  changed |= set_phase (self, LULL_PUMP_PHASE_STIMULATION, at);

  if (n_prepare_steps (self) < n_steps (self))
    {
      if (self->step_index != (int)n_prepare_steps (self))
        changed |= ANNOUNCE_STEP;
      self->step_index = n_prepare_steps (self);
      mark_completed (self, self->step_index);
    }
  else
    {
      if (self->step_index != -1)
        changed |= ANNOUNCE_STEP;
      self->step_index = -1;
    }
  self->step_start = at;

  return changed;
}

/* Moving on from a preparation step, on its own or by the parent's hand:
 * after the last one comes the pump. */
static Announce
next_prepare_step (LullSession *self,
                   gint64       at)
{
  mark_completed (self, self->step_index);

  if (self->step_index + 1 < (int)n_prepare_steps (self))
    return set_step (self, self->step_index + 1, at);

  return start_pump (self, at);
}

static void
announce (LullSession *self,
          Announce     changed)
{
  g_object_ref (self);

  if (changed & ANNOUNCE_STATE)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (changed & ANNOUNCE_PAUSED)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  if (changed & ANNOUNCE_PHASE)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
  if (changed & ANNOUNCE_STEP)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP_INDEX]);

  if (changed & ANNOUNCE_STEP)
    g_signal_emit (self, signals[STEP_CHANGED], 0);
  if (changed & ANNOUNCE_PHASE)
    g_signal_emit (self, signals[PHASE_CHANGED], 0);

  g_signal_emit (self, signals[CHANGED], 0);

  g_object_unref (self);
}

static void
suggest (LullSession    *self,
         LullSuggestion  suggestion)
{
  set_suggested (self, suggestion, TRUE);

  g_object_ref (self);
  g_signal_emit (self, signals[SUGGESTION], 0, suggestion);
  g_signal_emit (self, signals[CHANGED], 0);
  g_object_unref (self);
}

/* The running time is frozen on pausing and goes on from the clock's
 * present on resuming, so the pause counts in no duration. */
static void
set_paused (LullSession *self,
            gboolean     paused)
{
  if (!is_active (self) || self->paused == paused)
    return;

  if (paused)
    stop_running (self);
  else
    self->segment_start = lull_clock_get_elapsed (self->clock);
  self->paused = paused;

  g_object_ref (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  g_signal_emit (self, signals[paused ? PAUSED : RESUMED], 0);
  g_signal_emit (self, signals[CHANGED], 0);
  g_object_unref (self);
}

/* One timed step at most, so that handlers of the signals see each step;
 * the time past the step's end is carried into the next one, so after a
 * suspend the routine is where it would have been. */
static gboolean
advance_timed_step (LullSession *self)
{
  LullStep *step = current_step (self);
  gint64 duration;
  gint64 end;
  Announce changed;

  if (!is_running (self) || step == NULL)
    return FALSE;

  duration = (gint64)lull_step_get_duration_seconds (step) * USEC;
  if (duration == 0)
    return FALSE;

  end = self->step_start + duration;
  if (running_time (self) < end)
    return FALSE;

  if (self->state == LULL_SESSION_STATE_PREPARING)
    {
      changed = next_prepare_step (self, end);
    }
  else
    {
      /* The last prompt stays until the parent finishes. */
      if (self->step_index + 1 >= (int)n_steps (self))
        return FALSE;
      mark_completed (self, self->step_index);
      changed = set_step (self, self->step_index + 1, end);
    }

  announce (self, changed);

  return TRUE;
}

static gint64
last_letdown_us (LullSession *self)
{
  if (self->letdowns->len == 0)
    return -1;

  return (gint64)g_array_index (self->letdowns, guint, self->letdowns->len - 1) * USEC;
}

static gboolean
raise_due_suggestion (LullSession *self)
{
  gint64 pump;
  gint64 phase;

  if (self->state != LULL_SESSION_STATE_PUMPING || self->paused)
    return FALSE;

  pump = pump_elapsed (self);
  phase = running_time (self) - self->phase_start;

  if (self->phase == LULL_PUMP_PHASE_STIMULATION
      && !was_suggested (self, LULL_SUGGESTION_SWITCH_TO_EXPRESSION)
      && phase >= SWITCH_AFTER_STIMULATION_US)
    {
      suggest (self, LULL_SUGGESTION_SWITCH_TO_EXPRESSION);
      return TRUE;
    }

  if (!was_suggested (self, LULL_SUGGESTION_NO_LETDOWN_YET)
      && self->letdowns->len == 0
      && pump >= NO_LETDOWN_AFTER_US)
    {
      suggest (self, LULL_SUGGESTION_NO_LETDOWN_YET);
      return TRUE;
    }

  if (self->phase == LULL_PUMP_PHASE_EXPRESSION
      && !was_suggested (self, LULL_SUGGESTION_BACK_TO_STIMULATION))
    {
      gint64 since = MAX (self->phase_start - self->pump_start, last_letdown_us (self));

      if (pump - since >= BACK_TO_STIMULATION_AFTER_US)
        {
          suggest (self, LULL_SUGGESTION_BACK_TO_STIMULATION);
          return TRUE;
        }
    }

  if (!was_suggested (self, LULL_SUGGESTION_FINISH)
      && pump >= (gint64)lull_routine_get_pump_seconds (self->routine) * USEC)
    {
      suggest (self, LULL_SUGGESTION_FINISH);
      return TRUE;
    }

  return FALSE;
}

static void
lull_session_constructed (GObject *object)
{
  LullSession *self = (LullSession *)object;
  g_autoptr(GDateTime) now = NULL;

  G_OBJECT_CLASS (lull_session_parent_class)->constructed (object);

  g_assert (LULL_IS_ROUTINE (self->routine));
  g_assert (LULL_IS_CLOCK (self->clock));

  /* The history keeps whole seconds; a start with a fraction would give a
   * record whose key and start disagree once written. */
  now = lull_clock_get_now (self->clock);
  self->start_time = g_date_time_add (now, -(gint64)g_date_time_get_microsecond (now));
  self->segment_start = lull_clock_get_elapsed (self->clock);
  self->completed = g_new0 (gboolean, n_steps (self));

  if (n_prepare_steps (self) == 0)
    start_pump (self, 0);
}

static void
lull_session_dispose (GObject *object)
{
  LullSession *self = (LullSession *)object;

  g_clear_object (&self->routine);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (lull_session_parent_class)->dispose (object);
}

static void
lull_session_finalize (GObject *object)
{
  LullSession *self = (LullSession *)object;

  g_clear_pointer (&self->start_time, g_date_time_unref);
  g_clear_pointer (&self->letdowns, g_array_unref);
  g_clear_pointer (&self->completed, g_free);

  G_OBJECT_CLASS (lull_session_parent_class)->finalize (object);
}

static void
lull_session_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LullSession *self = LULL_SESSION (object);

  switch (prop_id)
    {
    case PROP_ROUTINE:
      g_value_set_object (value, self->routine);
      break;

    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_PHASE:
      g_value_set_enum (value, self->phase);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    case PROP_STEP_INDEX:
      g_value_set_int (value, self->step_index);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_session_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LullSession *self = LULL_SESSION (object);

  switch (prop_id)
    {
    case PROP_ROUTINE:
      self->routine = g_value_dup_object (value);
      break;

    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;

    case PROP_PAUSED:
      if (g_value_get_boolean (value))
        lull_session_pause (self);
      else
        lull_session_resume (self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_session_class_init (LullSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lull_session_constructed;
  object_class->dispose = lull_session_dispose;
  object_class->finalize = lull_session_finalize;
  object_class->get_property = lull_session_get_property;
  object_class->set_property = lull_session_set_property;

  properties[PROP_ROUTINE] =
    g_param_spec_object ("routine", NULL, NULL,
                         LULL_TYPE_ROUTINE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL,
                         LULL_TYPE_CLOCK,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       session_state_get_type (),
                       LULL_SESSION_STATE_PREPARING,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL,
                       pump_phase_get_type (),
                       LULL_PUMP_PHASE_NONE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LullSession:paused:
   *
   * Writable, so that a toggle can be bound to it: setting it pauses or
   * resumes the session.
   */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LullSession:step-index:
   *
   * The current step of the routine, or -1 while pumping with a routine
   * that has no pump-time prompts.
   */
  properties[PROP_STEP_INDEX] =
    g_param_spec_int ("step-index", NULL, NULL,
                      -1, LULL_ROUTINE_MAX_STEPS - 1, 0,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LullSession::step-changed:
   *
   * Another step is shown: read it with lull_session_get_step().
   */
  signals[STEP_CHANGED] =
    g_signal_new ("step-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * LullSession::phase-changed:
   *
   * The pump phase changed (also when the pump starts).
   */
  signals[PHASE_CHANGED] =
    g_signal_new ("phase-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * LullSession::letdown-marked:
   * @seconds: whole seconds from pump start, pauses excluded
   */
  signals[LETDOWN_MARKED] =
    g_signal_new ("letdown-marked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * LullSession::suggestion:
   * @suggestion: a #LullSuggestion
   *
   * Each suggestion comes once per occasion, only while pumping and not
   * paused.
   */
  signals[SUGGESTION] =
    g_signal_new ("suggestion",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, suggestion_get_type ());

  signals[PAUSED] =
    g_signal_new ("paused",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals[RESUMED] =
    g_signal_new ("resumed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * LullSession::changed:
   *
   * Anything a checkpoint holds changed, other than the times growing:
   * the moment to save one.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
lull_session_init (LullSession *self)
{
  self->state = LULL_SESSION_STATE_PREPARING;
  self->phase = LULL_PUMP_PHASE_NONE;
  self->letdowns = g_array_new (FALSE, FALSE, sizeof (guint));
}

/**
 * lull_session_new:
 * @routine: the routine to run
 * @clock: the clock to run it on
 *
 * A session that starts now, at the routine's first step; a routine with
 * no preparation starts straight with the pump.
 */
LullSession *
lull_session_new (LullRoutine *routine,
                  LullClock   *clock)
{
  g_return_val_if_fail (LULL_IS_ROUTINE (routine), NULL);
  g_return_val_if_fail (LULL_IS_CLOCK (clock), NULL);

  return g_object_new (LULL_TYPE_SESSION,
                       "routine", routine,
                       "clock", clock,
                       NULL);
}

LullRoutine *
lull_session_get_routine (LullSession *self)
{
  g_return_val_if_fail (LULL_IS_SESSION (self), NULL);

  return self->routine;
}

LullSessionState
lull_session_get_state (LullSession *self)
{
  g_return_val_if_fail (LULL_IS_SESSION (self), LULL_SESSION_STATE_CANCELLED);

  return self->state;
}

LullPumpPhase
lull_session_get_phase (LullSession *self)
{
  g_return_val_if_fail (LULL_IS_SESSION (self), LULL_PUMP_PHASE_NONE);

  return self->phase;
}

gboolean
lull_session_get_paused (LullSession *self)
{
  g_return_val_if_fail (LULL_IS_SESSION (self), FALSE);

  return self->paused;
}

int
lull_session_get_step_index (LullSession *self)
{
  g_return_val_if_fail (LULL_IS_SESSION (self), -1);

  return self->step_index;
}

/**
 * lull_session_get_step:
 *
 * Returns: (transfer none) (nullable): the current step, %NULL while
 *   pumping with a routine that has no pump-time prompts
 */
LullStep *
lull_session_get_step (LullSession *self)
{
  g_return_val_if_fail (LULL_IS_SESSION (self), NULL);

  return current_step (self);
}

guint
lull_session_get_prime_seconds (LullSession *self)
{
  g_return_val_if_fail (LULL_IS_SESSION (self), 0);

  return (guint)(prime_elapsed (self) / USEC);
}

guint
lull_session_get_pump_seconds (LullSession *self)
{
  g_return_val_if_fail (LULL_IS_SESSION (self), 0);

  return (guint)(pump_elapsed (self) / USEC);
}

guint
lull_session_get_step_seconds (LullSession *self)
{
  g_return_val_if_fail (LULL_IS_SESSION (self), 0);

  return (guint)((running_time (self) - self->step_start) / USEC);
}

guint
lull_session_get_phase_seconds (LullSession *self)
{
  g_return_val_if_fail (LULL_IS_SESSION (self), 0);

  if (!pump_started (self))
    return 0;

  return (guint)((running_time (self) - self->phase_start) / USEC);
}

/**
 * lull_session_get_prime_elapsed:
 *
 * The time lull_session_get_prime_seconds() rounds down, read from the
 * session's clock: a display of the preparing time can wake at the next
 * whole second of it instead of counting ticks.
 *
 * Returns: microseconds of preparing, pauses excluded; frozen once the
 *   pump starts
 */
gint64
lull_session_get_prime_elapsed (LullSession *self)
{
  g_return_val_if_fail (LULL_IS_SESSION (self), 0);

  return prime_elapsed (self);
}

/**
 * lull_session_get_pump_elapsed:
 *
 * Returns: microseconds of pumping, pauses excluded; 0 before the pump
 */
gint64
lull_session_get_pump_elapsed (LullSession *self)
{
  g_return_val_if_fail (LULL_IS_SESSION (self), 0);

  return pump_elapsed (self);
}

/**
 * lull_session_get_start_time:
 *
 * Returns: (transfer none): the wall time the session began, in whole
 *   seconds
 */
GDateTime *
lull_session_get_start_time (LullSession *self)
{
  g_return_val_if_fail (LULL_IS_SESSION (self), NULL);

  return self->start_time;
}

/**
 * lull_session_get_letdowns:
 *
 * Returns: (transfer none) (element-type guint): seconds from pump start
 *   of each let-down, in the order marked
 */
const GArray *
lull_session_get_letdowns (LullSession *self)
{
  g_return_val_if_fail (LULL_IS_SESSION (self), NULL);

  return self->letdowns;
}

/**
 * lull_session_next_step:
 *
 * Moves on from a step, timed or not. After the last preparation step
 * the pump starts; while pumping it shows the next prompt.
 */
void
lull_session_next_step (LullSession *self)
{
  gint64 now;

  g_return_if_fail (LULL_IS_SESSION (self));

  now = running_time (self);

  if (self->state == LULL_SESSION_STATE_PREPARING)
    {
      announce (self, next_prepare_step (self, now));
    }
  else if (self->state == LULL_SESSION_STATE_PUMPING
           && self->step_index >= 0
           && self->step_index + 1 < (int)n_steps (self))
    {
      mark_completed (self, self->step_index);
      announce (self, set_step (self, self->step_index + 1, now));
    }
}

/**
 * lull_session_previous_step:
 *
 * Goes back one step, within the preparation or within the pump-time
 * prompts: once the pump runs, the preparation is over.
 */
void
lull_session_previous_step (LullSession *self)
{
  int first;

  g_return_if_fail (LULL_IS_SESSION (self));

  if (self->state == LULL_SESSION_STATE_PREPARING)
    first = 0;
  else if (self->state == LULL_SESSION_STATE_PUMPING)
    first = n_prepare_steps (self);
  else
    return;

  if (self->step_index > first)
    announce (self, set_step (self, self->step_index - 1, running_time (self)));
}

void
lull_session_skip_preparation (LullSession *self)
{
  g_return_if_fail (LULL_IS_SESSION (self));

  if (self->state == LULL_SESSION_STATE_PREPARING)
    announce (self, start_pump (self, running_time (self)));
}

/**
 * lull_session_switch_phase:
 *
 * The parent switched the pump between stimulation and expression. The
 * prompt moves on to the next step of that phase, if the routine has one,
 * going round to the first one for a return to stimulation.
 */
void
lull_session_switch_phase (LullSession *self)
{
  LullPumpPhase phase;
  Announce changed;
  gint64 now;

  g_return_if_fail (LULL_IS_SESSION (self));

  if (self->state != LULL_SESSION_STATE_PUMPING)
    return;

  now = running_time (self);
  phase = self->phase == LULL_PUMP_PHASE_STIMULATION
          ? LULL_PUMP_PHASE_EXPRESSION
          : LULL_PUMP_PHASE_STIMULATION;
  changed = set_phase (self, phase, now);

  if (self->step_index >= 0)
    {
      guint first = n_prepare_steps (self);
      guint n_pump = n_steps (self) - first;

      for (guint i = 1; i < n_pump; i++)
        {
          guint candidate = first + (self->step_index - first + i) % n_pump;

          if (phase_of_step (self, candidate) == phase)
            {
              changed |= set_step (self, candidate, now);
              break;
            }
        }
    }

  announce (self, changed);
}

/**
 * lull_session_mark_letdown:
 *
 * Notes a let-down at the present second of pumping. Only while pumping
 * and not paused: the history counts let-downs in seconds from pump start,
 * and one felt during the preparation (it happens, and is a good sign) has
 * no such time, so the page offers the button only once the pump runs.
 */
void
lull_session_mark_letdown (LullSession *self)
{
  guint seconds;

  g_return_if_fail (LULL_IS_SESSION (self));

  if (self->state != LULL_SESSION_STATE_PUMPING || self->paused)
    return;

  seconds = (guint)(pump_elapsed (self) / USEC);
  g_array_append_val (self->letdowns, seconds);
  /* The wait for the next let-down starts again. */
  set_suggested (self, LULL_SUGGESTION_BACK_TO_STIMULATION, FALSE);

  g_object_ref (self);

  g_signal_emit (self, signals[LETDOWN_MARKED], 0, seconds);

  if (self->state == LULL_SESSION_STATE_PUMPING
      && !self->paused
      && self->phase == LULL_PUMP_PHASE_STIMULATION
      && !was_suggested (self, LULL_SUGGESTION_SWITCH_TO_EXPRESSION))
    suggest (self, LULL_SUGGESTION_SWITCH_TO_EXPRESSION);

  g_signal_emit (self, signals[CHANGED], 0);

  g_object_unref (self);
}

void
lull_session_pause (LullSession *self)
{
  g_return_if_fail (LULL_IS_SESSION (self));

  set_paused (self, TRUE);
}

void
lull_session_resume (LullSession *self)
{
  g_return_if_fail (LULL_IS_SESSION (self));

  set_paused (self, FALSE);
}

static Announce
end_session (LullSession      *self,
             LullSessionState  state)
{
  Announce changed = ANNOUNCE_STATE;

  stop_running (self);
  self->state = state;

  /* The times are frozen for good; a paused flag would only confuse. */
  if (self->paused)
    {
      self->paused = FALSE;
      changed |= ANNOUNCE_PAUSED;
    }

  return changed;
}

/**
 * lull_session_finish:
 *
 * The parent is done: the times stop and the session is ready to log.
 */
void
lull_session_finish (LullSession *self)
{
  Announce changed;

  g_return_if_fail (LULL_IS_SESSION (self));

  if (!is_active (self))
    return;

  changed = end_session (self, LULL_SESSION_STATE_FINISHED);

  g_object_ref (self);
  g_signal_emit (self, signals[FINISHED], 0);
  announce (self, changed);
  g_object_unref (self);
}

void
lull_session_cancel (LullSession *self)
{
  g_return_if_fail (LULL_IS_SESSION (self));

  if (!is_active (self))
    return;

  announce (self, end_session (self, LULL_SESSION_STATE_CANCELLED));
}

void
lull_session_tick (LullSession *self)
{
  g_return_if_fail (LULL_IS_SESSION (self));

  g_object_ref (self);

  /* One change at a time, looking at the session again after each: a
   * signal handler may have paused, switched or finished it. Each pass
   * moves a step forward or uses up a suggestion, so this ends. */
  while (advance_timed_step (self))
    ;
  while (raise_due_suggestion (self))
    ;

  g_object_unref (self);
}

/**
 * lull_session_note_cue:
 * @cue: a word of the history's `cues` key (see
 *   lull_routine_get_cue_words())
 *
 * The app really presented @cue: it played a sound ("audio"), showed a
 * photo of the baby ("photos"), or the like. The record's cues hold
 * "audio" and "photos" only when they were noted here, whatever the
 * routine's steps offer; any cue noted is in the record.
 */
void
lull_session_note_cue (LullSession *self,
                       const char  *cue)
{
  int index_;

  g_return_if_fail (LULL_IS_SESSION (self));
  g_return_if_fail (cue_index (cue) >= 0);

  index_ = cue_index (cue);
  if (self->noted_cues & (1u << index_))
    return;

  self->noted_cues |= 1u << index_;

  g_object_ref (self);
  g_signal_emit (self, signals[CHANGED], 0);
  g_object_unref (self);
}

/* The cues of the steps the session went through, but for "audio" and
 * "photos", and the cues noted with lull_session_note_cue(), in the
 * history's order. */
static GStrv
dup_cues (LullSession *self)
{
  const char * const *words = lull_routine_get_cue_words ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) step_cues = NULL;

  step_cues = lull_routine_dup_step_cues (self->routine, self->completed, n_steps (self));

  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean noted = (self->noted_cues & (1u << i)) != 0;
      gboolean stepped = !cue_needs_noting (words[i])
                         && g_strv_contains ((const char * const *)step_cues, words[i]);

      if (noted || stepped)
        g_strv_builder_add (builder, words[i]);
    }

  return g_strv_builder_end (builder);
}

/* The track of the first step gone through (or on screen now) that has
 * one, as that is what a sound noted most likely came from. */
static const char *
played_audio (LullSession *self)
{
  const char *first = NULL;

  for (guint i = 0; i < n_steps (self); i++)
    {
      const char *audio = lull_step_get_audio (lull_routine_get_step (self->routine, i));

      if (audio == NULL)
        continue;
      if (self->completed[i] || (int)i == self->step_index)
        return audio;
      if (first == NULL)
        first = audio;
    }

  return first;
}

/**
 * lull_session_build_record:
 *
 * Returns: (transfer full): a record of the session so far
 */
LullRecord *
lull_session_build_record (LullSession *self)
{
  g_autoptr(LullRecord) record = NULL;
  g_auto(GStrv) cues = NULL;

  g_return_val_if_fail (LULL_IS_SESSION (self), NULL);

  record = lull_record_new (self->start_time);
  lull_record_set_prime_seconds (record, lull_session_get_prime_seconds (self));
  lull_record_set_pump_seconds (record, lull_session_get_pump_seconds (self));
  lull_record_set_letdowns (record, (const guint *)(gpointer)self->letdowns->data,
                            self->letdowns->len);
  lull_record_set_routine (record, lull_routine_get_id (self->routine));

  /* Only what the session really went through, and sound and photos
   * only when the app played or showed them. */
  cues = dup_cues (self);
  lull_record_set_cues (record, (const char * const *)cues);

  if (self->noted_cues & (1u << cue_index ("audio")))
    lull_record_set_audio (record, played_audio (self));

  return g_steal_pointer (&record);
}

static char *
suggestions_to_string (LullSession *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; suggestion_values[i].value_nick != NULL; i++)
    {
      if (!was_suggested (self, suggestion_values[i].value))
        continue;

      if (text->len > 0)
        g_string_append_c (text, ';');
      g_string_append (text, suggestion_values[i].value_nick);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
completed_steps_to_string (LullSession *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n_steps (self); i++)
    {
      if (self->completed[i])
        g_string_append_printf (text, "%s%u", text->len > 0 ? ";" : "", i);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
noted_cues_to_string (LullSession *self)
{
  const char * const *words = lull_routine_get_cue_words ();
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (self->noted_cues & (1u << i))
        g_string_append_printf (text, "%s%s", text->len > 0 ? ";" : "", words[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * lull_session_to_checkpoint:
 *
 * The whole state, with the times as they are now. Restored with
 * lull_session_new_from_checkpoint(), the session goes on from exactly
 * these times.
 *
 * Returns: (transfer full): a keyfile with a `[Checkpoint]` group
 */
GKeyFile *
lull_session_to_checkpoint (LullSession *self)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GString) letdowns = NULL;
  g_autofree char *start = NULL;
  g_autofree char *suggestions = NULL;
  g_autofree char *completed = NULL;
  g_autofree char *noted = NULL;
  gint64 running;

  g_return_val_if_fail (LULL_IS_SESSION (self), NULL);

  running = running_time (self);
  keyfile = g_key_file_new ();

  g_key_file_set_integer (keyfile, CHECKPOINT_GROUP, "version", CHECKPOINT_VERSION);
  g_key_file_set_string (keyfile, CHECKPOINT_GROUP, "routine", lull_routine_get_id (self->routine));
  g_key_file_set_string (keyfile, CHECKPOINT_GROUP, "state", state_values[self->state].value_nick);
  g_key_file_set_string (keyfile, CHECKPOINT_GROUP, "phase", phase_values[self->phase].value_nick);
  g_key_file_set_boolean (keyfile, CHECKPOINT_GROUP, "paused", self->paused);
  g_key_file_set_integer (keyfile, CHECKPOINT_GROUP, "step", self->step_index);

  start = g_date_time_format_iso8601 (self->start_time);
  g_key_file_set_string (keyfile, CHECKPOINT_GROUP, "start", start);

  g_key_file_set_int64 (keyfile, CHECKPOINT_GROUP, "prime-us", prime_elapsed (self));
  g_key_file_set_int64 (keyfile, CHECKPOINT_GROUP, "pump-us", pump_elapsed (self));
  g_key_file_set_int64 (keyfile, CHECKPOINT_GROUP, "step-us", running - self->step_start);
  g_key_file_set_int64 (keyfile, CHECKPOINT_GROUP, "phase-us",
                        pump_started (self) ? running - self->phase_start : 0);

  letdowns = g_string_new (NULL);
  for (guint i = 0; i < self->letdowns->len; i++)
    g_string_append_printf (letdowns, "%s%u", i > 0 ? ";" : "",
                            g_array_index (self->letdowns, guint, i));
  g_key_file_set_string (keyfile, CHECKPOINT_GROUP, "letdowns", letdowns->str);

  suggestions = suggestions_to_string (self);
  g_key_file_set_string (keyfile, CHECKPOINT_GROUP, "suggestions", suggestions);

  completed = completed_steps_to_string (self);
  g_key_file_set_string (keyfile, CHECKPOINT_GROUP, "completed-steps", completed);

  noted = noted_cues_to_string (self);
  g_key_file_set_string (keyfile, CHECKPOINT_GROUP, "noted-cues", noted);

  return g_steal_pointer (&keyfile);
}

static gboolean
bad_checkpoint (GError     **error,
                const char  *key)
{
  g_set_error (error, LULL_SESSION_ERROR, LULL_SESSION_ERROR_BAD_CHECKPOINT,
               _("The session in progress could not be restored: its saved “%s” is damaged. "
                 "You can still log the session by hand."),
               key);
  return FALSE;
}

static gboolean
read_number (GKeyFile    *keyfile,
             const char  *key,
             gint64       min,
             gint64       max,
             gint64      *out,
             GError     **error)
{
  g_autofree char *text = g_key_file_get_value (keyfile, CHECKPOINT_GROUP, key, NULL);

  if (text == NULL
      || !g_ascii_string_to_signed (g_strstrip (text), 10, min, max, out, NULL))
    return bad_checkpoint (error, key);

  return TRUE;
}

static gboolean
read_enum (GKeyFile          *keyfile,
           const char        *key,
           const GEnumValue  *values,
           int               *out,
           GError           **error)
{
  g_autofree char *text = g_key_file_get_value (keyfile, CHECKPOINT_GROUP, key, NULL);

  for (guint i = 0; text != NULL && values[i].value_nick != NULL; i++)
    {
      if (g_str_equal (g_strstrip (text), values[i].value_nick))
        {
          *out = values[i].value;
          return TRUE;
        }
    }

  return bad_checkpoint (error, key);
}

static gboolean
read_letdowns (GKeyFile  *keyfile,
               gint64     pump_us,
               GArray    *letdowns,
               GError   **error)
{
  g_autofree char *text = g_key_file_get_value (keyfile, CHECKPOINT_GROUP, "letdowns", NULL);
  g_auto(GStrv) parts = NULL;
  guint64 previous = 0;

  if (text == NULL)
    return bad_checkpoint (error, "letdowns");

  g_strstrip (text);
  if (text[0] == '\0')
    return TRUE;

  parts = g_strsplit (text, ";", CHECKPOINT_MAX_LETDOWNS + 1);
  if (g_strv_length (parts) > CHECKPOINT_MAX_LETDOWNS)
    return bad_checkpoint (error, "letdowns");

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 seconds;
      guint value;

      /* GKeyFile lists may end with a separator. */
      if (parts[i + 1] == NULL && parts[i][0] == '\0')
        break;

      /* In the order marked, and never later than the pump time saved. */
      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, previous,
                                       (guint64)(pump_us / USEC), &seconds, NULL))
        return bad_checkpoint (error, "letdowns");

      value = (guint)seconds;
      g_array_append_val (letdowns, value);
      previous = seconds;
    }

  return TRUE;
}

static gboolean
read_suggestions (GKeyFile     *keyfile,
                  LullSession  *session,
                  GError      **error)
{
  g_autofree char *text = g_key_file_get_value (keyfile, CHECKPOINT_GROUP, "suggestions", NULL);
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return bad_checkpoint (error, "suggestions");

  parts = g_strsplit (text, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gboolean known = FALSE;

      g_strstrip (parts[i]);
      if (parts[i][0] == '\0')
        continue;

      for (guint j = 0; suggestion_values[j].value_nick != NULL; j++)
        {
          if (g_str_equal (parts[i], suggestion_values[j].value_nick))
            {
              set_suggested (session, suggestion_values[j].value, TRUE);
              known = TRUE;
            }
        }

      if (!known)
        return bad_checkpoint (error, "suggestions");
    }

  return TRUE;
}

/* Indices of the steps gone through, in increasing order; never a pump-time
 * prompt before the pump started. A checkpoint from before this key holds
 * no such list: then the preparation steps before the current one count
 * as gone through (the parent may have skipped some: nobody knows), and,
 * while pumping, the prompt on screen. */
static gboolean
read_completed_steps (GKeyFile     *keyfile,
                      LullSession  *session,
                      gboolean      pumped,
                      GError      **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;
  guint n_all = n_steps (session);
  guint n_prepare = n_prepare_steps (session);
  guint64 limit = pumped ? n_all : n_prepare;
  guint64 next = 0;

  memset (session->completed, 0, n_all * sizeof (gboolean));

  if (!g_key_file_has_key (keyfile, CHECKPOINT_GROUP, "completed-steps", NULL))
    {
      guint before = session->step_index < 0 ? n_prepare : (guint)session->step_index;

      for (guint i = 0; i < MIN (before, n_prepare); i++)
        session->completed[i] = TRUE;
      if (pumped)
        mark_completed (session, session->step_index);

      return TRUE;
    }

  text = g_key_file_get_value (keyfile, CHECKPOINT_GROUP, "completed-steps", NULL);
  if (text == NULL)
    return bad_checkpoint (error, "completed-steps");

  g_strstrip (text);
  if (text[0] == '\0')
    return TRUE;

  /* Each step at most once, and a separator at the end. */
  parts = g_strsplit (text, ";", n_all + 2);
  if (g_strv_length (parts) > n_all + 1)
    return bad_checkpoint (error, "completed-steps");

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 index_;

      if (parts[i + 1] == NULL && parts[i][0] == '\0')
        break;

      if (next >= limit
          || !g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, next, limit - 1,
                                          &index_, NULL))
        return bad_checkpoint (error, "completed-steps");

      session->completed[index_] = TRUE;
      next = index_ + 1;
    }

  return TRUE;
}

/* The cues the app noted; none in a checkpoint from before this key. */
static gboolean
read_noted_cues (GKeyFile     *keyfile,
                 LullSession  *session,
                 GError      **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;

  session->noted_cues = 0;

  if (!g_key_file_has_key (keyfile, CHECKPOINT_GROUP, "noted-cues", NULL))
    return TRUE;

  text = g_key_file_get_value (keyfile, CHECKPOINT_GROUP, "noted-cues", NULL);
  if (text == NULL)
    return bad_checkpoint (error, "noted-cues");

  /* A list longer than that has a separator left in its last part, which
   * is then no cue word. */
  parts = g_strsplit (text, ";", CHECKPOINT_MAX_CUES);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      int index_;

      g_strstrip (parts[i]);
      if (parts[i][0] == '\0')
        continue;

      index_ = cue_index (parts[i]);
      if (index_ < 0)
        return bad_checkpoint (error, "noted-cues");

      session->noted_cues |= 1u << index_;
    }

  return TRUE;
}

/* The step must belong to the part of the routine the session is in: a
 * preparation step before the pump, a pump-time prompt after it (or none,
 * when the routine has no such prompts). */
static gboolean
step_fits (LullRoutine *routine,
           gboolean     pumped,
           gint64       step)
{
  gint64 n_prepare = lull_routine_get_n_prepare_steps (routine);
  gint64 n_all = lull_routine_get_n_steps (routine);

  if (!pumped)
    return step >= 0 && step < n_prepare;

  if (step == -1)
    return n_prepare == n_all;

  return step >= n_prepare && step < n_all;
}

/**
 * lull_session_new_from_checkpoint:
 * @keyfile: a keyfile from lull_session_to_checkpoint()
 * @routine: the routine the checkpoint names (see
 *   lull_session_checkpoint_routine_id())
 * @clock: the clock to go on with, possibly a new one
 * @error: a #LULL_SESSION_ERROR_BAD_CHECKPOINT naming the damaged key
 *
 * The times go on from exactly where they were saved. The time between
 * the save and this call is not counted: nobody knows whether the parent
 * went on pumping after a crash or a power cut, and a timer that jumps
 * ahead by an unknown amount is worse than one that missed a few seconds.
 *
 * Returns: (transfer full): the session, in the state it was saved in
 */
LullSession *
lull_session_new_from_checkpoint (GKeyFile     *keyfile,
                                  LullRoutine  *routine,
                                  LullClock    *clock,
                                  GError      **error)
{
  g_autoptr(LullSession) self = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *routine_id = NULL;
  g_autofree char *start_text = NULL;
  gint64 version, step, prime_us, pump_us, step_us, phase_us;
  int state, phase;
  gboolean paused;
  gboolean pumped;
  gint64 running;

  g_return_val_if_fail (keyfile != NULL, NULL);
  g_return_val_if_fail (LULL_IS_ROUTINE (routine), NULL);
  g_return_val_if_fail (LULL_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_key_file_has_group (keyfile, CHECKPOINT_GROUP))
    {
      bad_checkpoint (error, CHECKPOINT_GROUP);
      return NULL;
    }

  if (!read_number (keyfile, "version", CHECKPOINT_VERSION, CHECKPOINT_VERSION, &version, error))
    return NULL;

  routine_id = g_key_file_get_string (keyfile, CHECKPOINT_GROUP, "routine", NULL);
  if (g_strcmp0 (routine_id, lull_routine_get_id (routine)) != 0)
    {
      bad_checkpoint (error, "routine");
      return NULL;
    }

  if (!read_enum (keyfile, "state", state_values, &state, error)
      || !read_enum (keyfile, "phase", phase_values, &phase, error))
    return NULL;

  pumped = phase != LULL_PUMP_PHASE_NONE;
  if ((state == LULL_SESSION_STATE_PREPARING && pumped)
      || (state == LULL_SESSION_STATE_PUMPING && !pumped))
    {
      bad_checkpoint (error, "phase");
      return NULL;
    }

  paused = g_key_file_get_boolean (keyfile, CHECKPOINT_GROUP, "paused", &local_error);
  if (local_error != NULL)
    {
      bad_checkpoint (error, "paused");
      return NULL;
    }

  if (!read_number (keyfile, "step", -1, (gint64)lull_routine_get_n_steps (routine) - 1,
                    &step, error))
    return NULL;
  if (!step_fits (routine, pumped, step))
    {
      bad_checkpoint (error, "step");
      return NULL;
    }

  start_text = g_key_file_get_string (keyfile, CHECKPOINT_GROUP, "start", NULL);
  if (start_text != NULL)
    start = g_date_time_new_from_iso8601 (g_strstrip (start_text), NULL);
  if (start == NULL)
    {
      bad_checkpoint (error, "start");
      return NULL;
    }

  if (!read_number (keyfile, "prime-us", 0, CHECKPOINT_MAX_US, &prime_us, error)
      || !read_number (keyfile, "pump-us", 0, pumped ? CHECKPOINT_MAX_US : 0, &pump_us, error)
      || !read_number (keyfile, "step-us", 0, pumped ? pump_us : prime_us, &step_us, error)
      || !read_number (keyfile, "phase-us", 0, pump_us, &phase_us, error))
    return NULL;

  self = g_object_new (LULL_TYPE_SESSION,
                       "routine", routine,
                       "clock", clock,
                       NULL);

  if (!read_letdowns (keyfile, pump_us, self->letdowns, error))
    return NULL;

  /* Start again from a clean slate: constructing may have started the
   * pump of a routine with no preparation. */
  self->suggested = 0;
  if (!read_suggestions (keyfile, self, error))
    return NULL;

  running = prime_us + pump_us;
  g_clear_pointer (&self->start_time, g_date_time_unref);
  self->start_time = g_steal_pointer (&start);
  self->state = state;
  self->phase = phase;
  self->paused = paused && is_active (self);
  self->step_index = (int)step;
  self->run_base = running;
  self->segment_start = lull_clock_get_elapsed (clock);
  self->pump_start = prime_us;
  self->step_start = running - step_us;
  self->phase_start = running - phase_us;

  if (!read_completed_steps (keyfile, self, pumped, error)
      || !read_noted_cues (keyfile, self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * lull_session_checkpoint_routine_id:
 *
 * Returns: (transfer full) (nullable): the id of the routine a checkpoint
 *   was saved from, to find the routine before restoring it
 */
char *
lull_session_checkpoint_routine_id (GKeyFile *keyfile)
{
  g_return_val_if_fail (keyfile != NULL, NULL);

  return g_key_file_get_string (keyfile, CHECKPOINT_GROUP, "routine", NULL);
}
