/* lull-reminders.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "lull-record.h"

G_BEGIN_DECLS

/* When to remind the parent: pure arithmetic over the settings, the
 * history and the time, with no timers. The service (in the app) asks
 * for the next reminder after the last one it showed, arms one wake-up
 * for it, and asks again whenever it wakes, the clock is set, the machine
 * resumes, a session is saved or a setting changes: nothing is counted
 * down, so nothing goes stale. */

typedef enum
{
  LULL_REMINDER_MODE_OFF,
  LULL_REMINDER_MODE_INTERVAL,   /* every N minutes from the last session's start */
  LULL_REMINDER_MODE_TIMES,      /* at fixed local times of day */
} LullReminderMode;

#define LULL_REMINDER_INTERVAL_MIN   90
#define LULL_REMINDER_INTERVAL_MAX   480
#define LULL_REMINDER_INTERVAL_STEP  15
#define LULL_REMINDER_NO_TIME        (-1)
/* A fixed time needs no reminder when a session started this soon
 * before it. */
#define LULL_REMINDER_RECENT_MINUTES 30

typedef struct
{
  LullReminderMode mode;
  guint            interval_minutes;
  /* Minutes after local midnight, for LULL_REMINDER_MODE_TIMES. */
  const int       *times;
  guint            n_times;
  /* Quiet hours, minutes after midnight; both LULL_REMINDER_NO_TIME, or
   * equal, when there are none. They may run past midnight. */
  int              quiet_start;
  int              quiet_end;
  /* The daily nudge: at this time, only when no session was logged that
   * day; LULL_REMINDER_NO_TIME when off. */
  int              nudge;
} LullReminderSettings;

typedef enum
{
  LULL_REMINDER_NONE,
  LULL_REMINDER_SESSION,   /* a session is due */
  LULL_REMINDER_NUDGE,     /* no session yet today */
  LULL_REMINDER_SNOOZED,   /* a snoozed reminder, back */
} LullReminderKind;

typedef struct
{
  LullReminderKind kind;
  gint64           due;       /* Unix seconds; 0 when there is none */
} LullReminder;

/* "HH:MM" as minutes after midnight, or LULL_REMINDER_NO_TIME for an
 * empty or unreadable text. */
int      lull_reminders_parse_time    (const char                 *text);

/* The settings' interval brought into range and onto its 15-minute steps. */
guint    lull_reminders_clamp_interval (guint                      minutes);

/* The first reminder due strictly after @after (Unix seconds), held past
 * quiet hours, for @records (the history, oldest first) as they are at
 * @now, whose time zone is the parent's. @snoozed_until, when later than
 * @after, is the only reminder until then. */
LullReminder lull_reminders_next      (const LullReminderSettings *settings,
                                       LullRecord * const         *records,
                                       guint                       n_records,
                                       gint64                      after,
                                       gint64                      snoozed_until,
                                       GDateTime                  *now);

/* What to show when the service wakes at @now, the last reminder handled
 * being due at @handled: the latest reminder due by @now (kind NONE when
 * none is), and in @n_due how many came due since @handled, for one
 * "missed" notification rather than a flood after a suspend. */
LullReminder lull_reminders_due       (const LullReminderSettings *settings,
                                       LullRecord * const         *records,
                                       guint                       n_records,
                                       gint64                      handled,
                                       gint64                      snoozed_until,
                                       GDateTime                  *now,
                                       guint                      *n_due);

G_END_DECLS
