"""The application log (issue 16): a rotating file in the platform's log folder, shown in
Help → About, and never a name from the records, whatever is saved or goes wrong."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from records_fixtures import Records

from desktop import app_log
from desktop.ui.editors.concern_dialog import ConcernDialog
from desktop.ui.shell.about import AboutDialog

PLANTED = "Zebedee Quixhollow"  # a name that appears nowhere else


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("WAYMARK_LOG_DIR", str(tmp_path / "logs"))
    app_log.teardown()
    path = app_log.setup()
    assert path == tmp_path / "logs" / "waymark.log"
    yield path
    app_log.teardown()


def test_a_planted_name_never_reaches_the_log(qtbot, records: Records, log_file: Path) -> None:
    given, family = PLANTED.split()
    person_id = records.add_person(given_names=given, family_name=family)
    dialog = ConcernDialog(records.runner, records.context, person_id, PLANTED)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: records.runner.pending == 0)
    dialog.text.setPlainText(f"{PLANTED} said a man gave him a phone")
    dialog.place.setText(f"outside {family}'s house")
    next(iter(dialog.category_checks.values())).setChecked(True)
    dialog.risk_no.click()
    with qtbot.waitSignal(dialog.concern_recorded, timeout=10000):
        dialog.save()

    # Errors carrying the name: a vault job, a logged exception, an uncaught one.
    def failing(_services: object) -> None:
        raise ValueError(f"cannot save {PLANTED}")

    records.runner.run(failing)
    qtbot.waitUntil(lambda: records.runner.pending == 0)
    try:
        raise RuntimeError(f"{PLANTED} at {Path.home()}")
    except RuntimeError:
        logging.getLogger("desktop.test").exception("while saving")
        exc_type, _exc, tb = sys.exc_info()
        assert exc_type is not None
        app_log.log_uncaught(exc_type, tb)  # what the installed sys.excepthook does first

    text = log_file.read_text(encoding="utf-8")
    assert "ValueError" in text and "RuntimeError" in text  # the errors are there...
    assert "test_app_log.py" in text  # ...with where they happened
    for part in (PLANTED, given, family, str(Path.home())):
        assert part not in text  # ...but never the name (nor the home folder)


def test_the_log_rotates(log_file: Path) -> None:
    logger = logging.getLogger("desktop.test")
    for i in range(app_log.MAX_BYTES // 60 * 2):
        logger.info("line %d of a long session padded to sixty characters or so", i)
    rotated = sorted(p.name for p in log_file.parent.iterdir())
    assert rotated[:2] == ["waymark.log", "waymark.log.1"]
    assert all(p.stat().st_size <= app_log.MAX_BYTES for p in log_file.parent.iterdir())


def test_rotation_keeps_the_newest_copies_only(tmp_path: Path) -> None:
    # The app's own rotation (not logging.handlers'): the file never passes its size, the
    # newest older copy is .1, and no more than `backups` older copies are kept.
    handler = app_log.RotatingFile(tmp_path / "waymark.log", max_bytes=200, backups=2)
    handler.setFormatter(logging.Formatter("%(message)s"))
    try:
        for i in range(40):
            handler.emit(logging.LogRecord("desktop", logging.INFO, __file__, 1,
                                           f"line {i:02d} padded to be about forty bytes", None,
                                           None))
    finally:
        handler.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["waymark.log", "waymark.log.1", "waymark.log.2"]
    assert all(p.stat().st_size <= 200 for p in tmp_path.iterdir())
    assert "line 39" in (tmp_path / "waymark.log").read_text(encoding="utf-8")
    def numbers(name: str) -> list[int]:
        text = (tmp_path / name).read_text(encoding="utf-8")
        return [int(line.split()[1]) for line in text.splitlines()]

    assert min(numbers("waymark.log.1")) > max(numbers("waymark.log.2"))  # .1 is the newer
    assert min(numbers("waymark.log.2")) > 0  # the oldest lines are gone


def test_about_shows_where_the_log_is(qtbot, log_file: Path) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.log_path.text() == str(log_file)
    assert "Waymark" in dialog.title.text()
