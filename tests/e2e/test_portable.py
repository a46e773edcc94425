#!/usr/bin/python3
# test_portable.py — portable mode keeps every file inside --data-dir.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import stat
import sys

from lull_e2e import Lull, click, close_window, find, lull_env, open_preferences, run, tmpdir


def files_below(folder):
    found = []
    for parent, dirs, files in os.walk(folder):
        for name in dirs + files:
            found.append(os.path.relpath(os.path.join(parent, name), folder))
    return sorted(found)


def test_nothing_written_outside():
    """a whole run with --data-dir writes nothing in HOME or the XDG folders"""
    home = tmpdir("home")
    data = tmpdir("portable")
    # Everything a library could write to when it ignores the data root:
    # HOME and each XDG base folder point into one empty folder.
    env = lull_env(HOME=home,
                   XDG_DATA_HOME=os.path.join(home, "data"),
                   XDG_CONFIG_HOME=os.path.join(home, "config"),
                   XDG_CACHE_HOME=os.path.join(home, "cache"),
                   XDG_STATE_HOME=os.path.join(home, "state"))

    with Lull(data, env=env) as lull:
        preferences = open_preferences(lull)
        click(find(preferences, "push button", "US Fluid Ounces (fl oz)"))
        close_window(preferences, lull)
        close_window(lull.window("Lull"))
        assert lull.wait() == 0, lull.stderr()

    assert files_below(home) == [], f"written outside the data folder: {files_below(home)}"
    assert "settings.ini" in files_below(data)


def test_private_modes():
    """the data folder is 0700 and the files Lull writes are 0600"""
    parent = tmpdir("modes")
    data = os.path.join(parent, "new", "lull-data")

    with Lull(data) as lull:
        preferences = open_preferences(lull)
        click(find(preferences, "push button", "Dark"))
        close_window(preferences, lull)
        close_window(lull.window("Lull"))
        assert lull.wait() == 0, lull.stderr()

    assert stat.S_IMODE(os.stat(data).st_mode) == 0o700
    settings = os.path.join(data, "settings.ini")
    assert stat.S_IMODE(os.stat(settings).st_mode) == 0o600, oct(os.stat(settings).st_mode)
    # Everything below, the libraries' caches in cache/ included.
    for name in files_below(data):
        path = os.path.join(data, name)
        mode = stat.S_IMODE(os.lstat(path).st_mode)
        expected = 0o700 if os.path.isdir(path) else 0o600
        assert mode & 0o077 == 0, f"{name} is {oct(mode)}, expected {oct(expected)} or tighter"


def test_loose_folder_tightened():
    """an existing data folder readable by others is made private again"""
    data = tmpdir("loose")
    os.makedirs(os.path.join(data, "history"))
    os.chmod(data, 0o755)
    os.chmod(os.path.join(data, "history"), 0o777)

    with Lull(data) as lull:
        lull.window("Lull")

    assert stat.S_IMODE(os.stat(data).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(os.path.join(data, "history")).st_mode) == 0o700


if __name__ == "__main__":
    sys.exit(run(test_nothing_written_outside, test_private_modes, test_loose_folder_tightened))
