"""Referrals that need no pen (issue 11): every form, in both languages, for the demo people
of an England and a Viet Nam vault prints words, not codes; the referrer is a person with a
job title, never a login name or role; no state-secret banner; the England child pack carries
the MASH referral; `waymark export --details` prints what the referrer confirmed."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_cli import waymark
from vaultkit import ADMIN_PASS

from desktop.app.services import Services
from desktop.demo import DEMO_USERS, fill_demo
from desktop.domain import events as ev
from desktop.domain.roles import Role
from desktop.printing import forms
from desktop.vault.store import Vault

# Dotted or snake_case tokens: event kinds, enum values, document states.
RAW = re.compile(r"(?<![\w@/.\-])[a-z]+(?:[._][a-z]+)+(?![\w@])")
# Stored codes and values that must not reach a Vietnamese page as such. (English words such
# as "missing" may be in what staff wrote, which prints as recorded: the structured values are
# checked in the context, below.)
ENGLISH_CODES = ("True", "False", "None", "border_post", "immediate_danger", "strong_concern")
LOGINS = ("admin", *(u.username for u in DEMO_USERS))
ROLES = tuple(r.value for r in Role)


def text_of(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, timeout=60, check=True)
    return " ".join(done.stdout.split())


@pytest.fixture(scope="module")
def vaults(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("demo")
    out = {}
    for juris in ("england", "vietnam"):
        fill_demo(root / juris, "admin", ADMIN_PASS, 14, juris)
        out[juris] = root / juris
    return out


def _people(folder: Path) -> list[tuple[str, bool]]:
    vault = Vault.unlock(folder, "admin", ADMIN_PASS)
    try:
        s = Services(vault)
        people = s.people.list(limit=100)
        return [(p.id, bool(s.referrals.context(p.id, "en")["person"]["is_child"]))
                for p in people]
    finally:
        vault.close()


def _problems(text: str, lang: str) -> set[str]:
    found = set(RAW.findall(text))
    if lang == "vi":
        found |= {w for w in ENGLISH_CODES if re.search(rf"(?<![\w'’]){w}(?![\w'’])", text)}
        if "BẢO MẬT" in text:
            found.add("state-secret banner")
    found |= {f"login {u}" for u in LOGINS if re.search(rf"\b{re.escape(u)}\b", text)}
    if "Demo lead" in text:  # a role standing for the lead's name (the DSL told)
        found.add("role as a name")
    for label in ("Role", "Job title", "Chức vụ"):
        found |= {f"role code {r}" for r in ROLES if f"{label} {r} " in text}
    return found


def test_every_form_in_both_languages_prints_words_not_codes(
        vaults: dict[str, Path], tmp_path: Path) -> None:
    """Every demo person through the renderer in-process, and every form x language through
    `waymark export` itself for one child (the command adds only the vault and the file)."""
    printed = 0
    problems: dict[str, set[str]] = {}
    for juris, folder in vaults.items():
        people = _people(folder)
        vault = Vault.unlock(folder, "admin", ADMIN_PASS)
        try:
            s = Services(vault)
            contexts = {(pid, lang): s.referrals.context(pid, lang)
                        for pid, _child in people for lang in ("en", "vi")}
        finally:
            vault.close()
        for (_pid, lang), context in contexts.items():
            if lang == "vi":
                person = context["person"]
                values = [person["nationality"], person["ethnicity"], *person["languages"],
                          *(d["kind"] for d in person["documents"]),
                          *(d["state"] for d in person["documents"]),
                          *(e["kind"] for e in context["chronology"]),
                          *(t["status_label"] for t in context["tasks"])]
                assert not [v for v in values if v in (
                    "British", "English", "missing", "held", "held_by_other", "unknown",
                    "passport", "open", "done", "Missing", "Passport", "White British",
                    "Not known")], values
        for info in forms.forms_for(juris):
            for (person_id, lang), context in contexts.items():
                if lang not in info.languages or (
                        "child" if context["person"]["is_child"] else "adult") not in info.people:
                    continue
                out = tmp_path / f"{juris}-{info.id}-{lang}-{person_id}.pdf"
                out.write_bytes(forms.render(info.id, context, lang, export_id="T-1",
                                             created=datetime.now(UTC)))
                printed += 1
                found = _problems(text_of(out), lang)
                if found:
                    problems[out.name] = found
            child = next(pid for pid, is_child in people if is_child)
            for lang in info.languages:
                out = tmp_path / f"cli-{juris}-{info.id}-{lang}.pdf"
                done = waymark("export", "--vault", str(folder), "--user", "admin",
                               "--passphrase-stdin", "--person", child, "--form", info.id,
                               "--lang", lang, "--out", str(out), "--immediate-risk", "no",
                               stdin=ADMIN_PASS + "\n")
                assert done.returncode == 0, done.stderr
                found = _problems(text_of(out), lang)
                if found:
                    problems[out.name] = found
    assert printed >= 300
    assert problems == {}


def test_the_england_child_pack_carries_the_mash_referral_and_the_details_given(
        vaults: dict[str, Path], tmp_path: Path) -> None:
    folder = vaults["england"]
    person_id = next(pid for pid, child in _people(folder) if child)
    details = tmp_path / "details.json"
    details.write_text(json.dumps({
        "reasons": "Seen getting into a car with two older men after school.",
        "views": "Says she is fine and wants to be left alone.",
        "parents_know": True, "parents_consent": False, "immediate_risk": True,
        "why_not": "Mother refuses; the risk is significant so we refer without consent."}),
        encoding="utf-8")
    out = tmp_path / "pack.pdf"
    done = waymark("export", "--vault", str(folder), "--user", "admin", "--passphrase-stdin",
                   "--person", person_id, "--form", "referral-pack", "--lang", "en",
                   "--out", str(out), "--details", str(details), stdin=ADMIN_PASS + "\n")
    assert done.returncode == 0, done.stderr
    assert out.stat().st_mode & 0o777 == 0o600
    text = text_of(out)
    assert "Referral to children's social care (MASH)" in text
    assert text.index("Referral to children's social care (MASH)") < text.index(
        "Chronology extract")
    for words in ("Seen getting into a car with two older men after school.",
                  "Says she is fine and wants to be left alone.",
                  "Mother refuses; the risk is significant so we refer without consent."):
        assert words in text
    # The referrer is the profile: a name and a job title.
    assert "Registered manager" in text and "Jordan Ellis (fictional)" in text
    vault = Vault.unlock(folder, "admin", ADMIN_PASS)
    try:
        payload = json.loads(vault.read_one(
            "SELECT payload FROM events WHERE kind = ? ORDER BY seq DESC LIMIT 1",
            (ev.REFERRAL_MADE,))[0])
    finally:
        vault.close()
    assert payload["details"]["parents_consent"] is False
    assert payload["details"]["reasons"].startswith("Seen getting into a car")


def test_bad_details_file_is_refused_without_quoting_it(vaults: dict[str, Path],
                                                       tmp_path: Path) -> None:
    details = tmp_path / "details.json"
    details.write_text(json.dumps({"reasons": 5, "secret": "Nguyễn"}), encoding="utf-8")
    out = tmp_path / "x.pdf"
    done = waymark("export", "--vault", str(vaults["england"]), "--user", "admin",
                   "--passphrase-stdin", "--person", "x", "--form", "referral-pack",
                   "--out", str(out), "--details", str(details), stdin=ADMIN_PASS + "\n")
    assert done.returncode == 2 and "--details" in done.stderr
    assert "Nguyễn" not in done.stderr and not out.exists()


def test_vietnamese_records_are_filled_from_the_record_profile_and_organisation(
        vaults: dict[str, Path], tmp_path: Path) -> None:
    folder = vaults["vietnam"]
    vault = Vault.unlock(folder, "admin", ADMIN_PASS)
    try:
        s = Services(vault)
        person = next(p for p in s.people.list(limit=100) if "Hồng" in p.display_name)
        context = s.referrals.context(person.id, "vi")
    finally:
        vault.close()
    pdf = forms.render("vn-bien-ban-tiep-nhan", context, "vi", export_id="T-1",
                       created=datetime.now(UTC))
    path = tmp_path / "tn.pdf"
    path.write_bytes(pdf)
    text = text_of(path)
    assert "THÔNG TIN CÁ NHÂN – HẠN CHẾ TIẾP CẬN" in text and "BẢO MẬT" not in text
    assert "/BB-ĐBPNS" in text  # the issuing agency's abbreviation in the symbol
    assert "Lào Cai, ngày" in text and "Lê Minh Tuấn (hư cấu)" in text  # place, officer
    assert "Đồn trưởng" in text  # the officer's position from the profile
    assert "ĐẠI DIỆN BÊN GIAO" in text and "ĐẠI DIỆN BÊN NHẬN" in text
    assert "NGƯỜI LÀM CHỨNG" in text
    assert "giờ Việt Nam (UTC+7)" in text  # the footer in local time, named as read there
