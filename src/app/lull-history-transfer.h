/* lull-history-transfer.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lull-application.h"

G_BEGIN_DECLS

#define LULL_TYPE_HISTORY_TRANSFER (lull_history_transfer_get_type ())

G_DECLARE_FINAL_TYPE (LullHistoryTransfer, lull_history_transfer, LULL, HISTORY_TRANSFER, GObject)

/* The History window's CSV export and import: the file choosers, the
 * import read off the main thread with its progress in @revealer (holding
 * @bar and @label) and a Cancel, and a toast with what happened, whose
 * Details list each row left out. The widgets stay the window's. */
LullHistoryTransfer *lull_history_transfer_new         (LullApplication     *application,
                                                        GtkWindow           *window,
                                                        AdwToastOverlay     *overlay,
                                                        GtkRevealer         *revealer,
                                                        GtkProgressBar      *bar,
                                                        GtkLabel            *label);

void                 lull_history_transfer_export      (LullHistoryTransfer *self);
void                 lull_history_transfer_export_to   (LullHistoryTransfer *self,
                                                        GFile               *file);
void                 lull_history_transfer_import      (LullHistoryTransfer *self);
void                 lull_history_transfer_import_from (LullHistoryTransfer *self,
                                                        GFile               *file);
void                 lull_history_transfer_cancel      (LullHistoryTransfer *self);
gboolean             lull_history_transfer_get_importing (LullHistoryTransfer *self);
void                 lull_history_transfer_detach      (LullHistoryTransfer *self);

G_END_DECLS
