/* lull-reminder-service.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lull-clock.h"
#include "lull-history.h"
#include "lull-reminders.h"

G_BEGIN_DECLS

#define LULL_TYPE_REMINDER_SERVICE (lull_reminder_service_get_type ())

G_DECLARE_FINAL_TYPE (LullReminderService, lull_reminder_service, LULL, REMINDER_SERVICE, GObject)

/* Reminders on time: one wake-up armed at the next reminder's wall-clock
 * time (a timerfd on CLOCK_REALTIME, absolute, cancelled when the clock is
 * set), so that a suspend or a clock change wakes it at once to work the
 * schedule out again from the history and the settings. Between
 * reminders it does not wake. It shows a reminder through libnotify, with
 * Start Session and Snooze when the server has actions; with no server,
 * or when showing fails, it emits ::banner for the window to show the
 * same in the app. */
LullReminderService *lull_reminder_service_new          (GApplication        *application,
                                                         GSettings           *settings,
                                                         LullHistory         *history,
                                                         LullClock           *clock);

/* Whether reminders are on (the reminder-mode setting). */
gboolean             lull_reminder_service_get_enabled  (LullReminderService *self);
/* While a session runs, a reminder that comes due is let go silently. */
void                 lull_reminder_service_set_busy     (LullReminderService *self,
                                                         gboolean             busy);
/* Puts the reminder off for the snooze-minutes setting. */
void                 lull_reminder_service_snooze       (LullReminderService *self);
/* Clears the reminder shown, in the notification and the banner. */
void                 lull_reminder_service_withdraw     (LullReminderService *self);
/* The next reminder's due time, Unix seconds; 0 when none is armed. */
gint64               lull_reminder_service_get_next_due (LullReminderService *self);

/* The words of a reminder, for the notification and the banner. */
void                 lull_reminder_service_describe     (LullReminderKind     kind,
                                                         guint                n_due,
                                                         char               **title,
                                                         char               **body);

G_END_DECLS
