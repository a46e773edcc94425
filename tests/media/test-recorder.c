/* test-recorder.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <string.h>
#include <sys/mount.h>

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>

#include "lull-media.h"
#include "lull-recorder.h"
#include "lull-test-util.h"
#include "media-test-util.h"

/* Real pipelines into real files. Tests wait for the recorder's own
 * elapsed time to pass a mark before acting, never for the wall clock, so
 * a slow machine only makes them slower. A generous deadline turns a hang
 * into a failure instead of a stuck test run. Under the sanitizers on two
 * busy cores, the PulseAudio case once waited more than 30 s, and more
 * than 60 s with another test run beside it. */

#define DEADLINE_SECONDS 150

/* The longest a recording stopped after 1.5 s (or by a limit of 1 s) may
 * last in its file. */
#define MAX_DURATION (3 * GST_SECOND)

typedef struct
{
  char  *tmp;
  GFile *folder;   /* tmp/recordings, which the recorder creates */
} Fixture;

typedef struct _Run Run;

struct _Run
{
  LullRecorder *recorder;
  gboolean      done;   /* what run_wait() waits for */

  /* When elapsed first reaches at_elapsed, or level at_level if set,
   * at_time runs (once). */
  gint64        at_elapsed;
  double        at_level;
  void        (*at_time) (Run *run);
  gpointer      data;
  gboolean      at_time_done;

  GFile        *finished;
  GError       *failed;
  guint         n_finished;
  guint         n_failed;

  guint         n_elapsed;
  gint64        last_elapsed;
  gboolean      elapsed_went_back;
  double        max_level;
};

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = NULL;

  fixture->tmp = lull_test_make_tmp_dir ("lull-recorder-XXXXXX");
  path = g_build_filename (fixture->tmp, "recordings", NULL);
  fixture->folder = g_file_new_for_path (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *disk = g_build_filename (fixture->tmp, "disk", NULL);

  /* The tmpfs of the disk tests, if one was mounted. */
  umount2 (disk, MNT_DETACH);
  lull_test_remove_tree (fixture->tmp);
  g_clear_object (&fixture->folder);
  g_clear_pointer (&fixture->tmp, g_free);
}

static GstElement *
make_source (const char *description)
{
  g_autoptr(GError) error = NULL;
  GstElement *bin;

  bin = gst_parse_bin_from_description (description, TRUE, &error);
  g_assert_no_error (error);

  return bin;
}

static GstPadProbeReturn
add_duration_cb (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  GstClockTime *total = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

  g_assert_true (GST_BUFFER_DURATION_IS_VALID (buffer));
  *total += GST_BUFFER_DURATION (buffer);

  return GST_PAD_PROBE_OK;
}

/* Adds up the sound @element hands on, into @total. Read it only once the
 * pipeline is down ("finished" or "failed"): the streaming thread writes
 * it. */
static void
count_sound (GstElement   *element,
             GstClockTime *total)
{
  g_autoptr(GstPad) pad = gst_element_get_static_pad (element, "src");

  *total = 0;
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, add_duration_cb, total, NULL);
}

/* A live sine whose sound is counted into @total (see count_sound()). */
static GstElement *
make_counted_sine (GstClockTime *total)
{
  GstElement *source = make_source ("audiotestsrc name=inner is-live=true wave=sine");
  g_autoptr(GstElement) inner = gst_bin_get_by_name (GST_BIN (source), "inner");

  count_sound (inner, total);

  return source;
}

/* Every bit of sound that went in is in the file: the encoder was drained
 * and the muxer wrote its last pages. Without EOS (a stop that just drops
 * the pipeline) the last half second or so is missing. One Opus frame is
 * 20 ms; the encoder trims its padding by the granule position. A live
 * source on a busy machine (PulseAudio under the sanitizers) can leave
 * gaps in its timestamps, which the file keeps as time: the file may be
 * longer than the sound, by a little. */
static void
assert_all_sound_kept (GstClockTime file_duration,
                       GstClockTime sound)
{
  g_assert_cmpuint (sound, >, 0);
  g_assert_cmpuint (file_duration + 20 * GST_MSECOND, >=, sound);
  g_assert_cmpuint (file_duration, <=, sound + 500 * GST_MSECOND);
}

static void
assert_listing (GFile      *folder,
                const char *expected)
{
  lull_test_assert_listing (g_file_peek_path (folder), expected);
}

static void
on_finished (LullRecorder *recorder,
             GFile        *file,
             Run          *run)
{
  g_assert_false (lull_recorder_get_recording (recorder));
  run->n_finished++;
  g_set_object (&run->finished, file);
  run->done = TRUE;
}

static void
on_failed (LullRecorder *recorder,
           const GError *error,
           Run          *run)
{
  g_assert_false (lull_recorder_get_recording (recorder));
  run->n_failed++;
  g_clear_error (&run->failed);
  run->failed = g_error_copy (error);
  run->done = TRUE;
}

static void
on_elapsed (LullRecorder *recorder,
            GParamSpec   *pspec,
            Run          *run)
{
  gint64 elapsed = lull_recorder_get_elapsed (recorder);

  if (elapsed < run->last_elapsed)
    run->elapsed_went_back = TRUE;
  run->last_elapsed = elapsed;
  run->n_elapsed++;

  if (run->at_time != NULL && !run->at_time_done && run->at_level == 0.0 &&
      elapsed >= run->at_elapsed)
    {
      run->at_time_done = TRUE;
      run->at_time (run);
    }
}

static void
on_level (LullRecorder *recorder,
          GParamSpec   *pspec,
          Run          *run)
{
  double level = lull_recorder_get_level (recorder);

  run->max_level = MAX (run->max_level, level);

  if (run->at_time != NULL && !run->at_time_done && run->at_level > 0.0 &&
      level >= run->at_level)
    {
      run->at_time_done = TRUE;
      run->at_time (run);
    }
}

static void
run_init (Run          *run,
          LullRecorder *recorder)
{
  memset (run, 0, sizeof *run);
  run->recorder = recorder;
  run->max_level = -1.0;

  g_signal_connect (recorder, "finished", G_CALLBACK (on_finished), run);
  g_signal_connect (recorder, "failed", G_CALLBACK (on_failed), run);
  g_signal_connect (recorder, "notify::elapsed", G_CALLBACK (on_elapsed), run);
  g_signal_connect (recorder, "notify::level", G_CALLBACK (on_level), run);
}

/* A recorder of the source @description makes, and its @run. */
static LullRecorder *
new_recorder (Run        *run,
              const char *description)
{
  LullRecorder *recorder = lull_recorder_new (make_source (description));

  run_init (run, recorder);

  return recorder;
}

static void
run_clear (Run *run)
{
  if (run->recorder != NULL)
    g_signal_handlers_disconnect_by_data (run->recorder, run);
  g_clear_object (&run->finished);
  g_clear_error (&run->failed);
}

/* Spins until the recording is over ("finished" or "failed") or an
 * at_time said it is done; fails at the deadline. */
static void
run_wait (Run *run)
{
  media_test_wait_until (DEADLINE_SECONDS, run->done);
  run->done = FALSE;
}

static void
stop_now (Run *run)
{
  lull_recorder_stop (run->recorder);
}

static void
quit_now (Run *run)
{
  run->done = TRUE;
}

static void
start_ok (LullRecorder *recorder,
          GFile        *folder,
          const char   *name)
{
  g_autoptr(GError) error = NULL;

  gboolean started = lull_recorder_start (recorder, folder, name, &error);

  g_assert_no_error (error);
  g_assert_true (started);
  g_assert_true (lull_recorder_get_recording (recorder));
}

/* Records @name into @folder; once elapsed reaches @at_elapsed, @at_time
 * runs. Returns when the run is over (see run_wait()). */
static void
run_record (Run        *run,
            GFile      *folder,
            const char *name,
            gint64      at_elapsed,
            void      (*at_time) (Run *run))
{
  run->at_elapsed = at_elapsed;
  run->at_time = at_time;
  start_ok (run->recorder, folder, name);
  run_wait (run);
}

/* The recording failed, once, with @code, and kept nothing. */
static void
assert_failed (Run               *run,
               LullRecorderError  code)
{
  g_assert_cmpuint (run->n_finished, ==, 0);
  g_assert_cmpuint (run->n_failed, ==, 1);
  g_assert_error (run->failed, LULL_RECORDER_ERROR, (int) code);
  g_assert_false (lull_recorder_get_recording (run->recorder));
}

/* Stopped before any sound reached the file: that fails, keeping
 * nothing. */
static void
assert_stop_keeps_nothing (Fixture *fixture,
                           Run     *run)
{
  lull_recorder_stop (run->recorder);
  media_test_drain_main_context ();

  assert_failed (run, LULL_RECORDER_ERROR_FAILED);
  assert_listing (fixture->folder, "");
}

/* What GStreamer itself makes of the file: an Ogg/Opus stream whose
 * duration is known, which needs the last Ogg page. */
static GstClockTime
assert_opus_file (GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstDiscoverer) discoverer = NULL;
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autoptr(GstCaps) container_caps = NULL;
  g_autoptr(GstDiscovererStreamInfo) top = NULL;
  g_autofree char *uri = g_file_get_uri (file);
  GList *audio;
  gboolean opus = FALSE;
  GstClockTime duration;

  discoverer = gst_discoverer_new (10 * GST_SECOND, &error);
  g_assert_no_error (error);

  info = gst_discoverer_discover_uri (discoverer, uri, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gst_discoverer_info_get_result (info), ==, GST_DISCOVERER_OK);

  top = gst_discoverer_info_get_stream_info (info);
  container_caps = gst_discoverer_stream_info_get_caps (top);
  g_assert_true (gst_structure_has_name (gst_caps_get_structure (container_caps, 0), "audio/ogg"));

  audio = gst_discoverer_info_get_audio_streams (info);
  g_assert_cmpuint (g_list_length (audio), ==, 1);
  for (GList *l = audio; l != NULL; l = l->next)
    {
      g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (l->data);

      if (gst_structure_has_name (gst_caps_get_structure (caps, 0), "audio/x-opus"))
        opus = TRUE;
    }
  gst_discoverer_stream_info_list_free (audio);
  g_assert_true (opus);

  duration = gst_discoverer_info_get_duration (info);
  g_assert_true (GST_CLOCK_TIME_IS_VALID (duration));

  return duration;
}

/* The file is Ogg/Opus, at least @min_duration and at most MAX_DURATION
 * long, and holds all the @sound that went in. */
static void
assert_opus_sound (GFile        *file,
                   GstClockTime  min_duration,
                   GstClockTime  sound)
{
  GstClockTime duration = assert_opus_file (file);

  g_assert_cmpuint (duration, >=, min_duration);
  g_assert_cmpuint (duration, <=, MAX_DURATION);
  assert_all_sound_kept (duration, sound);
}

static void
assert_saved (Fixture    *fixture,
              Run        *run,
              const char *expected_name)
{
  g_autofree char *path = NULL;
  g_autofree char *folder_path = g_file_get_path (fixture->folder);
  g_autofree char *listing = lull_test_list_folder (folder_path);
  g_autofree char *name = NULL;

  g_assert_cmpuint (run->n_finished, ==, 1);
  g_assert_cmpuint (run->n_failed, ==, 0);
  g_assert_no_error (run->failed);
  g_assert_nonnull (run->finished);
  g_assert_false (lull_recorder_get_recording (run->recorder));

  name = g_file_get_basename (run->finished);
  g_assert_cmpstr (name, ==, expected_name);
  g_assert_true (g_file_has_parent (run->finished, fixture->folder));

  path = g_file_get_path (run->finished);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (lull_test_mode_of (path), ==, 0600);
  g_assert_cmpuint (lull_test_mode_of (folder_path), ==, 0700);

  /* No temporary file left: the only hidden names would be ours. */
  g_assert_null (strstr (listing, ".recording-"));
}

static void
test_sine (Fixture       *fixture,
           gconstpointer  data)
{
  LullRecorder *recorder;
  GstClockTime sound;
  Run run;

  recorder = lull_recorder_new (make_counted_sine (&sound));
  run_init (&run, recorder);

  g_assert_false (lull_recorder_get_recording (recorder));
  run_record (&run, fixture->folder, "voice.opus", 3 * GST_SECOND / 2, stop_now);

  assert_saved (fixture, &run, "voice.opus");
  assert_listing (fixture->folder, "voice.opus");

  /* The meter moved with the tone, and elapsed counted up to the stop. */
  g_assert_cmpfloat (run.max_level, >, 0.5);
  g_assert_cmpfloat (run.max_level, <=, 1.0);
  g_assert_cmpfloat (lull_recorder_get_level (recorder), ==, 0.0);
  g_assert_cmpuint (run.n_elapsed, >=, 2);
  g_assert_false (run.elapsed_went_back);
  g_assert_cmpint (lull_recorder_get_elapsed (recorder), >=, 3 * GST_SECOND / 2);

  assert_opus_sound (run.finished, 1 * GST_SECOND, sound);

  run_clear (&run);
  g_assert_finalize_object (recorder);
}

static void
test_silence (Fixture       *fixture,
              gconstpointer  data)
{
  LullRecorder *recorder;
  Run run;

  recorder = new_recorder (&run, "audiotestsrc is-live=true wave=silence");
  run_record (&run, fixture->folder, "quiet.opus", GST_SECOND / 2, stop_now);

  assert_saved (fixture, &run, "quiet.opus");
  assert_opus_file (run.finished);
  /* Digital silence is -inf dB: the meter stays at the bottom. */
  g_assert_cmpfloat (run.max_level, <=, 0.01);
  g_assert_cmpfloat (lull_recorder_get_level (recorder), ==, 0.0);

  run_clear (&run);
  g_assert_finalize_object (recorder);
}

static void
test_max_seconds (Fixture       *fixture,
                  gconstpointer  data)
{
  LullRecorder *recorder;
  GstClockTime sound;
  Run run;

  recorder = lull_recorder_new (make_counted_sine (&sound));
  g_assert_cmpuint (lull_recorder_get_max_seconds (recorder), ==, LULL_RECORDER_MAX_SECONDS);
  g_object_set (recorder, "max-seconds", 1u, NULL);
  g_assert_cmpuint (lull_recorder_get_max_seconds (recorder), ==, 1);

  /* Nobody calls stop. */
  run_init (&run, recorder);
  run_record (&run, fixture->folder, "limit.opus", 0, NULL);

  assert_saved (fixture, &run, "limit.opus");
  g_assert_cmpint (lull_recorder_get_elapsed (recorder), >=, 1 * GST_SECOND);
  assert_opus_sound (run.finished, GST_SECOND / 2, sound);

  run_clear (&run);
  g_assert_finalize_object (recorder);
}

/* An existing recording is never replaced; the same recorder records
 * again after a finish. */
static void
test_name_taken (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *folder_path = g_file_get_path (fixture->folder);
  g_autofree char *existing = g_build_filename (folder_path, "voice.opus", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  LullRecorder *recorder;
  Run run;

  g_assert_cmpint (g_mkdir (folder_path, 0700), ==, 0);
  g_file_set_contents_full (existing, "keep me", -1, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);

  recorder = lull_recorder_new (make_source ("audiotestsrc is-live=true wave=sine"));

  for (guint i = 2; i <= 3; i++)
    {
      g_autofree char *expected = g_strdup_printf ("voice-%u.opus", i);

      run_init (&run, recorder);
      run_record (&run, fixture->folder, "voice.opus", GST_SECOND / 2, stop_now);

      assert_saved (fixture, &run, expected);
      assert_opus_file (run.finished);
      run_clear (&run);
    }

  contents = lull_test_read_file (existing);
  g_assert_cmpstr (contents, ==, "keep me");
  assert_listing (fixture->folder, "voice-2.opus voice-3.opus voice.opus");

  g_assert_finalize_object (recorder);
}

static void
cancel_now (Run *run)
{
  lull_recorder_cancel (run->recorder);
  g_assert_false (lull_recorder_get_recording (run->recorder));
  run->done = TRUE;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  LullRecorder *recorder;
  Run run;

  recorder = new_recorder (&run, "audiotestsrc is-live=true wave=sine");
  /* Cancelled from inside the recorder's own notify, as a UI might. */
  run_record (&run, fixture->folder, "voice.opus", GST_SECOND / 2, cancel_now);
  media_test_drain_main_context ();

  g_assert_true (run.at_time_done);
  g_assert_cmpuint (run.n_finished, ==, 0);
  g_assert_cmpuint (run.n_failed, ==, 0);
  g_assert_false (lull_recorder_get_recording (recorder));
  assert_listing (fixture->folder, "");

  /* Cancel when idle, and stop when idle, change nothing. */
  lull_recorder_cancel (recorder);
  lull_recorder_stop (recorder);
  media_test_drain_main_context ();
  g_assert_cmpuint (run.n_finished + run.n_failed, ==, 0);

  run_clear (&run);
  g_assert_finalize_object (recorder);
}

static void
test_dispose_while_recording (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *listing = NULL;
  LullRecorder *recorder;
  Run run;

  recorder = new_recorder (&run, "audiotestsrc is-live=true wave=sine");
  run_record (&run, fixture->folder, "voice.opus", GST_SECOND / 2, quit_now);
  g_assert_true (lull_recorder_get_recording (recorder));
  listing = lull_test_list_folder (g_file_peek_path (fixture->folder));
  g_assert_true (g_str_has_prefix (listing, ".recording-"));

  /* Dropped mid-recording: as a cancel, nothing is left and nothing is
   * said. */
  g_assert_finalize_object (recorder);
  run.recorder = NULL;
  media_test_drain_main_context ();

  g_assert_cmpuint (run.n_finished + run.n_failed, ==, 0);
  assert_listing (fixture->folder, "");

  run_clear (&run);
}

static void
test_source_fails_at_start (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  LullRecorder *recorder;
  Run run;

  if (!media_test_has_element ("pulsesrc"))
    {
      g_test_skip ("pulsesrc (gstreamer1.0-pulseaudio) is not installed");
      return;
    }

  recorder = new_recorder (&run, "pulsesrc server=/nonexistent/socket");

  g_assert_false (lull_recorder_start (recorder, fixture->folder, "voice.opus", &error));
  g_assert_error (error, LULL_RECORDER_ERROR, LULL_RECORDER_ERROR_NO_MICROPHONE);
  g_assert_false (lull_recorder_get_recording (recorder));

  media_test_drain_main_context ();
  g_assert_cmpuint (run.n_finished + run.n_failed, ==, 0);
  assert_listing (fixture->folder, "");

  run_clear (&run);
  g_assert_finalize_object (recorder);
}

/* Without any sound server or device, autoaudiosrc does not fail: it
 * warns and plugs a fake source. main() points PulseAudio at nothing. */
static void
test_no_device (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  LullRecorder *recorder;

  recorder = lull_recorder_new (NULL);

  if (lull_recorder_start (recorder, fixture->folder, "voice.opus", &error))
    {
      lull_recorder_cancel (recorder);
      g_assert_finalize_object (recorder);
      g_test_skip ("This machine has a working microphone");
      return;
    }

  g_assert_error (error, LULL_RECORDER_ERROR, LULL_RECORDER_ERROR_NO_MICROPHONE);
  g_assert_false (lull_recorder_get_recording (recorder));
  assert_listing (fixture->folder, "");

  g_assert_finalize_object (recorder);
}

static void
test_source_fails_while_recording (Fixture       *fixture,
                                   gconstpointer  data)
{
  LullRecorder *recorder;
  Run run;

  /* 10 ms buffers: the device "fails" after half a second. */
  recorder = new_recorder (&run, "audiotestsrc is-live=true samplesperbuffer=441 ! identity error-after=50");
  run_record (&run, fixture->folder, "voice.opus", 0, NULL);

  assert_failed (&run, LULL_RECORDER_ERROR_NO_MICROPHONE);
  g_assert_cmpfloat (lull_recorder_get_level (recorder), ==, 0.0);
  assert_listing (fixture->folder, "");

  run_clear (&run);
  g_assert_finalize_object (recorder);
}

/* @callback sees the events that the element @name in @source sends
 * downstream. */
static void
probe_events (GstElement          *source,
              const char          *name,
              GstPadProbeCallback  callback,
              gpointer             data)
{
  g_autoptr(GstElement) element = gst_bin_get_by_name (GST_BIN (source), name);
  g_autoptr(GstPad) pad = gst_element_get_static_pad (element, "src");

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, callback, data, NULL);
}

static GstPadProbeReturn
drop_eos_cb (GstPad          *pad,
             GstPadProbeInfo *info,
             gpointer         user_data)
{
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);

  return GST_EVENT_TYPE (event) == GST_EVENT_EOS ? GST_PAD_PROBE_DROP : GST_PAD_PROBE_OK;
}

/* A stuck pipeline: EOS never reaches the file, so the recorder gives up
 * after its few seconds and keeps nothing, rather than rename a file with
 * no last page. */
static void
test_eos_never_comes (Fixture       *fixture,
                      gconstpointer  data)
{
  LullRecorder *recorder;
  GstElement *source;
  Run run;

  source = make_source ("audiotestsrc is-live=true ! identity name=gate");
  probe_events (source, "gate", drop_eos_cb, NULL);

  recorder = lull_recorder_new (source);
  run_init (&run, recorder);
  run_record (&run, fixture->folder, "voice.opus", GST_SECOND / 2, stop_now);

  assert_failed (&run, LULL_RECORDER_ERROR_FAILED);
  assert_listing (fixture->folder, "");

  run_clear (&run);
  g_assert_finalize_object (recorder);
}

static void
test_folder_not_writable (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (fixture->tmp, "blocker", NULL);
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  LullRecorder *recorder;
  Run run;

  /* Root ignores permission bits; a file where a folder should be stops
   * anyone. */
  lull_test_write_file (blocker, "", 0);
  folder = g_file_new_build_filename (blocker, "recordings", NULL);

  recorder = new_recorder (&run, "audiotestsrc is-live=true");

  g_assert_false (lull_recorder_start (recorder, folder, "voice.opus", &error));
  g_assert_error (error, LULL_RECORDER_ERROR, LULL_RECORDER_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "blocker"));
  g_assert_false (lull_recorder_get_recording (recorder));
  g_clear_error (&error);

  /* The recorder is not left half-started: a good folder works. */
  run_record (&run, fixture->folder, "voice.opus", GST_SECOND / 2, stop_now);
  assert_saved (fixture, &run, "voice.opus");

  run_clear (&run);
  g_assert_finalize_object (recorder);
}

static void
fill_disk (const char *folder)
{
  g_autofree char *path = g_build_filename (folder, "filler", NULL);
  char block[4096] = { 0 };
  FILE *file = fopen (path, "w");

  g_assert_nonnull (file);
  setvbuf (file, NULL, _IONBF, 0);
  while (fwrite (block, 1, sizeof block, file) == sizeof block)
    ;
  /* One byte at a time for the last partial block. */
  while (fwrite (block, 1, 1, file) == 1)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  fclose (file);
}

static void
test_disk_full (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *disk = g_build_filename (fixture->tmp, "disk", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (disk);
  LullRecorder *recorder;
  Run run;

  if (!media_test_mount_tmpfs (disk, 0, "64k"))
    return;
  fill_disk (disk);

  recorder = new_recorder (&run, "audiotestsrc is-live=true");

  /* Creating an empty file needs no space, so the start works; the first
   * write fails, at the latest when the last page is flushed. */
  run_record (&run, folder, "voice.opus", GST_SECOND / 2, stop_now);

  assert_failed (&run, LULL_RECORDER_ERROR_WRITE);
  assert_listing (folder, "filler");

  run_clear (&run);
  g_assert_finalize_object (recorder);
}

static void
test_read_only_disk (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *disk = g_build_filename (fixture->tmp, "disk", NULL);
  g_autoptr(GFile) folder = g_file_new_build_filename (disk, "recordings", NULL);
  g_autoptr(GError) error = NULL;
  LullRecorder *recorder;

  if (!media_test_mount_tmpfs (disk, MS_RDONLY, "64k"))
    return;

  recorder = lull_recorder_new (make_source ("audiotestsrc is-live=true"));
  g_assert_false (lull_recorder_start (recorder, folder, "voice.opus", &error));
  g_assert_error (error, LULL_RECORDER_ERROR, LULL_RECORDER_ERROR_WRITE);
  g_assert_false (lull_recorder_get_recording (recorder));

  g_assert_finalize_object (recorder);
}

static void
test_start_twice (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  LullRecorder *recorder;
  Run run;

  recorder = new_recorder (&run, "audiotestsrc is-live=true");
  run_record (&run, fixture->folder, "voice.opus", GST_SECOND / 2, quit_now);

  /* A programming error (the UI offers no second start), refused without
   * disturbing the recording under way. */
  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*self->state == STATE_IDLE*");
  g_assert_false (lull_recorder_start (recorder, fixture->folder, "other.opus", &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_true (lull_recorder_get_recording (recorder));

  /* Also while the end of the file is being written. */
  lull_recorder_stop (recorder);
  g_assert_true (lull_recorder_get_recording (recorder));
  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*self->state == STATE_IDLE*");
  g_assert_false (lull_recorder_start (recorder, fixture->folder, "other.opus", &error));
  g_test_assert_expected_messages ();

  lull_recorder_cancel (recorder);
  assert_listing (fixture->folder, "");
  g_assert_cmpuint (run.n_finished + run.n_failed, ==, 0);

  run_clear (&run);
  g_assert_finalize_object (recorder);
}

/* Stopped before the first sound arrives: there is no stream to end, and
 * nothing to keep. The source's first buffer takes ten seconds. */
static void
test_stop_before_sound (Fixture       *fixture,
                        gconstpointer  data)
{
  LullRecorder *recorder;
  Run run;

  recorder = new_recorder (&run, "audiotestsrc is-live=true samplesperbuffer=441000");

  start_ok (recorder, fixture->folder, "voice.opus");
  assert_stop_keeps_nothing (fixture, &run);

  run_clear (&run);
  g_assert_finalize_object (recorder);
}

static void
test_bad_names (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const names[] = { "", ".hidden.opus", "../escape.opus", "a/b.opus" };
  LullRecorder *recorder;

  recorder = lull_recorder_new (make_source ("audiotestsrc is-live=true"));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*is_plain_file_name*");
      g_assert_false (lull_recorder_start (recorder, fixture->folder, names[i], &error));
      g_test_assert_expected_messages ();
      g_assert_false (lull_recorder_get_recording (recorder));
    }

  assert_listing (fixture->folder, "");
  g_assert_finalize_object (recorder);
}

static GstPadProbeReturn
note_eos_cb (GstPad          *pad,
             GstPadProbeInfo *info,
             gpointer         user_data)
{
  gint *eos_sent = user_data;

  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_EOS)
    g_atomic_int_set (eos_sent, TRUE);

  return GST_PAD_PROBE_OK;
}

/* A source that ends its stream before its first buffer pushes EOS with
 * no segment before it (as pulsesrc does when its server dies while it
 * starts); that must neither reach level (a critical in 1.22) nor count
 * as a finished recording. */
static void
test_eos_before_sound (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GstElement) inner = NULL;
  LullRecorder *recorder;
  GstElement *source;
  gint eos_sent = FALSE;
  gint64 deadline;
  Run run;

  source = make_source ("audiotestsrc name=inner is-live=true samplesperbuffer=441000");
  probe_events (source, "inner", note_eos_cb, &eos_sent);
  inner = gst_bin_get_by_name (GST_BIN (source), "inner");

  recorder = lull_recorder_new (source);
  run_init (&run, recorder);
  start_ok (recorder, fixture->folder, "voice.opus");

  /* Not on the main context: what it would dispatch is looked at below. */
  gst_element_send_event (inner, gst_event_new_eos ());
  deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC;
  while (!g_atomic_int_get (&eos_sent))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (G_USEC_PER_SEC / 100);
    }
  media_test_drain_main_context ();
  g_assert_cmpuint (run.n_finished + run.n_failed, ==, 0);

  assert_stop_keeps_nothing (fixture, &run);

  run_clear (&run);
  g_assert_finalize_object (recorder);
}

static GstElement *
make_pulse_source (MediaTestPulse *pulse,
                   const char     *device)
{
  GstElement *source = gst_element_factory_make ("pulsesrc", NULL);

  g_object_set (source,
                "server", pulse->address,
                "device", device,
                NULL);

  return source;
}

static void
kill_server (Run *run)
{
  MediaTestPulse *pulse = run->data;

  g_subprocess_force_exit (pulse->process);
}

static void
test_pulseaudio (Fixture       *fixture,
                 gconstpointer  data)
{
  /* A tone that module-sine plays into a second null sink. */
  static const char * const tone_modules[] = {
    "--load=module-null-sink sink_name=tone",
    "--load=module-sine sink=tone frequency=440",
    NULL,
  };
  MediaTestPulse pulse = { 0 };
  LullRecorder *recorder;
  GstElement *source;
  GstClockTime sound;
  Run run;

  if (!media_test_pulse_start (&pulse, fixture->tmp, "pulsesrc", tone_modules))
    return;

  /* Nothing plays into the null sink: its monitor records silence. */
  source = make_pulse_source (&pulse, "out.monitor");
  count_sound (source, &sound);
  recorder = lull_recorder_new (source);
  run_init (&run, recorder);
  run_record (&run, fixture->folder, "monitor.opus", 3 * GST_SECOND / 2, stop_now);

  assert_saved (fixture, &run, "monitor.opus");
  g_assert_cmpfloat (run.max_level, <=, 0.01);
  assert_opus_sound (run.finished, 1 * GST_SECOND, sound);
  run_clear (&run);
  g_assert_finalize_object (recorder);

  /* The server goes away mid-recording, as when it crashes: while the
   * tone is coming in. */
  recorder = lull_recorder_new (make_pulse_source (&pulse, "tone.monitor"));
  run_init (&run, recorder);
  run.at_level = 0.5;
  run.data = &pulse;
  run_record (&run, fixture->folder, "lost.opus", 0, kill_server);

  g_assert_true (run.at_time_done);
  assert_failed (&run, LULL_RECORDER_ERROR_NO_MICROPHONE);
  assert_listing (fixture->folder, "monitor.opus");

  run_clear (&run);
  g_assert_finalize_object (recorder);
  media_test_pulse_stop (&pulse);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  /* Set before any thread exists. autoaudiosrc must find no sound server
   * for test_no_device; the PulseAudio test names its server itself. */
  g_setenv ("PULSE_SERVER", "unix:/nonexistent/lull-test-pulse", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_assert_true (lull_media_init (&error));
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/recorder/sine", test_sine);
  ADD ("/recorder/silence", test_silence);
  ADD ("/recorder/max-seconds", test_max_seconds);
  ADD ("/recorder/name-taken", test_name_taken);
  ADD ("/recorder/cancel", test_cancel);
  ADD ("/recorder/dispose-while-recording", test_dispose_while_recording);
  ADD ("/recorder/source-fails-at-start", test_source_fails_at_start);
  ADD ("/recorder/no-device", test_no_device);
  ADD ("/recorder/source-fails-while-recording", test_source_fails_while_recording);
  ADD ("/recorder/eos-never-comes", test_eos_never_comes);
  ADD ("/recorder/folder-not-writable", test_folder_not_writable);
  ADD ("/recorder/disk-full", test_disk_full);
  ADD ("/recorder/read-only-disk", test_read_only_disk);
  ADD ("/recorder/start-twice", test_start_twice);
  ADD ("/recorder/stop-before-sound", test_stop_before_sound);
  ADD ("/recorder/eos-before-sound", test_eos_before_sound);
  ADD ("/recorder/bad-names", test_bad_names);
  ADD ("/recorder/pulseaudio", test_pulseaudio);

#undef ADD

  return g_test_run ();
}
