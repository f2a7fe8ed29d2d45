"""The person's "more details" (issue 11): what referral forms ask and the first screen does
not. All optional; folded away until wanted, so registering someone stays quick."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.people import CP_STATUSES, DETAIL_FIELDS, Person
from desktop.ui import i18n
from desktop.ui.i18n import tr

CTX = "PersonDetails"
ENGLAND_ONLY = ("gp", "placing_authority", "cp_status", "upn", "nhs_number")


def _labels() -> dict[str, str]:
    return {
        "address": tr(CTX, "Home address"),
        "id_document_type": tr(CTX, "Identity document type"),
        "id_document_number": tr(CTX, "Identity document number"),
        "ethnicity": tr(CTX, "Ethnicity"),
        "home_town": tr(CTX, "Home town (place of origin)"),
        "gp": tr(CTX, "GP (doctor)"),
        "health_notes": tr(CTX, "Health notes"),
        "social_worker": tr(CTX, "Social worker (name, contact)"),
        "placing_authority": tr(CTX, "Placing authority (name, contact)"),
        "parental_responsibility": tr(CTX, "Who has parental responsibility"),
        "household_children": tr(CTX, "Siblings and other children in the household"),
        "other_professionals": tr(CTX, "Other professionals involved"),
        "cp_status": tr(CTX, "Child protection / child in need status"),
        "upn": tr(CTX, "Unique pupil number (UPN)"),
        "nhs_number": tr(CTX, "NHS number"),
    }


def _cp_words() -> dict[str, str]:
    return {"": tr(CTX, "Not recorded"), "none": tr(CTX, "None"),
            "child_in_need": tr(CTX, "Child in need"),
            "child_protection_plan": tr(CTX, "Child protection plan"),
            "looked_after": tr(CTX, "Looked after"), "not_known": tr(CTX, "Not known")}


class PersonDetailsSection(QWidget):
    changed = Signal()

    def __init__(self, jurisdiction: str = "england", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.toggled.connect(self._fold)
        outer.addWidget(self.toggle)
        self.body = QWidget()
        self.form = QFormLayout(self.body)
        self.captions: dict[str, QLabel] = {}
        self.edits: dict[str, QLineEdit] = {}
        self.cp_status = QComboBox()
        for code in CP_STATUSES:
            self.cp_status.addItem("", code)
        self.cp_status.currentIndexChanged.connect(lambda _i: self.changed.emit())
        for key in DETAIL_FIELDS:
            caption = QLabel()
            caption.setWordWrap(True)
            widget: QWidget
            if key == "cp_status":
                widget = self.cp_status
            else:
                edit = QLineEdit()
                edit.textChanged.connect(lambda _t: self.changed.emit())
                self.edits[key] = edit
                widget = edit
            caption.setBuddy(widget)
            self.captions[key] = caption
            self.form.addRow(caption, widget)
        outer.addWidget(self.body)
        self.body.setVisible(False)
        self.set_jurisdiction(jurisdiction)
        self.retranslate()

    def set_jurisdiction(self, jurisdiction: str) -> None:
        """Only the fields that exist where the vault works: a GP, an NHS number, a UPN, a
        placing authority and England's child-protection statuses are England's."""
        for key in ENGLAND_ONLY:
            widget = self.cp_status if key == "cp_status" else self.edits[key]
            self.form.setRowVisible(widget, jurisdiction == "england")

    def _fold(self, open_: bool) -> None:
        self.body.setVisible(open_)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)

    def retranslate(self) -> None:
        self.toggle.setText(tr(CTX, "More details for referral forms (all optional)"))
        self.toggle.setAccessibleName(tr(CTX, "More details for referral forms"))
        labels = _labels()
        for key, caption in self.captions.items():
            caption.setText(labels[key])
        for key, edit in self.edits.items():
            edit.setAccessibleName(labels[key])
        self.cp_status.setAccessibleName(labels["cp_status"])
        words = _cp_words()
        for i in range(self.cp_status.count()):
            self.cp_status.setItemText(i, words[str(self.cp_status.itemData(i))])

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def load(self, person: Person) -> None:
        for key, edit in self.edits.items():
            edit.setText(str(getattr(person, key)))
        self.cp_status.setCurrentIndex(max(0, self.cp_status.findData(person.cp_status)))
        if any(getattr(person, k) for k in DETAIL_FIELDS):
            self.toggle.setChecked(True)

    def values(self) -> dict[str, str]:
        out = {k: e.text().strip() for k, e in self.edits.items()}
        out["cp_status"] = str(self.cp_status.currentData() or "")
        return out
