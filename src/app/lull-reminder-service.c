/* lull-reminder-service.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <libnotify/notify.h>
#include <stdio.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "lull-reminder-service.h"

/* g_timeout_add_seconds() counts on the monotonic clock, which stops
 * while the machine sleeps, so a reminder armed that way would come late
 * by the length of a suspend. The wake-up here is one absolute time on
 * CLOCK_REALTIME: it fires at the due time, also after a resume, and
 * TFD_TIMER_CANCEL_ON_SET wakes it when the clock is set by hand or by
 * NTP. Each wake-up works the schedule out again (LullReminders), from
 * the history and the settings and the reminder last handled. */

struct _LullReminderService
{
  GObject              parent_instance;

  GApplication        *application;   /* unowned: it owns this */
  GSettings           *settings;
  LullHistory         *history;
  LullClock           *clock;

  int                  timer_fd;
  guint                timer_source;
  guint                check_source;   /* a check after a burst of changes */
  gint64               next_due;
  gboolean             busy;

  NotifyNotification  *notification;  /* kept while it shows, or its actions are lost */

  guint                bench_left;    /* LULL_BENCH_REMINDERS: wake-ups still to time */
  gboolean             enabled;       /* reminder-mode, as last seen */
};

G_DEFINE_FINAL_TYPE (LullReminderService, lull_reminder_service, G_TYPE_OBJECT)

enum {
  BANNER,
  WITHDRAWN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule (LullReminderService *self);

/* --- Words --------------------------------------------------------------- */

void
lull_reminder_service_describe (LullReminderKind   kind,
                                guint              n_due,
                                char             **title,
                                char             **body)
{
  if (n_due > 1)
    {
      *title = g_strdup (_("Reminders Came While You Were Away"));
      *body = g_strdup_printf (ngettext ("%u reminder came while this computer was asleep or "
                                         "off. When you are ready, your routine is waiting.",
                                         "%u reminders came while this computer was asleep or "
                                         "off. When you are ready, your routine is waiting.",
                                         n_due),
                               n_due);
      return;
    }

  if (kind == LULL_REMINDER_NUDGE)
    {
      *title = g_strdup (_("A Gentle Nudge"));
      *body = g_strdup (_("No session is logged yet today. When you have a calm moment, your "
                          "routine is ready."));
      return;
    }

  *title = g_strdup (_("Time for a Session"));
  *body = g_strdup (_("When you are ready, your routine is waiting."));
}

/* --- Settings ------------------------------------------------------------ */

typedef struct
{
  LullReminderSettings  settings;
  GArray               *times;
} Schedule;

static void
schedule_clear (Schedule *schedule)
{
  g_clear_pointer (&schedule->times, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Schedule, schedule_clear)

static int
time_setting (GSettings  *settings,
              const char *key)
{
  g_autofree char *text = g_settings_get_string (settings, key);

  return lull_reminders_parse_time (text);
}

static void
read_schedule (LullReminderService *self,
               Schedule            *schedule)
{
  g_autofree char *mode = g_settings_get_string (self->settings, "reminder-mode");
  g_auto(GStrv) times = g_settings_get_strv (self->settings, "reminder-times");

  schedule->times = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; times[i] != NULL; i++)
    {
      int minute = lull_reminders_parse_time (times[i]);

      if (minute != LULL_REMINDER_NO_TIME)
        g_array_append_val (schedule->times, minute);
    }

  schedule->settings = (LullReminderSettings) {
    .mode = g_str_equal (mode, "interval") ? LULL_REMINDER_MODE_INTERVAL
            : g_str_equal (mode, "times") ? LULL_REMINDER_MODE_TIMES
            : LULL_REMINDER_MODE_OFF,
    .interval_minutes = (guint)g_settings_get_int (self->settings, "reminder-interval-minutes"),
    .times = (const int *)schedule->times->data,
    .n_times = schedule->times->len,
    .quiet_start = time_setting (self->settings, "quiet-hours-start"),
    .quiet_end = time_setting (self->settings, "quiet-hours-end"),
    .nudge = time_setting (self->settings, "daily-nudge-time"),
  };
}

/* The history as an array, oldest first. */
static GPtrArray *
records_of (LullReminderService *self)
{
  GListModel *records = lull_history_get_records (self->history);
  guint n = g_list_model_get_n_items (records);
  GPtrArray *array = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (array, g_list_model_get_item (records, i));

  return array;
}

gboolean
lull_reminder_service_get_enabled (LullReminderService *self)
{
  g_autofree char *mode = NULL;

  g_return_val_if_fail (LULL_IS_REMINDER_SERVICE (self), FALSE);

  mode = g_settings_get_string (self->settings, "reminder-mode");
  return !g_str_equal (mode, "off");
}

/* --- Showing ------------------------------------------------------------- */

static gboolean
notifications_ready (void)
{
  static int state;

  /* Once, with the application's id, so the server shows Lull's name. */
  if (state == 0)
    state = notify_init (APPLICATION_ID) ? 1 : -1;

  return state > 0;
}

static gboolean
server_has_actions (void)
{
  GList *caps = notify_get_server_caps ();
  gboolean actions = g_list_find_custom (caps, "actions", (GCompareFunc)g_strcmp0) != NULL;

  g_list_free_full (caps, g_free);
  return actions;
}

static void
on_start_action (NotifyNotification *notification,
                 char               *action,
                 gpointer            user_data)
{
  LullReminderService *self = user_data;

  g_action_group_activate_action (G_ACTION_GROUP (self->application),
                                  "start-reminded-session", NULL);
}

static void
on_snooze_action (NotifyNotification *notification,
                  char               *action,
                  gpointer            user_data)
{
  lull_reminder_service_snooze (user_data);
}

static void
on_default_action (NotifyNotification *notification,
                   char               *action,
                   gpointer            user_data)
{
  LullReminderService *self = user_data;

  /* The body opens Lull. */
  g_application_activate (self->application);
}

static void
on_closed (NotifyNotification  *notification,
           LullReminderService *self)
{
  /* Closing is no answer: the next reminder comes when it is due. */
  if (self->notification == notification)
    g_clear_object (&self->notification);
}

static gboolean
notify (LullReminderService *self,
        const char          *title,
        const char          *body)
{
  g_autoptr(GError) error = NULL;

  if (!notifications_ready ())
    return FALSE;

  if (self->notification == NULL)
    {
      self->notification = notify_notification_new (title, body, APPLICATION_ID);
      g_signal_connect (self->notification, "closed", G_CALLBACK (on_closed), self);
    }
  else
    {
      /* The same notification, updated: a reminder replaces the last
       * one, and they never stack. */
      notify_notification_update (self->notification, title, body, APPLICATION_ID);
      notify_notification_clear_actions (self->notification);
    }

  notify_notification_set_hint (self->notification, "desktop-entry",
                                g_variant_new_string (APPLICATION_ID));
  notify_notification_set_category (self->notification, "x-lull.reminder");
  notify_notification_add_action (self->notification, "default", _("Open Lull"),
                                  on_default_action, self, NULL);
  if (server_has_actions ())
    {
      notify_notification_add_action (self->notification, "start", _("Start Session"),
                                      on_start_action, self, NULL);
      notify_notification_add_action (self->notification, "snooze", _("Snooze"),
                                      on_snooze_action, self, NULL);
    }

  if (!notify_notification_show (self->notification, &error))
    {
      g_debug ("No notification: %s", error->message);
      g_clear_object (&self->notification);
      return FALSE;
    }

  return TRUE;
}

static void
show (LullReminderService *self,
      LullReminderKind     kind,
      guint                n_due)
{
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  lull_reminder_service_describe (kind, n_due, &title, &body);

  /* No server, or it failed: the window says the same, with the same
   * buttons. Nothing is lost and no error is shown. */
  if (!notify (self, title, body))
    g_signal_emit (self, signals[BANNER], 0, title, body);
}

void
lull_reminder_service_withdraw (LullReminderService *self)
{
  g_return_if_fail (LULL_IS_REMINDER_SERVICE (self));

  if (self->notification != NULL)
    {
      notify_notification_close (self->notification, NULL);
      g_clear_object (&self->notification);
    }
  g_signal_emit (self, signals[WITHDRAWN], 0);
}

/* --- The wake-up --------------------------------------------------------- */

static void
arm (LullReminderService *self,
     gint64               due)
{
  struct itimerspec spec = { 0 };

  self->next_due = due;
  if (self->timer_fd < 0)
    return;

  /* Zero disarms. */
  spec.it_value.tv_sec = due;
  if (timerfd_settime (self->timer_fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec,
                       NULL) < 0)
    g_warning ("Could not arm the reminder: %s", g_strerror (errno));
}

static void
check (LullReminderService *self)
{
  g_auto(Schedule) schedule = { 0 };
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GDateTime) now = NULL;
  gint64 handled = g_settings_get_int64 (self->settings, "reminder-handled");
  gint64 snoozed = g_settings_get_int64 (self->settings, "reminder-snoozed-until");
  LullReminder due, next;
  guint n_due = 0;

  /* The whole history first: its last session sets the interval. */
  if (lull_history_get_loading (self->history))
    return;

  read_schedule (self, &schedule);
  if (schedule.settings.mode == LULL_REMINDER_MODE_OFF)
    {
      arm (self, 0);
      return;
    }

  records = records_of (self);
  now = lull_clock_get_now (self->clock);
  due = lull_reminders_due (&schedule.settings, (LullRecord * const *)records->pdata,
                            records->len, handled, snoozed, now, &n_due);
  if (due.kind != LULL_REMINDER_NONE)
    {
      handled = due.due;
      g_settings_set_int64 (self->settings, "reminder-handled", handled);
      if (snoozed != 0 && snoozed <= handled)
        g_settings_set_int64 (self->settings, "reminder-snoozed-until", snoozed = 0);
      if (!self->busy)
        show (self, due.kind, n_due);
    }

  next = lull_reminders_next (&schedule.settings, (LullRecord * const *)records->pdata,
                              records->len, MAX (handled, g_date_time_to_unix (now)), snoozed,
                              now);
  arm (self, next.kind != LULL_REMINDER_NONE ? next.due : 0);
}

/* tests/bench/reminders.py sets LULL_BENCH_REMINDERS=N: N wake-ups, each
 * armed BENCH_REMINDER_SECONDS ahead by the same timerfd as a reminder,
 * print how late they came (`reminder-late-ms MS`, from the due second to
 * the callback), and Lull quits. The schedule is left alone meanwhile. */
#define BENCH_REMINDERS_ENV     "LULL_BENCH_REMINDERS"
#define BENCH_REMINDER_SECONDS  2

static void
bench_arm_next (LullReminderService *self)
{
  arm (self, g_get_real_time () / G_USEC_PER_SEC + BENCH_REMINDER_SECONDS);
}

static void
bench_woke (LullReminderService *self)
{
  g_print ("reminder-late-ms %.3f\n",
           (g_get_real_time () - self->next_due * G_USEC_PER_SEC) / 1000.0);
  fflush (stdout);
  if (--self->bench_left > 0)
    bench_arm_next (self);
  else
    g_application_quit (self->application);
}

static gboolean
on_timer (int           fd,
          GIOCondition  condition,
          gpointer      user_data)
{
  LullReminderService *self = user_data;
  guint64 expirations;

  /* ECANCELED: the clock was set. Either way, work it out again. */
  if (read (fd, &expirations, sizeof expirations) < 0 && errno != ECANCELED && errno != EAGAIN)
    g_debug ("Reminder timer: %s", g_strerror (errno));

  if (self->bench_left > 0)
    bench_woke (self);
  else
    check (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
check_later (gpointer user_data)
{
  LullReminderService *self = user_data;

  self->check_source = 0;
  check (self);
  return G_SOURCE_REMOVE;
}

/* Once after a burst of changes: an import adds a month at a time. */
static void
schedule (LullReminderService *self)
{
  if (self->bench_left > 0)
    return;
  if (self->check_source == 0)
    self->check_source = g_idle_add (check_later, self);
}

void
lull_reminder_service_set_busy (LullReminderService *self,
                                gboolean             busy)
{
  g_return_if_fail (LULL_IS_REMINDER_SERVICE (self));

  self->busy = busy;
  /* A session is the answer: to the reminder shown, and to a snooze. */
  if (busy)
    {
      lull_reminder_service_withdraw (self);
      if (g_settings_get_int64 (self->settings, "reminder-snoozed-until") != 0)
        g_settings_set_int64 (self->settings, "reminder-snoozed-until", 0);
    }
}

void
lull_reminder_service_snooze (LullReminderService *self)
{
  g_autoptr(GDateTime) now = NULL;
  int minutes;

  g_return_if_fail (LULL_IS_REMINDER_SERVICE (self));

  now = lull_clock_get_now (self->clock);
  minutes = g_settings_get_int (self->settings, "snooze-minutes");
  /* The choices offered are 10, 15 and 30. */
  minutes = minutes <= 10 ? 10 : minutes <= 15 ? 15 : 30;
  lull_reminder_service_withdraw (self);
  g_settings_set_int64 (self->settings, "reminder-snoozed-until",
                        g_date_time_to_unix (now) + minutes * 60);
  schedule (self);
}

gint64
lull_reminder_service_get_next_due (LullReminderService *self)
{
  g_return_val_if_fail (LULL_IS_REMINDER_SERVICE (self), 0);

  return self->next_due;
}

/* --- The object ---------------------------------------------------------- */

static void
on_setting_changed (GSettings           *settings,
                    const char          *key,
                    LullReminderService *self)
{
  /* Its own bookkeeping changes nothing. */
  if (g_str_equal (key, "reminder-handled"))
    return;

  if (g_str_equal (key, "reminder-mode"))
    {
      gboolean enabled = lull_reminder_service_get_enabled (self);

      /* Turned on: from now on. What fell due before is not "missed". */
      if (enabled && !self->enabled)
        {
          g_autoptr(GDateTime) now = lull_clock_get_now (self->clock);

          g_settings_set_int64 (self->settings, "reminder-handled", g_date_time_to_unix (now));
        }
      if (!enabled)
        lull_reminder_service_withdraw (self);
      self->enabled = enabled;
    }
  schedule (self);
}

static void
on_history_changed (LullReminderService *self)
{
  schedule (self);
}

static void
lull_reminder_service_dispose (GObject *object)
{
  LullReminderService *self = LULL_REMINDER_SERVICE (object);

  g_clear_handle_id (&self->timer_source, g_source_remove);
  g_clear_handle_id (&self->check_source, g_source_remove);
  if (self->timer_fd >= 0)
    {
      close (self->timer_fd);
      self->timer_fd = -1;
    }
  if (self->notification != NULL)
    g_signal_handlers_disconnect_by_data (self->notification, self);
  g_clear_object (&self->notification);
  g_clear_object (&self->settings);
  g_clear_object (&self->history);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (lull_reminder_service_parent_class)->dispose (object);
}

static void
lull_reminder_service_class_init (LullReminderServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lull_reminder_service_dispose;

  /**
   * LullReminderService::banner:
   * @title: the reminder's title
   * @body: its words
   *
   * A reminder came due and no notification could show it: the window
   * shows it, with Start Session and Snooze.
   */
  signals[BANNER] = g_signal_new ("banner", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * LullReminderService::withdrawn:
   *
   * The reminder shown is answered or outdated: the banner goes.
   */
  signals[WITHDRAWN] = g_signal_new ("withdrawn", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lull_reminder_service_init (LullReminderService *self)
{
  self->timer_fd = -1;
}

LullReminderService *
lull_reminder_service_new (GApplication *application,
                           GSettings    *settings,
                           LullHistory  *history,
                           LullClock    *clock)
{
  LullReminderService *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (LULL_IS_HISTORY (history), NULL);
  g_return_val_if_fail (LULL_IS_CLOCK (clock), NULL);

  self = g_object_new (LULL_TYPE_REMINDER_SERVICE, NULL);
  self->application = application;
  self->settings = g_object_ref (settings);
  self->history = g_object_ref (history);
  self->clock = g_object_ref (clock);
  self->enabled = lull_reminder_service_get_enabled (self);

  self->timer_fd = timerfd_create (CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
  if (self->timer_fd < 0)
    g_warning ("No reminder timer: %s", g_strerror (errno));
  else
    self->timer_source = g_unix_fd_add (self->timer_fd, G_IO_IN, on_timer, self);

  if (g_getenv (BENCH_REMINDERS_ENV) != NULL)
    {
      self->bench_left = (guint)MAX (1, g_ascii_strtoll (g_getenv (BENCH_REMINDERS_ENV), NULL, 10));
      bench_arm_next (self);
    }

  g_signal_connect_object (settings, "changed", G_CALLBACK (on_setting_changed), self, 0);
  g_signal_connect_object (lull_history_get_records (history), "items-changed",
                           G_CALLBACK (on_history_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (history, "notify::loading", G_CALLBACK (on_history_changed), self,
                           G_CONNECT_SWAPPED);
  schedule (self);

  return self;
}
