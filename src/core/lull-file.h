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

G_END_DECLS
