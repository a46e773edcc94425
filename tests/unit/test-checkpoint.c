/* test-checkpoint.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "lull-checkpoint.h"
#include "lull-test-util.h"

typedef struct
{
  char         *tmp;
  char         *root_path;
  char         *checkpoint_path;
  char         *quarantine_path;
  LullDataRoot *root;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->tmp = lull_test_make_tmp_dir ("lull-checkpoint-XXXXXX");
  fixture->root_path = g_build_filename (fixture->tmp, "lull", NULL);
  fixture->checkpoint_path = g_build_filename (fixture->root_path, "checkpoint.ini", NULL);
  fixture->quarantine_path = g_build_filename (fixture->root_path, "quarantine", NULL);
  fixture->root = lull_data_root_new (fixture->root_path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->root);
  lull_test_remove_tree (fixture->tmp);
  g_free (fixture->quarantine_path);
  g_free (fixture->checkpoint_path);
  g_free (fixture->root_path);
  g_free (fixture->tmp);
}

static GKeyFile *
new_state (const char *routine)
{
  GKeyFile *keyfile = g_key_file_new ();
  const int letdowns[] = { 95, 210 };

  g_key_file_set_string (keyfile, "Session", "routine", routine);
  g_key_file_set_string (keyfile, "Session", "start", "2026-11-23T11:15:02+01:00");
  g_key_file_set_integer (keyfile, "Session", "pump-elapsed-us", 754000000);
  g_key_file_set_integer_list (keyfile, "Session", "letdowns", (int *)letdowns, 2);
  g_key_file_set_string (keyfile, "Session", "note", "línea uno\nlínea dos");

  return keyfile;
}

static void
test_absent_is_no_error (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GError) error = NULL;

  keyfile = lull_checkpoint_load (fixture->root, &error);
  g_assert_null (keyfile);
  g_assert_no_error (error);
  g_assert_false (g_file_test (fixture->quarantine_path, G_FILE_TEST_EXISTS));
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GKeyFile) saved = new_state ("desk-quick");
  g_autoptr(GKeyFile) newer = new_state ("night-calm");
  g_autoptr(GKeyFile) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *routine = NULL;
  g_autofree char *note = NULL;
  g_autofree int *letdowns = NULL;
  gsize n_letdowns = 0;

  /* The data root need not exist yet. */
  g_assert_true (lull_checkpoint_save (fixture->root, saved, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lull_test_mode_of (fixture->root_path), ==, 0700);
  g_assert_cmpuint (lull_test_mode_of (fixture->checkpoint_path), ==, 0600);

  /* A later save replaces the earlier one whole. */
  g_assert_true (lull_checkpoint_save (fixture->root, newer, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lull_test_mode_of (fixture->checkpoint_path), ==, 0600);

  loaded = lull_checkpoint_load (fixture->root, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);

  g_assert_cmpint (g_key_file_get_integer (loaded, "Checkpoint", "version", NULL), ==, 1);
  routine = g_key_file_get_string (loaded, "Session", "routine", NULL);
  g_assert_cmpstr (routine, ==, "night-calm");
  note = g_key_file_get_string (loaded, "Session", "note", NULL);
  g_assert_cmpstr (note, ==, "línea uno\nlínea dos");
  g_assert_cmpint (g_key_file_get_integer (loaded, "Session", "pump-elapsed-us", NULL),
                   ==, 754000000);
  letdowns = g_key_file_get_integer_list (loaded, "Session", "letdowns", &n_letdowns, NULL);
  g_assert_cmpuint (n_letdowns, ==, 2);
  g_assert_cmpint (letdowns[1], ==, 210);

  /* Nothing but the checkpoint itself: no temporary file left over. */
  {
    g_autoptr(GDir) dir = g_dir_open (fixture->root_path, 0, NULL);

    g_assert_cmpstr (g_dir_read_name (dir), ==, "checkpoint.ini");
    g_assert_null (g_dir_read_name (dir));
  }
}

static void
assert_set_aside (Fixture    *fixture,
                  const char *contents,
                  gsize       length)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *moved_contents = NULL;
  gsize moved_length = 0;
  const char *name;

  g_assert_cmpint (g_mkdir_with_parents (fixture->root_path, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->checkpoint_path, contents, length, NULL));

  keyfile = lull_checkpoint_load (fixture->root, &error);
  g_assert_null (keyfile);
  g_assert_error (error, LULL_CHECKPOINT_ERROR, LULL_CHECKPOINT_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "quarantine"));
  g_clear_error (&error);

  /* Out of the way of the next save, and kept whole. */
  g_assert_false (g_file_test (fixture->checkpoint_path, G_FILE_TEST_EXISTS));
  dir = g_dir_open (fixture->quarantine_path, 0, NULL);
  g_assert_nonnull (dir);
  name = g_dir_read_name (dir);
  g_assert_nonnull (name);
  g_assert_true (g_str_has_prefix (name, "checkpoint-"));
  g_assert_null (g_dir_read_name (dir));
  moved = g_build_filename (fixture->quarantine_path, name, NULL);
  g_assert_true (g_file_get_contents (moved, &moved_contents, &moved_length, NULL));
  g_assert_cmpmem (moved_contents, moved_length, contents, length);

  /* And the next session can save again. */
  {
    g_autoptr(GKeyFile) state = new_state ("desk-quick");
    g_autoptr(GKeyFile) loaded = NULL;

    g_assert_true (lull_checkpoint_save (fixture->root, state, &error));
    g_assert_no_error (error);
    loaded = lull_checkpoint_load (fixture->root, &error);
    g_assert_no_error (error);
    g_assert_nonnull (loaded);
  }
}

static void
test_damaged_junk (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char junk[] = "\x00\x13\x37 half-written \x00\x00";

  assert_set_aside (fixture, junk, sizeof junk - 1);
}

static void
test_damaged_not_utf8 (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char text[] = "[Checkpoint]\nversion=1\n[Session]\nroutine=caf\xe9\n";

  assert_set_aside (fixture, text, sizeof text - 1);
}

static void
test_damaged_not_a_keyfile (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char text[] = "routine: desk-quick\npump: 12:34\n";

  assert_set_aside (fixture, text, sizeof text - 1);
}

static void
test_damaged_no_group (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char text[] = "[Session]\nroutine=desk-quick\n";

  assert_set_aside (fixture, text, sizeof text - 1);
}

static void
test_damaged_other_version (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char text[] = "[Checkpoint]\nversion=2\n[Session]\nroutine=desk-quick\n";
  static const char no_number[] = "[Checkpoint]\nversion=one\n";

  assert_set_aside (fixture, text, sizeof text - 1);
  g_assert_true (lull_checkpoint_remove (fixture->root, NULL));
  lull_test_remove_tree (fixture->quarantine_path);
  assert_set_aside (fixture, no_number, sizeof no_number - 1);
}

static void
test_empty_file_damaged (Fixture       *fixture,
                         gconstpointer  data)
{
  /* What a non-atomic write cut short by a power cut leaves. */
  assert_set_aside (fixture, "", 0);
}

static void
test_folder_in_the_way (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GKeyFile) state = new_state ("desk-quick");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (fixture->checkpoint_path, 0700), ==, 0);

  keyfile = lull_checkpoint_load (fixture->root, &error);
  g_assert_null (keyfile);
  g_assert_error (error, LULL_CHECKPOINT_ERROR, LULL_CHECKPOINT_ERROR_DAMAGED);
  g_clear_error (&error);

  g_assert_true (lull_checkpoint_save (fixture->root, state, &error));
  g_assert_no_error (error);
}

/* Opening a FIFO for reading blocks until something writes to it: without
 * the regular-file rule these tests would hang, so an alarm ends them. */
static void
assert_left_in_place (Fixture *fixture)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GKeyFile) state = new_state ("desk-quick");
  g_autoptr(GKeyFile) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *routine = NULL;
  GStatBuf before, after;

  g_assert_cmpint (g_lstat (fixture->checkpoint_path, &before), ==, 0);

  alarm (20);
  keyfile = lull_checkpoint_load (fixture->root, &error);
  alarm (0);
  g_assert_null (keyfile);
  g_assert_error (error, LULL_CHECKPOINT_ERROR, LULL_CHECKPOINT_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "“checkpoint.ini”"));
  g_clear_error (&error);

  /* Not Lull's to move: it stays, as it was, and nothing is quarantined. */
  g_assert_cmpint (g_lstat (fixture->checkpoint_path, &after), ==, 0);
  g_assert_cmpuint (before.st_mode, ==, after.st_mode);
  g_assert_cmpuint (before.st_ino, ==, after.st_ino);
  g_assert_false (g_file_test (fixture->quarantine_path, G_FILE_TEST_EXISTS));

  /* And the next session saves in its place, without opening it. */
  alarm (20);
  g_assert_true (lull_checkpoint_save (fixture->root, state, &error));
  g_assert_no_error (error);
  loaded = lull_checkpoint_load (fixture->root, &error);
  alarm (0);
  g_assert_no_error (error);
  routine = g_key_file_get_string (loaded, "Session", "routine", NULL);
  g_assert_cmpstr (routine, ==, "desk-quick");
}

static void
test_fifo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (fixture->root_path, 0700), ==, 0);
  g_assert_cmpint (mkfifo (fixture->checkpoint_path, 0600), ==, 0);

  alarm (20);
  keyfile = lull_checkpoint_load (fixture->root, &error);
  alarm (0);
  g_assert_error (error, LULL_CHECKPOINT_ERROR, LULL_CHECKPOINT_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_clear_error (&error);

  assert_left_in_place (fixture);
}

static void
test_link_to_device (Fixture       *fixture,
                     gconstpointer  data)
{
  g_assert_cmpint (g_mkdir_with_parents (fixture->root_path, 0700), ==, 0);
  g_assert_cmpint (symlink ("/dev/null", fixture->checkpoint_path), ==, 0);

  assert_left_in_place (fixture);
}

static void
test_link_loop (Fixture       *fixture,
                gconstpointer  data)
{
  g_assert_cmpint (g_mkdir_with_parents (fixture->root_path, 0700), ==, 0);
  g_assert_cmpint (symlink (fixture->checkpoint_path, fixture->checkpoint_path), ==, 0);

  assert_left_in_place (fixture);
}

/* Too large to be a checkpoint: refused by its size, and set aside like
 * any other damaged one. */
static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("[Checkpoint]\nversion=1\n[Session]\n");

  while (text->len <= 4 * 1024 * 1024)
    g_string_append (text, "# A comment to make the file large.\n");

  assert_set_aside (fixture, text->str, text->len);
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GKeyFile) state = new_state ("desk-quick");
  g_autoptr(GKeyFile) loaded = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing to remove is fine. */
  g_assert_true (lull_checkpoint_remove (fixture->root, &error));
  g_assert_no_error (error);

  g_assert_true (lull_checkpoint_save (fixture->root, state, &error));
  g_assert_true (lull_checkpoint_remove (fixture->root, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (fixture->checkpoint_path, G_FILE_TEST_EXISTS));

  loaded = lull_checkpoint_load (fixture->root, &error);
  g_assert_null (loaded);
  g_assert_no_error (error);

  g_assert_true (lull_checkpoint_remove (fixture->root, &error));
  g_assert_no_error (error);
}

static void
test_set_aside (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GKeyFile) state = new_state ("a-routine-that-went");
  g_autoptr(GKeyFile) loaded = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (lull_checkpoint_save (fixture->root, state, &error));
  g_assert_true (lull_checkpoint_set_aside (fixture->root, &error));
  g_assert_no_error (error);

  /* Gone from its place, kept in quarantine, not offered again. */
  g_assert_false (g_file_test (fixture->checkpoint_path, G_FILE_TEST_EXISTS));
  dir = g_dir_open (fixture->quarantine_path, 0, NULL);
  g_assert_nonnull (dir);
  g_assert_true (g_str_has_prefix (g_dir_read_name (dir), "checkpoint-"));
  loaded = lull_checkpoint_load (fixture->root, &error);
  g_assert_null (loaded);
  g_assert_no_error (error);
}

static void
test_save_failure (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GKeyFile) state = new_state ("desk-quick");
  g_autoptr(GError) error = NULL;

  /* A file where the data folder should be. */
  g_assert_true (g_file_set_contents (fixture->root_path, "in the way", -1, NULL));

  g_assert_false (lull_checkpoint_save (fixture->root, state, &error));
  g_assert_error (error, LULL_CHECKPOINT_ERROR, LULL_CHECKPOINT_ERROR_WRITE);
}

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/checkpoint/absent-is-no-error", test_absent_is_no_error);
  ADD_TEST ("/checkpoint/round-trip", test_round_trip);
  ADD_TEST ("/checkpoint/set-aside", test_set_aside);
  ADD_TEST ("/checkpoint/damaged/junk", test_damaged_junk);
  ADD_TEST ("/checkpoint/damaged/not-utf8", test_damaged_not_utf8);
  ADD_TEST ("/checkpoint/damaged/not-a-keyfile", test_damaged_not_a_keyfile);
  ADD_TEST ("/checkpoint/damaged/no-group", test_damaged_no_group);
  ADD_TEST ("/checkpoint/damaged/other-version", test_damaged_other_version);
  ADD_TEST ("/checkpoint/damaged/empty", test_empty_file_damaged);
  ADD_TEST ("/checkpoint/folder-in-the-way", test_folder_in_the_way);
  ADD_TEST ("/checkpoint/damaged/too-large", test_too_large);
  ADD_TEST ("/checkpoint/not-regular/fifo", test_fifo);
  ADD_TEST ("/checkpoint/not-regular/link-to-device", test_link_to_device);
  ADD_TEST ("/checkpoint/not-regular/link-loop", test_link_loop);
  ADD_TEST ("/checkpoint/remove", test_remove);
  ADD_TEST ("/checkpoint/save-failure", test_save_failure);

  return g_test_run ();
}
