/* lull-toast.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lull-toast.h"

/* libadwaita 1.2 reads a toast's title as markup, and a message may quote
 * a file name such as “Mum & baby.ogg”: every toast's text goes through
 * here to be escaped. */

/**
 * lull_toast_new:
 * @text: plain text, never markup
 *
 * Returns: (transfer full): a toast that shows @text as it is
 */
AdwToast *
lull_toast_new (const char *text)
{
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

/**
 * lull_toast_set_text:
 *
 * Changes the title of a toast that may be on screen to plain @text.
 */
void
lull_toast_set_text (AdwToast   *toast,
                     const char *text)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (ADW_IS_TOAST (toast));
  g_return_if_fail (text != NULL);

  escaped = g_markup_escape_text (text, -1);
  adw_toast_set_title (toast, escaped);
}

/**
 * lull_toast_show:
 *
 * Shows plain @text in a toast of @overlay.
 */
void
lull_toast_show (AdwToastOverlay *overlay,
                 const char      *text)
{
  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));

  adw_toast_overlay_add_toast (overlay, lull_toast_new (text));
}
