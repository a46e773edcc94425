/* lull-checkpoint.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "lull-data-root.h"

G_BEGIN_DECLS

#define LULL_CHECKPOINT_ERROR (lull_checkpoint_error_quark ())

typedef enum
{
  LULL_CHECKPOINT_ERROR_DAMAGED,
  LULL_CHECKPOINT_ERROR_WRITE,
} LullCheckpointError;

GQuark    lull_checkpoint_error_quark (void);

/* `checkpoint.ini` in the data root: the session in progress. */

/* Atomic, 0600. */
gboolean  lull_checkpoint_save        (LullDataRoot  *data_root,
                                       GKeyFile      *keyfile,
                                       GError       **error);
/* NULL without an error when there is no checkpoint. A damaged checkpoint
 * is moved to quarantine/ and reported as LULL_CHECKPOINT_ERROR_DAMAGED
 * with a sentence for the parent; a FIFO, a device or a loop of links in
 * its place is reported the same way, by name, but never opened or moved. */
GKeyFile *lull_checkpoint_load        (LullDataRoot  *data_root,
                                       GError       **error);
gboolean  lull_checkpoint_remove      (LullDataRoot  *data_root,
                                       GError       **error);
gboolean  lull_checkpoint_set_aside   (LullDataRoot  *data_root,
                                       GError       **error);

G_END_DECLS
