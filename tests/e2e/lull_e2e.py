# lull_e2e.py — drive the real, built Lull through the accessibility tree.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Each test module calls run() with its test functions; results come out
# as TAP for meson. The harness (build-aux/headless inside dbus-run-session)
# provides the X server, the session bus and the sound server.

import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import warnings

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

# A process that has gone must not hold a lookup up for D-Bus's 25 seconds.
Atspi.set_timeout(3000, 15000)

# libatspi 2.46 marks the Action interface getters deprecated; they still work.
warnings.filterwarnings("ignore", category=DeprecationWarning)

LULL = os.environ.get("LULL_BINARY", "")
TIMEOUT = float(os.environ.get("LULL_E2E_TIMEOUT", "20"))


def use_build(lull):
    """For a benchmark given the built lull: drive that binary, with the
    schemas and translations of its build tree unless they are set."""
    global LULL
    LULL = lull
    build = os.path.dirname(os.path.dirname(os.path.abspath(lull)))
    os.environ.setdefault("GSETTINGS_SCHEMA_DIR", os.path.join(build, "data"))
    os.environ.setdefault("LULL_LOCALEDIR", os.path.join(build, "po"))


def lull_env(**extra):
    """The environment an uninstalled Lull needs, plus extra."""
    env = dict(os.environ)
    env.setdefault("LANG", "C.UTF-8")
    env.pop("LANGUAGE", None)
    env.pop("GSETTINGS_BACKEND", None)
    env.pop("G_DEBUG", None)
    env.update({k: v for k, v in extra.items() if v is not None})
    for k, v in extra.items():
        if v is None:
            env.pop(k, None)
    return env


class Lull:
    """One run of the real lull binary."""

    def __init__(self, data_dir=None, args=(), env=None):
        self.workdir = tempfile.mkdtemp(prefix="lull-run-")
        self.stdout_path = os.path.join(self.workdir, "stdout")
        self.stderr_path = os.path.join(self.workdir, "stderr")
        argv = [LULL]
        if data_dir is not None:
            argv += ["--data-dir", data_dir]
        argv += list(args)
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen(argv, env=env or lull_env(),
                                            stdout=out, stderr=err,
                                            stdin=subprocess.DEVNULL)

    @property
    def pid(self):
        return self.process.pid

    def stdout(self):
        with open(self.stdout_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stderr(self):
        with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def app(self, timeout=TIMEOUT):
        """The application's node in the accessibility tree.

        Looked up afresh each time: GTK re-registers its root when a window
        goes away, and a node kept from before then is dead."""
        def lookup():
            if self.process.poll() is not None:
                raise AssertionError(f"lull exited with {self.process.returncode}: {self.stderr()}")
            desktop = Atspi.get_desktop(0)
            for i in range(desktop.get_child_count()):
                child = desktop.get_child_at_index(i)
                try:
                    # A stale entry of the same process answers its pid
                    # from the cache but nothing else: ask for its name.
                    if child is not None and child.get_process_id() == self.pid:
                        child.get_name()
                        child.get_child_count()
                        return child
                except gi.repository.GLib.Error:
                    continue
            return None

        return wait_for(lookup, timeout, "lull in the accessibility tree")

    def window(self, name, timeout=TIMEOUT):
        return find(self.app(timeout), "frame", name, timeout)

    def wait(self, timeout=TIMEOUT):
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError("lull did not exit in time")

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def close(self):
        self.kill()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def wait_for(fn, timeout=TIMEOUT, what="a condition"):
    deadline = time.monotonic() + timeout
    while True:
        result = fn()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def walk(node):
    """node and every node below it."""
    yield from _walk(node)


def _walk(node):
    if node is None:
        return
    yield node
    try:
        count = node.get_child_count()
    except gi.repository.GLib.Error:
        return
    for i in range(count):
        try:
            child = node.get_child_at_index(i)
        except gi.repository.GLib.Error:
            continue
        yield from _walk(child)


def accessible_name(node):
    """The name a screen reader would say.

    GTK 4.8 names a button whose label uses a mnemonic after both the raw
    label and the text shown ("_Log It Log It" or "Log It Log It"); libadwaita's
    dialog and toast buttons always use one. Only the shown text is kept."""
    name = node.get_name() or ""
    half = len(name) // 2
    raw, shown = name[:half], name[half + 1:]
    if len(name) % 2 == 1 and name[half] == " " and raw.replace("_", "") == shown:
        return shown
    for cut in range(1, len(name)):
        if name[cut] == " " and name[:cut].replace("_", "") == name[cut + 1:]:
            return name[cut + 1:]
    return name


def _matches(node, role, name):
    try:
        if role is not None and node.get_role_name() != role:
            return False
        if name is not None:
            node_name = accessible_name(node)
            if callable(name):
                return bool(name(node_name))
            return node_name == name
        return True
    except gi.repository.GLib.Error:
        return False


def find_all(root, role=None, name=None):
    return [n for n in _walk(root) if _matches(n, role, name)]


def find(root, role=None, name=None, timeout=TIMEOUT):
    """The first node below root with this role and accessible name."""
    def lookup():
        nodes = find_all(root, role, name)
        return nodes[0] if nodes else None
    return wait_for(lookup, timeout, f"{role or 'a node'} named {name!r}")


def click(node):
    """Activate a control the way a screen reader user would."""
    for candidate in _walk(node):
        action = candidate.get_action_iface()
        if action is None:
            continue
        for i in range(action.get_n_actions()):
            if action.get_action_name(i) in ("click", "activate", "press", "toggle"):
                try:
                    action.do_action(i)
                except gi.repository.GLib.Error as error:
                    # The action is sent; only its reply is late (a window
                    # that takes long to build, under the sanitizers). What
                    # it does is checked by the caller's next wait.
                    if "Did not receive a reply" not in str(error):
                        raise
                return
    raise AssertionError(f"{node.get_role_name()} {node.get_name()!r} cannot be clicked")


KEYSYMS = {"space": 0x20, "Return": 0xff0d, "Right": 0xff53, "Left": 0xff51,
           "n": 0x6e, "p": 0x70, "s": 0x73}
MODIFIER_MASKS = {"Control": 1 << 2}


def press(*keys):
    """Type a key, or a chord such as press("Control", "Return"), through
    the X server as a keyboard would. (The synth types are values, not
    flags: modifiers are held by locking them around the key.)"""
    modifiers, key = keys[:-1], keys[-1]
    mask = 0
    for modifier in modifiers:
        mask |= MODIFIER_MASKS[modifier]
    if mask:
        Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.LOCKMODIFIERS)
    Atspi.generate_keyboard_event(KEYSYMS[key], None, Atspi.KeySynthType.SYM)
    if mask:
        Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.UNLOCKMODIFIERS)
    time.sleep(0.3)


def focus_window(window):
    """Give a window the keyboard. Xvfb has no window manager, so the
    keyboard follows the pointer: park it on the window, away from its
    controls."""
    extents = window.get_component_iface().get_extents(Atspi.CoordType.SCREEN)
    Atspi.generate_mouse_event(extents.x + extents.width // 2, extents.y + 60, "abs")
    time.sleep(0.3)


class Desktop:
    """A window manager (openbox) on the test display, and optionally the
    large text GNOME applies (Xft/DPI through xsettingsd), so that focus
    and real key presses behave as on a desktop. Used as a context."""

    def __init__(self, text_scale=None):
        self.text_scale = text_scale
        self.processes = []

    def __enter__(self):
        for tool in ("openbox", "xdotool"):
            if shutil.which(tool) is None:
                raise Skip(f"{tool} is not installed")
        if self.text_scale is not None:
            if shutil.which("xsettingsd") is None:
                raise Skip("xsettingsd is not installed")
            self.config = tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False)
            self.config.write(f"Xft/DPI {int(96 * 1024 * self.text_scale)}\n")
            self.config.close()
            self._start(["xsettingsd", "-c", self.config.name])
        self._start(["openbox", "--sm-disable"])
        time.sleep(1.0)
        return self

    def _start(self, argv):
        self.processes.append(subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL))

    def __exit__(self, *exc):
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
        if self.text_scale is not None:
            os.unlink(self.config.name)


def activate(lull):
    """Give Lull's main window the keyboard, as a click on it would."""
    def window_id():
        result = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(lull.pid),
                                 "--name", "^Lull$"],
                                capture_output=True, text=True)
        ids = result.stdout.split()
        return ids[0] if ids else None
    wid = wait_for(window_id, what="Lull's X window")
    subprocess.run(["xdotool", "windowactivate", "--sync", wid], capture_output=True)
    time.sleep(0.3)
    return wid


def key(*names):
    """Real key presses through the X server, each a name xdotool knows
    ("space", "p", "ctrl+Return"), one after the other."""
    for name in names:
        subprocess.run(["xdotool", "key", "--clearmodifiers", name], check=True)
        time.sleep(0.35)


def focused(root):
    """The node that has the keyboard focus below root, or None."""
    for node in _walk(root):
        try:
            if node.get_state_set().contains(Atspi.StateType.FOCUSED):
                return node
        except gi.repository.GLib.Error:
            continue
    return None


def wait_focus(window, name):
    def check():
        node = focused(window)
        return node is not None and node.get_name() == name
    wait_for(check, what=f"the focus on {name!r}")


def extents(node):
    """(x, y, width, height) of a node within its window."""
    box = node.get_component_iface().get_extents(Atspi.CoordType.WINDOW)
    return box.x, box.y, box.width, box.height


def inside_window(node, window):
    """Whether a node is mapped and wholly inside the window's area."""
    x, y, width, height = extents(node)
    _, _, window_width, window_height = extents(window)
    return width > 0 and height > 0 and x >= 0 and y >= 0 \
        and x + width <= window_width and y + height <= window_height


def data_root_with_window_size(test_name, width, height):
    """A portable data root whose preferences open the window at a size."""
    data = tmpdir(test_name)
    with open(os.path.join(data, "settings.ini"), "w") as f:
        f.write(f"[Lull]\nwindow-width={width}\nwindow-height={height}\n")
    os.chmod(os.path.join(data, "settings.ini"), 0o600)
    return data


def is_checked(node):
    """Checked, or pressed for a toggle button (GTK 4.8 reports those as
    push buttons in the pressed state)."""
    states = node.get_state_set()
    return states.contains(Atspi.StateType.CHECKED) or states.contains(Atspi.StateType.PRESSED)


def open_preferences(lull):
    window = lull.window("Lull")
    click(find(window, "push button", "Main Menu"))
    click(find(window, "menu item", "Preferences"))
    return lull.window("Preferences")


def wait_window_gone(lull, name):
    """Wait until a window or dialog has gone from the application.

    GTK 4.8 can crash when a client walks into a window while it is being
    destroyed, so this waits a moment first and then looks only at the
    application's top-level windows, never inside them."""
    time.sleep(1.0)

    def gone():
        try:
            app = lull.app()
            return all(app.get_child_at_index(i).get_name() != name
                       for i in range(app.get_child_count()))
        except (gi.repository.GLib.Error, AssertionError):
            return lull.process.poll() is not None
    wait_for(gone, what=f"the window {name!r} to close")


def respond(lull, dialog_name, button):
    """Answer a dialog and wait until it has gone."""
    dialog = find(lull.app(), None, dialog_name)
    click(find(dialog, "push button", button))
    wait_window_gone(lull, dialog_name)


def close_window(window, lull=None):
    """Click a window's Close button; with lull, wait until it has gone."""
    name = window.get_name()
    click(find(window, "push button", "Close"))
    if lull is not None:
        wait_window_gone(lull, name)


def read_keyfile_value(path, group, key):
    """A value from a keyfile, read with GLib as GSettings wrote it."""
    from gi.repository import GLib
    keyfile = GLib.KeyFile()
    keyfile.load_from_file(path, GLib.KeyFileFlags.NONE)
    return keyfile.get_value(group, key)


SHORT_ROUTINE = """[Routine]
version=1
id=e2e-short
name=Short test routine
description=Steps of a few seconds, for tests.
pump-minutes=1

[Step 1]
kind=warmth
duration=3
prompt=Something warm.

[Step 2]
kind=breathing
duration=0
prompt=Breathe slowly.
breaths-per-minute=6

[Step 3]
kind=stimulation
duration=0
prompt=Light, quick pumping.

[Step 4]
kind=expression
duration=0
prompt=Let the milk come.
"""


def data_root_with_short_routine(test_name):
    """A data root whose routines/ folder holds a routine of short steps."""
    data = tmpdir(test_name)
    os.makedirs(os.path.join(data, "routines"), mode=0o700)
    with open(os.path.join(data, "routines", "e2e-short.lullroutine"), "w") as f:
        f.write(SHORT_ROUTINE)
    return data


def start_short_session(lull):
    """Choose the short routine on the home page and start it."""
    window = lull.window("Lull")
    click(find(window, "push button", "Short test routine"))
    click(find(window, "push button", "Start Session"))
    find(window, "label", "Something warm.")
    return window


def set_spin_value(node, value):
    """Type a number into a spin button, as a keyboard user would."""
    text = node.get_editable_text_iface()
    if text is not None:
        text.set_text_contents(str(value))
        return
    node.get_value_iface().set_current_value(float(value))


def history_groups(data):
    """{group: {key: value}} of every month file in the data root."""
    from gi.repository import GLib
    folder = os.path.join(data, "history")
    groups = {}
    if not os.path.isdir(folder):
        return groups
    for name in sorted(os.listdir(folder)):
        keyfile = GLib.KeyFile()
        keyfile.load_from_file(os.path.join(folder, name), GLib.KeyFileFlags.KEEP_COMMENTS)
        for group in keyfile.get_groups()[0]:
            if group == "Lull History":
                continue
            groups[group] = {key: keyfile.get_value(group, key)
                             for key in keyfile.get_keys(group)[0]}
    return groups


def files_below(folder):
    """Every file and folder below @folder, relative to it, sorted."""
    found = []
    for parent, dirs, files in os.walk(folder):
        for name in dirs + files:
            found.append(os.path.relpath(os.path.join(parent, name), folder))
    return sorted(found)


def tmpdir(test_name):
    return tempfile.mkdtemp(prefix=f"lull-{test_name}-")


class Skip(Exception):
    """Raised by a test that cannot run here; the reason is reported."""


def run(*tests):
    """Run the test functions and report them as TAP."""
    if not LULL or not os.path.exists(LULL):
        print("1..0 # SKIP LULL_BINARY is not set to the built lull")
        return 0
    failed = 0
    print(f"1..{len(tests)}", flush=True)
    for number, test in enumerate(tests, 1):
        description = (test.__doc__ or test.__name__).strip().splitlines()[0]
        try:
            test()
        except Skip as skip:
            print(f"ok {number} - {description} # SKIP {skip}")
        except Exception:
            failed += 1
            print(f"not ok {number} - {description}")
            for line in traceback.format_exc().splitlines():
                print(f"# {line}")
        else:
            print(f"ok {number} - {description}")
        sys.stdout.flush()
    return 1 if failed else 0
