/* test-history-window.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lull-application.h"
#include "lull-history-editor.h"
#include "lull-history-rows.h"
#include "lull-history-window.h"
#include "lull-report-print.h"
#include "lull-ui-test.h"

/* In-process checks of the History window against the real application
 * and its history, in a fresh data root: first with no sessions, then with
 * a few over three days of November and one of October (two month files
 * written here, as the history format says), then with 25,000 more. The
 * time zone is Paris, so that the sessions' +01:00 is local time. */

static LullApplication *app;
static char *data_dir;

#define OCTOBER  "2026-10.ini"
#define NOVEMBER "2026-11.ini"

static const char october_text[] =
  "[Lull History]\n"
  "version=1\n"
  "\n"
  "[2026-10-30T08:00:00Z]\n"
  "start=2026-10-30T09:00:00+01:00\n"
  "prime-seconds=120\n"
  "pump-seconds=900\n"
  "volume-ml=80\n"
  "routine=desk-quick\n";

static const char november_text[] =
  "[Lull History]\n"
  "version=1\n"
  "\n"
  "# A note of the parent's own, kept as it is.\n"
  "[2026-11-29T07:00:00Z]\n"
  "start=2026-11-29T08:00:00+01:00\n"
  "prime-seconds=0\n"
  "pump-seconds=600\n"
  "volume-ml=60\n"
  "\n"
  "[2026-11-30T06:40:12Z]\n"
  "start=2026-11-30T07:40:12+01:00\n"
  "prime-seconds=245\n"
  "pump-seconds=960\n"
  "letdowns=130;540\n"
  "volume-ml=90\n"
  "volume-left-ml=50\n"
  "volume-right-ml=40\n"
  "routine=full-relaxation\n"
  "x-future-key=kept as it is\n"
  "\n"
  "[2026-11-30T12:00:00Z]\n"
  "start=2026-11-30T13:00:00+01:00\n"
  "prime-seconds=0\n"
  "pump-seconds=720\n"
  "volume-ml=150\n"
  "routine=desk-quick\n"
  "\n"
  "[2026-11-30T18:00:00Z]\n"
  "start=2026-11-30T19:00:00+01:00\n"
  "prime-seconds=0\n"
  "pump-seconds=600\n"
  "routine=desk-quick\n";

/* --- Files --------------------------------------------------------------- */

static char *
month_path (const char *name)
{
  return g_build_filename (data_dir, "history", name, NULL);
}

static char *
read_month (const char *name)
{
  g_autofree char *path = month_path (name);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return text;
}

static void
write_month (const char *name,
             const char *text)
{
  g_autofree char *folder = g_build_filename (data_dir, "history", NULL);
  g_autofree char *path = month_path (name);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* The value of @key in the session @group of the month file @name. */
static char *
saved_value (const char *name,
             const char *group,
             const char *key)
{
  g_autofree char *path = month_path (name);
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);

  return g_key_file_get_value (keyfile, group, key, NULL);
}

static LullHistory *
history (void)
{
  return lull_application_get_history (app);
}

static void
reload_history (void)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (lull_history_load (history (), problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  lull_test_iterate ();
}

/* --- The window ---------------------------------------------------------- */

static LullHistoryWindow *
open_history (void)
{
  LullHistoryWindow *window = lull_history_window_new (app, NULL);

  lull_test_present (GTK_WINDOW (window));

  return window;
}

static void
close_window (GtkWindow *window)
{
  gtk_window_destroy (window);
  lull_test_iterate ();
}

static GtkListView *
list_of (LullHistoryWindow *window)
{
  return GTK_LIST_VIEW (lull_test_find_only (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW));
}

static AdwViewStack *
stack_of (LullHistoryWindow *window)
{
  return ADW_VIEW_STACK (lull_test_find_only (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
}

static GListModel *
rows_of (LullHistoryWindow *window)
{
  GtkNoSelection *selection = GTK_NO_SELECTION (gtk_list_view_get_model (list_of (window)));

  return gtk_no_selection_get_model (selection);
}

/* The list's row texts on screen (GtkInscriptions), in the order of the
 * tree, each followed by “|”. */
static const char *
text_of (GtkWidget *text)
{
  const char *shown = gtk_inscription_get_text (GTK_INSCRIPTION (text));

  return shown != NULL ? shown : "";
}

static char *
shown_text (LullHistoryWindow *window)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  GString *text = g_string_new (NULL);

  lull_test_collect_widgets (GTK_WIDGET (list_of (window)), GTK_TYPE_INSCRIPTION, texts);
  for (guint i = 0; i < texts->len; i++)
    {
      GtkWidget *shown = g_ptr_array_index (texts, i);

      if (gtk_widget_get_mapped (shown) && text_of (shown)[0] != '\0')
        g_string_append_printf (text, "%s|", text_of (shown));
    }

  return g_string_free (text, FALSE);
}

/* Each of @parts is in @text, in this order. */
static void
assert_in_order (const char         *text,
                 const char * const *parts)
{
  const char *from = text;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *found = strstr (from, parts[i]);

      if (found == NULL)
        g_error ("“%s” is not after “%.*s” in “%s”", parts[i], (int)(from - text), text, text);
      from = found + strlen (parts[i]);
    }
}

static gboolean
says_text (GtkWidget     *shown,
           gconstpointer  text)
{
  return gtk_widget_get_mapped (shown) && g_str_equal (text_of (shown), text);
}

/* The list's own row (what takes the focus) that shows the text @text. */
static GtkWidget *
row_showing (LullHistoryWindow *window,
             const char        *text)
{
  GtkWidget *list = GTK_WIDGET (list_of (window));
  GtkWidget *shown = lull_test_find_widget (list, GTK_TYPE_INSCRIPTION, says_text, text);
  GtkWidget *row = shown;

  g_assert_nonnull (shown);
  while (gtk_widget_get_parent (row) != list)
    row = gtk_widget_get_parent (row);

  return row;
}

static gboolean
focus_on_row (LullHistoryWindow *window,
              const char        *text)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));

  return focus != NULL && focus == row_showing (window, text);
}

static void
activate (GtkWidget  *widget,
          const char *action_name)
{
  g_assert_true (gtk_widget_activate_action (widget, action_name, NULL));
  lull_test_iterate ();
}

/* --- Toasts -------------------------------------------------------------- */

static gboolean
is_any (GtkWidget     *widget,
        gconstpointer  data)
{
  return TRUE;
}

static gboolean
labelled (GtkWidget     *button,
          gconstpointer  label)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), label) == 0;
}

/* --- The editor ---------------------------------------------------------- */

static LullHistoryEditor *
shown_editor (void)
{
  GtkWindow *editor = lull_test_find_toplevel (LULL_TYPE_HISTORY_EDITOR);

  g_assert_nonnull (editor);

  return LULL_HISTORY_EDITOR (editor);
}

static gboolean
row_titled (GtkWidget     *row,
            gconstpointer  title)
{
  return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0;
}

/* The spin button of the editor's row titled @title. */
static GtkSpinButton *
editor_spin (LullHistoryEditor *editor,
             const char        *title)
{
  GtkWidget *row = lull_test_find_widget (GTK_WIDGET (editor), ADW_TYPE_ACTION_ROW,
                                          row_titled, title);
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();

  g_assert_nonnull (row);
  lull_test_collect_widgets (row, GTK_TYPE_SPIN_BUTTON, spins);
  g_assert_cmpuint (spins->len, >=, 1);

  return g_ptr_array_index (spins, 0);
}

static GtkSpinButton *
time_spin (LullHistoryEditor *editor,
           guint              index)
{
  GtkWidget *row = lull_test_find_widget (GTK_WIDGET (editor), ADW_TYPE_ACTION_ROW,
                                          row_titled, "Start Time");
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();

  lull_test_collect_widgets (row, GTK_TYPE_SPIN_BUTTON, spins);
  g_assert_cmpuint (spins->len, ==, 2);

  return g_ptr_array_index (spins, index);
}

static void
set_when (LullHistoryEditor *editor,
          int                year,
          int                month,
          int                day,
          int                hour,
          int                minute)
{
  g_autoptr(GDateTime) date = g_date_time_new_local (year, month, day, 12, 0, 0);
  GtkWidget *calendar = lull_test_find_only (GTK_WIDGET (editor), GTK_TYPE_CALENDAR);

  gtk_calendar_select_day (GTK_CALENDAR (calendar), date);
  gtk_spin_button_set_value (time_spin (editor, 0), hour);
  gtk_spin_button_set_value (time_spin (editor, 1), minute);
}

static gboolean
is_alert (GtkWidget     *label,
          gconstpointer  data)
{
  return gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (label)) == GTK_ACCESSIBLE_ROLE_ALERT;
}

/* What the editor says went wrong, or NULL while it says nothing. */
static const char *
editor_error (LullHistoryEditor *editor)
{
  GtkWidget *label = lull_test_find_widget (GTK_WIDGET (editor), GTK_TYPE_LABEL, is_alert, NULL);
  GtkWidget *revealer;

  g_assert_nonnull (label);
  revealer = gtk_widget_get_ancestor (label, GTK_TYPE_REVEALER);
  if (!gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)))
    return NULL;

  return gtk_label_get_text (GTK_LABEL (label));
}

/* --- Tests --------------------------------------------------------------- */

static void
test_empty (void)
{
  LullHistoryWindow *window = open_history ();
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));
  static const char * const keys[][2] = {
    { "<Control>n", "history.add" },
    { "Delete", "history.delete" },
    { "Escape", "window.close" },
    { "<Control>w", "window.close" },
  };

  g_assert_cmpuint (g_list_model_get_n_items (lull_history_get_records (history ())), ==, 0);

  /* Warm words and Add Session…, with the focus. */
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)), ==, "history.add");
  g_assert_true (gtk_widget_get_mapped (focus));
  g_assert_nonnull (gtk_widget_get_ancestor (focus, ADW_TYPE_STATUS_PAGE));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (list_of (window))));

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (lull_test_has_shortcut (GTK_WIDGET (window), keys[i][0], keys[i][1]));

  /* Escape closes. */
  activate (GTK_WIDGET (window), "window.close");
  g_assert_null (lull_test_find_toplevel (LULL_TYPE_HISTORY_WINDOW));
}

static void
test_progress_page (void)
{
  LullHistoryWindow *window = open_history ();
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_autoptr(GtkSelectionModel) pages = NULL;
  AdwViewStack *stack;
  AdwViewStackPage *stack_page;

  stack = ADW_VIEW_STACK (lull_test_find_only (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));

  /* Nothing empty is ever shown: Sessions alone until the charts come. */
  pages = adw_view_stack_get_pages (stack);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pages)), ==, 1);

  lull_history_window_add_progress_page (window, page);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pages)), ==, 2);
  stack_page = adw_view_stack_get_page (stack, page);
  g_assert_cmpstr (adw_view_stack_page_get_title (stack_page), ==, "Progress");
  g_assert_nonnull (adw_view_stack_page_get_icon_name (stack_page));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "sessions");

  close_window (GTK_WINDOW (window));
}

/* The window opens on the page seen last, with the focus on that page;
 * the list is made only when Sessions shows. */
static void
test_last_page (void)
{
  GSettings *settings = lull_application_get_settings (app);
  LullHistoryWindow *window = lull_history_window_new (app, NULL);
  g_autofree char *page_seen = NULL;
  GtkWidget *page = gtk_button_new_with_label ("Range");
  AdwViewStack *stack = stack_of (window);

  g_settings_set_string (settings, "history-page", "progress");
  lull_history_window_add_progress_page (window, page);
  lull_test_present (GTK_WINDOW (window));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "progress");
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == page);
  g_assert_null (gtk_list_view_get_model (list_of (window)));

  adw_view_stack_set_visible_child_name (stack, "sessions");
  lull_test_iterate ();
  g_assert_nonnull (gtk_list_view_get_model (list_of (window)));
  close_window (GTK_WINDOW (window));

  /* Sessions was seen last now. */
  page_seen = g_settings_get_string (settings, "history-page");
  g_assert_cmpstr (page_seen, ==, "sessions");
  window = lull_history_window_new (app, NULL);
  lull_history_window_add_progress_page (window, gtk_button_new_with_label ("Range"));
  lull_test_present (GTK_WINDOW (window));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack_of (window)), ==, "sessions");
  g_assert_true (focus_on_row (window, "19:00"));
  close_window (GTK_WINDOW (window));
}

static void
test_list (void)
{
  LullHistoryWindow *window;
  GSettings *settings = lull_application_get_settings (app);
  g_autofree char *text = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *ounces = NULL;
  g_autoptr(GObject) first = NULL;
  static const char * const newest_first[] = {
    "Monday 30 November", "3 sessions · 240 mL",
    "19:00", "Quick desk routine", "10 minutes of pumping",
    "13:00", "Quick desk routine", "12 minutes of pumping", "150 mL",
    "07:40", "Full relaxation", "16 minutes of pumping · 2 let‑downs", "90 mL",
    "Sunday 29 November", "1 session · 60 mL",
    "08:00", "Session", "10 minutes of pumping", "60 mL",
    "Friday 30 October", "1 session · 80 mL",
    "09:00", "Quick desk routine", "15 minutes of pumping", "80 mL",
    NULL
  };

  write_month (OCTOBER, october_text);
  write_month (NOVEMBER, november_text);
  reload_history ();

  window = open_history ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (list_of (window))));
  /* Three days and five sessions. */
  g_assert_cmpuint (g_list_model_get_n_items (rows_of (window)), ==, 8);
  first = g_list_model_get_item (rows_of (window), 0);
  g_assert_true (LULL_IS_HISTORY_DAY (first));

  text = shown_text (window);
  assert_in_order (text, newest_first);
  /* The session of 19:00 had no volume counted, and shows none. */
  g_assert_nonnull (strstr (text, "|10 minutes of pumping|13:00|"));

  /* The newest session has the focus, ready for Enter. */
  g_assert_true (focus_on_row (window, "19:00"));

  /* Amounts hidden: no volume anywhere, the counts stay. */
  g_settings_set_boolean (settings, "hide-amounts", TRUE);
  lull_test_iterate ();
  hidden = shown_text (window);
  g_assert_null (strstr (hidden, "mL"));
  g_assert_null (strstr (hidden, "oz"));
  assert_in_order (hidden, (const char * const[]) {
    "Monday 30 November", "3 sessions|", "Sunday 29 November", "1 session|", NULL
  });
  g_settings_reset (settings, "hide-amounts");

  /* In US fluid ounces: 240 mL is 8.1. */
  g_settings_set_string (settings, "volume-unit", "us-fl-oz");
  lull_test_iterate ();
  ounces = shown_text (window);
  g_assert_null (strstr (ounces, "mL"));
  assert_in_order (ounces, (const char * const[]) { "3 sessions · 8.1 fl oz", "5.1 fl oz", NULL });
  g_settings_reset (settings, "volume-unit");

  close_window (GTK_WINDOW (window));
}

static void
test_edit (void)
{
  LullHistoryWindow *window = open_history ();
  g_autofree char *october_before = read_month (OCTOBER);
  g_autofree char *november = NULL;
  g_autofree char *november_after = NULL;
  g_autofree char *october_after = NULL;
  g_autofree char *volume = NULL;
  g_autofree char *left = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *text = NULL;
  LullHistoryEditor *editor;
  GtkWidget *open_button;

  /* Enter (or a click) on the session of 07:40. */
  g_signal_emit_by_name (list_of (window), "activate", 3);
  lull_test_iterate ();
  editor = shown_editor ();
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (editor)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (window));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (time_spin (editor, 0)), ==, 7);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (time_spin (editor, 1)), ==, 40);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (editor_spin (editor, "Pumping Time")), ==, 16);
  /* Entered per side: the log page shows the sides. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (editor_spin (editor, "Left Side")), ==, 50);

  /* A let-down after the end of pumping cannot be saved: said in words,
   * nothing written, every answer still there. */
  gtk_spin_button_set_value (editor_spin (editor, "Pumping Time"), 5);
  activate (GTK_WIDGET (editor), "editor.save");
  g_assert_nonnull (editor_error (editor));
  g_assert_true (lull_test_find_toplevel (LULL_TYPE_HISTORY_EDITOR) == GTK_WINDOW (editor));
  november = read_month (NOVEMBER);
  g_assert_cmpstr (november, ==, november_text);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (editor_spin (editor, "Pumping Time")), ==, 5);

  /* The pumping time as it was, and 20 mL more on the left. */
  gtk_spin_button_set_value (editor_spin (editor, "Pumping Time"), 16);
  gtk_spin_button_set_value (editor_spin (editor, "Left Side"), 70);
  activate (GTK_WIDGET (editor), "editor.save");
  g_assert_null (lull_test_find_toplevel (LULL_TYPE_HISTORY_EDITOR));

  /* Only November's file changed, and in it only the volumes: the
   * start, the seconds of pumping, the unknown key and the note stay. */
  october_after = read_month (OCTOBER);
  g_assert_cmpstr (october_after, ==, october_before);
  november_after = read_month (NOVEMBER);
  g_assert_cmpstr (november_after, !=, november_text);
  volume = saved_value (NOVEMBER, "2026-11-30T06:40:12Z", "volume-ml");
  left = saved_value (NOVEMBER, "2026-11-30T06:40:12Z", "volume-left-ml");
  kept = saved_value (NOVEMBER, "2026-11-30T06:40:12Z", "x-future-key");
  g_assert_cmpstr (volume, ==, "110");
  g_assert_cmpstr (left, ==, "70");
  g_assert_cmpstr (kept, ==, "kept as it is");
  g_free (kept);
  kept = saved_value (NOVEMBER, "2026-11-30T06:40:12Z", "pump-seconds");
  g_assert_cmpstr (kept, ==, "960");
  g_assert_nonnull (strstr (november_after, "# A note of the parent's own, kept as it is.\n"));

  /* The list says so, and the session keeps the focus. */
  text = shown_text (window);
  assert_in_order (text, (const char * const[]) {
    "Monday 30 November", "3 sessions · 260 mL", "07:40", "110 mL", NULL
  });
  g_assert_nonnull (lull_test_find_toast (GTK_WIDGET (window), "Changes saved"));
  g_assert_true (focus_on_row (window, "07:40"));

  /* The row's button, which a screen reader can press, opens it too; and
   * Cancel leaves everything as it was. */
  open_button = lull_test_find_widget (row_showing (window, "07:40"), GTK_TYPE_BUTTON,
                                       is_any, NULL);
  g_assert_nonnull (open_button);
  g_assert_false (gtk_widget_get_focusable (open_button));
  g_signal_emit_by_name (open_button, "clicked");
  lull_test_iterate ();
  editor = shown_editor ();
  g_assert_cmpint (gtk_spin_button_get_value_as_int (time_spin (editor, 1)), ==, 40);
  gtk_spin_button_set_value (editor_spin (editor, "Left Side"), 10);
  activate (GTK_WIDGET (editor), "window.close");
  g_assert_null (lull_test_find_toplevel (LULL_TYPE_HISTORY_EDITOR));
  g_free (october_after);
  october_after = read_month (NOVEMBER);
  g_assert_cmpstr (october_after, ==, november_after);

  close_window (GTK_WINDOW (window));
}

static void
test_delete_undo (void)
{
  LullHistoryWindow *window = open_history ();
  g_autofree char *october_before = read_month (OCTOBER);
  g_autofree char *october_after = NULL;
  g_autofree char *november = NULL;
  g_autofree char *after_delete = NULL;
  g_autofree char *after_undo = NULL;
  g_autofree char *volume = NULL;
  GtkWidget *toast, *undo;

  /* Delete on the session of 13:00. */
  g_assert_true (gtk_widget_grab_focus (row_showing (window, "13:00")));
  activate (GTK_WIDGET (window), "history.delete");

  november = read_month (NOVEMBER);
  g_assert_null (strstr (november, "[2026-11-30T12:00:00Z]"));
  g_assert_nonnull (strstr (november, "[2026-11-30T06:40:12Z]"));
  october_after = read_month (OCTOBER);
  g_assert_cmpstr (october_after, ==, october_before);
  after_delete = shown_text (window);
  g_assert_null (strstr (after_delete, "13:00|"));
  assert_in_order (after_delete, (const char * const[]) {
    "Monday 30 November", "2 sessions · 110 mL", NULL
  });
  /* The next session down has the focus, for another Delete. */
  g_assert_true (focus_on_row (window, "07:40"));

  /* Undo brings it back, in its file and in the list. */
  toast = lull_test_find_toast (GTK_WIDGET (window), "Session deleted");
  g_assert_nonnull (toast);
  undo = lull_test_find_widget (toast, GTK_TYPE_BUTTON, labelled, "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  lull_test_iterate ();

  volume = saved_value (NOVEMBER, "2026-11-30T12:00:00Z", "volume-ml");
  g_assert_cmpstr (volume, ==, "150");
  after_undo = shown_text (window);
  assert_in_order (after_undo, (const char * const[]) {
    "Monday 30 November", "3 sessions · 260 mL", "19:00", "13:00", "150 mL", "07:40", NULL
  });
  g_assert_null (lull_test_find_toast (GTK_WIDGET (window), "Session deleted"));
  g_assert_true (focus_on_row (window, "13:00"));

  /* Delete with nothing focused in the list does nothing. */
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  activate (GTK_WIDGET (window), "history.delete");
  g_assert_cmpuint (g_list_model_get_n_items (lull_history_get_records (history ())), ==, 5);

  close_window (GTK_WINDOW (window));
}

static void
test_add (void)
{
  LullHistoryWindow *window = open_history ();
  g_autofree char *november_before = read_month (NOVEMBER);
  g_autofree char *november_after = NULL;
  g_autofree char *start = NULL;
  g_autofree char *volume = NULL;
  g_autofree char *pump = NULL;
  g_autofree char *text = NULL;
  LullClock *clock = lull_application_get_clock (app);
  g_autoptr(GDateTime) now_before = lull_clock_get_now (clock);
  g_autoptr(GDateTime) now_after = NULL;
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) after = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  LullHistoryEditor *editor;
  int hour, minute;

  activate (GTK_WIDGET (window), "history.add");
  now_after = lull_clock_get_now (clock);
  before = g_date_time_add_hours (now_before, -1);
  after = g_date_time_add_hours (now_after, -1);
  editor = shown_editor ();
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "Add a Past Session");

  /* An hour ago, fifteen minutes of pumping; nothing to delete yet. */
  hour = gtk_spin_button_get_value_as_int (time_spin (editor, 0));
  minute = gtk_spin_button_get_value_as_int (time_spin (editor, 1));
  g_assert_true ((hour == g_date_time_get_hour (before) && minute == g_date_time_get_minute (before))
                 || (hour == g_date_time_get_hour (after) && minute == g_date_time_get_minute (after)));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (editor_spin (editor, "Pumping Time")), ==, 15);
  g_assert_null (lull_test_find_button_with_action (GTK_WIDGET (editor), "editor.delete"));
  g_assert_true (GTK_IS_MENU_BUTTON (gtk_widget_get_ancestor (gtk_window_get_focus (GTK_WINDOW (editor)),
                                                              GTK_TYPE_MENU_BUTTON)));

  /* A start still to come is said so, and nothing is saved. */
  tomorrow = g_date_time_add_days (now_after, 1);
  set_when (editor, g_date_time_get_year (tomorrow), g_date_time_get_month (tomorrow),
            g_date_time_get_day_of_month (tomorrow), 12, 0);
  activate (GTK_WIDGET (editor), "editor.save");
  g_assert_nonnull (editor_error (editor));
  g_assert_nonnull (strstr (editor_error (editor), "has not come yet"));
  g_assert_true (lull_test_find_toplevel (LULL_TYPE_HISTORY_EDITOR) == GTK_WINDOW (editor));

  /* The start of a session already saved: the history's own words. */
  set_when (editor, 2026, 11, 29, 8, 0);
  activate (GTK_WIDGET (editor), "editor.save");
  g_assert_nonnull (editor_error (editor));
  g_assert_nonnull (strstr (editor_error (editor), "already in the history"));
  g_assert_true (lull_test_find_toplevel (LULL_TYPE_HISTORY_EDITOR) == GTK_WINDOW (editor));

  /* A morning in October, summer time still: it goes to October's file. */
  set_when (editor, 2026, 10, 15, 10, 30);
  gtk_spin_button_set_value (editor_spin (editor, "Total Volume"), 100);
  activate (GTK_WIDGET (editor), "editor.save");
  g_assert_null (lull_test_find_toplevel (LULL_TYPE_HISTORY_EDITOR));

  start = saved_value (OCTOBER, "2026-10-15T08:30:00Z", "start");
  volume = saved_value (OCTOBER, "2026-10-15T08:30:00Z", "volume-ml");
  pump = saved_value (OCTOBER, "2026-10-15T08:30:00Z", "pump-seconds");
  g_assert_cmpstr (start, ==, "2026-10-15T10:30:00+02:00");
  g_assert_cmpstr (volume, ==, "100");
  g_assert_cmpstr (pump, ==, "900");
  november_after = read_month (NOVEMBER);
  g_assert_cmpstr (november_after, ==, november_before);

  text = shown_text (window);
  assert_in_order (text, (const char * const[]) {
    "Friday 30 October", "Thursday 15 October", "1 session · 100 mL", "10:30", "Session",
    "15 minutes of pumping", "100 mL", NULL
  });
  g_assert_nonnull (lull_test_find_toast (GTK_WIDGET (window), "Session added"));
  g_assert_true (focus_on_row (window, "10:30"));

  close_window (GTK_WINDOW (window));
}

/* --- Many sessions ------------------------------------------------------- */

#define MANY         25000
#define MANY_PER_DAY 6

static LullRecord *
many_record (guint i)
{
  g_autoptr(GDateTime) first = g_date_time_new_utc (2000, 1, 1, 5, 0, 0);
  g_autoptr(GDateTime) start = g_date_time_add_hours (first, (i / MANY_PER_DAY) * 24
                                                             + (i % MANY_PER_DAY) * 3);
  LullRecord *record = lull_record_new (start);

  lull_record_set_pump_seconds (record, 600);
  lull_record_set_volume_ml (record, 10 + (int)(i % 7));

  return record;
}

/* A copy of the rows, kept only from what items-changed says. */
typedef struct
{
  GListModel *model;
  GPtrArray  *items;
  guint       signals;
} Mirror;

static void
on_mirror_changed (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Mirror     *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->items->len);
  g_ptr_array_remove_range (mirror->items, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror->items, (int)(position + i), g_list_model_get_item (model, position + i));
  mirror->signals++;
}

/* The same items as the model holds: records by identity, days by value. */
static void
assert_mirror (Mirror *mirror)
{
  guint n = g_list_model_get_n_items (mirror->model);

  g_assert_cmpuint (mirror->items->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (mirror->model, i);
      GObject *kept = g_ptr_array_index (mirror->items, i);

      if (LULL_IS_RECORD (item))
        g_assert_true (item == kept);
      else
        {
          g_assert_true (LULL_IS_HISTORY_DAY (kept));
          g_assert_cmpint (g_date_compare (lull_history_day_get_date (LULL_HISTORY_DAY (item)),
                                           lull_history_day_get_date (LULL_HISTORY_DAY (kept))), ==, 0);
          g_assert_cmpuint (lull_history_day_get_n_sessions (LULL_HISTORY_DAY (item)), ==,
                            lull_history_day_get_n_sessions (LULL_HISTORY_DAY (kept)));
          g_assert_cmpint (lull_history_day_get_volume_ml (LULL_HISTORY_DAY (item)), ==,
                           lull_history_day_get_volume_ml (LULL_HISTORY_DAY (kept)));
        }
    }
}

static void
test_rows_model (void)
{
  g_autoptr(GListStore) records = g_list_store_new (LULL_TYPE_RECORD);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(LullHistoryRows) rows = NULL;
  g_autoptr(GObject) item = NULL;
  g_autoptr(LullRecord) travelling = NULL;
  g_autoptr(GDateTime) late = NULL;
  Mirror mirror = { NULL, NULL, 0 };
  guint n_days = (MANY + MANY_PER_DAY - 1) / MANY_PER_DAY;
  guint signals;

  for (guint i = 0; i < MANY; i++)
    g_ptr_array_add (batch, many_record (i));
  g_list_store_splice (records, 0, 0, batch->pdata, batch->len);

  rows = lull_history_rows_new (G_LIST_MODEL (records));
  g_assert_cmpuint (lull_history_rows_get_n_days (rows), ==, n_days);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, MANY + n_days);

  /* Newest day first, with its own totals, then its newest session. */
  item = g_list_model_get_item (G_LIST_MODEL (rows), 0);
  g_assert_true (LULL_IS_HISTORY_DAY (item));
  g_assert_cmpuint (lull_history_day_get_n_sessions (LULL_HISTORY_DAY (item)), ==,
                    MANY - (n_days - 1) * MANY_PER_DAY);
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (rows), 1);
  g_assert_true (item == g_ptr_array_index (batch, MANY - 1));
  g_clear_object (&item);
  /* The oldest session is the last row. */
  item = g_list_model_get_item (G_LIST_MODEL (rows), MANY + n_days - 1);
  g_assert_true (item == g_ptr_array_index (batch, 0));
  g_assert_cmpuint (lull_history_rows_find_record (rows, LULL_RECORD (item)), ==, MANY + n_days - 1);
  g_clear_object (&item);

  mirror.model = G_LIST_MODEL (rows);
  mirror.items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (mirror.model); i++)
    g_ptr_array_add (mirror.items, g_list_model_get_item (mirror.model, i));
  g_signal_connect (rows, "items-changed", G_CALLBACK (on_mirror_changed), &mirror);

  /* One session out of the middle: its day's heading and its row. */
  g_list_store_remove (records, 12345);
  g_assert_cmpuint (mirror.signals, ==, 1);
  assert_mirror (&mirror);

  /* A whole day out: its heading goes too. */
  g_list_store_splice (records, 600, MANY_PER_DAY, NULL, 0);
  assert_mirror (&mirror);
  g_assert_cmpuint (lull_history_rows_get_n_days (rows), ==, n_days - 1);

  /* Nothing that changes the rows says nothing. */
  signals = mirror.signals;
  g_list_store_splice (records, 0, 0, NULL, 0);
  g_assert_cmpuint (mirror.signals, ==, signals);

  /* A session late at night somewhere east: by its start it comes before
   * the newest, by its local date it is a day later, and it is shown on
   * its own day, at the top. */
  late = g_date_time_new_from_iso8601 ("2011-05-30T00:30:00+12:00", NULL);
  g_assert_nonnull (late);
  travelling = lull_record_new (late);
  g_list_store_insert (records, g_list_model_get_n_items (G_LIST_MODEL (records)) - 1, travelling);
  assert_mirror (&mirror);
  item = g_list_model_get_item (G_LIST_MODEL (rows), 1);
  g_assert_true (item == (GObject *)travelling);
  g_clear_object (&item);

  /* Everything out, then back. */
  g_list_store_remove_all (records);
  assert_mirror (&mirror);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 0);
  g_list_store_splice (records, 0, 0, batch->pdata, batch->len);
  assert_mirror (&mirror);

  g_signal_handlers_disconnect_by_data (rows, &mirror);
  g_ptr_array_unref (mirror.items);
}

static void
write_many (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *month = NULL;

  for (guint i = 0; i < MANY; i++)
    {
      g_autoptr(LullRecord) record = many_record (i);
      g_autoptr(GDateTime) local = g_date_time_to_utc (lull_record_get_start (record));
      g_autofree char *this_month = g_date_time_format (local, "%Y-%m");
      g_autofree char *start = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S+00:00");

      if (month != NULL && !g_str_equal (month, this_month))
        {
          g_autofree char *name = g_strconcat (month, ".ini", NULL);

          write_month (name, text->str);
          g_string_truncate (text, 0);
        }
      if (text->len == 0)
        g_string_append (text, "[Lull History]\nversion=1\n");
      g_free (month);
      month = g_steal_pointer (&this_month);
      g_string_append_printf (text, "\n[%s]\nstart=%s\npump-seconds=600\nvolume-ml=%d\n",
                              lull_record_get_key (record), start,
                              lull_record_get_volume_ml (record));
    }

  {
    g_autofree char *name = g_strconcat (month, ".ini", NULL);

    write_month (name, text->str);
  }
}

static void
test_many (void)
{
  LullHistoryWindow *window;
  GtkWidget *list;
  guint n_rows, n_children = 0;
  g_autofree char *text = NULL;

  write_many ();
  reload_history ();
  g_assert_cmpuint (g_list_model_get_n_items (lull_history_get_records (history ())), ==, MANY + 6);

  window = open_history ();
  list = GTK_WIDGET (list_of (window));
  n_rows = g_list_model_get_n_items (rows_of (window));
  g_assert_cmpuint (n_rows, >, MANY);

  /* A screenful of rows and a margin, never one a session. */
  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n_children++;
  g_assert_cmpuint (n_children, >, 0);
  g_assert_cmpuint (n_children, <, 500);

  /* Still the newest first, with the focus. */
  text = shown_text (window);
  assert_in_order (text, (const char * const[]) { "Monday 30 November", "19:00", NULL });
  g_assert_true (focus_on_row (window, "19:00"));

  close_window (GTK_WINDOW (window));
}

/* Cancel goes with the progress bar once the import is done. */
static gboolean
import_finished (gpointer data)
{
  GtkWidget *cancel = lull_test_find_button_with_action (GTK_WIDGET (data),
                                                         "history.cancel-import");

  return cancel == NULL || !gtk_widget_get_visible (gtk_widget_get_ancestor (cancel,
                                                                             GTK_TYPE_REVEALER));
}

static gboolean
label_contains (GtkWidget     *label,
                gconstpointer  text)
{
  return strstr (gtk_label_get_text (GTK_LABEL (label)), text) != NULL;
}

/* Import from CSV… with a file chosen: the good rows join the list, the
 * toast counts them, and Details names the row left out by its line. */
static void
test_import_csv (void)
{
  g_autofree char *path = g_build_filename (data_dir, "import.csv", NULL);
  LullHistoryWindow *window;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GObject) first = NULL;
  GtkWidget *toast, *details, *dialog;
  const char *csv =
    "start,pump_seconds,prime_seconds,first_letdown_seconds,letdown_count,letdowns,"
    "volume_ml,volume_left_ml,volume_right_ml,ease,calm_before,calm_after,routine,place,"
    "cues,notes\r\n"
    "2026-12-01T05:30:00+01:00,600,0,,0,,,,,,,,,,,From a spreadsheet\r\n"
    "2026-12-01T06:00:00+01:00,six hundred,0,,0,,,,,,,,,,,\r\n";

  g_assert_true (g_file_set_contents (path, csv, -1, NULL));
  window = open_history ();
  lull_history_window_import_csv (window, file);
  /* Read off the main thread: Cancel is there meanwhile. */
  g_assert_true (gtk_widget_is_sensitive (lull_test_find_button_with_action (GTK_WIDGET (window),
                                                                            "history.cancel-import")));
  lull_test_wait_for (import_finished, window, 10);

  toast = lull_test_find_toast (GTK_WIDGET (window), "1 session imported. 1 row was left out.");
  g_assert_nonnull (toast);
  /* The newest now, at the top of the list under its day. */
  first = g_list_model_get_item (rows_of (window), 1);
  g_assert_true (LULL_IS_RECORD (first));
  g_assert_cmpstr (lull_record_get_notes (LULL_RECORD (first)), ==, "From a spreadsheet");

  details = lull_test_find_widget (toast, GTK_TYPE_BUTTON, labelled, "_Details");
  g_assert_nonnull (details);
  g_signal_emit_by_name (details, "clicked");
  lull_test_iterate ();
  dialog = GTK_WIDGET (lull_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_nonnull (lull_test_find_widget (dialog, GTK_TYPE_LABEL, label_contains,
                                           "Line 3 of import.csv, column “pump_seconds”"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  close_window (GTK_WINDOW (window));
}

/* The print operation draws the same pages as the command line: saved
 * as PDF, its text and page numbers are there. */
static void
test_print_report (void)
{
  g_autofree char *path = g_build_filename (data_dir, "report.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", NULL, "-", NULL };
  int status;

  g_assert_cmpint (lull_report_print (app, NULL, path, &error), ==,
                   GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  if (pdftotext == NULL)
    {
      g_test_skip ("poppler-utils is not installed");
      return;
    }
  argv[1] = path;
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &text, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "Pumping Report"));
  g_assert_nonnull (strstr (text, "Time to the First Let-Down"));
  g_assert_nonnull (strstr (text, "Page 1 of"));
}

static void
on_activate (GApplication *application,
             gpointer      user_data)
{
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

int
main (int   argc,
      char *argv[])
{
  char *app_argv[] = { (char *)"lull", (char *)"--data-dir", NULL, NULL };
  int status;

  /* The words are checked in English, the times in Paris. */
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("TZ", "Europe/Paris", TRUE);

  g_test_init (&argc, &argv, NULL);

  /* In this order: each builds on what the one before left. */
  g_test_add_func ("/history-window/empty", test_empty);
  g_test_add_func ("/history-window/progress-page", test_progress_page);
  g_test_add_func ("/history-window/list", test_list);
  g_test_add_func ("/history-window/edit", test_edit);
  g_test_add_func ("/history-window/delete-undo", test_delete_undo);
  g_test_add_func ("/history-window/add", test_add);
  g_test_add_func ("/history-window/rows-model", test_rows_model);
  g_test_add_func ("/history-window/many", test_many);
  g_test_add_func ("/history-window/last-page", test_last_page);
  g_test_add_func ("/history-window/import-csv", test_import_csv);
  g_test_add_func ("/history-window/print-report", test_print_report);

  data_dir = g_dir_make_tmp ("lull-ui-history-XXXXXX", NULL);
  app_argv[2] = data_dir;

  app = lull_application_new ();
  /* Toasts and pages change at once, without waiting for frames. */
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  status = lull_test_run_in_application (G_APPLICATION (app), 3, app_argv);
  g_assert_finalize_object (app);

  lull_test_remove_tree (data_dir);
  g_free (data_dir);

  return status;
}
