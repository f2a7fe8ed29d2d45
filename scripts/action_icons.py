"""Render the action icons' line drawings (resources/icons/actions/*.svg) to PNG masks beside
them, at the sizes the interface uses. The app tints the masks with the palette's colours at
run time (desktop/ui/icons.py), so the build needs no SVG support (QtSvg is left out of it).

    python scripts/action_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QByteArray, QRectF  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "resources" / "icons" / "actions"
SIZES = (16, 24, 32, 48)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    assert app is not None
    for svg in sorted(FOLDER.glob("*.svg")):
        text = svg.read_text(encoding="utf-8").replace("currentColor", "#000000")
        renderer = QSvgRenderer(QByteArray(text.encode("utf-8")))
        for size in SIZES:
            image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(QColor(0, 0, 0, 0))
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter, QRectF(0, 0, size, size))
            painter.end()
            image.save(str(FOLDER / f"{svg.stem}-{size}.png"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
