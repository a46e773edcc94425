/* lull-portable-guide.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lull-portable-guide.h"

/* A portable folder is often found again later, on a USB stick or on
 * another computer, by someone who does not remember how it was made. A
 * new folder gets a short README.txt saying what it is, and two ways to
 * start Lull from it:
 *
 * - lull.sh changes to its own folder and runs `lull --data-dir .`, so it
 *   works wherever the folder is mounted;
 * - Lull.desktop, for a double-click in a file manager. A desktop entry's
 *   Exec cannot be relative to the entry, so it names the lull binary and
 *   the folder by their absolute paths on the computer where the folder
 *   was made.
 *
 * The two launchers are 0700: the owner must be able to run them, and
 * nobody else needs to read them. */

#define README_MODE   0600
#define LAUNCHER_MODE 0700

static const char *
readme_text (void)
{
  return _("Lull — your portable folder\n"
           "\n"
           "This folder belongs to Lull, the calm pumping routine. It holds your\n"
           "sessions, your baby’s photos and clips, your recordings and your\n"
           "preferences. Lull writes nothing of yours anywhere else.\n"
           "\n"
           "To start Lull with this folder:\n"
           "\n"
           "  - Double-click “Lull.desktop”. Your file manager may ask you to allow\n"
           "    launching it first. It works on the computer where this folder was\n"
           "    made, while the folder stays where it is.\n"
           "  - Or run “lull.sh”, or type this in a terminal, in this folder:\n"
           "\n"
           "        lull --data-dir .\n"
           "\n"
           "    This works wherever the folder is, on any computer with Lull.\n"
           "\n"
           "To remove everything, delete this whole folder: nothing of yours is\n"
           "kept anywhere else.\n"
           "\n"
           "On a shared computer, before you leave: open Lull’s main menu and\n"
           "choose “Forget This Computer…”. It clears anything Lull may have left\n"
           "on the computer outside this folder, and it can delete this folder too.\n"
           "\n"
           "Please leave the other files here as they are: Lull looks after them.\n");
}

/**
 * lull_portable_guide_desktop_quote:
 * @argument: one argument of a command
 *
 * Quotes @argument for the Exec key of a desktop entry, as the Desktop
 * Entry Specification asks (the value still needs the key file's own
 * escaping, which GKeyFile adds).
 *
 * Returns: (transfer full): the quoted argument
 */
char *
lull_portable_guide_desktop_quote (const char *argument)
{
  GString *quoted;

  g_return_val_if_fail (argument != NULL, NULL);

  if (argument[0] != '\0'
      && strspn (argument, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                           "0123456789/._-+,:@") == strlen (argument))
    return g_strdup (argument);

  quoted = g_string_new ("\"");
  for (const char *p = argument; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '`' || *p == '$' || *p == '\\')
        g_string_append_c (quoted, '\\');
      /* A field code such as %f would be expanded: %% is a plain %. */
      if (*p == '%')
        g_string_append_c (quoted, '%');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');

  return g_string_free (quoted, FALSE);
}

static char *
script_text (const char *binary)
{
  g_autofree char *quoted = g_shell_quote (binary);

  /* The binary that made the folder first, while it is still there (an
   * uninstalled Lull is not on the PATH), then whichever Lull this
   * computer has. */
  return g_strdup_printf ("#!/bin/sh\n"
                          "# Starts Lull with the folder this script is in.\n"
                          "cd \"$(dirname \"$0\")\" || exit 1\n"
                          "if [ -x %s ]; then\n"
                          "  exec %s --data-dir . \"$@\"\n"
                          "fi\n"
                          "exec lull --data-dir . \"$@\"\n",
                          quoted, quoted);
}

static char *
launcher_text (const char *folder,
               const char *binary,
               const char *icon_name)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *exec = NULL;
  g_autofree char *quoted_binary = lull_portable_guide_desktop_quote (binary);
  g_autofree char *quoted_folder = lull_portable_guide_desktop_quote (folder);

  exec = g_strdup_printf ("%s --data-dir %s", quoted_binary, quoted_folder);

  g_key_file_set_string (keyfile, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE,
                         G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
  /* Translators: the name of the launcher in a portable Lull folder */
  g_key_file_set_string (keyfile, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NAME,
                         _("Lull (this folder)"));
  g_key_file_set_string (keyfile, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_COMMENT,
                         _("Start Lull with the sessions and photos kept in this folder"));
  g_key_file_set_string (keyfile, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, exec);
  g_key_file_set_string (keyfile, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ICON,
                         icon_name);
  g_key_file_set_boolean (keyfile, G_KEY_FILE_DESKTOP_GROUP,
                          G_KEY_FILE_DESKTOP_KEY_TERMINAL, FALSE);

  return g_key_file_to_data (keyfile, NULL, NULL);
}

/* Never over a file already there: the parent may have edited it. */
static gboolean
write_new (const char  *folder,
           const char  *name,
           const char  *text,
           int          mode,
           GError     **error)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  GStatBuf st;

  if (g_lstat (path, &st) == 0)
    return TRUE;

  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, mode, error);
}

/**
 * lull_portable_guide_write:
 * @folder: the portable data root, an absolute path
 * @binary: the lull binary, an absolute path
 * @icon_name: the icon the launcher shows
 *
 * Writes README.txt, lull.sh and Lull.desktop into @folder, each one only
 * if it is not there yet. The caller does so only for a folder no Lull
 * has used before.
 */
gboolean
lull_portable_guide_write (const char  *folder,
                           const char  *binary,
                           const char  *icon_name,
                           GError     **error)
{
  g_autofree char *script = NULL;
  g_autofree char *launcher = NULL;

  g_return_val_if_fail (g_path_is_absolute (folder), FALSE);
  g_return_val_if_fail (g_path_is_absolute (binary), FALSE);
  g_return_val_if_fail (icon_name != NULL, FALSE);

  script = script_text (binary);
  launcher = launcher_text (folder, binary, icon_name);

  return write_new (folder, LULL_PORTABLE_README, readme_text (), README_MODE, error)
         && write_new (folder, LULL_PORTABLE_SCRIPT, script, LAUNCHER_MODE, error)
         && write_new (folder, LULL_PORTABLE_LAUNCHER, launcher, LAUNCHER_MODE, error);
}
