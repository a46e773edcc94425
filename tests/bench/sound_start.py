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

Each Lull run gets a new data root, holding only the routine (a data root
that was used before holds the checkpoint of the session the last run left
unfinished, and Lull would offer to resume that instead). In portable mode
Lull keeps library caches in ROOT/cache, GStreamer's plugin registry among
them; a new root would rebuild the registry at every first session, several
seconds, which the baseline (reading ~/.cache) never pays. So the warm-up
run's cache is copied into every counted run's root, and the warm-up's own
figure, with the registry built from nothing, is printed on its own line.

This is a benchmark, not a test: it exits 0 even when the target is missed,
and non-zero only when a program fails to report a first sample or fails.

Usage: sound_start.py [--runs N] [--warmup N] [--media DIR] LULL BASELINE
Needs a display and a sound server (run it under build-aux/headless).
"""

import argparse
import os
import re
import selectors
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_MS = 150.0
TRACK_ID = "builtin:imagery-short"
TRACK_FILE = "imagery-short.opus"
ROUTINE_ID = "bench-sound"
FIRST_SAMPLE = re.compile(rb"^first-sample ([0-9]+(?:\.[0-9]*)?)\n", re.MULTILINE)

ROUTINE = """\
# tests/bench/sound_start.py: a session whose track starts with it.
[Routine]
version=1
id=%s
name=Bench sound
pump-minutes=15
audio=%s

[Step 1]
kind=imagery
duration=0
prompt=Listen.

[Step 2]
kind=expression
duration=0
prompt=Pump.
""" % (ROUTINE_ID, TRACK_ID)


class RunFailed(Exception):
    pass


def find_build_dir(binary):
    """The meson build folder that holds binary (the one with build.ninja)."""
    folder = os.path.dirname(os.path.abspath(binary))
    while True:
        if os.path.exists(os.path.join(folder, "build.ninja")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return os.path.dirname(os.path.dirname(os.path.abspath(binary)))
        folder = parent


def make_env(lull):
    env = dict(os.environ)
    build = find_build_dir(lull)
    env.setdefault("GSETTINGS_SCHEMA_DIR", os.path.join(build, "data"))
    env.setdefault("LULL_LOCALEDIR", os.path.join(build, "po"))
    env.setdefault("LULL_MEDIA_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "..", "..", "media"))
    env["LULL_BENCH_FIRST_SAMPLE"] = "1"
    return env


def make_data_root(parent, cache_template):
    """A new data root holding the routine, and a copy of cache_template as
    its cache folder when there is one."""
    root = tempfile.mkdtemp(prefix="root-", dir=parent)
    os.chmod(root, 0o700)
    routines = os.path.join(root, "routines")
    os.mkdir(routines, 0o700)
    with open(os.path.join(routines, ROUTINE_ID + ".lullroutine"), "w") as f:
        f.write(ROUTINE)
    if cache_template is not None:
        shutil.copytree(cache_template, os.path.join(root, "cache"), symlinks=True)
    return root


def run_one(argv, env, timeout):
    """Runs argv once. Returns (milliseconds it printed, milliseconds from
    that line to the process's exit)."""
    with tempfile.TemporaryFile() as err:
        start = time.monotonic()
        # Its own process group, so that a hung run is killed with anything
        # it started.
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=err,
                                start_new_session=True)
        deadline = start + timeout
        value = None
        seen_at = None
        buf = b""
        try:
            with selectors.DefaultSelector() as sel:
                sel.register(proc.stdout, selectors.EVENT_READ)
                while value is None:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise RunFailed("no first-sample line within %d s" % timeout)
                    if not sel.select(remaining):
                        continue
                    chunk = os.read(proc.stdout.fileno(), 4096)
                    if not chunk:
                        raise RunFailed("exited without a first-sample line")
                    buf += chunk
                    match = FIRST_SAMPLE.search(buf)
                    if match:
                        value = float(match.group(1))
                        seen_at = time.monotonic()
            try:
                proc.communicate(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                raise RunFailed("did not exit within %d s of its start" % timeout)
            exit_ms = (time.monotonic() - seen_at) * 1000
            if proc.returncode != 0:
                raise RunFailed("exited with status %d after its first sample" % proc.returncode)
        except RunFailed as e:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait()
            err.seek(0)
            stderr = err.read().decode("utf-8", "replace").strip()
            raise RunFailed("%s: %s%s" % (" ".join(argv), e,
                                          ("\n--- stderr ---\n" + stderr) if stderr else ""))
        return value, exit_ms


def default_sink():
    """The sound server's default sink, for the record, or None."""
    if shutil.which("pactl") is None:
        return None
    try:
        out = subprocess.run(["pactl", "get-default-sink"], capture_output=True, text=True,
                             timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else None


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

    if "DISPLAY" not in os.environ and "WAYLAND_DISPLAY" not in os.environ:
        print("sound_start.py: no display; run it under build-aux/headless", file=sys.stderr)
        return 2

    env = make_env(args.lull)
    if args.media:
        env["LULL_MEDIA_DIR"] = os.path.abspath(args.media)
    track = os.path.join(env["LULL_MEDIA_DIR"], TRACK_FILE)
    if not os.path.isfile(track):
        print("sound_start.py: %s is missing" % track, file=sys.stderr)
        return 2

    sink = default_sink()
    print("track: %s = %s (%d KiB)" % (TRACK_ID, os.path.normpath(track),
                                         os.path.getsize(track) // 1024))
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
                    argv = [args.lull, "--data-dir", root, "--start-session=" + ROUTINE_ID]
                    return run_one(argv, env, args.timeout), root
                return run_one([args.baseline, track], env, args.timeout), None

            for _ in range(args.warmup):
                (value, _), root = run("lull")
                if cache_template is None:
                    cold.append(value)
                    cache_template = os.path.join(tmp, "cache-template")
                    shutil.copytree(os.path.join(root, "cache"), cache_template, symlinks=True)
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
