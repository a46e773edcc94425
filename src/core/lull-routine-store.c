/* lull-routine-store.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "lull-file.h"
#include "lull-routine-store.h"

#define ROUTINES_FOLDER "routines"
#define SUFFIX          ".lullroutine"
#define MAX_ID_BYTES    64

static gboolean
file_name_is_safe (const char *file_name)
{
  return file_name[0] != '\0' && file_name[0] != '.'
         && strchr (file_name, '/') == NULL
         && g_str_has_suffix (file_name, SUFFIX);
}

/* A name from the folder that the store would not write (a hidden file,
 * a path): refused in words, as it came from disk, not from a caller's
 * mistake. */
static gboolean
check_file_name (const char  *file_name,
                 GError     **error)
{
  g_autofree char *display = NULL;

  if (file_name_is_safe (file_name))
    return TRUE;

  display = g_filename_display_name (file_name);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
               _("“%s” is not the name of a routine file Lull keeps, so Lull leaves it as it "
                 "is."), display);
  return FALSE;
}

/* "ID.lullroutine", or "ID-2.lullroutine"… when that is taken. */
static char *
free_file_name (const char *folder,
                const char *id)
{
  for (guint n = 1; ; n++)
    {
      g_autofree char *name = n == 1 ? g_strconcat (id, SUFFIX, NULL)
                                     : g_strdup_printf ("%s-%u%s", id, n, SUFFIX);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        return g_steal_pointer (&name);
    }
}

/**
 * lull_routine_store_save:
 * @data_root: where
 * @keyfile: the routine; it must load (lull_routine_check_keyfile())
 * @file_name: (nullable): the file to replace, as
 *   lull_routine_get_file_name() gives it; %NULL for a new file, named
 *   after the routine's id
 * @error: a #LULL_ROUTINE_ERROR when @keyfile would not load; a
 *   #G_FILE_ERROR or #LULL_DATA_ROOT_ERROR when it cannot be written
 *
 * Writes the routine whole or not at all (a file beside it, renamed over
 * the old one), private to the parent (0600).
 *
 * Returns: (transfer full) (nullable): the file name written
 */
char *
lull_routine_store_save (LullDataRoot  *data_root,
                         GKeyFile      *keyfile,
                         const char    *file_name,
                         GError       **error)
{
  g_autoptr(LullRoutine) routine = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (LULL_IS_DATA_ROOT (data_root), NULL);
  g_return_val_if_fail (keyfile != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (file_name != NULL && !check_file_name (file_name, error))
    return NULL;

  /* Nothing that would not load again is written. */
  routine = lull_routine_new_from_keyfile (keyfile, NULL, error);
  if (routine == NULL)
    return NULL;

  if (!lull_data_root_ensure_folder (data_root, ROUTINES_FOLDER, error))
    return NULL;

  folder = lull_data_root_build_filename (data_root, ROUTINES_FOLDER, NULL);
  name = file_name != NULL ? g_strdup (file_name)
                           : free_file_name (folder, lull_routine_get_id (routine));
  path = g_build_filename (folder, name, NULL);

  if (!lull_file_save_key_file (path, keyfile, error))
    return NULL;

  return g_steal_pointer (&name);
}

/**
 * lull_routine_store_remove:
 * @file_name: as lull_routine_get_file_name() gives it
 *
 * Deletes one of the parent's routine files. A file already gone is no
 * error.
 */
gboolean
lull_routine_store_remove (LullDataRoot  *data_root,
                           const char    *file_name,
                           GError       **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (LULL_IS_DATA_ROOT (data_root), FALSE);
  g_return_val_if_fail (file_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_file_name (file_name, error))
    return FALSE;

  path = lull_data_root_build_filename (data_root, ROUTINES_FOLDER, file_name, NULL);
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (file_name);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("The routine file “%s” could not be deleted: %s."),
                   display, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static gboolean
id_is_listed (GListModel *routines,
              const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (routines); i++)
    {
      g_autoptr(LullRoutine) routine = g_list_model_get_item (routines, i);

      if (g_strcmp0 (lull_routine_get_id (routine), id) == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * lull_routine_store_unique_id:
 * @routines: (element-type LullRoutine): the routines listed
 * @base: a valid routine id
 *
 * Returns: (transfer full): @base when no routine has it, or else
 *   `BASE-2`, `BASE-3`… (shortened to fit the 64 bytes an id may have)
 */
char *
lull_routine_store_unique_id (GListModel *routines,
                              const char *base)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (routines), NULL);
  g_return_val_if_fail (base != NULL && base[0] != '\0', NULL);

  if (!id_is_listed (routines, base))
    return g_strdup (base);

  for (guint n = 2; ; n++)
    {
      g_autofree char *suffix = g_strdup_printf ("-%u", n);
      gsize keep = MIN (strlen (base), MAX_ID_BYTES - strlen (suffix));
      g_autofree char *stem = g_strndup (base, keep);
      g_autofree char *id = NULL;

      /* No "--2" from a stem cut just after a hyphen. */
      while (keep > 1 && stem[keep - 1] == '-')
        stem[--keep] = '\0';
      id = g_strconcat (stem, suffix, NULL);
      if (!id_is_listed (routines, id))
        return g_steal_pointer (&id);
    }
}
