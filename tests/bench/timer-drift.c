/* timer-drift.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "lull-session.h"

/* How late does the session page's time change, and does it ever drift?
 *
 * A LullSession runs on the system clock. Each display update is scheduled
 * as the page schedules it: with g_timeout_add at the next whole second of
 * pump time, the delay computed from the session's pump elapsed time, never
 * by counting ticks. At each update the benchmark records how late it came
 * after the whole-second boundary it was meant for, whether a second was
 * skipped on screen, and how far the pump time is from the clock's own
 * elapsed time (the drift, which must stay at the few microseconds between
 * two reads of the clock).
 *
 * It runs once on an idle machine (the baseline) and once with a busy loop
 * on every core. The target is a worst lateness of 50 ms under load: a
 * second that changes 50 ms late looks on time to a person.
 *
 * Run it with `meson test -C build --benchmark timer-drift --verbose`, or
 * by hand: `build/tests/bench/timer-drift --seconds 20`. */

#define USEC            ((gint64)G_USEC_PER_SEC)
#define TARGET_MS       50.0

static const char bench_routine[] =
  "[Routine]\n"
  "version=1\n"
  "id=timer-drift\n"
  "name=Timer drift\n"
  "pump-minutes=120\n"
  "[Step 1]\n"
  "kind=stimulation\n"
  "prompt=Pump.\n";

typedef struct
{
  LullClock   *clock;
  LullSession *session;
  GMainLoop   *loop;
  guint        seconds;

  gint64       clock_start;
  guint        pending_second;
  GArray      *late_us;
  guint        early;
  guint        skipped;
  gint64       worst_drift_us;
} Run;

typedef struct
{
  gint64  median_us;
  gint64  p99_us;
  gint64  worst_us;
  guint   updates;
  guint   early;
  guint   skipped;
  gint64  worst_drift_us;
} Result;

static int busy_stop;

static gboolean on_update (gpointer user_data);

static void
schedule_update (Run *run)
{
  gint64 elapsed = lull_session_get_pump_elapsed (run->session);
  gint64 boundary = (elapsed / USEC + 1) * USEC;

  run->pending_second = (guint)(boundary / USEC);
  /* Rounded up: a timeout in whole milliseconds that fires before the
   * boundary would show the old second again. */
  g_timeout_add ((guint)((boundary - elapsed + 999) / 1000), on_update, run);
}

static gboolean
on_update (gpointer user_data)
{
  Run *run = user_data;
  gint64 elapsed = lull_session_get_pump_elapsed (run->session);
  gint64 clock_elapsed = lull_clock_get_elapsed (run->clock) - run->clock_start;
  gint64 late = elapsed - (gint64)run->pending_second * USEC;
  guint displayed;

  lull_session_tick (run->session);
  displayed = lull_session_get_pump_seconds (run->session);

  /* The clock was read after the session; nothing is paused, so the two
   * differ only by the time between the reads, unless the time drifts. */
  run->worst_drift_us = MAX (run->worst_drift_us, ABS (clock_elapsed - elapsed));

  if (late < 0)
    {
      run->early++;
    }
  else
    {
      g_array_append_val (run->late_us, late);
      if (displayed > run->pending_second)
        run->skipped += displayed - run->pending_second;
    }

  if (displayed >= run->seconds)
    g_main_loop_quit (run->loop);
  else
    schedule_update (run);

  return G_SOURCE_REMOVE;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

static gpointer
busy_loop (gpointer data)
{
  volatile guint64 spins = 0;

  while (!g_atomic_int_get (&busy_stop))
    spins++;

  return NULL;
}

static Result
measure (guint seconds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LullRoutine) routine = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(LullClock) clock = lull_clock_new_system ();
  g_autoptr(LullSession) session = NULL;
  g_autoptr(GArray) late_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  Result result = { 0 };
  Run run = { 0 };

  routine = lull_routine_new_from_data (bench_routine, -1, NULL, &error);
  g_assert_no_error (error);

  /* A routine with no preparation: the pump starts with the session. */
  run.clock_start = lull_clock_get_elapsed (clock);
  session = lull_session_new (routine, clock);
  g_assert (lull_session_get_state (session) == LULL_SESSION_STATE_PUMPING);

  run.clock = clock;
  run.session = session;
  run.loop = loop;
  run.seconds = seconds;
  run.late_us = late_us;

  schedule_update (&run);
  g_main_loop_run (loop);

  g_array_sort (late_us, compare_gint64);
  result.updates = late_us->len;
  result.early = run.early;
  result.skipped = run.skipped;
  result.worst_drift_us = run.worst_drift_us;
  if (late_us->len > 0)
    {
      result.median_us = g_array_index (late_us, gint64, late_us->len / 2);
      result.p99_us = g_array_index (late_us, gint64, (late_us->len * 99) / 100);
      result.worst_us = g_array_index (late_us, gint64, late_us->len - 1);
    }

  return result;
}

static void
print_result (const char   *label,
              const Result *result)
{
  g_print ("%-26s updates %u, median %.2f ms, p99 %.2f ms, worst %.2f ms, "
           "early %u, seconds skipped %u, clock drift %" G_GINT64_FORMAT " us\n",
           label, result->updates,
           result->median_us / 1000.0, result->p99_us / 1000.0, result->worst_us / 1000.0,
           result->early, result->skipped, result->worst_drift_us);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *loaded_label = NULL;
  int seconds = 180;
  int n_threads = MAX (2, (int)g_get_num_processors ());
  Result baseline, loaded;
  gboolean met;
  const GOptionEntry entries[] = {
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds,
      "Seconds of pump time per measurement (default 180)", "N" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &n_threads,
      "Busy-loop threads for the loaded measurement (default: one per core, at least 2)", "N" },
    { NULL }
  };

  context = g_option_context_new ("- how late and how far the session timer drifts");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  if (seconds < 2 || n_threads < 1)
    {
      g_printerr ("--seconds must be at least 2 and --threads at least 1\n");
      return EXIT_FAILURE;
    }

  g_print ("timer-drift: %d s of pump time per measurement, an update at each whole second, "
           "scheduled from the session's pump time\n", seconds);

  baseline = measure (seconds);
  print_result ("baseline (no load):", &baseline);

  for (int i = 0; i < n_threads; i++)
    g_ptr_array_add (threads, g_thread_new ("busy", busy_loop, NULL));

  loaded = measure (seconds);

  g_atomic_int_set (&busy_stop, 1);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));

  loaded_label = g_strdup_printf ("loaded (%d busy threads):", n_threads);
  print_result (loaded_label, &loaded);

  met = loaded.worst_us / 1000.0 <= TARGET_MS && loaded.skipped == 0;
  g_print ("target: worst lateness under load <= %.0f ms, no second skipped\n", TARGET_MS);
  g_print ("worst under load %.2f ms (%.1fx the baseline's worst)\n",
           loaded.worst_us / 1000.0,
           baseline.worst_us > 0 ? (double)loaded.worst_us / baseline.worst_us : 0.0);
  g_print ("target met: %s\n", met ? "yes" : "no");

  /* A benchmark reports; it fails only when it could not measure. */
  return loaded.updates > 0 && baseline.updates > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
