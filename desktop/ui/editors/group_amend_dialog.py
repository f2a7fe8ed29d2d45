"""Changing a received group (issue 17): amend the reception record, add a late arrival, or
correct a member's details. Each asks for the reason; the change is recorded with the
officer's name and the time, and a signed record keeps its sealed original."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.groups import MemberRow, RowProblem, nfc, parse_row
from desktop.ui import theme
from desktop.ui.buttons import ok_cancel
from desktop.ui.i18n import tr

C = "GroupAmend"
SEXES = ("female", "male", "other", "unknown")


def field_labels() -> dict[str, str]:
    """The reception fields an amendment may change, in the interface language."""
    return {
        "received_at": tr(C, "Date and time received (YYYY-MM-DD HH:MM)"),
        "place": tr(C, "Gate or place"),
        "handed_over_by": tr(C, "Handing-over party"),
        "foreign_unit": tr(C, "Handing-over unit"),
        "receiving_unit": tr(C, "Receiving unit"),
        "interpreter": tr(C, "Interpreter"),
        "witness": tr(C, "Witness"),
        "notes": tr(C, "Notes"),
    }


def amendment_lines(amendments: list[dict[str, Any]]) -> list[str]:
    """Each change on one line for the Groups page: when, who, why, what."""
    labels = field_labels()
    lines = []
    for a in amendments:
        when = datetime.fromisoformat(str(a["at"])).astimezone().strftime("%d/%m/%Y %H:%M")
        what = [tr(C, "{field}: {old} → {new}").format(
            field=labels.get(k, k).split(" (")[0], old=c.get("from", ""), new=c.get("to", ""))
            for k, c in a.get("reception", {}).items()]
        what += [tr(C, "added {name}").format(name=n) for n in a.get("added_names", [])]
        what += [tr(C, "corrected {name}").format(name=n) for n in a.get("changed_names", [])]
        lines.append(tr(C, "{when}, {who}: {reason} ({what})").format(
            when=when, who=a.get("author", ""), reason=a.get("reason", ""),
            what="; ".join(what)))
    return lines


class _ReasonDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, intro: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.layout_ = QVBoxLayout(self)
        label = QLabel(intro)
        label.setWordWrap(True)
        self.layout_.addWidget(label)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(theme.css("error", bold=True))
        self.error.hide()

    def _row(self, text: str, widget: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(text)
        self.form.addRow(label, widget)

    def _finish(self) -> None:
        self._row(tr(C, "Reason for the change (required)"), self.reason)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(ok_cancel(self, tr(C, "Record the change")))

    def say(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def accept(self) -> None:
        if not self.reason.text().strip():
            self.say(tr(C, "Give the reason for the change."))
            return
        super().accept()


class ReceptionAmendDialog(_ReasonDialog):
    """The reception record's text fields, filled in as they stand."""

    def __init__(self, parent: QWidget | None, reception: dict[str, Any], signed: bool
                 ) -> None:
        intro = (tr(C, "The reception record is signed: your change is added as an amendment "
                       "with your name, the time and the reason, and the signed original is "
                       "kept.") if signed else
                 tr(C, "Your change is recorded with your name, the time and the reason."))
        super().__init__(parent, tr(C, "Amend the reception record"), intro)
        self.original = {k: str(reception.get(k) or "") for k in field_labels()}
        self.edits: dict[str, QLineEdit] = {}
        for key, text in field_labels().items():
            edit = QLineEdit(self._shown(key, self.original[key]))
            edit.setObjectName(key)
            self.edits[key] = edit
            self._row(text, edit)
        self._finish()

    @staticmethod
    def _shown(key: str, value: str) -> str:
        if key == "received_at" and value:
            return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")
        return value

    def changes(self) -> dict[str, str]:
        """The fields the officer changed, as the record keeps them."""
        out = {}
        for key, edit in self.edits.items():
            text = nfc(edit.text())
            if text == self._shown(key, self.original[key]):
                continue
            if key == "received_at":
                old = datetime.fromisoformat(self.original[key]) if self.original[key] else None
                moment = datetime.strptime(text, "%Y-%m-%d %H:%M")
                if old is not None and old.tzinfo is not None:
                    moment = moment.replace(tzinfo=old.tzinfo)
                text = moment.isoformat(timespec="seconds")
            out[key] = text
        return out

    def accept(self) -> None:
        try:
            changed = self.changes()
        except ValueError:
            self.say(tr(C, "Write the date and time as YYYY-MM-DD HH:MM."))
            return
        if not changed:
            self.say(tr(C, "Nothing was changed."))
            return
        super().accept()


class MemberDialog(_ReasonDialog):
    """One member's row: a late arrival (empty) or a correction (filled in)."""

    def __init__(self, parent: QWidget | None, row: MemberRow | None = None,
                 today: date | None = None) -> None:
        adding = row is None
        super().__init__(
            parent, tr(C, "Add a member") if adding else tr(C, "Correct a member's details"),
            tr(C, "A late arrival becomes a person of their own, with their own follow-up "
                  "tasks.") if adding else
            tr(C, "The correction is made on the person's record too, and kept with the "
                  "group's changes."))
        self.today = today or date.today()
        row = row or MemberRow(name="")
        self.name = QLineEdit(row.name)
        self.sex = QComboBox()
        for sex, text in zip(SEXES, (tr(C, "Female"), tr(C, "Male"), tr(C, "Other"),
                                     tr(C, "Not known")), strict=True):
            self.sex.addItem(text, sex)
        self.sex.setCurrentIndex(max(self.sex.findData(row.sex), 0))
        age = str(row.birth_year) if row.birth_year else (
            f"~{row.estimated_age}" if row.estimated_age is not None else "")
        self.age = QLineEdit(age + ("?" if row.age_disputed else ""))
        self.ethnicity = QLineEdit(row.ethnicity)
        self.home_town = QLineEdit(row.home_town)
        self.accompanies = QLineEdit(row.accompanies)
        self.needs = QLineEdit(row.needs)
        self.row = row
        for name, text, edit in (
                ("name", tr(C, "Full name"), self.name), ("sex", tr(C, "Sex"), self.sex),
                ("age", tr(C, "Year of birth or age (? if in doubt)"), self.age),
                ("ethnicity", tr(C, "Ethnic group"), self.ethnicity),
                ("home_town", tr(C, "Home town"), self.home_town),
                ("accompanies", tr(C, "Came with adult no."), self.accompanies),
                ("needs", tr(C, "Immediate needs"), self.needs)):
            edit.setObjectName(name)
            self._row(text, edit)
        self._finish()
        self.name.setFocus()

    def member(self) -> MemberRow:
        """The row as entered; raises RowProblem."""
        parsed = parse_row({
            "name": self.name.text(), "sex": str(self.sex.currentData()),
            "birth_year": self.age.text(), "ethnicity": self.ethnicity.text(),
            "home_town": self.home_town.text(), "accompanies": self.accompanies.text(),
            "needs": self.needs.text(), "languages": ";".join(self.row.languages),
            "interpreter": "yes" if self.row.interpreter_needed else ""}, self.today)
        return MemberRow(**{**parsed.__dict__, "documents": self.row.documents,
                            "documents_note": self.row.documents_note})

    def accept(self) -> None:
        try:
            self.member()
        except RowProblem as problem:
            self.say({"name_required": tr(C, "A full name is needed."),
                      "age_invalid": tr(C, "Write a year of birth (2009), an age (15 or ~15) "
                                           "or ? if it is in doubt.")}.get(
                problem.code, tr(C, "Please check what you entered.")))
            return
        super().accept()
