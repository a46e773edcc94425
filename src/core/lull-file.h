/* lull-file.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LULL_FILE_ERROR (lull_file_error_quark ())

typedef enum
{
  LULL_FILE_ERROR_NOT_REGULAR,  /* a FIFO, a device, a socket or a folder */
  LULL_FILE_ERROR_LINK_LOOP,    /* symbolic links too deep or in a circle */
  LULL_FILE_ERROR_TOO_LARGE,    /* larger than the caller allows */
} LullFileError;

/* The most symbolic links followed from one name to the file. */
#define LULL_FILE_MAX_LINKS 8

GQuark   lull_file_error_quark  (void);

gboolean lull_file_get_contents (const char  *path,
                                 gsize        max_length,
                                 char       **contents,
                                 gsize       *length,
                                 GError     **error);

/* A keyfile in the data root: read through lull_file_get_contents(),
 * comments and translations kept so that a rewrite changes only what it
 * means to. Besides its errors, a file that is not UTF-8 or not a keyfile
 * gives a #G_KEY_FILE_ERROR. */
gboolean lull_file_load_key_file (const char  *path,
                                  gsize        max_length,
                                  GKeyFile    *key_file,
                                  GError     **error);
/* The number in @group's @key, or 0 when it is missing or not a whole
 * number from 1 up. */
guint64  lull_key_file_get_version (GKeyFile   *key_file,
                                    const char *group,
                                    const char *key);
/* Another keyfile with the same groups, keys and comments. */
GKeyFile *lull_key_file_copy      (GKeyFile    *key_file);
/* Replaces @path with @key_file in one step (0600), as every file in the
 * data root is written. The error is the system's, in #G_FILE_ERROR. */
gboolean lull_file_save_key_file (const char  *path,
                                  GKeyFile    *key_file,
                                  GError     **error);

/* Writes a file the parent chose outside the data root (an export):
 * replaced in one step (0600) when it is a regular file or absent; a
 * device or a pipe, such as /dev/stdout, is written to as it is, never
 * replaced. The error is the system's, in #G_FILE_ERROR. */
gboolean lull_file_write_export  (const char  *path,
                                  const char  *data,
                                  gsize        length,
                                  GError     **error);
/* The same, with the error a sentence for the parent that names the file
 * and says what to do; the domain and code stay the system's. */
gboolean lull_file_export        (const char  *path,
                                  const char  *data,
                                  gsize        length,
                                  GError     **error);
/* That sentence, for an export that failed for @reason. */
char    *lull_file_describe_export_failure (const char *path,
                                            const char *reason);

char     *lull_file_dup_export_path (GFile       *file,
                                    GError     **error);

G_END_DECLS
