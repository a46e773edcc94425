#!/usr/bin/python3
#
# startup_history.py
#
# Copyright 2026 The Lull developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Start-up benchmark with large histories: exec to first frame, cairo for both.

Measures, in rotating order over several rounds:

  bare        a bare libadwaita window (tests/bench/bare-window.c)
  lull-empty  Lull in portable mode with an empty data root (for reference)
  lull-25k    Lull with a data root holding 25,000 sessions of history
  lull-100k   Lull with a data root holding 100,000 sessions of history

GSK_RENDERER=cairo is set for every program. Lull picks the cairo renderer
itself (src/main.c), while the bare window would otherwise start GTK's GL
renderer, whose set-up makes the baseline slower and the ratios look better
than they are.

The data roots are written once per run with history_fixture.py (about 3 s
for both). Timing is startup.py's: from just before the process is spawned
to the moment it prints `first-frame` (src/app/lull-first-frame.c), after
which it quits.

Targets: lull-25k and lull-100k each at most 1.3 times the bare window.
This is a benchmark, not a test: it exits 0 when a target is missed, and
non-zero only when a program fails to show a frame.

Usage: startup_history.py [--runs N] [--warmup N] [--sizes 25000,100000] LULL BARE_WINDOW
Needs a display (run it under build-aux/headless or a desktop session).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from history_fixture import write_history  # noqa: E402
from startup import RunFailed, make_env, time_rounds  # noqa: E402

TARGET_RATIO = 1.3
DEFAULT_SIZES = [25000, 100000]


def size_name(n):
    return "lull-%dk" % (n // 1000) if n % 1000 == 0 else "lull-%d" % n


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lull", help="the lull binary")
    parser.add_argument("bare", help="the bare-window binary")
    parser.add_argument("--runs", type=int, default=9, help="counted rounds (default 9)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="uncounted rounds first (default 1)")
    parser.add_argument("--sizes", default=",".join(str(n) for n in DEFAULT_SIZES),
                        help="comma-separated session counts (default 25000,100000)")
    parser.add_argument("--renderer", default="cairo",
                        help="GSK_RENDERER for every program (default cairo)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per run (default 60)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    if "DISPLAY" not in os.environ and "WAYLAND_DISPLAY" not in os.environ:
        print("startup_history.py: no display; run it under build-aux/headless", file=sys.stderr)
        return 2

    env = make_env(args.lull, renderer=args.renderer)

    with tempfile.TemporaryDirectory(prefix="lull-bench-") as tmp:
        # As in startup.py, the roots live for the whole run, so that the
        # caches portable mode keeps in them are warm after the warm-up.
        empty_root = os.path.join(tmp, "empty")
        os.mkdir(empty_root, 0o700)
        programs = [("bare", [args.bare]), ("lull-empty", [args.lull, "--data-dir", empty_root])]
        for n in sizes:
            root = os.path.join(tmp, "sessions-%d" % n)
            t0 = time.monotonic()
            files = write_history(root, n)
            size = sum(os.path.getsize(f) for f in files)
            print("data root with %s sessions: %d month files, %.1f MiB (written in %.1f s)"
                  % (format(n, ","), len(files), size / 2**20, time.monotonic() - t0))
            programs.append((size_name(n), [args.lull, "--data-dir", root]))
        print("GSK_RENDERER=%s for every program" % env["GSK_RENDERER"])
        sys.stdout.flush()

        try:
            times = time_rounds(programs, env, args.warmup, args.runs, args.timeout)
        except RunFailed as e:
            print("FAILED: %s" % e)
            return 1

    print()
    print("%d runs each, after %d warm-up rounds (ms, exec to first frame):"
          % (args.runs, args.warmup))
    print("  %-12s %8s %8s %8s %8s" % ("program", "median", "min", "max", "/bare"))
    medians = {}
    for name, _ in programs:
        ms = [t * 1000 for t in times[name]]
        medians[name] = statistics.median(ms)
    for name, _ in programs:
        ms = [t * 1000 for t in times[name]]
        print("  %-12s %8.1f %8.1f %8.1f %8.2f" % (name, medians[name], min(ms), max(ms),
                                                  medians[name] / medians["bare"]))
    print()
    print("ratio lull-empty/bare: %.2f" % (medians["lull-empty"] / medians["bare"]))
    for n in sizes:
        name = size_name(n)
        ratio = medians[name] / medians["bare"]
        print("ratio %s/bare: %.2f (target at most %.1f)" % (name, ratio, TARGET_RATIO))
    print()
    for n in sizes:
        name = size_name(n)
        ratio = medians[name] / medians["bare"]
        print("target met: %s  (%s/bare: %.2f, target at most %.1f)"
              % ("yes" if ratio <= TARGET_RATIO else "no", name, ratio, TARGET_RATIO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
