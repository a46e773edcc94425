/* test-player.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>

#include "lull-media.h"
#include "lull-player.h"
#include "lull-test-util.h"
#include "media-test-util.h"

/* LullPlayer on real pipelines, into an appsink that hands over decoded
 * samples (mono F32 at 48 kHz) with their running time. Sounds are made
 * here with audiotestsrc and opusenc. Nothing asserts how fast anything
 * is: waits only end on what the player or the sink did, and a generous
 * deadline turns a hang into a failure instead of a stuck test. */

#define RATE             48000
#define SINK_CAPS        "audio/x-raw,format=F32LE,layout=interleaved,rate=48000,channels=1"
#define TONE_SECONDS     10
#define HANG_GUARD_S     90

/* Past the fade in, when the main track is at its full level. */
#define FADE_END_FOR_CUE (3300 * GST_MSECOND)

/* A run of samples this quiet and this long is a gap a person hears:
 * 1e-4 of full scale is -80 dBFS, 240 samples are 5 ms at 48 kHz. */
#define SILENCE_LEVEL    1e-4
#define SILENCE_MAX_RUN  240

static char *media_dir;

/* Test media. */

/* Sounds are made once per process, the first time a test needs them. */
static const char *
media_path (const char *name)
{
  static GHashTable *made;
  char *path;

  if (made == NULL)
    made = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  path = g_hash_table_lookup (made, name);
  if (path != NULL)
    return path;

  if (media_dir == NULL)
    media_dir = lull_test_make_tmp_dir ("lull-test-player-XXXXXX");

  path = g_build_filename (media_dir, name, NULL);

  if (g_str_equal (name, "tone.opus") || g_str_equal (name, "cue.opus")
      || g_str_equal (name, "noise.opus"))
    {
      g_autofree char *source = NULL;
      const char *wave = g_str_equal (name, "noise.opus") ? "white-noise" : "sine";
      int freq = g_str_equal (name, "cue.opus") ? 880 : 440;
      int seconds = g_str_equal (name, "tone.opus") ? TONE_SECONDS
                    : g_str_equal (name, "cue.opus") ? 1 : 2;

      source = g_strdup_printf ("wave=%s freq=%d volume=0.5", wave, freq);
      media_test_make_sound (path, source, "opusenc ! oggmux", seconds * 10);
    }
  else if (g_str_equal (name, "image.ogg"))
    {
      media_test_make_picture (path);
    }
  else if (g_str_equal (name, "empty.ogg"))
    {
      g_assert_true (g_file_set_contents (path, "", 0, NULL));
    }
  else if (g_str_equal (name, "text.mp3"))
    {
      const char *text = "These are words, not sounds.\n";

      g_assert_true (g_file_set_contents (path, text, -1, NULL));
    }
  else if (g_str_equal (name, "tune.sid"))
    {
      /* A PSID header: typefinding knows it as audio/x-sid, and Debian's
       * GStreamer has no decoder for it without plugins-ugly. */
      char data[256] = "PSID\0\2\0\x7c";

      g_assert_true (g_file_set_contents (path, data, sizeof data, NULL));
    }
  else if (g_str_equal (name, "silent.wav") || g_str_equal (name, "blip.wav"))
    {
      /* A valid WAV header with no samples (a track of zero length), or
       * with a single one. */
      guint8 wav[46] = {
        'R', 'I', 'F', 'F', 36, 0, 0, 0, 'W', 'A', 'V', 'E',
        'f', 'm', 't', ' ', 16, 0, 0, 0, 1, 0, 1, 0,
        0x80, 0xbb, 0, 0, 0, 0x77, 1, 0, 2, 0, 16, 0,
        'd', 'a', 't', 'a', 0, 0, 0, 0, 0x00, 0x40,
      };
      gsize size = 44;

      if (g_str_equal (name, "blip.wav"))
        {
          wav[4] += 2;
          wav[40] = 2;
          size += 2;
        }

      g_assert_true (g_file_set_contents (path, (const char *) wav, size, NULL));
    }
  else if (g_str_equal (name, "headers-only.opus") || g_str_equal (name, "truncated.opus")
           || g_str_equal (name, "first-100-bytes.opus"))
    {
      g_autofree char *data = NULL;
      gsize length, keep = 0;

      g_assert_true (g_file_get_contents (media_path ("tone.opus"), &data, &length, NULL));

      if (g_str_equal (name, "headers-only.opus"))
        {
          /* The OpusHead and OpusTags pages, up to the first audio page. */
          guint pages = 0;

          for (gsize i = 0; i + 4 <= length; i++)
            if (memcmp (data + i, "OggS", 4) == 0 && ++pages == 3)
              {
                keep = i;
                break;
              }
          g_assert_cmpuint (keep, >, 0);
        }
      else if (g_str_equal (name, "truncated.opus"))
        {
          keep = length / 2;   /* head -c: cut in the middle of a page */
        }
      else
        {
          keep = 100;          /* first-100-bytes: not even the whole headers */
        }

      g_assert_true (g_file_set_contents (path, data, keep, NULL));
    }
  else
    {
      /* Never made: a file that is gone. */
    }

  g_hash_table_insert (made, g_strdup (name), path);

  return path;
}

/* Samples at the sink. */

typedef struct
{
  GstClockTime start;  /* running time */
  GstClockTime end;
  double       rms;
} Level;

typedef struct
{
  GMutex       lock;
  guint64      n_samples;
  GArray      *levels;
  GstClockTime end;    /* running time of the last sample so far */

  /* Silence runs, counted from this running time on. */
  GstClockTime silence_from;
  guint        run;
  guint        max_run;
  GstClockTime max_run_at;
  guint64      measured;
} Tap;

static GstFlowReturn
on_new_sample_cb (GstElement *appsink,
                  Tap        *tap)
{
  g_autoptr(GstSample) sample = NULL;
  GstBuffer *buffer;
  const GstSegment *segment;
  GstMapInfo map;
  Level level;
  const float *samples;
  gsize n;
  double sum = 0.0;

  g_signal_emit_by_name (appsink, "pull-sample", &sample);
  if (sample == NULL)
    return GST_FLOW_EOS;

  buffer = gst_sample_get_buffer (sample);
  segment = gst_sample_get_segment (sample);
  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_ERROR;

  samples = (const float *) map.data;
  n = map.size / sizeof (float);
  level.start = gst_segment_to_running_time (segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buffer));
  level.end = level.start + gst_util_uint64_scale_int (n, GST_SECOND, RATE);

  g_mutex_lock (&tap->lock);
  for (gsize i = 0; i < n; i++)
    {
      sum += (double) samples[i] * samples[i];

      if (GST_CLOCK_TIME_IS_VALID (tap->silence_from) && level.start >= tap->silence_from)
        {
          tap->measured++;
          if (fabsf (samples[i]) < SILENCE_LEVEL)
            {
              if (++tap->run > tap->max_run)
                {
                  tap->max_run = tap->run;
                  tap->max_run_at = level.start;
                }
            }
          else
            {
              tap->run = 0;
            }
        }
    }
  level.rms = n > 0 ? sqrt (sum / n) : 0.0;
  tap->n_samples += n;
  tap->end = level.end;
  g_array_append_val (tap->levels, level);
  g_mutex_unlock (&tap->lock);

  gst_buffer_unmap (buffer, &map);

  return GST_FLOW_OK;
}

static GstElement *
tap_new_sink (Tap      *tap,
              gboolean  sync)
{
  g_autoptr(GstCaps) caps = gst_caps_from_string (SINK_CAPS);
  GstElement *sink = gst_element_factory_make ("appsink", NULL);

  g_mutex_init (&tap->lock);
  tap->levels = g_array_new (FALSE, FALSE, sizeof (Level));
  tap->end = 0;
  tap->silence_from = GST_CLOCK_TIME_NONE;

  g_object_set (sink, "caps", caps, "sync", sync, "emit-signals", TRUE, NULL);
  g_signal_connect (sink, "new-sample", G_CALLBACK (on_new_sample_cb), tap);

  return sink;
}

static void
tap_clear (Tap *tap)
{
  /* A player on another sink had no tap. */
  if (tap->levels == NULL)
    return;

  g_clear_pointer (&tap->levels, g_array_unref);
  g_mutex_clear (&tap->lock);
}

static guint64
tap_samples (Tap *tap)
{
  guint64 n;

  g_mutex_lock (&tap->lock);
  n = tap->n_samples;
  g_mutex_unlock (&tap->lock);

  return n;
}

static GstClockTime
tap_end (Tap *tap)
{
  GstClockTime end;

  g_mutex_lock (&tap->lock);
  end = tap->end;
  g_mutex_unlock (&tap->lock);

  return end;
}

/* The RMS of the samples between two running times. */
static double
tap_rms (Tap          *tap,
         GstClockTime  from,
         GstClockTime  to)
{
  double sum = 0.0;
  guint n = 0;

  g_mutex_lock (&tap->lock);
  for (guint i = 0; i < tap->levels->len; i++)
    {
      Level *level = &g_array_index (tap->levels, Level, i);

      if (level->start >= from && level->end <= to)
        {
          sum += level->rms * level->rms;
          n++;
        }
    }
  g_mutex_unlock (&tap->lock);

  g_assert_cmpuint (n, >, 0);

  return sqrt (sum / n);
}

/* Each buffer's running time is past the one before (or at it, unless
 * @strictly): nothing was a restart, which would start again from 0. */
static void
tap_assert_running_time_grows (Tap      *tap,
                               gboolean  strictly)
{
  g_mutex_lock (&tap->lock);
  for (guint i = 1; i < tap->levels->len; i++)
    {
      GstClockTime start = g_array_index (tap->levels, Level, i).start;
      GstClockTime before = g_array_index (tap->levels, Level, i - 1).start;

      if (strictly)
        g_assert_cmpuint (start, >, before);
      else
        g_assert_cmpuint (start, >=, before);
    }
  g_mutex_unlock (&tap->lock);
}

/* Waiting on the main loop. */

#define wait_until(condition) media_test_wait_until (HANG_GUARD_S, condition)

static gboolean
on_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the pipelines run for a while; only used to give something that
 * must not happen the chance to happen. */
static void
run_for (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, on_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* What the player said. */

typedef struct
{
  guint   n_errors;
  GError *error;
  guint   n_missing;
  guint   n_stopped;
} Events;

static void
on_error_cb (LullPlayer   *player,
             const GError *error,
             Events       *events)
{
  events->n_errors++;
  g_clear_error (&events->error);
  events->error = g_error_copy (error);
}

static void
on_missing_plugins_cb (LullPlayer          *player,
                       const char * const  *details,
                       Events              *events)
{
  g_assert_nonnull (details);
  g_assert_nonnull (details[0]);
  events->n_missing++;
}

static void
on_state_cb (LullPlayer *player,
             GParamSpec *pspec,
             Events     *events)
{
  if (lull_player_get_state (player) == LULL_PLAYER_STATE_STOPPED)
    events->n_stopped++;
}

static void
events_connect (Events     *events,
                LullPlayer *player)
{
  g_signal_connect (player, "error", G_CALLBACK (on_error_cb), events);
  g_signal_connect (player, "missing-plugins", G_CALLBACK (on_missing_plugins_cb), events);
  g_signal_connect (player, "notify::state", G_CALLBACK (on_state_cb), events);
}

static void
events_clear (Events *events)
{
  g_clear_error (&events->error);
}

static void
set_track_path (LullPlayer *player,
                const char *path,
                gboolean    loop)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *title = g_path_get_basename (path);

  lull_player_set_track (player, file, title, loop);
}

/* A player, what it said, and its tap when its sink is one. */
typedef struct
{
  Tap         tap;
  Events      events;
  LullPlayer *player;
} Rig;

/* @rig must be zeroed; @sink may be tap_new_sink (&rig->tap, …), or NULL
 * for the default. Returns the player, which @rig holds. */
static LullPlayer *
rig_init (Rig        *rig,
          GstElement *sink)
{
  rig->player = lull_player_new (sink);
  events_connect (&rig->events, rig->player);

  return rig->player;
}

/* The player must be gone with it: nothing else holds a reference. */
static void
rig_clear (Rig *rig)
{
  events_clear (&rig->events);
  g_assert_finalize_object (g_steal_pointer (&rig->player));
  tap_clear (&rig->tap);
}

static void
rig_play (Rig        *rig,
          const char *path,
          gboolean    loop)
{
  set_track_path (rig->player, path, loop);
  lull_player_play (rig->player);
}

/* Errors: one signal, a code to act on, the track named in it (when
 * @mentions is given), the player stopped, never a hang. */
static void
rig_expect_error (Rig             *rig,
                  LullPlayerError  code,
                  const char      *mentions)
{
  wait_until (rig->events.n_errors > 0);
  media_test_drain_main_context ();

  g_assert_cmpuint (rig->events.n_errors, ==, 1);
  g_assert_error (rig->events.error, LULL_PLAYER_ERROR, (int) code);
  if (mentions != NULL)
    g_assert_nonnull (strstr (rig->events.error->message, mentions));
  g_assert_cmpint (lull_player_get_state (rig->player), ==, LULL_PLAYER_STATE_STOPPED);
}

static void
test_plays_tone (void)
{
  Rig rig = { 0 };
  LullPlayer *player = rig_init (&rig, tap_new_sink (&rig.tap, FALSE));
  guint position_notified = 0;
  guint duration_notified = 0;

  g_signal_connect (player, "notify::position",
                    G_CALLBACK (lull_test_count_notify), &position_notified);
  g_signal_connect (player, "notify::duration",
                    G_CALLBACK (lull_test_count_notify), &duration_notified);

  set_track_path (player, media_path ("tone.opus"), FALSE);
  g_assert_false (lull_player_get_has_played (player));
  g_assert_cmpint (lull_player_get_duration (player), ==, -1);
  g_assert_cmpstr (lull_player_get_title (player), ==, "tone.opus");

  lull_player_play (player);
  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_PLAYING);

  wait_until (lull_player_get_has_played (player));
  wait_until (lull_player_get_state (player) == LULL_PLAYER_STATE_STOPPED);

  g_assert_cmpuint (rig.events.n_errors, ==, 0);
  /* The whole tone went through. */
  g_assert_cmpuint (tap_samples (&rig.tap), >=, (TONE_SECONDS - 1) * RATE);
  g_assert_true (lull_player_get_has_played (player));
  g_assert_cmpuint (duration_notified, >, 0);
  g_assert_cmpint (lull_player_get_duration (player), >, (TONE_SECONDS - 1) * GST_SECOND);
  g_assert_cmpint (lull_player_get_duration (player), <=, (TONE_SECONDS + 1) * GST_SECOND);
  g_assert_cmpuint (position_notified, >, 0);
  g_assert_cmpint (lull_player_get_position (player), ==, -1);

  /* Another track: has-played starts over. */
  set_track_path (player, media_path ("cue.opus"), FALSE);
  g_assert_false (lull_player_get_has_played (player));

  /* No track: nothing to play. */
  lull_player_set_track (player, NULL, NULL, FALSE);
  g_assert_null (lull_player_get_file (player));
  lull_player_play (player);
  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_STOPPED);

  rig_clear (&rig);
}

static GstState
sink_state (GstElement *sink)
{
  GstState state;

  gst_element_get_state (sink, &state, NULL, 0);

  return state;
}

static void
test_pause_resume (void)
{
  Rig rig = { 0 };
  GstElement *sink = tap_new_sink (&rig.tap, TRUE);
  LullPlayer *player = rig_init (&rig, sink);
  Tap *tap = &rig.tap;
  GstClockTime paused_at;
  double before, after;
  guint64 n;

  rig_play (&rig, media_path ("tone.opus"), FALSE);
  /* In the middle of the fade in. */
  wait_until (tap_end (tap) >= 1200 * GST_MSECOND);

  lull_player_pause (player);
  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_PAUSED);
  wait_until (sink_state (sink) == GST_STATE_PAUSED);

  n = tap_samples (tap);
  paused_at = tap_end (tap);
  run_for (1000);
  g_assert_cmpuint (tap_samples (tap), ==, n);

  /* resume() goes on where it was; play() while paused does the same. */
  lull_player_resume (player);
  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_PLAYING);
  wait_until (tap_end (tap) >= paused_at + 200 * GST_MSECOND);

  /* The fade held during the pause: it goes on from the level it had
   * (a fade timed by the clock would have jumped a second ahead). */
  before = tap_rms (tap, paused_at - 100 * GST_MSECOND, paused_at);
  after = tap_rms (tap, paused_at, paused_at + 100 * GST_MSECOND);
  g_test_message ("fade across a pause: %.4f, %.4f", before, after);
  g_assert_cmpfloat (after, >, before);
  g_assert_cmpfloat (after, <, 1.3 * before);

  lull_player_pause (player);
  wait_until (sink_state (sink) == GST_STATE_PAUSED);
  n = tap_samples (tap);
  lull_player_play (player);
  wait_until (tap_samples (tap) > n);

  /* Nothing after the pause was a restart. */
  tap_assert_running_time_grows (tap, FALSE);

  lull_player_stop_now (player);
  g_assert_cmpuint (rig.events.n_errors, ==, 0);
  rig_clear (&rig);
}

static void
test_same_track_plays_on (void)
{
  Rig rig = { 0 };
  LullPlayer *player = rig_init (&rig, tap_new_sink (&rig.tap, TRUE));
  Tap *tap = &rig.tap;
  GstClockTime before;
  gint64 position;
  guint64 n;

  rig_play (&rig, media_path ("tone.opus"), FALSE);
  wait_until (lull_player_get_has_played (player) && tap_end (tap) >= 500 * GST_MSECOND);
  wait_until (lull_player_get_position (player) > 0);

  /* The next step names the same track. */
  before = tap_end (tap);
  position = lull_player_get_position (player);
  n = tap_samples (tap);
  rig_play (&rig, media_path ("tone.opus"), FALSE);

  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_PLAYING);
  g_assert_true (lull_player_get_has_played (player));
  wait_until (tap_samples (tap) > n + RATE / 2);
  g_assert_cmpint (lull_player_get_position (player), >, position);

  /* It played on: no restart. */
  tap_assert_running_time_grows (tap, TRUE);
  g_assert_cmpuint (tap_end (tap), >, before);

  /* A different track is a different thing: it stops the first. */
  set_track_path (player, media_path ("cue.opus"), FALSE);
  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_STOPPED);
  g_assert_false (lull_player_get_has_played (player));

  g_assert_cmpuint (rig.events.n_errors, ==, 0);
  rig_clear (&rig);
}

/* The sink does not sync, so the whole track comes through as fast as it
 * decodes: the fade is on the track's running time, not the wall clock. */
static void
test_fade_in (void)
{
  Rig rig = { 0 };
  LullPlayer *player = rig_init (&rig, tap_new_sink (&rig.tap, FALSE));
  double start, middle, full;

  rig_play (&rig, media_path ("tone.opus"), FALSE);
  wait_until (lull_player_get_state (player) == LULL_PLAYER_STATE_STOPPED);
  g_assert_cmpuint (rig.events.n_errors, ==, 0);

  start = tap_rms (&rig.tap, 0, 250 * GST_MSECOND);
  middle = tap_rms (&rig.tap, 1400 * GST_MSECOND, 1600 * GST_MSECOND);
  full = tap_rms (&rig.tap, 3200 * GST_MSECOND, 3500 * GST_MSECOND);

  g_test_message ("fade in: %.4f, %.4f, %.4f", start, middle, full);
  g_assert_cmpfloat (full, >, 0.2);
  g_assert_cmpfloat (start, <, 0.1 * full);
  /* A ramp, not a step. */
  g_assert_cmpfloat (middle, >, 0.3 * full);
  g_assert_cmpfloat (middle, <, 0.7 * full);

  rig_clear (&rig);
}

static double
level_at_volume (double   volume,
                 gboolean muted)
{
  Rig rig = { 0 };
  LullPlayer *player = rig_init (&rig, tap_new_sink (&rig.tap, FALSE));
  double start, full;

  lull_player_set_volume (player, volume);
  lull_player_set_muted (player, muted);
  rig_play (&rig, media_path ("tone.opus"), FALSE);
  wait_until (lull_player_get_state (player) == LULL_PLAYER_STATE_STOPPED);
  g_assert_cmpuint (rig.events.n_errors, ==, 0);

  start = tap_rms (&rig.tap, 0, 250 * GST_MSECOND);
  full = tap_rms (&rig.tap, 4 * GST_SECOND, 5 * GST_SECOND);
  /* The fade still applies under the person's volume. */
  if (!muted)
    g_assert_cmpfloat (start, <, 0.1 * full);

  rig_clear (&rig);

  return full;
}

static void
test_volume_and_mute (void)
{
  g_autoptr(LullPlayer) player = lull_player_new (gst_element_factory_make ("fakesink", NULL));
  guint notified = 0;
  double full, half, muted;

  g_signal_connect (player, "notify::volume", G_CALLBACK (lull_test_count_notify), &notified);
  lull_player_set_volume (player, 0.5);
  lull_player_set_volume (player, 0.5);
  g_assert_cmpuint (notified, ==, 1);
  lull_player_set_volume (player, 7.0);
  g_assert_cmpfloat (lull_player_get_volume (player), ==, 1.0);
  g_object_set (player, "muted", TRUE, NULL);
  g_assert_true (lull_player_get_muted (player));
  g_assert_finalize_object (g_steal_pointer (&player));

  full = level_at_volume (1.0, FALSE);
  half = level_at_volume (0.5, FALSE);
  muted = level_at_volume (1.0, TRUE);

  g_test_message ("volume: %.4f at 1, %.4f at 0.5, %.4f muted", full, half, muted);
  g_assert_cmpfloat (half, >, 0.45 * full);
  g_assert_cmpfloat (half, <, 0.55 * full);
  g_assert_cmpfloat (muted, <, 1e-4);
}

static void
test_stop_fades_out (void)
{
  Rig rig = { 0 };
  LullPlayer *player = rig_init (&rig, tap_new_sink (&rig.tap, FALSE));
  Tap *tap = &rig.tap;
  GstClockTime stopped_from, end;
  double full, last;
  gboolean between = FALSE;

  /* A loop never ends by itself, so only stop() can end this. */
  rig_play (&rig, media_path ("tone.opus"), TRUE);
  wait_until (tap_end (tap) >= 4 * GST_SECOND);

  lull_player_stop (player);
  stopped_from = tap_end (tap);
  /* The fade is heard before the track stops. */
  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_PLAYING);
  wait_until (lull_player_get_state (player) == LULL_PLAYER_STATE_STOPPED);
  g_assert_cmpuint (rig.events.n_errors, ==, 0);

  end = tap_end (tap);
  full = tap_rms (tap, 3500 * GST_MSECOND, 4 * GST_SECOND);
  last = tap_rms (tap, end - 300 * GST_MSECOND, end);
  g_test_message ("fade out: %.4f before, %.6f at the end", full, last);

  g_assert_cmpfloat (last, <, 1e-3);
  /* It went down over time, not at once. */
  g_mutex_lock (&tap->lock);
  for (guint i = 0; i < tap->levels->len; i++)
    {
      Level *level = &g_array_index (tap->levels, Level, i);

      if (level->start >= stopped_from && level->rms > 0.3 * full && level->rms < 0.7 * full)
        between = TRUE;
    }
  g_mutex_unlock (&tap->lock);
  g_assert_true (between);

  /* play() after a stop starts again, with a fade in. */
  g_mutex_lock (&tap->lock);
  g_array_set_size (tap->levels, 0);
  g_mutex_unlock (&tap->lock);
  lull_player_play (player);
  wait_until (tap_end (tap) >= 4 * GST_SECOND && tap->levels->len > 0);
  g_assert_cmpfloat (tap_rms (tap, 0, 250 * GST_MSECOND), <, 0.1 * full);
  lull_player_stop_now (player);

  rig_clear (&rig);
}

static void
test_cue_ducks (void)
{
  Rig rig = { 0 };
  LullPlayer *player = rig_init (&rig, tap_new_sink (&rig.tap, TRUE));
  Tap *tap = &rig.tap;
  g_autoptr(GFile) cue = g_file_new_for_path (media_path ("cue.opus"));
  GstClockTime cue_at;
  double before, lowest = G_MAXDOUBLE, after;

  rig_play (&rig, media_path ("tone.opus"), FALSE);
  wait_until (tap_end (tap) >= FADE_END_FOR_CUE);
  before = tap_rms (tap, FADE_END_FOR_CUE - 300 * GST_MSECOND, FADE_END_FOR_CUE);

  cue_at = tap_end (tap);
  lull_player_play_cue (player, cue);
  /* The cue is 1 s; the duck is released over 1 s after it. */
  wait_until (tap_end (tap) >= cue_at + 3500 * GST_MSECOND);

  g_mutex_lock (&tap->lock);
  for (guint i = 0; i < tap->levels->len; i++)
    {
      Level *level = &g_array_index (tap->levels, Level, i);

      if (level->start >= cue_at)
        lowest = MIN (lowest, level->rms);
    }
  g_mutex_unlock (&tap->lock);
  after = tap_rms (tap, tap_end (tap) - 300 * GST_MSECOND, tap_end (tap));

  g_test_message ("duck: %.4f before, %.4f lowest, %.4f after", before, lowest, after);
  g_assert_cmpfloat (lowest, <, 0.6 * before);
  g_assert_cmpfloat (after, >, 0.9 * before);
  /* Never interrupted: it is the same playback, still going. */
  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_PLAYING);
  g_assert_cmpuint (rig.events.n_errors, ==, 0);

  lull_player_stop_now (player);
  rig_clear (&rig);
}

static void
test_cue_without_track (void)
{
  Rig rig = { 0 };
  LullPlayer *player = rig_init (&rig, gst_element_factory_make ("fakesink", NULL));
  g_autoptr(GFile) cue = g_file_new_for_path (media_path ("cue.opus"));
  g_autoptr(GFile) gone = g_file_new_for_path (media_path ("gone.opus"));

  lull_player_play_cue (player, cue);
  lull_player_play_cue (player, gone);
  wait_until (rig.events.n_errors > 0);

  g_assert_error (rig.events.error, LULL_PLAYER_ERROR, LULL_PLAYER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (rig.events.error->message, "gone.opus"));
  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_STOPPED);

  rig_clear (&rig);
}

/* A SID tune with no decoder for it is the missing codec. */
static gboolean
skip_if_sid_decoder (void)
{
  if (!gst_registry_check_feature_version (gst_registry_get (), "siddec", 1, 0, 0))
    return FALSE;

  g_test_skip ("a SID decoder is installed");
  return TRUE;
}

/* A test sound the player must refuse, under /player/error/. */
typedef struct
{
  const char      *path;
  const char      *name;
  gboolean         loop;
  LullPlayerError  code;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "missing-file", "gone.opus", FALSE, LULL_PLAYER_ERROR_NOT_FOUND },
  { "zero-bytes", "empty.ogg", FALSE, LULL_PLAYER_ERROR_NOT_AUDIO },
  { "text", "text.mp3", FALSE, LULL_PLAYER_ERROR_NOT_AUDIO },
  { "image", "image.ogg", FALSE, LULL_PLAYER_ERROR_NOT_AUDIO },
  { "cut-in-headers", "first-100-bytes.opus", FALSE, LULL_PLAYER_ERROR_NOT_AUDIO },
  { "empty-track", "headers-only.opus", FALSE, LULL_PLAYER_ERROR_NOT_AUDIO },
  /* A loop of nothing: each seam comes at once. It must end with an
   * error, not spin (the hang guard fails the test if it does). */
  { "empty-loop-wav", "silent.wav", TRUE, LULL_PLAYER_ERROR_NOT_AUDIO },
  { "empty-loop-opus", "headers-only.opus", TRUE, LULL_PLAYER_ERROR_NOT_AUDIO },
  { "blip-loop", "blip.wav", TRUE, LULL_PLAYER_ERROR_NOT_AUDIO },
  { "missing-codec", "tune.sid", FALSE, LULL_PLAYER_ERROR_MISSING_CODEC },
};

static void
test_error (gconstpointer data)
{
  const ErrorCase *error_case = data;
  Rig rig = { 0 };
  g_autofree char *title = g_strdup_printf ("Test sound %s", error_case->name);
  g_autoptr(GFile) file = NULL;
  LullPlayer *player;

  if (error_case->code == LULL_PLAYER_ERROR_MISSING_CODEC && skip_if_sid_decoder ())
    return;

  file = g_file_new_for_path (media_path (error_case->name));
  player = rig_init (&rig, gst_element_factory_make ("fakesink", NULL));
  lull_player_set_track (player, file, title, error_case->loop);
  lull_player_play (player);

  rig_expect_error (&rig, error_case->code, title);
  g_assert_false (lull_player_get_has_played (player));

  rig_clear (&rig);
}

/* GStreamer reads where its plugin installer is from the environment
 * ("for testing", says its documentation): true(1) stands in for it, and
 * is never run, since only the app calls gst_install_plugins_async(). */
static void
test_missing_plugins_offered (void)
{
  Rig rig = { 0 };
  LullPlayer *player;
  g_autofree char *helper = g_find_program_in_path ("true");

  if (skip_if_sid_decoder ())
    return;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_nonnull (helper);
  g_setenv ("GST_INSTALL_PLUGINS_HELPER", helper, TRUE);
  g_assert_true (gst_install_plugins_supported ());

  player = rig_init (&rig, gst_element_factory_make ("fakesink", NULL));

  /* Twice the same codec: offered once. */
  for (guint i = 0; i < 2; i++)
    {
      lull_player_set_track (player, NULL, NULL, FALSE);
      rig_play (&rig, media_path ("tune.sid"), FALSE);
      wait_until (rig.events.n_errors == i + 1);
      g_assert_error (rig.events.error, LULL_PLAYER_ERROR, LULL_PLAYER_ERROR_MISSING_CODEC);
      g_assert_cmpuint (rig.events.n_missing, ==, 1);
    }

  rig_clear (&rig);
}

static void
test_error_truncated (void)
{
  Rig rig = { 0 };
  LullPlayer *player = rig_init (&rig, tap_new_sink (&rig.tap, FALSE));

  rig_play (&rig, media_path ("truncated.opus"), FALSE);
  wait_until (lull_player_get_state (player) == LULL_PLAYER_STATE_STOPPED);
  media_test_drain_main_context ();

  /* What is there plays, or the file is refused; it never hangs. */
  g_test_message ("truncated: %" G_GUINT64_FORMAT " samples, %u errors",
                  tap_samples (&rig.tap), rig.events.n_errors);
  if (rig.events.n_errors > 0)
    {
      g_assert_cmpuint (rig.events.n_errors, ==, 1);
      g_assert_error (rig.events.error, LULL_PLAYER_ERROR, LULL_PLAYER_ERROR_NOT_AUDIO);
    }
  else
    {
      g_assert_true (lull_player_get_has_played (player));
      g_assert_cmpuint (tap_samples (&rig.tap), >, RATE);
      g_assert_cmpuint (tap_samples (&rig.tap), <, TONE_SECONDS * RATE);
    }

  rig_clear (&rig);
}

static void
expect_no_output (GstElement *sink)
{
  Rig rig = { 0 };
  LullPlayer *player = rig_init (&rig, sink);

  rig_play (&rig, media_path ("tone.opus"), FALSE);
  rig_expect_error (&rig, LULL_PLAYER_ERROR_NO_OUTPUT, "tone.opus");

  /* The session goes on: the next play tries again, and says it again. */
  lull_player_play (player);
  wait_until (rig.events.n_errors > 1);
  g_assert_error (rig.events.error, LULL_PLAYER_ERROR, LULL_PLAYER_ERROR_NO_OUTPUT);

  rig_clear (&rig);
}

static void
test_no_output_pulsesink (void)
{
  GstElement *sink = gst_element_factory_make ("pulsesink", NULL);

  if (sink == NULL)
    {
      g_test_skip ("no pulsesink (gstreamer1.0-pulseaudio)");
      return;
    }

  g_object_set (sink, "server", "/nonexistent/lull-test/pulse", NULL);
  expect_no_output (sink);
}

/* The default sink with no sound server and no sound card: autoaudiosink
 * falls back to a fakesink, and the player must notice. */
static void
test_no_output_default (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *alsa_conf = NULL;

      media_path ("tone.opus");
      alsa_conf = g_build_filename (media_dir, "asound.conf", NULL);
      g_assert_true (g_file_set_contents (alsa_conf, "", 0, NULL));
      g_setenv ("PULSE_SERVER", "unix:/nonexistent/lull-test/pulse", TRUE);
      g_setenv ("ALSA_CONFIG_PATH", alsa_conf, TRUE);

      expect_no_output (NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The way a session really sounds: both pipelines on a sound server of
 * the test's own, which then goes away. */
static void
test_pulseaudio (void)
{
  MediaTestPulse pulse = { 0 };
  Rig rig = { 0 };
  LullPlayer *player;
  g_autoptr(GFile) cue = g_file_new_for_path (media_path ("cue.opus"));
  GstElement *sink;

  media_path ("tone.opus");
  if (!media_test_pulse_start (&pulse, media_dir, "pulsesink", NULL))
    return;

  sink = gst_element_factory_make ("pulsesink", NULL);
  g_object_set (sink, "server", pulse.address, "device", "out", NULL);
  player = rig_init (&rig, sink);

  rig_play (&rig, media_path ("tone.opus"), TRUE);
  wait_until (lull_player_get_has_played (player) || rig.events.n_errors > 0);
  g_assert_cmpuint (rig.events.n_errors, ==, 0);

  lull_player_play_cue (player, cue);
  wait_until (lull_player_get_position (player) > GST_SECOND || rig.events.n_errors > 0);
  g_assert_cmpuint (rig.events.n_errors, ==, 0);
  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_PLAYING);

  g_subprocess_force_exit (pulse.process);
  rig_expect_error (&rig, LULL_PLAYER_ERROR_OUTPUT_LOST, NULL);

  rig_clear (&rig);
  media_test_pulse_stop (&pulse);
}

/* A soundscape through three seams: no gap a person would hear. */
static void
check_seamless_loop (const char *path)
{
  Rig rig = { 0 };
  LullPlayer *player = rig_init (&rig, tap_new_sink (&rig.tap, FALSE));
  Tap *tap = &rig.tap;
  GstClockTime measure_from = (GstClockTime) (LULL_PLAYER_FADE_SECONDS * GST_SECOND);
  GstClockTime until;
  gint64 duration;

  /* The fade in starts from silence; the seams are what is measured. */
  tap->silence_from = measure_from;

  rig_play (&rig, path, TRUE);
  wait_until (lull_player_get_duration (player) > 0 || rig.events.n_errors > 0);
  g_assert_cmpuint (rig.events.n_errors, ==, 0);

  /* Counted in samples, not running time, so that a loop restarting its
   * running time still ends here, and fails below. */
  duration = lull_player_get_duration (player);
  until = measure_from + 3 * duration + 500 * GST_MSECOND;
  wait_until (tap_samples (tap) >= gst_util_uint64_scale (until, RATE, GST_SECOND)
              || rig.events.n_errors > 0);
  lull_player_stop_now (player);

  g_test_message ("loop of %.3f s: longest quiet run %u samples at %.3f s over %"
                  G_GUINT64_FORMAT " samples",
                  duration / (double) GST_SECOND, tap->max_run,
                  tap->max_run_at / (double) GST_SECOND, tap->measured);
  g_assert_cmpuint (rig.events.n_errors, ==, 0);
  g_assert_cmpuint (tap->measured, >=, 3 * duration / (GST_SECOND / RATE));
  g_assert_cmpuint (tap->max_run, <=, SILENCE_MAX_RUN);

  /* No gap in time either: each buffer starts where the last ended. */
  g_mutex_lock (&tap->lock);
  for (guint i = 1; i < tap->levels->len; i++)
    {
      Level *previous = &g_array_index (tap->levels, Level, i - 1);
      Level *level = &g_array_index (tap->levels, Level, i);
      GstClockTimeDiff gap = GST_CLOCK_DIFF (previous->end, level->start);

      g_assert_cmpint (ABS (gap), <, GST_MSECOND);
    }
  g_mutex_unlock (&tap->lock);

  rig_clear (&rig);
}

/* The soundscapes Lull ships (media/README.md), each through three seams. */
static void
test_seamless_loop (gconstpointer data)
{
  g_autofree char *path = g_build_filename (lull_media_get_dir (), data, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip_printf ("the bundled soundscape %s is missing", path);
      return;
    }

  check_seamless_loop (path);
}

/* The same with a noise clip made here, which has no silence of its own
 * to hide behind. */
static void
test_seamless_loop_generated (void)
{
  check_seamless_loop (media_path ("noise.opus"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_true (lull_media_init (NULL));

  g_test_add_func ("/player/plays-tone", test_plays_tone);
  g_test_add_func ("/player/pause-resume", test_pause_resume);
  g_test_add_func ("/player/same-track-plays-on", test_same_track_plays_on);
  g_test_add_func ("/player/fade-in", test_fade_in);
  g_test_add_func ("/player/volume-and-mute", test_volume_and_mute);
  g_test_add_func ("/player/stop-fades-out", test_stop_fades_out);
  g_test_add_func ("/player/cue-ducks", test_cue_ducks);
  g_test_add_func ("/player/cue-without-track", test_cue_without_track);
  g_test_add_data_func ("/player/seamless-loop/rain", "rain.opus", test_seamless_loop);
  g_test_add_data_func ("/player/seamless-loop/waves", "waves.opus", test_seamless_loop);
  g_test_add_data_func ("/player/seamless-loop/brown-noise", "brown-noise.opus",
                        test_seamless_loop);
  g_test_add_func ("/player/seamless-loop/generated", test_seamless_loop_generated);
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/player/error/", error_cases[i].path, NULL);

      g_test_add_data_func (path, &error_cases[i], test_error);
    }
  g_test_add_func ("/player/error/truncated", test_error_truncated);
  g_test_add_func ("/player/missing-plugins-offered", test_missing_plugins_offered);
  g_test_add_func ("/player/no-output/pulsesink", test_no_output_pulsesink);
  g_test_add_func ("/player/no-output/default", test_no_output_default);
  g_test_add_func ("/player/pulseaudio", test_pulseaudio);

  status = g_test_run ();

  if (media_dir != NULL)
    lull_test_remove_tree (media_dir);

  return status;
}
