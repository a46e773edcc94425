/* lull-history-rows.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lull-history-rows.h"

/* Years of history are tens of thousands of sessions, and the list shows a
 * screenful: the rows are a flat array of small structs, rebuilt in one
 * pass whenever the records change, and an item is made only when the list
 * asks for it. A session's item is its LullRecord; a day's is a
 * LullHistoryDay made on request.
 *
 * The array holds a reference to each record, so that comparing the old
 * rows with the new ones by pointer is safe (a freed record's address
 * could come back as another record's), and items-changed covers only what
 * lies between the unchanged rows at either end. */

/* --- LullHistoryDay ------------------------------------------------------ */

struct _LullHistoryDay
{
  GObject parent_instance;

  GDate   date;
  guint   n_sessions;
  int     volume_ml;
};

G_DEFINE_FINAL_TYPE (LullHistoryDay, lull_history_day, G_TYPE_OBJECT)

static void
lull_history_day_class_init (LullHistoryDayClass *klass)
{
}

static void
lull_history_day_init (LullHistoryDay *self)
{
  g_date_clear (&self->date, 1);
  self->volume_ml = LULL_RECORD_NO_VALUE;
}

/**
 * lull_history_day_get_date:
 *
 * Returns: (transfer none): the local date
 */
const GDate *
lull_history_day_get_date (LullHistoryDay *self)
{
  g_return_val_if_fail (LULL_IS_HISTORY_DAY (self), NULL);

  return &self->date;
}

guint
lull_history_day_get_n_sessions (LullHistoryDay *self)
{
  g_return_val_if_fail (LULL_IS_HISTORY_DAY (self), 0);

  return self->n_sessions;
}

int
lull_history_day_get_volume_ml (LullHistoryDay *self)
{
  g_return_val_if_fail (LULL_IS_HISTORY_DAY (self), LULL_RECORD_NO_VALUE);

  return self->volume_ml;
}

/* --- LullHistoryRows ----------------------------------------------------- */

typedef struct
{
  guint32 julian;
  guint   n_sessions;
  int     volume_ml;
} Day;

/* A day's heading when record is NULL, else one session. */
typedef struct
{
  LullRecord *record;
  guint       day;
} Row;

/* A record on its way into the rows. */
typedef struct
{
  LullRecord *record;
  guint32     julian;
  guint       position;
} Entry;

struct _LullHistoryRows
{
  GObject     parent_instance;

  GListModel *records;
  GArray     *rows;  /* Row */
  GArray     *days;  /* Day */
};

static void lull_history_rows_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LullHistoryRows, lull_history_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      lull_history_rows_list_model_init))

static void
clear_row (gpointer data)
{
  Row *row = data;

  g_clear_object (&row->record);
}

static GArray *
new_rows (guint reserved)
{
  GArray *rows = g_array_sized_new (FALSE, FALSE, sizeof (Row), reserved);

  g_array_set_clear_func (rows, clear_row);

  return rows;
}

static GType
lull_history_rows_get_item_type (GListModel *model)
{
  return G_TYPE_OBJECT;
}

static guint
lull_history_rows_get_n_items (GListModel *model)
{
  return LULL_HISTORY_ROWS (model)->rows->len;
}

static gpointer
lull_history_rows_get_item (GListModel *model,
                            guint       position)
{
  LullHistoryRows *self = LULL_HISTORY_ROWS (model);
  LullHistoryDay *item;
  const Row *row;
  const Day *day;

  if (position >= self->rows->len)
    return NULL;

  row = &g_array_index (self->rows, Row, position);
  if (row->record != NULL)
    return g_object_ref (row->record);

  day = &g_array_index (self->days, Day, row->day);
  item = g_object_new (LULL_TYPE_HISTORY_DAY, NULL);
  g_date_set_julian (&item->date, day->julian);
  item->n_sessions = day->n_sessions;
  item->volume_ml = day->volume_ml;

  return item;
}

static void
lull_history_rows_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = lull_history_rows_get_item_type;
  iface->get_n_items = lull_history_rows_get_n_items;
  iface->get_item = lull_history_rows_get_item;
}

/* Newest day first; in a day, the later start (the later position in the
 * records, which are in order of start) first. */
static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *entry_a = a;
  const Entry *entry_b = b;

  if (entry_a->julian != entry_b->julian)
    return entry_a->julian > entry_b->julian ? -1 : 1;

  return entry_a->position > entry_b->position ? -1 : entry_a->position < entry_b->position;
}

static gboolean
rows_equal (LullHistoryRows *self,
            const Row       *a,
            GArray          *a_days,
            const Row       *b)
{
  const Day *day_a, *day_b;

  if (a->record != NULL || b->record != NULL)
    return a->record == b->record;

  day_a = &g_array_index (a_days, Day, a->day);
  day_b = &g_array_index (self->days, Day, b->day);

  return day_a->julian == day_b->julian
         && day_a->n_sessions == day_b->n_sessions
         && day_a->volume_ml == day_b->volume_ml;
}

static void
rebuild (LullHistoryRows *self)
{
  guint n_records = g_list_model_get_n_items (self->records);
  g_autoptr(GArray) entries = g_array_sized_new (FALSE, FALSE, sizeof (Entry), n_records);
  g_autoptr(GArray) old_rows = g_steal_pointer (&self->rows);
  g_autoptr(GArray) old_days = g_steal_pointer (&self->days);
  gboolean in_order = TRUE;
  guint n_old, n_new, prefix, suffix;

  /* Newest first. A record's local date follows its start but for a
   * session after a change of time zone, so the dates are nearly always
   * in order already; sort only when they are not. */
  for (guint i = n_records; i > 0; i--)
    {
      Entry entry;
      GDate date;

      entry.record = g_list_model_get_item (self->records, i - 1);
      entry.position = i - 1;
      date = lull_record_get_local_date (entry.record);
      entry.julian = g_date_get_julian (&date);
      if (entries->len > 0 && g_array_index (entries, Entry, entries->len - 1).julian < entry.julian)
        in_order = FALSE;
      g_array_append_val (entries, entry);
    }
  if (!in_order)
    g_array_sort (entries, compare_entries);

  self->rows = new_rows (n_records + n_records / 2);
  self->days = g_array_new (FALSE, FALSE, sizeof (Day));
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);
      Row row = { NULL, 0 };
      Day *day;
      int volume;

      if (self->days->len == 0
          || g_array_index (self->days, Day, self->days->len - 1).julian != entry->julian)
        {
          Day new_day = { entry->julian, 0, LULL_RECORD_NO_VALUE };

          g_array_append_val (self->days, new_day);
          row.day = self->days->len - 1;
          g_array_append_val (self->rows, row);
        }

      day = &g_array_index (self->days, Day, self->days->len - 1);
      day->n_sessions++;
      volume = lull_record_get_volume_ml (entry->record);
      if (volume != LULL_RECORD_NO_VALUE)
        day->volume_ml = (day->volume_ml == LULL_RECORD_NO_VALUE ? 0 : day->volume_ml) + volume;

      /* The row takes the entry's reference. */
      row.record = entry->record;
      row.day = self->days->len - 1;
      g_array_append_val (self->rows, row);
    }

  /* Only what changed between the rows that stayed at either end. */
  n_old = old_rows->len;
  n_new = self->rows->len;
  for (prefix = 0; prefix < MIN (n_old, n_new); prefix++)
    if (!rows_equal (self, &g_array_index (old_rows, Row, prefix), old_days,
                     &g_array_index (self->rows, Row, prefix)))
      break;
  for (suffix = 0; suffix < MIN (n_old, n_new) - prefix; suffix++)
    if (!rows_equal (self, &g_array_index (old_rows, Row, n_old - 1 - suffix), old_days,
                     &g_array_index (self->rows, Row, n_new - 1 - suffix)))
      break;

  if (prefix + suffix < MAX (n_old, n_new))
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                n_old - prefix - suffix, n_new - prefix - suffix);
}

static void
on_records_changed (GListModel      *records,
                    guint            position,
                    guint            removed,
                    guint            added,
                    LullHistoryRows *self)
{
  rebuild (self);
}

static void
lull_history_rows_dispose (GObject *object)
{
  LullHistoryRows *self = LULL_HISTORY_ROWS (object);

  if (self->records != NULL)
    g_signal_handlers_disconnect_by_func (self->records, on_records_changed, self);
  g_clear_object (&self->records);

  G_OBJECT_CLASS (lull_history_rows_parent_class)->dispose (object);
}

static void
lull_history_rows_finalize (GObject *object)
{
  LullHistoryRows *self = LULL_HISTORY_ROWS (object);

  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->days, g_array_unref);

  G_OBJECT_CLASS (lull_history_rows_parent_class)->finalize (object);
}

static void
lull_history_rows_class_init (LullHistoryRowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lull_history_rows_dispose;
  object_class->finalize = lull_history_rows_finalize;
}

static void
lull_history_rows_init (LullHistoryRows *self)
{
  self->rows = new_rows (0);
  self->days = g_array_new (FALSE, FALSE, sizeof (Day));
}

/**
 * lull_history_rows_new:
 * @records: LullRecord items in order of start, oldest first, such as
 *   lull_history_get_records() gives
 *
 * Returns: (transfer full): rows that follow @records as they change
 */
LullHistoryRows *
lull_history_rows_new (GListModel *records)
{
  LullHistoryRows *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (records), NULL);

  self = g_object_new (LULL_TYPE_HISTORY_ROWS, NULL);
  self->records = g_object_ref (records);
  g_signal_connect (records, "items-changed", G_CALLBACK (on_records_changed), self);
  rebuild (self);

  return self;
}

guint
lull_history_rows_get_n_days (LullHistoryRows *self)
{
  g_return_val_if_fail (LULL_IS_HISTORY_ROWS (self), 0);

  return self->days->len;
}

/**
 * lull_history_rows_find_record:
 *
 * A walk over the rows, for the one session the window is about to
 * focus, never for every row.
 *
 * Returns: the row showing @record, or one with the same start, or
 *   G_MAXUINT
 */
guint
lull_history_rows_find_record (LullHistoryRows *self,
                               LullRecord      *record)
{
  const char *key;

  g_return_val_if_fail (LULL_IS_HISTORY_ROWS (self), G_MAXUINT);
  g_return_val_if_fail (LULL_IS_RECORD (record), G_MAXUINT);

  /* By key, the session's identity: the history may hold its own copy. */
  key = lull_record_get_key (record);
  for (guint i = 0; i < self->rows->len; i++)
    {
      LullRecord *shown = g_array_index (self->rows, Row, i).record;

      if (shown == record || (shown != NULL && g_str_equal (lull_record_get_key (shown), key)))
        return i;
    }

  return G_MAXUINT;
}
