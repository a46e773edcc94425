/* fuzz-csv-import.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <string.h>

#include "lull-csv.h"

/* libFuzzer target for the CSV import (lull_csv_import()): a CSV file may
 * come from any spreadsheet or app, be edited by hand or be no CSV at all,
 * so every byte of it is input. The bytes are read as `fuzz.csv`.
 *
 * Beyond "no crash, no leak, no GLib critical": the import either fails
 * with a LULL_CSV_ERROR and nothing else, or returns sessions; every
 * problem it adds is a line of UTF-8 text; every session it returns is
 * valid (lull_record_validate()); and those sessions survive a round trip:
 * exported with lull_csv_export() and imported again, they come back all,
 * in the same order, with every value the CSV holds unchanged and no
 * problem, and exporting them again gives the same bytes. Seeds are in
 * corpus/csv-import/. */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  return 0;
}

static void
check_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const char *problem = g_ptr_array_index (problems, i);

      g_assert (problem != NULL && problem[0] != '\0');
      g_assert (g_utf8_validate (problem, -1, NULL));
    }
}

static void
assert_same_letdowns (LullRecord *a,
                      LullRecord *b)
{
  const GArray *x = lull_record_get_letdowns (a);
  const GArray *y = lull_record_get_letdowns (b);

  g_assert (x->len == y->len);
  g_assert (x->len == 0
            || memcmp (x->data, y->data, x->len * sizeof (guint)) == 0);
}

static void
assert_same_cues (LullRecord *a,
                  LullRecord *b)
{
  const char * const *x = lull_record_get_cues (a);
  const char * const *y = lull_record_get_cues (b);

  /* No cues and an empty list are the same thing in a CSV cell. */
  if (x == NULL || y == NULL)
    {
      g_assert ((x == NULL || x[0] == NULL) && (y == NULL || y[0] == NULL));
      return;
    }
  g_assert (g_strv_equal ((const char * const *)x, (const char * const *)y));
}

/* Every value a CSV row holds; the audio and keys of other versions are
 * not columns, so they are not compared. */
static void
assert_same_record (LullRecord *a,
                    LullRecord *b)
{
  g_assert (g_str_equal (lull_record_get_key (a), lull_record_get_key (b)));
  g_assert (g_date_time_get_utc_offset (lull_record_get_start (a))
            == g_date_time_get_utc_offset (lull_record_get_start (b)));
  g_assert (lull_record_get_pump_seconds (a) == lull_record_get_pump_seconds (b));
  g_assert (lull_record_get_prime_seconds (a) == lull_record_get_prime_seconds (b));
  assert_same_letdowns (a, b);
  g_assert (lull_record_get_volume_ml (a) == lull_record_get_volume_ml (b));
  g_assert (lull_record_get_volume_left_ml (a) == lull_record_get_volume_left_ml (b));
  g_assert (lull_record_get_volume_right_ml (a) == lull_record_get_volume_right_ml (b));
  g_assert (lull_record_get_ease (a) == lull_record_get_ease (b));
  g_assert (lull_record_get_calm_before (a) == lull_record_get_calm_before (b));
  g_assert (lull_record_get_calm_after (a) == lull_record_get_calm_after (b));
  g_assert (g_strcmp0 (lull_record_get_routine (a), lull_record_get_routine (b)) == 0);
  g_assert (g_strcmp0 (lull_record_get_place (a), lull_record_get_place (b)) == 0);
  assert_same_cues (a, b);
  g_assert (g_strcmp0 (lull_record_get_notes (a), lull_record_get_notes (b)) == 0);
}

/* What was imported, exported and imported again, is what was imported,
 * and its export is stable. */
static void
check_round_trip (GPtrArray *records)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  gsize length, length_again;

  text = lull_csv_export ((LullRecord * const *)records->pdata, records->len, &length);
  g_assert (text != NULL);
  g_assert (strlen (text) == length);
  g_assert (g_utf8_validate (text, length, NULL));
  g_assert (g_str_has_prefix (text, lull_csv_get_header ()));

  again = lull_csv_import (text, length, "fuzz.csv", problems, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert (again != NULL);
  g_assert (problems->len == 0);
  g_assert (again->len == records->len);

  for (guint i = 0; i < records->len; i++)
    assert_same_record (g_ptr_array_index (records, i), g_ptr_array_index (again, i));

  text_again = lull_csv_export ((LullRecord * const *)again->pdata, again->len, &length_again);
  g_assert (length_again == length);
  g_assert (memcmp (text, text_again, length) == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = lull_csv_import ((const char *)data, size, "fuzz.csv", problems, NULL, NULL, NULL,
                             &error);
  g_assert ((records == NULL) != (error == NULL));
  check_problems (problems);

  if (records == NULL)
    {
      /* A file that is not Lull's is refused whole, with no row read. */
      g_assert (g_error_matches (error, LULL_CSV_ERROR, LULL_CSV_ERROR_NOT_LULL));
      g_assert (g_utf8_validate (error->message, -1, NULL));
      g_assert (problems->len == 0);
      return 0;
    }

  for (guint i = 0; i < records->len; i++)
    {
      LullRecord *record = g_ptr_array_index (records, i);

      g_assert (LULL_IS_RECORD (record));
      g_assert (lull_record_validate (record, NULL));
    }

  check_round_trip (records);

  return 0;
}
