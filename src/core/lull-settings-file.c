/* lull-settings-file.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lull-file.h"
#include "lull-settings-file.h"

/* In portable mode preferences live in a keyfile that anyone can open in
 * an editor, or that a full disk may cut short. GSettings' keyfile backend
 * does not say when it meets a value it cannot use, so the file is checked
 * against the schema before the backend ever sees it. */

/* A few dozen keys take a few kilobytes; a larger file was not written by
 * Lull, and is not worth the memory to read. */
#define MAX_FILE_BYTES (1024 * 1024)

G_DEFINE_QUARK (lull-settings-file-error-quark, lull_settings_file_error)

static gboolean
check_key (GSettingsSchema  *schema,
           GKeyFile         *keyfile,
           const char       *key,
           GError          **error)
{
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  const GVariantType *type;

  /* A key this version does not know may come from a newer Lull. */
  if (!g_settings_schema_has_key (schema, key))
    return TRUE;

  schema_key = g_settings_schema_get_key (schema, key);
  type = g_settings_schema_key_get_value_type (schema_key);

  text = g_key_file_get_value (keyfile, LULL_SETTINGS_FILE_GROUP, key, NULL);
  if (text != NULL)
    value = g_variant_parse (type, text, NULL, NULL, &local_error);

  if (value == NULL || !g_settings_schema_key_range_check (schema_key, value))
    {
      g_set_error (error, LULL_SETTINGS_FILE_ERROR, LULL_SETTINGS_FILE_ERROR_DAMAGED,
                   "the value of “%s” is not one Lull can use", key);
      return FALSE;
    }

  return TRUE;
}

/**
 * lull_settings_file_check:
 * @filename: the keyfile the GSettings keyfile backend will read
 * @schema: the schema whose keys it holds
 *
 * A missing file is fine: the defaults apply. A file that is not text, not
 * a keyfile, larger than 1 MiB, or holds a value of the wrong type or out
 * of range is damaged. Something that is not a regular file (a FIFO, a
 * device, a folder, a loop of links) is never opened, and is unreadable.
 *
 * Returns: %FALSE if the file is damaged or cannot be read
 */
gboolean
lull_settings_file_check (const char       *filename,
                          GSettingsSchema  *schema,
                          GError          **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) keys = NULL;
  gsize length = 0;

  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (schema != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Only a regular file: a FIFO in its place would block start-up for
   * ever. The message from lull_file_get_contents() names the file. */
  if (!lull_file_get_contents (filename, MAX_FILE_BYTES, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;

      g_set_error_literal (error, LULL_SETTINGS_FILE_ERROR,
                           g_error_matches (local_error, LULL_FILE_ERROR,
                                            LULL_FILE_ERROR_TOO_LARGE)
                           ? LULL_SETTINGS_FILE_ERROR_DAMAGED
                           : LULL_SETTINGS_FILE_ERROR_UNREADABLE,
                           local_error->message);
      return FALSE;
    }

  if (!g_utf8_validate (contents, length, NULL))
    {
      g_set_error_literal (error, LULL_SETTINGS_FILE_ERROR, LULL_SETTINGS_FILE_ERROR_DAMAGED,
                           "the file is not valid UTF-8 text");
      return FALSE;
    }

  keyfile = g_key_file_new ();
  if (!g_key_file_load_from_data (keyfile, contents, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, LULL_SETTINGS_FILE_ERROR, LULL_SETTINGS_FILE_ERROR_DAMAGED,
                   "the file is not a settings file: %s", local_error->message);
      return FALSE;
    }

  keys = g_key_file_get_keys (keyfile, LULL_SETTINGS_FILE_GROUP, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      if (!check_key (schema, keyfile, keys[i], error))
        return FALSE;
    }

  return TRUE;
}
