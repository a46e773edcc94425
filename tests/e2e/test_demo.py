#!/usr/bin/python3
# test_demo.py — for counsellors: a demonstration at speed that keeps
# nothing, the presenter view driven by a clicker's keys, and a guest
# session on a computer that is not the parent's.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess
import sys
import time

from gi.repository import GLib

from lull_e2e import (LULL, Desktop, Lull, activate, click, find,
                      find_all, key, lull_env, read_keyfile_value, run, tmpdir, wait_for)

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WAITING_ROUTINE = """[Routine]
version=1
id=talk
name=Talk it through

[Step 1]
kind=warmth
prompt=Something warm.

[Step 2]
kind=breathing
prompt=Breathe slowly.

[Step 3]
kind=stimulation
prompt=Light, quick pumping.
"""
# The header's badge is a status, so that a screen reader hears it come.
BADGE = "status bar"
FINISHED_DEMO = "The demonstration is over. Nothing was saved."


def preparation_prompts(routine_id):
    """The prompts of a built-in routine's preparation, in order."""
    keyfile = GLib.KeyFile()
    keyfile.load_from_file(os.path.join(SOURCE, "data", "routines", f"{routine_id}.lullroutine"),
                           GLib.KeyFileFlags.NONE)
    prompts = []
    for number in range(1, 101):
        group = f"Step {number}"
        if not keyfile.has_group(group):
            break
        if keyfile.get_string(group, "kind") in ("stimulation", "expression"):
            break
        prompts.append(keyfile.get_string(group, "prompt"))
    return prompts


def data_root_with_waiting_routine(name):
    """A data root with a routine whose steps wait for the parent, so that
    even at ten times speed each prompt stays until Next."""
    data = tmpdir(name)
    os.makedirs(os.path.join(data, "routines"), mode=0o700)
    with open(os.path.join(data, "routines", "talk.lullroutine"), "w") as f:
        f.write(WAITING_ROUTINE)
    return data


def kept_files(data):
    """What a session would leave in the data root: history and checkpoint."""
    history = os.path.join(data, "history")
    files = sorted(os.listdir(history)) if os.path.isdir(history) else []
    if os.path.exists(os.path.join(data, "checkpoint.ini")):
        files.append("checkpoint.ini")
    return files


def last_routine(data):
    """The last-routine preference in a portable data root, if it was set."""
    path = os.path.join(data, "settings.ini")
    if not os.path.exists(path):
        return None
    try:
        return read_keyfile_value(path, "Lull", "last-routine")
    except GLib.Error:
        return None


def test_demo_runs_full_relaxation():
    """--demo=30 shows Full relaxation's preparation in order, through to the pump, and keeps nothing"""
    prompts = preparation_prompts("full-relaxation")
    assert len(prompts) >= 5, prompts
    data = tmpdir("demo")

    with Lull(data, args=["--demo=30"]) as lull:
        window = lull.window("Lull")
        find(window, BADGE, "Demonstration · 30×")
        # Started once the window is there: its first step lasts 2 s.
        click(find(window, "push button", "Full relaxation"))
        click(find(window, "push button", "Start Session"))
        label = find(window, "label", prompts[0])
        started = time.monotonic()

        # Every step's prompt, each once and in order, on the same label.
        # How fast it goes (under a minute of real time, for 19 minutes at
        # 30 times speed) is measured in tests/bench/demo_pace.py; the
        # limit here only stops a demonstration that hangs.
        seen = [prompts[0]]
        deadline = started + 300
        while time.monotonic() < deadline:
            name = label.get_name()
            if name != seen[-1]:
                seen.append(name)
            if find_all(window, "label", "Stimulation"):
                break
            time.sleep(0.1)
        shown = [prompt for prompt in seen if prompt in prompts]
        assert shown == prompts, f"the steps shown were {seen}"
        # The pump started on its own once the preparation was over.
        assert find_all(window, "label", "Stimulation"), \
            f"the pump had not started {time.monotonic() - started:.0f} s in"

        key_finish = find(window, "push button", "Finish")
        click(key_finish)
        find(window, "label", FINISHED_DEMO)
        find(window, "push button", "Start Session")

    assert kept_files(data) == [], kept_files(data)
    assert last_routine(data) is None, "a demonstration chose the last routine"


def test_demo_opens_into_a_session():
    """--demo with --start-session opens straight into a demonstration of that routine"""
    prompts = preparation_prompts("full-relaxation")
    data = tmpdir("demo-start")

    with Lull(data, args=["--demo=10", "--start-session=full-relaxation"]) as lull:
        window = lull.window("Lull")
        find(window, BADGE, "Demonstration · 10×")
        find(window, "label", lambda text: text in prompts)
        find(window, "label", lambda text: text.startswith("Preparing · step"))
        click(find(window, "push button", "Finish"))
        find(window, "label", FINISHED_DEMO)

    assert kept_files(data) == [], kept_files(data)


def test_demo_from_the_menu():
    """Demonstration Mode from the menu: the badge shows, and a finished session is not logged"""
    data = data_root_with_waiting_routine("demo-menu")

    with Lull(data) as lull:
        window = lull.window("Lull")
        assert not find_all(window, BADGE, lambda text: text.startswith("Demonstration")), \
            "the badge showed before the mode was chosen"
        click(find(window, "push button", "Main Menu"))
        click(find(window, None, "Demonstration Mode"))
        find(window, BADGE, "Demonstration · 10×")

        click(find(window, "push button", "Talk it through"))
        click(find(window, "push button", "Start Session"))
        find(window, "label", "Something warm.")
        click(find(window, "push button", "Start Pumping"))
        click(find(window, "push button", "Let-Down"))
        click(find(window, "push button", "Finish"))
        find(window, "label", FINISHED_DEMO)

        # Off again: the badge goes, and the next session is a real one.
        click(find(window, "push button", "Main Menu"))
        click(find(window, None, "Demonstration Mode"))
        wait_for(lambda: not find_all(window, BADGE, lambda t: t.startswith("Demonstration")),
                 what="the badge to go")

    assert kept_files(data) == [], kept_files(data)


def test_guest_session():
    """a guest session says it saves nothing, and saves nothing"""
    data = data_root_with_waiting_routine("guest")

    with Lull(data) as lull:
        window = lull.window("Lull")
        click(find(window, "push button", "Talk it through"))
        click(find(window, "push button", "Main Menu"))
        click(find(window, "menu item", "Start Guest Session"))
        find(window, "label", "Something warm.")
        find(window, BADGE, "Guest Session · Nothing Is Saved")
        click(find(window, "push button", "Start Pumping"))
        time.sleep(1.2)
        click(find(window, "push button", "Let-Down"))
        assert kept_files(data) == [], "a guest session wrote a checkpoint"
        click(find(window, "push button", "Finish"))
        find(window, "label", "Your guest session is over. Nothing was saved on this computer.")
        wait_for(lambda: not find_all(window, BADGE, "Guest Session · Nothing Is Saved"),
                 what="the badge to go")

    assert kept_files(data) == [], kept_files(data)
    assert last_routine(data) is None, "a guest session chose the last routine"


def test_presenter_view():
    """F11 is the presenter view: the next step shows below, Page Down and Page Up move"""
    data = data_root_with_waiting_routine("presenter")
    with Desktop(), Lull(data, args=["--start-session=talk"]) as lull:
        window = lull.window("Lull")
        find(window, "label", "Something warm.")
        assert not find_all(window, "label", "Next: Breathe slowly."), \
            "the next step showed outside the presenter view"
        activate(lull)
        key("F11")
        find(window, "label", "Next: Breathe slowly.")
        # A presentation clicker's keys.
        key("Next")
        find(window, "label", "Breathe slowly.")
        find(window, "label", "Next: the pump starts.")
        key("Prior")
        find(window, "label", "Something warm.")
        key("F11")
        wait_for(lambda: not find_all(window, "label", "Next: Breathe slowly."),
                 what="the next step to go with the presenter view")


def test_demo_speed_refused():
    """a speed out of range is a usage error, said in words"""
    data = tmpdir("demo-bad")
    for bad in ("0", "61", "fast"):
        result = subprocess.run([LULL, "--data-dir", data, f"--demo={bad}"], env=lull_env(),
                                capture_output=True, text=True, timeout=30)
        assert result.returncode == 2, (bad, result.returncode, result.stderr)
        assert f"“{bad}” is not a speed Lull can show" in result.stderr, result.stderr
    result = subprocess.run([LULL, "--data-dir", data, "--demo", "--export-csv", "-"],
                            env=lull_env(), capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and "one thing at a time" in result.stderr, result.stderr


if __name__ == "__main__":
    sys.exit(run(test_demo_runs_full_relaxation, test_demo_opens_into_a_session,
                 test_demo_from_the_menu, test_guest_session,
                 test_presenter_view, test_demo_speed_refused))
