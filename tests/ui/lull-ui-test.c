/* lull-ui-test.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "lull-ui-test.h"

static int test_status;

static void
on_activate_after (GApplication *application,
                   gpointer      user_data)
{
  lull_test_iterate ();
  test_status = g_test_run ();

  /* Windows hold the application; closing them lets it be finalised. */
  while (gtk_application_get_windows (GTK_APPLICATION (application)) != NULL)
    gtk_window_destroy (gtk_application_get_windows (GTK_APPLICATION (application))->data);

  g_application_quit (application);
}

/**
 * lull_test_run_in_application:
 *
 * Runs @application with @argv, and in it, once it has activated, the
 * tests added with g_test_add_func(): a GtkApplication runs once per
 * process, so the tests run inside the one real application.
 *
 * Returns: what g_test_run() returned
 */
int
lull_test_run_in_application (GApplication  *application,
                              int            argc,
                              char         **argv)
{
  g_signal_connect_after (application, "activate", G_CALLBACK (on_activate_after), NULL);
  g_assert_cmpint (g_application_run (application, argc, argv), ==, 0);

  return test_status;
}

/**
 * lull_test_iterate:
 *
 * Runs the main loop until nothing is left to do now.
 */
void
lull_test_iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
on_timeout (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * lull_test_wait_for:
 *
 * Runs the main loop until @done says so, or fails after @seconds: a
 * limit for a test that would hang, never a measure of speed.
 */
void
lull_test_wait_for (gboolean (*done) (gpointer data),
                    gpointer   data,
                    guint      seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, on_timeout, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
  g_assert_true (done (data));
}

/**
 * lull_test_collect_widgets:
 *
 * Adds @root and every widget below it that is a @type to @found.
 */
void
lull_test_collect_widgets (GtkWidget *root,
                           GType      type,
                           GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    lull_test_collect_widgets (child, type, found);
}

/**
 * lull_test_find_toplevel:
 *
 * Returns: (nullable): the first visible window that is a @type
 */
GtkWindow *
lull_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type)
          && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }

  return NULL;
}

/**
 * lull_test_present:
 *
 * Shows @window and lets it settle.
 */
void
lull_test_present (GtkWindow *window)
{
  gtk_window_present (window);
  lull_test_iterate ();
}

/**
 * lull_test_find_widget:
 *
 * Returns: (nullable): the first widget below @root, in the order of the
 *   tree, that is a @type and that @match says yes to
 */
GtkWidget *
lull_test_find_widget (GtkWidget      *root,
                       GType           type,
                       gboolean      (*match) (GtkWidget     *widget,
                                               gconstpointer  data),
                       gconstpointer   data)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  lull_test_collect_widgets (root, type, found);
  for (guint i = 0; i < found->len; i++)
    if (match (g_ptr_array_index (found, i), data))
      return g_ptr_array_index (found, i);

  return NULL;
}

static gboolean
activates (GtkWidget     *button,
           gconstpointer  action_name)
{
  return g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), action_name) == 0
         && gtk_widget_is_visible (button);
}

/**
 * lull_test_find_button_with_action:
 *
 * Returns: (nullable): the first visible button below @root that
 *   activates @action_name
 */
GtkWidget *
lull_test_find_button_with_action (GtkWidget  *root,
                                   const char *action_name)
{
  return lull_test_find_widget (root, GTK_TYPE_BUTTON, activates, action_name);
}

/**
 * lull_test_has_shortcut:
 * @trigger: as gtk_shortcut_trigger_to_string() writes it, “<Control>o”
 *
 * Whether one of @widget's shortcut controllers (its class's bindings
 * included) turns @trigger into @action_name.
 */
gboolean
lull_test_has_shortcut (GtkWidget  *widget,
                        const char *trigger,
                        const char *action_name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          GtkShortcutTrigger *shortcut_trigger = gtk_shortcut_get_trigger (shortcut);
          g_autofree char *text = gtk_shortcut_trigger_to_string (shortcut_trigger);

          if (GTK_IS_NAMED_ACTION (action)
              && g_str_equal (text, trigger)
              && g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)),
                              action_name))
            return TRUE;
        }
    }

  return FALSE;
}

/**
 * lull_test_find_only:
 *
 * Returns: the one widget below @root that is a @type; fails if there is
 *   none or more than one
 */
GtkWidget *
lull_test_find_only (GtkWidget *root,
                     GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  lull_test_collect_widgets (root, type, found);
  g_assert_cmpuint (found->len, ==, 1);

  return g_ptr_array_index (found, 0);
}

static gboolean
toast_titled (GtkWidget     *toast_widget,
              gconstpointer  title)
{
  g_autoptr(AdwToast) toast = NULL;

  g_object_get (toast_widget, "toast", &toast, NULL);

  return toast != NULL && g_strcmp0 (adw_toast_get_title (toast), title) == 0;
}

/* A toast that was dismissed stays in the tree while it slides away (300
 * ms in libadwaita 1.2), maybe with the same title as the one just shown;
 * it no longer takes clicks (hide_current_toast() in adw-toast-overlay.c
 * turns can-target off), and neither should a test. */
static gboolean
toast_on_show (GtkWidget     *toast_widget,
               gconstpointer  title)
{
  return gtk_widget_get_can_target (toast_widget) && toast_titled (toast_widget, title);
}

/**
 * lull_test_find_toast:
 * @title: the toast's whole title, as markup
 *
 * Returns: (nullable): the widget of the toast on show below @root with
 *   this title
 */
GtkWidget *
lull_test_find_toast (GtkWidget  *root,
                      const char *title)
{
  GType toast_widget = g_type_from_name ("AdwToastWidget");

  g_assert_true (toast_widget != G_TYPE_INVALID);

  return lull_test_find_widget (root, toast_widget, toast_on_show, title);
}

/**
 * lull_test_remove_tree:
 *
 * Deletes @path and everything below it, never following a link: for a
 * test's scratch folders.
 */
void
lull_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        lull_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
