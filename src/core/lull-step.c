/* lull-step.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lull-routine.h"
#include "lull-step.h"

/* One step of a routine: what to do, for how long, and which cues go with
 * it. Steps are made by the routine parser (or a routine editor) and only
 * read after that; the cue setters exist so the parser can add what a file
 * asks for without a constructor with a dozen arguments. */

/* A pace slower than 3 breaths a minute cannot be followed comfortably,
 * and one faster than 30 is no longer calming. lull-routine.c checks files
 * against the same range. */
#define MIN_BREATHS_PER_MINUTE 3.0
#define MAX_BREATHS_PER_MINUTE 30.0

struct _LullStep
{
  GObject       parent_instance;

  LullStepKind  kind;
  guint         duration_seconds;
  char         *prompt;
  char         *audio;
  char         *photo;
  gboolean      show_photos;
  double        breaths_per_minute;
};

G_DEFINE_FINAL_TYPE (LullStep, lull_step, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_DURATION_SECONDS,
  PROP_PROMPT,
  PROP_AUDIO,
  PROP_SHOW_PHOTOS,
  PROP_BREATHS_PER_MINUTE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The words of the routine file format, in the order of LullStepKind. */
static const GEnumValue kind_values[] = {
  { LULL_STEP_KIND_WARMTH, "LULL_STEP_KIND_WARMTH", "warmth" },
  { LULL_STEP_KIND_MASSAGE, "LULL_STEP_KIND_MASSAGE", "massage" },
  { LULL_STEP_KIND_BACK_RUB, "LULL_STEP_KIND_BACK_RUB", "back-rub" },
  { LULL_STEP_KIND_BREATHING, "LULL_STEP_KIND_BREATHING", "breathing" },
  { LULL_STEP_KIND_IMAGERY, "LULL_STEP_KIND_IMAGERY", "imagery" },
  { LULL_STEP_KIND_DRINK, "LULL_STEP_KIND_DRINK", "drink" },
  { LULL_STEP_KIND_PHOTO_FOCUS, "LULL_STEP_KIND_PHOTO_FOCUS", "photo-focus" },
  { LULL_STEP_KIND_STIMULATION, "LULL_STEP_KIND_STIMULATION", "stimulation" },
  { LULL_STEP_KIND_EXPRESSION, "LULL_STEP_KIND_EXPRESSION", "expression" },
  { LULL_STEP_KIND_COMPRESSION, "LULL_STEP_KIND_COMPRESSION", "compression" },
  { LULL_STEP_KIND_REST, "LULL_STEP_KIND_REST", "rest" },
  { LULL_STEP_KIND_CUSTOM, "LULL_STEP_KIND_CUSTOM", "custom" },
  { 0, NULL, NULL }
};

/* Registered here rather than declared in the header so that the "kind"
 * property has a real enum type without changing the public API. */
static GType
step_kind_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("LullStepKind"),
                                                      kind_values));

  return type;
}

static gboolean
breaths_per_minute_is_valid (double breaths_per_minute)
{
  return breaths_per_minute == 0.0
         || (breaths_per_minute >= MIN_BREATHS_PER_MINUTE
             && breaths_per_minute <= MAX_BREATHS_PER_MINUTE);
}

/* Like a routine id: what the media code looks up among Lull's own tracks. */
static gboolean
builtin_name_is_valid (const char *name)
{
  gsize length = strlen (name);

  if (length == 0 || length > LULL_TRACK_ID_MAX_BUILTIN_NAME)
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
        return FALSE;
    }

  return TRUE;
}

/* RFC 3986's `scheme ":"` at the start: `file:`, `http:`, and also `C:`. */
static gboolean
starts_with_uri_scheme (const char *text)
{
  const char *p = text;

  if (!g_ascii_isalpha (*p))
    return FALSE;

  for (p++; g_ascii_isalnum (*p) || *p == '+' || *p == '.' || *p == '-'; p++)
    ;

  return *p == ':';
}

static void
lull_step_finalize (GObject *object)
{
  LullStep *self = (LullStep *)object;

  g_clear_pointer (&self->prompt, g_free);
  g_clear_pointer (&self->audio, g_free);
  g_clear_pointer (&self->photo, g_free);

  G_OBJECT_CLASS (lull_step_parent_class)->finalize (object);
}

static void
lull_step_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LullStep *self = LULL_STEP (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_DURATION_SECONDS:
      g_value_set_uint (value, self->duration_seconds);
      break;

    case PROP_PROMPT:
      g_value_set_string (value, self->prompt);
      break;

    case PROP_AUDIO:
      g_value_set_string (value, self->audio);
      break;

    case PROP_SHOW_PHOTOS:
      g_value_set_boolean (value, self->show_photos);
      break;

    case PROP_BREATHS_PER_MINUTE:
      g_value_set_double (value, self->breaths_per_minute);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_step_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LullStep *self = LULL_STEP (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_DURATION_SECONDS:
      self->duration_seconds = g_value_get_uint (value);
      break;

    case PROP_PROMPT:
      g_free (self->prompt);
      self->prompt = g_value_dup_string (value);
      break;

    case PROP_AUDIO:
      lull_step_set_audio (self, g_value_get_string (value));
      break;

    case PROP_SHOW_PHOTOS:
      lull_step_set_show_photos (self, g_value_get_boolean (value));
      break;

    case PROP_BREATHS_PER_MINUTE:
      lull_step_set_breaths_per_minute (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_step_class_init (LullStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lull_step_finalize;
  object_class->get_property = lull_step_get_property;
  object_class->set_property = lull_step_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       step_kind_get_type (),
                       LULL_STEP_KIND_CUSTOM,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * LullStep:duration-seconds:
   *
   * How long the step lasts; 0 means "until I move on".
   */
  properties[PROP_DURATION_SECONDS] =
    g_param_spec_uint ("duration-seconds", NULL, NULL,
                       0, LULL_ROUTINE_MAX_STEP_SECONDS, 0,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROMPT] =
    g_param_spec_string ("prompt", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * LullStep:audio:
   *
   * The id of an audio track to play during the step, such as
   * `builtin:meadow`, or %NULL.
   */
  properties[PROP_AUDIO] =
    g_param_spec_string ("audio", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHOW_PHOTOS] =
    g_param_spec_boolean ("show-photos", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LullStep:breaths-per-minute:
   *
   * The breathing pace to show, 3 to 30 breaths a minute, or 0 for none.
   */
  properties[PROP_BREATHS_PER_MINUTE] =
    g_param_spec_double ("breaths-per-minute", NULL, NULL,
                         0.0, MAX_BREATHS_PER_MINUTE, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lull_step_init (LullStep *self)
{
  self->kind = LULL_STEP_KIND_CUSTOM;
}

/**
 * lull_step_new:
 * @kind: what the step asks the parent to do
 * @duration_seconds: up to %LULL_ROUTINE_MAX_STEP_SECONDS; 0 for "until I
 *   move on"
 * @prompt: the short text shown during the step
 */
LullStep *
lull_step_new (LullStepKind  kind,
               guint         duration_seconds,
               const char   *prompt)
{
  g_return_val_if_fail (kind <= LULL_STEP_KIND_CUSTOM, NULL);
  g_return_val_if_fail (duration_seconds <= LULL_ROUTINE_MAX_STEP_SECONDS, NULL);
  g_return_val_if_fail (prompt != NULL, NULL);

  return g_object_new (LULL_TYPE_STEP,
                       "kind", kind,
                       "duration-seconds", duration_seconds,
                       "prompt", prompt,
                       NULL);
}

LullStepKind
lull_step_get_kind (LullStep *self)
{
  g_return_val_if_fail (LULL_IS_STEP (self), LULL_STEP_KIND_CUSTOM);

  return self->kind;
}

guint
lull_step_get_duration_seconds (LullStep *self)
{
  g_return_val_if_fail (LULL_IS_STEP (self), 0);

  return self->duration_seconds;
}

const char *
lull_step_get_prompt (LullStep *self)
{
  g_return_val_if_fail (LULL_IS_STEP (self), NULL);

  return self->prompt;
}

const char *
lull_step_get_audio (LullStep *self)
{
  g_return_val_if_fail (LULL_IS_STEP (self), NULL);

  return self->audio;
}

/**
 * lull_step_set_audio:
 * @audio: (nullable): a track id that lull_track_id_is_valid() accepts, or
 *   %NULL for no audio
 */
void
lull_step_set_audio (LullStep   *self,
                     const char *audio)
{
  g_return_if_fail (LULL_IS_STEP (self));
  g_return_if_fail (audio == NULL || lull_track_id_is_valid (audio));

  if (g_strcmp0 (self->audio, audio) == 0)
    return;

  g_free (self->audio);
  self->audio = g_strdup (audio);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIO]);
}

/**
 * lull_step_get_photo:
 *
 * The id of the one photo a step shows (a file name in the data root's
 * `photos/` folder), or %NULL: a photo-focus step then shows the photo
 * the parent chose for one-photo mode.
 */
const char *
lull_step_get_photo (LullStep *self)
{
  g_return_val_if_fail (LULL_IS_STEP (self), NULL);

  return self->photo;
}

void
lull_step_set_photo (LullStep   *self,
                     const char *photo)
{
  g_return_if_fail (LULL_IS_STEP (self));
  g_return_if_fail (photo == NULL || lull_file_id_is_valid (photo));

  g_free (self->photo);
  self->photo = g_strdup (photo);
}

gboolean
lull_step_get_show_photos (LullStep *self)
{
  g_return_val_if_fail (LULL_IS_STEP (self), FALSE);

  return self->show_photos;
}

void
lull_step_set_show_photos (LullStep *self,
                           gboolean  show_photos)
{
  g_return_if_fail (LULL_IS_STEP (self));

  show_photos = !!show_photos;
  if (self->show_photos == show_photos)
    return;

  self->show_photos = show_photos;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_PHOTOS]);
}

double
lull_step_get_breaths_per_minute (LullStep *self)
{
  g_return_val_if_fail (LULL_IS_STEP (self), 0.0);

  return self->breaths_per_minute;
}

/**
 * lull_step_set_breaths_per_minute:
 * @breaths_per_minute: 3 to 30, or 0 for no pace
 */
void
lull_step_set_breaths_per_minute (LullStep *self,
                                  double    breaths_per_minute)
{
  g_return_if_fail (LULL_IS_STEP (self));
  g_return_if_fail (breaths_per_minute_is_valid (breaths_per_minute));

  if (self->breaths_per_minute == breaths_per_minute)
    return;

  self->breaths_per_minute = breaths_per_minute;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BREATHS_PER_MINUTE]);
}

/**
 * lull_step_kind_to_string:
 *
 * Returns: the word the routine file format uses for @kind
 */
const char *
lull_step_kind_to_string (LullStepKind kind)
{
  g_return_val_if_fail (kind <= LULL_STEP_KIND_CUSTOM, NULL);

  return kind_values[kind].value_nick;
}

/**
 * lull_step_kind_from_string:
 * @string: a word of the routine file format, such as "back-rub"
 * @kind: (out) (optional): the kind it names
 *
 * Returns: %FALSE if @string names no kind
 */
gboolean
lull_step_kind_from_string (const char   *string,
                            LullStepKind *kind)
{
  g_return_val_if_fail (string != NULL, FALSE);

  for (guint i = 0; kind_values[i].value_nick != NULL; i++)
    {
      if (g_str_equal (kind_values[i].value_nick, string))
        {
          if (kind != NULL)
            *kind = kind_values[i].value;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * lull_track_id_is_valid:
 * @id: (nullable): what a file names a track (or a photo) by
 *
 * Files name the tracks and photos they use by id, never by path, so that
 * a routine from anywhere cannot make Lull open (or write into its
 * history) a file outside its data root, a device or a web address. An id
 * is either `builtin:NAME`, NAME being 1 to 64 characters from `a-z`,
 * `0-9` and `-`, or a plain file name inside one of the data root's
 * folders (`audio/`, later `photos/` and `recordings/`): valid UTF-8, 1 to
 * %LULL_TRACK_ID_MAX_BYTES bytes, no `/`, no backslash, no `..`, not
 * starting with `.`, no control characters, and nothing that looks like a URI
 * scheme (`file:`, `https:`, `C:`).
 *
 * Returns: %TRUE if @id is a track id
 */
gboolean
lull_track_id_is_valid (const char *id)
{
  gsize length;

  if (id == NULL)
    return FALSE;

  length = strlen (id);
  if (length == 0 || length > LULL_TRACK_ID_MAX_BYTES || !g_utf8_validate (id, length, NULL))
    return FALSE;

  if (g_str_has_prefix (id, LULL_TRACK_ID_BUILTIN_PREFIX))
    return builtin_name_is_valid (id + strlen (LULL_TRACK_ID_BUILTIN_PREFIX));

  return lull_file_id_is_valid (id);
}

/**
 * lull_file_id_is_valid:
 * @id: (nullable): a file's id
 *
 * Whether @id can name a file inside one of the data root's folders
 * (`audio/`, `photos/`): UTF-8 of 1 to 255 bytes with no `/` or `\`, no
 * `..`, no leading `.`, no control characters and no address scheme.
 *
 * Returns: %TRUE if @id is a plain file name
 */
gboolean
lull_file_id_is_valid (const char *id)
{
  gsize length;

  if (id == NULL)
    return FALSE;

  length = strlen (id);
  if (length == 0 || length > LULL_TRACK_ID_MAX_BYTES || !g_utf8_validate (id, length, NULL))
    return FALSE;

  if (id[0] == '.'
      || strchr (id, '/') != NULL
      || strchr (id, '\\') != NULL
      || strstr (id, "..") != NULL
      || starts_with_uri_scheme (id))
    return FALSE;

  for (const char *p = id; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        return FALSE;
    }

  return TRUE;
}
