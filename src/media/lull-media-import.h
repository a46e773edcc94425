/* lull-media-import.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sys/stat.h>

#include <gio/gio.h>
#include <gst/pbutils/pbutils.h>

#include "lull-data-root.h"

G_BEGIN_DECLS

/* Internal to src/media: what importing a sound (LullTrackLibrary) and a
 * photo or clip (LullPhotoImport) do alike. The source is looked at
 * before it is opened, opened without waiting, and copied into a hidden
 * temporary file in the data root, which gets a safe, unused name only
 * once it is complete. */

/* The sentences an import words its own way (the folder it fills, what
 * to choose instead). @detail is the system's words, where there are
 * any. */
typedef enum
{
  LULL_MEDIA_IMPORT_NOT_REGULAR,         /* a FIFO, a device, a socket, a folder */
  LULL_MEDIA_IMPORT_LINK_LOOP,           /* links too deep or in a circle */
  LULL_MEDIA_IMPORT_CANNOT_WRITE,        /* read-only disk or folder (@detail) */
  LULL_MEDIA_IMPORT_TOO_LARGE_FOR_DISK,  /* larger than the file system takes */
  LULL_MEDIA_IMPORT_NO_FREE_NAME,
  LULL_MEDIA_IMPORT_FOLDER_IS_FILE,      /* a file has the folder's name */
  LULL_MEDIA_IMPORT_CANNOT_MAKE_FOLDER,
} LullMediaImportProblem;

typedef struct
{
  GQuark     (*domain) (void);    /* the error domain's quark function */
  int          not_found_code;    /* gone, unreadable, too slow, not on this computer */
  int          unsupported_code;  /* a codec is missing */
  int          failed_code;       /* a write failed */
  const char  *folder;            /* in the data root, such as "audio" */
  const char  *fallback_stem;     /* for a name with nothing usable left */
  void       (*set_error) (GError                 **error,
                           LullMediaImportProblem   problem,
                           const char              *display,
                           const char              *detail);
} LullMediaImportKind;

/* Whether a copy may take the file name @name (the folder is checked
 * separately: an existing file is never replaced). */
typedef gboolean (*LullMediaImportNameFunc) (const char *name,
                                             gpointer    user_data);

void      lull_media_import_safe_name_parts (const char                 *display,
                                             const char                 *fallback_stem,
                                             char                      **stem,
                                             char                      **extension);

char     *lull_media_import_dup_path        (const LullMediaImportKind  *kind,
                                             GFile                      *source,
                                             GError                    **error);

gboolean  lull_media_import_look            (const char                 *path,
                                             char                      **resolved,
                                             struct stat                *st,
                                             int                        *saved_errno);
int       lull_media_import_open            (const LullMediaImportKind  *kind,
                                             const char                 *path,
                                             const char                 *display,
                                             struct stat                *st,
                                             GError                    **error);

void      lull_media_import_set_read_error  (const LullMediaImportKind  *kind,
                                             GError                    **error,
                                             const char                 *display,
                                             const char                 *reason);
void      lull_media_import_set_write_error (const LullMediaImportKind  *kind,
                                             GError                    **error,
                                             const char                 *display,
                                             int                         saved_errno);
void      lull_media_import_set_save_error  (const LullMediaImportKind  *kind,
                                             GError                    **error,
                                             const char                 *display,
                                             const char                 *reason);
void      lull_media_import_set_missing_codec_error (const LullMediaImportKind  *kind,
                                                     GError                    **error,
                                                     const char                 *display,
                                                     const char                 *codec);
void      lull_media_import_set_too_slow_error      (const LullMediaImportKind  *kind,
                                                     GError                    **error,
                                                     const char                 *display);

GstDiscovererInfo *lull_media_import_discover (GstDiscoverer        *discoverer,
                                               const char           *path,
                                               gboolean              push,
                                               GstDiscovererResult  *result,
                                               GError              **error);

/* A copy on its way into the data root. */
typedef struct _LullMediaImportCopy LullMediaImportCopy;

LullMediaImportCopy *lull_media_import_copy_new    (const LullMediaImportKind  *kind,
                                                    LullDataRoot               *data_root,
                                                    const char                 *display,
                                                    GError                    **error);
gboolean             lull_media_import_copy_write  (LullMediaImportCopy        *copy,
                                                    const void                 *data,
                                                    gsize                       length,
                                                    GError                    **error);
gboolean             lull_media_import_copy_splice (LullMediaImportCopy        *copy,
                                                    int                         from,
                                                    GCancellable               *cancellable,
                                                    GError                    **error);
char                *lull_media_import_copy_finish (LullMediaImportCopy        *copy,
                                                    const char                 *stem,
                                                    const char                 *extension,
                                                    LullMediaImportNameFunc     name_is_free,
                                                    gpointer                    user_data,
                                                    GError                    **error);
void                 lull_media_import_copy_free   (LullMediaImportCopy        *copy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LullMediaImportCopy, lull_media_import_copy_free)

G_END_DECLS
