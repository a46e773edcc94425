/* lull-thumbnailer.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

#include "lull-data-root.h"
#include "lull-photo-set.h"

G_BEGIN_DECLS

#define LULL_TYPE_THUMBNAILER (lull_thumbnailer_get_type ())

G_DECLARE_FINAL_TYPE (LullThumbnailer, lull_thumbnailer, LULL, THUMBNAILER, GObject)

/* Thumbnails live in the data root's cache/thumbnails/ (0700 and 0600),
 * never in ~/.cache/thumbnails; the last @memory_items stay in memory
 * (least recently used goes first). */
LullThumbnailer *lull_thumbnailer_new         (LullDataRoot     *data_root,
                                               guint             memory_items);
/* From memory only, or NULL: for binding a cell without waiting.
 * (transfer none): valid until the thumbnailer is next used; take a
 * reference to keep it. */
GdkPixbuf       *lull_thumbnailer_lookup      (LullThumbnailer  *self,
                                               LullPhoto        *photo,
                                               int               size);
/* Makes (or reads from cache/) a thumbnail whose long side is @size, on a
 * worker thread at G_PRIORITY_LOW; a clip gives a frame from near its
 * start. Cancel it when the cell is unbound. */
void             lull_thumbnailer_load_async  (LullThumbnailer     *self,
                                               LullPhoto           *photo,
                                               int                  size,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GdkPixbuf       *lull_thumbnailer_load_finish (LullThumbnailer     *self,
                                               GAsyncResult        *result,
                                               GError             **error);
/* Forgets @photo's thumbnails, in memory and on disk. */
void             lull_thumbnailer_forget      (LullThumbnailer     *self,
                                               LullPhoto           *photo);
/* Deletes the thumbnail files of the photo @photo_id from @data_root's
 * cache (for a photo whose file is deleted). */
void             lull_thumbnailer_delete_files (LullDataRoot       *data_root,
                                                const char         *photo_id);

G_END_DECLS
