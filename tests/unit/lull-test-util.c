/* lull-test-util.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lull-test-util.h"

/* What several unit and media tests (and the history fuzzer) need alike:
 * a private scratch folder and the files in it, a look at the modes Lull
 * gives its files, and a few checks on keyfiles. */

/**
 * lull_test_make_tmp_dir:
 * @tmpl: a g_dir_make_tmp() template, such as `lull-history-XXXXXX`
 *
 * Returns: (transfer full): the path of a new, empty folder; remove it
 *   with lull_test_remove_tree()
 */
char *
lull_test_make_tmp_dir (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *path;

  path = g_dir_make_tmp (tmpl, &error);
  g_assert_no_error (error);

  return path;
}

/* Whatever a test left in it: quarantined files, a month file where a
 * folder was expected, a half-written checkpoint. */
void
lull_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      lull_test_remove_tree (child);
    }

  g_rmdir (path);
}

/**
 * lull_test_data_root_init:
 * @data: where to keep it
 * @tmpl: a g_dir_make_tmp() template for the scratch folder
 *
 * Sets up a data root in a new scratch folder; end it with
 * lull_test_data_root_clear().
 */
void
lull_test_data_root_init (LullTestDataRoot *data,
                          const char       *tmpl)
{
  data->tmp = lull_test_make_tmp_dir (tmpl);
  data->path = g_build_filename (data->tmp, "lull", NULL);
  data->quarantine = g_build_filename (data->path, "quarantine", NULL);
  data->root = lull_data_root_new (data->path);
}

/* Nothing may hold the data root any more; the scratch folder goes, with
 * whatever the test left in it. */
void
lull_test_data_root_clear (LullTestDataRoot *data)
{
  g_assert_finalize_object (g_steal_pointer (&data->root));
  lull_test_remove_tree (data->tmp);
  g_clear_pointer (&data->quarantine, g_free);
  g_clear_pointer (&data->path, g_free);
  g_clear_pointer (&data->tmp, g_free);
}

/* A built-in routine's file in the source tree, such as desk-quick's. */
char *
lull_test_builtin_routine_path (const char *id)
{
  g_autofree char *name = g_strconcat (id, ".lullroutine", NULL);

  return g_test_build_filename (G_TEST_DIST, "..", "data", "routines", name, NULL);
}

/* The whole file, which must be there. */
char *
lull_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

/* Writes @length bytes of @contents (-1: up to its NUL) to @path, making
 * the folder it goes in first (0700), when it is not there yet. */
void
lull_test_write_file (const char *path,
                      const char *contents,
                      gssize      length)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in the folder, hidden ones too, sorted and joined by spaces;
 * "" when it has none or does not exist. */
char *
lull_test_list_folder (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return g_strdup ("");

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

/* The folder holds exactly the names @expected lists, as
 * lull_test_list_folder() writes them. */
void
lull_test_assert_listing (const char *folder,
                          const char *expected)
{
  g_autofree char *listing = lull_test_list_folder (folder);

  /* The assertion below does not name the folder; say which it was. */
  if (g_strcmp0 (listing, expected) != 0)
    g_test_message ("listing %s", folder);
  g_assert_cmpstr (listing, ==, expected);
}

/* The permission bits only, to compare with 0600 and 0700. */
guint
lull_test_mode_of (const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  return buf.st_mode & 0777;
}

/* How many entries @folder holds, hidden ones too; 0 when it is not
 * there. */
guint
lull_test_count_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint count = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    count++;

  return count;
}

/* The keyfile at @path, which must be one; comments kept. */
GKeyFile *
lull_test_load_keyfile (const char *path)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_key_file_load_from_file (keyfile, path, G_KEY_FILE_KEEP_COMMENTS, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&keyfile);
}

/* Compares the raw, still escaped value: what is on disk, byte for byte. */
void
lull_test_assert_key_value (GKeyFile   *keyfile,
                            const char *group,
                            const char *key,
                            const char *expected)
{
  g_autofree char *value = g_key_file_get_value (keyfile, group, key, NULL);

  /* The assertion below names neither; say which key it was. */
  if (g_strcmp0 (value, expected) != 0)
    g_test_message ("[%s] %s", group, key);
  g_assert_cmpstr (value, ==, expected);
}

/* The group a record writes, alone, as a history month would hold it. */
char *
lull_test_record_to_text (LullRecord *record)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();

  lull_record_write_to_keyfile (record, keyfile);
  return g_key_file_to_data (keyfile, NULL, NULL);
}

/* A `notify` handler that counts into @count. */
void
lull_test_count_notify (GObject    *object,
                        GParamSpec *pspec,
                        guint      *count)
{
  (*count)++;
}
