/* lull-routines-window.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lull-application.h"

G_BEGIN_DECLS

#define LULL_TYPE_ROUTINES_WINDOW (lull_routines_window_get_type ())

G_DECLARE_FINAL_TYPE (LullRoutinesWindow, lull_routines_window,
                      LULL, ROUTINES_WINDOW, AdwWindow)

/* The Routines window: the built-in routines (to read and duplicate) and
 * the parent's own (to create, edit, save and delete with undo). Not
 * modal, so that the main window stays usable. */
LullRoutinesWindow *lull_routines_window_new (LullApplication *application,
                                              GtkWindow       *parent);

G_END_DECLS
