#!/usr/bin/python3
# build-aux/screenshots.py BUILD-DIR OUT-DIR — take the screenshots shown in
# the README and the metainfo, in light and dark, from the real app.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run inside a display with an accessibility bus, for example:
#   meson setup /tmp/build-shots -Dprofile=default && ninja -C /tmp/build-shots
#   dbus-run-session -- build-aux/headless /usr/bin/python3 \
#       build-aux/screenshots.py /tmp/build-shots data/screenshots

import datetime
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "e2e"))
import lull_e2e  # noqa: E402
from lull_e2e import (Atspi, Lull, activate, click, close_window, find, focused, key,  # noqa: E402
                      lull_env, open_preferences, set_spin_value, tmpdir)
from test_history import write_history  # noqa: E402

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def shoot(node, path):
    """Crop the screen to one window, as a person sees it."""
    # Park the pointer in a corner, away from anything it could highlight.
    Atspi.generate_mouse_event(1279, 799, "abs")
    time.sleep(1.0)  # let transitions finish
    extents = node.get_component_iface().get_extents(Atspi.CoordType.SCREEN)
    geometry = f"{extents.width}x{extents.height}+{extents.x}+{extents.y}"
    subprocess.run(["import", "-window", "root", "-crop", geometry, "+repage", path], check=True)
    print("wrote", path)


def soft_picture(path, seed):
    """A soft abstract picture, standing in for a baby's photo: warm
    gradients and blurred discs (never a real person)."""
    from PIL import Image, ImageDraw, ImageFilter
    import random
    rng = random.Random(seed)
    width, height = 1600, 1200
    top = (rng.randint(200, 250), rng.randint(170, 220), rng.randint(150, 200))
    bottom = (rng.randint(120, 180), rng.randint(150, 200), rng.randint(180, 230))
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)],
                  fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))
    for _ in range(7):
        r = rng.randint(120, 360)
        x, y = rng.randint(0, width), rng.randint(0, height)
        colour = (rng.randint(220, 255), rng.randint(190, 240), rng.randint(170, 230))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
    image.filter(ImageFilter.GaussianBlur(60)).save(path, "JPEG", quality=90)


def reminder_shots(env, out, scheme):
    """A reminder as the window shows it with no notification server (the
    banner), and the Reminders group of Preferences."""
    data = tmpdir(f"shots-reminders-{scheme}")
    start = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) \
        - datetime.timedelta(hours=3, seconds=2)
    os.makedirs(os.path.join(data, "history"), mode=0o700)
    with open(os.path.join(data, "history", start.strftime("%Y-%m") + ".ini"), "w") as f:
        f.write("[Lull History]\nversion=1\n\n"
                f"[{start.strftime('%Y-%m-%dT%H:%M:%SZ')}]\n"
                f"start={start.strftime('%Y-%m-%dT%H:%M:%S')}+00:00\n"
                "prime-seconds=60\npump-seconds=900\nroutine=desk-quick\n")
    with open(os.path.join(data, "settings.ini"), "w") as f:
        f.write(f"[Lull]\ncolor-scheme='{scheme}'\nwindow-width=760\nwindow-height=560\n"
                "reminder-mode='interval'\nquiet-hours-start='23:00'\n"
                "quiet-hours-end='05:00'\n")
    with Lull(data, env=env) as lull:
        window = lull.window("Lull")
        find(window, "label", "Time for a Session", timeout=30)
        shoot(window, os.path.join(out, f"reminder-banner-{scheme}.png"))

        activate(lull)
        key("ctrl+comma")
        preferences = lull.window("Preferences")
        # Tab to the group's last setting, which brings the group into view.
        for _ in range(40):
            node = focused(preferences)
            if node is not None and node.get_name() == "Daily Nudge":
                break
            key("Tab")
        shoot(preferences, os.path.join(out, f"preferences-reminders-{scheme}.png"))
        close_window(preferences, lull)


def demo_shots(env, out, scheme):
    """A demonstration at ten times speed, with its badge, and the same
    step in the presenter view (fullscreen, under a window manager)."""
    data = tmpdir(f"shots-demo-{scheme}")
    with open(os.path.join(data, "settings.ini"), "w") as f:
        f.write(f"[Lull]\ncolor-scheme='{scheme}'\nwindow-width=760\nwindow-height=560\n")
    args = ["--demo=10", "--start-session=full-relaxation"]
    # The third step, a rest of four minutes: 24 seconds at this speed.
    with Lull(data, args=args, env=env) as lull:
        window = lull.window("Lull")
        find(window, "status bar", "Demonstration · 10×")
        for _ in range(2):
            click(find(window, "push button", "Next Step"))
        find(window, "label", lambda text: text.startswith("Preparing · step 3"))
        shoot(window, os.path.join(out, f"demonstration-{scheme}.png"))
    # With a window manager, which a fullscreen window needs.
    with lull_e2e.Desktop(), Lull(data, args=args, env=env) as lull:
        window = lull.window("Lull")
        activate(lull)
        key("Right", "Right", "F11")
        find(window, "label", lambda text: text.startswith("Next: "))
        shoot(window, os.path.join(out, f"presenter-{scheme}.png"))


EVENING_CALM = """# A routine of the parent's own, as the Routines window shows it.
[Routine]
version=1
id=evening-calm
name=Evening calm
description=Warmth and slow breaths before the pump.
pump-minutes=20

[Step 1]
kind=warmth
duration=60
prompt=Hold something warm against your breasts.

[Step 2]
kind=breathing
duration=90
breaths-per-minute=6
audio=builtin:rain
prompt=Breathe in slowly, and out a little longer.

[Step 3]
kind=stimulation
duration=until-next
prompt=Start the pump on its light, quick setting.
"""


def routines_shots(env, out, scheme):
    """The Routines window with a routine of the parent's own open."""
    data = tmpdir(f"shots-routines-{scheme}")
    with open(os.path.join(data, "settings.ini"), "w") as f:
        f.write(f"[Lull]\ncolor-scheme='{scheme}'\nwindow-width=760\nwindow-height=560\n")
    os.makedirs(os.path.join(data, "routines"), mode=0o700)
    with open(os.path.join(data, "routines", "evening-calm.lullroutine"), "w") as f:
        f.write(EVENING_CALM)
    with Lull(data, env=env) as lull:
        window = lull.window("Lull")
        click(find(window, "push button", "Main Menu"))
        click(find(window, "menu item", "Routines"))

        def routines_window():
            app = lull.app()
            for i in range(app.get_child_count()):
                child = app.get_child_at_index(i)
                if child is not None and child.get_name() == "Routines":
                    return child
            return None
        routines = lull_e2e.wait_for(routines_window, what="the Routines window")
        # Chosen in the list as a screen reader chooses: the row is not a
        # button.
        row = find(routines, "list item", lambda name: name.startswith("Evening calm"))
        row.get_parent().get_selection_iface().select_child(row.get_index_in_parent())
        find(routines, "text", "Step 1: Prompt")
        shoot(routines, os.path.join(out, f"routine-editor-{scheme}.png"))


def main(build, out):
    lull_e2e.LULL = os.path.join(build, "src", "lull")
    env = lull_env(GSETTINGS_SCHEMA_DIR=os.path.join(build, "data"),
                   LULL_LOCALEDIR=os.path.join(build, "po"),
                   LULL_MEDIA_DIR=os.path.join(SOURCE, "media"))
    os.makedirs(out, exist_ok=True)

    # The report's first page, as poppler renders the PDF that
    # `lull --export-report` writes from sixty days of sessions. Paper has
    # no dark style.
    report_root = tmpdir("shots-report")
    write_history(report_root, datetime.datetime.now(datetime.timezone.utc).date())
    report_pdf = os.path.join(report_root, "report.pdf")
    subprocess.run([lull_e2e.LULL, "--data-dir", report_root, "--export-report", report_pdf],
                   env=env, check=True, capture_output=True)
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", "1", "-l", "1",
                    report_pdf, os.path.join(out, "report-page-1")], check=True)
    print("wrote", os.path.join(out, "report-page-1.png"))

    for scheme in ("light", "dark"):
        reminder_shots(env, out, scheme)
        demo_shots(env, out, scheme)
        routines_shots(env, out, scheme)

        data = tmpdir(f"shots-{scheme}")
        with open(os.path.join(data, "settings.ini"), "w") as f:
            f.write(f"[Lull]\ncolor-scheme='{scheme}'\nwindow-width=760\nwindow-height=560\n")
        # One sound of the parent's own, as if added by hand.
        os.makedirs(os.path.join(data, "audio"), mode=0o700)
        shutil.copy(os.path.join(SOURCE, "media", "waves.opus"),
                    os.path.join(data, "audio", "Our-evening-song.opus"))
        with open(os.path.join(data, "tracks.ini"), "w") as f:
            f.write("[Lull Tracks]\nversion=1\n\n[Our-evening-song.opus]\ntitle=Our evening song\n")

        with Lull(data, env=env) as lull:
            window = lull.window("Lull")
            shoot(window, os.path.join(out, f"home-{scheme}.png"))

            preferences = open_preferences(lull)
            shoot(preferences, os.path.join(out, f"preferences-{scheme}.png"))
            close_window(preferences, lull)

            click(find(window, "push button", "Main Menu"))
            click(find(window, "menu item", "About Lull"))
            about = find(lull.app(), "frame", lambda name: name != "Lull")
            shoot(about, os.path.join(out, f"about-{scheme}.png"))

        with Lull(data, env=env) as lull:
            lull.window("Lull")
            activate(lull)
            key("ctrl+l")
            sounds = find(lull.app(), None, "Sounds")
            find(sounds, "label", "Our evening song")
            find(sounds, "label", lambda text: text.startswith("Guided imagery · "))
            shoot(sounds, os.path.join(out, f"sounds-{scheme}.png"))

            key("ctrl+r")
            recorder = find(lull.app(), None, "Record a Sound")
            find(recorder, "push button", "Record")
            shoot(recorder, os.path.join(out, f"recorder-{scheme}.png"))

        # Sixty days of sessions, let-down coming sooner: the home page's
        # streak and progress, the History window and its charts, and the
        # same with Hide Amounts on.
        for hidden in (False, True):
            progress = tmpdir(f"shots-progress-{scheme}")
            with open(os.path.join(progress, "settings.ini"), "w") as f:
                f.write(f"[Lull]\ncolor-scheme='{scheme}'\nwindow-width=760\nwindow-height=560\n"
                        f"hide-amounts={'true' if hidden else 'false'}\n")
            write_history(progress, datetime.datetime.now(datetime.timezone.utc).date())
            suffix = "-amounts-hidden" if hidden else ""
            with Lull(progress, env=env) as lull:
                window = lull.window("Lull")
                find(window, "label", lambda text: text.startswith("A 60-day streak"))
                if not hidden:
                    shoot(window, os.path.join(out, f"home-progress-{scheme}.png"))
                activate(lull)
                key("ctrl+h")
                history = find(lull.app(), None, "History")
                time.sleep(1.0)
                shoot(history, os.path.join(out, f"history{suffix}-{scheme}.png"))
                click(find(history, None, "Progress"))
                find(history, "image", "Time to the First Let-Down")
                shoot(history, os.path.join(out, f"progress{suffix}-{scheme}.png"))

        # Three soft pictures stand in for the baby's photos.
        pictures = tmpdir(f"shots-pictures-{scheme}")
        for seed in range(3):
            soft_picture(os.path.join(pictures, f"picture-{seed + 1}.jpg"), seed)
        subprocess.run([lull_e2e.LULL, "--data-dir", data, "--import-photos", pictures],
                       env=env, check=True, capture_output=True)

        with Lull(data, env=env) as lull:
            lull.window("Lull")
            activate(lull)
            key("ctrl+p")
            photos = find(lull.app(), None, "Photos")
            time.sleep(1.5)  # thumbnails
            shoot(photos, os.path.join(out, f"photos-{scheme}.png"))

        # A fresh start for the session, so that no dialog is left over.
        with Lull(data, env=env) as lull:
            window = lull.window("Lull")
            click(find(window, "push button", "Quick desk routine"))
            click(find(window, "push button", "Start Session"))
            find(window, "label", lambda text: text.startswith("Preparing"))
            find(window, "label", "Soft Rain")
            find(window, None, "Your photos")
            time.sleep(2.0)  # the first photo's fade
            shoot(window, os.path.join(out, f"session-preparing-{scheme}.png"))

            click(find(window, "push button", "Hide Photos"))
            find(window, None, "Photos hidden")
            shoot(window, os.path.join(out, f"session-photos-hidden-{scheme}.png"))
            click(find(window, "push button", "Show Photos"))

            click(find(window, "push button", "Start Pumping"))
            click(find(window, "push button", "Let-Down"))
            find(window, "status bar", "1 let\u2011down")
            # Mid-ripple would catch a passing frame; wait for the still view.
            time.sleep(1.5)
            shoot(window, os.path.join(out, f"session-pumping-{scheme}.png"))

            click(find(window, "push button", "Pause"))
            find(window, "push button", "Resume")
            shoot(window, os.path.join(out, f"session-paused-{scheme}.png"))
            click(find(window, "push button", "Resume"))

            click(find(window, "push button", "Finish"))
            find(window, "label", "Well done.")
            set_spin_value(find(window, "spin button", "Total Volume"), 90)
            shoot(window, os.path.join(out, f"log-{scheme}.png"))

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__ or "usage: screenshots.py BUILD-DIR OUT-DIR")
    main(sys.argv[1], sys.argv[2])
