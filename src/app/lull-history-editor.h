/* lull-history-editor.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lull-application.h"

G_BEGIN_DECLS

#define LULL_TYPE_HISTORY_EDITOR (lull_history_editor_get_type ())

G_DECLARE_FINAL_TYPE (LullHistoryEditor, lull_history_editor,
                      LULL, HISTORY_EDITOR, AdwWindow)

/* @record: the saved session to change, or NULL to add a past one.
 * Emits "saved" with the record now in the history, or "deleted" with the
 * record taken out (for Undo), and then closes. */
LullHistoryEditor *lull_history_editor_new        (LullApplication   *application,
                                                   GtkWindow         *parent,
                                                   LullRecord        *record);

LullRecord        *lull_history_editor_get_record (LullHistoryEditor *self);

G_END_DECLS
