"""`waymark --selftest`: every check passes here, nothing is left behind, a failure is named."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from desktop import selftest
from desktop.__main__ import main


def test_selftest_passes_and_leaves_nothing(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    real_vault = tmp_path / "real-vault"
    monkeypatch.setenv("WAYMARK_VAULT", str(real_vault))
    parent = tmp_path / "temp"
    parent.mkdir()
    out = io.StringIO()
    assert selftest.run_selftest(out, temp_parent=parent) == 0
    text = out.getvalue()
    for name, _ in selftest.CHECKS:
        assert f"ok    {name}: " in text
    assert "Vietnamese text rendered" in text  # the Qt child really ran
    assert "self-test passed" in text
    assert list(parent.iterdir()) == []  # the temporary vault and PDF are gone
    assert not real_vault.exists()  # the user's vault is never touched


def test_a_failing_check_exits_1_and_is_named(tmp_path: Path) -> None:
    def broken_pdf(ctx: selftest.Context) -> str:
        (ctx.root / "half-written.pdf").write_bytes(b"%PDF-")
        raise selftest.CheckFailed("DejaVu Sans is not embedded in the PDF")

    checks = [(name, broken_pdf if name == "PDF with Vietnamese text" else check)
              for name, check in selftest.CHECKS if not name.startswith("Qt")]
    out = io.StringIO()
    assert selftest.run_selftest(out, temp_parent=tmp_path, checks=checks) == 1
    text = out.getvalue()
    assert "FAIL  PDF with Vietnamese text: DejaVu Sans is not embedded" in text
    assert "ok    audit chain and integrity" in text  # the others still ran
    assert "self-test FAILED (PDF with Vietnamese text)" in text
    assert list(tmp_path.iterdir()) == []


def test_an_unexpected_error_is_reported_with_its_class(tmp_path: Path) -> None:
    def boom(ctx: selftest.Context) -> str:
        raise OSError("disk gone")

    out = io.StringIO()
    assert selftest.run_selftest(out, temp_parent=tmp_path, checks=[("disk", boom)]) == 1
    assert "FAIL  disk: OSError: disk gone" in out.getvalue()


def test_qt_check_uses_offscreen_without_a_display(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    env, platform = selftest.qt_environment()
    assert env["QT_QPA_PLATFORM"] == "offscreen" and "no display" in platform
    monkeypatch.setenv("QT_QPA_PLATFORM", "minimal")
    assert selftest.qt_environment()[0]["QT_QPA_PLATFORM"] == "minimal"


def test_main_dispatches_selftest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selftest, "run_selftest", lambda: 1)
    assert main(["--selftest"]) == 1
