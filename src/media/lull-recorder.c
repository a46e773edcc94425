/* lull-recorder.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/pbutils/pbutils.h>

#include "lull-media.h"
#include "lull-recorder.h"

/* Records a voice track (an imagery script read by a partner, the baby's
 * own sounds) from the microphone to Ogg/Opus:
 *
 *   source ! audioconvert ! audioresample ! level ! encodebin ! filesink
 *
 * The file is written under a hidden temporary name in the target folder
 * and only renamed to its real name once the muxer has written the last
 * Ogg page: a pipeline dropped without EOS leaves the encoder's and the
 * muxer's last half second unwritten and no end-of-stream page, so a
 * half-written recording must never look like a finished one. Stopping
 * therefore sends EOS and waits for it on the bus (never blocking the
 * main thread), with a timeout after which the recording is given up and
 * deleted.
 *
 * A name that is already taken is never overwritten: the recording gets
 * the first free name of "name-2.opus", "name-3.opus"…, and "finished"
 * hands over the file it was really saved as.
 *
 * cancel() and a dispose while recording stop at once, delete the
 * temporary file and emit no signal: whoever cancels knows it.
 *
 * The rename checks for an existing name and then renames (GIO's
 * g_file_move() without G_FILE_COPY_OVERWRITE), which also works on the
 * FAT-formatted portable folders where hard links do not. Both happen in
 * one main-thread call, and the data root is locked to one Lull process,
 * so nothing can take the name in between. */

#define FOLDER_MODE 0700
#define FILE_MODE 0600
#define TEMP_TEMPLATE ".recording-XXXXXX.opus.part"

/* The meter and elapsed time are refreshed 10 times a second. */
#define LEVEL_INTERVAL (100 * GST_MSECOND)
#define TICK_INTERVAL_MS 100

/* Speech sits between about -40 and -10 dBFS: the meter shows the last
 * 60 dB, so a quiet room reads near 0 and a voice clearly moves it. */
#define LEVEL_FLOOR_DB (-60.0)

/* The encoder and muxer need well under a second to drain after EOS; a
 * pipeline still silent after this long is stuck, and waiting longer only
 * leaves the person staring at a "Saving…" that never ends. */
#define EOS_TIMEOUT_SECONDS 5

/* Names tried before giving up: "name.opus" to "name-999.opus". */
#define MAX_NAME_TRIES 999

typedef enum
{
  STATE_IDLE,
  STATE_RECORDING,
  STATE_STOPPING,   /* EOS sent, waiting for it to reach the file */
} State;

struct _LullRecorder
{
  GObject     parent_instance;

  /* Owned; the pipeline also holds it once built. */
  GstElement *source;

  /* Built on the first start and reused; level and sink are owned by it. */
  GstElement *pipeline;
  GstBus     *bus;
  GstElement *level;
  GstElement *sink;

  State       state;
  GFile      *folder;
  char       *file_name;
  char       *temp_path;

  gint64      elapsed;
  double      level_value;
  guint       max_seconds;

  guint       tick_id;
  guint       eos_timeout_id;

  /* Written by the streaming thread, under the lock: whether the
   * stream's segment has passed the level element (see
   * lull_recorder_stop()), and how much sound has. */
  GMutex      stream_lock;
  gboolean    stream_started;
  gint64      recorded;
};

G_DEFINE_FINAL_TYPE (LullRecorder, lull_recorder, G_TYPE_OBJECT)

G_DEFINE_QUARK (lull-recorder-error-quark, lull_recorder_error)

enum {
  PROP_0,
  PROP_RECORDING,
  PROP_ELAPSED,
  PROP_LEVEL,
  PROP_MAX_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FINISHED,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean          bus_message_cb       (GstBus          *bus,
                                               GstMessage      *message,
                                               gpointer         user_data);
static GstPadProbeReturn stream_probe_cb      (GstPad          *pad,
                                               GstPadProbeInfo *info,
                                               gpointer         user_data);

static void
set_missing_element_error (GError     **error,
                           const char  *factory)
{
  g_set_error (error, LULL_RECORDER_ERROR, LULL_RECORDER_ERROR_FAILED,
               _("Lull cannot record because a part of GStreamer (“%s”) is missing. "
                 "Install the GStreamer base and good plugins, then try again."),
               factory);
}

/* One profile for the life of the process, never finalized: in
 * gst-plugins-base 1.22, GstEncodingProfile's finalize does not chain up
 * to GObject's, so every profile freed leaks its qdata (which GLib 2.74
 * allocates on the last unref) and the sanitizer build fails. Encodebin
 * only reads it. */
static GstEncodingProfile *
get_ogg_opus_profile (void)
{
  static GstEncodingProfile *profile;

  if (g_once_init_enter (&profile))
    {
      g_autoptr(GstCaps) container_caps = gst_caps_new_empty_simple ("audio/ogg");
      g_autoptr(GstCaps) audio_caps = gst_caps_new_empty_simple ("audio/x-opus");
      GstEncodingContainerProfile *container;

      container = gst_encoding_container_profile_new ("ogg-opus", NULL, container_caps, NULL);
      /* add_profile takes the audio profile's reference. */
      gst_encoding_container_profile_add_profile (container,
                                                  GST_ENCODING_PROFILE (gst_encoding_audio_profile_new (audio_caps, NULL, NULL, 0)));
      g_once_init_leave (&profile, GST_ENCODING_PROFILE (container));
    }

  return profile;
}

static gboolean
ensure_pipeline (LullRecorder  *self,
                 GError       **error)
{
  static const char * const factories[] = {
    "audioconvert", "audioresample", "level", "encodebin", "filesink",
  };
  GstElement *elements[G_N_ELEMENTS (factories)];
  const char *missing = NULL;
  g_autoptr(GstPad) encode_pad = NULL;
  g_autoptr(GstPad) level_pad = NULL;
  g_autoptr(GstPad) level_sink_pad = NULL;
  GstElement *pipeline;
  GstElement *convert;
  GstElement *resample;
  GstElement *level;
  GstElement *encode;
  GstElement *sink;

  if (self->pipeline != NULL)
    return TRUE;

  if (self->source == NULL)
    {
      GstElement *source = gst_element_factory_make ("autoaudiosrc", NULL);

      if (source == NULL)
        {
          set_missing_element_error (error, "autoaudiosrc");
          return FALSE;
        }
      self->source = gst_object_ref_sink (source);
    }

  /* Made one by one so that a missing plugin can be named. */
  for (guint i = 0; i < G_N_ELEMENTS (factories); i++)
    {
      elements[i] = gst_element_factory_make (factories[i], NULL);
      if (elements[i] == NULL && missing == NULL)
        missing = factories[i];
    }

  if (missing != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (factories); i++)
        if (elements[i] != NULL)
          gst_object_unref (gst_object_ref_sink (elements[i]));
      set_missing_element_error (error, missing);
      return FALSE;
    }

  convert = elements[0];
  resample = elements[1];
  level = elements[2];
  encode = elements[3];
  sink = elements[4];

  pipeline = gst_pipeline_new ("lull-recorder");
  gst_bin_add_many (GST_BIN (pipeline), self->source, convert, resample, level, encode, sink, NULL);

  g_object_set (level,
                "interval", (guint64) LEVEL_INTERVAL,
                "post-messages", TRUE,
                NULL);
  g_object_set (encode, "profile", get_ogg_opus_profile (), NULL);

  if (!gst_element_link_many (self->source, convert, resample, level, NULL) ||
      !gst_element_link (encode, sink))
    {
      gst_object_unref (gst_object_ref_sink (pipeline));
      g_set_error_literal (error, LULL_RECORDER_ERROR, LULL_RECORDER_ERROR_FAILED,
                           _("The recording could not be made and was not kept. Please try again."));
      return FALSE;
    }

  /* encodebin gives no pad for the profile when the Opus encoder or the
   * Ogg muxer is missing. gst_element_link() would not ask for one. */
  encode_pad = gst_element_request_pad_simple (encode, "audio_%u");
  level_pad = gst_element_get_static_pad (level, "src");
  if (encode_pad == NULL || gst_pad_link (level_pad, encode_pad) != GST_PAD_LINK_OK)
    {
      gst_object_unref (gst_object_ref_sink (pipeline));
      set_missing_element_error (error, "opusenc, oggmux");
      return FALSE;
    }

  level_sink_pad = gst_element_get_static_pad (level, "sink");
  gst_pad_add_probe (level_sink_pad,
                     GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM | GST_PAD_PROBE_TYPE_BUFFER,
                     stream_probe_cb, self, NULL);

  self->pipeline = gst_object_ref_sink (pipeline);
  self->level = level;
  self->sink = sink;
  self->bus = gst_element_get_bus (pipeline);
  gst_bus_add_watch (self->bus, bus_message_cb, self);

  return TRUE;
}

static void
set_level (LullRecorder *self,
           double        level)
{
  if (self->level_value == level)
    return;

  self->level_value = level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
}

static void
set_elapsed (LullRecorder *self,
             gint64        elapsed)
{
  if (self->elapsed == elapsed)
    return;

  self->elapsed = elapsed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELAPSED]);
}

/* Drops the pipeline to NULL, which joins its streaming threads, then
 * throws away what they posted: a late error or level message from this
 * recording must not reach the next one. */
static void
stop_pipeline (LullRecorder *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->eos_timeout_id, g_source_remove);

  if (self->pipeline == NULL)
    return;

  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_bus_set_flushing (self->bus, TRUE);
  gst_bus_set_flushing (self->bus, FALSE);
}

static void
delete_temp_file (LullRecorder *self)
{
  if (self->temp_path == NULL)
    return;

  if (g_unlink (self->temp_path) != 0 && errno != ENOENT)
    g_debug ("Could not delete %s: %s", self->temp_path, g_strerror (errno));

  g_clear_pointer (&self->temp_path, g_free);
}

/* Everything a recording holds, released without a word to anyone:
 * callers notify and emit once the recorder is ready to start again. */
static void
abandon_recording (LullRecorder *self)
{
  stop_pipeline (self);
  delete_temp_file (self);
  g_clear_object (&self->folder);
  g_clear_pointer (&self->file_name, g_free);
  self->state = STATE_IDLE;
}

static void
notify_idle (LullRecorder *self)
{
  set_level (self, 0.0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
}

static void
fail (LullRecorder *self,
      GError       *error)
{
  g_debug ("Recording failed: %s", error->message);

  abandon_recording (self);
  notify_idle (self);
  g_signal_emit (self, signals[FAILED], 0, error);
}

static void
set_write_error (GError **error,
                 GFile   *folder)
{
  g_autofree char *name = g_file_get_parse_name (folder);

  g_set_error (error, LULL_RECORDER_ERROR, LULL_RECORDER_ERROR_WRITE,
               _("Lull cannot save the recording in “%s”. "
                 "Check that the disk has free space and can be written to, then try again."),
               name);
}

static gboolean
is_plain_file_name (const char *name)
{
  return name != NULL &&
         *name != '\0' &&
         *name != '.' &&
         strchr (name, G_DIR_SEPARATOR) == NULL &&
         g_utf8_validate (name, -1, NULL);
}

/* The temporary file, private from the first byte. */
static gboolean
create_temp_file (LullRecorder  *self,
                  GError       **error)
{
  g_autofree char *folder_path = g_file_get_path (self->folder);
  g_autofree char *temp_path = NULL;
  int fd;

  if (folder_path == NULL || g_mkdir_with_parents (folder_path, FOLDER_MODE) != 0)
    {
      g_debug ("Could not create the recordings folder: %s", g_strerror (errno));
      set_write_error (error, self->folder);
      return FALSE;
    }

  temp_path = g_build_filename (folder_path, TEMP_TEMPLATE, NULL);
  fd = g_mkstemp_full (temp_path, O_RDWR | O_CLOEXEC, FILE_MODE);
  if (fd < 0)
    {
      g_debug ("Could not create a file in %s: %s", folder_path, g_strerror (errno));
      set_write_error (error, self->folder);
      return FALSE;
    }

  /* The umask may have taken more than 0600 allows for. */
  if (fchmod (fd, FILE_MODE) != 0)
    g_debug ("Could not make %s private: %s", temp_path, g_strerror (errno));
  close (fd);

  self->temp_path = g_steal_pointer (&temp_path);
  return TRUE;
}

static gboolean
comes_from (GstMessage *message,
            GstElement *element)
{
  GstObject *src = GST_MESSAGE_SRC (message);

  return element != NULL &&
         src != NULL &&
         (src == GST_OBJECT (element) ||
          gst_object_has_as_ancestor (src, GST_OBJECT (element)));
}

/* An error, or a warning that means the same, from the pipeline as the
 * recorder's own error; NULL for messages that do not stop a recording.
 * autoaudiosrc that finds no working device does not fail: it posts the
 * first device's error as a RESOURCE warning and records silence from a
 * fake source, which a person would only notice after the fact. */
static GError *
error_from_message (LullRecorder *self,
                    GstMessage   *message)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;
  GError *error = NULL;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      gst_message_parse_error (message, &gst_error, &debug);
      break;

    case GST_MESSAGE_WARNING:
      /* Only autoaudiosrc's, which comes while the device is opened. */
      if (self->state != STATE_IDLE || !comes_from (message, self->source))
        return NULL;
      gst_message_parse_warning (message, &gst_error, &debug);
      if (gst_error->domain != GST_RESOURCE_ERROR)
        {
          g_debug ("Recorder source warning: %s", gst_error->message);
          return NULL;
        }
      break;

    default:
      return NULL;
    }

  g_debug ("Recorder pipeline: %s (%s)", gst_error->message, debug ? debug : "");

  if (comes_from (message, self->source))
    {
      if (self->state == STATE_IDLE)
        g_set_error_literal (&error, LULL_RECORDER_ERROR, LULL_RECORDER_ERROR_NO_MICROPHONE,
                             _("Lull cannot hear a microphone. "
                               "Check that one is plugged in and allowed, then try again."));
      else
        g_set_error_literal (&error, LULL_RECORDER_ERROR, LULL_RECORDER_ERROR_NO_MICROPHONE,
                             _("The microphone stopped working, so the recording was not kept. "
                               "Check that it is plugged in and allowed, then record again."));
    }
  else if (comes_from (message, self->sink))
    {
      set_write_error (&error, self->folder);
    }
  else
    {
      g_set_error_literal (&error, LULL_RECORDER_ERROR, LULL_RECORDER_ERROR_FAILED,
                           _("The recording could not be made and was not kept. Please try again."));
    }

  return error;
}

static GFile *
move_into_place (LullRecorder  *self,
                 GError       **error)
{
  g_autoptr(GFile) temp = g_file_new_for_path (self->temp_path);
  g_autofree char *stem = NULL;
  const char *dot = strrchr (self->file_name, '.');
  const char *extension;

  /* "night.opus" → "night-2.opus"; a leading dot is not an extension. */
  if (dot != NULL && dot != self->file_name)
    {
      stem = g_strndup (self->file_name, dot - self->file_name);
      extension = dot;
    }
  else
    {
      stem = g_strdup (self->file_name);
      extension = "";
    }

  for (guint n = 1; n <= MAX_NAME_TRIES; n++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GFile) target = NULL;
      g_autoptr(GError) local_error = NULL;

      name = n == 1 ? g_strdup (self->file_name) : g_strdup_printf ("%s-%u%s", stem, n, extension);
      target = g_file_get_child (self->folder, name);

      if (g_file_move (temp, target, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL, &local_error))
        return g_steal_pointer (&target);

      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_debug ("Could not rename %s to %s: %s", self->temp_path, name, local_error->message);
          break;
        }
    }

  set_write_error (error, self->folder);
  return NULL;
}

static void
finish (LullRecorder *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  /* NULL closes the file sink, so everything is on disk before the
   * rename. */
  stop_pipeline (self);

  file = move_into_place (self, &error);
  if (file == NULL)
    {
      fail (self, error);
      return;
    }

  g_clear_pointer (&self->temp_path, g_free);
  abandon_recording (self);
  notify_idle (self);
  g_signal_emit (self, signals[FINISHED], 0, file);
}

static void
update_level (LullRecorder       *self,
              const GstStructure *structure)
{
  const GValue *value = gst_structure_get_value (structure, "peak");
  const GValueArray *peaks;
  double loudest = -G_MAXDOUBLE;

  /* level posts a GValueArray, one value per channel. */
  if (value == NULL || !G_VALUE_HOLDS_BOXED (value))
    return;
  peaks = g_value_get_boxed (value);
  if (peaks == NULL)
    return;

  for (guint i = 0; i < peaks->n_values; i++)
    {
      const GValue *channel = &peaks->values[i];

      if (G_VALUE_HOLDS_DOUBLE (channel))
        loudest = MAX (loudest, g_value_get_double (channel));
    }

  /* Digital silence is -inf dB. */
  if (!isfinite (loudest))
    loudest = LEVEL_FLOOR_DB;

  set_level (self, CLAMP ((loudest - LEVEL_FLOOR_DB) / -LEVEL_FLOOR_DB, 0.0, 1.0));
}

/* The sound that has gone to the encoder, which is what the file will
 * hold. The pipeline's running time would run ahead of it while the
 * pipeline starts (loading the encoder, opening the device) and while a
 * device is late, so a recording stopped "at 1:30" would be shorter; the
 * position query would lag by the muxer's pages (two seconds at first). */
static gint64
query_elapsed (LullRecorder *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->stream_lock);

  return self->recorded;
}

static void
reset_stream (LullRecorder *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->stream_lock);

  self->stream_started = FALSE;
  self->recorded = 0;
}

static gboolean
get_stream_started (LullRecorder *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->stream_lock);

  return self->stream_started;
}

static void
lull_recorder_dispose (GObject *object)
{
  LullRecorder *self = (LullRecorder *)object;

  /* A recorder dropped while recording cancels: no file, no signal. */
  if (self->state != STATE_IDLE)
    abandon_recording (self);

  if (self->bus != NULL)
    {
      gst_bus_remove_watch (self->bus);
      gst_bus_set_flushing (self->bus, TRUE);
    }
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);

  self->level = NULL;
  self->sink = NULL;
  gst_clear_object (&self->bus);
  gst_clear_object (&self->pipeline);
  gst_clear_object (&self->source);

  G_OBJECT_CLASS (lull_recorder_parent_class)->dispose (object);
}

static void
lull_recorder_finalize (GObject *object)
{
  LullRecorder *self = (LullRecorder *)object;

  g_mutex_clear (&self->stream_lock);

  G_OBJECT_CLASS (lull_recorder_parent_class)->finalize (object);
}

static void
lull_recorder_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LullRecorder *self = LULL_RECORDER (object);

  switch (prop_id)
    {
    case PROP_RECORDING:
      g_value_set_boolean (value, lull_recorder_get_recording (self));
      break;

    case PROP_ELAPSED:
      g_value_set_int64 (value, lull_recorder_get_elapsed (self));
      break;

    case PROP_LEVEL:
      g_value_set_double (value, lull_recorder_get_level (self));
      break;

    case PROP_MAX_SECONDS:
      g_value_set_uint (value, lull_recorder_get_max_seconds (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_recorder_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LullRecorder *self = LULL_RECORDER (object);

  switch (prop_id)
    {
    case PROP_MAX_SECONDS:
      lull_recorder_set_max_seconds (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_recorder_class_init (LullRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lull_recorder_dispose;
  object_class->finalize = lull_recorder_finalize;
  object_class->get_property = lull_recorder_get_property;
  object_class->set_property = lull_recorder_set_property;

  /**
   * LullRecorder:recording:
   *
   * TRUE from a successful start until "finished" or "failed" (so also
   * while the end of the file is being written after a stop), or a
   * cancel.
   */
  properties[PROP_RECORDING] =
    g_param_spec_boolean ("recording", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LullRecorder:elapsed:
   *
   * Nanoseconds of sound recorded (what the file will hold, which can
   * be less than the time since the start when the device is slow to
   * begin), notified about 10 times a second while recording; it keeps
   * its last value after a stop until the next start.
   */
  properties[PROP_ELAPSED] =
    g_param_spec_int64 ("elapsed", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LullRecorder:level:
   *
   * The live peak level, 0 (silence, or -60 dBFS and below) to 1 (full
   * scale), for a GtkLevelBar; 0 when not recording.
   */
  properties[PROP_LEVEL] =
    g_param_spec_double ("level", NULL, NULL,
                         0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LullRecorder:max-seconds:
   *
   * The recorder stops by itself, as stop() does, when this much has been
   * recorded.
   */
  properties[PROP_MAX_SECONDS] =
    g_param_spec_uint ("max-seconds", NULL, NULL,
                       1, G_MAXUINT, LULL_RECORDER_MAX_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LullRecorder::finished:
   * @file: the recording, in its folder under its final name
   *
   * The recording is complete and in place. @file is named as asked, or
   * "name-2.opus", "name-3.opus"… if that name was taken.
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_FILE);

  /**
   * LullRecorder::failed:
   * @error: a #LULL_RECORDER_ERROR, a sentence for the person recording
   *
   * The recording stopped and nothing was kept (the temporary file is
   * already deleted).
   */
  signals[FAILED] =
    g_signal_new ("failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
lull_recorder_init (LullRecorder *self)
{
  self->max_seconds = LULL_RECORDER_MAX_SECONDS;
  g_mutex_init (&self->stream_lock);
}

static gboolean
bus_message_cb (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  /* A "finished" or "failed" handler may drop the last reference. */
  g_autoptr(LullRecorder) self = g_object_ref (LULL_RECORDER (user_data));
  g_autoptr(GError) error = NULL;

  if (self->state == STATE_IDLE)
    return G_SOURCE_CONTINUE;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      /* After stop(), or a source that ended by itself. */
      finish (self);
      break;

    case GST_MESSAGE_ERROR:
    case GST_MESSAGE_WARNING:
      error = error_from_message (self, message);
      if (error != NULL)
        fail (self, error);
      break;

    case GST_MESSAGE_ELEMENT:
      if (self->state == STATE_RECORDING &&
          GST_MESSAGE_SRC (message) == GST_OBJECT (self->level) &&
          gst_message_has_name (message, "level"))
        update_level (self, gst_message_get_structure (message));
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/* Counts the sound going to the encoder, and notes when the stream
 * really starts. It also keeps an EOS that comes before the stream's
 * segment away from level: a source that fails before its first buffer
 * (a sound server gone while the device starts) pushes EOS without a
 * segment, and level 1.22 then reads an undefined segment (a critical).
 * The source's error ends the recording anyway.
 *
 * Runs in the streaming thread; the pipeline is stopped before the
 * recorder goes away, so self outlives every call. */
static GstPadProbeReturn
stream_probe_cb (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  LullRecorder *self = user_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->stream_lock);

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    {
      GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

      /* audioresample, just upstream, always sets it. */
      if (GST_BUFFER_DURATION_IS_VALID (buffer))
        self->recorded += GST_BUFFER_DURATION (buffer);

      return GST_PAD_PROBE_OK;
    }

  switch (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)))
    {
    case GST_EVENT_SEGMENT:
      self->stream_started = TRUE;
      return GST_PAD_PROBE_OK;

    case GST_EVENT_EOS:
      return self->stream_started ? GST_PAD_PROBE_OK : GST_PAD_PROBE_DROP;

    default:
      return GST_PAD_PROBE_OK;
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  g_autoptr(LullRecorder) self = g_object_ref (LULL_RECORDER (user_data));

  set_elapsed (self, query_elapsed (self));

  /* A notify handler may have stopped or cancelled already. Sources are
   * only ever removed by id, so this one may return CONTINUE even after
   * it was removed. */
  if (self->state == STATE_RECORDING &&
      self->elapsed >= (gint64) self->max_seconds * GST_SECOND)
    lull_recorder_stop (self);

  return G_SOURCE_CONTINUE;
}

static gboolean
eos_timeout_cb (gpointer user_data)
{
  g_autoptr(LullRecorder) self = g_object_ref (LULL_RECORDER (user_data));
  g_autoptr(GError) error = NULL;

  self->eos_timeout_id = 0;

  g_set_error_literal (&error, LULL_RECORDER_ERROR, LULL_RECORDER_ERROR_FAILED,
                       _("The recording could not be finished in time and was not kept. "
                         "Please try again."));
  fail (self, error);

  return G_SOURCE_REMOVE;
}

/**
 * lull_recorder_new:
 * @audio_source: (nullable) (transfer floating): the element to record
 *   from, or %NULL for autoaudiosrc
 *
 * Returns: (transfer full): a new recorder
 */
LullRecorder *
lull_recorder_new (GstElement *audio_source)
{
  LullRecorder *self;

  g_return_val_if_fail (audio_source == NULL || GST_IS_ELEMENT (audio_source), NULL);

  self = g_object_new (LULL_TYPE_RECORDER, NULL);
  if (audio_source != NULL)
    self->source = gst_object_ref_sink (audio_source);

  return self;
}

gboolean
lull_recorder_get_recording (LullRecorder *self)
{
  g_return_val_if_fail (LULL_IS_RECORDER (self), FALSE);

  return self->state != STATE_IDLE;
}

gint64
lull_recorder_get_elapsed (LullRecorder *self)
{
  g_return_val_if_fail (LULL_IS_RECORDER (self), 0);

  return self->elapsed;
}

double
lull_recorder_get_level (LullRecorder *self)
{
  g_return_val_if_fail (LULL_IS_RECORDER (self), 0.0);

  return self->level_value;
}

guint
lull_recorder_get_max_seconds (LullRecorder *self)
{
  g_return_val_if_fail (LULL_IS_RECORDER (self), 0);

  return self->max_seconds;
}

/**
 * lull_recorder_set_max_seconds:
 *
 * Takes effect at once, also during a recording: one already longer than
 * @seconds stops at the next tick.
 */
void
lull_recorder_set_max_seconds (LullRecorder *self,
                               guint         seconds)
{
  g_return_if_fail (LULL_IS_RECORDER (self));
  g_return_if_fail (seconds > 0);

  if (self->max_seconds == seconds)
    return;

  self->max_seconds = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_SECONDS]);
}

/**
 * lull_recorder_start:
 * @folder: the recordings folder, created 0700 if missing
 * @file_name: a plain file name (no folder, not hidden), such as
 *   "lullaby.opus"
 *
 * Starting while already recording (or still saving after a stop) is a
 * programming error: a critical, and FALSE with no error set.
 *
 * Returns: TRUE if recording started
 */
gboolean
lull_recorder_start (LullRecorder  *self,
                     GFile         *folder,
                     const char    *file_name,
                     GError       **error)
{
  g_autoptr(GError) start_error = NULL;
  GstStateChangeReturn ret;
  GstMessage *message;

  g_return_val_if_fail (LULL_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);
  g_return_val_if_fail (is_plain_file_name (file_name), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (self->state == STATE_IDLE, FALSE);

  if (!lull_media_init (&start_error))
    {
      g_debug ("GStreamer did not start: %s", start_error->message);
      g_set_error_literal (error, LULL_RECORDER_ERROR, LULL_RECORDER_ERROR_FAILED,
                           _("Lull cannot record because GStreamer did not start. "
                             "Reinstall Lull, then try again."));
      return FALSE;
    }

  if (!ensure_pipeline (self, error))
    return FALSE;

  self->folder = g_object_ref (folder);
  self->file_name = g_strdup (file_name);

  if (!create_temp_file (self, error))
    {
      abandon_recording (self);
      return FALSE;
    }

  g_object_set (self->sink, "location", self->temp_path, NULL);
  reset_stream (self);

  /* Devices are opened inside set_state: a source that cannot open posts
   * its error (or autoaudiosrc its warning) before this returns, so it can
   * be answered here. Anything later arrives through the bus watch. */
  ret = gst_element_set_state (self->pipeline, GST_STATE_PLAYING);

  while (start_error == NULL &&
         (message = gst_bus_pop_filtered (self->bus, GST_MESSAGE_ERROR | GST_MESSAGE_WARNING)) != NULL)
    {
      start_error = error_from_message (self, message);
      gst_message_unref (message);
    }

  if (start_error == NULL && ret == GST_STATE_CHANGE_FAILURE)
    g_set_error_literal (&start_error, LULL_RECORDER_ERROR, LULL_RECORDER_ERROR_FAILED,
                         _("The recording could not be made and was not kept. Please try again."));

  if (start_error != NULL)
    {
      abandon_recording (self);
      g_propagate_error (error, g_steal_pointer (&start_error));
      return FALSE;
    }

  self->state = STATE_RECORDING;
  self->tick_id = g_timeout_add (TICK_INTERVAL_MS, tick_cb, self);

  set_elapsed (self, 0);
  set_level (self, 0.0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);

  return TRUE;
}

/**
 * lull_recorder_stop:
 *
 * Does nothing unless recording (a second stop while saving is harmless).
 * Stopped before any sound came in, "failed" is emitted at once, from
 * inside this call; otherwise "finished" or "failed" follows from the
 * main loop once the file is complete (a few seconds at most).
 */
void
lull_recorder_stop (LullRecorder *self)
{
  g_return_if_fail (LULL_IS_RECORDER (self));

  if (self->state != STATE_RECORDING)
    return;

  /* Stopped before the first buffer: a live source would end its stream
   * with an EOS and no segment, which the probe keeps from level, so no
   * EOS would ever reach the bus. Nothing was recorded; say so now. Once
   * the segment has passed, EOS follows it in the same streaming thread,
   * so this check cannot race. */
  if (!get_stream_started (self))
    {
      g_autoptr(GError) error = NULL;

      g_set_error_literal (&error, LULL_RECORDER_ERROR, LULL_RECORDER_ERROR_FAILED,
                           _("The recording was stopped before any sound came in, "
                             "so there is nothing to keep."));
      fail (self, error);
      return;
    }

  self->state = STATE_STOPPING;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  set_level (self, 0.0);

  self->eos_timeout_id = g_timeout_add_seconds (EOS_TIMEOUT_SECONDS, eos_timeout_cb, self);

  /* The pipeline hands EOS to its sources; a live source ends its stream
   * after the buffer it is capturing, and the muxer then writes the last
   * page. The EOS message follows on the bus. */
  if (!gst_element_send_event (self->pipeline, gst_event_new_eos ()))
    g_debug ("The recording source refused EOS; waiting for the timeout");
}

/**
 * lull_recorder_cancel:
 *
 * Stops at once and deletes what was recorded. Neither "finished" nor
 * "failed" follows; "recording" becomes FALSE. Does nothing when idle.
 */
void
lull_recorder_cancel (LullRecorder *self)
{
  g_return_if_fail (LULL_IS_RECORDER (self));

  if (self->state == STATE_IDLE)
    return;

  abandon_recording (self);
  notify_idle (self);
}
