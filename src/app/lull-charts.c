/* lull-charts.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#ifdef __GLIBC__
#include <langinfo.h>
#endif

#include "lull-charts.h"

/* The charts show a parent that something is growing, not a score: calm
 * colours, a few round labels, no red, no targets drawn as lines to miss.
 * Sizes all come from the height of a label, so the charts grow with
 * large text and print at any size. */

/* g_date_get_julian() of 1970-01-01: GDate counts from 1 January of year 1. */
#define JULIAN_OF_UNIX_EPOCH 719163
/* Values beyond this are drawn at the top; it keeps the tick arithmetic
 * finite for a damaged number. */
#define MAX_VALUE            1e12
#define HEAT_LEVELS          4

typedef struct
{
  cairo_t              *cr;
  const LullChartStyle *style;
  PangoLayout          *layout;
  double                width;
  double                height;
  double                line;   /* the height of a label */
  double                pad;    /* the room between things */
} Canvas;

typedef enum {
  SCALE_NUMBER,
  SCALE_COUNT,
  SCALE_SECONDS,
} ScaleKind;

typedef struct
{
  double          x, y, w, h;   /* the plot area, inside the labels */
  gint64          min_x, max_x;
  double          x_step;       /* the x from one point to the next: 7 for weeks */
  double          slot;         /* the width given to one x */
  double          mark;         /* the width given to one point: a step of x */
  double          step, top;    /* the value between grid lines, and at the top one */
  guint           n_steps;
  ScaleKind       scale;
  double          factor;       /* from the data's unit to the one shown */
  const char     *unit;
  LullChartXKind  x_kind;
} Plot;

static GdkRGBA
with_alpha (const GdkRGBA *color,
            double         alpha)
{
  GdkRGBA result = *color;

  result.alpha *= alpha;
  return result;
}

static void
set_source (Canvas        *c,
            const GdkRGBA *color,
            double         alpha)
{
  GdkRGBA faded = with_alpha (color, alpha);

  gdk_cairo_set_source_rgba (c->cr, &faded);
}

static void
canvas_init (Canvas               *c,
             cairo_t              *cr,
             double                width,
             double                height,
             const LullChartStyle *style)
{
  PangoFontDescription *font;
  int size, line;

  c->cr = cr;
  c->style = style;
  c->width = width;
  c->height = height;

  if (style->pango_context != NULL)
    c->layout = pango_layout_new (style->pango_context);
  else
    c->layout = pango_cairo_create_layout (cr);

  font = pango_font_description_copy (style->font != NULL
                                      ? style->font
                                      : pango_context_get_font_description (pango_layout_get_context (c->layout)));
  size = pango_font_description_get_size (font);
  if (size <= 0)
    size = 10 * PANGO_SCALE;
  /* Labels a little smaller than the text around them, like libadwaita's
   * caption style. */
  if (pango_font_description_get_size_is_absolute (font))
    pango_font_description_set_absolute_size (font, size * 0.85);
  else
    pango_font_description_set_size (font, (int)(size * 0.85));
  pango_layout_set_font_description (c->layout, font);
  pango_font_description_free (font);

  pango_layout_set_text (c->layout, "0123456789", -1);
  pango_layout_get_pixel_size (c->layout, NULL, &line);
  c->line = MAX (line, 6);
  c->pad = c->line / 2;

  cairo_save (cr);
}

static void
canvas_finish (Canvas *c)
{
  cairo_restore (c->cr);
  g_clear_object (&c->layout);
}

static double
text_width (Canvas     *c,
            const char *text)
{
  int width;

  pango_layout_set_text (c->layout, text, -1);
  pango_layout_get_pixel_size (c->layout, &width, NULL);

  return width;
}

/* Draws @text with its point (@xalign, @yalign) of its box at @x, @y. */
static void
draw_text (Canvas        *c,
           const char    *text,
           double         x,
           double         y,
           double         xalign,
           double         yalign,
           const GdkRGBA *color,
           double         alpha)
{
  int width, height;

  pango_layout_set_text (c->layout, text, -1);
  pango_layout_get_pixel_size (c->layout, &width, &height);
  set_source (c, color, alpha);
  cairo_move_to (c->cr, x - xalign * width, y - yalign * height);
  pango_cairo_show_layout (c->cr, c->layout);
}

static void
draw_empty (Canvas *c)
{
  const char *text = c->style->empty_text;
  int height;

  if (text == NULL)
    text = _("Your sessions will appear here after you save them.");

  /* A faint line where the chart will stand, and the words above it. */
  set_source (c, &c->style->muted, 0.5);
  cairo_set_line_width (c->cr, 1);
  cairo_move_to (c->cr, c->pad, floor (c->height * 0.75) + 0.5);
  cairo_line_to (c->cr, c->width - c->pad, floor (c->height * 0.75) + 0.5);
  cairo_stroke (c->cr);

  pango_layout_set_width (c->layout, (int)(MAX (c->width - 2 * c->pad, 1) * PANGO_SCALE));
  pango_layout_set_wrap (c->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (c->layout, PANGO_ALIGN_CENTER);
  pango_layout_set_text (c->layout, text, -1);
  pango_layout_get_pixel_size (c->layout, NULL, &height);
  set_source (c, &c->style->foreground, 0.7);
  cairo_move_to (c->cr, c->pad, MAX (c->height * 0.45 - height / 2.0, 0));
  pango_cairo_show_layout (c->cr, c->layout);
  pango_layout_set_width (c->layout, -1);
}

/* Steps of 1, 2 or 5 times a power of ten; of time, steps a clock face
 * has. */
static double
nice_step (double    raw,
           ScaleKind scale)
{
  static const double seconds[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600 };
  double base, fraction;

  if (scale == SCALE_SECONDS)
    {
      for (guint i = 0; i < G_N_ELEMENTS (seconds); i++)
        if (seconds[i] >= raw)
          return seconds[i];
      return nice_step (raw / 3600, SCALE_NUMBER) * 3600;
    }

  base = pow (10, floor (log10 (raw)));
  fraction = raw / base;
  if (fraction <= 1)
    fraction = 1;
  else if (fraction <= 2)
    fraction = 2;
  else if (fraction <= 5)
    fraction = 5;
  else
    fraction = 10;

  if (scale == SCALE_COUNT)
    return MAX (fraction * base, 1);
  return fraction * base;
}

static char *
format_tick (const Plot *p,
             double      value,
             gboolean    with_unit)
{
  g_autofree char *number = NULL;

  if (p->scale == SCALE_SECONDS)
    return lull_charts_format_seconds (value);

  number = g_strdup_printf ("%'.*f", p->step < 1 ? 1 : 0, value);
  if (with_unit && p->unit != NULL)
    /* Translators: a number and its unit on a chart's axis, “400 mL”. */
    return g_strdup_printf (C_("axis value", "%s %s"), number, p->unit);

  return g_steal_pointer (&number);
}

static char *
format_x (const Plot *p,
          gint64      x)
{
  if (p->x_kind == LULL_CHART_X_DAY)
    return lull_charts_format_day (x, FALSE);

  return g_strdup_printf ("%" G_GINT64_FORMAT, x);
}

static double
plot_x (const Plot *p,
        gint64      x)
{
  return p->x + ((double) x - (double) p->min_x + p->x_step / 2) * p->slot;
}

static double
plot_y (const Plot *p,
        double      value)
{
  value = CLAMP (value * p->factor, 0, p->top);

  return p->y + p->h - value / p->top * p->h;
}

static gboolean
drawn (const LullChartPoint *point)
{
  return isfinite (point->value) || isfinite (point->median);
}

/* The smallest step between two points next to each other: 1 for days or
 * sessions, 7 for the weeks of aggregated data, so that a week's bar is a
 * week wide. */
static double
x_step (const LullChartPoint *points,
        gsize                 n_points)
{
  double step = 0;
  gsize last = n_points;

  for (gsize i = 0; i < n_points; i++)
    {
      double gap;

      if (!drawn (&points[i]))
        continue;
      gap = last < n_points ? fabs ((double) points[i].x - (double) points[last].x) : 0;
      if (gap > 0 && (step == 0 || gap < step))
        step = gap;
      last = i;
    }

  return MAX (step, 1);
}

/* Where the plot goes, and its scale. FALSE when there is nothing to
 * draw. */
static gboolean
plot_setup (Canvas               *c,
            Plot                 *p,
            const LullChartPoint *points,
            gsize                 n_points,
            ScaleKind             scale,
            LullChartXKind        x_kind,
            const char           *unit,
            double                factor)
{
  g_autofree char *first_label = NULL;
  g_autofree char *last_label = NULL;
  double max = 0, left = 0, wanted;
  gboolean any = FALSE;

  *p = (Plot) { .scale = scale, .x_kind = x_kind, .unit = unit, .factor = factor };
  if (!(factor > 0) || !isfinite (factor))
    p->factor = 1;

  for (gsize i = 0; i < n_points; i++)
    {
      const LullChartPoint *point = &points[i];

      if (!drawn (point))
        continue;
      if (!any || point->x < p->min_x)
        p->min_x = point->x;
      if (!any || point->x > p->max_x)
        p->max_x = point->x;
      any = TRUE;
      if (isfinite (point->value))
        max = MAX (max, point->value * p->factor);
      if (isfinite (point->median))
        max = MAX (max, point->median * p->factor);
    }

  if (!any)
    return FALSE;

  p->x_step = x_step (points, n_points);
  max = MIN (max, MAX_VALUE);
  p->y = c->line / 2;
  p->h = MAX (c->height - p->y - c->line - c->pad, 1);

  /* A grid line every two and a half labels at most, four at the most. */
  wanted = CLAMP (floor (p->h / (c->line * 2.5)), 1, 4);
  if (!(max > 0))
    max = scale == SCALE_SECONDS ? 60 : wanted;
  p->step = nice_step (max / wanted, scale);
  p->n_steps = MAX ((guint) ceil (max / p->step - 1e-9), 1);
  p->top = p->n_steps * p->step;

  for (guint i = 0; i <= p->n_steps; i++)
    {
      g_autofree char *label = format_tick (p, i * p->step, i == p->n_steps);

      left = MAX (left, text_width (c, label));
    }
  /* Half a pad before the labels too, for glyphs that reach past their
   * box; a very long label never takes more than a third of the chart. */
  p->x = MIN (left + 1.5 * c->pad, c->width / 3);

  first_label = format_x (p, p->min_x);
  last_label = format_x (p, p->max_x);
  p->w = MAX (c->width - p->x - MAX (text_width (c, last_label) / 2, c->pad), 1);
  p->slot = p->w / ((double) p->max_x - (double) p->min_x + p->x_step);
  p->mark = p->slot * p->x_step;

  return TRUE;
}

static void
draw_grid (Canvas     *c,
           const Plot *p)
{
  cairo_set_line_width (c->cr, 1);
  for (guint i = 0; i <= p->n_steps; i++)
    {
      g_autofree char *label = format_tick (p, i * p->step, i == p->n_steps);
      /* On the pixel grid, so a one-pixel line stays sharp. */
      double y = floor (plot_y (p, i * p->step / p->factor)) + 0.5;

      if (i == 0)
        set_source (c, &c->style->foreground, 0.3);
      else
        set_source (c, &c->style->muted, 0.35);
      cairo_move_to (c->cr, p->x, y);
      cairo_line_to (c->cr, p->x + p->w, y);
      cairo_stroke (c->cr);

      draw_text (c, label, p->x - c->pad, y, 1, 0.5, &c->style->foreground, 0.7);
    }
}

static void
draw_x_label (Canvas     *c,
              const Plot *p,
              gint64      x)
{
  g_autofree char *label = format_x (p, x);
  double width = text_width (c, label);
  double centre = CLAMP (plot_x (p, x), width / 2, c->width - width / 2);

  draw_text (c, label, centre, p->y + p->h + c->pad / 2, 0.5, 0, &c->style->foreground, 0.7);
}

/* A few labels under the plot: the latest day always, and days a round
 * number of days or weeks before it; or sessions at round numbers. Counts
 * in doubles, so that no x, however far off, overflows. */
static void
draw_x_labels (Canvas     *c,
               const Plot *p)
{
  static const double day_steps[] = { 1, 2, 7, 14, 28 };
  g_autofree char *first = format_x (p, p->min_x);
  g_autofree char *last = format_x (p, p->max_x);
  double room = MAX (text_width (c, first), text_width (c, last)) + 2 * c->line;
  double span = (double) p->max_x - (double) p->min_x + p->x_step;
  double most = MAX (floor (p->w / room), 1);
  double step = 1, x;

  if (p->x_kind == LULL_CHART_X_DAY)
    {
      /* Aggregated weeks are labelled at their own starts. */
      if (p->x_step > 1)
        for (step = p->x_step; step * most < span;)
          step *= 2;
      for (guint i = 0; step * most < span; i++)
        step = i < G_N_ELEMENTS (day_steps) ? day_steps[i] : step * 2;

      for (x = p->max_x; x >= p->min_x; x -= step)
        draw_x_label (c, p, (gint64) x);
      return;
    }

  /* 1, 2, 5, 10, 20…: the next round step is more than 1% further. */
  while (step * most < span)
    step = nice_step (step * 1.01, SCALE_COUNT);

  x = ceil ((double) p->min_x / step) * step;
  if (step == 1 || x > p->max_x)
    {
      /* Too few sessions for a round number between them: the first and
       * the last. */
      draw_x_label (c, p, p->min_x);
      if (p->max_x != p->min_x && (step == 1 || p->w > 2 * room))
        for (x = (double) p->min_x + step; x <= p->max_x; x += step)
          draw_x_label (c, p, (gint64) x);
      return;
    }

  for (; x <= p->max_x; x += step)
    draw_x_label (c, p, (gint64) x);
}

static double
line_width (Canvas *c)
{
  return MAX (2, c->line * 0.16);
}

/* The median or the average: one calm line through the points that have
 * one, broken where a point has none, with a halo in the background colour
 * so it reads over bars. A lone value is a short level stroke. */
static void
draw_median (Canvas               *c,
             const Plot           *p,
             const LullChartPoint *points,
             gsize                 n_points)
{
  double width = line_width (c);
  gboolean any = FALSE;

  cairo_new_path (c->cr);
  for (gsize i = 0; i < n_points; i++)
    {
      gboolean before, after;
      double x, y;

      if (!isfinite (points[i].median))
        continue;

      any = TRUE;
      before = i > 0 && isfinite (points[i - 1].median);
      after = i + 1 < n_points && isfinite (points[i + 1].median);
      x = plot_x (p, points[i].x);
      y = plot_y (p, points[i].median);
      if (before)
        cairo_line_to (c->cr, x, y);
      else if (after)
        cairo_move_to (c->cr, x, y);
      else
        {
          double half = MAX (p->mark * 0.35, width * 2);

          cairo_move_to (c->cr, x - half, y);
          cairo_line_to (c->cr, x + half, y);
        }
    }

  if (!any)
    return;

  cairo_set_line_cap (c->cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (c->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (c->cr, width + 2 * MAX (1.5, width / 2));
  set_source (c, &c->style->background, 0.85);
  cairo_stroke_preserve (c->cr);
  cairo_set_line_width (c->cr, width);
  set_source (c, &c->style->accent, 1);
  cairo_stroke (c->cr);
}

static void
draw_points (Canvas               *c,
             const Plot           *p,
             const LullChartPoint *points,
             gsize                 n_points)
{
  double radius = CLAMP (p->mark * 0.3, 1.5, c->line * 0.2);

  cairo_new_path (c->cr);
  for (gsize i = 0; i < n_points; i++)
    {
      if (!isfinite (points[i].value))
        continue;
      cairo_new_sub_path (c->cr);
      cairo_arc (c->cr, plot_x (p, points[i].x), plot_y (p, points[i].value), radius, 0, 2 * G_PI);
    }
  set_source (c, &c->style->muted, 1);
  cairo_fill (c->cr);
}

static void
path_rounded (cairo_t *cr,
              double   x,
              double   y,
              double   width,
              double   height,
              double   radius,
              gboolean bottom_too)
{
  radius = MIN (radius, MIN (width / 2, height / (bottom_too ? 2 : 1)));
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 1.5 * G_PI);
  cairo_arc (cr, x + width - radius, y + radius, radius, 1.5 * G_PI, 2 * G_PI);
  if (bottom_too)
    {
      cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, 0.5 * G_PI);
      cairo_arc (cr, x + radius, y + height - radius, radius, 0.5 * G_PI, G_PI);
    }
  else
    {
      cairo_line_to (cr, x + width, y + height);
      cairo_line_to (cr, x, y + height);
    }
  cairo_close_path (cr);
}

/* Bars from the baseline, their tops rounded. A zero is drawn as a thin
 * mark on the baseline, so that a session or day that was there still
 * shows. */
static void
draw_bars (Canvas               *c,
           const Plot           *p,
           const LullChartPoint *points,
           gsize                 n_points,
           double                alpha)
{
  double width = MAX (p->mark * 0.7, 1);
  double radius = width >= 4 ? MIN (width / 2, c->line * 0.25) : 0;
  double base = p->y + p->h;
  gboolean zeros = FALSE;

  cairo_new_path (c->cr);
  for (gsize i = 0; i < n_points; i++)
    {
      double top;

      if (!isfinite (points[i].value))
        continue;
      top = plot_y (p, points[i].value);
      if (base - top < 1)
        {
          zeros = TRUE;
          continue;
        }
      path_rounded (c->cr, plot_x (p, points[i].x) - width / 2, top, width, base - top,
                    radius, FALSE);
    }
  set_source (c, &c->style->accent, alpha);
  cairo_fill (c->cr);

  if (!zeros)
    return;

  for (gsize i = 0; i < n_points; i++)
    if (isfinite (points[i].value) && base - plot_y (p, points[i].value) < 1)
      cairo_rectangle (c->cr, plot_x (p, points[i].x) - width / 2, base - 2, width, 2);
  set_source (c, &c->style->muted, 1);
  cairo_fill (c->cr);
}

static gboolean
any_median (const LullChartPoint *points,
            gsize                 n_points)
{
  for (gsize i = 0; i < n_points; i++)
    if (isfinite (points[i].median))
      return TRUE;

  return FALSE;
}

/* What the three plots share: the grid, the labels, the marks (points for
 * seconds, bars for counts and volumes; soft bars under a line) and the
 * median line; or the calm empty state. */
static void
draw_plot (cairo_t              *cr,
           double                width,
           double                height,
           const LullChartStyle *style,
           const LullChartPoint *points,
           gsize                 n_points,
           ScaleKind             scale,
           LullChartXKind        x_kind,
           const char           *unit,
           double                factor)
{
  Canvas c;
  Plot p;

  canvas_init (&c, cr, width, height, style);
  if (plot_setup (&c, &p, points, n_points, scale, x_kind, unit, factor))
    {
      draw_grid (&c, &p);
      draw_x_labels (&c, &p);
      if (scale == SCALE_SECONDS)
        draw_points (&c, &p, points, n_points);
      else
        draw_bars (&c, &p, points, n_points, any_median (points, n_points) ? 0.45 : 0.8);
      draw_median (&c, &p, points, n_points);
    }
  else
    draw_empty (&c);
  canvas_finish (&c);
}

/**
 * lull_charts_draw_first_letdown:
 * @points: (array length=n_points): sorted by x; each value is the seconds
 *   from the start of pumping to the first let-down, each median the
 *   rolling median there
 *
 * Draws the time to the first let-down of each session as points, and the
 * rolling median as a line: the line coming down over the weeks is the
 * reflex learning the routine.
 */
void
lull_charts_draw_first_letdown (cairo_t              *cr,
                                double                width,
                                double                height,
                                const LullChartStyle *style,
                                const LullChartPoint *points,
                                gsize                 n_points,
                                LullChartXKind        x_kind)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);
  g_return_if_fail (points != NULL || n_points == 0);

  draw_plot (cr, width, height, style, points, n_points, SCALE_SECONDS, x_kind, NULL, 1);
}

/**
 * lull_charts_draw_letdowns:
 * @points: (array length=n_points): sorted by x; each value is a count of
 *   let-downs, each median (optional, NAN) the rolling median
 *
 * Draws the let-downs of each session (or each day) as bars, with the
 * median as a line where there is one.
 */
void
lull_charts_draw_letdowns (cairo_t              *cr,
                           double                width,
                           double                height,
                           const LullChartStyle *style,
                           const LullChartPoint *points,
                           gsize                 n_points,
                           LullChartXKind        x_kind)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);
  g_return_if_fail (points != NULL || n_points == 0);

  draw_plot (cr, width, height, style, points, n_points, SCALE_COUNT, x_kind, NULL, 1);
}

/**
 * lull_charts_draw_daily_volume:
 * @days: (array length=n_days): x is a day (lull_charts_day_from_date()),
 *   sorted; each value is the day's total in mL, each median the 7-day
 *   average in mL (NAN where there is none)
 * @unit_label: the unit shown, “mL” or “fl oz”, already translated
 * @unit_per_ml: how many of that unit make one mL (1, or 1 / 29.5735)
 *
 * Draws each day's volume as a soft bar and the 7-day average as a line.
 */
void
lull_charts_draw_daily_volume (cairo_t              *cr,
                               double                width,
                               double                height,
                               const LullChartStyle *style,
                               const LullChartPoint *days,
                               gsize                 n_days,
                               const char           *unit_label,
                               double                unit_per_ml)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);
  g_return_if_fail (days != NULL || n_days == 0);

  draw_plot (cr, width, height, style, days, n_days, SCALE_NUMBER, LULL_CHART_X_DAY,
             unit_label, unit_per_ml);
}

static char *
format_date (const GDate *date,
             const char  *format)
{
  /* A date has no time zone, and UTC needs no look-up: the local zone
   * is looked for on disk each time it is asked for, and a chart of all
   * time writes thousands of dates. */
  g_autoptr(GDateTime) time = g_date_time_new_utc (g_date_get_year (date),
                                                   g_date_get_month (date),
                                                   g_date_get_day (date),
                                                   12, 0, 0);

  return time != NULL ? g_date_time_format (time, format) : g_strdup ("");
}

typedef struct
{
  double x, y;     /* the grid's top left corner */
  double cell;     /* a cell and the gap after it */
  double size;     /* a cell alone */
} Heat;

static void
heat_cell (Canvas     *c,
           const Heat *heat,
           double      x,
           double      y,
           guint       level,
           gboolean    rest_day,
           gboolean    in_streak)
{
  double radius = heat->size * 0.2;

  if (level > 0)
    {
      path_rounded (c->cr, x, y, heat->size, heat->size, radius, TRUE);
      set_source (c, &c->style->accent, 0.2 + 0.8 * level / HEAT_LEVELS);
      cairo_fill (c->cr);
    }
  else if (!rest_day)
    {
      path_rounded (c->cr, x, y, heat->size, heat->size, radius, TRUE);
      set_source (c, &c->style->muted, 0.25);
      cairo_fill (c->cr);
    }

  /* A rest day is a pause, not a gap: a soft outline and no fill. */
  if (rest_day)
    {
      double line = MAX (1, heat->size * 0.08);

      path_rounded (c->cr, x + line / 2, y + line / 2, heat->size - line, heat->size - line,
                    radius, TRUE);
      cairo_set_line_width (c->cr, line);
      set_source (c, &c->style->muted, 0.9);
      cairo_stroke (c->cr);
    }

  if (in_streak)
    {
      cairo_new_sub_path (c->cr);
      cairo_arc (c->cr, x + heat->size / 2, y + heat->size / 2, MAX (heat->size * 0.14, 1),
                 0, 2 * G_PI);
      if (level >= HEAT_LEVELS / 2)
        set_source (c, &c->style->background, 1);
      else
        set_source (c, &c->style->accent, 1);
      cairo_fill (c->cr);
    }
}

/* Below the grid, as long as it fits: Fewer ▪▪▪▪ More, • Streak, ▫ Rest day. */
static void
heat_legend (Canvas     *c,
             const Heat *heat,
             double      y)
{
  Heat swatch = { .size = MIN (heat->size, c->line * 0.9) };
  const char *fewer = _("Fewer");
  const char *more = _("More");
  const char *streak = _("Streak");
  const char *rest = _("Rest day");
  double x = heat->x;
  double top = y + (c->line - swatch.size) / 2;
  double gap = swatch.size * 0.3;

  swatch.cell = swatch.size + gap;
  if (x + text_width (c, fewer) + text_width (c, more) + 2 * c->pad
      + HEAT_LEVELS * swatch.cell > c->width)
    return;

  draw_text (c, fewer, x, y, 0, 0, &c->style->foreground, 0.7);
  x += text_width (c, fewer) + c->pad / 2;
  for (guint level = 1; level <= HEAT_LEVELS; level++, x += swatch.cell)
    heat_cell (c, &swatch, x, top, level, FALSE, FALSE);
  draw_text (c, more, x + c->pad / 2 - gap, y, 0, 0, &c->style->foreground, 0.7);
  x += text_width (c, more) + c->pad / 2 + 2 * c->line;

  if (x + swatch.cell + text_width (c, streak) > c->width)
    return;
  heat_cell (c, &swatch, x, top, 0, FALSE, TRUE);
  x += swatch.cell + c->pad / 2;
  draw_text (c, streak, x, y, 0, 0, &c->style->foreground, 0.7);
  x += text_width (c, streak) + 2 * c->line;

  if (x + swatch.cell + text_width (c, rest) > c->width)
    return;
  heat_cell (c, &swatch, x, top, 0, TRUE, FALSE);
  x += swatch.cell + c->pad / 2;
  draw_text (c, rest, x, y, 0, 0, &c->style->foreground, 0.7);
}

/**
 * lull_charts_draw_calendar:
 * @days: (array length=n_days): in any order; days between them that are
 *   missing count as days without a session
 * @first_weekday: the weekday of the top row (lull_charts_get_first_weekday())
 *
 * Draws a heat map of sessions a day: a column a week, a row a weekday,
 * deeper colour for more sessions (against the parent's own busiest day),
 * a dot for a day in a streak and a soft outline for a rest day. When the
 * weeks do not fit, the latest ones are shown.
 */
void
lull_charts_draw_calendar (cairo_t              *cr,
                           double                width,
                           double                height,
                           const LullChartStyle *style,
                           const LullChartDay   *days,
                           gsize                 n_days,
                           GDateWeekday          first_weekday)
{
  g_autoptr(GHashTable) by_julian = g_hash_table_new (NULL, NULL);
  guint32 first = G_MAXUINT32, last = 0, start, n_weeks, shown;
  double label_width = 0, label_end = -1, avail_w, avail_h;
  guint max_n = 1, label_every;
  Heat heat;
  GDate date;
  Canvas c;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);
  g_return_if_fail (days != NULL || n_days == 0);

  if (!g_date_valid_weekday (first_weekday))
    first_weekday = G_DATE_MONDAY;

  canvas_init (&c, cr, width, height, style);

  for (gsize i = 0; i < n_days; i++)
    {
      guint32 julian;

      if (!g_date_valid (&days[i].date))
        continue;
      julian = g_date_get_julian (&days[i].date);
      first = MIN (first, julian);
      last = MAX (last, julian);
      max_n = MAX (max_n, days[i].n);
      g_hash_table_insert (by_julian, GUINT_TO_POINTER (julian), (gpointer) &days[i]);
    }

  if (g_hash_table_size (by_julian) == 0)
    {
      draw_empty (&c);
      canvas_finish (&c);
      return;
    }

  g_date_clear (&date, 1);
  g_date_set_julian (&date, first);
  start = first - (g_date_get_weekday (&date) - first_weekday + 7) % 7;
  n_weeks = (last - start) / 7 + 1;

  for (guint row = 0; row < 7; row++)
    {
      g_autofree char *name = NULL;

      g_date_set_julian (&date, start + row);
      name = format_date (&date, "%a");
      label_width = MAX (label_width, text_width (&c, name));
    }

  /* Month names above, the legend below, weekday names on the left. */
  heat.x = label_width + c.pad;
  heat.y = c.line + c.pad / 2;
  avail_w = MAX (width - heat.x, 1);
  avail_h = MAX (height - heat.y - c.line - c.pad, 7);
  heat.cell = MIN (avail_h / 7, c.line * 2);
  if (heat.cell * n_weeks > avail_w)
    heat.cell = MAX (avail_w / n_weeks, MIN (c.line * 0.75, heat.cell));
  shown = CLAMP ((guint) floor (avail_w / heat.cell), 1, n_weeks);
  start += 7 * (n_weeks - shown);
  heat.size = heat.cell - MAX (1, heat.cell * 0.15);

  label_every = MAX ((guint) ceil (c.line / heat.cell), 1);
  if (heat.cell >= c.line * 1.3)
    label_every = 1;
  else
    label_every = MAX (label_every, 2);
  for (guint row = 0; row < 7; row += label_every)
    {
      g_autofree char *name = NULL;

      g_date_set_julian (&date, start + row);
      name = format_date (&date, "%a");
      draw_text (&c, name, 0, heat.y + row * heat.cell + heat.size / 2, 0, 0.5,
                 &style->foreground, 0.7);
    }

  for (guint week = 0; week < shown; week++)
    {
      double x = heat.x + week * heat.cell;

      for (guint row = 0; row < 7; row++)
        {
          guint32 julian = start + week * 7 + row;
          const LullChartDay *day;
          guint level = 0;

          if (julian < first || julian > last)
            continue;
          day = g_hash_table_lookup (by_julian, GUINT_TO_POINTER (julian));
          if (day != NULL && day->n > 0)
            level = MAX ((guint) ceil ((double) HEAT_LEVELS * day->n / max_n), 1);
          heat_cell (&c, &heat, x, heat.y + row * heat.cell, level,
                     day != NULL && day->rest_day, day != NULL && day->in_streak);

          g_date_set_julian (&date, julian);
          if ((g_date_get_day (&date) == 1 || (week == 0 && row == 0) || julian == first)
              && x > label_end)
            {
              /* Translators: a month's short name above the calendar chart. */
              g_autofree char *month = format_date (&date, C_("chart month", "%b"));

              draw_text (&c, month, x, 0, 0, 0, &style->foreground, 0.7);
              label_end = x + text_width (&c, month) + c.pad;
            }
        }
    }

  heat_legend (&c, &heat, heat.y + 7 * heat.cell + c.pad / 2);
  canvas_finish (&c);
}

/**
 * lull_charts_style_init:
 *
 * Fills @style with libadwaita's default colours, light or @dark, and no
 * font: for drawing outside a widget, such as into a PDF. A widget takes
 * its own (lull_chart_get_style()).
 */
void
lull_charts_style_init (LullChartStyle *style,
                        gboolean        dark)
{
  g_return_if_fail (style != NULL);

  *style = (LullChartStyle) { 0 };
  if (dark)
    {
      style->foreground = (GdkRGBA) { 1, 1, 1, 1 };
      style->accent = (GdkRGBA) { 0x78 / 255.0, 0xae / 255.0, 0xed / 255.0, 1 };
      style->background = (GdkRGBA) { 0x30 / 255.0, 0x30 / 255.0, 0x30 / 255.0, 1 };
    }
  else
    {
      style->foreground = (GdkRGBA) { 0, 0, 0, 0.8 };
      style->accent = (GdkRGBA) { 0x1c / 255.0, 0x71 / 255.0, 0xd8 / 255.0, 1 };
      style->background = (GdkRGBA) { 1, 1, 1, 1 };
    }
  style->muted = with_alpha (&style->foreground, 0.5);
}

/**
 * lull_charts_day_from_date:
 *
 * Returns: @date as a count of days since 1970-01-01
 */
gint64
lull_charts_day_from_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), 0);

  return (gint64) g_date_get_julian (date) - JULIAN_OF_UNIX_EPOCH;
}

void
lull_charts_date_from_day (gint64  day,
                           GDate  *date)
{
  g_return_if_fail (date != NULL);

  g_date_clear (date, 1);
  day = CLAMP (day + JULIAN_OF_UNIX_EPOCH, 1, (gint64) G_MAXUINT32);
  g_date_set_julian (date, (guint32) day);
}

/**
 * lull_charts_get_first_weekday:
 *
 * Returns: the weekday a week starts on in the user's locale (as
 *   GtkCalendar works it out), Monday where the C library cannot say
 */
GDateWeekday
lull_charts_get_first_weekday (void)
{
#ifdef __GLIBC__
  union { unsigned int word; char *string; } langinfo;
  int week_1stday, first_weekday, sunday_based;

  langinfo.string = nl_langinfo (_NL_TIME_FIRST_WEEKDAY);
  first_weekday = langinfo.string[0];
  langinfo.string = nl_langinfo (_NL_TIME_WEEK_1STDAY);
  if (langinfo.word == 19971130)
    week_1stday = 0;
  else if (langinfo.word == 19971201)
    week_1stday = 1;
  else
    return G_DATE_MONDAY;

  sunday_based = (week_1stday + first_weekday - 1) % 7;
  return sunday_based == 0 ? G_DATE_SUNDAY : (GDateWeekday) sunday_based;
#else
  return G_DATE_MONDAY;
#endif
}

/**
 * lull_charts_format_seconds:
 *
 * Returns: @seconds in words a chart shows: “45 s”, “2 min”, “1 min 30 s”
 */
char *
lull_charts_format_seconds (double seconds)
{
  guint whole = (guint) round (CLAMP (isfinite (seconds) ? seconds : 0, 0, 1e8));
  guint minutes = whole / 60;

  whole %= 60;
  if (minutes == 0)
    /* Translators: a duration on a chart, in seconds. */
    return g_strdup_printf (C_("duration", "%u s"), whole);
  if (whole == 0)
    /* Translators: a duration on a chart, in whole minutes. */
    return g_strdup_printf (C_("duration", "%u min"), minutes);

  /* Translators: a duration on a chart, minutes and seconds. */
  return g_strdup_printf (C_("duration", "%u min %u s"), minutes, whole);
}

/**
 * lull_charts_points_from_stats:
 * @stats_points: (element-type LullStatsChartPoint): from
 *   lull_stats_get_chart() or lull_stats_get_chart_between()
 *
 * Returns: (transfer full) (element-type LullChartPoint): a point each
 */
GArray *
lull_charts_points_from_stats (const GArray     *stats_points,
                               LullChartsSeries  series)
{
  GArray *points = g_array_sized_new (FALSE, FALSE, sizeof (LullChartPoint), stats_points->len);

  for (guint i = 0; i < stats_points->len; i++)
    {
      const LullStatsChartPoint *bucket = &g_array_index (stats_points, LullStatsChartPoint, i);
      LullChartPoint point = { .x = lull_charts_day_from_date (&bucket->first_day) };

      switch (series)
        {
        case LULL_CHARTS_SERIES_FIRST_LETDOWN:
          point.value = bucket->first_letdown_median;
          point.median = bucket->first_letdown_rolling;
          break;

        case LULL_CHARTS_SERIES_LETDOWNS:
          point.value = bucket->n_sessions > 0
                        ? (double)bucket->n_letdowns / bucket->n_sessions : NAN;
          point.median = NAN;
          break;

        case LULL_CHARTS_SERIES_VOLUME:
        default:
          /* A day's volume; for a week, its days' average. */
          point.value = bucket->volume_ml == LULL_RECORD_NO_VALUE || bucket->n_volume_days == 0
                        ? NAN : (double)bucket->volume_ml / bucket->n_volume_days;
          point.median = bucket->volume_day_average_ml;
          break;
        }
      g_array_append_val (points, point);
    }

  return points;
}

/**
 * lull_charts_days_from_stats:
 * @stats_days: (element-type LullStatsDay): from lull_stats_get_days()
 *
 * Returns: (transfer full) (element-type LullChartDay): a day each
 */
GArray *
lull_charts_days_from_stats (const GArray *stats_days)
{
  GArray *days = g_array_sized_new (FALSE, FALSE, sizeof (LullChartDay), stats_days->len);

  for (guint i = 0; i < stats_days->len; i++)
    {
      const LullStatsDay *stats_day = &g_array_index (stats_days, LullStatsDay, i);
      LullChartDay day = {
        .date = stats_day->date,
        .n = stats_day->n_sessions,
        .met_goal = stats_day->met_goal,
        .rest_day = stats_day->rest_day,
        .in_streak = stats_day->in_streak,
      };

      g_array_append_val (days, day);
    }

  return days;
}

/**
 * lull_charts_format_day:
 * @day: days since 1970-01-01
 * @full: the weekday, day, month and year, for a table or a screen reader;
 *   or short, for an axis
 */
char *
lull_charts_format_day (gint64   day,
                        gboolean full)
{
  GDate date;

  lull_charts_date_from_day (day, &date);
  if (full)
    /* Translators: a day in a chart's table, as g_date_time_format() writes it. */
    return format_date (&date, C_("chart date", "%A %-d %B %Y"));

  /* Translators: a day under a chart, short, as g_date_time_format() writes it. */
  return format_date (&date, C_("chart axis date", "%-d %b"));
}

/**
 * lull_charts_format_volume:
 * @ml: a volume in millilitres
 *
 * Returns: @ml in the unit given: whole millilitres, or ounces to one
 *   decimal place
 */
char *
lull_charts_format_volume (double      ml,
                           const char *unit_label,
                           double      unit_per_ml)
{
  g_autofree char *number = NULL;

  if (!(unit_per_ml > 0) || !isfinite (unit_per_ml))
    unit_per_ml = 1;
  number = g_strdup_printf ("%'.*f", unit_per_ml < 0.5 ? 1 : 0, ml * unit_per_ml);
  if (unit_label == NULL)
    return g_steal_pointer (&number);

  return g_strdup_printf (C_("axis value", "%s %s"), number, unit_label);
}
