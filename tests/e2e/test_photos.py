#!/usr/bin/python3
# test_photos.py — the baby's photos in the real app: a folder imported
# with --import-photos (a good photo turned by its EXIF orientation and a
# text file named .jpg), a session that shows the photo upright on
# screen, the discreet screen (H) with no photo pixel left, the "What
# Helped" tick, a photo-focus step that gives the photo the window, and a
# clip that cannot play, skipped for the next photo.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess
import sys
import tempfile
import time

from lull_e2e import (Atspi, Desktop, Lull, Skip, activate, click, find, find_all,
                      history_groups, key, lull_env, run, tmpdir, wait_for)

try:
    from PIL import Image
except ImportError:  # python3-pil is a test package
    Image = None

RED = (220, 40, 40)
BLUE = (40, 70, 220)

PHOTO_ROUTINE = """[Routine]
version=1
id=e2e-photos
name=Photo test routine
pump-minutes=15

[Step 1]
kind=rest
duration=0
photos=true
prompt=Look at your baby.

[Step 2]
kind=photo-focus
duration=0
prompt=Only this photo.

[Step 3]
kind=stimulation
duration=0
prompt=Start the pump gently.
"""


def need_pil():
    if Image is None:
        raise Skip("python3-pil is not installed")


def make_turned_photo(path):
    """A photo whose pixels lie on their side, with EXIF orientation 6
    (turn 90 degrees clockwise to view): upright, red is above blue."""
    upright = Image.new("RGB", (600, 800), BLUE)
    upright.paste(Image.new("RGB", (600, 400), RED), (0, 0))
    stored = upright.rotate(90, expand=True)  # counter-clockwise
    exif = Image.Exif()
    exif[0x0112] = 6
    stored.save(path, "JPEG", quality=92, exif=exif.tobytes())


def data_root(test_name):
    data = tmpdir(test_name)
    os.makedirs(os.path.join(data, "routines"), mode=0o700)
    with open(os.path.join(data, "routines", "e2e-photos.lullroutine"), "w") as f:
        f.write(PHOTO_ROUTINE)
    with open(os.path.join(data, "settings.ini"), "w") as f:
        f.write("[Lull]\nplay-sound=false\nwindow-width=860\nwindow-height=640\n")
    return data


def import_folder(data, folder):
    return subprocess.run([os.environ["LULL_BINARY"], "--data-dir", data,
                           "--import-photos", folder],
                          env=lull_env(), capture_output=True, text=True, timeout=120)


def screenshot(node):
    """The screen inside @node, as PIL sees it."""
    time.sleep(0.5)
    extents = node.get_component_iface().get_extents(Atspi.CoordType.SCREEN)
    path = tempfile.mktemp(suffix=".png")
    geometry = f"{extents.width}x{extents.height}+{extents.x}+{extents.y}"
    subprocess.run(["import", "-window", "root", "-crop", geometry, "+repage", path], check=True)
    image = Image.open(path).convert("RGB")
    image.load()
    os.unlink(path)
    return image


def near(pixel, colour, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


def colour_rows(image, colour):
    """The rows of @image that hold a run of @colour."""
    width, height = image.size
    pixels = image.load()
    rows = []
    for y in range(0, height, 2):
        hits = sum(1 for x in range(0, width, 4) if near(pixels[x, y], colour))
        if hits >= 8:
            rows.append(y)
    return rows


def start_session(lull):
    window = lull.window("Lull")
    click(find(window, "push button", "Photo test routine"))
    click(find(window, "push button", "Start Session"))
    find(window, "label", "Look at your baby.")
    return window


def test_import_and_upright():
    """A folder imports (the bad file refused by name) and a session shows the photo upright"""
    need_pil()
    data = data_root("photos-upright")
    folder = tmpdir("photos-source")
    make_turned_photo(os.path.join(folder, "turned.jpg"))
    with open(os.path.join(folder, "not-a-photo.jpg"), "w") as f:
        f.write("Just some words, not a picture.\n")

    result = import_folder(data, folder)
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    lines = sorted(result.stdout.splitlines())
    assert len(lines) == 2, lines
    assert lines[0].startswith("added\t") and "turned.jpg" in lines[0], lines
    assert lines[1].startswith("refused\t") and "not-a-photo.jpg" in lines[1], lines
    assert "not-a-photo.jpg" in result.stderr, result.stderr
    photos = os.listdir(os.path.join(data, "photos"))
    assert len([p for p in photos if not p.startswith(".")]) == 1, photos
    assert os.stat(os.path.join(data, "photos")).st_mode & 0o777 == 0o700
    for name in photos:
        assert os.stat(os.path.join(data, "photos", name)).st_mode & 0o777 == 0o600

    with Lull(data) as lull:
        window = start_session(lull)
        slideshow = find(window, None, "Your photos")
        shot = wait_for(lambda: (lambda image: image if colour_rows(image, RED) else None)(
            screenshot(slideshow)), what="the photo on screen")
        red, blue = colour_rows(shot, RED), colour_rows(shot, BLUE)
        assert red and blue, "both halves of the photo are on screen"
        # Upright: all of red above all of blue.
        assert max(red) < min(blue), (min(red), max(red), min(blue), max(blue))


def test_discreet_hide():
    """H hides the photos at once, with no photo pixel left, and brings them back"""
    need_pil()
    data = data_root("photos-hide")
    folder = tmpdir("photos-hide-source")
    make_turned_photo(os.path.join(folder, "turned.jpg"))
    assert import_folder(data, folder).returncode == 0

    with Desktop(), Lull(data) as lull:
        window = start_session(lull)
        activate(lull)
        slideshow = find(window, None, "Your photos")
        wait_for(lambda: colour_rows(screenshot(window), RED), what="the photo on screen")

        key("h")
        find(window, None, "Photos hidden")
        whole = screenshot(window)
        assert not colour_rows(whole, RED) and not colour_rows(whole, BLUE), \
            "no photo pixel while hidden"
        find(window, "push button", "Show Photos")

        key("h")
        find(window, None, "Your photos")
        wait_for(lambda: colour_rows(screenshot(slideshow), RED), what="the photo back")

        # F11: the photo as large as the screen allows, and back.
        def width(node):
            return node.get_component_iface().get_extents(Atspi.CoordType.SCREEN).width
        window_before, photo_before = width(window), width(slideshow)
        key("F11")
        wait_for(lambda: width(window) > window_before + 100, what="the window fullscreen")
        wait_for(lambda: width(slideshow) > photo_before, what="the photo to grow")
        key("F11")
        wait_for(lambda: width(window) == window_before, what="the window back to its size")


def test_what_helped_and_off():
    """Photos count in What Helped only when shown: on, they do; with photos off, they don't"""
    need_pil()
    for show, expected in ((True, True), (False, False)):
        data = data_root(f"photos-helped-{show}")
        folder = tmpdir("photos-helped-source")
        make_turned_photo(os.path.join(folder, "turned.jpg"))
        assert import_folder(data, folder).returncode == 0
        if not show:
            with open(os.path.join(data, "settings.ini"), "a") as f:
                f.write("show-photos=false\n")

        with Lull(data) as lull:
            window = start_session(lull)
            if show:
                slideshow = find(window, None, "Your photos")
                wait_for(lambda: colour_rows(screenshot(slideshow), RED), what="the photo")
            else:
                time.sleep(2)
                assert not find_all(window, None, "Your photos") or \
                    not find(window, None, "Your photos").get_state_set().contains(
                        Atspi.StateType.SHOWING)
            click(find(window, "push button", "Start Pumping"))
            click(find(window, "push button", "Finish"))
            find(window, "label", lambda text: text.startswith("Well done."))
            click(find(window, "push button", "Save"))
            find(window, "label", lambda text: text.startswith("1 session today"))

        records = list(history_groups(data).values())
        assert len(records) == 1, records
        cues = records[0].get("cues", "").split(";")
        assert ("photos" in cues) == expected, (show, cues)


def test_photo_focus_step():
    """A photo-focus step gives the photo the window: the breathing shape steps aside"""
    need_pil()
    data = data_root("photos-focus")
    folder = tmpdir("photos-focus-source")
    make_turned_photo(os.path.join(folder, "turned.jpg"))
    assert import_folder(data, folder).returncode == 0

    with Lull(data) as lull:
        window = start_session(lull)
        shape = find(window, None, "Breathing guide")
        slideshow = find(window, None, "Your photos")
        before = slideshow.get_component_iface().get_extents(Atspi.CoordType.SCREEN).width
        click(find(window, "push button", "Next Step"))
        find(window, "label", "Only this photo.")
        wait_for(lambda: not shape.get_state_set().contains(Atspi.StateType.SHOWING),
                 what="the breathing shape to step aside")
        after = wait_for(lambda: (lambda w: w if w > before * 1.5 else None)(
            slideshow.get_component_iface().get_extents(Atspi.CoordType.SCREEN).width),
            what="the photo to take the width")
        assert after > before * 1.5, (before, after)


def test_clip_that_fails_is_skipped():
    """A clip that cannot play is skipped, said once, and the slideshow moves on"""
    need_pil()
    data = data_root("photos-bad-clip")
    folder = tmpdir("photos-bad-clip-source")
    make_turned_photo(os.path.join(folder, "turned.jpg"))
    assert import_folder(data, folder).returncode == 0
    # Broken after import (a disk error, an edit by hand): only the
    # slideshow can find out.
    with open(os.path.join(data, "photos", "broken.webm"), "wb") as f:
        f.write(b"\x1a\x45\xdf\xa3" + b"\x00" * 64)
    # The broken clip comes first, so the photo shows only if the
    # slideshow moves on from it.
    with open(os.path.join(data, "photos.ini"), "w") as f:
        f.write("[Lull Photos]\nversion=1\norder=broken.webm;turned.jpg;\n")
    with open(os.path.join(data, "settings.ini"), "a") as f:
        f.write("slideshow-seconds=5\n")

    with Lull(data) as lull:
        window = start_session(lull)
        find(window, None, lambda text: text.startswith("“broken.webm” could not be shown"),
             timeout=40)
        slideshow = find(window, None, "Your photos")
        wait_for(lambda: colour_rows(screenshot(slideshow), RED), what="the photo after the clip")


if __name__ == "__main__":
    sys.exit(run(test_import_and_upright, test_discreet_hide, test_what_helped_and_off,
                 test_photo_focus_step, test_clip_that_fails_is_skipped))
