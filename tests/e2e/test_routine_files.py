#!/usr/bin/python3
# test_routine_files.py — routine files passed from one Lull to another:
# lull --import-routine into another data root and a session of what came,
# a clash of ids on the command line (both kept), refusals, a routine
# file opened in the window, where the parent chooses Keep Both with real
# keys and reads which cues were left out, and a routine of the parent's
# own exported from the Routines window and imported in another Lull
# through its menu, both with GTK's file chooser driven by keys.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import shutil
import stat
import subprocess
import sys

import gi

from gi.repository import GLib  # noqa: E402

from lull_e2e import (LULL, SHORT_ROUTINE, Desktop, Lull, activate, click,  # noqa: E402
                      data_root_with_short_routine, find, find_all, key, lull_env, respond,
                      run, tmpdir, wait_for, wait_window_gone)
from test_routine_editor import open_routines  # noqa: E402

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

# A routine a parent made in her own Lull: no sounds or photos, so nothing
# is left out when it goes to another.
OWN_ROUTINE = """# Made for the evening feed.
[Routine]
version=1
id=my-evening
name=My evening
name[es]=Mi tarde
description=Tea, a breath, then the pump.

[Step 1]
kind=warmth
duration=0
prompt=Both hands around a cup of tea.

[Step 2]
kind=breathing
duration=0
prompt=Breathe out slowly.
breaths-per-minute=6

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

    for expected, name in (("desk-quick-2", "Quick desk routine (copy)"),
                           ("desk-quick-3", "Quick desk routine (copy 2)")):
        result = import_routine(data, path)
        assert result.returncode == 0, result
        lines = result.stdout.splitlines()
        assert lines[0] == f"added\t{path}\t{expected}", result.stdout
        assert lines[1] == (f"A routine here has the id “desk-quick” already, so both are kept: "
                            f"the new one is “{name}”, with the id “{expected}”."), \
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


def chooser(lull, title):
    """GTK's own file chooser dialog (there is no portal here), with the
    keyboard: Lull's windows under a window manager, the chooser focused."""
    dialog = find(lull.app(), None, title)

    def window_id():
        result = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(lull.pid),
                                 "--name", f"^{title}$"], capture_output=True, text=True)
        ids = result.stdout.split()
        return ids[0] if ids else None
    subprocess.run(["xdotool", "windowactivate", "--sync", wait_for(window_id, what=title)],
                   capture_output=True)
    return dialog


def text_of(node):
    text = node.get_text_iface()
    return text.get_text(0, text.get_character_count())


def no_gtk_complaints(lull):
    """GTK's chooser, driven this way, says nothing on standard error."""
    complaints = [line for line in lull.stderr().splitlines()
                  if "WARNING" in line or "CRITICAL" in line]
    assert not complaints, complaints


def type_path(path):
    """Type a whole path where the focus is, over what was there."""
    key("ctrl+a")
    subprocess.run(["xdotool", "type", "--delay", "40", path], check=True)


def test_export_import_run():
    """a routine exported from the Routines window, imported by another Lull's menu, runs there

    Both ways go through GTK's own file chooser dialog (GtkFileChooserNative
    with no portal), driven with real keys: a whole path typed over the
    offered name, and Ctrl+L and a path to open."""
    data_a = tmpdir("routine-export")
    os.makedirs(os.path.join(data_a, "routines"), mode=0o700)
    write(os.path.join(data_a, "routines"), "my-evening.lullroutine", OWN_ROUTINE)
    folder = tmpdir("routine-files")
    exported = os.path.join(folder, "for-my-sister.lullroutine")
    data_b = tmpdir("routine-import-ui")

    with Desktop():
        with Lull(data_a) as lull:
            window = open_routines(lull)
            row = find(find(window, "list", "Routines"), "list item", "My evening")
            row.get_parent().get_selection_iface().select_child(row.get_index_in_parent())
            # The editor shows the chosen routine.
            name = find(window, "text", "Name")
            wait_for(lambda: text_of(name) == "My evening", what="My evening in the editor")
            click(find(window, "push button", "More Actions"))
            click(find(window, "menu item", "Export…"))

            # The chooser offers the routine's id as the name, ready to be
            # typed over; a whole path there goes to that folder.
            dialog = chooser(lull, "Export Routine")
            wait_for(lambda: any(text_of(node) == "my-evening.lullroutine"
                                 for node in find_all(dialog, "text")),
                     what="the routine's file name offered")
            type_path(exported)
            key("Return")
            wait_window_gone(lull, "Export Routine")
            find(window, "label", "Routine exported")

            wait_for(lambda: os.path.exists(exported), what="the exported file")
            mode = stat.S_IMODE(os.stat(exported).st_mode)
            assert mode == 0o600, f"the exported file is {mode:o}, not private to the parent"
            keyfile = GLib.KeyFile()
            keyfile.load_from_file(exported, GLib.KeyFileFlags.KEEP_TRANSLATIONS)
            assert keyfile.get_string("Routine", "id") == "my-evening"
            assert keyfile.get_string("Routine", "name") == "My evening"
            assert keyfile.get_locale_string("Routine", "name", "es") == "Mi tarde"
            assert keyfile.get_string("Step 1", "prompt") == "Both hands around a cup of tea."
            assert os.listdir(folder) == ["for-my-sister.lullroutine"], os.listdir(folder)
            no_gtk_complaints(lull)

        # Another Lull, with nothing of the parent's: Import Routine… in its
        # main menu, and the path typed in the chooser's location.
        with Lull(data_b) as lull:
            window = lull.window("Lull")
            click(find(window, "push button", "Main Menu"))
            click(find(window, "menu item", "Import Routine…"))
            chooser(lull, "Import Routine")
            key("ctrl+l")
            type_path(exported)
            key("Return")
            wait_window_gone(lull, "Import Routine")
            find(window, "label", "“My evening” was imported.")
            saved = os.path.join(data_b, "routines", "my-evening.lullroutine")
            wait_for(lambda: os.path.exists(saved), what="the imported routine")
            with open(saved, encoding="utf-8") as f:
                text = f.read()
            assert "# Made for the evening feed." in text and "name[es]=Mi tarde" in text, text
            find(window, "push button", "My evening")
            no_gtk_complaints(lull)

    # There after a restart, and it runs.
    with Lull(data_b, args=["--start-session=my-evening"]) as lull:
        window = lull.window("Lull")
        find(window, "label", "Both hands around a cup of tea.")


if __name__ == "__main__":
    sys.exit(run(test_cli_import_then_session, test_cli_clash_keeps_both, test_cli_refusals,
                 test_open_clash_keep_both, test_open_builtin_clash_and_junk,
                 test_export_import_run))
