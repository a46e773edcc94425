/* lull-routine-share.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lull-file.h"
#include "lull-routine-share.h"
#include "lull-routine-store.h"

/* Routine files handed from one Lull to another, as a counsellor gives a
 * parent a routine: exported as the file itself, and imported through the
 * same parser and limits as the routines folder. An import never
 * overwrites a routine without the parent's word: a clash of ids is
 * reported, and the caller says whether to keep both or replace.
 *
 * The sounds and photos a routine names live in the Lull it came from.
 * One this Lull does not have is taken out, so that the routine still
 * runs (without that cue), and a note says which step lost what. */

struct _LullRoutineShare
{
  GObject      parent_instance;

  GKeyFile    *keyfile;   /* what will be saved, missing cues taken out */
  LullRoutine *routine;   /* read from it, for its id and name */
  LullRoutine *clash;     /* the listed routine with the same id, or NULL */
  GListModel  *routines;  /* what was listed, for a free id */
  GPtrArray   *notes;     /* sentences, NULL-terminated */
};

G_DEFINE_FINAL_TYPE (LullRoutineShare, lull_routine_share, G_TYPE_OBJECT)

#define ROUTINE_GROUP "Routine"

/* As the parser reads a cue: blanks around it do not count. */
static gboolean
is_known (const char * const *ids,
          const char         *id)
{
  g_autofree char *stripped = g_strstrip (g_strdup (id));

  return ids != NULL && g_strv_contains (ids, stripped);
}

static void
add_note (LullRoutineShare *self,
          char             *note)
{
  /* Kept NULL-terminated for lull_routine_share_get_notes(). */
  g_ptr_array_insert (self->notes, self->notes->len - 1, note);
}

/* Takes out each `audio=` naming a track this Lull lacks and each
 * `photo=` naming a photo it lacks, with a note for each. */
static void
strip_missing_cues (LullRoutineShare   *self,
                    const char * const *track_ids,
                    const char * const *photo_ids)
{
  g_autofree char *audio = NULL;
  guint n_steps = lull_routine_get_n_steps (self->routine);

  audio = g_key_file_get_string (self->keyfile, ROUTINE_GROUP, "audio", NULL);
  if (audio != NULL && !is_known (track_ids, audio))
    {
      g_key_file_remove_key (self->keyfile, ROUTINE_GROUP, "audio", NULL);
      /* Translators: %s is a sound's file name, such as “rain.ogg” */
      add_note (self, g_strdup_printf (_("The routine named the sound “%s” to play throughout, "
                                         "which is not in this Lull’s sound library, so it "
                                         "plays none."),
                                       audio));
    }

  /* The parser has checked that the steps are numbered 1, 2, 3… */
  for (guint i = 1; i <= n_steps; i++)
    {
      g_autofree char *group = g_strdup_printf ("Step %u", i);
      g_autofree char *track = NULL;
      g_autofree char *photo = NULL;

      track = g_key_file_get_string (self->keyfile, group, "audio", NULL);
      if (track != NULL && !is_known (track_ids, track))
        {
          g_key_file_remove_key (self->keyfile, group, "audio", NULL);
          /* Translators: a step's number, then a sound's file name */
          add_note (self, g_strdup_printf (_("Step %u named the sound “%s”, which is not in "
                                             "this Lull’s sound library, so it plays none."),
                                           i, track));
        }

      photo = g_key_file_get_string (self->keyfile, group, "photo", NULL);
      if (photo != NULL && !is_known (photo_ids, photo))
        {
          g_key_file_remove_key (self->keyfile, group, "photo", NULL);
          /* Translators: a step's number, then a photo's file name */
          add_note (self, g_strdup_printf (_("Step %u named the photo “%s”, which is not among "
                                             "this Lull’s photos, so it shows the photo chosen "
                                             "for one-photo mode."),
                                           i, photo));
        }
    }
}

static void
lull_routine_share_dispose (GObject *object)
{
  LullRoutineShare *self = LULL_ROUTINE_SHARE (object);

  g_clear_object (&self->routine);
  g_clear_object (&self->clash);
  g_clear_object (&self->routines);

  G_OBJECT_CLASS (lull_routine_share_parent_class)->dispose (object);
}

static void
lull_routine_share_finalize (GObject *object)
{
  LullRoutineShare *self = LULL_ROUTINE_SHARE (object);

  g_clear_pointer (&self->keyfile, g_key_file_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);

  G_OBJECT_CLASS (lull_routine_share_parent_class)->finalize (object);
}

static void
lull_routine_share_class_init (LullRoutineShareClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lull_routine_share_dispose;
  object_class->finalize = lull_routine_share_finalize;
}

static void
lull_routine_share_init (LullRoutineShare *self)
{
  self->notes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->notes, NULL);
}

/**
 * lull_routine_share_export:
 * @routine: any listed routine, built-in or the parent's
 * @path: the file the parent chose, such as `evening-calm.lullroutine`
 * @error: a #G_FILE_ERROR with a sentence naming the file
 *
 * Writes the routine's file as it was read, every translation and comment
 * kept, so that the Lull it goes to shows it in its own parent's
 * language. A device or a pipe is written to, never replaced.
 */
gboolean
lull_routine_share_export (LullRoutine  *routine,
                           const char   *path,
                           GError      **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (LULL_IS_ROUTINE (routine), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  keyfile = lull_routine_dup_keyfile (routine);
  data = g_key_file_to_data (keyfile, &length, NULL);

  return lull_file_export (path, data, length, error);
}

/**
 * lull_routine_share_new_from_file:
 * @path: a routine file from anywhere
 * @routines: (element-type LullRoutine): the routines listed now, to find
 *   a clash of ids
 * @track_ids: (nullable) (array zero-terminated=1): the ids of the sound
 *   tracks this Lull has, built-in (`builtin:rain`) and the parent's own
 * @photo_ids: (nullable) (array zero-terminated=1): the ids of the photos
 *   this Lull has
 * @error: the parser's error, which names the file: a #LULL_ROUTINE_ERROR,
 *   or a #G_IO_ERROR when it cannot be opened
 *
 * Reads @path as the routines folder is read (a regular file of at most
 * 1 MiB that passes every check) and takes out the cues this Lull lacks.
 * Nothing is written until lull_routine_share_save().
 *
 * Returns: (transfer full) (nullable): the routine to import
 */
LullRoutineShare *
lull_routine_share_new_from_file (const char          *path,
                                  GListModel          *routines,
                                  const char * const  *track_ids,
                                  const char * const  *photo_ids,
                                  GError             **error)
{
  g_autoptr(LullRoutineShare) self = NULL;
  g_autoptr(LullRoutine) read = NULL;
  const char *id;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (routines), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  read = lull_routine_new_from_file (path, NULL, error);
  if (read == NULL)
    return NULL;

  self = g_object_new (LULL_TYPE_ROUTINE_SHARE, NULL);
  self->routines = g_object_ref (routines);
  self->keyfile = lull_routine_dup_keyfile (read);
  self->routine = g_steal_pointer (&read);
  strip_missing_cues (self, track_ids, photo_ids);

  id = lull_routine_get_id (self->routine);
  for (guint i = 0; i < g_list_model_get_n_items (routines); i++)
    {
      g_autoptr(LullRoutine) listed = g_list_model_get_item (routines, i);

      if (g_strcmp0 (lull_routine_get_id (listed), id) == 0)
        {
          self->clash = g_steal_pointer (&listed);
          break;
        }
    }

  return g_steal_pointer (&self);
}

const char *
lull_routine_share_get_id (LullRoutineShare *self)
{
  g_return_val_if_fail (LULL_IS_ROUTINE_SHARE (self), NULL);

  return lull_routine_get_id (self->routine);
}

/**
 * lull_routine_share_get_name:
 *
 * Returns: the routine's name in the parent's language
 */
const char *
lull_routine_share_get_name (LullRoutineShare *self)
{
  g_return_val_if_fail (LULL_IS_ROUTINE_SHARE (self), NULL);

  return lull_routine_get_name (self->routine);
}

/**
 * lull_routine_share_get_clash:
 *
 * Returns: (transfer none) (nullable): the listed routine that has the
 *   same id, built-in or the parent's; %NULL when there is none
 */
LullRoutine *
lull_routine_share_get_clash (LullRoutineShare *self)
{
  g_return_val_if_fail (LULL_IS_ROUTINE_SHARE (self), NULL);

  return self->clash;
}

/**
 * lull_routine_share_get_can_replace:
 *
 * Returns: %TRUE when the clash is one of the parent's own files, which
 *   %LULL_ROUTINE_SHARE_REPLACE may take the place of; a built-in routine
 *   is never replaced
 */
gboolean
lull_routine_share_get_can_replace (LullRoutineShare *self)
{
  g_return_val_if_fail (LULL_IS_ROUTINE_SHARE (self), FALSE);

  return self->clash != NULL && lull_routine_get_file_name (self->clash) != NULL;
}

/**
 * lull_routine_share_get_notes:
 *
 * Returns: (transfer none) (array zero-terminated=1): one sentence for
 *   each sound or photo taken out because this Lull does not have it;
 *   empty when nothing was
 */
const char * const *
lull_routine_share_get_notes (LullRoutineShare *self)
{
  g_return_val_if_fail (LULL_IS_ROUTINE_SHARE (self), NULL);

  return (const char * const *)self->notes->pdata;
}

/**
 * lull_routine_share_save:
 * @data_root: where the routine goes (`routines/`)
 * @choice: what to do about a clash (lull_routine_share_get_clash()):
 *   %LULL_ROUTINE_SHARE_ADD only when there is none
 * @error: a #G_IO_ERROR_EXISTS when @choice would overwrite a routine it
 *   may not; else as for lull_routine_store_save()
 *
 * Writes the routine into the data root, whole or not at all. With
 * %LULL_ROUTINE_SHARE_KEEP_BOTH its id becomes the first free one of
 * `ID-2`, `ID-3`…, and lull_routine_share_get_id() gives it afterwards;
 * when a routine here has its name, it is told apart by “(copy)”
 * (lull_routine_store_unique_name()), and lull_routine_share_get_name()
 * gives the new name.
 *
 * Returns: (transfer full) (nullable): the file name written in
 *   `routines/`
 */
char *
lull_routine_share_save (LullRoutineShare       *self,
                         LullDataRoot           *data_root,
                         LullRoutineShareChoice  choice,
                         GError                **error)
{
  g_autoptr(LullRoutine) saved = NULL;
  g_autofree char *file_name = NULL;
  const char *replaced = NULL;

  g_return_val_if_fail (LULL_IS_ROUTINE_SHARE (self), NULL);
  g_return_val_if_fail (LULL_IS_DATA_ROOT (data_root), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (choice)
    {
    case LULL_ROUTINE_SHARE_ADD:
      if (self->clash != NULL)
        {
          /* Translators: %s is a routine's name */
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("A routine with the same id as “%s” is already here, so it was not "
                         "added. Choose to keep both or to replace it."),
                       lull_routine_share_get_name (self));
          return NULL;
        }
      break;

    case LULL_ROUTINE_SHARE_KEEP_BOTH:
      if (self->clash != NULL)
        {
          g_autofree char *id = lull_routine_store_unique_id (self->routines,
                                                              lull_routine_get_id (self->routine));

          g_key_file_set_string (self->keyfile, ROUTINE_GROUP, "id", id);
          lull_routine_store_unique_name (self->routines, self->keyfile);
        }
      break;

    case LULL_ROUTINE_SHARE_REPLACE:
      if (self->clash != NULL)
        {
          replaced = lull_routine_get_file_name (self->clash);
          if (replaced == NULL)
            {
              /* Translators: %s is a built-in routine's name */
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                           _("“%s” is one of Lull’s own routines and cannot be replaced. "
                             "Keep both instead."),
                           lull_routine_get_name (self->clash));
              return NULL;
            }
        }
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  /* Read again from what is written, so that the id and name given back
   * are the saved routine's. */
  saved = lull_routine_new_from_keyfile (self->keyfile, NULL, error);
  if (saved == NULL)
    return NULL;

  file_name = lull_routine_store_save (data_root, self->keyfile, replaced, error);
  if (file_name == NULL)
    return NULL;

  g_set_object (&self->routine, saved);

  return g_steal_pointer (&file_name);
}
