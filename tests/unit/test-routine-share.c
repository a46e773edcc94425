/* test-routine-share.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "lull-routine-share.h"
#include "lull-routine-store.h"
#include "lull-test-util.h"

static const char * const spanish[] = { "es", NULL };
static const char * const builtin_tracks[] = { "builtin:rain", "builtin:waves", NULL };
static const char * const no_ids[] = { NULL };

typedef struct
{
  LullTestDataRoot data;
  char            *folder;    /* the data root's routines/ */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  lull_test_data_root_init (&fixture->data, "lull-routine-share-XXXXXX");
  fixture->folder = g_build_filename (fixture->data.path, "routines", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_free (fixture->folder);
  lull_test_data_root_clear (&fixture->data);
}

static LullRoutine *
load_file (const char         *path,
           const char * const *languages)
{
  g_autoptr(GError) error = NULL;
  LullRoutine *routine = lull_routine_new_from_file (path, languages, &error);

  g_assert_no_error (error);
  g_assert_nonnull (routine);

  return routine;
}

/* What Lull lists: the built-in desk-quick, then the parent's files by
 * name, each knowing its file name. */
static GListModel *
list_routines (Fixture *fixture)
{
  GListStore *store = g_list_store_new (LULL_TYPE_ROUTINE);
  g_autofree char *path = lull_test_builtin_routine_path ("desk-quick");
  g_autoptr(LullRoutine) builtin = load_file (path, NULL);
  g_autoptr(GDir) dir = g_dir_open (fixture->folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  lull_routine_set_builtin (builtin, TRUE);
  g_list_store_append (store, builtin);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (fixture->folder, names->pdata[i], NULL);
      g_autoptr(LullRoutine) routine = load_file (file, NULL);

      lull_routine_set_file_name (routine, names->pdata[i]);
      g_list_store_append (store, routine);
    }

  return G_LIST_MODEL (store);
}

static gboolean
has_id (GListModel *routines,
        const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (routines); i++)
    {
      g_autoptr(LullRoutine) routine = g_list_model_get_item (routines, i);

      if (g_str_equal (lull_routine_get_id (routine), id))
        return TRUE;
    }

  return FALSE;
}

static char *
write_routine (Fixture    *fixture,
               const char *name,
               const char *text)
{
  char *path = g_build_filename (fixture->data.tmp, name, NULL);

  lull_test_write_file (path, text, -1);
  return path;
}

#define EVENING(name) \
  "# From a counsellor.\n" \
  "[Routine]\n" \
  "version=1\n" \
  "id=evening\n" \
  "name=" name "\n" \
  "name[es]=Tarde\n" \
  "\n" \
  "[Step 1]\n" \
  "kind=warmth\n" \
  "duration=60\n" \
  "prompt=Hold something warm.\n" \
  "\n" \
  "[Step 2]\n" \
  "kind=stimulation\n" \
  "prompt=Start the pump.\n"

static void
test_export_round_trip (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *source = lull_test_builtin_routine_path ("desk-quick");
  g_autoptr(LullRoutine) routine = load_file (source, NULL);
  g_autoptr(LullRoutine) original_es = load_file (source, spanish);
  g_autoptr(LullRoutine) back_es = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->data.tmp, "desk-quick.lullroutine", NULL);
  g_autofree char *text = NULL;

  g_assert_true (lull_routine_share_export (routine, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lull_test_mode_of (path), ==, 0600);

  /* Every translation and the comments go with it. */
  text = lull_test_read_file (path);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_nonnull (strstr (text, "name[es]="));
  g_assert_true (g_str_has_prefix (text, "# desk-quick.lullroutine"));
  back_es = load_file (path, spanish);
  g_assert_cmpstr (lull_routine_get_name (back_es), ==, lull_routine_get_name (original_es));
  g_assert_cmpstr (lull_routine_get_name (back_es), !=, lull_routine_get_name (routine));
  g_assert_cmpuint (lull_routine_get_n_steps (back_es), ==, lull_routine_get_n_steps (routine));
  for (guint i = 0; i < lull_routine_get_n_steps (routine); i++)
    g_assert_cmpstr (lull_step_get_prompt (lull_routine_get_step (back_es, i)), ==,
                     lull_step_get_prompt (lull_routine_get_step (original_es, i)));
}

static void
test_export_refused (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *source = lull_test_builtin_routine_path ("desk-quick");
  g_autoptr(LullRoutine) routine = load_file (source, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->data.tmp, "no-such-folder",
                                            "desk-quick.lullroutine", NULL);

  g_assert_false (lull_routine_share_export (routine, path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "desk-quick.lullroutine"));
}

static void
test_import_empty_root (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *path = write_routine (fixture, "evening.lullroutine", EVENING ("Evening"));
  g_autoptr(GListStore) none = g_list_store_new (LULL_TYPE_ROUTINE);
  g_autoptr(LullRoutineShare) share = NULL;
  g_autoptr(GListModel) after = NULL;
  g_autoptr(LullRoutine) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *saved_path = NULL;
  g_autofree char *text = NULL;

  share = lull_routine_share_new_from_file (path, G_LIST_MODEL (none), builtin_tracks, no_ids,
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lull_routine_share_get_id (share), ==, "evening");
  g_assert_null (lull_routine_share_get_clash (share));
  g_assert_false (lull_routine_share_get_can_replace (share));
  g_assert_cmpuint (g_strv_length ((char **)lull_routine_share_get_notes (share)), ==, 0);
  /* Nothing is written before the caller says so. */
  g_assert_false (g_file_test (fixture->folder, G_FILE_TEST_EXISTS));

  file_name = lull_routine_share_save (share, fixture->data.root, LULL_ROUTINE_SHARE_ADD,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpstr (file_name, ==, "evening.lullroutine");

  saved_path = g_build_filename (fixture->folder, file_name, NULL);
  g_assert_cmpuint (lull_test_mode_of (saved_path), ==, 0600);
  text = lull_test_read_file (saved_path);
  g_assert_nonnull (strstr (text, "# From a counsellor."));
  saved = load_file (saved_path, spanish);
  g_assert_cmpstr (lull_routine_get_name (saved), ==, "Tarde");

  after = list_routines (fixture);
  g_assert_true (has_id (after, "evening"));
  g_assert_true (has_id (after, "desk-quick"));
}

static void
test_clash_keep_both (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *source = lull_test_builtin_routine_path ("desk-quick");
  g_autoptr(LullRoutine) builtin = load_file (source, NULL);
  g_autofree char *path = g_build_filename (fixture->data.tmp, "shared.lullroutine", NULL);
  g_autoptr(GListModel) before = list_routines (fixture);
  g_autoptr(GListModel) after = NULL;
  g_autoptr(LullRoutineShare) share = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *name = NULL;

  g_assert_true (lull_routine_share_export (builtin, path, &error));
  share = lull_routine_share_new_from_file (path, before, builtin_tracks, no_ids, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lull_routine_share_get_clash (share));
  g_assert_true (lull_routine_get_builtin (lull_routine_share_get_clash (share)));

  /* Never a silent overwrite, and a built-in is never replaced. */
  g_assert_false (lull_routine_share_get_can_replace (share));
  g_assert_null (lull_routine_share_save (share, fixture->data.root, LULL_ROUTINE_SHARE_ADD,
                                          &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_null (lull_routine_share_save (share, fixture->data.root, LULL_ROUTINE_SHARE_REPLACE,
                                          &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (g_file_test (fixture->folder, G_FILE_TEST_EXISTS));

  file_name = lull_routine_share_save (share, fixture->data.root, LULL_ROUTINE_SHARE_KEEP_BOTH,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpstr (file_name, ==, "desk-quick-2.lullroutine");
  g_assert_cmpstr (lull_routine_share_get_id (share), ==, "desk-quick-2");
  /* Told apart from the routine already here by its name too. */
  name = g_strdup_printf ("%s (copy)", lull_routine_get_name (builtin));
  g_assert_cmpstr (lull_routine_share_get_name (share), ==, name);

  after = list_routines (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (after), ==, 2);
  g_assert_true (has_id (after, "desk-quick"));
  g_assert_true (has_id (after, "desk-quick-2"));
}

static void
test_clash_replace (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *old_path = write_routine (fixture, "old.lullroutine", EVENING ("Old evening"));
  g_autofree char *new_path = write_routine (fixture, "new.lullroutine", EVENING ("New evening"));
  g_autoptr(LullRoutine) old = load_file (old_path, NULL);
  g_autoptr(GKeyFile) keyfile = lull_routine_dup_keyfile (old);
  g_autoptr(GListModel) before = NULL;
  g_autoptr(GListModel) after = NULL;
  g_autoptr(LullRoutineShare) share = NULL;
  g_autoptr(LullRoutine) replaced = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *file_name = NULL;

  /* The parent's own file, under a name of its own. */
  kept = lull_routine_store_save (fixture->data.root, keyfile, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, "evening.lullroutine");
  before = list_routines (fixture);

  share = lull_routine_share_new_from_file (new_path, before, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lull_routine_share_get_clash (share));
  g_assert_true (lull_routine_share_get_can_replace (share));

  file_name = lull_routine_share_save (share, fixture->data.root, LULL_ROUTINE_SHARE_REPLACE,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpstr (file_name, ==, "evening.lullroutine");
  lull_test_assert_listing (fixture->folder, "evening.lullroutine");

  after = list_routines (fixture);
  replaced = g_list_model_get_item (after, 1);
  g_assert_cmpuint (g_list_model_get_n_items (after), ==, 2);
  g_assert_cmpstr (lull_routine_get_id (replaced), ==, "evening");
  g_assert_cmpstr (lull_routine_get_name (replaced), ==, "New evening");
}

static void
test_missing_cues (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *path = write_routine (fixture, "cues.lullroutine",
                                         "[Routine]\n"
                                         "version=1\n"
                                         "id=cues\n"
                                         "name=Cues\n"
                                         "audio=builtin:thunder\n"
                                         "\n"
                                         "[Step 1]\n"
                                         "kind=breathing\n"
                                         "audio=rain.ogg\n"
                                         "prompt=Breathe.\n"
                                         "\n"
                                         "[Step 2]\n"
                                         "kind=photo-focus\n"
                                         "photo=first-bath.jpg\n"
                                         "prompt=Look at your baby.\n"
                                         "\n"
                                         "[Step 3]\n"
                                         "kind=imagery\n"
                                         "audio=builtin:rain\n"
                                         "prompt=Listen.\n"
                                         "\n"
                                         "[Step 4]\n"
                                         "kind=photo-focus\n"
                                         "photo=smile.jpg\n"
                                         "prompt=Look again.\n");
  const char * const photos[] = { "smile.jpg", NULL };
  g_autoptr(GListStore) none = g_list_store_new (LULL_TYPE_ROUTINE);
  g_autoptr(LullRoutineShare) share = NULL;
  g_autoptr(LullRoutine) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *saved_path = NULL;
  const char * const *notes;

  share = lull_routine_share_new_from_file (path, G_LIST_MODEL (none), builtin_tracks, photos,
                                            &error);
  g_assert_no_error (error);

  notes = lull_routine_share_get_notes (share);
  g_assert_cmpuint (g_strv_length ((char **)notes), ==, 3);
  g_assert_nonnull (strstr (notes[0], "“builtin:thunder”"));
  g_assert_cmpstr (notes[1], ==,
                   "Step 1 named the sound “rain.ogg”, which is not in this Lull’s sound "
                   "library, so it plays none.");
  g_assert_nonnull (strstr (notes[2], "Step 2"));
  g_assert_nonnull (strstr (notes[2], "“first-bath.jpg”"));

  file_name = lull_routine_share_save (share, fixture->data.root, LULL_ROUTINE_SHARE_ADD,
                                       &error);
  g_assert_no_error (error);
  saved_path = g_build_filename (fixture->folder, file_name, NULL);
  saved = load_file (saved_path, NULL);
  g_assert_null (lull_routine_get_audio (saved));
  g_assert_null (lull_step_get_audio (lull_routine_get_step (saved, 0)));
  g_assert_null (lull_step_get_photo (lull_routine_get_step (saved, 1)));
  /* What this Lull has stays. */
  g_assert_cmpstr (lull_step_get_audio (lull_routine_get_step (saved, 2)), ==, "builtin:rain");
  g_assert_cmpstr (lull_step_get_photo (lull_routine_get_step (saved, 3)), ==, "smile.jpg");
}

static void
assert_refused (Fixture    *fixture,
                const char *path,
                GQuark      domain,
                int         code,
                const char *words)
{
  g_autoptr(GListModel) routines = list_routines (fixture);
  g_autoptr(LullRoutineShare) share = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) parser_error = NULL;
  g_autoptr(LullRoutine) parsed = NULL;
  g_autofree char *name = g_path_get_basename (path);

  share = lull_routine_share_new_from_file (path, routines, builtin_tracks, no_ids, &error);
  g_assert_null (share);
  g_assert_error (error, domain, code);
  g_assert_nonnull (strstr (error->message, name));
  g_assert_nonnull (strstr (error->message, words));

  /* Word for word what the routines folder would say. */
  parsed = lull_routine_new_from_file (path, NULL, &parser_error);
  g_assert_null (parsed);
  g_assert_cmpstr (error->message, ==, parser_error->message);
  g_assert_false (g_file_test (fixture->folder, G_FILE_TEST_EXISTS));
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *junk = write_routine (fixture, "junk.lullroutine", "\x89PNG\r\n\x1a\n junk");
  g_autofree char *fifo = g_build_filename (fixture->data.tmp, "pipe.lullroutine", NULL);
  g_autofree char *large = g_build_filename (fixture->data.tmp, "large.lullroutine", NULL);
  g_autofree char *missing = g_build_filename (fixture->data.tmp, "gone.lullroutine", NULL);
  g_autoptr(GString) text = g_string_new (EVENING ("Large"));

  assert_refused (fixture, junk, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_NOT_A_ROUTINE, "routine");

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  assert_refused (fixture, fifo, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_NOT_A_ROUTINE,
                  "not a regular file");

  /* Valid but for its size: a long comment. */
  g_string_append_c (text, '#');
  while (text->len <= 1024 * 1024)
    g_string_append (text, "a calm comment ");
  g_string_append_c (text, '\n');
  lull_test_write_file (large, text->str, text->len);
  assert_refused (fixture, large, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_NOT_A_ROUTINE,
                  "too large");

  assert_refused (fixture, missing, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "could not be read");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/routine-share/export/round-trip", test_export_round_trip);
  ADD ("/routine-share/export/refused", test_export_refused);
  ADD ("/routine-share/import/empty-root", test_import_empty_root);
  ADD ("/routine-share/import/clash-keep-both", test_clash_keep_both);
  ADD ("/routine-share/import/clash-replace", test_clash_replace);
  ADD ("/routine-share/import/missing-cues", test_missing_cues);
  ADD ("/routine-share/import/refused", test_refused);

  return g_test_run ();
}
