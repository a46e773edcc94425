/* lull-routine-transfer.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lull-details-dialog.h"
#include "lull-file.h"
#include "lull-routine-share.h"
#include "lull-routine-transfer.h"
#include "lull-toast.h"

/* The file chooser, the clash dialog and the toasts around
 * LullRoutineShare, and the same import for the command line. A routine
 * file is at most 1 MiB, so it is read on the main thread. */

#define MIME_TYPE "application/x-lull-routine"
#define SUFFIX    ".lullroutine"

/* --- Reading, for the window and the command line ------------------------ */

typedef const char *(*GetId) (gpointer item);

/* The ids of the sounds or photos this Lull has, to know which cues of a
 * routine from elsewhere it can keep. */
static GStrv
dup_ids (GListModel *items,
         GetId       get_id)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (items, i);

      g_strv_builder_add (ids, get_id (item));
    }

  return g_strv_builder_end (ids);
}

static LullRoutineShare *
read_routine (const char        *path,
              GListModel        *routines,
              LullTrackLibrary  *library,
              LullPhotoSet      *photo_set,
              GError           **error)
{
  g_auto(GStrv) track_ids = dup_ids (lull_track_library_get_tracks (library),
                                     (GetId)lull_track_get_id);
  g_auto(GStrv) photo_ids = dup_ids (lull_photo_set_get_photos (photo_set),
                                     (GetId)lull_photo_get_id);

  return lull_routine_share_new_from_file (path, routines,
                                           (const char * const *)track_ids,
                                           (const char * const *)photo_ids, error);
}

/* --- Telling the parent -------------------------------------------------- */

static AdwToastOverlay *
find_toast_overlay (GtkWidget *widget)
{
  if (ADW_IS_TOAST_OVERLAY (widget))
    return ADW_TOAST_OVERLAY (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwToastOverlay *found = find_toast_overlay (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A window of Lull's to speak in: @parent while it is open, else the one
 * in front. */
static GtkWindow *
speaking_window (GWeakRef        *parent,
                 LullApplication *app)
{
  GtkWindow *window = g_weak_ref_get (parent);

  if (window != NULL)
    {
      /* Still referenced by the application's window list. */
      g_object_unref (window);
      return window;
    }

  return gtk_application_get_active_window (GTK_APPLICATION (app));
}

static void
show_message (GtkWindow  *window,
              const char *heading,
              const char *text)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, heading, text));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A short outcome: a toast where the window has an overlay for one. */
static void
show_toast (GtkWindow  *window,
            AdwToast   *toast,
            const char *text)
{
  AdwToastOverlay *overlay = window != NULL ? find_toast_overlay (GTK_WIDGET (window)) : NULL;

  if (overlay != NULL)
    adw_toast_overlay_add_toast (overlay, toast);
  else
    {
      show_message (window, text, NULL);
      g_object_unref (g_object_ref_sink (toast));
    }
}

/* A refusal may list several problems in the file: too long for a toast
 * to show whole, so it is a dialog the parent closes. */
static void
show_refusal (GtkWindow  *window,
              const char *reason)
{
  show_message (window, _("Routine Not Imported"), reason);
}

static void
on_details_clicked (AdwToast  *toast,
                    GtkWindow *window)
{
  const char * const *notes = g_object_get_data (G_OBJECT (toast), "lull-notes");
  g_autoptr(GPtrArray) pairs = g_ptr_array_new ();

  for (guint i = 0; notes != NULL && notes[i] != NULL; i++)
    {
      g_ptr_array_add (pairs, (gpointer)notes[i]);
      g_ptr_array_add (pairs, (gpointer) "");
    }
  g_ptr_array_add (pairs, NULL);

  lull_details_dialog_present (window, _("Cues Left Out"),
                               _("This Lull does not have these sounds or photos, so the "
                                 "routine runs without them. Everything else was imported."),
                               (const char * const *)pairs->pdata);
}

static void
tell_imported (GtkWindow        *window,
               LullRoutineShare *share,
               gboolean          kept_both)
{
  const char * const *notes = lull_routine_share_get_notes (share);
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (kept_both)
    /* Translators: %s is a routine's name */
    text = g_strdup_printf (_("“%s” was imported beside the routine already here."),
                            lull_routine_share_get_name (share));
  else
    /* Translators: %s is a routine's name */
    text = g_strdup_printf (_("“%s” was imported."), lull_routine_share_get_name (share));

  toast = lull_toast_new (text);
  if (notes[0] != NULL && window != NULL)
    {
      g_autofree char *with_notes = NULL;

      /* Translators: the sentence before says what was imported */
      with_notes = g_strdup_printf (ngettext ("%s %u cue was left out.",
                                              "%s %u cues were left out.",
                                              g_strv_length ((char **)notes)),
                                    text, g_strv_length ((char **)notes));
      lull_toast_set_text (toast, with_notes);
      adw_toast_set_button_label (toast, _("_Details"));
      g_object_set_data_full (G_OBJECT (toast), "lull-notes",
                              g_strdupv ((char **)notes), (GDestroyNotify)g_strfreev);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_details_clicked),
                               window, 0);
      adw_toast_set_timeout (toast, 0);
    }
  show_toast (window, toast, text);
}

/* --- Import -------------------------------------------------------------- */

typedef struct
{
  LullApplication  *app;
  GWeakRef          parent;
  LullRoutineShare *share;
} Import;

static void
import_free (Import *import)
{
  g_clear_object (&import->app);
  g_weak_ref_clear (&import->parent);
  g_clear_object (&import->share);
  g_free (import);
}

static void
save_import (Import                 *import,
             LullRoutineShareChoice  choice)
{
  GtkWindow *window = speaking_window (&import->parent, import->app);
  g_autoptr(GError) error = NULL;
  g_autofree char *file_name = NULL;

  file_name = lull_routine_share_save (import->share, lull_application_get_data_root (import->app),
                                       choice, &error);
  if (file_name == NULL)
    {
      show_refusal (window, error->message);
      return;
    }

  lull_application_reload_routines (import->app);
  tell_imported (window, import->share, choice == LULL_ROUTINE_SHARE_KEEP_BOTH);
}

static void
on_clash_response (AdwMessageDialog *dialog,
                   const char       *response,
                   Import           *import)
{
  if (g_str_equal (response, "keep-both"))
    save_import (import, LULL_ROUTINE_SHARE_KEEP_BOTH);
  else if (g_str_equal (response, "replace"))
    save_import (import, LULL_ROUTINE_SHARE_REPLACE);
}

/* Never an overwrite without the parent's word. */
static void
ask_about_clash (GtkWindow *window,
                 Import    *import)
{
  LullRoutine *clash = lull_routine_share_get_clash (import->share);
  gboolean can_replace = lull_routine_share_get_can_replace (import->share);
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  /* Translators: %s is the name of the routine already in Lull */
  heading = g_strdup_printf (_("A routine called “%s” is already here"),
                             lull_routine_get_name (clash));
  if (can_replace)
    /* Translators: %s is the name of the routine in the file */
    body = g_strdup_printf (_("The routine “%s” in this file has the same id. Keep both, or "
                              "replace the one here with the one in the file?"),
                            lull_routine_share_get_name (import->share));
  else
    /* Translators: %s is the name of the routine in the file */
    body = g_strdup_printf (_("The routine “%s” in this file has the same id as one of "
                              "Lull’s own routines, which stays. Keep both?"),
                            lull_routine_share_get_name (import->share));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, heading, body));
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  adw_message_dialog_add_response (dialog, "keep-both", _("_Keep Both"));
  if (can_replace)
    {
      adw_message_dialog_add_response (dialog, "replace", _("_Replace"));
      adw_message_dialog_set_response_appearance (dialog, "replace",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_set_default_response (dialog, "keep-both");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_clash_response), import,
                         (GClosureNotify)(void (*) (void))import_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * lull_routine_transfer_import:
 * @parent: the window to speak in
 * @file: a routine file the parent chose
 *
 * Reads @file through the parser's checks and adds it to the parent's
 * routines; on a clash of ids the parent chooses to keep both or to
 * replace their own routine (a built-in one is never replaced). Sounds
 * and photos this Lull does not have are left out, and the toast's
 * Details list them. The routines are read again afterwards.
 */
void
lull_routine_transfer_import (GtkWindow       *parent,
                              LullApplication *app,
                              GFile           *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Import *import;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (LULL_IS_APPLICATION (app));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      /* Translators: %s is where the file is, such as an address */
      g_autofree char *reason = g_strdup_printf (_("“%s” is not on this computer. Save the "
                                                   "routine file to a folder here, then "
                                                   "import it."), name);
      show_refusal (parent, reason);
      return;
    }

  import = g_new0 (Import, 1);
  import->app = g_object_ref (app);
  g_weak_ref_init (&import->parent, parent);
  import->share = read_routine (path, lull_application_get_routines (app),
                                lull_application_get_track_library (app),
                                lull_application_get_photo_set (app), &error);
  if (import->share == NULL)
    {
      show_refusal (parent, error->message);
      import_free (import);
      return;
    }

  if (lull_routine_share_get_clash (import->share) != NULL)
    {
      ask_about_clash (parent, import);
      return;
    }

  save_import (import, LULL_ROUTINE_SHARE_ADD);
  import_free (import);
}

/**
 * lull_routine_transfer_open:
 * @parent: the window to speak in
 * @file: a file handed to Lull
 */
void
lull_routine_transfer_open (GtkWindow       *parent,
                            LullApplication *app,
                            GFile           *file)
{
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  if (name != NULL && g_str_has_suffix (name, SUFFIX))
    {
      lull_routine_transfer_import (parent, app, file);
      return;
    }

  /* Translators: %s is a file name */
  text = g_strdup_printf (_("Lull opens only routine files, whose names end in .lullroutine, "
                            "so “%s” was not opened."),
                          name != NULL ? name : "");
  show_toast (parent, lull_toast_new (text), text);
}

static GtkFileFilter *
routine_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Routine files"));
  gtk_file_filter_add_mime_type (filter, MIME_TYPE);
  /* Where the type is not installed (a build run from its folder). */
  gtk_file_filter_add_suffix (filter, "lullroutine");

  return filter;
}

typedef struct
{
  LullApplication *app;
  LullRoutine     *routine;   /* for an export */
} Chooser;

static void
chooser_free (Chooser *chooser)
{
  g_clear_object (&chooser->app);
  g_clear_object (&chooser->routine);
  g_free (chooser);
}

static GtkFileChooserNative *
new_chooser (GtkWindow            *parent,
             LullApplication      *app,
             LullRoutine          *routine,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept,
             GCallback             on_response)
{
  GtkFileChooserNative *native;
  Chooser *chooser = g_new0 (Chooser, 1);

  chooser->app = g_object_ref (app);
  chooser->routine = routine != NULL ? g_object_ref (routine) : NULL;

  native = gtk_file_chooser_native_new (title, parent, action, accept, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), routine_filter ());
  g_object_set_data_full (G_OBJECT (native), "lull-chooser", chooser,
                          (GDestroyNotify)chooser_free);
  g_signal_connect (native, "response", on_response, NULL);

  return native;
}

static void
on_import_response (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  Chooser *chooser = g_object_get_data (G_OBJECT (native), "lull-chooser");
  GtkWindow *parent = gtk_native_dialog_get_transient_for (native);

  if (response == GTK_RESPONSE_ACCEPT && parent != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      lull_routine_transfer_import (parent, chooser->app, file);
    }
  g_object_unref (native);
}

/**
 * lull_routine_transfer_choose_import:
 * @parent: the window the file chooser belongs to, and to speak in
 */
void
lull_routine_transfer_choose_import (GtkWindow       *parent,
                                     LullApplication *app)
{
  GtkFileChooserNative *native;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (LULL_IS_APPLICATION (app));

  native = new_chooser (parent, app, NULL, _("Import Routine"), GTK_FILE_CHOOSER_ACTION_OPEN,
                        _("_Import"), G_CALLBACK (on_import_response));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* --- Export -------------------------------------------------------------- */

static void
on_export_response (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  Chooser *chooser = g_object_get_data (G_OBJECT (native), "lull-chooser");
  GtkWindow *parent = gtk_native_dialog_get_transient_for (native);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autoptr(GError) error = NULL;
      g_autofree char *path = lull_file_dup_export_path (file, &error);
      const char *text;

      if (path != NULL && lull_routine_share_export (chooser->routine, path, &error))
        text = _("Routine exported");
      else
        text = error->message;
      show_toast (parent, lull_toast_new (text), text);
    }
  g_object_unref (native);
}

/**
 * lull_routine_transfer_export:
 * @parent: the window the file chooser belongs to, and to speak in
 * @routine: any listed routine, built-in or the parent's
 *
 * Asks where to save the routine's file (`ID.lullroutine`), every
 * translation kept, and says how it went.
 */
void
lull_routine_transfer_export (GtkWindow       *parent,
                              LullApplication *app,
                              LullRoutine     *routine)
{
  GtkFileChooserNative *native;
  g_autofree char *name = NULL;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (LULL_IS_APPLICATION (app));
  g_return_if_fail (LULL_IS_ROUTINE (routine));

  native = new_chooser (parent, app, routine, _("Export Routine"), GTK_FILE_CHOOSER_ACTION_SAVE,
                        _("_Export"), G_CALLBACK (on_export_response));
  name = g_strconcat (lull_routine_get_id (routine), SUFFIX, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* --- The command line ---------------------------------------------------- */

/**
 * lull_routine_command_import:
 * @routines: (element-type LullRoutine): the routines listed, built-in
 *   first
 * @path: the file, as given on the command line
 *
 * One line on standard output: `added`, the file and the routine's id, or
 * `refused` and the file, with the reason on standard error. There is
 * nobody to ask about a clash of ids, and nothing may be lost, so both
 * are kept, and a sentence on standard output says so; the cues left out
 * are said on standard error.
 *
 * Returns: the exit status: 0 when imported, 1 when refused
 */
int
lull_routine_command_import (LullDataRoot *data_root,
                             GListModel   *routines,
                             const char   *path)
{
  g_autoptr(LullTrackLibrary) library = lull_track_library_new (data_root);
  g_autoptr(LullPhotoSet) photo_set = lull_photo_set_new (data_root);
  g_autoptr(LullRoutineShare) share = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *old_id = NULL;
  const char * const *notes;
  LullRoutine *clash;

  g_return_val_if_fail (LULL_IS_DATA_ROOT (data_root), EXIT_FAILURE);
  g_return_val_if_fail (path != NULL, EXIT_FAILURE);

  lull_track_library_list (library, NULL);
  lull_photo_set_load (photo_set, NULL);

  share = read_routine (path, routines, library, photo_set, &error);
  clash = share != NULL ? lull_routine_share_get_clash (share) : NULL;
  if (share != NULL)
    {
      old_id = g_strdup (lull_routine_share_get_id (share));
      file_name = lull_routine_share_save (share, data_root,
                                           clash != NULL ? LULL_ROUTINE_SHARE_KEEP_BOTH
                                                         : LULL_ROUTINE_SHARE_ADD,
                                           &error);
    }
  if (file_name == NULL)
    {
      g_print ("refused\t%s\n", path);
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  g_print ("added\t%s\t%s\n", path, lull_routine_share_get_id (share));
  if (clash != NULL)
    /* Translators: the id in the file; then the name and id the new routine
     * was given */
    g_print (_("A routine here has the id “%s” already, so both are kept: the new one is "
               "“%s”, with the id “%s”.\n"),
             old_id, lull_routine_share_get_name (share), lull_routine_share_get_id (share));

  notes = lull_routine_share_get_notes (share);
  for (guint i = 0; notes[i] != NULL; i++)
    g_printerr ("%s\n", notes[i]);

  return EXIT_SUCCESS;
}
