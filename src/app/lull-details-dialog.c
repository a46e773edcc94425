/* lull-details-dialog.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lull-accessible.h"
#include "lull-details-dialog.h"

/* What an import left out, behind a toast's Details: each file or row
 * with its reason, in a list a screen reader names by the heading. */
void
lull_details_dialog_present (GtkWindow          *parent,
                             const char         *heading,
                             const char         *body,
                             const char * const *pairs)
{
  AdwMessageDialog *dialog;
  GtkWidget *scroller, *list;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (heading != NULL);
  g_return_if_fail (pairs != NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, heading,
                                  -1);
  for (guint i = 0; pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
    {
      GtkWidget *row = adw_action_row_new ();

      /* Names and reasons are plain text, not markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pairs[i]);
      if (pairs[i + 1][0] != '\0')
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), pairs[i + 1]);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  lull_label_scrollbars (GTK_SCROLLED_WINDOW (scroller));
  adw_message_dialog_set_extra_child (dialog, scroller);

  gtk_window_present (GTK_WINDOW (dialog));
}
