/* lull-log-page.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lull-accessible.h"
#include "lull-log-page.h"
#include "lull-session-page.h"

/* The few taps after a session. Volumes are entered in the parent's unit
 * and always stored in millilitres. */


typedef struct
{
  const char *id;
  const char *title;
} Cue;

/* The words the history's `cues` key uses. */
static const Cue cues[] = {
  { "audio", N_("Guided audio or sounds") },
  { "photos", N_("Photos of my baby") },
  { "warmth", N_("Warmth") },
  { "massage", N_("Massage") },
  { "breathing", N_("Slow breathing") },
  { "imagery", N_("Imagining a calm place") },
  { "drink", N_("A drink I like") },
};

typedef enum
{
  SCORE_EASE,
  SCORE_CALM_BEFORE,
  SCORE_CALM_AFTER,
  N_SCORES
} Score;

static const char *score_titles[N_SCORES] = {
  N_("How Easily the Milk Came"),
  N_("Calm Before"),
  N_("Calm After"),
};

struct _LullLogPage
{
  GtkWidget         parent_instance;

  gboolean          us_fl_oz;
  gboolean          hide_amounts;
  GtkWidget        *volume_group;

  GtkScrolledWindow *scroller;
  GtkLabel         *summary_label;
  GtkLabel         *facts_label;
  GtkWidget        *save_button;
  GtkToggleButton  *total_mode_button;
  GtkToggleButton  *sides_mode_button;
  GtkWidget        *total_row;
  GtkWidget        *left_row;
  GtkWidget        *right_row;
  GtkSpinButton    *total_spin;
  GtkSpinButton    *left_spin;
  GtkSpinButton    *right_spin;
  AdwPreferencesGroup *feelings_group;
  GtkEntry         *place_row;
  GtkFlowBox       *recent_places_box;
  AdwPreferencesGroup *cues_group;
  GtkTextView      *notes_view;

  GtkToggleButton  *score_buttons[N_SCORES][5];
  GtkSwitch        *cue_switches[G_N_ELEMENTS (cues)];
};

G_DEFINE_FINAL_TYPE (LullLogPage, lull_log_page, GTK_TYPE_WIDGET)

enum {
  SAVE,
  DISCARD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
spin_to_ml (LullLogPage   *self,
            GtkSpinButton *spin)
{
  double value = gtk_spin_button_get_value (spin);

  if (self->us_fl_oz)
    value *= LULL_ML_PER_US_FL_OZ;

  return (int)(value + 0.5);
}

static void
set_spin_ml (LullLogPage   *self,
             GtkSpinButton *spin,
             int            ml)
{
  double value = ml < 0 ? 0 : ml;

  if (self->us_fl_oz)
    value /= LULL_ML_PER_US_FL_OZ;

  gtk_spin_button_set_value (spin, value);
}

static void
configure_spin (LullLogPage   *self,
                GtkSpinButton *spin,
                int            max_ml)
{
  /* The limit is the same in both units: what one side can hold at most.
   * Two decimals of an ounce keep a millilitre value the same when it is
   * shown and read back. */
  if (self->us_fl_oz)
    {
      gtk_spin_button_set_digits (spin, 2);
      gtk_spin_button_set_increments (spin, 0.25, 1);
      gtk_spin_button_set_range (spin, 0, max_ml / LULL_ML_PER_US_FL_OZ);
    }
  else
    {
      gtk_spin_button_set_digits (spin, 0);
      gtk_spin_button_set_increments (spin, 5, 25);
      gtk_spin_button_set_range (spin, 0, max_ml);
    }
}

static void
update_mode (LullLogPage *self)
{
  gboolean sides = gtk_toggle_button_get_active (self->sides_mode_button);

  gtk_widget_set_visible (self->total_row, !sides);
  gtk_widget_set_visible (self->left_row, sides);
  gtk_widget_set_visible (self->right_row, sides);
}

static void
on_recent_place_clicked (GtkButton   *button,
                         LullLogPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->place_row), gtk_button_get_label (button));
}

static void
log_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  if (g_str_equal (action_name, "log.save"))
    g_signal_emit (widget, signals[SAVE], 0);
  else
    g_signal_emit (widget, signals[DISCARD], 0);
}

static void
on_score_toggled (GtkToggleButton *button,
                  LullLogPage     *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  for (guint score = 0; score < N_SCORES; score++)
    for (guint i = 0; i < 5; i++)
      if (self->score_buttons[score][i] == button)
        {
          for (guint j = 0; j < 5; j++)
            if (j != i)
              gtk_toggle_button_set_active (self->score_buttons[score][j], FALSE);
          return;
        }
}

static void
build_score_rows (LullLogPage *self)
{
  for (guint score = 0; score < N_SCORES; score++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(score_titles[score]));
      gtk_widget_add_css_class (box, "linked");
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);

      for (guint i = 0; i < 5; i++)
        {
          g_autofree char *label = g_strdup_printf ("%u", i + 1);
          /* Translators: for example “Calm Before: 3 of 5” */
          g_autofree char *name = g_strdup_printf (_("%s: %u of 5"), _(score_titles[score]), i + 1);
          GtkWidget *button = gtk_toggle_button_new_with_label (label);

          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                          -1);
          gtk_widget_set_size_request (button, 44, 40);
          /* Not a toggle group: a group keeps one button pressed for
           * ever, and the page promises that any answer can be skipped.
           * Pressing the chosen number again clears it. */
          g_signal_connect_object (button, "toggled", G_CALLBACK (on_score_toggled), self, 0);
          self->score_buttons[score][i] = GTK_TOGGLE_BUTTON (button);
          gtk_box_append (GTK_BOX (box), button);
        }

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
      adw_preferences_group_add (self->feelings_group, row);
    }
}

static void
build_cue_rows (LullLogPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (cues); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(cues[i].title));
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      self->cue_switches[i] = GTK_SWITCH (toggle);
      adw_preferences_group_add (self->cues_group, row);
    }
}

static int
get_score (LullLogPage *self,
           Score        score)
{
  for (guint i = 0; i < 5; i++)
    if (gtk_toggle_button_get_active (self->score_buttons[score][i]))
      return i + 1;

  return LULL_RECORD_NO_VALUE;
}

static void
set_score (LullLogPage *self,
           Score        score,
           int          value)
{
  for (guint i = 0; i < 5; i++)
    gtk_toggle_button_set_active (self->score_buttons[score][i], (int)i + 1 == value);
}

static void
on_volume_activate (LullLogPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "log.save", NULL);
}

static void
add_shortcuts (LullLogPage *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  const struct {
    guint keyval;
    const char *action_name;
  } keys[] = {
    { GDK_KEY_s, "log.save" },
    { GDK_KEY_Return, "log.save" },
    { GDK_KEY_KP_Enter, "log.save" },
  };

  /* In the capture phase, so that Ctrl+Enter saves from the notes too
   * rather than adding a line. Local: only while the focus is on this
   * page. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval,
                                                                                    GDK_CONTROL_MASK),
                                                            gtk_named_action_new (keys[i].action_name)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
lull_log_page_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), LULL_TYPE_LOG_PAGE);
  /* A plain GtkWidget owns its top child itself. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lull_log_page_parent_class)->dispose (object);
}

static void
lull_log_page_class_init (LullLogPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lull_log_page_dispose;

  signals[SAVE] = g_signal_new ("save", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[DISCARD] = g_signal_new ("discard", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lull-log-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LullLogPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LullLogPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LullLogPage, facts_label);
  gtk_widget_class_bind_template_child (widget_class, LullLogPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, LullLogPage, total_mode_button);
  gtk_widget_class_bind_template_child (widget_class, LullLogPage, sides_mode_button);
  gtk_widget_class_bind_template_child (widget_class, LullLogPage, total_row);
  gtk_widget_class_bind_template_child (widget_class, LullLogPage, left_row);
  gtk_widget_class_bind_template_child (widget_class, LullLogPage, right_row);
  gtk_widget_class_bind_template_child (widget_class, LullLogPage, total_spin);
  gtk_widget_class_bind_template_child (widget_class, LullLogPage, volume_group);
  gtk_widget_class_bind_template_child (widget_class, LullLogPage, left_spin);
  gtk_widget_class_bind_template_child (widget_class, LullLogPage, right_spin);
  gtk_widget_class_bind_template_child (widget_class, LullLogPage, feelings_group);
  gtk_widget_class_bind_template_child (widget_class, LullLogPage, place_row);
  gtk_widget_class_bind_template_child (widget_class, LullLogPage, recent_places_box);
  gtk_widget_class_bind_template_child (widget_class, LullLogPage, cues_group);
  gtk_widget_class_bind_template_child (widget_class, LullLogPage, notes_view);

  gtk_widget_class_install_action (widget_class, "log.save", NULL, log_action);
  gtk_widget_class_install_action (widget_class, "log.discard", NULL, log_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lull_log_page_init (LullLogPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  build_score_rows (self);
  build_cue_rows (self);
  add_shortcuts (self);
  lull_label_scrollbars (self->scroller);

  /* Return in a volume field saves, as the page's default action would. */
  for (GtkSpinButton **spin = (GtkSpinButton *[]) { self->total_spin, self->left_spin,
                                                     self->right_spin, NULL };
       *spin != NULL; spin++)
    {
      /* GTK 4.8's spin button has no activate signal of its own; its
       * text field has, and runs the spin button's update first. */
      GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (*spin));

      g_signal_connect_swapped (text, "activate", G_CALLBACK (on_volume_activate), self);
    }

  g_signal_connect_swapped (self->sides_mode_button, "toggled", G_CALLBACK (update_mode), self);
}

/**
 * lull_log_page_load:
 * @record: the session as the timer saw it, or as the parent left it
 * @us_fl_oz: whether volumes are entered in US fluid ounces
 * @recent_places: (nullable): places used lately, newest first
 */
void
lull_log_page_load (LullLogPage        *self,
                    LullRecord         *record,
                    gboolean            us_fl_oz,
                    const char * const *recent_places)
{
  const char * const *record_cues;
  const GArray *letdowns;
  g_autofree char *duration = NULL;
  g_autofree char *facts = NULL;
  g_autofree char *letdown_text = NULL;
  GtkWidget *child;
  gboolean sides;

  g_return_if_fail (LULL_IS_LOG_PAGE (self));
  g_return_if_fail (LULL_IS_RECORD (record));

  self->us_fl_oz = us_fl_oz;
  for (GtkWidget **row = (GtkWidget *[]) { self->total_row, self->left_row, self->right_row, NULL };
       *row != NULL; row++)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (*row),
                                 us_fl_oz ? _("US fluid ounces") : _("Millilitres"));
  configure_spin (self, self->total_spin, 2 * LULL_RECORD_MAX_SIDE_ML);
  configure_spin (self, self->left_spin, LULL_RECORD_MAX_SIDE_ML);
  configure_spin (self, self->right_spin, LULL_RECORD_MAX_SIDE_ML);

  /* The heading holds no numbers, so it never reads like a score; the
   * facts wait in a quiet line below for a parent who wants them. */
  letdowns = lull_record_get_letdowns (record);
  duration = lull_format_duration (lull_record_get_pump_seconds (record));
  if (letdowns->len == 0)
    /* Translators: %s is a time such as 12:40 */
    facts = g_strdup_printf (_("%s of pumping"), duration);
  else
    {
      letdown_text = g_strdup_printf (ngettext ("%u let‑down marked", "%u let‑downs marked",
                                                letdowns->len),
                                      letdowns->len);
      /* Translators: %s is a time such as 12:40, then “2 let‑downs marked” */
      facts = g_strdup_printf (_("%s of pumping · %s"), duration, letdown_text);
    }
  gtk_label_set_text (self->facts_label, facts);

  sides = lull_record_get_volume_left_ml (record) != LULL_RECORD_NO_VALUE;
  gtk_toggle_button_set_active (sides ? self->sides_mode_button : self->total_mode_button, TRUE);
  update_mode (self);
  set_spin_ml (self, self->total_spin, lull_record_get_volume_ml (record));
  set_spin_ml (self, self->left_spin, lull_record_get_volume_left_ml (record));
  set_spin_ml (self, self->right_spin, lull_record_get_volume_right_ml (record));

  set_score (self, SCORE_EASE, lull_record_get_ease (record));
  set_score (self, SCORE_CALM_BEFORE, lull_record_get_calm_before (record));
  set_score (self, SCORE_CALM_AFTER, lull_record_get_calm_after (record));

  gtk_editable_set_text (GTK_EDITABLE (self->place_row),
                         lull_record_get_place (record) ? lull_record_get_place (record) : "");

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_places_box))) != NULL)
    gtk_flow_box_remove (self->recent_places_box, child);
  for (guint i = 0; recent_places != NULL && recent_places[i] != NULL; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (recent_places[i]);

      gtk_widget_add_css_class (button, "pill");
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_recent_place_clicked), self, 0);
      gtk_flow_box_append (self->recent_places_box, button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->recent_places_box),
                          recent_places != NULL && recent_places[0] != NULL);

  record_cues = lull_record_get_cues (record);
  for (guint i = 0; i < G_N_ELEMENTS (cues); i++)
    gtk_switch_set_active (self->cue_switches[i],
                           record_cues != NULL && g_strv_contains (record_cues, cues[i].id));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view),
                            lull_record_get_notes (record) ? lull_record_get_notes (record) : "",
                            -1);
}

static void
store_volume (LullLogPage *self,
              LullRecord  *record)
{
  /* A value typed but not yet committed with Enter still counts. */
  gtk_spin_button_update (self->total_spin);
  gtk_spin_button_update (self->left_spin);
  gtk_spin_button_update (self->right_spin);

  /* Zero is how the parent says “I did not count”: the history then has no
   * volume at all rather than a volume of nothing. */
  if (gtk_toggle_button_get_active (self->sides_mode_button))
    {
      int left = spin_to_ml (self, self->left_spin);
      int right = spin_to_ml (self, self->right_spin);

      if (left == 0 && right == 0)
        lull_record_set_volume_ml (record, LULL_RECORD_NO_VALUE);
      else
        lull_record_set_volume_sides_ml (record, left, right);
    }
  else
    {
      int total = spin_to_ml (self, self->total_spin);

      lull_record_set_volume_ml (record, total == 0 ? LULL_RECORD_NO_VALUE : total);
    }
}

/**
 * lull_log_page_store:
 * @record: where the parent's answers go
 */
void
lull_log_page_store (LullLogPage *self,
                     LullRecord  *record)
{
  g_autoptr(GStrvBuilder) chosen = g_strv_builder_new ();
  g_auto(GStrv) cue_ids = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *place = NULL;
  GtkTextIter start, end;
  GtkTextBuffer *buffer;

  g_return_if_fail (LULL_IS_LOG_PAGE (self));
  g_return_if_fail (LULL_IS_RECORD (record));

  /* With amounts hidden, the volume is neither asked for nor changed. */
  if (!self->hide_amounts)
    store_volume (self, record);

  lull_record_set_ease (record, get_score (self, SCORE_EASE));
  lull_record_set_calm_before (record, get_score (self, SCORE_CALM_BEFORE));
  lull_record_set_calm_after (record, get_score (self, SCORE_CALM_AFTER));

  place = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->place_row))));
  lull_record_set_place (record, place[0] != '\0' ? place : NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cues); i++)
    if (gtk_switch_get_active (self->cue_switches[i]))
      g_strv_builder_add (chosen, cues[i].id);
  cue_ids = g_strv_builder_end (chosen);
  lull_record_set_cues (record, (const char * const *)cue_ids);

  buffer = gtk_text_view_get_buffer (self->notes_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  notes = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  lull_record_set_notes (record, notes[0] != '\0' ? notes : NULL);
}

/**
 * lull_log_page_focus_primary:
 *
 * Puts the focus in the volume field, its number selected, so that the
 * parent can type the amount at once.
 */
void
lull_log_page_focus_primary (LullLogPage *self)
{
  g_return_if_fail (LULL_IS_LOG_PAGE (self));

  if (self->hide_amounts)
    gtk_widget_grab_focus (self->save_button);
  else if (gtk_toggle_button_get_active (self->sides_mode_button))
    gtk_widget_grab_focus (GTK_WIDGET (self->left_spin));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->total_spin));
}

/**
 * lull_log_page_set_hide_amounts:
 * @hide_amounts: the "hide-amounts" setting
 *
 * With amounts hidden the volume is not asked for, and Save has the
 * focus instead.
 */
void
lull_log_page_set_hide_amounts (LullLogPage *self,
                                gboolean     hide_amounts)
{
  g_return_if_fail (LULL_IS_LOG_PAGE (self));

  self->hide_amounts = !!hide_amounts;
  gtk_widget_set_visible (self->volume_group, !self->hide_amounts);
}

/**
 * lull_log_page_get_save_button:
 *
 * Returns: (transfer none): the button the window makes its default
 */
GtkWidget *
lull_log_page_get_save_button (LullLogPage *self)
{
  g_return_val_if_fail (LULL_IS_LOG_PAGE (self), NULL);

  return self->save_button;
}

const char *
lull_log_page_get_cue_title (const char *cue)
{
  g_return_val_if_fail (cue != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cues); i++)
    if (g_str_equal (cues[i].id, cue))
      return _(cues[i].title);

  return NULL;
}
