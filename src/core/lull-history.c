/* lull-history.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "lull-history.h"

/* The session store: `history/YYYY-MM.ini` under the data root, one
 * keyfile per calendar month of the sessions' local start dates.
 *
 * Nothing a file holds may be lost by rewriting it: not a key from a newer
 * Lull, not a group this version could not read, not a comment. So each
 * month's keyfile stays in memory exactly as it was read, and appending
 * adds one group to a copy of it; only once the copy is safely on disk
 * does it replace the one in memory. A failed write therefore leaves
 * memory and disk as they were. */

#define HISTORY_FOLDER  "history"
#define HEADER_GROUP    "Lull History"
#define VERSION_KEY     "version"
#define FORMAT_VERSION  1
#define FILE_MODE       0600

/* Every comment and translated key of a month must survive a rewrite. */
#define KEYFILE_FLAGS   (G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS)

struct _LullHistory
{
  GObject       parent_instance;

  LullDataRoot *data_root;
  GListStore   *records;

  /* "YYYY-MM" → GKeyFile of that month as it is on disk. A month whose
   * file exists but could not be read is absent, and never written. */
  GHashTable   *months;
  /* Record key (start in UTC) → LullRecord, to refuse a session twice. */
  GHashTable   *by_key;
  /* Julian day of the local start date → number of sessions. */
  GHashTable   *day_counts;
};

G_DEFINE_FINAL_TYPE (LullHistory, lull_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATA_ROOT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_QUARK (lull-history-error-quark, lull_history_error)

typedef struct
{
  GHashTable *months;
  GHashTable *by_key;
  GHashTable *day_counts;
  GPtrArray  *records;
  GPtrArray  *problems;
  GDateTime  *now;
} LoadState;

static GHashTable *
new_months_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify)g_key_file_unref);
}

static GHashTable *
new_keys_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

static GHashTable *
new_day_counts_table (void)
{
  return g_hash_table_new (NULL, NULL);
}

static int
compare_records (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return g_date_time_compare (lull_record_get_start ((LullRecord *)a),
                              lull_record_get_start ((LullRecord *)b));
}

static int
compare_record_pointers (gconstpointer a,
                         gconstpointer b)
{
  return compare_records (*(LullRecord * const *)a, *(LullRecord * const *)b, NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static void
count_day (GHashTable *day_counts,
           LullRecord *record)
{
  GDate date = lull_record_get_local_date (record);
  gpointer key = GUINT_TO_POINTER (g_date_get_julian (&date));
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (day_counts, key));

  g_hash_table_insert (day_counts, key, GUINT_TO_POINTER (count + 1));
}

static char *
month_of_record (LullRecord *record)
{
  GDate date = lull_record_get_local_date (record);

  return g_strdup_printf ("%04u-%02u",
                          (guint)g_date_get_year (&date), (guint)g_date_get_month (&date));
}

static gboolean
is_month_filename (const char *name)
{
  int month;

  /* YYYY-MM.ini and nothing else: editors' backups, the atomic writer's
   * temporary files and notes a parent keeps there are not history. */
  if (strlen (name) != strlen ("YYYY-MM.ini") || !g_str_has_suffix (name, ".ini"))
    return FALSE;

  for (guint i = 0; i < 7; i++)
    {
      if (i == 4 ? name[i] != '-' : !g_ascii_isdigit (name[i]))
        return FALSE;
    }

  month = (name[5] - '0') * 10 + (name[6] - '0');

  return month >= 1 && month <= 12 && strncmp (name, "0000", 4) != 0;
}

static gboolean
looks_like_a_time (const char *group)
{
  /* "2026-11-23T…": enough to tell a session from [Lull History] and from
   * groups a newer version may add; the record checks the rest. */
  for (guint i = 0; i < 4; i++)
    {
      if (!g_ascii_isdigit (group[i]))
        return FALSE;
    }

  return group[4] == '-';
}

/* "2026-11" as the parent reads it, "November 2026" in English. */
static char *
format_month (const char *month)
{
  g_autoptr(GDateTime) first_day = NULL;
  char *text = NULL;
  int year, number;

  year = (int)g_ascii_strtoll (month, NULL, 10);
  number = (int)g_ascii_strtoll (month + 5, NULL, 10);
  first_day = g_date_time_new_utc (year, number, 1, 0, 0, 0);

  if (first_day != NULL)
    {
      /* Translators: a month and its year, as in “November 2026”, in
       * g_date_time_format() codes. %OB is the month’s name as used on its
       * own, without a day. */
      text = g_date_time_format (first_day, C_("month and year", "%OB %Y"));
    }

  return text != NULL ? text : g_strdup (month);
}

static char *
format_start (LullRecord *record)
{
  char *text;

  /* Translators: when a session started, in g_date_time_format() codes,
   * as in “23 November 2026, 11:15”. */
  text = g_date_time_format (lull_record_get_start (record), _("%-d %B %Y, %H:%M"));

  return text != NULL ? text : lull_record_dup_key (record);
}

static void
add_problem (GPtrArray *problems,
             char      *sentence)
{
  if (problems != NULL)
    g_ptr_array_add (problems, sentence);
  else
    g_free (sentence);
}

static void
set_aside (LullHistory *self,
           LoadState   *state,
           const char  *path,
           const char  *month,
           gboolean     newer)
{
  g_autofree char *label = format_month (month);
  g_autofree char *moved = NULL;
  g_autoptr(GError) error = NULL;

  moved = lull_data_root_quarantine (self->data_root, path, state->now, &error);
  if (moved == NULL)
    {
      /* The file stays where it is, so the month stays out of memory and
       * lull_history_append() will not write over it. */
      add_problem (state->problems,
                   g_strdup_printf (_("The sessions of %s could not be read, and Lull could "
                                      "not set the file aside either (%s). Lull will not "
                                      "change that month; your other sessions are safe."),
                                    label, error->message));
      return;
    }

  if (newer)
    add_problem (state->problems,
                 g_strdup_printf (_("The sessions of %s were saved by a newer version of "
                                    "Lull, so this version set the file aside in the "
                                    "quarantine folder. Your other sessions are safe."),
                                  label));
  else
    add_problem (state->problems,
                 g_strdup_printf (_("The sessions of %s could not be read, so Lull set the "
                                    "file aside in the quarantine folder. Your other "
                                    "sessions are safe."),
                                  label));
}

static void
load_month (LullHistory *self,
            LoadState   *state,
            const char  *folder,
            const char  *filename)
{
  g_autofree char *path = g_build_filename (folder, filename, NULL);
  g_autofree char *month = g_strndup (filename, strlen ("YYYY-MM"));
  g_autofree char *contents = NULL;
  g_autofree char *version_text = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;
  guint64 version;
  guint n_unreadable = 0;
  guint n_twice = 0;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_autofree char *label = format_month (month);

      /* Not damaged, only out of reach (permissions, a folder by that
       * name): moving it would hide sessions that may be fine. */
      add_problem (state->problems,
                   g_strdup_printf (_("The file with the sessions of %s could not be opened "
                                      "(%s). Lull left it as it is; check that you can read "
                                      "it, then open Lull again. Your other sessions are "
                                      "safe."),
                                    label, error->message));
      return;
    }

  if (!g_utf8_validate (contents, length, NULL))
    {
      g_debug ("History file %s is not UTF-8 text", path);
      set_aside (self, state, path, month, FALSE);
      return;
    }

  keyfile = g_key_file_new ();
  if (!g_key_file_load_from_data (keyfile, contents, length, KEYFILE_FLAGS, &error))
    {
      g_debug ("History file %s is not a keyfile: %s", path, error->message);
      set_aside (self, state, path, month, FALSE);
      return;
    }

  version_text = g_key_file_get_value (keyfile, HEADER_GROUP, VERSION_KEY, NULL);
  if (version_text == NULL ||
      !g_ascii_string_to_unsigned (g_strstrip (version_text), 10, 0, G_MAXUINT,
                                   &version, NULL) ||
      version == 0)
    {
      g_debug ("History file %s has no usable [%s] %s", path, HEADER_GROUP, VERSION_KEY);
      set_aside (self, state, path, month, FALSE);
      return;
    }

  if (version != FORMAT_VERSION)
    {
      set_aside (self, state, path, month, version > FORMAT_VERSION);
      return;
    }

  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autoptr(LullRecord) record = NULL;
      g_autoptr(GError) record_error = NULL;
      g_autofree char *key = NULL;

      /* Sessions are the groups named by a time; any other group is
       * something a newer Lull added, kept in the keyfile and not a
       * problem. */
      if (!looks_like_a_time (groups[i]))
        continue;

      /* A group that cannot be read, or holds values that could never
       * have been saved, stays in the keyfile untouched and out of the
       * list: statistics must not count what they cannot trust. */
      record = lull_record_new_from_keyfile (keyfile, groups[i], &record_error);
      if (record == NULL || !lull_record_validate (record, &record_error))
        {
          g_debug ("Skipping session [%s] of %s: %s", groups[i], path, record_error->message);
          n_unreadable++;
          continue;
        }

      key = lull_record_dup_key (record);
      if (g_hash_table_contains (state->by_key, key))
        {
          n_twice++;
          continue;
        }

      count_day (state->day_counts, record);
      g_ptr_array_add (state->records, g_object_ref (record));
      g_hash_table_insert (state->by_key, g_steal_pointer (&key), g_steal_pointer (&record));
    }

  if (n_unreadable > 0)
    {
      g_autofree char *label = format_month (month);

      add_problem (state->problems,
                   g_strdup_printf (ngettext ("%u session of %s could not be read, so Lull "
                                              "left it unchanged in its file and does not "
                                              "show it. Your other sessions are safe.",
                                              "%u sessions of %s could not be read, so Lull "
                                              "left them unchanged in their file and does "
                                              "not show them. Your other sessions are safe.",
                                              n_unreadable),
                                    n_unreadable, label));
    }

  if (n_twice > 0)
    {
      g_autofree char *label = format_month (month);

      add_problem (state->problems,
                   g_strdup_printf (ngettext ("%u session of %s is also in another month’s "
                                              "file, so Lull shows it only once.",
                                              "%u sessions of %s are also in another month’s "
                                              "file, so Lull shows them only once.",
                                              n_twice),
                                    n_twice, label));
    }

  g_hash_table_insert (state->months, g_steal_pointer (&month), g_steal_pointer (&keyfile));
}

/* The parent reads what went wrong and what to do, in plain words; the
 * system's message (which names a temporary file deep in the data folder)
 * is for developers, in the debug log. */
static void
set_write_error (GError       **error,
                 const GError  *cause)
{
  const char *message;

  g_debug ("Could not save a session to the history: %s (%s, %d)",
           cause->message, g_quark_to_string (cause->domain), cause->code);

  if (g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_ROFS)
      || g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
    message = _("Lull could not save this session because the disk is read-only. "
                "Nothing is lost: make the disk writable again, then try again.");
  else if (g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_NOSPC)
           || g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    message = _("Lull could not save this session because the disk is full. "
                "Nothing is lost: free some space, then try again.");
  else if (g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_ACCES)
           || g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_PERM)
           || g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    message = _("Lull could not save this session because it has no permission to write to "
                "its data folder. Nothing is lost: check that you may write to that folder, "
                "then try again.");
  else
    message = _("Lull could not save this session because writing to the disk did not work. "
                "Nothing is lost: check that the disk is plugged in and has free space, "
                "then try again.");

  g_set_error_literal (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_WRITE, message);
}

static GKeyFile *
copy_month (GKeyFile  *month,
            GError   **error)
{
  g_autoptr(GKeyFile) copy = g_key_file_new ();
  g_autofree char *data = NULL;
  gsize length;

  if (month == NULL)
    {
      g_key_file_set_integer (copy, HEADER_GROUP, VERSION_KEY, FORMAT_VERSION);
      return g_steal_pointer (&copy);
    }

  /* GKeyFile has no copy; its own text, read back with the same flags,
   * is a faithful one. */
  data = g_key_file_to_data (month, &length, NULL);
  if (!g_key_file_load_from_data (copy, data, length, KEYFILE_FLAGS, error))
    return NULL;

  return g_steal_pointer (&copy);
}

static void
lull_history_dispose (GObject *object)
{
  LullHistory *self = (LullHistory *)object;

  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_object (&self->records);
  g_clear_object (&self->data_root);

  G_OBJECT_CLASS (lull_history_parent_class)->dispose (object);
}

static void
lull_history_finalize (GObject *object)
{
  LullHistory *self = (LullHistory *)object;

  g_clear_pointer (&self->months, g_hash_table_unref);
  g_clear_pointer (&self->day_counts, g_hash_table_unref);

  G_OBJECT_CLASS (lull_history_parent_class)->finalize (object);
}

static void
lull_history_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LullHistory *self = LULL_HISTORY (object);

  switch (prop_id)
    {
    case PROP_DATA_ROOT:
      g_value_set_object (value, self->data_root);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_history_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LullHistory *self = LULL_HISTORY (object);

  switch (prop_id)
    {
    case PROP_DATA_ROOT:
      self->data_root = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_history_class_init (LullHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lull_history_dispose;
  object_class->finalize = lull_history_finalize;
  object_class->get_property = lull_history_get_property;
  object_class->set_property = lull_history_set_property;

  properties[PROP_DATA_ROOT] =
    g_param_spec_object ("data-root", NULL, NULL,
                         LULL_TYPE_DATA_ROOT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lull_history_init (LullHistory *self)
{
  self->records = g_list_store_new (LULL_TYPE_RECORD);
  self->months = new_months_table ();
  self->by_key = new_keys_table ();
  self->day_counts = new_day_counts_table ();
}

LullHistory *
lull_history_new (LullDataRoot *data_root)
{
  g_return_val_if_fail (LULL_IS_DATA_ROOT (data_root), NULL);

  return g_object_new (LULL_TYPE_HISTORY,
                       "data-root", data_root,
                       NULL);
}

/**
 * lull_history_load:
 * @problems: (nullable) (element-type utf8): where to add one translated
 *   sentence per problem, for the parent; the array should free its
 *   strings with g_free()
 *
 * (Re)reads every `history/YYYY-MM.ini`. A file that is not text, not a
 * keyfile, or not version 1 is moved to `quarantine/`; a session inside a
 * good file that cannot be read is skipped but kept in its file. Either
 * way the other sessions load. No history folder is an empty history.
 *
 * Returns: %FALSE only when the history folder cannot be read
 */
gboolean
lull_history_load (LullHistory  *self,
                   GPtrArray    *problems,
                   GError      **error)
{
  g_autofree char *folder = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GDateTime) now = NULL;
  LoadState state;
  const char *name;

  g_return_val_if_fail (LULL_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  folder = lull_data_root_build_filename (self->data_root, HISTORY_FOLDER, NULL);
  names = g_ptr_array_new_with_free_func (g_free);

  dir = g_dir_open (folder, 0, &local_error);
  if (dir == NULL && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DAMAGED,
                   _("Lull could not open its history folder “%s” (%s). Check that it is a "
                     "folder you can read, then open Lull again."),
                   folder, local_error->message);
      return FALSE;
    }

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (is_month_filename (name))
        g_ptr_array_add (names, g_strdup (name));
    }

  /* Oldest month first, so that when a session is in two files the one
   * kept is always the same. */
  g_ptr_array_sort (names, compare_names);

  now = g_date_time_new_now_utc ();
  records = g_ptr_array_new_with_free_func (g_object_unref);
  state = (LoadState) {
    .months = new_months_table (),
    .by_key = new_keys_table (),
    .day_counts = new_day_counts_table (),
    .records = records,
    .problems = problems,
    .now = now,
  };

  for (guint i = 0; i < names->len; i++)
    load_month (self, &state, folder, g_ptr_array_index (names, i));

  /* One sort and one splice: inserting sorted one by one would cost
   * O(n²) for years of sessions, and signal the list n times. */
  g_ptr_array_sort (records, compare_record_pointers);

  g_clear_pointer (&self->months, g_hash_table_unref);
  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->day_counts, g_hash_table_unref);
  self->months = state.months;
  self->by_key = state.by_key;
  self->day_counts = state.day_counts;

  g_list_store_splice (self->records, 0, g_list_model_get_n_items (G_LIST_MODEL (self->records)),
                       records->pdata, records->len);

  return TRUE;
}

/**
 * lull_history_get_records:
 *
 * Returns: (transfer none): a list model of #LullRecord, oldest first
 */
GListModel *
lull_history_get_records (LullHistory *self)
{
  g_return_val_if_fail (LULL_IS_HISTORY (self), NULL);

  return G_LIST_MODEL (self->records);
}

/**
 * lull_history_append:
 * @record: a finished session
 *
 * Validates the record (%LULL_HISTORY_ERROR_INVALID), refuses one whose
 * start is already in the history (%LULL_HISTORY_ERROR_DUPLICATE), and
 * writes its whole month file atomically, 0600, keeping everything else
 * the file held. If the disk says no (%LULL_HISTORY_ERROR_WRITE), nothing
 * in memory or on disk has changed. Every error is a sentence for the
 * parent.
 */
gboolean
lull_history_append (LullHistory  *self,
                     LullRecord   *record,
                     GError      **error)
{
  g_autofree char *key = NULL;
  g_autofree char *month = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GKeyFile) updated = NULL;
  g_autoptr(GError) local_error = NULL;
  GKeyFile *current;
  gsize length;

  g_return_val_if_fail (LULL_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (LULL_IS_RECORD (record), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lull_record_validate (record, error))
    return FALSE;

  key = lull_record_dup_key (record);
  month = month_of_record (record);
  current = g_hash_table_lookup (self->months, month);

  /* The group may also be one that was kept unread in its file: writing
   * into it would mix two sessions. */
  if (g_hash_table_contains (self->by_key, key) ||
      (current != NULL && g_key_file_has_group (current, key)))
    {
      g_autofree char *when = format_start (record);

      g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_DUPLICATE,
                   _("A session that started on %s is already in the history, so Lull did "
                     "not save it a second time."),
                   when);
      return FALSE;
    }

  filename = g_strconcat (month, ".ini", NULL);
  path = lull_data_root_build_filename (self->data_root, HISTORY_FOLDER, filename, NULL);

  /* A month file that is there but not in memory was unreadable at load
   * (or appeared since): writing the month from memory would replace the
   * sessions in it. */
  if (current == NULL && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *label = format_month (month);

      g_set_error (error, LULL_HISTORY_ERROR, LULL_HISTORY_ERROR_WRITE,
                   _("Lull could not save this session: the file for %s could not be read "
                     "when Lull started, and saving would write over it. Nothing is lost: "
                     "check that you can read that file, then open Lull again and save."),
                   label);
      return FALSE;
    }

  if (!lull_data_root_ensure_folder (self->data_root, HISTORY_FOLDER, &local_error))
    {
      set_write_error (error, local_error);
      return FALSE;
    }

  updated = copy_month (current, &local_error);
  if (updated == NULL)
    {
      set_write_error (error, local_error);
      return FALSE;
    }

  lull_record_write_to_keyfile (record, updated);
  data = g_key_file_to_data (updated, &length, NULL);

  if (!g_file_set_contents_full (path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, FILE_MODE,
                                 &local_error))
    {
      set_write_error (error, local_error);
      return FALSE;
    }

  g_hash_table_replace (self->months, g_steal_pointer (&month), g_steal_pointer (&updated));
  g_hash_table_insert (self->by_key, g_steal_pointer (&key), g_object_ref (record));
  count_day (self->day_counts, record);
  g_list_store_insert_sorted (self->records, record, compare_records, NULL);

  return TRUE;
}

/**
 * lull_history_count_on_date:
 * @local_date: a valid date
 *
 * Returns: how many sessions started on @local_date, each by the local
 *   time it was recorded in
 */
guint
lull_history_count_on_date (LullHistory *self,
                            const GDate *local_date)
{
  g_return_val_if_fail (LULL_IS_HISTORY (self), 0);
  g_return_val_if_fail (local_date != NULL && g_date_valid (local_date), 0);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->day_counts,
                                                GUINT_TO_POINTER (g_date_get_julian (local_date))));
}
