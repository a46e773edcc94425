/* lull-session-runner.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lull-application.h"
#include "lull-photo-source.h"
#include "lull-player.h"
#include "lull-record.h"
#include "lull-session.h"

G_BEGIN_DECLS

typedef enum
{
  LULL_SESSION_KIND_NORMAL,
  LULL_SESSION_KIND_DEMO,    /* a demonstration, at speed; keeps nothing */
  LULL_SESSION_KIND_GUEST,   /* keeps nothing */
} LullSessionKind;

#define LULL_TYPE_SESSION_RUNNER (lull_session_runner_get_type ())

G_DECLARE_FINAL_TYPE (LullSessionRunner, lull_session_runner, LULL, SESSION_RUNNER, GObject)

LullSessionRunner *lull_session_runner_new          (LullApplication   *application);

/* The running session, or NULL; the record being logged once it is over. */
LullSession       *lull_session_runner_get_session  (LullSessionRunner *self);
LullRecord        *lull_session_runner_get_record   (LullSessionRunner *self);
/* The main track's player while a session with sound runs, or NULL. */
LullPlayer        *lull_session_runner_get_player   (LullSessionRunner *self);

/* Starts a session of @routine unless one is running. */
gboolean           lull_session_runner_start        (LullSessionRunner *self,
                                                     LullRoutine       *routine);

gboolean           lull_session_runner_start_full   (LullSessionRunner *self,
                                                     LullRoutine       *routine,
                                                     LullSessionKind    kind,
                                                     double             speed);
LullSessionKind    lull_session_runner_get_kind     (LullSessionRunner *self);
double             lull_session_runner_get_speed    (LullSessionRunner *self);
/* Reads the checkpoint a crash or a closed window left. TRUE when there is
 * a session to offer back: it waits, paused, for lull_session_runner_resume()
 * or lull_session_runner_discard(). FALSE otherwise, with @notice set
 * when the parent should hear why (it was set aside). */
gboolean           lull_session_runner_recover      (LullSessionRunner *self,
                                                     char             **notice);
/* Runs the recovered session again: @go_on resumes it (its clock, when it
 * was running before the crash, and its sound); otherwise it stays paused
 * and silent, to be logged. */
void               lull_session_runner_resume       (LullSessionRunner *self,
                                                     gboolean           go_on);

/* Fits the record within the history's limits and checks it. */
gboolean           lull_session_runner_check_record (LullSessionRunner *self,
                                                     GError           **error);
/* Adds the record to the history, then ends the session. On failure the
 * session and the checkpoint stay, so the parent can try again. */
gboolean           lull_session_runner_save         (LullSessionRunner *self,
                                                     GError           **error);
void               lull_session_runner_toggle_sound (LullSessionRunner *self);
void               lull_session_runner_toggle_mute  (LullSessionRunner *self);
/* Photos (see the "photo", "photo-focus" and "photos-hidden" properties):
 * what shows now and the next one to get ready; the page tells the runner
 * when a photo was on screen and when a clip ended or a photo failed. */
LullPhotoSource   *lull_session_runner_get_photo_source (LullSessionRunner *self);
LullPhoto         *lull_session_runner_get_photo        (LullSessionRunner *self);
LullPhoto         *lull_session_runner_get_next_photo   (LullSessionRunner *self);
gboolean           lull_session_runner_get_photo_focus  (LullSessionRunner *self);
gboolean           lull_session_runner_get_photos_hidden (LullSessionRunner *self);
void               lull_session_runner_toggle_photos_hidden (LullSessionRunner *self);
void               lull_session_runner_photo_shown      (LullSessionRunner *self,
                                                         LullPhoto         *photo);
void               lull_session_runner_photo_done       (LullSessionRunner *self,
                                                         LullPhoto         *photo,
                                                         gboolean           failed);
/* Ends the session without keeping it. */
void               lull_session_runner_discard      (LullSessionRunner *self);
/* Saves the checkpoint now (also done on every change and every few
 * seconds while a session runs). */
void               lull_session_runner_save_checkpoint (LullSessionRunner *self);

G_END_DECLS
