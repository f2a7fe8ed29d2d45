"""What a referral must not leave to the reader's guess (issue 11): the immediate-risk answer
beside "Police informed", the impact on the child and their strengths, and the NRM interview
details the records already hold."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_cli import waymark
from vaultkit import ADMIN_PASS, concern_for, hong, make_vault

from desktop.app.services import Services
from desktop.domain import events as ev
from desktop.domain.disclosures import Disclosure, Told, Turn
from desktop.printing import forms
from desktop.vault.store import Vault


def text_of(pdf: bytes, tmp: Path) -> str:
    path = tmp / "read.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, timeout=60, check=True)
    return " ".join(done.stdout.split())


@pytest.fixture()
def child(tmp_path: Path) -> tuple[Path, str]:
    """An England vault with a child whose concern was told to the police, with no immediate
    risk recorded anywhere."""
    folder = tmp_path / "vault"
    vault, _code = make_vault(folder)
    try:
        s = Services(vault)
        person_id = s.people.register(replace(hong(), interpreter_needed=True,
                                              languages=("Vietnamese",)))
        s.concerns.record(replace(concern_for(person_id), told=("dsl", "police")))
    finally:
        vault.close()
    return folder, person_id


def _referrals(folder: Path) -> list[dict[str, object]]:
    vault = Vault.unlock(folder, "admin", ADMIN_PASS)
    try:
        return [json.loads(p) for (p,) in vault.read(
            "SELECT payload FROM events WHERE kind = ? ORDER BY seq", (ev.REFERRAL_MADE,))]
    finally:
        vault.close()


def test_the_cli_will_not_print_a_mash_referral_with_the_risk_question_unanswered(
        child: tuple[Path, str], tmp_path: Path) -> None:
    folder, person_id = child
    out = tmp_path / "mash.pdf"
    base = ("export", "--vault", str(folder), "--user", "admin", "--passphrase-stdin",
            "--person", person_id, "--out", str(out), "--lang", "en")
    for form in ("england-mash-referral", "referral-pack"):
        done = waymark(*base, "--form", form, stdin=ADMIN_PASS + "\n")
        assert done.returncode == 2, done.stderr
        assert "--immediate-risk" in done.stderr and "immediate_risk" in done.stderr
        assert not out.exists()
    assert _referrals(folder) == []  # nothing audited or noted for a refused export

    done = waymark(*base, "--form", "england-mash-referral", "--immediate-risk", "no",
                   stdin=ADMIN_PASS + "\n")
    assert done.returncode == 0, done.stderr
    text = text_of(out.read_bytes(), tmp_path)
    risk = text[text.index("Immediate risk to the child?"):text.index("Police reference")]
    assert "☒ No" in risk and "☐ Yes" in risk and "Police informed Yes" in risk
    assert _referrals(folder)[0]["details"]["immediate_risk"] is False  # type: ignore[index]


def test_impact_and_strengths_from_the_details_file_are_printed_and_kept(
        child: tuple[Path, str], tmp_path: Path) -> None:
    folder, person_id = child
    details = tmp_path / "details.json"
    details.write_text(json.dumps({
        "reasons": "An older man buys her phone credit and collects her from school.",
        "impact": "She is missing lessons and has lost weight.",
        "strengths": "She trusts her key worker and is doing well in art.",
        "immediate_risk": True,
        "immediate_risk_now": "He said he would collect her tonight."}), encoding="utf-8")
    out = tmp_path / "pack.pdf"
    done = waymark("export", "--vault", str(folder), "--user", "admin", "--passphrase-stdin",
                   "--person", person_id, "--form", "referral-pack", "--lang", "en",
                   "--out", str(out), "--details", str(details), stdin=ADMIN_PASS + "\n")
    assert done.returncode == 0, done.stderr
    text = text_of(out.read_bytes(), tmp_path)
    impact = text.index("Impact on the child")
    strengths = text.index("Strengths and protective factors")
    assert "She is missing lessons and has lost weight." in text[impact:strengths]
    assert "She trusts her key worker and is doing well in art." in text[strengths:]
    risk = text[text.index("Immediate risk to the child?"):text.index("Police reference")]
    assert "☒ Yes" in risk
    made = _referrals(folder)[0]["details"]
    assert made["impact"] == "She is missing lessons and has lost weight."  # type: ignore[index]
    assert made["strengths"].startswith("She trusts")  # type: ignore[index]


def test_an_unanswered_risk_question_is_marked_not_answered(
        child: tuple[Path, str], tmp_path: Path) -> None:
    folder, person_id = child
    vault = Vault.unlock(folder, "admin", ADMIN_PASS)
    try:
        s = Services(vault)
        details = {**s.referrals.prefill(person_id, "en"), "immediate_risk": None}
        context = s.referrals.context(person_id, "en", details=details)
    finally:
        vault.close()
    text = text_of(forms.render("england-mash-referral", context, "en", export_id="T-1",
                                created=datetime.now(UTC)), tmp_path)
    risk = text[text.index("Immediate risk to the child?"):text.index("Police reference")]
    assert "☒ Not answered" in risk and "☐ Yes" in risk and "☐ No" in risk
    assert "Police informed Yes" in risk


def test_the_nrm_sheet_is_prefilled_with_the_interview_the_records_hold(
        child: tuple[Path, str], tmp_path: Path) -> None:
    folder, person_id = child
    vault = Vault.unlock(folder, "admin", ADMIN_PASS)
    try:
        s = Services(vault)
        s.disclosures.seal(Disclosure(
            person_id=person_id, when=datetime(2026, 11, 20, 15, 0, tzinfo=UTC),
            where="Quiet room, Nhà Hoa Mai",
            present=("Sam Patel, key worker", "Interpreter (Vietnamese), Mr Lê Văn Bình"),
            turns=(Turn("person", "He keeps my passport in his car."),),
            told=(Told("dsl", datetime(2026, 11, 20, 15, 20, tzinfo=UTC)),)))
        context = s.referrals.context(person_id, "en")
    finally:
        vault.close()
    nrm = context["nrm"]
    assert nrm["interview_place"] == "Quiet room, Nhà Hoa Mai"
    assert nrm["interpreter_used"] is True
    assert "Mr Lê Văn Bình" in nrm["interpreter"]
    text = text_of(forms.render("nrm-prompt-child", context, "en", export_id="T-1",
                                created=datetime.now(UTC)), tmp_path)
    for words in ("20/11/2026 15:00", "Quiet room, Nhà Hoa Mai", "Sam Patel, key worker",
                  "Mr Lê Văn Bình"):
        assert words in text, words
    assert "☒ Yes" in text[text.index("Interpreter used at the interview"):]


def test_without_a_disclosure_the_nrm_sheet_names_the_language_needed(
        child: tuple[Path, str]) -> None:
    folder, person_id = child
    vault = Vault.unlock(folder, "admin", ADMIN_PASS)
    try:
        nrm = Services(vault).referrals.context(person_id, "vi")["nrm"]
    finally:
        vault.close()
    # No interview recorded: no date or place invented, the language the person needs given.
    assert nrm["interview_at"] is None and nrm["interview_place"] == ""
    assert nrm["interpreter_used"] is None and nrm["interpreter"] == "Tiếng Việt"


def test_details_confirmed_before_the_risk_question_reprint_as_they_were(
        child: tuple[Path, str]) -> None:
    folder, person_id = child
    vault = Vault.unlock(folder, "admin", ADMIN_PASS)
    try:
        s = Services(vault)
        s.concerns.record(concern_for(person_id, "He said he would come for her tonight.",
                                      risk=True))
        # Details kept before the yes/no existed have no `immediate_risk`: the recorded risk
        # is ticked, as it was printed then, not turned into "Not answered".
        old = {k: v for k, v in s.referrals.prefill(person_id, "en").items()
               if k != "immediate_risk"}
        again = s.referrals.context(person_id, "en", details=old)
    finally:
        vault.close()
    assert again["referral"]["immediate_risk"] is True
