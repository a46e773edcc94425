/* lull-checkpoint.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lull-checkpoint.h"
#include "lull-file.h"

/* `checkpoint.ini` holds the session in progress, saved every few seconds
 * so that a crash or a power cut loses almost nothing. What goes in it is
 * LullSession's business; this file owns where it lives, the [Checkpoint]
 * version stamp, and what happens when it cannot be trusted: it is moved
 * to quarantine/ (never deleted), so that the next save starts clean and a
 * helper can still look at it. */

#define CHECKPOINT_FILE    "checkpoint.ini"
#define CHECKPOINT_GROUP   "Checkpoint"
#define VERSION_KEY        "version"
#define FORMAT_VERSION     1
#define FILE_MODE          0600
#define FOLDER_MODE        0700
/* A checkpoint is a few kilobytes of state; anything this large was not
 * written by Lull, and is not worth the memory to read. */
#define MAX_FILE_BYTES     (4 * 1024 * 1024)

G_DEFINE_QUARK (lull-checkpoint-error-quark, lull_checkpoint_error)

static gboolean
check_version (GKeyFile *keyfile)
{
  g_autofree char *text = NULL;
  guint64 version;

  text = g_key_file_get_value (keyfile, CHECKPOINT_GROUP, VERSION_KEY, NULL);
  if (text == NULL)
    return FALSE;

  return g_ascii_string_to_unsigned (g_strstrip (text), 10, 0, G_MAXUINT, &version, NULL) &&
         version == FORMAT_VERSION;
}

static char *
move_aside (LullDataRoot  *data_root,
            GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *path = lull_data_root_build_filename (data_root, CHECKPOINT_FILE, NULL);

  return lull_data_root_quarantine (data_root, path, now, error);
}

static void
set_aside (LullDataRoot  *data_root,
           const char    *path,
           const char    *reason,
           GError       **error)
{
  g_autofree char *moved = NULL;
  g_autoptr(GError) local_error = NULL;

  g_debug ("Checkpoint %s is damaged: %s", path, reason);

  moved = move_aside (data_root, &local_error);
  if (moved == NULL)
    {
      g_set_error (error, LULL_CHECKPOINT_ERROR, LULL_CHECKPOINT_ERROR_DAMAGED,
                   _("The session in progress could not be restored because its saved state "
                     "is damaged, and Lull could not set the file aside (%s). Check that you "
                     "can write to Lull’s data folder. Your history is safe."),
                   local_error->message);
      return;
    }

  g_set_error_literal (error, LULL_CHECKPOINT_ERROR, LULL_CHECKPOINT_ERROR_DAMAGED,
                       _("The session in progress could not be restored because its saved "
                         "state is damaged. Lull set the file aside in the quarantine folder; "
                         "your history is safe, and you can start a new session."));
}

/* The folder or the file: either way the session goes on unsaved, and the
 * parent can do the same about it. */
static void
set_write_error (GError     **error,
                 const char  *reason)
{
  g_set_error (error, LULL_CHECKPOINT_ERROR, LULL_CHECKPOINT_ERROR_WRITE,
               _("Lull could not save the session in progress (%s). The session goes "
                 "on, but if Lull closes now it cannot be resumed; free some space or "
                 "check the data folder."),
               reason);
}

/**
 * lull_checkpoint_save:
 * @keyfile: the session's state; its [Checkpoint] group gets `version=1`
 *
 * Replaces `checkpoint.ini` atomically (0600): after a crash there is
 * either the old checkpoint or the new one, never half of one.
 */
gboolean
lull_checkpoint_save (LullDataRoot  *data_root,
                      GKeyFile      *keyfile,
                      GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *root;
  gsize length;

  g_return_val_if_fail (LULL_IS_DATA_ROOT (data_root), FALSE);
  g_return_val_if_fail (keyfile != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Cheap when the folder is there, which is every time but the first:
   * this runs every few seconds, so no write probe as in prepare(). */
  root = lull_data_root_get_path (data_root);
  if (g_mkdir_with_parents (root, FOLDER_MODE) != 0)
    {
      set_write_error (error, g_strerror (errno));
      return FALSE;
    }

  g_key_file_set_integer (keyfile, CHECKPOINT_GROUP, VERSION_KEY, FORMAT_VERSION);
  data = g_key_file_to_data (keyfile, &length, NULL);
  path = lull_data_root_build_filename (data_root, CHECKPOINT_FILE, NULL);

  if (!g_file_set_contents_full (path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, FILE_MODE,
                                 &local_error))
    {
      set_write_error (error, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * lull_checkpoint_load:
 *
 * Returns: (transfer full) (nullable): the saved state; %NULL without an
 *   error when there is none, %NULL with %LULL_CHECKPOINT_ERROR_DAMAGED
 *   when the file was there but could not be used (it is then in
 *   quarantine/, out of the way of the next save). Only a regular file is
 *   read: a FIFO, a device or a loop of links in its place is reported as
 *   %LULL_CHECKPOINT_ERROR_DAMAGED too, by name, but never opened and left
 *   where it is (the next save replaces it); a folder is moved aside.
 */
GKeyFile *
lull_checkpoint_load (LullDataRoot  *data_root,
                      GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (LULL_IS_DATA_ROOT (data_root), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = lull_data_root_build_filename (data_root, CHECKPOINT_FILE, NULL);

  /* Only a regular file is opened: a FIFO named checkpoint.ini would
   * otherwise block start-up for ever, and a device never end. */
  if (!lull_file_get_contents (path, MAX_FILE_BYTES, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return NULL;

      /* A FIFO, a device or a loop of links is not something Lull wrote,
       * so it is not Lull's to move: it is named and left where it is.
       * It blocks nothing, since a save renames the new file over it. */
      if ((g_error_matches (local_error, LULL_FILE_ERROR, LULL_FILE_ERROR_NOT_REGULAR)
           || g_error_matches (local_error, LULL_FILE_ERROR, LULL_FILE_ERROR_LINK_LOOP))
          && !g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, LULL_CHECKPOINT_ERROR, LULL_CHECKPOINT_ERROR_DAMAGED,
                       _("The session in progress could not be restored: %s Lull left it "
                         "where it is, and will save the next session in its place. "
                         "Your history is safe."),
                       local_error->message);
          return NULL;
        }

      /* Unlike a history month, a checkpoint is only a few seconds of
       * state: moving an unreadable one (or a folder in its place) aside
       * costs little, and leaving it would block every save after it. */
      set_aside (data_root, path, local_error->message, error);
      return NULL;
    }

  if (!g_utf8_validate (contents, length, NULL))
    {
      set_aside (data_root, path, "not UTF-8 text", error);
      return NULL;
    }

  keyfile = g_key_file_new ();
  if (!g_key_file_load_from_data (keyfile, contents, length, G_KEY_FILE_NONE, &local_error))
    {
      set_aside (data_root, path, local_error->message, error);
      return NULL;
    }

  if (!check_version (keyfile))
    {
      set_aside (data_root, path, "no [" CHECKPOINT_GROUP "] " VERSION_KEY "=1", error);
      return NULL;
    }

  return g_steal_pointer (&keyfile);
}

/**
 * lull_checkpoint_remove:
 *
 * Removes the checkpoint once its session is logged or cancelled; there
 * being none is fine.
 */
gboolean
lull_checkpoint_remove (LullDataRoot  *data_root,
                        GError       **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (LULL_IS_DATA_ROOT (data_root), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = lull_data_root_build_filename (data_root, CHECKPOINT_FILE, NULL);

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, LULL_CHECKPOINT_ERROR, LULL_CHECKPOINT_ERROR_WRITE,
                   _("Lull could not clear the saved state of the last session (%s). Next "
                     "time, Lull may offer to resume it; you can dismiss that."),
                   g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/**
 * lull_checkpoint_set_aside:
 *
 * Moves a checkpoint that loaded but cannot be used (its routine has gone,
 * or its values do not make a session) to quarantine/, so that the next
 * session neither writes over it nor offers it again.
 */
gboolean
lull_checkpoint_set_aside (LullDataRoot  *data_root,
                           GError       **error)
{
  g_autofree char *moved = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LULL_IS_DATA_ROOT (data_root), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  moved = move_aside (data_root, &local_error);
  if (moved == NULL)
    {
      g_set_error (error, LULL_CHECKPOINT_ERROR, LULL_CHECKPOINT_ERROR_WRITE,
                   _("Lull could not set the unfinished session aside (%s). Check that you "
                     "can write to Lull’s data folder."),
                   local_error->message);
      return FALSE;
    }

  return TRUE;
}
