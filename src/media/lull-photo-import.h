/* lull-photo-import.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lull-data-root.h"

G_BEGIN_DECLS

#define LULL_PHOTO_IMPORT_ERROR (lull_photo_import_error_quark ())

typedef enum
{
  LULL_PHOTO_IMPORT_ERROR_NOT_FOUND,    /* gone or unreadable */
  LULL_PHOTO_IMPORT_ERROR_NOT_REGULAR,  /* a FIFO, a device, a link loop */
  LULL_PHOTO_IMPORT_ERROR_UNSUPPORTED,  /* not a picture or clip Lull reads */
  LULL_PHOTO_IMPORT_ERROR_TOO_LARGE,    /* over LULL_PHOTO_MAX_PIXELS, or too big a file */
  LULL_PHOTO_IMPORT_ERROR_DAMAGED,      /* truncated or broken */
  LULL_PHOTO_IMPORT_ERROR_NO_VIDEO,     /* a media file without a picture */
  LULL_PHOTO_IMPORT_ERROR_FAILED,       /* a write failed (full or read-only disk) */
} LullPhotoImportError;

/* Refused from the header, before any decoding. */
#define LULL_PHOTO_MAX_PIXELS (100 * 1000 * 1000)
/* The long side of an imported photo. */
#define LULL_PHOTO_MAX_SIDE   2560

GQuark lull_photo_import_error_quark (void);

/* Imports one picture or clip into the data root's photos/ folder (0600):
 * a picture decoded at most LULL_PHOTO_MAX_SIDE, turned upright and
 * re-encoded without metadata (JPEG, or PNG when it has transparency); a
 * clip (MP4, MOV, WebM) copied as it is once GstDiscoverer found a moving
 * picture in it, named for its real container. Returns the new photo id
 * (its file name in photos/), or NULL with @error holding one sentence
 * that names the file: a LULL_PHOTO_IMPORT_ERROR, or G_IO_ERROR_CANCELLED.
 * A folder is refused here (a batch reads folders). Blocks; never touches
 * @source. */
char  *lull_photo_import_file        (LullDataRoot  *data_root,
                                      GFile         *source,
                                      GCancellable  *cancellable,
                                      GError       **error);

#define LULL_TYPE_PHOTO_IMPORT (lull_photo_import_get_type ())

G_DECLARE_FINAL_TYPE (LullPhotoImport, lull_photo_import, LULL, PHOTO_IMPORT, GObject)

/* A batch: files and folders (read recursively in file-manager order,
 * links followed up to LULL_FILE_MAX_LINKS deep, hidden files inside
 * folders passed over, a folder reached twice read once). Signals, always
 * on the thread default main context of the caller of run/run_async:
 *   "file-done" (const char *display_name, const char *id_or_null,
 *                const char *reason_or_null) once per file, and for a
 *                folder that cannot be read or is reached again;
 *   "progress"  (guint done, guint total), total growing while folders
 *                are read. */
LullPhotoImport *lull_photo_import_new        (LullDataRoot        *data_root,
                                               GFile              **sources,
                                               guint                n_sources);
/* Blocks (for the command line). FALSE when any file was refused. */
gboolean         lull_photo_import_run        (LullPhotoImport     *self,
                                               GCancellable        *cancellable);
/* Runs on a worker thread; the callback comes on the caller's context. */
void             lull_photo_import_run_async  (LullPhotoImport     *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* TRUE once every file was looked at (refusals are in get_refused);
 * FALSE with G_IO_ERROR_CANCELLED when cancelled (what was imported
 * stays, and was reported). */
gboolean         lull_photo_import_run_finish (LullPhotoImport     *self,
                                               GAsyncResult        *result,
                                               GError             **error);
/* The ids imported, in order (NULL-terminated, owned by @self). */
const char * const *lull_photo_import_get_imported (LullPhotoImport *self);
/* Refusals: "display name" and "reason" pairs, in order. */
guint            lull_photo_import_get_n_refused  (LullPhotoImport *self);
void             lull_photo_import_get_refused    (LullPhotoImport *self,
                                                   guint            index,
                                                   const char     **display_name,
                                                   const char     **reason);

G_END_DECLS
