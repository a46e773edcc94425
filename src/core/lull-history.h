/* lull-history.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lull-data-root.h"
#include "lull-record.h"

G_BEGIN_DECLS

#define LULL_HISTORY_ERROR (lull_history_error_quark ())

typedef enum
{
  LULL_HISTORY_ERROR_DAMAGED,
  LULL_HISTORY_ERROR_WRITE,
  LULL_HISTORY_ERROR_INVALID,
  LULL_HISTORY_ERROR_DUPLICATE,
} LullHistoryError;

#define LULL_TYPE_HISTORY (lull_history_get_type ())

G_DECLARE_FINAL_TYPE (LullHistory, lull_history, LULL, HISTORY, GObject)

GQuark       lull_history_error_quark   (void);

LullHistory *lull_history_new           (LullDataRoot  *data_root);

/* Loads every month file. A damaged file is moved to quarantine/ and one
 * sentence per problem is added to `problems` (translated, for the
 * parent); the other months still load. Fails only when the history folder
 * itself cannot be read. */
gboolean     lull_history_load          (LullHistory   *self,
                                         GPtrArray     *problems,
                                         GError       **error);

/* Oldest first. */
GListModel  *lull_history_get_records   (LullHistory   *self);

/* Writes the record into its month file atomically (0600); on failure
 * nothing in memory or on disk changes. */
gboolean     lull_history_append        (LullHistory   *self,
                                         LullRecord    *record,
                                         GError       **error);

guint        lull_history_count_on_date (LullHistory   *self,
                                         const GDate   *local_date);

G_END_DECLS
