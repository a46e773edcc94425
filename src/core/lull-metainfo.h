/* lull-metainfo.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LULL_TYPE_METAINFO (lull_metainfo_get_type ())

G_DECLARE_FINAL_TYPE (LullMetainfo, lull_metainfo, LULL, METAINFO, GObject)

LullMetainfo *lull_metainfo_new_from_data       (const char         *data,
                                                 gssize              length,
                                                 const char * const *languages,
                                                 GError            **error);

const char   *lull_metainfo_get_name            (LullMetainfo       *self);
const char   *lull_metainfo_get_summary         (LullMetainfo       *self);
const char   *lull_metainfo_get_developer_name  (LullMetainfo       *self);
const char   *lull_metainfo_get_project_license (LullMetainfo       *self);
const char   *lull_metainfo_get_url             (LullMetainfo       *self,
                                                 const char         *type);
const char   *lull_metainfo_get_version         (LullMetainfo       *self);
const char   *lull_metainfo_get_release_notes   (LullMetainfo       *self);

G_END_DECLS
