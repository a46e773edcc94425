/* test-settings-file.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "lull-settings-file.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/settings-file/missing", test_missing_is_fine);
  g_test_add_func ("/settings-file/valid", test_valid_file);
  g_test_add_func ("/settings-file/unknown-key", test_unknown_key_kept);
  g_test_add_func ("/settings-file/binary-junk", test_binary_junk);
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
