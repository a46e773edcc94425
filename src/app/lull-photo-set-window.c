/* lull-photo-set-window.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lull-accessible.h"
#include "lull-details-dialog.h"
#include "lull-photo-import.h"
#include "lull-photo-set-window.h"
#include "lull-toast.h"

/* The photos come from LullPhotoSet and their thumbnails from the
 * application's LullThumbnailer; this window only shows them and hands the
 * parent's wishes back. A set may hold thousands of photos, so the grid
 * recycles a bounded number of cells (see max-columns in the template): a
 * cell's work is all in bind (a lookup in the thumbnailer's memory, else
 * one load on a worker thread, cancelled on unbind), and nothing here
 * walks the set but a search for one photo after an import or an Undo.
 *
 * A removed photo keeps its file until its toast goes without Undo, or
 * the window closes: lull_photo_set_purge() is the point of no return. */

/* The square each thumbnail fills, and the long side asked of the
 * thumbnailer: cropped to the square, 256 leaves the short side of a 4:3
 * picture above 160. */
#define CELL_SIZE      160
#define THUMBNAIL_SIZE 256

/* Long enough to reach Undo with one hand while holding the pump. */
#define REMOVED_TOAST_SECONDS 10

struct _LullPhotoSetWindow
{
  AdwWindow             parent_instance;

  /* Kept until finalize: an import that ends after the window closed
   * still adds its photos to the set. */
  LullApplication      *application;
  LullPhotoSet         *set;
  LullThumbnailer      *thumbnailer;

  GtkSingleSelection   *selection;
  LullPhoto            *selected;    /* watched for "favourite" */
  GPtrArray            *cells;       /* the bound cells, for the focus mark */
  guint                 focus_tick;  /* a cell to focus once there is one */
  guint                 focus_frames;
  GtkFileChooserNative *chooser;

  LullPhotoImport      *import;      /* while one runs */
  GCancellable         *import_cancellable;

  /* What Undo on the removal toast brings back, oldest first. */
  GPtrArray            *removed;
  AdwToast             *removed_toast;

  AdwToastOverlay      *toast_overlay;
  GtkWidget            *add_button;
  GtkWidget            *add_folder_button;
  GtkWidget            *shuffle_button;
  GtkRevealer          *import_revealer;
  GtkLabel             *import_label;
  GtkProgressBar       *import_progress;
  GtkWidget            *cancel_import_button;
  GtkStack             *stack;
  GtkWidget            *empty_add_button;
  GtkScrolledWindow    *scroller;
  GtkGridView          *grid;
  GtkActionBar         *action_bar;
};

G_DEFINE_FINAL_TYPE (LullPhotoSetWindow, lull_photo_set_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SELECTED_FAVOURITE,
  PROP_SELECTED_FOCUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  LullPhoto *photo;
  guint      position;
} Removal;

static void
removal_free (gpointer data)
{
  Removal *removal = data;

  g_clear_object (&removal->photo);
  g_free (removal);
}

/* One cell of the grid, kept on its GtkListItem. */
typedef struct
{
  LullPhotoSetWindow *window;       /* unowned: cells go with the grid */
  GtkWidget          *root;
  GtkWidget          *placeholder;
  GtkWidget          *picture;
  GtkWidget          *focus_badge;
  GtkWidget          *favourite_badge;
  GtkWidget          *clip_badge;

  LullPhoto          *photo;        /* while bound */
  gulong              favourite_id;
  GCancellable       *cancellable;  /* the thumbnail on its way */
} Cell;

static void
cell_free (gpointer data)
{
  Cell *cell = data;

  /* Unbound first as a rule; this is for a cell torn down bound. */
  g_cancellable_cancel (cell->cancellable);
  g_clear_object (&cell->cancellable);
  if (cell->photo != NULL)
    g_clear_signal_handler (&cell->favourite_id, cell->photo);
  g_clear_object (&cell->photo);
  g_free (cell);
}

/* A thumbnail on its way, for the cell that asked. */
typedef struct
{
  GtkListItem  *item;
  GCancellable *cancellable;
} ThumbnailRequest;

static void
thumbnail_request_free (ThumbnailRequest *request)
{
  g_clear_object (&request->item);
  g_clear_object (&request->cancellable);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ThumbnailRequest, thumbnail_request_free)

static void focus_first_control (LullPhotoSetWindow *self);

static guint
n_photos (LullPhotoSetWindow *self)
{
  return self->selection != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->selection)) : 0;
}

static guint
selected_position (LullPhotoSetWindow *self)
{
  if (self->selection == NULL)
    return GTK_INVALID_LIST_POSITION;

  return gtk_single_selection_get_selected (self->selection);
}

static gboolean
focus_is_in (LullPhotoSetWindow *self,
             GtkWidget          *widget)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

  return focus != NULL && widget != NULL
         && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* A few frames are enough for the grid to make its cells. */
#define FOCUS_FRAMES 10

/* The cell of the selected photo, when the grid has made it, takes the
 * focus (GTK 4.8's grid keeps the focus itself when asked). */
static gboolean
focus_selected_cell (LullPhotoSetWindow *self)
{
  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *cell = g_ptr_array_index (self->cells, i);
      GtkWidget *item_widget = gtk_widget_get_parent (cell->root);

      if (cell->photo == self->selected && item_widget != NULL)
        return gtk_widget_grab_focus (item_widget);
    }

  return FALSE;
}

static gboolean
focus_cell_tick (GtkWidget     *grid,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  LullPhotoSetWindow *self = user_data;

  /* Unless the parent moved the focus meanwhile. */
  if (gtk_window_get_focus (GTK_WINDOW (self)) != grid
      || focus_selected_cell (self)
      || ++self->focus_frames >= FOCUS_FRAMES)
    {
      self->focus_tick = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* Before its first layout, or just after the set changed, the grid may
 * not have made the cell yet: it holds the focus until then, and the
 * first arrow key would only have moved it onto the cell. */
static void
focus_cell (LullPhotoSetWindow *self)
{
  GtkWidget *grid = GTK_WIDGET (self->grid);

  if (focus_selected_cell (self))
    return;

  gtk_window_set_focus (GTK_WINDOW (self), grid);
  if (self->focus_tick == 0)
    {
      self->focus_frames = 0;
      self->focus_tick = gtk_widget_add_tick_callback (grid, focus_cell_tick, self, NULL);
    }
}

/* Selects @position and scrolls to it; with @focus, the keyboard focus
 * goes to its cell too. */
static void
select_photo (LullPhotoSetWindow *self,
              guint               position,
              gboolean            focus)
{
  if (position >= n_photos (self))
    return;

  gtk_single_selection_set_selected (self->selection, position);
  /* GTK 4.8 has no gtk_grid_view_scroll_to(); this action scrolls and
   * moves the grid's own idea of the focused item, which grab_focus
   * then follows. */
  gtk_widget_activate_action (GTK_WIDGET (self->grid), "list.scroll-to-item", "u", position);
  if (focus)
    focus_cell (self);
}

static guint
find_position (LullPhotoSetWindow *self,
               LullPhoto          *photo)
{
  GListModel *model = G_LIST_MODEL (self->selection);

  /* From the end: what is looked for was mostly just added. */
  for (guint i = g_list_model_get_n_items (model); i > 0; i--)
    {
      g_autoptr(LullPhoto) item = g_list_model_get_item (model, i - 1);

      if (item == photo)
        return i - 1;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* --- Cells --------------------------------------------------------------- */

/* The cell's name says what its pictures and badges say, once. */
static GtkWidget *
new_badge (const char *icon_name,
           const char *style,
           GtkAlign    halign,
           GtkAlign    valign)
{
  GtkWidget *badge = g_object_new (GTK_TYPE_IMAGE,
                                   "icon-name", icon_name,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                   "halign", halign,
                                   "valign", valign,
                                   "visible", FALSE,
                                   NULL);

  gtk_widget_add_css_class (badge, "photo-badge");
  gtk_widget_add_css_class (badge, style);

  return badge;
}

static void
update_cell (Cell *cell)
{
  LullPhotoSetWindow *self = cell->window;
  LullPhoto *photo = cell->photo;
  gboolean favourite = lull_photo_get_favourite (photo);
  gboolean clip = lull_photo_get_is_clip (photo);
  gboolean focus = lull_photo_set_get_focus (self->set) == photo;
  const char *id = lull_photo_get_id (photo);
  g_autofree char *label = NULL;

  gtk_widget_set_visible (cell->favourite_badge, favourite);
  gtk_widget_set_visible (cell->clip_badge, clip);
  gtk_widget_set_visible (cell->focus_badge, focus);

  /* Translators: how a screen reader names a photo (or a clip) in the
   * grid; the %s is its file name. */
  if (focus && favourite)
    label = g_strdup_printf (clip ? _("Clip %s, favourite, used in one-photo mode")
                                  : _("Photo %s, favourite, used in one-photo mode"), id);
  else if (focus)
    label = g_strdup_printf (clip ? _("Clip %s, used in one-photo mode")
                                  : _("Photo %s, used in one-photo mode"), id);
  else if (favourite)
    label = g_strdup_printf (clip ? _("Clip %s, favourite") : _("Photo %s, favourite"), id);
  else
    label = g_strdup_printf (clip ? _("Clip %s") : _("Photo %s"), id);

  gtk_picture_set_alternative_text (GTK_PICTURE (cell->picture), label);
  /* The grid's own cell is what a screen reader reads, and GTK 4.8 names
   * it after its type (4.12 has gtk_list_item_set_accessible_label()). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (cell->root)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
on_cell_favourite_notify (LullPhoto  *photo,
                          GParamSpec *pspec,
                          Cell       *cell)
{
  update_cell (cell);
}

static void
show_thumbnail (Cell      *cell,
                GdkPixbuf *pixbuf)
{
  g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (pixbuf);

  gtk_picture_set_paintable (GTK_PICTURE (cell->picture), GDK_PAINTABLE (texture));
  /* Cleared, not hidden: its size request is the cell's size. */
  gtk_image_clear (GTK_IMAGE (cell->placeholder));
}

static void
on_thumbnail_loaded (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(ThumbnailRequest) request = user_data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  Cell *cell;

  pixbuf = lull_thumbnailer_load_finish (LULL_THUMBNAILER (source), result, &error);

  /* A cell scrolled away, and maybe bound to another photo since, is not
   * this thumbnail's any more. */
  cell = g_object_get_data (G_OBJECT (request->item), "lull-cell");
  if (cell == NULL || cell->cancellable != request->cancellable
      || g_cancellable_is_cancelled (request->cancellable))
    return;

  g_clear_object (&cell->cancellable);

  if (pixbuf == NULL)
    {
      /* A picture that cannot be shown keeps a quiet sign, not an error:
       * the session skips it the same way. */
      g_debug ("No thumbnail for %s: %s", lull_photo_get_id (cell->photo), error->message);
      gtk_image_set_from_icon_name (GTK_IMAGE (cell->placeholder), "image-missing-symbolic");
      return;
    }

  show_thumbnail (cell, pixbuf);
}

static void
on_cell_setup (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               LullPhotoSetWindow       *self)
{
  Cell *cell = g_new0 (Cell, 1);

  cell->window = self;
  cell->root = gtk_overlay_new ();
  gtk_widget_set_overflow (cell->root, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_halign (cell->root, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (cell->root, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (cell->root, "photo-cell");

  /* The main child sets the cell's size. The picture is an overlay, which
   * is not measured: a GtkPicture would ask for its texture's own size. */
  cell->placeholder = g_object_new (GTK_TYPE_IMAGE,
                                    "icon-name", "image-x-generic-symbolic",
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                    NULL);
  gtk_image_set_pixel_size (GTK_IMAGE (cell->placeholder), 48);
  gtk_widget_set_size_request (cell->placeholder, CELL_SIZE, CELL_SIZE);
  gtk_widget_add_css_class (cell->placeholder, "dim-label");
  gtk_overlay_set_child (GTK_OVERLAY (cell->root), cell->placeholder);

  cell->picture = g_object_new (GTK_TYPE_PICTURE,
                                "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                NULL);
  gtk_picture_set_content_fit (GTK_PICTURE (cell->picture), GTK_CONTENT_FIT_COVER);
  gtk_overlay_add_overlay (GTK_OVERLAY (cell->root), cell->picture);

  cell->focus_badge = new_badge ("view-pin-symbolic", "focus",
                                 GTK_ALIGN_START, GTK_ALIGN_START);
  cell->favourite_badge = new_badge ("starred-symbolic", "favourite",
                                     GTK_ALIGN_END, GTK_ALIGN_START);
  cell->clip_badge = new_badge ("camera-video-symbolic", "clip",
                                GTK_ALIGN_START, GTK_ALIGN_END);
  gtk_overlay_add_overlay (GTK_OVERLAY (cell->root), cell->focus_badge);
  gtk_overlay_add_overlay (GTK_OVERLAY (cell->root), cell->favourite_badge);
  gtk_overlay_add_overlay (GTK_OVERLAY (cell->root), cell->clip_badge);

  gtk_list_item_set_child (item, cell->root);
  g_object_set_data_full (G_OBJECT (item), "lull-cell", cell, cell_free);
}

static void
on_cell_bind (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              LullPhotoSetWindow       *self)
{
  Cell *cell = g_object_get_data (G_OBJECT (item), "lull-cell");
  LullPhoto *photo = gtk_list_item_get_item (item);
  GdkPixbuf *pixbuf;
  ThumbnailRequest *request;

  cell->photo = g_object_ref (photo);
  cell->favourite_id = g_signal_connect (photo, "notify::favourite",
                                         G_CALLBACK (on_cell_favourite_notify), cell);
  g_ptr_array_add (self->cells, cell);
  update_cell (cell);

  /* The texture takes its own reference to the thumbnailer's pixbuf. */
  pixbuf = lull_thumbnailer_lookup (self->thumbnailer, photo, THUMBNAIL_SIZE);
  if (pixbuf != NULL)
    {
      show_thumbnail (cell, pixbuf);
      return;
    }

  cell->cancellable = g_cancellable_new ();
  request = g_new0 (ThumbnailRequest, 1);
  request->item = g_object_ref (item);
  request->cancellable = g_object_ref (cell->cancellable);
  lull_thumbnailer_load_async (self->thumbnailer, photo, THUMBNAIL_SIZE, cell->cancellable,
                               on_thumbnail_loaded, request);
}

static void
on_cell_unbind (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                LullPhotoSetWindow       *self)
{
  Cell *cell = g_object_get_data (G_OBJECT (item), "lull-cell");

  g_cancellable_cancel (cell->cancellable);
  g_clear_object (&cell->cancellable);
  g_clear_signal_handler (&cell->favourite_id, cell->photo);
  g_clear_object (&cell->photo);
  g_ptr_array_remove_fast (self->cells, cell);

  gtk_picture_set_paintable (GTK_PICTURE (cell->picture), NULL);
  gtk_picture_set_alternative_text (GTK_PICTURE (cell->picture), NULL);
  gtk_image_set_from_icon_name (GTK_IMAGE (cell->placeholder), "image-x-generic-symbolic");
}

/* --- The selected photo -------------------------------------------------- */

static void
update_actions (LullPhotoSetWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  guint n = n_photos (self);
  guint position = selected_position (self);
  gboolean any = position < n;
  gboolean importing = self->import != NULL;

  gtk_widget_action_set_enabled (widget, "photos.favourite", any);
  gtk_widget_action_set_enabled (widget, "photos.use-focus", any);
  gtk_widget_action_set_enabled (widget, "photos.remove", any);
  gtk_widget_action_set_enabled (widget, "photos.move-earlier", any && position > 0);
  gtk_widget_action_set_enabled (widget, "photos.move-later", any && position + 1 < n);
  gtk_widget_action_set_enabled (widget, "photos.shuffle", n > 1);
  gtk_widget_action_set_enabled (widget, "photos.add", !importing);
  gtk_widget_action_set_enabled (widget, "photos.add-folder", !importing);
  gtk_widget_action_set_enabled (widget, "photos.import", !importing);
  gtk_widget_action_set_enabled (widget, "photos.cancel-import", importing);
}

static void
on_selected_favourite_notify (LullPhoto          *photo,
                              GParamSpec         *pspec,
                              LullPhotoSetWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_FAVOURITE]);
}

static void
update_selected (LullPhotoSetWindow *self)
{
  LullPhoto *photo = NULL;

  if (self->selection != NULL)
    photo = gtk_single_selection_get_selected_item (self->selection);

  if (photo != self->selected)
    {
      if (self->selected != NULL)
        g_signal_handlers_disconnect_by_func (self->selected, on_selected_favourite_notify, self);
      g_set_object (&self->selected, photo);
      if (photo != NULL)
        g_signal_connect_object (photo, "notify::favourite",
                                 G_CALLBACK (on_selected_favourite_notify), self, 0);

      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_FAVOURITE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_FOCUS]);
    }

  update_actions (self);
}

static void
on_selection_notify (GtkSingleSelection *selection,
                     GParamSpec         *pspec,
                     LullPhotoSetWindow *self)
{
  update_selected (self);
}

/* One Add Photos… at a time: the big one in the empty page while there
 * is nothing, the one in the header (and the photo buttons) once there
 * is. The focus follows when the page it was on goes. */
static void
update_empty (LullPhotoSetWindow *self)
{
  gboolean empty = n_photos (self) == 0;
  gboolean focus_in_empty = focus_is_in (self, gtk_stack_get_child_by_name (self->stack, "empty"));
  gboolean focus_in_photos = focus_is_in (self, GTK_WIDGET (self->scroller))
                             || focus_is_in (self, GTK_WIDGET (self->action_bar));

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "photos");
  gtk_widget_set_visible (self->add_button, !empty);
  gtk_widget_set_visible (self->add_folder_button, !empty);
  gtk_widget_set_visible (self->shuffle_button, !empty);
  gtk_action_bar_set_revealed (self->action_bar, !empty);

  if (empty && focus_in_photos)
    gtk_widget_grab_focus (self->empty_add_button);
  else if (!empty && focus_in_empty)
    select_photo (self, MIN (selected_position (self), n_photos (self) - 1), TRUE);
}

static void
on_items_changed (GListModel         *model,
                  guint               position,
                  guint               removed,
                  guint               added,
                  LullPhotoSetWindow *self)
{
  if (self->stack == NULL)
    return;

  update_empty (self);
  update_selected (self);
}

static void
on_focus_notify (LullPhotoSet       *set,
                 GParamSpec         *pspec,
                 LullPhotoSetWindow *self)
{
  for (guint i = 0; i < self->cells->len; i++)
    update_cell (g_ptr_array_index (self->cells, i));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_FOCUS]);
}

static gboolean
get_selected_favourite (LullPhotoSetWindow *self)
{
  return self->selected != NULL && lull_photo_get_favourite (self->selected);
}

static void
set_selected_favourite (LullPhotoSetWindow *self,
                        gboolean            favourite)
{
  g_autoptr(GError) error = NULL;

  if (self->selected == NULL || lull_photo_get_favourite (self->selected) == favourite)
    return;

  /* The photo's own notify tells the button and the cell. */
  if (!lull_photo_set_set_favourite (self->set, self->selected, favourite, &error))
    lull_toast_show (self->toast_overlay, error->message);
}

static gboolean
get_selected_focus (LullPhotoSetWindow *self)
{
  return self->selected != NULL && self->set != NULL
         && lull_photo_set_get_focus (self->set) == self->selected;
}

static void
set_selected_focus (LullPhotoSetWindow *self,
                    gboolean            focus)
{
  g_autoptr(GError) error = NULL;

  if (self->selected == NULL || get_selected_focus (self) == focus)
    return;

  /* Let up, the set goes back to its stand-in (the first favourite). */
  if (!lull_photo_set_set_focus (self->set, focus ? self->selected : NULL, &error))
    lull_toast_show (self->toast_overlay, error->message);
}

/* --- Move, remove, shuffle ----------------------------------------------- */

static void
move_selected (LullPhotoSetWindow *self,
               int                 delta)
{
  g_autoptr(LullPhoto) photo = NULL;
  g_autoptr(GError) error = NULL;
  guint position = selected_position (self);
  gboolean focus_in_grid = focus_is_in (self, GTK_WIDGET (self->grid));
  guint target;

  if (self->selected == NULL
      || (delta < 0 && position == 0)
      || (delta > 0 && position + 1 >= n_photos (self)))
    return;

  target = position + delta;
  photo = g_object_ref (self->selected);
  if (!lull_photo_set_move (self->set, photo, target, &error))
    {
      lull_toast_show (self->toast_overlay, error->message);
      return;
    }

  /* Pressed again, the key or the button moves the same photo on. */
  select_photo (self, target, focus_in_grid);
}

static void
move_earlier_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  move_selected (LULL_PHOTO_SET_WINDOW (widget), -1);
}

static void
move_later_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  move_selected (LULL_PHOTO_SET_WINDOW (widget), 1);
}

/* Files go only here, once Undo can no longer bring them back. */
static void
purge_removed (LullPhotoSetWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->removed->len == 0)
    return;

  for (guint i = 0; i < self->removed->len; i++)
    {
      Removal *removal = g_ptr_array_index (self->removed, i);

      lull_thumbnailer_forget (self->thumbnailer, removal->photo);
    }
  g_ptr_array_set_size (self->removed, 0);

  if (!lull_photo_set_purge (self->set, &error))
    {
      if (self->toast_overlay != NULL)
        lull_toast_show (self->toast_overlay, error->message);
      else
        g_warning ("%s", error->message);
    }
}

static void
on_removed_toast_dismissed (AdwToast           *toast,
                            LullPhotoSetWindow *self)
{
  if (toast != self->removed_toast)
    return;

  g_clear_object (&self->removed_toast);
  purge_removed (self);
}

/* Newest first, so that each goes back to the place it left. The focus
 * goes to the photo that came back: Undo is on a toast about to go. */
static void
on_removed_undo (AdwToast           *toast,
                 LullPhotoSetWindow *self)
{
  g_autoptr(LullPhoto) first = NULL;

  if (toast != self->removed_toast)
    return;

  for (guint i = self->removed->len; i > 0; i--)
    {
      Removal *removal = g_ptr_array_index (self->removed, i - 1);
      g_autoptr(GError) error = NULL;

      if (!lull_photo_set_restore (self->set, removal->photo, removal->position, &error))
        {
          lull_toast_show (self->toast_overlay, error->message);
          continue;
        }
      g_set_object (&first, removal->photo);
    }
  g_ptr_array_set_size (self->removed, 0);

  if (first != NULL)
    select_photo (self, find_position (self, first), TRUE);
}

static void
show_removed_toast (LullPhotoSetWindow *self)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf (ngettext ("Photo removed", "%u photos removed", self->removed->len),
                          self->removed->len);

  /* A toast already showing says the new count, and its Undo brings back
   * all of them. */
  if (self->removed_toast != NULL)
    {
      lull_toast_set_text (self->removed_toast, text);
      return;
    }

  self->removed_toast = lull_toast_new (text);
  adw_toast_set_button_label (self->removed_toast, _("_Undo"));
  adw_toast_set_timeout (self->removed_toast, REMOVED_TOAST_SECONDS);
  /* Undo at once, ahead of any toast that waits. */
  adw_toast_set_priority (self->removed_toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (self->removed_toast, "button-clicked",
                           G_CALLBACK (on_removed_undo), self, 0);
  g_signal_connect_object (self->removed_toast, "dismissed",
                           G_CALLBACK (on_removed_toast_dismissed), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->removed_toast));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LullPhotoSetWindow *self = LULL_PHOTO_SET_WINDOW (widget);
  g_autoptr(LullPhoto) photo = NULL;
  g_autoptr(GError) error = NULL;
  gboolean focus_in_grid = focus_is_in (self, GTK_WIDGET (self->grid));
  Removal *removal;
  guint position;

  if (self->selected == NULL)
    return;

  photo = g_object_ref (self->selected);
  position = lull_photo_set_remove (self->set, photo, &error);
  if (error != NULL)
    {
      lull_toast_show (self->toast_overlay, error->message);
      return;
    }

  removal = g_new0 (Removal, 1);
  removal->photo = g_steal_pointer (&photo);
  removal->position = position;
  g_ptr_array_add (self->removed, removal);
  show_removed_toast (self);

  /* The photo that took its place, or the one before when it was last. */
  if (n_photos (self) > 0)
    select_photo (self, MIN (position, n_photos (self) - 1), focus_in_grid);
}

static void
on_shuffle_response (AdwMessageDialog   *dialog,
                     const char         *response,
                     LullPhotoSetWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "shuffle"))
    return;

  if (!lull_photo_set_shuffle (self->set, &error))
    {
      lull_toast_show (self->toast_overlay, error->message);
      return;
    }

  select_photo (self, 0, TRUE);
  lull_toast_show (self->toast_overlay, _("Photos shuffled"));
}

/* Asked first: a new order cannot be taken back, and photos.ini keeps no
 * other (undoing by moving each photo back would rewrite it thousands of
 * times for a large set). */
static void
shuffle_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LullPhotoSetWindow *self = LULL_PHOTO_SET_WINDOW (widget);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Shuffle All Photos?"),
                                                       _("Your photos are put in a new, random "
                                                         "order. The order you have now cannot "
                                                         "be brought back.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "shuffle", _("_Shuffle"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "shuffle", ADW_RESPONSE_SUGGESTED);
  /* Enter keeps the order: it is the one thing here that cannot be undone. */
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_shuffle_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- Import -------------------------------------------------------------- */

static void
on_import_progress (LullPhotoImport    *import,
                    guint               done,
                    guint               total,
                    LullPhotoSetWindow *self)
{
  g_autofree char *text = NULL;

  if (self->import_progress == NULL)
    return;

  /* Folders are still being read. */
  if (total == 0)
    {
      gtk_progress_bar_pulse (self->import_progress);
      return;
    }

  gtk_progress_bar_set_fraction (self->import_progress, (double)MIN (done, total) / total);
  /* Translators: while photos are copied into Lull, as in “Adding photos… 12 of 40”. */
  text = g_strdup_printf (ngettext ("Adding photos… %u of %u", "Adding photos… %u of %u", total),
                          done, total);
  gtk_label_set_text (self->import_label, text);
}

/* @refused holds a file's name then the reason, for each refused file. */
static char *
import_summary (guint      added,
                GPtrArray *refused,
                gboolean   cancelled)
{
  guint n_refused = refused->len / 2;
  g_autofree char *added_text = NULL;
  g_autofree char *refused_text = NULL;

  if (cancelled)
    {
      if (added == 0)
        return g_strdup (_("Adding stopped. Nothing was added."));
      return g_strdup_printf (ngettext ("Adding stopped. %u photo was added.",
                                        "Adding stopped. %u photos were added.", added),
                              added);
    }

  if (added == 0 && n_refused == 0)
    return g_strdup (_("No photos or clips were found there."));

  if (added == 0)
    return g_strdup_printf (ngettext ("That file could not be added.",
                                      "Those %u files could not be added.", n_refused),
                            n_refused);

  added_text = g_strdup_printf (ngettext ("%u photo added.", "%u photos added.", added), added);
  if (n_refused == 0)
    return g_steal_pointer (&added_text);

  refused_text = g_strdup_printf (ngettext ("%u file could not be added.",
                                            "%u files could not be added.", n_refused),
                                  n_refused);
  /* Translators: “3 photos added.” then “1 file could not be added.” */
  return g_strdup_printf (_("%s %s"), added_text, refused_text);
}

static void
show_import_toast (LullPhotoSetWindow *self,
                   guint               added,
                   GPtrArray          *refused,
                   gboolean            cancelled)
{
  g_autofree char *text = import_summary (added, refused, cancelled);
  AdwToast *toast = lull_toast_new (text);

  if (refused->len > 0)
    {
      /* The list as it is now goes with the button; it stays until read. */
      g_ptr_array_add (refused, NULL);
      adw_toast_set_button_label (toast, _("_Details"));
      adw_toast_set_action_name (toast, "photos.show-refused");
      adw_toast_set_action_target_value (toast,
                                         g_variant_new_strv ((const char * const *)refused->pdata,
                                                             -1));
      g_ptr_array_remove_index (refused, refused->len - 1);
      adw_toast_set_timeout (toast, 0);
    }

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_import_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LullPhotoSetWindow) self = user_data;
  LullPhotoImport *import = LULL_PHOTO_IMPORT (source);
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char * const *ids;
  LullPhoto *first = NULL;
  gboolean cancelled;
  gboolean focus_on_cancel;
  guint added = 0;

  /* Cancel is about to go, and the focus with it. */
  focus_on_cancel = self->cancel_import_button != NULL
                    && (gtk_window_get_focus (GTK_WINDOW (self)) == NULL
                        || focus_is_in (self, self->cancel_import_button));

  lull_photo_import_run_finish (import, result, &error);
  cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* What was imported before a cancel stays, as the import promises. */
  ids = lull_photo_import_get_imported (import);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr(GError) add_error = NULL;
      LullPhoto *photo = lull_photo_set_add (self->set, ids[i], &add_error);

      if (photo == NULL)
        {
          g_ptr_array_add (refused, g_strdup (ids[i]));
          g_ptr_array_add (refused, g_strdup (add_error->message));
          continue;
        }
      if (first == NULL)
        first = photo;
      added++;
    }

  for (guint i = 0; i < lull_photo_import_get_n_refused (import); i++)
    {
      const char *name, *reason;

      lull_photo_import_get_refused (import, i, &name, &reason);
      g_ptr_array_add (refused, g_strdup (name));
      g_ptr_array_add (refused, g_strdup (reason));
    }

  if (import == self->import)
    {
      g_clear_object (&self->import);
      g_clear_object (&self->import_cancellable);
    }

  /* Closed meanwhile: the photos are in the set all the same. */
  if (self->toast_overlay == NULL)
    return;

  gtk_revealer_set_reveal_child (self->import_revealer, FALSE);
  update_actions (self);

  if (error != NULL && !cancelled)
    lull_toast_show (self->toast_overlay, error->message);
  else
    show_import_toast (self, added, refused, cancelled);

  /* The first new photo, ready for a star or a move; the focus stays
   * where the parent left it, unless that was Cancel. */
  if (first != NULL)
    select_photo (self, find_position (self, first),
                  focus_on_cancel || focus_is_in (self, GTK_WIDGET (self->grid)));
  else if (focus_on_cancel)
    focus_first_control (self);
}

/* Files and folders from the file chooser, a drop or photos.import. */
static gboolean
start_import (LullPhotoSetWindow  *self,
              GFile              **files,
              guint                n_files)
{
  GtkWidget *focus;

  if (n_files == 0 || self->application == NULL)
    return FALSE;

  if (self->import != NULL)
    {
      lull_toast_show (self->toast_overlay,
                       _("Lull is still adding photos. Add these once it is done."));
      return FALSE;
    }

  self->import = lull_photo_import_new (lull_application_get_data_root (self->application),
                                        files, n_files);
  self->import_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->import, "progress", G_CALLBACK (on_import_progress), self, 0);

  gtk_label_set_text (self->import_label, _("Adding photos…"));
  gtk_progress_bar_set_fraction (self->import_progress, 0.0);
  gtk_revealer_set_reveal_child (self->import_revealer, TRUE);

  /* The Add buttons are off while it runs: one that had the focus hands
   * it to Cancel, the one thing left to do, rather than to nowhere. */
  focus = gtk_window_get_focus (GTK_WINDOW (self));
  update_actions (self);
  if (focus == NULL || !gtk_widget_is_sensitive (focus))
    gtk_widget_grab_focus (self->cancel_import_button);

  lull_photo_import_run_async (self->import, self->import_cancellable,
                               on_import_done, g_object_ref (self));

  return TRUE;
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LullPhotoSetWindow *self = LULL_PHOTO_SET_WINDOW (widget);
  g_autofree const char **uris = g_variant_get_strv (parameter, NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; uris[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_uri (uris[i]));

  start_import (self, (GFile **)files->pdata, files->len);
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LullPhotoSetWindow *self = LULL_PHOTO_SET_WINDOW (widget);

  g_cancellable_cancel (self->import_cancellable);
}

static gboolean
on_drop (GtkDropTarget      *target,
         const GValue       *value,
         double              x,
         double              y,
         LullPhotoSetWindow *self)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  GSList *list;
  gboolean started;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  list = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  started = start_import (self, (GFile **)files->pdata, files->len);
  g_slist_free (list);

  return started;
}

static void
on_chooser_response (GtkNativeDialog    *chooser,
                     int                 response,
                     LullPhotoSetWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) chosen = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (chosen); i++)
        g_ptr_array_add (files, g_list_model_get_item (chosen, i));
      start_import (self, (GFile **)files->pdata, files->len);
    }

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

/* GTK 4.8's chooser picks files or folders, never both at once: Add
 * Photos… and Add Folder… are two doors to the same import. */
static void
open_chooser (LullPhotoSetWindow *self,
              gboolean            folders)
{
  GtkFileFilter *filter;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (folders ? _("Add a Folder of Photos")
                                                       : _("Add Photos"),
                                               GTK_WINDOW (self),
                                               folders ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                       : GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Add"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);

  if (!folders)
    {
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("Photos and clips"));
      gtk_file_filter_add_mime_type (filter, "image/*");
      gtk_file_filter_add_mime_type (filter, "video/*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
      g_object_unref (filter);
    }

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_chooser (LULL_PHOTO_SET_WINDOW (widget), FALSE);
}

static void
add_folder_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  open_chooser (LULL_PHOTO_SET_WINDOW (widget), TRUE);
}

/* The files an import refused, each with its reason, from the toast's
 * Details. */
static void
show_refused_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  g_autofree const char **pairs = g_variant_get_strv (parameter, NULL);

  lull_details_dialog_present (GTK_WINDOW (widget), _("Files Not Added"),
                               _("These files were left as they are. Everything else was "
                                 "added."),
                               pairs);
}

/* --- The window ---------------------------------------------------------- */

/* The grid when there are photos, else Add Photos…. */
static void
focus_first_control (LullPhotoSetWindow *self)
{
  if (n_photos (self) == 0)
    {
      gtk_window_set_focus (GTK_WINDOW (self), self->empty_add_button);
      return;
    }

  select_photo (self, MIN (selected_position (self), n_photos (self) - 1), TRUE);
}

/* GtkWindow:application is not a construct property: it is set after
 * constructed(), so the window fills itself in once it has one. */
static void
on_application_set (LullPhotoSetWindow *self,
                    GParamSpec         *pspec,
                    gpointer            user_data)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  GListModel *photos;

  if (self->application != NULL || !LULL_IS_APPLICATION (application))
    return;

  self->application = g_object_ref (LULL_APPLICATION (application));
  self->set = g_object_ref (lull_application_get_photo_set (self->application));
  self->thumbnailer = g_object_ref (lull_application_get_thumbnailer (self->application));
  photos = lull_photo_set_get_photos (self->set);

  self->selection = gtk_single_selection_new (g_object_ref (photos));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (on_selection_notify), self, 0);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_notify), self, 0);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (on_items_changed), self, G_CONNECT_AFTER);
  g_signal_connect_object (self->set, "notify::focus", G_CALLBACK (on_focus_notify), self, 0);
  gtk_grid_view_set_model (self->grid, GTK_SELECTION_MODEL (self->selection));

  update_empty (self);
  update_selected (self);
  focus_first_control (self);
}

static void
lull_photo_set_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  LullPhotoSetWindow *self = LULL_PHOTO_SET_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_FAVOURITE:
      g_value_set_boolean (value, get_selected_favourite (self));
      break;

    case PROP_SELECTED_FOCUS:
      g_value_set_boolean (value, get_selected_focus (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_photo_set_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  LullPhotoSetWindow *self = LULL_PHOTO_SET_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_FAVOURITE:
      set_selected_favourite (self, g_value_get_boolean (value));
      break;

    case PROP_SELECTED_FOCUS:
      set_selected_focus (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_photo_set_window_dispose (GObject *object)
{
  LullPhotoSetWindow *self = LULL_PHOTO_SET_WINDOW (object);

  g_cancellable_cancel (self->import_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  /* Closed with a removal still undoable: it is final now. */
  if (self->removed_toast != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->removed_toast, self);
      adw_toast_dismiss (self->removed_toast);
      g_clear_object (&self->removed_toast);
    }
  if (self->set != NULL)
    purge_removed (self);

  if (self->selected != NULL)
    g_signal_handlers_disconnect_by_func (self->selected, on_selected_favourite_notify, self);
  g_clear_object (&self->selected);

  if (self->focus_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->grid), self->focus_tick);
  self->focus_tick = 0;

  gtk_widget_dispose_template (GTK_WIDGET (self), LULL_TYPE_PHOTO_SET_WINDOW);

  g_clear_object (&self->selection);

  G_OBJECT_CLASS (lull_photo_set_window_parent_class)->dispose (object);
}

static void
lull_photo_set_window_finalize (GObject *object)
{
  LullPhotoSetWindow *self = LULL_PHOTO_SET_WINDOW (object);

  g_clear_object (&self->import);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->removed, g_ptr_array_unref);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_object (&self->thumbnailer);
  g_clear_object (&self->set);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (lull_photo_set_window_parent_class)->finalize (object);
}

static void
lull_photo_set_window_class_init (LullPhotoSetWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lull_photo_set_window_get_property;
  object_class->set_property = lull_photo_set_window_set_property;
  object_class->dispose = lull_photo_set_window_dispose;
  object_class->finalize = lull_photo_set_window_finalize;

  /**
   * LullPhotoSetWindow:selected-favourite:
   *
   * Whether the selected photo is a favourite; the photos.favourite
   * action toggles it.
   */
  properties[PROP_SELECTED_FAVOURITE] =
    g_param_spec_boolean ("selected-favourite", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LullPhotoSetWindow:selected-focus:
   *
   * Whether the selected photo is the one one-photo mode shows; the
   * photos.use-focus action toggles it.
   */
  properties[PROP_SELECTED_FOCUS] =
    g_param_spec_boolean ("selected-focus", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/lull-photo-set-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LullPhotoSetWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LullPhotoSetWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, LullPhotoSetWindow, add_folder_button);
  gtk_widget_class_bind_template_child (widget_class, LullPhotoSetWindow, shuffle_button);
  gtk_widget_class_bind_template_child (widget_class, LullPhotoSetWindow, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, LullPhotoSetWindow, import_label);
  gtk_widget_class_bind_template_child (widget_class, LullPhotoSetWindow, import_progress);
  gtk_widget_class_bind_template_child (widget_class, LullPhotoSetWindow, cancel_import_button);
  gtk_widget_class_bind_template_child (widget_class, LullPhotoSetWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LullPhotoSetWindow, empty_add_button);
  gtk_widget_class_bind_template_child (widget_class, LullPhotoSetWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, LullPhotoSetWindow, grid);
  gtk_widget_class_bind_template_child (widget_class, LullPhotoSetWindow, action_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_cell_setup);
  gtk_widget_class_bind_template_callback (widget_class, on_cell_bind);
  gtk_widget_class_bind_template_callback (widget_class, on_cell_unbind);

  gtk_widget_class_install_action (widget_class, "photos.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "photos.add-folder", NULL, add_folder_action);
  gtk_widget_class_install_action (widget_class, "photos.import", "as", import_action);
  gtk_widget_class_install_action (widget_class, "photos.cancel-import", NULL,
                                   cancel_import_action);
  gtk_widget_class_install_action (widget_class, "photos.show-refused", "as",
                                   show_refused_action);
  gtk_widget_class_install_property_action (widget_class, "photos.favourite",
                                            "selected-favourite");
  gtk_widget_class_install_property_action (widget_class, "photos.use-focus", "selected-focus");
  gtk_widget_class_install_action (widget_class, "photos.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "photos.move-earlier", NULL,
                                   move_earlier_action);
  gtk_widget_class_install_action (widget_class, "photos.move-later", NULL, move_later_action);
  gtk_widget_class_install_action (widget_class, "photos.shuffle", NULL, shuffle_action);

  /* Ctrl+Left and Ctrl+Right are in the template, caught before the grid. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "photos.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "photos.add-folder", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, 0, "photos.favourite", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, 0, "photos.use-focus", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "photos.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0,
                                       "photos.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, 0, "photos.shuffle", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
lull_photo_set_window_init (LullPhotoSetWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cells = g_ptr_array_new ();
  self->removed = g_ptr_array_new_with_free_func (removal_free);
  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_set), NULL);

  lull_label_scrollbars (self->scroller);
  update_actions (self);

  /* Files and folders dropped anywhere on the window are added, as Add
   * Photos… does. */
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

/**
 * lull_photo_set_window_new:
 * @application: the application, whose photo set the window shows
 * @parent: (nullable): the main window
 */
LullPhotoSetWindow *
lull_photo_set_window_new (LullApplication *application,
                           GtkWindow       *parent)
{
  g_return_val_if_fail (LULL_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (LULL_TYPE_PHOTO_SET_WINDOW,
                       "application", application,
                       "transient-for", parent,
                       NULL);
}
