/* lull-history-commands.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "lull-csv.h"
#include "lull-history-commands.h"
#include "lull-history.h"

/* `lull --export-csv FILE`, `lull --import-csv FILE` and
 * `lull --export-report FILE.pdf`: no window, no display. The summary is
 * one line on standard output (on standard error when the CSV itself goes
 * to standard output), the reasons on standard error. */

#define EXIT_BAD_COMMAND_LINE 2

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
  guint n_added = 0, n_present = 0, n_known = 0;
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

  history = load_history (data_root);
  records = lull_csv_import_new (data, length, name, lull_csv_known_in_history,
                                 history, &n_known, problems, NULL, NULL, NULL, &error);
  if (records == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  saved = lull_history_append_all (history, records, &n_added, &n_present, &error);
  n_present += n_known;

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

/* YYYY-MM-DD, a real date. */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  guint year, month, day;
  char end;

  g_date_clear (date, 1);
  if (sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) != 3 || strlen (text) != 10
      || !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

int
lull_report_command_export (LullDataRoot      *data_root,
                            const char        *path,
                            const char        *from,
                            const char        *to,
                            LullReportOptions *options)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(LullReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  lull_report_default_range (now, &options->first, &options->last);
  if (to != NULL && !parse_date (to, &options->last))
    {
      /* Translators: a date as it was given */
      g_printerr (_("“%s” is not a date. Give dates as YYYY-MM-DD, such as 2026-11-30.\n"), to);
      return EXIT_BAD_COMMAND_LINE;
    }
  if (from != NULL && !parse_date (from, &options->first))
    {
      g_printerr (_("“%s” is not a date. Give dates as YYYY-MM-DD, such as 2026-11-30.\n"), from);
      return EXIT_BAD_COMMAND_LINE;
    }
  if (from == NULL && to != NULL)
    {
      options->first = options->last;
      g_date_subtract_days (&options->first, 4 * 7 - 1);
    }
  if (g_date_compare (&options->first, &options->last) > 0)
    {
      g_printerr (_("The report’s first day (--from) comes after its last (--to).\n"));
      return EXIT_BAD_COMMAND_LINE;
    }

  history = load_history (data_root);
  report = lull_report_new (lull_history_get_records (history), options, now);
  if (!lull_report_write_pdf (report, path, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  first = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&options->first),
                           g_date_get_month (&options->first), g_date_get_day (&options->first));
  last = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&options->last),
                          g_date_get_month (&options->last), g_date_get_day (&options->last));
  /* Translators: two dates, then a file name */
  g_print (_("Wrote the report from %s to %s to %s.\n"), first, last, path);
  return EXIT_SUCCESS;
}
