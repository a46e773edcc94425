#!/usr/bin/python3
# test_routines.py — routine files in the data root are listed beside the
# built-in ones, and a damaged one is skipped with one message naming it.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys

from lull_e2e import (SHORT_ROUTINE, Lull, click, data_root_with_short_routine, find, find_all,
                      run)

HOSTILE = {
    "junk.lullroutine": b"\x7fELF\x02\x01\x01\x00\xff\xfe junk",
    "not-utf8.lullroutine": b"[Routine]\nversion=1\nid=x\nname=Caf\xe9\n",
    "negative.lullroutine": (b"[Routine]\nversion=1\nid=negative\nname=Negative\n\n"
                             b"[Step 1]\nkind=warmth\nduration=-5\nprompt=Warm.\n"),
    "no-routine-group.lullroutine": b"[Step 1]\nkind=warmth\nduration=5\nprompt=Warm.\n",
    "many-steps.lullroutine": (b"[Routine]\nversion=1\nid=many\nname=Many\n\n" +
                               b"".join(b"[Step %d]\nkind=rest\nduration=1\nprompt=Rest.\n\n" % i
                                        for i in range(1, 10001))),
}


def test_damaged_routines_skipped():
    """each damaged routine file is named in one message; the good ones are listed"""
    data = data_root_with_short_routine("routines")
    for name, contents in HOSTILE.items():
        with open(os.path.join(data, "routines", name), "wb") as f:
            f.write(contents)

    with Lull(data) as lull:
        window = lull.window("Lull")
        find(window, "push button", "Short test routine")
        find(window, "push button", "Quick desk routine")
        find(window, "label", f"Lull found {len(HOSTILE)} things to tell you about.")
        click(find(window, "push button", "Details"))
        details = find(lull.app(), "label",
                       lambda text: all(f"“{name}”" in text for name in HOSTILE))
        text = details.get_name()
        for name in HOSTILE:
            assert text.count(f"“{name}”") == 1, (name, text)
        assert lull.process.poll() is None, "Lull should keep running"


def test_markup_in_file_name():
    """a damaged routine called “Mum & baby” is named in the message, not read as markup"""
    data = data_root_with_short_routine("markup")
    with open(os.path.join(data, "routines", "Mum & baby.lullroutine"), "wb") as f:
        f.write(b"not a routine")

    with Lull(data) as lull:
        window = lull.window("Lull")
        find(window, "label", lambda text: "“Mum & baby.lullroutine”" in text)
        assert "markup" not in lull.stderr().lower(), lull.stderr()


def write_routine(data, file_name, name):
    text = SHORT_ROUTINE.replace("name=Short test routine", f"name={name}")
    with open(os.path.join(data, "routines", file_name), "w") as f:
        f.write(text)


def test_duplicate_ids_by_file_name():
    """of two files with one id, the first by file name is listed, on every start, and both are named"""
    data = data_root_with_short_routine("duplicate")
    os.remove(os.path.join(data, "routines", "e2e-short.lullroutine"))
    # Written in the reverse order, so that the folder's own order differs.
    for file_name, name in (("c-third.lullroutine", "Third"), ("b-second.lullroutine", "Second"),
                            ("a-first.lullroutine", "First")):
        write_routine(data, file_name, name)

    for _ in range(2):
        with Lull(data) as lull:
            window = lull.window("Lull")
            find(window, "push button", "First")
            assert not find_all(window, "push button", "Second")
            assert not find_all(window, "push button", "Third")
            click(find(window, "push button", "Details"))
            find(lull.app(), "label",
                 lambda text: "“a-first.lullroutine” and “b-second.lullroutine”" in text
                 and "“a-first.lullroutine” and “c-third.lullroutine”" in text)


if __name__ == "__main__":
    sys.exit(run(test_damaged_routines_skipped, test_markup_in_file_name,
                 test_duplicate_ids_by_file_name))
