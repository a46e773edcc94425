/* lull-home-page.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lull-stats.h"

#include "lull-routine.h"

G_BEGIN_DECLS

#define LULL_TYPE_HOME_PAGE (lull_home_page_get_type ())

G_DECLARE_FINAL_TYPE (LullHomePage, lull_home_page, LULL, HOME_PAGE, GtkWidget)

void         lull_home_page_set_routines   (LullHomePage *self,
                                            GListModel   *routines,
                                            const char   *selected_id);
LullRoutine *lull_home_page_dup_selected   (LullHomePage *self);
void         lull_home_page_set_summary    (LullHomePage     *self,
                                            LullStatsSummary *summary,
                                            guint             total);
void         lull_home_page_focus_primary  (LullHomePage *self);

G_END_DECLS
