/* lull-application.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lull-clock.h"
#include "lull-data-root.h"
#include "lull-history.h"
#include "lull-photo-set.h"
#include "lull-reminder-service.h"
#include "lull-report.h"
#include "lull-routine.h"
#include "lull-sound-choices.h"
#include "lull-thumbnailer.h"
#include "lull-track-library.h"
#include "lull-traces.h"

G_BEGIN_DECLS

#define LULL_TYPE_APPLICATION (lull_application_get_type ())

G_DECLARE_FINAL_TYPE (LullApplication, lull_application, LULL, APPLICATION, AdwApplication)

LullApplication *lull_application_new            (void);

GSettings       *lull_application_get_settings   (LullApplication *self);
LullDataRoot    *lull_application_get_data_root  (LullApplication *self);
LullClock       *lull_application_get_clock      (LullApplication *self);
LullHistory     *lull_application_get_history    (LullApplication *self);
GListModel      *lull_application_get_routines   (LullApplication *self);
void             lull_application_reload_routines (LullApplication *self);
double           lull_application_get_demo_speed (LullApplication *self);
void             lull_application_set_demo_speed (LullApplication *self,
                                                  double           speed);
LullRoutine     *lull_application_find_routine   (LullApplication *self,
                                                  const char      *id);
/* Made and loaded on first use (GStreamer starts then, not at start-up);
 * what they find wrong is shown as a notice. */
LullTrackLibrary *lull_application_get_track_library (LullApplication *self);
LullSoundChoices *lull_application_get_sound_choices (LullApplication *self);
/* The photo set, listed (never decoded) on first use; problems are shown
 * as a notice. The thumbnailer is shared by every view of the set. */
LullPhotoSet     *lull_application_get_photo_set     (LullApplication *self);
LullThumbnailer  *lull_application_get_thumbnailer   (LullApplication *self);
LullReminderService *lull_application_get_reminders  (LullApplication *self);
void              lull_application_get_report_options (LullApplication   *self,
                                                       LullReportOptions *options);
LullTracePlaces  *lull_application_get_trace_places  (LullApplication *self);
void              lull_application_forget_data_root  (LullApplication *self,
                                                      GPtrArray       *problems);

G_END_DECLS
