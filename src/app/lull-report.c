/* lull-report.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "lull-charts.h"
#include "lull-file.h"
#include "lull-log-page.h"
#include "lull-report.h"
#include "lull-stats.h"

/* The report is a column of blocks (a title, headings, paragraphs,
 * charts, notes) laid out once for a page size and a cairo context, then
 * drawn page by page: by GtkPrintOperation for the printer, and on a
 * cairo PDF surface for `lull --export-report`, which needs no display.
 * The charts are lull-charts.c's, the same as on screen, in the light
 * style. It states what the log holds and gives no advice. */

#define MARGIN          54.0   /* three quarters of an inch */
#define HEADER_HEIGHT   14.0
#define HEADER_GAP      16.0
#define FOOTER_HEIGHT   24.0
#define BLOCK_GAP        8.0
#define HEADING_SPACE   10.0   /* more room above a heading */
#define CHART_HEIGHT   150.0
#define FONT_FAMILY     "Cantarell, Sans"
#define FIRST_WEEK_DAYS  7

typedef enum
{
  BLOCK_TITLE,
  BLOCK_SUBTITLE,
  BLOCK_HEADING,
  BLOCK_TEXT,
  BLOCK_NOTE_DATE,    /* kept with the note after it */
  BLOCK_CHART,
} BlockKind;

typedef enum
{
  CHART_SESSIONS,
  CHART_VOLUME,
  CHART_FIRST_LETDOWN,
  CHART_LETDOWNS,
} ChartKind;

typedef struct
{
  BlockKind  kind;
  char      *text;
  ChartKind  chart;
  /* From the last pagination. */
  double     height;
  guint      page;
  double     y;
} Block;

struct _LullReport
{
  LullReportOptions options;
  char             *range_text;
  GArray           *blocks;
  GArray           *first_letdowns;   /* LullChartPoint */
  GArray           *letdowns;         /* LullChartPoint */
  GArray           *volumes;          /* LullChartPoint */
  GArray           *days;             /* LullChartDay */
  guint             n_pages;
  double            width;
  double            height;
};

/* --- Text ---------------------------------------------------------------- */

static void
block_clear (Block *block)
{
  g_free (block->text);
}

static void
add_block (LullReport *self,
           BlockKind   kind,
           char       *text)
{
  Block block = { .kind = kind, .text = text };

  g_array_append_val (self->blocks, block);
}

static void
add_chart (LullReport *self,
           const char *title,
           ChartKind   chart)
{
  Block block = { .kind = BLOCK_CHART, .chart = chart };

  add_block (self, BLOCK_HEADING, g_strdup (title));
  g_array_append_val (self->blocks, block);
}

static PangoFontDescription *
font_for (BlockKind kind)
{
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);

  switch (kind)
    {
    case BLOCK_TITLE:
      pango_font_description_set_size (font, 20 * PANGO_SCALE);
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      break;

    case BLOCK_HEADING:
      pango_font_description_set_size (font, 13 * PANGO_SCALE);
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      break;

    case BLOCK_NOTE_DATE:
      pango_font_description_set_size (font, 10 * PANGO_SCALE);
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      break;

    case BLOCK_SUBTITLE:
      pango_font_description_set_size (font, 12 * PANGO_SCALE);
      break;

    case BLOCK_TEXT:
    case BLOCK_CHART:
    default:
      pango_font_description_set_size (font, 10 * PANGO_SCALE);
      break;
    }

  return font;
}

/* Text in points: a context at 72 dots an inch, whatever the target. */
static PangoContext *
make_context (cairo_t *cr)
{
  PangoContext *context = pango_cairo_create_context (cr);

  pango_cairo_context_set_resolution (context, 72);
  return context;
}

static PangoLayout *
make_layout (PangoContext *context,
             BlockKind     kind,
             const char   *text,
             double        width)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = font_for (kind);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double)height / PANGO_SCALE;
}

/* --- Data ---------------------------------------------------------------- */

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *)a, y = *(const guint *)b;

  return x < y ? -1 : x > y;
}

static double
median_of (GArray *values)
{
  guint n = values->len;

  if (n == 0)
    return NAN;
  g_array_sort (values, compare_uint);
  if (n % 2 == 1)
    return g_array_index (values, guint, n / 2);
  return (g_array_index (values, guint, n / 2 - 1) + (double)g_array_index (values, guint, n / 2)) / 2;
}

static char *
format_volume (const LullReport *self,
               double            ml)
{
  return self->options.fl_oz
         ? lull_charts_format_volume (ml, _("fl oz"), 1 / LULL_ML_PER_US_FL_OZ)
         : lull_charts_format_volume (ml, _("mL"), 1);
}

typedef struct
{
  const char *name;
  guint       n;
} Count;

static int
compare_counts (gconstpointer a,
                gconstpointer b)
{
  const Count *x = a, *y = b;

  if (x->n != y->n)
    return x->n > y->n ? -1 : 1;
  return g_utf8_collate (x->name, y->name);
}

/* “Quick desk routine: 12 sessions”, one a line, most used first. */
static char *
format_counts (GHashTable *counts)
{
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (Count));
  g_autoptr(GString) text = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_array_append_val (sorted, ((Count) { key, GPOINTER_TO_UINT (value) }));
  g_array_sort (sorted, compare_counts);

  for (guint i = 0; i < sorted->len; i++)
    {
      const Count *count = &g_array_index (sorted, Count, i);

      if (i > 0)
        g_string_append_c (text, '\n');
      /* Translators: a routine or a cue, then how many sessions had it */
      g_string_append_printf (text, ngettext ("%s: %u session", "%s: %u sessions", count->n),
                              count->name, count->n);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
count_name (GHashTable *counts,
            const char *name)
{
  g_hash_table_insert (counts, (gpointer)name,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, name)) + 1));
}

static char *
format_date (const GDate *date)
{
  return lull_charts_format_day (lull_charts_day_from_date (date), TRUE);
}

static char *
summary_text (LullReport *self,
              guint       n_sessions,
              guint       n_session_days,
              double      volume_ml,
              guint       n_volume_days,
              GArray     *first_week,
              GArray     *last_week,
              GArray     *all_firsts,
              guint       n_letdowns)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_days = g_date_days_between (&self->options.first, &self->options.last) + 1;

  if (n_sessions == 0)
    return g_strdup (_("No sessions were logged in these dates."));

  /* Translators: sessions, then days with a session, then days in the report */
  g_string_append_printf (text, ngettext ("%u session, on %u of the %u days.",
                                          "%u sessions, on %u of the %u days.", n_sessions),
                          n_sessions, n_session_days, n_days);

  if (!self->options.hide_amounts && n_volume_days > 0)
    {
      g_autofree char *average = format_volume (self, volume_ml / n_volume_days);

      g_string_append_c (text, ' ');
      /* Translators: an amount such as “410 mL” */
      g_string_append_printf (text, _("Volume: %s a day on average, over the days with a volume "
                                      "noted."), average);
    }

  g_string_append_c (text, ' ');
  if (all_firsts->len == 0)
    {
      g_string_append (text, _("No let-down was marked."));
    }
  else if (n_days >= 2 * FIRST_WEEK_DAYS && first_week->len > 0 && last_week->len > 0)
    {
      g_autofree char *first = lull_charts_format_seconds (median_of (first_week));
      g_autofree char *last = lull_charts_format_seconds (median_of (last_week));

      /* Translators: two times such as “2 min 10 s” */
      g_string_append_printf (text, _("Time to the first let-down, as a median: %s in the first "
                                      "week of these dates, %s in the last."), first, last);
    }
  else
    {
      g_autofree char *median = lull_charts_format_seconds (median_of (all_firsts));

      /* Translators: a time such as “2 min 10 s” */
      g_string_append_printf (text, _("Time to the first let-down, as a median: %s."), median);
    }

  g_string_append_c (text, ' ');
  /* Translators: an average such as 1.8 */
  g_string_append_printf (text, _("On average %.1f let-downs a session."),
                          (double)n_letdowns / n_sessions);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
routine_label (LullReport *self,
               const char *id)
{
  const char *name = NULL;

  /* A session added by hand has no routine. */
  if (id == NULL)
    return _("Added by hand");
  if (self->options.routine_name != NULL)
    name = self->options.routine_name (id, self->options.routine_name_data);

  return name != NULL ? name : id;
}

static void
build (LullReport *self,
       GListModel *records,
       GDateTime  *now)
{
  g_autoptr(GPtrArray) collected = lull_stats_collect (records);
  LullRecord **all = (LullRecord **)collected->pdata;
  g_autoptr(GArray) stats_points = NULL;
  g_autoptr(GArray) stats_days = NULL;
  g_autoptr(GArray) first_week = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) last_week = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) all_firsts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) routines = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) cues = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) volume_days = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) noted = g_ptr_array_new ();
  g_autofree char *from = format_date (&self->options.first);
  g_autofree char *to = format_date (&self->options.last);
  g_autofree char *today = NULL;
  const GDate *first = &self->options.first, *last = &self->options.last;
  guint32 first_julian = g_date_get_julian (first), last_julian = g_date_get_julian (last);
  guint n_sessions = 0, n_session_days = 0, n_letdowns = 0;
  double volume_ml = 0;

  stats_points = lull_stats_get_chart_between (all, collected->len, first, last, now);
  self->first_letdowns = lull_charts_points_from_stats (stats_points,
                                                        LULL_CHARTS_SERIES_FIRST_LETDOWN);
  self->letdowns = lull_charts_points_from_stats (stats_points, LULL_CHARTS_SERIES_LETDOWNS);
  self->volumes = lull_charts_points_from_stats (stats_points, LULL_CHARTS_SERIES_VOLUME);
  stats_days = lull_stats_get_days (all, collected->len, MAX (self->options.daily_goal, 1),
                                    first, last, now);
  self->days = lull_charts_days_from_stats (stats_days);
  for (guint i = 0; i < stats_days->len; i++)
    n_session_days += g_array_index (stats_days, LullStatsDay, i).n_sessions > 0;

  for (guint i = 0; i < collected->len; i++)
    {
      LullRecord *record = all[i];
      GDate date = lull_record_get_local_date (record);
      guint32 julian = g_date_get_julian (&date);
      guint first_letdown = lull_stats_get_first_letdown (record);
      int volume = lull_stats_get_volume_ml (record);
      const char * const *record_cues = lull_record_get_cues (record);

      if (julian < first_julian || julian > last_julian)
        continue;

      n_sessions++;
      n_letdowns += lull_record_get_letdowns (record)->len;
      if (first_letdown != LULL_STATS_NO_LETDOWN)
        {
          g_array_append_val (all_firsts, first_letdown);
          if (julian < first_julian + FIRST_WEEK_DAYS)
            g_array_append_val (first_week, first_letdown);
          if (julian + FIRST_WEEK_DAYS > last_julian)
            g_array_append_val (last_week, first_letdown);
        }
      if (volume != LULL_RECORD_NO_VALUE)
        {
          volume_ml += volume;
          g_hash_table_add (volume_days, GUINT_TO_POINTER (julian));
        }
      count_name (routines, routine_label (self, lull_record_get_routine (record)));
      for (guint c = 0; record_cues != NULL && record_cues[c] != NULL; c++)
        {
          const char *title = lull_log_page_get_cue_title (record_cues[c]);

          count_name (cues, title != NULL ? title : record_cues[c]);
        }
      if (lull_record_get_notes (record) != NULL && lull_record_get_notes (record)[0] != '\0')
        g_ptr_array_add (noted, record);
    }

  /* Translators: a range of dates, the first and the last */
  self->range_text = g_strdup_printf (_("%s – %s"), from, to);
  today = g_date_time_format (now, "%Y-%m-%d");

  add_block (self, BLOCK_TITLE, g_strdup (_("Pumping Report")));
  add_block (self, BLOCK_SUBTITLE, g_strdup (self->range_text));
  add_block (self, BLOCK_TEXT, summary_text (self, n_sessions, n_session_days, volume_ml,
                                             g_hash_table_size (volume_days), first_week,
                                             last_week, all_firsts, n_letdowns));

  add_chart (self, _("Sessions a Day"), CHART_SESSIONS);
  if (!self->options.hide_amounts)
    add_chart (self, _("Volume a Day"), CHART_VOLUME);
  add_chart (self, _("Time to the First Let-Down"), CHART_FIRST_LETDOWN);
  add_chart (self, _("Let-Downs a Session"), CHART_LETDOWNS);

  add_block (self, BLOCK_HEADING, g_strdup (_("Routines")));
  add_block (self, BLOCK_TEXT, n_sessions > 0 ? format_counts (routines)
                                              : g_strdup (_("No sessions in these dates.")));
  add_block (self, BLOCK_HEADING, g_strdup (_("What Helped")));
  add_block (self, BLOCK_TEXT, g_hash_table_size (cues) > 0
                               ? format_counts (cues)
                               : g_strdup (_("Nothing was ticked in these dates.")));

  add_block (self, BLOCK_HEADING, g_strdup (_("Notes")));
  if (noted->len == 0)
    add_block (self, BLOCK_TEXT, g_strdup (_("No notes in these dates.")));
  for (guint i = 0; i < noted->len; i++)
    {
      LullRecord *record = g_ptr_array_index (noted, i);
      GDate date = lull_record_get_local_date (record);
      g_autofree char *day = format_date (&date);
      g_autofree char *time = g_date_time_format (lull_record_get_start (record), "%H:%M");

      /* Translators: a day and a time, as in “Monday 1 December 2026, 07:40” */
      add_block (self, BLOCK_NOTE_DATE, g_strdup_printf (_("%s, %s"), day, time));
      add_block (self, BLOCK_TEXT, g_strdup (lull_record_get_notes (record)));
    }

  /* Translators: the end of the report; %s is the date it was made, 2026-12-01 */
  add_block (self, BLOCK_TEXT, g_strdup_printf (_("Made with Lull on %s, from the sessions "
                                                  "logged in it."), today));
}

/* --- Pages --------------------------------------------------------------- */

void
lull_report_default_range (GDateTime *now,
                           GDate     *first,
                           GDate     *last)
{
  g_return_if_fail (now != NULL);

  g_date_clear (last, 1);
  g_date_set_dmy (last, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  *first = *last;
  g_date_subtract_days (first, 4 * 7 - 1);
}

void
lull_report_paper_size (double *width,
                        double *height)
{
  GtkPaperSize *paper = gtk_paper_size_new (NULL);

  *width = gtk_paper_size_get_width (paper, GTK_UNIT_POINTS);
  *height = gtk_paper_size_get_height (paper, GTK_UNIT_POINTS);
  gtk_paper_size_free (paper);
}

/**
 * lull_report_new:
 * @records: the history's records, oldest first
 *
 * Returns: (transfer full): the report, laid out on no page yet
 */
LullReport *
lull_report_new (GListModel              *records,
                 const LullReportOptions *options,
                 GDateTime               *now)
{
  LullReport *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (records), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (g_date_valid (&options->first) && g_date_valid (&options->last), NULL);
  g_return_val_if_fail (g_date_compare (&options->first, &options->last) <= 0, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  self = g_new0 (LullReport, 1);
  self->options = *options;
  self->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_array_set_clear_func (self->blocks, (GDestroyNotify)block_clear);
  build (self, records, now);

  return self;
}

void
lull_report_free (LullReport *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->blocks);
  g_clear_pointer (&self->first_letdowns, g_array_unref);
  g_clear_pointer (&self->letdowns, g_array_unref);
  g_clear_pointer (&self->volumes, g_array_unref);
  g_clear_pointer (&self->days, g_array_unref);
  g_free (self->range_text);
  g_free (self);
}

static double
content_top (void)
{
  return MARGIN + HEADER_HEIGHT + HEADER_GAP;
}

static double
content_bottom (const LullReport *self)
{
  return self->height - MARGIN - FOOTER_HEIGHT;
}

static double
block_height (const Block  *block,
              PangoContext *context,
              double        width)
{
  g_autoptr(PangoLayout) layout = NULL;

  if (block->kind == BLOCK_CHART)
    return CHART_HEIGHT;

  layout = make_layout (context, block->kind, block->text, width);
  return layout_height (layout);
}

guint
lull_report_paginate (LullReport *self,
                      cairo_t    *cr,
                      double      width,
                      double      height)
{
  g_autoptr(GObject) context = NULL;
  double content_width = width - 2 * MARGIN;
  double y;
  guint page = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (cr != NULL, 0);
  g_return_val_if_fail (width > 2 * MARGIN && height > 2 * MARGIN + 200, 0);

  self->width = width;
  self->height = height;
  context = G_OBJECT (make_context (cr));

  for (guint i = 0; i < self->blocks->len; i++)
    g_array_index (self->blocks, Block, i).height =
      block_height (&g_array_index (self->blocks, Block, i), PANGO_CONTEXT (context),
                    content_width);

  y = content_top ();
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);
      double above = block->kind == BLOCK_HEADING && y > content_top () ? HEADING_SPACE : 0;
      double needed = above + block->height;

      /* A heading or a note's date stays with what follows it. */
      if ((block->kind == BLOCK_HEADING || block->kind == BLOCK_NOTE_DATE)
          && i + 1 < self->blocks->len)
        needed += g_array_index (self->blocks, Block, i + 1).height;

      if (y + needed > content_bottom (self) && y > content_top ())
        {
          page++;
          y = content_top ();
          above = 0;
        }

      block->page = page;
      block->y = y + above;
      y = block->y + block->height + BLOCK_GAP;
    }

  self->n_pages = page + 1;
  return self->n_pages;
}

static void
draw_chart (LullReport   *self,
            cairo_t      *cr,
            PangoContext *context,
            const Block  *block,
            double        width)
{
  g_autoptr(PangoFontDescription) font = font_for (BLOCK_TEXT);
  LullChartStyle style;
  double unit_per_ml = self->options.fl_oz ? 1 / LULL_ML_PER_US_FL_OZ : 1;

  lull_charts_style_init (&style, FALSE);
  /* Paper is white; the accent is the app's blue. */
  style.background = (GdkRGBA) { 1, 1, 1, 1 };
  style.pango_context = context;
  style.font = font;

  cairo_save (cr);
  cairo_translate (cr, MARGIN, block->y);
  switch (block->chart)
    {
    case CHART_SESSIONS:
      lull_charts_draw_calendar (cr, width, CHART_HEIGHT, &style,
                                 (const LullChartDay *)self->days->data, self->days->len,
                                 lull_charts_get_first_weekday ());
      break;

    case CHART_VOLUME:
      lull_charts_draw_daily_volume (cr, width, CHART_HEIGHT, &style,
                                     (const LullChartPoint *)self->volumes->data,
                                     self->volumes->len,
                                     self->options.fl_oz ? _("fl oz") : _("mL"), unit_per_ml);
      break;

    case CHART_FIRST_LETDOWN:
      lull_charts_draw_first_letdown (cr, width, CHART_HEIGHT, &style,
                                      (const LullChartPoint *)self->first_letdowns->data,
                                      self->first_letdowns->len, LULL_CHART_X_DAY);
      break;

    case CHART_LETDOWNS:
    default:
      lull_charts_draw_letdowns (cr, width, CHART_HEIGHT, &style,
                                 (const LullChartPoint *)self->letdowns->data,
                                 self->letdowns->len, LULL_CHART_X_DAY);
      break;
    }
  cairo_restore (cr);
}

static void
draw_header_and_footer (LullReport   *self,
                        cairo_t      *cr,
                        PangoContext *context,
                        guint         page)
{
  double width = self->width - 2 * MARGIN;
  g_autoptr(PangoLayout) left = NULL;
  g_autoptr(PangoLayout) right = NULL;
  g_autoptr(PangoLayout) footer = NULL;
  g_autoptr(PangoFontDescription) small = pango_font_description_from_string (FONT_FAMILY " 8.5");
  g_autofree char *page_text = NULL;

  cairo_set_source_rgb (cr, 0.38, 0.38, 0.4);

  left = make_layout (context, BLOCK_TEXT, _("Lull · Pumping report"), width);
  pango_layout_set_font_description (left, small);
  cairo_move_to (cr, MARGIN, MARGIN);
  pango_cairo_show_layout (cr, left);

  right = make_layout (context, BLOCK_TEXT, self->range_text, width);
  pango_layout_set_font_description (right, small);
  pango_layout_set_alignment (right, PANGO_ALIGN_RIGHT);
  cairo_move_to (cr, MARGIN, MARGIN);
  pango_cairo_show_layout (cr, right);

  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN, MARGIN + HEADER_HEIGHT);
  cairo_line_to (cr, self->width - MARGIN, MARGIN + HEADER_HEIGHT);
  cairo_stroke (cr);

  /* Translators: at the foot of each page of the report */
  page_text = g_strdup_printf (_("Page %u of %u"), page + 1, self->n_pages);
  footer = make_layout (context, BLOCK_TEXT, page_text, width);
  pango_layout_set_font_description (footer, small);
  pango_layout_set_alignment (footer, PANGO_ALIGN_CENTER);
  cairo_move_to (cr, MARGIN, self->height - MARGIN - layout_height (footer));
  pango_cairo_show_layout (cr, footer);
}

void
lull_report_draw_page (LullReport *self,
                       cairo_t    *cr,
                       guint       page)
{
  g_autoptr(GObject) owned = NULL;
  PangoContext *context;
  double width;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (self->n_pages > 0);
  g_return_if_fail (page < self->n_pages);

  width = self->width - 2 * MARGIN;
  context = make_context (cr);
  owned = G_OBJECT (context);

  cairo_save (cr);
  draw_header_and_footer (self, cr, context, page);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      const Block *block = &g_array_index (self->blocks, Block, i);
      g_autoptr(PangoLayout) layout = NULL;

      if (block->page != page)
        continue;

      if (block->kind == BLOCK_CHART)
        {
          draw_chart (self, cr, context, block, width);
          continue;
        }

      layout = make_layout (context, block->kind, block->text, width);
      if (block->kind == BLOCK_TEXT && block->height > content_bottom (self) - content_top ())
        {
          /* A note longer than a page ends in an ellipsis there. */
          pango_layout_set_height (layout, (int)((content_bottom (self) - block->y) * PANGO_SCALE));
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
        }
      if (block->kind == BLOCK_SUBTITLE)
        cairo_set_source_rgb (cr, 0.3, 0.3, 0.32);
      else
        cairo_set_source_rgb (cr, 0.1, 0.1, 0.12);
      cairo_move_to (cr, MARGIN, block->y);
      pango_cairo_show_layout (cr, layout);
    }
  cairo_restore (cr);
}

/* --- PDF ----------------------------------------------------------------- */

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

gboolean
lull_report_write_pdf (LullReport  *self,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  double width, height;
  guint n_pages;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lull_report_paper_size (&width, &height);
  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, width, height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Pumping Report"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Lull");
  cr = cairo_create (surface);

  n_pages = lull_report_paginate (self, cr, width, height);
  for (guint page = 0; page < n_pages; page++)
    {
      lull_report_draw_page (self, cr, page);
      cairo_show_page (cr);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status == CAIRO_STATUS_SUCCESS
      && lull_file_write_export (path, (const char *)bytes->data, bytes->len, &local_error))
    return TRUE;

  {
    g_autofree char *message = NULL;

    message = lull_file_describe_export_failure (path, local_error != NULL
                                                       ? local_error->message
                                                       : cairo_status_to_string (status));
    g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, message);
  }
  return FALSE;
}
