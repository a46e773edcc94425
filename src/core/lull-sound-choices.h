/* lull-sound-choices.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "lull-data-root.h"
#include "lull-routine.h"

G_BEGIN_DECLS

/* The tracks the parent picked in the sound library: a default track per
 * routine and a track per step, for built-in routines and their own alike.
 * Kept in the data root's sound-choices.ini (version 1), a layer over the
 * routine files, which stay as they are. */

#define LULL_TYPE_SOUND_CHOICES (lull_sound_choices_get_type ())

G_DECLARE_FINAL_TYPE (LullSoundChoices, lull_sound_choices, LULL, SOUND_CHOICES, GObject)

LullSoundChoices *lull_sound_choices_new        (LullDataRoot      *data_root);

/* Reads sound-choices.ini; a missing file is no choices. A damaged file
 * (or bad ids in it) gives one sentence in @problems and no choices from
 * it; the file is left for the parent (it is rewritten on the next
 * change). */
void              lull_sound_choices_load       (LullSoundChoices  *self,
                                                 GPtrArray         *problems);

/* @step: a step index (0-based), or -1 for the routine's default. The
 * track id, or NULL when the parent has not picked one. */
const char       *lull_sound_choices_get        (LullSoundChoices  *self,
                                                 const char        *routine_id,
                                                 int                step);
/* @track_id: a valid track id, or NULL to forget the choice. Written at
 * once, atomically, 0600. "changed" is emitted on success. */
gboolean          lull_sound_choices_set        (LullSoundChoices  *self,
                                                 const char        *routine_id,
                                                 int                step,
                                                 const char        *track_id,
                                                 GError           **error);

/* What plays during @step of @routine: the parent's choice for the step,
 * else the step's own audio, else the parent's default for the routine,
 * else the routine's default (lull_routine_get_audio()), else NULL. */
const char       *lull_sound_choices_resolve    (LullSoundChoices  *self,
                                                 LullRoutine       *routine,
                                                 int                step);

G_END_DECLS
