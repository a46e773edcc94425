/* lull-file.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lull-file.h"

/* Every file Lull reads from its data root comes through here, because
 * the data root may hold anything a sync tool, a bad copy or a curious
 * person put there. Only regular files are opened: opening a FIFO blocks
 * for ever, and a device may never end. Symbolic links are followed one
 * at a time, so that a loop or a link to a device is reported by name
 * rather than read. The file is opened without blocking and checked again
 * once open, in case it was swapped between the look and the open. */

G_DEFINE_QUARK (lull-file-error-quark, lull_file_error)

static void
set_not_regular (GError     **error,
                 const char  *path)
{
  g_autofree char *name = g_filename_display_basename (path);

  g_set_error (error, LULL_FILE_ERROR, LULL_FILE_ERROR_NOT_REGULAR,
               _("“%s” is not a regular file, so Lull did not open it."), name);
}

/* Follows @path's symbolic links to a file that is not a link. */
static char *
resolve (const char  *path,
         GError     **error)
{
  g_autofree char *current = g_strdup (path);

  for (guint depth = 0; depth <= LULL_FILE_MAX_LINKS; depth++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (current);
      g_autoptr(GFileInfo) info = NULL;
      g_autofree char *dir = NULL;
      const char *target;

      info = g_file_query_info (file,
                                G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                G_FILE_ATTRIBUTE_STANDARD_SYMLINK_TARGET,
                                G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, error);
      if (info == NULL)
        return NULL;

      switch (g_file_info_get_file_type (info))
        {
        case G_FILE_TYPE_REGULAR:
          return g_steal_pointer (&current);

        case G_FILE_TYPE_SYMBOLIC_LINK:
          target = g_file_info_get_symlink_target (info);
          if (target == NULL)
            break;
          if (g_path_is_absolute (target))
            {
              g_free (current);
              current = g_strdup (target);
            }
          else
            {
              dir = g_path_get_dirname (current);
              g_free (current);
              current = g_build_filename (dir, target, NULL);
            }
          continue;

        case G_FILE_TYPE_UNKNOWN:
        case G_FILE_TYPE_DIRECTORY:
        case G_FILE_TYPE_SPECIAL:
        case G_FILE_TYPE_SHORTCUT:
        case G_FILE_TYPE_MOUNTABLE:
        default:
          break;
        }

      set_not_regular (error, path);
      return NULL;
    }

  {
    g_autofree char *name = g_filename_display_basename (path);

    g_set_error (error, LULL_FILE_ERROR, LULL_FILE_ERROR_LINK_LOOP,
                 _("“%s” leads through too many links, so Lull did not open it."), name);
  }
  return NULL;
}

/**
 * lull_file_get_contents:
 * @path: the file to read
 * @max_length: the most bytes the caller accepts, or 0 for no limit
 * @contents: (out): the bytes read, with a NUL after them
 * @length: (out) (optional): how many bytes were read
 * @error: a #LULL_FILE_ERROR for a file that is not a regular file or is
 *   too large, or a #G_FILE_ERROR (%G_FILE_ERROR_NOENT…) from the system
 *
 * Like g_file_get_contents(), but only for regular files.
 */
gboolean
lull_file_get_contents (const char  *path,
                        gsize        max_length,
                        char       **contents,
                        gsize       *length,
                        GError     **error)
{
  g_autofree char *real = NULL;
  g_autofree char *buffer = NULL;
  g_autoptr(GError) local_error = NULL;
  struct stat st;
  gsize size, done = 0;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  real = resolve (path, &local_error);
  if (real == NULL)
    {
      /* GIO says G_IO_ERROR_NOT_FOUND; callers expect the file error. */
      if (local_error->domain == G_IO_ERROR)
        g_set_error_literal (error, G_FILE_ERROR,
                             local_error->code == G_IO_ERROR_NOT_FOUND
                             ? G_FILE_ERROR_NOENT : G_FILE_ERROR_FAILED,
                             local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  fd = g_open (real, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s",
                   path, g_strerror (saved));
      return FALSE;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      set_not_regular (error, path);
      return FALSE;
    }

  size = (gsize)st.st_size;
  if (max_length > 0 && size > max_length)
    {
      g_autofree char *name = g_filename_display_basename (path);

      close (fd);
      g_set_error (error, LULL_FILE_ERROR, LULL_FILE_ERROR_TOO_LARGE,
                   _("“%s” is too large for Lull to read."), name);
      return FALSE;
    }

  /* Read to the end even if the file grew since fstat, within the limit. */
  buffer = g_malloc (size + 1);
  for (;;)
    {
      gssize n;

      if (done == size)
        {
          char probe;

          /* The usual case: the file is as long as fstat said. One byte
           * more tells, without growing (and copying) the buffer. */
          n = read (fd, &probe, 1);
          if (n < 0 && errno == EINTR)
            continue;
          if (n == 0)
            break;
          if (n < 0)
            goto failed;
          if (max_length > 0 && size >= max_length)
            break;
          size = size * 2 + 4096;
          if (max_length > 0 && size > max_length)
            size = max_length;
          buffer = g_realloc (buffer, size + 1);
          buffer[done++] = probe;
          continue;
        }

      n = read (fd, buffer + done, size - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto failed;
      if (n == 0)
        break;
      done += (gsize)n;
    }
  close (fd);

  buffer[done] = '\0';
  *contents = g_steal_pointer (&buffer);
  if (length != NULL)
    *length = done;

  return TRUE;

failed:
  {
    int saved = errno;

    close (fd);
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s",
                 path, g_strerror (saved));
    return FALSE;
  }
}

/**
 * lull_file_load_key_file:
 * @path: the keyfile to read
 * @max_length: as for lull_file_get_contents()
 * @key_file: where to load it; comments and translations are kept
 *
 * Returns: %TRUE if @key_file now holds what @path holds
 */
gboolean
lull_file_load_key_file (const char  *path,
                         gsize        max_length,
                         GKeyFile    *key_file,
                         GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (key_file != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lull_file_get_contents (path, max_length, &contents, &length, error))
    return FALSE;

  /* GKeyFile takes invalid UTF-8 in values, which a rewrite would keep. */
  if (!g_utf8_validate (contents, length, NULL))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_UNKNOWN_ENCODING,
                   "%s is not UTF-8 text", path);
      return FALSE;
    }

  return g_key_file_load_from_data (key_file, contents, length,
                                    G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS,
                                    error);
}

guint64
lull_key_file_get_version (GKeyFile   *key_file,
                           const char *group,
                           const char *key)
{
  g_autofree char *text = NULL;
  guint64 version;

  g_return_val_if_fail (key_file != NULL, 0);
  g_return_val_if_fail (group != NULL && key != NULL, 0);

  text = g_key_file_get_value (key_file, group, key, NULL);
  if (text == NULL
      || !g_ascii_string_to_unsigned (g_strstrip (text), 10, 1, G_MAXUINT64, &version, NULL))
    return 0;

  return version;
}

GKeyFile *
lull_key_file_copy (GKeyFile *key_file)
{
  g_autoptr(GKeyFile) copy = g_key_file_new ();
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (key_file != NULL, NULL);

  data = g_key_file_to_data (key_file, &length, NULL);
  /* What g_key_file_to_data() wrote, it reads back. */
  if (!g_key_file_load_from_data (copy, data, length,
                                  G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, NULL))
    g_assert_not_reached ();

  return g_steal_pointer (&copy);
}

gboolean
lull_file_save_key_file (const char  *path,
                         GKeyFile    *key_file,
                         GError     **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (key_file != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_key_file_to_data (key_file, &length, NULL);

  return g_file_set_contents_full (path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/**
 * lull_file_write_export:
 * @path: where, in the file system's encoding
 */
gboolean
lull_file_write_export (const char  *path,
                        const char  *data,
                        gsize        length,
                        GError     **error)
{
  GStatBuf buf;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A rename over /dev/null would put a file in its place. */
  if (g_stat (path, &buf) != 0 || S_ISREG (buf.st_mode))
    return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                     error);

  fd = g_open (path, O_WRONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                           g_strerror (saved));
      return FALSE;
    }

  for (gsize done = 0; done < length;)
    {
      gssize written = write (fd, data + done, length - done);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        {
          int saved = errno;

          close (fd);
          g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                               g_strerror (saved));
          return FALSE;
        }
      done += (gsize)written;
    }

  return g_close (fd, error);
}

/**
 * lull_file_describe_export_failure:
 * @path: the file the parent chose
 * @reason: the system's words
 *
 * Returns: (transfer full): one sentence: what failed, and what to do
 */
char *
lull_file_describe_export_failure (const char *path,
                                   const char *reason)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (reason != NULL, NULL);

  name = g_filename_display_basename (path);
  /* Translators: a file name, then the system's reason */
  return g_strdup_printf (_("Lull could not write %s: %s. Choose a folder you can write to, "
                            "on a disk with room."), name, reason);
}

/**
 * lull_file_export:
 *
 * lull_file_write_export(), with an error the parent can read as it is.
 */
gboolean
lull_file_export (const char  *path,
                  const char  *data,
                  gsize        length,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (lull_file_write_export (path, data, length, &local_error))
    return TRUE;

  message = lull_file_describe_export_failure (path, local_error->message);
  g_set_error_literal (error, local_error->domain, local_error->code, message);
  return FALSE;
}

/**
 * lull_file_dup_export_path:
 * @file: where the parent chose to save
 * @error: a #G_IO_ERROR_NOT_SUPPORTED with a sentence for the parent when
 *   @file has no local path (a network share a file chooser offered)
 *
 * Returns: (transfer full) (nullable): the path to write, never a stand-in
 *   somewhere else
 */
char *
lull_file_dup_export_path (GFile   *file,
                           GError **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      /* Translators: %s is where the file was to go, such as an address */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not on this computer. Choose a folder here, then copy the file "
                     "where you like."), name);
    }

  return g_steal_pointer (&path);
}
