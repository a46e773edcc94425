/* lull-application.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lull-data-root.h"

G_BEGIN_DECLS

#define LULL_TYPE_APPLICATION (lull_application_get_type ())

G_DECLARE_FINAL_TYPE (LullApplication, lull_application, LULL, APPLICATION, AdwApplication)

LullApplication *lull_application_new            (void);

GSettings       *lull_application_get_settings   (LullApplication *self);
LullDataRoot    *lull_application_get_data_root  (LullApplication *self);
char            *lull_application_take_notice    (LullApplication *self);

G_END_DECLS
