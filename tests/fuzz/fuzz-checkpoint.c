/* fuzz-checkpoint.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>

#include "lull-session.h"

/* libFuzzer target for lull_session_new_from_checkpoint(): a checkpoint
 * damaged by a power cut or an editor either restores into a session that
 * can run on, or gives LULL_SESSION_ERROR_BAD_CHECKPOINT. See README.md. */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static LullRoutine *routine;

static const char routine_text[] =
  "[Routine]\nversion=1\nid=fuzz\nname=Fuzz\n"
  "[Step 1]\nkind=warmth\nduration=60\nprompt=Warm.\n"
  "[Step 2]\nkind=breathing\nprompt=Breathe.\n"
  "[Step 3]\nkind=stimulation\nprompt=Pump.\n"
  "[Step 4]\nkind=expression\nduration=60\nprompt=Switch.\n"
  "[Step 5]\nkind=compression\nprompt=Press.\n";

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  routine = lull_routine_new_from_data (routine_text, -1, NULL, NULL);
  g_assert (routine != NULL);

  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(LullClock) clock = lull_clock_new_test (NULL);
  g_autoptr(LullSession) session = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_key_file_load_from_data (keyfile, (const char *)data, size, G_KEY_FILE_NONE, NULL))
    return 0;

  g_free (lull_session_checkpoint_routine_id (keyfile));

  session = lull_session_new_from_checkpoint (keyfile, routine, clock, &error);
  g_assert ((session == NULL) != (error == NULL));
  if (session == NULL)
    {
      g_assert (g_error_matches (error, LULL_SESSION_ERROR, LULL_SESSION_ERROR_BAD_CHECKPOINT));
      return 0;
    }

  for (guint i = 0; i < 30; i++)
    {
      lull_clock_advance (clock, 61 * G_USEC_PER_SEC);
      lull_session_tick (session);
      if (i % 4 == 0)
        lull_session_switch_phase (session);
      if (i % 6 == 0)
        lull_session_mark_letdown (session);
      if (i % 9 == 0)
        lull_session_previous_step (session);
    }
  /* Each is rounded down on its own, hence the one second of slack. */
  g_assert (lull_session_get_step_seconds (session) <= lull_session_get_prime_seconds (session)
                                                       + lull_session_get_pump_seconds (session)
                                                       + 1);
  g_object_unref (lull_session_build_record (session));

  return 0;
}
