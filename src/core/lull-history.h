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
  LULL_HISTORY_ERROR_NOT_FOUND,
} LullHistoryError;

#define LULL_TYPE_HISTORY (lull_history_get_type ())

G_DECLARE_FINAL_TYPE (LullHistory, lull_history, LULL, HISTORY, GObject)

GQuark       lull_history_error_quark   (void);

LullHistory *lull_history_new           (LullDataRoot  *data_root);

/* Loads every month file, replacing what the list held. What cannot be
 * read is left out (a value, a session, a line; a file with no usable
 * header is moved to quarantine/) and one sentence per problem, naming the
 * file, the session and the key, is added to `problems` (translated, for
 * the parent); everything else still loads. Fails only when the history
 * folder itself cannot be read. */
gboolean     lull_history_load          (LullHistory   *self,
                                         GPtrArray     *problems,
                                         GError       **error);

/* Loads only the month of `now`, at once, for the first window. */
void         lull_history_load_current  (LullHistory   *self,
                                         GDateTime     *now,
                                         GPtrArray     *problems);

/* Loads every other month in a worker thread; the records join the list
 * on this thread, oldest first, skipping any already there. "loading" is
 * TRUE until then. `problems` is set to a new array of sentences. */
void         lull_history_load_async    (LullHistory          *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean     lull_history_load_finish   (LullHistory   *self,
                                         GAsyncResult  *result,
                                         GPtrArray    **problems,
                                         GError       **error);
gboolean     lull_history_get_loading   (LullHistory   *self);

/* Oldest first. */
GListModel  *lull_history_get_records   (LullHistory   *self);

/* Adds the record to its month file atomically (0600), reading the file
 * again first, so it works at any time, also while loading; a file from a
 * newer Lull is left alone and the record goes to YYYY-MM.N.ini. On
 * failure the file is unchanged and the record is not in the list. */
gboolean     lull_history_append        (LullHistory   *self,
                                         LullRecord    *record,
                                         GError       **error);

/* Whether a session with this key (lull_record_get_key()) is loaded. */
gboolean     lull_history_has_key       (LullHistory   *self,
                                         const char    *key);

/* Adds many records (each valid by lull_record_validate()) with one
 * write a month, as lull_history_append() would one by one; sessions whose
 * start is already there, or given twice, are left out and counted in
 * @n_present. Stops at the first month it cannot write: the months before
 * it are saved, whole. */
gboolean     lull_history_append_all    (LullHistory   *self,
                                         GPtrArray     *records,
                                         guint         *n_added,
                                         guint         *n_present,
                                         GError       **error);

/* Saves an edited copy of a session in its place (the start may change,
 * and with it the month file), or deletes one: only the file it was read
 * from (and, for a new month, that month's file) is rewritten, atomically,
 * keeping every other byte. On failure the files and the list are as they
 * were. lull_history_append() of a removed record undoes the removal. */
gboolean     lull_history_replace       (LullHistory   *self,
                                         LullRecord    *old_record,
                                         LullRecord    *new_record,
                                         GError       **error);
gboolean     lull_history_remove        (LullHistory   *self,
                                         LullRecord    *record,
                                         GError       **error);

guint        lull_history_count_on_date (LullHistory   *self,
                                         const GDate   *local_date);

G_END_DECLS
