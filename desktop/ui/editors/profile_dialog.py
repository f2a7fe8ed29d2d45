"""A user's profile and the organisation's details: what referral forms print about who sent
them (issue 11). The forms print these, never a login name or a role code."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.profiles import Profile
from desktop.ui.i18n import tr
from desktop.ui.messages.errors import error_text
from desktop.ui.tasks import TaskRunner

CTX = "ProfileDialog"


def _row(form: QFormLayout, label: str, widget: QWidget) -> None:
    caption = QLabel(label)
    caption.setBuddy(widget)
    widget.setAccessibleName(label)
    form.addRow(caption, widget)


class ProfileDialog(QDialog):
    """Edit one user's profile (your own, or anyone's as an admin)."""

    def __init__(self, runner: TaskRunner, username: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.username = username
        self.setWindowTitle(tr(CTX, "Profile of {user}").format(user=username))
        outer = QVBoxLayout(self)
        intro = QLabel(tr(CTX, "Referral forms print this as the person who sent them."))
        intro.setWordWrap(True)
        outer.addWidget(intro)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for key, label in (("full_name", tr(CTX, "Full name")),
                           ("job_title", tr(CTX, "Job title")),
                           ("organisation", tr(CTX, "Organisation")),
                           ("phone", tr(CTX, "Phone")),
                           ("email", tr(CTX, "Email"))):
            edit = QLineEdit()
            edit.setMaxLength(200)
            _row(form, label, edit)
            self.edits[key] = edit
        outer.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        outer.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        runner.run(lambda s: s.users.profile(username), self._loaded,
                   lambda exc: self.message.setText(error_text(exc)))

    def _loaded(self, profile: Profile) -> None:
        for key, edit in self.edits.items():
            edit.setText(getattr(profile, key))

    def profile(self) -> Profile:
        return Profile.from_json({k: e.text() for k, e in self.edits.items()})

    def save(self) -> None:
        username, profile = self.username, self.profile()
        self.runner.run(lambda s: s.users.set_profile(username, profile),
                        lambda _r: self.accept(),
                        lambda exc: self.message.setText(error_text(exc)))


class OrgDetailsDialog(QDialog):
    """What the forms print about the organisation (admin)."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle(tr(CTX, "Organisation details for forms"))
        outer = QVBoxLayout(self)
        form = QFormLayout()
        self.first_responder = QCheckBox(tr(CTX, "This organisation is an NRM first responder"))
        self.first_responder.setToolTip(tr(CTX, "Schools and care homes are not: they refer "
                                                "through children's services or the police."))
        form.addRow(self.first_responder)
        self.edits: dict[str, QLineEdit] = {}
        for key, label in (("address", tr(CTX, "Address")),
                           ("phone", tr(CTX, "Phone")),
                           ("abbreviation", tr(CTX, "Abbreviation in document numbers")),
                           ("place", tr(CTX, "Place written before the date")),
                           ("parent_agency", tr(CTX, "Superior body"))):
            edit = QLineEdit()
            _row(form, label, edit)
            self.edits[key] = edit
        outer.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        outer.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        runner.run(lambda s: s.settings.org(), self._loaded,
                   lambda exc: self.message.setText(error_text(exc)))

    def _loaded(self, org: Any) -> None:
        self.first_responder.setChecked(bool(org.nrm_first_responder))
        # The National Referral Mechanism is the UK's: a Vietnamese unit is never asked.
        self.first_responder.setVisible(org.jurisdiction == "england")
        for key, edit in self.edits.items():
            edit.setText(str(getattr(org, key)))

    def save(self) -> None:
        values = {k: e.text() for k, e in self.edits.items()}
        responder = self.first_responder.isChecked()
        self.runner.run(
            lambda s: s.settings.set_org_details(
                nrm_first_responder=responder, address=values["address"],
                phone=values["phone"], abbreviation=values["abbreviation"],
                place=values["place"], parent_agency=values["parent_agency"]),
            lambda _r: self.accept(), lambda exc: self.message.setText(error_text(exc)))
