/* lull-recorder.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define LULL_RECORDER_ERROR (lull_recorder_error_quark ())

typedef enum
{
  LULL_RECORDER_ERROR_NO_MICROPHONE,  /* no input device, or it failed */
  LULL_RECORDER_ERROR_WRITE,          /* the file could not be written */
  LULL_RECORDER_ERROR_FAILED,
} LullRecorderError;

/* The longest recording, in seconds: 30 minutes. */
#define LULL_RECORDER_MAX_SECONDS (30 * 60)

#define LULL_TYPE_RECORDER (lull_recorder_get_type ())

G_DECLARE_FINAL_TYPE (LullRecorder, lull_recorder, LULL, RECORDER, GObject)

GQuark        lull_recorder_error_quark  (void);

/* @audio_source: (nullable) (transfer floating): NULL for autoaudiosrc;
 * tests pass their own. */
LullRecorder *lull_recorder_new          (GstElement    *audio_source);

/* Starts recording into a temporary file in @folder (recordings/), which
 * is renamed to @file_name (an .opus file, 0600) when stopped. FALSE and
 * an error at once if the pipeline cannot start; a device failing later
 * comes as the "failed" signal. */
gboolean      lull_recorder_start        (LullRecorder  *self,
                                          GFile         *folder,
                                          const char    *file_name,
                                          GError       **error);
/* Sends EOS, waits for it (a few seconds at most) so the Ogg file is
 * complete, renames it into place; "finished" (GFile *file) follows, or
 * "failed" (GError *error). */
void          lull_recorder_stop         (LullRecorder  *self);
/* Stops and deletes the temporary file. */
void          lull_recorder_cancel       (LullRecorder  *self);

gboolean      lull_recorder_get_recording (LullRecorder *self);
/* Nanoseconds recorded; notified about 10 times a second. */
gint64        lull_recorder_get_elapsed   (LullRecorder *self);
/* The live level, 0 (silence) to 1, notified with elapsed, for a
 * GtkLevelBar. */
double        lull_recorder_get_level     (LullRecorder *self);
/* LULL_RECORDER_MAX_SECONDS by default; the recorder stops by itself
 * there. Settable so that tests need not wait 30 minutes. */
guint         lull_recorder_get_max_seconds (LullRecorder *self);
void          lull_recorder_set_max_seconds (LullRecorder *self,
                                             guint         seconds);

G_END_DECLS
