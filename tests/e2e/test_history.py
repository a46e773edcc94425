#!/usr/bin/python3
# test_history.py — conditioning made visible, in the real app: 60 days of
# history whose let-downs come sooner; the home page's streak and progress
# line; the History window's charts, each with a description a screen
# reader hears; a session's volume edited through the History window (only
# its month's file changes); a session deleted and brought back with Undo.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import hashlib
import os
import sys
import time

from lull_e2e import (Desktop, Lull, activate, click, find, find_all, focused, history_groups, key,
                      run,
                      set_spin_value, tmpdir, wait_for)

DAYS = 60
# The session the test edits and deletes: today's first, in this month's
# file; the other months' files must not change.
TARGET_TIME = (7, 13)


def write_history(data, today):
    """Two sessions a day for DAYS days up to today (UTC), the first
    let-down coming from 5 minutes down to 1; one file a month."""
    months = {}
    target = None
    for back in range(DAYS - 1, -1, -1):
        day = today - datetime.timedelta(days=back)
        for hour, minute in ((7, 13), (15, 40)):
            start = datetime.datetime(day.year, day.month, day.day, hour, minute,
                                      tzinfo=datetime.timezone.utc)
            first = 300 - (240 * (DAYS - 1 - back)) // (DAYS - 1)
            group = start.strftime("%Y-%m-%dT%H:%M:%SZ")
            lines = [f"[{group}]",
                     "start=" + start.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
                     "prime-seconds=180",
                     "pump-seconds=900",
                     f"letdowns={first};{first + 300}",
                     "volume-ml=80",
                     "routine=desk-quick",
                     "place=Office",
                     "cues=audio;breathing",
                     "audio=builtin:rain"]
            months.setdefault(start.strftime("%Y-%m"), []).append("\n".join(lines) + "\n")
            if (hour, minute) == TARGET_TIME and back == 0:
                target = (start.strftime("%Y-%m"), group)
    folder = os.path.join(data, "history")
    os.makedirs(folder, mode=0o700)
    for month, groups in months.items():
        path = os.path.join(folder, month + ".ini")
        with open(path, "w") as f:
            f.write("[Lull History]\nversion=1\n\n" + "\n".join(groups))
        os.chmod(path, 0o600)
    return target


def digests(data):
    folder = os.path.join(data, "history")
    return {name: hashlib.sha256(open(os.path.join(folder, name), "rb").read()).hexdigest()
            for name in sorted(os.listdir(folder))}


def test_progress_visible():
    """60 days: the streak, the progress line, and every chart described"""
    data = tmpdir("history-progress")
    write_history(data, datetime.datetime.now(datetime.timezone.utc).date())
    with open(os.path.join(data, "settings.ini"), "w") as f:
        f.write("[Lull]\nwindow-width=860\nwindow-height=640\n")

    with Lull(data) as lull:
        window = lull.window("Lull")
        find(window, "label", f"A {DAYS}-day streak.")
        progress = find(window, "label", lambda text: "sooner than in your first week" in text)
        assert "4 minutes" in progress.get_name(), progress.get_name()

        activate(lull)
        key("ctrl+h")
        history = find(lull.app(), None, "History")
        click(find(history, None, "Progress"))
        for title in ("Time to the First Let-Down", "Let-Downs a Session", "Volume a Day",
                      "Sessions a Day"):
            chart = find(history, "image", title)
            description = wait_for(chart.get_description, what=f"{title}'s description")
            assert description.startswith("From "), (title, description)
        first = find(history, "image", "Time to the First Let-Down").get_description()
        assert "now" in first, first


def test_edit_and_undo():
    """Edit a session's volume in History (only its month changes); delete it and undo"""
    data = tmpdir("history-edit")
    today = datetime.datetime.now(datetime.timezone.utc).date()
    month, group = write_history(data, today)
    before = digests(data)

    with Desktop(), Lull(data) as lull:
        lull.window("Lull")
        activate(lull)
        key("ctrl+h")
        history = find(lull.app(), None, "History")
        hour, minute = TARGET_TIME
        target = f"{hour:02d}:{minute:02d},"

        def open_target():
            """Today's 07:13 session, with real keys: the list has the
            focus, on today's latest session; Down, then Enter."""
            for _ in range(4):
                node = focused(history)
                if node is not None and (node.get_name() or "").startswith(target):
                    break
                key("Down")
                time.sleep(0.2)
            assert (focused(history).get_name() or "").startswith(target), \
                focused(history).get_name()
            key("Return")
            return find(lull.app(), None, "Edit Session")


        editor = open_target()
        set_spin_value(find(editor, "spin button", "Total Volume"), 123)
        click(find(editor, "push button", "Save"))
        wait_for(lambda: history_groups(data).get(group, {}).get("volume-ml") == "123",
                 what="the new volume in the month file")

        after = digests(data)
        changed = [name for name in after if after[name] != before.get(name)]
        assert changed == [month + ".ini"], changed
        assert len(after) >= 2, "the history spans at least two months"

        # Delete, then Undo.
        editor = open_target()
        click(find(editor, "push button", "Delete Session"))
        # The toast's Undo, found at once: the toast goes after a while.
        undo = find(history, "push button", "Undo")
        wait_for(lambda: group not in history_groups(data), what="the session to go")
        click(undo)
        wait_for(lambda: history_groups(data).get(group, {}).get("volume-ml") == "123",
                 what="the session back")


if __name__ == "__main__":
    sys.exit(run(test_progress_visible, test_edit_and_undo))
