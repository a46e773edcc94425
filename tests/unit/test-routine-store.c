/* test-routine-store.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <locale.h>
#include <string.h>

#include "lull-routine-store.h"
#include "lull-test-util.h"

static const char *translated =
  "# Kept through an edit.\n"
  "[Routine]\n"
  "version=1\n"
  "id=evening-calm\n"
  "name=Evening calm\n"
  "name[es]=Calma de la tarde\n"
  "\n"
  "[Step 1]\n"
  "kind=warmth\n"
  "duration=60\n"
  "prompt=Something warm.\n"
  "prompt[es]=Algo cálido.\n"
  "\n"
  "[Step 2]\n"
  "kind=stimulation\n"
  "prompt=Start the pump.\n";

static GKeyFile *
keyfile_from (const char *text)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();

  g_assert_true (g_key_file_load_from_data (keyfile, text, -1,
                                            G_KEY_FILE_KEEP_COMMENTS
                                            | G_KEY_FILE_KEEP_TRANSLATIONS, NULL));
  return g_steal_pointer (&keyfile);
}

static const LullRoutineProblem *
find_problem (GPtrArray  *problems,
              const char *group,
              const char *key)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const LullRoutineProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->group, group) == 0 && g_strcmp0 (problem->key, key) == 0)
        return problem;
    }

  return NULL;
}

/* The editor's checks are the parser's, each problem by its field, and
 * all of them, not the first five a message lists. */
static void
test_check_keyfile (void)
{
  g_autoptr(GKeyFile) keyfile = keyfile_from (translated);
  g_autoptr(GPtrArray) none = lull_routine_check_keyfile (keyfile, NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  const LullRoutineProblem *problem;

  g_assert_cmpuint (none->len, ==, 0);

  g_key_file_set_string (keyfile, "Routine", "id", "Evening Calm");
  g_key_file_set_string (keyfile, "Step 1", "duration", "forever");
  g_key_file_set_string (keyfile, "Step 2", "kind", "juggling");
  for (int i = 3; i <= 9; i++)
    {
      g_autofree char *group = g_strdup_printf ("Step %d", i);

      g_key_file_set_string (keyfile, group, "kind", "rest");
      g_key_file_set_string (keyfile, group, "duration", "-1");
      g_key_file_set_string (keyfile, group, "prompt", "Rest.");
    }
  problems = lull_routine_check_keyfile (keyfile, NULL);
  g_assert_cmpuint (problems->len, >=, 10);

  problem = find_problem (problems, "Routine", "id");
  g_assert_nonnull (problem);
  /* A sentence of its own: it starts with a capital. */
  g_assert_true (g_unichar_isupper (g_utf8_get_char (problem->message)));
  g_assert_nonnull (find_problem (problems, "Step 1", "duration"));
  g_assert_nonnull (find_problem (problems, "Step 2", "kind"));
  g_assert_nonnull (find_problem (problems, "Step 9", "duration"));

  /* What the editor refuses, the parser refuses too. */
  g_assert_null (lull_routine_new_from_keyfile (keyfile, NULL, &error));
  g_assert_error (error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_BAD_VALUE);
}

/* A saved routine loads again with its translations and comments, in a
 * private file named after its id; a second one with the same id does
 * not replace the first file. */
static void
test_save_and_remove (void)
{
  const char *languages[] = { "es", "C", NULL };
  LullTestDataRoot data;
  g_autoptr(GKeyFile) keyfile = keyfile_from (translated);
  g_autoptr(GError) error = NULL;
  g_autoptr(LullRoutine) routine = NULL;
  g_autoptr(GKeyFile) copy = NULL;
  g_autofree char *name = NULL;
  g_autofree char *second = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  lull_test_data_root_init (&data, "lull-routine-store-XXXXXX");
  g_assert_true (lull_data_root_prepare (data.root, &error));

  name = lull_routine_store_save (data.root, keyfile, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "evening-calm.lullroutine");
  path = lull_data_root_build_filename (data.root, "routines", name, NULL);
  g_assert_cmpuint (lull_test_mode_of (path), ==, 0600);

  routine = lull_routine_new_from_file (path, languages, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lull_routine_get_name (routine), ==, "Calma de la tarde");
  g_assert_cmpstr (lull_step_get_prompt (lull_routine_get_step (routine, 0)), ==, "Algo cálido.");
  copy = lull_routine_dup_keyfile (routine);
  text = g_key_file_to_data (copy, NULL, NULL);
  g_assert_nonnull (strstr (text, "# Kept through an edit."));

  second = lull_routine_store_save (data.root, keyfile, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second, ==, "evening-calm-2.lullroutine");

  /* Replacing a file by its name. */
  g_key_file_set_string (keyfile, "Routine", "name", "Evening rest");
  g_free (lull_routine_store_save (data.root, keyfile, name, &error));
  g_assert_no_error (error);
  g_clear_object (&routine);
  routine = lull_routine_new_from_file (path, NULL, &error);
  g_assert_cmpstr (lull_routine_get_name (routine), ==, "Evening rest");

  /* A routine that would not load is never written. */
  g_key_file_set_string (keyfile, "Step 1", "kind", "juggling");
  g_assert_null (lull_routine_store_save (data.root, keyfile, name, &error));
  g_assert_error (error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_BAD_VALUE);
  g_clear_error (&error);
  g_clear_object (&routine);
  routine = lull_routine_new_from_file (path, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (lull_routine_store_remove (data.root, name, &error));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Already gone is no error. */
  g_assert_true (lull_routine_store_remove (data.root, name, &error));
  g_assert_no_error (error);

  g_clear_object (&routine);
  lull_test_data_root_clear (&data);
}

static void
append_named (GListStore *routines,
              const char *id,
              const char *name)
{
  g_autofree char *text = g_strdup_printf ("[Routine]\nversion=1\nid=%s\nname=%s\n\n"
                                           "[Step 1]\nkind=rest\nprompt=Rest.\n", id, name);
  g_autoptr(GError) error = NULL;
  g_autoptr(LullRoutine) routine = lull_routine_new_from_data (text, -1, NULL, &error);

  g_assert_no_error (error);
  g_list_store_append (routines, routine);
}

static void
append_routine (GListStore *routines,
                const char *id)
{
  append_named (routines, id, "A");
}

static void
test_unique_id (void)
{
  g_autoptr(GListStore) routines = g_list_store_new (LULL_TYPE_ROUTINE);
  g_autofree char *free_id = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *long_id = NULL;
  g_autofree char *long_base = g_strnfill (64, 'a');

  free_id = lull_routine_store_unique_id (G_LIST_MODEL (routines), "calm");
  g_assert_cmpstr (free_id, ==, "calm");

  append_routine (routines, "calm");
  second = lull_routine_store_unique_id (G_LIST_MODEL (routines), "calm");
  g_assert_cmpstr (second, ==, "calm-2");
  append_routine (routines, "calm-2");
  third = lull_routine_store_unique_id (G_LIST_MODEL (routines), "calm");
  g_assert_cmpstr (third, ==, "calm-3");

  /* Still a valid id: 64 bytes at most. */
  append_routine (routines, long_base);
  long_id = lull_routine_store_unique_id (G_LIST_MODEL (routines), long_base);
  g_assert_cmpuint (strlen (long_id), ==, 64);
  g_assert_true (g_str_has_suffix (long_id, "-2"));
}

static char *
unique_name_of (GListStore *routines,
                const char *text,
                const char *key)
{
  g_autoptr(GKeyFile) keyfile = keyfile_from (text);

  lull_routine_store_unique_name (G_LIST_MODEL (routines), keyfile);
  return g_key_file_get_string (keyfile, "Routine", key, NULL);
}

/* A routine added beside one of the same name is told apart from it. */
static void
test_unique_name (void)
{
  g_autoptr(GListStore) routines = g_list_store_new (LULL_TYPE_ROUTINE);
  g_autofree char *free_name = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *second_copy = NULL;
  g_autofree char *translation = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *other = NULL;
  g_autofree char *long_name = g_strnfill (80, 'a');
  g_autofree char *long_text = NULL;
  g_autofree char *long_copy = NULL;

  /* Its name is free: it stays. */
  free_name = unique_name_of (routines, translated, "name");
  g_assert_cmpstr (free_name, ==, "Evening calm");

  append_named (routines, "one", "Evening calm");
  copy = unique_name_of (routines, translated, "name");
  g_assert_cmpstr (copy, ==, "Evening calm (copy)");
  append_named (routines, "two", "Evening calm (copy)");
  second_copy = unique_name_of (routines, translated, "name");
  g_assert_cmpstr (second_copy, ==, "Evening calm (copy 2)");

  /* The name shown is a translation: it gets the mark, and so does the
   * untranslated name. */
  g_setenv ("LANGUAGE", "es", TRUE);
  g_list_store_remove_all (routines);
  append_named (routines, "one", "Calma de la tarde");
  translation = unique_name_of (routines, translated, "name[es]");
  plain = unique_name_of (routines, translated, "name");
  g_assert_cmpstr (translation, ==, "Calma de la tarde (copy)");
  g_assert_cmpstr (plain, ==, "Evening calm (copy)");
  /* In English the name shown is the untranslated one, which is free. */
  g_setenv ("LANGUAGE", "C", TRUE);
  other = unique_name_of (routines, translated, "name");
  g_assert_cmpstr (other, ==, "Evening calm");

  /* Still a valid name: 80 characters at most. */
  append_named (routines, "long", long_name);
  long_text = g_strdup_printf ("[Routine]\nversion=1\nid=long\nname=%s\n", long_name);
  long_copy = unique_name_of (routines, long_text, "name");
  g_assert_cmpuint (g_utf8_strlen (long_copy, -1), ==, 80);
  g_assert_true (g_str_has_suffix (long_copy, "a (copy)"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/routine-store/check-keyfile", test_check_keyfile);
  g_test_add_func ("/routine-store/save-and-remove", test_save_and_remove);
  g_test_add_func ("/routine-store/unique-id", test_unique_id);
  g_test_add_func ("/routine-store/unique-name", test_unique_name);

  return g_test_run ();
}
