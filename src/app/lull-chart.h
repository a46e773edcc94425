/* lull-chart.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lull-charts.h"

G_BEGIN_DECLS

typedef enum {
  LULL_CHART_KIND_FIRST_LETDOWN, /* points: seconds to the first let-down, rolling median */
  LULL_CHART_KIND_LETDOWNS,      /* points: let-downs a session, optional median */
  LULL_CHART_KIND_DAILY_VOLUME,  /* points: x a day, mL that day, 7-day average in mL */
  LULL_CHART_KIND_CALENDAR,      /* days: sessions a day */
} LullChartKind;

#define LULL_TYPE_CHART_KIND (lull_chart_kind_get_type ())
GType lull_chart_kind_get_type (void);

#define LULL_TYPE_CHART_ROW (lull_chart_row_get_type ())

G_DECLARE_FINAL_TYPE (LullChartRow, lull_chart_row, LULL, CHART_ROW, GObject)

/* One row of a chart's table: what it is (a day or a session), its value,
 * and a detail (the median or average, or a calendar day's notes), as the
 * table shows them. */
const char    *lull_chart_row_get_label        (LullChartRow         *self);
const char    *lull_chart_row_get_value        (LullChartRow         *self);
const char    *lull_chart_row_get_detail       (LullChartRow         *self);

#define LULL_TYPE_CHART (lull_chart_get_type ())

G_DECLARE_FINAL_TYPE (LullChart, lull_chart, LULL, CHART, GtkWidget)

GtkWidget     *lull_chart_new                  (LullChartKind         kind);

LullChartKind  lull_chart_get_kind             (LullChart            *self);
/* The chart's name, which is also its accessible label. */
const char    *lull_chart_get_title            (LullChart            *self);
void           lull_chart_set_title            (LullChart            *self,
                                                const char           *title);
/* What a sighted parent reads from the chart (range, trend, the latest
 * value), in a sentence or two: its accessible description. */
const char    *lull_chart_get_summary          (LullChart            *self);
void           lull_chart_set_summary          (LullChart            *self,
                                                const char           *summary);
/* “ml” or “us-fl-oz”, the values of the volume-unit setting, so the
 * setting binds to the property as it is. */
const char    *lull_chart_get_volume_unit      (LullChart            *self);
void           lull_chart_set_volume_unit      (LullChart            *self,
                                                const char           *volume_unit);

/* The data, copied. Points for the first three kinds, days for the
 * calendar. */
void           lull_chart_set_points           (LullChart            *self,
                                                const LullChartPoint *points,
                                                gsize                 n_points,
                                                LullChartXKind        x_kind);
void           lull_chart_set_days             (LullChart            *self,
                                                const LullChartDay   *days,
                                                gsize                 n_days);

/* The colours and font the widget draws with now, from its style. */
void           lull_chart_get_style            (LullChart            *self,
                                                LullChartStyle       *style);
/* Draws the chart's data with @style onto @cr, as the widget or a PDF. */
void           lull_chart_draw                 (LullChart            *self,
                                                cairo_t              *cr,
                                                double                width,
                                                double                height,
                                                const LullChartStyle *style);

/* The same numbers as rows (LullChartRow), one a point or day. */
GListModel    *lull_chart_get_rows             (LullChart            *self);
/* A GtkColumnView over lull_chart_get_rows(), with a title on each column;
 * it follows the chart's data and unit. The caller scrolls it. */
GtkWidget     *lull_chart_table_new            (LullChart            *chart);

G_END_DECLS
