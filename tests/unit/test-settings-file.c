/* test-settings-file.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "lull-settings-file.h"
#include "lull-test-util.h"

static GSettingsSchema *
lookup_schema (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  GSettingsSchema *schema;

  g_assert_nonnull (source);
  schema = g_settings_schema_source_lookup (source, "io.github.lullapp.Lull", TRUE);
  g_assert_nonnull (schema);

  return schema;
}

static gboolean
check_contents (const char  *contents,
                gssize       length,
                GError     **error)
{
  g_autoptr(GSettingsSchema) schema = lookup_schema ();
  g_autofree char *tmp = g_dir_make_tmp ("lull-settings-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (tmp, "settings.ini", NULL);
  gboolean ok;

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  ok = lull_settings_file_check (path, schema, error);

  g_unlink (path);
  g_rmdir (tmp);

  return ok;
}

static void
test_missing_is_fine (void)
{
  g_autoptr(GSettingsSchema) schema = lookup_schema ();
  g_autoptr(GError) error = NULL;

  g_assert_true (lull_settings_file_check ("/nonexistent/lull/settings.ini", schema, &error));
  g_assert_no_error (error);
}

static void
test_valid_file (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (check_contents ("[Lull]\n"
                                 "volume-unit='us-fl-oz'\n"
                                 "reduce-motion=true\n"
                                 "window-width=900\n"
                                 "color-scheme='dark'\n",
                                 -1, &error));
  g_assert_no_error (error);
}

static void
test_unknown_key_kept (void)
{
  g_autoptr(GError) error = NULL;

  /* A newer Lull may have written keys this one does not know. */
  g_assert_true (check_contents ("[Lull]\nsome-future-key=42\nreduce-motion=false\n"
                                 "[Lull/child]\nanything=1\n", -1, &error));
  g_assert_no_error (error);
}

static void
test_damaged (gconstpointer data)
{
  const char *contents = data;
  g_autoptr(GError) error = NULL;

  g_assert_false (check_contents (contents, -1, &error));
  g_assert_error (error, LULL_SETTINGS_FILE_ERROR, LULL_SETTINGS_FILE_ERROR_DAMAGED);
}

static void
test_binary_junk (void)
{
  static const char junk[] = { 0x7f, 'E', 'L', 'F', 0x00, 0x01, 0xff, 0xfe, '[', 0x00 };
  g_autoptr(GError) error = NULL;

  g_assert_false (check_contents (junk, sizeof junk, &error));
  g_assert_error (error, LULL_SETTINGS_FILE_ERROR, LULL_SETTINGS_FILE_ERROR_DAMAGED);
}

/* Opening a FIFO for reading blocks until something writes to it: without
 * the regular-file rule this test would hang, so an alarm ends it. */
static void
test_fifo (void)
{
  g_autoptr(GSettingsSchema) schema = lookup_schema ();
  g_autofree char *tmp = lull_test_make_tmp_dir ("lull-settings-XXXXXX");
  g_autofree char *path = g_build_filename (tmp, "settings.ini", NULL);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);

  alarm (20);
  ok = lull_settings_file_check (path, schema, &error);
  alarm (0);
  g_assert_false (ok);
  g_assert_error (error, LULL_SETTINGS_FILE_ERROR, LULL_SETTINGS_FILE_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "“settings.ini”"));
  g_assert_nonnull (strstr (error->message, "not a regular file"));

  lull_test_remove_tree (tmp);
}

/* Lull writes a few kilobytes; 2 MiB of valid settings and comments was
 * not written by Lull, and is refused by its size without reading it. */
static void
test_too_large (void)
{
  g_autoptr(GSettingsSchema) schema = lookup_schema ();
  g_autofree char *tmp = lull_test_make_tmp_dir ("lull-settings-XXXXXX");
  g_autofree char *path = g_build_filename (tmp, "settings.ini", NULL);
  g_autoptr(GString) contents = g_string_new ("[Lull]\nreduce-motion=true\n");
  g_autoptr(GError) error = NULL;

  while (contents->len < 2 * 1024 * 1024)
    g_string_append (contents, "# A comment to make the file large.\n");
  g_assert_true (g_file_set_contents (path, contents->str, contents->len, NULL));

  g_assert_false (lull_settings_file_check (path, schema, &error));
  g_assert_error (error, LULL_SETTINGS_FILE_ERROR, LULL_SETTINGS_FILE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "“settings.ini”"));

  lull_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/settings-file/missing", test_missing_is_fine);
  g_test_add_func ("/settings-file/valid", test_valid_file);
  g_test_add_func ("/settings-file/unknown-key", test_unknown_key_kept);
  g_test_add_func ("/settings-file/binary-junk", test_binary_junk);
  g_test_add_func ("/settings-file/fifo", test_fifo);
  g_test_add_func ("/settings-file/too-large", test_too_large);
  g_test_add_data_func ("/settings-file/invalid-utf8",
                        "[Lull]\nvolume-unit='m\xc3\x28l'\n", test_damaged);
  g_test_add_data_func ("/settings-file/not-a-keyfile",
                        "this is not a settings file\n", test_damaged);
  g_test_add_data_func ("/settings-file/wrong-type",
                        "[Lull]\nreduce-motion='very'\n", test_damaged);
  g_test_add_data_func ("/settings-file/not-in-enum",
                        "[Lull]\nvolume-unit='gallons'\n", test_damaged);
  g_test_add_data_func ("/settings-file/out-of-range",
                        "[Lull]\nwindow-width=-5\n", test_damaged);
  g_test_add_data_func ("/settings-file/unparsable",
                        "[Lull]\nwindow-width=\n", test_damaged);

  return g_test_run ();
}
