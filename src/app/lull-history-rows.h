/* lull-history-rows.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lull-record.h"

G_BEGIN_DECLS

/* One day's heading in the History list: its local date and totals. */
#define LULL_TYPE_HISTORY_DAY (lull_history_day_get_type ())

G_DECLARE_FINAL_TYPE (LullHistoryDay, lull_history_day, LULL, HISTORY_DAY, GObject)

const GDate *lull_history_day_get_date        (LullHistoryDay *self);
guint        lull_history_day_get_n_sessions  (LullHistoryDay *self);
/* Millilitres over the sessions that have a volume; LULL_RECORD_NO_VALUE
 * when none has. */
int          lull_history_day_get_volume_ml   (LullHistoryDay *self);

/* The history's records, oldest first, as the History list shows them:
 * newest day first, each day a LullHistoryDay followed by its sessions
 * (the LullRecord items themselves), newest first. */
#define LULL_TYPE_HISTORY_ROWS (lull_history_rows_get_type ())

G_DECLARE_FINAL_TYPE (LullHistoryRows, lull_history_rows, LULL, HISTORY_ROWS, GObject)

LullHistoryRows *lull_history_rows_new           (GListModel      *records);

guint            lull_history_rows_get_n_days    (LullHistoryRows *self);
/* The row of @record; GTK_INVALID_LIST_POSITION (G_MAXUINT) when it is
 * not in the list. */
guint            lull_history_rows_find_record   (LullHistoryRows *self,
                                                  LullRecord      *record);

G_END_DECLS
