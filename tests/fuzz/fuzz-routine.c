/* fuzz-routine.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <string.h>

#include "lull-session.h"

/* libFuzzer target for the routine parser: any bytes either give a routine
 * that keeps every documented limit, or an error, never both and never a
 * crash, a leak or a GLib critical. A routine that loads is then run as a
 * session, so that whatever a file can say also reaches the state machine
 * and the checkpoint. See README.md for how to build and run it. */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  return 0;
}

static void
check_routine (LullRoutine *routine)
{
  guint n_steps = lull_routine_get_n_steps (routine);
  g_auto(GStrv) cues = lull_routine_dup_cues (routine);

  g_assert (n_steps >= 1 && n_steps <= LULL_ROUTINE_MAX_STEPS);
  g_assert (lull_routine_get_n_prepare_steps (routine) <= n_steps);
  g_assert (lull_routine_get_pump_seconds (routine) >= 60);
  g_assert (lull_routine_get_pump_seconds (routine) <= 120 * 60);
  g_assert (g_utf8_strlen (lull_routine_get_name (routine), -1) <= 80);
  g_assert (cues != NULL);

  for (guint i = 0; i < n_steps; i++)
    {
      LullStep *step = lull_routine_get_step (routine, i);
      double pace = lull_step_get_breaths_per_minute (step);

      g_assert (g_utf8_validate (lull_step_get_prompt (step), -1, NULL));
      g_assert (g_utf8_strlen (lull_step_get_prompt (step), -1) <= LULL_STEP_MAX_PROMPT_CHARS);
      g_assert (lull_step_get_duration_seconds (step) <= LULL_ROUTINE_MAX_STEP_SECONDS);
      g_assert (pace == 0.0 || (pace >= 3.0 && pace <= 30.0));
      /* A track id, never a path: it goes on into the history. */
      g_assert (lull_step_get_audio (step) == NULL
                || lull_track_id_is_valid (lull_step_get_audio (step)));
    }
}

static void
run_session (LullRoutine *routine)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 11, 23, 10, 15, 2);
  g_autoptr(LullClock) clock = lull_clock_new_test (start);
  g_autoptr(LullSession) session = lull_session_new (routine, clock);
  g_autoptr(LullSession) restored = NULL;
  g_autoptr(GKeyFile) checkpoint = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 40; i++)
    {
      lull_clock_advance (clock, 47 * G_USEC_PER_SEC);
      lull_session_tick (session);

      if (i % 5 == 1)
        lull_session_next_step (session);
      if (i % 7 == 3)
        lull_session_mark_letdown (session);
      if (i % 11 == 5)
        lull_session_switch_phase (session);
    }

  checkpoint = lull_session_to_checkpoint (session);
  restored = lull_session_new_from_checkpoint (checkpoint, routine, clock, &error);
  g_assert_no_error (error);
  g_assert (lull_session_get_pump_elapsed (restored) == lull_session_get_pump_elapsed (session));

  lull_session_finish (session);
  g_object_unref (lull_session_build_record (session));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char * const languages[] = { "es", "en", NULL };
  g_autoptr(LullRoutine) routine = NULL;
  g_autoptr(GError) error = NULL;

  routine = lull_routine_new_from_data ((const char *)data, size, languages, &error);
  g_assert ((routine == NULL) != (error == NULL));
  g_assert (error == NULL || error->domain == LULL_ROUTINE_ERROR);
  /* A message for a person: text, and a few lines at most whatever the
   * file quotes back. */
  g_assert (error == NULL || g_utf8_validate (error->message, -1, NULL));
  g_assert (error == NULL || strlen (error->message) < 4096);

  if (routine != NULL)
    {
      check_routine (routine);
      run_session (routine);
    }

  return 0;
}
