# sound_bench.py
#
# Copyright 2026 The Lull developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the sound benchmarks, sound_start.py and sound_cpu.py, share
(and photo_bench.py, with a routine of its own).

The routine whose session plays a bundled narration from its start, the
environment Lull and the programs it is measured against run in, a new data
root for each Lull run (one used before holds the checkpoint of the session
the last run left unfinished, and Lull would offer to resume that instead),
the warm-up run's cache copied into each, and ending a run with anything it
started.

In portable mode Lull keeps library caches in ROOT/cache, GStreamer's plugin
registry among them; a new root would rebuild the registry at every first
session, several seconds, which the programs Lull is measured against
(reading ~/.cache) never pay. So the benchmarks keep the warm-up run's cache
(keep_cache) and copy it into every later root (make_data_root).
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from startup import RunFailed, find_build_dir  # noqa: E402

__all__ = ["RunFailed", "TRACK_ID", "TRACK_FILE", "ROUTINE_ID", "has_display", "make_env",
           "find_track", "default_sink", "make_data_root", "keep_cache", "lull_argv",
           "failure", "end_group", "Program"]

TRACK_ID = "builtin:imagery-short"
TRACK_FILE = "imagery-short.opus"
ROUTINE_ID = "bench-sound"

ROUTINE = """\
# tests/bench/sound_bench.py: a session whose track plays from its start.
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

# The benchmarks' hooks in Lull: most make it quit early, or change what
# it does, so a run has only the ones it asks for.
BENCH_HOOKS = ("LULL_BENCH_FIRST_SAMPLE", "LULL_BENCH_EXIT_AFTER_FIRST_FRAME",
               "LULL_BENCH_FIRST_PHOTO", "LULL_BENCH_SLIDESHOW_MS", "LULL_BENCH_FRAMES")


def has_display(program):
    """True with a display; otherwise says so for program (its file name)."""
    if "DISPLAY" in os.environ or "WAYLAND_DISPLAY" in os.environ:
        return True
    print("%s: no display; run it under build-aux/headless" % program, file=sys.stderr)
    return False


def make_env(lull, media=None, **hooks):
    """The environment for every program of a run: the build's schemas and
    translations, the bundled sounds (media, else $LULL_MEDIA_DIR, else
    media/ in the source tree), and of the benchmarks' hooks only those
    given, such as LULL_BENCH_FIRST_SAMPLE="1"."""
    env = dict(os.environ)
    build = find_build_dir(lull)
    env.setdefault("GSETTINGS_SCHEMA_DIR", os.path.join(build, "data"))
    env.setdefault("LULL_LOCALEDIR", os.path.join(build, "po"))
    env.setdefault("LULL_MEDIA_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "..", "..", "media"))
    if media:
        env["LULL_MEDIA_DIR"] = os.path.abspath(media)
    for name in BENCH_HOOKS:
        env.pop(name, None)
    env.update(hooks)
    return env


def find_track(env, program):
    """The path of the narration the routine plays, or None when it is
    missing (said for program)."""
    track = os.path.normpath(os.path.join(env["LULL_MEDIA_DIR"], TRACK_FILE))
    if not os.path.isfile(track):
        print("%s: %s is missing" % (program, track), file=sys.stderr)
        return None
    return track


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


def make_data_root(parent, cache_template, play_sound=None, routine=(ROUTINE_ID, ROUTINE)):
    """A new data root in parent holding the routine (its id and its text;
    by default the sound benchmarks' own), a settings.ini with play-sound
    when play_sound is not None, and a copy of cache_template as its cache
    folder when there is one."""
    root = tempfile.mkdtemp(prefix="root-", dir=parent)
    os.chmod(root, 0o700)
    routines = os.path.join(root, "routines")
    os.mkdir(routines, 0o700)
    with open(os.path.join(routines, routine[0] + ".lullroutine"), "w") as f:
        f.write(routine[1])
    if play_sound is not None:
        settings = os.path.join(root, "settings.ini")
        with open(settings, "w") as f:
            f.write("[Lull]\nplay-sound=%s\n" % ("true" if play_sound else "false"))
        os.chmod(settings, 0o600)
    if cache_template is not None:
        shutil.copytree(cache_template, os.path.join(root, "cache"), symlinks=True)
    return root


def keep_cache(root, parent):
    """Copies the cache of the (warm-up) run in root to parent; returns the
    copy, for make_data_root."""
    template = os.path.join(parent, "cache-template")
    shutil.copytree(os.path.join(root, "cache"), template, symlinks=True)
    return template


def lull_argv(lull, root, routine_id=ROUTINE_ID):
    """Lull on root, starting the routine's session at once."""
    return [lull, "--data-dir", root, "--start-session=" + routine_id]


def failure(argv, why, err):
    """A RunFailed for the run of argv, with what it wrote to err (a file)."""
    err.seek(0)
    stderr = err.read().decode("utf-8", "replace").strip()
    return RunFailed("%s: %s%s" % (" ".join(argv), why,
                                   ("\n--- stderr ---\n" + stderr) if stderr else ""))


def end_group(proc, grace):
    """Ends proc, started with start_new_session=True, and anything left in
    its process group (a child of Lull's): SIGTERM first, and SIGKILL after
    grace seconds, or at once when grace is 0."""
    if proc.poll() is None:
        try:
            if grace > 0:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=grace)
            else:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        except ProcessLookupError:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


class Program:
    """One run of a program that the benchmark ends itself: started in a
    process group of its own with its standard error kept for the report
    of a failure, checked on, and stopped with anything it started (and
    its data root removed, when given one)."""

    def __init__(self, argv, env, root=None):
        self.argv = argv
        self.root = root
        self.err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=self.err,
                                     start_new_session=True)

    def fail(self, why):
        end_group(self.proc, grace=10)
        return failure(self.argv, why, self.err)

    def check_alive(self):
        if self.proc.poll() is not None:
            raise self.fail("exited with status %d" % self.proc.returncode)

    def stop(self):
        end_group(self.proc, grace=10)
        self.err.close()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
