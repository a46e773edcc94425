/* test-session.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "lull-session.h"
#include "lull-test-util.h"

#define SECOND ((gint64)G_USEC_PER_SEC)
#define MINUTE (60 * SECOND)

/* Three preparation steps (timed, "until I move on", timed), then the
 * pump-time prompts: stimulation, a timed expression prompt, a timed
 * compression prompt and a last one that waits. */
static const char routine_text[] =
  "[Routine]\n"
  "version=1\n"
  "id=test-session\n"
  "name=Test session\n"
  "pump-minutes=20\n"
  "\n"
  "[Step 1]\nkind=warmth\nduration=60\nprompt=Warm.\n"
  "[Step 2]\nkind=breathing\nduration=until-next\nbreaths-per-minute=6\nprompt=Breathe.\n"
  "[Step 3]\nkind=photo-focus\nduration=30\nphotos=true\nprompt=Look.\n"
  "[Step 4]\nkind=stimulation\nprompt=Start the pump.\n"
  "[Step 5]\nkind=expression\nduration=60\nprompt=Switch.\n"
  "[Step 6]\nkind=compression\nduration=90\naudio=builtin:meadow\nprompt=Press.\n"
  "[Step 7]\nkind=massage\nprompt=Massage.\n";

static const char pump_only_text[] =
  "[Routine]\n"
  "version=1\n"
  "id=pump-only\n"
  "name=Pump only\n"
  "[Step 1]\nkind=stimulation\nprompt=Start the pump.\n"
  "[Step 2]\nkind=expression\nprompt=Switch.\n";

typedef struct
{
  LullSuggestion suggestion;
  guint          pump_seconds;
} Suggested;

typedef struct
{
  GDateTime   *wall_start;
  LullClock   *clock;
  LullRoutine *routine;
  LullSession *session;

  GArray      *suggestions;
  GArray      *marks;
  guint        n_step_changed;
  guint        n_phase_changed;
  guint        n_paused;
  guint        n_resumed;
  guint        n_finished;
  guint        n_changed;
  guint        n_notify_state;
  guint        n_notify_phase;
  guint        n_notify_step;
  guint        n_notify_paused;
} Fixture;

static LullRoutine *
routine_from (const char *text)
{
  g_autoptr(GError) error = NULL;
  LullRoutine *routine;

  routine = lull_routine_new_from_data (text, -1, NULL, &error);
  g_assert_no_error (error);

  return routine;
}

static void
on_suggestion (LullSession    *session,
               LullSuggestion  suggestion,
               Fixture        *fixture)
{
  Suggested entry = { suggestion, lull_session_get_pump_seconds (session) };

  g_array_append_val (fixture->suggestions, entry);
}

static void
on_letdown_marked (LullSession *session,
                   guint        seconds,
                   Fixture     *fixture)
{
  g_array_append_val (fixture->marks, seconds);
}

static void
on_count (LullSession *session,
          guint       *count)
{
  (*count)++;
}

static void
watch (Fixture     *fixture,
       LullSession *session)
{
  g_signal_connect (session, "suggestion", G_CALLBACK (on_suggestion), fixture);
  g_signal_connect (session, "letdown-marked", G_CALLBACK (on_letdown_marked), fixture);
  g_signal_connect (session, "step-changed", G_CALLBACK (on_count), &fixture->n_step_changed);
  g_signal_connect (session, "phase-changed", G_CALLBACK (on_count), &fixture->n_phase_changed);
  g_signal_connect (session, "paused", G_CALLBACK (on_count), &fixture->n_paused);
  g_signal_connect (session, "resumed", G_CALLBACK (on_count), &fixture->n_resumed);
  g_signal_connect (session, "finished", G_CALLBACK (on_count), &fixture->n_finished);
  g_signal_connect (session, "changed", G_CALLBACK (on_count), &fixture->n_changed);
  g_signal_connect (session, "notify::state", G_CALLBACK (lull_test_count_notify),
                    &fixture->n_notify_state);
  g_signal_connect (session, "notify::phase", G_CALLBACK (lull_test_count_notify),
                    &fixture->n_notify_phase);
  g_signal_connect (session, "notify::step-index", G_CALLBACK (lull_test_count_notify),
                    &fixture->n_notify_step);
  g_signal_connect (session, "notify::paused", G_CALLBACK (lull_test_count_notify),
                    &fixture->n_notify_paused);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (3600);

  /* Half a second past, to see the start kept to the whole second. */
  fixture->wall_start = g_date_time_new (zone, 2026, 11, 23, 11, 15, 2.5);
  fixture->clock = lull_clock_new_test (fixture->wall_start);
  fixture->routine = routine_from (data != NULL ? data : routine_text);
  fixture->suggestions = g_array_new (FALSE, FALSE, sizeof (Suggested));
  fixture->marks = g_array_new (FALSE, FALSE, sizeof (guint));

  /* Some time on the clock before the session starts: the session counts
   * from its own start, not from the clock's. */
  lull_clock_advance (fixture->clock, 42 * SECOND + 123);

  fixture->session = lull_session_new (fixture->routine, fixture->clock);
  watch (fixture, fixture->session);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&fixture->session));
  g_assert_finalize_object (g_steal_pointer (&fixture->routine));
  g_assert_finalize_object (g_steal_pointer (&fixture->clock));
  g_date_time_unref (fixture->wall_start);
  g_array_unref (fixture->suggestions);
  g_array_unref (fixture->marks);
}

/* As the app does: the clock moves, then the session looks at it. */
static void
run_for (Fixture *fixture,
         guint    seconds)
{
  for (guint i = 0; i < seconds; i++)
    {
      lull_clock_advance (fixture->clock, SECOND);
      lull_session_tick (fixture->session);
    }
}

/* Runs until the pump has run for @seconds in all, ticking every second. */
static void
pump_until (Fixture *fixture,
            guint    seconds)
{
  while (lull_session_get_pump_seconds (fixture->session) < seconds)
    run_for (fixture, 1);
  g_assert_cmpuint (lull_session_get_pump_seconds (fixture->session), ==, seconds);
}

static guint
count_suggestions (Fixture        *fixture,
                   LullSuggestion  suggestion)
{
  guint count = 0;

  for (guint i = 0; i < fixture->suggestions->len; i++)
    count += g_array_index (fixture->suggestions, Suggested, i).suggestion == suggestion;

  return count;
}

static void
assert_suggestions (Fixture         *fixture,
                    const Suggested *expected,
                    guint            n_expected)
{
  for (guint i = 0; i < MIN (n_expected, fixture->suggestions->len); i++)
    {
      Suggested *got = &g_array_index (fixture->suggestions, Suggested, i);

      g_assert_cmpint (got->suggestion, ==, expected[i].suggestion);
      g_assert_cmpuint (got->pump_seconds, ==, expected[i].pump_seconds);
    }
  g_assert_cmpuint (fixture->suggestions->len, ==, n_expected);
}

static void
test_starts_preparing (Fixture       *fixture,
                       gconstpointer  data)
{
  LullSession *session = fixture->session;
  g_autoptr(GDateTime) expected = NULL;
  g_autoptr(LullRoutine) routine = NULL;
  LullSessionState state;
  LullPumpPhase phase;
  gboolean paused;
  int step_index;

  g_assert_cmpint (lull_session_get_state (session), ==, LULL_SESSION_STATE_PREPARING);
  g_assert_cmpint (lull_session_get_phase (session), ==, LULL_PUMP_PHASE_NONE);
  g_assert_false (lull_session_get_paused (session));
  g_assert_cmpint (lull_session_get_step_index (session), ==, 0);
  g_assert_true (lull_session_get_step (session) == lull_routine_get_step (fixture->routine, 0));
  g_assert_true (lull_session_get_routine (session) == fixture->routine);
  g_assert_cmpuint (lull_session_get_prime_seconds (session), ==, 0);
  g_assert_cmpuint (lull_session_get_pump_seconds (session), ==, 0);
  g_assert_cmpuint (lull_session_get_phase_seconds (session), ==, 0);
  g_assert_cmpint (lull_session_get_pump_elapsed (session), ==, 0);
  g_assert_cmpuint (lull_session_get_letdowns (session)->len, ==, 0);

  /* The wall clock's time at the start (42 s after the clock's own
   * start), to the whole second. */
  expected = g_date_time_add_seconds (fixture->wall_start, 42 - 0.5);
  g_assert_true (g_date_time_equal (lull_session_get_start_time (session), expected));
  g_assert_cmpint (g_date_time_get_utc_offset (lull_session_get_start_time (session)), ==,
                   G_TIME_SPAN_HOUR);

  g_object_get (session,
                "state", &state,
                "phase", &phase,
                "paused", &paused,
                "step-index", &step_index,
                "routine", &routine,
                NULL);
  g_assert_cmpint (state, ==, LULL_SESSION_STATE_PREPARING);
  g_assert_cmpint (phase, ==, LULL_PUMP_PHASE_NONE);
  g_assert_false (paused);
  g_assert_cmpint (step_index, ==, 0);
  g_assert_true (routine == fixture->routine);
}

static void
test_no_preparation (Fixture       *fixture,
                     gconstpointer  data)
{
  LullSession *session = fixture->session;

  g_assert_cmpint (lull_session_get_state (session), ==, LULL_SESSION_STATE_PUMPING);
  g_assert_cmpint (lull_session_get_phase (session), ==, LULL_PUMP_PHASE_STIMULATION);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 0);

  run_for (fixture, 30);
  g_assert_cmpuint (lull_session_get_prime_seconds (session), ==, 0);
  g_assert_cmpuint (lull_session_get_pump_seconds (session), ==, 30);
  g_assert_cmpint (lull_session_get_pump_elapsed (session), ==, 30 * SECOND);
}

static void
test_timed_steps_advance (Fixture       *fixture,
                          gconstpointer  data)
{
  LullSession *session = fixture->session;

  run_for (fixture, 59);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 0);
  g_assert_cmpuint (lull_session_get_step_seconds (session), ==, 59);
  g_assert_cmpuint (fixture->n_step_changed, ==, 0);

  run_for (fixture, 1);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 1);
  g_assert_cmpuint (lull_session_get_step_seconds (session), ==, 0);
  g_assert_cmpuint (fixture->n_step_changed, ==, 1);
  g_assert_cmpuint (fixture->n_notify_step, ==, 1);

  /* "Until I move on" waits, however long. */
  run_for (fixture, 10 * 60);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 1);
  g_assert_cmpuint (lull_session_get_step_seconds (session), ==, 600);
  g_assert_cmpuint (lull_session_get_prime_seconds (session), ==, 660);

  lull_session_next_step (session);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 2);
  g_assert_cmpuint (lull_session_get_step_seconds (session), ==, 0);

  /* The last timed preparation step starts the pump, and a late tick
   * loses nothing: the time past the step's end is already pumping. */
  lull_clock_advance (fixture->clock, 45 * SECOND);
  lull_session_tick (session);
  g_assert_cmpint (lull_session_get_state (session), ==, LULL_SESSION_STATE_PUMPING);
  g_assert_cmpint (lull_session_get_phase (session), ==, LULL_PUMP_PHASE_STIMULATION);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 3);
  g_assert_cmpuint (lull_session_get_prime_seconds (session), ==, 690);
  g_assert_cmpuint (lull_session_get_pump_seconds (session), ==, 15);
  g_assert_cmpuint (lull_session_get_step_seconds (session), ==, 15);
  g_assert_cmpuint (lull_session_get_phase_seconds (session), ==, 15);
  g_assert_cmpuint (fixture->n_notify_state, ==, 1);
  g_assert_cmpuint (fixture->n_phase_changed, ==, 1);

  /* The stimulation prompt waits for the parent. */
  run_for (fixture, 60);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 3);
}

static void
test_suspend_during_preparation (Fixture       *fixture,
                                 gconstpointer  data)
{
  LullSession *session = fixture->session;

  run_for (fixture, 10);
  lull_clock_simulate_suspend (fixture->clock, 10 * MINUTE);
  lull_session_tick (session);

  /* The warmth step ended during the sleep; the breathing step waits and
   * has been on screen since then. */
  g_assert_cmpint (lull_session_get_step_index (session), ==, 1);
  g_assert_cmpuint (lull_session_get_step_seconds (session), ==, 610 - 60);
  g_assert_cmpuint (lull_session_get_prime_seconds (session), ==, 610);
  g_assert_cmpuint (fixture->n_step_changed, ==, 1);
}

static void
test_next_previous_skip (Fixture       *fixture,
                         gconstpointer  data)
{
  LullSession *session = fixture->session;

  lull_session_previous_step (session);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 0);
  g_assert_cmpuint (fixture->n_step_changed, ==, 0);

  run_for (fixture, 20);
  lull_session_next_step (session);
  lull_session_next_step (session);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 2);
  lull_session_previous_step (session);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 1);
  g_assert_cmpuint (fixture->n_step_changed, ==, 3);

  run_for (fixture, 5);
  lull_session_skip_preparation (session);
  g_assert_cmpint (lull_session_get_state (session), ==, LULL_SESSION_STATE_PUMPING);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 3);
  g_assert_cmpuint (lull_session_get_prime_seconds (session), ==, 25);
  g_assert_cmpuint (lull_session_get_pump_seconds (session), ==, 0);

  /* Once pumping, the preparation is behind: back stops at the first
   * pump prompt, and skipping again does nothing. */
  lull_session_previous_step (session);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 3);
  lull_session_skip_preparation (session);
  g_assert_cmpuint (fixture->n_notify_state, ==, 1);

  /* Next after the last preparation step starts the pump too. */
  {
    g_autoptr(LullSession) other = lull_session_new (fixture->routine, fixture->clock);

    lull_session_next_step (other);
    lull_session_next_step (other);
    g_assert_cmpint (lull_session_get_state (other), ==, LULL_SESSION_STATE_PREPARING);
    lull_session_next_step (other);
    g_assert_cmpint (lull_session_get_state (other), ==, LULL_SESSION_STATE_PUMPING);
    g_assert_cmpint (lull_session_get_step_index (other), ==, 3);

    g_assert_finalize_object (g_steal_pointer (&other));
  }
}

static void
test_phase_and_prompts (Fixture       *fixture,
                        gconstpointer  data)
{
  LullSession *session = fixture->session;

  lull_session_skip_preparation (session);
  run_for (fixture, 40);

  /* Switching moves to the expression prompt. */
  lull_session_switch_phase (session);
  g_assert_cmpint (lull_session_get_phase (session), ==, LULL_PUMP_PHASE_EXPRESSION);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 4);
  g_assert_cmpuint (lull_session_get_phase_seconds (session), ==, 0);

  /* Timed pump prompts move on; the last one stays. */
  run_for (fixture, 60);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 5);
  g_assert_cmpint (lull_session_get_phase (session), ==, LULL_PUMP_PHASE_EXPRESSION);
  run_for (fixture, 90);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 6);
  run_for (fixture, 600);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 6);
  g_assert_cmpuint (lull_session_get_phase_seconds (session), ==, 750);

  /* Back to stimulation goes round to the stimulation prompt. */
  lull_session_switch_phase (session);
  g_assert_cmpint (lull_session_get_phase (session), ==, LULL_PUMP_PHASE_STIMULATION);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 3);

  /* Moving onto an expression prompt by hand sets the phase. */
  lull_session_next_step (session);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 4);
  g_assert_cmpint (lull_session_get_phase (session), ==, LULL_PUMP_PHASE_EXPRESSION);

  g_assert_cmpuint (lull_session_get_pump_seconds (session), ==, 790);
  /* Pump start, two switches and one prompt. */
  g_assert_cmpuint (fixture->n_phase_changed, ==, 4);
  g_assert_cmpuint (fixture->n_notify_phase, ==, 4);
}

static void
test_suggestions_without_letdown (Fixture       *fixture,
                                  gconstpointer  data)
{
  const Suggested expected[] = {
    { LULL_SUGGESTION_SWITCH_TO_EXPRESSION, 120 },
    { LULL_SUGGESTION_NO_LETDOWN_YET, 180 },
    { LULL_SUGGESTION_BACK_TO_STIMULATION, 200 + 7 * 60 },
    { LULL_SUGGESTION_FINISH, 20 * 60 },
  };
  LullSession *session = fixture->session;

  /* Nothing is suggested while preparing, however long it takes. */
  run_for (fixture, 60);
  run_for (fixture, 15 * 60);
  g_assert_cmpuint (fixture->suggestions->len, ==, 0);

  lull_session_skip_preparation (session);
  pump_until (fixture, 200);
  lull_session_switch_phase (session);

  /* Thirty minutes of pumping in all: each comes once, on time. */
  pump_until (fixture, 30 * 60);
  assert_suggestions (fixture, expected, G_N_ELEMENTS (expected));
}

static void
test_suggestions_with_letdowns (Fixture       *fixture,
                                gconstpointer  data)
{
  const Suggested expected[] = {
    /* The first let-down in stimulation, at once. */
    { LULL_SUGGESTION_SWITCH_TO_EXPRESSION, 45 },
    /* Seven minutes after the last let-down, not after the switch. */
    { LULL_SUGGESTION_BACK_TO_STIMULATION, 300 + 7 * 60 },
    /* A new stimulation phase is a new occasion. */
    { LULL_SUGGESTION_SWITCH_TO_EXPRESSION, 730 + 2 * 60 },
    { LULL_SUGGESTION_FINISH, 20 * 60 },
    { LULL_SUGGESTION_BACK_TO_STIMULATION, 860 + 7 * 60 },
  };
  LullSession *session = fixture->session;
  const GArray *letdowns;

  lull_session_skip_preparation (session);

  pump_until (fixture, 45);
  lull_session_mark_letdown (session);
  pump_until (fixture, 50);
  lull_session_switch_phase (session);
  pump_until (fixture, 300);
  lull_session_mark_letdown (session);
  pump_until (fixture, 730);
  lull_session_switch_phase (session);
  pump_until (fixture, 860);
  lull_session_switch_phase (session);
  pump_until (fixture, 25 * 60);

  assert_suggestions (fixture, expected, G_N_ELEMENTS (expected));
  g_assert_cmpuint (count_suggestions (fixture, LULL_SUGGESTION_NO_LETDOWN_YET), ==, 0);

  letdowns = lull_session_get_letdowns (session);
  g_assert_cmpuint (letdowns->len, ==, 2);
  g_assert_cmpuint (g_array_index (letdowns, guint, 0), ==, 45);
  g_assert_cmpuint (g_array_index (letdowns, guint, 1), ==, 300);
  g_assert_cmpuint (fixture->marks->len, ==, 2);
  g_assert_cmpuint (g_array_index (fixture->marks, guint, 1), ==, 300);
}

static void
test_no_suggestion_while_paused (Fixture       *fixture,
                                 gconstpointer  data)
{
  const Suggested expected[] = {
    { LULL_SUGGESTION_SWITCH_TO_EXPRESSION, 120 },
    { LULL_SUGGESTION_NO_LETDOWN_YET, 185 },
  };
  LullSession *session = fixture->session;

  lull_session_skip_preparation (session);
  pump_until (fixture, 100);
  lull_session_pause (session);
  run_for (fixture, 10 * 60);
  g_assert_cmpuint (fixture->suggestions->len, ==, 0);
  g_assert_cmpuint (lull_session_get_pump_seconds (session), ==, 100);

  lull_session_resume (session);
  run_for (fixture, 19);
  g_assert_cmpuint (fixture->suggestions->len, ==, 0);
  run_for (fixture, 1);
  assert_suggestions (fixture, expected, 1);

  /* Paused after a threshold passed but before the tick that would have
   * seen it: the suggestion waits for the resume. */
  lull_clock_advance (fixture->clock, 65 * SECOND);
  lull_session_pause (session);
  lull_session_tick (session);
  lull_clock_advance (fixture->clock, 5 * MINUTE);
  lull_session_tick (session);
  g_assert_cmpuint (fixture->suggestions->len, ==, 1);
  lull_session_resume (session);
  lull_session_tick (session);
  assert_suggestions (fixture, expected, G_N_ELEMENTS (expected));
}

static void
test_pause (Fixture       *fixture,
            gconstpointer  data)
{
  LullSession *session = fixture->session;

  /* Paused while preparing: the preparation time stops too. */
  run_for (fixture, 30);
  lull_session_pause (session);
  g_assert_true (lull_session_get_paused (session));
  g_assert_cmpuint (fixture->n_paused, ==, 1);
  g_assert_cmpuint (fixture->n_notify_paused, ==, 1);
  run_for (fixture, 120);
  g_assert_cmpuint (lull_session_get_prime_seconds (session), ==, 30);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 0);

  /* Pausing twice is pausing once. */
  lull_session_pause (session);
  g_assert_cmpuint (fixture->n_paused, ==, 1);

  g_object_set (session, "paused", FALSE, NULL);
  g_assert_false (lull_session_get_paused (session));
  g_assert_cmpuint (fixture->n_resumed, ==, 1);
  run_for (fixture, 30);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 1);
  g_assert_cmpuint (lull_session_get_prime_seconds (session), ==, 60);

  lull_session_skip_preparation (session);
  run_for (fixture, 90);
  lull_session_pause (session);
  run_for (fixture, 300);
  g_assert_cmpuint (lull_session_get_pump_seconds (session), ==, 90);
  g_assert_cmpuint (lull_session_get_phase_seconds (session), ==, 90);
  g_assert_cmpuint (lull_session_get_step_seconds (session), ==, 90);

  /* No let-down is marked while paused. */
  lull_session_mark_letdown (session);
  g_assert_cmpuint (lull_session_get_letdowns (session)->len, ==, 0);
  g_assert_cmpuint (fixture->marks->len, ==, 0);

  lull_session_resume (session);
  run_for (fixture, 10);
  g_assert_cmpuint (lull_session_get_pump_seconds (session), ==, 100);
  lull_session_mark_letdown (session);
  g_assert_cmpuint (g_array_index (lull_session_get_letdowns (session), guint, 0), ==, 100);
}

static void
test_mark_while_preparing_ignored (Fixture       *fixture,
                                   gconstpointer  data)
{
  LullSession *session = fixture->session;
  guint changed = fixture->n_changed;

  run_for (fixture, 10);
  lull_session_mark_letdown (session);

  g_assert_cmpuint (lull_session_get_letdowns (session)->len, ==, 0);
  g_assert_cmpuint (fixture->marks->len, ==, 0);
  g_assert_cmpuint (fixture->suggestions->len, ==, 0);
  g_assert_cmpuint (fixture->n_changed, ==, changed);
}

/* The long run: a 30-minute session with let-downs, pauses and a suspend,
 * ticked every second of the clock, runs in milliseconds and keeps time
 * to the microsecond. */
static void
test_thirty_minutes_no_drift (Fixture       *fixture,
                              gconstpointer  data)
{
  LullSession *session = fixture->session;
  gint64 session_start = lull_clock_get_elapsed (fixture->clock);
  gint64 paused_us = 0;
  gint64 pause_start = 0;
  gint64 prime_us;
  gint64 pump_us;
  gint64 started = g_get_monotonic_time ();
  guint n_ticks = 0;

  /* Preparation: the warmth step times out, then the parent moves on. */
  run_for (fixture, 70);
  lull_session_next_step (session);
  run_for (fixture, 30);
  g_assert_cmpint (lull_session_get_state (session), ==, LULL_SESSION_STATE_PUMPING);
  prime_us = lull_clock_get_elapsed (fixture->clock) - session_start;
  g_assert_cmpuint (lull_session_get_prime_seconds (session), ==, prime_us / SECOND);

  while (lull_clock_get_elapsed (fixture->clock) - session_start < 30 * MINUTE)
    {
      /* Ticks are a second apart, give or take a little, as real ones:
       * a tick-counting timer would drift by the odd microseconds. */
      lull_clock_advance (fixture->clock, SECOND + (n_ticks % 3) - 1 + (n_ticks % 7 == 0 ? 333 : 0));
      lull_session_tick (session);
      n_ticks++;

      switch (n_ticks)
        {
        case 60:
        case 250:
        case 610:
          lull_session_mark_letdown (session);
          break;

        case 100:
        case 900:
          lull_session_switch_phase (session);
          break;

        case 300:
        case 1000:
          pause_start = lull_clock_get_elapsed (fixture->clock);
          lull_session_pause (session);
          break;

        case 420:
        case 1060:
          paused_us += lull_clock_get_elapsed (fixture->clock) - pause_start;
          lull_session_resume (session);
          break;

        case 700:
          /* The laptop sleeps for ten minutes while the pump goes on. */
          lull_clock_simulate_suspend (fixture->clock, 10 * MINUTE);
          break;

        default:
          break;
        }
    }

  pump_us = lull_clock_get_elapsed (fixture->clock) - session_start - prime_us - paused_us;
  g_assert_cmpint (lull_session_get_pump_elapsed (session), ==, pump_us);
  g_assert_cmpuint (lull_session_get_pump_seconds (session), ==, pump_us / SECOND);
  g_assert_cmpuint (lull_session_get_prime_seconds (session), ==, prime_us / SECOND);
  g_assert_cmpuint (lull_session_get_letdowns (session)->len, ==, 3);
  g_assert_cmpuint (fixture->n_paused, ==, 2);
  g_assert_cmpuint (fixture->n_resumed, ==, 2);
  g_assert_cmpint (paused_us, >, 3 * MINUTE);
  g_assert_cmpuint (count_suggestions (fixture, LULL_SUGGESTION_FINISH), ==, 1);

  lull_session_finish (session);
  g_assert_cmpint (lull_session_get_pump_elapsed (session), ==, pump_us);

  g_test_message ("%u ticks in %" G_GINT64_FORMAT " µs", n_ticks,
                  g_get_monotonic_time () - started);
}

static void
test_finish (Fixture       *fixture,
             gconstpointer  data)
{
  LullSession *session = fixture->session;
  guint changed;

  lull_session_skip_preparation (session);
  run_for (fixture, 100);
  lull_session_pause (session);
  lull_session_finish (session);

  g_assert_cmpint (lull_session_get_state (session), ==, LULL_SESSION_STATE_FINISHED);
  g_assert_cmpuint (fixture->n_finished, ==, 1);
  g_assert_false (lull_session_get_paused (session));

  /* Over: nothing moves any more. */
  changed = fixture->n_changed;
  run_for (fixture, 30 * 60);
  lull_session_mark_letdown (session);
  lull_session_switch_phase (session);
  lull_session_next_step (session);
  lull_session_pause (session);
  lull_session_finish (session);
  lull_session_cancel (session);

  g_assert_cmpint (lull_session_get_state (session), ==, LULL_SESSION_STATE_FINISHED);
  g_assert_cmpuint (lull_session_get_pump_seconds (session), ==, 100);
  g_assert_cmpuint (lull_session_get_letdowns (session)->len, ==, 0);
  g_assert_cmpuint (fixture->suggestions->len, ==, 0);
  g_assert_cmpuint (fixture->n_finished, ==, 1);
  g_assert_cmpuint (fixture->n_changed, ==, changed);
}

static void
test_finish_while_preparing (Fixture       *fixture,
                             gconstpointer  data)
{
  LullSession *session = fixture->session;

  run_for (fixture, 20);
  lull_session_finish (session);
  run_for (fixture, 20);

  g_assert_cmpint (lull_session_get_state (session), ==, LULL_SESSION_STATE_FINISHED);
  g_assert_cmpint (lull_session_get_phase (session), ==, LULL_PUMP_PHASE_NONE);
  g_assert_cmpuint (lull_session_get_prime_seconds (session), ==, 20);
  g_assert_cmpuint (lull_session_get_pump_seconds (session), ==, 0);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  LullSession *session = fixture->session;

  lull_session_skip_preparation (session);
  run_for (fixture, 10);
  lull_session_cancel (session);

  g_assert_cmpint (lull_session_get_state (session), ==, LULL_SESSION_STATE_CANCELLED);
  g_assert_cmpuint (fixture->n_finished, ==, 0);
  g_assert_cmpuint (fixture->n_notify_state, ==, 2);

  run_for (fixture, 10);
  g_assert_cmpuint (lull_session_get_pump_seconds (session), ==, 10);
}

static void
test_changed_on_every_change (Fixture       *fixture,
                              gconstpointer  data)
{
  LullSession *session = fixture->session;
  guint changed = fixture->n_changed;

  /* Time passing alone changes nothing a checkpoint needs. */
  run_for (fixture, 30);
  g_assert_cmpuint (fixture->n_changed, ==, changed);

  lull_session_next_step (session);
  g_assert_cmpuint (fixture->n_changed, ==, ++changed);
  lull_session_pause (session);
  g_assert_cmpuint (fixture->n_changed, ==, ++changed);
  lull_session_resume (session);
  g_assert_cmpuint (fixture->n_changed, ==, ++changed);
  lull_session_skip_preparation (session);
  g_assert_cmpuint (fixture->n_changed, ==, ++changed);
  lull_session_switch_phase (session);
  g_assert_cmpuint (fixture->n_changed, ==, ++changed);
  lull_session_mark_letdown (session);
  g_assert_cmpuint (fixture->n_changed, >, changed);
  /* The timed prompts move on twice: two steps, two changes. */
  changed = fixture->n_changed;
  run_for (fixture, 3 * 60);
  g_assert_cmpuint (fixture->n_changed, ==, changed + 2);
  /* The suggestion given is part of the checkpoint. */
  changed = fixture->n_changed;
  g_assert_cmpuint (fixture->suggestions->len, ==, 0);
  pump_until (fixture, 7 * 60);
  g_assert_cmpuint (fixture->suggestions->len, ==, 1);
  g_assert_cmpuint (fixture->n_changed, ==, changed + 1);
  lull_session_finish (session);
  g_assert_cmpuint (fixture->n_changed, ==, changed + 2);
}

static void
on_suggestion_switch (LullSession    *session,
                      LullSuggestion  suggestion,
                      gpointer        user_data)
{
  if (suggestion == LULL_SUGGESTION_SWITCH_TO_EXPRESSION)
    lull_session_switch_phase (session);
  else if (suggestion == LULL_SUGGESTION_FINISH)
    lull_session_finish (session);
}

static void
test_handlers_may_act (Fixture       *fixture,
                       gconstpointer  data)
{
  LullSession *session = fixture->session;

  /* A page that follows every suggestion at once. */
  g_signal_connect (session, "suggestion", G_CALLBACK (on_suggestion_switch), NULL);

  lull_session_skip_preparation (session);
  lull_clock_advance (fixture->clock, 40 * MINUTE);
  lull_session_tick (session);

  g_assert_cmpint (lull_session_get_state (session), ==, LULL_SESSION_STATE_FINISHED);
  g_assert_cmpuint (fixture->n_finished, ==, 1);
  g_assert_cmpuint (count_suggestions (fixture, LULL_SUGGESTION_FINISH), ==, 1);
  g_assert_cmpuint (count_suggestions (fixture, LULL_SUGGESTION_SWITCH_TO_EXPRESSION), ==, 1);
}

static char *
checkpoint_text (LullSession *session)
{
  g_autoptr(GKeyFile) keyfile = lull_session_to_checkpoint (session);

  return g_key_file_to_data (keyfile, NULL, NULL);
}

static LullSession *
restore (GKeyFile     *keyfile,
         LullRoutine  *routine,
         LullClock    *clock)
{
  g_autoptr(GError) error = NULL;
  LullSession *session;

  session = lull_session_new_from_checkpoint (keyfile, routine, clock, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);

  return session;
}

static void
assert_same (LullSession *a,
             LullSession *b)
{
  g_autofree char *text_a = checkpoint_text (a);
  g_autofree char *text_b = checkpoint_text (b);
  const GArray *letdowns_a = lull_session_get_letdowns (a);
  const GArray *letdowns_b = lull_session_get_letdowns (b);

  g_assert_cmpint (lull_session_get_state (a), ==, lull_session_get_state (b));
  g_assert_cmpint (lull_session_get_phase (a), ==, lull_session_get_phase (b));
  g_assert_cmpint (lull_session_get_paused (a), ==, lull_session_get_paused (b));
  g_assert_cmpint (lull_session_get_step_index (a), ==, lull_session_get_step_index (b));
  g_assert_cmpuint (lull_session_get_prime_seconds (a), ==, lull_session_get_prime_seconds (b));
  g_assert_cmpuint (lull_session_get_pump_seconds (a), ==, lull_session_get_pump_seconds (b));
  g_assert_cmpuint (lull_session_get_step_seconds (a), ==, lull_session_get_step_seconds (b));
  g_assert_cmpuint (lull_session_get_phase_seconds (a), ==, lull_session_get_phase_seconds (b));
  g_assert_cmpint (lull_session_get_pump_elapsed (a), ==, lull_session_get_pump_elapsed (b));
  g_assert_true (g_date_time_equal (lull_session_get_start_time (a),
                                    lull_session_get_start_time (b)));
  g_assert_cmpint (g_date_time_get_utc_offset (lull_session_get_start_time (a)), ==,
                   g_date_time_get_utc_offset (lull_session_get_start_time (b)));
  g_assert_cmpmem (letdowns_a->data, letdowns_a->len * sizeof (guint),
                   letdowns_b->data, letdowns_b->len * sizeof (guint));
  /* Microseconds, suggestions given and all. */
  g_assert_cmpstr (text_a, ==, text_b);
}

static void
test_checkpoint_round_trip (Fixture       *fixture,
                            gconstpointer  data)
{
  LullSession *session = fixture->session;
  g_autoptr(GDateTime) later = g_date_time_new_utc (2026, 11, 24, 3, 0, 0);
  g_autoptr(LullClock) new_clock = lull_clock_new_test (later);
  g_autoptr(LullSession) restored = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  Fixture restored_watch = { 0 };

  run_for (fixture, 75);
  lull_session_next_step (session);
  lull_clock_advance (fixture->clock, 12 * SECOND + 345678);
  lull_session_tick (session);
  pump_until (fixture, 70);
  lull_session_mark_letdown (session);
  pump_until (fixture, 100);
  lull_session_switch_phase (session);
  pump_until (fixture, 130);
  lull_session_mark_letdown (session);
  lull_clock_advance (fixture->clock, 654321);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 4);

  keyfile = lull_session_to_checkpoint (session);

  /* A new clock far along, as after a restart: the time in between is
   * not counted. */
  lull_clock_advance (new_clock, 5 * 60 * MINUTE);
  restored = restore (keyfile, fixture->routine, new_clock);
  assert_same (session, restored);
  g_assert_cmpint (lull_session_get_state (restored), ==, LULL_SESSION_STATE_PUMPING);
  g_assert_cmpint (lull_session_get_phase (restored), ==, LULL_PUMP_PHASE_EXPRESSION);
  g_assert_cmpuint (lull_session_get_letdowns (restored)->len, ==, 2);

  /* Both go on alike, and what was suggested is not suggested again. */
  restored_watch.suggestions = g_array_new (FALSE, FALSE, sizeof (Suggested));
  restored_watch.marks = g_array_new (FALSE, FALSE, sizeof (guint));
  watch (&restored_watch, restored);

  for (guint i = 0; i < 25 * 60; i++)
    {
      lull_clock_advance (fixture->clock, SECOND);
      lull_clock_advance (new_clock, SECOND);
      lull_session_tick (session);
      lull_session_tick (restored);
    }
  assert_same (session, restored);
  g_assert_cmpuint (restored_watch.suggestions->len, ==, fixture->suggestions->len - 1);
  g_assert_cmpuint (count_suggestions (&restored_watch, LULL_SUGGESTION_SWITCH_TO_EXPRESSION),
                    ==, 0);
  g_assert_cmpuint (count_suggestions (&restored_watch, LULL_SUGGESTION_FINISH), ==, 1);

  g_array_unref (restored_watch.suggestions);
  g_array_unref (restored_watch.marks);
  g_assert_finalize_object (g_steal_pointer (&restored));
}

static void
test_checkpoint_paused_and_preparing (Fixture       *fixture,
                                      gconstpointer  data)
{
  LullSession *session = fixture->session;
  g_autoptr(LullClock) new_clock = lull_clock_new_test (NULL);
  g_autoptr(LullSession) restored = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;

  run_for (fixture, 70);
  lull_clock_advance (fixture->clock, 250000);
  lull_session_pause (session);
  keyfile = lull_session_to_checkpoint (session);

  restored = restore (keyfile, fixture->routine, new_clock);
  assert_same (session, restored);
  g_assert_true (lull_session_get_paused (restored));
  g_assert_cmpint (lull_session_get_step_index (restored), ==, 1);

  lull_clock_advance (new_clock, 10 * MINUTE);
  g_assert_cmpuint (lull_session_get_prime_seconds (restored), ==, 70);

  lull_session_resume (restored);
  lull_session_resume (session);
  lull_clock_advance (new_clock, 3 * SECOND);
  lull_clock_advance (fixture->clock, 3 * SECOND);
  assert_same (session, restored);
  g_assert_cmpuint (lull_session_get_step_seconds (restored), ==, 13);

  g_assert_finalize_object (g_steal_pointer (&restored));
}

static void
test_checkpoint_finished (Fixture       *fixture,
                          gconstpointer  data)
{
  LullSession *session = fixture->session;
  g_autoptr(LullSession) restored = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;

  lull_session_skip_preparation (session);
  run_for (fixture, 300);
  lull_session_finish (session);
  keyfile = lull_session_to_checkpoint (session);

  restored = restore (keyfile, fixture->routine, fixture->clock);
  run_for (fixture, 60);
  assert_same (session, restored);
  g_assert_cmpint (lull_session_get_state (restored), ==, LULL_SESSION_STATE_FINISHED);
  g_assert_cmpuint (lull_session_get_pump_seconds (restored), ==, 300);

  g_assert_finalize_object (g_steal_pointer (&restored));
}

static void
test_checkpoint_damaged (Fixture       *fixture,
                         gconstpointer  data)
{
  struct {
    const char *key;
    const char *value;   /* NULL: the key is removed */
  } cases[] = {
    { "version", "2" },
    { "version", NULL },
    { "routine", "another-routine" },
    { "routine", NULL },
    { "state", "sleeping" },
    { "state", NULL },
    { "phase", "turbo" },
    { "phase", "none" },           /* pumping without a phase */
    { "paused", "maybe" },
    { "paused", NULL },
    { "step", "7" },
    { "step", "1" },               /* a preparation step while pumping */
    { "step", "-2" },
    { "step", "three" },
    { "start", "yesterday" },
    { "start", NULL },
    { "prime-us", "-1" },
    { "prime-us", "1e9" },
    { "prime-us", "99999999999999999999" },
    { "pump-us", "" },
    { "pump-us", "604800000001" },
    { "step-us", "999999999999" }, /* longer than the pump has run */
    { "phase-us", "999999999999" },
    { "phase-us", NULL },
    { "letdowns", "70;12" },       /* out of order */
    { "letdowns", "70;99999" },    /* after the pump time */
    { "letdowns", "70;-5" },
    { "letdowns", "lots" },
    { "letdowns", NULL },
    { "suggestions", "switch-to-expression;hurry-up" },
    { "suggestions", NULL },
    { "completed-steps", "7" },    /* no such step */
    { "completed-steps", "3;2" },  /* out of order */
    { "completed-steps", "1;1" },
    { "completed-steps", "-1" },
    { "completed-steps", "lots" },
    { "completed-steps", "0;1;2;3;4;5;6;7;8;9" },
    { "noted-cues", "audio;smell" },
    { "noted-cues", "audio;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;photos" },
  };
  LullSession *session = fixture->session;

  lull_session_skip_preparation (session);
  pump_until (fixture, 70);
  lull_session_mark_letdown (session);
  pump_until (fixture, 150);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GKeyFile) keyfile = lull_session_to_checkpoint (session);
      g_autoptr(LullSession) restored = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *quoted = g_strdup_printf ("“%s”", cases[i].key);

      if (cases[i].value != NULL)
        g_key_file_set_value (keyfile, "Checkpoint", cases[i].key, cases[i].value);
      else
        g_key_file_remove_key (keyfile, "Checkpoint", cases[i].key, NULL);

      restored = lull_session_new_from_checkpoint (keyfile, fixture->routine, fixture->clock,
                                                   &error);
      g_assert_null (restored);
      g_assert_error (error, LULL_SESSION_ERROR, LULL_SESSION_ERROR_BAD_CHECKPOINT);
      if (strstr (error->message, quoted) == NULL)
        g_error ("%s=%s: “%s” does not name the key", cases[i].key,
                 cases[i].value != NULL ? cases[i].value : "(removed)", error->message);
    }

  /* No group at all. */
  {
    g_autoptr(GKeyFile) empty = g_key_file_new ();
    g_autoptr(LullSession) restored = NULL;
    g_autoptr(GError) error = NULL;

    restored = lull_session_new_from_checkpoint (empty, fixture->routine, fixture->clock, &error);
    g_assert_null (restored);
    g_assert_error (error, LULL_SESSION_ERROR, LULL_SESSION_ERROR_BAD_CHECKPOINT);
    g_assert_null (lull_session_checkpoint_routine_id (empty));
  }
}

static void
test_checkpoint_routine_id (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GKeyFile) keyfile = lull_session_to_checkpoint (fixture->session);
  g_autofree char *id = lull_session_checkpoint_routine_id (keyfile);

  g_assert_cmpstr (id, ==, "test-session");
}

static void
test_build_record (Fixture       *fixture,
                   gconstpointer  data)
{
  LullSession *session = fixture->session;
  g_autoptr(LullRecord) record = NULL;
  const GArray *letdowns;
  /* The warmth step ran out; the breathing step was skipped; the app
   * played a sound. */
  const char * const cues[] = { "audio", "warmth", NULL };

  run_for (fixture, 60);
  lull_session_skip_preparation (session);
  pump_until (fixture, 95);
  lull_session_note_cue (session, "audio");
  lull_session_mark_letdown (session);
  pump_until (fixture, 210);
  lull_session_mark_letdown (session);
  pump_until (fixture, 1140);
  lull_session_finish (session);

  record = lull_session_build_record (session);
  g_assert_true (g_date_time_equal (lull_record_get_start (record),
                                    lull_session_get_start_time (session)));
  g_assert_cmpuint (lull_record_get_prime_seconds (record), ==, 60);
  g_assert_cmpuint (lull_record_get_pump_seconds (record), ==, 1140);
  letdowns = lull_record_get_letdowns (record);
  g_assert_cmpuint (letdowns->len, ==, 2);
  g_assert_cmpuint (g_array_index (letdowns, guint, 0), ==, 95);
  g_assert_cmpuint (g_array_index (letdowns, guint, 1), ==, 210);
  g_assert_cmpstr (lull_record_get_routine (record), ==, "test-session");
  g_assert_true (g_strv_equal (lull_record_get_cues (record), cues));
  g_assert_cmpstr (lull_record_get_audio (record), ==, "builtin:meadow");

  g_assert_finalize_object (g_steal_pointer (&record));
}

static LullRecord *
finish_and_build (Fixture *fixture)
{
  lull_session_finish (fixture->session);

  return lull_session_build_record (fixture->session);
}

static void
assert_cues (LullRecord         *record,
             const char * const *expected)
{
  const char * const *cues = lull_record_get_cues (record);

  if (expected[0] == NULL)
    {
      g_assert_null (cues);
      return;
    }

  g_assert_nonnull (cues);
  if (!g_strv_equal (cues, expected))
    {
      g_autofree char *got = g_strjoinv (";", (char **)cues);
      g_autofree char *want = g_strjoinv (";", (char **)expected);

      g_error ("cues “%s”, expected “%s”", got, want);
    }
}

static void
test_cues_not_presented (Fixture       *fixture,
                         gconstpointer  data)
{
  LullSession *session = fixture->session;
  g_autoptr(LullRecord) record = NULL;
  const char * const cues[] = { "warmth", "massage", "breathing", NULL };

  /* Every step of a routine that offers photos (step 3) and a sound
   * (step 6), none of which the app reported showing or playing. */
  run_for (fixture, 60);
  lull_session_next_step (session);
  run_for (fixture, 30);
  g_assert_cmpint (lull_session_get_state (session), ==, LULL_SESSION_STATE_PUMPING);
  lull_session_switch_phase (session);
  run_for (fixture, 60 + 90);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 6);

  record = finish_and_build (fixture);
  assert_cues (record, cues);
  g_assert_null (lull_record_get_audio (record));

  g_assert_finalize_object (g_steal_pointer (&record));
}

static void
test_cues_skip_preparation (Fixture       *fixture,
                            gconstpointer  data)
{
  LullSession *session = fixture->session;
  g_autoptr(LullRecord) record = NULL;
  const char * const none[] = { NULL };

  /* Skipped from the first step, before its time ran out: the warmth
   * step was never done, and the stimulation prompt has no cue. */
  run_for (fixture, 30);
  lull_session_skip_preparation (session);
  run_for (fixture, 60);

  record = finish_and_build (fixture);
  assert_cues (record, none);

  g_assert_finalize_object (g_steal_pointer (&record));
}

static void
test_cues_through_warmth (Fixture       *fixture,
                          gconstpointer  data)
{
  LullSession *session = fixture->session;
  g_autoptr(LullRecord) record = NULL;
  const char * const cues[] = { "warmth", NULL };

  /* Moved on from the warmth step by hand; the breathing step was on
   * screen, then skipped, and going back and forth is not doing it. */
  run_for (fixture, 10);
  lull_session_next_step (session);
  lull_session_previous_step (session);
  lull_session_next_step (session);
  run_for (fixture, 10);
  lull_session_skip_preparation (session);

  record = finish_and_build (fixture);
  assert_cues (record, cues);

  g_assert_finalize_object (g_steal_pointer (&record));
}

static void
test_cues_pump_prompts (Fixture       *fixture,
                        gconstpointer  data)
{
  LullSession *session = fixture->session;
  g_autoptr(LullRecord) record = NULL;
  const char * const cues[] = { "massage", NULL };

  /* The compression prompt counts once shown while pumping, though the
   * parent finished before its time ran out. */
  lull_session_skip_preparation (session);
  lull_session_switch_phase (session);
  run_for (fixture, 60);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 5);
  run_for (fixture, 10);

  record = finish_and_build (fixture);
  assert_cues (record, cues);

  g_assert_finalize_object (g_steal_pointer (&record));
}

static void
test_cues_noted (Fixture       *fixture,
                 gconstpointer  data)
{
  LullSession *session = fixture->session;
  g_autoptr(LullRecord) record = NULL;
  const char * const cues[] = { "audio", "photos", "warmth", "drink", NULL };
  guint changed;

  /* Noted in any order, and any cue word: the record keeps the history's. */
  run_for (fixture, 60);
  changed = fixture->n_changed;
  lull_session_note_cue (session, "photos");
  g_assert_cmpuint (fixture->n_changed, ==, changed + 1);
  lull_session_note_cue (session, "drink");
  lull_session_note_cue (session, "audio");
  g_assert_cmpuint (fixture->n_changed, ==, changed + 3);
  /* Noting again changes nothing. */
  lull_session_note_cue (session, "photos");
  g_assert_cmpuint (fixture->n_changed, ==, changed + 3);

  /* A word the history does not know is a programming error. */
  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*cue_index*");
  lull_session_note_cue (session, "smell");
  g_test_assert_expected_messages ();
  g_assert_cmpuint (fixture->n_changed, ==, changed + 3);

  lull_session_skip_preparation (session);
  record = finish_and_build (fixture);
  assert_cues (record, cues);
  /* The sound most likely played: the routine's one track. */
  g_assert_cmpstr (lull_record_get_audio (record), ==, "builtin:meadow");

  g_assert_finalize_object (g_steal_pointer (&record));
}

static void
test_checkpoint_keeps_cues (Fixture       *fixture,
                            gconstpointer  data)
{
  LullSession *session = fixture->session;
  g_autoptr(LullClock) new_clock = lull_clock_new_test (NULL);
  g_autoptr(LullSession) restored = NULL;
  g_autoptr(LullRecord) record = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  const char * const cues[] = { "photos", "warmth", "breathing", "imagery", NULL };

  /* Warmth done by its time, breathing by hand, then the photo step is
   * on screen (not done) while the app shows a photo. */
  run_for (fixture, 60);
  lull_session_next_step (session);
  lull_session_note_cue (session, "photos");
  lull_session_note_cue (session, "imagery");
  run_for (fixture, 10);

  keyfile = lull_session_to_checkpoint (session);
  lull_test_assert_key_value (keyfile, "Checkpoint", "completed-steps", "0;1");
  lull_test_assert_key_value (keyfile, "Checkpoint", "noted-cues", "photos;imagery");

  restored = restore (keyfile, fixture->routine, new_clock);
  assert_same (session, restored);

  /* Skipping the rest leaves the photo step undone in the restored
   * session too. */
  lull_session_skip_preparation (restored);
  lull_session_finish (restored);
  record = lull_session_build_record (restored);
  assert_cues (record, cues);

  g_assert_finalize_object (g_steal_pointer (&record));
  g_assert_finalize_object (g_steal_pointer (&restored));
}

static LullSession *
restore_without_cue_keys (LullSession *session,
                          LullClock   *clock)
{
  g_autoptr(GKeyFile) keyfile = lull_session_to_checkpoint (session);

  g_assert_true (g_key_file_remove_key (keyfile, "Checkpoint", "completed-steps", NULL));
  g_assert_true (g_key_file_remove_key (keyfile, "Checkpoint", "noted-cues", NULL));

  return restore (keyfile, lull_session_get_routine (session), clock);
}

static void
test_checkpoint_without_cue_keys (Fixture       *fixture,
                                  gconstpointer  data)
{
  LullSession *session = fixture->session;
  g_autoptr(LullClock) new_clock = lull_clock_new_test (NULL);
  g_autoptr(LullSession) preparing = NULL;
  g_autoptr(LullSession) pumping = NULL;
  g_autoptr(LullRecord) record = NULL;
  const char * const before_pump[] = { "warmth", "breathing", NULL };
  const char * const after_pump[] = { "warmth", "massage", "breathing", NULL };

  /* Saved by an older Lull on the photo step, after a sound played: the
   * steps before it count as done, and nothing was noted. */
  lull_session_note_cue (session, "audio");
  run_for (fixture, 60);
  lull_session_next_step (session);
  run_for (fixture, 5);

  preparing = restore_without_cue_keys (session, new_clock);
  g_assert_cmpint (lull_session_get_step_index (preparing), ==, 2);
  g_assert_cmpuint (lull_session_get_prime_seconds (preparing), ==, 65);
  lull_session_finish (preparing);
  record = lull_session_build_record (preparing);
  assert_cues (record, before_pump);
  g_assert_null (lull_record_get_audio (record));
  g_clear_object (&record);

  /* While pumping, on the compression prompt: all the preparation and
   * the prompt on screen. */
  lull_session_skip_preparation (session);
  lull_session_switch_phase (session);
  run_for (fixture, 60);
  g_assert_cmpint (lull_session_get_step_index (session), ==, 5);

  pumping = restore_without_cue_keys (session, new_clock);
  lull_session_finish (pumping);
  record = lull_session_build_record (pumping);
  assert_cues (record, after_pump);

  g_assert_finalize_object (g_steal_pointer (&record));
  g_assert_finalize_object (g_steal_pointer (&preparing));
  g_assert_finalize_object (g_steal_pointer (&pumping));
}

static void
test_prime_elapsed (Fixture       *fixture,
                    gconstpointer  data)
{
  LullSession *session = fixture->session;

  g_assert_cmpint (lull_session_get_prime_elapsed (session), ==, 0);

  lull_clock_advance (fixture->clock, 2 * SECOND + SECOND / 2);
  g_assert_cmpint (lull_session_get_prime_elapsed (session), ==, 2500000);
  g_assert_cmpuint (lull_session_get_prime_seconds (session), ==, 2);

  /* A pause is not preparing time, and the pump freezes it. */
  lull_session_pause (session);
  lull_clock_advance (fixture->clock, MINUTE);
  lull_session_resume (session);
  g_assert_cmpint (lull_session_get_prime_elapsed (session), ==, 2500000);

  lull_clock_advance (fixture->clock, SECOND / 4);
  lull_session_skip_preparation (session);
  lull_clock_advance (fixture->clock, MINUTE);
  g_assert_cmpint (lull_session_get_prime_elapsed (session), ==, 2750000);
  g_assert_cmpint (lull_session_get_pump_elapsed (session), ==, MINUTE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, text) \
  g_test_add ("/session/" path, Fixture, text, fixture_set_up, func, fixture_tear_down)

  ADD ("starts-preparing", test_starts_preparing, NULL);
  ADD ("no-preparation", test_no_preparation, pump_only_text);
  ADD ("timed-steps-advance", test_timed_steps_advance, NULL);
  ADD ("suspend-during-preparation", test_suspend_during_preparation, NULL);
  ADD ("next-previous-skip", test_next_previous_skip, NULL);
  ADD ("phase-and-prompts", test_phase_and_prompts, NULL);
  ADD ("suggestions/without-letdown", test_suggestions_without_letdown, NULL);
  ADD ("suggestions/with-letdowns", test_suggestions_with_letdowns, NULL);
  ADD ("suggestions/not-while-paused", test_no_suggestion_while_paused, NULL);
  ADD ("pause", test_pause, NULL);
  ADD ("mark-while-preparing-ignored", test_mark_while_preparing_ignored, NULL);
  ADD ("thirty-minutes-no-drift", test_thirty_minutes_no_drift, NULL);
  ADD ("finish", test_finish, NULL);
  ADD ("finish-while-preparing", test_finish_while_preparing, NULL);
  ADD ("cancel", test_cancel, NULL);
  ADD ("changed-on-every-change", test_changed_on_every_change, NULL);
  ADD ("handlers-may-act", test_handlers_may_act, NULL);
  ADD ("checkpoint/round-trip", test_checkpoint_round_trip, NULL);
  ADD ("checkpoint/paused-and-preparing", test_checkpoint_paused_and_preparing, NULL);
  ADD ("checkpoint/finished", test_checkpoint_finished, NULL);
  ADD ("checkpoint/damaged", test_checkpoint_damaged, NULL);
  ADD ("checkpoint/routine-id", test_checkpoint_routine_id, NULL);
  ADD ("build-record", test_build_record, NULL);
  ADD ("cues/not-presented", test_cues_not_presented, NULL);
  ADD ("cues/skip-preparation", test_cues_skip_preparation, NULL);
  ADD ("cues/through-warmth", test_cues_through_warmth, NULL);
  ADD ("cues/pump-prompts", test_cues_pump_prompts, NULL);
  ADD ("cues/noted", test_cues_noted, NULL);
  ADD ("checkpoint/keeps-cues", test_checkpoint_keeps_cues, NULL);
  ADD ("checkpoint/without-cue-keys", test_checkpoint_without_cue_keys, NULL);
  ADD ("prime-elapsed", test_prime_elapsed, NULL);

#undef ADD

  return g_test_run ();
}
