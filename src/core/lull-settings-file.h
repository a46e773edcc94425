/* lull-settings-file.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LULL_SETTINGS_FILE_ERROR (lull_settings_file_error_quark ())

typedef enum
{
  LULL_SETTINGS_FILE_ERROR_UNREADABLE,
  LULL_SETTINGS_FILE_ERROR_DAMAGED,
} LullSettingsFileError;

/* The keyfile group that holds the keys directly below the schema's path. */
#define LULL_SETTINGS_FILE_GROUP "Lull"

GQuark   lull_settings_file_error_quark (void);

gboolean lull_settings_file_check       (const char       *filename,
                                         GSettingsSchema  *schema,
                                         GError          **error);

G_END_DECLS
