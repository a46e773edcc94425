#!/usr/bin/python3
# test_portable_session.py — a whole portable session with sound, photos
# and a reminder writes nothing outside --data-dir: not in HOME, the XDG
# folders, TMPDIR, the working folder or the runtime folder (GStreamer's
# registry, the recently-used list, thumbnails, fontconfig and Mesa caches,
# dconf included).
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess
import sys
import time

import gi

gi.require_version("GdkPixbuf", "2.0")
from gi.repository import Atspi, GdkPixbuf  # noqa: E402

from lull_e2e import (Desktop, Lull, activate, click, find, key, lull_env,  # noqa: E402
                      run, tmpdir, wait_for)
from test_reminders import NotificationServer, data_root  # noqa: E402
from test_sound import SOUND, Capture, record, require_pulse  # noqa: E402

ROUTINE = """[Routine]
version=1
id=e2e-portable
name=Portable test routine
pump-minutes=15
photos=true

[Step 1]
kind=imagery
duration=0
audio=builtin:imagery-short
prompt=Listen and look.

[Step 2]
kind=expression
duration=0
prompt=Let the milk come.
"""

# Files the harness itself keeps in the runtime folder: the sound server's
# and the accessibility bus's. Anything else there is Lull's.
HARNESS_RUNTIME = ("pulse", "at-spi", "bus")


def snapshot(folders):
    """{path: (size, mtime)} of every file and folder below @folders."""
    seen = {}
    for folder in folders:
        for parent, dirs, files in os.walk(folder):
            for name in dirs + files:
                path = os.path.join(parent, name)
                try:
                    st = os.lstat(path)
                except FileNotFoundError:
                    continue
                seen[path] = (st.st_size, st.st_mtime_ns if not os.path.isdir(path) else 0)
    return seen


def changed(before, after, runtime):
    found = []
    for path, state in after.items():
        if before.get(path) == state:
            continue
        if os.path.relpath(path, runtime).split(os.sep)[0] in HARNESS_RUNTIME:
            continue
        found.append(path)
    return sorted(found)


def make_photos(folder):
    os.makedirs(folder)
    for i, colour in enumerate((0xd04040ff, 0x4060d0ff)):
        pixbuf = GdkPixbuf.Pixbuf.new(GdkPixbuf.Colorspace.RGB, False, 8, 640, 480)
        pixbuf.fill(colour)
        pixbuf.savev(os.path.join(folder, f"baby-{i}.png"), "png", [], [])


def test_whole_session_writes_nothing_outside():
    """photos imported, a reminder, a session with sound and photos, logged: nothing outside DIR"""
    require_pulse()
    home = tmpdir("session-home")
    work = tmpdir("session-cwd")
    scratch = tmpdir("session-tmp")
    runtime = os.environ.get("XDG_RUNTIME_DIR") or tmpdir("session-runtime")
    env = lull_env(HOME=home,
                   XDG_DATA_HOME=os.path.join(home, ".local", "share"),
                   XDG_CONFIG_HOME=os.path.join(home, ".config"),
                   XDG_CACHE_HOME=os.path.join(home, ".cache"),
                   XDG_STATE_HOME=os.path.join(home, ".local", "state"),
                   TMPDIR=scratch)
    # A reminder due 5 s after the start, as test_reminders makes one.
    data = data_root(3 * 3600 - 5)
    os.makedirs(os.path.join(data, "routines"), mode=0o700)
    with open(os.path.join(data, "routines", "e2e-portable.lullroutine"), "w") as f:
        f.write(ROUTINE)
    photos = tmpdir("session-photos")
    make_photos(os.path.join(photos, "in"))

    # The accessibility bus is the harness's: up before the snapshot.
    Atspi.get_desktop(0).get_child_count()
    watched = (home, work, scratch, runtime)
    before = snapshot(watched)

    imported = subprocess.run([os.environ["LULL_BINARY"], "--data-dir", data, "--import-photos",
                               os.path.join(photos, "in")],
                              env=env, cwd=work, capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.count("added\t") == 2, imported.stdout

    capture = Capture()
    try:
        with NotificationServer() as server, Desktop():
            lull = LullIn(work, data, env)
            try:
                window = lull.window("Lull")
                wait_for(lambda: server.notifications(), timeout=20, what="the reminder")

                click(find(window, "push button", "Portable test routine"))
                click(find(window, "push button", "Start Session"))
                find(window, "label", "Listen and look.")
                find(window, None, "Your photos")
                time.sleep(3.5)
                level = record(capture, 2)
                assert level > SOUND, f"the narration should be heard (RMS {level:.5f})"

                click(find(window, "push button", "Start Pumping"))
                click(find(window, "push button", "Finish"))
                find(window, "label", "Well done.")
                click(find(window, "push button", "Save"))
                find(window, "label", lambda text: "today" in text and "session" in text)

                # Reminders keep Lull running with its window closed: quit.
                activate(lull)
                key("ctrl+q")
                assert lull.wait() == 0, lull.stderr()
            finally:
                lull.close()
    finally:
        capture.stop()

    leaks = changed(before, snapshot(watched), runtime)
    assert leaks == [], "written outside the data folder:\n" + "\n".join(leaks)
    assert os.listdir(os.path.join(data, "photos")), "the photos are in the data folder"
    assert os.path.isdir(os.path.join(data, "cache", "gstreamer-1.0")), \
        os.listdir(os.path.join(data, "cache"))


class LullIn(Lull):
    """Lull started in a working folder of the test's choosing."""

    def __init__(self, cwd, data_dir, env):
        saved = os.getcwd()
        os.chdir(cwd)
        try:
            super().__init__(data_dir, env=env)
        finally:
            os.chdir(saved)


if __name__ == "__main__":
    sys.exit(run(test_whole_session_writes_nothing_outside))
