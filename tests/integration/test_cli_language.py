"""Command-line messages speak the vault's language where one is known (issue 16)."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml
from test_cli import PASS, init, waymark
from vaultkit import ROOT

from desktop.app import interface_prefs


def test_a_vietnamese_vault_answers_a_wrong_passphrase_in_vietnamese(tmp_path: Path) -> None:
    vault_dir = tmp_path / "v"
    created = init(vault_dir, jurisdiction="vietnam")
    assert created.returncode == 0, created.stderr
    assert "Mã khôi phục" in created.stdout  # init speaks the vault's language too
    wrong = waymark("check", "--vault", str(vault_dir), "--user", "admin",
                    "--passphrase-stdin", stdin="not the right one\n")
    assert wrong.returncode == 3
    assert "Tên đăng nhập hoặc cụm mật khẩu không đúng." in wrong.stderr
    assert "not right" not in wrong.stderr


def test_an_english_vault_still_answers_in_english(tmp_path: Path) -> None:
    vault_dir = tmp_path / "v"
    assert init(vault_dir).returncode == 0
    wrong = waymark("check", "--vault", str(vault_dir), "--user", "admin",
                    "--passphrase-stdin", stdin="not the right one\n")
    assert "The user name or passphrase is not right." in wrong.stderr


def test_the_language_last_used_in_the_app_wins_over_the_jurisdiction(tmp_path: Path) -> None:
    vault_dir = tmp_path / "v"
    assert init(vault_dir, jurisdiction="vietnam").returncode == 0
    interface_prefs.remember(vault_dir, language="en")
    wrong = waymark("check", "--vault", str(vault_dir), "--user", "admin",
                    "--passphrase-stdin", stdin=PASS + "x\n")
    assert "The user name or passphrase is not right." in wrong.stderr


def said_strings() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "desktop" / "cli").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "say" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                found.add(str(node.args[0].value))
    return found


def test_every_command_line_sentence_has_its_vietnamese() -> None:
    catalog: dict[str, str] = {}
    for path in (ROOT / "resources" / "translations" / "vi").glob("*.yaml"):
        catalog.update((yaml.safe_load(path.read_text(encoding="utf-8")) or {})
                       .get("CommandLine") or {})
    said = said_strings()
    assert len(said) >= 10
    assert sorted(s for s in said if not catalog.get(s)) == []
