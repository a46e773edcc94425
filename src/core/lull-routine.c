/* lull-routine.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "lull-file.h"
#include "lull-routine.h"

/* Routine files, version 1 (data/routines/README.md is the reference).
 * Built-in routines and the parent's own files go through this one parser.
 * A routine file may come from anywhere (a forum, a counsellor, a damaged
 * disk), so everything is checked, the error names the group and the key,
 * and a hostile file is refused before it costs memory or time: the size
 * and the number of steps are checked before the keyfile is even parsed. */

/* Far more than 100 steps with every translation of every prompt. */
#define MAX_FILE_BYTES        (1024 * 1024)
#define MAX_ID_BYTES          64
#define MAX_DESCRIPTION_CHARS 1000
#define MIN_PUMP_MINUTES      1
#define MAX_PUMP_MINUTES      120
/* The same range as lull_step_set_breaths_per_minute() accepts. */
#define MIN_BREATHS           3.0
#define MAX_BREATHS           30.0
/* At most this many problems are spelled out in one message; the rest are
 * counted. A file with a hundred bad steps needs the first few fixed, not
 * a page of sentences. */
#define MAX_LISTED_PROBLEMS   5
/* Group names, keys and values quoted in a message are cut to this many
 * characters, and GLib's own messages (which quote a whole line) to
 * MAX_QUOTED_LINE_CHARS: a hostile file must not make a message of a
 * megabyte. */
#define MAX_QUOTED_CHARS      40
#define MAX_QUOTED_LINE_CHARS 160

#define FORMAT_VERSION        1
#define ROUTINE_GROUP         "Routine"
#define STEP_GROUP_PREFIX     "Step "
#define UNTIL_NEXT            "until-next"

struct _LullRoutine
{
  GObject    parent_instance;

  char      *id;
  char      *name;
  char      *description;
  char      *audio;
  guint      pump_seconds;
  gboolean   builtin;

  GPtrArray *steps;
  guint      n_prepare_steps;

  /* The file as read, translations and comments included, for the
   * editor; and its name in the routines folder (NULL when built in). */
  GKeyFile  *keyfile;
  char      *file_name;
};

G_DEFINE_FINAL_TYPE (LullRoutine, lull_routine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_PUMP_SECONDS,
  PROP_BUILTIN,
  PROP_N_STEPS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_QUARK (lull-routine-error-quark, lull_routine_error)

typedef struct
{
  /* The file's name for messages, or NULL for data from elsewhere. */
  const char         *source;
  const char * const *languages;
  GKeyFile           *keyfile;

  /* Every problem found so far, each a sentence naming its group and key,
   * so that a file with three bad durations is fixed in one go. The error
   * takes the code of the first. */
  GPtrArray          *problems;
  guint               n_problems;
  int                 code;

  /* Every problem again, unabridged, as LullRoutineProblems (or NULL). */
  GPtrArray          *details;
} Parser;

/* Text from the file, safe and short enough to quote in a message. */
static char *
shorten (const char *text,
         glong       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *start = NULL;

  if (g_utf8_strlen (valid, -1) <= max_chars)
    return g_steal_pointer (&valid);

  start = g_utf8_substring (valid, 0, max_chars - 1);

  return g_strconcat (start, "…", NULL);
}

static char *
quote (const char *text)
{
  return shorten (text, MAX_QUOTED_CHARS);
}

static void add_problem (Parser     *parser,
                         int         code,
                         const char *group,
                         const char *key,
                         const char *format,
                         ...) G_GNUC_PRINTF (5, 6);

static void
add_problem (Parser     *parser,
             int         code,
             const char *group,
             const char *key,
             const char *format,
             ...)
{
  g_autofree char *detail = NULL;
  char *where;
  va_list args;

  if (parser->n_problems++ == 0)
    parser->code = code;
  if (parser->problems->len == MAX_LISTED_PROBLEMS && parser->details == NULL)
    return;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  if (parser->details != NULL)
    {
      LullRoutineProblem *problem = g_new0 (LullRoutineProblem, 1);
      gunichar first = g_utf8_get_char (detail);
      char upper[8] = { 0 };

      /* The detail goes after the group and key in a sentence; on its own
       * it is one, so it starts with a capital. */
      g_unichar_to_utf8 (g_unichar_totitle (first), upper);
      problem->group = g_strdup (group);
      problem->key = g_strdup (key);
      problem->message = g_strconcat (upper, g_utf8_next_char (detail), NULL);
      g_ptr_array_add (parser->details, problem);
    }

  if (group != NULL && key != NULL)
    {
      g_autofree char *quoted_group = quote (group);
      g_autofree char *quoted_key = quote (key);

      /* Translators: the group of a routine file, the key in it, then what is wrong. */
      where = g_strdup_printf (_("“%s”, key “%s”: %s"), quoted_group, quoted_key, detail);
    }
  else if (group != NULL)
    {
      g_autofree char *quoted_group = quote (group);

      /* Translators: the group of a routine file, then what is wrong. */
      where = g_strdup_printf (_("“%s”: %s"), quoted_group, detail);
    }
  else
    where = g_steal_pointer (&detail);

  if (parser->problems->len < MAX_LISTED_PROBLEMS)
    g_ptr_array_add (parser->problems, where);
  else
    g_free (where);
}

/* One error for all the problems found, naming the file. */
static gboolean
take_problems (Parser  *parser,
               GError **error)
{
  g_autoptr(GString) what = NULL;

  if (parser->n_problems == 0)
    return FALSE;

  what = g_string_new (NULL);
  for (guint i = 0; i < parser->problems->len; i++)
    {
      if (i > 0)
        g_string_append_c (what, ' ');
      g_string_append (what, g_ptr_array_index (parser->problems, i));
    }

  if (parser->n_problems > parser->problems->len)
    {
      guint more = parser->n_problems - parser->problems->len;

      g_string_append_c (what, ' ');
      g_string_append_printf (what,
                              ngettext ("There is %u more problem after these.",
                                        "There are %u more problems after these.",
                                        more),
                              more);
    }

  if (parser->source != NULL)
    g_set_error (error, LULL_ROUTINE_ERROR, parser->code,
                 _("The routine “%s” could not be read: %s"), parser->source, what->str);
  else
    g_set_error (error, LULL_ROUTINE_ERROR, parser->code,
                 _("This routine could not be read: %s"), what->str);

  return TRUE;
}

/* The routine's raw text, one line at a time, as GKeyFile reads it: the
 * checks below look at it before GKeyFile does, to name lines by number. */
typedef struct
{
  const char *line;   /* where the line begins */
  const char *start;  /* its first character that is not white space */
  const char *next;   /* its end: the newline, or the end of the text */
  const char *rest;   /* where the following line begins */
  const char *end;
  guint       number; /* from 1 */
} LineWalk;

static void
line_walk_init (LineWalk   *walk,
                const char *data,
                gsize       length)
{
  walk->rest = data;
  walk->end = data + length;
  walk->number = 0;
}

static gboolean
line_walk_next (LineWalk *walk)
{
  walk->line = walk->rest;
  if (walk->line >= walk->end)
    return FALSE;

  walk->number++;
  walk->next = memchr (walk->line, '\n', walk->end - walk->line);
  if (walk->next == NULL)
    walk->next = walk->end;
  walk->rest = walk->next + 1;

  walk->start = walk->line;
  while (walk->start < walk->next && g_ascii_isspace (*walk->start))
    walk->start++;

  return TRUE;
}

/* For a group line, its name as GKeyFile reads it: up to the last ']'. */
static gboolean
line_walk_group (LineWalk    *walk,
                 const char **name,
                 gsize       *name_length)
{
  const char *close = walk->next - 1;

  if (walk->start >= walk->next || *walk->start != '[')
    return FALSE;

  while (close > walk->start && *close != ']')
    close--;
  if (close == walk->start)
    return FALSE;

  *name = walk->start + 1;
  *name_length = close - *name;
  return TRUE;
}

/* Counted on the raw text, before GKeyFile builds a group for each one: a
 * hostile file with 10,000 steps is refused after one pass over its lines. */
static gboolean
too_many_step_groups (const char *data,
                      gsize       length)
{
  LineWalk walk;
  guint n_steps = 0;

  line_walk_init (&walk, data, length);
  while (line_walk_next (&walk))
    {
      if ((gsize)(walk.next - walk.start) >= strlen ("[" STEP_GROUP_PREFIX)
          && strncmp (walk.start, "[" STEP_GROUP_PREFIX, strlen ("[" STEP_GROUP_PREFIX)) == 0)
        {
          n_steps++;
          if (n_steps > LULL_ROUTINE_MAX_STEPS)
            return TRUE;
        }
    }

  return FALSE;
}

/* GKeyFile takes some bytes that are not UTF-8 as they come; a routine's
 * text is shown on screen, so it must be text. Each line that is not is
 * named by the group and the key GKeyFile would give it (a file saved in
 * Latin-1 is bad only where it has an accent), or the file is not text at
 * all when that happens before any group. */
static gboolean
check_utf8 (Parser     *parser,
            const char *data,
            gsize       length)
{
  LineWalk walk;
  const char *group = NULL;
  gsize group_length = 0;
  gboolean valid = TRUE;

  if (g_utf8_validate (data, length, NULL))
    return TRUE;

  line_walk_init (&walk, data, length);
  while (line_walk_next (&walk))
    {
      const char *start = walk.start;
      const char *next = walk.next;
      guint number = walk.number;
      const char *bad;

      if (!g_utf8_validate (walk.line, next - walk.line, &bad))
        {
          const char *equals = memchr (start, '=', next - start);
          g_autofree char *group_name = NULL;
          g_autofree char *key = NULL;

          valid = FALSE;
          if (group == NULL)
            {
              add_problem (parser, LULL_ROUTINE_ERROR_NOT_A_ROUTINE, NULL, NULL,
                           _("the file is not text. Choose a file that ends in “.lullroutine”."));
              return FALSE;
            }

          group_name = g_strndup (group, group_length);
          if (*start != '#' && *start != '[' && equals != NULL && equals < bad)
            key = g_strstrip (g_strndup (start, equals - start));

          if (key != NULL && key[0] != '\0')
            add_problem (parser, LULL_ROUTINE_ERROR_NOT_A_ROUTINE, group_name, key,
                         _("the text on line %u is not UTF-8. Save the file as UTF-8 text."),
                         number);
          else
            add_problem (parser, LULL_ROUTINE_ERROR_NOT_A_ROUTINE, group_name, NULL,
                         _("line %u is not UTF-8 text. Save the file as UTF-8 text."),
                         number);
        }
      else
        line_walk_group (&walk, &group, &group_length);
    }

  return valid;
}

/* GKeyFile says a line is wrong by quoting all of it, and not where it is.
 * The usual mistake, a line that is neither a group, a key nor a comment
 * (a word wrapped onto the next line by an editor), is named by its
 * number and its group instead. */
static gboolean
report_bad_line (Parser     *parser,
                 const char *data,
                 gsize       length)
{
  LineWalk walk;
  g_autofree char *group = NULL;
  const char *name;
  gsize name_length;

  line_walk_init (&walk, data, length);
  while (line_walk_next (&walk))
    {
      const char *start = walk.start;
      const char *next = walk.next;

      if (start == next || *start == '#')
        continue;

      if (line_walk_group (&walk, &name, &name_length))
        {
          g_free (group);
          group = g_strndup (name, name_length);
        }
      else if (*start == '=' || memchr (start, '=', next - start) == NULL)
        {
          add_problem (parser, LULL_ROUTINE_ERROR_NOT_A_ROUTINE, group, NULL,
                       _("line %u is not a group, a key or a comment. Write it as "
                         "“key=value”, or start it with “#”."),
                       walk.number);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
parse_whole_number (const char *text,
                    guint64     min,
                    guint64     max,
                    guint64    *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));

  return g_ascii_string_to_unsigned (copy, 10, min, max, out, NULL);
}

static gboolean
id_is_valid (const char *id)
{
  gsize length = strlen (id);

  if (length == 0 || length > MAX_ID_BYTES)
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    {
      if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_variant_of (const char *candidate,
               const char *key)
{
  gsize key_length = strlen (key);

  if (g_str_equal (candidate, key))
    return TRUE;

  return strncmp (candidate, key, key_length) == 0
         && candidate[key_length] == '['
         && g_str_has_suffix (candidate, "]");
}

static void
add_unreadable (Parser     *parser,
                const char *group,
                const char *key)
{
  add_problem (parser, LULL_ROUTINE_ERROR_BAD_VALUE, group, key,
               _("the text cannot be read. Check its backslashes: write “\\\\” for one."));
}

/* The escapes GKeyFile knows: \s, \n, \t, \r and \\. They are checked
 * before GKeyFile reads the value, because GLib 2.74 sets one GError over
 * another (a warning, fatal in tests and the fuzzer) for a value with both
 * a bad escape and a backslash at its end. */
static gboolean
escapes_are_valid (const char *raw)
{
  for (const char *p = raw; *p != '\0'; p++)
    {
      if (*p != '\\')
        continue;

      p++;
      if (*p == '\0' || strchr ("sntr\\", *p) == NULL)
        return FALSE;
    }

  return TRUE;
}

/* The text of @key, or NULL when there is none; a value GKeyFile cannot
 * read (a stray backslash) is a problem, not a missing key. */
static char *
get_string (Parser     *parser,
            const char *group,
            const char *key)
{
  g_autofree char *raw = NULL;
  char *value;

  raw = g_key_file_get_value (parser->keyfile, group, key, NULL);
  if (raw == NULL)
    return NULL;

  value = escapes_are_valid (raw)
          ? g_key_file_get_string (parser->keyfile, group, key, NULL)
          : NULL;
  if (value == NULL)
    add_unreadable (parser, group, key);

  return value;
}

/* Every translation is checked, not only the one shown now: a file must
 * not load in one language and fail in another. A required text needs its
 * untranslated form, the fallback for every other language. */
static void
check_text (Parser     *parser,
            const char *group,
            const char *key,
            guint       max_chars,
            gboolean    required)
{
  g_auto(GStrv) keys = g_key_file_get_keys (parser->keyfile, group, NULL, NULL);
  gboolean untranslated = FALSE;

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *value = NULL;
      g_autofree char *stripped = NULL;

      if (!is_variant_of (keys[i], key))
        continue;

      untranslated |= g_str_equal (keys[i], key);
      value = get_string (parser, group, keys[i]);
      if (value == NULL)
        continue;

      stripped = g_strstrip (g_strdup (value));
      if (required && stripped[0] == '\0')
        add_problem (parser, LULL_ROUTINE_ERROR_BAD_VALUE, group, keys[i],
                     _("the text is empty."));
      else if (g_utf8_strlen (value, -1) > max_chars)
        add_problem (parser, LULL_ROUTINE_ERROR_BAD_VALUE, group, keys[i],
                     _("the text is longer than %u characters. Shorten it."),
                     max_chars);
    }

  if (required && !untranslated)
    add_problem (parser, LULL_ROUTINE_ERROR_MISSING_KEY, group, key,
                 _("the key is missing."));
}

/* The first language of the list that the file has a translation for;
 * g_key_file_get_locale_string() alone would stop at the first language
 * and fall back to the untranslated text. */
static char *
get_localized (Parser     *parser,
               const char *group,
               const char *key)
{
  for (guint i = 0; parser->languages[i] != NULL; i++)
    {
      g_autofree char *locale = NULL;

      locale = g_key_file_get_locale_for_key (parser->keyfile, group, key,
                                              parser->languages[i]);
      if (locale != NULL)
        return g_key_file_get_locale_string (parser->keyfile, group, key,
                                             parser->languages[i], NULL);
    }

  return g_key_file_get_string (parser->keyfile, group, key, NULL);
}

/* Returns FALSE when nothing after it can be trusted: no [Routine] group,
 * or a version this parser does not read. Other problems are collected. */
static void check_track_id (Parser     *parser,
                            const char *group,
                            const char *key,
                            const char *id);

static gboolean
parse_header (Parser      *parser,
              LullRoutine *self)
{
  GKeyFile *keyfile = parser->keyfile;
  g_autofree char *version = NULL;
  g_autofree char *id = NULL;
  g_autofree char *pump_minutes = NULL;
  g_autofree char *audio = NULL;
  guint n_problems = parser->n_problems;
  guint64 number;

  if (!g_key_file_has_group (keyfile, ROUTINE_GROUP))
    {
      add_problem (parser, LULL_ROUTINE_ERROR_MISSING_GROUP, NULL, NULL,
                   _("the group “%s” is missing. Is this a Lull routine file?"),
                   ROUTINE_GROUP);
      return FALSE;
    }

  /* The version first: a newer format may have other keys altogether. */
  version = g_key_file_get_value (keyfile, ROUTINE_GROUP, "version", NULL);
  if (version == NULL)
    {
      add_problem (parser, LULL_ROUTINE_ERROR_MISSING_KEY, ROUTINE_GROUP, "version",
                   _("the key is missing."));
      return FALSE;
    }
  if (!parse_whole_number (version, 0, G_MAXUINT, &number))
    {
      g_autofree char *quoted = quote (version);

      add_problem (parser, LULL_ROUTINE_ERROR_BAD_VALUE, ROUTINE_GROUP, "version",
                   _("“%s” is not a version number."), quoted);
      return FALSE;
    }
  if (number > FORMAT_VERSION)
    {
      add_problem (parser, LULL_ROUTINE_ERROR_UNSUPPORTED_VERSION, ROUTINE_GROUP, "version",
                   _("the file is of version %s, made for a newer Lull. "
                     "Update Lull to use it."),
                   g_strstrip (version));
      return FALSE;
    }
  if (number != FORMAT_VERSION)
    {
      add_problem (parser, LULL_ROUTINE_ERROR_UNSUPPORTED_VERSION, ROUTINE_GROUP, "version",
                   _("Lull reads routine files of version %d, not %s."),
                   FORMAT_VERSION, g_strstrip (version));
      return FALSE;
    }

  if (!g_key_file_has_key (keyfile, ROUTINE_GROUP, "id", NULL))
    add_problem (parser, LULL_ROUTINE_ERROR_MISSING_KEY, ROUTINE_GROUP, "id",
                 _("the key is missing."));
  else
    id = get_string (parser, ROUTINE_GROUP, "id");

  if (id != NULL && !id_is_valid (g_strstrip (id)))
    add_problem (parser, LULL_ROUTINE_ERROR_BAD_VALUE, ROUTINE_GROUP, "id",
                 _("use 1 to %d lower-case letters, digits and hyphens, "
                   "like “evening-calm”."),
                 MAX_ID_BYTES);

  check_text (parser, ROUTINE_GROUP, "name", LULL_ROUTINE_MAX_NAME_CHARS, TRUE);
  check_text (parser, ROUTINE_GROUP, "description", MAX_DESCRIPTION_CHARS, FALSE);

  self->pump_seconds = LULL_ROUTINE_DEFAULT_PUMP_SECONDS;
  pump_minutes = g_key_file_get_value (keyfile, ROUTINE_GROUP, "pump-minutes", NULL);
  if (pump_minutes != NULL)
    {
      if (parse_whole_number (pump_minutes, MIN_PUMP_MINUTES, MAX_PUMP_MINUTES, &number))
        self->pump_seconds = (guint)number * 60;
      else
        add_problem (parser, LULL_ROUTINE_ERROR_BAD_VALUE, ROUTINE_GROUP, "pump-minutes",
                     _("use a whole number of minutes from %d to %d."),
                     MIN_PUMP_MINUTES, MAX_PUMP_MINUTES);
    }

  /* The track that plays through the whole session, unless a step names
   * its own. */
  audio = get_string (parser, ROUTINE_GROUP, "audio");
  if (audio != NULL)
    check_track_id (parser, ROUTINE_GROUP, "audio", g_strstrip (audio));

  if (parser->n_problems == n_problems)
    {
      self->id = g_steal_pointer (&id);
      self->audio = g_steal_pointer (&audio);
      self->name = get_localized (parser, ROUTINE_GROUP, "name");
      self->description = get_localized (parser, ROUTINE_GROUP, "description");
      if (self->description == NULL)
        self->description = g_strdup ("");
    }

  return TRUE;
}

/* Files name tracks by id, never by path: lull_track_id_is_valid(). The
 * id goes on into the history, so a path here would end up there too. */
static void
check_track_id (Parser     *parser,
                const char *group,
                const char *key,
                const char *id)
{
  if (lull_track_id_is_valid (id))
    return;

  if (id[0] == '\0')
    add_problem (parser, LULL_ROUTINE_ERROR_BAD_VALUE, group, key,
                 _("the key is empty. Name a track, like “builtin:rain”, or remove the key."));
  else if (strlen (id) > LULL_TRACK_ID_MAX_BYTES)
    add_problem (parser, LULL_ROUTINE_ERROR_BAD_VALUE, group, key,
                 _("the track’s name is longer than %d bytes. Use a shorter name."),
                 LULL_TRACK_ID_MAX_BYTES);
  else if (g_str_has_prefix (id, LULL_TRACK_ID_BUILTIN_PREFIX))
    add_problem (parser, LULL_ROUTINE_ERROR_BAD_VALUE, group, key,
                 _("after “%s” use 1 to %d lower-case letters, digits and hyphens, "
                   "like “builtin:rain”."),
                 LULL_TRACK_ID_BUILTIN_PREFIX, LULL_TRACK_ID_MAX_BUILTIN_NAME);
  else
    add_problem (parser, LULL_ROUTINE_ERROR_BAD_VALUE, group, key,
                 _("name a track by its id, like “builtin:rain”, or by the name of "
                   "a file in Lull’s audio folder. A folder, a path or an address "
                   "such as “file:” cannot be used."));
}

/* Every key of the step is checked, so that all its problems are named at
 * once; the step is made only if there are none. */
static LullStep *
parse_step (Parser     *parser,
            const char *group)
{
  GKeyFile *keyfile = parser->keyfile;
  g_autoptr(LullStep) step = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *duration_text = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *audio = NULL;
  g_autofree char *photo = NULL;
  guint n_problems = parser->n_problems;
  LullStepKind kind = LULL_STEP_KIND_CUSTOM;
  guint64 duration = 0;
  gboolean photos = FALSE;
  double breaths = 0.0;

  if (!g_key_file_has_key (keyfile, group, "kind", NULL))
    add_problem (parser, LULL_ROUTINE_ERROR_MISSING_KEY, group, "kind",
                 _("the key is missing."));
  else
    kind_text = get_string (parser, group, "kind");

  if (kind_text != NULL && !lull_step_kind_from_string (g_strstrip (kind_text), &kind))
    {
      g_autofree char *quoted = quote (kind_text);

      add_problem (parser, LULL_ROUTINE_ERROR_BAD_VALUE, group, "kind",
                   _("“%s” is not a kind of step Lull knows."), quoted);
    }

  /* No duration is the same as "until-next": the step waits for the
   * parent, which is never wrong, only slower. */
  duration_text = g_key_file_get_value (keyfile, group, "duration", NULL);
  if (duration_text != NULL)
    {
      g_strstrip (duration_text);
      if (!g_str_equal (duration_text, UNTIL_NEXT)
          && !parse_whole_number (duration_text, 0, LULL_ROUTINE_MAX_STEP_SECONDS, &duration))
        add_problem (parser, LULL_ROUTINE_ERROR_BAD_VALUE, group, "duration",
                     _("use a whole number of seconds from 0 to %d, or “%s”."),
                     LULL_ROUTINE_MAX_STEP_SECONDS, UNTIL_NEXT);
    }

  check_text (parser, group, "prompt", LULL_STEP_MAX_PROMPT_CHARS, TRUE);

  audio = get_string (parser, group, "audio");
  if (audio != NULL)
    check_track_id (parser, group, "audio", g_strstrip (audio));

  /* A photo is named by its id in the photo set, never by a path. */
  photo = get_string (parser, group, "photo");
  if (photo != NULL && !lull_file_id_is_valid (g_strstrip (photo)))
    add_problem (parser, LULL_ROUTINE_ERROR_BAD_VALUE, group, "photo",
                 _("name a photo by its name in Lull’s photos folder, as the Photos "
                   "window shows it. A folder, a path or an address such as “file:” "
                   "cannot be used."));

  if (g_key_file_has_key (keyfile, group, "photos", NULL))
    {
      g_autoptr(GError) local_error = NULL;

      photos = g_key_file_get_boolean (keyfile, group, "photos", &local_error);
      if (local_error != NULL)
        add_problem (parser, LULL_ROUTINE_ERROR_BAD_VALUE, group, "photos",
                     _("use “true” or “false”."));
    }

  if (g_key_file_has_key (keyfile, group, "breaths-per-minute", NULL))
    {
      g_autoptr(GError) local_error = NULL;

      breaths = g_key_file_get_double (keyfile, group, "breaths-per-minute", &local_error);
      if (local_error != NULL
          || !(breaths == 0.0 || (breaths >= MIN_BREATHS && breaths <= MAX_BREATHS)))
        add_problem (parser, LULL_ROUTINE_ERROR_BAD_VALUE, group, "breaths-per-minute",
                     _("use a pace from %d to %d breaths a minute, or 0 for none."),
                     (int)MIN_BREATHS, (int)MAX_BREATHS);
    }

  if (parser->n_problems != n_problems)
    return NULL;

  prompt = get_localized (parser, group, "prompt");
  step = lull_step_new (kind, (guint)duration, prompt);
  lull_step_set_audio (step, audio);
  lull_step_set_photo (step, photo);
  lull_step_set_show_photos (step, photos);
  lull_step_set_breaths_per_minute (step, breaths);

  return g_steal_pointer (&step);
}

/* Steps run in the order of the file, and must be numbered 1, 2, 3… in
 * that order. GKeyFile silently merges two groups of the same name, so a
 * copied and pasted "Step 3" would otherwise lose a step without a word;
 * with strict numbering the parent hears about it. */
static gboolean
step_number_is (const char *group,
                guint       expected)
{
  const char *digits = group + strlen (STEP_GROUP_PREFIX);
  guint64 number;

  if (digits[0] == '0' || !g_ascii_isdigit (digits[0]))
    return FALSE;

  return g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT, &number, NULL)
         && number == expected;
}

static void
parse_steps (Parser      *parser,
             LullRoutine *self)
{
  g_auto(GStrv) groups = g_key_file_get_groups (parser->keyfile, NULL);
  guint n_groups = 0;

  for (guint i = 0; groups[i] != NULL; i++)
    {
      LullStep *step;

      /* Other groups are for newer versions or other tools. */
      if (!g_str_has_prefix (groups[i], STEP_GROUP_PREFIX))
        continue;

      if (n_groups == LULL_ROUTINE_MAX_STEPS)
        {
          add_problem (parser, LULL_ROUTINE_ERROR_TOO_MANY_STEPS, NULL, NULL,
                       _("it has more than %d steps."), LULL_ROUTINE_MAX_STEPS);
          return;
        }

      n_groups++;
      /* After a gap every later number would be wrong too; one message
       * says what to fix. */
      if (!step_number_is (groups[i], n_groups))
        {
          add_problem (parser, LULL_ROUTINE_ERROR_BAD_VALUE, groups[i], NULL,
                       _("steps must be numbered 1, 2, 3… in order, with no gaps; "
                         "this one should be “%s%u”."),
                       STEP_GROUP_PREFIX, n_groups);
          return;
        }

      step = parse_step (parser, groups[i]);
      if (step != NULL)
        g_ptr_array_add (self->steps, step);
    }

  if (n_groups == 0)
    {
      add_problem (parser, LULL_ROUTINE_ERROR_MISSING_GROUP, NULL, NULL,
                   _("it has no steps. Add a group “%s1”."), STEP_GROUP_PREFIX);
      return;
    }

  self->n_prepare_steps = self->steps->len;
  for (guint i = 0; i < self->steps->len; i++)
    {
      LullStepKind kind = lull_step_get_kind (g_ptr_array_index (self->steps, i));

      if (kind == LULL_STEP_KIND_STIMULATION || kind == LULL_STEP_KIND_EXPRESSION)
        {
          self->n_prepare_steps = i;
          break;
        }
    }
}

static LullRoutine *
parse (const char          *source,
       const char          *data,
       gsize                length,
       const char * const  *languages,
       GPtrArray           *details,
       GError             **error)
{
  g_autoptr(LullRoutine) self = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  Parser parser = { source, languages, NULL, problems, 0, 0, details };

  if (parser.languages == NULL)
    parser.languages = g_get_language_names ();

  if (length > MAX_FILE_BYTES)
    {
      add_problem (&parser, LULL_ROUTINE_ERROR_NOT_A_ROUTINE, NULL, NULL,
                   _("the file is too large to be a routine."));
      take_problems (&parser, error);
      return NULL;
    }

  if (!check_utf8 (&parser, data, length))
    {
      take_problems (&parser, error);
      return NULL;
    }

  if (too_many_step_groups (data, length))
    {
      add_problem (&parser, LULL_ROUTINE_ERROR_TOO_MANY_STEPS, NULL, NULL,
                   _("it has more than %d steps."), LULL_ROUTINE_MAX_STEPS);
      take_problems (&parser, error);
      return NULL;
    }

  keyfile = g_key_file_new ();
  /* Without KEEP_TRANSLATIONS GKeyFile drops every translation but those of
   * the current locale, and the caller may ask for other languages. */
  if (!g_key_file_load_from_data (keyfile, data, length,
                                  G_KEY_FILE_KEEP_TRANSLATIONS | G_KEY_FILE_KEEP_COMMENTS,
                                  &local_error))
    {
      if (!report_bad_line (&parser, data, length))
        {
          g_autofree char *reason = shorten (local_error->message, MAX_QUOTED_LINE_CHARS);

          add_problem (&parser, LULL_ROUTINE_ERROR_NOT_A_ROUTINE, NULL, NULL,
                       _("this is not a routine file (%s)."), reason);
        }
      take_problems (&parser, error);
      return NULL;
    }
  parser.keyfile = keyfile;

  self = g_object_new (LULL_TYPE_ROUTINE, NULL);

  if (parse_header (&parser, self))
    parse_steps (&parser, self);

  if (take_problems (&parser, error))
    return NULL;

  self->keyfile = g_key_file_ref (keyfile);

  return g_steal_pointer (&self);
}

static void
lull_routine_finalize (GObject *object)
{
  LullRoutine *self = (LullRoutine *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->audio, g_free);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->keyfile, g_key_file_unref);
  g_clear_pointer (&self->file_name, g_free);

  G_OBJECT_CLASS (lull_routine_parent_class)->finalize (object);
}

static void
lull_routine_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LullRoutine *self = LULL_ROUTINE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_PUMP_SECONDS:
      g_value_set_uint (value, self->pump_seconds);
      break;

    case PROP_BUILTIN:
      g_value_set_boolean (value, self->builtin);
      break;

    case PROP_N_STEPS:
      g_value_set_uint (value, self->steps->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_routine_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LullRoutine *self = LULL_ROUTINE (object);

  switch (prop_id)
    {
    case PROP_BUILTIN:
      lull_routine_set_builtin (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_routine_class_init (LullRoutineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lull_routine_finalize;
  object_class->get_property = lull_routine_get_property;
  object_class->set_property = lull_routine_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_PUMP_SECONDS] =
    g_param_spec_uint ("pump-seconds", NULL, NULL,
                       0, MAX_PUMP_MINUTES * 60, LULL_ROUTINE_DEFAULT_PUMP_SECONDS,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * LullRoutine:builtin:
   *
   * Whether the routine ships with Lull (and so cannot be deleted or
   * edited in place).
   */
  properties[PROP_BUILTIN] =
    g_param_spec_boolean ("builtin", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_STEPS] =
    g_param_spec_uint ("n-steps", NULL, NULL,
                       0, LULL_ROUTINE_MAX_STEPS, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lull_routine_init (LullRoutine *self)
{
  self->steps = g_ptr_array_new_with_free_func (g_object_unref);
  self->pump_seconds = LULL_ROUTINE_DEFAULT_PUMP_SECONDS;
}

/**
 * lull_routine_new_from_data:
 * @data: the text of a routine file
 * @length: the length of @data in bytes, or -1 if it is nul-terminated
 * @languages: (nullable): the languages to show the routine in, best first;
 *   %NULL for the user's (g_get_language_names())
 * @error: a #LULL_ROUTINE_ERROR with a sentence for the parent
 */
LullRoutine *
lull_routine_new_from_data (const char         *data,
                            gssize              length,
                            const char * const *languages,
                            GError            **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (data);

  return parse (NULL, data != NULL ? data : "", length, languages, NULL, error);
}

/**
 * lull_routine_new_from_file:
 * @filename: a routine file, such as `<data root>/routines/evening.lullroutine`
 * @languages: (nullable): as for lull_routine_new_from_data()
 * @error: a #LULL_ROUTINE_ERROR naming the file: something that is not a
 *   regular file (a FIFO, a device, a folder, a loop of links) or is too
 *   large is %LULL_ROUTINE_ERROR_NOT_A_ROUTINE; a file that cannot be
 *   opened or read is a #G_IO_ERROR (%G_IO_ERROR_NOT_FOUND…)
 *
 * Only a regular file is opened, so that a FIFO dropped into the routines
 * folder cannot block Lull's start-up, and a file larger than a routine
 * may be is refused by its size, without reading it.
 */
LullRoutine *
lull_routine_new_from_file (const char         *filename,
                            const char * const *languages,
                            GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = g_filename_display_basename (filename);

  /* One byte more than a routine may hold, so that a file that grew past
   * the limit after its size was looked at is still refused by parse(). */
  if (!lull_file_get_contents (filename, MAX_FILE_BYTES + 1, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, LULL_FILE_ERROR, LULL_FILE_ERROR_TOO_LARGE))
        g_set_error (error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_NOT_A_ROUTINE,
                     _("The routine “%s” could not be read: %s"), display_name,
                     _("the file is too large to be a routine."));
      else if (g_error_matches (local_error, LULL_FILE_ERROR, LULL_FILE_ERROR_LINK_LOOP))
        g_set_error (error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_NOT_A_ROUTINE,
                     _("The routine “%s” could not be read: it leads through too many "
                       "links. Put the routine file itself in the routines folder."),
                     display_name);
      else if (local_error->domain == LULL_FILE_ERROR)
        g_set_error (error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_NOT_A_ROUTINE,
                     _("The routine “%s” could not be read: it is not a regular file. "
                       "Put a routine file in its place, or remove it from the "
                       "routines folder."),
                     display_name);
      else
        g_set_error (error, G_IO_ERROR,
                     local_error->domain == G_FILE_ERROR
                     ? g_io_error_from_file_error (local_error->code)
                     : G_IO_ERROR_FAILED,
                     _("The routine “%s” could not be read: %s"),
                     display_name, local_error->message);
      return NULL;
    }

  return parse (display_name, contents, length, languages, NULL, error);
}

const char *
lull_routine_get_id (LullRoutine *self)
{
  g_return_val_if_fail (LULL_IS_ROUTINE (self), NULL);

  return self->id;
}

const char *
lull_routine_get_name (LullRoutine *self)
{
  g_return_val_if_fail (LULL_IS_ROUTINE (self), NULL);

  return self->name;
}

/**
 * lull_routine_get_audio:
 *
 * Returns: (nullable): the id of the track that plays through the
 *   session unless a step names its own, or %NULL
 */
const char *
lull_routine_get_audio (LullRoutine *self)
{
  g_return_val_if_fail (LULL_IS_ROUTINE (self), NULL);

  return self->audio;
}

/**
 * lull_routine_get_description:
 *
 * Returns: the description, empty if the file has none
 */
const char *
lull_routine_get_description (LullRoutine *self)
{
  g_return_val_if_fail (LULL_IS_ROUTINE (self), NULL);

  return self->description;
}

guint
lull_routine_get_pump_seconds (LullRoutine *self)
{
  g_return_val_if_fail (LULL_IS_ROUTINE (self), LULL_ROUTINE_DEFAULT_PUMP_SECONDS);

  return self->pump_seconds;
}

gboolean
lull_routine_get_builtin (LullRoutine *self)
{
  g_return_val_if_fail (LULL_IS_ROUTINE (self), FALSE);

  return self->builtin;
}

void
lull_routine_set_builtin (LullRoutine *self,
                          gboolean     builtin)
{
  g_return_if_fail (LULL_IS_ROUTINE (self));

  builtin = !!builtin;
  if (self->builtin == builtin)
    return;

  self->builtin = builtin;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUILTIN]);
}

guint
lull_routine_get_n_steps (LullRoutine *self)
{
  g_return_val_if_fail (LULL_IS_ROUTINE (self), 0);

  return self->steps->len;
}

/**
 * lull_routine_get_step:
 *
 * Returns: (transfer none): the step at @index
 */
LullStep *
lull_routine_get_step (LullRoutine *self,
                       guint        index_)
{
  g_return_val_if_fail (LULL_IS_ROUTINE (self), NULL);
  g_return_val_if_fail (index_ < self->steps->len, NULL);

  return g_ptr_array_index (self->steps, index_);
}

guint
lull_routine_get_n_prepare_steps (LullRoutine *self)
{
  g_return_val_if_fail (LULL_IS_ROUTINE (self), 0);

  return self->n_prepare_steps;
}

/* The history's cue words, in the order its `cues` key keeps them. */
static const char * const cue_words[] = {
  "audio", "photos", "warmth", "massage", "breathing", "imagery", "drink", NULL
};

typedef enum
{
  CUE_AUDIO,
  CUE_PHOTOS,
  CUE_WARMTH,
  CUE_MASSAGE,
  CUE_BREATHING,
  CUE_IMAGERY,
  CUE_DRINK,
  N_CUES
} Cue;

G_STATIC_ASSERT (G_N_ELEMENTS (cue_words) == N_CUES + 1);

static void
add_step_cues (LullStep *step,
               gboolean  cues[N_CUES])
{
  cues[CUE_AUDIO] |= lull_step_get_audio (step) != NULL;
  cues[CUE_PHOTOS] |= lull_step_get_show_photos (step);
  cues[CUE_BREATHING] |= lull_step_get_breaths_per_minute (step) > 0.0;

  switch (lull_step_get_kind (step))
    {
    case LULL_STEP_KIND_WARMTH:
      cues[CUE_WARMTH] = TRUE;
      break;

    case LULL_STEP_KIND_MASSAGE:
    case LULL_STEP_KIND_BACK_RUB:
    case LULL_STEP_KIND_COMPRESSION:
      cues[CUE_MASSAGE] = TRUE;
      break;

    case LULL_STEP_KIND_BREATHING:
      cues[CUE_BREATHING] = TRUE;
      break;

    case LULL_STEP_KIND_IMAGERY:
      cues[CUE_IMAGERY] = TRUE;
      break;

    case LULL_STEP_KIND_DRINK:
      cues[CUE_DRINK] = TRUE;
      break;

    case LULL_STEP_KIND_PHOTO_FOCUS:
    case LULL_STEP_KIND_STIMULATION:
    case LULL_STEP_KIND_EXPRESSION:
    case LULL_STEP_KIND_REST:
    case LULL_STEP_KIND_CUSTOM:
    default:
      break;
    }
}

/**
 * lull_routine_get_cue_words:
 *
 * Returns: (transfer none) (array zero-terminated=1): the words of the
 *   history's `cues` key, in the order the key keeps them: audio, photos,
 *   warmth, massage, breathing, imagery, drink
 */
const char * const *
lull_routine_get_cue_words (void)
{
  return cue_words;
}

/**
 * lull_routine_dup_step_cues:
 * @steps: (array length=n_steps) (nullable): %TRUE for each step to look
 *   at, by index; %NULL for every step
 * @n_steps: the length of @steps; steps past it are left out
 *
 * The cues of some of the routine's steps, as lull_routine_dup_cues()
 * names and orders them. A session uses it for the steps it went through.
 *
 * Returns: (transfer full): the cues, possibly none
 */
GStrv
lull_routine_dup_step_cues (LullRoutine    *self,
                            const gboolean *steps,
                            guint           n_steps)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  gboolean cues[N_CUES] = { FALSE, };

  g_return_val_if_fail (LULL_IS_ROUTINE (self), NULL);

  for (guint i = 0; i < self->steps->len; i++)
    {
      if (steps != NULL && (i >= n_steps || !steps[i]))
        continue;

      add_step_cues (g_ptr_array_index (self->steps, i), cues);
      /* The routine's own track plays through every step. */
      cues[CUE_AUDIO] |= self->audio != NULL;
    }

  builder = g_strv_builder_new ();
  for (guint i = 0; i < N_CUES; i++)
    {
      if (cues[i])
        g_strv_builder_add (builder, cue_words[i]);
    }

  return g_strv_builder_end (builder);
}

/**
 * lull_routine_dup_cues:
 *
 * The words of the history's `cues` key, always in this order: audio,
 * photos, warmth, massage (massage, back rub or compression steps),
 * breathing (a breathing step or a pace), imagery, drink.
 *
 * Returns: (transfer full): the cues the routine's steps could use,
 *   possibly none
 */
GStrv
lull_routine_dup_cues (LullRoutine *self)
{
  g_return_val_if_fail (LULL_IS_ROUTINE (self), NULL);

  return lull_routine_dup_step_cues (self, NULL, 0);
}

/**
 * lull_routine_new_from_keyfile:
 * @keyfile: a routine, such as the editor builds
 * @languages: (nullable): as for lull_routine_new_from_data()
 * @error: as for lull_routine_new_from_data()
 *
 * Reads @keyfile through the same checks as a file: it is written out
 * and parsed, so nothing passes here that would not load from disk.
 */
LullRoutine *
lull_routine_new_from_keyfile (GKeyFile           *keyfile,
                               const char * const *languages,
                               GError            **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (keyfile != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_key_file_to_data (keyfile, &length, NULL);

  return parse (NULL, data, length, languages, NULL, error);
}

void
lull_routine_problem_free (LullRoutineProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->group);
  g_free (problem->key);
  g_free (problem->message);
  g_free (problem);
}

/**
 * lull_routine_check_keyfile:
 * @keyfile: a routine, such as the editor builds
 * @languages: (nullable): as for lull_routine_new_from_data()
 *
 * Every problem that keeps @keyfile from loading, each with the group and
 * key it is about (either may be %NULL), so that an editor can show each
 * beside its field. The rules are the parser's own.
 *
 * Returns: (transfer full) (element-type LullRoutineProblem): the
 *   problems, empty when @keyfile loads
 */
GPtrArray *
lull_routine_check_keyfile (GKeyFile           *keyfile,
                            const char * const *languages)
{
  g_autoptr(GPtrArray) details = NULL;
  g_autoptr(LullRoutine) routine = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (keyfile != NULL, NULL);

  details = g_ptr_array_new_with_free_func ((GDestroyNotify)lull_routine_problem_free);
  data = g_key_file_to_data (keyfile, &length, NULL);
  routine = parse (NULL, data, length, languages, details, NULL);

  return g_steal_pointer (&details);
}

/**
 * lull_routine_dup_keyfile:
 *
 * Returns: (transfer full): a copy of the routine's file as it was read,
 *   with every translation and comment, to edit and save under a file
 *   name of the parent's
 */
GKeyFile *
lull_routine_dup_keyfile (LullRoutine *self)
{
  g_return_val_if_fail (LULL_IS_ROUTINE (self), NULL);

  return lull_key_file_copy (self->keyfile);
}

/**
 * lull_routine_get_file_name:
 *
 * Returns: (nullable): the routine's file name in the data root's
 *   `routines/` folder, or %NULL for a built-in routine or one not read
 *   from there
 */
const char *
lull_routine_get_file_name (LullRoutine *self)
{
  g_return_val_if_fail (LULL_IS_ROUTINE (self), NULL);

  return self->file_name;
}

void
lull_routine_set_file_name (LullRoutine *self,
                            const char  *file_name)
{
  g_return_if_fail (LULL_IS_ROUTINE (self));

  g_free (self->file_name);
  self->file_name = g_strdup (file_name);
}
