/* lull-window.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lull-checkpoint.h"
#include "lull-first-frame.h"
#include "lull-home-page.h"
#include "lull-log-page.h"
#include "lull-reminder-service.h"
#include "lull-routine-transfer.h"
#include "lull-session-page.h"
#include "lull-session-runner.h"
#include "lull-stats.h"
#include "lull-toast.h"
#include "lull-window.h"

/* The main window: home, the running session and the log, one at a time.
 * The session's life (checkpoint, idle inhibition, sound) is its
 * LullSessionRunner's; the window switches pages on its signals and asks
 * the parent the questions (resume, discard, quit). */

#define RECENT_PLACES 4

struct _LullWindow
{
  AdwApplicationWindow  parent_instance;

  LullApplication      *application;
  LullSessionRunner    *runner;

  gboolean              quit_confirmed;
  gboolean              milestones_ready;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  LullHomePage         *home_page;
  LullSessionPage      *session_page;
  LullLogPage          *log_page;
  GtkRevealer          *reminder_revealer;
  GtkLabel             *reminder_title;
  GtkLabel             *reminder_body;
  GtkWidget            *reminder_start_button;
  GtkLabel             *session_badge;

  /* Notices since the parent last dismissed one, gathered in one toast so
   * that none waits hidden behind another. */
  GPtrArray            *notices;
  AdwToast             *notice_toast;
};

G_DEFINE_FINAL_TYPE (LullWindow, lull_window, ADW_TYPE_APPLICATION_WINDOW)

static void show_home (LullWindow *self);

/* GtkWindow:application is not a construct property, so the settings are
 * bound once the window has its application. */
static void
bind_settings (LullWindow *self,
               GSettings  *settings)
{
  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  lull_session_page_bind_settings (self->session_page, settings);
}

static GSettings *
get_settings (LullWindow *self)
{
  return lull_application_get_settings (self->application);
}

/* Milestones: each is told once, as a kind toast, and remembered in the
 * "milestones-shown" setting so that it never comes again. Those reached
 * before Lull knew of them (the history as it loads) are only remembered. */
static const struct
{
  LullStatsMilestones  milestone;
  const char          *name;
  const char          *toast;
} milestones[] = {
  { LULL_STATS_MILESTONE_FIRST_SESSION, "first-session",
    N_("Your first session with Lull is saved. Well done for making time for it.") },
  { LULL_STATS_MILESTONE_STREAK_WEEK, "streak-week",
    N_("A whole week of sessions. Your routine is taking root.") },
  { LULL_STATS_MILESTONE_TEN_AUDIO_SESSIONS, "ten-audio-sessions",
    N_("Ten sessions with guided audio. Listening often helps more with practice.") },
  { LULL_STATS_MILESTONE_LETDOWN_UNDER_2_MIN, "letdown-under-2-minutes",
    N_("Let-down came within two minutes. Your body is learning the cues.") },
};

static void
show_new_milestones (LullWindow          *self,
                     LullStatsMilestones  reached)
{
  LullHistory *history = lull_application_get_history (self->application);
  g_auto(GStrv) shown = g_settings_get_strv (get_settings (self), "milestones-shown");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) remembered = NULL;
  gboolean quiet = !self->milestones_ready || lull_history_get_loading (history);
  const char *toast = NULL;
  gboolean changed = FALSE;

  g_strv_builder_addv (builder, (const char **)shown);
  for (guint i = 0; i < G_N_ELEMENTS (milestones); i++)
    {
      if (!(reached & milestones[i].milestone)
          || g_strv_contains ((const char * const *)shown, milestones[i].name))
        continue;

      g_strv_builder_add (builder, milestones[i].name);
      changed = TRUE;
      /* One toast at a time, never a pile of them. */
      if (!quiet && toast == NULL)
        toast = _(milestones[i].toast);
    }

  if (!lull_history_get_loading (history))
    self->milestones_ready = TRUE;
  if (!changed)
    return;

  remembered = g_strv_builder_end (builder);
  g_settings_set_strv (get_settings (self), "milestones-shown", (const char * const *)remembered);
  if (toast != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, lull_toast_new (toast));
}

static void
update_today (LullWindow *self)
{
  LullHistory *history = lull_application_get_history (self->application);
  GListModel *records = lull_history_get_records (history);
  g_autoptr(GDateTime) now = lull_clock_get_now (lull_application_get_clock (self->application));
  g_autoptr(GPtrArray) collected = lull_stats_collect (records);
  guint goal = (guint)g_settings_get_int (get_settings (self), "daily-goal");
  g_autoptr(LullStatsSummary) summary =
    lull_stats_summary_new ((LullRecord * const *)collected->pdata, collected->len, goal, now);

  lull_home_page_set_summary (self->home_page, summary, collected->len);
  show_new_milestones (self, summary->milestones);
}

static void
fill_routines (LullWindow *self)
{
  GListModel *routines = lull_application_get_routines (self->application);
  g_autoptr(LullRoutine) chosen = lull_home_page_dup_selected (self->home_page);
  g_autofree char *last = g_settings_get_string (get_settings (self), "last-routine");

  /* After an edit, an import or a deletion, the routine chosen stays
   * chosen while it is there. */
  lull_home_page_set_routines (self->home_page, routines,
                               chosen != NULL ? lull_routine_get_id (chosen) : last);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start-session",
                                 g_list_model_get_n_items (routines) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start-guest-session",
                                 g_list_model_get_n_items (routines) > 0);
}

static void
show_log (LullWindow *self)
{
  GListModel *records = lull_history_get_records (lull_application_get_history (self->application));
  LullRecord *record = lull_session_runner_get_record (self->runner);
  g_autoptr(GPtrArray) places = g_ptr_array_new ();
  g_autofree char *unit = g_settings_get_string (get_settings (self), "volume-unit");

  /* The last few places, newest first, each once. */
  for (guint i = g_list_model_get_n_items (records); i > 0 && places->len < RECENT_PLACES; i--)
    {
      g_autoptr(LullRecord) earlier = g_list_model_get_item (records, i - 1);
      const char *place = lull_record_get_place (earlier);
      gboolean seen = FALSE;

      if (place == NULL)
        continue;
      for (guint j = 0; j < places->len && !seen; j++)
        seen = g_str_equal (g_ptr_array_index (places, j), place);
      if (!seen)
        g_ptr_array_add (places, (gpointer)place);
    }
  g_ptr_array_add (places, NULL);

  lull_log_page_set_hide_amounts (self->log_page,
                                  g_settings_get_boolean (get_settings (self), "hide-amounts"));
  lull_log_page_load (self->log_page, record, g_str_equal (unit, "us-fl-oz"),
                      (const char * const *)places->pdata);

  adw_window_title_set_subtitle (self->window_title, _("Log the session"));
  gtk_stack_set_visible_child_name (self->stack, "log");
  gtk_window_set_default_widget (GTK_WINDOW (self), lull_log_page_get_save_button (self->log_page));
  lull_log_page_focus_primary (self->log_page);
}

/* --- Reminders ----------------------------------------------------------- */

/* The banner's buttons: the notification's own. */
static void
reminder_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LullWindow *self = LULL_WINDOW (widget);
  LullReminderService *reminders = lull_application_get_reminders (self->application);

  lull_window_hide_reminder (self);
  if (g_str_equal (action_name, "win.reminder-snooze"))
    lull_reminder_service_snooze (reminders);
  else
    g_action_group_activate_action (G_ACTION_GROUP (self->application),
                                    "start-reminded-session", NULL);
}

/**
 * lull_window_show_reminder:
 *
 * Shows a reminder in the banner at the top of the window, with Start
 * Session (which takes the focus) and Snooze: when no notification could.
 */
void
lull_window_show_reminder (LullWindow *self,
                           const char *title,
                           const char *body)
{
  g_return_if_fail (LULL_IS_WINDOW (self));

  gtk_label_set_text (self->reminder_title, title);
  gtk_label_set_text (self->reminder_body, body);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_revealer_get_child (self->reminder_revealer)),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, body,
                                  -1);
  /* Hidden, not only folded away: a screen reader (and the tests) would
   * find a second Start Session. */
  gtk_widget_set_visible (GTK_WIDGET (self->reminder_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->reminder_revealer, TRUE);
  /* Not over a session: one is running, and that is the answer. */
  if (self->runner == NULL || lull_session_runner_get_session (self->runner) == NULL)
    gtk_widget_grab_focus (self->reminder_start_button);
}

void
lull_window_hide_reminder (LullWindow *self)
{
  g_return_if_fail (LULL_IS_WINDOW (self));

  gtk_revealer_set_reveal_child (self->reminder_revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->reminder_revealer), FALSE);
}

/* --- Demonstrations and guest sessions ---------------------------------- */

/* The badge says what the running session is, or, between sessions, what
 * the next will be: a demonstration while that mode is on. */
static void
update_session_badge (LullWindow *self)
{
  LullSessionKind kind = LULL_SESSION_KIND_NORMAL;
  double speed = lull_application_get_demo_speed (self->application);
  g_autofree char *text = NULL;

  if (self->runner != NULL && lull_session_runner_get_session (self->runner) != NULL)
    kind = lull_session_runner_get_kind (self->runner);
  else if (speed > 0)
    kind = LULL_SESSION_KIND_DEMO;

  if (kind == LULL_SESSION_KIND_DEMO)
    {
      if (self->runner != NULL && lull_session_runner_get_session (self->runner) != NULL)
        speed = lull_session_runner_get_speed (self->runner);
      /* Translators: the badge in the header; %g is the speed, such as 10 */
      text = g_strdup_printf (_("Demonstration · %g×"), speed);
    }
  else if (kind == LULL_SESSION_KIND_GUEST)
    text = g_strdup (_("Guest Session · Nothing Is Saved"));

  gtk_widget_set_visible (GTK_WIDGET (self->session_badge), text != NULL);
  gtk_label_set_text (self->session_badge, text != NULL ? text : "");
}

static void
on_demo_state_changed (GActionGroup *group,
                       const char   *action_name,
                       GVariant     *state,
                       LullWindow   *self)
{
  update_session_badge (self);
}

static void
start_guest_session (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LullWindow *self = LULL_WINDOW (widget);
  g_autoptr(LullRoutine) routine = lull_home_page_dup_selected (self->home_page);

  if (routine != NULL)
    lull_session_runner_start_full (self->runner, routine, LULL_SESSION_KIND_GUEST, 1);
}

static void
on_runner_started (LullSessionRunner *runner,
                   LullWindow        *self)
{
  LullSession *session = lull_session_runner_get_session (runner);

  /* A session is the answer to a reminder; a demonstration or a guest
   * session is not the parent's, and leaves her reminders alone. */
  if (lull_session_runner_get_kind (runner) == LULL_SESSION_KIND_NORMAL)
    {
      lull_window_hide_reminder (self);
      lull_reminder_service_set_busy (lull_application_get_reminders (self->application), TRUE);
    }

  lull_session_page_set_session (self->session_page, session);
  adw_window_title_set_subtitle (self->window_title,
                                 lull_routine_get_name (lull_session_get_routine (session)));
  gtk_window_set_default_widget (GTK_WINDOW (self), NULL);
  gtk_stack_set_visible_child_name (self->stack, "session");
  lull_session_page_focus_primary (self->session_page);
  update_session_badge (self);
}

static void
on_runner_finished (LullSessionRunner *runner,
                    LullWindow        *self)
{
  LullSessionKind kind = lull_session_runner_get_kind (runner);
  AdwToast *toast;

  if (kind == LULL_SESSION_KIND_NORMAL)
    {
      show_log (self);
      return;
    }

  /* Nothing to log: neither kind keeps anything. */
  lull_session_runner_discard (runner);
  toast = lull_toast_new (kind == LULL_SESSION_KIND_DEMO
                          ? _("The demonstration is over. Nothing was saved.")
                          : _("Your guest session is over. Nothing was saved on this computer."));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_runner_ended (LullSessionRunner *runner,
                 LullWindow        *self)
{
  lull_session_page_set_session (self->session_page, NULL);
  lull_reminder_service_set_busy (lull_application_get_reminders (self->application), FALSE);
  show_home (self);
  update_session_badge (self);
}

static void
on_runner_notice (LullSessionRunner *runner,
                  const char        *message,
                  LullWindow        *self)
{
  lull_window_show_notice (self, message);
}

/* Answers typed on the log page go into the checkpoint with the session. */
static void
on_runner_saving (LullSessionRunner *runner,
                  LullWindow        *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "log") == 0)
    lull_log_page_store (self->log_page, lull_session_runner_get_record (runner));
}

static void
start_session (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LullWindow *self = LULL_WINDOW (widget);
  g_autoptr(LullRoutine) routine = lull_home_page_dup_selected (self->home_page);

  if (routine != NULL)
    lull_window_start_session (self, routine);
}

static void on_log_save (LullWindow *self);

static void
on_save_error_response (AdwMessageDialog *dialog,
                        const char       *response,
                        LullWindow       *self)
{
  if (g_str_equal (response, "retry"))
    on_log_save (self);
}

static void
on_log_save (LullWindow *self)
{
  LullRecord *record = lull_session_runner_get_record (self->runner);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  if (record == NULL)
    return;

  lull_log_page_store (self->log_page, record);

  if (!lull_session_runner_check_record (self->runner, &error))
    {
      AdwToast *toast = lull_toast_new (error->message);

      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }

  if (lull_session_runner_save (self->runner, &error))
    {
      AdwToast *toast = lull_toast_new (_("Session saved. Well done."));

      /* Above any notice still waiting to be dismissed. */
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }

  /* Nothing is lost: the answers stay on the page, in memory and in the
   * checkpoint, and the parent can try again. */
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("The Session Is Not Saved Yet"),
                                                       error->message));
  adw_message_dialog_add_responses (dialog,
                                    "close", _("Not Now"),
                                    "retry", _("Try Again"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "retry", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "retry");
  adw_message_dialog_set_close_response (dialog, "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_error_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void present_recovery (LullWindow *self);

static void
on_discard_response (AdwMessageDialog *dialog,
                     const char       *response,
                     LullWindow       *self)
{
  if (g_str_equal (response, "discard"))
    lull_session_runner_discard (self->runner);
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "log") != 0)
    /* Asked from the recovery question: ask that again. */
    present_recovery (self);
}

/* Discarding is the one thing that cannot be undone, so it is always
 * asked about once more, with keeping it as the default. */
static void
confirm_discard (LullWindow *self)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Discard This Session?"),
                                                       _("Its times and let‑downs will not be "
                                                         "kept.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("Keep It"),
                                    "discard", _("Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_log_discard (LullWindow *self)
{
  confirm_discard (self);
}

static void
show_home (LullWindow *self)
{
  adw_window_title_set_subtitle (self->window_title, NULL);
  gtk_window_set_default_widget (GTK_WINDOW (self), NULL);
  gtk_stack_set_visible_child_name (self->stack, "home");
  update_today (self);
  lull_home_page_focus_primary (self->home_page);
}

static void
on_recovery_response (AdwMessageDialog *dialog,
                      const char       *response,
                      LullWindow       *self)
{
  LullSession *session = lull_session_runner_get_session (self->runner);

  if (g_str_equal (response, "resume"))
    lull_session_runner_resume (self->runner, TRUE);
  else if (g_str_equal (response, "log"))
    {
      lull_session_runner_resume (self->runner, FALSE);
      if (lull_session_get_state (session) != LULL_SESSION_STATE_FINISHED)
        lull_session_finish (session);
    }
  else
    confirm_discard (self);
}

static void
offer_recovery (LullWindow *self)
{
  g_autofree char *notice = NULL;

  if (lull_session_runner_recover (self->runner, &notice))
    present_recovery (self);
  else if (notice != NULL)
    lull_window_show_notice (self, notice);
}

static void
present_recovery (LullWindow *self)
{
  LullSession *session = lull_session_runner_get_session (self->runner);
  g_autofree char *when = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *body = NULL;
  g_autofree char *letdowns = NULL;
  GDateTime *start;
  AdwMessageDialog *dialog;
  gboolean finished = lull_session_get_state (session) == LULL_SESSION_STATE_FINISHED;

  start = lull_session_get_start_time (session);
  when = g_date_time_format (start, "%H:%M");
  duration = lull_format_duration (lull_session_get_pump_seconds (session));
  letdowns = g_strdup_printf (ngettext ("%u let‑down", "%u let‑downs",
                                        lull_session_get_letdowns (session)->len),
                              lull_session_get_letdowns (session)->len);
  /* Translators: “A session started at 10:15 was not finished: 12:30 of pumping, 2 let-downs.” */
  if (finished)
    /* Translators: “A session started at 10:15 was not logged yet: 12:30 of pumping, 2 let-downs.” */
    body = g_strdup_printf (_("A session started at %s was not logged yet: %s of pumping, %s."),
                            when, duration, letdowns);
  else
    body = g_strdup_printf (_("A session started at %s was not finished: %s of pumping, %s."),
                            when, duration, letdowns);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Welcome Back"), body));
  adw_message_dialog_add_response (dialog, "discard", _("Discard"));
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_add_response (dialog, "log", _("Log It"));
  if (!finished)
    {
      adw_message_dialog_add_response (dialog, "resume", _("Resume"));
      adw_message_dialog_set_response_appearance (dialog, "resume", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "resume");
    }
  else
    {
      adw_message_dialog_set_response_appearance (dialog, "log", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "log");
    }
  adw_message_dialog_set_close_response (dialog, finished ? "log" : "resume");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_recovery_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_notices (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LullWindow *self = LULL_WINDOW (widget);
  g_autofree const char **messages = g_variant_get_strv (parameter, NULL);
  g_autofree char *body = g_strjoinv ("\n\n", (char **)messages);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("What Lull Found"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_notice_toast_dismissed (AdwToast   *toast,
                           LullWindow *self)
{
  self->notice_toast = NULL;
  g_ptr_array_set_size (self->notices, 0);
}

/* One toast for every notice not yet dismissed: the message itself when
 * there is one, otherwise a count and Details, which lists them. A toast
 * on show is changed in place: libadwaita 1.2 can crash when a toast is
 * dismissed while it is still sliding in and another is added. */
static void
update_notice_toast (LullWindow *self)
{
  AdwToast *toast = self->notice_toast;
  g_autofree char *title = NULL;

  if (self->notices->len == 0)
    return;

  if (toast == NULL)
    {
      toast = adw_toast_new ("");
      adw_toast_set_timeout (toast, 0);
      g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_notice_toast_dismissed),
                               self, 0);
    }

  if (self->notices->len == 1)
    title = g_strdup (g_ptr_array_index (self->notices, 0));
  else
    {
      title = g_strdup_printf (ngettext ("Lull found %u thing to tell you about.",
                                         "Lull found %u things to tell you about.",
                                         self->notices->len),
                               self->notices->len);
      adw_toast_set_button_label (toast, _("Details"));
      adw_toast_set_action_name (toast, "win.show-notices");
    }

  /* The list as it is now goes with the button. */
  g_ptr_array_add (self->notices, NULL);
  adw_toast_set_action_target_value (toast,
                                     g_variant_new_strv ((const char * const *)self->notices->pdata,
                                                         -1));
  g_ptr_array_remove_index (self->notices, self->notices->len - 1);

  lull_toast_set_text (toast, title);

  if (self->notice_toast == NULL)
    {
      self->notice_toast = toast;
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

static void
on_quit_response (AdwMessageDialog *dialog,
                  const char       *response,
                  LullWindow       *self)
{
  if (!g_str_equal (response, "quit"))
    return;

  self->quit_confirmed = TRUE;
  /* The dialog goes away after this handler, from an idle; by then the
   * window may be gone, so it must no longer point at it. */
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  if (g_object_get_data (G_OBJECT (dialog), "quit-app") != NULL)
    g_application_quit (G_APPLICATION (self->application));
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* Leaving mid-session loses nothing (the checkpoint is offered back next
 * time), but a slip of Ctrl+Q must not end a session without a word. */
static gboolean
ask_before_leaving (LullWindow *self,
                    gboolean    quit_app)
{
  AdwMessageDialog *dialog;

  LullSessionKind kind;

  /* A demonstration has nothing to lose. */
  if (lull_session_runner_get_session (self->runner) == NULL || self->quit_confirmed
      || (kind = lull_session_runner_get_kind (self->runner)) == LULL_SESSION_KIND_DEMO)
    return FALSE;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Quit During a Session?"),
                                                       kind == LULL_SESSION_KIND_GUEST
                                                       ? _("This is a guest session, so nothing "
                                                           "of it is kept.")
                                                       : _("Your session is kept. Lull will offer "
                                                           "it to you next time, to go on or to "
                                                           "log it.")));
  adw_message_dialog_add_responses (dialog,
                                    "stay", _("Stay"),
                                    "quit", _("Quit"),
                                    NULL);
  adw_message_dialog_set_default_response (dialog, "stay");
  adw_message_dialog_set_close_response (dialog, "stay");
  if (quit_app)
    g_object_set_data (G_OBJECT (dialog), "quit-app", GINT_TO_POINTER (TRUE));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_quit_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

static gboolean
lull_window_close_request (GtkWindow *window)
{
  if (ask_before_leaving (LULL_WINDOW (window), FALSE))
    return TRUE;

  return GTK_WINDOW_CLASS (lull_window_parent_class)->close_request (window);
}

static void
lull_window_dispose (GObject *object)
{
  LullWindow *self = LULL_WINDOW (object);

  if (self->runner != NULL)
    {
      /* Closing the window mid-session keeps the checkpoint, with the
       * answers typed so far: the next start offers to resume. */
      on_runner_saving (self->runner, self);
      g_signal_handlers_disconnect_by_data (self->runner, self);
      g_clear_object (&self->runner);
    }
  g_clear_pointer (&self->notices, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), LULL_TYPE_WINDOW);

  G_OBJECT_CLASS (lull_window_parent_class)->dispose (object);
}

/* A routine file dropped on the window is imported, as if opened from
 * Files; several dropped at once, each in turn. */
static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         LullWindow    *self)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      /* The list is ours, its files are not. */
      g_autoptr(GSList) files = gdk_file_list_get_files (g_value_get_boxed (value));

      for (GSList *l = files; l != NULL; l = l->next)
        lull_routine_transfer_open (GTK_WINDOW (self), self->application, l->data);
      return TRUE;
    }
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      lull_routine_transfer_open (GTK_WINDOW (self), self->application, g_value_get_object (value));
      return TRUE;
    }

  return FALSE;
}

static void
accept_dropped_routines (LullWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);

  gtk_drop_target_set_gtypes (target, (GType[]) { GDK_TYPE_FILE_LIST, G_TYPE_FILE }, 2);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

static void
on_fullscreened (GtkWindow  *window,
                 GParamSpec *pspec,
                 LullWindow *self)
{
  lull_session_page_set_presenter (self->session_page, gtk_window_is_fullscreen (window));
}

/* F11: the presenter view, and a photo as large as the screen allows. */
static void
toggle_fullscreen (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

static void
lull_window_class_init (LullWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lull_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = lull_window_close_request;

  g_type_ensure (LULL_TYPE_HOME_PAGE);
  g_type_ensure (LULL_TYPE_SESSION_PAGE);
  g_type_ensure (LULL_TYPE_LOG_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lull-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LullWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LullWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LullWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LullWindow, home_page);
  gtk_widget_class_bind_template_child (widget_class, LullWindow, session_page);
  gtk_widget_class_bind_template_child (widget_class, LullWindow, log_page);
  gtk_widget_class_bind_template_child (widget_class, LullWindow, reminder_revealer);
  gtk_widget_class_bind_template_child (widget_class, LullWindow, reminder_title);
  gtk_widget_class_bind_template_child (widget_class, LullWindow, reminder_body);
  gtk_widget_class_bind_template_child (widget_class, LullWindow, reminder_start_button);
  gtk_widget_class_bind_template_child (widget_class, LullWindow, session_badge);
  gtk_widget_class_bind_template_callback (widget_class, on_log_save);
  gtk_widget_class_bind_template_callback (widget_class, on_log_discard);

  gtk_widget_class_install_action (widget_class, "win.start-session", NULL, start_session);
  gtk_widget_class_install_action (widget_class, "win.start-guest-session", NULL,
                                   start_guest_session);
  gtk_widget_class_install_action (widget_class, "win.show-notices", "as", show_notices);
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL, toggle_fullscreen);
  gtk_widget_class_install_action (widget_class, "win.reminder-start", NULL, reminder_action);
  gtk_widget_class_install_action (widget_class, "win.reminder-snooze", NULL, reminder_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.fullscreen", NULL);
}

static void
lull_window_init (LullWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->notices = g_ptr_array_new_with_free_func (g_free);
  accept_dropped_routines (self);

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  lull_first_frame_watch (GTK_WINDOW (self));
}

LullWindow *
lull_window_new (LullApplication *application)
{
  LullWindow *self;

  g_return_val_if_fail (LULL_IS_APPLICATION (application), NULL);

  self = g_object_new (LULL_TYPE_WINDOW,
                       "application", application,
                       NULL);
  self->application = application;
  self->runner = lull_session_runner_new (application);
  g_signal_connect_object (self->runner, "started", G_CALLBACK (on_runner_started), self, 0);
  g_signal_connect_object (self->runner, "finished", G_CALLBACK (on_runner_finished), self, 0);
  g_signal_connect_object (self->runner, "ended", G_CALLBACK (on_runner_ended), self, 0);
  g_signal_connect_object (self->runner, "notice", G_CALLBACK (on_runner_notice), self, 0);
  g_signal_connect_object (self->runner, "saving", G_CALLBACK (on_runner_saving), self, 0);
  lull_session_page_set_runner (self->session_page, self->runner);
  bind_settings (self, lull_application_get_settings (application));
  /* The history's older months arrive after the first frame. */
  g_signal_connect_object (lull_history_get_records (lull_application_get_history (application)),
                           "items-changed", G_CALLBACK (update_today), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (lull_application_get_history (application), "notify::loading",
                           G_CALLBACK (update_today), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (lull_application_get_settings (application), "changed::daily-goal",
                           G_CALLBACK (update_today), self, G_CONNECT_SWAPPED);
  /* Fullscreen is the presenter view. */
  g_signal_connect_object (self, "notify::fullscreened", G_CALLBACK (on_fullscreened), self, 0);
  g_signal_connect_object (application, "action-state-changed::demo",
                           G_CALLBACK (on_demo_state_changed), self, 0);
  g_signal_connect_object (lull_application_get_routines (application), "items-changed",
                           G_CALLBACK (fill_routines), self, G_CONNECT_SWAPPED);
  fill_routines (self);
  show_home (self);
  update_session_badge (self);

  return self;
}

/**
 * lull_window_offer_recovery:
 *
 * If a session was left unfinished (a crash, a power cut, a closed
 * window), asks the parent whether to resume it or log it.
 */
void
lull_window_offer_recovery (LullWindow *self)
{
  g_return_if_fail (LULL_IS_WINDOW (self));

  offer_recovery (self);
}

/**
 * lull_window_show_notices:
 * @messages: sentences for the parent, already translated
 *
 * Problems found while starting or loading: they join any notice still on
 * show, so that none waits hidden behind another.
 */
void
lull_window_show_notices (LullWindow *self,
                          GPtrArray  *messages)
{
  g_return_if_fail (LULL_IS_WINDOW (self));

  if (messages->len == 0)
    return;

  for (guint i = 0; i < messages->len; i++)
    g_ptr_array_add (self->notices, g_strdup (g_ptr_array_index (messages, i)));
  update_notice_toast (self);
}

/**
 * lull_window_show_notice:
 * @message: a sentence for the parent, already translated
 *
 * Shows @message until the parent dismisses it: something happened that
 * they should know about, but nothing needs doing right now.
 */
void
lull_window_show_notice (LullWindow *self,
                         const char *message)
{
  g_return_if_fail (LULL_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  g_ptr_array_add (self->notices, g_strdup (message));
  update_notice_toast (self);
}

/**
 * lull_window_start_session:
 * @routine: the routine to run
 *
 * Starts a session of @routine at its first step, unless one is running.
 */
void
lull_window_start_session (LullWindow  *self,
                           LullRoutine *routine)
{
  double speed;

  g_return_if_fail (LULL_IS_WINDOW (self));
  g_return_if_fail (LULL_IS_ROUTINE (routine));

  speed = lull_application_get_demo_speed (self->application);
  if (speed > 0)
    lull_session_runner_start_full (self->runner, routine, LULL_SESSION_KIND_DEMO, speed);
  else
    lull_session_runner_start (self->runner, routine);
}

/**
 * lull_window_start_kept_session:
 * @routine: the routine to run
 *
 * Starts a session of @routine that is kept, whether or not Demonstration
 * Mode is on: for a reminder's Start Session. Nothing happens while a
 * session is running.
 */
void
lull_window_start_kept_session (LullWindow  *self,
                                LullRoutine *routine)
{
  g_return_if_fail (LULL_IS_WINDOW (self));
  g_return_if_fail (LULL_IS_ROUTINE (routine));

  lull_session_runner_start (self->runner, routine);
}

/**
 * lull_window_confirm_quit:
 *
 * Returns: %TRUE when Lull may quit at once; %FALSE when a session is
 *   running and the parent is being asked first
 */
gboolean
lull_window_confirm_quit (LullWindow *self)
{
  g_return_val_if_fail (LULL_IS_WINDOW (self), TRUE);

  return !ask_before_leaving (self, TRUE);
}
