/* lull-home-page.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lull-accessible.h"
#include "lull-home-page.h"
#include "lull-stats.h"

/* Where every session begins. The chosen routine and Start Session sit at
 * the top and never scroll, so that they stay in view on a small window or
 * with large text; the list of routines to choose from scrolls below them.
 * The welcome words are for the first visit only. */

struct _LullHomePage
{
  GtkWidget          parent_instance;

  GListModel        *routines;
  GPtrArray         *routine_buttons;

  GtkLabel          *intro_label;
  GtkLabel          *chosen_label;
  GtkWidget         *start_button;
  GtkLabel          *today_label;
  GtkLabel          *streak_label;
  GtkLabel          *progress_label;
  GtkBox            *routine_box;
  GtkScrolledWindow *routines_scroller;
};

G_DEFINE_FINAL_TYPE (LullHomePage, lull_home_page, GTK_TYPE_WIDGET)

static void
update_chosen (LullHomePage *self)
{
  g_autoptr(LullRoutine) routine = lull_home_page_dup_selected (self);
  g_autofree char *text = NULL;

  if (routine == NULL)
    {
      gtk_label_set_text (self->chosen_label, _("No routine is available."));
      return;
    }

  /* Translators: the name of the routine that Start Session will run */
  text = g_strdup_printf (_("Routine: %s"), lull_routine_get_name (routine));
  gtk_label_set_text (self->chosen_label, text);
}

static void
on_routine_toggled (GtkToggleButton *button,
                    LullHomePage    *self)
{
  if (gtk_toggle_button_get_active (button))
    update_chosen (self);
}

static GtkWidget *
build_routine_button (LullRoutine *routine)
{
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (lull_routine_get_name (routine));
  GtkWidget *description = gtk_label_new (lull_routine_get_description (routine));

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_widget_add_css_class (description, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), description);
  gtk_button_set_child (GTK_BUTTON (button), box);

  /* The name alone is what a screen reader says and what tests find. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, lull_routine_get_name (routine),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  lull_routine_get_description (routine),
                                  -1);

  return button;
}

static void
lull_home_page_dispose (GObject *object)
{
  LullHomePage *self = LULL_HOME_PAGE (object);
  GtkWidget *child;

  g_clear_object (&self->routines);
  g_clear_pointer (&self->routine_buttons, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), LULL_TYPE_HOME_PAGE);
  /* A plain GtkWidget owns its top child itself. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lull_home_page_parent_class)->dispose (object);
}

static void
lull_home_page_class_init (LullHomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lull_home_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lull-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LullHomePage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, LullHomePage, chosen_label);
  gtk_widget_class_bind_template_child (widget_class, LullHomePage, start_button);
  gtk_widget_class_bind_template_child (widget_class, LullHomePage, today_label);
  gtk_widget_class_bind_template_child (widget_class, LullHomePage, streak_label);
  gtk_widget_class_bind_template_child (widget_class, LullHomePage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, LullHomePage, routine_box);
  gtk_widget_class_bind_template_child (widget_class, LullHomePage, routines_scroller);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "homepage");
}

static void
lull_home_page_init (LullHomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->routine_buttons = g_ptr_array_new ();
  lull_label_scrollbars (self->routines_scroller);
}

/**
 * lull_home_page_set_routines:
 * @routines: the routines to offer, a list of #LullRoutine
 * @selected_id: (nullable): the routine chosen at first, usually the last
 *   one used; the first routine when it is not there
 */
void
lull_home_page_set_routines (LullHomePage *self,
                             GListModel   *routines,
                             const char   *selected_id)
{
  GtkToggleButton *first = NULL, *chosen = NULL;
  GtkWidget *child;

  g_return_if_fail (LULL_IS_HOME_PAGE (self));
  g_return_if_fail (G_IS_LIST_MODEL (routines));

  g_set_object (&self->routines, routines);
  g_ptr_array_set_size (self->routine_buttons, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->routine_box))) != NULL)
    gtk_box_remove (self->routine_box, child);

  for (guint i = 0; i < g_list_model_get_n_items (routines); i++)
    {
      g_autoptr(LullRoutine) routine = g_list_model_get_item (routines, i);
      GtkWidget *button = build_routine_button (routine);

      if (first == NULL)
        first = GTK_TOGGLE_BUTTON (button);
      else
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), first);

      if (chosen == NULL && g_strcmp0 (lull_routine_get_id (routine), selected_id) == 0)
        chosen = GTK_TOGGLE_BUTTON (button);

      g_signal_connect_object (button, "toggled", G_CALLBACK (on_routine_toggled), self, 0);
      g_ptr_array_add (self->routine_buttons, button);
      gtk_box_append (self->routine_box, button);
    }

  if (chosen == NULL)
    chosen = first;
  if (chosen != NULL)
    gtk_toggle_button_set_active (chosen, TRUE);

  gtk_widget_set_sensitive (self->start_button, first != NULL);
  update_chosen (self);
}

/**
 * lull_home_page_dup_selected:
 *
 * Returns: (transfer full) (nullable): the routine Start Session runs
 */
LullRoutine *
lull_home_page_dup_selected (LullHomePage *self)
{
  g_return_val_if_fail (LULL_IS_HOME_PAGE (self), NULL);

  for (guint i = 0; i < self->routine_buttons->len; i++)
    if (gtk_toggle_button_get_active (g_ptr_array_index (self->routine_buttons, i)))
      return g_list_model_get_item (self->routines, i);

  return NULL;
}

static void
set_line (GtkLabel   *label,
          const char *text)
{
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
  gtk_label_set_text (label, text != NULL ? text : "");
}

/**
 * lull_home_page_set_summary:
 * @summary: today's count against the goal, the streak and the progress,
 *   from the history (lull_stats_summary_new())
 * @total: sessions saved in all
 *
 * Kind words only: a streak is told when there is one, and a day without
 * one says nothing about it.
 */
void
lull_home_page_set_summary (LullHomePage     *self,
                            LullStatsSummary *summary,
                            guint             total)
{
  g_autofree char *today = NULL;
  g_autofree char *streak = NULL;
  g_autofree char *progress = NULL;
  guint count = summary->today_count;
  guint goal = summary->daily_goal;
  guint length = summary->streak->length;
  guint rest_days = summary->streak->rest_days->len;

  g_return_if_fail (LULL_IS_HOME_PAGE (self));

  /* The welcome is for someone new; after the first session the page
   * gives its room to the routines. */
  gtk_widget_set_visible (GTK_WIDGET (self->intro_label), total == 0);

  if (count == 0)
    today = g_strdup (_("No sessions yet today. Whenever you are ready."));
  else if (goal <= 1)
    today = g_strdup_printf (ngettext ("%u session today", "%u sessions today", count), count);
  else
    /* Translators: “2 of 3 sessions today”: sessions saved, then the daily goal */
    today = g_strdup_printf (ngettext ("%u of %u session today", "%u of %u sessions today", goal),
                             count, goal);
  gtk_label_set_text (self->today_label, today);

  if (length >= 2 && rest_days > 0)
    streak = g_strdup_printf (ngettext ("A %u-day streak, rest days included. Resting is part of it.",
                                        "A %u-day streak, rest days included. Resting is part of it.",
                                        length),
                              length);
  else if (length >= 2)
    streak = g_strdup_printf (ngettext ("A %u-day streak.", "A %u-day streak.", length), length);
  else if (length == 1 && summary->streak->today_done)
    streak = g_strdup (_("Today is the first day of a new streak."));
  set_line (self->streak_label, streak);

  if (summary->progress != NULL)
    progress = g_strdup (summary->progress);
  else if (summary->n_audio_sessions > 0 && summary->n_audio_sessions < LULL_STATS_AUDIO_SESSIONS_GOAL)
    /* Translators: guided imagery or relaxation audio; 10 is the number of
     * listens after which its benefit was seen to grow */
    progress = g_strdup_printf (ngettext ("%u session with guided audio so far, on the way to ten.",
                                          "%u sessions with guided audio so far, on the way to ten.",
                                          summary->n_audio_sessions),
                                summary->n_audio_sessions);
  set_line (self->progress_label, progress);
}

void
lull_home_page_focus_primary (LullHomePage *self)
{
  g_return_if_fail (LULL_IS_HOME_PAGE (self));

  gtk_widget_grab_focus (self->start_button);
}
