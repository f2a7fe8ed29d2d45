"""What a periodic report holds once counted and suppressed: plain data for the PDF and CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from desktop.domain.suppression import Table

CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "cse": {"en": "Child sexual exploitation (CSE)", "vi": "Bóc lột tình dục trẻ em (CSE)"},
    "cce": {"en": "Child criminal exploitation (CCE)",
            "vi": "Bóc lột trẻ em vào hoạt động phạm tội (CCE)"},
    "trafficking": {"en": "Trafficking", "vi": "Mua bán người"},
    "county_lines": {"en": "County lines", "vi": "Đường dây ma túy liên tỉnh (county lines)"},
    "serious_violence": {"en": "Serious violence", "vi": "Bạo lực nghiêm trọng"},
    "missing": {"en": "Missing episode", "vi": "Bỏ đi hoặc mất tích"},
    "online_harm": {"en": "Online harm", "vi": "Bị xâm hại trên không gian mạng"},
    "other": {"en": "Other", "vi": "Khác"},
}
SEX_LABELS: dict[str, dict[str, str]] = {
    "female": {"en": "Female", "vi": "Nữ"},
    "male": {"en": "Male", "vi": "Nam"},
    "other": {"en": "Other", "vi": "Khác"},
    "unknown": {"en": "Not known", "vi": "Chưa rõ"},
}
AGE_BANDS = ("0-11", "12-15", "16-17", "18-24", "25-39", "40+", "disputed", "unknown")
AGE_LABELS: dict[str, dict[str, str]] = {
    **{b: {"en": b, "vi": b} for b in AGE_BANDS[:6]},
    "disputed": {"en": "Age disputed", "vi": "Tuổi chưa xác định rõ"},
    "unknown": {"en": "Not known", "vi": "Chưa rõ"},
}
NO_OUTCOME = {"en": "No outcome recorded yet", "vi": "Chưa ghi nhận kết quả"}


def age_band(age: int | None, disputed: bool) -> str:
    if disputed:
        return "disputed"
    if age is None:
        return "unknown"
    for band, top in (("0-11", 11), ("12-15", 15), ("16-17", 17), ("18-24", 24),
                      ("25-39", 39)):
        if age <= top:
            return band
    return "40+"


@dataclass(frozen=True)
class ReportTable:
    id: str
    title: dict[str, str]
    unit: dict[str, str]  # what is counted: people, concerns, referrals
    labels: dict[str, dict[str, str]]  # cell key -> {lang: label}
    table: Table

    def label(self, key: str, lang: str) -> str:
        texts = self.labels.get(key) or {}
        return texts.get(lang) or texts.get("en") or key


@dataclass(frozen=True)
class Report:
    period: str
    period_kind: str
    start: str  # first day, ISO
    end: str  # last day, ISO
    jurisdiction: str
    org_name: str
    created: str  # ISO date of the report
    tables: tuple[ReportTable, ...]
    # A report composed from released reports of its parts (domain/releases.py): their periods.
    parts: tuple[str, ...] = ()

    def table(self, table_id: str) -> ReportTable:
        return next(t for t in self.tables if t.id == table_id)

    def to_csv(self, lang: str) -> str:
        """One row per cell as printed (never a suppressed value), then the table's total."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["period", "table", "key", "label", "count"])
        for t in self.tables:
            for cell in t.table.cells:
                writer.writerow([self.period, t.id, cell.key, t.label(cell.key, lang),
                                 cell.text()])
            writer.writerow([self.period, t.id, "total", "Total" if lang == "en" else "Tổng số",
                             t.table.total_text()])
        return out.getvalue()
