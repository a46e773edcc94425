/* lull-sound-library-window.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lull-application.h"

G_BEGIN_DECLS

#define LULL_TYPE_SOUND_LIBRARY_WINDOW (lull_sound_library_window_get_type ())

G_DECLARE_FINAL_TYPE (LullSoundLibraryWindow, lull_sound_library_window,
                      LULL, SOUND_LIBRARY_WINDOW, AdwWindow)

/* The Sounds window: the parent's own sounds (add, record, rename,
 * delete), the built-in ones, a preview of each, and which sound plays in
 * each routine. Not modal, so that the main window stays usable. */
LullSoundLibraryWindow *lull_sound_library_window_new (LullApplication *application,
                                                       GtkWindow       *parent);

G_END_DECLS
