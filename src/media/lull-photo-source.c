/* lull-photo-source.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lull-photo-source.h"

/* Which photo a session shows next. The picks follow the set's order, with
 * favourites weighed twice: smooth weighted round-robin (as load
 * balancers share work) gives each photo credit by its weight at every
 * pick and takes the photo with the most, so a favourite comes twice per
 * round, spread out rather than twice in a row, and the others keep
 * their order. The credits live on across changes to the set, so adding
 * or starring a photo mid-session does not start the round again.
 *
 * The source keeps no pictures: the slideshow holds the one it shows, and
 * a decode is asked for each time. */

#define FAVOURITE_WEIGHT 2
#define PLAIN_WEIGHT     1

struct _LullPhotoSource
{
  GObject       parent_instance;

  LullPhotoSet *set;
  LullPhoto    *focus;
  LullPhoto    *last;
  /* LullPhoto → its credit (GINT_TO_POINTER). */
  GHashTable   *credit;
  /* The photos set aside this session. */
  GHashTable   *skipped;
};

G_DEFINE_FINAL_TYPE (LullPhotoSource, lull_photo_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SET,
  PROP_FOCUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lull_photo_source_dispose (GObject *object)
{
  LullPhotoSource *self = LULL_PHOTO_SOURCE (object);

  g_clear_object (&self->set);
  g_clear_object (&self->focus);
  g_clear_object (&self->last);
  g_clear_pointer (&self->credit, g_hash_table_unref);
  g_clear_pointer (&self->skipped, g_hash_table_unref);

  G_OBJECT_CLASS (lull_photo_source_parent_class)->dispose (object);
}

static void
lull_photo_source_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LullPhotoSource *self = LULL_PHOTO_SOURCE (object);

  switch (prop_id)
    {
    case PROP_SET:
      g_value_set_object (value, self->set);
      break;

    case PROP_FOCUS:
      g_value_set_object (value, self->focus);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_photo_source_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LullPhotoSource *self = LULL_PHOTO_SOURCE (object);

  switch (prop_id)
    {
    case PROP_SET:
      self->set = g_value_dup_object (value);
      break;

    case PROP_FOCUS:
      lull_photo_source_set_focus (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_photo_source_class_init (LullPhotoSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lull_photo_source_dispose;
  object_class->get_property = lull_photo_source_get_property;
  object_class->set_property = lull_photo_source_set_property;

  properties[PROP_SET] =
    g_param_spec_object ("set", NULL, NULL,
                         LULL_TYPE_PHOTO_SET,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FOCUS] =
    g_param_spec_object ("focus", NULL, NULL,
                         LULL_TYPE_PHOTO,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lull_photo_source_init (LullPhotoSource *self)
{
  self->credit = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->skipped = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
}

LullPhotoSource *
lull_photo_source_new (LullPhotoSet *set)
{
  g_return_val_if_fail (LULL_IS_PHOTO_SET (set), NULL);

  return g_object_new (LULL_TYPE_PHOTO_SOURCE,
                       "set", set,
                       NULL);
}

/**
 * lull_photo_source_set_focus:
 * @focus: (nullable): the one photo to show, or %NULL for the slideshow
 */
void
lull_photo_source_set_focus (LullPhotoSource *self,
                             LullPhoto       *focus)
{
  g_return_if_fail (LULL_IS_PHOTO_SOURCE (self));
  g_return_if_fail (focus == NULL || LULL_IS_PHOTO (focus));

  if (g_set_object (&self->focus, focus))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOCUS]);
}

/**
 * lull_photo_source_get_focus:
 *
 * Returns: (transfer none) (nullable): the focus photo
 */
LullPhoto *
lull_photo_source_get_focus (LullPhotoSource *self)
{
  g_return_val_if_fail (LULL_IS_PHOTO_SOURCE (self), NULL);

  return self->focus;
}

static int
get_credit (LullPhotoSource *self,
            LullPhoto       *photo)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (self->credit, photo));
}

static void
put_credit (LullPhotoSource *self,
            LullPhoto       *photo,
            int              credit)
{
  g_hash_table_replace (self->credit, g_object_ref (photo), GINT_TO_POINTER (credit));
}

/**
 * lull_photo_source_next:
 *
 * With a focus photo that was not skipped, that photo.
 *
 * Returns: (transfer none) (nullable): the photo to show next
 */
LullPhoto *
lull_photo_source_next (LullPhotoSource *self)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GHashTable) listed = NULL;
  GListModel *photos;
  GHashTableIter iter;
  LullPhoto *photo;
  LullPhoto *best = NULL;
  int total = 0;
  guint n;

  g_return_val_if_fail (LULL_IS_PHOTO_SOURCE (self), NULL);

  if (self->focus != NULL && !g_hash_table_contains (self->skipped, self->focus))
    {
      g_set_object (&self->last, self->focus);
      return self->focus;
    }

  photos = lull_photo_set_get_photos (self->set);
  n = g_list_model_get_n_items (photos);
  candidates = g_ptr_array_new_full (n, g_object_unref);
  listed = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      photo = g_list_model_get_item (photos, i);
      g_hash_table_add (listed, photo);
      if (g_hash_table_contains (self->skipped, photo))
        g_object_unref (photo);
      else
        g_ptr_array_add (candidates, photo);
    }

  /* Photos that left the set leave their credit behind. */
  g_hash_table_iter_init (&iter, self->credit);
  while (g_hash_table_iter_next (&iter, (gpointer *)&photo, NULL))
    {
      if (!g_hash_table_contains (listed, photo))
        g_hash_table_iter_remove (&iter);
    }

  if (candidates->len == 0)
    return NULL;

  for (guint i = 0; i < candidates->len; i++)
    {
      int weight;

      photo = g_ptr_array_index (candidates, i);
      weight = lull_photo_get_favourite (photo) ? FAVOURITE_WEIGHT : PLAIN_WEIGHT;
      total += weight;
      put_credit (self, photo, get_credit (self, photo) + weight);
    }

  /* The most credit wins, the earliest in the set's order on a tie; the
   * photo just shown only when there is no other. */
  for (guint i = 0; i < candidates->len; i++)
    {
      photo = g_ptr_array_index (candidates, i);
      if (photo == self->last && candidates->len > 1)
        continue;
      if (best == NULL || get_credit (self, photo) > get_credit (self, best))
        best = photo;
    }

  put_credit (self, best, get_credit (self, best) - total);
  g_set_object (&self->last, best);

  return best;
}

/**
 * lull_photo_source_skip:
 *
 * Sets @photo aside for the rest of the session (a clip that could not
 * play).
 */
void
lull_photo_source_skip (LullPhotoSource *self,
                        LullPhoto       *photo)
{
  g_return_if_fail (LULL_IS_PHOTO_SOURCE (self));
  g_return_if_fail (LULL_IS_PHOTO (photo));

  g_hash_table_add (self->skipped, g_object_ref (photo));
}

typedef struct
{
  LullPhoto *photo;
  int        width;
  int        height;
} DecodeRequest;

static void
decode_request_free (gpointer data)
{
  DecodeRequest *request = data;

  g_clear_object (&request->photo);
  g_free (request);
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DecodeRequest *request = task_data;
  GdkPixbuf *pixbuf;
  GError *error = NULL;

  pixbuf = lull_photo_decode (request->photo, request->width, request->height,
                              cancellable, &error);
  if (pixbuf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

static void
on_decoded (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GdkPixbuf *pixbuf = g_task_propagate_pointer (G_TASK (result), &error);

  if (pixbuf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

/**
 * lull_photo_source_decode_async:
 * @photo: a still photo (a clip is refused with %G_IO_ERROR_NOT_SUPPORTED)
 * @width: the widest the picture may be, at least 1
 * @height: the tallest the picture may be, at least 1
 */
void
lull_photo_source_decode_async (LullPhotoSource     *self,
                                LullPhoto           *photo,
                                int                  width,
                                int                  height,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) work = NULL;
  DecodeRequest *request;

  g_return_if_fail (LULL_IS_PHOTO_SOURCE (self));
  g_return_if_fail (LULL_IS_PHOTO (photo));
  g_return_if_fail (width > 0 && height > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lull_photo_source_decode_async);

  request = g_new0 (DecodeRequest, 1);
  request->photo = g_object_ref (photo);
  request->width = width;
  request->height = height;

  /* As in the thumbnailer: the worker's task has no source object, so
   * the source is never released on a worker thread. */
  work = g_task_new (NULL, cancellable, on_decoded, g_steal_pointer (&task));
  g_task_set_source_tag (work, decode_thread);
  g_task_set_task_data (work, request, decode_request_free);
  g_task_run_in_thread (work, decode_thread);
}

/**
 * lull_photo_source_decode_finish:
 *
 * Returns: (transfer full): the picture, within the size asked for and
 *   never larger than the file
 */
GdkPixbuf *
lull_photo_source_decode_finish (LullPhotoSource  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (LULL_IS_PHOTO_SOURCE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lull_photo_source_decode_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
