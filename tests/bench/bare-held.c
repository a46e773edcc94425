/* bare-held.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

/* The baseline of the idle benchmark (reminders.py): a libadwaita
 * application with no window, held so that it keeps running, as Lull is
 * while it waits in the background for a reminder. It does nothing. */

#define BARE_HELD_APPLICATION_ID "io.github.lullapp.Lull.BenchHeld"

static void
on_activate (GApplication *application)
{
  /* Once: the hold keeps it alive with no window. */
  static gboolean held;

  if (!held)
    g_application_hold (application);
  held = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) application = adw_application_new (BARE_HELD_APPLICATION_ID,
                                                               G_APPLICATION_NON_UNIQUE);

  g_signal_connect (application, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
