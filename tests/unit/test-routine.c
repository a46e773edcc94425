/* test-routine.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "lull-routine.h"
#include "lull-test-util.h"

static const char * const english[] = { "en", NULL };
static const char * const spanish[] = { "es", NULL };

/* A small valid routine; the hostile cases below change one thing in it. */
#define HEADER \
  "[Routine]\n" \
  "version=1\n" \
  "id=test-routine\n" \
  "name=Test routine\n"

#define PUMP_STEPS(first) \
  "[Step " #first "]\n" \
  "kind=stimulation\n" \
  "prompt=Start the pump.\n"

static LullRoutine *
load_builtin (const char          *id,
              const char * const  *languages)
{
  g_autofree char *path = lull_test_builtin_routine_path (id);
  g_autoptr(GError) error = NULL;
  LullRoutine *routine;

  routine = lull_routine_new_from_file (path, languages, &error);
  g_assert_no_error (error);
  g_assert_nonnull (routine);

  return routine;
}

static guint
prepare_seconds (LullRoutine *routine)
{
  guint total = 0;

  for (guint i = 0; i < lull_routine_get_n_prepare_steps (routine); i++)
    total += lull_step_get_duration_seconds (lull_routine_get_step (routine, i));

  return total;
}

static gboolean
has_cue (LullRoutine *routine,
         const char  *cue)
{
  g_auto(GStrv) cues = lull_routine_dup_cues (routine);

  return g_strv_contains ((const char * const *)cues, cue);
}

static void
assert_ends_with_pump (LullRoutine *routine)
{
  guint n_prepare = lull_routine_get_n_prepare_steps (routine);
  guint n = lull_routine_get_n_steps (routine);
  gboolean expression_after = FALSE;

  g_assert_cmpuint (n_prepare, >, 0);
  g_assert_cmpuint (n_prepare, <, n);
  g_assert_cmpint (lull_step_get_kind (lull_routine_get_step (routine, n_prepare)), ==,
                   LULL_STEP_KIND_STIMULATION);

  for (guint i = n_prepare + 1; i < n; i++)
    expression_after |= lull_step_get_kind (lull_routine_get_step (routine, i))
                        == LULL_STEP_KIND_EXPRESSION;
  g_assert_true (expression_after);

  for (guint i = 0; i < n; i++)
    {
      const char *prompt = lull_step_get_prompt (lull_routine_get_step (routine, i));

      g_assert_true (g_utf8_validate (prompt, -1, NULL));
      g_assert_cmpuint (g_utf8_strlen (prompt, -1), <=, LULL_STEP_MAX_PROMPT_CHARS);
      g_assert_cmpuint (strlen (prompt), >, 10);
    }
}

static void
test_builtin_desk_quick (void)
{
  g_autoptr(LullRoutine) routine = load_builtin ("desk-quick", english);
  g_auto(GStrv) cues = lull_routine_dup_cues (routine);
  const char * const expected_cues[] = { "audio", "photos", "warmth", "breathing", NULL };
  LullStep *breathing;

  g_assert_cmpstr (lull_routine_get_id (routine), ==, "desk-quick");
  g_assert_cmpstr (lull_routine_get_name (routine), ==, "Quick desk routine");
  /* A soundscape, bundled. */
  g_assert_cmpstr (lull_routine_get_audio (routine), ==, "builtin:rain");
  g_assert_cmpuint (lull_routine_get_pump_seconds (routine), ==, 15 * 60);
  g_assert_false (lull_routine_get_builtin (routine));
  assert_ends_with_pump (routine);

  /* About three minutes of preparation. */
  g_assert_cmpuint (prepare_seconds (routine), >=, 150);
  g_assert_cmpuint (prepare_seconds (routine), <=, 240);

  g_assert_cmpint (lull_step_get_kind (lull_routine_get_step (routine, 0)), ==,
                   LULL_STEP_KIND_WARMTH);
  breathing = lull_routine_get_step (routine, 1);
  g_assert_cmpint (lull_step_get_kind (breathing), ==, LULL_STEP_KIND_BREATHING);
  g_assert_cmpfloat (lull_step_get_breaths_per_minute (breathing), ==, 6.0);
  g_assert_true (lull_step_get_show_photos (lull_routine_get_step (routine, 2)));
  /* The pump steps wait for the parent. */
  g_assert_cmpuint (lull_step_get_duration_seconds (lull_routine_get_step (routine, 3)), ==, 0);

  g_assert_true (g_strv_equal ((const char * const *)cues, expected_cues));

  g_assert_finalize_object (g_steal_pointer (&routine));
}

static void
test_builtin_full_relaxation (void)
{
  g_autoptr(LullRoutine) routine = load_builtin ("full-relaxation", english);

  g_assert_cmpstr (lull_routine_get_id (routine), ==, "full-relaxation");
  assert_ends_with_pump (routine);

  /* About 15 to 20 minutes of relaxation and imagery (Feher 1989). */
  g_assert_cmpuint (prepare_seconds (routine), >=, 15 * 60);
  g_assert_cmpuint (prepare_seconds (routine), <=, 20 * 60);
  g_assert_true (has_cue (routine, "imagery"));
  /* The bundled narration plays through it. */
  g_assert_cmpstr (lull_routine_get_audio (routine), ==, "builtin:imagery-full");
  g_assert_true (has_cue (routine, "audio"));
  g_assert_true (has_cue (routine, "drink"));
  g_assert_true (has_cue (routine, "breathing"));

  g_assert_finalize_object (g_steal_pointer (&routine));
}

static void
test_builtin_nicu_bedside (void)
{
  g_autoptr(LullRoutine) routine = load_builtin ("nicu-bedside", english);

  g_assert_cmpstr (lull_routine_get_id (routine), ==, "nicu-bedside");
  assert_ends_with_pump (routine);
  g_assert_true (has_cue (routine, "breathing"));
  g_assert_nonnull (strstr (lull_step_get_prompt (lull_routine_get_step (routine, 0)),
                            "skin to skin"));
  g_assert_nonnull (strstr (lull_step_get_prompt (lull_routine_get_step (routine, 1)),
                            "clothing"));

  g_assert_finalize_object (g_steal_pointer (&routine));
}

static void
test_builtin_hands_on (void)
{
  g_autoptr(LullRoutine) routine = load_builtin ("hands-on", english);
  guint n_prepare = lull_routine_get_n_prepare_steps (routine);
  gboolean compression_while_pumping = FALSE;
  gboolean massage_while_pumping = FALSE;

  g_assert_cmpstr (lull_routine_get_id (routine), ==, "hands-on");
  assert_ends_with_pump (routine);
  g_assert_cmpuint (prepare_seconds (routine), <=, 4 * 60);
  g_assert_true (has_cue (routine, "massage"));

  for (guint i = n_prepare; i < lull_routine_get_n_steps (routine); i++)
    {
      LullStepKind kind = lull_step_get_kind (lull_routine_get_step (routine, i));

      compression_while_pumping |= kind == LULL_STEP_KIND_COMPRESSION;
      massage_while_pumping |= kind == LULL_STEP_KIND_MASSAGE;
    }
  g_assert_true (compression_while_pumping);
  g_assert_true (massage_while_pumping);

  g_assert_finalize_object (g_steal_pointer (&routine));
}

/* Every built-in routine has Spanish for every text, and the file name is
 * its id. */
static void
test_builtin_spanish (void)
{
  const char *ids[] = { "desk-quick", "full-relaxation", "nicu-bedside", "hands-on" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(LullRoutine) en = load_builtin (ids[i], english);
      g_autoptr(LullRoutine) es = load_builtin (ids[i], spanish);

      g_assert_cmpstr (lull_routine_get_id (es), ==, ids[i]);
      g_assert_cmpstr (lull_routine_get_name (en), !=, lull_routine_get_name (es));
      g_assert_cmpstr (lull_routine_get_description (en), !=, lull_routine_get_description (es));
      g_assert_cmpstr (lull_routine_get_description (es), !=, "");
      g_assert_cmpuint (lull_routine_get_n_steps (en), ==, lull_routine_get_n_steps (es));

      for (guint j = 0; j < lull_routine_get_n_steps (en); j++)
        g_assert_cmpstr (lull_step_get_prompt (lull_routine_get_step (en, j)), !=,
                         lull_step_get_prompt (lull_routine_get_step (es, j)));
    }
}

static void
test_languages (void)
{
  const char * const french_then_spanish[] = { "fr", "es_ES.UTF-8", NULL };
  const char * const french[] = { "fr", NULL };
  const char * const spanish_variant[] = { "es_MX", NULL };
  g_autoptr(LullRoutine) es = load_builtin ("desk-quick", spanish);
  g_autoptr(LullRoutine) fr_es = load_builtin ("desk-quick", french_then_spanish);
  g_autoptr(LullRoutine) fr = load_builtin ("desk-quick", french);
  g_autoptr(LullRoutine) mx = load_builtin ("desk-quick", spanish_variant);

  g_assert_cmpstr (lull_routine_get_name (es), ==, "Rutina rápida de escritorio");
  g_assert_true (g_str_has_prefix (lull_step_get_prompt (lull_routine_get_step (es, 0)),
                                   "Sostén algo tibio"));
  /* The first language the file has, not the first language asked for. */
  g_assert_cmpstr (lull_routine_get_name (fr_es), ==, "Rutina rápida de escritorio");
  /* None: the untranslated text. */
  g_assert_cmpstr (lull_routine_get_name (fr), ==, "Quick desk routine");
  /* A regional variant falls back to the language. */
  g_assert_cmpstr (lull_routine_get_name (mx), ==, "Rutina rápida de escritorio");
}

static void
test_builtin_data_matches_file (void)
{
  g_autofree char *path = lull_test_builtin_routine_path ("hands-on");
  g_autofree char *contents = NULL;
  g_autoptr(LullRoutine) routine = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));

  /* Not nul-terminated at the given length, as a GBytes may be. */
  routine = lull_routine_new_from_data (contents, length, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lull_routine_get_id (routine), ==, "hands-on");

  lull_routine_set_builtin (routine, TRUE);
  g_assert_true (lull_routine_get_builtin (routine));
}

static GError *
parse_error (const char *data,
             gssize      length)
{
  g_autoptr(LullRoutine) routine = NULL;
  GError *error = NULL;

  routine = lull_routine_new_from_data (data, length, english, &error);
  g_assert_null (routine);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);

  return error;
}

static void
assert_message_names (GError     *error,
                      const char *group,
                      const char *key)
{
  g_autofree char *expected = NULL;

  if (key != NULL)
    expected = g_strdup_printf ("“%s”, key “%s”:", group, key);
  else
    expected = g_strdup_printf ("“%s”", group);

  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not name %s", error->message, expected);
}

static void
test_junk (void)
{
  const char junk[] = "\x7f" "ELF\x02\x01\x00\x00\x13\x37\n\xff";
  g_autoptr(GError) binary = parse_error (junk, sizeof junk - 1);
  g_autoptr(GError) text = parse_error ("This is a shopping list:\nmilk\nbread\n", -1);
  g_autoptr(GError) half = parse_error ("[Routine\nversion=1\n", -1);

  g_assert_error (binary, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_NOT_A_ROUTINE);
  g_assert_error (text, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_NOT_A_ROUTINE);
  g_assert_error (half, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_NOT_A_ROUTINE);
  g_assert_true (g_str_has_prefix (text->message, "This routine could not be read: "));
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(GError) error = parse_error (HEADER
                                         "[Step 1]\n"
                                         "kind=warmth\n"
                                         "prompt=Warm \xc3\x28 hands\n", -1);

  g_assert_error (error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_NOT_A_ROUTINE);
  /* Where it is, so that the parent can find the accent that went wrong. */
  assert_message_names (error, "Step 1", "prompt");
  g_assert_nonnull (strstr (error->message, "line 7"));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

/* A file saved in Latin-1: every line with an accent is named. */
static void
test_invalid_utf8_each_line (void)
{
  g_autoptr(GError) error = parse_error ("[Routine]\nversion=1\nid=a\n"
                                         "name=Rutina r\xe1pida\n"
                                         "[Step 1]\nkind=warmth\n"
                                         "prompt=Sost\xe9n algo tibio.\n"
                                         "# un comentario con \xf1\n", -1);

  g_assert_error (error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_NOT_A_ROUTINE);
  assert_message_names (error, "Routine", "name");
  assert_message_names (error, "Step 1", "prompt");
  /* A comment has no key, but its group and line are named. */
  g_assert_nonnull (strstr (error->message, "“Step 1”: line 8"));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

/* A line an editor wrapped is named by its number and group, not quoted. */
static void
test_bad_line (void)
{
  g_autoptr(GError) error = parse_error (HEADER
                                         "[Step 1]\nkind=warmth\n"
                                         "prompt=Hold something warm\n"
                                         "against your breasts.\n", -1);

  g_assert_error (error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_NOT_A_ROUTINE);
  assert_message_names (error, "Step 1", NULL);
  g_assert_nonnull (strstr (error->message, "line 8"));
}

static void
test_empty (void)
{
  g_autoptr(GError) error = parse_error ("", 0);

  g_assert_error (error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_MISSING_GROUP);
}

static GString *
many_steps (guint n)
{
  GString *text = g_string_new (HEADER);

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (text, "[Step %u]\nkind=warmth\nduration=1\nprompt=Step %u.\n", i, i);

  return text;
}

static void
test_too_many_steps (void)
{
  g_autoptr(GString) hostile = many_steps (10000);
  g_autoptr(GString) one_too_many = many_steps (LULL_ROUTINE_MAX_STEPS + 1);
  g_autoptr(GString) most = many_steps (LULL_ROUTINE_MAX_STEPS);
  g_autoptr(GError) hostile_error = parse_error (hostile->str, hostile->len);
  g_autoptr(GError) one_too_many_error = parse_error (one_too_many->str, one_too_many->len);
  g_autoptr(LullRoutine) routine = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_error (hostile_error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_TOO_MANY_STEPS);
  g_assert_error (one_too_many_error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_TOO_MANY_STEPS);

  routine = lull_routine_new_from_data (most->str, most->len, english, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lull_routine_get_n_steps (routine), ==, LULL_ROUTINE_MAX_STEPS);
  /* No pump step: all of it prepares. */
  g_assert_cmpuint (lull_routine_get_n_prepare_steps (routine), ==, LULL_ROUTINE_MAX_STEPS);
}

static void
test_missing_groups (void)
{
  g_autoptr(GError) no_routine = parse_error ("[Step 1]\nkind=warmth\nprompt=Warm.\n", -1);
  g_autoptr(GError) no_steps = parse_error (HEADER "[Other]\nkey=value\n", -1);

  g_assert_error (no_routine, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_MISSING_GROUP);
  g_assert_nonnull (strstr (no_routine->message, "“Routine”"));
  g_assert_error (no_steps, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_MISSING_GROUP);
}

static void
test_missing_keys (void)
{
  struct {
    const char *data;
    const char *group;
    const char *key;
  } cases[] = {
    { "[Routine]\nversion=1\nname=A\n" PUMP_STEPS (1), "Routine", "id" },
    { "[Routine]\nversion=1\nid=a\n" PUMP_STEPS (1), "Routine", "name" },
    { "[Routine]\nid=a\nname=A\n" PUMP_STEPS (1), "Routine", "version" },
    { HEADER "[Step 1]\nprompt=Warm.\n", "Step 1", "kind" },
    { HEADER PUMP_STEPS (1) "[Step 2]\nkind=expression\nduration=10\n", "Step 2", "prompt" },
    /* A translation alone is not enough. */
    { HEADER "[Step 1]\nkind=warmth\nprompt[es]=Calor.\n", "Step 1", "prompt" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = parse_error (cases[i].data, -1);

      g_assert_error (error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_MISSING_KEY);
      assert_message_names (error, cases[i].group, cases[i].key);
    }
}

static void
test_bad_values (void)
{
  g_autofree char *long_prompt = NULL;
  g_autofree char *long_spanish = NULL;
  g_autofree char *long_name = NULL;
  g_autoptr(GString) chars = g_string_new (NULL);
  struct {
    char *data;
    const char *group;
    const char *key;
  } cases[] = {
    { g_strdup (HEADER "[Step 1]\nkind=warmth\nduration=-5\nprompt=Warm.\n"), "Step 1", "duration" },
    { g_strdup (HEADER "[Step 1]\nkind=warmth\nduration=7201\nprompt=Warm.\n"), "Step 1", "duration" },
    { g_strdup (HEADER "[Step 1]\nkind=warmth\nduration=99999999999999999999\nprompt=Warm.\n"),
      "Step 1", "duration" },
    { g_strdup (HEADER "[Step 1]\nkind=warmth\nduration=a while\nprompt=Warm.\n"), "Step 1", "duration" },
    { g_strdup (HEADER "[Step 1]\nkind=warmth\nduration=1.5\nprompt=Warm.\n"), "Step 1", "duration" },
    { g_strdup (HEADER "[Step 1]\nkind=yoga\nprompt=Stretch.\n"), "Step 1", "kind" },
    { g_strdup (HEADER "[Step 1]\nkind=breathing\nbreaths-per-minute=2\nprompt=Slow.\n"),
      "Step 1", "breaths-per-minute" },
    { g_strdup (HEADER "[Step 1]\nkind=breathing\nbreaths-per-minute=31\nprompt=Fast.\n"),
      "Step 1", "breaths-per-minute" },
    { g_strdup (HEADER "[Step 1]\nkind=breathing\nbreaths-per-minute=-6\nprompt=Odd.\n"),
      "Step 1", "breaths-per-minute" },
    { g_strdup (HEADER "[Step 1]\nkind=breathing\nbreaths-per-minute=nan\nprompt=Odd.\n"),
      "Step 1", "breaths-per-minute" },
    { g_strdup (HEADER "[Step 1]\nkind=breathing\nbreaths-per-minute=slow\nprompt=Odd.\n"),
      "Step 1", "breaths-per-minute" },
    { g_strdup (HEADER "[Step 1]\nkind=photo-focus\nphotos=maybe\nprompt=Look.\n"), "Step 1", "photos" },
    { g_strdup (HEADER "[Step 1]\nkind=warmth\nprompt=   \n"), "Step 1", "prompt" },
    { g_strdup (HEADER "[Step 1]\nkind=warmth\naudio=\nprompt=Warm.\n"), "Step 1", "audio" },
    { g_strdup ("[Routine]\nversion=1\nid=Desk Quick\nname=A\n" PUMP_STEPS (1)), "Routine", "id" },
    { g_strdup ("[Routine]\nversion=1\nid=../../etc\nname=A\n" PUMP_STEPS (1)), "Routine", "id" },
    { g_strdup ("[Routine]\nversion=1\nid=\nname=A\n" PUMP_STEPS (1)), "Routine", "id" },
    { g_strdup ("[Routine]\nversion=1\n"
                "id=a-very-long-routine-id-that-goes-on-and-on-beyond-sixty-four-chars\n"
                "name=A\n" PUMP_STEPS (1)), "Routine", "id" },
    { g_strdup ("[Routine]\nversion=1\nid=a\nname=\n" PUMP_STEPS (1)), "Routine", "name" },
    { g_strdup (HEADER "pump-minutes=0\n" PUMP_STEPS (1)), "Routine", "pump-minutes" },
    { g_strdup (HEADER "pump-minutes=121\n" PUMP_STEPS (1)), "Routine", "pump-minutes" },
    { g_strdup ("[Routine]\nversion=one\nid=a\nname=A\n" PUMP_STEPS (1)), "Routine", "version" },
  };

  for (guint i = 0; i < LULL_STEP_MAX_PROMPT_CHARS; i++)
    g_string_append (chars, "é");

  /* Characters are counted, not bytes: 280 two-byte characters fit. */
  {
    g_autofree char *fits = g_strdup_printf (HEADER "[Step 1]\nkind=warmth\nprompt=%s\n", chars->str);
    g_autoptr(LullRoutine) routine = NULL;
    g_autoptr(GError) error = NULL;

    routine = lull_routine_new_from_data (fits, -1, english, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_utf8_strlen (lull_step_get_prompt (lull_routine_get_step (routine, 0)), -1),
                      ==, LULL_STEP_MAX_PROMPT_CHARS);
  }

  long_prompt = g_strdup_printf (HEADER "[Step 1]\nkind=warmth\nprompt=%sé\n", chars->str);
  long_spanish = g_strdup_printf (HEADER "[Step 1]\nkind=warmth\nprompt=Warm.\nprompt[es]=%sé\n",
                                  chars->str);
  g_string_truncate (chars, 0);
  for (guint i = 0; i < 81; i++)
    g_string_append_c (chars, 'n');
  long_name = g_strdup_printf ("[Routine]\nversion=1\nid=a\nname=%s\n" PUMP_STEPS (1), chars->str);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = parse_error (cases[i].data, -1);

      g_assert_error (error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_BAD_VALUE);
      assert_message_names (error, cases[i].group, cases[i].key);
      g_free (cases[i].data);
    }

  {
    g_autoptr(GError) prompt_error = parse_error (long_prompt, -1);
    g_autoptr(GError) spanish_error = parse_error (long_spanish, -1);
    g_autoptr(GError) name_error = parse_error (long_name, -1);

    g_assert_error (prompt_error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_BAD_VALUE);
    assert_message_names (prompt_error, "Step 1", "prompt");
    /* Refused even when the parent reads English. */
    g_assert_error (spanish_error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_BAD_VALUE);
    assert_message_names (spanish_error, "Step 1", "prompt[es]");
    g_assert_error (name_error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_BAD_VALUE);
    assert_message_names (name_error, "Routine", "name");
  }
}

static void
test_step_numbering (void)
{
  g_autoptr(GError) gap = parse_error (HEADER
                                       "[Step 1]\nkind=warmth\nprompt=Warm.\n"
                                       "[Step 3]\nkind=rest\nprompt=Rest.\n", -1);
  g_autoptr(GError) order = parse_error (HEADER
                                         "[Step 2]\nkind=warmth\nprompt=Warm.\n"
                                         "[Step 1]\nkind=rest\nprompt=Rest.\n", -1);
  g_autoptr(GError) zero = parse_error (HEADER "[Step 01]\nkind=warmth\nprompt=Warm.\n", -1);
  g_autoptr(GError) word = parse_error (HEADER "[Step one]\nkind=warmth\nprompt=Warm.\n", -1);

  g_assert_error (gap, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_BAD_VALUE);
  assert_message_names (gap, "Step 3", NULL);
  g_assert_nonnull (strstr (gap->message, "“Step 2”"));
  g_assert_error (order, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_BAD_VALUE);
  g_assert_error (zero, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_BAD_VALUE);
  g_assert_error (word, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_BAD_VALUE);
}

/* Every bad duration is named in the one message, not only the first. */
static void
test_several_problems (void)
{
  g_autoptr(GError) error = parse_error (HEADER
                                         "[Step 1]\nkind=warmth\nduration=-5\nprompt=Warm.\n"
                                         "[Step 2]\nkind=massage\nduration=60\nprompt=Rub.\n"
                                         "[Step 3]\nkind=rest\nduration=a while\nprompt=Rest.\n"
                                         "[Step 4]\nkind=stimulation\nduration=7201\n"
                                         "prompt=Pump.\n", -1);
  g_autoptr(GError) mixed = parse_error ("[Routine]\nversion=1\nid=Not An Id\nname=A\n"
                                         "pump-minutes=500\n"
                                         "[Step 1]\nduration=1.5\nprompt=Warm.\n"
                                         "audio=/etc/shadow\n", -1);
  /* The routine's own track is an id too, never an address. */
  g_autoptr(GError) address = parse_error ("[Routine]\nversion=1\nid=a\nname=A\n"
                                           "audio=https://example.com/a.ogg\n"
                                           "[Step 1]\nkind=expression\nprompt=Pump.\n", -1);
  g_autoptr(GString) many = g_string_new (HEADER);
  g_autoptr(GError) many_error = NULL;

  g_assert_error (error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_BAD_VALUE);
  assert_message_names (error, "Step 1", "duration");
  assert_message_names (error, "Step 3", "duration");
  assert_message_names (error, "Step 4", "duration");
  g_assert_null (strstr (error->message, "“Step 2”"));

  /* The code is the first problem's; each problem is named. */
  g_assert_error (mixed, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_BAD_VALUE);
  assert_message_names (mixed, "Routine", "id");
  assert_message_names (mixed, "Routine", "pump-minutes");
  assert_message_names (mixed, "Step 1", "kind");
  assert_message_names (mixed, "Step 1", "duration");
  assert_message_names (mixed, "Step 1", "audio");
  assert_message_names (address, "Routine", "audio");

  /* A hundred bad steps: the first few are spelled out, the rest counted. */
  for (guint i = 1; i <= LULL_ROUTINE_MAX_STEPS; i++)
    g_string_append_printf (many, "[Step %u]\nkind=warmth\nduration=-%u\nprompt=W.\n", i, i);
  many_error = parse_error (many->str, many->len);
  assert_message_names (many_error, "Step 5", "duration");
  g_assert_null (strstr (many_error->message, "“Step 6”"));
  g_assert_nonnull (strstr (many_error->message, "95 more problems"));
}

/* A photo-focus step names its photo by id in the photo set, never by
 * path or address. */
static void
test_step_photo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LullRoutine) routine =
    lull_routine_new_from_data (HEADER "[Step 1]\nkind=photo-focus\nphoto=first bath.jpg\n"
                                "prompt=Look.\n[Step 2]\nkind=photo-focus\nprompt=Look.\n",
                                -1, english, &error);
  const char *refused[] = { "/home/a/b.jpg", "../b.jpg", "file:b.jpg", "", ".hidden.jpg" };

  g_assert_no_error (error);
  g_assert_cmpstr (lull_step_get_photo (lull_routine_get_step (routine, 0)), ==, "first bath.jpg");
  g_assert_null (lull_step_get_photo (lull_routine_get_step (routine, 1)));

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *data = g_strdup_printf (HEADER "[Step 1]\nkind=photo-focus\nphoto=%s\n"
                                               "prompt=Look.\n", refused[i]);
      g_autoptr(GError) problem = parse_error (data, -1);

      g_assert_error (problem, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_BAD_VALUE);
      assert_message_names (problem, "Step 1", "photo");
    }
}

/* A backslash GKeyFile cannot read is named; a bad escape and a backslash
 * at the end of one value make GLib 2.74 warn, which is fatal here, unless
 * the value is refused before GKeyFile reads it. */
static void
test_bad_escapes (void)
{
  g_autoptr(GError) error = parse_error ("[Routine]\nversion=1\nid=a\\q\\\nname=A\n"
                                         "[Step 1]\nkind=warmth\\\n"
                                         "prompt=Warm \\q hands.\\\n"
                                         "prompt[es]=Calor\\\n"
                                         "audio=song\\q\\\n", -1);

  g_assert_error (error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_BAD_VALUE);
  assert_message_names (error, "Routine", "id");
  assert_message_names (error, "Step 1", "kind");
  assert_message_names (error, "Step 1", "prompt");
  assert_message_names (error, "Step 1", "prompt[es]");
  assert_message_names (error, "Step 1", "audio");
  g_assert_nonnull (strstr (error->message, "backslash"));
}

/* A message quotes at most a few words of what the file says: a key, a
 * group or a value a megabyte long gives a message of a line. */
static void
test_long_values_named (void)
{
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autofree char *long_kind = NULL;
  g_autofree char *long_group = NULL;
  g_autofree char *long_version = NULL;
  g_autofree char *long_audio = NULL;
  g_autofree char *long_line = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (long_text, 'x');

  long_kind = g_strdup_printf (HEADER "[Step 1]\nkind=%s\nprompt=Warm.\n", long_text->str);
  long_group = g_strdup_printf (HEADER PUMP_STEPS (1) "[Step 2%s]\nkind=rest\nprompt=Rest.\n",
                                long_text->str);
  long_version = g_strdup_printf ("[Routine]\nversion=1%s\nid=a\nname=A\n" PUMP_STEPS (1),
                                  long_text->str);
  long_audio = g_strdup_printf (HEADER "[Step 1]\nkind=warmth\naudio=%s.ogg\nprompt=W.\n",
                                long_text->str);
  long_line = g_strdup_printf (HEADER "[Step 1]\nkind=warmth\nprompt=W.\n%s\n", long_text->str);

  {
    g_autoptr(GError) kind = parse_error (long_kind, -1);
    g_autoptr(GError) group = parse_error (long_group, -1);
    g_autoptr(GError) version = parse_error (long_version, -1);
    g_autoptr(GError) audio = parse_error (long_audio, -1);
    g_autoptr(GError) line = parse_error (long_line, -1);
    GError *errors[] = { kind, group, version, audio, line };

    assert_message_names (kind, "Step 1", "kind");
    g_assert_nonnull (strstr (group->message, "“Step 2xxxxx"));
    assert_message_names (version, "Routine", "version");
    assert_message_names (audio, "Step 1", "audio");
    g_assert_nonnull (strstr (audio->message, "255 bytes"));
    assert_message_names (line, "Step 1", NULL);

    for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
      g_assert_cmpuint (strlen (errors[i]->message), <, 500);
  }
}

static void
test_unsupported_version (void)
{
  g_autoptr(GError) two = parse_error ("[Routine]\nversion=2\nid=a\nname=A\n"
                                       "[Step 1]\nkind=teleport\n", -1);
  g_autoptr(GError) zero = parse_error ("[Routine]\nversion=0\nid=a\nname=A\n" PUMP_STEPS (1), -1);

  /* The version is looked at before anything else it might have changed. */
  g_assert_error (two, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_UNSUPPORTED_VERSION);
  assert_message_names (two, "Routine", "version");
  g_assert_error (zero, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_UNSUPPORTED_VERSION);
}

static void
test_unknown_keys_ignored (void)
{
  g_autoptr(LullRoutine) routine = NULL;
  g_autoptr(GError) error = NULL;
  LullStep *step;

  routine = lull_routine_new_from_data ("# made by hand\n"
                                        "[Routine]\n"
                                        "version=1\n"
                                        "id=mine\n"
                                        "name=Mine\n"
                                        "colour=teal\n"
                                        "author[es]=Ana\n"
                                        "\n"
                                        "[Step 1]\n"
                                        "kind=warmth\n"
                                        "duration=until-next\n"
                                        "prompt=Warm.\n"
                                        "vibrate=yes\n"
                                        "\n"
                                        "[Extras]\n"
                                        "anything=at all\n"
                                        "\n"
                                        "[Step 2]\n"
                                        "kind=stimulation\n"
                                        "duration= 90 \n"
                                        "prompt=Start the pump.\n"
                                        "photos=true\n"
                                        "breaths-per-minute=5.5\n"
                                        "audio=builtin:meadow\n",
                                        -1, english, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (lull_routine_get_id (routine), ==, "mine");
  g_assert_cmpstr (lull_routine_get_description (routine), ==, "");
  g_assert_null (lull_routine_get_audio (routine));
  g_assert_cmpuint (lull_routine_get_pump_seconds (routine), ==, LULL_ROUTINE_DEFAULT_PUMP_SECONDS);
  g_assert_cmpuint (lull_routine_get_n_steps (routine), ==, 2);
  g_assert_cmpuint (lull_routine_get_n_prepare_steps (routine), ==, 1);

  step = lull_routine_get_step (routine, 0);
  g_assert_cmpuint (lull_step_get_duration_seconds (step), ==, 0);
  g_assert_null (lull_step_get_audio (step));
  g_assert_false (lull_step_get_show_photos (step));
  g_assert_cmpfloat (lull_step_get_breaths_per_minute (step), ==, 0.0);

  step = lull_routine_get_step (routine, 1);
  g_assert_cmpint (lull_step_get_kind (step), ==, LULL_STEP_KIND_STIMULATION);
  g_assert_cmpuint (lull_step_get_duration_seconds (step), ==, 90);
  g_assert_cmpstr (lull_step_get_audio (step), ==, "builtin:meadow");
  g_assert_true (lull_step_get_show_photos (step));
  g_assert_cmpfloat (lull_step_get_breaths_per_minute (step), ==, 5.5);

  g_assert_finalize_object (g_steal_pointer (&routine));
}

/* A routine saved by a Windows editor. */
static void
test_crlf_line_endings (void)
{
  g_autoptr(LullRoutine) routine = NULL;
  g_autoptr(GError) error = NULL;
  LullStep *step;

  routine = lull_routine_new_from_data ("[Routine]\r\nversion=1\r\nid=windows\r\n"
                                        "name=From Windows\r\nname[es]=Desde Windows\r\n"
                                        "[Step 1]\r\nkind=warmth\r\nduration=until-next\r\n"
                                        "photos=true\r\nprompt=Warm.\r\n",
                                        -1, spanish, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lull_routine_get_id (routine), ==, "windows");
  g_assert_cmpstr (lull_routine_get_name (routine), ==, "Desde Windows");

  step = lull_routine_get_step (routine, 0);
  g_assert_cmpuint (lull_step_get_duration_seconds (step), ==, 0);
  g_assert_true (lull_step_get_show_photos (step));
  g_assert_cmpstr (lull_step_get_prompt (step), ==, "Warm.");
}

static void
test_limits_accepted (void)
{
  g_autoptr(LullRoutine) routine = NULL;
  g_autoptr(GError) error = NULL;

  routine = lull_routine_new_from_data (HEADER
                                        "pump-minutes=120\n"
                                        "[Step 1]\nkind=breathing\nduration=7200\n"
                                        "breaths-per-minute=3\nprompt=Slow.\n"
                                        "[Step 2]\nkind=breathing\nduration=0\n"
                                        "breaths-per-minute=30\nprompt=Quick.\n",
                                        -1, english, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lull_routine_get_pump_seconds (routine), ==, 120 * 60);
  g_assert_cmpuint (lull_step_get_duration_seconds (lull_routine_get_step (routine, 0)), ==,
                    LULL_ROUTINE_MAX_STEP_SECONDS);
}

static void
test_cues (void)
{
  g_autoptr(LullRoutine) routine = NULL;
  g_autoptr(LullRoutine) bare = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) cues = NULL;
  g_auto(GStrv) no_cues = NULL;
  const char * const expected[] = {
    "audio", "photos", "warmth", "massage", "breathing", "imagery", "drink", NULL
  };

  /* Every cue, listed out of order, one of them only through a pace. */
  routine = lull_routine_new_from_data (HEADER
                                        "[Step 1]\nkind=drink\nprompt=Drink.\n"
                                        "[Step 2]\nkind=imagery\nprompt=Imagine.\n"
                                        "[Step 3]\nkind=rest\nbreaths-per-minute=6\nprompt=Rest.\n"
                                        "[Step 4]\nkind=custom\nphotos=true\nprompt=Look.\n"
                                        "[Step 5]\nkind=warmth\nprompt=Warm.\n"
                                        "[Step 6]\nkind=stimulation\nprompt=Pump.\n"
                                        "[Step 7]\nkind=compression\naudio=lullaby.ogg\nprompt=Press.\n",
                                        -1, english, &error);
  g_assert_no_error (error);
  cues = lull_routine_dup_cues (routine);
  g_assert_true (g_strv_equal ((const char * const *)cues, expected));
  g_assert_cmpuint (lull_routine_get_n_prepare_steps (routine), ==, 5);

  bare = lull_routine_new_from_data (HEADER "[Step 1]\nkind=expression\nprompt=Pump.\n",
                                     -1, english, &error);
  g_assert_no_error (error);
  no_cues = lull_routine_dup_cues (bare);
  g_assert_cmpuint (g_strv_length (no_cues), ==, 0);
  /* Expression counts as a pump step as much as stimulation does. */
  g_assert_cmpuint (lull_routine_get_n_prepare_steps (bare), ==, 0);

  /* The order is the history's, the one lull_routine_get_cue_words() gives. */
  g_assert_true (g_strv_equal (lull_routine_get_cue_words (), expected));
}

static void
test_step_cues (void)
{
  g_autoptr(LullRoutine) routine = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) all = NULL;
  g_auto(GStrv) every = NULL;
  g_auto(GStrv) some = NULL;
  g_auto(GStrv) short_mask = NULL;
  g_auto(GStrv) none = NULL;
  const gboolean everything[] = { TRUE, TRUE, TRUE, TRUE, TRUE };
  const gboolean chosen[] = { FALSE, TRUE, FALSE, TRUE, TRUE };
  const gboolean nothing[] = { FALSE, FALSE, FALSE, FALSE, FALSE };
  const char * const expected_some[] = { "audio", "massage", "imagery", NULL };
  const char * const expected_short[] = { "drink", NULL };

  routine = lull_routine_new_from_data (HEADER
                                        "[Step 1]\nkind=drink\nprompt=Drink.\n"
                                        "[Step 2]\nkind=imagery\nprompt=Imagine.\n"
                                        "[Step 3]\nkind=warmth\nphotos=true\nprompt=Warm.\n"
                                        "[Step 4]\nkind=stimulation\nprompt=Pump.\n"
                                        "[Step 5]\nkind=compression\naudio=lullaby.ogg\nprompt=Press.\n",
                                        -1, english, &error);
  g_assert_no_error (error);

  /* All the steps, by mask or by NULL, are the routine's cues. */
  all = lull_routine_dup_cues (routine);
  every = lull_routine_dup_step_cues (routine, everything, G_N_ELEMENTS (everything));
  g_assert_true (g_strv_equal ((const char * const *)every, (const char * const *)all));
  g_clear_pointer (&every, g_strfreev);
  every = lull_routine_dup_step_cues (routine, NULL, 0);
  g_assert_true (g_strv_equal ((const char * const *)every, (const char * const *)all));

  /* Only the chosen steps, still in the history's order. */
  some = lull_routine_dup_step_cues (routine, chosen, G_N_ELEMENTS (chosen));
  g_assert_true (g_strv_equal ((const char * const *)some, expected_some));

  /* Steps past the mask are left out. */
  short_mask = lull_routine_dup_step_cues (routine, everything, 1);
  g_assert_true (g_strv_equal ((const char * const *)short_mask, expected_short));

  none = lull_routine_dup_step_cues (routine, nothing, G_N_ELEMENTS (nothing));
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

static void
test_track_ids (void)
{
  g_autofree char *longest = g_strnfill (LULL_TRACK_ID_MAX_BYTES - 4, 'a');
  g_autofree char *longest_file = g_strconcat (longest, ".ogg", NULL);
  g_autofree char *too_long_file = g_strconcat (longest, "a.ogg", NULL);
  g_autofree char *longest_name = g_strnfill (LULL_TRACK_ID_MAX_BUILTIN_NAME, 'b');
  g_autofree char *longest_builtin = g_strconcat ("builtin:", longest_name, NULL);
  g_autofree char *too_long_builtin = g_strconcat ("builtin:", longest_name, "b", NULL);
  const char *valid[] = {
    "builtin:meadow", "builtin:rain-2", "builtin:0", longest_builtin,
    "lullaby.ogg", "Canción de cuna.opus", "my song (live).mp3", "track 1: intro.ogg",
    "a", "x.y.z", "-dash.ogg", longest_file,
  };
  const char *invalid[] = {
    "", "builtin:", "builtin:Meadow", "builtin:meadow.ogg", "builtin:../meadow",
    "builtin:rain/2", too_long_builtin, "Builtin:meadow",
    "/etc/shadow", "../../../../etc/passwd", "/dev/zero", "file:///dev/urandom",
    "file:song.ogg", "https://example.com/song.ogg", "data:audio/ogg;base64,AA", "C:song.ogg",
    "mine:1", "a+b.c-d:song",
    "audio/song.ogg", "song\\..\\..\\x.ogg", "C:\\song.ogg", "back\\slash.ogg",
    "..", ".", ".hidden.ogg", "...ogg", "song..ogg",
    "new\nline.ogg", "tab\t.ogg", "nul\x7f.ogg", "c1\xc2\x85.ogg",
    "latin\xe9.ogg", too_long_file,
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      if (!lull_track_id_is_valid (valid[i]))
        g_error ("“%s” should be a track id", valid[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      if (lull_track_id_is_valid (invalid[i]))
        g_error ("“%s” should not be a track id", invalid[i]);
    }

  g_assert_false (lull_track_id_is_valid (NULL));
  g_assert_cmpuint (strlen (longest_file), ==, LULL_TRACK_ID_MAX_BYTES);
}

/* A routine names a track, never a file elsewhere: such a routine does not
 * load, so the path never reaches the player or the history. */
static void
test_audio_paths_refused (void)
{
  const char *values[] = {
    "/etc/shadow", "../../../../etc/passwd", "/dev/zero", "file:///dev/urandom",
    "builtin:../meadow", ".hidden.ogg", "C:\\song.ogg", "https://example.com/a.ogg",
    "line\\nbreak.ogg",
  };
  g_autofree char *tmp = lull_test_make_tmp_dir ("lull-routine-XXXXXX");
  g_autofree char *evening = g_build_filename (tmp, "evening.lullroutine", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *data = g_strdup_printf (HEADER
                                               "[Step 1]\nkind=warmth\nprompt=Warm.\n"
                                               "[Step 2]\nkind=imagery\naudio=%s\n"
                                               "prompt=Listen.\n",
                                               values[i]);
      g_autoptr(GError) error = parse_error (data, -1);
      g_autoptr(GError) file_error = NULL;
      g_autoptr(LullRoutine) routine = NULL;

      g_assert_error (error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_BAD_VALUE);
      assert_message_names (error, "Step 2", "audio");

      g_assert_true (g_file_set_contents (evening, data, -1, NULL));
      routine = lull_routine_new_from_file (evening, english, &file_error);
      g_assert_null (routine);
      g_assert_error (file_error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_BAD_VALUE);
      g_assert_true (g_str_has_prefix (file_error->message,
                                       "The routine “evening.lullroutine” could not be read: "
                                       "“Step 2”, key “audio”:"));
    }

  lull_test_remove_tree (tmp);
}

/* The value a routine gives is what the session records: the same text,
 * without the spaces around it. */
static void
test_audio_file_names (void)
{
  g_autoptr(LullRoutine) routine = NULL;
  g_autoptr(GError) error = NULL;

  routine = lull_routine_new_from_data (HEADER
                                        "[Step 1]\nkind=imagery\naudio=  Nana (para ti).ogg \n"
                                        "prompt=Listen.\n"
                                        "[Step 2]\nkind=stimulation\naudio=builtin:meadow\n"
                                        "prompt=Pump.\n",
                                        -1, english, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lull_step_get_audio (lull_routine_get_step (routine, 0)), ==,
                   "Nana (para ti).ogg");
  g_assert_cmpstr (lull_step_get_audio (lull_routine_get_step (routine, 1)), ==,
                   "builtin:meadow");
}

/* Opening a FIFO for reading blocks until something writes to it: without
 * the regular-file rule this test would hang, so an alarm ends it. */
static void
test_not_regular_files (void)
{
  g_autofree char *tmp = lull_test_make_tmp_dir ("lull-routine-XXXXXX");
  g_autofree char *fifo = g_build_filename (tmp, "x.lullroutine", NULL);
  g_autofree char *folder = g_build_filename (tmp, "folder.lullroutine", NULL);
  g_autofree char *loop_a = g_build_filename (tmp, "loop-a.lullroutine", NULL);
  g_autofree char *loop_b = g_build_filename (tmp, "loop-b.lullroutine", NULL);
  g_autofree char *link = g_build_filename (tmp, "link.lullroutine", NULL);
  struct {
    const char *path;
    const char *name;
    const char *words;
  } cases[] = {
    { fifo, "“x.lullroutine”", "not a regular file" },
    { folder, "“folder.lullroutine”", "not a regular file" },
    { link, "“link.lullroutine”", "not a regular file" },
    { loop_a, "“loop-a.lullroutine”", "too many links" },
    { "/dev/zero", "“zero”", "not a regular file" },
  };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (symlink (fifo, link), ==, 0);
  g_assert_cmpint (symlink (loop_b, loop_a), ==, 0);
  g_assert_cmpint (symlink (loop_a, loop_b), ==, 0);

  alarm (20);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LullRoutine) routine = NULL;
      g_autoptr(GError) error = NULL;

      routine = lull_routine_new_from_file (cases[i].path, english, &error);
      g_assert_null (routine);
      g_assert_error (error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_NOT_A_ROUTINE);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].name));
      g_assert_nonnull (strstr (error->message, cases[i].words));
    }
  alarm (0);

  lull_test_remove_tree (tmp);
}

/* The routine fuzzer's seeds and the built-in routines: each either loads
 * within every limit or gives one short error, never both. Seeds named
 * `good-*` must load and `bad-*` must not. */
static void
check_corpus_file (const char *path,
                   const char *name)
{
  g_autofree char *contents = NULL;
  g_autoptr(LullRoutine) routine = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  routine = lull_routine_new_from_data (contents, length, spanish, &error);
  g_assert_true ((routine == NULL) != (error == NULL));

  if (routine != NULL)
    {
      if (g_str_has_prefix (name, "bad-"))
        g_error ("%s should not load", name);

      for (guint i = 0; i < lull_routine_get_n_steps (routine); i++)
        {
          const char *audio = lull_step_get_audio (lull_routine_get_step (routine, i));

          g_assert_true (audio == NULL || lull_track_id_is_valid (audio));
        }
    }
  else
    {
      g_test_message ("%s: %s", name, error->message);
      if (g_str_has_prefix (name, "good-"))
        g_error ("%s should load: %s", name, error->message);
      g_assert_true (error->domain == LULL_ROUTINE_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpuint (strlen (error->message), <, 2000);
    }
}

static void
test_fuzz_corpus (void)
{
  const char *folders[][3] = {
    { "fuzz", "corpus", "routine" },
    { "..", "data", "routines" },
  };
  guint n_files = 0;

  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *folder = g_test_build_filename (G_TEST_DIST, folders[i][0], folders[i][1],
                                                       folders[i][2], NULL);
      g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (folder, name, NULL);

          if (g_str_equal (name, "README.md"))
            continue;

          check_corpus_file (path, name);
          n_files++;
        }
    }

  g_assert_cmpuint (n_files, >=, 8);
}

static void
test_file_errors (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("lull-routine-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (tmp, "evening.lullroutine", NULL);
  g_autofree char *huge = g_build_filename (tmp, "huge.lullroutine", NULL);
  g_autofree char *missing = g_build_filename (tmp, "missing.lullroutine", NULL);
  g_autofree char *filler = g_malloc (2 * 1024 * 1024);
  g_autoptr(LullRoutine) routine = NULL;
  g_autoptr(GError) bad_error = NULL;
  g_autoptr(GError) huge_error = NULL;
  g_autoptr(GError) missing_error = NULL;

  g_assert_true (g_file_set_contents (bad, HEADER "[Step 1]\nkind=warmth\nduration=-1\nprompt=W.\n",
                                      -1, NULL));
  routine = lull_routine_new_from_file (bad, NULL, &bad_error);
  g_assert_null (routine);
  g_assert_error (bad_error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_BAD_VALUE);
  g_assert_true (g_str_has_prefix (bad_error->message,
                                   "The routine “evening.lullroutine” could not be read: "
                                   "“Step 1”, key “duration”:"));

  memset (filler, '#', 2 * 1024 * 1024);
  g_assert_true (g_file_set_contents (huge, filler, 2 * 1024 * 1024, NULL));
  routine = lull_routine_new_from_file (huge, NULL, &huge_error);
  g_assert_null (routine);
  g_assert_error (huge_error, LULL_ROUTINE_ERROR, LULL_ROUTINE_ERROR_NOT_A_ROUTINE);
  g_assert_nonnull (strstr (huge_error->message, "“huge.lullroutine”"));
  g_assert_nonnull (strstr (huge_error->message, "too large"));

  routine = lull_routine_new_from_file (missing, NULL, &missing_error);
  g_assert_null (routine);
  g_assert_error (missing_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (missing_error->message, "missing.lullroutine"));

  g_unlink (bad);
  g_unlink (huge);
  g_rmdir (tmp);
}

static void
test_step_kinds (void)
{
  const char *words[] = {
    "warmth", "massage", "back-rub", "breathing", "imagery", "drink",
    "photo-focus", "stimulation", "expression", "compression", "rest", "custom"
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      LullStepKind kind;

      g_assert_true (lull_step_kind_from_string (words[i], &kind));
      g_assert_cmpint (kind, ==, (LullStepKind)i);
      g_assert_cmpstr (lull_step_kind_to_string (kind), ==, words[i]);
    }

  g_assert_false (lull_step_kind_from_string ("Warmth", NULL));
  g_assert_false (lull_step_kind_from_string ("", NULL));
}

static void
test_step_object (void)
{
  g_autoptr(LullStep) step = lull_step_new (LULL_STEP_KIND_BREATHING, 60, "Breathe.");
  guint kind;

  lull_step_set_breaths_per_minute (step, 6.0);
  lull_step_set_audio (step, "builtin:meadow");
  lull_step_set_show_photos (step, TRUE);

  g_object_get (step, "kind", &kind, NULL);
  g_assert_cmpuint (kind, ==, LULL_STEP_KIND_BREATHING);
  g_assert_cmpfloat (lull_step_get_breaths_per_minute (step), ==, 6.0);
  g_assert_cmpstr (lull_step_get_audio (step), ==, "builtin:meadow");
  g_assert_true (lull_step_get_show_photos (step));

  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*breaths_per_minute_is_valid*");
  lull_step_set_breaths_per_minute (step, 100.0);
  g_test_assert_expected_messages ();
  g_assert_cmpfloat (lull_step_get_breaths_per_minute (step), ==, 6.0);

  /* A path never gets in, even from code. */
  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*lull_track_id_is_valid*");
  lull_step_set_audio (step, "/etc/shadow");
  g_test_assert_expected_messages ();
  g_assert_cmpstr (lull_step_get_audio (step), ==, "builtin:meadow");

  lull_step_set_audio (step, NULL);
  g_assert_null (lull_step_get_audio (step));

  g_assert_finalize_object (g_steal_pointer (&step));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/routine/step-photo", test_step_photo);
  g_test_add_func ("/routine/builtin/desk-quick", test_builtin_desk_quick);
  g_test_add_func ("/routine/builtin/full-relaxation", test_builtin_full_relaxation);
  g_test_add_func ("/routine/builtin/nicu-bedside", test_builtin_nicu_bedside);
  g_test_add_func ("/routine/builtin/hands-on", test_builtin_hands_on);
  g_test_add_func ("/routine/builtin/spanish", test_builtin_spanish);
  g_test_add_func ("/routine/builtin/from-data", test_builtin_data_matches_file);
  g_test_add_func ("/routine/languages", test_languages);
  g_test_add_func ("/routine/hostile/junk", test_junk);
  g_test_add_func ("/routine/hostile/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/routine/hostile/invalid-utf8-each-line", test_invalid_utf8_each_line);
  g_test_add_func ("/routine/hostile/bad-line", test_bad_line);
  g_test_add_func ("/routine/hostile/empty", test_empty);
  g_test_add_func ("/routine/hostile/too-many-steps", test_too_many_steps);
  g_test_add_func ("/routine/hostile/missing-groups", test_missing_groups);
  g_test_add_func ("/routine/hostile/missing-keys", test_missing_keys);
  g_test_add_func ("/routine/hostile/bad-values", test_bad_values);
  g_test_add_func ("/routine/hostile/step-numbering", test_step_numbering);
  g_test_add_func ("/routine/hostile/several-problems", test_several_problems);
  g_test_add_func ("/routine/hostile/long-values-named", test_long_values_named);
  g_test_add_func ("/routine/hostile/bad-escapes", test_bad_escapes);
  g_test_add_func ("/routine/hostile/unsupported-version", test_unsupported_version);
  g_test_add_func ("/routine/hostile/audio-paths", test_audio_paths_refused);
  g_test_add_func ("/routine/hostile/not-regular-files", test_not_regular_files);
  g_test_add_func ("/routine/hostile/fuzz-corpus", test_fuzz_corpus);
  g_test_add_func ("/routine/audio-file-names", test_audio_file_names);
  g_test_add_func ("/routine/track-ids", test_track_ids);
  g_test_add_func ("/routine/unknown-keys-ignored", test_unknown_keys_ignored);
  g_test_add_func ("/routine/limits-accepted", test_limits_accepted);
  g_test_add_func ("/routine/crlf-line-endings", test_crlf_line_endings);
  g_test_add_func ("/routine/cues", test_cues);
  g_test_add_func ("/routine/step-cues", test_step_cues);
  g_test_add_func ("/routine/file-errors", test_file_errors);
  g_test_add_func ("/step/kinds", test_step_kinds);
  g_test_add_func ("/step/object", test_step_object);

  return g_test_run ();
}
