"""Reading a group member's row (issue 17): ages, sexes and names as officers type them."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from desktop.domain.groups import RowProblem, parse_age, parse_row, resolve_adults

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(("text", "expected"), [
    ("2009", (2009, None, False)), ("15", (None, 15, False)), ("~15", (None, 15, False)),
    ("1", (None, 1, False)), ("~16?", (None, 16, True)), ("2010?", (2010, None, True)),
    ("?", (None, None, True)), ("tranh chấp", (None, None, True)), ("", (None, None, False)),
])
def test_ages_as_typed(text: str, expected: tuple[int | None, int | None, bool]) -> None:
    assert parse_age(text, TODAY) == expected


@pytest.mark.parametrize("text", ["năm ngoái", "1850", "300"])
def test_an_unreadable_age_is_refused(text: str) -> None:
    with pytest.raises(RowProblem) as caught:
        parse_age(text, TODAY)
    assert caught.value.code == "age_invalid"


def test_children_and_disputed_ages_are_children() -> None:
    def row(age: str) -> bool:
        return parse_row({"name": "A Páo", "birth_year": age}, TODAY).is_child(TODAY)

    assert row("2012") and row("?") and row("") and row("~20?")
    assert not row("2000") and not row("25")


def test_names_in_any_normalisation_become_nfc_and_sexes_in_either_language() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn  Thị Hường")
    member = parse_row({"Name": nfd, "SEX": "Nữ"}, TODAY)
    assert member.name == "Nguyễn Thị Hường" and unicodedata.is_normalized("NFC", member.name)
    assert member.sex == "female"
    assert parse_row({"name": "A", "sex": "m"}, TODAY).sex == "male"
    with pytest.raises(RowProblem):
        parse_row({"name": "A", "sex": "ngựa"}, TODAY)


def test_a_child_is_linked_to_the_adult_by_number_or_name() -> None:
    rows = [parse_row({"name": n, "accompanies": a}, TODAY)
            for n, a in (("Vàng Thị Mỷ", ""), ("Sùng Thị Dợ", "1"), ("Sùng A Tủa", "vàng thị mỷ"))]
    assert resolve_adults(rows) == [None, 0, 0]
    with pytest.raises(RowProblem):
        resolve_adults([parse_row({"name": "A", "accompanies": "1"}, TODAY)])  # themselves
