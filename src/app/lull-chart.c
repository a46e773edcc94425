/* lull-chart.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lull-chart.h"

/* One chart of the history as a widget: it keeps a copy of the data,
 * paints it with the functions of lull-charts.c in the colours and font of
 * its style, and gives the same numbers to a screen reader twice: its
 * accessible description (the caller's summary) and a table.
 *
 * Nothing moves: a chart is redrawn, never animated, so it needs no
 * reduced-motion case. */

#define MIN_WIDTH       160
#define MIN_HEIGHT      160
#define NATURAL_WIDTH   360
#define NATURAL_HEIGHT  200

struct _LullChartRow
{
  GObject  parent_instance;

  char    *label;
  char    *value;
  char    *detail;
};

G_DEFINE_FINAL_TYPE (LullChartRow, lull_chart_row, G_TYPE_OBJECT)

struct _LullChart
{
  GtkWidget       parent_instance;

  LullChartKind   kind;
  char           *title;
  char           *summary;
  char           *volume_unit;
  LullChartXKind  x_kind;
  GDateWeekday    first_weekday;
  GArray         *points;
  GArray         *days;
  GListStore     *rows;
};

G_DEFINE_FINAL_TYPE (LullChart, lull_chart, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (LullChartKind, lull_chart_kind,
                    G_DEFINE_ENUM_VALUE (LULL_CHART_KIND_FIRST_LETDOWN, "first-letdown"),
                    G_DEFINE_ENUM_VALUE (LULL_CHART_KIND_LETDOWNS, "letdowns"),
                    G_DEFINE_ENUM_VALUE (LULL_CHART_KIND_DAILY_VOLUME, "daily-volume"),
                    G_DEFINE_ENUM_VALUE (LULL_CHART_KIND_CALENDAR, "calendar"))

enum {
  PROP_0,
  PROP_KIND,
  PROP_TITLE,
  PROP_SUMMARY,
  PROP_VOLUME_UNIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  COLUMN_LABEL,
  COLUMN_VALUE,
  COLUMN_DETAIL,
  N_COLUMNS
};

static void
lull_chart_row_finalize (GObject *object)
{
  LullChartRow *self = LULL_CHART_ROW (object);

  g_free (self->label);
  g_free (self->value);
  g_free (self->detail);

  G_OBJECT_CLASS (lull_chart_row_parent_class)->finalize (object);
}

static void
lull_chart_row_class_init (LullChartRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lull_chart_row_finalize;
}

static void
lull_chart_row_init (LullChartRow *self)
{
}

/* Takes the three strings. */
static LullChartRow *
lull_chart_row_new (char *label,
                    char *value,
                    char *detail)
{
  LullChartRow *self = g_object_new (LULL_TYPE_CHART_ROW, NULL);

  self->label = label;
  self->value = value;
  self->detail = detail;

  return self;
}

const char *
lull_chart_row_get_label (LullChartRow *self)
{
  g_return_val_if_fail (LULL_IS_CHART_ROW (self), NULL);
  return self->label;
}

const char *
lull_chart_row_get_value (LullChartRow *self)
{
  g_return_val_if_fail (LULL_IS_CHART_ROW (self), NULL);
  return self->value;
}

const char *
lull_chart_row_get_detail (LullChartRow *self)
{
  g_return_val_if_fail (LULL_IS_CHART_ROW (self), NULL);
  return self->detail;
}

/* g_set_str() is GLib 2.76. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static double
volume_unit (LullChart   *self,
             const char **label)
{
  if (g_strcmp0 (self->volume_unit, "us-fl-oz") == 0)
    {
      /* Translators: US fluid ounces, the unit on a chart. */
      *label = _("fl oz");
      return 1 / LULL_ML_PER_US_FL_OZ;
    }

  /* Translators: millilitres, the unit on a chart. */
  *label = _("mL");
  return 1;
}

static char *
format_value (LullChart *self,
              double     value,
              gboolean   median)
{
  const char *unit;

  if (!isfinite (value))
    return g_strdup (median ? "—" : _("None noted"));

  switch (self->kind)
    {
    case LULL_CHART_KIND_FIRST_LETDOWN:
      return lull_charts_format_seconds (value);

    case LULL_CHART_KIND_DAILY_VOLUME:
      return lull_charts_format_volume (value, NULL, volume_unit (self, &unit));

    case LULL_CHART_KIND_LETDOWNS:
    case LULL_CHART_KIND_CALENDAR:
    default:
      return g_strdup_printf ("%.*f", median ? 1 : 0, value);
    }
}

static char *
format_x (LullChart *self,
          gint64     x)
{
  if (self->x_kind == LULL_CHART_X_DAY || self->kind == LULL_CHART_KIND_DAILY_VOLUME)
    return lull_charts_format_day (x, TRUE);

  return g_strdup_printf (_("Session %d"), (int) CLAMP (x, G_MININT, G_MAXINT));
}

static char *
day_notes (const LullChartDay *day)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new_null_terminated (3, NULL, TRUE);

  if (day->rest_day)
    g_ptr_array_add (notes, (gpointer) _("Rest day"));
  if (day->in_streak)
    g_ptr_array_add (notes, (gpointer) _("Part of a streak"));
  if (day->met_goal)
    g_ptr_array_add (notes, (gpointer) _("Goal reached"));

  /* Translators: between the notes of one day in a chart's table. */
  return g_strjoinv (C_("notes separator", ", "), (char **) notes->pdata);
}

/* One row a point or day that the chart draws, in the same order. */
static void
update_rows (LullChart *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->kind == LULL_CHART_KIND_CALENDAR)
    for (guint i = 0; i < self->days->len; i++)
      {
        const LullChartDay *day = &g_array_index (self->days, LullChartDay, i);

        if (!g_date_valid (&day->date))
          continue;
        g_ptr_array_add (rows, lull_chart_row_new (lull_charts_format_day (lull_charts_day_from_date (&day->date), TRUE),
                                                   g_strdup_printf ("%u", day->n),
                                                   day_notes (day)));
      }
  else
    for (guint i = 0; i < self->points->len; i++)
      {
        const LullChartPoint *point = &g_array_index (self->points, LullChartPoint, i);

        if (!isfinite (point->value) && !isfinite (point->median))
          continue;
        g_ptr_array_add (rows, lull_chart_row_new (format_x (self, point->x),
                                                   format_value (self, point->value, FALSE),
                                                   isfinite (point->median)
                                                   ? format_value (self, point->median, TRUE)
                                                   : g_strdup ("")));
      }

  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       rows->pdata, rows->len);
}

static void
changed (LullChart *self)
{
  /* The rows are made only once a table or a test has asked for them. */
  if (self->rows != NULL)
    update_rows (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
on_card (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (gtk_widget_has_css_class (widget, "card"))
      return TRUE;

  return FALSE;
}

/* @over painted on @under. */
static GdkRGBA
composite (const GdkRGBA *over,
           const GdkRGBA *under)
{
  return (GdkRGBA) {
    over->red * over->alpha + under->red * (1 - over->alpha),
    over->green * over->alpha + under->green * (1 - over->alpha),
    over->blue * over->alpha + under->blue * (1 - over->alpha),
    1,
  };
}

/**
 * lull_chart_get_style:
 *
 * Fills @style with the widget's colours now: its text colour, the accent
 * colour and the background it stands on (a card's, when it is in one),
 * which follow dark mode and high contrast; and its Pango context, which
 * follows large text. The context stays the widget's.
 */
void
lull_chart_get_style (LullChart      *self,
                      LullChartStyle *style)
{
  GtkStyleContext *context;
  GdkRGBA color, card;

  g_return_if_fail (LULL_IS_CHART (self));
  g_return_if_fail (style != NULL);

  context = gtk_widget_get_style_context (GTK_WIDGET (self));
  lull_charts_style_init (style, FALSE);
  gtk_style_context_get_color (context, &style->foreground);
  if (gtk_style_context_lookup_color (context, "accent_color", &color))
    style->accent = color;
  if (gtk_style_context_lookup_color (context, "window_bg_color", &color))
    style->background = color;
  /* libadwaita's dark cards are a veil of white over the window. */
  if (on_card (GTK_WIDGET (self))
      && gtk_style_context_lookup_color (context, "card_bg_color", &card))
    style->background = composite (&card, &style->background);
  style->muted = style->foreground;
  style->muted.alpha *= 0.5;
  style->pango_context = gtk_widget_get_pango_context (GTK_WIDGET (self));
}

/**
 * lull_chart_draw:
 *
 * Draws the chart's data onto @cr with @style, in @width by @height: what
 * the widget paints, and what a PDF page can hold.
 */
void
lull_chart_draw (LullChart            *self,
                 cairo_t              *cr,
                 double                width,
                 double                height,
                 const LullChartStyle *style)
{
  const LullChartPoint *points;
  const char *unit;
  double factor;

  g_return_if_fail (LULL_IS_CHART (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  points = (const LullChartPoint *) self->points->data;
  switch (self->kind)
    {
    case LULL_CHART_KIND_FIRST_LETDOWN:
      lull_charts_draw_first_letdown (cr, width, height, style, points, self->points->len,
                                      self->x_kind);
      break;

    case LULL_CHART_KIND_LETDOWNS:
      lull_charts_draw_letdowns (cr, width, height, style, points, self->points->len,
                                 self->x_kind);
      break;

    case LULL_CHART_KIND_DAILY_VOLUME:
      factor = volume_unit (self, &unit);
      lull_charts_draw_daily_volume (cr, width, height, style, points, self->points->len,
                                     unit, factor);
      break;

    case LULL_CHART_KIND_CALENDAR:
    default:
      lull_charts_draw_calendar (cr, width, height, style,
                                 (const LullChartDay *) self->days->data, self->days->len,
                                 self->first_weekday);
      break;
    }
}

static void
lull_chart_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  LullChart *self = LULL_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  LullChartStyle style;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  lull_chart_get_style (self, &style);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  lull_chart_draw (self, cr, width, height, &style);
  cairo_destroy (cr);
}

static void
lull_chart_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "0");
  int line;

  /* Room for a few grid lines and the labels, more with large text. */
  pango_layout_get_pixel_size (layout, NULL, &line);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum = MAX (MIN_HEIGHT, line * 8);
      *natural = MAX (NATURAL_HEIGHT, line * 10);
    }
  else
    {
      *minimum = MAX (MIN_WIDTH, line * 8);
      *natural = MAX (NATURAL_WIDTH, line * 18);
    }
}

/* The named colours change with dark mode and high contrast without any
 * property of the widget's own CSS changing, so GTK would not redraw it.
 * (A new CSS font is a change of size, which GTK handles.) */
static void
lull_chart_css_changed (GtkWidget         *widget,
                        GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (lull_chart_parent_class)->css_changed (widget, change);

  gtk_widget_queue_draw (widget);
}

/* Large text and a new font come as the DPI and font settings: the labels
 * and the room they need change. */
static void
lull_chart_system_setting_changed (GtkWidget        *widget,
                                   GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (lull_chart_parent_class)->system_setting_changed (widget, setting);

  gtk_widget_queue_resize (widget);
}

static void
on_scale_factor_changed (GtkWidget  *widget,
                         GParamSpec *pspec,
                         gpointer    user_data)
{
  gtk_widget_queue_draw (widget);
}

static void
lull_chart_finalize (GObject *object)
{
  LullChart *self = LULL_CHART (object);

  g_free (self->title);
  g_free (self->summary);
  g_free (self->volume_unit);
  g_array_unref (self->points);
  g_array_unref (self->days);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (lull_chart_parent_class)->finalize (object);
}

static void
lull_chart_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LullChart *self = LULL_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    case PROP_VOLUME_UNIT:
      g_value_set_string (value, self->volume_unit);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_chart_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LullChart *self = LULL_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_TITLE:
      lull_chart_set_title (self, g_value_get_string (value));
      break;

    case PROP_SUMMARY:
      lull_chart_set_summary (self, g_value_get_string (value));
      break;

    case PROP_VOLUME_UNIT:
      lull_chart_set_volume_unit (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_chart_class_init (LullChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lull_chart_finalize;
  object_class->get_property = lull_chart_get_property;
  object_class->set_property = lull_chart_set_property;

  widget_class->snapshot = lull_chart_snapshot;
  widget_class->measure = lull_chart_measure;
  widget_class->css_changed = lull_chart_css_changed;
  widget_class->system_setting_changed = lull_chart_system_setting_changed;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       LULL_TYPE_CHART_KIND, LULL_CHART_KIND_FIRST_LETDOWN,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_VOLUME_UNIT] =
    g_param_spec_string ("volume-unit", NULL, NULL,
                         "ml",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LullChart::changed:
   *
   * The data, the title or the unit changed: what the table shows.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lull_chart_init (LullChart *self)
{
  self->volume_unit = g_strdup ("ml");
  self->first_weekday = lull_charts_get_first_weekday ();
  self->points = g_array_new (FALSE, FALSE, sizeof (LullChartPoint));
  self->days = g_array_new (FALSE, FALSE, sizeof (LullChartDay));

  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (on_scale_factor_changed), NULL);
}

GtkWidget *
lull_chart_new (LullChartKind kind)
{
  return g_object_new (LULL_TYPE_CHART, "kind", kind, NULL);
}

LullChartKind
lull_chart_get_kind (LullChart *self)
{
  g_return_val_if_fail (LULL_IS_CHART (self), LULL_CHART_KIND_FIRST_LETDOWN);
  return self->kind;
}

const char *
lull_chart_get_title (LullChart *self)
{
  g_return_val_if_fail (LULL_IS_CHART (self), NULL);
  return self->title;
}

void
lull_chart_set_title (LullChart  *self,
                      const char *title)
{
  g_return_if_fail (LULL_IS_CHART (self));

  if (!set_string (&self->title, title))
    return;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  g_signal_emit (self, signals[CHANGED], 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
lull_chart_get_summary (LullChart *self)
{
  g_return_val_if_fail (LULL_IS_CHART (self), NULL);
  return self->summary;
}

void
lull_chart_set_summary (LullChart  *self,
                        const char *summary)
{
  g_return_if_fail (LULL_IS_CHART (self));

  if (!set_string (&self->summary, summary))
    return;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

const char *
lull_chart_get_volume_unit (LullChart *self)
{
  g_return_val_if_fail (LULL_IS_CHART (self), NULL);
  return self->volume_unit;
}

void
lull_chart_set_volume_unit (LullChart  *self,
                            const char *volume_unit)
{
  g_return_if_fail (LULL_IS_CHART (self));

  if (volume_unit == NULL)
    volume_unit = "ml";
  if (!set_string (&self->volume_unit, volume_unit))
    return;

  if (self->kind == LULL_CHART_KIND_DAILY_VOLUME)
    changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME_UNIT]);
}

/**
 * lull_chart_set_points:
 * @points: (array length=n_points): sorted by x
 *
 * The data of a first let-down, let-downs or daily volume chart (see
 * lull-charts.c for what each value means). A point with neither a value
 * nor a median is left out of the chart and the table.
 */
void
lull_chart_set_points (LullChart            *self,
                       const LullChartPoint *points,
                       gsize                 n_points,
                       LullChartXKind        x_kind)
{
  g_return_if_fail (LULL_IS_CHART (self));
  g_return_if_fail (points != NULL || n_points == 0);

  g_array_set_size (self->points, 0);
  g_array_append_vals (self->points, points, n_points);
  self->x_kind = x_kind;
  changed (self);
}

/**
 * lull_chart_set_days:
 * @days: (array length=n_days)
 *
 * The data of a calendar chart. A day whose date is not valid is left out.
 */
void
lull_chart_set_days (LullChart          *self,
                     const LullChartDay *days,
                     gsize               n_days)
{
  g_return_if_fail (LULL_IS_CHART (self));
  g_return_if_fail (days != NULL || n_days == 0);

  g_array_set_size (self->days, 0);
  g_array_append_vals (self->days, days, n_days);
  changed (self);
}

/**
 * lull_chart_get_rows:
 *
 * Returns: (transfer none): a list of LullChartRow, one a point or day
 *   drawn, that changes with the data
 */
GListModel *
lull_chart_get_rows (LullChart *self)
{
  g_return_val_if_fail (LULL_IS_CHART (self), NULL);

  if (self->rows == NULL)
    {
      self->rows = g_list_store_new (LULL_TYPE_CHART_ROW);
      update_rows (self);
    }
  return G_LIST_MODEL (self->rows);
}

static char *
column_title (LullChart *self,
              guint      column)
{
  const char *unit;

  volume_unit (self, &unit);
  if (column == COLUMN_LABEL)
    {
      if (self->kind == LULL_CHART_KIND_CALENDAR || self->kind == LULL_CHART_KIND_DAILY_VOLUME
          || self->x_kind == LULL_CHART_X_DAY)
        return g_strdup (_("Day"));
      return g_strdup (_("Session"));
    }

  switch (self->kind)
    {
    case LULL_CHART_KIND_FIRST_LETDOWN:
      return g_strdup (column == COLUMN_VALUE ? _("Time to First Let-Down") : _("Typical Time (Median)"));

    case LULL_CHART_KIND_LETDOWNS:
      return g_strdup (column == COLUMN_VALUE ? _("Let-Downs") : _("Typical (Median)"));

    case LULL_CHART_KIND_DAILY_VOLUME:
      if (column == COLUMN_VALUE)
        /* Translators: a column of a table, with the unit of its numbers. */
        return g_strdup_printf (_("Volume (%s)"), unit);
      /* Translators: a column of a table, with the unit of its numbers. */
      return g_strdup_printf (_("7-Day Average (%s)"), unit);

    case LULL_CHART_KIND_CALENDAR:
    default:
      return g_strdup (column == COLUMN_VALUE ? _("Sessions") : _("Notes"));
    }
}

static gboolean
any_detail (LullChart *self)
{
  GListModel *rows = lull_chart_get_rows (self);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(LullChartRow) row = g_list_model_get_item (rows, i);

      if (row->detail[0] != '\0')
        return TRUE;
    }

  return FALSE;
}

static void
update_table (GtkColumnView *view,
              LullChart     *chart)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_autofree char *title = column_title (chart, i);

      gtk_column_view_column_set_title (column, title);
      if (i == COLUMN_DETAIL)
        gtk_column_view_column_set_visible (column, any_detail (chart));
    }

  if (chart->title != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, chart->title,
                                    -1);
}

static void
on_cell_setup (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (GPOINTER_TO_UINT (column) != COLUMN_LABEL)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
on_cell_bind (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  column)
{
  LullChartRow *row = gtk_list_item_get_item (item);
  const char *text;

  switch (GPOINTER_TO_UINT (column))
    {
    case COLUMN_LABEL:
      text = row->label;
      break;

    case COLUMN_VALUE:
      text = row->value;
      break;

    case COLUMN_DETAIL:
    default:
      text = row->detail;
      break;
    }
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

/**
 * lull_chart_table_new:
 *
 * Returns: (transfer floating): a GtkColumnView with the chart's numbers,
 *   a row a point or day and a titled column each for the day or session,
 *   the value and the median, average or notes (shown when any row has
 *   one); its accessible label is the chart's title
 */
GtkWidget *
lull_chart_table_new (LullChart *chart)
{
  GtkNoSelection *selection;
  GtkColumnView *view;

  g_return_val_if_fail (LULL_IS_CHART (chart), NULL);

  selection = gtk_no_selection_new (g_object_ref (lull_chart_get_rows (chart)));
  view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (selection)));
  gtk_widget_add_css_class (GTK_WIDGET (view), "data-table");

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind), GUINT_TO_POINTER (i));
      column = gtk_column_view_column_new (NULL, factory);
      gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (view, column);
    }

  update_table (view, chart);
  g_signal_connect_object (chart, "changed", G_CALLBACK (update_table), view, G_CONNECT_SWAPPED);

  return GTK_WIDGET (view);
}
