#!/usr/bin/python3
# test_mime.py
#
# Copyright 2026 The Lull developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The routine files' MIME type, as a desktop would install it.

Debian ships no schema for shared-mime-info's XML, so the file is checked
for well-formedness by xmllint and then by update-mime-database, which
says what it rejects (on standard output, with status 0), and must say
nothing. Then the type and the desktop file
are installed into a scratch prefix, and GIO is asked what opens a routine
file and what type a routine file is, by its name and by its contents.

Usage: test_mime.py MIME-XML DESKTOP-FILE SAMPLE-ROUTINE
"""

import os
import shutil
import subprocess
import sys
import tempfile

MIME_TYPE = "application/x-lull-routine"


class Failure(Exception):
    pass


def run(argv, env=None):
    result = subprocess.run(argv, capture_output=True, text=True, env=env)
    return result.returncode, result.stdout, result.stderr


def install_mime(prefix, xml):
    packages = os.path.join(prefix, "mime", "packages")
    os.makedirs(packages)
    shutil.copy(xml, os.path.join(packages, "lull.xml"))
    # In the search path, or it says so on standard error.
    env = dict(os.environ, XDG_DATA_HOME=prefix)
    status, out, err = run(["update-mime-database", os.path.join(prefix, "mime")], env)
    # It tells of a rejected element on standard output, and exits 0.
    return status, (out + err).strip()


def gio_env(prefix, scratch):
    env = dict(os.environ)
    env.pop("G_DEBUG", None)
    env["XDG_DATA_HOME"] = prefix
    # The system's types (text/plain) without its applications' choices.
    env["XDG_DATA_DIRS"] = "/usr/share"
    env["XDG_CONFIG_HOME"] = os.path.join(scratch, "config")
    env["XDG_CONFIG_DIRS"] = os.path.join(scratch, "config-dirs")
    env["XDG_CACHE_HOME"] = os.path.join(scratch, "cache")
    env["GIO_USE_VFS"] = "local"
    # GIO lists only applications whose Exec program is on PATH.
    bin_dir = os.path.join(scratch, "bin")
    os.makedirs(bin_dir, exist_ok=True)
    if not os.path.exists(os.path.join(bin_dir, "lull")):
        os.symlink("/bin/true", os.path.join(bin_dir, "lull"))
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "/usr/bin:/bin")
    return env


def content_type(path, env):
    status, out, err = run(["gio", "info", "-a", "standard::content-type", path], env)
    if status != 0:
        raise Failure(f"gio info failed: {err.strip()}")
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("standard::content-type:"):
            return line.split(":", 3)[-1].strip()
    raise Failure(f"no content type in: {out!r}")


def test_well_formed(xml, scratch):
    status, _, err = run(["xmllint", "--noout", xml])
    if status != 0 or err:
        raise Failure(f"xmllint: {err.strip()}")


def test_update_mime_database_accepts(xml, scratch):
    status, said = install_mime(os.path.join(scratch, "accepts"), xml)
    if status != 0 or said:
        raise Failure(f"update-mime-database said: {said}")


def test_update_mime_database_rejects_broken(xml, scratch):
    # The check above can fail: a glob without its pattern is refused.
    broken = os.path.join(scratch, "broken.xml")
    with open(xml, encoding="utf-8") as f:
        text = f.read()
    with open(broken, "w", encoding="utf-8") as f:
        f.write(text.replace('<glob pattern="*.lullroutine"/>', "<glob/>"))
    if "<glob/>" not in open(broken, encoding="utf-8").read():
        raise Failure("the glob to break was not found")
    status, said = install_mime(os.path.join(scratch, "rejects"), broken)
    if status == 0 and "pattern" not in said:
        raise Failure("update-mime-database took a glob without a pattern")


def test_installed(xml, desktop, sample, scratch):
    prefix = os.path.join(scratch, "share")
    status, said = install_mime(prefix, xml)
    if status != 0 or said:
        raise Failure(f"update-mime-database said: {said}")
    applications = os.path.join(prefix, "applications")
    os.makedirs(applications)
    shutil.copy(desktop, applications)
    status, _, err = run(["update-desktop-database", applications])
    if status != 0:
        raise Failure(f"update-desktop-database: {err.strip()}")
    with open(os.path.join(applications, "mimeinfo.cache"), encoding="utf-8") as f:
        if MIME_TYPE not in f.read():
            raise Failure("mimeinfo.cache does not list the routine type")

    env = gio_env(prefix, scratch)
    name = os.path.basename(desktop)
    status, out, err = run(["gio", "mime", MIME_TYPE], env)
    if status != 0:
        raise Failure(f"gio mime: {err.strip()}")
    if name not in out:
        raise Failure(f"gio mime does not name {name}: {out!r}")

    named = os.path.join(scratch, "evening.lullroutine")
    shutil.copy(sample, named)
    found = content_type(named, env)
    if found != MIME_TYPE:
        raise Failure(f"{named} is {found}, not {MIME_TYPE}")

    # By its contents: comment lines, then [Routine] past the first 256
    # bytes, as the built-in routines are written.
    with open(sample, "rb") as f:
        data = f.read()
    if data.find(b"[Routine]") < 256:
        raise Failure("the sample does not start with comments")
    unnamed = os.path.join(scratch, "routine-from-a-mail")
    shutil.copy(sample, unnamed)
    found = content_type(unnamed, env)
    if found != MIME_TYPE:
        raise Failure(f"{unnamed} is {found}, not {MIME_TYPE}")

    # And plain text stays plain text.
    other = os.path.join(scratch, "notes")
    with open(other, "w", encoding="utf-8") as f:
        f.write("# Notes\n[Shopping]\nmilk=yes\n")
    found = content_type(other, env)
    if found == MIME_TYPE:
        raise Failure("a keyfile without [Routine] was taken for a routine")


def main():
    xml, desktop, sample = sys.argv[1:4]
    tests = [
        ("well-formed", lambda s: test_well_formed(xml, s)),
        ("update-mime-database accepts it", lambda s: test_update_mime_database_accepts(xml, s)),
        ("update-mime-database rejects a broken copy",
         lambda s: test_update_mime_database_rejects_broken(xml, s)),
        ("installed: Lull opens routine files, known by name and by contents",
         lambda s: test_installed(xml, desktop, sample, s)),
    ]
    print(f"1..{len(tests)}")
    failed = False
    for number, (name, test) in enumerate(tests, 1):
        scratch = tempfile.mkdtemp(prefix="lull-mime-")
        try:
            test(scratch)
            print(f"ok {number} - {name}")
        except Failure as e:
            failed = True
            print(f"not ok {number} - {name}")
            print(f"# {e}")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
