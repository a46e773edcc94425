#!/usr/bin/python3
# test_keyboard.py — one hand, no mouse: the session loop with real key
# presses under a window manager, where focus lands, and what stays in view.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

from lull_e2e import (Desktop, Lull, activate, click, data_root_with_short_routine,
                      data_root_with_window_size, extents, find, find_all, focused,
                      history_groups, inside_window, key, run, walk, wait_for,
                      wait_window_gone)


def letdown_count(window, count):
    """The status line a screen reader hears after each mark."""
    text = f"{count} let\u2011down" + ("" if count == 1 else "s")
    return find(window, "status bar", text)


def wait_focus(window, name):
    def check():
        node = focused(window)
        return node is not None and node.get_name() == name
    wait_for(check, what=f"the focus on {name!r}")


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
    data = data_root_with_short_routine("paused")
    with Desktop(), Lull(data, args=["--start-session=e2e-short"]) as lull:
        window = lull.window("Lull")
        find(window, "label", "Something warm.")
        activate(lull)
        key("End", "p")
        wait_focus(window, "Resume")
        key("space")
        find(window, "status bar", "Paused: press P to go on.")
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
    data = data_root_with_short_routine("five")
    with Desktop(), Lull(data, args=["--start-session=e2e-short"]) as lull:
        window = lull.window("Lull")
        find(window, "label", "Something warm.")
        activate(lull)
        key("End", "space")
        letdown_count(window, 1)
        key("ctrl+Return")
        wait_focus(window, "Total Volume")
        key("1", "2", "0", "ctrl+s")
        find(window, "label", lambda text: text.startswith("1 session today"))

    (record,) = history_groups(data).values()
    assert record["volume-ml"] == "120", record
    assert record["routine"] == "e2e-short", record


def test_save_from_notes():
    """Tab leaves the notes, and Ctrl+Enter saves from inside them"""
    data = data_root_with_short_routine("notes")
    with Desktop(), Lull(data, args=["--start-session=e2e-short"]) as lull:
        window = lull.window("Lull")
        find(window, "label", "Something warm.")
        activate(lull)
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
    data = data_root_with_short_routine("every")
    with Desktop(), Lull(data, args=["--start-session=e2e-short"]) as lull:
        window = lull.window("Lull")
        find(window, "label", "Something warm.")
        activate(lull)
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
    data = data_root_with_short_routine("quit")
    with Desktop(), Lull(data, args=["--start-session=e2e-short"]) as lull:
        window = lull.window("Lull")
        find(window, "label", "Something warm.")
        activate(lull)
        key("ctrl+q")
        dialog = find(lull.app(), None, "Quit During a Session?")
        key("Escape")
        wait_window_gone(lull, "Quit During a Session?")
        # Still in the session, on whichever step the time has reached.
        find(lull.window("Lull"), "push button", "Next Step")
        key("ctrl+q")
        find(lull.app(), None, "Quit During a Session?")
        click(find(lull.app(), "push button", "Quit"))
        assert lull.wait() == 0
        assert dialog is not None
    assert os.path.exists(os.path.join(data, "checkpoint.ini")), "the session should be kept"


def check_in_view(text_scale, sizes):
    for width, height in sizes:
        data = data_root_with_window_size(f"view-{width}", width, height)
        with Desktop(text_scale), Lull(data) as lull:
            window = lull.window("Lull")
            start = find(window, "push button", "Start Session")
            chosen = find(window, "label", lambda text: text.startswith("Routine: "))
            wait_for(lambda: inside_window(start, window), what="Start Session in view")
            where = (width, height, text_scale)
            assert inside_window(chosen, window), f"the chosen routine is out of view at {where}"
            _, _, _, window_height = extents(window)
            assert window_height <= height + 12, f"the window grew to {window_height} at {where}"

            activate(lull)
            key("Return", "End")
            letdown = find(window, "push button", "Let-Down")
            wait_for(lambda: inside_window(letdown, window), what="Let-Down in view")
            key("ctrl+Return")
            save = find(window, "push button", "Save")
            wait_for(lambda: inside_window(save, window), what="Save in view")


def test_actions_in_view():
    """Start Session, the chosen routine, Let-Down and Save are in view at 860x640 and 600x500"""
    check_in_view(None, [(860, 640), (600, 500)])


def test_actions_in_view_large_text():
    """the same with 1.5 times larger text"""
    check_in_view(1.5, [(860, 640), (600, 500)])


TYPE_NAME = re.compile(r"^(Gtk|Adw|Lull)")


def check_names(root, where):
    for node in walk(root):
        name = node.get_name() or ""
        role = node.get_role_name()
        assert not TYPE_NAME.match(name), f"{role} named {name!r} on {where}"
        if role in ("label", "status bar"):
            assert name.strip(), f"a nameless {role} on {where}"


def test_names():
    """no accessible name on any page is a type name, and no label is nameless"""
    data = data_root_with_short_routine("names")
    with Desktop(), Lull(data) as lull:
        window = lull.window("Lull")
        for page in ("Home", "Session", "Log the Session"):
            check_names(find(window, None, page), page)
        activate(lull)
        key("Return")
        find(window, "label", lambda text: text.startswith("Preparing"))
        check_names(find(window, None, "Session"), "the session page")
        key("End", "space", "ctrl+Return")
        wait_focus(window, "Total Volume")
        check_names(find(window, None, "Log the Session"), "the log page")


if __name__ == "__main__":
    sys.exit(run(test_launch_to_pumping, test_space_while_paused, test_log_in_five_presses,
                 test_save_from_notes, test_keys_from_every_control, test_quit_asks_once,
                 test_actions_in_view, test_actions_in_view_large_text, test_names))
