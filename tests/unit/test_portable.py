"""Portable mode: a frozen app with a `waymark-portable` file beside it keeps its vault there."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop import paths


@pytest.fixture
def stick(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A USB stick holding the built app: <stick>/waymark/waymark."""
    app = tmp_path / "stick" / "waymark"
    app.mkdir(parents=True)
    (app / "waymark").write_bytes(b"")
    monkeypatch.setattr(sys, "executable", str(app / "waymark"))
    monkeypatch.delenv("WAYMARK_VAULT", raising=False)
    return app


def test_frozen_app_with_marker_keeps_the_vault_beside_it(stick: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    (stick / paths.PORTABLE_MARKER).write_text("")
    assert paths.default_vault_dir() == stick.resolve() / "vault"


def test_frozen_app_without_marker_uses_the_data_folder(stick: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    vault = paths.default_vault_dir()
    assert vault.name == "vault" and vault.parent.name == "Waymark"
    assert stick.resolve() not in vault.parents


def test_marker_is_ignored_when_running_from_source(stick: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    (stick / paths.PORTABLE_MARKER).write_text("")
    assert stick.resolve() not in paths.default_vault_dir().parents


def test_waymark_vault_wins_over_the_marker(stick: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    (stick / paths.PORTABLE_MARKER).write_text("")
    monkeypatch.setenv("WAYMARK_VAULT", str(tmp_path / "elsewhere"))
    assert paths.default_vault_dir() == tmp_path / "elsewhere"
