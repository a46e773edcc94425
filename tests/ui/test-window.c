/* test-window.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "lull-application.h"
#include "lull-breathing-shape.h"
#include "lull-home-page.h"
#include "lull-preferences-window.h"
#include "lull-session-page.h"
#include "lull-ui-test.h"
#include "lull-window.h"

/* In-process checks of the real application object under Xvfb: the main
 * window opens, and the preferences write the keys they are bound to. */

static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type)
      && (label == NULL
          || (GTK_IS_BUTTON (root)
              && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The switch of the preferences row titled @title. */
static GtkWidget *
find_row_switch (GtkWidget  *root,
                 const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return find_widget (root, GTK_TYPE_SWITCH, NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row_switch (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The preferences row titled @title. */
static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A GtkApplication runs once per process, so the tests run inside the
 * one real application, after it has activated. */
static LullApplication *app;

static void
test_window_opens (void)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GSettings *settings = lull_application_get_settings (app);
  int width, height;

  g_assert_true (LULL_IS_WINDOW (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Lull");
  g_assert_nonnull (find_widget (GTK_WIDGET (window), LULL_TYPE_HOME_PAGE, NULL));

  /* The size comes from the settings written before start-up… */
  gtk_window_get_default_size (window, &width, &height);
  g_assert_cmpint (width, ==, 700);
  g_assert_cmpint (height, ==, 500);

  /* …and a new size goes back to them. */
  gtk_window_set_default_size (window, 820, 610);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 820);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);

  /* Maximising needs a window manager, which Xvfb does not have, so the
   * maximised state is not checked here. */
}

static void
test_accelerators (void)
{
  g_auto(GStrv) quit = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_auto(GStrv) prefs = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                               "app.preferences");

  g_auto(GStrv) help = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                              "win.show-help-overlay");

  g_assert_true (g_strv_contains ((const char * const *)quit, "<Control>q"));
  g_assert_true (g_strv_contains ((const char * const *)prefs, "<Control>comma"));
  /* The menu's Keyboard Shortcuts item shows this accelerator beside it. */
  g_assert_true (g_strv_contains ((const char * const *)help, "<Control>question"));
}

static void
test_about_from_metainfo (void)
{
  GtkWindow *about;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  lull_test_iterate ();

  about = lull_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Lull");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_comments (ADW_ABOUT_WINDOW (about)), ==,
                   "A calm routine for expressing breast milk");
  g_assert_nonnull (strstr (adw_about_window_get_release_notes (ADW_ABOUT_WINDOW (about)),
                            "<li>"));
  g_assert_nonnull (strstr (adw_about_window_get_debug_info (ADW_ABOUT_WINDOW (about)),
                            "GStreamer 1."));
  gtk_window_destroy (about);
}

static void
test_shortcuts_window (void)
{
  GtkWindow *shortcuts;

  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  lull_test_iterate ();

  shortcuts = lull_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  gtk_window_close (shortcuts);
}

static GtkLabel *
find_label_with_prefix (GtkWidget  *root,
                        const char *prefix)
{
  if (GTK_IS_LABEL (root) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (root)), prefix))
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_with_prefix (child, prefix);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_session_page_calm (void)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GSettings *settings = lull_application_get_settings (app);
  GtkWidget *page, *shape, *show_time;
  GtkLabel *breath, *clock;
  LullSession *session;

  g_settings_set_boolean (settings, "show-time", FALSE);
  g_settings_set_boolean (settings, "reduce-motion", FALSE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-session", NULL));
  lull_test_iterate ();

  page = find_widget (GTK_WIDGET (window), LULL_TYPE_SESSION_PAGE, NULL);
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (page));
  shape = find_widget (page, LULL_TYPE_BREATHING_SHAPE, NULL);
  show_time = find_widget (page, GTK_TYPE_TOGGLE_BUTTON, "Show Time");
  g_assert_nonnull (shape);
  g_assert_nonnull (show_time);

  /* No clock on show unless asked for… */
  clock = find_label_with_prefix (page, "0:0");
  g_assert_nonnull (clock);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (clock)));
  g_assert_true (lull_breathing_shape_get_animate (LULL_BREATHING_SHAPE (shape)));

  /* …and the choice is remembered. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (show_time), TRUE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (clock)));
  g_assert_true (g_settings_get_boolean (settings, "show-time"));

  /* Reduced motion: a still shape, and the breath counted in words. */
  g_settings_set_boolean (settings, "reduce-motion", TRUE);
  g_assert_false (lull_breathing_shape_get_animate (LULL_BREATHING_SHAPE (shape)));
  breath = find_label_with_prefix (page, "Breathe");
  g_assert_nonnull (breath);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (breath)));

  g_settings_set_boolean (settings, "reduce-motion", FALSE);
  g_assert_true (lull_breathing_shape_get_animate (LULL_BREATHING_SHAPE (shape)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (breath)));

  /* A let-down is marked only while pumping (the history counts from pump
   * start): while preparing the action does nothing. */
  session = lull_session_page_get_session (LULL_SESSION_PAGE (page));
  gtk_widget_activate_action (page, "session.letdown", NULL);
  g_assert_cmpuint (lull_session_get_letdowns (session)->len, ==, 0);
  g_assert_true (gtk_widget_activate_action (page, "session.skip", NULL));
  g_assert_true (gtk_widget_activate_action (page, "session.letdown", NULL));
  g_assert_cmpuint (lull_session_get_letdowns (session)->len, ==, 1);
  g_assert_nonnull (find_label_with_prefix (page, "When the milk flows"));

  /* Each mark is acknowledged: a dot on the ring and a ripple, or with
   * reduced motion the dot alone, a still change. */
  g_assert_cmpuint (lull_breathing_shape_get_marks (LULL_BREATHING_SHAPE (shape)), ==, 1);
  g_assert_true (lull_breathing_shape_get_rippling (LULL_BREATHING_SHAPE (shape)));
  g_assert_nonnull (find_label_with_prefix (page, "1 let"));
  g_settings_set_boolean (settings, "reduce-motion", TRUE);
  g_usleep (1300 * G_TIME_SPAN_MILLISECOND);
  lull_test_iterate ();
  g_assert_false (lull_breathing_shape_get_rippling (LULL_BREATHING_SHAPE (shape)));
  g_assert_true (gtk_widget_activate_action (page, "session.letdown", NULL));
  g_assert_cmpuint (lull_breathing_shape_get_marks (LULL_BREATHING_SHAPE (shape)), ==, 2);
  g_assert_false (lull_breathing_shape_get_rippling (LULL_BREATHING_SHAPE (shape)));
  g_assert_nonnull (find_label_with_prefix (page, "2 let"));
  g_settings_set_boolean (settings, "reduce-motion", FALSE);
  g_assert_true (gtk_widget_activate_action (page, "session.finish", NULL));
  lull_test_iterate ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_parent (page))),
                   ==, "log");
  g_settings_set_boolean (settings, "show-time", FALSE);
}

static void
test_preferences_bound (void)
{
  GSettings *settings = lull_application_get_settings (app);
  LullPreferencesWindow *preferences;
  GtkWidget *ml, *us, *dark, *follow, *motion, *sound, *letdown_tone;
  g_autofree char *unit = NULL;
  g_autofree char *scheme = NULL;
  gboolean animations;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  lull_test_iterate ();

  preferences = LULL_PREFERENCES_WINDOW (lull_test_find_toplevel (LULL_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (preferences);

  ml = find_widget (GTK_WIDGET (preferences), GTK_TYPE_TOGGLE_BUTTON, "Millilitres (mL)");
  us = find_widget (GTK_WIDGET (preferences), GTK_TYPE_TOGGLE_BUTTON, "US Fluid Ounces (fl oz)");
  follow = find_widget (GTK_WIDGET (preferences), GTK_TYPE_TOGGLE_BUTTON, "Follow System");
  dark = find_widget (GTK_WIDGET (preferences), GTK_TYPE_TOGGLE_BUTTON, "Dark");
  motion = find_row_switch (GTK_WIDGET (preferences), "Reduce Motion");
  sound = find_row_switch (GTK_WIDGET (preferences), "Sound During Sessions");
  letdown_tone = find_row_switch (GTK_WIDGET (preferences), "Tone When You Mark a Let-Down");
  g_assert_nonnull (sound);
  g_assert_nonnull (letdown_tone);
  g_assert_nonnull (ml);
  g_assert_nonnull (us);
  g_assert_nonnull (follow);
  g_assert_nonnull (dark);
  g_assert_nonnull (motion);

  /* Defaults shown. */
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (ml)));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (follow)));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (motion)));
  /* Sound is on out of the box; the let-down tone is a choice. */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sound)));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (letdown_tone)));

  /* Controls write the keys… */
  gtk_switch_set_active (GTK_SWITCH (sound), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "play-sound"));
  gtk_switch_set_active (GTK_SWITCH (letdown_tone), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "cue-letdown"));
  g_settings_reset (settings, "play-sound");
  g_settings_reset (settings, "cue-letdown");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sound)));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (us), TRUE);
  unit = g_settings_get_string (settings, "volume-unit");
  g_assert_cmpstr (unit, ==, "us-fl-oz");
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (ml)));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (dark), TRUE);
  scheme = g_settings_get_string (settings, "color-scheme");
  g_assert_cmpstr (scheme, ==, "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()),
                   ==, ADW_COLOR_SCHEME_FORCE_DARK);

  gtk_switch_set_active (GTK_SWITCH (motion), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "reduce-motion"));
  g_object_get (gtk_settings_get_default (), "gtk-enable-animations", &animations, NULL);
  g_assert_false (animations);

  /* …and the keys move the controls. */
  g_settings_set_string (settings, "volume-unit", "ml");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (ml)));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (us)));

  g_settings_set_boolean (settings, "reduce-motion", FALSE);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (motion)));

  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* Types @text into a spin button and leaves it, as the keyboard would. */
static void
type_into_spin (GtkWidget  *spin,
                const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
}

static void
test_preferences_reminders (void)
{
  GSettings *settings = lull_application_get_settings (app);
  const char * const reminder_keys[] = {
    "reminder-mode", "reminder-interval-minutes", "reminder-times", "quiet-hours-start",
    "quiet-hours-end", "daily-nudge-time", "snooze-minutes", "start-at-login",
    "reminder-handled", "reminder-snoozed-until",
  };
  LullPreferencesWindow *preferences;
  GtkWidget *mode, *interval_row, *interval, *times_row, *times, *quiet, *from, *until;
  GtkWidget *nudge, *nudge_time, *snooze, *login;
  g_autofree char *mode_nick = NULL;
  g_autofree char *quiet_from = NULL;
  g_autofree char *quiet_until = NULL;
  g_autofree char *nudge_at = NULL;
  g_auto(GStrv) saved = NULL;
  g_auto(GStrv) kept = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  lull_test_iterate ();
  preferences = LULL_PREFERENCES_WINDOW (lull_test_find_toplevel (LULL_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (preferences);

  mode = find_row (GTK_WIDGET (preferences), "Reminders");
  interval_row = find_row (GTK_WIDGET (preferences), "Time Between Sessions");
  times_row = find_row (GTK_WIDGET (preferences), "Times");
  quiet = find_row (GTK_WIDGET (preferences), "Quiet Hours");
  nudge = find_row (GTK_WIDGET (preferences), "Daily Nudge");
  snooze = find_row (GTK_WIDGET (preferences), "Snooze For");
  login = find_row (GTK_WIDGET (preferences), "Start at Login");
  g_assert_true (ADW_IS_COMBO_ROW (mode));
  g_assert_true (ADW_IS_COMBO_ROW (snooze));
  g_assert_true (ADW_IS_EXPANDER_ROW (quiet));
  g_assert_true (ADW_IS_EXPANDER_ROW (nudge));
  g_assert_nonnull (interval_row);
  g_assert_nonnull (times_row);
  g_assert_nonnull (login);
  interval = find_widget (interval_row, GTK_TYPE_SPIN_BUTTON, NULL);
  times = find_widget (times_row, GTK_TYPE_ENTRY, NULL);
  from = find_widget (find_row (quiet, "From"), GTK_TYPE_SPIN_BUTTON, NULL);
  until = find_widget (find_row (quiet, "Until"), GTK_TYPE_SPIN_BUTTON, NULL);
  nudge_time = find_widget (find_row (nudge, "Time"), GTK_TYPE_SPIN_BUTTON, NULL);
  g_assert_nonnull (interval);
  g_assert_nonnull (times);
  g_assert_nonnull (from);
  g_assert_nonnull (until);
  g_assert_nonnull (nudge_time);

  /* Off out of the box: no mode's row, and nothing that needs reminders
   * can be set; this copy runs from a data folder, so it never offers
   * to start at login. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (mode)), ==, 0);
  g_assert_false (gtk_widget_get_visible (interval_row));
  g_assert_false (gtk_widget_get_visible (times_row));
  g_assert_false (gtk_widget_get_sensitive (quiet));
  g_assert_false (gtk_widget_get_sensitive (nudge));
  g_assert_true (gtk_widget_get_sensitive (snooze));
  g_assert_false (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (quiet)));
  g_assert_false (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (nudge)));
  g_assert_false (gtk_widget_get_visible (login));

  /* Every Few Hours: the interval, in hours and minutes. (Every reminder
   * due so far counts as shown, so that none comes during the test: there
   * is no notification server here, and libnotify would warn.) */
  g_settings_set_int64 (settings, "reminder-handled", g_get_real_time () / G_USEC_PER_SEC);
  adw_combo_row_set_selected (ADW_COMBO_ROW (mode), 1);
  mode_nick = g_settings_get_string (settings, "reminder-mode");
  g_assert_cmpstr (mode_nick, ==, "interval");
  g_assert_true (gtk_widget_get_visible (interval_row));
  g_assert_false (gtk_widget_get_visible (times_row));
  g_assert_true (gtk_widget_get_sensitive (quiet));
  g_assert_true (gtk_widget_get_sensitive (nudge));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (interval)), ==, "3 h 00 min");

  type_into_spin (interval, "2 h 30 min");
  g_assert_cmpint (g_settings_get_int (settings, "reminder-interval-minutes"), ==, 150);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (interval)), ==, "2 h 30 min");
  gtk_spin_button_spin (GTK_SPIN_BUTTON (interval), GTK_SPIN_STEP_FORWARD, 0);
  g_assert_cmpint (g_settings_get_int (settings, "reminder-interval-minutes"), ==, 165);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (interval)), ==, "2 h 45 min");
  /* Other ways of writing it, onto the 15-minute steps and into range… */
  type_into_spin (interval, "4:10");
  g_assert_cmpint (g_settings_get_int (settings, "reminder-interval-minutes"), ==, 255);
  type_into_spin (interval, "2");
  g_assert_cmpint (g_settings_get_int (settings, "reminder-interval-minutes"), ==, 120);
  type_into_spin (interval, "12 h");
  g_assert_cmpint (g_settings_get_int (settings, "reminder-interval-minutes"), ==, 480);
  /* …and text that says no time keeps the one before. */
  type_into_spin (interval, "soon");
  g_assert_cmpint (g_settings_get_int (settings, "reminder-interval-minutes"), ==, 480);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (interval)), ==, "8 h 00 min");

  /* At Set Times: the list, saved when it can be read. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (mode), 2);
  g_clear_pointer (&mode_nick, g_free);
  mode_nick = g_settings_get_string (settings, "reminder-mode");
  g_assert_cmpstr (mode_nick, ==, "times");
  g_assert_false (gtk_widget_get_visible (interval_row));
  g_assert_true (gtk_widget_get_visible (times_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (times)), ==,
                   "08:00, 12:00, 16:00, 20:00");

  gtk_editable_set_text (GTK_EDITABLE (times), "07:30, 13:00");
  g_signal_emit_by_name (times, "activate");
  saved = g_settings_get_strv (settings, "reminder-times");
  g_assert_cmpstrv (saved, ((const char * const []) { "07:30", "13:00", NULL }));
  g_assert_false (gtk_widget_has_css_class (times, "error"));

  gtk_editable_set_text (GTK_EDITABLE (times), "7:3x");
  g_signal_emit_by_name (times, "activate");
  kept = g_settings_get_strv (settings, "reminder-times");
  g_assert_cmpstrv (kept, saved);
  g_assert_true (gtk_widget_has_css_class (times, "error"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (times_row)),
                            "Not saved"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (times)), ==, "7:3x");

  /* Put right, in any order, the times are kept in order and the
   * message goes. */
  gtk_editable_set_text (GTK_EDITABLE (times), "21:15 6:45, 13:00");
  g_signal_emit_by_name (times, "activate");
  g_clear_pointer (&kept, g_strfreev);
  kept = g_settings_get_strv (settings, "reminder-times");
  g_assert_cmpstrv (kept, ((const char * const []) { "06:45", "13:00", "21:15", NULL }));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (times)), ==, "06:45, 13:00, 21:15");
  g_assert_false (gtk_widget_has_css_class (times, "error"));
  g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (times_row)),
                         "Not saved"));

  /* Quiet hours start from 23:00 to 05:00, and go entirely when off. */
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (quiet), TRUE);
  quiet_from = g_settings_get_string (settings, "quiet-hours-start");
  quiet_until = g_settings_get_string (settings, "quiet-hours-end");
  g_assert_cmpstr (quiet_from, ==, "23:00");
  g_assert_cmpstr (quiet_until, ==, "05:00");
  g_assert_true (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (quiet)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (from)), ==, "23:00");
  type_into_spin (until, "6:30");
  g_clear_pointer (&quiet_until, g_free);
  quiet_until = g_settings_get_string (settings, "quiet-hours-end");
  g_assert_cmpstr (quiet_until, ==, "06:30");
  gtk_spin_button_spin (GTK_SPIN_BUTTON (from), GTK_SPIN_STEP_FORWARD, 0);
  gtk_spin_button_spin (GTK_SPIN_BUTTON (from), GTK_SPIN_STEP_FORWARD, 0);
  gtk_spin_button_spin (GTK_SPIN_BUTTON (from), GTK_SPIN_STEP_FORWARD, 0);
  gtk_spin_button_spin (GTK_SPIN_BUTTON (from), GTK_SPIN_STEP_FORWARD, 0);
  g_clear_pointer (&quiet_from, g_free);
  quiet_from = g_settings_get_string (settings, "quiet-hours-start");
  g_assert_cmpstr (quiet_from, ==, "00:00");
  type_into_spin (from, "25:00");
  g_clear_pointer (&quiet_from, g_free);
  quiet_from = g_settings_get_string (settings, "quiet-hours-start");
  g_assert_cmpstr (quiet_from, ==, "00:00");

  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (quiet), FALSE);
  g_clear_pointer (&quiet_from, g_free);
  g_clear_pointer (&quiet_until, g_free);
  quiet_from = g_settings_get_string (settings, "quiet-hours-start");
  quiet_until = g_settings_get_string (settings, "quiet-hours-end");
  g_assert_cmpstr (quiet_from, ==, "");
  g_assert_cmpstr (quiet_until, ==, "");
  /* The keys move the switch. */
  g_settings_set_string (settings, "quiet-hours-start", "22:00");
  g_assert_false (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (quiet)));
  g_settings_set_string (settings, "quiet-hours-end", "06:00");
  g_assert_true (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (quiet)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (from)), ==, "22:00");

  /* The daily nudge starts at 20:00. */
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (nudge), TRUE);
  nudge_at = g_settings_get_string (settings, "daily-nudge-time");
  g_assert_cmpstr (nudge_at, ==, "20:00");
  type_into_spin (nudge_time, "19:45");
  g_clear_pointer (&nudge_at, g_free);
  nudge_at = g_settings_get_string (settings, "daily-nudge-time");
  g_assert_cmpstr (nudge_at, ==, "19:45");
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (nudge), FALSE);
  g_clear_pointer (&nudge_at, g_free);
  nudge_at = g_settings_get_string (settings, "daily-nudge-time");
  g_assert_cmpstr (nudge_at, ==, "");

  /* Snooze offers three lengths. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (snooze)), ==, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (snooze), 1);
  g_assert_cmpint (g_settings_get_int (settings, "snooze-minutes"), ==, 15);
  adw_combo_row_set_selected (ADW_COMBO_ROW (snooze), 2);
  g_assert_cmpint (g_settings_get_int (settings, "snooze-minutes"), ==, 30);

  /* Off again: the rows that need reminders cannot be set. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (mode), 0);
  g_clear_pointer (&mode_nick, g_free);
  mode_nick = g_settings_get_string (settings, "reminder-mode");
  g_assert_cmpstr (mode_nick, ==, "off");
  g_assert_false (gtk_widget_get_visible (times_row));
  g_assert_false (gtk_widget_get_sensitive (quiet));
  g_assert_true (gtk_widget_get_sensitive (snooze));

  /* Times typed and never confirmed are kept when the window closes. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (mode), 2);
  gtk_editable_set_text (GTK_EDITABLE (times), "09:15, 18:00");
  gtk_window_close (GTK_WINDOW (preferences));
  lull_test_iterate ();
  g_assert_null (lull_test_find_toplevel (LULL_TYPE_PREFERENCES_WINDOW));
  g_clear_pointer (&kept, g_strfreev);
  kept = g_settings_get_strv (settings, "reminder-times");
  g_assert_cmpstrv (kept, ((const char * const []) { "09:15", "18:00", NULL }));

  for (guint i = 0; i < G_N_ELEMENTS (reminder_keys); i++)
    g_settings_reset (settings, reminder_keys[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dir = NULL;
  g_autofree char *settings_file = NULL;
  char *app_argv[] = { (char *)"lull", (char *)"--data-dir", NULL, NULL };
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/window-opens", test_window_opens);
  g_test_add_func ("/ui/preferences-bound", test_preferences_bound);
  g_test_add_func ("/ui/preferences-reminders", test_preferences_reminders);
  g_test_add_func ("/ui/accelerators", test_accelerators);
  g_test_add_func ("/ui/about-from-metainfo", test_about_from_metainfo);
  g_test_add_func ("/ui/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/ui/session-page-calm", test_session_page_calm);

  data_dir = g_dir_make_tmp ("lull-ui-XXXXXX", NULL);
  app_argv[2] = data_dir;
  settings_file = g_build_filename (data_dir, "settings.ini", NULL);
  g_assert_true (g_file_set_contents (settings_file,
                                      "[Lull]\nwindow-width=700\nwindow-height=500\n", -1, NULL));

  app = lull_application_new ();
  status = lull_test_run_in_application (G_APPLICATION (app), 3, app_argv);
  g_assert_finalize_object (app);

  return status;
}
