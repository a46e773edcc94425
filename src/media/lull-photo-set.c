/* lull-photo-set.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lull-file.h"
#include "lull-photo-set.h"
#include "lull-step.h"
#include "lull-thumbnailer.h"

/* The baby's photos a session shows: the files in the data root's
 * photos/ folder, in the parent's order. What the folder cannot say (the
 * order, the favourites, the focus photo) is kept in photos.ini:
 *
 *   [Lull Photos]
 *   version=1
 *   order=first.jpg;second.jpg;clip.webm;
 *   favourites=second.jpg;
 *   focus=second.jpg
 *
 * Ids are file names, written as keyfile lists (a ';' in a name is
 * escaped). Names photos.ini lists that are no longer in the folder are
 * passed over, and files it does not list come after the others, oldest
 * first. Groups and keys this version does not know are kept when the
 * file is written again, for a newer Lull. */

#define PHOTOS_FOLDER        "photos"
#define PHOTOS_FILE          "photos.ini"
#define PHOTOS_GROUP         "Lull Photos"
#define VERSION_KEY          "version"
#define FORMAT_VERSION       1
#define ORDER_KEY            "order"
#define FAVOURITES_KEY       "favourites"
#define FOCUS_KEY            "focus"
/* A few hundred names are a few kilobytes: a larger file is not Lull's. */
#define PHOTOS_FILE_MAX_BYTES (4 * 1024 * 1024)
/* Import makes photos of a few megabytes; this leaves room for clips'
 * stills put there by hand, and stops a huge file from filling memory. */
#define STILL_MAX_BYTES      (256 * 1024 * 1024)

static const char * const clip_extensions[] = { "mp4", "mov", "webm", "mkv" };
/* What import writes (JPEG, PNG) and what GdkPixbuf reads of what a
 * parent may copy in by hand. */
static const char * const still_extensions[] = {
  "jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff",
};

typedef enum
{
  FILE_STATE_OK,          /* missing, or read and used: written as usual */
  FILE_STATE_REPLACE,     /* not a regular file: never opened, replaced by the next write */
  FILE_STATE_UNREADABLE,  /* could not be read: never written over */
  FILE_STATE_STUCK,       /* damaged and could not be moved aside: never written over */
  FILE_STATE_NEWER,       /* a newer Lull's: read, never written over */
} FileState;

struct _LullPhoto
{
  GObject   parent_instance;

  char     *id;
  GFile    *file;
  gboolean  is_clip;
  gboolean  favourite;
  /* For ordering files photos.ini does not list yet. */
  gint64    mtime;
};

struct _LullPhotoSet
{
  GObject        parent_instance;

  LullDataRoot  *data_root;
  GListStore    *photos;
  /* Taken out of the list, files kept until lull_photo_set_purge(). */
  GPtrArray     *removed;
  /* What is written back, unknown groups and keys included. */
  GKeyFile      *keyfile;
  FileState      file_state;
  char          *focus_id;
  /* What lull_photo_set_get_focus() last said, to notify changes. */
  LullPhoto     *focus;
};

G_DEFINE_FINAL_TYPE (LullPhoto, lull_photo, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (LullPhotoSet, lull_photo_set, G_TYPE_OBJECT)

enum {
  PHOTO_PROP_0,
  PHOTO_PROP_ID,
  PHOTO_PROP_FILE,
  PHOTO_PROP_IS_CLIP,
  PHOTO_PROP_FAVOURITE,
  N_PHOTO_PROPS
};

static GParamSpec *photo_properties[N_PHOTO_PROPS];

enum {
  PROP_0,
  PROP_DATA_ROOT,
  PROP_PHOTOS,
  PROP_FOCUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The photo */

static gboolean
has_extension (const char         *name,
               const char * const *extensions,
               gsize               n_extensions)
{
  const char *dot = strrchr (name, '.');

  if (dot == NULL || dot == name)
    return FALSE;

  for (gsize i = 0; i < n_extensions; i++)
    {
      if (g_ascii_strcasecmp (dot + 1, extensions[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
name_is_clip (const char *name)
{
  return has_extension (name, clip_extensions, G_N_ELEMENTS (clip_extensions));
}

static gboolean
name_is_photo (const char *name)
{
  return name_is_clip (name)
         || has_extension (name, still_extensions, G_N_ELEMENTS (still_extensions));
}

static LullPhoto *
photo_new (const char *id,
           const char *path,
           gint64      mtime)
{
  LullPhoto *self = g_object_new (LULL_TYPE_PHOTO, NULL);

  self->id = g_strdup (id);
  self->file = g_file_new_for_path (path);
  self->is_clip = name_is_clip (id);
  self->mtime = mtime;

  return self;
}

static void
photo_set_favourite (LullPhoto *self,
                     gboolean   favourite)
{
  favourite = !!favourite;
  if (self->favourite == favourite)
    return;

  self->favourite = favourite;
  g_object_notify_by_pspec (G_OBJECT (self), photo_properties[PHOTO_PROP_FAVOURITE]);
}

static void
lull_photo_finalize (GObject *object)
{
  LullPhoto *self = (LullPhoto *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (lull_photo_parent_class)->finalize (object);
}

static void
lull_photo_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LullPhoto *self = LULL_PHOTO (object);

  switch (prop_id)
    {
    case PHOTO_PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PHOTO_PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PHOTO_PROP_IS_CLIP:
      g_value_set_boolean (value, self->is_clip);
      break;

    case PHOTO_PROP_FAVOURITE:
      g_value_set_boolean (value, self->favourite);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_photo_class_init (LullPhotoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lull_photo_finalize;
  object_class->get_property = lull_photo_get_property;

  photo_properties[PHOTO_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  photo_properties[PHOTO_PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  photo_properties[PHOTO_PROP_IS_CLIP] =
    g_param_spec_boolean ("is-clip", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Changed through lull_photo_set_set_favourite(), which saves it. */
  photo_properties[PHOTO_PROP_FAVOURITE] =
    g_param_spec_boolean ("favourite", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PHOTO_PROPS, photo_properties);
}

static void
lull_photo_init (LullPhoto *self)
{
}

const char *
lull_photo_get_id (LullPhoto *self)
{
  g_return_val_if_fail (LULL_IS_PHOTO (self), NULL);

  return self->id;
}

/**
 * lull_photo_get_file:
 *
 * Returns: (transfer none): the photo's file in `photos/`
 */
GFile *
lull_photo_get_file (LullPhoto *self)
{
  g_return_val_if_fail (LULL_IS_PHOTO (self), NULL);

  return self->file;
}

gboolean
lull_photo_get_is_clip (LullPhoto *self)
{
  g_return_val_if_fail (LULL_IS_PHOTO (self), FALSE);

  return self->is_clip;
}

gboolean
lull_photo_get_favourite (LullPhoto *self)
{
  g_return_val_if_fail (LULL_IS_PHOTO (self), FALSE);

  return self->favourite;
}

/**
 * lull_photo_id_is_valid:
 * @id: (nullable): what a routine or photos.ini names a photo by
 *
 * A plain file name, as lull_file_id_is_valid() says; a photo is never
 * built in.
 */
gboolean
lull_photo_id_is_valid (const char *id)
{
  return lull_file_id_is_valid (id);
}

typedef struct
{
  int width;
  int height;
} Box;

/* Fits the picture in the box, keeping its shape; never larger. */
static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  const Box *box = user_data;
  double scale;

  if (width <= 0 || height <= 0)
    return;

  scale = MIN ((double)box->width / width, (double)box->height / height);
  if (scale >= 1.0)
    return;

  gdk_pixbuf_loader_set_size (loader,
                              MAX (1, (int)(width * scale + 0.5)),
                              MAX (1, (int)(height * scale + 0.5)));
}

/**
 * lull_photo_decode:
 * @width: the largest width wanted, at least 1
 * @height: the largest height wanted, at least 1
 *
 * The file is read with lull_file_get_contents(), so a FIFO or a device
 * put in place of a photo is refused rather than waited on for ever.
 *
 * Returns: (transfer full): the picture, at most @width × @height
 */
GdkPixbuf *
lull_photo_decode (LullPhoto     *self,
                   int            width,
                   int            height,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *display = NULL;
  GdkPixbuf *pixbuf;
  gsize length = 0;
  Box box = { width, height };

  g_return_val_if_fail (LULL_IS_PHOTO (self), NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (self->id);
  if (self->is_clip)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is a clip, not a still photo."), display);
      return NULL;
    }

  path = g_file_get_path (self->file);
  if (!lull_file_get_contents (path, STILL_MAX_BYTES, &contents, &length, &local_error))
    {
      if (local_error->domain == LULL_FILE_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("Lull could not read the photo “%s”. It may have been moved or deleted."),
                     display);
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  loader = gdk_pixbuf_loader_new ();
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &box);
  if (!gdk_pixbuf_loader_write (loader, (const guchar *)contents, length, &local_error)
      || !gdk_pixbuf_loader_close (loader, &local_error)
      || gdk_pixbuf_loader_get_pixbuf (loader) == NULL)
    {
      g_debug ("Could not decode %s: %s", path,
               local_error != NULL ? local_error->message : "no picture");
      /* A loader left open warns when it is finalized. */
      gdk_pixbuf_loader_close (loader, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Lull could not show the photo “%s”, because the file is damaged or "
                     "not a picture it knows. Add the photo again."),
                   display);
      return NULL;
    }

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);

  return g_object_ref (pixbuf);
}

/* The set */

static void
lull_photo_set_dispose (GObject *object)
{
  LullPhotoSet *self = LULL_PHOTO_SET (object);

  g_clear_object (&self->data_root);
  g_clear_object (&self->photos);
  g_clear_pointer (&self->removed, g_ptr_array_unref);
  self->focus = NULL;

  G_OBJECT_CLASS (lull_photo_set_parent_class)->dispose (object);
}

static void
lull_photo_set_finalize (GObject *object)
{
  LullPhotoSet *self = LULL_PHOTO_SET (object);

  g_clear_pointer (&self->keyfile, g_key_file_unref);
  g_clear_pointer (&self->focus_id, g_free);

  G_OBJECT_CLASS (lull_photo_set_parent_class)->finalize (object);
}

static void
lull_photo_set_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LullPhotoSet *self = LULL_PHOTO_SET (object);

  switch (prop_id)
    {
    case PROP_DATA_ROOT:
      g_value_set_object (value, self->data_root);
      break;

    case PROP_PHOTOS:
      g_value_set_object (value, self->photos);
      break;

    case PROP_FOCUS:
      g_value_set_object (value, self->focus);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_photo_set_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LullPhotoSet *self = LULL_PHOTO_SET (object);

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
lull_photo_set_class_init (LullPhotoSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lull_photo_set_dispose;
  object_class->finalize = lull_photo_set_finalize;
  object_class->get_property = lull_photo_set_get_property;
  object_class->set_property = lull_photo_set_set_property;

  properties[PROP_DATA_ROOT] =
    g_param_spec_object ("data-root", NULL, NULL,
                         LULL_TYPE_DATA_ROOT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PHOTOS] =
    g_param_spec_object ("photos", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FOCUS] =
    g_param_spec_object ("focus", NULL, NULL,
                         LULL_TYPE_PHOTO,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lull_photo_set_init (LullPhotoSet *self)
{
  self->photos = g_list_store_new (LULL_TYPE_PHOTO);
  self->removed = g_ptr_array_new_with_free_func (g_object_unref);
  self->keyfile = g_key_file_new ();
}

/**
 * lull_photo_set_new:
 * @data_root: where `photos/` and `photos.ini` are
 *
 * Empty until lull_photo_set_load().
 */
LullPhotoSet *
lull_photo_set_new (LullDataRoot *data_root)
{
  g_return_val_if_fail (LULL_IS_DATA_ROOT (data_root), NULL);

  return g_object_new (LULL_TYPE_PHOTO_SET,
                       "data-root", data_root,
                       NULL);
}

static guint
n_photos (LullPhotoSet *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->photos));
}

/* (transfer none) */
static LullPhoto *
photo_at (LullPhotoSet *self,
          guint         position)
{
  g_autoptr(LullPhoto) photo = g_list_model_get_item (G_LIST_MODEL (self->photos), position);

  /* The store holds its own reference. */
  return photo;
}

static LullPhoto *
find_removed (LullPhotoSet *self,
              const char   *id)
{
  for (guint i = 0; i < self->removed->len; i++)
    {
      LullPhoto *photo = g_ptr_array_index (self->removed, i);

      if (g_str_equal (photo->id, id))
        return photo;
    }

  return NULL;
}

/* Notifies "focus" when what lull_photo_set_get_focus() says changed. */
static void
update_focus (LullPhotoSet *self)
{
  LullPhoto *focus = NULL;

  if (self->focus_id != NULL)
    focus = lull_photo_set_lookup (self, self->focus_id);

  if (focus == self->focus)
    return;

  self->focus = focus;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOCUS]);
}

static gboolean
same_order (LullPhotoSet *self,
            GPtrArray    *order)
{
  for (guint i = 0; i < order->len; i++)
    {
      if (photo_at (self, i) != g_ptr_array_index (order, i))
        return FALSE;
    }

  return TRUE;
}

/* Reading photos.ini */

/* Reads photos.ini into a new keyfile (empty when there is none or it
 * cannot be used), sets the file state, and adds a sentence to @problems
 * when the parent should know. */
static GKeyFile *
read_photos_file (LullPhotoSet *self,
                  GPtrArray    *problems)
{
  g_autofree char *path = lull_data_root_build_filename (self->data_root, PHOTOS_FILE, NULL);
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *moved = NULL;
  char *problem = NULL;
  guint64 version = 0;

  self->file_state = FILE_STATE_OK;

  if (lull_file_load_key_file (path, PHOTOS_FILE_MAX_BYTES, keyfile, &error))
    {
      version = lull_key_file_get_version (keyfile, PHOTOS_GROUP, VERSION_KEY);
      if (version == FORMAT_VERSION)
        return g_steal_pointer (&keyfile);
      if (version > FORMAT_VERSION)
        {
          self->file_state = FILE_STATE_NEWER;
          problem = g_strdup (_("Your photos’ order was saved by a newer version of Lull. "
                                "Lull shows your photos, but does not save changes to them "
                                "until you update it."));
          goto out;
        }
    }
  else if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return g_steal_pointer (&keyfile);
  else if (g_error_matches (error, LULL_FILE_ERROR, LULL_FILE_ERROR_NOT_REGULAR)
           || g_error_matches (error, LULL_FILE_ERROR, LULL_FILE_ERROR_LINK_LOOP))
    {
      /* Not Lull's to move; the next change writes a file in its place. */
      self->file_state = FILE_STATE_REPLACE;
      /* Translators: the reason is a sentence such as ““photos.ini” is not
       * a regular file, so Lull did not open it.” */
      problem = g_strdup_printf (_("Your photos are shown in the order they were added, because "
                                   "their saved order could not be read. %s"),
                                 error->message);
      g_clear_pointer (&keyfile, g_key_file_unref);
      keyfile = g_key_file_new ();
      goto out;
    }
  else if (error->domain == G_FILE_ERROR)
    {
      g_autofree char *display = g_filename_display_name (PHOTOS_FILE);

      g_debug ("Could not read %s: %s", path, error->message);
      self->file_state = FILE_STATE_UNREADABLE;
      problem = g_strdup_printf (_("Lull could not read “%s”, where it keeps the order of your "
                                   "photos, so it shows them in the order they were added and "
                                   "saves no changes to them. Check that you may read Lull’s "
                                   "data folder, then open Lull again."),
                                 display);
      g_clear_pointer (&keyfile, g_key_file_unref);
      keyfile = g_key_file_new ();
      goto out;
    }

  /* Too large, not UTF-8, not a keyfile, or no version: damaged. It is
   * never written over, so it goes to quarantine/ now. */
  g_debug ("%s is damaged: %s", path, error != NULL ? error->message : "no version");
  g_clear_error (&error);
  g_clear_pointer (&keyfile, g_key_file_unref);
  keyfile = g_key_file_new ();
  now = g_date_time_new_now_utc ();
  moved = lull_data_root_quarantine (self->data_root, path, now, &error);
  if (moved == NULL)
    {
      g_debug ("Could not set %s aside: %s", path, error->message);
      self->file_state = FILE_STATE_STUCK;
      problem = g_strdup (_("The file that keeps the order of your photos is damaged, and Lull "
                            "could not move it to the quarantine folder, so it shows your "
                            "photos in the order they were added and saves no changes to them. "
                            "Check that you can write to Lull’s data folder, then open Lull "
                            "again."));
    }
  else
    problem = g_strdup (_("The file that keeps the order of your photos was damaged, so Lull "
                          "moved it to the quarantine folder. Your photos are all still here, "
                          "in the order they were added; mark your favourites again."));

out:
  if (problems != NULL)
    g_ptr_array_add (problems, problem);
  else
    g_free (problem);

  return g_steal_pointer (&keyfile);
}

static GHashTable *
string_set_from_list (GKeyFile   *keyfile,
                      const char *key)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) names = g_key_file_get_string_list (keyfile, PHOTOS_GROUP, key, NULL, NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      if (lull_photo_id_is_valid (names[i]))
        g_hash_table_add (set, g_strdup (names[i]));
    }

  return set;
}

/* Listing photos/ */

static int
compare_new_photos (gconstpointer a,
                    gconstpointer b)
{
  LullPhoto *photo_a = *(LullPhoto **)a;
  LullPhoto *photo_b = *(LullPhoto **)b;

  if (photo_a->mtime != photo_b->mtime)
    return photo_a->mtime < photo_b->mtime ? -1 : 1;

  return strcmp (photo_a->id, photo_b->id);
}

/* The modification time, when @path is a regular file that may be a
 * photo (links followed); -1 otherwise. */
static gint64
photo_file_mtime (const char *folder,
                  const char *name)
{
  g_autofree char *path = NULL;
  GStatBuf st;

  /* Hidden files include the temporary files of an import or a sync. */
  if (name[0] == '.' || !lull_photo_id_is_valid (name) || !name_is_photo (name))
    return -1;

  path = g_build_filename (folder, name, NULL);
  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return -1;

  return (gint64)st.st_mtime * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
}

/* id → LullPhoto (a reference): the regular files in photos/. */
static GHashTable *
list_folder (LullPhotoSet *self,
             GPtrArray    *problems)
{
  g_autofree char *folder = lull_data_root_build_filename (self->data_root, PHOTOS_FOLDER, NULL);
  GHashTable *found = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  LullPhoto *photo;
  const char *name;

  dir = g_dir_open (folder, 0, &error);
  if (dir == NULL)
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT) && problems != NULL)
        {
          g_autofree char *display = g_filename_display_name (PHOTOS_FOLDER);

          g_debug ("Could not list %s: %s", folder, error->message);
          g_ptr_array_add (problems,
                           g_strdup_printf (_("Lull could not open the folder “%s” in its data "
                                              "folder, so it shows no photos. Check that you "
                                              "may read it, then open Lull again."),
                                            display));
        }
      return found;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      gint64 mtime = photo_file_mtime (folder, name);

      if (mtime < 0)
        {
          g_debug ("Not listing %s/%s", folder, name);
          continue;
        }

      path = g_build_filename (folder, name, NULL);
      photo = photo_new (name, path, mtime);
      g_hash_table_insert (found, photo->id, photo);
    }

  return found;
}

/**
 * lull_photo_set_load:
 * @problems: (nullable) (element-type utf8): sentences for the parent are
 *   added here (strings the array frees with g_free())
 *
 * Photos listed before stay the same objects. Photos removed and not yet
 * purged stay out of the list.
 */
void
lull_photo_set_load (LullPhotoSet *self,
                     GPtrArray    *problems)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GHashTable) found = NULL;
  g_autoptr(GHashTable) previous = NULL;
  g_autoptr(GHashTable) favourites = NULL;
  g_autoptr(GHashTable) placed = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) unlisted = NULL;
  g_auto(GStrv) order = NULL;
  GHashTableIter iter;
  LullPhoto *photo;
  guint n_old;

  g_return_if_fail (LULL_IS_PHOTO_SET (self));

  keyfile = read_photos_file (self, problems);
  found = list_folder (self, problems);
  favourites = string_set_from_list (keyfile, FAVOURITES_KEY);

  /* Keep the objects the UI already holds. */
  previous = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  n_old = n_photos (self);
  for (guint i = 0; i < n_old; i++)
    {
      photo = g_list_model_get_item (G_LIST_MODEL (self->photos), i);
      g_hash_table_replace (previous, photo->id, photo);
    }

  listed = g_ptr_array_new_with_free_func (g_object_unref);
  placed = g_hash_table_new (g_str_hash, g_str_equal);
  order = g_key_file_get_string_list (keyfile, PHOTOS_GROUP, ORDER_KEY, NULL, NULL);

  for (guint pass = 0; pass < 2; pass++)
    {
      unlisted = g_ptr_array_new ();

      if (pass == 0)
        {
          for (guint i = 0; order != NULL && order[i] != NULL; i++)
            {
              photo = g_hash_table_lookup (found, order[i]);
              if (photo != NULL && !g_hash_table_contains (placed, photo->id))
                {
                  g_ptr_array_add (unlisted, photo);
                  g_hash_table_add (placed, photo->id);
                }
            }
        }
      else
        {
          g_hash_table_iter_init (&iter, found);
          while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&photo))
            {
              if (!g_hash_table_contains (placed, photo->id))
                g_ptr_array_add (unlisted, photo);
            }
          g_ptr_array_sort (unlisted, compare_new_photos);
        }

      for (guint i = 0; i < unlisted->len; i++)
        {
          LullPhoto *fresh = g_ptr_array_index (unlisted, i);
          LullPhoto *kept = g_hash_table_lookup (previous, fresh->id);

          if (find_removed (self, fresh->id) != NULL)
            continue;

          if (kept != NULL && kept->is_clip == fresh->is_clip)
            {
              kept->mtime = fresh->mtime;
              fresh = kept;
            }
          photo_set_favourite (fresh, g_hash_table_contains (favourites, fresh->id));
          g_ptr_array_add (listed, g_object_ref (fresh));
        }
      g_clear_pointer (&unlisted, g_ptr_array_unref);
    }

  /* Removed photos whose file is gone were purged by someone else. */
  for (guint i = self->removed->len; i > 0; i--)
    {
      LullPhoto *removed = g_ptr_array_index (self->removed, i - 1);

      if (!g_hash_table_contains (found, removed->id))
        g_ptr_array_remove_index (self->removed, i - 1);
    }

  g_key_file_unref (self->keyfile);
  self->keyfile = g_steal_pointer (&keyfile);
  g_free (self->focus_id);
  self->focus_id = g_key_file_get_string (self->keyfile, PHOTOS_GROUP, FOCUS_KEY, NULL);
  if (self->focus_id != NULL && !lull_photo_id_is_valid (self->focus_id))
    g_clear_pointer (&self->focus_id, g_free);

  /* A rescan that found nothing new leaves a view of the list alone. */
  if (listed->len != n_old || !same_order (self, listed))
    g_list_store_splice (self->photos, 0, n_old, listed->pdata, listed->len);
  update_focus (self);
}

/**
 * lull_photo_set_get_photos:
 *
 * Returns: (transfer none): the photos, a list model of #LullPhoto
 */
GListModel *
lull_photo_set_get_photos (LullPhotoSet *self)
{
  g_return_val_if_fail (LULL_IS_PHOTO_SET (self), NULL);

  return G_LIST_MODEL (self->photos);
}

/**
 * lull_photo_set_lookup:
 *
 * Returns: (transfer none) (nullable): the listed photo with @id
 */
LullPhoto *
lull_photo_set_lookup (LullPhotoSet *self,
                       const char   *id)
{
  guint n;

  g_return_val_if_fail (LULL_IS_PHOTO_SET (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  n = n_photos (self);
  for (guint i = 0; i < n; i++)
    {
      LullPhoto *photo = photo_at (self, i);

      if (g_str_equal (photo->id, id))
        return photo;
    }

  return NULL;
}

/**
 * lull_photo_set_add:
 * @id: the name of a file that is now in `photos/`
 *
 * Lists it at the end (a photo listed already stays where it is).
 *
 * Returns: (transfer none): the photo
 */
LullPhoto *
lull_photo_set_add (LullPhotoSet  *self,
                    const char    *id,
                    GError       **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  g_autoptr(LullPhoto) photo = NULL;
  LullPhoto *removed;
  gint64 mtime;
  guint position;

  g_return_val_if_fail (LULL_IS_PHOTO_SET (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (id);
  folder = lull_data_root_build_filename (self->data_root, PHOTOS_FOLDER, NULL);
  mtime = lull_photo_id_is_valid (id) ? photo_file_mtime (folder, id) : -1;
  if (mtime < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Lull could not find the photo “%s” in its photos folder. Add it again."),
                   display);
      return NULL;
    }

  photo = lull_photo_set_lookup (self, id);
  if (photo != NULL)
    {
      photo->mtime = mtime;
      return g_steal_pointer (&photo);
    }

  /* A file of the same name, imported while the old one waits to be
   * purged, replaces it. */
  removed = find_removed (self, id);
  if (removed != NULL)
    g_ptr_array_remove_fast (self->removed, removed);

  path = g_build_filename (folder, id, NULL);
  photo = photo_new (id, path, mtime);
  position = n_photos (self);
  g_list_store_append (self->photos, photo);
  update_focus (self);

  return photo_at (self, position);
}

/* Writing photos.ini */

static void
set_write_error (GError     **error,
                 GFileError   code,
                 const char  *cause)
{
  const char *message;

  g_debug ("Could not save %s: %s", PHOTOS_FILE, cause);

  switch (code)
    {
    case G_FILE_ERROR_ROFS:
      message = _("Lull could not save the change to your photos because the disk is "
                  "read-only. Make the disk writable again, then try again.");
      break;

    case G_FILE_ERROR_NOSPC:
      message = _("Lull could not save the change to your photos because the disk is full. "
                  "Free some space, then try again.");
      break;

    case G_FILE_ERROR_ACCES:
    case G_FILE_ERROR_PERM:
      message = _("Lull could not save the change to your photos because it may not write "
                  "to its data folder. Check that you may write to that folder, then try "
                  "again.");
      break;

    default:
      message = _("Lull could not save the change to your photos because writing to the "
                  "disk did not work. Check that the disk is plugged in and has free space, "
                  "then try again.");
      break;
    }

  g_set_error_literal (error, G_FILE_ERROR, code, message);
}

static gboolean
check_writable (LullPhotoSet  *self,
                GError       **error)
{
  switch (self->file_state)
    {
    case FILE_STATE_OK:
    case FILE_STATE_REPLACE:
      return TRUE;

    case FILE_STATE_NEWER:
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_PERM,
                           _("Your photos’ order was saved by a newer version of Lull, so this "
                             "version does not change it. Update Lull, then try again."));
      return FALSE;

    case FILE_STATE_UNREADABLE:
    case FILE_STATE_STUCK:
    default:
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                           _("Lull could not read the file that keeps the order of your photos, "
                             "so it does not write over it. Check that you can read and write "
                             "Lull’s data folder, then open Lull again."));
      return FALSE;
    }
}

static void
add_favourite_ids (GPtrArray *favourites,
                   GPtrArray *photos,
                   LullPhoto *changed,
                   gboolean   favourite)
{
  for (guint i = 0; i < photos->len; i++)
    {
      LullPhoto *photo = g_ptr_array_index (photos, i);

      if (photo == changed ? favourite : photo->favourite)
        g_ptr_array_add (favourites, photo->id);
    }
}

/* Writes photos.ini as it would be with @order (the listed photos, in
 * order), @changed's favourite set to @favourite, and @focus_id, keeping
 * whatever else the file holds. Nothing held changes here: on success the
 * caller makes the change. */
static gboolean
save (LullPhotoSet  *self,
      GPtrArray     *order,
      LullPhoto     *changed,
      gboolean       favourite,
      const char    *focus_id,
      GError       **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) favourites = g_ptr_array_new ();
  g_autoptr(GError) local_error = NULL;
  gboolean focus_known = FALSE;

  if (!check_writable (self, error))
    return FALSE;

  if (!lull_data_root_ensure_folder (self->data_root, ".", &local_error))
    {
      set_write_error (error, G_FILE_ERROR_FAILED, local_error->message);
      return FALSE;
    }

  /* A copy, so that a failed write leaves what is held as it was. */
  keyfile = lull_key_file_copy (self->keyfile);

  for (guint i = 0; i < order->len; i++)
    {
      LullPhoto *photo = g_ptr_array_index (order, i);

      g_ptr_array_add (ids, photo->id);
      focus_known = focus_known || g_strcmp0 (focus_id, photo->id) == 0;
    }
  for (guint i = 0; i < self->removed->len; i++)
    {
      LullPhoto *photo = g_ptr_array_index (self->removed, i);

      focus_known = focus_known || g_strcmp0 (focus_id, photo->id) == 0;
    }
  add_favourite_ids (favourites, order, changed, favourite);
  /* Removed photos keep their star until purged, for an undo. */
  add_favourite_ids (favourites, self->removed, changed, favourite);

  g_key_file_set_integer (keyfile, PHOTOS_GROUP, VERSION_KEY, FORMAT_VERSION);
  g_key_file_set_string_list (keyfile, PHOTOS_GROUP, ORDER_KEY,
                              (const char * const *)ids->pdata, ids->len);
  g_key_file_set_string_list (keyfile, PHOTOS_GROUP, FAVOURITES_KEY,
                              (const char * const *)favourites->pdata, favourites->len);
  if (focus_id != NULL && focus_known)
    g_key_file_set_string (keyfile, PHOTOS_GROUP, FOCUS_KEY, focus_id);
  else
    g_key_file_remove_key (keyfile, PHOTOS_GROUP, FOCUS_KEY, NULL);

  path = lull_data_root_build_filename (self->data_root, PHOTOS_FILE, NULL);
  if (!lull_file_save_key_file (path, keyfile, &local_error))
    {
      set_write_error (error,
                       local_error->domain == G_FILE_ERROR
                       ? (GFileError)local_error->code : G_FILE_ERROR_FAILED,
                       local_error->message);
      return FALSE;
    }

  g_key_file_unref (self->keyfile);
  self->keyfile = g_steal_pointer (&keyfile);
  self->file_state = FILE_STATE_OK;

  return TRUE;
}

/* The listed photos, in order (references). */
static GPtrArray *
copy_order (LullPhotoSet *self)
{
  guint n = n_photos (self);
  GPtrArray *order = g_ptr_array_new_full (n + 1, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (order, g_list_model_get_item (G_LIST_MODEL (self->photos), i));

  return order;
}

static gboolean
save_order (LullPhotoSet  *self,
            GPtrArray     *order,
            GError       **error)
{
  return save (self, order, NULL, FALSE, self->focus_id, error);
}

static gboolean
find_listed (LullPhotoSet *self,
             LullPhoto    *photo,
             guint        *position)
{
  return g_list_store_find (self->photos, photo, position);
}

/**
 * lull_photo_set_set_favourite:
 *
 * Saves the star at once. On failure nothing changes and @error is a
 * sentence for the parent.
 */
gboolean
lull_photo_set_set_favourite (LullPhotoSet  *self,
                              LullPhoto     *photo,
                              gboolean       favourite,
                              GError       **error)
{
  g_autoptr(GPtrArray) order = NULL;
  guint position;

  g_return_val_if_fail (LULL_IS_PHOTO_SET (self), FALSE);
  g_return_val_if_fail (LULL_IS_PHOTO (photo), FALSE);
  g_return_val_if_fail (find_listed (self, photo, &position), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  favourite = !!favourite;
  if (photo->favourite == favourite)
    return TRUE;

  order = copy_order (self);
  if (!save (self, order, photo, favourite, self->focus_id, error))
    return FALSE;

  photo_set_favourite (photo, favourite);

  return TRUE;
}

/**
 * lull_photo_set_move:
 * @position: where @photo goes: its index once moved (larger is the end)
 */
gboolean
lull_photo_set_move (LullPhotoSet  *self,
                     LullPhoto     *photo,
                     guint          position,
                     GError       **error)
{
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(LullPhoto) held = NULL;
  guint from;

  g_return_val_if_fail (LULL_IS_PHOTO_SET (self), FALSE);
  g_return_val_if_fail (LULL_IS_PHOTO (photo), FALSE);
  g_return_val_if_fail (find_listed (self, photo, &from), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  position = MIN (position, n_photos (self) - 1);
  if (position == from)
    return TRUE;

  order = copy_order (self);
  held = g_ptr_array_steal_index (order, from);
  g_ptr_array_insert (order, position, g_object_ref (held));
  if (!save_order (self, order, error))
    return FALSE;

  g_list_store_remove (self->photos, from);
  g_list_store_insert (self->photos, position, held);

  return TRUE;
}

/**
 * lull_photo_set_shuffle:
 *
 * Puts the photos in a new random order (one that differs from the old
 * one, when there are two or more) and saves it.
 */
gboolean
lull_photo_set_shuffle (LullPhotoSet  *self,
                        GError       **error)
{
  g_autoptr(GPtrArray) order = NULL;

  g_return_val_if_fail (LULL_IS_PHOTO_SET (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  order = copy_order (self);
  if (order->len < 2)
    return save_order (self, order, error);

  do
    {
      /* Fisher–Yates. */
      for (guint i = order->len - 1; i > 0; i--)
        {
          guint j = (guint)g_random_int_range (0, (gint32)i + 1);
          gpointer swap = order->pdata[i];

          order->pdata[i] = order->pdata[j];
          order->pdata[j] = swap;
        }
    }
  while (same_order (self, order));

  if (!save_order (self, order, error))
    return FALSE;

  g_list_store_splice (self->photos, 0, order->len, order->pdata, order->len);

  return TRUE;
}

/**
 * lull_photo_set_remove:
 *
 * Takes @photo off the list and saves the list without it; its file stays
 * in `photos/` until lull_photo_set_purge(), so lull_photo_set_restore()
 * can put it back. On failure the list is as it was.
 *
 * Returns: the position @photo had, or %G_MAXUINT when the change could not
 *   be saved
 */
guint
lull_photo_set_remove (LullPhotoSet  *self,
                       LullPhoto     *photo,
                       GError       **error)
{
  g_autoptr(GPtrArray) order = NULL;
  guint position;

  g_return_val_if_fail (LULL_IS_PHOTO_SET (self), G_MAXUINT);
  g_return_val_if_fail (LULL_IS_PHOTO (photo), G_MAXUINT);
  g_return_val_if_fail (find_listed (self, photo, &position), G_MAXUINT);
  g_return_val_if_fail (error == NULL || *error == NULL, G_MAXUINT);

  order = copy_order (self);
  g_ptr_array_remove_index (order, position);
  /* Saved with its star among the removed, so an undo keeps it. */
  g_ptr_array_add (self->removed, g_object_ref (photo));
  if (!save_order (self, order, error))
    {
      g_ptr_array_remove_index (self->removed, self->removed->len - 1);
      return G_MAXUINT;
    }

  g_list_store_remove (self->photos, position);
  update_focus (self);

  return position;
}

/**
 * lull_photo_set_restore:
 * @photo: a photo lull_photo_set_remove() took out, not yet purged
 * @position: what lull_photo_set_remove() returned
 *
 * Puts @photo back where it was, and saves the list.
 */
gboolean
lull_photo_set_restore (LullPhotoSet  *self,
                        LullPhoto     *photo,
                        guint          position,
                        GError       **error)
{
  g_autoptr(GPtrArray) order = NULL;
  guint index;

  g_return_val_if_fail (LULL_IS_PHOTO_SET (self), FALSE);
  g_return_val_if_fail (LULL_IS_PHOTO (photo), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_ptr_array_find (self->removed, photo, &index))
    {
      g_autofree char *display = g_filename_display_name (photo->id);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The photo “%s” was already deleted, so it cannot be put back."),
                   display);
      return FALSE;
    }

  position = MIN (position, n_photos (self));
  order = copy_order (self);
  g_ptr_array_insert (order, position, g_object_ref (photo));
  if (!save_order (self, order, error))
    return FALSE;

  g_list_store_insert (self->photos, position, photo);
  g_ptr_array_remove_index (self->removed, index);
  update_focus (self);

  return TRUE;
}

/**
 * lull_photo_set_purge:
 *
 * Deletes the files of the photos removed since the last purge, and their
 * thumbnails. A file that cannot be deleted stays among the removed, so a
 * later purge tries again.
 */
gboolean
lull_photo_set_purge (LullPhotoSet  *self,
                      GError       **error)
{
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *failed = NULL;
  int failed_errno = 0;

  g_return_val_if_fail (LULL_IS_PHOTO_SET (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->removed->len == 0)
    return TRUE;

  for (guint i = self->removed->len; i > 0; i--)
    {
      LullPhoto *photo = g_ptr_array_index (self->removed, i - 1);
      g_autofree char *path = g_file_get_path (photo->file);

      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          failed_errno = errno;
          g_free (failed);
          failed = g_filename_display_name (photo->id);
          continue;
        }

      lull_thumbnailer_delete_files (self->data_root, photo->id);
      g_ptr_array_remove_index (self->removed, i - 1);
    }

  /* The stars of deleted photos go too; nothing depends on this write. */
  order = copy_order (self);
  if (!save_order (self, order, &local_error))
    g_debug ("Could not drop deleted photos from %s: %s", PHOTOS_FILE, local_error->message);

  if (failed != NULL)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (failed_errno),
                   _("Lull could not delete the photo “%s” (%s). Check that the disk is not "
                     "read-only, then try again."),
                   failed, g_strerror (failed_errno));
      return FALSE;
    }

  return TRUE;
}

/**
 * lull_photo_set_get_focus:
 *
 * Returns: (transfer none) (nullable): the focus photo the parent chose,
 *   when it is listed
 */
LullPhoto *
lull_photo_set_get_focus (LullPhotoSet *self)
{
  g_return_val_if_fail (LULL_IS_PHOTO_SET (self), NULL);

  return self->focus;
}

/**
 * lull_photo_set_set_focus:
 * @photo: (nullable): a listed photo, or %NULL for none
 */
gboolean
lull_photo_set_set_focus (LullPhotoSet  *self,
                          LullPhoto     *photo,
                          GError       **error)
{
  g_autoptr(GPtrArray) order = NULL;
  guint position;

  g_return_val_if_fail (LULL_IS_PHOTO_SET (self), FALSE);
  g_return_val_if_fail (photo == NULL || LULL_IS_PHOTO (photo), FALSE);
  g_return_val_if_fail (photo == NULL || find_listed (self, photo, &position), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (photo == self->focus && (photo != NULL || self->focus_id == NULL))
    return TRUE;

  order = copy_order (self);
  if (!save (self, order, NULL, FALSE, photo != NULL ? photo->id : NULL, error))
    return FALSE;

  g_free (self->focus_id);
  self->focus_id = photo != NULL ? g_strdup (photo->id) : NULL;
  update_focus (self);

  return TRUE;
}

LullPhoto *
lull_photo_set_get_shown_focus (LullPhotoSet *self)
{
  guint n;

  g_return_val_if_fail (LULL_IS_PHOTO_SET (self), NULL);

  if (self->focus != NULL)
    return self->focus;

  n = n_photos (self);
  for (guint i = 0; i < n; i++)
    {
      LullPhoto *photo = photo_at (self, i);

      if (photo->favourite)
        return photo;
    }

  return n > 0 ? photo_at (self, 0) : NULL;
}
