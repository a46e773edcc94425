/* lull-report.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* The report for a lactation consultant: the sessions of a range of dates
 * on pages of a given size, drawn by one function for the printer and for
 * a PDF file. Everything is in points. */
typedef struct _LullReport LullReport;

/* A routine's name for its id, or NULL when there is no such routine. */
typedef const char *(*LullReportRoutineName) (const char *id,
                                              gpointer    user_data);

typedef struct
{
  GDate                  first;           /* the range, both days included */
  GDate                  last;
  gboolean               hide_amounts;    /* no volume anywhere */
  gboolean               fl_oz;           /* volumes in US fluid ounces */
  guint                  daily_goal;
  LullReportRoutineName  routine_name;    /* nullable */
  gpointer               routine_name_data;
} LullReportOptions;

/* The default range: the last 4 weeks, today included. */
void        lull_report_default_range (GDateTime               *now,
                                       GDate                   *first,
                                       GDate                   *last);

/* The paper of the locale (LC_PAPER): A4, or Letter where it is used. */
void        lull_report_paper_size    (double                  *width,
                                       double                  *height);

LullReport *lull_report_new           (GListModel              *records,
                                       const LullReportOptions *options,
                                       GDateTime               *now);
void        lull_report_free          (LullReport              *self);

/* Lays the report out on pages of @width × @height with @cr's fonts, and
 * returns how many pages it takes (at least one). */
guint       lull_report_paginate      (LullReport              *self,
                                       cairo_t                 *cr,
                                       double                   width,
                                       double                   height);
/* Draws page @page (from 0) of the last pagination. */
void        lull_report_draw_page     (LullReport              *self,
                                       cairo_t                 *cr,
                                       guint                    page);

/* Writes the whole report as a PDF file on the locale's paper, whole or
 * not at all, private (0600). The error is a sentence for the parent. */
gboolean    lull_report_write_pdf     (LullReport              *self,
                                       const char              *path,
                                       GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LullReport, lull_report_free)

G_END_DECLS
