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
 * does at start, and then a session is appended to that month, which
 * rewrites the file from the keyfile kept in memory.
 *
 * Beyond "no crash, no leak, no GLib critical": every session load() shows
 * is valid, and after the rewrite a reload shows all of them again plus
 * the new one, so the rewrite lost nothing that had been understood.
 * Seeds are in corpus/history-month/. */

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

  g_assert (lull_history_load (history, problems, &error));
  n_loaded = n_records (history);

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
