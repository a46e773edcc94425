/* lull-routine-store.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lull-data-root.h"
#include "lull-routine.h"

G_BEGIN_DECLS

/* The parent's routine files in the data root's `routines/` folder. */

char     *lull_routine_store_save      (LullDataRoot  *data_root,
                                        GKeyFile      *keyfile,
                                        const char    *file_name,
                                        GError       **error);
gboolean  lull_routine_store_remove    (LullDataRoot  *data_root,
                                        const char    *file_name,
                                        GError       **error);
char     *lull_routine_store_unique_id (GListModel    *routines,
                                        const char    *base);
void      lull_routine_store_unique_name (GListModel  *routines,
                                          GKeyFile    *keyfile);

/* The text of a key that the parent sees: the translation for her
 * language when the file has one. */
char     *lull_routine_store_get_shown (GKeyFile      *keyfile,
                                        const char    *group,
                                        const char    *key);
void      lull_routine_store_set_shown (GKeyFile      *keyfile,
                                        const char    *group,
                                        const char    *key,
                                        const char    *value);

G_END_DECLS
