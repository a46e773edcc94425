#!/usr/bin/python3
# test_csv.py — lull --export-csv and --import-csv, as a parent or a
# spreadsheet would use them: round trip, refusal, merge.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import os
import stat
import subprocess
import sys

from lull_e2e import LULL, Lull, find, lull_env, run, tmpdir
from test_history import DAYS, write_history

HEADER = ("start,pump_seconds,prime_seconds,first_letdown_seconds,letdown_count,letdowns,"
          "volume_ml,volume_left_ml,volume_right_ml,ease,calm_before,calm_after,routine,"
          "place,cues,notes")

# A month file with what a spreadsheet finds hard: notes with commas,
# quotes, line breaks, non-Latin text and a formula; sides and a total.
AWKWARD = """[Lull History]
version=1

[2025-10-10T06:40:00Z]
start=2025-10-10T07:40:00+01:00
prime-seconds=120
pump-seconds=960
letdowns=95;400
volume-ml=135
volume-left-ml=60
volume-right-ml=75
ease=4
calm-before=2
calm-after=5
routine=desk-quick
place=Office, 3rd floor
cues=audio;photos
notes=She said "well done",\\nand I cried. 授乳室 Тихо

[2025-10-11T02:00:00Z]
start=2025-10-10T21:00:00-05:00
prime-seconds=0
pump-seconds=600
place==SUM(A1:A9)
notes=@home; -tired
"""


def lull(data, *args):
    return subprocess.run([LULL, "--data-dir", data, *args], env=lull_env(),
                          capture_output=True, text=True, timeout=60)


def data_root_with_history():
    data = tmpdir("csv-data")
    write_history(data, datetime.date(2026, 2, 20))
    with open(os.path.join(data, "history", "2025-10.ini"), "w") as f:
        f.write(AWKWARD)
    return data


def test_round_trip():
    """export, import into an empty data root, export again: the same bytes"""
    source = data_root_with_history()
    out = tmpdir("csv-out")
    first = os.path.join(out, "first.csv")

    result = lull(source, "--export-csv", first)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Exported 122 sessions to {first}.\n", result.stdout
    assert stat.S_IMODE(os.stat(first).st_mode) == 0o600
    with open(first, "rb") as f:
        text = f.read()
    assert text.startswith(HEADER.encode() + b"\r\n")
    # Oldest first; a formula never runs; a note whole, quoted.
    lines = text.split(b"\r\n")
    assert lines[1].startswith(b"2025-10-10T07:40:00+01:00,960,120,95,2,95;400,135,60,75,4,2,5,"
                               b"desk-quick,\"Office, 3rd floor\",audio;photos,"
                               b"\"She said \"\"well done\"\",\nand I cried. ")
    assert b",'=SUM(A1:A9),,'@home; -tired" in lines[2], lines[2]

    # Standard output gives the same bytes, and the count on stderr.
    result = subprocess.run([LULL, "--data-dir", source, "--export-csv", "-"], env=lull_env(),
                            capture_output=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout == text

    empty = tmpdir("csv-empty")
    result = lull(empty, "--import-csv", first)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "first.csv: 122 imported, 0 already there, 0 refused.\n", result.stdout
    for name in os.listdir(os.path.join(empty, "history")):
        path = os.path.join(empty, "history", name)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path

    second = os.path.join(out, "second.csv")
    assert lull(empty, "--export-csv", second).returncode == 0
    with open(second, "rb") as f:
        assert f.read() == text

    # A second import adds nothing, and says why.
    result = lull(empty, "--import-csv", first)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "first.csv: 0 imported, 122 already there, 0 refused.\n"


def test_refused():
    """a file that is not Lull's is refused whole, its missing columns named"""
    data = tmpdir("csv-refused")
    other = os.path.join(tmpdir("csv-other"), "other.csv")
    with open(other, "w") as f:
        f.write("date,amount\n2026-01-01,80\n")

    result = lull(data, "--import-csv", other)
    assert result.returncode == 1
    assert "other.csv is not a Lull export" in result.stderr, result.stderr
    assert "start, pump_seconds" in result.stderr
    assert not os.path.exists(os.path.join(data, "history"))

    result = lull(data, "--import-csv", os.path.join(data, "missing.csv"))
    assert result.returncode == 1
    assert result.stderr.strip() != ""


def test_merge_with_bad_rows():
    """good rows import, each bad row is named by its line, reordered columns are read"""
    data = data_root_with_history()
    columns = HEADER.split(",")
    reordered = list(reversed(columns))
    rows = [
        # Already in the history (the same instant in another offset).
        {"start": "2025-10-10T06:40:00+00:00", "pump_seconds": "960", "prime_seconds": "0"},
        {"start": "2025-11-12T08:00:00+01:00", "pump_seconds": "700", "prime_seconds": "0",
         "notes": "new, from a spreadsheet"},
        # Line 4: a volume far out of range.
        {"start": "2025-11-13T08:00:00+01:00", "pump_seconds": "700", "prime_seconds": "0",
         "volume_ml": "99999"},
        # Line 5: not a number.
        {"start": "2025-11-14T08:00:00+01:00", "pump_seconds": "ten", "prime_seconds": "0"},
        {"start": "2025-11-15T08:00:00+01:00", "pump_seconds": "800", "prime_seconds": "0"},
    ]
    path = os.path.join(tmpdir("csv-merge"), "merge.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\ufeff" + ",".join(reordered) + "\r\n")
        for row in rows:
            cells = [row.get(name, "") for name in reordered]
            f.write(",".join(f'"{c}"' if "," in c else c for c in cells) + "\r\n")

    result = lull(data, "--import-csv", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "merge.csv: 2 imported, 1 already there, 2 refused.\n", result.stdout
    assert "Line 4 of merge.csv" in result.stderr or "line 4 of merge.csv" in result.stderr, \
        result.stderr
    assert "Line 5 of merge.csv, column “pump_seconds”" in result.stderr, result.stderr

    with open(os.path.join(data, "history", "2025-11.ini")) as f:
        month = f.read()
    assert "notes=new, from a spreadsheet" in month
    assert "start=2025-11-15T08:00:00+01:00" in month
    assert "2025-11-13" not in month


def sixty_days_csv(path, today):
    """The CSV a spreadsheet might hold: two sessions a day for DAYS days
    up to today (UTC), the first let-down coming from 5 minutes down to 1,
    with the columns in Lull's order."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(HEADER + "\r\n")
        for back in range(DAYS - 1, -1, -1):
            day = today - datetime.timedelta(days=back)
            first = 300 - (240 * (DAYS - 1 - back)) // (DAYS - 1)
            for hour, minute in ((7, 13), (15, 40)):
                start = f"{day.isoformat()}T{hour:02}:{minute:02}:00+00:00"
                f.write(f"{start},900,180,{first},2,{first};{first + 300},80,,,,,,desk-quick,"
                        f"Office,audio;breathing,\r\n")


def test_imported_history_in_app():
    """60 days imported through the command line: the app shows the streak and the trend"""
    data = tmpdir("csv-app")
    path = os.path.join(tmpdir("csv-sixty"), "sixty.csv")
    sixty_days_csv(path, datetime.datetime.now(datetime.timezone.utc).date())

    result = lull(data, "--import-csv", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"sixty.csv: {2 * DAYS} imported, 0 already there, 0 refused.\n"

    with Lull(data) as app:
        window = app.window("Lull")
        find(window, "label", f"A {DAYS}-day streak.")
        progress = find(window, "label", lambda text: "sooner than in your first week" in text)
        assert "4 minutes" in progress.get_name(), progress.get_name()


def test_usage():
    """export and import at once is a usage error, and writes nothing"""
    data = tmpdir("csv-usage")
    result = lull(data, "--export-csv", "a.csv", "--import-csv", "b.csv")
    assert result.returncode == 2
    assert "one thing at a time" in result.stderr
    assert not os.path.exists(os.path.join(data, "history"))


if __name__ == "__main__":
    sys.exit(run(test_round_trip, test_refused, test_merge_with_bad_rows,
                 test_imported_history_in_app, test_usage))
