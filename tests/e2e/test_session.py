#!/usr/bin/python3
# test_session.py — a whole pumping session in the real app, a crash in the
# middle of one, a save that fails on a read-only disk, and a log with
# amounts hidden.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import signal
import subprocess
import sys
import time

from lull_e2e import (Atspi, Lull, Skip, click, data_root_with_short_routine, find, find_all,
                      history_groups, is_checked, read_keyfile_value, respond, run,
                      set_spin_value, start_short_session, wait_for)


def mark_two_letdowns(window):
    letdown = find(window, "push button", "Let-Down")
    click(letdown)
    time.sleep(1.2)
    click(letdown)
    find(window, None, "2 let\u2011downs")


def save_with_volume(window, ml):
    # The log page is built with the window; it is filled when it shows.
    find(window, "label", lambda text: text.startswith("Well done."))
    set_spin_value(find(window, "spin button", "Total Volume"), ml)
    click(find(window, "push button", "Save"))


def test_whole_session():
    """start, skip the preparation, mark two let-downs, finish, log 80 mL, save"""
    data = data_root_with_short_routine("session")

    with Lull(data) as lull:
        window = start_short_session(lull)
        find(window, "label", "Something warm.")
        click(find(window, "push button", "Start Pumping"))
        find(window, "label", "Stimulation")
        mark_two_letdowns(window)
        click(find(window, "push button", "Finish"))
        # Heading without numbers; the facts in a quiet line below it.
        find(window, "label", "Well done.")
        find(window, "label", lambda text: text.endswith("of pumping · 2 let\u2011downs marked"))
        # A score once picked can be cleared by pressing it again.
        calm = find(window, "push button", "Calm Before: 3 of 5")
        click(calm)
        wait_for(lambda: is_checked(calm), what="the score to be picked")
        click(calm)
        wait_for(lambda: not is_checked(calm), what="the score to be cleared")
        click(find(window, "push button", "Calm After: 4 of 5"))
        save_with_volume(window, 80)
        find(window, "label", lambda text: text.startswith("1 session today"))
        assert not os.path.exists(os.path.join(data, "checkpoint.ini")), \
            "the checkpoint should go once the session is saved"

    groups = history_groups(data)
    assert len(groups) == 1, groups
    (record,) = groups.values()
    assert record["volume-ml"] == "80", record
    assert len(record["letdowns"].strip(";").split(";")) == 2, record
    assert record["routine"] == "e2e-short", record
    assert "calm-before" not in record, record
    assert record["calm-after"] == "4", record
    # Only what really happened: the warmth step was skipped, and Lull
    # showed no photo and played no sound.
    assert "cues" not in record or record["cues"].strip(";") == "", record


def test_crash_mid_session():
    """killed mid-session, Lull offers to resume and the let-down marks are intact"""
    data = data_root_with_short_routine("crash")

    with Lull(data) as lull:
        window = start_short_session(lull)
        click(find(window, "push button", "Start Pumping"))
        mark_two_letdowns(window)
        time.sleep(0.5)
        lull.process.send_signal(signal.SIGKILL)
        lull.process.wait()

    checkpoint = os.path.join(data, "checkpoint.ini")
    pump_seconds = int(read_keyfile_value(checkpoint, "Checkpoint", "pump-us")) // 1_000_000

    with Lull(data) as lull:
        offer = find(lull.app(), None,
                     lambda text: "was not finished" in text and "2 let\u2011downs" in text)
        assert offer is not None
        # Time spent reading the question is not pumping time.
        time.sleep(3)
        # Discard is asked about once more, and keeping it comes back here.
        respond(lull, "Welcome Back", "Discard")
        respond(lull, "Discard This Session?", "Keep It")
        respond(lull, "Welcome Back", "Log It")
        window = lull.window("Lull")
        save_with_volume(window, 60)
        find(window, "label", lambda text: text.startswith("1 session today"))

    (record,) = history_groups(data).values()
    assert len(record["letdowns"].strip(";").split(";")) == 2, record
    assert record["volume-ml"] == "60"
    assert int(record["pump-seconds"]) == pump_seconds, (record, pump_seconds)


def test_read_only_disk_at_save():
    """a read-only disk at save time: an error with Try Again, nothing lost"""
    if os.geteuid() != 0:
        raise Skip("mounting a tmpfs needs root")
    data = data_root_with_short_routine("readonly")
    # The history gets a disk of its own that can be made read-only while
    # Lull runs (a whole data root cannot: Mesa keeps its cache open there).
    history = os.path.join(data, "history")
    os.makedirs(history, mode=0o700)
    mount = ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", history]
    if subprocess.run(mount, capture_output=True).returncode != 0:
        raise Skip("mount was refused here")
    try:
        with Lull(data) as lull:
            window = start_short_session(lull)
            click(find(window, "push button", "Start Pumping"))
            click(find(window, "push button", "Let-Down"))
            find(window, None, lambda text: text.startswith("When the milk flows"))
            click(find(window, "push button", "Finish"))
            find(window, "label", lambda text: text.startswith("Well done."))
            set_spin_value(find(window, "spin button", "Total Volume"), 95)

            subprocess.run(["mount", "-o", "remount,ro", history], check=True)
            click(find(window, "push button", "Save"))
            find(lull.app(), None, "The Session Is Not Saved Yet")
            assert history_groups(data) == {}, "nothing should have been written"
            with open(os.path.join(data, "checkpoint.ini")) as f:
                checkpoint = f.read()
            assert "volume-ml=95" in checkpoint, "the answers should wait in the checkpoint"

            subprocess.run(["mount", "-o", "remount,rw", history], check=True)
            respond(lull, "The Session Is Not Saved Yet", "Try Again")
            window = lull.window("Lull")
            find(window, "label", lambda text: text.startswith("1 session today"))

        (record,) = history_groups(data).values()
        assert record["volume-ml"] == "95", record
        assert len(record["letdowns"].strip(";").split(";")) == 1, record
    finally:
        subprocess.run(["umount", "-l", history])


def test_hide_amounts():
    """Hide Amounts: the log asks for no volume, Save has the focus, none is saved"""
    data = data_root_with_short_routine("hide-amounts")
    with open(os.path.join(data, "settings.ini"), "w") as f:
        f.write("[Lull]\nhide-amounts=true\n")

    with Lull(data) as lull:
        window = start_short_session(lull)
        click(find(window, "push button", "Start Pumping"))
        click(find(window, "push button", "Finish"))
        find(window, "label", lambda text: text.startswith("Well done."))
        save = find(window, "push button", "Save")
        wait_for(lambda: save.get_state_set().contains(Atspi.StateType.FOCUSED),
                 what="Save to have the focus")
        for spin in find_all(window, "spin button"):
            assert not spin.get_state_set().contains(Atspi.StateType.SHOWING), \
                f"{spin.get_name()} should not show"
        assert not [node for node in find_all(window, None, "Volume")
                    if node.get_state_set().contains(Atspi.StateType.SHOWING)]
        click(save)
        find(window, "label", lambda text: text.startswith("1 session today"))

    (record,) = history_groups(data).values()
    assert "volume-ml" not in record and "volume-left-ml" not in record, record


if __name__ == "__main__":
    sys.exit(run(test_whole_session, test_crash_mid_session,
                 test_read_only_disk_at_save, test_hide_amounts))
