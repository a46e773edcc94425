/* test-traces.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>
#include <unistd.h>

#include "lull-test-util.h"
#include "lull-traces.h"

/* Forget This Computer: what is found and cleared outside the folder, and
 * the rules that keep the deletion of the folder itself safe. */

typedef struct
{
  char            *tmp;
  char            *home;
  char            *root;
  LullTracePlaces *places;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *cache = NULL;
  g_autofree char *config = NULL;
  g_autofree char *share = NULL;
  g_autofree char *lock = NULL;

  fixture->tmp = lull_test_make_tmp_dir ("lull-traces-XXXXXX");
  fixture->home = g_build_filename (fixture->tmp, "home", NULL);
  fixture->root = g_build_filename (fixture->tmp, "stick", "lull", NULL);
  cache = g_build_filename (fixture->home, ".cache", NULL);
  config = g_build_filename (fixture->home, ".config", NULL);
  share = g_build_filename (fixture->home, ".local", "share", NULL);
  fixture->places = lull_trace_places_new (fixture->home, cache, config, share);

  g_assert_cmpint (g_mkdir_with_parents (fixture->home, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (fixture->root, 0700), ==, 0);
  lock = g_build_filename (fixture->root, ".lock", NULL);
  lull_test_write_file (lock, "", -1);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  lull_test_remove_tree (fixture->tmp);
  lull_trace_places_free (fixture->places);
  g_free (fixture->tmp);
  g_free (fixture->home);
  g_free (fixture->root);
}

static char *
write_below (const char *folder,
             const char *relative,
             const char *text)
{
  char *path = g_build_filename (folder, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  lull_test_write_file (path, text, -1);
  return path;
}

static void
assert_refused (const char *root,
                const char *home)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (lull_traces_check_data_root (root, home, &error));
  g_assert_error (error, LULL_TRACES_ERROR, LULL_TRACES_ERROR_UNSAFE);
  g_clear_error (&error);
  g_assert_false (lull_traces_delete_data_root (root, home, &error));
  g_assert_error (error, LULL_TRACES_ERROR, LULL_TRACES_ERROR_UNSAFE);
}

static void
test_refuses_root_and_home (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *lock = g_build_filename (fixture->home, ".lock", NULL);
  g_autofree char *not_canonical = g_build_filename (fixture->root, "..", "lull", NULL);
  g_autofree char *link = g_build_filename (fixture->tmp, "link", NULL);
  g_autofree char *through_link = g_build_filename (link, "home", NULL);

  /* Even with a lock file, as a home folder used as --data-dir has. */
  lull_test_write_file (lock, "", -1);
  assert_refused ("/", fixture->home);
  assert_refused (fixture->home, fixture->home);
  assert_refused (fixture->tmp, fixture->home);
  assert_refused ("stick/lull", fixture->home);
  assert_refused (not_canonical, fixture->home);
  /* The home folder reached through a link on the way. */
  g_assert_cmpint (symlink (fixture->tmp, link), ==, 0);
  assert_refused (through_link, fixture->home);
  g_assert_true (g_file_test (lock, G_FILE_TEST_EXISTS));
}

static void
test_refuses_folder_not_lulls (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *lock = g_build_filename (fixture->root, ".lock", NULL);
  g_autofree char *other = g_build_filename (fixture->tmp, "Documents", NULL);
  g_autofree char *other_lock = g_build_filename (other, ".lock", NULL);
  g_autofree char *letter = NULL;
  g_autofree char *link = g_build_filename (fixture->tmp, "link", NULL);

  /* No lock file: never used as a portable folder. */
  g_assert_cmpint (g_unlink (lock), ==, 0);
  assert_refused (fixture->root, fixture->home);
  lull_test_write_file (lock, "", -1);

  /* Lull's lock, but also someone's letter: --data-dir ~/Documents. */
  letter = write_below (other, "letter.odt", "Dear…");
  lull_test_write_file (other_lock, "", -1);
  assert_refused (other, fixture->home);
  g_assert_true (g_file_test (letter, G_FILE_TEST_EXISTS));

  /* A link to a Lull folder is not the folder. */
  g_assert_cmpint (symlink (fixture->root, link), ==, 0);
  assert_refused (link, fixture->home);
  g_assert_true (g_file_test (lock, G_FILE_TEST_EXISTS));
}

static void
test_deletes_without_following_links (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autofree char *outside = write_below (fixture->tmp, "outside/keep.jpg", "photo");
  g_autofree char *outside_folder = g_path_get_dirname (outside);
  g_autofree char *link = g_build_filename (fixture->root, "photos", "linked", NULL);
  g_autofree char *folder_link = g_build_filename (fixture->root, "audio", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;

  g_free (write_below (fixture->root, "history/2026-11.ini", "[Lull History]\nversion=1\n"));
  g_free (write_below (fixture->root, "photos/baby.jpg", "photo"));
  g_free (write_below (fixture->root, "cache/fontconfig/x.cache-8", "cache"));
  g_free (write_below (fixture->root, "settings.ini", "[Lull]\n"));
  g_free (write_below (fixture->root, "settings.ini.4F3G2A", "[Lull]\n"));
  g_free (write_below (fixture->root, "README.txt", "Lull"));
  g_assert_cmpint (symlink (outside, link), ==, 0);
  g_assert_cmpint (symlink (outside_folder, folder_link), ==, 0);

  g_assert_true (lull_traces_check_data_root (fixture->root, fixture->home, &error));
  g_assert_no_error (error);
  g_assert_true (lull_traces_delete_data_root (fixture->root, fixture->home, &error));
  g_assert_no_error (error);

  g_assert_false (g_file_test (fixture->root, G_FILE_TEST_EXISTS));
  kept = lull_test_read_file (outside);
  g_assert_cmpstr (kept, ==, "photo");
}

static void
test_finds_and_clears_traces (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *photo = write_below (fixture->root, "photos/baby.jpg", "photo");
  g_autofree char *photo_uri = g_filename_to_uri (photo, NULL, NULL);
  g_autofree char *md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, photo_uri, -1);
  g_autofree char *thumbnail_name = g_strconcat ("thumbnails/large/", md5, ".png", NULL);
  g_autofree char *thumbnail = NULL;
  g_autofree char *failed_name = g_strconcat ("thumbnails/fail/gnome-thumbnail-factory/", md5,
                                              ".png", NULL);
  g_autofree char *failed = NULL;
  g_autofree char *other_thumbnail = NULL;
  g_autofree char *registry = NULL;
  g_autofree char *autostart = NULL;
  g_autofree char *autostart_text = NULL;
  g_autofree char *installed = NULL;
  g_autofree char *recent = g_build_filename (fixture->places->data_home,
                                              "recently-used.xbel", NULL);
  g_autoptr(GBookmarkFile) bookmarks = g_bookmark_file_new ();
  g_autoptr(GPtrArray) traces = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  thumbnail = write_below (fixture->places->cache_home, thumbnail_name, "png");
  failed = write_below (fixture->places->cache_home, failed_name, "png");
  other_thumbnail = write_below (fixture->places->cache_home,
                                 "thumbnails/large/0123456789abcdef0123456789abcdef.png", "png");
  registry = write_below (fixture->places->cache_home, "gstreamer-1.0/registry.x86_64.bin", "r");
  autostart_text = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Lull\n"
                                    "Exec=lull --data-dir '%s' --background\n", fixture->root);
  autostart = write_below (fixture->places->config_home,
                           "autostart/io.github.lullapp.Lull.desktop", autostart_text);
  g_assert_cmpint (g_mkdir_with_parents (fixture->places->data_home, 0700), ==, 0);
  g_bookmark_file_add_application (bookmarks, photo_uri, "eog", "eog %u");
  g_bookmark_file_add_application (bookmarks, "file:///elsewhere/report.pdf", "evince",
                                   "evince %u");
  g_assert_true (g_bookmark_file_to_file (bookmarks, recent, &error));
  g_assert_no_error (error);

  traces = lull_traces_find (fixture->places, fixture->root, "io.github.lullapp.Lull");
  g_assert_cmpuint (traces->len, ==, 4);
  for (guint i = 0; i < traces->len; i++)
    {
      LullTrace *trace = g_ptr_array_index (traces, i);
      g_autofree char *line = lull_trace_describe (trace);

      g_assert_nonnull (strstr (line, trace->location));
      if (trace->kind == LULL_TRACE_THUMBNAILS || trace->kind == LULL_TRACE_RECENT)
        g_assert_cmpuint (trace->items->len, ==, trace->kind == LULL_TRACE_THUMBNAILS ? 2 : 1);
    }

  g_assert_true (lull_traces_remove (traces, failures));
  g_assert_cmpuint (failures->len, ==, 0);
  g_assert_false (g_file_test (thumbnail, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (failed, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (registry, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (autostart, G_FILE_TEST_EXISTS));
  /* Other people's things stay. */
  g_assert_true (g_file_test (other_thumbnail, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (photo, G_FILE_TEST_EXISTS));
  g_assert_true (g_bookmark_file_load_from_file (bookmarks, recent, &error));
  g_assert_false (g_bookmark_file_has_item (bookmarks, photo_uri));
  g_assert_true (g_bookmark_file_has_item (bookmarks, "file:///elsewhere/report.pdf"));

  /* The autostart entry of a Lull installed for the account, not this
   * folder's, is not Lull's to forget. */
  installed = write_below (fixture->places->config_home, "autostart/io.github.lullapp.Lull.desktop",
                           "[Desktop Entry]\nType=Application\nName=Lull\n"
                           "Exec=lull --background\n");
  again = lull_traces_find (fixture->places, fixture->root, "io.github.lullapp.Lull");
  g_assert_cmpuint (again->len, ==, 0);
  g_assert_true (g_file_test (installed, G_FILE_TEST_EXISTS));
}

static void
test_counts_files (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fixture->root, "recordings", NULL);

  g_assert_cmpuint (lull_traces_count_files (folder), ==, 0);
  g_free (write_below (fixture->root, "recordings/2026-11-24T08-15-00.ogg", "o"));
  g_free (write_below (fixture->root, "recordings/2026-11-25T08-15-00.ogg", "o"));
  g_free (write_below (fixture->root, "recordings/.tmp-recording", "o"));
  g_assert_cmpuint (lull_traces_count_files (folder), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/traces/refuses-root-and-home", Fixture, NULL,
              fixture_set_up, test_refuses_root_and_home, fixture_tear_down);
  g_test_add ("/traces/refuses-folder-not-lulls", Fixture, NULL,
              fixture_set_up, test_refuses_folder_not_lulls, fixture_tear_down);
  g_test_add ("/traces/deletes-without-following-links", Fixture, NULL,
              fixture_set_up, test_deletes_without_following_links, fixture_tear_down);
  g_test_add ("/traces/finds-and-clears-traces", Fixture, NULL,
              fixture_set_up, test_finds_and_clears_traces, fixture_tear_down);
  g_test_add ("/traces/counts-files", Fixture, NULL,
              fixture_set_up, test_counts_files, fixture_tear_down);

  return g_test_run ();
}
