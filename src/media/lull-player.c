/* lull-player.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gst/controller/controller.h>
#include <gst/pbutils/pbutils.h>

#include "lull-media.h"
#include "lull-player.h"

/* The sound of a session: one main track (guided imagery, music or a
 * soundscape) and short cues over it.
 *
 * The main track is a playbin whose audio sink is our own bin:
 *
 *   audioconvert ! volume name=fade ! volume name=duck ! volume name=user
 *                ! audioconvert ! audioresample ! <sink>
 *
 * "fade" and "duck" are driven by GstController envelopes (a linear
 * GstInterpolationControlSource bound absolutely to "volume"); "user" holds
 * the person's volume and mute as plain properties. Three elements multiply
 * the three gains, so a fade, a duck and the volume slider never have to
 * know about each other.
 *
 * The volume element reads its envelope at each buffer's stream time, which
 * starts again at 0 at every seam of a looped soundscape. A fade-out that
 * crossed a seam would jump back to full volume. So the segment going into
 * "fade" is rewritten to make stream time equal running time, and the
 * original segment is put back after "duck": the envelopes live on the
 * running time of the main pipeline, which runs on across seams and stands
 * still while paused (a pause during a fade only holds the fade). Each
 * envelope is anchored at the running time up to which "fade" has already
 * processed samples, not at the clock: the volume works ahead of the sink,
 * and a test's sink may not sync to any clock at all.
 *
 * Cues play in a second playbin with its own sink, so a cue can never
 * interrupt, restart or seek the main track, and a step can ring a bell
 * with no main track at all. By default both pipelines end in
 * autoaudiosink and the sound server mixes them. A custom sink (tests,
 * benchmarks) belongs to the main track; the cue pipeline gets a copy of it
 * (the same factory and properties), or a fakesink that keeps real time when
 * it cannot be copied (a bin, or an element writing to a file). Mixing both
 * into the one custom sink would need an audiomixer fed across pipelines,
 * which would make the main track wait on the cue pipeline's data, seeks
 * and segment-done messages.
 *
 * Soundscapes loop with segment seeks (a flushing one after the first
 * preroll, then a non-flushing one at every SEGMENT_DONE), so there is
 * neither an EOS nor a gap at the seam. Errors are mapped the way Totem's
 * bacon-video-widget does it, to one translated sentence per failure. */

#define FADE_TIME        ((GstClockTime) (LULL_PLAYER_FADE_SECONDS * GST_SECOND))

/* A cue must be heard over the track without the track disappearing:
 * -8 dB, reached fast enough not to cover the cue's attack, and a slower
 * release so the track comes back rather than jumps back. */
#define DUCK_LEVEL       0.4
#define DUCK_ATTACK      (250 * GST_MSECOND)
#define DUCK_RELEASE     (1 * GST_SECOND)

/* Silence played after a fade-out before the pipeline stops, longer than
 * an audio sink's buffer (200 ms for pulsesink), so stopping never cuts
 * the last, quietest part of the fade that is still in the device. */
#define STOP_TAIL        (500 * GST_MSECOND)

/* A loop whose seams follow each other without a single sample in
 * between is empty; a few in a row rule out samples still on their way
 * through decodebin's queue when the first segment-done arrives. */
#define EMPTY_LOOPS_MAX  3

/* Each seam is a seek from the main thread. A clip shorter than this
 * would keep the main thread seeking, and its seams would come faster than
 * the main loop can promise to answer; no soundscape is that short, so it
 * counts as empty. */
#define MIN_LOOP_LENGTH  (100 * GST_MSECOND)

#define POSITION_INTERVAL_SECONDS 1

/* How often a pipeline that has not prerolled yet is looked at, and how
 * many looks in a row must find it dead (see preroll_watch_tick()). */
#define PREROLL_WATCH_SECONDS 1
#define PREROLL_DEAD_LOOKS    2

#define STATE_CHANGE_FAILED "lull-state-change-failed"

typedef struct
{
  GstClockTime time;
  double       value;
} EnvelopePoint;

/* What missing-plugin messages said since the last play() (a bitmask). */
typedef enum
{
  MISSING_PLUGIN_NONE   = 0,
  MISSING_PLUGIN_CODEC  = 1 << 0,
  MISSING_PLUGIN_OUTPUT = 1 << 1,
} MissingPlugin;

struct _LullPlayer
{
  GObject           parent_instance;

  GMainContext     *context;

  /* The main track. */
  GstElement       *pipeline;
  GstElement       *fade;
  GstElement       *duck;
  GstElement       *user_volume;
  GstElement       *sink;
  gboolean          custom_sink;
  GstControlSource *fade_source;
  GstControlSource *duck_source;

  /* The cues. */
  GstElement       *cue_pipeline;
  GstElement       *cue_volume;
  GstElement       *cue_sink;
  GFile            *cue_file;
  gboolean          cue_error_reported;
  MissingPlugin     cue_missing;
  gboolean          duck_held;

  GFile            *file;
  char             *title;
  gboolean          loop;
  LullPlayerState   state;
  double            volume;
  gboolean          muted;
  gint64            duration;
  gboolean          has_played;
  gboolean          stopping;

  /* What happened since the last play(). */
  gboolean          error_reported;
  gboolean          output_failed;
  MissingPlugin     missing;
  gboolean          need_segment_seek;
  guint             empty_loops;

  GPtrArray        *missing_details;
  GHashTable       *offered_details;

  GSource          *position_source;
  GSource          *preroll_watch;
  guint             preroll_dead_looks;
  GSource          *cue_preroll_watch;
  guint             cue_preroll_dead_looks;

  /* Shared with the streaming threads of the main pipeline. */
  GMutex            lock;
  GstSegment        segment;          /* as it came into "fade" */
  GstClockTime      processed;        /* running time "fade" has reached */
  GstClockTime      stop_at;          /* end of the fade-out's silent tail */
  gboolean          stop_scheduled;
  gboolean          skip_preroll;     /* buffers before the loop's first seek */
  gboolean          audio_since_seek;
  gboolean          audio_since_play;
  gboolean          sink_reached;     /* since play(): the output was working */
  gboolean          sink_has_played;  /* since set_track(): has-played */
  gint64            first_sample_time; /* monotonic, when it did */
};

G_DEFINE_FINAL_TYPE (LullPlayer, lull_player, G_TYPE_OBJECT)

G_DEFINE_QUARK (lull-player-error-quark, lull_player_error)

enum {
  PROP_0,
  PROP_AUDIO_SINK,
  PROP_FILE,
  PROP_TITLE,
  PROP_STATE,
  PROP_VOLUME,
  PROP_MUTED,
  PROP_POSITION,
  PROP_DURATION,
  PROP_HAS_PLAYED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ERROR,
  SIGNAL_MISSING_PLUGINS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Registered here, as LullSession does, so the state can be a proper enum
 * property without the public header growing a get_type function. */
static const GEnumValue state_values[] = {
  { LULL_PLAYER_STATE_STOPPED, "LULL_PLAYER_STATE_STOPPED", "stopped" },
  { LULL_PLAYER_STATE_PLAYING, "LULL_PLAYER_STATE_PLAYING", "playing" },
  { LULL_PLAYER_STATE_PAUSED, "LULL_PLAYER_STATE_PAUSED", "paused" },
  { 0, NULL, NULL }
};

static GType
player_state_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("LullPlayerState"),
                                                      state_values));

  return type;
}

static gboolean on_position_tick_cb (gpointer user_data);

/* Streaming threads never touch the GObject side: they hand work to the
 * player's main context, and a weak reference lets a player that went
 * away in the meantime be skipped. */
typedef void (*MainFunc) (LullPlayer *self);

typedef struct
{
  GWeakRef ref;
  MainFunc func;
} Invocation;

static gboolean
invocation_cb (gpointer data)
{
  Invocation *invocation = data;
  g_autoptr(LullPlayer) self = g_weak_ref_get (&invocation->ref);

  if (self != NULL)
    invocation->func (self);

  return G_SOURCE_REMOVE;
}

static void
invocation_free (gpointer data)
{
  Invocation *invocation = data;

  g_weak_ref_clear (&invocation->ref);
  g_free (invocation);
}

static void
invoke_on_main (LullPlayer *self,
                MainFunc    func)
{
  Invocation *invocation = g_new0 (Invocation, 1);
  g_autoptr(GSource) source = g_idle_source_new ();

  g_weak_ref_init (&invocation->ref, self);
  invocation->func = func;

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, invocation_cb, invocation, invocation_free);
  g_source_set_static_name (source, "[lull] LullPlayer streaming thread");
  g_source_attach (source, self->context);
}

static void
set_state (LullPlayer      *self,
           LullPlayerState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_duration (LullPlayer *self,
              gint64      duration)
{
  if (self->duration == duration)
    return;

  self->duration = duration;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

static void
set_has_played (LullPlayer *self,
                gboolean    has_played)
{
  if (self->has_played == has_played)
    return;

  self->has_played = has_played;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_PLAYED]);
}

static char *
dup_display_name (GFile      *file,
                  const char *title)
{
  g_autofree char *basename = NULL;

  if (title != NULL && *title != '\0')
    return g_strdup (title);

  if (file == NULL)
    return g_strdup (_("The sound"));

  basename = g_file_get_basename (file);

  return g_filename_display_name (basename);
}

static GError *
new_error (LullPlayerError  code,
           const char      *name)
{
  switch (code)
    {
    case LULL_PLAYER_ERROR_NOT_FOUND:
      return g_error_new (LULL_PLAYER_ERROR, code,
                          _("“%s” is gone or cannot be read. Choose it again in the sound library."),
                          name);
    case LULL_PLAYER_ERROR_NOT_AUDIO:
      return g_error_new (LULL_PLAYER_ERROR, code,
                          _("“%s” is not a sound file, or it is empty. Choose another sound in the sound library."),
                          name);
    case LULL_PLAYER_ERROR_MISSING_CODEC:
      return g_error_new (LULL_PLAYER_ERROR, code,
                          _("“%s” needs a codec that is not installed. Install it, or choose another sound in the sound library."),
                          name);
    case LULL_PLAYER_ERROR_NO_OUTPUT:
      return g_error_new (LULL_PLAYER_ERROR, code,
                          _("There is no sound output to play “%s”. Connect speakers or headphones, or check the sound settings; the session goes on without sound."),
                          name);
    case LULL_PLAYER_ERROR_OUTPUT_LOST:
      return g_error_new (LULL_PLAYER_ERROR, code,
                          _("The sound output stopped while playing “%s”. Check the sound settings, then play it again; the session goes on without sound."),
                          name);
    case LULL_PLAYER_ERROR_FAILED:
    default:
      return g_error_new (LULL_PLAYER_ERROR, LULL_PLAYER_ERROR_FAILED,
                          _("“%s” could not be played. Choose another sound in the sound library."),
                          name);
    }
}

static gboolean
message_is_from (GstMessage *message,
                 GstElement *element)
{
  GstObject *src = GST_MESSAGE_SRC (message);

  return element != NULL
         && src != NULL
         && (src == GST_OBJECT (element)
             || gst_object_has_as_ancestor (src, GST_OBJECT (element)));
}

/* The table of bacon-video-widget's bvw_error_from_gst_error(), cut down
 * to what a person can act on for a sound file. */
static LullPlayerError
classify_error (GstMessage   *message,
                const GError *error,
                GstElement   *pipeline,
                GstElement   *sink,
                gboolean      output_was_working,
                MissingPlugin missing)
{
  int n_audio = 0;

  if (message_is_from (message, sink))
    return output_was_working ? LULL_PLAYER_ERROR_OUTPUT_LOST : LULL_PLAYER_ERROR_NO_OUTPUT;

  if ((missing & MISSING_PLUGIN_CODEC) != 0)
    return LULL_PLAYER_ERROR_MISSING_CODEC;

  if (g_error_matches (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN))
    return (missing & MISSING_PLUGIN_OUTPUT) != 0
           ? LULL_PLAYER_ERROR_NO_OUTPUT : LULL_PLAYER_ERROR_MISSING_CODEC;

  if (g_error_matches (error, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND))
    return LULL_PLAYER_ERROR_MISSING_CODEC;

  if (error->domain == GST_RESOURCE_ERROR)
    {
      switch (error->code)
        {
        case GST_RESOURCE_ERROR_NOT_FOUND:
        case GST_RESOURCE_ERROR_OPEN_READ:
        case GST_RESOURCE_ERROR_OPEN_READ_WRITE:
        case GST_RESOURCE_ERROR_READ:
        case GST_RESOURCE_ERROR_NOT_AUTHORIZED:
          return LULL_PLAYER_ERROR_NOT_FOUND;
        case GST_RESOURCE_ERROR_OPEN_WRITE:
        case GST_RESOURCE_ERROR_BUSY:
          return LULL_PLAYER_ERROR_NO_OUTPUT;
        default:
          return LULL_PLAYER_ERROR_FAILED;
        }
    }

  /* A file with streams but no sound among them (an image, a video
   * without sound) ends with a stream nobody takes: "Internal data stream
   * error" from whichever element pushed it. */
  g_object_get (pipeline, "n-audio", &n_audio, NULL);
  if (error->domain == GST_STREAM_ERROR && n_audio == 0)
    return LULL_PLAYER_ERROR_NOT_AUDIO;

  if (error->domain == GST_STREAM_ERROR)
    {
      switch (error->code)
        {
        case GST_STREAM_ERROR_TYPE_NOT_FOUND:
        case GST_STREAM_ERROR_WRONG_TYPE:
        case GST_STREAM_ERROR_DEMUX:
        case GST_STREAM_ERROR_DECODE:
        case GST_STREAM_ERROR_FORMAT:
          return LULL_PLAYER_ERROR_NOT_AUDIO;
        default:
          return LULL_PLAYER_ERROR_FAILED;
        }
    }

  return LULL_PLAYER_ERROR_FAILED;
}

/* autoaudiosink of GStreamer 1.22 does not fail when no sink works: it
 * posts a warning and plays into a fakesink. */
static gboolean
autoaudiosink_fell_back (GstElement *sink)
{
  g_autoptr(GstIterator) iter = NULL;
  GValue item = G_VALUE_INIT;
  gboolean fake = FALSE;

  if (!GST_IS_BIN (sink))
    return FALSE;

  iter = gst_bin_iterate_elements (GST_BIN (sink));
  while (gst_iterator_next (iter, &item) == GST_ITERATOR_OK)
    {
      GstElement *child = g_value_get_object (&item);
      GstElementFactory *factory = gst_element_get_factory (child);

      if (factory != NULL
          && g_strcmp0 (gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory)), "fakesink") == 0)
        fake = TRUE;
      g_value_reset (&item);
    }
  g_value_unset (&item);

  return fake;
}

/* Only decoders (demuxers and codecs) are offered for installation. The
 * one other thing playbin may miss is an audio sink ("element"), which a
 * codec would not fix: that is no output. */
static MissingPlugin
collect_missing_plugin (LullPlayer *self,
                        GstMessage *message)
{
  const char *type = gst_structure_get_string (gst_message_get_structure (message), "type");
  g_autofree char *detail = NULL;

  if (g_strcmp0 (type, "decoder") != 0)
    return g_strcmp0 (type, "element") == 0 ? MISSING_PLUGIN_OUTPUT : MISSING_PLUGIN_NONE;

  detail = gst_missing_plugin_message_get_installer_detail (message);
  if (detail == NULL || g_hash_table_contains (self->offered_details, detail))
    return MISSING_PLUGIN_CODEC;

  for (guint i = 0; i < self->missing_details->len; i++)
    if (g_str_equal (g_ptr_array_index (self->missing_details, i), detail))
      return MISSING_PLUGIN_CODEC;

  g_ptr_array_add (self->missing_details, g_steal_pointer (&detail));

  return MISSING_PLUGIN_CODEC;
}

/* Offered once per codec, and only where an installer exists, so the app
 * can call gst_install_plugins_async() with what it gets. */
static void
offer_missing_plugins (LullPlayer *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) details = NULL;

  if (self->missing_details->len == 0)
    return;

  if (!gst_install_plugins_supported ())
    {
      g_ptr_array_set_size (self->missing_details, 0);
      return;
    }

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->missing_details->len; i++)
    {
      char *detail = g_ptr_array_index (self->missing_details, i);

      g_strv_builder_add (builder, detail);
      g_hash_table_add (self->offered_details, g_strdup (detail));
    }
  g_ptr_array_set_size (self->missing_details, 0);

  details = g_strv_builder_end (builder);
  g_signal_emit (self, signals[SIGNAL_MISSING_PLUGINS], 0, details);
}

static GstControlSource *
envelope_new (const EnvelopePoint *points,
              guint                n_points)
{
  GstControlSource *source = gst_interpolation_control_source_new ();

  g_object_set (source, "mode", GST_INTERPOLATION_MODE_LINEAR, NULL);

  /* Before its first point a control source has no value, and the volume
   * element would then keep whatever it had: start at the first value. */
  if (points[0].time > 0)
    gst_timed_value_control_source_set (GST_TIMED_VALUE_CONTROL_SOURCE (source),
                                        0, points[0].value);

  for (guint i = 0; i < n_points; i++)
    gst_timed_value_control_source_set (GST_TIMED_VALUE_CONTROL_SOURCE (source),
                                        points[i].time, points[i].value);

  return source;
}

/* A new control source replaces the old one in one step, so the streaming
 * thread never sees an envelope half rewritten. */
static void
set_envelope (GstElement          *volume,
              GstControlSource   **slot,
              const EnvelopePoint *points,
              guint                n_points)
{
  GstControlSource *source = envelope_new (points, n_points);

  gst_object_add_control_binding (GST_OBJECT (volume),
                                  gst_direct_control_binding_new_absolute (GST_OBJECT (volume),
                                                                           "volume", source));
  g_clear_object (slot);
  *slot = source;
}

static double
envelope_value_at (GstControlSource *source,
                   GstClockTime      time,
                   double            fallback)
{
  double value;

  if (source == NULL || !gst_control_source_get_value (source, time, &value))
    return fallback;

  return value;
}

static GstClockTime
get_processed (LullPlayer *self)
{
  GstClockTime processed;

  g_mutex_lock (&self->lock);
  processed = self->processed;
  g_mutex_unlock (&self->lock);

  return processed;
}

static void
ramp (GstElement        *volume,
      GstControlSource **slot,
      GstClockTime       from,
      double             to_value,
      GstClockTime       length)
{
  EnvelopePoint points[2];

  points[0].time = from;
  points[0].value = envelope_value_at (*slot, from, to_value);
  points[1].time = from + length;
  points[1].value = to_value;

  set_envelope (volume, slot, points, G_N_ELEMENTS (points));
}

static gboolean
pad_task_started (GstElement *element,
                  GstPad     *pad,
                  gpointer    user_data)
{
  gboolean *started = user_data;

  if (gst_pad_get_task_state (pad) == GST_TASK_STARTED)
    *started = TRUE;

  return !*started;
}

static gboolean
any_task_started (GstElement *pipeline)
{
  g_autoptr(GstIterator) iter = gst_bin_iterate_recurse (GST_BIN (pipeline));
  GValue item = G_VALUE_INIT;
  gboolean started = FALSE;
  gboolean done = FALSE;

  while (!done && !started)
    {
      switch (gst_iterator_next (iter, &item))
        {
        case GST_ITERATOR_OK:
          gst_element_foreach_pad (g_value_get_object (&item), pad_task_started, &started);
          g_value_reset (&item);
          break;
        case GST_ITERATOR_RESYNC:
          gst_iterator_resync (iter);
          break;
        case GST_ITERATOR_ERROR:
        case GST_ITERATOR_DONE:
        default:
          done = TRUE;
          break;
        }
    }
  g_value_unset (&item);

  return started;
}

/* decodebin (GStreamer 1.22) drops the errors of an element it is still
 * trying out: a demuxer that gives up on a tiny broken file at once, from
 * its own thread, can fail without a word, and the pipeline then waits for
 * a preroll that never comes. Such a pipeline has no streaming thread left
 * running, whereas one that is merely slow (a sleeping USB disk) does; a
 * pipeline found dead on a few looks in a row failed. */
static gboolean
preroll_watch_tick (GstElement *pipeline,
                    guint      *dead_looks)
{
  if (any_task_started (pipeline))
    *dead_looks = 0;
  else
    (*dead_looks)++;

  return *dead_looks >= PREROLL_DEAD_LOOKS;
}

static LullPlayerError
silent_failure_code (GstElement *pipeline)
{
  int n_audio = 0;

  g_object_get (pipeline, "n-audio", &n_audio, NULL);

  return n_audio == 0 ? LULL_PLAYER_ERROR_NOT_AUDIO : LULL_PLAYER_ERROR_FAILED;
}

static void
stop_watch (GSource **watch)
{
  if (*watch != NULL)
    {
      g_source_destroy (*watch);
      g_clear_pointer (watch, g_source_unref);
    }
}

static void
start_watch (LullPlayer  *self,
             GSource    **watch,
             guint       *dead_looks,
             GSourceFunc  callback)
{
  stop_watch (watch);
  *dead_looks = 0;

  *watch = g_timeout_source_new_seconds (PREROLL_WATCH_SECONDS);
  g_source_set_callback (*watch, callback, self, NULL);
  g_source_set_static_name (*watch, "[lull] LullPlayer preroll watch");
  g_source_attach (*watch, self->context);
}

static void
stop_position_updates (LullPlayer *self)
{
  if (self->position_source != NULL)
    {
      g_source_destroy (self->position_source);
      g_clear_pointer (&self->position_source, g_source_unref);
    }
}

static void
start_position_updates (LullPlayer *self)
{
  if (self->position_source != NULL)
    return;

  self->position_source = g_timeout_source_new_seconds (POSITION_INTERVAL_SECONDS);
  g_source_set_callback (self->position_source, on_position_tick_cb, self, NULL);
  g_source_set_static_name (self->position_source, "[lull] LullPlayer position");
  g_source_attach (self->position_source, self->context);
}

/* Going down in state is synchronous but quick: it only joins the
 * streaming threads, which never wait for the main thread. What the old
 * run left on the bus (an EOS, a segment-done, an error) must not reach
 * the next one, and a pipeline that never left NULL keeps it all. */
static void
stop_pipeline (GstElement *pipeline,
               GstState    to)
{
  g_autoptr(GstBus) bus = NULL;

  if (pipeline == NULL)
    return;

  gst_element_set_state (pipeline, to);

  bus = gst_element_get_bus (pipeline);
  gst_bus_set_flushing (bus, TRUE);
  gst_bus_set_flushing (bus, FALSE);
}

static void
drop_pipeline (LullPlayer *self,
               GstState    to)
{
  stop_position_updates (self);
  stop_watch (&self->preroll_watch);

  self->stopping = FALSE;
  self->need_segment_seek = FALSE;
  self->duck_held = FALSE;

  stop_pipeline (self->pipeline, to);

  g_mutex_lock (&self->lock);
  self->processed = GST_CLOCK_TIME_NONE;
  self->stop_at = GST_CLOCK_TIME_NONE;
  self->stop_scheduled = FALSE;
  self->skip_preroll = FALSE;
  g_mutex_unlock (&self->lock);

  if (self->state != LULL_PLAYER_STATE_STOPPED)
    {
      set_state (self, LULL_PLAYER_STATE_STOPPED);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
    }
}

static void
report_error (LullPlayer      *self,
              LullPlayerError  code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = dup_display_name (self->file, self->title);

  self->error_reported = TRUE;
  if (code == LULL_PLAYER_ERROR_NO_OUTPUT || code == LULL_PLAYER_ERROR_OUTPUT_LOST)
    self->output_failed = TRUE;

  offer_missing_plugins (self);
  drop_pipeline (self, GST_STATE_NULL);

  error = new_error (code, name);
  g_debug ("LullPlayer: %s", error->message);
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
}

static gboolean
segment_seek (LullPlayer *self,
              gboolean    flush)
{
  GstSeekFlags flags = GST_SEEK_FLAG_SEGMENT;

  if (flush)
    flags |= GST_SEEK_FLAG_FLUSH;

  return gst_element_seek (self->pipeline, 1.0, GST_FORMAT_TIME, flags,
                           GST_SEEK_TYPE_SET, 0,
                           GST_SEEK_TYPE_SET, GST_CLOCK_TIME_NONE);
}

/* The bus usually holds the error that explains a failed state change;
 * this message comes after it and only speaks when nothing else did. A
 * playbin whose custom sink failed to open does not always say why the
 * second time round: a sink still in NULL is the answer then. */
static void
post_state_change_failed (GstElement *pipeline,
                          GstElement *sink)
{
  GstStructure *structure;
  GstState state = GST_STATE_NULL;

  if (sink != NULL)
    gst_element_get_state (sink, &state, NULL, 0);

  structure = gst_structure_new (STATE_CHANGE_FAILED,
                                 "no-output", G_TYPE_BOOLEAN, state == GST_STATE_NULL,
                                 NULL);
  gst_element_post_message (pipeline,
                            gst_message_new_application (GST_OBJECT (pipeline), structure));
}

static LullPlayerError
state_change_failure_code (GstMessage *message)
{
  gboolean no_output = FALSE;

  gst_structure_get_boolean (gst_message_get_structure (message), "no-output", &no_output);

  return no_output ? LULL_PLAYER_ERROR_NO_OUTPUT : LULL_PLAYER_ERROR_FAILED;
}

static void
apply_state (LullPlayer *self)
{
  GstState target;

  if (self->state == LULL_PLAYER_STATE_STOPPED)
    return;

  /* A loop waits in PAUSED for its first segment seek. */
  target = self->state == LULL_PLAYER_STATE_PLAYING && !self->need_segment_seek
           ? GST_STATE_PLAYING : GST_STATE_PAUSED;

  if (gst_element_set_state (self->pipeline, target) == GST_STATE_CHANGE_FAILURE)
    post_state_change_failed (self->pipeline, self->sink);
}

static void
update_duration (LullPlayer *self)
{
  gint64 duration;

  if (gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration))
    set_duration (self, duration);
}

static void
end_of_track (LullPlayer *self)
{
  gboolean had_audio;

  g_mutex_lock (&self->lock);
  had_audio = self->audio_since_play;
  g_mutex_unlock (&self->lock);

  if (!had_audio)
    {
      g_debug ("LullPlayer: the end of a track without a sample");
      report_error (self, LULL_PLAYER_ERROR_NOT_AUDIO);
      return;
    }

  drop_pipeline (self, GST_STATE_READY);
}

static void
on_segment_done (LullPlayer *self)
{
  gboolean had_audio;

  if (!self->loop)
    {
      /* The loop was switched off while it played: this seam is its end. */
      end_of_track (self);
      return;
    }

  g_mutex_lock (&self->lock);
  had_audio = self->audio_since_seek;
  self->audio_since_seek = FALSE;
  g_mutex_unlock (&self->lock);

  self->empty_loops = had_audio ? 0 : self->empty_loops + 1;
  if (self->empty_loops > 0)
    g_debug ("LullPlayer: %u seams in a row without a sample", self->empty_loops);
  if (self->empty_loops >= EMPTY_LOOPS_MAX)
    {
      report_error (self, LULL_PLAYER_ERROR_NOT_AUDIO);
      return;
    }

  if (!segment_seek (self, FALSE))
    end_of_track (self);
}

static void
on_prerolled (LullPlayer *self)
{
  stop_watch (&self->preroll_watch);
  update_duration (self);
  offer_missing_plugins (self);

  if (!self->need_segment_seek)
    return;

  self->need_segment_seek = FALSE;

  if (self->duration >= 0 && self->duration < (gint64) MIN_LOOP_LENGTH)
    {
      g_debug ("LullPlayer: a loop of %" G_GINT64_FORMAT " ns", self->duration);
      report_error (self, LULL_PLAYER_ERROR_NOT_AUDIO);
      return;
    }

  g_mutex_lock (&self->lock);
  self->skip_preroll = FALSE;
  self->audio_since_seek = FALSE;
  g_mutex_unlock (&self->lock);

  /* A source that cannot seek still plays once, and ends with EOS. */
  if (!segment_seek (self, TRUE))
    g_debug ("LullPlayer: no segment seek on %s, it will not loop", self->title);

  apply_state (self);
}

static void
check_output (LullPlayer *self)
{
  if (!self->custom_sink && !self->error_reported && autoaudiosink_fell_back (self->sink))
    report_error (self, LULL_PLAYER_ERROR_NO_OUTPUT);
}

static void
handle_error_message (LullPlayer *self,
                      GstMessage *message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *debug = NULL;
  LullPlayerError code;
  gboolean sink_reached;

  if (self->error_reported)
    return;

  gst_message_parse_error (message, &error, &debug);
  g_debug ("LullPlayer: error from %s: %s (%s)",
           GST_MESSAGE_SRC_NAME (message), error->message, debug);

  g_mutex_lock (&self->lock);
  sink_reached = self->sink_reached;
  g_mutex_unlock (&self->lock);

  code = classify_error (message, error, self->pipeline, self->sink,
                         sink_reached, self->missing);
  report_error (self, code);
}

static gboolean
on_bus_message_cb (GstBus     *bus,
                   GstMessage *message,
                   gpointer    user_data)
{
  /* A handler of "error" may drop the last reference to the player. */
  g_autoptr(LullPlayer) self = g_object_ref (user_data);

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      handle_error_message (self, message);
      break;

    case GST_MESSAGE_WARNING:
      if (message_is_from (message, self->sink))
        check_output (self);
      break;

    case GST_MESSAGE_STATE_CHANGED:
      if (GST_MESSAGE_SRC (message) == GST_OBJECT (self->sink))
        {
          GstState old_state, new_state;

          gst_message_parse_state_changed (message, &old_state, &new_state, NULL);
          if (old_state == GST_STATE_NULL && new_state == GST_STATE_READY)
            check_output (self);
        }
      break;

    case GST_MESSAGE_ELEMENT:
      if (gst_is_missing_plugin_message (message) && !self->error_reported)
        self->missing |= collect_missing_plugin (self, message);
      break;

    case GST_MESSAGE_ASYNC_DONE:
      if (self->state != LULL_PLAYER_STATE_STOPPED)
        on_prerolled (self);
      break;

    case GST_MESSAGE_DURATION_CHANGED:
      if (self->state != LULL_PLAYER_STATE_STOPPED)
        update_duration (self);
      break;

    case GST_MESSAGE_SEGMENT_DONE:
      if (GST_MESSAGE_SRC (message) == GST_OBJECT (self->pipeline)
          && self->state != LULL_PLAYER_STATE_STOPPED)
        on_segment_done (self);
      break;

    case GST_MESSAGE_EOS:
      if (self->state != LULL_PLAYER_STATE_STOPPED)
        end_of_track (self);
      break;

    case GST_MESSAGE_APPLICATION:
      if (gst_message_has_name (message, STATE_CHANGE_FAILED)
          && self->state != LULL_PLAYER_STATE_STOPPED
          && !self->error_reported)
        report_error (self, state_change_failure_code (message));
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static void
release_duck (LullPlayer *self)
{
  GstClockTime now;

  if (!self->duck_held)
    return;

  self->duck_held = FALSE;
  now = get_processed (self);
  if (GST_CLOCK_TIME_IS_VALID (now))
    ramp (self->duck, &self->duck_source, now, 1.0, DUCK_RELEASE);
}

/* The duck is drawn on the main track's timeline from where it has got
 * to, for as long as the cue lasts; a cue of unknown length holds it until
 * the cue ends. */
static void
duck_under_cue (LullPlayer   *self,
                GstClockTime  cue_duration)
{
  EnvelopePoint points[4];
  GstClockTime now = get_processed (self);

  if (self->state != LULL_PLAYER_STATE_PLAYING || !GST_CLOCK_TIME_IS_VALID (now))
    return;

  points[0].time = now;
  points[0].value = envelope_value_at (self->duck_source, now, 1.0);
  points[1].time = now + DUCK_ATTACK;
  points[1].value = DUCK_LEVEL;

  if (GST_CLOCK_TIME_IS_VALID (cue_duration))
    {
      points[2].time = now + MAX (cue_duration, DUCK_ATTACK);
      points[2].value = DUCK_LEVEL;
      points[3].time = points[2].time + DUCK_RELEASE;
      points[3].value = 1.0;
      set_envelope (self->duck, &self->duck_source, points, 4);
      self->duck_held = FALSE;
    }
  else
    {
      set_envelope (self->duck, &self->duck_source, points, 2);
      self->duck_held = TRUE;
    }
}

static void
cue_stop (LullPlayer *self,
          GstState    to)
{
  stop_watch (&self->cue_preroll_watch);
  stop_pipeline (self->cue_pipeline, to);
  release_duck (self);
}

static void
report_cue_error (LullPlayer      *self,
                  LullPlayerError  code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = dup_display_name (self->cue_file, NULL);

  self->cue_error_reported = TRUE;
  offer_missing_plugins (self);
  cue_stop (self, GST_STATE_NULL);

  /* One missing output is one sentence, whichever pipeline found it. */
  if (code == LULL_PLAYER_ERROR_NO_OUTPUT || code == LULL_PLAYER_ERROR_OUTPUT_LOST)
    {
      if (self->output_failed)
        return;
      self->output_failed = TRUE;
    }

  error = new_error (code, name);
  g_debug ("LullPlayer: cue: %s", error->message);
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
}

static void
check_cue_output (LullPlayer *self)
{
  if (!self->custom_sink && !self->cue_error_reported && autoaudiosink_fell_back (self->cue_sink))
    report_cue_error (self, LULL_PLAYER_ERROR_NO_OUTPUT);
}

static gboolean
on_cue_bus_message_cb (GstBus     *bus,
                       GstMessage *message,
                       gpointer    user_data)
{
  g_autoptr(LullPlayer) self = g_object_ref (user_data);

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      if (!self->cue_error_reported)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *debug = NULL;
          LullPlayerError code;

          gst_message_parse_error (message, &error, &debug);
          g_debug ("LullPlayer: cue error from %s: %s (%s)",
                   GST_MESSAGE_SRC_NAME (message), error->message, debug);
          code = classify_error (message, error, self->cue_pipeline, self->cue_sink,
                                 FALSE, self->cue_missing);
          report_cue_error (self, code);
        }
      break;

    case GST_MESSAGE_WARNING:
      if (message_is_from (message, self->cue_sink))
        check_cue_output (self);
      break;

    case GST_MESSAGE_STATE_CHANGED:
      if (GST_MESSAGE_SRC (message) == GST_OBJECT (self->cue_sink))
        {
          GstState old_state, new_state;

          gst_message_parse_state_changed (message, &old_state, &new_state, NULL);
          if (old_state == GST_STATE_NULL && new_state == GST_STATE_READY)
            check_cue_output (self);
        }
      break;

    case GST_MESSAGE_ELEMENT:
      if (gst_is_missing_plugin_message (message) && !self->cue_error_reported)
        self->cue_missing |= collect_missing_plugin (self, message);
      break;

    case GST_MESSAGE_ASYNC_DONE:
      if (GST_MESSAGE_SRC (message) == GST_OBJECT (self->cue_pipeline)
          && !self->cue_error_reported)
        {
          gint64 duration;

          stop_watch (&self->cue_preroll_watch);
          if (!gst_element_query_duration (self->cue_pipeline, GST_FORMAT_TIME, &duration)
              || duration <= 0)
            duration = GST_CLOCK_TIME_NONE;
          duck_under_cue (self, duration);
        }
      break;

    case GST_MESSAGE_EOS:
      cue_stop (self, GST_STATE_READY);
      break;

    case GST_MESSAGE_APPLICATION:
      if (gst_message_has_name (message, STATE_CHANGE_FAILED) && !self->cue_error_reported)
        report_cue_error (self, state_change_failure_code (message));
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
on_preroll_watch_cb (gpointer user_data)
{
  LullPlayer *self = user_data;

  if (!preroll_watch_tick (self->pipeline, &self->preroll_dead_looks))
    return G_SOURCE_CONTINUE;

  g_debug ("LullPlayer: the main pipeline stopped before it prerolled");
  g_clear_pointer (&self->preroll_watch, g_source_unref);
  report_error (self, silent_failure_code (self->pipeline));

  return G_SOURCE_REMOVE;
}

static gboolean
on_cue_preroll_watch_cb (gpointer user_data)
{
  LullPlayer *self = user_data;

  if (!preroll_watch_tick (self->cue_pipeline, &self->cue_preroll_dead_looks))
    return G_SOURCE_CONTINUE;

  g_debug ("LullPlayer: the cue pipeline stopped before it prerolled");
  g_clear_pointer (&self->cue_preroll_watch, g_source_unref);
  report_cue_error (self, silent_failure_code (self->cue_pipeline));

  return G_SOURCE_REMOVE;
}

static GstClockTime
buffer_end_running_time (const GstSegment *segment,
                         GstBuffer        *buffer)
{
  GstClockTime end;

  if (segment->format != GST_FORMAT_TIME || !GST_BUFFER_PTS_IS_VALID (buffer))
    return GST_CLOCK_TIME_NONE;

  end = GST_BUFFER_PTS (buffer);
  if (GST_BUFFER_DURATION_IS_VALID (buffer))
    end += GST_BUFFER_DURATION (buffer);

  return gst_segment_to_running_time (segment, GST_FORMAT_TIME, end);
}

static void
on_fade_out_done (LullPlayer *self)
{
  if (self->stopping)
    drop_pipeline (self, GST_STATE_READY);
}

static void
fade_saw_buffer (LullPlayer *self,
                 GstBuffer  *buffer)
{
  GstClockTime end;
  gboolean done = FALSE;

  g_mutex_lock (&self->lock);
  end = buffer_end_running_time (&self->segment, buffer);
  if (GST_CLOCK_TIME_IS_VALID (end))
    {
      if (!GST_CLOCK_TIME_IS_VALID (self->processed) || end > self->processed)
        self->processed = end;

      if (GST_CLOCK_TIME_IS_VALID (self->stop_at)
          && end >= self->stop_at
          && !self->stop_scheduled)
        {
          self->stop_scheduled = TRUE;
          done = TRUE;
        }
    }
  if (gst_buffer_get_size (buffer) > 0)
    {
      self->audio_since_seek = TRUE;
      self->audio_since_play = TRUE;
    }
  g_mutex_unlock (&self->lock);

  if (done)
    invoke_on_main (self, on_fade_out_done);
}

static gboolean
fade_saw_buffer_in_list (GstBuffer **buffer,
                         guint       idx,
                         gpointer    user_data)
{
  fade_saw_buffer (user_data, *buffer);
  return TRUE;
}

/* Makes stream time equal running time for "fade" and "duck" (see the
 * top of this file), and keeps track of how far they got. */
static GstPadProbeReturn
on_fade_sink_probe_cb (GstPad          *pad,
                       GstPadProbeInfo *info,
                       gpointer         user_data)
{
  LullPlayer *self = user_data;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    {
      fade_saw_buffer (self, GST_PAD_PROBE_INFO_BUFFER (info));
    }
  else if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    {
      gst_buffer_list_foreach (GST_PAD_PROBE_INFO_BUFFER_LIST (info),
                               fade_saw_buffer_in_list, self);
    }
  else if (info->type & (GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM | GST_PAD_PROBE_TYPE_EVENT_FLUSH))
    {
      GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);

      if (GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_STOP)
        {
          g_mutex_lock (&self->lock);
          self->processed = GST_CLOCK_TIME_NONE;
          g_mutex_unlock (&self->lock);
        }
      else if (GST_EVENT_TYPE (event) == GST_EVENT_SEGMENT)
        {
          const GstSegment *in;
          GstSegment out;
          guint64 start_running_time;
          GstEvent *rewritten;

          gst_event_parse_segment (event, &in);
          if (in->format != GST_FORMAT_TIME)
            return GST_PAD_PROBE_OK;

          g_mutex_lock (&self->lock);
          gst_segment_copy_into (in, &self->segment);
          g_mutex_unlock (&self->lock);

          start_running_time = gst_segment_to_running_time (in, GST_FORMAT_TIME, in->start);
          if (!GST_CLOCK_TIME_IS_VALID (start_running_time))
            return GST_PAD_PROBE_OK;

          gst_segment_copy_into (in, &out);
          out.time = start_running_time;
          rewritten = gst_event_new_segment (&out);
          gst_event_set_seqnum (rewritten, gst_event_get_seqnum (event));
          gst_event_unref (event);
          GST_PAD_PROBE_INFO_DATA (info) = rewritten;
        }
    }

  return GST_PAD_PROBE_OK;
}

/* Puts back the segment "fade" was given, so the sink and the position
 * query see the track's own stream time. */
static GstPadProbeReturn
on_duck_src_probe_cb (GstPad          *pad,
                      GstPadProbeInfo *info,
                      gpointer         user_data)
{
  LullPlayer *self = user_data;
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  GstEvent *restored;

  if (GST_EVENT_TYPE (event) != GST_EVENT_SEGMENT)
    return GST_PAD_PROBE_OK;

  g_mutex_lock (&self->lock);
  if (self->segment.format != GST_FORMAT_TIME)
    {
      g_mutex_unlock (&self->lock);
      return GST_PAD_PROBE_OK;
    }
  restored = gst_event_new_segment (&self->segment);
  g_mutex_unlock (&self->lock);

  gst_event_set_seqnum (restored, gst_event_get_seqnum (event));
  gst_event_unref (event);
  GST_PAD_PROBE_INFO_DATA (info) = restored;

  return GST_PAD_PROBE_OK;
}

static void
on_first_sound (LullPlayer *self)
{
  g_mutex_lock (&self->lock);
  if (!self->sink_has_played)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  g_mutex_unlock (&self->lock);

  /* Samples into autoaudiosink's stand-in fakesink were never heard. */
  if (!self->custom_sink && autoaudiosink_fell_back (self->sink))
    return;

  set_has_played (self, TRUE);
}

static GstPadProbeReturn
on_sink_probe_cb (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         user_data)
{
  LullPlayer *self = user_data;
  gboolean first = FALSE;

  g_mutex_lock (&self->lock);
  if (!self->skip_preroll)
    {
      self->sink_reached = TRUE;
      if (!self->sink_has_played)
        {
          self->sink_has_played = TRUE;
          self->first_sample_time = g_get_monotonic_time ();
          first = TRUE;
        }
    }
  g_mutex_unlock (&self->lock);

  if (first)
    invoke_on_main (self, on_first_sound);

  return GST_PAD_PROBE_OK;
}

static GstElement *
make_element (const char *factory,
              const char *name)
{
  GstElement *element = gst_element_factory_make (factory, name);

  /* Only base plugins, which GStreamer itself depends on, are used here. */
  if (element == NULL)
    g_critical ("LullPlayer: the GStreamer element “%s” is missing", factory);

  return element;
}

static gboolean
copyable_property (GParamSpec *pspec)
{
  if ((pspec->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE
      || (pspec->flags & (G_PARAM_CONSTRUCT_ONLY | G_PARAM_DEPRECATED)) != 0)
    return FALSE;

  return g_strcmp0 (pspec->name, "name") != 0 && g_strcmp0 (pspec->name, "parent") != 0;
}

static GstElement *
copy_sink (GstElement *model)
{
  GstElementFactory *factory = gst_element_get_factory (model);
  g_autofree GParamSpec **pspecs = NULL;
  GstElement *copy;
  guint n_pspecs;

  if (factory == NULL
      || GST_IS_BIN (model)
      || g_object_class_find_property (G_OBJECT_GET_CLASS (model), "location") != NULL)
    {
      copy = make_element ("fakesink", "cue-sink");
      if (copy != NULL)
        g_object_set (copy, "sync", TRUE, NULL);
      return copy;
    }

  copy = gst_element_factory_create (factory, "cue-sink");
  if (copy == NULL)
    return NULL;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (model), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if (!copyable_property (pspecs[i]))
        continue;

      g_value_init (&value, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (model), pspecs[i]->name, &value);
      if (!g_param_value_defaults (pspecs[i], &value))
        g_object_set_property (G_OBJECT (copy), pspecs[i]->name, &value);
    }

  return copy;
}

static void
add_pad_probe (GstElement          *element,
               const char          *pad_name,
               GstPadProbeType      mask,
               GstPadProbeCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GstPad) pad = gst_element_get_static_pad (element, pad_name);

  if (pad != NULL)
    gst_pad_add_probe (pad, mask, callback, user_data, NULL);
}

static void
make_audio_only (GstElement *playbin)
{
  gst_util_set_object_arg (G_OBJECT (playbin), "flags", "audio");

  /* Even with video off, playbin asks a video sink whether it takes an
   * image or a video stream it finds, and the default one opens a
   * connection to the display (GL, Wayland) for that. */
  g_object_set (playbin, "video-sink", gst_element_factory_make ("fakesink", NULL), NULL);
}

/* Elements come floating from their factories, until a bin takes them. */
static void
discard_element (GstElement *element)
{
  if (element != NULL)
    gst_object_unref (gst_object_ref_sink (element));
}

static GstElement *
make_pipeline (const char *name)
{
  GstElement *playbin = make_element ("playbin", name);

  return playbin != NULL ? gst_object_ref_sink (playbin) : NULL;
}

static gboolean
build_main_pipeline (LullPlayer *self)
{
  GstElement *bin, *convert_in, *convert_out, *resample;
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GstBus) bus = NULL;

  self->pipeline = make_pipeline ("lull-main");
  convert_in = make_element ("audioconvert", NULL);
  self->fade = make_element ("volume", "fade");
  self->duck = make_element ("volume", "duck");
  self->user_volume = make_element ("volume", "user-volume");
  convert_out = make_element ("audioconvert", NULL);
  resample = make_element ("audioresample", NULL);

  if (self->pipeline == NULL || convert_in == NULL || self->fade == NULL
      || self->duck == NULL || self->user_volume == NULL || convert_out == NULL
      || resample == NULL || self->sink == NULL)
    {
      g_clear_pointer (&self->pipeline, gst_object_unref);
      discard_element (convert_in);
      discard_element (g_steal_pointer (&self->fade));
      discard_element (g_steal_pointer (&self->duck));
      discard_element (g_steal_pointer (&self->user_volume));
      discard_element (convert_out);
      discard_element (resample);
      return FALSE;
    }

  make_audio_only (self->pipeline);

  /* The bin takes a reference of its own to the sink; the player keeps
   * the one it sank when it was given the sink. */
  bin = gst_bin_new ("lull-main-output");
  gst_bin_add_many (GST_BIN (bin), convert_in, self->fade, self->duck, self->user_volume,
                    convert_out, resample, self->sink, NULL);
  if (!gst_element_link_many (convert_in, self->fade, self->duck, self->user_volume,
                              convert_out, resample, self->sink, NULL))
    g_critical ("LullPlayer: the audio sink does not take raw audio");

  pad = gst_element_get_static_pad (convert_in, "sink");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", pad));
  g_object_set (self->pipeline, "audio-sink", bin, NULL);

  add_pad_probe (self->fade, "sink",
                 GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST
                 | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM | GST_PAD_PROBE_TYPE_EVENT_FLUSH,
                 on_fade_sink_probe_cb, self);
  add_pad_probe (self->duck, "src", GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                 on_duck_src_probe_cb, self);
  add_pad_probe (self->sink, "sink",
                 GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                 on_sink_probe_cb, self);

  g_object_set (self->user_volume, "volume", self->volume, "mute", self->muted, NULL);

  bus = gst_element_get_bus (self->pipeline);
  gst_bus_add_watch (bus, on_bus_message_cb, self);

  return TRUE;
}

static gboolean
build_cue_pipeline (LullPlayer *self)
{
  GstElement *bin, *convert_in, *convert_out, *resample;
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GstBus) bus = NULL;

  if (self->cue_pipeline != NULL)
    return TRUE;

  if (self->custom_sink)
    self->cue_sink = copy_sink (self->sink);
  else
    self->cue_sink = make_element ("autoaudiosink", "cue-sink");
  if (self->cue_sink != NULL)
    gst_object_ref_sink (self->cue_sink);

  self->cue_pipeline = make_pipeline ("lull-cue");
  convert_in = make_element ("audioconvert", NULL);
  self->cue_volume = make_element ("volume", "cue-user-volume");
  convert_out = make_element ("audioconvert", NULL);
  resample = make_element ("audioresample", NULL);

  if (self->cue_pipeline == NULL || self->cue_sink == NULL || convert_in == NULL
      || self->cue_volume == NULL || convert_out == NULL || resample == NULL)
    {
      g_clear_pointer (&self->cue_pipeline, gst_object_unref);
      g_clear_pointer (&self->cue_sink, gst_object_unref);
      discard_element (convert_in);
      discard_element (g_steal_pointer (&self->cue_volume));
      discard_element (convert_out);
      discard_element (resample);
      return FALSE;
    }

  make_audio_only (self->cue_pipeline);

  bin = gst_bin_new ("lull-cue-output");
  gst_bin_add_many (GST_BIN (bin), convert_in, self->cue_volume, convert_out, resample,
                    self->cue_sink, NULL);
  gst_element_link_many (convert_in, self->cue_volume, convert_out, resample,
                         self->cue_sink, NULL);
  pad = gst_element_get_static_pad (convert_in, "sink");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", pad));
  g_object_set (self->cue_pipeline, "audio-sink", bin, NULL);

  g_object_set (self->cue_volume, "volume", self->volume, "mute", self->muted, NULL);

  bus = gst_element_get_bus (self->cue_pipeline);
  gst_bus_add_watch (bus, on_cue_bus_message_cb, self);

  return TRUE;
}

static void
shut_pipeline (GstElement **pipeline)
{
  g_autoptr(GstBus) bus = NULL;

  if (*pipeline == NULL)
    return;

  gst_element_set_state (*pipeline, GST_STATE_NULL);

  bus = gst_element_get_bus (*pipeline);
  gst_bus_set_flushing (bus, TRUE);
  gst_bus_remove_watch (bus);

  g_clear_pointer (pipeline, gst_object_unref);
}

static void
lull_player_dispose (GObject *object)
{
  LullPlayer *self = LULL_PLAYER (object);

  stop_position_updates (self);
  stop_watch (&self->preroll_watch);
  stop_watch (&self->cue_preroll_watch);

  /* NULL joins the streaming threads, so no probe runs after this. */
  shut_pipeline (&self->pipeline);
  shut_pipeline (&self->cue_pipeline);
  self->fade = self->duck = self->user_volume = self->cue_volume = NULL;

  g_clear_object (&self->fade_source);
  g_clear_object (&self->duck_source);
  g_clear_pointer (&self->sink, gst_object_unref);
  g_clear_pointer (&self->cue_sink, gst_object_unref);
  g_clear_object (&self->file);
  g_clear_object (&self->cue_file);

  G_OBJECT_CLASS (lull_player_parent_class)->dispose (object);
}

static void
lull_player_finalize (GObject *object)
{
  LullPlayer *self = LULL_PLAYER (object);

  g_free (self->title);
  g_ptr_array_unref (self->missing_details);
  g_hash_table_unref (self->offered_details);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (lull_player_parent_class)->finalize (object);
}

static void
lull_player_constructed (GObject *object)
{
  LullPlayer *self = LULL_PLAYER (object);

  G_OBJECT_CLASS (lull_player_parent_class)->constructed (object);

  if (self->sink == NULL)
    {
      self->sink = make_element ("autoaudiosink", "sink");
      if (self->sink != NULL)
        gst_object_ref_sink (self->sink);
    }
  else
    {
      self->custom_sink = TRUE;
    }

  build_main_pipeline (self);
}

static void
lull_player_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LullPlayer *self = LULL_PLAYER (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_VOLUME:
      g_value_set_double (value, self->volume);
      break;

    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;

    case PROP_POSITION:
      g_value_set_int64 (value, lull_player_get_position (self));
      break;

    case PROP_DURATION:
      g_value_set_int64 (value, self->duration);
      break;

    case PROP_HAS_PLAYED:
      g_value_set_boolean (value, self->has_played);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_player_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LullPlayer *self = LULL_PLAYER (object);

  switch (prop_id)
    {
    case PROP_AUDIO_SINK:
      {
        GstElement *sink = g_value_get_object (value);

        if (sink != NULL)
          self->sink = gst_object_ref_sink (sink);
      }
      break;

    case PROP_VOLUME:
      lull_player_set_volume (self, g_value_get_double (value));
      break;

    case PROP_MUTED:
      lull_player_set_muted (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_player_class_init (LullPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lull_player_dispose;
  object_class->finalize = lull_player_finalize;
  object_class->constructed = lull_player_constructed;
  object_class->get_property = lull_player_get_property;
  object_class->set_property = lull_player_set_property;

  properties[PROP_AUDIO_SINK] =
    g_param_spec_object ("audio-sink", NULL, NULL,
                         GST_TYPE_ELEMENT,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       player_state_get_type (),
                       LULL_PLAYER_STATE_STOPPED,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VOLUME] =
    g_param_spec_double ("volume", NULL, NULL,
                         0.0, 1.0, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_POSITION] =
    g_param_spec_int64 ("position", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HAS_PLAYED] =
    g_param_spec_boolean ("has-played", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LullPlayer::error:
   * @error: a #LullPlayerError, with a sentence for the parent
   *
   * Once per failure of the main track or of a cue. The main track is then
   * stopped; the session goes on.
   */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * LullPlayer::missing-plugins:
   * @details: installer details, for gst_install_plugins_async()
   *
   * Once per missing codec, and only where GStreamer can install plugins.
   */
  signals[SIGNAL_MISSING_PLUGINS] =
    g_signal_new ("missing-plugins",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRV);
}

static void
lull_player_init (LullPlayer *self)
{
  g_autoptr(GError) error = NULL;

  if (!lull_media_init (&error))
    g_critical ("LullPlayer: GStreamer could not start: %s", error->message);

  self->context = g_main_context_ref_thread_default ();
  self->state = LULL_PLAYER_STATE_STOPPED;
  self->volume = 1.0;
  self->duration = -1;
  self->missing_details = g_ptr_array_new_with_free_func (g_free);
  self->offered_details = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_mutex_init (&self->lock);
  gst_segment_init (&self->segment, GST_FORMAT_UNDEFINED);
  self->processed = GST_CLOCK_TIME_NONE;
  self->stop_at = GST_CLOCK_TIME_NONE;
}

static gboolean
on_position_tick_cb (gpointer user_data)
{
  LullPlayer *self = user_data;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);

  return G_SOURCE_CONTINUE;
}

/**
 * lull_player_new:
 * @audio_sink: (nullable) (transfer floating): the main track's sink; cues
 *   play on a copy of it. NULL for autoaudiosink.
 *
 * Returns: (transfer full): a new player
 */
LullPlayer *
lull_player_new (GstElement *audio_sink)
{
  g_return_val_if_fail (audio_sink == NULL || GST_IS_ELEMENT (audio_sink), NULL);

  return g_object_new (LULL_TYPE_PLAYER, "audio-sink", audio_sink, NULL);
}

/**
 * lull_player_set_track:
 * @self: a player
 * @file: (nullable): the main track, or NULL to clear it
 * @title: (nullable): its name in error messages
 * @loop: whether to loop it seamlessly (a soundscape)
 *
 * A different file stops the track at once (a fade is the caller's
 * lull_player_stop() before it) and leaves the player stopped. The same
 * file while it plays or is paused changes nothing but its title and loop
 * flag, so a track that goes on over several steps is never restarted.
 */
void
lull_player_set_track (LullPlayer *self,
                       GFile      *file,
                       const char *title,
                       gboolean    loop)
{
  g_autofree char *uri = NULL;

  g_return_if_fail (LULL_IS_PLAYER (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  self->loop = loop;

  if (g_strcmp0 (self->title, title) != 0)
    {
      g_free (self->title);
      self->title = g_strdup (title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }

  if (file != NULL && self->file != NULL && g_file_equal (file, self->file)
      && self->state != LULL_PLAYER_STATE_STOPPED)
    return;

  drop_pipeline (self, GST_STATE_READY);

  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);

  /* playbin refuses a NULL uri; a cleared track is never played. */
  if (self->pipeline != NULL && file != NULL)
    {
      uri = g_file_get_uri (file);
      g_object_set (self->pipeline, "uri", uri, NULL);
    }

  g_mutex_lock (&self->lock);
  self->sink_has_played = FALSE;
  self->first_sample_time = 0;
  g_mutex_unlock (&self->lock);

  set_has_played (self, FALSE);
  set_duration (self, -1);
}

GFile *
lull_player_get_file (LullPlayer *self)
{
  g_return_val_if_fail (LULL_IS_PLAYER (self), NULL);

  return self->file;
}

const char *
lull_player_get_title (LullPlayer *self)
{
  g_return_val_if_fail (LULL_IS_PLAYER (self), NULL);

  return self->title;
}

/**
 * lull_player_play:
 * @self: a player
 *
 * Starts the track with a fade in. While it fades out, fades it back in;
 * while paused, resumes it; while playing, changes nothing.
 */
void
lull_player_play (LullPlayer *self)
{
  EnvelopePoint fade_in[2] = { { 0, 0.0 }, { FADE_TIME, 1.0 } };
  EnvelopePoint level[1] = { { 0, 1.0 } };

  g_return_if_fail (LULL_IS_PLAYER (self));

  if (self->file == NULL)
    return;

  if (self->state == LULL_PLAYER_STATE_PAUSED)
    {
      lull_player_resume (self);
      if (!self->stopping)
        return;
    }

  if (self->state == LULL_PLAYER_STATE_PLAYING)
    {
      if (self->stopping)
        {
          GstClockTime now = get_processed (self);
          double value = envelope_value_at (self->fade_source, now, 0.0);

          self->stopping = FALSE;
          g_mutex_lock (&self->lock);
          self->stop_at = GST_CLOCK_TIME_NONE;
          g_mutex_unlock (&self->lock);

          ramp (self->fade, &self->fade_source, now, 1.0, (1.0 - value) * FADE_TIME);
        }
      return;
    }

  if (self->pipeline == NULL)
    {
      report_error (self, LULL_PLAYER_ERROR_FAILED);
      return;
    }

  self->error_reported = FALSE;
  self->output_failed = FALSE;
  self->missing = MISSING_PLUGIN_NONE;
  self->empty_loops = 0;
  self->need_segment_seek = self->loop;
  g_ptr_array_set_size (self->missing_details, 0);

  g_mutex_lock (&self->lock);
  self->processed = GST_CLOCK_TIME_NONE;
  self->stop_at = GST_CLOCK_TIME_NONE;
  self->stop_scheduled = FALSE;
  self->skip_preroll = self->loop;
  self->audio_since_seek = FALSE;
  self->audio_since_play = FALSE;
  self->sink_reached = FALSE;
  g_mutex_unlock (&self->lock);

  /* The pipeline starts from READY or NULL, so its running time starts
   * at 0 with the first sample (and again after a loop's first seek). */
  set_envelope (self->fade, &self->fade_source, fade_in, G_N_ELEMENTS (fade_in));
  set_envelope (self->duck, &self->duck_source, level, G_N_ELEMENTS (level));

  set_state (self, LULL_PLAYER_STATE_PLAYING);
  start_position_updates (self);
  start_watch (self, &self->preroll_watch, &self->preroll_dead_looks, on_preroll_watch_cb);
  apply_state (self);
}

void
lull_player_pause (LullPlayer *self)
{
  g_return_if_fail (LULL_IS_PLAYER (self));

  if (self->state != LULL_PLAYER_STATE_PLAYING)
    return;

  stop_position_updates (self);
  set_state (self, LULL_PLAYER_STATE_PAUSED);
  apply_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

/**
 * lull_player_resume:
 * @self: a player
 *
 * Goes on from where lull_player_pause() stopped, in the middle of a fade
 * if one was under way.
 */
void
lull_player_resume (LullPlayer *self)
{
  g_return_if_fail (LULL_IS_PLAYER (self));

  if (self->state != LULL_PLAYER_STATE_PAUSED)
    return;

  set_state (self, LULL_PLAYER_STATE_PLAYING);
  start_position_updates (self);
  start_watch (self, &self->preroll_watch, &self->preroll_dead_looks, on_preroll_watch_cb);
  apply_state (self);
}

/**
 * lull_player_stop:
 * @self: a player
 *
 * Fades the track out over %LULL_PLAYER_FADE_SECONDS, then stops it. The
 * state stays PLAYING while the fade is heard. A paused track, or one
 * that has not made a sound yet, stops at once.
 */
void
lull_player_stop (LullPlayer *self)
{
  GstClockTime now, length;
  double value;

  g_return_if_fail (LULL_IS_PLAYER (self));

  if (self->state == LULL_PLAYER_STATE_STOPPED || self->stopping)
    return;

  now = get_processed (self);
  if (self->state == LULL_PLAYER_STATE_PAUSED || !GST_CLOCK_TIME_IS_VALID (now))
    {
      lull_player_stop_now (self);
      return;
    }

  /* The same slope as a full fade: a track still fading in fades out in
   * less time. */
  value = envelope_value_at (self->fade_source, now, 1.0);
  length = value * FADE_TIME;
  ramp (self->fade, &self->fade_source, now, 0.0, length);

  self->stopping = TRUE;
  g_mutex_lock (&self->lock);
  self->stop_at = now + length + STOP_TAIL;
  self->stop_scheduled = FALSE;
  g_mutex_unlock (&self->lock);
}

void
lull_player_stop_now (LullPlayer *self)
{
  g_return_if_fail (LULL_IS_PLAYER (self));

  drop_pipeline (self, GST_STATE_READY);
}

LullPlayerState
lull_player_get_state (LullPlayer *self)
{
  g_return_val_if_fail (LULL_IS_PLAYER (self), LULL_PLAYER_STATE_STOPPED);

  return self->state;
}

double
lull_player_get_volume (LullPlayer *self)
{
  g_return_val_if_fail (LULL_IS_PLAYER (self), 0.0);

  return self->volume;
}

void
lull_player_set_volume (LullPlayer *self,
                        double      volume)
{
  g_return_if_fail (LULL_IS_PLAYER (self));

  volume = CLAMP (volume, 0.0, 1.0);
  if (self->volume == volume)
    return;

  self->volume = volume;
  if (self->user_volume != NULL)
    g_object_set (self->user_volume, "volume", volume, NULL);
  if (self->cue_volume != NULL)
    g_object_set (self->cue_volume, "volume", volume, NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

gboolean
lull_player_get_muted (LullPlayer *self)
{
  g_return_val_if_fail (LULL_IS_PLAYER (self), FALSE);

  return self->muted;
}

void
lull_player_set_muted (LullPlayer *self,
                       gboolean    muted)
{
  g_return_if_fail (LULL_IS_PLAYER (self));

  muted = !!muted;
  if (self->muted == muted)
    return;

  self->muted = muted;
  if (self->user_volume != NULL)
    g_object_set (self->user_volume, "mute", muted, NULL);
  if (self->cue_volume != NULL)
    g_object_set (self->cue_volume, "mute", muted, NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

gint64
lull_player_get_position (LullPlayer *self)
{
  gint64 position;

  g_return_val_if_fail (LULL_IS_PLAYER (self), -1);

  if (self->state == LULL_PLAYER_STATE_STOPPED
      || !gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &position))
    return -1;

  return position;
}

gint64
lull_player_get_duration (LullPlayer *self)
{
  g_return_val_if_fail (LULL_IS_PLAYER (self), -1);

  return self->duration;
}

/**
 * lull_player_get_first_sample_time:
 *
 * When the current track's first sample reached the sink, on the
 * monotonic clock (tests/bench/sound_start.py measures up to it): the
 * moment itself, read on the streaming thread, not when "has-played" was
 * notified on the main thread.
 *
 * Returns: microseconds, or 0 when nothing has played since set_track()
 */
gint64
lull_player_get_first_sample_time (LullPlayer *self)
{
  gint64 time;

  g_return_val_if_fail (LULL_IS_PLAYER (self), 0);

  g_mutex_lock (&self->lock);
  time = self->first_sample_time;
  g_mutex_unlock (&self->lock);

  return time;
}

gboolean
lull_player_get_has_played (LullPlayer *self)
{
  g_return_val_if_fail (LULL_IS_PLAYER (self), FALSE);

  return self->has_played;
}

/**
 * lull_player_play_cue:
 * @self: a player
 * @file: a short sound
 *
 * Plays @file over the main track, which ducks under it. A cue still
 * ringing is cut short by the next one; the main track never is.
 */
void
lull_player_play_cue (LullPlayer *self,
                      GFile      *file)
{
  g_autofree char *uri = NULL;

  g_return_if_fail (LULL_IS_PLAYER (self));
  g_return_if_fail (G_IS_FILE (file));

  g_set_object (&self->cue_file, file);
  self->cue_error_reported = FALSE;
  self->cue_missing = MISSING_PLUGIN_NONE;

  if (!build_cue_pipeline (self))
    {
      report_cue_error (self, LULL_PLAYER_ERROR_FAILED);
      return;
    }

  cue_stop (self, GST_STATE_READY);

  uri = g_file_get_uri (file);
  g_object_set (self->cue_pipeline, "uri", uri, NULL);
  start_watch (self, &self->cue_preroll_watch, &self->cue_preroll_dead_looks,
               on_cue_preroll_watch_cb);

  if (gst_element_set_state (self->cue_pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    post_state_change_failed (self->cue_pipeline, self->cue_sink);
}
