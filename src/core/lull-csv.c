/* lull-csv.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <csv.h>
#include <glib/gi18n.h>
#include <string.h>

#include "lull-csv.h"
#include "lull-file.h"
#include "lull-history.h"

/* The history as CSV, for spreadsheets and other apps: the columns are a
 * contract (docs/csv.md). Reading uses libcsv, a small RFC 4180 parser
 * Debian ships; writing is plain enough to do here. A row becomes a
 * session through the history loader's own reader
 * (lull_record_new_from_fields()), so a CSV file is held to the same rules
 * as a month file. */

G_DEFINE_QUARK (lull-csv-error-quark, lull_csv_error)

typedef enum
{
  COLUMN_START,
  COLUMN_PUMP,
  COLUMN_PRIME,
  COLUMN_FIRST_LETDOWN,
  COLUMN_LETDOWN_COUNT,
  COLUMN_LETDOWNS,
  COLUMN_VOLUME,
  COLUMN_VOLUME_LEFT,
  COLUMN_VOLUME_RIGHT,
  COLUMN_EASE,
  COLUMN_CALM_BEFORE,
  COLUMN_CALM_AFTER,
  COLUMN_ROUTINE,
  COLUMN_PLACE,
  COLUMN_CUES,
  COLUMN_NOTES,
  N_COLUMNS
} Column;

typedef enum
{
  KIND_START,
  KIND_NUMBER,    /* a whole number, written plainly */
  KIND_DERIVED,   /* a number worked out from the let-downs */
  KIND_LIST,      /* ';'-separated, as in a month file */
  KIND_TEXT,      /* free text, neutralised for spreadsheets */
} Kind;

static const struct
{
  const char *name;
  const char *key;   /* in a month file; NULL for a derived column */
  Kind        kind;
} columns[N_COLUMNS] = {
  { "start", "start", KIND_START },
  { "pump_seconds", "pump-seconds", KIND_NUMBER },
  { "prime_seconds", "prime-seconds", KIND_NUMBER },
  { "first_letdown_seconds", NULL, KIND_DERIVED },
  { "letdown_count", NULL, KIND_DERIVED },
  { "letdowns", "letdowns", KIND_LIST },
  { "volume_ml", "volume-ml", KIND_NUMBER },
  { "volume_left_ml", "volume-left-ml", KIND_NUMBER },
  { "volume_right_ml", "volume-right-ml", KIND_NUMBER },
  { "ease", "ease", KIND_NUMBER },
  { "calm_before", "calm-before", KIND_NUMBER },
  { "calm_after", "calm-after", KIND_NUMBER },
  { "routine", "routine", KIND_TEXT },
  { "place", "place", KIND_TEXT },
  { "cues", "cues", KIND_LIST },
  { "notes", "notes", KIND_TEXT },
};

#define HEADER "start,pump_seconds,prime_seconds,first_letdown_seconds,letdown_count,letdowns," \
               "volume_ml,volume_left_ml,volume_right_ml,ease,calm_before,calm_after,routine," \
               "place,cues,notes"

/* Rows between progress reports and cancellation checks. */
#define PROGRESS_ROWS 1000

const char *
lull_csv_get_header (void)
{
  return HEADER;
}

/* --- Writing ------------------------------------------------------------- */

/* What a spreadsheet runs as a formula or a command starts with one of
 * these; the apostrophe before it makes the cell text. A cell that
 * already starts with apostrophes before one gets one more, so that
 * reading takes exactly one away and every text comes back as it was. */
static gboolean
needs_neutralising (const char *text)
{
  while (*text == '\'')
    text++;

  return *text != '\0' && strchr ("=+-@\t\r", *text) != NULL;
}

static void
append_text_cell (GString    *out,
                  const char *text,
                  gboolean    neutralise)
{
  gboolean quote;
  gsize length = strlen (text);

  quote = strpbrk (text, ",\"\r\n") != NULL
          || (length > 0 && (text[0] == ' ' || text[length - 1] == ' '
                             || text[0] == '\t' || text[length - 1] == '\t'));
  if (quote)
    g_string_append_c (out, '"');
  if (neutralise && needs_neutralising (text))
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

/* The cues as a month file writes a list, the way the import reads the
 * cell: a ';' or a '\\' inside an item behind a backslash, as
 * g_key_file_set_string_list() escapes them, and one more ';' after an
 * empty last item, which the reader would otherwise not see. */
static char *
join_list (const char * const *items)
{
  GString *joined = g_string_new (NULL);
  guint n = 0;

  for (; items[n] != NULL; n++)
    {
      if (n > 0)
        g_string_append_c (joined, ';');
      for (const char *p = items[n]; *p != '\0'; p++)
        {
          if (*p == ';' || *p == '\\')
            g_string_append_c (joined, '\\');
          g_string_append_c (joined, *p);
        }
    }
  if (n > 0 && items[n - 1][0] == '\0')
    g_string_append_c (joined, ';');

  return g_string_free (joined, FALSE);
}

static void
append_number (GString *out,
               int      value)
{
  if (value != LULL_RECORD_NO_VALUE)
    g_string_append_printf (out, "%d", value);
}

static void
append_record (GString    *out,
               LullRecord *record)
{
  g_autofree char *start = lull_record_dup_start_text (record);
  const GArray *letdowns = lull_record_get_letdowns (record);
  const char * const *cues = lull_record_get_cues (record);
  const int numbers[] = {
    lull_record_get_volume_ml (record),
    lull_record_get_volume_left_ml (record),
    lull_record_get_volume_right_ml (record),
    lull_record_get_ease (record),
    lull_record_get_calm_before (record),
    lull_record_get_calm_after (record),
  };

  g_string_append (out, start);
  g_string_append_printf (out, ",%u,%u,", lull_record_get_pump_seconds (record),
                          lull_record_get_prime_seconds (record));
  if (letdowns->len > 0)
    g_string_append_printf (out, "%u", g_array_index (letdowns, guint, 0));
  g_string_append_printf (out, ",%u,", letdowns->len);
  for (guint i = 0; i < letdowns->len; i++)
    g_string_append_printf (out, "%s%u", i > 0 ? ";" : "", g_array_index (letdowns, guint, i));
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_string_append_c (out, ',');
      append_number (out, numbers[i]);
    }
  g_string_append_c (out, ',');
  if (lull_record_get_routine (record) != NULL)
    append_text_cell (out, lull_record_get_routine (record), TRUE);
  g_string_append_c (out, ',');
  if (lull_record_get_place (record) != NULL)
    append_text_cell (out, lull_record_get_place (record), TRUE);
  g_string_append_c (out, ',');
  if (cues != NULL)
    {
      g_autofree char *joined = join_list (cues);

      append_text_cell (out, joined, TRUE);
    }
  g_string_append_c (out, ',');
  if (lull_record_get_notes (record) != NULL)
    append_text_cell (out, lull_record_get_notes (record), TRUE);
  g_string_append (out, "\r\n");
}

/**
 * lull_csv_export:
 * @records: (array length=n_records): the sessions, oldest first
 * @length: (out): the length of the text
 *
 * Returns: (transfer full): the CSV text
 */
char *
lull_csv_export (LullRecord * const *records,
                 guint               n_records,
                 gsize              *length)
{
  GString *out;

  g_return_val_if_fail (records != NULL || n_records == 0, NULL);
  g_return_val_if_fail (length != NULL, NULL);

  /* About 120 bytes a session without notes. */
  out = g_string_sized_new (sizeof HEADER + 2 + (gsize)n_records * 128);

  g_string_append (out, HEADER "\r\n");
  for (guint i = 0; i < n_records; i++)
    append_record (out, records[i]);

  *length = out->len;
  return g_string_free (out, FALSE);
}

/**
 * lull_csv_write_file:
 * @path: where to write, in the file system's encoding
 */
gboolean
lull_csv_write_file (const char         *path,
                     LullRecord * const *records,
                     guint               n_records,
                     GError            **error)
{
  g_autofree char *text = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = lull_csv_export (records, n_records, &length);

  return lull_file_export (path, text, length, error);
}

/* --- Reading ------------------------------------------------------------- */

gboolean
lull_csv_check_size (goffset      size,
                     const char  *file_name,
                     GError     **error)
{
  if (size <= LULL_CSV_MAX_BYTES)
    return TRUE;

  g_set_error (error, LULL_CSV_ERROR, LULL_CSV_ERROR_TOO_LARGE,
               _("%s is larger than Lull reads (%d MB), so nothing was imported. Split it "
                 "into smaller files and import each."),
               file_name, LULL_CSV_MAX_BYTES / (1024 * 1024));
  return FALSE;
}

typedef struct
{
  const char   *file_name;
  GPtrArray    *problems;
  GPtrArray    *records;
  GKeyFile     *escaper;     /* turns a text into a month file's raw value */

  GPtrArray    *cells;       /* the row being read */
  GPtrArray    *lengths;     /* of each cell, as a cell may hold a NUL */
  guint         line;        /* where the parser is */
  guint         row_line;    /* where the row being read began */
  gboolean      after_cr;    /* the last line end was a '\r' */

  gboolean      have_header;
  int           column_at[N_COLUMNS];
  guint         n_header;
  GString      *missing;

  guint         n_rows;

  LullCsvIsKnown is_known;
  gpointer      known_data;
  guint         n_known;
} Reader;

static void
add_row_problem (Reader     *reader,
                 const char *column,
                 char       *message)
{
  g_autofree char *owned = message;

  if (column != NULL)
    /* Translators: a line number, a file name and a column name, then
     * why Lull left the row out. */
    g_ptr_array_add (reader->problems,
                     g_strdup_printf (_("Line %u of %s, column “%s”: %s"),
                                      reader->row_line, reader->file_name, column, owned));
  else
    /* Translators: a line number and a file name, then why Lull left the
     * row out. */
    g_ptr_array_add (reader->problems,
                     g_strdup_printf (_("Line %u of %s: %s"),
                                      reader->row_line, reader->file_name, owned));
}

static void
on_cell (void   *cell,
         size_t  length,
         void   *user_data)
{
  Reader *reader = user_data;

  if (reader->cells->len == 0)
    reader->row_line = reader->line;

  g_ptr_array_add (reader->cells, g_strndup (cell != NULL ? cell : "", length));
  g_ptr_array_add (reader->lengths, GSIZE_TO_POINTER (length));
  /* A quoted cell may span lines. */
  for (size_t i = 0; cell != NULL && i < length; i++)
    if (((const char *)cell)[i] == '\n')
      reader->line++;
}

static void
read_header (Reader *reader)
{
  reader->have_header = TRUE;
  reader->n_header = reader->cells->len;

  for (guint c = 0; c < N_COLUMNS; c++)
    reader->column_at[c] = -1;

  for (guint i = 0; i < reader->cells->len; i++)
    {
      const char *name = g_ptr_array_index (reader->cells, i);

      /* A spreadsheet may pad a name, or change its case. */
      for (guint c = 0; c < N_COLUMNS; c++)
        if (reader->column_at[c] < 0)
          {
            g_autofree char *stripped = g_strstrip (g_strdup (name));

            if (g_ascii_strcasecmp (stripped, columns[c].name) == 0)
              {
                reader->column_at[c] = (int)i;
                break;
              }
          }
    }

  for (guint c = 0; c < N_COLUMNS; c++)
    if (reader->column_at[c] < 0)
      g_string_append_printf (reader->missing, "%s%s",
                              reader->missing->len > 0 ? ", " : "", columns[c].name);
}

static gboolean
is_whole_number (const char *text)
{
  const char *p = text;

  if (*p == '-')
    p++;
  if (*p == '\0')
    return FALSE;
  for (; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return strlen (text) <= 10;
}

/* A text cell as it was before lull_csv_export() made it safe. */
static const char *
unneutralised (const char *text)
{
  return text[0] == '\'' && needs_neutralising (text + 1) ? text + 1 : text;
}

/* The let-downs a row lists must be the ones its derived columns say. */
static gboolean
check_derived (Reader     *reader,
               const char *letdowns,
               const char *first,
               const char *count)
{
  g_auto(GStrv) marks = letdowns[0] != '\0' ? g_strsplit (letdowns, ";", -1) : NULL;
  guint n = marks != NULL ? g_strv_length (marks) : 0;
  guint64 counted = 0;

  if (count[0] != '\0'
      && (!g_ascii_string_to_unsigned (count, 10, 0, G_MAXUINT, &counted, NULL) || counted != n))
    {
      add_row_problem (reader, columns[COLUMN_LETDOWN_COUNT].name,
                       g_strdup_printf (_("“%s” is not the number of let-downs listed in "
                                          "“letdowns”, so Lull left the row out."), count));
      return FALSE;
    }

  if (first[0] != '\0' && (n == 0 || g_strcmp0 (g_strstrip (marks[0]), first) != 0))
    {
      add_row_problem (reader, columns[COLUMN_FIRST_LETDOWN].name,
                       g_strdup_printf (_("“%s” is not the first let-down listed in "
                                          "“letdowns”, so Lull left the row out."), first));
      return FALSE;
    }

  return TRUE;
}

/* The column whose month-file key a loader's sentence names first, as
 * “volume-ml”; -1 when it names none. */
static int
column_named_in (const char *problem)
{
  const char *earliest = NULL;
  int found = -1;

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      g_autofree char *quoted = NULL;
      const char *at;

      if (columns[c].key == NULL)
        continue;
      quoted = g_strdup_printf ("“%s”", columns[c].key);
      at = strstr (problem, quoted);
      if (at != NULL && (earliest == NULL || at < earliest))
        {
          earliest = at;
          found = (int)c;
        }
    }

  return found;
}

static void
read_row (Reader *reader)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) row_problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LullRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  const char *cell[N_COLUMNS];

  if (reader->cells->len != reader->n_header)
    {
      add_row_problem (reader, NULL,
                       g_strdup_printf (ngettext ("It has %u cell where the header has %u, so "
                                                  "Lull left it out.",
                                                  "It has %u cells where the header has %u, so "
                                                  "Lull left it out.",
                                                  reader->cells->len),
                                        reader->cells->len, reader->n_header));
      return;
    }

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      guint i = (guint)reader->column_at[c];
      gsize length = GPOINTER_TO_SIZE (g_ptr_array_index (reader->lengths, i));

      cell[c] = g_ptr_array_index (reader->cells, i);
      /* Never stored: text that is not UTF-8, or that hides a NUL. */
      if (strlen (cell[c]) != length || !g_utf8_validate (cell[c], -1, NULL))
        {
          add_row_problem (reader, columns[c].name,
                           g_strdup (_("This is not UTF-8 text, so Lull left the row out. "
                                       "Save the file as UTF-8 (“Unicode”) and import it "
                                       "again.")));
          return;
        }
    }

  /* Already in the history: nothing to read or check. */
  if (reader->is_known != NULL)
    {
      g_autofree char *key = lull_record_dup_key_for_start (cell[COLUMN_START]);

      if (key != NULL && reader->is_known (key, reader->known_data))
        {
          reader->n_known++;
          return;
        }
    }

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      const char *value = cell[c];

      switch (columns[c].kind)
        {
        case KIND_NUMBER:
        case KIND_DERIVED:
          if (value[0] != '\0' && !is_whole_number (value))
            {
              add_row_problem (reader, columns[c].name,
                               g_strdup_printf (_("“%s” is not a whole number, so Lull left "
                                                  "the row out."), value));
              return;
            }
          break;

        case KIND_START:
        case KIND_LIST:
        case KIND_TEXT:
        default:
          break;
        }

      if (columns[c].key == NULL || value[0] == '\0')
        continue;

      g_ptr_array_add (keys, (gpointer)columns[c].key);
      if (columns[c].kind == KIND_TEXT)
        {
          /* Escaped as a month file has it: a line break as "\n". */
          g_key_file_set_string (reader->escaper, "row", "value", unneutralised (value));
          g_ptr_array_add (values, g_key_file_get_value (reader->escaper, "row", "value", NULL));
        }
      else if (c == COLUMN_CUES)
        {
          /* Written behind an apostrophe, as a text is, when it starts
           * like a formula. */
          g_ptr_array_add (values, g_strdup (unneutralised (value)));
        }
      else
        {
          g_ptr_array_add (values, g_strdup (value));
        }
    }

  if (!check_derived (reader, cell[COLUMN_LETDOWNS], cell[COLUMN_FIRST_LETDOWN],
                      cell[COLUMN_LETDOWN_COUNT]))
    return;

  /* Translators: where a session was read from: a line number and a file
   * name, as in “line 12 of sessions.csv”. */
  label = g_strdup_printf (_("line %u of %s"), reader->row_line, reader->file_name);
  record = lull_record_new_from_fields (cell[COLUMN_START], (const char * const *)keys->pdata,
                                        (const char * const *)values->pdata, keys->len, label,
                                        row_problems, &error);
  if (record == NULL)
    {
      add_row_problem (reader, columns[COLUMN_START].name,
                       g_strdup_printf (_("“%s” is not a start time Lull can place: it takes "
                                          "the local time with its offset, such as "
                                          "2026-11-23T07:40:12+01:00. Lull left the row out."),
                                        cell[COLUMN_START]));
      return;
    }
  /* A row is all in or all out: the loader would keep the rest of a
   * session without a value it cannot read; an import does not. The
   * loader's sentence says what it would show, so the row's is said
   * here, of the column the loader names. */
  if (row_problems->len > 0)
    {
      int c = column_named_in (g_ptr_array_index (row_problems, 0));

      if ((c == COLUMN_VOLUME_LEFT || c == COLUMN_VOLUME_RIGHT)
          && (cell[COLUMN_VOLUME_LEFT][0] == '\0' || cell[COLUMN_VOLUME_RIGHT][0] == '\0'))
        add_row_problem (reader, columns[c].name,
                         g_strdup (_("It has a volume for one side only: give both sides, or "
                                     "neither and the total. Lull left the row out.")));
      else if (c >= 0)
        add_row_problem (reader, columns[c].name,
                         g_strdup_printf (_("“%s” is not a value Lull can keep here (out of "
                                            "range, or not in its form), so Lull left the row "
                                            "out."), cell[c]));
      else
        add_row_problem (reader, NULL,
                         g_strdup (_("Its values do not fit together, so Lull left it out.")));
      return;
    }
  if (!lull_record_validate (record, &error))
    {
      add_row_problem (reader, NULL, g_strdup (error->message));
      return;
    }

  g_ptr_array_add (reader->records, g_steal_pointer (&record));
}

static void
on_row_end (int   end,
            void *user_data)
{
  Reader *reader = user_data;
  gboolean blank = reader->cells->len == 0
                   || (reader->cells->len == 1
                       && ((const char *)g_ptr_array_index (reader->cells, 0))[0] == '\0');

  /* The '\n' of a "\r\n" ends an empty row of its own. */
  if (!(end == '\n' && reader->after_cr && reader->cells->len == 0))
    {
      if (blank)
        ; /* an empty line says nothing */
      else if (!reader->have_header)
        read_header (reader);
      else if (reader->missing->len == 0)
        {
          read_row (reader);
          reader->n_rows++;
        }
      if (end != -1)
        reader->line++;
    }
  reader->after_cr = end == '\r';

  g_ptr_array_set_size (reader->cells, 0);
  g_ptr_array_set_size (reader->lengths, 0);
}

/* Cells keep every space: a note may start with one. */
static int
no_space (unsigned char c)
{
  return 0;
}

/**
 * lull_csv_import:
 * @data: the file's bytes
 * @file_name: its name, for the problems
 * @problems: (element-type utf8): where a sentence for each row left out
 *   goes
 * @progress: (nullable): called now and then with the bytes read so far
 *
 * Returns: (transfer full) (element-type LullRecord): the sessions read
 */
GPtrArray *
lull_csv_import (const char      *data,
                 gsize            length,
                 const char      *file_name,
                 GPtrArray       *problems,
                 GCancellable    *cancellable,
                 LullCsvProgress  progress,
                 gpointer         user_data,
                 GError         **error)
{
  return lull_csv_import_new (data, length, file_name, NULL, NULL, NULL, problems, cancellable,
                              progress, user_data, error);
}

gboolean
lull_csv_known_in_history (const char *key,
                           gpointer    history)
{
  return lull_history_has_key (history, key);
}

/**
 * lull_csv_import_new:
 * @is_known: (nullable): whether a session is in the history already
 * @n_known: (out) (optional): how many rows were left out as known
 *
 * Returns: (transfer full) (element-type LullRecord): the new sessions
 */
GPtrArray *
lull_csv_import_new (const char      *data,
                     gsize            length,
                     const char      *file_name,
                     LullCsvIsKnown   is_known,
                     gpointer         known_data,
                     guint           *n_known,
                     GPtrArray       *problems,
                     GCancellable    *cancellable,
                     LullCsvProgress  progress,
                     gpointer         user_data,
                     GError         **error)
{
  g_autoptr(GKeyFile) escaper = g_key_file_new ();
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) lengths = g_ptr_array_new ();
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) missing = g_string_new (NULL);
  struct csv_parser parser;
  Reader reader = {
    .file_name = file_name,
    .problems = problems,
    .records = records,
    .escaper = escaper,
    .cells = cells,
    .lengths = lengths,
    .line = 1,
    .row_line = 1,
    .missing = missing,
    .is_known = is_known,
    .known_data = known_data,
  };
  gsize done = 0;
  gboolean parsed = TRUE;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (problems != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!lull_csv_check_size ((goffset)MIN (length, G_MAXINT64), file_name, error))
    return NULL;

  /* A byte order mark, as spreadsheets write one. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    done = 3;

  csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL);
  csv_set_space_func (&parser, no_space);

  while (done < length && parsed)
    {
      gsize rows_before = reader.n_rows;
      gsize chunk = 0;

      /* A piece at a time, for the progress and a cancel. */
      while (done + chunk < length && reader.n_rows - rows_before < PROGRESS_ROWS && parsed)
        {
          gsize piece = MIN (length - done - chunk, 16 * 1024);

          parsed = csv_parse (&parser, data + done + chunk, piece, on_cell, on_row_end,
                              &reader) == piece;
          chunk += piece;
          if (reader.have_header && reader.missing->len > 0)
            break;
        }
      done += chunk;

      if (reader.have_header && reader.missing->len > 0)
        break;
      if (g_cancellable_is_cancelled (cancellable))
        {
          csv_free (&parser);
          g_set_error_literal (error, LULL_CSV_ERROR, LULL_CSV_ERROR_CANCELLED,
                               _("The import was cancelled; nothing was imported."));
          return NULL;
        }
      if (progress != NULL)
        progress (done, length, user_data);
    }

  if (parsed && !(reader.have_header && reader.missing->len > 0))
    parsed = csv_fini (&parser, on_cell, on_row_end, &reader) == 0;
  csv_free (&parser);

  if (!reader.have_header || reader.missing->len > 0)
    {
      g_set_error (error, LULL_CSV_ERROR, LULL_CSV_ERROR_NOT_LULL,
                   /* Translators: a file name, then a list of column names */
                   _("%s is not a Lull export: it has no column %s. Nothing was imported."),
                   file_name, reader.have_header ? reader.missing->str : HEADER);
      return NULL;
    }

  if (!parsed)
    {
      reader.row_line = reader.line;
      add_row_problem (&reader, NULL,
                       g_strdup (_("A quote here is not closed, or is not where a cell can "
                                   "have one, so Lull read no further. The rows before it "
                                   "were read.")));
    }

  if (n_known != NULL)
    *n_known = reader.n_known;
  return g_steal_pointer (&records);
}
