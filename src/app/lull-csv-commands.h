/* lull-csv-commands.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lull-data-root.h"

G_BEGIN_DECLS

/* `lull --export-csv FILE` (`-` for standard output) and
 * `lull --import-csv FILE`, with no window: the exit status to return. */
int lull_csv_command_export (LullDataRoot *data_root,
                             const char   *path);
int lull_csv_command_import (LullDataRoot *data_root,
                             const char   *path);

G_END_DECLS
