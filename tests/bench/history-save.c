/* history-save.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "lull-bench.h"
#include "lull-data-root.h"
#include "lull-history.h"
#include "lull-test-util.h"

/* How long does saving one session take with years of history present:
 * a new one (lull_history_append()), an edited one
 * (lull_history_replace()), and, for the undo that follows a deletion,
 * deleting one (lull_history_remove()); next to the least that saving
 * into that month can cost: g_file_set_contents_full() of the month
 * file's bytes, atomic and 0600 as Lull writes, over a copy of the file
 * beside it (the baseline; the copy's name is not a month's, and writing
 * over the month file itself would make Lull's next call see a file
 * changed behind its back). Each Lull call reads the month file again,
 * finds the session, rewrites the file and changes the list.
 *
 *   history-save [--runs N] [--sessions N] PYTHON HISTORY_FIXTURE_PY
 *   history-save [--runs N] --root ROOT
 *
 * The data root is made by history_fixture.py (25,000 sessions by
 * default, up to 30 November 2026) in a scratch folder, or given with
 * --root (it is written to). The history is loaded once; then each run
 * times, in turn, the baseline, a new session on 30 November, an edit of
 * another November session's volume, and the deletion of the new session.
 * The medians of wall time (and of the process's CPU time, which leaves
 * out waiting for the disk to flush), their ratios to the baseline's and
 * one `target met: yes/no` line per target (at most 5 ms of wall time for
 * a new and for an edited session) are printed. An atomic write waits for
 * the disk (fsync), so on a slow disk the baseline alone may take longer
 * than the target: run it with TMPDIR on a tmpfs to see Lull's own work.
 * It only measures: it exits non-zero only when a call fails. */

#define DEFAULT_RUNS     21
#define DEFAULT_SESSIONS 25000
#define TARGET_MS        5.0
/* The last month history_fixture.py writes. */
#define MONTH            "2026-11"

static void
write_atomically (const char *path,
                  const char *contents,
                  gsize       length)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents_full (path, contents, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &error))
    lull_bench_fail ("baseline", error);
}

/* The month file's bytes, as they are now, written over their copy: the
 * baseline. */
static void
time_baseline (const char     *month_path,
               const char     *copy_path,
               LullBenchTimes *times)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  LullBenchMoment start;

  if (!g_file_get_contents (month_path, &contents, &length, &error))
    lull_bench_fail ("baseline", error);

  start = lull_bench_now ();
  write_atomically (copy_path, contents, length);
  lull_bench_times_add_since (times, start);
}

/* The sessions of MONTH that history_fixture.py wrote, newest last. */
static GPtrArray *
month_records (LullHistory *history)
{
  GListModel *records = lull_history_get_records (history);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = g_list_model_get_n_items (records); i-- > 0;)
    {
      g_autoptr(LullRecord) record = g_list_model_get_item (records, i);

      if (!g_str_has_prefix (lull_record_get_key (record), MONTH))
        break;
      g_ptr_array_insert (found, 0, g_steal_pointer (&record));
    }

  return found;
}

static void
print_side (const char     *name,
            LullBenchTimes *times,
            LullBenchTimes *baseline)
{
  double wall = lull_bench_median (times->wall);
  double cpu = lull_bench_median (times->cpu);

  printf ("%-42s wall median %6.3f ms (worst %6.3f), cpu median %6.3f ms\n",
          name, wall, lull_bench_worst (times->wall), cpu);
  if (baseline != NULL)
    printf ("%-42s ratio to the baseline: wall %.2f, cpu %.2f\n", "",
            wall / lull_bench_median (baseline->wall), cpu / lull_bench_median (baseline->cpu));
}

static void
print_target (const char     *name,
              LullBenchTimes *times)
{
  double wall = lull_bench_median (times->wall);

  printf ("target met: %s (%s: %.3f ms, at most %.0f ms)\n", wall <= TARGET_MS ? "yes" : "no",
          name, wall, TARGET_MS);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LullDataRoot) data_root = NULL;
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) november = NULL;
  g_auto(LullBenchTimes) baseline = { NULL, NULL };
  g_auto(LullBenchTimes) appended = { NULL, NULL };
  g_auto(LullBenchTimes) replaced = { NULL, NULL };
  g_auto(LullBenchTimes) removed = { NULL, NULL };
  g_autofree char *tmp = NULL;
  g_autofree char *root = NULL;
  g_autofree char *month_path = NULL;
  g_autofree char *copy_path = NULL;
  g_autofree char *contents = NULL;
  char *given_root = NULL;
  int runs = DEFAULT_RUNS;
  int sessions = DEFAULT_SESSIONS;
  GStatBuf buf;
  gsize length;
  LullBenchMoment start;
  const GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Timed runs of each call (default 21)", "N" },
    { "sessions", 's', 0, G_OPTION_ARG_INT, &sessions,
      "Sessions history_fixture.py writes (default 25000)", "N" },
    { "root", 0, 0, G_OPTION_ARG_FILENAME, &given_root,
      "A data root with a history to write to, instead of a new one", "ROOT" },
    { NULL }
  };

  g_set_prgname ("history-save");
  context = g_option_context_new ("PYTHON HISTORY_FIXTURE_PY — time saving one session");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    lull_bench_fail ("options", error);
  if (runs < 1 || runs > 1000 || sessions < 1000 ||
      (given_root == NULL && argc != 3) || (given_root != NULL && argc != 1))
    return lull_bench_usage (context);

  if (given_root != NULL)
    {
      root = g_strdup (given_root);
    }
  else
    {
      tmp = lull_test_make_tmp_dir ("lull-bench-save-XXXXXX");
      root = g_build_filename (tmp, "lull", NULL);
      if (!lull_bench_write_history (argv[1], argv[2], root, sessions, &error))
        lull_bench_fail ("history_fixture.py", error);
    }
  g_free (given_root);

  data_root = lull_data_root_new (root);
  history = lull_history_new (data_root);
  if (!lull_history_load (history, problems, &error))
    lull_bench_fail ("load", error);
  november = month_records (history);
  if (november->len < (guint)runs)
    {
      g_printerr ("history-save: %s has %u sessions, fewer than --runs\n", MONTH, november->len);
      return 1;
    }

  month_path = g_build_filename (root, "history", MONTH ".ini", NULL);
  if (g_stat (month_path, &buf) != 0)
    {
      g_printerr ("history-save: no %s\n", month_path);
      return 1;
    }
  printf ("%u sessions in %s (%u problems); %s.ini holds %u of them, %" G_GOFFSET_FORMAT
          " bytes\n", g_list_model_get_n_items (lull_history_get_records (history)), root,
          problems->len, MONTH, november->len, (goffset)buf.st_size);
  printf ("%d runs of each, in turn: baseline, new session, edited session, deletion\n\n", runs);
  fflush (stdout);

  /* The baseline replaces a file, as Lull does. */
  copy_path = g_strconcat (month_path, ".baseline", NULL);
  if (!g_file_get_contents (month_path, &contents, &length, &error))
    lull_bench_fail ("baseline", error);
  write_atomically (copy_path, contents, length);
  lull_bench_times_init (&baseline);
  lull_bench_times_init (&appended);
  lull_bench_times_init (&replaced);
  lull_bench_times_init (&removed);

  for (int run = 0; run < runs; run++)
    {
      /* 23:00 to 23:59 local: history_fixture.py's days end at 23:00. */
      g_autofree char *when = g_strdup_printf ("2026-11-30T23:%02d:00+01:00", run % 60);
      g_autoptr(GDateTime) start_time = g_date_time_new_from_iso8601 (when, NULL);
      g_autoptr(LullRecord) record = lull_record_new (start_time);
      LullRecord *old_record = g_ptr_array_index (november, november->len - 1 - run);
      g_autoptr(LullRecord) edited = lull_record_copy (old_record, NULL);

      lull_record_set_pump_seconds (record, 900);
      lull_record_set_volume_ml (record, 120);
      lull_record_set_routine (record, "desk-quick");
      lull_record_set_volume_sides_ml (edited, 61, 59);

      time_baseline (month_path, copy_path, &baseline);

      start = lull_bench_now ();
      if (!lull_history_append (history, record, &error))
        lull_bench_fail ("lull_history_append", error);
      lull_bench_times_add_since (&appended, start);

      start = lull_bench_now ();
      if (!lull_history_replace (history, old_record, edited, &error))
        lull_bench_fail ("lull_history_replace", error);
      lull_bench_times_add_since (&replaced, start);
      g_ptr_array_index (november, november->len - 1 - run) = g_object_ref (edited);
      g_object_unref (old_record);

      start = lull_bench_now ();
      if (!lull_history_remove (history, record, &error))
        lull_bench_fail ("lull_history_remove", error);
      lull_bench_times_add_since (&removed, start);
    }

  print_side ("baseline (g_file_set_contents_full)", &baseline, NULL);
  print_side ("lull_history_append (a new session)", &appended, &baseline);
  print_side ("lull_history_replace (an edited session)", &replaced, &baseline);
  print_side ("lull_history_remove (a deletion)", &removed, &baseline);
  printf ("\n");
  print_target ("a new session", &appended);
  print_target ("an edited session", &replaced);

  g_unlink (copy_path);

  if (tmp != NULL)
    lull_test_remove_tree (tmp);

  return 0;
}
