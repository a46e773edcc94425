/* lull-preferences-window.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lull-application.h"
#include "lull-preferences-window.h"

/* What a time switched on starts from, in minutes after midnight. */
#define QUIET_HOURS_FROM  (23 * 60)
#define QUIET_HOURS_UNTIL (5 * 60)
#define DAILY_NUDGE_TIME  (20 * 60)
#define NO_TIME           (-1)

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
  AdwComboRow          *reminder_mode_row;
  GtkWidget            *reminder_interval_row;
  GtkWidget            *reminder_interval_button;
  GtkAdjustment        *reminder_interval_adjustment;
  AdwActionRow         *reminder_times_row;
  GtkEntry             *reminder_times_entry;
  AdwComboRow          *snooze_row;
  AdwExpanderRow       *quiet_hours_row;
  GtkWidget            *quiet_from_button;
  GtkAdjustment        *quiet_from_adjustment;
  GtkWidget            *quiet_until_button;
  GtkAdjustment        *quiet_until_adjustment;
  AdwExpanderRow       *daily_nudge_row;
  GtkWidget            *daily_nudge_button;
  GtkAdjustment        *daily_nudge_adjustment;
  GtkWidget            *start_at_login_row;
  GtkSwitch            *start_at_login_switch;

  /* The Times row's subtitle while what it holds is fine. */
  char                 *times_hint;
  /* Set while the Quiet Hours switch follows its two keys, or writes
   * them, so that neither answers the other. */
  gboolean              syncing_quiet_hours;
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

/* reminder-mode's nicks, in the order of the Reminders row's items. */
static const char * const reminder_modes[] = { "off", "interval", "times" };

static gboolean
mode_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char *mode = g_variant_get_string (variant, NULL);

  g_value_set_uint (value, 0);
  for (guint i = 0; i < G_N_ELEMENTS (reminder_modes); i++)
    if (g_str_equal (mode, reminder_modes[i]))
      g_value_set_uint (value, i);

  return TRUE;
}

static GVariant *
mode_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (reminder_modes))
    return NULL;

  return g_variant_new_string (reminder_modes[selected]);
}

/* A row that belongs to one mode (@user_data), shown only with it. */
static gboolean
mode_is_mapping (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  g_value_set_boolean (value, g_str_equal (g_variant_get_string (variant, NULL), user_data));
  return TRUE;
}

/* A row that means something only while reminders are on. */
static gboolean
mode_on_mapping (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  g_value_set_boolean (value, !g_str_equal (g_variant_get_string (variant, NULL), "off"));
  return TRUE;
}

/* snooze-minutes offers three lengths, in the order of the Snooze For
 * row's items; any other value in the key's range shows as the nearest. */
static const int snooze_choices[] = { 10, 15, 30 };

static gboolean
snooze_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  int minutes = g_variant_get_int32 (variant);
  guint nearest = 0;

  for (guint i = 1; i < G_N_ELEMENTS (snooze_choices); i++)
    if (abs (snooze_choices[i] - minutes) < abs (snooze_choices[nearest] - minutes))
      nearest = i;

  g_value_set_uint (value, nearest);
  return TRUE;
}

static GVariant *
snooze_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (snooze_choices))
    return NULL;

  return g_variant_new_int32 (snooze_choices[selected]);
}

/* A time of day as the parent types it, "7:30", "07:30" or "19.05", in
 * minutes after midnight; NO_TIME for anything else. */
static int
parse_time (const char *text)
{
  int hours = 0, minutes = 0, digits = 0;
  const char *p = text;

  while (g_ascii_isspace (*p))
    p++;
  for (; g_ascii_isdigit (*p) && digits < 2; p++, digits++)
    hours = hours * 10 + (*p - '0');
  if (digits == 0 || (*p != ':' && *p != '.'))
    return NO_TIME;
  p++;
  for (digits = 0; g_ascii_isdigit (*p) && digits < 2; p++, digits++)
    minutes = minutes * 10 + (*p - '0');
  while (g_ascii_isspace (*p))
    p++;
  if (digits != 2 || *p != '\0' || hours > 23 || minutes > 59)
    return NO_TIME;

  return hours * 60 + minutes;
}

/* As the keys keep a time: "HH:MM". */
static char *
format_time (int minutes)
{
  return g_strdup_printf ("%02d:%02d", minutes / 60, minutes % 60);
}

/* A time key ("HH:MM", or '' for none) and a spin button's minutes after
 * midnight; none shows as the time it would start from (@user_data). */
static gboolean
time_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  int minutes = parse_time (g_variant_get_string (variant, NULL));

  g_value_set_double (value, minutes != NO_TIME ? minutes : GPOINTER_TO_INT (user_data));
  return TRUE;
}

static GVariant *
time_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  int minutes = CLAMP ((int)round (g_value_get_double (value)), 0, 24 * 60 - 1);

  return g_variant_new_take_string (format_time (minutes));
}

static void
bind_time (GSettings     *settings,
           const char    *key,
           GtkAdjustment *adjustment,
           int            unset_minutes)
{
  g_settings_bind_with_mapping (settings, key, adjustment, "value", G_SETTINGS_BIND_DEFAULT,
                                time_get_mapping, time_set_mapping,
                                GINT_TO_POINTER (unset_minutes), NULL);
}

/* daily-nudge-time is '' when there is none: the Daily Nudge switch. */
static gboolean
nudge_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  g_value_set_boolean (value, g_variant_get_string (variant, NULL)[0] != '\0');
  return TRUE;
}

static GVariant *
nudge_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  if (!g_value_get_boolean (value))
    return g_variant_new_string ("");

  return g_variant_new_take_string (format_time (DAILY_NUDGE_TIME));
}

static int
compare_minutes (const int *a,
                 const int *b)
{
  return *a - *b;
}

/* The times in @text, separated by commas (or spaces), in order and each
 * once, as "HH:MM"; NULL when one cannot be read or there is none. */
static GStrv
parse_time_list (const char *text)
{
  g_auto(GStrv) pieces = g_strsplit_set (text, ",; \t", -1);
  g_autoptr(GArray) minutes = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GPtrArray) times = g_ptr_array_new_null_terminated (0, g_free, TRUE);

  for (guint i = 0; pieces[i] != NULL; i++)
    {
      int minute;

      if (pieces[i][0] == '\0')
        continue;
      minute = parse_time (pieces[i]);
      if (minute == NO_TIME)
        return NULL;
      g_array_append_val (minutes, minute);
    }

  if (minutes->len == 0)
    return NULL;

  g_array_sort (minutes, (GCompareFunc)compare_minutes);
  for (guint i = 0; i < minutes->len; i++)
    if (i == 0 || g_array_index (minutes, int, i) != g_array_index (minutes, int, i - 1))
      g_ptr_array_add (times, format_time (g_array_index (minutes, int, i)));

  return (GStrv)g_ptr_array_steal (times, NULL);
}

/* reminder-times as the Times entry shows them. */
static char *
saved_times_text (LullPreferencesWindow *self)
{
  g_auto(GStrv) times = g_settings_get_strv (self->settings, "reminder-times");

  return g_strjoinv (", ", times);
}

static void
show_times_problem (LullPreferencesWindow *self,
                    const char            *problem)
{
  GtkWidget *entry = GTK_WIDGET (self->reminder_times_entry);

  adw_action_row_set_subtitle (self->reminder_times_row, problem != NULL ? problem
                                                                         : self->times_hint);
  /* The subtitle is not the entry's description for a screen reader in
   * GTK 4.8: the message is given to it as well. */
  if (problem != NULL)
    {
      gtk_widget_add_css_class (entry, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (entry, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static void
show_saved_times (LullPreferencesWindow *self)
{
  g_autofree char *text = saved_times_text (self);

  gtk_editable_set_text (GTK_EDITABLE (self->reminder_times_entry), text);
  show_times_problem (self, NULL);
}

/* Saves the Times entry when it holds times that can be read; otherwise
 * says what to write there, and saves nothing. */
static void
apply_times (LullPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->reminder_times_entry));
  g_auto(GStrv) times = parse_time_list (text);

  if (times == NULL)
    {
      if (strspn (text, " ,;\t") == strlen (text))
        show_times_problem (self, _("Not saved: add at least one time, such as 08:00."));
      else
        show_times_problem (self, _("Not saved: write each time as hours and minutes, such as "
                                    "07:30 or 14:00, with commas between them."));
      return;
    }

  g_settings_set_strv (self->settings, "reminder-times", (const char * const *)times);
  show_saved_times (self);
}

/* Only when the parent has changed the text, so that passing through the
 * entry never writes or complains. */
static void
apply_changed_times (LullPreferencesWindow *self)
{
  g_autofree char *saved = NULL;

  /* Focus leaves the entry also while the window is taken apart. */
  if (self->settings == NULL || self->reminder_times_entry == NULL
      || self->reminder_times_row == NULL)
    return;

  saved = saved_times_text (self);
  if (!g_str_equal (saved, gtk_editable_get_text (GTK_EDITABLE (self->reminder_times_entry))))
    apply_times (self);
}

/* Quiet hours are on while both of their keys hold a time. */
static void
show_quiet_hours (LullPreferencesWindow *self)
{
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;

  if (self->syncing_quiet_hours)
    return;

  from = g_settings_get_string (self->settings, "quiet-hours-start");
  until = g_settings_get_string (self->settings, "quiet-hours-end");
  self->syncing_quiet_hours = TRUE;
  adw_expander_row_set_enable_expansion (self->quiet_hours_row,
                                         from[0] != '\0' && until[0] != '\0');
  self->syncing_quiet_hours = FALSE;
}

/* libadwaita 1.2 leaves an expander row and its switch without a name:
 * both are given the row's title. */
static GtkWidget *
find_switch (GtkWidget *root)
{
  if (GTK_IS_SWITCH (root))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_switch (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
name_expander_row (AdwExpanderRow *row)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  GtkWidget *enable_switch = find_switch (GTK_WIDGET (row));

  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  if (enable_switch != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (enable_switch),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                    -1);
}

/* An action row names its activatable widget after its title, and GTK
 * 4.8 says that after the widget's own label: the label alone is kept
 * ("Quiet Hours From", not "Quiet Hours From From"). */
static void
keep_own_name (GtkWidget *widget)
{
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/* Portable mode: the application's data root was given on the command
 * line. (The window has no application of its own until it is shown.) */
static gboolean
is_portable (void)
{
  GApplication *application = g_application_get_default ();
  LullDataRoot *data_root;

  if (!LULL_IS_APPLICATION (application))
    return FALSE;

  data_root = lull_application_get_data_root (LULL_APPLICATION (application));
  return data_root != NULL && lull_data_root_get_portable (data_root);
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

/* The spin buttons' text, and what they read back from it. A value the
 * text cannot give keeps the one before (GtkSpinButton would otherwise
 * take whatever is in *new_value). */

static void
set_spin_text (GtkSpinButton *spin,
               const char    *text)
{
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

static gboolean
on_interval_output (GtkSpinButton *spin,
                    gpointer       user_data)
{
  int minutes = (int)round (gtk_spin_button_get_value (spin));
  g_autofree char *text = NULL;

  /* Translators: the time between reminders in hours and minutes, as in
   * “3 h 00 min”. */
  text = g_strdup_printf (_("%d h %02d min"), minutes / 60, minutes % 60);
  set_spin_text (spin, text);

  return TRUE;
}

/* "2 h 30 min", "2:30", "3" or "150": two numbers are hours and minutes;
 * one alone is hours below 24 (no interval is that few minutes), minutes
 * from there. The spin button brings the value into range and onto its
 * steps. */
static int
on_interval_input (GtkSpinButton *spin,
                   double        *new_value,
                   gpointer       user_data)
{
  const char *p = gtk_editable_get_text (GTK_EDITABLE (spin));
  guint64 numbers[2] = { 0, 0 };
  guint n = 0;

  while (*p != '\0')
    {
      char *end;

      if (!g_ascii_isdigit (*p))
        {
          p++;
          continue;
        }
      /* A third number: nothing this row could mean. */
      if (n == G_N_ELEMENTS (numbers))
        {
          n++;
          break;
        }
      numbers[n++] = g_ascii_strtoull (p, &end, 10);
      p = end;
    }

  if (n == 0 || n > G_N_ELEMENTS (numbers) || numbers[0] > 24 * 60 || numbers[1] > 59)
    {
      *new_value = gtk_spin_button_get_value (spin);
      return GTK_INPUT_ERROR;
    }

  if (n == 2)
    *new_value = numbers[0] * 60 + numbers[1];
  else
    *new_value = numbers[0] < 24 ? numbers[0] * 60 : numbers[0];

  return TRUE;
}

static gboolean
on_time_output (GtkSpinButton *spin,
                gpointer       user_data)
{
  g_autofree char *text = format_time ((int)round (gtk_spin_button_get_value (spin)));

  set_spin_text (spin, text);
  return TRUE;
}

static int
on_time_input (GtkSpinButton *spin,
               double        *new_value,
               gpointer       user_data)
{
  int minutes = parse_time (gtk_editable_get_text (GTK_EDITABLE (spin)));

  if (minutes == NO_TIME)
    {
      *new_value = gtk_spin_button_get_value (spin);
      return GTK_INPUT_ERROR;
    }

  *new_value = minutes;
  return TRUE;
}

static void
on_times_activate (GtkEntry *entry,
                   gpointer  user_data)
{
  apply_times (LULL_PREFERENCES_WINDOW (user_data));
}

/* Leaving the entry saves it too, as Enter does. */
static void
on_times_focus_leave (LullPreferencesWindow *self)
{
  apply_changed_times (self);
}

/* Switched on, quiet hours start from 23:00 to 05:00 unless they had
 * times; switched off, both keys are emptied. */
static void
on_quiet_hours_enabled (LullPreferencesWindow *self)
{
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;

  if (self->syncing_quiet_hours)
    return;

  from = g_settings_get_string (self->settings, "quiet-hours-start");
  until = g_settings_get_string (self->settings, "quiet-hours-end");
  self->syncing_quiet_hours = TRUE;
  if (adw_expander_row_get_enable_expansion (self->quiet_hours_row))
    {
      g_autofree char *default_from = format_time (QUIET_HOURS_FROM);
      g_autofree char *default_until = format_time (QUIET_HOURS_UNTIL);

      if (from[0] == '\0')
        g_settings_set_string (self->settings, "quiet-hours-start", default_from);
      if (until[0] == '\0')
        g_settings_set_string (self->settings, "quiet-hours-end", default_until);
    }
  else
    {
      g_settings_set_string (self->settings, "quiet-hours-start", "");
      g_settings_set_string (self->settings, "quiet-hours-end", "");
    }
  self->syncing_quiet_hours = FALSE;
  show_quiet_hours (self);
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

  /* Reminders: the row of the chosen mode, and the rest only while they
   * are on; how long a snooze lasts can be chosen at any time. */
  g_settings_bind_with_mapping (self->settings, "reminder-mode", self->reminder_mode_row,
                                "selected", G_SETTINGS_BIND_DEFAULT,
                                mode_get_mapping, mode_set_mapping, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "reminder-mode", self->reminder_interval_row,
                                "visible", G_SETTINGS_BIND_GET,
                                mode_is_mapping, NULL, (gpointer)"interval", NULL);
  g_settings_bind_with_mapping (self->settings, "reminder-mode", self->reminder_times_row,
                                "visible", G_SETTINGS_BIND_GET,
                                mode_is_mapping, NULL, (gpointer)"times", NULL);
  g_settings_bind_with_mapping (self->settings, "reminder-mode", self->quiet_hours_row,
                                "sensitive", G_SETTINGS_BIND_GET,
                                mode_on_mapping, NULL, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "reminder-mode", self->daily_nudge_row,
                                "sensitive", G_SETTINGS_BIND_GET,
                                mode_on_mapping, NULL, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "reminder-mode", self->start_at_login_row,
                                "sensitive", G_SETTINGS_BIND_GET,
                                mode_on_mapping, NULL, NULL, NULL);

  g_settings_bind (self->settings, "reminder-interval-minutes",
                   self->reminder_interval_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "snooze-minutes", self->snooze_row,
                                "selected", G_SETTINGS_BIND_DEFAULT,
                                snooze_get_mapping, snooze_set_mapping, NULL, NULL);

  /* A list of times has no property to bind: the entry shows the key,
   * and writes it only when what it holds can be read. */
  self->times_hint = g_strdup (adw_action_row_get_subtitle (self->reminder_times_row));
  show_saved_times (self);
  g_signal_connect_swapped (self->settings, "changed::reminder-times",
                            G_CALLBACK (show_saved_times), self);

  /* Quiet hours hang on two keys, so their switch follows both. */
  bind_time (self->settings, "quiet-hours-start", self->quiet_from_adjustment, QUIET_HOURS_FROM);
  bind_time (self->settings, "quiet-hours-end", self->quiet_until_adjustment, QUIET_HOURS_UNTIL);
  show_quiet_hours (self);
  g_signal_connect_swapped (self->settings, "changed::quiet-hours-start",
                            G_CALLBACK (show_quiet_hours), self);
  g_signal_connect_swapped (self->settings, "changed::quiet-hours-end",
                            G_CALLBACK (show_quiet_hours), self);

  /* The Daily Nudge switch is on while it has a time. (The row's
   * sensitivity is the mode's, above, not the key's.) */
  g_settings_bind_with_mapping (self->settings, "daily-nudge-time", self->daily_nudge_row,
                                "enable-expansion",
                                G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_NO_SENSITIVITY,
                                nudge_get_mapping, nudge_set_mapping, NULL, NULL);
  bind_time (self->settings, "daily-nudge-time", self->daily_nudge_adjustment, DAILY_NUDGE_TIME);

  /* Switching a row on opens it; opening the window keeps the group short. */
  adw_expander_row_set_expanded (self->quiet_hours_row, FALSE);
  adw_expander_row_set_expanded (self->daily_nudge_row, FALSE);
  name_expander_row (self->quiet_hours_row);
  name_expander_row (self->daily_nudge_row);
  keep_own_name (self->reminder_interval_button);
  keep_own_name (GTK_WIDGET (self->reminder_times_entry));
  keep_own_name (self->quiet_from_button);
  keep_own_name (self->quiet_until_button);
  keep_own_name (self->daily_nudge_button);

  /* A portable copy never starts itself: nothing outside its folder
   * may name it. */
  g_settings_bind (self->settings, "start-at-login", self->start_at_login_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  gtk_widget_set_visible (self->start_at_login_row, !is_portable ());
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

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LULL_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lull_preferences_window_parent_class)->dispose (object);
}

static void
lull_preferences_window_finalize (GObject *object)
{
  LullPreferencesWindow *self = LULL_PREFERENCES_WINDOW (object);

  g_free (self->times_hint);

  G_OBJECT_CLASS (lull_preferences_window_parent_class)->finalize (object);
}

/* Times typed and never confirmed are kept when the window closes, if
 * they can be read. */
static gboolean
lull_preferences_window_close_request (GtkWindow *window)
{
  apply_changed_times (LULL_PREFERENCES_WINDOW (window));

  return GTK_WINDOW_CLASS (lull_preferences_window_parent_class)->close_request (window);
}

static void
lull_preferences_window_class_init (LullPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = lull_preferences_window_constructed;
  object_class->dispose = lull_preferences_window_dispose;
  object_class->finalize = lull_preferences_window_finalize;
  object_class->get_property = lull_preferences_window_get_property;
  object_class->set_property = lull_preferences_window_set_property;
  window_class->close_request = lull_preferences_window_close_request;

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
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, reminder_mode_row);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, reminder_interval_row);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow,
                                        reminder_interval_button);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow,
                                        reminder_interval_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, reminder_times_row);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, reminder_times_entry);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, snooze_row);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, quiet_hours_row);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, quiet_from_button);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow,
                                        quiet_from_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, quiet_until_button);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow,
                                        quiet_until_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, daily_nudge_row);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, daily_nudge_button);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow,
                                        daily_nudge_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow, start_at_login_row);
  gtk_widget_class_bind_template_child (widget_class, LullPreferencesWindow,
                                        start_at_login_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_interval_input);
  gtk_widget_class_bind_template_callback (widget_class, on_interval_output);
  gtk_widget_class_bind_template_callback (widget_class, on_time_input);
  gtk_widget_class_bind_template_callback (widget_class, on_time_output);
  gtk_widget_class_bind_template_callback (widget_class, on_times_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_times_focus_leave);
  gtk_widget_class_bind_template_callback (widget_class, on_quiet_hours_enabled);
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
