/* lull-application.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <sys/utsname.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lull-application.h"
#include "lull-checkpoint.h"
#include "lull-clock.h"
#include "lull-forget.h"
#include "lull-history.h"
#include "lull-history-commands.h"
#include "lull-history-window.h"
#include "lull-media.h"
#include "lull-metainfo.h"
#include "lull-photo-import.h"
#include "lull-photo-set-window.h"
#include "lull-portable-guide.h"
#include "lull-preferences-window.h"
#include "lull-progress-page.h"
#include "lull-reminder-service.h"
#include "lull-routine.h"
#include "lull-routine-transfer.h"
#include "lull-routines-window.h"
#include "lull-settings-file.h"
#include "lull-sound-library-window.h"
#include "lull-traces.h"
#include "lull-window.h"

/* Exit status for a command line Lull cannot act on, such as a data folder
 * it cannot write to (EX_USAGE would be 64; 2 is what the design asks). */
#define EXIT_BAD_COMMAND_LINE 2

struct _LullApplication
{
  AdwApplication  parent_instance;

  LullDataRoot   *data_root;
  GSettings      *settings;
  LullClock      *clock;
  LullHistory    *history;
  GListStore     *routines;
  LullTrackLibrary *track_library;
  LullPhotoSet     *photo_set;
  LullThumbnailer  *thumbnailer;
  LullSoundChoices *sound_choices;
  LullReminderService *reminders;
  gboolean        held;           /* for reminders, with no window */
  gboolean        background;     /* --background: no window at start */
  gboolean        history_loading_started;
  char           *banner_title;   /* a reminder no notification could show */
  char           *banner_body;

  /* What the parent must be told once, in the first window. */
  GPtrArray      *notices;

  gboolean        routines_loaded;
  GCancellable   *cancellable;
  /* --start-session: a routine id, or "" for the last one used. */
  char           *start_routine;
  /* --demo=SPEED, or the menu's Demonstration Mode: sessions run SPEED
   * times faster and keep nothing. 0 when off. */
  double          demo_speed;
  /* Routine files named on the command line, opened once Lull runs. */
  GStrv           open_files;

  /* Portable mode: where traces would be, for Forget This Computer, and
   * whether the folder is to be deleted as Lull ends. */
  LullTracePlaces *trace_places;
  gboolean        forget_data_root;
  /* What Forget This Computer could not clear, told as Lull ends. */
  GPtrArray      *forget_problems;
};

G_DEFINE_FINAL_TYPE (LullApplication, lull_application, ADW_TYPE_APPLICATION)

extern void lull_register_resource (void);

/* GApplication packs only options without a callback into its
 * dictionary, and an optional argument needs a callback. */
static char *start_session_option;
static char *demo_option;

#define DEMO_DEFAULT_SPEED 10

/* --start-session[=ID] and --demo[=SPEED]: "" when given bare. */
static gboolean
on_optional_option (const char  *option_name,
                    const char  *value,
                    gpointer     data,
                    GError     **error)
{
  char **option = g_str_equal (option_name, "--demo") ? &demo_option : &start_session_option;

  g_free (*option);
  *option = g_strdup (value != NULL ? value : "");

  return TRUE;
}

/* "" is the default speed; otherwise a whole number from 1 to 60. */
static gboolean
parse_demo_speed (const char *text,
                  double     *speed)
{
  guint64 value;

  if (text[0] == '\0')
    {
      *speed = DEMO_DEFAULT_SPEED;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, LULL_CLOCK_SPEED_MIN, LULL_CLOCK_SPEED_MAX,
                                   &value, NULL))
    return FALSE;

  *speed = value;
  return TRUE;
}

static const GOptionEntry option_entries[] = {
  { "start-session", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK,
    (gpointer)on_optional_option,
    N_("Open straight into a session of ROUTINE-ID (by default the last routine used)"),
    N_("ROUTINE-ID") },
  { "demo", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK,
    (gpointer)on_optional_option,
    N_("Show sessions as a demonstration, SPEED times faster (1 to 60, 10 by default), "
       "keeping nothing"),
    N_("SPEED") },
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Keep every file, preferences included, in DIR (portable mode for shared computers)"),
    N_("DIR") },
  { "import-audio", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Copy the sound files FILE… into Lull’s sound library, then exit"), NULL },
  { "import-photos", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Add the photos and clips in FILE… (files or folders) to Lull’s photos, then exit"),
    NULL },
  { "export-csv", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write every session to FILE as CSV (- for standard output), then exit"), N_("FILE") },
  { "import-csv", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Add the sessions in the CSV file FILE to the history, then exit"), N_("FILE") },
  { "import-routine", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Add the routine file FILE to Lull’s routines, then exit"), N_("FILE") },
  { "export-report", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the report of the last 4 weeks (or --from to --to) to FILE as PDF, then exit"),
    N_("FILE") },
  { "from", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --export-report: the report’s first day"), N_("YYYY-MM-DD") },
  { "to", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --export-report: the report’s last day (by default today)"), N_("YYYY-MM-DD") },
  { "background", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start with no window, to give reminders (as at login)"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, N_("[FILE…]") },
  { NULL }
};

LullApplication *
lull_application_new (void)
{
  return g_object_new (LULL_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

/* Libraries below Lull keep caches of their own (Mesa's shader cache,
 * fontconfig, GStreamer's plugin registry), and GSettings' default backend
 * keeps a file in the runtime folder. In portable mode none of that may
 * land outside the data root, so the caches move inside it and the
 * toolkit's own settings are read from memory. This must happen before
 * GTK starts, which is why it is done while the options are handled. */
static gboolean
enter_portable_environment (LullDataRoot  *data_root,
                            GError       **error)
{
  g_autofree char *cache = NULL;
  g_autofree char *registry = NULL;
  g_autofree char *registry_name = NULL;
  g_autofree char *cookie = NULL;
  struct utsname machine;

  if (!lull_data_root_ensure_folder (data_root, "cache", error))
    return FALSE;

  cache = lull_data_root_build_filename (data_root, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  /* GStreamer finds its registry through GLib's idea of the cache folder,
   * which GLib keeps from its first use: named outright, it cannot slip
   * into ~/.cache. One for each kind of machine, as GStreamer's own
   * names are, for a folder that travels. */
  registry_name = g_strdup_printf ("registry.%s.bin",
                                   uname (&machine) == 0 ? machine.machine : "unknown");
  registry = g_build_filename (cache, "gstreamer-1.0", registry_name, NULL);
  g_setenv ("GST_REGISTRY", registry, TRUE);

  /* PulseAudio's client makes ~/.config/pulse/cookie when it finds none
   * (test_portable_session.py caught it); a local server needs no cookie,
   * so one kept in the cache does. A cookie the desktop names stays. */
  cookie = g_build_filename (cache, "pulse-cookie", NULL);
  g_setenv ("PULSE_COOKIE", cookie, FALSE);

  return TRUE;
}

/* The binary running now, for the launchers of a new portable folder. */
static char *
find_own_binary (void)
{
  char *binary = g_file_read_link ("/proc/self/exe", NULL);

  return binary != NULL ? binary : g_find_program_in_path ("lull");
}

/* A folder no Lull has used yet gets a README.txt and launchers, so that
 * it can be found and started again later. Not having them takes nothing
 * from the parent, so a failure is only logged. */
static void
write_portable_guide (LullDataRoot *data_root)
{
  g_autofree char *binary = find_own_binary ();
  g_autoptr(GError) error = NULL;

  if (binary == NULL
      || !lull_portable_guide_write (lull_data_root_get_path (data_root), binary,
                                     APPLICATION_ID, &error))
    g_debug ("No README or launcher in the portable folder: %s",
             error != NULL ? error->message : "the lull binary was not found");
}

static void load_routines (LullApplication *self);
static void add_portable_actions (LullApplication *self);
static void tell_problems (LullApplication *self,
                           GPtrArray       *problems);
static int  export_report_command (LullApplication *self,
                                   const char      *path,
                                   const char      *from,
                                   const char      *to);

/* lull --import-audio FILE…: no window. One line per file on standard
 * output ("added", the file, its id in the library; or "refused" and the
 * file), the reason for a refusal on standard error. */
static int
import_audio (LullApplication    *self,
              const char * const *paths)
{
  g_autoptr(LullTrackLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_SUCCESS;

  if (!lull_media_init (&error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  library = lull_track_library_new (self->data_root);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (paths[i]);
      g_autoptr(GError) refused = NULL;
      LullTrack *track;

      track = lull_track_library_import (library, file, NULL, &refused);
      if (track != NULL)
        {
          g_print ("added\t%s\t%s\n", paths[i], lull_track_get_id (track));
        }
      else
        {
          g_print ("refused\t%s\n", paths[i]);
          g_printerr ("%s\n", refused->message);
          status = EXIT_FAILURE;
        }
    }

  return status;
}

static void
on_photo_file_done (LullPhotoImport *import,
                    const char      *display_name,
                    const char      *id,
                    const char      *reason,
                    gpointer         user_data)
{
  if (id != NULL)
    g_print ("added\t%s\t%s\n", display_name, id);
  else
    {
      g_print ("refused\t%s\n", display_name);
      g_printerr ("%s\n", reason);
    }
}

/* lull --import-photos PATH…: no window. Folders are read through; one
 * line per file, as for --import-audio. The new photos come after those
 * photos.ini orders, oldest first (see LullPhotoSet). */
static int
import_photos (LullApplication    *self,
               const char * const *paths)
{
  g_autoptr(LullPhotoImport) import = NULL;
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  int status = EXIT_SUCCESS;

  if (!lull_media_init (&error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (sources, g_file_new_for_commandline_arg (paths[i]));

  import = lull_photo_import_new (self->data_root, (GFile **)sources->pdata, sources->len);
  g_signal_connect (import, "file-done", G_CALLBACK (on_photo_file_done), NULL);
  if (!lull_photo_import_run (import, NULL))
    status = EXIT_FAILURE;

  return status;
}

/* GApplication gives FILE arguments to ::open only when no option of the
 * application's takes them, and --import-audio does: so they are opened
 * here, in the Lull already running or in this one once it runs. */
static void
open_command_line_files (GApplication       *app,
                         const char * const *paths)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_commandline_arg (paths[i]));

  g_application_open (app, (GFile **)files->pdata, (int)files->len, "");
}

static int
lull_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  LullApplication *self = LULL_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  g_autofree const char **files = NULL;
  const char *data_dir = NULL;
  const char *export_csv = NULL;
  const char *import_csv = NULL;
  const char *import_routine = NULL;
  const char *export_report = NULL;
  const char *report_from = NULL;
  const char *report_to = NULL;
  gboolean import_audio_option, import_photos_option, open_files;

  self->background = g_variant_dict_contains (options, "background");

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "Lull", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &data_dir) && data_dir[0] != '\0')
    {
      self->data_root = lull_data_root_new (data_dir);

      /* A portable instance must never hand its work to an ordinary one
       * that keeps its files elsewhere. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }
  else
    self->data_root = lull_data_root_new_default ();

  import_audio_option = g_variant_dict_contains (options, "import-audio");
  import_photos_option = g_variant_dict_contains (options, "import-photos");
  g_variant_dict_lookup (options, "export-csv", "^&ay", &export_csv);
  g_variant_dict_lookup (options, "import-csv", "^&ay", &import_csv);
  g_variant_dict_lookup (options, "import-routine", "^&ay", &import_routine);
  g_variant_dict_lookup (options, "export-report", "^&ay", &export_report);
  g_variant_dict_lookup (options, "from", "&s", &report_from);
  g_variant_dict_lookup (options, "to", "&s", &report_to);
  if ((report_from != NULL || report_to != NULL) && export_report == NULL)
    {
      g_printerr (_("--from and --to choose the dates of --export-report, and go with it.\n"));
      return EXIT_BAD_COMMAND_LINE;
    }
  if (demo_option != NULL)
    {
      g_autofree char *text = g_steal_pointer (&demo_option);
      double speed;

      if (!parse_demo_speed (text, &speed))
        {
          /* Translators: %s is what was typed after --demo= */
          g_printerr (_("“%s” is not a speed Lull can show: give a whole number from 1 to 60, "
                        "such as --demo=10.\n"), text);
          return EXIT_BAD_COMMAND_LINE;
        }
      lull_application_set_demo_speed (self, speed);
    }
  /* Files named without an import are routines to open in the window. */
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &files);
  open_files = files != NULL && !import_audio_option && !import_photos_option;
  /* Each of these is one thing; a demonstration goes with the session it
   * opens into. */
  if ((import_audio_option || import_photos_option)
      + (start_session_option != NULL || self->demo_speed > 0)
      + open_files + (export_csv != NULL) + (import_csv != NULL) + (export_report != NULL)
      + (import_routine != NULL) > 1)
    {
      g_printerr (_("Do one thing at a time: export, import or open Lull, in separate "
                    "commands.\n"));
      return EXIT_BAD_COMMAND_LINE;
    }
  if (import_audio_option && import_photos_option)
    {
      g_printerr (_("Add sounds and photos one at a time: use either --import-audio or "
                    "--import-photos.\n"));
      return EXIT_BAD_COMMAND_LINE;
    }

  if (open_files)
    {
      /* The imports take files; the window opens only routine files. */
      for (guint i = 0; files[i] != NULL; i++)
        if (!g_str_has_suffix (files[i], ".lullroutine"))
          {
            g_printerr (_("Lull opens only routine files (FILE.lullroutine). To add sounds to its "
                          "library, use --import-audio FILE…; to add photos, --import-photos "
                          "FILE….\n"));
            return EXIT_BAD_COMMAND_LINE;
          }
    }
  else if (files == NULL && import_audio_option)
    {
      g_printerr (_("Name the sound files to add after --import-audio.\n"));
      return EXIT_BAD_COMMAND_LINE;
    }
  else if (files == NULL && import_photos_option)
    {
      g_printerr (_("Name the photos, clips or folders to add after --import-photos.\n"));
      return EXIT_BAD_COMMAND_LINE;
    }

  /* An unknown id is a usage error, said before any window opens and
   * before anything is written. */
  if (start_session_option != NULL)
    {
      self->start_routine = g_steal_pointer (&start_session_option);

      load_routines (self);
      if (self->start_routine[0] != '\0'
          && lull_application_find_routine (self, self->start_routine) == NULL)
        {
          g_autoptr(GString) ids = g_string_new (NULL);

          for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->routines)); i++)
            {
              g_autoptr(LullRoutine) routine = g_list_model_get_item (G_LIST_MODEL (self->routines), i);

              g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "", lull_routine_get_id (routine));
            }
          /* Translators: the first %s is what was asked for, the second a list of ids */
          g_printerr (_("There is no routine with the id “%s”. The routines here are: %s.\n"),
                      self->start_routine, ids->str);
          return EXIT_BAD_COMMAND_LINE;
        }
    }

  if (lull_data_root_get_portable (self->data_root))
    self->trace_places = lull_trace_places_new_from_environment ();

  /* An ordinary instance is unique on the session bus, so only a portable
   * one needs the lock to keep a second copy off its folder. */
  if (!lull_data_root_prepare (self->data_root, &error)
      || (lull_data_root_get_portable (self->data_root)
          && (!lull_data_root_lock (self->data_root, &error)
              || !enter_portable_environment (self->data_root, &error))))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_BAD_COMMAND_LINE;
    }

  if (lull_data_root_get_portable (self->data_root) && lull_data_root_get_is_new (self->data_root))
    write_portable_guide (self->data_root);

  /* Nearly full: Lull starts, and says so on the command line and in the
   * window, while saving still works. */
  {
    g_autofree char *low_space = lull_data_root_check_space (self->data_root);

    if (low_space != NULL)
      {
        g_printerr ("%s\n", low_space);
        g_ptr_array_add (self->notices, g_steal_pointer (&low_space));
      }
  }

  if (files != NULL && !open_files)
    return import_photos_option ? import_photos (self, files) : import_audio (self, files);
  if (export_csv != NULL)
    return lull_csv_command_export (self->data_root, export_csv);
  if (import_csv != NULL)
    return lull_csv_command_import (self->data_root, import_csv);
  if (import_routine != NULL)
    {
      load_routines (self);
      return lull_routine_command_import (self->data_root, G_LIST_MODEL (self->routines),
                                          import_routine);
    }
  if (export_report != NULL)
    return export_report_command (self, export_report, report_from, report_to);

  if (open_files)
    {
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
      if (g_application_get_is_remote (app))
        {
          open_command_line_files (app, files);
          return EXIT_SUCCESS;
        }
      self->open_files = g_strdupv ((char **)files);
    }

  if (self->start_routine != NULL || self->demo_speed > 0)
    {
      /* Lull is already open: ask that copy to show the demonstration and
       * start the session. */
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
      if (g_application_get_is_remote (app))
        {
          if (self->demo_speed > 0)
            g_action_group_activate_action (G_ACTION_GROUP (app), "demo-speed",
                                            g_variant_new_double (self->demo_speed));
          if (self->start_routine == NULL)
            return G_APPLICATION_CLASS (lull_application_parent_class)->handle_local_options (app, options);
          g_action_group_activate_action (G_ACTION_GROUP (app), "start-session",
                                          g_variant_new_string (self->start_routine));
          return EXIT_SUCCESS;
        }
    }

  /* --background while Lull runs already (waiting, or with its window):
   * nothing to start, and no window to show. */
  if (self->background)
    {
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
      if (g_application_get_is_remote (app))
        return EXIT_SUCCESS;
    }

  return G_APPLICATION_CLASS (lull_application_parent_class)->handle_local_options (app, options);
}

static GSettings *
create_portable_settings (LullApplication  *self,
                          GSettingsSchema  *schema)
{
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *root_path = NULL;

  filename = lull_data_root_build_filename (self->data_root, "settings.ini", NULL);

  if (!lull_settings_file_check (filename, schema, &error))
    {
      g_autoptr(GError) move_error = NULL;
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *moved = NULL;

      g_warning ("Damaged preferences in %s: %s", filename, error->message);

      moved = lull_data_root_quarantine (self->data_root, filename, now, &move_error);
      if (moved != NULL)
        g_ptr_array_add (self->notices, g_strdup (_("Your preferences file was damaged, so Lull set it aside "
                                   "in the quarantine folder and started with the usual "
                                   "preferences. Your other data is untouched.")));
      else
        {
          g_warning ("%s", move_error->message);
          g_ptr_array_add (self->notices,
                           g_strdup (_("Your preferences file is damaged and could not be set "
                                       "aside, so Lull is using the usual preferences for now. "
                                       "Changes may not be kept.")));
          return g_settings_new_full (schema, NULL, NULL);
        }
    }

  root_path = g_strdup (g_settings_schema_get_path (schema));
  backend = g_keyfile_settings_backend_new (filename, root_path, LULL_SETTINGS_FILE_GROUP);

  return g_settings_new_full (schema, backend, NULL);
}

/* The preferences: in the data root in portable mode, else GSettings'
 * own store. */
static void
open_settings (LullApplication *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (self->settings != NULL)
    return;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, BASE_APPLICATION_ID, TRUE);
  if (schema == NULL)
    g_error ("The settings schema %s is not installed; run Lull through build-aux/dev run",
             BASE_APPLICATION_ID);

  if (lull_data_root_get_portable (self->data_root))
    self->settings = create_portable_settings (self, schema);
  else
    self->settings = g_settings_new_full (schema, NULL, NULL);
}

static const char *
routine_name_of (const char *id,
                 gpointer    user_data)
{
  LullRoutine *routine = lull_application_find_routine (user_data, id);

  return routine != NULL ? lull_routine_get_name (routine) : NULL;
}

/**
 * lull_application_get_report_options:
 *
 * Fills @options with what the report takes from the parent's preferences
 * (amounts hidden, the unit, the daily goal) and the routines' names; the
 * range is left as it was.
 */
void
lull_application_get_report_options (LullApplication   *self,
                                     LullReportOptions *options)
{
  g_autofree char *unit = NULL;

  g_return_if_fail (LULL_IS_APPLICATION (self));
  g_return_if_fail (options != NULL);

  load_routines (self);
  open_settings (self);
  unit = g_settings_get_string (self->settings, "volume-unit");
  options->hide_amounts = g_settings_get_boolean (self->settings, "hide-amounts");
  options->fl_oz = g_str_equal (unit, "us-fl-oz");
  options->daily_goal = (guint)g_settings_get_int (self->settings, "daily-goal");
  options->routine_name = routine_name_of;
  options->routine_name_data = self;
}

/* lull --export-report FILE.pdf, with no window. */
static int
export_report_command (LullApplication *self,
                       const char      *path,
                       const char      *from,
                       const char      *to)
{
  LullReportOptions options = { 0 };

  lull_application_get_report_options (self, &options);
  return lull_report_command_export (self->data_root, path, from, to, &options);
}

static void
apply_color_scheme (LullApplication *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;
  g_autofree char *nick = g_settings_get_string (self->settings, "color-scheme");

  if (g_str_equal (nick, "light"))
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (nick, "dark"))
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (style_manager, scheme);
}

static void
apply_reduce_motion (LullApplication *self)
{
  GtkSettings *gtk_settings = gtk_settings_get_default ();

  if (gtk_settings == NULL)
    return;

  /* Only ever switch animations off: when the parent does not ask for
   * reduced motion, the desktop's own choice stands. */
  if (g_settings_get_boolean (self->settings, "reduce-motion"))
    g_object_set (gtk_settings, "gtk-enable-animations", FALSE, NULL);
  else
    gtk_settings_reset_property (gtk_settings, "gtk-enable-animations");
}

static void
on_settings_changed (GSettings       *settings,
                     const char      *key,
                     LullApplication *self)
{
  if (g_str_equal (key, "color-scheme"))
    apply_color_scheme (self);
  else if (g_str_equal (key, "reduce-motion"))
    apply_reduce_motion (self);
}

/* Only this month before the first frame: enough for the home page's
 * count of today. The rest follows in a worker thread once the window is
 * up (load_history_rest), so a long history never delays the window. */
static void
load_history_current (LullApplication *self)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = lull_clock_get_now (self->clock);

  self->history = lull_history_new (self->data_root);
  lull_history_load_current (self->history, now, problems);

  for (guint i = 0; i < problems->len; i++)
    g_ptr_array_add (self->notices, g_strdup (g_ptr_array_index (problems, i)));
}

static void
on_history_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LullApplication) self = user_data;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  if (!lull_history_load_finish (LULL_HISTORY (source), result, &problems, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (problems == NULL)
        problems = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (problems, g_strdup (error->message));
    }

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (LULL_IS_WINDOW (window) && problems != NULL)
    lull_window_show_notices (LULL_WINDOW (window), problems);
}

static void
load_history_rest (LullApplication *self)
{
  lull_history_load_async (self->history, self->cancellable, on_history_loaded,
                           g_object_ref (self));
}

/* @sources maps each id listed so far to where it came from: a file name,
 * or NULL for a built-in routine. */
static void
add_routine (LullApplication *self,
             LullRoutine     *routine,
             GHashTable      *sources,
             const char      *file)
{
  const char *id = lull_routine_get_id (routine);
  const char *first;

  /* A file of the parent's may not take the place of a built-in routine,
   * and of two files with one id the first by name is listed. */
  if (g_hash_table_lookup_extended (sources, id, NULL, (gpointer *)&first))
    {
      if (first == NULL)
        g_ptr_array_add (self->notices,
                         g_strdup_printf (_("The routine file “%s” uses the id “%s”, which "
                                            "belongs to a built-in routine, so it is not "
                                            "listed. Give it another id to use it."),
                                          file, id));
      else
        g_ptr_array_add (self->notices,
                         g_strdup_printf (_("The routine files “%s” and “%s” share the id "
                                            "“%s”, so only “%s” is listed. Give one of them "
                                            "another id to use both."),
                                          first, file, id, first));
      return;
    }

  g_hash_table_insert (sources, g_strdup (id), g_strdup (file));
  g_list_store_append (self->routines, routine);
}

/* For qsort and g_ptr_array_sort, which pass pointers to the elements. */
static int
compare_file_names (const void *a,
                    const void *b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static void
load_routines (LullApplication *self)
{
  const char * const *languages = g_get_language_names ();
  g_auto(GStrv) builtin = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *folder = NULL;
  const char *name;

  if (self->routines_loaded)
    return;
  self->routines_loaded = TRUE;

  builtin = g_resources_enumerate_children (RESOURCE_BASE "/routines/",
                                            G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (builtin != NULL)
    qsort (builtin, g_strv_length (builtin), sizeof (char *), compare_file_names);

  for (guint i = 0; builtin != NULL && builtin[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (RESOURCE_BASE "/routines/", builtin[i], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_autoptr(LullRoutine) routine = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;
      const char *data = g_bytes_get_data (bytes, &length);

      routine = lull_routine_new_from_data (data, length, languages, &error);
      if (routine == NULL)
        g_error ("Built-in routine %s is broken: %s", builtin[i], error->message);

      lull_routine_set_builtin (routine, TRUE);
      add_routine (self, routine, sources, NULL);
    }

  /* The parent's own and imported routines, listed beside the built-in
   * ones; a damaged file is skipped with one message naming it. */
  folder = lull_data_root_build_filename (self->data_root, "routines", NULL);
  dir = g_dir_open (folder, 0, NULL);
  /* Hidden files (an editor's backup, a copy in progress) are not
   * routines of the parent's. */
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && g_str_has_suffix (name, ".lullroutine"))
      g_ptr_array_add (names, g_strdup (name));
  /* By file name, so that the list, and which of two files with one id
   * wins, is the same on every start. */
  g_ptr_array_sort (names, compare_file_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (folder, file, NULL);
      g_autoptr(LullRoutine) routine = NULL;
      g_autoptr(GError) error = NULL;

      routine = lull_routine_new_from_file (path, languages, &error);
      if (routine == NULL)
        {
          /* The parser's message already names the file and the problem. */
          g_ptr_array_add (self->notices, g_strdup (error->message));
          continue;
        }

      {
        g_autofree char *display = g_filename_display_name (file);

        lull_routine_set_file_name (routine, file);
        add_routine (self, routine, sources, display);
      }
    }
}

static void
lull_application_activate (GApplication *app)
{
  LullApplication *self = LULL_APPLICATION (app);
  GtkWindow *window;

  if (self->open_files != NULL)
    {
      g_auto(GStrv) paths = g_steal_pointer (&self->open_files);

      /* ::open comes back here for the window. */
      open_command_line_files (app, (const char * const *)paths);
      return;
    }

  /* The whole history, once: the window may close and open again while
   * Lull waits in the background. */
  if (!self->history_loading_started)
    {
      self->history_loading_started = TRUE;
      load_history_rest (self);
    }

  /* --background (at login): no window; the reminders wait. Without
   * them there is nothing to wait for, and Lull ends at once. */
  if (self->background)
    {
      self->background = FALSE;
      return;
    }

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      window = GTK_WINDOW (lull_window_new (self));

      lull_window_show_notices (LULL_WINDOW (window), self->notices);
      g_ptr_array_set_size (self->notices, 0);

      gtk_window_present (window);
      if (self->banner_title != NULL)
        lull_window_show_reminder (LULL_WINDOW (window), self->banner_title, self->banner_body);
      lull_window_offer_recovery (LULL_WINDOW (window));
      if (self->start_routine != NULL)
        {
          g_autofree char *id = g_steal_pointer (&self->start_routine);

          g_action_group_activate_action (G_ACTION_GROUP (self), "start-session",
                                          g_variant_new_string (id));
        }
      return;
    }

  gtk_window_present (window);
}

/* --- Reminders and the background -------------------------------------- */

static char *
autostart_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart",
                           APPLICATION_ID ".desktop", NULL);
}

/* The autostart entry, written only while the parent wants it, and never
 * in portable mode (nothing is written outside the data root there). */
static void
update_autostart (LullApplication *self)
{
  g_autofree char *path = autostart_path ();
  g_autoptr(GError) error = NULL;
  gboolean wanted = g_settings_get_boolean (self->settings, "start-at-login")
                    && lull_reminder_service_get_enabled (self->reminders)
                    && !lull_data_root_get_portable (self->data_root);

  if (lull_data_root_get_portable (self->data_root))
    return;

  if (wanted)
    {
      g_autofree char *folder = g_path_get_dirname (path);
      g_autofree char *text = NULL;

      /* Translators: the name of Lull's login entry, as a session
       * manager may list it */
      text = g_strdup_printf ("[Desktop Entry]\n"
                              "Type=Application\n"
                              "Name=%s\n"
                              "Exec=lull --background\n"
                              "Icon=%s\n"
                              "NoDisplay=true\n"
                              "X-GNOME-Autostart-enabled=true\n",
                              _("Lull reminders"), APPLICATION_ID);
      if (g_mkdir_with_parents (folder, 0700) != 0
          || !g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                        &error))
        g_warning ("Could not write %s: %s", path, error != NULL ? error->message
                                                                 : g_strerror (errno));
    }
  else if (g_file_test (path, G_FILE_TEST_EXISTS) && g_unlink (path) != 0)
    {
      g_warning ("Could not remove %s: %s", path, g_strerror (errno));
    }
}

/* With reminders on, Lull stays running when its window closes, so that
 * they still come; with them off, closing the window quits. */
static void
update_background (LullApplication *self)
{
  gboolean enabled = lull_reminder_service_get_enabled (self->reminders);

  if (enabled && !self->held)
    g_application_hold (G_APPLICATION (self));
  else if (!enabled && self->held)
    g_application_release (G_APPLICATION (self));
  self->held = enabled;

  update_autostart (self);
}

static void
on_reminder_banner (LullReminderService *reminders,
                    const char          *title,
                    const char          *body,
                    LullApplication     *self)
{
  GtkWindow *window;

  /* No notification server: the window says it, and comes forward. */
  g_free (self->banner_title);
  g_free (self->banner_body);
  self->banner_title = g_strdup (title);
  self->banner_body = g_strdup (body);

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (LULL_IS_WINDOW (window))
    lull_window_show_reminder (LULL_WINDOW (window), title, body);
}

static void
on_reminder_withdrawn (LullReminderService *reminders,
                       LullApplication     *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  g_clear_pointer (&self->banner_title, g_free);
  g_clear_pointer (&self->banner_body, g_free);
  if (LULL_IS_WINDOW (window))
    lull_window_hide_reminder (LULL_WINDOW (window));
}

LullReminderService *
lull_application_get_reminders (LullApplication *self)
{
  g_return_val_if_fail (LULL_IS_APPLICATION (self), NULL);

  return self->reminders;
}

static void
lull_application_startup (GApplication *app)
{
  LullApplication *self = LULL_APPLICATION (app);

  G_APPLICATION_CLASS (lull_application_parent_class)->startup (app);

  /* GTK's own file chooser (no portal, as on a hospital computer) would
   * add the photos and sounds chosen to the desktop's recent files, in
   * the home folder: Lull writes nothing outside its data root. */
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);

  gtk_window_set_default_icon_name (APPLICATION_ID);

  /* Started through D-Bus or by a test harness, no options were parsed. */
  if (self->data_root == NULL)
    self->data_root = lull_data_root_new_default ();

  open_settings (self);

  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (on_settings_changed), self, 0);
  apply_color_scheme (self);
  apply_reduce_motion (self);

  self->clock = lull_clock_new_system ();
  load_history_current (self);
  load_routines (self);

  self->reminders = lull_reminder_service_new (app, self->settings, self->history, self->clock);
  g_signal_connect_object (self->reminders, "banner", G_CALLBACK (on_reminder_banner), self, 0);
  g_signal_connect_object (self->reminders, "withdrawn", G_CALLBACK (on_reminder_withdrawn),
                           self, 0);
  g_signal_connect_object (self->settings, "changed::reminder-mode",
                           G_CALLBACK (update_background), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::start-at-login",
                           G_CALLBACK (update_background), self, G_CONNECT_SWAPPED);
  update_background (self);

  /* Only a portable Lull has a folder to forget; the menu item hides
   * itself when the action is missing. */
  if (lull_data_root_get_portable (self->data_root))
    add_portable_actions (self);
}

static void
lull_application_shutdown (GApplication *app)
{
  LullApplication *self = LULL_APPLICATION (app);

  g_settings_sync ();
  if (self->settings != NULL)
    g_settings_apply (self->settings);

  g_cancellable_cancel (self->cancellable);

  G_APPLICATION_CLASS (lull_application_parent_class)->shutdown (app);

  /* Last, once the windows and the settings have written what they
   * write: the folder goes, and the lock with it. */
  if (self->forget_data_root)
    {
      g_autoptr(GError) error = NULL;

      lull_data_root_unlock (self->data_root);
      if (!lull_traces_delete_data_root (lull_data_root_get_path (self->data_root),
                                         g_get_home_dir (), &error))
        g_ptr_array_add (self->forget_problems, g_strdup (error->message));
    }

  /* The parent chose to leave nothing: what is left must not go unsaid. */
  if (self->forget_problems != NULL && self->forget_problems->len > 0)
    {
      for (guint i = 0; i < self->forget_problems->len; i++)
        g_printerr ("%s\n", (char *)g_ptr_array_index (self->forget_problems, i));
      g_ptr_array_add (self->forget_problems, NULL);
      lull_forget_tell_left ((const char * const *)self->forget_problems->pdata);
    }
}

/* Routine files opened from Files (double-click, Open With) or named on
 * the command line: each is imported as Import Routine… does, in the
 * window, which opens first when there is none. */
static void
lull_application_open (GApplication  *app,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  GtkWindow *window;

  LULL_APPLICATION (app)->background = FALSE;
  g_application_activate (app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    return;

  for (int i = 0; i < n_files; i++)
    lull_routine_transfer_open (window, LULL_APPLICATION (app), files[i]);
}

static void
lull_application_dispose (GObject *object)
{
  LullApplication *self = LULL_APPLICATION (object);

  g_clear_object (&self->reminders);
  g_clear_pointer (&self->banner_title, g_free);
  g_clear_pointer (&self->banner_body, g_free);
  g_clear_pointer (&self->forget_problems, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->history);
  g_clear_object (&self->routines);
  g_clear_object (&self->track_library);
  g_clear_object (&self->photo_set);
  g_clear_object (&self->thumbnailer);
  g_clear_object (&self->sound_choices);
  g_clear_object (&self->clock);
  g_clear_object (&self->data_root);

  G_OBJECT_CLASS (lull_application_parent_class)->dispose (object);
}

static void
lull_application_finalize (GObject *object)
{
  LullApplication *self = LULL_APPLICATION (object);

  g_clear_pointer (&self->notices, g_ptr_array_unref);
  g_clear_pointer (&self->trace_places, lull_trace_places_free);
  g_free (self->start_routine);
  g_strfreev (self->open_files);

  G_OBJECT_CLASS (lull_application_parent_class)->finalize (object);
}

static void
lull_application_class_init (LullApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = lull_application_dispose;
  object_class->finalize = lull_application_finalize;

  app_class->handle_local_options = lull_application_handle_local_options;
  app_class->startup = lull_application_startup;
  app_class->activate = lull_application_activate;
  app_class->open = lull_application_open;
  app_class->shutdown = lull_application_shutdown;

  lull_register_resource ();
}

static void
on_quit_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (LULL_IS_WINDOW (window) && !lull_window_confirm_quit (LULL_WINDOW (window)))
    return;

  g_application_quit (G_APPLICATION (user_data));
}

/* Starts a session of the routine @id, or of the last one used (""), in
 * the window: a demonstration while that mode is on, unless @kept. */
static void
start_session_in_window (LullApplication *self,
                         const char      *id,
                         gboolean         kept)
{
  g_autofree char *last = g_settings_get_string (self->settings, "last-routine");
  g_autoptr(LullRoutine) first = NULL;
  GtkWindow *window;
  LullRoutine *routine;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (!LULL_IS_WINDOW (window))
    return;

  routine = lull_application_find_routine (self, id[0] != '\0' ? id : last);
  if (routine == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->routines)) > 0)
    routine = first = g_list_model_get_item (G_LIST_MODEL (self->routines), 0);
  if (routine == NULL)
    return;
  if (kept)
    lull_window_start_kept_session (LULL_WINDOW (window), routine);
  else
    lull_window_start_session (LULL_WINDOW (window), routine);
}

/* app.start-session("ID"), or "" for the last routine used: what
 * --start-session asks for, also when Lull is already open. */
static void
on_start_session_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  start_session_in_window (LULL_APPLICATION (user_data),
                           g_variant_get_string (parameter, NULL), FALSE);
}

/* app.start-reminded-session: a reminder's Start Session. The reminder is
 * the parent's, so its session is kept even while Demonstration Mode is
 * on (a counsellor who left it on must not cost her a session). */
static void
on_start_reminded_session_activated (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  start_session_in_window (LULL_APPLICATION (user_data), "", TRUE);
}

/* app.demo: the menu's Demonstration Mode, on or off. */
static void
on_demo_change_state (GSimpleAction *action,
                      GVariant      *state,
                      gpointer       user_data)
{
  LullApplication *self = LULL_APPLICATION (user_data);

  lull_application_set_demo_speed (self, g_variant_get_boolean (state)
                                         ? (self->demo_speed > 0 ? self->demo_speed
                                                                 : DEMO_DEFAULT_SPEED)
                                         : 0);
}

/* app.demo-speed(SPEED): --demo=SPEED for a Lull already open. */
static void
on_demo_speed_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  double speed = g_variant_get_double (parameter);

  if (speed >= LULL_CLOCK_SPEED_MIN && speed <= LULL_CLOCK_SPEED_MAX)
    lull_application_set_demo_speed (LULL_APPLICATION (user_data), speed);
}

static void
on_preferences_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  LullApplication *self = LULL_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  LullPreferencesWindow *preferences;

  preferences = lull_preferences_window_new (self->settings);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
on_sounds_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  LullApplication *self = LULL_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  LullSoundLibraryWindow *sounds;

  sounds = lull_sound_library_window_new (self, parent);
  gtk_window_present (GTK_WINDOW (sounds));
}

static void
on_photos_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  LullApplication *self = LULL_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* One Photos window: its undo toasts own the photos it removed. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (LULL_IS_PHOTO_SET_WINDOW (l->data))
      {
        gtk_window_present (l->data);
        return;
      }

  gtk_window_present (GTK_WINDOW (lull_photo_set_window_new (self, parent)));
}

static void
on_routines_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  LullApplication *self = LULL_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* One Routines window: its undo toasts own the routines it deleted, and
   * two editors of one file would overwrite each other. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (LULL_IS_ROUTINES_WINDOW (l->data))
      {
        gtk_window_present (l->data);
        return;
      }

  gtk_window_present (GTK_WINDOW (lull_routines_window_new (self, parent)));
}

/* tests/bench/history_window.py sets LULL_BENCH_HISTORY: the History
 * window opens on Progress with All Time, as it does for a parent who
 * looked at those last, and `history-first-frame MS`,
 * from the action to the window's first frame painted, is printed. Half a
 * second later Sessions is shown and, three frames on, its list is
 * scrolled to its end and back, linearly,
 * over BENCH_HISTORY_SCROLL_US each way; the main thread's time for each
 * frame (before-paint to after-paint) and the time between frames, in µs,
 * follow as `history-scroll-frames` and `history-scroll-intervals` (empty
 * without sessions), and Lull quits. The action waits until the history
 * has loaded. */
#define BENCH_HISTORY_ENV       "LULL_BENCH_HISTORY"
#define BENCH_HISTORY_SCROLL_US (3 * G_USEC_PER_SEC)
#define BENCH_HISTORY_SETTLE_FRAMES 3

typedef struct
{
  GtkWindow *window;
  gint64     start;
  gint64     frame_start;
  gint64     last_paint;
  gint64     scroll_start;
  guint      settle_frames;
  GArray    *frames;
  GArray    *intervals;
} BenchHistory;

static GtkWidget *
bench_history_find (GtkWidget *widget,
                    GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = bench_history_find (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
bench_history_print (GArray *values)
{
  for (guint i = 0; i < values->len; i++)
    g_print ("%s%" G_GINT64_FORMAT, i == 0 ? "" : ",", g_array_index (values, gint64, i));
  g_print ("\n");
}

static void
bench_history_before_paint (GdkFrameClock *clock,
                            BenchHistory  *bench)
{
  bench->frame_start = g_get_monotonic_time ();
}

static void
bench_history_after_paint (GdkFrameClock *clock,
                           BenchHistory  *bench)
{
  gint64 now = g_get_monotonic_time ();

  if (bench->start != 0)
    {
      g_print ("history-first-frame %.3f\n", (now - bench->start) / 1000.0);
      fflush (stdout);
      bench->start = 0;
      return;
    }
  if (bench->scroll_start == 0 || bench->frame_start == 0)
    return;
  g_array_append_val (bench->frames, (gint64) { now - bench->frame_start });
  if (bench->last_paint != 0)
    g_array_append_val (bench->intervals, (gint64) { now - bench->last_paint });
  bench->last_paint = now;
}

static void
bench_history_finish (BenchHistory *bench)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->window));
  GApplication *app = G_APPLICATION (gtk_window_get_application (bench->window));

  g_signal_handlers_disconnect_by_data (clock, bench);
  g_print ("history-scroll-frames ");
  bench_history_print (bench->frames);
  g_print ("history-scroll-intervals ");
  bench_history_print (bench->intervals);
  fflush (stdout);
  g_array_unref (bench->frames);
  g_array_unref (bench->intervals);
  g_free (bench);
  g_application_quit (app);
}

static gboolean
bench_history_tick (GtkWidget     *list,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  BenchHistory *bench = user_data;
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  double t;

  /* The first frames show the page and make the list's rows: the
   * scroll starts after them. */
  if (bench->scroll_start == 0)
    {
      if (++bench->settle_frames <= BENCH_HISTORY_SETTLE_FRAMES)
        return G_SOURCE_CONTINUE;
      bench->scroll_start = now;
    }
  t = (double)(now - bench->scroll_start) / BENCH_HISTORY_SCROLL_US;
  if (t >= 2.0)
    {
      gtk_adjustment_set_value (adjustment, 0.0);
      bench_history_finish (bench);
      return G_SOURCE_REMOVE;
    }
  gtk_adjustment_set_value (adjustment, end * (t <= 1.0 ? t : 2.0 - t));
  return G_SOURCE_CONTINUE;
}

static void
bench_history_scroll (gpointer user_data)
{
  BenchHistory *bench = user_data;
  GtkWidget *stack = bench_history_find (GTK_WIDGET (bench->window), ADW_TYPE_VIEW_STACK);
  GtkWidget *list = bench_history_find (GTK_WIDGET (bench->window), GTK_TYPE_LIST_VIEW);

  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "sessions");
  if (list == NULL || !gtk_widget_get_mapped (list))
    bench_history_finish (bench);
  else
    gtk_widget_add_tick_callback (list, bench_history_tick, bench, NULL);
}

static void
bench_history_realized (GtkWidget    *window,
                        BenchHistory *bench)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "before-paint", G_CALLBACK (bench_history_before_paint), bench);
  g_signal_connect (clock, "after-paint", G_CALLBACK (bench_history_after_paint), bench);
  /* Sessions is shown after the first frame; the list on it is mapped
   * then. */
  g_timeout_add_once (500, bench_history_scroll, bench);
}

static LullHistoryWindow *
new_history_window (LullApplication *self)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  LullHistoryWindow *history = lull_history_window_new (self, parent);

  lull_history_window_add_progress_page (history, lull_progress_page_new (self));
  return history;
}

static void
bench_history_open (LullApplication *self)
{
  BenchHistory *bench = g_new0 (BenchHistory, 1);
  LullHistoryWindow *history;

  bench->start = g_get_monotonic_time ();
  bench->frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench->intervals = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* As a parent who looked at all time on Progress last. */
  g_settings_set_string (self->settings, "history-page", "progress");
  g_settings_set_string (self->settings, "progress-range", "all-time");
  history = new_history_window (self);
  bench->window = GTK_WINDOW (history);
  g_signal_connect (history, "realize", G_CALLBACK (bench_history_realized), bench);
  gtk_window_present (GTK_WINDOW (history));
}

static void
bench_history_loaded (LullHistory     *history,
                      GParamSpec      *pspec,
                      LullApplication *self)
{
  if (lull_history_get_loading (history))
    return;
  g_signal_handlers_disconnect_by_func (history, bench_history_loaded, self);
  bench_history_open (self);
}

static void
on_history_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  LullApplication *self = LULL_APPLICATION (user_data);

  /* One History window: its undo toasts own the sessions it deleted. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (LULL_IS_HISTORY_WINDOW (l->data))
      {
        gtk_window_present (l->data);
        return;
      }

  if (g_getenv (BENCH_HISTORY_ENV) != NULL)
    {
      if (lull_history_get_loading (self->history))
        g_signal_connect (self->history, "notify::loading", G_CALLBACK (bench_history_loaded), self);
      else
        bench_history_open (self);
      return;
    }

  gtk_window_present (GTK_WINDOW (new_history_window (self)));
}

static void
on_shortcuts_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static char *
build_debug_info (void)
{
  g_autofree char *gst = lull_media_dup_version_string ();

  return g_strdup_printf ("Lull %s (%s)\n"
                          "GLib %u.%u.%u\n"
                          "GTK %u.%u.%u\n"
                          "libadwaita %u.%u.%u\n"
                          "%s\n",
                          PACKAGE_VERSION, PROFILE,
                          glib_major_version, glib_minor_version, glib_micro_version,
                          gtk_get_major_version (), gtk_get_minor_version (),
                          gtk_get_micro_version (),
                          adw_get_major_version (), adw_get_minor_version (),
                          adw_get_micro_version (),
                          gst);
}

static void
on_about_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  LullApplication *self = LULL_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(LullMetainfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *debug_info = NULL;
  const char *data;
  gsize length;
  AdwAboutWindow *about;

  bytes = g_resources_lookup_data (RESOURCE_BASE "/metainfo.xml",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("The metainfo is missing from the resources: %s", error->message);

  data = g_bytes_get_data (bytes, &length);
  info = lull_metainfo_new_from_data (data, length, g_get_language_names (), &error);
  if (info == NULL)
    g_error ("The bundled metainfo cannot be read: %s", error->message);

  debug_info = build_debug_info ();

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  g_object_set (about,
                "transient-for", parent,
                "application-icon", APPLICATION_ID,
                "application-name", lull_metainfo_get_name (info),
                "comments", lull_metainfo_get_summary (info),
                "developer-name", lull_metainfo_get_developer_name (info),
                "version", lull_metainfo_get_version (info),
                "release-notes-version", lull_metainfo_get_version (info),
                "release-notes", lull_metainfo_get_release_notes (info),
                "website", lull_metainfo_get_url (info, "homepage"),
                "issue-url", lull_metainfo_get_url (info, "bugtracker"),
                "license-type", GTK_LICENSE_GPL_3_0,
                "copyright", _("© 2026 The Lull developers"),
                /* Translators: put your names here, one per line */
                "translator-credits", _("translator-credits"),
                "debug-info", debug_info,
                NULL);

  gtk_window_present (GTK_WINDOW (about));
}

static void
on_import_routine_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  LullApplication *self = LULL_APPLICATION (user_data);
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    lull_routine_transfer_choose_import (window, self);
}

static void
on_forget_computer_activated (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  LullApplication *self = LULL_APPLICATION (user_data);

  lull_forget_computer (self, gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static const GActionEntry app_actions[] = {
  { "quit", on_quit_activated },
  { "start-session", on_start_session_activated, "s" },
  { "start-reminded-session", on_start_reminded_session_activated },
  { "demo", NULL, NULL, "false", on_demo_change_state },
  { "demo-speed", on_demo_speed_activated, "d" },
  { "preferences", on_preferences_activated },
  { "sounds", on_sounds_activated },
  { "photos", on_photos_activated },
  { "routines", on_routines_activated },
  { "history", on_history_activated },
  { "import-routine", on_import_routine_activated },
  { "shortcuts", on_shortcuts_activated },
  { "about", on_about_activated },
};

static const GActionEntry portable_actions[] = {
  { "forget-computer", on_forget_computer_activated },
};

static void
add_portable_actions (LullApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   portable_actions, G_N_ELEMENTS (portable_actions),
                                   self);
}

static void
lull_application_init (LullApplication *self)
{
  self->notices = g_ptr_array_new_with_free_func (g_free);
  self->routines = g_list_store_new (LULL_TYPE_ROUTINE);
  self->cancellable = g_cancellable_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("A calm routine for expressing breast milk."));

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.sounds",
                                         (const char *[]) { "<Control>l", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.photos",
                                         (const char *[]) { "<Control>p", NULL });
  /* Not Ctrl+R: the Sounds window records with it, and an application
   * shortcut would come first. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.routines",
                                         (const char *[]) { "<Control>t", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.history",
                                         (const char *[]) { "<Control>h", NULL });
}

GSettings *
lull_application_get_settings (LullApplication *self)
{
  g_return_val_if_fail (LULL_IS_APPLICATION (self), NULL);

  return self->settings;
}

LullDataRoot *
lull_application_get_data_root (LullApplication *self)
{
  g_return_val_if_fail (LULL_IS_APPLICATION (self), NULL);

  return self->data_root;
}

/**
 * lull_application_get_demo_speed:
 *
 * Returns: how many times faster than real time sessions run in
 *   demonstration mode, or 0 when it is off
 */
double
lull_application_get_demo_speed (LullApplication *self)
{
  g_return_val_if_fail (LULL_IS_APPLICATION (self), 0);

  return self->demo_speed;
}

/* Sessions started from now on are demonstrations (@speed 1 to 60) or
 * kept (0). The app.demo action's state follows, and with it the menu's
 * check box and the window's badge. */
void
lull_application_set_demo_speed (LullApplication *self,
                                 double           speed)
{
  GAction *action;

  g_return_if_fail (LULL_IS_APPLICATION (self));
  g_return_if_fail (speed == 0 || (speed >= LULL_CLOCK_SPEED_MIN && speed <= LULL_CLOCK_SPEED_MAX));

  self->demo_speed = speed;
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "demo");
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (speed > 0));
}

LullClock *
lull_application_get_clock (LullApplication *self)
{
  g_return_val_if_fail (LULL_IS_APPLICATION (self), NULL);

  return self->clock;
}

LullHistory *
lull_application_get_history (LullApplication *self)
{
  g_return_val_if_fail (LULL_IS_APPLICATION (self), NULL);

  return self->history;
}

/**
 * lull_application_get_routines:
 *
 * Returns: (transfer none): the built-in routines, then the parent's own
 */
GListModel *
lull_application_get_routines (LullApplication *self)
{
  g_return_val_if_fail (LULL_IS_APPLICATION (self), NULL);

  return G_LIST_MODEL (self->routines);
}

/**
 * lull_application_reload_routines:
 *
 * Reads the routines again after the parent's files changed (an edit, an
 * import, a deletion): the list keeps its identity and changes in place.
 * Problems found go to the window.
 */
void
lull_application_reload_routines (LullApplication *self)
{
  g_autoptr(GListStore) old = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_old;

  g_return_if_fail (LULL_IS_APPLICATION (self));

  /* load_routines() fills self->routines and self->notices; let it fill
   * fresh ones, then move its result into the list everyone holds. */
  old = g_steal_pointer (&self->routines);
  notices = g_steal_pointer (&self->notices);
  self->routines = g_list_store_new (LULL_TYPE_ROUTINE);
  self->notices = g_ptr_array_new_with_free_func (g_free);
  self->routines_loaded = FALSE;
  load_routines (self);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->routines)); i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (self->routines), i));
  n_old = g_list_model_get_n_items (G_LIST_MODEL (old));
  g_list_store_splice (old, 0, n_old, items->pdata, items->len);

  g_clear_object (&self->routines);
  self->routines = g_steal_pointer (&old);
  {
    g_autoptr(GPtrArray) found = g_steal_pointer (&self->notices);

    self->notices = g_steal_pointer (&notices);
    tell_problems (self, found);
  }
}

LullRoutine *
lull_application_find_routine (LullApplication *self,
                               const char      *id)
{
  g_return_val_if_fail (LULL_IS_APPLICATION (self), NULL);

  for (guint i = 0; id != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->routines)); i++)
    {
      g_autoptr(LullRoutine) routine = g_list_model_get_item (G_LIST_MODEL (self->routines), i);

      if (g_strcmp0 (lull_routine_get_id (routine), id) == 0)
        return routine;
    }

  return NULL;
}

/* Problems found in the sound library or the sound choices go to the
 * window, or wait for it. */
static void
tell_problems (LullApplication *self,
               GPtrArray       *problems)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (problems->len == 0)
    return;

  if (LULL_IS_WINDOW (window))
    lull_window_show_notices (LULL_WINDOW (window), problems);
  else
    for (guint i = 0; i < problems->len; i++)
      g_ptr_array_add (self->notices, g_strdup (g_ptr_array_index (problems, i)));
}

/**
 * lull_application_get_track_library:
 *
 * The sound library, listed on first use: built-in tracks and the
 * parent's own, without their lengths (lull_track_library_load() finds
 * them). GStreamer starts then, not at start-up.
 *
 * Returns: (transfer none): the library
 */
LullTrackLibrary *
lull_application_get_track_library (LullApplication *self)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (LULL_IS_APPLICATION (self), NULL);

  if (self->track_library != NULL)
    return self->track_library;

  if (!lull_media_init (&error))
    g_warning ("GStreamer did not start: %s", error->message);

  problems = g_ptr_array_new_with_free_func (g_free);
  self->track_library = lull_track_library_new (self->data_root);
  /* Listed only: the Sounds window finds the lengths when it opens, and
   * a session's first sound never waits behind that. */
  lull_track_library_list (self->track_library, problems);
  tell_problems (self, problems);

  return self->track_library;
}

/**
 * lull_application_get_sound_choices:
 *
 * Returns: (transfer none): the tracks the parent picked for routines
 */
LullSoundChoices *
lull_application_get_sound_choices (LullApplication *self)
{
  g_autoptr(GPtrArray) problems = NULL;

  g_return_val_if_fail (LULL_IS_APPLICATION (self), NULL);

  if (self->sound_choices != NULL)
    return self->sound_choices;

  problems = g_ptr_array_new_with_free_func (g_free);
  self->sound_choices = lull_sound_choices_new (self->data_root);
  lull_sound_choices_load (self->sound_choices, problems);
  tell_problems (self, problems);

  return self->sound_choices;
}

/**
 * lull_application_get_photo_set:
 *
 * The parent's photos and clips, listed on first use (never decoded).
 *
 * Returns: (transfer none): the photo set
 */
LullPhotoSet *
lull_application_get_photo_set (LullApplication *self)
{
  g_autoptr(GPtrArray) problems = NULL;

  g_return_val_if_fail (LULL_IS_APPLICATION (self), NULL);

  if (self->photo_set != NULL)
    return self->photo_set;

  problems = g_ptr_array_new_with_free_func (g_free);
  self->photo_set = lull_photo_set_new (self->data_root);
  lull_photo_set_load (self->photo_set, problems);
  tell_problems (self, problems);

  return self->photo_set;
}

/* Thumbnails of a few screens of the grid stay in memory. */
#define THUMBNAILS_IN_MEMORY 400

/**
 * lull_application_get_thumbnailer:
 *
 * Returns: (transfer none): the thumbnailer every view of the photo set
 *   shares (its thumbnails are in the data root's cache/)
 */
LullThumbnailer *
lull_application_get_thumbnailer (LullApplication *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (LULL_IS_APPLICATION (self), NULL);

  if (self->thumbnailer == NULL)
    {
      /* Clips' thumbnails come from GStreamer. */
      if (!lull_media_init (&error))
        g_warning ("GStreamer did not start: %s", error->message);
      self->thumbnailer = lull_thumbnailer_new (self->data_root, THUMBNAILS_IN_MEMORY);
    }

  return self->thumbnailer;
}

/**
 * lull_application_get_trace_places:
 *
 * Returns: (transfer none) (nullable): in portable mode, the folders where
 *   libraries would have written if the data root had not taken over
 */
LullTracePlaces *
lull_application_get_trace_places (LullApplication *self)
{
  g_return_val_if_fail (LULL_IS_APPLICATION (self), NULL);

  return self->trace_places;
}

/**
 * lull_application_forget_data_root:
 *
 * @problems: (element-type utf8): what could not be cleared already, one
 *   sentence each
 *
 * Closes every window and quits; the portable folder is deleted once
 * nothing can write to it any more (see lull_application_shutdown()),
 * and then @problems, with any the folder meets, are shown.
 */
void
lull_application_forget_data_root (LullApplication *self,
                                   GPtrArray       *problems)
{
  GList *windows;

  g_return_if_fail (LULL_IS_APPLICATION (self));
  g_return_if_fail (lull_data_root_get_portable (self->data_root));
  g_return_if_fail (problems != NULL);

  self->forget_data_root = TRUE;
  g_clear_pointer (&self->forget_problems, g_ptr_array_unref);
  self->forget_problems = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < problems->len; i++)
    g_ptr_array_add (self->forget_problems, g_strdup (g_ptr_array_index (problems, i)));
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (windows->data);
  g_application_quit (G_APPLICATION (self));
}
