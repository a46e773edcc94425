/* lull-charts.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lull-stats.h"

G_BEGIN_DECLS

/* The charts of the history, drawn with cairo alone so that the same
 * functions paint a widget (LullChart) and a page of a PDF. Each draws the
 * whole chart inside 0,0 to width,height and fills no background. */

/* What a point's x is. */
typedef enum {
  LULL_CHART_X_SESSION, /* a session number, from 1 */
  LULL_CHART_X_DAY,     /* a day: days since 1970-01-01 (lull_charts_day_from_date()) */
} LullChartXKind;

typedef struct {
  gint64 x;
  double value;  /* NAN: nothing at this x */
  double median; /* the rolling median or average at x; NAN where there is none */
} LullChartPoint;

typedef struct {
  GDate    date;
  guint    n;         /* sessions on the day */
  gboolean met_goal;
  gboolean rest_day;
  gboolean in_streak;
} LullChartDay;

typedef struct {
  GdkRGBA                     foreground; /* text and the baseline */
  GdkRGBA                     accent;     /* the median line, bars, busy days */
  GdkRGBA                     muted;      /* points, grid lines, quiet days */
  GdkRGBA                     background; /* what the chart is drawn on */
  /* Text: with a context, its font map and resolution (a widget's, which
   * follows large text); without, a context made for the cairo_t. The
   * font, if set, replaces the context's. Labels are 85% of it. */
  PangoContext               *pango_context;
  const PangoFontDescription *font;
  /* Shown when there is nothing to draw; NULL for a calm default. */
  const char                 *empty_text;
} LullChartStyle;

void          lull_charts_style_init            (LullChartStyle       *style,
                                                 gboolean              dark);

void          lull_charts_draw_first_letdown    (cairo_t              *cr,
                                                 double                width,
                                                 double                height,
                                                 const LullChartStyle *style,
                                                 const LullChartPoint *points,
                                                 gsize                 n_points,
                                                 LullChartXKind        x_kind);
void          lull_charts_draw_letdowns         (cairo_t              *cr,
                                                 double                width,
                                                 double                height,
                                                 const LullChartStyle *style,
                                                 const LullChartPoint *points,
                                                 gsize                 n_points,
                                                 LullChartXKind        x_kind);
void          lull_charts_draw_daily_volume     (cairo_t              *cr,
                                                 double                width,
                                                 double                height,
                                                 const LullChartStyle *style,
                                                 const LullChartPoint *days,
                                                 gsize                 n_days,
                                                 const char           *unit_label,
                                                 double                unit_per_ml);
void          lull_charts_draw_calendar         (cairo_t              *cr,
                                                 double                width,
                                                 double                height,
                                                 const LullChartStyle *style,
                                                 const LullChartDay   *days,
                                                 gsize                 n_days,
                                                 GDateWeekday          first_weekday);

/* The points a chart draws from LullStats' day or week points: the
 * median time to the first let-down with its rolling median, let-downs a
 * session, or the volume a day (a week's as its days' average) with the
 * 7-day average. x is the point's first day. */
typedef enum {
  LULL_CHARTS_SERIES_FIRST_LETDOWN,
  LULL_CHARTS_SERIES_LETDOWNS,
  LULL_CHARTS_SERIES_VOLUME,
} LullChartsSeries;

GArray       *lull_charts_points_from_stats     (const GArray         *stats_points,
                                                 LullChartsSeries      series);
/* The calendar's days from lull_stats_get_days(). */
GArray       *lull_charts_days_from_stats       (const GArray         *stats_days);

gint64        lull_charts_day_from_date         (const GDate          *date);
void          lull_charts_date_from_day         (gint64                day,
                                                 GDate                *date);
GDateWeekday  lull_charts_get_first_weekday     (void);
char         *lull_charts_format_seconds        (double                seconds);
char         *lull_charts_format_day            (gint64                day,
                                                 gboolean              full);
char         *lull_charts_format_volume         (double                ml,
                                                 const char           *unit_label,
                                                 double                unit_per_ml);

G_END_DECLS
