/* test-history.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lull-history.h"
#include "lull-test-util.h"

typedef struct
{
  char         *tmp;
  char         *root_path;
  char         *history_path;
  LullDataRoot *root;
  gboolean      mounted;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->tmp = lull_test_make_tmp_dir ("lull-history-XXXXXX");
  fixture->root_path = g_build_filename (fixture->tmp, "lull", NULL);
  fixture->history_path = g_build_filename (fixture->root_path, "history", NULL);
  fixture->root = lull_data_root_new (fixture->root_path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->mounted)
    g_assert_cmpint (umount2 (fixture->root_path, MNT_DETACH), ==, 0);

  g_assert_finalize_object (fixture->root);
  lull_test_remove_tree (fixture->tmp);
  g_free (fixture->history_path);
  g_free (fixture->root_path);
  g_free (fixture->tmp);
}

static char *
month_path (Fixture    *fixture,
            const char *month)
{
  g_autofree char *name = g_strconcat (month, ".ini", NULL);

  return g_build_filename (fixture->history_path, name, NULL);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

static char *
read_month (Fixture    *fixture,
            const char *month)
{
  g_autofree char *path = month_path (fixture, month);

  return read_file (path);
}

static void
write_file (const char *path,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
}

static void
write_month (Fixture    *fixture,
             const char *month,
             const char *contents,
             gssize      length)
{
  g_autofree char *path = month_path (fixture, month);

  write_file (path, contents, length);
}

static LullRecord *
new_record (const char *start_iso8601,
            guint       pump_seconds,
            int         volume_ml)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (start_iso8601, NULL);
  LullRecord *record;
  static const guint letdowns[] = { 95, 210 };
  static const char * const cues[] = { "audio", "breathing", NULL };

  g_assert_nonnull (start);
  record = lull_record_new (start);
  lull_record_set_prime_seconds (record, 120);
  lull_record_set_pump_seconds (record, pump_seconds);
  lull_record_set_letdowns (record, letdowns, G_N_ELEMENTS (letdowns));
  lull_record_set_volume_ml (record, volume_ml);
  lull_record_set_ease (record, 4);
  lull_record_set_routine (record, "desk-quick");
  lull_record_set_cues (record, cues);
  lull_record_set_notes (record, "First line.\nSecond line — ñ.");

  return record;
}

static LullHistory *
load_history (Fixture   *fixture,
              GPtrArray *problems)
{
  g_autoptr(LullHistory) history = lull_history_new (fixture->root);
  g_autoptr(GError) error = NULL;

  g_assert_true (lull_history_load (history, problems, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&history);
}

static void
append_ok (LullHistory *history,
           LullRecord  *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lull_history_append (history, record, &error));
  g_assert_no_error (error);
}

static LullRecord *
record_at (LullHistory *history,
           guint        position)
{
  LullRecord *record = g_list_model_get_item (lull_history_get_records (history), position);

  g_assert_nonnull (record);
  g_object_unref (record);  /* the model keeps it alive */
  return record;
}

static char *
key_at (LullHistory *history,
        guint        position)
{
  return lull_record_dup_key (record_at (history, position));
}

static guint
n_records (LullHistory *history)
{
  return g_list_model_get_n_items (lull_history_get_records (history));
}

static guint
count_entries (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint count = 0;

  if (dir == NULL)
    return 0;

  while (g_dir_read_name (dir) != NULL)
    count++;

  return count;
}

static gboolean
has_problem_with (GPtrArray  *problems,
                  const char *first,
                  const char *second)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const char *problem = g_ptr_array_index (problems, i);

      if (strstr (problem, first) != NULL && (second == NULL || strstr (problem, second) != NULL))
        return TRUE;
    }

  return FALSE;
}

static void
test_empty_history (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LullHistory) history = load_history (fixture, problems);

  /* No history folder yet: an empty history, nothing created. */
  g_assert_cmpuint (n_records (history), ==, 0);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_false (g_file_test (fixture->history_path, G_FILE_TEST_EXISTS));

  g_assert_finalize_object (g_steal_pointer (&history));
}

static void
test_append_creates_private_files (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(LullHistory) history = load_history (fixture, NULL);
  g_autoptr(LullRecord) record = new_record ("2026-11-23T11:15:02+01:00", 1140, 115);
  g_autofree char *path = month_path (fixture, "2026-11");
  g_autofree char *contents = NULL;
  g_autofree char *expected_group = NULL;

  append_ok (history, record);

  g_assert_cmpuint (lull_test_mode_of (fixture->root_path), ==, 0700);
  g_assert_cmpuint (lull_test_mode_of (fixture->history_path), ==, 0700);
  g_assert_cmpuint (lull_test_mode_of (path), ==, 0600);

  contents = read_file (path);
  g_assert_true (g_str_has_prefix (contents, "[Lull History]\nversion=1\n"));
  expected_group = lull_test_record_to_text (record);
  g_assert_nonnull (strstr (contents, expected_group));
  g_assert_nonnull (strstr (contents, "\nnotes=First line.\\nSecond line — ñ.\n"));

  g_assert_cmpuint (n_records (history), ==, 1);
  g_assert_true (record_at (history, 0) == record);

  /* No temporary file is left next to it. */
  g_assert_cmpuint (count_entries (fixture->history_path), ==, 1);

  g_assert_finalize_object (g_steal_pointer (&history));
  g_assert_finalize_object (g_steal_pointer (&record));
}

static void
test_two_months_sorted (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(LullHistory) history = load_history (fixture, NULL);
  g_autoptr(LullRecord) december = new_record ("2026-12-01T08:00:00+01:00", 900, 80);
  g_autoptr(LullRecord) november = new_record ("2026-11-30T21:00:00+01:00", 900, 90);
  g_autoptr(LullRecord) late_november = new_record ("2026-11-30T23:30:00+01:00", 900, 70);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *december_path = month_path (fixture, "2026-12");
  g_autofree char *november_path = month_path (fixture, "2026-11");
  g_autofree char *november_text = NULL;

  append_ok (history, december);
  append_ok (history, late_november);
  append_ok (history, november);

  g_assert_true (g_file_test (december_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (november_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_entries (fixture->history_path), ==, 2);

  /* 23:30+01:00 on the 30th is December in UTC but November where the
   * parent is: the local date picks the file. */
  november_text = read_file (november_path);
  g_assert_nonnull (strstr (november_text, "[2026-11-30T22:30:00Z]"));

  g_assert_cmpuint (n_records (history), ==, 3);
  first = key_at (history, 0);
  last = key_at (history, 2);
  g_assert_cmpstr (first, ==, "2026-11-30T20:00:00Z");
  g_assert_cmpstr (last, ==, "2026-12-01T07:00:00Z");
}

static void
test_duplicate_refused (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(LullHistory) history = load_history (fixture, NULL);
  g_autoptr(LullRecord) record = new_record ("2026-11-23T11:15:02+01:00", 1140, 115);
  g_autoptr(LullRecord) same = new_record ("2026-11-23T11:15:02+01:00", 600, 20);
  g_autoptr(LullRecord) same_moment = new_record ("2026-11-23T10:15:02+00:00", 600, 20);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = month_path (fixture, "2026-11");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  append_ok (history, record);
  before = read_file (path);

  g_assert_false (lull_history_append (history, same, &error));
  g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* The same moment written with another offset is the same session. */
  g_assert_false (lull_history_append (history, same_moment, &error));
  g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DUPLICATE);

  g_assert_cmpuint (n_records (history), ==, 1);
  after = read_file (path);
  g_assert_cmpstr (after, ==, before);
}

static void
test_invalid_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(LullHistory) history = load_history (fixture, NULL);
  g_autoptr(LullRecord) record = new_record ("2026-11-23T11:15:02+01:00", 1140, 115);
  g_autoptr(GError) error = NULL;

  lull_record_set_volume_sides_ml (record, 1001, 10);

  g_assert_false (lull_history_append (history, record, &error));
  g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_INVALID);
  g_assert_cmpuint (n_records (history), ==, 0);
  g_assert_false (g_file_test (fixture->history_path, G_FILE_TEST_EXISTS));
}

static void
test_reload_equals_appended (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(LullHistory) history = load_history (fixture, NULL);
  g_autoptr(LullHistory) reloaded = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  const char *starts[] = {
    "2026-12-02T09:00:00+01:00",
    "2026-10-31T23:59:59+02:00",
    "2026-11-01T00:00:01+01:00",
    "2026-11-23T11:15:02-08:00",
    "2027-01-01T00:05:00+13:00",
  };

  for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
    {
      g_autoptr(LullRecord) record = new_record (starts[i], 600 + i, 50 + (int)i);

      if (i == 1)
        lull_record_set_volume_sides_ml (record, 30, 45);
      if (i == 2)
        lull_record_set_place (record, "Sala de lactancia\nsegunda planta");
      append_ok (history, record);
    }

  reloaded = load_history (fixture, problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (n_records (reloaded), ==, G_N_ELEMENTS (starts));

  for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
    {
      g_autofree char *appended = lull_test_record_to_text (record_at (history, i));
      g_autofree char *read_back = lull_test_record_to_text (record_at (reloaded, i));

      g_assert_cmpstr (read_back, ==, appended);
    }

  g_assert_finalize_object (g_steal_pointer (&reloaded));
  g_assert_finalize_object (g_steal_pointer (&history));
}

static void
test_damaged_months_quarantined (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *quarantine = g_build_filename (fixture->root_path, "quarantine", NULL);
  g_autofree char *october = NULL;
  static const char junk[] = "\x00\x01\x02\xff\xfe binary junk \x00";
  static const char not_utf8[] = "[Lull History]\nversion=1\n\n[2026-09-01T08:00:00Z]\n"
                                 "start=2026-09-01T10:00:00+02:00\nnotes=caf\xe9\n";

  {
    g_autoptr(LullHistory) writer = load_history (fixture, NULL);
    g_autoptr(LullRecord) record = new_record ("2026-10-15T10:00:00+02:00", 900, 100);

    append_ok (writer, record);
  }
  october = read_month (fixture, "2026-10");

  write_month (fixture, "2026-11", junk, sizeof junk - 1);
  write_month (fixture, "2026-09", not_utf8, -1);
  write_month (fixture, "2026-08", "this is not a keyfile at all\n", -1);
  write_month (fixture, "2026-07", "[Lull History]\nversion=2\n\n[2026-07-01T08:00:00Z]\n", -1);
  write_month (fixture, "2026-06", "[Something Else]\nversion=1\n", -1);

  history = load_history (fixture, problems);

  /* The good month loads... */
  g_assert_cmpuint (n_records (history), ==, 1);
  g_assert_cmpuint (lull_record_get_volume_ml (record_at (history, 0)), ==, 100);

  /* ...each bad one is told once, by its month, in words... */
  g_assert_cmpuint (problems->len, ==, 5);
  g_assert_true (has_problem_with (problems, "November 2026", "quarantine"));
  g_assert_true (has_problem_with (problems, "September 2026", "quarantine"));
  g_assert_true (has_problem_with (problems, "August 2026", "quarantine"));
  g_assert_true (has_problem_with (problems, "July 2026", "newer version"));
  g_assert_true (has_problem_with (problems, "June 2026", "quarantine"));
  g_assert_true (has_problem_with (problems, "Your other sessions are safe.", NULL));

  /* ...and moved aside whole, never deleted. */
  g_assert_cmpuint (count_entries (fixture->history_path), ==, 1);
  g_assert_cmpuint (count_entries (quarantine), ==, 5);
  {
    g_autoptr(GDir) dir = g_dir_open (quarantine, 0, NULL);
    const char *name;
    gboolean found_junk = FALSE;

    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (quarantine, name, NULL);
        g_autofree char *contents = NULL;
        gsize length;

        g_assert_true (g_str_has_prefix (name, "2026-0") || g_str_has_prefix (name, "2026-11-"));
        g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
        if (g_str_has_prefix (name, "2026-11-"))
          {
            g_assert_cmpmem (contents, length, junk, sizeof junk - 1);
            found_junk = TRUE;
          }
      }
    g_assert_true (found_junk);
  }

  /* The good month was not touched. */
  {
    g_autofree char *october_after = read_month (fixture, "2026-10");

    g_assert_cmpstr (october_after, ==, october);
  }

  /* The parent can go on saving in a month that was set aside. */
  {
    g_autoptr(LullRecord) record = new_record ("2026-11-23T11:15:02+01:00", 1140, 115);

    append_ok (history, record);
    g_assert_cmpuint (n_records (history), ==, 2);
  }
}

static const char month_with_bad_group[] =
  "# Written by hand by a helper; keep this comment.\n"
  "[Lull History]\n"
  "version=1\n"
  "exported-by=Lull 9.0\n"
  "\n"
  "[2026-11-23T10:15:02Z]\n"
  "start=2026-11-23T11:15:02+01:00\n"
  "prime-seconds=300\n"
  "pump-seconds=1140\n"
  "letdowns=95;210;330\n"
  "volume-ml=115\n"
  "heart-rate=72;75\n"
  "\n"
  "[2026-11-24T08:00:00Z]\n"
  "start=the morning after\n"
  "pump-seconds=600\n"
  "keep-me=please\n"
  "\n"
  "[2026-11-25T08:00:00Z]\n"
  "pump-seconds=300\n"
  "\n"
  "[2026-11-20T08:00:00Z]\n"
  "start=2026-11-20T09:00:00+01:00\n"
  "pump-seconds=600\n"
  "ease=9\n"
  "\n"
  "[2026-11-02T08:00:00Z]\n"
  "start=2026-11-02T09:00:00+01:00\n"
  "pump-seconds=600\n"
  "\n"
  "[Future Group]\n"
  "anything=at all\n";

static void
test_bad_groups_skipped_and_kept (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(LullHistory) reloaded = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) problems_again = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LullRecord) record = new_record ("2026-11-26T19:00:00+01:00", 800, 60);
  g_autoptr(GKeyFile) on_disk = g_key_file_new ();
  g_autofree char *path = month_path (fixture, "2026-11");
  g_autofree char *quarantine = g_build_filename (fixture->root_path, "quarantine", NULL);
  g_autofree char *text = NULL;
  g_autofree char *first = NULL;

  write_month (fixture, "2026-11", month_with_bad_group, -1);

  history = load_history (fixture, problems);

  /* Three groups are bad (a start that is no time, no start, a score of
   * 9): one sentence for the month, and the file stays where it is. */
  g_assert_cmpuint (n_records (history), ==, 2);
  first = key_at (history, 0);
  g_assert_cmpstr (first, ==, "2026-11-02T08:00:00Z");
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (has_problem_with (problems, "3 sessions of November 2026", NULL));
  g_assert_false (g_file_test (quarantine, G_FILE_TEST_EXISTS));

  append_ok (history, record);
  g_assert_cmpuint (n_records (history), ==, 3);

  /* After the rewrite, everything this version did not understand is
   * still there, as it was. */
  text = read_file (path);
  g_assert_true (g_str_has_prefix (text, "# Written by hand by a helper; keep this comment.\n"));
  g_assert_true (g_key_file_load_from_data (on_disk, text, -1, G_KEY_FILE_NONE, NULL));

  lull_test_assert_key_value (on_disk, "2026-11-24T08:00:00Z", "start", "the morning after");
  lull_test_assert_key_value (on_disk, "2026-11-24T08:00:00Z", "keep-me", "please");
  lull_test_assert_key_value (on_disk, "2026-11-25T08:00:00Z", "pump-seconds", "300");
  lull_test_assert_key_value (on_disk, "2026-11-20T08:00:00Z", "ease", "9");
  lull_test_assert_key_value (on_disk, "2026-11-23T10:15:02Z", "heart-rate", "72;75");
  lull_test_assert_key_value (on_disk, "Lull History", "exported-by", "Lull 9.0");
  lull_test_assert_key_value (on_disk, "Future Group", "anything", "at all");
  lull_test_assert_key_value (on_disk, "2026-11-26T18:00:00Z", "pump-seconds", "800");

  /* Reading again finds the same: the new session, the same problem. */
  reloaded = load_history (fixture, problems_again);
  g_assert_cmpuint (n_records (reloaded), ==, 3);
  g_assert_cmpuint (problems_again->len, ==, 1);
}

static void
test_unreadable_group_not_overwritten (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(LullRecord) record = new_record ("2026-11-24T09:00:00+01:00", 800, 60);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  write_month (fixture, "2026-11", month_with_bad_group, -1);
  history = load_history (fixture, NULL);
  before = read_month (fixture, "2026-11");

  /* Same start as the group kept unread: writing would merge the two. */
  g_assert_false (lull_history_append (history, record, &error));
  g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DUPLICATE);

  after = read_month (fixture, "2026-11");
  g_assert_cmpstr (after, ==, before);
}

static void
test_sorted_once_loaded (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(GString) text = g_string_new ("[Lull History]\nversion=1\n");

  /* Groups in any order inside a file, months in any order on disk. */
  for (int day = 28; day >= 1; day--)
    {
      g_string_append_printf (text,
                              "\n[2026-11-%02dT09:00:00Z]\nstart=2026-11-%02dT10:00:00+01:00\n"
                              "pump-seconds=600\n",
                              day, day);
    }
  write_month (fixture, "2026-11", text->str, -1);
  write_month (fixture, "2026-10",
               "[Lull History]\nversion=1\n\n[2026-10-31T09:00:00Z]\n"
               "start=2026-10-31T10:00:00+01:00\n", -1);

  history = load_history (fixture, NULL);
  g_assert_cmpuint (n_records (history), ==, 29);

  for (guint i = 1; i < n_records (history); i++)
    g_assert_cmpint (g_date_time_compare (lull_record_get_start (record_at (history, i - 1)),
                                          lull_record_get_start (record_at (history, i))),
                     <, 0);
}

static void
test_ignores_other_files (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  const char *names[] = { "notes.txt", "2026-13.ini", "2026-11.ini~", "2026-11.ini.K3J9ZQ",
                          "26-11.ini", "2026-11.INI" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (fixture->history_path, names[i], NULL);

      write_file (path, "\xff not history", -1);
    }

  history = load_history (fixture, problems);
  g_assert_cmpuint (n_records (history), ==, 0);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (count_entries (fixture->history_path), ==, G_N_ELEMENTS (names));
}

static void
test_duplicate_across_files (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  const char *group = "[Lull History]\nversion=1\n\n[2026-11-30T23:30:00Z]\n"
                      "start=2026-12-01T00:30:00+01:00\npump-seconds=600\n";

  /* Someone copied a session into the wrong month as well. */
  write_month (fixture, "2026-11", group, -1);
  write_month (fixture, "2026-12", group, -1);

  history = load_history (fixture, problems);
  g_assert_cmpuint (n_records (history), ==, 1);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (has_problem_with (problems, "December 2026", "only once"));
}

static void
test_count_on_date (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(LullHistory) history = load_history (fixture, NULL);
  g_autoptr(LullHistory) reloaded = NULL;
  const char *starts[] = {
    "2026-11-22T12:00:00+01:00",
    /* The 22nd in UTC, the 23rd for the parent. */
    "2026-11-23T00:30:00+01:00",
    "2026-11-23T23:30:00+01:00",
    /* The 24th in UTC, the 23rd for a parent in New York. */
    "2026-11-23T22:00:00-05:00",
  };
  GDate date;

  for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
    {
      g_autoptr(LullRecord) record = new_record (starts[i], 600, 40);

      append_ok (history, record);
    }

  reloaded = load_history (fixture, NULL);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 22, G_DATE_NOVEMBER, 2026);
  g_assert_cmpuint (lull_history_count_on_date (history, &date), ==, 1);
  g_assert_cmpuint (lull_history_count_on_date (reloaded, &date), ==, 1);
  g_date_set_dmy (&date, 23, G_DATE_NOVEMBER, 2026);
  g_assert_cmpuint (lull_history_count_on_date (history, &date), ==, 3);
  g_assert_cmpuint (lull_history_count_on_date (reloaded, &date), ==, 3);
  g_date_set_dmy (&date, 24, G_DATE_NOVEMBER, 2026);
  g_assert_cmpuint (lull_history_count_on_date (history, &date), ==, 0);
  g_assert_cmpuint (lull_history_count_on_date (reloaded, &date), ==, 0);
}

static void
test_load_twice_replaces (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(LullHistory) history = load_history (fixture, NULL);
  g_autoptr(LullRecord) record = new_record ("2026-11-23T11:15:02+01:00", 1140, 115);
  g_autoptr(GError) error = NULL;

  append_ok (history, record);
  g_assert_true (lull_history_load (history, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_records (history), ==, 1);
}

static void
test_folder_unreadable (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(LullHistory) history = lull_history_new (fixture->root);
  g_autoptr(GError) error = NULL;

  /* A file where the folder should be is the one failure of load(). */
  write_file (fixture->history_path, "not a folder", -1);

  g_assert_false (lull_history_load (history, NULL, &error));
  g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, fixture->history_path));
}

/* The sentence says what happened in plain words: no path (the system's
 * message names a temporary file inside the data folder), and @expected,
 * which tells one reason from another. */
static void
assert_write_refused (LullHistory *history,
                      LullRecord  *record,
                      const char  *expected)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (lull_history_append (history, record, &error));
  g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "Nothing is lost"));
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);
  if (strchr (error->message, '/') != NULL)
    g_error ("“%s” holds a path", error->message);
}

/* The sentences set_write_error() chooses from. */
#define SAYS_READ_ONLY     "the disk is read-only"
#define SAYS_FULL          "the disk is full"
#define SAYS_NO_PERMISSION "no permission to write"
#define SAYS_DID_NOT_WORK  "writing to the disk did not work"

static void
test_month_file_in_the_way (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(LullRecord) october = new_record ("2026-10-15T10:00:00+02:00", 900, 100);
  g_autoptr(LullRecord) november = new_record ("2026-11-23T11:15:02+01:00", 1140, 115);
  g_autoptr(LullRecord) later = new_record ("2026-12-02T11:15:02+01:00", 1140, 115);
  g_autofree char *november_path = month_path (fixture, "2026-11");
  g_autofree char *december_path = month_path (fixture, "2026-12");
  g_autofree char *october_before = NULL;
  g_autofree char *october_after = NULL;
  GDate date;

  /* A folder where November's file should be: it cannot be read at
   * load, and must not be written over later. */
  g_assert_cmpint (g_mkdir_with_parents (november_path, 0700), ==, 0);
  history = load_history (fixture, problems);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (has_problem_with (problems, "November 2026", "could not be opened"));

  append_ok (history, october);
  october_before = read_month (fixture, "2026-10");

  assert_write_refused (history, november, "could not be read when Lull started");
  g_assert_cmpuint (n_records (history), ==, 1);
  g_assert_true (g_file_test (november_path, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_entries (november_path), ==, 0);

  /* The same when the obstacle appears after loading. */
  g_assert_cmpint (g_mkdir (december_path, 0700), ==, 0);
  assert_write_refused (history, later, "could not be read when Lull started");
  g_assert_cmpuint (n_records (history), ==, 1);
  g_assert_true (g_file_test (december_path, G_FILE_TEST_IS_DIR));

  /* Nothing else changed, in memory or on disk. */
  october_after = read_month (fixture, "2026-10");
  g_assert_cmpstr (october_after, ==, october_before);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 23, G_DATE_NOVEMBER, 2026);
  g_assert_cmpuint (lull_history_count_on_date (history, &date), ==, 0);
  g_assert_cmpuint (count_entries (fixture->history_path), ==, 3);
}

typedef void (*BreakDisk) (Fixture *fixture, const char *path);

/* Runs an append that the disk refuses into a month already in memory,
 * and checks that the history is exactly as before, then that it still
 * works once the disk is back. */
static void
check_write_failure_rolls_back (Fixture    *fixture,
                                BreakDisk   break_disk,
                                BreakDisk   mend_disk,
                                const char *expected)
{
  g_autoptr(LullHistory) history = load_history (fixture, NULL);
  g_autoptr(LullRecord) first = new_record ("2026-11-23T11:15:02+01:00", 1140, 115);
  g_autoptr(LullRecord) second = new_record ("2026-11-23T19:40:00+01:00", 900, 95);
  g_autofree char *path = month_path (fixture, "2026-11");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 23, G_DATE_NOVEMBER, 2026);

  append_ok (history, first);
  before = read_file (path);

  break_disk (fixture, path);
  assert_write_refused (history, second, expected);
  mend_disk (fixture, path);

  g_assert_cmpuint (n_records (history), ==, 1);
  g_assert_true (record_at (history, 0) == first);
  g_assert_cmpuint (lull_history_count_on_date (history, &date), ==, 1);
  after = read_file (path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (lull_test_mode_of (path), ==, 0600);
  g_assert_cmpuint (count_entries (fixture->history_path), ==, 1);

  /* Had the refused session stayed in the month's keyfile, this would be
   * a duplicate. */
  append_ok (history, second);
  g_assert_cmpuint (n_records (history), ==, 2);
  g_assert_cmpuint (lull_history_count_on_date (history, &date), ==, 2);

  g_assert_finalize_object (g_steal_pointer (&history));
}

static struct rlimit saved_fsize;

static void
limit_file_size (Fixture    *fixture,
                 const char *path)
{
  GStatBuf buf;
  struct rlimit limit;

  /* Files may not grow past what the month file holds now, so the longer
   * new one cannot be written: a full disk as root sees it too. Without
   * SIG_IGN the kernel would kill the test with SIGXFSZ instead of
   * failing write() with EFBIG. */
  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved_fsize), ==, 0);
  limit = saved_fsize;
  limit.rlim_cur = buf.st_size;
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
}

static void
restore_file_size (Fixture    *fixture,
                   const char *path)
{
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved_fsize), ==, 0);
  signal (SIGXFSZ, SIG_DFL);
}

static void
test_write_failure_disk_full (Fixture       *fixture,
                              gconstpointer  data)
{
  /* EFBIG has no plain words of its own. */
  check_write_failure_rolls_back (fixture, limit_file_size, restore_file_size,
                                  SAYS_DID_NOT_WORK);
}

static void
remount_read_only (Fixture    *fixture,
                   const char *path)
{
  g_assert_cmpint (mount ("lull-test", fixture->root_path, "tmpfs",
                          MS_REMOUNT | MS_RDONLY, NULL), ==, 0);
}

static void
remount_read_write (Fixture    *fixture,
                    const char *path)
{
  g_assert_cmpint (mount ("lull-test", fixture->root_path, "tmpfs", MS_REMOUNT, NULL), ==, 0);
}

/* A small file system of its own for the data root: only root may mount
 * one. */
static gboolean
mount_small_disk (Fixture *fixture)
{
  g_autofree char *reason = NULL;

  g_assert_cmpint (g_mkdir (fixture->root_path, 0700), ==, 0);
  if (mount ("lull-test", fixture->root_path, "tmpfs", 0, "size=64k,mode=0700") != 0)
    {
      int saved_errno = errno;

      reason = g_strdup_printf ("cannot mount a tmpfs (%s)", g_strerror (saved_errno));
      g_test_skip (reason);
      return FALSE;
    }
  fixture->mounted = TRUE;

  return TRUE;
}

static void
test_write_failure_read_only (Fixture       *fixture,
                              gconstpointer  data)
{
  /* A real read-only file system. */
  if (!mount_small_disk (fixture))
    return;

  check_write_failure_rolls_back (fixture, remount_read_only, remount_read_write,
                                  SAYS_READ_ONLY);
}

static char *
filler_path (Fixture *fixture)
{
  return g_build_filename (fixture->root_path, "filler", NULL);
}

static void
fill_disk (Fixture    *fixture,
           const char *path)
{
  g_autofree char *filler = filler_path (fixture);
  char block[4096];
  int fd;

  memset (block, 'x', sizeof block);
  fd = g_open (filler, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);

  /* Until the disk says it is full. */
  for (;;)
    {
      if (write (fd, block, sizeof block) < 0)
        {
          g_assert_cmpint (errno, ==, ENOSPC);
          break;
        }
    }
  g_assert_cmpint (close (fd), ==, 0);
}

static void
empty_disk (Fixture    *fixture,
            const char *path)
{
  g_autofree char *filler = filler_path (fixture);

  g_assert_cmpint (g_unlink (filler), ==, 0);
}

static void
test_write_failure_no_space (Fixture       *fixture,
                             gconstpointer  data)
{
  /* A real full disk: a small tmpfs filled to the brim. */
  if (!mount_small_disk (fixture))
    return;

  check_write_failure_rolls_back (fixture, fill_disk, empty_disk, SAYS_FULL);
}

/* Root may write anywhere, so as root the test becomes another user for
 * the write, one who may pass through the folders (to find the history
 * folder, as its owner would) but not write in them. Otherwise the
 * history folder is made read-only to its owner. */
static void
forbid_writing (Fixture    *fixture,
                const char *path)
{
  if (getuid () == 0)
    {
      g_assert_cmpint (g_chmod (fixture->tmp, 0711), ==, 0);
      g_assert_cmpint (g_chmod (fixture->root_path, 0711), ==, 0);
      g_assert_cmpint (g_chmod (fixture->history_path, 0711), ==, 0);
      g_assert_cmpint (seteuid (65534), ==, 0);
    }
  else
    {
      g_assert_cmpint (g_chmod (fixture->history_path, 0500), ==, 0);
    }
}

static void
allow_writing (Fixture    *fixture,
               const char *path)
{
  if (getuid () == 0)
    {
      g_assert_cmpint (seteuid (0), ==, 0);
      g_assert_cmpint (g_chmod (fixture->tmp, 0700), ==, 0);
      g_assert_cmpint (g_chmod (fixture->root_path, 0700), ==, 0);
    }
  g_assert_cmpint (g_chmod (fixture->history_path, 0700), ==, 0);
}

static void
test_write_failure_permission (Fixture       *fixture,
                               gconstpointer  data)
{
  check_write_failure_rolls_back (fixture, forbid_writing, allow_writing,
                                  SAYS_NO_PERMISSION);
}

static void
test_write_failure_history_folder (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(LullHistory) history = load_history (fixture, NULL);
  g_autoptr(LullRecord) record = new_record ("2026-11-23T11:15:02+01:00", 1140, 115);
  g_autofree char *contents = NULL;

  /* The history folder cannot be made: a file has its name. The
   * sentence names no path, not even the data root's. */
  write_file (fixture->history_path, "in the way", -1);

  assert_write_refused (history, record, SAYS_DID_NOT_WORK);
  g_assert_cmpuint (n_records (history), ==, 0);
  contents = read_file (fixture->history_path);
  g_assert_cmpstr (contents, ==, "in the way");
}

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The problem sentences name months; the tests read them in English. */
  setlocale (LC_ALL, "C");

  ADD_TEST ("/history/empty", test_empty_history);
  ADD_TEST ("/history/append-creates-private-files", test_append_creates_private_files);
  ADD_TEST ("/history/two-months-sorted", test_two_months_sorted);
  ADD_TEST ("/history/duplicate-refused", test_duplicate_refused);
  ADD_TEST ("/history/invalid-refused", test_invalid_refused);
  ADD_TEST ("/history/reload-equals-appended", test_reload_equals_appended);
  ADD_TEST ("/history/damaged-months-quarantined", test_damaged_months_quarantined);
  ADD_TEST ("/history/bad-groups-skipped-and-kept", test_bad_groups_skipped_and_kept);
  ADD_TEST ("/history/unreadable-group-not-overwritten", test_unreadable_group_not_overwritten);
  ADD_TEST ("/history/sorted-once-loaded", test_sorted_once_loaded);
  ADD_TEST ("/history/ignores-other-files", test_ignores_other_files);
  ADD_TEST ("/history/duplicate-across-files", test_duplicate_across_files);
  ADD_TEST ("/history/count-on-date", test_count_on_date);
  ADD_TEST ("/history/load-twice-replaces", test_load_twice_replaces);
  ADD_TEST ("/history/folder-unreadable", test_folder_unreadable);
  ADD_TEST ("/history/month-file-in-the-way", test_month_file_in_the_way);
  ADD_TEST ("/history/write-failure/disk-full", test_write_failure_disk_full);
  ADD_TEST ("/history/write-failure/read-only", test_write_failure_read_only);
  ADD_TEST ("/history/write-failure/no-space", test_write_failure_no_space);
  ADD_TEST ("/history/write-failure/permission", test_write_failure_permission);
  ADD_TEST ("/history/write-failure/history-folder", test_write_failure_history_folder);

  return g_test_run ();
}
