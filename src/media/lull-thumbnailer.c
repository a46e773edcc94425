/* lull-thumbnailer.c
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
#include <gst/gst.h>

#include "lull-media.h"
#include "lull-thumbnailer.h"

/* Small pictures of the photos for the photo set's grid. They are kept in
 * the data root's cache/, never in ~/.cache/thumbnails: in portable mode
 * nothing may be written outside the data root, and the baby's photos are
 * nobody else's business. A thumbnail's file name holds a hash of the
 * photo's id, the size, and the photo file's modification time and
 * length, so a photo changed by hand gets a new thumbnail, and the old
 * one is deleted when the new one is written:
 *
 *   cache/thumbnails/<sha256(id), 32 hex digits>-<size>-<mtime µs>-<bytes>.png
 *
 * Work happens on GTask's worker threads at G_PRIORITY_LOW, so a grid of
 * thumbnails never holds up decoding the photo a session shows. */

#define THUMBNAILS_FOLDER    "cache" G_DIR_SEPARATOR_S "thumbnails"
#define HASH_CHARS           32
/* A clip's frame comes from a tenth of the way in, at most this far:
 * past a fade from black, before anything much has happened. */
#define CLIP_FRAME_MAX       (3 * GST_SECOND)
/* Longer than any local file takes to start; a broken file or a missing
 * codec answers at once with an error. */
#define CLIP_TIMEOUT         (20 * GST_SECOND)
#define CLIP_POLL            (100 * GST_MSECOND)

typedef struct
{
  char      *id;
  int        size;
  char      *signature;
  GdkPixbuf *pixbuf;
} MemoryEntry;

struct _LullThumbnailer
{
  GObject       parent_instance;

  LullDataRoot *data_root;
  guint         memory_items;
  /* Most recently used first. */
  GQueue        memory;
};

G_DEFINE_FINAL_TYPE (LullThumbnailer, lull_thumbnailer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATA_ROOT,
  PROP_MEMORY_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Memory */

static void
memory_entry_free (MemoryEntry *entry)
{
  g_free (entry->id);
  g_free (entry->signature);
  g_clear_object (&entry->pixbuf);
  g_free (entry);
}

static GList *
memory_find (LullThumbnailer *self,
             const char      *id,
             int              size)
{
  for (GList *l = self->memory.head; l != NULL; l = l->next)
    {
      MemoryEntry *entry = l->data;

      if (entry->size == size && g_str_equal (entry->id, id))
        return l;
    }

  return NULL;
}

static void
memory_drop (LullThumbnailer *self,
             GList           *link)
{
  memory_entry_free (link->data);
  g_queue_delete_link (&self->memory, link);
}

static void
memory_store (LullThumbnailer *self,
              const char      *id,
              int              size,
              const char      *signature,
              GdkPixbuf       *pixbuf)
{
  GList *link = memory_find (self, id, size);
  MemoryEntry *entry;

  if (link != NULL)
    memory_drop (self, link);

  if (self->memory_items == 0)
    return;

  while (self->memory.length >= self->memory_items)
    memory_drop (self, self->memory.tail);

  entry = g_new0 (MemoryEntry, 1);
  entry->id = g_strdup (id);
  entry->size = size;
  entry->signature = g_strdup (signature);
  entry->pixbuf = g_object_ref (pixbuf);
  g_queue_push_head (&self->memory, entry);
}

/* Names */

/* What the photo's file is now: its modification time and length; NULL
 * when it is not a regular file. */
static char *
file_signature (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return NULL;

  return g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                          (gint64)st.st_mtime * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000,
                          (gint64)st.st_size);
}

/* "<hash>-", the start of every thumbnail name of @id. */
static char *
name_prefix (const char *id)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, id, -1);

  return g_strdup_printf ("%.*s-", HASH_CHARS, hash);
}

/* Deletes the files in @folder whose names start with @prefix, except
 * @keep. */
static void
delete_matching (const char *folder,
                 const char *prefix,
                 const char *keep)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (name, prefix) || g_strcmp0 (name, keep) == 0)
        continue;

      path = g_build_filename (folder, name, NULL);
      if (g_unlink (path) != 0 && errno != ENOENT)
        g_debug ("Could not delete the thumbnail %s: %s", path, g_strerror (errno));
    }
}

/* Making one */

typedef struct
{
  LullPhoto *photo;
  char      *path;
  char      *folder;
  int        size;
  /* Set by the worker. */
  char      *signature;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_object (&request->photo);
  g_free (request->path);
  g_free (request->folder);
  g_free (request->signature);
  g_free (request);
}

static GdkPixbuf *
scale_to (GdkPixbuf *pixbuf,
          int        size)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  double scale = (double)size / MAX (width, height);

  if (scale >= 1.0)
    return g_object_ref (pixbuf);

  return gdk_pixbuf_scale_simple (pixbuf,
                                  MAX (1, (int)(width * scale + 0.5)),
                                  MAX (1, (int)(height * scale + 0.5)),
                                  GDK_INTERP_BILINEAR);
}

/* Waits for the pipeline to settle after a state change or a seek. */
static gboolean
wait_async_done (GstElement    *pipeline,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  GstClockTime waited = 0;

  while (waited < CLIP_TIMEOUT)
    {
      g_autoptr(GstMessage) message = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      message = gst_bus_timed_pop_filtered (bus, CLIP_POLL,
                                            GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ERROR);
      waited += CLIP_POLL;
      if (message == NULL)
        continue;

      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
        {
          g_autoptr(GError) gst_error = NULL;

          gst_message_parse_error (message, &gst_error, NULL);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, gst_error->message);
          return FALSE;
        }

      return TRUE;
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "The clip did not start");
  return FALSE;
}

static GdkPixbuf *
pixbuf_from_sample (GstSample  *sample,
                    GError    **error)
{
  GstCaps *caps = gst_sample_get_caps (sample);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GstStructure *structure;
  GstMapInfo map;
  int width = 0, height = 0;
  gsize stride;

  if (caps == NULL || buffer == NULL)
    goto none;

  structure = gst_caps_get_structure (caps, 0);
  if (!gst_structure_get_int (structure, "width", &width)
      || !gst_structure_get_int (structure, "height", &height)
      || width <= 0 || height <= 0)
    goto none;

  /* GStreamer's RGB rows are padded to 4 bytes. */
  stride = GST_ROUND_UP_4 ((gsize)width * 3);
  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    goto none;
  if (map.size < stride * (gsize)height)
    {
      gst_buffer_unmap (buffer, &map);
      goto none;
    }

  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  for (int row = 0; row < height; row++)
    memcpy (gdk_pixbuf_get_pixels (pixbuf) + (gsize)row * gdk_pixbuf_get_rowstride (pixbuf),
            map.data + (gsize)row * stride, (gsize)width * 3);
  gst_buffer_unmap (buffer, &map);

  return g_steal_pointer (&pixbuf);

none:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "No picture in the frame");
  return NULL;
}

/* A frame from near the start of the clip, turned upright as its
 * orientation tag says. */
static GdkPixbuf *
clip_frame (const char    *path,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *uri = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstSample) sample = NULL;
  GstElement *flip;
  GdkPixbuf *pixbuf = NULL;
  gint64 duration = -1;

  uri = g_filename_to_uri (path, NULL, error);
  if (uri == NULL)
    return NULL;

  pipeline = gst_element_factory_make ("playbin", NULL);
  if (pipeline == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "No playbin");
      return NULL;
    }
  gst_object_ref_sink (pipeline);

  g_object_set (pipeline,
                "uri", uri,
                "audio-sink", gst_element_factory_make ("fakesink", NULL),
                "video-sink", gst_element_factory_make ("fakesink", NULL),
                NULL);
  gst_util_set_object_arg (G_OBJECT (pipeline), "flags", "video");
  /* Phones record upright clips sideways with an image-orientation tag. */
  flip = gst_element_factory_make ("videoflip", NULL);
  if (flip != NULL)
    {
      gst_util_set_object_arg (G_OBJECT (flip), "video-direction", "auto");
      g_object_set (pipeline, "video-filter", flip, NULL);
    }

  if (gst_element_set_state (pipeline, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The clip could not start");
      goto out;
    }
  if (!wait_async_done (pipeline, cancellable, error))
    goto out;

  if (gst_element_query_duration (pipeline, GST_FORMAT_TIME, &duration) && duration > 0)
    {
      gint64 position = MIN (duration / 10, (gint64)CLIP_FRAME_MAX);

      if (position > 0
          && gst_element_seek_simple (pipeline, GST_FORMAT_TIME,
                                      GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, position)
          && !wait_async_done (pipeline, cancellable, error))
        goto out;
    }

  caps = gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, "RGB",
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                              NULL);
  g_signal_emit_by_name (pipeline, "convert-sample", caps, &sample);
  if (sample == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "No frame");
  else
    pixbuf = pixbuf_from_sample (sample, error);

out:
  gst_element_set_state (pipeline, GST_STATE_NULL);

  return pixbuf;
}

static GdkPixbuf *
make_thumbnail (Request       *request,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GdkPixbuf) full = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;

  if (!lull_photo_get_is_clip (request->photo))
    return lull_photo_decode (request->photo, request->size, request->size, cancellable, error);

  full = clip_frame (request->path, cancellable, &local_error);
  if (full != NULL)
    return scale_to (full, request->size);

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* GStreamer's words are for developers. */
  g_debug ("No picture from %s: %s", request->path, local_error->message);
  display = g_filename_display_name (lull_photo_get_id (request->photo));
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("Lull could not show a picture of the clip “%s”. The file may be damaged, "
                 "or a video codec may be missing."),
               display);
  return NULL;
}

/* Reads the thumbnail from the cache if it is there and sound. */
static GdkPixbuf *
read_cached (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return NULL;

  return gdk_pixbuf_new_from_file (path, NULL);
}

static void
write_cached (Request    *request,
              const char *name,
              GdkPixbuf  *pixbuf)
{
  g_autofree char *path = g_build_filename (request->folder, name, NULL);
  g_autofree char *prefix = NULL;
  g_autofree char *buffer = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  if (g_mkdir_with_parents (request->folder, 0700) != 0)
    {
      g_debug ("Could not make %s: %s", request->folder, g_strerror (errno));
      return;
    }

  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, "png", &error, NULL)
      || !g_file_set_contents_full (path, buffer, length,
                                    G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_debug ("Could not save the thumbnail %s: %s", path, error->message);
      return;
    }

  /* The thumbnails of the file as it was before. */
  prefix = g_strdup_printf ("%.*s%d-", HASH_CHARS + 1, name, request->size);
  delete_matching (request->folder, prefix, name);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Request *request = task_data;
  g_autofree char *prefix = NULL;
  g_autofree char *name = NULL;
  g_autofree char *cached = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GError *error = NULL;

  request->signature = file_signature (request->path);
  if (request->signature == NULL)
    {
      g_autofree char *display = g_filename_display_name (lull_photo_get_id (request->photo));

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("Lull could not read the photo “%s”. It may have been moved "
                                 "or deleted."),
                               display);
      return;
    }

  prefix = name_prefix (lull_photo_get_id (request->photo));
  name = g_strdup_printf ("%s%d-%s.png", prefix, request->size, request->signature);
  cached = g_build_filename (request->folder, name, NULL);

  pixbuf = read_cached (cached);
  if (pixbuf == NULL)
    {
      if (g_task_return_error_if_cancelled (task))
        return;

      pixbuf = make_thumbnail (request, cancellable, &error);
      if (pixbuf == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      write_cached (request, name, pixbuf);
    }

  g_task_return_pointer (task, g_steal_pointer (&pixbuf), g_object_unref);
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LullThumbnailer *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (G_TASK (result));
  GdkPixbuf *pixbuf;
  GError *error = NULL;

  pixbuf = g_task_propagate_pointer (G_TASK (result), &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  memory_store (self, lull_photo_get_id (request->photo), request->size,
                request->signature, pixbuf);
  g_task_return_pointer (task, pixbuf, g_object_unref);
}

static void
lull_thumbnailer_dispose (GObject *object)
{
  LullThumbnailer *self = LULL_THUMBNAILER (object);

  g_queue_clear_full (&self->memory, (GDestroyNotify)memory_entry_free);
  g_clear_object (&self->data_root);

  G_OBJECT_CLASS (lull_thumbnailer_parent_class)->dispose (object);
}

static void
lull_thumbnailer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LullThumbnailer *self = LULL_THUMBNAILER (object);

  switch (prop_id)
    {
    case PROP_DATA_ROOT:
      g_value_set_object (value, self->data_root);
      break;

    case PROP_MEMORY_ITEMS:
      g_value_set_uint (value, self->memory_items);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_thumbnailer_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LullThumbnailer *self = LULL_THUMBNAILER (object);

  switch (prop_id)
    {
    case PROP_DATA_ROOT:
      self->data_root = g_value_dup_object (value);
      break;

    case PROP_MEMORY_ITEMS:
      self->memory_items = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_thumbnailer_class_init (LullThumbnailerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lull_thumbnailer_dispose;
  object_class->get_property = lull_thumbnailer_get_property;
  object_class->set_property = lull_thumbnailer_set_property;

  properties[PROP_DATA_ROOT] =
    g_param_spec_object ("data-root", NULL, NULL,
                         LULL_TYPE_DATA_ROOT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MEMORY_ITEMS] =
    g_param_spec_uint ("memory-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lull_thumbnailer_init (LullThumbnailer *self)
{
  g_queue_init (&self->memory);
}

/**
 * lull_thumbnailer_new:
 * @data_root: whose `cache/thumbnails/` holds the thumbnails
 * @memory_items: how many thumbnails to keep in memory
 */
LullThumbnailer *
lull_thumbnailer_new (LullDataRoot *data_root,
                      guint         memory_items)
{
  g_return_val_if_fail (LULL_IS_DATA_ROOT (data_root), NULL);

  return g_object_new (LULL_TYPE_THUMBNAILER,
                       "data-root", data_root,
                       "memory-items", memory_items,
                       NULL);
}

/**
 * lull_thumbnailer_lookup:
 *
 * Looks only in memory (and at the photo file's modification time, so a
 * changed photo is not answered with its old thumbnail).
 *
 * Returns: (transfer none) (nullable): the thumbnail, valid until the
 *   thumbnailer is next used; take a reference to keep it
 */
GdkPixbuf *
lull_thumbnailer_lookup (LullThumbnailer *self,
                         LullPhoto       *photo,
                         int              size)
{
  g_autofree char *path = NULL;
  g_autofree char *signature = NULL;
  MemoryEntry *entry;
  GList *link;

  g_return_val_if_fail (LULL_IS_THUMBNAILER (self), NULL);
  g_return_val_if_fail (LULL_IS_PHOTO (photo), NULL);
  g_return_val_if_fail (size > 0, NULL);

  link = memory_find (self, lull_photo_get_id (photo), size);
  if (link == NULL)
    return NULL;

  entry = link->data;
  path = g_file_get_path (lull_photo_get_file (photo));
  signature = file_signature (path);
  if (g_strcmp0 (signature, entry->signature) != 0)
    {
      memory_drop (self, link);
      return NULL;
    }

  g_queue_unlink (&self->memory, link);
  g_queue_push_head_link (&self->memory, link);

  return entry->pixbuf;
}

void
lull_thumbnailer_load_async (LullThumbnailer     *self,
                             LullPhoto           *photo,
                             int                  size,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) work = NULL;
  g_autoptr(GError) error = NULL;
  Request *request;
  GdkPixbuf *known;

  g_return_if_fail (LULL_IS_THUMBNAILER (self));
  g_return_if_fail (LULL_IS_PHOTO (photo));
  g_return_if_fail (size > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lull_thumbnailer_load_async);
  g_task_set_priority (task, G_PRIORITY_LOW);

  known = lull_thumbnailer_lookup (self, photo, size);
  if (known != NULL)
    {
      g_task_return_pointer (task, g_object_ref (known), g_object_unref);
      return;
    }

  /* Here rather than on a worker: GStreamer starts once, on this thread. */
  if (lull_photo_get_is_clip (photo) && !lull_media_init (&error))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Lull could not start its video system (%s), so it shows no "
                                 "pictures of clips. Reinstall Lull’s GStreamer plugins."),
                               error->message);
      return;
    }

  request = g_new0 (Request, 1);
  request->photo = g_object_ref (photo);
  request->path = g_file_get_path (lull_photo_get_file (photo));
  request->folder = lull_data_root_build_filename (self->data_root, THUMBNAILS_FOLDER, NULL);
  request->size = size;

  /* No source object: the pool may drop the worker's task on its thread,
   * and the thumbnailer must only ever be released on its own. A
   * thumbnail made just as the cell was unbound still goes to memory. */
  work = g_task_new (NULL, cancellable, on_loaded, g_steal_pointer (&task));
  g_task_set_source_tag (work, load_thread);
  g_task_set_priority (work, G_PRIORITY_LOW);
  g_task_set_check_cancellable (work, FALSE);
  g_task_set_task_data (work, request, request_free);
  g_task_run_in_thread (work, load_thread);
}

/**
 * lull_thumbnailer_load_finish:
 *
 * Returns: (transfer full): the thumbnail, its long side at most the size
 *   asked for
 */
GdkPixbuf *
lull_thumbnailer_load_finish (LullThumbnailer  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (LULL_IS_THUMBNAILER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lull_thumbnailer_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lull_thumbnailer_forget (LullThumbnailer *self,
                         LullPhoto       *photo)
{
  const char *id;
  GList *link;

  g_return_if_fail (LULL_IS_THUMBNAILER (self));
  g_return_if_fail (LULL_IS_PHOTO (photo));

  id = lull_photo_get_id (photo);
  link = self->memory.head;
  while (link != NULL)
    {
      GList *next = link->next;
      MemoryEntry *entry = link->data;

      if (g_str_equal (entry->id, id))
        memory_drop (self, link);
      link = next;
    }

  lull_thumbnailer_delete_files (self->data_root, id);
}

void
lull_thumbnailer_delete_files (LullDataRoot *data_root,
                               const char   *photo_id)
{
  g_autofree char *folder = NULL;
  g_autofree char *prefix = NULL;

  g_return_if_fail (LULL_IS_DATA_ROOT (data_root));
  g_return_if_fail (photo_id != NULL);

  folder = lull_data_root_build_filename (data_root, THUMBNAILS_FOLDER, NULL);
  prefix = name_prefix (photo_id);
  delete_matching (folder, prefix, NULL);
}
