/* lull-traces.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lull-file.h"
#include "lull-portable-guide.h"
#include "lull-traces.h"

/* Forget This Computer: what a portable Lull could have left outside its
 * folder on a shared computer, found and removed, and the folder itself
 * deleted on request. Portable mode writes nothing outside the folder, so
 * these are the things that would slip past it: a library cache written
 * before the folder took over, a recently-used entry or a thumbnail made
 * by the desktop for a file in the folder, an autostart entry. Deleting
 * the folder is guarded hard: only a folder that holds nothing but Lull's
 * own files, never the home folder or the root, never across a link or
 * into another disk mounted inside it. */

G_DEFINE_QUARK (lull-traces-error-quark, lull_traces_error)

/* Thumbnail sizes of the freedesktop.org thumbnail specification. */
static const char * const thumbnail_sizes[] = { "normal", "large", "x-large", "xx-large" };

/* Everything Lull puts at the top of its data root (see
 * docs/data-root.md). */
static const char * const data_root_names[] = {
  "history", "routines", "audio", "photos", "recordings", "cache", "quarantine",
  "settings.ini", "tracks.ini", "sound-choices.ini", "photos.ini", "checkpoint.ini",
  ".lock", LULL_PORTABLE_README, LULL_PORTABLE_SCRIPT, LULL_PORTABLE_LAUNCHER,
};

LullTracePlaces *
lull_trace_places_new (const char *home,
                       const char *cache_home,
                       const char *config_home,
                       const char *data_home)
{
  LullTracePlaces *places = g_new0 (LullTracePlaces, 1);

  places->home = g_strdup (home);
  places->cache_home = g_strdup (cache_home);
  places->config_home = g_strdup (config_home);
  places->data_home = g_strdup (data_home);

  return places;
}

static char *
base_dir (const char *variable,
          const char *home,
          const char *fallback)
{
  const char *value = g_getenv (variable);

  if (value != NULL && g_path_is_absolute (value))
    return g_strdup (value);
  return g_build_filename (home, fallback, NULL);
}

/**
 * lull_trace_places_new_from_environment:
 *
 * The base folders as the environment names them now. GLib keeps its own
 * answers from their first use, so they are read here, before portable
 * mode changes XDG_CACHE_HOME.
 */
LullTracePlaces *
lull_trace_places_new_from_environment (void)
{
  const char *home = g_getenv ("HOME");
  g_autofree char *cache = NULL;
  g_autofree char *config = NULL;
  g_autofree char *data = NULL;

  if (home == NULL || !g_path_is_absolute (home))
    home = g_get_home_dir ();
  cache = base_dir ("XDG_CACHE_HOME", home, ".cache");
  config = base_dir ("XDG_CONFIG_HOME", home, ".config");
  data = base_dir ("XDG_DATA_HOME", home, ".local/share");

  return lull_trace_places_new (home, cache, config, data);
}

void
lull_trace_places_free (LullTracePlaces *places)
{
  if (places == NULL)
    return;

  g_free (places->home);
  g_free (places->cache_home);
  g_free (places->config_home);
  g_free (places->data_home);
  g_free (places);
}

static LullTrace *
trace_new (LullTraceKind  kind,
           const char    *location)
{
  LullTrace *trace = g_new0 (LullTrace, 1);

  trace->kind = kind;
  trace->location = g_strdup (location);
  trace->items = g_ptr_array_new_with_free_func (g_free);

  return trace;
}

void
lull_trace_free (LullTrace *trace)
{
  if (trace == NULL)
    return;

  g_free (trace->location);
  g_ptr_array_unref (trace->items);
  g_free (trace);
}

/**
 * lull_trace_describe:
 *
 * Returns: (transfer full): a line for the parent, naming the place
 */
char *
lull_trace_describe (LullTrace *trace)
{
  g_autofree char *where = g_filename_display_name (trace->location);

  switch (trace->kind)
    {
    case LULL_TRACE_REGISTRY:
      return g_strdup_printf (_("GStreamer’s list of sound plug-ins, in “%s” (programs that "
                                "need it make it again)"),
                              where);

    case LULL_TRACE_RECENT:
      return g_strdup_printf (ngettext ("%u entry naming a file in the Lull folder, in the "
                                        "list of recently used files “%s”",
                                        "%u entries naming files in the Lull folder, in the "
                                        "list of recently used files “%s”",
                                        trace->items->len),
                              trace->items->len, where);

    case LULL_TRACE_THUMBNAILS:
      return g_strdup_printf (ngettext ("%u thumbnail of a file in the Lull folder, in “%s”",
                                        "%u thumbnails of files in the Lull folder, in “%s”",
                                        trace->items->len),
                              trace->items->len, where);

    case LULL_TRACE_AUTOSTART:
      return g_strdup_printf (_("Lull’s entry for starting at login, “%s”"), where);

    default:
      g_assert_not_reached ();
    }
}

static gboolean
is_inside (const char *path,
           const char *folder)
{
  gsize length = strlen (folder);

  return strncmp (path, folder, length) == 0 && (path[length] == '/' || path[length] == '\0');
}

static void
find_files_below (const char *folder,
                  const char *skip,
                  GPtrArray  *files)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      GStatBuf st;

      if (g_strcmp0 (path, skip) == 0 || g_lstat (path, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        find_files_below (path, skip, files);
      else if (S_ISREG (st.st_mode))
        g_ptr_array_add (files, g_steal_pointer (&path));
    }
}

static void
add_if_present (LullTrace  *trace,
                const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) == 0 && !S_ISDIR (st.st_mode))
    g_ptr_array_add (trace->items, g_strdup (path));
}

static gboolean
autostart_starts_root (const char *path,
                       const char *data_root)
{
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  g_autofree char *exec = NULL;
  g_auto(GStrv) argv = NULL;

  if (!lull_file_load_key_file (path, 64 * 1024, entry, NULL))
    return FALSE;
  exec = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC,
                                NULL);
  if (exec == NULL || !g_shell_parse_argv (exec, NULL, &argv, NULL))
    return FALSE;

  for (guint i = 0; argv[i] != NULL; i++)
    {
      g_autofree char *dir = NULL;

      if (g_str_has_prefix (argv[i], "--data-dir="))
        dir = g_strdup (argv[i] + strlen ("--data-dir="));
      else if (g_str_equal (argv[i], "--data-dir") && argv[i + 1] != NULL)
        dir = g_strdup (argv[i + 1]);
      if (dir != NULL)
        {
          g_autofree char *canonical = g_canonicalize_filename (dir, NULL);
          g_autofree char *root = g_canonicalize_filename (data_root, NULL);

          return g_str_equal (canonical, root);
        }
    }

  return FALSE;
}

static LullTrace *
find_thumbnails (LullTracePlaces *places,
                 const char      *data_root)
{
  g_autofree char *thumbnails = g_build_filename (places->cache_home, "thumbnails", NULL);
  g_autofree char *fail = g_build_filename (thumbnails, "fail", NULL);
  g_autofree char *own_cache = g_build_filename (data_root, "cache", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) failed = NULL;
  LullTrace *trace = trace_new (LULL_TRACE_THUMBNAILS, thumbnails);
  const char *name;

  if (!g_file_test (thumbnails, G_FILE_TEST_IS_DIR))
    return trace;

  for (guint i = 0; i < G_N_ELEMENTS (thumbnail_sizes); i++)
    g_ptr_array_add (folders, g_build_filename (thumbnails, thumbnail_sizes[i], NULL));
  /* fail/ has a folder for each program that could not make one. */
  failed = g_dir_open (fail, 0, NULL);
  while (failed != NULL && (name = g_dir_read_name (failed)) != NULL)
    g_ptr_array_add (folders, g_build_filename (fail, name, NULL));

  /* Lull's own thumbnails live in its cache/, never named by URI. */
  find_files_below (data_root, own_cache, files);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *uri = g_filename_to_uri (g_ptr_array_index (files, i), NULL, NULL);
      g_autofree char *md5 = NULL;
      g_autofree char *png = NULL;

      if (uri == NULL)
        continue;
      md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, uri, -1);
      png = g_strconcat (md5, ".png", NULL);
      for (guint j = 0; j < folders->len; j++)
        {
          g_autofree char *path = g_build_filename (g_ptr_array_index (folders, j), png, NULL);

          add_if_present (trace, path);
        }
    }

  return trace;
}

static LullTrace *
find_recent (LullTracePlaces *places,
             const char      *data_root)
{
  g_autofree char *path = g_build_filename (places->data_home, "recently-used.xbel", NULL);
  g_autoptr(GBookmarkFile) bookmarks = g_bookmark_file_new ();
  g_auto(GStrv) uris = NULL;
  LullTrace *trace = trace_new (LULL_TRACE_RECENT, path);

  if (!g_bookmark_file_load_from_file (bookmarks, path, NULL))
    return trace;

  uris = g_bookmark_file_get_uris (bookmarks, NULL);
  for (guint i = 0; uris[i] != NULL; i++)
    {
      g_autofree char *filename = g_filename_from_uri (uris[i], NULL, NULL);

      if (filename != NULL && is_inside (filename, data_root))
        g_ptr_array_add (trace->items, g_strdup (uris[i]));
    }

  return trace;
}

static LullTrace *
find_registry (LullTracePlaces *places)
{
  g_autofree char *folder = g_build_filename (places->cache_home, "gstreamer-1.0", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  LullTrace *trace = trace_new (LULL_TRACE_REGISTRY, folder);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "registry.") && g_str_has_suffix (name, ".bin"))
      {
        g_autofree char *path = g_build_filename (folder, name, NULL);

        add_if_present (trace, path);
      }

  return trace;
}

static void
keep_if_found (GPtrArray *traces,
               LullTrace *trace)
{
  if (trace->items->len > 0)
    g_ptr_array_add (traces, trace);
  else
    lull_trace_free (trace);
}

/**
 * lull_traces_find:
 * @places: the base folders as they were before portable mode
 * @data_root: the portable folder, an absolute path
 * @app_id: the application id, which names the autostart entry
 *
 * Looks only: nothing is changed.
 *
 * Returns: (transfer full) (element-type LullTrace): what was found
 */
GPtrArray *
lull_traces_find (LullTracePlaces *places,
                  const char      *data_root,
                  const char      *app_id)
{
  GPtrArray *traces = g_ptr_array_new_with_free_func ((GDestroyNotify)lull_trace_free);
  g_autofree char *autostart_name = g_strconcat (app_id, ".desktop", NULL);
  g_autofree char *autostart = g_build_filename (places->config_home, "autostart",
                                                 autostart_name, NULL);
  LullTrace *trace;

  g_return_val_if_fail (places != NULL, traces);
  g_return_val_if_fail (g_path_is_absolute (data_root), traces);

  keep_if_found (traces, find_registry (places));
  keep_if_found (traces, find_recent (places, data_root));
  keep_if_found (traces, find_thumbnails (places, data_root));

  /* A portable Lull writes no autostart entry; one there that does not
   * start this folder belongs to a Lull installed for the account (the
   * computer's owner, another parent), and stays. */
  trace = trace_new (LULL_TRACE_AUTOSTART, autostart);
  if (autostart_starts_root (autostart, data_root))
    add_if_present (trace, autostart);
  keep_if_found (traces, trace);

  return traces;
}

static gboolean
remove_recent (LullTrace *trace,
               GError   **error)
{
  g_autoptr(GBookmarkFile) bookmarks = g_bookmark_file_new ();

  if (!g_bookmark_file_load_from_file (bookmarks, trace->location, error))
    return FALSE;

  for (guint i = 0; i < trace->items->len; i++)
    g_bookmark_file_remove_item (bookmarks, g_ptr_array_index (trace->items, i), NULL);

  return g_bookmark_file_to_file (bookmarks, trace->location, error);
}

/**
 * lull_traces_remove:
 * @traces: (element-type LullTrace): from lull_traces_find()
 * @failures: (element-type utf8): gets a sentence for each place that
 *   could not be cleared
 *
 * Returns: %TRUE when everything was removed
 */
gboolean
lull_traces_remove (GPtrArray *traces,
                    GPtrArray *failures)
{
  gboolean all = TRUE;

  for (guint i = 0; i < traces->len; i++)
    {
      LullTrace *trace = g_ptr_array_index (traces, i);
      g_autoptr(GError) error = NULL;
      int saved_errno = 0;

      if (trace->kind == LULL_TRACE_RECENT)
        {
          if (remove_recent (trace, &error))
            continue;
        }
      else
        {
          for (guint j = 0; j < trace->items->len; j++)
            if (g_unlink (g_ptr_array_index (trace->items, j)) != 0 && errno != ENOENT)
              saved_errno = errno;
          if (saved_errno == 0)
            continue;
        }

      all = FALSE;
      {
        g_autofree char *where = g_filename_display_name (trace->location);

        g_ptr_array_add (failures,
                         g_strdup_printf (_("Lull could not clear “%s” (%s)."), where,
                                          error != NULL ? error->message
                                                        : g_strerror (saved_errno)));
      }
    }

  return all;
}

/**
 * lull_traces_count_files:
 *
 * Returns: the regular files directly in @folder that are not hidden
 */
guint
lull_traces_count_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint count = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      GStatBuf st;

      if (name[0] != '.' && g_lstat (path, &st) == 0 && S_ISREG (st.st_mode))
        count++;
    }

  return count;
}

static gboolean
is_data_root_name (const char *name)
{
  /* Leftovers of atomic writes cut short: "settings.ini.4F3G2A" and
   * GIO's ".goutputstream-XXXXXX", and the start-up probe. */
  if (g_str_has_prefix (name, ".goutputstream-") || g_str_has_prefix (name, ".lull-probe-"))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (data_root_names); i++)
    {
      gsize length = strlen (data_root_names[i]);

      if (strncmp (name, data_root_names[i], length) == 0
          && (name[length] == '\0' || (name[length] == '.' && strchr (data_root_names[i], '.'))))
        return TRUE;
    }

  return FALSE;
}

/**
 * lull_traces_check_data_root:
 * @data_root: the folder to delete, an absolute path
 * @home: the home folder
 *
 * The rules a folder must meet before Forget This Computer deletes it: a
 * real folder (not a link), neither the root nor the home folder nor one
 * that holds it, with Lull's lock file, and nothing at its top that is not
 * Lull's. A folder named by mistake, say `--data-dir ~/Documents`, is
 * never emptied.
 */
gboolean
lull_traces_check_data_root (const char  *data_root,
                             const char  *home,
                             GError     **error)
{
  g_autofree char *canonical = NULL;
  g_autofree char *canonical_home = NULL;
  g_autofree char *real = NULL;
  g_autofree char *real_home = NULL;
  g_autofree char *display = NULL;
  g_autofree char *lock = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  GStatBuf st;

  g_return_val_if_fail (data_root != NULL, FALSE);
  g_return_val_if_fail (home != NULL, FALSE);

  display = g_filename_display_name (data_root);
  canonical = g_canonicalize_filename (data_root, "/");
  canonical_home = g_canonicalize_filename (home, "/");
  /* Links on the way count too: /tmp/l/user with /tmp/l pointing to
   * /home names a home folder. */
  real = realpath (data_root, NULL);
  real_home = realpath (home, NULL);

  if (!g_path_is_absolute (data_root) || !g_str_equal (canonical, data_root)
      || g_str_equal (canonical, "/") || is_inside (canonical_home, canonical)
      || (real != NULL && (g_str_equal (real, "/")
                           || is_inside (real_home != NULL ? real_home : canonical_home, real))))
    {
      g_set_error (error, LULL_TRACES_ERROR, LULL_TRACES_ERROR_UNSAFE,
                   _("Lull did not delete “%s”: it is the home folder, the whole disk or a "
                     "folder that holds them."),
                   display);
      return FALSE;
    }

  lock = g_build_filename (data_root, ".lock", NULL);
  if (g_lstat (data_root, &st) != 0 || !S_ISDIR (st.st_mode)
      || g_lstat (lock, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, LULL_TRACES_ERROR, LULL_TRACES_ERROR_UNSAFE,
                   _("Lull did not delete “%s”: it is not a folder Lull keeps its data in."),
                   display);
      return FALSE;
    }

  dir = g_dir_open (data_root, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (!is_data_root_name (name))
      {
        g_autofree char *display_name = g_filename_display_name (name);

        g_set_error (error, LULL_TRACES_ERROR, LULL_TRACES_ERROR_UNSAFE,
                     _("Lull did not delete “%s”: it also holds “%s”, which is not Lull’s. "
                       "Move what you want to keep, then delete the folder yourself."),
                     display, display_name);
        return FALSE;
      }

  return TRUE;
}

/* Deletes what is inside the folder open as @dir_fd. Names are read
 * first and deleted after, links are removed and never followed, and a
 * folder on another device (a disk mounted inside) is left alone. */
static gboolean
delete_contents (int     dir_fd,
                 dev_t   device,
                 int    *failed_errno)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  struct dirent *entry;
  DIR *dir;
  int fd;

  fd = dup (dir_fd);
  dir = fd >= 0 ? fdopendir (fd) : NULL;
  if (dir == NULL)
    {
      *failed_errno = errno;
      if (fd >= 0)
        close (fd);
      return FALSE;
    }
  while ((entry = readdir (dir)) != NULL)
    if (!g_str_equal (entry->d_name, ".") && !g_str_equal (entry->d_name, ".."))
      g_ptr_array_add (names, g_strdup (entry->d_name));
  closedir (dir);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      struct stat st;

      if (fstatat (dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        {
          if (errno != ENOENT)
            *failed_errno = errno;
          continue;
        }

      if (S_ISDIR (st.st_mode))
        {
          int child;

          if (st.st_dev != device)
            {
              *failed_errno = EXDEV;
              continue;
            }
          child = openat (dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
          if (child < 0)
            {
              *failed_errno = errno;
              continue;
            }
          delete_contents (child, device, failed_errno);
          close (child);
          if (unlinkat (dir_fd, name, AT_REMOVEDIR) != 0)
            *failed_errno = errno;
        }
      else if (unlinkat (dir_fd, name, 0) != 0)
        *failed_errno = errno;
    }

  return *failed_errno == 0;
}

/**
 * lull_traces_delete_data_root:
 *
 * Deletes @data_root and everything in it, once lull_traces_check_data_root()
 * agrees. Whatever can be deleted is; the error says what was left.
 */
gboolean
lull_traces_delete_data_root (const char  *data_root,
                              const char  *home,
                              GError     **error)
{
  g_autofree char *display = NULL;
  struct stat st;
  int failed_errno = 0;
  int fd;

  if (!lull_traces_check_data_root (data_root, home, error))
    return FALSE;

  fd = g_open (data_root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    failed_errno = errno;
  else
    delete_contents (fd, st.st_dev, &failed_errno);
  if (fd >= 0)
    close (fd);

  if (failed_errno == 0 && g_rmdir (data_root) != 0)
    failed_errno = errno;

  if (failed_errno == 0)
    return TRUE;

  display = g_filename_display_name (data_root);
  g_set_error (error, LULL_TRACES_ERROR, LULL_TRACES_ERROR_FAILED,
               _("Lull could not delete everything in “%s” (%s). What is left can be "
                 "deleted by hand."),
               display, g_strerror (failed_errno));
  return FALSE;
}
