"""Words, not codes, on paper: what the referral context gives the forms for stored codes and
for the common values staff type in one language (nationality, languages) when the form is
printed in the other. Anything not listed here is printed as recorded (a name, a place).
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from desktop.domain import events as ev

Words = dict[str, dict[str, str]]

# What each kind of chronology entry is called on a form (task bookkeeping is left out).
CHRONOLOGY_KINDS: Words = {
    ev.PERSON_REGISTERED: {"en": "Registered", "vi": "Đăng ký"},
    ev.PERSON_UPDATED: {"en": "Details updated", "vi": "Cập nhật thông tin"},
    ev.PERSON_SHARED: {"en": "Shared with a colleague", "vi": "Chia sẻ với đồng nghiệp"},
    ev.CONCERN_RECORDED: {"en": "Concern", "vi": "Mối lo ngại"},
    ev.NOTE_ADDED: {"en": "Note", "vi": "Ghi chú"},
    ev.AMENDMENT_ADDED: {"en": "Amendment", "vi": "Bổ sung"},
    ev.ASSESSMENT_SUBMITTED: {"en": "Assessment", "vi": "Đánh giá"},
    ev.DISCLOSURE_SEALED: {"en": "Disclosure", "vi": "Lời kể"},
    ev.BODY_MAP_RECORDED: {"en": "Body map", "vi": "Sơ đồ cơ thể"},
    ev.REFERRAL_MADE: {"en": "Referral", "vi": "Chuyển tuyến"},
    ev.REFERRAL_OUTCOME: {"en": "Referral outcome", "vi": "Kết quả chuyển tuyến"},
    ev.RECORD_RESOLVED: {"en": "Record reconciled", "vi": "Thống nhất hồ sơ"},
}
# Task bookkeeping: who must do what is in "Actions", not in the chronology.
LEFT_OUT_OF_CHRONOLOGY = frozenset({ev.TASK_CREATED, ev.TASK_DONE})

DOCUMENT_KINDS: Words = {
    "passport": {"en": "Passport", "vi": "Hộ chiếu"},
    "id_card": {"en": "Identity card", "vi": "Căn cước công dân"},
    "birth_certificate": {"en": "Birth certificate", "vi": "Giấy khai sinh"},
    "residence_permit": {"en": "Residence permit", "vi": "Thẻ cư trú"},
    "visa": {"en": "Visa", "vi": "Thị thực"},
    "none": {"en": "None", "vi": "Không có"},
}
DOCUMENT_STATES: Words = {
    "held": {"en": "Held by the person", "vi": "Người đó đang giữ"},
    "missing": {"en": "Missing", "vi": "Bị mất, không có"},
    "held_by_other": {"en": "Held by someone else", "vi": "Người khác đang giữ"},
    "unknown": {"en": "Not known", "vi": "Chưa rõ"},
}
LOCATION_KINDS: Words = {
    "placement": {"en": "Placement", "vi": "Nơi chăm sóc thay thế"},
    "school": {"en": "School", "vi": "Trường học"},
    "border_post": {"en": "Border post", "vi": "Đồn biên phòng"},
    "place_found": {"en": "Where found", "vi": "Nơi phát hiện"},
    "home": {"en": "Home", "vi": "Nhà riêng"},
    "other": {"en": "Other", "vi": "Khác"},
}
TOLD: Words = {
    "dsl": {"en": "Designated Safeguarding Lead", "vi": "Cán bộ phụ trách bảo vệ"},
    "police": {"en": "Police", "vi": "Công an / cảnh sát"},
    "social_care": {"en": "Children's social care", "vi": "Cơ quan bảo trợ xã hội"},
    "parent_carer": {"en": "Parent or carer", "vi": "Cha mẹ hoặc người chăm sóc"},
    "placing_authority": {"en": "Placing authority", "vi": "Cơ quan sắp xếp nơi ở"},
    "commune": {"en": "Commune People's Committee", "vi": "Ủy ban nhân dân cấp xã"},
    "other": {"en": "Other", "vi": "Khác"},
}
# Values staff commonly type, in either language, and their words in each.
COMMON_VALUES: list[dict[str, str]] = [
    {"en": "British", "vi": "Anh"},
    {"en": "Vietnamese", "vi": "Việt Nam"},
    {"en": "Chinese", "vi": "Trung Quốc"},
    {"en": "Cambodian", "vi": "Campuchia"},
    {"en": "Lao", "vi": "Lào"},
    {"en": "Albanian", "vi": "Albania"},
    {"en": "Romanian", "vi": "Rumani"},
    {"en": "Polish", "vi": "Ba Lan"},
    {"en": "Eritrean", "vi": "Eritrea"},
    {"en": "Sudanese", "vi": "Sudan"},
    {"en": "Not known", "vi": "Chưa rõ"},
    {"en": "English", "vi": "Tiếng Anh"},
    {"en": "Vietnamese language", "vi": "Tiếng Việt"},
    {"en": "Hmong", "vi": "Tiếng H'Mông"},
    {"en": "Mandarin", "vi": "Tiếng Quan Thoại"},
    {"en": "Cantonese", "vi": "Tiếng Quảng Đông"},
    {"en": "Polish language", "vi": "Tiếng Ba Lan"},
    {"en": "Albanian language", "vi": "Tiếng Albania"},
    {"en": "Romanian language", "vi": "Tiếng Rumani"},
    {"en": "Arabic", "vi": "Tiếng Ả Rập"},
    {"en": "Kinh", "vi": "Kinh"},
    # UK census ethnic groups a school or care home records.
    {"en": "White British", "vi": "Người Anh da trắng"},
    {"en": "White Other", "vi": "Người da trắng khác"},
    {"en": "Mixed", "vi": "Đa sắc tộc"},
    {"en": "Asian British", "vi": "Người Anh gốc Á"},
    {"en": "Black British", "vi": "Người Anh da đen"},
    {"en": "H'Mông", "vi": "Mông"},
]
_ANY_SPELLING: dict[str, dict[str, str]] = {}
for _entry in COMMON_VALUES:
    for _text in _entry.values():
        _ANY_SPELLING.setdefault(_text.casefold(), _entry)
_BY_EN = {e["en"]: e for e in COMMON_VALUES}
# Other spellings staff use; "Vietnamese" alone is the nationality.
_ANY_SPELLING.update({
    "unknown": _BY_EN["Not known"], "viet nam": _BY_EN["Vietnamese"],
    "vietnamese": _BY_EN["Vietnamese"], "uk": _BY_EN["British"],
    "hmong language": _BY_EN["Hmong"], "tiếng mông": _BY_EN["Hmong"],
})


def chronology_kind(kind: str, lang: str) -> str:
    """An entry's kind as a word; a kind added later and not yet worded here prints as a
    neutral word, never as its code."""
    return of(CHRONOLOGY_KINDS, kind, lang) if kind in CHRONOLOGY_KINDS else (
        "Entry" if lang == "en" else "Mục ghi")


def of(words: Words, code: str | None, lang: str) -> str:
    """The word for a code in `lang`; a value that is not a code is returned as recorded."""
    if not code:
        return ""
    entry = words.get(code)
    return (entry.get(lang) or entry["en"]) if entry else code


def common(value: str, lang: str) -> str:
    """A nationality, language or ethnicity in the form's language when it is a common one."""
    entry = _ANY_SPELLING.get(value.strip().casefold())
    if entry is None:
        return value
    word = entry.get(lang, value)
    # "Vietnamese language" is only there to keep the language apart from the nationality.
    return word.replace(" language", "") if lang == "en" else word


def language(value: str, lang: str) -> str:
    """A language the person speaks: "Vietnamese" in a languages list is the language (Tiếng
    Việt), not the nationality (Việt Nam)."""
    if f"{value.strip()} language".casefold() in _ANY_SPELLING:
        return common(f"{value.strip()} language", lang)
    return common(value, lang)


def local(value: Any, zone: tzinfo) -> Any:
    """An ISO date-time with a zone, as the same moment in `zone`; anything else unchanged."""
    if not isinstance(value, str) or len(value) < 16 or "T" not in value:
        return value
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is None:
        return value
    return moment.astimezone(zone).isoformat()


def localise_times(node: Any, zone: tzinfo) -> Any:
    """Every zoned date-time in a context, in the jurisdiction's zone: forms print local time."""
    if isinstance(node, dict):
        return {k: localise_times(v, zone) for k, v in node.items()}
    if isinstance(node, list):
        return [localise_times(v, zone) for v in node]
    return local(node, zone)
