/* lull-photo-source.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

#include "lull-photo-set.h"

G_BEGIN_DECLS

#define LULL_TYPE_PHOTO_SOURCE (lull_photo_source_get_type ())

G_DECLARE_FINAL_TYPE (LullPhotoSource, lull_photo_source, LULL, PHOTO_SOURCE, GObject)

/* What a session shows, one photo after another, from @set. */
LullPhotoSource *lull_photo_source_new          (LullPhotoSet    *set);

/* With a @focus photo (one-photo mode, or a photo-focus step), every pick
 * is that photo; NULL goes back to the slideshow. */
void             lull_photo_source_set_focus    (LullPhotoSource *self,
                                                 LullPhoto       *focus);
LullPhoto       *lull_photo_source_get_focus    (LullPhotoSource *self);

/* The photo to show next, or NULL when the set is empty: the set's order,
 * with favourites coming about twice as often, never the same photo twice
 * in a row when there are two or more, and never one that
 * lull_photo_source_skip() set aside this session (a clip that failed).
 * (transfer none) */
LullPhoto       *lull_photo_source_next         (LullPhotoSource *self);
void             lull_photo_source_skip         (LullPhotoSource *self,
                                                 LullPhoto       *photo);

/* Decodes a still photo to fit within @width × @height (never larger than
 * the file), on a worker thread. */
void             lull_photo_source_decode_async  (LullPhotoSource     *self,
                                                  LullPhoto           *photo,
                                                  int                  width,
                                                  int                  height,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GdkPixbuf       *lull_photo_source_decode_finish (LullPhotoSource     *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
