/* lull-report-print.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lull-report-print.h"

/* The print dialog's own Save as PDF makes the same file as
 * `lull --export-report`: both draw with lull_report_draw_page(). */

typedef struct
{
  LullApplication *application;
  LullReport      *report;
  GtkDropDown     *range;       /* the custom tab's choice */
  guint            n_weeks;     /* 0: every session */
} Print;

static const guint range_weeks[] = { 4, 8, 13, 0 };

static void
print_free (Print *print)
{
  g_clear_pointer (&print->report, lull_report_free);
  g_clear_object (&print->application);
  g_free (print);
}

static void
range_dates (Print     *print,
             GDateTime *now,
             GDate     *first,
             GDate     *last)
{
  GListModel *records = lull_history_get_records (lull_application_get_history (print->application));

  lull_report_default_range (now, first, last);
  if (print->n_weeks > 0)
    {
      *first = *last;
      g_date_subtract_days (first, print->n_weeks * 7 - 1);
    }
  else if (g_list_model_get_n_items (records) > 0)
    {
      g_autoptr(LullRecord) oldest = g_list_model_get_item (records, 0);
      GDate date = lull_record_get_local_date (oldest);

      if (g_date_compare (&date, first) < 0)
        *first = date;
    }
}

static void
on_begin_print (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                Print             *print)
{
  LullReportOptions options = { 0 };
  g_autoptr(GDateTime) now = lull_clock_get_now (lull_application_get_clock (print->application));
  guint n_pages;

  lull_application_get_report_options (print->application, &options);
  range_dates (print, now, &options.first, &options.last);
  g_clear_pointer (&print->report, lull_report_free);
  print->report = lull_report_new (lull_history_get_records (lull_application_get_history (print->application)),
                                   &options, now);
  n_pages = lull_report_paginate (print->report, gtk_print_context_get_cairo_context (context),
                                  gtk_print_context_get_width (context),
                                  gtk_print_context_get_height (context));
  gtk_print_operation_set_n_pages (operation, n_pages);
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              Print             *print)
{
  lull_report_draw_page (print->report, gtk_print_context_get_cairo_context (context),
                         (guint)page_nr);
}

static GObject *
on_create_custom_widget (GtkPrintOperation *operation,
                         Print             *print)
{
  const char *labels[] = { N_("The last 4 weeks"), N_("The last 8 weeks"),
                           N_("The last 3 months"), N_("Every session"), NULL };
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new_with_mnemonic (_("_Dates"));

  for (guint i = 0; labels[i] != NULL; i++)
    gtk_string_list_append (choices, _(labels[i]));

  print->range = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&choices)), NULL));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (print->range));
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (print->range));

  return G_OBJECT (box);
}

static void
on_custom_widget_apply (GtkPrintOperation *operation,
                        GtkWidget         *widget,
                        Print             *print)
{
  guint chosen = gtk_drop_down_get_selected (print->range);

  print->n_weeks = range_weeks[MIN (chosen, G_N_ELEMENTS (range_weeks) - 1)];
}

/**
 * lull_report_print:
 * @export_path: (nullable): a PDF to write without a dialog
 */
GtkPrintOperationResult
lull_report_print (LullApplication  *application,
                   GtkWindow        *parent,
                   const char       *export_path,
                   GError          **error)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *today = NULL;
  Print *print = g_new0 (Print, 1);
  GtkPrintOperationResult result;

  g_return_val_if_fail (LULL_IS_APPLICATION (application), GTK_PRINT_OPERATION_RESULT_ERROR);

  print->application = g_object_ref (application);
  print->n_weeks = range_weeks[0];
  now = lull_clock_get_now (lull_application_get_clock (application));
  today = g_date_time_format (now, "%Y-%m-%d");
  /* Translators: the file name offered when the report is saved as PDF;
   * %s is today's date, 2026-12-01. No slashes. */
  basename = g_strdup_printf (_("lull-report-%s"), today);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_BASENAME, basename);

  gtk_print_operation_set_print_settings (operation, settings);
  gtk_print_operation_set_job_name (operation, _("Pumping Report"));
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_custom_tab_label (operation, _("Report"));
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), print);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), print);
  g_signal_connect (operation, "create-custom-widget", G_CALLBACK (on_create_custom_widget), print);
  g_signal_connect (operation, "custom-widget-apply", G_CALLBACK (on_custom_widget_apply), print);
  g_object_set_data_full (G_OBJECT (operation), "lull-print", print, (GDestroyNotify)print_free);

  if (export_path != NULL)
    {
      gtk_print_operation_set_export_filename (operation, export_path);
      return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, parent, error);
    }

  /* The dialog is modal to @parent; the operation lives until it is done. */
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent,
                                    error);
  return result;
}
