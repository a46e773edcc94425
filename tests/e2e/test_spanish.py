#!/usr/bin/python3
# test_spanish.py — LANGUAGE=es shows Lull in Spanish.
#
# Copyright 2026 The Lull developers
# SPDX-License-Identifier: GPL-3.0-or-later

import sys

from lull_e2e import Lull, click, find, lull_env, run, tmpdir


def test_spanish_home_page():
    """with LANGUAGE=es the home page and its controls are in Spanish"""
    env = lull_env(LANG="C.UTF-8", LANGUAGE="es")

    with Lull(tmpdir("es"), env=env) as lull:
        window = lull.window("Lull")
        find(window, "label", "Te damos la bienvenida a Lull")
        menu = find(window, "push button", "Menú principal")
        click(menu)
        find(window, "menu item", "Preferencias")
        find(window, "menu item", "Acerca de Lull")


def test_english_by_default():
    """without a language set the same labels are in English"""
    with Lull(tmpdir("en"), env=lull_env(LANG="C.UTF-8")) as lull:
        window = lull.window("Lull")
        find(window, "label", "Welcome to Lull")
        find(window, "push button", "Main Menu")


if __name__ == "__main__":
    sys.exit(run(test_spanish_home_page, test_english_by_default))
