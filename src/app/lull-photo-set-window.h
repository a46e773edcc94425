/* lull-photo-set-window.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lull-application.h"

G_BEGIN_DECLS

#define LULL_TYPE_PHOTO_SET_WINDOW (lull_photo_set_window_get_type ())

G_DECLARE_FINAL_TYPE (LullPhotoSetWindow, lull_photo_set_window,
                      LULL, PHOTO_SET_WINDOW, AdwWindow)

LullPhotoSetWindow *lull_photo_set_window_new (LullApplication *application,
                                               GtkWindow       *parent);

G_END_DECLS
