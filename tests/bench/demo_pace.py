#!/usr/bin/python3
# demo_pace.py LULL — how closely a demonstration keeps its speed.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs Full relaxation's preparation (seven timed steps, 19 minutes) as a
# demonstration at 30 and at 60 times speed, and times in real seconds
# from the Start Session click to the pump starting on its own
# (the Stimulation phase), read through the accessibility tree as a
# counsellor would see it. The baseline is what the speed promises, the
# routine's own durations divided by the speed: a ratio near 1.00 means
# the demonstration keeps pace. Target (issue 13): at 30 times, the pump
# starts in under a minute of real time.
#
# A benchmark, not a test: it exits 0 when the target is missed, non-zero
# only when a run fails. Needs a display and the accessibility bus (run it
# under build-aux/headless, as `build-aux/dev bench` does).

import argparse
import os
import sys
import time

from gi.repository import GLib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import lull_e2e  # noqa: E402
from lull_e2e import Lull, click, find, find_all, tmpdir  # noqa: E402

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROUTINE = "full-relaxation"
TARGET_SECONDS_AT_30 = 60
POLL_SECONDS = 0.05


def preparation_seconds():
    """The routine's preparation, in its own seconds: every step before
    the pump starts."""
    keyfile = GLib.KeyFile()
    keyfile.load_from_file(os.path.join(SOURCE, "data", "routines", f"{ROUTINE}.lullroutine"),
                           GLib.KeyFileFlags.NONE)
    total = 0
    for number in range(1, 101):
        group = f"Step {number}"
        if not keyfile.has_group(group) or \
                keyfile.get_string(group, "kind") in ("stimulation", "expression"):
            break
        total += int(keyfile.get_string(group, "duration"))
    return total


def run_once(speed):
    """Real seconds from Start Session to the pump starting."""
    data = tmpdir(f"bench-demo-{speed}")
    with Lull(data, args=[f"--demo={speed}"]) as lull:
        window = lull.window("Lull")
        click(find(window, "push button", "Full relaxation"))
        start = find(window, "push button", "Start Session")
        started = time.monotonic()
        click(start)
        deadline = started + 10 * preparation_seconds() / speed + 30
        while not find_all(window, "label", "Stimulation"):
            if time.monotonic() > deadline:
                raise SystemExit(f"FAILED: at {speed}×, the pump had not started "
                                 f"{time.monotonic() - started:.0f} s in")
            time.sleep(POLL_SECONDS)
        return time.monotonic() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("lull")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    lull_e2e.use_build(args.lull)

    nominal = preparation_seconds()
    print(f"Full relaxation's preparation: {nominal} s ({nominal / 60:.0f} minutes) "
          f"in its own time; {args.runs} runs at each speed, the slowest kept.")
    print(f"{'speed':>6} {'promised s':>11} {'measured s':>11} {'ratio':>6}")
    slowest_at_30 = None
    for speed in (30, 60):
        promised = nominal / speed
        measured = max(run_once(speed) for _ in range(args.runs))
        if speed == 30:
            slowest_at_30 = measured
        print(f"{speed:>5}× {promised:>11.1f} {measured:>11.1f} {measured / promised:>6.2f}")
    verdict = "met" if slowest_at_30 < TARGET_SECONDS_AT_30 else "MISSED"
    print(f"target: at 30×, the pump starts within {TARGET_SECONDS_AT_30} s of real time: "
          f"{slowest_at_30:.1f} s, {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
