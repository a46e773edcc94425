/* lull-clock.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <time.h>

#include "lull-clock.h"

/* The only source of time in Lull. Durations come from CLOCK_BOOTTIME:
 * pumping goes on while the laptop sleeps, so a suspend must neither freeze
 * the timer (CLOCK_MONOTONIC stops counting during a suspend) nor make it
 * jump back or double (the wall clock may be set back or forth at any
 * time). Dates come from the wall clock and are never used for durations.
 *
 * The test clock moves only when a test says so, which lets a 30-minute
 * session run in milliseconds. */

struct _LullClock
{
  GObject    parent_instance;

  gboolean   test;
  double     speed;

  /* System clock: elapsed = base_elapsed + (boottime - base_boottime) × speed.
   * Changing the speed starts a new base, so what was elapsed stays. */
  gint64     base_boottime;
  gint64     base_elapsed;
  /* The largest value handed out, so that rounding at a rebase can never
   * make time go back. */
  gint64     last_elapsed;

  /* Test clock. */
  gint64     test_elapsed;
  GDateTime *wall_start;
  gint64     wall_offset;
};

G_DEFINE_FINAL_TYPE (LullClock, lull_clock, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SPEED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gint64
boottime_now (void)
{
#ifdef CLOCK_BOOTTIME
  struct timespec now;

  if (clock_gettime (CLOCK_BOOTTIME, &now) == 0)
    return (gint64)now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
#endif

  /* Only kernels older than Linux 2.6.39 lack CLOCK_BOOTTIME; there a
   * suspend pauses the timer, which is still better than a jump. */
  return g_get_monotonic_time ();
}

static gint64
system_elapsed (LullClock *self)
{
  gint64 raw = boottime_now () - self->base_boottime;

  return self->base_elapsed + (gint64)((double)raw * self->speed);
}

static void
lull_clock_finalize (GObject *object)
{
  LullClock *self = (LullClock *)object;

  g_clear_pointer (&self->wall_start, g_date_time_unref);

  G_OBJECT_CLASS (lull_clock_parent_class)->finalize (object);
}

static void
lull_clock_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LullClock *self = LULL_CLOCK (object);

  switch (prop_id)
    {
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_clock_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LullClock *self = LULL_CLOCK (object);

  switch (prop_id)
    {
    case PROP_SPEED:
      lull_clock_set_speed (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_clock_class_init (LullClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lull_clock_finalize;
  object_class->get_property = lull_clock_get_property;
  object_class->set_property = lull_clock_set_property;

  /**
   * LullClock:speed:
   *
   * How many times faster than real time the elapsed time runs, for
   * demonstrations: at 10, a 20-minute routine is shown in 2 minutes.
   */
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL,
                         LULL_CLOCK_SPEED_MIN, LULL_CLOCK_SPEED_MAX, LULL_CLOCK_SPEED_MIN,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lull_clock_init (LullClock *self)
{
  self->speed = LULL_CLOCK_SPEED_MIN;
}

/**
 * lull_clock_new_system:
 *
 * The clock of a real session: its elapsed time starts at 0 now and counts
 * through suspends.
 */
LullClock *
lull_clock_new_system (void)
{
  LullClock *self = g_object_new (LULL_TYPE_CLOCK, NULL);

  self->test = FALSE;
  self->base_boottime = boottime_now ();

  return self;
}

/**
 * lull_clock_new_test:
 * @wall_start: (nullable): the wall time the clock starts at; the present
 *   moment when %NULL
 *
 * A clock for tests: its elapsed time starts at 0 and moves only with
 * lull_clock_advance() and lull_clock_simulate_suspend(). Its wall time
 * keeps the time zone of @wall_start, so that tests do not depend on the
 * zone of the machine they run on.
 */
LullClock *
lull_clock_new_test (GDateTime *wall_start)
{
  LullClock *self = g_object_new (LULL_TYPE_CLOCK, NULL);

  self->test = TRUE;
  self->wall_start = wall_start != NULL
                     ? g_date_time_ref (wall_start)
                     : g_date_time_new_now_local ();

  return self;
}

gboolean
lull_clock_is_test (LullClock *self)
{
  g_return_val_if_fail (LULL_IS_CLOCK (self), FALSE);

  return self->test;
}

gint64
lull_clock_get_elapsed (LullClock *self)
{
  gint64 elapsed;

  g_return_val_if_fail (LULL_IS_CLOCK (self), 0);

  if (self->test)
    return self->test_elapsed;

  elapsed = system_elapsed (self);
  if (elapsed < self->last_elapsed)
    elapsed = self->last_elapsed;
  self->last_elapsed = elapsed;

  return elapsed;
}

/**
 * lull_clock_get_now:
 *
 * Returns: (transfer full): the wall time now
 */
GDateTime *
lull_clock_get_now (LullClock *self)
{
  g_return_val_if_fail (LULL_IS_CLOCK (self), NULL);

  if (self->test)
    return g_date_time_add (self->wall_start, self->wall_offset);

  return g_date_time_new_now_local ();
}

double
lull_clock_get_speed (LullClock *self)
{
  g_return_val_if_fail (LULL_IS_CLOCK (self), LULL_CLOCK_SPEED_MIN);

  return self->speed;
}

void
lull_clock_set_speed (LullClock *self,
                      double     speed)
{
  g_return_if_fail (LULL_IS_CLOCK (self));
  g_return_if_fail (speed >= LULL_CLOCK_SPEED_MIN && speed <= LULL_CLOCK_SPEED_MAX);

  if (self->speed == speed)
    return;

  if (!self->test)
    {
      gint64 now = boottime_now ();

      self->base_elapsed = MAX (self->last_elapsed,
                                self->base_elapsed
                                + (gint64)((double)(now - self->base_boottime) * self->speed));
      self->base_boottime = now;
      self->last_elapsed = self->base_elapsed;
    }

  self->speed = speed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

/**
 * lull_clock_advance:
 * @microseconds: clock microseconds, not scaled by the speed
 *
 * Moves a test clock on, as if the session had run for @microseconds of
 * its own (possibly sped-up) time.
 */
void
lull_clock_advance (LullClock *self,
                    gint64     microseconds)
{
  g_return_if_fail (LULL_IS_CLOCK (self));
  g_return_if_fail (self->test);
  g_return_if_fail (microseconds >= 0);

  self->test_elapsed += microseconds;
  self->wall_offset += (gint64)((double)microseconds / self->speed);
}

/**
 * lull_clock_simulate_suspend:
 * @microseconds: how long the machine slept, in real time
 *
 * Moves a test clock on as a system suspend moves the system clock:
 * CLOCK_BOOTTIME keeps counting while the machine sleeps, so the elapsed
 * time grows by @microseconds × speed and the wall time by @microseconds.
 */
void
lull_clock_simulate_suspend (LullClock *self,
                             gint64     microseconds)
{
  g_return_if_fail (LULL_IS_CLOCK (self));
  g_return_if_fail (self->test);
  g_return_if_fail (microseconds >= 0);

  self->test_elapsed += (gint64)((double)microseconds * self->speed);
  self->wall_offset += microseconds;
}
