/* stats.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lull-bench.h"
#include "lull-stats.h"

/* How long does the home page's statistics take (lull_stats_summary_new():
 * today's count, the streak, the milestones and the progress sentence),
 * next to the least any statistic over the same records can cost: one
 * plain pass reading each record's start and let-downs (the baseline).
 *
 *   stats-bench [--runs N] [--sizes 1000,10000,...]
 *   stats-bench --once --sizes N     one call of each side, for callgrind:
 *     valgrind --tool=callgrind --toggle-collect=bench_summary \
 *       stats-bench --once --sizes 100000
 *
 * The records are made once, in memory, as years of a parent's history
 * ending today: 4 to 8 sessions a day, about a quarter without a let-down
 * marked and a third without a volume, some per side, a few while
 * travelling in another time zone, a handful of routines, places and
 * tracks, in start order as LullHistory gives them. Each size is the
 * newest N of them. Each side is timed two ways, the sides alternating,
 * and the medians of --runs runs are compared:
 *
 *   warm  the call repeated until it has run for at least 20 ms: the
 *         records stay in the processor's caches as far as they fit;
 *   cold  one call after 64 MiB of other memory has been written, as on
 *         the home page after a session, when the records were last read
 *         long before.
 *
 * Warm, 10,000 records fit in the caches and 100,000 do not, so even the
 * baseline grows much faster than the number of records there: that says
 * more about the machine than about the code. The targets are therefore
 * read cold: the summary of 25,000 sessions in at most 10 ms, and its time
 * for 100,000 sessions at most 11 times its time for 10,000 (linear would
 * be 10). It prints the warm figures and the baseline's own ratios beside
 * them. It only measures: it exits 0 when a target is missed, and
 * non-zero only when the summary is wrong. */

#define DEFAULT_RUNS     15
#define MIN_RUN_USEC     (20 * 1000)
#define EVICT_BYTES      (64 * 1024 * 1024)
#define TARGET_MS        10.0
#define TARGET_SIZE      25000
#define TARGET_LINEARITY 11.0
#define DAILY_GOAL       4

enum
{
  WARM_BASELINE,
  WARM_SUMMARY,
  COLD_BASELINE,
  COLD_SUMMARY,
  N_SAMPLES
};

typedef struct
{
  double ms[N_SAMPLES];
} Medians;

static const char * const routines[] = { "desk-quick", "full-relaxation", "night-calm", "car" };
static const char * const places[] = { "Nursery chair", "Office", "Car", NULL };
static const char * const tracks[] = { "builtin:meadow", "builtin:rain", "own:lullaby", NULL };

static int
compare_starts (gconstpointer a,
                gconstpointer b)
{
  LullRecord *x = *(LullRecord * const *)a;
  LullRecord *y = *(LullRecord * const *)b;

  return g_date_time_compare (lull_record_get_start (x), lull_record_get_start (y));
}

/* Builds `n` records ending on `last_day`, in start order. */
static GPtrArray *
make_records (guint        n,
              const GDate *last_day)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  g_autoptr(GTimeZone) winter = g_time_zone_new_offset (3600);
  g_autoptr(GTimeZone) summer = g_time_zone_new_offset (2 * 3600);
  g_autoptr(GTimeZone) away = g_time_zone_new_offset (-5 * 3600);
  g_autoptr(GPtrArray) days = g_ptr_array_new ();
  GPtrArray *records = g_ptr_array_new_full (n, g_object_unref);
  GDate date = *last_day;
  guint made = 0;

  /* Count the days back first, so that the newest session is today. */
  while (made < n)
    {
      guint per_day = MIN ((guint)g_rand_int_range (rand, 4, 9), n - made);

      g_ptr_array_add (days, GUINT_TO_POINTER (per_day));
      made += per_day;
      g_date_subtract_days (&date, 1);
    }

  for (guint d = days->len; d > 0; d--)
    {
      guint per_day = GPOINTER_TO_UINT (g_ptr_array_index (days, d - 1));
      GDateMonth month;

      g_date_add_days (&date, 1);
      month = g_date_get_month (&date);

      for (guint k = 0; k < per_day; k++)
        {
          GTimeZone *zone = month >= G_DATE_APRIL && month <= G_DATE_OCTOBER ? summer : winter;
          g_autoptr(GDateTime) start = NULL;
          LullRecord *record;
          const char *cues[] = { "audio", "warmth", "breathing", NULL };
          guint letdowns[3];
          guint n_letdowns = g_rand_int_range (rand, 0, 4);

          if (g_rand_int_range (rand, 0, 200) == 0)
            zone = away;
          start = g_date_time_new (zone, g_date_get_year (&date), month, g_date_get_day (&date),
                                   5 + 2 * k, g_rand_int_range (rand, 0, 60), 0);
          record = lull_record_new (start);

          lull_record_set_pump_seconds (record, 900);
          for (guint l = 0; l < n_letdowns; l++)
            letdowns[l] = 40 + g_rand_int_range (rand, 0, 200) + 240 * l;
          lull_record_set_letdowns (record, letdowns, n_letdowns);

          switch (g_rand_int_range (rand, 0, 6))
            {
            case 0:
            case 1:
              break;
            case 2:
              lull_record_set_volume_sides_ml (record, g_rand_int_range (rand, 10, 120),
                                               g_rand_int_range (rand, 10, 120));
              break;
            default:
              lull_record_set_volume_ml (record, g_rand_int_range (rand, 20, 240));
              break;
            }

          lull_record_set_routine (record, routines[g_rand_int_range (rand, 0, 4)]);
          lull_record_set_place (record, places[g_rand_int_range (rand, 0, 4)]);
          lull_record_set_audio (record, tracks[g_rand_int_range (rand, 0, 4)]);
          if (g_rand_boolean (rand))
            lull_record_set_cues (record, g_rand_boolean (rand) ? cues : cues + 1);

          g_ptr_array_add (records, record);
        }
    }

  /* A session away, late in the day, starts after the next morning's. */
  g_ptr_array_sort (records, compare_starts);

  return records;
}

static G_GNUC_NO_INLINE guint64
bench_baseline (LullRecord * const *records,
                guint               n_records)
{
  guint64 sum = 0;

  for (guint i = 0; i < n_records; i++)
    {
      const GArray *letdowns = lull_record_get_letdowns (records[i]);

      sum += (guint64)g_date_time_to_unix (lull_record_get_start (records[i]));
      if (letdowns->len > 0)
        sum += g_array_index (letdowns, guint, 0);
    }

  return sum;
}

static G_GNUC_NO_INLINE LullStatsSummary *
bench_summary (LullRecord * const *records,
               guint               n_records,
               GDateTime          *now)
{
  return lull_stats_summary_new (records, n_records, DAILY_GOAL, now);
}

/* Milliseconds per call: the call repeated until MIN_RUN_USEC have gone. */
static double
time_baseline (LullRecord * const *records,
               guint               n_records)
{
  volatile guint64 sink = 0;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;
  guint calls = 0;

  do
    {
      sink += bench_baseline (records, n_records);
      calls++;
      elapsed = g_get_monotonic_time () - start;
    }
  while (elapsed < MIN_RUN_USEC);

  (void)sink;

  return elapsed / 1000.0 / calls;
}

static double
time_summary (LullRecord * const *records,
              guint               n_records,
              GDateTime          *now)
{
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;
  guint calls = 0;

  do
    {
      lull_stats_summary_free (bench_summary (records, n_records, now));
      calls++;
      elapsed = g_get_monotonic_time () - start;
    }
  while (elapsed < MIN_RUN_USEC);

  return elapsed / 1000.0 / calls;
}

/* Pushes the records out of the caches. */
static void
evict_caches (void)
{
  static guint8 *other;
  static guint8 round;

  if (other == NULL)
    other = g_malloc (EVICT_BYTES);
  memset (other, ++round, EVICT_BYTES);
}

static double
time_baseline_cold (LullRecord * const *records,
                    guint               n_records)
{
  volatile guint64 sink;
  gint64 start;

  evict_caches ();
  start = g_get_monotonic_time ();
  sink = bench_baseline (records, n_records);
  (void)sink;

  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_summary_cold (LullRecord * const *records,
                   guint               n_records,
                   GDateTime          *now)
{
  LullStatsSummary *summary;
  gint64 start;
  double ms;

  evict_caches ();
  start = g_get_monotonic_time ();
  summary = bench_summary (records, n_records, now);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  lull_stats_summary_free (summary);

  return ms;
}

static GArray *
parse_sizes (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  GArray *sizes = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 size;

      if (!g_ascii_string_to_unsigned (parts[i], 10, 1, G_MAXUINT, &size, NULL))
        {
          g_array_unref (sizes);
          return NULL;
        }
      g_array_append_val (sizes, size);
    }

  return sizes;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sizes = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (2 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new (zone, 2026, 6, 30, 21, 0, 0);
  g_autofree Medians *medians = NULL;
  g_autofree char *sizes_text = NULL;
  guint largest = 0;
  int runs = DEFAULT_RUNS;
  gboolean once = FALSE;
  GDate today;
  gint64 made_at;
  const GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Timed runs of each side (default 15)", "N" },
    { "sizes", 's', 0, G_OPTION_ARG_STRING, &sizes_text,
      "Numbers of sessions (default 1000,10000,25000,100000)", "N,N,…" },
    { "once", 0, 0, G_OPTION_ARG_NONE, &once,
      "One call of each side at each size, untimed (for callgrind)", NULL },
    { NULL }
  };

  context = g_option_context_new ("— time the home page's statistics");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("stats: %s\n", error->message);
      return 2;
    }
  sizes = parse_sizes (sizes_text != NULL ? sizes_text : "1000,10000,25000,100000");
  if (argc != 1 || runs < 1 || sizes == NULL)
    return lull_bench_usage (context);

  for (guint s = 0; s < sizes->len; s++)
    largest = MAX (largest, g_array_index (sizes, guint, s));

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 30, G_DATE_JUNE, 2026);
  medians = g_new0 (Medians, sizes->len);
  made_at = g_get_monotonic_time ();
  records = make_records (largest, &today);
  printf ("%u sessions made in memory in %.1f s, ending %s\n", records->len,
          (g_get_monotonic_time () - made_at) / (double)G_USEC_PER_SEC, "2026-06-30");
  if (once)
    {
      for (guint s = 0; s < sizes->len; s++)
        {
          guint n = g_array_index (sizes, guint, s);
          LullRecord * const *newest = (LullRecord * const *)records->pdata + (records->len - n);
          guint64 sum = bench_baseline (newest, n);
          g_autoptr(LullStatsSummary) summary = bench_summary (newest, n, now);

          printf ("%u sessions: baseline %" G_GUINT64_FORMAT ", streak %u days\n", n, sum,
                  summary->streak->length);
        }
      return 0;
    }

  printf ("home page statistics, lull_stats_summary_new() at goal %d, against one pass "
          "reading each record's start and let-downs;\nmilliseconds per call, median of %d "
          "runs, the two sides alternating\n\n", DAILY_GOAL, runs);
  printf ("  %8s | %26s %9s | %26s %9s\n", "", "warm (repeated calls)", "", "cold (one call)",
          "");
  printf ("  %8s | %12s %13s %9s | %12s %13s %9s\n", "sessions", "baseline", "summary", "ratio",
          "baseline", "summary", "ratio");
  fflush (stdout);

  for (guint s = 0; s < sizes->len; s++)
    {
      guint n = g_array_index (sizes, guint, s);
      LullRecord * const *newest = (LullRecord * const *)records->pdata + (records->len - n);
      GArray *samples[N_SAMPLES];
      g_autoptr(LullStatsSummary) summary = bench_summary (newest, n, now);

      /* The history ends today, and is never too short for a streak. */
      if (summary->today_count == 0 || summary->streak->length == 0)
        {
          g_printerr ("stats: the summary of %u sessions is wrong: %u today, streak %u\n", n,
                      summary->today_count, summary->streak->length);
          return 1;
        }

      for (guint k = 0; k < N_SAMPLES; k++)
        samples[k] = g_array_new (FALSE, FALSE, sizeof (double));

      for (int run = 0; run < runs; run++)
        {
          double ms[N_SAMPLES] = {
            [WARM_BASELINE] = time_baseline (newest, n),
            [WARM_SUMMARY] = time_summary (newest, n, now),
            [COLD_BASELINE] = time_baseline_cold (newest, n),
            [COLD_SUMMARY] = time_summary_cold (newest, n, now),
          };

          for (guint k = 0; k < N_SAMPLES; k++)
            g_array_append_val (samples[k], ms[k]);
        }

      for (guint k = 0; k < N_SAMPLES; k++)
        {
          medians[s].ms[k] = lull_bench_median (samples[k]);
          g_array_unref (samples[k]);
        }

      printf ("  %8u | %9.3f ms %10.3f ms %9.2f | %9.3f ms %10.3f ms %9.2f\n", n,
              medians[s].ms[WARM_BASELINE], medians[s].ms[WARM_SUMMARY],
              medians[s].ms[WARM_SUMMARY] / medians[s].ms[WARM_BASELINE],
              medians[s].ms[COLD_BASELINE], medians[s].ms[COLD_SUMMARY],
              medians[s].ms[COLD_SUMMARY] / medians[s].ms[COLD_BASELINE]);
      fflush (stdout);
    }

  printf ("\n");
  for (guint s = 0; s < sizes->len; s++)
    {
      if (g_array_index (sizes, guint, s) == TARGET_SIZE)
        printf ("target met: %s  (summary of %d sessions, cold: %.3f ms; warm: %.3f ms; "
                "at most %.0f ms)\n", medians[s].ms[COLD_SUMMARY] <= TARGET_MS ? "yes" : "no",
                TARGET_SIZE, medians[s].ms[COLD_SUMMARY], medians[s].ms[WARM_SUMMARY], TARGET_MS);
    }

  for (guint s = 0; s < sizes->len; s++)
    for (guint t = 0; t < sizes->len; t++)
      {
        const double *m10k = medians[s].ms, *m100k = medians[t].ms;

        if (g_array_index (sizes, guint, s) != 10000 || g_array_index (sizes, guint, t) != 100000)
          continue;

        printf ("target met: %s  (linearity, summary(100,000)/summary(10,000) cold: %.2f, "
                "baseline %.2f; warm: %.2f, baseline %.2f; at most %.0f)\n",
                m100k[COLD_SUMMARY] / m10k[COLD_SUMMARY] <= TARGET_LINEARITY ? "yes" : "no",
                m100k[COLD_SUMMARY] / m10k[COLD_SUMMARY], m100k[COLD_BASELINE] / m10k[COLD_BASELINE],
                m100k[WARM_SUMMARY] / m10k[WARM_SUMMARY], m100k[WARM_BASELINE] / m10k[WARM_BASELINE],
                TARGET_LINEARITY);
      }

  return 0;
}
