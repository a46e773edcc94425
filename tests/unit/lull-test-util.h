/* lull-test-util.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "lull-data-root.h"
#include "lull-record.h"

G_BEGIN_DECLS

/* A data root in a scratch folder of its own. */
typedef struct
{
  char         *tmp;         /* the scratch folder */
  char         *path;        /* tmp/lull, the data root; not made yet */
  char         *quarantine;  /* path/quarantine */
  LullDataRoot *root;
} LullTestDataRoot;

void   lull_test_data_root_init   (LullTestDataRoot *data,
                                   const char       *tmpl);
void   lull_test_data_root_clear  (LullTestDataRoot *data);

char  *lull_test_make_tmp_dir     (const char *tmpl);
void   lull_test_remove_tree      (const char *path);
char  *lull_test_builtin_routine_path (const char *id);
char  *lull_test_read_file        (const char *path);
void   lull_test_write_file       (const char *path,
                                   const char *contents,
                                   gssize      length);
char  *lull_test_list_folder      (const char *path);
void   lull_test_assert_listing   (const char *folder,
                                   const char *expected);
guint  lull_test_mode_of          (const char *path);
guint  lull_test_count_files      (const char *folder);
GKeyFile *lull_test_load_keyfile  (const char *path);
void   lull_test_assert_key_value (GKeyFile   *keyfile,
                                   const char *group,
                                   const char *key,
                                   const char *expected);
char  *lull_test_record_to_text   (LullRecord *record);
void   lull_test_count_notify     (GObject    *object,
                                   GParamSpec *pspec,
                                   guint      *count);

G_END_DECLS
