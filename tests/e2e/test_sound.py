#!/usr/bin/python3
# test_sound.py — sound that really comes out of the real app: a bundled
# narration through PulseAudio's null sink, recorded from its monitor;
# silence on pause; the chime at a phase change; a session on a computer
# with no sound server; and a sound server that goes away mid-session.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import array
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from lull_e2e import (Lull, Skip, activate, click, close_window, find, history_groups, key,
                      lull_env, open_preferences, run, tmpdir, wait_for)

RATE = 44100

# The narration plays while preparing; pumping has no track, so the chime
# at the phase change is the only sound then.
SOUND_ROUTINE = """[Routine]
version=1
id=e2e-sound
name=Sound test routine
pump-minutes=15

[Step 1]
kind=imagery
duration=0
audio=builtin:imagery-short
prompt=Listen and rest.

[Step 2]
kind=stimulation
duration=0
prompt=Start the pump gently.

[Step 3]
kind=expression
duration=0
prompt=Let the milk come.
"""

# A routine whose whole session has a soundscape.
RAIN_ROUTINE = """[Routine]
version=1
id=e2e-rain
name=Rain test routine
audio=builtin:rain

[Step 1]
kind=rest
duration=0
prompt=Rest a moment.

[Step 2]
kind=stimulation
duration=0
prompt=Start the pump gently.
"""


def data_root_with(test_name, routine_text, file_name):
    data = tmpdir(test_name)
    os.makedirs(os.path.join(data, "routines"), mode=0o700)
    with open(os.path.join(data, "routines", file_name), "w") as f:
        f.write(routine_text)
    return data


def require_pulse(env=None):
    if shutil.which("parec") is None or shutil.which("pactl") is None:
        raise Skip("pulseaudio-utils is not installed")
    if subprocess.run(["pactl", "info"], capture_output=True, env=env).returncode != 0:
        raise Skip("no PulseAudio server (run under build-aux/headless)")


class Capture:
    """What reaches the null sink "out", recorded from its monitor."""

    def __init__(self, env=None):
        self.file = tempfile.NamedTemporaryFile(prefix="lull-capture-", suffix=".raw")
        self.process = subprocess.Popen(["parec", "-d", "out.monitor", "--raw",
                                         "--format=s16le", f"--rate={RATE}", "--channels=2",
                                         "--latency-msec=20"],
                                        stdout=self.file, stderr=subprocess.DEVNULL, env=env)

    def mark(self):
        """The number of samples recorded so far."""
        self.file.flush()
        return os.path.getsize(self.file.name) // 2

    def samples(self, start=0, end=None):
        with open(self.file.name, "rb") as f:
            data = array.array("h")
            data.frombytes(f.read())
        return data[start:end]

    def stop(self):
        self.process.terminate()
        self.process.wait()


def rms(samples):
    if len(samples) == 0:
        return 0.0
    return math.sqrt(sum(s * s for s in samples) / len(samples)) / 32768.0


def record(capture, seconds):
    """The RMS (0 to 1) of what comes out over the next few seconds."""
    start = capture.mark()
    time.sleep(seconds)
    return rms(capture.samples(start, capture.mark()))


# Speech over a soft bed, at the bundled tracks' loudness, is far above
# this; a null sink with nothing playing gives exact zeros.
SOUND = 0.003
SILENCE = 0.0005


def test_narration_pause_and_chime():
    """a bundled narration comes out, stops on pause, goes on; a chime at a phase change, a bell at the end"""
    require_pulse()
    data = data_root_with("sound", SOUND_ROUTINE, "e2e-sound.lullroutine")
    capture = Capture()
    try:
        with Lull(data) as lull:
            window = lull.window("Lull")
            click(find(window, "push button", "Sound test routine"))
            click(find(window, "push button", "Start Session"))
            find(window, "label", "Listen and rest.")
            # The compact control names the track.
            find(window, "label", "Five Quiet Minutes")

            # Past the fade in.
            time.sleep(3.5)
            level = record(capture, 3)
            assert level > SOUND, f"the narration should be heard (RMS {level:.5f})"

            activate(lull)
            key("p")
            find(window, "push button", "Resume")
            time.sleep(0.5)
            level = record(capture, 1.5)
            assert level < SILENCE, f"nothing should play while paused (RMS {level:.5f})"

            key("p")
            find(window, "push button", "Pause")
            time.sleep(1)
            level = record(capture, 2)
            assert level > SOUND, f"the narration should go on after resuming (RMS {level:.5f})"

            # Pumping has no track: the narration fades out.
            key("End")
            find(window, "label", "Stimulation")
            time.sleep(4.5)
            level = record(capture, 1)
            assert level < SILENCE, f"the narration should have faded out (RMS {level:.5f})"

            start = capture.mark()
            key("s")
            find(window, "label", "Expression")
            time.sleep(2.5)
            chime = rms(capture.samples(start, capture.mark()))
            assert chime > SOUND / 3, f"the chime should sound at the phase change (RMS {chime:.5f})"

            # The chime is over; Finish rings the end bell.
            time.sleep(1.5)
            start = capture.mark()
            click(find(window, "push button", "Finish"))
            find(window, "label", "Well done.")
            time.sleep(2.5)
            bell = rms(capture.samples(start, capture.mark()))
            assert bell > SOUND / 3, f"the end bell should ring (RMS {bell:.5f})"
            click(find(window, "push button", "Save"))
            find(window, "label", lambda text: text.startswith("1 session today"))
    finally:
        capture.stop()

    groups = history_groups(data)
    assert len(groups) == 1, groups
    (record_keys,) = groups.values()
    assert "audio" in record_keys.get("cues", "").split(";"), \
        f"sound really played, so the log should tick audio: {record_keys}"
    assert record_keys.get("audio") == "builtin:imagery-short", record_keys


def test_mute_key():
    """M mutes the session's sound and brings it back; Sound During Sessions off silences it"""
    require_pulse()
    data = data_root_with("mute", RAIN_ROUTINE, "e2e-rain.lullroutine")
    capture = Capture()
    try:
        with Lull(data) as lull:
            window = lull.window("Lull")
            click(find(window, "push button", "Rain test routine"))
            click(find(window, "push button", "Start Session"))
            find(window, "label", "Soft Rain")
            time.sleep(3.5)
            assert record(capture, 1.5) > SOUND, "the rain should be heard"

            activate(lull)
            key("m")
            find(window, "push button", "Unmute")
            time.sleep(0.5)
            level = record(capture, 1.5)
            assert level < SILENCE, f"M should mute the sound (RMS {level:.5f})"

            key("m")
            find(window, "push button", "Mute")
            time.sleep(0.5)
            assert record(capture, 1.5) > SOUND, "M again should bring the sound back"

            # Sound turned off in Preferences stops it at once, fading.
            preferences = open_preferences(lull)
            click(find(preferences, "check box", "Sound During Sessions"))
            close_window(preferences, lull)
            time.sleep(4.5)
            level = record(capture, 1.5)
            assert level < SILENCE, f"sound off should silence the session (RMS {level:.5f})"
    finally:
        capture.stop()


def test_no_sound_server():
    """with no sound server the session goes on in silence and the parent is told"""
    data = data_root_with("no-sound", RAIN_ROUTINE, "e2e-rain.lullroutine")
    env = lull_env(PULSE_SERVER="unix:/nonexistent/pulse/native",
                   ALSA_CONFIG_PATH="/nonexistent/alsa.conf")
    with Lull(data, env=env) as lull:
        window = lull.window("Lull")
        click(find(window, "push button", "Rain test routine"))
        click(find(window, "push button", "Start Session"))
        find(window, "label", lambda text: "without sound" in text or "without it" in text)
        # The session itself is untouched.
        click(find(window, "push button", "Start Pumping"))
        click(find(window, "push button", "Let-Down"))
        find(window, None, "1 let\u2011down")
        assert lull.process.poll() is None, "Lull should still run"
        click(find(window, "push button", "Finish"))
        find(window, "label", "Well done.")
        click(find(window, "push button", "Save"))
        find(window, "label", lambda text: text.startswith("1 session today"))

    # Nothing was heard, so sound did not help this time.
    (saved,) = history_groups(data).values()
    assert "audio" not in saved.get("cues", "").split(";"), saved


def test_sound_server_goes_away():
    """the sound server dying mid-session is told, and the session carries on"""
    if shutil.which("pulseaudio") is None:
        raise Skip("pulseaudio is not installed")
    runtime = tempfile.mkdtemp(prefix="lull-pulse-")
    socket = os.path.join(runtime, "native")
    # Off the session bus, where the harness's server holds PulseAudio's name.
    server_env = {k: v for k, v in os.environ.items()
                  if k not in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY")}
    server_env["XDG_RUNTIME_DIR"] = runtime
    server = subprocess.Popen(["pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "-n",
                               "--load=module-null-sink sink_name=out",
                               f"--load=module-native-protocol-unix socket={socket}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env=server_env)
    try:
        env = lull_env(PULSE_SERVER=f"unix:{socket}")
        wait_for(lambda: subprocess.run(["pactl", "info"], capture_output=True,
                                        env=env).returncode == 0,
                 what="a private PulseAudio")
        data = data_root_with("pulse-gone", RAIN_ROUTINE, "e2e-rain.lullroutine")
        with Lull(data, env=env) as lull:
            window = lull.window("Lull")
            click(find(window, "push button", "Rain test routine"))
            click(find(window, "push button", "Start Session"))
            find(window, "label", "Soft Rain")
            time.sleep(2)

            server.kill()
            server.wait()
            find(window, "label", lambda text: "stopped while playing" in text)
            click(find(window, "push button", "Start Pumping"))
            click(find(window, "push button", "Let-Down"))
            find(window, None, "1 let\u2011down")
            assert lull.process.poll() is None, "Lull should still run"
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        shutil.rmtree(runtime, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(run(test_narration_pause_and_chime, test_mute_key, test_no_sound_server,
                 test_sound_server_goes_away))
