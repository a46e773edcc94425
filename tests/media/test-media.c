/* test-media.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gst/gst.h>

#include "lull-media.h"

static void
test_init_and_version (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  g_assert_true (lull_media_init (&error));
  g_assert_no_error (error);
  /* A second call is harmless. */
  g_assert_true (lull_media_init (&error));

  version = lull_media_dup_version_string ();
  g_assert_true (g_str_has_prefix (version, "GStreamer 1."));
}

static void
test_pipeline_runs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  /* Once started, GStreamer can run a real pipeline to its end: the
   * base plugins the media code relies on are present. */
  g_assert_true (lull_media_init (&error));
  pipeline = gst_parse_launch ("audiotestsrc num-buffers=20 ! audioconvert ! fakesink", &error);
  g_assert_no_error (error);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  message = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND,
                                        GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/init-and-version", test_init_and_version);
  g_test_add_func ("/media/pipeline-runs", test_pipeline_runs);

  return g_test_run ();
}
