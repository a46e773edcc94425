/* test-reminders.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "lull-reminders.h"

/* Every time here is Berlin's, where summer time began on 29 March 2026
 * (02:00 became 03:00) and ended on 25 October 2026 (03:00 became
 * 02:00). */

static GTimeZone *berlin;

static GDateTime *
at (const char *local)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (local, berlin);

  g_assert_nonnull (time);
  return g_date_time_to_timezone (time, berlin);
}

static gint64
unix_at (const char *local)
{
  g_autoptr(GDateTime) time = at (local);

  return g_date_time_to_unix (time);
}

/* "2026-11-30T13:00:00" for a Unix time, in Berlin. */
static char *
local_text (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, berlin);

  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S");
}

static GPtrArray *
sessions (const char * const *starts)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; starts != NULL && starts[i] != NULL; i++)
    {
      g_autoptr(GDateTime) start = at (starts[i]);

      g_ptr_array_add (records, lull_record_new (start));
    }

  return records;
}

static LullReminderSettings
interval_settings (guint minutes)
{
  return (LullReminderSettings) {
    .mode = LULL_REMINDER_MODE_INTERVAL,
    .interval_minutes = minutes,
    .quiet_start = LULL_REMINDER_NO_TIME,
    .quiet_end = LULL_REMINDER_NO_TIME,
    .nudge = LULL_REMINDER_NO_TIME,
  };
}

/* The next reminder after @after, at @now, as local text; "none". */
static char *
next_text (const LullReminderSettings *settings,
           GPtrArray                  *records,
           const char                 *after,
           const char                 *snoozed_until,
           const char                 *now,
           LullReminderKind           *kind)
{
  g_autoptr(GDateTime) now_time = at (now);
  LullReminder next = lull_reminders_next (settings, (LullRecord * const *)records->pdata,
                                           records->len, unix_at (after),
                                           snoozed_until != NULL ? unix_at (snoozed_until) : 0,
                                           now_time);

  if (kind != NULL)
    *kind = next.kind;
  if (next.kind == LULL_REMINDER_NONE)
    return g_strdup ("none");
  return local_text (next.due);
}

static void
test_parse (void)
{
  g_assert_cmpint (lull_reminders_parse_time ("00:00"), ==, 0);
  g_assert_cmpint (lull_reminders_parse_time ("23:00"), ==, 23 * 60);
  g_assert_cmpint (lull_reminders_parse_time ("05:30"), ==, 330);
  g_assert_cmpint (lull_reminders_parse_time (""), ==, LULL_REMINDER_NO_TIME);
  g_assert_cmpint (lull_reminders_parse_time ("24:00"), ==, LULL_REMINDER_NO_TIME);
  g_assert_cmpint (lull_reminders_parse_time ("7:30"), ==, LULL_REMINDER_NO_TIME);
  g_assert_cmpint (lull_reminders_parse_time ("07:60"), ==, LULL_REMINDER_NO_TIME);
  g_assert_cmpint (lull_reminders_parse_time ("07:30x"), ==, LULL_REMINDER_NO_TIME);
  g_assert_cmpint (lull_reminders_parse_time (NULL), ==, LULL_REMINDER_NO_TIME);

  g_assert_cmpuint (lull_reminders_clamp_interval (180), ==, 180);
  g_assert_cmpuint (lull_reminders_clamp_interval (10), ==, 90);
  g_assert_cmpuint (lull_reminders_clamp_interval (1000), ==, 480);
  g_assert_cmpuint (lull_reminders_clamp_interval (188), ==, 195);
  g_assert_cmpuint (lull_reminders_clamp_interval (98), ==, 105);
}

static void
test_interval (void)
{
  LullReminderSettings settings = interval_settings (180);
  g_autoptr(GPtrArray) none = sessions (NULL);
  g_autoptr(GPtrArray) records = sessions ((const char *[]) { "2026-11-30T07:00:00",
                                                               "2026-11-30T10:00:00", NULL });
  g_autofree char *first = next_text (&settings, records, "2026-11-30T10:00:00", NULL,
                                      "2026-11-30T10:30:00", NULL);
  g_autofree char *again = next_text (&settings, records, "2026-11-30T13:00:00", NULL,
                                      "2026-11-30T13:00:01", NULL);
  g_autofree char *nothing = next_text (&settings, none, "2026-11-30T10:00:00", NULL,
                                        "2026-11-30T10:00:00", NULL);

  /* From the last session's start, then again each interval. */
  g_assert_cmpstr (first, ==, "2026-11-30T13:00:00");
  g_assert_cmpstr (again, ==, "2026-11-30T16:00:00");
  /* No session yet: nothing to count from. */
  g_assert_cmpstr (nothing, ==, "none");

  settings.mode = LULL_REMINDER_MODE_OFF;
  settings.nudge = 20 * 60;
  g_clear_pointer (&first, g_free);
  first = next_text (&settings, records, "2026-11-30T10:00:00", NULL, "2026-11-30T10:30:00",
                     NULL);
  g_assert_cmpstr (first, ==, "none");
}

/* A session started 2 h 59 min 55 s ago with a 3-hour interval is due in
 * 5 seconds. */
static void
test_due_soon (void)
{
  LullReminderSettings settings = interval_settings (180);
  g_autoptr(GPtrArray) records = sessions ((const char *[]) { "2026-11-30T09:00:05", NULL });
  g_autoptr(GDateTime) now = at ("2026-11-30T12:00:00");
  LullReminder next = lull_reminders_next (&settings, (LullRecord * const *)records->pdata,
                                           records->len, 0, 0, now);

  g_assert_cmpint (next.kind, ==, LULL_REMINDER_SESSION);
  g_assert_cmpint (next.due - g_date_time_to_unix (now), ==, 5);
}

static void
test_daylight_saving (void)
{
  LullReminderSettings settings = interval_settings (180);
  const int times[] = { 8 * 60 };
  g_autoptr(GPtrArray) records = sessions ((const char *[]) { "2026-03-29T00:30:00", NULL });
  g_autoptr(GPtrArray) autumn = sessions ((const char *[]) { "2026-10-25T01:00:00", NULL });
  g_autofree char *spring = next_text (&settings, records, "2026-03-29T00:30:00", NULL,
                                       "2026-03-29T01:00:00", NULL);
  g_autofree char *fall = NULL;
  g_autofree char *eight = NULL;

  /* Three real hours: 00:30 + 3 h is 04:30 once 02:00 became 03:00. */
  g_assert_cmpstr (spring, ==, "2026-03-29T04:30:00");
  g_assert_cmpint (unix_at ("2026-03-29T04:30:00") - unix_at ("2026-03-29T00:30:00"), ==,
                   3 * 3600);
  /* And 01:00 + 3 h is 03:00 when 03:00 became 02:00 again. */
  fall = next_text (&settings, autumn, "2026-10-25T01:00:00", NULL, "2026-10-25T01:00:00", NULL);
  g_assert_cmpstr (fall, ==, "2026-10-25T03:00:00");

  /* A fixed time stays on the wall clock across the change. */
  settings.mode = LULL_REMINDER_MODE_TIMES;
  settings.times = times;
  settings.n_times = G_N_ELEMENTS (times);
  eight = next_text (&settings, records, "2026-03-28T09:00:00", NULL, "2026-03-28T09:00:00",
                     NULL);
  g_assert_cmpstr (eight, ==, "2026-03-29T08:00:00");
}

static void
test_times (void)
{
  const int times[] = { 20 * 60, 8 * 60, 12 * 60 };
  LullReminderSettings settings = {
    .mode = LULL_REMINDER_MODE_TIMES,
    .times = times,
    .n_times = G_N_ELEMENTS (times),
    .quiet_start = LULL_REMINDER_NO_TIME,
    .quiet_end = LULL_REMINDER_NO_TIME,
    .nudge = LULL_REMINDER_NO_TIME,
  };
  g_autoptr(GPtrArray) none = sessions (NULL);
  g_autoptr(GPtrArray) just = sessions ((const char *[]) { "2026-11-30T11:45:00", NULL });
  g_autofree char *noon = next_text (&settings, none, "2026-11-30T09:00:00", NULL,
                                     "2026-11-30T09:00:00", NULL);
  g_autofree char *tomorrow = next_text (&settings, none, "2026-11-30T20:00:00", NULL,
                                         "2026-11-30T20:00:00", NULL);
  g_autofree char *skipped = next_text (&settings, just, "2026-11-30T11:50:00", NULL,
                                        "2026-11-30T11:50:00", NULL);

  g_assert_cmpstr (noon, ==, "2026-11-30T12:00:00");
  g_assert_cmpstr (tomorrow, ==, "2026-12-01T08:00:00");
  /* Pumped a quarter of an hour before noon: no need to be told at noon. */
  g_assert_cmpstr (skipped, ==, "2026-11-30T20:00:00");
}

static void
test_quiet_hours (void)
{
  LullReminderSettings settings = interval_settings (180);
  g_autoptr(GPtrArray) evening = sessions ((const char *[]) { "2026-11-30T21:30:00", NULL });
  g_autoptr(GPtrArray) late = sessions ((const char *[]) { "2026-12-01T01:00:00", NULL });
  g_autofree char *held = NULL;
  g_autofree char *held_after_midnight = NULL;
  g_autofree char *after_hold = NULL;
  g_autofree char *lunch = NULL;

  settings.quiet_start = 23 * 60;
  settings.quiet_end = 5 * 60;

  /* 00:30 falls in 23:00 to 05:00: held until 05:00. */
  held = next_text (&settings, evening, "2026-11-30T21:30:00", NULL, "2026-11-30T22:00:00",
                    NULL);
  g_assert_cmpstr (held, ==, "2026-12-01T05:00:00");
  held_after_midnight = next_text (&settings, late, "2026-12-01T01:00:00", NULL,
                                   "2026-12-01T01:00:00", NULL);
  g_assert_cmpstr (held_after_midnight, ==, "2026-12-01T05:00:00");
  /* Once shown at 05:00, the next is 06:30, 3 h after 03:30: the ones
   * held together were one. */
  after_hold = next_text (&settings, evening, "2026-12-01T05:00:00", NULL,
                          "2026-12-01T05:00:00", NULL);
  g_assert_cmpstr (after_hold, ==, "2026-12-01T06:30:00");

  /* Quiet hours within a day: 12:30 waits until 14:00. */
  settings.quiet_start = 12 * 60;
  settings.quiet_end = 14 * 60;
  lunch = next_text (&settings, evening, "2026-12-01T10:00:00", NULL, "2026-12-01T10:00:00",
                     NULL);
  g_assert_cmpstr (lunch, ==, "2026-12-01T14:00:00");
}

static void
test_nudge (void)
{
  LullReminderSettings settings = interval_settings (480);
  g_autoptr(GPtrArray) yesterday = sessions ((const char *[]) { "2026-11-29T06:00:00", NULL });
  g_autoptr(GPtrArray) today = sessions ((const char *[]) { "2026-11-29T06:00:00",
                                                             "2026-11-30T06:00:00", NULL });
  LullReminderKind kind;
  g_autofree char *nudge = NULL;
  g_autofree char *next = NULL;

  settings.nudge = 9 * 60;
  /* Nothing logged today: the nudge at 09:00 comes before the 14:00
   * interval. */
  nudge = next_text (&settings, yesterday, "2026-11-30T07:00:00", NULL, "2026-11-30T07:00:00",
                     &kind);
  g_assert_cmpstr (nudge, ==, "2026-11-30T09:00:00");
  g_assert_cmpint (kind, ==, LULL_REMINDER_NUDGE);

  /* A session today: no nudge; the interval's reminder at 14:00. */
  next = next_text (&settings, today, "2026-11-30T07:00:00", NULL, "2026-11-30T07:00:00", &kind);
  g_assert_cmpstr (next, ==, "2026-11-30T14:00:00");
  g_assert_cmpint (kind, ==, LULL_REMINDER_SESSION);
}

static void
test_snooze (void)
{
  LullReminderSettings settings = interval_settings (90);
  g_autoptr(GPtrArray) records = sessions ((const char *[]) { "2026-11-30T08:00:00", NULL });
  LullReminderKind kind;
  g_autofree char *snoozed = NULL;
  g_autofree char *after = NULL;

  /* Shown at 09:30, snoozed for 15 minutes. */
  snoozed = next_text (&settings, records, "2026-11-30T09:30:00", "2026-11-30T09:45:00",
                       "2026-11-30T09:31:00", &kind);
  g_assert_cmpstr (snoozed, ==, "2026-11-30T09:45:00");
  g_assert_cmpint (kind, ==, LULL_REMINDER_SNOOZED);

  /* After it, the interval goes on: 11:00. */
  after = next_text (&settings, records, "2026-11-30T09:45:00", "2026-11-30T09:45:00",
                     "2026-11-30T09:45:00", &kind);
  g_assert_cmpstr (after, ==, "2026-11-30T11:00:00");
  g_assert_cmpint (kind, ==, LULL_REMINDER_SESSION);
}

/* Asleep past several reminders: one "missed", the latest, when it wakes;
 * the clock set back or forward changes nothing but the arithmetic. */
static void
test_missed_and_clock_changes (void)
{
  LullReminderSettings settings = interval_settings (90);
  g_autoptr(GPtrArray) records = sessions ((const char *[]) { "2026-11-30T08:00:00", NULL });
  g_autoptr(GDateTime) woke = at ("2026-11-30T15:00:00");
  g_autoptr(GDateTime) back = at ("2026-11-30T09:00:00");
  g_autoptr(GDateTime) forward = at ("2026-11-30T12:40:00");
  g_autofree char *latest = NULL;
  LullReminder due;
  guint n_due;

  /* Shown at 09:30; asleep until 15:00: 11:00, 12:30 and 14:00 passed. */
  due = lull_reminders_due (&settings, (LullRecord * const *)records->pdata, records->len,
                            unix_at ("2026-11-30T09:30:00"), 0, woke, &n_due);
  g_assert_cmpuint (n_due, ==, 3);
  latest = local_text (due.due);
  g_assert_cmpstr (latest, ==, "2026-11-30T14:00:00");

  /* The clock set back to 09:00 after 09:30 was shown: nothing is due. */
  due = lull_reminders_due (&settings, (LullRecord * const *)records->pdata, records->len,
                            unix_at ("2026-11-30T09:30:00"), 0, back, &n_due);
  g_assert_cmpuint (n_due, ==, 0);
  g_assert_cmpint (due.kind, ==, LULL_REMINDER_NONE);

  /* Set forward to 12:40: 11:00 and 12:30 came due. */
  due = lull_reminders_due (&settings, (LullRecord * const *)records->pdata, records->len,
                            unix_at ("2026-11-30T09:30:00"), 0, forward, &n_due);
  g_assert_cmpuint (n_due, ==, 2);

  /* A session saved meanwhile starts the count again. */
  g_ptr_array_add (records, lull_record_new (forward));
  due = lull_reminders_due (&settings, (LullRecord * const *)records->pdata, records->len,
                            unix_at ("2026-11-30T09:30:00"), 0, woke, &n_due);
  g_assert_cmpuint (n_due, ==, 1);
  g_clear_pointer (&latest, g_free);
  latest = local_text (due.due);
  g_assert_cmpstr (latest, ==, "2026-11-30T14:10:00");

  /* A week asleep counts a week at most. */
  {
    g_autoptr(GDateTime) month_later = at ("2026-12-30T08:00:00");

    lull_reminders_due (&settings, (LullRecord * const *)records->pdata, records->len,
                        unix_at ("2026-11-30T09:30:00"), 0, month_later, &n_due);
    g_assert_cmpuint (n_due, <=, 7 * 24 * 60 / 90 + 1);
    g_assert_cmpuint (n_due, >, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_assert_nonnull (berlin);

  g_test_add_func ("/reminders/parse", test_parse);
  g_test_add_func ("/reminders/interval", test_interval);
  g_test_add_func ("/reminders/due-soon", test_due_soon);
  g_test_add_func ("/reminders/daylight-saving", test_daylight_saving);
  g_test_add_func ("/reminders/times", test_times);
  g_test_add_func ("/reminders/quiet-hours", test_quiet_hours);
  g_test_add_func ("/reminders/nudge", test_nudge);
  g_test_add_func ("/reminders/snooze", test_snooze);
  g_test_add_func ("/reminders/missed-and-clock-changes", test_missed_and_clock_changes);

  status = g_test_run ();
  g_time_zone_unref (berlin);
  return status;
}
