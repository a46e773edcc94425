/* test-clock.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "lull-clock.h"
#include "lull-test-util.h"

#define SECOND ((gint64)G_USEC_PER_SEC)
#define MINUTE (60 * SECOND)

static void
test_system_never_goes_back (void)
{
  g_autoptr(LullClock) clock = lull_clock_new_system ();
  gint64 previous = lull_clock_get_elapsed (clock);

  g_assert_false (lull_clock_is_test (clock));
  g_assert_cmpint (previous, >=, 0);

  for (guint i = 0; i < 100000; i++)
    {
      gint64 now = lull_clock_get_elapsed (clock);

      g_assert_cmpint (now, >=, previous);
      previous = now;

      /* Changing the speed now and then must not break it either. */
      if (i % 10000 == 0)
        lull_clock_set_speed (clock, (i / 10000) % 2 == 0 ? 7.0 : 1.0);
    }

  g_assert_finalize_object (g_steal_pointer (&clock));
}

static void
test_system_moves (void)
{
  g_autoptr(LullClock) clock = lull_clock_new_system ();
  gint64 before = lull_clock_get_elapsed (clock);

  g_usleep (20000);

  /* CLOCK_BOOTTIME counts at least what the monotonic clock slept. */
  g_assert_cmpint (lull_clock_get_elapsed (clock) - before, >=, 20000);
}

static void
test_system_speed_rebases (void)
{
  g_autoptr(LullClock) clock = lull_clock_new_system ();
  gint64 real_before, real_after;
  gint64 before, after, later;
  guint notified = 0;

  g_signal_connect (clock, "notify::speed", G_CALLBACK (lull_test_count_notify), &notified);

  /* Enough time on the clock that a speed applied to the whole of it,
   * rather than from now on, would show as a jump of seconds. */
  g_usleep (100000);

  real_before = g_get_monotonic_time ();
  before = lull_clock_get_elapsed (clock);
  lull_clock_set_speed (clock, 60.0);
  after = lull_clock_get_elapsed (clock);
  real_after = g_get_monotonic_time ();

  g_assert_cmpfloat (lull_clock_get_speed (clock), ==, 60.0);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpint (after, >=, before);
  /* At most what 60 times the real time between the calls explains. */
  g_assert_cmpint (after - before, <=, (real_after - real_before) * 60 + 1000);

  g_usleep (20000);
  later = lull_clock_get_elapsed (clock);
  g_assert_cmpint (later - after, >=, 20000 * 60);

  /* And back: no jump down either. */
  lull_clock_set_speed (clock, 1.0);
  g_assert_cmpint (lull_clock_get_elapsed (clock), >=, later);

  /* Setting the same speed again says nothing. */
  lull_clock_set_speed (clock, 1.0);
  g_assert_cmpuint (notified, ==, 2);

  g_object_set (clock, "speed", 30.0, NULL);
  g_assert_cmpfloat (lull_clock_get_speed (clock), ==, 30.0);
  g_assert_cmpuint (notified, ==, 3);
}

static void
test_system_wall_clock_moves (void)
{
  g_autoptr(LullClock) clock = lull_clock_new_system ();
  g_autoptr(GDateTime) first = lull_clock_get_now (clock);
  g_autoptr(GDateTime) second = NULL;
  g_autoptr(GDateTime) reference = g_date_time_new_now_local ();

  g_usleep (10000);
  second = lull_clock_get_now (clock);

  g_assert_cmpint (g_date_time_difference (second, first), >=, 10000);
  /* Local time, close to what GLib says it is. */
  g_assert_cmpint (g_date_time_get_utc_offset (first), ==,
                   g_date_time_get_utc_offset (reference));
  g_assert_cmpint (ABS (g_date_time_difference (reference, first)), <, 60 * SECOND);
}

static void
test_test_clock_advance (void)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 11, 23, 10, 15, 2);
  g_autoptr(LullClock) clock = lull_clock_new_test (start);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) later = NULL;

  g_assert_true (lull_clock_is_test (clock));
  g_assert_cmpint (lull_clock_get_elapsed (clock), ==, 0);

  now = lull_clock_get_now (clock);
  g_assert_true (g_date_time_equal (now, start));

  lull_clock_advance (clock, 90 * SECOND + 250);
  g_assert_cmpint (lull_clock_get_elapsed (clock), ==, 90 * SECOND + 250);
  /* Nothing else moves it. */
  g_assert_cmpint (lull_clock_get_elapsed (clock), ==, 90 * SECOND + 250);

  later = lull_clock_get_now (clock);
  g_assert_cmpint (g_date_time_difference (later, start), ==, 90 * SECOND + 250);
  /* The zone given is kept. */
  g_assert_cmpint (g_date_time_get_utc_offset (later), ==, 0);

  lull_clock_advance (clock, 0);
  g_assert_cmpint (lull_clock_get_elapsed (clock), ==, 90 * SECOND + 250);

  g_assert_finalize_object (g_steal_pointer (&clock));
}

static void
test_test_clock_speed (void)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 11, 23, 10, 15, 2);
  g_autoptr(LullClock) clock = lull_clock_new_test (start);
  g_autoptr(GDateTime) now = NULL;

  lull_clock_advance (clock, 1 * MINUTE);
  lull_clock_set_speed (clock, 10.0);

  /* Changing the speed moves nothing. */
  g_assert_cmpint (lull_clock_get_elapsed (clock), ==, 1 * MINUTE);

  /* Advancing is in clock time, unscaled; the wall clock, being real
   * time, moves a tenth of that at ten times the speed. */
  lull_clock_advance (clock, 10 * MINUTE);
  g_assert_cmpint (lull_clock_get_elapsed (clock), ==, 11 * MINUTE);
  now = lull_clock_get_now (clock);
  g_assert_cmpint (g_date_time_difference (now, start), ==, 2 * MINUTE);
}

static void
test_test_clock_suspend_counted (void)
{
  g_autoptr(GDateTime) start = g_date_time_new_local (2026, 3, 29, 1, 30, 0);
  g_autoptr(LullClock) clock = lull_clock_new_test (start);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) after_sped_up = NULL;

  lull_clock_advance (clock, 5 * MINUTE);
  lull_clock_simulate_suspend (clock, 20 * MINUTE);

  /* As CLOCK_BOOTTIME: the sleep is neither lost nor counted twice. */
  g_assert_cmpint (lull_clock_get_elapsed (clock), ==, 25 * MINUTE);
  now = lull_clock_get_now (clock);
  g_assert_cmpint (g_date_time_difference (now, start), ==, 25 * MINUTE);

  /* A sped-up clock sleeps at its speed, as the system clock does. */
  lull_clock_set_speed (clock, 2.0);
  lull_clock_simulate_suspend (clock, 1 * MINUTE);
  g_assert_cmpint (lull_clock_get_elapsed (clock), ==, 27 * MINUTE);
  after_sped_up = lull_clock_get_now (clock);
  g_assert_cmpint (g_date_time_difference (after_sped_up, now), ==, 1 * MINUTE);
}

static void
test_test_clock_refuses_going_back (void)
{
  g_autoptr(LullClock) clock = lull_clock_new_test (NULL);

  lull_clock_advance (clock, SECOND);

  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*microseconds >= 0*");
  lull_clock_advance (clock, -1);
  g_test_assert_expected_messages ();

  g_assert_cmpint (lull_clock_get_elapsed (clock), ==, SECOND);
}

static void
test_system_refuses_advance (void)
{
  g_autoptr(LullClock) clock = lull_clock_new_system ();

  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*self->test*");
  lull_clock_advance (clock, MINUTE);
  g_test_assert_expected_messages ();

  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*self->test*");
  lull_clock_simulate_suspend (clock, MINUTE);
  g_test_assert_expected_messages ();

  /* Neither moved it by a minute. */
  g_assert_cmpint (lull_clock_get_elapsed (clock), <, MINUTE);
}

static void
test_speed_range (void)
{
  g_autoptr(LullClock) clock = lull_clock_new_test (NULL);

  g_assert_cmpfloat (lull_clock_get_speed (clock), ==, LULL_CLOCK_SPEED_MIN);

  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*speed*");
  lull_clock_set_speed (clock, 61.0);
  g_test_assert_expected_messages ();

  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*speed*");
  lull_clock_set_speed (clock, 0.5);
  g_test_assert_expected_messages ();

  g_assert_cmpfloat (lull_clock_get_speed (clock), ==, LULL_CLOCK_SPEED_MIN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clock/system/never-goes-back", test_system_never_goes_back);
  g_test_add_func ("/clock/system/moves", test_system_moves);
  g_test_add_func ("/clock/system/speed-rebases", test_system_speed_rebases);
  g_test_add_func ("/clock/system/wall-clock-moves", test_system_wall_clock_moves);
  g_test_add_func ("/clock/system/refuses-advance", test_system_refuses_advance);
  g_test_add_func ("/clock/test/advance", test_test_clock_advance);
  g_test_add_func ("/clock/test/speed", test_test_clock_speed);
  g_test_add_func ("/clock/test/suspend-counted", test_test_clock_suspend_counted);
  g_test_add_func ("/clock/test/refuses-going-back", test_test_clock_refuses_going_back);
  g_test_add_func ("/clock/speed-range", test_speed_range);

  return g_test_run ();
}
