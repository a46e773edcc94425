/* lull-track-library.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>

#include "lull-file.h"
#include "lull-media.h"
#include "lull-media-import.h"
#include "lull-step.h"
#include "lull-track-library.h"

/* The sounds a routine can name: the ones Lull ships, the parent's own
 * (audio/) and the voice tracks recorded in Lull (recordings/); see
 * docs/sound-library.md.
 *
 * Listing only reads folders, which is quick enough for the main thread.
 * Finding a track's length means opening and parsing the file, so that
 * happens on a thread of its own with a GstDiscoverer, and the answer comes
 * back to the main context as a notify on the track. Only regular files
 * are ever handed to GStreamer: filesrc opens without O_NONBLOCK, so a FIFO
 * would stop it for ever, and it does so inside gst_element_set_state(),
 * which is why even the asynchronous discoverer (which sets the state from
 * the main context) is not used on the main thread. */

#define AUDIO_FOLDER         "audio"
#define RECORDINGS_FOLDER    "recordings"

#define TITLES_FILE          "tracks.ini"
#define TITLES_GROUP         "Lull Tracks"
#define TITLES_VERSION_KEY   "version"
#define TITLES_VERSION       1
#define TITLE_KEY            "title"
/* A title is a few dozen bytes: a tracks.ini this large is not Lull's. */
#define TITLES_MAX_BYTES     (4 * 1024 * 1024)
#define TITLE_MAX_CHARS      120

/* Long enough for a slow USB stick or network folder; a file that takes
 * longer keeps an unknown length rather than holding up the others. */
#define DISCOVER_TIMEOUT     (30 * GST_SECOND)
/* Rounding between a raw stream's length and its bytes. */
#define CLAIM_SLACK          (20 * GST_MSECOND)

typedef struct
{
  const char    *id;
  const char    *title;
  LullTrackKind  kind;
  gboolean       loops;
  const char    *file_name;
} BuiltinTrack;

static const BuiltinTrack builtin_tracks[] = {
  { "builtin:imagery-full", N_("A Warm Safe Place"), LULL_TRACK_KIND_IMAGERY, FALSE, "imagery-full.opus" },
  { "builtin:imagery-short", N_("Five Quiet Minutes"), LULL_TRACK_KIND_IMAGERY, FALSE, "imagery-short.opus" },
  { "builtin:rain", N_("Soft Rain"), LULL_TRACK_KIND_SOUNDSCAPE, TRUE, "rain.opus" },
  { "builtin:waves", N_("Slow Waves"), LULL_TRACK_KIND_SOUNDSCAPE, TRUE, "waves.opus" },
  { "builtin:brown-noise", N_("Warm Hush"), LULL_TRACK_KIND_SOUNDSCAPE, TRUE, "brown-noise.opus" },
};

static const char * const cue_names[] = { "chime", "bell", "tone" };

struct _LullTrack
{
  GObject             parent_instance;

  char               *id;
  char               *title;       /* the parent's tracks only */
  LullTrackKind       kind;
  gboolean            loops;
  GFile              *file;
  gint64              duration;
  char               *problem;

  const BuiltinTrack *builtin;
  char               *tag_title;
  char               *sort_key;
  /* The file as it was when it was last looked at, so that a file
   * replaced by hand is discovered again on the next load. */
  gboolean            have_stat;
  gint64              size;
  gint64              mtime;
  guint64             inode;
  /* Bumped for each discovery asked for; an older answer is dropped. */
  guint               serial;
  gboolean            discovered;
};

typedef struct _DiscoverBatch DiscoverBatch;

struct _LullTrackLibrary
{
  GObject        parent_instance;

  LullDataRoot  *data_root;
  GListStore    *tracks;
  /* File name → title, from tracks.ini; NULL until first read. */
  GHashTable    *titles;
  /* The discovery started by the last load, and the library's own. */
  GCancellable  *load_cancellable;
  GCancellable  *cancellable;
  /* Discovery threads that have not said they are done. */
  guint          n_discovering;
};

G_DEFINE_QUARK (lull-track-library-error-quark, lull_track_library_error)

G_DEFINE_FINAL_TYPE (LullTrack, lull_track, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (LullTrackLibrary, lull_track_library, G_TYPE_OBJECT)

enum {
  TRACK_PROP_0,
  TRACK_PROP_ID,
  TRACK_PROP_TITLE,
  TRACK_PROP_KIND,
  TRACK_PROP_LOOPS,
  TRACK_PROP_FILE,
  TRACK_PROP_BUILTIN,
  TRACK_PROP_DURATION,
  TRACK_PROP_PROBLEM,
  N_TRACK_PROPS
};

static GParamSpec *track_properties[N_TRACK_PROPS];

enum {
  PROP_0,
  PROP_DATA_ROOT,
  PROP_TRACKS,
  PROP_DISCOVERING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
lull_track_kind_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { LULL_TRACK_KIND_IMAGERY, "LULL_TRACK_KIND_IMAGERY", "imagery" },
    { LULL_TRACK_KIND_SOUNDSCAPE, "LULL_TRACK_KIND_SOUNDSCAPE", "soundscape" },
    { LULL_TRACK_KIND_OWN, "LULL_TRACK_KIND_OWN", "own" },
    { LULL_TRACK_KIND_RECORDING, "LULL_TRACK_KIND_RECORDING", "recording" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("LullTrackKind"), values));

  return type;
}

/* The track */

static LullTrack *
track_new (const char         *id,
           LullTrackKind       kind,
           gboolean            loops,
           GFile              *file,
           const BuiltinTrack *builtin)
{
  LullTrack *self = g_object_new (LULL_TYPE_TRACK, NULL);

  self->id = g_strdup (id);
  self->kind = kind;
  self->loops = loops;
  self->file = g_object_ref (file);
  self->builtin = builtin;

  return self;
}

static void
track_set_title (LullTrack  *self,
                 const char *title)
{
  g_autofree char *folded = NULL;

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  g_clear_pointer (&self->sort_key, g_free);
  if (title != NULL)
    {
      folded = g_utf8_casefold (title, -1);
      self->sort_key = g_utf8_collate_key (folded, -1);
    }
  g_object_notify_by_pspec (G_OBJECT (self), track_properties[TRACK_PROP_TITLE]);
}

static void
track_set_file (LullTrack *self,
                GFile     *file)
{
  if (g_file_equal (self->file, file))
    return;

  g_set_object (&self->file, file);
  g_object_notify_by_pspec (G_OBJECT (self), track_properties[TRACK_PROP_FILE]);
}

static void
track_set_duration (LullTrack *self,
                    gint64     duration)
{
  if (self->duration == duration)
    return;

  self->duration = duration;
  g_object_notify_by_pspec (G_OBJECT (self), track_properties[TRACK_PROP_DURATION]);
}

static void
track_set_problem (LullTrack  *self,
                   const char *problem)
{
  if (g_strcmp0 (self->problem, problem) == 0)
    return;

  g_free (self->problem);
  self->problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), track_properties[TRACK_PROP_PROBLEM]);
}

/* Remembers what the file looks like; a file that changed since it was
 * discovered loses its length (and problem) until it is discovered again,
 * so that a wrong length is never shown. */
static void
track_take_stat (LullTrack      *self,
                 const GStatBuf *st)
{
  gint64 mtime = (gint64)st->st_mtime * G_USEC_PER_SEC + st->st_mtim.tv_nsec / 1000;

  if (self->have_stat && self->size == (gint64)st->st_size && self->mtime == mtime
      && self->inode == (guint64)st->st_ino)
    return;

  self->have_stat = TRUE;
  self->size = st->st_size;
  self->mtime = mtime;
  self->inode = st->st_ino;
  self->discovered = FALSE;
  g_clear_pointer (&self->tag_title, g_free);
  track_set_duration (self, -1);
  track_set_problem (self, NULL);
}

/* A file that cannot be discovered at all (missing, not a regular file). */
static void
track_set_unreadable (LullTrack  *self,
                      const char *problem)
{
  self->have_stat = FALSE;
  self->discovered = TRUE;
  self->serial++;
  g_clear_pointer (&self->tag_title, g_free);
  track_set_duration (self, -1);
  track_set_problem (self, problem);
}

static void
lull_track_finalize (GObject *object)
{
  LullTrack *self = (LullTrack *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_object (&self->file);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->tag_title, g_free);
  g_clear_pointer (&self->sort_key, g_free);

  G_OBJECT_CLASS (lull_track_parent_class)->finalize (object);
}

static void
lull_track_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LullTrack *self = LULL_TRACK (object);

  switch (prop_id)
    {
    case TRACK_PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case TRACK_PROP_TITLE:
      g_value_set_string (value, lull_track_get_title (self));
      break;

    case TRACK_PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case TRACK_PROP_LOOPS:
      g_value_set_boolean (value, self->loops);
      break;

    case TRACK_PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case TRACK_PROP_BUILTIN:
      g_value_set_boolean (value, self->builtin != NULL);
      break;

    case TRACK_PROP_DURATION:
      g_value_set_int64 (value, self->duration);
      break;

    case TRACK_PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_track_class_init (LullTrackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lull_track_finalize;
  object_class->get_property = lull_track_get_property;

  track_properties[TRACK_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  track_properties[TRACK_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  track_properties[TRACK_PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       LULL_TYPE_TRACK_KIND,
                       LULL_TRACK_KIND_OWN,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  track_properties[TRACK_PROP_LOOPS] =
    g_param_spec_boolean ("loops", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  track_properties[TRACK_PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  track_properties[TRACK_PROP_BUILTIN] =
    g_param_spec_boolean ("builtin", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  track_properties[TRACK_PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  track_properties[TRACK_PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_TRACK_PROPS, track_properties);
}

static void
lull_track_init (LullTrack *self)
{
  self->duration = -1;
}

/* Titles */

/* One line of at most TITLE_MAX_CHARS characters, with no control
 * characters, or NULL when nothing is left. */
static char *
clean_title (const char *text)
{
  g_autoptr(GString) clean = NULL;
  guint chars = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  clean = g_string_new (NULL);
  for (const char *p = text; *p != '\0' && chars < TITLE_MAX_CHARS; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_isspace (c))
        c = ' ';
      if (c == ' ' && (clean->len == 0 || clean->str[clean->len - 1] == ' '))
        continue;
      g_string_append_unichar (clean, c);
      chars++;
    }

  while (clean->len > 0 && clean->str[clean->len - 1] == ' ')
    g_string_truncate (clean, clean->len - 1);

  if (clean->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&clean), FALSE);
}

/* A group name is the file name, except that a key file cannot hold '['
 * or ']' in one: those, and '%', are written %5B, %5D and %25. A file
 * named like the header group is written with %20 for its space. */
static char *
group_for_name (const char *name)
{
  GString *group = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '[' || *p == ']')
        g_string_append_printf (group, "%%%02X", (guchar)*p);
      else
        g_string_append_c (group, *p);
    }

  if (g_str_equal (group->str, TITLES_GROUP))
    {
      g_string_truncate (group, 0);
      g_string_append (group, "Lull%20Tracks");
    }

  return g_string_free (group, FALSE);
}

static char *
name_for_group (const char *group)
{
  char *name = g_uri_unescape_string (group, NULL);

  /* "100%.ogg", written by hand, is not an escape. */
  return name != NULL ? name : g_strdup (group);
}

static gboolean
read_version (GKeyFile *keyfile,
              guint64  *version)
{
  g_autofree char *value = g_key_file_get_value (keyfile, TITLES_GROUP, TITLES_VERSION_KEY, NULL);

  return value != NULL
         && g_ascii_string_to_unsigned (g_strstrip (value), 10, 1, G_MAXUINT64, version, NULL);
}

static GHashTable *
titles_from_keyfile (GKeyFile *keyfile)
{
  GHashTable *titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) groups = g_key_file_get_groups (keyfile, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *value = NULL;
      char *title;

      if (g_str_equal (groups[i], TITLES_GROUP))
        continue;

      value = g_key_file_get_string (keyfile, groups[i], TITLE_KEY, NULL);
      title = clean_title (value);
      if (title != NULL)
        g_hash_table_replace (titles, name_for_group (groups[i]), title);
    }

  return titles;
}

/* Reads tracks.ini into @keyfile (empty when there is none). A damaged
 * file is moved to quarantine/ when @set_aside, with a sentence for the
 * parent in @notice, and read as empty. FALSE, with a sentence, when there
 * is a tracks.ini that must not be written over: not a regular file,
 * unreadable, or damaged and not moved aside. */
static gboolean
read_titles_file (LullTrackLibrary  *self,
                  gboolean           set_aside,
                  GKeyFile         **keyfile,
                  guint64           *version,
                  char             **notice,
                  GError           **error)
{
  g_autofree char *path = lull_data_root_build_filename (self->data_root, TITLES_FILE, NULL);
  g_autoptr(GKeyFile) read = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gboolean damaged = FALSE;

  *keyfile = NULL;
  *version = TITLES_VERSION;
  if (notice != NULL)
    *notice = NULL;

  if (!lull_file_get_contents (path, TITLES_MAX_BYTES, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          *keyfile = g_steal_pointer (&read);
          return TRUE;
        }
      if (g_error_matches (local_error, LULL_FILE_ERROR, LULL_FILE_ERROR_TOO_LARGE))
        damaged = TRUE;
      else if (local_error->domain == LULL_FILE_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      else
        {
          g_set_error (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_FAILED,
                       _("Lull could not read “%s”, where it keeps the names of your sound tracks (%s)."),
                       TITLES_FILE, local_error->message);
          return FALSE;
        }
    }

  if (!damaged)
    damaged = !g_utf8_validate (contents, length, NULL)
              || !g_key_file_load_from_data (read, contents, length,
                                             G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS,
                                             NULL)
              || !read_version (read, version);

  if (!damaged)
    {
      *keyfile = g_steal_pointer (&read);
      return TRUE;
    }

  *version = TITLES_VERSION;
  if (set_aside)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *moved = lull_data_root_quarantine (self->data_root, path, now, &local_error);

      if (moved == NULL)
        {
          g_set_error (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_FAILED,
                       _("“%s”, where Lull keeps the names of your sound tracks, is damaged, "
                         "and Lull could not move it aside (%s), so it leaves it as it is."),
                       TITLES_FILE, local_error->message);
          return FALSE;
        }

      if (notice != NULL)
        *notice = g_strdup_printf (_("“%s”, where Lull keeps the names you gave your sound tracks, "
                                     "was damaged, so Lull moved it to the “quarantine” folder. "
                                     "Your sound tracks are all still there; rename them again to "
                                     "give them back their names."),
                                   TITLES_FILE);
    }

  *keyfile = g_key_file_new ();
  return TRUE;
}

/* The titles, read once if no load has read them yet (the command line
 * imports without a load). */
static GHashTable *
get_titles (LullTrackLibrary *self)
{
  if (self->titles == NULL)
    {
      g_autoptr(GKeyFile) keyfile = NULL;
      guint64 version;

      if (read_titles_file (self, FALSE, &keyfile, &version, NULL, NULL))
        self->titles = titles_from_keyfile (keyfile);
      else
        self->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    }

  return self->titles;
}

/* Stores @title for the file @name in tracks.ini, or removes it when
 * @title is NULL, keeping whatever else the file holds. */
static gboolean
save_title (LullTrackLibrary  *self,
            const char        *name,
            const char        *title,
            GError           **error)
{
  g_autofree char *path = lull_data_root_build_filename (self->data_root, TITLES_FILE, NULL);
  g_autofree char *group = group_for_name (name);
  g_autofree char *notice = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GError) local_error = NULL;
  guint64 version;
  gsize length;

  if (!read_titles_file (self, TRUE, &keyfile, &version, &notice, &local_error))
    {
      g_set_error (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_FAILED,
                   "%s %s", local_error->message,
                   _("Move it out of Lull’s data folder, then try again."));
      return FALSE;
    }
  if (notice != NULL)
    g_debug ("%s", notice);

  if (version > TITLES_VERSION)
    {
      g_set_error_literal (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_FAILED,
                           _("The names of your sound tracks were saved by a newer version of "
                             "Lull, so this version does not change them. Update Lull, then try "
                             "again."));
      return FALSE;
    }

  if (!g_key_file_has_group (keyfile, TITLES_GROUP))
    {
      g_key_file_set_uint64 (keyfile, TITLES_GROUP, TITLES_VERSION_KEY, TITLES_VERSION);
      g_key_file_set_comment (keyfile, TITLES_GROUP, NULL,
                              " The names Lull shows for the sound tracks in audio/ and recordings/:"
                              "\n one group per file name. See docs/sound-library.md.", NULL);
    }

  if (title != NULL)
    g_key_file_set_string (keyfile, group, TITLE_KEY, title);
  else if (g_key_file_has_group (keyfile, group))
    {
      g_auto(GStrv) keys = NULL;

      g_key_file_remove_key (keyfile, group, TITLE_KEY, NULL);
      keys = g_key_file_get_keys (keyfile, group, NULL, NULL);
      if (keys == NULL || keys[0] == NULL)
        g_key_file_remove_group (keyfile, group, NULL);
    }

  data = g_key_file_to_data (keyfile, &length, NULL);
  if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_FAILED,
                   _("Lull could not save the names of your sound tracks (%s). Check that the "
                     "disk has free space and is not read-only, then try again."),
                   local_error->message);
      return FALSE;
    }

  g_clear_pointer (&self->titles, g_hash_table_unref);
  self->titles = titles_from_keyfile (keyfile);

  return TRUE;
}

/* The name of the parent's track: the one they gave it, else the file's
 * own title tag, else the file name without its extension. */
static char *
own_title (LullTrackLibrary *self,
           LullTrack        *track)
{
  const char *stored = g_hash_table_lookup (get_titles (self), track->id);
  const char *dot;

  if (stored != NULL)
    return g_strdup (stored);
  if (track->tag_title != NULL)
    return g_strdup (track->tag_title);

  dot = strrchr (track->id, '.');
  if (dot != NULL && dot != track->id)
    return g_strndup (track->id, dot - track->id);

  return g_strdup (track->id);
}

/* The list */

static guint
builtin_index (LullTrack *track)
{
  return (guint)(track->builtin - builtin_tracks);
}

/* Built-ins first, in the table's order; then the parent's tracks by
 * title, ties by kind and file name so the order is always the same. */
static int
compare_tracks (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  LullTrack *track_a = (LullTrack *)a;
  LullTrack *track_b = (LullTrack *)b;
  int order;

  if (track_a->builtin != NULL || track_b->builtin != NULL)
    {
      if (track_a->builtin == NULL)
        return 1;
      if (track_b->builtin == NULL)
        return -1;
      return (int)builtin_index (track_a) - (int)builtin_index (track_b);
    }

  order = g_strcmp0 (track_a->sort_key, track_b->sort_key);
  if (order != 0)
    return order;
  if (track_a->kind != track_b->kind)
    return track_a->kind < track_b->kind ? -1 : 1;

  return strcmp (track_a->id, track_b->id);
}

static int
compare_track_pointers (gconstpointer a,
                        gconstpointer b)
{
  return compare_tracks (*(LullTrack **)a, *(LullTrack **)b, NULL);
}

/* Moves @track to its place after its title changed; the others are in
 * order, so one remove and one sorted insert do. */
static void
place_track (LullTrackLibrary *self,
             LullTrack        *track)
{
  GListModel *model = G_LIST_MODEL (self->tracks);
  g_autoptr(LullTrack) before = NULL;
  g_autoptr(LullTrack) after = NULL;
  g_autoptr(LullTrack) held = NULL;
  guint position;

  if (!g_list_store_find (self->tracks, track, &position))
    return;

  if (position > 0)
    before = g_list_model_get_item (model, position - 1);
  after = g_list_model_get_item (model, position + 1);
  if ((before == NULL || compare_tracks (before, track, NULL) < 0)
      && (after == NULL || compare_tracks (track, after, NULL) < 0))
    return;

  held = g_object_ref (track);
  g_list_store_remove (self->tracks, position);
  g_list_store_insert_sorted (self->tracks, track, compare_tracks, NULL);
}

static void
update_title (LullTrackLibrary *self,
              LullTrack        *track)
{
  g_autofree char *title = NULL;

  if (track->builtin != NULL)
    return;

  title = own_title (self, track);
  if (g_strcmp0 (title, track->title) == 0)
    return;

  track_set_title (track, title);
  place_track (self, track);
}

/* Makes the store hold @wanted, in its order, with as few changes as it
 * can, so that a reload does not reset a list the parent is looking at. */
static void
sync_store (LullTrackLibrary *self,
            GPtrArray        *wanted)
{
  GListModel *model = G_LIST_MODEL (self->tracks);
  g_autoptr(GHashTable) keep = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < wanted->len; i++)
    g_hash_table_add (keep, g_ptr_array_index (wanted, i));

  for (guint i = g_list_model_get_n_items (model); i > 0; i--)
    {
      g_autoptr(LullTrack) track = g_list_model_get_item (model, i - 1);

      if (!g_hash_table_contains (keep, track))
        g_list_store_remove (self->tracks, i - 1);
    }

  for (guint i = 0; i < wanted->len; i++)
    {
      LullTrack *track = g_ptr_array_index (wanted, i);
      g_autoptr(LullTrack) current = g_list_model_get_item (model, i);
      guint position;

      if (current == track)
        continue;

      if (g_list_store_find (self->tracks, track, &position))
        g_list_store_remove (self->tracks, position);
      g_list_store_insert (self->tracks, i, track);
    }
}

static LullTrack *
find_track (LullTrackLibrary *self,
            LullTrackKind     kind,
            const char       *id)
{
  GListModel *model = G_LIST_MODEL (self->tracks);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LullTrack) track = g_list_model_get_item (model, i);

      if (track->kind == kind && g_str_equal (track->id, id))
        return track;
    }

  return NULL;
}

static void
add_problem (GPtrArray  *problems,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_problem (GPtrArray  *problems,
             const char *format,
             ...)
{
  va_list args;

  if (problems == NULL)
    return;

  va_start (args, format);
  g_ptr_array_add (problems, g_strdup_vprintf (format, args));
  va_end (args);
}

/* Discovery: what a file holds, read with GStreamer */

typedef enum
{
  VERDICT_AUDIO,          /* sound Lull can play */
  VERDICT_UNKNOWN,        /* the discoverer gave up in time */
  VERDICT_NOT_AUDIO,
  VERDICT_NOT_REGULAR,
  VERDICT_MISSING_CODEC,
  VERDICT_UNREADABLE,
} Verdict;

typedef struct
{
  Verdict  verdict;
  gint64   duration;   /* nanoseconds, or -1 */
  char    *problem;    /* a sentence for the track, or NULL */
  char    *codec;      /* what is missing, when known */
  char    *reason;     /* the system's words, for VERDICT_UNREADABLE */
  char    *tag_title;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->problem, g_free);
  g_clear_pointer (&outcome->codec, g_free);
  g_clear_pointer (&outcome->reason, g_free);
  g_clear_pointer (&outcome->tag_title, g_free);
}

static char *
no_sound_sentence (const char *display)
{
  return g_strdup_printf (_("“%s” holds no sound Lull can play. Remove it, or add the sound "
                            "again from the original file."),
                          display);
}

static char *
not_regular_sentence (const char *display)
{
  /* The same words as lull_file_get_contents(). */
  return g_strdup_printf (_("“%s” is not a regular file, so Lull did not open it."), display);
}

static char *
link_loop_sentence (const char *display)
{
  return g_strdup_printf (_("“%s” leads through too many links, so Lull did not open it."), display);
}

static char *
find_tag_title (GstDiscovererInfo *info,
                GList             *audio_streams)
{
  g_autoptr(GList) containers = gst_discoverer_info_get_container_streams (info);
  const GstTagList *tags;

  for (GList *l = audio_streams; l != NULL; l = l->next)
    {
      g_autofree char *title = NULL;

      tags = gst_discoverer_stream_info_get_tags (l->data);
      if (tags != NULL && gst_tag_list_get_string (tags, GST_TAG_TITLE, &title))
        {
          char *clean = clean_title (title);

          if (clean != NULL)
            {
              gst_discoverer_stream_info_list_free (g_steal_pointer (&containers));
              return clean;
            }
        }
    }

  for (GList *l = containers; l != NULL; l = l->next)
    {
      g_autofree char *title = NULL;

      tags = gst_discoverer_container_info_get_tags (l->data);
      if (tags != NULL && gst_tag_list_get_string (tags, GST_TAG_TITLE, &title))
        {
          char *clean = clean_title (title);

          if (clean != NULL)
            {
              gst_discoverer_stream_info_list_free (g_steal_pointer (&containers));
              return clean;
            }
        }
    }

  gst_discoverer_stream_info_list_free (g_steal_pointer (&containers));
  return NULL;
}

/* Uncompressed sound cannot last longer than its bytes allow at its
 * sample rate. A header that says otherwise (a WAV whose byte-rate field
 * is wrong) makes the discoverer report a length the file does not have,
 * so such a length is not trusted. Compressed streams have no such bound;
 * GStreamer's parsers already clip a header that promises more data than
 * the file holds. */
static const char * const uncompressed_caps[] = {
  "audio/x-raw", "audio/x-wav", "audio/x-rf64", "audio/x-w64", "audio/x-aiff", "audio/x-au", NULL,
};

static gboolean
claims_more_than_it_holds (GList        *audio_streams,
                           GstClockTime  duration,
                           gint64        size)
{
  guint64 bits_per_second = 0;
  GstClockTime longest;

  for (GList *l = audio_streams; l != NULL; l = l->next)
    {
      GstDiscovererAudioInfo *audio = l->data;
      g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (GST_DISCOVERER_STREAM_INFO (audio));
      const char *name;
      guint bits, rate, channels;

      if (caps == NULL || gst_caps_get_size (caps) == 0)
        return FALSE;

      /* A container of plain samples is reported with its own caps (a
       * WAV as audio/x-wav); the depth is that of the decoded samples,
       * which for a compressed stream says nothing about its bytes. */
      name = gst_structure_get_name (gst_caps_get_structure (caps, 0));
      if (g_strv_contains (uncompressed_caps, name))
        bits = gst_discoverer_audio_info_get_depth (audio);
      else if (g_str_equal (name, "audio/x-alaw") || g_str_equal (name, "audio/x-mulaw"))
        bits = 8;
      else
        return FALSE;

      rate = gst_discoverer_audio_info_get_sample_rate (audio);
      channels = gst_discoverer_audio_info_get_channels (audio);
      if (bits == 0 || rate == 0 || channels == 0)
        return FALSE;

      bits_per_second += (guint64)rate * channels * bits;
    }

  if (bits_per_second == 0 || size <= 0)
    return FALSE;

  longest = gst_util_uint64_scale ((guint64)size * 8, GST_SECOND, bits_per_second);

  return duration > longest + CLAIM_SLACK;
}

static void
read_audio (GstDiscovererInfo *info,
            gint64             size,
            const char        *display,
            Outcome           *outcome)
{
  GList *audio_streams = gst_discoverer_info_get_audio_streams (info);
  GstClockTime duration;

  if (audio_streams == NULL)
    {
      outcome->verdict = VERDICT_NOT_AUDIO;
      outcome->problem = no_sound_sentence (display);
      return;
    }

  outcome->verdict = VERDICT_AUDIO;
  outcome->tag_title = find_tag_title (info, audio_streams);

  duration = gst_discoverer_info_get_duration (info);
  if (GST_CLOCK_TIME_IS_VALID (duration) && duration > 0 && duration <= G_MAXINT64)
    {
      if (claims_more_than_it_holds (audio_streams, duration, size))
        outcome->problem = g_strdup_printf (_("“%s” says it lasts longer than the sound it holds, "
                                              "so it may be damaged or cut short. Add it again "
                                              "from the original file."),
                                            display);
      else
        outcome->duration = (gint64)duration;
    }

  gst_discoverer_stream_info_list_free (audio_streams);
}

/* GStreamer found no element for part of the file. That is a missing
 * codec when the part is sound, or may be (a container nobody could
 * open); an image or text with no decoder is simply not sound. */
static void
read_missing (GstDiscovererInfo *info,
              gint64             size,
              const char        *display,
              Outcome           *outcome)
{
  const char **details = gst_discoverer_info_get_missing_elements_installer_details (info);
  g_autoptr(GList) audio_streams = gst_discoverer_info_get_audio_streams (info);
  g_autoptr(GList) video_streams = gst_discoverer_info_get_video_streams (info);
  gboolean audio_missing = FALSE;
  gboolean container_missing = FALSE;
  g_autofree char *description = NULL;

  for (guint i = 0; details != NULL && details[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (details[i], "|", 5);
      const char *what;

      if (g_strv_length (fields) < 5)
        continue;
      what = fields[4];

      if (g_str_has_prefix (what, "decoder-audio/"))
        {
          audio_missing = TRUE;
          g_free (description);
          description = g_strdup (fields[3]);
        }
      else if (!g_str_has_prefix (what, "decoder-image/")
               && !g_str_has_prefix (what, "decoder-text/")
               && !g_str_has_prefix (what, "decoder-subpicture/"))
        {
          container_missing = TRUE;
          if (description == NULL)
            description = g_strdup (fields[3]);
        }
    }

  if (!audio_missing && audio_streams != NULL)
    {
      /* Only a picture or subtitles could not be read: the sound can. */
      gst_discoverer_stream_info_list_free (g_steal_pointer (&audio_streams));
      gst_discoverer_stream_info_list_free (g_steal_pointer (&video_streams));
      read_audio (info, size, display, outcome);
      return;
    }

  if (audio_missing || (container_missing && video_streams == NULL))
    {
      outcome->verdict = VERDICT_MISSING_CODEC;
      outcome->codec = g_steal_pointer (&description);
      if (outcome->codec != NULL && *outcome->codec != '\0')
        outcome->problem = g_strdup_printf (_("“%s” needs a codec that is not installed (%s). "
                                              "Install the GStreamer plugins for this kind of "
                                              "file, then open Lull again."),
                                            display, outcome->codec);
      else
        outcome->problem = g_strdup_printf (_("“%s” needs a codec that is not installed. "
                                              "Install the GStreamer plugins for this kind of "
                                              "file, then open Lull again."),
                                            display);
    }
  else
    {
      outcome->verdict = VERDICT_NOT_AUDIO;
      outcome->problem = no_sound_sentence (display);
    }

  gst_discoverer_stream_info_list_free (g_steal_pointer (&audio_streams));
  gst_discoverer_stream_info_list_free (g_steal_pointer (&video_streams));
}

static void
set_unreadable (Outcome    *outcome,
                const char *display,
                int         saved_errno)
{
  outcome->verdict = VERDICT_UNREADABLE;
  outcome->reason = g_strdup (g_strerror (saved_errno));
  if (saved_errno == ELOOP)
    outcome->problem = link_loop_sentence (display);
  else
    outcome->problem = g_strdup_printf (_("Lull could not read “%s” (%s). Check that the file "
                                          "is still there, then open Lull again."),
                                        display, outcome->reason);
}

/* What the file open as @fd, at @path, holds. GStreamer opens @path
 * again, by name rather than through /proc/self/fd/N, because typefinding
 * falls back on the extension and the player will open the same name;
 * the file was checked on @fd an instant before. Blocks for as long as
 * GStreamer reads the file (up to DISCOVER_TIMEOUT): never call it on the
 * main thread of the app. */
static void
discover_fd (GstDiscoverer *discoverer,
             int            fd,
             const char    *path,
             const char    *display,
             Outcome       *outcome)
{
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GstDiscovererResult result;
  struct stat st;

  outcome->verdict = VERDICT_UNREADABLE;
  outcome->duration = -1;

  if (fstat (fd, &st) != 0)
    {
      set_unreadable (outcome, display, errno);
      return;
    }

  if (!S_ISREG (st.st_mode))
    {
      outcome->verdict = VERDICT_NOT_REGULAR;
      outcome->problem = not_regular_sentence (display);
      return;
    }

  if (st.st_size == 0)
    {
      outcome->verdict = VERDICT_NOT_AUDIO;
      outcome->problem = no_sound_sentence (display);
      return;
    }

  if (discoverer == NULL)
    {
      outcome->verdict = VERDICT_UNKNOWN;
      return;
    }

  /* Pull mode, as the player reads: push mode loses some lengths. */
  info = lull_media_import_discover (discoverer, path, FALSE, &result, &error);
  if (info == NULL && result == GST_DISCOVERER_URI_INVALID)
    {
      outcome->reason = g_strdup (error->message);
      outcome->problem = g_strdup_printf (_("Lull could not read “%s” (%s). Check that the file "
                                            "is still there, then open Lull again."),
                                          display, outcome->reason);
      return;
    }

  switch (result)
    {
    case GST_DISCOVERER_OK:
      read_audio (info, st.st_size, display, outcome);
      break;

    case GST_DISCOVERER_MISSING_PLUGINS:
      read_missing (info, st.st_size, display, outcome);
      break;

    case GST_DISCOVERER_TIMEOUT:
      outcome->verdict = VERDICT_UNKNOWN;
      break;

    case GST_DISCOVERER_URI_INVALID:
    case GST_DISCOVERER_ERROR:
    case GST_DISCOVERER_BUSY:
    default:
      if (error != NULL && error->domain == GST_RESOURCE_ERROR)
        {
          outcome->verdict = VERDICT_UNREADABLE;
          outcome->reason = g_strdup (error->message);
          outcome->problem = g_strdup_printf (_("Lull could not read “%s” (%s). Check that the "
                                                "file is still there, then open Lull again."),
                                              display, outcome->reason);
        }
      else
        {
          outcome->verdict = VERDICT_NOT_AUDIO;
          outcome->problem = no_sound_sentence (display);
        }
      break;
    }
}

/* What @path holds: looked at first, so that nothing but a regular file
 * is ever opened (a device may do something on open), then opened
 * without waiting and looked at again. */
static void
discover_path (GstDiscoverer *discoverer,
               const char    *path,
               const char    *display,
               Outcome       *outcome)
{
  GStatBuf st;
  int fd;

  outcome->verdict = VERDICT_UNREADABLE;
  outcome->duration = -1;

  if (g_stat (path, &st) != 0)
    {
      set_unreadable (outcome, display, errno);
      return;
    }

  if (!S_ISREG (st.st_mode))
    {
      outcome->verdict = VERDICT_NOT_REGULAR;
      outcome->problem = not_regular_sentence (display);
      return;
    }

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  if (fd < 0)
    {
      set_unreadable (outcome, display, errno);
      return;
    }

  discover_fd (discoverer, fd, path, display, outcome);
  close (fd);
}

/* A set of files discovered one after another on a thread of its own,
 * the answers handed to the main context of the thread that asked. It
 * holds the tracks but only a weak reference to the library, so that
 * dropping the library never waits for GStreamer. */
struct _DiscoverBatch
{
  GWeakRef      library;
  GMainContext *context;
  GCancellable *cancellable;
  GPtrArray    *jobs;
};

typedef struct
{
  LullTrack *track;
  guint      serial;
  char      *path;
  char      *display;
} DiscoverJob;

typedef struct
{
  DiscoverBatch *batch;
  LullTrack     *track;
  guint          serial;
  Outcome        outcome;
} DiscoverResult;

static void
discover_job_free (gpointer data)
{
  DiscoverJob *job = data;

  g_clear_object (&job->track);
  g_free (job->path);
  g_free (job->display);
  g_free (job);
}

static void
discover_batch_clear (gpointer data)
{
  DiscoverBatch *batch = data;

  g_weak_ref_clear (&batch->library);
  g_main_context_unref (batch->context);
  g_object_unref (batch->cancellable);
  g_ptr_array_unref (batch->jobs);
}

static void
discover_batch_unref (DiscoverBatch *batch)
{
  g_atomic_rc_box_release_full (batch, discover_batch_clear);
}

static void
discover_batch_free (gpointer data)
{
  discover_batch_unref (data);
}

static void
discover_result_free (gpointer data)
{
  DiscoverResult *result = data;

  discover_batch_unref (result->batch);
  g_clear_object (&result->track);
  outcome_clear (&result->outcome);
  g_free (result);
}

static gboolean
apply_result_cb (gpointer data)
{
  DiscoverResult *result = data;
  LullTrack *track = result->track;
  g_autoptr(LullTrackLibrary) library = g_weak_ref_get (&result->batch->library);

  /* The file changed, or went, since this was asked. */
  if (track->serial != result->serial)
    return G_SOURCE_REMOVE;

  track->discovered = TRUE;
  g_free (track->tag_title);
  track->tag_title = g_steal_pointer (&result->outcome.tag_title);

  g_object_freeze_notify (G_OBJECT (track));
  track_set_duration (track, result->outcome.duration);
  track_set_problem (track, result->outcome.problem);
  if (library != NULL)
    update_title (library, track);
  g_object_thaw_notify (G_OBJECT (track));

  return G_SOURCE_REMOVE;
}

static void
discovery_started (LullTrackLibrary *self)
{
  if (self->n_discovering++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISCOVERING]);
}

static void
discovery_ended (LullTrackLibrary *self)
{
  g_assert (self->n_discovering > 0);

  if (--self->n_discovering == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISCOVERING]);
}

/* Comes after the batch's last answer: idle sources of one priority run
 * in the order they were attached. */
static gboolean
discover_batch_done_cb (gpointer data)
{
  DiscoverBatch *batch = data;
  g_autoptr(LullTrackLibrary) library = g_weak_ref_get (&batch->library);

  if (library != NULL)
    discovery_ended (library);

  return G_SOURCE_REMOVE;
}

/* Hands @func to the library's main context. Not
 * g_main_context_invoke(): from a thread with no context of its own, that
 * runs @func right there whenever the default context happens to be free,
 * and a track must only change on the main thread. */
static void
post_to_context (GMainContext   *context,
                 GSourceFunc     func,
                 gpointer        data,
                 GDestroyNotify  notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[lull] track discovered");
  g_source_attach (source, context);
  g_source_unref (source);
}

static gpointer
discover_thread (gpointer data)
{
  DiscoverBatch *batch = data;
  g_autoptr(GstDiscoverer) discoverer = NULL;
  g_autoptr(GError) error = NULL;

  discoverer = gst_discoverer_new (DISCOVER_TIMEOUT, &error);
  if (discoverer == NULL)
    g_debug ("No discoverer, so track lengths stay unknown: %s", error->message);

  for (guint i = 0; i < batch->jobs->len; i++)
    {
      DiscoverJob *job = g_ptr_array_index (batch->jobs, i);
      DiscoverResult *result;

      if (g_cancellable_is_cancelled (batch->cancellable))
        break;

      result = g_new0 (DiscoverResult, 1);
      result->batch = g_atomic_rc_box_acquire (batch);
      result->track = g_steal_pointer (&job->track);
      result->serial = job->serial;
      discover_path (discoverer, job->path, job->display, &result->outcome);

      post_to_context (batch->context, apply_result_cb, result, discover_result_free);
    }

  /* Done with GStreamer before saying so. */
  g_clear_object (&discoverer);
  post_to_context (batch->context, discover_batch_done_cb, batch, discover_batch_free);

  return NULL;
}

/* How problems name a track's file. */
static char *
track_display_name (LullTrack *track)
{
  if (track->builtin != NULL)
    return g_strdup (_(track->builtin->title));

  return g_strdup (track->id);
}

/* Discovers @tracks on a new thread, each one anew. */
static void
start_discovery (LullTrackLibrary *self,
                 GPtrArray        *tracks,
                 GCancellable     *cancellable)
{
  g_autoptr(GError) error = NULL;
  DiscoverBatch *batch;
  GThread *thread;

  if (tracks->len == 0)
    return;

  batch = g_atomic_rc_box_new0 (DiscoverBatch);
  g_weak_ref_init (&batch->library, self);
  batch->context = g_main_context_ref_thread_default ();
  batch->cancellable = g_object_ref (cancellable);
  batch->jobs = g_ptr_array_new_with_free_func (discover_job_free);

  for (guint i = 0; i < tracks->len; i++)
    {
      LullTrack *track = g_ptr_array_index (tracks, i);
      DiscoverJob *job = g_new0 (DiscoverJob, 1);

      track->serial++;
      track->discovered = FALSE;
      job->track = g_object_ref (track);
      job->serial = track->serial;
      job->path = g_file_get_path (track->file);
      job->display = track_display_name (track);
      g_ptr_array_add (batch->jobs, job);
    }

  thread = g_thread_try_new ("lull-discover", discover_thread, batch, &error);
  if (thread == NULL)
    {
      /* Lengths stay unknown; nothing the parent can do about it. */
      g_debug ("Could not start discovering tracks: %s", error->message);
      discover_batch_unref (batch);
      return;
    }

  g_thread_unref (thread);
  discovery_started (self);
}

/* Loading */

static void
load_builtins (LullTrackLibrary *self,
               GPtrArray        *listed)
{
  const char *media_dir = lull_media_get_dir ();

  for (guint i = 0; i < G_N_ELEMENTS (builtin_tracks); i++)
    {
      const BuiltinTrack *builtin = &builtin_tracks[i];
      g_autofree char *path = g_build_filename (media_dir, builtin->file_name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(LullTrack) track = NULL;
      GStatBuf st;

      track = find_track (self, builtin->kind, builtin->id);
      if (track != NULL)
        {
          g_object_ref (track);
          if (!g_file_equal (track->file, file))
            {
              track->have_stat = FALSE;
              track_set_file (track, file);
            }
        }
      else
        track = track_new (builtin->id, builtin->kind, builtin->loops, file, builtin);

      if (g_stat (path, &st) != 0)
        {
          g_autofree char *problem = NULL;

          if (errno == ELOOP)
            problem = link_loop_sentence (builtin->file_name);
          else
            problem = g_strdup_printf (_("The sound “%s” is missing from Lull’s installation. "
                                         "Reinstall Lull to bring it back."),
                                       _(builtin->title));
          track_set_unreadable (track, problem);
        }
      else if (!S_ISREG (st.st_mode))
        {
          g_autofree char *problem = not_regular_sentence (builtin->file_name);

          track_set_unreadable (track, problem);
        }
      else
        track_take_stat (track, &st);

      g_ptr_array_add (listed, g_steal_pointer (&track));
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **)a, *(const char **)b);
}

/* Lists the regular files of @folder whose names are track ids. Hidden
 * files (Lull's own temporary files among them) are skipped without a
 * word; anything else Lull cannot use is named in @problems. */
static void
scan_folder (LullTrackLibrary *self,
             const char       *folder,
             LullTrackKind     kind,
             GPtrArray        *listed,
             GPtrArray        *problems)
{
  g_autofree char *path = lull_data_root_build_filename (self->data_root, folder, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GDir *dir;
  const char *name;

  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return;
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR))
        add_problem (problems,
                     _("“%s” in Lull’s data folder is a file, not a folder, so Lull found no "
                       "sound tracks there. Move that file somewhere else."),
                     folder);
      else
        add_problem (problems,
                     _("Lull could not look for sound tracks in the folder “%s” (%s). Check "
                       "that you may open it."),
                     folder, error->message);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);

  /* The same problems in the same order on every load. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file_name = g_ptr_array_index (names, i);
      g_autofree char *display = g_filename_display_name (file_name);
      g_autofree char *file_path = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(LullTrack) track = NULL;
      GStatBuf st;

      if (file_name[0] == '.')
        continue;

      if (!lull_track_id_is_valid (file_name))
        {
          add_problem (problems,
                       _("“%s” in the folder “%s” is not listed, because Lull cannot use its "
                         "name for a sound track. Rename it with letters, digits, hyphens and "
                         "a dot before the extension."),
                       display, folder);
          continue;
        }

      file_path = g_build_filename (path, file_name, NULL);
      if (g_stat (file_path, &st) != 0)
        {
          int saved_errno = errno;

          if (saved_errno == ELOOP)
            {
              if (problems != NULL)
                g_ptr_array_add (problems, link_loop_sentence (display));
            }
          else if (saved_errno == ENOENT)
            add_problem (problems,
                         _("“%s” in the folder “%s” leads to a file that is no longer there, "
                           "so it is not listed."),
                         display, folder);
          else
            add_problem (problems, _("Lull could not look at “%s” in the folder “%s” (%s)."),
                         display, folder, g_strerror (saved_errno));
          continue;
        }
      if (!S_ISREG (st.st_mode))
        {
          if (problems != NULL)
            g_ptr_array_add (problems, not_regular_sentence (display));
          continue;
        }

      track = find_track (self, kind, file_name);
      if (track != NULL)
        g_object_ref (track);
      else
        {
          file = g_file_new_for_path (file_path);
          track = track_new (file_name, kind, FALSE, file, NULL);
        }
      track_take_stat (track, &st);
      g_ptr_array_add (listed, g_steal_pointer (&track));
    }
}

/* Importing */

typedef struct
{
  LullDataRoot *data_root;
  char         *path;       /* the source */
  char         *display;    /* its name, for messages */
  GHashTable   *reserved;   /* names the copy must not take */
} ImportRequest;

typedef struct
{
  char     *name;
  GStatBuf  st;
  Outcome   outcome;
} ImportResult;

static void
import_request_free (gpointer data)
{
  ImportRequest *request = data;

  g_clear_object (&request->data_root);
  g_free (request->path);
  g_free (request->display);
  g_hash_table_unref (request->reserved);
  g_free (request);
}

static void
import_result_free (gpointer data)
{
  ImportResult *result = data;

  g_free (result->name);
  outcome_clear (&result->outcome);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportRequest, import_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportResult, import_result_free)

/* The sentences of a sound import; see LullMediaImportKind. */
static void
set_track_import_error (GError                 **error,
                        LullMediaImportProblem   problem,
                        const char              *display,
                        const char              *detail)
{
  switch (problem)
    {
    case LULL_MEDIA_IMPORT_NOT_REGULAR:
      g_set_error (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_NOT_AUDIO,
                   _("“%s” is not a regular file, so it was not added. Choose a sound file "
                     "instead."),
                   display);
      break;

    case LULL_MEDIA_IMPORT_LINK_LOOP:
      g_set_error (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_NOT_FOUND,
                   _("“%s” leads through too many links, so it was not added. Choose the "
                     "sound file itself."),
                   display);
      break;

    case LULL_MEDIA_IMPORT_CANNOT_WRITE:
      g_set_error (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_FAILED,
                   _("Lull cannot write in its sound folder (%s), so “%s” was not added. Check "
                     "that the disk is not read-only and that you may write to it, then try "
                     "again."),
                   detail, display);
      break;

    case LULL_MEDIA_IMPORT_TOO_LARGE_FOR_DISK:
      g_set_error (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_FAILED,
                   _("“%s” is too large for the disk that holds Lull’s data, so it was not "
                     "added. Choose a shorter sound, or keep Lull’s data on another disk."),
                   display);
      break;

    case LULL_MEDIA_IMPORT_NO_FREE_NAME:
      g_set_error (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_FAILED,
                   _("Lull found no free name for “%s” in its sound folder, so it was not added. "
                     "Rename the file, then try again."),
                   display);
      break;

    case LULL_MEDIA_IMPORT_FOLDER_IS_FILE:
      g_set_error (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_FAILED,
                   _("Lull keeps added sounds in the folder “%s”, but a file has that name, "
                     "so “%s” was not added. Move that file out of Lull’s data folder, then "
                     "try again."),
                   AUDIO_FOLDER, display);
      break;

    case LULL_MEDIA_IMPORT_CANNOT_MAKE_FOLDER:
    default:
      g_set_error (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_FAILED,
                   _("Lull could not make the folder “%s” for added sounds, so “%s” was not "
                     "added. Check that the disk is not full or read-only, then try again."),
                   AUDIO_FOLDER, display);
      break;
    }
}

static const LullMediaImportKind track_import_kind = {
  .domain = lull_track_library_error_quark,
  .not_found_code = LULL_TRACK_LIBRARY_ERROR_NOT_FOUND,
  .unsupported_code = LULL_TRACK_LIBRARY_ERROR_NOT_AUDIO,
  .failed_code = LULL_TRACK_LIBRARY_ERROR_FAILED,
  .folder = AUDIO_FOLDER,
  .fallback_stem = "track",
  .set_error = set_track_import_error,
};

/* Everything the copy needs, taken on the caller's thread so that the
 * copying thread touches nothing of the library's. */
static ImportRequest *
import_request_new (LullTrackLibrary  *self,
                    GFile             *source,
                    GError           **error)
{
  g_autofree char *path = lull_media_import_dup_path (&track_import_kind, source, error);
  GListModel *model = G_LIST_MODEL (self->tracks);
  ImportRequest *request;
  GHashTableIter iter;
  gpointer name;

  if (path == NULL)
    return NULL;

  request = g_new0 (ImportRequest, 1);
  request->data_root = g_object_ref (self->data_root);
  request->display = g_filename_display_basename (path);
  request->path = g_steal_pointer (&path);
  request->reserved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* A name tracks.ini still has a title for (a file deleted by hand)
   * would hand that title to the new file. */
  g_hash_table_iter_init (&iter, get_titles (self));
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_hash_table_add (request->reserved, g_strdup (name));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LullTrack) track = g_list_model_get_item (model, i);

      if (track->builtin == NULL)
        g_hash_table_add (request->reserved, g_strdup (track->id));
    }

  return request;
}

/* A name the copy may take in audio/: a track id that nothing else
 * claims. A recording of the same name would be shadowed, since lookup
 * looks in audio/ first. */
static gboolean
track_name_is_free (const char *name,
                    gpointer    user_data)
{
  ImportRequest *request = user_data;
  g_autofree char *recording = NULL;
  GStatBuf st;

  if (!lull_track_id_is_valid (name) || g_hash_table_contains (request->reserved, name))
    return FALSE;

  recording = lull_data_root_build_filename (request->data_root, RECORDINGS_FOLDER, name, NULL);

  return g_lstat (recording, &st) != 0;
}

/* Checks that the source holds sound, then copies it into audio/. Safe on
 * any thread: it touches only @request. Blocks while GStreamer reads the
 * file and while it is copied. */
static ImportResult *
import_run (ImportRequest  *request,
            GCancellable   *cancellable,
            GError        **error)
{
  g_autoptr(ImportResult) result = g_new0 (ImportResult, 1);
  g_autoptr(GstDiscoverer) discoverer = NULL;
  g_autoptr(LullMediaImportCopy) copy = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *final = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *extension = NULL;
  const char *display = request->display;
  struct stat st;
  gboolean copied;
  int source;

  result->outcome.duration = -1;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  source = lull_media_import_open (&track_import_kind, request->path, display, &st, error);
  if (source < 0)
    return NULL;

  if (st.st_size > 0)
    {
      discoverer = gst_discoverer_new (DISCOVER_TIMEOUT, &local_error);
      if (discoverer == NULL)
        {
          close (source);
          g_set_error (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_FAILED,
                       _("Lull cannot read sound files (%s), so “%s” was not added. Reinstall "
                         "Lull’s GStreamer plugins, then try again."),
                       local_error->message, display);
          return NULL;
        }
      discover_fd (discoverer, source, request->path, display, &result->outcome);
    }
  else
    result->outcome.verdict = VERDICT_NOT_AUDIO;

  switch (result->outcome.verdict)
    {
    case VERDICT_AUDIO:
      break;

    case VERDICT_MISSING_CODEC:
      close (source);
      lull_media_import_set_missing_codec_error (&track_import_kind, error, display,
                                                 result->outcome.codec);
      return NULL;

    case VERDICT_UNREADABLE:
      close (source);
      lull_media_import_set_read_error (&track_import_kind, error, display,
                                        result->outcome.reason != NULL ? result->outcome.reason : "");
      return NULL;

    case VERDICT_UNKNOWN:
      close (source);
      lull_media_import_set_too_slow_error (&track_import_kind, error, display);
      return NULL;

    case VERDICT_NOT_REGULAR:
    case VERDICT_NOT_AUDIO:
    default:
      close (source);
      g_set_error (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_NOT_AUDIO,
                   _("“%s” has no sound Lull can play, so it was not added."), display);
      return NULL;
    }

  copy = lull_media_import_copy_new (&track_import_kind, request->data_root, display, error);
  if (copy == NULL)
    {
      close (source);
      return NULL;
    }

  copied = lull_media_import_copy_splice (copy, source, cancellable, error);
  close (source);
  if (!copied)
    return NULL;

  lull_media_import_safe_name_parts (display, track_import_kind.fallback_stem, &stem, &extension);
  result->name = lull_media_import_copy_finish (copy, stem, extension, track_name_is_free, request, error);
  if (result->name == NULL)
    return NULL;

  final = lull_data_root_build_filename (request->data_root, AUDIO_FOLDER, result->name, NULL);
  if (g_stat (final, &result->st) != 0)
    memset (&result->st, 0, sizeof result->st);

  return g_steal_pointer (&result);
}

/* Lists what import_run() copied. The discovery of the original stands
 * for the copy, which has the same bytes. */
static LullTrack *
import_complete (LullTrackLibrary *self,
                 ImportResult     *result)
{
  g_autofree char *path = lull_data_root_build_filename (self->data_root, AUDIO_FOLDER, result->name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(LullTrack) track = track_new (result->name, LULL_TRACK_KIND_OWN, FALSE, file, NULL);
  g_autofree char *title = NULL;

  track_take_stat (track, &result->st);
  track->discovered = TRUE;
  track->tag_title = g_steal_pointer (&result->outcome.tag_title);
  track->duration = result->outcome.duration;
  track->problem = g_steal_pointer (&result->outcome.problem);
  title = own_title (self, track);
  track_set_title (track, title);

  g_list_store_insert_sorted (self->tracks, track, compare_tracks, NULL);

  /* The list holds it. */
  return track;
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportRequest *request = task_data;
  GError *error = NULL;
  ImportResult *result;

  result = import_run (request, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, import_result_free);
}

static void
import_copied_cb (GObject      *object,
                  GAsyncResult *copied,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LullTrackLibrary *self = g_task_get_source_object (task);
  g_autoptr(ImportResult) result = NULL;
  GError *error = NULL;
  LullTrack *track;

  result = g_task_propagate_pointer (G_TASK (copied), &error);
  if (result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Listed here, not in _finish(), so the copy is listed even if the
   * caller never asks. The task holds the track for the callback. */
  track = import_complete (self, result);
  g_task_set_task_data (task, g_object_ref (track), g_object_unref);
  g_task_return_boolean (task, TRUE);
}

/* The library */

static void
lull_track_library_dispose (GObject *object)
{
  LullTrackLibrary *self = (LullTrackLibrary *)object;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (lull_track_library_parent_class)->dispose (object);
}

static void
lull_track_library_finalize (GObject *object)
{
  LullTrackLibrary *self = (LullTrackLibrary *)object;

  g_clear_object (&self->data_root);
  g_clear_object (&self->tracks);
  g_clear_pointer (&self->titles, g_hash_table_unref);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lull_track_library_parent_class)->finalize (object);
}

static void
lull_track_library_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LullTrackLibrary *self = LULL_TRACK_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_DATA_ROOT:
      g_value_set_object (value, self->data_root);
      break;

    case PROP_TRACKS:
      g_value_set_object (value, self->tracks);
      break;

    case PROP_DISCOVERING:
      g_value_set_boolean (value, self->n_discovering > 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_track_library_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LullTrackLibrary *self = LULL_TRACK_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_DATA_ROOT:
      self->data_root = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_track_library_class_init (LullTrackLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lull_track_library_dispose;
  object_class->finalize = lull_track_library_finalize;
  object_class->get_property = lull_track_library_get_property;
  object_class->set_property = lull_track_library_set_property;

  properties[PROP_DATA_ROOT] =
    g_param_spec_object ("data-root", NULL, NULL,
                         LULL_TYPE_DATA_ROOT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TRACKS] =
    g_param_spec_object ("tracks", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* TRUE while lengths are being read; a spinner can show it, and tests
   * wait for it to end. */
  properties[PROP_DISCOVERING] =
    g_param_spec_boolean ("discovering", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lull_track_library_init (LullTrackLibrary *self)
{
  self->tracks = g_list_store_new (LULL_TYPE_TRACK);
  self->cancellable = g_cancellable_new ();
}

/* Public API: the track */

const char *
lull_track_get_id (LullTrack *self)
{
  g_return_val_if_fail (LULL_IS_TRACK (self), NULL);

  return self->id;
}

/**
 * lull_track_get_title:
 *
 * The name to show: for a built-in its title in the parent's language,
 * looked up on each call; for the parent's tracks the name they gave it,
 * else the file's title tag, else the file name without its extension.
 */
const char *
lull_track_get_title (LullTrack *self)
{
  g_return_val_if_fail (LULL_IS_TRACK (self), NULL);

  if (self->builtin != NULL)
    return _(self->builtin->title);

  return self->title;
}

LullTrackKind
lull_track_get_kind (LullTrack *self)
{
  g_return_val_if_fail (LULL_IS_TRACK (self), LULL_TRACK_KIND_OWN);

  return self->kind;
}

gboolean
lull_track_get_loops (LullTrack *self)
{
  g_return_val_if_fail (LULL_IS_TRACK (self), FALSE);

  return self->loops;
}

/**
 * lull_track_get_file:
 *
 * Returns: (transfer none): the sound file
 */
GFile *
lull_track_get_file (LullTrack *self)
{
  g_return_val_if_fail (LULL_IS_TRACK (self), NULL);

  return self->file;
}

gboolean
lull_track_get_builtin (LullTrack *self)
{
  g_return_val_if_fail (LULL_IS_TRACK (self), FALSE);

  return self->builtin != NULL;
}

gint64
lull_track_get_duration (LullTrack *self)
{
  g_return_val_if_fail (LULL_IS_TRACK (self), -1);

  return self->duration;
}

const char *
lull_track_get_problem (LullTrack *self)
{
  g_return_val_if_fail (LULL_IS_TRACK (self), NULL);

  return self->problem;
}

/* Public API: the library */

LullTrackLibrary *
lull_track_library_new (LullDataRoot *data_root)
{
  g_return_val_if_fail (LULL_IS_DATA_ROOT (data_root), NULL);

  return g_object_new (LULL_TYPE_TRACK_LIBRARY,
                       "data-root", data_root,
                       NULL);
}

static void
list_tracks (LullTrackLibrary *self,
             GPtrArray        *problems,
             gboolean          discover)
{
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *notice = NULL;
  gboolean can_discover;
  guint64 version;

  can_discover = lull_media_init (&error);
  if (!can_discover)
    add_problem (problems,
                 _("Lull could not start its sound system (%s), so it cannot tell how long "
                   "the sound tracks are."),
                 error->message);
  g_clear_error (&error);

  /* The titles first: they decide the order. */
  g_clear_pointer (&self->titles, g_hash_table_unref);
  if (read_titles_file (self, TRUE, &keyfile, &version, &notice, &error))
    self->titles = titles_from_keyfile (keyfile);
  else
    {
      add_problem (problems, "%s", error->message);
      self->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    }
  if (notice != NULL)
    add_problem (problems, "%s", notice);

  listed = g_ptr_array_new_with_free_func (g_object_unref);
  load_builtins (self, listed);
  scan_folder (self, AUDIO_FOLDER, LULL_TRACK_KIND_OWN, listed, problems);
  scan_folder (self, RECORDINGS_FOLDER, LULL_TRACK_KIND_RECORDING, listed, problems);

  for (guint i = 0; i < listed->len; i++)
    {
      LullTrack *track = g_ptr_array_index (listed, i);
      g_autofree char *title = NULL;

      if (track->builtin != NULL)
        continue;
      title = own_title (self, track);
      track_set_title (track, title);
    }

  g_ptr_array_sort (listed, compare_track_pointers);
  sync_store (self, listed);

  /* A new load asks again about every file it has not heard back on. */
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  /* Files whose length is not known are asked about again too: a codec
   * may have been installed since, or a slow disk may answer this time. */
  queue = g_ptr_array_new ();
  for (guint i = 0; i < listed->len; i++)
    {
      LullTrack *track = g_ptr_array_index (listed, i);

      if (track->have_stat && (!track->discovered || track->duration < 0))
        g_ptr_array_add (queue, track);
    }
  if (can_discover && discover)
    start_discovery (self, queue, self->load_cancellable);
}

/**
 * lull_track_library_list:
 * @problems: (nullable) (element-type utf8): as for lull_track_library_load()
 *
 * Lists the tracks as lull_track_library_load() does, without finding
 * their lengths: enough to look a track up. A session's first sound must
 * not wait behind the discovery of every file (the player finds the
 * length of what it plays).
 */
void
lull_track_library_list (LullTrackLibrary *self,
                         GPtrArray        *problems)
{
  g_return_if_fail (LULL_IS_TRACK_LIBRARY (self));

  list_tracks (self, problems, FALSE);
}

/**
 * lull_track_library_load:
 * @problems: (nullable) (element-type utf8): sentences for the parent
 *   are added here (strings the array frees with g_free())
 *
 * Lists the built-in tracks and the regular files in `audio/` and
 * `recordings/`, and starts finding the length of each file not known yet
 * on a thread of its own. Tracks that were listed before stay the same
 * objects; a file changed since is discovered again.
 */
void
lull_track_library_load (LullTrackLibrary *self,
                         GPtrArray        *problems)
{
  g_return_if_fail (LULL_IS_TRACK_LIBRARY (self));

  list_tracks (self, problems, TRUE);
}

/**
 * lull_track_library_get_tracks:
 *
 * Returns: (transfer none): the tracks, built-ins first
 */
GListModel *
lull_track_library_get_tracks (LullTrackLibrary *self)
{
  g_return_val_if_fail (LULL_IS_TRACK_LIBRARY (self), NULL);

  return G_LIST_MODEL (self->tracks);
}

/**
 * lull_track_library_lookup:
 * @id: a track id, such as `builtin:rain` or `rain.ogg`
 *
 * A plain file name is looked for in `audio/` first, then in
 * `recordings/`.
 *
 * Returns: (transfer none) (nullable): the listed track with @id
 */
LullTrack *
lull_track_library_lookup (LullTrackLibrary *self,
                           const char       *id)
{
  LullTrack *track;

  g_return_val_if_fail (LULL_IS_TRACK_LIBRARY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!lull_track_id_is_valid (id))
    return NULL;

  if (g_str_has_prefix (id, LULL_TRACK_ID_BUILTIN_PREFIX))
    {
      for (guint i = 0; i < G_N_ELEMENTS (builtin_tracks); i++)
        {
          if (g_str_equal (builtin_tracks[i].id, id))
            return find_track (self, builtin_tracks[i].kind, id);
        }
      return NULL;
    }

  track = find_track (self, LULL_TRACK_KIND_OWN, id);
  if (track == NULL)
    track = find_track (self, LULL_TRACK_KIND_RECORDING, id);

  return track;
}

/**
 * lull_track_library_import:
 * @source: a sound file on this computer
 *
 * Refuses, with %LULL_TRACK_LIBRARY_ERROR_NOT_AUDIO, anything that is not
 * a regular file with sound Lull can play; with
 * %LULL_TRACK_LIBRARY_ERROR_NOT_FOUND a source that cannot be read; with
 * %LULL_TRACK_LIBRARY_ERROR_FAILED when the copy cannot be written, and
 * then nothing is left behind. The source itself is never changed.
 *
 * Returns: (transfer none): the new track, listed
 */
LullTrack *
lull_track_library_import (LullTrackLibrary  *self,
                           GFile             *source,
                           GCancellable      *cancellable,
                           GError           **error)
{
  g_autoptr(ImportRequest) request = NULL;
  g_autoptr(ImportResult) result = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LULL_IS_TRACK_LIBRARY (self), NULL);
  g_return_val_if_fail (G_IS_FILE (source), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!lull_media_init (&local_error))
    {
      g_set_error (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_FAILED,
                   _("Lull could not start its sound system (%s), so it added nothing. "
                     "Reinstall Lull’s GStreamer plugins, then try again."),
                   local_error->message);
      return NULL;
    }

  request = import_request_new (self, source, error);
  if (request == NULL)
    return NULL;

  result = import_run (request, cancellable, error);
  if (result == NULL)
    return NULL;

  return import_complete (self, result);
}

void
lull_track_library_import_async (LullTrackLibrary    *self,
                                 GFile               *source,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) copy = NULL;
  g_autoptr(GError) error = NULL;
  ImportRequest *request;

  g_return_if_fail (LULL_IS_TRACK_LIBRARY (self));
  g_return_if_fail (G_IS_FILE (source));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lull_track_library_import_async);
  /* A copy that finished is listed and reported, even if cancelled late. */
  g_task_set_check_cancellable (task, FALSE);

  if (!lull_media_init (&error))
    {
      g_task_return_new_error (task, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_FAILED,
                               _("Lull could not start its sound system (%s), so it added "
                                 "nothing. Reinstall Lull’s GStreamer plugins, then try again."),
                               error->message);
      return;
    }

  request = import_request_new (self, source, &error);
  if (request == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The copying task has no source object: the pool may drop its last
   * reference on the copying thread, and the library must only ever be
   * released on its own. */
  copy = g_task_new (NULL, cancellable, import_copied_cb, g_object_ref (task));
  g_task_set_source_tag (copy, import_thread);
  g_task_set_check_cancellable (copy, FALSE);
  g_task_set_task_data (copy, request, import_request_free);
  g_task_run_in_thread (copy, import_thread);
}

/**
 * lull_track_library_import_finish:
 *
 * Returns: (transfer none): the new track, listed
 */
LullTrack *
lull_track_library_import_finish (LullTrackLibrary  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (LULL_IS_TRACK_LIBRARY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lull_track_library_import_async, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  return g_task_get_task_data (G_TASK (result));
}

/**
 * lull_track_library_add_recording:
 * @file: a file in the data root's `recordings/` folder
 *
 * Lists a recording the recorder has just finished, and discovers it.
 * A recording listed already is looked at again.
 *
 * Returns: (transfer none): the recording's track
 */
LullTrack *
lull_track_library_add_recording (LullTrackLibrary  *self,
                                  GFile             *file,
                                  GError           **error)
{
  g_autofree char *path = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *display = NULL;
  g_autofree char *title = NULL;
  g_autoptr(LullTrack) track = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  GStatBuf st;

  g_return_val_if_fail (LULL_IS_TRACK_LIBRARY (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = g_file_get_path (file);
  g_return_val_if_fail (path != NULL, NULL);
  parent = g_path_get_dirname (path);
  folder = lull_data_root_build_filename (self->data_root, RECORDINGS_FOLDER, NULL);
  g_return_val_if_fail (g_str_equal (parent, folder), NULL);

  name = g_path_get_basename (path);
  display = g_filename_display_name (name);
  if (!lull_track_id_is_valid (name))
    {
      g_set_error (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_FAILED,
                   _("Lull cannot list the recording “%s”, because it cannot use that file "
                     "name for a sound track. Record it again."),
                   display);
      return NULL;
    }

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_NOT_FOUND,
                   _("Lull could not find the recording “%s” (%s). Record it again."),
                   display, g_strerror (saved_errno));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_autofree char *sentence = not_regular_sentence (display);

      g_set_error_literal (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_NOT_AUDIO, sentence);
      return NULL;
    }

  track = find_track (self, LULL_TRACK_KIND_RECORDING, name);
  if (track != NULL)
    g_object_ref (track);
  else
    track = track_new (name, LULL_TRACK_KIND_RECORDING, FALSE, file, NULL);

  track_take_stat (track, &st);
  title = own_title (self, track);
  track_set_title (track, title);

  if (g_list_store_find (self->tracks, track, NULL))
    place_track (self, track);
  else
    g_list_store_insert_sorted (self->tracks, track, compare_tracks, NULL);

  if (!track->discovered && lull_media_init (NULL))
    {
      queue = g_ptr_array_new ();
      g_ptr_array_add (queue, track);
      start_discovery (self, queue, self->cancellable);
    }

  return track;
}

/**
 * lull_track_library_rename:
 * @title: the new title; an empty one gives the track back its own name
 *
 * Refuses built-ins with %LULL_TRACK_LIBRARY_ERROR_BUILTIN. The title is
 * saved in the data root's `tracks.ini`, so the file name (the id that
 * routines and the history use) never changes.
 */
gboolean
lull_track_library_rename (LullTrackLibrary  *self,
                           LullTrack         *track,
                           const char        *title,
                           GError           **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (LULL_IS_TRACK_LIBRARY (self), FALSE);
  g_return_val_if_fail (LULL_IS_TRACK (track), FALSE);
  g_return_val_if_fail (title != NULL && g_utf8_validate (title, -1, NULL), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (track->builtin != NULL)
    {
      g_set_error (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_BUILTIN,
                   _("“%s” comes with Lull, so it cannot be renamed. You can rename the sounds "
                     "you added or recorded."),
                   lull_track_get_title (track));
      return FALSE;
    }

  clean = clean_title (title);
  if (!save_title (self, track->id, clean, error))
    return FALSE;

  shown = own_title (self, track);
  track_set_title (track, shown);
  place_track (self, track);

  return TRUE;
}

/**
 * lull_track_library_delete:
 *
 * Deletes the parent's file and the title they gave it, and takes the
 * track off the list. Refuses built-ins with
 * %LULL_TRACK_LIBRARY_ERROR_BUILTIN.
 */
gboolean
lull_track_library_delete (LullTrackLibrary  *self,
                           LullTrack         *track,
                           GError           **error)
{
  g_autofree char *path = NULL;
  g_autoptr(LullTrack) held = NULL;
  g_autoptr(GError) local_error = NULL;
  guint position;

  g_return_val_if_fail (LULL_IS_TRACK_LIBRARY (self), FALSE);
  g_return_val_if_fail (LULL_IS_TRACK (track), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (track->builtin != NULL)
    {
      g_set_error (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_BUILTIN,
                   _("“%s” comes with Lull, so it cannot be deleted. You can delete the sounds "
                     "you added or recorded."),
                   lull_track_get_title (track));
      return FALSE;
    }

  path = g_file_get_path (track->file);
  if (path != NULL && g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, LULL_TRACK_LIBRARY_ERROR, LULL_TRACK_LIBRARY_ERROR_FAILED,
                   _("Lull could not delete “%s” (%s). Check that the disk is not read-only, "
                     "then try again."),
                   lull_track_get_title (track), g_strerror (saved_errno));
      return FALSE;
    }

  held = g_object_ref (track);
  track->serial++;
  if (g_list_store_find (self->tracks, track, &position))
    g_list_store_remove (self->tracks, position);

  /* The title goes too, unless a file of the same name in the other
   * folder still uses it. */
  if (g_hash_table_contains (get_titles (self), track->id)
      && find_track (self, LULL_TRACK_KIND_OWN, track->id) == NULL
      && find_track (self, LULL_TRACK_KIND_RECORDING, track->id) == NULL
      && !save_title (self, track->id, NULL, &local_error))
    g_debug ("The title of deleted track %s stays in %s: %s",
             track->id, TITLES_FILE, local_error->message);

  return TRUE;
}

/**
 * lull_track_library_dup_cue_file:
 * @name: "chime", "bell" or "tone"
 *
 * Returns: (transfer full): the cue sound's file in Lull's media folder
 */
GFile *
lull_track_library_dup_cue_file (const char *name)
{
  g_autofree char *file_name = NULL;
  gboolean known = FALSE;

  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cue_names); i++)
    known = known || g_str_equal (cue_names[i], name);
  g_return_val_if_fail (known, NULL);

  file_name = g_strconcat (name, ".opus", NULL);

  return g_file_new_build_filename (lull_media_get_dir (), file_name, NULL);
}
