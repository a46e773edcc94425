#!/usr/bin/python3
# test_keyboard.py — one hand, no mouse: the session loop with real key
# presses under a window manager, and where the focus lands.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import contextlib
import os
import sys

from lull_e2e import (Desktop, Lull, activate, click, data_root_with_short_routine,
                      data_root_with_window_size, find, find_all, focused, history_groups, key,
                      run, wait_focus, wait_window_gone)


def letdown_count(window, count):
    """The status line a screen reader hears after each mark."""
    text = f"{count} let\u2011down" + ("" if count == 1 else "s")
    return find(window, "status bar", text)


@contextlib.contextmanager
def session_under_desktop(name):
    """Lull under a window manager, started straight into the short
    routine's first step, with the keyboard on its window."""
    data = data_root_with_short_routine(name)
    with Desktop(), Lull(data, args=["--start-session=e2e-short"]) as lull:
        window = lull.window("Lull")
        find(window, "label", "Something warm.")
        activate(lull)
        yield data, lull, window


def test_launch_to_pumping():
    """launch to pumping with the default routine in 2 presses, focus on Let-Down"""
    data = data_root_with_window_size("launch", 860, 640)
    with Desktop(), Lull(data) as lull:
        window = lull.window("Lull")
        activate(lull)
        wait_focus(window, "Start Session")
        key("Return")
        wait_focus(window, "Next Step")
        key("End")
        find(window, "label", "Stimulation")
        wait_focus(window, "Let-Down")


def test_space_while_paused():
    """Space while paused only says how to go on; then P resumes, and no menu or Preferences opens"""
    with session_under_desktop("paused") as (data, lull, window):
        key("End", "p")
        wait_focus(window, "Resume")
        key("space")
        find(window, "status bar", "Paused: press P to go on.")
        # With the clock hidden, pausing shows no time.
        find(window, "label", "Paused")
        assert not find_all(window, "label", lambda text: text.startswith("Paused ·"))
        key("p")
        wait_focus(window, "Let-Down")
        find(window, "push button", "Pause")
        app = lull.app()
        names = [app.get_child_at_index(i).get_name() for i in range(app.get_child_count())]
        assert names == ["Lull"], f"only the main window should be open: {names}"
        assert not find_all(window, "menu item"), "the main menu should not have opened"
        assert not find_all(window, "status bar", "1 let\u2011down"), "no let-down while paused"


def test_log_in_five_presses():
    """Finish to a saved log with a 3-digit volume in 5 presses: Ctrl+Enter, 1, 2, 0, Ctrl+S"""
    with session_under_desktop("five") as (data, lull, window):
        key("End", "space")
        letdown_count(window, 1)
        key("ctrl+Return")
        wait_focus(window, "Total Volume")
        key("1", "2", "0", "ctrl+s")
        find(window, "label", lambda text: text.startswith("1 session today"))

    (record,) = history_groups(data).values()
    assert record["volume-ml"] == "120", record
    assert record["routine"] == "e2e-short", record
    assert len(record["letdowns"].strip(";").split(";")) == 1, record


def test_save_from_notes():
    """Tab leaves the notes, and Ctrl+Enter saves from inside them"""
    with session_under_desktop("notes") as (data, lull, window):
        key("End", "ctrl+Return")
        wait_focus(window, "Total Volume")
        for _ in range(40):
            if focused(window).get_name() == "Notes":
                break
            key("Tab")
        wait_focus(window, "Notes")
        key("o", "k", "Tab")
        assert focused(window).get_name() != "Notes", "Tab should leave the notes"
        key("shift+Tab")
        wait_focus(window, "Notes")
        key("ctrl+Return")
        find(window, "label", lambda text: text.startswith("1 session today"))

    (record,) = history_groups(data).values()
    assert record["notes"] == "ok", record


def test_keys_from_every_control():
    """each session key works with the focus on each control of the pumping page"""
    with session_under_desktop("every") as (data, lull, window):
        key("End")
        wait_focus(window, "Let-Down")

        seen = []
        count = 0
        phase = "Stimulation"
        for tabs in range(20):
            # From Let-Down, where the focus goes back on resuming, Tab
            # along to the next control.
            wait_focus(window, "Let-Down")
            key(*["Tab"] * tabs)
            control = focused(window).get_name()
            if control in seen:
                break
            seen.append(control)

            key("space")
            count += 1
            letdown_count(window, count)

            key("s")
            phase = "Expression" if phase == "Stimulation" else "Stimulation"
            find(window, "label", phase)

            # Keys that do nothing here are taken, not passed on: the focus
            # stays where it was and nothing opens.
            key("Left")
            assert focused(window).get_name() == control, (control, focused(window).get_name())
            assert lull.app().get_child_count() == 1, f"a window opened from {control}"

            key("p")
            find(window, "push button", "Resume")
            wait_focus(window, "Resume")
            key("p")
            find(window, "push button", "Pause")

        for control in ("Let-Down", "Next Prompt", "Switch Phase", "Pause", "Show Time",
                        "Finish", "Main Menu"):
            assert control in seen, (control, seen)

        key("ctrl+Return")
        wait_focus(window, "Total Volume")


def test_quit_asks_once():
    """Ctrl+Q mid-session asks once; staying keeps the session, quitting keeps it for next time"""
    with session_under_desktop("quit") as (data, lull, window):
        key("ctrl+q")
        dialog = find(lull.app(), None, "Quit During a Session?")
        key("Escape")
        wait_window_gone(lull, "Quit During a Session?")
        # Still in the session, on whichever step the time has reached.
        find(lull.window("Lull"), "push button", "Next Step")
        # Closing the window asks the same.
        click(find(lull.window("Lull"), "push button", "Close"))
        find(lull.app(), None, "Quit During a Session?")
        key("Escape")
        wait_window_gone(lull, "Quit During a Session?")
        key("ctrl+q")
        find(lull.app(), None, "Quit During a Session?")
        click(find(lull.app(), "push button", "Quit"))
        assert lull.wait() == 0
        assert dialog is not None
    assert os.path.exists(os.path.join(data, "checkpoint.ini")), "the session should be kept"


def test_start_session_unknown_routine():
    """--start-session with an unknown id: one sentence naming the ids there are, exit status 2"""
    data = data_root_with_short_routine("unknown")
    os.chmod(data, 0o755)
    with Lull(data, args=["--start-session=no-such-routine"]) as lull:
        assert lull.wait() == 2
        message = lull.stderr().strip()
        assert "no-such-routine" in message and "desk-quick" in message \
            and "e2e-short" in message, message
        assert len(message.splitlines()) == 1, message
        # Refused before anything was written, or even made private.
        assert oct(os.stat(data).st_mode & 0o777) == oct(0o755), "the data folder was touched"


if __name__ == "__main__":
    sys.exit(run(test_launch_to_pumping, test_space_while_paused, test_log_in_five_presses,
                 test_save_from_notes, test_keys_from_every_control, test_quit_asks_once,
                 test_start_session_unknown_routine))
