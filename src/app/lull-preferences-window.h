/* lull-preferences-window.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LULL_TYPE_PREFERENCES_WINDOW (lull_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (LullPreferencesWindow, lull_preferences_window,
                      LULL, PREFERENCES_WINDOW, AdwPreferencesWindow)

LullPreferencesWindow *lull_preferences_window_new (GSettings *settings);

G_END_DECLS
