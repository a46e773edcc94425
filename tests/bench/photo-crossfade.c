/* photo-crossfade.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <adwaita.h>

/* The baseline of the slideshow frame benchmark (photo_bench.py frames):
 * the least a libadwaita program does to crossfade photos, its frames
 * timed the way Lull times its own under LULL_BENCH_FRAMES.
 *
 *   photo-crossfade WIDTH HEIGHT INTERVAL_MS SECONDS OUT FILE…
 *
 * A window whose only content is a WIDTH × HEIGHT widget (the size Lull's
 * slideshow had in the same run) showing the FILEs in turn, each fitted
 * whole and centred, a new one every INTERVAL_MS with the same 1.5 s
 * ease-in-out-cubic crossfade (an AdwTimedAnimation driving
 * gtk_snapshot_push_cross_fade(), as src/app/lull-slideshow.c does). While
 * a crossfade plays, each frame's time on the main thread, from the frame
 * clock's before-paint to its after-paint, is kept; after SECONDS they are
 * written to OUT, microseconds one per line, `frames N` is printed and the
 * program exits.
 *
 * How it differs from Lull, that is what the ratio puts a price on:
 *
 *  - The photos are decoded once at the start, at the widget's size, and
 *    kept; Lull decodes each on a worker thread while the previous one is
 *    on screen and turns it into a texture on the main thread (outside
 *    the timed part of a frame, in both programs).
 *  - No rounded corners: Lull clips each photo to a rounded rectangle.
 *  - Nothing else is in the window: Lull's session page around the
 *    slideshow has the breathing shape (animating), the step's prompt,
 *    a timer and buttons. */

#define BASELINE_APPLICATION_ID "io.github.lullapp.Lull.BenchCrossfade"
#define FADE_MS                 1500

#define BENCH_TYPE_FADE (bench_fade_get_type ())
G_DECLARE_FINAL_TYPE (BenchFade, bench_fade, BENCH, FADE, GtkWidget)

struct _BenchFade
{
  GtkWidget     parent_instance;

  GPtrArray    *textures;
  guint         current;
  int           previous;   /* -1: none fading out */
  double        progress;
  AdwAnimation *fade;

  GArray       *frames;
  gint64        frame_start;
};

G_DEFINE_FINAL_TYPE (BenchFade, bench_fade, GTK_TYPE_WIDGET)

static int width, height, interval_ms, seconds;
static const char *out_path;

static void
append_photo (GtkSnapshot *snapshot,
              GdkTexture  *texture,
              float        box_width,
              float        box_height)
{
  float natural_width = (float)gdk_texture_get_width (texture);
  float natural_height = (float)gdk_texture_get_height (texture);
  float scale = MIN (box_width / natural_width, box_height / natural_height);
  float draw_width = natural_width * scale;
  float draw_height = natural_height * scale;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((box_width - draw_width) / 2,
                                                         (box_height - draw_height) / 2));
  gdk_paintable_snapshot (GDK_PAINTABLE (texture), GDK_SNAPSHOT (snapshot),
                          draw_width, draw_height);
  gtk_snapshot_restore (snapshot);
}

static void
bench_fade_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  BenchFade *self = BENCH_FADE (widget);
  float w = (float)gtk_widget_get_width (widget);
  float h = (float)gtk_widget_get_height (widget);
  GdkTexture *current = g_ptr_array_index (self->textures, self->current);

  if (self->previous >= 0 && self->progress < 1.0)
    {
      gtk_snapshot_push_cross_fade (snapshot, self->progress);
      append_photo (snapshot, g_ptr_array_index (self->textures, self->previous), w, h);
      gtk_snapshot_pop (snapshot);
      append_photo (snapshot, current, w, h);
      gtk_snapshot_pop (snapshot);
      return;
    }

  append_photo (snapshot, current, w, h);
}

static void
on_fade_value (double     value,
               BenchFade *self)
{
  self->progress = value;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_fade_done (AdwAnimation *animation,
              BenchFade    *self)
{
  self->previous = -1;
  self->progress = 1.0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_advance (gpointer user_data)
{
  BenchFade *self = user_data;

  adw_animation_reset (self->fade);
  self->previous = (int)self->current;
  self->current = (self->current + 1) % self->textures->len;
  self->progress = 0.0;
  adw_animation_play (self->fade);

  return G_SOURCE_CONTINUE;
}

static void
on_before_paint (GdkFrameClock *clock,
                 BenchFade     *self)
{
  self->frame_start = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                BenchFade     *self)
{
  gint64 spent;

  if (self->frame_start == 0 || adw_animation_get_state (self->fade) != ADW_ANIMATION_PLAYING)
    return;

  spent = g_get_monotonic_time () - self->frame_start;
  g_array_append_val (self->frames, spent);
}

static void
bench_fade_realize (GtkWidget *widget)
{
  BenchFade *self = BENCH_FADE (widget);
  GdkFrameClock *clock;

  GTK_WIDGET_CLASS (bench_fade_parent_class)->realize (widget);

  clock = gtk_widget_get_frame_clock (widget);
  g_signal_connect_object (clock, "before-paint", G_CALLBACK (on_before_paint), self, 0);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_after_paint), self, 0);
}

static void
bench_fade_dispose (GObject *object)
{
  BenchFade *self = BENCH_FADE (object);

  g_clear_object (&self->fade);
  g_clear_pointer (&self->textures, g_ptr_array_unref);
  g_clear_pointer (&self->frames, g_array_unref);

  G_OBJECT_CLASS (bench_fade_parent_class)->dispose (object);
}

static void
bench_fade_class_init (BenchFadeClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bench_fade_dispose;
  GTK_WIDGET_CLASS (klass)->snapshot = bench_fade_snapshot;
  GTK_WIDGET_CLASS (klass)->realize = bench_fade_realize;
}

static void
bench_fade_init (BenchFade *self)
{
  self->textures = g_ptr_array_new_with_free_func (g_object_unref);
  self->frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->previous = -1;
  self->progress = 1.0;
  self->fade = adw_timed_animation_new (GTK_WIDGET (self), 0.0, 1.0, FADE_MS,
                                        adw_callback_animation_target_new ((AdwAnimationTargetFunc)on_fade_value,
                                                                           self, NULL));
  adw_timed_animation_set_easing (ADW_TIMED_ANIMATION (self->fade), ADW_EASE_IN_OUT_CUBIC);
  g_signal_connect (self->fade, "done", G_CALLBACK (on_fade_done), self);
}

static gboolean
on_finish (gpointer user_data)
{
  GtkWindow *window = user_data;
  BenchFade *self = BENCH_FADE (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  GApplication *application = G_APPLICATION (gtk_window_get_application (window));

  for (guint i = 0; i < self->frames->len; i++)
    g_string_append_printf (text, "%" G_GINT64_FORMAT "\n", g_array_index (self->frames, gint64, i));

  if (!g_file_set_contents (out_path, text->str, (gssize)text->len, &error))
    {
      g_printerr ("photo-crossfade: %s\n", error->message);
      exit (EXIT_FAILURE);
    }

  printf ("frames %u\n", self->frames->len);
  fflush (stdout);
  g_application_quit (application);

  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *application,
             char        **files)
{
  BenchFade *fade = g_object_new (BENCH_TYPE_FADE, NULL);
  GtkWidget *window;

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file_at_scale (files[i], width, height,
                                                                       TRUE, &error);

      if (pixbuf == NULL)
        {
          g_printerr ("photo-crossfade: %s\n", error->message);
          exit (EXIT_FAILURE);
        }
      g_ptr_array_add (fade->textures, gdk_texture_new_for_pixbuf (pixbuf));
    }

  gtk_widget_set_size_request (GTK_WIDGET (fade), width, height);

  window = adw_application_window_new (GTK_APPLICATION (application));
  gtk_window_set_title (GTK_WINDOW (window), "Baseline crossfade");
  gtk_window_set_resizable (GTK_WINDOW (window), FALSE);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), GTK_WIDGET (fade));

  g_timeout_add (interval_ms, on_advance, fade);
  g_timeout_add_seconds (seconds, on_finish, window);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) application = NULL;

  if (argc < 8)
    {
      g_printerr ("Usage: %s WIDTH HEIGHT INTERVAL_MS SECONDS OUT FILE FILE…\n", argv[0]);
      return 2;
    }

  width = atoi (argv[1]);
  height = atoi (argv[2]);
  interval_ms = atoi (argv[3]);
  seconds = atoi (argv[4]);
  out_path = argv[5];
  if (width < 1 || height < 1 || interval_ms < 10 || seconds < 1)
    {
      g_printerr ("photo-crossfade: WIDTH, HEIGHT, INTERVAL_MS and SECONDS must be positive\n");
      return 2;
    }

  application = adw_application_new (BASELINE_APPLICATION_ID, G_APPLICATION_NON_UNIQUE);
  g_signal_connect (application, "activate", G_CALLBACK (on_activate), argv + 6);

  /* The files are ours, not GApplication's to open. */
  return g_application_run (G_APPLICATION (application), 1, argv);
}
