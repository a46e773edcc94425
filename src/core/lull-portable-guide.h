/* lull-portable-guide.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LULL_PORTABLE_README   "README.txt"
#define LULL_PORTABLE_SCRIPT   "lull.sh"
#define LULL_PORTABLE_LAUNCHER "Lull.desktop"

char     *lull_portable_guide_desktop_quote (const char  *argument);
gboolean  lull_portable_guide_write         (const char  *folder,
                                             const char  *binary,
                                             const char  *icon_name,
                                             GError     **error);

G_END_DECLS
