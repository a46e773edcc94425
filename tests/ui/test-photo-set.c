/* test-photo-set.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "lull-application.h"
#include "lull-photo-set-window.h"
#include "lull-ui-test.h"
#include "lull-window.h"

/* In-process checks of the Photos window against the real application
 * object, its photo set and its thumbnailer, in a fresh data root whose
 * photos/ holds four pictures made here and one clip that cannot be
 * decoded. XDG_CACHE_HOME points at a folder of the test's own, which
 * must stay free of thumbnails. */

static const char * const STILLS[] = {
  "a-first.png", "b-second.png", "c-third.png", "d-fourth.png"
};
#define CLIP "e-clip.webm"
#define N_PHOTOS 5

static LullApplication *app;
static char *data_dir;
static char *cache_dir;
static char *outside_dir;

static GtkGridView *
grid_of (LullPhotoSetWindow *window)
{
  g_autoptr(GPtrArray) grids = g_ptr_array_new ();

  lull_test_collect_widgets (GTK_WIDGET (window), GTK_TYPE_GRID_VIEW, grids);
  g_assert_cmpuint (grids->len, ==, 1);

  return g_ptr_array_index (grids, 0);
}

static GtkSingleSelection *
selection_of (LullPhotoSetWindow *window)
{
  return GTK_SINGLE_SELECTION (gtk_grid_view_get_model (grid_of (window)));
}

static LullPhotoSet *
photo_set (void)
{
  return lull_application_get_photo_set (app);
}

static GListModel *
photos (void)
{
  return lull_photo_set_get_photos (photo_set ());
}

static const char *
id_at (GListModel *model,
       guint       position)
{
  g_autoptr(LullPhoto) photo = g_list_model_get_item (model, position);

  return photo != NULL ? lull_photo_get_id (photo) : NULL;
}

/* The order in the window's grid, as “a-first.png b-second.png …”. */
static char *
grid_order (LullPhotoSetWindow *window)
{
  GListModel *model = G_LIST_MODEL (selection_of (window));
  GString *order = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_string_append_printf (order, i > 0 ? " %s" : "%s", id_at (model, i));

  return g_string_free (order, FALSE);
}

/* What a fresh set reads from photos.ini and photos/: what was saved. */
static LullPhotoSet *
saved_set (void)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  LullPhotoSet *set = lull_photo_set_new (lull_application_get_data_root (app));

  lull_photo_set_load (set, problems);
  g_assert_cmpuint (problems->len, ==, 0);

  return set;
}

static char *
saved_order (void)
{
  g_autoptr(LullPhotoSet) set = saved_set ();
  GListModel *model = lull_photo_set_get_photos (set);
  GString *order = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_string_append_printf (order, i > 0 ? " %s" : "%s", id_at (model, i));

  return g_string_free (order, FALSE);
}

static char *
photo_path (const char *id)
{
  return g_build_filename (data_dir, "photos", id, NULL);
}

static LullPhotoSetWindow *
open_photos (void)
{
  GtkWindow *main_window = lull_test_find_toplevel (LULL_TYPE_WINDOW);
  LullPhotoSetWindow *window = lull_photo_set_window_new (app, main_window);

  lull_test_present (GTK_WINDOW (window));

  return window;
}

static void
close_photos (LullPhotoSetWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  lull_test_iterate ();
}

/* The grid shows @expected, and photos.ini says the same. */
static void
assert_order (LullPhotoSetWindow *window,
              const char         *expected)
{
  g_autofree char *order = grid_order (window);
  g_autofree char *saved = saved_order ();

  g_assert_cmpstr (order, ==, expected);
  g_assert_cmpstr (saved, ==, expected);
}

static void
activate (LullPhotoSetWindow *window,
          const char         *action_name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action_name, NULL));
  lull_test_iterate ();
}

/* --- Cells --------------------------------------------------------------- */

/* The picture of each bound cell; its alternative text names the photo. */
static GPtrArray *
bound_pictures (LullPhotoSetWindow *window)
{
  GPtrArray *pictures = g_ptr_array_new ();
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  lull_test_collect_widgets (GTK_WIDGET (grid_of (window)), GTK_TYPE_PICTURE, all);
  for (guint i = 0; i < all->len; i++)
    {
      GtkPicture *picture = g_ptr_array_index (all, i);

      if (gtk_picture_get_alternative_text (picture) != NULL
          && gtk_widget_get_mapped (GTK_WIDGET (picture)))
        g_ptr_array_add (pictures, picture);
    }

  return pictures;
}

/* Its alternative text names the photo: “Photo a-first.png, favourite”. */
static gboolean
shows_photo (GtkWidget     *picture,
             gconstpointer  id)
{
  const char *text = gtk_picture_get_alternative_text (GTK_PICTURE (picture));
  g_autofree char *word = g_strconcat (" ", id, NULL);

  return gtk_widget_get_mapped (picture) && text != NULL && strstr (text, word) != NULL;
}

/* The cell (the overlay around the picture) that shows @id. */
static GtkWidget *
find_cell (LullPhotoSetWindow *window,
           const char         *id)
{
  GtkWidget *picture = lull_test_find_widget (GTK_WIDGET (grid_of (window)), GTK_TYPE_PICTURE,
                                              shows_photo, id);

  return picture != NULL ? gtk_widget_get_parent (picture) : NULL;
}

static gboolean
shows_icon (GtkWidget     *image,
            gconstpointer  icon_name)
{
  return gtk_image_get_storage_type (GTK_IMAGE (image)) == GTK_IMAGE_ICON_NAME
         && g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (image)), icon_name) == 0;
}

static GtkWidget *
find_badge (GtkWidget  *cell,
            const char *icon_name)
{
  return lull_test_find_widget (cell, GTK_TYPE_IMAGE, shows_icon, icon_name);
}

static gboolean
badge_shown (LullPhotoSetWindow *window,
             const char         *id,
             const char         *icon_name)
{
  GtkWidget *cell = find_cell (window, id);
  GtkWidget *badge;

  g_assert_nonnull (cell);
  badge = find_badge (cell, icon_name);
  g_assert_nonnull (badge);

  return gtk_widget_get_visible (badge);
}

static gboolean
all_bound (gpointer data)
{
  g_autoptr(GPtrArray) pictures = bound_pictures (data);

  return pictures->len == g_list_model_get_n_items (photos ());
}

static gboolean
focus_on_cell (gpointer data)
{
  GtkWidget *grid = GTK_WIDGET (grid_of (data));
  GtkWidget *focus = gtk_window_get_focus (data);

  return focus != NULL && focus != grid && gtk_widget_is_ancestor (focus, grid);
}

/* Every cell is a square of the same size, thumbnail or not. */
static gboolean
cells_square (gpointer data)
{
  g_autoptr(GPtrArray) pictures = bound_pictures (data);
  int size = -1;

  for (guint i = 0; i < pictures->len; i++)
    {
      GtkWidget *cell = gtk_widget_get_parent (g_ptr_array_index (pictures, i));
      int width = gtk_widget_get_width (cell);

      if (width < 100 || width != gtk_widget_get_height (cell) || (size >= 0 && width != size))
        return FALSE;
      size = width;
    }

  return pictures->len > 0;
}

static gboolean
stills_shown (gpointer data)
{
  g_autoptr(GPtrArray) pictures = bound_pictures (data);
  guint shown = 0;

  for (guint i = 0; i < pictures->len; i++)
    if (gtk_picture_get_paintable (g_ptr_array_index (pictures, i)) != NULL)
      shown++;

  return shown == G_N_ELEMENTS (STILLS);
}

/* The clip here is not a real one: its cell says so quietly. */
static gboolean
clip_marked_missing (gpointer data)
{
  GtkWidget *cell = find_cell (data, CLIP);

  return cell != NULL && find_badge (cell, "image-missing-symbolic") != NULL;
}

/* --- Toasts -------------------------------------------------------------- */

/* The buttons of the toast on show whose title has @text in it. */
static gboolean
says (GtkWidget     *toast_widget,
      gconstpointer  text)
{
  g_autoptr(AdwToast) toast = NULL;

  g_object_get (toast_widget, "toast", &toast, NULL);

  return toast != NULL && strstr (adw_toast_get_title (toast), text) != NULL;
}

static GtkWidget *
find_toast (LullPhotoSetWindow *window,
            const char         *text)
{
  GType toast_widget = g_type_from_name ("AdwToastWidget");

  g_assert_true (toast_widget != G_TYPE_INVALID);

  return lull_test_find_widget (GTK_WIDGET (window), toast_widget, says, text);
}

/* The close button has an icon and no label. */
static gboolean
is_labelled (GtkWidget     *button,
             gconstpointer  label)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), label) == 0
         && gtk_widget_get_visible (button);
}

static GtkWidget *
toast_button (GtkWidget  *toast,
              const char *label)
{
  return lull_test_find_widget (toast, GTK_TYPE_BUTTON, is_labelled, label);
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  lull_test_iterate ();
}

/* --- Tests --------------------------------------------------------------- */

static void
test_grid (void)
{
  static const char * const keys[] = {
    "f", "photos.favourite",
    "o", "photos.use-focus",
    "Delete", "photos.remove",
    "<Control>Left", "photos.move-earlier",
    "<Control>Right", "photos.move-later",
    "s", "photos.shuffle",
    "<Control>o", "photos.add",
    "<Shift><Control>o", "photos.add-folder",
    "Escape", "window.close",
  };
  LullPhotoSetWindow *window = open_photos ();
  GtkSingleSelection *selection = selection_of (window);
  GtkWidget *focus;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Photos");
  g_assert_false (gtk_window_get_modal (GTK_WINDOW (window)));
  g_assert_true (LULL_IS_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (window))));

  /* Every photo in photos/, in the order photos.ini gives. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, N_PHOTOS);
  {
    g_autofree char *order = grid_order (window);

    g_assert_cmpstr (order, ==, "a-first.png b-second.png c-third.png d-fourth.png " CLIP);
  }
  lull_test_wait_for (all_bound, window, 30);
  /* From the thumbnailer's memory this time. */
  lull_test_wait_for (stills_shown, window, 60);
  lull_test_wait_for (cells_square, window, 30);

  /* The first photo is selected and its cell has the focus, not the grid
   * itself (where the first arrow key would only reach the cell). */
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);
  lull_test_wait_for (focus_on_cell, window, 30);
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_nonnull (lull_test_find_widget (focus, GTK_TYPE_PICTURE, shows_photo, STILLS[0]));

  /* A clip has its badge, a picture has none. */
  g_assert_true (badge_shown (window, CLIP, "camera-video-symbolic"));
  g_assert_false (badge_shown (window, STILLS[0], "camera-video-symbolic"));
  g_assert_false (badge_shown (window, STILLS[0], "starred-symbolic"));

  for (guint i = 0; i < G_N_ELEMENTS (keys); i += 2)
    if (!lull_test_has_shortcut (GTK_WIDGET (window), keys[i], keys[i + 1]))
      g_error ("%s does not do %s", keys[i], keys[i + 1]);

  close_photos (window);
}

static gboolean
has_entries (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) != NULL;
}

/* Anything named for thumbnails or for Lull below @folder. */
static void
assert_no_thumbnails_in (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *lower = g_ascii_strdown (name, -1);

      if (strstr (lower, "thumbnail") != NULL || strstr (lower, "lull") != NULL)
        g_error ("%s is in XDG_CACHE_HOME", path);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        assert_no_thumbnails_in (path);
    }
}

/* The first window made the thumbnails on worker threads; they are in the
 * data root's cache/, and none is in XDG_CACHE_HOME. */
static void
test_thumbnails (void)
{
  LullPhotoSetWindow *window = open_photos ();
  g_autofree char *thumbnails = g_build_filename (data_dir, "cache", "thumbnails", NULL);

  lull_test_wait_for (all_bound, window, 30);
  lull_test_wait_for (stills_shown, window, 60);
  lull_test_wait_for (clip_marked_missing, window, 60);

  g_assert_true (has_entries (thumbnails));
  assert_no_thumbnails_in (cache_dir);

  close_photos (window);
}

static void
test_favourite (void)
{
  LullPhotoSetWindow *window = open_photos ();
  GtkSingleSelection *selection = selection_of (window);
  g_autoptr(LullPhotoSet) saved = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *ini = g_build_filename (data_dir, "photos.ini", NULL);
  g_auto(GStrv) favourites = NULL;
  LullPhoto *second;
  GtkWidget *button;
  gboolean selected_favourite;

  lull_test_wait_for (all_bound, window, 30);
  gtk_single_selection_set_selected (selection, 1);
  second = gtk_single_selection_get_selected_item (selection);
  g_assert_cmpstr (lull_photo_get_id (second), ==, STILLS[1]);
  g_assert_false (lull_photo_get_favourite (second));

  activate (window, "photos.favourite");
  g_assert_true (lull_photo_get_favourite (second));
  g_object_get (window, "selected-favourite", &selected_favourite, NULL);
  g_assert_true (selected_favourite);
  g_assert_true (badge_shown (window, STILLS[1], "starred-symbolic"));
  button = lull_test_find_button_with_action (GTK_WIDGET (window), "photos.favourite");
  g_assert_true (GTK_IS_TOGGLE_BUTTON (button));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));

  /* Saved at once, in photos.ini. */
  g_assert_true (g_key_file_load_from_file (keyfile, ini, G_KEY_FILE_NONE, NULL));
  favourites = g_key_file_get_string_list (keyfile, "Lull Photos", "favourites", NULL, NULL);
  g_assert_nonnull (favourites);
  g_assert_true (g_strv_contains ((const char * const *)favourites, STILLS[1]));
  saved = saved_set ();
  g_assert_true (lull_photo_get_favourite (lull_photo_set_lookup (saved, STILLS[1])));
  g_clear_object (&saved);

  /* The same key takes the star away again. */
  activate (window, "photos.favourite");
  g_assert_false (lull_photo_get_favourite (second));
  g_assert_false (badge_shown (window, STILLS[1], "starred-symbolic"));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
  saved = saved_set ();
  g_assert_false (lull_photo_get_favourite (lull_photo_set_lookup (saved, STILLS[1])));

  close_photos (window);
}

static void
test_one_photo_mode (void)
{
  LullPhotoSetWindow *window = open_photos ();
  GtkSingleSelection *selection = selection_of (window);
  g_autoptr(LullPhotoSet) saved = NULL;
  gboolean selected_focus;

  lull_test_wait_for (all_bound, window, 30);
  gtk_single_selection_set_selected (selection, 2);
  g_assert_null (lull_photo_set_get_focus (photo_set ()));

  activate (window, "photos.use-focus");
  g_assert_cmpstr (lull_photo_get_id (lull_photo_set_get_focus (photo_set ())), ==, STILLS[2]);
  g_object_get (window, "selected-focus", &selected_focus, NULL);
  g_assert_true (selected_focus);
  g_assert_true (badge_shown (window, STILLS[2], "view-pin-symbolic"));
  g_assert_false (badge_shown (window, STILLS[1], "view-pin-symbolic"));
  saved = saved_set ();
  g_assert_cmpstr (lull_photo_get_id (lull_photo_set_get_focus (saved)), ==, STILLS[2]);

  /* Another photo selected: the button is up, the mark stays where it is. */
  gtk_single_selection_set_selected (selection, 0);
  g_object_get (window, "selected-focus", &selected_focus, NULL);
  g_assert_false (selected_focus);

  /* Let up on the chosen one, none is chosen. */
  gtk_single_selection_set_selected (selection, 2);
  activate (window, "photos.use-focus");
  g_assert_null (lull_photo_set_get_focus (photo_set ()));
  g_assert_false (badge_shown (window, STILLS[2], "view-pin-symbolic"));

  close_photos (window);
}

static void
test_move (void)
{
  LullPhotoSetWindow *window = open_photos ();
  GtkSingleSelection *selection = selection_of (window);

  lull_test_wait_for (all_bound, window, 30);
  gtk_single_selection_set_selected (selection, 0);

  /* Nothing is before the first: its button is off. */
  g_assert_false (gtk_widget_get_sensitive (
    lull_test_find_button_with_action (GTK_WIDGET (window), "photos.move-earlier")));
  g_assert_true (gtk_widget_get_sensitive (
    lull_test_find_button_with_action (GTK_WIDGET (window), "photos.move-later")));
  gtk_widget_activate_action (GTK_WIDGET (window), "photos.move-earlier", NULL);
  lull_test_iterate ();
  assert_order (window, "a-first.png b-second.png c-third.png d-fourth.png " CLIP);

  /* Later twice: the selection goes with the photo. */
  activate (window, "photos.move-later");
  activate (window, "photos.move-later");
  assert_order (window, "b-second.png c-third.png a-first.png d-fourth.png " CLIP);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 2);

  /* And back. */
  activate (window, "photos.move-earlier");
  activate (window, "photos.move-earlier");
  assert_order (window, "a-first.png b-second.png c-third.png d-fourth.png " CLIP);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);

  close_photos (window);
}

/* Selects the photo at @position and removes it. Its file stays, for
 * Undo, and the one that took its place is selected.
 *
 * Returns: the path of the removed photo's file */
static char *
remove_at (LullPhotoSetWindow *window,
           guint               position)
{
  GtkSingleSelection *selection = selection_of (window);
  char *path;

  lull_test_wait_for (all_bound, window, 30);
  gtk_single_selection_set_selected (selection, position);
  path = photo_path (lull_photo_get_id (gtk_single_selection_get_selected_item (selection)));

  activate (window, "photos.remove");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  if (position < g_list_model_get_n_items (G_LIST_MODEL (selection)))
    g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, position);

  return path;
}

static void
test_remove_undo (void)
{
  LullPhotoSetWindow *window = open_photos ();
  g_autofree char *path = remove_at (window, 2);
  g_autofree char *order = NULL;
  GtkWidget *toast;

  g_assert_true (g_str_has_suffix (path, STILLS[2]));
  /* (Not photos.ini yet: a Lull that stopped now would list the file
   * again, at the end.) */
  order = grid_order (window);
  g_assert_cmpstr (order, ==, "a-first.png b-second.png d-fourth.png " CLIP);

  toast = find_toast (window, "Photo removed");
  g_assert_nonnull (toast);
  click (toast_button (toast, "_Undo"));

  /* Back at its place, selected, saved, and its file kept. */
  assert_order (window, "a-first.png b-second.png c-third.png d-fourth.png " CLIP);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection_of (window)), ==, 2);
  g_assert_null (find_toast (window, "removed"));

  close_photos (window);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_remove_dismissed (void)
{
  LullPhotoSetWindow *window = open_photos ();
  g_autofree char *path = remove_at (window, 2);
  GtkWidget *toast;

  /* Dismissed without Undo: the file goes. */
  toast = find_toast (window, "Photo removed");
  g_assert_nonnull (toast);
  click (toast_button (toast, NULL));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  assert_order (window, "a-first.png b-second.png d-fourth.png " CLIP);

  close_photos (window);
}

/* Two removals share one toast, and closing the window makes both final. */
static void
test_remove_closed (void)
{
  LullPhotoSetWindow *window = open_photos ();
  g_autofree char *first = remove_at (window, 2);
  /* The clip took its place. */
  g_autofree char *second = remove_at (window, 2);
  g_autofree char *saved = NULL;

  g_assert_true (g_str_has_suffix (first, STILLS[3]));
  g_assert_true (g_str_has_suffix (second, CLIP));
  g_assert_nonnull (find_toast (window, "2 photos removed"));

  close_photos (window);
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));
  saved = saved_order ();
  g_assert_cmpstr (saved, ==, "a-first.png b-second.png");
}

/* Cancel, beside the progress bar, can be pressed while an import runs. */
static gboolean
import_done (gpointer data)
{
  GtkWidget *cancel = lull_test_find_button_with_action (data, "photos.cancel-import");

  g_assert_nonnull (cancel);

  return !gtk_widget_get_sensitive (cancel);
}

static void
write_picture (const char *path,
               guint32     rgba)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 320, 240);
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (pixbuf, rgba);
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
}

static GtkDropTarget *
drop_target_of (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }

  return NULL;
}

/* A folder dropped on the window, as a file manager does: its picture is
 * added, the file that is not one is named in Details, and the folder is
 * left as it was. */
static void
test_drop_folder (void)
{
  LullPhotoSetWindow *window = open_photos ();
  GtkSingleSelection *selection = selection_of (window);
  g_autofree char *folder = g_build_filename (outside_dir, "From the phone", NULL);
  g_autofree char *picture = g_build_filename (folder, "new & lovely.png", NULL);
  g_autofree char *broken = g_build_filename (folder, "broken.jpg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  GSList *list = g_slist_prepend (NULL, file);
  GtkDropTarget *target = drop_target_of (GTK_WIDGET (window));
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(LullPhoto) added = NULL;
  g_autofree char *added_path = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *toast, *row;
  gboolean dropped = FALSE;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  write_picture (picture, 0xf0c0a0ff);
  g_assert_true (g_file_set_contents (broken, "not a picture\n", -1, NULL));

  g_assert_nonnull (target);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (list));
  g_slist_free (list);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &dropped);
  g_assert_true (dropped);
  g_assert_false (import_done (window));

  /* Another drop before it is done is a gentle word, and no second run
   * (the first cannot end before the main loop runs again). */
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &dropped);
  g_assert_false (dropped);
  lull_test_iterate ();
  toast = find_toast (window, "still adding");
  g_assert_nonnull (toast);
  click (toast_button (toast, NULL));

  lull_test_wait_for (import_done, window, 60);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 3);
  added = g_list_model_get_item (G_LIST_MODEL (selection), 2);
  added_path = photo_path (lull_photo_get_id (added));
  g_assert_true (g_file_test (added_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 2);
  /* The sources stay. */
  g_assert_true (g_file_test (picture, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (broken, G_FILE_TEST_IS_REGULAR));

  toast = find_toast (window, "1 photo added. 1 file could not be added.");
  g_assert_nonnull (toast);
  click (toast_button (toast, "_Details"));
  dialog = ADW_MESSAGE_DIALOG (lull_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Files Not Added");
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();

    lull_test_collect_widgets (adw_message_dialog_get_extra_child (dialog),
                               ADW_TYPE_ACTION_ROW, rows);
    g_assert_cmpuint (rows->len, ==, 1);
    row = g_ptr_array_index (rows, 0);
    g_test_message ("Refused: %s: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                    adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
    g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              "broken.jpg"));
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), !=, "");
  }
  adw_message_dialog_response (dialog, "close");
  lull_test_iterate ();

  close_photos (window);
}

static void
answer_shuffle (LullPhotoSetWindow *window,
                const char         *response)
{
  AdwMessageDialog *dialog;

  activate (window, "photos.shuffle");
  dialog = ADW_MESSAGE_DIALOG (lull_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  /* The old order cannot be brought back: Enter keeps it. */
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  adw_message_dialog_response (dialog, response);
  lull_test_iterate ();
}

static void
test_shuffle (void)
{
  LullPhotoSetWindow *window = open_photos ();
  g_autofree char *before = grid_order (window);
  g_autofree char *after = NULL;
  g_autofree char *saved = NULL;

  lull_test_wait_for (all_bound, window, 30);

  answer_shuffle (window, "cancel");
  after = grid_order (window);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  /* A new order (never the same one, with three photos), saved, and the
   * first photo selected. */
  answer_shuffle (window, "shuffle");
  after = grid_order (window);
  saved = saved_order ();
  g_assert_cmpstr (after, !=, before);
  g_assert_cmpstr (saved, ==, after);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection_of (window)), ==, 0);
  g_assert_nonnull (find_toast (window, "Photos shuffled"));

  close_photos (window);
}

/* With every photo gone, the window offers Add Photos… and has the focus
 * there; what photos.import adds brings the grid back. */
static void
test_empty (void)
{
  LullPhotoSetWindow *window = open_photos ();
  GtkSingleSelection *selection = selection_of (window);
  g_autofree char *picture = g_build_filename (outside_dir, "sleeping.png", NULL);
  g_autofree char *uri = g_filename_to_uri (picture, NULL, NULL);
  const char *uris[] = { uri, NULL };
  GtkWidget *focus, *grid;

  while (g_list_model_get_n_items (G_LIST_MODEL (selection)) > 0)
    {
      activate (window, "photos.remove");
    }
  close_photos (window);
  g_assert_cmpuint (g_list_model_get_n_items (photos ()), ==, 0);

  window = open_photos ();
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)), ==, "photos.add");
  g_assert_true (gtk_widget_get_mapped (focus));
  g_assert_nonnull (gtk_widget_get_ancestor (focus, ADW_TYPE_STATUS_PAGE));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (grid_of (window))));

  write_picture (picture, 0x90b0e0ff);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "photos.import", "^as", uris));
  lull_test_wait_for (import_done, window, 60);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection_of (window))), ==, 1);
  g_assert_nonnull (find_toast (window, "1 photo added."));
  /* The button that had the focus is gone with the empty page. */
  grid = GTK_WIDGET (grid_of (window));
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == grid || gtk_widget_is_ancestor (focus, grid));

  close_photos (window);
}

static void
on_activate (GApplication *application,
             gpointer      user_data)
{
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

static void
write_photos (void)
{
  g_autofree char *folder = g_build_filename (data_dir, "photos", NULL);
  g_autofree char *clip = g_build_filename (folder, CLIP, NULL);
  g_autofree char *ini = g_build_filename (data_dir, "photos.ini", NULL);
  g_autoptr(GError) error = NULL;
  static const guint32 colours[] = { 0xe8b4b8ff, 0xa7c5ebff, 0xb8e0c2ff, 0xf5deb3ff };

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (STILLS); i++)
    {
      g_autofree char *path = g_build_filename (folder, STILLS[i], NULL);

      write_picture (path, colours[i]);
    }
  g_file_set_contents (clip, "not really a clip\n", -1, &error);
  g_assert_no_error (error);

  /* The order, rather than the files' times, which may be the same. */
  g_file_set_contents (ini,
                       "[Lull Photos]\n"
                       "version=1\n"
                       "order=a-first.png;b-second.png;c-third.png;d-fourth.png;" CLIP ";\n",
                       -1, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  char *app_argv[] = { (char *)"lull", (char *)"--data-dir", NULL, NULL };
  int status;

  /* The toasts' words are checked in English. */
  g_setenv ("LANGUAGE", "C", TRUE);
  /* Before anything asks GLib for the cache folder. */
  cache_dir = g_dir_make_tmp ("lull-ui-photos-cache-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);

  g_test_init (&argc, &argv, NULL);

  /* In this order: each builds on what the one before left. */
  g_test_add_func ("/photo-set/thumbnails", test_thumbnails);
  g_test_add_func ("/photo-set/grid", test_grid);
  g_test_add_func ("/photo-set/favourite", test_favourite);
  g_test_add_func ("/photo-set/one-photo-mode", test_one_photo_mode);
  g_test_add_func ("/photo-set/move", test_move);
  g_test_add_func ("/photo-set/remove-undo", test_remove_undo);
  g_test_add_func ("/photo-set/remove-dismissed", test_remove_dismissed);
  g_test_add_func ("/photo-set/remove-closed", test_remove_closed);
  g_test_add_func ("/photo-set/drop-folder", test_drop_folder);
  g_test_add_func ("/photo-set/shuffle", test_shuffle);
  g_test_add_func ("/photo-set/empty", test_empty);

  data_dir = g_dir_make_tmp ("lull-ui-photos-XXXXXX", NULL);
  outside_dir = g_dir_make_tmp ("lull-ui-photos-outside-XXXXXX", NULL);
  write_photos ();
  app_argv[2] = data_dir;

  app = lull_application_new ();
  /* Toasts and pages change at once, without waiting for frames. */
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  status = lull_test_run_in_application (G_APPLICATION (app), 3, app_argv);
  g_assert_finalize_object (app);

  remove_tree (data_dir);
  remove_tree (outside_dir);
  remove_tree (cache_dir);
  g_free (data_dir);
  g_free (outside_dir);
  g_free (cache_dir);

  return status;
}
