/* lull-bench.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lull-bench.h"

/* What several C benchmarks need alike: wall and CPU time, the runs'
 * durations and their medians, the failure and usage messages, a data
 * root written by history_fixture.py and its month files, and a line of
 * /proc/self/status. */

/**
 * lull_bench_now:
 *
 * Returns: the monotonic clock and the CPU time of the whole process (all
 *   threads, user and system), in milliseconds
 */
LullBenchMoment
lull_bench_now (void)
{
  struct timespec cpu;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &cpu);

  return (LullBenchMoment) {
    .wall = g_get_monotonic_time () / 1000.0,
    .cpu = cpu.tv_sec * 1e3 + cpu.tv_nsec / 1e6,
  };
}

/**
 * lull_bench_since:
 * @start: a moment from lull_bench_now()
 *
 * Returns: the wall and CPU time from @start to now, in milliseconds
 */
LullBenchMoment
lull_bench_since (LullBenchMoment start)
{
  LullBenchMoment end = lull_bench_now ();

  return (LullBenchMoment) { .wall = end.wall - start.wall, .cpu = end.cpu - start.cpu };
}

void
lull_bench_times_init (LullBenchTimes *times)
{
  times->wall = g_array_new (FALSE, FALSE, sizeof (double));
  times->cpu = g_array_new (FALSE, FALSE, sizeof (double));
}

void
lull_bench_times_clear (LullBenchTimes *times)
{
  g_clear_pointer (&times->wall, g_array_unref);
  g_clear_pointer (&times->cpu, g_array_unref);
}

/* Adds one run's durations: the time from @start to @end. */
void
lull_bench_times_add_between (LullBenchTimes  *times,
                              LullBenchMoment  start,
                              LullBenchMoment  end)
{
  double wall = end.wall - start.wall;
  double cpu = end.cpu - start.cpu;

  g_array_append_val (times->wall, wall);
  g_array_append_val (times->cpu, cpu);
}

/* Adds one run's durations: the time from @start to now. */
void
lull_bench_times_add_since (LullBenchTimes  *times,
                            LullBenchMoment  start)
{
  lull_bench_times_add_between (times, start, lull_bench_now ());
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

/**
 * lull_bench_median:
 * @values: (element-type double): at least one value; sorted in place
 *
 * Returns: the value at index len / 2 once sorted: the middle one of an
 *   odd number of values, the upper of the two middle ones of an even
 *   number (never their mean)
 */
double
lull_bench_median (GArray *values)
{
  g_array_sort (values, compare_doubles);

  return g_array_index (values, double, values->len / 2);
}

/**
 * lull_bench_worst:
 * @values: (element-type double): at least one value; sorted in place
 *
 * Returns: the largest value
 */
double
lull_bench_worst (GArray *values)
{
  g_array_sort (values, compare_doubles);

  return g_array_index (values, double, values->len - 1);
}

/**
 * lull_bench_fail:
 * @what: what failed: a call, a file, a step
 * @error: (nullable): why
 *
 * Prints "PROGRAM: WHAT: MESSAGE" (or "failed" without an @error) and
 * exits with 1. PROGRAM is g_get_prgname(): set it first.
 */
void
lull_bench_fail (const char *what,
                 GError     *error)
{
  g_printerr ("%s: %s: %s\n", g_get_prgname (), what, error != NULL ? error->message : "failed");
  exit (1);
}

/**
 * lull_bench_usage:
 * @context: the program's options
 *
 * Prints the program's help to stderr.
 *
 * Returns: 2, the exit status of a wrong command line
 */
int
lull_bench_usage (GOptionContext *context)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("%s", help);

  return 2;
}

/**
 * lull_bench_write_history:
 * @python: the Python interpreter
 * @fixture: the path of tests/bench/history_fixture.py
 * @root: the data root to write, which should not exist yet
 * @sessions: how many sessions to write
 * @error: return location for an error
 *
 * Runs `PYTHON HISTORY_FIXTURE_PY ROOT SESSIONS`, with stdout and stderr
 * left to this program's.
 *
 * Returns: %TRUE when the fixture exited with 0
 */
gboolean
lull_bench_write_history (const char  *python,
                          const char  *fixture,
                          const char  *root,
                          int          sessions,
                          GError     **error)
{
  g_autofree char *count = g_strdup_printf ("%d", sessions);
  const char *argv[] = { python, fixture, root, count, NULL };
  int status;

  return g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                       &status, error) &&
         g_spawn_check_wait_status (status, error);
}

static gboolean
is_month_filename (const char *name)
{
  /* YYYY-MM.ini, as history_fixture.py writes them: the files
   * lull_history_load() reads (it is stricter on the month number, which
   * history_fixture.py always gets right). */
  if (strlen (name) != strlen ("YYYY-MM.ini") || !g_str_has_suffix (name, ".ini"))
    return FALSE;

  for (guint i = 0; i < 7; i++)
    {
      if (i == 4 ? name[i] != '-' : !g_ascii_isdigit (name[i]))
        return FALSE;
    }

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/**
 * lull_bench_list_month_files:
 * @root: a data root
 * @error: return location for an error, %G_FILE_ERROR_NOENT when @root
 *   has no history folder
 *
 * Returns: (transfer full) (element-type filename) (nullable): the paths of
 *   the month files in @root's history folder, oldest first, as
 *   lull_history_load() reads them; %NULL when the folder cannot be read
 */
GPtrArray *
lull_bench_list_month_files (const char  *root,
                             GError     **error)
{
  g_autofree char *folder = g_build_filename (root, "history", NULL);
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dir = g_dir_open (folder, 0, error);
  if (dir == NULL)
    return NULL;

  paths = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (is_month_filename (name))
        g_ptr_array_add (paths, g_build_filename (folder, name, NULL));
    }
  g_ptr_array_sort (paths, compare_names);

  return g_steal_pointer (&paths);
}

/**
 * lull_bench_status_kib:
 * @field: a field of /proc/self/status in KiB, such as "VmRSS" or "VmHWM"
 *
 * Returns: its value for this process, or -1
 */
gint64
lull_bench_status_kib (const char *field)
{
  g_autofree char *status = NULL;
  g_autofree char *prefix = g_strconcat ("\n", field, ":", NULL);
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;

  line = strstr (status, prefix);
  if (line == NULL)
    return -1;

  return g_ascii_strtoll (line + strlen (prefix), NULL, 10);
}
