/* lull-progress-page.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lull-application.h"
#include "lull-stats.h"

G_BEGIN_DECLS

#define LULL_TYPE_PROGRESS_PAGE (lull_progress_page_get_type ())

G_DECLARE_FINAL_TYPE (LullProgressPage, lull_progress_page, LULL, PROGRESS_PAGE, GtkWidget)

GtkWidget      *lull_progress_page_new       (LullApplication  *application);

LullStatsRange  lull_progress_page_get_range (LullProgressPage *self);
void            lull_progress_page_set_range (LullProgressPage *self,
                                              LullStatsRange    range);

G_END_DECLS
