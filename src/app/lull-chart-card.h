/* lull-chart-card.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lull-chart.h"

G_BEGIN_DECLS

#define LULL_TYPE_CHART_CARD (lull_chart_card_get_type ())

G_DECLARE_FINAL_TYPE (LullChartCard, lull_chart_card, LULL, CHART_CARD, GtkWidget)

/* A chart on a card: its title, a Show as Table toggle, and the chart or
 * its table below. */
GtkWidget *lull_chart_card_new            (LullChart     *chart);

LullChart *lull_chart_card_get_chart      (LullChartCard *self);
GtkWidget *lull_chart_card_get_table      (LullChartCard *self);
gboolean   lull_chart_card_get_show_table (LullChartCard *self);
void       lull_chart_card_set_show_table (LullChartCard *self,
                                           gboolean       show_table);

G_END_DECLS
