# history_fixture.py
#
# Copyright 2026 The Lull developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Writes a believable session history into a Lull data root.

The history format is the one from the design: one GKeyFile per calendar
month, <root>/history/YYYY-MM.ini, with a [Lull History] header group and
one group per session named after the session's start in UTC. Everything
is generated from a fixed seed, so two calls with the same arguments write
byte-identical files.
"""

import datetime
import os
import random

__all__ = ["write_history"]

FOLDER_MODE = 0o700
FILE_MODE = 0o600

# All sessions are written with this offset (Central European winter time).
LOCAL_OFFSET = datetime.timedelta(hours=1)
LOCAL_TZ = datetime.timezone(LOCAL_OFFSET)

ROUTINES = ["desk-quick", "night-calm", "full-relax", "morning", "car-break"]
PLACES = ["Office nook", "Nursery", "Living room", "Bedroom", "Car", "Parents' room at work",
          "Stillraum im Büro"]
CUES = ["audio", "photos", "warmth", "massage", "breathing", "video", "scent"]
AUDIO = ["builtin:meadow", "builtin:rain", "builtin:waves", "builtin:heartbeat",
         "builtin:lullaby", "baby-cooing.ogg"]
NOTES = [
    "Felt the first one early.",
    "Slow start, then fine.",
    "Looked at photos the whole time.",
    "Tired today, less than usual.",
    "Warm compress helped a lot.",
    "Interrupted by a call halfway through.",
    "Second let-down took a while.",
    "Good session, very relaxed.",
    "Müde, aber ruhig. Café au lait danach.",
    "Baby woke up twice; started again after ten minutes.\nLeft side slower.",
    "Tried the new flange size (24 mm instead of 21 mm). Less sore afterwards, "
    "and the let-down came sooner than with the old one. Keep it.",
    "Long day at work — pumped in the car before the meeting.",
]


def _fmt_utc(moment):
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _fmt_local(moment):
    return moment.astimezone(LOCAL_TZ).isoformat(timespec="seconds")


def _day_starts(rng, day, per_day):
    """Returns per_day distinct local start times on day, in order.

    Sessions fall between 01:00 and 23:00 local time so that the UTC date
    (which names the group and picks the month file) is the local date.
    """
    first = 60 * 60
    last = 23 * 60 * 60
    span = (last - first) // per_day
    starts = []
    for slot in range(per_day):
        second = first + slot * span + rng.randrange(0, span - 45 * 60)
        starts.append(datetime.datetime(day.year, day.month, day.day, tzinfo=LOCAL_TZ)
                      + datetime.timedelta(seconds=second))
    return starts


def _escape(value):
    """A string value as GKeyFile writes it (g_key_file_set_string)."""
    value = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
    return "\\s" + value[1:] if value.startswith(" ") else value


def _session(rng, start):
    """One session's group, with the keys in the order Lull writes them.

    Most sessions have every value; as in real use some have no let-down,
    a total volume without sides or no volume at all, no scores, and about
    a third have notes (some long, some with non-ASCII text or two lines).
    """
    prime = rng.choice([0, 60, 120, 180, 240, 300, 420, 600])
    pump = rng.randrange(8 * 60, 30 * 60)
    n_letdowns = rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4])
    letdowns = sorted(rng.sample(range(30, pump), n_letdowns))
    lines = [
        "[%s]" % _fmt_utc(start),
        "start=%s" % _fmt_local(start),
        "prime-seconds=%d" % prime,
        "pump-seconds=%d" % pump,
    ]
    if letdowns:
        lines.append("letdowns=%s" % ";".join(str(s) for s in letdowns))
    volume = rng.random()
    if volume < 0.75:
        left = rng.randrange(5, 120)
        right = rng.randrange(5, 120)
        lines += ["volume-ml=%d" % (left + right),
                  "volume-left-ml=%d" % left,
                  "volume-right-ml=%d" % right]
    elif volume < 0.9:
        lines.append("volume-ml=%d" % rng.randrange(10, 240))
    if rng.random() < 0.9:
        calm_before = rng.randrange(1, 6)
        lines += ["ease=%d" % rng.randrange(1, 6),
                  "calm-before=%d" % calm_before,
                  "calm-after=%d" % min(5, calm_before + rng.randrange(0, 3))]
    lines += [
        "routine=%s" % rng.choice(ROUTINES),
        "place=%s" % _escape(rng.choice(PLACES)),
        "cues=%s" % (";".join(c for c in CUES if rng.random() < 0.6) or "breathing"),
        "audio=%s" % rng.choice(AUDIO),
    ]
    if rng.random() < 0.3:
        lines.append("notes=%s" % _escape(rng.choice(NOTES)))
    return "\n".join(lines) + "\n"


def _write_file(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(path, FILE_MODE)


def _make_folder(path):
    os.makedirs(path, mode=FOLDER_MODE, exist_ok=True)
    os.chmod(path, FOLDER_MODE)


def write_history(root, count, last_day=datetime.date(2026, 11, 30), seed=20261130,
                  per_day=(4, 8)):
    """Writes count sessions into root/history, one file per month.

    Sessions go back day by day from last_day, per_day[0] to per_day[1]
    sessions a day, until count are written. Returns the list of files
    written, oldest first.
    """
    rng = random.Random(seed)
    history = os.path.join(root, "history")
    _make_folder(root)
    _make_folder(history)

    months = {}  # "YYYY-MM" -> list of session texts, newest day first
    day = last_day
    left = count
    while left > 0:
        n = min(left, rng.randint(per_day[0], per_day[1]))
        texts = [_session(rng, start) for start in _day_starts(rng, day, n)]
        months.setdefault(day.strftime("%Y-%m"), []).append(texts)
        left -= n
        day -= datetime.timedelta(days=1)

    written = []
    for month in sorted(months):
        body = ["[Lull History]\nversion=1\n"]
        for texts in reversed(months[month]):  # oldest day first
            body.extend(texts)
        path = os.path.join(history, month + ".ini")
        _write_file(path, "\n".join(body))
        written.append(path)
    return written


if __name__ == "__main__":
    import sys
    import time

    if len(sys.argv) not in (2, 3):
        sys.exit("usage: history_fixture.py ROOT [COUNT]")
    t0 = time.monotonic()
    files = write_history(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 10000)
    size = sum(os.path.getsize(f) for f in files)
    print("wrote %d files, %.1f MiB, in %.1f s" % (len(files), size / 2**20, time.monotonic() - t0))
