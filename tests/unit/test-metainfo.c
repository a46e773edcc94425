/* test-metainfo.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "lull-metainfo.h"

/* Shaped like a file merged by itstool: each translated element is
 * repeated with xml:lang, in no particular order. */
static const char sample[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<component type=\"desktop-application\">\n"
  "  <id>io.github.lullapp.Lull</id>\n"
  "  <name>Lull</name>\n"
  "  <summary>A calm routine</summary>\n"
  "  <summary xml:lang=\"es\">Una rutina tranquila</summary>\n"
  "  <description><p>Top-level text is not release notes.</p></description>\n"
  "  <developer_name>The Lull developers</developer_name>\n"
  "  <project_license>GPL-3.0-or-later</project_license>\n"
  "  <url type=\"homepage\">https://example.org/lull</url>\n"
  "  <url type=\"bugtracker\">https://example.org/lull/issues</url>\n"
  "  <releases>\n"
  "    <release version=\"0.2.0\" date=\"2026-12-01\">\n"
  "      <description>\n"
  "        <p>New in\n          this  release:</p>\n"
  "        <p xml:lang=\"es\">Novedades:</p>\n"
  "        <ul>\n"
  "          <li>Calm &amp; <em>quiet</em></li>\n"
  "          <li xml:lang=\"es\">Tranquilo</li>\n"
  "        </ul>\n"
  "      </description>\n"
  "    </release>\n"
  "    <release version=\"0.1.0\" date=\"2026-11-26\">\n"
  "      <description><p>Old notes</p></description>\n"
  "    </release>\n"
  "  </releases>\n"
  "</component>\n";

static void
test_untranslated (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LullMetainfo) info = NULL;

  info = lull_metainfo_new_from_data (sample, -1, (const char *[]) { "C", NULL }, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (lull_metainfo_get_name (info), ==, "Lull");
  g_assert_cmpstr (lull_metainfo_get_summary (info), ==, "A calm routine");
  g_assert_cmpstr (lull_metainfo_get_developer_name (info), ==, "The Lull developers");
  g_assert_cmpstr (lull_metainfo_get_project_license (info), ==, "GPL-3.0-or-later");
  g_assert_cmpstr (lull_metainfo_get_url (info, "homepage"), ==, "https://example.org/lull");
  g_assert_cmpstr (lull_metainfo_get_url (info, "bugtracker"), ==,
                   "https://example.org/lull/issues");
  g_assert_null (lull_metainfo_get_url (info, "donation"));
  g_assert_cmpstr (lull_metainfo_get_version (info), ==, "0.2.0");
  g_assert_cmpstr (lull_metainfo_get_release_notes (info), ==,
                   "<p>New in this release:</p><ul><li>Calm &amp; <em>quiet</em></li></ul>");

  g_assert_finalize_object (g_steal_pointer (&info));
}

static void
test_translated (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LullMetainfo) info = NULL;
  const char *languages[] = { "es_ES.UTF-8", "es_ES", "es", "C", NULL };

  info = lull_metainfo_new_from_data (sample, -1, languages, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (lull_metainfo_get_summary (info), ==, "Una rutina tranquila");
  /* Untranslated elements fall back one by one. */
  g_assert_cmpstr (lull_metainfo_get_name (info), ==, "Lull");
  g_assert_cmpstr (lull_metainfo_get_release_notes (info), ==,
                   "<p>Novedades:</p><ul><li>Tranquilo</li></ul>");
}

static void
test_language_not_offered (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LullMetainfo) info = NULL;

  info = lull_metainfo_new_from_data (sample, -1, (const char *[]) { "fr", NULL }, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lull_metainfo_get_summary (info), ==, "A calm routine");
}

static void
test_damaged (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LullMetainfo) info = NULL;

  info = lull_metainfo_new_from_data ("<component><name>Lull</nam", -1, NULL, &error);
  g_assert_null (info);
  g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/metainfo/untranslated", test_untranslated);
  g_test_add_func ("/metainfo/translated", test_translated);
  g_test_add_func ("/metainfo/language-not-offered", test_language_not_offered);
  g_test_add_func ("/metainfo/damaged", test_damaged);

  return g_test_run ();
}
