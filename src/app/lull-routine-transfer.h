/* lull-routine-transfer.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lull-application.h"

G_BEGIN_DECLS

/* Routine files to share: export through a file chooser, import with the
 * parent's say on a clash of ids. What happened is a toast in the first
 * AdwToastOverlay of @parent (a dialog when it has none). */
void lull_routine_transfer_export         (GtkWindow       *parent,
                                           LullApplication *app,
                                           LullRoutine     *routine);
void lull_routine_transfer_choose_import  (GtkWindow       *parent,
                                           LullApplication *app);
void lull_routine_transfer_import         (GtkWindow       *parent,
                                           LullApplication *app,
                                           GFile           *file);
/* A file Lull did not ask for (opened from Files, dropped on a window):
 * imported when its name ends in `.lullroutine`, else the parent is told
 * that Lull opens only routine files. */
void lull_routine_transfer_open           (GtkWindow       *parent,
                                           LullApplication *app,
                                           GFile           *file);

/* `lull --import-routine FILE`, with no window: the exit status. A clash
 * of ids keeps both. */
int  lull_routine_command_import          (LullDataRoot    *data_root,
                                           GListModel      *routines,
                                           const char      *path);

G_END_DECLS
