/* bare-window.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "lull-first-frame.h"

/* The baseline of the start-up benchmark (startup.py): the least a
 * libadwaita program does to show a window like Lull's first one. It has
 * the same default size, a header bar and a status page with text of about
 * the same length, and reports its first frame through the same code as
 * Lull does. */

#define BARE_WINDOW_APPLICATION_ID "io.github.lullapp.Lull.BenchBaseline"

static void
on_activate (GApplication *application)
{
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *status_page;

  window = adw_application_window_new (GTK_APPLICATION (application));
  gtk_window_set_title (GTK_WINDOW (window), "Baseline");
  gtk_window_set_default_size (GTK_WINDOW (window), 860, 640);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());

  status_page = adw_status_page_new ();
  gtk_widget_set_vexpand (status_page, TRUE);
  adw_status_page_set_title (ADW_STATUS_PAGE (status_page), "Welcome to the Baseline");
  adw_status_page_set_description (ADW_STATUS_PAGE (status_page),
                                   "This window is what a bare libadwaita program "
                                   "shows: a header bar and a status page with a "
                                   "description of about the same length as the "
                                   "one Lull greets the parent with on its start.");
  gtk_box_append (GTK_BOX (box), status_page);

  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);

  lull_first_frame_watch (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) application = NULL;

  application = adw_application_new (BARE_WINDOW_APPLICATION_ID,
                                     G_APPLICATION_NON_UNIQUE);
  g_signal_connect (application, "activate", G_CALLBACK (on_activate), NULL);

  return g_application_run (G_APPLICATION (application), argc, argv);
}
