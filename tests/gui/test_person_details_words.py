"""The person's facts on screen speak the interface's language: a document kind recorded as a
code (the demo, the group intake) reads as a word, not "passport" on a Vietnamese screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.domain.people import IdentityDocument, Person
from desktop.ui import i18n
from desktop.ui.pages.person_details import details_html


@pytest.fixture
def vietnamese(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    i18n.set_language("vi")
    yield
    i18n.set_language("en")


def person() -> Person:
    return Person(given_names="Hồng", family_name="Nguyễn", documents=(
        IdentityDocument("passport", "held_by_other"), IdentityDocument("thẻ học sinh", "held")))


def test_document_kinds_read_as_words_in_vietnamese(vietnamese: None) -> None:
    text = details_html(person())
    assert "Hộ chiếu" in text and "passport" not in text
    assert "thẻ học sinh" in text  # what the user typed stays as typed


def test_document_kinds_read_as_words_in_english(qapp) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language("en")
    assert "Passport" in details_html(person())
