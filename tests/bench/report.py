#!/usr/bin/python3
#
# report.py
#
# Copyright 2026 The Lull developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Report benchmark: the 8-week PDF report, its time and its size.

Runs `lull --data-dir ROOT --export-report FILE.pdf --from D --to D` over
the last 8 weeks of a data root with --sessions sessions (default 25,000,
from history_fixture.py, the last day being today) and prints the median
wall time of --runs runs, each a fresh process as a parent would run it,
and the size of the file. The baseline, in the same run and on the same
root, is `lull --export-csv` of the same history to a file: the same
start, settings and history load, so the ratio shows what drawing the
pages costs on top. The issue sets no limit, only these figures.

It needs no display, as the report does not. This is a benchmark, not a
test: it exits non-zero only when a run fails.

Usage: report.py [--runs N] [--sessions N] LULL
"""

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from history_fixture import write_history  # noqa: E402
from startup import find_build_dir  # noqa: E402


def run_once(argv, env):
    start = time.monotonic()
    result = subprocess.run(argv, env=env, capture_output=True, timeout=120)
    elapsed = time.monotonic() - start
    if result.returncode != 0:
        raise SystemExit("FAILED: %s: %s" % (" ".join(argv), result.stderr.decode()))
    return elapsed * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lull", help="the lull binary")
    parser.add_argument("--runs", type=int, default=7, help="runs of each (default 7)")
    parser.add_argument("--sessions", type=int, default=25000,
                        help="sessions in the data root (default 25000)")
    args = parser.parse_args()

    env = dict(os.environ)
    build = find_build_dir(args.lull)
    env.setdefault("GSETTINGS_SCHEMA_DIR", os.path.join(build, "data"))
    env.setdefault("LULL_LOCALEDIR", os.path.join(build, "po"))
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)

    today = datetime.date.today()
    first = today - datetime.timedelta(weeks=8) + datetime.timedelta(days=1)
    with tempfile.TemporaryDirectory(prefix="lull-bench-report-") as tmp:
        root = os.path.join(tmp, "root")
        write_history(root, args.sessions, last_day=today)
        pdf = os.path.join(tmp, "report.pdf")
        report = [args.lull, "--data-dir", root, "--export-report", pdf,
                  "--from", first.isoformat(), "--to", today.isoformat()]
        baseline = [args.lull, "--data-dir", root, "--export-csv",
                    os.path.join(tmp, "baseline.csv")]

        # One of each first, uncounted: the page cache and fontconfig's.
        run_once(report, env)
        run_once(baseline, env)
        report_ms, baseline_ms = [], []
        for _ in range(args.runs):
            report_ms.append(run_once(report, env))
            baseline_ms.append(run_once(baseline, env))
        size = os.path.getsize(pdf)
        pages = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout

    n_pages = next((line.split()[1] for line in pages.splitlines() if line.startswith("Pages:")),
                   "?")
    r, b = statistics.median(report_ms), statistics.median(baseline_ms)
    print("%s sessions in the data root; the report covers %s to %s (8 weeks)"
          % (format(args.sessions, ","), first.isoformat(), today.isoformat()))
    print("%d runs each, a fresh process each, no display (ms):" % args.runs)
    print("  %-34s %8s %8s %8s" % ("", "median", "min", "max"))
    print("  %-34s %8.1f %8.1f %8.1f" % ("lull --export-report (8 weeks)", r, min(report_ms),
                                         max(report_ms)))
    print("  %-34s %8.1f %8.1f %8.1f" % ("lull --export-csv, baseline", b, min(baseline_ms),
                                         max(baseline_ms)))
    print()
    print("report file: %d bytes (%.1f KiB), %s pages" % (size, size / 1024, n_pages))
    print("ratio report/baseline: %.2f" % (r / b))
    return 0


if __name__ == "__main__":
    sys.exit(main())
