/* lull-session-page.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lull-session.h"
#include "lull-session-runner.h"

G_BEGIN_DECLS

#define LULL_TYPE_SESSION_PAGE (lull_session_page_get_type ())

G_DECLARE_FINAL_TYPE (LullSessionPage, lull_session_page, LULL, SESSION_PAGE, GtkWidget)

LullSession *lull_session_page_get_session (LullSessionPage *self);
void         lull_session_page_set_session (LullSessionPage *self,
                                            LullSession     *session);
void         lull_session_page_set_runner  (LullSessionPage   *self,
                                            LullSessionRunner *runner);
void         lull_session_page_bind_settings (LullSessionPage *self,
                                              GSettings       *settings);
void         lull_session_page_focus_primary (LullSessionPage *self);
void         lull_session_page_set_presenter (LullSessionPage *self,
                                              gboolean         presenter);

/* Words for the parent, shared with the log page and the recovery dialog. */
char        *lull_format_duration          (guint            seconds);

G_END_DECLS
