#!/usr/bin/python3
#
# reminders.py
#
# Copyright 2026 The Lull developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reminders benchmark: idle in the background, and how late reminders come.

idle: `lull --data-dir ROOT --background` with reminders every 3 hours
and a session that started just now, so the next reminder is hours away,
and bare-held (a libadwaita application with no window, held: the
baseline), each left alone for --seconds (default 120) after 5 s to
settle. Read from /proc: the process's CPU time (utime + stime in
/proc/PID/stat) and the main thread's voluntary context switches
(/proc/PID/status), which count its wake-ups. The ticks of /proc/PID/stat
are 10 ms, the whole target, so the CPU time is also summed, in
nanoseconds, from each thread's /proc/PID/task/TID/schedstat, and that is
what the target is held to. Targets for Lull: at most 10 ms of CPU and at
most 5 wake-ups.

late: `lull --background` with LULL_BENCH_REMINDERS=20: twenty wake-ups,
each armed 2 s ahead through the reminder service's timerfd on
CLOCK_REALTIME, print how late each came after its due second
(src/app/lull-reminder-service.c). Target: every one within 1 s.

Both need a display (GTK starts even with no window): run under
build-aux/headless. This is a benchmark, not a test: it exits 0 when a
target is missed, non-zero only when a run fails.

Usage: reminders.py [--seconds N] LULL BARE_HELD
"""

import argparse
import datetime
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_CPU_MS = 10
TARGET_WAKEUPS = 5
TARGET_LATE_MS = 1000
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_ms(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15; after the name, 12 and 13.
    return (int(fields[11]) + int(fields[12])) * 1000 / CLOCK_TICKS


def thread_ns(pid):
    """Each thread's CPU time in nanoseconds (schedstat): the ticks of
    /proc/PID/stat are 10 ms, the whole target."""
    times = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                times[task] = int(f.read().split()[0])
        except FileNotFoundError:
            pass  # a thread that just ended
    return times


def fine_ms(before, after):
    """CPU between two thread_ns() readings: what each thread used, a
    thread that started meanwhile all of its time."""
    return sum(ns - before.get(task, 0) for task, ns in after.items()) / 1e6


def wakeups(pid):
    """The main thread's voluntary context switches."""
    with open(f"/proc/{pid}/task/{pid}/status") as f:
        for line in f:
            if line.startswith("voluntary_ctxt_switches:"):
                return int(line.split()[1])
    raise RuntimeError("no voluntary_ctxt_switches")


def idle(argv, env, seconds):
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        time.sleep(5)
        if proc.poll() is not None:
            raise SystemExit(f"FAILED: {argv[0]} ended (status {proc.returncode})")
        cpu0, fine0, wake0 = cpu_ms(proc.pid), thread_ns(proc.pid), wakeups(proc.pid)
        time.sleep(seconds)
        cpu1, fine1, wake1 = cpu_ms(proc.pid), thread_ns(proc.pid), wakeups(proc.pid)
    finally:
        proc.terminate()
        proc.wait()
    # A thread that ended meanwhile is in the ticks, not in the threads.
    return cpu1 - cpu0, fine_ms(fine0, fine1), wake1 - wake0


def data_root(tmp):
    root = os.path.join(tmp, "root")
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    os.makedirs(os.path.join(root, "history"), mode=0o700)
    with open(os.path.join(root, "history", now.strftime("%Y-%m") + ".ini"), "w") as f:
        f.write("[Lull History]\nversion=1\n\n"
                f"[{now.strftime('%Y-%m-%dT%H:%M:%SZ')}]\n"
                f"start={now.strftime('%Y-%m-%dT%H:%M:%S')}+00:00\n"
                "prime-seconds=0\npump-seconds=600\n")
    with open(os.path.join(root, "settings.ini"), "w") as f:
        f.write("[Lull]\nreminder-mode='interval'\nreminder-interval-minutes=180\n")
    return root


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lull")
    parser.add_argument("bare")
    parser.add_argument("--seconds", type=float, default=120)
    args = parser.parse_args()

    build = os.path.dirname(os.path.dirname(os.path.abspath(args.lull)))
    env = dict(os.environ)
    env.setdefault("GSETTINGS_SCHEMA_DIR", os.path.join(build, "data"))
    env.setdefault("LULL_LOCALEDIR", os.path.join(build, "po"))
    env["GSK_RENDERER"] = "cairo"

    with tempfile.TemporaryDirectory(prefix="lull-bench-reminders-") as tmp:
        root = data_root(tmp)
        lull = [args.lull, "--data-dir", root, "--background"]
        bare_ticks, bare_cpu, bare_wake = idle([args.bare], env, args.seconds)
        lull_ticks, lull_cpu, lull_wake = idle(lull, env, args.seconds)

        late_env = dict(env, LULL_BENCH_REMINDERS="20")
        result = subprocess.run(lull, env=late_env, capture_output=True, text=True, timeout=120)
        late = [float(v) for v in re.findall(r"^reminder-late-ms ([0-9.-]+)$", result.stdout,
                                             re.MULTILINE)]
        if len(late) != 20:
            raise SystemExit(f"FAILED: {len(late)} wake-ups timed, not 20: {result.stderr}")

    print(f"idle in the background for {args.seconds:.0f} s, after 5 s to settle:")
    print(f"  {'':28} {'CPU ms':>8} {'(stat)':>8} {'wake-ups':>9}")
    print(f"  {'bare held application':28} {bare_cpu:8.2f} {bare_ticks:8.0f} {bare_wake:9d}")
    print(f"  {'lull --background':28} {lull_cpu:8.2f} {lull_ticks:8.0f} {lull_wake:9d}")
    print("  (CPU: each live thread's /proc/PID/task/TID/schedstat, in ns; (stat): /proc/PID/stat,")
    print("   in 10 ms ticks, which also counts threads that ended meanwhile)")
    print(f"ratio lull/bare: CPU {lull_cpu / max(bare_cpu, 1e-3):.2f}, "
          f"wake-ups {lull_wake / max(bare_wake, 1):.2f}")
    print()
    print("20 reminders armed 2 s ahead on the reminder timerfd, lateness (ms):")
    print(f"  median {statistics.median(late):.2f}, worst {max(late):.2f}, "
          f"best {min(late):.2f}")
    print("  " + ", ".join(f"{v:.1f}" for v in late))
    print()
    worst_cpu = max(lull_cpu, lull_ticks)
    print(f"target met: {'yes' if worst_cpu <= TARGET_CPU_MS else 'no'}  "
          f"(idle CPU {worst_cpu:.1f} ms by the larger of the two readings, at most "
          f"{TARGET_CPU_MS} ms)")
    print(f"target met: {'yes' if lull_wake <= TARGET_WAKEUPS else 'no'}  "
          f"(idle wake-ups {lull_wake}, at most {TARGET_WAKEUPS})")
    print(f"target met: {'yes' if max(late) <= TARGET_LATE_MS else 'no'}  "
          f"(worst lateness {max(late):.1f} ms, at most {TARGET_LATE_MS} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
