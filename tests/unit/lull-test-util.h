/* lull-test-util.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "lull-record.h"

G_BEGIN_DECLS

char  *lull_test_make_tmp_dir     (const char *tmpl);
void   lull_test_remove_tree      (const char *path);
guint  lull_test_mode_of          (const char *path);
void   lull_test_assert_key_value (GKeyFile   *keyfile,
                                   const char *group,
                                   const char *key,
                                   const char *expected);
char  *lull_test_record_to_text   (LullRecord *record);
void   lull_test_count_notify     (GObject    *object,
                                   GParamSpec *pspec,
                                   guint      *count);

G_END_DECLS
