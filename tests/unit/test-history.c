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

/* As has_problem_with(), telling every problem there was when it fails. */
#define assert_has_problem(problems, first, second) \
  G_STMT_START { \
    if (!has_problem_with ((problems), (first), (second))) \
      { \
        for (guint i_ = 0; i_ < (problems)->len; i_++) \
          g_test_message ("problem: %s", (char *)g_ptr_array_index ((problems), i_)); \
        g_error ("No problem says “%s” and “%s”", (first), (second) ? (second) : ""); \
      } \
  } G_STMT_END

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

  {
    g_autoptr(LullHistory) writer = load_history (fixture, NULL);
    g_autoptr(LullRecord) record = new_record ("2026-10-15T10:00:00+02:00", 900, 100);

    append_ok (writer, record);
  }
  october = read_month (fixture, "2026-10");

  /* Nothing in these can be read at all: no header, no version. */
  write_month (fixture, "2026-11", junk, sizeof junk - 1);
  write_month (fixture, "2026-08", "this is not a keyfile at all\n", -1);
  write_month (fixture, "2026-06", "[Something Else]\nversion=1\n", -1);
  write_month (fixture, "2026-05", "[Lull History]\nversion=one\n\n[2026-05-01T08:00:00Z]\n"
               "start=2026-05-01T10:00:00+02:00\n", -1);

  history = load_history (fixture, problems);

  /* The good month loads... */
  g_assert_cmpuint (n_records (history), ==, 1);
  g_assert_cmpuint (lull_record_get_volume_ml (record_at (history, 0)), ==, 100);

  /* ...each bad one is told once, by its file, in words... */
  g_assert_cmpuint (problems->len, ==, 4);
  assert_has_problem (problems, "2026-11.ini", "quarantine");
  assert_has_problem (problems, "2026-08.ini", "quarantine");
  assert_has_problem (problems, "2026-06.ini", "quarantine");
  assert_has_problem (problems, "2026-05.ini", "quarantine");
  assert_has_problem (problems, "Your other sessions are safe.", NULL);

  /* ...and moved aside whole, never deleted. */
  g_assert_cmpuint (count_entries (fixture->history_path), ==, 1);
  g_assert_cmpuint (count_entries (quarantine), ==, 4);
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

  /* Two sessions cannot be placed in time (a start that is no time, no
   * start) and one group is not named by a time: each is told, by file
   * and group. A score of 9 costs only the score. The file stays where it
   * is. */
  g_assert_cmpuint (n_records (history), ==, 3);
  first = key_at (history, 0);
  g_assert_cmpstr (first, ==, "2026-11-02T08:00:00Z");
  g_assert_cmpint (lull_record_get_ease (record_at (history, 1)), ==, LULL_RECORD_NO_VALUE);
  g_assert_cmpuint (lull_record_get_pump_seconds (record_at (history, 1)), ==, 600);
  g_assert_cmpuint (problems->len, ==, 4);
  assert_has_problem (problems, "skipped the session “2026-11-24T08:00:00Z” in 2026-11.ini",
                      "“start”");
  assert_has_problem (problems, "skipped the session “2026-11-25T08:00:00Z” in 2026-11.ini",
                      "no start time");
  assert_has_problem (problems, "skipped the session “Future Group” in 2026-11.ini",
                      "not a start time");
  assert_has_problem (problems, "“ease” in the session “2026-11-20T08:00:00Z” in 2026-11.ini",
                      "not a score");
  g_assert_false (g_file_test (quarantine, G_FILE_TEST_EXISTS));

  append_ok (history, record);
  g_assert_cmpuint (n_records (history), ==, 4);

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

  /* Reading again finds the same: the new session, the same problems. */
  reloaded = load_history (fixture, problems_again);
  g_assert_cmpuint (n_records (reloaded), ==, 4);
  g_assert_cmpuint (problems_again->len, ==, 4);
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
  assert_has_problem (problems, "2026-12.ini", "only once");
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
  assert_has_problem (problems, "2026-11.ini", "not a regular file");

  append_ok (history, october);
  october_before = read_month (fixture, "2026-10");

  assert_write_refused (history, november, "could not be read");
  g_assert_cmpuint (n_records (history), ==, 1);
  g_assert_true (g_file_test (november_path, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_entries (november_path), ==, 0);

  /* The same when the obstacle appears after loading. */
  g_assert_cmpint (g_mkdir (december_path, 0700), ==, 0);
  assert_write_refused (history, later, "could not be read");
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

/* No file may grow past @bytes: a full disk as root sees it too. Without
 * SIG_IGN the kernel would kill the test with SIGXFSZ instead of failing
 * write() with EFBIG. */
static void
limit_file_size_to (goffset bytes)
{
  struct rlimit limit;

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved_fsize), ==, 0);
  limit = saved_fsize;
  limit.rlim_cur = (rlim_t)bytes;
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
}

static void
limit_file_size (Fixture    *fixture,
                 const char *path)
{
  GStatBuf buf;

  /* Files may not grow past what the month file holds now, so the longer
   * new one cannot be written. */
  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  limit_file_size_to (buf.st_size);
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

/* Every problem names the month file it is about. */
static void
assert_problems_name (GPtrArray  *problems,
                      const char *file)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const char *problem = g_ptr_array_index (problems, i);

      if (strstr (problem, file) == NULL)
        g_error ("“%s” does not name %s", problem, file);
    }
}

static guint
count_problems_with (GPtrArray  *problems,
                     const char *first,
                     const char *second)
{
  guint count = 0;

  for (guint i = 0; i < problems->len; i++)
    {
      const char *problem = g_ptr_array_index (problems, i);

      if (strstr (problem, first) != NULL && (second == NULL || strstr (problem, second) != NULL))
        count++;
    }

  return count;
}

static LullRecord *
find_record (LullHistory *history,
             const char  *key)
{
  for (guint i = 0; i < n_records (history); i++)
    {
      LullRecord *record = record_at (history, i);

      if (g_str_equal (lull_record_get_key (record), key))
        return record;
    }

  g_error ("No session %s in the history", key);
  return NULL;
}

/* A January with three sessions; @middle is the second one's notes line,
 * as raw bytes. */
static void
write_january (Fixture    *fixture,
               const char *middle,
               gsize       middle_length)
{
  g_autoptr(GString) text = g_string_new ("[Lull History]\nversion=1\n\n"
                                          "[2026-01-05T08:00:00Z]\n"
                                          "start=2026-01-05T09:00:00+01:00\n"
                                          "pump-seconds=600\n"
                                          "notes=First.\n\n"
                                          "[2026-01-06T08:00:00Z]\n"
                                          "start=2026-01-06T09:00:00+01:00\n"
                                          "pump-seconds=700\n");

  g_string_append_len (text, middle, middle_length);
  g_string_append (text, "\nvolume-ml=80\n\n"
                         "[2026-01-07T08:00:00Z]\n"
                         "start=2026-01-07T09:00:00+01:00\n"
                         "pump-seconds=800\n");
  write_month (fixture, "2026-01", text->str, text->len);
}

static void
test_fifo_not_opened (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) problems_current = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LullRecord) january = new_record ("2026-01-20T10:00:00+01:00", 600, 50);
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-01-25T12:00:00+01:00", NULL);
  g_autofree char *fifo = month_path (fixture, "2026-01");
  g_autofree char *quarantine = g_build_filename (fixture->root_path, "quarantine", NULL);
  GStatBuf buf;

  write_month (fixture, "2026-02",
               "[Lull History]\nversion=1\n\n[2026-02-03T08:00:00Z]\n"
               "start=2026-02-03T09:00:00+01:00\npump-seconds=600\n", -1);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  /* Opening a FIFO waits for a writer for ever: the test would hang, so
   * it ends itself instead. */
  alarm (20);
  history = load_history (fixture, problems);

  g_assert_cmpuint (n_records (history), ==, 1);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_has_problem (problems, "2026-01.ini", "not a regular file");

  /* Not ours to move: it stays, a FIFO, and nothing went to quarantine. */
  g_assert_cmpint (g_lstat (fifo, &buf), ==, 0);
  g_assert_true (S_ISFIFO (buf.st_mode));
  g_assert_false (g_file_test (quarantine, G_FILE_TEST_EXISTS));

  /* Nor is it written over, or opened, when saving into its month. */
  assert_write_refused (history, january, "could not be read");
  g_assert_cmpint (g_lstat (fifo, &buf), ==, 0);
  g_assert_true (S_ISFIFO (buf.st_mode));

  lull_history_load_current (history, now, problems_current);
  assert_has_problem (problems_current, "2026-01.ini", "not a regular file");
  alarm (0);

  g_assert_cmpuint (n_records (history), ==, 1);
}

static void
test_salvage_latin1 (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(LullHistory) reloaded = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LullRecord) record = new_record ("2026-01-20T10:00:00+01:00", 600, 50);
  g_autofree char *quarantine = g_build_filename (fixture->root_path, "quarantine", NULL);
  static const char latin1[] = "notes=caf\xe9 con leche";

  write_january (fixture, latin1, sizeof latin1 - 1);
  history = load_history (fixture, problems);

  /* Every session, the Latin-1 byte shown as U+FFFD, one sentence naming
   * the file, the session and the key. */
  g_assert_cmpuint (n_records (history), ==, 3);
  g_assert_cmpstr (lull_record_get_notes (record_at (history, 1)), ==, "caf\xEF\xBF\xBD con leche");
  g_assert_cmpint (lull_record_get_volume_ml (record_at (history, 1)), ==, 80);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_has_problem (problems, "“notes” in the session “2026-01-06T08:00:00Z” in 2026-01.ini",
                      "not text");
  g_assert_false (g_file_test (quarantine, G_FILE_TEST_EXISTS));

  /* The month can still be saved into, and loses no session. */
  append_ok (history, record);
  reloaded = load_history (fixture, NULL);
  g_assert_cmpuint (n_records (reloaded), ==, 4);
  g_assert_cmpstr (lull_record_get_notes (record_at (reloaded, 1)), ==,
                   "caf\xEF\xBF\xBD con leche");
}

static void
test_salvage_nul (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *quarantine = g_build_filename (fixture->root_path, "quarantine", NULL);
  static const char with_nul[] = "notes=before\0after";

  write_january (fixture, with_nul, sizeof with_nul - 1);
  history = load_history (fixture, problems);

  g_assert_cmpuint (n_records (history), ==, 3);
  g_assert_cmpstr (lull_record_get_notes (record_at (history, 0)), ==, "First.");
  g_assert_cmpstr (lull_record_get_notes (record_at (history, 1)), ==,
                   "before\xEF\xBF\xBD" "after");
  g_assert_cmpuint (lull_record_get_pump_seconds (record_at (history, 2)), ==, 800);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_has_problem (problems, "“notes” in the session “2026-01-06T08:00:00Z” in 2026-01.ini",
                      "not text");
  g_assert_false (g_file_test (quarantine, G_FILE_TEST_EXISTS));
}

static void
test_salvage_bom (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LullRecord) record = new_record ("2026-01-20T10:00:00+01:00", 600, 50);
  g_autofree char *quarantine = g_build_filename (fixture->root_path, "quarantine", NULL);
  g_autofree char *after = NULL;

  /* What Windows' Notepad writes. */
  write_month (fixture, "2026-01",
               "\xEF\xBB\xBF[Lull History]\r\nversion=1\r\n\r\n[2026-01-05T08:00:00Z]\r\n"
               "start=2026-01-05T09:00:00+01:00\r\npump-seconds=600\r\nnotes=Señora\r\n", -1);
  history = load_history (fixture, problems);

  g_assert_cmpuint (n_records (history), ==, 1);
  g_assert_cmpstr (lull_record_get_notes (record_at (history, 0)), ==, "Señora");
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_false (g_file_test (quarantine, G_FILE_TEST_EXISTS));

  append_ok (history, record);
  after = read_month (fixture, "2026-01");
  g_assert_true (g_str_has_prefix (after, "[Lull History]\r\n"));
}

static void
test_salvage_bad_lines (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(LullHistory) reloaded = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LullRecord) record = new_record ("2026-01-20T10:00:00+01:00", 600, 50);
  g_autofree char *after = NULL;

  /* GKeyFile refuses each of these lines, and with it the whole file. */
  write_month (fixture, "2026-01",
               "stray=before any group\n"
               "[Lull History]\nversion=1\n\n"
               "[2026-01-05T08:00:00Z]\n"
               "start=2026-01-05T09:00:00+01:00\n"
               "this line has no equals sign\n"
               "pump-seconds=600\n"
               "bad[key=1\n\n"
               "[not[valid]\n"
               "start=2026-01-06T09:00:00+01:00\n\n"
               "[2026-01-07T08:00:00Z]\n"
               "start=2026-01-07T09:00:00+01:00\n", -1);
  history = load_history (fixture, problems);

  g_assert_cmpuint (n_records (history), ==, 2);
  g_assert_cmpuint (lull_record_get_pump_seconds (record_at (history, 0)), ==, 600);
  g_assert_cmpuint (problems->len, ==, 4);
  assert_has_problem (problems, "Line 1 of 2026-01.ini", "before the first group");
  assert_has_problem (problems, "Line 7 of 2026-01.ini, in the session “2026-01-05T08:00:00Z”",
                      "left it out");
  assert_has_problem (problems, "Line 9 of 2026-01.ini", NULL);
  assert_has_problem (problems, "skipped the session “not[valid” in 2026-01.ini", NULL);

  /* Saving keeps those lines as they were. */
  append_ok (history, record);
  after = read_month (fixture, "2026-01");
  g_assert_true (g_str_has_prefix (after, "stray=before any group\n"));
  g_assert_nonnull (strstr (after, "\nthis line has no equals sign\n"));
  g_assert_nonnull (strstr (after, "\n[not[valid]\n"));
  reloaded = load_history (fixture, NULL);
  g_assert_cmpuint (n_records (reloaded), ==, 3);
}

static const char newer_month[] =
  "[Lull History]\n"
  "version=2\n"
  "compression=none\n"
  "\n"
  "[Moods]\n"
  "calm=1;2;3\n"
  "\n"
  "[2026-07-01T08:00:00Z]\n"
  "start=2026-07-01T10:00:00+02:00\n"
  "pump-seconds=600\n"
  "ease=4\n"
  "heart-rate=72\n";

static void
test_newer_version_sibling (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(LullHistory) reloaded = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LullRecord) first = new_record ("2026-07-10T10:00:00+02:00", 600, 50);
  g_autoptr(LullRecord) second = new_record ("2026-07-20T10:00:00+02:00", 700, 60);
  g_autoptr(LullRecord) third = new_record ("2026-07-25T10:00:00+02:00", 800, 70);
  g_autoptr(LullRecord) again = new_record ("2026-07-01T10:00:00+02:00", 600, 50);
  g_autoptr(GError) error = NULL;
  g_autofree char *quarantine = g_build_filename (fixture->root_path, "quarantine", NULL);
  g_autofree char *sibling_path = g_build_filename (fixture->history_path, "2026-07.1.ini", NULL);
  g_autofree char *sibling2_path = g_build_filename (fixture->history_path, "2026-07.2.ini", NULL);
  g_autofree char *main_after = NULL;
  g_autofree char *sibling = NULL;
  g_autofree char *sibling2 = NULL;

  write_month (fixture, "2026-07", newer_month, -1);
  history = load_history (fixture, problems);

  /* Read for the keys this version knows, left where it is, no problem
   * for the groups a newer Lull added. */
  g_assert_cmpuint (n_records (history), ==, 1);
  g_assert_cmpint (lull_record_get_ease (record_at (history, 0)), ==, 4);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_false (g_file_test (quarantine, G_FILE_TEST_EXISTS));

  /* A new session of that month goes beside it, never into it. */
  append_ok (history, first);
  main_after = read_month (fixture, "2026-07");
  g_assert_cmpstr (main_after, ==, newer_month);
  sibling = read_file (sibling_path);
  g_assert_true (g_str_has_prefix (sibling,
                                   "[Lull History]\nversion=1\n\n[2026-07-10T08:00:00Z]\n"));
  g_assert_cmpuint (lull_test_mode_of (sibling_path), ==, 0600);

  /* The sibling is version 1: the next session joins it. */
  append_ok (history, second);
  g_clear_pointer (&sibling, g_free);
  sibling = read_file (sibling_path);
  g_assert_nonnull (strstr (sibling, "\n[2026-07-20T08:00:00Z]\n"));

  /* A session already in the newer file is one. */
  g_assert_false (lull_history_append (history, again, &error));
  g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DUPLICATE);

  /* Once the sibling is newer too, the next one is .2. */
  write_file (sibling_path,
              "[Lull History]\nversion=3\n\n[2026-07-10T08:00:00Z]\n"
              "start=2026-07-10T10:00:00+02:00\npump-seconds=600\n\n"
              "[2026-07-20T08:00:00Z]\n"
              "start=2026-07-20T10:00:00+02:00\npump-seconds=700\n\n"
              "[2026-07-01T08:00:00Z]\n"
              "start=2026-07-01T10:00:00+02:00\npump-seconds=600\n", -1);
  append_ok (history, third);
  sibling2 = read_file (sibling2_path);
  g_assert_true (g_str_has_prefix (sibling2,
                                   "[Lull History]\nversion=1\n\n[2026-07-25T08:00:00Z]\n"));

  /* The loader reads them all, and a session in two of them once. */
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = g_ptr_array_new_with_free_func (g_free);
  reloaded = load_history (fixture, problems);
  g_assert_cmpuint (n_records (reloaded), ==, 4);
  for (guint i = 1; i < n_records (reloaded); i++)
    g_assert_cmpstr (lull_record_get_key (record_at (reloaded, i - 1)), <,
                     lull_record_get_key (record_at (reloaded, i)));
  g_assert_cmpuint (count_problems_with (problems, "2026-07-01T08:00:00Z", "only once"), ==, 1);
  g_assert_cmpint (lull_record_get_ease (find_record (reloaded, "2026-07-01T08:00:00Z")), ==, 4);
}

static void
test_empty_values_not_recorded (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  LullRecord *record;

  write_month (fixture, "2026-01",
               "[Lull History]\nversion=1\n\n[2026-01-05T08:00:00Z]\n"
               "start=2026-01-05T09:00:00+01:00\n"
               "prime-seconds=\npump-seconds=600\nletdowns=\n"
               "volume-ml=\nvolume-left-ml=\nvolume-right-ml=  \n"
               "ease=\ncalm-before=\ncalm-after=\n"
               "routine=\nplace=\ncues=\naudio=\nnotes=\n", -1);
  history = load_history (fixture, problems);

  g_assert_cmpuint (n_records (history), ==, 1);
  g_assert_cmpuint (problems->len, ==, 0);
  record = record_at (history, 0);
  g_assert_cmpuint (lull_record_get_pump_seconds (record), ==, 600);
  g_assert_cmpuint (lull_record_get_prime_seconds (record), ==, 0);
  g_assert_cmpuint (lull_record_get_letdowns (record)->len, ==, 0);
  g_assert_cmpint (lull_record_get_volume_ml (record), ==, LULL_RECORD_NO_VALUE);
  g_assert_cmpint (lull_record_get_volume_left_ml (record), ==, LULL_RECORD_NO_VALUE);
  g_assert_cmpint (lull_record_get_ease (record), ==, LULL_RECORD_NO_VALUE);
  g_assert_cmpint (lull_record_get_calm_after (record), ==, LULL_RECORD_NO_VALUE);
  g_assert_null (lull_record_get_place (record));
  g_assert_null (lull_record_get_routine (record));
  g_assert_null (lull_record_get_cues (record));
}

static void
test_invalid_values_dropped (Fixture       *fixture,
                             gconstpointer  data)
{
  struct {
    const char *lines;
    const char *key;
    const char *says;
  } cases[] = {
    { "volume-ml=-5\n", "volume-ml", "not between 0 and 2000 mL" },
    { "volume-ml=2001\n", "volume-ml", "not between 0 and 2000 mL" },
    { "volume-ml=NaN\n", "volume-ml", "could not read" },
    { "volume-ml=1e308\n", "volume-ml", "could not read" },
    { "volume-ml=99999999999\n", "volume-ml", "could not read" },
    { "volume-ml=lots\n", "volume-ml", "could not read" },
    { "volume-ml=60.5\n", "volume-ml", "could not read" },
    { "volume-left-ml=1001\nvolume-right-ml=20\n", "volume-left-ml", "not between 0 and 1000 mL" },
    { "volume-right-ml=20\n", "volume-right-ml", "no volume for the other side" },
    { "volume-ml=100\nvolume-left-ml=60\nvolume-right-ml=55\n", "volume-ml", "their sum, 115 mL" },
    { "ease=0\n", "ease", "not a score" },
    { "ease=6\n", "ease", "not a score" },
    { "calm-before=-1\n", "calm-before", "not a score" },
    { "calm-after=9\n", "calm-after", "not a score" },
    { "calm-after=four\n", "calm-after", "could not read" },
    { "prime-seconds=-30\n", "prime-seconds", "could not read" },
    { "letdowns=95;x;330\n", "letdowns", "could not read" },
    { "notes=bad escape \\q\n", "notes", "could not read" },
  };
  g_autoptr(GString) text = g_string_new ("[Lull History]\nversion=1\n");
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_string_append_printf (text,
                            "\n[2026-01-%02uT08:00:00Z]\nstart=2026-01-%02uT09:00:00+01:00\n"
                            "pump-seconds=600\n%s",
                            i + 1, i + 1, cases[i].lines);
  write_month (fixture, "2026-01", text->str, -1);

  history = load_history (fixture, problems);

  /* Each session stays, without the value it could not use. */
  g_assert_cmpuint (n_records (history), ==, G_N_ELEMENTS (cases));
  g_assert_cmpuint (problems->len, ==, MIN (G_N_ELEMENTS (cases), 8));
  assert_problems_name (problems, "2026-01.ini");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LullRecord *record = record_at (history, i);
      g_autofree char *group = g_strdup_printf ("“%s” in the session “%s” in 2026-01.ini",
                                                cases[i].key, lull_record_get_key (record));

      g_assert_true (lull_record_validate (record, NULL));
      g_assert_cmpuint (lull_record_get_pump_seconds (record), ==, 600);
      g_assert_cmpint (lull_record_get_ease (record), ==, LULL_RECORD_NO_VALUE);
      /* Eight sentences at most per file; the last one counts the rest. */
      if (i < 7)
        {
          if (!has_problem_with (problems, group, cases[i].says))
            g_error ("No problem says %s … %s", group, cases[i].says);
        }
    }

  assert_has_problem (problems, "2026-01.ini has 12 more problems", NULL);
  g_assert_cmpint (lull_record_get_volume_ml (record_at (history, 0)), ==, LULL_RECORD_NO_VALUE);
  g_assert_cmpint (lull_record_get_volume_ml (record_at (history, 7)), ==, LULL_RECORD_NO_VALUE);
  g_assert_cmpint (lull_record_get_volume_right_ml (record_at (history, 7)), ==,
                   LULL_RECORD_NO_VALUE);
  g_assert_cmpint (lull_record_get_volume_ml (record_at (history, 9)), ==, 115);
  g_assert_cmpuint (lull_record_get_letdowns (record_at (history, 16))->len, ==, 0);
  g_assert_null (lull_record_get_notes (record_at (history, 17)));
}

static void
test_group_twice_in_file (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  LullRecord *record;
  const GArray *letdowns;

  write_month (fixture, "2026-01",
               "[Lull History]\nversion=1\n\n"
               "[2026-01-05T08:00:00Z]\n"
               "start=2026-01-05T09:00:00+01:00\n"
               "pump-seconds=600\nletdowns=95;210;330\nease=2\nmood=calm\n\n"
               "[2026-01-06T08:00:00Z]\n"
               "start=2026-01-06T09:00:00+01:00\n\n"
               "[2026-01-05T08:00:00Z]\n"
               "letdowns=95;210;330\nease=4\nmood=sleepy\n", -1);
  history = load_history (fixture, problems);

  /* One session, each key read once, the last value winning. */
  g_assert_cmpuint (n_records (history), ==, 2);
  record = record_at (history, 0);
  letdowns = lull_record_get_letdowns (record);
  g_assert_cmpuint (letdowns->len, ==, 3);
  g_assert_cmpuint (g_array_index (letdowns, guint, 2), ==, 330);
  g_assert_cmpint (lull_record_get_ease (record), ==, 4);
  {
    g_autofree char *text = lull_test_record_to_text (record);

    g_assert_nonnull (strstr (text, "\nmood=sleepy\n"));
    g_assert_null (strstr (text, "calm"));
  }
  g_assert_cmpuint (problems->len, ==, 1);
  assert_has_problem (problems, "“2026-01-05T08:00:00Z” appears more than once in 2026-01.ini",
                      NULL);
}

static void
test_limits_on_load (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("[Lull History]\nversion=1\n\n"
                                          "[2026-01-05T08:00:00Z]\n"
                                          "start=2026-01-05T09:00:00+01:00\n"
                                          "pump-seconds=9000\nletdowns=");
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  const GArray *letdowns;
  LullRecord *record;

  for (guint i = 0; i < 60; i++)
    g_string_append_printf (text, "%s%u", i > 0 ? ";" : "", 10 * (i + 1));
  g_string_append (text, "\n\n[2026-01-06T08:00:00Z]\n"
                         "start=2026-01-06T09:00:00+01:00\n"
                         "pump-seconds=30000\nletdowns=60;20000;29000\n");
  write_month (fixture, "2026-01", text->str, -1);

  history = load_history (fixture, problems);
  g_assert_cmpuint (n_records (history), ==, 2);

  /* The first fifty let-downs. */
  letdowns = lull_record_get_letdowns (record_at (history, 0));
  g_assert_cmpuint (letdowns->len, ==, LULL_RECORD_MAX_LETDOWNS);
  g_assert_cmpuint (g_array_index (letdowns, guint, 49), ==, 500);
  assert_has_problem (problems, "“letdowns” in the session “2026-01-05T08:00:00Z” in 2026-01.ini",
                      "holds 60 let-downs");

  /* Four hours of pumping at most, and no let-down after. */
  record = record_at (history, 1);
  g_assert_cmpuint (lull_record_get_pump_seconds (record), ==, LULL_RECORD_MAX_PUMP_SECONDS);
  g_assert_cmpuint (lull_record_get_letdowns (record)->len, ==, 1);
  assert_has_problem (problems,
                      "“pump-seconds” in the session “2026-01-06T08:00:00Z” in 2026-01.ini",
                      "4 hours");
  assert_has_problem (problems, "“letdowns” in the session “2026-01-06T08:00:00Z” in 2026-01.ini",
                      "after pumping ended");
  g_assert_cmpuint (problems->len, ==, 3);
}

static void
test_limits_on_save (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(LullHistory) history = load_history (fixture, NULL);
  g_autoptr(LullRecord) long_one = new_record ("2026-01-05T09:00:00+01:00",
                                               LULL_RECORD_MAX_PUMP_SECONDS + 1, 50);
  g_autoptr(LullRecord) many = new_record ("2026-01-06T09:00:00+01:00", 3600, 50);
  g_autoptr(LullRecord) longest = new_record ("2026-01-07T09:00:00+01:00",
                                              LULL_RECORD_MAX_PUMP_SECONDS, 50);
  g_autoptr(GError) error = NULL;
  guint seconds[LULL_RECORD_MAX_LETDOWNS + 1];

  for (guint i = 0; i < G_N_ELEMENTS (seconds); i++)
    seconds[i] = 10 * (i + 1);
  lull_record_set_letdowns (many, seconds, G_N_ELEMENTS (seconds));

  g_assert_false (lull_history_append (history, long_one, &error));
  g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "4 hours"));
  g_clear_error (&error);

  g_assert_false (lull_history_append (history, many, &error));
  g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "50 let-downs"));
  g_clear_error (&error);

  g_assert_cmpuint (n_records (history), ==, 0);
  g_assert_false (g_file_test (fixture->history_path, G_FILE_TEST_EXISTS));

  append_ok (history, longest);
  g_assert_true (lull_record_clamp_to_limits (many));
  append_ok (history, many);
  g_assert_cmpuint (n_records (history), ==, 2);
}

static void
test_group_not_a_time (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  write_month (fixture, "2026-01",
               "[Lull History]\nversion=1\n\n"
               "[lunch]\nstart=2026-01-05T13:00:00+01:00\npump-seconds=600\n\n"
               "[2026-01-05T08:00:00Z]\nstart=2026-01-05T09:00:00+01:00\n", -1);
  history = load_history (fixture, problems);

  g_assert_cmpuint (n_records (history), ==, 1);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_has_problem (problems, "skipped the session “lunch” in 2026-01.ini because",
                      NULL);
}

static void
test_append_reloads_changed_month (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(LullHistory) history = load_history (fixture, NULL);
  g_autoptr(LullRecord) first = new_record ("2026-01-05T09:00:00+01:00", 600, 50);
  g_autoptr(LullRecord) third = new_record ("2026-01-07T09:00:00+01:00", 800, 70);
  g_autofree char *text = NULL;
  g_autofree char *changed = NULL;
  GDate date;

  append_ok (history, first);

  /* Another copy of Lull, or a sync tool, adds a session and drops none. */
  text = read_month (fixture, "2026-01");
  changed = g_strconcat (text, "\n[2026-01-06T08:00:00Z]\nstart=2026-01-06T09:00:00+01:00\n"
                         "pump-seconds=700\n", NULL);
  write_month (fixture, "2026-01", changed, -1);

  append_ok (history, third);
  g_assert_cmpuint (n_records (history), ==, 3);
  g_assert_cmpstr (lull_record_get_key (record_at (history, 1)), ==, "2026-01-06T08:00:00Z");
  g_assert_true (record_at (history, 0) == first);
  g_assert_true (record_at (history, 2) == third);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 6, G_DATE_JANUARY, 2026);
  g_assert_cmpuint (lull_history_count_on_date (history, &date), ==, 1);

  /* And one the tool took away is gone from the list as well. */
  write_month (fixture, "2026-01",
               "[Lull History]\nversion=1\n\n[2026-01-07T08:00:00Z]\n"
               "start=2026-01-07T09:00:00+01:00\npump-seconds=800\n", -1);
  {
    g_autoptr(LullRecord) fourth = new_record ("2026-01-08T09:00:00+01:00", 800, 70);

    append_ok (history, fourth);
  }
  g_assert_cmpuint (n_records (history), ==, 2);
  g_assert_cmpuint (lull_history_count_on_date (history, &date), ==, 0);
}

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
on_load_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static void
start_loading (LullHistory *history,
               Wait        *wait)
{
  wait->loop = g_main_loop_new (NULL, FALSE);
  wait->result = NULL;
  lull_history_load_async (history, NULL, on_load_done, wait);
}

/* Runs a main loop until lull_history_load_async() is done. */
static GPtrArray *
finish_loading (LullHistory *history,
                Wait        *wait)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *problems = NULL;

  g_main_loop_run (wait->loop);
  g_assert_true (lull_history_load_finish (history, wait->result, &problems, &error));
  g_assert_no_error (error);
  g_assert_nonnull (problems);

  g_clear_object (&wait->result);
  g_clear_pointer (&wait->loop, g_main_loop_unref);

  return problems;
}

static void
write_months_for_loading (Fixture *fixture)
{
  static const char *months[] = { "2025-12", "2026-01", "2026-02", "2026-03" };

  for (guint m = 0; m < G_N_ELEMENTS (months); m++)
    {
      g_autoptr(GString) text = g_string_new ("[Lull History]\nversion=1\n");

      for (guint day = 1; day <= 20; day++)
        g_string_append_printf (text,
                                "\n[%s-%02uT08:00:00Z]\nstart=%s-%02uT09:00:00+01:00\n"
                                "pump-seconds=%u\n",
                                months[m], day, months[m], day, 600 + day);
      /* One problem, to see it come through the async load. */
      if (m == 1)
        g_string_append (text, "\n[lunch]\nstart=2026-01-05T13:00:00+01:00\n");
      write_month (fixture, months[m], text->str, -1);
    }
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_load_current_then_async (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(LullHistory) history = lull_history_new (fixture->root);
  g_autoptr(LullHistory) whole = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) problems_whole = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) problems_async = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-02-21T18:00:00+01:00", NULL);
  guint n_notify = 0;
  Wait wait;
  GDate date;

  write_months_for_loading (fixture);
  whole = load_history (fixture, problems_whole);
  g_assert_cmpuint (n_records (whole), ==, 80);

  g_signal_connect (history, "notify::loading", G_CALLBACK (count_notify), &n_notify);

  /* The month of now first: enough for today's count. */
  lull_history_load_current (history, now, problems);
  g_assert_cmpuint (n_records (history), ==, 20);
  g_assert_cmpuint (problems->len, ==, 0);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 20, G_DATE_FEBRUARY, 2026);
  g_assert_cmpuint (lull_history_count_on_date (history, &date), ==, 1);

  start_loading (history, &wait);
  g_assert_true (lull_history_get_loading (history));
  g_assert_cmpuint (n_notify, ==, 1);
  problems_async = finish_loading (history, &wait);
  g_assert_false (lull_history_get_loading (history));
  g_assert_cmpuint (n_notify, ==, 2);

  /* The same sessions in the same order as one synchronous load. */
  g_assert_cmpuint (n_records (history), ==, n_records (whole));
  for (guint i = 0; i < n_records (whole); i++)
    {
      g_autofree char *expected = lull_test_record_to_text (record_at (whole, i));
      g_autofree char *got = lull_test_record_to_text (record_at (history, i));

      g_assert_cmpstr (got, ==, expected);
    }
  g_assert_cmpuint (problems_async->len, ==, 1);
  assert_has_problem (problems_async, "“lunch” in 2026-01.ini", NULL);
  g_assert_cmpuint (problems_whole->len, ==, 1);

  g_assert_finalize_object (g_steal_pointer (&history));
}

static void
on_load_cancelled (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  g_assert_false (lull_history_load_finish (LULL_HISTORY (source), result, &problems, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (problems);
  g_main_loop_quit (wait->loop);
}

static void
test_load_async_cancelled (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(LullHistory) history = lull_history_new (fixture->root);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };

  write_months_for_loading (fixture);
  g_cancellable_cancel (cancellable);
  lull_history_load_async (history, cancellable, on_load_cancelled, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);

  g_assert_false (lull_history_get_loading (history));
  g_assert_finalize_object (g_steal_pointer (&history));
}

static void
test_append_while_loading (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(LullHistory) history = lull_history_new (fixture->root);
  g_autoptr(LullHistory) reloaded = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-03-21T18:00:00+01:00", NULL);
  g_autoptr(LullRecord) in_january = new_record ("2026-01-25T10:00:00+01:00", 600, 50);
  g_autoptr(LullRecord) in_march = new_record ("2026-03-25T10:00:00+01:00", 600, 50);
  g_autoptr(LullRecord) in_april = new_record ("2026-04-02T10:00:00+02:00", 600, 50);
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  Wait wait;

  write_months_for_loading (fixture);
  lull_history_load_current (history, now, NULL);
  start_loading (history, &wait);

  /* Saved while the thread reads: into a month it reads, into the month
   * already loaded, into a new month. */
  append_ok (history, in_january);
  append_ok (history, in_march);
  append_ok (history, in_april);
  g_assert_true (lull_history_get_loading (history));

  problems = finish_loading (history, &wait);

  /* Each session once, in order. */
  g_assert_cmpuint (n_records (history), ==, 83);
  for (guint i = 0; i < n_records (history); i++)
    {
      const char *key = lull_record_get_key (record_at (history, i));

      g_assert_false (g_hash_table_contains (keys, key));
      g_hash_table_add (keys, (gpointer)key);
      if (i > 0)
        g_assert_cmpstr (lull_record_get_key (record_at (history, i - 1)), <, key);
    }
  g_assert_cmpuint (count_problems_with (problems, "only once", NULL), ==, 0);

  reloaded = load_history (fixture, NULL);
  g_assert_cmpuint (n_records (reloaded), ==, 83);

  g_assert_finalize_object (g_steal_pointer (&history));
}

/* Editing and deleting. */

/* A November kept partly by hand: a comment before the header, a key a
 * newer Lull added to the header, a session with a comment and keys this
 * version does not know, and a group that is no session. */
static const char november_by_hand[] =
  "# Kept by hand: the first week.\n"
  "[Lull History]\n"
  "version=1\n"
  "x-exporter=sheet\n"
  "\n"
  "[2026-11-02T08:00:00Z]\n"
  "start=2026-11-02T09:00:00+01:00\n"
  "prime-seconds=0\n"
  "pump-seconds=600\n"
  "volume-ml=60\n"
  "\n"
  "[2026-11-03T08:00:00Z]\n"
  "start=2026-11-03T09:00:00+01:00\n"
  "prime-seconds=0\n"
  "pump-seconds=700\n"
  "volume-ml=70\n"
  "# the new flange\n"
  "mood=calm\n"
  "x-pump[de]=Handpumpe\n"
  "\n"
  "[Lull Export]\n"
  "last=2026-11-03\n"
  "\n"
  "[2026-11-04T08:00:00Z]\n"
  "start=2026-11-04T09:00:00+01:00\n"
  "prime-seconds=0\n"
  "pump-seconds=800\n"
  "volume-ml=80\n";

#define NOVEMBER_THIRD "2026-11-03T08:00:00Z"

/* A file as the edit tests compare it: its bytes, its inode (an atomic
 * rewrite makes a new file, even within the file system's clock tick) and
 * its time. */
typedef struct
{
  char    *path;
  char    *contents;
  guint64  inode;
  gint64   mtime_ns;
} FileState;

static void
file_state_clear (FileState *state)
{
  g_clear_pointer (&state->path, g_free);
  g_clear_pointer (&state->contents, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FileState, file_state_clear)

static void
file_state_take (FileState  *state,
                 const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  state->path = g_strdup (path);
  state->contents = read_file (path);
  state->inode = buf.st_ino;
  state->mtime_ns = (gint64)buf.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) +
                    buf.st_mtim.tv_nsec;
}

static void
assert_file_untouched (const FileState *state)
{
  g_autofree char *contents = read_file (state->path);
  GStatBuf buf;

  g_assert_cmpint (g_stat (state->path, &buf), ==, 0);
  g_assert_cmpstr (contents, ==, state->contents);
  g_assert_cmpuint (buf.st_ino, ==, state->inode);
  g_assert_cmpint ((gint64)buf.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) +
                   buf.st_mtim.tv_nsec, ==, state->mtime_ns);
}

/* October and December saved by Lull, November by hand. */
static LullHistory *
load_three_months (Fixture   *fixture,
                   FileState *october,
                   FileState *november,
                   FileState *december)
{
  g_autoptr(LullRecord) in_october = new_record ("2026-10-15T10:00:00+02:00", 900, 100);
  g_autoptr(LullRecord) in_december = new_record ("2026-12-10T10:00:00+01:00", 900, 110);
  g_autofree char *october_path = month_path (fixture, "2026-10");
  g_autofree char *november_path = month_path (fixture, "2026-11");
  g_autofree char *december_path = month_path (fixture, "2026-12");
  LullHistory *history;

  write_month (fixture, "2026-11", november_by_hand, -1);
  history = load_history (fixture, NULL);
  append_ok (history, in_october);
  append_ok (history, in_december);
  g_assert_cmpuint (n_records (history), ==, 5);

  file_state_take (october, october_path);
  file_state_take (november, november_path);
  file_state_take (december, december_path);

  return history;
}

/* For the tests of editing: the three months loaded, and their files as
 * they were then. With data TRUE, the data root is a small disk of its
 * own (see mount_small_disk()). */
typedef struct
{
  Fixture      base;
  LullHistory *history;
  FileState    october;
  FileState    november;
  FileState    december;
} EditFixture;

static void
edit_fixture_set_up (EditFixture   *edit,
                     gconstpointer  data)
{
  fixture_set_up (&edit->base, data);
  if (GPOINTER_TO_INT (data) && !mount_small_disk (&edit->base))
    return;

  edit->history = load_three_months (&edit->base, &edit->october, &edit->november,
                                     &edit->december);
}

static void
edit_fixture_tear_down (EditFixture   *edit,
                        gconstpointer  data)
{
  if (edit->history != NULL)
    g_assert_finalize_object (edit->history);
  file_state_clear (&edit->october);
  file_state_clear (&edit->november);
  file_state_clear (&edit->december);
  fixture_tear_down (&edit->base, data);
}

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GArray     *changes)
{
  Change change = { position, removed, added };

  g_array_append_val (changes, change);
}

static GArray *
watch_changes (LullHistory *history)
{
  GArray *changes = g_array_new (FALSE, FALSE, sizeof (Change));

  g_signal_connect (lull_history_get_records (history), "items-changed",
                    G_CALLBACK (on_items_changed), changes);
  return changes;
}

static void
unwatch_changes (LullHistory *history,
                 GArray      *changes)
{
  g_signal_handlers_disconnect_by_data (lull_history_get_records (history), changes);
}

/* Replaces @old_record by @new_record, or removes it when @new_record is
 * %NULL; it must work. */
static void
change_ok (LullHistory *history,
           LullRecord  *old_record,
           LullRecord  *new_record)
{
  g_autoptr(GError) error = NULL;
  gboolean done;

  if (new_record != NULL)
    done = lull_history_replace (history, old_record, new_record, &error);
  else
    done = lull_history_remove (history, old_record, &error);

  g_assert_no_error (error);
  g_assert_true (done);
}

/* A copy of @record starting at @start (%NULL: the same start). */
static LullRecord *
copy_record (LullRecord *record,
             const char *start_iso8601)
{
  g_autoptr(GDateTime) start = NULL;

  if (start_iso8601 != NULL)
    {
      start = g_date_time_new_from_iso8601 (start_iso8601, NULL);
      g_assert_nonnull (start);
    }

  return lull_record_copy (record, start);
}

/* The keys of each session in the list, in order, as text. */
static char *
history_text (LullHistory *history)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_records (history); i++)
    {
      g_autofree char *group = lull_test_record_to_text (record_at (history, i));

      g_string_append (text, group);
    }

  return g_string_free (text, FALSE);
}

static void
assert_reload_equals (Fixture     *fixture,
                      LullHistory *history)
{
  g_autoptr(LullHistory) reloaded = load_history (fixture, NULL);
  g_autofree char *expected = history_text (history);
  g_autofree char *got = history_text (reloaded);

  g_assert_cmpstr (got, ==, expected);
}

static guint
count_in (const char *text,
          const char *part)
{
  guint count = 0;

  for (const char *at = strstr (text, part); at != NULL; at = strstr (at + 1, part))
    count++;

  return count;
}

/* Text with the first @old replaced by @new. */
static char *
replace_once (const char *text,
              const char *old,
              const char *new)
{
  const char *at = strstr (text, old);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int)(at - text), text, new, at + strlen (old));
}

static void
test_edit_volume (EditFixture   *edit,
                  gconstpointer  data)
{
  Fixture *fixture = &edit->base;
  LullHistory *history = edit->history;
  g_autoptr(LullRecord) old_record = g_object_ref (find_record (history, NOVEMBER_THIRD));
  g_autoptr(LullRecord) edited = copy_record (old_record, NULL);
  g_autoptr(GArray) changes = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *november = NULL;
  g_autofree char *november_path = month_path (fixture, "2026-11");
  const Change *change;

  lull_record_set_volume_ml (edited, 95);
  changes = watch_changes (history);
  change_ok (history, old_record, edited);
  unwatch_changes (history, changes);

  /* The group changed in place, and nothing else in the file: the
   * comments, the header's own key, the unknown keys (byte for byte, in
   * their place) and the group that is no session. */
  november = read_month (fixture, "2026-11");
  expected = replace_once (november_by_hand, "volume-ml=70\n", "volume-ml=95\n");
  g_assert_cmpstr (november, ==, expected);
  g_assert_cmpuint (lull_test_mode_of (november_path), ==, 0600);
  g_assert_cmpuint (count_entries (fixture->history_path), ==, 3);

  /* The other months were not written at all. */
  assert_file_untouched (&edit->october);
  assert_file_untouched (&edit->december);

  /* One change to the list, in the session's place. */
  g_assert_cmpuint (changes->len, ==, 1);
  change = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (change->position, ==, 2);
  g_assert_cmpuint (change->removed, ==, 1);
  g_assert_cmpuint (change->added, ==, 1);
  g_assert_true (record_at (history, 2) == edited);
  g_assert_cmpint (lull_record_get_volume_ml (record_at (history, 2)), ==, 95);
  g_assert_cmpuint (n_records (history), ==, 5);

  assert_reload_equals (fixture, history);
  {
    g_autofree char *text = lull_test_record_to_text (edited);

    g_assert_nonnull (strstr (text, "\nmood=calm\n"));
    g_assert_nonnull (strstr (text, "\nx-pump[de]=Handpumpe\n"));
  }

  /* Editing it again works from the new record. */
  {
    g_autoptr(LullRecord) again = copy_record (edited, NULL);

    lull_record_set_notes (again, "Better.");
    change_ok (history, edited, again);
    g_clear_pointer (&november, g_free);
    november = read_month (fixture, "2026-11");
    g_assert_nonnull (strstr (november, "volume-ml=95\nnotes=Better.\n# the new flange\n"));
  }
}

/* A copy, the way to edit a session, holds every value of the record;
 * with another start, only the start differs. */
static void
test_edit_copy_holds_everything (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(LullRecord) full = new_record ("2026-11-23T11:15:02+01:00", 1140, 115);
  g_autoptr(LullRecord) same = NULL;
  g_autoptr(LullRecord) later = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *full_text = NULL;
  g_autofree char *same_text = NULL;
  g_autofree char *later_text = NULL;
  g_autofree char *expected = NULL;

  lull_record_set_volume_sides_ml (full, 60, 55);
  lull_record_set_calm_before (full, 2);
  lull_record_set_calm_after (full, 4);
  lull_record_set_place (full, "Nursery chair");
  lull_record_set_audio (full, "builtin:meadow");
  /* And a key this version does not know, as a newer Lull wrote it. */
  lull_record_write_to_keyfile (full, keyfile);
  g_key_file_set_value (keyfile, "2026-11-23T10:15:02Z", "heart-rate", "72;70");
  g_clear_object (&full);
  full = lull_record_new_from_keyfile (keyfile, "2026-11-23T10:15:02Z", &error);
  g_assert_no_error (error);

  same = copy_record (full, NULL);
  full_text = lull_test_record_to_text (full);
  same_text = lull_test_record_to_text (same);
  g_assert_cmpstr (same_text, ==, full_text);
  g_assert_nonnull (strstr (same_text, "\nheart-rate=72;70\n"));

  later = copy_record (full, "2026-11-24T06:00:00+01:00");
  later_text = lull_test_record_to_text (later);
  expected = replace_once (full_text,
                           "[2026-11-23T10:15:02Z]\nstart=2026-11-23T11:15:02+01:00\n",
                           "[2026-11-24T05:00:00Z]\nstart=2026-11-24T06:00:00+01:00\n");
  g_assert_cmpstr (later_text, ==, expected);
}

/* A record made afresh (lull_record_new() and setters, no unknown keys)
 * still leaves the file's unknown keys where they are. */
static void
test_edit_keeps_unknown_keys_of_file (EditFixture   *edit,
                                      gconstpointer  data)
{
  Fixture *fixture = &edit->base;
  LullHistory *history = edit->history;
  LullRecord *old_record = find_record (history, NOVEMBER_THIRD);
  g_autoptr(LullRecord) fresh = new_record ("2026-11-03T09:00:00+01:00", 700, 75);
  g_autofree char *november = NULL;
  g_autofree char *fresh_text = NULL;

  change_ok (history, old_record, fresh);

  november = read_month (fixture, "2026-11");
  g_assert_nonnull (strstr (november, "\n# the new flange\nmood=calm\nx-pump[de]=Handpumpe\n"));
  g_assert_nonnull (strstr (november, "\nvolume-ml=75\n"));
  g_assert_null (strstr (november, "volume-ml=70"));
  g_assert_cmpuint (count_in (november, "mood="), ==, 1);
  g_assert_cmpuint (count_in (november, "x-pump[de]="), ==, 1);
  fresh_text = lull_test_record_to_text (fresh);
  g_assert_true (g_str_has_prefix (strstr (november, "[" NOVEMBER_THIRD "]"), fresh_text));

  assert_file_untouched (&edit->october);
  assert_file_untouched (&edit->december);
}

static void
test_edit_start_same_month (EditFixture   *edit,
                            gconstpointer  data)
{
  Fixture *fixture = &edit->base;
  LullHistory *history = edit->history;
  LullRecord *old_record = find_record (history, NOVEMBER_THIRD);
  g_autoptr(LullRecord) later = copy_record (old_record, "2026-11-05T07:30:00+01:00");
  g_autofree char *november = NULL;
  g_autofree char *expected = NULL;
  GDate date;

  change_ok (history, old_record, later);

  /* Renamed where it was. */
  november = read_month (fixture, "2026-11");
  expected = replace_once (november_by_hand,
                           "[2026-11-03T08:00:00Z]\nstart=2026-11-03T09:00:00+01:00\n",
                           "[2026-11-05T06:30:00Z]\nstart=2026-11-05T07:30:00+01:00\n");
  g_assert_cmpstr (november, ==, expected);
  assert_file_untouched (&edit->october);
  assert_file_untouched (&edit->december);

  /* And in its new place in the list. */
  g_assert_cmpuint (n_records (history), ==, 5);
  g_assert_true (record_at (history, 3) == later);
  g_assert_cmpstr (lull_record_get_key (record_at (history, 2)), ==, "2026-11-04T08:00:00Z");
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 3, G_DATE_NOVEMBER, 2026);
  g_assert_cmpuint (lull_history_count_on_date (history, &date), ==, 0);
  g_date_set_dmy (&date, 5, G_DATE_NOVEMBER, 2026);
  g_assert_cmpuint (lull_history_count_on_date (history, &date), ==, 1);

  assert_reload_equals (fixture, history);
}

static void
test_edit_start_other_month (EditFixture   *edit,
                             gconstpointer  data)
{
  Fixture *fixture = &edit->base;
  LullHistory *history = edit->history;
  LullRecord *old_record = find_record (history, NOVEMBER_THIRD);
  /* 00:30 on 1 December where the parent was: still November in UTC. */
  g_autoptr(LullRecord) moved = copy_record (old_record, "2026-12-01T00:30:00+01:00");
  g_autoptr(LullRecord) to_new_month = NULL;
  g_autofree char *november = NULL;
  g_autofree char *december_after = NULL;
  g_autofree char *moved_text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *january_path = month_path (fixture, "2027-01");

  change_ok (history, old_record, moved);

  /* Out of November, its comment left there. */
  november = read_month (fixture, "2026-11");
  expected = replace_once (november_by_hand,
                           "\n[2026-11-03T08:00:00Z]\nstart=2026-11-03T09:00:00+01:00\n"
                           "prime-seconds=0\npump-seconds=700\nvolume-ml=70\n"
                           "# the new flange\nmood=calm\nx-pump[de]=Handpumpe\n",
                           "# the new flange\n");
  g_assert_cmpstr (november, ==, expected);

  /* Into December, after what it held, with its unknown keys. */
  december_after = read_month (fixture, "2026-12");
  moved_text = lull_test_record_to_text (moved);
  g_assert_nonnull (strstr (moved_text, "[2026-11-30T23:30:00Z]\n"));
  g_assert_nonnull (strstr (moved_text, "\nmood=calm\nx-pump[de]=Handpumpe\n"));
  g_clear_pointer (&expected, g_free);
  expected = g_strconcat (edit->december.contents, "\n", moved_text, NULL);
  g_assert_cmpstr (december_after, ==, expected);
  assert_file_untouched (&edit->october);

  g_assert_cmpuint (n_records (history), ==, 5);
  g_assert_true (record_at (history, 3) == moved);
  assert_reload_equals (fixture, history);

  /* Into a month with no file yet: the file is made. */
  to_new_month = copy_record (moved, "2027-01-02T10:00:00+01:00");
  change_ok (history, moved, to_new_month);
  g_assert_true (g_file_test (january_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (lull_test_mode_of (january_path), ==, 0600);
  g_clear_pointer (&december_after, g_free);
  december_after = read_month (fixture, "2026-12");
  g_assert_cmpstr (december_after, ==, edit->december.contents);
  g_assert_true (record_at (history, 4) == to_new_month);
  assert_reload_equals (fixture, history);
}

/* The same groups with the same keys and values, in any order. */
static void
assert_same_keyfile (const char *path,
                     const char *expected_text)
{
  g_autoptr(GKeyFile) got = lull_test_load_keyfile (path);
  g_autoptr(GKeyFile) expected = g_key_file_new ();
  g_auto(GStrv) groups = NULL;
  g_auto(GStrv) got_groups = NULL;
  g_autoptr(GError) error = NULL;
  gsize n_groups, n_got_groups;

  g_assert_true (g_key_file_load_from_data (expected, expected_text, -1, G_KEY_FILE_NONE,
                                            &error));
  g_assert_no_error (error);
  groups = g_key_file_get_groups (expected, &n_groups);
  got_groups = g_key_file_get_groups (got, &n_got_groups);
  g_assert_cmpuint (n_got_groups, ==, n_groups);

  for (gsize i = 0; i < n_groups; i++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (expected, groups[i], NULL, NULL);
      g_auto(GStrv) got_keys = g_key_file_get_keys (got, groups[i], NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (g_strv_length (got_keys), ==, g_strv_length (keys));
      for (guint k = 0; keys[k] != NULL; k++)
        {
          g_autofree char *value = g_key_file_get_value (expected, groups[i], keys[k], NULL);

          lull_test_assert_key_value (got, groups[i], keys[k], value);
        }
    }
}

static void
test_remove_then_undo (EditFixture   *edit,
                       gconstpointer  data)
{
  Fixture *fixture = &edit->base;
  LullHistory *history = edit->history;
  g_autoptr(LullRecord) record = g_object_ref (find_record (history, NOVEMBER_THIRD));
  g_autoptr(GArray) changes = NULL;
  g_autofree char *before = history_text (history);
  g_autofree char *after_undo = NULL;
  g_autofree char *november = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *november_path = month_path (fixture, "2026-11");
  GDate date;

  changes = watch_changes (history);
  change_ok (history, record, NULL);
  unwatch_changes (history, changes);

  /* The group went, with the blank line before it; its comment stayed. */
  november = read_month (fixture, "2026-11");
  expected = replace_once (november_by_hand,
                           "\n[2026-11-03T08:00:00Z]\nstart=2026-11-03T09:00:00+01:00\n"
                           "prime-seconds=0\npump-seconds=700\nvolume-ml=70\n"
                           "# the new flange\nmood=calm\nx-pump[de]=Handpumpe\n",
                           "# the new flange\n");
  g_assert_cmpstr (november, ==, expected);
  assert_file_untouched (&edit->october);
  assert_file_untouched (&edit->december);

  g_assert_cmpuint (n_records (history), ==, 4);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).position, ==, 2);
  g_assert_cmpuint (g_array_index (changes, Change, 0).removed, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).added, ==, 0);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 3, G_DATE_NOVEMBER, 2026);
  g_assert_cmpuint (lull_history_count_on_date (history, &date), ==, 0);
  assert_reload_equals (fixture, history);

  /* Undo: the same record appended. Back in November, with its unknown
   * keys, the other months untouched. */
  append_ok (history, record);
  g_assert_cmpuint (n_records (history), ==, 5);
  g_assert_true (record_at (history, 2) == record);
  g_assert_cmpuint (lull_history_count_on_date (history, &date), ==, 1);
  after_undo = history_text (history);
  g_assert_cmpstr (after_undo, ==, before);
  assert_reload_equals (fixture, history);

  /* The same sessions, keys and values as before the removal (the group
   * is now last, and the comment no longer in it). */
  g_clear_pointer (&november, g_free);
  november = read_month (fixture, "2026-11");
  g_assert_nonnull (strstr (november, "# the new flange\n"));
  g_assert_nonnull (strstr (november, "# Kept by hand: the first week.\n"));
  assert_same_keyfile (november_path, november_by_hand);
  assert_file_untouched (&edit->october);
  assert_file_untouched (&edit->december);
}

static void
test_remove_last_of_month (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(LullHistory) history = load_history (fixture, NULL);
  g_autoptr(LullHistory) reloaded = NULL;
  g_autoptr(LullRecord) record = new_record ("2026-12-10T10:00:00+01:00", 900, 110);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *december_path = month_path (fixture, "2026-12");
  g_autofree char *saved = NULL;
  g_autofree char *emptied = NULL;
  g_autofree char *restored = NULL;

  append_ok (history, record);
  saved = read_month (fixture, "2026-12");
  change_ok (history, record, NULL);

  /* The file stays, with its header only: a valid, empty month. */
  emptied = read_month (fixture, "2026-12");
  g_assert_cmpstr (emptied, ==, "[Lull History]\nversion=1\n");
  g_assert_cmpuint (lull_test_mode_of (december_path), ==, 0600);
  g_assert_cmpuint (n_records (history), ==, 0);
  reloaded = load_history (fixture, problems);
  g_assert_cmpuint (n_records (reloaded), ==, 0);
  g_assert_cmpuint (problems->len, ==, 0);

  /* Undone, the file is as Lull first wrote it. */
  append_ok (history, record);
  restored = read_month (fixture, "2026-12");
  g_assert_cmpstr (restored, ==, saved);
}

/* The sentence of a refused edit: plain words, no path. */
static void
assert_edit_refused (gboolean     done,
                     GError      *error,
                     const char  *expected)
{
  g_assert_false (done);
  g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_WRITE);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);
  if (strchr (error->message, '/') != NULL)
    g_error ("“%s” holds a path", error->message);
}

static void
test_edit_write_failure_read_only (EditFixture   *edit,
                                   gconstpointer  data)
{
  Fixture *fixture = &edit->base;
  LullHistory *history = edit->history;
  g_autoptr(LullRecord) edited = NULL;
  g_autoptr(LullRecord) moved = NULL;
  g_autoptr(GArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  LullRecord *record;
  gboolean done;

  /* No small disk of its own: skipped. */
  if (history == NULL)
    return;

  record = find_record (history, NOVEMBER_THIRD);
  edited = copy_record (record, NULL);
  lull_record_set_volume_ml (edited, 95);
  moved = copy_record (record, "2026-12-20T10:00:00+01:00");
  before = history_text (history);

  remount_read_only (fixture, NULL);
  changes = watch_changes (history);

  done = lull_history_replace (history, record, edited, &error);
  assert_edit_refused (done, error, SAYS_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "Nothing is lost"));
  g_clear_error (&error);

  done = lull_history_replace (history, record, moved, &error);
  assert_edit_refused (done, error, SAYS_READ_ONLY);
  g_clear_error (&error);

  done = lull_history_remove (history, record, &error);
  assert_edit_refused (done, error, SAYS_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "delete"));
  g_assert_nonnull (strstr (error->message, "still in the history"));
  g_clear_error (&error);

  unwatch_changes (history, changes);
  remount_read_write (fixture, NULL);

  /* Nothing changed, in the list or on disk. */
  g_assert_cmpuint (changes->len, ==, 0);
  after = history_text (history);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (find_record (history, NOVEMBER_THIRD) == record);
  assert_file_untouched (&edit->october);
  assert_file_untouched (&edit->november);
  assert_file_untouched (&edit->december);

  /* And it works once the disk is back. */
  change_ok (history, record, edited);
}

/* The move's second write (out of the old month) fails after the first
 * (into the new month) worked: the first is undone. */
static void
test_edit_move_second_write_fails (EditFixture   *edit,
                                   gconstpointer  data)
{
  Fixture *fixture = &edit->base;
  LullHistory *history = edit->history;
  g_autoptr(LullRecord) moved = NULL;
  g_autoptr(GArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *february_path = month_path (fixture, "2027-02");
  g_autofree char *november_path = month_path (fixture, "2026-11");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  LullRecord *record = find_record (history, NOVEMBER_THIRD);
  const goffset limit = 1000;
  gboolean done;

  /* A long November, so that its rewrite is larger than the file
   * lull_history_replace() writes first. */
  for (guint day = 10; day < 20; day++)
    {
      g_autofree char *start = g_strdup_printf ("2026-11-%uT10:00:00+01:00", day);
      g_autoptr(LullRecord) other = new_record (start, 600, 50);

      append_ok (history, other);
    }
  file_state_clear (&edit->november);
  file_state_take (&edit->november, november_path);
  g_assert_cmpuint (strlen (edit->november.contents), >, 2 * limit);
  g_assert_cmpuint (strlen (edit->december.contents) + 400, <, limit);
  before = history_text (history);

  /* Into a month with no file yet: the new file goes again. */
  moved = copy_record (record, "2027-02-02T10:00:00+01:00");
  changes = watch_changes (history);
  limit_file_size_to (limit);
  done = lull_history_replace (history, record, moved, &error);
  assert_edit_refused (done, error, SAYS_DID_NOT_WORK);
  restore_file_size (fixture, NULL);
  g_assert_false (g_file_test (february_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (fixture->history_path), ==, 3);

  /* Into a month with a file: it is put back as it was. */
  g_clear_object (&moved);
  g_clear_error (&error);
  moved = copy_record (record, "2026-12-20T10:00:00+01:00");
  limit_file_size_to (limit);
  done = lull_history_replace (history, record, moved, &error);
  assert_edit_refused (done, error, SAYS_DID_NOT_WORK);
  restore_file_size (fixture, NULL);
  unwatch_changes (history, changes);
  {
    g_autofree char *december_after = read_month (fixture, "2026-12");

    g_assert_cmpstr (december_after, ==, edit->december.contents);
  }

  assert_file_untouched (&edit->october);
  assert_file_untouched (&edit->november);
  g_assert_cmpuint (changes->len, ==, 0);
  after = history_text (history);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (find_record (history, NOVEMBER_THIRD) == record);
}

static void
test_edit_duplicate_refused (EditFixture   *edit,
                             gconstpointer  data)
{
  Fixture *fixture = &edit->base;
  LullHistory *history = edit->history;
  g_autoptr(LullRecord) onto_next = NULL;
  g_autoptr(LullRecord) onto_unread = NULL;
  g_autoptr(LullRecord) same_moment = new_record ("2026-11-04T13:00:00+05:00", 600, 20);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = history_text (history);
  g_autofree char *after = NULL;
  LullRecord *record = find_record (history, NOVEMBER_THIRD);

  /* The start of another session, written with another offset. */
  onto_next = copy_record (record, "2026-11-04T03:00:00-05:00");
  g_assert_false (lull_history_replace (history, record, onto_next, &error));
  g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* A session added by hand at that moment: the same. */
  g_assert_false (lull_history_append (history, same_moment, &error));
  g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DUPLICATE);
  g_clear_error (&error);

  after = history_text (history);
  g_assert_cmpstr (after, ==, before);
  assert_file_untouched (&edit->october);
  assert_file_untouched (&edit->november);
  assert_file_untouched (&edit->december);

  /* A group the loader could not read still holds its start. */
  write_month (fixture, "2026-09",
               "[Lull History]\nversion=1\n\n[2026-09-01T08:00:00Z]\n"
               "start=not a time\n", -1);
  onto_unread = copy_record (record, "2026-09-01T10:00:00+02:00");
  g_assert_false (lull_history_replace (history, record, onto_unread, &error));
  g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DUPLICATE);
  assert_file_untouched (&edit->november);
}

static void
test_edit_invalid_refused (EditFixture   *edit,
                           gconstpointer  data)
{
  Fixture *fixture = &edit->base;
  LullHistory *history = edit->history;
  g_autoptr(LullRecord) edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *november = NULL;
  LullRecord *record = find_record (history, NOVEMBER_THIRD);

  edited = copy_record (record, NULL);
  lull_record_set_ease (edited, 9);
  g_assert_false (lull_history_replace (history, record, edited, &error));
  g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_INVALID);

  november = read_month (fixture, "2026-11");
  g_assert_cmpstr (november, ==, november_by_hand);
  g_assert_true (find_record (history, NOVEMBER_THIRD) == record);
}

/* Sessions added by hand for days gone by go to their own months. */
static void
test_add_past_session (EditFixture   *edit,
                       gconstpointer  data)
{
  Fixture *fixture = &edit->base;
  LullHistory *history = edit->history;
  g_autoptr(LullRecord) leap_day = new_record ("2024-02-29T22:15:00-03:00", 600, 40);
  g_autoptr(LullRecord) first_of_november = new_record ("2026-11-01T00:30:00+01:00", 600, 40);
  g_autofree char *february_path = month_path (fixture, "2024-02");
  g_autofree char *february = NULL;
  g_autofree char *november = NULL;

  /* 22:15 on 29 February where the parent was, 1 March in UTC. */
  append_ok (history, leap_day);
  g_assert_true (g_file_test (february_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (lull_test_mode_of (february_path), ==, 0600);
  february = read_file (february_path);
  g_assert_true (g_str_has_prefix (february,
                                   "[Lull History]\nversion=1\n\n[2024-03-01T01:15:00Z]\n"));
  g_assert_true (record_at (history, 0) == leap_day);

  /* 00:30 on 1 November is October in UTC, November where the parent was;
   * it goes after the sessions already there, and they stay as they were. */
  append_ok (history, first_of_november);
  november = read_month (fixture, "2026-11");
  g_assert_true (g_str_has_prefix (november, november_by_hand));
  g_assert_nonnull (strstr (november, "\n[2026-10-31T23:30:00Z]\n"));
  g_assert_true (record_at (history, 2) == first_of_november);
  assert_file_untouched (&edit->october);
  assert_file_untouched (&edit->december);
  assert_reload_equals (fixture, history);
}

/* A record of another load of the same files stands for the same
 * session; one changed by hand since it was loaded does not: the edit is
 * refused, and the list shows the file as it is now. */
static void
test_edit_changed_on_disk (EditFixture   *edit,
                           gconstpointer  data)
{
  Fixture *fixture = &edit->base;
  LullHistory *history = edit->history;
  g_autoptr(LullHistory) other = load_history (fixture, NULL);
  g_autoptr(LullRecord) record = g_object_ref (find_record (history, NOVEMBER_THIRD));
  g_autoptr(LullRecord) edited = copy_record (record, NULL);
  g_autoptr(LullRecord) from_other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *november = NULL;
  g_autofree char *by_hand = NULL;
  LullRecord *other_fourth = find_record (other, "2026-11-04T08:00:00Z");

  g_assert_true (other_fourth != find_record (history, "2026-11-04T08:00:00Z"));
  from_other = copy_record (other_fourth, NULL);
  lull_record_set_volume_ml (from_other, 85);
  change_ok (history, other_fourth, from_other);
  g_assert_true (find_record (history, "2026-11-04T08:00:00Z") == from_other);

  november = read_month (fixture, "2026-11");
  by_hand = replace_once (november, "volume-ml=70\n", "volume-ml=72\n");
  write_month (fixture, "2026-11", by_hand, -1);

  lull_record_set_volume_ml (edited, 95);
  g_assert_false (lull_history_replace (history, record, edited, &error));
  g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_NOT_FOUND);
  g_assert_null (strchr (error->message, '/'));
  g_clear_error (&error);
  g_assert_false (lull_history_remove (history, record, &error));
  g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_NOT_FOUND);

  g_clear_pointer (&november, g_free);
  november = read_month (fixture, "2026-11");
  g_assert_cmpstr (november, ==, by_hand);
  g_assert_cmpint (lull_record_get_volume_ml (find_record (history, NOVEMBER_THIRD)), ==, 72);
  g_assert_cmpuint (n_records (history), ==, 5);
  assert_file_untouched (&edit->october);
  assert_file_untouched (&edit->december);
}

/* A session in a sibling file is changed there; the newer file beside it
 * never is. */
static void
test_edit_in_sibling (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(LullRecord) first = new_record ("2026-07-10T10:00:00+02:00", 600, 50);
  g_autoptr(LullRecord) second = new_record ("2026-07-20T10:00:00+02:00", 700, 60);
  g_autoptr(LullRecord) edited = NULL;
  g_autoptr(LullRecord) newer_edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sibling_path = g_build_filename (fixture->history_path, "2026-07.1.ini", NULL);
  g_autofree char *main_path = month_path (fixture, "2026-07");
  g_autofree char *sibling_before = NULL;
  g_autofree char *sibling_after = NULL;
  g_auto(FileState) main_file = { NULL, };
  LullRecord *newer_record;
  gboolean done;

  write_month (fixture, "2026-07", newer_month, -1);
  history = load_history (fixture, NULL);
  append_ok (history, first);
  append_ok (history, second);
  file_state_take (&main_file, main_path);
  sibling_before = read_file (sibling_path);

  edited = copy_record (first, NULL);
  lull_record_set_volume_ml (edited, 55);
  change_ok (history, first, edited);
  sibling_after = read_file (sibling_path);
  {
    g_autofree char *expected = replace_once (sibling_before, "volume-ml=50\n",
                                              "volume-ml=55\n");

    g_assert_cmpstr (sibling_after, ==, expected);
  }
  assert_file_untouched (&main_file);

  /* Removed and put back: the sibling again, never the newer file. */
  change_ok (history, second, NULL);
  g_clear_pointer (&sibling_after, g_free);
  sibling_after = read_file (sibling_path);
  g_assert_null (strstr (sibling_after, "2026-07-20"));
  append_ok (history, second);
  g_clear_pointer (&sibling_after, g_free);
  sibling_after = read_file (sibling_path);
  g_assert_nonnull (strstr (sibling_after, "\n[2026-07-20T08:00:00Z]\n"));
  assert_file_untouched (&main_file);

  /* The session in the newer file cannot be changed by this version. */
  newer_record = find_record (history, "2026-07-01T08:00:00Z");
  newer_edited = copy_record (newer_record, NULL);
  lull_record_set_ease (newer_edited, 2);
  done = lull_history_replace (history, newer_record, newer_edited, &error);
  assert_edit_refused (done, error, "newer version of Lull");
  g_clear_error (&error);
  done = lull_history_remove (history, newer_record, &error);
  assert_edit_refused (done, error, "newer version of Lull");
  assert_file_untouched (&main_file);
  g_assert_cmpuint (n_records (history), ==, 3);
}

/* A session given as two groups, one spelt differently: an edit makes
 * one of it, keeping the unknown keys and the lines Lull cannot read. */
static void
test_edit_group_twice (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(LullHistory) reloaded = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LullRecord) edited = NULL;
  g_autofree char *january = NULL;
  LullRecord *record;

  write_month (fixture, "2026-01",
               "[Lull History]\nversion=1\n\n"
               "[2026-01-05T08:00:00Z]\n"
               "start=2026-01-05T09:00:00+01:00\n"
               "pump-seconds=600\nease=2\nmood=calm\n\n"
               "[2026-01-06T08:00:00Z]\n"
               "start=2026-01-06T09:00:00+01:00\n\n"
               "[2026-01-05T08:00:00Z]\n"
               "ease=4\nmood=sleepy\n\n"
               "[2026-01-05T08:00:00+00:00]\n"
               "start=2026-01-05T09:00:00+01:00\n"
               "volume-ml=12\n", -1);
  history = load_history (fixture, NULL);
  record = find_record (history, "2026-01-05T08:00:00Z");
  edited = copy_record (record, NULL);
  lull_record_set_volume_ml (edited, 40);
  change_ok (history, record, edited);

  january = read_month (fixture, "2026-01");
  g_assert_cmpstr (january, ==,
                   "[Lull History]\nversion=1\n\n"
                   "[2026-01-05T08:00:00Z]\n"
                   "start=2026-01-05T09:00:00+01:00\n"
                   "prime-seconds=0\npump-seconds=600\nvolume-ml=40\nease=4\n"
                   "mood=calm\n\n"
                   "[2026-01-06T08:00:00Z]\n"
                   "start=2026-01-06T09:00:00+01:00\n\n"
                   "[2026-01-05T08:00:00Z]\n"
                   "mood=sleepy\n");

  reloaded = load_history (fixture, problems);
  g_assert_cmpuint (n_records (reloaded), ==, 2);
  g_assert_cmpint (lull_record_get_volume_ml (record_at (reloaded, 0)), ==, 40);
  g_assert_cmpint (lull_record_get_ease (record_at (reloaded, 0)), ==, 4);
  assert_has_problem (problems, "appears more than once", NULL);
  g_assert_cmpuint (count_problems_with (problems, "only once", NULL), ==, 0);
}

/* A repaired file is written back repaired, as an append does. */
static void
test_edit_salvaged_month (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(LullRecord) edited = NULL;
  g_autofree char *january = NULL;
  static const char latin1[] = "notes=Caf\xe9";
  LullRecord *record;

  write_january (fixture, latin1, strlen (latin1));
  history = load_history (fixture, NULL);
  record = find_record (history, "2026-01-07T08:00:00Z");
  edited = copy_record (record, NULL);
  lull_record_set_volume_ml (edited, 30);
  change_ok (history, record, edited);

  january = read_month (fixture, "2026-01");
  g_assert_true (g_utf8_validate (january, -1, NULL));
  g_assert_nonnull (strstr (january, "\nnotes=Caf\xef\xbf\xbd\nvolume-ml=80\n"));
  g_assert_true (g_str_has_suffix (january, "pump-seconds=800\nvolume-ml=30\n"));
  assert_reload_equals (fixture, history);
}

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_EDIT_TEST(path, func, own_disk) \
  g_test_add (path, EditFixture, GINT_TO_POINTER (own_disk), edit_fixture_set_up, func, \
              edit_fixture_tear_down)

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
  ADD_TEST ("/history/fifo-not-opened", test_fifo_not_opened);
  ADD_TEST ("/history/salvage/latin1", test_salvage_latin1);
  ADD_TEST ("/history/salvage/nul", test_salvage_nul);
  ADD_TEST ("/history/salvage/bom", test_salvage_bom);
  ADD_TEST ("/history/salvage/bad-lines", test_salvage_bad_lines);
  ADD_TEST ("/history/newer-version-sibling", test_newer_version_sibling);
  ADD_TEST ("/history/empty-values-not-recorded", test_empty_values_not_recorded);
  ADD_TEST ("/history/invalid-values-dropped", test_invalid_values_dropped);
  ADD_TEST ("/history/group-twice-in-file", test_group_twice_in_file);
  ADD_TEST ("/history/limits-on-load", test_limits_on_load);
  ADD_TEST ("/history/limits-on-save", test_limits_on_save);
  ADD_TEST ("/history/group-not-a-time", test_group_not_a_time);
  ADD_TEST ("/history/append-reloads-changed-month", test_append_reloads_changed_month);
  ADD_TEST ("/history/load-current-then-async", test_load_current_then_async);
  ADD_TEST ("/history/load-async-cancelled", test_load_async_cancelled);
  ADD_TEST ("/history/append-while-loading", test_append_while_loading);
  ADD_TEST ("/history/edit/copy-holds-everything", test_edit_copy_holds_everything);
  ADD_EDIT_TEST ("/history/edit/volume", test_edit_volume, FALSE);
  ADD_EDIT_TEST ("/history/edit/keeps-unknown-keys-of-file", test_edit_keeps_unknown_keys_of_file,
                 FALSE);
  ADD_EDIT_TEST ("/history/edit/start-same-month", test_edit_start_same_month, FALSE);
  ADD_EDIT_TEST ("/history/edit/start-other-month", test_edit_start_other_month, FALSE);
  ADD_EDIT_TEST ("/history/edit/write-failure-read-only", test_edit_write_failure_read_only,
                 TRUE);
  ADD_EDIT_TEST ("/history/edit/move-second-write-fails", test_edit_move_second_write_fails,
                 FALSE);
  ADD_EDIT_TEST ("/history/edit/duplicate-refused", test_edit_duplicate_refused, FALSE);
  ADD_EDIT_TEST ("/history/edit/invalid-refused", test_edit_invalid_refused, FALSE);
  ADD_EDIT_TEST ("/history/edit/changed-on-disk", test_edit_changed_on_disk, FALSE);
  ADD_TEST ("/history/edit/in-sibling", test_edit_in_sibling);
  ADD_TEST ("/history/edit/group-twice", test_edit_group_twice);
  ADD_TEST ("/history/edit/salvaged-month", test_edit_salvaged_month);
  ADD_EDIT_TEST ("/history/remove/then-undo", test_remove_then_undo, FALSE);
  ADD_TEST ("/history/remove/last-of-month", test_remove_last_of_month);
  ADD_EDIT_TEST ("/history/add-past-session", test_add_past_session, FALSE);

  return g_test_run ();
}
