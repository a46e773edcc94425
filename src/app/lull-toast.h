/* lull-toast.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

AdwToast *lull_toast_new       (const char      *text);
void      lull_toast_set_text  (AdwToast        *toast,
                                const char      *text);
void      lull_toast_show      (AdwToastOverlay *overlay,
                                const char      *text);

G_END_DECLS
