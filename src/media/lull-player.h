/* lull-player.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define LULL_PLAYER_ERROR (lull_player_error_quark ())

typedef enum
{
  LULL_PLAYER_ERROR_NOT_FOUND,      /* the file is gone or cannot be read */
  LULL_PLAYER_ERROR_NOT_AUDIO,      /* not a sound file, or an empty one */
  LULL_PLAYER_ERROR_MISSING_CODEC,  /* a codec (a GStreamer plugin) is missing */
  LULL_PLAYER_ERROR_NO_OUTPUT,      /* no sound server or device to play on */
  LULL_PLAYER_ERROR_OUTPUT_LOST,    /* the sound server went away while playing */
  LULL_PLAYER_ERROR_FAILED,         /* anything else */
} LullPlayerError;

typedef enum
{
  LULL_PLAYER_STATE_STOPPED,
  LULL_PLAYER_STATE_PLAYING,
  LULL_PLAYER_STATE_PAUSED,
} LullPlayerState;

/* Seconds of the fade in at the start and the fade out at the end. */
#define LULL_PLAYER_FADE_SECONDS 3.0

#define LULL_TYPE_PLAYER (lull_player_get_type ())

G_DECLARE_FINAL_TYPE (LullPlayer, lull_player, LULL, PLAYER, GObject)

GQuark           lull_player_error_quark     (void);

/* @audio_sink: (nullable) (transfer floating): the main track's sink; NULL
 * for autoaudiosink (tests and benchmarks pass an appsink or a filesink
 * chain). Cues play in a second pipeline on a copy of it (same factory
 * and properties), or on a fakesink in real time when it cannot be copied
 * (a bin, or an element writing to a file). */
LullPlayer      *lull_player_new             (GstElement  *audio_sink);

/* The main track. @file NULL clears it (and stops). @title names it in
 * error messages. @loop: a soundscape, looped seamlessly with segment
 * seeks. Setting the same file again while it plays changes nothing, so
 * steps naming the same track play on. */
void             lull_player_set_track       (LullPlayer  *self,
                                              GFile       *file,
                                              const char  *title,
                                              gboolean     loop);
GFile           *lull_player_get_file        (LullPlayer  *self);
const char      *lull_player_get_title       (LullPlayer  *self);

void             lull_player_play            (LullPlayer  *self);  /* fades in */
void             lull_player_pause           (LullPlayer  *self);
void             lull_player_resume          (LullPlayer  *self);
void             lull_player_stop            (LullPlayer  *self);  /* fades out, then stops */
void             lull_player_stop_now        (LullPlayer  *self);  /* no fade (dispose, quit) */

LullPlayerState  lull_player_get_state       (LullPlayer  *self);

/* 0 to 1, and mute: bound to GSettings by the app. */
double           lull_player_get_volume      (LullPlayer  *self);
void             lull_player_set_volume      (LullPlayer  *self,
                                              double       volume);
gboolean         lull_player_get_muted       (LullPlayer  *self);
void             lull_player_set_muted       (LullPlayer  *self,
                                              gboolean     muted);

/* Nanoseconds; -1 when not known. "position" is notified about once a
 * second while playing, "duration" when known. */
gint64           lull_player_get_position    (LullPlayer  *self);
gint64           lull_player_get_duration    (LullPlayer  *self);

/* TRUE once sound of the current track has reached the sink since the
 * last set_track (what the log's "What Helped" needs). */
gboolean         lull_player_get_has_played  (LullPlayer  *self);
/* When that first sample reached the sink (g_get_monotonic_time()), or 0. */
gint64           lull_player_get_first_sample_time (LullPlayer *self);

/* A short cue (chime, tone, bell) over the main track, which ducks under
 * it briefly and is never interrupted or restarted. */
void             lull_player_play_cue        (LullPlayer  *self,
                                              GFile       *file);

G_END_DECLS
