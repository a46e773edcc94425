/* lull-accessible.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lull-accessible.h"

/* GTK 4.8 gives a widget without a name its type name over AT-SPI, so a
 * screen reader would say “GtkScrollbar”. The parts GTK builds for us get
 * words here. */

static void
label_scrollbar (GtkWidget  *scrollbar,
                 const char *name)
{
  GtkWidget *range = gtk_widget_get_first_child (scrollbar);

  gtk_accessible_update_property (GTK_ACCESSIBLE (scrollbar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  /* A scrollbar's inner range, which GTK 4.8 also lists. */
  if (range != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (range),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                    -1);
}

/**
 * lull_label_scrollbars:
 *
 * Names the scrollbars of @scroller for screen readers.
 */
void
lull_label_scrollbars (GtkScrolledWindow *scroller)
{
  g_return_if_fail (GTK_IS_SCROLLED_WINDOW (scroller));

  label_scrollbar (gtk_scrolled_window_get_vscrollbar (scroller), _("Scroll up and down"));
  label_scrollbar (gtk_scrolled_window_get_hscrollbar (scroller), _("Scroll sideways"));
}
