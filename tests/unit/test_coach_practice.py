"""The coach on the turns practitioners tried (issue 12): welfare check-ins left alone,
minimising and blaming caught, Vietnamese describe/explain invitations, assertive leading
statements, indirect secrecy, and suggestions that keep the staff member's pronoun pair."""

from __future__ import annotations

import pytest

from desktop.content.coach import classify


@pytest.mark.parametrize("lang, turn", [
    ("en", "Are you warm enough?"),
    ("en", "Would you like a drink of water or a break?"),
    ("en", "Shall we take a short break?"),
    ("vi", "Chị có đói không?"),
    ("vi", "Cháu có muốn uống nước không?"),
    ("vi", "Mình nghỉ một lát nhé, em có muốn đi vệ sinh không?"),
])
def test_welfare_check_ins_are_left_alone(lang: str, turn: str) -> None:
    result = classify(turn, lang)
    assert (result.category, result.flags, result.suggestion) == ("welfare", (), None)


def test_a_welfare_check_does_not_hide_a_question_in_the_same_turn() -> None:
    result = classify("Are you warm enough? Did he hit you?", "en")
    assert result.category == "leading" and result.suggestion


@pytest.mark.parametrize("lang, turn", [
    ("en", "It's not a big deal."),
    ("en", "You must have known it was risky."),
    ("en", "Why didn't you run away sooner?"),
    ("vi", "Chuyện đó cũng bình thường thôi, có gì đâu mà sợ."),
    ("vi", "Tại sao chị không bỏ trốn sớm hơn?"),
    ("vi", "Chuyện nhỏ thôi mà, em đừng khóc nữa."),
])
def test_minimising_and_blaming_wording_is_flagged(lang: str, turn: str) -> None:
    result = classify(turn, lang)
    assert "blaming_language" in result.flags
    assert result.suggestion and ("not your fault" in result.suggestion
                                  or "không phải lỗi" in result.suggestion)


def test_the_blaming_why_keeps_her_pronouns() -> None:
    result = classify("Tại sao chị không bỏ trốn sớm hơn?", "vi")
    assert result.suggestion == ("Đó không phải lỗi của chị. Chị kể cho tôi nghe chuyện gì "
                                 "đã xảy ra nhé.")


@pytest.mark.parametrize("turn, heard", [
    ("Hãy mô tả căn phòng đó cho cô.", "họ nhốt em trong một căn phòng"),
    ("Em giải thích cho cô hiểu vì sao em phải ở lại nhé.", "em phải ở lại"),
    ("Chị mô tả lại người đàn ông đó cho tôi nhé.", "có một người đàn ông đón tôi"),
])
def test_vietnamese_describe_and_explain_are_open_invitations(turn: str, heard: str) -> None:
    result = classify(turn, "vi", heard=heard)
    assert result.category == "open" and result.suggestion is None


@pytest.mark.parametrize("lang, turn", [
    ("vi", "Chắc chắn là bà ta đã bán chị sang đó rồi."),
    ("vi", "Rõ ràng là hắn đã lừa em."),
    ("en", "He obviously tricked you."),
])
def test_assertive_leading_statements_are_leading(lang: str, turn: str) -> None:
    result = classify(turn, lang)
    assert result.category == "leading" and "presumes_answer" in result.flags


@pytest.mark.parametrize("lang, turn", [
    ("vi", "Chuyện này mình biết với nhau thôi nhé."),
    ("vi", "Ở đây chỉ có hai chị em thôi."),
    ("en", "It's just us here."),
    ("en", "Nobody else can hear us in here."),
])
def test_indirect_secrecy_is_a_secrecy_promise(lang: str, turn: str) -> None:
    assert "secrecy_promise" in classify(turn, lang).flags


@pytest.mark.parametrize("lang, turn", [
    ("en", "I can't keep this a secret, but I will only tell the people who need to know."),
    ("vi", "Sao anh không báo công an?"),
    ("vi", "Cô không thể giữ bí mật chuyện này, nhưng cô chỉ nói với người cần biết."),
])
def test_good_practice_and_questions_are_not_secrecy_promises(lang: str, turn: str) -> None:
    assert "secrecy_promise" not in classify(turn, lang).flags


@pytest.mark.parametrize("turn, opening", [
    ("Chị có bị họ đánh không?", "Chị kể cho tôi nghe"),
    ("Anh có bị giữ giấy tờ không?", "Anh kể cho tôi nghe"),
    ("Chú hỏi cháu một chút: cháu có đi cùng ai không?", "Cháu kể thêm cho chú nghe"),
    ("Thầy hỏi em: em ở đó có vui không?", "Em kể thêm cho thầy nghe"),
    ("Em có bị ai đánh không?", "Em kể cho cô nghe"),
    ("Bà có biết người đó không ạ?", "Bà kể thêm cho tôi nghe"),
])
def test_vietnamese_suggestions_keep_the_staff_members_pronoun_pair(turn: str,
                                                                     opening: str) -> None:
    suggestion = classify(turn, "vi").suggestion
    assert suggestion and suggestion.startswith(opening), suggestion
