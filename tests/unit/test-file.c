/* test-file.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lull-file.h"
#include "lull-test-util.h"

/* Only regular files are read, whatever else a data root may hold: a
 * FIFO must not block, a device must not be read, a link loop must end. */

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = lull_test_make_tmp_dir ("lull-file-XXXXXX");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  lull_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
path_in (Fixture    *fixture,
         const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static void
test_regular (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "a.ini");
  g_autofree char *link = path_in (fixture, "b.ini");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_true (g_file_set_contents (path, "[a]\nb=c\n", -1, NULL));
  g_assert_true (lull_file_get_contents (path, 0, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "[a]\nb=c\n");
  g_assert_cmpuint (length, ==, 8);
  g_clear_pointer (&contents, g_free);

  /* A relative link to a regular file is followed. */
  g_assert_cmpint (symlink ("a.ini", link), ==, 0);
  g_assert_true (lull_file_get_contents (link, 0, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "[a]\nb=c\n");
}

static void
test_missing (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "none.ini");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (lull_file_get_contents (path, 0, &contents, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

static void
test_fifo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "2026-01.ini");
  g_autofree char *link = path_in (fixture, "link.ini");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  /* Opening this for reading would block for ever. */
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  g_assert_false (lull_file_get_contents (path, 0, &contents, NULL, &error));
  g_assert_error (error, LULL_FILE_ERROR, LULL_FILE_ERROR_NOT_REGULAR);
  g_assert_nonnull (strstr (error->message, "2026-01.ini"));
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_clear_error (&error);

  g_assert_cmpint (symlink (path, link), ==, 0);
  g_assert_false (lull_file_get_contents (link, 0, &contents, NULL, &error));
  g_assert_error (error, LULL_FILE_ERROR, LULL_FILE_ERROR_NOT_REGULAR);
}

static void
test_device_and_folder (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *link = path_in (fixture, "zero.lullroutine");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (symlink ("/dev/zero", link), ==, 0);
  g_assert_false (lull_file_get_contents (link, 0, &contents, NULL, &error));
  g_assert_error (error, LULL_FILE_ERROR, LULL_FILE_ERROR_NOT_REGULAR);
  g_clear_error (&error);

  g_assert_false (lull_file_get_contents (fixture->dir, 0, &contents, NULL, &error));
  g_assert_error (error, LULL_FILE_ERROR, LULL_FILE_ERROR_NOT_REGULAR);
}

static void
test_link_loop (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *a = path_in (fixture, "a.ini");
  g_autofree char *b = path_in (fixture, "b.ini");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (symlink ("b.ini", a), ==, 0);
  g_assert_cmpint (symlink ("a.ini", b), ==, 0);
  g_assert_false (lull_file_get_contents (a, 0, &contents, NULL, &error));
  g_assert_error (error, LULL_FILE_ERROR, LULL_FILE_ERROR_LINK_LOOP);
  g_assert_nonnull (strstr (error->message, "a.ini"));
}

static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "big.ini");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "0123456789", -1, NULL));
  g_assert_false (lull_file_get_contents (path, 9, &contents, NULL, &error));
  g_assert_error (error, LULL_FILE_ERROR, LULL_FILE_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_true (lull_file_get_contents (path, 10, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "0123456789");
}

/* An export over a regular file replaces it whole and private; a pipe
 * (or /dev/stdout, /dev/null) is written to, never replaced by a file. */
static void
test_write_export (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "out.csv");
  g_autofree char *fifo = path_in (fixture, "pipe");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char buffer[16] = { 0 };
  GStatBuf buf;
  int reader;

  g_assert_true (g_file_set_contents (path, "old and longer", -1, NULL));
  g_assert_true (lull_file_write_export (path, "new", 3, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "new");
  g_assert_cmpuint (lull_test_mode_of (path), ==, 0600);

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  /* Held open for reading, so that the write does not wait. */
  reader = g_open (fifo, O_RDONLY | O_NONBLOCK, 0);
  g_assert_cmpint (reader, >=, 0);
  g_assert_true (lull_file_write_export (fifo, "piped", 5, &error));
  g_assert_no_error (error);
  g_assert_cmpint (read (reader, buffer, sizeof buffer - 1), ==, 5);
  g_assert_cmpstr (buffer, ==, "piped");
  close (reader);
  g_assert_cmpint (g_stat (fifo, &buf), ==, 0);
  g_assert_true (S_ISFIFO (buf.st_mode));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/file/regular", test_regular);
  ADD ("/file/missing", test_missing);
  ADD ("/file/fifo", test_fifo);
  ADD ("/file/device-and-folder", test_device_and_folder);
  ADD ("/file/link-loop", test_link_loop);
  ADD ("/file/too-large", test_too_large);
  ADD ("/file/write-export", test_write_export);
#undef ADD

  return g_test_run ();
}
