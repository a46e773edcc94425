/* test-stats.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lull-stats.h"

/* Every test passes `now` as a fixed time (the test clock's way): nothing
 * here depends on the day the tests run. */

#define RECORDS(array) ((LullRecord * const *)(array)->pdata), (array)->len

static GPtrArray *
new_records (void)
{
  return g_ptr_array_new_with_free_func (g_object_unref);
}

static GDateTime *
parse_time (const char *iso8601)
{
  GDateTime *time = g_date_time_new_from_iso8601 (iso8601, NULL);

  g_assert_nonnull (time);
  return time;
}

static GDate
parse_date (const char *ymd)
{
  GDate date;
  int year, month, day;

  g_assert_cmpint (sscanf (ymd, "%d-%d-%d", &year, &month, &day), ==, 3);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay)day, (GDateMonth)month, (GDateYear)year);

  return date;
}

static char *
format_date (const GDate *date)
{
  if (!g_date_valid (date))
    return g_strdup ("");

  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static LullRecord *
add_session (GPtrArray  *records,
             const char *iso8601)
{
  g_autoptr(GDateTime) start = parse_time (iso8601);
  LullRecord *record = lull_record_new (start);

  g_ptr_array_add (records, record);

  return record;
}

/* A session with a first let-down after `first_letdown` seconds, and a
 * second one later. */
static LullRecord *
add_letdown_session (GPtrArray  *records,
                     const char *iso8601,
                     guint       first_letdown)
{
  LullRecord *record = add_session (records, iso8601);
  guint letdowns[] = { first_letdown, first_letdown + 240 };

  lull_record_set_letdowns (record, letdowns, G_N_ELEMENTS (letdowns));

  return record;
}

/* `n` sessions on `date` at 07:00, 09:00… at UTC+01:00. */
static void
add_day (GPtrArray   *records,
         const GDate *date,
         guint        n)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (3600);

  g_assert_cmpuint (n, <=, 8);
  for (guint k = 0; k < n; k++)
    {
      g_autoptr(GDateTime) start = g_date_time_new (zone, g_date_get_year (date),
                                                    g_date_get_month (date),
                                                    g_date_get_day (date), 7 + 2 * k, 0, 0);

      g_ptr_array_add (records, lull_record_new (start));
    }
}

/* One character a day from `first`: a digit is that many sessions, '.' is
 * none. */
static void
add_pattern (GPtrArray  *records,
             const char *first,
             const char *pattern)
{
  GDate date = parse_date (first);

  for (const char *c = pattern; *c != '\0'; c++)
    {
      add_day (records, &date, *c == '.' ? 0 : (guint)(*c - '0'));
      g_date_add_days (&date, 1);
    }
}

static char *
join_dates (GArray *dates)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < dates->len; i++)
    {
      g_autofree char *date = format_date (&g_array_index (dates, GDate, i));

      g_string_append_printf (text, "%s%s", i > 0 ? " " : "", date);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_streak (GPtrArray  *records,
               guint       goal,
               const char *now_iso8601,
               guint       length,
               gboolean    today_done,
               const char *first_day,
               const char *rest_days)
{
  g_autoptr(GDateTime) now = parse_time (now_iso8601);
  g_autoptr(LullStatsStreak) streak = lull_stats_get_streak (RECORDS (records), goal, now);
  g_autofree char *first = format_date (&streak->first_day);
  g_autofree char *rests = join_dates (streak->rest_days);

  g_assert_cmpuint (streak->length, ==, length);
  g_assert_cmpint (streak->today_done, ==, today_done);
  g_assert_cmpstr (first, ==, first_day);
  g_assert_cmpstr (rests, ==, rest_days);
}

/* Each day of lull_stats_get_days() as its count and letters: m met the
 * goal, r rest day, s in a streak, c in the current streak. */
static void
assert_days (GPtrArray  *records,
             guint       goal,
             const char *first,
             const char *last,
             GDateTime  *now,
             const char *expected)
{
  GDate first_date = parse_date (first);
  GDate last_date = parse_date (last);
  g_autoptr(GArray) days = lull_stats_get_days (RECORDS (records), goal, &first_date,
                                                &last_date, now);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_cmpuint (days->len, ==, g_date_days_between (&first_date, &last_date) + 1);
  for (guint i = 0; i < days->len; i++)
    {
      const LullStatsDay *day = &g_array_index (days, LullStatsDay, i);
      GDate date = first_date;

      g_date_add_days (&date, i);
      g_assert_cmpint (g_date_compare (&day->date, &date), ==, 0);
      g_string_append_printf (text, "%s%u%s%s%s%s", i > 0 ? " " : "", day->n_sessions,
                              day->met_goal ? "m" : "", day->rest_day ? "r" : "",
                              day->in_streak ? "s" : "", day->in_current_streak ? "c" : "");
    }

  g_assert_cmpstr (text->str, ==, expected);
}

static void
test_streak_empty (void)
{
  g_autoptr(GPtrArray) records = new_records ();

  assert_streak (records, 1, "2026-03-10T09:00:00+01:00", 0, FALSE, "", "");
}

static void
test_streak_today_not_done (void)
{
  g_autoptr(GPtrArray) records = new_records ();

  add_pattern (records, "2026-03-01", "11111");

  /* The morning after: the streak still holds, up to yesterday. */
  assert_streak (records, 1, "2026-03-06T06:00:00+01:00", 5, FALSE, "2026-03-01", "");

  /* Today done: today joins it. */
  add_session (records, "2026-03-06T07:30:00+01:00");
  assert_streak (records, 1, "2026-03-06T08:00:00+01:00", 6, TRUE, "2026-03-01", "");
}

static void
test_streak_rest_days (void)
{
  struct {
    const char *pattern;
    const char *now;
    guint       length;
    const char *first;
    const char *rests;
  } cases[] = {
    /* One missed day in 7 is a rest day. */
    { "111.111", "2026-03-08T09:00:00+01:00", 7, "2026-03-01", "2026-03-04" },
    /* Two in 7 end the streak; it starts again after the second. */
    { "11.1.11", "2026-03-08T09:00:00+01:00", 2, "2026-03-06", "" },
    { "11..111", "2026-03-08T09:00:00+01:00", 3, "2026-03-05", "" },
    /* Six days apart is still two in one window of 7… */
    { "111.11111.111", "2026-03-14T09:00:00+01:00", 3, "2026-03-11", "" },
    /* …seven days apart is one in each. */
    { "111.111111.11", "2026-03-14T09:00:00+01:00", 13, "2026-03-01", "2026-03-04 2026-03-11" },
    /* Yesterday missed: a rest day, as today can still carry it on. */
    { "11111.", "2026-03-07T09:00:00+01:00", 6, "2026-03-01", "2026-03-06" },
    /* The day after, still nothing: two days missed. */
    { "11111..", "2026-03-08T09:00:00+01:00", 0, "", "" },
    /* A streak never starts on a missed day. */
    { ".1", "2026-03-03T09:00:00+01:00", 1, "2026-03-02", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) records = new_records ();

      g_test_message ("pattern %s", cases[i].pattern);
      add_pattern (records, "2026-03-01", cases[i].pattern);
      assert_streak (records, 1, cases[i].now, cases[i].length, FALSE, cases[i].first,
                     cases[i].rests);
    }
}

static void
test_streak_month_and_year_ends (void)
{
  g_autoptr(GPtrArray) year_end = new_records ();
  g_autoptr(GPtrArray) leap = new_records ();
  g_autoptr(GPtrArray) month_end = new_records ();
  g_autoptr(GPtrArray) same_day = new_records ();
  g_autoptr(GDateTime) now = parse_time ("2026-04-05T09:00:00+02:00");

  add_pattern (year_end, "2026-12-28", "1111111");
  assert_streak (year_end, 1, "2027-01-04T09:00:00+01:00", 7, FALSE, "2026-12-28", "");

  /* 29 February, missed, is the rest day between 28 February and 1 March. */
  add_pattern (leap, "2028-02-27", "11.11");
  assert_streak (leap, 1, "2028-03-03T09:00:00+01:00", 5, FALSE, "2028-02-27", "2028-02-29");

  add_pattern (month_end, "2026-01-30", "1.11");
  assert_streak (month_end, 1, "2026-02-02T09:00:00+01:00", 4, TRUE, "2026-01-30", "2026-01-31");

  /* The same day of the month, a month and then a year later: other days. */
  add_session (same_day, "2026-03-05T08:00:00+01:00");
  add_session (same_day, "2026-04-05T08:00:00+02:00");
  assert_days (same_day, 1, "2026-04-04", "2026-04-05", now, "0 1msc");
  add_session (same_day, "2027-04-05T08:00:00+02:00");
  assert_streak (same_day, 1, "2027-04-05T09:00:00+02:00", 1, TRUE, "2027-04-05", "");
}

static void
test_streak_daylight_saving (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GDateTime) spring_now = NULL;
  g_autoptr(GDateTime) autumn_now = NULL;

  if (berlin == NULL)
    berlin = g_time_zone_new_offset (2 * 3600);

  /* Europe/Berlin goes from +01:00 to +02:00 at 02:00 on 29 March 2026, a
   * day of 23 hours. Goal 2; two sessions each day by local date. */
  add_session (records, "2026-03-27T08:00:00+01:00");
  add_session (records, "2026-03-27T20:00:00+01:00");
  add_session (records, "2026-03-28T08:00:00+01:00");
  add_session (records, "2026-03-28T23:30:00+01:00");
  add_session (records, "2026-03-29T01:30:00+01:00");
  add_session (records, "2026-03-29T23:30:00+02:00");
  /* 22:30 on the 29th in UTC, but the 30th where the parent was. */
  add_session (records, "2026-03-30T00:30:00+02:00");
  add_session (records, "2026-03-30T09:00:00+02:00");

  /* Back to +01:00 at 03:00 on 25 October, a day of 25 hours: 02:30
   * comes twice, both on the 25th. */
  add_session (records, "2026-10-24T08:00:00+02:00");
  add_session (records, "2026-10-24T23:30:00+02:00");
  add_session (records, "2026-10-25T02:30:00+02:00");
  add_session (records, "2026-10-25T02:30:00+01:00");
  /* 23:30 on the 25th in UTC. */
  add_session (records, "2026-10-26T00:30:00+01:00");
  add_session (records, "2026-10-26T09:00:00+01:00");

  spring_now = g_date_time_new (berlin, 2026, 3, 30, 12, 0, 0);
  assert_days (records, 2, "2026-03-27", "2026-03-30", spring_now, "2msc 2msc 2msc 2msc");
  assert_streak (records, 2, "2026-03-30T12:00:00+02:00", 4, TRUE, "2026-03-27", "");

  autumn_now = g_date_time_new (berlin, 2026, 10, 26, 12, 0, 0);
  assert_days (records, 2, "2026-10-24", "2026-10-26", autumn_now, "2msc 2msc 2msc");
  assert_streak (records, 2, "2026-10-26T12:00:00+01:00", 3, TRUE, "2026-10-24", "");
}

static void
test_streak_other_time_zone (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GDateTime) now = parse_time ("2026-05-12T20:00:00+01:00");

  /* At home (+01:00), then New York (-04:00) and Tokyo (+09:00). Each
   * counts on the date the parent lived it, even though in start order
   * the Tokyo session (15:30 UTC on the 11th) comes before the New York
   * one (midnight UTC on the 12th). */
  add_session (records, "2026-05-09T09:00:00+01:00");
  add_session (records, "2026-05-10T23:30:00-04:00");
  add_session (records, "2026-05-12T00:30:00+09:00");
  add_session (records, "2026-05-11T20:00:00-04:00");

  assert_days (records, 1, "2026-05-08", "2026-05-13", now, "0 1msc 1msc 1msc 1msc 0");
  assert_streak (records, 1, "2026-05-12T20:00:00+01:00", 4, TRUE, "2026-05-09", "");
}

static void
test_streak_goal (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GDateTime) now = parse_time ("2026-03-06T21:00:00+01:00");
  g_autoptr(LullStatsSummary) summary = NULL;

  /* Goal 3: the day with 2 is short, and forgiven as a rest day. */
  add_pattern (records, "2026-03-01", "33233");
  assert_streak (records, 3, "2026-03-06T09:00:00+01:00", 5, FALSE, "2026-03-01", "2026-03-03");
  /* The same days at goal 4 make no streak at all. */
  assert_streak (records, 4, "2026-03-06T09:00:00+01:00", 0, FALSE, "", "");

  /* Today with 2 of 3 is not done yet, and breaks nothing. */
  add_pattern (records, "2026-03-06", "2");
  assert_days (records, 3, "2026-03-01", "2026-03-06", now, "3msc 3msc 2rsc 3msc 3msc 2");
  summary = lull_stats_summary_new (RECORDS (records), 3, now);
  g_assert_cmpuint (summary->today_count, ==, 2);
  g_assert_cmpuint (summary->daily_goal, ==, 3);
  g_assert_false (summary->streak->today_done);
  g_assert_cmpuint (summary->streak->length, ==, 5);
}

static void
test_days_heat_map (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GDateTime) now = parse_time ("2026-03-12T09:00:00+01:00");

  /* 1–4 March a streak with a rest day on the 3rd; the 5th and 6th end
   * it; 7–11 March the current streak with a rest day on the 10th; today,
   * the 12th, nothing yet. */
  add_pattern (records, "2026-03-01", "11.1..111.1");

  assert_days (records, 1, "2026-02-28", "2026-03-13", now,
               "0 1ms 1ms 0rs 1ms 0 0 1msc 1msc 1msc 0rsc 1msc 0 0");
}

/* The rolling median over the last 7 sessions with a let-down. */
static void
test_median_rolling (void)
{
  const guint values[] = { 100, 40, 70, 10, 90, 60, 30, 50 };
  /* The median after 1, 2, … 8 sessions. */
  const double medians[] = { 100, 70, 70, 55, 70, 65, 60, 50 };
  const guint counts[] = { 0, 1, 2, 6, 7, 8 };
  g_autoptr(GDateTime) now = parse_time ("2026-03-12T21:00:00+01:00");

  for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
    {
      g_autoptr(GPtrArray) records = new_records ();
      g_autoptr(GArray) sessions = NULL;
      guint n = counts[c];

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *start = g_strdup_printf ("2026-03-%02uT08:00:00+01:00", i + 1);

          add_letdown_session (records, start, values[i]);
        }

      sessions = lull_stats_get_sessions (RECORDS (records), LULL_STATS_RANGE_TWO_WEEKS, now);
      g_assert_cmpuint (sessions->len, ==, n);
      if (n == 0)
        continue;

      g_test_message ("%u sessions", n);
      g_assert_cmpuint (g_array_index (sessions, LullStatsSession, n - 1).first_letdown, ==,
                        values[n - 1]);
      g_assert_cmpfloat (g_array_index (sessions, LullStatsSession, n - 1).first_letdown_median,
                         ==, medians[n - 1]);
      g_assert_cmpuint (g_array_index (sessions, LullStatsSession, n - 1).n_letdowns, ==, 2);
    }
}

static void
test_median_skips_unmarked (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GDateTime) now = parse_time ("2026-03-12T21:00:00+01:00");
  g_autoptr(GArray) sessions = NULL;
  const LullStatsSession *session;
  const guint beyond = LULL_RECORD_MAX_PUMP_SECONDS + 1;

  /* No let-down marked: no value, and no median before the first one. A
   * mark beyond the longest session a record keeps is damage, not a
   * let-down. */
  lull_record_set_letdowns (add_session (records, "2026-03-01T08:00:00+01:00"), &beyond, 1);
  add_letdown_session (records, "2026-03-02T08:00:00+01:00", 80);
  add_session (records, "2026-03-03T08:00:00+01:00");
  add_letdown_session (records, "2026-03-04T08:00:00+01:00", 40);

  sessions = lull_stats_get_sessions (RECORDS (records), LULL_STATS_RANGE_TWO_WEEKS, now);
  g_assert_cmpuint (sessions->len, ==, 4);

  session = &g_array_index (sessions, LullStatsSession, 0);
  g_assert_cmpuint (session->first_letdown, ==, LULL_STATS_NO_LETDOWN);
  g_assert_true (isnan (session->first_letdown_median));
  g_assert_cmpuint (session->n_letdowns, ==, 0);

  session = &g_array_index (sessions, LullStatsSession, 2);
  g_assert_cmpuint (session->first_letdown, ==, LULL_STATS_NO_LETDOWN);
  g_assert_cmpfloat (session->first_letdown_median, ==, 80);

  session = &g_array_index (sessions, LullStatsSession, 3);
  g_assert_cmpfloat (session->first_letdown_median, ==, 60);
  g_assert_cmpint (session->start, ==, g_date_time_to_unix (lull_record_get_start (
                     g_ptr_array_index (records, 3))));
}

static void
test_median_before_range (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GDateTime) now = parse_time ("2026-03-31T21:00:00+01:00");
  g_autoptr(GArray) sessions = NULL;

  /* Six sessions long before the two weeks still make the median of the
   * first one inside them. */
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *start = g_strdup_printf ("2026-02-%02uT08:00:00+01:00", i + 1);

      add_letdown_session (records, start, 100);
    }
  add_letdown_session (records, "2026-03-30T08:00:00+01:00", 30);

  sessions = lull_stats_get_sessions (RECORDS (records), LULL_STATS_RANGE_TWO_WEEKS, now);
  g_assert_cmpuint (sessions->len, ==, 1);
  g_assert_cmpfloat (g_array_index (sessions, LullStatsSession, 0).first_letdown_median, ==, 100);
}

static LullRecord *
add_routine_session (GPtrArray  *records,
                     const char *start,
                     const char *routine,
                     const char *place,
                     const char *audio)
{
  LullRecord *record = add_session (records, start);

  lull_record_set_routine (record, routine);
  lull_record_set_place (record, place);
  lull_record_set_audio (record, audio);

  return record;
}

static void
test_consistency (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GDateTime) now = parse_time ("2026-03-20T21:00:00+01:00");
  LullStatsConsistency consistency;

  /* Before the two weeks (7 to 20 March): not counted. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *start = g_strdup_printf ("2026-03-0%uT08:00:00+01:00", i + 1);

      add_routine_session (records, start, "desk-quick", "Office", NULL);
    }

  add_routine_session (records, "2026-03-07T08:00:00+01:00", "full-relaxation", "Nursery chair",
                       "builtin:meadow");
  add_routine_session (records, "2026-03-08T08:00:00+01:00", "full-relaxation", "Office", NULL);
  add_routine_session (records, "2026-03-09T08:00:00+01:00", "full-relaxation", NULL, NULL);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *start = g_strdup_printf ("2026-03-%uT08:00:00+01:00", 10 + i);

      add_routine_session (records, start, "full-relaxation", "Nursery chair", "builtin:meadow");
    }
  add_routine_session (records, "2026-03-16T08:00:00+01:00", "full-relaxation", NULL, NULL);
  add_routine_session (records, "2026-03-20T08:00:00+01:00", "full-relaxation", "Nursery chair",
                       "builtin:meadow");

  lull_stats_get_consistency (RECORDS (records), now, &consistency);
  g_assert_cmpuint (consistency.n_sessions, ==, 10);
  g_assert_cmpuint (consistency.n_matching, ==, 7);
  g_assert_cmpstr (consistency.routine, ==, "full-relaxation");
  g_assert_cmpstr (consistency.place, ==, "Nursery chair");
  g_assert_cmpstr (consistency.audio, ==, "builtin:meadow");
}

static void
test_consistency_tie_and_none (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GDateTime) now = parse_time ("2026-03-20T21:00:00+01:00");
  LullStatsConsistency consistency;

  lull_stats_get_consistency (RECORDS (records), now, &consistency);
  g_assert_cmpuint (consistency.n_sessions, ==, 0);
  g_assert_cmpuint (consistency.n_matching, ==, 0);
  g_assert_null (consistency.routine);

  /* Two each: the one used last wins. */
  add_routine_session (records, "2026-03-15T08:00:00+01:00", "desk-quick", "Office", NULL);
  add_routine_session (records, "2026-03-16T08:00:00+01:00", "night-calm", NULL, NULL);
  add_routine_session (records, "2026-03-17T08:00:00+01:00", "desk-quick", "Office", NULL);
  add_routine_session (records, "2026-03-18T08:00:00+01:00", "night-calm", NULL, NULL);

  lull_stats_get_consistency (RECORDS (records), now, &consistency);
  g_assert_cmpuint (consistency.n_sessions, ==, 4);
  g_assert_cmpuint (consistency.n_matching, ==, 2);
  g_assert_cmpstr (consistency.routine, ==, "night-calm");
  g_assert_null (consistency.place);
}

static void
test_audio_progress (void)
{
  static const char * const with_audio[] = { "audio", "breathing", NULL };
  static const char * const without_audio[] = { "warmth", "breathing", NULL };
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GDateTime) now = parse_time ("2026-03-20T21:00:00+01:00");
  g_autoptr(LullStatsSummary) summary = NULL;
  double progress = -1;

  g_assert_cmpuint (lull_stats_count_audio_sessions (RECORDS (records), &progress), ==, 0);
  g_assert_cmpfloat (progress, ==, 0);

  /* The cue, the track, both; then neither, and other cues only. */
  lull_record_set_cues (add_session (records, "2026-03-01T08:00:00+01:00"), with_audio);
  lull_record_set_cues (add_session (records, "2026-03-02T08:00:00+01:00"), with_audio);
  lull_record_set_audio (add_session (records, "2026-03-03T08:00:00+01:00"), "builtin:meadow");
  lull_record_set_audio (add_session (records, "2026-03-04T08:00:00+01:00"), "own:lullaby");
  add_routine_session (records, "2026-03-05T08:00:00+01:00", "desk-quick", NULL, "builtin:rain");
  lull_record_set_cues (add_session (records, "2026-03-06T08:00:00+01:00"), with_audio);
  add_session (records, "2026-03-07T08:00:00+01:00");
  lull_record_set_cues (add_session (records, "2026-03-08T08:00:00+01:00"), without_audio);

  g_assert_cmpuint (lull_stats_count_audio_sessions (RECORDS (records), &progress), ==, 6);
  g_assert_cmpfloat_with_epsilon (progress, 0.6, 1e-9);
  summary = lull_stats_summary_new (RECORDS (records), 1, now);
  g_assert_cmpuint (summary->n_audio_sessions, ==, 6);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *start = g_strdup_printf ("2026-03-%uT08:00:00+01:00", 10 + i);

      lull_record_set_cues (add_session (records, start), with_audio);
    }

  g_assert_cmpuint (lull_stats_count_audio_sessions (RECORDS (records), NULL), ==, 11);
  g_assert_cmpuint (lull_stats_count_audio_sessions (RECORDS (records), &progress), ==, 11);
  g_assert_cmpfloat (progress, ==, 1);
}

static void
test_volume_per_session (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  LullRecord *sides = add_session (records, "2026-03-01T08:00:00+01:00");
  LullRecord *total = add_session (records, "2026-03-01T10:00:00+01:00");
  LullRecord *none = add_session (records, "2026-03-01T12:00:00+01:00");
  LullRecord *zero = add_session (records, "2026-03-01T14:00:00+01:00");
  LullRecord *too_much = add_session (records, "2026-03-01T16:00:00+01:00");
  LullRecord *one_side = add_session (records, "2026-03-01T18:00:00+01:00");
  LullRecord *side_too_much = add_session (records, "2026-03-01T20:00:00+01:00");
  LullRecord *negative = add_session (records, "2026-03-01T22:00:00+01:00");

  lull_record_set_volume_sides_ml (sides, 50, 40);
  lull_record_set_volume_ml (total, 120);
  lull_record_set_volume_ml (zero, 0);
  lull_record_set_volume_ml (too_much, 2001);
  lull_record_set_volume_sides_ml (one_side, 50, LULL_RECORD_NO_VALUE);
  lull_record_set_volume_sides_ml (side_too_much, 1001, 10);
  lull_record_set_volume_ml (negative, -20);

  g_assert_cmpint (lull_stats_get_volume_ml (sides), ==, 90);
  g_assert_cmpint (lull_stats_get_volume_ml (total), ==, 120);
  g_assert_cmpint (lull_stats_get_volume_ml (none), ==, LULL_RECORD_NO_VALUE);
  g_assert_cmpint (lull_stats_get_volume_ml (zero), ==, 0);
  g_assert_cmpint (lull_stats_get_volume_ml (too_much), ==, LULL_RECORD_NO_VALUE);
  g_assert_cmpint (lull_stats_get_volume_ml (one_side), ==, LULL_RECORD_NO_VALUE);
  g_assert_cmpint (lull_stats_get_volume_ml (side_too_much), ==, LULL_RECORD_NO_VALUE);
  g_assert_cmpint (lull_stats_get_volume_ml (negative), ==, LULL_RECORD_NO_VALUE);
}

static void
test_volume_per_day_and_average (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GDateTime) now = parse_time ("2026-03-14T21:00:00+01:00");
  g_autoptr(GArray) points = NULL;
  GDate last_day = parse_date ("2026-03-14");
  GDate empty_week = parse_date ("2026-02-20");
  const LullStatsChartPoint *point;

  /* 7 March: 70; 10 March: 90 (sides) + 120; 11 March: sessions without
   * a volume, and a damaged one; 12 March: nothing; 14 March: 100. */
  lull_record_set_volume_ml (add_session (records, "2026-03-07T08:00:00+01:00"), 70);
  lull_record_set_volume_sides_ml (add_session (records, "2026-03-10T08:00:00+01:00"), 50, 40);
  lull_record_set_volume_ml (add_session (records, "2026-03-10T12:00:00+01:00"), 120);
  add_session (records, "2026-03-11T08:00:00+01:00");
  lull_record_set_volume_ml (add_session (records, "2026-03-11T12:00:00+01:00"), 5000);
  lull_record_set_volume_ml (add_session (records, "2026-03-14T08:00:00+01:00"), 100);

  /* Over the days with a volume only, 8 to 14 March: (210 + 100) / 2. */
  g_assert_cmpfloat (lull_stats_get_volume_average (RECORDS (records), &last_day), ==, 155);
  g_assert_cmpfloat (lull_stats_get_volume_average (RECORDS (records), &empty_week), ==, -1);

  points = lull_stats_get_chart (RECORDS (records), LULL_STATS_RANGE_TWO_WEEKS, now);
  g_assert_cmpuint (points->len, ==, 14);

  /* 1 March: nothing at all. */
  point = &g_array_index (points, LullStatsChartPoint, 0);
  g_assert_cmpuint (point->n_sessions, ==, 0);
  g_assert_cmpint (point->volume_ml, ==, LULL_RECORD_NO_VALUE);
  g_assert_true (isnan (point->volume_day_average_ml));

  /* 10 March, with 7 March in its 7 days. */
  point = &g_array_index (points, LullStatsChartPoint, 9);
  g_assert_cmpuint (point->n_sessions, ==, 2);
  g_assert_cmpint (point->volume_ml, ==, 210);
  g_assert_cmpuint (point->n_volume_days, ==, 1);
  g_assert_cmpfloat (point->volume_day_average_ml, ==, 140);

  /* 11 March: sessions, but no volume to trust: none, not zero. */
  point = &g_array_index (points, LullStatsChartPoint, 10);
  g_assert_cmpuint (point->n_sessions, ==, 2);
  g_assert_cmpint (point->volume_ml, ==, LULL_RECORD_NO_VALUE);
  g_assert_cmpuint (point->n_volume_days, ==, 0);
  g_assert_cmpfloat (point->volume_day_average_ml, ==, 140);

  /* 14 March: the average of the 7 days ending on it, 7 March left out. */
  point = &g_array_index (points, LullStatsChartPoint, 13);
  g_assert_cmpint (point->volume_ml, ==, 100);
  g_assert_cmpfloat (point->volume_day_average_ml, ==, 155);
}

static void
test_volume_per_session_points (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GDateTime) now = parse_time ("2026-03-14T21:00:00+01:00");
  g_autoptr(GArray) sessions = NULL;

  lull_record_set_volume_sides_ml (add_session (records, "2026-03-10T08:00:00+01:00"), 30, 35);
  lull_record_set_volume_ml (add_session (records, "2026-03-10T12:00:00+01:00"), 9999);

  sessions = lull_stats_get_sessions (RECORDS (records), LULL_STATS_RANGE_TWO_WEEKS, now);
  g_assert_cmpuint (sessions->len, ==, 2);
  g_assert_cmpint (g_array_index (sessions, LullStatsSession, 0).volume_ml, ==, 65);
  g_assert_cmpint (g_array_index (sessions, LullStatsSession, 1).volume_ml, ==,
                   LULL_RECORD_NO_VALUE);
}

static void
test_milestones (void)
{
  static const char * const with_audio[] = { "audio", NULL };
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GDateTime) now = parse_time ("2026-04-30T21:00:00+01:00");
  LullStatsMilestones milestones;

  g_assert_cmpint (lull_stats_get_milestones (RECORDS (records), 1, now), ==,
                   LULL_STATS_MILESTONE_NONE);

  add_letdown_session (records, "2026-03-01T08:00:00+01:00", 120);
  g_assert_cmpint (lull_stats_get_milestones (RECORDS (records), 1, now), ==,
                   LULL_STATS_MILESTONE_FIRST_SESSION);

  /* Under 2 minutes means under: 119 seconds. */
  add_letdown_session (records, "2026-03-02T08:00:00+01:00", 119);
  g_assert_cmpint (lull_stats_get_milestones (RECORDS (records), 1, now), ==,
                   LULL_STATS_MILESTONE_FIRST_SESSION |
                   LULL_STATS_MILESTONE_LETDOWN_UNDER_2_MIN);

  /* 1–7 March with a rest day on the 3rd: a week, long over by now. At
   * goal 2 the same days are no streak. */
  add_pattern (records, "2026-03-04", "1111");
  milestones = lull_stats_get_milestones (RECORDS (records), 1, now);
  g_assert_true (milestones & LULL_STATS_MILESTONE_STREAK_WEEK);
  milestones = lull_stats_get_milestones (RECORDS (records), 2, now);
  g_assert_false (milestones & LULL_STATS_MILESTONE_STREAK_WEEK);

  for (guint i = 0; i < 9; i++)
    {
      g_autofree char *start = g_strdup_printf ("2026-04-%02uT08:00:00+01:00", 1 + 2 * i);

      lull_record_set_cues (add_session (records, start), with_audio);
    }
  milestones = lull_stats_get_milestones (RECORDS (records), 1, now);
  g_assert_false (milestones & LULL_STATS_MILESTONE_TEN_AUDIO_SESSIONS);

  lull_record_set_audio (add_session (records, "2026-04-20T08:00:00+01:00"), "builtin:meadow");
  milestones = lull_stats_get_milestones (RECORDS (records), 1, now);
  g_assert_cmpint (milestones, ==,
                   LULL_STATS_MILESTONE_FIRST_SESSION |
                   LULL_STATS_MILESTONE_TEN_AUDIO_SESSIONS |
                   LULL_STATS_MILESTONE_STREAK_WEEK |
                   LULL_STATS_MILESTONE_LETDOWN_UNDER_2_MIN);
}

/* `per_day` sessions a day from `first` for `n_days`, each with its first
 * let-down after `seconds`, all in one routine, place and sound unless
 * `vary` alternates the routine. */
static void
add_letdown_days (GPtrArray  *records,
                  const char *first,
                  guint       n_days,
                  guint       per_day,
                  guint       seconds,
                  gboolean    vary)
{
  GDate date = parse_date (first);

  for (guint d = 0; d < n_days; d++, g_date_add_days (&date, 1))
    for (guint k = 0; k < per_day; k++)
      {
        g_autofree char *start = g_strdup_printf ("%04d-%02d-%02dT%02u:00:00+01:00",
                                                  g_date_get_year (&date),
                                                  g_date_get_month (&date),
                                                  g_date_get_day (&date), 8 + 4 * k);
        LullRecord *record = add_letdown_session (records, start, seconds);

        lull_record_set_routine (record, vary && k % 2 == 1 ? "desk-quick" : "full-relaxation");
        lull_record_set_place (record, "Nursery chair");
        lull_record_set_audio (record, "builtin:meadow");
      }
}

static char *
progress_at (GPtrArray  *records,
             const char *now_iso8601)
{
  g_autoptr(GDateTime) now = parse_time (now_iso8601);

  return lull_stats_dup_progress (RECORDS (records), now);
}

static void
test_progress_too_little (void)
{
  g_autoptr(GPtrArray) empty = new_records ();
  g_autoptr(GPtrArray) short_span = new_records ();
  g_autoptr(GPtrArray) sparse = new_records ();
  g_autoptr(GPtrArray) unmarked_lately = new_records ();
  g_autoptr(GPtrArray) unmarked = new_records ();
  g_autofree char *empty_text = progress_at (empty, "2026-03-20T21:00:00+01:00");
  g_autofree char *short_text = NULL;
  g_autofree char *sparse_text = NULL;
  g_autofree char *unmarked_lately_text = NULL;
  g_autofree char *unmarked_text = NULL;

  g_assert_null (empty_text);

  /* A full first week and 7 much faster sessions after it, but over 9
   * days only. */
  add_letdown_days (short_span, "2026-03-01", 7, 2, 150, FALSE);
  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *start = g_strdup_printf ("2026-03-09T%02u:00:00+01:00", 6 + 2 * i);

      add_letdown_session (short_span, start, 60);
    }
  short_text = progress_at (short_span, "2026-03-09T21:00:00+01:00");
  g_assert_null (short_text);

  /* Let-downs marked on four days only, then not until the end: the first
   * seven days with one reach into the last sessions. */
  add_letdown_days (sparse, "2026-03-01", 4, 1, 150, FALSE);
  add_pattern (sparse, "2026-03-05", "2222222222");
  add_letdown_days (sparse, "2026-03-15", 1, 3, 60, FALSE);
  add_letdown_days (sparse, "2026-03-16", 1, 4, 60, FALSE);
  sparse_text = progress_at (sparse, "2026-03-16T21:00:00+01:00");
  g_assert_null (sparse_text);

  /* A good first week, but only 4 of the last 7 sessions have one. */
  add_letdown_days (unmarked_lately, "2026-03-01", 7, 2, 150, FALSE);
  add_letdown_days (unmarked_lately, "2026-03-08", 10, 1, 60, FALSE);
  add_pattern (unmarked_lately, "2026-03-18", "3");
  unmarked_lately_text = progress_at (unmarked_lately, "2026-03-18T21:00:00+01:00");
  g_assert_null (unmarked_lately_text);

  /* No let-down marked at all. */
  add_pattern (unmarked, "2026-03-01", "22222222222222222222");
  unmarked_text = progress_at (unmarked, "2026-03-20T21:00:00+01:00");
  g_assert_null (unmarked_text);
}

static void
test_progress_sooner (void)
{
  struct {
    guint       first_week;
    guint       lately;
    const char *expected;
  } cases[] = {
    { 120, 80, "In your last sessions, let-down came about 40 seconds sooner than in your "
               "first week." },
    { 123, 80, "In your last sessions, let-down came about 45 seconds sooner than in your "
               "first week." },
    { 160, 85, "In your last sessions, let-down came about 80 seconds sooner than in your "
               "first week." },
    { 300, 170, "In your last sessions, let-down came about 2 minutes sooner than in your "
                "first week." },
    { 290, 120, "In your last sessions, let-down came about 3 minutes sooner than in your "
                "first week." },
    { 420, 60, "In your last sessions, let-down came about 6 minutes sooner than in your "
               "first week." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) records = new_records ();
      g_autofree char *text = NULL;

      /* The first week, then a slow change: only the last 7 sessions
       * count against it. */
      add_letdown_days (records, "2026-03-01", 7, 2, cases[i].first_week, FALSE);
      add_letdown_days (records, "2026-03-08", 9, 2, (cases[i].first_week + cases[i].lately) / 2,
                        FALSE);
      add_letdown_days (records, "2026-03-17", 4, 2, cases[i].lately, FALSE);

      text = progress_at (records, "2026-03-20T21:00:00+01:00");
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_progress_first_days_with_letdown (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_autofree char *text = NULL;

  /* The first week is the first 7 days with a let-down marked: 2 to 8
   * March, 1 March having none. Its median is 140 (3 × 100, 4 × 140). */
  add_session (records, "2026-03-01T08:00:00+01:00");
  add_letdown_days (records, "2026-03-02", 3, 1, 100, FALSE);
  add_letdown_days (records, "2026-03-05", 4, 1, 140, FALSE);
  add_letdown_days (records, "2026-03-09", 12, 1, 60, FALSE);

  text = progress_at (records, "2026-03-20T21:00:00+01:00");
  g_assert_cmpstr (text, ==, "In your last sessions, let-down came about 80 seconds sooner than "
                             "in your first week.");
}

static void
test_progress_not_sooner (void)
{
  g_autoptr(GPtrArray) steady = new_records ();
  g_autoptr(GPtrArray) varied = new_records ();
  g_autoptr(GPtrArray) same = new_records ();
  g_autofree char *steady_text = NULL;
  g_autofree char *varied_text = NULL;
  g_autofree char *same_text = NULL;

  /* Slower lately: nothing about speed. The same routine, place and
   * sound throughout: that is what it says. */
  add_letdown_days (steady, "2026-03-01", 7, 2, 80, FALSE);
  add_letdown_days (steady, "2026-03-08", 13, 2, 120, FALSE);
  steady_text = progress_at (steady, "2026-03-20T21:00:00+01:00");
  g_assert_cmpstr (steady_text, ==,
                   "In the last two weeks, 28 of your 28 sessions had the same routine, place "
                   "and sound: a steady rhythm for your body to learn.");

  /* Two routines half and half: the number of sessions instead. */
  add_letdown_days (varied, "2026-03-01", 7, 2, 80, TRUE);
  add_letdown_days (varied, "2026-03-08", 13, 2, 120, TRUE);
  varied_text = progress_at (varied, "2026-03-20T21:00:00+01:00");
  g_assert_cmpstr (varied_text, ==, "You have made time for yourself in 40 sessions with Lull.");

  /* Five seconds sooner is no real change. */
  add_letdown_days (same, "2026-03-01", 7, 2, 85, TRUE);
  add_letdown_days (same, "2026-03-08", 13, 2, 80, TRUE);
  same_text = progress_at (same, "2026-03-20T21:00:00+01:00");
  g_assert_cmpstr (same_text, ==, "You have made time for yourself in 40 sessions with Lull.");
}

static guint
sum_sessions (GArray *points)
{
  guint n = 0;

  for (guint i = 0; i < points->len; i++)
    n += g_array_index (points, LullStatsChartPoint, i).n_sessions;

  return n;
}

static void
assert_point_starts (GArray     *points,
                     guint       index,
                     const char *date,
                     guint       n_days)
{
  const LullStatsChartPoint *point = &g_array_index (points, LullStatsChartPoint, index);
  g_autofree char *first = format_date (&point->first_day);

  g_assert_cmpstr (first, ==, date);
  g_assert_cmpuint (point->n_days, ==, n_days);
}

static void
test_chart_short_ranges (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GPtrArray) empty = new_records ();
  g_autoptr(GDateTime) now = parse_time ("2026-06-30T21:00:00+02:00");
  g_autoptr(GArray) two_weeks = NULL;
  g_autoptr(GArray) three_months = NULL;
  g_autoptr(GArray) all_time = NULL;
  g_autoptr(GArray) nothing = NULL;
  g_autoptr(GArray) nothing_yet = NULL;

  /* 60 days, 1 May to 29 June, 4 a day. */
  add_letdown_days (records, "2026-05-01", 60, 4, 90, FALSE);

  two_weeks = lull_stats_get_chart (RECORDS (records), LULL_STATS_RANGE_TWO_WEEKS, now);
  g_assert_cmpuint (two_weeks->len, ==, 14);
  assert_point_starts (two_weeks, 0, "2026-06-17", 1);
  assert_point_starts (two_weeks, 13, "2026-06-30", 1);
  g_assert_cmpuint (sum_sessions (two_weeks), ==, 13 * 4);
  g_assert_cmpuint (g_array_index (two_weeks, LullStatsChartPoint, 0).n_letdowns, ==, 8);
  g_assert_cmpuint (g_array_index (two_weeks, LullStatsChartPoint, 0).n_with_letdowns, ==, 4);
  g_assert_cmpfloat (g_array_index (two_weeks, LullStatsChartPoint, 0).first_letdown_median,
                     ==, 90);
  g_assert_true (isnan (g_array_index (two_weeks, LullStatsChartPoint, 13).first_letdown_median));

  three_months = lull_stats_get_chart (RECORDS (records), LULL_STATS_RANGE_THREE_MONTHS, now);
  g_assert_cmpuint (three_months->len, ==, 92);
  assert_point_starts (three_months, 0, "2026-03-31", 1);
  g_assert_cmpuint (sum_sessions (three_months), ==, 240);

  /* All time from the first session: per day, 61 days. */
  all_time = lull_stats_get_chart (RECORDS (records), LULL_STATS_RANGE_ALL_TIME, now);
  g_assert_cmpuint (all_time->len, ==, 61);
  assert_point_starts (all_time, 0, "2026-05-01", 1);
  g_assert_cmpuint (sum_sessions (all_time), ==, 240);

  nothing = lull_stats_get_chart (RECORDS (empty), LULL_STATS_RANGE_ALL_TIME, now);
  g_assert_cmpuint (nothing->len, ==, 0);
  nothing_yet = lull_stats_get_chart (RECORDS (empty), LULL_STATS_RANGE_TWO_WEEKS, now);
  g_assert_cmpuint (nothing_yet->len, ==, 14);
}

static void
test_chart_medians_per_day (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GDateTime) now = parse_time ("2026-03-14T21:00:00+01:00");
  g_autoptr(GArray) points = NULL;

  add_letdown_session (records, "2026-03-13T08:00:00+01:00", 90);
  add_letdown_session (records, "2026-03-13T10:00:00+01:00", 30);
  add_session (records, "2026-03-13T12:00:00+01:00");
  add_letdown_session (records, "2026-03-14T08:00:00+01:00", 90);
  add_letdown_session (records, "2026-03-14T10:00:00+01:00", 30);
  add_letdown_session (records, "2026-03-14T12:00:00+01:00", 60);

  points = lull_stats_get_chart (RECORDS (records), LULL_STATS_RANGE_TWO_WEEKS, now);
  g_assert_cmpuint (g_array_index (points, LullStatsChartPoint, 12).n_sessions, ==, 3);
  g_assert_cmpuint (g_array_index (points, LullStatsChartPoint, 12).n_with_letdowns, ==, 2);
  g_assert_cmpfloat (g_array_index (points, LullStatsChartPoint, 12).first_letdown_median, ==, 60);
  g_assert_cmpfloat (g_array_index (points, LullStatsChartPoint, 13).first_letdown_median, ==, 60);

  /* The rolling line over the points: nothing before the first median,
   * then the median of the points so far that have one. */
  g_assert_true (isnan (g_array_index (points, LullStatsChartPoint, 11).first_letdown_rolling));
  g_assert_cmpfloat (g_array_index (points, LullStatsChartPoint, 12).first_letdown_rolling, ==, 60);
  g_assert_cmpfloat (g_array_index (points, LullStatsChartPoint, 13).first_letdown_rolling, ==, 60);
}

/* Over more than 7 points the rolling median keeps only the last 7. */
static void
test_chart_rolling_median (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GDateTime) now = parse_time ("2026-03-14T21:00:00+01:00");
  g_autoptr(GArray) points = NULL;
  const char *days[] = { "01", "02", "03", "04", "05", "06", "07", "08", "09", "10" };

  /* One session a day, 1 to 10 March, the let-down at 10 × the day. */
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autofree char *start = g_strdup_printf ("2026-03-%sT08:00:00+01:00", days[i]);

      add_letdown_session (records, start, 10 * (i + 1));
    }

  points = lull_stats_get_chart (RECORDS (records), LULL_STATS_RANGE_TWO_WEEKS, now);
  /* 1 March is point 0; 10 March point 9: the median of 40…100. */
  g_assert_cmpfloat (g_array_index (points, LullStatsChartPoint, 0).first_letdown_rolling, ==, 10);
  g_assert_cmpfloat (g_array_index (points, LullStatsChartPoint, 1).first_letdown_rolling, ==, 15);
  g_assert_cmpfloat (g_array_index (points, LullStatsChartPoint, 9).first_letdown_rolling, ==, 70);
  /* Days without a let-down carry the last line on. */
  g_assert_cmpfloat (g_array_index (points, LullStatsChartPoint, 13).first_letdown_rolling, ==, 70);
}

/* `per_day` sessions a day for `n_days` from `first`, fast: no parsing. */
static void
add_many (GPtrArray  *records,
          const char *first,
          guint       n_days,
          guint       per_day)
{
  GDate date = parse_date (first);

  for (guint d = 0; d < n_days; d++, g_date_add_days (&date, 1))
    add_day (records, &date, per_day);
}

static void
test_chart_all_time_sizes (void)
{
  g_autoptr(GPtrArray) years = new_records ();
  g_autoptr(GPtrArray) many = new_records ();
  g_autoptr(GDateTime) years_now = parse_time ("2027-01-02T22:00:00+01:00");
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (3600);
  g_autoptr(GDateTime) many_now = NULL;
  g_autoptr(GArray) weekly = NULL;
  g_autoptr(GArray) fortnightly = NULL;
  g_autoptr(GArray) two_weeks = NULL;
  GDate last = parse_date ("2013-01-01");

  /* Three years from Wednesday 3 January 2024: a point a week, from
   * Monday 1 January, 157 of them. */
  add_many (years, "2024-01-03", 1096, 2);
  weekly = lull_stats_get_chart (RECORDS (years), LULL_STATS_RANGE_ALL_TIME, years_now);
  g_assert_cmpuint (weekly->len, ==, 157);
  assert_point_starts (weekly, 0, "2024-01-01", 7);
  assert_point_starts (weekly, 156, "2026-12-28", 7);
  g_assert_cmpuint (sum_sessions (weekly), ==, years->len);

  /* 25,000 sessions, 5 a day for 5,000 days from Tuesday 1 January 2013:
   * 715 weeks, so two weeks to a point. */
  add_many (many, "2013-01-01", 5000, 5);
  g_assert_cmpuint (many->len, ==, 25000);
  g_date_add_days (&last, 4999);
  many_now = g_date_time_new (zone, g_date_get_year (&last), g_date_get_month (&last),
                              g_date_get_day (&last), 22, 0, 0);
  fortnightly = lull_stats_get_chart (RECORDS (many), LULL_STATS_RANGE_ALL_TIME, many_now);
  g_assert_cmpuint (fortnightly->len, ==, 358);
  g_assert_cmpuint (fortnightly->len, <=, LULL_STATS_MAX_CHART_POINTS);
  assert_point_starts (fortnightly, 0, "2012-12-31", 14);
  g_assert_cmpuint (sum_sessions (fortnightly), ==, 25000);

  /* The per-session chart of two weeks stays two weeks. */
  two_weeks = lull_stats_get_sessions (RECORDS (many), LULL_STATS_RANGE_TWO_WEEKS, many_now);
  g_assert_cmpuint (two_weeks->len, ==, 14 * 5);
}

static void
test_sessions_refuse_all_time (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GDateTime) now = parse_time ("2026-03-14T21:00:00+01:00");

  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*range*");
  g_assert_null (lull_stats_get_sessions (RECORDS (records), LULL_STATS_RANGE_ALL_TIME, now));
  g_test_assert_expected_messages ();
}

static void
test_summary (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GDateTime) now = parse_time ("2026-03-20T21:00:00+01:00");
  g_autoptr(LullStatsSummary) summary = NULL;
  g_autoptr(LullStatsStreak) streak = NULL;
  g_autofree char *progress = NULL;

  add_letdown_days (records, "2026-03-01", 7, 2, 150, FALSE);
  add_letdown_days (records, "2026-03-08", 13, 2, 100, FALSE);
  /* One without any sound: not a session with guided audio. */
  lull_record_set_audio (g_ptr_array_index (records, 0), NULL);

  summary = lull_stats_summary_new (RECORDS (records), 2, now);
  streak = lull_stats_get_streak (RECORDS (records), 2, now);
  progress = lull_stats_dup_progress (RECORDS (records), now);

  g_assert_cmpuint (summary->today_count, ==, 2);
  g_assert_cmpuint (summary->daily_goal, ==, 2);
  g_assert_cmpuint (summary->streak->length, ==, 20);
  g_assert_cmpuint (summary->streak->length, ==, streak->length);
  g_assert_true (summary->streak->today_done);
  /* Counted up to ten only: all the home page needs. */
  g_assert_cmpuint (summary->n_audio_sessions, ==, LULL_STATS_AUDIO_SESSIONS_GOAL);
  g_assert_cmpint (summary->milestones, ==,
                   LULL_STATS_MILESTONE_FIRST_SESSION |
                   LULL_STATS_MILESTONE_TEN_AUDIO_SESSIONS |
                   LULL_STATS_MILESTONE_STREAK_WEEK |
                   LULL_STATS_MILESTONE_LETDOWN_UNDER_2_MIN);
  g_assert_cmpstr (summary->progress, ==,
                   "In your last sessions, let-down came about 50 seconds sooner than in your "
                   "first week.");
  g_assert_cmpstr (summary->progress, ==, progress);
}

static void
test_collect (void)
{
  g_autoptr(GListStore) store = g_list_store_new (LULL_TYPE_RECORD);
  g_autoptr(GPtrArray) records = new_records ();
  g_autoptr(GPtrArray) collected = NULL;

  add_pattern (records, "2026-03-01", "21");
  for (guint i = 0; i < records->len; i++)
    g_list_store_append (store, g_ptr_array_index (records, i));

  collected = lull_stats_collect (G_LIST_MODEL (store));
  g_assert_cmpuint (collected->len, ==, 3);
  for (guint i = 0; i < records->len; i++)
    g_assert_true (g_ptr_array_index (collected, i) == g_ptr_array_index (records, i));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  setlocale (LC_ALL, "C");

  g_test_add_func ("/stats/streak/empty", test_streak_empty);
  g_test_add_func ("/stats/streak/today-not-done", test_streak_today_not_done);
  g_test_add_func ("/stats/streak/rest-days", test_streak_rest_days);
  g_test_add_func ("/stats/streak/month-and-year-ends", test_streak_month_and_year_ends);
  g_test_add_func ("/stats/streak/daylight-saving", test_streak_daylight_saving);
  g_test_add_func ("/stats/streak/other-time-zone", test_streak_other_time_zone);
  g_test_add_func ("/stats/streak/goal", test_streak_goal);
  g_test_add_func ("/stats/days/heat-map", test_days_heat_map);
  g_test_add_func ("/stats/median/rolling", test_median_rolling);
  g_test_add_func ("/stats/median/skips-unmarked", test_median_skips_unmarked);
  g_test_add_func ("/stats/median/before-range", test_median_before_range);
  g_test_add_func ("/stats/consistency/most-common", test_consistency);
  g_test_add_func ("/stats/consistency/tie-and-none", test_consistency_tie_and_none);
  g_test_add_func ("/stats/audio/progress", test_audio_progress);
  g_test_add_func ("/stats/volume/per-session", test_volume_per_session);
  g_test_add_func ("/stats/volume/per-day-and-average", test_volume_per_day_and_average);
  g_test_add_func ("/stats/volume/session-points", test_volume_per_session_points);
  g_test_add_func ("/stats/milestones", test_milestones);
  g_test_add_func ("/stats/progress/too-little", test_progress_too_little);
  g_test_add_func ("/stats/progress/sooner", test_progress_sooner);
  g_test_add_func ("/stats/progress/first-days-with-letdown",
                   test_progress_first_days_with_letdown);
  g_test_add_func ("/stats/progress/not-sooner", test_progress_not_sooner);
  g_test_add_func ("/stats/chart/short-ranges", test_chart_short_ranges);
  g_test_add_func ("/stats/chart/medians-per-day", test_chart_medians_per_day);
  g_test_add_func ("/stats/chart/rolling-median", test_chart_rolling_median);
  g_test_add_func ("/stats/chart/all-time-sizes", test_chart_all_time_sizes);
  g_test_add_func ("/stats/sessions/refuse-all-time", test_sessions_refuse_all_time);
  g_test_add_func ("/stats/summary", test_summary);
  g_test_add_func ("/stats/collect", test_collect);

  return g_test_run ();
}
