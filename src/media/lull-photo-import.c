/* lull-photo-import.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>

#include "lull-media.h"
#include "lull-media-import.h"
#include "lull-photo-import.h"
#include "lull-step.h"

/* Photos of the baby and short clips, copied into the data root's photos/
 * folder.
 *
 * A picture is never copied as it is. It is decoded at most
 * LULL_PHOTO_MAX_SIDE on its long side, turned upright, and encoded anew
 * (JPEG, or PNG when it has real transparency), so nothing of the
 * original's metadata (the place it was taken, the phone, the time)
 * comes along: the encoder is given pixels and nothing else. Its format
 * is read from its first bytes, never from its name, and the size its
 * header claims is checked before anything is decoded, so a small file
 * that claims a huge picture never gets the memory it asks for.
 *
 * GdkPixbuf decodes a JPEG or PNG that stops half-way without a word,
 * filling the rest with grey, so the bytes fed to the decoder also go
 * through a small check that the file reaches its end marker.
 *
 * A clip is copied as it is, sound and all, once GstDiscoverer found a
 * moving picture in it. GStreamer reads it through /proc/self/fd, so it
 * reads the very file that was checked to be a regular file.
 *
 * A batch (LullPhotoImport) reads folders too, and runs on a worker
 * thread; it keeps only names, never a picture, from one file to the
 * next. */

#define PHOTOS_FOLDER        "photos"
/* Enough for every format's signature and a content type guess. */
#define HEAD_BYTES           4096
#define READ_CHUNK_BYTES     (64 * 1024)
/* No photo is this large; a picture file this large is not one. */
#define PICTURE_MAX_BYTES    ((goffset) 256 * 1024 * 1024)
/* A HEIF's item properties are a few kilobytes. */
#define HEIF_META_MAX_BYTES  (16 * 1024 * 1024)
#define JPEG_QUALITY         "90"
/* As for sounds: long enough for a slow USB stick or network folder. */
#define DISCOVER_TIMEOUT     (30 * GST_SECOND)
#define PROC_FD_FOLDER       "/proc/self/fd"

G_DEFINE_QUARK (lull-photo-import-error-quark, lull_photo_import_error)

typedef enum
{
  PICTURE_NONE,
  PICTURE_JPEG,
  PICTURE_PNG,
  PICTURE_GIF,
  PICTURE_WEBP,
  PICTURE_HEIF,
  PICTURE_AVIF,
} PictureFormat;

/* The loader for each format, by MIME type: new_with_type() would need
 * the module's name, which for HEIF differs between versions. */
static const char * const picture_mime_types[] = {
  [PICTURE_NONE] = NULL,
  [PICTURE_JPEG] = "image/jpeg",
  [PICTURE_PNG] = "image/png",
  [PICTURE_GIF] = "image/gif",
  [PICTURE_WEBP] = "image/webp",
  [PICTURE_HEIF] = "image/heif",
  [PICTURE_AVIF] = "image/avif",
};

/* Sentences */

static void
set_photo_import_error (GError                 **error,
                        LullMediaImportProblem   problem,
                        const char              *display,
                        const char              *detail)
{
  switch (problem)
    {
    case LULL_MEDIA_IMPORT_NOT_REGULAR:
      g_set_error (error, LULL_PHOTO_IMPORT_ERROR, LULL_PHOTO_IMPORT_ERROR_NOT_REGULAR,
                   _("“%s” is not a regular file, so it was not added. Choose a photo or a "
                     "clip instead."),
                   display);
      break;

    case LULL_MEDIA_IMPORT_LINK_LOOP:
      g_set_error (error, LULL_PHOTO_IMPORT_ERROR, LULL_PHOTO_IMPORT_ERROR_NOT_REGULAR,
                   _("“%s” leads through too many links, so it was not added. Choose the "
                     "photo itself."),
                   display);
      break;

    case LULL_MEDIA_IMPORT_CANNOT_WRITE:
      g_set_error (error, LULL_PHOTO_IMPORT_ERROR, LULL_PHOTO_IMPORT_ERROR_FAILED,
                   _("Lull cannot write in its photo folder (%s), so “%s” was not added. Check "
                     "that the disk is not read-only and that you may write to it, then try "
                     "again."),
                   detail, display);
      break;

    case LULL_MEDIA_IMPORT_TOO_LARGE_FOR_DISK:
      g_set_error (error, LULL_PHOTO_IMPORT_ERROR, LULL_PHOTO_IMPORT_ERROR_FAILED,
                   _("“%s” is too large for the disk that holds Lull’s data, so it was not "
                     "added. Choose a shorter clip, or keep Lull’s data on another disk."),
                   display);
      break;

    case LULL_MEDIA_IMPORT_NO_FREE_NAME:
      g_set_error (error, LULL_PHOTO_IMPORT_ERROR, LULL_PHOTO_IMPORT_ERROR_FAILED,
                   _("Lull found no free name for “%s” in its photo folder, so it was not "
                     "added. Rename the file, then try again."),
                   display);
      break;

    case LULL_MEDIA_IMPORT_FOLDER_IS_FILE:
      g_set_error (error, LULL_PHOTO_IMPORT_ERROR, LULL_PHOTO_IMPORT_ERROR_FAILED,
                   _("Lull keeps added photos in the folder “%s”, but a file has that name, "
                     "so “%s” was not added. Move that file out of Lull’s data folder, then "
                     "try again."),
                   PHOTOS_FOLDER, display);
      break;

    case LULL_MEDIA_IMPORT_CANNOT_MAKE_FOLDER:
    default:
      g_set_error (error, LULL_PHOTO_IMPORT_ERROR, LULL_PHOTO_IMPORT_ERROR_FAILED,
                   _("Lull could not make the folder “%s” for added photos, so “%s” was not "
                     "added. Check that the disk is not full or read-only, then try again."),
                   PHOTOS_FOLDER, display);
      break;
    }
}

static const LullMediaImportKind photo_import_kind = {
  .domain = lull_photo_import_error_quark,
  .not_found_code = LULL_PHOTO_IMPORT_ERROR_NOT_FOUND,
  .unsupported_code = LULL_PHOTO_IMPORT_ERROR_UNSUPPORTED,
  .failed_code = LULL_PHOTO_IMPORT_ERROR_FAILED,
  .folder = PHOTOS_FOLDER,
  .fallback_stem = "photo",
  .set_error = set_photo_import_error,
};

static void
set_unsupported_error (GError     **error,
                       const char  *display)
{
  g_set_error (error, LULL_PHOTO_IMPORT_ERROR, LULL_PHOTO_IMPORT_ERROR_UNSUPPORTED,
               _("“%s” is not a photo or a clip Lull can show, so it was not added. Lull takes "
                 "JPEG, PNG, WebP, GIF and HEIC photos, and MP4, MOV and WebM clips."),
               display);
}

static void
set_damaged_error (GError     **error,
                   const char  *display)
{
  g_set_error (error, LULL_PHOTO_IMPORT_ERROR, LULL_PHOTO_IMPORT_ERROR_DAMAGED,
               _("“%s” is damaged or cut short, so it was not added. Copy it again from the "
                 "original, then try again."),
               display);
}

/* No format Lull reads gives a side more than 32 bits. */
static void
set_too_many_pixels_error (GError     **error,
                           const char  *display,
                           guint        width,
                           guint        height)
{
  g_set_error (error, LULL_PHOTO_IMPORT_ERROR, LULL_PHOTO_IMPORT_ERROR_TOO_LARGE,
               _("“%s” is too large a picture for Lull (%u × %u pixels), so it was not added. "
                 "Save a smaller copy of it, then try again."),
               display, width, height);
}

/* Reading */

static guint32
read_be32 (const guint8 *p)
{
  return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

static guint64
read_be64 (const guint8 *p)
{
  return (guint64)read_be32 (p) << 32 | read_be32 (p + 4);
}

static guint32
read_le24 (const guint8 *p)
{
  return (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16;
}

static guint32
read_le32 (const guint8 *p)
{
  return read_le24 (p) | (guint32)p[3] << 24;
}

/* Fills @buffer from @offset; FALSE on an error or when the file ends
 * first. */
static gboolean
read_at (int      fd,
         guint64  offset,
         void    *buffer,
         gsize    length)
{
  gsize done = 0;

  while (done < length)
    {
      gssize n = pread (fd, (char *)buffer + done, length - done, (off_t)(offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += n;
    }

  return TRUE;
}

/* Up to @length bytes from the start, without moving the file position;
 * the count, or -1 with errno set. */
static gssize
read_head (int     fd,
           guint8 *buffer,
           gsize   length)
{
  gsize done = 0;

  while (done < length)
    {
      gssize n = pread (fd, buffer + done, length - done, (off_t)done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        break;
      done += n;
    }

  return done;
}

/* What a picture is, from its first bytes */

static gboolean
is_heif_brand (const guint8 *brand,
               gboolean     *avif)
{
  static const char * const still_brands[] = { "heic", "heix", "heim", "heis", "mif1", NULL };

  if (memcmp (brand, "avif", 4) == 0)
    {
      *avif = TRUE;
      return TRUE;
    }

  for (guint i = 0; still_brands[i] != NULL; i++)
    {
      if (memcmp (brand, still_brands[i], 4) == 0)
        return TRUE;
    }

  return FALSE;
}

static PictureFormat
sniff_picture (const guint8 *head,
               gsize         length)
{
  static const guint8 png_signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (length >= 3 && head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff)
    return PICTURE_JPEG;
  if (length >= sizeof png_signature && memcmp (head, png_signature, sizeof png_signature) == 0)
    return PICTURE_PNG;
  if (length >= 6 && (memcmp (head, "GIF87a", 6) == 0 || memcmp (head, "GIF89a", 6) == 0))
    return PICTURE_GIF;
  if (length >= 12 && memcmp (head, "RIFF", 4) == 0 && memcmp (head + 8, "WEBP", 4) == 0)
    return PICTURE_WEBP;

  /* HEIF and AVIF are ISO media files, like MP4 clips; the brands in
   * their ftyp box tell a still picture from a movie. */
  if (length >= 16 && memcmp (head + 4, "ftyp", 4) == 0)
    {
      gsize box_end = MIN (read_be32 (head), length);
      gboolean avif = FALSE;

      if (is_heif_brand (head + 8, &avif))
        return avif ? PICTURE_AVIF : PICTURE_HEIF;
      for (gsize offset = 16; offset + 4 <= box_end; offset += 4)
        {
          if (is_heif_brand (head + offset, &avif))
            return avif ? PICTURE_AVIF : PICTURE_HEIF;
        }
    }

  return PICTURE_NONE;
}

/* The size a WebP claims, from its first chunk; FALSE when it is not one
 * Lull knows (the decoder would not know it either). GdkPixbuf's WebP
 * loader decodes at full size whatever it is asked, so this is the only
 * check before the memory is taken. */
static gboolean
webp_size (const guint8 *head,
           gsize         length,
           guint64      *width,
           guint64      *height)
{
  const guint8 *data = head + 20;

  if (length < 30)
    return FALSE;

  if (memcmp (head + 12, "VP8X", 4) == 0)
    {
      *width = (guint64)read_le24 (data + 4) + 1;
      *height = (guint64)read_le24 (data + 7) + 1;
      return TRUE;
    }
  if (memcmp (head + 12, "VP8 ", 4) == 0 && data[3] == 0x9d && data[4] == 0x01 && data[5] == 0x2a)
    {
      *width = (data[6] | data[7] << 8) & 0x3fff;
      *height = (data[8] | data[9] << 8) & 0x3fff;
      return *width > 0 && *height > 0;
    }
  if (memcmp (head + 12, "VP8L", 4) == 0 && data[0] == 0x2f)
    {
      *width = 1 + (((data[2] & 0x3f) << 8) | data[1]);
      *height = 1 + (((data[4] & 0x0f) << 10) | (data[3] << 2) | ((data[2] & 0xc0) >> 6));
      return TRUE;
    }

  return FALSE;
}

/* ISO boxes, for HEIF: a 32-bit size (1: a 64-bit size follows; 0: up to
 * the end) and a four-letter type. */
typedef struct
{
  const guint8 *data;
  gsize         length;
} Span;

static gboolean
next_box (Span       *siblings,
          const char *wanted,
          Span       *content)
{
  while (siblings->length >= 8)
    {
      guint64 size = read_be32 (siblings->data);
      gsize header = 8;
      gboolean match = memcmp (siblings->data + 4, wanted, 4) == 0;

      if (size == 1)
        {
          if (siblings->length < 16)
            return FALSE;
          size = read_be64 (siblings->data + 8);
          header = 16;
        }
      else if (size == 0)
        size = siblings->length;

      if (size < header || size > siblings->length)
        return FALSE;

      content->data = siblings->data + header;
      content->length = size - header;
      siblings->data += size;
      siblings->length -= size;
      if (match)
        return TRUE;
    }

  return FALSE;
}

/* Walks the top-level boxes of an ISO media file (HEIF, MP4, MOV): a box
 * that runs past the end means the file was cut short. A few bytes after
 * the last box, too few to be one, are padding. Returns where the first
 * box of type @wanted holds its content, or FALSE when the file is cut
 * short, cannot be read or has no such box. */
static gboolean
find_top_box (int          fd,
              goffset      file_size,
              const char  *wanted,
              guint64     *content_offset,
              guint64     *content_length)
{
  guint64 end = (guint64)file_size;
  guint64 offset = 0;
  gboolean found = FALSE;

  while (end - offset >= 8)
    {
      guint8 header[16];
      guint64 size;
      gsize header_size = 8;

      if (!read_at (fd, offset, header, 8))
        return FALSE;

      size = read_be32 (header);
      if (size == 1)
        {
          if (!read_at (fd, offset + 8, header + 8, 8))
            return FALSE;
          size = read_be64 (header + 8);
          header_size = 16;
        }
      else if (size == 0)
        size = end - offset;

      if (size < header_size || size > end - offset)
        return FALSE;

      if (!found && memcmp (header + 4, wanted, 4) == 0)
        {
          found = TRUE;
          *content_offset = offset + header_size;
          *content_length = size - header_size;
        }
      offset += size;
    }

  return found;
}

/* The size of a HEIF picture: the largest "ispe" (image spatial extent)
 * among the item properties in its meta box, which is the picture's size
 * or the size of its grid. libheif decodes it whole before GdkPixbuf can
 * ask for less, so this is the only check before the memory is taken. */
static gboolean
check_heif (int           fd,
            goffset       file_size,
            const char   *display,
            GError      **error)
{
  g_autofree guint8 *meta = NULL;
  guint64 meta_offset = 0;
  guint64 meta_length = 0;
  guint64 width = 0;
  guint64 height = 0;
  Span children, iprp, ipco, ispe;

  /* The meta box is a full box: version and flags come first. */
  if (!find_top_box (fd, file_size, "meta", &meta_offset, &meta_length)
      || meta_length < 4 || meta_length > HEIF_META_MAX_BYTES)
    goto damaged;
  meta = g_malloc (meta_length);
  if (!read_at (fd, meta_offset, meta, meta_length))
    goto damaged;

  children = (Span) { meta + 4, meta_length - 4 };
  if (!next_box (&children, "iprp", &iprp) || !next_box (&iprp, "ipco", &ipco))
    goto damaged;

  while (next_box (&ipco, "ispe", &ispe))
    {
      guint64 w, h;

      if (ispe.length < 12)
        goto damaged;
      w = read_be32 (ispe.data + 4);
      h = read_be32 (ispe.data + 8);
      if (w * h > width * height)
        {
          width = w;
          height = h;
        }
    }

  if (width == 0 || height == 0)
    goto damaged;
  if (width * height > LULL_PHOTO_MAX_PIXELS)
    {
      set_too_many_pixels_error (error, display, width, height);
      return FALSE;
    }

  return TRUE;

damaged:
  set_damaged_error (error, display);
  return FALSE;
}

/* Whether a JPEG or PNG reaches its end: fed the same bytes as the
 * decoder, it follows the file's segments (JPEG) or chunks (PNG) without
 * decoding anything, up to the end-of-image marker or the IEND chunk.
 * Anything after that (a phone's trailer) is left alone. */
typedef enum
{
  END_JPEG_MARKER,    /* between segments, waiting for 0xff */
  END_JPEG_CODE,      /* after 0xff */
  END_JPEG_LENGTH,    /* a segment's two length bytes */
  END_JPEG_SCAN,      /* entropy-coded data, after a start of scan */
  END_JPEG_SCAN_FF,   /* 0xff in it: stuffing, a restart or a marker */
  END_PNG_HEADER,     /* a chunk's length and type */
  END_SKIP,           /* the rest of a segment or chunk */
  END_REACHED,
  END_BROKEN,
} EndState;

typedef struct
{
  EndState  state;
  EndState  after_skip;
  guint64   skip;
  guint8    header[8];
  guint     have;
  guint8    code;
  gboolean  last_chunk;
} EndCheck;

static void
end_check_init (EndCheck      *check,
                PictureFormat  format)
{
  memset (check, 0, sizeof *check);

  switch (format)
    {
    case PICTURE_JPEG:
      check->state = END_JPEG_MARKER;
      break;

    case PICTURE_PNG:
      /* The signature, then chunks. */
      check->state = END_SKIP;
      check->skip = 8;
      check->after_skip = END_PNG_HEADER;
      break;

    case PICTURE_NONE:
    case PICTURE_GIF:
    case PICTURE_WEBP:
    case PICTURE_HEIF:
    case PICTURE_AVIF:
    default:
      /* Checked otherwise: the GIF decoder says when frames are missing,
       * WebP and HEIF files give their length up front. */
      check->state = END_REACHED;
      break;
    }
}

static void
end_check_jpeg_marker (EndCheck *check,
                       guint8    code)
{
  if (code == 0xff)
    check->state = END_JPEG_CODE;
  else if (code == 0xd9)
    check->state = END_REACHED;
  else if (code == 0xd8 || code == 0x01 || (code >= 0xd0 && code <= 0xd7))
    check->state = END_JPEG_MARKER;   /* no length */
  else
    {
      check->code = code;
      check->have = 0;
      check->state = END_JPEG_LENGTH;
    }
}

static void
end_check_skip (EndCheck *check,
                guint64   skip,
                EndState  after)
{
  check->skip = skip;
  check->after_skip = after;
  check->state = skip > 0 ? END_SKIP : after;
}

static void
end_check_feed (EndCheck     *check,
                const guint8 *data,
                gsize         length)
{
  gsize i = 0;

  while (i < length && check->state != END_REACHED && check->state != END_BROKEN)
    {
      guint8 byte;

      if (check->state == END_SKIP)
        {
          gsize n = (gsize)MIN (check->skip, (guint64)(length - i));

          check->skip -= n;
          i += n;
          if (check->skip == 0)
            check->state = check->last_chunk ? END_REACHED : check->after_skip;
          continue;
        }

      byte = data[i++];
      switch (check->state)
        {
        case END_JPEG_MARKER:
          /* Stray bytes between segments are passed over, as libjpeg does. */
          if (byte == 0xff)
            check->state = END_JPEG_CODE;
          break;

        case END_JPEG_CODE:
          end_check_jpeg_marker (check, byte);
          break;

        case END_JPEG_LENGTH:
          check->header[check->have++] = byte;
          if (check->have == 2)
            {
              guint segment = check->header[0] << 8 | check->header[1];

              if (segment < 2)
                check->state = END_BROKEN;
              else
                end_check_skip (check, segment - 2,
                                check->code == 0xda ? END_JPEG_SCAN : END_JPEG_MARKER);
            }
          break;

        case END_JPEG_SCAN:
          if (byte == 0xff)
            check->state = END_JPEG_SCAN_FF;
          break;

        case END_JPEG_SCAN_FF:
          if (byte == 0x00 || (byte >= 0xd0 && byte <= 0xd7))
            check->state = END_JPEG_SCAN;
          else if (byte != 0xff)
            end_check_jpeg_marker (check, byte);
          break;

        case END_PNG_HEADER:
          check->header[check->have++] = byte;
          if (check->have == 8)
            {
              guint32 chunk = read_be32 (check->header);

              check->have = 0;
              if (chunk > G_MAXINT32)
                check->state = END_BROKEN;
              else
                {
                  check->last_chunk = memcmp (check->header + 4, "IEND", 4) == 0;
                  /* The data, then the CRC. */
                  end_check_skip (check, (guint64)chunk + 4, END_PNG_HEADER);
                }
            }
          break;

        case END_SKIP:
        case END_REACHED:
        case END_BROKEN:
        default:
          g_assert_not_reached ();
        }
    }
}

/* Pictures */

/* The most a decoder may make: the size the header claims, within
 * LULL_PHOTO_MAX_SIDE on the long side. The box is square, so a picture
 * turned a quarter by its EXIF orientation (5 to 8) fits it just the
 * same after turning. */
static void
fit_within (int  width,
            int  height,
            int *fit_width,
            int *fit_height)
{
  int longest = MAX (width, height);

  if (longest <= LULL_PHOTO_MAX_SIDE)
    {
      *fit_width = width;
      *fit_height = height;
      return;
    }

  *fit_width = MAX (1, (int)((double)width * LULL_PHOTO_MAX_SIDE / longest + 0.5));
  *fit_height = MAX (1, (int)((double)height * LULL_PHOTO_MAX_SIDE / longest + 0.5));
}

typedef struct
{
  int      width;
  int      height;
  gboolean too_large;
} Claim;

/* Emitted once the header is read, before the decoder takes any memory
 * for pixels. A size of 0 × 0 makes the JPEG, PNG and GIF loaders stop
 * there with an error; WebP and HEIF were checked before. */
static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  Claim *claim = user_data;
  int fit_width, fit_height;

  claim->width = width;
  claim->height = height;

  if (width <= 0 || height <= 0 || (guint64)width * (guint64)height > LULL_PHOTO_MAX_PIXELS)
    {
      claim->too_large = width > 0 && height > 0;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }

  fit_within (width, height, &fit_width, &fit_height);
  if (fit_width != width || fit_height != height)
    gdk_pixbuf_loader_set_size (loader, fit_width, fit_height);
}

/* Decodes the open file from its start; NULL with @error when it cannot
 * be, is too large, or stops short. */
static GdkPixbuf *
decode_picture (int             fd,
                PictureFormat   format,
                const char     *display,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) load_error = NULL;
  g_autofree guint8 *buffer = NULL;
  GdkPixbuf *pixbuf;
  Claim claim = { 0, };
  EndCheck end;
  gboolean written = TRUE;
  gboolean closed;

  loader = gdk_pixbuf_loader_new_with_mime_type (picture_mime_types[format], &load_error);
  if (loader == NULL)
    {
      g_debug ("No loader for %s: %s", picture_mime_types[format], load_error->message);
      g_set_error (error, LULL_PHOTO_IMPORT_ERROR, LULL_PHOTO_IMPORT_ERROR_UNSUPPORTED,
                   _("“%s” is a kind of picture this computer cannot open yet, so it was not "
                     "added. Install GdkPixbuf’s support for it, or save it as JPEG, then try "
                     "again."),
                   display);
      return NULL;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &claim);

  end_check_init (&end, format);
  buffer = g_malloc (READ_CHUNK_BYTES);

  for (;;)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          gdk_pixbuf_loader_close (loader, NULL);
          return NULL;
        }

      n = read (fd, buffer, READ_CHUNK_BYTES);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          lull_media_import_set_read_error (&photo_import_kind, error, display, g_strerror (errno));
          gdk_pixbuf_loader_close (loader, NULL);
          return NULL;
        }
      if (n == 0)
        break;

      end_check_feed (&end, buffer, n);
      /* A loader that fails a write has closed itself. */
      written = gdk_pixbuf_loader_write (loader, buffer, n, &load_error);
      if (!written || claim.too_large)
        break;
    }

  closed = written && gdk_pixbuf_loader_close (loader, load_error == NULL ? &load_error : NULL);

  if (claim.too_large)
    {
      set_too_many_pixels_error (error, display, claim.width, claim.height);
      return NULL;
    }

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (!closed || end.state != END_REACHED || pixbuf == NULL)
    {
      g_debug ("%s: %s", display, load_error != NULL ? load_error->message : "stops short");
      set_damaged_error (error, display);
      return NULL;
    }

  return g_object_ref (pixbuf);
}

/* Whether any pixel is less than opaque: many pictures carry an alpha
 * channel they never use (GdkPixbuf gives a CMYK JPEG one). */
static gboolean
has_transparency (GdkPixbuf *pixbuf)
{
  const guint8 *pixels;
  int width, height, rowstride;

  if (!gdk_pixbuf_get_has_alpha (pixbuf))
    return FALSE;

  pixels = gdk_pixbuf_read_pixels (pixbuf);
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  rowstride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < height; y++)
    {
      const guint8 *row = pixels + (gsize)y * rowstride;

      for (int x = 0; x < width; x++)
        {
          if (row[x * 4 + 3] != 0xff)
            return TRUE;
        }
    }

  return FALSE;
}

static gboolean
photo_name_is_free (const char *name,
                    gpointer    user_data)
{
  return lull_file_id_is_valid (name);
}

static gboolean
save_chunk_cb (const char  *buffer,
               gsize        count,
               GError     **error,
               gpointer     user_data)
{
  return lull_media_import_copy_write (user_data, buffer, count, error);
}

/* Writes @pixbuf into photos/ under a name made from @display. */
static char *
save_picture (LullDataRoot  *data_root,
              GdkPixbuf     *pixbuf,
              const char    *display,
              GError       **error)
{
  g_autoptr(LullMediaImportCopy) copy = NULL;
  g_autoptr(GError) save_error = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *extension = NULL;
  gboolean transparent = has_transparency (pixbuf);
  gboolean saved;

  copy = lull_media_import_copy_new (&photo_import_kind, data_root, display, error);
  if (copy == NULL)
    return NULL;

  /* Only the pixels are handed over, and no options that would carry
   * anything else: no EXIF, no place, no ICC profile (GTK 4.8 does not
   * read one). */
  if (transparent)
    saved = gdk_pixbuf_save_to_callback (pixbuf, save_chunk_cb, copy, "png", &save_error, NULL);
  else
    saved = gdk_pixbuf_save_to_callback (pixbuf, save_chunk_cb, copy, "jpeg", &save_error,
                                         "quality", JPEG_QUALITY, NULL);
  if (!saved)
    {
      if (save_error->domain == LULL_PHOTO_IMPORT_ERROR)
        g_propagate_error (error, g_steal_pointer (&save_error));
      else
        lull_media_import_set_save_error (&photo_import_kind, error, display, save_error->message);
      return NULL;
    }

  lull_media_import_safe_name_parts (display, photo_import_kind.fallback_stem, &stem, &extension);

  return lull_media_import_copy_finish (copy, stem, transparent ? "png" : "jpg",
                                        photo_name_is_free, NULL, error);
}

static char *
import_picture (LullDataRoot       *data_root,
                int                 fd,
                const struct stat  *st,
                const guint8       *head,
                gsize               head_length,
                PictureFormat       format,
                const char         *display,
                GCancellable       *cancellable,
                GError            **error)
{
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GdkPixbuf) upright = NULL;
  int width, height, fit_width, fit_height;

  if (st->st_size > PICTURE_MAX_BYTES)
    {
      g_set_error (error, LULL_PHOTO_IMPORT_ERROR, LULL_PHOTO_IMPORT_ERROR_TOO_LARGE,
                   _("“%s” is too large a file for a photo, so it was not added. Save a smaller "
                     "copy of it, then try again."),
                   display);
      return NULL;
    }

  if (format == PICTURE_WEBP)
    {
      guint64 claimed_width, claimed_height;

      /* The RIFF header gives the length of what follows it. */
      if ((guint64)read_le32 (head + 4) + 8 > (guint64)st->st_size
          || !webp_size (head, head_length, &claimed_width, &claimed_height))
        {
          set_damaged_error (error, display);
          return NULL;
        }
      if (claimed_width * claimed_height > LULL_PHOTO_MAX_PIXELS)
        {
          set_too_many_pixels_error (error, display, claimed_width, claimed_height);
          return NULL;
        }
    }
  else if ((format == PICTURE_HEIF || format == PICTURE_AVIF)
           && !check_heif (fd, st->st_size, display, error))
    return NULL;

  decoded = decode_picture (fd, format, display, cancellable, error);
  if (decoded == NULL)
    return NULL;

  /* A loader that decodes at full size whatever it is asked for (WebP,
   * HEIF) is brought down to size here. */
  width = gdk_pixbuf_get_width (decoded);
  height = gdk_pixbuf_get_height (decoded);
  fit_within (width, height, &fit_width, &fit_height);
  if (fit_width != width || fit_height != height)
    {
      GdkPixbuf *scaled = gdk_pixbuf_scale_simple (decoded, fit_width, fit_height, GDK_INTERP_BILINEAR);

      if (scaled == NULL)
        {
          set_too_many_pixels_error (error, display, width, height);
          return NULL;
        }
      g_object_unref (decoded);
      decoded = scaled;
    }

  /* The JPEG loader reads the EXIF orientation into an option; the
   * pixels are turned, and the option is not written back. */
  upright = gdk_pixbuf_apply_embedded_orientation (decoded);
  g_clear_object (&decoded);
  if (upright == NULL)
    {
      set_damaged_error (error, display);
      return NULL;
    }

  return save_picture (data_root, upright, display, error);
}

/* Clips */

typedef struct
{
  LullDataRoot  *data_root;
  GstDiscoverer *discoverer;   /* made for the first clip */
} Importer;

static void
importer_init (Importer     *importer,
               LullDataRoot *data_root)
{
  importer->data_root = g_object_ref (data_root);
  importer->discoverer = NULL;
}

static void
importer_clear (Importer *importer)
{
  g_clear_object (&importer->discoverer);
  g_clear_object (&importer->data_root);
}

static gboolean
is_media_type (const char *content_type)
{
  return g_str_has_prefix (content_type, "video/")
         || g_str_has_prefix (content_type, "audio/")
         || g_content_type_is_a (content_type, "application/ogg")
         || g_content_type_is_a (content_type, "application/x-matroska")
         || g_content_type_is_a (content_type, "application/mp4");
}

/* The clip containers GtkVideo is given, by what the file holds. */
static const char *
clip_extension (const char *content_type)
{
  /* WebM is a kind of Matroska, which Lull does not take. */
  if (g_content_type_is_a (content_type, "video/webm"))
    return "webm";
  if (g_content_type_is_a (content_type, "video/quicktime"))
    return "mov";
  if (g_content_type_is_a (content_type, "video/mp4"))
    return "mp4";

  return NULL;
}

/* What GStreamer could not find, when the picture needs it: a video
 * decoder or the container's demuxer. Sound it cannot decode only leaves
 * the clip silent. */
static gboolean
missing_for_picture (GstDiscovererInfo  *info,
                     char              **description)
{
  const char **details = gst_discoverer_info_get_missing_elements_installer_details (info);
  gboolean missing = FALSE;

  for (guint i = 0; details != NULL && details[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (details[i], "|", 5);

      if (g_strv_length (fields) < 5 || g_str_has_prefix (fields[4], "decoder-audio/")
          || g_str_has_prefix (fields[4], "decoder-text/")
          || g_str_has_prefix (fields[4], "decoder-subpicture/"))
        continue;

      missing = TRUE;
      if (*description == NULL)
        *description = g_strdup (fields[3]);
    }

  return missing;
}

static gboolean
has_moving_picture (GstDiscovererInfo *info)
{
  GList *videos = gst_discoverer_info_get_video_streams (info);
  gboolean moving = FALSE;

  for (GList *l = videos; l != NULL && !moving; l = l->next)
    moving = !gst_discoverer_video_info_is_image (l->data);

  gst_discoverer_stream_info_list_free (videos);

  return moving;
}

static gboolean
has_sound (GstDiscovererInfo *info)
{
  GList *audios = gst_discoverer_info_get_audio_streams (info);
  gboolean sound = audios != NULL;

  gst_discoverer_stream_info_list_free (audios);

  return sound;
}

/* Checks the clip open as @fd with GStreamer, so that only clips the
 * slideshow can play are added. Blocks while GStreamer reads it. */
static gboolean
check_clip (Importer    *importer,
            int          fd,
            const char  *path,
            const char  *display,
            GError     **error)
{
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *fd_path = NULL;
  g_autofree char *codec = NULL;
  GstDiscovererResult result;

  if (importer->discoverer == NULL)
    {
      if (lull_media_init (&local_error))
        importer->discoverer = gst_discoverer_new (DISCOVER_TIMEOUT, &local_error);
      if (importer->discoverer == NULL)
        {
          g_set_error (error, LULL_PHOTO_IMPORT_ERROR, LULL_PHOTO_IMPORT_ERROR_FAILED,
                       _("Lull cannot read clips (%s), so “%s” was not added. Reinstall Lull’s "
                         "GStreamer plugins, then try again."),
                       local_error->message, display);
          return FALSE;
        }
    }

  /* The checked file itself, not whatever has its name by now. */
  if (g_file_test (PROC_FD_FOLDER, G_FILE_TEST_IS_DIR))
    fd_path = g_strdup_printf (PROC_FD_FOLDER "/%d", fd);

  /* A clip's length is not needed, and push mode hears every error. */
  info = lull_media_import_discover (importer->discoverer, fd_path != NULL ? fd_path : path,
                                     TRUE, &result, &local_error);

  switch (result)
    {
    case GST_DISCOVERER_OK:
      break;

    case GST_DISCOVERER_MISSING_PLUGINS:
      if (missing_for_picture (info, &codec))
        {
          lull_media_import_set_missing_codec_error (&photo_import_kind, error, display, codec);
          return FALSE;
        }
      break;

    case GST_DISCOVERER_TIMEOUT:
      lull_media_import_set_too_slow_error (&photo_import_kind, error, display);
      return FALSE;

    case GST_DISCOVERER_URI_INVALID:
    case GST_DISCOVERER_ERROR:
    case GST_DISCOVERER_BUSY:
    default:
      g_debug ("%s: %s", display, local_error != NULL ? local_error->message : "no answer");
      if (local_error != NULL && local_error->domain == GST_RESOURCE_ERROR)
        lull_media_import_set_read_error (&photo_import_kind, error, display, local_error->message);
      else
        set_damaged_error (error, display);
      return FALSE;
    }

  if (!has_moving_picture (info))
    {
      if (has_sound (info))
        g_set_error (error, LULL_PHOTO_IMPORT_ERROR, LULL_PHOTO_IMPORT_ERROR_NO_VIDEO,
                     _("“%s” has sound but no picture, so it was not added. Sounds can be added "
                       "in Sounds."),
                     display);
      else
        g_set_error (error, LULL_PHOTO_IMPORT_ERROR, LULL_PHOTO_IMPORT_ERROR_NO_VIDEO,
                     _("“%s” has no picture Lull can show, so it was not added."),
                     display);
      return FALSE;
    }

  return TRUE;
}

static char *
import_clip (Importer      *importer,
             int            fd,
             const char    *path,
             const char    *content_type,
             const char    *display,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(LullMediaImportCopy) copy = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *extension = NULL;
  const char *container;

  container = clip_extension (content_type);

  /* An MP4 or MOV cut short (a copy that stopped, a download that did
   * not finish) is told by its boxes: GStreamer reads the movie box
   * and would take one whose media data stops half-way. */
  if (container != NULL && !g_str_equal (container, "webm"))
    {
      struct stat st;
      guint64 offset, length;

      if (fstat (fd, &st) != 0 || !find_top_box (fd, st.st_size, "moov", &offset, &length))
        {
          set_damaged_error (error, display);
          return NULL;
        }
    }

  if (!check_clip (importer, fd, path, display, error))
    return NULL;

  if (container == NULL)
    {
      g_set_error (error, LULL_PHOTO_IMPORT_ERROR, LULL_PHOTO_IMPORT_ERROR_UNSUPPORTED,
                   _("“%s” is a kind of clip Lull does not take, so it was not added. Save it "
                     "as MP4, MOV or WebM, then try again."),
                   display);
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  copy = lull_media_import_copy_new (&photo_import_kind, importer->data_root, display, error);
  if (copy == NULL || !lull_media_import_copy_splice (copy, fd, cancellable, error))
    return NULL;

  lull_media_import_safe_name_parts (display, photo_import_kind.fallback_stem, &stem, &extension);

  return lull_media_import_copy_finish (copy, stem, container, photo_name_is_free, NULL, error);
}

/* One file */

static char *
import_one (Importer      *importer,
            const char    *path,
            const char    *display,
            GCancellable  *cancellable,
            GError       **error)
{
  guint8 head[HEAD_BYTES];
  struct stat st;
  PictureFormat format;
  gssize head_length;
  char *id = NULL;
  int fd;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  fd = lull_media_import_open (&photo_import_kind, path, display, &st, error);
  if (fd < 0)
    return NULL;

  head_length = st.st_size > 0 ? read_head (fd, head, sizeof head) : 0;
  if (head_length < 0)
    lull_media_import_set_read_error (&photo_import_kind, error, display, g_strerror (errno));
  else if (head_length == 0)
    g_set_error (error, LULL_PHOTO_IMPORT_ERROR, LULL_PHOTO_IMPORT_ERROR_DAMAGED,
                 _("“%s” is empty, so it was not added. Copy it again from the original, then "
                   "try again."),
                 display);
  else if ((format = sniff_picture (head, head_length)) != PICTURE_NONE)
    id = import_picture (importer->data_root, fd, &st, head, head_length, format, display,
                         cancellable, error);
  else
    {
      g_autofree char *content_type = g_content_type_guess (NULL, head, head_length, NULL);

      if (is_media_type (content_type))
        id = import_clip (importer, fd, path, content_type, display, cancellable, error);
      else
        set_unsupported_error (error, display);
    }

  close (fd);

  return id;
}

/**
 * lull_photo_import_file:
 * @data_root: where the photo goes (its `photos/` folder)
 * @source: a photo or clip on this computer
 *
 * Refuses, each with one sentence that names the file: what is not a
 * regular file or leads through a link loop
 * (%LULL_PHOTO_IMPORT_ERROR_NOT_REGULAR); a file that is gone or cannot
 * be read (%LULL_PHOTO_IMPORT_ERROR_NOT_FOUND); anything but a JPEG, PNG,
 * WebP, GIF, HEIF or AVIF picture or an MP4, MOV or WebM clip
 * (%LULL_PHOTO_IMPORT_ERROR_UNSUPPORTED); a picture over
 * %LULL_PHOTO_MAX_PIXELS, from its header (%LULL_PHOTO_IMPORT_ERROR_TOO_LARGE);
 * an empty, cut-short or broken file (%LULL_PHOTO_IMPORT_ERROR_DAMAGED);
 * a media file with no moving picture (%LULL_PHOTO_IMPORT_ERROR_NO_VIDEO);
 * and a copy that cannot be written (%LULL_PHOTO_IMPORT_ERROR_FAILED),
 * which leaves nothing behind. A folder is not a file here; a
 * #LullPhotoImport reads folders.
 *
 * Returns: (transfer full) (nullable): the photo's id, its file name in
 *   `photos/`
 */
char *
lull_photo_import_file (LullDataRoot  *data_root,
                        GFile         *source,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  Importer importer;
  char *id;

  g_return_val_if_fail (LULL_IS_DATA_ROOT (data_root), NULL);
  g_return_val_if_fail (G_IS_FILE (source), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = lull_media_import_dup_path (&photo_import_kind, source, error);
  if (path == NULL)
    return NULL;
  display = g_filename_display_basename (path);

  importer_init (&importer, data_root);
  id = import_one (&importer, path, display, cancellable, error);
  importer_clear (&importer);

  return id;
}

/* The batch: files and folders */

typedef struct
{
  char *path;      /* NULL for a file that is not on this computer */
  char *display;
  char *problem;   /* why, when path is NULL */
} Source;

typedef struct _Walk Walk;

/* Called once a file is done (@display set), or when only the total
 * grew (@display NULL). */
typedef void (*WalkReport) (Walk       *walk,
                            const char *display,
                            const char *id,
                            const char *reason);

struct _Walk
{
  Importer      importer;
  GCancellable *cancellable;
  /* The folders read so far ("device:inode"), so that a link back to one
   * of them is never read again and a loop ends. */
  GHashTable   *folders;
  /* Lull's own data root, never read as photos (a portable stick's root
   * chosen as the folder to add). */
  GStatBuf      data_root_st;
  gboolean      has_data_root_st;
  guint         done;
  guint         total;
  WalkReport    report;
  gpointer      target;
};

typedef struct
{
  char        *path;
  char        *display;
  char        *problem;   /* a source that is not on this computer */
  char        *sort_key;  /* in a folder: file-manager order */
  gboolean     folder;
  struct stat  st;
} Entry;

static void
source_free (gpointer data)
{
  Source *source = data;

  g_free (source->path);
  g_free (source->display);
  g_free (source->problem);
  g_free (source);
}

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->path);
  g_free (entry->display);
  g_free (entry->problem);
  g_free (entry->sort_key);
}

static void
walk_init (Walk          *walk,
           LullDataRoot  *data_root,
           GCancellable  *cancellable,
           WalkReport     report,
           gpointer       target)
{
  memset (walk, 0, sizeof *walk);
  importer_init (&walk->importer, data_root);
  walk->cancellable = cancellable;
  walk->folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  walk->has_data_root_st = g_stat (lull_data_root_get_path (data_root), &walk->data_root_st) == 0;
  walk->report = report;
  walk->target = target;
}

static void
walk_clear (Walk *walk)
{
  importer_clear (&walk->importer);
  g_clear_pointer (&walk->folders, g_hash_table_unref);
}

static void
walk_refuse (Walk       *walk,
             const char *display,
             const char *reason)
{
  walk->total++;
  walk->done++;
  walk->report (walk, display, NULL, reason);
}

/* Looks at @path, following links: what to do with it. A name that
 * cannot be looked at is taken for a file, and import_one() says why. */
static void
entry_init (Entry      *entry,
            const char *path,
            const char *display)
{
  g_autofree char *resolved = NULL;
  int saved_errno;

  entry->display = g_strdup (display);
  entry->folder = lull_media_import_look (path, &resolved, &entry->st, &saved_errno)
                  && S_ISDIR (entry->st.st_mode);
  entry->path = entry->folder ? g_steal_pointer (&resolved) : g_strdup (path);
}

static gboolean walk_folder (Walk        *walk,
                             const Entry *folder);

static gboolean
walk_file (Walk        *walk,
           const Entry *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (file->problem != NULL)
    {
      walk->done++;
      walk->report (walk, file->display, NULL, file->problem);
      return TRUE;
    }

  id = import_one (&walk->importer, file->path, file->display, walk->cancellable, &error);
  if (id == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  walk->done++;
  walk->report (walk, file->display, id, id != NULL ? NULL : error->message);

  return TRUE;
}

static gboolean
walk_entries (Walk   *walk,
              GArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = &g_array_index (entries, Entry, i);

      if (g_cancellable_is_cancelled (walk->cancellable))
        return FALSE;
      if (!(entry->folder ? walk_folder (walk, entry) : walk_file (walk, entry)))
        return FALSE;
    }

  return TRUE;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *entry_a = a;
  const Entry *entry_b = b;

  return strcmp (entry_a->sort_key, entry_b->sort_key);
}

/* Every file in @folder and in the folders in it, in the order a file
 * manager shows them (IMG_2 before IMG_10). Hidden files (a camera's or
 * a computer's own) are passed over. */
static gboolean
walk_folder (Walk        *walk,
             const Entry *folder)
{
  g_autofree char *key = g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                                          (guint64)folder->st.st_dev, (guint64)folder->st.st_ino);
  g_autoptr(GArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  GDir *dir;
  const char *name;

  if (walk->has_data_root_st && folder->st.st_dev == walk->data_root_st.st_dev
      && folder->st.st_ino == walk->data_root_st.st_ino)
    {
      g_autofree char *reason = g_strdup_printf (_("“%s” is Lull’s own folder, where it keeps "
                                                   "your photos already, so it was skipped."),
                                                 folder->display);

      walk_refuse (walk, folder->display, reason);
      return TRUE;
    }

  if (!g_hash_table_add (walk->folders, g_steal_pointer (&key)))
    {
      g_autofree char *reason = g_strdup_printf (_("“%s” leads to a folder Lull has already "
                                                   "looked through, so it was skipped."),
                                                 folder->display);

      walk_refuse (walk, folder->display, reason);
      return TRUE;
    }

  dir = g_dir_open (folder->path, 0, &error);
  if (dir == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("Lull could not look in the folder “%s” (%s). "
                                                   "Check that you may open it, then try again."),
                                                 folder->display, error->message);

      walk_refuse (walk, folder->display, reason);
      return TRUE;
    }

  entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (entries, entry_clear);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *display = NULL;
      Entry entry = { 0, };

      if (name[0] == '.')
        continue;

      path = g_build_filename (folder->path, name, NULL);
      display = g_filename_display_name (name);
      entry_init (&entry, path, display);
      entry.sort_key = g_utf8_collate_key_for_filename (display, -1);
      if (!entry.folder)
        walk->total++;
      g_array_append_val (entries, entry);
    }
  g_dir_close (dir);
  g_array_sort (entries, compare_entries);

  walk->report (walk, NULL, NULL, NULL);

  return walk_entries (walk, entries);
}

/* FALSE when cancelled. */
static gboolean
walk_sources (Walk      *walk,
              GPtrArray *sources)
{
  g_autoptr(GArray) entries = g_array_sized_new (FALSE, TRUE, sizeof (Entry), sources->len);

  g_array_set_clear_func (entries, entry_clear);

  /* The files given count from the start; each folder adds its own as it
   * is read. */
  for (guint i = 0; i < sources->len; i++)
    {
      const Source *source = g_ptr_array_index (sources, i);
      Entry entry = { 0, };

      if (source->path != NULL)
        entry_init (&entry, source->path, source->display);
      else
        {
          entry.display = g_strdup (source->display);
          entry.problem = g_strdup (source->problem);
        }
      if (!entry.folder)
        walk->total++;
      g_array_append_val (entries, entry);
    }

  walk->report (walk, NULL, NULL, NULL);

  return walk_entries (walk, entries);
}

/* The object */

typedef struct
{
  char *display;
  char *reason;
} Refusal;

struct _LullPhotoImport
{
  GObject        parent_instance;

  LullDataRoot  *data_root;
  GPtrArray     *sources;    /* Source */
  GPtrArray     *imported;   /* ids, NULL-terminated */
  GPtrArray     *refused;    /* Refusal */
  gboolean       running;
};

G_DEFINE_FINAL_TYPE (LullPhotoImport, lull_photo_import, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATA_ROOT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FILE_DONE,
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
refusal_free (gpointer data)
{
  Refusal *refusal = data;

  g_free (refusal->display);
  g_free (refusal->reason);
  g_free (refusal);
}

/* On the context of the caller of run() or run_async(). */
static void
file_done (LullPhotoImport *self,
           const char      *display,
           const char      *id,
           const char      *reason,
           guint            done,
           guint            total)
{
  if (display != NULL)
    {
      if (id != NULL)
        g_ptr_array_add (self->imported, g_strdup (id));
      else
        {
          Refusal *refusal = g_new0 (Refusal, 1);

          refusal->display = g_strdup (display);
          refusal->reason = g_strdup (reason);
          g_ptr_array_add (self->refused, refusal);
        }
      g_signal_emit (self, signals[FILE_DONE], 0, display, id, reason);
    }

  g_signal_emit (self, signals[PROGRESS], 0, done, total);
}

static void
report_now (Walk       *walk,
            const char *display,
            const char *id,
            const char *reason)
{
  file_done (walk->target, display, id, reason, walk->done, walk->total);
}

/* What the worker thread shares with the caller's context. */
typedef struct
{
  LullDataRoot *data_root;
  GPtrArray    *sources;   /* Source */
  GMainContext *context;
  /* The caller's task: its reference is held by the worker task's
   * callback, which runs after every report. */
  GTask        *task;
} Job;

typedef struct
{
  GTask *task;
  char  *display;
  char  *id;
  char  *reason;
  guint  done;
  guint  total;
} Report;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->data_root);
  g_ptr_array_unref (job->sources);
  g_main_context_unref (job->context);
  g_free (job);
}

static void
report_free (gpointer data)
{
  Report *report = data;

  g_object_unref (report->task);
  g_free (report->display);
  g_free (report->id);
  g_free (report->reason);
  g_free (report);
}

static gboolean
report_cb (gpointer data)
{
  Report *report = data;

  file_done (g_task_get_source_object (report->task), report->display, report->id,
             report->reason, report->done, report->total);

  return G_SOURCE_REMOVE;
}

/* Hands a report to the caller's context. Not g_main_context_invoke():
 * from a thread with no context of its own, that runs the callback right
 * there whenever the context happens to be free. Idle sources of one
 * priority run in the order they were attached, so the reports, and the
 * task's end after them, keep their order. */
static void
report_later (Walk       *walk,
              const char *display,
              const char *id,
              const char *reason)
{
  Job *job = walk->target;
  Report *report = g_new0 (Report, 1);
  GSource *source = g_idle_source_new ();

  report->task = g_object_ref (job->task);
  report->display = g_strdup (display);
  report->id = g_strdup (id);
  report->reason = g_strdup (reason);
  report->done = walk->done;
  report->total = walk->total;

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, report_cb, report, report_free);
  g_source_set_static_name (source, "[lull] photo imported");
  g_source_attach (source, job->context);
  g_source_unref (source);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  Walk walk;
  gboolean finished;

  walk_init (&walk, job->data_root, cancellable, report_later, job);
  finished = walk_sources (&walk, job->sources);
  walk_clear (&walk);

  g_task_return_boolean (task, finished);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LullPhotoImport *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (G_TASK (result));

  /* Let go of the data root here rather than on the worker. */
  g_clear_object (&job->data_root);
  self->running = FALSE;

  if (g_task_propagate_boolean (G_TASK (result), NULL))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("Lull stopped adding photos. What it had added stays."));
}

static GPtrArray *
copy_sources (GPtrArray *sources)
{
  GPtrArray *copy = g_ptr_array_new_full (sources->len, source_free);

  for (guint i = 0; i < sources->len; i++)
    {
      const Source *source = g_ptr_array_index (sources, i);
      Source *twin = g_new0 (Source, 1);

      twin->path = g_strdup (source->path);
      twin->display = g_strdup (source->display);
      twin->problem = g_strdup (source->problem);
      g_ptr_array_add (copy, twin);
    }

  return copy;
}

static void
lull_photo_import_finalize (GObject *object)
{
  LullPhotoImport *self = (LullPhotoImport *)object;

  g_clear_object (&self->data_root);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->imported, g_ptr_array_unref);
  g_clear_pointer (&self->refused, g_ptr_array_unref);

  G_OBJECT_CLASS (lull_photo_import_parent_class)->finalize (object);
}

static void
lull_photo_import_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LullPhotoImport *self = LULL_PHOTO_IMPORT (object);

  switch (prop_id)
    {
    case PROP_DATA_ROOT:
      g_value_set_object (value, self->data_root);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_photo_import_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LullPhotoImport *self = LULL_PHOTO_IMPORT (object);

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
lull_photo_import_class_init (LullPhotoImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lull_photo_import_finalize;
  object_class->get_property = lull_photo_import_get_property;
  object_class->set_property = lull_photo_import_set_property;

  properties[PROP_DATA_ROOT] =
    g_param_spec_object ("data-root", NULL, NULL,
                         LULL_TYPE_DATA_ROOT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LullPhotoImport::file-done:
   * @display_name: the file's name, as shown
   * @id: (nullable): the new photo's id, or %NULL when it was refused
   * @reason: (nullable): why it was refused: one sentence naming it
   *
   * Once for each file found, in order; also for a folder that could not
   * be read or was reached a second time.
   */
  signals[FILE_DONE] =
    g_signal_new ("file-done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * LullPhotoImport::progress:
   * @done: the files done so far
   * @total: the files found so far; it grows as folders are read
   */
  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_UINT,
                  G_TYPE_UINT);
}

static void
lull_photo_import_init (LullPhotoImport *self)
{
  self->sources = g_ptr_array_new_with_free_func (source_free);
  self->imported = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  self->refused = g_ptr_array_new_with_free_func (refusal_free);
}

/**
 * lull_photo_import_new:
 * @sources: (array length=n_sources): photos, clips and folders
 *
 * A batch to run once, with lull_photo_import_run() or
 * lull_photo_import_run_async(). Hidden files inside folders are passed
 * over; a folder reached a second time (through a link) is not read
 * again.
 */
LullPhotoImport *
lull_photo_import_new (LullDataRoot  *data_root,
                       GFile        **sources,
                       guint          n_sources)
{
  LullPhotoImport *self;

  g_return_val_if_fail (LULL_IS_DATA_ROOT (data_root), NULL);
  g_return_val_if_fail (sources != NULL || n_sources == 0, NULL);

  self = g_object_new (LULL_TYPE_PHOTO_IMPORT, "data-root", data_root, NULL);

  for (guint i = 0; i < n_sources; i++)
    {
      Source *source = g_new0 (Source, 1);
      g_autoptr(GError) error = NULL;

      g_return_val_if_fail (G_IS_FILE (sources[i]), self);

      source->path = lull_media_import_dup_path (&photo_import_kind, sources[i], &error);
      if (source->path != NULL)
        source->display = g_filename_display_basename (source->path);
      else
        {
          g_autofree char *basename = g_file_get_basename (sources[i]);

          source->display = g_strdup (basename != NULL ? basename : "");
          source->problem = g_strdup (error->message);
        }
      g_ptr_array_add (self->sources, source);
    }

  return self;
}

/**
 * lull_photo_import_run:
 *
 * Imports every file on this thread, emitting the signals as it goes.
 * Cancelling stops it between files or in a copy; what was imported
 * stays.
 *
 * Returns: %TRUE when every file was imported
 */
gboolean
lull_photo_import_run (LullPhotoImport *self,
                       GCancellable    *cancellable)
{
  guint n_refused;
  gboolean finished;
  Walk walk;

  g_return_val_if_fail (LULL_IS_PHOTO_IMPORT (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  self->running = TRUE;
  n_refused = self->refused->len;

  walk_init (&walk, self->data_root, cancellable, report_now, self);
  finished = walk_sources (&walk, self->sources);
  walk_clear (&walk);

  self->running = FALSE;

  return finished && self->refused->len == n_refused;
}

/**
 * lull_photo_import_run_async:
 *
 * Imports on a worker thread. The signals, and then @callback, come on
 * the thread-default main context of the caller.
 */
void
lull_photo_import_run_async (LullPhotoImport     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  Job *job;

  g_return_if_fail (LULL_IS_PHOTO_IMPORT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->running);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lull_photo_import_run_async);
  g_task_set_check_cancellable (task, FALSE);
  self->running = TRUE;

  job = g_new0 (Job, 1);
  job->data_root = g_object_ref (self->data_root);
  job->sources = copy_sources (self->sources);
  job->context = g_main_context_ref_thread_default ();
  job->task = task;

  /* The worker's task has no source object: the pool may drop its last
   * reference on the worker thread, and the batch must only ever be
   * released on its own. */
  worker = g_task_new (NULL, cancellable, run_done_cb, g_object_ref (task));
  g_task_set_source_tag (worker, run_thread);
  g_task_set_check_cancellable (worker, FALSE);
  g_task_set_task_data (worker, job, job_free);
  g_task_run_in_thread (worker, run_thread);
}

/**
 * lull_photo_import_run_finish:
 *
 * Returns: %TRUE once every file was looked at (the refused ones are in
 *   lull_photo_import_get_refused()); %FALSE with %G_IO_ERROR_CANCELLED
 *   when cancelled, keeping what was imported
 */
gboolean
lull_photo_import_run_finish (LullPhotoImport  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (LULL_IS_PHOTO_IMPORT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lull_photo_import_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * lull_photo_import_get_imported:
 *
 * Returns: (transfer none) (array zero-terminated=1): the ids imported so
 *   far, in order
 */
const char * const *
lull_photo_import_get_imported (LullPhotoImport *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (LULL_IS_PHOTO_IMPORT (self), NULL);

  if (self->imported->pdata == NULL)
    return none;

  return (const char * const *)self->imported->pdata;
}

guint
lull_photo_import_get_n_refused (LullPhotoImport *self)
{
  g_return_val_if_fail (LULL_IS_PHOTO_IMPORT (self), 0);

  return self->refused->len;
}

/**
 * lull_photo_import_get_refused:
 * @display_name: (out) (optional) (transfer none): the file's name, as shown
 * @reason: (out) (optional) (transfer none): one sentence naming it
 */
void
lull_photo_import_get_refused (LullPhotoImport  *self,
                               guint             index,
                               const char      **display_name,
                               const char      **reason)
{
  const Refusal *refusal;

  g_return_if_fail (LULL_IS_PHOTO_IMPORT (self));
  g_return_if_fail (index < self->refused->len);

  refusal = g_ptr_array_index (self->refused, index);
  if (display_name != NULL)
    *display_name = refusal->display;
  if (reason != NULL)
    *reason = refusal->reason;
}
