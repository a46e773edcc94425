#!/usr/bin/python3
# test_forget.py — Forget This Computer in portable mode, through the
# accessibility tree and real key presses: what slipped outside the folder
# is cleared, and on a second, explicit choice the folder goes too.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import hashlib
import os
import sys
import time

from gi.repository import GLib  # noqa: E402

from lull_e2e import (Desktop, Lull, accessible_name, activate, click, files_below, find,
                      find_all, focused, key, lull_env, run, tmpdir)


def portable_home(test_name):
    """A fresh HOME with each XDG base folder inside it, and its env."""
    home = tmpdir(test_name + "-home")
    env = lull_env(HOME=home,
                   XDG_DATA_HOME=os.path.join(home, ".local", "share"),
                   XDG_CONFIG_HOME=os.path.join(home, ".config"),
                   XDG_CACHE_HOME=os.path.join(home, ".cache"),
                   XDG_STATE_HOME=os.path.join(home, ".local", "state"))
    return home, env


def data_root_with_history_and_photo(test_name):
    data = tmpdir(test_name)
    start = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) \
        - datetime.timedelta(days=2)
    os.makedirs(os.path.join(data, "history"), mode=0o700)
    with open(os.path.join(data, "history", start.strftime("%Y-%m") + ".ini"), "w") as f:
        for i in range(2):
            when = start + datetime.timedelta(hours=3 * i)
            f.write(("[Lull History]\nversion=1\n\n" if i == 0 else "")
                    + f"[{when.strftime('%Y-%m-%dT%H:%M:%SZ')}]\n"
                    f"start={when.strftime('%Y-%m-%dT%H:%M:%S')}+00:00\n"
                    "prime-seconds=60\npump-seconds=600\nroutine=desk-quick\n\n")
    os.makedirs(os.path.join(data, "photos"), mode=0o700)
    with open(os.path.join(data, "photos", "baby.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
    os.makedirs(os.path.join(data, "recordings"), mode=0o700)
    with open(os.path.join(data, "recordings", "2026-11-24T08-15-00.ogg"), "wb") as f:
        f.write(b"OggS")
    with open(os.path.join(data, ".lock"), "w"):
        pass
    return data


def plant_traces(home, data):
    """What a desktop could have left about the folder's files, and one
    thing of someone else's that must stay."""
    photo_uri = GLib.filename_to_uri(os.path.join(data, "photos", "baby.png"))
    md5 = hashlib.md5(photo_uri.encode()).hexdigest()
    planted = {
        "thumbnail": os.path.join(home, ".cache", "thumbnails", "large", md5 + ".png"),
        "registry": os.path.join(home, ".cache", "gstreamer-1.0", "registry.x86_64.bin"),
    }
    for path in planted.values():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(b"trace")
    recent = os.path.join(home, ".local", "share", "recently-used.xbel")
    os.makedirs(os.path.dirname(recent), exist_ok=True)
    with open(recent, "w") as f:
        f.write(RECENT_HEAD + recent_entry(photo_uri, "eog")
                + recent_entry(OTHER_URI, "evince") + "</xbel>\n")
    return photo_uri, planted, recent


def recent_uris(recent):
    with open(recent) as f:
        text = f.read()
    return [part.split('"')[0] for part in text.split('<bookmark href="')[1:]]


# GLib.BookmarkFile cannot be made from Python with GLib 2.74: the file
# is written as GTK writes it.
RECENT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<xbel version="1.0"
      xmlns:bookmark="http://www.freedesktop.org/standards/desktop-bookmarks"
      xmlns:mime="http://www.freedesktop.org/standards/shared-mime-info">
"""
OTHER_URI = "file:///elsewhere/report.pdf"


def recent_entry(uri, app):
    stamp = "2026-11-24T08:15:00.000000Z"
    return (f'  <bookmark href="{uri}" added="{stamp}" modified="{stamp}" visited="{stamp}">\n'
            '    <info><metadata owner="http://freedesktop.org">'
            '<mime:mime-type type="application/octet-stream"/><bookmark:applications>'
            f'<bookmark:application name="{app}" exec="&apos;{app} %u&apos;" '
            f'modified="{stamp}" count="1"/></bookmark:applications></metadata></info>\n'
            '  </bookmark>\n')


def open_forget(lull):
    """The main menu by its key (F10), then the item."""
    window = lull.window("Lull")
    activate(lull)
    key("F10")
    click(find(window, "menu item", "Forget This Computer…"))
    return find(lull.app(), None, "Forget This Computer?")


def tab_to(dialog, name, presses=12):
    """Tab until the control named @name has the keyboard."""
    for _ in range(presses):
        node = focused(dialog)
        if node is not None and accessible_name(node) == name:
            return node
        key("Tab")
    raise AssertionError(f"Tab never reached {name!r}")


def prepared(test_name):
    """A fresh HOME with traces in it, a data folder, and their env."""
    home, env = portable_home(test_name)
    data = data_root_with_history_and_photo(test_name + "-data")
    return (home, env, data) + plant_traces(home, data)


def test_forget_and_delete_folder():
    """Forget This Computer, folder included: both confirmed by keys, Lull quits, nothing is left"""
    home, env, data, photo_uri, planted, recent = prepared("forget")

    with Desktop(), Lull(data, env=env) as lull:
        dialog = open_forget(lull)
        find(dialog, "label", lambda text: "thumbnail of a file in the Lull folder" in text)
        find(dialog, "label", lambda text: "GStreamer" in text)
        find(dialog, "label", lambda text: "list of recently used files" in text)

        tab_to(dialog, "Also Delete the Lull Folder")
        key("space")
        tab_to(dialog, "Continue…")
        key("Return")

        second = find(lull.app(), None, "Delete the Lull Folder?")
        find(second, "label", lambda text: data in text
             and "2 sessions, 1 photo or clip and 1 recording" in text)
        tab_to(second, "Delete Folder and Close")
        key("Return")
        assert lull.wait() == 0, lull.stderr()

    assert not os.path.exists(data), files_below(data)
    for name, path in planted.items():
        assert not os.path.exists(path), f"the {name} is still there"
    assert recent_uris(recent) == [OTHER_URI], recent_uris(recent)
    # Nothing of Lull's in HOME: only what the test put there and kept.
    left = [name for name in files_below(home) if not os.path.isdir(os.path.join(home, name))]
    assert left == [".local/share/recently-used.xbel"], left


def test_forget_keeps_folder():
    """without the second choice the folder stays, and Lull says what it cleared"""
    _, env, data, _, planted, _ = prepared("forget-keep")

    with Desktop(), Lull(data, env=env) as lull:
        dialog = open_forget(lull)
        click(find(dialog, "push button", "Forget"))
        done = find(lull.app(), None, "This Computer Is Forgotten")
        find(done, "label", lambda text: text.startswith("Lull cleared from this computer")
             and "are still in" in text)
        assert lull.process.poll() is None

    assert os.path.exists(os.path.join(data, "history"))
    assert not any(os.path.exists(path) for path in planted.values())


def test_folder_not_deleted_is_told():
    """a folder that cannot be deleted as Lull ends: a window says so and what to do; nothing is lost"""
    home, env, data, photo_uri, planted, recent = prepared("forget-refused")

    with Desktop(), Lull(data, env=env) as lull:
        dialog = open_forget(lull)
        tab_to(dialog, "Also Delete the Lull Folder")
        key("space")
        tab_to(dialog, "Continue…")
        key("Return")
        second = find(lull.app(), None, "Delete the Lull Folder?")

        # While the parent reads, a file of hers lands in the folder: Lull
        # deletes no folder that holds what is not its own.
        with open(os.path.join(data, "notes.txt"), "w") as f:
            f.write("My own notes.\n")
        tab_to(second, "Delete Folder and Close")
        key("Return")

        left = find(lull.app(), None, "Not Everything Was Deleted")
        find(left, "label", lambda text: "it also holds “notes.txt”, which is not Lull’s" in text
             and "delete the folder yourself" in text)
        assert lull.process.poll() is None, "Lull ended without saying what was left"
        click(find(left, "push button", "Close"))
        assert lull.wait() == 0, lull.stderr()
        assert "notes.txt" in lull.stderr(), lull.stderr()
        assert "WARNING" not in lull.stderr() and "CRITICAL" not in lull.stderr(), lull.stderr()

    # The traces outside went; the folder and everything in it stayed.
    assert not any(os.path.exists(path) for path in planted.values())
    for name in ("notes.txt", "history", "photos"):
        assert os.path.exists(os.path.join(data, name)), files_below(data)


def test_hidden_when_not_portable():
    """an ordinary Lull has no Forget This Computer in its menu"""
    home, env = portable_home("forget-ordinary")
    env["GSETTINGS_BACKEND"] = "memory"
    with Lull(env=env) as lull:
        window = lull.window("Lull")
        click(find(window, "push button", "Main Menu"))
        find(window, "menu item", "Preferences")
        time.sleep(0.5)
        assert find_all(window, "menu item", "Forget This Computer…") == []


if __name__ == "__main__":
    sys.exit(run(test_forget_and_delete_folder, test_forget_keeps_folder,
                 test_folder_not_deleted_is_told, test_hidden_when_not_portable))
