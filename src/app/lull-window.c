/* lull-window.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lull-first-frame.h"
#include "lull-window.h"

struct _LullWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwStatusPage        *welcome_page;
};

G_DEFINE_FINAL_TYPE (LullWindow, lull_window, ADW_TYPE_APPLICATION_WINDOW)

/* GtkWindow:application is not a construct property, so the settings are
 * bound once the window has its application. */
static void
bind_settings (LullWindow *self,
               GSettings  *settings)
{
  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

static void
lull_window_class_init (LullWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lull-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LullWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LullWindow, welcome_page);
}

static void
lull_window_init (LullWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  adw_status_page_set_icon_name (self->welcome_page, APPLICATION_ID);

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  lull_first_frame_watch (GTK_WINDOW (self));
}

LullWindow *
lull_window_new (LullApplication *application)
{
  LullWindow *self;

  g_return_val_if_fail (LULL_IS_APPLICATION (application), NULL);

  self = g_object_new (LULL_TYPE_WINDOW,
                       "application", application,
                       NULL);
  bind_settings (self, lull_application_get_settings (application));

  return self;
}

/**
 * lull_window_show_notice:
 * @message: a sentence for the parent, already translated
 *
 * Shows @message until the parent dismisses it: something happened that
 * they should know about, but nothing needs doing right now.
 */
void
lull_window_show_notice (LullWindow *self,
                         const char *message)
{
  AdwToast *toast;

  g_return_if_fail (LULL_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
