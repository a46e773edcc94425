/* media-test-util.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

/* How long making a test sound or starting a sound server may take before
 * it counts as a hang. */
#define MEDIA_TEST_SETUP_SECONDS 90

void     media_test_run_pipeline       (const char *description);
void     media_test_make_sound         (const char *path,
                                        const char *source,
                                        const char *encoder,
                                        guint       tenths);
void     media_test_make_picture       (const char *path);
gboolean media_test_has_element        (const char *factory);
gboolean media_test_mount_tmpfs        (const char    *path,
                                        unsigned long  flags,
                                        const char    *size);

guint    media_test_hang_guard_add     (guint       seconds,
                                        const char *what);
void     media_test_drain_main_context (void);

/* Spins the default main context until @condition holds. A wait longer
 * than @seconds is a hang: the test fails there, naming the condition. */
#define media_test_wait_until(seconds, condition)                        \
  G_STMT_START {                                                        \
    guint hang_id_ = media_test_hang_guard_add ((seconds), #condition); \
    while (!(condition))                                                \
      g_main_context_iteration (NULL, TRUE);                            \
    g_source_remove (hang_id_);                                         \
  } G_STMT_END

/* A real PulseAudio server of the test's own, on a private socket, with
 * a null sink "out". */
typedef struct
{
  GSubprocess *process;
  char        *address;   /* unix:… for the server property of pulsesrc and pulsesink */
} MediaTestPulse;

gboolean media_test_pulse_start (MediaTestPulse     *pulse,
                                 const char         *folder,
                                 const char         *element,
                                 const char * const *more_modules);
void     media_test_pulse_stop  (MediaTestPulse     *pulse);

G_END_DECLS
