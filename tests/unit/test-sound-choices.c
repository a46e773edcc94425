/* test-sound-choices.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "lull-sound-choices.h"
#include "lull-test-util.h"

typedef struct
{
  LullTestDataRoot  data;
  char             *choices_path;
  LullSoundChoices *choices;
} Fixture;

/* Step 1 has no audio, step 2 names its own, step 3 has none either; the
 * whole session plays rain unless the parent says otherwise. */
static const char routine_text[] =
  "[Routine]\n"
  "version=1\n"
  "id=desk-quick\n"
  "name=Quick desk routine\n"
  "audio=builtin:rain\n"
  "\n"
  "[Step 1]\n"
  "kind=warmth\n"
  "duration=60\n"
  "prompt=Hold something warm.\n"
  "\n"
  "[Step 2]\n"
  "kind=imagery\n"
  "duration=120\n"
  "prompt=Picture your baby.\n"
  "audio=builtin:imagery-short\n"
  "\n"
  "[Step 3]\n"
  "kind=stimulation\n"
  "prompt=Start the pump.\n";

static LullRoutine *
new_routine (const char *text)
{
  g_autoptr(GError) error = NULL;
  const char * const languages[] = { "C", NULL };
  LullRoutine *routine;

  routine = lull_routine_new_from_data (text, -1, languages, &error);
  g_assert_no_error (error);

  return routine;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  lull_test_data_root_init (&fixture->data, "lull-sound-choices-XXXXXX");
  fixture->choices_path = g_build_filename (fixture->data.path, "sound-choices.ini", NULL);
  fixture->choices = lull_sound_choices_new (fixture->data.root);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->choices);
  lull_test_data_root_clear (&fixture->data);
  g_free (fixture->choices_path);
}

static void
set_ok (LullSoundChoices *choices,
        const char       *routine_id,
        int               step,
        const char       *track_id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lull_sound_choices_set (choices, routine_id, step, track_id, &error));
  g_assert_no_error (error);
}

/* Loads with a fresh array and checks how many problems it found. */
static void
load_expecting (LullSoundChoices *choices,
                guint             n_problems)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  lull_sound_choices_load (choices, problems);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (char *)g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, n_problems);
}

/* The choices file, which must be a keyfile; its text goes to @contents. */
static GKeyFile *
read_choices_file (Fixture  *fixture,
                   char    **contents)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  *contents = lull_test_read_file (fixture->choices_path);
  g_key_file_load_from_data (keyfile, *contents, -1, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&keyfile);
}

static void
test_missing_is_no_choices (Fixture       *fixture,
                            gconstpointer  data)
{
  load_expecting (fixture->choices, 0);

  g_assert_null (lull_sound_choices_get (fixture->choices, "desk-quick", -1));
  g_assert_null (lull_sound_choices_get (fixture->choices, "desk-quick", 0));
  /* Loading writes nothing. */
  g_assert_false (g_file_test (fixture->choices_path, G_FILE_TEST_EXISTS));
}

static void
count_changed (LullSoundChoices *choices,
               guint            *count)
{
  (*count)++;
}

static void
test_set_get (Fixture       *fixture,
              gconstpointer  data)
{
  guint changed = 0;

  load_expecting (fixture->choices, 0);
  g_signal_connect (fixture->choices, "changed", G_CALLBACK (count_changed), &changed);

  set_ok (fixture->choices, "desk-quick", -1, "builtin:waves");
  set_ok (fixture->choices, "desk-quick", 2, "Canción de cuna.opus");
  set_ok (fixture->choices, "hands-on", 0, " leading space.ogg");
  g_assert_cmpuint (changed, ==, 3);

  g_assert_cmpstr (lull_sound_choices_get (fixture->choices, "desk-quick", -1), ==,
                   "builtin:waves");
  g_assert_cmpstr (lull_sound_choices_get (fixture->choices, "desk-quick", 2), ==,
                   "Canción de cuna.opus");
  g_assert_null (lull_sound_choices_get (fixture->choices, "desk-quick", 0));
  g_assert_cmpstr (lull_sound_choices_get (fixture->choices, "hands-on", 0), ==,
                   " leading space.ogg");
  g_assert_null (lull_sound_choices_get (fixture->choices, "hands-on", -1));

  /* The same choice again is no change. */
  set_ok (fixture->choices, "desk-quick", -1, "builtin:waves");
  g_assert_cmpuint (changed, ==, 3);
}

static void
test_file_layout (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *contents = NULL;

  set_ok (fixture->choices, "desk-quick", -1, "builtin:waves");
  set_ok (fixture->choices, "desk-quick", 2, "lullaby.ogg");

  keyfile = read_choices_file (fixture, &contents);
  g_assert_true (g_str_has_prefix (contents, "[Sound choices]\nversion=1\n"));
  lull_test_assert_key_value (keyfile, "routine:desk-quick", "default", "builtin:waves");
  /* Steps count from 1 in the file, as in routine files. */
  lull_test_assert_key_value (keyfile, "routine:desk-quick", "step-3", "lullaby.ogg");
}

static void
test_resolve_order (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(LullRoutine) routine = new_routine (routine_text);
  g_autoptr(LullRoutine) silent = NULL;

  load_expecting (fixture->choices, 0);

  /* Nothing chosen: the step's own audio, else the routine's. */
  g_assert_cmpstr (lull_sound_choices_resolve (fixture->choices, routine, 0), ==, "builtin:rain");
  g_assert_cmpstr (lull_sound_choices_resolve (fixture->choices, routine, 1), ==,
                   "builtin:imagery-short");

  /* The parent's default beats the routine's, not a step's own audio. */
  set_ok (fixture->choices, "desk-quick", -1, "builtin:waves");
  g_assert_cmpstr (lull_sound_choices_resolve (fixture->choices, routine, 0), ==,
                   "builtin:waves");
  g_assert_cmpstr (lull_sound_choices_resolve (fixture->choices, routine, 1), ==,
                   "builtin:imagery-short");
  g_assert_cmpstr (lull_sound_choices_resolve (fixture->choices, routine, 2), ==,
                   "builtin:waves");

  /* A step choice beats everything. */
  set_ok (fixture->choices, "desk-quick", 1, "my voice.opus");
  set_ok (fixture->choices, "desk-quick", 2, "lullaby.ogg");
  g_assert_cmpstr (lull_sound_choices_resolve (fixture->choices, routine, 1), ==, "my voice.opus");
  g_assert_cmpstr (lull_sound_choices_resolve (fixture->choices, routine, 2), ==, "lullaby.ogg");
  g_assert_cmpstr (lull_sound_choices_resolve (fixture->choices, routine, 0), ==,
                   "builtin:waves");

  /* Another routine's choices are its own. */
  set_ok (fixture->choices, "hands-on", 0, "other.ogg");
  g_assert_cmpstr (lull_sound_choices_resolve (fixture->choices, routine, 0), ==,
                   "builtin:waves");

  /* No audio anywhere: silence. */
  silent = new_routine ("[Routine]\nversion=1\nid=quiet\nname=Quiet\n"
                        "[Step 1]\nkind=rest\nprompt=Rest.\n");
  g_assert_null (lull_sound_choices_resolve (fixture->choices, silent, 0));
}

static void
test_forget (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(LullRoutine) routine = new_routine (routine_text);
  g_autoptr(LullSoundChoices) again = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *contents = NULL;
  guint changed = 0;

  set_ok (fixture->choices, "desk-quick", -1, "builtin:waves");
  set_ok (fixture->choices, "desk-quick", 1, "my voice.opus");
  g_signal_connect (fixture->choices, "changed", G_CALLBACK (count_changed), &changed);

  set_ok (fixture->choices, "desk-quick", 1, NULL);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_null (lull_sound_choices_get (fixture->choices, "desk-quick", 1));
  g_assert_cmpstr (lull_sound_choices_resolve (fixture->choices, routine, 1), ==,
                   "builtin:imagery-short");

  set_ok (fixture->choices, "desk-quick", -1, NULL);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpstr (lull_sound_choices_resolve (fixture->choices, routine, 0), ==, "builtin:rain");

  /* Forgetting what was never chosen changes nothing. */
  set_ok (fixture->choices, "desk-quick", 0, NULL);
  g_assert_cmpuint (changed, ==, 2);

  /* An empty group is not left behind, and a new object agrees. */
  keyfile = read_choices_file (fixture, &contents);
  g_assert_false (g_key_file_has_group (keyfile, "routine:desk-quick"));

  again = lull_sound_choices_new (fixture->data.root);
  load_expecting (again, 0);
  g_assert_null (lull_sound_choices_get (again, "desk-quick", -1));
  g_assert_null (lull_sound_choices_get (again, "desk-quick", 1));
}

static void
test_persistence (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(LullSoundChoices) again = NULL;

  load_expecting (fixture->choices, 0);
  set_ok (fixture->choices, "desk-quick", -1, "builtin:waves");
  set_ok (fixture->choices, "desk-quick", 99, "Canción de cuna.opus");
  set_ok (fixture->choices, "my-own-routine-2", 0, "=odd [name].ogg");

  again = lull_sound_choices_new (fixture->data.root);
  g_assert_null (lull_sound_choices_get (again, "desk-quick", -1));
  load_expecting (again, 0);
  g_assert_cmpstr (lull_sound_choices_get (again, "desk-quick", -1), ==, "builtin:waves");
  g_assert_cmpstr (lull_sound_choices_get (again, "desk-quick", 99), ==, "Canción de cuna.opus");
  g_assert_cmpstr (lull_sound_choices_get (again, "my-own-routine-2", 0), ==, "=odd [name].ogg");
}

static void
test_file_mode (Fixture       *fixture,
                gconstpointer  data)
{
  set_ok (fixture->choices, "desk-quick", -1, "builtin:waves");

  g_assert_cmpuint (lull_test_mode_of (fixture->choices_path), ==, 0600);
  /* The data root did not exist yet: it is made private. */
  g_assert_cmpuint (lull_test_mode_of (fixture->data.path), ==, 0700);
}

static void
test_bad_ids_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  static const char * const bad_tracks[] = {
    "/etc/passwd", "../music/song.ogg", "file:///home/me/song.ogg", "", "builtin:Rain",
    ".hidden.ogg", "line\nbreak.ogg",
  };

  set_ok (fixture->choices, "desk-quick", -1, "builtin:waves");

  /* The library only hands out valid ids: anything else is a bug. */
  for (guint i = 0; i < G_N_ELEMENTS (bad_tracks); i++)
    {
      g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*lull_track_id_is_valid*");
      g_assert_false (lull_sound_choices_set (fixture->choices, "desk-quick", -1,
                                              bad_tracks[i], &error));
      g_test_assert_expected_messages ();
      g_assert_no_error (error);
    }

  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*routine_id_is_valid*");
  g_assert_false (lull_sound_choices_set (fixture->choices, "Desk]Quick", -1, "a.ogg", &error));
  g_test_assert_expected_messages ();

  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*step*");
  g_assert_false (lull_sound_choices_set (fixture->choices, "desk-quick", -2, "a.ogg", &error));
  g_test_assert_expected_messages ();

  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*step*");
  g_assert_false (lull_sound_choices_set (fixture->choices, "desk-quick", 100, "a.ogg", &error));
  g_test_assert_expected_messages ();

  g_assert_cmpstr (lull_sound_choices_get (fixture->choices, "desk-quick", -1), ==,
                   "builtin:waves");
}

typedef struct
{
  const char *name;
  const char *contents;
} DamagedCase;

static const DamagedCase damaged_cases[] = {
  { "not-a-keyfile", "this is not a keyfile\n" },
  { "not-utf8", "[Sound choices]\nversion=1\n[routine:a]\ndefault=\xff\xfe.ogg\n" },
  { "no-version", "[routine:desk-quick]\ndefault=builtin:waves\n" },
  { "bad-version", "[Sound choices]\nversion=one\n[routine:desk-quick]\ndefault=builtin:waves\n" },
  { "newer-version", "[Sound choices]\nversion=2\n[routine:desk-quick]\ndefault=builtin:waves\n" },
  { "path", "[Sound choices]\nversion=1\n[routine:desk-quick]\ndefault=builtin:waves\n"
            "step-1=/etc/passwd\n" },
  { "address", "[Sound choices]\nversion=1\n[routine:desk-quick]\n"
               "default=file:///home/me/song.ogg\n" },
  { "empty-id", "[Sound choices]\nversion=1\n[routine:desk-quick]\ndefault=\n" },
  { "bad-routine", "[Sound choices]\nversion=1\n[routine:Desk Quick]\ndefault=builtin:waves\n" },
  { "step-zero", "[Sound choices]\nversion=1\n[routine:desk-quick]\nstep-0=builtin:waves\n" },
  { "step-leading-zero", "[Sound choices]\nversion=1\n[routine:desk-quick]\n"
                         "step-01=builtin:waves\n" },
  { "step-too-far", "[Sound choices]\nversion=1\n[routine:desk-quick]\n"
                    "step-101=builtin:waves\n" },
  { "step-word", "[Sound choices]\nversion=1\n[routine:desk-quick]\nstep-two=builtin:waves\n" },
};

static void
test_damaged (Fixture       *fixture,
              gconstpointer  data)
{
  const DamagedCase *damaged = data;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  /* Choices held before the file was spoiled are dropped too. */
  set_ok (fixture->choices, "desk-quick", 0, "builtin:waves");
  lull_test_write_file (fixture->choices_path, damaged->contents, -1);

  lull_sound_choices_load (fixture->choices, problems);
  g_assert_cmpuint (problems->len, ==, 1);
  g_test_message ("%s", (char *)g_ptr_array_index (problems, 0));
  g_assert_null (lull_sound_choices_get (fixture->choices, "desk-quick", -1));
  g_assert_null (lull_sound_choices_get (fixture->choices, "desk-quick", 0));

  /* Left as it was: nothing deleted, nothing moved yet. */
  after = lull_test_read_file (fixture->choices_path);
  g_assert_cmpstr (after, ==, damaged->contents);
  g_assert_false (g_file_test (fixture->data.quarantine, G_FILE_TEST_EXISTS));

  /* The next choice keeps the old file in quarantine/ and starts anew. */
  set_ok (fixture->choices, "desk-quick", 0, "builtin:waves");
  g_assert_cmpuint (lull_test_count_files (fixture->data.quarantine), ==, 1);
  load_expecting (fixture->choices, 0);
  g_assert_cmpstr (lull_sound_choices_get (fixture->choices, "desk-quick", 0), ==,
                   "builtin:waves");
  g_assert_null (lull_sound_choices_get (fixture->choices, "desk-quick", -1));
}

static void
test_unknown_kept (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *contents = NULL;

  /* What a newer Lull of the same version may add, and a comment by hand. */
  lull_test_write_file (fixture->choices_path,
                        "# chosen for the night feeds\n"
                        "[Sound choices]\nversion=1\nsomething-new=yes\n"
                        "[routine:desk-quick]\ndefault=builtin:waves\nvolume=0.5\n"
                        "[Some other group]\nkey=value\n", -1);
  load_expecting (fixture->choices, 0);
  g_assert_cmpstr (lull_sound_choices_get (fixture->choices, "desk-quick", -1), ==,
                   "builtin:waves");

  set_ok (fixture->choices, "desk-quick", 0, "lullaby.ogg");
  keyfile = read_choices_file (fixture, &contents);
  g_assert_nonnull (strstr (contents, "# chosen for the night feeds"));
  lull_test_assert_key_value (keyfile, "Sound choices", "something-new", "yes");
  lull_test_assert_key_value (keyfile, "routine:desk-quick", "volume", "0.5");
  lull_test_assert_key_value (keyfile, "routine:desk-quick", "step-1", "lullaby.ogg");
  lull_test_assert_key_value (keyfile, "Some other group", "key", "value");
}

/* Opening a FIFO for reading blocks until something writes to it: without
 * the regular-file rule this test would hang, so an alarm ends it. */
static void
test_fifo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (g_mkdir_with_parents (fixture->data.path, 0700), ==, 0);
  g_assert_cmpint (mkfifo (fixture->choices_path, 0600), ==, 0);

  alarm (20);
  lull_sound_choices_load (fixture->choices, problems);
  alarm (0);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "sound-choices.ini"));

  /* Not Lull's to move: the next save simply puts a file in its place. */
  set_ok (fixture->choices, "desk-quick", -1, "builtin:waves");
  g_assert_true (g_file_test (fixture->choices_path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (fixture->data.quarantine, G_FILE_TEST_EXISTS));
}

/* Root may write anywhere, so as root the write is done as another user,
 * one who may pass through the folders but not write in them. Otherwise
 * the data root is made read-only to its owner. */
static void
forbid_writing (Fixture *fixture)
{
  if (getuid () == 0)
    {
      g_assert_cmpint (g_chmod (fixture->data.tmp, 0711), ==, 0);
      g_assert_cmpint (g_chmod (fixture->data.path, 0711), ==, 0);
      g_assert_cmpint (seteuid (65534), ==, 0);
    }
  else
    {
      g_assert_cmpint (g_chmod (fixture->data.path, 0500), ==, 0);
    }
}

static void
allow_writing (Fixture *fixture)
{
  if (getuid () == 0)
    {
      g_assert_cmpint (seteuid (0), ==, 0);
      g_assert_cmpint (g_chmod (fixture->data.tmp, 0700), ==, 0);
    }
  g_assert_cmpint (g_chmod (fixture->data.path, 0700), ==, 0);
}

static void
test_write_failure (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint changed = 0;
  gboolean ok;

  set_ok (fixture->choices, "desk-quick", -1, "builtin:waves");
  before = lull_test_read_file (fixture->choices_path);
  g_signal_connect (fixture->choices, "changed", G_CALLBACK (count_changed), &changed);

  forbid_writing (fixture);
  ok = lull_sound_choices_set (fixture->choices, "desk-quick", -1, "lullaby.ogg", &error);
  allow_writing (fixture);

  g_assert_false (ok);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES);
  g_test_message ("%s", error->message);
  g_assert_cmpuint (changed, ==, 0);
  g_assert_cmpstr (lull_sound_choices_get (fixture->choices, "desk-quick", -1), ==,
                   "builtin:waves");
  after = lull_test_read_file (fixture->choices_path);
  g_assert_cmpstr (after, ==, before);
  /* No temporary file is left behind either. */
  g_assert_cmpuint (lull_test_count_files (fixture->data.path), ==, 1);
}

static void
test_write_failure_not_a_folder (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* A file where the data folder should be: true for root as well. */
  lull_test_write_file (fixture->data.path, "in the way", -1);

  g_assert_false (lull_sound_choices_set (fixture->choices, "desk-quick", -1, "a.ogg", &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (error->domain, ==, G_FILE_ERROR);
  g_assert_null (lull_sound_choices_get (fixture->choices, "desk-quick", -1));
}

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/sound-choices/missing-is-no-choices", test_missing_is_no_choices);
  ADD_TEST ("/sound-choices/set-get", test_set_get);
  ADD_TEST ("/sound-choices/file-layout", test_file_layout);
  ADD_TEST ("/sound-choices/resolve-order", test_resolve_order);
  ADD_TEST ("/sound-choices/forget", test_forget);
  ADD_TEST ("/sound-choices/persistence", test_persistence);
  ADD_TEST ("/sound-choices/file-mode", test_file_mode);
  ADD_TEST ("/sound-choices/bad-ids-refused", test_bad_ids_refused);
  ADD_TEST ("/sound-choices/unknown-kept", test_unknown_kept);
  ADD_TEST ("/sound-choices/not-regular/fifo", test_fifo);
  ADD_TEST ("/sound-choices/write-failure/read-only", test_write_failure);
  ADD_TEST ("/sound-choices/write-failure/not-a-folder", test_write_failure_not_a_folder);

  for (guint i = 0; i < G_N_ELEMENTS (damaged_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/sound-choices/damaged/", damaged_cases[i].name,
                                           NULL);

      g_test_add (path, Fixture, &damaged_cases[i], fixture_set_up, test_damaged,
                  fixture_tear_down);
    }

  return g_test_run ();
}
