/* lull-media.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  lull_media_init               (GError **error);
char     *lull_media_dup_version_string (void);
const char *lull_media_get_dir          (void);

G_END_DECLS
