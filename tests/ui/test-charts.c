/* test-charts.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "lull-application.h"
#include "lull-chart-card.h"
#include "lull-chart.h"
#include "lull-charts.h"
#include "lull-ui-test.h"

/* The charts drawn into image surfaces with known data and looked at
 * pixel by pixel, and the chart widget, its table and its card inside the
 * real application. Positions are never assumed: a test compares two
 * drawings, or looks for where the accent colour is.
 *
 * With LULL_CHART_PNG_DIR set, each chart is also saved there as a PNG,
 * light and dark, for a person to look at. */

#define WIDTH  480
#define HEIGHT 220

static LullApplication *app;
static PangoFontDescription *font;

typedef void (*DrawPoints) (cairo_t              *cr,
                            double                width,
                            double                height,
                            const LullChartStyle *style,
                            const LullChartPoint *points,
                            gsize                 n_points,
                            LullChartXKind        x_kind);

static void
test_style (LullChartStyle *style,
            gboolean        dark)
{
  lull_charts_style_init (style, dark);
  style->font = font;
}

static cairo_surface_t *
new_canvas (const LullChartStyle *style,
            int                   width,
            int                   height,
            cairo_t             **cr)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  *cr = cairo_create (surface);
  gdk_cairo_set_source_rgba (*cr, &style->background);
  cairo_paint (*cr);

  return surface;
}

/* Checks that cairo took every call, and gives the pixels. */
static cairo_surface_t *
finish_canvas (cairo_t         *cr,
               cairo_surface_t *surface)
{
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static cairo_surface_t *
draw_points (DrawPoints            draw,
             const LullChartStyle *style,
             const LullChartPoint *points,
             gsize                 n_points,
             LullChartXKind        x_kind)
{
  cairo_t *cr;
  cairo_surface_t *surface = new_canvas (style, WIDTH, HEIGHT, &cr);

  draw (cr, WIDTH, HEIGHT, style, points, n_points, x_kind);
  return finish_canvas (cr, surface);
}

static cairo_surface_t *
draw_volume (const LullChartStyle *style,
             const LullChartPoint *days,
             gsize                 n_days,
             const char           *unit,
             double                factor)
{
  cairo_t *cr;
  cairo_surface_t *surface = new_canvas (style, WIDTH, HEIGHT, &cr);

  lull_charts_draw_daily_volume (cr, WIDTH, HEIGHT, style, days, n_days, unit, factor);
  return finish_canvas (cr, surface);
}

static cairo_surface_t *
draw_calendar (const LullChartStyle *style,
               const LullChartDay   *days,
               gsize                 n_days)
{
  cairo_t *cr;
  cairo_surface_t *surface = new_canvas (style, WIDTH, HEIGHT, &cr);

  lull_charts_draw_calendar (cr, WIDTH, HEIGHT, style, days, n_days, G_DATE_MONDAY);
  return finish_canvas (cr, surface);
}

/* One pixel, as 0 to 1 without premultiplication: the canvases are
 * opaque. */
static void
pixel (cairo_surface_t *surface,
       int              x,
       int              y,
       double          *r,
       double          *g,
       double          *b)
{
  guint32 value = *(guint32 *)(cairo_image_surface_get_data (surface)
                               + y * cairo_image_surface_get_stride (surface) + 4 * x);

  *r = ((value >> 16) & 0xff) / 255.0;
  *g = ((value >> 8) & 0xff) / 255.0;
  *b = (value & 0xff) / 255.0;
}

/* How much of the light style's accent (a blue) is in a pixel on white:
 * the blue over the red is 0.74 for the accent itself, about 0.33 for the
 * soft bars, and 0 for the greys of the text, the grid and the points. */
static double
tint (cairo_surface_t *surface,
      int              x,
      int              y)
{
  double r, g, b;

  pixel (surface, x, y, &r, &g, &b);
  return b - r;
}

static guint
count_tint (cairo_surface_t *surface,
            double           low,
            double           high)
{
  guint n = 0;

  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      {
        double t = tint (surface, x, y);

        if (t >= low && t < high)
          n++;
      }

  return n;
}

/* Pixels darker than the white background and without a tint: text,
 * grid, points. */
static guint
count_grey (cairo_surface_t *surface)
{
  guint n = 0;

  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      {
        double r, g, b;

        pixel (surface, x, y, &r, &g, &b);
        if (r < 0.6 && fabs (b - r) < 0.05)
          n++;
      }

  return n;
}

/* The mean row of the accent line's pixels in columns @from to @to. */
static double
line_row (cairo_surface_t *surface,
          int              from,
          int              to)
{
  double sum = 0;
  guint n = 0;

  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = from; x < to; x++)
      if (tint (surface, x, y) > 0.6)
        {
          sum += y;
          n++;
        }

  g_assert_cmpuint (n, >, 0);
  return sum / n;
}

/* The tallest run of tinted pixels in columns @from to @to. */
static int
tallest_bar (cairo_surface_t *surface,
             int              from,
             int              to)
{
  int tallest = 0;

  for (int x = from; x < to; x++)
    {
      int height = 0;

      for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
        if (tint (surface, x, y) > 0.2)
          height++;
      tallest = MAX (tallest, height);
    }

  return tallest;
}

/* The longest run of soft-bar pixels along any row. */
static int
widest_bar (cairo_surface_t *surface)
{
  int widest = 0;

  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    {
      int run = 0;

      for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
        {
          double t = tint (surface, x, y);

          run = t > 0.2 && t < 0.45 ? run + 1 : 0;
          widest = MAX (widest, run);
        }
    }

  return widest;
}

static gboolean
same_pixels (cairo_surface_t *a,
             cairo_surface_t *b)
{
  int stride = cairo_image_surface_get_stride (a);

  return stride == cairo_image_surface_get_stride (b)
         && memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                    stride * cairo_image_surface_get_height (a)) == 0;
}

static void
save_png (cairo_surface_t *surface,
          const char      *name)
{
  const char *dir = g_getenv ("LULL_CHART_PNG_DIR");
  g_autofree char *file = NULL;

  if (dir == NULL)
    return;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  file = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_cmpint (cairo_surface_write_to_png (surface, file), ==, CAIRO_STATUS_SUCCESS);
  g_test_message ("Saved %s", file);
}

/* The whole window as GTK renders it: the card, its title and toggle. */
static void
save_window_png (GtkWindow  *window,
                 const char *name)
{
  const char *dir = g_getenv ("LULL_CHART_PNG_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  GtkSnapshot *snapshot;
  GskRenderNode *node;

  if (dir == NULL)
    return;

  lull_test_iterate ();
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot,
                          gtk_widget_get_width (GTK_WIDGET (window)),
                          gtk_widget_get_height (GTK_WIDGET (window)));
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, NULL);
  gsk_render_node_unref (node);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  file = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, file));
  g_test_message ("Saved %s", file);
}

static gint64
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));

  return lull_charts_day_from_date (&date);
}

static double
median_of (const double *values,
           guint         n)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));

  for (guint i = 1; i < n; i++)
    for (guint k = i; k > 0 && sorted[k - 1] > sorted[k]; k--)
      {
        double swap = sorted[k];

        sorted[k] = sorted[k - 1];
        sorted[k - 1] = swap;
      }

  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/* Four weeks of a parent whose let-down comes sooner: the data of the
 * saved pictures. */
static void
sample_sessions (LullChartPoint *first,
                 LullChartPoint *letdowns,
                 guint           n)
{
  g_autofree double *seconds = g_new (double, n);
  g_autofree double *counts = g_new (double, n);

  for (guint i = 0; i < n; i++)
    {
      guint from = i >= 4 ? i - 4 : 0;

      seconds[i] = 150 - 100.0 * i / n + 35 * sin (i * 2.3);
      counts[i] = 1 + (i * 7 % 5 == 0 ? 0 : (i / 8) % 4 + (i % 3 == 0));
      first[i] = (LullChartPoint) { i + 1, seconds[i], median_of (seconds + from, i - from + 1) };
      letdowns[i] = (LullChartPoint) { i + 1, counts[i], median_of (counts + from, i - from + 1) };
    }
}

static void
sample_volume (LullChartPoint *days,
               guint           n)
{
  gint64 last = today ();

  for (guint i = 0; i < n; i++)
    {
      double sum = 0;
      guint from = i >= 6 ? i - 6 : 0;

      days[i].x = last - (n - 1 - i);
      days[i].value = i == 9 ? NAN : 380 + 12.0 * i + 70 * sin (i * 1.7);
      for (guint k = from; k <= i; k++)
        sum += isfinite (days[k].value) ? days[k].value : 0;
      days[i].median = sum / (i - from + 1);
    }
}

static void
sample_calendar (LullChartDay *days,
                 guint         n)
{
  gint64 last = today ();

  for (guint i = 0; i < n; i++)
    {
      lull_charts_date_from_day (last - (n - 1 - i), &days[i].date);
      days[i].n = (i * 5 + i / 7) % 9;
      days[i].rest_day = days[i].n == 0 && i % 3 == 0;
      days[i].met_goal = days[i].n >= 6;
      days[i].in_streak = i > n - 12;
    }
}

/* The example charts for a person, light and dark, from the functions
 * alone. */
static void
test_pictures (void)
{
  LullChartPoint first[28], letdowns[28], volume[21];
  LullChartDay days[80];

  if (g_getenv ("LULL_CHART_PNG_DIR") == NULL)
    {
      g_test_skip ("LULL_CHART_PNG_DIR is not set");
      return;
    }

  sample_sessions (first, letdowns, G_N_ELEMENTS (first));
  sample_volume (volume, G_N_ELEMENTS (volume));
  sample_calendar (days, G_N_ELEMENTS (days));

  for (guint dark = 0; dark <= 1; dark++)
    {
      const char *scheme = dark ? "dark" : "light";
      g_autofree char *name1 = g_strdup_printf ("first-letdown-%s", scheme);
      g_autofree char *name2 = g_strdup_printf ("letdowns-%s", scheme);
      g_autofree char *name3 = g_strdup_printf ("daily-volume-%s", scheme);
      g_autofree char *name4 = g_strdup_printf ("daily-volume-fl-oz-%s", scheme);
      g_autofree char *name5 = g_strdup_printf ("calendar-%s", scheme);
      g_autofree char *name6 = g_strdup_printf ("empty-%s", scheme);
      LullChartStyle style;
      cairo_surface_t *surface;

      test_style (&style, dark);
      surface = draw_points (lull_charts_draw_first_letdown, &style, first,
                             G_N_ELEMENTS (first), LULL_CHART_X_SESSION);
      save_png (surface, name1);
      cairo_surface_destroy (surface);
      surface = draw_points (lull_charts_draw_letdowns, &style, letdowns,
                             G_N_ELEMENTS (letdowns), LULL_CHART_X_SESSION);
      save_png (surface, name2);
      cairo_surface_destroy (surface);
      surface = draw_volume (&style, volume, G_N_ELEMENTS (volume), "mL", 1);
      save_png (surface, name3);
      cairo_surface_destroy (surface);
      surface = draw_volume (&style, volume, G_N_ELEMENTS (volume), "fl oz", 1 / 29.5735);
      save_png (surface, name4);
      cairo_surface_destroy (surface);
      surface = draw_calendar (&style, days, G_N_ELEMENTS (days));
      save_png (surface, name5);
      cairo_surface_destroy (surface);
      surface = draw_calendar (&style, NULL, 0);
      save_png (surface, name6);
      cairo_surface_destroy (surface);
    }
}

/* The median line is drawn in the accent colour, level for a level
 * median, higher for a longer time, and falling when the times fall. */
static void
test_first_letdown_median (void)
{
  LullChartPoint points[10];
  LullChartStyle style;
  cairo_surface_t *low, *high, *falling;
  double low_row, high_row;

  test_style (&style, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    points[i] = (LullChartPoint) { i + 1, 30 + 20 * (i % 3), 40 };
  low = draw_points (lull_charts_draw_first_letdown, &style, points, G_N_ELEMENTS (points),
                     LULL_CHART_X_SESSION);
  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    points[i].median = 100;
  high = draw_points (lull_charts_draw_first_letdown, &style, points, G_N_ELEMENTS (points),
                      LULL_CHART_X_SESSION);

  /* Level: the left and the right of the line are on the same rows. */
  low_row = line_row (low, 0, WIDTH / 3);
  g_assert_cmpfloat (fabs (low_row - line_row (low, 2 * WIDTH / 3, WIDTH)), <, 1.5);
  high_row = line_row (high, 0, WIDTH);
  g_assert_cmpfloat (high_row, <, low_row - 10);

  /* The points are grey, not the accent. */
  g_assert_cmpuint (count_grey (low), >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    points[i].median = 120 - 8 * i;
  falling = draw_points (lull_charts_draw_first_letdown, &style, points, G_N_ELEMENTS (points),
                         LULL_CHART_X_SESSION);
  g_assert_cmpfloat (line_row (falling, 0, WIDTH / 3), <,
                     line_row (falling, 2 * WIDTH / 3, WIDTH) - 10);

  cairo_surface_destroy (low);
  cairo_surface_destroy (high);
  cairo_surface_destroy (falling);
}

/* A session with more let-downs has a taller bar; without a median no line
 * is drawn, with one it is. */
static void
test_letdown_bars (void)
{
  LullChartPoint points[] = {
    { 1, 1, NAN }, { 2, 1, NAN }, { 3, 2, NAN }, { 4, 3, NAN }, { 5, 4, NAN }, { 6, 4, NAN },
  };
  LullChartStyle style;
  cairo_surface_t *bars, *with_line;

  test_style (&style, FALSE);
  bars = draw_points (lull_charts_draw_letdowns, &style, points, G_N_ELEMENTS (points),
                      LULL_CHART_X_SESSION);
  g_assert_cmpint (tallest_bar (bars, WIDTH / 2, WIDTH), >, tallest_bar (bars, 0, WIDTH / 3) * 2);

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    points[i].median = 2;
  with_line = draw_points (lull_charts_draw_letdowns, &style, points, G_N_ELEMENTS (points),
                           LULL_CHART_X_SESSION);
  /* The line in the full accent, the bars softer behind it. */
  g_assert_cmpuint (count_tint (with_line, 0.6, 1), >, 100);
  g_assert_cmpuint (count_tint (with_line, 0.2, 0.45), >, 500);
  g_assert_cmpfloat (fabs (line_row (with_line, 0, WIDTH / 3)
                           - line_row (with_line, 2 * WIDTH / 3, WIDTH)), <, 1.5);

  cairo_surface_destroy (bars);
  cairo_surface_destroy (with_line);
}

/* Soft bars for the days and a full accent line for the average; the unit
 * changes the axis and nothing else. */
static void
test_daily_volume (void)
{
  LullChartPoint days[14];
  LullChartStyle style;
  cairo_surface_t *ml, *oz, *weeks;
  g_autofree char *text_ml = lull_charts_format_volume (120, "mL", 1);
  g_autofree char *text_oz = lull_charts_format_volume (120, "fl oz", 1 / 29.5735);

  test_style (&style, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    days[i] = (LullChartPoint) { 20000 + i, 100 + 25 * i, 150 };

  ml = draw_volume (&style, days, G_N_ELEMENTS (days), "mL", 1);
  g_assert_cmpuint (count_tint (ml, 0.2, 0.45), >, 500);
  g_assert_cmpuint (count_tint (ml, 0.6, 1), >, 200);
  g_assert_cmpint (tallest_bar (ml, 2 * WIDTH / 3, WIDTH), >, tallest_bar (ml, 0, WIDTH / 4));

  oz = draw_volume (&style, days, G_N_ELEMENTS (days), "fl oz", 1 / 29.5735);
  g_assert_false (same_pixels (ml, oz));

  /* Weeks of aggregated data: a bar is a week wide, as wide as a day's
   * bar among as many days. */
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    days[i].x = 20000 + 7 * i;
  weeks = draw_volume (&style, days, G_N_ELEMENTS (days), "mL", 1);
  g_assert_cmpint (abs (widest_bar (weeks) - widest_bar (ml)), <=, 2);
  g_assert_cmpint (widest_bar (ml), >, WIDTH / G_N_ELEMENTS (days) / 2);
  save_png (weeks, "daily-volume-weeks-light");
  cairo_surface_destroy (weeks);

  g_assert_cmpstr (text_ml, ==, "120 mL");
  g_assert_cmpstr (text_oz, ==, "4.1 fl oz");

  cairo_surface_destroy (ml);
  cairo_surface_destroy (oz);
}

/* Nothing to draw: a calm sentence and no colour, from every chart. */
static void
test_empty (void)
{
  LullChartPoint nothing[] = { { 1, NAN, NAN }, { 2, NAN, NAN } };
  LullChartDay no_day = { 0 };
  LullChartStyle style;
  cairo_surface_t *surfaces[6];

  test_style (&style, FALSE);
  g_date_clear (&no_day.date, 1);
  surfaces[0] = draw_points (lull_charts_draw_first_letdown, &style, NULL, 0, LULL_CHART_X_DAY);
  surfaces[1] = draw_points (lull_charts_draw_letdowns, &style, NULL, 0, LULL_CHART_X_SESSION);
  surfaces[2] = draw_volume (&style, NULL, 0, "mL", 1);
  surfaces[3] = draw_calendar (&style, NULL, 0);
  /* Points without a value, and a day without a date, are nothing too. */
  surfaces[4] = draw_points (lull_charts_draw_first_letdown, &style, nothing,
                             G_N_ELEMENTS (nothing), LULL_CHART_X_SESSION);
  surfaces[5] = draw_calendar (&style, &no_day, 1);

  for (guint i = 0; i < G_N_ELEMENTS (surfaces); i++)
    {
      g_assert_cmpuint (count_tint (surfaces[i], 0.05, 1), ==, 0);
      /* The words. */
      g_assert_cmpuint (count_grey (surfaces[i]), >, 100);
      g_assert_true (same_pixels (surfaces[i], surfaces[0]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (surfaces); i++)
    cairo_surface_destroy (surfaces[i]);

  /* The caller's own words instead. */
  style.empty_text = "…";
  surfaces[0] = draw_calendar (&style, NULL, 0);
  g_assert_cmpuint (count_grey (surfaces[0]), <, 100);
  cairo_surface_destroy (surfaces[0]);
}

/* How many more pixels of a tint the calendar has with @days than with
 * the same days without a session: the legend and the quiet cells cancel
 * out. @rightmost: the last column where the two differ. */
static int
calendar_gain (const LullChartStyle *style,
               const LullChartDay   *days,
               gsize                 n_days,
               double                low,
               double                high,
               int                  *rightmost)
{
  g_autofree LullChartDay *quiet = g_memdup2 (days, n_days * sizeof (LullChartDay));
  cairo_surface_t *busy_surface, *quiet_surface;
  int gain;

  for (gsize i = 0; i < n_days; i++)
    quiet[i].n = 0;
  busy_surface = draw_calendar (style, days, n_days);
  quiet_surface = draw_calendar (style, quiet, n_days);
  gain = (int) count_tint (busy_surface, low, high) - (int) count_tint (quiet_surface, low, high);

  if (rightmost != NULL)
    {
      *rightmost = -1;
      for (int y = 0; y < HEIGHT; y++)
        for (int x = 0; x < WIDTH; x++)
          if (fabs (tint (busy_surface, x, y) - tint (quiet_surface, x, y)) > 0.1)
            *rightmost = MAX (*rightmost, x);
    }

  cairo_surface_destroy (busy_surface);
  cairo_surface_destroy (quiet_surface);

  return gain;
}

/* A single session or day is drawn, with its median as a short level
 * stroke. */
static void
test_one_point (void)
{
  LullChartPoint one = { 3, 75, 75 };
  LullChartPoint day = { 20000, 250, 250 };
  LullChartDay calendar_day = { .n = 2 };
  LullChartStyle style;
  cairo_surface_t *surface;

  test_style (&style, FALSE);
  g_date_clear (&calendar_day.date, 1);
  g_date_set_dmy (&calendar_day.date, 14, G_DATE_MARCH, 2026);

  surface = draw_points (lull_charts_draw_first_letdown, &style, &one, 1, LULL_CHART_X_SESSION);
  g_assert_cmpuint (count_tint (surface, 0.6, 1), >, 20);
  cairo_surface_destroy (surface);

  surface = draw_points (lull_charts_draw_letdowns, &style, &one, 1, LULL_CHART_X_DAY);
  g_assert_cmpuint (count_tint (surface, 0.2, 1), >, 100);
  cairo_surface_destroy (surface);

  surface = draw_volume (&style, &day, 1, "mL", 1);
  g_assert_cmpuint (count_tint (surface, 0.2, 0.45), >, 100);
  g_assert_cmpuint (count_tint (surface, 0.6, 1), >, 20);
  cairo_surface_destroy (surface);

  g_assert_cmpint (calendar_gain (&style, &calendar_day, 1, 0.6, 1, NULL), >, 50);
}

/* Zeros, huge and broken numbers, and tiny or empty canvases draw without
 * a cairo error or a warning. */
static void
test_extremes (void)
{
  LullChartPoint zeros[] = { { 1, 0, 0 }, { 2, 0, 0 }, { 3, 0, NAN } };
  LullChartPoint huge[] = {
    { 1, 1e9, 1e9 }, { 2, 1e300, NAN }, { 3, INFINITY, -INFINITY }, { 4, -5, 2 },
    { G_MAXINT64 / 4, 7, 7 },
  };
  DrawPoints draws[] = { lull_charts_draw_first_letdown, lull_charts_draw_letdowns };
  LullChartStyle style;
  cairo_surface_t *surface;

  test_style (&style, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (draws); i++)
    {
      surface = draw_points (draws[i], &style, zeros, G_N_ELEMENTS (zeros), LULL_CHART_X_SESSION);
      /* A zero is on the baseline, and still there: the line or a thin mark. */
      g_assert_cmpuint (count_grey (surface), >, 0);
      cairo_surface_destroy (surface);

      surface = draw_points (draws[i], &style, huge, G_N_ELEMENTS (huge), LULL_CHART_X_DAY);
      g_assert_cmpuint (count_tint (surface, 0.2, 1), >, 0);
      cairo_surface_destroy (surface);
    }

  surface = draw_volume (&style, huge, G_N_ELEMENTS (huge), "mL", 1);
  g_assert_cmpuint (count_tint (surface, 0.2, 1), >, 0);
  cairo_surface_destroy (surface);
  surface = draw_volume (&style, zeros, G_N_ELEMENTS (zeros), "mL", 0);
  cairo_surface_destroy (surface);

  for (int size = 0; size <= 3; size++)
    {
      cairo_t *cr;

      surface = new_canvas (&style, size, size, &cr);
      lull_charts_draw_first_letdown (cr, size, size, &style, huge, G_N_ELEMENTS (huge),
                                      LULL_CHART_X_SESSION);
      lull_charts_draw_letdowns (cr, size, size, &style, zeros, G_N_ELEMENTS (zeros),
                                 LULL_CHART_X_DAY);
      lull_charts_draw_daily_volume (cr, size, size, &style, huge, G_N_ELEMENTS (huge),
                                     "mL", 1);
      lull_charts_draw_calendar (cr, size, size, &style, NULL, 0, G_DATE_SUNDAY);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
}

/* A busier day is deeper; a rest day is an outline with no colour; a day
 * in a streak carries a dot; when the weeks do not fit, the latest show. */
static void
test_calendar (void)
{
  LullChartDay days[2] = { { .n = 1 }, { .n = 4 } };
  LullChartDay rest = { .rest_day = TRUE };
  LullChartDay many[3 * 365];
  LullChartStyle style;
  cairo_surface_t *surface, *streak, *not_rest;
  int rightmost = 0;

  test_style (&style, FALSE);
  g_date_clear (&days[0].date, 1);
  g_date_clear (&days[1].date, 1);
  g_date_clear (&rest.date, 1);
  g_date_set_dmy (&days[0].date, 2, G_DATE_MARCH, 2026);
  g_date_set_dmy (&days[1].date, 12, G_DATE_MARCH, 2026);
  g_date_set_dmy (&rest.date, 5, G_DATE_MARCH, 2026);

  /* The busiest day in the full accent, the other in a light one. */
  g_assert_cmpint (calendar_gain (&style, days, G_N_ELEMENTS (days), 0.6, 1, NULL), >, 100);
  g_assert_cmpint (calendar_gain (&style, days, G_N_ELEMENTS (days), 0.2, 0.45, NULL), >, 100);

  surface = draw_calendar (&style, days, G_N_ELEMENTS (days));
  days[1].in_streak = TRUE;
  streak = draw_calendar (&style, days, G_N_ELEMENTS (days));
  g_assert_cmpuint (count_tint (streak, 0.6, 1), <, count_tint (surface, 0.6, 1) - 5);
  cairo_surface_destroy (streak);
  cairo_surface_destroy (surface);

  /* The rest day adds no colour (the legend has the same), but it is
   * drawn apart from a quiet day. */
  surface = draw_calendar (&style, &rest, 1);
  rest.rest_day = FALSE;
  not_rest = draw_calendar (&style, &rest, 1);
  g_assert_cmpuint (count_tint (surface, 0.05, 1), ==, count_tint (not_rest, 0.05, 1));
  g_assert_false (same_pixels (surface, not_rest));
  cairo_surface_destroy (surface);
  cairo_surface_destroy (not_rest);

  /* Three years: too many weeks; the oldest fall off, the last is on the
   * right. Only the last day has a session. */
  for (guint i = 0; i < G_N_ELEMENTS (many); i++)
    {
      many[i] = (LullChartDay) { .n = i == G_N_ELEMENTS (many) - 1 ? 3 : 0 };
      lull_charts_date_from_day (19000 + i, &many[i].date);
    }
  g_assert_cmpint (calendar_gain (&style, many, G_N_ELEMENTS (many), 0.6, 1, &rightmost), >, 50);
  g_assert_cmpint (rightmost, >, WIDTH * 3 / 4);
}

/* The labels follow the font: large text draws larger labels. */
static void
test_large_text (void)
{
  g_autoptr(PangoFontDescription) large = pango_font_description_from_string ("Sans 20");
  LullChartPoint points[] = { { 1, 40, 40 }, { 2, 90, 60 }, { 3, 30, 50 } };
  LullChartStyle style;
  cairo_surface_t *small_text, *large_text;

  test_style (&style, FALSE);
  small_text = draw_points (lull_charts_draw_first_letdown, &style, points, G_N_ELEMENTS (points),
                            LULL_CHART_X_SESSION);
  style.font = large;
  large_text = draw_points (lull_charts_draw_first_letdown, &style, points, G_N_ELEMENTS (points),
                           LULL_CHART_X_SESSION);
  g_assert_cmpuint (count_grey (large_text), >, count_grey (small_text) * 3 / 2);

  cairo_surface_destroy (small_text);
  cairo_surface_destroy (large_text);
}

/* Dark colours: light text and a light accent on a dark ground. */
static void
test_dark (void)
{
  LullChartPoint points[] = { { 1, 40, 40 }, { 2, 90, 60 }, { 3, 30, 50 } };
  LullChartStyle style;
  cairo_surface_t *surface;
  guint light = 0, accent = 0;

  test_style (&style, TRUE);
  surface = draw_points (lull_charts_draw_first_letdown, &style, points, G_N_ELEMENTS (points),
                         LULL_CHART_X_SESSION);
  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        double r, g, b;

        pixel (surface, x, y, &r, &g, &b);
        if (r > 0.7 && fabs (b - r) < 0.05)
          light++;
        if (fabs (r - style.accent.red) < 0.02 && fabs (b - style.accent.blue) < 0.02)
          accent++;
      }
  g_assert_cmpuint (light, >, 50);
  g_assert_cmpuint (accent, >, 50);
  cairo_surface_destroy (surface);
}

static void
test_helpers (void)
{
  g_autofree char *seconds = lull_charts_format_seconds (45);
  g_autofree char *minutes = lull_charts_format_seconds (120);
  g_autofree char *both = lull_charts_format_seconds (90.4);
  GDate date;

  g_assert_cmpstr (seconds, ==, "45 s");
  g_assert_cmpstr (minutes, ==, "2 min");
  g_assert_cmpstr (both, ==, "1 min 30 s");

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 1970);
  g_assert_cmpint (lull_charts_day_from_date (&date), ==, 0);
  g_date_set_dmy (&date, 14, G_DATE_MARCH, 2026);
  g_assert_cmpint (lull_charts_day_from_date (&date), ==, 20526);
  lull_charts_date_from_day (20526, &date);
  g_assert_cmpint (g_date_get_day (&date), ==, 14);
  g_assert_cmpint (g_date_get_month (&date), ==, G_DATE_MARCH);
  g_assert_true (g_date_valid_weekday (lull_charts_get_first_weekday ()));
}

static GtkWindow *
window_with (GtkWidget *child)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, WIDTH, 400);
  gtk_window_set_child (window, child);
  lull_test_present (window);

  return window;
}

/* The widget's own drawing, through its snapshot, replayed onto its
 * background. */
static cairo_surface_t *
snapshot_chart (LullChart *chart)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (GTK_WIDGET (chart));
  int height = gtk_widget_get_height (GTK_WIDGET (chart));
  cairo_surface_t *surface;
  LullChartStyle style;
  GskRenderNode *node;
  cairo_t *cr;

  g_assert_cmpint (width, >, 0);
  GTK_WIDGET_GET_CLASS (chart)->snapshot (GTK_WIDGET (chart), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  g_assert_cmpint (gsk_render_node_get_node_type (node), ==, GSK_CAIRO_NODE);

  lull_chart_get_style (chart, &style);
  surface = new_canvas (&style, width, height, &cr);
  cairo_set_source_surface (cr, gsk_cairo_node_get_surface (node), 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  gsk_render_node_unref (node);

  return surface;
}

static guint
count_color (cairo_surface_t *surface,
             const GdkRGBA   *color)
{
  guint n = 0;

  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      {
        double r, g, b;

        pixel (surface, x, y, &r, &g, &b);
        if (fabs (r - color->red) < 0.02 && fabs (g - color->green) < 0.02
            && fabs (b - color->blue) < 0.02)
          n++;
      }

  return n;
}

static double
luminance (const GdkRGBA *color)
{
  return 0.2126 * color->red + 0.7152 * color->green + 0.0722 * color->blue;
}

/* The widget is an image named by its title and described by the
 * caller's summary, at least 160 pixels high, and takes the width. */
static void
test_widget_accessible (void)
{
  GtkWidget *chart = lull_chart_new (LULL_CHART_KIND_FIRST_LETDOWN);
  GtkWindow *window = window_with (chart);
  int minimum, natural;
  char *problem;

  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (chart)), ==,
                   GTK_ACCESSIBLE_ROLE_IMG);

  lull_chart_set_title (LULL_CHART (chart), "Time to First Let-Down");
  lull_chart_set_summary (LULL_CHART (chart),
                          "From 2 min 10 s to 55 s over 4 weeks, coming sooner. Latest: 50 s.");
  problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (chart),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                "Time to First Let-Down");
  g_assert_null (problem);
  problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (chart),
                                                GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                "From 2 min 10 s to 55 s over 4 weeks, coming sooner. Latest: 50 s.");
  g_assert_null (problem);
  g_assert_cmpstr (lull_chart_get_summary (LULL_CHART (chart)), ==,
                   "From 2 min 10 s to 55 s over 4 weeks, coming sooner. Latest: 50 s.");

  gtk_widget_measure (chart, GTK_ORIENTATION_VERTICAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, >=, 160);
  g_assert_true (gtk_widget_get_hexpand (chart));
  g_assert_cmpint (gtk_widget_get_width (chart), >=, WIDTH - 1);

  gtk_window_destroy (window);
  lull_test_iterate ();
}

/* The widget paints its data in its own accent colour, and its colours
 * follow dark mode. Its pictures are saved too. */
static void
test_widget_colors (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  AdwColorScheme scheme = adw_style_manager_get_color_scheme (manager);
  LullChartPoint first[28], letdowns[28];
  GtkWidget *chart = lull_chart_new (LULL_CHART_KIND_FIRST_LETDOWN);
  GtkWidget *card = lull_chart_card_new (LULL_CHART (chart));
  GtkWindow *window = window_with (card);
  LullChartStyle light, dark;
  cairo_surface_t *surface;

  sample_sessions (first, letdowns, G_N_ELEMENTS (first));
  lull_chart_set_title (LULL_CHART (chart), "Time to First Let-Down");
  lull_chart_set_points (LULL_CHART (chart), first, G_N_ELEMENTS (first), LULL_CHART_X_SESSION);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  lull_test_iterate ();
  lull_chart_get_style (LULL_CHART (chart), &light);
  g_assert_cmpfloat (luminance (&light.foreground), <, luminance (&light.background));
  g_assert_true (light.pango_context == gtk_widget_get_pango_context (chart));
  surface = snapshot_chart (LULL_CHART (chart));
  g_assert_cmpuint (count_color (surface, &light.accent), >, 100);
  save_png (surface, "widget-first-letdown-light");
  cairo_surface_destroy (surface);
  save_window_png (window, "card-light");

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  lull_test_iterate ();
  lull_chart_get_style (LULL_CHART (chart), &dark);
  g_assert_cmpfloat (luminance (&dark.foreground), >, luminance (&dark.background));
  g_assert_false (gdk_rgba_equal (&light.accent, &dark.accent));
  surface = snapshot_chart (LULL_CHART (chart));
  g_assert_cmpuint (count_color (surface, &dark.accent), >, 100);
  g_assert_cmpuint (count_color (surface, &light.accent), <, 10);
  save_png (surface, "widget-first-letdown-dark");
  cairo_surface_destroy (surface);
  save_window_png (window, "card-dark");
  lull_chart_card_set_show_table (LULL_CHART_CARD (card), TRUE);
  save_window_png (window, "card-table-dark");

  adw_style_manager_set_color_scheme (manager, scheme);
  gtk_window_destroy (window);
  lull_test_iterate ();
}

static guint
n_rows (GtkWidget *table)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (table))));
}

/* The column at @position, which the table keeps. */
static GtkColumnViewColumn *
column (GtkWidget *table,
        guint      position)
{
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (table));
  GtkColumnViewColumn *found = g_list_model_get_item (columns, position);

  g_object_unref (found);
  return found;
}

/* The table holds a row a point with the same numbers, a title on each
 * column, and follows the data and the unit. */
static void
test_table (void)
{
  LullChartPoint points[] = {
    { 20000, 410, 410 }, { 20001, 380, 395 }, { 20002, NAN, 395 }, { 20003, NAN, NAN },
    { 20004, 455, 415 },
  };
  LullChartDay days[3] = { { .n = 2, .in_streak = TRUE }, { .rest_day = TRUE }, { .n = 5 } };
  LullChart *chart = LULL_CHART (lull_chart_new (LULL_CHART_KIND_DAILY_VOLUME));
  LullChart *calendar = LULL_CHART (lull_chart_new (LULL_CHART_KIND_CALENDAR));
  GtkWidget *table, *calendar_table, *box;
  GtkWindow *window;
  GListModel *rows;
  g_autoptr(LullChartRow) row = NULL;
  g_autofree char *day = lull_charts_format_day (20000, TRUE);
  char *problem;

  lull_chart_set_title (chart, "Milk Each Day");
  lull_chart_set_points (chart, points, G_N_ELEMENTS (points), LULL_CHART_X_DAY);
  table = lull_chart_table_new (chart);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (chart));
  gtk_box_append (GTK_BOX (box), table);
  window = window_with (box);

  /* The point with neither a value nor an average is left out, as on the
   * chart. */
  rows = lull_chart_get_rows (chart);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 4);
  g_assert_cmpuint (n_rows (table), ==, 4);
  row = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (lull_chart_row_get_label (row), ==, day);
  g_assert_cmpstr (lull_chart_row_get_value (row), ==, "410");
  g_assert_cmpstr (lull_chart_row_get_detail (row), ==, "410");
  g_clear_object (&row);
  row = g_list_model_get_item (rows, 2);
  g_assert_cmpstr (lull_chart_row_get_value (row), ==, "None noted");
  g_clear_object (&row);

  g_assert_cmpstr (gtk_column_view_column_get_title (column (table, 0)), ==, "Day");
  g_assert_cmpstr (gtk_column_view_column_get_title (column (table, 1)), ==, "Volume (mL)");
  g_assert_cmpstr (gtk_column_view_column_get_title (column (table, 2)), ==, "7-Day Average (mL)");
  g_assert_true (gtk_column_view_column_get_visible (column (table, 2)));
  problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (table),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL, "Milk Each Day");
  g_assert_null (problem);

  lull_chart_set_volume_unit (chart, "us-fl-oz");
  g_assert_cmpstr (gtk_column_view_column_get_title (column (table, 1)), ==, "Volume (fl oz)");
  row = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (lull_chart_row_get_value (row), ==, "13.9");
  g_clear_object (&row);

  /* New data, fewer rows; no averages, no third column. */
  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    points[i].median = NAN;
  lull_chart_set_points (chart, points, 2, LULL_CHART_X_DAY);
  g_assert_cmpuint (n_rows (table), ==, 2);
  g_assert_false (gtk_column_view_column_get_visible (column (table, 2)));

  /* The calendar: a row a day, its notes in words. */
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    lull_charts_date_from_day (20000 + i, &days[i].date);
  lull_chart_set_days (calendar, days, G_N_ELEMENTS (days));
  calendar_table = lull_chart_table_new (calendar);
  gtk_box_append (GTK_BOX (box), calendar_table);
  lull_test_iterate ();
  g_assert_cmpuint (n_rows (calendar_table), ==, G_N_ELEMENTS (days));
  g_assert_cmpstr (gtk_column_view_column_get_title (column (calendar_table, 1)), ==, "Sessions");
  row = g_list_model_get_item (lull_chart_get_rows (calendar), 0);
  g_assert_cmpstr (lull_chart_row_get_value (row), ==, "2");
  g_assert_cmpstr (lull_chart_row_get_detail (row), ==, "Part of a streak");
  g_clear_object (&row);
  row = g_list_model_get_item (lull_chart_get_rows (calendar), 1);
  g_assert_cmpstr (lull_chart_row_get_detail (row), ==, "Rest day");

  gtk_window_destroy (window);
  lull_test_iterate ();
}

static gboolean
visible (GtkWidget     *widget,
         gconstpointer  data)
{
  return gtk_widget_is_visible (widget);
}

/* The card's toggle switches between the chart and its table, and says
 * so as its pressed state. */
static void
test_card (void)
{
  LullChartPoint points[] = { { 1, 2, NAN }, { 2, 3, NAN }, { 3, 1, NAN } };
  GtkWidget *chart = lull_chart_new (LULL_CHART_KIND_LETDOWNS);
  GtkWidget *card = lull_chart_card_new (LULL_CHART (chart));
  GtkWindow *window = window_with (card);
  GtkWidget *toggle = lull_test_find_widget (card, GTK_TYPE_TOGGLE_BUTTON, visible, NULL);
  GtkWidget *table = lull_chart_card_get_table (LULL_CHART_CARD (card));

  lull_chart_set_title (LULL_CHART (chart), "Let-Downs Each Session");
  lull_chart_set_points (LULL_CHART (chart), points, G_N_ELEMENTS (points), LULL_CHART_X_SESSION);
  lull_test_iterate ();

  g_assert_nonnull (toggle);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (toggle)), ==, "Show as Table");
  g_assert_true (lull_chart_card_get_chart (LULL_CHART_CARD (card)) == LULL_CHART (chart));
  g_assert_true (gtk_widget_get_mapped (chart));
  g_assert_false (gtk_widget_get_mapped (table));
  g_assert_cmpuint (n_rows (table), ==, G_N_ELEMENTS (points));

  g_signal_emit_by_name (toggle, "clicked");
  lull_test_iterate ();
  g_assert_true (lull_chart_card_get_show_table (LULL_CHART_CARD (card)));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  g_assert_true (gtk_widget_get_mapped (table));
  g_assert_false (gtk_widget_get_mapped (chart));

  g_assert_true (gtk_widget_activate_action (card, "chart-card.show-table", NULL));
  lull_test_iterate ();
  g_assert_false (lull_chart_card_get_show_table (LULL_CHART_CARD (card)));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  g_assert_true (gtk_widget_get_mapped (chart));

  lull_chart_card_set_show_table (LULL_CHART_CARD (card), TRUE);
  lull_test_iterate ();
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));

  gtk_window_destroy (window);
  lull_test_iterate ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dir = NULL;
  char *app_argv[] = { (char *)"lull", (char *)"--data-dir", NULL, NULL };
  int status;

  /* The words are checked in English. */
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  /* GTK's test context keeps the accessible properties for reading back,
   * and, like "none", talks to no accessibility bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);

  g_test_init (&argc, &argv, NULL);

  font = pango_font_description_from_string ("Sans 10");

  g_test_add_func ("/charts/helpers", test_helpers);
  g_test_add_func ("/charts/first-letdown-median", test_first_letdown_median);
  g_test_add_func ("/charts/letdown-bars", test_letdown_bars);
  g_test_add_func ("/charts/daily-volume", test_daily_volume);
  g_test_add_func ("/charts/empty", test_empty);
  g_test_add_func ("/charts/one-point", test_one_point);
  g_test_add_func ("/charts/extremes", test_extremes);
  g_test_add_func ("/charts/calendar", test_calendar);
  g_test_add_func ("/charts/large-text", test_large_text);
  g_test_add_func ("/charts/dark", test_dark);
  g_test_add_func ("/charts/pictures", test_pictures);
  g_test_add_func ("/charts/widget-accessible", test_widget_accessible);
  g_test_add_func ("/charts/widget-colors", test_widget_colors);
  g_test_add_func ("/charts/table", test_table);
  g_test_add_func ("/charts/card", test_card);

  data_dir = g_dir_make_tmp ("lull-ui-charts-XXXXXX", NULL);
  app_argv[2] = data_dir;

  app = lull_application_new ();
  status = lull_test_run_in_application (G_APPLICATION (app), 3, app_argv);
  g_assert_finalize_object (app);
  pango_font_description_free (font);

  return status;
}
