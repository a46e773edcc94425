/* lull-breathing-shape.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lull-breathing-shape.h"

/* A soft disc that grows while the parent breathes in and shrinks while
 * they breathe out, with a thin ring around it for how far the current
 * step or phase has come. Long out-breaths calm (science.md), so the out
 * breath takes 60% of each cycle.
 *
 * A slow shape needs few frames: it redraws about 15 times a second from a
 * timeout rather than on every frame, which keeps a calm screen cheap. */

#define FRAME_INTERVAL_MS 66
#define IN_SHARE          0.4
#define RIPPLE_USEC       (1200 * G_TIME_SPAN_MILLISECOND)
#define MAX_MARKS         12

struct _LullBreathingShape
{
  GtkWidget  parent_instance;

  double     breaths_per_minute;
  double     progress;
  gboolean   animate;

  guint      frame_source;
  gint64     origin;

  guint      marks;
  gint64     ripple_start;
  guint      ripple_source;
};

G_DEFINE_FINAL_TYPE (LullBreathingShape, lull_breathing_shape, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BREATHS_PER_MINUTE,
  PROP_PROGRESS,
  PROP_ANIMATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

double
lull_breathing_shape_fullness_at (double    breaths_per_minute,
                                  gint64    microseconds,
                                  gboolean *breathing_in)
{
  double cycle, position;

  if (breaths_per_minute <= 0)
    {
      if (breathing_in != NULL)
        *breathing_in = FALSE;
      return 0.6;
    }

  cycle = 60.0 / breaths_per_minute;
  position = fmod ((double)microseconds / G_USEC_PER_SEC, cycle) / cycle;

  if (breathing_in != NULL)
    *breathing_in = position < IN_SHARE;

  /* Eased both ways so that the turn at the top and the bottom is gentle. */
  if (position < IN_SHARE)
    return (1 - cos (G_PI * position / IN_SHARE)) / 2;

  return (1 + cos (G_PI * (position - IN_SHARE) / (1 - IN_SHARE))) / 2;
}

static gboolean
on_frame_timeout (gpointer user_data)
{
  gtk_widget_queue_draw (GTK_WIDGET (user_data));
  return G_SOURCE_CONTINUE;
}

static void
update_frame_source (LullBreathingShape *self)
{
  gboolean wanted = self->animate
                    && self->breaths_per_minute > 0
                    && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (wanted && self->frame_source == 0)
    self->frame_source = g_timeout_add (FRAME_INTERVAL_MS, on_frame_timeout, self);
  else if (!wanted)
    g_clear_handle_id (&self->frame_source, g_source_remove);

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_ripple_frame (gpointer user_data)
{
  LullBreathingShape *self = user_data;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (g_get_monotonic_time () - self->ripple_start < RIPPLE_USEC)
    return G_SOURCE_CONTINUE;

  self->ripple_start = 0;
  self->ripple_source = 0;
  return G_SOURCE_REMOVE;
}

static void
append_circle (GtkSnapshot   *snapshot,
               float          cx,
               float          cy,
               float          radius,
               const GdkRGBA *color)
{
  GskRoundedRect rect;

  gsk_rounded_rect_init_from_rect (&rect,
                                   &GRAPHENE_RECT_INIT (cx - radius, cy - radius,
                                                        2 * radius, 2 * radius),
                                   radius);
  gtk_snapshot_push_rounded_clip (snapshot, &rect);
  gtk_snapshot_append_color (snapshot, color,
                             &GRAPHENE_RECT_INIT (cx - radius, cy - radius,
                                                  2 * radius, 2 * radius));
  gtk_snapshot_pop (snapshot);
}

static void
lull_breathing_shape_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  LullBreathingShape *self = LULL_BREATHING_SHAPE (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  float size = MIN (width, height);
  float cx = width / 2, cy = height / 2;
  float ring = size / 2 - 2;
  double fullness = 0.6;
  GdkRGBA color, faint, track;
  cairo_t *cr;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  faint = color;
  faint.alpha = 0.22;
  track = color;
  track.alpha = 0.12;

  if (self->animate && self->breaths_per_minute > 0)
    fullness = lull_breathing_shape_fullness_at (self->breaths_per_minute,
                                                 g_get_monotonic_time () - self->origin,
                                                 NULL);

  /* The disc never vanishes: between 45% and 85% of the ring. */
  append_circle (snapshot, cx, cy, ring * (0.45 + 0.4 * fullness), &faint);
  append_circle (snapshot, cx, cy, ring * (0.45 + 0.4 * fullness) * 0.55, &faint);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_width (cr, 4);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  gdk_cairo_set_source_rgba (cr, &track);
  cairo_arc (cr, cx, cy, ring - 2, 0, 2 * G_PI);
  cairo_stroke (cr);
  if (self->progress > 0)
    {
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_arc (cr, cx, cy, ring - 2, -G_PI / 2, -G_PI / 2 + 2 * G_PI * MIN (self->progress, 1.0));
      cairo_stroke (cr);
    }

  /* The let-downs so far, as still dots around the top of the ring. */
  gdk_cairo_set_source_rgba (cr, &color);
  for (guint i = 0; i < MIN (self->marks, MAX_MARKS); i++)
    {
      double angle = -G_PI / 2 + (i - (MIN (self->marks, MAX_MARKS) - 1) / 2.0) * 0.22;

      cairo_arc (cr, cx + (ring - 2) * cos (angle), cy + (ring - 2) * sin (angle), 5, 0, 2 * G_PI);
      cairo_fill (cr);
    }

  if (self->ripple_start != 0)
    {
      double t = (double)(g_get_monotonic_time () - self->ripple_start) / RIPPLE_USEC;
      GdkRGBA wave = color;

      t = CLAMP (t, 0, 1);
      wave.alpha = 0.35 * (1 - t);
      gdk_cairo_set_source_rgba (cr, &wave);
      cairo_set_line_width (cr, 3);
      cairo_arc (cr, cx, cy, ring * (0.5 + 0.45 * t), 0, 2 * G_PI);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
lull_breathing_shape_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  *minimum = 80;
  *natural = 240;
}

static void
lull_breathing_shape_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lull_breathing_shape_parent_class)->map (widget);
  update_frame_source (LULL_BREATHING_SHAPE (widget));
}

static void
lull_breathing_shape_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lull_breathing_shape_parent_class)->unmap (widget);
  update_frame_source (LULL_BREATHING_SHAPE (widget));
}

static void
lull_breathing_shape_dispose (GObject *object)
{
  LullBreathingShape *self = LULL_BREATHING_SHAPE (object);

  g_clear_handle_id (&self->frame_source, g_source_remove);
  g_clear_handle_id (&self->ripple_source, g_source_remove);

  G_OBJECT_CLASS (lull_breathing_shape_parent_class)->dispose (object);
}

static void
lull_breathing_shape_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LullBreathingShape *self = LULL_BREATHING_SHAPE (object);

  switch (prop_id)
    {
    case PROP_BREATHS_PER_MINUTE:
      g_value_set_double (value, self->breaths_per_minute);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    case PROP_ANIMATE:
      g_value_set_boolean (value, self->animate);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_breathing_shape_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  LullBreathingShape *self = LULL_BREATHING_SHAPE (object);

  switch (prop_id)
    {
    case PROP_BREATHS_PER_MINUTE:
      lull_breathing_shape_set_breaths_per_minute (self, g_value_get_double (value));
      break;

    case PROP_PROGRESS:
      lull_breathing_shape_set_progress (self, g_value_get_double (value));
      break;

    case PROP_ANIMATE:
      lull_breathing_shape_set_animate (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_breathing_shape_class_init (LullBreathingShapeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lull_breathing_shape_dispose;
  object_class->get_property = lull_breathing_shape_get_property;
  object_class->set_property = lull_breathing_shape_set_property;

  widget_class->snapshot = lull_breathing_shape_snapshot;
  widget_class->measure = lull_breathing_shape_measure;
  widget_class->map = lull_breathing_shape_map;
  widget_class->unmap = lull_breathing_shape_unmap;

  properties[PROP_BREATHS_PER_MINUTE] =
    g_param_spec_double ("breaths-per-minute", NULL, NULL,
                         0, 30, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL,
                         0, 1, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ANIMATE] =
    g_param_spec_boolean ("animate", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "breathingshape");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lull_breathing_shape_init (LullBreathingShape *self)
{
  self->animate = TRUE;
  self->origin = g_get_monotonic_time ();
}

GtkWidget *
lull_breathing_shape_new (void)
{
  return g_object_new (LULL_TYPE_BREATHING_SHAPE, NULL);
}

double
lull_breathing_shape_get_breaths_per_minute (LullBreathingShape *self)
{
  g_return_val_if_fail (LULL_IS_BREATHING_SHAPE (self), 0);
  return self->breaths_per_minute;
}

void
lull_breathing_shape_set_breaths_per_minute (LullBreathingShape *self,
                                             double              breaths_per_minute)
{
  g_return_if_fail (LULL_IS_BREATHING_SHAPE (self));

  if (G_APPROX_VALUE (self->breaths_per_minute, breaths_per_minute, 0.001))
    return;

  self->breaths_per_minute = breaths_per_minute;
  self->origin = g_get_monotonic_time ();
  update_frame_source (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BREATHS_PER_MINUTE]);
}

double
lull_breathing_shape_get_progress (LullBreathingShape *self)
{
  g_return_val_if_fail (LULL_IS_BREATHING_SHAPE (self), 0);
  return self->progress;
}

void
lull_breathing_shape_set_progress (LullBreathingShape *self,
                                   double              progress)
{
  g_return_if_fail (LULL_IS_BREATHING_SHAPE (self));

  progress = CLAMP (progress, 0, 1);
  if (G_APPROX_VALUE (self->progress, progress, 0.0001))
    return;

  self->progress = progress;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

gboolean
lull_breathing_shape_get_animate (LullBreathingShape *self)
{
  g_return_val_if_fail (LULL_IS_BREATHING_SHAPE (self), FALSE);
  return self->animate;
}

void
lull_breathing_shape_set_animate (LullBreathingShape *self,
                                  gboolean            animate)
{
  g_return_if_fail (LULL_IS_BREATHING_SHAPE (self));

  animate = !!animate;
  if (self->animate == animate)
    return;

  self->animate = animate;
  update_frame_source (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANIMATE]);
}

guint
lull_breathing_shape_get_marks (LullBreathingShape *self)
{
  g_return_val_if_fail (LULL_IS_BREATHING_SHAPE (self), 0);

  return self->marks;
}

void
lull_breathing_shape_set_marks (LullBreathingShape *self,
                                guint               marks)
{
  g_return_if_fail (LULL_IS_BREATHING_SHAPE (self));

  if (self->marks == marks)
    return;

  self->marks = marks;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * lull_breathing_shape_ripple:
 *
 * Draws one ring that spreads out and fades over a little more than a
 * second. Callers leave it out when motion is reduced.
 */
void
lull_breathing_shape_ripple (LullBreathingShape *self)
{
  g_return_if_fail (LULL_IS_BREATHING_SHAPE (self));

  self->ripple_start = g_get_monotonic_time ();
  if (self->ripple_source == 0)
    self->ripple_source = g_timeout_add (FRAME_INTERVAL_MS, on_ripple_frame, self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
lull_breathing_shape_get_rippling (LullBreathingShape *self)
{
  g_return_val_if_fail (LULL_IS_BREATHING_SHAPE (self), FALSE);

  return self->ripple_source != 0;
}
