/* lull-details-dialog.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A message dialog over @parent with @heading, @body and a list that
 * scrolls: @pairs holds a title then a subtitle (which may be empty) for
 * each row, as plain text. */
void lull_details_dialog_present (GtkWindow          *parent,
                                  const char         *heading,
                                  const char         *body,
                                  const char * const *pairs);

G_END_DECLS
