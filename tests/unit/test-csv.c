/* test-csv.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <locale.h>
#include <string.h>

#include "lull-csv.h"
#include "lull-history.h"
#include "lull-test-util.h"

#define HEADER "start,pump_seconds,prime_seconds,first_letdown_seconds,letdown_count,letdowns," \
               "volume_ml,volume_left_ml,volume_right_ml,ease,calm_before,calm_after,routine," \
               "place,cues,notes"

static LullRecord *
record_at (const char *iso)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (start);
  return lull_record_new (start);
}

/* A history with every field, empty fields, awkward notes, both volume
 * styles and starts in three offsets. */
static GPtrArray *
awkward_records (void)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);
  const guint marks[] = { 95, 410, 800 };
  LullRecord *record;

  /* Every field, sides given. */
  record = record_at ("2026-03-01T07:40:12+01:00");
  lull_record_set_prime_seconds (record, 300);
  lull_record_set_pump_seconds (record, 960);
  lull_record_set_letdowns (record, marks, G_N_ELEMENTS (marks));
  lull_record_set_volume_sides_ml (record, 60, 75);
  lull_record_set_ease (record, 4);
  lull_record_set_calm_before (record, 2);
  lull_record_set_calm_after (record, 5);
  lull_record_set_routine (record, "desk-quick");
  lull_record_set_place (record, "Office, 3rd floor");
  lull_record_set_cues (record, (const char * const[]) { "audio", "photos", "warmth", NULL });
  lull_record_set_notes (record, "She said \"well done\", and I cried.\nSecond line; after a, comma");
  g_ptr_array_add (records, record);

  /* Nothing but the start and the times: every other cell empty. */
  record = record_at ("2026-03-02T23:59:59-05:00");
  lull_record_set_pump_seconds (record, 600);
  g_ptr_array_add (records, record);

  /* A total only, non-Latin text, and cells a spreadsheet would run. */
  record = record_at ("2026-03-03T21:00:00+09:00");
  lull_record_set_pump_seconds (record, 1200);
  lull_record_set_volume_ml (record, 120);
  lull_record_set_place (record, "=HYPERLINK(\"http://x\")");
  lull_record_set_notes (record, "授乳室で。 Тихо. مرحبا 👶\r\nCRLF above, tab\tinside");
  g_ptr_array_add (records, record);

  /* More cells that start like formulas, and spaces at the ends. */
  record = record_at ("2026-03-04T06:00:00+00:00");
  lull_record_set_pump_seconds (record, 900);
  lull_record_set_place (record, "  -the sofa ");
  lull_record_set_notes (record, "'@already quoted");
  g_ptr_array_add (records, record);

  record = record_at ("2026-03-05T06:00:00+00:00");
  lull_record_set_pump_seconds (record, 900);
  lull_record_set_notes (record, "+1 better than yesterday");
  g_ptr_array_add (records, record);

  return records;
}

static char *
export_records (GPtrArray *records)
{
  gsize length;
  char *text = lull_csv_export ((LullRecord * const *)records->pdata, records->len, &length);

  g_assert_cmpuint (strlen (text), ==, length);
  return text;
}

static GPtrArray *
import_text (const char *text,
             GPtrArray  *problems)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = lull_csv_import (text, strlen (text), "test.csv", problems, NULL, NULL,
                                        NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (records);
  return records;
}

static void
assert_no_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (const char *)g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
}

/* The line of each problem, in order, as "3,7". */
static char *
problem_lines (GPtrArray *problems)
{
  GString *lines = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const char *problem = g_ptr_array_index (problems, i);
      const char *at = strstr (problem, "ine ");

      g_assert_nonnull (at);
      g_string_append_printf (lines, "%s%u", i > 0 ? "," : "",
                              (guint)g_ascii_strtoull (at + 4, NULL, 10));
    }

  return g_string_free (lines, FALSE);
}

static void
test_export (void)
{
  g_autoptr(GPtrArray) records = awkward_records ();
  g_autofree char *text = export_records (records);
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);

  g_assert_true (g_str_has_prefix (text, HEADER "\r\n"));
  g_assert_true (g_utf8_validate (text, -1, NULL));

  /* Numbers plainly; the sides and their sum; derived columns. */
  g_assert_true (g_str_has_prefix (lines[1], "2026-03-01T07:40:12+01:00,960,300,95,3,95;410;800,"
                                             "135,60,75,4,2,5,desk-quick,\"Office, 3rd floor\","
                                             "audio;photos;warmth,\"She said \"\"well done\"\", "
                                             "and I cried.\n"));
  g_assert_cmpstr (lines[2], ==, "2026-03-02T23:59:59-05:00,600,0,,0,,,,,,,,,,,");

  /* Formulas never run: an apostrophe first. */
  g_assert_nonnull (strstr (text, ",\"'=HYPERLINK(\"\"http://x\"\")\","));
  g_assert_nonnull (strstr (text, ",\"  -the sofa \",,''@already quoted\r\n"));
  g_assert_true (g_str_has_suffix (text, ",,'+1 better than yesterday\r\n"));
}

static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) records = awkward_records ();
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) read = NULL;
  g_autofree char *first = export_records (records);
  g_autofree char *second = NULL;
  LullTestDataRoot data;
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(LullHistory) again = NULL;
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  guint n_added = 0, n_present = 0;

  read = import_text (first, problems);
  assert_no_problems (problems);
  g_assert_cmpuint (read->len, ==, records->len);
  for (guint i = 0; i < read->len; i++)
    {
      g_autofree char *want = lull_test_record_to_text (g_ptr_array_index (records, i));
      g_autofree char *got = lull_test_record_to_text (g_ptr_array_index (read, i));

      g_assert_cmpstr (got, ==, want);
    }

  /* Into an empty data root, read back from its files, exported again:
   * the same bytes. */
  lull_test_data_root_init (&data, "lull-csv-XXXXXX");
  history = lull_history_new (data.root);
  g_assert_true (lull_history_append_all (history, read, &n_added, &n_present, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, records->len);
  g_assert_cmpuint (n_present, ==, 0);

  again = lull_history_new (data.root);
  g_assert_true (lull_history_load (again, problems, &error));
  assert_no_problems (problems);
  for (guint i = 0; i < g_list_model_get_n_items (lull_history_get_records (again)); i++)
    g_ptr_array_add (loaded, g_list_model_get_item (lull_history_get_records (again), i));
  second = export_records (loaded);
  g_assert_cmpstr (second, ==, first);

  /* A second import adds nothing. */
  g_assert_true (lull_history_append_all (again, read, &n_added, &n_present, &error));
  g_assert_cmpuint (n_added, ==, 0);
  g_assert_cmpuint (n_present, ==, records->len);

  g_clear_object (&history);
  g_clear_object (&again);
  lull_test_data_root_clear (&data);
}

static void
test_reordered (void)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) read = NULL;
  /* A BOM, CRLF, columns in another order and case, a blank line, an
   * extra column. */
  const char *text = "\xef\xbb\xbf" "Notes,extra,cues,place,routine,calm_after,calm_before,ease,"
                     "volume_right_ml,volume_left_ml,volume_ml,letdowns,letdown_count,"
                     "first_letdown_seconds,prime_seconds,pump_seconds, start \r\n"
                     "\"two\r\nlines\",x,audio,,desk-quick,,,,,,80,60;200,2,60,0,700,"
                     "2026-05-01T08:00:00+02:00\r\n"
                     "\r\n"
                     ",y,,,,,,,,,,,,,0,600,2026-05-02T08:00:00+02:00\r\n";

  read = import_text (text, problems);
  assert_no_problems (problems);
  g_assert_cmpuint (read->len, ==, 2);
  g_assert_cmpstr (lull_record_get_notes (g_ptr_array_index (read, 0)), ==, "two\r\nlines");
  g_assert_cmpint (lull_record_get_volume_ml (g_ptr_array_index (read, 0)), ==, 80);
  g_assert_cmpuint (lull_record_get_letdowns (g_ptr_array_index (read, 0))->len, ==, 2);
  g_assert_cmpuint (lull_record_get_pump_seconds (g_ptr_array_index (read, 1)), ==, 600);
}

static void
test_not_lull (void)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *text = "date,amount\n2026-01-01,80\n";
  GPtrArray *read;

  read = lull_csv_import (text, strlen (text), "other.csv", problems, NULL, NULL, NULL, &error);
  g_assert_null (read);
  g_assert_error (error, LULL_CSV_ERROR, LULL_CSV_ERROR_NOT_LULL);
  g_assert_nonnull (strstr (error->message, "not a Lull export"));
  g_assert_nonnull (strstr (error->message, "start, pump_seconds"));
  g_clear_error (&error);

  /* One column short: it is named. */
  text = "start,pump_seconds,prime_seconds,first_letdown_seconds,letdown_count,letdowns,"
         "volume_ml,volume_left_ml,volume_right_ml,ease,calm_before,calm_after,routine,"
         "place,notes\n";
  read = lull_csv_import (text, strlen (text), "short.csv", problems, NULL, NULL, NULL, &error);
  g_assert_null (read);
  g_assert_error (error, LULL_CSV_ERROR, LULL_CSV_ERROR_NOT_LULL);
  g_assert_nonnull (strstr (error->message, "no column cues."));
  g_clear_error (&error);

  read = lull_csv_import ("", 0, "empty.csv", problems, NULL, NULL, NULL, &error);
  g_assert_null (read);
  g_assert_error (error, LULL_CSV_ERROR, LULL_CSV_ERROR_NOT_LULL);
}

static void
test_bad_rows (void)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) read = NULL;
  g_autofree char *lines = NULL;
  const char *text =
    HEADER "\n"
    /* 2: good */
    "2026-01-01T08:00:00+01:00,600,0,,0,,,,,,,,,,,\n"
    /* 3: a volume out of range */
    "2026-01-02T08:00:00+01:00,600,0,,0,,99999,,,,,,,,,\n"
    /* 4-5: a good note over two lines */
    "2026-01-03T08:00:00+01:00,600,0,,0,,,,,,,,,,,\"a\nb\"\n"
    /* 6: not a number */
    "2026-01-04T08:00:00+01:00,ten,0,,0,,,,,,,,,,,\n"
    /* 7: a cell short */
    "2026-01-05T08:00:00+01:00,600,0,,0,,,,,,,,,,\n"
    /* 8: no start */
    ",600,0,,0,,,,,,,,,,,\n"
    /* 9: a start without its offset */
    "2026-01-06T08:00:00,600,0,,0,,,,,,,,,,,\n"
    /* 10: one side only */
    "2026-01-07T08:00:00+01:00,600,0,,0,,,40,,,,,,,,\n"
    /* 11: a count that is not the let-downs' */
    "2026-01-08T08:00:00+01:00,600,0,30,2,30,,,,,,,,,,\n"
    /* 12: a score out of range */
    "2026-01-09T08:00:00+01:00,600,0,,0,,,,,9,,,,,,\n"
    /* 13: invalid UTF-8 */
    "2026-01-10T08:00:00+01:00,600,0,,0,,,,,,,,,\xff\xfe,,\n"
    /* 14: good */
    "2026-01-11T08:00:00+01:00,600,0,,0,,,,,,,,,,,\n"
    /* 15: a count past 2^32 is not 0 */
    "2026-01-12T08:00:00+01:00,600,0,,4294967296,,,,,,,,,,,\n";

  read = import_text (text, problems);
  g_assert_cmpuint (read->len, ==, 3);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (const char *)g_ptr_array_index (problems, i));
  lines = problem_lines (problems);
  g_assert_cmpstr (lines, ==, "3,6,7,8,9,10,11,12,13,15");
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 8), "UTF-8"));
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 1), "pump_seconds"));
  /* Each says the row was left out, and where, never what the history
   * would show instead. */
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==,
                   "Line 3 of test.csv, column “volume_ml”: “99999” is not a value Lull can "
                   "keep here (out of range, or not in its form), so Lull left the row out.");
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 4), "column “start”"));
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 9), "column “letdown_count”"));
  for (guint i = 0; i < problems->len; i++)
    {
      g_assert_nonnull (strstr (g_ptr_array_index (problems, i), "left"));
      g_assert_null (strstr (g_ptr_array_index (problems, i), "shows the session"));
    }
}

static void
test_broken_quote (void)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) read = NULL;
  const char *text = HEADER "\n"
                     "2026-01-01T08:00:00+01:00,600,0,,0,,,,,,,,,,,\"fine\"\n"
                     "2026-01-02T08:00:00+01:00,600,0,,0,,,,,,,,,,,\"bro\"ken\"\n"
                     "2026-01-03T08:00:00+01:00,600,0,,0,,,,,,,,,,,\n";

  /* The rows before it are read, and the reason says where. */
  read = import_text (text, problems);
  g_assert_cmpuint (read->len, ==, 1);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "Line 3 of test.csv"));
}

static void
test_duplicates (void)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(LullHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  LullTestDataRoot data;
  guint n_added, n_present;
  /* The same instant twice, in two offsets, and once more in the file. */
  const char *text = HEADER "\n"
                     "2026-02-01T08:00:00+01:00,600,0,,0,,,,,,,,,,,\n"
                     "2026-02-01T02:00:00-05:00,600,0,,0,,,,,,,,,,,\n"
                     "2026-02-02T08:00:00+01:00,700,0,,0,,,,,,,,,,,\n";

  read = import_text (text, problems);
  assert_no_problems (problems);
  g_assert_cmpuint (read->len, ==, 3);

  lull_test_data_root_init (&data, "lull-csv-XXXXXX");
  history = lull_history_new (data.root);
  g_assert_true (lull_history_append_all (history, read, &n_added, &n_present, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 2);
  g_assert_cmpuint (n_present, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (lull_history_get_records (history)), ==, 2);
  g_assert_cmpuint (lull_test_mode_of (data.path), ==, 0700);

  /* Read again with the history at hand: the rows already there are left
   * out unread, whatever their offset. */
  {
    g_autoptr(GPtrArray) again = NULL;
    guint n_known = 0;

    again = lull_csv_import_new (text, strlen (text), "test.csv", lull_csv_known_in_history,
                                 history, &n_known, problems, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (again->len, ==, 0);
    g_assert_cmpuint (n_known, ==, 3);
    assert_no_problems (problems);
  }

  g_clear_object (&history);
  lull_test_data_root_clear (&data);
}

static void
on_progress (gsize    done,
             gsize    total,
             gpointer user_data)
{
  GCancellable *cancellable = user_data;

  g_assert_cmpuint (done, <=, total);
  g_cancellable_cancel (cancellable);
}

static void
test_large_and_cancel (void)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GString) text = g_string_new (HEADER "\n");
  g_autoptr(GError) error = NULL;
  GPtrArray *read;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "2026-01-01T08:%02u:%02u+01:00,600,0,,0,,,,,,,,,,,\n",
                            (i / 60) % 60, i % 60);

  /* Cancelled at the first report: nothing comes back. */
  read = lull_csv_import (text->str, text->len, "big.csv", problems, cancellable, on_progress,
                          cancellable, &error);
  g_assert_null (read);
  g_assert_error (error, LULL_CSV_ERROR, LULL_CSV_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Too large is refused before a byte is parsed. */
  read = lull_csv_import (text->str, LULL_CSV_MAX_BYTES + 1, "huge.csv", problems, NULL, NULL,
                          NULL, &error);
  g_assert_null (read);
  g_assert_error (error, LULL_CSV_ERROR, LULL_CSV_ERROR_TOO_LARGE);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/export", test_export);
  g_test_add_func ("/csv/round-trip", test_round_trip);
  g_test_add_func ("/csv/reordered", test_reordered);
  g_test_add_func ("/csv/not-lull", test_not_lull);
  g_test_add_func ("/csv/bad-rows", test_bad_rows);
  g_test_add_func ("/csv/broken-quote", test_broken_quote);
  g_test_add_func ("/csv/duplicates", test_duplicates);
  g_test_add_func ("/csv/large-and-cancel", test_large_and_cancel);

  return g_test_run ();
}
