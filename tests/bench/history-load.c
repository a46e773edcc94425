/* history-load.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "lull-bench.h"
#include "lull-data-root.h"
#include "lull-history.h"

/* How long does lull_history_load() take over a data root, next to the
 * least that reading the same month files can cost: each one loaded into a
 * fresh GKeyFile with g_key_file_load_from_file() and freed (the baseline),
 * with the flags the history uses (comments and translations kept).
 *
 * It only measures and prints; the sizes, the ratios and the targets are
 * tests/bench/history_load.py's, which makes the data roots and runs this
 * program (also under callgrind, one side at a time, to count
 * instructions). By hand, on a root made by history_fixture.py:
 *
 *   history-load [--runs N] ROOT              both sides, alternating
 *   history-load --baseline --runs 1 ROOT     only the keyfile baseline
 *   history-load --lull --runs 1 ROOT         only lull_history_load()
 *   history-load --memory ROOT                one load, then VmRSS
 *
 * Each timed run prints one line, "keyfile SECONDS cpu SECONDS files N" or
 * "lull SECONDS cpu SECONDS records N problems N": wall time, then the
 * process's CPU time (all threads, user and system) over the same call;
 * the side's work is in bench_keyfile_load() and bench_lull_load(), which
 * are never inlined so that callgrind --toggle-collect can count only them.
 * --memory loads once with lull_history_load(), keeps the history alive
 * and prints the process's VmRSS and VmHWM in KiB (from /proc/self/status)
 * before and after; history_load.py compares that with an empty root. */

/* The same as lull-history.c's. */
#define KEYFILE_FLAGS (G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS)

/* The month files' paths, oldest first, as lull_history_load() reads them. */
static GPtrArray *
list_month_files (const char *root)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *paths = lull_bench_list_month_files (root, &error);

  if (paths == NULL)
    {
      /* No history folder is an empty history, for both sides. */
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_printerr ("history-load: %s\n", error->message);
      return g_ptr_array_new_with_free_func (g_free);
    }

  return paths;
}

static G_GNUC_NO_INLINE guint
bench_keyfile_load (GPtrArray *paths)
{
  guint n_loaded = 0;

  for (guint i = 0; i < paths->len; i++)
    {
      GKeyFile *keyfile = g_key_file_new ();
      g_autoptr(GError) error = NULL;

      if (g_key_file_load_from_file (keyfile, g_ptr_array_index (paths, i), KEYFILE_FLAGS,
                                     &error))
        n_loaded++;
      else
        g_printerr ("history-load: %s: %s\n",
                    (const char *)g_ptr_array_index (paths, i), error->message);

      g_key_file_free (keyfile);
    }

  return n_loaded;
}

static G_GNUC_NO_INLINE gboolean
bench_lull_load (LullHistory *history,
                 GPtrArray   *problems,
                 GError     **error)
{
  return lull_history_load (history, problems, error);
}

/* Wall and CPU time, in seconds. */
typedef struct
{
  double wall;
  double cpu;
} Seconds;

static Seconds
since (LullBenchMoment start)
{
  LullBenchMoment elapsed = lull_bench_since (start);

  return (Seconds) { .wall = elapsed.wall / 1e3, .cpu = elapsed.cpu / 1e3 };
}

static Seconds
time_keyfile (GPtrArray *paths,
              guint     *n_loaded)
{
  LullBenchMoment start = lull_bench_now ();

  *n_loaded = bench_keyfile_load (paths);

  return since (start);
}

/* Loads into a new LullHistory; returns it through out_history, so that
 * its freeing is not timed (Lull keeps its history for its lifetime). */
static Seconds
time_lull (LullDataRoot  *data_root,
           LullHistory  **out_history,
           guint         *n_problems)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  LullHistory *history = lull_history_new (data_root);
  LullBenchMoment start;
  Seconds seconds;

  start = lull_bench_now ();
  if (!bench_lull_load (history, problems, &error))
    {
      g_printerr ("history-load: %s\n", error->message);
      exit (1);
    }
  seconds = since (start);

  for (guint i = 0; i < problems->len && i < 3; i++)
    g_printerr ("history-load: problem: %s\n", (const char *)g_ptr_array_index (problems, i));

  *n_problems = problems->len;
  *out_history = history;

  return seconds;
}

static int
run_memory (LullDataRoot *data_root)
{
  g_autoptr(LullHistory) history = NULL;
  gint64 rss_before = lull_bench_status_kib ("VmRSS");
  guint n_problems;
  Seconds seconds;

  seconds = time_lull (data_root, &history, &n_problems);

  g_print ("records %u\n", g_list_model_get_n_items (lull_history_get_records (history)));
  g_print ("problems %u\n", n_problems);
  g_print ("seconds %.6f\n", seconds.wall);
  g_print ("rss-before-kib %" G_GINT64_FORMAT "\n", rss_before);
  g_print ("rss-after-kib %" G_GINT64_FORMAT "\n", lull_bench_status_kib ("VmRSS"));
  g_print ("hwm-kib %" G_GINT64_FORMAT "\n", lull_bench_status_kib ("VmHWM"));

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LullDataRoot) data_root = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  gboolean baseline_only = FALSE;
  gboolean lull_only = FALSE;
  gboolean memory = FALSE;
  int runs = 5;
  gsize bytes = 0;
  const GOptionEntry entries[] = {
    { "baseline", 0, 0, G_OPTION_ARG_NONE, &baseline_only,
      "Only the g_key_file_load_from_file() baseline", NULL },
    { "lull", 0, 0, G_OPTION_ARG_NONE, &lull_only, "Only lull_history_load()", NULL },
    { "memory", 0, 0, G_OPTION_ARG_NONE, &memory,
      "Load once with lull_history_load() and print VmRSS in KiB", NULL },
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Timed runs of each side (default 5)", "N" },
    { NULL }
  };

  context = g_option_context_new ("DATA_ROOT — time loading a Lull history");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("history-load: %s\n", error->message);
      return 2;
    }
  if (argc != 2 || runs < 1 || (baseline_only && lull_only) ||
      (memory && (baseline_only || lull_only)))
    return lull_bench_usage (context);

  data_root = lull_data_root_new (argv[1]);

  if (memory)
    return run_memory (data_root);

  paths = list_month_files (argv[1]);
  for (guint i = 0; i < paths->len; i++)
    {
      GStatBuf buf;

      if (g_stat (g_ptr_array_index (paths, i), &buf) == 0)
        bytes += buf.st_size;
    }
  g_print ("month-files %u\n", paths->len);
  g_print ("bytes %" G_GSIZE_FORMAT "\n", bytes);

  /* The two sides alternate, baseline first, so that both see the same
   * machine; the files are in the page cache for both (the data root was
   * just written, and each run reads it all). */
  for (int run = 0; run < runs; run++)
    {
      if (!lull_only)
        {
          guint n_loaded;
          Seconds seconds = time_keyfile (paths, &n_loaded);

          g_print ("keyfile %.6f cpu %.6f files %u\n", seconds.wall, seconds.cpu, n_loaded);
        }

      if (!baseline_only)
        {
          g_autoptr(LullHistory) history = NULL;
          guint n_problems;
          Seconds seconds = time_lull (data_root, &history, &n_problems);

          g_print ("lull %.6f cpu %.6f records %u problems %u\n", seconds.wall, seconds.cpu,
                   g_list_model_get_n_items (lull_history_get_records (history)), n_problems);
        }
    }

  return 0;
}
