/* lull-session.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "lull-clock.h"
#include "lull-record.h"
#include "lull-routine.h"

G_BEGIN_DECLS

typedef enum
{
  LULL_SESSION_STATE_PREPARING,
  LULL_SESSION_STATE_PUMPING,
  LULL_SESSION_STATE_FINISHED,
  LULL_SESSION_STATE_CANCELLED,
} LullSessionState;

typedef enum
{
  LULL_PUMP_PHASE_NONE,
  LULL_PUMP_PHASE_STIMULATION,
  LULL_PUMP_PHASE_EXPRESSION,
} LullPumpPhase;

typedef enum
{
  LULL_SUGGESTION_SWITCH_TO_EXPRESSION,  /* first let-down, or 2 minutes of stimulation */
  LULL_SUGGESTION_BACK_TO_STIMULATION,   /* no let-down for about 7 minutes */
  LULL_SUGGESTION_NO_LETDOWN_YET,        /* about 3 minutes without a let-down */
  LULL_SUGGESTION_FINISH,                /* the routine's pumping target reached */
} LullSuggestion;

#define LULL_SESSION_ERROR (lull_session_error_quark ())

typedef enum
{
  LULL_SESSION_ERROR_BAD_CHECKPOINT,
} LullSessionError;

#define LULL_TYPE_SESSION (lull_session_get_type ())

G_DECLARE_FINAL_TYPE (LullSession, lull_session, LULL, SESSION, GObject)

GQuark            lull_session_error_quark        (void);

LullSession      *lull_session_new                (LullRoutine   *routine,
                                                   LullClock     *clock);

LullRoutine      *lull_session_get_routine        (LullSession   *self);
LullSessionState  lull_session_get_state          (LullSession   *self);
LullPumpPhase     lull_session_get_phase          (LullSession   *self);
gboolean          lull_session_get_paused         (LullSession   *self);
/* Index into the routine's steps; while pumping, the pump-time prompt. */
int               lull_session_get_step_index     (LullSession   *self);
LullStep         *lull_session_get_step           (LullSession   *self);
/* Seconds, whole: time spent preparing, time pumping (pauses excluded),
 * time in the current step and in the current pump phase. */
guint             lull_session_get_prime_seconds  (LullSession   *self);
guint             lull_session_get_pump_seconds   (LullSession   *self);
guint             lull_session_get_step_seconds   (LullSession   *self);
guint             lull_session_get_phase_seconds  (LullSession   *self);
/* Microsecond precision of the same, read from the session's clock, for
 * smooth animation and for waking a display at the next whole second:
 * the preparing time (pauses excluded, frozen once the pump starts) and
 * the pumping time (pauses excluded, 0 before the pump). */
gint64            lull_session_get_prime_elapsed  (LullSession   *self);
gint64            lull_session_get_pump_elapsed   (LullSession   *self);
GDateTime        *lull_session_get_start_time     (LullSession   *self);
/* Seconds from pump start of each let-down marked. */
const GArray     *lull_session_get_letdowns       (LullSession   *self);

void              lull_session_next_step          (LullSession   *self);
void              lull_session_previous_step      (LullSession   *self);
void              lull_session_skip_preparation   (LullSession   *self);
void              lull_session_switch_phase       (LullSession   *self);
void              lull_session_mark_letdown       (LullSession   *self);
void              lull_session_pause              (LullSession   *self);
void              lull_session_resume             (LullSession   *self);
void              lull_session_finish             (LullSession   *self);
void              lull_session_cancel             (LullSession   *self);
/* The app really presented @cue, one of the history's cue words (see
 * lull_routine_get_cue_words()): it played a sound ("audio"), showed a
 * photo ("photos")… The record has "audio" and "photos" only when noted
 * here; the other cues also come from the steps the session went through. */
void              lull_session_note_cue           (LullSession   *self,
                                                   const char    *cue);

/* Looks at the clock: moves through timed steps and raises suggestions.
 * The app calls it on each displayed second; tests after advancing the
 * test clock. */
void              lull_session_tick               (LullSession   *self);

/* A record with the times, let-downs, routine and cues filled in; the log
 * sheet adds the rest. The cues are those of the steps the session went
 * through (moved on from, timed out, or shown while pumping), with
 * "audio" and "photos" only as noted with lull_session_note_cue(). */
LullRecord       *lull_session_build_record       (LullSession   *self);

/* Checkpoint: the whole state as a keyfile, and back. */
GKeyFile         *lull_session_to_checkpoint      (LullSession   *self);
LullSession      *lull_session_new_from_checkpoint (GKeyFile     *keyfile,
                                                    LullRoutine  *routine,
                                                    LullClock    *clock,
                                                    GError      **error);
char             *lull_session_checkpoint_routine_id (GKeyFile   *keyfile);

G_END_DECLS
