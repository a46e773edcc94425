/* lull-slideshow.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lull-photo-source.h"

G_BEGIN_DECLS

#define LULL_TYPE_SLIDESHOW (lull_slideshow_get_type ())

G_DECLARE_FINAL_TYPE (LullSlideshow, lull_slideshow, LULL, SLIDESHOW, GtkWidget)

GtkWidget *lull_slideshow_new            (void);

/* Where stills are decoded (at the widget's size, off the main thread). */
void       lull_slideshow_set_source     (LullSlideshow   *self,
                                          LullPhotoSource *source);
/* Crossfades to @photo once it is ready (the one shown stays until then)
 * and gets @next ready meanwhile; NULL @photo clears the slideshow. */
void       lull_slideshow_show           (LullSlideshow   *self,
                                          LullPhoto       *photo,
                                          LullPhoto       *next);
LullPhoto *lull_slideshow_get_photo      (LullSlideshow   *self);
void       lull_slideshow_get_photo_bounds (LullSlideshow   *self,
                                            graphene_rect_t *bounds);
/* Discreet: a plain calm surface at once, with clips paused, until it is
 * unhidden. No photo pixel is drawn while hidden. */
void       lull_slideshow_set_hidden     (LullSlideshow   *self,
                                          gboolean         hidden);
gboolean   lull_slideshow_get_hidden     (LullSlideshow   *self);
void       lull_slideshow_set_paused     (LullSlideshow   *self,
                                          gboolean         paused);
/* Clips are muted unless this is TRUE. */
void       lull_slideshow_set_clip_sound (LullSlideshow   *self,
                                          gboolean         clip_sound);
/* FALSE: a plain cut instead of a crossfade (reduced motion). */
void       lull_slideshow_set_animate    (LullSlideshow   *self,
                                          gboolean         animate);

G_END_DECLS
