/* photo-import.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "lull-bench.h"
#include "lull-data-root.h"
#include "lull-photo-import.h"
#include "lull-test-util.h"

/* How fast does a batch import 5,000 small photos, next to the least the
 * same work can cost: each file decoded with gdk_pixbuf_new_from_file()
 * and saved again as a JPEG of the same quality with gdk_pixbuf_save()
 * (the baseline), into a folder of its own.
 *
 * Lull does more for each file: it reads it through a checked
 * descriptor, looks for its end marker, turns it upright, writes it to a
 * temporary file, flushes it to the disk (fsync) and gives it its name
 * without replacing anything. The ratio says what that costs.
 *
 *   photo-import [--files N] [--runs N] [--side WIDTHxHEIGHT]
 *
 * The photos are made once, in a scratch folder; the two sides then run
 * --runs times each, alternating, each into an empty folder, and the
 * medians are compared. It also prints Lull's resident memory after a
 * tenth of the files and after all of them, which should barely differ:
 * no picture is kept from one file to the next. It only measures; it
 * exits non-zero only when a side fails to import every file. */

#define DEFAULT_FILES 5000
#define DEFAULT_RUNS  3

/* A camera's photo, small: a gradient with some noise, so that neither
 * side decodes or encodes something trivially flat. */
static void
make_photos (const char *folder,
             guint       n,
             int         width,
             int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *model = g_build_filename (folder, "model.jpg", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  gsize length;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + y * rowstride + x * 3;

        p[0] = (guint8)(x * 255 / width) ^ g_rand_int_range (rand, 0, 16);
        p[1] = (guint8)(y * 255 / height) ^ g_rand_int_range (rand, 0, 16);
        p[2] = (guint8)((x + y) & 0xff);
      }

  if (!gdk_pixbuf_save (pixbuf, model, "jpeg", &error, "quality", "90", NULL)
      || !g_file_get_contents (model, &contents, &length, &error))
    g_error ("photo-import: %s", error->message);
  g_unlink (model);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("IMG_%05u.jpg", i);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (!g_file_set_contents (path, contents, length, &error))
        g_error ("photo-import: %s", error->message);
    }
}

/* The baseline: decode and save, nothing else. */
static double
run_baseline (const char *sources,
              const char *out,
              guint       n)
{
  gint64 start = g_get_monotonic_time ();
  guint saved = 0;

  g_mkdir_with_parents (out, 0700);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("IMG_%05u.jpg", i);
      g_autofree char *from = g_build_filename (sources, name, NULL);
      g_autofree char *to = g_build_filename (out, name, NULL);
      g_autoptr(GdkPixbuf) pixbuf = NULL;
      g_autoptr(GError) error = NULL;

      pixbuf = gdk_pixbuf_new_from_file (from, &error);
      if (pixbuf != NULL && gdk_pixbuf_save (pixbuf, to, "jpeg", &error, "quality", "90", NULL))
        saved++;
      else
        g_printerr ("photo-import: baseline: %s\n", error->message);
    }

  if (saved != n)
    exit (1);

  return (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
}

typedef struct
{
  guint  tenth;
  gint64 rss_at_tenth;
} Memory;

static void
on_progress (LullPhotoImport *import,
             guint            done,
             guint            total,
             Memory          *memory)
{
  if (done == memory->tenth && memory->rss_at_tenth < 0)
    memory->rss_at_tenth = lull_bench_status_kib ("VmRSS");
}

static double
run_lull (const char *sources,
          const char *root_path,
          guint       n,
          Memory     *memory)
{
  g_autoptr(LullDataRoot) root = lull_data_root_new (root_path);
  g_autoptr(GFile) folder = g_file_new_for_path (sources);
  g_autoptr(LullPhotoImport) import = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  guint imported;

  if (!lull_data_root_prepare (root, &error))
    g_error ("photo-import: %s", error->message);

  import = lull_photo_import_new (root, &folder, 1);
  if (memory != NULL)
    g_signal_connect (import, "progress", G_CALLBACK (on_progress), memory);

  start = g_get_monotonic_time ();
  if (!lull_photo_import_run (import, NULL))
    {
      const char *reason = NULL;

      if (lull_photo_import_get_n_refused (import) > 0)
        lull_photo_import_get_refused (import, 0, NULL, &reason);
      g_printerr ("photo-import: lull refused a file: %s\n", reason != NULL ? reason : "?");
      exit (1);
    }

  imported = g_strv_length ((char **)lull_photo_import_get_imported (import));
  if (imported != n)
    {
      g_printerr ("photo-import: lull imported %u of %u\n", imported, n);
      exit (1);
    }

  return (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
}

int
main (int   argc,
      char *argv[])
{
  int files = DEFAULT_FILES;
  int runs = DEFAULT_RUNS;
  g_autofree char *side = g_strdup ("640x480");
  GOptionEntry entries[] = {
    { "files", 0, 0, G_OPTION_ARG_INT, &files, "Photos to import", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each side", "N" },
    { "side", 0, 0, G_OPTION_ARG_STRING, &side, "Each photo's size", "WxH" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— photo import benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) baseline = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lull = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *tmp = NULL;
  g_autofree char *sources = NULL;
  Memory memory = { 0, -1 };
  gint64 rss_at_end = -1;
  int width = 640, height = 480;
  double base_median, lull_median;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("photo-import: %s\n", error->message);
      return 2;
    }
  if (files < 10 || runs < 1 || sscanf (side, "%dx%d", &width, &height) != 2 || width < 8 || height < 8)
    {
      g_printerr ("photo-import: needs --files of at least 10, --runs of at least 1, --side WxH\n");
      return 2;
    }

  tmp = lull_test_make_tmp_dir ("lull-bench-photos-XXXXXX");
  sources = g_build_filename (tmp, "camera", NULL);
  g_mkdir_with_parents (sources, 0700);
  make_photos (sources, files, width, height);

  printf ("%d photos of %dx%d (JPEG, quality 90) in %s\n", files, width, height, tmp);
  printf ("%d runs of each side, alternating, each into an empty folder\n", runs);
  fflush (stdout);

  for (int run = 0; run < runs; run++)
    {
      g_autofree char *out = g_strdup_printf ("%s/baseline-%d", tmp, run);
      g_autofree char *root = g_strdup_printf ("%s/lull-%d", tmp, run);
      double seconds;

      seconds = run_baseline (sources, out, files);
      g_array_append_val (baseline, seconds);
      printf ("  run %d: baseline %.2f s (%.0f photos/s)", run + 1, seconds, files / seconds);
      lull_test_remove_tree (out);

      memory.tenth = files / 10;
      seconds = run_lull (sources, root, files, run == runs - 1 ? &memory : NULL);
      if (run == runs - 1)
        rss_at_end = lull_bench_status_kib ("VmRSS");
      g_array_append_val (lull, seconds);
      printf (", lull %.2f s (%.0f photos/s)\n", seconds, files / seconds);
      fflush (stdout);
      lull_test_remove_tree (root);
    }

  base_median = lull_bench_median (baseline);
  lull_median = lull_bench_median (lull);

  printf ("\n");
  printf ("baseline (gdk_pixbuf_new_from_file + gdk_pixbuf_save): %.0f photos/s\n", files / base_median);
  printf ("lull (lull_photo_import_run):                         %.0f photos/s\n", files / lull_median);
  printf ("ratio lull/baseline (time): %.2f\n", lull_median / base_median);
  printf ("lull resident memory: %" G_GINT64_FORMAT " KiB after %u photos, %" G_GINT64_FORMAT
          " KiB after %d\n", memory.rss_at_tenth, memory.tenth, rss_at_end, files);

  lull_test_remove_tree (tmp);

  return 0;
}
