"""Blaming or minimising words in staff notes, English and Vietnamese."""

from __future__ import annotations

import pytest

from desktop.content.coach import check_note

FLAGGED = [
    ("en", "She put herself at risk by going back to the flat.", "put_self_at_risk",
     "put herself at risk", "was placed at risk by others"),
    ("en", "Known locally as a child prostitute.", "child_prostitute", "child prostitute",
     "child who is being sexually exploited"),
    ("en", "YP says she consented.", "consented", "she consented", None),
    ("en", "He chose to go back to the trap house.", "chose_to", "chose to go", None),
    ("en", "Staff describe her as promiscuous.", "promiscuous", "promiscuous", None),
    ("en", "She has been sexually active since 13.", "sexually_active", "sexually active", None),
    ("en", "Going missing is a lifestyle choice for him.", "lifestyle_choice",
     "lifestyle choice", None),
    ("en", "He runs with a bad crowd in town.", "bad_crowd", "runs with a bad crowd", None),
    ("en", "She was picked up by her boyfriend (aged 24).", "boyfriend_abuser", "boyfriend",
     None),
    ("en", "Deemed attention-seeking by the previous placement.", "attention_seeking",
     "attention-seeking", None),
    ("en", "Two illegal immigrants found in the lorry.", "illegal_immigrant",
     "illegal immigrants", None),
    ("en", "He is a drug runner for the Leeds line.", "drug_runner", "drug runner", None),
    ("vi", "Em ấy tự chuốc lấy chuyện này.", "tu_chuoc", "tự chuốc lấy", None),
    ("vi", "Cháu là gái mại dâm ở quán karaoke.", "mai_dam", "gái mại dâm",
     "trẻ em bị bóc lột tình dục"),
    ("vi", "Em tự nguyện đi theo họ.", "tu_nguyen", "tự nguyện", None),
    ("vi", "Cháu hay ăn chơi, bỏ học.", "an_choi", "ăn chơi", None),
    ("vi", "Em ấy tự đặt mình vào nguy hiểm.", "tu_dat_minh", "tự đặt mình vào nguy hiểm", None),
    ("vi", "Hay giao du với bọn xấu ngoài chợ.", "ban_xau", "giao du với bọn xấu", None),
    ("vi", "Người đưa em đi là bạn trai 30 tuổi.", "ban_trai", "bạn trai", None),
    ("vi", "Cô ấy nhập cảnh trái phép.", "nhap_canh", "nhập cảnh trái phép", None),
    ("vi", "em ay tu chuoc lay", "tu_chuoc", "tu chuoc lay", None),
]

CLEAN = [
    ("en", "Jade said: \"he made me carry the bag to the station\". She was crying. I told her "
           "I could not keep this a secret and informed the DSL at 14:10."),
    ("en", "Officer's opinion: the young person appeared frightened and tired."),
    ("en", "He is being criminally exploited by adults who made him carry drugs."),
    ("vi", "Em kể: \"họ bắt em làm việc ở xưởng, không cho về\". Em khóc. Cán bộ đã báo cho "
           "người phụ trách lúc 14 giờ 10."),
    ("vi", "Ý kiến của cán bộ: em có vẻ sợ hãi và mệt mỏi."),
]


@pytest.mark.parametrize(("lang", "note", "rule", "matched", "suggestion"), FLAGGED)
def test_blaming_words_are_found_with_their_span_and_a_neutral_wording(
        lang: str, note: str, rule: str, matched: str, suggestion: str | None) -> None:
    flags = check_note(note, lang)
    hit = [f for f in flags if f.rule == rule]
    assert hit, flags
    f = hit[0]
    assert f.code == "blaming_language"
    assert f.matched.lower() == matched.lower()
    assert note[f.start:f.end] == f.matched
    assert f.suggestion.strip()
    if suggestion:
        assert f.suggestion == suggestion


@pytest.mark.parametrize(("lang", "note"), CLEAN)
def test_neutral_notes_are_left_alone(lang: str, note: str) -> None:
    assert check_note(note, lang) == ()


def test_findings_come_in_order_and_do_not_overlap() -> None:
    note = ("She put herself at risk, chose to go with her older boyfriend and is "
            "described as promiscuous.")
    flags = check_note(note, "en")
    starts = [f.start for f in flags]
    assert starts == sorted(starts) and len(flags) == 4
    assert all(a.end <= b.start for a, b in zip(flags, flags[1:], strict=False))


def test_blaming_words_in_a_turn_are_flagged_too() -> None:
    from desktop.content.coach import classify
    assert "blaming_language" in classify("Why did you go with him?", "en",
                                          heard="I went with him").flags
    assert "blaming_language" in classify("Lẽ ra em phải kể sớm hơn.", "vi").flags
    assert "blaming_language" not in classify("Đây không phải lỗi của em.", "vi").flags
