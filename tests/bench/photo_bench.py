#!/usr/bin/python3
#
# photo_bench.py
#
# Copyright 2026 The Lull developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Photo benchmarks: the first photo, a slideshow's memory, its frames.

The photos are made by the benchmark with Pillow (Debian: python3-pil):
soft colour gradients under Gaussian grain, as a camera's photo has and a
flat test card does not, saved as JPEG at quality 92 (a 24-megapixel one
comes to about 13 MB). Lull gets them as a parent would give them, with
`lull --data-dir ROOT --import-photos FILE…`, which scales each to at most
2560 pixels and encodes it again. Every data root holds a routine of one
rest step (kind=rest, duration=0: the step waits, photos on) and a
settings.ini with play-sound=false. Every program runs with the same
GSK_RENDERER (cairo, the one Lull picks for itself; --renderer to change).
Three modes:

  first-photo  Target: the first photo on screen after the session starts,
               for a 24-megapixel JPEG (6000 × 4000), at most 0.5 times a
               plain full-size decode of the same original.
               Lull: `lull --data-dir ROOT --start-session=bench-photos`
               with LULL_BENCH_FIRST_PHOTO=1 prints `first-photo MS`, from
               the session's start to the first frame painted with the
               photo, and quits; ROOT is new for each run, the original
               imported into it. Baseline: tests/bench/pixbuf-decode.c, one
               gdk_pixbuf_new_from_file() of the original, timed in its
               process. --runs rounds (default 5), the two alternating,
               each a fresh process, after one uncounted run of each;
               medians. Like the sound benchmarks (sound_bench.py says
               why), each Lull root starts with a copy of the warm-up run's
               cache.
  memory       Target: the peak resident memory of Lull during a slideshow
               of 300 imported 12-megapixel photos (10 distinct 4000 × 3000
               JPEGs, each copied to 30 names, imported at once) at most
               80 MB (10^6 bytes) above that of Lull showing its home page
               on the same data root. Home page: `lull --data-dir ROOT`,
               VmRSS and VmHWM read from /proc/PID/status --settle seconds
               (default 4) after its window appears (xdotool). Slideshow:
               the session started with LULL_BENCH_SLIDESHOW_MS=250, a new
               photo every 250 ms instead of every slideshow-seconds, for
               --seconds (default 85, enough for all 300) from the
               session's start (its checkpoint.ini appears); VmRSS sampled
               every 250 ms, VmHWM read at the end. The figure: slideshow
               VmHWM minus home page VmHWM (peak against peak, so that the
               start-up's own peak counts on both sides); the ratio of the
               two peaks is printed too. How many of the 300 photos Lull
               read during the slideshow is counted from their access
               times (set an hour back before the run). --rounds (default
               2) of the two, after one uncounted home page run; medians.
  frames       Target: while the slideshow crossfades, no frame takes more
               than 20 ms on the main thread. Lull: the session, with 10
               imported 12-megapixel photos, LULL_BENCH_SLIDESHOW_MS=2500
               (a 1.5 s crossfade every 2.5 s) and LULL_BENCH_FRAMES=FILE,
               for --seconds (default 25); Lull keeps the time from each
               frame's before-paint to its after-paint while a crossfade
               runs, and writes them (µs, one a line) when the slideshow
               widget is disposed. The benchmark then presses Hide Photos
               (no crossfade runs while photos are hidden, so nothing the
               quitting does is counted), the window's Close button and
               Quit in "Quit During a Session?", through the accessibility
               tree (tests/e2e/lull_e2e.py): the window is destroyed and
               the file written. Baseline: tests/bench/photo-crossfade.c,
               a window holding only a crossfade of the same imported
               photos at the size Lull's slideshow had (read through the
               accessibility tree), the same interval, fade and easing,
               its frames timed the same way; its comment says how it
               differs. LULL_BENCH_FRAMES only times crossfades, so the
               session page without photos has no figure to compare with.
               Printed: worst frame, 99th percentile (nearest rank),
               median, frames over 20 ms, the ratios Lull/baseline, and
               Lull's worst against the 20 ms target. The worst frame moves
               with whatever else the machine does: when the baseline too
               has frames over 20 ms, a note says the run was disturbed.

This is a benchmark, not a test: it exits 0 even when a target is missed,
and non-zero only when a program fails (no first-photo line, a crash, no
frames written).

Usage: photo_bench.py first-photo [--runs N] LULL PIXBUF_DECODE
       photo_bench.py memory [--rounds N] [--seconds S] [--settle S] LULL
       photo_bench.py frames [--rounds N] [--seconds S] LULL PHOTO_CROSSFADE
Needs a display (run it under build-aux/headless); frames also needs the
accessibility bus (inside dbus-run-session) and python3-gi.
"""

import argparse
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sound_bench import (Program, RunFailed, has_display, keep_cache,  # noqa: E402
                         lull_argv, make_data_root, make_env)
from startup import run_until_line  # noqa: E402

try:
    from PIL import Image
except ImportError:
    Image = None

ROUTINE_ID = "bench-photos"
ROUTINE = """\
# tests/bench/photo_bench.py: one step that waits, with the photos on.
[Routine]
version=1
id=%s
name=Bench photos
pump-minutes=15

[Step 1]
kind=rest
duration=0
photos=true
prompt=Rest.
""" % ROUTINE_ID
PHOTO_ROUTINE = (ROUTINE_ID, ROUTINE)

FIRST_PHOTO = re.compile(rb"^first-photo ([0-9]+(?:\.[0-9]*)?)\n", re.MULTILINE)
DECODE = re.compile(rb"^decode ([0-9]+(?:\.[0-9]*)?)\nsize ([0-9]+)x([0-9]+)\n", re.MULTILINE)
FRAMES = re.compile(rb"^frames ([0-9]+)\n", re.MULTILINE)

TARGET_FIRST_PHOTO_RATIO = 0.5
TARGET_MEMORY_MB = 80.0
TARGET_FRAME_MS = 20.0

MB = 1024 / 1e6   # KiB to MB (10^6 bytes)


# The photos

def make_photo(path, width, height, seed):
    """A JPEG like a camera's: soft colour gradients (a 4 × 3 grid of random
    colours, stretched) under Gaussian grain (sigma 48, 45% of each
    channel), quality 92. One field of grain serves the three channels,
    turned differently for each (making it is most of the time)."""
    rnd = random.Random(seed)
    grid = Image.new("RGB", (4, 3))
    grid.putdata([tuple(rnd.randrange(256) for _ in range(3)) for _ in range(12)])
    soft = grid.resize((width, height), Image.BICUBIC)
    grain = Image.effect_noise((width, height), 48)
    grains = (grain, grain.transpose(Image.ROTATE_180), grain.transpose(Image.FLIP_LEFT_RIGHT))
    channels = [Image.blend(channel, g, 0.45) for channel, g in zip(soft.split(), grains)]
    Image.merge("RGB", channels).save(path, quality=92)


def make_photos(folder, count, width, height):
    """count distinct photos in folder (made for it); returns their paths."""
    os.makedirs(folder, exist_ok=True)
    t0 = time.monotonic()
    paths = []
    for i in range(count):
        path = os.path.join(folder, "photo-%02d.jpg" % i)
        make_photo(path, width, height, seed=i)
        paths.append(path)
    size = sum(os.path.getsize(p) for p in paths)
    print("made %d photo%s of %d × %d (%.1f megapixels), %.1f MB in all (%.1f s)"
          % (count, "" if count == 1 else "s", width, height, width * height / 1e6, size / 1e6,
             time.monotonic() - t0))
    sys.stdout.flush()
    return paths


def import_photos(lull, env, root, paths, timeout):
    """lull --data-dir root --import-photos paths…; returns the photos'
    files in root, failing unless every file was added."""
    argv = [lull, "--data-dir", root, "--import-photos"] + list(paths)
    t0 = time.monotonic()
    proc = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=timeout)
    added = [line for line in proc.stdout.decode("utf-8", "replace").splitlines()
             if line.startswith("added\t")]
    files = photo_files(root)
    if proc.returncode != 0 or not added or len(files) < len(added):
        raise RunFailed("%s: status %d, %d lines \"added\", %d files in photos/\n--- stdout ---\n"
                        "%s--- stderr ---\n%s"
                        % (" ".join(argv[:5] + (["…"] if len(argv) > 5 else [])),
                           proc.returncode, len(added), len(files),
                           proc.stdout.decode("utf-8", "replace")[-2000:],
                           proc.stderr.decode("utf-8", "replace")[-2000:]))
    return files, time.monotonic() - t0


def photo_files(root):
    folder = os.path.join(root, "photos")
    if not os.path.isdir(folder):
        return []
    return sorted(os.path.join(folder, name) for name in os.listdir(folder)
                  if os.path.isfile(os.path.join(folder, name)))


def describe_imported(files):
    with Image.open(files[0]) as im:
        size = im.size
    total = sum(os.path.getsize(f) for f in files)
    return "%d file%s in ROOT/photos, the first %d × %d, %.2f MB a file on average" % (
        len(files), "" if len(files) == 1 else "s", size[0], size[1], total / len(files) / 1e6)


def photo_env(args, **hooks):
    env = make_env(args.lull, None, **hooks)
    env["GSK_RENDERER"] = args.renderer
    return env


# first-photo

def mode_first_photo(args):
    env = photo_env(args, LULL_BENCH_FIRST_PHOTO="1")
    times = {"lull": [], "baseline": []}
    sizes = set()
    with tempfile.TemporaryDirectory(prefix="lull-bench-photo-") as tmp:
        original, = make_photos(os.path.join(tmp, "originals"), 1, 6000, 4000)
        cache_template = None
        imported = None

        def run(name):
            nonlocal imported, cache_template
            if name == "baseline":
                match, _, _ = run_until_line([args.pixbuf_decode, original], env, args.timeout,
                                             DECODE, "decode line")
                sizes.add((int(match.group(2)), int(match.group(3))))
                return float(match.group(1))
            root = make_data_root(tmp, cache_template, play_sound=False, routine=PHOTO_ROUTINE)
            try:
                files, _ = import_photos(args.lull, env, root, [original], args.timeout)
                imported = imported or describe_imported(files)
                match, _, _ = run_until_line(lull_argv(args.lull, root, ROUTINE_ID), env,
                                             args.timeout, FIRST_PHOTO, "first-photo line")
                if cache_template is None and os.path.isdir(os.path.join(root, "cache")):
                    cache_template = keep_cache(root, tmp)
                return float(match.group(1))
            finally:
                shutil.rmtree(root, ignore_errors=True)

        cold = run("lull")
        run("baseline")
        for r in range(args.runs):
            for name in (("lull", "baseline") if r % 2 == 0 else ("baseline", "lull")):
                times[name].append(run(name))

    print("imported: %s" % imported)
    print("baseline decoded: %s" % ", ".join("%d × %d" % s for s in sorted(sizes)))
    print("GSK_RENDERER=%s for every program" % env["GSK_RENDERER"])
    print()
    print("%d runs each, alternating, after 1 warm-up run of each" % args.runs)
    print("(ms; lull: from the session's start to the first frame painted with the photo;")
    print(" baseline: gdk_pixbuf_new_from_file() of the 24-megapixel original)")
    print("  %-10s %8s %8s %8s" % ("program", "median", "min", "max"))
    medians = {}
    for name in ("lull", "baseline"):
        ms = times[name]
        medians[name] = statistics.median(ms)
        print("  %-10s %8.1f %8.1f %8.1f" % (name, medians[name], min(ms), max(ms)))
    print("  lull's warm-up run, in a data root with an empty cache: %.1f ms (not counted)" % cold)
    print()
    ratio = medians["lull"] / medians["baseline"]
    print("ratio lull/baseline: %.2f (target at most %.1f)" % (ratio, TARGET_FIRST_PHOTO_RATIO))
    print("target met: %s" % ("yes" if ratio <= TARGET_FIRST_PHOTO_RATIO else "no"))
    return 0


# memory

def status_kib(pid):
    """{"VmRSS": KiB, "VmHWM": KiB} of a live process."""
    values = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0])
    return values


def wait_until(program, test, timeout, what):
    """Polls test() every 0.1 s while program runs, until it is true."""
    deadline = time.monotonic() + timeout
    while not test():
        program.check_alive()
        if time.monotonic() > deadline:
            raise program.fail("no %s within %d s" % (what, timeout))
        time.sleep(0.1)


def window_shown(program):
    """Whether the program has a visible top-level window titled Lull."""
    out = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(program.proc.pid),
                          "--name", "^Lull$"], capture_output=True, text=True)
    return bool(out.stdout.split())


def home_page(args, env, root):
    """VmRSS and VmHWM (KiB) of Lull on its home page, --settle seconds
    after its window appeared."""
    program = Program([args.lull, "--data-dir", root], env)
    try:
        wait_until(program, lambda: window_shown(program), args.timeout, "window")
        time.sleep(args.settle)
        program.check_alive()
        return status_kib(program.proc.pid)
    finally:
        program.stop()


def slideshow(args, env, root, files):
    """VmHWM (KiB) at the end of a --seconds slideshow, the largest and last
    VmRSS sampled, and how many of files were read during it."""
    checkpoint = os.path.join(root, "checkpoint.ini")
    back = time.time() - 3600
    for f in files:
        os.utime(f, (back, back))
    program = Program(lull_argv(args.lull, root, ROUTINE_ID), env)
    try:
        wait_until(program, lambda: os.path.exists(checkpoint), args.timeout, "session started")
        end = time.monotonic() + args.seconds
        rss = []
        while time.monotonic() < end:
            program.check_alive()
            rss.append(status_kib(program.proc.pid)["VmRSS"])
            time.sleep(0.25)
        program.check_alive()
        hwm = status_kib(program.proc.pid)["VmHWM"]
    finally:
        program.stop()
        # A session left running is offered back at the next start.
        if os.path.exists(checkpoint):
            os.unlink(checkpoint)
    read = sum(1 for f in files if os.stat(f).st_atime > back + 1)
    return {"VmHWM": hwm, "max-rss": max(rss), "last-rss": rss[-1], "read": read}


def mode_memory(args):
    if shutil.which("xdotool") is None:
        print("photo_bench.py: xdotool is not installed (Debian: xdotool)", file=sys.stderr)
        return 2
    env = photo_env(args)
    slide_env = photo_env(args, LULL_BENCH_SLIDESHOW_MS="250")
    homes, slides = [], []
    with tempfile.TemporaryDirectory(prefix="lull-bench-photo-") as tmp:
        distinct = make_photos(os.path.join(tmp, "originals"), 10, 4000, 3000)
        folder = os.path.join(tmp, "to-import")
        os.mkdir(folder)
        for i in range(args.photos):
            shutil.copyfile(distinct[i % len(distinct)],
                            os.path.join(folder, "photo-%03d.jpg" % i))
        root = make_data_root(tmp, None, play_sound=False, routine=PHOTO_ROUTINE)
        files, seconds = import_photos(args.lull, env, root, [folder], args.timeout * 20)
        print("imported %d photos in %.1f s: %s" % (args.photos, seconds, describe_imported(files)))
        print("GSK_RENDERER=%s" % env["GSK_RENDERER"])
        sys.stdout.flush()

        home_page(args, env, root)
        for _ in range(args.rounds):
            homes.append(home_page(args, env, root))
            slides.append(slideshow(args, slide_env, root, files))

    def median(samples, key):
        return statistics.median(s[key] for s in samples) * MB

    home_rss, home_hwm = median(homes, "VmRSS"), median(homes, "VmHWM")
    slide_hwm = median(slides, "VmHWM")
    print()
    print("%d rounds of each, after 1 warm-up home page run; MB (10^6 bytes), medians:"
          % args.rounds)
    print("  home page, %.0f s after its window appeared: VmRSS %.1f, VmHWM %.1f"
          % (args.settle, home_rss, home_hwm))
    print("  slideshow, a photo every 250 ms for %.0f s: VmHWM %.1f; VmRSS sampled every "
          "250 ms: largest %.1f, last %.1f" % (args.seconds, slide_hwm, median(slides, "max-rss"),
                                              median(slides, "last-rss")))
    print("  photos read during the slideshow: %s of %d"
          % (", ".join(str(s["read"]) for s in slides), len(files)))
    print()
    extra = slide_hwm - home_hwm
    print("slideshow peak minus home page peak: %.1f MB (target at most %.0f MB; "
          "minus the home page's VmRSS: %.1f MB)" % (extra, TARGET_MEMORY_MB, slide_hwm - home_rss))
    print("ratio slideshow peak/home page peak: %.2f" % (slide_hwm / home_hwm))
    print("ratio to the target: %.2f of %.0f MB" % (extra / TARGET_MEMORY_MB, TARGET_MEMORY_MB))
    print("target met: %s" % ("yes" if extra <= TARGET_MEMORY_MB else "no"))
    return 0


# frames

def frame_stats(us):
    """worst, 99th percentile (nearest rank) and median in ms, and how many
    frames took over the target, of frame times in µs."""
    ms = sorted(v / 1000 for v in us)
    return {"frames": len(ms), "worst": ms[-1], "p99": ms[math.ceil(0.99 * len(ms)) - 1],
            "median": statistics.median(ms), "over": sum(1 for v in ms if v > TARGET_FRAME_MS)}


def read_frames(path):
    with open(path) as f:
        return [int(line) for line in f if line.strip()]


def lull_frames(args, env, root, path):
    """Lull's frame times (µs) over a --seconds slideshow, and the size of
    its slideshow widget."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
    import lull_e2e
    from lull_e2e import Lull, click, extents, find, respond

    lull_e2e.LULL = args.lull
    if os.path.exists(path):
        os.unlink(path)
    with Lull(root, args=["--start-session=" + ROUTINE_ID], env=env) as lull:
        try:
            window = lull.window("Lull")
            photos = find(window, "image", "Your photos")
            lull_e2e.wait_for(lambda: extents(photos)[2] > 0, what="the slideshow on screen")
            size = extents(photos)[2:]
            hide = find(window, "push button", "Hide Photos")
            close = find(window, "push button", "Close")
            time.sleep(args.seconds)
            click(hide)
            time.sleep(0.5)
            click(close)
            respond(lull, "Quit During a Session?", "Quit")
            status = lull.wait(args.timeout)
        except AssertionError as e:
            raise RunFailed("lull: %s\n--- stderr ---\n%s" % (e, lull.stderr()))
        if status != 0 or not os.path.exists(path):
            raise RunFailed("lull exited with status %d%s\n--- stderr ---\n%s"
                            % (status, "" if os.path.exists(path) else
                               ", and wrote no frame times (did no crossfade run?)",
                               lull.stderr()))
    # Quitting mid-session keeps the session for the next start.
    checkpoint = os.path.join(root, "checkpoint.ini")
    if os.path.exists(checkpoint):
        os.unlink(checkpoint)
    return read_frames(path), size


def mode_frames(args):
    env = photo_env(args, LULL_BENCH_SLIDESHOW_MS=str(args.interval))
    frames = {"lull": [], "baseline": []}
    with tempfile.TemporaryDirectory(prefix="lull-bench-photo-") as tmp:
        originals = make_photos(os.path.join(tmp, "originals"), 10, 4000, 3000)
        root = make_data_root(tmp, None, play_sound=False, routine=PHOTO_ROUTINE)
        files, _ = import_photos(args.lull, env, root, originals, args.timeout * 5)
        print("imported: %s" % describe_imported(files))
        print("GSK_RENDERER=%s for both" % env["GSK_RENDERER"])
        sys.stdout.flush()
        out = os.path.join(tmp, "frames.txt")
        sizes = []
        for _ in range(args.rounds):
            us, size = lull_frames(args, dict(env, LULL_BENCH_FRAMES=out), root, out)
            frames["lull"].append(us)
            sizes.append(size)
            run_until_line([args.photo_crossfade, str(size[0]), str(size[1]), str(args.interval),
                            str(int(args.seconds)), out] + files,
                           env, args.seconds + args.timeout, FRAMES, "frames line")
            frames["baseline"].append(read_frames(out))

    print()
    print("slideshow widget: %s (the baseline's crossfade at the same size)"
          % ", ".join("%d × %d" % s for s in sizes))
    print("%d round%s of each, %.0f s, a new photo every %d ms with a 1.5 s crossfade;"
          % (args.rounds, "" if args.rounds == 1 else "s", args.seconds, args.interval))
    print("main thread per frame while a crossfade runs, before-paint to after-paint, ms,")
    print("over all frames of all rounds:")
    print("  %-10s %7s %8s %8s %8s %10s" % ("program", "frames", "worst", "p99", "median",
                                            "over %.0f ms" % TARGET_FRAME_MS))
    stats = {}
    for name in ("lull", "baseline"):
        stats[name] = frame_stats([v for run in frames[name] for v in run])
        s = stats[name]
        print("  %-10s %7d %8.2f %8.2f %8.2f %10d" % (name, s["frames"], s["worst"], s["p99"],
                                                      s["median"], s["over"]))
    print()
    lull, base = stats["lull"], stats["baseline"]
    print("ratio lull/baseline: worst %.2f, p99 %.2f, median %.2f"
          % (lull["worst"] / base["worst"], lull["p99"] / base["p99"],
             lull["median"] / base["median"]))
    print("ratio lull's worst frame/target: %.2f (target: no frame over %.0f ms)"
          % (lull["worst"] / TARGET_FRAME_MS, TARGET_FRAME_MS))
    if base["over"] > 0:
        print("note: the baseline too had %d frame%s over %.0f ms: the machine was busy (load "
              "average %.2f at the end), so the worst frames say more about it than about Lull"
              % (base["over"], "" if base["over"] == 1 else "s", TARGET_FRAME_MS,
                 os.getloadavg()[0]))
    print("target met: %s" % ("yes" if lull["worst"] <= TARGET_FRAME_MS else "no"))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)

    p = sub.add_parser("first-photo", help="the first photo on screen, against a plain decode")
    p.add_argument("--runs", type=int, default=5, help="counted runs of each (default 5)")
    p.add_argument("lull", help="the lull binary")
    p.add_argument("pixbuf_decode", help="the pixbuf-decode binary")
    p.set_defaults(run=mode_first_photo)

    p = sub.add_parser("memory", help="a slideshow's peak memory, against the home page")
    p.add_argument("--rounds", type=int, default=2, help="runs of each (default 2)")
    p.add_argument("--photos", type=int, default=300, help="photos imported (default 300)")
    p.add_argument("--seconds", type=float, default=85,
                   help="seconds of slideshow, a photo every 250 ms (default 85)")
    p.add_argument("--settle", type=float, default=4,
                   help="seconds on the home page before reading (default 4)")
    p.add_argument("lull", help="the lull binary")
    p.set_defaults(run=mode_memory)

    p = sub.add_parser("frames", help="frame times while crossfading, against a bare crossfade")
    p.add_argument("--rounds", type=int, default=1, help="runs of each (default 1)")
    p.add_argument("--seconds", type=float, default=25, help="seconds of slideshow (default 25)")
    p.add_argument("--interval", type=int, default=2500,
                   help="milliseconds between photos (default 2500)")
    p.add_argument("lull", help="the lull binary")
    p.add_argument("photo_crossfade", help="the photo-crossfade binary")
    p.set_defaults(run=mode_frames)

    for p in sub.choices.values():
        p.add_argument("--timeout", type=float, default=30,
                       help="seconds for a program to start or answer (default 30)")
        p.add_argument("--renderer", default="cairo",
                       help="GSK_RENDERER for every program (default cairo)")

    args = parser.parse_args()
    if not has_display("photo_bench.py"):
        return 2
    if Image is None:
        print("photo_bench.py: Pillow is missing (Debian: python3-pil)", file=sys.stderr)
        return 2
    try:
        return args.run(args)
    except (RunFailed, subprocess.TimeoutExpired) as e:
        print("FAILED: %s" % e)
        return 1


if __name__ == "__main__":
    sys.exit(main())
