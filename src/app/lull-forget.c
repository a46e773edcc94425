/* lull-forget.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lull-forget.h"
#include "lull-traces.h"

/* Forget This Computer, in portable mode: two confirmations, as deleting
 * a parent's sessions and photos deserves. The first names what Lull
 * found outside its folder and offers to delete the folder too; the
 * second, only then, names the folder and what it holds. The finding and
 * deleting are in src/core/lull-traces.c. */

typedef struct
{
  LullApplication *app;
  GtkWindow       *parent;
  GPtrArray       *traces;
  GtkSwitch       *delete_folder;
} Forget;

static void
forget_clear (Forget *forget)
{
  g_object_unref (forget->app);
  g_clear_object (&forget->parent);
  g_ptr_array_unref (forget->traces);
}

/* Each dialog's response handler holds a reference, let go when the
 * dialog goes, answered or not (its window closed, Lull quitting). */
static void
forget_release (gpointer  data,
                GClosure *closure)
{
  g_rc_box_release_full (data, (GDestroyNotify)forget_clear);
}

static const char *
data_root_path (Forget *forget)
{
  return lull_data_root_get_path (lull_application_get_data_root (forget->app));
}

/* One line for each place, as a list. */
static char *
describe_traces (GPtrArray *traces)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < traces->len; i++)
    {
      g_autofree char *line = lull_trace_describe (g_ptr_array_index (traces, i));

      g_string_append_printf (text, "\n• %s", line);
    }

  return g_string_free (text, FALSE);
}

static GtkWidget *
message_new (GtkWindow  *parent,
             const char *heading,
             const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  return dialog;
}

/* Cancel is the default: Enter or Escape deletes nothing. */
static GtkWidget *
confirmation_new (GtkWindow  *parent,
                  const char *heading,
                  const char *body,
                  const char *response,
                  const char *label)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    response, label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

/* When the folder stays: what was cleared, and what could not be. */
static void
tell_cleared (Forget     *forget,
              const char *problem)
{
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *folder = g_filename_display_name (data_root_path (forget));

  if (forget->traces->len == 0)
    g_string_append_printf (body, _("Lull had left nothing on this computer outside its "
                                    "folder “%s”."),
                            folder);
  else
    {
      g_autofree char *list = describe_traces (forget->traces);

      lull_traces_remove (forget->traces, failures);
      g_string_append_printf (body, _("Lull cleared from this computer:\n%s"), list);
    }

  for (guint i = 0; i < failures->len; i++)
    g_string_append_printf (body, "\n\n%s", (char *)g_ptr_array_index (failures, i));
  if (problem != NULL)
    g_string_append_printf (body, "\n\n%s", problem);
  else
    g_string_append_printf (body, _("\n\nYour sessions and photos are still in “%s”."), folder);

  gtk_window_present (GTK_WINDOW (message_new (forget->parent, _("This Computer Is Forgotten"),
                                               body->str)));
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    Forget           *forget)
{
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);

  if (g_str_equal (response, "delete"))
    {
      lull_traces_remove (forget->traces, failures);
      lull_application_forget_data_root (forget->app, failures);
    }
}

static char *
describe_contents (Forget *forget)
{
  LullApplication *app = forget->app;
  LullHistory *history = lull_application_get_history (app);
  g_autoptr(LullHistory) loaded = NULL;
  g_autofree char *recordings_folder = NULL;
  g_autofree char *sessions = NULL;
  g_autofree char *photos = NULL;
  g_autofree char *recordings = NULL;
  g_autofree char *folder = g_filename_display_name (data_root_path (forget));
  guint n_sessions, n_photos, n_recordings;

  /* The months beyond this one may still be on their way in. */
  if (lull_history_get_loading (history))
    {
      history = loaded = lull_history_new (lull_application_get_data_root (app));
      lull_history_load (loaded, NULL, NULL);
    }
  n_sessions = g_list_model_get_n_items (lull_history_get_records (history));
  n_photos = g_list_model_get_n_items (
    lull_photo_set_get_photos (lull_application_get_photo_set (app)));
  recordings_folder = g_build_filename (data_root_path (forget), "recordings", NULL);
  n_recordings = lull_traces_count_files (recordings_folder);

  sessions = g_strdup_printf (ngettext ("%u session", "%u sessions", n_sessions), n_sessions);
  photos = g_strdup_printf (ngettext ("%u photo or clip", "%u photos and clips", n_photos),
                            n_photos);
  recordings = g_strdup_printf (ngettext ("%u recording", "%u recordings", n_recordings),
                                n_recordings);

  /* Translators: the folder, then “3 sessions”, “2 photos and clips” and
   * “1 recording” */
  return g_strdup_printf (_("This deletes the folder “%s” and everything in it: %s, %s and "
                            "%s. They cannot be brought back. Lull closes afterwards."),
                          folder, sessions, photos, recordings);
}

static void
ask_delete_folder (Forget *forget)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (!lull_traces_check_data_root (data_root_path (forget), g_get_home_dir (), &error))
    {
      tell_cleared (forget, error->message);
      return;
    }

  body = describe_contents (forget);
  dialog = confirmation_new (forget->parent, _("Delete the Lull Folder?"), body,
                             "delete", _("_Delete Folder and Close"));
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_delete_response),
                         g_rc_box_acquire (forget), forget_release, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_forget_response (AdwMessageDialog *dialog,
                    const char       *response,
                    Forget           *forget)
{
  if (!g_str_equal (response, "forget"))
    return;
  if (gtk_switch_get_active (forget->delete_folder))
    ask_delete_folder (forget);
  else
    tell_cleared (forget, NULL);
}

static void
on_delete_folder_toggled (GtkSwitch        *delete_folder,
                          GParamSpec       *pspec,
                          AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_label (dialog, "forget",
                                         gtk_switch_get_active (delete_folder)
                                         ? _("_Continue…") : _("_Forget"));
}

static GtkWidget *
delete_folder_row (Forget           *forget,
                   AdwMessageDialog *dialog)
{
  g_autofree char *folder = g_filename_display_name (data_root_path (forget));
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();
  const char *title = _("Also Delete the Lull Folder");

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), folder);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), row);

  forget->delete_folder = GTK_SWITCH (toggle);
  g_signal_connect_object (toggle, "notify::active", G_CALLBACK (on_delete_folder_toggled),
                           dialog, 0);

  return list;
}

/**
 * lull_forget_computer:
 * @parent: the window the dialogs belong to
 *
 * Asks, then removes what Lull left on this computer outside its portable
 * folder and, on a second choice, the folder itself, and quits.
 */
void
lull_forget_computer (LullApplication *app,
                      GtkWindow       *parent)
{
  LullDataRoot *data_root = lull_application_get_data_root (app);
  Forget *forget;
  GtkWidget *dialog;
  g_autofree char *folder = NULL;
  g_autofree char *body = NULL;

  g_return_if_fail (LULL_IS_APPLICATION (app));
  g_return_if_fail (lull_data_root_get_portable (data_root));

  forget = g_rc_box_new0 (Forget);
  forget->app = g_object_ref (app);
  forget->parent = parent != NULL ? g_object_ref (parent) : NULL;
  forget->traces = lull_traces_find (lull_application_get_trace_places (app),
                                     lull_data_root_get_path (data_root), APPLICATION_ID);

  folder = g_filename_display_name (lull_data_root_get_path (data_root));
  if (forget->traces->len == 0)
    body = g_strdup_printf (_("Lull keeps everything in its folder “%s”, and found nothing "
                              "of yours elsewhere on this computer."),
                            folder);
  else
    {
      g_autofree char *list = describe_traces (forget->traces);

      body = g_strdup_printf (_("Lull keeps everything in its folder “%s”. Outside it, Lull "
                                "will remove from this computer:\n%s"),
                              folder, list);
    }

  dialog = confirmation_new (parent, _("Forget This Computer?"), body, "forget", _("_Forget"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog),
                                      delete_folder_row (forget, ADW_MESSAGE_DIALOG (dialog)));
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_forget_response), forget,
                         forget_release, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * lull_forget_tell_left:
 * @problems: what Forget This Computer could not delete, one sentence
 *   each
 *
 * As Lull ends, its windows gone: shows @problems in a window of their
 * own, so that a parent who chose to leave nothing knows what is left and
 * what to do, and returns once she closes it.
 */
void
lull_forget_tell_left (const char * const *problems)
{
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  g_return_if_fail (problems != NULL && problems[0] != NULL);

  if (gdk_display_get_default () == NULL)
    return;

  loop = g_main_loop_new (NULL, FALSE);
  body = g_strjoinv ("\n\n", (char **)problems);
  dialog = message_new (NULL, _("Not Everything Was Deleted"), body);
  /* Answered, the dialog closes itself. */
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (g_main_loop_quit), loop);
  gtk_window_present (GTK_WINDOW (dialog));
  g_main_loop_run (loop);
}
