"""Reading on a laptop (issue 16): the person's page at 1280×720 and 1920×1080, dialogs that fit a
1366×768 screen, checklist rows never clipped, in English and in Vietnamese (about 30 % longer).

On the fictional demo vault: its authors have long names ("Alex Morgan (safeguarding lead,
fictional)") and its people long chronologies, which is what squeezed the record text before.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QDialog,
    QLabel,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.app.people import PersonSummary
from desktop.app.session import SignedIn
from desktop.demo import fill_demo
from desktop.ui import i18n
from desktop.ui.models.chronology_model import WHAT
from desktop.ui.pages.people_page import PeoplePage
from desktop.ui.screen_fit import FRAME, fit_to_screen
from desktop.ui.shell.context import AppContext
from desktop.ui.shell.main_window import MainWindow
from desktop.ui.tasks import TaskRunner

PASSPHRASE = "kettle orchard lantern"


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("demo") / "vault"
    fill_demo(folder, "demo.admin", PASSPHRASE, 8, "england")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def lead(qtbot, demo_folder: Path) -> Iterator[tuple[TaskRunner, AppContext]]:
    runner = TaskRunner()
    user: SignedIn = runner.submit(
        lambda: runner.session.unlock(demo_folder, "demo.lead", PASSPHRASE)).result(60)
    yield runner, AppContext(vault_dir=demo_folder, user=user)
    # As on lock: editors save their drafts, then close without saving again.
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.flush_drafts()
            people = widget.section("people")
            assert isinstance(people, PeoplePage)
            people.close_editors()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=20000)
    runner.close_session()
    runner.shutdown()


def _richest(runner: TaskRunner) -> str:
    row = runner.call(lambda s: s.vault.read_one(
        "SELECT person_id FROM chronology GROUP BY person_id ORDER BY COUNT(*) DESC, "
        "person_id LIMIT 1"))
    return str(row[0])


def _window(qtbot, runner: TaskRunner, context: AppContext, size: QSize,
            language: str) -> tuple[MainWindow, PeoplePage]:
    i18n.set_language(language)
    w = MainWindow(runner, context)
    qtbot.addWidget(w)
    w.resize(size)
    w.show()
    page = w.section("people")
    assert isinstance(page, PeoplePage)
    qtbot.waitUntil(lambda: runner.pending == 0 and page.people_model.rowCount() > 0,
                    timeout=20000)
    person = _richest(runner)
    with qtbot.waitSignal(page.person_loaded, timeout=20000):
        page.select_person(person)
    qtbot.waitUntil(lambda: runner.pending == 0)
    QApplication.processEvents()
    return w, page


SIZES = [QSize(1280, 720), QSize(1920, 1080)]


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("size", SIZES, ids=["1280x720", "1920x1080"])
def test_the_persons_page_is_readable(qtbot, lead, size: QSize, language: str) -> None:
    runner, context = lead
    w, page = _window(qtbot, runner, context, size, language)
    # The window is the size asked for: nothing inside demands more than the screen.
    assert w.minimumSizeHint().width() <= size.width()
    assert w.width() == size.width()
    view = page.chronology
    # What was recorded has most of the chronology, not the 50 px left by a long author name.
    assert view.columnWidth(WHAT) >= 0.5 * view.viewport().width()
    # ... so a record reads as lines, not a word per line: no row is taller than four lines.
    line = view.fontMetrics().lineSpacing()
    rows = [view.rowHeight(r) for r in range(min(view.model().rowCount(), 20))]
    assert rows and max(rows) <= 4 * line + 8, rows


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_people_list_keeps_age_and_tasks_beside_a_selected_person(qtbot, lead,
                                                                       language: str) -> None:
    runner, context = lead
    w, page = _window(qtbot, runner, context, QSize(1280, 720), language)
    row = page.people_model.row_of(page.record.id if page.record else "")
    index = page.people_model.index(row, 0)
    rect = page.table.visualRect(index)
    # The whole row (name, age and tasks) is inside the list, not scrolled off to the right.
    assert page.table.viewport().rect().contains(rect.adjusted(0, 0, -1, -1)), rect
    age, tasks = page.people_model.status_parts(row)
    spoken = page.people_model.data(index, 0x0B)  # Qt.AccessibleTextRole
    assert age and tasks and age in spoken and tasks in spoken


def _dialogs(page: PeoplePage) -> list[QDialog]:
    found: list[QDialog] = []
    for open_editor in (page.record_concern, page.record_disclosure, page.start_checklist,
                        page.export_form, page.record_body_map):
        dialog = open_editor()
        assert dialog is not None
        found.append(dialog)
    return found


def _scrolls(widget: QWidget, top: QWidget) -> bool:
    """Inside a scroll area (it may be scrolled out of sight and still be reachable)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _clipped_labels(root: QWidget) -> list[str]:
    """Wrapped labels shorter than their text needs at their width (cut off or overlapped)."""
    bad = []
    for label in root.findChildren(QLabel):
        if label.isVisible() and label.wordWrap() and label.text() and label.width() > 0:
            need = label.heightForWidth(label.width())
            if need > label.height() + 1:
                bad.append(f"{label.text()[:40]!r}: {label.height()} < {need}")
    return bad


@pytest.mark.parametrize("language", ["en", "vi"])
def test_editor_dialogs_fit_the_screen_with_their_buttons_on_it(qtbot, lead,
                                                                 language: str) -> None:
    runner, context = lead
    w, page = _window(qtbot, runner, context, QSize(1280, 720), language)
    area = QGuiApplication.primaryScreen().availableGeometry()
    for dialog in _dialogs(page):
        qtbot.waitUntil(lambda: runner.pending == 0)
        # Within the screen with room for the frame, and never squeezed below its layout's
        # minimum (which is when rows overlap).
        assert dialog.width() + FRAME.width() <= area.width(), type(dialog).__name__
        assert dialog.height() + FRAME.height() <= area.height(), type(dialog).__name__
        assert dialog.minimumSizeHint().width() <= dialog.width(), type(dialog).__name__
        inside = QRect(QPoint(0, 0), dialog.size())
        for button in dialog.findChildren(QAbstractButton):
            if button.isVisible() and not _scrolls(button, dialog):
                top_left = button.mapTo(dialog, QPoint(0, 0))
                assert inside.contains(QRect(top_left, button.size())), button.text()


def test_the_disclosure_dialog_fits_a_1366x768_laptop(qtbot, lead) -> None:
    runner, context = lead
    i18n.set_language("vi")
    w, page = _window(qtbot, runner, context, QSize(1280, 720), "vi")
    dialog = page.record_disclosure()
    assert dialog is not None
    laptop = QRect(0, 0, 1366, 768 - 40)  # a taskbar or panel takes about 40 px
    fit_to_screen(dialog, QSize(1100, 760), laptop)
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert dialog.height() + FRAME.height() <= laptop.height()
    assert dialog.minimumSizeHint().height() <= dialog.height()
    assert dialog.minimumSizeHint().width() <= dialog.width()


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("width", [640, 820])
def test_checklist_rows_are_never_clipped(qtbot, lead, language: str, width: int) -> None:
    runner, context = lead
    w, page = _window(qtbot, runner, context, QSize(1280, 720), language)
    dialog = page.start_checklist()
    assert dialog is not None
    qtbot.waitUntil(lambda: runner.pending == 0)
    dialog.start()
    qtbot.waitUntil(lambda: runner.pending == 0)
    dialog.resize(width, 560)
    qtbot.waitUntil(lambda: dialog.width() == max(width, dialog.minimumWidth()))
    QApplication.processEvents()
    # The dialog is as wide as asked: nothing in it (a long status line in Vietnamese) forces
    # the layout wider than the window, which is what clipped the rows and made them overlap.
    assert dialog.minimumSizeHint().width() <= dialog.width()
    section = dialog.stack.currentWidget()
    assert _clipped_labels(section) == []
    for row in section.rows:
        assert row.height() >= row.minimumSizeHint().height()


class _RecordingPainter(QPainter):
    """A painter that notes every run of text drawn and the box it is drawn in."""

    def __init__(self, device: QImage) -> None:
        super().__init__(device)
        self.drawn: list[tuple[QRect, int, str, QFont]] = []

    def drawText(self, *args: object) -> None:  # type: ignore[override]  # noqa: N802
        if len(args) == 3 and isinstance(args[0], QRect):
            rect, flags, text = args
            assert isinstance(flags, int) and isinstance(text, str)
            self.drawn.append((QRect(rect), flags, text, QFont(self.font())))
        super().drawText(*args)  # type: ignore[call-overload]


# Everything long at once: an estimated, disputed age and many overdue tasks (Vietnamese runs
# about 30 % longer), and a long name.
LONG = [PersonSummary("p-long", "Nguyễn Thị Minh Khai Hoàng-Fitzgerald Ashworth", None, 15,
                      True, 12, 10),
        PersonSummary("p-short", "Amy Lee", "2012-03-01", None, False, 0, 0)]


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("size", [QSize(1366, 768), QSize(1920, 1080)],
                         ids=["1366x768", "1920x1080"])
def test_each_person_row_shows_the_whole_status(qtbot, lead, size: QSize,
                                                language: str) -> None:
    runner, context = lead
    w, page = _window(qtbot, runner, context, size, language)
    page.people_model.set_people(LONG)
    view = page.table
    QApplication.processEvents()
    qtbot.waitUntil(lambda: view.visualRect(page.people_model.index(1, 0)).height() > 0)
    delegate = view.itemDelegate()
    for row, person in enumerate(LONG):
        index = page.people_model.index(row, 0)
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.rect = view.visualRect(index)
        image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
        painter = _RecordingPainter(image)
        delegate.paint(painter, option, index)
        painter.end()
        texts = [text for _r, _f, text, _font in painter.drawn]
        age, tasks = page.people_model.status_parts(row)
        # Nothing is cut short with "…": the name, the age and the tasks are drawn whole ...
        assert not any("…" in t for t in texts), texts
        joined = " ".join(texts)
        for part in (person.display_name, age, tasks):
            assert part in joined, (part, texts)
        # ... and each run fits its box, and the box fits inside the row (it grew to hold it).
        for rect, flags, text, font in painter.drawn:
            need = QFontMetrics(font).boundingRect(rect, flags, text)
            assert need.width() <= rect.width() and need.height() <= rect.height(), text
            assert option.rect.contains(rect), (text, rect, option.rect)
            assert rect.right() <= view.viewport().width(), text
    long_row = view.visualRect(page.people_model.index(0, 0)).height()
    short_row = view.visualRect(page.people_model.index(1, 0)).height()
    if size.width() == 1366:
        assert long_row > short_row  # the long name and status took lines of their own
