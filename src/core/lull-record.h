/* lull-record.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LULL_RECORD_MAX_SIDE_ML 1000
#define LULL_RECORD_NO_VALUE    (-1)
/* Volumes are kept in mL; one US fluid ounce, for showing them so. */
#define LULL_ML_PER_US_FL_OZ    29.5735

/* The most let-downs one session holds, and the longest pumping time (four
 * hours): beyond them the numbers come from a timer left running or a
 * damaged file, not from a session. */
#define LULL_RECORD_MAX_LETDOWNS     50
#define LULL_RECORD_MAX_PUMP_SECONDS (4 * 60 * 60)

#define LULL_TYPE_RECORD (lull_record_get_type ())

G_DECLARE_FINAL_TYPE (LullRecord, lull_record, LULL, RECORD, GObject)

LullRecord   *lull_record_new                 (GDateTime   *start);

/* Everything the record holds, unknown keys too, with another start when
 * @start is not NULL: the way to edit a saved session. */
LullRecord   *lull_record_copy                (LullRecord  *self,
                                               GDateTime   *start);

/* The group name in the history file: the start in UTC, ISO 8601. */
char         *lull_record_dup_key             (LullRecord  *self);
/* The key of a session that started at @start (the `start` key's text),
 * or NULL when it is not a time: to find a session without reading it. */
char         *lull_record_dup_key_for_start   (const char  *start);
/* The start as a month file writes it: local time with its offset. */
char         *lull_record_dup_start_text      (LullRecord  *self);
const char   *lull_record_get_key             (LullRecord  *self);
GDateTime    *lull_record_get_start           (LullRecord  *self);
/* The local date the session belongs to, for streaks and daily totals. */
GDate         lull_record_get_local_date      (LullRecord  *self);

guint         lull_record_get_prime_seconds   (LullRecord  *self);
void          lull_record_set_prime_seconds   (LullRecord  *self,
                                               guint        seconds);
guint         lull_record_get_pump_seconds    (LullRecord  *self);
void          lull_record_set_pump_seconds    (LullRecord  *self,
                                               guint        seconds);
const GArray *lull_record_get_letdowns        (LullRecord  *self);
void          lull_record_set_letdowns        (LullRecord  *self,
                                               const guint *seconds,
                                               guint        n_seconds);

/* Millilitres; LULL_RECORD_NO_VALUE when unknown. The per-side values are
 * set only when the parent entered them per side. */
int           lull_record_get_volume_ml       (LullRecord  *self);
int           lull_record_get_volume_left_ml  (LullRecord  *self);
int           lull_record_get_volume_right_ml (LullRecord  *self);
void          lull_record_set_volume_ml       (LullRecord  *self,
                                               int          ml);
void          lull_record_set_volume_sides_ml (LullRecord  *self,
                                               int          left_ml,
                                               int          right_ml);

/* 1 to 5; LULL_RECORD_NO_VALUE when not given. */
int           lull_record_get_ease            (LullRecord  *self);
void          lull_record_set_ease            (LullRecord  *self,
                                               int          ease);
int           lull_record_get_calm_before     (LullRecord  *self);
void          lull_record_set_calm_before     (LullRecord  *self,
                                               int          calm);
int           lull_record_get_calm_after      (LullRecord  *self);
void          lull_record_set_calm_after      (LullRecord  *self,
                                               int          calm);

const char   *lull_record_get_routine         (LullRecord  *self);
void          lull_record_set_routine         (LullRecord  *self,
                                               const char  *routine_id);
const char   *lull_record_get_place           (LullRecord  *self);
void          lull_record_set_place           (LullRecord  *self,
                                               const char  *place);
const char * const *lull_record_get_cues      (LullRecord  *self);
void          lull_record_set_cues            (LullRecord  *self,
                                               const char * const *cues);
const char   *lull_record_get_audio           (LullRecord  *self);
void          lull_record_set_audio           (LullRecord  *self,
                                               const char  *audio);
const char   *lull_record_get_notes           (LullRecord  *self);
void          lull_record_set_notes           (LullRecord  *self,
                                               const char  *notes);

/* Whether the values can be saved: volumes 0 to 1000 mL per side, scores
 * 1 to 5, the limits above. The message is a sentence for the parent. */
gboolean      lull_record_validate            (LullRecord  *self,
                                               GError     **error);
/* Pumping time and let-downs brought within the limits above. */
gboolean      lull_record_clamp_to_limits     (LullRecord  *self);

/* To and from one group of a history keyfile; keys this version does not
 * know are kept and written back. */
void          lull_record_write_to_keyfile    (LullRecord  *self,
                                               GKeyFile    *keyfile);
LullRecord   *lull_record_new_from_keyfile    (GKeyFile    *keyfile,
                                               const char  *group,
                                               GError     **error);

/* Whether the key is one of the format's (`start`, `volume-ml`…); the
 * others are kept and written back as they were. */
gboolean      lull_record_is_known_key        (const char  *key);

/* The history's reader: a group as its keys and raw values, from the
 * month file @file_name. Keeps what it can, and says in @problems what it
 * left out; fails only for a session it cannot place in time. */
LullRecord   *lull_record_new_from_fields     (const char          *group,
                                               const char * const  *keys,
                                               const char * const  *values,
                                               guint                n_fields,
                                               const char          *file_name,
                                               GPtrArray           *problems,
                                               GError             **error);

G_END_DECLS
