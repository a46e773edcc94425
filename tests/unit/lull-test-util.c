/* lull-test-util.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "lull-test-util.h"

/* What several unit tests (and the history fuzzer) need alike: a private
 * scratch folder, a look at the modes Lull gives its files, and a few
 * checks on keyfiles. */

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

/* The permission bits only, to compare with 0600 and 0700. */
guint
lull_test_mode_of (const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  return buf.st_mode & 0777;
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
