/* lull-log-page.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lull-record.h"

G_BEGIN_DECLS

#define LULL_TYPE_LOG_PAGE (lull_log_page_get_type ())

G_DECLARE_FINAL_TYPE (LullLogPage, lull_log_page, LULL, LOG_PAGE, GtkWidget)

void lull_log_page_load  (LullLogPage        *self,
                          LullRecord         *record,
                          gboolean            us_fl_oz,
                          const char * const *recent_places);
void lull_log_page_store (LullLogPage        *self,
                          LullRecord         *record);
void lull_log_page_focus_primary (LullLogPage *self);
void lull_log_page_set_hide_amounts (LullLogPage *self,
                                     gboolean     hide_amounts);
GtkWidget *lull_log_page_get_save_button (LullLogPage *self);

/* What the log calls a cue of the history's `cues` key, translated; NULL
 * for a word this version does not know. */
const char *lull_log_page_get_cue_title (const char *cue);

G_END_DECLS
