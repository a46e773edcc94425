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
#include <gio/gunixsocketaddress.h>

#include "lull-media.h"
#include "lull-player.h"
#include "lull-test-util.h"

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

static void
run_pipeline (const char *description)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  message = gst_bus_timed_pop_filtered (bus, HANG_GUARD_S * GST_SECOND,
                                        GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

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
      g_autofree char *description = NULL;
      const char *wave = g_str_equal (name, "noise.opus") ? "white-noise" : "sine";
      int freq = g_str_equal (name, "cue.opus") ? 880 : 440;
      int seconds = g_str_equal (name, "tone.opus") ? TONE_SECONDS
                    : g_str_equal (name, "cue.opus") ? 1 : 2;

      /* 0.1 s a buffer. */
      description = g_strdup_printf ("audiotestsrc wave=%s freq=%d volume=0.5 "
                                     "samplesperbuffer=4800 num-buffers=%d "
                                     "! audio/x-raw,rate=48000,channels=1 "
                                     "! audioconvert ! opusenc ! oggmux "
                                     "! filesink location=\"%s\"",
                                     wave, freq, seconds * 10, path);
      run_pipeline (description);
    }
  else if (g_str_equal (name, "image.ogg"))
    {
      g_autofree char *description = NULL;

      description = g_strdup_printf ("videotestsrc num-buffers=1 ! video/x-raw,width=64,height=64 "
                                     "! pngenc ! filesink location=\"%s\"", path);
      run_pipeline (description);
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
           || g_str_equal (name, "stub.opus"))
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
          keep = 100;          /* not even the headers */
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

/* Waiting on the main loop. */

static gboolean
on_hang_cb (gpointer data)
{
  g_error ("%s: still waiting after %d s", (const char *) data, HANG_GUARD_S);
  return G_SOURCE_REMOVE;
}

#define wait_until(condition)                                           \
  G_STMT_START {                                                        \
    guint hang_id_ = g_timeout_add_seconds (HANG_GUARD_S, on_hang_cb,   \
                                            (gpointer) #condition);     \
    while (!(condition))                                                \
      g_main_context_iteration (NULL, TRUE);                            \
    g_source_remove (hang_id_);                                         \
  } G_STMT_END

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

static void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
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

static void
test_plays_tone (void)
{
  Tap tap = { 0 };
  Events events = { 0 };
  g_autoptr(LullPlayer) player = lull_player_new (tap_new_sink (&tap, FALSE));
  guint position_notified = 0;
  guint duration_notified = 0;

  events_connect (&events, player);
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

  g_assert_cmpuint (events.n_errors, ==, 0);
  /* The whole tone went through. */
  g_assert_cmpuint (tap_samples (&tap), >=, (TONE_SECONDS - 1) * RATE);
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

  events_clear (&events);
  g_assert_finalize_object (g_steal_pointer (&player));
  tap_clear (&tap);
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
  Tap tap = { 0 };
  Events events = { 0 };
  GstElement *sink = tap_new_sink (&tap, TRUE);
  g_autoptr(LullPlayer) player = lull_player_new (sink);
  GstClockTime paused_at;
  double before, after;
  guint64 n;

  events_connect (&events, player);
  set_track_path (player, media_path ("tone.opus"), FALSE);
  lull_player_play (player);
  /* In the middle of the fade in. */
  wait_until (tap_end (&tap) >= 1200 * GST_MSECOND);

  lull_player_pause (player);
  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_PAUSED);
  wait_until (sink_state (sink) == GST_STATE_PAUSED);

  n = tap_samples (&tap);
  paused_at = tap_end (&tap);
  run_for (1000);
  g_assert_cmpuint (tap_samples (&tap), ==, n);

  /* resume() goes on where it was; play() while paused does the same. */
  lull_player_resume (player);
  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_PLAYING);
  wait_until (tap_end (&tap) >= paused_at + 200 * GST_MSECOND);

  /* The fade held during the pause: it goes on from the level it had
   * (a fade timed by the clock would have jumped a second ahead). */
  before = tap_rms (&tap, paused_at - 100 * GST_MSECOND, paused_at);
  after = tap_rms (&tap, paused_at, paused_at + 100 * GST_MSECOND);
  g_test_message ("fade across a pause: %.4f, %.4f", before, after);
  g_assert_cmpfloat (after, >, before);
  g_assert_cmpfloat (after, <, 1.3 * before);

  lull_player_pause (player);
  wait_until (sink_state (sink) == GST_STATE_PAUSED);
  n = tap_samples (&tap);
  lull_player_play (player);
  wait_until (tap_samples (&tap) > n);

  /* Nothing after the pause was a restart: running time only grows. */
  g_mutex_lock (&tap.lock);
  for (guint i = 1; i < tap.levels->len; i++)
    g_assert_cmpuint (g_array_index (tap.levels, Level, i).start, >=,
                      g_array_index (tap.levels, Level, i - 1).start);
  g_mutex_unlock (&tap.lock);

  lull_player_stop_now (player);
  g_assert_cmpuint (events.n_errors, ==, 0);
  events_clear (&events);
  g_assert_finalize_object (g_steal_pointer (&player));
  tap_clear (&tap);
}

static void
test_same_track_plays_on (void)
{
  Tap tap = { 0 };
  Events events = { 0 };
  g_autoptr(LullPlayer) player = lull_player_new (tap_new_sink (&tap, TRUE));
  GstClockTime before;
  gint64 position;
  guint64 n;

  events_connect (&events, player);
  set_track_path (player, media_path ("tone.opus"), FALSE);
  lull_player_play (player);
  wait_until (lull_player_get_has_played (player) && tap_end (&tap) >= 500 * GST_MSECOND);
  wait_until (lull_player_get_position (player) > 0);

  /* The next step names the same track. */
  before = tap_end (&tap);
  position = lull_player_get_position (player);
  n = tap_samples (&tap);
  set_track_path (player, media_path ("tone.opus"), FALSE);
  lull_player_play (player);

  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_PLAYING);
  g_assert_true (lull_player_get_has_played (player));
  wait_until (tap_samples (&tap) > n + RATE / 2);
  g_assert_cmpint (lull_player_get_position (player), >, position);

  /* A restart would start the running time again from 0. */
  g_mutex_lock (&tap.lock);
  for (guint i = 1; i < tap.levels->len; i++)
    g_assert_cmpuint (g_array_index (tap.levels, Level, i).start, >,
                      g_array_index (tap.levels, Level, i - 1).start);
  g_mutex_unlock (&tap.lock);
  g_assert_cmpuint (tap_end (&tap), >, before);

  /* A different track is a different thing: it stops the first. */
  set_track_path (player, media_path ("cue.opus"), FALSE);
  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_STOPPED);
  g_assert_false (lull_player_get_has_played (player));

  g_assert_cmpuint (events.n_errors, ==, 0);
  events_clear (&events);
  g_assert_finalize_object (g_steal_pointer (&player));
  tap_clear (&tap);
}

/* The sink does not sync, so the whole track comes through as fast as it
 * decodes: the fade is on the track's running time, not the wall clock. */
static void
test_fade_in (void)
{
  Tap tap = { 0 };
  Events events = { 0 };
  g_autoptr(LullPlayer) player = lull_player_new (tap_new_sink (&tap, FALSE));
  double start, middle, full;

  events_connect (&events, player);
  set_track_path (player, media_path ("tone.opus"), FALSE);
  lull_player_play (player);
  wait_until (lull_player_get_state (player) == LULL_PLAYER_STATE_STOPPED);
  g_assert_cmpuint (events.n_errors, ==, 0);

  start = tap_rms (&tap, 0, 250 * GST_MSECOND);
  middle = tap_rms (&tap, 1400 * GST_MSECOND, 1600 * GST_MSECOND);
  full = tap_rms (&tap, 3200 * GST_MSECOND, 3500 * GST_MSECOND);

  g_test_message ("fade in: %.4f, %.4f, %.4f", start, middle, full);
  g_assert_cmpfloat (full, >, 0.2);
  g_assert_cmpfloat (start, <, 0.1 * full);
  /* A ramp, not a step. */
  g_assert_cmpfloat (middle, >, 0.3 * full);
  g_assert_cmpfloat (middle, <, 0.7 * full);

  events_clear (&events);
  g_assert_finalize_object (g_steal_pointer (&player));
  tap_clear (&tap);
}

static double
level_at_volume (double   volume,
                 gboolean muted)
{
  Tap tap = { 0 };
  g_autoptr(LullPlayer) player = lull_player_new (tap_new_sink (&tap, FALSE));
  double start, full;

  lull_player_set_volume (player, volume);
  lull_player_set_muted (player, muted);
  set_track_path (player, media_path ("tone.opus"), FALSE);
  lull_player_play (player);
  wait_until (lull_player_get_state (player) == LULL_PLAYER_STATE_STOPPED);

  start = tap_rms (&tap, 0, 250 * GST_MSECOND);
  full = tap_rms (&tap, 4 * GST_SECOND, 5 * GST_SECOND);
  /* The fade still applies under the person's volume. */
  if (!muted)
    g_assert_cmpfloat (start, <, 0.1 * full);

  g_assert_finalize_object (g_steal_pointer (&player));
  tap_clear (&tap);

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
  Tap tap = { 0 };
  Events events = { 0 };
  g_autoptr(LullPlayer) player = lull_player_new (tap_new_sink (&tap, FALSE));
  GstClockTime stopped_from, end;
  double full, last;
  gboolean between = FALSE;

  events_connect (&events, player);
  /* A loop never ends by itself, so only stop() can end this. */
  set_track_path (player, media_path ("tone.opus"), TRUE);
  lull_player_play (player);
  wait_until (tap_end (&tap) >= 4 * GST_SECOND);

  lull_player_stop (player);
  stopped_from = tap_end (&tap);
  /* The fade is heard before the track stops. */
  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_PLAYING);
  wait_until (lull_player_get_state (player) == LULL_PLAYER_STATE_STOPPED);
  g_assert_cmpuint (events.n_errors, ==, 0);

  end = tap_end (&tap);
  full = tap_rms (&tap, 3500 * GST_MSECOND, 4 * GST_SECOND);
  last = tap_rms (&tap, end - 300 * GST_MSECOND, end);
  g_test_message ("fade out: %.4f before, %.6f at the end", full, last);

  g_assert_cmpfloat (last, <, 1e-3);
  /* It went down over time, not at once. */
  g_mutex_lock (&tap.lock);
  for (guint i = 0; i < tap.levels->len; i++)
    {
      Level *level = &g_array_index (tap.levels, Level, i);

      if (level->start >= stopped_from && level->rms > 0.3 * full && level->rms < 0.7 * full)
        between = TRUE;
    }
  g_mutex_unlock (&tap.lock);
  g_assert_true (between);

  /* play() after a stop starts again, with a fade in. */
  g_mutex_lock (&tap.lock);
  g_array_set_size (tap.levels, 0);
  g_mutex_unlock (&tap.lock);
  lull_player_play (player);
  wait_until (tap_end (&tap) >= 4 * GST_SECOND && tap.levels->len > 0);
  g_assert_cmpfloat (tap_rms (&tap, 0, 250 * GST_MSECOND), <, 0.1 * full);
  lull_player_stop_now (player);

  events_clear (&events);
  g_assert_finalize_object (g_steal_pointer (&player));
  tap_clear (&tap);
}

static void
test_cue_ducks (void)
{
  Tap tap = { 0 };
  Events events = { 0 };
  g_autoptr(LullPlayer) player = lull_player_new (tap_new_sink (&tap, TRUE));
  g_autoptr(GFile) cue = g_file_new_for_path (media_path ("cue.opus"));
  GstClockTime cue_at;
  double before, lowest = G_MAXDOUBLE, after;

  events_connect (&events, player);
  set_track_path (player, media_path ("tone.opus"), FALSE);
  lull_player_play (player);
  wait_until (tap_end (&tap) >= FADE_END_FOR_CUE);
  before = tap_rms (&tap, FADE_END_FOR_CUE - 300 * GST_MSECOND, FADE_END_FOR_CUE);

  cue_at = tap_end (&tap);
  lull_player_play_cue (player, cue);
  /* The cue is 1 s; the duck is released over 1 s after it. */
  wait_until (tap_end (&tap) >= cue_at + 3500 * GST_MSECOND);

  g_mutex_lock (&tap.lock);
  for (guint i = 0; i < tap.levels->len; i++)
    {
      Level *level = &g_array_index (tap.levels, Level, i);

      if (level->start >= cue_at)
        lowest = MIN (lowest, level->rms);
    }
  g_mutex_unlock (&tap.lock);
  after = tap_rms (&tap, tap_end (&tap) - 300 * GST_MSECOND, tap_end (&tap));

  g_test_message ("duck: %.4f before, %.4f lowest, %.4f after", before, lowest, after);
  g_assert_cmpfloat (lowest, <, 0.6 * before);
  g_assert_cmpfloat (after, >, 0.9 * before);
  /* Never interrupted: it is the same playback, still going. */
  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_PLAYING);
  g_assert_cmpuint (events.n_errors, ==, 0);

  lull_player_stop_now (player);
  events_clear (&events);
  g_assert_finalize_object (g_steal_pointer (&player));
  tap_clear (&tap);
}

static void
test_cue_without_track (void)
{
  Events events = { 0 };
  g_autoptr(LullPlayer) player = lull_player_new (gst_element_factory_make ("fakesink", NULL));
  g_autoptr(GFile) cue = g_file_new_for_path (media_path ("cue.opus"));
  g_autoptr(GFile) gone = g_file_new_for_path (media_path ("gone.opus"));

  events_connect (&events, player);
  lull_player_play_cue (player, cue);
  lull_player_play_cue (player, gone);
  wait_until (events.n_errors > 0);

  g_assert_error (events.error, LULL_PLAYER_ERROR, LULL_PLAYER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (events.error->message, "gone.opus"));
  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_STOPPED);

  events_clear (&events);
  g_assert_finalize_object (g_steal_pointer (&player));
}

/* Errors: one signal, a code to act on, the track named, the player
 * stopped, never a hang. */
static void
expect_error (const char      *name,
              gboolean         loop,
              LullPlayerError  code)
{
  Events events = { 0 };
  g_autoptr(LullPlayer) player = lull_player_new (gst_element_factory_make ("fakesink", NULL));
  g_autofree char *title = g_strdup_printf ("Test sound %s", name);
  g_autoptr(GFile) file = g_file_new_for_path (media_path (name));

  events_connect (&events, player);
  lull_player_set_track (player, file, title, loop);
  lull_player_play (player);
  wait_until (events.n_errors > 0);
  drain_main_context ();

  g_assert_cmpuint (events.n_errors, ==, 1);
  g_assert_error (events.error, LULL_PLAYER_ERROR, (int) code);
  g_assert_nonnull (strstr (events.error->message, title));
  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_STOPPED);
  g_assert_false (lull_player_get_has_played (player));

  events_clear (&events);
  g_assert_finalize_object (g_steal_pointer (&player));
}

static void
test_error_missing_file (void)
{
  expect_error ("gone.opus", FALSE, LULL_PLAYER_ERROR_NOT_FOUND);
}

static void
test_error_zero_bytes (void)
{
  expect_error ("empty.ogg", FALSE, LULL_PLAYER_ERROR_NOT_AUDIO);
}

static void
test_error_text (void)
{
  expect_error ("text.mp3", FALSE, LULL_PLAYER_ERROR_NOT_AUDIO);
}

static void
test_error_image (void)
{
  expect_error ("image.ogg", FALSE, LULL_PLAYER_ERROR_NOT_AUDIO);
}

static void
test_error_stub (void)
{
  expect_error ("stub.opus", FALSE, LULL_PLAYER_ERROR_NOT_AUDIO);
}

static void
test_error_missing_codec (void)
{
  if (gst_registry_check_feature_version (gst_registry_get (), "siddec", 1, 0, 0))
    {
      g_test_skip ("a SID decoder is installed");
      return;
    }

  expect_error ("tune.sid", FALSE, LULL_PLAYER_ERROR_MISSING_CODEC);
}

/* GStreamer reads where its plugin installer is from the environment
 * ("for testing", says its documentation): true(1) stands in for it, and
 * is never run, since only the app calls gst_install_plugins_async(). */
static void
test_missing_plugins_offered (void)
{
  Events events = { 0 };
  g_autoptr(LullPlayer) player = NULL;
  g_autofree char *helper = g_find_program_in_path ("true");

  if (gst_registry_check_feature_version (gst_registry_get (), "siddec", 1, 0, 0))
    {
      g_test_skip ("a SID decoder is installed");
      return;
    }

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_nonnull (helper);
  g_setenv ("GST_INSTALL_PLUGINS_HELPER", helper, TRUE);
  g_assert_true (gst_install_plugins_supported ());

  player = lull_player_new (gst_element_factory_make ("fakesink", NULL));
  events_connect (&events, player);

  /* Twice the same codec: offered once. */
  for (guint i = 0; i < 2; i++)
    {
      lull_player_set_track (player, NULL, NULL, FALSE);
      set_track_path (player, media_path ("tune.sid"), FALSE);
      lull_player_play (player);
      wait_until (events.n_errors == i + 1);
      g_assert_error (events.error, LULL_PLAYER_ERROR, LULL_PLAYER_ERROR_MISSING_CODEC);
      g_assert_cmpuint (events.n_missing, ==, 1);
    }

  events_clear (&events);
  g_assert_finalize_object (g_steal_pointer (&player));
}

static void
test_error_truncated (void)
{
  Events events = { 0 };
  Tap tap = { 0 };
  g_autoptr(LullPlayer) player = lull_player_new (tap_new_sink (&tap, FALSE));

  events_connect (&events, player);
  set_track_path (player, media_path ("truncated.opus"), FALSE);
  lull_player_play (player);
  wait_until (lull_player_get_state (player) == LULL_PLAYER_STATE_STOPPED);
  drain_main_context ();

  /* What is there plays, or the file is refused; it never hangs. */
  g_test_message ("truncated: %" G_GUINT64_FORMAT " samples, %u errors",
                  tap_samples (&tap), events.n_errors);
  if (events.n_errors > 0)
    {
      g_assert_cmpuint (events.n_errors, ==, 1);
      g_assert_error (events.error, LULL_PLAYER_ERROR, LULL_PLAYER_ERROR_NOT_AUDIO);
    }
  else
    {
      g_assert_true (lull_player_get_has_played (player));
      g_assert_cmpuint (tap_samples (&tap), >, RATE);
      g_assert_cmpuint (tap_samples (&tap), <, TONE_SECONDS * RATE);
    }

  events_clear (&events);
  g_assert_finalize_object (g_steal_pointer (&player));
  tap_clear (&tap);
}

/* A loop of nothing: each seam comes at once. It must end with an error,
 * not spin (the hang guard fails the test if it does). */
static void
test_error_empty_loop_wav (void)
{
  expect_error ("silent.wav", TRUE, LULL_PLAYER_ERROR_NOT_AUDIO);
}

static void
test_error_blip_loop (void)
{
  expect_error ("blip.wav", TRUE, LULL_PLAYER_ERROR_NOT_AUDIO);
}

static void
test_error_empty_loop_opus (void)
{
  expect_error ("headers-only.opus", TRUE, LULL_PLAYER_ERROR_NOT_AUDIO);
}

static void
test_error_empty_track (void)
{
  expect_error ("headers-only.opus", FALSE, LULL_PLAYER_ERROR_NOT_AUDIO);
}

static void
expect_no_output (GstElement *sink)
{
  Events events = { 0 };
  g_autoptr(LullPlayer) player = lull_player_new (sink);

  events_connect (&events, player);
  set_track_path (player, media_path ("tone.opus"), FALSE);
  lull_player_play (player);
  wait_until (events.n_errors > 0);
  drain_main_context ();

  g_assert_cmpuint (events.n_errors, ==, 1);
  g_assert_error (events.error, LULL_PLAYER_ERROR, LULL_PLAYER_ERROR_NO_OUTPUT);
  g_assert_nonnull (strstr (events.error->message, "tone.opus"));
  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_STOPPED);

  /* The session goes on: the next play tries again, and says it again. */
  lull_player_play (player);
  wait_until (events.n_errors > 1);
  g_assert_error (events.error, LULL_PLAYER_ERROR, LULL_PLAYER_ERROR_NO_OUTPUT);

  events_clear (&events);
  g_assert_finalize_object (g_steal_pointer (&player));
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

/* A real PulseAudio server of the test's own, on a private socket, as
 * test-recorder.c starts it. */
typedef struct
{
  GSubprocess *process;
  char        *address;
} Pulse;

static gboolean
pulse_start (Pulse *pulse)
{
  g_autofree char *program = g_find_program_in_path ("pulseaudio");
  g_autofree char *tmp = g_build_filename (media_dir, "pulse", NULL);
  g_autofree char *runtime = g_build_filename (tmp, "runtime", NULL);
  g_autofree char *socket_path = g_build_filename (tmp, "pulse.sock", NULL);
  g_autofree char *load_socket = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElementFactory) factory = gst_element_factory_find ("pulsesink");

  if (program == NULL || factory == NULL)
    {
      g_test_skip ("PulseAudio or pulsesink is not installed");
      return FALSE;
    }

  g_assert_cmpint (g_mkdir_with_parents (runtime, 0700), ==, 0);
  load_socket = g_strdup_printf ("--load=module-native-protocol-unix socket=%s auth-anonymous=1",
                                 socket_path);

  /* Its own home and runtime folder, so it clashes with no other server
   * over the pid file, the cookie or the socket; its output would break
   * the TAP stream. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "HOME", tmp, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", runtime, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  pulse->process = g_subprocess_launcher_spawn (launcher, &error,
                                                program,
                                                "--daemonize=no",
                                                "--exit-idle-time=-1",
                                                "--use-pid-file=no",
                                                "-n",
                                                "--load=module-null-sink sink_name=out",
                                                load_socket,
                                                NULL);
  g_assert_no_error (error);
  pulse->address = g_strdup_printf ("unix:%s", socket_path);

  /* Ready once the socket takes connections. */
  address = g_unix_socket_address_new (socket_path);
  for (;;)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) connection = NULL;

      connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);
      if (connection != NULL)
        return TRUE;

      /* No identifier once the server has exited. */
      g_assert_nonnull (g_subprocess_get_identifier (pulse->process));
      g_usleep (G_USEC_PER_SEC / 20);
    }
}

static void
pulse_stop (Pulse *pulse)
{
  if (pulse->process != NULL)
    {
      g_subprocess_force_exit (pulse->process);
      g_subprocess_wait (pulse->process, NULL, NULL);
    }
  g_clear_object (&pulse->process);
  g_clear_pointer (&pulse->address, g_free);
}

/* The way a session really sounds: both pipelines on a sound server,
 * which then goes away. */
static void
test_pulseaudio (void)
{
  Pulse pulse = { 0 };
  Events events = { 0 };
  g_autoptr(LullPlayer) player = NULL;
  g_autoptr(GFile) cue = g_file_new_for_path (media_path ("cue.opus"));
  GstElement *sink;

  media_path ("tone.opus");
  if (!pulse_start (&pulse))
    return;

  sink = gst_element_factory_make ("pulsesink", NULL);
  g_object_set (sink, "server", pulse.address, "device", "out", NULL);
  player = lull_player_new (sink);
  events_connect (&events, player);

  set_track_path (player, media_path ("tone.opus"), TRUE);
  lull_player_play (player);
  wait_until (lull_player_get_has_played (player) || events.n_errors > 0);
  g_assert_cmpuint (events.n_errors, ==, 0);

  lull_player_play_cue (player, cue);
  wait_until (lull_player_get_position (player) > GST_SECOND || events.n_errors > 0);
  g_assert_cmpuint (events.n_errors, ==, 0);
  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_PLAYING);

  g_subprocess_force_exit (pulse.process);
  wait_until (events.n_errors > 0);
  drain_main_context ();

  g_assert_cmpuint (events.n_errors, ==, 1);
  g_assert_error (events.error, LULL_PLAYER_ERROR, LULL_PLAYER_ERROR_OUTPUT_LOST);
  g_assert_cmpint (lull_player_get_state (player), ==, LULL_PLAYER_STATE_STOPPED);

  events_clear (&events);
  g_assert_finalize_object (g_steal_pointer (&player));
  pulse_stop (&pulse);
}

/* A soundscape through three seams: no gap a person would hear. */
static void
check_seamless_loop (const char *path)
{
  Tap tap = { 0 };
  Events events = { 0 };
  g_autoptr(LullPlayer) player = lull_player_new (tap_new_sink (&tap, FALSE));
  GstClockTime measure_from = (GstClockTime) (LULL_PLAYER_FADE_SECONDS * GST_SECOND);
  GstClockTime until;
  gint64 duration;

  events_connect (&events, player);

  /* The fade in starts from silence; the seams are what is measured. */
  tap.silence_from = measure_from;

  set_track_path (player, path, TRUE);
  lull_player_play (player);
  wait_until (lull_player_get_duration (player) > 0 || events.n_errors > 0);
  g_assert_cmpuint (events.n_errors, ==, 0);

  /* Counted in samples, not running time, so that a loop restarting its
   * running time still ends here, and fails below. */
  duration = lull_player_get_duration (player);
  until = measure_from + 3 * duration + 500 * GST_MSECOND;
  wait_until (tap_samples (&tap) >= gst_util_uint64_scale (until, RATE, GST_SECOND)
              || events.n_errors > 0);
  lull_player_stop_now (player);

  g_test_message ("loop of %.3f s: longest quiet run %u samples at %.3f s over %"
                  G_GUINT64_FORMAT " samples",
                  duration / (double) GST_SECOND, tap.max_run,
                  tap.max_run_at / (double) GST_SECOND, tap.measured);
  g_assert_cmpuint (events.n_errors, ==, 0);
  g_assert_cmpuint (tap.measured, >=, 3 * duration / (GST_SECOND / RATE));
  g_assert_cmpuint (tap.max_run, <=, SILENCE_MAX_RUN);

  /* No gap in time either: each buffer starts where the last ended. */
  g_mutex_lock (&tap.lock);
  for (guint i = 1; i < tap.levels->len; i++)
    {
      Level *previous = &g_array_index (tap.levels, Level, i - 1);
      Level *level = &g_array_index (tap.levels, Level, i);
      GstClockTimeDiff gap = GST_CLOCK_DIFF (previous->end, level->start);

      g_assert_cmpint (ABS (gap), <, GST_MSECOND);
    }
  g_mutex_unlock (&tap.lock);

  events_clear (&events);
  g_assert_finalize_object (g_steal_pointer (&player));
  tap_clear (&tap);
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
  g_test_add_func ("/player/error/missing-file", test_error_missing_file);
  g_test_add_func ("/player/error/zero-bytes", test_error_zero_bytes);
  g_test_add_func ("/player/error/text", test_error_text);
  g_test_add_func ("/player/error/image", test_error_image);
  g_test_add_func ("/player/error/stub", test_error_stub);
  g_test_add_func ("/player/error/truncated", test_error_truncated);
  g_test_add_func ("/player/error/empty-track", test_error_empty_track);
  g_test_add_func ("/player/error/empty-loop-wav", test_error_empty_loop_wav);
  g_test_add_func ("/player/error/empty-loop-opus", test_error_empty_loop_opus);
  g_test_add_func ("/player/error/blip-loop", test_error_blip_loop);
  g_test_add_func ("/player/error/missing-codec", test_error_missing_codec);
  g_test_add_func ("/player/missing-plugins-offered", test_missing_plugins_offered);
  g_test_add_func ("/player/no-output/pulsesink", test_no_output_pulsesink);
  g_test_add_func ("/player/no-output/default", test_no_output_default);
  g_test_add_func ("/player/pulseaudio", test_pulseaudio);

  status = g_test_run ();

  if (media_dir != NULL)
    lull_test_remove_tree (media_dir);

  return status;
}
