#!/usr/bin/python3
# test_report.py — lull --export-report: the PDF report for a lactation
# consultant, with no display, read back with poppler's pdftotext.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import os
import shutil
import stat
import subprocess
import sys

from lull_e2e import LULL, Skip, lull_env, run, tmpdir
from test_history import write_history

TODAY = datetime.date.today()


def notes_month(day):
    """Two sessions with notes on @day, written as a month file would have
    them, in the order they happened."""
    return f"""
[{day.isoformat()}T06:00:00Z]
start={day.isoformat()}T06:00:00+00:00
prime-seconds=60
pump-seconds=600
routine=desk-quick
notes=First note, before work.

[{day.isoformat()}T20:30:00Z]
start={day.isoformat()}T20:30:00+00:00
prime-seconds=60
pump-seconds=700
routine=full-relaxation
notes=Second note: the evening went well.\\nA second line.
"""


def data_root(hide_amounts=False):
    data = tmpdir("report")
    write_history(data, TODAY)
    day = TODAY - datetime.timedelta(days=3)
    with open(os.path.join(data, "history", day.strftime("%Y-%m") + ".ini"), "a") as f:
        f.write(notes_month(day))
    if hide_amounts:
        with open(os.path.join(data, "settings.ini"), "w") as f:
            f.write("[Lull]\nhide-amounts=true\n")
    return data


def long_date(day):
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def report(data, *args):
    # No display at all: the report needs none.
    env = lull_env(DISPLAY=None, WAYLAND_DISPLAY=None)
    return subprocess.run([LULL, "--data-dir", data, "--export-report", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_pages(path):
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def need_poppler():
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        raise Skip("poppler-utils is not installed")


def test_default_report():
    """the last 4 weeks, with page numbers, charts' titles, routines and notes in order"""
    need_poppler()
    data = data_root()
    path = os.path.join(tmpdir("report-out"), "report.pdf")

    result = report(data, path)
    assert result.returncode == 0, result.stderr
    first = TODAY - datetime.timedelta(days=27)
    assert result.stdout == f"Wrote the report from {first.isoformat()} to {TODAY.isoformat()} " \
                            f"to {path}.\n", result.stdout
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600

    text = pdf_text(path)
    pages = pdf_pages(path)
    assert pages >= 2, pages
    assert "Pumping Report" in text
    # The dates, in words, at the top of the first page and on each page.
    dates = "%s – %s" % (long_date(first), long_date(TODAY))
    assert text.count(dates) >= pages + 1, (dates, text[:400])
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    # 28 days, two sessions each, and the two with notes.
    assert "58 sessions, on 28 of the 28 days." in text, text
    for title in ("Sessions a Day", "Volume a Day", "Time to the First Let-Down",
                  "Let-Downs a Session", "Routines", "What Helped", "Notes"):
        assert title in text, title
    assert "Quick desk routine: 57 sessions" in text, text
    assert text.index("First note, before work.") < text.index("the evening went well")
    assert "A second line." in text
    assert "mL" in text


def test_first_page_renders():
    """pdftoppm renders the first page: a white A4 page with ink on it"""
    need_poppler()
    from PIL import Image

    data = data_root()
    out = tmpdir("report-render")
    path = os.path.join(out, "report.pdf")
    assert report(data, path).returncode == 0
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", path,
                    os.path.join(out, "page")], check=True)
    image = Image.open(os.path.join(out, "page-1.png")).convert("L")
    width, height = image.size
    assert abs(height / width - 842 / 595) < 0.02, image.size
    dark = sum(1 for value in image.getdata() if value < 128)
    assert dark > 0.005 * width * height, dark
    # The margins stay blank.
    assert all(image.getpixel((x, 5)) > 250 for x in range(width))


def test_hidden_amounts_and_range():
    """with Hide Amounts no amount appears; --from and --to choose the dates"""
    need_poppler()
    data = data_root(hide_amounts=True)
    path = os.path.join(tmpdir("report-hidden"), "report.pdf")
    start = TODAY - datetime.timedelta(days=6)

    result = report(data, path, "--from", start.isoformat(), "--to", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    text = pdf_text(path)
    assert "Volume a Day" not in text
    assert "mL" not in text and "Volume" not in text, text
    assert "16 sessions, on 7 of the 7 days." in text, text


def test_usage():
    """a date that is not one, or dates the wrong way round, is a usage error and writes nothing"""
    data = data_root()
    out = tmpdir("report-usage")
    path = os.path.join(out, "report.pdf")

    result = report(data, path, "--from", "2026-02-30")
    assert result.returncode == 2
    assert "“2026-02-30” is not a date" in result.stderr, result.stderr

    result = report(data, path, "--from", "2026-11-20", "--to", "2026-11-01")
    assert result.returncode == 2
    assert "comes after" in result.stderr
    assert os.listdir(out) == []

    result = subprocess.run([LULL, "--data-dir", data, "--from", "2026-11-01"], env=lull_env(),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "--export-report" in result.stderr


def test_unwritable():
    """a folder that cannot be written gets a plain sentence, and status 1"""
    data = data_root()
    result = report(data, "/proc/lull-report.pdf")
    assert result.returncode == 1
    assert "Lull could not write lull-report.pdf" in result.stderr, result.stderr


if __name__ == "__main__":
    sys.exit(run(test_default_report, test_first_page_renders, test_hidden_amounts_and_range,
                 test_usage, test_unwritable))
