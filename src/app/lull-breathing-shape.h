/* lull-breathing-shape.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LULL_TYPE_BREATHING_SHAPE (lull_breathing_shape_get_type ())

G_DECLARE_FINAL_TYPE (LullBreathingShape, lull_breathing_shape, LULL, BREATHING_SHAPE, GtkWidget)

GtkWidget *lull_breathing_shape_new                   (void);

double     lull_breathing_shape_get_breaths_per_minute (LullBreathingShape *self);
void       lull_breathing_shape_set_breaths_per_minute (LullBreathingShape *self,
                                                        double              breaths_per_minute);
double     lull_breathing_shape_get_progress          (LullBreathingShape *self);
void       lull_breathing_shape_set_progress          (LullBreathingShape *self,
                                                       double              progress);
gboolean   lull_breathing_shape_get_animate           (LullBreathingShape *self);
void       lull_breathing_shape_set_animate           (LullBreathingShape *self,
                                                       gboolean            animate);
/* One small dot on the ring for each let-down marked. */
guint      lull_breathing_shape_get_marks             (LullBreathingShape *self);
void       lull_breathing_shape_set_marks             (LullBreathingShape *self,
                                                       guint               marks);
/* A single soft ring that spreads out and fades: a let-down was noted. */
void       lull_breathing_shape_ripple                (LullBreathingShape *self);
gboolean   lull_breathing_shape_get_rippling          (LullBreathingShape *self);
/* Where in a breath the shape is for a given moment, 0 (empty) to 1 (full),
 * and whether the parent is breathing in then. */
double     lull_breathing_shape_fullness_at           (double              breaths_per_minute,
                                                       gint64              microseconds,
                                                       gboolean           *breathing_in);

G_END_DECLS
