/* lull-progress-page.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "lull-chart-card.h"
#include "lull-chart.h"
#include "lull-charts.h"
#include "lull-progress-page.h"

/* The History window's Progress page: four charts of the conditioning
 * (time to the first let-down with its rolling median, let-downs a
 * session, daily volume with its 7-day average, and a calendar of the
 * streak), for 2 weeks, 3 months or all time. The numbers come from
 * LullStats, aggregated before they are drawn; each chart says in words
 * what it shows, and each has a table with the same numbers.
 *
 * It encourages and never grades: the words give the range, the latest
 * value and where the range began, and nothing else. With "Hide amounts"
 * on, the volume chart is not there at all. */


struct _LullProgressPage
{
  GtkWidget        parent_instance;

  LullApplication *application;
  LullStatsRange   range;
  guint            update_source;

  GtkWidget       *box;
  GtkToggleButton *range_buttons[3];
  GtkWidget       *cards[4];
  LullChart       *charts[4];
};

G_DEFINE_FINAL_TYPE (LullProgressPage, lull_progress_page, GTK_TYPE_WIDGET)

enum { FIRST_LETDOWN, LETDOWNS, VOLUME, CALENDAR };

static char *
range_text (const GDate *first,
            const GDate *last)
{
  g_autofree char *from = lull_charts_format_day (lull_charts_day_from_date (first), TRUE);
  g_autofree char *to = lull_charts_format_day (lull_charts_day_from_date (last), TRUE);

  /* Translators: a range of dates: “From 18 November to 1 December.” */
  return g_strdup_printf (_("From %s to %s."), from, to);
}

static double
first_number (const LullChartPoint *points,
              guint                 n,
              gboolean              median)
{
  for (guint i = 0; i < n; i++)
    {
      double value = median ? points[i].median : points[i].value;

      if (!isnan (value))
        return value;
    }
  return NAN;
}

static double
last_number (const LullChartPoint *points,
             guint                 n,
             gboolean              median)
{
  for (guint i = n; i > 0; i--)
    {
      double value = median ? points[i - 1].median : points[i - 1].value;

      if (!isnan (value))
        return value;
    }
  return NAN;
}

static void
range_dates (LullProgressPage *self,
             GDateTime        *now,
             LullRecord      **records,
             guint             n_records,
             GDate            *first,
             GDate            *last)
{
  g_date_clear (last, 1);
  g_date_set_dmy (last, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  *first = *last;

  switch (self->range)
    {
    case LULL_STATS_RANGE_TWO_WEEKS:
      g_date_subtract_days (first, 13);
      break;

    case LULL_STATS_RANGE_THREE_MONTHS:
      g_date_subtract_days (first, 91);
      break;

    case LULL_STATS_RANGE_ALL_TIME:
    default:
      g_date_subtract_days (first, 13);
      if (n_records > 0)
        {
          GDate oldest = lull_record_get_local_date (records[0]);

          if (g_date_compare (&oldest, first) < 0)
            *first = oldest;
        }
      break;
    }
}

static void
update_first_letdown_and_letdowns (LullProgressPage *self,
                                   LullRecord      **records,
                                   guint             n_records,
                                   GDateTime        *now,
                                   GArray           *buckets,
                                   const char       *range)
{
  g_autoptr(GArray) firsts = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autofree char *first_summary = NULL;
  g_autofree char *count_summary = NULL;
  LullChartXKind x_kind;
  double total = 0;
  guint n_counted = 0;

  if (self->range == LULL_STATS_RANGE_TWO_WEEKS)
    {
      /* Few enough to show each session. */
      g_autoptr(GArray) sessions = lull_stats_get_sessions (records, n_records, self->range, now);

      x_kind = LULL_CHART_X_SESSION;
      firsts = g_array_new (FALSE, FALSE, sizeof (LullChartPoint));
      counts = g_array_new (FALSE, FALSE, sizeof (LullChartPoint));
      for (guint i = 0; i < sessions->len; i++)
        {
          const LullStatsSession *session = &g_array_index (sessions, LullStatsSession, i);
          LullChartPoint first = {
            .x = i + 1,
            .value = session->first_letdown == LULL_STATS_NO_LETDOWN ? NAN : session->first_letdown,
            .median = session->first_letdown_median,
          };
          LullChartPoint count = { .x = i + 1, .value = session->n_letdowns, .median = NAN };

          g_array_append_val (firsts, first);
          g_array_append_val (counts, count);
        }
    }
  else
    {
      /* A point a day or a week: its median, with the rolling median of
       * the points as the line (both from LullStats). */
      x_kind = LULL_CHART_X_DAY;
      firsts = lull_charts_points_from_stats (buckets, LULL_CHARTS_SERIES_FIRST_LETDOWN);
      counts = lull_charts_points_from_stats (buckets, LULL_CHARTS_SERIES_LETDOWNS);
    }

  lull_chart_set_points (self->charts[FIRST_LETDOWN], (const LullChartPoint *)firsts->data,
                         firsts->len, x_kind);
  lull_chart_set_points (self->charts[LETDOWNS], (const LullChartPoint *)counts->data,
                         counts->len, x_kind);

  {
    double latest = last_number ((const LullChartPoint *)firsts->data, firsts->len, TRUE);
    double earliest = first_number ((const LullChartPoint *)firsts->data, firsts->len, TRUE);

    if (isnan (latest))
      first_summary = g_strdup_printf ("%s %s", range, _("No let-down is marked in this range yet."));
    else
      {
        g_autofree char *latest_text = lull_charts_format_seconds (latest);
        g_autofree char *earliest_text = lull_charts_format_seconds (earliest);

        /* Translators: the first %s is a range of dates; the others are times
         * such as “1 min 40 s”. */
        first_summary = g_strdup_printf (_("%s Time to the first let-down, as a median of the "
                                           "last sessions: %s now, %s at the start of the "
                                           "range."),
                                         range, latest_text, earliest_text);
      }
  }

  for (guint i = 0; i < counts->len; i++)
    if (!isnan (g_array_index (counts, LullChartPoint, i).value))
      {
        total += g_array_index (counts, LullChartPoint, i).value;
        n_counted++;
      }
  if (n_counted == 0)
    count_summary = g_strdup_printf ("%s %s", range, _("No sessions in this range yet."));
  else
    /* Translators: %s is a range of dates, then an average such as 1.8 */
    count_summary = g_strdup_printf (_("%s On average %.1f let-downs a session."),
                                     range, total / n_counted);

  lull_chart_set_summary (self->charts[FIRST_LETDOWN], first_summary);
  lull_chart_set_summary (self->charts[LETDOWNS], count_summary);
}

static void
update_volume (LullProgressPage *self,
               GArray           *buckets,
               const char       *range)
{
  g_autoptr(GArray) days = lull_charts_points_from_stats (buckets, LULL_CHARTS_SERIES_VOLUME);
  g_autofree char *unit = g_settings_get_string (lull_application_get_settings (self->application),
                                                 "volume-unit");
  gboolean fl_oz = g_str_equal (unit, "us-fl-oz");
  const char *unit_label = fl_oz ? _("fl oz") : _("mL");
  double unit_per_ml = fl_oz ? 1 / LULL_ML_PER_US_FL_OZ : 1;
  g_autofree char *summary = NULL;
  double latest;

  lull_chart_set_volume_unit (self->charts[VOLUME], fl_oz ? "us-fl-oz" : "ml");
  lull_chart_set_points (self->charts[VOLUME], (const LullChartPoint *)days->data, days->len,
                         LULL_CHART_X_DAY);

  latest = last_number ((const LullChartPoint *)days->data, days->len, TRUE);
  if (isnan (latest))
    summary = g_strdup_printf ("%s %s", range, _("No volume is noted in this range yet."));
  else
    {
      g_autofree char *amount = lull_charts_format_volume (latest, unit_label, unit_per_ml);

      /* Translators: %s is a range of dates, then an amount such as “410 mL” */
      summary = g_strdup_printf (_("%s The average of the last 7 days: %s a day."), range, amount);
    }
  lull_chart_set_summary (self->charts[VOLUME], summary);
}

static void
update_calendar (LullProgressPage *self,
                 LullRecord      **records,
                 guint             n_records,
                 GDateTime        *now,
                 const GDate      *first,
                 const GDate      *last,
                 const char       *range)
{
  guint goal = (guint)g_settings_get_int (lull_application_get_settings (self->application),
                                          "daily-goal");
  g_autoptr(GArray) stats_days = lull_stats_get_days (records, n_records, goal, first, last, now);
  g_autoptr(GArray) days = lull_charts_days_from_stats (stats_days);
  g_autofree char *summary = NULL;
  guint n_sessions = 0, n_days = 0, n_rest = 0;

  for (guint i = 0; i < stats_days->len; i++)
    {
      const LullStatsDay *stats_day = &g_array_index (stats_days, LullStatsDay, i);

      n_sessions += stats_day->n_sessions;
      n_days += stats_day->n_sessions > 0;
      n_rest += stats_day->rest_day;
    }
  lull_chart_set_days (self->charts[CALENDAR], (const LullChartDay *)days->data, days->len);

  /* Translators: %s is a range of dates; then sessions, days with a session
   * and rest days, e.g. “40 sessions on 14 days, 1 rest day.” */
  summary = g_strdup_printf (_("%s %u sessions on %u days, %u rest days."),
                             range, n_sessions, n_days, n_rest);
  lull_chart_set_summary (self->charts[CALENDAR], summary);
}

static gboolean
update (gpointer user_data)
{
  LullProgressPage *self = user_data;
  LullHistory *history = lull_application_get_history (self->application);
  GSettings *settings = lull_application_get_settings (self->application);
  g_autoptr(GPtrArray) collected = lull_stats_collect (lull_history_get_records (history));
  LullRecord **records = (LullRecord **)collected->pdata;
  g_autoptr(GDateTime) now = lull_clock_get_now (lull_application_get_clock (self->application));
  g_autoptr(GArray) buckets = NULL;
  g_autofree char *range = NULL;
  GDate first, last;

  self->update_source = 0;

  range_dates (self, now, records, collected->len, &first, &last);
  range = range_text (&first, &last);
  buckets = lull_stats_get_chart ((LullRecord * const *)records, collected->len, self->range, now);

  update_first_letdown_and_letdowns (self, records, collected->len, now, buckets, range);
  update_calendar (self, records, collected->len, now, &first, &last, range);

  /* No amount anywhere with "Hide amounts" on. */
  gtk_widget_set_visible (self->cards[VOLUME], !g_settings_get_boolean (settings, "hide-amounts"));
  if (gtk_widget_get_visible (self->cards[VOLUME]))
    update_volume (self, buckets, range);

  return G_SOURCE_REMOVE;
}

static void
queue_update (LullProgressPage *self)
{
  if (self->update_source == 0)
    self->update_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, update, self, NULL);
}

static void
on_range_toggled (GtkToggleButton  *button,
                  LullProgressPage *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (self->range_buttons); i++)
    if (self->range_buttons[i] == button)
      lull_progress_page_set_range (self, (LullStatsRange)i);
}

static GtkWidget *
add_card (LullProgressPage *self,
          guint             index,
          LullChartKind     kind,
          const char       *title)
{
  LullChart *chart = LULL_CHART (lull_chart_new (kind));
  GtkWidget *card;

  lull_chart_set_title (chart, title);
  card = lull_chart_card_new (chart);
  self->charts[index] = chart;
  self->cards[index] = card;
  gtk_box_append (GTK_BOX (self->box), card);

  return card;
}

static void
lull_progress_page_dispose (GObject *object)
{
  LullProgressPage *self = LULL_PROGRESS_PAGE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->update_source, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lull_progress_page_parent_class)->dispose (object);
}

static void
lull_progress_page_class_init (LullProgressPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lull_progress_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lull_progress_page_init (LullProgressPage *self)
{
  const char *range_labels[] = { N_("2 Weeks"), N_("3 Months"), N_("All Time") };
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *ranges = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  self->range = LULL_STATS_RANGE_TWO_WEEKS;
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (self->box, 18);
  gtk_widget_set_margin_bottom (self->box, 18);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);

  gtk_widget_set_halign (ranges, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (ranges, "linked");
  gtk_widget_add_css_class (ranges, "choice");
  gtk_accessible_update_property (GTK_ACCESSIBLE (ranges),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Range"), -1);
  for (guint i = 0; i < G_N_ELEMENTS (range_labels); i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (_(range_labels[i]));

      self->range_buttons[i] = GTK_TOGGLE_BUTTON (button);
      if (i > 0)
        gtk_toggle_button_set_group (self->range_buttons[i], self->range_buttons[0]);
      g_signal_connect (button, "toggled", G_CALLBACK (on_range_toggled), self);
      gtk_box_append (GTK_BOX (ranges), button);
    }
  gtk_toggle_button_set_active (self->range_buttons[0], TRUE);
  gtk_box_append (GTK_BOX (self->box), ranges);

  add_card (self, FIRST_LETDOWN, LULL_CHART_KIND_FIRST_LETDOWN, _("Time to the First Let-Down"));
  add_card (self, LETDOWNS, LULL_CHART_KIND_LETDOWNS, _("Let-Downs a Session"));
  add_card (self, VOLUME, LULL_CHART_KIND_DAILY_VOLUME, _("Volume a Day"));
  add_card (self, CALENDAR, LULL_CHART_KIND_CALENDAR, _("Sessions a Day"));

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_widget_set_parent (scroller, GTK_WIDGET (self));
}

/* The "progress-range" setting's words, in LullStatsRange's order. */
static const char * const range_names[] = { "two-weeks", "three-months", "all-time" };

static LullStatsRange
range_from_name (char *name)
{
  g_autofree char *owned = name;

  for (guint i = 0; i < G_N_ELEMENTS (range_names); i++)
    if (g_str_equal (owned, range_names[i]))
      return (LullStatsRange)i;

  return LULL_STATS_RANGE_TWO_WEEKS;
}

/**
 * lull_progress_page_new:
 *
 * The charts of @application's history; they follow its changes and the
 * volume unit, daily goal and "hide-amounts" settings.
 */
GtkWidget *
lull_progress_page_new (LullApplication *application)
{
  LullProgressPage *self;
  GSettings *settings;

  g_return_val_if_fail (LULL_IS_APPLICATION (application), NULL);

  self = g_object_new (LULL_TYPE_PROGRESS_PAGE, NULL);
  settings = lull_application_get_settings (application);
  /* The range chosen last, before the first update (which it sets). */
  lull_progress_page_set_range (self, range_from_name (g_settings_get_string (settings,
                                                                             "progress-range")));
  self->application = application;

  g_signal_connect_object (lull_history_get_records (lull_application_get_history (application)),
                           "items-changed", G_CALLBACK (queue_update), self, G_CONNECT_SWAPPED);
  for (const char * const *key = (const char *[]) { "changed::hide-amounts", "changed::volume-unit",
                                                    "changed::daily-goal", NULL };
       *key != NULL; key++)
    g_signal_connect_object (settings, *key, G_CALLBACK (queue_update), self, G_CONNECT_SWAPPED);

  update (self);

  return GTK_WIDGET (self);
}

LullStatsRange
lull_progress_page_get_range (LullProgressPage *self)
{
  g_return_val_if_fail (LULL_IS_PROGRESS_PAGE (self), LULL_STATS_RANGE_TWO_WEEKS);

  return self->range;
}

void
lull_progress_page_set_range (LullProgressPage *self,
                              LullStatsRange    range)
{
  g_return_if_fail (LULL_IS_PROGRESS_PAGE (self));
  g_return_if_fail (range <= LULL_STATS_RANGE_ALL_TIME);

  gtk_toggle_button_set_active (self->range_buttons[range], TRUE);
  if (self->range == range)
    return;

  self->range = range;
  if (self->application != NULL)
    {
      g_settings_set_string (lull_application_get_settings (self->application),
                             "progress-range", range_names[range]);
      g_clear_handle_id (&self->update_source, g_source_remove);
      update (self);
    }
}
