/* lull-first-frame.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "lull-first-frame.h"

/* The start-up benchmark (tests/bench/startup.py) measures from exec to the
 * first frame the window paints. Lull and the bare baseline window share
 * this file so that both are measured at exactly the same point. Without
 * the environment variable nothing is connected. */

static void
on_after_paint (GdkFrameClock *frame_clock,
                GtkWindow     *window)
{
  GtkApplication *app = gtk_window_get_application (window);

  g_signal_handlers_disconnect_by_func (frame_clock, on_after_paint, window);

  g_print ("first-frame\n");
  fflush (stdout);

  if (app != NULL)
    g_application_quit (G_APPLICATION (app));
  else
    gtk_window_destroy (window);
}

static void
on_realize (GtkWidget *widget)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect_object (frame_clock, "after-paint",
                           G_CALLBACK (on_after_paint), widget, 0);
}

void
lull_first_frame_watch (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  if (g_getenv (LULL_FIRST_FRAME_ENV) == NULL)
    return;

  g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
}
