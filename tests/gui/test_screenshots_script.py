"""scripts/screenshots.py regenerates the README's screenshots: a small run draws the screens it
is asked for, at the screen size asked for, from a demo vault it deletes afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


def test_a_small_run_draws_the_screens_at_the_size_asked(tmp_path: Path) -> None:
    out = tmp_path / "shots"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path)}
    subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshots.py"), "--out", str(out),
                    "--languages", "vi", "--themes", "dark", "--sizes", "1280x720",
                    "--screens", "unlock", "people", "--people", "4"],
                   check=True, env=env, timeout=300, capture_output=True)
    shots = sorted(p.name for p in out.glob("*.png"))
    assert shots == ["people-vi-dark-1280x720.png", "unlock-vi-dark-1280x720.png"]
    for name in shots:
        image = QImage(str(out / name))
        assert (image.width(), image.height()) == (1280, 720)
    # The demo vault lived in a temporary folder and is gone.
    assert not list(tmp_path.glob("waymark-shots-*"))
