/* lull-history-window.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lull-accessible.h"
#include "lull-history-editor.h"
#include "lull-history-rows.h"
#include "lull-history-transfer.h"
#include "lull-history-window.h"
#include "lull-report-print.h"
#include "lull-toast.h"

/* The saved sessions, day by day, newest first. The records come from
 * LullHistory, flattened into day headings and sessions by
 * LullHistoryRows; the list recycles a screenful of rows, so years of
 * history cost an array, not a widget each. A session opens in
 * LullHistoryEditor; a deleted one can be brought back from the toast. */


/* Long enough to reach Undo with one hand while holding the pump. */
#define DELETED_TOAST_SECONDS 10

/* A few frames are enough for the list to make its rows. */
#define FOCUS_FRAMES 10

struct _LullHistoryWindow
{
  AdwWindow        parent_instance;

  LullApplication *application;
  LullHistory     *history;
  GSettings       *settings;
  LullHistoryRows *rows;

  GPtrArray       *cells;           /* the bound rows, for a change of setting */
  /* Read once, not per row: a fast scroll binds a hundred rows a frame. */
  gboolean         hide_amounts;
  gboolean         fl_oz;
  GTimeZone       *zone;
  int              this_year;
  guint            focus_tick;      /* a row to focus once the list has made it */
  guint            focus_frames;
  guint            focus_position;
  guint            editing_position;

  /* What Undo on the deletion toast brings back. */
  GPtrArray       *deleted;
  AdwToast        *deleted_toast;

  AdwToastOverlay *toast_overlay;
  AdwViewStack    *view_stack;
  GtkStack        *sessions_stack;
  GtkWidget       *empty_add_button;
  GtkScrolledWindow *scroller;
  GtkListView     *list;
  GtkRevealer     *import_revealer;
  GtkProgressBar  *import_progress;
  GtkLabel        *import_label;

  LullHistoryTransfer *transfer;
};

G_DEFINE_FINAL_TYPE (LullHistoryWindow, lull_history_window, ADW_TYPE_WINDOW)

/* One row of the list, kept on its GtkListItem: a day's heading or a
 * session, whichever its item is. */
typedef struct
{
  LullHistoryWindow *window;     /* unowned: rows go with the list */
  GtkListItem       *item;       /* unowned: the cell lives on it */
  GtkWidget         *root;
  GtkWidget         *day_box;
  GtkWidget         *date_label;
  GtkWidget         *totals_label;
  GtkWidget         *session_box;
  GtkWidget         *time_label;
  GtkWidget         *title_label;
  GtkWidget         *facts_label;
  GtkWidget         *volume_label;
} Cell;

/* --- Words --------------------------------------------------------------- */

static void
read_settings (LullHistoryWindow *self)
{
  g_autofree char *unit = g_settings_get_string (self->settings, "volume-unit");
  g_autoptr(GDateTime) now = lull_clock_get_now (lull_application_get_clock (self->application));

  self->hide_amounts = g_settings_get_boolean (self->settings, "hide-amounts");
  self->fl_oz = g_str_equal (unit, "us-fl-oz");
  self->this_year = g_date_time_get_year (now);
}

static char *
format_volume (LullHistoryWindow *self,
               int                ml)
{
  if (self->fl_oz)
    /* Translators: a volume in US fluid ounces */
    return g_strdup_printf (_("%.1f fl oz"), ml / LULL_ML_PER_US_FL_OZ);

  /* Translators: a volume in millilitres */
  return g_strdup_printf (_("%d mL"), ml);
}

static char *
format_day (LullHistoryWindow *self,
            const GDate       *date)
{
  /* Noon: every day has one, whatever the clocks do that night. */
  g_autoptr(GDateTime) noon = g_date_time_new (self->zone,
                                               g_date_get_year (date),
                                               g_date_get_month (date),
                                               g_date_get_day (date),
                                               12, 0, 0);

  if (g_date_get_year (date) == self->this_year)
    /* Translators: a day in the history, in g_date_time_format() codes:
     * “Tuesday 1 December” */
    return g_date_time_format (noon, _("%A %-d %B"));

  /* Translators: a day of another year in the history, in
   * g_date_time_format() codes: “Tuesday 1 December 2025” */
  return g_date_time_format (noon, _("%A %-d %B %Y"));
}

/* “3 sessions · 240 mL”, or “3 sessions” when amounts are hidden or none
 * was counted. */
static char *
format_totals (LullHistoryWindow *self,
               LullHistoryDay    *day)
{
  guint n = lull_history_day_get_n_sessions (day);
  int volume = lull_history_day_get_volume_ml (day);
  g_autofree char *sessions = g_strdup_printf (ngettext ("%u session", "%u sessions", n), n);
  g_autofree char *amount = NULL;

  if (self->hide_amounts || volume == LULL_RECORD_NO_VALUE)
    return g_steal_pointer (&sessions);

  amount = format_volume (self, volume);
  /* Translators: a day's totals, “3 sessions” and “240 mL” */
  return g_strdup_printf (_("%s · %s"), sessions, amount);
}

static const char *
routine_name (LullHistoryWindow *self,
              LullRecord        *record)
{
  const char *id = lull_record_get_routine (record);
  LullRoutine *routine = id != NULL ? lull_application_find_routine (self->application, id) : NULL;

  /* A session added by hand, or one whose routine was removed since. */
  return routine != NULL ? lull_routine_get_name (routine) : _("Session");
}

/* “16 minutes of pumping · 2 let‑downs”; no let-downs are left unsaid. */
static char *
format_facts (LullRecord *record)
{
  guint minutes = (lull_record_get_pump_seconds (record) + 30) / 60;
  guint letdowns = lull_record_get_letdowns (record)->len;
  g_autofree char *pumping = g_strdup_printf (ngettext ("%u minute of pumping",
                                                        "%u minutes of pumping", minutes),
                                              minutes);
  g_autofree char *marked = NULL;

  if (letdowns == 0)
    return g_steal_pointer (&pumping);

  marked = g_strdup_printf (ngettext ("%u let‑down", "%u let‑downs", letdowns), letdowns);
  /* Translators: “16 minutes of pumping” and “2 let‑downs” */
  return g_strdup_printf (_("%s · %s"), pumping, marked);
}

/* --- Rows ---------------------------------------------------------------- */

/* The rows' texts are GtkInscriptions, not labels. A list view keeps
 * about 200 rows bound, and a fast scroll through 25,000 sessions binds
 * a hundred new ones a frame: a label lays its text out again for every
 * width it is measured at (three or four times, more when it wraps),
 * while an inscription's size comes from the font alone and its text is
 * laid out once, for the width it is given. A text too long for a narrow
 * window ends in an ellipsis; the row's accessible name says it whole,
 * and the editor shows every field. */
static GtkWidget *
new_text (const char *style,
          float       xalign,
          guint       nat_chars)
{
  GtkWidget *text = g_object_new (GTK_TYPE_INSCRIPTION,
                                  "xalign", xalign,
                                  "min-chars", MIN (nat_chars, 4),
                                  "nat-chars", nat_chars,
                                  "text-overflow", GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END,
                                  NULL);

  if (style != NULL)
    gtk_widget_add_css_class (text, style);

  return text;
}

static void
cell_free (gpointer data)
{
  g_free (data);
}

static void open_editor (LullHistoryWindow *self,
                         LullRecord        *record);

static void
on_open_clicked (GtkButton *button,
                 Cell      *cell)
{
  GObject *item = gtk_list_item_get_item (cell->item);

  if (LULL_IS_RECORD (item))
    open_editor (cell->window, LULL_RECORD (item));
}

static void
on_row_setup (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              LullHistoryWindow        *self)
{
  Cell *cell = g_new0 (Cell, 1);
  GtkWidget *text_box, *chevron;

  cell->window = self;
  cell->item = item;
  cell->root = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  /* A day: its date, and its totals at the end. */
  cell->day_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (cell->day_box, 18);
  gtk_widget_set_margin_bottom (cell->day_box, 6);
  gtk_widget_set_margin_start (cell->day_box, 12);
  gtk_widget_set_margin_end (cell->day_box, 12);
  cell->date_label = new_text ("heading", 0, 0);
  gtk_widget_set_hexpand (cell->date_label, TRUE);
  cell->totals_label = new_text ("dim-label", 1, 22);
  gtk_box_append (GTK_BOX (cell->day_box), cell->date_label);
  gtk_box_append (GTK_BOX (cell->day_box), cell->totals_label);

  /* A session: a large target, the time first, where the eye goes. */
  cell->session_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_size_request (cell->session_box, -1, 56);
  gtk_widget_set_margin_top (cell->session_box, 6);
  gtk_widget_set_margin_bottom (cell->session_box, 6);
  gtk_widget_set_margin_start (cell->session_box, 12);
  gtk_widget_set_margin_end (cell->session_box, 12);
  cell->time_label = new_text ("numeric", 0, 5);
  gtk_widget_add_css_class (cell->time_label, "title-4");
  text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (text_box, TRUE);
  gtk_widget_set_valign (text_box, GTK_ALIGN_CENTER);
  cell->title_label = new_text (NULL, 0, 0);
  cell->facts_label = new_text ("dim-label", 0, 0);
  gtk_widget_add_css_class (cell->facts_label, "caption");
  gtk_box_append (GTK_BOX (text_box), cell->title_label);
  gtk_box_append (GTK_BOX (text_box), cell->facts_label);
  cell->volume_label = new_text ("numeric", 1, 9);
  /* GTK 4.8 gives a list's row no action a screen reader can call, so the
   * chevron is a button that opens the session too. The keyboard passes
   * it by: Enter on the row does the same. */
  /* No tooltip: setting one asks the display where the pointer is, a
   * round trip for each of the list's 200 rows. The description says
   * what a tooltip would. */
  chevron = g_object_new (GTK_TYPE_BUTTON,
                          "icon-name", "go-next-symbolic",
                          "focusable", FALSE,
                          "valign", GTK_ALIGN_CENTER,
                          NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chevron),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Open"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Change or delete this session"),
                                  -1);
  gtk_widget_add_css_class (chevron, "flat");
  g_signal_connect (chevron, "clicked", G_CALLBACK (on_open_clicked), cell);
  gtk_box_append (GTK_BOX (cell->session_box), cell->time_label);
  gtk_box_append (GTK_BOX (cell->session_box), text_box);
  gtk_box_append (GTK_BOX (cell->session_box), cell->volume_label);
  gtk_box_append (GTK_BOX (cell->session_box), chevron);

  gtk_box_append (GTK_BOX (cell->root), cell->day_box);
  gtk_box_append (GTK_BOX (cell->root), cell->session_box);
  gtk_list_item_set_child (item, cell->root);
  g_object_set_data_full (G_OBJECT (item), "lull-history-cell", cell, cell_free);
}

static Cell *
cell_of (GtkListItem *item)
{
  return g_object_get_data (G_OBJECT (item), "lull-history-cell");
}

/* What a screen reader says for the row, on the widget that takes the
 * focus: the list's own row around ours (ours until it has one). */
static void
name_row (Cell       *cell,
          const char *name)
{
  GtkWidget *row = gtk_widget_get_parent (cell->root);

  gtk_accessible_update_property (GTK_ACCESSIBLE (row != NULL ? row : cell->root),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

static void
show_day (Cell           *cell,
          LullHistoryDay *day)
{
  g_autofree char *date = format_day (cell->window, lull_history_day_get_date (day));
  g_autofree char *totals = format_totals (cell->window, day);
  g_autofree char *name = NULL;

  gtk_inscription_set_text (GTK_INSCRIPTION (cell->date_label), date);
  gtk_inscription_set_text (GTK_INSCRIPTION (cell->totals_label), totals);
  /* Translators: a day's heading for a screen reader, its date and totals */
  name = g_strdup_printf (_("%s: %s"), date, totals);
  name_row (cell, name);
}

static void
show_session (Cell       *cell,
              LullRecord *record)
{
  LullHistoryWindow *self = cell->window;
  g_autofree char *time = g_date_time_format (lull_record_get_start (record), "%H:%M");
  g_autofree char *facts = format_facts (record);
  g_autofree char *volume = NULL;
  g_autofree char *name = NULL;
  const char *title = routine_name (self, record);

  if (!self->hide_amounts && lull_record_get_volume_ml (record) != LULL_RECORD_NO_VALUE)
    volume = format_volume (self, lull_record_get_volume_ml (record));

  gtk_inscription_set_text (GTK_INSCRIPTION (cell->time_label), time);
  gtk_inscription_set_text (GTK_INSCRIPTION (cell->title_label), title);
  gtk_inscription_set_text (GTK_INSCRIPTION (cell->facts_label), facts);
  /* Volumes line up in a column, with a gap where none was counted; the
   * column goes when amounts are hidden. */
  gtk_inscription_set_text (GTK_INSCRIPTION (cell->volume_label), volume);
  gtk_widget_set_visible (cell->volume_label, !self->hide_amounts);

  if (volume != NULL)
    /* Translators: a session for a screen reader: its time, routine,
     * facts and volume */
    name = g_strdup_printf (_("%s, %s, %s, %s"), time, title, facts, volume);
  else
    /* Translators: a session for a screen reader: its time, routine and
     * facts */
    name = g_strdup_printf (_("%s, %s, %s"), time, title, facts);
  name_row (cell, name);
}

static void
show_cell (Cell *cell)
{
  GObject *item = gtk_list_item_get_item (cell->item);
  gboolean session = LULL_IS_RECORD (item);

  gtk_widget_set_visible (cell->day_box, !session);
  gtk_widget_set_visible (cell->session_box, session);
  /* A heading is there to be read, not opened. */
  gtk_list_item_set_activatable (cell->item, session);

  if (session)
    show_session (cell, LULL_RECORD (item));
  else
    show_day (cell, LULL_HISTORY_DAY (item));
}

static void
on_row_bind (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             LullHistoryWindow        *self)
{
  Cell *cell = cell_of (item);

  show_cell (cell);
  g_ptr_array_add (self->cells, cell);
}

static void
on_row_unbind (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               LullHistoryWindow        *self)
{
  g_ptr_array_remove_fast (self->cells, cell_of (item));
}

static void
on_row_teardown (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 LullHistoryWindow        *self)
{
  /* Unbound first as a rule; this is for a row torn down bound. */
  g_ptr_array_remove_fast (self->cells, cell_of (item));
  g_object_set_data (G_OBJECT (item), "lull-history-cell", NULL);
}

static void
on_amounts_setting_changed (GSettings         *settings,
                            const char        *key,
                            LullHistoryWindow *self)
{
  read_settings (self);
  for (guint i = 0; i < self->cells->len; i++)
    show_cell (g_ptr_array_index (self->cells, i));
}

/* --- Focus --------------------------------------------------------------- */

static gboolean
focus_is_in (LullHistoryWindow *self,
             GtkWidget         *widget)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The row that has the keyboard focus, if the list has it. */
static Cell *
focused_cell (LullHistoryWindow *self)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

  if (focus == NULL)
    return NULL;

  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *cell = g_ptr_array_index (self->cells, i);

      if (focus == cell->root || gtk_widget_is_ancestor (cell->root, focus)
          || gtk_widget_is_ancestor (focus, cell->root))
        return cell;
    }

  return NULL;
}

static gboolean
focus_made_row (LullHistoryWindow *self)
{
  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *cell = g_ptr_array_index (self->cells, i);
      GtkWidget *row = gtk_widget_get_parent (cell->root);

      if (gtk_list_item_get_position (cell->item) == self->focus_position && row != NULL)
        return gtk_widget_grab_focus (row);
    }

  return FALSE;
}

static gboolean
focus_row_tick (GtkWidget     *list,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  LullHistoryWindow *self = user_data;

  /* Unless the parent moved the focus meanwhile. */
  if (gtk_window_get_focus (GTK_WINDOW (self)) != list
      || focus_made_row (self)
      || ++self->focus_frames >= FOCUS_FRAMES)
    {
      self->focus_tick = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* Scrolls to the session at or just after @position and gives it the
 * focus; the list may not have made its row yet, so the list holds the
 * focus until then. */
static void
focus_row (LullHistoryWindow *self,
           guint              position)
{
  GListModel *rows = G_LIST_MODEL (self->rows);
  guint n = g_list_model_get_n_items (rows);
  g_autoptr(GObject) item = NULL;

  if (n == 0 || position == G_MAXUINT)
    return;

  position = MIN (position, n - 1);
  item = g_list_model_get_item (rows, position);
  if (!LULL_IS_RECORD (item) && position + 1 < n)
    position++;

  self->focus_position = position;
  gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", position);
  if (focus_made_row (self))
    return;

  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->list));
  if (self->focus_tick == 0)
    {
      self->focus_frames = 0;
      self->focus_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->list),
                                                       focus_row_tick, self, NULL);
    }
}

/* The list when there are sessions, else the empty page's Add button. The
 * focus follows when the page it was on goes. */
static void
update_empty (LullHistoryWindow *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->rows)) == 0;
  GtkWidget *empty_page = gtk_stack_get_child_by_name (self->sessions_stack, "empty");
  gboolean focus_in_empty = focus_is_in (self, empty_page);
  gboolean focus_in_list = focus_is_in (self, GTK_WIDGET (self->scroller));

  gtk_stack_set_visible_child_name (self->sessions_stack, empty ? "empty" : "list");

  if (empty && focus_in_list)
    gtk_widget_grab_focus (self->empty_add_button);
  else if (!empty && focus_in_empty)
    focus_row (self, 0);
}

static void
on_rows_changed (GListModel        *rows,
                 guint              position,
                 guint              removed,
                 guint              added,
                 LullHistoryWindow *self)
{
  update_empty (self);
}

/* --- CSV ----------------------------------------------------------------- */

static void
update_transfer_actions (LullHistoryWindow *self)
{
  gboolean importing = self->transfer != NULL && lull_history_transfer_get_importing (self->transfer);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.import-csv", !importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.cancel-import", importing);
}

static void
transfer_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LullHistoryWindow *self = LULL_HISTORY_WINDOW (widget);

  if (g_str_equal (action_name, "history.export-csv"))
    lull_history_transfer_export (self->transfer);
  else if (g_str_equal (action_name, "history.import-csv"))
    lull_history_transfer_import (self->transfer);
  else
    lull_history_transfer_cancel (self->transfer);
}

static void
on_import_revealed (GtkRevealer       *revealer,
                    GParamSpec        *pspec,
                    LullHistoryWindow *self)
{
  update_transfer_actions (self);
}

/**
 * lull_history_window_import_csv:
 * @file: a CSV file of sessions
 *
 * Imports @file as Import from CSV… does once a file is chosen.
 */
void
lull_history_window_import_csv (LullHistoryWindow *self,
                                GFile             *file)
{
  g_return_if_fail (LULL_IS_HISTORY_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  lull_history_transfer_import_from (self->transfer, file);
}

/* The report for a lactation consultant, to print or save as PDF. */
static void
print_report_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LullHistoryWindow *self = LULL_HISTORY_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (lull_report_print (self->application, GTK_WINDOW (self), NULL, &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    lull_toast_show (self->toast_overlay, error != NULL
                                          ? error->message
                                          : _("The report could not be printed."));
}

/* --- Pages --------------------------------------------------------------- */

/* The list gets its model when it first shows: a list view makes and
 * binds 200 rows at once, which a window opened on Progress need not
 * wait for. */
static void
on_list_mapped (GtkListView       *list,
                LullHistoryWindow *self)
{
  GtkNoSelection *selection;

  if (gtk_list_view_get_model (list) != NULL)
    return;

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_list_view_set_model (list, GTK_SELECTION_MODEL (selection));
  if (gtk_window_get_focus (GTK_WINDOW (self)) == GTK_WIDGET (list))
    focus_row (self, 0);
}

static void
focus_when_mapped (GtkWidget *page)
{
  g_signal_handlers_disconnect_by_func (page, focus_when_mapped, NULL);
  gtk_widget_grab_focus (page);
}

/* The page seen last is the one the window opens on next time. */
static void
on_page_changed (AdwViewStack      *stack,
                 GParamSpec        *pspec,
                 LullHistoryWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (stack);

  if (name != NULL)
    g_settings_set_string (self->settings, "history-page", name);
}

/* --- Delete and Undo ----------------------------------------------------- */

static void
on_deleted_toast_dismissed (AdwToast          *toast,
                            LullHistoryWindow *self)
{
  if (toast != self->deleted_toast)
    return;

  g_ptr_array_set_size (self->deleted, 0);
  g_clear_object (&self->deleted_toast);
}

static void
on_deleted_undo (AdwToast          *toast,
                 LullHistoryWindow *self)
{
  g_autoptr(GPtrArray) deleted = NULL;
  LullRecord *restored = NULL;

  if (toast != self->deleted_toast)
    return;

  deleted = g_steal_pointer (&self->deleted);
  self->deleted = g_ptr_array_new_with_free_func (g_object_unref);
  g_clear_object (&self->deleted_toast);

  for (guint i = 0; i < deleted->len; i++)
    {
      LullRecord *record = g_ptr_array_index (deleted, i);
      g_autoptr(GError) error = NULL;

      if (lull_history_append (self->history, record, &error))
        restored = record;
      else
        lull_toast_show (self->toast_overlay, error->message);
    }

  if (restored != NULL)
    focus_row (self, lull_history_rows_find_record (self->rows, restored));
}

/* A toast already showing says the new count, and its Undo brings back
 * every session deleted since it came. */
static void
remember_deleted (LullHistoryWindow *self,
                  LullRecord        *record)
{
  g_autofree char *text = NULL;

  g_ptr_array_add (self->deleted, g_object_ref (record));
  text = self->deleted->len == 1
         ? g_strdup (_("Session deleted"))
         : g_strdup_printf (ngettext ("%u session deleted", "%u sessions deleted",
                                      self->deleted->len),
                            self->deleted->len);

  if (self->deleted_toast != NULL)
    {
      lull_toast_set_text (self->deleted_toast, text);
      return;
    }

  self->deleted_toast = lull_toast_new (text);
  adw_toast_set_button_label (self->deleted_toast, _("_Undo"));
  adw_toast_set_timeout (self->deleted_toast, DELETED_TOAST_SECONDS);
  /* Undo at once, ahead of any toast that waits. */
  adw_toast_set_priority (self->deleted_toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (self->deleted_toast, "button-clicked",
                           G_CALLBACK (on_deleted_undo), self, 0);
  g_signal_connect_object (self->deleted_toast, "dismissed",
                           G_CALLBACK (on_deleted_toast_dismissed), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->deleted_toast));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LullHistoryWindow *self = LULL_HISTORY_WINDOW (widget);
  Cell *cell = focused_cell (self);
  g_autoptr(LullRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  guint position;

  if (cell == NULL || !LULL_IS_RECORD (gtk_list_item_get_item (cell->item)))
    return;

  record = g_object_ref (LULL_RECORD (gtk_list_item_get_item (cell->item)));
  position = gtk_list_item_get_position (cell->item);
  if (!lull_history_remove (self->history, record, &error))
    {
      lull_toast_show (self->toast_overlay, error->message);
      return;
    }

  remember_deleted (self, record);
  /* The next session down, ready for another Delete. */
  focus_row (self, position);
}

/* --- The editor ---------------------------------------------------------- */

static void
on_editor_saved (LullHistoryEditor *editor,
                 LullRecord        *record,
                 LullHistoryWindow *self)
{
  gboolean added = lull_history_editor_get_record (editor) == NULL;

  lull_toast_show (self->toast_overlay, added ? _("Session added") : _("Changes saved"));
  focus_row (self, lull_history_rows_find_record (self->rows, record));
}

static void
on_editor_deleted (LullHistoryEditor *editor,
                   LullRecord        *record,
                   LullHistoryWindow *self)
{
  remember_deleted (self, record);
  focus_row (self, self->editing_position);
}

static void
open_editor (LullHistoryWindow *self,
             LullRecord        *record)
{
  LullHistoryEditor *editor = lull_history_editor_new (self->application, GTK_WINDOW (self),
                                                       record);

  self->editing_position = record != NULL ? lull_history_rows_find_record (self->rows, record) : 0;
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved), self, 0);
  g_signal_connect_object (editor, "deleted", G_CALLBACK (on_editor_deleted), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_row_activate (GtkListView       *list,
                 guint              position,
                 LullHistoryWindow *self)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->rows), position);

  if (LULL_IS_RECORD (item))
    open_editor (self, LULL_RECORD (item));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_editor (LULL_HISTORY_WINDOW (widget), NULL);
}

/* --- The window ---------------------------------------------------------- */

static void
lull_history_window_dispose (GObject *object)
{
  LullHistoryWindow *self = LULL_HISTORY_WINDOW (object);

  /* Closed with a deletion still undoable: it is final now. */
  if (self->deleted_toast != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->deleted_toast, self);
      adw_toast_dismiss (self->deleted_toast);
      g_clear_object (&self->deleted_toast);
    }

  if (self->focus_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list), self->focus_tick);
  self->focus_tick = 0;

  gtk_widget_dispose_template (GTK_WIDGET (self), LULL_TYPE_HISTORY_WINDOW);

  g_clear_object (&self->rows);
  g_clear_object (&self->settings);
  if (self->transfer != NULL)
    lull_history_transfer_detach (self->transfer);
  g_clear_object (&self->transfer);
  g_clear_pointer (&self->zone, g_time_zone_unref);

  G_OBJECT_CLASS (lull_history_window_parent_class)->dispose (object);
}

static void
lull_history_window_finalize (GObject *object)
{
  LullHistoryWindow *self = LULL_HISTORY_WINDOW (object);

  g_clear_pointer (&self->deleted, g_ptr_array_unref);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_object (&self->history);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (lull_history_window_parent_class)->finalize (object);
}

static void
lull_history_window_class_init (LullHistoryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lull_history_window_dispose;
  object_class->finalize = lull_history_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/lull-history-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LullHistoryWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LullHistoryWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, LullHistoryWindow, sessions_stack);
  gtk_widget_class_bind_template_child (widget_class, LullHistoryWindow, empty_add_button);
  gtk_widget_class_bind_template_child (widget_class, LullHistoryWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, LullHistoryWindow, list);
  gtk_widget_class_bind_template_child (widget_class, LullHistoryWindow, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, LullHistoryWindow, import_progress);
  gtk_widget_class_bind_template_child (widget_class, LullHistoryWindow, import_label);
  gtk_widget_class_bind_template_callback (widget_class, on_row_setup);
  gtk_widget_class_bind_template_callback (widget_class, on_row_bind);
  gtk_widget_class_bind_template_callback (widget_class, on_row_unbind);
  gtk_widget_class_bind_template_callback (widget_class, on_row_teardown);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activate);

  gtk_widget_class_install_action (widget_class, "history.print-report", NULL, print_report_action);
  gtk_widget_class_install_action (widget_class, "history.export-csv", NULL, transfer_action);
  gtk_widget_class_install_action (widget_class, "history.import-csv", NULL, transfer_action);
  gtk_widget_class_install_action (widget_class, "history.cancel-import", NULL, transfer_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "history.export-csv", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "history.import-csv", NULL);
  gtk_widget_class_install_action (widget_class, "history.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "history.delete", NULL, delete_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "history.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "history.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0,
                                       "history.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
lull_history_window_init (LullHistoryWindow *self)
{
  GtkEventController *print_keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cells = g_ptr_array_new ();
  self->deleted = g_ptr_array_new_with_free_func (g_object_unref);
  lull_label_scrollbars (self->scroller);

  /* Ctrl+P prints here, as everywhere; in the main window it is Photos,
   * an application shortcut, which would come first without a
   * controller that catches the key on its way down. */
  print_keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (print_keys, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (print_keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_p,
                                                                                  GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("history.print-report")));
  gtk_widget_add_controller (GTK_WIDGET (self), print_keys);
}

/**
 * lull_history_window_new:
 * @application: the application, whose history the window shows
 * @parent: (nullable): the main window
 */
LullHistoryWindow *
lull_history_window_new (LullApplication *application,
                         GtkWindow       *parent)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  LullHistoryWindow *self;

  g_return_val_if_fail (LULL_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (LULL_TYPE_HISTORY_WINDOW,
                       "application", application,
                       "transient-for", parent,
                       NULL);
  self->application = g_object_ref (application);
  self->history = g_object_ref (lull_application_get_history (application));
  self->settings = g_object_ref (lull_application_get_settings (application));
  self->rows = lull_history_rows_new (lull_history_get_records (self->history));
  self->zone = g_time_zone_new_local ();
  read_settings (self);

  g_signal_connect_object (self->settings, "changed::hide-amounts",
                           G_CALLBACK (on_amounts_setting_changed), self, 0);
  g_signal_connect_object (self->settings, "changed::volume-unit",
                           G_CALLBACK (on_amounts_setting_changed), self, 0);
  g_signal_connect_object (self->rows, "items-changed",
                           G_CALLBACK (on_rows_changed), self, G_CONNECT_AFTER);
  self->transfer = lull_history_transfer_new (application, GTK_WINDOW (self), self->toast_overlay,
                                              self->import_revealer, self->import_progress,
                                              self->import_label);
  g_signal_connect_object (self->import_revealer, "notify::reveal-child",
                           G_CALLBACK (on_import_revealed), self, 0);
  update_transfer_actions (self);

  g_signal_connect_object (self->list, "map", G_CALLBACK (on_list_mapped), self, 0);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (on_page_changed), self, 0);

  /* The newest session, ready for Enter, once the list is made; or Add
   * Session… */
  update_empty (self);
  gtk_window_set_focus (GTK_WINDOW (self),
                        g_list_model_get_n_items (G_LIST_MODEL (self->rows)) > 0
                        ? GTK_WIDGET (self->list) : self->empty_add_button);

  return self;
}

/**
 * lull_history_window_add_progress_page:
 * @page: the Progress page
 *
 * Adds @page after Sessions, titled “Progress”. With two pages the
 * header shows the view switcher. The window shows the page seen last
 * (the "history-page" setting).
 */
void
lull_history_window_add_progress_page (LullHistoryWindow *self,
                                       GtkWidget         *page)
{
  AdwViewStackPage *stack_page;
  g_autofree char *shown = NULL;

  g_return_if_fail (LULL_IS_HISTORY_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (gtk_widget_get_parent (page) == NULL);

  stack_page = adw_view_stack_add_titled (self->view_stack, page, "progress", _("Progress"));
  adw_view_stack_page_set_icon_name (stack_page, "x-office-calendar-symbolic");

  shown = g_settings_get_string (self->settings, "history-page");
  if (g_str_equal (shown, "progress"))
    {
      adw_view_stack_set_visible_child (self->view_stack, page);
      /* Its first control, the range, once it shows (before, the window
       * would move the focus on). */
      g_signal_connect (page, "map", G_CALLBACK (focus_when_mapped), NULL);
    }
}
