/* lull-traces.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LULL_TRACES_ERROR (lull_traces_error_quark ())

typedef enum
{
  LULL_TRACES_ERROR_UNSAFE,
  LULL_TRACES_ERROR_FAILED,
} LullTracesError;

/* Where libraries would have written for Lull if portable mode had not
 * moved them: the folders as the environment named them at start-up. */
typedef struct
{
  char *home;
  char *cache_home;
  char *config_home;
  char *data_home;
} LullTracePlaces;

typedef enum
{
  LULL_TRACE_REGISTRY,
  LULL_TRACE_RECENT,
  LULL_TRACE_THUMBNAILS,
  LULL_TRACE_AUTOSTART,
} LullTraceKind;

/* One kind of trace: the files to delete, or for LULL_TRACE_RECENT the
 * entries (URIs) to take out of the file at @location. */
typedef struct
{
  LullTraceKind  kind;
  char          *location;
  GPtrArray     *items;
} LullTrace;

GQuark           lull_traces_error_quark                (void);

LullTracePlaces *lull_trace_places_new                  (const char       *home,
                                                         const char       *cache_home,
                                                         const char       *config_home,
                                                         const char       *data_home);
LullTracePlaces *lull_trace_places_new_from_environment (void);
void             lull_trace_places_free                 (LullTracePlaces  *places);

void             lull_trace_free                        (LullTrace        *trace);
char            *lull_trace_describe                    (LullTrace        *trace);

GPtrArray       *lull_traces_find                       (LullTracePlaces  *places,
                                                         const char       *data_root,
                                                         const char       *app_id);
gboolean         lull_traces_remove                     (GPtrArray        *traces,
                                                         GPtrArray        *failures);

guint            lull_traces_count_files                (const char       *folder);
gboolean         lull_traces_check_data_root            (const char       *data_root,
                                                         const char       *home,
                                                         GError          **error);
gboolean         lull_traces_delete_data_root           (const char       *data_root,
                                                         const char       *home,
                                                         GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LullTracePlaces, lull_trace_places_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LullTrace, lull_trace_free)

G_END_DECLS
