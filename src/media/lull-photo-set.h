/* lull-photo-set.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

#include "lull-data-root.h"

G_BEGIN_DECLS

#define LULL_TYPE_PHOTO (lull_photo_get_type ())

G_DECLARE_FINAL_TYPE (LullPhoto, lull_photo, LULL, PHOTO, GObject)

/* The photo's id is its file name in the data root's photos/ folder: what
 * routines (`photo=`) and photos.ini name it by. */
const char *lull_photo_get_id        (LullPhoto *self);
GFile      *lull_photo_get_file      (LullPhoto *self);
/* A clip (video), played by GtkVideo, rather than a still picture. */
gboolean    lull_photo_get_is_clip   (LullPhoto *self);
/* Notified as "favourite". */
gboolean    lull_photo_get_favourite (LullPhoto *self);

/* A photo id is a plain file name (no '/', no "..", UTF-8, at most 255
 * bytes), the way LullStep names track ids. */
gboolean    lull_photo_id_is_valid   (const char *id);

/* Decodes a still to fit within @width × @height, keeping its shape and
 * never making it larger than the file is; only a regular file is opened.
 * Blocks: call it on a worker thread. A clip gives
 * G_IO_ERROR_NOT_SUPPORTED. */
GdkPixbuf  *lull_photo_decode        (LullPhoto     *self,
                                      int            width,
                                      int            height,
                                      GCancellable  *cancellable,
                                      GError       **error);

#define LULL_TYPE_PHOTO_SET (lull_photo_set_get_type ())

G_DECLARE_FINAL_TYPE (LullPhotoSet, lull_photo_set, LULL, PHOTO_SET, GObject)

LullPhotoSet *lull_photo_set_new          (LullDataRoot  *data_root);

/* Lists photos/ (regular files only, never decoding them) in the order
 * photos.ini keeps, new files at the end; reads favourites and the focus
 * photo. Problems (a damaged photos.ini, an unreadable folder) are added to
 * @problems as sentences and are never fatal. Calling it again rescans. */
void          lull_photo_set_load         (LullPhotoSet  *self,
                                           GPtrArray     *problems);
/* (element-type LullPhoto), kept in the parent's order */
GListModel   *lull_photo_set_get_photos   (LullPhotoSet  *self);
LullPhoto    *lull_photo_set_lookup       (LullPhotoSet  *self,
                                           const char    *id);
/* Adds a file lull_photo_import_file() just placed in photos/. */
LullPhoto    *lull_photo_set_add          (LullPhotoSet  *self,
                                           const char    *id,
                                           GError       **error);

/* Each change below is saved to photos.ini at once (atomically, 0600). */
gboolean      lull_photo_set_set_favourite (LullPhotoSet *self,
                                            LullPhoto    *photo,
                                            gboolean      favourite,
                                            GError      **error);
gboolean      lull_photo_set_move          (LullPhotoSet *self,
                                            LullPhoto    *photo,
                                            guint         position,
                                            GError      **error);
gboolean      lull_photo_set_shuffle       (LullPhotoSet *self,
                                            GError      **error);

/* Takes @photo out of the list, keeping its file until
 * lull_photo_set_purge(): that is the undo window. Returns its position
 * for lull_photo_set_restore(), or G_MAXUINT (with @error) when the change
 * could not be saved and the list is as it was. */
guint         lull_photo_set_remove        (LullPhotoSet *self,
                                            LullPhoto    *photo,
                                            GError      **error);
gboolean      lull_photo_set_restore       (LullPhotoSet *self,
                                            LullPhoto    *photo,
                                            guint         position,
                                            GError      **error);
/* Deletes the files of the removed photos (and their thumbnails). */
gboolean      lull_photo_set_purge         (LullPhotoSet *self,
                                            GError      **error);

/* The one photo shown every session in one-photo mode and by photo-focus
 * steps that name none; NULL when none was chosen (the first favourite,
 * else the first photo, stands in). Property "focus". */
LullPhoto    *lull_photo_set_get_focus     (LullPhotoSet *self);
gboolean      lull_photo_set_set_focus     (LullPhotoSet *self,
                                            LullPhoto    *photo,
                                            GError      **error);
/* What one-photo mode shows: the focus, else the first favourite, else the
 * first photo; NULL when the set is empty. (transfer none) */
LullPhoto    *lull_photo_set_get_shown_focus (LullPhotoSet *self);

G_END_DECLS
