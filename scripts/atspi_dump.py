"""Print what a screen reader sees of Waymark's first window, through AT-SPI (Linux).

Run with a Python that has pyatspi (Debian: `apt install python3-pyatspi`, then the system
/usr/bin/python3), on a display with an accessibility bus; headless, for example:

    xvfb-run -a dbus-run-session -- /usr/bin/python3 scripts/atspi_dump.py [--vault DIR]

It starts the app (`.venv/bin/python -m desktop`, or --app-python) with Qt's AT-SPI bridge on,
waits for its window, prints every accessible object as `role: name` indented by depth, and
ends with the focusable controls that have no name (the exit code is 1 when there are any).
Without --vault it uses a new empty folder, so the set-up wizard is shown.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
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
            if app is not None and app.name.lower().startswith(name) and app.childCount:
                return app
        time.sleep(0.2)
    raise SystemExit(f"no accessible application named {name!r} appeared")


def walk(node: Any, depth: int, unnamed: list[str], pyatspi: Any) -> None:
    role = node.getRoleName()
    name = node.name or ""
    states = node.getState()
    focusable = states.contains(pyatspi.STATE_FOCUSABLE)
    showing = states.contains(pyatspi.STATE_SHOWING)
    mark = " [focusable]" if focusable else ""
    print(f"{'  ' * depth}{role}: {name!r}{mark}")
    if focusable and showing and not name.strip():
        unnamed.append(f"{role} (depth {depth}, index {node.getIndexInParent()})")
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            walk(child, depth + 1, unnamed, pyatspi)


def main() -> int:
    import pyatspi

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vault", type=Path, default=None)
    parser.add_argument("--app-python", default=str(ROOT / ".venv" / "bin" / "python"))
    parser.add_argument("--language", choices=("en", "vi"), default="en")
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    vault = args.vault or Path(tempfile.mkdtemp(prefix="waymark-atspi-")) / "vault"
    env = {**os.environ, "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1", "QT_ACCESSIBILITY": "1",
           "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "xcb"),
           "PYTHONPATH": str(ROOT)}
    app = subprocess.Popen([args.app_python, "-m", "desktop", "--vault", str(vault),
                            "--language", args.language], env=env, cwd=ROOT)
    try:
        found = find_app(pyatspi.Registry, "waymark", args.timeout)
        time.sleep(1.0)  # let the first window finish laying out
        unnamed: list[str] = []
        walk(found, 0, unnamed, pyatspi)
    finally:
        app.terminate()
        app.wait(timeout=30)
    if unnamed:
        print(f"\n{len(unnamed)} focusable control(s) without a name:")
        for line in unnamed:
            print(f"  {line}")
        return 1
    print("\nevery focusable control has a name")
    return 0


if __name__ == "__main__":
    sys.exit(main())
