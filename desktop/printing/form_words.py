"""The renderer's own words (page chrome, yes/no), per locale. Template text lives in forms/."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    # Personal-data wording: "TÀI LIỆU BẢO MẬT" reads as a state-secret classification, which a
    # border post or an NGO cannot apply to its own papers.
    "confidential": {"en": "CONFIDENTIAL", "vi": "THÔNG TIN CÁ NHÂN – HẠN CHẾ TIẾP CẬN"},
    "page": {"en": "Page {page} of {pages}", "vi": "Trang {page}/{pages}"},
    "export": {"en": "Export {export_id} · {created}", "vi": "Bản xuất {export_id} · {created}"},
    "yes": {"en": "Yes", "vi": "Có"},
    "no": {"en": "No", "vi": "Không"},
    "unknown": {"en": "Not known", "vi": "Chưa rõ"},
    "none_recorded": {"en": "None recorded.", "vi": "Không có thông tin được ghi nhận."},
    "staff_said": {"en": "Staff", "vi": "Cán bộ"},
    "person_said": {"en": "Person", "vi": "Người được hỏi"},
    "front": {"en": "Front", "vi": "Mặt trước"},
    "back": {"en": "Back", "vi": "Mặt sau"},
    "right": {"en": "Right", "vi": "Phải"},  # the person's right, on the body map
    "left": {"en": "Left", "vi": "Trái"},
}


def word(key: str, lang: str) -> str:
    entry = WORDS[key]
    return entry.get(lang) or entry["en"]
