/* lull-reminders.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lull-reminders.h"

/* Intervals count real time from a session's start: a daylight-saving
 * change does not move them. Fixed times, the nudge and quiet hours are
 * wall-clock times of the parent's local days: each is made again for
 * each day from its date, so that 08:00 stays 08:00 across a change. */

#define MINUTES_PER_DAY    (24 * 60)
/* How far ahead a fixed time or a nudge is looked for: a week and a day. */
#define DAYS_AHEAD         8
/* Reminders older than this are not counted as missed. */
#define MISSED_WINDOW_DAYS 7
/* At most this many reminders are counted as missed. */
#define MAX_COUNTED        1000

int
lull_reminders_parse_time (const char *text)
{
  unsigned hours, minutes;
  char end;

  if (text == NULL || strlen (text) != 5
      || sscanf (text, "%2u:%2u%c", &hours, &minutes, &end) != 2
      || hours > 23 || minutes > 59)
    return LULL_REMINDER_NO_TIME;

  return (int)(hours * 60 + minutes);
}

guint
lull_reminders_clamp_interval (guint minutes)
{
  minutes = CLAMP (minutes, LULL_REMINDER_INTERVAL_MIN, LULL_REMINDER_INTERVAL_MAX);

  /* To the nearest step, as the settings' spin button has them. */
  return (minutes + LULL_REMINDER_INTERVAL_STEP / 2) / LULL_REMINDER_INTERVAL_STEP
         * LULL_REMINDER_INTERVAL_STEP;
}

/* The Unix time of @minute on the local day @date, in @zone. */
static gint64
local_time (GTimeZone   *zone,
            const GDate *date,
            int          minute)
{
  g_autoptr(GDateTime) time = g_date_time_new (zone, g_date_get_year (date),
                                               g_date_get_month (date), g_date_get_day (date),
                                               minute / 60, minute % 60, 0);

  return time != NULL ? g_date_time_to_unix (time) : 0;
}

static void
local_date (GTimeZone *zone,
            gint64     unix_time,
            GDate     *date,
            int       *minute)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  if (minute != NULL)
    *minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
}

static gboolean
has_quiet_hours (const LullReminderSettings *settings)
{
  return settings->quiet_start != LULL_REMINDER_NO_TIME
         && settings->quiet_end != LULL_REMINDER_NO_TIME
         && settings->quiet_start != settings->quiet_end;
}

/* @due, or the end of the quiet hours it falls in. */
static gint64
hold (const LullReminderSettings *settings,
      GTimeZone                  *zone,
      gint64                      due)
{
  int start = settings->quiet_start, end = settings->quiet_end;
  GDate date;
  int minute;

  if (!has_quiet_hours (settings))
    return due;

  local_date (zone, due, &date, &minute);
  if (start < end)
    {
      if (minute >= start && minute < end)
        return MAX (due, local_time (zone, &date, end));
      return due;
    }

  /* Past midnight: 23:00 to 05:00. */
  if (minute >= start)
    {
      g_date_add_days (&date, 1);
      return MAX (due, local_time (zone, &date, end));
    }
  if (minute < end)
    return MAX (due, local_time (zone, &date, end));

  return due;
}

static gint64
start_of (LullRecord *record)
{
  return g_date_time_to_unix (lull_record_get_start (record));
}

/* Whether a session started in [@from, @to]. Records are oldest first. */
static gboolean
session_between (LullRecord * const *records,
                 guint               n_records,
                 gint64              from,
                 gint64              to)
{
  for (guint i = n_records; i > 0; i--)
    {
      gint64 start = start_of (records[i - 1]);

      if (start >= from && start <= to)
        return TRUE;
      /* A day's disorder at most (a session recorded further east). */
      if (start < from - 24 * 3600)
        break;
    }

  return FALSE;
}

static gboolean
earlier (const LullReminder *candidate,
         const LullReminder *best)
{
  return candidate->kind != LULL_REMINDER_NONE
         && (best->kind == LULL_REMINDER_NONE || candidate->due < best->due);
}

static LullReminder
next_interval (const LullReminderSettings *settings,
               GTimeZone                  *zone,
               LullRecord * const         *records,
               guint                       n_records,
               gint64                      after)
{
  gint64 interval = (gint64)lull_reminders_clamp_interval (settings->interval_minutes) * 60;
  gint64 last = G_MININT64, first_due;
  gint64 k = 0;

  for (guint i = 0; i < n_records; i++)
    last = MAX (last, start_of (records[i]));
  if (last == G_MININT64)
    return (LullReminder) { LULL_REMINDER_NONE, 0 };

  /* Then every interval again until a session starts. */
  first_due = last + interval;
  if (after >= first_due)
    k = MAX (0, (after - first_due) / interval - 1);
  for (guint guard = 0; guard < 4 * MINUTES_PER_DAY; guard++, k++)
    {
      gint64 due = hold (settings, zone, first_due + k * interval);

      if (due > after)
        return (LullReminder) { LULL_REMINDER_SESSION, due };
    }

  return (LullReminder) { LULL_REMINDER_NONE, 0 };
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  return *(const int *)a - *(const int *)b;
}

static LullReminder
next_times (const LullReminderSettings *settings,
            GTimeZone                  *zone,
            LullRecord * const         *records,
            guint                       n_records,
            gint64                      after)
{
  g_autofree int *times = g_memdup2 (settings->times, settings->n_times * sizeof (int));
  GDate day;

  if (settings->n_times == 0)
    return (LullReminder) { LULL_REMINDER_NONE, 0 };
  qsort (times, settings->n_times, sizeof (int), compare_ints);

  local_date (zone, after, &day, NULL);
  g_date_subtract_days (&day, 1);
  for (guint d = 0; d < DAYS_AHEAD + 2; d++, g_date_add_days (&day, 1))
    for (guint t = 0; t < settings->n_times; t++)
      {
        gint64 raw, due;

        if (times[t] < 0 || times[t] >= MINUTES_PER_DAY)
          continue;
        raw = local_time (zone, &day, times[t]);
        due = hold (settings, zone, raw);
        if (due <= after)
          continue;
        /* Just pumped: no need to be told. */
        if (session_between (records, n_records, raw - LULL_REMINDER_RECENT_MINUTES * 60, raw))
          continue;
        return (LullReminder) { LULL_REMINDER_SESSION, due };
      }

  return (LullReminder) { LULL_REMINDER_NONE, 0 };
}

static LullReminder
next_nudge (const LullReminderSettings *settings,
            GTimeZone                  *zone,
            LullRecord * const         *records,
            guint                       n_records,
            gint64                      after)
{
  GDate day;

  if (settings->nudge < 0 || settings->nudge >= MINUTES_PER_DAY)
    return (LullReminder) { LULL_REMINDER_NONE, 0 };

  local_date (zone, after, &day, NULL);
  g_date_subtract_days (&day, 1);
  for (guint d = 0; d < DAYS_AHEAD + 2; d++, g_date_add_days (&day, 1))
    {
      gint64 raw = local_time (zone, &day, settings->nudge);
      gint64 due = hold (settings, zone, raw);
      gint64 midnight = local_time (zone, &day, 0);

      if (due <= after)
        continue;
      /* Only a day with no session logged by then. */
      if (session_between (records, n_records, midnight, raw))
        continue;
      return (LullReminder) { LULL_REMINDER_NUDGE, due };
    }

  return (LullReminder) { LULL_REMINDER_NONE, 0 };
}

/**
 * lull_reminders_next:
 * @records: (array length=n_records): the history, oldest first
 * @now: the present, in the parent's time zone (only its zone is used)
 *
 * Returns: the next reminder; kind %LULL_REMINDER_NONE when there is none
 */
LullReminder
lull_reminders_next (const LullReminderSettings *settings,
                     LullRecord * const         *records,
                     guint                       n_records,
                     gint64                      after,
                     gint64                      snoozed_until,
                     GDateTime                  *now)
{
  GTimeZone *zone;
  LullReminder best = { LULL_REMINDER_NONE, 0 };
  LullReminder candidate;

  g_return_val_if_fail (settings != NULL, best);
  g_return_val_if_fail (records != NULL || n_records == 0, best);
  g_return_val_if_fail (now != NULL, best);

  zone = g_date_time_get_timezone (now);

  /* A snooze stands in for every reminder until it ends. */
  if (snoozed_until > after)
    return (LullReminder) { LULL_REMINDER_SNOOZED, hold (settings, zone, snoozed_until) };

  switch (settings->mode)
    {
    case LULL_REMINDER_MODE_INTERVAL:
      best = next_interval (settings, zone, records, n_records, after);
      break;

    case LULL_REMINDER_MODE_TIMES:
      best = next_times (settings, zone, records, n_records, after);
      break;

    case LULL_REMINDER_MODE_OFF:
    default:
      /* With reminders off, the nudge is off too. */
      return best;
    }

  candidate = next_nudge (settings, zone, records, n_records, after);
  if (earlier (&candidate, &best))
    best = candidate;

  return best;
}

/**
 * lull_reminders_due:
 * @n_due: (out): how many reminders came due after @handled, up to @now
 *
 * Returns: the latest reminder due by @now; kind %LULL_REMINDER_NONE when
 *   none came due
 */
LullReminder
lull_reminders_due (const LullReminderSettings *settings,
                    LullRecord * const         *records,
                    guint                       n_records,
                    gint64                      handled,
                    gint64                      snoozed_until,
                    GDateTime                  *now,
                    guint                      *n_due)
{
  gint64 now_unix = g_date_time_to_unix (now);
  LullReminder latest = { LULL_REMINDER_NONE, 0 };
  LullReminder next;
  guint count = 0;

  g_return_val_if_fail (n_due != NULL, latest);

  /* Reminders older than a week are long past being useful. */
  handled = MAX (handled, now_unix - (gint64)MISSED_WINDOW_DAYS * 24 * 3600);

  next = lull_reminders_next (settings, records, n_records, handled, snoozed_until, now);
  while (next.kind != LULL_REMINDER_NONE && next.due <= now_unix && count < MAX_COUNTED)
    {
      latest = next;
      count++;
      next = lull_reminders_next (settings, records, n_records, next.due, snoozed_until, now);
    }

  *n_due = count;
  return latest;
}
