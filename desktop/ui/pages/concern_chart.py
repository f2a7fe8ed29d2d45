"""A small stacked bar chart: concerns per month by category, drawn with QPainter.

A lead looks rather than reads: one bar a month, one colour a category, the month's total on
top. The same numbers are in the accessible description, for a screen reader.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.ui.i18n import tr
from desktop.ui.messages.record_labels import category_label, offered_categories

# Distinguishable for the common colour-vision deficiencies (Okabe-Ito), then greys.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442",
           "#999999")


class ConcernChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.per_month: dict[str, dict[str, int]] = {}
        self.jurisdiction = "england"
        self.categories: tuple[str, ...] = offered_categories(self.jurisdiction)
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(tr("ConcernChart", "Concerns per month by category"))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(560, 190)

    def set_jurisdiction(self, jurisdiction: str) -> None:
        """Categories, and their words, as used where the vault works."""
        self.jurisdiction = jurisdiction
        self.categories = offered_categories(jurisdiction)
        self.update()

    def set_data(self, per_month: dict[str, dict[str, int]]) -> None:
        self.per_month = per_month
        parts = []
        for month, cats in per_month.items():
            total = sum(cats.values())
            parts.append(f"{month}: {total}")
        self.setAccessibleDescription("; ".join(parts))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        small = painter.font()
        small.setPointSizeF(max(6.5, small.pointSizeF() * 0.8))
        painter.setFont(small)
        # The legend takes what its longest label needs (Vietnamese labels are longer), up to
        # 60% of the width; the bars get the rest.
        widest = max(painter.fontMetrics().horizontalAdvance(
            category_label(c, self.jurisdiction)) for c in self.categories)
        legend_w = min(w * 0.6, widest + 30)
        left, top, bottom = 8.0, 16.0, 22.0
        plot_w = max(40.0, w - legend_w - left - 8)
        plot_h = max(20.0, h - top - bottom)
        months = list(self.per_month)
        peak = max([sum(c.values()) for c in self.per_month.values()] + [1])
        text = self.palette().color(self.foregroundRole())
        painter.setPen(text)
        if not months:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             tr("ConcernChart", "No concerns yet"))
            return
        slot = plot_w / len(months)
        bar = slot * 0.7
        # Month labels never touch: on a narrow chart only every `every`-th month is named.
        label_w = painter.fontMetrics().horizontalAdvance("00") + 8
        every = max(1, -(-label_w // max(int(slot), 1)))
        for i, month in enumerate(months):
            x = left + i * slot + (slot - bar) / 2
            y = top + plot_h
            total = 0
            for c_index, cat in enumerate(self.categories):
                n = self.per_month[month].get(cat, 0)
                if not n:
                    continue
                height = plot_h * n / peak
                y -= height
                painter.fillRect(QRectF(x, y, bar, height), QColor(COLOURS[c_index]))
                total += n
            painter.setPen(text)
            if total:
                painter.drawText(QRectF(x - 10, y - 14, bar + 20, 13),
                                 Qt.AlignmentFlag.AlignCenter, str(total))
            if (len(months) - 1 - i) % every == 0:  # the latest month is always named
                painter.drawText(QRectF(left + i * slot - slot, top + plot_h + 3, slot * 3, 16),
                                 Qt.AlignmentFlag.AlignCenter, month[5:])
        painter.drawLine(int(left), int(top + plot_h), int(left + plot_w), int(top + plot_h))
        lx = left + plot_w + 14
        for c_index, cat in enumerate(self.categories):
            ly = top + c_index * 16
            painter.fillRect(QRectF(lx, ly + 2, 10, 10), QColor(COLOURS[c_index]))
            painter.drawText(QRectF(lx + 14, ly, legend_w - 20, 14),
                             Qt.AlignmentFlag.AlignVCenter,
                             category_label(cat, self.jurisdiction))
        painter.end()
