#!/usr/bin/python3
#
# sound_start.py
#
# Copyright 2026 The Lull developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Sound start-up benchmark: from Start to the first sample at the sink.

Target: from pressing Start to the first sample of a bundled Opus narration
(builtin:imagery-short, media/imagery-short.opus) reaching the audio sink,
at most 150 ms, median of 10 runs.

Two programs, each run in a fresh process, alternating over the rounds:

  lull      `lull --data-dir ROOT --start-session=bench-sound` with
            LULL_BENCH_FIRST_SAMPLE=1: Lull prints `first-sample MS`, the
            milliseconds from the Start action to the first buffer of the
            session's track at the sink pad of its audio sink, and quits.
            GStreamer starts inside that interval (Lull starts it with the
            first session, never at start-up).
  baseline  tests/bench/sound-first-sample.c: a bare playbin on the same
            file with autoaudiosink, timed from the top of main(), so that
            gst_init() is inside its interval too. Its comment says how it
            differs from Lull's pipeline.

Both play to the same sink: autoaudiosink, which under build-aux/headless
is PulseAudio's null sink "out".

Each Lull run gets a new data root, holding only the routine, with a copy of
the warm-up run's cache (sound_bench.py says why); the warm-up's own figure,
with GStreamer's registry built from nothing, is printed on its own line.

This is a benchmark, not a test: it exits 0 even when the target is missed,
and non-zero only when a program fails to report a first sample or fails.

Usage: sound_start.py [--runs N] [--warmup N] [--media DIR] LULL BASELINE
Needs a display and a sound server (run it under build-aux/headless).
"""

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sound_bench import (RunFailed, TRACK_ID, default_sink,  # noqa: E402
                         find_track, has_display, keep_cache, lull_argv, make_data_root,
                         make_env)
from startup import run_until_line  # noqa: E402

TARGET_MS = 150.0
FIRST_SAMPLE = re.compile(rb"^first-sample ([0-9]+(?:\.[0-9]*)?)\n", re.MULTILINE)


def run_one(argv, env, timeout):
    """Runs argv once. Returns (milliseconds it printed, milliseconds from
    that line to the process's exit)."""
    match, _, to_exit = run_until_line(argv, env, timeout, FIRST_SAMPLE, "first-sample line")
    return float(match.group(1)), to_exit * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lull", help="the lull binary")
    parser.add_argument("baseline", help="the sound-first-sample binary")
    parser.add_argument("--runs", type=int, default=10, help="counted runs of each (default 10)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="uncounted runs of each first (default 1)")
    parser.add_argument("--media", help="the folder of Lull's bundled sounds "
                        "(default $LULL_MEDIA_DIR, or media/ in the source tree)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds per run (default 30)")
    args = parser.parse_args()

    if not has_display("sound_start.py"):
        return 2

    env = make_env(args.lull, args.media, LULL_BENCH_FIRST_SAMPLE="1")
    track = find_track(env, "sound_start.py")
    if track is None:
        return 2

    sink = default_sink()
    print("track: %s = %s (%d KiB)" % (TRACK_ID, track, os.path.getsize(track) // 1024))
    print("sink: autoaudiosink for both; the sound server's default sink: %s"
          % (sink or "unknown (no pactl, or no PulseAudio server)"))

    times = {"lull": [], "baseline": []}
    exits = {"lull": [], "baseline": []}
    cold = []
    try:
        with tempfile.TemporaryDirectory(prefix="lull-bench-sound-") as tmp:
            cache_template = None

            def run(name):
                """((ms, exit ms), the data root to remove or None)"""
                if name == "lull":
                    root = make_data_root(tmp, cache_template)
                    return run_one(lull_argv(args.lull, root), env, args.timeout), root
                return run_one([args.baseline, track], env, args.timeout), None

            for _ in range(args.warmup):
                (value, _), root = run("lull")
                if cache_template is None:
                    cold.append(value)
                    cache_template = keep_cache(root, tmp)
                shutil.rmtree(root, ignore_errors=True)
                run("baseline")

            for r in range(args.runs):
                order = ("lull", "baseline") if r % 2 == 0 else ("baseline", "lull")
                for name in order:
                    (value, exit_ms), root = run(name)
                    times[name].append(value)
                    exits[name].append(exit_ms)
                    if root is not None:
                        shutil.rmtree(root, ignore_errors=True)
    except RunFailed as e:
        print("FAILED: %s" % e)
        return 1

    print()
    print("%d runs each, alternating, after %d warm-up run%s of each"
          % (args.runs, args.warmup, "" if args.warmup == 1 else "s"))
    print("(ms; lull: from the Start action, baseline: from the top of main(),")
    print(" to the first buffer at the audio sink's pad; each a fresh process)")
    print("  %-10s %8s %8s %8s   %s" % ("program", "median", "min", "max", "then exit (median)"))
    medians = {}
    for name in ("lull", "baseline"):
        ms = times[name]
        medians[name] = statistics.median(ms)
        print("  %-10s %8.1f %8.1f %8.1f   %8.0f" % (name, medians[name], min(ms), max(ms),
                                                      statistics.median(exits[name])))
    if cold:
        print("  lull, first session in a new data root (GStreamer's registry built in"
              " ROOT/cache): %.1f ms (the warm-up run, not counted)" % cold[0])
    print()
    ratio = medians["lull"] / medians["baseline"] if medians["baseline"] > 0 else float("inf")
    print("ratio lull/baseline: %.2f" % ratio)
    print("lull median: %.1f ms (target at most %.0f ms)" % (medians["lull"], TARGET_MS))
    print("target met: %s" % ("yes" if medians["lull"] <= TARGET_MS else "no"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
