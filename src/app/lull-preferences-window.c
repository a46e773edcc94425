/* lull-preferences-window.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lull-preferences-window.h"

struct _LullPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  GtkToggleButton      *scheme_default_button;
  GtkToggleButton      *scheme_light_button;
  GtkToggleButton      *scheme_dark_button;
  GtkToggleButton      *unit_ml_button;
  GtkToggleButton      *unit_us_fl_oz_button;
  GtkSwitch            *reduce_motion_switch;
  GtkSwitch            *play_sound_switch;
  GtkSwitch            *cue_phase_switch;
  GtkSwitch            *cue_letdown_switch;
  GtkSwitch            *cue_end_switch;
  GtkSwitch            *hide_amounts_switch;
  GtkAdjustment        *daily_goal_adjustment;
  GtkSwitch            *show_photos_switch;
  GtkSwitch            *one_photo_switch;
  GtkWidget            *slideshow_seconds_row;
  GtkAdjustment        *slideshow_seconds_adjustment;
  GtkSwitch            *clip_sound_switch;
};

G_DEFINE_FINAL_TYPE (LullPreferencesWindow, lull_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One radio button per value of an enum key: the button is active while
 * the key holds its nick, and writes its nick when the parent picks it.
 * Returning NULL for the button that was just switched off writes nothing,
 * so the group never passes through an empty state. */

static gboolean
radio_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  g_value_set_boolean (value, g_strcmp0 (g_variant_get_string (variant, NULL), user_data) == 0);
  return TRUE;
}

static GVariant *
radio_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  if (!g_value_get_boolean (value))
    return NULL;

  return g_variant_new_string (user_data);
}

/* photo-mode is "one-photo" or "slideshow": a switch. */
static gboolean
one_photo_get_mapping (GValue   *value,
                       GVariant *variant,
                       gpointer  user_data)
{
  g_value_set_boolean (value, g_str_equal (g_variant_get_string (variant, NULL), "one-photo"));

  return TRUE;
}

static GVariant *
one_photo_set_mapping (const GValue       *value,
                       const GVariantType *expected_type,
                       gpointer            user_data)
{
  return g_variant_new_string (g_value_get_boolean (value) ? "one-photo" : "slideshow");
}

static void
bind_radio (GSettings      *settings,
            const char     *key,
            GtkToggleButton *button,
            const char     *nick)
{
  g_settings_bind_with_mapping (settings, key, button, "active", G_SETTINGS_BIND_DEFAULT,
                                radio_get_mapping, radio_set_mapping,
                                (gpointer)nick, NULL);
}

static void
lull_preferences_window_constructed (GObject *object)
{
  LullPreferencesWindow *self = LULL_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (lull_preferences_window_parent_class)->constructed (object);

  bind_radio (self->settings, "color-scheme", self->scheme_default_button, "default");
  bind_radio (self->settings, "color-scheme", self->scheme_light_button, "light");
  bind_radio (self->settings, "color-scheme", self->scheme_dark_button, "dark");
  bind_radio (self->settings, "volume-unit", self->unit_ml_button, "ml");
  bind_radio (self->settings, "volume-unit", self->unit_us_fl_oz_button, "us-fl-oz");

  g_settings_bind (self->settings, "reduce-motion",
                   self->reduce_motion_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "play-sound", self->play_sound_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "cue-phase", self->cue_phase_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "cue-letdown", self->cue_letdown_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "cue-end", self->cue_end_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "hide-amounts", self->hide_amounts_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "daily-goal", self->daily_goal_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-photos", self->show_photos_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "photo-mode", self->one_photo_switch, "active",
                                G_SETTINGS_BIND_DEFAULT, one_photo_get_mapping,
                                one_photo_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "slideshow-seconds", self->slideshow_seconds_adjustment,
                   "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "clip-sound", self->clip_sound_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  /* Seconds mean nothing with one photo. */
  g_object_bind_property (self->one_photo_switch, "active", self->slideshow_seconds_row,
                          "sensitive", G_BINDING_INVERT_BOOLEAN | G_BINDING_SYNC_CREATE);
}

static void
lull_preferences_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  LullPreferencesWindow *self = LULL_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_preferences_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  LullPreferencesWindow *self = LULL_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_preferences_window_dispose (GObject *object)
{
  LullPreferencesWindow *self = LULL_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LULL_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lull_preferences_window_parent_class)->dispose (object);
}

static void
lull_preferences_window_class_init (LullPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lull_preferences_window_constructed;
  object_class->dispose = lull_preferences_window_dispose;
  object_class->get_property = lull_preferences_window_get_property;
  object_class->set_property = lull_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/lull-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, scheme_default_button);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, scheme_light_button);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, scheme_dark_button);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, unit_ml_button);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, unit_us_fl_oz_button);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, reduce_motion_switch);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, play_sound_switch);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, cue_phase_switch);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, cue_letdown_switch);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, cue_end_switch);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, hide_amounts_switch);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow,
                                        daily_goal_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, show_photos_switch);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, one_photo_switch);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, slideshow_seconds_row);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow,
                                        slideshow_seconds_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, clip_sound_switch);
}

static void
lull_preferences_window_init (LullPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

LullPreferencesWindow *
lull_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (LULL_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       NULL);
}
