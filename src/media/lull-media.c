/* lull-media.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>

#include "lull-media.h"

/* GStreamer is started only when something needs it: loading its plugin
 * registry costs time that the first window should not wait for. */

/**
 * lull_media_init:
 *
 * Starts GStreamer once; later calls return at once.
 */
gboolean
lull_media_init (GError **error)
{
  if (gst_is_initialized ())
    return TRUE;

  if (!gst_init_check (NULL, NULL, error))
    return FALSE;

  gst_pb_utils_init ();

  return TRUE;
}

/**
 * lull_media_dup_version_string:
 *
 * The GStreamer version in use, for the About window's troubleshooting
 * text. Starts GStreamer if needed.
 */
char *
lull_media_dup_version_string (void)
{
  g_autoptr(GError) error = NULL;

  if (!lull_media_init (&error))
    return g_strdup_printf ("GStreamer unavailable: %s", error->message);

  return gst_version_string ();
}

/**
 * lull_media_get_dir:
 *
 * The folder of the sounds Lull ships (media/ in the source tree):
 * `LULL_MEDIA_DIR` when set (build-aux/dev, meson devenv and the tests
 * point it at the source tree, so an uninstalled Lull finds them), or the
 * installed folder.
 *
 * Returns: (transfer none): a folder path
 */
const char *
lull_media_get_dir (void)
{
  const char *dir = g_getenv ("LULL_MEDIA_DIR");

  return dir != NULL && *dir != '\0' ? dir : MEDIADIR;
}
