#!/usr/bin/python3
# test_preferences.py — preferences chosen in the real app are kept.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import stat
import subprocess
import sys

from lull_e2e import (Atspi, Desktop, Lull, activate, click, close_window, find, find_all,
                      focused, is_checked, key, lull_env, open_preferences, read_keyfile_value,
                      run, tmpdir, wait_for)
from test_layout import check_names

US = "US Fluid Ounces (fl oz)"
ML = "Millilitres (mL)"


def test_volume_unit_survives_restart():
    """the volume unit picked in Preferences is kept in DIR/settings.ini across a restart"""
    data = tmpdir("prefs")
    settings = os.path.join(data, "settings.ini")

    with Lull(data) as lull:
        preferences = open_preferences(lull)
        ml = find(preferences, "push button", ML)
        us = find(preferences, "push button", US)
        assert is_checked(ml) and not is_checked(us), "millilitres should be the default"

        click(us)
        wait_for(lambda: is_checked(us), what="the US unit to be chosen")
        assert not is_checked(ml)

        close_window(preferences, lull)
        close_window(lull.window("Lull"))
        assert lull.wait() == 0, lull.stderr()

    assert os.path.exists(settings), "settings.ini was not written in the data folder"
    assert read_keyfile_value(settings, "Lull", "volume-unit") == "'us-fl-oz'"
    assert os.stat(settings).st_mode & 0o777 == 0o600, oct(os.stat(settings).st_mode)

    with Lull(data) as lull:
        preferences = open_preferences(lull)
        us = find(preferences, "push button", US)
        assert is_checked(us), "the US unit was not kept after a restart"
        assert not is_checked(find(preferences, "push button", ML))
        close_window(preferences, lull)
        close_window(lull.window("Lull"))
        assert lull.wait() == 0


def test_reduce_motion_and_scheme_written():
    """reduce motion and a dark colour scheme are written as the parent sets them"""
    data = tmpdir("prefs-motion")
    settings = os.path.join(data, "settings.ini")

    with Lull(data) as lull:
        preferences = open_preferences(lull)
        click(find(preferences, "check box", "Reduce Motion"))
        click(find(preferences, "push button", "Dark"))
        wait_for(lambda: os.path.exists(settings)
                 and "reduce-motion=true" in open(settings).read()
                 and "color-scheme='dark'" in open(settings).read(),
                 what="reduce-motion and color-scheme in settings.ini")
        close_window(preferences, lull)
        close_window(lull.window("Lull"))
        assert lull.wait() == 0


def settings_value(settings, key):
    """A key's value as written in settings.ini, or None."""
    if not os.path.exists(settings):
        return None
    try:
        return read_keyfile_value(settings, "Lull", key)
    except Exception:
        return None


def tab_to(window, role, name, presses=40):
    """Press Tab until the control with this role and name has the keyboard."""
    for _ in range(presses):
        node = focused(window)
        if node is not None and node.get_role_name() == role and node.get_name() == name:
            return node
        key("Tab")
    raise AssertionError(f"Tab never reached the {role} {name!r}")


def type_and_enter(text):
    """Replace the focused entry's text from the keyboard, then Enter."""
    key("ctrl+a")
    subprocess.run(["xdotool", "type", "--delay", "50", text], check=True)
    key("Return")


def test_reminders_named_and_checked():
    """every Reminders control is named; unreadable times are not saved, and a sentence says why"""
    data = tmpdir("prefs-reminders")
    settings = os.path.join(data, "settings.ini")
    with open(settings, "w") as f:
        f.write("[Lull]\nreminder-mode='times'\n")
    os.chmod(settings, 0o600)

    with Desktop(), Lull(data) as lull:
        activate(lull)
        key("ctrl+comma")
        preferences = lull.window("Preferences")
        for role, name in (("combo box", "Reminders"), ("text", "Times"),
                           ("combo box", "Snooze For"), ("check box", "Quiet Hours"),
                           ("check box", "Daily Nudge"), ("spin button", "Quiet Hours From"),
                           ("spin button", "Quiet Hours Until"),
                           ("spin button", "Daily Nudge Time")):
            find(preferences, role, name)
        # The group's rows, the combo rows' and expander rows' inner parts
        # aside (libadwaita 1.2 names those by type; see test_layout).
        check_names(find(preferences, "list", "Reminders"), "the Reminders group", header_bar=True)
        # A portable copy never starts at login, so it does not offer to.
        assert not find_all(preferences, "check box", "Start at Login")

        times = tab_to(preferences, "text", "Times")
        type_and_enter("7:3x")
        find(preferences, "label", lambda text: text.startswith("Not saved: write each time"))
        # A screen reader hears the same sentence, on the entry itself.
        assert times.get_state_set().contains(Atspi.StateType.INVALID)
        assert times.get_description().startswith("Not saved: write each time")
        assert settings_value(settings, "reminder-times") is None, "unreadable times were saved"

        type_and_enter("07:30, 13:00")
        wait_for(lambda: settings_value(settings, "reminder-times") == "['07:30', '13:00']",
                 what="reminder-times in settings.ini")
        assert not times.get_state_set().contains(Atspi.StateType.INVALID)
        assert not times.get_description()
        assert not find_all(preferences, "label", lambda text: text.startswith("Not saved"))

        # Quiet hours from the keyboard: on their switch, Space.
        tab_to(preferences, "check box", "Quiet Hours")
        key("space")
        wait_for(lambda: settings_value(settings, "quiet-hours-start") == "'23:00'"
                 and settings_value(settings, "quiet-hours-end") == "'05:00'",
                 what="quiet hours in settings.ini")

        # (With reminders on, Lull stays in the background when its window
        # closes: the run ends with the test.)
        close_window(preferences, lull)


def test_start_at_login_offered_when_installed():
    """a Lull that is not portable offers Start at Login with reminders on, and keeps the choice"""
    home = tmpdir("prefs-login")
    config = os.path.join(home, "config")
    keyfile = os.path.join(config, "glib-2.0", "settings", "keyfile")
    os.makedirs(os.path.dirname(keyfile))
    with open(keyfile, "w") as f:
        f.write("[io/github/lullapp/Lull]\nreminder-mode='interval'\n")
    env = lull_env(HOME=home, XDG_CONFIG_HOME=config, XDG_DATA_HOME=os.path.join(home, "data"),
                   XDG_CACHE_HOME=os.path.join(home, "cache"), GSETTINGS_BACKEND="keyfile")

    with Lull(env=env) as lull:
        preferences = open_preferences(lull)
        login = find(preferences, "check box", "Start at Login")
        assert login.get_state_set().contains(Atspi.StateType.SENSITIVE)
        assert not is_checked(login)
        click(login)
        wait_for(lambda: "start-at-login=true" in open(keyfile).read(),
                 what="start-at-login in the settings")
        # The autostart entry, private, starting Lull with no window...
        autostart = os.path.join(config, "autostart")
        wait_for(lambda: os.path.isdir(autostart) and os.listdir(autostart),
                 what="an autostart entry")
        entry = os.path.join(autostart, os.listdir(autostart)[0])
        assert entry.endswith(".desktop") and "io.github.lullapp.Lull" in entry, entry
        with open(entry) as f:
            assert "Exec=lull --background\n" in f.read()
        assert stat.S_IMODE(os.stat(entry).st_mode) == 0o600
        # ...and gone when the parent says no.
        click(login)
        wait_for(lambda: not os.path.exists(entry), what="the autostart entry removed")
        close_window(preferences, lull)


if __name__ == "__main__":
    sys.exit(run(test_volume_unit_survives_restart, test_reduce_motion_and_scheme_written,
                 test_reminders_named_and_checked, test_start_at_login_offered_when_installed))
