#!/usr/bin/python3
# test_bad_input.py — what Lull does with a data folder it cannot use, a
# damaged preferences file, and a machine without the usual services.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import shutil
import subprocess
import sys
import tempfile

from lull_e2e import LULL, Lull, click, find, find_all, lull_env, run, tmpdir


def run_lull(args, env=None, timeout=30, user=None):
    argv = [LULL] + args
    if user is not None:
        argv = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"] + argv
    return subprocess.run(argv, env=env or lull_env(), capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def assert_refused(result, *words):
    assert result.returncode == 2, (result.returncode, result.stderr)
    message = result.stderr.strip()
    assert message.count("\n") == 0, f"expected one sentence, got: {message!r}"
    for word in words:
        assert word in message, (word, message)
    assert result.stdout == ""


def test_data_dir_is_a_file():
    """--data-dir naming a file: one sentence on stderr, exit status 2"""
    folder = tmpdir("file")
    path = os.path.join(folder, "not-a-folder")
    with open(path, "w") as f:
        f.write("hello")
    assert_refused(run_lull(["--data-dir", path]), path, "not a folder")
    with open(path) as f:
        assert f.read() == "hello", "the file given as --data-dir was changed"


def test_data_dir_cannot_be_created():
    """--data-dir below a file cannot be created: one sentence, exit status 2"""
    folder = tmpdir("below-file")
    blocker = os.path.join(folder, "blocker")
    open(blocker, "w").close()
    target = os.path.join(blocker, "lull")
    assert_refused(run_lull(["--data-dir", target]), target, "cannot create")


def test_data_dir_not_writable():
    """--data-dir the user cannot write to: one sentence, exit status 2"""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        raise AssertionError("needs root and setpriv to run Lull as another user")
    folder = tempfile.mkdtemp(prefix="lull-ro-")
    os.chmod(folder, 0o755)  # readable by nobody, writable by root only
    # nobody must be able to reach the binary and the schema in the build tree.
    result = run_lull(["--data-dir", folder], user=65534,
                      env=lull_env(HOME=folder, XDG_RUNTIME_DIR=None))
    assert_refused(result, folder, "cannot save")
    assert os.listdir(folder) == []


def test_data_dir_already_open():
    """a second Lull on the same --data-dir says so and leaves the first alone"""
    data = tmpdir("twice")
    with Lull(data) as first:
        first.window("Lull")
        assert_refused(run_lull(["--data-dir", data]), data, "already open")
        assert first.process.poll() is None, "the first Lull should keep running"
    # Once the first has gone, the folder is free again.
    with Lull(data) as again:
        again.window("Lull")


def test_version_and_help_without_display():
    """--version and --help work with no display at all"""
    env = lull_env(DISPLAY=None, WAYLAND_DISPLAY=None)
    version = run_lull(["--version"], env=env)
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("Lull "), version.stdout
    helptext = run_lull(["--help"], env=env)
    assert helptext.returncode == 0, helptext.stderr
    assert "--data-dir" in helptext.stdout


def test_damaged_settings_quarantined():
    """a damaged settings.ini is set aside, defaults load, the parent is told once"""
    for junk in (b"\x7fELF\x00\x01\x02\xff\xfe\x00junk",
                 b"[Lull]\nvolume-unit='m\xc3\x28l'\n",
                 b"[Lull]\nreduce-motion='sometimes'\n"):
        data = tmpdir("damaged")
        settings = os.path.join(data, "settings.ini")
        with open(settings, "wb") as f:
            f.write(junk)
        os.chmod(settings, 0o600)

        with Lull(data) as lull:
            window = lull.window("Lull")
            find(window, "label",
                 lambda text: text.startswith("Your preferences file was damaged"))
            lull.kill()

        quarantined = os.listdir(os.path.join(data, "quarantine"))
        assert len(quarantined) == 1, quarantined
        assert quarantined[0].startswith("settings-") and quarantined[0].endswith(".ini")
        with open(os.path.join(data, "quarantine", quarantined[0]), "rb") as f:
            assert f.read() == junk, "the damaged file was changed, not kept"

        # The next start is quiet: the notice is shown once.
        with Lull(data) as lull:
            window = lull.window("Lull")
            find(window, "label", "Welcome to Lull")
            notices = [n for n in _labels(window) if n.startswith("Your preferences")]
            assert notices == [], notices
            lull.kill()


def _labels(window):
    return [n.get_name() for n in find_all(window, "label")]


def test_starts_without_services():
    """no notification server, no sound server, no accessibility bus: the window still shows"""
    data = tmpdir("bare-machine")
    runtime = tempfile.mkdtemp(prefix="lull-runtime-")
    # A private session bus that offers nothing (no notifications, no
    # accessibility bus), and no PulseAudio to reach.
    env = lull_env(LULL_BENCH_EXIT_AFTER_FIRST_FRAME="1",
                   PULSE_SERVER="unix:/nonexistent/pulse",
                   XDG_RUNTIME_DIR=runtime,
                   NO_AT_BRIDGE=None)
    config = os.path.join(runtime, "bus.conf")
    with open(config, "w") as f:
        f.write("""<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=%s</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
""" % runtime)
    result = subprocess.run(["dbus-run-session", "--config-file", config, "--",
                             LULL, "--data-dir", data],
                            env=env, capture_output=True, text=True, timeout=60,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert "first-frame" in result.stdout, result.stderr
    assert "CRITICAL" not in result.stderr, result.stderr


def test_named_pipes_in_the_data_root():
    """named pipes in routines/, history/ and as the checkpoint: Lull starts and names each one"""
    data = tmpdir("fifo")
    for folder in ("routines", "history"):
        os.makedirs(os.path.join(data, folder), mode=0o700)
    pipes = [os.path.join(data, "routines", "pipe.lullroutine"),
             os.path.join(data, "history", "2026-01.ini"),
             os.path.join(data, "checkpoint.ini")]
    for pipe in pipes:
        os.mkfifo(pipe, 0o600)

    with Lull(data) as lull:
        window = lull.window("Lull")
        find(window, "push button", "Start Session")
        click(find(window, "push button", "Details"))
        details = find(lull.app(), "label", lambda text: "not a regular file" in text)
        text = details.get_name()
        for name in ("pipe.lullroutine", "2026-01.ini", "checkpoint.ini"):
            assert f"“{name}”" in text, (name, text)
        assert lull.process.poll() is None, "Lull should keep running"
    # Not Lull's to move: they stay where they are.
    for pipe in pipes:
        assert os.path.exists(pipe), pipe


if __name__ == "__main__":
    sys.exit(run(test_data_dir_is_a_file,
                 test_data_dir_cannot_be_created,
                 test_data_dir_not_writable,
                 test_data_dir_already_open,
                 test_version_and_help_without_display,
                 test_damaged_settings_quarantined,
                 test_starts_without_services,
                 test_named_pipes_in_the_data_root))
