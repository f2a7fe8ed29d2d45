"""`waymark checklists list` offers the vault's own jurisdiction's checklists (issue 16): an
England vault lists England's frameworks, a Viet Nam vault Viet Nam's; `--all` lists every one,
and a vault never opened on this computer (jurisdiction unknown) lists every one too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.app import interface_prefs
from desktop.cli import main as cli

ENGLAND = {"uk-child-exploitation", "uk-child-criminal-exploitation", "uk-child-trafficking",
           "adult-trafficking-screening"}
VIET_NAM = {"vn-victim-identification", "adult-trafficking-screening"}
EVERY = ENGLAND | VIET_NAM


def listed(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[set[str], str]:
    code = cli.main(["checklists", "list", "--json", *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return {r["id"] for r in json.loads(out)}, err


@pytest.mark.parametrize(("jurisdiction", "expected", "said"), [
    ("england", ENGLAND, "England"), ("vietnam", VIET_NAM, "Việt Nam")])
def test_a_known_vault_lists_its_own_jurisdictions_checklists(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, jurisdiction: str,
        expected: set[str], said: str) -> None:
    vault = tmp_path / jurisdiction
    interface_prefs.remember(vault, jurisdiction=jurisdiction)
    ids, err = listed(capsys, "--vault", str(vault))
    assert ids == expected
    assert said in err and "--all" in err  # says it is filtered, and how to see the rest
    everything, _ = listed(capsys, "--vault", str(vault), "--all")
    assert everything == EVERY


def test_a_vault_of_unknown_jurisdiction_lists_every_checklist(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ids, err = listed(capsys, "--vault", str(tmp_path / "never-opened"))
    assert ids == EVERY and err == ""


def test_the_plain_list_is_filtered_too(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    vault = tmp_path / "england"
    interface_prefs.remember(vault, jurisdiction="england")
    code = cli.main(["checklists", "list", "--vault", str(vault)])
    out, _ = capsys.readouterr()
    assert code == 0
    assert {line.split("\t")[0] for line in out.splitlines()} == ENGLAND
