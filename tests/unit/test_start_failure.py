"""A start that fails says why: stderr, the start log (no personal data) and, once Qt works,
a dialog. Exit code 2, never silence. No real display or broken Qt is needed."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest

from desktop import gui_entry, start_failure


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "logs"
    monkeypatch.setenv("WAYMARK_LOG_DIR", str(folder))
    return folder


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from desktop.ui.shell import start_failure_dialog

    shown: list[str] = []

    def show(message: str, wait: bool = True) -> None:
        shown.append(message)

    monkeypatch.setattr(start_failure_dialog, "show_start_failure", show)
    return shown


def log_lines(folder: Path) -> list[str]:
    return (folder / start_failure.LOG_NAME).read_text(encoding="utf-8").splitlines()


def test_no_display(log_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                    capsys: pytest.CaptureFixture[str]) -> None:
    for var in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert gui_entry.run_gui(["--vault", str(tmp_path / "v")]) == 2
    assert capsys.readouterr().err.strip() == start_failure.NO_DISPLAY
    [line] = log_lines(log_dir)
    assert line.endswith(" no-display") and " waymark 0.1.0 " in line
    assert not (tmp_path / "v").exists()


def test_qt_that_cannot_load(log_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    real_import = builtins.__import__

    def no_gl(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith(("desktop.ui", "PySide6")):
            raise ImportError("libEGL.so.1: cannot open shared object file: No such file")
        return real_import(name, *args, **kwargs)

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setattr(builtins, "__import__", no_gl)
    assert gui_entry.run_gui(["--vault", str(tmp_path / "v")]) == 2
    err = capsys.readouterr().err
    assert "Qt libraries could not be loaded" in err and "libEGL.so.1" in err
    assert "libgl1 libegl1" in err
    [line] = log_lines(log_dir)
    assert "qt-import: ImportError: libEGL.so.1" in line


def test_unwritable_data_folder(log_dir: Path, tmp_path: Path, dialogs: list[str],
                                capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")  # a file where a folder must go: fails even for root
    assert gui_entry.run_gui(["--vault", str(blocker / "vault")]) == 2
    err = capsys.readouterr().err
    assert "cannot write to the data folder" in err
    assert dialogs and "cannot write to the data folder" in dialogs[0]
    [line] = log_lines(log_dir)
    assert "data-folder: " in line


def test_unexpected_start_error(log_dir: Path, tmp_path: Path, dialogs: list[str],
                                capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.ui.shell import application

    def broken(*args: object) -> int:
        raise RuntimeError("wizard failed")

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(application, "run", broken)
    assert gui_entry.run_gui(["--vault", str(tmp_path / "v")]) == 2
    assert "RuntimeError: wizard failed" in capsys.readouterr().err
    assert dialogs == ["waymark: the app could not start (RuntimeError: wizard failed)."]
    assert "start: RuntimeError: wizard failed" in log_lines(log_dir)[0]


def test_log_keeps_no_home_path(log_dir: Path) -> None:
    home = str(Path.home())
    error = PermissionError(13, "Permission denied", f"{home}/.local/share/Waymark/vault")
    start_failure.write_log("data-folder", error)
    [line] = log_lines(log_dir)
    assert home not in line and "~/.local/share/Waymark/vault" in line


def test_unwritable_log_folder_still_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("WAYMARK_LOG_DIR", str(blocker / "logs"))
    assert start_failure.report("waymark: broken", "test") == 2
    assert capsys.readouterr().err == "waymark: broken\n"


def test_qt_fatal_message_is_logged(log_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from PySide6.QtCore import QMessageLogContext, QtMsgType

    from desktop.ui.shell import start_failure_dialog

    start_failure_dialog._on_qt_message(
        QtMsgType.QtFatalMsg, QMessageLogContext(),
        'Could not load the Qt platform plugin "xcb"')
    assert "xcb" in capsys.readouterr().err
    assert 'qt-fatal: QtFatalError: Could not load the Qt platform plugin "xcb"' in \
        log_lines(log_dir)[0]


def test_writable_check_leaves_nothing(tmp_path: Path) -> None:
    assert start_failure.check_writable(tmp_path / "new" / "vault") is None
    assert list(tmp_path.iterdir()) == []  # the folder is made later, by set-up


def test_read_only_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(start_failure.tempfile, "mkstemp", refuse)
    problem = start_failure.check_writable(tmp_path)
    assert isinstance(problem, PermissionError)
    assert "Permission denied" in start_failure.unwritable_message(tmp_path, problem)


def test_dialog_is_not_waited_for_without_a_screen(qapp: object) -> None:
    from desktop.ui.shell import start_failure_dialog

    # offscreen (the tests' platform): returns at once instead of waiting for a click
    start_failure_dialog.show_start_failure("waymark: cannot write to the data folder x")
