#!/usr/bin/python3
# test_reminders.py — reminders through a real notification server
# (python3-dbusmock's notification_daemon template), and the in-app banner
# when there is none.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import os
import subprocess
import sys
import time

from gi.repository import Gio, GLib

from lull_e2e import LULL, Lull, click, find, find_all, lull_env, run, tmpdir, wait_for

MOCK_NAME = "org.freedesktop.Notifications"
MOCK_PATH = "/org/freedesktop/Notifications"


def data_root(seconds_ago, interval=180, extra=""):
    """A data root whose one session started @seconds_ago, with reminders
    every @interval minutes."""
    data = tmpdir("reminders")
    start = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) \
        - datetime.timedelta(seconds=seconds_ago)
    folder = os.path.join(data, "history")
    os.makedirs(folder, mode=0o700)
    with open(os.path.join(folder, start.strftime("%Y-%m") + ".ini"), "w") as f:
        f.write("[Lull History]\nversion=1\n\n"
                f"[{start.strftime('%Y-%m-%dT%H:%M:%SZ')}]\n"
                f"start={start.strftime('%Y-%m-%dT%H:%M:%S')}+00:00\n"
                "prime-seconds=60\npump-seconds=600\nroutine=desk-quick\n")
    with open(os.path.join(data, "settings.ini"), "w") as f:
        f.write("[Lull]\nreminder-mode='interval'\n"
                f"reminder-interval-minutes={interval}\n{extra}")
    return data


class NotificationServer:
    """dbusmock's notification daemon on the session bus, with actions."""

    def __enter__(self):
        self.proc = subprocess.Popen(
            ["/usr/bin/python3", "-m", "dbusmock", "--session", "--template",
             "notification_daemon", "-p", '{"capabilities": "body actions"}'],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        wait_for(self.owned, what="the notification server on the bus")
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait()

    def owned(self):
        reply = self.bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                   "org.freedesktop.DBus", "NameHasOwner",
                                   GLib.Variant("(s)", (MOCK_NAME,)), None,
                                   Gio.DBusCallFlags.NONE, -1, None)
        return reply.unpack()[0]

    def notifications(self):
        """The arguments of each Notify call so far."""
        reply = self.bus.call_sync(MOCK_NAME, MOCK_PATH, "org.freedesktop.DBus.Mock", "GetCalls",
                                   None, None, Gio.DBusCallFlags.NONE, -1, None)
        return [args for _, method, args in reply.unpack()[0] if method == "Notify"]

    def invoke(self, notification_id, action):
        self.bus.call_sync(MOCK_NAME, MOCK_PATH, "org.freedesktop.DBus.Mock", "EmitSignal",
                           GLib.Variant("(sssav)", ("org.freedesktop.Notifications",
                                                    "ActionInvoked", "us",
                                                    [GLib.Variant("u", notification_id),
                                                     GLib.Variant("s", action)])),
                           None, Gio.DBusCallFlags.NONE, -1, None)


def test_notification_and_start():
    """due in 5 s: a notification with Lull's name, Start Session and Snooze; Start opens a session"""
    data = data_root(3 * 3600 - 5)
    with NotificationServer() as server, Lull(data) as lull:
        window = lull.window("Lull")
        started = time.monotonic()
        wait_for(lambda: server.notifications(), timeout=20, what="a Notify call")
        elapsed = time.monotonic() - started
        assert elapsed < 15, elapsed
        app_name, replaces, icon, title, body, actions, hints, timeout = server.notifications()[0]
        assert title == "Time for a Session", title
        assert "routine is waiting" in body, body
        assert actions[actions.index("start") + 1] == "Start Session", actions
        assert actions[actions.index("snooze") + 1] == "Snooze", actions
        assert "default" in actions
        assert hints["desktop-entry"].startswith("io.github.lullapp.Lull"), hints
        assert icon.startswith("io.github.lullapp.Lull"), icon

        server.invoke(1, "start")
        find(window, "label", lambda text: text.startswith("Preparing"))
        assert len(server.notifications()) == 1


def test_start_while_demonstrating():
    """a reminder's Start Session while Demonstration Mode is on starts the parent's own session, kept"""
    data = data_root(3 * 3600 - 5)
    with NotificationServer() as server, Lull(data, args=["--demo=10"]) as lull:
        window = lull.window("Lull")
        find(window, "status bar", "Demonstration · 10×")
        wait_for(lambda: server.notifications(), timeout=20, what="a Notify call")

        server.invoke(1, "start")
        find(window, "label", lambda text: text.startswith("Preparing"))
        wait_for(lambda: not find_all(window, "status bar",
                                      lambda text: text.startswith("Demonstration")),
                 what="the demonstration badge to go for a kept session")
        wait_for(lambda: os.path.exists(os.path.join(data, "checkpoint.ini")),
                 what="the session's checkpoint")


def test_snooze():
    """Snooze puts the next reminder off by the snooze time, and none comes meanwhile"""
    data = data_root(3 * 3600 - 3, extra="snooze-minutes=15\n")
    with NotificationServer() as server, Lull(data) as lull:
        lull.window("Lull")
        wait_for(lambda: server.notifications(), timeout=20, what="a Notify call")
        snoozed_at = time.time()
        server.invoke(1, "snooze")

        def snoozed_until():
            with open(os.path.join(data, "settings.ini")) as f:
                for line in f:
                    if line.startswith("reminder-snoozed-until="):
                        return int(line.split("=")[1].strip().removeprefix("int64 "))
            return None

        wait_for(lambda: snoozed_until(), what="reminder-snoozed-until in settings.ini")
        assert abs(snoozed_until() - (snoozed_at + 15 * 60)) < 5, snoozed_until() - snoozed_at
        time.sleep(3)
        assert len(server.notifications()) == 1, server.notifications()


def test_banner_without_server():
    """with no notification server, the window shows the reminder with Start Session"""
    data = data_root(3 * 3600 - 3)
    with Lull(data) as lull:
        window = lull.window("Lull")
        find(window, "label", "Time for a Session", timeout=20)
        banner = find(window, None, "Reminder")
        find(banner, "push button", "Snooze")
        click(find(banner, "push button", "Start Session"))
        find(window, "label", lambda text: text.startswith("Preparing"))


def test_nothing_when_off():
    """reminders off: nothing is shown, even with a session long past due"""
    data = data_root(10 * 3600)
    with open(os.path.join(data, "settings.ini"), "w") as f:
        f.write("[Lull]\nreminder-mode='off'\n")
    with NotificationServer() as server, Lull(data) as lull:
        lull.window("Lull")
        time.sleep(4)
        assert server.notifications() == []


def test_background_and_second_start():
    """--background with reminders on keeps Lull running with no window; a second lull shows it"""
    home = tmpdir("reminders-home")
    config = os.path.join(home, "config")
    # Not portable: the ordinary, unique Lull, its settings in a keyfile.
    os.makedirs(os.path.join(config, "glib-2.0", "settings"))
    with open(os.path.join(config, "glib-2.0", "settings", "keyfile"), "w") as f:
        f.write("[io/github/lullapp/Lull]\nreminder-mode='interval'\n")
    env = lull_env(HOME=home, XDG_CONFIG_HOME=config, XDG_DATA_HOME=os.path.join(home, "data"),
                   XDG_CACHE_HOME=os.path.join(home, "cache"), GSETTINGS_BACKEND="keyfile")

    with Lull(args=["--background"], env=env) as background:
        time.sleep(3)
        assert background.process.poll() is None, background.stderr()
        # No window: GTK may not even be in the accessibility tree yet.
        try:
            app = background.app(timeout=1)
        except AssertionError:
            app = None
        assert app is None or app.get_child_count() == 0, "a window showed"

        second = subprocess.run([LULL], env=env, capture_output=True, timeout=60)
        assert second.returncode == 0, second.stderr
        background.window("Lull")
        assert background.process.poll() is None


if __name__ == "__main__":
    sys.exit(run(test_notification_and_start, test_start_while_demonstrating, test_snooze,
                 test_banner_without_server,
                 test_nothing_when_off, test_background_and_second_start))
