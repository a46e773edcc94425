/* test-record.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "lull-history.h"
#include "lull-record.h"
#include "lull-test-util.h"

static GDateTime *
parse_time (const char *iso8601)
{
  GDateTime *time = g_date_time_new_from_iso8601 (iso8601, NULL);

  g_assert_nonnull (time);
  return time;
}

static LullRecord *
new_record_at (const char *iso8601)
{
  g_autoptr(GDateTime) start = parse_time (iso8601);

  return lull_record_new (start);
}

static LullRecord *
new_full_record (void)
{
  static const guint letdowns[] = { 95, 210, 330 };
  static const char * const cues[] = { "audio", "photos", "warmth", "massage", "breathing", NULL };
  LullRecord *record = new_record_at ("2026-11-23T11:15:02+01:00");

  lull_record_set_prime_seconds (record, 300);
  lull_record_set_pump_seconds (record, 1140);
  lull_record_set_letdowns (record, letdowns, G_N_ELEMENTS (letdowns));
  lull_record_set_volume_sides_ml (record, 60, 55);
  lull_record_set_ease (record, 4);
  lull_record_set_calm_before (record, 2);
  lull_record_set_calm_after (record, 4);
  lull_record_set_routine (record, "desk-quick");
  lull_record_set_place (record, "Office nook");
  lull_record_set_cues (record, cues);
  lull_record_set_audio (record, "builtin:meadow");
  lull_record_set_notes (record, "Felt the first one early.");

  return record;
}

static LullRecord *
record_from_text (const char  *text,
                  const char  *group,
                  GError     **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();

  g_assert_true (g_key_file_load_from_data (keyfile, text, -1,
                                            G_KEY_FILE_KEEP_COMMENTS |
                                            G_KEY_FILE_KEEP_TRANSLATIONS,
                                            NULL));
  return lull_record_new_from_keyfile (keyfile, group, error);
}

static void
assert_validates (LullRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lull_record_validate (record, &error));
  g_assert_no_error (error);
}

static void
assert_invalid (LullRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (lull_record_validate (record, &error));
  g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_INVALID);
  /* A sentence for the parent, not a code. */
  g_assert_true (g_str_has_suffix (error->message, "."));
}

static void
test_writes_the_contract (void)
{
  g_autoptr(LullRecord) record = new_full_record ();
  g_autofree char *text = lull_test_record_to_text (record);
  g_autofree char *key = lull_record_dup_key (record);

  g_assert_cmpstr (key, ==, "2026-11-23T10:15:02Z");
  /* Exactly the example of design.md, key for key. */
  g_assert_cmpstr (text, ==,
                   "[2026-11-23T10:15:02Z]\n"
                   "start=2026-11-23T11:15:02+01:00\n"
                   "prime-seconds=300\n"
                   "pump-seconds=1140\n"
                   "letdowns=95;210;330\n"
                   "volume-ml=115\n"
                   "volume-left-ml=60\n"
                   "volume-right-ml=55\n"
                   "ease=4\n"
                   "calm-before=2\n"
                   "calm-after=4\n"
                   "routine=desk-quick\n"
                   "place=Office nook\n"
                   "cues=audio;photos;warmth;massage;breathing\n"
                   "audio=builtin:meadow\n"
                   "notes=Felt the first one early.\n");

  g_assert_finalize_object (g_steal_pointer (&record));
}

static void
test_round_trip (void)
{
  g_autoptr(LullRecord) record = new_full_record ();
  g_autoptr(LullRecord) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = lull_test_record_to_text (record);
  g_autofree char *text_again = NULL;
  g_autofree char *start = NULL;
  const GArray *letdowns;

  copy = record_from_text (text, "2026-11-23T10:15:02Z", &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);

  g_assert_true (g_date_time_equal (lull_record_get_start (copy), lull_record_get_start (record)));
  start = g_date_time_format (lull_record_get_start (copy), "%Y-%m-%dT%H:%M:%S%:z");
  g_assert_cmpstr (start, ==, "2026-11-23T11:15:02+01:00");
  g_assert_cmpuint (lull_record_get_prime_seconds (copy), ==, 300);
  g_assert_cmpuint (lull_record_get_pump_seconds (copy), ==, 1140);
  letdowns = lull_record_get_letdowns (copy);
  g_assert_cmpuint (letdowns->len, ==, 3);
  g_assert_cmpuint (g_array_index (letdowns, guint, 0), ==, 95);
  g_assert_cmpuint (g_array_index (letdowns, guint, 2), ==, 330);
  g_assert_cmpint (lull_record_get_volume_ml (copy), ==, 115);
  g_assert_cmpint (lull_record_get_volume_left_ml (copy), ==, 60);
  g_assert_cmpint (lull_record_get_volume_right_ml (copy), ==, 55);
  g_assert_cmpint (lull_record_get_ease (copy), ==, 4);
  g_assert_cmpint (lull_record_get_calm_before (copy), ==, 2);
  g_assert_cmpint (lull_record_get_calm_after (copy), ==, 4);
  g_assert_cmpstr (lull_record_get_routine (copy), ==, "desk-quick");
  g_assert_cmpstr (lull_record_get_place (copy), ==, "Office nook");
  g_assert_true (g_strv_equal (lull_record_get_cues (copy), lull_record_get_cues (record)));
  g_assert_cmpstr (lull_record_get_audio (copy), ==, "builtin:meadow");
  g_assert_cmpstr (lull_record_get_notes (copy), ==, "Felt the first one early.");

  text_again = lull_test_record_to_text (copy);
  g_assert_cmpstr (text_again, ==, text);

  g_assert_finalize_object (g_steal_pointer (&copy));
  g_assert_finalize_object (g_steal_pointer (&record));
}

static void
test_unknown_keys_kept (void)
{
  g_autoptr(LullRecord) record = NULL;
  g_autoptr(GKeyFile) written = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  /* A newer Lull may add keys, translated ones included, with escapes
   * this version must not touch. */
  record = record_from_text ("[2026-11-23T10:15:02Z]\n"
                             "start=2026-11-23T11:15:02+01:00\n"
                             "pump-seconds=600\n"
                             "heart-rate=72;75;70\n"
                             "mood[es]=tranquila\n"
                             "future-note=line one\\nline two\\s\n"
                             "ease=3\n",
                             "2026-11-23T10:15:02Z", &error);
  g_assert_no_error (error);
  g_assert_cmpint (lull_record_get_ease (record), ==, 3);

  lull_record_write_to_keyfile (record, written);

  lull_test_assert_key_value (written, "2026-11-23T10:15:02Z", "heart-rate", "72;75;70");
  lull_test_assert_key_value (written, "2026-11-23T10:15:02Z", "mood[es]", "tranquila");
  lull_test_assert_key_value (written, "2026-11-23T10:15:02Z", "future-note",
                              "line one\\nline two\\s");
  lull_test_assert_key_value (written, "2026-11-23T10:15:02Z", "ease", "3");

  g_assert_finalize_object (g_steal_pointer (&record));
}

static void
test_optional_keys_absent (void)
{
  g_autoptr(LullRecord) record = new_record_at ("2026-11-23T11:15:02+01:00");
  g_autofree char *text = NULL;
  const char * const no_cues[] = { NULL };

  lull_record_set_pump_seconds (record, 600);
  lull_record_set_place (record, "");
  lull_record_set_cues (record, no_cues);
  text = lull_test_record_to_text (record);

  /* Unknown is no key at all; an empty answer is no answer. */
  g_assert_cmpstr (text, ==,
                   "[2026-11-23T10:15:02Z]\n"
                   "start=2026-11-23T11:15:02+01:00\n"
                   "prime-seconds=0\n"
                   "pump-seconds=600\n");
  g_assert_null (lull_record_get_place (record));
  g_assert_null (lull_record_get_cues (record));
  g_assert_cmpuint (lull_record_get_letdowns (record)->len, ==, 0);
  assert_validates (record);
}

static void
test_rewrite_removes_cleared_values (void)
{
  g_autoptr(LullRecord) record = new_full_record ();
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();

  lull_record_write_to_keyfile (record, keyfile);

  /* The parent switched to a single total and cleared a score. */
  lull_record_set_volume_ml (record, 120);
  lull_record_set_ease (record, LULL_RECORD_NO_VALUE);
  lull_record_write_to_keyfile (record, keyfile);

  g_assert_cmpint (g_key_file_get_integer (keyfile, "2026-11-23T10:15:02Z", "volume-ml", NULL),
                   ==, 120);
  g_assert_false (g_key_file_has_key (keyfile, "2026-11-23T10:15:02Z", "volume-left-ml", NULL));
  g_assert_false (g_key_file_has_key (keyfile, "2026-11-23T10:15:02Z", "volume-right-ml", NULL));
  g_assert_false (g_key_file_has_key (keyfile, "2026-11-23T10:15:02Z", "ease", NULL));
}

static void
test_volume_sides (void)
{
  g_autoptr(LullRecord) record = new_record_at ("2026-11-23T11:15:02+01:00");
  g_autoptr(LullRecord) copy = NULL;
  g_autofree char *text = NULL;

  lull_record_set_volume_sides_ml (record, 70, 0);
  g_assert_cmpint (lull_record_get_volume_ml (record), ==, 70);
  g_assert_cmpint (lull_record_get_volume_left_ml (record), ==, 70);
  g_assert_cmpint (lull_record_get_volume_right_ml (record), ==, 0);

  text = lull_test_record_to_text (record);
  g_assert_nonnull (strstr (text, "\nvolume-ml=70\nvolume-left-ml=70\nvolume-right-ml=0\n"));
  copy = record_from_text (text, "2026-11-23T10:15:02Z", NULL);
  g_assert_cmpint (lull_record_get_volume_right_ml (copy), ==, 0);

  /* A single total forgets the sides. */
  lull_record_set_volume_ml (record, 90);
  g_assert_cmpint (lull_record_get_volume_ml (record), ==, 90);
  g_assert_cmpint (lull_record_get_volume_left_ml (record), ==, LULL_RECORD_NO_VALUE);
  g_assert_cmpint (lull_record_get_volume_right_ml (record), ==, LULL_RECORD_NO_VALUE);
  g_clear_pointer (&text, g_free);
  text = lull_test_record_to_text (record);
  g_assert_nonnull (strstr (text, "\nvolume-ml=90\n"));
  g_assert_null (strstr (text, "volume-left-ml"));

  lull_record_set_volume_sides_ml (record, LULL_RECORD_NO_VALUE, LULL_RECORD_NO_VALUE);
  g_assert_cmpint (lull_record_get_volume_ml (record), ==, LULL_RECORD_NO_VALUE);
}

static void
test_notes_survive (void)
{
  const char *notes = "Primera bajada enseguida.\nLa segunda tardó — 5′.\n\n  🍼 Ünïcödé; a;b\\c ";
  g_autoptr(LullRecord) record = new_record_at ("2026-11-23T11:15:02+01:00");
  g_autoptr(LullRecord) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char * const cues[] = { "a;b", "two\nlines", NULL };

  lull_record_set_notes (record, notes);
  lull_record_set_place (record, "Salle d’allaitement");
  lull_record_set_cues (record, cues);
  text = lull_test_record_to_text (record);

  /* One line per key: a newline in the notes must not end the value. */
  g_assert_nonnull (strstr (text, "\nnotes=Primera bajada enseguida.\\nLa segunda"));
  g_assert_nonnull (strstr (text, "\ncues=a\\;b;two\\nlines\n"));

  copy = record_from_text (text, "2026-11-23T10:15:02Z", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lull_record_get_notes (copy), ==, notes);
  g_assert_cmpstr (lull_record_get_place (copy), ==, "Salle d’allaitement");
  g_assert_true (g_strv_equal (lull_record_get_cues (copy), cues));
}

static void
test_validation_limits (void)
{
  g_autoptr(LullRecord) record = new_record_at ("2026-11-23T11:15:02+01:00");
  static const guint letdowns[] = { 30, 600 };

  assert_validates (record);

  lull_record_set_volume_sides_ml (record, 0, 0);
  assert_validates (record);
  lull_record_set_volume_sides_ml (record, 1000, 1000);
  assert_validates (record);
  lull_record_set_volume_sides_ml (record, 1001, 10);
  assert_invalid (record);
  lull_record_set_volume_sides_ml (record, 10, 1001);
  assert_invalid (record);
  lull_record_set_volume_sides_ml (record, -5, 10);
  assert_invalid (record);
  lull_record_set_volume_sides_ml (record, 10, LULL_RECORD_NO_VALUE);
  assert_invalid (record);

  /* A total without sides covers both, so it may reach 2000 mL. */
  lull_record_set_volume_ml (record, 0);
  assert_validates (record);
  lull_record_set_volume_ml (record, 1500);
  assert_validates (record);
  lull_record_set_volume_ml (record, 2000);
  assert_validates (record);
  lull_record_set_volume_ml (record, 2001);
  assert_invalid (record);
  lull_record_set_volume_ml (record, -2);
  assert_invalid (record);
  lull_record_set_volume_ml (record, LULL_RECORD_NO_VALUE);
  assert_validates (record);

  for (int score = 0; score <= 6; score++)
    {
      lull_record_set_ease (record, score);
      if (score == 0 || score == 6)
        assert_invalid (record);
      else
        assert_validates (record);
    }
  lull_record_set_ease (record, LULL_RECORD_NO_VALUE);

  lull_record_set_calm_before (record, 6);
  assert_invalid (record);
  lull_record_set_calm_before (record, 1);
  lull_record_set_calm_after (record, 0);
  assert_invalid (record);
  lull_record_set_calm_after (record, 5);
  assert_validates (record);

  /* A let-down at the very end is fine; one after the pump stopped is
   * not. */
  lull_record_set_letdowns (record, letdowns, G_N_ELEMENTS (letdowns));
  lull_record_set_pump_seconds (record, 600);
  assert_validates (record);
  lull_record_set_pump_seconds (record, 599);
  assert_invalid (record);
}

static void
test_total_must_match_sides (void)
{
  g_autoptr(LullRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = record_from_text ("[2026-11-23T10:15:02Z]\n"
                             "start=2026-11-23T11:15:02+01:00\n"
                             "volume-ml=100\nvolume-left-ml=60\nvolume-right-ml=55\n",
                             "2026-11-23T10:15:02Z", &error);
  g_assert_no_error (error);
  assert_invalid (record);
}

static void
test_local_date_across_midnight (void)
{
  struct {
    const char *start;
    const char *key;
    int         year, month, day;
  } cases[] = {
    /* Still the 22nd in UTC, already the 23rd where the parent is. */
    { "2026-11-23T00:30:00+01:00", "2026-11-22T23:30:00Z", 2026, 11, 23 },
    /* Already the 24th in UTC, still the 23rd in New York. */
    { "2026-11-23T22:00:00-05:00", "2026-11-24T03:00:00Z", 2026, 11, 23 },
    /* New Year's Eve in Auckland is still 2025 in UTC. */
    { "2026-01-01T00:10:00+13:00", "2025-12-31T11:10:00Z", 2026, 1, 1 },
    /* Offsets in quarter hours. */
    { "2026-11-23T05:44:59+05:45", "2026-11-22T23:59:59Z", 2026, 11, 23 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LullRecord) record = new_record_at (cases[i].start);
      g_autoptr(LullRecord) copy = NULL;
      g_autofree char *key = lull_record_dup_key (record);
      g_autofree char *text = lull_test_record_to_text (record);
      g_autofree char *expected_start = g_strdup_printf ("\nstart=%s\n", cases[i].start);
      GDate date = lull_record_get_local_date (record);
      GDate copy_date;

      g_assert_cmpstr (key, ==, cases[i].key);
      g_assert_true (g_date_valid (&date));
      g_assert_cmpint (g_date_get_year (&date), ==, cases[i].year);
      g_assert_cmpint (g_date_get_month (&date), ==, cases[i].month);
      g_assert_cmpint (g_date_get_day (&date), ==, cases[i].day);

      /* The offset it was recorded with is the one written and read back,
       * whatever the zone of the computer reading it. */
      g_assert_nonnull (strstr (text, expected_start));
      copy = record_from_text (text, cases[i].key, NULL);
      g_assert_nonnull (copy);
      copy_date = lull_record_get_local_date (copy);
      g_assert_cmpint (g_date_compare (&date, &copy_date), ==, 0);
    }
}

static void
test_start_kept_to_the_second (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Madrid");
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(LullRecord) record = NULL;
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;

  if (zone == NULL)
    zone = g_time_zone_new_offset (3600);

  start = g_date_time_new (zone, 2026, 11, 23, 11, 15, 2.75);
  record = lull_record_new (start);
  key = lull_record_dup_key (record);
  text = lull_test_record_to_text (record);

  g_assert_cmpstr (key, ==, "2026-11-23T10:15:02Z");
  g_assert_nonnull (strstr (text, "\nstart=2026-11-23T11:15:02+01:00\n"));
  g_assert_cmpint (g_date_time_get_microsecond (lull_record_get_start (record)), ==, 0);
}

static void
test_bad_start_refused (void)
{
  struct {
    const char *group;
    const char *start_line;
  } cases[] = {
    { "2026-11-23T10:15:02Z", "" },
    { "2026-11-23T10:15:02Z", "start=\n" },
    { "2026-11-23T10:15:02Z", "start=yesterday morning\n" },
    /* No offset: the local date would be a guess. */
    { "2026-11-23T10:15:02Z", "start=2026-11-23T11:15:02\n" },
    /* The group and the start name different moments. */
    { "2026-11-23T10:15:02Z", "start=2026-11-23T10:15:02+01:00\n" },
    { "not a time", "start=2026-11-23T11:15:02+01:00\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("[%s]\n%spump-seconds=600\n",
                                               cases[i].group, cases[i].start_line);
      g_autoptr(LullRecord) record = NULL;
      g_autoptr(GError) error = NULL;

      record = record_from_text (text, cases[i].group, &error);
      g_assert_null (record);
      g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED);
    }
}

static void
test_bad_values_refused (void)
{
  const char *lines[] = {
    "pump-seconds=-3\n",
    "prime-seconds=ten\n",
    "letdowns=95;x;330\n",
    "letdowns=95;-1\n",
    "ease=4.5\n",
    "volume-ml=99999999999\n",
    "notes=bad escape \\q\n",
    "cues=audio;bad \\q\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *text = g_strdup_printf ("[2026-11-23T10:15:02Z]\n"
                                               "start=2026-11-23T11:15:02+01:00\n%s",
                                               lines[i]);
      g_autoptr(LullRecord) record = NULL;
      g_autoptr(GError) error = NULL;

      record = record_from_text (text, "2026-11-23T10:15:02Z", &error);
      g_assert_null (record);
      g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED);
    }
}

static void
test_reads_other_writers (void)
{
  g_autoptr(LullRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  const GArray *letdowns;

  /* GLib's own list writer ends lists with ';'; another tool may write
   * spaces around '='. Both are the same values. */
  record = record_from_text ("[2026-11-23T10:15:02Z]\n"
                             "start = 2026-11-23T11:15:02+01:00\n"
                             "pump-seconds = 1140\n"
                             "letdowns=95;210;330;\n"
                             "cues=audio;photos;\n",
                             "2026-11-23T10:15:02Z", &error);
  g_assert_no_error (error);
  letdowns = lull_record_get_letdowns (record);
  g_assert_cmpuint (letdowns->len, ==, 3);
  g_assert_cmpuint (g_array_index (letdowns, guint, 1), ==, 210);
  g_assert_cmpuint (g_strv_length ((char **)lull_record_get_cues (record)), ==, 2);
  assert_validates (record);
}

static void
test_notifies_changes_only (void)
{
  g_autoptr(LullRecord) record = new_record_at ("2026-11-23T11:15:02+01:00");
  guint ease_count = 0;
  guint volume_count = 0;

  g_signal_connect (record, "notify::ease", G_CALLBACK (lull_test_count_notify), &ease_count);
  g_signal_connect (record, "notify::volume-ml", G_CALLBACK (lull_test_count_notify),
                    &volume_count);

  lull_record_set_ease (record, 3);
  lull_record_set_ease (record, 3);
  g_object_set (record, "ease", 4, NULL);
  g_assert_cmpuint (ease_count, ==, 2);

  lull_record_set_volume_sides_ml (record, 10, 20);
  lull_record_set_volume_sides_ml (record, 10, 20);
  g_assert_cmpuint (volume_count, ==, 1);
}

static void
test_repeated_group_read_once (void)
{
  g_autoptr(LullRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const GArray *letdowns;

  /* GKeyFile merges a group given twice and lists its keys once per
   * repetition; each key counts once, with its last value. */
  record = record_from_text ("[2026-11-23T10:15:02Z]\n"
                             "start=2026-11-23T11:15:02+01:00\n"
                             "pump-seconds=600\nletdowns=95;210\nease=2\nmood=calm\n"
                             "[2026-11-24T10:00:00Z]\n"
                             "start=2026-11-24T11:00:00+01:00\n"
                             "[2026-11-23T10:15:02Z]\n"
                             "letdowns=95;210\nease=4\nmood=sleepy\n",
                             "2026-11-23T10:15:02Z", &error);
  g_assert_no_error (error);

  letdowns = lull_record_get_letdowns (record);
  g_assert_cmpuint (letdowns->len, ==, 2);
  g_assert_cmpint (lull_record_get_ease (record), ==, 4);
  text = lull_test_record_to_text (record);
  g_assert_nonnull (strstr (text, "\nletdowns=95;210\n"));
  g_assert_nonnull (strstr (text, "\nmood=sleepy\n"));
  g_assert_null (strstr (text, "calm"));
  assert_validates (record);
}

static void
test_empty_values_not_recorded (void)
{
  g_autoptr(LullRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = record_from_text ("[2026-11-23T10:15:02Z]\n"
                             "start=2026-11-23T11:15:02+01:00\n"
                             "prime-seconds=\npump-seconds=600\nletdowns=\n"
                             "volume-ml=\nvolume-left-ml=\nvolume-right-ml= \n"
                             "ease=\ncalm-before=\ncalm-after=\n"
                             "routine=\nplace=\ncues=\naudio=\nnotes=\n",
                             "2026-11-23T10:15:02Z", &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);

  g_assert_cmpuint (lull_record_get_pump_seconds (record), ==, 600);
  g_assert_cmpint (lull_record_get_volume_ml (record), ==, LULL_RECORD_NO_VALUE);
  g_assert_cmpint (lull_record_get_volume_right_ml (record), ==, LULL_RECORD_NO_VALUE);
  g_assert_cmpint (lull_record_get_ease (record), ==, LULL_RECORD_NO_VALUE);
  g_assert_cmpint (lull_record_get_calm_before (record), ==, LULL_RECORD_NO_VALUE);
  g_assert_null (lull_record_get_place (record));
  g_assert_null (lull_record_get_cues (record));
  g_assert_cmpuint (lull_record_get_letdowns (record)->len, ==, 0);
  assert_validates (record);
}

static void
test_limits (void)
{
  g_autoptr(LullRecord) record = new_record_at ("2026-11-23T11:15:02+01:00");
  g_autoptr(GError) error = NULL;
  guint seconds[LULL_RECORD_MAX_LETDOWNS + 1];
  const GArray *letdowns;

  g_assert_cmpuint (LULL_RECORD_MAX_LETDOWNS, ==, 50);
  g_assert_cmpuint (LULL_RECORD_MAX_PUMP_SECONDS, ==, 14400);

  for (guint i = 0; i < G_N_ELEMENTS (seconds); i++)
    seconds[i] = 60 * (i + 1);

  lull_record_set_pump_seconds (record, LULL_RECORD_MAX_PUMP_SECONDS);
  lull_record_set_letdowns (record, seconds, LULL_RECORD_MAX_LETDOWNS);
  assert_validates (record);
  g_assert_false (lull_record_clamp_to_limits (record));

  lull_record_set_letdowns (record, seconds, LULL_RECORD_MAX_LETDOWNS + 1);
  g_assert_false (lull_record_validate (record, &error));
  g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "at most 50 let-downs"));
  g_clear_error (&error);

  lull_record_set_letdowns (record, seconds, 3);
  lull_record_set_pump_seconds (record, LULL_RECORD_MAX_PUMP_SECONDS + 1);
  g_assert_false (lull_record_validate (record, &error));
  g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "at most 4 hours"));
  g_clear_error (&error);

  /* A timer left running: four hours, the first fifty let-downs, and of
   * those none after the four hours. */
  seconds[0] = LULL_RECORD_MAX_PUMP_SECONDS + 30;
  lull_record_set_letdowns (record, seconds, LULL_RECORD_MAX_LETDOWNS + 1);
  lull_record_set_pump_seconds (record, 20000);
  g_assert_true (lull_record_clamp_to_limits (record));
  g_assert_cmpuint (lull_record_get_pump_seconds (record), ==, LULL_RECORD_MAX_PUMP_SECONDS);
  letdowns = lull_record_get_letdowns (record);
  g_assert_cmpuint (letdowns->len, ==, LULL_RECORD_MAX_LETDOWNS - 1);
  g_assert_cmpuint (g_array_index (letdowns, guint, 0), ==, 120);
  g_assert_cmpuint (g_array_index (letdowns, guint, LULL_RECORD_MAX_LETDOWNS - 2), ==, 3000);
  assert_validates (record);
}

/* One session through the history's reader, from "key=value" lines. */
static LullRecord *
record_from_fields (const char  *group,
                    const char  *lines,
                    GPtrArray   *problems,
                    GError     **error)
{
  g_auto(GStrv) split = g_strsplit (lines, "\n", -1);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; split[i] != NULL; i++)
    {
      const char *equals = strchr (split[i], '=');

      if (equals == NULL)
        continue;
      g_ptr_array_add (keys, g_strndup (split[i], equals - split[i]));
      g_ptr_array_add (values, g_strdup (equals + 1));
    }

  return lull_record_new_from_fields (group, (const char * const *)keys->pdata,
                                      (const char * const *)values->pdata, keys->len,
                                      "2026-11.ini", problems, error);
}

static void
test_fields_keep_what_they_can (void)
{
  struct {
    const char *lines;
    const char *key;
    const char *says;
  } cases[] = {
    { "volume-ml=-5", "volume-ml", "is -5 mL, not between 0 and 2000 mL" },
    { "volume-ml=-1", "volume-ml", "is -1 mL, not between 0 and 2000 mL" },
    { "volume-ml=2001", "volume-ml", "not between 0 and 2000 mL" },
    { "volume-ml=NaN", "volume-ml", "could not read" },
    { "volume-ml=1e308", "volume-ml", "could not read" },
    { "volume-ml=inf", "volume-ml", "could not read" },
    { "volume-ml=0x10", "volume-ml", "could not read" },
    { "volume-ml=99999999999999999999999", "volume-ml", "could not read" },
    { "volume-left-ml=1001\nvolume-right-ml=20", "volume-left-ml", "not between 0 and 1000 mL" },
    { "volume-left-ml=20", "volume-left-ml", "no volume for the other side" },
    { "volume-ml=100\nvolume-left-ml=60\nvolume-right-ml=55", "volume-ml", "their sum, 115 mL" },
    { "ease=0", "ease", "is 0, not a score from 1 to 5" },
    { "ease=-1", "ease", "is -1, not a score from 1 to 5" },
    { "calm-before=6", "calm-before", "not a score" },
    { "calm-after=4.5", "calm-after", "could not read" },
    { "pump-seconds=-3", "pump-seconds", "could not read" },
    { "pump-seconds=14401", "pump-seconds", "more than 4 hours" },
    { "prime-seconds=ten", "prime-seconds", "could not read" },
    { "letdowns=95;;330", "letdowns", "could not read" },
    { "pump-seconds=100\nletdowns=95;330", "letdowns", "after pumping ended" },
    { "routine=bad \\q", "routine", "could not read" },
    { "cues=audio;bad \\q", "cues", "could not read" },
    { "notes=ends in a backslash\\", "notes", "could not read" },
    { "audio=/etc/shadow", "audio", "not the name of a sound track" },
    { "audio=../../../../etc/passwd", "audio", "not the name of a sound track" },
    { "audio=file:///dev/urandom", "audio", "not the name of a sound track" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *lines = g_strdup_printf ("start=2026-11-23T11:15:02+01:00\n%s",
                                                cases[i].lines);
      g_autofree char *where = g_strdup_printf ("“%s” in the session “2026-11-23T10:15:02Z” "
                                                "in 2026-11.ini", cases[i].key);
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(LullRecord) record = NULL;
      g_autoptr(GError) error = NULL;
      const char *problem;

      record = record_from_fields ("2026-11-23T10:15:02Z", lines, problems, &error);
      g_assert_no_error (error);
      g_assert_nonnull (record);
      assert_validates (record);

      /* One sentence per value left out: a side out of range takes the
       * other side with it, which is said too. */
      if (problems->len != (g_str_has_prefix (cases[i].lines, "volume-left-ml=1001") ? 2 : 1))
        g_error ("%s: %u problems", cases[i].lines, problems->len);
      problem = g_ptr_array_index (problems, 0);
      if (strstr (problem, where) == NULL || strstr (problem, cases[i].says) == NULL)
        g_error ("“%s” does not say “%s” and “%s”", problem, where, cases[i].says);
      /* A path in place of a track id is never kept. */
      if (g_str_has_prefix (cases[i].lines, "audio="))
        g_assert_null (lull_record_get_audio (record));
    }
}

static void
test_fields_skip_what_has_no_time (void)
{
  struct {
    const char *group;
    const char *lines;
    const char *says;
  } cases[] = {
    { "lunch", "start=2026-11-23T11:15:02+01:00", "its name is not a start time" },
    { "2026-11-23T10:15:02Z", "pump-seconds=600", "it has no start time (“start”)" },
    { "2026-11-23T10:15:02Z", "start=", "its start time (“start”) cannot be read" },
    { "2026-11-23T10:15:02Z", "start=tea time", "its start time (“start”) cannot be read" },
    { "2026-11-23T10:15:02Z", "start=2026-11-23T11:15:02", "cannot be read" },
    { "2026-11-23T10:15:02Z", "start=2026-11-23T10:15:02+01:00", "a different moment" },
    { "2026-02-30T10:15:02Z", "start=2026-02-30T11:15:02+01:00", "not a start time" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *expected = g_strdup_printf ("Lull skipped the session “%s” in 2026-11.ini "
                                                   "because", cases[i].group);
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(LullRecord) record = NULL;
      g_autoptr(GError) error = NULL;

      record = record_from_fields (cases[i].group, cases[i].lines, problems, &error);
      g_assert_null (record);
      g_assert_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED);
      if (!g_str_has_prefix (error->message, expected) ||
          strstr (error->message, cases[i].says) == NULL)
        g_error ("“%s” does not say “%s” … “%s”", error->message, expected, cases[i].says);
    }
}

static void
test_fields_other_spellings (void)
{
  struct {
    const char *group;
    const char *start;
  } cases[] = {
    { "2026-11-23T10:15:02Z", "2026-11-23T11:15:02+01:00" },
    { "2026-11-23T10:15:02Z", " 2026-11-23T11:15:02+01:00 " },
    { "2026-11-23T10:15:02Z", "2026-11-23T11:15:02.75+01:00" },
    { "2026-11-23T10:15:02Z", "2026-11-23T11:15:02+0100" },
    { "2026-11-23T11:15:02+01:00", "2026-11-23T11:15:02+01:00" },
    { "2026-11-23T10:15:02+00:00", "2026-11-23T11:15:02+01:00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *lines = g_strdup_printf ("start=%s\npump-seconds=600", cases[i].start);
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(LullRecord) record = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      GDate date;

      record = record_from_fields (cases[i].group, lines, problems, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (problems->len, ==, 0);

      /* One key and one local date whatever the spelling, and the start
       * as Lull writes it. */
      g_assert_cmpstr (lull_record_get_key (record), ==, "2026-11-23T10:15:02Z");
      date = lull_record_get_local_date (record);
      g_assert_cmpint (g_date_get_day (&date), ==, 23);
      text = lull_test_record_to_text (record);
      g_assert_nonnull (strstr (text, "\nstart=2026-11-23T11:15:02+01:00\n"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/record/writes-the-contract", test_writes_the_contract);
  g_test_add_func ("/record/round-trip", test_round_trip);
  g_test_add_func ("/record/unknown-keys-kept", test_unknown_keys_kept);
  g_test_add_func ("/record/optional-keys-absent", test_optional_keys_absent);
  g_test_add_func ("/record/rewrite-removes-cleared", test_rewrite_removes_cleared_values);
  g_test_add_func ("/record/volume-sides", test_volume_sides);
  g_test_add_func ("/record/notes-survive", test_notes_survive);
  g_test_add_func ("/record/validation-limits", test_validation_limits);
  g_test_add_func ("/record/total-must-match-sides", test_total_must_match_sides);
  g_test_add_func ("/record/local-date-across-midnight", test_local_date_across_midnight);
  g_test_add_func ("/record/start-kept-to-the-second", test_start_kept_to_the_second);
  g_test_add_func ("/record/bad-start-refused", test_bad_start_refused);
  g_test_add_func ("/record/bad-values-refused", test_bad_values_refused);
  g_test_add_func ("/record/reads-other-writers", test_reads_other_writers);
  g_test_add_func ("/record/notifies-changes-only", test_notifies_changes_only);
  g_test_add_func ("/record/repeated-group-read-once", test_repeated_group_read_once);
  g_test_add_func ("/record/empty-values-not-recorded", test_empty_values_not_recorded);
  g_test_add_func ("/record/limits", test_limits);
  g_test_add_func ("/record/fields-keep-what-they-can", test_fields_keep_what_they_can);
  g_test_add_func ("/record/fields-skip-what-has-no-time", test_fields_skip_what_has_no_time);
  g_test_add_func ("/record/fields-other-spellings", test_fields_other_spellings);

  return g_test_run ();
}
