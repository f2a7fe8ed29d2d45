"""A form prints only in the jurisdiction it applies to (issue 11): an NRM sheet or a MASH
referral from a Viet Nam vault, or a biên bản from an England one, is refused by name, before
anything is read, audited or written."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import waymark
from vaultkit import ADMIN_PASS, hong, make_vault

from desktop.app.services import Services
from desktop.printing import forms
from desktop.vault.store import Vault


def _vault_with_child(folder: Path, jurisdiction: str) -> str:
    vault, _code = make_vault(folder, jurisdiction)
    try:
        return Services(vault).people.register(hong())
    finally:
        vault.close()


def _audited_exports(folder: Path) -> int:
    vault = Vault.unlock(folder, "admin", ADMIN_PASS)
    try:
        return len(vault.read("SELECT 1 FROM audit WHERE action = 'export'"))
    finally:
        vault.close()


@pytest.mark.parametrize(("jurisdiction", "foreign", "named", "home"), [
    ("vietnam", "nrm-prompt-child", "is for England; this vault's jurisdiction is Viet Nam",
     "vn-bien-ban-tiep-nhan"),
    ("vietnam", "england-mash-referral", "is for England; this vault's jurisdiction is Viet Nam",
     "vn-to-khai"),
    ("england", "vn-bien-ban-tiep-nhan", "is for Viet Nam; this vault's jurisdiction is England",
     "england-mash-referral"),
])
def test_export_refuses_a_form_of_another_jurisdiction_naming_both(
        tmp_path: Path, jurisdiction: str, foreign: str, named: str, home: str) -> None:
    folder = tmp_path / "vault"
    person_id = _vault_with_child(folder, jurisdiction)
    out = tmp_path / "form.pdf"
    done = waymark("export", "--vault", str(folder), "--user", "admin", "--passphrase-stdin",
                   "--person", person_id, "--form", foreign, "--lang", "en", "--out", str(out),
                   "--immediate-risk", "no", stdin=ADMIN_PASS + "\n")
    assert done.returncode == 2, done.stderr
    assert foreign in done.stderr and named in done.stderr
    assert home in done.stderr  # what can be printed here instead
    assert not out.exists()
    assert _audited_exports(folder) == 0


def test_the_application_layer_refuses_it_too(tmp_path: Path) -> None:
    """The dialog and the command line share ExportService: neither can print across."""
    folder = tmp_path / "vault"
    person_id = _vault_with_child(folder, "vietnam")
    vault = Vault.unlock(folder, "admin", ADMIN_PASS)
    try:
        s = Services(vault)
        with pytest.raises(forms.NotForJurisdictionError) as refused:
            s.exports.prepare(person_id, "nrm-prompt-child", "en", how="saved")
        assert refused.value.jurisdiction == "vietnam"
        assert s.exports.prepare(person_id, "vn-to-khai", "vi", how="preview").form_id
    finally:
        vault.close()
    assert _audited_exports(folder) == 0


def test_a_group_form_is_refused_outside_viet_nam_before_the_group_is_read(
        tmp_path: Path) -> None:
    vault, _code = make_vault(tmp_path / "vault", "england")
    try:
        with pytest.raises(forms.NotForJurisdictionError):
            Services(vault).exports.prepare_group("any-group", "vn-bien-ban-tiep-nhan-nhom", "vi",
                                                  how="saved")
    finally:
        vault.close()
