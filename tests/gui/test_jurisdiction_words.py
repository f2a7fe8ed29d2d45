"""Content and wording follow the vault's jurisdiction (issue 16): a Vietnamese border post sees
no England-only term (CSE, CCE, county lines, DSL, MASH, 999, NHS, ...) and is offered no UK
checklist, in English or in Vietnamese; an English vault keeps England's words."""

from __future__ import annotations

import re

import pytest
from records_fixtures import Records, sample_people

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from desktop.ui import i18n
from desktop.ui.editors.assessment_dialog import AssessmentDialog
from desktop.ui.editors.concern_dialog import ConcernDialog
from desktop.ui.editors.disclosure_dialog import DisclosureDialog
from desktop.ui.editors.export_dialog import ExportDialog
from desktop.ui.editors.person_dialog import PersonDialog
from desktop.ui.editors.profile_dialog import OrgDetailsDialog
from desktop.ui.pages.concern_chart import ConcernChart
from desktop.ui.shell.main_window import MainWindow

ENGLAND_ONLY = re.compile(
    r"\bCSE\b|\bCCE\b|county lines|\bDSL\b|\bMASH\b|\b999\b|Designated Safeguarding|"
    r"children's social care|placing authority|\bNHS\b|\bUPN\b|\bGP\b|\bNRM\b|"
    r"Child sexual exploitation|Child criminal exploitation|cơ quan sắp xếp nơi ở",
    re.IGNORECASE)


def shown(widget: QWidget, top: QWidget) -> bool:
    """On screen, or on a page of a stack or tab set that the user can turn to."""
    node: QWidget | None = widget
    while node is not None and node is not top:
        parent = node.parentWidget()
        if node.isHidden() and not isinstance(parent, QStackedWidget | QTabWidget):
            return False
        node = parent
    return True


def texts(top: QWidget) -> list[str]:
    out = [top.windowTitle()]
    for w in [top, *top.findChildren(QWidget)]:
        if not shown(w, top):
            continue
        out += [w.toolTip(), w.accessibleName(), w.accessibleDescription()]
        if isinstance(w, QLabel | QAbstractButton):
            out.append(w.text())
        if isinstance(w, QLineEdit):
            out += [w.text(), w.placeholderText()]
        if isinstance(w, QGroupBox):
            out.append(w.title())
        if isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QListWidget):
            out += [w.item(i).text() for i in range(w.count())]
        if isinstance(w, QTextEdit | QPlainTextEdit):
            out.append(w.toPlainText())
    return [t for t in out if t]


def screens(qtbot, env: Records) -> list[QWidget]:  # type: ignore[no-untyped-def]
    ids = sample_people(env)
    made: list[QWidget] = [
        ConcernDialog(env.runner, env.context, ids["duc"], "Trần Văn Đức"),
        DisclosureDialog(env.runner, env.context, ids["duc"], "Trần Văn Đức"),
        AssessmentDialog(env.runner, env.context, ids["duc"], "Trần Văn Đức", child=True),
        AssessmentDialog(env.runner, env.context, ids["duc"], "Trần Văn Đức", child=False),
        ExportDialog(env.runner, env.context, ids["duc"], "Trần Văn Đức", child=True),
        PersonDialog(env.runner, env.context),
        MainWindow(env.runner, env.context),
        OrgDetailsDialog(env.runner),
    ]
    for widget in made:
        qtbot.addWidget(widget)
        widget.show()
    qtbot.waitUntil(lambda: env.runner.pending == 0, timeout=20000)
    for widget in made:
        details = getattr(widget, "details", None)
        if details is not None:
            details.toggle.setChecked(True)  # the folded "more details" too
    return made


def england_words(made: list[QWidget]) -> list[str]:
    found = []
    for widget in made:
        for text in texts(widget):
            for m in ENGLAND_ONLY.finditer(text):
                around = text[max(0, m.start() - 60):m.end() + 40]
                found.append(f"{type(widget).__name__}: {m.group(0)!r} in {around!r}")
    return found


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_viet_nam_vault_shows_no_england_only_term(qtbot, vn_records: Records,
                                                     language: str) -> None:
    assert vn_records.context.jurisdiction == "vietnam"
    i18n.set_language(language)
    made = screens(qtbot, vn_records)
    found = england_words(made)
    assert found == [], "\n".join(found)
    concern = made[0]
    assert isinstance(concern, ConcernDialog)
    assert "county_lines" not in concern.category_checks
    assert {"trafficking", "forced_labour"} <= set(concern.category_checks)
    assert "commune" in concern.told_checks and "social_care" not in concern.told_checks


def test_a_viet_nam_vault_offers_only_its_own_checklists(qtbot, vn_records: Records) -> None:
    made = screens(qtbot, vn_records)
    for dialog in made[2:4]:
        assert isinstance(dialog, AssessmentDialog)
        offered = [dialog.choices.item(i).data(0x0100)[0] for i in range(dialog.choices.count())]
        assert offered and not [f for f in offered if f.startswith("uk-")], offered
        assert offered[0] in ("vn-victim-identification", "adult-trafficking-screening")


def test_an_england_vault_keeps_englands_words(qtbot, records: Records) -> None:
    made = screens(qtbot, records)
    concern = made[0]
    assert isinstance(concern, ConcernDialog)
    assert "county_lines" in concern.category_checks
    assert concern.told_checks["dsl"].text() == "Designated Safeguarding Lead (DSL)"
    offered = [made[2].choices.item(i).data(0x0100)[0]  # type: ignore[attr-defined]
               for i in range(made[2].choices.count())]  # type: ignore[attr-defined]
    assert "uk-child-exploitation" in offered


def test_the_chart_legend_follows_the_jurisdiction(qtbot) -> None:
    chart = ConcernChart()
    qtbot.addWidget(chart)
    assert "county_lines" in chart.categories
    chart.set_jurisdiction("vietnam")
    assert "county_lines" not in chart.categories and "forced_labour" in chart.categories
