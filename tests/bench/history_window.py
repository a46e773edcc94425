#!/usr/bin/python3
#
# history_window.py
#
# Copyright 2026 The Lull developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""History window benchmark: all-time charts' first frame, and scrolling.

Target: opening the History page and drawing the all-time charts with
25,000 sessions takes at most 150 ms to the first frame; scrolling the
Sessions list to its end and back drops no frame: none takes over 20 ms
on the main thread.

Method: `lull --data-dir ROOT` with LULL_BENCH_HISTORY=1 (the hook is in
src/app/lull-application.c, next to on_history_activated). Once the main
window is on screen, xdotool gives it the keyboard and presses Ctrl+H; the
action waits until the history has loaded in the background, then opens
the History window as the app does for a parent who last looked at All
Time on Progress (the history-page and progress-range settings), and
prints `history-first-frame MS`, from the action to the first frame the
window painted. Half a second later it shows Sessions (whose list is made
then) and, three frames on, scrolls the list to the end and back,
linearly, over 3 s each way, in a tick callback, and prints
the main thread's time for each frame (before-paint to after-paint, as
LULL_BENCH_FRAMES times the slideshow's) and the time between frames, then
quits. Three data roots, written once with history_fixture.py, the last day
being today:

  lull-empty  no history: the baseline of the first frame, the same window
              with the same code and renderer drawing no data (its
              Sessions page is the empty page, so it has no scroll figures)
  lull-1k     1,000 sessions: the baseline of the scroll, the same list
              scrolled end to end in the same time (27 rows a second,
              25,000 rows are 25 times as many a frame)
  lull-25k    25,000 sessions: the figures for the target

GSK_RENDERER=cairo for every run, the renderer Lull picks for itself. Each
run is a fresh process; --runs rounds (default 5) in rotating order after
--warmup uncounted rounds (default 1), as startup.py does. Printed: the
medians, minimum and maximum of the first frame and the ratios to
lull-empty; over all frames of all rounds, the worst frame, the 99th
percentile (nearest rank), the median and frames over 20 ms (photo_bench.py's
frame_stats()), the same of the intervals between frames, and the ratios
to lull-1k.

This is a benchmark, not a test: it exits 0 even when a target is missed,
and non-zero only when a run fails (no window, no line printed, a crash).

Usage: history_window.py [--runs N] [--warmup N] [--sessions N] LULL
Needs a display (run it under build-aux/headless) and xdotool.
"""

import argparse
import datetime
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from history_fixture import write_history  # noqa: E402
from photo_bench import TARGET_FRAME_MS, frame_stats  # noqa: E402
from sound_bench import has_display  # noqa: E402
from startup import RunFailed, make_env, run_until_line, time_rounds  # noqa: E402
from startup_history import size_name  # noqa: E402

RESULT = re.compile(rb"^history-first-frame ([0-9]+(?:\.[0-9]*)?)\n"
                    rb"history-scroll-frames ([0-9,]*)\n"
                    rb"history-scroll-intervals ([0-9,]*)\n", re.MULTILINE)
TARGET_FIRST_FRAME_MS = 150.0

# Waits for Lull's main window, gives it the keyboard (Xvfb has no window
# manager) and presses Ctrl+H.
OPEN_HISTORY = ["xdotool", "search", "--sync", "--onlyvisible", "--name", "^Lull$",
                "windowfocus", "--sync", "sleep", "0.3", "key", "ctrl+h"]


def us_list(text):
    return [int(v) for v in text.split(b",") if v]


def run_history(argv, env, timeout):
    """One run: (first frame ms, [frame µs…], [interval µs…])."""
    opener = subprocess.Popen(OPEN_HISTORY, stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        match, _, _ = run_until_line(argv, env, timeout, RESULT, "history-scroll-intervals line")
    finally:
        if opener.poll() is None:
            opener.kill()
        opener.wait()
    return float(match.group(1)), us_list(match.group(2)), us_list(match.group(3))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lull", help="the lull binary")
    parser.add_argument("--runs", type=int, default=5, help="counted rounds (default 5)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="uncounted rounds first (default 1)")
    parser.add_argument("--sessions", type=int, default=25000,
                        help="sessions in the full data root (default 25000)")
    parser.add_argument("--small", type=int, default=1000,
                        help="sessions in the scroll baseline's root (default 1000)")
    parser.add_argument("--renderer", default="cairo",
                        help="GSK_RENDERER for every run (default cairo)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per run (default 60)")
    args = parser.parse_args()

    if not has_display("history_window.py"):
        return 2
    if shutil.which("xdotool") is None:
        print("history_window.py: xdotool is not installed (Debian: xdotool)", file=sys.stderr)
        return 2

    env = make_env(args.lull, renderer=args.renderer)
    # Lull must stay up past its main window's first frame.
    del env["LULL_BENCH_EXIT_AFTER_FIRST_FRAME"]
    env["LULL_BENCH_HISTORY"] = "1"

    sizes = [0, args.small, args.sessions]
    names = ["lull-empty", size_name(args.small), size_name(args.sessions)]
    today = datetime.date.today()
    with tempfile.TemporaryDirectory(prefix="lull-bench-") as tmp:
        # As in startup.py, the roots live for the whole run, so that the
        # caches portable mode keeps in them are warm after the warm-up.
        programs = []
        for n, name in zip(sizes, names):
            root = os.path.join(tmp, name)
            if n == 0:
                os.mkdir(root, 0o700)
            else:
                t0 = time.monotonic()
                files = write_history(root, n, last_day=today)
                size = sum(os.path.getsize(f) for f in files)
                print("data root with %s sessions up to today: %d month files, %.1f MiB "
                      "(written in %.1f s)" % (format(n, ","), len(files), size / 2**20,
                                               time.monotonic() - t0))
            programs.append((name, [args.lull, "--data-dir", root]))
        print("GSK_RENDERER=%s for every run" % env["GSK_RENDERER"])
        sys.stdout.flush()

        try:
            results = time_rounds(programs, env, args.warmup, args.runs, args.timeout,
                                  run=run_history)
        except RunFailed as e:
            print("FAILED: %s" % e)
            return 1

    full, small = names[2], names[1]
    print()
    print("%d runs each, after %d warm-up round%s; first frame of the History window on "
          "All Time (ms, from the action to the frame painted):"
          % (args.runs, args.warmup, "" if args.warmup == 1 else "s"))
    print("  %-12s %8s %8s %8s %8s" % ("program", "median", "min", "max", "/empty"))
    medians = {name: statistics.median(r[0] for r in results[name]) for name in names}
    for name in names:
        ms = [r[0] for r in results[name]]
        print("  %-12s %8.1f %8.1f %8.1f %8.2f" % (name, medians[name], min(ms), max(ms),
                                                  medians[name] / medians[names[0]]))

    print()
    print("scrolling Sessions to the end and back, 3 s each way, over all frames of all runs (ms):")
    print("  %-24s %7s %8s %8s %8s %10s" % ("", "frames", "worst", "p99", "median",
                                            "over %.0f ms" % TARGET_FRAME_MS))
    stats = {}
    for name in (small, full):
        for kind, index in (("frame", 1), ("interval", 2)):
            values = [v for r in results[name] for v in r[index]]
            if not values:
                print("FAILED: %s printed no %s times (was the list not shown?)" % (name, kind))
                return 1
            s = stats[name, kind] = frame_stats(values)
            print("  %-24s %7d %8.2f %8.2f %8.2f %10d"
                  % ("%s %s" % (name, "main thread" if kind == "frame" else "between frames"),
                     s["frames"], s["worst"], s["p99"], s["median"], s["over"]))

    # The first frame that moves the list (the second of the scroll; the
    # first starts it at the top) is slower in every root alike, 1,000
    # sessions too: its profile is mostly the kernel clearing fresh pages
    # for the frame's image. Printed apart, and the rest without it, so
    # that the list's own cost shows.
    print()
    print("the first frame that moves the list in each run, and the rest without it (ms):")
    for name in (small, full):
        firsts = [max(r[1][:2]) / 1000 for r in results[name] if r[1]]
        rest = frame_stats([v for r in results[name] for v in r[1][2:]])
        print("  %-12s first: median %.2f, worst %.2f; the rest: worst %.2f, p99 %.2f, over %.0f ms: %d"
              % (name, statistics.median(firsts), max(firsts), rest["worst"], rest["p99"],
                 TARGET_FRAME_MS, rest["over"]))

    first, frame = medians[full], stats[full, "frame"]
    base = stats[small, "frame"]
    print()
    print("ratio %s/lull-empty, first frame: %.2f" % (full, first / medians[names[0]]))
    print("ratio %s/%s, main thread per frame: worst %.2f, p99 %.2f, median %.2f"
          % (full, small, frame["worst"] / base["worst"], frame["p99"] / base["p99"],
             frame["median"] / base["median"]))
    print("ratio %s first frame/target: %.2f (target at most %.0f ms)"
          % (full, first / TARGET_FIRST_FRAME_MS, TARGET_FIRST_FRAME_MS))
    print("ratio %s worst frame/target: %.2f (target: no frame over %.0f ms)"
          % (full, frame["worst"] / TARGET_FRAME_MS, TARGET_FRAME_MS))
    if base["over"] > 0:
        print("note: %s too had %d frame%s over %.0f ms (load average %.2f at the end)"
              % (small, base["over"], "" if base["over"] == 1 else "s", TARGET_FRAME_MS,
                 os.getloadavg()[0]))
    print()
    print("target met: %s  (first frame, %s: %.1f ms, target at most %.0f ms)"
          % ("yes" if first <= TARGET_FIRST_FRAME_MS else "no", full, first,
             TARGET_FIRST_FRAME_MS))
    print("target met: %s  (scrolling, %s: worst frame %.2f ms, target at most %.0f ms)"
          % ("yes" if frame["worst"] <= TARGET_FRAME_MS else "no", full, frame["worst"],
             TARGET_FRAME_MS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
