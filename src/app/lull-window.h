/* lull-window.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lull-application.h"

G_BEGIN_DECLS

#define LULL_TYPE_WINDOW (lull_window_get_type ())

G_DECLARE_FINAL_TYPE (LullWindow, lull_window, LULL, WINDOW, AdwApplicationWindow)

LullWindow *lull_window_new         (LullApplication *application);
void        lull_window_show_notice (LullWindow      *self,
                                     const char      *message);
void        lull_window_show_notices (LullWindow   *self,
                                      GPtrArray    *messages);
void        lull_window_offer_recovery (LullWindow   *self);
void        lull_window_start_session (LullWindow    *self,
                                       LullRoutine   *routine);
void        lull_window_start_kept_session (LullWindow  *self,
                                            LullRoutine *routine);
gboolean    lull_window_confirm_quit  (LullWindow    *self);

/* A reminder in the window, when no notification server can show it. */
void        lull_window_show_reminder  (LullWindow *self,
                                        const char *title,
                                        const char *body);
void        lull_window_hide_reminder  (LullWindow *self);

G_END_DECLS
