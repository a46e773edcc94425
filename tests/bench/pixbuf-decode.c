/* pixbuf-decode.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

/* The baseline of the first-photo benchmark (photo_bench.py first-photo):
 * what showing a camera's photo as it is would cost at the least, a plain
 * full-size decode.
 *
 *   pixbuf-decode FILE
 *
 * Times one gdk_pixbuf_new_from_file() of FILE, the first of the process
 * (so the JPEG loader module is found and loaded inside the interval, as
 * it is inside Lull's), and prints `decode MS` with three decimals, then
 * `size WIDTHxHEIGHT`. Nothing is drawn: Lull's figure also covers its
 * window's frame with the photo painted; this one stops at the pixels. */

int
main (int   argc,
      char *argv[])
{
  GdkPixbuf *pixbuf;
  GError *error = NULL;
  gint64 start;
  gint64 end;

  if (argc != 2)
    {
      fprintf (stderr, "Usage: %s FILE\n", argv[0]);
      return 2;
    }

  start = g_get_monotonic_time ();
  pixbuf = gdk_pixbuf_new_from_file (argv[1], &error);
  end = g_get_monotonic_time ();

  if (pixbuf == NULL)
    {
      fprintf (stderr, "pixbuf-decode: %s\n", error->message);
      g_error_free (error);
      return EXIT_FAILURE;
    }

  printf ("decode %.3f\n", (end - start) / 1000.0);
  printf ("size %dx%d\n", gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf));
  g_object_unref (pixbuf);

  return EXIT_SUCCESS;
}
