/* lull-csv-commands.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "lull-csv.h"
#include "lull-csv-commands.h"
#include "lull-history.h"

/* `lull --export-csv FILE` and `lull --import-csv FILE`: no window. The
 * summary is one line on standard output (on standard error when the CSV
 * itself goes to standard output), the reasons on standard error. */

static LullHistory *
load_history (LullDataRoot *data_root)
{
  LullHistory *history = lull_history_new (data_root);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  /* What cannot be read is said, and the rest is used. */
  if (!lull_history_load (history, problems, &error))
    g_printerr ("%s\n", error->message);
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s\n", (const char *)g_ptr_array_index (problems, i));

  return history;
}

int
lull_csv_command_export (LullDataRoot *data_root,
                         const char   *path)
{
  g_autoptr(LullHistory) history = load_history (data_root);
  GListModel *records = lull_history_get_records (history);
  guint n = g_list_model_get_n_items (records);
  g_autoptr(GPtrArray) array = g_ptr_array_new_full (n, g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (array, g_list_model_get_item (records, i));

  if (g_str_equal (path, "-"))
    {
      gsize length;
      g_autofree char *text = lull_csv_export ((LullRecord * const *)array->pdata, array->len,
                                               &length);

      if (fwrite (text, 1, length, stdout) != length || fflush (stdout) != 0)
        {
          g_printerr (_("Lull could not write the sessions to standard output.\n"));
          return EXIT_FAILURE;
        }
      g_printerr (ngettext ("Exported %u session.\n", "Exported %u sessions.\n", n), n);
      return EXIT_SUCCESS;
    }

  if (!lull_csv_write_file (path, (LullRecord * const *)array->pdata, array->len, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Translators: a count of sessions, then a file name */
  g_print (ngettext ("Exported %u session to %s.\n", "Exported %u sessions to %s.\n", n), n,
           path);
  return EXIT_SUCCESS;
}

int
lull_csv_command_import (LullDataRoot *data_root,
                         const char   *path)
{
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *name = g_path_get_basename (path);
  guint n_added = 0, n_present = 0;
  gboolean saved;
  GStatBuf buf;
  gsize length;

  /* Refused by its size before a byte is read. */
  if (g_stat (path, &buf) == 0 && !lull_csv_check_size (buf.st_size, name, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  if (!g_file_get_contents (path, &data, &length, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  records = lull_csv_import (data, length, name, problems, NULL, NULL, NULL, &error);
  if (records == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  history = load_history (data_root);
  saved = lull_history_append_all (history, records, &n_added, &n_present, &error);

  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s\n", (const char *)g_ptr_array_index (problems, i));
  if (!saved)
    g_printerr ("%s\n", error->message);

  /* Translators: the three counts of an import, as in “12 imported, 3
   * already there, 1 refused”; the first %s is the file's name. */
  g_print (_("%s: %u imported, %u already there, %u refused.\n"), name, n_added, n_present,
           problems->len);

  return saved && (n_added > 0 || problems->len == 0) ? EXIT_SUCCESS : EXIT_FAILURE;
}
