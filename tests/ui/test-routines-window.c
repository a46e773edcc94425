/* test-routines-window.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lull-application.h"
#include "lull-routines-window.h"
#include "lull-ui-test.h"
#include "lull-window.h"

/* In-process checks of the Routines window against the real application
 * and a fresh data root: the files it writes are read back from the disk,
 * and the routines from the application's list, as the home page sees
 * them. */

static LullApplication *app;
static char *data_dir;

static LullRoutinesWindow *
open_window (void)
{
  GtkWindow *main_window = lull_test_find_toplevel (LULL_TYPE_WINDOW);
  LullRoutinesWindow *window = lull_routines_window_new (app, main_window);

  lull_test_present (GTK_WINDOW (window));

  return window;
}

static void
close_window (LullRoutinesWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  lull_test_iterate ();
}

static char *
routine_path (const char *file_name)
{
  return g_build_filename (data_dir, "routines", file_name, NULL);
}

static GKeyFile *
read_routine (const char *file_name)
{
  g_autofree char *path = routine_path (file_name);
  g_autoptr(GError) error = NULL;
  GKeyFile *keyfile = g_key_file_new ();

  g_key_file_load_from_file (keyfile, path, G_KEY_FILE_KEEP_TRANSLATIONS, &error);
  g_assert_no_error (error);

  return keyfile;
}

static void
assert_value (GKeyFile   *keyfile,
              const char *group,
              const char *key,
              const char *expected)
{
  g_autofree char *value = g_key_file_get_value (keyfile, group, key, NULL);

  g_assert_cmpstr (value, ==, expected);
}

static LullRoutine *
listed (const char *name)
{
  GListModel *routines = lull_application_get_routines (app);

  for (guint i = 0; i < g_list_model_get_n_items (routines); i++)
    {
      g_autoptr(LullRoutine) routine = g_list_model_get_item (routines, i);

      if (g_strcmp0 (lull_routine_get_name (routine), name) == 0)
        return routine;
    }

  return NULL;
}

static gboolean
group_titled (GtkWidget     *widget,
              gconstpointer  title)
{
  return g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), title) == 0;
}

static gboolean
row_titled (GtkWidget     *widget,
            gconstpointer  title)
{
  return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_any (GtkWidget     *widget,
        gconstpointer  data)
{
  return TRUE;
}

static gboolean
is_error_label (GtkWidget     *widget,
                gconstpointer  data)
{
  return gtk_widget_has_css_class (widget, "error");
}

static gboolean
is_named_move (GtkWidget     *widget,
               gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (widget), "Move Up (Alt+Up)") == 0
         && gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_GROUP) != NULL
         && group_titled (gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_GROUP),
                          "Step 1");
}

/* The row of the field @title in the group @group ("Routine", "Step 2"). */
static GtkWidget *
field_row (LullRoutinesWindow *window,
           const char         *group,
           const char         *title)
{
  GtkWidget *found = lull_test_find_widget (GTK_WIDGET (window), ADW_TYPE_PREFERENCES_GROUP,
                                            group_titled, group);
  GtkWidget *row;

  g_assert_nonnull (found);
  row = lull_test_find_widget (found, ADW_TYPE_PREFERENCES_ROW, row_titled, title);
  g_assert_nonnull (row);

  return row;
}

static GtkWidget *
field_control (LullRoutinesWindow *window,
               const char         *group,
               const char         *title,
               GType               type)
{
  GtkWidget *control = lull_test_find_widget (field_row (window, group, title), type, is_any, NULL);

  g_assert_nonnull (control);

  return control;
}

static void
type_into (LullRoutinesWindow *window,
           const char         *group,
           const char         *title,
           const char         *text)
{
  GtkWidget *entry = field_control (window, group, title, GTK_TYPE_ENTRY);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  lull_test_iterate ();
}

static gboolean
save_enabled (LullRoutinesWindow *window)
{
  GtkWidget *save = lull_test_find_button_with_action (GTK_WIDGET (window), "routines.save");

  g_assert_nonnull (save);

  return gtk_widget_is_sensitive (save);
}

static void
act (LullRoutinesWindow *window,
     const char         *action,
     GVariant           *parameter)
{
  /* A floating parameter is ours to sink: the action only borrows it. */
  g_autoptr(GVariant) owned = parameter != NULL ? g_variant_ref_sink (parameter) : NULL;

  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), action, owned));
  lull_test_iterate ();
}

static void
select_routine (LullRoutinesWindow *window,
                const char         *name)
{
  GtkWidget *row = lull_test_find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                          row_titled, name);

  g_assert_nonnull (row);
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));
  lull_test_iterate ();
}

static void
test_open (void)
{
  LullRoutinesWindow *window = open_window ();
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                "app.routines");

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Routines");
  g_assert_false (gtk_window_get_modal (GTK_WINDOW (window)));

  /* The built-in routines are listed, and the focus is on the first. */
  g_assert_nonnull (lull_test_find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                           row_titled, "Full relaxation"));
  g_assert_true (GTK_IS_LIST_BOX_ROW (focus));

  /* The first one is shown, read-only, with Duplicate to Change. */
  g_assert_false (save_enabled (window));
  g_assert_false (gtk_widget_is_sensitive (field_control (window, "Routine", "Name",
                                                           GTK_TYPE_ENTRY)));
  g_assert_true (gtk_widget_is_sensitive (lull_test_find_button_with_action (GTK_WIDGET (window),
                                                                             "routines.duplicate")));

  g_assert_cmpstr (accels[0], ==, "<Control>t");
  g_assert_true (lull_test_has_shortcut (GTK_WIDGET (window), "<Control>s", "routines.save"));
  g_assert_true (lull_test_has_shortcut (GTK_WIDGET (window), "<Control>n", "routines.new"));
  g_assert_true (lull_test_has_shortcut (GTK_WIDGET (window), "<Alt>Up",
                                         "routines.move-focused-step"));
  g_assert_true (lull_test_has_shortcut (GTK_WIDGET (window), "Escape", "window.close"));

  close_window (window);
}

/* New, three steps, a reorder with Alt+Up, a bad value, then Save. */
static void
test_create_edit_save (void)
{
  LullRoutinesWindow *window = open_window ();
  g_autofree char *path = routine_path ("my-routine.lullroutine");
  g_autoptr(GKeyFile) saved = NULL;
  GtkWidget *prompt, *error, *focus;
  GStatBuf info;

  act (window, "routines.new", NULL);

  /* Written at once, private to the parent, and listed; the focus is on
   * its name, to type over. */
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_assert_nonnull (listed ("My routine"));
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_true (focus == field_control (window, "Routine", "Name", GTK_TYPE_ENTRY)
                 || gtk_widget_is_ancestor (focus, field_control (window, "Routine", "Name",
                                                                  GTK_TYPE_ENTRY)));
  g_assert_false (save_enabled (window));

  type_into (window, "Routine", "Name", "Evening calm");
  g_assert_true (save_enabled (window));

  act (window, "routines.add-step", NULL);
  act (window, "routines.add-step", NULL);
  type_into (window, "Step 2", "Prompt", "Breathe in slowly.");
  type_into (window, "Step 3", "Prompt", "Start the pump gently.");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (field_control (window, "Step 3", "Kind of Step",
                                                            GTK_TYPE_DROP_DOWN)),
                              LULL_STEP_KIND_STIMULATION);
  lull_test_iterate ();

  /* The first step cannot move up, nor the last down. */
  g_assert_false (gtk_widget_is_sensitive (lull_test_find_widget (
    GTK_WIDGET (window), GTK_TYPE_BUTTON, is_named_move, "Move Step 1 Up")));

  /* Alt+Up in step 3's prompt: the step moves up, and the focus with it. */
  prompt = field_control (window, "Step 3", "Prompt", GTK_TYPE_ENTRY);
  gtk_widget_grab_focus (prompt);
  act (window, "routines.move-focused-step", g_variant_new_int32 (-1));
  prompt = field_control (window, "Step 2", "Prompt", GTK_TYPE_ENTRY);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (prompt)), ==, "Start the pump gently.");
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_true (focus == prompt || gtk_widget_is_ancestor (focus, prompt));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field_control (window, "Step 3", "Prompt",
                                                                       GTK_TYPE_ENTRY))),
                   ==, "Breathe in slowly.");

  /* An empty prompt would not load: Save goes off, and the reason shows
   * under the field, and to a screen reader on the field itself. */
  type_into (window, "Step 1", "Prompt", "");
  g_assert_false (save_enabled (window));
  error = lull_test_find_widget (field_row (window, "Step 1", "Prompt"), GTK_TYPE_LABEL,
                                 is_error_label, NULL);
  g_assert_nonnull (error);
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error)), ==, "The text is empty.");
  g_assert_true (gtk_widget_has_css_class (field_control (window, "Step 1", "Prompt",
                                                          GTK_TYPE_ENTRY), "error"));

  /* A pace below 3 breaths a minute, by its own field too. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field_control (window, "Step 3", "Breathing Pace",
                                                             GTK_TYPE_SPIN_BUTTON)), 1);
  lull_test_iterate ();
  error = lull_test_find_widget (field_row (window, "Step 3", "Breathing Pace"), GTK_TYPE_LABEL,
                                 is_error_label, NULL);
  g_assert_true (gtk_widget_get_visible (error));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field_control (window, "Step 3", "Breathing Pace",
                                                             GTK_TYPE_SPIN_BUTTON)), 6);
  lull_test_iterate ();
  g_assert_false (gtk_widget_get_visible (error));

  type_into (window, "Step 1", "Prompt", "Something warm.");
  error = lull_test_find_widget (field_row (window, "Step 1", "Prompt"), GTK_TYPE_LABEL,
                                 is_error_label, NULL);
  g_assert_false (gtk_widget_get_visible (error));
  g_assert_true (save_enabled (window));

  act (window, "routines.save", NULL);
  g_assert_false (save_enabled (window));
  g_assert_nonnull (lull_test_find_toast (GTK_WIDGET (window), "Routine saved"));

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  saved = read_routine ("my-routine.lullroutine");
  assert_value (saved, "Routine", "name", "Evening calm");
  assert_value (saved, "Step 1", "prompt", "Something warm.");
  assert_value (saved, "Step 2", "prompt", "Start the pump gently.");
  assert_value (saved, "Step 2", "kind", "stimulation");
  assert_value (saved, "Step 3", "prompt", "Breathe in slowly.");
  assert_value (saved, "Step 3", "breaths-per-minute", "6");
  g_assert_false (g_key_file_has_group (saved, "Step 4"));

  /* The application lists it under its new name, for the home page. */
  g_assert_nonnull (listed ("Evening calm"));
  g_assert_null (listed ("My routine"));
  g_assert_cmpuint (lull_routine_get_n_steps (listed ("Evening calm")), ==, 3);

  close_window (window);
}

/* A built-in routine is copied, translations and all, and stays as it is. */
static void
test_duplicate_builtin (void)
{
  LullRoutinesWindow *window = open_window ();
  g_autoptr(GKeyFile) copy = NULL;
  LullRoutine *builtin;

  select_routine (window, "Quick desk routine");
  /* Delete does nothing to a built-in routine. */
  gtk_widget_activate_action (GTK_WIDGET (window), "routines.delete", NULL);
  lull_test_iterate ();
  g_assert_nonnull (listed ("Quick desk routine"));
  g_assert_null (lull_test_find_toast (GTK_WIDGET (window), "“Quick desk routine” deleted"));

  act (window, "routines.duplicate", NULL);

  copy = read_routine ("desk-quick-2.lullroutine");
  assert_value (copy, "Routine", "id", "desk-quick-2");
  assert_value (copy, "Routine", "name", "Quick desk routine (copy)");
  assert_value (copy, "Routine", "name[es]", "Rutina rápida de escritorio");

  builtin = listed ("Quick desk routine");
  g_assert_nonnull (builtin);
  g_assert_true (lull_routine_get_builtin (builtin));
  g_assert_cmpstr (lull_routine_get_id (builtin), ==, "desk-quick");
  g_assert_nonnull (listed ("Quick desk routine (copy)"));

  /* The copy is shown, and it can be changed. */
  g_assert_true (gtk_widget_is_sensitive (field_control (window, "Routine", "Name",
                                                          GTK_TYPE_ENTRY)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field_control (window, "Routine", "Name",
                                                                       GTK_TYPE_ENTRY))),
                   ==, "Quick desk routine (copy)");

  close_window (window);
}

static gboolean
labelled (GtkWidget     *widget,
          gconstpointer  label)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static void
test_delete_undo (void)
{
  LullRoutinesWindow *window = open_window ();
  g_autofree char *path = routine_path ("desk-quick-2.lullroutine");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWidget *toast, *undo;
  GStatBuf info;

  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  select_routine (window, "Quick desk routine (copy)");
  /* A change not saved yet when the routine is deleted. */
  type_into (window, "Routine", "Name", "Quick desk routine, warmer");
  act (window, "routines.delete", NULL);

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (listed ("Quick desk routine (copy)"));

  toast = lull_test_find_toast (GTK_WIDGET (window), "“Quick desk routine (copy)” deleted");
  g_assert_nonnull (toast);
  undo = lull_test_find_widget (toast, GTK_TYPE_BUTTON, labelled, "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  lull_test_iterate ();

  /* Back under its own name, as it was, and listed again. */
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_assert_nonnull (listed ("Quick desk routine (copy)"));

  /* The change comes back too, in the form, still to be saved. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field_control (window, "Routine", "Name",
                                                                       GTK_TYPE_ENTRY))),
                   ==, "Quick desk routine, warmer");
  g_assert_true (save_enabled (window));
  /* Against the file as saved: typed back, there is nothing to save. */
  type_into (window, "Routine", "Name", "Quick desk routine (copy)");
  g_assert_false (save_enabled (window));

  close_window (window);
}

static void
click_undo (LullRoutinesWindow *window,
            const char         *toast_text)
{
  GtkWidget *toast = lull_test_find_toast (GTK_WIDGET (window), toast_text);
  GtkWidget *undo;

  g_assert_nonnull (toast);
  undo = lull_test_find_widget (toast, GTK_TYPE_BUTTON, labelled, "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  lull_test_iterate ();
}

/* Undo never writes over a routine that took the deleted one's file name
 * and id meanwhile; and after a second deletion, its own Undo works. */
static void
test_undo_after_more_changes (void)
{
  LullRoutinesWindow *window = open_window ();
  g_autofree char *second = routine_path ("desk-quick-2.lullroutine");
  g_autofree char *third = routine_path ("desk-quick-2-2.lullroutine");
  g_autoptr(GKeyFile) newer = NULL;
  g_autoptr(GKeyFile) restored = NULL;

  newer = read_routine ("desk-quick-2.lullroutine");
  select_routine (window, "Quick desk routine (copy)");
  act (window, "routines.delete", NULL);
  g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));

  /* Meanwhile a new routine (an import, say) takes the free id and file
   * name. Written here, not through the form, so that the toast is still
   * there to answer however slow the build. */
  g_key_file_set_string (newer, "Routine", "description", "The newer one.");
  g_assert_true (g_key_file_save_to_file (newer, second, NULL));
  lull_application_reload_routines (app);
  lull_test_iterate ();

  click_undo (window, "“Quick desk routine (copy)” deleted");
  g_clear_pointer (&newer, g_key_file_unref);
  newer = read_routine ("desk-quick-2.lullroutine");
  assert_value (newer, "Routine", "description", "The newer one.");
  restored = read_routine ("desk-quick-2-2.lullroutine");
  assert_value (restored, "Routine", "id", "desk-quick-2-2");

  /* Two deletions in a row: the second's Undo brings back the second. */
  select_routine (window, "Quick desk routine (copy)");
  act (window, "routines.delete", NULL);
  select_routine (window, "Quick desk routine (copy)");
  act (window, "routines.delete", NULL);
  g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (third, G_FILE_TEST_EXISTS));
  click_undo (window, "“Quick desk routine (copy)” deleted");
  /* Listed by file name, "desk-quick-2-2" went first. */
  g_assert_true (g_file_test (second, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (third, G_FILE_TEST_EXISTS));
  g_assert_nonnull (listed ("Quick desk routine (copy)"));

  close_window (window);
}

static AdwMessageDialog *
find_dialog (void)
{
  return ADW_MESSAGE_DIALOG (lull_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

/* Closing with changes not saved asks; Cancel keeps the window and the
 * changes, Discard closes and leaves the file as it was. */
static void
test_unsaved_changes (void)
{
  LullRoutinesWindow *window = open_window ();
  g_autoptr(GKeyFile) saved = NULL;
  AdwMessageDialog *dialog;

  select_routine (window, "Evening calm");
  type_into (window, "Routine", "Name", "Evening calm, changed");

  gtk_window_close (GTK_WINDOW (window));
  lull_test_iterate ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  lull_test_iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field_control (window, "Routine", "Name",
                                                                       GTK_TYPE_ENTRY))),
                   ==, "Evening calm, changed");

  /* Choosing another routine asks too; the list stays on this one. */
  select_routine (window, "Full relaxation");
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  lull_test_iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field_control (window, "Routine", "Name",
                                                                       GTK_TYPE_ENTRY))),
                   ==, "Evening calm, changed");

  g_object_ref (window);
  gtk_window_close (GTK_WINDOW (window));
  lull_test_iterate ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  gtk_window_destroy (GTK_WINDOW (dialog));
  lull_test_iterate ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_object_unref (window);

  saved = read_routine ("my-routine.lullroutine");
  assert_value (saved, "Routine", "name", "Evening calm");
}

int
main (int   argc,
      char *argv[])
{
  char *app_argv[] = { (char *)"lull", (char *)"--data-dir", NULL, NULL };
  int status;

  /* The names and messages are checked in English. */
  g_setenv ("LANGUAGE", "C", TRUE);

  g_test_init (&argc, &argv, NULL);

  /* In this order: each builds on what the one before left. */
  g_test_add_func ("/routines-window/open", test_open);
  g_test_add_func ("/routines-window/create-edit-save", test_create_edit_save);
  g_test_add_func ("/routines-window/duplicate-builtin", test_duplicate_builtin);
  g_test_add_func ("/routines-window/delete-undo", test_delete_undo);
  g_test_add_func ("/routines-window/undo-after-more-changes", test_undo_after_more_changes);
  g_test_add_func ("/routines-window/unsaved-changes", test_unsaved_changes);

  data_dir = g_dir_make_tmp ("lull-ui-routines-XXXXXX", NULL);
  app_argv[2] = data_dir;

  app = lull_application_new ();
  status = lull_test_run_in_application (G_APPLICATION (app), 3, app_argv);
  g_assert_finalize_object (app);

  lull_test_remove_tree (data_dir);
  g_free (data_dir);

  return status;
}
