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
#define ROUTINE_GROUP   "Routine"

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

/* Whether a routine listed gives @value through @get: its id or name. */
static gboolean
is_listed (GListModel  *routines,
           const char *(*get) (LullRoutine *routine),
           const char  *value)
{
  for (guint i = 0; i < g_list_model_get_n_items (routines); i++)
    {
      g_autoptr(LullRoutine) routine = g_list_model_get_item (routines, i);

      if (g_strcmp0 (get (routine), value) == 0)
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

  if (!is_listed (routines, lull_routine_get_id, base))
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
      if (!is_listed (routines, lull_routine_get_id, id))
        return g_steal_pointer (&id);
    }
}

/* “NAME (copy)”, or “NAME (copy 2)”… for @number 2 on; NAME cut so that
 * the whole fits. */
static char *
copy_name_of (const char *name,
              guint       number)
{
  g_autofree char *copy_name = NULL;

  for (glong keep = g_utf8_strlen (name, -1); ; keep--)
    {
      g_autofree char *short_name = g_utf8_substring (name, 0, keep);

      g_free (copy_name);
      if (number < 2)
        /* Translators: the name of a copy of a routine */
        copy_name = g_strdup_printf (_("%s (copy)"), short_name);
      else
        /* Translators: the name of a further copy of a routine; %u is 2, 3… */
        copy_name = g_strdup_printf (_("%s (copy %u)"), short_name, number);
      if (keep == 0 || g_utf8_strlen (copy_name, -1) <= LULL_ROUTINE_MAX_NAME_CHARS)
        return g_steal_pointer (&copy_name);
    }
}

/**
 * lull_routine_store_get_shown:
 *
 * Returns: (transfer full): the text the parent sees for @key: the
 *   translation for her language when the file has one, as written; ""
 *   when there is none
 */
char *
lull_routine_store_get_shown (GKeyFile   *keyfile,
                              const char *group,
                              const char *key)
{
  char *value = g_key_file_get_locale_string (keyfile, group, key, NULL, NULL);

  return value != NULL ? value : g_strdup ("");
}

/**
 * lull_routine_store_set_shown:
 *
 * Sets the variant of @key that the parent sees (see
 * lull_routine_store_get_shown()); the other translations stay.
 */
void
lull_routine_store_set_shown (GKeyFile   *keyfile,
                              const char *group,
                              const char *key,
                              const char *value)
{
  g_autofree char *locale = g_key_file_get_locale_for_key (keyfile, group, key, NULL);

  if (locale != NULL)
    g_key_file_set_locale_string (keyfile, group, key, locale, value);
  else
    g_key_file_set_string (keyfile, group, key, value);
}

/**
 * lull_routine_store_unique_name:
 * @routines: (element-type LullRoutine): the routines listed
 * @keyfile: a routine to be added beside them
 *
 * When a routine listed has the name that @keyfile shows, that name
 * becomes “NAME (copy)”, or “NAME (copy 2)”… whichever is free, so that
 * the parent can tell the two apart: for a duplicate, and for a routine
 * imported beside one of the same name. When the name shown is a
 * translation, the untranslated name gets the same mark: a copy shared
 * with a Lull in another language must not look like the original there.
 * Other translations stay as they are.
 */
void
lull_routine_store_unique_name (GListModel *routines,
                                GKeyFile   *keyfile)
{
  g_autofree char *name = NULL;
  g_autofree char *locale = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *copy_name = NULL;
  guint number = 1;

  g_return_if_fail (G_IS_LIST_MODEL (routines));
  g_return_if_fail (keyfile != NULL);

  name = lull_routine_store_get_shown (keyfile, ROUTINE_GROUP, "name");
  g_strstrip (name);
  if (!is_listed (routines, lull_routine_get_name, name))
    return;

  for (;; number++)
    {
      copy_name = copy_name_of (name, number);
      if (!is_listed (routines, lull_routine_get_name, copy_name))
        break;
      g_clear_pointer (&copy_name, g_free);
    }
  lull_routine_store_set_shown (keyfile, ROUTINE_GROUP, "name", copy_name);

  locale = g_key_file_get_locale_for_key (keyfile, ROUTINE_GROUP, "name", NULL);
  plain = locale != NULL ? g_key_file_get_string (keyfile, ROUTINE_GROUP, "name", NULL) : NULL;
  if (plain != NULL)
    {
      g_autofree char *plain_copy = copy_name_of (g_strstrip (plain), number);

      g_key_file_set_string (keyfile, ROUTINE_GROUP, "name", plain_copy);
    }
}
