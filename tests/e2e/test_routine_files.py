#!/usr/bin/python3
# test_routine_files.py — routine files passed from one Lull to another:
# lull --import-routine into another data root and a session of what came,
# a clash of ids on the command line (both kept), refusals, and a routine
# file opened in the window, where the parent chooses Keep Both with real
# keys and reads which cues were left out.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import shutil
import subprocess
import sys

from lull_e2e import (LULL, SHORT_ROUTINE, Desktop, Lull, activate, click,
                      data_root_with_short_routine, find, find_all, key, lull_env, respond,
                      run, tmpdir, wait_for)

SOURCE_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

# A counsellor's routine, naming a sound and a photo from her own Lull.
COUNSELLOR_ROUTINE = """# Written by a counsellor.
[Routine]
version=1
id=counsellor-evening
name=Evening from the clinic
name[es]=Tarde de la clínica

[Step 1]
kind=warmth
duration=0
audio=lullaby.ogg
prompt=Warm hands, slow breath.

[Step 2]
kind=photo-focus
duration=0
photo=first-bath.jpg
prompt=Look at your baby.

[Step 3]
kind=stimulation
duration=0
prompt=Light, quick pumping.
"""


def write(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def import_routine(data, *args):
    return subprocess.run([LULL, "--data-dir", data, "--import-routine", *args],
                          env=lull_env(), capture_output=True, text=True, timeout=60)


def test_cli_import_then_session():
    """--import-routine into another data root; that Lull starts a session of it"""
    files = tmpdir("routine-files")
    path = write(files, "evening.lullroutine", COUNSELLOR_ROUTINE)
    data = tmpdir("routine-import")

    result = import_routine(data, path)
    assert result.returncode == 0, result
    assert result.stdout == f"added\t{path}\tcounsellor-evening\n", result.stdout
    # Each cue this Lull lacks is said, and the routine still comes.
    assert ("Step 1 named the sound “lullaby.ogg”, which is not in this Lull’s sound "
            "library, so it plays none.") in result.stderr, result.stderr
    assert "“first-bath.jpg”" in result.stderr, result.stderr
    saved = os.path.join(data, "routines", "counsellor-evening.lullroutine")
    with open(saved, encoding="utf-8") as f:
        text = f.read()
    assert "lullaby.ogg" not in text and "first-bath.jpg" not in text, text
    assert "name[es]=Tarde de la clínica" in text and "# Written by a counsellor." in text, text
    assert os.stat(saved).st_mode & 0o777 == 0o600

    with Lull(data, args=["--start-session=counsellor-evening"]) as lull:
        window = lull.window("Lull")
        find(window, "label", "Warm hands, slow breath.")


def test_cli_clash_keeps_both():
    """--import-routine of an id already here keeps both, and says so"""
    files = tmpdir("routine-files")
    path = os.path.join(files, "desk-quick.lullroutine")
    shutil.copy(os.path.join(SOURCE_ROOT, "data", "routines", "desk-quick.lullroutine"), path)
    data = tmpdir("routine-clash")

    for expected in ("desk-quick-2", "desk-quick-3"):
        result = import_routine(data, path)
        assert result.returncode == 0, result
        lines = result.stdout.splitlines()
        assert lines[0] == f"added\t{path}\t{expected}", result.stdout
        assert lines[1] == (f"“Quick desk routine” has the id “desk-quick” of a routine already "
                            f"here, so both are kept and the new one has the id “{expected}”."), \
            result.stdout
        assert result.stderr == "", result.stderr
    assert sorted(os.listdir(os.path.join(data, "routines"))) == [
        "desk-quick-2.lullroutine", "desk-quick-3.lullroutine"]

    # Both are routines of that Lull, by their new ids.
    with Lull(data, args=["--start-session=desk-quick-3"]) as lull:
        window = lull.window("Lull")
        find(window, "label", lambda text: text.startswith("Hold something warm, never hot"))


def test_cli_refusals():
    """--import-routine refuses junk with one sentence (status 1), usage errors are status 2"""
    files = tmpdir("routine-files")
    junk = write(files, "junk.lullroutine", "\x00\x01 not a routine")
    data = tmpdir("routine-refused")

    result = import_routine(data, junk)
    assert result.returncode == 1, result
    assert result.stdout == f"refused\t{junk}\n", result.stdout
    assert result.stderr.count("\n") == 1 and "“junk.lullroutine”" in result.stderr, result.stderr
    assert not os.path.exists(os.path.join(data, "routines"))

    result = import_routine(data, junk, "--import-csv", junk)
    assert result.returncode == 2, result
    result = import_routine(data, junk, os.path.join(files, "more.lullroutine"))
    assert result.returncode == 2, result

    # Lull opens routine files, and no others.
    result = subprocess.run([LULL, "--data-dir", data, os.path.join(files, "photo.jpg")],
                            env=lull_env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result
    assert "routine files" in result.stderr, result.stderr


def test_open_clash_keep_both():
    """a routine file opened in Lull: on a clash, Keep Both by keyboard; Details list the cues left out"""
    data = data_root_with_short_routine("routine-open")
    files = tmpdir("routine-files")
    text = SHORT_ROUTINE.replace("name=Short test routine",
                                 "name=Short routine from the clinic")
    text = text.replace("prompt=Something warm.", "prompt=Something warm.\naudio=lullaby.ogg")
    path = write(files, "short.lullroutine", text)

    with Desktop(), Lull(data, args=[path]) as lull:
        dialog = find(lull.app(), None, "A routine called “Short test routine” is already here")
        find(dialog, "push button", "Replace")
        find(dialog, "push button", "Cancel")
        find(dialog, "push button", "Keep Both")
        activate(lull)
        # Keep Both is the default: Return takes it.
        key("Return")

        window = lull.window("Lull")
        find(window, "label", "“Short routine from the clinic” was imported beside the routine "
                              "already here. 1 cue was left out.")
        saved = os.path.join(data, "routines", "e2e-short-2.lullroutine")
        wait_for(lambda: os.path.exists(saved), what="the routine file")
        with open(os.path.join(data, "routines", "e2e-short.lullroutine"), encoding="utf-8") as f:
            assert f.read() == SHORT_ROUTINE
        with open(saved, encoding="utf-8") as f:
            kept = f.read()
        assert "id=e2e-short-2" in kept and "lullaby.ogg" not in kept, kept
        # Listed at once, beside the routine that was there.
        find(window, "push button", "Short routine from the clinic")
        find(window, "push button", "Short test routine")

        click(find(window, "push button", "Details"))
        details = find(lull.app(), None, "Cues Left Out")
        find(details, None, "Step 1 named the sound “lullaby.ogg”, which is not in this Lull’s "
                            "sound library, so it plays none.")
        respond(lull, "Cues Left Out", "Close")


def test_open_builtin_clash_and_junk():
    """a file with a built-in routine's id cannot replace it; a damaged file is refused in words"""
    data = tmpdir("routine-open-builtin")
    files = tmpdir("routine-files")
    path = os.path.join(files, "desk-quick.lullroutine")
    shutil.copy(os.path.join(SOURCE_ROOT, "data", "routines", "desk-quick.lullroutine"), path)
    junk = write(files, "broken.lullroutine", "[Routine]\nversion=1\n")

    with Lull(data, args=[path, junk]) as lull:
        app = lull.app()
        refusal = find(app, None, "Routine Not Imported")
        find(refusal, "label", lambda t: t.startswith("The routine “broken.lullroutine” could "
                                                      "not be read"))
        respond(lull, "Routine Not Imported", "Close")
        dialog = find(lull.app(), None, "A routine called “Quick desk routine” is already here")
        find(dialog, "push button", "Keep Both")
        assert not find_all(dialog, "push button", "Replace")
        respond(lull, "A routine called “Quick desk routine” is already here", "Cancel")
        assert not os.path.exists(os.path.join(data, "routines")) or \
            os.listdir(os.path.join(data, "routines")) == []


if __name__ == "__main__":
    sys.exit(run(test_cli_import_then_session, test_cli_clash_keeps_both, test_cli_refusals,
                 test_open_clash_keep_both, test_open_builtin_clash_and_junk))
