/* lull-report-print.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lull-application.h"

G_BEGIN_DECLS

/* The report through GtkPrintOperation: the print dialog, with a
 * “Report” tab to choose its dates (the last 4 weeks by default), from
 * which the parent prints it or saves it as PDF. With @export_path, no
 * dialog: the last 4 weeks go straight to that PDF file (for tests).
 * Returns the operation's result. */
GtkPrintOperationResult lull_report_print (LullApplication *application,
                                           GtkWindow       *parent,
                                           const char      *export_path,
                                           GError         **error);

G_END_DECLS
