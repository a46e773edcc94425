/* lull-recorder-window.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lull-application.h"
#include "lull-recorder.h"

G_BEGIN_DECLS

#define LULL_TYPE_RECORDER_WINDOW (lull_recorder_window_get_type ())

G_DECLARE_FINAL_TYPE (LullRecorderWindow, lull_recorder_window,
                      LULL, RECORDER_WINDOW, AdwWindow)

/* Records a sound of the parent's own into the data root's recordings/,
 * with a script to read aloud. Modal on @parent. "recording-saved"
 * (LullTrack *track) is emitted once the recording is in the library,
 * just before the window closes. */
LullRecorderWindow *lull_recorder_window_new       (LullApplication    *application,
                                                    GtkWindow          *parent);

/* The recorder the window drives, for tests (a test source, a short
 * limit). */
LullRecorder       *lull_recorder_window_get_recorder (LullRecorderWindow *self);

G_END_DECLS
