/* fuzz-history-month.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <glib/gstdio.h>

#include "lull-history.h"
#include "lull-test-util.h"

/* libFuzzer target for the history reader. A month file is one anyone can
 * edit, copy half-way or fill with junk, so every byte of it is input. The
 * bytes are loaded as `history/2026-11.ini` through LullHistory, as the app
 * does at start (the month of now at once, the rest in a worker thread),
 * and then a session is appended to that month, which reads the file again
 * and writes it back with the new group after it (or, for a file from a
 * newer Lull, into `2026-11.1.ini`).
 *
 * Beyond "no crash, no leak, no GLib critical": the background load shows
 * the same sessions as a synchronous one, every session load() shows is
 * valid, and after the rewrite a reload shows all of them again plus the
 * new one, so the rewrite lost nothing that had been understood. Seeds are
 * in corpus/history-month/. */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  return 0;
}

static guint
n_records (LullHistory *history)
{
  return g_list_model_get_n_items (lull_history_get_records (history));
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GPtrArray) problems = NULL;

  g_assert (lull_history_load_finish (LULL_HISTORY (source), result, &problems, NULL));
  g_assert (problems != NULL);
  *done = TRUE;
}

/* As the app loads: the month of now, then the others in a thread. */
static LullHistory *
load_in_background (LullDataRoot *root,
                    GDateTime    *now,
                    GPtrArray    *problems)
{
  LullHistory *history = lull_history_new (root);
  gboolean done = FALSE;

  lull_history_load_current (history, now, problems);
  lull_history_load_async (history, NULL, on_loaded, &done);
  g_assert (lull_history_get_loading (history));
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert (!lull_history_get_loading (history));

  return history;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *root_path = lull_test_make_tmp_dir ("lull-fuzz-XXXXXX");
  g_autofree char *history_path = NULL;
  g_autofree char *month_path = NULL;
  g_autoptr(LullDataRoot) root = NULL;
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(LullHistory) reloaded = NULL;
  g_autoptr(LullHistory) background = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-20T12:00:00+01:00", NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 ("2026-11-30T23:59:58+01:00", NULL);
  g_autoptr(LullRecord) record = lull_record_new (start);
  g_autoptr(GError) error = NULL;
  guint n_loaded;

  history_path = g_build_filename (root_path, "history", NULL);
  month_path = g_build_filename (history_path, "2026-11.ini", NULL);
  root = lull_data_root_new (root_path);
  history = lull_history_new (root);

  g_assert (g_mkdir (history_path, 0700) == 0);
  g_assert (g_file_set_contents (month_path, (const char *)data, size, NULL));

  /* A file nothing can be read from is set aside by whichever load comes
   * first; either way it shows no session. */
  background = load_in_background (root, now, problems);

  g_assert (lull_history_load (history, problems, &error));
  n_loaded = n_records (history);

  g_assert (n_records (background) == n_loaded);
  for (guint i = 0; i < n_loaded; i++)
    {
      g_autoptr(LullRecord) a = g_list_model_get_item (lull_history_get_records (history), i);
      g_autoptr(LullRecord) b = g_list_model_get_item (lull_history_get_records (background), i);

      g_assert (g_str_equal (lull_record_get_key (a), lull_record_get_key (b)));
    }

  for (guint i = 0; i < n_loaded; i++)
    {
      g_autoptr(LullRecord) loaded = g_list_model_get_item (lull_history_get_records (history), i);

      g_assert (lull_record_validate (loaded, NULL));
    }

  lull_record_set_pump_seconds (record, 600);
  if (lull_history_append (history, record, &error))
    {
      reloaded = lull_history_new (root);
      g_assert (lull_history_load (reloaded, problems, &error));
      g_assert (n_records (reloaded) == n_loaded + 1);
    }
  else
    {
      /* Only a session already there at that very second may refuse it. */
      g_assert (g_error_matches (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DUPLICATE));
    }

  lull_test_remove_tree (root_path);

  return 0;
}
