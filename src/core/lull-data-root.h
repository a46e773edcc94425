/* lull-data-root.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LULL_DATA_ROOT_ERROR (lull_data_root_error_quark ())

typedef enum
{
  LULL_DATA_ROOT_ERROR_NOT_A_FOLDER,
  LULL_DATA_ROOT_ERROR_CANNOT_CREATE,
  LULL_DATA_ROOT_ERROR_NOT_WRITABLE,
  LULL_DATA_ROOT_ERROR_QUARANTINE,
  LULL_DATA_ROOT_ERROR_IN_USE,
} LullDataRootError;

#define LULL_TYPE_DATA_ROOT (lull_data_root_get_type ())

G_DECLARE_FINAL_TYPE (LullDataRoot, lull_data_root, LULL, DATA_ROOT, GObject)

GQuark        lull_data_root_error_quark     (void);

LullDataRoot *lull_data_root_new             (const char    *path);
LullDataRoot *lull_data_root_new_default     (void);

const char   *lull_data_root_get_path        (LullDataRoot  *self);
gboolean      lull_data_root_get_portable    (LullDataRoot  *self);
char         *lull_data_root_build_filename  (LullDataRoot  *self,
                                              const char    *first_element,
                                              ...) G_GNUC_NULL_TERMINATED;

gboolean      lull_data_root_prepare         (LullDataRoot  *self,
                                              GError       **error);
gboolean      lull_data_root_lock            (LullDataRoot  *self,
                                              GError       **error);
void          lull_data_root_unlock          (LullDataRoot  *self);
gboolean      lull_data_root_get_is_new      (LullDataRoot  *self);
char         *lull_data_root_check_space     (LullDataRoot  *self);
gboolean      lull_data_root_ensure_folder   (LullDataRoot  *self,
                                              const char    *name,
                                              GError       **error);
char         *lull_data_root_quarantine      (LullDataRoot  *self,
                                              const char    *filename,
                                              GDateTime     *when,
                                              GError       **error);

G_END_DECLS
