#!/usr/bin/python3
# test_layout.py — what a parent needs stays in view on a small window and
# with large text, and every control has a name a screen reader can say.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import re
import sys

from lull_e2e import (Desktop, Lull, activate, data_root_with_short_routine,
                      data_root_with_window_size, extents, find, inside_window, key, run, walk,
                      wait_focus, wait_for)


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
ADW_INNER_PARTS = ("AdwGizmo", "GtkImage", "GtkListBox", "GtkListView")


def check_names(root, where, header_bar=False):
    for node in walk(root):
        name = node.get_name() or ""
        role = node.get_role_name()
        # libadwaita 1.2 names some inner parts by type, out of Lull's
        # reach: the header bar's gizmos, an expander row's inner list, a
        # combo row's arrow and its popup list. The pages of the main
        # window have none of them; the other windows do.
        if header_bar and name in ADW_INNER_PARTS:
            continue
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
        key("Escape")

        # Sounds, and the recorder opened from it, by their keys.
        # (AT-SPI lists these two windows with the generic role "filler",
        # not "frame" as the main window: found by name.)
        key("ctrl+l")
        sounds = find(lull.app(), None, "Sounds")
        find(sounds, "label", "A Warm Safe Place")
        check_names(sounds, "the Sounds window", header_bar=True)
        key("ctrl+r")
        recorder = find(lull.app(), None, "Record a Sound")
        find(recorder, "push button", "Record")
        check_names(recorder, "the recorder", header_bar=True)


if __name__ == "__main__":
    sys.exit(run(test_actions_in_view, test_actions_in_view_large_text, test_names))
