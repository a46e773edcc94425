/* lull-slideshow.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gst/pbutils/pbutils.h>

#include "lull-media.h"
#include "lull-slideshow.h"

/* The baby's photos during a session: one at a time, fitted whole inside
 * the widget with soft corners, and a slow crossfade from one to the next
 * (a plain cut when motion is reduced). It shows what it is told: the
 * session runner decides which photo and when.
 *
 * A still is decoded at the widget's size on a worker thread
 * (LullPhotoSource), and only the photo on screen and the next one are
 * held, plus the one fading out while a crossfade runs. A clip plays
 * through GtkMediaFile (GTK's GStreamer backend), muted unless the parent
 * asked for its sound; it fades in only once it can show a frame, so a
 * clip that fails is never a black frame. */

#define FADE_MS        1500
#define CORNER_RADIUS  12.0f
/* Decoded again, larger, when the widget grows past this much of what
 * the photo was decoded for (a window made fullscreen). */
#define REDECODE_SHARE 1.25

/* tests/bench/photo_bench.py sets it to a file name: the main thread's
 * time for each frame while a crossfade runs, in microseconds, one per
 * line, written when the widget goes away. */
#define BENCH_FRAMES_ENV "LULL_BENCH_FRAMES"

typedef struct
{
  LullPhoto    *photo;
  GdkPaintable *paintable;   /* a GdkTexture, or the clip's GtkMediaStream */
  int           rotation;    /* a clip's rotation tag, in degrees clockwise */
  int           width;       /* the box a still was decoded for */
  int           height;
  gboolean      ready;
  gboolean      probed;      /* a clip's rotation was read */
  GCancellable *cancellable;
} Slot;

struct _LullSlideshow
{
  GtkWidget        parent_instance;

  LullPhotoSource *source;
  Slot             current;
  Slot             incoming;   /* loading, to replace current when ready */
  Slot             next;       /* made ready ahead */
  Slot             previous;   /* fading out */
  LullPhoto       *wanted_next;

  AdwAnimation    *fade;
  double           fade_progress;

  gboolean         hidden;
  gboolean         paused;
  gboolean         clip_sound;
  gboolean         animate;
  gboolean         shown_signalled;
  gboolean         shown_painting;

  GArray          *bench_frames;
  char            *bench_path;
  gint64           frame_start;
  gulong           before_paint_id;
  gulong           after_paint_id;
};

G_DEFINE_FINAL_TYPE (LullSlideshow, lull_slideshow, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIP_SOUND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SHOWN,
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load_slot (LullSlideshow *self, Slot *slot, LullPhoto *photo);
static void start_showing (LullSlideshow *self);

/* Slots */

static void
slot_stop_clip (Slot *slot)
{
  if (GTK_IS_MEDIA_STREAM (slot->paintable))
    gtk_media_stream_pause (GTK_MEDIA_STREAM (slot->paintable));
}

static void
slot_clear (LullSlideshow *self,
            Slot          *slot)
{
  if (slot->cancellable != NULL)
    g_cancellable_cancel (slot->cancellable);
  g_clear_object (&slot->cancellable);

  if (slot->paintable != NULL)
    {
      g_signal_handlers_disconnect_by_data (slot->paintable, self);
      slot_stop_clip (slot);
    }
  g_clear_object (&slot->paintable);
  g_clear_object (&slot->photo);
  slot->rotation = 0;
  slot->width = slot->height = 0;
  slot->ready = FALSE;
  slot->probed = FALSE;
}

/* Moves @from into @to, leaving @from empty. */
static void
slot_move (LullSlideshow *self,
           Slot          *to,
           Slot          *from)
{
  slot_clear (self, to);
  *to = *from;
  memset (from, 0, sizeof *from);
}

static gboolean
slot_is_clip (Slot *slot)
{
  return slot->photo != NULL && lull_photo_get_is_clip (slot->photo);
}

/* The box to decode a still for: the widget's size in device pixels (a
 * guess only if asked before it has one). */
static void
decode_box (LullSlideshow *self,
            int           *width,
            int           *height)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  *width = gtk_widget_get_width (GTK_WIDGET (self)) * scale;
  *height = gtk_widget_get_height (GTK_WIDGET (self)) * scale;
  if (*width < 64 || *height < 64)
    {
      *width = 1280;
      *height = 960;
    }
}

/* Signals */

static void
emit_done (LullSlideshow *self,
           LullPhoto     *photo,
           gboolean       failed,
           const char    *message)
{
  g_autoptr(LullPhoto) keep = g_object_ref (photo);

  g_signal_emit (self, signals[DONE], 0, keep, failed, message);
}

static void
on_shown_painted (GdkFrameClock *clock,
                  LullSlideshow *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_shown_painted, self);
  self->shown_painting = FALSE;

  if (self->hidden || self->current.photo == NULL || !self->current.ready
      || self->shown_signalled || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  self->shown_signalled = TRUE;
  g_signal_emit (self, signals[SHOWN], 0, self->current.photo);
}

/* "shown" comes once the frame with the photo has been painted, and only
 * while the slideshow is on screen and not hidden. */
static void
note_shown (LullSlideshow *self)
{
  GdkFrameClock *clock;

  if (self->hidden || self->current.photo == NULL || !self->current.ready
      || self->shown_signalled || self->shown_painting
      || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  self->shown_painting = TRUE;
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_shown_painted), self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Clips */

static void
play_current_clip (LullSlideshow *self)
{
  GtkMediaStream *stream;

  if (!slot_is_clip (&self->current) || !GTK_IS_MEDIA_STREAM (self->current.paintable))
    return;

  stream = GTK_MEDIA_STREAM (self->current.paintable);
  gtk_media_stream_set_muted (stream, !self->clip_sound);
  if (self->hidden || self->paused)
    gtk_media_stream_pause (stream);
  else
    gtk_media_stream_play (stream);
}

/* The slot a worker's result is for: the one still holding the
 * cancellable it was started with (none, once cleared or cancelled). */
static Slot *
slot_for_cancellable (LullSlideshow *self,
                      GCancellable  *cancellable)
{
  Slot *slots[] = { &self->current, &self->incoming, &self->next, &self->previous };

  if (cancellable == NULL || g_cancellable_is_cancelled (cancellable))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    if (slots[i]->cancellable == cancellable)
      return slots[i];

  return NULL;
}

static Slot *
slot_for_stream (LullSlideshow  *self,
                 GtkMediaStream *stream)
{
  Slot *slots[] = { &self->current, &self->incoming, &self->next, &self->previous };

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    if (slots[i]->paintable == GDK_PAINTABLE (stream))
      return slots[i];

  return NULL;
}

static void slot_became_ready (LullSlideshow *self, Slot *slot);
static void slot_failed (LullSlideshow *self, Slot *slot, const char *message);

static void
check_clip_ready (LullSlideshow *self,
                  Slot          *slot)
{
  GtkMediaStream *stream = GTK_MEDIA_STREAM (slot->paintable);

  if (!slot->ready && slot->probed && gtk_media_stream_is_prepared (stream))
    slot_became_ready (self, slot);
}

static void
on_clip_prepared (GtkMediaStream *stream,
                  GParamSpec     *pspec,
                  LullSlideshow  *self)
{
  Slot *slot = slot_for_stream (self, stream);

  if (slot != NULL)
    check_clip_ready (self, slot);
}

static void
on_clip_error (GtkMediaStream *stream,
               GParamSpec     *pspec,
               LullSlideshow  *self)
{
  Slot *slot = slot_for_stream (self, stream);
  const GError *error = gtk_media_stream_get_error (stream);

  if (slot == NULL || error == NULL)
    return;

  g_debug ("A clip could not play: %s", error->message);
  slot_failed (self, slot, error->message);
}

static void
on_clip_ended (GtkMediaStream *stream,
               GParamSpec     *pspec,
               LullSlideshow  *self)
{
  if (!gtk_media_stream_get_ended (stream) || self->current.paintable != GDK_PAINTABLE (stream))
    return;

  emit_done (self, self->current.photo, FALSE, NULL);
}

static void
on_clip_contents (GdkPaintable  *paintable,
                  LullSlideshow *self)
{
  if (!self->hidden)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* GTK 4.8's GStreamer backend ignores a phone's rotation tag, so it is
 * read here, on a worker thread, and applied when drawing. */
static int
rotation_from_tags (const GstTagList *tags)
{
  g_autofree char *orientation = NULL;

  if (tags == NULL || !gst_tag_list_get_string (tags, GST_TAG_IMAGE_ORIENTATION, &orientation))
    return 0;

  if (g_str_equal (orientation, "rotate-90"))
    return 90;
  if (g_str_equal (orientation, "rotate-180"))
    return 180;
  if (g_str_equal (orientation, "rotate-270"))
    return 270;

  return 0;
}

static void
probe_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GstDiscoverer) discoverer = gst_discoverer_new (5 * GST_SECOND, NULL);
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autofree char *uri = g_file_get_uri (file);
  GList *videos;
  int rotation = 0;

  if (discoverer != NULL)
    info = gst_discoverer_discover_uri (discoverer, uri, NULL);

  videos = info != NULL ? gst_discoverer_info_get_video_streams (info) : NULL;
  if (videos != NULL)
    rotation = rotation_from_tags (gst_discoverer_stream_info_get_tags (videos->data));
  gst_discoverer_stream_info_list_free (videos);

  g_task_return_int (task, rotation);
}

static void
on_probed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  /* The task has no source object, so that the worker never holds the
   * last reference to the widget; this callback, on the main thread,
   * drops the one it was given. */
  g_autoptr(LullSlideshow) self = user_data;
  Slot *slot = slot_for_cancellable (self, g_task_get_cancellable (G_TASK (result)));
  gssize rotation = g_task_propagate_int (G_TASK (result), NULL);

  if (slot == NULL)
    return;

  slot->rotation = MAX (rotation, 0);
  slot->probed = TRUE;
  check_clip_ready (self, slot);
}

static void
load_clip (LullSlideshow *self,
           Slot          *slot)
{
  GFile *file = lull_photo_get_file (slot->photo);
  GtkMediaStream *stream;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  /* The rotation is read with GStreamer, also when no sound plays (and
   * GStreamer has not started yet). */
  if (!lull_media_init (&error))
    g_warning ("GStreamer did not start: %s", error->message);

  stream = gtk_media_file_new_for_file (file);

  slot->paintable = GDK_PAINTABLE (stream);
  gtk_media_stream_set_muted (stream, TRUE);
  gtk_media_stream_set_loop (stream, FALSE);
  g_signal_connect_object (stream, "notify::prepared", G_CALLBACK (on_clip_prepared), self, 0);
  g_signal_connect_object (stream, "notify::error", G_CALLBACK (on_clip_error), self, 0);
  g_signal_connect_object (stream, "notify::ended", G_CALLBACK (on_clip_ended), self, 0);
  g_signal_connect_object (stream, "invalidate-contents", G_CALLBACK (on_clip_contents), self, 0);

  task = g_task_new (NULL, slot->cancellable, on_probed, g_object_ref (self));
  g_task_set_source_tag (task, load_clip);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, probe_thread);

  /* A stream that failed at once (no media backend) said so already. */
  if (gtk_media_stream_get_error (stream) != NULL)
    on_clip_error (stream, NULL, self);
}

/* Stills */

/* Carries the slideshow and the slot's cancellable to on_decoded: slots
 * move (next → incoming → current) while a decode runs. */
typedef struct
{
  LullSlideshow *self;
  GCancellable  *cancellable;
} Decoding;

static void
decoding_free (Decoding *decoding)
{
  g_object_unref (decoding->self);
  g_object_unref (decoding->cancellable);
  g_free (decoding);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Decoding, decoding_free)

static void
on_decoded (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Decoding) decoding = user_data;
  LullSlideshow *self = decoding->self;
  Slot *slot = slot_for_cancellable (self, decoding->cancellable);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;

  pixbuf = lull_photo_source_decode_finish (LULL_PHOTO_SOURCE (object), result, &error);
  if (slot == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (pixbuf == NULL)
    {
      /* Decoded once already: the photo stays as it was. */
      if (slot->ready)
        g_debug ("A photo could not be decoded again: %s", error->message);
      else
        slot_failed (self, slot, error->message);
      return;
    }

  g_clear_object (&slot->paintable);
  slot->paintable = GDK_PAINTABLE (gdk_texture_new_for_pixbuf (pixbuf));
  if (slot->ready)
    gtk_widget_queue_draw (GTK_WIDGET (self));   /* decoded again, larger */
  else
    slot_became_ready (self, slot);
}

static gboolean
is_allocated (LullSlideshow *self)
{
  return gtk_widget_get_width (GTK_WIDGET (self)) >= 64
         && gtk_widget_get_height (GTK_WIDGET (self)) >= 64;
}

static void
decode_still (LullSlideshow *self,
              Slot          *slot)
{
  Decoding *decoding = g_new0 (Decoding, 1);

  /* A new cancellable for each decode: a result still on its way for an
   * older size is cancelled, and never replaces a newer one. */
  if (slot->cancellable != NULL)
    g_cancellable_cancel (slot->cancellable);
  g_clear_object (&slot->cancellable);
  slot->cancellable = g_cancellable_new ();

  decoding->self = g_object_ref (self);
  decoding->cancellable = g_object_ref (slot->cancellable);
  decode_box (self, &slot->width, &slot->height);
  lull_photo_source_decode_async (self->source, slot->photo, slot->width, slot->height,
                                  slot->cancellable, on_decoded, decoding);
}

static void
load_slot (LullSlideshow *self,
           Slot          *slot,
           LullPhoto     *photo)
{
  slot_clear (self, slot);
  if (photo == NULL)
    return;

  slot->photo = g_object_ref (photo);
  slot->cancellable = g_cancellable_new ();

  /* A still waits for the widget's size (it comes with the next frame
   * when the slideshow has just been shown), so that it is decoded once,
   * at the size it is drawn. */
  if (lull_photo_get_is_clip (photo))
    load_clip (self, slot);
  else if (self->source != NULL && is_allocated (self))
    decode_still (self, slot);
}

/* Showing */

static void
on_fade_value (double         value,
               LullSlideshow *self)
{
  self->fade_progress = value;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_fade_done (AdwAnimation  *animation,
              LullSlideshow *self)
{
  slot_clear (self, &self->previous);
  self->fade_progress = 1.0;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  /* Only now is the next one made ready, so that at most the one on
   * screen and the next are held between crossfades. */
  if (self->wanted_next != NULL && self->wanted_next != self->current.photo
      && self->next.photo != self->wanted_next)
    load_slot (self, &self->next, self->wanted_next);
}

static void
start_showing (LullSlideshow *self)
{
  gboolean had_photo = self->current.photo != NULL && self->current.ready;

  adw_animation_reset (self->fade);
  if (had_photo)
    {
      slot_stop_clip (&self->current);
      slot_move (self, &self->previous, &self->current);
    }
  slot_move (self, &self->current, &self->incoming);
  self->shown_signalled = FALSE;
  /* Whatever sits on the photo's corner moves with it. */
  if (gtk_widget_get_parent (GTK_WIDGET (self)) != NULL)
    gtk_widget_queue_allocate (gtk_widget_get_parent (GTK_WIDGET (self)));

  play_current_clip (self);
  note_shown (self);

  if (had_photo && self->animate && !self->hidden)
    {
      self->fade_progress = 0.0;
      adw_animation_play (self->fade);
    }
  else
    on_fade_done (self->fade, self);
}

static void
slot_became_ready (LullSlideshow *self,
                   Slot          *slot)
{
  slot->ready = TRUE;
  if (slot == &self->incoming)
    start_showing (self);
}

static void
slot_failed (LullSlideshow *self,
             Slot          *slot,
             const char    *message)
{
  g_autoptr(LullPhoto) photo = slot->photo != NULL ? g_object_ref (slot->photo) : NULL;
  gboolean on_screen = slot == &self->current || slot == &self->incoming;

  slot_clear (self, slot);
  if (slot == &self->current)
    gtk_widget_queue_draw (GTK_WIDGET (self));

  /* The next photo failing is said when its turn comes, by loading it
   * again then; the one due now is said at once. */
  if (photo != NULL && on_screen)
    emit_done (self, photo, TRUE, message);
}

/* Drawing */

/* Where @slot's photo goes in a @width × @height widget: fitted whole,
 * never cropped, so that the baby's face stays in view; centred. FALSE
 * when there is nothing to draw. */
static gboolean
fit_photo (Slot            *slot,
           float            width,
           float            height,
           graphene_rect_t *box)
{
  gboolean sideways = slot->rotation == 90 || slot->rotation == 270;
  double natural_width, natural_height, scale;
  float box_width, box_height;

  if (slot->paintable == NULL || !slot->ready)
    return FALSE;

  natural_width = gdk_paintable_get_intrinsic_width (slot->paintable);
  natural_height = gdk_paintable_get_intrinsic_height (slot->paintable);
  if (natural_width <= 0 || natural_height <= 0)
    return FALSE;

  box_width = sideways ? (float)natural_height : (float)natural_width;
  box_height = sideways ? (float)natural_width : (float)natural_height;
  scale = MIN (width / box_width, height / box_height);
  box_width = (float)(box_width * scale);
  box_height = (float)(box_height * scale);
  graphene_rect_init (box, (width - box_width) / 2, (height - box_height) / 2,
                      box_width, box_height);

  return TRUE;
}

static void
append_photo (LullSlideshow *self,
              GtkSnapshot   *snapshot,
              Slot          *slot,
              float          width,
              float          height)
{
  gboolean sideways = slot->rotation == 90 || slot->rotation == 270;
  graphene_rect_t box;
  float draw_width, draw_height;
  GskRoundedRect clip;

  if (!fit_photo (slot, width, height, &box))
    return;

  draw_width = sideways ? box.size.height : box.size.width;
  draw_height = sideways ? box.size.width : box.size.height;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &box.origin);
  gsk_rounded_rect_init_from_rect (&clip,
                                   &GRAPHENE_RECT_INIT (0, 0, box.size.width, box.size.height),
                                   CORNER_RADIUS);
  gtk_snapshot_push_rounded_clip (snapshot, &clip);
  if (slot->rotation != 0)
    {
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (box.size.width / 2,
                                                             box.size.height / 2));
      gtk_snapshot_rotate (snapshot, (float)slot->rotation);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-draw_width / 2, -draw_height / 2));
    }
  gdk_paintable_snapshot (slot->paintable, GDK_SNAPSHOT (snapshot), draw_width, draw_height);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_restore (snapshot);
}

static void
lull_slideshow_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  LullSlideshow *self = LULL_SLIDESHOW (widget);
  float width = (float)gtk_widget_get_width (widget);
  float height = (float)gtk_widget_get_height (widget);

  /* Hidden, nothing of a photo is drawn: the page's calm background and
   * the breathing shape are all there is. */
  if (self->hidden || width <= 0 || height <= 0)
    return;

  if (self->previous.photo != NULL && self->fade_progress < 1.0)
    {
      gtk_snapshot_push_cross_fade (snapshot, self->fade_progress);
      append_photo (self, snapshot, &self->previous, width, height);
      gtk_snapshot_pop (snapshot);
      append_photo (self, snapshot, &self->current, width, height);
      gtk_snapshot_pop (snapshot);
      return;
    }

  append_photo (self, snapshot, &self->current, width, height);
}

/* A still decoded for a box much larger or smaller than the widget now
 * (a window made fullscreen, or back) is decoded again at the new size,
 * and swapped in without a fade once ready. */
static gboolean
box_changed (Slot *slot,
             int   width,
             int   height)
{
  return width > slot->width * REDECODE_SHARE || height > slot->height * REDECODE_SHARE
         || width * REDECODE_SHARE < slot->width || height * REDECODE_SHARE < slot->height;
}

static void
lull_slideshow_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  LullSlideshow *self = LULL_SLIDESHOW (widget);
  Slot *slots[] = { &self->current, &self->incoming, &self->next };
  int scale = gtk_widget_get_scale_factor (widget);

  if (self->source == NULL || !is_allocated (self))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      Slot *slot = slots[i];

      if (slot->photo == NULL || slot_is_clip (slot))
        continue;
      /* Waiting for a size, or decoded (or being decoded) for another. */
      if (slot->width == 0 || box_changed (slot, width * scale, height * scale))
        decode_still (self, slot);
    }
}

/* The benchmark's frame times */

static void
on_before_paint (GdkFrameClock *clock,
                 LullSlideshow *self)
{
  self->frame_start = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                LullSlideshow *self)
{
  gint64 spent;

  if (self->frame_start == 0 || adw_animation_get_state (self->fade) != ADW_ANIMATION_PLAYING)
    return;

  spent = g_get_monotonic_time () - self->frame_start;
  g_array_append_val (self->bench_frames, spent);
}

static void
lull_slideshow_realize (GtkWidget *widget)
{
  LullSlideshow *self = LULL_SLIDESHOW (widget);
  GdkFrameClock *clock;

  GTK_WIDGET_CLASS (lull_slideshow_parent_class)->realize (widget);

  if (self->bench_path == NULL)
    return;

  clock = gtk_widget_get_frame_clock (widget);
  self->before_paint_id = g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint),
                                            self);
  self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint),
                                           self);
}

static void
lull_slideshow_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lull_slideshow_parent_class)->map (widget);

  note_shown (LULL_SLIDESHOW (widget));
}

static void
lull_slideshow_unrealize (GtkWidget *widget)
{
  LullSlideshow *self = LULL_SLIDESHOW (widget);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  if (clock != NULL)
    {
      g_signal_handlers_disconnect_by_func (clock, on_shown_painted, self);
      self->shown_painting = FALSE;
      g_clear_signal_handler (&self->before_paint_id, clock);
      g_clear_signal_handler (&self->after_paint_id, clock);
    }

  GTK_WIDGET_CLASS (lull_slideshow_parent_class)->unrealize (widget);
}

static void
write_bench_frames (LullSlideshow *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->bench_frames->len; i++)
    g_string_append_printf (text, "%" G_GINT64_FORMAT "\n",
                            g_array_index (self->bench_frames, gint64, i));

  if (!g_file_set_contents (self->bench_path, text->str, (gssize)text->len, NULL))
    g_warning ("Could not write %s", self->bench_path);
}

/* GObject */

static void
lull_slideshow_dispose (GObject *object)
{
  LullSlideshow *self = LULL_SLIDESHOW (object);

  if (self->bench_path != NULL && self->bench_frames->len > 0)
    write_bench_frames (self);

  slot_clear (self, &self->current);
  slot_clear (self, &self->incoming);
  slot_clear (self, &self->next);
  slot_clear (self, &self->previous);
  g_clear_object (&self->wanted_next);
  g_clear_object (&self->fade);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (lull_slideshow_parent_class)->dispose (object);
}

static void
lull_slideshow_finalize (GObject *object)
{
  LullSlideshow *self = LULL_SLIDESHOW (object);

  g_clear_pointer (&self->bench_frames, g_array_unref);
  g_free (self->bench_path);

  G_OBJECT_CLASS (lull_slideshow_parent_class)->finalize (object);
}

static void
lull_slideshow_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LullSlideshow *self = LULL_SLIDESHOW (object);

  switch (prop_id)
    {
    case PROP_CLIP_SOUND:
      g_value_set_boolean (value, self->clip_sound);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_slideshow_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LullSlideshow *self = LULL_SLIDESHOW (object);

  switch (prop_id)
    {
    case PROP_CLIP_SOUND:
      lull_slideshow_set_clip_sound (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_slideshow_class_init (LullSlideshowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lull_slideshow_dispose;
  object_class->finalize = lull_slideshow_finalize;
  object_class->get_property = lull_slideshow_get_property;
  object_class->set_property = lull_slideshow_set_property;

  /* Clips play with their sound (a baby's coos are a cue too); muted
   * when FALSE. */
  properties[PROP_CLIP_SOUND] =
    g_param_spec_boolean ("clip-sound", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->snapshot = lull_slideshow_snapshot;
  widget_class->size_allocate = lull_slideshow_size_allocate;
  widget_class->realize = lull_slideshow_realize;
  widget_class->unrealize = lull_slideshow_unrealize;
  widget_class->map = lull_slideshow_map;

  /* A photo is on screen (not hidden) for the first time since it was
   * asked for. */
  signals[SHOWN] =
    g_signal_new ("shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, LULL_TYPE_PHOTO);

  /* A clip played to its end (@failed FALSE), or a photo or clip could
   * not be shown (@failed TRUE, with GTK's or GdkPixbuf's @message): time
   * for the next. */
  signals[DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, LULL_TYPE_PHOTO, G_TYPE_BOOLEAN, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "slideshow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lull_slideshow_init (LullSlideshow *self)
{
  const char *bench = g_getenv (BENCH_FRAMES_ENV);

  self->animate = TRUE;
  self->fade_progress = 1.0;
  self->fade = adw_timed_animation_new (GTK_WIDGET (self), 0.0, 1.0, FADE_MS,
                                        adw_callback_animation_target_new ((AdwAnimationTargetFunc)on_fade_value,
                                                                           self, NULL));
  adw_timed_animation_set_easing (ADW_TIMED_ANIMATION (self->fade), ADW_EASE_IN_OUT_CUBIC);
  g_signal_connect (self->fade, "done", G_CALLBACK (on_fade_done), self);

  if (bench != NULL && *bench != '\0')
    {
      self->bench_path = g_strdup (bench);
      self->bench_frames = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Your photos"),
                                  -1);
}

GtkWidget *
lull_slideshow_new (void)
{
  return g_object_new (LULL_TYPE_SLIDESHOW, NULL);
}

void
lull_slideshow_set_source (LullSlideshow   *self,
                           LullPhotoSource *source)
{
  g_return_if_fail (LULL_IS_SLIDESHOW (self));
  g_return_if_fail (source == NULL || LULL_IS_PHOTO_SOURCE (source));

  g_set_object (&self->source, source);
}

void
lull_slideshow_show (LullSlideshow *self,
                     LullPhoto     *photo,
                     LullPhoto     *next)
{
  g_return_if_fail (LULL_IS_SLIDESHOW (self));
  g_return_if_fail (photo == NULL || LULL_IS_PHOTO (photo));
  g_return_if_fail (next == NULL || LULL_IS_PHOTO (next));

  g_set_object (&self->wanted_next, next);

  if (photo == NULL)
    {
      adw_animation_reset (self->fade);
      slot_clear (self, &self->previous);
      slot_clear (self, &self->current);
      slot_clear (self, &self->incoming);
      slot_clear (self, &self->next);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  if (photo == self->current.photo)
    {
      if (self->incoming.photo != NULL)
        slot_clear (self, &self->incoming);
      return;
    }
  if (photo == self->incoming.photo)
    return;

  if (photo == self->next.photo)
    {
      slot_move (self, &self->incoming, &self->next);
      if (self->incoming.ready)
        start_showing (self);
      return;
    }

  load_slot (self, &self->incoming, photo);
}

LullPhoto *
lull_slideshow_get_photo (LullSlideshow *self)
{
  g_return_val_if_fail (LULL_IS_SLIDESHOW (self), NULL);

  return self->current.photo;
}

/**
 * lull_slideshow_get_photo_bounds:
 * @bounds: (out): where the photo on screen is, in the widget's
 *   coordinates; the whole widget when there is none or it is hidden
 *
 * For placing a control on the photo's corner.
 */
void
lull_slideshow_get_photo_bounds (LullSlideshow   *self,
                                 graphene_rect_t *bounds)
{
  float width, height;

  g_return_if_fail (LULL_IS_SLIDESHOW (self));

  width = (float)gtk_widget_get_width (GTK_WIDGET (self));
  height = (float)gtk_widget_get_height (GTK_WIDGET (self));
  if (self->hidden || !fit_photo (&self->current, width, height, bounds))
    graphene_rect_init (bounds, 0, 0, width, height);
}

void
lull_slideshow_set_hidden (LullSlideshow *self,
                           gboolean       hidden)
{
  g_return_if_fail (LULL_IS_SLIDESHOW (self));

  hidden = !!hidden;
  if (self->hidden == hidden)
    return;

  self->hidden = hidden;
  if (hidden)
    {
      /* No crossfade left to finish behind the calm surface. */
      adw_animation_skip (self->fade);
      slot_stop_clip (&self->current);
    }
  else
    {
      play_current_clip (self);
      note_shown (self);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  hidden ? _("Photos hidden") : _("Your photos"),
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* While the session is paused, a clip waits too. */
void
lull_slideshow_set_paused (LullSlideshow *self,
                           gboolean       paused)
{
  g_return_if_fail (LULL_IS_SLIDESHOW (self));

  paused = !!paused;
  if (self->paused == paused)
    return;

  self->paused = paused;
  if (paused)
    slot_stop_clip (&self->current);
  else
    play_current_clip (self);
}

gboolean
lull_slideshow_get_hidden (LullSlideshow *self)
{
  g_return_val_if_fail (LULL_IS_SLIDESHOW (self), FALSE);

  return self->hidden;
}

void
lull_slideshow_set_clip_sound (LullSlideshow *self,
                               gboolean       clip_sound)
{
  g_return_if_fail (LULL_IS_SLIDESHOW (self));

  clip_sound = !!clip_sound;
  if (self->clip_sound == clip_sound)
    return;

  self->clip_sound = clip_sound;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIP_SOUND]);
  if (GTK_IS_MEDIA_STREAM (self->current.paintable))
    gtk_media_stream_set_muted (GTK_MEDIA_STREAM (self->current.paintable), !self->clip_sound);
}

void
lull_slideshow_set_animate (LullSlideshow *self,
                            gboolean       animate)
{
  g_return_if_fail (LULL_IS_SLIDESHOW (self));

  self->animate = !!animate;
  if (!animate)
    adw_animation_skip (self->fade);
}
