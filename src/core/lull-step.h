/* lull-step.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  LULL_STEP_KIND_WARMTH,
  LULL_STEP_KIND_MASSAGE,
  LULL_STEP_KIND_BACK_RUB,
  LULL_STEP_KIND_BREATHING,
  LULL_STEP_KIND_IMAGERY,
  LULL_STEP_KIND_DRINK,
  LULL_STEP_KIND_PHOTO_FOCUS,
  LULL_STEP_KIND_STIMULATION,
  LULL_STEP_KIND_EXPRESSION,
  LULL_STEP_KIND_COMPRESSION,
  LULL_STEP_KIND_REST,
  LULL_STEP_KIND_CUSTOM,
} LullStepKind;

#define LULL_STEP_MAX_PROMPT_CHARS 280

/* A track id is `builtin:NAME` or a plain file name inside the data root's
 * `audio/` folder; see lull_track_id_is_valid(). */
#define LULL_TRACK_ID_BUILTIN_PREFIX   "builtin:"
#define LULL_TRACK_ID_MAX_BUILTIN_NAME 64
#define LULL_TRACK_ID_MAX_BYTES        255

#define LULL_TYPE_STEP (lull_step_get_type ())

G_DECLARE_FINAL_TYPE (LullStep, lull_step, LULL, STEP, GObject)

LullStep     *lull_step_new                    (LullStepKind  kind,
                                                guint         duration_seconds,
                                                const char   *prompt);

LullStepKind  lull_step_get_kind               (LullStep     *self);
/* 0 means "until I move on". */
guint         lull_step_get_duration_seconds   (LullStep     *self);
const char   *lull_step_get_prompt             (LullStep     *self);
/* A track id (lull_track_id_is_valid()), or NULL. */
const char   *lull_step_get_audio              (LullStep     *self);
void          lull_step_set_audio              (LullStep     *self,
                                                const char   *audio);
/* A photo id (lull_file_id_is_valid()), or NULL. */
const char   *lull_step_get_photo              (LullStep     *self);
void          lull_step_set_photo              (LullStep     *self,
                                                const char   *photo);
gboolean      lull_step_get_show_photos        (LullStep     *self);
void          lull_step_set_show_photos        (LullStep     *self,
                                                gboolean      show_photos);
/* Breaths per minute, 0 when the step sets no pace. */
double        lull_step_get_breaths_per_minute (LullStep     *self);
void          lull_step_set_breaths_per_minute (LullStep     *self,
                                                double        breaths_per_minute);

const char   *lull_step_kind_to_string         (LullStepKind  kind);
gboolean      lull_step_kind_from_string       (const char   *string,
                                                LullStepKind *kind);

gboolean      lull_track_id_is_valid           (const char   *id);
/* A plain file name inside one of the data root's folders: a photo id, or
 * a track id that is not built in. */
gboolean      lull_file_id_is_valid            (const char   *id);

G_END_DECLS
