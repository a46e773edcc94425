/* lull-clock.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LULL_TYPE_CLOCK (lull_clock_get_type ())

G_DECLARE_FINAL_TYPE (LullClock, lull_clock, LULL, CLOCK, GObject)

#define LULL_CLOCK_SPEED_MIN 1.0
#define LULL_CLOCK_SPEED_MAX 60.0

LullClock *lull_clock_new_system      (void);
LullClock *lull_clock_new_test        (GDateTime *wall_start);

gboolean   lull_clock_is_test         (LullClock *self);

/* Microseconds on a clock that never goes back, keeps counting through a
 * system suspend, and runs `speed` times faster than real time. */
gint64     lull_clock_get_elapsed     (LullClock *self);

/* The wall clock, in local time: for dates, never for durations. */
GDateTime *lull_clock_get_now         (LullClock *self);

double     lull_clock_get_speed       (LullClock *self);
void       lull_clock_set_speed       (LullClock *self,
                                       double     speed);

/* Test clock only. */
void       lull_clock_advance         (LullClock *self,
                                       gint64     microseconds);
void       lull_clock_simulate_suspend (LullClock *self,
                                        gint64     microseconds);

/* On the test clock, lull_clock_advance() takes clock microseconds: the
 * elapsed time grows by exactly that much whatever the speed, and the wall
 * time by that much divided by the speed (the wall clock is real time).
 * lull_clock_simulate_suspend() takes the real length of the sleep, as a
 * suspend is measured on the wall: the wall time grows by that much and the
 * elapsed time by that much times the speed, as CLOCK_BOOTTIME does on the
 * system clock. At the default speed of 1 both move both times alike. */

G_END_DECLS
