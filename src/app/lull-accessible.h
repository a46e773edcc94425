/* lull-accessible.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void lull_label_scrollbars (GtkScrolledWindow *scroller);

G_END_DECLS
