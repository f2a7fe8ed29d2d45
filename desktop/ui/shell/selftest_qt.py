"""The self-test's Qt check, run in a child process (`waymark --selftest-qt`).

Qt starts, its platform plugin loads, the bundled DejaVu Sans covers every Vietnamese letter we
draw, and a widget renders Vietnamese text off screen (grab(): no window is shown). Prints one
line and exits 0, or prints the problem on stderr and exits 1.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel

from desktop.selftest import VIETNAMESE
from desktop.ui.shell.application import configure


def dark_pixels(label: QLabel) -> int:
    image = label.grab().toImage()
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            if QColor(image.pixel(x, y)).lightness() < 128:
                count += 1
    return count


def run() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure(app)
    import PySide6.QtPrintSupport  # noqa: F401 - bundled for printing; must load too
    from PySide6.QtNetwork import QLocalServer  # noqa: F401 - quick-hide's come-back socket

    label = QLabel(VIETNAMESE)
    label.setStyleSheet("background: white; color: black;")
    label.adjustSize()
    metrics = QFontMetrics(label.font())
    missing = sorted({ch for ch in VIETNAMESE if not metrics.inFontUcs4(ord(ch))})
    if label.font().family() != "DejaVu Sans" or missing:
        print(f"font {label.font().family()!r} lacks: {''.join(missing)}", file=sys.stderr)
        return 1
    ink = dark_pixels(label)
    if label.width() == 0 or ink == 0:
        print("the widget rendered no text", file=sys.stderr)
        return 1
    print(f"Qt {QGuiApplication.platformName()} platform loaded; Vietnamese text rendered "
          f"({label.width()}x{label.height()} px, DejaVu Sans)")
    label.deleteLater()
    return 0
