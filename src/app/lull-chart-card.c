/* lull-chart-card.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lull-accessible.h"
#include "lull-chart-card.h"

/* A chart and its table on one card, one at a time: the table carries the
 * same numbers for a screen reader or for anyone who would rather read
 * them. The toggle (the chart-card.show-table action) keeps its words and
 * shows its state as pressed, which a screen reader says; the switch is a
 * cut, never an animation.
 *
 * Built in code rather than a template: four widgets, and their order and
 * names are all there is to it. */

#define TABLE_MAX_HEIGHT 360

struct _LullChartCard
{
  GtkWidget  parent_instance;

  LullChart *chart;
  GtkWidget *header;
  GtkWidget *toggle;
  GtkWidget *stack;
  GtkWidget *table;
  gboolean   show_table;
};

G_DEFINE_FINAL_TYPE (LullChartCard, lull_chart_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHART,
  PROP_SHOW_TABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The table is made the first time it is asked for: a chart of all time
 * has thousands of rows, and a hidden table would still bind and measure
 * a list view's worth of them. */
static void
ensure_table (LullChartCard *self)
{
  GtkWidget *scroller;

  if (self->table != NULL)
    return;

  self->table = lull_chart_table_new (self->chart);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), TABLE_MAX_HEIGHT);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->table);
  lull_label_scrollbars (GTK_SCROLLED_WINDOW (scroller));
  gtk_stack_add_named (GTK_STACK (self->stack), scroller, "table");
}

static void
update_stack (LullChartCard *self)
{
  if (self->show_table)
    ensure_table (self);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), self->show_table ? "table" : "chart");
}

static void
lull_chart_card_constructed (GObject *object)
{
  LullChartCard *self = LULL_CHART_CARD (object);
  GtkWidget *title;

  G_OBJECT_CLASS (lull_chart_card_parent_class)->constructed (object);

  if (self->chart == NULL)
    self->chart = LULL_CHART (lull_chart_new (LULL_CHART_KIND_FIRST_LETDOWN));

  self->header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (self->header, 12);
  gtk_widget_set_margin_start (self->header, 12);
  gtk_widget_set_margin_end (self->header, 12);
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));

  title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  g_object_bind_property (self->chart, "title", title, "label", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (self->header), title);

  self->toggle = gtk_toggle_button_new_with_label (_("Show as Table"));
  gtk_widget_set_valign (self->toggle, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->toggle), "chart-card.show-table");
  gtk_box_append (GTK_BOX (self->header), self->toggle);

  self->stack = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (self->stack), GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_stack_set_vhomogeneous (GTK_STACK (self->stack), FALSE);
  gtk_widget_set_margin_start (self->stack, 12);
  gtk_widget_set_margin_end (self->stack, 12);
  gtk_widget_set_margin_bottom (self->stack, 12);
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));
  gtk_stack_add_named (GTK_STACK (self->stack), GTK_WIDGET (self->chart), "chart");

  update_stack (self);

  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->toggle),
                                  GTK_ACCESSIBLE_RELATION_CONTROLS, self->stack, NULL,
                                  -1);
}

static void
lull_chart_card_dispose (GObject *object)
{
  LullChartCard *self = LULL_CHART_CARD (object);

  self->chart = NULL;
  self->table = NULL;
  self->toggle = NULL;
  g_clear_pointer (&self->header, gtk_widget_unparent);
  g_clear_pointer (&self->stack, gtk_widget_unparent);

  G_OBJECT_CLASS (lull_chart_card_parent_class)->dispose (object);
}

static void
lull_chart_card_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LullChartCard *self = LULL_CHART_CARD (object);

  switch (prop_id)
    {
    case PROP_CHART:
      g_value_set_object (value, self->chart);
      break;

    case PROP_SHOW_TABLE:
      g_value_set_boolean (value, self->show_table);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_chart_card_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LullChartCard *self = LULL_CHART_CARD (object);

  switch (prop_id)
    {
    case PROP_CHART:
      self->chart = g_value_get_object (value);
      break;

    case PROP_SHOW_TABLE:
      lull_chart_card_set_show_table (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_chart_card_class_init (LullChartCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lull_chart_card_constructed;
  object_class->dispose = lull_chart_card_dispose;
  object_class->get_property = lull_chart_card_get_property;
  object_class->set_property = lull_chart_card_set_property;

  properties[PROP_CHART] =
    g_param_spec_object ("chart", NULL, NULL,
                         LULL_TYPE_CHART,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SHOW_TABLE] =
    g_param_spec_boolean ("show-table", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The toggle's action, stateful: the button is pressed while the table
   * shows. */
  gtk_widget_class_install_property_action (widget_class, "chart-card.show-table", "show-table");

  gtk_widget_class_set_css_name (widget_class, "chartcard");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
lull_chart_card_init (LullChartCard *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
}

/**
 * lull_chart_card_new:
 * @chart: (transfer floating): the chart, which the card holds
 */
GtkWidget *
lull_chart_card_new (LullChart *chart)
{
  g_return_val_if_fail (LULL_IS_CHART (chart), NULL);

  return g_object_new (LULL_TYPE_CHART_CARD, "chart", chart, NULL);
}

LullChart *
lull_chart_card_get_chart (LullChartCard *self)
{
  g_return_val_if_fail (LULL_IS_CHART_CARD (self), NULL);
  return self->chart;
}

/**
 * lull_chart_card_get_table:
 *
 * Returns: (transfer none): the card's GtkColumnView, made now if it
 *   was never shown
 */
GtkWidget *
lull_chart_card_get_table (LullChartCard *self)
{
  g_return_val_if_fail (LULL_IS_CHART_CARD (self), NULL);
  if (self->stack != NULL)
    ensure_table (self);
  return self->table;
}

gboolean
lull_chart_card_get_show_table (LullChartCard *self)
{
  g_return_val_if_fail (LULL_IS_CHART_CARD (self), FALSE);
  return self->show_table;
}

void
lull_chart_card_set_show_table (LullChartCard *self,
                                gboolean       show_table)
{
  g_return_if_fail (LULL_IS_CHART_CARD (self));

  show_table = !!show_table;
  if (self->show_table == show_table)
    return;

  self->show_table = show_table;
  if (self->stack != NULL)
    update_stack (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_TABLE]);
}
