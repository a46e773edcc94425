/* main.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <sys/stat.h>

#include "lull-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LullApplication) app = NULL;
  const char *localedir = g_getenv ("LULL_LOCALEDIR");

  /* Lull draws a few flat shapes and some text. Without a GPU (virtual
   * machines, remote desktops, hospital thin clients) GTK's GL renderer
   * runs in software and repaints the whole window for every frame of the
   * breathing shape: tests/bench/session_cpu.py measured 55% of a core
   * against 3.4% with the cairo renderer, which repaints only what changed.
   * Whoever sets GSK_RENDERER still gets their choice. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  /* Lull's own files are made 0600 in 0700 folders, but the libraries
   * below it make theirs with the usual 0644 and 0755: Mesa's shader
   * cache and fontconfig's cache land in the portable data root's cache/
   * on a shared computer. Nothing Lull's process makes is for others. */
  umask (077);

  setlocale (LC_ALL, "");
  /* build-aux/dev and meson devenv point this at the build tree, so an
   * uninstalled Lull speaks the parent's language too. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Lull"));

  app = lull_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
