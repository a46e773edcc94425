/* lull-media-import.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* For renameat2() */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lull-file.h"
#include "lull-media-import.h"

/* Copying a file the parent chose into the data root, for sounds and for
 * photos alike. The source may be anything: only a regular file is ever
 * opened (a FIFO would wait for ever, a device may act on an open), and
 * the copy is written to a hidden temporary file beside its final place,
 * flushed, and only then given its name, so that a full disk or a crash
 * never leaves half a file where Lull lists its own. */

#define COPY_BUFFER_BYTES    (64 * 1024)
#define SAFE_STEM_MAX_BYTES  96
#define SAFE_EXT_MAX_BYTES   10
#define MAX_NAME_ATTEMPTS    10000
/* Hidden, so that a listing while an import runs (or after a crash)
 * never shows a half-copied file. */
#define IMPORT_TEMP_TEMPLATE ".lull-import-XXXXXX"

struct _LullMediaImportCopy
{
  const LullMediaImportKind *kind;
  char                      *display;
  char                      *folder;
  char                      *temp;
  int                        fd;
  gboolean                   placed;
};

/* Names */

/**
 * lull_media_import_safe_name_parts:
 * @display: the source's name, as shown (UTF-8)
 * @fallback_stem: the stem when nothing of @display is left
 *
 * The copy's name: made from the original's, so the parent knows it, in
 * plain ASCII that every file system and every routine file takes.
 */
void
lull_media_import_safe_name_parts (const char  *display,
                                   const char  *fallback_stem,
                                   char       **stem,
                                   char       **extension)
{
  g_autofree char *ascii = g_str_to_ascii (display, "C");
  GString *clean_stem = g_string_new (NULL);
  GString *clean_extension = g_string_new (NULL);
  const char *dot = strrchr (ascii, '.');
  const char *end;

  if (dot == ascii)
    dot = NULL;
  end = dot != NULL ? dot : ascii + strlen (ascii);

  for (const char *p = ascii; p < end && clean_stem->len < SAFE_STEM_MAX_BYTES; p++)
    {
      char c = g_ascii_isspace (*p) ? '-' : *p;
      char last = clean_stem->len > 0 ? clean_stem->str[clean_stem->len - 1] : '\0';

      if (!g_ascii_isalnum (c) && c != '-' && c != '_' && c != '.')
        continue;
      /* Never hidden, never "..", and one hyphen for a run of spaces. */
      if ((c == '.' || c == '-') && (last == '\0' || last == '.' || last == '-'))
        continue;
      g_string_append_c (clean_stem, c);
    }

  while (clean_stem->len > 0
         && (clean_stem->str[clean_stem->len - 1] == '-' || clean_stem->str[clean_stem->len - 1] == '.'))
    g_string_truncate (clean_stem, clean_stem->len - 1);
  if (clean_stem->len == 0)
    g_string_assign (clean_stem, fallback_stem);

  for (const char *p = dot != NULL ? dot + 1 : ""; *p != '\0' && clean_extension->len < SAFE_EXT_MAX_BYTES; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (clean_extension, g_ascii_tolower (*p));
    }

  *stem = g_string_free (clean_stem, FALSE);
  *extension = g_string_free (clean_extension, FALSE);
}

static char *
candidate_name (const char *stem,
                const char *extension,
                guint       attempt)
{
  g_autofree char *numbered = attempt > 1 ? g_strdup_printf ("%s-%u", stem, attempt) : g_strdup (stem);

  if (*extension == '\0')
    return g_steal_pointer (&numbered);

  return g_strconcat (numbered, ".", extension, NULL);
}

/* Errors */

void
lull_media_import_set_read_error (const LullMediaImportKind  *kind,
                                  GError                    **error,
                                  const char                 *display,
                                  const char                 *reason)
{
  g_set_error (error, kind->domain (), kind->not_found_code,
               _("Lull could not read “%s” (%s), so it was not added. Check that the file is "
                 "still there and that you may open it, then try again."),
               display, reason);
}

void
lull_media_import_set_write_error (const LullMediaImportKind  *kind,
                                   GError                    **error,
                                   const char                 *display,
                                   int                         saved_errno)
{
  switch (saved_errno)
    {
    case ENOSPC:
    case EDQUOT:
      g_set_error (error, kind->domain (), kind->failed_code,
                   _("There is not enough room on the disk for “%s”, so it was not added. "
                     "Free some space, then try again."),
                   display);
      break;

    case EFBIG:
      kind->set_error (error, LULL_MEDIA_IMPORT_TOO_LARGE_FOR_DISK, display, NULL);
      break;

    case EROFS:
    case EACCES:
    case EPERM:
      kind->set_error (error, LULL_MEDIA_IMPORT_CANNOT_WRITE, display, g_strerror (saved_errno));
      break;

    default:
      lull_media_import_set_save_error (kind, error, display, g_strerror (saved_errno));
      break;
    }
}

/* A copy that could not be written, for a reason in the system's words. */
void
lull_media_import_set_save_error (const LullMediaImportKind  *kind,
                                  GError                    **error,
                                  const char                 *display,
                                  const char                 *reason)
{
  g_set_error (error, kind->domain (), kind->failed_code,
               _("Lull could not save a copy of “%s” (%s), so it was not added. Check that "
                 "the disk has free space and is not read-only, then try again."),
               display, reason);
}

void
lull_media_import_set_missing_codec_error (const LullMediaImportKind  *kind,
                                           GError                    **error,
                                           const char                 *display,
                                           const char                 *codec)
{
  if (codec != NULL && *codec != '\0')
    g_set_error (error, kind->domain (), kind->unsupported_code,
                 _("“%s” needs a codec that is not installed (%s), so it was not added. "
                   "Install the GStreamer plugins for this kind of file, then try again."),
                 display, codec);
  else
    g_set_error (error, kind->domain (), kind->unsupported_code,
                 _("“%s” needs a codec that is not installed, so it was not added. "
                   "Install the GStreamer plugins for this kind of file, then try again."),
                 display);
}

void
lull_media_import_set_too_slow_error (const LullMediaImportKind  *kind,
                                      GError                    **error,
                                      const char                 *display)
{
  g_set_error (error, kind->domain (), kind->not_found_code,
               _("Lull took too long to read “%s”, so it was not added. Copy it onto this "
                 "computer first, then try again."),
               display);
}

/**
 * lull_media_import_dup_path:
 *
 * Returns: (nullable): @source's local path, or %NULL with a sentence
 *   when it is not on this computer
 */
char *
lull_media_import_dup_path (const LullMediaImportKind  *kind,
                            GFile                      *source,
                            GError                    **error)
{
  char *path = g_file_get_path (source);

  if (path == NULL)
    {
      g_autofree char *basename = g_file_get_basename (source);

      g_set_error (error, kind->domain (), kind->not_found_code,
                   _("Lull can only add files that are on this computer, so “%s” was not "
                     "added. Copy it here first, then try again."),
                   basename != NULL ? basename : "");
    }

  return path;
}

/* Looking and opening */

/**
 * lull_media_import_look:
 * @resolved: (out): the path of what @path leads to
 * @st: (out): what is there
 * @saved_errno: (out): why not, when it returns %FALSE (`ELOOP` for a
 *   link loop)
 *
 * Follows @path's symbolic links one at a time, at most
 * %LULL_FILE_MAX_LINKS deep as lull_file_get_contents() does, and looks
 * at what is at the end without opening it.
 */
gboolean
lull_media_import_look (const char   *path,
                        char        **resolved,
                        struct stat  *st,
                        int          *saved_errno)
{
  g_autofree char *current = g_strdup (path);

  for (guint depth = 0;; depth++)
    {
      char target[PATH_MAX];
      g_autofree char *dir = NULL;
      gssize length;

      if (lstat (current, st) != 0)
        {
          *saved_errno = errno;
          return FALSE;
        }
      if (!S_ISLNK (st->st_mode))
        {
          *resolved = g_steal_pointer (&current);
          return TRUE;
        }
      if (depth == LULL_FILE_MAX_LINKS)
        {
          *saved_errno = ELOOP;
          return FALSE;
        }

      length = readlink (current, target, sizeof target - 1);
      if (length < 0)
        {
          *saved_errno = errno;
          return FALSE;
        }
      target[length] = '\0';

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
    }
}

/**
 * lull_media_import_open:
 * @st: (out): the open file
 *
 * Looked at before it is opened, since a device may act on an open; then
 * opened without waiting (a FIFO swapped in would wait for a writer) and
 * looked at again. Reading goes through this descriptor.
 *
 * Returns: a descriptor of a regular file, or -1 with @error set
 */
int
lull_media_import_open (const LullMediaImportKind  *kind,
                        const char                 *path,
                        const char                 *display,
                        struct stat                *st,
                        GError                    **error)
{
  g_autofree char *resolved = NULL;
  int saved_errno;
  int fd;

  if (!lull_media_import_look (path, &resolved, st, &saved_errno))
    {
      if (saved_errno == ELOOP)
        kind->set_error (error, LULL_MEDIA_IMPORT_LINK_LOOP, display, NULL);
      else
        lull_media_import_set_read_error (kind, error, display, g_strerror (saved_errno));
      return -1;
    }
  if (!S_ISREG (st->st_mode))
    {
      kind->set_error (error, LULL_MEDIA_IMPORT_NOT_REGULAR, display, NULL);
      return -1;
    }

  fd = g_open (resolved, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      /* Swapped for a link since it was looked at. */
      if (saved_errno == ELOOP)
        kind->set_error (error, LULL_MEDIA_IMPORT_NOT_REGULAR, display, NULL);
      else
        lull_media_import_set_read_error (kind, error, display, g_strerror (saved_errno));
      return -1;
    }
  if (fstat (fd, st) != 0 || !S_ISREG (st->st_mode))
    {
      close (fd);
      kind->set_error (error, LULL_MEDIA_IMPORT_NOT_REGULAR, display, NULL);
      return -1;
    }

  return fd;
}

/**
 * lull_media_import_discover:
 * @push: read @path in push mode (`pushfile://`, when GStreamer has it)
 * @result: (out): what the discoverer found, or %GST_DISCOVERER_URI_INVALID
 *   when @path cannot be made a URI (and %NULL is returned)
 *
 * In pull mode, as a player reads, GStreamer 1.22's decodebin drops an
 * error that a demuxer posts while decodebin is still setting it up, so a
 * file that is broken from its first bytes is often only given up on at
 * the discoverer's timeout. In push mode the demuxer sees its first bytes
 * only after that, and the error is always heard; but some formats (Ogg
 * Opus, MP3) then give no length, so only a caller that needs no length
 * asks for it.
 *
 * Blocks for as long as GStreamer reads the file: never call it on the
 * main thread of the app.
 *
 * Returns: (transfer full) (nullable): what GStreamer found in @path
 */
GstDiscovererInfo *
lull_media_import_discover (GstDiscoverer        *discoverer,
                            const char           *path,
                            gboolean              push,
                            GstDiscovererResult  *result,
                            GError              **error)
{
  g_autofree char *file_uri = g_filename_to_uri (path, NULL, error);
  g_autofree char *uri = NULL;
  GstDiscovererInfo *info;

  if (file_uri == NULL)
    {
      *result = GST_DISCOVERER_URI_INVALID;
      return NULL;
    }

  if (push && gst_uri_protocol_is_supported (GST_URI_SRC, "pushfile"))
    uri = g_strconcat ("push", file_uri, NULL);
  else
    uri = g_steal_pointer (&file_uri);

  info = gst_discoverer_discover_uri (discoverer, uri, error);
  *result = info != NULL ? gst_discoverer_info_get_result (info) : GST_DISCOVERER_ERROR;

  return info;
}

/* The copy */

/**
 * lull_media_import_copy_new:
 * @display: the source's name, for sentences
 *
 * Makes the kind's folder if need be (0700) and a hidden temporary file
 * in it (0600, whatever the umask).
 *
 * Returns: (transfer full) (nullable): the copy to write
 */
LullMediaImportCopy *
lull_media_import_copy_new (const LullMediaImportKind  *kind,
                            LullDataRoot               *data_root,
                            const char                 *display,
                            GError                    **error)
{
  g_autoptr(LullMediaImportCopy) copy = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!lull_data_root_ensure_folder (data_root, kind->folder, &local_error))
    {
      if (g_error_matches (local_error, LULL_DATA_ROOT_ERROR, LULL_DATA_ROOT_ERROR_NOT_A_FOLDER))
        kind->set_error (error, LULL_MEDIA_IMPORT_FOLDER_IS_FILE, display, NULL);
      else
        kind->set_error (error, LULL_MEDIA_IMPORT_CANNOT_MAKE_FOLDER, display, NULL);
      g_debug ("%s", local_error->message);
      return NULL;
    }

  copy = g_new0 (LullMediaImportCopy, 1);
  copy->kind = kind;
  copy->display = g_strdup (display);
  copy->folder = lull_data_root_build_filename (data_root, kind->folder, NULL);
  copy->temp = g_build_filename (copy->folder, IMPORT_TEMP_TEMPLATE, NULL);
  copy->fd = g_mkstemp_full (copy->temp, O_RDWR | O_CLOEXEC, 0600);
  if (copy->fd < 0)
    {
      lull_media_import_set_write_error (kind, error, display, errno);
      /* Nothing was made under the template's name. */
      copy->placed = TRUE;
      return NULL;
    }

  if (fchmod (copy->fd, 0600) != 0)
    g_debug ("Could not make %s private: %s", copy->temp, g_strerror (errno));

  return g_steal_pointer (&copy);
}

gboolean
lull_media_import_copy_write (LullMediaImportCopy  *copy,
                              const void           *data,
                              gsize                 length,
                              GError              **error)
{
  const char *bytes = data;

  g_assert (copy->fd >= 0);

  for (gsize done = 0; done < length;)
    {
      gssize written = write (copy->fd, bytes + done, length - done);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        {
          lull_media_import_set_write_error (copy->kind, error, copy->display, errno);
          return FALSE;
        }
      done += written;
    }

  return TRUE;
}

/* Copies the rest of @from, checking @cancellable between blocks. */
gboolean
lull_media_import_copy_splice (LullMediaImportCopy  *copy,
                               int                   from,
                               GCancellable         *cancellable,
                               GError              **error)
{
  g_autofree char *buffer = g_malloc (COPY_BUFFER_BYTES);

  for (;;)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      n = read (from, buffer, COPY_BUFFER_BYTES);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          lull_media_import_set_read_error (copy->kind, error, copy->display, g_strerror (errno));
          return FALSE;
        }
      if (n == 0)
        return TRUE;

      if (!lull_media_import_copy_write (copy, buffer, n, error))
        return FALSE;
    }
}

/* The ways of giving a file a name without replacing another, best
 * first: each fails with EEXIST when the name is taken. */
typedef enum
{
  /* renameat2() with RENAME_NOREPLACE. A rename leaves no deleted
   * temporary file behind, which ext4 is slow to make room for when
   * thousands are imported. */
  PLACE_RENAME_NOREPLACE,
  /* link(), then the temporary name goes. */
  PLACE_LINK,
  /* Where the file system has neither (FAT on a USB stick): look, then
   * rename, which could only lose a race with something else writing
   * the same name into the folder at that moment. */
  PLACE_LOOK_THEN_RENAME,
} PlaceWay;

/* 0 when @temp is now @target, else the errno. */
static int
place_at (const char *temp,
          const char *target,
          PlaceWay    way)
{
  GStatBuf st;

  switch (way)
    {
    case PLACE_RENAME_NOREPLACE:
      return renameat2 (AT_FDCWD, temp, AT_FDCWD, target, RENAME_NOREPLACE) == 0 ? 0 : errno;

    case PLACE_LINK:
      if (link (temp, target) != 0)
        return errno;
      g_unlink (temp);
      return 0;

    case PLACE_LOOK_THEN_RENAME:
    default:
      if (g_lstat (target, &st) == 0)
        return EEXIST;
      return g_rename (temp, target) == 0 ? 0 : errno;
    }
}

/* Whether @saved_errno says the file system does not do @way at all. */
static gboolean
place_unsupported (PlaceWay way,
                   int      saved_errno)
{
  switch (way)
    {
    case PLACE_RENAME_NOREPLACE:
      return saved_errno == EINVAL || saved_errno == ENOSYS || saved_errno == EOPNOTSUPP;

    case PLACE_LINK:
      return saved_errno == EPERM || saved_errno == ENOSYS || saved_errno == EOPNOTSUPP;

    case PLACE_LOOK_THEN_RENAME:
    default:
      return FALSE;
    }
}

/* Gives the finished copy the first free name, never replacing a file. */
static char *
place_copy (LullMediaImportCopy      *copy,
            const char               *stem,
            const char               *extension,
            LullMediaImportNameFunc   name_is_free,
            gpointer                  user_data,
            GError                  **error)
{
  PlaceWay way = PLACE_RENAME_NOREPLACE;

  for (guint attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++)
    {
      g_autofree char *name = candidate_name (stem, extension, attempt);
      g_autofree char *target = NULL;
      int saved_errno;

      if (!name_is_free (name, user_data))
        continue;

      target = g_build_filename (copy->folder, name, NULL);
      while ((saved_errno = place_at (copy->temp, target, way)) != 0
             && place_unsupported (way, saved_errno))
        way++;

      if (saved_errno == 0)
        return g_steal_pointer (&name);
      if (saved_errno != EEXIST)
        {
          lull_media_import_set_write_error (copy->kind, error, copy->display, saved_errno);
          return NULL;
        }
    }

  copy->kind->set_error (error, LULL_MEDIA_IMPORT_NO_FREE_NAME, copy->display, NULL);
  return NULL;
}

/**
 * lull_media_import_copy_finish:
 * @stem: the name's stem, from lull_media_import_safe_name_parts()
 * @extension: the name's extension, or ""
 * @name_is_free: whether the kind may take a name
 *
 * Flushes the copy (a full disk may only say so then) and gives it the
 * first free name: @stem.@extension, then @stem-2.@extension and so on.
 * On failure the temporary file is removed.
 *
 * Returns: (transfer full) (nullable): the copy's file name
 */
char *
lull_media_import_copy_finish (LullMediaImportCopy      *copy,
                               const char               *stem,
                               const char               *extension,
                               LullMediaImportNameFunc   name_is_free,
                               gpointer                  user_data,
                               GError                  **error)
{
  char *name;
  int fd = copy->fd;

  g_assert (fd >= 0);
  copy->fd = -1;

  if (fsync (fd) != 0)
    {
      lull_media_import_set_write_error (copy->kind, error, copy->display, errno);
      close (fd);
      return NULL;
    }
  if (close (fd) != 0)
    {
      lull_media_import_set_write_error (copy->kind, error, copy->display, errno);
      return NULL;
    }

  name = place_copy (copy, stem, extension, name_is_free, user_data, error);
  copy->placed = name != NULL;

  return name;
}

/* Removes the temporary file unless it was given its name. */
void
lull_media_import_copy_free (LullMediaImportCopy *copy)
{
  if (copy->fd >= 0)
    close (copy->fd);
  if (!copy->placed)
    g_unlink (copy->temp);

  g_free (copy->display);
  g_free (copy->folder);
  g_free (copy->temp);
  g_free (copy);
}
