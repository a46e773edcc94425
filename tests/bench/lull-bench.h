/* lull-bench.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A point in time, or the time between two: wall time and the process's
 * CPU time, in milliseconds. */
typedef struct
{
  double wall;
  double cpu;
} LullBenchMoment;

/* The durations of a side's runs, one a run, in milliseconds. */
typedef struct
{
  GArray *wall;
  GArray *cpu;
} LullBenchTimes;

LullBenchMoment  lull_bench_now               (void);
LullBenchMoment  lull_bench_since             (LullBenchMoment  start);

void             lull_bench_times_init        (LullBenchTimes  *times);
void             lull_bench_times_clear       (LullBenchTimes  *times);
void             lull_bench_times_add_between (LullBenchTimes  *times,
                                               LullBenchMoment  start,
                                               LullBenchMoment  end);
void             lull_bench_times_add_since   (LullBenchTimes  *times,
                                               LullBenchMoment  start);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LullBenchTimes, lull_bench_times_clear)

double           lull_bench_median            (GArray          *values);
double           lull_bench_worst             (GArray          *values);

G_GNUC_NORETURN
void             lull_bench_fail              (const char      *what,
                                               GError          *error);
int              lull_bench_usage             (GOptionContext  *context);

gboolean         lull_bench_write_history     (const char      *python,
                                               const char      *fixture,
                                               const char      *root,
                                               int              sessions,
                                               GError         **error);
GPtrArray       *lull_bench_list_month_files  (const char      *root,
                                               GError         **error);
gint64           lull_bench_status_kib        (const char      *field);

G_END_DECLS
