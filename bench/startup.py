"""Start-up figures: whole-process CPU time (user + system of the child) of `waymark --help`
and of the app up to its first screen, each against its floor, interleaved and as medians.

    start_ratio = app to the unlock screen (--exit-on-ready) / a bare PySide6 window shown once
    cli_ratio   = `waymark --help` / `python -c "import sqlcipher3"`

CPU time, not wall time: the machine is shared and wall time measures the neighbours.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE_WINDOW = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget()
w.show()
QTimer.singleShot(0, lambda: app.exit(0))
app.exec()
"""


def child_cpu(cmd: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) the child used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, timeout=120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[1:3]} exited {proc.returncode}: "
                           f"{proc.stderr.decode(errors='replace')[-300:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(vault_dir: Path, runs: int = 9) -> dict[str, float]:
    # Compiled modules cached as an installed app has them (outside the source tree), so the
    # figure is start-up, not compiling.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
               PYTHONPYCACHEPREFIX=str(ROOT / "bench" / ".cache" / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    py = sys.executable
    cmds = {
        "app": [py, "-m", "desktop", "--vault", str(vault_dir), "--exit-on-ready"],
        "window": [py, "-c", BARE_WINDOW],
        "help": [py, "-m", "desktop", "--help"],
        "sqlcipher": [py, "-c", "import sqlcipher3"],
    }
    for cmd in cmds.values():  # warm the file cache once
        child_cpu(cmd, env)
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            times[name].append(child_cpu(cmd, env))
    med = {k: statistics.median(v) for k, v in times.items()}
    return {
        "start_ratio": round(med["app"] / med["window"], 2),
        "cli_ratio": round(med["help"] / med["sqlcipher"], 2),
        "start_app_cpu_ms": round(med["app"] * 1000, 1),
        "start_bare_window_cpu_ms": round(med["window"] * 1000, 1),
        "cli_help_cpu_ms": round(med["help"] * 1000, 1),
        "cli_bare_import_cpu_ms": round(med["sqlcipher"] * 1000, 1),
    }


if __name__ == "__main__":
    import json
    # An existing vault, so the first screen is the unlock screen (not the first-run wizard).
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    if folder is None:
        raise SystemExit("usage: bench/startup.py VAULT_FOLDER")
    print(json.dumps(measure(folder)))
