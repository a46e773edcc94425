/* lull-stats.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "lull-stats.h"

/* Everything here works on local dates as Julian day numbers (1 is
 * 1 January of the year 1), which GDate computes and which subtract to a
 * number of days across month ends, year ends and daylight-saving changes
 * alike: a date is a date, whatever its offset.
 *
 * The records come in start order. Offsets in use run from UTC-12 to
 * UTC+14, so a session that started later can still carry an earlier
 * local date, by at most two days: a scan from the newest end may stop
 * once it is that far before the dates it wants. */
#define DATE_DISORDER_DAYS    2

#define DAYS_PER_WEEK         7
#define TWO_WEEKS_DAYS        14
#define THREE_MONTHS_DAYS     92
/* Longer ranges than this are charted a week to a point. */
#define PER_DAY_MAX_DAYS      92

/* The progress sentence: what is enough to say something with confidence.
 * Below these, a median moves with one odd session. */
#define PROGRESS_MIN_SPAN_DAYS   10
#define PROGRESS_FIRST_DAYS      7
#define PROGRESS_LAST_SESSIONS   7
#define PROGRESS_MIN_LETDOWNS    5
/* A gain smaller than this is within what a parent's own marking varies
 * by, and is not called "sooner". */
#define PROGRESS_MIN_GAIN        10.0
/* Share of the last two weeks' sessions in one combination for the
 * consistency sentence, in tenths. */
#define PROGRESS_STEADY_TENTHS   6

#define GOAL_IS_VALID(goal) ((goal) >= LULL_STATS_GOAL_MIN && (goal) <= LULL_STATS_GOAL_MAX)

#define LETDOWN_MILESTONE_SECONDS 120
#define STREAK_MILESTONE_DAYS     7

typedef struct
{
  guint32 julian;
  guint   n;
} DayCount;

/* What most functions need first: each record's local date, and the dates
 * that have sessions, ascending, with their counts. */
typedef struct
{
  LullRecord * const *records;
  guint               n_records;
  guint32            *julians;
  DayCount           *days;
  guint               n_days;
  guint32             today;
} Context;

/* One streak found by walk_streaks(): its first and last dates, and its
 * rest days, rests[rest_from] onwards. */
typedef struct
{
  guint32  first;
  guint32  last;
  guint    rest_from;
  guint    n_rests;
  gboolean current;
} Streak;

/* What the milestones need besides the dates. Each is settled once and
 * for all, so the pass stops looking for it then. */
typedef struct
{
  guint    n_audio_sessions;  /* up to LULL_STATS_AUDIO_SESSIONS_GOAL */
  gboolean fast_letdown;      /* a first let-down under 2 minutes */
} Tally;

static guint32
julian_of_date (const GDate *date)
{
  return g_date_get_julian (date);
}

static guint32
julian_of_record (LullRecord *record)
{
  GDate date = lull_record_get_local_date (record);

  return julian_of_date (&date);
}

static guint32
julian_of_now (GDateTime *now)
{
  GDate date;
  int year, month, day;

  g_date_time_get_ymd (now, &year, &month, &day);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay)day, (GDateMonth)month, (GDateYear)year);

  return julian_of_date (&date);
}

static GDate
date_of_julian (guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);

  return date;
}

/* `days` back from `julian`, never before the first date GDate has. */
static guint32
julian_minus (guint32 julian,
              guint   days)
{
  return julian > days ? julian - days : 1;
}

static int
compare_uint32 (gconstpointer a,
                gconstpointer b)
{
  guint32 x = *(const guint32 *)a;
  guint32 y = *(const guint32 *)b;

  return (x > y) - (x < y);
}

static int
compare_uint64 (gconstpointer a,
                gconstpointer b)
{
  guint64 x = *(const guint64 *)a;
  guint64 y = *(const guint64 *)b;

  return (x > y) - (x < y);
}

static gboolean
has_audio (LullRecord *record)
{
  const char * const *cues;

  if (lull_record_get_audio (record) != NULL)
    return TRUE;

  cues = lull_record_get_cues (record);

  return cues != NULL && g_strv_contains (cues, "audio");
}

/* Only a journey across time zones puts the dates of records in start
 * order out of order, and then by a day or two: an insertion sort puts
 * them right in about one pass. An array far from start order goes to
 * qsort() once the moves pass a few per date. */
static void
sort_dates (guint32 *dates,
            guint    n)
{
  guint64 budget = 8 * (guint64)n;

  for (guint i = 1; i < n; i++)
    {
      guint32 date = dates[i];
      guint j = i;

      for (; j > 0 && dates[j - 1] > date && budget > 0; j--, budget--)
        dates[j] = dates[j - 1];
      dates[j] = date;

      if (budget == 0)
        {
          qsort (dates, n, sizeof (guint32), compare_uint32);
          return;
        }
    }
}

/* One pass over the records: the years of history are read once, which
 * is what keeps the home page's summary within its few milliseconds. The
 * tally, if asked for, comes from the same pass; once it is settled, only
 * each record's date is read, which saves following the let-downs and
 * cues of every record to memory the caches no longer hold. */
static void
context_init (Context            *ctx,
              LullRecord * const *records,
              guint               n_records,
              GDateTime          *now,
              Tally              *tally)
{
  g_autofree guint32 *sorted = NULL;
  const guint32 *dates;
  gboolean in_order = TRUE;
  GDate previous;
  guint32 previous_julian = 0;

  g_date_clear (&previous, 1);
  ctx->records = records;
  ctx->n_records = n_records;
  ctx->julians = g_new (guint32, MAX (n_records, 1));
  ctx->days = g_new (DayCount, MAX (n_records, 1));
  ctx->n_days = 0;
  ctx->today = julian_of_now (now);

  if (tally != NULL)
    *tally = (Tally) { 0, FALSE };

  for (guint i = 0; i < n_records; i++)
    {
      GDate date = lull_record_get_local_date (records[i]);

      /* Several sessions a day: most dates are the one before. */
      if (date.day != previous.day || date.month != previous.month ||
          date.year != previous.year || !previous.dmy)
        {
          previous = date;
          previous_julian = julian_of_date (&date);
        }
      ctx->julians[i] = previous_julian;
      if (i > 0 && ctx->julians[i] < ctx->julians[i - 1])
        in_order = FALSE;

      if (tally != NULL)
        {
          if (tally->n_audio_sessions < LULL_STATS_AUDIO_SESSIONS_GOAL && has_audio (records[i]))
            tally->n_audio_sessions++;
          if (!tally->fast_letdown &&
              lull_stats_get_first_letdown (records[i]) < LETDOWN_MILESTONE_SECONDS)
            tally->fast_letdown = TRUE;
        }
    }

  dates = ctx->julians;
  if (!in_order)
    {
      sorted = g_memdup2 (ctx->julians, n_records * sizeof (guint32));
      sort_dates (sorted, n_records);
      dates = sorted;
    }

  for (guint i = 0; i < n_records; i++)
    {
      if (ctx->n_days > 0 && ctx->days[ctx->n_days - 1].julian == dates[i])
        ctx->days[ctx->n_days - 1].n++;
      else
        ctx->days[ctx->n_days++] = (DayCount) { dates[i], 1 };
    }
}

static void
context_clear (Context *ctx)
{
  g_clear_pointer (&ctx->julians, g_free);
  g_clear_pointer (&ctx->days, g_free);
}

/* The index of the first date on or after `julian`. */
static guint
context_find_day (const Context *ctx,
                  guint32        julian)
{
  guint lo = 0, hi = ctx->n_days;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (ctx->days[mid].julian < julian)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static guint
context_count_on (const Context *ctx,
                  guint32        julian)
{
  guint i = context_find_day (ctx, julian);

  return i < ctx->n_days && ctx->days[i].julian == julian ? ctx->days[i].n : 0;
}

/* Streaks, walked forward in time the way the parent lives them: a day
 * that falls short waits for the next day to tell whether it was a rest
 * day or the end of the streak. */
typedef struct
{
  GArray   *streaks;
  GArray   *rests;
  gboolean  in_streak;
  guint32   first;
  guint32   last_met;
  gboolean  has_short;
  guint32   last_short;
  gboolean  pending;
  guint     rest_from;
} Walk;

static void
walk_end (Walk    *walk,
          guint32  last,
          gboolean current)
{
  Streak streak = {
    walk->first, last, walk->rest_from, walk->rests->len - walk->rest_from, current,
  };

  g_array_append_val (walk->streaks, streak);
  walk->in_streak = FALSE;
}

static void
walk_short_day (Walk    *walk,
                guint32  julian)
{
  if (!walk->in_streak)
    return;

  /* Two short days within 7: the streak ended on its last full day, and
   * the short day that was waiting was no rest day after all. */
  if (walk->has_short && julian - walk->last_short < DAYS_PER_WEEK)
    {
      walk_end (walk, walk->last_met, FALSE);
      return;
    }

  walk->has_short = TRUE;
  walk->last_short = julian;
  walk->pending = TRUE;
}

static void
walk_met_day (Walk    *walk,
              guint32  julian)
{
  if (!walk->in_streak)
    {
      walk->in_streak = TRUE;
      walk->first = julian;
      walk->has_short = FALSE;
      walk->pending = FALSE;
      walk->rest_from = walk->rests->len;
    }
  else if (walk->pending)
    {
      g_array_append_val (walk->rests, walk->last_short);
      walk->pending = FALSE;
    }

  walk->last_met = julian;
}

/* Days without a session, from `from` up to `to` (not included). Two of
 * them end any streak, so no more than two are looked at. */
static void
walk_gap (Walk    *walk,
          guint32  from,
          guint32  to)
{
  for (guint32 julian = from; julian < to && walk->in_streak; julian++)
    walk_short_day (walk, julian);
}

/* Every streak up to yesterday, or today when today meets the goal, into
 * `streaks` (Streak) and their rest days into `rests` (guint32). The
 * current streak, if any, is the last, with current set. Returns whether
 * today meets the goal. */
static gboolean
walk_streaks (const Context *ctx,
              guint          daily_goal,
              GArray        *streaks,
              GArray        *rests)
{
  Walk walk = { .streaks = streaks, .rests = rests };
  gboolean today_done = context_count_on (ctx, ctx->today) >= daily_goal;
  guint32 anchor = today_done ? ctx->today : ctx->today - 1;
  guint32 next = 0;

  for (guint i = 0; i < ctx->n_days && ctx->days[i].julian <= anchor; i++)
    {
      const DayCount *day = &ctx->days[i];

      if (walk.in_streak)
        walk_gap (&walk, next, day->julian);

      if (day->n >= daily_goal)
        walk_met_day (&walk, day->julian);
      else
        walk_short_day (&walk, day->julian);

      next = day->julian + 1;
    }

  if (walk.in_streak)
    walk_gap (&walk, next, anchor + 1);

  /* Still going: it reaches the anchor, and a short day waiting there
   * (yesterday) is a rest day as long as today can carry the streak on. */
  if (walk.in_streak)
    {
      if (walk.pending)
        g_array_append_val (rests, walk.last_short);
      walk_end (&walk, anchor, TRUE);
    }

  return today_done;
}

/* What the streak, the calendar, the milestones and the summary all start
 * from: the dates, every streak, and, if asked for, the tally. */
typedef struct
{
  Context   ctx;
  GArray   *streaks;
  GArray   *rests;
  gboolean  today_done;
  Tally     tally;
} Walked;

static void
walked_init (Walked             *walked,
             LullRecord * const *records,
             guint               n_records,
             guint               daily_goal,
             GDateTime          *now,
             gboolean            with_tally)
{
  context_init (&walked->ctx, records, n_records, now, with_tally ? &walked->tally : NULL);
  walked->streaks = g_array_new (FALSE, FALSE, sizeof (Streak));
  walked->rests = g_array_new (FALSE, FALSE, sizeof (guint32));
  walked->today_done = walk_streaks (&walked->ctx, daily_goal, walked->streaks, walked->rests);
}

static void
walked_clear (Walked *walked)
{
  context_clear (&walked->ctx);
  g_clear_pointer (&walked->streaks, g_array_unref);
  g_clear_pointer (&walked->rests, g_array_unref);
}

static gboolean
has_week_streak (GArray *streaks)
{
  for (guint i = 0; i < streaks->len; i++)
    {
      const Streak *streak = &g_array_index (streaks, Streak, i);

      if (streak->last - streak->first + 1 >= STREAK_MILESTONE_DAYS)
        return TRUE;
    }

  return FALSE;
}

static LullStatsStreak *
streak_new (GArray   *streaks,
            GArray   *rests,
            gboolean  today_done)
{
  LullStatsStreak *result = g_new0 (LullStatsStreak, 1);
  const Streak *current = NULL;

  result->rest_days = g_array_new (FALSE, FALSE, sizeof (GDate));
  result->today_done = today_done;
  g_date_clear (&result->first_day, 1);

  if (streaks->len > 0 && g_array_index (streaks, Streak, streaks->len - 1).current)
    current = &g_array_index (streaks, Streak, streaks->len - 1);

  if (current == NULL)
    return result;

  result->length = current->last - current->first + 1;
  result->first_day = date_of_julian (current->first);
  for (guint i = 0; i < current->n_rests; i++)
    {
      GDate date = date_of_julian (g_array_index (rests, guint32, current->rest_from + i));

      g_array_append_val (result->rest_days, date);
    }

  return result;
}

/**
 * lull_stats_collect:
 * @records: the history's list (lull_history_get_records())
 *
 * Returns: (transfer full) (element-type LullRecord): the records, in the
 *   list's order, for the functions here: `(LullRecord **)array->pdata`
 *   and `array->len`
 */
GPtrArray *
lull_stats_collect (GListModel *records)
{
  GPtrArray *array;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (records), NULL);
  g_return_val_if_fail (g_type_is_a (g_list_model_get_item_type (records), LULL_TYPE_RECORD),
                        NULL);

  n = g_list_model_get_n_items (records);
  array = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (array, g_list_model_get_item (records, i));

  return array;
}

/**
 * lull_stats_get_volume_ml:
 *
 * Returns: the session's volume in mL, or %LULL_RECORD_NO_VALUE when there
 *   is none to trust
 */
int
lull_stats_get_volume_ml (LullRecord *record)
{
  int left, right, total;

  g_return_val_if_fail (LULL_IS_RECORD (record), LULL_RECORD_NO_VALUE);

  left = lull_record_get_volume_left_ml (record);
  right = lull_record_get_volume_right_ml (record);
  total = lull_record_get_volume_ml (record);

  /* The sides, when there are any, are what the parent entered: the
   * total is only their sum, and a side out of range spoils it. */
  if (left != LULL_RECORD_NO_VALUE || right != LULL_RECORD_NO_VALUE)
    {
      if (left < 0 || left > LULL_RECORD_MAX_SIDE_ML ||
          right < 0 || right > LULL_RECORD_MAX_SIDE_ML)
        return LULL_RECORD_NO_VALUE;
      return left + right;
    }

  if (total < 0 || total > 2 * LULL_RECORD_MAX_SIDE_ML)
    return LULL_RECORD_NO_VALUE;

  return total;
}

/**
 * lull_stats_get_volume_average:
 * @last_day: the last of the 7 days
 *
 * Returns: the average daily volume in mL over the days among the 7 with
 *   at least one volume, or -1 when none has
 */
double
lull_stats_get_volume_average (LullRecord * const *records,
                               guint               n_records,
                               const GDate        *last_day)
{
  gboolean has_volume[DAYS_PER_WEEK] = { FALSE, };
  gint64 sum = 0;
  guint n_days = 0;
  guint32 last;

  g_return_val_if_fail (records != NULL || n_records == 0, -1);
  g_return_val_if_fail (last_day != NULL && g_date_valid (last_day), -1);

  last = julian_of_date (last_day);
  for (guint i = 0; i < n_records; i++)
    {
      guint32 julian = julian_of_record (records[i]);
      int ml;

      if (julian > last || last - julian >= DAYS_PER_WEEK)
        continue;
      ml = lull_stats_get_volume_ml (records[i]);
      if (ml == LULL_RECORD_NO_VALUE)
        continue;

      sum += ml;
      if (!has_volume[last - julian])
        {
          has_volume[last - julian] = TRUE;
          n_days++;
        }
    }

  return n_days > 0 ? (double)sum / n_days : -1;
}

/**
 * lull_stats_get_first_letdown:
 *
 * Returns: seconds from the start of pumping to the first let-down marked,
 *   or %LULL_STATS_NO_LETDOWN
 */
guint
lull_stats_get_first_letdown (LullRecord *record)
{
  const GArray *letdowns;
  guint first;

  g_return_val_if_fail (LULL_IS_RECORD (record), LULL_STATS_NO_LETDOWN);

  letdowns = lull_record_get_letdowns (record);
  if (letdowns->len == 0)
    return LULL_STATS_NO_LETDOWN;

  /* The first mark, as the parent made them: marks come in time order. */
  first = g_array_index (letdowns, guint, 0);

  return first <= LULL_RECORD_MAX_PUMP_SECONDS ? first : LULL_STATS_NO_LETDOWN;
}

/* Let-downs of a session that has a first one to trust, within the most a
 * record keeps. */
static guint
count_letdowns (LullRecord *record,
                guint       first_letdown)
{
  if (first_letdown == LULL_STATS_NO_LETDOWN)
    return 0;

  return MIN (lull_record_get_letdowns (record)->len, LULL_RECORD_MAX_LETDOWNS);
}

/**
 * lull_stats_get_streak:
 * @daily_goal: sessions that make a day, %LULL_STATS_GOAL_MIN to
 *   %LULL_STATS_GOAL_MAX
 * @now: the moment; its date in its own time zone is today
 *
 * Returns: (transfer full): the current streak
 */
LullStatsStreak *
lull_stats_get_streak (LullRecord * const *records,
                       guint               n_records,
                       guint               daily_goal,
                       GDateTime          *now)
{
  LullStatsStreak *streak;
  Walked walked;

  g_return_val_if_fail (records != NULL || n_records == 0, NULL);
  g_return_val_if_fail (GOAL_IS_VALID (daily_goal), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  walked_init (&walked, records, n_records, daily_goal, now, FALSE);
  streak = streak_new (walked.streaks, walked.rests, walked.today_done);
  walked_clear (&walked);

  return streak;
}

void
lull_stats_streak_free (LullStatsStreak *streak)
{
  if (streak == NULL)
    return;

  g_array_unref (streak->rest_days);
  g_free (streak);
}

/**
 * lull_stats_get_days:
 * @first: the first date
 * @last: the last date, not before @first
 *
 * Returns: (transfer full) (element-type LullStatsDay): one element a date
 */
GArray *
lull_stats_get_days (LullRecord * const *records,
                     guint               n_records,
                     guint               daily_goal,
                     const GDate        *first,
                     const GDate        *last,
                     GDateTime          *now)
{
  Walked walked;
  const Context *ctx = &walked.ctx;
  GArray *days;
  guint32 from, to;
  guint d;

  g_return_val_if_fail (records != NULL || n_records == 0, NULL);
  g_return_val_if_fail (GOAL_IS_VALID (daily_goal), NULL);
  g_return_val_if_fail (first != NULL && g_date_valid (first), NULL);
  g_return_val_if_fail (last != NULL && g_date_valid (last), NULL);
  g_return_val_if_fail (g_date_compare (first, last) <= 0, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  from = julian_of_date (first);
  to = julian_of_date (last);

  walked_init (&walked, records, n_records, daily_goal, now, FALSE);

  days = g_array_sized_new (FALSE, TRUE, sizeof (LullStatsDay), to - from + 1);
  g_array_set_size (days, to - from + 1);

  d = context_find_day (ctx, from);
  for (guint32 julian = from; julian <= to; julian++)
    {
      LullStatsDay *day = &g_array_index (days, LullStatsDay, julian - from);

      day->date = date_of_julian (julian);
      if (d < ctx->n_days && ctx->days[d].julian == julian)
        day->n_sessions = ctx->days[d++].n;
      day->met_goal = day->n_sessions >= daily_goal;
    }

  for (guint i = 0; i < walked.streaks->len; i++)
    {
      const Streak *streak = &g_array_index (walked.streaks, Streak, i);

      for (guint32 julian = MAX (streak->first, from); julian <= MIN (streak->last, to); julian++)
        {
          LullStatsDay *day = &g_array_index (days, LullStatsDay, julian - from);

          day->in_streak = TRUE;
          day->in_current_streak = streak->current;
        }
    }

  for (guint i = 0; i < walked.rests->len; i++)
    {
      guint32 julian = g_array_index (walked.rests, guint32, i);

      if (julian >= from && julian <= to)
        g_array_index (days, LullStatsDay, julian - from).rest_day = TRUE;
    }

  walked_clear (&walked);

  return days;
}

/* The median of `values`, which it sorts. */
static double
median_of (guint *values,
           guint  n)
{
  qsort (values, n, sizeof (guint), compare_uint32);

  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + (double)values[n / 2]) / 2;
}

/* The dates of a range, today's date being the last; FALSE for all time
 * without a session. */
static gboolean
range_bounds (const Context  *ctx,
              LullStatsRange  range,
              guint32        *from,
              guint32        *to)
{
  switch (range)
    {
    case LULL_STATS_RANGE_TWO_WEEKS:
      *from = julian_minus (ctx->today, TWO_WEEKS_DAYS - 1);
      *to = ctx->today;
      return TRUE;

    case LULL_STATS_RANGE_THREE_MONTHS:
      *from = julian_minus (ctx->today, THREE_MONTHS_DAYS - 1);
      *to = ctx->today;
      return TRUE;

    case LULL_STATS_RANGE_ALL_TIME:
      if (ctx->n_days == 0)
        return FALSE;
      /* A session dated after today (recorded further east) still shows. */
      *from = ctx->days[0].julian;
      *to = MAX (ctx->today, ctx->days[ctx->n_days - 1].julian);
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/**
 * lull_stats_get_sessions:
 * @range: %LULL_STATS_RANGE_TWO_WEEKS or %LULL_STATS_RANGE_THREE_MONTHS
 *
 * Returns: (transfer full) (element-type LullStatsSession): the sessions of
 *   the range
 */
GArray *
lull_stats_get_sessions (LullRecord * const *records,
                         guint               n_records,
                         LullStatsRange      range,
                         GDateTime          *now)
{
  guint window[LULL_STATS_ROLLING_SESSIONS];
  guint n_window = 0, next = 0;
  GArray *sessions;
  Context ctx;
  guint32 from, to;

  g_return_val_if_fail (records != NULL || n_records == 0, NULL);
  g_return_val_if_fail (range == LULL_STATS_RANGE_TWO_WEEKS ||
                        range == LULL_STATS_RANGE_THREE_MONTHS, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  context_init (&ctx, records, n_records, now, NULL);
  range_bounds (&ctx, range, &from, &to);
  sessions = g_array_new (FALSE, TRUE, sizeof (LullStatsSession));

  for (guint i = 0; i < n_records; i++)
    {
      LullRecord *record = records[i];
      guint first_letdown = lull_stats_get_first_letdown (record);
      LullStatsSession session;

      if (first_letdown != LULL_STATS_NO_LETDOWN)
        {
          window[next] = first_letdown;
          next = (next + 1) % LULL_STATS_ROLLING_SESSIONS;
          n_window = MIN (n_window + 1, LULL_STATS_ROLLING_SESSIONS);
        }

      if (ctx.julians[i] < from || ctx.julians[i] > to)
        continue;

      session = (LullStatsSession) {
        .start = g_date_time_to_unix (lull_record_get_start (record)),
        .date = date_of_julian (ctx.julians[i]),
        .first_letdown = first_letdown,
        .first_letdown_median = NAN,
        .n_letdowns = count_letdowns (record, first_letdown),
        .volume_ml = lull_stats_get_volume_ml (record),
      };
      if (n_window > 0)
        {
          guint sorted[LULL_STATS_ROLLING_SESSIONS];

          memcpy (sorted, window, n_window * sizeof (guint));
          session.first_letdown_median = (float)median_of (sorted, n_window);
        }
      g_array_append_val (sessions, session);
    }

  context_clear (&ctx);

  return sessions;
}

typedef struct
{
  guint32 julian;
  gint64  ml;
} DayVolume;

static int
compare_day_volumes (gconstpointer a,
                     gconstpointer b)
{
  return compare_uint32 (&((const DayVolume *)a)->julian, &((const DayVolume *)b)->julian);
}

/* Each date's total of valid volumes, ascending by date, for the dates
 * from `from` to `to`. */
static GArray *
collect_day_volumes (const Context *ctx,
                     guint32        from,
                     guint32        to)
{
  GArray *volumes = g_array_new (FALSE, FALSE, sizeof (DayVolume));
  guint n_days = 0;

  for (guint i = 0; i < ctx->n_records; i++)
    {
      DayVolume volume = { ctx->julians[i], 0 };
      int ml;

      if (volume.julian < from || volume.julian > to)
        continue;
      ml = lull_stats_get_volume_ml (ctx->records[i]);
      if (ml == LULL_RECORD_NO_VALUE)
        continue;
      volume.ml = ml;
      g_array_append_val (volumes, volume);
    }

  g_array_sort (volumes, compare_day_volumes);

  for (guint i = 0; i < volumes->len; i++)
    {
      DayVolume *volume = &g_array_index (volumes, DayVolume, i);
      DayVolume *day = n_days > 0 ? &g_array_index (volumes, DayVolume, n_days - 1) : NULL;

      if (day != NULL && day->julian == volume->julian)
        day->ml += volume->ml;
      else
        g_array_index (volumes, DayVolume, n_days++) = *volume;
    }
  g_array_set_size (volumes, n_days);

  return volumes;
}

static void
chart_add_volumes (GArray        *points,
                   const Context *ctx,
                   guint32        start,
                   guint32        to,
                   guint          bucket_days)
{
  /* A day's point averages the 7 days ending on it, so the days before
   * the range count too. */
  guint32 volume_from = bucket_days == 1 ? julian_minus (start, DAYS_PER_WEEK - 1) : start;
  g_autoptr(GArray) volumes = collect_day_volumes (ctx, volume_from, to);
  guint lo = 0, hi = 0;
  gint64 window_sum = 0;

  for (guint i = 0; i < volumes->len; i++)
    {
      const DayVolume *day = &g_array_index (volumes, DayVolume, i);
      LullStatsChartPoint *point;

      if (day->julian < start)
        continue;
      point = &g_array_index (points, LullStatsChartPoint, (day->julian - start) / bucket_days);
      point->volume_ml = (int)MIN ((gint64)MAX (point->volume_ml, 0) + day->ml, G_MAXINT);
      point->n_volume_days++;
    }

  for (guint b = 0; b < points->len; b++)
    {
      LullStatsChartPoint *point = &g_array_index (points, LullStatsChartPoint, b);
      guint32 julian = start + b;

      if (bucket_days > 1)
        {
          if (point->n_volume_days > 0)
            point->volume_day_average_ml = (float)point->volume_ml / point->n_volume_days;
          continue;
        }

      while (hi < volumes->len && g_array_index (volumes, DayVolume, hi).julian <= julian)
        window_sum += g_array_index (volumes, DayVolume, hi++).ml;
      while (lo < hi && julian - g_array_index (volumes, DayVolume, lo).julian >= DAYS_PER_WEEK)
        window_sum -= g_array_index (volumes, DayVolume, lo++).ml;
      if (hi > lo)
        point->volume_day_average_ml = (float)((double)window_sum / (hi - lo));
    }
}

static int
compare_floats (gconstpointer a,
                gconstpointer b)
{
  float x = *(const float *)a;
  float y = *(const float *)b;

  return (x > y) - (x < y);
}

/* Each point's first_letdown_rolling: the median of its own median and
 * those of the points before it, LULL_STATS_ROLLING_SESSIONS in all. */
static void
add_rolling_medians (GArray *points)
{
  for (guint i = 0; i < points->len; i++)
    {
      float window[LULL_STATS_ROLLING_SESSIONS];
      guint n = 0;

      for (guint j = i + 1; j > 0 && n < LULL_STATS_ROLLING_SESSIONS; j--)
        {
          float value = g_array_index (points, LullStatsChartPoint, j - 1).first_letdown_median;

          if (!isnan (value))
            window[n++] = value;
        }

      if (n == 0)
        {
          g_array_index (points, LullStatsChartPoint, i).first_letdown_rolling = NAN;
          continue;
        }

      qsort (window, n, sizeof (float), compare_floats);
      g_array_index (points, LullStatsChartPoint, i).first_letdown_rolling =
        n % 2 == 1 ? window[n / 2] : (window[n / 2 - 1] + window[n / 2]) / 2;
    }
}

/* The chart's points from the julian day @from to @to. */
static GArray *
chart_between (Context    *ctx,
               guint32     from,
               guint32     to)
{
  LullRecord * const *records = ctx->records;
  guint n_records = ctx->n_records;
  g_autoptr(GArray) letdowns = NULL;
  GArray *points = g_array_new (FALSE, TRUE, sizeof (LullStatsChartPoint));
  guint32 start;
  guint bucket_days = 1;
  guint n_points;

  start = from;
  if (to - from + 1 > PER_DAY_MAX_DAYS)
    {
      GDate first = date_of_julian (from);
      guint n_weeks;

      start = julian_minus (from, g_date_get_weekday (&first) - G_DATE_MONDAY);
      n_weeks = (to - start) / DAYS_PER_WEEK + 1;
      bucket_days = DAYS_PER_WEEK *
                    ((n_weeks + LULL_STATS_MAX_CHART_POINTS - 1) / LULL_STATS_MAX_CHART_POINTS);
    }

  n_points = (to - start) / bucket_days + 1;
  g_array_set_size (points, n_points);
  for (guint b = 0; b < n_points; b++)
    {
      LullStatsChartPoint *point = &g_array_index (points, LullStatsChartPoint, b);

      point->first_day = date_of_julian (start + b * bucket_days);
      point->n_days = bucket_days;
      point->first_letdown_median = NAN;
      point->volume_ml = LULL_RECORD_NO_VALUE;
      point->volume_day_average_ml = NAN;
    }

  /* Each first let-down as its point's index above its seconds, so that
   * one sort groups them by point and orders them within it. */
  letdowns = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint i = 0; i < n_records; i++)
    {
      LullStatsChartPoint *point;
      guint first_letdown;
      guint64 key;

      if (ctx->julians[i] < start || ctx->julians[i] > to)
        continue;

      point = &g_array_index (points, LullStatsChartPoint, (ctx->julians[i] - start) / bucket_days);
      point->n_sessions++;
      first_letdown = lull_stats_get_first_letdown (records[i]);
      if (first_letdown == LULL_STATS_NO_LETDOWN)
        continue;

      point->n_with_letdowns++;
      point->n_letdowns += count_letdowns (records[i], first_letdown);
      key = ((guint64)((ctx->julians[i] - start) / bucket_days) << 32) | first_letdown;
      g_array_append_val (letdowns, key);
    }

  g_array_sort (letdowns, compare_uint64);
  for (guint i = 0; i < letdowns->len;)
    {
      guint64 *keys = &g_array_index (letdowns, guint64, i);
      guint b = (guint)(keys[0] >> 32);
      guint n = g_array_index (points, LullStatsChartPoint, b).n_with_letdowns;
      guint32 mid = (guint32)keys[n / 2];

      g_array_index (points, LullStatsChartPoint, b).first_letdown_median =
        n % 2 == 1 ? (float)mid : (float)(((guint32)keys[n / 2 - 1] + (double)mid) / 2);
      i += n;
    }

  add_rolling_medians (points);
  chart_add_volumes (points, ctx, start, to, bucket_days);

  return points;
}

/**
 * lull_stats_get_chart:
 *
 * Returns: (transfer full) (element-type LullStatsChartPoint): the points
 *   of the range, oldest first
 */
GArray *
lull_stats_get_chart (LullRecord * const *records,
                      guint               n_records,
                      LullStatsRange      range,
                      GDateTime          *now)
{
  GArray *points;
  Context ctx;
  guint32 from, to;

  g_return_val_if_fail (records != NULL || n_records == 0, NULL);
  g_return_val_if_fail (range <= LULL_STATS_RANGE_ALL_TIME, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  context_init (&ctx, records, n_records, now, NULL);
  points = range_bounds (&ctx, range, &from, &to)
           ? chart_between (&ctx, from, to)
           : g_array_new (FALSE, TRUE, sizeof (LullStatsChartPoint));
  context_clear (&ctx);

  return points;
}

/**
 * lull_stats_get_chart_between:
 * @first: the first local date
 * @last: the last, on or after @first
 *
 * As lull_stats_get_chart(), for the dates from @first to @last.
 *
 * Returns: (transfer full) (element-type LullStatsChartPoint): the points
 */
GArray *
lull_stats_get_chart_between (LullRecord * const *records,
                              guint               n_records,
                              const GDate        *first,
                              const GDate        *last,
                              GDateTime          *now)
{
  GArray *points;
  Context ctx;

  g_return_val_if_fail (records != NULL || n_records == 0, NULL);
  g_return_val_if_fail (first != NULL && g_date_valid (first), NULL);
  g_return_val_if_fail (last != NULL && g_date_valid (last), NULL);
  g_return_val_if_fail (g_date_compare (first, last) <= 0, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  context_init (&ctx, records, n_records, now, NULL);
  points = chart_between (&ctx, julian_of_date (first), julian_of_date (last));
  context_clear (&ctx);

  return points;
}

typedef struct
{
  const char *routine;
  const char *place;
  const char *audio;
  guint       n;
} Combination;

static gboolean
same_string (const char *a,
             const char *b)
{
  /* Routines, places and tracks are interned by the record; the pointer
   * test settles nearly every comparison. */
  return a == b || g_strcmp0 (a, b) == 0;
}

static void
consistency_of (const Context        *ctx,
                LullStatsConsistency *consistency)
{
  g_autoptr(GArray) combinations = g_array_new (FALSE, FALSE, sizeof (Combination));
  guint32 from = julian_minus (ctx->today, LULL_STATS_CONSISTENCY_DAYS - 1);
  const Combination *best = NULL;

  memset (consistency, 0, sizeof *consistency);

  /* Newest first, so that on a tie the combination used last, found
   * first, stays the answer. */
  for (guint i = ctx->n_records; i > 0; i--)
    {
      LullRecord *record = ctx->records[i - 1];
      guint32 julian = ctx->julians[i - 1];
      Combination candidate;
      guint c;

      if (julian + DATE_DISORDER_DAYS < from)
        break;
      if (julian < from || julian > ctx->today)
        continue;

      consistency->n_sessions++;
      candidate = (Combination) {
        lull_record_get_routine (record), lull_record_get_place (record),
        lull_record_get_audio (record), 1,
      };
      for (c = 0; c < combinations->len; c++)
        {
          Combination *known = &g_array_index (combinations, Combination, c);

          if (same_string (known->routine, candidate.routine) &&
              same_string (known->place, candidate.place) &&
              same_string (known->audio, candidate.audio))
            {
              known->n++;
              break;
            }
        }
      if (c == combinations->len)
        g_array_append_val (combinations, candidate);
    }

  for (guint c = 0; c < combinations->len; c++)
    {
      const Combination *combination = &g_array_index (combinations, Combination, c);

      if (best == NULL || combination->n > best->n)
        best = combination;
    }

  if (best != NULL)
    {
      consistency->n_matching = best->n;
      consistency->routine = best->routine;
      consistency->place = best->place;
      consistency->audio = best->audio;
    }
}

/**
 * lull_stats_get_consistency:
 * @consistency: (out caller-allocates): the answer
 */
void
lull_stats_get_consistency (LullRecord * const   *records,
                            guint                 n_records,
                            GDateTime            *now,
                            LullStatsConsistency *consistency)
{
  Context ctx;

  g_return_if_fail (records != NULL || n_records == 0);
  g_return_if_fail (now != NULL);
  g_return_if_fail (consistency != NULL);

  context_init (&ctx, records, n_records, now, NULL);
  consistency_of (&ctx, consistency);
  context_clear (&ctx);
}

static double
audio_progress (guint n_audio_sessions)
{
  return MIN (n_audio_sessions, LULL_STATS_AUDIO_SESSIONS_GOAL) /
         (double)LULL_STATS_AUDIO_SESSIONS_GOAL;
}

/**
 * lull_stats_count_audio_sessions:
 * @progress: (out) (optional): towards %LULL_STATS_AUDIO_SESSIONS_GOAL, 0 to 1
 *
 * Returns: the sessions with guided audio
 */
guint
lull_stats_count_audio_sessions (LullRecord * const *records,
                                 guint               n_records,
                                 double             *progress)
{
  guint n = 0;

  g_return_val_if_fail (records != NULL || n_records == 0, 0);

  for (guint i = 0; i < n_records; i++)
    {
      if (has_audio (records[i]))
        n++;
    }

  if (progress != NULL)
    *progress = audio_progress (n);

  return n;
}

static LullStatsMilestones
milestones_of (guint    n_records,
               Tally    tally,
               GArray  *streaks)
{
  LullStatsMilestones milestones = LULL_STATS_MILESTONE_NONE;

  if (n_records > 0)
    milestones |= LULL_STATS_MILESTONE_FIRST_SESSION;
  if (tally.n_audio_sessions >= LULL_STATS_AUDIO_SESSIONS_GOAL)
    milestones |= LULL_STATS_MILESTONE_TEN_AUDIO_SESSIONS;
  if (has_week_streak (streaks))
    milestones |= LULL_STATS_MILESTONE_STREAK_WEEK;
  if (tally.fast_letdown)
    milestones |= LULL_STATS_MILESTONE_LETDOWN_UNDER_2_MIN;

  return milestones;
}

/**
 * lull_stats_get_milestones:
 *
 * Returns: the milestones reached
 */
LullStatsMilestones
lull_stats_get_milestones (LullRecord * const *records,
                           guint               n_records,
                           guint               daily_goal,
                           GDateTime          *now)
{
  LullStatsMilestones milestones;
  Walked walked;

  g_return_val_if_fail (records != NULL || n_records == 0, LULL_STATS_MILESTONE_NONE);
  g_return_val_if_fail (GOAL_IS_VALID (daily_goal), LULL_STATS_MILESTONE_NONE);
  g_return_val_if_fail (now != NULL, LULL_STATS_MILESTONE_NONE);

  walked_init (&walked, records, n_records, daily_goal, now, TRUE);
  milestones = milestones_of (n_records, walked.tally, walked.streaks);
  walked_clear (&walked);

  return milestones;
}

/* "about N seconds" or "about N minutes": to 5 seconds under a minute, to
 * 10 up to a minute and a half, then to the minute. */
static char *
format_gain_sentence (double gain)
{
  guint n;

  if (gain < 90)
    {
      guint step = gain < 60 ? 5 : 10;

      n = (guint)((gain + step / 2.0) / step) * step;
      /* Translators: %u is a number of seconds, at least 10, rounded. */
      return g_strdup_printf (ngettext ("In your last sessions, let-down came about %u second "
                                        "sooner than in your first week.",
                                        "In your last sessions, let-down came about %u seconds "
                                        "sooner than in your first week.", n), n);
    }

  n = (guint)((gain + 30) / 60);
  /* Translators: %u is a number of minutes, at least 2, rounded. */
  return g_strdup_printf (ngettext ("In your last sessions, let-down came about %u minute "
                                    "sooner than in your first week.",
                                    "In your last sessions, let-down came about %u minutes "
                                    "sooner than in your first week.", n), n);
}

/* The first window: the first let-down of each session on the first
 * PROGRESS_FIRST_DAYS dates that have one. `window_end` gets the last of
 * those dates. */
static GArray *
first_window (const Context *ctx,
              guint32       *window_end)
{
  guint32 dates[PROGRESS_FIRST_DAYS];
  guint n_dates = 0;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint64));
  GArray *values = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < ctx->n_records; i++)
    {
      guint32 julian = ctx->julians[i];
      guint first_letdown;
      guint64 key;
      guint d;

      if (n_dates == PROGRESS_FIRST_DAYS &&
          julian > dates[PROGRESS_FIRST_DAYS - 1] + DATE_DISORDER_DAYS)
        break;

      first_letdown = lull_stats_get_first_letdown (ctx->records[i]);
      if (first_letdown == LULL_STATS_NO_LETDOWN)
        continue;

      key = ((guint64)julian << 32) | first_letdown;
      g_array_append_val (found, key);

      /* Keep the earliest distinct dates, ascending. */
      for (d = 0; d < n_dates && dates[d] < julian; d++)
        ;
      if ((d < n_dates && dates[d] == julian) || d == PROGRESS_FIRST_DAYS)
        continue;
      if (n_dates < PROGRESS_FIRST_DAYS)
        n_dates++;
      memmove (&dates[d + 1], &dates[d], (n_dates - 1 - d) * sizeof (guint32));
      dates[d] = julian;
    }

  *window_end = n_dates > 0 ? dates[n_dates - 1] : 0;
  for (guint i = 0; i < found->len; i++)
    {
      guint64 key = g_array_index (found, guint64, i);
      guint value = (guint)(key & G_MAXUINT32);

      if ((guint32)(key >> 32) <= *window_end)
        g_array_append_val (values, value);
    }

  return values;
}

static char *
progress_of (const Context *ctx)
{
  g_autoptr(GArray) first_values = NULL;
  guint last_values[PROGRESS_LAST_SESSIONS];
  guint n_last = 0;
  guint32 first_end = 0, last_start = G_MAXUINT32;
  LullStatsConsistency consistency;
  double gain;

  if (ctx->n_days == 0 ||
      ctx->days[ctx->n_days - 1].julian - ctx->days[0].julian + 1 < PROGRESS_MIN_SPAN_DAYS)
    return NULL;

  first_values = first_window (ctx, &first_end);

  for (guint i = ctx->n_records; i > 0 && ctx->n_records - i < PROGRESS_LAST_SESSIONS; i--)
    {
      guint first_letdown = lull_stats_get_first_letdown (ctx->records[i - 1]);

      last_start = MIN (last_start, ctx->julians[i - 1]);
      if (first_letdown != LULL_STATS_NO_LETDOWN)
        last_values[n_last++] = first_letdown;
    }

  if (first_values->len < PROGRESS_MIN_LETDOWNS || n_last < PROGRESS_MIN_LETDOWNS ||
      last_start <= first_end)
    return NULL;

  gain = median_of ((guint *)(gpointer)first_values->data, first_values->len) -
         median_of (last_values, n_last);
  if (gain >= PROGRESS_MIN_GAIN)
    return format_gain_sentence (gain);

  /* Not sooner: nothing about speed. A steady routine is what conditions
   * the reflex (Kent et al. 2003), so say so when it was steady. */
  consistency_of (ctx, &consistency);
  if (consistency.n_sessions >= PROGRESS_MIN_LETDOWNS &&
      consistency.n_matching * 10 >= consistency.n_sessions * PROGRESS_STEADY_TENTHS)
    /* Translators: the first %u is a number of sessions out of the second,
     * at least 5. */
    return g_strdup_printf (ngettext ("In the last two weeks, %u of your %u session had the same "
                                      "routine, place and sound: a steady rhythm for your body "
                                      "to learn.",
                                      "In the last two weeks, %u of your %u sessions had the same "
                                      "routine, place and sound: a steady rhythm for your body "
                                      "to learn.", consistency.n_sessions),
                            consistency.n_matching, consistency.n_sessions);

  return g_strdup_printf (ngettext ("You have made time for yourself in %u session with Lull.",
                                    "You have made time for yourself in %u sessions with Lull.",
                                    ctx->n_records),
                          ctx->n_records);
}

/**
 * lull_stats_dup_progress:
 *
 * Returns: (transfer full) (nullable): a sentence for the parent
 */
char *
lull_stats_dup_progress (LullRecord * const *records,
                         guint               n_records,
                         GDateTime          *now)
{
  Context ctx;
  char *progress;

  g_return_val_if_fail (records != NULL || n_records == 0, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  context_init (&ctx, records, n_records, now, NULL);
  progress = progress_of (&ctx);
  context_clear (&ctx);

  return progress;
}

/**
 * lull_stats_summary_new:
 *
 * Returns: (transfer full): what the home page shows
 */
LullStatsSummary *
lull_stats_summary_new (LullRecord * const *records,
                        guint               n_records,
                        guint               daily_goal,
                        GDateTime          *now)
{
  LullStatsSummary *summary;
  Walked walked;

  g_return_val_if_fail (records != NULL || n_records == 0, NULL);
  g_return_val_if_fail (GOAL_IS_VALID (daily_goal), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  walked_init (&walked, records, n_records, daily_goal, now, TRUE);

  summary = g_new0 (LullStatsSummary, 1);
  summary->today_count = context_count_on (&walked.ctx, walked.ctx.today);
  summary->daily_goal = daily_goal;
  summary->streak = streak_new (walked.streaks, walked.rests, walked.today_done);
  summary->n_audio_sessions = walked.tally.n_audio_sessions;
  summary->milestones = milestones_of (n_records, walked.tally, walked.streaks);
  summary->progress = progress_of (&walked.ctx);

  walked_clear (&walked);

  return summary;
}

void
lull_stats_summary_free (LullStatsSummary *summary)
{
  if (summary == NULL)
    return;

  lull_stats_streak_free (summary->streak);
  g_free (summary->progress);
  g_free (summary);
}
