/* lull-history-commands.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lull-data-root.h"
#include "lull-report.h"

G_BEGIN_DECLS

/* The history's commands, with no window.
 *
 * `lull --export-csv FILE` (`-` for standard output) and
 * `lull --import-csv FILE`, with no window: the exit status to return. */
int lull_csv_command_export (LullDataRoot *data_root,
                             const char   *path);
int lull_csv_command_import (LullDataRoot *data_root,
                             const char   *path);

/* `lull --export-report FILE.pdf [--from YYYY-MM-DD] [--to YYYY-MM-DD]`:
 * @options holds all but the range, which @from and @to (nullable) give;
 * by default the last 4 weeks. */
int lull_report_command_export (LullDataRoot      *data_root,
                                const char        *path,
                                const char        *from,
                                const char        *to,
                                LullReportOptions *options);

G_END_DECLS
