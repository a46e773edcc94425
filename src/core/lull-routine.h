/* lull-routine.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lull-step.h"

G_BEGIN_DECLS

#define LULL_ROUTINE_ERROR (lull_routine_error_quark ())

typedef enum
{
  LULL_ROUTINE_ERROR_NOT_A_ROUTINE,   /* junk, not UTF-8, not a keyfile */
  LULL_ROUTINE_ERROR_MISSING_GROUP,   /* no [Routine] group, or no steps */
  LULL_ROUTINE_ERROR_MISSING_KEY,
  LULL_ROUTINE_ERROR_BAD_VALUE,       /* unknown kind, bad duration, text too long… */
  LULL_ROUTINE_ERROR_TOO_MANY_STEPS,
  LULL_ROUTINE_ERROR_UNSUPPORTED_VERSION,
} LullRoutineError;

#define LULL_ROUTINE_MAX_STEPS            100
#define LULL_ROUTINE_MAX_NAME_CHARS       80
#define LULL_ROUTINE_MAX_STEP_SECONDS     (2 * 60 * 60)
#define LULL_ROUTINE_DEFAULT_PUMP_SECONDS (15 * 60)

#define LULL_TYPE_ROUTINE (lull_routine_get_type ())

G_DECLARE_FINAL_TYPE (LullRoutine, lull_routine, LULL, ROUTINE, GObject)

GQuark       lull_routine_error_quark         (void);

LullRoutine *lull_routine_new_from_data       (const char         *data,
                                               gssize              length,
                                               const char * const *languages,
                                               GError            **error);
LullRoutine *lull_routine_new_from_file       (const char         *filename,
                                               const char * const *languages,
                                               GError            **error);

const char  *lull_routine_get_id              (LullRoutine        *self);
const char  *lull_routine_get_name            (LullRoutine        *self);
const char  *lull_routine_get_description     (LullRoutine        *self);
const char  *lull_routine_get_audio           (LullRoutine        *self);
guint        lull_routine_get_pump_seconds    (LullRoutine        *self);
gboolean     lull_routine_get_builtin         (LullRoutine        *self);
void         lull_routine_set_builtin         (LullRoutine        *self,
                                               gboolean            builtin);

guint        lull_routine_get_n_steps         (LullRoutine        *self);
LullStep    *lull_routine_get_step            (LullRoutine        *self,
                                               guint               index);
/* Steps before the first stimulation or expression step prepare; the rest
 * are prompts shown while pumping. */
guint        lull_routine_get_n_prepare_steps (LullRoutine        *self);

/* The words of the history's `cues` key, in the order it keeps them:
 * audio, photos, warmth, massage, breathing, imagery, drink. */
const char * const *lull_routine_get_cue_words (void);

/* The cues the routine uses (audio, photos, breathing, warmth, massage…),
 * as the history's `cues` key names them and in its order. */
GStrv        lull_routine_dup_cues            (LullRoutine        *self);
/* The same for the steps whose entry in @steps is TRUE (all of them when
 * @steps is NULL); steps at or past @n_steps are left out. */
GStrv        lull_routine_dup_step_cues       (LullRoutine        *self,
                                               const gboolean     *steps,
                                               guint               n_steps);


/* One reason a routine would not load, for an editor to show by its
 * field: the group ("Routine", "Step 2") and key ("name", "duration"),
 * either NULL when the problem is the whole file's or group's. */
typedef struct
{
  char *group;
  char *key;
  char *message;   /* a sentence */
} LullRoutineProblem;

void         lull_routine_problem_free        (LullRoutineProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LullRoutineProblem, lull_routine_problem_free)

LullRoutine *lull_routine_new_from_keyfile    (GKeyFile           *keyfile,
                                               const char * const *languages,
                                               GError            **error);
GPtrArray   *lull_routine_check_keyfile       (GKeyFile           *keyfile,
                                               const char * const *languages);
GKeyFile    *lull_routine_dup_keyfile         (LullRoutine        *self);
const char  *lull_routine_get_file_name       (LullRoutine        *self);
void         lull_routine_set_file_name       (LullRoutine        *self,
                                               const char         *file_name);

G_END_DECLS
