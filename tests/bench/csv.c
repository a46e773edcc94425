/* csv.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "lull-bench.h"
#include "lull-csv.h"
#include "lull-data-root.h"
#include "lull-history.h"
#include "lull-test-util.h"

/* How long do the CSV export and import take with years of history.
 *
 * Export, against the least that turning the same month files into the
 * same columns can cost: a plain GKeyFile walk (the baseline), each month
 * file loaded with g_key_file_load_from_file(), each session group's keys
 * read with g_key_file_get_value() and written as the CSV's sixteen
 * columns with fprintf(), the two derived ones worked out from the raw
 * let-downs, a cell quoted only when it holds a comma, a quote or a line
 * end (its values stay as the month file escapes them). Lull's side is
 * timed two ways:
 *
 *   load + export  lull_history_load() on a fresh LullHistory, the
 *                  records taken from its list, lull_csv_export() and the
 *                  file written: from the disk to the file, as the
 *                  baseline, and as `lull --export-csv` does;
 *   export only    lull_csv_export() over the records already loaded, and
 *                  the file written.
 *
 * Both sides write with fwrite()/fprintf() into a file in the scratch
 * folder, never synced: `lull --export-csv` writes atomically and syncs,
 * which costs both sides the same. The target is read on load + export:
 * at most twice the baseline. Export only is printed beside it; its ratio
 * is to a baseline that also reads the files, so it says how much of
 * Lull's time is the export itself.
 *
 * Import: Lull's CSV of all the sessions, already in memory, through
 * lull_csv_import() and lull_history_append_all() on a fresh LullHistory
 * (not loaded), first into an empty data root (a new one each run; every
 * session is written, one write a month) and then into the full one it
 * came from (every session is already there: nothing is written). The
 * same with lull_history_load() first, as `lull --import-csv` and the
 * window do, where lull_csv_import_new() leaves the rows already there
 * unread: that pair is the target, the second at most half the first.
 *
 *   csv-bench [--runs N] [--sessions N] PYTHON HISTORY_FIXTURE_PY
 *   csv-bench [--runs N] --root ROOT
 *
 * The data root is made by history_fixture.py (25,000 sessions by
 * default) in a scratch folder, or given with --root (nothing is added
 * to it: every session of its CSV is there already). Each run times every side once, in turn; the
 * medians of wall time (and of the process's CPU time, which leaves out
 * waiting for the disk) are printed, with their ratios and one `target
 * met: yes/no` line per target. An import into the empty root syncs each
 * month file it writes, so on a slow disk that side is mostly the disk's
 * time: run it with TMPDIR on a tmpfs to see Lull's own work. It only
 * measures: it exits non-zero only when a call fails or a side gives a
 * wrong result. */

#define DEFAULT_RUNS          9
#define DEFAULT_SESSIONS      25000
#define TARGET_EXPORT_RATIO   2.0
#define TARGET_REIMPORT_RATIO 0.5

/* The month file's keys of the CSV's columns, in the CSV's order; NULL
 * for the two worked out from the let-downs. */
static const char * const keys[] = {
  "start", "pump-seconds", "prime-seconds", NULL, NULL, "letdowns", "volume-ml",
  "volume-left-ml", "volume-right-ml", "ease", "calm-before", "calm-after", "routine",
  "place", "cues", "notes",
};

enum
{
  COLUMN_FIRST_LETDOWN = 3,
  COLUMN_LETDOWN_COUNT = 4,
  COLUMN_LETDOWNS = 5,
};

static goffset
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? (goffset)buf.st_size : -1;
}

/* --- The baseline -------------------------------------------------------- */

/* The month files' paths, oldest first. */
static GPtrArray *
list_month_files (const char *root)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *paths = lull_bench_list_month_files (root, &error);

  if (paths == NULL)
    lull_bench_fail ("baseline", error);

  return paths;
}

static void
write_cell (FILE       *out,
            const char *value)
{
  if (value == NULL)
    return;

  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      fputs (value, out);
      return;
    }

  putc ('"', out);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        putc ('"', out);
      putc (*p, out);
    }
  putc ('"', out);
}

/* The first let-down of "95;210;330". */
static void
write_first (FILE       *out,
             const char *letdowns)
{
  const char *separator;

  if (letdowns == NULL)
    return;

  separator = strchr (letdowns, ';');
  if (separator != NULL)
    fwrite (letdowns, 1, separator - letdowns, out);
  else
    fputs (letdowns, out);
}

/* How many let-downs "95;210;330" lists; a ';' at the end, as GKeyFile
 * ends a list, ends the last one. */
static guint
count_items (const char *letdowns)
{
  guint count = 1;

  if (letdowns == NULL || letdowns[0] == '\0')
    return 0;

  for (const char *p = letdowns; *p != '\0'; p++)
    count += *p == ';' && p[1] != '\0';

  return count;
}

/* Returns the number of sessions written. */
static G_GNUC_NO_INLINE guint
bench_baseline (const char *root,
                const char *out_path)
{
  g_autoptr(GPtrArray) paths = list_month_files (root);
  FILE *out = fopen (out_path, "wb");
  guint n = 0;

  if (out == NULL)
    lull_bench_fail (out_path, NULL);

  fputs (lull_csv_get_header (), out);
  fputs ("\r\n", out);

  for (guint f = 0; f < paths->len; f++)
    {
      g_autoptr(GKeyFile) keyfile = g_key_file_new ();
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) groups = NULL;

      if (!g_key_file_load_from_file (keyfile, g_ptr_array_index (paths, f), G_KEY_FILE_NONE,
                                      &error))
        lull_bench_fail ("baseline", error);

      groups = g_key_file_get_groups (keyfile, NULL);
      for (guint g = 0; groups[g] != NULL; g++)
        {
          g_autofree char *letdowns = NULL;

          if (g_str_equal (groups[g], "Lull History"))
            continue;

          letdowns = g_key_file_get_value (keyfile, groups[g], "letdowns", NULL);
          for (guint c = 0; c < G_N_ELEMENTS (keys); c++)
            {
              g_autofree char *value = NULL;

              if (c > 0)
                putc (',', out);
              if (c == COLUMN_FIRST_LETDOWN)
                {
                  write_first (out, letdowns);
                }
              else if (c == COLUMN_LETDOWN_COUNT)
                {
                  fprintf (out, "%u", count_items (letdowns));
                }
              else if (c == COLUMN_LETDOWNS)
                {
                  write_cell (out, letdowns);
                }
              else
                {
                  value = g_key_file_get_value (keyfile, groups[g], keys[c], NULL);
                  write_cell (out, value);
                }
            }
          fputs ("\r\n", out);
          n++;
        }
    }

  if (fclose (out) != 0)
    lull_bench_fail (out_path, NULL);

  return n;
}

/* --- Lull's export ------------------------------------------------------- */

static void
write_text (const char *path,
            const char *text,
            gsize       length)
{
  FILE *out = fopen (path, "wb");

  if (out == NULL || fwrite (text, 1, length, out) != length || fclose (out) != 0)
    {
      g_printerr ("csv-bench: %s: %s\n", path, g_strerror (errno));
      exit (1);
    }
}

/* The records of the history's list, oldest first. */
static GPtrArray *
take_records (LullHistory *history)
{
  GListModel *list = lull_history_get_records (history);
  guint n = g_list_model_get_n_items (list);
  GPtrArray *records = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (records, g_list_model_get_item (list, i));

  return records;
}

static G_GNUC_NO_INLINE void
bench_export (GPtrArray  *records,
              const char *out_path)
{
  g_autofree char *text = NULL;
  gsize length;

  text = lull_csv_export ((LullRecord * const *)records->pdata, records->len, &length);
  write_text (out_path, text, length);
}

/* Returns the number of sessions written. */
static G_GNUC_NO_INLINE guint
bench_load_export (const char *root,
                   const char *out_path)
{
  g_autoptr(LullDataRoot) data_root = lull_data_root_new (root);
  g_autoptr(LullHistory) history = lull_history_new (data_root);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  if (!lull_history_load (history, problems, &error))
    lull_bench_fail ("lull_history_load", error);
  records = take_records (history);
  bench_export (records, out_path);

  return records->len;
}

/* --- Lull's import ------------------------------------------------------- */

typedef struct
{
  LullBenchTimes load;      /* lull_history_load(), when asked for */
  LullBenchTimes parse;     /* lull_csv_import() */
  LullBenchTimes append;    /* lull_history_append_all() */
  LullBenchTimes total;     /* the two, or the three */
} ImportTimes;

static void
import_times_init (ImportTimes *times)
{
  lull_bench_times_init (&times->load);
  lull_bench_times_init (&times->parse);
  lull_bench_times_init (&times->append);
  lull_bench_times_init (&times->total);
}

static void
import_times_clear (ImportTimes *times)
{
  lull_bench_times_clear (&times->load);
  lull_bench_times_clear (&times->parse);
  lull_bench_times_clear (&times->append);
  lull_bench_times_clear (&times->total);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ImportTimes, import_times_clear)

/* The CSV into the data root at @root, on a fresh LullHistory, loaded
 * first when @load. Fails unless @expected_added sessions were added and
 * the rest of the @expected sessions were already there. */
static void
time_import (const char  *root,
             const char  *text,
             gsize        length,
             gboolean     load,
             guint        expected,
             guint        expected_added,
             ImportTimes *times)
{
  g_autoptr(LullDataRoot) data_root = lull_data_root_new (root);
  g_autoptr(LullHistory) history = lull_history_new (data_root);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  guint n_added = 0, n_present = 0, n_known = 0;
  LullBenchMoment start, loaded, parsed, appended;

  start = lull_bench_now ();
  if (load && !lull_history_load (history, problems, &error))
    lull_bench_fail ("lull_history_load", error);
  loaded = lull_bench_now ();
  /* As the app and `lull --import-csv` do once the history is loaded:
   * rows whose session is there are left out unread. */
  if (load)
    records = lull_csv_import_new (text, length, "bench.csv", lull_csv_known_in_history,
                                   history, &n_known, problems, NULL, NULL, NULL, &error);
  else
    records = lull_csv_import (text, length, "bench.csv", problems, NULL, NULL, NULL, &error);
  if (records == NULL)
    lull_bench_fail ("lull_csv_import", error);
  parsed = lull_bench_now ();
  if (!lull_history_append_all (history, records, &n_added, &n_present, &error))
    lull_bench_fail ("lull_history_append_all", error);
  appended = lull_bench_now ();

  if (load)
    lull_bench_times_add_between (&times->load, start, loaded);
  lull_bench_times_add_between (&times->parse, loaded, parsed);
  lull_bench_times_add_between (&times->append, parsed, appended);
  lull_bench_times_add_between (&times->total, start, appended);

  if (problems->len > 0 || records->len + n_known != expected || n_added != expected_added
      || n_present + n_known != expected - expected_added)
    {
      g_printerr ("csv-bench: importing into %s gave %u sessions, %u added, %u already "
                  "there, %u problems (%s); expected %u, %u added\n", root, records->len,
                  n_added, n_present, problems->len,
                  problems->len > 0 ? (const char *)g_ptr_array_index (problems, 0) : "none",
                  expected, expected_added);
      exit (1);
    }
}

/* --- Printing ------------------------------------------------------------ */

static void
print_side (const char     *name,
            LullBenchTimes *times,
            LullBenchTimes *baseline)
{
  double wall = lull_bench_median (times->wall);
  double cpu = lull_bench_median (times->cpu);

  printf ("  %-50s wall %8.1f ms, cpu %8.1f ms", name, wall, cpu);
  if (baseline != NULL)
    printf ("   ratio %.2f (cpu %.2f)", wall / lull_bench_median (baseline->wall),
            cpu / lull_bench_median (baseline->cpu));
  printf ("\n");
}

static void
print_import (const char  *name,
              ImportTimes *times,
              gboolean     load)
{
  printf ("  %s\n", name);
  if (load)
    print_side ("  lull_history_load", &times->load, NULL);
  print_side ("  lull_csv_import", &times->parse, NULL);
  print_side ("  lull_history_append_all", &times->append, NULL);
  print_side ("  total", &times->total, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) months = NULL;
  g_auto(LullBenchTimes) baseline = { NULL, NULL };
  g_auto(LullBenchTimes) load_export = { NULL, NULL };
  g_auto(LullBenchTimes) export_only = { NULL, NULL };
  g_auto(ImportTimes) into_empty = { { NULL } };
  g_auto(ImportTimes) into_full = { { NULL } };
  g_auto(ImportTimes) cli_empty = { { NULL } };
  g_auto(ImportTimes) cli_full = { { NULL } };
  g_autofree char *tmp = NULL;
  g_autofree char *root = NULL;
  g_autofree char *baseline_path = NULL;
  g_autofree char *lull_path = NULL;
  g_autofree char *text = NULL;
  char *given_root = NULL;
  int runs = DEFAULT_RUNS;
  int sessions = DEFAULT_SESSIONS;
  goffset month_bytes = 0;
  double export_ratio, export_only_ratio, reimport_ratio, cli_ratio;
  gsize length;
  LullBenchMoment start;
  const GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Timed runs of each side (default 9)", "N" },
    { "sessions", 's', 0, G_OPTION_ARG_INT, &sessions,
      "Sessions history_fixture.py writes (default 25000)", "N" },
    { "root", 0, 0, G_OPTION_ARG_FILENAME, &given_root,
      "A data root with a history to export, instead of a new one", "ROOT" },
    { NULL }
  };

  g_set_prgname ("csv-bench");
  context = g_option_context_new ("PYTHON HISTORY_FIXTURE_PY — time the CSV export and "
                                  "import");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    lull_bench_fail ("options", error);
  if (runs < 1 || runs > 1000 || sessions < 1 ||
      (given_root == NULL && argc != 3) || (given_root != NULL && argc != 1))
    return lull_bench_usage (context);

  tmp = lull_test_make_tmp_dir ("lull-bench-csv-XXXXXX");
  if (given_root != NULL)
    {
      root = g_strdup (given_root);
    }
  else
    {
      root = g_build_filename (tmp, "lull", NULL);
      if (!lull_bench_write_history (argv[1], argv[2], root, sessions, &error))
        lull_bench_fail ("history_fixture.py", error);
    }
  g_free (given_root);
  baseline_path = g_build_filename (tmp, "baseline.csv", NULL);
  lull_path = g_build_filename (tmp, "lull.csv", NULL);

  /* Once, untimed: the records for export only, Lull's CSV for the
   * imports, and the files in the page cache for every side. */
  {
    g_autoptr(LullDataRoot) data_root = lull_data_root_new (root);
    g_autoptr(LullHistory) history = lull_history_new (data_root);
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
    guint n_baseline;

    if (!lull_history_load (history, problems, &error))
      lull_bench_fail ("lull_history_load", error);
    records = take_records (history);
    if (records->len == 0)
      {
        g_printerr ("csv-bench: %s has no sessions\n", root);
        return 1;
      }
    text = lull_csv_export ((LullRecord * const *)records->pdata, records->len, &length);

    n_baseline = bench_baseline (root, baseline_path);
    if (n_baseline != records->len || problems->len > 0)
      {
        g_printerr ("csv-bench: the baseline wrote %u sessions, Lull loaded %u with %u "
                    "problems\n", n_baseline, records->len, problems->len);
        return 1;
      }
  }

  months = list_month_files (root);
  for (guint i = 0; i < months->len; i++)
    month_bytes += file_size (g_ptr_array_index (months, i));
  printf ("%u sessions in %s: %u month files, %.1f MiB; Lull's CSV %.1f MiB, the "
          "baseline's %.1f MiB\n", records->len, root, months->len, month_bytes / 1048576.0,
          length / 1048576.0, file_size (baseline_path) / 1048576.0);
  printf ("scratch folder %s; %d runs, each side once a run, in turn; medians\n\n", tmp, runs);
  fflush (stdout);

  lull_bench_times_init (&baseline);
  lull_bench_times_init (&load_export);
  lull_bench_times_init (&export_only);
  import_times_init (&into_empty);
  import_times_init (&into_full);
  import_times_init (&cli_empty);
  import_times_init (&cli_full);

  for (int run = 0; run < runs; run++)
    {
      g_autofree char *empty = g_strdup_printf ("%s/empty-%d", tmp, run);
      g_autofree char *cli = g_strdup_printf ("%s/cli-%d", tmp, run);

      start = lull_bench_now ();
      if (bench_baseline (root, baseline_path) != records->len)
        lull_bench_fail ("baseline", NULL);
      lull_bench_times_add_since (&baseline, start);

      start = lull_bench_now ();
      if (bench_load_export (root, lull_path) != records->len)
        lull_bench_fail ("load + export", NULL);
      lull_bench_times_add_since (&load_export, start);

      start = lull_bench_now ();
      bench_export (records, lull_path);
      lull_bench_times_add_since (&export_only, start);

      time_import (empty, text, length, FALSE, records->len, records->len, &into_empty);
      time_import (root, text, length, FALSE, records->len, 0, &into_full);
      time_import (cli, text, length, TRUE, records->len, records->len, &cli_empty);
      time_import (root, text, length, TRUE, records->len, 0, &cli_full);

      lull_test_remove_tree (empty);
      lull_test_remove_tree (cli);
    }

  printf ("export of %u sessions to a file\n", records->len);
  print_side ("baseline: GKeyFile walk + fprintf", &baseline, NULL);
  print_side ("Lull: load + lull_csv_export + write", &load_export, &baseline);
  print_side ("Lull: lull_csv_export + write (loaded records)", &export_only, &baseline);
  printf ("\nimport of Lull's CSV of %u sessions (%.1f MiB, in memory), fresh LullHistory\n",
          records->len, length / 1048576.0);
  print_import ("into an empty data root (all added)", &into_empty, FALSE);
  print_import ("into the full data root (all already there)", &into_full, FALSE);
  print_import ("as lull --import-csv, loaded first: into an empty data root", &cli_empty,
                TRUE);
  print_import ("as lull --import-csv, loaded first: into the full data root", &cli_full,
                TRUE);

  export_ratio = lull_bench_median (load_export.wall) / lull_bench_median (baseline.wall);
  export_only_ratio = lull_bench_median (export_only.wall) / lull_bench_median (baseline.wall);
  reimport_ratio = lull_bench_median (into_full.total.wall) /
                   lull_bench_median (into_empty.total.wall);
  cli_ratio = lull_bench_median (cli_full.total.wall) / lull_bench_median (cli_empty.total.wall);
  printf ("\nre-import / first import: %.2f (cpu %.2f); as lull --import-csv: %.2f (cpu %.2f)\n",
          reimport_ratio,
          lull_bench_median (into_full.total.cpu) / lull_bench_median (into_empty.total.cpu),
          cli_ratio,
          lull_bench_median (cli_full.total.cpu) / lull_bench_median (cli_empty.total.cpu));
  printf ("\ntarget met: %s (export, load + export: %.2f× the baseline, at most %.0f×; "
          "export only: %.2f×)\n", export_ratio <= TARGET_EXPORT_RATIO ? "yes" : "no",
          export_ratio, TARGET_EXPORT_RATIO, export_only_ratio);
  printf ("target met: %s (re-import of %u sessions all already there, as lull --import-csv: "
          "%.2f× the import into an empty root, at most %.1f×; without the history loaded "
          "first: %.2f×)\n",
          cli_ratio <= TARGET_REIMPORT_RATIO ? "yes" : "no", records->len, cli_ratio,
          TARGET_REIMPORT_RATIO, reimport_ratio);

  lull_test_remove_tree (tmp);

  return 0;
}
