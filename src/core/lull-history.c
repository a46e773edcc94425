/* lull-history.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "lull-file.h"
#include "lull-history.h"

/* The session store: `history/YYYY-MM.ini` under the data root, one
 * keyfile per calendar month of the sessions' local start dates, and
 * `YYYY-MM.N.ini` beside a month file that a newer Lull wrote.
 *
 * Loading keeps only the records, and for each file its size, time and
 * inode: the files are read with a small reader of our own (GKeyFile's
 * parser, and a GKeyFile kept per month, cost more time and memory than
 * the sessions themselves), which also salvages what GKeyFile would refuse
 * whole: a byte order mark, bytes that are not UTF-8, a NUL, a line that
 * is no key. One bad value costs that value, one bad session that session;
 * only a file with no usable header is set aside in quarantine/.
 *
 * Nothing a file holds may be lost by rewriting it: not a key from a newer
 * Lull, not a group this version could not read, not a comment. So
 * appending reads the month file again from disk and adds the new group's
 * text at its end, leaving every other byte as it was (bar the repairs
 * above); editing and deleting read it again too, and change only the
 * lines of that session's groups (docs/history-format.md, "Editing and
 * deleting"). Only a file Lull can read and that has `version=1` is ever
 * written. Because appending needs nothing loaded, it works while the
 * history is still loading in the background. */

#define HISTORY_FOLDER        "history"
#define HEADER_GROUP          "Lull History"
#define VERSION_KEY           "version"
#define FORMAT_VERSION        1
#define FILE_MODE             0600
#define NEW_MONTH_HEADER \
  "[" HEADER_GROUP "]\n" VERSION_KEY "=" G_STRINGIFY (FORMAT_VERSION) "\n"

/* No month of sessions comes near this; a file that does is not history. */
#define MAX_MONTH_BYTES       (64 * 1024 * 1024)
/* YYYY-MM.1.ini to YYYY-MM.999.ini. */
#define MAX_SIBLING           999
/* A damaged file can have a problem on every line; the parent needs to
 * hear the first few and how many more there are. */
#define MAX_PROBLEMS_PER_FILE 8

#define UTF8_BOM              "\xEF\xBB\xBF"

struct _LullHistory
{
  GObject       parent_instance;

  LullDataRoot *data_root;
  GListStore   *records;

  /* Record key (start in UTC, owned by the record) → LullRecord, to show
   * a session once and refuse one twice. */
  GHashTable   *by_key;
  /* Julian day of the local start date → number of sessions. */
  GHashTable   *day_counts;
  /* Path → FileMeta of every month file whose records are in the list. */
  GHashTable   *files;
  /* "YYYY-MM" of the months lull_history_load_current() read. */
  GHashTable   *current_months;

  /* Counts reads of the disk, so that a read can tell whether what the
   * list holds of a file was read after it. */
  guint64       stamp;
  guint         n_loading;
};

G_DEFINE_FINAL_TYPE (LullHistory, lull_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATA_ROOT,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_QUARK (lull-history-error-quark, lull_history_error)

/* One month file whose records are in the list, as it was when read. */
typedef struct
{
  char      *path;
  goffset    size;
  gint64     mtime_ns;
  guint64    inode;
  guint64    stamp;
  /* The records it put in the list. */
  GPtrArray *records;
} FileMeta;

typedef enum
{
  MONTH_READ_OK,
  MONTH_READ_GONE,        /* not there at all */
  MONTH_READ_UNREADABLE,  /* there, but not opened: not ours to move */
  MONTH_READ_DAMAGED,     /* nothing in it can be read: quarantine */
} MonthReadStatus;

/* What reading one month file gave. Plain data, made without touching the
 * history, so that it can be made in a worker thread. */
typedef struct
{
  char            *path;
  char            *label;     /* the display name, such as "2026-11.ini" */
  guint            sibling;   /* 0 for YYYY-MM.ini, N for YYYY-MM.N.ini */
  MonthReadStatus  status;
  GError          *error;     /* why it was not opened */
  guint64          version;
  goffset          size;
  gint64           mtime_ns;
  guint64          inode;
  GPtrArray       *records;   /* LullRecord, in file order */
  GPtrArray       *problems;  /* sentences for the parent */

  /* For writing (append, replace, remove) only: the text as read (made
   * valid), every group name and record key in it, and the key of the
   * session each group name stands for. */
  char            *text;
  gsize            text_length;
  GHashTable      *names;
  GHashTable      *key_of_name;
} MonthRead;

/* Where lull_history_load_async()'s thread starts from: copies only. */
typedef struct
{
  char       *folder;
  GHashTable *skip_months;
  guint64     stamp;
} LoadJob;

/* The month file's text, split into groups and keys in place. */
typedef struct
{
  const char *name;
  guint       first_field;
  guint       n_fields;
  /* The next and the last group of the same name: GKeyFile reads a group
   * given twice as one, and so does Lull. */
  int         next;
  int         last;
  gboolean    repeated;
  /* A header GKeyFile refuses ("[a[b]", a control character): its keys
   * are nobody's. */
  gboolean    bad_name;
} ScanGroup;

typedef enum
{
  NOTE_BAD_LINE,
  NOTE_BEFORE_GROUP,
  NOTE_REPAIRED,
} NoteKind;

typedef struct
{
  NoteKind    kind;
  guint       line;
  int         group;
  const char *key;
} ScanNote;

typedef struct
{
  GArray      *groups;    /* ScanGroup */
  /* Into the text; one per line at most, so allocated once. */
  const char **keys;
  const char **values;
  guint        n_fields;
  GArray      *notes;     /* ScanNote */
  int          header;
} Scan;

static void
file_meta_free (FileMeta *meta)
{
  g_free (meta->path);
  g_ptr_array_unref (meta->records);
  g_free (meta);
}

static void
month_read_free (MonthRead *read)
{
  g_free (read->path);
  g_free (read->label);
  g_clear_error (&read->error);
  g_ptr_array_unref (read->records);
  g_ptr_array_unref (read->problems);
  g_free (read->text);
  g_clear_pointer (&read->names, g_hash_table_unref);
  g_clear_pointer (&read->key_of_name, g_hash_table_unref);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MonthRead, month_read_free)

static void
load_job_free (LoadJob *job)
{
  g_free (job->folder);
  g_clear_pointer (&job->skip_months, g_hash_table_unref);
  g_free (job);
}

static void
add_problem (GPtrArray *problems,
             char      *sentence)
{
  if (problems != NULL)
    g_ptr_array_add (problems, sentence);
  else
    g_free (sentence);
}

/* "YYYY-MM.ini", or "YYYY-MM.N.ini" for N from 1 to MAX_SIBLING, and
 * nothing else: editors' backups, the atomic writer's temporary files and
 * notes a parent keeps there are not history. */
static gboolean
parse_month_filename (const char *name,
                      guint      *sibling)
{
  const char *rest = name + strlen ("YYYY-MM");
  int month;

  for (guint i = 0; i < 7; i++)
    {
      if (i == 4 ? name[i] != '-' : !g_ascii_isdigit (name[i]))
        return FALSE;
    }

  month = (name[5] - '0') * 10 + (name[6] - '0');
  if (month < 1 || month > 12 || strncmp (name, "0000", 4) == 0)
    return FALSE;

  if (strcmp (rest, ".ini") == 0)
    {
      *sibling = 0;
      return TRUE;
    }

  if (rest[0] != '.' || rest[1] < '1' || rest[1] > '9')
    return FALSE;

  *sibling = 0;
  for (rest++; g_ascii_isdigit (*rest); rest++)
    {
      *sibling = *sibling * 10 + (guint)(*rest - '0');
      if (*sibling > MAX_SIBLING)
        return FALSE;
    }

  return strcmp (rest, ".ini") == 0;
}

/* Oldest month first, and within a month the main file before its
 * siblings, so that when a session is in two files the one kept is always
 * the same. */
static int
compare_month_filenames (gconstpointer a,
                         gconstpointer b)
{
  const char *name_a = *(const char * const *)a;
  const char *name_b = *(const char * const *)b;
  guint sibling_a = 0, sibling_b = 0;
  int order = strncmp (name_a, name_b, strlen ("YYYY-MM"));

  if (order != 0)
    return order;

  parse_month_filename (name_a, &sibling_a);
  parse_month_filename (name_b, &sibling_b);

  return sibling_a < sibling_b ? -1 : sibling_a > sibling_b;
}

static char *
month_filename (const char *month,
                guint       sibling)
{
  if (sibling == 0)
    return g_strconcat (month, ".ini", NULL);

  return g_strdup_printf ("%s.%u.ini", month, sibling);
}

static char *
month_of_date (int year,
               int month)
{
  return g_strdup_printf ("%04d-%02d", year, month);
}

static char *
month_of_record (LullRecord *record)
{
  GDate date = lull_record_get_local_date (record);

  return month_of_date (g_date_get_year (&date), g_date_get_month (&date));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (lull_record_get_key (*(LullRecord * const *)a),
                 lull_record_get_key (*(LullRecord * const *)b));
}

/* The month files of the history folder, in the order they are read; only
 * those of @month when it is given, none of the months in @skip_months. No
 * folder is no files. */
static GPtrArray *
list_month_files (const char  *folder,
                  const char  *month,
                  GHashTable  *skip_months,
                  GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  dir = g_dir_open (folder, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&names);

      g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED,
                   _("Lull could not open its history folder “%s” (%s). Check that it is a "
                     "folder you can read, then open Lull again."),
                   folder, local_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      guint sibling;

      if (!parse_month_filename (name, &sibling))
        continue;
      if (month != NULL && strncmp (name, month, strlen ("YYYY-MM")) != 0)
        continue;
      if (skip_months != NULL)
        {
          g_autofree char *its_month = g_strndup (name, strlen ("YYYY-MM"));

          if (g_hash_table_contains (skip_months, its_month))
            continue;
        }

      g_ptr_array_add (names, g_strdup (name));
    }

  g_ptr_array_sort (names, compare_month_filenames);

  return g_steal_pointer (&names);
}

/* Whether the text is valid UTF-8 with no NUL. Month files are nearly all
 * ASCII, so that is checked eight bytes at a time, and only the runs of
 * other bytes go through g_utf8_validate_len(): a character of several
 * bytes never holds an ASCII byte, so the runs can be checked alone. */
static gboolean
is_valid_text (const char *text,
               gsize       length)
{
  const guint64 high_bits = G_GUINT64_CONSTANT (0x8080808080808080);
  const guint64 low_bits = G_GUINT64_CONSTANT (0x0101010101010101);
  gsize i = 0;

  while (i < length)
    {
      gsize run_end;

      for (; i + 8 <= length; i += 8)
        {
          guint64 word;

          memcpy (&word, text + i, sizeof word);
          /* A byte with its high bit set, or a zero byte. */
          if ((word & high_bits) != 0 || ((word - low_bits) & ~word & high_bits) != 0)
            break;
        }

      if (i >= length)
        break;

      if (text[i] == '\0')
        return FALSE;

      if ((guchar)text[i] < 0x80)
        {
          i++;
          continue;
        }

      for (run_end = i; run_end < length && (guchar)text[run_end] >= 0x80; run_end++)
        ;
      if (!g_utf8_validate_len (text + i, run_end - i, NULL))
        return FALSE;
      i = run_end;
    }

  return TRUE;
}

/* Makes the text valid UTF-8 with no NUL byte, each bad byte becoming
 * U+FFFD, after dropping a byte order mark. Returns the numbers of the
 * lines it changed, or %NULL when there were none. */
static GArray *
salvage_text (char  **contents,
              gsize  *length)
{
  g_autoptr(GArray) repaired = NULL;
  GString *out;
  const char *p, *end;
  guint line = 1;

  if (*length >= strlen (UTF8_BOM) && memcmp (*contents, UTF8_BOM, strlen (UTF8_BOM)) == 0)
    {
      *length -= strlen (UTF8_BOM);
      memmove (*contents, *contents + strlen (UTF8_BOM), *length + 1);
    }

  /* g_utf8_validate_len() also refuses a NUL. */
  if (is_valid_text (*contents, *length))
    return NULL;

  repaired = g_array_new (FALSE, FALSE, sizeof (guint));
  out = g_string_sized_new (*length + 64);
  p = *contents;
  end = *contents + *length;

  /* Line by line, so that each repair can be told with its key. A '\n'
   * is never part of a multi-byte character, so the lines are the same
   * before and after. */
  for (;;)
    {
      const char *newline = memchr (p, '\n', end - p);
      const char *line_end = newline != NULL ? newline : end;

      if (g_utf8_validate_len (p, line_end - p, NULL))
        {
          g_string_append_len (out, p, line_end - p);
        }
      else
        {
          g_autofree char *valid = g_utf8_make_valid (p, line_end - p);

          g_string_append (out, valid);
          g_array_append_val (repaired, line);
        }

      if (newline == NULL)
        break;

      g_string_append_c (out, '\n');
      p = newline + 1;
      line++;
    }

  g_free (*contents);
  *length = out->len;
  *contents = g_string_free (out, FALSE);

  return g_steal_pointer (&repaired);
}

/* "[name]" with nothing after it but spaces and tabs is a group header, as
 * GKeyFile reads one; returns the name, cut out in place, or %NULL. */
static char *
group_line_name (char     *start,
                 gboolean *valid)
{
  char *close = strchr (start + 1, ']');

  if (close == NULL)
    return NULL;

  for (const char *q = close + 1; *q != '\0'; q++)
    {
      if (*q != ' ' && *q != '\t')
        return NULL;
    }

  *close = '\0';

  /* GKeyFile refuses an empty name, a '[' or a control character. */
  *valid = start[1] != '\0';
  for (const char *q = start + 1; *q != '\0'; q++)
    {
      if (*q == '[' || g_ascii_iscntrl (*q))
        *valid = FALSE;
    }

  return start + 1;
}

/* GKeyFile's rule for a key with brackets: a name, then at most one
 * "[locale]" at the very end. The text is valid UTF-8 by now. */
static gboolean
is_key_name (const char *key)
{
  const char *q = key;

  while (*q != '\0' && *q != '[' && *q != ']')
    q = g_utf8_next_char (q);

  if (q == key || q[-1] == ' ')
    return FALSE;

  if (*q == '[')
    {
      for (q++; *q != '\0'; q = g_utf8_next_char (q))
        {
          if (!g_unichar_isalnum (g_utf8_get_char (q)) &&
              *q != '-' && *q != '_' && *q != '.' && *q != '@')
            break;
        }

      if (*q != ']')
        return FALSE;
      q++;
    }

  return *q == '\0';
}

static void
add_note (Scan       *scan,
          NoteKind    kind,
          guint       line,
          int         group,
          const char *key)
{
  ScanNote note = { kind, line, group, key };

  g_array_append_val (scan->notes, note);
}

static void
add_group (Scan       *scan,
           GHashTable *by_name,
           const char *name,
           gboolean    valid)
{
  ScanGroup group = { name, scan->n_fields, 0, -1, -1, FALSE, !valid };
  int index = (int)scan->groups->len;
  gpointer first;

  if (valid && g_hash_table_lookup_extended (by_name, name, NULL, &first))
    {
      ScanGroup *head = &g_array_index (scan->groups, ScanGroup, GPOINTER_TO_INT (first));
      int tail = head->last >= 0 ? head->last : GPOINTER_TO_INT (first);

      g_array_index (scan->groups, ScanGroup, tail).next = index;
      head->last = index;
      group.repeated = TRUE;
    }
  else if (valid)
    {
      g_hash_table_insert (by_name, (gpointer)name, GINT_TO_POINTER (index));
      if (scan->header < 0 && strcmp (name, HEADER_GROUP) == 0)
        scan->header = index;
    }

  g_array_append_val (scan->groups, group);
}

static gsize
count_lines (const char *text,
             gsize       length)
{
  const char *end = text + length;
  gsize n_lines = 1;

  for (const char *p = text; (p = memchr (p, '\n', end - p)) != NULL; p++)
    n_lines++;

  return n_lines;
}

/* What one line of a month file is, as GKeyFile reads it. */
typedef enum
{
  LINE_BLANK,
  LINE_COMMENT,
  LINE_HEADER,
  LINE_KEY,
  LINE_OTHER,     /* neither: GKeyFile would refuse the whole file */
} LineKind;

/* Classifies one line, ended by a NUL byte in place of its end of line
 * (and of a '\r' before it), leading blanks dropped, spaces around '='
 * dropped, as GKeyFile reads it. A header gives its name in @name, cut out
 * in place, and whether GKeyFile would take it in @valid; a key line its
 * key in @name and its value in @value. */
static LineKind
classify_line (char      *line,
               char     **name,
               char     **value,
               gboolean  *valid)
{
  char *start = line;
  char *equals, *key_end;
  gboolean brackets = FALSE;

  while (g_ascii_isspace (*start))
    start++;

  if (*start == '\0')
    return LINE_BLANK;
  if (*start == '#')
    return LINE_COMMENT;

  if (*start == '[' && (*name = group_line_name (start, valid)) != NULL)
    return LINE_HEADER;

  for (equals = start; *equals != '\0' && *equals != '='; equals++)
    brackets |= *equals == '[' || *equals == ']';

  if (*equals != '=' || equals == start)
    return LINE_OTHER;

  key_end = equals;
  while (g_ascii_isspace (key_end[-1]))
    key_end--;
  *key_end = '\0';
  *value = equals + 1;
  while (g_ascii_isspace (**value))
    (*value)++;

  if (brackets && !is_key_name (start))
    return LINE_OTHER;

  *name = start;
  return LINE_KEY;
}

/* Cuts the line at @p off the text (ending at @end) with a NUL byte in
 * place of its end of line, as GKeyFile reads it: "\r\n" as well as "\n".
 * Returns where the next line starts. */
static char *
cut_line (char *p,
          char *end)
{
  char *newline = memchr (p, '\n', end - p);
  char *line_end = newline != NULL ? newline : end;

  /* As GKeyFile: one '\r' before a '\n' goes. */
  if (newline != NULL && line_end > p && line_end[-1] == '\r')
    line_end--;
  *line_end = '\0';

  return newline != NULL ? newline + 1 : end;
}

/* Splits the text into groups and keys the way GKeyFile does (a group
 * given twice read as one), writing NUL bytes into it to end names, keys
 * and values. A line GKeyFile would refuse the whole file for is left
 * out and noted instead. */
static void
scan_text (char         *text,
           gsize         length,
           const GArray *repaired,
           Scan         *scan)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  char *p = text;
  char *end = text + length;
  guint line = 0;
  guint next_repaired = 0;
  int current = -1;

  while (p < end)
    {
      char *start = p;
      char *name = NULL, *value = NULL;
      gboolean was_repaired = FALSE;
      gboolean valid = FALSE;
      LineKind kind;

      line++;
      p = cut_line (p, end);

      if (repaired != NULL && next_repaired < repaired->len &&
          g_array_index (repaired, guint, next_repaired) == line)
        {
          was_repaired = TRUE;
          next_repaired++;
        }

      kind = classify_line (start, &name, &value, &valid);

      /* Comments and blank lines. */
      if (kind == LINE_BLANK || kind == LINE_COMMENT)
        continue;

      if (kind == LINE_HEADER)
        {
          add_group (scan, by_name, name, valid);
          current = (int)scan->groups->len - 1;
          continue;
        }

      if (current >= 0 && g_array_index (scan->groups, ScanGroup, current).bad_name)
        continue;

      if (current < 0)
        {
          add_note (scan, NOTE_BEFORE_GROUP, line, current, NULL);
          continue;
        }

      if (kind == LINE_OTHER)
        {
          add_note (scan, NOTE_BAD_LINE, line, current, NULL);
          continue;
        }

      scan->keys[scan->n_fields] = name;
      scan->values[scan->n_fields] = value;
      scan->n_fields++;
      g_array_index (scan->groups, ScanGroup, current).n_fields++;

      if (was_repaired)
        add_note (scan, NOTE_REPAIRED, line, current, name);
    }
}

/* The keys and values of a group and of its repetitions, in file order. */
static void
gather_fields (Scan      *scan,
               int        index,
               GPtrArray *keys,
               GPtrArray *values)
{
  for (; index >= 0; index = g_array_index (scan->groups, ScanGroup, index).next)
    {
      const ScanGroup *group = &g_array_index (scan->groups, ScanGroup, index);

      for (guint i = 0; i < group->n_fields; i++)
        {
          g_ptr_array_add (keys, (gpointer)scan->keys[group->first_field + i]);
          g_ptr_array_add (values, (gpointer)scan->values[group->first_field + i]);
        }
    }
}

static guint64
read_version (Scan *scan)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  const char *text = NULL;
  g_autofree char *stripped = NULL;
  guint64 version;

  if (scan->header < 0)
    return 0;

  gather_fields (scan, scan->header, keys, values);
  for (guint i = 0; i < keys->len; i++)
    {
      if (strcmp (g_ptr_array_index (keys, i), VERSION_KEY) == 0)
        text = g_ptr_array_index (values, i);
    }

  if (text == NULL)
    return 0;

  stripped = g_strstrip (g_strdup (text));
  if (!g_ascii_string_to_unsigned (stripped, 10, 1, G_MAXUINT64, &version, NULL))
    return 0;

  return version;
}

static gboolean
looks_like_a_time (const char *name)
{
  /* "2026-11-23T…": enough to tell a session from groups a newer version
   * may add; the record checks the rest. */
  for (guint i = 0; i < 4; i++)
    {
      if (!g_ascii_isdigit (name[i]))
        return FALSE;
    }

  return name[4] == '-';
}

static gboolean
has_start (const char * const *keys,
           guint               n_keys)
{
  for (guint i = 0; i < n_keys; i++)
    {
      if (strcmp (keys[i], "start") == 0)
        return TRUE;
    }

  return FALSE;
}

/* A name to quote back: a control character GKeyFile refused shown as
 * U+FFFD. */
static char *
printable_name (const char *name)
{
  GString *shown = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    {
      if (g_ascii_iscntrl (*p))
        g_string_append (shown, "\xEF\xBF\xBD");
      else
        g_string_append_c (shown, *p);
    }

  return g_string_free (shown, FALSE);
}

static void
build_records (MonthRead *read,
               Scan      *scan)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();

  for (guint i = 0; i < scan->groups->len; i++)
    {
      const ScanGroup *group = &g_array_index (scan->groups, ScanGroup, i);
      g_autoptr(LullRecord) record = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *shown = NULL;
      const char *name = group->name;
      const char * const *group_keys;
      const char * const *group_values;
      guint n_fields;

      if (group->repeated || (int)i == scan->header)
        continue;

      g_ptr_array_set_size (keys, 0);
      g_ptr_array_set_size (values, 0);
      if (group->bad_name)
        {
          group_keys = NULL;
          group_values = NULL;
          n_fields = 0;
        }
      else if (group->next < 0)
        {
          group_keys = scan->keys + group->first_field;
          group_values = scan->values + group->first_field;
          n_fields = group->n_fields;
        }
      else
        {
          gather_fields (scan, (int)i, keys, values);
          group_keys = (const char * const *)keys->pdata;
          group_values = (const char * const *)values->pdata;
          n_fields = keys->len;
        }

      if (read->names != NULL)
        g_hash_table_add (read->names, g_strdup (name));

      /* A newer Lull may add groups of other kinds; in a version 1 file
       * every group but the header is a session. */
      if (read->version > FORMAT_VERSION && !looks_like_a_time (name) &&
          !has_start (group_keys, n_fields))
        continue;

      if (group->bad_name)
        name = shown = printable_name (name);

      if (group->next >= 0)
        /* Translators: a session's name (its start in UTC) and a file name
         * such as “2026-11.ini”. */
        add_problem (read->problems,
                     g_strdup_printf (_("The session “%s” appears more than once in %s; Lull "
                                        "reads it as one session, with the last value of each "
                                        "key."),
                                      name, read->label));

      record = lull_record_new_from_fields (name, group_keys, group_values, n_fields,
                                            read->label, read->problems, &error);
      if (record == NULL)
        {
          add_problem (read->problems, g_strdup (error->message));
          continue;
        }

      if (read->names != NULL)
        g_hash_table_add (read->names, g_strdup (lull_record_get_key (record)));
      if (read->key_of_name != NULL && !group->bad_name)
        g_hash_table_insert (read->key_of_name, g_strdup (group->name),
                             g_strdup (lull_record_get_key (record)));
      g_ptr_array_add (read->records, g_steal_pointer (&record));
    }
}

static void
add_notes (MonthRead *read,
           Scan      *scan)
{
  for (guint i = 0; i < scan->notes->len; i++)
    {
      const ScanNote *note = &g_array_index (scan->notes, ScanNote, i);
      const char *group = note->group >= 0
                          ? g_array_index (scan->groups, ScanGroup, note->group).name
                          : NULL;

      switch (note->kind)
        {
        case NOTE_BEFORE_GROUP:
          /* Translators: a line number and a file name such as
           * “2026-11.ini”. */
          add_problem (read->problems,
                       g_strdup_printf (_("Line %u of %s comes before the first group, so Lull "
                                          "left it out."),
                                        note->line, read->label));
          break;

        case NOTE_BAD_LINE:
          /* Translators: a line number, a file name and a session's name
           * (its start in UTC). */
          add_problem (read->problems,
                       g_strdup_printf (_("Line %u of %s, in the session “%s”, is neither a key "
                                          "with a value nor a group, so Lull left it out."),
                                        note->line, read->label, group));
          break;

        case NOTE_REPAIRED:
        default:
          /* Translators: a key, a session's name (its start in UTC) and a
           * file name; “�” is the replacement character U+FFFD. */
          add_problem (read->problems,
                       g_strdup_printf (_("“%s” in the session “%s” in %s held bytes that are "
                                          "not text, so Lull shows them as “�”."),
                                        note->key, group, read->label));
          break;
        }
    }
}

static void
limit_problems (MonthRead *read)
{
  guint n_more;

  if (read->problems->len <= MAX_PROBLEMS_PER_FILE)
    return;

  n_more = read->problems->len - (MAX_PROBLEMS_PER_FILE - 1);
  g_ptr_array_set_size (read->problems, MAX_PROBLEMS_PER_FILE - 1);
  /* Translators: a file name such as “2026-11.ini”, then a number. */
  g_ptr_array_add (read->problems,
                   g_strdup_printf (ngettext ("%s has %u more problem like these; Lull shows "
                                              "every session of it that it could read.",
                                              "%s has %u more problems like these; Lull shows "
                                              "every session of it that it could read.",
                                              n_more),
                                    read->label, n_more));
}

static void
set_unreadable (MonthRead *read,
                GError    *error)
{
  read->status = MONTH_READ_UNREADABLE;
  read->error = error;

  if (error->domain == LULL_FILE_ERROR)
    {
      /* The message names the file and says why: not a regular file, too
       * many links, too large. */
      add_problem (read->problems,
                   g_strdup_printf (_("%s Lull left it where it is; your other sessions are "
                                      "safe."),
                                    error->message));
      return;
    }

  g_debug ("History file %s could not be read: %s", read->path, error->message);
  /* Translators: a file name such as “2026-11.ini”. */
  add_problem (read->problems,
               g_strdup_printf (_("Lull could not open %s, so it left the file where it is. "
                                  "Check that you may read it, then open Lull again; your "
                                  "other sessions are safe."),
                                read->label));
}

static gint64
mtime_ns (const GStatBuf *buf)
{
  return (gint64)buf->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + buf->st_mtim.tv_nsec;
}

/* Reads and salvages one month file; touches nothing but the file, so it
 * runs in the loading thread too. */
static MonthRead *
read_month (const char *folder,
            const char *name,
            gboolean    for_append)
{
  g_autoptr(MonthRead) read = g_new0 (MonthRead, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) repaired = NULL;
  g_autofree char *contents = NULL;
  Scan scan = { NULL, NULL, NULL, 0, NULL, -1 };
  GStatBuf buf;
  gsize length, n_lines;

  read->path = g_build_filename (folder, name, NULL);
  read->label = g_filename_display_name (name);
  parse_month_filename (name, &read->sibling);
  read->records = g_ptr_array_new_with_free_func (g_object_unref);
  read->problems = g_ptr_array_new_with_free_func (g_free);

  /* Before reading: should the file change in between, what is kept
   * describes the older file, and the next append reads it again. */
  if (g_stat (read->path, &buf) == 0)
    {
      read->size = buf.st_size;
      read->mtime_ns = mtime_ns (&buf);
      read->inode = buf.st_ino;
    }

  if (!lull_file_get_contents (read->path, MAX_MONTH_BYTES, &contents, &length, &error))
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        read->status = MONTH_READ_GONE;
      else
        set_unreadable (read, g_steal_pointer (&error));
      return g_steal_pointer (&read);
    }

  repaired = salvage_text (&contents, &length);
  if (for_append)
    {
      read->text = g_memdup2 (contents, length + 1);
      read->text_length = length;
      read->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      read->key_of_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    }

  n_lines = count_lines (contents, length);
  scan.groups = g_array_new (FALSE, FALSE, sizeof (ScanGroup));
  scan.keys = g_new (const char *, n_lines);
  scan.values = g_new (const char *, n_lines);
  scan.notes = g_array_new (FALSE, FALSE, sizeof (ScanNote));
  scan_text (contents, length, repaired, &scan);

  read->version = read_version (&scan);
  if (read->version == 0)
    {
      g_debug ("History file %s has no usable [%s] %s", read->path, HEADER_GROUP, VERSION_KEY);
      read->status = MONTH_READ_DAMAGED;
    }
  else
    {
      if (read->version > FORMAT_VERSION)
        g_debug ("History file %s is version %" G_GUINT64_FORMAT "; Lull reads what it knows "
                 "and never writes it", read->path, read->version);
      read->status = MONTH_READ_OK;
      add_notes (read, &scan);
      build_records (read, &scan);
      limit_problems (read);
    }

  g_array_unref (scan.groups);
  g_free (scan.keys);
  g_free (scan.values);
  g_array_unref (scan.notes);

  return g_steal_pointer (&read);
}

static GPtrArray *
read_months (const char   *folder,
             GPtrArray    *names,
             GCancellable *cancellable)
{
  g_autoptr(GPtrArray) reads = g_ptr_array_new_with_free_func ((GDestroyNotify)month_read_free);

  for (guint i = 0; i < names->len; i++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return NULL;

      g_ptr_array_add (reads, read_month (folder, g_ptr_array_index (names, i), FALSE));
    }

  return g_steal_pointer (&reads);
}

static void
count_day (GHashTable *day_counts,
           LullRecord *record,
           int         change)
{
  GDate date = lull_record_get_local_date (record);
  gpointer key = GUINT_TO_POINTER (g_date_get_julian (&date));
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (day_counts, key)) + change;

  if (count == 0)
    g_hash_table_remove (day_counts, key);
  else
    g_hash_table_insert (day_counts, key, GUINT_TO_POINTER (count));
}

/* Where @key is in the list, or would go: the list is in key order. */
static guint
find_position (LullHistory *self,
               const char  *key,
               gboolean    *found)
{
  GListModel *model = G_LIST_MODEL (self->records);
  guint low = 0;
  guint high = g_list_model_get_n_items (model);

  *found = FALSE;
  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      g_autoptr(LullRecord) item = g_list_model_get_item (model, middle);
      int order = strcmp (lull_record_get_key (item), key);

      if (order == 0)
        {
          *found = TRUE;
          return middle;
        }

      if (order < 0)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

/* Puts @added (in key order, none in the list yet) into the list with one
 * splice per run that falls between two records already there: one
 * signal for a whole load, a few when merging into a list the parent may
 * be looking at. */
static void
insert_records (LullHistory *self,
                GPtrArray   *added)
{
  GListModel *model = G_LIST_MODEL (self->records);
  guint n_items = g_list_model_get_n_items (model);
  guint i = 0;

  while (i < added->len)
    {
      const char *key = lull_record_get_key (g_ptr_array_index (added, i));
      gboolean found;
      guint position = find_position (self, key, &found);
      guint j = i + 1;

      g_assert (!found);

      if (position < n_items)
        {
          g_autoptr(LullRecord) next = g_list_model_get_item (model, position);
          const char *next_key = lull_record_get_key (next);

          while (j < added->len &&
                 strcmp (lull_record_get_key (g_ptr_array_index (added, j)), next_key) < 0)
            j++;
        }
      else
        {
          j = added->len;
        }

      g_list_store_splice (self->records, position, 0, added->pdata + i, j - i);
      n_items += j - i;
      i = j;
    }
}

static void
sort_by_key (GPtrArray *records)
{
  /* Months are read in order and sessions written in order, so the
   * records nearly always are already. */
  for (guint i = 1; i < records->len; i++)
    {
      if (compare_keys (&g_ptr_array_index (records, i - 1), &g_ptr_array_index (records, i)) > 0)
        {
          g_ptr_array_sort (records, compare_keys);
          return;
        }
    }
}

/* Takes records out of the list and the tables. */
static void
forget_records (LullHistory *self,
                GPtrArray   *records)
{
  for (guint i = 0; i < records->len; i++)
    {
      LullRecord *record = g_ptr_array_index (records, i);
      const char *key = lull_record_get_key (record);
      gboolean found;
      guint position;

      if (g_hash_table_lookup (self->by_key, key) != record)
        continue;

      position = find_position (self, key, &found);
      g_assert (found);
      count_day (self->day_counts, record, -1);
      g_list_store_remove (self->records, position);
      g_hash_table_remove (self->by_key, key);
    }
}

static char *
record_text (LullRecord *record)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();

  lull_record_write_to_keyfile (record, keyfile);
  return g_key_file_to_data (keyfile, NULL, NULL);
}

/* A file changed since it was read: the records it still holds as they
 * were stay in the list (the parent may be looking at them), the others
 * leave it. Returns the records of @read still to add. */
static GPtrArray *
keep_unchanged (LullHistory *self,
                FileMeta    *meta,
                MonthRead   *read)
{
  g_autoptr(GPtrArray) previous = g_steal_pointer (&meta->records);
  g_autoptr(GHashTable) previous_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GPtrArray *fresh = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer record;

  meta->records = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < previous->len; i++)
    {
      LullRecord *old = g_ptr_array_index (previous, i);

      g_hash_table_insert (previous_by_key, (gpointer)lull_record_get_key (old), old);
    }

  for (guint i = 0; i < read->records->len; i++)
    {
      LullRecord *now = g_ptr_array_index (read->records, i);
      LullRecord *old = g_hash_table_lookup (previous_by_key, lull_record_get_key (now));
      g_autofree char *old_text = NULL;
      g_autofree char *now_text = NULL;

      if (old != NULL && g_hash_table_lookup (self->by_key, lull_record_get_key (old)) == old)
        {
          old_text = record_text (old);
          now_text = record_text (now);
        }

      if (old_text != NULL && g_str_equal (old_text, now_text))
        {
          g_ptr_array_add (meta->records, g_object_ref (old));
          g_hash_table_remove (previous_by_key, lull_record_get_key (old));
        }
      else
        {
          g_ptr_array_add (fresh, now);
        }
    }

  g_hash_table_iter_init (&iter, previous_by_key);
  while (g_hash_table_iter_next (&iter, NULL, &record))
    g_ptr_array_add (gone, record);
  forget_records (self, gone);

  return fresh;
}

static FileMeta *
remember_file (LullHistory *self,
               const char  *path)
{
  FileMeta *meta = g_hash_table_lookup (self->files, path);

  if (meta == NULL)
    {
      meta = g_new0 (FileMeta, 1);
      meta->path = g_strdup (path);
      meta->records = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->files, meta->path, meta);
    }

  return meta;
}

static gboolean
meta_matches (FileMeta  *meta,
              MonthRead *read)
{
  return meta->size == read->size && meta->mtime_ns == read->mtime_ns &&
         meta->inode == read->inode;
}

static void
set_aside (LullHistory *self,
           MonthRead   *read,
           GPtrArray   *problems)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;

  moved = lull_data_root_quarantine (self->data_root, read->path, now, &error);
  if (moved == NULL)
    {
      /* The file stays where it is, and lull_history_append() will not
       * write over it. */
      /* Translators: a file name such as “2026-11.ini”, then why it could
       * not be moved. */
      add_problem (problems,
                   g_strdup_printf (_("Lull could not read anything in %s, and could not set "
                                      "the file aside either (%s). Lull will not change that "
                                      "file; your other sessions are safe."),
                                    read->label, error->message));
      return;
    }

  /* Translators: a file name such as “2026-11.ini”. */
  add_problem (problems,
               g_strdup_printf (_("Lull could not read anything in %s, so it set the file "
                                  "aside in the quarantine folder. Your other sessions are "
                                  "safe."),
                                read->label));
}

/* Brings what the list holds of one file in line with @read, made at
 * @stamp: its records are added to @added (and to the tables), not yet to
 * the list. A file read here since @stamp is newer and stays. */
static void
apply_read (LullHistory *self,
            MonthRead   *read,
            guint64      stamp,
            GPtrArray   *added,
            GPtrArray   *problems)
{
  g_autoptr(GPtrArray) fresh = NULL;
  FileMeta *meta;

  switch (read->status)
    {
    case MONTH_READ_GONE:
      return;

    case MONTH_READ_UNREADABLE:
      for (guint i = 0; i < read->problems->len; i++)
        add_problem (problems, g_strdup (g_ptr_array_index (read->problems, i)));
      return;

    case MONTH_READ_DAMAGED:
      set_aside (self, read, problems);
      return;

    case MONTH_READ_OK:
    default:
      break;
    }

  meta = g_hash_table_lookup (self->files, read->path);
  if (meta != NULL)
    {
      if (meta->stamp > stamp)
        return;

      if (meta_matches (meta, read))
        {
          meta->stamp = stamp;
          return;
        }

      fresh = keep_unchanged (self, meta, read);
    }
  else
    {
      meta = remember_file (self, read->path);
    }

  meta->size = read->size;
  meta->mtime_ns = read->mtime_ns;
  meta->inode = read->inode;
  meta->stamp = stamp;

  for (guint i = 0; i < read->problems->len; i++)
    add_problem (problems, g_strdup (g_ptr_array_index (read->problems, i)));

  if (fresh == NULL)
    fresh = g_ptr_array_ref (read->records);

  for (guint i = 0; i < fresh->len; i++)
    {
      LullRecord *record = g_ptr_array_index (fresh, i);
      const char *key = lull_record_get_key (record);

      if (g_hash_table_contains (self->by_key, key))
        {
          /* Translators: a session's name (its start in UTC) and a file
           * name such as “2026-11.ini”. */
          add_problem (problems,
                       g_strdup_printf (_("The session “%s” in %s is also in another group or "
                                          "file of the history, so Lull shows it only once."),
                                        key, read->label));
          continue;
        }

      g_hash_table_insert (self->by_key, (gpointer)key, g_object_ref (record));
      count_day (self->day_counts, record, +1);
      g_ptr_array_add (meta->records, g_object_ref (record));
      g_ptr_array_add (added, g_object_ref (record));
    }
}

/* Applies reads made at @stamp and puts what they add into the list. */
static void
apply_reads (LullHistory *self,
             GPtrArray   *reads,
             guint64      stamp,
             GPtrArray   *problems)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < reads->len; i++)
    apply_read (self, g_ptr_array_index (reads, i), stamp, added, problems);

  sort_by_key (added);
  insert_records (self, added);
}

static void
set_loading (LullHistory *self,
             gboolean     loading)
{
  gboolean was_loading = self->n_loading > 0;

  if (loading)
    self->n_loading++;
  else
    self->n_loading--;

  if (was_loading != (self->n_loading > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* What a write was for: the sentence says what did not happen. */
typedef enum
{
  WRITE_SAVE,     /* a new session, or an edited one */
  WRITE_DELETE,
} WriteKind;

/* The parent reads what went wrong and what to do, in plain words; the
 * system's message (which names a temporary file deep in the data folder)
 * is for developers, in the debug log. */
static void
set_write_error (GError       **error,
                 const GError  *cause,
                 WriteKind      kind)
{
  const char *message;
  gboolean deleting = kind == WRITE_DELETE;

  g_debug ("Could not %s a session in the history: %s (%s, %d)",
           deleting ? "delete" : "save", cause->message, g_quark_to_string (cause->domain),
           cause->code);

  if (g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_ROFS)
      || g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
    message = deleting
              ? _("Lull could not delete this session because the disk is read-only. "
                  "The session is still in the history: make the disk writable again, "
                  "then try again.")
              : _("Lull could not save this session because the disk is read-only. "
                  "Nothing is lost: make the disk writable again, then try again.");
  else if (g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_NOSPC)
           || g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    message = deleting
              ? _("Lull could not delete this session because the disk is full. "
                  "The session is still in the history: free some space, then try again.")
              : _("Lull could not save this session because the disk is full. "
                  "Nothing is lost: free some space, then try again.");
  else if (g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_ACCES)
           || g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_PERM)
           || g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    message = deleting
              ? _("Lull could not delete this session because it has no permission to write "
                  "to its data folder. The session is still in the history: check that you "
                  "may write to that folder, then try again.")
              : _("Lull could not save this session because it has no permission to write to "
                  "its data folder. Nothing is lost: check that you may write to that folder, "
                  "then try again.");
  else
    message = deleting
              ? _("Lull could not delete this session because writing to the disk did not "
                  "work. The session is still in the history: check that the disk is plugged "
                  "in and has free space, then try again.")
              : _("Lull could not save this session because writing to the disk did not work. "
                  "Nothing is lost: check that the disk is plugged in and has free space, "
                  "then try again.");

  g_set_error_literal (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_WRITE, message);
}

static char *
format_start (LullRecord *record)
{
  char *text;

  /* Translators: when a session started, in g_date_time_format() codes,
   * as in “23 November 2026, 11:15”. */
  text = g_date_time_format (lull_record_get_start (record), _("%-d %B %Y, %H:%M"));

  return text != NULL ? text : lull_record_dup_key (record);
}

static void
set_duplicate_error (GError     **error,
                     LullRecord  *record)
{
  g_autofree char *when = format_start (record);

  g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DUPLICATE,
               _("A session that started on %s is already in the history, so Lull did "
                 "not save it a second time."),
               when);
}

/* The month file's text with a session's group (as session_group_text()
 * makes it) after it; a new month file when @target is %NULL. */
static char *
text_with_group (MonthRead  *target,
                 const char *group,
                 gsize      *length)
{
  GString *text;

  if (target == NULL)
    {
      text = g_string_new (NEW_MONTH_HEADER);
    }
  else
    {
      text = g_string_sized_new (target->text_length + strlen (group) + 2);
      g_string_append_len (text, target->text, target->text_length);
      if (text->len > 0 && text->str[text->len - 1] != '\n')
        g_string_append_c (text, '\n');
    }

  g_string_append_c (text, '\n');
  g_string_append (text, group);

  *length = text->len;
  return g_string_free (text, FALSE);
}

/* The session's group as Lull writes it: @record's keys, less the unknown
 * ones the file holds (@unknown_keys), which win over the record's (it may
 * have been read before them): the file keeps them where they are, or,
 * for a session that moves, @unknown_lines (their lines, byte for byte)
 * follow. */
static char *
session_group_text (LullRecord *record,
                    GPtrArray  *unknown_keys,
                    GString    *unknown_lines)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *data = NULL;
  const char *group = lull_record_get_key (record);
  GString *text;

  lull_record_write_to_keyfile (record, keyfile);

  for (guint i = 0; i < unknown_keys->len; i++)
    g_key_file_remove_key (keyfile, group, g_ptr_array_index (unknown_keys, i), NULL);

  data = g_key_file_to_data (keyfile, NULL, NULL);
  if (unknown_lines == NULL || unknown_lines->len == 0)
    return g_steal_pointer (&data);

  text = g_string_new (data);
  g_string_append_len (text, unknown_lines->str, unknown_lines->len);
  if (text->str[text->len - 1] != '\n')
    g_string_append_c (text, '\n');

  return g_string_free (text, FALSE);
}

/* One line of a month file, as lull_history_replace() and
 * lull_history_remove() edit it: they change only the lines of one
 * session's groups, and keep every other byte. */
typedef struct
{
  gsize    offset;
  gsize    length;      /* with its end of line */
  LineKind kind;
  gboolean known;       /* a key line with a key of the format */
  gboolean in_session;  /* the header of one of the session's groups, or a line in one */
} EditLine;

/* Splits @read's text into lines and marks those of the session @key: the
 * groups whose names stand for it (a group, the same group given again,
 * another spelling of the same moment). The keys of those groups that the
 * format does not know are added to @unknown_keys, and their lines to
 * @unknown_lines, in file order. Returns %NULL when no group is the
 * session's. */
static GArray *
split_session_lines (MonthRead  *read,
                     const char *key,
                     GPtrArray  *unknown_keys,
                     GString    *unknown_lines)
{
  g_autofree char *scratch = g_memdup2 (read->text, read->text_length + 1);
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (EditLine));
  char *p = scratch;
  char *end = scratch + read->text_length;
  gboolean in_session = FALSE;
  gboolean found = FALSE;

  while (p < end)
    {
      EditLine line = { (gsize)(p - scratch), 0, LINE_OTHER, FALSE, FALSE };
      char *start = p;
      char *name = NULL, *value = NULL;
      gboolean valid = FALSE;

      p = cut_line (p, end);
      line.length = (gsize)(p - start);
      line.kind = classify_line (start, &name, &value, &valid);

      if (line.kind == LINE_HEADER)
        {
          const char *its_key = valid ? g_hash_table_lookup (read->key_of_name, name) : NULL;

          in_session = its_key != NULL && strcmp (its_key, key) == 0;
          found |= in_session;
        }
      else if (line.kind == LINE_KEY)
        {
          line.known = lull_record_is_known_key (name);
          if (in_session && !line.known)
            {
              g_ptr_array_add (unknown_keys, g_strdup (name));
              g_string_append_len (unknown_lines, read->text + line.offset, line.length);
            }
        }

      line.in_session = in_session;
      g_array_append_val (lines, line);
    }

  return found ? g_steal_pointer (&lines) : NULL;
}

/* Whether the group whose header is line @header holds a line that stays
 * when the session is replaced: a key this version does not know, or a
 * line it cannot read. */
static gboolean
group_keeps_lines (GArray *lines,
                   guint   header)
{
  for (guint i = header + 1; i < lines->len; i++)
    {
      const EditLine *line = &g_array_index (lines, EditLine, i);

      if (line->kind == LINE_HEADER)
        break;
      if ((line->kind == LINE_KEY && !line->known) || line->kind == LINE_OTHER)
        return TRUE;
    }

  return FALSE;
}

/* @read's text with the session marked in @lines changed. To replace it,
 * @group (as session_group_text() makes it) takes the place of its first
 * header; the keys the format knows go from all its groups, a later group
 * is named @new_key or, holding nothing else, goes; unknown keys, lines
 * Lull cannot read and comments stay where they are. To remove it (@group
 * %NULL), its headers, keys and unreadable lines go, with the blank lines
 * just before each header; comments stay, since Lull cannot tell what
 * they are about. Every other line is kept byte for byte. */
static char *
text_with_session_changed (MonthRead  *read,
                           GArray     *lines,
                           const char *group,
                           const char *new_key,
                           gsize      *length)
{
  GString *text = g_string_sized_new (read->text_length + (group != NULL ? strlen (group) : 0));
  /* Where the blank lines at the end of the text start, or -1. */
  gssize blank_from = -1;
  gboolean group_written = FALSE;

  for (guint i = 0; i < lines->len; i++)
    {
      const EditLine *line = &g_array_index (lines, EditLine, i);

      if (line->in_session && line->kind == LINE_HEADER)
        {
          if (group != NULL && !group_written)
            {
              g_string_append (text, group);
              group_written = TRUE;
            }
          else if (group != NULL && group_keeps_lines (lines, i))
            {
              g_string_append_printf (text, "[%s]\n", new_key);
            }
          else if (blank_from >= 0)
            {
              /* The group goes, and the blank lines that set it apart. */
              g_string_truncate (text, (gsize)blank_from);
            }
          blank_from = -1;
          continue;
        }

      if (line->in_session &&
          ((line->kind == LINE_KEY && (group == NULL || line->known)) ||
           (line->kind == LINE_OTHER && group == NULL)))
        continue;

      if (line->kind != LINE_BLANK)
        blank_from = -1;
      else if (blank_from < 0)
        blank_from = (gssize)text->len;

      g_string_append_len (text, read->text + line->offset, line->length);
    }

  *length = text->len;
  return g_string_free (text, FALSE);
}

/* Every file of one month, as a session to save into it needs them: the
 * month file, then its siblings up to the first that is absent. */
typedef struct
{
  GPtrArray *reads;           /* MonthRead, in that order */
  /* The file that takes a new session: the first that is absent or
   * version 1 (%NULL when absent), unless one before it cannot be read. */
  gboolean   found_target;
  MonthRead *target;
  guint      target_sibling;
  MonthRead *blocked;
} MonthFiles;

static void
month_files_clear (MonthFiles *files)
{
  g_clear_pointer (&files->reads, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MonthFiles, month_files_clear)

static void
read_month_files (const char *folder,
                  const char *month,
                  MonthFiles *files)
{
  files->reads = g_ptr_array_new_with_free_func ((GDestroyNotify)month_read_free);

  for (guint sibling = 0; sibling <= MAX_SIBLING; sibling++)
    {
      g_autofree char *name = month_filename (month, sibling);
      MonthRead *read = read_month (folder, name, TRUE);

      if (read->status == MONTH_READ_GONE)
        {
          if (!files->found_target && files->blocked == NULL)
            {
              files->found_target = TRUE;
              files->target_sibling = sibling;
            }
          month_read_free (read);
          break;
        }

      g_ptr_array_add (files->reads, read);
      if (files->found_target || files->blocked != NULL)
        continue;

      if (read->status != MONTH_READ_OK)
        {
          files->blocked = read;
        }
      else if (read->version == FORMAT_VERSION)
        {
          files->found_target = TRUE;
          files->target = read;
          files->target_sibling = sibling;
        }
    }
}

/* Whether a group of the month is named @key, or stands for it: a session
 * kept unread in its file is still there, and writing it again would mix
 * two sessions. */
static gboolean
month_files_hold (MonthFiles *files,
                  const char *key)
{
  for (guint i = 0; files->reads != NULL && i < files->reads->len; i++)
    {
      MonthRead *read = g_ptr_array_index (files->reads, i);

      if (read->names != NULL && g_hash_table_contains (read->names, key))
        return TRUE;
    }

  return FALSE;
}

/* Why a file that cannot be read now is not written: that would write over
 * what it holds. @read is a file a new session would go to, or, with
 * @changing, the file of a session being changed. */
static void
set_unreadable_error (GError    **error,
                      MonthRead  *read,
                      WriteKind   kind,
                      gboolean    changing)
{
  if (g_error_matches (read->error, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
      g_error_matches (read->error, G_FILE_ERROR, G_FILE_ERROR_PERM))
    {
      set_write_error (error, read->error, kind);
      return;
    }

  g_debug ("Not writing %s: %s", read->path,
           read->error != NULL ? read->error->message : "no usable header");
  if (changing)
    /* Translators: a file name such as “2026-11.ini”. */
    g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_WRITE,
                 _("Lull could not change this session: the file %s could not be read again, "
                   "and writing it would lose what it holds. Nothing is lost: check that you "
                   "can read that file, then try again."),
                 read->label);
  else
    /* Translators: a file name such as “2026-11.ini”. */
    g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_WRITE,
                 _("Lull could not save this session: the file %s could not be read, and "
                   "saving would write over it. Nothing is lost: check that you can read "
                   "that file, then save again."),
                 read->label);
}

/* The path of the file that takes a new session of @month; %NULL, with a
 * sentence for the parent, when a file before it cannot be read (it is
 * never written over) or every sibling is taken. */
static char *
month_files_target_path (MonthFiles  *files,
                         const char  *folder,
                         const char  *month,
                         GError     **error)
{
  g_autofree char *name = NULL;

  if (files->blocked != NULL)
    {
      set_unreadable_error (error, files->blocked, WRITE_SAVE, FALSE);
      return NULL;
    }

  if (!files->found_target)
    {
      g_autoptr(GError) local_error = NULL;

      g_set_error_literal (&local_error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                           "Every sibling file of the month is taken");
      set_write_error (error, local_error, WRITE_SAVE);
      return NULL;
    }

  if (files->target != NULL)
    return g_strdup (files->target->path);

  name = month_filename (month, files->target_sibling);
  return g_build_filename (folder, name, NULL);
}

/* Brings the list in line with what was just read of the disk; the
 * problems were told when the history loaded, and a file that cannot be
 * read is not set aside here. */
static void
apply_readable (LullHistory *self,
                GPtrArray   *reads,
                MonthRead   *also,
                guint64      stamp)
{
  g_autoptr(GPtrArray) readable = g_ptr_array_new ();

  for (guint i = 0; reads != NULL && i < reads->len; i++)
    {
      MonthRead *read = g_ptr_array_index (reads, i);

      if (read->status == MONTH_READ_OK)
        g_ptr_array_add (readable, read);
    }

  if (also != NULL && also->status == MONTH_READ_OK)
    g_ptr_array_add (readable, also);

  apply_reads (self, readable, stamp, NULL);
}

static gboolean
write_month_text (const char  *path,
                  const char  *text,
                  gsize        length,
                  GError     **error)
{
  return g_file_set_contents_full (path, text, length, G_FILE_SET_CONTENTS_CONSISTENT,
                                   FILE_MODE, error);
}

/* What was written is what the list holds of the file now. */
static FileMeta *
note_written (LullHistory *self,
              const char  *path,
              guint64      stamp)
{
  FileMeta *meta = remember_file (self, path);
  GStatBuf buf;

  if (g_stat (path, &buf) == 0)
    {
      meta->size = buf.st_size;
      meta->mtime_ns = mtime_ns (&buf);
      meta->inode = buf.st_ino;
    }
  meta->stamp = stamp;

  return meta;
}

/* The session @record stands for, as the list holds it: @record itself,
 * or a record with the same start and values (the history was loaded
 * again since the caller took it). %NULL when the list holds no such
 * session, or another version of it. */
static LullRecord *
find_in_list (LullHistory *self,
              LullRecord  *record)
{
  LullRecord *listed = g_hash_table_lookup (self->by_key, lull_record_get_key (record));
  g_autofree char *listed_text = NULL;
  g_autofree char *record_text_ = NULL;

  if (listed == NULL || listed == record)
    return listed;

  listed_text = record_text (listed);
  record_text_ = record_text (record);

  return g_str_equal (listed_text, record_text_) ? listed : NULL;
}

/* The file the list took @record from. */
static FileMeta *
find_file_of (LullHistory *self,
              LullRecord  *record)
{
  GHashTableIter iter;
  gpointer meta;

  g_hash_table_iter_init (&iter, self->files);
  while (g_hash_table_iter_next (&iter, NULL, &meta))
    {
      if (g_ptr_array_find (((FileMeta *)meta)->records, record, NULL))
        return meta;
    }

  return NULL;
}

/* Puts @new_record in @old_record's place in the list and the tables:
 * one splice when it sorts into the same place. The caller holds a
 * reference to @old_record, whose key the tables use until then. */
static void
replace_in_list (LullHistory *self,
                 LullRecord  *old_record,
                 LullRecord  *new_record)
{
  const char *old_key = lull_record_get_key (old_record);
  const char *new_key = lull_record_get_key (new_record);
  guint old_position, new_position;
  gboolean found;

  old_position = find_position (self, old_key, &found);
  g_assert (found);

  count_day (self->day_counts, old_record, -1);
  count_day (self->day_counts, new_record, +1);
  g_hash_table_remove (self->by_key, old_key);
  g_hash_table_insert (self->by_key, (gpointer)new_key, g_object_ref (new_record));

  /* The list still holds the old record: the new one sorts into its
   * place when it goes just before or just after it. */
  new_position = find_position (self, new_key, &found);
  if (new_position == old_position || new_position == old_position + 1)
    {
      g_list_store_splice (self->records, old_position, 1, (gpointer *)&new_record, 1);
      return;
    }

  g_list_store_remove (self->records, old_position);
  if (new_position > old_position)
    new_position--;
  g_list_store_insert (self->records, new_position, new_record);
}

static void
set_not_found_error (GError **error)
{
  g_set_error_literal (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_NOT_FOUND,
                       _("This session is no longer in the history as it was shown, so Lull "
                         "changed nothing. Look at the history again, then try once more."));
}

/* Why the file a session was read from cannot be written now. */
static void
set_source_error (GError    **error,
                  MonthRead  *source,
                  WriteKind   kind)
{
  if (source->status != MONTH_READ_OK)
    {
      set_unreadable_error (error, source, kind, TRUE);
      return;
    }

  g_debug ("Not changing %s: version %" G_GUINT64_FORMAT, source->path, source->version);
  /* Translators: a file name such as “2026-11.ini”. */
  g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_WRITE,
               _("This session is in %s, which a newer version of Lull wrote, so this "
                 "version leaves it as it is. Use the newer Lull to change it."),
               source->label);
}

/* Puts a file back as it was before a write that has to be undone: its
 * text as read (with the repairs any rewrite makes), or no file. */
static void
undo_write (MonthRead  *before,
            const char *path)
{
  g_autoptr(GError) error = NULL;

  if (before == NULL)
    {
      if (g_unlink (path) != 0)
        g_warning ("Could not remove %s again: %s", path, g_strerror (errno));
    }
  else if (!write_month_text (path, before->text, before->text_length, &error))
    {
      g_warning ("Could not put %s back as it was: %s", path, error->message);
    }
}

/* lull_history_replace() with a @new_record, lull_history_remove() without. */
static gboolean
change_session (LullHistory  *self,
                LullRecord   *old_record,
                LullRecord   *new_record,
                GError      **error)
{
  WriteKind kind = new_record != NULL ? WRITE_SAVE : WRITE_DELETE;
  g_auto(MonthFiles) month_files = { NULL, FALSE, NULL, 0, NULL };
  g_autoptr(MonthRead) own_source = NULL;
  g_autoptr(LullRecord) held = NULL;
  g_autoptr(GPtrArray) unknown_keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) unknown_lines = g_string_new (NULL);
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *source_path = NULL;
  g_autofree char *source_name = NULL;
  g_autofree char *new_month = NULL;
  g_autofree char *target_path = NULL;
  g_autofree char *group = NULL;
  g_autofree char *source_text = NULL;
  g_autofree char *target_text = NULL;
  const char *old_key = lull_record_get_key (old_record);
  const char *new_key = NULL;
  gboolean renaming = FALSE;
  gboolean moving = FALSE;
  gsize source_length = 0, target_length = 0;
  LullRecord *current;
  MonthRead *source = NULL;
  FileMeta *meta;
  guint64 stamp;

  if (new_record != NULL && !lull_record_validate (new_record, error))
    return FALSE;

  current = find_in_list (self, old_record);
  meta = current != NULL ? find_file_of (self, current) : NULL;
  if (meta == NULL)
    {
      set_not_found_error (error);
      return FALSE;
    }

  folder = lull_data_root_build_filename (self->data_root, HISTORY_FOLDER, NULL);
  source_path = g_strdup (meta->path);
  source_name = g_path_get_basename (source_path);
  stamp = ++self->stamp;

  if (new_record != NULL)
    {
      new_key = lull_record_get_key (new_record);
      new_month = month_of_record (new_record);
      renaming = !g_str_equal (new_key, old_key);
      /* The file the session was read from keeps it, unless the new start
       * is in another month (or it was in the wrong month's file). */
      moving = strncmp (source_name, new_month, strlen ("YYYY-MM")) != 0;

      /* A new start must be free in every file of its month. */
      if (renaming || moving)
        read_month_files (folder, new_month, &month_files);
    }

  /* The file is read again first, as for an append: what the list holds
   * of it may be older than the disk. */
  for (guint i = 0; month_files.reads != NULL && i < month_files.reads->len; i++)
    {
      MonthRead *read = g_ptr_array_index (month_files.reads, i);

      if (g_str_equal (read->path, source_path))
        source = read;
    }
  if (source == NULL)
    source = own_source = read_month (folder, source_name, TRUE);

  apply_readable (self, month_files.reads, own_source, stamp);

  /* It may have changed on disk meanwhile: then the parent's edit was
   * made to a session that is no longer there. */
  current = find_in_list (self, old_record);
  meta = g_hash_table_lookup (self->files, source_path);
  if (current == NULL || meta == NULL || !g_ptr_array_find (meta->records, current, NULL))
    {
      set_not_found_error (error);
      return FALSE;
    }

  if ((renaming && g_hash_table_contains (self->by_key, new_key)) ||
      ((renaming || moving) && month_files_hold (&month_files, new_key)))
    {
      set_duplicate_error (error, new_record);
      return FALSE;
    }

  if (source->status != MONTH_READ_OK || source->version != FORMAT_VERSION)
    {
      set_source_error (error, source, kind);
      return FALSE;
    }

  if (moving)
    {
      target_path = month_files_target_path (&month_files, folder, new_month, error);
      if (target_path == NULL)
        return FALSE;
    }

  lines = split_session_lines (source, old_key, unknown_keys, unknown_lines);
  if (lines == NULL)
    {
      set_not_found_error (error);
      return FALSE;
    }

  if (new_record == NULL)
    {
      source_text = text_with_session_changed (source, lines, NULL, NULL, &source_length);
    }
  else if (!moving)
    {
      group = session_group_text (new_record, unknown_keys, NULL);
      source_text = text_with_session_changed (source, lines, group, new_key, &source_length);
    }
  else
    {
      group = session_group_text (new_record, unknown_keys, unknown_lines);
      target_text = text_with_group (month_files.target, group, &target_length);
      source_text = text_with_session_changed (source, lines, NULL, NULL, &source_length);
    }

  /* Into the new month before out of the old one, and the first write
   * undone if the second fails: at worst the session is in both files,
   * never in neither. */
  if (target_text != NULL &&
      !write_month_text (target_path, target_text, target_length, &local_error))
    {
      set_write_error (error, local_error, kind);
      return FALSE;
    }

  if (!write_month_text (source_path, source_text, source_length, &local_error))
    {
      if (target_text != NULL)
        undo_write (month_files.target, target_path);
      set_write_error (error, local_error, kind);
      return FALSE;
    }

  held = g_object_ref (current);
  meta = note_written (self, source_path, stamp);
  g_ptr_array_remove (meta->records, current);
  if (new_record == NULL)
    {
      g_autoptr(GPtrArray) gone = g_ptr_array_new ();

      g_ptr_array_add (gone, current);
      forget_records (self, gone);
      return TRUE;
    }

  if (target_text != NULL)
    meta = note_written (self, target_path, stamp);
  g_ptr_array_add (meta->records, g_object_ref (new_record));
  replace_in_list (self, current, new_record);

  return TRUE;
}

static GHashTable *
new_files_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)file_meta_free);
}

static void
lull_history_dispose (GObject *object)
{
  LullHistory *self = (LullHistory *)object;

  g_clear_pointer (&self->files, g_hash_table_unref);
  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_object (&self->records);
  g_clear_object (&self->data_root);

  G_OBJECT_CLASS (lull_history_parent_class)->dispose (object);
}

static void
lull_history_finalize (GObject *object)
{
  LullHistory *self = (LullHistory *)object;

  g_clear_pointer (&self->day_counts, g_hash_table_unref);
  g_clear_pointer (&self->current_months, g_hash_table_unref);

  G_OBJECT_CLASS (lull_history_parent_class)->finalize (object);
}

static void
lull_history_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LullHistory *self = LULL_HISTORY (object);

  switch (prop_id)
    {
    case PROP_DATA_ROOT:
      g_value_set_object (value, self->data_root);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, lull_history_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_history_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LullHistory *self = LULL_HISTORY (object);

  switch (prop_id)
    {
    case PROP_DATA_ROOT:
      self->data_root = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_history_class_init (LullHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lull_history_dispose;
  object_class->finalize = lull_history_finalize;
  object_class->get_property = lull_history_get_property;
  object_class->set_property = lull_history_set_property;

  properties[PROP_DATA_ROOT] =
    g_param_spec_object ("data-root", NULL, NULL,
                         LULL_TYPE_DATA_ROOT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* From lull_history_load_async() until its records are in the list. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lull_history_init (LullHistory *self)
{
  self->records = g_list_store_new (LULL_TYPE_RECORD);
  self->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->day_counts = g_hash_table_new (NULL, NULL);
  self->files = new_files_table ();
  self->current_months = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LoadJob *job = task_data;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) reads = NULL;
  GError *error = NULL;

  names = list_month_files (job->folder, NULL, job->skip_months, &error);
  if (names == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  reads = read_months (job->folder, names, cancellable);
  if (reads == NULL)
    {
      g_task_return_error_if_cancelled (task);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&reads), (GDestroyNotify)g_ptr_array_unref);
}

/* Back on the main thread: the list changes only here. */
static void
on_loaded (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LullHistory *self = g_task_get_source_object (task);
  LoadJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) reads = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  GError *error = NULL;

  reads = g_task_propagate_pointer (G_TASK (result), &error);
  if (reads == NULL)
    {
      set_loading (self, FALSE);
      g_task_return_error (task, error);
      return;
    }

  problems = g_ptr_array_new_with_free_func (g_free);
  apply_reads (self, reads, job->stamp, problems);
  set_loading (self, FALSE);

  g_task_return_pointer (task, g_steal_pointer (&problems), (GDestroyNotify)g_ptr_array_unref);
}

LullHistory *
lull_history_new (LullDataRoot *data_root)
{
  g_return_val_if_fail (LULL_IS_DATA_ROOT (data_root), NULL);

  return g_object_new (LULL_TYPE_HISTORY,
                       "data-root", data_root,
                       NULL);
}

/**
 * lull_history_get_loading:
 *
 * Returns: whether lull_history_load_async() is still reading
 */
gboolean
lull_history_get_loading (LullHistory *self)
{
  g_return_val_if_fail (LULL_IS_HISTORY (self), FALSE);

  return self->n_loading > 0;
}

/**
 * lull_history_load:
 * @problems: (nullable) (element-type utf8): where to add one translated
 *   sentence per problem, for the parent; the array should free its
 *   strings with g_free()
 *
 * (Re)reads every `history/YYYY-MM.ini` and `YYYY-MM.N.ini`, replacing
 * what the list held. What cannot be read is left out and told, naming
 * the file, the session and the key: a value, a session, a line. A file
 * that is not a regular file is told and left alone; one with no usable
 * `[Lull History]` header is moved to `quarantine/`. Either way the other
 * sessions load. No history folder is an empty history.
 *
 * Returns: %FALSE only when the history folder cannot be read
 */
gboolean
lull_history_load (LullHistory  *self,
                   GPtrArray    *problems,
                   GError      **error)
{
  g_autofree char *folder = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) reads = NULL;
  guint n_items;

  g_return_val_if_fail (LULL_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  folder = lull_data_root_build_filename (self->data_root, HISTORY_FOLDER, NULL);
  names = list_month_files (folder, NULL, NULL, error);
  if (names == NULL)
    return FALSE;

  reads = read_months (folder, names, NULL);

  /* Start afresh, then one splice: inserting one by one would signal the
   * list for every session of years of history. */
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->records));
  g_hash_table_remove_all (self->files);
  g_hash_table_remove_all (self->by_key);
  g_hash_table_remove_all (self->day_counts);
  g_hash_table_remove_all (self->current_months);
  g_list_store_splice (self->records, 0, n_items, NULL, 0);

  apply_reads (self, reads, ++self->stamp, problems);

  return TRUE;
}

/**
 * lull_history_load_current:
 * @now: the time now, in the parent's zone
 * @problems: (nullable) (element-type utf8): as for lull_history_load()
 *
 * Reads only the file(s) of @now's month, quickly, so that the first
 * window can show today; lull_history_load_async() then reads the rest and
 * leaves that month alone. Records already in the list stay.
 */
void
lull_history_load_current (LullHistory *self,
                           GDateTime   *now,
                           GPtrArray   *problems)
{
  g_autofree char *folder = NULL;
  g_autofree char *month = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) reads = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LULL_IS_HISTORY (self));
  g_return_if_fail (now != NULL);

  folder = lull_data_root_build_filename (self->data_root, HISTORY_FOLDER, NULL);
  month = month_of_date (g_date_time_get_year (now), g_date_time_get_month (now));
  names = list_month_files (folder, month, NULL, &error);
  if (names == NULL)
    {
      add_problem (problems, g_strdup (error->message));
      return;
    }

  reads = read_months (folder, names, NULL);
  apply_reads (self, reads, ++self->stamp, problems);
  g_hash_table_add (self->current_months, g_steal_pointer (&month));
}

/**
 * lull_history_load_async:
 * @cancellable: (nullable): to stop reading
 * @callback: called on this thread once the records are in the list
 *
 * Reads every month but those lull_history_load_current() read, in a
 * worker thread that touches nothing of the history; the records then go
 * into the list here, in order, leaving out any already there (a session
 * appended meanwhile, say). #LullHistory:loading is %TRUE until then.
 */
void
lull_history_load_async (LullHistory         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  LoadJob *job;
  GHashTableIter iter;
  gpointer month;

  g_return_if_fail (LULL_IS_HISTORY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lull_history_load_async);

  job = g_new0 (LoadJob, 1);
  job->folder = lull_data_root_build_filename (self->data_root, HISTORY_FOLDER, NULL);
  job->skip_months = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_iter_init (&iter, self->current_months);
  while (g_hash_table_iter_next (&iter, &month, NULL))
    g_hash_table_add (job->skip_months, g_strdup (month));
  job->stamp = ++self->stamp;

  set_loading (self, TRUE);

  /* The worker's task has no source object: the thread may drop it last,
   * and must not hold the history then. */
  worker = g_task_new (NULL, cancellable, on_loaded, g_steal_pointer (&task));
  g_task_set_source_tag (worker, lull_history_load_async);
  g_task_set_task_data (worker, job, (GDestroyNotify)load_job_free);
  g_task_run_in_thread (worker, load_in_thread);
}

/**
 * lull_history_load_finish:
 * @problems: (out) (optional) (transfer full) (element-type utf8): one
 *   sentence per problem, as for lull_history_load(); %NULL on failure
 *
 * Returns: %FALSE when the history folder could not be read, or the load
 *   was cancelled
 */
gboolean
lull_history_load_finish (LullHistory   *self,
                          GAsyncResult  *result,
                          GPtrArray    **problems,
                          GError       **error)
{
  GPtrArray *found;

  g_return_val_if_fail (LULL_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  found = g_task_propagate_pointer (G_TASK (result), error);
  if (problems != NULL)
    *problems = found;
  else if (found != NULL)
    g_ptr_array_unref (found);

  return found != NULL;
}

/**
 * lull_history_get_records:
 *
 * Returns: (transfer none): a list model of #LullRecord, oldest first
 */
GListModel *
lull_history_get_records (LullHistory *self)
{
  g_return_val_if_fail (LULL_IS_HISTORY (self), NULL);

  return G_LIST_MODEL (self->records);
}

/**
 * lull_history_append:
 * @record: a finished session
 *
 * Validates the record (%LULL_HISTORY_ERROR_INVALID), refuses one whose
 * start is already in the history or in its month's files
 * (%LULL_HISTORY_ERROR_DUPLICATE), and adds it to its month file,
 * atomically, 0600. The file is read again first, so this works whatever
 * was loaded, also while lull_history_load_async() runs: what the list
 * holds of that month is brought up to date with it. A file written by a
 * newer Lull is never changed: the session goes to the first of
 * `YYYY-MM.1.ini`, `YYYY-MM.2.ini`… that is absent or version 1. A file
 * that cannot be read is never written over (%LULL_HISTORY_ERROR_WRITE).
 * If the disk says no (%LULL_HISTORY_ERROR_WRITE), the file is as it was
 * and the session is not in the list. Every error is a sentence for the
 * parent.
 */
gboolean
lull_history_append (LullHistory  *self,
                     LullRecord   *record,
                     GError      **error)
{
  g_auto(MonthFiles) month_files = { NULL, FALSE, NULL, 0, NULL };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autofree char *month = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *group = NULL;
  g_autofree char *contents = NULL;
  guint64 stamp;
  const char *key;
  FileMeta *meta;
  gsize length;

  g_return_val_if_fail (LULL_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (LULL_IS_RECORD (record), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lull_record_validate (record, error))
    return FALSE;

  key = lull_record_get_key (record);
  if (g_hash_table_contains (self->by_key, key))
    {
      set_duplicate_error (error, record);
      return FALSE;
    }

  if (!lull_data_root_ensure_folder (self->data_root, HISTORY_FOLDER, &local_error))
    {
      set_write_error (error, local_error, WRITE_SAVE);
      return FALSE;
    }

  month = month_of_record (record);
  folder = lull_data_root_build_filename (self->data_root, HISTORY_FOLDER, NULL);
  stamp = ++self->stamp;

  /* Every file of the month, to look for the session in each; the first
   * that is absent or version 1 takes it. What was read is what the disk
   * holds now: the list follows it. */
  read_month_files (folder, month, &month_files);
  apply_readable (self, month_files.reads, NULL, stamp);

  if (month_files_hold (&month_files, key) || g_hash_table_contains (self->by_key, key))
    {
      set_duplicate_error (error, record);
      return FALSE;
    }

  path = month_files_target_path (&month_files, folder, month, error);
  if (path == NULL)
    return FALSE;

  group = record_text (record);
  contents = text_with_group (month_files.target, group, &length);
  if (!write_month_text (path, contents, length, &local_error))
    {
      set_write_error (error, local_error, WRITE_SAVE);
      return FALSE;
    }

  meta = note_written (self, path, stamp);
  g_hash_table_insert (self->by_key, (gpointer)key, g_object_ref (record));
  count_day (self->day_counts, record, +1);
  g_ptr_array_add (meta->records, g_object_ref (record));
  added = g_ptr_array_new ();
  g_ptr_array_add (added, record);
  insert_records (self, added);

  return TRUE;
}

/* One month's part of lull_history_append_all(): @records, all of
 * @month, go into its file in one write. */
static gboolean
append_month (LullHistory  *self,
              const char   *folder,
              const char   *month,
              GPtrArray    *records,
              guint        *n_added,
              guint        *n_present,
              GError      **error)
{
  g_auto(MonthFiles) month_files = { NULL, FALSE, NULL, 0, NULL };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  g_autoptr(GString) groups = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  guint64 stamp = ++self->stamp;
  FileMeta *meta;
  gsize length;

  read_month_files (folder, month, &month_files);
  apply_readable (self, month_files.reads, NULL, stamp);

  sort_by_key (records);
  for (guint i = 0; i < records->len; i++)
    {
      LullRecord *record = g_ptr_array_index (records, i);
      const char *key = lull_record_get_key (record);
      g_autofree char *group = NULL;

      /* Sorted, so a session given twice follows itself. */
      if (month_files_hold (&month_files, key) || g_hash_table_contains (self->by_key, key)
          || (added->len > 0
              && g_str_equal (lull_record_get_key (g_ptr_array_index (added, added->len - 1)), key)))
        {
          (*n_present)++;
          continue;
        }

      /* As lull_history_append() writes each: a blank line, the group. */
      group = record_text (record);
      if (groups->len > 0)
        g_string_append_c (groups, '\n');
      g_string_append (groups, group);
      g_ptr_array_add (added, record);
    }

  if (added->len == 0)
    return TRUE;

  path = month_files_target_path (&month_files, folder, month, error);
  if (path == NULL)
    return FALSE;

  contents = text_with_group (month_files.target, groups->str, &length);
  if (!write_month_text (path, contents, length, &local_error))
    {
      set_write_error (error, local_error, WRITE_SAVE);
      return FALSE;
    }

  meta = note_written (self, path, stamp);
  for (guint i = 0; i < added->len; i++)
    {
      LullRecord *record = g_ptr_array_index (added, i);

      g_hash_table_insert (self->by_key, (gpointer)lull_record_get_key (record),
                           g_object_ref (record));
      count_day (self->day_counts, record, +1);
      g_ptr_array_add (meta->records, g_object_ref (record));
    }
  insert_records (self, added);
  *n_added += added->len;

  return TRUE;
}

gboolean
lull_history_has_key (LullHistory *self,
                      const char  *key)
{
  g_return_val_if_fail (LULL_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return g_hash_table_contains (self->by_key, key);
}

/**
 * lull_history_append_all:
 * @records: (element-type LullRecord): sessions to add, in any order
 * @n_added: (out) (optional): how many were added
 * @n_present: (out) (optional): how many were already there, or given
 *   twice (the same start, whatever its offset)
 *
 * Adds many sessions, as lull_history_append() would one by one, with one
 * write for each month: for an import. Each record must be valid
 * (lull_record_validate()); an invalid one fails the whole call
 * (%LULL_HISTORY_ERROR_INVALID) before anything is written. A month that
 * cannot be written stops the call there (%LULL_HISTORY_ERROR_WRITE):
 * its file is as it was, and the months written before it stay, each
 * with all its new sessions. Every error is a sentence for the parent.
 */
gboolean
lull_history_append_all (LullHistory  *self,
                         GPtrArray    *records,
                         guint        *n_added,
                         guint        *n_present,
                         GError      **error)
{
  g_autoptr(GHashTable) months = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GPtrArray) month_names = g_ptr_array_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *folder = NULL;
  guint added = 0, present = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (LULL_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < records->len; i++)
    {
      LullRecord *record = g_ptr_array_index (records, i);
      g_autofree char *month = NULL;
      GPtrArray *of_month;

      if (!lull_record_validate (record, error))
        return FALSE;

      month = month_of_record (record);
      of_month = g_hash_table_lookup (months, month);
      if (of_month == NULL)
        {
          of_month = g_ptr_array_new ();
          g_ptr_array_add (month_names, month);
          g_hash_table_insert (months, g_steal_pointer (&month), of_month);
        }
      g_ptr_array_add (of_month, record);
    }

  if (records->len > 0
      && !lull_data_root_ensure_folder (self->data_root, HISTORY_FOLDER, &local_error))
    {
      set_write_error (error, local_error, WRITE_SAVE);
      return FALSE;
    }

  folder = lull_data_root_build_filename (self->data_root, HISTORY_FOLDER, NULL);
  g_ptr_array_sort (month_names, compare_strings);
  for (guint i = 0; ok && i < month_names->len; i++)
    {
      const char *month = g_ptr_array_index (month_names, i);

      ok = append_month (self, folder, month, g_hash_table_lookup (months, month),
                         &added, &present, error);
    }

  if (n_added != NULL)
    *n_added = added;
  if (n_present != NULL)
    *n_present = present;

  return ok;
}

/**
 * lull_history_replace:
 * @old_record: a session in the history, as the list holds it
 * @new_record: its edited copy (see lull_record_copy()), not in the list
 *
 * Saves an edit of a session: any value may change, the start too. The
 * file the session was read from is read again and rewritten atomically
 * (0600) with the session's group changed in place and every other byte
 * kept: other sessions, unknown groups, comments, and the session's own
 * keys that this version does not know. A session whose new start is in
 * another month moves: it is added to that month's file (as by
 * lull_history_append()) and then taken out of its old file; should the
 * second write fail, the first is undone. No other file is touched.
 *
 * The new record is validated (%LULL_HISTORY_ERROR_INVALID); a new start
 * already in the history is refused (%LULL_HISTORY_ERROR_DUPLICATE); a
 * session no longer in the list or its file as @old_record has it, say
 * because the file was changed by hand, is left alone
 * (%LULL_HISTORY_ERROR_NOT_FOUND). A file written by a newer Lull, or
 * that cannot be read now, is never written
 * (%LULL_HISTORY_ERROR_WRITE), nor is a disk that says no. On failure the
 * files and the list are as they were. Every error is a sentence for the
 * parent.
 *
 * On success @new_record takes @old_record's place in the list, with
 * #GListModel::items-changed.
 */
gboolean
lull_history_replace (LullHistory  *self,
                      LullRecord   *old_record,
                      LullRecord   *new_record,
                      GError      **error)
{
  g_return_val_if_fail (LULL_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (LULL_IS_RECORD (old_record), FALSE);
  g_return_val_if_fail (LULL_IS_RECORD (new_record), FALSE);
  g_return_val_if_fail (old_record != new_record, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return change_session (self, old_record, new_record, error);
}

/**
 * lull_history_remove:
 * @record: a session in the history, as the list holds it
 *
 * Deletes a session: its month file is read again and rewritten
 * atomically (0600) without the session's group, every other byte kept
 * (comments in the group too). A month's last session leaves its file
 * behind, with the header and anything else it held. The errors are
 * those of lull_history_replace(), and on failure the file and the list
 * are as they were.
 *
 * To undo, hand the same record to lull_history_append(): it goes back to
 * its month's file with the keys it had that this version does not know.
 */
gboolean
lull_history_remove (LullHistory  *self,
                     LullRecord   *record,
                     GError      **error)
{
  g_return_val_if_fail (LULL_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (LULL_IS_RECORD (record), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return change_session (self, record, NULL, error);
}

/**
 * lull_history_count_on_date:
 * @local_date: a valid date
 *
 * Returns: how many sessions started on @local_date, each by the local
 *   time it was recorded in
 */
guint
lull_history_count_on_date (LullHistory *self,
                            const GDate *local_date)
{
  g_return_val_if_fail (LULL_IS_HISTORY (self), 0);
  g_return_val_if_fail (local_date != NULL && g_date_valid (local_date), 0);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->day_counts,
                                                GUINT_TO_POINTER (g_date_get_julian (local_date))));
}
