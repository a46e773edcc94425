/* lull-track-library.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lull-data-root.h"

G_BEGIN_DECLS

#define LULL_TRACK_LIBRARY_ERROR (lull_track_library_error_quark ())

typedef enum
{
  LULL_TRACK_LIBRARY_ERROR_NOT_AUDIO,   /* no audio stream (or not a media file) */
  LULL_TRACK_LIBRARY_ERROR_NOT_FOUND,   /* the source is gone or unreadable */
  LULL_TRACK_LIBRARY_ERROR_BUILTIN,     /* built-in tracks cannot be renamed or deleted */
  LULL_TRACK_LIBRARY_ERROR_FAILED,      /* a write failed (full or read-only disk…) */
} LullTrackLibraryError;

typedef enum
{
  LULL_TRACK_KIND_IMAGERY,     /* guided imagery, spoken */
  LULL_TRACK_KIND_SOUNDSCAPE,  /* loops */
  LULL_TRACK_KIND_OWN,         /* imported by the parent */
  LULL_TRACK_KIND_RECORDING,   /* recorded in Lull (recordings/) */
} LullTrackKind;

#define LULL_TYPE_TRACK_KIND (lull_track_kind_get_type ())

GType lull_track_kind_get_type (void) G_GNUC_CONST;

#define LULL_TYPE_TRACK (lull_track_get_type ())

G_DECLARE_FINAL_TYPE (LullTrack, lull_track, LULL, TRACK, GObject)

/* The id routines and the history name it by: builtin:NAME, or the plain
 * file name in audio/ or recordings/ (see lull_track_id_is_valid()). */
const char     *lull_track_get_id         (LullTrack *self);
const char     *lull_track_get_title      (LullTrack *self);   /* translated for built-ins */
LullTrackKind   lull_track_get_kind       (LullTrack *self);
gboolean        lull_track_get_loops      (LullTrack *self);   /* soundscapes */
GFile          *lull_track_get_file       (LullTrack *self);
gboolean        lull_track_get_builtin    (LullTrack *self);
/* Nanoseconds, or -1 until discovered (or when it cannot be read). The
 * property is notified when discovery ends. */
gint64          lull_track_get_duration   (LullTrack *self);
/* NULL, or one sentence saying why this track cannot play (set by
 * discovery: no audio stream, unreadable, missing codec). */
const char     *lull_track_get_problem    (LullTrack *self);

#define LULL_TYPE_TRACK_LIBRARY (lull_track_library_get_type ())

G_DECLARE_FINAL_TYPE (LullTrackLibrary, lull_track_library, LULL, TRACK_LIBRARY, GObject)

GQuark            lull_track_library_error_quark (void);

/* Built-ins come from lull_media_get_dir(); the parent's own tracks from
 * the data root's audio/ and recordings/ folders. */
LullTrackLibrary *lull_track_library_new         (LullDataRoot      *data_root);

/* Lists the tracks (built-ins first, then own tracks by title) without
 * touching their contents, and starts discovering durations off the main
 * thread. Calling it again rescans. Folders that cannot be read are
 * reported through @problems (sentences), never fatal. The read-only
 * boolean property "discovering" is TRUE while lengths are being read. */
void              lull_track_library_load        (LullTrackLibrary  *self,
                                                  GPtrArray         *problems);
/* The same list, without discovering durations (enough for lookups). */
void              lull_track_library_list        (LullTrackLibrary  *self,
                                                  GPtrArray         *problems);

/* (element-type LullTrack) */
GListModel       *lull_track_library_get_tracks  (LullTrackLibrary  *self);
/* (transfer none), or NULL when no listed track has @id */
LullTrack        *lull_track_library_lookup      (LullTrackLibrary  *self,
                                                  const char        *id);

/* Copies @source into audio/ under a safe, unused file name (0600), after
 * checking it has an audio stream; adds it to the list. For the command
 * line (blocks); the UI uses the async pair. Returns the new track
 * (transfer none: the library keeps it), as do import_finish and
 * add_recording; NULL with @error when refused. */
LullTrack        *lull_track_library_import      (LullTrackLibrary  *self,
                                                  GFile             *source,
                                                  GCancellable      *cancellable,
                                                  GError           **error);
void              lull_track_library_import_async  (LullTrackLibrary    *self,
                                                    GFile               *source,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
LullTrack        *lull_track_library_import_finish (LullTrackLibrary    *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Adds a file that is already in recordings/ (the recorder's). */
LullTrack        *lull_track_library_add_recording (LullTrackLibrary  *self,
                                                    GFile             *file,
                                                    GError           **error);

/* The title shown; kept in the data root's tracks.ini, so ids (and the
 * routines that use them) never change. */
gboolean          lull_track_library_rename      (LullTrackLibrary  *self,
                                                  LullTrack         *track,
                                                  const char        *title,
                                                  GError           **error);
/* Deletes the parent's file (never a built-in). */
gboolean          lull_track_library_delete      (LullTrackLibrary  *self,
                                                  LullTrack         *track,
                                                  GError           **error);

/* The built-in cue sounds: "chime", "bell" or "tone". */
GFile            *lull_track_library_dup_cue_file (const char       *name);

G_END_DECLS
