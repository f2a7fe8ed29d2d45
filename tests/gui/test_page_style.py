"""One rhythm across the main pages (issue 16): the same margins and spacing, and headings of
one size, so switching from People to Tasks to Groups does not make the page jump."""

from __future__ import annotations

from records_fixtures import Records

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel

from desktop.ui import theme
from desktop.ui.shell.main_window import MainWindow


def test_main_pages_share_margins_spacing_and_heading_size(qtbot, records: Records) -> None:
    qtbot.waitUntil(lambda: records.runner.pending == 0)
    window = MainWindow(records.runner, records.context)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    sizes: dict[str, float] = {}
    for key in window.section_keys():
        page = window.section(key)
        layout = page.layout()
        assert layout is not None, key
        margins = layout.contentsMargins()
        assert (margins.left(), margins.top(), margins.right(), margins.bottom()) == \
            (theme.PAGE_MARGIN,) * 4, key
        assert layout.spacing() == theme.PAGE_SPACING, key
        heading = next(getattr(page, name) for name in ("heading", "title", "name_heading")
                       if isinstance(getattr(page, name, None), QLabel))
        assert heading.font().bold(), key
        sizes[key] = heading.font().pointSizeF()
    assert {"people", "tasks", "groups"} <= sizes.keys()
    assert len(set(sizes.values())) == 1, sizes
    assert next(iter(sizes.values())) > window.font().pointSizeF() * 1.2


def test_the_open_main_window_follows_the_desktop_into_dark(qtbot, records: Records) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    style = app.style()
    assert style is not None
    app.setPalette(style.standardPalette())
    follower = theme.follow_palette()  # as configure() does when the app starts
    follower.check()
    qtbot.waitUntil(lambda: records.runner.pending == 0)
    window = MainWindow(records.runner, records.context)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    people = window.section("people")
    count = people.count_label  # type: ignore[attr-defined]
    assert theme.colour("muted").name() in count.styleSheet()
    dark = theme.dark_palette()
    try:
        app.setPalette(dark)
        muted = theme.colour("muted", dark)
        qtbot.waitUntil(lambda: muted.name() in count.styleSheet(), timeout=2000)
        count.ensurePolished()
        shown = count.palette().color(QPalette.ColorRole.WindowText)
        assert theme.contrast(shown, dark.color(QPalette.ColorRole.Window)) >= 4.5
        assert window.nav.palette().color(QPalette.ColorRole.Base) == \
            dark.color(QPalette.ColorRole.Base)
    finally:
        app.setPalette(before)
