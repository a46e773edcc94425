/* lull-first-frame.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LULL_FIRST_FRAME_ENV "LULL_BENCH_EXIT_AFTER_FIRST_FRAME"

void lull_first_frame_watch (GtkWindow *window);

G_END_DECLS
