/* test-photo-import.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "lull-data-root.h"
#include "lull-media.h"
#include "lull-photo-import.h"
#include "lull-test-util.h"
#include "media-test-util.h"

/* Every picture and clip is made here, in a scratch folder: JPEGs and
 * PNGs with GdkPixbuf or by hand (EXIF orientations, PNG chunks and
 * headers that claim huge sizes are written byte by byte), clips with
 * GStreamer pipelines. ImageMagick (CMYK, progressive, GIF), heif-enc,
 * exiftool and ffmpeg make the rest where they are installed; a test
 * that needs a missing one is skipped. Imports are checked by what the
 * imported file holds: its pixels (a red mark top left, a green one top
 * right, blue elsewhere, so that every turn and mirror shows), its size,
 * its format and its metadata. */

#define DEADLINE_SECONDS 600
/* JPEG changes colours a little. */
#define COLOUR_SLACK     70
#define MANY_FILES       5000

typedef struct
{
  LullTestDataRoot  data;
  char             *photos;
  char             *sources;
} Fixture;

typedef struct
{
  guint8 r, g, b;
} Colour;

static const Colour red = { 255, 0, 0 };
static const Colour green = { 0, 255, 0 };
static const Colour blue = { 0, 0, 255 };

static GThread *main_thread;

/* Helpers: files */

static void
make_folder (const char *path)
{
  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
}

static char *
source_path (Fixture    *fixture,
             const char *name)
{
  return g_build_filename (fixture->sources, name, NULL);
}

static char *
photo_path (Fixture    *fixture,
            const char *id)
{
  return g_build_filename (fixture->photos, id, NULL);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static void
write_bytes (const char *path,
             const void *data,
             gsize       length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

/* Keeps the first @length bytes of @path. */
static void
cut_file (const char *path,
          gsize       length)
{
  g_assert_cmpint (truncate (path, length), ==, 0);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GBytes) bytes = read_bytes (from);

  write_bytes (to, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static gsize
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);

  return st.st_size;
}

static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

/* Runs a program that must succeed; returns its standard output. */
static char *
run_program (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);

  return out;
}

static gboolean
bytes_contain (GBytes     *bytes,
               const void *needle,
               gsize       length)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  for (gsize i = 0; i + length <= size; i++)
    {
      if (memcmp (data + i, needle, length) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Helpers: pictures */

/* The picture as it should look: blue, a red mark top left and a green
 * one top right. */
static Colour
upright_colour (int x,
                int y,
                int width,
                int height)
{
  if (y < height / 4 && x < width / 4)
    return red;
  if (y < height / 4 && x >= width - width / 4)
    return green;
  return blue;
}

static void
put_pixel (GdkPixbuf *pixbuf,
           int        x,
           int        y,
           Colour     colour)
{
  guint8 *p = gdk_pixbuf_get_pixels (pixbuf) + (gsize)y * gdk_pixbuf_get_rowstride (pixbuf)
              + (gsize)x * gdk_pixbuf_get_n_channels (pixbuf);

  p[0] = colour.r;
  p[1] = colour.g;
  p[2] = colour.b;
  if (gdk_pixbuf_get_has_alpha (pixbuf))
    p[3] = 0xff;
}

/* The stored pixels of a picture that looks upright once turned by EXIF
 * @orientation, from the meaning of each value in the EXIF standard:
 * where the stored picture's first row and first column end up. */
static GdkPixbuf *
make_stored (int width,
             int height,
             int orientation)
{
  gboolean turned = orientation >= 5;
  GdkPixbuf *stored = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8,
                                      turned ? height : width, turned ? width : height);

  for (int y = 0; y < height; y++)
    {
      for (int x = 0; x < width; x++)
        {
          int sx, sy;

          switch (orientation)
            {
            case 1: sx = x; sy = y; break;
            case 2: sx = width - 1 - x; sy = y; break;
            case 3: sx = width - 1 - x; sy = height - 1 - y; break;
            case 4: sx = x; sy = height - 1 - y; break;
            /* Row 0 on the left, column 0 at the top. */
            case 5: sx = y; sy = x; break;
            /* Row 0 on the right, column 0 at the top. */
            case 6: sx = y; sy = width - 1 - x; break;
            /* Row 0 on the right, column 0 at the bottom. */
            case 7: sx = height - 1 - y; sy = width - 1 - x; break;
            /* Row 0 on the left, column 0 at the bottom. */
            case 8: sx = height - 1 - y; sy = x; break;
            default: g_assert_not_reached ();
            }
          put_pixel (stored, sx, sy, upright_colour (x, y, width, height));
        }
    }

  return stored;
}

static GdkPixbuf *
make_upright (int width,
              int height)
{
  return make_stored (width, height, 1);
}

static gboolean
can_write_webp (void)
{
  GSList *formats = gdk_pixbuf_get_formats ();
  gboolean writable = FALSE;

  for (GSList *l = formats; l != NULL; l = l->next)
    {
      g_autofree char *name = gdk_pixbuf_format_get_name (l->data);

      if (g_str_equal (name, "webp"))
        writable = gdk_pixbuf_format_is_writable (l->data);
    }
  g_slist_free (formats);

  return writable;
}

static void
save_pixbuf (GdkPixbuf  *pixbuf,
             const char *path,
             const char *type)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (type, "jpeg"))
    gdk_pixbuf_save (pixbuf, path, type, &error, "quality", "95", NULL);
  else
    gdk_pixbuf_save (pixbuf, path, type, &error, NULL);
  g_assert_no_error (error);
}

/* Noise compresses badly, so the file is large enough to cut. */
static GdkPixbuf *
make_noise (int      width,
            int      height,
            gboolean alpha)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  gsize length = (gsize)gdk_pixbuf_get_rowstride (pixbuf) * height;

  for (gsize i = 0; i < length; i++)
    pixels[i] = g_rand_int_range (rand, 0, 256);

  return pixbuf;
}

/* A JPEG whose EXIF says @orientation: an APP1 segment right after the
 * start of image, with one TIFF entry (0x0112, a SHORT), big-endian. */
static void
write_oriented_jpeg (const char *path,
                     GdkPixbuf  *stored,
                     int         orientation)
{
  static const guint8 exif_head[] = {
    0xff, 0xe1, 0x00, 34,
    'E', 'x', 'i', 'f', 0, 0,
    'M', 'M', 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x01,
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01,
  };
  g_autoptr(GByteArray) jpeg = g_byte_array_new ();
  g_autoptr(GBytes) plain = NULL;
  const guint8 *data;
  gsize length;
  guint8 tail[8] = { 0x00, orientation, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 };

  save_pixbuf (stored, path, "jpeg");
  plain = read_bytes (path);
  data = g_bytes_get_data (plain, &length);
  g_assert_true (data[0] == 0xff && data[1] == 0xd8);

  g_byte_array_append (jpeg, data, 2);
  g_byte_array_append (jpeg, exif_head, sizeof exif_head);
  g_byte_array_append (jpeg, tail, sizeof tail);
  g_byte_array_append (jpeg, data + 2, length - 2);
  write_bytes (path, jpeg->data, jpeg->len);
}

static gboolean
colour_near (const guint8 *pixel,
             Colour        colour)
{
  return ABS ((int)pixel[0] - colour.r) < COLOUR_SLACK
         && ABS ((int)pixel[1] - colour.g) < COLOUR_SLACK
         && ABS ((int)pixel[2] - colour.b) < COLOUR_SLACK;
}

static void
assert_colour_at (GdkPixbuf  *pixbuf,
                  int         x,
                  int         y,
                  Colour      colour,
                  const char *where)
{
  const guint8 *p = gdk_pixbuf_read_pixels (pixbuf) + (gsize)y * gdk_pixbuf_get_rowstride (pixbuf)
                    + (gsize)x * gdk_pixbuf_get_n_channels (pixbuf);

  if (!colour_near (p, colour))
    g_error ("%s at %d,%d is %u,%u,%u, not %u,%u,%u", where, x, y, p[0], p[1], p[2],
             colour.r, colour.g, colour.b);
}

/* The file at @path is a picture of @width × @height (±1 for rounding)
 * that looks as upright_colour() says. */
static void
assert_upright (const char *path,
                int         width,
                int         height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (path, &error);
  int w, h;

  g_assert_no_error (error);
  w = gdk_pixbuf_get_width (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);
  g_assert_cmpint (ABS (w - width), <=, 1);
  g_assert_cmpint (ABS (h - height), <=, 1);

  assert_colour_at (pixbuf, w / 8, h / 8, red, "top left");
  assert_colour_at (pixbuf, w - 1 - w / 8, h / 8, green, "top right");
  assert_colour_at (pixbuf, w / 8, h - 1 - h / 8, blue, "bottom left");
  assert_colour_at (pixbuf, w - 1 - w / 8, h - 1 - h / 8, blue, "bottom right");
}

static void
assert_format (const char *path,
               const char *format)
{
  GdkPixbufFormat *found = gdk_pixbuf_get_file_info (path, NULL, NULL);
  g_autofree char *name = NULL;

  g_assert_nonnull (found);
  name = gdk_pixbuf_format_get_name (found);
  g_assert_cmpstr (name, ==, format);
}

/* PNGs by hand: any size in the header, chunks left out. */

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         length)
{
  crc = ~crc;
  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
    }

  return ~crc;
}

static void
append_be32 (GByteArray *array,
             guint32     value)
{
  guint8 bytes[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (array, bytes, 4);
}

static void
append_chunk (GByteArray   *png,
              const char   *type,
              const guint8 *data,
              gsize         length)
{
  guint32 crc = crc32_update (0, (const guint8 *)type, 4);

  crc = crc32_update (crc, data, length);
  append_be32 (png, length);
  g_byte_array_append (png, (const guint8 *)type, 4);
  g_byte_array_append (png, data, length);
  append_be32 (png, crc);
}

static GBytes *
deflate_bytes (const guint8 *data,
               gsize         length)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 6);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (out, data, length, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* A PNG whose header says @width × @height, @depth bits, colour type
 * @colour_type, holding @rows (each with its filter byte) as given. */
static void
write_png (const char   *path,
           guint32       width,
           guint32       height,
           guint8        depth,
           guint8        colour_type,
           const guint8 *rows,
           gsize         rows_length)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GByteArray) header = g_byte_array_new ();
  g_autoptr(GBytes) compressed = deflate_bytes (rows, rows_length);
  guint8 rest[5] = { depth, colour_type, 0, 0, 0 };
  gsize compressed_length;
  const guint8 *compressed_data = g_bytes_get_data (compressed, &compressed_length);

  append_be32 (header, width);
  append_be32 (header, height);
  g_byte_array_append (header, rest, sizeof rest);

  g_byte_array_append (png, signature, sizeof signature);
  append_chunk (png, "IHDR", header->data, header->len);
  append_chunk (png, "IDAT", compressed_data, compressed_length);
  append_chunk (png, "IEND", NULL, 0);
  write_bytes (path, png->data, png->len);
}

/* The upright picture as a 16-bit RGB PNG; the low bytes vary, so the
 * file really needs its 16 bits. */
static void
write_deep_png (const char *path,
                int         width,
                int         height)
{
  gsize row_length = 1 + (gsize)width * 6;
  g_autofree guint8 *rows = g_malloc0 (row_length * height);

  for (int y = 0; y < height; y++)
    {
      guint8 *row = rows + row_length * y;

      for (int x = 0; x < width; x++)
        {
          Colour c = upright_colour (x, y, width, height);
          guint8 *p = row + 1 + x * 6;

          p[0] = c.r; p[1] = (guint8)(x * 7);
          p[2] = c.g; p[3] = (guint8)(y * 5);
          p[4] = c.b; p[5] = (guint8)(x + y);
        }
    }

  write_png (path, width, height, 16, 2, rows, row_length * height);
}

/* The sizes files claim */

static void
write_png_claiming (const char *path,
                    guint32     width,
                    guint32     height)
{
  guint8 rows[64] = { 0, };

  write_png (path, width, height, 8, 2, rows, sizeof rows);
}

/* A JPEG whose frame header says @width × @height over a small picture. */
static void
write_jpeg_claiming (const char *path,
                     guint16     width,
                     guint16     height)
{
  g_autoptr(GdkPixbuf) pixbuf = make_upright (32, 24);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree guint8 *data = NULL;
  gsize length, i = 2;

  save_pixbuf (pixbuf, path, "jpeg");
  bytes = read_bytes (path);
  data = g_memdup2 (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  length = g_bytes_get_size (bytes);

  for (;;)
    {
      g_assert_cmpuint (i + 9, <, length);
      g_assert_cmpuint (data[i], ==, 0xff);
      if (data[i + 1] == 0xc0 || data[i + 1] == 0xc2)
        {
          data[i + 5] = height >> 8; data[i + 6] = height & 0xff;
          data[i + 7] = width >> 8; data[i + 8] = width & 0xff;
          break;
        }
      i += 2 + (data[i + 2] << 8 | data[i + 3]);
    }

  write_bytes (path, data, length);
}

/* A GIF whose screen and one image say @width × @height. */
static void
write_gif_claiming (const char *path,
                    guint16     width,
                    guint16     height)
{
  const guint8 gif[] = {
    'G', 'I', 'F', '8', '9', 'a', width & 0xff, width >> 8, height & 0xff, height >> 8, 0x80, 0, 0,
    0, 0, 0, 0xff, 0xff, 0xff,
    ',', 0, 0, 0, 0, width & 0xff, width >> 8, height & 0xff, height >> 8, 0,
    2, 2, 0x44, 0x01, 0,
    ';',
  };

  write_bytes (path, gif, sizeof gif);
}

/* An extended WebP whose canvas is @width × @height, with nothing in it. */
static void
write_webp_claiming (const char *path,
                     guint32     width,
                     guint32     height)
{
  guint32 w = width - 1, h = height - 1;
  const guint8 webp[] = {
    'R', 'I', 'F', 'F', 22, 0, 0, 0, 'W', 'E', 'B', 'P',
    'V', 'P', '8', 'X', 10, 0, 0, 0,
    0, 0, 0, 0, w & 0xff, (w >> 8) & 0xff, w >> 16, h & 0xff, (h >> 8) & 0xff, h >> 16,
  };

  write_bytes (path, webp, sizeof webp);
}

/* Helpers: importing */

static char *
import_path (Fixture     *fixture,
             const char  *path,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return lull_photo_import_file (fixture->data.root, file, NULL, error);
}

/* Imports @path, which must succeed, as @id; returns the copy's path. */
static char *
import_as (Fixture    *fixture,
           const char *path,
           const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *imported = import_path (fixture, path, &error);
  g_autofree char *copy = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (imported, ==, id);

  copy = photo_path (fixture, id);
  g_assert_cmpuint (lull_test_mode_of (copy), ==, 0600);
  g_assert_cmpuint (lull_test_mode_of (fixture->photos), ==, 0700);

  return g_steal_pointer (&copy);
}

/* @error refuses the file with @code and names @display. */
static void
assert_refusal (const GError         *error,
                LullPhotoImportError  code,
                const char           *display)
{
  g_autofree char *quoted = g_strdup_printf ("“%s”", display);

  g_assert_error (error, LULL_PHOTO_IMPORT_ERROR, (int)code);
  g_test_message ("%s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, quoted));
}

static void
assert_import_refused (Fixture              *fixture,
                       const char           *path,
                       LullPhotoImportError  code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *display = g_filename_display_basename (path);
  g_autofree char *id = import_path (fixture, path, &error);

  g_assert_null (id);
  assert_refusal (error, code, display);
}

static void
assert_same_bytes (const char *a,
                   const char *b)
{
  g_autoptr(GBytes) first = read_bytes (a);
  g_autoptr(GBytes) second = read_bytes (b);

  g_assert_true (g_bytes_equal (first, second));
}

/* Nothing hidden (a temporary file) is left in photos/. */
static guint
count_photos (Fixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->photos, 0, NULL);
  const char *name;
  guint n = 0;

  if (dir == NULL)
    return 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_cmpint (name[0], !=, '.');
      n++;
    }

  return n;
}

/* Helpers: clips */

static gboolean
have_elements (const char * const *factories)
{
  for (guint i = 0; factories[i] != NULL; i++)
    {
      if (!media_test_has_element (factories[i]))
        return FALSE;
    }

  return TRUE;
}

/* Runs a pipeline in gst-launch-1.0, as a parent's own tools would make
 * a clip: the encoders and muxers never load into this process, which
 * only reads. */
static void
launch (const char *description)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = NULL;
  g_auto(GStrv) argv = NULL;
  g_autofree char *out = NULL;

  /* gst-launch-1.0 takes the pipeline word by word. */
  g_shell_parse_argv (description, NULL, &words, &error);
  g_assert_no_error (error);
  g_strv_builder_add_many (builder, "gst-launch-1.0", "-q", NULL);
  g_strv_builder_addv (builder, (const char **)words);
  argv = g_strv_builder_end (builder);

  out = run_program ((const char * const *)argv);
}

static void
make_clip (const char *path,
           const char *encoder,
           const char *muxer,
           gboolean    sound)
{
  g_autofree char *description = NULL;

  description = g_strdup_printf ("%s name=mux ! filesink location=\"%s\" "
                                 "videotestsrc num-buffers=10 ! video/x-raw,width=64,height=48,framerate=10/1 "
                                 "! videoconvert ! %s ! mux. %s",
                                 muxer, path, encoder,
                                 sound ? "audiotestsrc num-buffers=10 samplesperbuffer=4800 "
                                         "! audio/x-raw,rate=48000,channels=1 ! audioconvert "
                                         "! vorbisenc ! mux." : "");
  launch (description);
}

static void
make_sound (const char *path,
            const char *encoder)
{
  g_autofree char *description = NULL;

  description = g_strdup_printf ("audiotestsrc num-buffers=5 samplesperbuffer=4800 "
                                 "! audio/x-raw,rate=48000,channels=1 ! audioconvert ! %s "
                                 "! filesink location=\"%s\"", encoder, path);
  launch (description);
}

/* H.264 and AAC, the movie box last as ffmpeg writes it, or first with
 * @faststart. */
static void
make_ffmpeg_clip (const char *path,
                  const char *format,
                  gboolean    faststart)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autofree char *out = NULL;

  g_strv_builder_add_many (builder, "ffmpeg", "-nostdin", "-loglevel", "error", "-y",
                           "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10",
                           "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                           "-t", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac",
                           NULL);
  if (faststart)
    g_strv_builder_add_many (builder, "-movflags", "+faststart", NULL);
  g_strv_builder_add_many (builder, "-f", format, path, NULL);
  argv = g_strv_builder_end (builder);

  out = run_program ((const char * const *)argv);
}

/* Fixture */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  lull_test_data_root_init (&fixture->data, "lull-photos-XXXXXX");
  fixture->photos = g_build_filename (fixture->data.path, "photos", NULL);
  fixture->sources = g_build_filename (fixture->data.tmp, "sources", NULL);
  make_folder (fixture->data.path);
  make_folder (fixture->sources);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* A finished batch's worker may still be letting go of its task. */
  for (guint waited = 0;
       G_OBJECT (fixture->data.root)->ref_count > 1 && waited < DEADLINE_SECONDS * 1000;
       waited++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  g_chmod (fixture->photos, 0700);
  lull_test_data_root_clear (&fixture->data);
  g_clear_pointer (&fixture->photos, g_free);
  g_clear_pointer (&fixture->sources, g_free);
}

/* Tests: pictures */

static void
test_orientations (Fixture       *fixture,
                   gconstpointer  data)
{
  for (int orientation = 1; orientation <= 8; orientation++)
    {
      g_autofree char *name = g_strdup_printf ("turned-%d.jpg", orientation);
      g_autofree char *source = source_path (fixture, name);
      g_autoptr(GdkPixbuf) stored = make_stored (60, 40, orientation);
      g_autofree char *copy = NULL;
      g_autoptr(GBytes) bytes = NULL;

      g_test_message ("orientation %d", orientation);
      write_oriented_jpeg (source, stored, orientation);
      copy = import_as (fixture, source, name);
      assert_format (copy, "jpeg");
      assert_upright (copy, 60, 40);

      /* Turned for good: no EXIF left to turn it again. */
      bytes = read_bytes (copy);
      g_assert_false (bytes_contain (bytes, "Exif\0\0", 6));
    }
}

static void
test_scaled (Fixture       *fixture,
             gconstpointer  data)
{
  const struct
  {
    int width, height, orientation;
    int out_width, out_height;
  } cases[] = {
    /* Turned a quarter: 3000 × 2000 shown upright is 2000 × 3000. */
    { 2000, 3000, 6, 1707, 2560 },
    { 3000, 2000, 8, 2560, 1707 },
    { 4000, 1000, 1, 2560, 640 },
    /* Small pictures keep their size. */
    { 640, 480, 1, 640, 480 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("big-%u.jpg", i);
      g_autofree char *source = source_path (fixture, name);
      g_autoptr(GdkPixbuf) stored = make_stored (cases[i].width, cases[i].height, cases[i].orientation);
      g_autofree char *copy = NULL;

      write_oriented_jpeg (source, stored, cases[i].orientation);
      copy = import_as (fixture, source, name);
      assert_upright (copy, cases[i].out_width, cases[i].out_height);
    }
}

static void
test_gps_gone (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *source = source_path (fixture, "park.jpg");
  g_autoptr(GdkPixbuf) pixbuf = make_upright (64, 48);
  g_autofree char *copy = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *original = NULL;

  if (!have_program ("exiftool"))
    {
      g_test_skip ("exiftool is not installed");
      return;
    }

  save_pixbuf (pixbuf, source, "jpeg");
  {
    const char *argv[] = { "exiftool", "-q", "-overwrite_original",
                           "-GPSLatitude=51.5007", "-GPSLatitudeRef=N",
                           "-GPSLongitude=0.1246", "-GPSLongitudeRef=W",
                           "-Make=Lull Test Phone", "-DateTimeOriginal=2026:01:02 03:04:05",
                           source, NULL };
    g_autofree char *out = run_program (argv);
  }

  /* The original has a place, or the test proves nothing. */
  {
    const char *argv[] = { "exiftool", "-s3", "-GPSLatitude", source, NULL };
    before = run_program (argv);
  }
  g_assert_cmpstr (g_strstrip (before), !=, "");
  original = g_strdup (before);

  copy = import_as (fixture, source, "park.jpg");
  {
    const char *argv[] = { "exiftool", "-s", "-G", "-GPS:all", "-EXIF:all", "-XMP:all",
                           "-IPTC:all", copy, NULL };
    after = run_program (argv);
  }
  g_assert_cmpstr (g_strstrip (after), ==, "");
  assert_upright (copy, 64, 48);

  /* The original is left as it was. */
  {
    const char *argv[] = { "exiftool", "-s3", "-GPSLatitude", source, NULL };
    g_autofree char *still = run_program (argv);

    g_assert_cmpstr (g_strstrip (still), ==, original);
  }
}

static void
test_cmyk_progressive (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *plain = source_path (fixture, "plain.png");
  g_autofree char *cmyk = source_path (fixture, "cmyk.jpg");
  g_autofree char *progressive = source_path (fixture, "progressive.jpg");
  g_autoptr(GdkPixbuf) pixbuf = make_upright (80, 60);
  g_autofree char *copy = NULL;

  if (!have_program ("convert"))
    {
      g_test_skip ("ImageMagick is not installed");
      return;
    }

  save_pixbuf (pixbuf, plain, "png");
  {
    const char *argv[] = { "convert", plain, "-colorspace", "CMYK", cmyk, NULL };
    g_autofree char *out = run_program (argv);
  }
  {
    const char *argv[] = { "convert", plain, "-interlace", "Plane", progressive, NULL };
    g_autofree char *out = run_program (argv);
  }
  {
    const char *argv[] = { "identify", "-format", "%[colorspace] %[interlace]", cmyk, NULL };
    g_autofree char *out = run_program (argv);

    g_assert_true (g_str_has_prefix (out, "CMYK"));
  }

  copy = import_as (fixture, cmyk, "cmyk.jpg");
  assert_format (copy, "jpeg");
  assert_upright (copy, 80, 60);
  g_clear_pointer (&copy, g_free);

  copy = import_as (fixture, progressive, "progressive.jpg");
  assert_upright (copy, 80, 60);
}

static void
test_png (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *deep = source_path (fixture, "deep.png");
  g_autofree char *clear = source_path (fixture, "clear.png");
  g_autofree char *opaque = source_path (fixture, "opaque.png");
  g_autoptr(GdkPixbuf) with_alpha = NULL;
  g_autoptr(GdkPixbuf) imported = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = NULL;
  const guint8 *pixel;

  /* 16 bits a channel: a JPEG, for there is no transparency. */
  write_deep_png (deep, 64, 48);
  {
    g_autoptr(GBytes) bytes = read_bytes (deep);

    /* Byte 24 of a PNG is the IHDR's bit depth. */
    g_assert_cmpuint (((const guint8 *)g_bytes_get_data (bytes, NULL))[24], ==, 16);
  }
  copy = import_as (fixture, deep, "deep.jpg");
  assert_format (copy, "jpeg");
  assert_upright (copy, 64, 48);
  g_clear_pointer (&copy, g_free);

  /* Real transparency stays: a PNG. */
  {
    g_autoptr(GdkPixbuf) upright = make_upright (64, 48);

    with_alpha = gdk_pixbuf_add_alpha (upright, FALSE, 0, 0, 0);
  }
  save_pixbuf (with_alpha, opaque, "png");
  gdk_pixbuf_get_pixels (with_alpha)[gdk_pixbuf_get_rowstride (with_alpha) * 47 + 63 * 4 + 3] = 0;
  save_pixbuf (with_alpha, clear, "png");

  copy = import_as (fixture, clear, "clear.png");
  assert_format (copy, "png");
  assert_upright (copy, 64, 48);
  imported = gdk_pixbuf_new_from_file (copy, &error);
  g_assert_no_error (error);
  g_assert_true (gdk_pixbuf_get_has_alpha (imported));
  pixel = gdk_pixbuf_read_pixels (imported) + gdk_pixbuf_get_rowstride (imported) * 47 + 63 * 4;
  g_assert_cmpuint (pixel[3], ==, 0);
  g_clear_pointer (&copy, g_free);

  /* An alpha channel that is opaque everywhere does not make a PNG. */
  copy = import_as (fixture, opaque, "opaque.jpg");
  assert_format (copy, "jpeg");
}

static void
test_gif (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *source = source_path (fixture, "wave.gif");
  g_autofree char *frames = source_path (fixture, "frames");
  g_autoptr(GdkPixbuf) first = make_upright (64, 48);
  g_autoptr(GdkPixbuf) second = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 48);
  g_autofree char *first_path = NULL;
  g_autofree char *second_path = NULL;
  g_autofree char *copy = NULL;

  if (!have_program ("convert"))
    {
      g_test_skip ("ImageMagick is not installed");
      return;
    }

  make_folder (frames);
  first_path = g_build_filename (frames, "1.png", NULL);
  second_path = g_build_filename (frames, "2.png", NULL);
  save_pixbuf (first, first_path, "png");
  gdk_pixbuf_fill (second, 0xffff00ff);
  save_pixbuf (second, second_path, "png");
  {
    const char *argv[] = { "convert", "-delay", "20", first_path, second_path, "-loop", "0",
                           source, NULL };
    g_autofree char *out = run_program (argv);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GdkPixbufAnimation) animation = gdk_pixbuf_animation_new_from_file (source, &error);

    g_assert_no_error (error);
    g_assert_false (gdk_pixbuf_animation_is_static_image (animation));
  }

  /* The first frame, as a still picture. */
  copy = import_as (fixture, source, "wave.jpg");
  assert_format (copy, "jpeg");
  assert_upright (copy, 64, 48);
}

static void
test_webp (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *source = source_path (fixture, "garden.webp");
  g_autofree char *big = source_path (fixture, "wide.webp");
  g_autoptr(GdkPixbuf) pixbuf = make_upright (64, 48);
  g_autoptr(GdkPixbuf) large = make_upright (3000, 1500);
  g_autofree char *copy = NULL;

  if (!can_write_webp ())
    {
      g_test_skip ("GdkPixbuf cannot write WebP here");
      return;
    }

  save_pixbuf (pixbuf, source, "webp");
  copy = import_as (fixture, source, "garden.jpg");
  assert_format (copy, "jpeg");
  assert_upright (copy, 64, 48);
  g_clear_pointer (&copy, g_free);

  /* The WebP loader decodes at full size; the copy is still brought down. */
  save_pixbuf (large, big, "webp");
  copy = import_as (fixture, big, "wide.jpg");
  assert_upright (copy, 2560, 1280);
}

static void
test_heic (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *plain = source_path (fixture, "plain.png");
  g_autofree char *source = source_path (fixture, "IMG_0042.HEIC");
  g_autofree char *cut = source_path (fixture, "cut.heic");
  g_autoptr(GdkPixbuf) pixbuf = make_upright (128, 96);
  g_autofree char *copy = NULL;

  if (!have_program ("heif-enc"))
    {
      g_test_skip ("heif-enc is not installed");
      return;
    }

  save_pixbuf (pixbuf, plain, "png");
  {
    const char *argv[] = { "heif-enc", "-q", "90", plain, "-o", source, NULL };
    g_autofree char *out = run_program (argv);
  }

  copy = import_as (fixture, source, "IMG_0042.jpg");
  assert_format (copy, "jpeg");
  assert_upright (copy, 128, 96);

  /* Cut short: refused before libheif sees it. */
  copy_file (source, cut);
  cut_file (cut, file_size (cut) - 100);
  assert_import_refused (fixture, cut, LULL_PHOTO_IMPORT_ERROR_DAMAGED);
}

static void
test_names (Fixture       *fixture,
            gconstpointer  data)
{
  const struct
  {
    const char *source;
    const char *id;
  } names[] = {
    { "Our Baby (1).JPG", "Our-Baby-1.jpg" },
    { "Our Baby (1).jpeg", "Our-Baby-1-2.jpg" },
    { "Ünïcode ñame.png", "Unicode-name.jpg" },
    { "日本.jpg", "photo.jpg" },
    { ".hidden.jpg", "hidden.jpg" },
    { "no extension", "no-extension.jpg" },
    /* A PNG called .jpg is a PNG; the name says what it is. */
    { "really-a-png.jpg", "really-a-png.jpg" },
    /* Latin-1, not UTF-8. */
    { "caf\xe9 au lait.jpg", "caf-au-lait.jpg" },
  };
  g_autoptr(GdkPixbuf) pixbuf = make_upright (32, 24);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = source_path (fixture, names[i].source);
      g_autofree char *copy = NULL;

      save_pixbuf (pixbuf, path, g_str_has_suffix (names[i].source, "png")
                                 || g_str_has_prefix (names[i].source, "really") ? "png" : "jpeg");
      copy = import_as (fixture, path, names[i].id);
      assert_upright (copy, 32, 24);
    }

  g_assert_cmpuint (count_photos (fixture), ==, G_N_ELEMENTS (names));

  /* A name that is not UTF-8 is shown with a stand-in, never as bytes. */
  {
    g_autofree char *path = source_path (fixture, "not \xff UTF-8.jpg");
    g_autoptr(GError) error = NULL;

    lull_test_write_file (path, "not a picture\n", -1);
    g_assert_null (import_path (fixture, path, &error));
    g_assert_error (error, LULL_PHOTO_IMPORT_ERROR, LULL_PHOTO_IMPORT_ERROR_UNSUPPORTED);
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
    g_assert_nonnull (strstr (error->message, "UTF-8.jpg”"));
  }
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *empty = source_path (fixture, "empty.jpg");
  g_autofree char *text = source_path (fixture, "shopping.jpg");
  g_autofree char *bmp = source_path (fixture, "old.bmp");
  g_autofree char *svg = source_path (fixture, "drawing.svg");
  g_autofree char *cut_jpeg = source_path (fixture, "cut.jpg");
  g_autofree char *no_end_jpeg = source_path (fixture, "no-end.jpg");
  g_autofree char *cut_png = source_path (fixture, "cut.png");
  g_autofree char *no_end_png = source_path (fixture, "no-end.png");
  g_autofree char *cut_webp = source_path (fixture, "cut.webp");
  g_autofree char *huge_png = source_path (fixture, "huge.png");
  g_autofree char *over_png = source_path (fixture, "just-over.png");
  g_autofree char *huge_jpeg = source_path (fixture, "huge.jpg");
  g_autofree char *huge_gif = source_path (fixture, "huge.gif");
  g_autofree char *huge_webp = source_path (fixture, "huge.webp");
  g_autofree char *fifo = source_path (fixture, "fifo.jpg");
  g_autofree char *loop_a = source_path (fixture, "loop-a.jpg");
  g_autofree char *loop_b = source_path (fixture, "loop-b.jpg");
  g_autofree char *folder = source_path (fixture, "album.jpg");
  g_autofree char *gone = source_path (fixture, "gone.jpg");
  g_autoptr(GdkPixbuf) noise = make_noise (200, 150, FALSE);
  g_autoptr(GdkPixbuf) small = make_upright (32, 24);
  const struct
  {
    const char           *path;
    LullPhotoImportError  code;
    const char           *message;
  } refused[] = {
    { empty, LULL_PHOTO_IMPORT_ERROR_DAMAGED,
      "“empty.jpg” is empty, so it was not added. Copy it again from the original, then try "
      "again." },
    { text, LULL_PHOTO_IMPORT_ERROR_UNSUPPORTED,
      "“shopping.jpg” is not a photo or a clip Lull can show, so it was not added. Lull takes "
      "JPEG, PNG, WebP, GIF and HEIC photos, and MP4, MOV and WebM clips." },
    { bmp, LULL_PHOTO_IMPORT_ERROR_UNSUPPORTED, NULL },
    { svg, LULL_PHOTO_IMPORT_ERROR_UNSUPPORTED, NULL },
    { cut_jpeg, LULL_PHOTO_IMPORT_ERROR_DAMAGED,
      "“cut.jpg” is damaged or cut short, so it was not added. Copy it again from the "
      "original, then try again." },
    { no_end_jpeg, LULL_PHOTO_IMPORT_ERROR_DAMAGED, NULL },
    { cut_png, LULL_PHOTO_IMPORT_ERROR_DAMAGED, NULL },
    { no_end_png, LULL_PHOTO_IMPORT_ERROR_DAMAGED, NULL },
    { cut_webp, LULL_PHOTO_IMPORT_ERROR_DAMAGED, NULL },
    { huge_png, LULL_PHOTO_IMPORT_ERROR_TOO_LARGE,
      "“huge.png” is too large a picture for Lull (30000 × 30000 pixels), so it was not added. "
      "Save a smaller copy of it, then try again." },
    { over_png, LULL_PHOTO_IMPORT_ERROR_TOO_LARGE, NULL },
    { huge_jpeg, LULL_PHOTO_IMPORT_ERROR_TOO_LARGE, NULL },
    { huge_gif, LULL_PHOTO_IMPORT_ERROR_TOO_LARGE, NULL },
    { huge_webp, LULL_PHOTO_IMPORT_ERROR_TOO_LARGE, NULL },
    { fifo, LULL_PHOTO_IMPORT_ERROR_NOT_REGULAR,
      "“fifo.jpg” is not a regular file, so it was not added. Choose a photo or a clip "
      "instead." },
    { loop_a, LULL_PHOTO_IMPORT_ERROR_NOT_REGULAR,
      "“loop-a.jpg” leads through too many links, so it was not added. Choose the photo "
      "itself." },
    { folder, LULL_PHOTO_IMPORT_ERROR_NOT_REGULAR, NULL },
    { gone, LULL_PHOTO_IMPORT_ERROR_NOT_FOUND, NULL },
  };

  lull_test_write_file (empty, "", 0);
  lull_test_write_file (text, "Nappies, wipes, and the blue muslin.\n", -1);
  save_pixbuf (small, bmp, "bmp");
  lull_test_write_file (svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>\n", -1);

  /* Cut in the middle: GdkPixbuf itself would show grey. */
  save_pixbuf (noise, cut_jpeg, "jpeg");
  cut_file (cut_jpeg, file_size (cut_jpeg) / 2);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GdkPixbuf) grey = gdk_pixbuf_new_from_file (cut_jpeg, &error);

    if (grey != NULL)
      g_test_message ("GdkPixbuf decodes the cut JPEG without a word");
  }
  /* Only the end-of-image marker missing. */
  save_pixbuf (noise, no_end_jpeg, "jpeg");
  cut_file (no_end_jpeg, file_size (no_end_jpeg) - 2);
  save_pixbuf (noise, cut_png, "png");
  cut_file (cut_png, file_size (cut_png) / 2);
  /* Only the IEND chunk missing: every pixel is there. */
  save_pixbuf (noise, no_end_png, "png");
  cut_file (no_end_png, file_size (no_end_png) - 12);
  {
    g_autoptr(GBytes) bytes = read_bytes (no_end_png);

    g_assert_false (bytes_contain (bytes, "IEND", 4));
  }
  /* A WebP says its length up front. */
  if (can_write_webp ())
    save_pixbuf (noise, cut_webp, "webp");
  else
    write_webp_claiming (cut_webp, 100, 100);
  cut_file (cut_webp, file_size (cut_webp) / 2);

  write_png_claiming (huge_png, 30000, 30000);
  write_png_claiming (over_png, 10001, 10000);
  write_jpeg_claiming (huge_jpeg, 60000, 60000);
  write_gif_claiming (huge_gif, 60000, 60000);
  write_webp_claiming (huge_webp, 16383, 16383);

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("loop-b.jpg", loop_a), ==, 0);
  g_assert_cmpint (symlink ("loop-a.jpg", loop_b), ==, 0);
  make_folder (folder);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *display = g_path_get_basename (refused[i].path);

      g_test_message ("importing %s", display);
      g_assert_null (import_path (fixture, refused[i].path, &error));
      assert_refusal (error, refused[i].code, display);
      if (refused[i].message != NULL)
        g_assert_cmpstr (error->message, ==, refused[i].message);
    }

  /* Nothing was written, not even a half. */
  g_assert_cmpuint (count_photos (fixture), ==, 0);
}

/* Links are followed one at a time, LULL_FILE_MAX_LINKS (8) deep. */
static void
test_links (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *target = source_path (fixture, "sleeping.jpg");
  g_autoptr(GdkPixbuf) pixbuf = make_upright (32, 24);
  g_autofree char *copy = NULL;

  save_pixbuf (pixbuf, target, "jpeg");

  /* link-1 → sleeping.jpg, link-2 → link-1, … */
  for (guint i = 1; i <= 9; i++)
    {
      g_autofree char *name = g_strdup_printf ("link-%u.jpg", i);
      g_autofree char *path = source_path (fixture, name);
      g_autofree char *to = i == 1 ? g_strdup ("sleeping.jpg") : g_strdup_printf ("link-%u.jpg", i - 1);

      g_assert_cmpint (symlink (to, path), ==, 0);
    }

  {
    g_autofree char *eight = source_path (fixture, "link-8.jpg");

    copy = import_as (fixture, eight, "link-8.jpg");
    assert_upright (copy, 32, 24);
  }
  {
    g_autofree char *nine = source_path (fixture, "link-9.jpg");

    assert_import_refused (fixture, nine, LULL_PHOTO_IMPORT_ERROR_NOT_REGULAR);
  }
  /* A link to nothing is a file that is gone. */
  {
    g_autofree char *dangling = source_path (fixture, "dangling.jpg");

    g_assert_cmpint (symlink ("nowhere.jpg", dangling), ==, 0);
    assert_import_refused (fixture, dangling, LULL_PHOTO_IMPORT_ERROR_NOT_FOUND);
  }
}

/* A source that is not on this computer. */
static void
test_not_local (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) remote = g_file_new_for_uri ("lull-test-nowhere://host/photos/far.jpg");
  g_autoptr(GError) error = NULL;

  g_assert_null (g_file_peek_path (remote));
  g_assert_null (lull_photo_import_file (fixture->data.root, remote, NULL, &error));
  assert_refusal (error, LULL_PHOTO_IMPORT_ERROR_NOT_FOUND, "far.jpg");
}

/* Tests: clips */

static void
test_clips (Fixture       *fixture,
            gconstpointer  data)
{
  const char * const needed[] = { "vp8enc", "webmmux", "vorbisenc", "matroskamux", "opusenc",
                                  "oggmux", NULL };
  g_autofree char *webm = source_path (fixture, "first-smile.mp4");
  g_autofree char *silent = source_path (fixture, "silent.webm");
  g_autofree char *mkv = source_path (fixture, "old.mkv");
  g_autofree char *sound = source_path (fixture, "lullaby.webm");
  g_autofree char *voice = source_path (fixture, "voice.ogg");
  g_autofree char *broken = source_path (fixture, "broken.mp4");
  g_autofree char *noisy_webm = source_path (fixture, "noisy.webm");
  g_autofree char *copy = NULL;
  /* An MP4's first box, then a media box of noise and no movie box. */
  static const guint8 broken_mp4[] = {
    0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0,
    'i', 's', 'o', 'm', 'm', 'p', '4', '1',
    0, 0, 0, 16, 'm', 'd', 'a', 't', 1, 2, 3, 4, 5, 6, 7, 8,
  };

  if (!have_program ("gst-launch-1.0") || !have_elements (needed))
    {
      g_test_skip ("gst-launch-1.0 or a GStreamer element is missing");
      return;
    }

  /* WebM with sound, called .mp4: copied as it is, called .webm. */
  make_clip (webm, "vp8enc", "webmmux", TRUE);
  copy = import_as (fixture, webm, "first-smile.webm");
  assert_same_bytes (webm, copy);
  g_clear_pointer (&copy, g_free);

  make_clip (silent, "vp8enc", "webmmux", FALSE);
  copy = import_as (fixture, silent, "silent.webm");
  assert_same_bytes (silent, copy);
  g_clear_pointer (&copy, g_free);

  /* Plain Matroska is not a container GtkVideo is given. */
  make_clip (mkv, "vp8enc", "matroskamux", FALSE);
  assert_import_refused (fixture, mkv, LULL_PHOTO_IMPORT_ERROR_UNSUPPORTED);

  /* Sound alone is not a clip. */
  make_sound (sound, "vorbisenc ! webmmux");
  assert_import_refused (fixture, sound, LULL_PHOTO_IMPORT_ERROR_NO_VIDEO);
  make_sound (voice, "opusenc ! oggmux");
  assert_import_refused (fixture, voice, LULL_PHOTO_IMPORT_ERROR_NO_VIDEO);

  write_bytes (broken, broken_mp4, sizeof broken_mp4);
  assert_import_refused (fixture, broken, LULL_PHOTO_IMPORT_ERROR_DAMAGED);

  /* A WebM's header, then noise: GStreamer cannot read it. */
  {
    g_autoptr(GBytes) clip = read_bytes (silent);
    g_autoptr(GRand) rand = g_rand_new_with_seed (11);
    g_autoptr(GByteArray) noisy = g_byte_array_new ();

    g_byte_array_append (noisy, g_bytes_get_data (clip, NULL), 60);
    for (guint i = 0; i < 3000; i++)
      {
        guint8 byte = g_rand_int_range (rand, 0, 256);

        g_byte_array_append (noisy, &byte, 1);
      }
    write_bytes (noisy_webm, noisy->data, noisy->len);
    assert_import_refused (fixture, noisy_webm, LULL_PHOTO_IMPORT_ERROR_DAMAGED);
  }

  g_assert_cmpuint (count_photos (fixture), ==, 2);
}

static void
test_ffmpeg_clips (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *mp4 = source_path (fixture, "bath.mp4");
  g_autofree char *mov = source_path (fixture, "IMG_0007.MOV");
  g_autofree char *renamed = source_path (fixture, "renamed.webm");
  g_autofree char *cut = source_path (fixture, "cut.mp4");
  g_autofree char *faststart = source_path (fixture, "faststart.mp4");
  g_autofree char *copy = NULL;

  if (!have_program ("ffmpeg"))
    {
      g_test_skip ("ffmpeg is not installed");
      return;
    }

  make_ffmpeg_clip (mp4, "mp4", FALSE);
  make_ffmpeg_clip (mov, "mov", FALSE);
  make_ffmpeg_clip (faststart, "mp4", TRUE);

  copy = import_as (fixture, mp4, "bath.mp4");
  assert_same_bytes (mp4, copy);
  g_clear_pointer (&copy, g_free);

  copy = import_as (fixture, mov, "IMG_0007.mov");
  assert_same_bytes (mov, copy);
  g_clear_pointer (&copy, g_free);

  /* The name says WebM; the file is an MP4. */
  copy_file (mp4, renamed);
  copy = import_as (fixture, renamed, "renamed.mp4");
  g_clear_pointer (&copy, g_free);

  /* ffmpeg writes the movie box last: half a file has none. */
  copy_file (mp4, cut);
  cut_file (cut, file_size (cut) / 2);
  assert_import_refused (fixture, cut, LULL_PHOTO_IMPORT_ERROR_DAMAGED);

  /* With the movie box first, half a file still says what it holds;
   * its media data stops short of what the box says. */
  copy = import_as (fixture, faststart, "faststart.mp4");
  g_clear_pointer (&copy, g_free);
  cut_file (faststart, file_size (faststart) / 2);
  assert_import_refused (fixture, faststart, LULL_PHOTO_IMPORT_ERROR_DAMAGED);

  lull_test_assert_listing (fixture->photos, "IMG_0007.mov bath.mp4 faststart.mp4 renamed.mp4");
}

/* Tests: batches */

typedef struct
{
  GPtrArray    *done;       /* "display|id|reason" */
  guint         last_done;
  guint         last_total;
  guint         n_progress;
  gboolean      wrong_thread;
  gboolean      backwards;
  gboolean      finished;
  gboolean      result;
  GError       *error;
  /* Cancelled after this many files (0: never), or a file to delete
   * when the first is done. */
  guint         cancel_after;
  GCancellable *cancellable;
  char         *delete_path;
} Watch;

static void
watch_init (Watch *watch)
{
  memset (watch, 0, sizeof *watch);
  watch->done = g_ptr_array_new_with_free_func (g_free);
}

static void
watch_clear (Watch *watch)
{
  g_clear_pointer (&watch->done, g_ptr_array_unref);
  g_clear_error (&watch->error);
  g_clear_pointer (&watch->delete_path, g_free);
}

static void
on_file_done (LullPhotoImport *import,
              const char      *display,
              const char      *id,
              const char      *reason,
              Watch           *watch)
{
  watch->wrong_thread = watch->wrong_thread || g_thread_self () != main_thread;
  g_assert_true ((id == NULL) != (reason == NULL));
  g_ptr_array_add (watch->done, g_strdup_printf ("%s|%s|%s", display, id != NULL ? id : "",
                                                 reason != NULL ? reason : ""));

  if (watch->delete_path != NULL)
    {
      g_assert_cmpint (g_unlink (watch->delete_path), ==, 0);
      g_clear_pointer (&watch->delete_path, g_free);
    }
  if (watch->cancel_after > 0 && watch->done->len == watch->cancel_after)
    g_cancellable_cancel (watch->cancellable);
}

static void
on_progress (LullPhotoImport *import,
             guint            done,
             guint            total,
             Watch           *watch)
{
  watch->wrong_thread = watch->wrong_thread || g_thread_self () != main_thread;
  watch->backwards = watch->backwards || done < watch->last_done || total < watch->last_total
                     || done > total;
  watch->last_done = done;
  watch->last_total = total;
  watch->n_progress++;
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Watch *watch = user_data;

  watch->wrong_thread = watch->wrong_thread || g_thread_self () != main_thread;
  watch->result = lull_photo_import_run_finish (LULL_PHOTO_IMPORT (object), result, &watch->error);
  watch->finished = TRUE;
}

static LullPhotoImport *
new_batch (Fixture            *fixture,
           const char * const *paths,
           Watch              *watch)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  LullPhotoImport *import;

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_path (paths[i]));

  import = lull_photo_import_new (fixture->data.root, (GFile **)files->pdata, files->len);
  g_signal_connect (import, "file-done", G_CALLBACK (on_file_done), watch);
  g_signal_connect (import, "progress", G_CALLBACK (on_progress), watch);

  return import;
}

static void
run_async_and_wait (LullPhotoImport *import,
                    Watch           *watch)
{
  lull_photo_import_run_async (import, watch->cancellable, run_done_cb, watch);
  /* Nothing is reported until the main context runs. */
  g_assert_cmpuint (watch->done->len, ==, 0);
  media_test_wait_until (DEADLINE_SECONDS, watch->finished);
  g_assert_false (watch->wrong_thread);
  g_assert_false (watch->backwards);
}

static void
test_batch (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *album = source_path (fixture, "Album");
  g_autofree char *inner = g_build_filename (album, "summer.jpg", NULL);
  g_autofree char *deeper = g_build_filename (inner, "beach", NULL);
  g_autofree char *direct = source_path (fixture, "Direct.jpg");
  g_autofree char *loose = source_path (fixture, "loose.png");
  g_autofree char *path = NULL;
  g_autoptr(GdkPixbuf) pixbuf = make_upright (32, 24);
  g_autoptr(LullPhotoImport) import = NULL;
  g_autoptr(GFile) remote = g_file_new_for_uri ("lull-test-nowhere://host/far.jpg");
  const char * const *imported;
  const char *display, *reason;
  Watch watch;
  const char *expected[] = {
    /* The sources in order; each folder in name order, depth first. */
    "a.jpg|a.jpg|",
    "b.jpg|b.jpg|",
    "z.jpg|z.jpg|",
    "c.jpg|c.jpg|",
    "fifo.jpg||“fifo.jpg” is not a regular file, so it was not added. Choose a photo or a "
    "clip instead.",
    "notes.txt||“notes.txt” is not a photo or a clip Lull can show, so it was not added. Lull "
    "takes JPEG, PNG, WebP, GIF and HEIC photos, and MP4, MOV and WebM clips.",
    "back||“back” leads to a folder Lull has already looked through, so it was skipped.",
    "d.jpg|d.jpg|",
    "loose.png|loose.jpg|",
    "far.jpg||Lull can only add files that are on this computer, so “far.jpg” was not added. "
    "Copy it here first, then try again.",
  };

  /* Album/a.jpg, Album/b.jpg, Album/summer.jpg/ (a folder named like a
   * picture) with beach/z.jpg, c.jpg, a FIFO and a note, and a hidden
   * file; Direct.jpg/ is a folder given directly, holding a link back to
   * Album and d.jpg; and a loose file. */
  make_folder (deeper);
  make_folder (direct);
  for (guint i = 0; i < 5; i++)
    {
      const char *folders[] = { album, album, inner, deeper, direct };
      const char *names[] = { "a.jpg", "b.jpg", "c.jpg", "z.jpg", "d.jpg" };

      path = g_build_filename (folders[i], names[i], NULL);
      save_pixbuf (pixbuf, path, "jpeg");
      g_clear_pointer (&path, g_free);
    }
  path = g_build_filename (album, ".thumbnail.jpg", NULL);
  save_pixbuf (pixbuf, path, "jpeg");
  g_clear_pointer (&path, g_free);
  path = g_build_filename (inner, "fifo.jpg", NULL);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (inner, "notes.txt", NULL);
  lull_test_write_file (path, "First bath on Sunday.\n", -1);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (direct, "back", NULL);
  g_assert_cmpint (symlink (album, path), ==, 0);
  g_clear_pointer (&path, g_free);
  save_pixbuf (pixbuf, loose, "png");

  watch_init (&watch);
  {
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

    g_ptr_array_add (files, g_file_new_for_path (album));
    g_ptr_array_add (files, g_file_new_for_path (direct));
    g_ptr_array_add (files, g_file_new_for_path (loose));
    g_ptr_array_add (files, g_object_ref (remote));
    import = lull_photo_import_new (fixture->data.root, (GFile **)files->pdata, files->len);
    g_signal_connect (import, "file-done", G_CALLBACK (on_file_done), &watch);
    g_signal_connect (import, "progress", G_CALLBACK (on_progress), &watch);
  }

  run_async_and_wait (import, &watch);
  g_assert_no_error (watch.error);
  g_assert_true (watch.result);

  g_assert_cmpuint (watch.done->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (g_ptr_array_index (watch.done, i), ==, expected[i]);
  g_assert_cmpuint (watch.last_done, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (watch.last_total, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (watch.n_progress, >, G_N_ELEMENTS (expected));

  imported = lull_photo_import_get_imported (import);
  g_assert_cmpuint (g_strv_length ((char **)imported), ==, 6);
  g_assert_cmpstr (imported[0], ==, "a.jpg");
  g_assert_cmpstr (imported[5], ==, "loose.jpg");
  g_assert_cmpuint (lull_photo_import_get_n_refused (import), ==, 4);
  lull_photo_import_get_refused (import, 0, &display, &reason);
  g_assert_cmpstr (display, ==, "fifo.jpg");
  g_assert_nonnull (strstr (reason, "not a regular file"));
  lull_test_assert_listing (fixture->photos, "a.jpg b.jpg c.jpg d.jpg loose.jpg z.jpg");

  watch_clear (&watch);
}

static void
test_batch_blocking (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *first = source_path (fixture, "first.jpg");
  g_autofree char *second = source_path (fixture, "second.jpg");
  g_autofree char *third = source_path (fixture, "third.jpg");
  const char * const paths[] = { first, second, third, NULL };
  g_autoptr(GdkPixbuf) pixbuf = make_upright (32, 24);
  g_autoptr(LullPhotoImport) import = NULL;
  g_autoptr(LullPhotoImport) again = NULL;
  Watch watch;

  save_pixbuf (pixbuf, first, "jpeg");
  save_pixbuf (pixbuf, second, "jpeg");
  save_pixbuf (pixbuf, third, "jpeg");

  /* The second file goes while the first is being imported. */
  watch_init (&watch);
  watch.delete_path = g_strdup (second);
  import = new_batch (fixture, paths, &watch);
  g_assert_false (lull_photo_import_run (import, NULL));
  g_assert_false (watch.wrong_thread);

  g_assert_cmpuint (watch.done->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (watch.done, 0), ==, "first.jpg|first.jpg|");
  g_assert_cmpstr (g_ptr_array_index (watch.done, 1), ==,
                   "second.jpg||Lull could not read “second.jpg” (No such file or directory), so "
                   "it was not added. Check that the file is still there and that you may open "
                   "it, then try again.");
  g_assert_cmpstr (g_ptr_array_index (watch.done, 2), ==, "third.jpg|third.jpg|");
  lull_test_assert_listing (fixture->photos, "first.jpg third.jpg");
  watch_clear (&watch);

  /* Everything imported: TRUE. */
  watch_init (&watch);
  {
    const char * const one[] = { first, NULL };

    again = new_batch (fixture, one, &watch);
  }
  g_assert_true (lull_photo_import_run (again, NULL));
  g_assert_cmpstr (lull_photo_import_get_imported (again)[0], ==, "first-2.jpg");
  watch_clear (&watch);
}

/* A folder that holds Lull's own data root (a portable stick's root) adds
 * the photos beside it, never Lull's own files again. */
static void
test_data_root_skipped (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *beside = source_path (fixture, "beside.jpg");
  g_autofree char *own = photo_path (fixture, "own.jpg");
  const char * const paths[] = { fixture->data.tmp, NULL };
  g_autoptr(GdkPixbuf) pixbuf = make_upright (32, 24);
  g_autoptr(LullPhotoImport) import = NULL;
  Watch watch;

  save_pixbuf (pixbuf, beside, "jpeg");
  make_folder (fixture->photos);
  save_pixbuf (pixbuf, own, "jpeg");

  watch_init (&watch);
  import = new_batch (fixture, paths, &watch);
  g_assert_false (lull_photo_import_run (import, NULL));

  g_assert_cmpuint (watch.done->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (watch.done, 0), ==,
                   "lull||“lull” is Lull’s own folder, where it keeps your photos already, so it "
                   "was skipped.");
  g_assert_cmpstr (g_ptr_array_index (watch.done, 1), ==, "beside.jpg|beside.jpg|");
  lull_test_assert_listing (fixture->photos, "beside.jpg own.jpg");
  watch_clear (&watch);
}

static void
make_many (const char *folder,
           guint       n)
{
  g_autoptr(GdkPixbuf) pixbuf = make_upright (16, 12);
  g_autofree char *model = g_build_filename (folder, "model.jpg", NULL);
  g_autoptr(GBytes) bytes = NULL;

  make_folder (folder);
  save_pixbuf (pixbuf, model, "jpeg");
  bytes = read_bytes (model);
  g_assert_cmpint (g_unlink (model), ==, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("IMG_%05u.jpg", i);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      write_bytes (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *folder = source_path (fixture, "Camera");
  const char * const paths[] = { folder, NULL };

  make_many (folder, 200);

  /* On this thread: stops right after the fifth. */
  {
    g_autoptr(LullPhotoImport) import = NULL;
    Watch watch;

    watch_init (&watch);
    watch.cancellable = g_cancellable_new ();
    watch.cancel_after = 5;
    import = new_batch (fixture, paths, &watch);
    g_assert_false (lull_photo_import_run (import, watch.cancellable));
    g_assert_cmpuint (watch.done->len, ==, 5);
    g_assert_cmpuint (g_strv_length ((char **)lull_photo_import_get_imported (import)), ==, 5);
    g_assert_cmpuint (count_photos (fixture), ==, 5);
    g_clear_object (&watch.cancellable);
    watch_clear (&watch);
  }

  /* On the worker: what was imported stays, and is all reported. */
  {
    g_autoptr(LullPhotoImport) import = NULL;
    guint n_imported;
    Watch watch;

    watch_init (&watch);
    watch.cancellable = g_cancellable_new ();
    watch.cancel_after = 1;
    import = new_batch (fixture, paths, &watch);
    run_async_and_wait (import, &watch);
    g_assert_error (watch.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_false (watch.result);

    n_imported = g_strv_length ((char **)lull_photo_import_get_imported (import));
    g_assert_cmpuint (n_imported, >=, 1);
    g_assert_cmpuint (n_imported, <, 200);
    g_assert_cmpuint (watch.done->len, ==, n_imported);
    g_assert_cmpuint (count_photos (fixture), ==, 5 + n_imported);
    g_clear_object (&watch.cancellable);
    watch_clear (&watch);
  }

  /* Cancelled before it starts: nothing. */
  {
    g_autoptr(LullPhotoImport) import = NULL;
    Watch watch;

    watch_init (&watch);
    watch.cancellable = g_cancellable_new ();
    g_cancellable_cancel (watch.cancellable);
    import = new_batch (fixture, paths, &watch);
    run_async_and_wait (import, &watch);
    g_assert_error (watch.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (watch.done->len, ==, 0);
    g_clear_object (&watch.cancellable);
    watch_clear (&watch);
  }
}

static void
test_many (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *folder = source_path (fixture, "Phone");
  const char * const paths[] = { folder, NULL };
  g_autoptr(LullPhotoImport) import = NULL;
  Watch watch;

  make_many (folder, MANY_FILES);

  watch_init (&watch);
  import = new_batch (fixture, paths, &watch);
  run_async_and_wait (import, &watch);
  g_assert_no_error (watch.error);
  g_assert_true (watch.result);

  g_assert_cmpuint (watch.done->len, ==, MANY_FILES);
  g_assert_cmpuint (watch.last_done, ==, MANY_FILES);
  g_assert_cmpuint (watch.last_total, ==, MANY_FILES);
  g_assert_cmpuint (lull_photo_import_get_n_refused (import), ==, 0);
  g_assert_cmpuint (g_strv_length ((char **)lull_photo_import_get_imported (import)), ==, MANY_FILES);
  g_assert_cmpstr (lull_photo_import_get_imported (import)[MANY_FILES - 1], ==, "IMG_04999.jpg");
  g_assert_cmpuint (count_photos (fixture), ==, MANY_FILES);
  watch_clear (&watch);
}

/* Tests: writing */

static void
test_read_only (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *source = source_path (fixture, "calm.jpg");
  g_autoptr(GdkPixbuf) pixbuf = make_upright (32, 24);
  g_autoptr(GError) error = NULL;
  gboolean mounted = FALSE;

  save_pixbuf (pixbuf, source, "jpeg");
  make_folder (fixture->photos);

  /* Root writes into a folder of mode 0500, so for root the folder is
   * made read-only with a bind mount. */
  if (geteuid () == 0)
    {
      if (mount (fixture->photos, fixture->photos, NULL, MS_BIND, NULL) != 0)
        {
          g_test_skip ("Running as root, and cannot bind-mount a read-only folder here");
          return;
        }
      mounted = TRUE;
      g_assert_cmpint (mount (NULL, fixture->photos, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL), ==, 0);
    }
  else
    g_assert_cmpint (g_chmod (fixture->photos, 0500), ==, 0);

  g_assert_null (import_path (fixture, source, &error));

  if (mounted)
    g_assert_cmpint (umount2 (fixture->photos, MNT_DETACH), ==, 0);
  else
    g_assert_cmpint (g_chmod (fixture->photos, 0700), ==, 0);

  assert_refusal (error, LULL_PHOTO_IMPORT_ERROR_FAILED, "calm.jpg");
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_assert_cmpuint (count_photos (fixture), ==, 0);
}

static void
test_disk_full (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *disk = g_build_filename (fixture->data.tmp, "disk", NULL);
  g_autofree char *photos = g_build_filename (disk, "photos", NULL);
  g_autofree char *source = source_path (fixture, "noise.png");
  g_autoptr(GdkPixbuf) noise = make_noise (600, 400, FALSE);
  g_autoptr(LullDataRoot) root = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (!media_test_mount_tmpfs (disk, 0, "64k"))
    return;

  /* Noise as a JPEG is far larger than the disk. */
  save_pixbuf (noise, source, "png");
  file = g_file_new_for_path (source);
  root = lull_data_root_new (disk);

  g_assert_null (lull_photo_import_file (root, file, NULL, &error));
  assert_refusal (error, LULL_PHOTO_IMPORT_ERROR_FAILED, "noise.png");
  g_assert_nonnull (strstr (error->message, "room"));
  lull_test_assert_listing (photos, "");

  g_clear_object (&root);
  g_assert_cmpint (umount2 (disk, MNT_DETACH), ==, 0);
}

static void
test_write_fails (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *source = source_path (fixture, "calm.jpg");
  g_autoptr(GdkPixbuf) pixbuf = make_noise (300, 200, FALSE);
  g_autofree char *contents = NULL;

  save_pixbuf (pixbuf, source, "jpeg");

  /* photos/ cannot be made: a file has its name. */
  {
    g_autoptr(GError) error = NULL;

    lull_test_write_file (fixture->photos, "not a folder", -1);
    g_assert_null (import_path (fixture, source, &error));
    assert_refusal (error, LULL_PHOTO_IMPORT_ERROR_FAILED, "calm.jpg");
    contents = lull_test_read_file (fixture->photos);
    g_assert_cmpstr (contents, ==, "not a folder");
    g_assert_cmpint (g_unlink (fixture->photos), ==, 0);
  }

  /* The largest file this process may write is smaller than the photo. */
  {
    g_autoptr(GError) error = NULL;
    struct rlimit old_limit, limit;
    void (*old_handler) (int);

    g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
    limit = old_limit;
    limit.rlim_cur = 2048;
    old_handler = signal (SIGXFSZ, SIG_IGN);
    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

    g_assert_null (import_path (fixture, source, &error));

    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
    signal (SIGXFSZ, old_handler);

    assert_refusal (error, LULL_PHOTO_IMPORT_ERROR_FAILED, "calm.jpg");
    g_assert_cmpuint (count_photos (fixture), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();

  lull_media_init (&error);
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add ("/photo-import/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("orientations", test_orientations);
  ADD ("data-root-skipped", test_data_root_skipped);
  ADD ("scaled", test_scaled);
  ADD ("gps-gone", test_gps_gone);
  ADD ("cmyk-progressive", test_cmyk_progressive);
  ADD ("png", test_png);
  ADD ("gif", test_gif);
  ADD ("webp", test_webp);
  ADD ("heic", test_heic);
  ADD ("names", test_names);
  ADD ("refused", test_refused);
  ADD ("links", test_links);
  ADD ("not-local", test_not_local);
  ADD ("clips", test_clips);
  ADD ("ffmpeg-clips", test_ffmpeg_clips);
  ADD ("batch", test_batch);
  ADD ("batch-blocking", test_batch_blocking);
  ADD ("cancel", test_cancel);
  ADD ("many", test_many);
  ADD ("read-only", test_read_only);
  ADD ("disk-full", test_disk_full);
  ADD ("write-fails", test_write_fails);
#undef ADD

  return g_test_run ();
}
