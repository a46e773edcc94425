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

/* One finished session, exactly as one group of a history file holds it
 * (design.md, "History file format (version 1)"). The file is a contract
 * with the exporter, the statistics and outside tools, so this class reads
 * what the contract allows and writes exactly the contract's shape, and a
 * key it does not know travels through untouched: a newer Lull may have
 * written it.
 *
 * Reading only checks that each value has the right type; whether the
 * values make sense is lull_record_validate()'s job, so that the history
 * and an importer can tell "unreadable" from "out of range". Both kinds of
 * error are in the history's domain because the history is where a parent
 * meets them. */

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

struct _LullRecord
{
  GObject    parent_instance;

  GDateTime *start;
  char      *key;
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

  char      *routine;
  char      *place;
  GStrv      cues;
  char      *audio;
  char      *notes;

  /* Keys this version does not know, with their raw (still escaped)
   * values, in the order the file had them. */
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

static char *
format_key (GDateTime *start)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (start);
  int year, month, day;

  /* By hand rather than with g_date_time_format(): this runs once per
   * session when years of history load. */
  g_date_time_get_ymd (utc, &year, &month, &day);

  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day,
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

static gboolean
set_string_field (LullRecord  *self,
                  char       **field,
                  const char  *value,
                  guint        prop_id)
{
  /* An empty answer and no answer are the same thing to the history. */
  if (value != NULL && value[0] == '\0')
    value = NULL;

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
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

static void
set_unreadable_value (GError     **error,
                      const char  *group,
                      const char  *key,
                      const char  *raw)
{
  /* Translators: the first %s names a session by its start in UTC, as
   * in “2026-11-23T10:15:02Z”; then come a key and its value as the file
   * has them. */
  g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED,
               _("The session “%s” has a value Lull cannot read: %s=%s."),
               group, key, raw);
}

static gboolean
parse_unsigned (const char  *group,
                const char  *key,
                const char  *raw,
                guint       *out,
                GError     **error)
{
  guint64 number;

  if (!g_ascii_string_to_unsigned (raw, 10, 0, G_MAXUINT, &number, NULL))
    {
      set_unreadable_value (error, group, key, raw);
      return FALSE;
    }

  *out = (guint)number;
  return TRUE;
}

static gboolean
parse_int (const char  *group,
           const char  *key,
           const char  *raw,
           int         *out,
           GError     **error)
{
  gint64 number;

  if (!g_ascii_string_to_signed (raw, 10, G_MININT, G_MAXINT, &number, NULL))
    {
      set_unreadable_value (error, group, key, raw);
      return FALSE;
    }

  *out = (int)number;
  return TRUE;
}

static gboolean
parse_letdowns (LullRecord  *self,
                const char  *group,
                const char  *raw,
                GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (raw, ";", -1);
  guint n_parts = g_strv_length (parts);

  /* A trailing separator, as g_key_file_set_integer_list() writes, is no
   * extra let-down. */
  if (n_parts > 0 && *g_strstrip (parts[n_parts - 1]) == '\0')
    n_parts--;

  for (guint i = 0; i < n_parts; i++)
    {
      guint second;

      if (!parse_unsigned (group, KEY_LETDOWNS, g_strstrip (parts[i]), &second, NULL))
        {
          set_unreadable_value (error, group, KEY_LETDOWNS, raw);
          return FALSE;
        }

      g_array_append_val (self->letdowns, second);
    }

  return TRUE;
}

static gboolean
parse_string (GKeyFile    *keyfile,
              const char  *group,
              const char  *key,
              char       **out,
              GError     **error)
{
  g_autofree char *value = NULL;
  g_autoptr(GError) local_error = NULL;

  /* GLib hands back a string even when it also reports a bad escape; the
   * error is what counts. */
  value = g_key_file_get_string (keyfile, group, key, &local_error);
  if (local_error != NULL)
    {
      g_autofree char *raw = g_key_file_get_value (keyfile, group, key, NULL);

      set_unreadable_value (error, group, key, raw != NULL ? raw : "");
      return FALSE;
    }

  g_free (*out);
  *out = value[0] != '\0' ? g_steal_pointer (&value) : NULL;

  return TRUE;
}

static gboolean
parse_cues (LullRecord  *self,
            GKeyFile    *keyfile,
            const char  *group,
            GError     **error)
{
  g_auto(GStrv) cues = NULL;
  g_autoptr(GError) local_error = NULL;

  cues = g_key_file_get_string_list (keyfile, group, KEY_CUES, NULL, &local_error);
  if (local_error != NULL)
    {
      g_autofree char *raw = g_key_file_get_value (keyfile, group, KEY_CUES, NULL);

      set_unreadable_value (error, group, KEY_CUES, raw != NULL ? raw : "");
      return FALSE;
    }

  g_clear_pointer (&self->cues, g_strfreev);
  if (cues != NULL && cues[0] != NULL)
    self->cues = g_steal_pointer (&cues);

  return TRUE;
}

static gboolean
parse_key (LullRecord  *self,
           GKeyFile    *keyfile,
           const char  *group,
           const char  *key,
           GError     **error)
{
  g_autofree char *raw = NULL;

  /* The strings first: they are read unescaped, not raw. */
  if (g_str_equal (key, KEY_START))
    return TRUE;
  else if (g_str_equal (key, KEY_ROUTINE))
    return parse_string (keyfile, group, key, &self->routine, error);
  else if (g_str_equal (key, KEY_PLACE))
    return parse_string (keyfile, group, key, &self->place, error);
  else if (g_str_equal (key, KEY_CUES))
    return parse_cues (self, keyfile, group, error);
  else if (g_str_equal (key, KEY_AUDIO))
    return parse_string (keyfile, group, key, &self->audio, error);
  else if (g_str_equal (key, KEY_NOTES))
    return parse_string (keyfile, group, key, &self->notes, error);

  raw = g_key_file_get_value (keyfile, group, key, NULL);

  if (g_str_equal (key, KEY_PRIME))
    return parse_unsigned (group, key, g_strstrip (raw), &self->prime_seconds, error);
  else if (g_str_equal (key, KEY_PUMP))
    return parse_unsigned (group, key, g_strstrip (raw), &self->pump_seconds, error);
  else if (g_str_equal (key, KEY_LETDOWNS))
    return parse_letdowns (self, group, raw, error);
  else if (g_str_equal (key, KEY_VOLUME))
    return parse_int (group, key, g_strstrip (raw), &self->volume_ml, error);
  else if (g_str_equal (key, KEY_VOLUME_LEFT))
    return parse_int (group, key, g_strstrip (raw), &self->volume_left_ml, error);
  else if (g_str_equal (key, KEY_VOLUME_RIGHT))
    return parse_int (group, key, g_strstrip (raw), &self->volume_right_ml, error);
  else if (g_str_equal (key, KEY_EASE))
    return parse_int (group, key, g_strstrip (raw), &self->ease, error);
  else if (g_str_equal (key, KEY_CALM_BEFORE))
    return parse_int (group, key, g_strstrip (raw), &self->calm_before, error);
  else if (g_str_equal (key, KEY_CALM_AFTER))
    return parse_int (group, key, g_strstrip (raw), &self->calm_after, error);

  /* Kept raw, so that writing it back cannot change a single byte of a
   * value this version does not understand. */
  g_ptr_array_add (self->extra_keys, g_strdup (key));
  g_ptr_array_add (self->extra_values, g_steal_pointer (&raw));

  return TRUE;
}

static GDateTime *
parse_start (GKeyFile    *keyfile,
             const char  *group,
             GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) start = NULL;

  text = g_key_file_get_value (keyfile, group, KEY_START, NULL);
  if (text == NULL)
    {
      g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED,
                   _("The session “%s” has no start time, so Lull cannot place it in the "
                     "history."),
                   group);
      return NULL;
    }

  /* Without a default zone, a time with no offset is refused: its local
   * date would be a guess. */
  start = g_date_time_new_from_iso8601 (g_strstrip (text), NULL);
  if (start == NULL || !start_in_range (start))
    {
      g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED,
                   _("The session “%s” has a start time Lull cannot read (“%s”), "
                     "so Lull cannot place it in the history."),
                   group, text);
      return NULL;
    }

  return g_steal_pointer (&start);
}

static gboolean
check_group_name (LullRecord  *self,
                  const char  *group,
                  GError     **error)
{
  g_autoptr(GDateTime) named = NULL;
  g_autofree char *start = NULL;

  /* As Lull writes it: nothing to parse. */
  if (g_str_equal (group, self->key))
    return TRUE;

  /* The group name is the session's identity (duplicates are found by
   * it), so another spelling must still name the same moment. */
  named = g_date_time_new_from_iso8601 (group, NULL);
  if (named != NULL && g_date_time_to_unix (named) == g_date_time_to_unix (self->start))
    return TRUE;

  start = format_local (self->start);
  g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED,
               _("The session “%s” says it started at %s, a different time, "
                 "so Lull cannot tell which one is right."),
               group, start);
  return FALSE;
}

static void
lull_record_constructed (GObject *object)
{
  LullRecord *self = LULL_RECORD (object);

  G_OBJECT_CLASS (lull_record_parent_class)->constructed (object);

  /* A record is named by its start; there is no record without one. */
  g_assert (self->start != NULL);

  self->key = format_key (self->start);
  g_date_clear (&self->local_date, 1);
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
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->letdowns, g_array_unref);
  g_clear_pointer (&self->routine, g_free);
  g_clear_pointer (&self->place, g_free);
  g_clear_pointer (&self->cues, g_strfreev);
  g_clear_pointer (&self->audio, g_free);
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
  self->extra_keys = g_ptr_array_new_with_free_func (g_free);
  self->extra_values = g_ptr_array_new_with_free_func (g_free);
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

  set_string_field (self, &self->routine, routine_id, PROP_ROUTINE);
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

  set_string_field (self, &self->place, place, PROP_PLACE);
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

  g_strfreev (self->cues);
  self->cues = g_strdupv ((char **)cues);
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

  set_string_field (self, &self->audio, audio, PROP_AUDIO);
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

  set_string_field (self, &self->notes, notes, PROP_NOTES);
}

/**
 * lull_record_validate:
 *
 * Whether the values can be saved: each side 0 to 1000 mL (a total given
 * without sides up to twice that), the total the sum of the sides when
 * they are given, scores 1 to 5, and no let-down after the pump stopped.
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

  for (guint i = 0; i < self->extra_keys->len; i++)
    g_key_file_set_value (keyfile, group,
                          g_ptr_array_index (self->extra_keys, i),
                          g_ptr_array_index (self->extra_values, i));
}

/**
 * lull_record_new_from_keyfile:
 * @group: a session's group, named by its start in UTC
 *
 * Reads one session. A missing or unreadable `start`, a group name that
 * is not the same moment, or a value of the wrong type fails with
 * %LULL_HISTORY_ERROR_DAMAGED; values out of range are left for
 * lull_record_validate().
 *
 * Returns: (transfer full) (nullable): the record
 */
LullRecord *
lull_record_new_from_keyfile (GKeyFile    *keyfile,
                              const char  *group,
                              GError     **error)
{
  g_autoptr(LullRecord) self = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_auto(GStrv) keys = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (keyfile != NULL, NULL);
  g_return_val_if_fail (group != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  keys = g_key_file_get_keys (keyfile, group, NULL, &local_error);
  if (keys == NULL)
    {
      g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED,
                   _("The session “%s” is not in the file."), group);
      return NULL;
    }

  start = parse_start (keyfile, group, error);
  if (start == NULL)
    return NULL;

  self = lull_record_new (start);
  if (!check_group_name (self, group, error))
    return NULL;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (!parse_key (self, keyfile, group, keys[i], error))
        return NULL;
    }

  return g_steal_pointer (&self);
}
