#!/usr/bin/python3
# test_preferences.py — preferences chosen in the real app are kept.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys

from lull_e2e import (Lull, click, close_window, find, is_checked, open_preferences,
                      read_keyfile_value, run, tmpdir, wait_for)

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


if __name__ == "__main__":
    sys.exit(run(test_volume_unit_survives_restart, test_reduce_motion_and_scheme_written))
