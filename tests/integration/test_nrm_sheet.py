"""The NRM prompt sheets (issue 11): sections numbered 1, 2, 3… without a gap or restart; the
organisation is named as first responder only when it is one; criminal exploitation and county
lines ticked when the records say so; the Duty to Notify binds specified public authorities."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from vaultkit import concern_for, hong, make_vault

from desktop.app.services import Services
from desktop.printing import forms

FORMS = {"nrm-prompt-child": 14, "nrm-prompt-adult": 30}  # form -> the person's age


def _text(pdf: bytes, tmp: Path, layout: bool = False) -> str:
    path = tmp / "nrm.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    out = subprocess.run(args, capture_output=True, text=True, timeout=60, check=True).stdout
    return out if layout else " ".join(out.split())


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, bool], str]:
    """(form, lang, first responder?) -> the sheet's text, for a person whose concerns were
    recorded as county lines exploitation."""
    tmp = tmp_path_factory.mktemp("nrm")
    vault, _code = make_vault(tmp / "vault")
    out: dict[tuple[str, str, bool], str] = {}
    try:
        s = Services(vault)
        ids = {}
        for form_id, age in FORMS.items():
            ids[form_id] = s.people.register(replace(hong(), estimated_age=age))
            s.concerns.record(replace(concern_for(ids[form_id], "Carries drugs to another town."),
                                      categories=("county_lines",)))
        for responder in (False, True):
            s.settings.set_org_details(nrm_first_responder=responder)
            for form_id, person_id in ids.items():
                for lang in ("en", "vi"):
                    context = s.referrals.context(person_id, lang)
                    pdf = forms.render(form_id, context, lang, export_id="T-1",
                                       created=datetime.now(UTC))
                    out[(form_id, lang, responder)] = _text(pdf, tmp, layout=True)
    finally:
        vault.close()
    return out


def test_sections_are_numbered_continuously(sheets: dict[tuple[str, str, bool], str]) -> None:
    for key, text in sheets.items():
        numbers = [int(n) for n in re.findall(r"^ ?(\d+)\. \S", text, re.MULTILINE)]
        assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 6, (key, numbers)


def test_the_organisation_is_the_first_responder_only_when_it_is_one(
        sheets: dict[tuple[str, str, bool], str]) -> None:
    for form_id in FORMS:
        school_lines = sheets[(form_id, "en", False)].splitlines()
        responder_lines = sheets[(form_id, "en", True)].splitlines()
        school = " ".join(" ".join(school_lines).split())
        assert "Test Org is not an NRM first responder" in school
        # Left for the real first responder to be written in, not filled with the school.
        assert "First responder organisation: ……" in school
        # (The label wraps: "First responder" on the line with the value.)
        assert not [ln for ln in school_lines
                    if ln.strip().startswith("First responder") and "Test Org" in ln]
        assert [ln for ln in school_lines if "Prepared by" in ln
                and "Test Org" in ln]
        assert [ln for ln in responder_lines
                if ln.strip().startswith("First responder") and "Test Org" in ln]
        assert "not an NRM first responder" not in " ".join(responder_lines)


def test_criminal_exploitation_and_county_lines_are_ticked_from_the_records(
        sheets: dict[tuple[str, str, bool], str]) -> None:
    for form_id in FORMS:
        text = " ".join(sheets[(form_id, "en", False)].split())
        assert "☒ Criminal exploitation ☒ Criminal exploitation: county lines" in text
        assert "☐ Labour exploitation" in text  # not what the records say
        vi = " ".join(sheets[(form_id, "vi", False)].split())
        assert "☒ Bóc lột vào hoạt động phạm tội ☒ Bóc lột vào hoạt động phạm tội: đường dây" in vi


def test_the_duty_to_notify_binds_specified_public_authorities(
        sheets: dict[tuple[str, str, bool], str]) -> None:
    en = " ".join(sheets[("nrm-prompt-adult", "en", False)].split())
    assert "the Duty to Notify applies: a specified public authority" in en
    assert "An organisation that is not a specified public authority passes the case to one" in en
    vi = " ".join(sheets[("nrm-prompt-adult", "vi", False)].split())
    assert "cơ quan công quyền được chỉ định" in vi
