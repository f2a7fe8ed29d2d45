"""Render resources/icons/waymark.svg to the PNG sizes, the Windows .ico and the macOS .icns.

Run from the repository root after changing the SVG:
    QT_QPA_PLATFORM=offscreen python scripts/make_icons.py
Qt's SVG renderer draws each size (small sizes from the vector, not scaled-down bitmaps);
Pillow packs the .ico and .icns. The outputs are committed: the build and the app never need
QtSvg or Pillow.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, size: int, out: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(out), "PNG"):
        raise SystemExit(f"could not write {out}")


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = ICONS / "waymark.svg"
    pngs = {}
    for size in SIZES:
        out = ICONS / f"waymark-{size}.png"
        render(svg, size, out)
        pngs[size] = out
    try:
        from PIL import Image
    except ImportError:
        print("Pillow is not installed: PNGs written, .ico and .icns left as they were")
        return 0
    big = Image.open(pngs[512])
    big.save(ICONS / "waymark.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    big.save(ICONS / "waymark.icns")
    print(f"wrote {len(pngs)} PNGs, waymark.ico and waymark.icns in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
