#!/usr/bin/python3
#
# sound_cpu.py
#
# Copyright 2026 The Lull developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Sound CPU benchmark: Lull playing a narration against gst-launch-1.0.

Target: the CPU Lull uses while a session plays a narration is at most 1.3
times that of `gst-launch-1.0 playbin` playing the same file to the same
sink, measured in the same run.

Three cases, each a fresh process, in rotating order over the rounds:

  gst-launch   gst-launch-1.0 playbin uri=file://…/imagery-short.opus
               (playbin's default audio sink: autoaudiosink)
  lull-sound   lull --data-dir ROOT --start-session=bench-sound, a routine
               whose track is builtin:imagery-short (the same file, played
               by Lull's autoaudiosink to the same sound server)
  lull-silent  the same session with play-sound=false in ROOT/settings.ini

The CPU time is the process's utime + stime from /proc/PID/stat, which
covers all its threads (GStreamer's streaming threads, PulseAudio's client
thread, GTK's), over a fixed window that starts a settling time after the
case is under way: for the sound cases once the process has a stream on
the sound server (pactl list sink-inputs), for Lull once the session has
started (its checkpoint.ini is written at the start). The sound server's
own work is not counted for anyone.

lull-sound includes drawing the session page (the breathing shape
animates; Lull sets GSK_RENDERER=cairo for itself), which gst-launch does
not have: on these machines the page alone costs more than all of
gst-launch's playback, so the plain ratio lull-sound/gst-launch measures
the page, not the playing. The target is therefore on Lull's playing:
lull-sound minus lull-silent (the same session, the same page, no sound),
against gst-launch. The plain ratio is printed too.

Each Lull run gets a new data root, with a copy of the cache a warm-up run
filled, so that no run rebuilds GStreamer's plugin registry in ROOT/cache
(gst-launch reads ~/.cache's; sound_bench.py says more).

This is a benchmark, not a test: it exits 0 even when the target is missed,
and non-zero only when a program fails (exits early, never plays).

Usage: sound_cpu.py [--seconds S] [--settle S] [--rounds N] [--media DIR] LULL
Needs a display and a sound server (run it under build-aux/headless).
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sound_bench import (Program, RunFailed, TRACK_ID, default_sink,  # noqa: E402
                         find_track, has_display, keep_cache, lull_argv, make_data_root,
                         make_env)

TARGET_RATIO = 1.3
TICKS = os.sysconf("SC_CLK_TCK")
CASES = ("gst-launch", "lull-sound", "lull-silent")


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def stream_pids():
    """The process ids of the sound server's clients that have a stream
    playing (a sink input)."""
    try:
        out = subprocess.run(["pactl", "list", "sink-inputs"], capture_output=True, text=True,
                             timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return set()
    return {int(m) for m in re.findall(r'application\.process\.id = "(\d+)"', out.stdout)}


class Case(Program):
    """One process of one case: started, waited for, measured, stopped."""

    def __init__(self, name, argv, env, root=None):
        super().__init__(argv, env, root)
        self.name = name

    def wait_ready(self, timeout):
        """Until the session started (Lull) and the process plays (sound
        cases)."""
        deadline = time.monotonic() + timeout
        want_stream = self.name != "lull-silent"
        checkpoint = os.path.join(self.root, "checkpoint.ini") if self.root else None
        while True:
            self.check_alive()
            started = checkpoint is None or os.path.exists(checkpoint)
            if started and (not want_stream or self.proc.pid in stream_pids()):
                return
            if time.monotonic() > deadline:
                raise self.fail("%s within %d s"
                                % ("no session started" if not started
                                   else "no stream on the sound server", timeout))
            time.sleep(0.1)

    def measure(self, seconds):
        """Percent of one core over the next seconds."""
        start_cpu, start = cpu_seconds(self.proc.pid), time.monotonic()
        time.sleep(seconds)
        self.check_alive()
        cpu = cpu_seconds(self.proc.pid) - start_cpu
        return 100.0 * cpu / (time.monotonic() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lull", help="the lull binary")
    parser.add_argument("--seconds", type=float, default=20, help="measured window (default 20)")
    parser.add_argument("--settle", type=float, default=3,
                        help="seconds between playing and the window (default 3)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each case (default 3)")
    parser.add_argument("--media", help="the folder of Lull's bundled sounds "
                        "(default $LULL_MEDIA_DIR, or media/ in the source tree)")
    parser.add_argument("--gst-launch", default="gst-launch-1.0", help="the gst-launch-1.0 to run")
    parser.add_argument("--timeout", type=float, default=30,
                        help="seconds for a case to start playing (default 30)")
    args = parser.parse_args()

    if not has_display("sound_cpu.py"):
        return 2
    gst_launch = shutil.which(args.gst_launch)
    if gst_launch is None:
        print("sound_cpu.py: %s not found (Debian: gstreamer1.0-tools)" % args.gst_launch,
              file=sys.stderr)
        return 2
    if shutil.which("pactl") is None or subprocess.run(
            ["pactl", "info"], capture_output=True, timeout=10).returncode != 0:
        print("sound_cpu.py: no PulseAudio server (pactl info fails); run it under "
              "build-aux/headless", file=sys.stderr)
        return 2

    env = make_env(args.lull, args.media)
    track = find_track(env, "sound_cpu.py")
    if track is None:
        return 2
    uri = "file://" + track
    sink = default_sink()

    print("track: %s = %s" % (TRACK_ID, track))
    print("sink: autoaudiosink for all; the sound server's default sink: %s" % (sink or "unknown"))
    print("gst-launch: %s playbin uri=%s" % (gst_launch, uri))

    results = {name: [] for name in CASES}
    with tempfile.TemporaryDirectory(prefix="lull-bench-sound-cpu-") as tmp:
        cache_template = None

        def start(name):
            if name == "gst-launch":
                return Case(name, [gst_launch, "playbin", "uri=" + uri], env)
            root = make_data_root(tmp, cache_template, play_sound=(name == "lull-sound"))
            return Case(name, lull_argv(args.lull, root), env, root)

        try:
            # The warm-up: Lull's first session in a new root builds the
            # plugin registry; every later root starts with a copy of it.
            case = start("lull-sound")
            try:
                case.wait_ready(args.timeout + 30)
                time.sleep(1)
                cache_template = keep_cache(case.root, tmp)
            finally:
                case.stop()

            for r in range(args.rounds):
                for k in range(len(CASES)):
                    name = CASES[(r + k) % len(CASES)]
                    case = start(name)
                    try:
                        case.wait_ready(args.timeout)
                        time.sleep(args.settle)
                        results[name].append(case.measure(args.seconds))
                        if name == "lull-silent" and case.proc.pid in stream_pids():
                            print("note: lull-silent has a stream on the sound server; "
                                  "play-sound=false was not applied")
                    finally:
                        case.stop()
        except RunFailed as e:
            print("FAILED: %s" % e)
            return 1

    print()
    print("CPU over %.0f s, %.0f s after playing started, percent of one core "
          "(utime+stime, all threads);" % (args.seconds, args.settle))
    print("%d runs of each, in rotating order, medians:" % args.rounds)
    print("  %-12s %8s   %s" % ("case", "median", "runs"))
    medians = {}
    for name in CASES:
        medians[name] = statistics.median(results[name])
        print("  %-12s %8.2f   %s" % (name, medians[name],
                                      " ".join("%.2f" % v for v in results[name])))
    print()
    base = medians["gst-launch"]
    alone = medians["lull-sound"] - medians["lull-silent"]
    ratio = medians["lull-sound"] / base if base > 0 else float("inf")
    ratio_alone = alone / base if base > 0 else float("inf")
    print("Lull's sound alone ≈ lull(sound on) - lull(sound off) = %.2f - %.2f = %.2f"
          % (medians["lull-sound"], medians["lull-silent"], alone))
    print("ratio lull(sound on)/gst-launch: %.2f (for information: it includes drawing "
          "the session page, which gst-launch does not do)" % ratio)
    print("ratio Lull's sound alone/gst-launch: %.2f (target at most %.1f)"
          % (ratio_alone, TARGET_RATIO))
    print("target met: %s" % ("yes" if ratio_alone <= TARGET_RATIO else "no"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
