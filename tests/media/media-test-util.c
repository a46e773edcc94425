/* media-test-util.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>

#include <gio/gunixsocketaddress.h>

#include "media-test-util.h"

/* What the media tests need alike: sounds made by real pipelines, waits
 * on the main context that end in a failure rather than a hang, a small
 * tmpfs, and a sound server of their own. */

/* Runs a gst-launch style pipeline to its end: it must reach EOS, with no
 * error before. */
void
media_test_run_pipeline (const char *description)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);

  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  bus = gst_element_get_bus (pipeline);
  message = gst_bus_timed_pop_filtered (bus, MEDIA_TEST_SETUP_SECONDS * GST_SECOND,
                                        GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

/**
 * media_test_make_sound:
 * @path: the file to write
 * @source: audiotestsrc's properties, such as `wave=sine`
 * @encoder: what encodes the sound, such as `opusenc ! oggmux`; it may
 *   start with more elements, such as a taginject
 * @tenths: the length, in tenths of a second
 *
 * Writes a mono 48 kHz sound.
 */
void
media_test_make_sound (const char *path,
                       const char *source,
                       const char *encoder,
                       guint       tenths)
{
  g_autofree char *description = NULL;

  /* 4800 samples at 48 kHz: each buffer is a tenth of a second. */
  description = g_strdup_printf ("audiotestsrc %s samplesperbuffer=4800 num-buffers=%u "
                                 "! audio/x-raw,rate=48000,channels=1 ! audioconvert ! %s "
                                 "! filesink location=\"%s\"",
                                 source, tenths, encoder, path);
  media_test_run_pipeline (description);
}

/* A PNG picture, whatever @path is called. */
void
media_test_make_picture (const char *path)
{
  g_autofree char *description = NULL;

  description = g_strdup_printf ("videotestsrc num-buffers=1 ! video/x-raw,width=64,height=48 "
                                 "! videoconvert ! pngenc ! filesink location=\"%s\"", path);
  media_test_run_pipeline (description);
}

gboolean
media_test_has_element (const char *factory)
{
  g_autoptr(GstElementFactory) found = gst_element_factory_find (factory);

  return found != NULL;
}

/* Mounts a tmpfs of @size (such as `64k`) with mount(2) @flags on @path,
 * which it creates. Where mounting is not allowed, the test is skipped
 * and this returns FALSE. */
gboolean
media_test_mount_tmpfs (const char    *path,
                        unsigned long  flags,
                        const char    *size)
{
  g_autofree char *options = g_strdup_printf ("size=%s,mode=0700", size);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  if (mount ("tmpfs", path, "tmpfs", flags, options) == 0)
    return TRUE;

  g_test_skip_printf ("Cannot mount a tmpfs here: %s", g_strerror (errno));
  return FALSE;
}

static gboolean
on_hang_cb (gpointer data)
{
  g_error ("%s", (const char *) data);
  return G_SOURCE_REMOVE;
}

/* A timeout that fails the test after @seconds, saying it was waiting for
 * @what; remove it with g_source_remove() once the wait is over. See
 * media_test_wait_until(). */
guint
media_test_hang_guard_add (guint       seconds,
                           const char *what)
{
  return g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, seconds, on_hang_cb,
                                     g_strdup_printf ("%s: still waiting after %u s",
                                                      what, seconds),
                                     g_free);
}

/* Dispatches whatever is already due, so that a signal that should not
 * come would have come. */
void
media_test_drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* In the server, before exec: a test that aborts must not leave it
 * running. */
static void
die_with_test (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/**
 * media_test_pulse_start:
 * @pulse: where to keep the server
 * @folder: a scratch folder; the server's home is @folder/pulse
 * @element: the PulseAudio element the test needs (pulsesrc or pulsesink)
 * @more_modules: (nullable): %NULL-terminated `--load=…` arguments
 *   beside the null sink "out"
 *
 * Starts the server and waits until its socket takes connections. Without
 * PulseAudio or @element, the test is skipped and this returns FALSE.
 * Stop the server with media_test_pulse_stop().
 */
gboolean
media_test_pulse_start (MediaTestPulse     *pulse,
                        const char         *folder,
                        const char         *element,
                        const char * const *more_modules)
{
  g_autofree char *program = g_find_program_in_path ("pulseaudio");
  g_autofree char *home = g_build_filename (folder, "pulse", NULL);
  g_autofree char *runtime = g_build_filename (home, "runtime", NULL);
  g_autofree char *socket_path = g_build_filename (home, "pulse.sock", NULL);
  g_autofree char *load_socket = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  if (program == NULL || !media_test_has_element (element))
    {
      g_test_skip_printf ("PulseAudio or %s is not installed", element);
      return FALSE;
    }

  g_assert_cmpint (g_mkdir_with_parents (runtime, 0700), ==, 0);
  load_socket = g_strdup_printf ("--load=module-native-protocol-unix socket=%s auth-anonymous=1",
                                 socket_path);

  /* --disable-shm: the sound comes over the socket, not in shared memory.
   * With shared memory, a server killed mid-recording can deadlock the
   * test inside libpulse 16.1 and pulsesrc 1.22, out of Lull's reach:
   * pulsesrc keeps the part of a peeked fragment it has not yet used
   * between reads, without the mainloop lock, and when the connection
   * drops, libpulse's mainloop thread, holding that lock, waits in
   * pa_memimport_free() for the fragment to be dropped; pulsesrc's read
   * waits for the lock. No error is ever posted and the pipeline can no
   * longer change state. It happens only when the server dies while such
   * a fragment is held, which a busy machine makes likely (2 hangs in 9
   * runs of /recorder/pulseaudio with the CPUs busy). */
  g_strv_builder_add_many (builder, program,
                           "--daemonize=no",
                           "--exit-idle-time=-1",
                           "--use-pid-file=no",
                           "--disable-shm=yes",
                           "-n",
                           "--load=module-null-sink sink_name=out",
                           NULL);
  if (more_modules != NULL)
    g_strv_builder_addv (builder, (const char **) more_modules);
  g_strv_builder_add (builder, load_socket);
  argv = g_strv_builder_end (builder);

  /* Its own home and runtime folder: no clash with another server (or
   * another test's) over the pid file, the cookie or the socket. The
   * output would break the TAP stream. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", runtime, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_set_child_setup (launcher, die_with_test, NULL, NULL);
  pulse->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);
  pulse->address = g_strdup_printf ("unix:%s", socket_path);

  /* Ready once the socket takes connections; a server that dies first is
   * a broken set-up, reported as such. */
  address = g_unix_socket_address_new (socket_path);
  deadline = g_get_monotonic_time () + MEDIA_TEST_SETUP_SECONDS * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) connection = NULL;

      connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);
      if (connection != NULL)
        return TRUE;

      /* No identifier once the server has exited. */
      g_assert_nonnull (g_subprocess_get_identifier (pulse->process));
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (G_USEC_PER_SEC / 20);
    }
}

void
media_test_pulse_stop (MediaTestPulse *pulse)
{
  if (pulse->process != NULL)
    {
      g_subprocess_force_exit (pulse->process);
      g_subprocess_wait (pulse->process, NULL, NULL);
    }
  g_clear_object (&pulse->process);
  g_clear_pointer (&pulse->address, g_free);
}
