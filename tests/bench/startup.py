#!/usr/bin/python3
#
# startup.py
#
# Copyright 2026 The Lull developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Start-up benchmark: time from exec to the main window's first frame.

Measures three programs, in rotating order over several rounds:

  bare        a bare libadwaita window (tests/bench/bare-window.c)
  lull-empty  Lull in portable mode with an empty data root
  lull-10k    Lull in portable mode with a data root holding 10,000 sessions

Every program runs with GSK_RENDERER=cairo (--renderer to change it), the
renderer Lull picks for itself; the bare window would otherwise use GL.

Each program is started with LULL_BENCH_EXIT_AFTER_FIRST_FRAME=1, prints
`first-frame` once its window has painted, and quits. The time is taken
from just before the process is spawned to the moment the line is read.

This is a benchmark, not a test: it exits 0 even when the target ratio
(Lull with 10,000 sessions at most 1.3 times the bare window) is missed,
and non-zero only when a program fails to show a frame.

Usage: startup.py [--runs N] [--warmup N] [--sessions N] LULL BARE_WINDOW
Needs a display (run it under build-aux/headless or a desktop session).
"""

import argparse
import os
import re
import selectors
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from history_fixture import write_history  # noqa: E402

FIRST_FRAME = re.compile(rb"^first-frame$", re.MULTILINE)
TARGET_RATIO = 1.3


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
            # Not in a build tree: <build>/src/lull is the usual layout.
            return os.path.dirname(os.path.dirname(os.path.abspath(binary)))
        folder = parent


def make_env(lull, renderer="cairo"):
    env = dict(os.environ)
    build = find_build_dir(lull)
    env.setdefault("GSETTINGS_SCHEMA_DIR", os.path.join(build, "data"))
    env.setdefault("LULL_LOCALEDIR", os.path.join(build, "po"))
    env["LULL_BENCH_EXIT_AFTER_FIRST_FRAME"] = "1"
    # The same renderer for every program. Lull asks for cairo itself
    # (src/main.c); left alone, the bare window would set up GTK's GL
    # renderer, a slower start that flatters Lull's ratio.
    env["GSK_RENDERER"] = renderer
    return env


def run_until_line(argv, env, timeout, pattern, what):
    """Runs argv once, in a process group of its own, until a line of its
    standard output matches pattern (compiled, bytes), then lets it exit.
    Returns (the match, seconds from spawn to reading the line, seconds
    from the line to the exit). what names the line in failures."""
    with tempfile.TemporaryFile() as err:
        start = time.monotonic()
        # Its own process group, so that a hung run is killed with anything
        # it started.
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=err,
                                start_new_session=True)
        deadline = start + timeout
        match = None
        buf = b""
        try:
            with selectors.DefaultSelector() as sel:
                sel.register(proc.stdout, selectors.EVENT_READ)
                while match is None:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise RunFailed("no %s within %d s" % (what, timeout))
                    if not sel.select(remaining):
                        continue
                    chunk = os.read(proc.stdout.fileno(), 4096)
                    seen_at = time.monotonic()
                    if not chunk:
                        raise RunFailed("exited without a %s" % what)
                    buf += chunk
                    match = pattern.search(buf)
            # communicate() also drains stdout, so the child never blocks on it.
            try:
                proc.communicate(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                raise RunFailed("did not exit within %d s of its start" % timeout)
            if proc.returncode != 0:
                raise RunFailed("exited with status %d after its %s" % (proc.returncode, what))
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
        return match, seen_at - start, time.monotonic() - seen_at


def time_one(argv, env, timeout):
    """Runs argv once; returns seconds from spawn to the first-frame line."""
    _, elapsed, _ = run_until_line(argv, env, timeout, FIRST_FRAME, "first frame")
    return elapsed


def time_rounds(programs, env, warmup, runs, timeout, run=time_one):
    """{name: [seconds…]} for each (name, argv) in programs: warm-up rounds
    first, then rounds whose order rotates, so that no program always runs
    right after the same other one. run(argv, env, timeout) times one run
    (time_one by default); the lists hold what it returns."""
    times = {name: [] for name, _ in programs}
    for _ in range(warmup):
        for _, argv in programs:
            run(argv, env, timeout)
    for r in range(runs):
        for k in range(len(programs)):
            name, argv = programs[(r + k) % len(programs)]
            times[name].append(run(argv, env, timeout))
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lull", help="the lull binary")
    parser.add_argument("bare", help="the bare-window binary")
    parser.add_argument("--runs", type=int, default=15, help="counted rounds (default 15)")
    parser.add_argument("--warmup", type=int, default=2,
                        help="uncounted runs of each program first (default 2)")
    parser.add_argument("--sessions", type=int, default=10000,
                        help="sessions in the full data root (default 10000)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds per run (default 30)")
    parser.add_argument("--renderer", default="cairo",
                        help="GSK_RENDERER for every program (default cairo)")
    args = parser.parse_args()

    if "DISPLAY" not in os.environ and "WAYLAND_DISPLAY" not in os.environ:
        print("startup.py: no display; run it under build-aux/headless", file=sys.stderr)
        return 2

    env = make_env(args.lull, renderer=args.renderer)
    full_name = "lull-%s" % ("10k" if args.sessions == 10000 else str(args.sessions))

    with tempfile.TemporaryDirectory(prefix="lull-bench-") as tmp:
        # "Empty" means no Lull data. The root is not recreated between runs:
        # portable mode points XDG_CACHE_HOME into it, and a fresh root would
        # time Mesa compiling its shaders rather than Lull (the bare window's
        # cache in ~/.cache is warm too). The warm-up runs fill the cache.
        empty_root = os.path.join(tmp, "empty")
        os.mkdir(empty_root, 0o700)
        full_root = os.path.join(tmp, "full")
        t0 = time.monotonic()
        files = write_history(full_root, args.sessions)
        size = sum(os.path.getsize(f) for f in files)
        print("data root with %d sessions: %d month files, %.1f MiB (written in %.1f s)"
              % (args.sessions, len(files), size / 2**20, time.monotonic() - t0))
        print("GSK_RENDERER=%s for every program" % env["GSK_RENDERER"])

        programs = [
            ("bare", [args.bare]),
            ("lull-empty", [args.lull, "--data-dir", empty_root]),
            (full_name, [args.lull, "--data-dir", full_root]),
        ]

        try:
            times = time_rounds(programs, env, args.warmup, args.runs, args.timeout)
        except RunFailed as e:
            print("FAILED: %s" % e)
            return 1

    print()
    print("%d runs each, after %d warm-up runs (ms, exec to first frame):"
          % (args.runs, args.warmup))
    print("  %-12s %8s %8s %8s" % ("program", "median", "min", "max"))
    medians = {}
    for name, _ in programs:
        ms = [t * 1000 for t in times[name]]
        medians[name] = statistics.median(ms)
        print("  %-12s %8.1f %8.1f %8.1f" % (name, medians[name], min(ms), max(ms)))
    print()
    ratio_empty = medians["lull-empty"] / medians["bare"]
    ratio_full = medians[full_name] / medians["bare"]
    print("ratio lull-empty/bare: %.2f" % ratio_empty)
    print("ratio %s/bare: %.2f (target at most %.1f)" % (full_name, ratio_full, TARGET_RATIO))
    print("target met: %s" % ("yes" if ratio_full <= TARGET_RATIO else "no"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
