/* lull-routines-window.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lull-accessible.h"
#include "lull-routine-store.h"
#include "lull-routine-transfer.h"
#include "lull-routines-window.h"
#include "lull-toast.h"

/* The editor works on the routine's GKeyFile itself, never on a parsed
 * LullRoutine, so that what it does not show (translations it does not
 * edit, comments, keys a newer Lull added) is written back as it was. Each
 * change goes into the key file at once and the parser's own check
 * (lull_routine_check_keyfile()) runs over it, so a problem is shown
 * beside its field while the parent types, and Save stays off until the
 * routine would load again.
 *
 * New and Duplicate write their file at once: the routine is then listed
 * like any other and there is no half-made routine to lose. */

/* A large, easy target for the buttons of each step (WCAG's 44 px). */
#define BUTTON_SIZE 44
#define ROUTINE_GROUP "Routine"
#define UNDO_TOAST_SECONDS 10

typedef enum
{
  PENDING_NONE,
  PENDING_CLOSE,
  PENDING_SELECT,
  PENDING_NEW,
  PENDING_DUPLICATE,
} Pending;

/* One control and the key it edits. */
typedef struct
{
  char      *group;
  char      *key;
  GtkWidget *row;       /* hidden or shown as a whole */
  GtkWidget *control;   /* takes the focus, the error style and the description */
  GtkWidget *partner;   /* for "until I move on": the seconds it turns off */
  GtkLabel  *error;     /* NULL: its problems are shown at the top */
  GPtrArray *ids;       /* for a drop-down: the value of each item, NULL for none */
  GString   *messages;
} Field;

struct _LullRoutinesWindow
{
  AdwWindow        parent_instance;

  LullApplication *application;
  GListModel      *routines;

  /* The routine being edited, as its file. */
  GKeyFile        *keyfile;
  char            *saved_data;   /* the key file as last loaded or saved */
  char            *file_name;    /* in routines/; NULL for a built-in */
  char            *id;           /* the id it was listed under */
  gboolean         read_only;
  char            *save_error;

  GPtrArray       *fields;
  guint            n_problems;
  gboolean         building;
  gboolean         syncing;
  gboolean         closing;

  Pending          pending;
  LullRoutine     *pending_routine;

  /* Undo of a deletion: the file as it was, under its own name. */
  AdwToast        *deleted_toast;
  GKeyFile        *deleted_keyfile;
  char            *deleted_file_name;
  GKeyFile        *deleted_edits;    /* its changes not saved, or NULL */

  /* Undo of a removed step: the whole file as it was. */
  AdwToast        *step_toast;
  char            *step_undo_data;

  AdwToastOverlay *toast_overlay;
  AdwLeaflet      *leaflet;
  GtkWidget       *content;
  GtkWidget       *back_button;
  GtkListBox      *routine_list;
  GtkScrolledWindow *list_scroller;
  GtkScrolledWindow *scroller;
  AdwWindowTitle  *content_title;
  GtkWidget       *builtin_box;
  GtkLabel        *status_label;
  GtkBox          *form_box;
};

G_DEFINE_FINAL_TYPE (LullRoutinesWindow, lull_routines_window, ADW_TYPE_WINDOW)

static void
field_free (gpointer data)
{
  Field *field = data;

  g_free (field->group);
  g_free (field->key);
  g_clear_pointer (&field->ids, g_ptr_array_unref);
  g_string_free (field->messages, TRUE);
  g_free (field);
}

/* The step kinds in the order of LullStepKind, as the parent reads them. */
static const char *
kind_label (LullStepKind kind)
{
  switch (kind)
    {
    case LULL_STEP_KIND_WARMTH:
      return _("Warmth");
    case LULL_STEP_KIND_MASSAGE:
      return _("Massage");
    case LULL_STEP_KIND_BACK_RUB:
      return _("Back Rub");
    case LULL_STEP_KIND_BREATHING:
      return _("Breathing");
    case LULL_STEP_KIND_IMAGERY:
      return _("Imagery");
    case LULL_STEP_KIND_DRINK:
      return _("A Drink");
    case LULL_STEP_KIND_PHOTO_FOCUS:
      return _("Photo Focus");
    case LULL_STEP_KIND_STIMULATION:
      return _("Stimulation, Pumping");
    case LULL_STEP_KIND_EXPRESSION:
      return _("Expression, Pumping");
    case LULL_STEP_KIND_COMPRESSION:
      return _("Breast Compression");
    case LULL_STEP_KIND_REST:
      return _("Rest");
    case LULL_STEP_KIND_CUSTOM:
    default:
      return _("Your Own");
    }
}

#define N_KINDS (LULL_STEP_KIND_CUSTOM + 1)

static const char * const *
languages (void)
{
  return g_get_language_names ();
}

static GKeyFile *
keyfile_from_data (const char *data)
{
  GKeyFile *keyfile = g_key_file_new ();

  /* The data came from g_key_file_to_data(): it loads. */
  g_key_file_load_from_data (keyfile, data, -1,
                             G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, NULL);

  return keyfile;
}

static char *
keyfile_to_data (GKeyFile *keyfile)
{
  return g_key_file_to_data (keyfile, NULL, NULL);
}

static char *
step_group (guint index)
{
  return g_strdup_printf ("Step %u", index + 1);
}

static guint
count_steps (GKeyFile *keyfile)
{
  guint n = 0;

  for (;;)
    {
      g_autofree char *group = step_group (n);

      if (!g_key_file_has_group (keyfile, group))
        return n;
      n++;
    }
}

/* Moves every key of a group, translations and comments too, to a group
 * of another name, maybe in another key file. */
static void
copy_group (GKeyFile   *from,
            const char *from_group,
            GKeyFile   *to,
            const char *to_group)
{
  g_auto(GStrv) keys = g_key_file_get_keys (from, from_group, NULL, NULL);
  g_autofree char *comment = g_key_file_get_comment (from, from_group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *value = g_key_file_get_value (from, from_group, keys[i], NULL);
      g_autofree char *key_comment = g_key_file_get_comment (from, from_group, keys[i], NULL);

      g_key_file_set_value (to, to_group, keys[i], value);
      if (key_comment != NULL && key_comment[0] != '\0')
        g_key_file_set_comment (to, to_group, keys[i], key_comment, NULL);
    }
  if (comment != NULL && comment[0] != '\0' && g_key_file_has_group (to, to_group))
    g_key_file_set_comment (to, to_group, NULL, comment, NULL);
}

/* The steps again, numbered 1, 2, 3… in the new order: new step k is old
 * step order[k]. */
static void
reorder_steps (GKeyFile    *keyfile,
               const guint *order,
               guint        n_new)
{
  g_autoptr(GKeyFile) old = g_key_file_new ();
  guint n_old = count_steps (keyfile);

  for (guint i = 0; i < n_old; i++)
    {
      g_autofree char *group = step_group (i);

      copy_group (keyfile, group, old, group);
      g_key_file_remove_group (keyfile, group, NULL);
    }
  for (guint k = 0; k < n_new; k++)
    {
      g_autofree char *from = step_group (order[k]);
      g_autofree char *to = step_group (k);

      copy_group (old, from, keyfile, to);
    }
}

static gboolean
is_dirty (LullRoutinesWindow *self)
{
  g_autofree char *data = NULL;

  if (self->keyfile == NULL)
    return FALSE;

  data = keyfile_to_data (self->keyfile);

  return g_strcmp0 (data, self->saved_data) != 0;
}

static gboolean
can_save (LullRoutinesWindow *self)
{
  return self->keyfile != NULL && !self->read_only && self->n_problems == 0;
}

static gboolean
is_current (LullRoutinesWindow *self,
            LullRoutine        *routine)
{
  if (self->keyfile == NULL)
    return FALSE;
  if (self->file_name != NULL)
    return g_strcmp0 (lull_routine_get_file_name (routine), self->file_name) == 0;

  return lull_routine_get_file_name (routine) == NULL
         && g_strcmp0 (lull_routine_get_id (routine), self->id) == 0;
}

static LullRoutine *
row_get_routine (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "lull-routine");
}

static GtkListBoxRow *
find_row (LullRoutinesWindow *self,
          const char         *file_name)
{
  for (guint i = 0; ; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->routine_list, (int)i);

      if (row == NULL)
        return NULL;
      if (file_name != NULL
          ? g_strcmp0 (lull_routine_get_file_name (row_get_routine (row)), file_name) == 0
          : is_current (self, row_get_routine (row)))
        return row;
    }
}

/* The list shows the routine being edited as chosen. */
static void
select_current (LullRoutinesWindow *self)
{
  GtkListBoxRow *row = find_row (self, NULL);

  self->syncing = TRUE;
  if (row != NULL)
    gtk_list_box_select_row (self->routine_list, row);
  else
    gtk_list_box_unselect_all (self->routine_list);
  self->syncing = FALSE;
}

static void
reload (LullRoutinesWindow *self)
{
  self->syncing = TRUE;
  lull_application_reload_routines (self->application);
  self->syncing = FALSE;
  select_current (self);
}

static void
update_state (LullRoutinesWindow *self)
{
  gboolean dirty = is_dirty (self);
  g_autofree char *name = NULL;
  const char *subtitle = "";

  if (self->keyfile != NULL)
    name = lull_routine_store_get_shown (self->keyfile, ROUTINE_GROUP, "name");
  if (self->read_only)
    subtitle = _("Comes with Lull");
  else if (dirty)
    subtitle = _("Changes not saved yet");
  adw_window_title_set_title (self->content_title, name != NULL ? name : "");
  adw_window_title_set_subtitle (self->content_title, subtitle);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "routines.save", dirty && can_save (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "routines.duplicate", self->keyfile != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "routines.delete",
                                 self->keyfile != NULL && !self->read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "routines.add-step",
                                 self->keyfile != NULL && !self->read_only
                                 && count_steps (self->keyfile) < LULL_ROUTINE_MAX_STEPS);
}

static Field *
find_field (LullRoutinesWindow *self,
            const char         *group,
            const char         *key)
{
  g_autofree char *plain = NULL;

  if (group == NULL || key == NULL)
    return NULL;

  /* A translation's problem is shown on the field of its key. */
  plain = g_strndup (key, strcspn (key, "["));
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (g_str_equal (field->group, group) && g_str_equal (field->key, plain)
          && gtk_widget_get_visible (field->row))
        return field;
    }

  return NULL;
}

/* "Step 3" as the parent's language says it. */
static char *
describe_group (const char *group)
{
  guint64 number;

  if (g_str_equal (group, ROUTINE_GROUP))
    return g_strdup (_("The routine"));
  if (g_str_has_prefix (group, "Step ")
      && g_ascii_string_to_unsigned (group + strlen ("Step "), 10, 1, LULL_ROUTINE_MAX_STEPS * 100,
                                     &number, NULL))
    return g_strdup_printf (_("Step %u"), (guint)number);

  return g_strdup (group);
}

static void
show_field_messages (Field *field)
{
  gboolean bad = field->messages->len > 0;

  if (bad)
    {
      gtk_widget_add_css_class (field->control, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (field->control),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (field->control),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, field->messages->str,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (field->control, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (field->control), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (field->control),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }

  if (field->error != NULL)
    {
      gtk_label_set_text (field->error, field->messages->str);
      gtk_widget_set_visible (GTK_WIDGET (field->error), bad);
    }
}

/* The parser's problems, each by its field; the ones with no field here
 * (the id, a broken line) and a failed save at the top. */
static void
validate (LullRoutinesWindow *self)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GString) general = g_string_new (NULL);

  for (guint i = 0; i < self->fields->len; i++)
    g_string_truncate (((Field *)g_ptr_array_index (self->fields, i))->messages, 0);

  if (self->save_error != NULL)
    g_string_append (general, self->save_error);

  problems = self->keyfile != NULL ? lull_routine_check_keyfile (self->keyfile, languages ())
                                   : g_ptr_array_new ();
  self->n_problems = problems->len;

  for (guint i = 0; i < problems->len; i++)
    {
      LullRoutineProblem *problem = g_ptr_array_index (problems, i);
      Field *field = find_field (self, problem->group, problem->key);
      g_autofree char *message = NULL;

      if (problem->key != NULL && strchr (problem->key, '[') != NULL)
        /* Translators: a problem with a translation of a text, such as
         * “The text is empty. (In “name[es]”.)” */
        message = g_strdup_printf (_("%s (In “%s”.)"), problem->message, problem->key);
      else
        message = g_strdup (problem->message);

      if (field != NULL && field->error != NULL)
        {
          if (field->messages->len > 0)
            g_string_append_c (field->messages, '\n');
          g_string_append (field->messages, message);
          continue;
        }

      if (field != NULL)
        g_string_append (field->messages, message);
      if (general->len > 0)
        g_string_append_c (general, '\n');
      if (problem->group != NULL)
        {
          g_autofree char *where = describe_group (problem->group);

          if (problem->key != NULL)
            /* Translators: where a problem is and what it is, as in
             * “Step 3, “duration”: Use a whole number…”. */
            g_string_append_printf (general, _("%s, “%s”: %s"), where, problem->key, message);
          else
            /* Translators: where a problem is and what it is. */
            g_string_append_printf (general, _("%s: %s"), where, message);
        }
      else
        {
          g_string_append (general, message);
        }
    }

  for (guint i = 0; i < self->fields->len; i++)
    show_field_messages (g_ptr_array_index (self->fields, i));

  gtk_label_set_text (self->status_label, general->str);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), general->len > 0);
}

static void
changed (LullRoutinesWindow *self)
{
  g_clear_pointer (&self->save_error, g_free);
  validate (self);
  update_state (self);
}

static Field *
field_of (GtkWidget *control)
{
  return g_object_get_data (G_OBJECT (control), "lull-field");
}

static Field *
field_in_group (LullRoutinesWindow *self,
                const char         *group,
                const char         *key)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (g_str_equal (field->group, group) && g_str_equal (field->key, key))
        return field;
    }

  return NULL;
}

static void
on_entry_changed (GtkEditable        *editable,
                  LullRoutinesWindow *self)
{
  Field *field = field_of (GTK_WIDGET (editable));
  const char *text = gtk_editable_get_text (editable);
  g_autofree char *locale = NULL;

  if (self->building)
    return;

  locale = g_key_file_get_locale_for_key (self->keyfile, field->group, field->key, NULL);
  /* A description may be left out; an empty name or prompt is for the
   * check to point at. */
  if (text[0] == '\0' && locale == NULL && g_str_equal (field->key, "description"))
    g_key_file_remove_key (self->keyfile, field->group, field->key, NULL);
  else
    lull_routine_store_set_shown (self->keyfile, field->group, field->key, text);

  changed (self);
}

static void
on_spin_changed (GtkSpinButton      *spin,
                 LullRoutinesWindow *self)
{
  Field *field = field_of (GTK_WIDGET (spin));
  double value = gtk_spin_button_get_value (spin);

  if (self->building)
    return;

  if (g_str_equal (field->key, "breaths-per-minute"))
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      if (value == 0)
        g_key_file_remove_key (self->keyfile, field->group, field->key, NULL);
      else
        g_key_file_set_value (self->keyfile, field->group, field->key,
                              g_ascii_formatd (text, sizeof text, "%g", value));
    }
  else
    {
      g_key_file_set_integer (self->keyfile, field->group, field->key,
                              gtk_spin_button_get_value_as_int (spin));
    }

  changed (self);
}

static void
on_switch_changed (GtkSwitch          *toggle,
                   GParamSpec         *pspec,
                   LullRoutinesWindow *self)
{
  Field *field = field_of (GTK_WIDGET (toggle));
  gboolean active = gtk_switch_get_active (toggle);

  if (self->building)
    return;

  if (g_str_equal (field->key, "until-next"))
    {
      GtkSpinButton *seconds = GTK_SPIN_BUTTON (field->partner);

      gtk_widget_set_sensitive (field->partner, !active);
      if (active)
        g_key_file_set_string (self->keyfile, field->group, "duration", "until-next");
      else
        g_key_file_set_integer (self->keyfile, field->group, "duration",
                                gtk_spin_button_get_value_as_int (seconds));
    }
  else if (active)
    {
      g_key_file_set_boolean (self->keyfile, field->group, field->key, TRUE);
    }
  else
    {
      g_key_file_remove_key (self->keyfile, field->group, field->key, NULL);
    }

  changed (self);
}

static void
on_drop_down_changed (GtkDropDown        *drop_down,
                      GParamSpec         *pspec,
                      LullRoutinesWindow *self)
{
  Field *field = field_of (GTK_WIDGET (drop_down));
  guint selected = gtk_drop_down_get_selected (drop_down);
  const char *value;

  if (self->building || selected == GTK_INVALID_LIST_POSITION)
    return;

  value = g_ptr_array_index (field->ids, selected);
  if (value == NULL)
    g_key_file_remove_key (self->keyfile, field->group, field->key, NULL);
  else
    g_key_file_set_string (self->keyfile, field->group, field->key, value);

  /* Only a photo-focus step shows one photo. */
  if (g_str_equal (field->key, "kind"))
    {
      Field *photo = field_in_group (self, field->group, "photo");

      if (photo != NULL)
        gtk_widget_set_visible (photo->row, g_strcmp0 (value, "photo-focus") == 0);
    }

  changed (self);
}

static void
name_control (GtkWidget  *control,
              const char *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (control),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

static Field *
field_new (LullRoutinesWindow *self,
           const char         *group,
           const char         *key,
           GtkWidget          *row,
           GtkWidget          *control)
{
  Field *field = g_new0 (Field, 1);

  field->group = g_strdup (group);
  field->key = g_strdup (key);
  field->row = row;
  field->control = control;
  field->messages = g_string_new (NULL);
  g_object_set_data (G_OBJECT (control), "lull-field", field);
  g_ptr_array_add (self->fields, field);

  return field;
}

/* A row with the field's title above its control, and the control's
 * problems below it, in words, where the eye already is. */
static Field *
add_field (LullRoutinesWindow  *self,
           AdwPreferencesGroup *group,
           const char          *group_name,
           const char          *key,
           const char          *title,
           const char          *accessible_name,
           const char          *hint,
           GtkWidget           *control)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *error = gtk_label_new (NULL);
  Field *field;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), control);

  if (hint != NULL)
    {
      GtkWidget *hint_label = gtk_label_new (hint);

      gtk_label_set_xalign (GTK_LABEL (hint_label), 0);
      gtk_label_set_wrap (GTK_LABEL (hint_label), TRUE);
      gtk_widget_add_css_class (hint_label, "dim-label");
      gtk_widget_add_css_class (hint_label, "caption");
      gtk_box_append (GTK_BOX (box), hint_label);
    }

  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_widget_add_css_class (error, "error");
  gtk_widget_set_visible (error, FALSE);
  gtk_box_append (GTK_BOX (box), error);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  adw_preferences_group_add (group, row);

  name_control (control, accessible_name);
  gtk_widget_set_size_request (control, -1, BUTTON_SIZE);

  field = field_new (self, group_name, key, row, control);
  field->error = GTK_LABEL (error);

  return field;
}

static Field *
add_entry (LullRoutinesWindow  *self,
           AdwPreferencesGroup *group,
           const char          *group_name,
           const char          *key,
           const char          *title,
           const char          *accessible_name,
           const char          *hint)
{
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *value = lull_routine_store_get_shown (self->keyfile, group_name, key);

  gtk_editable_set_text (GTK_EDITABLE (entry), value);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), FALSE);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_entry_changed), self, 0);

  return add_field (self, group, group_name, key, title, accessible_name, hint, entry);
}

static Field *
add_spin (LullRoutinesWindow  *self,
          AdwPreferencesGroup *group,
          const char          *group_name,
          const char          *key,
          const char          *title,
          const char          *accessible_name,
          const char          *hint,
          double               lower,
          double               upper,
          double               step,
          guint                digits,
          double               value)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_halign (spin, GTK_ALIGN_START);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 8);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (on_spin_changed), self, 0);

  return add_field (self, group, group_name, key, title, accessible_name, hint, spin);
}

/* A drop-down of @labels, whose item i stands for ids[i] (NULL: the key
 * is left out). */
static Field *
add_drop_down (LullRoutinesWindow  *self,
               AdwPreferencesGroup *group,
               const char          *group_name,
               const char          *key,
               const char          *title,
               const char          *accessible_name,
               GPtrArray           *labels,
               GPtrArray           *ids)
{
  GtkWidget *drop_down;
  g_autofree char *value = g_key_file_get_string (self->keyfile, group_name, key, NULL);
  guint selected = 0;
  Field *field;

  if (value != NULL)
    g_strstrip (value);

  for (guint i = 0; i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i), value) == 0)
      selected = i;

  /* A value this Lull does not list (a sound file since removed) stays
   * chosen, by its id, rather than being dropped without a word. */
  if (value != NULL && g_strcmp0 (g_ptr_array_index (ids, selected), value) != 0)
    {
      g_ptr_array_add (labels, g_strdup (value));
      g_ptr_array_add (ids, g_strdup (value));
      selected = ids->len - 1;
    }

  g_ptr_array_add (labels, NULL);
  drop_down = gtk_drop_down_new_from_strings ((const char * const *)labels->pdata);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), selected);
  g_signal_connect_object (drop_down, "notify::selected",
                           G_CALLBACK (on_drop_down_changed), self, 0);

  field = add_field (self, group, group_name, key, title, accessible_name, NULL, drop_down);
  field->ids = g_ptr_array_ref (ids);

  return field;
}

static Field *
add_switch (LullRoutinesWindow  *self,
            AdwPreferencesGroup *group,
            const char          *group_name,
            const char          *key,
            const char          *title,
            const char          *accessible_name,
            const char          *subtitle,
            gboolean             active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  adw_preferences_group_add (group, row);
  /* The row labels its switch by its title; the name given here, with
   * the step's number, is the one to say, and only once. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  name_control (toggle, accessible_name);
  g_signal_connect_object (toggle, "notify::active", G_CALLBACK (on_switch_changed), self, 0);

  return field_new (self, group_name, key, row, toggle);
}

static void
build_routine_group (LullRoutinesWindow *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  int minutes = LULL_ROUTINE_DEFAULT_PUMP_SECONDS / 60;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Routine"));
  add_entry (self, ADW_PREFERENCES_GROUP (group), ROUTINE_GROUP, "name",
             _("Name"), _("Name"), NULL);
  add_entry (self, ADW_PREFERENCES_GROUP (group), ROUTINE_GROUP, "description",
             _("Description"), _("Description"), _("A line about what the routine is for."));

  if (g_key_file_has_key (self->keyfile, ROUTINE_GROUP, "pump-minutes", NULL))
    minutes = g_key_file_get_integer (self->keyfile, ROUTINE_GROUP, "pump-minutes", NULL);
  add_spin (self, ADW_PREFERENCES_GROUP (group), ROUTINE_GROUP, "pump-minutes",
            _("Pumping Time in Minutes"), _("Pumping Time in Minutes"),
            _("When Lull suggests finishing, from 1 to 120."),
            1, 120, 1, 0, minutes);

  gtk_box_append (self->form_box, group);
}

static GtkWidget *
step_button (const char *icon,
             const char *tooltip,
             const char *accessible_name,
             const char *action,
             GVariant   *target,
             gboolean    sensitive)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  name_control (button, accessible_name);
  gtk_widget_set_size_request (button, BUTTON_SIZE, BUTTON_SIZE);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* An action would make the button sensitive again whenever it is
   * enabled: a button that cannot act here (Move Up on the first step)
   * gets none. */
  g_variant_ref_sink (target);
  if (sensitive)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
    }
  gtk_widget_set_sensitive (button, sensitive);
  g_variant_unref (target);

  return button;
}

static void
add_step_buttons (LullRoutinesWindow  *self,
                  AdwPreferencesGroup *group,
                  const char          *group_name,
                  guint                index,
                  guint                n_steps)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  /* Translators: the names of a step's buttons, for screen readers. */
  g_autofree char *up_name = g_strdup_printf (_("Move Step %u Up"), index + 1);
  g_autofree char *down_name = g_strdup_printf (_("Move Step %u Down"), index + 1);
  g_autofree char *remove_name = g_strdup_printf (_("Remove Step %u"), index + 1);
  struct
  {
    const char *key;
    const char *icon;
    const char *tooltip;
    const char *name;
    const char *action;
    GVariant   *target;
    gboolean    sensitive;
  } buttons[] = {
    { "move-up", "go-up-symbolic", _("Move Up (Alt+Up)"), up_name,
      "routines.move-step", g_variant_new ("(ui)", index, -1), index > 0 },
    { "move-down", "go-down-symbolic", _("Move Down (Alt+Down)"), down_name,
      "routines.move-step", g_variant_new ("(ui)", index, 1), index + 1 < n_steps },
    { "remove", "user-trash-symbolic", _("Remove This Step"), remove_name,
      "routines.remove-step", g_variant_new_uint32 (index), n_steps > 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = step_button (buttons[i].icon, buttons[i].tooltip, buttons[i].name,
                                       buttons[i].action, buttons[i].target,
                                       buttons[i].sensitive);

      gtk_box_append (GTK_BOX (box), button);
      field_new (self, group_name, buttons[i].key, box, button);
    }

  adw_preferences_group_set_header_suffix (group, box);
}

static GPtrArray *
strings_new (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

typedef const char *(*ItemText) (gpointer item);

/* The choices of a drop-down: first "none" (no key), then each item of
 * @model. */
static void
list_choices (GListModel *model,
              const char *none,
              ItemText    get_label,
              ItemText    get_id,
              GPtrArray  *labels,
              GPtrArray  *ids)
{
  g_ptr_array_add (labels, g_strdup (none));
  g_ptr_array_add (ids, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_ptr_array_add (labels, g_strdup (get_label (item)));
      g_ptr_array_add (ids, g_strdup (get_id (item)));
    }
}

static void
build_step_group (LullRoutinesWindow *self,
                  guint               index,
                  guint               n_steps)
{
  GtkWidget *widget = adw_preferences_group_new ();
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (widget);
  g_autofree char *group_name = step_group (index);
  g_autofree char *title = g_strdup_printf (_("Step %u"), index + 1);
  g_autoptr(GPtrArray) labels = strings_new ();
  g_autoptr(GPtrArray) ids = strings_new ();
  g_autofree char *kind = g_key_file_get_string (self->keyfile, group_name, "kind", NULL);
  g_autofree char *duration = g_key_file_get_value (self->keyfile, group_name, "duration", NULL);
  gboolean until_next;
  guint64 seconds = 60;
  Field *until, *length, *photo;

  adw_preferences_group_set_title (group, title);
  g_object_set_data (G_OBJECT (widget), "lull-step", GUINT_TO_POINTER (index + 1));
  add_step_buttons (self, group, group_name, index, n_steps);

#define NAMED(text) g_autofree char *text##_name = \
  /* Translators: a control's name for screen readers: “Step 2: Prompt”. */ \
  g_strdup_printf (_("Step %u: %s"), index + 1, text)

  {
    const char *label = _("Kind of Step");
    NAMED (label);

    for (guint k = 0; k < N_KINDS; k++)
      {
        g_ptr_array_add (labels, g_strdup (kind_label (k)));
        g_ptr_array_add (ids, g_strdup (lull_step_kind_to_string (k)));
      }
    add_drop_down (self, group, group_name, "kind", label, label_name, labels, ids);
  }

  {
    const char *label = _("Prompt");
    NAMED (label);

    add_entry (self, group, group_name, "prompt", label, label_name,
               _("The words on screen during this step."));
  }

  if (duration != NULL)
    g_strstrip (duration);
  until_next = duration == NULL || g_str_equal (duration, "until-next")
               || g_str_equal (duration, "0");
  if (!until_next)
    g_ascii_string_to_unsigned (duration, 10, 1, LULL_ROUTINE_MAX_STEP_SECONDS, &seconds, NULL);

  {
    const char *label = _("Until I Move On");
    NAMED (label);

    /* Its own key here, so that a bad duration is shown by the seconds. */
    until = add_switch (self, group, group_name, "until-next", label, label_name,
                        _("The step waits for you instead of a timer"), until_next);
  }

  {
    const char *label = _("Length in Seconds");
    NAMED (label);

    length = add_spin (self, group, group_name, "duration", label, label_name, NULL,
                       1, LULL_ROUTINE_MAX_STEP_SECONDS, 5, 0, (double)seconds);
    until->partner = length->control;
    gtk_widget_set_sensitive (length->control, !until_next);
  }

  {
    const char *label = _("Breathing Pace");
    NAMED (label);
    double pace = g_key_file_get_double (self->keyfile, group_name, "breaths-per-minute", NULL);

    add_spin (self, group, group_name, "breaths-per-minute", label, label_name,
              _("Breaths per minute, from 3 to 30; 0 shows no pace."),
              0, 30, 0.5, 1, pace);
  }

  {
    const char *label = _("Sound");
    NAMED (label);
    LullTrackLibrary *library = lull_application_get_track_library (self->application);
    g_autoptr(GPtrArray) track_labels = strings_new ();
    g_autoptr(GPtrArray) track_ids = strings_new ();

    list_choices (lull_track_library_get_tracks (library), _("No Sound"),
                  (ItemText)lull_track_get_title, (ItemText)lull_track_get_id,
                  track_labels, track_ids);
    add_drop_down (self, group, group_name, "audio", label, label_name, track_labels, track_ids);
  }

  {
    const char *label = _("About Your Photos");
    NAMED (label);

    add_switch (self, group, group_name, "photos", label, label_name,
                _("The routine lists your photos among its cues"),
                g_key_file_get_boolean (self->keyfile, group_name, "photos", NULL));
  }

  {
    const char *label = _("Photo to Show");
    NAMED (label);
    LullPhotoSet *set = lull_application_get_photo_set (self->application);
    g_autoptr(GPtrArray) photo_labels = strings_new ();
    g_autoptr(GPtrArray) photo_ids = strings_new ();

    /* A photo is shown by its file name, as the Photos window and
     * --import-photos name it. */
    list_choices (lull_photo_set_get_photos (set), _("The Photo for One-Photo Mode"),
                  (ItemText)lull_photo_get_id, (ItemText)lull_photo_get_id,
                  photo_labels, photo_ids);
    photo = add_drop_down (self, group, group_name, "photo", label, label_name,
                           photo_labels, photo_ids);
    gtk_widget_set_visible (photo->row, g_strcmp0 (kind != NULL ? g_strstrip (kind) : NULL,
                                                   "photo-focus") == 0);
  }

#undef NAMED

  gtk_box_append (self->form_box, widget);
}

static void
build_steps (LullRoutinesWindow *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Step"));
  guint n_steps = count_steps (self->keyfile);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Steps"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Steps before the first pumping step help you get "
                                           "ready; from that step on, they are shown while "
                                           "you pump."));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "routines.add-step");
  gtk_widget_set_valign (add, GTK_ALIGN_END);
  gtk_widget_set_size_request (add, -1, BUTTON_SIZE);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);
  gtk_box_append (self->form_box, group);

  for (guint i = 0; i < n_steps; i++)
    build_step_group (self, i, n_steps);
}

static void
focus_field (LullRoutinesWindow *self,
             const char         *group,
             const char         *key)
{
  Field *field = field_in_group (self, group, key);

  if (field == NULL || !gtk_widget_is_sensitive (field->control))
    field = field_in_group (self, group, "kind");
  if (field != NULL)
    gtk_widget_grab_focus (field->control);
}

/* The form again, for the routine's file as it now is; the focus goes to
 * @focus_key of @focus_group, when given. */
static void
build_form (LullRoutinesWindow *self,
            const char         *focus_group,
            const char         *focus_key)
{
  GtkWidget *child;

  self->building = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->form_box))) != NULL)
    gtk_box_remove (self->form_box, child);
  g_ptr_array_set_size (self->fields, 0);

  if (self->keyfile != NULL)
    {
      build_routine_group (self);
      build_steps (self);
    }
  self->building = FALSE;

  /* Built-in routines are read, never changed: a copy is. */
  gtk_widget_set_visible (self->builtin_box, self->keyfile != NULL && self->read_only);
  gtk_widget_set_sensitive (GTK_WIDGET (self->form_box), !self->read_only);

  validate (self);
  update_state (self);

  if (focus_group != NULL && focus_key != NULL)
    focus_field (self, focus_group, focus_key);
}

/* Takes an undo toast out of its slot, then dismisses it: its "dismissed"
 * handler, which checks the slot, then leaves alone whatever undo the
 * caller sets up next. */
static void
drop_toast (AdwToast **slot)
{
  g_autoptr(AdwToast) old = g_steal_pointer (slot);

  if (old != NULL)
    adw_toast_dismiss (old);
}

static void
show_routine (LullRoutinesWindow *self,
              LullRoutine        *routine)
{
  /* A removed step's Undo belongs to the file it was removed from. */
  drop_toast (&self->step_toast);
  g_clear_pointer (&self->step_undo_data, g_free);

  g_clear_pointer (&self->keyfile, g_key_file_unref);
  g_clear_pointer (&self->saved_data, g_free);
  g_clear_pointer (&self->file_name, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->save_error, g_free);

  if (routine != NULL)
    {
      self->keyfile = lull_routine_dup_keyfile (routine);
      self->saved_data = keyfile_to_data (self->keyfile);
      self->file_name = g_strdup (lull_routine_get_file_name (routine));
      self->id = g_strdup (lull_routine_get_id (routine));
      self->read_only = lull_routine_get_builtin (routine) || self->file_name == NULL;
    }

  build_form (self, NULL, NULL);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

static LullRoutine *
routine_of_file (LullRoutinesWindow *self,
                 const char         *file_name)
{
  GtkListBoxRow *row = find_row (self, file_name);

  return row != NULL ? row_get_routine (row) : NULL;
}

/* Shows the routine just written to @file_name, with the focus on its
 * name, ready to be typed over. */
static void
open_written (LullRoutinesWindow *self,
              const char         *file_name)
{
  LullRoutine *routine;
  Field *name;

  reload (self);
  routine = routine_of_file (self, file_name);
  if (routine == NULL)
    return;

  show_routine (self, routine);
  select_current (self);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  name = field_in_group (self, ROUTINE_GROUP, "name");
  if (name != NULL)
    gtk_widget_grab_focus (name->control);
}

static gboolean
write_new (LullRoutinesWindow *self,
           GKeyFile           *keyfile)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file_name = NULL;

  file_name = lull_routine_store_save (lull_application_get_data_root (self->application),
                                       keyfile, NULL, &error);
  if (file_name == NULL)
    {
      lull_toast_show (self->toast_overlay, error->message);
      return FALSE;
    }

  open_written (self, file_name);

  return TRUE;
}

static void
create_routine (LullRoutinesWindow *self)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *id = lull_routine_store_unique_id (self->routines, "my-routine");

  g_key_file_set_integer (keyfile, ROUTINE_GROUP, "version", 1);
  g_key_file_set_string (keyfile, ROUTINE_GROUP, "id", id);
  g_key_file_set_string (keyfile, ROUTINE_GROUP, "name", _("My routine"));
  g_key_file_set_integer (keyfile, ROUTINE_GROUP, "pump-minutes",
                          LULL_ROUTINE_DEFAULT_PUMP_SECONDS / 60);
  g_key_file_set_string (keyfile, "Step 1", "kind", "warmth");
  g_key_file_set_integer (keyfile, "Step 1", "duration", 60);
  g_key_file_set_string (keyfile, "Step 1", "prompt",
                         _("Hold something warm against your breasts."));

  write_new (self, keyfile);
}

static void
duplicate_routine (LullRoutinesWindow *self)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *data = NULL;
  g_autofree char *old_id = NULL;
  g_autofree char *id = NULL;

  if (self->keyfile == NULL)
    return;

  /* A copy of the file as it is, translations and comments too. */
  data = keyfile_to_data (self->keyfile);
  keyfile = keyfile_from_data (data);

  old_id = g_key_file_get_string (keyfile, ROUTINE_GROUP, "id", NULL);
  id = lull_routine_store_unique_id (self->routines, old_id != NULL ? g_strstrip (old_id)
                                                                    : "my-routine");
  g_key_file_set_string (keyfile, ROUTINE_GROUP, "id", id);

  /* “NAME (copy)”, or “NAME (copy 2)” when that is taken. */
  lull_routine_store_unique_name (self->routines, keyfile);

  write_new (self, keyfile);
}

static gboolean
save (LullRoutinesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file_name = NULL;

  if (!can_save (self))
    return FALSE;

  file_name = lull_routine_store_save (lull_application_get_data_root (self->application),
                                       self->keyfile, self->file_name, &error);
  if (file_name == NULL)
    {
      g_free (self->save_error);
      /* Translators: %s says why, as the system puts it. */
      self->save_error = g_strdup_printf (_("Lull could not save this routine (%s). Your "
                                            "changes are still here: save again once the "
                                            "disk can be written to."),
                                          error->message);
      validate (self);
      return FALSE;
    }

  g_free (self->file_name);
  self->file_name = g_steal_pointer (&file_name);
  g_free (self->saved_data);
  self->saved_data = keyfile_to_data (self->keyfile);
  g_free (self->id);
  self->id = g_key_file_get_string (self->keyfile, ROUTINE_GROUP, "id", NULL);
  g_clear_pointer (&self->save_error, g_free);

  reload (self);
  validate (self);
  update_state (self);
  lull_toast_show (self->toast_overlay, _("Routine saved"));

  return TRUE;
}

static void
run_pending (LullRoutinesWindow *self)
{
  Pending pending = self->pending;
  g_autoptr(LullRoutine) routine = g_steal_pointer (&self->pending_routine);

  self->pending = PENDING_NONE;

  switch (pending)
    {
    case PENDING_CLOSE:
      self->closing = TRUE;
      gtk_window_close (GTK_WINDOW (self));
      break;

    case PENDING_SELECT:
      show_routine (self, routine);
      select_current (self);
      adw_leaflet_set_visible_child (self->leaflet, self->content);
      break;

    case PENDING_NEW:
      create_routine (self);
      break;

    case PENDING_DUPLICATE:
      duplicate_routine (self);
      break;

    case PENDING_NONE:
    default:
      break;
    }
}

static void
on_unsaved_response (AdwMessageDialog   *dialog,
                     const char         *response,
                     LullRoutinesWindow *self)
{
  if (g_str_equal (response, "discard"))
    {
      g_clear_pointer (&self->keyfile, g_key_file_unref);
      self->keyfile = keyfile_from_data (self->saved_data);
      build_form (self, NULL, NULL);
      run_pending (self);
    }
  else if (g_str_equal (response, "save") && save (self))
    {
      run_pending (self);
    }
  else
    {
      self->pending = PENDING_NONE;
      g_clear_object (&self->pending_routine);
    }
}

/* Runs @pending now, or once the parent has said what becomes of the
 * changes not saved yet. */
static void
after_changes (LullRoutinesWindow *self,
               Pending             pending,
               LullRoutine        *routine)
{
  AdwMessageDialog *dialog;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;

  self->pending = pending;
  g_set_object (&self->pending_routine, routine);

  if (!is_dirty (self) || self->read_only)
    {
      run_pending (self);
      return;
    }

  name = lull_routine_store_get_shown (self->keyfile, ROUTINE_GROUP, "name");
  if (can_save (self))
    body = g_strdup_printf (_("“%s” has changes that are not saved yet."), name);
  else
    body = g_strdup_printf (_("“%s” has changes that are not saved yet. They can be saved "
                              "once the problems shown are put right."), name);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Save Changes?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "save", can_save (self));
  /* Keeping the changes is what loses nothing. */
  adw_message_dialog_set_default_response (dialog, can_save (self) ? "save" : "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_unsaved_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
create_routine_row (gpointer item,
                    gpointer user_data)
{
  LullRoutine *routine = item;
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lull_routine_get_name (routine));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               lull_routine_get_builtin (routine) ? _("Comes with Lull")
                                                                  : _("Yours"));
  g_object_set_data_full (G_OBJECT (row), "lull-routine", g_object_ref (routine), g_object_unref);

  return row;
}

static void
on_row_selected (GtkListBox         *list,
                 GtkListBoxRow      *row,
                 LullRoutinesWindow *self)
{
  LullRoutine *routine;

  if (self->syncing || row == NULL)
    return;

  routine = row_get_routine (row);
  if (is_current (self, routine))
    return;

  /* While the parent chooses what becomes of their changes, the list
   * shows the routine they are in. */
  if (is_dirty (self) && !self->read_only)
    select_current (self);
  after_changes (self, PENDING_SELECT, routine);
}

static void
on_row_activated (GtkListBox         *list,
                  GtkListBoxRow      *row,
                  LullRoutinesWindow *self)
{
  if (is_current (self, row_get_routine (row)))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
on_back_clicked (LullRoutinesWindow *self)
{
  GtkListBoxRow *row = find_row (self, NULL);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

/* A toast with Undo, kept in @slot until it is dismissed; one that was
 * showing goes first (what it could undo is then final). */
static void
show_undo_toast (LullRoutinesWindow  *self,
                 AdwToast           **slot,
                 const char          *text,
                 GCallback            on_undo,
                 GCallback            on_dismissed)
{
  drop_toast (slot);
  *slot = lull_toast_new (text);
  adw_toast_set_button_label (*slot, _("_Undo"));
  adw_toast_set_timeout (*slot, UNDO_TOAST_SECONDS);
  /* Undo at once, ahead of any toast that waits. */
  adw_toast_set_priority (*slot, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (*slot, "button-clicked", on_undo, self, 0);
  g_signal_connect_object (*slot, "dismissed", on_dismissed, self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (*slot));
}

static void
on_deleted_toast_dismissed (AdwToast           *toast,
                            LullRoutinesWindow *self)
{
  if (toast != self->deleted_toast)
    return;

  g_clear_object (&self->deleted_toast);
  g_clear_pointer (&self->deleted_keyfile, g_key_file_unref);
  g_clear_pointer (&self->deleted_file_name, g_free);
  g_clear_pointer (&self->deleted_edits, g_key_file_unref);
}

/* The file comes back under its own name, as it was last saved; changes
 * not saved when it was deleted come back to the form, still unsaved. */
static void
on_deleted_undo (AdwToast           *toast,
                 LullRoutinesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) edits = g_steal_pointer (&self->deleted_edits);
  g_autofree char *file_name = NULL;

  LullDataRoot *data_root = lull_application_get_data_root (self->application);
  g_autofree char *path = NULL;
  g_autofree char *id = NULL;
  const char *target;

  if (toast != self->deleted_toast || self->deleted_keyfile == NULL)
    return;

  /* Its own name and id, unless a new routine took them meanwhile (New,
   * an import): then a free name and id, never over the newer one. */
  target = self->deleted_file_name;
  path = lull_data_root_build_filename (data_root, "routines", target, NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    target = NULL;
  id = g_key_file_get_string (self->deleted_keyfile, ROUTINE_GROUP, "id", NULL);
  if (id != NULL && lull_application_find_routine (self->application, g_strstrip (id)) != NULL)
    {
      g_autofree char *free_id = lull_routine_store_unique_id (self->routines, id);

      g_key_file_set_string (self->deleted_keyfile, ROUTINE_GROUP, "id", free_id);
      if (edits != NULL)
        g_key_file_set_string (edits, ROUTINE_GROUP, "id", free_id);
    }

  file_name = lull_routine_store_save (data_root, self->deleted_keyfile, target, &error);
  if (file_name == NULL)
    {
      lull_toast_show (self->toast_overlay, error->message);
      return;
    }

  /* The form holds changes to another routine: it stays as it is. */
  if (is_dirty (self))
    {
      reload (self);
      return;
    }

  open_written (self, file_name);
  if (edits != NULL && g_strcmp0 (self->file_name, file_name) == 0)
    {
      g_clear_pointer (&self->keyfile, g_key_file_unref);
      self->keyfile = g_steal_pointer (&edits);
      build_form (self, NULL, NULL);
      changed (self);
    }
}

static void
delete_routine (LullRoutinesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) saved = NULL;
  g_autoptr(GKeyFile) edits = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  GtkListBoxRow *first;

  if (self->keyfile == NULL || self->read_only || self->file_name == NULL)
    return;

  saved = keyfile_from_data (self->saved_data);
  if (is_dirty (self))
    {
      g_autofree char *data = keyfile_to_data (self->keyfile);

      edits = keyfile_from_data (data);
    }
  if (!lull_routine_store_remove (lull_application_get_data_root (self->application),
                                  self->file_name, &error))
    {
      lull_toast_show (self->toast_overlay, error->message);
      return;
    }

  name = lull_routine_store_get_shown (saved, ROUTINE_GROUP, "name");
  g_clear_pointer (&self->deleted_keyfile, g_key_file_unref);
  g_free (self->deleted_file_name);
  self->deleted_keyfile = g_steal_pointer (&saved);
  self->deleted_file_name = g_strdup (self->file_name);
  g_clear_pointer (&self->deleted_edits, g_key_file_unref);
  self->deleted_edits = g_steal_pointer (&edits);

  show_routine (self, NULL);
  reload (self);
  first = gtk_list_box_get_row_at_index (self->routine_list, 0);
  if (first != NULL)
    {
      show_routine (self, row_get_routine (first));
      select_current (self);
      gtk_widget_grab_focus (GTK_WIDGET (first));
    }

  /* Translators: %s is a routine's name. */
  text = g_strdup_printf (_("“%s” deleted"), name);
  show_undo_toast (self, &self->deleted_toast, text,
                   G_CALLBACK (on_deleted_undo), G_CALLBACK (on_deleted_toast_dismissed));
}

static void
lull_routines_window_dispose (GObject *object)
{
  LullRoutinesWindow *self = LULL_ROUTINES_WINDOW (object);

  if (self->fields != NULL)
    g_ptr_array_set_size (self->fields, 0);
  g_clear_object (&self->deleted_toast);
  g_clear_object (&self->step_toast);
  g_clear_object (&self->pending_routine);

  G_OBJECT_CLASS (lull_routines_window_parent_class)->dispose (object);
}

static void
lull_routines_window_finalize (GObject *object)
{
  LullRoutinesWindow *self = LULL_ROUTINES_WINDOW (object);

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->keyfile, g_key_file_unref);
  g_clear_pointer (&self->deleted_keyfile, g_key_file_unref);
  g_clear_pointer (&self->deleted_edits, g_key_file_unref);
  g_free (self->saved_data);
  g_free (self->file_name);
  g_free (self->id);
  g_free (self->save_error);
  g_free (self->deleted_file_name);
  g_free (self->step_undo_data);
  g_clear_object (&self->routines);

  G_OBJECT_CLASS (lull_routines_window_parent_class)->finalize (object);
}

static gboolean
lull_routines_window_close_request (GtkWindow *window)
{
  LullRoutinesWindow *self = LULL_ROUTINES_WINDOW (window);

  if (self->closing || !is_dirty (self) || self->read_only)
    return GTK_WINDOW_CLASS (lull_routines_window_parent_class)->close_request (window);

  after_changes (self, PENDING_CLOSE, NULL);

  return TRUE;
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  after_changes (LULL_ROUTINES_WINDOW (widget), PENDING_NEW, NULL);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  after_changes (LULL_ROUTINES_WINDOW (widget), PENDING_DUPLICATE, NULL);
}

/* Export… writes the routine as it was last saved, which is the one the
 * list shows. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LullRoutinesWindow *self = LULL_ROUTINES_WINDOW (widget);
  LullRoutine *routine = self->id != NULL ? lull_application_find_routine (self->application, self->id)
                                          : NULL;

  if (routine != NULL)
    lull_routine_transfer_export (GTK_WINDOW (self), self->application, routine);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LullRoutinesWindow *self = LULL_ROUTINES_WINDOW (widget);

  lull_routine_transfer_choose_import (GTK_WINDOW (self), self->application);
}

/* The list is rebuilt when the routines change (an import here or from
 * the main window): the routine being edited stays chosen, and nothing
 * counts as the parent choosing another. */
static void
on_routines_changing (LullRoutinesWindow *self)
{
  self->syncing = TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save (LULL_ROUTINES_WINDOW (widget));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  delete_routine (LULL_ROUTINES_WINDOW (widget));
}

static void
add_step_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LullRoutinesWindow *self = LULL_ROUTINES_WINDOW (widget);
  guint n_steps;
  g_autofree char *group = NULL;

  if (self->keyfile == NULL || self->read_only)
    return;
  n_steps = count_steps (self->keyfile);
  if (n_steps >= LULL_ROUTINE_MAX_STEPS)
    return;

  group = step_group (n_steps);
  g_key_file_set_string (self->keyfile, group, "kind", "rest");
  g_key_file_set_integer (self->keyfile, group, "duration", 60);
  g_key_file_set_string (self->keyfile, group, "prompt", _("Rest a moment, and let your shoulders drop."));

  build_form (self, group, "prompt");
}

/* The step @index moves by @delta places; the focus stays on the control
 * it was on, in the step's new place. */
static void
move_step (LullRoutinesWindow *self,
           guint               index,
           int                 delta,
           const char         *focus_key)
{
  g_autofree guint *order = NULL;
  g_autofree char *group = NULL;
  guint n_steps;
  guint target;

  if (self->keyfile == NULL || self->read_only)
    return;
  n_steps = count_steps (self->keyfile);
  if (index >= n_steps || (delta < 0 && index == 0) || (delta > 0 && index + 1 >= n_steps))
    return;

  target = delta < 0 ? index - 1 : index + 1;
  order = g_new (guint, n_steps);
  for (guint i = 0; i < n_steps; i++)
    order[i] = i;
  order[index] = target;
  order[target] = index;
  reorder_steps (self->keyfile, order, n_steps);

  group = step_group (target);
  build_form (self, group, focus_key);
}

static void
move_step_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LullRoutinesWindow *self = LULL_ROUTINES_WINDOW (widget);
  guint index;
  int delta;

  g_variant_get (parameter, "(ui)", &index, &delta);
  move_step (self, index, delta, delta < 0 ? "move-up" : "move-down");
}

/* Alt+Up and Alt+Down move the step that has the focus. */
static void
move_focused_step_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  LullRoutinesWindow *self = LULL_ROUTINES_WINDOW (widget);
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));
  g_autofree char *key = NULL;

  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    {
      Field *field = field_of (w);
      guint step = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (w), "lull-step"));

      if (field != NULL && key == NULL)
        key = g_strdup (field->key);
      if (step > 0)
        {
          move_step (self, step - 1, g_variant_get_int32 (parameter),
                     key != NULL ? key : "kind");
          return;
        }
    }
}

static void
on_step_undo (AdwToast           *toast,
              LullRoutinesWindow *self)
{
  if (toast != self->step_toast || self->step_undo_data == NULL || self->keyfile == NULL)
    return;

  g_key_file_unref (self->keyfile);
  self->keyfile = keyfile_from_data (self->step_undo_data);
  build_form (self, NULL, NULL);
}

static void
on_step_toast_dismissed (AdwToast           *toast,
                         LullRoutinesWindow *self)
{
  if (toast != self->step_toast)
    return;

  g_clear_object (&self->step_toast);
  g_clear_pointer (&self->step_undo_data, g_free);
}

static void
remove_step_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LullRoutinesWindow *self = LULL_ROUTINES_WINDOW (widget);
  guint index = g_variant_get_uint32 (parameter);
  g_autofree guint *order = NULL;
  g_autofree char *focus_group = NULL;
  g_autofree char *text = NULL;
  guint n_steps;

  if (self->keyfile == NULL || self->read_only)
    return;
  n_steps = count_steps (self->keyfile);
  if (index >= n_steps || n_steps < 2)
    return;

  /* The whole file as it was, for Undo. */
  g_free (self->step_undo_data);
  self->step_undo_data = keyfile_to_data (self->keyfile);

  order = g_new (guint, n_steps - 1);
  for (guint i = 0, k = 0; i < n_steps; i++)
    if (i != index)
      order[k++] = i;
  reorder_steps (self->keyfile, order, n_steps - 1);

  focus_group = step_group (MIN (index, n_steps - 2));
  build_form (self, focus_group, "remove");

  text = g_strdup_printf (_("Step %u removed"), index + 1);
  show_undo_toast (self, &self->step_toast, text,
                   G_CALLBACK (on_step_undo), G_CALLBACK (on_step_toast_dismissed));
}

static void
lull_routines_window_class_init (LullRoutinesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lull_routines_window_dispose;
  object_class->finalize = lull_routines_window_finalize;
  window_class->close_request = lull_routines_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/lull-routines-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LullRoutinesWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LullRoutinesWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, LullRoutinesWindow, content);
  gtk_widget_class_bind_template_child (widget_class, LullRoutinesWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, LullRoutinesWindow, routine_list);
  gtk_widget_class_bind_template_child (widget_class, LullRoutinesWindow, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, LullRoutinesWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, LullRoutinesWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, LullRoutinesWindow, builtin_box);
  gtk_widget_class_bind_template_child (widget_class, LullRoutinesWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, LullRoutinesWindow, form_box);

  gtk_widget_class_install_action (widget_class, "routines.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "routines.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "routines.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "routines.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "routines.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "routines.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "routines.add-step", NULL, add_step_action);
  gtk_widget_class_install_action (widget_class, "routines.move-step", "(ui)", move_step_action);
  gtk_widget_class_install_action (widget_class, "routines.move-focused-step", "i",
                                   move_focused_step_action);
  gtk_widget_class_install_action (widget_class, "routines.remove-step", "u",
                                   remove_step_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "routines.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "routines.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK,
                                       "routines.move-focused-step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Up, GDK_ALT_MASK,
                                       "routines.move-focused-step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK,
                                       "routines.move-focused-step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Down, GDK_ALT_MASK,
                                       "routines.move-focused-step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
lull_routines_window_init (LullRoutinesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields = g_ptr_array_new_with_free_func (field_free);
  lull_label_scrollbars (self->list_scroller);
  lull_label_scrollbars (self->scroller);

  g_signal_connect_object (self->routine_list, "row-selected",
                           G_CALLBACK (on_row_selected), self, 0);
  g_signal_connect_object (self->routine_list, "row-activated",
                           G_CALLBACK (on_row_activated), self, 0);
  g_signal_connect_object (self->back_button, "clicked",
                           G_CALLBACK (on_back_clicked), self, G_CONNECT_SWAPPED);
}

/**
 * lull_routines_window_new:
 * @application: the application, whose routines the window shows
 * @parent: (nullable): the main window
 */
LullRoutinesWindow *
lull_routines_window_new (LullApplication *application,
                          GtkWindow       *parent)
{
  LullRoutinesWindow *self;
  GtkListBoxRow *first;

  g_return_val_if_fail (LULL_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (LULL_TYPE_ROUTINES_WINDOW,
                       "application", application,
                       "transient-for", parent,
                       NULL);
  self->application = application;
  self->routines = g_object_ref (lull_application_get_routines (application));
  g_signal_connect_object (self->routines, "items-changed", G_CALLBACK (on_routines_changing),
                           self, G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (self->routine_list, self->routines,
                           create_routine_row, NULL, NULL);
  g_signal_connect_object (self->routines, "items-changed", G_CALLBACK (select_current),
                           self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  /* The first routine is shown, and the list has the focus: choosing a
   * routine is what the parent most likely came for. */
  first = gtk_list_box_get_row_at_index (self->routine_list, 0);
  if (first != NULL)
    {
      show_routine (self, row_get_routine (first));
      select_current (self);
      gtk_widget_grab_focus (GTK_WIDGET (first));
    }
  else
    {
      show_routine (self, NULL);
    }

  return self;
}
