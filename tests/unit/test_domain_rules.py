"""People, passphrases and events: the domain's rules without a vault."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.app.users import check_passphrase
from desktop.domain import events as ev
from desktop.domain.passphrase import MIN_LENGTH, PassphraseRejected, check
from desktop.domain.people import FAMILY_FIRST, Person, age_on, is_child, validate

TODAY = date(2026, 11, 22)


# --- is_child -----------------------------------------------------------------------------

def test_child_by_date_of_birth_turns_adult_on_18th_birthday() -> None:
    p = Person(given_names="An", date_of_birth=date(2008, 11, 23))
    assert is_child(p, TODAY)
    assert age_on(p, TODAY) == 17
    assert not is_child(p, date(2026, 11, 23))


def test_estimated_age_decides_without_date_of_birth() -> None:
    assert is_child(Person(given_names="B", estimated_age=17), TODAY)
    assert not is_child(Person(given_names="B", estimated_age=19), TODAY)


def test_age_disputed_adult_is_treated_as_a_child() -> None:
    claimed_adult = Person(given_names="Đức", estimated_age=25, age_disputed=True)
    assert is_child(claimed_adult, TODAY)
    by_dob = Person(given_names="Đức", date_of_birth=date(1990, 1, 1), age_disputed=True)
    assert is_child(by_dob, TODAY)


def test_unknown_age_is_treated_as_a_child() -> None:
    assert is_child(Person(given_names="C"), TODAY)


def test_person_validation_codes() -> None:
    assert validate(Person()) == ["name_required"]
    assert validate(Person(aliases=("Bé Na",))) == []
    assert "estimated_age_invalid" in validate(Person(given_names="x", estimated_age=130))
    assert "sex_invalid" in validate(Person(given_names="x", sex="robot"))


def test_person_json_round_trip_keeps_vietnamese_text() -> None:
    p = Person(given_names="Thị Hồng", family_name="Nguyễn", aliases=("Hồng",),
               date_of_birth=date(2010, 3, 14), languages=("vi",), interpreter_needed=True)
    back = Person.from_json(json.loads(ev.canonical(p.to_json())))
    assert back == p
    assert back.display_name(FAMILY_FIRST) == "Nguyễn Thị Hồng"


# --- passphrase policy ----------------------------------------------------------------------

def test_passphrase_needs_twelve_characters() -> None:
    with pytest.raises(PassphraseRejected) as err:
        check_passphrase("elevenchars")
    assert err.value.code == "too_short"
    check_passphrase("twelve chars")  # exactly 12: accepted
    assert MIN_LENGTH == 12


def test_length_counts_characters_after_nfc_not_code_points() -> None:
    # "ệ" typed as e + two combining marks is 3 code points but one character.
    decomposed = unicodedata.normalize("NFD", "ệệệệệệệệệệệ")  # 11 letters
    assert len(decomposed) > 12
    with pytest.raises(PassphraseRejected) as err:
        check(decomposed, [])
    assert err.value.code == "too_short"


@pytest.mark.parametrize("phrase", [
    "password1234", "PASSWORD1234", "matkhau12345", "correct horse battery staple",
    "correcthorsebatterystaple", "qwerty123456", "aaaaaaaaaaaaaaa", "abababababababab",
])
def test_common_or_trivial_passphrases_are_refused(phrase: str) -> None:
    with pytest.raises(PassphraseRejected) as err:
        check_passphrase(phrase)
    assert err.value.code == "common"
    assert phrase not in str(err.value)  # the message never repeats the passphrase


def test_no_composition_rules() -> None:
    check_passphrase("the blue kettle sings at dawn")  # no digits, no capitals: fine
    check_passphrase("mưa rơi trên mái nhà tranh")


def test_nfc_and_nfd_passphrase_derive_the_same_key() -> None:
    from desktop.vault.keyfile import FLOOR_KDF, derive

    nfc = "Mật khẩu của tôi rất dài"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    salt = b"s" * 16
    assert derive(nfc, salt, FLOOR_KDF) == derive(nfd, salt, FLOOR_KDF)


# --- events ---------------------------------------------------------------------------------

def test_uuid7_is_version_7_and_sorts_by_creation_time() -> None:
    import uuid

    ids = [ev.uuid7() for _ in range(2000)]
    assert all(uuid.UUID(i).version == 7 for i in ids)
    assert len(set(ids)) == len(ids)
    # Time-ordered at millisecond granularity: the timestamp prefix never goes backwards.
    prefixes = [i[:13] for i in ids]
    assert prefixes == sorted(prefixes)


def _event(**over: Any) -> ev.Event:
    base: dict[str, Any] = dict(record_id="r1", kind=ev.NOTE_ADDED, author="staff",
                                device="d1", parent_hash=None,
                                payload={"person_id": "p1", "text": "Nói chuyện với em"},
                                at=datetime(2026, 11, 22, 9, 0, tzinfo=UTC))
    base.update(over)
    return ev.new_event(**base)


def test_event_hash_covers_every_field() -> None:
    e = _event()
    assert e.hash == e.compute_hash() and len(e.hash) == 64
    for field, value in [("payload", {"person_id": "p1", "text": "changed"}),
                         ("author", "someone_else"), ("kind", ev.PERSON_UPDATED),
                         ("record_id", "r2"), ("device_time", "2026-11-22T09:00:01+00:00"),
                         ("parent_hash", "0" * 64), ("device", "d2")]:
        changed = ev.Event(**{**e.__dict__, field: value})
        assert changed.compute_hash() != e.hash, field


def test_event_hash_ignores_key_order_of_the_payload() -> None:
    a = _event(payload={"text": "x", "person_id": "p1"})
    b = ev.Event(**{**a.__dict__, "payload": {"person_id": "p1", "text": "x"}})
    assert a.hash == b.compute_hash()


def test_unknown_kind_and_naive_time_are_refused() -> None:
    with pytest.raises(ValueError):
        _event(kind="person.deleted")
    with pytest.raises(ValueError):
        ev.iso(datetime(2026, 1, 1))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300)
@given(json_values)
def test_canonical_json_round_trips_and_is_stable(value: Any) -> None:
    text = ev.canonical(value)
    back = json.loads(text)
    assert back == value
    assert ev.canonical(back) == text


def test_every_problem_code_the_services_raise_has_plain_words() -> None:
    import re
    from pathlib import Path

    from desktop.vault.errors import PROBLEM_TEXT, InvalidInput

    root = Path(__file__).resolve().parents[2] / "desktop"
    codes = set()
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r'InvalidInput\(\["([a-z_]+)"\]\)', text))
        codes |= set(re.findall(r'problems\.append\("([a-z_]+)"\)', text))
    assert codes and codes <= set(PROBLEM_TEXT)
    message = str(InvalidInput(["username_taken"]))
    assert "already taken" in message and "(username_taken)" in message
