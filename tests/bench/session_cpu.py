#!/usr/bin/python3
# session_cpu.py LULL BARE-WINDOW — how much CPU the session page costs.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts a session on a routine whose step paces the breathing, then reads
# the process's CPU time from /proc over a quiet interval: once with the
# breathing shape moving, once with reduce motion on. The bare libadwaita
# window idling for the same interval is the baseline. Targets: at most 5%
# of one core with the animation, 2% with reduce motion.

import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import lull_e2e  # noqa: E402
from lull_e2e import Lull, lull_env, start_short_session, find, data_root_with_short_routine  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def measure(pid, seconds):
    start_cpu, start = cpu_seconds(pid), time.monotonic()
    time.sleep(seconds)
    return 100.0 * (cpu_seconds(pid) - start_cpu) / (time.monotonic() - start)


def lull_case(reduce_motion, seconds):
    data = data_root_with_short_routine("bench-cpu")
    with open(os.path.join(data, "settings.ini"), "w") as f:
        f.write("[Lull]\nreduce-motion=%s\n" % ("true" if reduce_motion else "false"))
    with Lull(data) as lull:
        window = start_short_session(lull)
        # Step 2 paces the breathing and waits for the parent.
        find(window, "label", "Breathe slowly.", timeout=30)
        time.sleep(2)
        return measure(lull.pid, seconds)


def bare_case(bare, seconds):
    process = subprocess.Popen([bare], env=lull_env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        time.sleep(3)
        return measure(process.pid, seconds)
    finally:
        process.kill()
        process.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("lull")
    parser.add_argument("bare")
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    lull_e2e.use_build(args.lull)

    baseline = bare_case(args.bare, args.seconds)
    animated = lull_case(False, args.seconds)
    still = lull_case(True, args.seconds)

    print(f"CPU use over {args.seconds:.0f} s, percent of one core:")
    print(f"  bare window, idle            {baseline:6.2f}")
    print(f"  session page, animation on   {animated:6.2f}   (target 5.00)")
    print(f"  session page, reduce motion  {still:6.2f}   (target 2.00)")
    if baseline > 0:
        print(f"ratio animated/bare: {animated / baseline:.1f}, still/bare: {still / baseline:.1f}")
    met = animated <= 5.0 and still <= 2.0
    print(f"target met: {'yes' if met else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
