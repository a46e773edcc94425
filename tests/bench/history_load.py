#!/usr/bin/python3
#
# history_load.py
#
# Copyright 2026 The Lull developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""History loading benchmark: lull_history_load() against bare GKeyFile.

Drives tests/bench/history-load (history-load.c) over data roots that
history_fixture.py writes once per run into a temporary folder. Three modes:

  time          wall time of lull_history_load() and of the baseline (each
                month file loaded into a fresh GKeyFile with
                g_key_file_load_from_file() and freed) for 1,000, 10,000,
                25,000 and 100,000 sessions; the median of --runs loads,
                each the first in a fresh process as at Lull's start, the two
                sides alternating. Targets: lull/keyfile at most 1.5 at
                every size, and lull's time(100k)/time(10k) at most 11
                (linear would be 10).
  instructions  the same comparison in instructions, counted by
                valgrind --tool=callgrind, one process per side and size, only
                inside the loading call (--toggle-collect). Counts barely move
                between runs, unlike wall time on a busy machine, so each side
                is counted once at every size, 100,000 included (about two
                minutes under callgrind). Same targets.
  memory        VmRSS of a process that has loaded 25,000 sessions with
                lull_history_load() and keeps them, against the same program
                after loading an empty history (median of --runs processes
                each). Target: at most 20 MB (10^6 bytes) more.

Every mode prints its ratios and one `target met: yes/no` line per target.
It is a benchmark, not a test: it exits 0 when a target is missed, and
non-zero only when the program fails or loads the wrong number of sessions.

Usage: history_load.py time [--runs N] [--sizes 1000,10000,...] HISTORY_LOAD
       history_load.py instructions [--valgrind PATH] [--sizes ...] HISTORY_LOAD
       history_load.py memory [--runs N] [--sessions N] HISTORY_LOAD
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
from history_fixture import write_history  # noqa: E402

DEFAULT_SIZES = [1000, 10000, 25000, 100000]
TARGET_RATIO = 1.5
TARGET_LINEARITY = 11.0
LINEARITY_SIZES = (10000, 100000)
TARGET_MEMORY_MB = 20.0
MEMORY_SESSIONS = 25000


class RunFailed(Exception):
    pass


def make_roots(tmp, sizes):
    """Writes one data root per size; returns {size: (root, month files)}."""
    roots = {}
    for n in sizes:
        root = os.path.join(tmp, "sessions-%d" % n)
        t0 = time.monotonic()
        files = write_history(root, n)  # 0: an empty history folder
        size = sum(os.path.getsize(f) for f in files)
        print("data root with %7s sessions: %3d month files, %5.1f MiB (written in %.1f s)"
              % (format(n, ","), len(files), size / 2**20, time.monotonic() - t0))
        roots[n] = (root, len(files))
    sys.stdout.flush()
    return roots


def run(argv, timeout):
    proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout)
    if proc.returncode != 0:
        raise RunFailed("%s exited with status %d:\n%s"
                        % (" ".join(argv), proc.returncode,
                           proc.stderr.decode("utf-8", "replace")))
    if proc.stderr.strip():
        # Problems the history reported (a fixture it cannot read) or
        # warnings: show them, they make the numbers suspect.
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
    return proc.stdout.decode("utf-8", "replace")


def check_records(n, records, problems):
    if records != n or problems != 0:
        raise RunFailed("lull_history_load() loaded %d of %d sessions with %d problems"
                        % (records, n, problems))


def fmt_n(n):
    return format(n, ",")


def target_line(met, text):
    print("target met: %s  (%s)" % ("yes" if met else "no", text))


def print_ratio_targets(kind, lull, keyfile, unit_fmt):
    """Prints the per-size table and the targets; lull, keyfile: {size: value}."""
    sizes = sorted(lull)
    print("  %8s %14s %14s %10s" % ("sessions", "keyfile", "lull", "lull/keyfile"))
    ratios = {}
    for n in sizes:
        ratios[n] = lull[n] / keyfile[n]
        print("  %8s %14s %14s %10.2f" % (fmt_n(n), unit_fmt(keyfile[n]), unit_fmt(lull[n]),
                                           ratios[n]))
    lo, hi = LINEARITY_SIZES
    linearity = None
    if lo in lull and hi in lull:
        linearity = lull[hi] / lull[lo]
        print()
        print("linearity, lull %s(%s)/%s(%s): %.2f (keyfile: %.2f; target at most %.0f)"
              % (kind, fmt_n(hi), kind, fmt_n(lo), linearity, keyfile[hi] / keyfile[lo],
                 TARGET_LINEARITY))
    print()
    for n in sizes:
        target_line(ratios[n] <= TARGET_RATIO,
                    "lull/keyfile %s at %s sessions: %.2f, target at most %.1f"
                    % (kind, fmt_n(n), ratios[n], TARGET_RATIO))
    if linearity is not None:
        target_line(linearity <= TARGET_LINEARITY,
                    "lull %s(%s)/%s(%s): %.2f, target at most %.0f"
                    % (kind, fmt_n(hi), kind, fmt_n(lo), linearity, TARGET_LINEARITY))


def parse_times(out, side, n, n_files):
    """(wall, cpu) seconds of each "keyfile"/"lull" line of history-load's output."""
    m = re.search(r"^month-files (\d+)$", out, re.M)
    if not m or int(m.group(1)) != n_files:
        raise RunFailed("history-load found %s month files, history_fixture.py wrote %d"
                        % (m.group(1) if m else "no", n_files))
    times = []
    for line in out.splitlines():
        if side == "keyfile":
            m = re.match(r"keyfile ([0-9.]+) cpu ([0-9.]+) files (\d+)$", line)
            if m and int(m.group(3)) != n_files:
                raise RunFailed("the baseline loaded %s of %d files" % (m.group(3), n_files))
        else:
            m = re.match(r"lull ([0-9.]+) cpu ([0-9.]+) records (\d+) problems (\d+)$", line)
            if m:
                check_records(n, int(m.group(3)), int(m.group(4)))
        if m:
            times.append((float(m.group(1)), float(m.group(2))))
    return times


def time_size(args, n, root, n_files):
    """(wall, cpu) seconds of each counted load of each side for one root.

    Lull loads its history once, early in a fresh process, so every counted
    load is the first of its process: one process per run and side, the
    sides alternating. (A load into a fresh heap also pays for the kernel
    handing out the pages, which is not small on this kind of virtual
    machine.) The lull process then loads a second time, after freeing the
    first history, which shows the cost without the fresh heap; that one is
    for information only.
    """
    keyfile_argv = [args.history_load, "--baseline", "--runs", "1", root]
    lull_argv = [args.history_load, "--lull", "--runs", "2", root]
    # One uncounted process of each first: the files into the page cache,
    # the binary and its libraries too.
    run(keyfile_argv, timeout=args.timeout)
    run(lull_argv, timeout=args.timeout)
    ks, ls, again = [], [], []
    for _ in range(args.runs):
        k = parse_times(run(keyfile_argv, timeout=args.timeout), "keyfile", n, n_files)
        l = parse_times(run(lull_argv, timeout=args.timeout), "lull", n, n_files)
        if len(k) != 1 or len(l) != 2:
            raise RunFailed("unexpected output from history-load")
        ks.append(k[0])
        ls.append(l[0])
        again.append(l[1])
    return ks, ls, again


def mode_time(args):
    lull_s, keyfile_s, lull_cpu, keyfile_cpu = {}, {}, {}, {}
    lull_min, keyfile_min = {}, {}
    with tempfile.TemporaryDirectory(prefix="lull-bench-") as tmp:
        roots = make_roots(tmp, args.sizes)
        print()
        for n in args.sizes:
            root, n_files = roots[n]
            ks, ls, again = time_size(args, n, root, n_files)
            keyfile_s[n] = statistics.median(k[0] for k in ks)
            lull_s[n] = statistics.median(l[0] for l in ls)
            keyfile_cpu[n] = statistics.median(k[1] for k in ks)
            lull_cpu[n] = statistics.median(l[1] for l in ls)
            keyfile_min[n] = min(k[0] for k in ks)
            lull_min[n] = min(l[0] for l in ls)
            print("%7s sessions: keyfile %8.1f ms (%.1f–%.1f), lull %8.1f ms (%.1f–%.1f); "
                  "lull loading a second time in its process %.1f ms"
                  % (fmt_n(n), keyfile_s[n] * 1000, min(k[0] for k in ks) * 1000,
                     max(k[0] for k in ks) * 1000, lull_s[n] * 1000,
                     min(l[0] for l in ls) * 1000, max(l[0] for l in ls) * 1000,
                     statistics.median(a[0] for a in again) * 1000))
            sys.stdout.flush()

    print()
    print("CPU time of the same loads (user + system, median, ms), less disturbed than "
          "wall time by other programs on the machine; for information only:")
    print("  %8s %14s %14s %10s" % ("sessions", "keyfile", "lull", "lull/keyfile"))
    for n in sorted(lull_cpu):
        print("  %8s %14.1f %14.1f %10.2f" % (fmt_n(n), keyfile_cpu[n] * 1000, lull_cpu[n] * 1000,
                                              lull_cpu[n] / keyfile_cpu[n]))
    lo, hi = LINEARITY_SIZES
    if lo in lull_cpu and hi in lull_cpu:
        print("  lull cpu(%s)/cpu(%s): %.2f (keyfile: %.2f)"
              % (fmt_n(hi), fmt_n(lo), lull_cpu[hi] / lull_cpu[lo],
                 keyfile_cpu[hi] / keyfile_cpu[lo]))
        # Another program's burst slows a few runs, never speeds one up.
        print("  lull time(%s)/time(%s) from the fastest run of each: %.2f (keyfile: %.2f)"
              % (fmt_n(hi), fmt_n(lo), lull_min[hi] / lull_min[lo],
                 keyfile_min[hi] / keyfile_min[lo]))
    print()
    print("wall time of the first load in a fresh process, median of %d processes each "
          "after 1 warm-up (ms):" % args.runs)
    print_ratio_targets("time", lull_s, keyfile_s, lambda s: "%.1f" % (s * 1000))
    return 0


def count_instructions(args, side, root):
    """Instructions callgrind counts inside the side's loading function."""
    function = {"baseline": "bench_keyfile_load", "lull": "bench_lull_load"}[side]
    with tempfile.NamedTemporaryFile(prefix="callgrind-", suffix=".out") as out_file:
        t0 = time.monotonic()
        out = run([args.valgrind, "-q", "--tool=callgrind",
                   "--callgrind-out-file=" + out_file.name,
                   "--toggle-collect=" + function,
                   args.history_load, "--" + side, "--runs", "1", root],
                  timeout=args.timeout)
        elapsed = time.monotonic() - t0
        with open(out_file.name, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("summary:") or line.startswith("totals:"):
                    count = int(line.split()[1])
                    break
            else:
                raise RunFailed("no summary in callgrind's output for %s" % root)
    if side == "lull":
        m = re.search(r"^lull [0-9.]+ cpu [0-9.]+ records (\d+) problems (\d+)$", out, re.M)
        if not m:
            raise RunFailed("unexpected output from history-load:\n" + out)
        return count, elapsed, int(m.group(1)), int(m.group(2))
    return count, elapsed, None, None


def mode_instructions(args):
    if not args.valgrind or not shutil.which(args.valgrind):
        print("history_load.py: valgrind not found; nothing to count", file=sys.stderr)
        return 77
    lull_ir, keyfile_ir = {}, {}
    with tempfile.TemporaryDirectory(prefix="lull-bench-") as tmp:
        roots = make_roots(tmp, args.sizes)
        print()
        for n in args.sizes:
            root = roots[n][0]
            keyfile_ir[n], k_elapsed, _, _ = count_instructions(args, "baseline", root)
            lull_ir[n], l_elapsed, records, problems = count_instructions(args, "lull", root)
            check_records(n, records, problems)
            print("%7s sessions: keyfile %14s instructions, lull %14s instructions "
                  "(%.0f s + %.0f s under callgrind)"
                  % (fmt_n(n), fmt_n(keyfile_ir[n]), fmt_n(lull_ir[n]), k_elapsed, l_elapsed))
            sys.stdout.flush()

    print()
    print("instructions inside the loading call (callgrind, one run of each side, "
          "every size counted, none extrapolated):")
    print_ratio_targets("instructions", lull_ir, keyfile_ir, fmt_n)
    return 0


def read_memory(args, root):
    out = run([args.history_load, "--memory", root], timeout=args.timeout)
    values = dict(line.split(None, 1) for line in out.splitlines() if line.strip())
    return {k: (float(v) if k == "seconds" else int(v)) for k, v in values.items()}


def mode_memory(args):
    sizes = [0, args.sessions]
    samples = {n: [] for n in sizes}
    with tempfile.TemporaryDirectory(prefix="lull-bench-") as tmp:
        roots = make_roots(tmp, sizes)
        print()
        # One uncounted run of each, then alternating processes.
        for n in sizes:
            read_memory(args, roots[n][0])
        for _ in range(args.runs):
            for n in sizes:
                sample = read_memory(args, roots[n][0])
                check_records(n, sample["records"], sample["problems"])
                samples[n].append(sample)

    def median_of(n, key):
        return statistics.median(s[key] for s in samples[n])

    mb = 1024 / 1e6  # KiB to MB
    print("%d processes each, after 1 warm-up process; VmRSS/VmHWM in MB (10^6 bytes), "
          "median:" % args.runs)
    print("  %-16s %12s %12s %12s %12s" % ("history", "RSS before", "RSS after", "growth",
                                            "peak (HWM)"))
    for n in sizes:
        label = "empty" if n == 0 else "%s sessions" % fmt_n(n)
        before = median_of(n, "rss-before-kib")
        after = median_of(n, "rss-after-kib")
        growth = statistics.median(s["rss-after-kib"] - s["rss-before-kib"] for s in samples[n])
        print("  %-16s %12.1f %12.1f %12.1f %12.1f" % (label, before * mb, after * mb,
                                                      growth * mb, median_of(n, "hwm-kib") * mb))
    extra = (median_of(args.sessions, "rss-after-kib") - median_of(0, "rss-after-kib")) * mb
    peak_extra = (median_of(args.sessions, "hwm-kib") - median_of(0, "hwm-kib")) * mb
    print()
    print("RSS after loading %s sessions minus RSS after loading an empty history: %.1f MB "
          "(%.0f bytes a session); peak: %.1f MB more"
          % (fmt_n(args.sessions), extra, extra * 1e6 / args.sessions, peak_extra))
    print("ratio to the target: %.2f of %.0f MB" % (extra / TARGET_MEMORY_MB, TARGET_MEMORY_MB))
    target_line(extra <= TARGET_MEMORY_MB,
                "resident memory of %s sessions over an empty history: %.1f MB, "
                "target at most %.0f MB" % (fmt_n(args.sessions), extra, TARGET_MEMORY_MB))
    return 0


def parse_sizes(text):
    return [int(s) for s in text.split(",") if s.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)

    p = sub.add_parser("time", help="wall time, median of several runs")
    p.add_argument("--runs", type=int, default=7, help="counted runs of each side (default 7)")
    p.add_argument("--sizes", type=parse_sizes, default=DEFAULT_SIZES,
                   help="comma-separated session counts (default 1000,10000,25000,100000)")

    p = sub.add_parser("instructions", help="instructions counted with callgrind")
    p.add_argument("--valgrind", default=shutil.which("valgrind"), help="the valgrind binary")
    p.add_argument("--sizes", type=parse_sizes, default=DEFAULT_SIZES,
                   help="comma-separated session counts (default 1000,10000,25000,100000)")

    p = sub.add_parser("memory", help="VmRSS after loading, against an empty history")
    p.add_argument("--runs", type=int, default=3, help="processes of each (default 3)")
    p.add_argument("--sessions", type=int, default=MEMORY_SESSIONS,
                   help="sessions in the full history (default 25000)")

    for p in sub.choices.values():
        p.add_argument("--timeout", type=float, default=600, help="seconds per process")
        p.add_argument("history_load", help="the history-load binary")

    args = parser.parse_args()
    try:
        return {"time": mode_time, "instructions": mode_instructions,
                "memory": mode_memory}[args.mode](args)
    except (RunFailed, subprocess.TimeoutExpired) as e:
        print("FAILED: %s" % e)
        return 1


if __name__ == "__main__":
    sys.exit(main())
