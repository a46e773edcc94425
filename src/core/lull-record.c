/* lull-record.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "lull-history.h"
#include "lull-record.h"
#include "lull-step.h"

/* One finished session, exactly as one group of a history file holds it
 * (design.md, "History file format (version 1)"). The file is a contract
 * with the exporter, the statistics and outside tools, so this class reads
 * what the contract allows and writes exactly the contract's shape, and a
 * key it does not know travels through untouched: a newer Lull may have
 * written it.
 *
 * lull_record_new_from_keyfile() only checks that each value has the
 * right type; whether the values make sense is lull_record_validate()'s
 * job, so that an importer can tell "unreadable" from "out of range". The
 * history reads with lull_record_new_from_fields(), which keeps what it can
 * of a damaged session and says what it left out. Both kinds of error are
 * in the history's domain because the history is where a parent meets
 * them. */

#define KEY_START        "start"
#define KEY_PRIME        "prime-seconds"
#define KEY_PUMP         "pump-seconds"
#define KEY_LETDOWNS     "letdowns"
#define KEY_VOLUME       "volume-ml"
#define KEY_VOLUME_LEFT  "volume-left-ml"
#define KEY_VOLUME_RIGHT "volume-right-ml"
#define KEY_EASE         "ease"
#define KEY_CALM_BEFORE  "calm-before"
#define KEY_CALM_AFTER   "calm-after"
#define KEY_ROUTINE      "routine"
#define KEY_PLACE        "place"
#define KEY_CUES         "cues"
#define KEY_AUDIO        "audio"
#define KEY_NOTES        "notes"

#define SCORE_MIN 1
#define SCORE_MAX 5

/* "YYYY-MM-DDTHH:MM:SSZ" and its NUL: GDateTime has no year past 9999. */
#define KEY_SIZE  21

struct _LullRecord
{
  GObject    parent_instance;

  GDateTime *start;
  char       key[KEY_SIZE];
  GDate      local_date;

  guint      prime_seconds;
  guint      pump_seconds;
  GArray    *letdowns;

  int        volume_ml;
  int        volume_left_ml;
  int        volume_right_ml;
  int        ease;
  int        calm_before;
  int        calm_after;

  /* Routines, places, sounds and cues come back session after session,
   * so these are interned GRefStrings, one copy each for years of
   * history; the notes are plain strings. */
  char      *routine;
  char      *place;
  GStrv      cues;
  char      *audio;
  char      *notes;

  /* Keys this version does not know, with their raw (still escaped)
   * values, in the order the file had them; NULL until there is one, as
   * for nearly every session. */
  GPtrArray *extra_keys;
  GPtrArray *extra_values;
};

G_DEFINE_FINAL_TYPE (LullRecord, lull_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_START,
  PROP_PRIME_SECONDS,
  PROP_PUMP_SECONDS,
  PROP_LETDOWNS,
  PROP_VOLUME_ML,
  PROP_VOLUME_LEFT_ML,
  PROP_VOLUME_RIGHT_ML,
  PROP_EASE,
  PROP_CALM_BEFORE,
  PROP_CALM_AFTER,
  PROP_ROUTINE,
  PROP_PLACE,
  PROP_CUES,
  PROP_AUDIO,
  PROP_NOTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_fixed_offset (GDateTime *time)
{
  const char *identifier = g_time_zone_get_identifier (g_date_time_get_timezone (time));

  /* What g_date_time_new_from_iso8601() and g_time_zone_new_offset() make:
   * "+01:00", "-05:00" or "UTC". Named zones start with a letter. */
  return identifier[0] == '+' || identifier[0] == '-' || g_str_equal (identifier, "UTC");
}

static GDateTime *
normalise_start (GDateTime *start)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) whole = NULL;
  gint64 offset_minutes;

  /* The file holds whole seconds and an offset in whole minutes (all that
   * ISO 8601 can write), so the record keeps exactly what a reload gives
   * back. A fixed offset, not the zone's rules, is what "the offset the
   * record was created with" means: the local date must never move when
   * the rules or the computer's zone change. */
  if (g_date_time_get_microsecond (start) == 0 &&
      g_date_time_get_utc_offset (start) % G_TIME_SPAN_MINUTE == 0 &&
      is_fixed_offset (start))
    return g_date_time_ref (start);

  offset_minutes = g_date_time_get_utc_offset (start) / G_TIME_SPAN_MINUTE;
  zone = g_time_zone_new_offset ((gint32)(offset_minutes * 60));
  whole = g_date_time_add (start, -(GTimeSpan)g_date_time_get_microsecond (start));

  return g_date_time_to_timezone (whole, zone);
}

static void
format_key (GDateTime *start,
            char       key[KEY_SIZE])
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (start);
  int year, month, day;

  g_date_time_get_ymd (utc, &year, &month, &day);
  g_snprintf (key, KEY_SIZE, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day,
              g_date_time_get_hour (utc), g_date_time_get_minute (utc),
              g_date_time_get_second (utc));
}

static char *
format_local (GDateTime *start)
{
  GTimeSpan offset = g_date_time_get_utc_offset (start);
  gint64 offset_minutes = ABS (offset) / G_TIME_SPAN_MINUTE;
  int year, month, day;

  /* %Y would not pad a year before 1000, and ISO 8601 needs four digits. */
  g_date_time_get_ymd (start, &year, &month, &day);

  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", year, month, day,
                          g_date_time_get_hour (start), g_date_time_get_minute (start),
                          g_date_time_get_second (start), offset < 0 ? '-' : '+',
                          (int)(offset_minutes / 60), (int)(offset_minutes % 60));
}

static gboolean
start_in_range (GDateTime *start)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (start);

  /* GDateTime covers the years 1 to 9999, so a start at the very edge may
   * have no UTC time, and then no key. */
  return utc != NULL;
}

static void
release_shared (char *text)
{
  if (text != NULL)
    g_ref_string_release (text);
}

static void
free_cues (GStrv cues)
{
  if (cues == NULL)
    return;

  for (guint i = 0; cues[i] != NULL; i++)
    g_ref_string_release (cues[i]);
  g_free (cues);
}

static gboolean
set_string_field (LullRecord  *self,
                  char       **field,
                  const char  *value,
                  gboolean     shared,
                  guint        prop_id)
{
  /* An empty answer and no answer are the same thing to the history. */
  if (value != NULL && value[0] == '\0')
    value = NULL;

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  if (shared)
    {
      release_shared (*field);
      *field = value != NULL ? g_ref_string_new_intern (value) : NULL;
    }
  else
    {
      g_free (*field);
      *field = g_strdup (value);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);

  return TRUE;
}

static void
set_int_field (LullRecord *self,
               int        *field,
               int         value,
               guint       prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static gboolean
score_is_valid (int score)
{
  return score == LULL_RECORD_NO_VALUE || (score >= SCORE_MIN && score <= SCORE_MAX);
}

static gboolean
side_is_valid (int ml)
{
  return ml >= 0 && ml <= LULL_RECORD_MAX_SIDE_ML;
}

static void
set_optional_int (GKeyFile   *keyfile,
                  const char *group,
                  const char *key,
                  int         value)
{
  /* Unknown is written as no key at all, never as a special number. */
  if (value == LULL_RECORD_NO_VALUE)
    g_key_file_remove_key (keyfile, group, key, NULL);
  else
    g_key_file_set_integer (keyfile, group, key, value);
}

static void
set_optional_string (GKeyFile   *keyfile,
                     const char *group,
                     const char *key,
                     const char *value)
{
  if (value == NULL)
    g_key_file_remove_key (keyfile, group, key, NULL);
  else
    g_key_file_set_string (keyfile, group, key, value);
}

static void
set_letdowns (GKeyFile   *keyfile,
              const char *group,
              GArray     *letdowns)
{
  g_autoptr(GString) text = NULL;

  if (letdowns->len == 0)
    {
      g_key_file_remove_key (keyfile, group, KEY_LETDOWNS, NULL);
      return;
    }

  /* g_key_file_set_integer_list() ends the list with a separator; the
   * format, and the tools that split on ';', have none. */
  text = g_string_new (NULL);
  for (guint i = 0; i < letdowns->len; i++)
    g_string_append_printf (text, "%s%u", i > 0 ? ";" : "", g_array_index (letdowns, guint, i));

  g_key_file_set_value (keyfile, group, KEY_LETDOWNS, text->str);
}

static void
set_cues (GKeyFile   *keyfile,
          const char *group,
          GStrv       cues)
{
  g_autofree char *raw = NULL;
  gsize length;

  if (cues == NULL)
    {
      g_key_file_remove_key (keyfile, group, KEY_CUES, NULL);
      return;
    }

  /* Let GKeyFile escape each cue (a ';' or a newline inside one), then
   * drop the separator it always puts after the last item, which the
   * format does not have. The last character is always that separator: a
   * ';' inside a cue is written as "\;". */
  g_key_file_set_string_list (keyfile, group, KEY_CUES,
                              (const char * const *)cues, g_strv_length (cues));
  raw = g_key_file_get_value (keyfile, group, KEY_CUES, NULL);
  length = strlen (raw);
  if (length > 0 && raw[length - 1] == ';')
    {
      raw[length - 1] = '\0';
      g_key_file_set_value (keyfile, group, KEY_CUES, raw);
    }
}

/* Reading. A session comes in as its group name and its keys with their
 * raw (still escaped) values, in file order: from a GKeyFile for
 * lull_record_new_from_keyfile(), straight from the month file's text for
 * the history. Years of history are read at every start, so the common
 * shapes are read by hand: a switch on the key's first letter instead of a
 * chain of comparisons, starts in the one form Lull writes without the
 * general ISO 8601 parser, one pass per list.
 *
 * The history's reader (a file name is given) keeps every session it can
 * place in time: a value it cannot read or that is out of range is left
 * out, or brought within its limit, with a sentence for the parent naming
 * the file, the session and the key. The strict reader (no file name)
 * fails on the first value it cannot read and leaves ranges to
 * lull_record_validate(). */

typedef enum
{
  FIELD_START,
  FIELD_PRIME,
  FIELD_PUMP,
  FIELD_LETDOWNS,
  FIELD_VOLUME,
  FIELD_VOLUME_LEFT,
  FIELD_VOLUME_RIGHT,
  FIELD_EASE,
  FIELD_CALM_BEFORE,
  FIELD_CALM_AFTER,
  FIELD_ROUTINE,
  FIELD_PLACE,
  FIELD_CUES,
  FIELD_AUDIO,
  FIELD_NOTES,
  N_FIELDS
} Field;

static const char * const field_keys[N_FIELDS] = {
  KEY_START, KEY_PRIME, KEY_PUMP, KEY_LETDOWNS, KEY_VOLUME, KEY_VOLUME_LEFT,
  KEY_VOLUME_RIGHT, KEY_EASE, KEY_CALM_BEFORE, KEY_CALM_AFTER, KEY_ROUTINE,
  KEY_PLACE, KEY_CUES, KEY_AUDIO, KEY_NOTES,
};

/* The earliest and latest moments GDateTime can hold, in Unix seconds
 * (0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z). */
#define UNIX_MIN G_GINT64_CONSTANT (-62135596800)
#define UNIX_MAX G_GINT64_CONSTANT (253402300799)

/* The longest raw value quoted back to the parent. */
#define SHOWN_VALUE_CHARS 40

typedef struct
{
  const char  *group;
  /* The month file's display name; NULL for the strict reader. */
  const char  *file;
  GPtrArray   *problems;
  GError     **error;
} Reader;

/* A start as "YYYY-MM-DDTHH:MM:SS" and an offset in minutes east of UTC. */
typedef struct
{
  int year;
  int month;
  int day;
  int hour;
  int minute;
  int second;
  int offset;
} Stamp;

static Field
classify_key (const char *key)
{
  switch (key[0])
    {
    case 'a':
      if (strcmp (key, KEY_AUDIO) == 0)
        return FIELD_AUDIO;
      break;

    case 'c':
      if (strcmp (key, KEY_CUES) == 0)
        return FIELD_CUES;
      if (strcmp (key, KEY_CALM_BEFORE) == 0)
        return FIELD_CALM_BEFORE;
      if (strcmp (key, KEY_CALM_AFTER) == 0)
        return FIELD_CALM_AFTER;
      break;

    case 'e':
      if (strcmp (key, KEY_EASE) == 0)
        return FIELD_EASE;
      break;

    case 'l':
      if (strcmp (key, KEY_LETDOWNS) == 0)
        return FIELD_LETDOWNS;
      break;

    case 'n':
      if (strcmp (key, KEY_NOTES) == 0)
        return FIELD_NOTES;
      break;

    case 'p':
      if (strcmp (key, KEY_PUMP) == 0)
        return FIELD_PUMP;
      if (strcmp (key, KEY_PRIME) == 0)
        return FIELD_PRIME;
      if (strcmp (key, KEY_PLACE) == 0)
        return FIELD_PLACE;
      break;

    case 'r':
      if (strcmp (key, KEY_ROUTINE) == 0)
        return FIELD_ROUTINE;
      break;

    case 's':
      if (strcmp (key, KEY_START) == 0)
        return FIELD_START;
      break;

    case 'v':
      if (strcmp (key, KEY_VOLUME) == 0)
        return FIELD_VOLUME;
      if (strcmp (key, KEY_VOLUME_LEFT) == 0)
        return FIELD_VOLUME_LEFT;
      if (strcmp (key, KEY_VOLUME_RIGHT) == 0)
        return FIELD_VOLUME_RIGHT;
      break;

    default:
      break;
    }

  return N_FIELDS;
}

static gboolean
is_blank (const char *text,
          const char *end)
{
  for (; text < end; text++)
    {
      if (!g_ascii_isspace (*text))
        return FALSE;
    }

  return TRUE;
}

/* A decimal number between @text and @end with nothing but spaces around
 * it, and a sign only when @is_signed: what g_ascii_string_to_signed() and
 * _unsigned() accept once the value is stripped. */
static gboolean
parse_decimal (const char *text,
               const char *end,
               gboolean    is_signed,
               gint64     *out)
{
  gboolean negative = FALSE;
  gint64 number = 0;
  guint digits = 0;

  while (text < end && g_ascii_isspace (*text))
    text++;
  while (end > text && g_ascii_isspace (end[-1]))
    end--;

  if (is_signed && text < end && (*text == '-' || *text == '+'))
    {
      negative = *text == '-';
      text++;
    }

  if (text == end)
    return FALSE;

  for (; text < end; text++)
    {
      if (!g_ascii_isdigit (*text))
        return FALSE;

      /* Leading zeros are fine; eighteen digits more than any value here
       * may have, and cannot overflow. */
      if (number != 0 || *text != '0')
        digits++;
      if (digits > 18)
        return FALSE;
      number = number * 10 + (*text - '0');
    }

  *out = negative ? -number : number;
  return TRUE;
}

static char *
shorten (const char *raw)
{
  g_autofree char *head = NULL;
  const char *cut;

  if (!g_utf8_validate (raw, -1, NULL))
    return g_utf8_make_valid (raw, -1);

  if (g_utf8_strlen (raw, -1) <= SHOWN_VALUE_CHARS)
    return g_strdup (raw);

  cut = g_utf8_offset_to_pointer (raw, SHOWN_VALUE_CHARS);
  head = g_strndup (raw, cut - raw);
  return g_strconcat (head, "…", NULL);
}

static void
add_problem (Reader *reader,
             char   *sentence)
{
  if (reader->problems != NULL)
    g_ptr_array_add (reader->problems, sentence);
  else
    g_free (sentence);
}

/* Returns whether to go on without the value. */
static gboolean
value_unreadable (Reader     *reader,
                  Field       field,
                  const char *raw)
{
  g_autofree char *shown = NULL;

  if (reader->file == NULL)
    {
      /* Translators: the first %s names a session by its start in UTC, as
       * in “2026-11-23T10:15:02Z”; then come a key and its value as the file
       * has them. */
      g_set_error (reader->error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED,
                   _("The session “%s” has a value Lull cannot read: %s=%s."),
                   reader->group, field_keys[field], raw);
      return FALSE;
    }

  shown = shorten (raw);
  /* Translators: a key of the history file, a session's name (its start
   * in UTC), a file name such as “2026-11.ini” and the value as written. */
  add_problem (reader,
               g_strdup_printf (_("Lull could not read “%s” in the session “%s” in %s (“%s”), "
                                  "so it shows the session without that value."),
                                field_keys[field], reader->group, reader->file, shown));
  return TRUE;
}

static gboolean
read_unsigned (Reader     *reader,
               Field       field,
               const char *raw,
               guint      *out)
{
  const char *end = raw + strlen (raw);
  gint64 number;

  /* An empty value is one that was not recorded. */
  if (is_blank (raw, end))
    return TRUE;

  if (parse_decimal (raw, end, FALSE, &number) && number <= G_MAXUINT)
    {
      *out = (guint)number;
      return TRUE;
    }

  return value_unreadable (reader, field, raw);
}

static void
check_volume (Reader *reader,
              int    *ml,
              Field   field,
              int     limit)
{
  if (*ml >= 0 && *ml <= limit)
    return;

  /* Translators: a key, a session's name (its start in UTC), a file name,
   * the amount written and the largest amount allowed. */
  add_problem (reader,
               g_strdup_printf (_("“%s” in the session “%s” in %s is %d mL, not between 0 and "
                                  "%d mL, so Lull shows the session without it."),
                                field_keys[field], reader->group, reader->file, *ml, limit));
  *ml = LULL_RECORD_NO_VALUE;
}

/* A session names its sound by a track id, like a routine does; a path or
 * an address in its place is never kept. */
static void
check_audio (Reader  *reader,
             char   **audio)
{
  g_autofree char *shown = NULL;

  if (*audio == NULL || lull_track_id_is_valid (*audio))
    return;

  shown = g_utf8_substring (*audio, 0, MIN (g_utf8_strlen (*audio, -1), SHOWN_VALUE_CHARS));
  /* Translators: a session's name (its start in UTC), a file name, then
   * the value written, cut short. */
  add_problem (reader,
               g_strdup_printf (_("“audio” in the session “%s” in %s is “%s”, which is not the "
                                  "name of a sound track, so Lull shows the session without it."),
                                reader->group, reader->file, shown));
  g_clear_pointer (audio, release_shared);
}

static void
check_score (Reader *reader,
             int    *score,
             Field   field)
{
  if (*score >= SCORE_MIN && *score <= SCORE_MAX)
    return;

  /* Translators: a key, a session's name (its start in UTC), a file name,
   * the score written, and the lowest and highest scores. */
  add_problem (reader,
               g_strdup_printf (_("“%s” in the session “%s” in %s is %d, not a score from %d "
                                  "to %d, so Lull shows the session without it."),
                                field_keys[field], reader->group, reader->file, *score,
                                SCORE_MIN, SCORE_MAX));
  *score = LULL_RECORD_NO_VALUE;
}

static gboolean
read_int (Reader     *reader,
          Field       field,
          const char *raw,
          int        *out)
{
  const char *end = raw + strlen (raw);
  gint64 number;

  if (is_blank (raw, end))
    return TRUE;

  if (parse_decimal (raw, end, TRUE, &number) && number >= G_MININT && number <= G_MAXINT)
    {
      *out = (int)number;

      /* -1 in the file would read as "not recorded"; it is out of range
       * like any other negative number. */
      if (reader->file != NULL && *out == LULL_RECORD_NO_VALUE)
        {
          if (field == FIELD_EASE || field == FIELD_CALM_BEFORE || field == FIELD_CALM_AFTER)
            check_score (reader, out, field);
          else
            check_volume (reader, out, field,
                          field == FIELD_VOLUME ? 2 * LULL_RECORD_MAX_SIDE_ML
                                                : LULL_RECORD_MAX_SIDE_ML);
        }

      return TRUE;
    }

  return value_unreadable (reader, field, raw);
}

/* "95;210;330", and "95;210;330;" as g_key_file_set_integer_list() ends a
 * list. The history keeps at most LULL_RECORD_MAX_LETDOWNS of them and
 * counts the rest in @n_marked, so that a damaged file cannot fill the
 * memory. */
static gboolean
read_letdowns (Reader     *reader,
               LullRecord *self,
               const char *raw,
               guint      *n_marked)
{
  guint limit = reader->file != NULL ? LULL_RECORD_MAX_LETDOWNS : G_MAXUINT;
  const char *piece = raw;

  g_array_set_size (self->letdowns, 0);
  *n_marked = 0;

  if (is_blank (raw, raw + strlen (raw)))
    return TRUE;

  for (;;)
    {
      const char *separator = strchr (piece, ';');
      const char *end = separator != NULL ? separator : piece + strlen (piece);
      gint64 second;

      if (separator == NULL && piece != raw && is_blank (piece, end))
        break;

      if (!parse_decimal (piece, end, FALSE, &second) || second > G_MAXUINT)
        {
          g_array_set_size (self->letdowns, 0);
          *n_marked = 0;
          return value_unreadable (reader, FIELD_LETDOWNS, raw);
        }

      if (self->letdowns->len < limit)
        {
          guint value = (guint)second;

          g_array_append_val (self->letdowns, value);
        }
      (*n_marked)++;

      if (separator == NULL)
        break;
      piece = separator + 1;
    }

  return TRUE;
}

/* One escape of GKeyFile's, after its backslash: \s \n \t \r \\, and in a
 * list \; for a ';' inside an item. '\0' for any other, or none. */
static char
unescape_char (char     escaped,
               gboolean is_list)
{
  switch (escaped)
    {
    case 's':
      return ' ';
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case '\\':
      return '\\';
    case ';':
      return is_list ? ';' : '\0';
    default:
      return '\0';
    }
}

/* Returns FALSE for an escape GKeyFile refuses, or one at the very end. */
static gboolean
unescape_string (const char  *raw,
                 char       **string)
{
  g_autofree char *buffer = g_malloc (strlen (raw) + 1);
  char *q = buffer;

  for (const char *p = raw; *p != '\0'; p++)
    {
      if (*p == '\\')
        {
          *q = unescape_char (*++p, FALSE);
          if (*q == '\0')
            return FALSE;
          q++;
        }
      else
        {
          *q++ = *p;
        }
    }

  *q = '\0';
  *string = g_steal_pointer (&buffer);
  return TRUE;
}

/* A list as g_key_file_get_string_list() reads it: each unescaped ';'
 * ends an item (kept even when empty), and the text after the last one is
 * an item only when not empty. The items are interned. */
static gboolean
unescape_list (const char  *raw,
               GStrv       *list)
{
  gsize length = strlen (raw);
  char on_stack[256];
  g_autofree char *allocated = NULL;
  char *buffer = length < sizeof on_stack ? on_stack : (allocated = g_malloc (length + 1));
  char *q = buffer;
  char *item = buffer;
  guint n_items = 1;
  guint n = 0;
  GStrv items;

  for (const char *p = raw; *p != '\0'; p++)
    {
      if (*p == ';')
        n_items++;
    }

  items = g_new (char *, n_items + 1);

  for (const char *p = raw; ; p++)
    {
      if (*p == '\\')
        {
          *q = unescape_char (*++p, TRUE);
          if (*q == '\0')
            {
              items[n] = NULL;
              free_cues (items);
              return FALSE;
            }
          q++;
        }
      else if (*p == ';' || (*p == '\0' && q > item))
        {
          *q++ = '\0';
          items[n++] = g_ref_string_new_intern (item);
          item = q;
        }
      else if (*p != '\0')
        {
          *q++ = *p;
        }

      if (*p == '\0')
        break;
    }

  items[n] = NULL;
  if (n == 0)
    g_clear_pointer (&items, g_free);

  *list = items;
  return TRUE;
}

static gboolean
read_string (Reader     *reader,
             Field       field,
             const char *raw,
             char      **out)
{
  g_autofree char *unescaped = NULL;
  const char *value = raw;
  gboolean shared = field != FIELD_NOTES;

  /* GKeyFile hands out only UTF-8 strings; the history's text is already
   * made valid, so this only matters to the strict reader. */
  if (reader->file == NULL && !g_utf8_validate (raw, -1, NULL))
    return value_unreadable (reader, field, raw);

  if (strchr (raw, '\\') != NULL)
    {
      if (!unescape_string (raw, &unescaped))
        return value_unreadable (reader, field, raw);
      value = unescaped;
    }

  if (shared)
    release_shared (*out);
  else
    g_free (*out);

  /* An empty answer and no answer are the same thing to the history. */
  if (value[0] == '\0')
    *out = NULL;
  else if (shared)
    *out = g_ref_string_new_intern (value);
  else if (unescaped != NULL)
    *out = g_steal_pointer (&unescaped);
  else
    *out = g_strdup (value);

  return TRUE;
}

static gboolean
read_cues (Reader     *reader,
           LullRecord *self,
           const char *raw)
{
  GStrv cues = NULL;

  if ((reader->file == NULL && !g_utf8_validate (raw, -1, NULL)) || !unescape_list (raw, &cues))
    return value_unreadable (reader, FIELD_CUES, raw);

  free_cues (self->cues);
  self->cues = cues;

  return TRUE;
}

static void
keep_extra (LullRecord *self,
            const char *key,
            const char *raw)
{
  if (self->extra_keys == NULL)
    {
      self->extra_keys = g_ptr_array_new_with_free_func (g_free);
      self->extra_values = g_ptr_array_new_with_free_func (g_free);
    }

  /* A key given twice counts once, with its last value, as GKeyFile reads
   * it. */
  for (guint i = 0; self->extra_keys != NULL && i < self->extra_keys->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (self->extra_keys, i), key))
        {
          g_free (g_ptr_array_index (self->extra_values, i));
          g_ptr_array_index (self->extra_values, i) = g_strdup (raw);
          return;
        }
    }

  g_ptr_array_add (self->extra_keys, g_strdup (key));
  g_ptr_array_add (self->extra_values, g_strdup (raw));
}

static gboolean
parse_digits (const char *text,
              guint       n_digits,
              int        *out)
{
  int number = 0;

  for (guint i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      number = number * 10 + (text[i] - '0');
    }

  *out = number;
  return TRUE;
}

/* Exactly "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "+HH:MM" or "-HH:MM":
 * the way Lull writes starts and group names. Anything else goes to
 * g_date_time_new_from_iso8601(). */
static gboolean
parse_stamp (const char *text,
             Stamp      *stamp)
{
  const char *p = text + 19;
  int offset_hours = 0, offset_minutes = 0;

  if (!parse_digits (text, 4, &stamp->year) || text[4] != '-' ||
      !parse_digits (text + 5, 2, &stamp->month) || text[7] != '-' ||
      !parse_digits (text + 8, 2, &stamp->day) || text[10] != 'T' ||
      !parse_digits (text + 11, 2, &stamp->hour) || text[13] != ':' ||
      !parse_digits (text + 14, 2, &stamp->minute) || text[16] != ':' ||
      !parse_digits (text + 17, 2, &stamp->second))
    return FALSE;

  if (*p == 'Z')
    {
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      if (!parse_digits (p + 1, 2, &offset_hours) || p[3] != ':' ||
          !parse_digits (p + 4, 2, &offset_minutes) ||
          offset_hours > 23 || offset_minutes > 59)
        return FALSE;
      p += 6;
    }
  else
    {
      return FALSE;
    }

  if (*p != '\0')
    return FALSE;

  stamp->offset = (offset_hours * 60 + offset_minutes) * (text[19] == '-' ? -1 : 1);

  return stamp->year >= 1 && stamp->month >= 1 && stamp->month <= 12 &&
         stamp->day >= 1 &&
         stamp->day <= g_date_get_days_in_month (stamp->month, stamp->year) &&
         stamp->hour <= 23 && stamp->minute <= 59 && stamp->second <= 59;
}

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar
 * (Howard Hinnant's days_from_civil). */
static gint64
days_from_civil (int year,
                 int month,
                 int day)
{
  gint64 era, year_of_era, day_of_year, day_of_era;

  year -= month <= 2;
  era = (year >= 0 ? year : year - 399) / 400;
  year_of_era = year - era * 400;
  day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;

  return era * 146097 + day_of_era - 719468;
}

static gint64
stamp_to_unix (const Stamp *stamp)
{
  return days_from_civil (stamp->year, stamp->month, stamp->day) * 86400 +
         stamp->hour * 3600 + stamp->minute * 60 + stamp->second -
         (gint64)stamp->offset * 60;
}

/* One zone per offset for the whole program: thousands of sessions share
 * a handful of offsets, and g_time_zone_new_offset() formats and parses a
 * name each time. Filled without a lock; a zone made twice by two threads
 * is simply dropped by the slower one. */
static GTimeZone *
zone_for_offset (int offset_minutes)
{
  static GTimeZone *zones[2 * 24 * 60];
  guint index = (guint)(offset_minutes + 24 * 60);
  GTimeZone *zone;

  g_assert (index < G_N_ELEMENTS (zones));

  zone = g_atomic_pointer_get (&zones[index]);
  if (zone != NULL)
    return zone;

  zone = g_time_zone_new_offset (offset_minutes * 60);
  if (!g_atomic_pointer_compare_and_exchange (&zones[index], NULL, zone))
    {
      g_time_zone_unref (zone);
      zone = g_atomic_pointer_get (&zones[index]);
    }

  return zone;
}

/* The moment a group name stands for, in Unix seconds; %FALSE when it is
 * not a time. @canonical says whether it is spelt as Lull spells keys. */
static gboolean
parse_group_name (const char *group,
                  gint64     *unix_time,
                  gboolean   *canonical)
{
  g_autoptr(GDateTime) named = NULL;
  Stamp stamp;

  if (parse_stamp (group, &stamp) && group[19] == 'Z')
    {
      *unix_time = stamp_to_unix (&stamp);
      *canonical = TRUE;
      return *unix_time >= UNIX_MIN && *unix_time <= UNIX_MAX;
    }

  *canonical = FALSE;
  named = g_date_time_new_from_iso8601 (group, NULL);
  if (named == NULL)
    return FALSE;

  *unix_time = g_date_time_to_unix (named);
  return TRUE;
}

/* The start, whole seconds with a fixed offset as lull_record_new() keeps
 * it, and its local date. */
static GDateTime *
read_start (const char *raw,
            GDate      *local_date)
{
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) parsed = NULL;
  GDateTime *start;
  Stamp stamp;

  if (parse_stamp (raw, &stamp))
    {
      gint64 unix_time = stamp_to_unix (&stamp);

      if (unix_time < UNIX_MIN || unix_time > UNIX_MAX)
        return NULL;

      start = g_date_time_new (zone_for_offset (stamp.offset), stamp.year, stamp.month,
                               stamp.day, stamp.hour, stamp.minute, stamp.second);
      if (start != NULL)
        g_date_set_dmy (local_date, stamp.day, stamp.month, stamp.year);
      return start;
    }

  /* Without a default zone, a time with no offset is refused: its local
   * date would be a guess. */
  text = g_strstrip (g_strdup (raw));
  parsed = g_date_time_new_from_iso8601 (text, NULL);
  if (parsed == NULL || !start_in_range (parsed))
    return NULL;

  start = normalise_start (parsed);
  g_date_set_dmy (local_date, g_date_time_get_day_of_month (start),
                  g_date_time_get_month (start), g_date_time_get_year (start));
  return start;
}

/* What the history does with values a session could never have saved:
 * each one is left out, or brought within its limit, and named. */
static void
fit_to_limits (Reader     *reader,
               LullRecord *self,
               guint       n_marked)
{
  guint n_kept;

  if (self->volume_left_ml != LULL_RECORD_NO_VALUE)
    check_volume (reader, &self->volume_left_ml, FIELD_VOLUME_LEFT, LULL_RECORD_MAX_SIDE_ML);
  if (self->volume_right_ml != LULL_RECORD_NO_VALUE)
    check_volume (reader, &self->volume_right_ml, FIELD_VOLUME_RIGHT, LULL_RECORD_MAX_SIDE_ML);
  if (self->volume_ml != LULL_RECORD_NO_VALUE)
    check_volume (reader, &self->volume_ml, FIELD_VOLUME, 2 * LULL_RECORD_MAX_SIDE_ML);

  if ((self->volume_left_ml == LULL_RECORD_NO_VALUE) !=
      (self->volume_right_ml == LULL_RECORD_NO_VALUE))
    {
      gboolean left = self->volume_left_ml != LULL_RECORD_NO_VALUE;

      /* Translators: a key, a session's name (its start in UTC), a file name. */
      add_problem (reader,
                   g_strdup_printf (_("“%s” in the session “%s” in %s has no volume for the "
                                      "other side, so Lull shows the session without it."),
                                    left ? KEY_VOLUME_LEFT : KEY_VOLUME_RIGHT,
                                    reader->group, reader->file));
      self->volume_left_ml = LULL_RECORD_NO_VALUE;
      self->volume_right_ml = LULL_RECORD_NO_VALUE;
    }

  if (self->volume_left_ml != LULL_RECORD_NO_VALUE)
    {
      int sum = self->volume_left_ml + self->volume_right_ml;

      if (self->volume_ml != LULL_RECORD_NO_VALUE && self->volume_ml != sum)
        /* Translators: a key, a session's name (its start in UTC), a file
         * name, the total written and the sum of the two sides. */
        add_problem (reader,
                     g_strdup_printf (_("“%s” in the session “%s” in %s is %d mL, not the sum "
                                        "of the two sides, so Lull shows their sum, %d mL."),
                                      KEY_VOLUME, reader->group, reader->file,
                                      self->volume_ml, sum));
      self->volume_ml = sum;
    }

  if (self->ease != LULL_RECORD_NO_VALUE)
    check_score (reader, &self->ease, FIELD_EASE);
  if (self->calm_before != LULL_RECORD_NO_VALUE)
    check_score (reader, &self->calm_before, FIELD_CALM_BEFORE);
  if (self->calm_after != LULL_RECORD_NO_VALUE)
    check_score (reader, &self->calm_after, FIELD_CALM_AFTER);

  if (self->pump_seconds > LULL_RECORD_MAX_PUMP_SECONDS)
    {
      /* Translators: a key, a session's name (its start in UTC), a file
       * name, and the longest pumping time in hours, twice. */
      add_problem (reader,
                   g_strdup_printf (_("“%s” in the session “%s” in %s is more than %u hours, "
                                      "so Lull counts %u hours of pumping."),
                                    KEY_PUMP, reader->group, reader->file,
                                    LULL_RECORD_MAX_PUMP_SECONDS / 3600,
                                    LULL_RECORD_MAX_PUMP_SECONDS / 3600));
      self->pump_seconds = LULL_RECORD_MAX_PUMP_SECONDS;
    }

  if (n_marked > LULL_RECORD_MAX_LETDOWNS)
    {
      /* Translators: a key, a session's name (its start in UTC), a file
       * name, how many let-downs it holds, and how many Lull shows. */
      add_problem (reader,
                   g_strdup_printf (ngettext ("“%s” in the session “%s” in %s holds %u let-down, "
                                              "so Lull shows the first %u.",
                                              "“%s” in the session “%s” in %s holds %u let-downs, "
                                              "so Lull shows the first %u.",
                                              n_marked),
                                    KEY_LETDOWNS, reader->group, reader->file,
                                    n_marked, (guint)LULL_RECORD_MAX_LETDOWNS));
    }

  n_kept = 0;
  for (guint i = 0; i < self->letdowns->len; i++)
    {
      guint second = g_array_index (self->letdowns, guint, i);

      if (second <= self->pump_seconds)
        g_array_index (self->letdowns, guint, n_kept++) = second;
    }

  if (n_kept < self->letdowns->len)
    {
      /* Translators: a key, a session's name (its start in UTC), a file name. */
      add_problem (reader,
                   g_strdup_printf (_("“%s” in the session “%s” in %s has let-downs marked "
                                      "after pumping ended, so Lull leaves those out."),
                                    KEY_LETDOWNS, reader->group, reader->file));
      g_array_set_size (self->letdowns, n_kept);
    }
}

static LullRecord *
read_record (const char          *group,
             const char * const  *keys,
             const char * const  *values,
             guint                n_fields,
             const char          *file,
             GPtrArray           *problems,
             GError             **error)
{
  g_autoptr(LullRecord) self = NULL;
  g_autofree Field *allocated = NULL;
  Field on_stack[32];
  Field *kinds;
  int last[N_FIELDS];
  Reader reader = { group, file, problems, error };
  GDateTime *start;
  GDate local_date;
  gint64 group_time;
  gboolean canonical;
  guint n_marked = 0;

  if (!parse_group_name (group, &group_time, &canonical))
    {
      if (file != NULL)
        /* Translators: a session's group name as the file has it, and a
         * file name such as “2026-11.ini”. */
        g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED,
                     _("Lull skipped the session “%s” in %s because its name is not a start "
                       "time. The file keeps it unchanged."),
                     group, file);
      else
        g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED,
                     _("The session “%s” is not named by its start time."), group);
      return NULL;
    }

  kinds = n_fields <= G_N_ELEMENTS (on_stack) ? on_stack : (allocated = g_new (Field, n_fields));
  for (guint i = 0; i < N_FIELDS; i++)
    last[i] = -1;

  /* The last value of a key given twice counts, as GKeyFile reads it. */
  for (guint i = 0; i < n_fields; i++)
    {
      kinds[i] = classify_key (keys[i]);
      if (kinds[i] != N_FIELDS)
        last[kinds[i]] = (int)i;
    }

  if (last[FIELD_START] < 0)
    {
      if (file != NULL)
        /* Translators: a session's name (its start in UTC), a file name and
         * the key that holds the start. */
        g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED,
                     _("Lull skipped the session “%s” in %s because it has no start time "
                       "(“%s”). The file keeps it unchanged."),
                     group, file, KEY_START);
      else
        g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED,
                     _("The session “%s” has no start time, so Lull cannot place it in the "
                       "history."),
                     group);
      return NULL;
    }

  g_date_clear (&local_date, 1);
  start = read_start (values[last[FIELD_START]], &local_date);
  if (start == NULL)
    {
      g_autofree char *shown = shorten (values[last[FIELD_START]]);

      if (file != NULL)
        /* Translators: a session's name (its start in UTC), a file name, the
         * key that holds the start and its value as written. */
        g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED,
                     _("Lull skipped the session “%s” in %s because its start time (“%s”) "
                       "cannot be read: “%s”. The file keeps it unchanged."),
                     group, file, KEY_START, shown);
      else
        g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED,
                     _("The session “%s” has a start time Lull cannot read (“%s”), "
                       "so Lull cannot place it in the history."),
                     group, shown);
      return NULL;
    }

  /* The group name is the session's identity (duplicates are found by
   * it), so another spelling must still name the same moment. */
  if (g_date_time_to_unix (start) != group_time)
    {
      g_autofree char *written = format_local (start);

      g_date_time_unref (start);
      if (file != NULL)
        /* Translators: a session's name (its start in UTC), a file name, the
         * key that holds the start and the start it holds. */
        g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED,
                     _("Lull skipped the session “%s” in %s because its start time (“%s”) "
                       "says %s, a different moment. The file keeps it unchanged."),
                     group, file, KEY_START, written);
      else
        g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED,
                     _("The session “%s” says it started at %s, a different time, "
                       "so Lull cannot tell which one is right."),
                     group, written);
      return NULL;
    }

  /* Built without properties: the start, its key and its date are known
   * already, and nobody listens yet. */
  self = g_object_new (LULL_TYPE_RECORD, NULL);
  self->start = start;
  if (canonical)
    memcpy (self->key, group, KEY_SIZE);
  else
    format_key (start, self->key);
  self->local_date = local_date;

  if ((last[FIELD_PRIME] >= 0 &&
       !read_unsigned (&reader, FIELD_PRIME, values[last[FIELD_PRIME]], &self->prime_seconds)) ||
      (last[FIELD_PUMP] >= 0 &&
       !read_unsigned (&reader, FIELD_PUMP, values[last[FIELD_PUMP]], &self->pump_seconds)) ||
      (last[FIELD_LETDOWNS] >= 0 &&
       !read_letdowns (&reader, self, values[last[FIELD_LETDOWNS]], &n_marked)) ||
      (last[FIELD_VOLUME] >= 0 &&
       !read_int (&reader, FIELD_VOLUME, values[last[FIELD_VOLUME]], &self->volume_ml)) ||
      (last[FIELD_VOLUME_LEFT] >= 0 &&
       !read_int (&reader, FIELD_VOLUME_LEFT, values[last[FIELD_VOLUME_LEFT]],
                  &self->volume_left_ml)) ||
      (last[FIELD_VOLUME_RIGHT] >= 0 &&
       !read_int (&reader, FIELD_VOLUME_RIGHT, values[last[FIELD_VOLUME_RIGHT]],
                  &self->volume_right_ml)) ||
      (last[FIELD_EASE] >= 0 &&
       !read_int (&reader, FIELD_EASE, values[last[FIELD_EASE]], &self->ease)) ||
      (last[FIELD_CALM_BEFORE] >= 0 &&
       !read_int (&reader, FIELD_CALM_BEFORE, values[last[FIELD_CALM_BEFORE]],
                  &self->calm_before)) ||
      (last[FIELD_CALM_AFTER] >= 0 &&
       !read_int (&reader, FIELD_CALM_AFTER, values[last[FIELD_CALM_AFTER]],
                  &self->calm_after)) ||
      (last[FIELD_ROUTINE] >= 0 &&
       !read_string (&reader, FIELD_ROUTINE, values[last[FIELD_ROUTINE]], &self->routine)) ||
      (last[FIELD_PLACE] >= 0 &&
       !read_string (&reader, FIELD_PLACE, values[last[FIELD_PLACE]], &self->place)) ||
      (last[FIELD_CUES] >= 0 &&
       !read_cues (&reader, self, values[last[FIELD_CUES]])) ||
      (last[FIELD_AUDIO] >= 0 &&
       !read_string (&reader, FIELD_AUDIO, values[last[FIELD_AUDIO]], &self->audio)) ||
      (last[FIELD_NOTES] >= 0 &&
       !read_string (&reader, FIELD_NOTES, values[last[FIELD_NOTES]], &self->notes)))
    return NULL;

  check_audio (&reader, &self->audio);

  /* Kept raw, so that writing it back cannot change a single byte of a
   * value this version does not understand. */
  for (guint i = 0; i < n_fields; i++)
    {
      if (kinds[i] == N_FIELDS)
        keep_extra (self, keys[i], values[i]);
    }

  if (file == NULL)
    return g_steal_pointer (&self);

  fit_to_limits (&reader, self, n_marked);

  /* Nothing above may leave a value the history would refuse to save;
   * should it, the session is skipped rather than shown wrong. */
  if (!lull_record_validate (self, NULL))
    {
      /* Translators: a session's name (its start in UTC) and a file name. */
      g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED,
                   _("Lull skipped the session “%s” in %s because its values do not fit "
                     "together. The file keeps it unchanged."),
                   group, file);
      return NULL;
    }

  return g_steal_pointer (&self);
}

static void
lull_record_constructed (GObject *object)
{
  LullRecord *self = LULL_RECORD (object);

  G_OBJECT_CLASS (lull_record_parent_class)->constructed (object);

  /* A record is named by its start; lull_record_new() always has one.
   * The readers set the start, the key and the date themselves. */
  if (self->start == NULL)
    return;

  format_key (self->start, self->key);
  g_date_set_dmy (&self->local_date,
                  g_date_time_get_day_of_month (self->start),
                  g_date_time_get_month (self->start),
                  g_date_time_get_year (self->start));
}

static void
lull_record_finalize (GObject *object)
{
  LullRecord *self = (LullRecord *)object;

  g_clear_pointer (&self->start, g_date_time_unref);
  g_clear_pointer (&self->letdowns, g_array_unref);
  g_clear_pointer (&self->routine, release_shared);
  g_clear_pointer (&self->place, release_shared);
  g_clear_pointer (&self->cues, free_cues);
  g_clear_pointer (&self->audio, release_shared);
  g_clear_pointer (&self->notes, g_free);
  g_clear_pointer (&self->extra_keys, g_ptr_array_unref);
  g_clear_pointer (&self->extra_values, g_ptr_array_unref);

  G_OBJECT_CLASS (lull_record_parent_class)->finalize (object);
}

static void
lull_record_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LullRecord *self = LULL_RECORD (object);

  switch (prop_id)
    {
    case PROP_START:
      g_value_set_boxed (value, self->start);
      break;

    case PROP_PRIME_SECONDS:
      g_value_set_uint (value, self->prime_seconds);
      break;

    case PROP_PUMP_SECONDS:
      g_value_set_uint (value, self->pump_seconds);
      break;

    case PROP_LETDOWNS:
      g_value_set_boxed (value, self->letdowns);
      break;

    case PROP_VOLUME_ML:
      g_value_set_int (value, self->volume_ml);
      break;

    case PROP_VOLUME_LEFT_ML:
      g_value_set_int (value, self->volume_left_ml);
      break;

    case PROP_VOLUME_RIGHT_ML:
      g_value_set_int (value, self->volume_right_ml);
      break;

    case PROP_EASE:
      g_value_set_int (value, self->ease);
      break;

    case PROP_CALM_BEFORE:
      g_value_set_int (value, self->calm_before);
      break;

    case PROP_CALM_AFTER:
      g_value_set_int (value, self->calm_after);
      break;

    case PROP_ROUTINE:
      g_value_set_string (value, self->routine);
      break;

    case PROP_PLACE:
      g_value_set_string (value, self->place);
      break;

    case PROP_CUES:
      g_value_set_boxed (value, self->cues);
      break;

    case PROP_AUDIO:
      g_value_set_string (value, self->audio);
      break;

    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_record_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LullRecord *self = LULL_RECORD (object);

  switch (prop_id)
    {
    case PROP_START:
      if (g_value_get_boxed (value) != NULL)
        self->start = normalise_start (g_value_get_boxed (value));
      break;

    case PROP_PRIME_SECONDS:
      lull_record_set_prime_seconds (self, g_value_get_uint (value));
      break;

    case PROP_PUMP_SECONDS:
      lull_record_set_pump_seconds (self, g_value_get_uint (value));
      break;

    case PROP_VOLUME_ML:
      lull_record_set_volume_ml (self, g_value_get_int (value));
      break;

    case PROP_EASE:
      lull_record_set_ease (self, g_value_get_int (value));
      break;

    case PROP_CALM_BEFORE:
      lull_record_set_calm_before (self, g_value_get_int (value));
      break;

    case PROP_CALM_AFTER:
      lull_record_set_calm_after (self, g_value_get_int (value));
      break;

    case PROP_ROUTINE:
      lull_record_set_routine (self, g_value_get_string (value));
      break;

    case PROP_PLACE:
      lull_record_set_place (self, g_value_get_string (value));
      break;

    case PROP_CUES:
      lull_record_set_cues (self, g_value_get_boxed (value));
      break;

    case PROP_AUDIO:
      lull_record_set_audio (self, g_value_get_string (value));
      break;

    case PROP_NOTES:
      lull_record_set_notes (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
optional_int_param (const char  *name,
                    GParamFlags  access)
{
  /* Any int: the range is lull_record_validate()'s to judge, with a
   * sentence, not a GParamSpec's with a warning. */
  return g_param_spec_int (name, NULL, NULL,
                           G_MININT, G_MAXINT, LULL_RECORD_NO_VALUE,
                           (access | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
optional_string_param (const char *name)
{
  return g_param_spec_string (name, NULL, NULL,
                              NULL,
                              (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS));
}

static void
lull_record_class_init (LullRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lull_record_constructed;
  object_class->finalize = lull_record_finalize;
  object_class->get_property = lull_record_get_property;
  object_class->set_property = lull_record_set_property;

  properties[PROP_START] =
    g_param_spec_boxed ("start", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PRIME_SECONDS] =
    g_param_spec_uint ("prime-seconds", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PUMP_SECONDS] =
    g_param_spec_uint ("pump-seconds", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* A GArray of guint; set with lull_record_set_letdowns(). */
  properties[PROP_LETDOWNS] =
    g_param_spec_boxed ("letdowns", NULL, NULL,
                        G_TYPE_ARRAY,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Setting the total forgets the sides; lull_record_set_volume_sides_ml()
   * sets all three. */
  properties[PROP_VOLUME_ML] = optional_int_param ("volume-ml", G_PARAM_READWRITE);
  properties[PROP_VOLUME_LEFT_ML] = optional_int_param ("volume-left-ml", G_PARAM_READABLE);
  properties[PROP_VOLUME_RIGHT_ML] = optional_int_param ("volume-right-ml", G_PARAM_READABLE);
  properties[PROP_EASE] = optional_int_param ("ease", G_PARAM_READWRITE);
  properties[PROP_CALM_BEFORE] = optional_int_param ("calm-before", G_PARAM_READWRITE);
  properties[PROP_CALM_AFTER] = optional_int_param ("calm-after", G_PARAM_READWRITE);

  properties[PROP_ROUTINE] = optional_string_param ("routine");
  properties[PROP_PLACE] = optional_string_param ("place");

  properties[PROP_CUES] =
    g_param_spec_boxed ("cues", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_AUDIO] = optional_string_param ("audio");
  properties[PROP_NOTES] = optional_string_param ("notes");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lull_record_init (LullRecord *self)
{
  self->letdowns = g_array_new (FALSE, FALSE, sizeof (guint));
  self->volume_ml = LULL_RECORD_NO_VALUE;
  self->volume_left_ml = LULL_RECORD_NO_VALUE;
  self->volume_right_ml = LULL_RECORD_NO_VALUE;
  self->ease = LULL_RECORD_NO_VALUE;
  self->calm_before = LULL_RECORD_NO_VALUE;
  self->calm_after = LULL_RECORD_NO_VALUE;
  g_date_clear (&self->local_date, 1);
}

/**
 * lull_record_new:
 * @start: when the session started, in the parent's local time
 *
 * The start is kept to the whole second, with the offset from UTC it has
 * now: that offset decides the session's local date for good.
 */
LullRecord *
lull_record_new (GDateTime *start)
{
  g_return_val_if_fail (start != NULL, NULL);
  g_return_val_if_fail (start_in_range (start), NULL);

  return g_object_new (LULL_TYPE_RECORD,
                       "start", start,
                       NULL);
}

/**
 * lull_record_copy:
 * @start: (nullable): the copy's start, or %NULL for this record's
 *
 * A new record with this one's values and the keys it keeps that this
 * version does not know, to edit and hand to lull_history_replace(): an
 * edit made on a copy never loses what a newer Lull wrote into the
 * session. The start cannot change on a record (it is the record's name),
 * so a copy is how a session moves to another time.
 *
 * Returns: (transfer full): the copy
 */
LullRecord *
lull_record_copy (LullRecord *self,
                  GDateTime  *start)
{
  LullRecord *copy;

  g_return_val_if_fail (LULL_IS_RECORD (self), NULL);
  g_return_val_if_fail (start == NULL || start_in_range (start), NULL);

  copy = lull_record_new (start != NULL ? start : self->start);

  /* Set directly: nobody listens to a record that was just made. */
  copy->prime_seconds = self->prime_seconds;
  copy->pump_seconds = self->pump_seconds;
  g_array_append_vals (copy->letdowns, self->letdowns->data, self->letdowns->len);
  copy->volume_ml = self->volume_ml;
  copy->volume_left_ml = self->volume_left_ml;
  copy->volume_right_ml = self->volume_right_ml;
  copy->ease = self->ease;
  copy->calm_before = self->calm_before;
  copy->calm_after = self->calm_after;
  copy->routine = self->routine != NULL ? g_ref_string_acquire (self->routine) : NULL;
  copy->place = self->place != NULL ? g_ref_string_acquire (self->place) : NULL;
  copy->audio = self->audio != NULL ? g_ref_string_acquire (self->audio) : NULL;
  copy->notes = g_strdup (self->notes);
  if (self->cues != NULL)
    {
      guint n = g_strv_length (self->cues);

      copy->cues = g_new (char *, n + 1);
      for (guint i = 0; i < n; i++)
        copy->cues[i] = g_ref_string_acquire (self->cues[i]);
      copy->cues[n] = NULL;
    }

  for (guint i = 0; self->extra_keys != NULL && i < self->extra_keys->len; i++)
    keep_extra (copy, g_ptr_array_index (self->extra_keys, i),
                g_ptr_array_index (self->extra_values, i));

  return copy;
}

/**
 * lull_record_is_known_key:
 * @key: a key of a session's group
 *
 * Returns: whether @key is one this version reads and writes (`start`,
 *   `volume-ml`…); any other key is kept as it was read
 */
gboolean
lull_record_is_known_key (const char *key)
{
  g_return_val_if_fail (key != NULL, FALSE);

  return classify_key (key) != N_FIELDS;
}

/**
 * lull_record_dup_key:
 *
 * Returns: (transfer full): the start in UTC, such as
 *   `2026-11-23T10:15:02Z`: the record's group name in its month file
 */
char *
lull_record_dup_key (LullRecord *self)
{
  g_return_val_if_fail (LULL_IS_RECORD (self), NULL);

  return g_strdup (self->key);
}

/**
 * lull_record_dup_key_for_start:
 * @start: a start as the `start` key has it, with its offset
 *
 * Returns: (transfer full) (nullable): the key a session with that start
 *   has (lull_record_get_key()), or %NULL when @start is not a time
 */
char *
lull_record_dup_key_for_start (const char *start)
{
  g_autoptr(GDateTime) time = NULL;
  char key[KEY_SIZE];

  g_return_val_if_fail (start != NULL, NULL);

  time = g_date_time_new_from_iso8601 (start, NULL);
  if (time == NULL)
    return NULL;

  format_key (time, key);
  return g_strdup (key);
}

/**
 * lull_record_get_key:
 *
 * Returns: (transfer none): the start in UTC, such as
 *   `2026-11-23T10:15:02Z`; in time order when compared with strcmp()
 */
const char *
lull_record_get_key (LullRecord *self)
{
  g_return_val_if_fail (LULL_IS_RECORD (self), NULL);

  return self->key;
}

/**
 * lull_record_get_start:
 *
 * Returns: (transfer none): the start, with the offset it was recorded with
 */
GDateTime *
lull_record_get_start (LullRecord *self)
{
  g_return_val_if_fail (LULL_IS_RECORD (self), NULL);

  return self->start;
}

/**
 * lull_record_get_local_date:
 *
 * The calendar date of the start where the parent was, as the file writes
 * it: a session at 00:30+01:00 belongs to that day even though it is still
 * the day before in UTC.
 */
GDate
lull_record_get_local_date (LullRecord *self)
{
  GDate invalid;

  g_date_clear (&invalid, 1);
  g_return_val_if_fail (LULL_IS_RECORD (self), invalid);

  return self->local_date;
}

guint
lull_record_get_prime_seconds (LullRecord *self)
{
  g_return_val_if_fail (LULL_IS_RECORD (self), 0);

  return self->prime_seconds;
}

void
lull_record_set_prime_seconds (LullRecord *self,
                               guint       seconds)
{
  g_return_if_fail (LULL_IS_RECORD (self));

  if (self->prime_seconds == seconds)
    return;

  self->prime_seconds = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIME_SECONDS]);
}

guint
lull_record_get_pump_seconds (LullRecord *self)
{
  g_return_val_if_fail (LULL_IS_RECORD (self), 0);

  return self->pump_seconds;
}

void
lull_record_set_pump_seconds (LullRecord *self,
                              guint       seconds)
{
  g_return_if_fail (LULL_IS_RECORD (self));

  if (self->pump_seconds == seconds)
    return;

  self->pump_seconds = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUMP_SECONDS]);
}

/**
 * lull_record_get_letdowns:
 *
 * Returns: (transfer none) (element-type guint): seconds from pump start
 *   of each let-down marked; empty, never %NULL, when none was
 */
const GArray *
lull_record_get_letdowns (LullRecord *self)
{
  g_return_val_if_fail (LULL_IS_RECORD (self), NULL);

  return self->letdowns;
}

void
lull_record_set_letdowns (LullRecord  *self,
                          const guint *seconds,
                          guint        n_seconds)
{
  g_return_if_fail (LULL_IS_RECORD (self));
  g_return_if_fail (seconds != NULL || n_seconds == 0);

  if (self->letdowns->len == n_seconds &&
      (n_seconds == 0 || memcmp (self->letdowns->data, seconds, n_seconds * sizeof (guint)) == 0))
    return;

  g_array_set_size (self->letdowns, 0);
  if (n_seconds > 0)
    g_array_append_vals (self->letdowns, seconds, n_seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LETDOWNS]);
}

int
lull_record_get_volume_ml (LullRecord *self)
{
  g_return_val_if_fail (LULL_IS_RECORD (self), LULL_RECORD_NO_VALUE);

  return self->volume_ml;
}

int
lull_record_get_volume_left_ml (LullRecord *self)
{
  g_return_val_if_fail (LULL_IS_RECORD (self), LULL_RECORD_NO_VALUE);

  return self->volume_left_ml;
}

int
lull_record_get_volume_right_ml (LullRecord *self)
{
  g_return_val_if_fail (LULL_IS_RECORD (self), LULL_RECORD_NO_VALUE);

  return self->volume_right_ml;
}

/**
 * lull_record_set_volume_ml:
 * @ml: the total, or %LULL_RECORD_NO_VALUE
 *
 * A single total: any per-side values are forgotten, since the parent no
 * longer gave them.
 */
void
lull_record_set_volume_ml (LullRecord *self,
                           int         ml)
{
  g_return_if_fail (LULL_IS_RECORD (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_int_field (self, &self->volume_ml, ml, PROP_VOLUME_ML);
  set_int_field (self, &self->volume_left_ml, LULL_RECORD_NO_VALUE, PROP_VOLUME_LEFT_ML);
  set_int_field (self, &self->volume_right_ml, LULL_RECORD_NO_VALUE, PROP_VOLUME_RIGHT_ML);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * lull_record_set_volume_sides_ml:
 *
 * Per side; the total becomes their sum. Both %LULL_RECORD_NO_VALUE forget
 * every volume. One side without the other is kept as given and refused by
 * lull_record_validate().
 */
void
lull_record_set_volume_sides_ml (LullRecord *self,
                                 int         left_ml,
                                 int         right_ml)
{
  int total = LULL_RECORD_NO_VALUE;

  g_return_if_fail (LULL_IS_RECORD (self));

  /* The sum is only worth having when both sides are real amounts; guard
   * the addition too, since validation comes later. */
  if (left_ml >= 0 && right_ml >= 0 && left_ml <= G_MAXINT - right_ml)
    total = left_ml + right_ml;

  g_object_freeze_notify (G_OBJECT (self));
  set_int_field (self, &self->volume_left_ml, left_ml, PROP_VOLUME_LEFT_ML);
  set_int_field (self, &self->volume_right_ml, right_ml, PROP_VOLUME_RIGHT_ML);
  set_int_field (self, &self->volume_ml, total, PROP_VOLUME_ML);
  g_object_thaw_notify (G_OBJECT (self));
}

int
lull_record_get_ease (LullRecord *self)
{
  g_return_val_if_fail (LULL_IS_RECORD (self), LULL_RECORD_NO_VALUE);

  return self->ease;
}

void
lull_record_set_ease (LullRecord *self,
                      int         ease)
{
  g_return_if_fail (LULL_IS_RECORD (self));

  set_int_field (self, &self->ease, ease, PROP_EASE);
}

int
lull_record_get_calm_before (LullRecord *self)
{
  g_return_val_if_fail (LULL_IS_RECORD (self), LULL_RECORD_NO_VALUE);

  return self->calm_before;
}

void
lull_record_set_calm_before (LullRecord *self,
                             int         calm)
{
  g_return_if_fail (LULL_IS_RECORD (self));

  set_int_field (self, &self->calm_before, calm, PROP_CALM_BEFORE);
}

int
lull_record_get_calm_after (LullRecord *self)
{
  g_return_val_if_fail (LULL_IS_RECORD (self), LULL_RECORD_NO_VALUE);

  return self->calm_after;
}

void
lull_record_set_calm_after (LullRecord *self,
                            int         calm)
{
  g_return_if_fail (LULL_IS_RECORD (self));

  set_int_field (self, &self->calm_after, calm, PROP_CALM_AFTER);
}

const char *
lull_record_get_routine (LullRecord *self)
{
  g_return_val_if_fail (LULL_IS_RECORD (self), NULL);

  return self->routine;
}

void
lull_record_set_routine (LullRecord *self,
                         const char *routine_id)
{
  g_return_if_fail (LULL_IS_RECORD (self));

  set_string_field (self, &self->routine, routine_id, TRUE, PROP_ROUTINE);
}

const char *
lull_record_get_place (LullRecord *self)
{
  g_return_val_if_fail (LULL_IS_RECORD (self), NULL);

  return self->place;
}

void
lull_record_set_place (LullRecord *self,
                       const char *place)
{
  g_return_if_fail (LULL_IS_RECORD (self));

  set_string_field (self, &self->place, place, TRUE, PROP_PLACE);
}

/**
 * lull_record_get_cues:
 *
 * Returns: (transfer none) (nullable): the cues used, %NULL when none were
 *   noted
 */
const char * const *
lull_record_get_cues (LullRecord *self)
{
  g_return_val_if_fail (LULL_IS_RECORD (self), NULL);

  return (const char * const *)self->cues;
}

/**
 * lull_record_set_cues:
 * @cues: (nullable): cue ids; an empty list is the same as %NULL
 */
void
lull_record_set_cues (LullRecord         *self,
                      const char * const *cues)
{
  g_return_if_fail (LULL_IS_RECORD (self));

  if (cues != NULL && cues[0] == NULL)
    cues = NULL;

  if (cues == NULL && self->cues == NULL)
    return;
  if (cues != NULL && self->cues != NULL &&
      g_strv_equal ((const char * const *)self->cues, cues))
    return;

  free_cues (self->cues);
  self->cues = NULL;
  if (cues != NULL)
    {
      guint n = g_strv_length ((char **)cues);

      self->cues = g_new (char *, n + 1);
      for (guint i = 0; i < n; i++)
        self->cues[i] = g_ref_string_new_intern (cues[i]);
      self->cues[n] = NULL;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUES]);
}

const char *
lull_record_get_audio (LullRecord *self)
{
  g_return_val_if_fail (LULL_IS_RECORD (self), NULL);

  return self->audio;
}

void
lull_record_set_audio (LullRecord *self,
                       const char *audio)
{
  g_return_if_fail (LULL_IS_RECORD (self));

  set_string_field (self, &self->audio, audio, TRUE, PROP_AUDIO);
}

const char *
lull_record_get_notes (LullRecord *self)
{
  g_return_val_if_fail (LULL_IS_RECORD (self), NULL);

  return self->notes;
}

void
lull_record_set_notes (LullRecord *self,
                       const char *notes)
{
  g_return_if_fail (LULL_IS_RECORD (self));

  set_string_field (self, &self->notes, notes, FALSE, PROP_NOTES);
}

/**
 * lull_record_clamp_to_limits:
 *
 * Brings a session within what the history saves: a pumping time over
 * %LULL_RECORD_MAX_PUMP_SECONDS becomes that limit (a timer left running,
 * not a session), only the first %LULL_RECORD_MAX_LETDOWNS let-downs are
 * kept, and of those none after pumping ended: what the history makes of
 * such a session when it reads one.
 *
 * Returns: whether anything changed
 */
gboolean
lull_record_clamp_to_limits (LullRecord *self)
{
  g_autoptr(GArray) kept = NULL;
  gboolean changed;

  g_return_val_if_fail (LULL_IS_RECORD (self), FALSE);

  changed = self->pump_seconds > LULL_RECORD_MAX_PUMP_SECONDS;
  g_object_freeze_notify (G_OBJECT (self));

  lull_record_set_pump_seconds (self, MIN (self->pump_seconds, LULL_RECORD_MAX_PUMP_SECONDS));

  kept = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < MIN (self->letdowns->len, LULL_RECORD_MAX_LETDOWNS); i++)
    {
      guint second = g_array_index (self->letdowns, guint, i);

      if (second <= self->pump_seconds)
        g_array_append_val (kept, second);
    }
  changed |= kept->len != self->letdowns->len;
  lull_record_set_letdowns (self, (const guint *)(gpointer)kept->data, kept->len);

  g_object_thaw_notify (G_OBJECT (self));

  return changed;
}

/**
 * lull_record_validate:
 *
 * Whether the values can be saved: each side 0 to 1000 mL (a total given
 * without sides up to twice that), the total the sum of the sides when
 * they are given, scores 1 to 5, at most %LULL_RECORD_MAX_PUMP_SECONDS of
 * pumping and %LULL_RECORD_MAX_LETDOWNS let-downs, and no let-down after
 * the pump stopped.
 * The error, in %LULL_HISTORY_ERROR_INVALID, is a sentence for the parent.
 */
gboolean
lull_record_validate (LullRecord  *self,
                      GError     **error)
{
  gboolean has_left, has_right;

  g_return_val_if_fail (LULL_IS_RECORD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  has_left = self->volume_left_ml != LULL_RECORD_NO_VALUE;
  has_right = self->volume_right_ml != LULL_RECORD_NO_VALUE;

  if (has_left != has_right)
    {
      g_set_error_literal (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_INVALID,
                           _("Only one side has a volume. Enter the volume of both sides, "
                             "or a single total."));
      return FALSE;
    }

  if (has_left)
    {
      if (!side_is_valid (self->volume_left_ml) || !side_is_valid (self->volume_right_ml))
        {
          g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_INVALID,
                       _("The volume of each side must be between 0 and %d mL. "
                         "Check the amounts you entered."),
                       LULL_RECORD_MAX_SIDE_ML);
          return FALSE;
        }

      if (self->volume_ml != self->volume_left_ml + self->volume_right_ml)
        {
          g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_INVALID,
                       _("The total volume (%d mL) is not the sum of the two sides "
                         "(%d mL and %d mL). Enter the amounts again."),
                       self->volume_ml, self->volume_left_ml, self->volume_right_ml);
          return FALSE;
        }
    }
  else if (self->volume_ml != LULL_RECORD_NO_VALUE &&
           (self->volume_ml < 0 || self->volume_ml > 2 * LULL_RECORD_MAX_SIDE_ML))
    {
      /* A single total covers both sides, so it may reach twice the limit
       * of one side. */
      g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_INVALID,
                   _("The total volume must be between 0 and %d mL. "
                     "Check the amount you entered."),
                   2 * LULL_RECORD_MAX_SIDE_ML);
      return FALSE;
    }

  if (!score_is_valid (self->ease))
    {
      g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_INVALID,
                   _("How easy the session felt must be a score from %d to %d. "
                     "Choose one of the scores, or none."),
                   SCORE_MIN, SCORE_MAX);
      return FALSE;
    }

  if (!score_is_valid (self->calm_before))
    {
      g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_INVALID,
                   _("How calm you felt before the session must be a score from %d to %d. "
                     "Choose one of the scores, or none."),
                   SCORE_MIN, SCORE_MAX);
      return FALSE;
    }

  if (!score_is_valid (self->calm_after))
    {
      g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_INVALID,
                   _("How calm you felt after the session must be a score from %d to %d. "
                     "Choose one of the scores, or none."),
                   SCORE_MIN, SCORE_MAX);
      return FALSE;
    }

  if (self->pump_seconds > LULL_RECORD_MAX_PUMP_SECONDS)
    {
      /* Translators: the longest pumping time, in hours. */
      g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_INVALID,
                   ngettext ("Lull saves at most %u hour of pumping, and this session is "
                             "longer. Correct the pumping time, then save again.",
                             "Lull saves at most %u hours of pumping, and this session is "
                             "longer. Correct the pumping time, then save again.",
                             LULL_RECORD_MAX_PUMP_SECONDS / 3600),
                   LULL_RECORD_MAX_PUMP_SECONDS / 3600);
      return FALSE;
    }

  if (self->letdowns->len > LULL_RECORD_MAX_LETDOWNS)
    {
      /* Translators: the most let-downs a session may hold, then how many
       * this one holds. */
      g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_INVALID,
                   ngettext ("Lull saves at most %u let-down per session, and this one has "
                             "%u. Remove the extra marks, then save again.",
                             "Lull saves at most %u let-downs per session, and this one has "
                             "%u. Remove the extra marks, then save again.",
                             LULL_RECORD_MAX_LETDOWNS),
                   (guint)LULL_RECORD_MAX_LETDOWNS, self->letdowns->len);
      return FALSE;
    }

  for (guint i = 0; i < self->letdowns->len; i++)
    {
      guint second = g_array_index (self->letdowns, guint, i);

      if (second > self->pump_seconds)
        {
          /* Translators: both times are minutes:seconds of pumping. */
          g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_INVALID,
                       _("A let-down is marked at %u:%02u, after pumping ended at %u:%02u. "
                         "Remove that mark or correct the pumping time."),
                       second / 60, second % 60,
                       self->pump_seconds / 60, self->pump_seconds % 60);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * lull_record_write_to_keyfile:
 * @keyfile: a history month, or any keyfile
 *
 * Writes the record into the group named by its key. Keys it knows and
 * has no value for are removed; keys it does not know are written back as
 * they were read; other keys already in the group are left alone.
 */
void
lull_record_write_to_keyfile (LullRecord *self,
                              GKeyFile   *keyfile)
{
  g_autofree char *start = NULL;
  const char *group;

  g_return_if_fail (LULL_IS_RECORD (self));
  g_return_if_fail (keyfile != NULL);

  group = self->key;
  start = format_local (self->start);

  g_key_file_set_value (keyfile, group, KEY_START, start);
  g_key_file_set_uint64 (keyfile, group, KEY_PRIME, self->prime_seconds);
  g_key_file_set_uint64 (keyfile, group, KEY_PUMP, self->pump_seconds);
  set_letdowns (keyfile, group, self->letdowns);
  set_optional_int (keyfile, group, KEY_VOLUME, self->volume_ml);
  set_optional_int (keyfile, group, KEY_VOLUME_LEFT, self->volume_left_ml);
  set_optional_int (keyfile, group, KEY_VOLUME_RIGHT, self->volume_right_ml);
  set_optional_int (keyfile, group, KEY_EASE, self->ease);
  set_optional_int (keyfile, group, KEY_CALM_BEFORE, self->calm_before);
  set_optional_int (keyfile, group, KEY_CALM_AFTER, self->calm_after);
  set_optional_string (keyfile, group, KEY_ROUTINE, self->routine);
  set_optional_string (keyfile, group, KEY_PLACE, self->place);
  set_cues (keyfile, group, self->cues);
  set_optional_string (keyfile, group, KEY_AUDIO, self->audio);
  set_optional_string (keyfile, group, KEY_NOTES, self->notes);

  for (guint i = 0; self->extra_keys != NULL && i < self->extra_keys->len; i++)
    {
      const char *raw = g_ptr_array_index (self->extra_values, i);
      gsize length = strlen (raw);
      g_autofree char *kept = NULL;

      /* A reader takes a '\r' before the line's end for part of the end,
       * as GKeyFile does: a value that ends in one needs one more to come
       * back whole. */
      if (length > 0 && raw[length - 1] == '\r')
        raw = kept = g_strconcat (raw, "\r", NULL);

      g_key_file_set_value (keyfile, group, g_ptr_array_index (self->extra_keys, i), raw);
    }
}

/**
 * lull_record_dup_start_text:
 *
 * Returns: (transfer full): the start as the `start` key has it, ISO 8601
 *   in local time with the offset: `2026-11-23T07:40:12+01:00`
 */
char *
lull_record_dup_start_text (LullRecord *self)
{
  g_return_val_if_fail (LULL_IS_RECORD (self), NULL);

  return format_local (self->start);
}

/**
 * lull_record_new_from_keyfile:
 * @group: a session's group, named by its start in UTC
 *
 * Reads one session. A missing or unreadable `start`, a group name that
 * is not the same moment, or a value of the wrong type fails with
 * %LULL_HISTORY_ERROR_DAMAGED; an empty value is one not recorded; values
 * out of range are left for lull_record_validate(). A key given twice (a
 * group repeated in the file) counts once, with its last value.
 *
 * Returns: (transfer full) (nullable): the record
 */
LullRecord *
lull_record_new_from_keyfile (GKeyFile    *keyfile,
                              const char  *group,
                              GError     **error)
{
  g_auto(GStrv) keys = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize n_keys;

  g_return_val_if_fail (keyfile != NULL, NULL);
  g_return_val_if_fail (group != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  keys = g_key_file_get_keys (keyfile, group, &n_keys, &local_error);
  if (keys == NULL)
    {
      g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED,
                   _("The session “%s” is not in the file."), group);
      return NULL;
    }

  /* g_key_file_get_keys() lists a key of a repeated group once per
   * repetition; g_key_file_get_value() gives the last value each time. */
  values = g_ptr_array_new_full (n_keys, g_free);
  for (gsize i = 0; i < n_keys; i++)
    g_ptr_array_add (values, g_key_file_get_value (keyfile, group, keys[i], NULL));

  return read_record (group, (const char * const *)keys, (const char * const *)values->pdata,
                      (guint)n_keys, NULL, NULL, error);
}

/**
 * lull_record_new_from_fields:
 * @group: the session's group name, as the file has it
 * @keys: (array length=n_fields): the group's keys, in file order
 * @values: (array length=n_fields): their raw (still escaped) values, valid
 *   UTF-8
 * @n_fields: how many keys there are
 * @file_name: the month file's display name, such as `2026-11.ini`
 * @problems: (nullable) (element-type utf8): where to add one translated
 *   sentence per value left out or changed
 *
 * The history's reader. A session whose group name is not a time, or
 * whose `start` is missing, unreadable or another moment, is skipped:
 * %NULL and a %LULL_HISTORY_ERROR_DAMAGED sentence naming the file and the
 * session. Otherwise every value that cannot be read or is out of range is
 * left out (a pumping time over %LULL_RECORD_MAX_PUMP_SECONDS is counted as
 * that limit, let-downs beyond %LULL_RECORD_MAX_LETDOWNS or after pumping
 * ended are left out), each with a sentence in @problems naming the file,
 * the session and the key. An empty value is one not recorded. A key given
 * twice counts once, with its last value.
 *
 * Returns: (transfer full) (nullable): a record that lull_record_validate()
 *   accepts
 */
LullRecord *
lull_record_new_from_fields (const char          *group,
                             const char * const  *keys,
                             const char * const  *values,
                             guint                n_fields,
                             const char          *file_name,
                             GPtrArray           *problems,
                             GError             **error)
{
  g_return_val_if_fail (group != NULL, NULL);
  g_return_val_if_fail (keys != NULL || n_fields == 0, NULL);
  g_return_val_if_fail (values != NULL || n_fields == 0, NULL);
  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return read_record (group, keys, values, n_fields, file_name, problems, error);
}
