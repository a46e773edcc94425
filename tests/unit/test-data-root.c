/* test-data-root.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>

#include "lull-data-root.h"
#include "lull-test-util.h"

typedef struct
{
  char *tmp;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->tmp = lull_test_make_tmp_dir ("lull-data-root-XXXXXX");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  lull_test_remove_tree (fixture->tmp);
  g_free (fixture->tmp);
}

static void
test_creates_private_folder (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->tmp, "nested", "lull", NULL);
  g_autoptr(LullDataRoot) root = lull_data_root_new (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;

  g_assert_true (lull_data_root_get_portable (root));
  g_assert_cmpstr (lull_data_root_get_path (root), ==, path);

  g_assert_true (lull_data_root_prepare (root, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (lull_test_mode_of (path), ==, 0700);

  /* The write probe leaves nothing behind. */
  dir = g_dir_open (path, 0, NULL);
  g_assert_null (g_dir_read_name (dir));

  g_assert_finalize_object (g_steal_pointer (&root));
}

static void
test_tightens_loose_folders (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->tmp, "copied", NULL);
  g_autofree char *history = g_build_filename (path, "history", NULL);
  g_autofree char *other = g_build_filename (path, "not-ours", NULL);
  g_autoptr(LullDataRoot) root = lull_data_root_new (path);
  g_autoptr(GError) error = NULL;

  /* As a copy from a USB stick or an archive might leave it. */
  g_assert_cmpint (g_mkdir_with_parents (history, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (other, 0755), ==, 0);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  g_assert_cmpint (g_chmod (history, 0777), ==, 0);

  g_assert_true (lull_data_root_prepare (root, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lull_test_mode_of (path), ==, 0700);
  g_assert_cmpuint (lull_test_mode_of (history), ==, 0700);
  /* A folder that is not Lull's own is left as it is. */
  g_assert_cmpuint (lull_test_mode_of (other), ==, 0755);
}

static void
test_relative_path_made_absolute (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(LullDataRoot) root = lull_data_root_new ("some/where");

  g_assert_true (g_path_is_absolute (lull_data_root_get_path (root)));
  g_assert_true (g_str_has_suffix (lull_data_root_get_path (root), "/some/where"));
}

static void
test_default_follows_xdg (void)
{
  g_autoptr(LullDataRoot) root = lull_data_root_new_default ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "lull", NULL);

  g_assert_false (lull_data_root_get_portable (root));
  g_assert_cmpstr (lull_data_root_get_path (root), ==, expected);
}

static void
test_file_is_not_a_folder (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->tmp, "a-file", NULL);
  g_autoptr(LullDataRoot) root = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "x", 1, NULL));
  root = lull_data_root_new (path);

  g_assert_false (lull_data_root_prepare (root, &error));
  g_assert_error (error, LULL_DATA_ROOT_ERROR, LULL_DATA_ROOT_ERROR_NOT_A_FOLDER);
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_cannot_create_below_a_file (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fixture->tmp, "a-file", NULL);
  g_autofree char *path = g_build_filename (file, "lull", NULL);
  g_autoptr(LullDataRoot) root = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  root = lull_data_root_new (path);

  g_assert_false (lull_data_root_prepare (root, &error));
  g_assert_error (error, LULL_DATA_ROOT_ERROR, LULL_DATA_ROOT_ERROR_CANNOT_CREATE);
}

static void
test_quarantine_keeps_the_file (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(LullDataRoot) root = lull_data_root_new (fixture->tmp);
  g_autofree char *damaged = g_build_filename (fixture->tmp, "settings.ini", NULL);
  g_autofree char *moved = NULL;
  g_autofree char *moved_again = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *quarantine = g_build_filename (fixture->tmp, "quarantine", NULL);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 23, 10, 15, 2);
  g_autoptr(GError) error = NULL;

  g_assert_true (lull_data_root_prepare (root, &error));
  g_assert_true (g_file_set_contents (damaged, "\x01\x02junk", -1, NULL));

  moved = lull_data_root_quarantine (root, damaged, when, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (moved, "/quarantine/settings-20261123T101502Z.ini"));
  g_assert_false (g_file_test (damaged, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (moved, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "\x01\x02junk");
  g_assert_cmpuint (lull_test_mode_of (quarantine), ==, 0700);

  /* A second damaged file in the same second never overwrites the first. */
  g_assert_true (g_file_set_contents (damaged, "more junk", -1, NULL));
  moved_again = lull_data_root_quarantine (root, damaged, when, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (moved, !=, moved_again);
  g_assert_true (g_str_has_suffix (moved_again, "/quarantine/settings-20261123T101502Z-2.ini"));
}

static void
test_build_filename (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(LullDataRoot) root = lull_data_root_new (fixture->tmp);
  g_autofree char *path = lull_data_root_build_filename (root, "history", "2026-11.ini", NULL);
  g_autofree char *expected = g_build_filename (fixture->tmp, "history", "2026-11.ini", NULL);

  g_assert_cmpstr (path, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/data-root/creates-private-folder", Fixture, NULL,
              fixture_set_up, test_creates_private_folder, fixture_tear_down);
  g_test_add ("/data-root/tightens-loose-folders", Fixture, NULL,
              fixture_set_up, test_tightens_loose_folders, fixture_tear_down);
  g_test_add ("/data-root/relative-path", Fixture, NULL,
              fixture_set_up, test_relative_path_made_absolute, fixture_tear_down);
  g_test_add_func ("/data-root/default-follows-xdg", test_default_follows_xdg);
  g_test_add ("/data-root/file-is-not-a-folder", Fixture, NULL,
              fixture_set_up, test_file_is_not_a_folder, fixture_tear_down);
  g_test_add ("/data-root/cannot-create", Fixture, NULL,
              fixture_set_up, test_cannot_create_below_a_file, fixture_tear_down);
  g_test_add ("/data-root/quarantine", Fixture, NULL,
              fixture_set_up, test_quarantine_keeps_the_file, fixture_tear_down);
  g_test_add ("/data-root/build-filename", Fixture, NULL,
              fixture_set_up, test_build_filename, fixture_tear_down);

  return g_test_run ();
}
