/* lull-ui-test.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What the in-process window tests share: running the main loop, and
 * finding widgets, windows and shortcuts the way a person would. */

int        lull_test_run_in_application      (GApplication *application,
                                              int           argc,
                                              char        **argv);
void       lull_test_iterate                 (void);
void       lull_test_wait_for                (gboolean   (*done) (gpointer data),
                                              gpointer     data,
                                              guint        seconds);
void       lull_test_collect_widgets         (GtkWidget   *root,
                                              GType        type,
                                              GPtrArray   *found);
GtkWindow *lull_test_find_toplevel           (GType        type);
void       lull_test_present                 (GtkWindow   *window);
GtkWidget *lull_test_find_widget             (GtkWidget   *root,
                                              GType        type,
                                              gboolean   (*match) (GtkWidget     *widget,
                                                                   gconstpointer  data),
                                              gconstpointer data);
GtkWidget *lull_test_find_button_with_action (GtkWidget   *root,
                                              const char  *action_name);
gboolean   lull_test_has_shortcut            (GtkWidget   *widget,
                                              const char  *trigger,
                                              const char  *action_name);
GtkWidget *lull_test_find_only               (GtkWidget   *root,
                                              GType        type);
GtkWidget *lull_test_find_toast              (GtkWidget   *root,
                                              const char  *title);
void       lull_test_remove_tree             (const char  *path);

G_END_DECLS
