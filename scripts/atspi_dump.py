"""Print what a screen reader sees of every Waymark window and dialog, through AT-SPI (Linux).

Run with a Python that has pyatspi (Debian: `apt install python3-pyatspi at-spi2-core`, then the
system /usr/bin/python3), on a display with an accessibility bus; headless, for example:

    xvfb-run -a dbus-run-session -- /usr/bin/python3 scripts/atspi_dump.py [--language vi]

It starts scripts/atspi_tour.py (with `.venv/bin/python`, or --app-python) with Qt's AT-SPI
bridge on. The tour makes a fictional demo vault in a temporary folder and opens each window in
turn: the set-up wizard, unlock, every main-window section, the person's page, the new-person,
concern, checklist, disclosure, export/print, timeline, group intake, About, shortcuts and
change-passphrase dialogs, and the lock screen. For each, this script prints every accessible
object on screen as `role: name` indented by depth, then a summary: per window, how many
focusable controls it has and which have no name. The exit code is 1 when any has none.
(Tab order is checked by the GUI tests, tests/gui/test_keyboard_walk*.py: AT-SPI does not
expose it.)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def find_app(registry: Any, name: str, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and (app.name or "").lower().startswith(name) and \
                    app.childCount:
                return app
        time.sleep(0.2)
    raise SystemExit(f"no accessible application named {name!r} appeared")


def walk(node: Any, depth: int, found: dict[str, list[str]], pyatspi: Any) -> None:
    role = node.getRoleName()
    name = node.name or ""
    states = node.getState()
    focusable = states.contains(pyatspi.STATE_FOCUSABLE)
    showing = states.contains(pyatspi.STATE_SHOWING)
    if not showing and depth > 0:
        return  # hidden pages, closed pop-up lists: not what the user meets now
    mark = " [focusable]" if focusable else ""
    print(f"{'  ' * depth}{role}: {name!r}{mark}")
    if focusable and depth > 0:
        found["focusable"].append(f"{role}: {name!r}")
        if not name.strip():
            found["unnamed"].append(f"{role} (depth {depth}, index {node.getIndexInParent()})")
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            walk(child, depth + 1, found, pyatspi)


def dump_windows(app: Any, pyatspi: Any) -> dict[str, list[str]]:
    """Every top-level window of the app that is on screen now."""
    found: dict[str, list[str]] = {"focusable": [], "unnamed": []}
    for i in range(app.childCount):
        window = app.getChildAtIndex(i)
        if window is not None and window.getState().contains(pyatspi.STATE_SHOWING):
            walk(window, 1, found, pyatspi)
    return found


def main() -> int:
    import pyatspi

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app-python", default=str(ROOT / ".venv" / "bin" / "python"))
    parser.add_argument("--language", choices=("en", "vi"), default="en")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    env = {**os.environ, "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1", "QT_ACCESSIBILITY": "1",
           "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "xcb"),
           "PYTHONPATH": str(ROOT)}
    tour = subprocess.Popen([args.app_python, str(ROOT / "scripts" / "atspi_tour.py"),
                             "--language", args.language], env=env, cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert tour.stdin is not None and tour.stdout is not None
    summary: list[tuple[str, int, list[str]]] = []
    try:
        app = None
        for line in tour.stdout:
            line = line.strip()
            if line == "DONE":
                break
            if not line.startswith("STOP "):
                continue
            window = line.removeprefix("STOP ")
            if app is None:
                app = find_app(pyatspi.Registry, "waymark", args.timeout)
            time.sleep(0.5)  # the bridge announces new objects a moment after they show
            print(f"\n=== {window} ===")
            found = dump_windows(app, pyatspi)
            summary.append((window, len(found["focusable"]), found["unnamed"]))
            tour.stdin.write("next\n")
            tour.stdin.flush()
    finally:
        tour.stdin.close()
        try:
            tour.wait(timeout=60)
        except subprocess.TimeoutExpired:
            tour.terminate()
            tour.wait(timeout=30)
    print("\n=== summary: focusable controls, and those without a name ===")
    unnamed = 0
    for window, count, missing in summary:
        print(f"{window}: {count} focusable, {len(missing)} without a name")
        for item in missing:
            print(f"    {item}")
        unnamed += len(missing)
    if not summary or tour.returncode != 0:
        print(f"\nthe tour did not finish (exit code {tour.returncode})")
        return 2
    if unnamed:
        print(f"\n{unnamed} focusable control(s) without a name")
        return 1
    print(f"\n{len(summary)} windows: every focusable control has a name")
    return 0


if __name__ == "__main__":
    sys.exit(main())
