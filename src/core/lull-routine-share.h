/* lull-routine-share.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lull-data-root.h"
#include "lull-routine.h"

G_BEGIN_DECLS

/* How a routine file received from elsewhere joins the parent's routines
 * when a listed routine already has its id. */
typedef enum
{
  LULL_ROUTINE_SHARE_ADD,        /* no routine has the id: refused if one does */
  LULL_ROUTINE_SHARE_KEEP_BOTH,  /* the new one takes a free id, ID-2… */
  LULL_ROUTINE_SHARE_REPLACE,    /* the new one takes the place of the parent's file */
} LullRoutineShareChoice;

#define LULL_TYPE_ROUTINE_SHARE (lull_routine_share_get_type ())

G_DECLARE_FINAL_TYPE (LullRoutineShare, lull_routine_share, LULL, ROUTINE_SHARE, GObject)

gboolean          lull_routine_share_export        (LullRoutine         *routine,
                                                    const char          *path,
                                                    GError             **error);

LullRoutineShare *lull_routine_share_new_from_file (const char          *path,
                                                    GListModel          *routines,
                                                    const char * const  *track_ids,
                                                    const char * const  *photo_ids,
                                                    GError             **error);

const char       *lull_routine_share_get_id        (LullRoutineShare    *self);
const char       *lull_routine_share_get_name      (LullRoutineShare    *self);
LullRoutine      *lull_routine_share_get_clash     (LullRoutineShare    *self);
gboolean          lull_routine_share_get_can_replace (LullRoutineShare  *self);
const char * const *lull_routine_share_get_notes   (LullRoutineShare    *self);

char             *lull_routine_share_save          (LullRoutineShare    *self,
                                                    LullDataRoot        *data_root,
                                                    LullRoutineShareChoice choice,
                                                    GError             **error);

G_END_DECLS
