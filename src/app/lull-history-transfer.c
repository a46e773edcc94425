/* lull-history-transfer.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lull-csv.h"
#include "lull-details-dialog.h"
#include "lull-file.h"
#include "lull-history-transfer.h"
#include "lull-toast.h"

/* Export writes the whole history at once on the main thread: 25,000
 * sessions take tens of milliseconds. Import reads and checks the file
 * on a worker thread, where a large one may take seconds, with a
 * progress bar and Cancel; the sessions then join the history on the
 * main thread, one write a month. */

#define PROGRESS_INTERVAL_MS 100

struct _LullHistoryTransfer
{
  GObject          parent_instance;

  LullApplication *application;
  GtkWindow       *window;     /* unowned: the window owns this */
  AdwToastOverlay *overlay;
  GtkRevealer     *revealer;
  GtkProgressBar  *bar;
  GtkLabel        *label;

  GCancellable    *cancellable; /* while an import runs */
  gint             permille;    /* its progress, from the worker */
  guint            progress_source;
};

G_DEFINE_FINAL_TYPE (LullHistoryTransfer, lull_history_transfer, G_TYPE_OBJECT)

/* What the worker hands back. */
typedef struct
{
  GPtrArray *records;
  GPtrArray *problems;
  guint      n_known;    /* rows left out as already there */
} ImportResult;

/* What the worker reads: the file, and the history's keys as they were
 * (the history itself is the main thread's). */
typedef struct
{
  GFile      *file;
  GHashTable *known;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->file);
  g_clear_pointer (&job->known, g_hash_table_unref);
  g_free (job);
}

static gboolean
is_known (const char *key,
          gpointer    known)
{
  return g_hash_table_contains (known, key);
}

static void
import_result_free (ImportResult *result)
{
  g_clear_pointer (&result->records, g_ptr_array_unref);
  g_clear_pointer (&result->problems, g_ptr_array_unref);
  g_free (result);
}

static GtkFileFilter *
csv_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");

  return filter;
}

/* --- Export -------------------------------------------------------------- */

void
lull_history_transfer_export_to (LullHistoryTransfer *self,
                                 GFile               *file)
{
  GListModel *records;
  g_autoptr(GPtrArray) array = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;
  guint n;

  g_return_if_fail (LULL_IS_HISTORY_TRANSFER (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->window == NULL)
    return;

  records = lull_history_get_records (lull_application_get_history (self->application));
  n = g_list_model_get_n_items (records);
  array = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (array, g_list_model_get_item (records, i));

  path = lull_file_dup_export_path (file, &error);
  if (path == NULL
      || !lull_csv_write_file (path, (LullRecord * const *)array->pdata, array->len, &error))
    {
      lull_toast_show (self->overlay, error->message);
      return;
    }

  message = g_strdup_printf (ngettext ("%u session exported.", "%u sessions exported.", n), n);
  lull_toast_show (self->overlay, message);
}

static void
on_export_response (GtkNativeDialog     *chooser,
                    int                  response,
                    LullHistoryTransfer *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      lull_history_transfer_export_to (self, file);
    }
  g_object_unref (chooser);
  g_object_unref (self);
}

void
lull_history_transfer_export (LullHistoryTransfer *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *today = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (LULL_IS_HISTORY_TRANSFER (self));

  chooser = gtk_file_chooser_native_new (_("Export Sessions"), self->window,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv_filter ());
  now = lull_clock_get_now (lull_application_get_clock (self->application));
  /* Translators: the name offered for an export; %s is today's date,
   * 2026-12-01. Keep it a file name: no slashes. */
  today = g_date_time_format (now, "%Y-%m-%d");
  name = g_strdup_printf (_("lull-sessions-%s.csv"), today);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* --- Import -------------------------------------------------------------- */

static void
on_worker_progress (gsize    done,
                    gsize    total,
                    gpointer user_data)
{
  LullHistoryTransfer *self = user_data;

  g_atomic_int_set (&self->permille, total > 0 ? (gint)(done * 1000 / total) : 0);
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LullHistoryTransfer *self = source;
  ImportJob *job = task_data;
  GFile *file = job->file;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *name = g_file_get_basename (file);
  ImportResult *result;
  gsize length;

  /* Refused by its size before a byte is read. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, NULL);
  if (info != NULL && !lull_csv_check_size (g_file_info_get_size (info), name, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!g_file_load_contents (file, cancellable, &data, &length, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result = g_new0 (ImportResult, 1);
  result->problems = g_ptr_array_new_with_free_func (g_free);
  result->records = lull_csv_import_new (data, length, name, is_known, job->known,
                                         &result->n_known, result->problems, cancellable,
                                         on_worker_progress, self, &error);
  if (result->records == NULL)
    {
      import_result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, result, (GDestroyNotify)import_result_free);
}

static gboolean
update_progress (gpointer user_data)
{
  LullHistoryTransfer *self = user_data;

  gtk_progress_bar_set_fraction (self->bar, g_atomic_int_get (&self->permille) / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void
stop_progress (LullHistoryTransfer *self)
{
  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_object (&self->cancellable);
  /* The window may be gone: its import was cancelled with it. */
  if (self->revealer == NULL)
    return;
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->revealer), FALSE);
}

/* “12 sessions imported, 3 already there, 1 left out.” */
static char *
import_summary (guint n_added,
                guint n_present,
                guint n_refused)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (n_added == 0 && n_present == 0 && n_refused == 0)
    return g_strdup (_("That file holds no sessions."));

  g_string_append_printf (text, ngettext ("%u session imported.", "%u sessions imported.",
                                          n_added), n_added);
  if (n_present > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, ngettext ("%u was already there.",
                                              "%u were already there.", n_present), n_present);
    }
  if (n_refused > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, ngettext ("%u row was left out.", "%u rows were left out.",
                                              n_refused), n_refused);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_details (LullHistoryTransfer *self,
              GPtrArray           *problems)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new ();

  for (guint i = 0; i < problems->len; i++)
    {
      g_ptr_array_add (pairs, g_ptr_array_index (problems, i));
      g_ptr_array_add (pairs, (gpointer) "");
    }
  g_ptr_array_add (pairs, NULL);

  lull_details_dialog_present (self->window, _("Rows Left Out"),
                               _("These rows of the file were not imported. Everything else "
                                 "was."),
                               (const char * const *)pairs->pdata);
}

static void
on_details_clicked (AdwToast            *toast,
                    LullHistoryTransfer *self)
{
  GPtrArray *problems = g_object_get_data (G_OBJECT (toast), "lull-problems");

  if (problems != NULL && self->window != NULL)
    show_details (self, problems);
}

static void
on_import_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  LullHistoryTransfer *self = LULL_HISTORY_TRANSFER (source);
  ImportResult *read;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  guint n_added = 0, n_present = 0;
  AdwToast *toast;

  stop_progress (self);

  read = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->overlay == NULL)
    {
      /* Closed meanwhile: cancelled, and nothing to show. */
      g_clear_pointer (&read, import_result_free);
      return;
    }
  if (read == NULL)
    {
      if (g_error_matches (error, LULL_CSV_ERROR, LULL_CSV_ERROR_CANCELLED)
          || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        lull_toast_show (self->overlay, _("The import was cancelled; nothing was imported."));
      else
        lull_toast_show (self->overlay, error->message);
      return;
    }

  /* The rows that read whole join the history; a month that cannot be
   * written stops there, and says so. */
  if (!lull_history_append_all (lull_application_get_history (self->application), read->records,
                                &n_added, &n_present, &error))
    g_ptr_array_add (read->problems, g_strdup (error->message));

  summary = import_summary (n_added, n_present + read->n_known, read->problems->len);
  toast = lull_toast_new (summary);
  if (read->problems->len > 0)
    {
      adw_toast_set_button_label (toast, _("_Details"));
      g_object_set_data_full (G_OBJECT (toast), "lull-problems",
                              g_ptr_array_ref (read->problems),
                              (GDestroyNotify)g_ptr_array_unref);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_details_clicked), self, 0);
      adw_toast_set_timeout (toast, 0);
    }
  adw_toast_overlay_add_toast (self->overlay, toast);
  import_result_free (read);
}

void
lull_history_transfer_import_from (LullHistoryTransfer *self,
                                   GFile               *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  GListModel *records;
  ImportJob *job;

  g_return_if_fail (LULL_IS_HISTORY_TRANSFER (self));
  g_return_if_fail (G_IS_FILE (file));

  /* Busy, or the window went while its chooser was open. */
  if (self->cancellable != NULL || self->window == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  g_atomic_int_set (&self->permille, 0);
  name = g_file_get_basename (file);
  /* Translators: while a file is read, as in “Importing sessions.csv…” */
  text = g_strdup_printf (_("Importing %s…"), name);
  gtk_label_set_text (self->label, text);
  gtk_progress_bar_set_fraction (self->bar, 0);
  /* Hidden, not only folded away, between imports: its Cancel would be
   * one more for a screen reader. */
  gtk_widget_set_visible (GTK_WIDGET (self->revealer), TRUE);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  self->progress_source = g_timeout_add (PROGRESS_INTERVAL_MS, update_progress, self);

  job = g_new0 (ImportJob, 1);
  job->file = g_object_ref (file);
  job->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  records = lull_history_get_records (lull_application_get_history (self->application));
  for (guint i = 0; i < g_list_model_get_n_items (records); i++)
    {
      g_autoptr(LullRecord) record = g_list_model_get_item (records, i);

      g_hash_table_add (job->known, lull_record_dup_key (record));
    }

  task = g_task_new (self, self->cancellable, on_import_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify)import_job_free);
  g_task_run_in_thread (task, import_thread);
}

static void
on_import_response (GtkNativeDialog     *chooser,
                    int                  response,
                    LullHistoryTransfer *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      lull_history_transfer_import_from (self, file);
    }
  g_object_unref (chooser);
  g_object_unref (self);
}

void
lull_history_transfer_import (LullHistoryTransfer *self)
{
  GtkFileChooserNative *chooser;

  g_return_if_fail (LULL_IS_HISTORY_TRANSFER (self));

  chooser = gtk_file_chooser_native_new (_("Import Sessions"), self->window,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv_filter ());
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
lull_history_transfer_cancel (LullHistoryTransfer *self)
{
  g_return_if_fail (LULL_IS_HISTORY_TRANSFER (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
lull_history_transfer_get_importing (LullHistoryTransfer *self)
{
  g_return_val_if_fail (LULL_IS_HISTORY_TRANSFER (self), FALSE);

  return self->cancellable != NULL;
}

/* --- The object ---------------------------------------------------------- */

/**
 * lull_history_transfer_detach:
 *
 * The window is going: a running import is cancelled, and its callback,
 * which comes later, touches none of the window's widgets.
 */
void
lull_history_transfer_detach (LullHistoryTransfer *self)
{
  g_return_if_fail (LULL_IS_HISTORY_TRANSFER (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  self->window = NULL;
  self->overlay = NULL;
  self->revealer = NULL;
  self->bar = NULL;
  self->label = NULL;
}

static void
lull_history_transfer_dispose (GObject *object)
{
  LullHistoryTransfer *self = LULL_HISTORY_TRANSFER (object);

  lull_history_transfer_detach (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (lull_history_transfer_parent_class)->dispose (object);
}

static void
lull_history_transfer_class_init (LullHistoryTransferClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lull_history_transfer_dispose;
}

static void
lull_history_transfer_init (LullHistoryTransfer *self)
{
}

LullHistoryTransfer *
lull_history_transfer_new (LullApplication *application,
                           GtkWindow       *window,
                           AdwToastOverlay *overlay,
                           GtkRevealer     *revealer,
                           GtkProgressBar  *bar,
                           GtkLabel        *label)
{
  LullHistoryTransfer *self = g_object_new (LULL_TYPE_HISTORY_TRANSFER, NULL);

  self->application = g_object_ref (application);
  self->window = window;
  self->overlay = overlay;
  self->revealer = revealer;
  self->bar = bar;
  self->label = label;

  return self;
}
