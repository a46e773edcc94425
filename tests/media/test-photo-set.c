/* test-photo-set.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <utime.h>

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "lull-data-root.h"
#include "lull-file.h"
#include "lull-media.h"
#include "lull-photo-set.h"
#include "lull-photo-source.h"
#include "lull-test-util.h"
#include "lull-thumbnailer.h"
#include "media-test-util.h"

/* The photo set, its thumbnails and the source a session picks from, on
 * real files: pictures saved with GdkPixbuf and clips made by a real
 * pipeline, in a scratch data root. Thumbnails and decodes run on worker
 * threads; the tests spin the main context until the answer comes, with
 * a deadline that only turns a hang into a failure. */

#define DEADLINE_SECONDS 120

#define RED   0xff0000ffu
#define GREEN 0x00ff00ffu
#define BLUE  0x0000ffffu

/* Where the desktop's thumbnails (and other caches) would go; nothing of
 * Lull's may land there. */
static char *xdg_cache;

typedef struct
{
  LullTestDataRoot  data;
  char             *photos;     /* photos/ in the data root */
  char             *ini;        /* photos.ini */
  char             *thumbnails; /* cache/thumbnails/ */
  LullPhotoSet     *set;
  GPtrArray        *problems;
  gboolean          mounted;
} Fixture;

/* Helpers */

#define wait_until(condition) media_test_wait_until (DEADLINE_SECONDS, condition)

/* A @width × @height picture of one colour (0xRRGGBBAA) in @format. */
static void
make_picture_at (const char *path,
                 int         width,
                 int         height,
                 guint32     colour,
                 const char *format)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (pixbuf, colour);
  gdk_pixbuf_save (pixbuf, path, format, &error, NULL);
  g_assert_no_error (error);
}

/* Gives @path a modification time of its own, so that the order of files
 * photos.ini does not list (oldest first) is known. */
static void
set_mtime (const char *path,
           time_t      when)
{
  struct utimbuf times = { when, when };

  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

/* Adds pictures @names (NULL-terminated) to photos/, each a second newer
 * than the one before. */
static void
add_pictures (Fixture            *fixture,
              const char * const *names)
{
  static time_t clock = 1700000000;

  g_assert_cmpint (g_mkdir_with_parents (fixture->photos, 0700), ==, 0);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (fixture->photos, names[i], NULL);

      make_picture_at (path, 40, 30, GREEN, g_str_has_suffix (names[i], ".png") ? "png" : "jpeg");
      set_mtime (path, clock++);
    }
}

/* A one-second clip of one colour. */
static void
make_clip (const char *path,
           const char *pattern,
           int         width,
           int         height)
{
  g_autofree char *description = NULL;

  description = g_strdup_printf ("videotestsrc num-buffers=30 pattern=%s "
                                 "! video/x-raw,width=%d,height=%d,framerate=30/1 "
                                 "! videoconvert ! vp8enc ! webmmux "
                                 "! filesink location=\"%s\"",
                                 pattern, width, height, path);
  media_test_run_pipeline (description);
}

/* The ids in @set's order, joined by spaces. */
static char *
order_of (LullPhotoSet *set)
{
  GListModel *model = lull_photo_set_get_photos (set);
  g_autoptr(GString) order = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LullPhoto) photo = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append_c (order, ' ');
      g_string_append (order, lull_photo_get_id (photo));
    }

  return g_strdup (order->str);
}

#define assert_order(set, expected)                   \
  G_STMT_START {                                      \
    g_autofree char *order_ = order_of (set);         \
    g_assert_cmpstr (order_, ==, (expected));         \
  } G_STMT_END

/* A new set on the same data root, loaded: what the next start sees. */
static LullPhotoSet *
reload (Fixture   *fixture,
        GPtrArray *problems)
{
  LullPhotoSet *set = lull_photo_set_new (fixture->data.root);

  lull_photo_set_load (set, problems);
  return set;
}

static LullPhoto *
photo (Fixture    *fixture,
       const char *id)
{
  LullPhoto *found = lull_photo_set_lookup (fixture->set, id);

  g_assert_nonnull (found);
  return found;
}

/* The colour in the middle of @pixbuf, as 0xRRGGBB. */
static guint32
middle_colour (GdkPixbuf *pixbuf)
{
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int x = gdk_pixbuf_get_width (pixbuf) / 2;
  int y = gdk_pixbuf_get_height (pixbuf) / 2;
  const guchar *p = gdk_pixbuf_read_pixels (pixbuf)
                    + y * gdk_pixbuf_get_rowstride (pixbuf) + x * channels;

  return ((guint32)p[0] << 16) | ((guint32)p[1] << 8) | p[2];
}

/* Lossy codecs move colours a little: each channel within 48 of what was
 * asked for. */
static void
assert_colour (GdkPixbuf *pixbuf,
               guint32    rgba)
{
  guint32 got = middle_colour (pixbuf);

  for (guint shift = 0; shift <= 16; shift += 8)
    {
      int want = (rgba >> (shift + 8)) & 0xff;
      int have = (got >> shift) & 0xff;

      if (ABS (want - have) > 48)
        g_test_message ("colour %06x, wanted %06x", got, rgba >> 8);
      g_assert_cmpint (ABS (want - have), <=, 48);
    }
}

/* Fixture */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  lull_test_data_root_init (&fixture->data, "lull-photo-set-XXXXXX");
  fixture->photos = g_build_filename (fixture->data.path, "photos", NULL);
  fixture->ini = g_build_filename (fixture->data.path, "photos.ini", NULL);
  fixture->thumbnails = g_build_filename (fixture->data.path, "cache", "thumbnails", NULL);
  fixture->problems = g_ptr_array_new_with_free_func (g_free);
  fixture->set = lull_photo_set_new (fixture->data.root);
  g_assert_cmpint (g_mkdir_with_parents (fixture->data.path, 0700), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&fixture->set));
  if (fixture->mounted)
    g_assert_cmpint (umount2 (fixture->data.path, MNT_DETACH), ==, 0);
  /* Cleaning up after a read-only test. */
  g_chmod (fixture->data.path, 0700);
  lull_test_data_root_clear (&fixture->data);
  g_ptr_array_unref (fixture->problems);
  g_free (fixture->photos);
  g_free (fixture->ini);
  g_free (fixture->thumbnails);

  /* Whatever a test did, nothing went to the desktop's cache. */
  lull_test_assert_listing (xdg_cache, "");
}

/* Ids */

static void
test_id_valid (void)
{
  g_assert_true (lull_photo_id_is_valid ("baby.jpg"));
  g_assert_true (lull_photo_id_is_valid ("first bath; 2026.png"));
  g_assert_true (lull_photo_id_is_valid ("niña.jpg"));

  g_assert_false (lull_photo_id_is_valid (NULL));
  g_assert_false (lull_photo_id_is_valid (""));
  g_assert_false (lull_photo_id_is_valid ("../baby.jpg"));
  g_assert_false (lull_photo_id_is_valid ("photos/baby.jpg"));
  g_assert_false (lull_photo_id_is_valid (".hidden.jpg"));
  g_assert_false (lull_photo_id_is_valid ("builtin:rain"));
  g_assert_false (lull_photo_id_is_valid ("file:///etc/passwd"));
  g_assert_false (lull_photo_id_is_valid ("\xff.jpg"));
  {
    g_autofree char *long_name = g_strnfill (256, 'a');

    g_assert_false (lull_photo_id_is_valid (long_name));
    long_name[255] = '\0';
    g_assert_true (lull_photo_id_is_valid (long_name));
  }
}

/* Listing */

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  static const char * const names[] = { "b.jpg", "a.png", NULL };
  g_autofree char *clip = g_build_filename (fixture->photos, "clip.webm", NULL);
  g_autofree char *fifo = g_build_filename (fixture->photos, "pipe.jpg", NULL);
  g_autofree char *folder = g_build_filename (fixture->photos, "folder.jpg", NULL);
  g_autofree char *hidden = g_build_filename (fixture->photos, ".hidden.jpg", NULL);
  g_autofree char *temp = g_build_filename (fixture->photos, ".lull-import-123456", NULL);
  g_autofree char *notes = g_build_filename (fixture->photos, "notes.txt", NULL);
  g_autofree char *link = g_build_filename (fixture->photos, "link.jpg", NULL);
  g_autofree char *dangling = g_build_filename (fixture->photos, "dangling.jpg", NULL);
  g_autofree char *a_path = g_build_filename (fixture->photos, "a.png", NULL);
  g_autofree char *path = NULL;
  LullPhoto *found;

  add_pictures (fixture, names);
  make_clip (clip, "red", 32, 24);
  set_mtime (clip, 1800000000);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  make_picture_at (hidden, 4, 4, RED, "png");
  make_picture_at (temp, 4, 4, RED, "png");
  lull_test_write_file (notes, "not a photo", -1);
  g_assert_cmpint (symlink ("a.png", link), ==, 0);
  g_assert_cmpint (symlink ("nowhere.jpg", dangling), ==, 0);

  lull_photo_set_load (fixture->set, fixture->problems);

  g_assert_cmpuint (fixture->problems->len, ==, 0);
  /* Oldest first; a link to a photo is listed (its mtime is a.png's). */
  {
    g_autofree char *order = order_of (fixture->set);

    g_assert_true (g_str_equal (order, "b.jpg a.png link.jpg clip.webm")
                   || g_str_equal (order, "b.jpg link.jpg a.png clip.webm"));
  }

  found = photo (fixture, "clip.webm");
  g_assert_true (lull_photo_get_is_clip (found));
  g_assert_false (lull_photo_get_favourite (found));
  found = photo (fixture, "a.png");
  g_assert_false (lull_photo_get_is_clip (found));
  g_assert_cmpstr (lull_photo_get_id (found), ==, "a.png");
  path = g_file_get_path (lull_photo_get_file (found));
  g_assert_cmpstr (path, ==, a_path);
  g_assert_null (lull_photo_set_lookup (fixture->set, "pipe.jpg"));
  g_assert_null (lull_photo_set_lookup (fixture->set, ".hidden.jpg"));
  g_assert_null (lull_photo_set_lookup (fixture->set, "nowhere.jpg"));
  g_assert_null (lull_photo_set_get_focus (fixture->set));

  /* Nothing was written just by looking. */
  g_assert_false (g_file_test (fixture->ini, G_FILE_TEST_EXISTS));
}

static void
test_no_folder (Fixture       *fixture,
                gconstpointer  data)
{
  lull_photo_set_load (fixture->set, fixture->problems);

  g_assert_cmpuint (fixture->problems->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (lull_photo_set_get_photos (fixture->set)), ==, 0);
  g_assert_null (lull_photo_set_get_shown_focus (fixture->set));
}

/* Order */

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

static void
test_order_kept (Fixture       *fixture,
                 gconstpointer  data)
{
  static const char * const names[] = { "a.jpg", "b.jpg", "c.jpg", "d.jpg", NULL };
  static const char * const later[] = { "e.jpg", NULL };
  static const char * const imported[] = { "f.png", NULL };
  g_autoptr(LullPhotoSet) again = NULL;
  g_autoptr(LullPhotoSet) third = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  guint changed = 0;
  LullPhoto *kept;

  add_pictures (fixture, names);
  lull_photo_set_load (fixture->set, fixture->problems);
  assert_order (fixture->set, "a.jpg b.jpg c.jpg d.jpg");

  g_assert_true (lull_photo_set_move (fixture->set, photo (fixture, "d.jpg"), 0, &error));
  g_assert_no_error (error);
  assert_order (fixture->set, "d.jpg a.jpg b.jpg c.jpg");
  g_assert_true (lull_photo_set_move (fixture->set, photo (fixture, "a.jpg"), 99, &error));
  g_assert_no_error (error);
  assert_order (fixture->set, "d.jpg b.jpg c.jpg a.jpg");
  g_assert_true (lull_photo_set_move (fixture->set, photo (fixture, "c.jpg"), 1, &error));
  g_assert_no_error (error);
  assert_order (fixture->set, "d.jpg c.jpg b.jpg a.jpg");

  g_assert_cmpuint (lull_test_mode_of (fixture->ini), ==, 0600);
  keyfile = lull_test_load_keyfile (fixture->ini);
  lull_test_assert_key_value (keyfile, "Lull Photos", "version", "1");

  /* The next start, with a new photo copied in by hand. */
  add_pictures (fixture, later);
  again = reload (fixture, fixture->problems);
  g_assert_cmpuint (fixture->problems->len, ==, 0);
  assert_order (again, "d.jpg c.jpg b.jpg a.jpg e.jpg");

  /* A photo import just placed. */
  add_pictures (fixture, imported);
  g_assert_nonnull (lull_photo_set_add (again, "f.png", &error));
  g_assert_no_error (error);
  assert_order (again, "d.jpg c.jpg b.jpg a.jpg e.jpg f.png");
  g_assert_null (lull_photo_set_add (again, "missing.png", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A reload keeps the objects a view holds, and a view of a list that
   * did not change is left alone. */
  kept = lull_photo_set_lookup (again, "c.jpg");
  g_signal_connect (lull_photo_set_get_photos (again), "items-changed",
                    G_CALLBACK (on_items_changed), &changed);
  lull_photo_set_load (again, NULL);
  g_assert_true (lull_photo_set_lookup (again, "c.jpg") == kept);
  g_assert_cmpuint (changed, ==, 0);

  /* A photo deleted by hand is passed over. */
  {
    g_autofree char *path = g_build_filename (fixture->photos, "b.jpg", NULL);

    g_assert_cmpint (g_unlink (path), ==, 0);
  }
  third = reload (fixture, NULL);
  assert_order (third, "d.jpg c.jpg a.jpg e.jpg f.png");
}

static void
test_odd_names (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const names[] = { "a;b.jpg", "x[1].jpg", "100%.jpg", NULL };
  g_autoptr(LullPhotoSet) again = NULL;
  g_autoptr(GError) error = NULL;

  add_pictures (fixture, names);
  lull_photo_set_load (fixture->set, NULL);
  g_assert_true (lull_photo_set_move (fixture->set, photo (fixture, "100%.jpg"), 0, &error));
  g_assert_true (lull_photo_set_set_favourite (fixture->set, photo (fixture, "a;b.jpg"), TRUE, &error));
  g_assert_no_error (error);

  again = reload (fixture, NULL);
  assert_order (again, "100%.jpg a;b.jpg x[1].jpg");
  g_assert_true (lull_photo_get_favourite (lull_photo_set_lookup (again, "a;b.jpg")));
}

static void
test_shuffle (Fixture       *fixture,
              gconstpointer  data)
{
  static const char * const names[] = { "a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg", NULL };
  g_autoptr(LullPhotoSet) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(GStrv) ids = NULL;

  add_pictures (fixture, names);
  lull_photo_set_load (fixture->set, NULL);
  before = order_of (fixture->set);

  g_assert_true (lull_photo_set_shuffle (fixture->set, &error));
  g_assert_no_error (error);
  after = order_of (fixture->set);

  /* Another order of the same photos. */
  g_assert_cmpstr (after, !=, before);
  ids = g_strsplit (after, " ", -1);
  g_assert_cmpuint (g_strv_length (ids), ==, 5);
  for (guint i = 0; names[i] != NULL; i++)
    g_assert_true (g_strv_contains ((const char * const *)ids, names[i]));

  again = reload (fixture, NULL);
  assert_order (again, after);
}

/* Favourites and focus */

static void
test_favourite_focus (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const names[] = { "a.jpg", "b.jpg", "c.jpg", NULL };
  g_autoptr(LullPhotoSet) again = NULL;
  g_autoptr(GError) error = NULL;
  guint star_notified = 0, focus_notified = 0;
  LullPhoto *b;

  add_pictures (fixture, names);
  lull_photo_set_load (fixture->set, NULL);
  b = photo (fixture, "b.jpg");
  g_signal_connect (b, "notify::favourite", G_CALLBACK (lull_test_count_notify), &star_notified);
  g_signal_connect (fixture->set, "notify::focus", G_CALLBACK (lull_test_count_notify), &focus_notified);

  /* With nothing chosen, the first photo stands in. */
  g_assert_true (lull_photo_set_get_shown_focus (fixture->set) == photo (fixture, "a.jpg"));

  g_assert_true (lull_photo_set_set_favourite (fixture->set, b, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (lull_photo_get_favourite (b));
  g_assert_cmpuint (star_notified, ==, 1);
  /* The same again changes nothing. */
  g_assert_true (lull_photo_set_set_favourite (fixture->set, b, TRUE, &error));
  g_assert_cmpuint (star_notified, ==, 1);
  /* Then the first favourite stands in. */
  g_assert_true (lull_photo_set_get_shown_focus (fixture->set) == b);

  g_assert_true (lull_photo_set_set_focus (fixture->set, photo (fixture, "c.jpg"), &error));
  g_assert_no_error (error);
  g_assert_true (lull_photo_set_get_focus (fixture->set) == photo (fixture, "c.jpg"));
  g_assert_true (lull_photo_set_get_shown_focus (fixture->set) == photo (fixture, "c.jpg"));
  g_assert_cmpuint (focus_notified, ==, 1);

  again = reload (fixture, NULL);
  g_assert_true (lull_photo_get_favourite (lull_photo_set_lookup (again, "b.jpg")));
  g_assert_false (lull_photo_get_favourite (lull_photo_set_lookup (again, "a.jpg")));
  g_assert_false (lull_photo_get_favourite (lull_photo_set_lookup (again, "c.jpg")));
  g_assert_true (lull_photo_set_get_focus (again) == lull_photo_set_lookup (again, "c.jpg"));

  /* Unstarred and no focus, saved too. */
  g_assert_true (lull_photo_set_set_favourite (fixture->set, b, FALSE, &error));
  g_assert_true (lull_photo_set_set_focus (fixture->set, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (lull_photo_set_get_focus (fixture->set));
  g_assert_cmpuint (focus_notified, ==, 2);
  g_assert_cmpuint (star_notified, ==, 2);
  g_clear_object (&again);
  again = reload (fixture, NULL);
  g_assert_false (lull_photo_get_favourite (lull_photo_set_lookup (again, "b.jpg")));
  g_assert_null (lull_photo_set_get_focus (again));
}

/* Removing */

static void
test_remove_restore (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const names[] = { "a.jpg", "b.jpg", "c.jpg", NULL };
  g_autoptr(LullPhotoSet) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LullPhoto) b = NULL;
  g_autofree char *b_path = g_build_filename (fixture->photos, "b.jpg", NULL);
  guint position;

  add_pictures (fixture, names);
  lull_photo_set_load (fixture->set, NULL);
  b = g_object_ref (photo (fixture, "b.jpg"));
  g_assert_true (lull_photo_set_set_favourite (fixture->set, b, TRUE, &error));
  g_assert_true (lull_photo_set_set_focus (fixture->set, b, &error));
  g_assert_no_error (error);

  position = lull_photo_set_remove (fixture->set, b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (position, ==, 1);
  assert_order (fixture->set, "a.jpg c.jpg");
  g_assert_null (lull_photo_set_lookup (fixture->set, "b.jpg"));
  g_assert_null (lull_photo_set_get_focus (fixture->set));
  /* The file stays until the purge, for an undo. */
  g_assert_true (g_file_test (b_path, G_FILE_TEST_IS_REGULAR));
  /* A reload does not bring it back. */
  lull_photo_set_load (fixture->set, NULL);
  assert_order (fixture->set, "a.jpg c.jpg");

  g_assert_true (lull_photo_set_restore (fixture->set, b, position, &error));
  g_assert_no_error (error);
  assert_order (fixture->set, "a.jpg b.jpg c.jpg");
  g_assert_true (lull_photo_set_get_focus (fixture->set) == b);
  g_assert_true (lull_photo_get_favourite (b));

  again = reload (fixture, NULL);
  assert_order (again, "a.jpg b.jpg c.jpg");
  g_assert_true (lull_photo_get_favourite (lull_photo_set_lookup (again, "b.jpg")));
  g_assert_true (lull_photo_set_get_focus (again) == lull_photo_set_lookup (again, "b.jpg"));

  /* The last one, put back at the end. */
  position = lull_photo_set_remove (fixture->set, photo (fixture, "c.jpg"), &error);
  g_assert_cmpuint (position, ==, 2);
  g_assert_no_error (error);
  assert_order (fixture->set, "a.jpg b.jpg");
}

static void
on_thumbnail (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GdkPixbuf **pixbuf = user_data;
  g_autoptr(GError) error = NULL;

  *pixbuf = lull_thumbnailer_load_finish (LULL_THUMBNAILER (object), result, &error);
  g_assert_no_error (error);
}

/* Makes @photo's thumbnail at @size and waits for it. */
static GdkPixbuf *
thumbnail (LullThumbnailer *thumbnailer,
           LullPhoto       *photo,
           int              size)
{
  GdkPixbuf *pixbuf = NULL;

  lull_thumbnailer_load_async (thumbnailer, photo, size, NULL, on_thumbnail, &pixbuf);
  wait_until (pixbuf != NULL);

  return pixbuf;
}

static void
test_purge (Fixture       *fixture,
            gconstpointer  data)
{
  static const char * const names[] = { "a.jpg", "b.jpg", NULL };
  g_autoptr(LullThumbnailer) thumbnailer = lull_thumbnailer_new (fixture->data.root, 8);
  g_autoptr(LullPhotoSet) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LullPhoto) b = NULL;
  g_autoptr(GdkPixbuf) a_small = NULL;
  g_autoptr(GdkPixbuf) b_small = NULL;
  g_autoptr(GdkPixbuf) b_large = NULL;
  g_autofree char *b_path = g_build_filename (fixture->photos, "b.jpg", NULL);
  g_autofree char *a_thumbnails = NULL;
  g_autofree char *listing = NULL;
  guint position;

  add_pictures (fixture, names);
  lull_photo_set_load (fixture->set, NULL);
  b = g_object_ref (photo (fixture, "b.jpg"));
  a_small = thumbnail (thumbnailer, photo (fixture, "a.jpg"), 16);
  b_small = thumbnail (thumbnailer, b, 16);
  b_large = thumbnail (thumbnailer, b, 24);
  g_assert_cmpuint (lull_test_count_files (fixture->thumbnails), ==, 3);
  g_assert_true (lull_photo_set_set_favourite (fixture->set, b, TRUE, &error));

  position = lull_photo_set_remove (fixture->set, b, &error);
  g_assert_no_error (error);
  g_assert_true (lull_photo_set_purge (fixture->set, &error));
  g_assert_no_error (error);

  g_assert_false (g_file_test (b_path, G_FILE_TEST_EXISTS));
  /* Only a.jpg's thumbnail is left. */
  g_assert_cmpuint (lull_test_count_files (fixture->thumbnails), ==, 1);
  listing = lull_test_list_folder (fixture->thumbnails);
  g_assert_nonnull (strstr (listing, "-16-"));
  a_thumbnails = g_strdup (listing);

  /* Too late for an undo. */
  g_assert_false (lull_photo_set_restore (fixture->set, b, position, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_order (fixture->set, "a.jpg");

  /* Its star went with it. */
  {
    g_autoptr(GKeyFile) keyfile = lull_test_load_keyfile (fixture->ini);

    lull_test_assert_key_value (keyfile, "Lull Photos", "favourites", "");
    lull_test_assert_key_value (keyfile, "Lull Photos", "order", "a.jpg;");
  }

  /* Nothing to purge is no error. */
  g_assert_true (lull_photo_set_purge (fixture->set, &error));
  g_assert_no_error (error);
  lull_test_assert_listing (fixture->thumbnails, a_thumbnails);
}

/* photos.ini that cannot be used */

typedef struct
{
  const char *contents;
  gssize      length;
} Damage;

static const Damage not_keyfile = { "this is not a keyfile\n", -1 };
static const Damage not_utf8 = { "[Lull Photos]\nversion=1\norder=\xff\xfe.jpg;\n", -1 };
static const Damage no_version = { "[Lull Photos]\norder=b.jpg;a.jpg;\n", -1 };
static const Damage bad_version = { "[Lull Photos]\nversion=one\norder=b.jpg;a.jpg;\n", -1 };
static const Damage with_nul = { "[Lull Photos]\nversion=1\0\norder=b.jpg;\n", 30 };

static void
test_damaged (Fixture       *fixture,
              gconstpointer  data)
{
  const Damage *damage = data;
  static const char * const names[] = { "a.jpg", "b.jpg", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  add_pictures (fixture, names);
  lull_test_write_file (fixture->ini, damage->contents, damage->length);

  lull_photo_set_load (fixture->set, fixture->problems);

  g_assert_cmpuint (fixture->problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->problems, 0), "quarantine"));
  assert_order (fixture->set, "a.jpg b.jpg");

  /* Moved aside as it was, never written over. */
  g_assert_false (g_file_test (fixture->ini, G_FILE_TEST_EXISTS));
  dir = g_dir_open (fixture->data.quarantine, 0, &error);
  g_assert_no_error (error);
  moved = g_build_filename (fixture->data.quarantine, g_dir_read_name (dir), NULL);
  g_assert_null (g_dir_read_name (dir));
  {
    g_autofree char *base = g_path_get_basename (moved);

    g_assert_true (g_str_has_prefix (base, "photos-"));
  }
  g_file_get_contents (moved, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, damage->contents,
                   damage->length < 0 ? strlen (damage->contents) : (gsize)damage->length);

  /* The next change starts a new file. */
  g_assert_true (lull_photo_set_move (fixture->set, photo (fixture, "b.jpg"), 0, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GKeyFile) keyfile = lull_test_load_keyfile (fixture->ini);

    lull_test_assert_key_value (keyfile, "Lull Photos", "order", "b.jpg;a.jpg;");
  }
  g_ptr_array_set_size (fixture->problems, 0);
  lull_photo_set_load (fixture->set, fixture->problems);
  g_assert_cmpuint (fixture->problems->len, ==, 0);
}

/* A damaged photos.ini that cannot be moved aside (here quarantine/ is a
 * file) stays as it is, and no change is written over it. */
static void
test_damaged_stuck (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const names[] = { "a.jpg", "b.jpg", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  add_pictures (fixture, names);
  lull_test_write_file (fixture->ini, not_keyfile.contents, -1);
  lull_test_write_file (fixture->data.quarantine, "in the way", -1);

  lull_photo_set_load (fixture->set, fixture->problems);

  g_assert_cmpuint (fixture->problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->problems, 0), "could not move"));
  assert_order (fixture->set, "a.jpg b.jpg");

  g_assert_false (lull_photo_set_set_favourite (fixture->set, photo (fixture, "a.jpg"), TRUE, &error));
  g_assert_nonnull (error);
  g_assert_false (lull_photo_get_favourite (photo (fixture, "a.jpg")));
  contents = lull_test_read_file (fixture->ini);
  g_assert_cmpstr (contents, ==, not_keyfile.contents);
}

static void
test_ini_not_regular (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const names[] = { "a.jpg", "b.jpg", NULL };
  g_autoptr(GError) error = NULL;

  add_pictures (fixture, names);
  g_assert_cmpint (mkfifo (fixture->ini, 0600), ==, 0);

  /* A FIFO is never opened, so this does not wait for a writer. */
  lull_photo_set_load (fixture->set, fixture->problems);

  g_assert_cmpuint (fixture->problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->problems, 0), "photos.ini"));
  assert_order (fixture->set, "a.jpg b.jpg");
  /* Not Lull's to move. */
  lull_test_assert_listing (fixture->data.quarantine, "");

  /* A change puts a real file in its place. */
  g_assert_true (lull_photo_set_move (fixture->set, photo (fixture, "b.jpg"), 0, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (fixture->ini, G_FILE_TEST_IS_REGULAR));
}

static void
test_newer_version (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const names[] = { "a.jpg", "b.jpg", NULL };
  static const char newer[] = "[Lull Photos]\nversion=2\norder=b.jpg;a.jpg;\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  add_pictures (fixture, names);
  lull_test_write_file (fixture->ini, newer, -1);

  lull_photo_set_load (fixture->set, fixture->problems);

  g_assert_cmpuint (fixture->problems->len, ==, 1);
  assert_order (fixture->set, "b.jpg a.jpg");
  g_assert_false (lull_photo_set_move (fixture->set, photo (fixture, "a.jpg"), 0, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "newer"));
  assert_order (fixture->set, "b.jpg a.jpg");

  contents = lull_test_read_file (fixture->ini);
  g_assert_cmpstr (contents, ==, newer);
  lull_test_assert_listing (fixture->data.quarantine, "");
}

static void
test_unknown_keys (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const names[] = { "a.jpg", "b.jpg", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *contents = NULL;

  add_pictures (fixture, names);
  lull_test_write_file (fixture->ini,
                        "# Written by hand\n"
                        "[Lull Photos]\n"
                        "version=1\n"
                        "order=b.jpg;a.jpg;\n"
                        "captions-shown=true\n"
                        "\n"
                        "[Albums]\n"
                        "first-week=a.jpg;\n", -1);
  g_assert_cmpint (g_chmod (fixture->ini, 0644), ==, 0);

  lull_photo_set_load (fixture->set, fixture->problems);
  g_assert_cmpuint (fixture->problems->len, ==, 0);
  assert_order (fixture->set, "b.jpg a.jpg");
  g_assert_true (lull_photo_set_set_favourite (fixture->set, photo (fixture, "a.jpg"), TRUE, &error));
  g_assert_no_error (error);

  keyfile = lull_test_load_keyfile (fixture->ini);
  lull_test_assert_key_value (keyfile, "Lull Photos", "captions-shown", "true");
  lull_test_assert_key_value (keyfile, "Albums", "first-week", "a.jpg;");
  lull_test_assert_key_value (keyfile, "Lull Photos", "favourites", "a.jpg;");
  lull_test_assert_key_value (keyfile, "Lull Photos", "order", "b.jpg;a.jpg;");
  contents = lull_test_read_file (fixture->ini);
  g_assert_true (g_str_has_prefix (contents, "# Written by hand\n"));
  g_assert_cmpuint (lull_test_mode_of (fixture->ini), ==, 0600);
}

/* Every change refused on a data root Lull cannot write to leaves the list
 * as it was. As root, chmod does not stop a write, so the data root is a
 * tmpfs mounted read-only instead. */
static void
test_read_only (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const names[] = { "a.jpg", "b.jpg", "c.jpg", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  guint notified = 0, changed = 0;
  LullPhoto *b;

  if (geteuid () == 0)
    {
      g_autofree char *options = g_strdup_printf ("size=4m,mode=0700");

      if (!media_test_mount_tmpfs (fixture->data.path, 0, "4m"))
        return;
      fixture->mounted = TRUE;
      add_pictures (fixture, names);
      lull_test_write_file (fixture->ini, "[Lull Photos]\nversion=1\norder=c.jpg;b.jpg;a.jpg;\n", -1);
      g_assert_cmpint (mount ("tmpfs", fixture->data.path, "tmpfs",
                              MS_REMOUNT | MS_RDONLY, options), ==, 0);
    }
  else
    {
      add_pictures (fixture, names);
      lull_test_write_file (fixture->ini, "[Lull Photos]\nversion=1\norder=c.jpg;b.jpg;a.jpg;\n", -1);
      g_assert_cmpint (g_chmod (fixture->data.path, 0500), ==, 0);
    }

  lull_photo_set_load (fixture->set, fixture->problems);
  g_assert_cmpuint (fixture->problems->len, ==, 0);
  before = order_of (fixture->set);
  g_assert_cmpstr (before, ==, "c.jpg b.jpg a.jpg");
  b = photo (fixture, "b.jpg");
  g_signal_connect (b, "notify", G_CALLBACK (lull_test_count_notify), &notified);
  g_signal_connect (lull_photo_set_get_photos (fixture->set), "items-changed",
                    G_CALLBACK (on_items_changed), &changed);
  g_signal_connect (fixture->set, "notify", G_CALLBACK (lull_test_count_notify), &notified);

  g_assert_false (lull_photo_set_set_favourite (fixture->set, b, TRUE, &error));
  g_assert_error (error, G_FILE_ERROR, (geteuid () == 0 ? G_FILE_ERROR_ROFS : G_FILE_ERROR_ACCES));
  g_assert_cmpuint (strlen (error->message), >, 20);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (lull_photo_get_favourite (b));

  g_assert_false (lull_photo_set_move (fixture->set, b, 0, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (lull_photo_set_shuffle (fixture->set, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (lull_photo_set_remove (fixture->set, b, &error), ==, G_MAXUINT);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (lull_photo_set_set_focus (fixture->set, b, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  assert_order (fixture->set, before);
  g_assert_null (lull_photo_set_get_focus (fixture->set));
  g_assert_cmpuint (notified, ==, 0);
  g_assert_cmpuint (changed, ==, 0);
  lull_test_assert_listing (fixture->photos, "a.jpg b.jpg c.jpg");
  {
    g_autofree char *contents = lull_test_read_file (fixture->ini);

    g_assert_cmpstr (contents, ==, "[Lull Photos]\nversion=1\norder=c.jpg;b.jpg;a.jpg;\n");
  }
}

/* Thumbnails */

static void
test_thumbnail_still (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->photos, "wide.png", NULL);
  g_autoptr(LullThumbnailer) thumbnailer = lull_thumbnailer_new (fixture->data.root, 4);
  g_autoptr(LullThumbnailer) fresh = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) blue = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *cached = NULL;
  g_autofree char *old_cached = NULL;
  LullPhoto *wide;

  g_assert_cmpint (g_mkdir_with_parents (fixture->photos, 0700), ==, 0);
  make_picture_at (path, 400, 200, RED, "png");
  set_mtime (path, 1700000000);
  lull_photo_set_load (fixture->set, NULL);
  wide = photo (fixture, "wide.png");

  g_assert_null (lull_thumbnailer_lookup (thumbnailer, wide, 64));
  pixbuf = thumbnail (thumbnailer, wide, 64);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 64);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 32);
  assert_colour (pixbuf, RED);
  g_assert_true (lull_thumbnailer_lookup (thumbnailer, wide, 64) == pixbuf);
  g_assert_null (lull_thumbnailer_lookup (thumbnailer, wide, 32));

  /* In the data root, private; the desktop's cache is checked by the
   * fixture. */
  g_assert_cmpuint (lull_test_mode_of (fixture->thumbnails), ==, 0700);
  listing = lull_test_list_folder (fixture->thumbnails);
  g_assert_true (g_str_has_suffix (listing, ".png"));
  g_assert_null (strchr (listing, ' '));
  cached = g_build_filename (fixture->thumbnails, listing, NULL);
  g_assert_cmpuint (lull_test_mode_of (cached), ==, 0600);

  /* Another start reads it from the disk: the cache is made blue, to
   * tell. */
  blue = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 32);
  gdk_pixbuf_fill (blue, BLUE);
  gdk_pixbuf_save (blue, cached, "png", &error, NULL);
  g_assert_no_error (error);
  fresh = lull_thumbnailer_new (fixture->data.root, 4);
  g_clear_object (&pixbuf);
  pixbuf = thumbnail (fresh, wide, 64);
  assert_colour (pixbuf, BLUE);

  /* The photo changed by hand gets a new thumbnail, and the old one goes. */
  make_picture_at (path, 300, 300, GREEN, "png");
  set_mtime (path, 1700000100);
  g_assert_null (lull_thumbnailer_lookup (fresh, wide, 64));
  g_clear_object (&pixbuf);
  pixbuf = thumbnail (fresh, wide, 64);
  assert_colour (pixbuf, GREEN);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 64);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 64);
  old_cached = g_steal_pointer (&cached);
  g_assert_false (g_file_test (old_cached, G_FILE_TEST_EXISTS));
  g_clear_pointer (&listing, g_free);
  listing = lull_test_list_folder (fixture->thumbnails);
  g_assert_null (strchr (listing, ' '));

  /* A small photo is never made larger. */
  make_picture_at (path, 20, 10, GREEN, "png");
  set_mtime (path, 1700000200);
  g_clear_object (&pixbuf);
  pixbuf = thumbnail (fresh, wide, 64);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 20);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 10);
}

static void
test_thumbnail_lru (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const names[] = { "a.jpg", "b.jpg", "c.jpg", "d.jpg", NULL };
  g_autoptr(LullThumbnailer) thumbnailer = lull_thumbnailer_new (fixture->data.root, 2);
  LullPhoto *a, *b, *c, *d;

  add_pictures (fixture, names);
  lull_photo_set_load (fixture->set, NULL);
  a = photo (fixture, "a.jpg");
  b = photo (fixture, "b.jpg");
  c = photo (fixture, "c.jpg");
  d = photo (fixture, "d.jpg");

  g_object_unref (thumbnail (thumbnailer, a, 16));
  g_object_unref (thumbnail (thumbnailer, b, 16));
  g_assert_nonnull (lull_thumbnailer_lookup (thumbnailer, a, 16));
  /* a was used last, so b is the oldest and goes. */
  g_object_unref (thumbnail (thumbnailer, c, 16));
  g_assert_null (lull_thumbnailer_lookup (thumbnailer, b, 16));
  g_assert_nonnull (lull_thumbnailer_lookup (thumbnailer, c, 16));
  g_assert_nonnull (lull_thumbnailer_lookup (thumbnailer, a, 16));
  /* Now c is the oldest. */
  g_object_unref (thumbnail (thumbnailer, d, 16));
  g_assert_null (lull_thumbnailer_lookup (thumbnailer, c, 16));
  g_assert_nonnull (lull_thumbnailer_lookup (thumbnailer, a, 16));
  g_assert_nonnull (lull_thumbnailer_lookup (thumbnailer, d, 16));

  /* forget() drops memory and disk. */
  lull_thumbnailer_forget (thumbnailer, a);
  g_assert_null (lull_thumbnailer_lookup (thumbnailer, a, 16));
  g_assert_cmpuint (lull_test_count_files (fixture->thumbnails), ==, 3);
}

typedef struct
{
  gboolean  done;
  GError   *error;
  GdkPixbuf *pixbuf;
} Outcome;

static void
on_outcome (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Outcome *outcome = user_data;

  if (LULL_IS_THUMBNAILER (object))
    outcome->pixbuf = lull_thumbnailer_load_finish (LULL_THUMBNAILER (object), result,
                                                    &outcome->error);
  else
    outcome->pixbuf = lull_photo_source_decode_finish (LULL_PHOTO_SOURCE (object), result,
                                                       &outcome->error);
  outcome->done = TRUE;
}

static void
outcome_clear (Outcome *outcome)
{
  g_clear_error (&outcome->error);
  g_clear_object (&outcome->pixbuf);
  outcome->done = FALSE;
}

static void
test_thumbnail_cancel (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const names[] = { "a.jpg", NULL };
  g_autoptr(LullThumbnailer) thumbnailer = lull_thumbnailer_new (fixture->data.root, 2);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *clip = g_build_filename (fixture->photos, "clip.webm", NULL);
  Outcome outcome = { 0 };

  add_pictures (fixture, names);
  make_clip (clip, "blue", 32, 24);
  lull_photo_set_load (fixture->set, NULL);

  /* Cancelled before it starts. */
  g_cancellable_cancel (cancellable);
  lull_thumbnailer_load_async (thumbnailer, photo (fixture, "a.jpg"), 16, cancellable,
                               on_outcome, &outcome);
  wait_until (outcome.done);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (outcome.pixbuf);
  outcome_clear (&outcome);
  /* Nothing was made. */
  g_assert_cmpuint (lull_test_count_files (fixture->thumbnails), ==, 0);
  g_assert_null (lull_thumbnailer_lookup (thumbnailer, photo (fixture, "a.jpg"), 16));

  /* Cancelled while it runs: the cell was unbound. */
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  lull_thumbnailer_load_async (thumbnailer, photo (fixture, "clip.webm"), 16, cancellable,
                               on_outcome, &outcome);
  g_cancellable_cancel (cancellable);
  wait_until (outcome.done);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (outcome.pixbuf);
  outcome_clear (&outcome);

  /* Nothing is stuck: the same photo loads after. */
  lull_thumbnailer_load_async (thumbnailer, photo (fixture, "clip.webm"), 16, NULL,
                               on_outcome, &outcome);
  wait_until (outcome.done);
  g_assert_no_error (outcome.error);
  assert_colour (outcome.pixbuf, BLUE);
  outcome_clear (&outcome);
}

static void
test_thumbnail_clip (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *clip = g_build_filename (fixture->photos, "red.webm", NULL);
  g_autoptr(LullThumbnailer) thumbnailer = lull_thumbnailer_new (fixture->data.root, 2);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *broken = g_build_filename (fixture->photos, "broken.webm", NULL);
  Outcome outcome = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (fixture->photos, 0700), ==, 0);
  make_clip (clip, "red", 160, 80);
  lull_test_write_file (broken, "not a clip at all", -1);
  lull_photo_set_load (fixture->set, NULL);

  pixbuf = thumbnail (thumbnailer, photo (fixture, "red.webm"), 64);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 64);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 32);
  assert_colour (pixbuf, RED);

  /* A clip that cannot be read is an error, not a hang. */
  lull_thumbnailer_load_async (thumbnailer, photo (fixture, "broken.webm"), 64, NULL,
                               on_outcome, &outcome);
  wait_until (outcome.done);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (outcome.error->message, "“broken.webm”"));
  g_assert_null (outcome.pixbuf);
  outcome_clear (&outcome);
}

/* A phone keeps a clip filmed upright as sideways frames, and says so in
 * the track's matrix (which qtdemux reads as the image-orientation tag).
 * qtmux does not write one, so the test sets the matrix of a 64 × 32 clip
 * to a quarter turn by hand: its thumbnail is upright, 32 × 64. */
static void
test_thumbnail_clip_rotated (Fixture       *fixture,
                             gconstpointer  data)
{
  static const guint32 rotate_90[9] = { 0, 0x10000, 0, 0xffff0000, 0, 0, 0, 0, 0x40000000 };
  g_autofree char *clip = g_build_filename (fixture->photos, "sideways.mp4", NULL);
  g_autoptr(LullThumbnailer) thumbnailer = lull_thumbnailer_new (fixture->data.root, 2);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *contents = NULL;
  char *tkhd;
  gsize length;

  if (!media_test_has_element ("avenc_mpeg4") || !media_test_has_element ("qtmux"))
    {
      g_test_skip ("No MPEG-4 encoder or MP4 muxer");
      return;
    }

  g_assert_cmpint (g_mkdir_with_parents (fixture->photos, 0700), ==, 0);
  description = g_strdup_printf ("videotestsrc num-buffers=30 pattern=red "
                                 "! video/x-raw,width=64,height=32,framerate=30/1 "
                                 "! videoconvert ! avenc_mpeg4 ! qtmux "
                                 "! filesink location=\"%s\"", clip);
  media_test_run_pipeline (description);

  g_file_get_contents (clip, &contents, &length, &error);
  g_assert_no_error (error);
  tkhd = NULL;
  for (gsize i = 0; tkhd == NULL && i + 4 <= length; i++)
    {
      if (memcmp (contents + i, "tkhd", 4) == 0)
        tkhd = contents + i;
    }
  g_assert_nonnull (tkhd);
  /* Version 0: the matrix is 44 bytes after the type. */
  g_assert_cmpint (tkhd[4], ==, 0);
  g_assert_cmpuint (tkhd + 44 + sizeof rotate_90 - contents, <=, length);
  for (guint i = 0; i < G_N_ELEMENTS (rotate_90); i++)
    {
      guint32 big_endian = GUINT32_TO_BE (rotate_90[i]);

      memcpy (tkhd + 44 + i * sizeof big_endian, &big_endian, sizeof big_endian);
    }
  g_file_set_contents (clip, contents, length, &error);
  g_assert_no_error (error);

  lull_photo_set_load (fixture->set, NULL);
  pixbuf = thumbnail (thumbnailer, photo (fixture, "sideways.mp4"), 64);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 32);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 64);
  assert_colour (pixbuf, RED);
}

/* The source */

static LullPhoto *
next_checked (LullPhotoSource *source,
              LullPhoto      **last)
{
  LullPhoto *next = lull_photo_source_next (source);

  g_assert_true (next != *last);
  *last = next;
  return next;
}

static void
test_source_order (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const names[] = { "a.jpg", "b.jpg", "c.jpg", NULL };
  g_autoptr(LullPhotoSource) source = NULL;
  g_autoptr(GString) picks = g_string_new (NULL);

  add_pictures (fixture, names);
  lull_photo_set_load (fixture->set, NULL);
  source = lull_photo_source_new (fixture->set);

  for (guint i = 0; i < 7; i++)
    g_string_append (picks, lull_photo_get_id (lull_photo_source_next (source)));
  g_assert_cmpstr (picks->str, ==, "a.jpgb.jpgc.jpga.jpgb.jpgc.jpga.jpg");
}

static void
test_source_favourites (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char * const names[] = { "a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg", NULL };
  g_autoptr(LullPhotoSource) source = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  LullPhoto *last = NULL;
  double favourite_mean, plain_mean;
  guint favourites = 0, plain = 0;

  add_pictures (fixture, names);
  lull_photo_set_load (fixture->set, NULL);
  g_assert_true (lull_photo_set_set_favourite (fixture->set, photo (fixture, "b.jpg"), TRUE, &error));
  g_assert_true (lull_photo_set_set_favourite (fixture->set, photo (fixture, "e.jpg"), TRUE, &error));
  g_assert_no_error (error);
  source = lull_photo_source_new (fixture->set);

  for (guint i = 0; i < 700; i++)
    {
      LullPhoto *next = next_checked (source, &last);

      g_hash_table_insert (counts, next,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, next)) + 1));
    }

  for (guint i = 0; names[i] != NULL; i++)
    {
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, photo (fixture, names[i])));

      g_test_message ("%s: %u", names[i], count);
      if (lull_photo_get_favourite (photo (fixture, names[i])))
        favourites += count;
      else
        plain += count;
    }
  favourite_mean = favourites / 2.0;
  plain_mean = plain / 3.0;
  g_assert_cmpfloat (favourite_mean / plain_mean, >=, 1.8);
  g_assert_cmpfloat (favourite_mean / plain_mean, <=, 2.2);
}

static void
test_source_no_repeat (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const names[] = { "a.jpg", "b.jpg", NULL };
  static const char * const one[] = { "a.jpg", NULL };
  g_autoptr(LullPhotoSource) source = NULL;
  g_autoptr(GError) error = NULL;
  LullPhoto *last = NULL;
  guint a = 0;

  /* Empty: nothing to show. */
  source = lull_photo_source_new (fixture->set);
  g_assert_null (lull_photo_source_next (source));

  /* One photo: shown every time. */
  add_pictures (fixture, one);
  lull_photo_set_load (fixture->set, NULL);
  g_assert_true (lull_photo_source_next (source) == photo (fixture, "a.jpg"));
  g_assert_true (lull_photo_source_next (source) == photo (fixture, "a.jpg"));

  /* Two, one a favourite: never the same twice in a row. */
  add_pictures (fixture, names + 1);
  lull_photo_set_load (fixture->set, NULL);
  g_assert_true (lull_photo_set_set_favourite (fixture->set, photo (fixture, "a.jpg"), TRUE, &error));
  g_assert_no_error (error);
  last = lull_photo_source_next (source);
  for (guint i = 0; i < 100; i++)
    a += next_checked (source, &last) == photo (fixture, "a.jpg");
  g_assert_cmpuint (a, ==, 50);
}

static void
test_source_skip (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char * const names[] = { "a.jpg", "b.jpg", "c.jpg", NULL };
  g_autoptr(LullPhotoSource) source = NULL;
  LullPhoto *last = NULL;

  add_pictures (fixture, names);
  lull_photo_set_load (fixture->set, NULL);
  source = lull_photo_source_new (fixture->set);

  lull_photo_source_skip (source, photo (fixture, "b.jpg"));
  for (guint i = 0; i < 20; i++)
    g_assert_true (next_checked (source, &last) != photo (fixture, "b.jpg"));

  lull_photo_source_skip (source, photo (fixture, "c.jpg"));
  for (guint i = 0; i < 3; i++)
    g_assert_true (lull_photo_source_next (source) == photo (fixture, "a.jpg"));

  lull_photo_source_skip (source, photo (fixture, "a.jpg"));
  g_assert_null (lull_photo_source_next (source));
}

static void
test_source_focus (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const names[] = { "a.jpg", "b.jpg", "c.jpg", NULL };
  g_autoptr(LullPhotoSource) source = NULL;
  guint notified = 0;
  LullPhoto *c;

  add_pictures (fixture, names);
  lull_photo_set_load (fixture->set, NULL);
  source = lull_photo_source_new (fixture->set);
  g_signal_connect (source, "notify::focus", G_CALLBACK (lull_test_count_notify), &notified);
  c = photo (fixture, "c.jpg");

  lull_photo_source_set_focus (source, c);
  g_assert_true (lull_photo_source_get_focus (source) == c);
  g_assert_cmpuint (notified, ==, 1);
  for (guint i = 0; i < 5; i++)
    g_assert_true (lull_photo_source_next (source) == c);

  lull_photo_source_set_focus (source, NULL);
  g_assert_null (lull_photo_source_get_focus (source));
  g_assert_cmpuint (notified, ==, 2);
  /* Back to the slideshow, which never shows c twice in a row. */
  g_assert_true (lull_photo_source_next (source) == photo (fixture, "a.jpg"));
  g_assert_true (lull_photo_source_next (source) == photo (fixture, "b.jpg"));
}

typedef struct
{
  int width;
  int height;
  int want_width;
  int want_height;
} Fit;

static void
test_source_decode (Fixture       *fixture,
                    gconstpointer  data)
{
  static const Fit fits[] = {
    { 100, 100, 100, 50 },    /* shrunk to the width */
    { 1000, 1000, 400, 200 }, /* never larger than the file */
    { 400, 40, 80, 40 },      /* shrunk to the height */
    { 400, 200, 400, 200 },   /* just fits */
  };
  g_autofree char *path = g_build_filename (fixture->photos, "wide.jpg", NULL);
  g_autofree char *clip = g_build_filename (fixture->photos, "clip.webm", NULL);
  g_autofree char *damaged = g_build_filename (fixture->photos, "damaged.jpg", NULL);
  g_autoptr(LullPhotoSource) source = NULL;
  Outcome outcome = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (fixture->photos, 0700), ==, 0);
  make_picture_at (path, 400, 200, BLUE, "jpeg");
  lull_test_write_file (clip, "a clip is never decoded here", -1);
  lull_test_write_file (damaged, "\xff\xd8\xff\xe0 and then nothing", -1);
  lull_photo_set_load (fixture->set, NULL);
  source = lull_photo_source_new (fixture->set);

  for (guint i = 0; i < G_N_ELEMENTS (fits); i++)
    {
      lull_photo_source_decode_async (source, photo (fixture, "wide.jpg"),
                                      fits[i].width, fits[i].height, NULL,
                                      on_outcome, &outcome);
      wait_until (outcome.done);
      g_assert_no_error (outcome.error);
      g_assert_cmpint (gdk_pixbuf_get_width (outcome.pixbuf), ==, fits[i].want_width);
      g_assert_cmpint (gdk_pixbuf_get_height (outcome.pixbuf), ==, fits[i].want_height);
      assert_colour (outcome.pixbuf, BLUE);
      outcome_clear (&outcome);
    }

  lull_photo_source_decode_async (source, photo (fixture, "clip.webm"), 100, 100, NULL,
                                  on_outcome, &outcome);
  wait_until (outcome.done);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  outcome_clear (&outcome);

  lull_photo_source_decode_async (source, photo (fixture, "damaged.jpg"), 100, 100, NULL,
                                  on_outcome, &outcome);
  wait_until (outcome.done);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (outcome.error->message, "damaged.jpg"));
  outcome_clear (&outcome);

  /* A FIFO put in a photo's place is refused, never waited on. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  lull_photo_source_decode_async (source, photo (fixture, "wide.jpg"), 100, 100, NULL,
                                  on_outcome, &outcome);
  wait_until (outcome.done);
  g_assert_error (outcome.error, LULL_FILE_ERROR, LULL_FILE_ERROR_NOT_REGULAR);
  outcome_clear (&outcome);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *registry_dir = NULL;
  g_autofree char *registry = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  /* Before GStreamer or GdkPixbuf look at it. */
  xdg_cache = lull_test_make_tmp_dir ("lull-xdg-cache-XXXXXX");
  g_setenv ("XDG_CACHE_HOME", xdg_cache, TRUE);
  /* GStreamer's own registry would go to XDG_CACHE_HOME too; it is not
   * Lull's doing. */
  registry_dir = lull_test_make_tmp_dir ("lull-gst-registry-XXXXXX");
  registry = g_build_filename (registry_dir, "registry.bin", NULL);
  g_setenv ("GST_REGISTRY", registry, TRUE);

  g_assert_true (lull_media_init (&error));
  g_assert_no_error (error);

#define ADD_WITH(path, data, func) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
#define ADD(path, func) ADD_WITH (path, NULL, func)
  g_test_add_func ("/photo-set/id-valid", test_id_valid);
  ADD ("/photo-set/list", test_list);
  ADD ("/photo-set/no-folder", test_no_folder);
  ADD ("/photo-set/order-kept", test_order_kept);
  ADD ("/photo-set/odd-names", test_odd_names);
  ADD ("/photo-set/shuffle", test_shuffle);
  ADD ("/photo-set/favourite-focus", test_favourite_focus);
  ADD ("/photo-set/remove-restore", test_remove_restore);
  ADD ("/photo-set/purge", test_purge);
  ADD_WITH ("/photo-set/damaged/not-keyfile", &not_keyfile, test_damaged);
  ADD_WITH ("/photo-set/damaged/not-utf8", &not_utf8, test_damaged);
  ADD_WITH ("/photo-set/damaged/no-version", &no_version, test_damaged);
  ADD_WITH ("/photo-set/damaged/bad-version", &bad_version, test_damaged);
  ADD_WITH ("/photo-set/damaged/nul", &with_nul, test_damaged);
  ADD ("/photo-set/damaged-stuck", test_damaged_stuck);
  ADD ("/photo-set/ini-not-regular", test_ini_not_regular);
  ADD ("/photo-set/newer-version", test_newer_version);
  ADD ("/photo-set/unknown-keys", test_unknown_keys);
  ADD ("/photo-set/read-only", test_read_only);
  ADD ("/thumbnailer/still", test_thumbnail_still);
  ADD ("/thumbnailer/lru", test_thumbnail_lru);
  ADD ("/thumbnailer/cancel", test_thumbnail_cancel);
  ADD ("/thumbnailer/clip", test_thumbnail_clip);
  ADD ("/thumbnailer/clip-rotated", test_thumbnail_clip_rotated);
  ADD ("/photo-source/order", test_source_order);
  ADD ("/photo-source/favourites", test_source_favourites);
  ADD ("/photo-source/no-repeat", test_source_no_repeat);
  ADD ("/photo-source/skip", test_source_skip);
  ADD ("/photo-source/focus", test_source_focus);
  ADD ("/photo-source/decode", test_source_decode);

  status = g_test_run ();

  lull_test_remove_tree (xdg_cache);
  lull_test_remove_tree (registry_dir);
  g_free (xdg_cache);

  return status;
}
