#!/usr/bin/python3
# test_routine_editor.py — a routine made in the Routines window, with the
# keyboard, is there after a restart and runs; a built-in routine that is
# duplicated stays as it was.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import stat
import subprocess
import sys

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

from test_preferences import tab_to  # noqa: E402
from lull_e2e import (Desktop, Lull, activate, click, find, find_all, focused, key, run, tmpdir,
                      wait_for)

NAME = "Evening calm"
FIRST_PROMPT = "Hold something warm, and let your shoulders drop."
SECOND_PROMPT = "Start the pump on its light, quick setting."


def type_text(text):
    """Replace the focused entry's text from the keyboard."""
    key("ctrl+a")
    subprocess.run(["xdotool", "type", "--delay", "40", text], check=True)


def open_routines(lull):
    activate(lull)
    key("ctrl+t")
    return routines_window(lull)


def routines_window(lull):
    """The Routines window among Lull's top-level windows (the home page
    has a list called Routines too)."""
    def lookup():
        app = lull.app()
        for i in range(app.get_child_count()):
            child = app.get_child_at_index(i)
            if child is not None and child.get_name() == "Routines":
                return child
        return None
    return wait_for(lookup, what="the Routines window")


def routine_file(data, file_name):
    """(path, keyfile) of a routine file, once Lull has written it."""
    path = os.path.join(data, "routines", file_name)
    wait_for(lambda: os.path.exists(path), what=f"the file {file_name}")
    keyfile = GLib.KeyFile()
    keyfile.load_from_file(path, GLib.KeyFileFlags.KEEP_TRANSLATIONS)
    return path, keyfile


def focus_on(window, role, name):
    """Tab to a control, as a keyboard user would."""
    return tab_to(window, role, name)


def test_build_save_restart_run():
    """a routine built with the keyboard is saved, listed after a restart, and runs"""
    data = tmpdir("routine-editor")

    with Desktop():
        with Lull(data) as lull:
            window = open_routines(lull)
            key("ctrl+n")
            # The new routine's name has the focus, ready to be typed over.
            wait_for(lambda: (focused(window) or window).get_name() == "Name",
                     what="the focus on the name")
            type_text(NAME)

            focus_on(window, "text", "Step 1: Prompt")
            type_text(FIRST_PROMPT)

            click(find(window, "push button", "Add Step"))
            focus_on(window, "text", "Step 2: Prompt")
            type_text(SECOND_PROMPT)

            # A bad value keeps Save off, and says why by the field.
            focus_on(window, "text", "Step 1: Prompt")
            key("ctrl+a", "BackSpace")
            find(window, "label", "The text is empty.")
            save = find(window, "push button", "Save")
            assert not save.get_state_set().contains(Atspi.StateType.SENSITIVE), \
                "Save should be off while a prompt is empty"
            type_text(FIRST_PROMPT)

            key("ctrl+s")
            path, keyfile = routine_file(data, "my-routine.lullroutine")
            assert keyfile.get_string("Routine", "name") == NAME
            assert keyfile.get_string("Step 1", "prompt") == FIRST_PROMPT
            assert keyfile.get_string("Step 2", "prompt") == SECOND_PROMPT
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600

        with Lull(data) as lull:
            window = lull.window("Lull")
            click(find(window, "push button", NAME))
            click(find(window, "push button", "Start Session"))
            find(window, "label", FIRST_PROMPT)
            assert lull.process.poll() is None


def test_duplicate_builtin():
    """a duplicated built-in routine is a new one; the built-in stays as it was"""
    data = tmpdir("routine-duplicate")

    with Desktop():
        with Lull(data) as lull:
            window = open_routines(lull)
            # The list has the focus on the first routine; the next one is
            # Full relaxation.
            key("Down")
            chosen = find(window, "list", "Routines").get_selection_iface()
            wait_for(lambda: chosen.get_selected_child(0).get_name() == "Full relaxation",
                     what="Full relaxation chosen")
            click(find(window, "push button", "Duplicate to Change"))
            path, keyfile = routine_file(data, "full-relaxation-2.lullroutine")
            assert keyfile.get_string("Routine", "id") == "full-relaxation-2"
            assert keyfile.get_string("Routine", "name") == "Full relaxation (copy)"
            assert keyfile.get_locale_string("Routine", "name", "es") == "Relajación completa"

        with Lull(data) as lull:
            window = lull.window("Lull")
            find(window, "push button", "Full relaxation (copy)")
            original = find_all(window, "push button", "Full relaxation")
            assert len(original) == 1, "the built-in routine should be listed once, as it was"
            click(original[0])
            click(find(window, "push button", "Start Session"))
            find(window, "label", lambda text: text.startswith("Settle into a comfortable seat"))


if __name__ == "__main__":
    sys.exit(run(test_build_save_restart_run, test_duplicate_builtin))
