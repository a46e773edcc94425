/* lull-history-editor.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lull-history-editor.h"
#include "lull-log-page.h"

/* One saved session to change, or a past one to add. The answers of the
 * log are LullLogPage's, the same page as after a session; this dialog
 * adds the start and the pumping time, and Save, Delete and Cancel.
 *
 * Save never changes the record the history holds: it works on a copy
 * made through the history format (so that keys a newer Lull wrote go
 * along), and hands old and new to lull_history_replace(). Whatever the
 * history refuses is said here in its own words, and the dialog stays open
 * with every answer as the parent left it. */

struct _LullHistoryEditor
{
  AdwWindow        parent_instance;

  LullApplication *application;
  LullRecord      *record;       /* NULL when adding */
  guint            pump_minutes; /* as shown at first */

  GtkRevealer     *error_revealer;
  GtkLabel        *error_label;
  GtkMenuButton   *date_button;
  GtkCalendar     *calendar;
  GtkSpinButton   *hour_spin;
  GtkSpinButton   *minute_spin;
  GtkSpinButton   *pump_spin;
  LullLogPage     *log_page;
  GtkWidget       *delete_box;
  GtkWidget       *save_button;
};

G_DEFINE_FINAL_TYPE (LullHistoryEditor, lull_history_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A new past session starts this long before now, pumping this long. */
#define NEW_SESSION_AGO_MINUTES 60
#define NEW_SESSION_PUMP_MINUTES 15

static void
show_error (LullHistoryEditor *self,
            const char        *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
update_date_label (LullHistoryEditor *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  /* Translators: the day of a session on its button, in
   * g_date_time_format() codes: “Tuesday 1 December 2026” */
  g_autofree char *text = g_date_time_format (date, _("%A %-d %B %Y"));

  gtk_menu_button_set_label (self->date_button, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->date_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

static void
on_day_selected (LullHistoryEditor *self)
{
  update_date_label (self);
}

/* Two digits, as a clock shows them: 07:05. */
static gboolean
on_two_digits_output (GtkSpinButton *spin,
                  gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  if (!g_str_equal (text, gtk_editable_get_text (GTK_EDITABLE (spin))))
    gtk_editable_set_text (GTK_EDITABLE (spin), text);

  return TRUE;
}

static void
load_start (LullHistoryEditor *self,
            GDateTime         *start)
{
  gtk_calendar_select_day (self->calendar, start);
  gtk_spin_button_set_value (self->hour_spin, g_date_time_get_hour (start));
  gtk_spin_button_set_value (self->minute_spin, g_date_time_get_minute (start));
  update_date_label (self);
}

/* The start the rows say. An unchanged day and time keep the record's own
 * start to the second, so that a change of volume never moves a session.
 * A new time is read in the time zone the session was saved in when that
 * is not the zone here (a session logged while travelling), else here. */
static GDateTime *
dup_chosen_start (LullHistoryEditor *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);
  g_autoptr(GTimeZone) zone = NULL;
  int hour, minute;

  gtk_spin_button_update (self->hour_spin);
  gtk_spin_button_update (self->minute_spin);
  hour = gtk_spin_button_get_value_as_int (self->hour_spin);
  minute = gtk_spin_button_get_value_as_int (self->minute_spin);

  if (self->record != NULL)
    {
      GDateTime *start = lull_record_get_start (self->record);
      g_autoptr(GDateTime) here = g_date_time_to_local (start);

      if (g_date_time_get_year (start) == g_date_time_get_year (day)
          && g_date_time_get_day_of_year (start) == g_date_time_get_day_of_year (day)
          && g_date_time_get_hour (start) == hour
          && g_date_time_get_minute (start) == minute)
        return g_date_time_ref (start);

      if (g_date_time_get_utc_offset (here) != g_date_time_get_utc_offset (start))
        zone = g_time_zone_new_offset ((gint32)(g_date_time_get_utc_offset (start)
                                                / G_TIME_SPAN_SECOND));
    }

  if (zone == NULL)
    zone = g_time_zone_new_local ();

  return g_date_time_new (zone,
                          g_date_time_get_year (day),
                          g_date_time_get_month (day),
                          g_date_time_get_day_of_month (day),
                          hour, minute, 0);
}

static LullRecord *
build_record (LullHistoryEditor  *self,
              GError            **error)
{
  g_autoptr(GDateTime) start = dup_chosen_start (self);
  g_autoptr(GDateTime) now = lull_clock_get_now (lull_application_get_clock (self->application));
  g_autoptr(LullRecord) record = NULL;
  guint minutes;

  /* A session saved with a clock that was wrong stays as it is, but a
   * start the parent chose must have passed. */
  if (start == NULL
      || (g_date_time_compare (start, now) > 0
          && (self->record == NULL
              || !g_date_time_equal (start, lull_record_get_start (self->record)))))
    {
      g_set_error_literal (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_INVALID,
                           _("That start time has not come yet. Choose a day and time that "
                             "have passed."));
      return NULL;
    }

  /* An edit keeps everything the session holds, unknown keys too. */
  if (self->record != NULL)
    record = lull_record_copy (self->record, start);
  else
    record = lull_record_new (start);

  /* Untouched, the pumping time keeps its seconds. */
  gtk_spin_button_update (self->pump_spin);
  minutes = (guint)gtk_spin_button_get_value_as_int (self->pump_spin);
  if (self->record == NULL || minutes != self->pump_minutes)
    lull_record_set_pump_seconds (record, minutes * 60);

  lull_log_page_store (self->log_page, record);

  if (!lull_record_validate (record, error))
    return NULL;

  return g_steal_pointer (&record);
}

static void
save (LullHistoryEditor *self)
{
  LullHistory *history = lull_application_get_history (self->application);
  g_autoptr(LullRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gboolean saved;

  record = build_record (self, &error);
  if (record == NULL)
    {
      show_error (self, error->message);
      return;
    }

  if (self->record != NULL)
    saved = lull_history_replace (history, self->record, record, &error);
  else
    saved = lull_history_append (history, record, &error);

  if (!saved)
    {
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, record);
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save (LULL_HISTORY_EDITOR (widget));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LullHistoryEditor *self = LULL_HISTORY_EDITOR (widget);
  g_autoptr(LullRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  if (self->record == NULL)
    return;

  /* Held here: the history lets go of it. */
  record = g_object_ref (self->record);
  if (!lull_history_remove (lull_application_get_history (self->application), record, &error))
    {
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[DELETED], 0, record);
  gtk_window_close (GTK_WINDOW (self));
}

/* The log page is made for the end of a session: its heading (“Well
 * done.”) and its own Save and Discard make no sense here, where the
 * dialog has its own buttons. Its Ctrl+S and Enter still save, through its
 * "save" signal. */
static void
fit_log_page (LullHistoryEditor *self)
{
  GObject *summary = gtk_widget_get_template_child (GTK_WIDGET (self->log_page),
                                                    LULL_TYPE_LOG_PAGE, "summary_label");
  GtkWidget *page_save = lull_log_page_get_save_button (self->log_page);

  if (GTK_IS_WIDGET (summary))
    gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (summary)), FALSE);
  gtk_widget_set_visible (gtk_widget_get_parent (page_save), FALSE);
}

static void
load (LullHistoryEditor *self)
{
  GSettings *settings = lull_application_get_settings (self->application);
  g_autofree char *unit = g_settings_get_string (settings, "volume-unit");
  g_autoptr(LullRecord) blank = NULL;
  LullRecord *shown = self->record;

  if (shown == NULL)
    {
      g_autoptr(GDateTime) now = lull_clock_get_now (lull_application_get_clock (self->application));
      g_autoptr(GDateTime) start = g_date_time_add_minutes (now, -NEW_SESSION_AGO_MINUTES);

      blank = lull_record_new (start);
      lull_record_set_pump_seconds (blank, NEW_SESSION_PUMP_MINUTES * 60);
      shown = blank;
      gtk_window_set_title (GTK_WINDOW (self), _("Add a Past Session"));
    }

  load_start (self, lull_record_get_start (shown));
  /* Rounded, so that 14:40 of pumping shows as 15 minutes. */
  self->pump_minutes = (lull_record_get_pump_seconds (shown) + 30) / 60;
  gtk_spin_button_set_value (self->pump_spin, self->pump_minutes);

  lull_log_page_set_hide_amounts (self->log_page, g_settings_get_boolean (settings, "hide-amounts"));
  lull_log_page_load (self->log_page, shown, g_str_equal (unit, "us-fl-oz"), NULL);
  gtk_widget_set_visible (self->delete_box, self->record != NULL);
}

static void
lull_history_editor_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LULL_TYPE_HISTORY_EDITOR);

  G_OBJECT_CLASS (lull_history_editor_parent_class)->dispose (object);
}

static void
lull_history_editor_finalize (GObject *object)
{
  LullHistoryEditor *self = LULL_HISTORY_EDITOR (object);

  g_clear_object (&self->record);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (lull_history_editor_parent_class)->finalize (object);
}

static void
lull_history_editor_class_init (LullHistoryEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lull_history_editor_dispose;
  object_class->finalize = lull_history_editor_finalize;

  /**
   * LullHistoryEditor::saved:
   * @record: the session as the history now holds it
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, LULL_TYPE_RECORD);

  /**
   * LullHistoryEditor::deleted:
   * @record: the session taken out of the history, for Undo
   */
  signals[DELETED] = g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, LULL_TYPE_RECORD);

  g_type_ensure (LULL_TYPE_LOG_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/lull-history-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, LullHistoryEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, LullHistoryEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, LullHistoryEditor, date_button);
  gtk_widget_class_bind_template_child (widget_class, LullHistoryEditor, calendar);
  gtk_widget_class_bind_template_child (widget_class, LullHistoryEditor, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, LullHistoryEditor, minute_spin);
  gtk_widget_class_bind_template_child (widget_class, LullHistoryEditor, pump_spin);
  gtk_widget_class_bind_template_child (widget_class, LullHistoryEditor, log_page);
  gtk_widget_class_bind_template_child (widget_class, LullHistoryEditor, delete_box);
  gtk_widget_class_bind_template_child (widget_class, LullHistoryEditor, save_button);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.delete", NULL, delete_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
lull_history_editor_init (LullHistoryEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  fit_log_page (self);
  g_signal_connect_swapped (self->log_page, "save", G_CALLBACK (save), self);
  g_signal_connect_swapped (self->calendar, "day-selected", G_CALLBACK (on_day_selected), self);
  g_signal_connect (self->minute_spin, "output", G_CALLBACK (on_two_digits_output), NULL);
  g_signal_connect (self->hour_spin, "output", G_CALLBACK (on_two_digits_output), NULL);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
}

/**
 * lull_history_editor_new:
 * @application: the application, whose history the session is in
 * @parent: the History window
 * @record: (nullable): the session to change, or %NULL to add one
 */
LullHistoryEditor *
lull_history_editor_new (LullApplication *application,
                         GtkWindow       *parent,
                         LullRecord      *record)
{
  LullHistoryEditor *self;

  g_return_val_if_fail (LULL_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (record == NULL || LULL_IS_RECORD (record), NULL);

  self = g_object_new (LULL_TYPE_HISTORY_EDITOR,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->application = g_object_ref (application);
  self->record = record != NULL ? g_object_ref (record) : NULL;
  load (self);

  /* A change is most often the amount; a new session starts with its day,
   * and so does any with amounts hidden. */
  if (record != NULL && !g_settings_get_boolean (lull_application_get_settings (application),
                                                 "hide-amounts"))
    lull_log_page_focus_primary (self->log_page);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->date_button));

  return self;
}

/**
 * lull_history_editor_get_record:
 *
 * Returns: (transfer none) (nullable): the session being changed, %NULL
 *   when adding
 */
LullRecord *
lull_history_editor_get_record (LullHistoryEditor *self)
{
  g_return_val_if_fail (LULL_IS_HISTORY_EDITOR (self), NULL);

  return self->record;
}
