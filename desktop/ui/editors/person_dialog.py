"""Register a person or edit their details. Autosaved as a draft while typing."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.app.drafts import Draft
from desktop.domain import people as people_rules
from desktop.domain.people import (
    DOCUMENT_STATES,
    LOCATION_KINDS,
    SEXES,
    Carer,
    IdentityDocument,
    Person,
)
from desktop.domain.provinces import VN_PROVINCES
from desktop.ui import i18n, shortcuts, theme
from desktop.ui.editors.date_field import DateField, to_date
from desktop.ui.editors.draft_keeper import DraftKeeper
from desktop.ui.editors.drafted_dialog import DraftedDialog
from desktop.ui.editors.person_details import PersonDetailsSection
from desktop.ui.i18n import tr
from desktop.ui.messages.errors import error_text, problem_text
from desktop.ui.messages.record_labels import document_state_label, location_kind_label, sex_label
from desktop.ui.screen_fit import fit_to_screen
from desktop.ui.shell.context import AppContext
from desktop.ui.tasks import TaskRunner

DRAFT_KIND = "person"
NEW_REF = "new"


def _split(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.replace(";", ",").split(",") if p.strip())


class DocumentRow(QWidget):
    changed = Signal()
    removed = Signal(object)

    def __init__(self, doc: IdentityDocument | None = None) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.kind = QLineEdit(doc.kind if doc else "")
        self.state_label = QLabel()
        self.state = QComboBox()
        for s in DOCUMENT_STATES:
            self.state.addItem("", s)
        self.state_label.setBuddy(self.state)
        self.state.setCurrentIndex(max(0, DOCUMENT_STATES.index(doc.state)
                                       if doc and doc.state in DOCUMENT_STATES else 3))
        self.remove = QPushButton()
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        row.addWidget(self.kind, 2)
        row.addWidget(self.state_label)
        row.addWidget(self.state, 2)
        row.addWidget(self.remove)
        self.kind.textChanged.connect(self.changed)
        self.state.currentIndexChanged.connect(self.changed)
        self.note = doc.note if doc else ""
        self.retranslate()

    def retranslate(self) -> None:
        self.kind.setPlaceholderText(tr("PersonDialog", "Document, e.g. passport"))
        self.kind.setAccessibleName(tr("PersonDialog", "Identity document"))
        self.state_label.setText(tr("PersonDialog", "Status"))
        for i, s in enumerate(DOCUMENT_STATES):
            self.state.setItemText(i, document_state_label(s))
        self.remove.setText(tr("PersonDialog", "Remove"))
        self.remove.setAccessibleName(tr("PersonDialog", "Remove this document"))

    def value(self) -> IdentityDocument | None:
        kind = self.kind.text().strip()
        if not kind:
            return None
        return IdentityDocument(kind, str(self.state.currentData()), self.note)


class CarerRow(QWidget):
    changed = Signal()
    removed = Signal(object)

    def __init__(self, carer: Carer | None = None) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.name = QLineEdit(carer.name if carer else "")
        self.relationship = QLineEdit(carer.relationship if carer else "")
        self.involved = QCheckBox()
        self.involved.setChecked(bool(carer and carer.may_be_involved))
        self.remove = QPushButton()
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        row.addWidget(self.name, 3)
        row.addWidget(self.relationship, 2)
        row.addWidget(self.involved)
        row.addWidget(self.remove)
        self.name.textChanged.connect(self.changed)
        self.relationship.textChanged.connect(self.changed)
        self.involved.toggled.connect(self.changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.name.setPlaceholderText(tr("PersonDialog", "Name"))
        self.name.setAccessibleName(tr("PersonDialog", "Parent or carer's name"))
        self.relationship.setPlaceholderText(tr("PersonDialog", "Relationship, e.g. mother"))
        self.relationship.setAccessibleName(tr("PersonDialog", "Relationship"))
        self.involved.setText(tr("PersonDialog", "May be involved"))
        self.involved.setToolTip(tr("PersonDialog", "This person may be involved in the harm: "
                                                    "do not tell them about the concern."))
        self.remove.setText(tr("PersonDialog", "Remove"))
        self.remove.setAccessibleName(tr("PersonDialog", "Remove this parent or carer"))

    def value(self) -> Carer | None:
        name = self.name.text().strip()
        if not name:
            return None
        return Carer(name, self.relationship.text().strip(), self.involved.isChecked())


class PersonDialog(DraftedDialog):
    person_saved = Signal(str)  # person id

    def __init__(self, runner: TaskRunner, context: AppContext,
                 person_id: str | None = None, person: Person | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.context = context
        self.person_id = person_id
        self.saved_id: str | None = None
        self._restoring = False
        self.doc_rows: list[DocumentRow] = []
        self.carer_rows: list[CarerRow] = []
        self._build()
        if person is not None:
            self.set_person(person)
        self._initial = self.content()
        self.keeper = DraftKeeper(runner, DRAFT_KIND, person_id or NEW_REF, self.content,
                                  self._unchanged, self)
        self._connect_changes()
        self.retranslate()
        self._tab_in_screen_order()
        self.name_fields[0].setFocus()
        ref = person_id or NEW_REF
        runner.run(lambda s: s.drafts.list(DRAFT_KIND, ref), self._on_drafts)

    # --- building --------------------------------------------------------------------------
    def _build(self) -> None:
        self.setMinimumSize(600, 520)
        fit_to_screen(self, QSize(760, 700))
        outer = QVBoxLayout(self)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(theme.panel_css("info"))
        self.banner.hide()
        outer.addWidget(self.banner)
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a frame: Tab goes to its fields
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        col = QVBoxLayout(body)
        col.setContentsMargins(0, 0, 8, 0)

        self.names_box = QGroupBox()
        names = QFormLayout(self.names_box)
        self.given = QLineEdit()
        self.family = QLineEdit()
        self.aliases = QLineEdit()
        self.given_label, self.family_label, self.aliases_label = QLabel(), QLabel(), QLabel()
        # Names in the order people say them, by the vault's jurisdiction (domain name_order):
        # given then family in England, họ tên đệm tên in Viet Nam. Tab follows the screen.
        order = people_rules.name_order(self.context.jurisdiction)
        self.name_fields = ([self.family, self.given] if order == people_rules.FAMILY_FIRST
                            else [self.given, self.family])
        labels = {self.family: self.family_label, self.given: self.given_label}
        for name_field in self.name_fields:
            names.addRow(labels[name_field], name_field)
        names.addRow(self.aliases_label, self.aliases)
        col.addWidget(self.names_box)

        self.age_box = QGroupBox()
        age = QVBoxLayout(self.age_box)
        self.age_group = QButtonGroup(self)
        self.dob_radio, self.est_radio, self.unknown_radio = (QRadioButton(), QRadioButton(),
                                                              QRadioButton())
        for r in (self.dob_radio, self.est_radio, self.unknown_radio):
            self.age_group.addButton(r)
        self.unknown_radio.setChecked(True)
        self.dob = DateField(QDate.currentDate().addYears(-14))
        self.dob.setMaximumDate(QDate.currentDate())
        self.estimated = QSpinBox()
        self.estimated.setRange(0, 120)
        self.estimated.setValue(15)
        dob_row = QHBoxLayout()
        dob_row.addWidget(self.dob_radio)
        dob_row.addWidget(self.dob)
        dob_row.addSpacing(16)
        dob_row.addWidget(self.est_radio)
        dob_row.addWidget(self.estimated)
        dob_row.addSpacing(16)
        dob_row.addWidget(self.unknown_radio)
        dob_row.addStretch(1)
        age.addLayout(dob_row)
        self.disputed = QCheckBox()
        self.disputed_note = QLabel()
        self.disputed_note.setWordWrap(True)
        self.disputed_note.setStyleSheet(theme.css("warning"))
        age.addWidget(self.disputed)
        age.addWidget(self.disputed_note)
        col.addWidget(self.age_box)

        self.about_box = QGroupBox()
        about = QFormLayout(self.about_box)
        self.sex = QComboBox()
        for s in SEXES:
            self.sex.addItem("", s)
        self.sex.setCurrentIndex(SEXES.index("unknown"))
        self.nationality = QLineEdit()
        self.languages = QLineEdit()
        self.interpreter = QCheckBox()
        self.sex_label, self.nationality_label, self.languages_label = QLabel(), QLabel(), QLabel()
        about.addRow(self.sex_label, self.sex)
        about.addRow(self.nationality_label, self.nationality)
        about.addRow(self.languages_label, self.languages)
        about.addRow("", self.interpreter)
        col.addWidget(self.about_box)

        self.where_box = QGroupBox()
        where = QFormLayout(self.where_box)
        self.location_kind = QComboBox()
        for k in LOCATION_KINDS:
            self.location_kind.addItem("", k)
        self.location_kind.setCurrentIndex(LOCATION_KINDS.index("other"))
        self.location = QLineEdit()
        self.location_kind_label, self.location_label = QLabel(), QLabel()
        where.addRow(self.location_kind_label, self.location_kind)
        where.addRow(self.location_label, self.location)
        # Where found or received, for the reports by area: Viet Nam's provinces from the
        # list; an English local authority typed (domain/provinces.py).
        self.province = QComboBox()
        self.province.addItem("", "")
        if self.context.jurisdiction == "vietnam":
            for code, name in VN_PROVINCES:
                self.province.addItem(name, code)
        else:
            self.province.setEditable(True)
        self.province_label = QLabel()
        where.addRow(self.province_label, self.province)
        col.addWidget(self.where_box)

        self.docs_box = QGroupBox()
        self.docs_layout = QVBoxLayout(self.docs_box)
        self.add_doc = QPushButton()
        self.add_doc.clicked.connect(lambda: self._add_doc(None, focus=True))
        self.docs_layout.addWidget(self.add_doc, 0, Qt.AlignmentFlag.AlignLeft)
        col.addWidget(self.docs_box)

        self.carers_box = QGroupBox()
        self.carers_layout = QVBoxLayout(self.carers_box)
        self.carers_note = QLabel()
        self.carers_note.setWordWrap(True)
        self.carers_note.setStyleSheet(theme.css("muted"))
        self.carers_layout.addWidget(self.carers_note)
        self.add_carer = QPushButton()
        self.add_carer.clicked.connect(lambda: self._add_carer(None, focus=True))
        self.carers_layout.addWidget(self.add_carer, 0, Qt.AlignmentFlag.AlignLeft)
        col.addWidget(self.carers_box)

        self.notes_label = QLabel()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(90)
        self.notes_label.setBuddy(self.notes)
        col.addWidget(self.notes_label)
        col.addWidget(self.notes)
        self.details = PersonDetailsSection(self.context.jurisdiction)
        col.addWidget(self.details)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.error = self.error_label()
        outer.addWidget(self.error)
        buttons = QHBoxLayout()
        self.status = self.status_label()
        self.discard_button = QPushButton()
        self.discard_button.clicked.connect(self.discard_changes)
        self.discard_button.setAutoDefault(False)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        self.close_button.setAutoDefault(False)
        self.save_button = QPushButton()
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        self.save_shortcut = QShortcut(shortcuts.key("save_standard"), self)
        self.save_shortcut.activated.connect(self.save)
        for label, field in ((self.given_label, self.given), (self.family_label, self.family),
                             (self.aliases_label, self.aliases), (self.sex_label, self.sex),
                             (self.nationality_label, self.nationality),
                             (self.languages_label, self.languages),
                             (self.location_kind_label, self.location_kind),
                             (self.location_label, self.location),
                             (self.province_label, self.province)):
            label.setBuddy(field)

    def _tab_in_screen_order(self) -> None:
        """The names were made given-first; Tab must follow the rows as laid out."""
        chain = [*self.name_fields, self.aliases, self.dob_radio, self.dob]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _connect_changes(self) -> None:
        for line in (self.given, self.family, self.aliases, self.nationality, self.languages,
                     self.location):
            line.textChanged.connect(self._changed)
        self.notes.textChanged.connect(self._changed)
        self.details.changed.connect(self._changed)
        for box in (self.disputed, self.interpreter, self.dob_radio, self.est_radio,
                    self.unknown_radio):
            box.toggled.connect(self._changed)
        self.dob.dateChanged.connect(lambda _d: self._pick_age(self.dob_radio))
        # Typing, even a date not yet complete or not a date, says the date is what is known:
        # the save then checks it rather than ignoring it.
        self.dob.edit.textEdited.connect(lambda _t: self._pick_age(self.dob_radio))
        self.estimated.valueChanged.connect(lambda _v: self._pick_age(self.est_radio))
        self.sex.currentIndexChanged.connect(self._changed)
        self.location_kind.currentIndexChanged.connect(self._changed)
        self.province.currentTextChanged.connect(self._changed)

    def retranslate(self) -> None:
        editing = self.person_id is not None
        self.setWindowTitle(tr("PersonDialog", "Edit details") if editing
                            else tr("PersonDialog", "New person"))
        self.names_box.setTitle(tr("PersonDialog", "Names"))
        self.family_label.setText(tr("PersonDialog", "Family name"))
        self.given_label.setText(tr("PersonDialog", "Given names"))
        self.aliases_label.setText(tr("PersonDialog", "Also known as"))
        self.aliases.setPlaceholderText(tr("PersonDialog", "Other names or nicknames, separated "
                                                           "by commas"))
        self.age_box.setTitle(tr("PersonDialog", "Age"))
        self.dob_radio.setText(tr("PersonDialog", "Date of birth"))
        self.dob.setAccessibleName(tr("PersonDialog", "Date of birth"))
        self.est_radio.setText(tr("PersonDialog", "Estimated age"))
        self.estimated.setAccessibleName(tr("PersonDialog", "Estimated age in years"))
        self.unknown_radio.setText(tr("PersonDialog", "Not known"))
        self.disputed.setText(tr("PersonDialog", "Age disputed"))
        self.disputed_note.setText(tr("PersonDialog", "Someone whose age is disputed is treated "
                                                      "as a child until it is resolved."))
        self.about_box.setTitle(tr("PersonDialog", "About the person"))
        self.sex_label.setText(tr("PersonDialog", "Sex"))
        for i, s in enumerate(SEXES):
            self.sex.setItemText(i, sex_label(s))
        self.nationality_label.setText(tr("PersonDialog", "Nationality"))
        self.languages_label.setText(tr("PersonDialog", "Languages"))
        self.languages.setPlaceholderText(tr("PersonDialog", "Separated by commas"))
        self.interpreter.setText(tr("PersonDialog", "Needs an interpreter"))
        self.where_box.setTitle(tr("PersonDialog", "Where they are now"))
        self.location_kind_label.setText(tr("PersonDialog", "Kind of place"))
        for i, k in enumerate(LOCATION_KINDS):
            self.location_kind.setItemText(i, location_kind_label(k))
        self.location_label.setText(tr("PersonDialog", "Place"))
        self.location.setPlaceholderText(tr("PersonDialog", "Name of the home, school or "
                                                            "border post"))
        self.province_label.setText(tr("PersonDialog", "Province where found or received")
                                    if self.context.jurisdiction == "vietnam" else
                                    tr("PersonDialog", "Local authority where found or received"))
        self.docs_box.setTitle(tr("PersonDialog", "Identity documents"))
        self.add_doc.setText(tr("PersonDialog", "Add a document"))
        self.carers_box.setTitle(tr("PersonDialog", "Parents and carers"))
        self.carers_note.setText(tr("PersonDialog", "Tick 'May be involved' if this person may "
                                                    "be part of the harm: they must not be told "
                                                    "about the concern."))
        self.add_carer.setText(tr("PersonDialog", "Add a parent or carer"))
        self.notes_label.setText(tr("PersonDialog", "Notes"))
        self.discard_button.setText(tr("PersonDialog", "Discard changes"))
        self.close_button.setText(tr("PersonDialog", "Close and keep draft"))
        self.save_button.setText(tr("PersonDialog", "Save details"))
        for doc_row in self.doc_rows:
            doc_row.retranslate()
        for carer_row in self.carer_rows:
            carer_row.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    # --- rows ------------------------------------------------------------------------------
    def _add_doc(self, doc: IdentityDocument | None, focus: bool = False) -> DocumentRow:
        row = DocumentRow(doc)
        row.changed.connect(self._changed)
        row.removed.connect(self._remove_doc)
        self.doc_rows.append(row)
        self.docs_layout.insertWidget(self.docs_layout.count() - 1, row)
        if focus:
            row.kind.setFocus()
        self._changed()
        return row

    def _remove_doc(self, row: DocumentRow) -> None:
        self.doc_rows.remove(row)
        row.deleteLater()
        self._changed()

    def _add_carer(self, carer: Carer | None, focus: bool = False) -> CarerRow:
        row = CarerRow(carer)
        row.changed.connect(self._changed)
        row.removed.connect(self._remove_carer)
        self.carer_rows.append(row)
        self.carers_layout.insertWidget(self.carers_layout.count() - 1, row)
        if focus:
            row.name.setFocus()
        self._changed()
        return row

    def _remove_carer(self, row: CarerRow) -> None:
        self.carer_rows.remove(row)
        row.deleteLater()
        self._changed()

    # --- values ----------------------------------------------------------------------------
    def person(self) -> Person:
        dob: date | None = None
        est: int | None = None
        if self.dob_radio.isChecked():
            dob = to_date(self.dob.date())
        elif self.est_radio.isChecked():
            est = self.estimated.value()
        docs = tuple(d for d in (r.value() for r in self.doc_rows) if d is not None)
        carers = tuple(c for c in (r.value() for r in self.carer_rows) if c is not None)
        return Person(
            given_names=self.given.text().strip(),
            family_name=self.family.text().strip(),
            aliases=_split(self.aliases.text()),
            date_of_birth=dob,
            estimated_age=est,
            age_disputed=self.disputed.isChecked(),
            sex=str(self.sex.currentData()),
            nationality=self.nationality.text().strip(),
            languages=_split(self.languages.text()),
            interpreter_needed=self.interpreter.isChecked(),
            location_kind=str(self.location_kind.currentData()),
            location=self.location.text().strip(),
            province=(self.province.currentText().strip() if self.province.isEditable()
                      else str(self.province.currentData() or "")),
            documents=docs,
            carers=carers,
            notes=self.notes.toPlainText().strip(),
        ).with_details(self.details.values())

    def content(self) -> dict[str, Any]:
        return self.person().to_json()

    def _unchanged(self, content: dict[str, Any]) -> bool:
        return content == self._initial

    def set_person(self, person: Person) -> None:
        self._restoring = True
        try:
            self.given.setText(person.given_names)
            self.family.setText(person.family_name)
            self.aliases.setText(", ".join(person.aliases))
            if person.date_of_birth:
                self.dob_radio.setChecked(True)
                self.dob.setDate(QDate(person.date_of_birth.year, person.date_of_birth.month,
                                       person.date_of_birth.day))
            elif person.estimated_age is not None:
                self.est_radio.setChecked(True)
                self.estimated.setValue(person.estimated_age)
            else:
                self.unknown_radio.setChecked(True)
            self.disputed.setChecked(person.age_disputed)
            self.sex.setCurrentIndex(max(0, self.sex.findData(person.sex)))
            self.nationality.setText(person.nationality)
            self.languages.setText(", ".join(person.languages))
            self.interpreter.setChecked(person.interpreter_needed)
            self.location_kind.setCurrentIndex(max(0, self.location_kind.findData(
                person.location_kind)))
            self.location.setText(person.location)
            if self.province.isEditable():
                self.province.setEditText(person.province)
            else:
                self.province.setCurrentIndex(max(0, self.province.findData(person.province)))
            for doc_row in list(self.doc_rows):
                self._remove_doc(doc_row)
            for carer_row in list(self.carer_rows):
                self._remove_carer(carer_row)
            for doc in person.documents:
                self._add_doc(doc)
            for carer in person.carers:
                self._add_carer(carer)
            self.notes.setPlainText(person.notes)
            self.details.load(person)
        finally:
            self._restoring = False

    def _on_drafts(self, drafts: list[Draft]) -> None:
        if not drafts or self.saved_id is not None or self.content() != self._initial:
            return
        draft = drafts[0]
        self.set_person(Person.from_json(draft.content))
        self.keeper.adopt(draft)
        self.banner.setText(tr("PersonDialog", "Your unsaved changes are back. Save them, or "
                                               "press 'Discard changes'."))
        self.banner.show()

    def _pick_age(self, radio: QRadioButton) -> None:
        """Typing a date of birth or an age means that is what is known."""
        if not self._restoring:
            radio.setChecked(True)
        self._changed()

    def _changed(self) -> None:
        if self._restoring or not hasattr(self, "keeper"):
            return
        self.error.hide()
        self.keeper.changed()

    def is_saved(self) -> bool:
        return self.saved_id is not None

    def discard_changes(self) -> None:
        self.keeper.discard()
        self.saved_id = ""  # nothing more to keep
        super().reject()

    def save(self) -> None:
        if self.saved_id is not None or not self.save_button.isEnabled():
            return
        if self.dob_radio.isChecked() and not self.dob.is_valid():
            # Never a guessed date of birth: it goes on referral forms.
            self.error.setText(self.dob.problem())
            self.error.show()
            self.dob.setFocus()
            return
        person = self.person()
        problems = people_rules.validate(person)
        if problems:
            self.error.setText(" ".join(problem_text(p) for p in problems))
            self.error.show()
            return
        self.keeper.save_now()
        self.keeper.finish()
        draft_id = self.keeper.draft_id if self.keeper.stored else None
        person_id = self.person_id
        self.save_button.setEnabled(False)

        def job(s: Any) -> str:
            if person_id is None:
                new_id: str = s.people.register(person)
            else:
                s.people.update(person_id, person)
                new_id = person_id
            if draft_id:
                s.drafts.discard(draft_id)
            return new_id

        self.runner.run(job, self._on_saved, self._on_failed)
        self.context.record_activity()

    def _on_saved(self, person_id: str) -> None:
        self.saved_id = person_id
        self.person_saved.emit(person_id)
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        self.keeper.resume()
        self.error.setText(error_text(exc))
        self.error.show()

