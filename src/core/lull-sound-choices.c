/* lull-sound-choices.c
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

#include "lull-file.h"
#include "lull-sound-choices.h"

/* The routine files stay as they are, built-in ones cannot be changed at
 * all, and one place for the parent's picks keeps a routine shared with a
 * friend free of file names from this computer. So the picks are a layer
 * of their own, in `sound-choices.ini`:
 *
 *   [Sound choices]
 *   version=1
 *
 *   [routine:desk-quick]
 *   default=builtin:rain
 *   step-3=Canción de cuna.opus
 *
 * One `[routine:ID]` group per routine with a choice, ID being the routine's
 * own id (`a-z`, `0-9` and `-`, as in routine files, so it is always a safe
 * group name); `default=` is the track for the whole session, `step-N=`
 * the track for step N, counted from 1 as the `[Step N]` groups of routine
 * files are. Values are track ids (lull_track_id_is_valid()). A group
 * without keys is not written. Groups and keys this version does not know
 * are kept as they are, for a newer Lull; a bad track id, a bad routine id
 * or a step number out of range makes the whole file damaged. */

#define CHOICES_FILE     "sound-choices.ini"
#define CHOICES_GROUP    "Sound choices"
#define VERSION_KEY      "version"
#define FORMAT_VERSION   1
#define ROUTINE_PREFIX   "routine:"
#define DEFAULT_KEY      "default"
#define STEP_KEY_PREFIX  "step-"
#define MAX_ROUTINE_ID   64
#define FOLDER_MODE      0700
/* A choice per step of a hundred routines is well under a megabyte. */
#define MAX_FILE_BYTES   (1024 * 1024)

typedef enum
{
  FILE_STATE_OK,        /* missing, or read and used */
  FILE_STATE_SET_ASIDE, /* a regular file not used: moved to quarantine/ before a write */
  FILE_STATE_REPLACE,   /* not a regular file: replaced by the next write, never opened */
} FileState;

struct _LullSoundChoices
{
  GObject       parent_instance;

  LullDataRoot *data_root;
  /* What is written back, unknown groups and keys included. */
  GKeyFile     *keyfile;
  /* "ROUTINE-ID\nSTEP" (STEP -1 for the default) → track id. */
  GHashTable   *choices;
  FileState     file_state;
};

G_DEFINE_FINAL_TYPE (LullSoundChoices, lull_sound_choices, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATA_ROOT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
routine_id_is_valid (const char *id)
{
  gsize length = strlen (id);

  if (length == 0 || length > MAX_ROUTINE_ID)
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    {
      if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
        return FALSE;
    }

  return TRUE;
}

static char *
choice_key (const char *routine_id,
            int         step)
{
  return g_strdup_printf ("%s\n%d", routine_id, step);
}

static char *
group_name (const char *routine_id)
{
  return g_strconcat (ROUTINE_PREFIX, routine_id, NULL);
}

static char *
step_key_name (int step)
{
  if (step < 0)
    return g_strdup (DEFAULT_KEY);

  return g_strdup_printf (STEP_KEY_PREFIX "%d", step + 1);
}

/* `step-N`, N a whole number from 1 to LULL_ROUTINE_MAX_STEPS written
 * without a sign or leading zeros, so that two keys never name one step.
 * Returns the 0-based index, -1 for `default`, -2 for a key this version
 * does not know, -3 for a step key that is wrong. */
static int
parse_key_name (const char *key)
{
  const char *number;
  guint64 value;

  if (g_str_equal (key, DEFAULT_KEY))
    return -1;

  if (!g_str_has_prefix (key, STEP_KEY_PREFIX))
    return -2;

  number = key + strlen (STEP_KEY_PREFIX);
  if (number[0] == '0'
      || !g_ascii_string_to_unsigned (number, 10, 1, LULL_ROUTINE_MAX_STEPS, &value, NULL))
    return -3;

  return (int)value - 1;
}

/* Fills @choices from @keyfile. FALSE as soon as something is wrong. */
static gboolean
read_choices (GKeyFile   *keyfile,
              GHashTable *choices)
{
  g_auto(GStrv) groups = g_key_file_get_groups (keyfile, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = NULL;
      const char *routine_id;

      if (!g_str_has_prefix (groups[i], ROUTINE_PREFIX))
        continue;

      routine_id = groups[i] + strlen (ROUTINE_PREFIX);
      if (!routine_id_is_valid (routine_id))
        return FALSE;

      keys = g_key_file_get_keys (keyfile, groups[i], NULL, NULL);
      for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
        {
          g_autofree char *track_id = NULL;
          int step = parse_key_name (keys[k]);

          if (step == -3)
            return FALSE;
          if (step == -2)
            continue;

          track_id = g_key_file_get_string (keyfile, groups[i], keys[k], NULL);
          if (!lull_track_id_is_valid (track_id))
            return FALSE;

          g_hash_table_insert (choices, choice_key (routine_id, step),
                               g_steal_pointer (&track_id));
        }
    }

  return TRUE;
}

static GKeyFile *
new_keyfile (void)
{
  GKeyFile *keyfile = g_key_file_new ();

  /* The first group in the file, so that the version comes first. */
  g_key_file_set_integer (keyfile, CHOICES_GROUP, VERSION_KEY, FORMAT_VERSION);

  return keyfile;
}

/* One sentence the parent can act on, in the #G_FILE_ERROR domain with the
 * cause's code; the system's message (which names a temporary file deep
 * in the data folder) is for developers, in the debug log. */
static void
set_write_error (GError     **error,
                 GFileError   code,
                 const char  *cause)
{
  const char *message;

  g_debug ("Could not save the sound choices: %s", cause);

  switch (code)
    {
    case G_FILE_ERROR_ROFS:
      message = _("Lull could not save your sound choice because the disk is read-only. "
                  "Make the disk writable again, then choose again.");
      break;

    case G_FILE_ERROR_NOSPC:
      message = _("Lull could not save your sound choice because the disk is full. "
                  "Free some space, then choose again.");
      break;

    case G_FILE_ERROR_ACCES:
    case G_FILE_ERROR_PERM:
      message = _("Lull could not save your sound choice because it has no permission to "
                  "write to its data folder. Check that you may write to that folder, then "
                  "choose again.");
      break;

    default:
      message = _("Lull could not save your sound choice because writing to the disk did "
                  "not work. Check that the disk is plugged in and has free space, then "
                  "choose again.");
      break;
    }

  g_set_error_literal (error, G_FILE_ERROR, code, message);
}

/* A damaged file is never written over: it goes to quarantine/ first, so
 * that a parent (or a helper) can still look at what it held. */
static gboolean
set_aside_damaged (LullSoundChoices  *self,
                   const char        *path,
                   GError           **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *moved = NULL;

  if (self->file_state != FILE_STATE_SET_ASIDE)
    return TRUE;

  /* Someone may have moved it already. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      self->file_state = FILE_STATE_OK;
      return TRUE;
    }

  now = g_date_time_new_now_utc ();
  moved = lull_data_root_quarantine (self->data_root, path, now, &local_error);
  if (moved == NULL)
    {
      g_debug ("Could not set %s aside: %s", path, local_error->message);
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                           _("Lull could not save your sound choice because the damaged file "
                             "of choices could not be moved to the quarantine folder, and Lull "
                             "never writes over one. Check that you can write to Lull’s data "
                             "folder, then choose again."));
      return FALSE;
    }

  g_debug ("Moved the damaged %s to %s", path, moved);
  self->file_state = FILE_STATE_OK;

  return TRUE;
}

static gboolean
write_keyfile (LullSoundChoices  *self,
               GKeyFile          *keyfile,
               GError           **error)
{
  g_autofree char *path = lull_data_root_build_filename (self->data_root, CHOICES_FILE, NULL);
  g_autoptr(GError) local_error = NULL;
  const char *root = lull_data_root_get_path (self->data_root);

  if (g_mkdir_with_parents (root, FOLDER_MODE) != 0)
    {
      int saved_errno = errno;

      set_write_error (error, g_file_error_from_errno (saved_errno), g_strerror (saved_errno));
      return FALSE;
    }

  if (!set_aside_damaged (self, path, error))
    return FALSE;

  g_key_file_set_integer (keyfile, CHOICES_GROUP, VERSION_KEY, FORMAT_VERSION);

  if (!lull_file_save_key_file (path, keyfile, &local_error))
    {
      set_write_error (error,
                       local_error->domain == G_FILE_ERROR
                       ? (GFileError)local_error->code : G_FILE_ERROR_FAILED,
                       local_error->message);
      return FALSE;
    }

  self->file_state = FILE_STATE_OK;

  return TRUE;
}

static void
lull_sound_choices_dispose (GObject *object)
{
  LullSoundChoices *self = LULL_SOUND_CHOICES (object);

  g_clear_object (&self->data_root);

  G_OBJECT_CLASS (lull_sound_choices_parent_class)->dispose (object);
}

static void
lull_sound_choices_finalize (GObject *object)
{
  LullSoundChoices *self = LULL_SOUND_CHOICES (object);

  g_clear_pointer (&self->keyfile, g_key_file_unref);
  g_clear_pointer (&self->choices, g_hash_table_unref);

  G_OBJECT_CLASS (lull_sound_choices_parent_class)->finalize (object);
}

static void
lull_sound_choices_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LullSoundChoices *self = LULL_SOUND_CHOICES (object);

  switch (prop_id)
    {
    case PROP_DATA_ROOT:
      g_value_set_object (value, self->data_root);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_sound_choices_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LullSoundChoices *self = LULL_SOUND_CHOICES (object);

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
lull_sound_choices_class_init (LullSoundChoicesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lull_sound_choices_dispose;
  object_class->finalize = lull_sound_choices_finalize;
  object_class->get_property = lull_sound_choices_get_property;
  object_class->set_property = lull_sound_choices_set_property;

  properties[PROP_DATA_ROOT] =
    g_param_spec_object ("data-root", NULL, NULL,
                         LULL_TYPE_DATA_ROOT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LullSoundChoices::changed:
   *
   * A choice was saved (lull_sound_choices_set()).
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
lull_sound_choices_init (LullSoundChoices *self)
{
  self->keyfile = new_keyfile ();
  self->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * lull_sound_choices_new:
 * @data_root: where `sound-choices.ini` lives
 *
 * No choices until lull_sound_choices_load().
 */
LullSoundChoices *
lull_sound_choices_new (LullDataRoot *data_root)
{
  g_return_val_if_fail (LULL_IS_DATA_ROOT (data_root), NULL);

  return g_object_new (LULL_TYPE_SOUND_CHOICES,
                       "data-root", data_root,
                       NULL);
}

/**
 * lull_sound_choices_load:
 * @problems: (nullable) (element-type utf8): where to add a translated
 *   sentence when the file cannot be used
 *
 * Reads `sound-choices.ini` again, replacing the choices held. A missing
 * file is no choices. A file that cannot be used gives no choices and is
 * left where it is: a regular file is moved to quarantine/ just before
 * the next choice is saved, anything else (a FIFO, a folder…) is never
 * opened, and the next save puts a file in its place if it can.
 */
void
lull_sound_choices_load (LullSoundChoices *self,
                         GPtrArray        *problems)
{
  g_autofree char *path = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GHashTable) choices = NULL;
  g_autoptr(GError) error = NULL;
  char *problem = NULL;
  guint64 version;

  g_return_if_fail (LULL_IS_SOUND_CHOICES (self));

  g_hash_table_remove_all (self->choices);
  g_key_file_unref (self->keyfile);
  self->keyfile = new_keyfile ();
  self->file_state = FILE_STATE_OK;

  path = lull_data_root_build_filename (self->data_root, CHOICES_FILE, NULL);
  keyfile = g_key_file_new ();
  if (!lull_file_load_key_file (path, MAX_FILE_BYTES, keyfile, &error))
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return;
      /* Not UTF-8, or not a keyfile. */
      if (error->domain == G_KEY_FILE_ERROR)
        goto damaged;

      if (g_error_matches (error, LULL_FILE_ERROR, LULL_FILE_ERROR_NOT_REGULAR)
          || g_error_matches (error, LULL_FILE_ERROR, LULL_FILE_ERROR_LINK_LOOP))
        self->file_state = FILE_STATE_REPLACE;
      else
        self->file_state = FILE_STATE_SET_ASIDE;

      g_debug ("Could not read %s: %s", path, error->message);
      /* Translators: the reason is a sentence such as ““sound-choices.ini”
       * is not a regular file, so Lull did not open it.” */
      problem = g_strdup_printf (_("Your sound choices could not be read, so each routine "
                                   "plays its own sounds for now. %s"),
                                 error->message);
      goto out;
    }

  version = lull_key_file_get_version (keyfile, CHOICES_GROUP, VERSION_KEY);
  if (version > FORMAT_VERSION)
    {
      self->file_state = FILE_STATE_SET_ASIDE;
      problem = g_strdup (_("Your sound choices were saved by a newer version of Lull, so "
                            "each routine plays its own sounds for now. If you choose a sound "
                            "here, the newer file is kept in the quarantine folder."));
      goto out;
    }
  if (version != FORMAT_VERSION)
    goto damaged;

  choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!read_choices (keyfile, choices))
    goto damaged;

  g_key_file_unref (self->keyfile);
  self->keyfile = g_steal_pointer (&keyfile);
  g_hash_table_unref (self->choices);
  self->choices = g_steal_pointer (&choices);
  return;

damaged:
  self->file_state = FILE_STATE_SET_ASIDE;
  problem = g_strdup (_("The file of your sound choices is damaged, so each routine plays its "
                        "own sounds for now. The next sound you choose starts a new file, and "
                        "the damaged one is kept in the quarantine folder."));

out:
  if (problems != NULL)
    g_ptr_array_add (problems, problem);
  else
    g_free (problem);
}

/**
 * lull_sound_choices_get:
 * @routine_id: a routine's id
 * @step: a step index (0-based), or -1 for the routine's default
 *
 * Returns: (nullable): the track id the parent picked, or %NULL
 */
const char *
lull_sound_choices_get (LullSoundChoices *self,
                        const char       *routine_id,
                        int               step)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (LULL_IS_SOUND_CHOICES (self), NULL);
  g_return_val_if_fail (routine_id != NULL, NULL);
  g_return_val_if_fail (step >= -1, NULL);

  key = choice_key (routine_id, step);

  return g_hash_table_lookup (self->choices, key);
}

/**
 * lull_sound_choices_set:
 * @routine_id: a routine's id (`a-z`, `0-9` and `-`)
 * @step: a step index (0-based, below %LULL_ROUTINE_MAX_STEPS), or -1 for
 *   the routine's default
 * @track_id: (nullable): a track id that lull_track_id_is_valid() accepts,
 *   or %NULL to forget the choice
 *
 * Saves the file at once, atomically and 0600. An id that is not valid is
 * a programming error (the library only hands out valid ones). On failure
 * the choices held and the file are as they were, and the error is a
 * translated sentence (in the #G_FILE_ERROR domain, with the code of what
 * went wrong: %G_FILE_ERROR_ACCES, %G_FILE_ERROR_NOSPC…).
 *
 * Returns: %TRUE if the choice is saved
 */
gboolean
lull_sound_choices_set (LullSoundChoices  *self,
                        const char        *routine_id,
                        int                step,
                        const char        *track_id,
                        GError           **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *group = NULL;
  g_autofree char *key_name = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (LULL_IS_SOUND_CHOICES (self), FALSE);
  g_return_val_if_fail (routine_id != NULL && routine_id_is_valid (routine_id), FALSE);
  g_return_val_if_fail (step >= -1 && step < LULL_ROUTINE_MAX_STEPS, FALSE);
  g_return_val_if_fail (track_id == NULL || lull_track_id_is_valid (track_id), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  key = choice_key (routine_id, step);
  if (g_strcmp0 (g_hash_table_lookup (self->choices, key), track_id) == 0)
    return TRUE;

  group = group_name (routine_id);
  key_name = step_key_name (step);
  keyfile = lull_key_file_copy (self->keyfile);

  if (track_id != NULL)
    {
      g_key_file_set_string (keyfile, group, key_name, track_id);
    }
  else
    {
      g_auto(GStrv) keys = NULL;

      g_key_file_remove_key (keyfile, group, key_name, NULL);
      keys = g_key_file_get_keys (keyfile, group, NULL, NULL);
      if (keys != NULL && keys[0] == NULL)
        g_key_file_remove_group (keyfile, group, NULL);
    }

  if (!write_keyfile (self, keyfile, error))
    return FALSE;

  g_key_file_unref (self->keyfile);
  self->keyfile = g_steal_pointer (&keyfile);
  if (track_id != NULL)
    g_hash_table_insert (self->choices, g_steal_pointer (&key), g_strdup (track_id));
  else
    g_hash_table_remove (self->choices, key);

  g_signal_emit (self, signals[CHANGED], 0);

  return TRUE;
}

/**
 * lull_sound_choices_resolve:
 * @routine: the routine that runs
 * @step: a step index of @routine (0-based)
 *
 * What plays during @step: the parent's choice for the step, else the
 * step's own audio, else the parent's default for the routine, else the
 * routine's default (lull_routine_get_audio()).
 *
 * Returns: (nullable): a track id, or %NULL for silence
 */
const char *
lull_sound_choices_resolve (LullSoundChoices *self,
                            LullRoutine      *routine,
                            int               step)
{
  const char *routine_id;
  const char *track_id;

  g_return_val_if_fail (LULL_IS_SOUND_CHOICES (self), NULL);
  g_return_val_if_fail (LULL_IS_ROUTINE (routine), NULL);
  g_return_val_if_fail (step >= 0 && (guint)step < lull_routine_get_n_steps (routine), NULL);

  routine_id = lull_routine_get_id (routine);

  track_id = lull_sound_choices_get (self, routine_id, step);
  if (track_id != NULL)
    return track_id;

  track_id = lull_step_get_audio (lull_routine_get_step (routine, step));
  if (track_id != NULL)
    return track_id;

  track_id = lull_sound_choices_get (self, routine_id, -1);
  if (track_id != NULL)
    return track_id;

  return lull_routine_get_audio (routine);
}
