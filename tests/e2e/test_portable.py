#!/usr/bin/python3
# test_portable.py — portable mode keeps every file inside --data-dir.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import contextlib
import os
import shutil
import stat
import subprocess
import sys
import time

from lull_e2e import (LULL, Lull, Skip, click, close_window, files_below, find, lull_env,
                      open_preferences, run, tmpdir)


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


def lull_command(*args, cwd=None):
    """lull with no window: the portable folder is prepared all the same."""
    return subprocess.run([LULL, *args], env=lull_env(), cwd=cwd, capture_output=True,
                          text=True, timeout=60)


def test_new_folder_guide():
    """a new folder gets README.txt, lull.sh and Lull.desktop; one with Lull's data does not"""
    parent = tmpdir("guide")
    result = lull_command("--data-dir", "./new", "--export-csv", "out.csv", cwd=parent)
    assert result.returncode == 0, result.stderr
    data = os.path.join(parent, "new")
    modes = {name: stat.S_IMODE(os.stat(os.path.join(data, name)).st_mode)
             for name in ("README.txt", "lull.sh", "Lull.desktop")}
    assert modes == {"README.txt": 0o600, "lull.sh": 0o700, "Lull.desktop": 0o700}, modes
    with open(os.path.join(data, "README.txt")) as f:
        readme = f.read()
    assert "lull --data-dir ." in readme and "Forget This Computer" in readme, readme

    # The launcher names this binary and the folder by absolute paths.
    from gi.repository import Gio
    launcher = Gio.DesktopAppInfo.new_from_filename(os.path.join(data, "Lull.desktop"))
    assert launcher is not None
    assert launcher.get_commandline() == f"{LULL} --data-dir {data}", launcher.get_commandline()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", os.path.join(data, "Lull.desktop")],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr

    # lull.sh works from anywhere: it runs Lull on its own folder.
    elsewhere = tmpdir("guide-elsewhere")
    script = subprocess.run(["sh", os.path.join(data, "lull.sh"), "--export-csv", "again.csv"],
                            env=lull_env(), cwd=elsewhere, capture_output=True, text=True,
                            timeout=60)
    assert script.returncode == 0, script.stderr
    assert os.path.exists(os.path.join(data, "again.csv"))

    # An edited README is never written over.
    with open(os.path.join(data, "README.txt"), "w") as f:
        f.write("my notes")
    assert lull_command("--data-dir", data, "--export-csv", "-").returncode == 0
    with open(os.path.join(data, "README.txt")) as f:
        assert f.read() == "my notes"

    # A folder that already holds Lull's data gets nothing new.
    used = tmpdir("guide-used")
    os.makedirs(os.path.join(used, "history"))
    assert lull_command("--data-dir", used, "--export-csv", "-").returncode == 0
    assert sorted(os.listdir(used)) == [".lock", "cache", "history"], os.listdir(used)


def test_relative_paths():
    """--data-dir . and ../x are made absolute once: the lock holds against the absolute path"""
    parent = tmpdir("relative")
    data = os.path.join(parent, "x")
    work = os.path.join(parent, "work")
    os.makedirs(work)
    env = lull_env()
    # Lull() starts in the test's folder: this one starts in parent/work.
    first = subprocess.Popen([LULL, "--data-dir", "../x"], cwd=work, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            if os.path.exists(os.path.join(data, ".lock")) and os.path.exists(
                    os.path.join(data, "README.txt")):
                break
            time.sleep(0.1)
        assert os.path.exists(os.path.join(data, "README.txt")), os.listdir(parent)
        time.sleep(1)
        assert first.poll() is None, first.stderr.read()
        for argv, cwd in ((["--data-dir", data], None), (["--data-dir", "."], data),
                          (["--data-dir", "../x/"], work)):
            second = lull_command(*argv, "--export-csv", "-", cwd=cwd)
            assert second.returncode == 2, (argv, second.returncode, second.stderr)
            assert f"already open with the folder \u201c{data}\u201d" in second.stderr, \
                second.stderr
    finally:
        first.kill()
        first.wait()
    with open(os.path.join(data, "Lull.desktop")) as f:
        assert f"--data-dir {data}\n" in f.read()


@contextlib.contextmanager
def tmpfs(name, options):
    """A small tmpfs mounted for the test; skipped where mounting is refused."""
    folder = tmpdir(name)
    if os.getuid() != 0:
        raise Skip("mounting a small disk needs root (uid is not 0)")
    mount = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", folder],
                           capture_output=True, text=True)
    if mount.returncode != 0:
        raise Skip(f"mount refused: {mount.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", folder], capture_output=True)
        os.rmdir(folder)


def fill(folder):
    """Writes until the disk is full."""
    fd = os.open(os.path.join(folder, "filler"), os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)


def test_read_only_and_full_disks():
    """a read-only or full disk refuses with a plain message (status 2); a nearly full one is told"""
    with tmpfs("read-only", "ro,size=1m") as folder:
        result = lull_command("--data-dir", folder)
        assert result.returncode == 2, result
        assert "cannot be written to (it is read-only)" in result.stderr, result.stderr
        assert "--data-dir" in result.stderr

    with tmpfs("read-only-new", "ro,size=1m") as folder:
        result = lull_command("--data-dir", os.path.join(folder, "lull"))
        assert result.returncode == 2 and "read-only" in result.stderr, result

    with tmpfs("full", "size=64k") as folder:
        data = os.path.join(folder, "lull")
        os.makedirs(data)
        fill(data)
        result = lull_command("--data-dir", data)
        assert result.returncode == 2, result
        assert "is full, so Lull cannot save your sessions there" in result.stderr, result.stderr

    with tmpfs("nearly-full", "size=2m") as folder:
        with Lull(folder) as lull:
            window = lull.window("Lull")
            find(window, "label", lambda text: "is nearly full" in text)
            assert "is nearly full" in lull.stderr(), lull.stderr()


if __name__ == "__main__":
    sys.exit(run(test_nothing_written_outside, test_private_modes, test_loose_folder_tightened,
                 test_new_folder_guide, test_relative_paths, test_read_only_and_full_disks))
