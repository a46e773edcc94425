/* lull-history-window.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lull-application.h"

G_BEGIN_DECLS

#define LULL_TYPE_HISTORY_WINDOW (lull_history_window_get_type ())

G_DECLARE_FINAL_TYPE (LullHistoryWindow, lull_history_window,
                      LULL, HISTORY_WINDOW, AdwWindow)

LullHistoryWindow *lull_history_window_new               (LullApplication   *application,
                                                          GtkWindow         *parent);

/* Adds @page to the view switcher as “Progress”, after Sessions. Until
 * then the window shows Sessions alone, with no switcher. */
void               lull_history_window_add_progress_page (LullHistoryWindow *self,
                                                          GtkWidget         *page);

void               lull_history_window_import_csv        (LullHistoryWindow *self,
                                                          GFile             *file);

G_END_DECLS
