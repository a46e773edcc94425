/* lull-metainfo.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lull-metainfo.h"

/* The About window is filled from the AppStream file that the build merges
 * with the translations, so the two never disagree. libadwaita 1.2 has no
 * adw_about_window_new_from_appdata(), hence this small reader.
 *
 * A merged file repeats each translatable element once per language with
 * an xml:lang attribute. The reader picks the best language that the file
 * offers, and falls back to the untranslated text element by element. */

struct _LullMetainfo
{
  GObject     parent_instance;

  char       *name;
  char       *summary;
  char       *developer_name;
  char       *project_license;
  GHashTable *urls;
  char       *version;
  char       *release_notes;
};

G_DEFINE_FINAL_TYPE (LullMetainfo, lull_metainfo, G_TYPE_OBJECT)

typedef struct
{
  /* Pass one: every language the file offers. */
  GHashTable *languages;

  /* Pass two: the language chosen, or NULL for the untranslated text. */
  const char *language;
  LullMetainfo *self;

  GPtrArray  *stack;
  GString    *text;
  char       *url_type;

  /* Which element's text is collected, and in which language. */
  gboolean    in_component_text;
  char       *text_lang;

  /* Release notes of the newest release (the first one listed). */
  guint       n_releases;
  gboolean    in_first_release_description;
  GString    *notes_untranslated;
  GString    *notes_translated;
  GString    *notes_item;
  char       *notes_item_lang;
} ParseState;

static void
lull_metainfo_finalize (GObject *object)
{
  LullMetainfo *self = (LullMetainfo *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->developer_name, g_free);
  g_clear_pointer (&self->project_license, g_free);
  g_clear_pointer (&self->urls, g_hash_table_unref);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->release_notes, g_free);

  G_OBJECT_CLASS (lull_metainfo_parent_class)->finalize (object);
}

static void
lull_metainfo_class_init (LullMetainfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lull_metainfo_finalize;
}

static void
lull_metainfo_init (LullMetainfo *self)
{
  self->urls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static const char *
find_lang (const char **names,
           const char **values)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "xml:lang"))
        return values[i];
    }

  return NULL;
}

static const char *
parent_element (ParseState *state,
                guint       depth)
{
  if (state->stack->len < depth + 1)
    return NULL;

  return g_ptr_array_index (state->stack, state->stack->len - 1 - depth);
}

static gboolean
lang_is_wanted (ParseState *state,
                const char *lang)
{
  return lang == NULL || g_strcmp0 (lang, state->language) == 0;
}

static void
on_start_element (GMarkupParseContext  *context,
                  const char           *element_name,
                  const char          **attribute_names,
                  const char          **attribute_values,
                  gpointer              user_data,
                  GError              **error)
{
  ParseState *state = user_data;
  const char *lang = find_lang (attribute_names, attribute_values);
  const char *parent = parent_element (state, 0);

  if (state->languages != NULL)
    {
      if (lang != NULL)
        g_hash_table_add (state->languages, g_strdup (lang));
      g_ptr_array_add (state->stack, g_strdup (element_name));
      return;
    }

  if (g_strcmp0 (parent, "component") == 0
      && (g_str_equal (element_name, "name")
          || g_str_equal (element_name, "summary")
          || g_str_equal (element_name, "developer_name")
          || g_str_equal (element_name, "project_license")
          || g_str_equal (element_name, "url")))
    {
      state->in_component_text = lang_is_wanted (state, lang);
      g_clear_pointer (&state->text_lang, g_free);
      state->text_lang = g_strdup (lang);
      g_string_truncate (state->text, 0);

      g_clear_pointer (&state->url_type, g_free);
      if (g_str_equal (element_name, "url"))
        {
          for (guint i = 0; attribute_names[i] != NULL; i++)
            if (g_str_equal (attribute_names[i], "type"))
              state->url_type = g_strdup (attribute_values[i]);
        }
    }
  else if (g_str_equal (element_name, "release")
           && g_strcmp0 (parent, "releases") == 0)
    {
      state->n_releases++;
      if (state->n_releases == 1)
        {
          for (guint i = 0; attribute_names[i] != NULL; i++)
            if (g_str_equal (attribute_names[i], "version"))
              state->self->version = g_strdup (attribute_values[i]);
        }
    }
  else if (g_str_equal (element_name, "description")
           && g_strcmp0 (parent, "release") == 0
           && state->n_releases == 1)
    {
      state->in_first_release_description = TRUE;
    }
  else if (state->in_first_release_description)
    {
      if (g_str_equal (element_name, "p") || g_str_equal (element_name, "li"))
        {
          g_string_truncate (state->notes_item, 0);
          g_clear_pointer (&state->notes_item_lang, g_free);
          state->notes_item_lang = g_strdup (lang);
        }
      else if (g_str_equal (element_name, "ul") || g_str_equal (element_name, "ol"))
        {
          g_string_append_printf (state->notes_untranslated, "<%s>", element_name);
          g_string_append_printf (state->notes_translated, "<%s>", element_name);
        }
      else if (g_str_equal (element_name, "em") || g_str_equal (element_name, "code"))
        {
          g_string_append_printf (state->notes_item, "<%s>", element_name);
        }
    }

  g_ptr_array_add (state->stack, g_strdup (element_name));
}

static void
store_component_text (ParseState *state,
                      const char *element_name)
{
  LullMetainfo *self = state->self;
  char **field = NULL;
  g_autofree char *text = g_strstrip (g_strdup (state->text->str));

  if (g_str_equal (element_name, "name"))
    field = &self->name;
  else if (g_str_equal (element_name, "summary"))
    field = &self->summary;
  else if (g_str_equal (element_name, "developer_name"))
    field = &self->developer_name;
  else if (g_str_equal (element_name, "project_license"))
    field = &self->project_license;
  else if (g_str_equal (element_name, "url") && state->url_type != NULL)
    {
      g_hash_table_replace (self->urls, g_strdup (state->url_type), g_steal_pointer (&text));
      return;
    }

  if (field == NULL)
    return;

  /* The translated element wins over the untranslated one whatever their
   * order in the file. */
  if (*field == NULL || state->text_lang != NULL)
    {
      g_free (*field);
      *field = g_steal_pointer (&text);
    }
}

static void
on_end_element (GMarkupParseContext  *context,
                const char           *element_name,
                gpointer              user_data,
                GError              **error)
{
  ParseState *state = user_data;

  g_ptr_array_remove_index (state->stack, state->stack->len - 1);

  if (state->languages != NULL)
    return;

  if (state->in_component_text && g_strcmp0 (parent_element (state, 0), "component") == 0)
    {
      store_component_text (state, element_name);
      state->in_component_text = FALSE;
    }
  else if (state->in_first_release_description)
    {
      if (g_str_equal (element_name, "description"))
        state->in_first_release_description = FALSE;
      else if (g_str_equal (element_name, "p") || g_str_equal (element_name, "li"))
        {
          GString *target = NULL;

          if (state->notes_item_lang == NULL)
            target = state->notes_untranslated;
          else if (g_strcmp0 (state->notes_item_lang, state->language) == 0)
            target = state->notes_translated;

          if (target != NULL)
            g_string_append_printf (target, "<%s>%s</%s>",
                                    element_name, g_strchomp (state->notes_item->str),
                                    element_name);
        }
      else if (g_str_equal (element_name, "ul") || g_str_equal (element_name, "ol"))
        {
          g_string_append_printf (state->notes_untranslated, "</%s>", element_name);
          g_string_append_printf (state->notes_translated, "</%s>", element_name);
        }
      else if (g_str_equal (element_name, "em") || g_str_equal (element_name, "code"))
        {
          g_string_append_printf (state->notes_item, "</%s>", element_name);
        }
    }
}

static void
on_text (GMarkupParseContext  *context,
         const char           *text,
         gsize                 text_len,
         gpointer              user_data,
         GError              **error)
{
  ParseState *state = user_data;

  if (state->languages != NULL)
    return;

  if (state->in_component_text)
    g_string_append_len (state->text, text, text_len);
  else if (state->in_first_release_description)
    {
      g_autofree char *escaped = g_markup_escape_text (text, text_len);

      /* Fold the file's indentation into single spaces. */
      for (const char *p = escaped; *p != '\0'; p++)
        {
          if (g_ascii_isspace (*p))
            {
              if (state->notes_item->len > 0
                  && state->notes_item->str[state->notes_item->len - 1] != ' ')
                g_string_append_c (state->notes_item, ' ');
            }
          else
            g_string_append_c (state->notes_item, *p);
        }
    }
}

static const GMarkupParser parser = {
  .start_element = on_start_element,
  .end_element = on_end_element,
  .text = on_text,
};

static gboolean
parse (ParseState  *state,
       const char  *data,
       gssize       length,
       GError     **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;

  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, state, NULL);

  return g_markup_parse_context_parse (context, data, length, error)
         && g_markup_parse_context_end_parse (context, error);
}

/**
 * lull_metainfo_new_from_data:
 * @languages: (nullable): preferred languages, best first, as from
 *   g_get_language_names(); %NULL for the untranslated text
 */
LullMetainfo *
lull_metainfo_new_from_data (const char          *data,
                             gssize               length,
                             const char * const  *languages,
                             GError             **error)
{
  g_autoptr(LullMetainfo) self = NULL;
  g_autoptr(GHashTable) offered = NULL;
  ParseState state = { 0 };
  gboolean ok;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (LULL_TYPE_METAINFO, NULL);

  offered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  state.languages = offered;
  state.stack = g_ptr_array_new_with_free_func (g_free);
  ok = parse (&state, data, length, error);
  g_ptr_array_unref (state.stack);
  if (!ok)
    return NULL;

  state.languages = NULL;
  for (guint i = 0; languages != NULL && languages[i] != NULL; i++)
    {
      if (g_hash_table_contains (offered, languages[i]))
        {
          state.language = languages[i];
          break;
        }
    }

  state.self = self;
  state.stack = g_ptr_array_new_with_free_func (g_free);
  state.text = g_string_new (NULL);
  state.notes_untranslated = g_string_new (NULL);
  state.notes_translated = g_string_new (NULL);
  state.notes_item = g_string_new (NULL);

  ok = parse (&state, data, length, error);

  if (ok)
    {
      /* Only the wrappers (<ul></ul>) land in the translated notes when no
       * paragraph was translated: then the untranslated notes are used. */
      GString *notes = strstr (state.notes_translated->str, "<p>") != NULL
                       || strstr (state.notes_translated->str, "<li>") != NULL
                       ? state.notes_translated
                       : state.notes_untranslated;

      self->release_notes = g_strdup (notes->str);
    }

  g_ptr_array_unref (state.stack);
  g_string_free (state.text, TRUE);
  g_string_free (state.notes_untranslated, TRUE);
  g_string_free (state.notes_translated, TRUE);
  g_string_free (state.notes_item, TRUE);
  g_free (state.url_type);
  g_free (state.text_lang);
  g_free (state.notes_item_lang);

  if (!ok)
    return NULL;

  return g_steal_pointer (&self);
}

const char *
lull_metainfo_get_name (LullMetainfo *self)
{
  g_return_val_if_fail (LULL_IS_METAINFO (self), NULL);
  return self->name;
}

const char *
lull_metainfo_get_summary (LullMetainfo *self)
{
  g_return_val_if_fail (LULL_IS_METAINFO (self), NULL);
  return self->summary;
}

const char *
lull_metainfo_get_developer_name (LullMetainfo *self)
{
  g_return_val_if_fail (LULL_IS_METAINFO (self), NULL);
  return self->developer_name;
}

const char *
lull_metainfo_get_project_license (LullMetainfo *self)
{
  g_return_val_if_fail (LULL_IS_METAINFO (self), NULL);
  return self->project_license;
}

/**
 * lull_metainfo_get_url:
 * @type: the url's type, such as "homepage" or "bugtracker"
 */
const char *
lull_metainfo_get_url (LullMetainfo *self,
                       const char   *type)
{
  g_return_val_if_fail (LULL_IS_METAINFO (self), NULL);
  g_return_val_if_fail (type != NULL, NULL);
  return g_hash_table_lookup (self->urls, type);
}

const char *
lull_metainfo_get_version (LullMetainfo *self)
{
  g_return_val_if_fail (LULL_IS_METAINFO (self), NULL);
  return self->version;
}

/**
 * lull_metainfo_get_release_notes:
 *
 * The newest release's description, in the AppStream markup that
 * AdwAboutWindow:release-notes takes.
 */
const char *
lull_metainfo_get_release_notes (LullMetainfo *self)
{
  g_return_val_if_fail (LULL_IS_METAINFO (self), NULL);
  return self->release_notes;
}
