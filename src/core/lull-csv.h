/* lull-csv.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lull-record.h"

G_BEGIN_DECLS

#define LULL_CSV_ERROR (lull_csv_error_quark ())

typedef enum
{
  LULL_CSV_ERROR_NOT_LULL,   /* Lull's columns are not all there */
  LULL_CSV_ERROR_TOO_LARGE,  /* over LULL_CSV_MAX_BYTES */
  LULL_CSV_ERROR_CANCELLED,
} LullCsvError;

/* The largest file an import reads, 64 MiB: about 250,000 sessions with
 * notes, far beyond a lifetime of pumping. */
#define LULL_CSV_MAX_BYTES (64 * 1024 * 1024)

GQuark      lull_csv_error_quark (void);

/* The header line, without its line end. */
const char *lull_csv_get_header  (void);

/* The sessions, oldest first as given, as a CSV file: the header, then a
 * row a session, RFC 4180 quoting with CRLF line ends, UTF-8, volumes in
 * mL; a text cell that a spreadsheet would run as a formula starts with
 * an apostrophe. */
char       *lull_csv_export      (LullRecord * const *records,
                                  guint               n_records,
                                  gsize              *length);

/* Writes lull_csv_export()'s text to @path, whole or not at all, private
 * (0600); the error is a sentence for the parent. */
gboolean    lull_csv_write_file  (const char         *path,
                                  LullRecord * const *records,
                                  guint               n_records,
                                  GError            **error);

/* Fails with LULL_CSV_ERROR_TOO_LARGE, and a sentence naming
 * @file_name, for a file over LULL_CSV_MAX_BYTES: checked before a file
 * is read. */
gboolean    lull_csv_check_size  (goffset             size,
                                  const char         *file_name,
                                  GError            **error);

typedef void (*LullCsvProgress) (gsize    done,
                                 gsize    total,
                                 gpointer user_data);

/* Reads a CSV file of sessions: columns by header name, in any order.
 * Returns the sessions of the rows that read whole (valid as the history
 * loader and lull_record_validate() have it), in file order, and adds a
 * sentence for each row it refused, with its line, to @problems. Fails,
 * with nothing returned, for a file that is not Lull's (a missing column,
 * named), too large, or cancelled. */
GPtrArray  *lull_csv_import      (const char         *data,
                                  gsize               length,
                                  const char         *file_name,
                                  GPtrArray          *problems,
                                  GCancellable       *cancellable,
                                  LullCsvProgress     progress,
                                  gpointer            user_data,
                                  GError            **error);

/* A session already in the history, by its key (lull_record_get_key()). */
typedef gboolean (*LullCsvIsKnown) (const char *key,
                                    gpointer    user_data);

/* A LullCsvIsKnown for lull_csv_import_new(): @history is a
 * LullHistory, and the session is known when it is loaded. */
gboolean    lull_csv_known_in_history (const char    *key,
                                       gpointer       history);

/* As lull_csv_import(), leaving out, unread, each row whose start
 * @is_known says is already there; they are counted in @n_known. A second
 * import of a file costs little this way. */
GPtrArray  *lull_csv_import_new  (const char         *data,
                                  gsize               length,
                                  const char         *file_name,
                                  LullCsvIsKnown      is_known,
                                  gpointer            known_data,
                                  guint              *n_known,
                                  GPtrArray          *problems,
                                  GCancellable       *cancellable,
                                  LullCsvProgress     progress,
                                  gpointer            user_data,
                                  GError            **error);

G_END_DECLS
