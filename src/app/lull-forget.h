/* lull-forget.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lull-application.h"

G_BEGIN_DECLS

void lull_forget_computer  (LullApplication    *app,
                            GtkWindow          *parent);
void lull_forget_tell_left (const char * const *problems);

G_END_DECLS
