/* sound-first-sample.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <gst/gst.h>

/* The baseline of the sound start-up benchmark (sound_start.py): the least
 * a GStreamer program does to get the first sample of a file to the sound
 * server, counted the way Lull counts it under LULL_BENCH_FIRST_SAMPLE.
 *
 *   sound-first-sample FILE
 *
 * The clock starts at the top of main(), before gst_init(): Lull starts
 * GStreamer with the first session, never at start-up, so its figure (from
 * the Start action) includes gst_init() and the plugin registry's loading,
 * and so does this one. It stops when the first buffer reaches the sink
 * pad of the audio sink (the first buffer goes there while the pipeline
 * prerolls), and `first-sample MS` is printed, with three decimals as Lull
 * prints it. Then the program exits.
 *
 * What it shares with Lull (src/media/lull-player.c): a playbin on the same
 * file, autoaudiosink as the audio sink (the same sound server, and the
 * same probe on the same pad: autoaudiosink's ghost sink pad).
 *
 * How it differs from Lull, that is what the ratio puts a price on:
 *
 *  - Lull's audio-sink is a bin, audioconvert ! volume (fade) ! volume
 *    (duck) ! volume (user) ! audioconvert ! audioresample ! autoaudiosink,
 *    with GstController envelopes on the first two volumes and pad probes
 *    on "fade" (segment rewriting) and "duck"; here autoaudiosink is given
 *    to playbin directly.
 *  - Lull sets playbin's flags to "audio" only (no soft volume) and gives it
 *    a fakesink as video sink; this keeps playbin's default flags, as
 *    gst-launch-1.0 playbin does. For an audio-only Opus file the decoding
 *    chain is the same.
 *  - Lull calls gst_pb_utils_init() after gst_init(); this does not.
 *  - Lull's figure is printed from the main loop: its probe hands the news
 *    to the main context (an idle source), and the time is read there, after
 *    whatever the main loop was busy with (drawing the session page's first
 *    frame, for one). Here the time is read in the probe itself, on the
 *    streaming thread.
 *  - Lull does work of its own between the Start action and the pipeline
 *    (the session, its checkpoint, the track library lookup, the page); none
 *    of that is here. */

#define TIMEOUT_SECONDS 30

static gint64 start_time;
static GMainLoop *loop;
static int status = EXIT_FAILURE;

static GstPadProbeReturn
on_first_buffer (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  gint64 now = g_get_monotonic_time ();

  printf ("first-sample %.3f\n", (now - start_time) / 1000.0);
  fflush (stdout);

  status = EXIT_SUCCESS;
  g_main_loop_quit (loop);

  return GST_PAD_PROBE_REMOVE;
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *debug = NULL;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      gst_message_parse_error (message, &error, &debug);
      g_printerr ("sound-first-sample: %s\n%s\n", error->message, debug != NULL ? debug : "");
      g_main_loop_quit (loop);
      break;
    case GST_MESSAGE_EOS:
      g_printerr ("sound-first-sample: the end of the file came before any sample reached the sink\n");
      g_main_loop_quit (loop);
      break;
    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  g_printerr ("sound-first-sample: no sample reached the sink within %d s\n", TIMEOUT_SECONDS);
  g_main_loop_quit (loop);

  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  GstElement *playbin;
  GstElement *sink;
  GstPad *pad;
  GstBus *bus;
  GError *error = NULL;
  char *uri;

  start_time = g_get_monotonic_time ();

  gst_init (&argc, &argv);

  if (argc != 2)
    {
      g_printerr ("Usage: %s FILE\n", argv[0]);
      return 2;
    }

  playbin = gst_element_factory_make ("playbin", NULL);
  sink = gst_element_factory_make ("autoaudiosink", "sink");
  if (playbin == NULL || sink == NULL)
    {
      g_printerr ("sound-first-sample: playbin or autoaudiosink is missing\n");
      return EXIT_FAILURE;
    }

  uri = gst_filename_to_uri (argv[1], &error);
  if (uri == NULL)
    {
      g_printerr ("sound-first-sample: %s\n", error->message);
      g_error_free (error);
      return EXIT_FAILURE;
    }
  g_object_set (playbin, "uri", uri, "audio-sink", sink, NULL);
  g_free (uri);

  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     on_first_buffer, NULL, NULL);
  gst_object_unref (pad);

  loop = g_main_loop_new (NULL, FALSE);
  bus = gst_element_get_bus (playbin);
  gst_bus_add_watch (bus, on_bus_message, NULL);
  g_timeout_add_seconds (TIMEOUT_SECONDS, on_timeout, NULL);

  if (gst_element_set_state (playbin, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_printerr ("sound-first-sample: the pipeline did not start\n");
      return EXIT_FAILURE;
    }

  g_main_loop_run (loop);

  gst_element_set_state (playbin, GST_STATE_NULL);
  gst_bus_remove_watch (bus);
  gst_object_unref (bus);
  gst_object_unref (playbin);
  g_main_loop_unref (loop);

  return status;
}
