"""Sync: the state in words, progress, "Sync now", joining an organisation, enrolling devices,
and bundle files for sites that never get a connection."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.app import membership
from desktop.app.errors import VaultError
from desktop.app.exports import write_private
from desktop.app.sync import SyncStatus
from desktop.app.sync_rounds import failure_code
from desktop.domain.roles import reads_everything
from desktop.ui import i18n, theme
from desktop.ui.buttons import ok_cancel
from desktop.ui.editors.review_dialog import ReviewDialog
from desktop.ui.i18n import tr, trn
from desktop.ui.messages.errors import error_text
from desktop.ui.messages.record_labels import local_time_text, relative_text
from desktop.ui.pages.sync_worker import RoundResult, SyncWorker
from desktop.ui.qt_words import file_dialog_options
from desktop.ui.shell.context import AppContext
from desktop.ui.tasks import RefreshOnChange, TaskRunner

CTX = "SyncPage"


def problem_words(code: str) -> str:
    return {
        "unreachable": tr(CTX, "The hub cannot be reached (no connection, or it is down). "
                               "Nothing is lost: Waymark tries again by itself."),
        "clock": tr(CTX, "This computer's clock is more than 5 minutes off the hub's. Correct "
                         "the date and time, then sync again."),
        "revoked": tr(CTX, "The hub no longer accepts this device (it was revoked). Ask your "
                           "safeguarding lead."),
        "refused": tr(CTX, "The hub refused the request. Ask your administrator."),
        "insecure": tr(CTX, "The hub's address starts with http:// and is not this computer: "
                            "records would travel without transport encryption. Ask your "
                            "administrator for its https:// address."),
        "vault": tr(CTX, "The vault was busy or locked; sync will try again."),
    }.get(code, tr(CTX, "Sync did not finish; it will try again."))


def quarantine_line(n: int) -> str:
    return trn(CTX, "%n records from other devices were kept aside and not applied: their "
                    "author is not a user of the device that sent them, their role does not "
                    "allow the change, or the record was sealed. The audit log lists them.", n)


def status_line(status: SyncStatus | None, running: bool) -> str:
    if status is None or not status.connected:
        return ""
    if running:
        return tr(CTX, "Syncing…")
    parts = [tr(CTX, "{n} waiting").format(n=status.waiting)]
    if status.last_success:
        moment = datetime.fromisoformat(status.last_success)
        parts.append(tr(CTX, "last synced {when}").format(
            when=relative_text(moment, datetime.now().astimezone())))
    else:
        parts.append(tr(CTX, "never synced"))
    line = tr(CTX, "Sync: {state}").format(state=", ".join(parts))
    if status.last_error:
        line += " — " + problem_words(status.last_error)
    return line


class JoinDialog(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr(CTX, "Join an organisation"))
        form = QFormLayout(self)
        self.intro = QLabel(tr(CTX, "Choose the enrolment file your lead gave you and type "
                                    "the code they told you separately."))
        self.intro.setWordWrap(True)
        form.addRow(self.intro)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setAccessibleName(tr(CTX, "Enrolment file"))
        self.browse = QPushButton(tr(CTX, "Choose…"))
        self.browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        self.path_label = QLabel(tr(CTX, "Enrolment file"))
        self.path_label.setBuddy(self.path)
        form.addRow(self.path_label, row)
        self.code = QLineEdit()
        self.code.setAccessibleName(tr(CTX, "One-time code"))
        self.code_label = QLabel(tr(CTX, "One-time code"))
        self.code_label.setBuddy(self.code)
        form.addRow(self.code_label, self.code)
        buttons = ok_cancel(self, tr(CTX, "Join"))
        form.addRow(buttons)

    def _browse(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, tr(CTX, "Enrolment file"),
                                               options=file_dialog_options())
        if path:
            self.path.setText(path)

    @classmethod
    def ask(cls, parent: QWidget | None) -> tuple[Path, str] | None:
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.path.text().strip():
            return None
        return Path(dialog.path.text().strip()), dialog.code.text().strip()


class ConnectDialog(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr(CTX, "Set up the organisation on a hub"))
        form = QFormLayout(self)
        intro = QLabel(tr(CTX, "On the lead's computer only, once: Waymark makes the "
                               "organisation's keys here and registers them with the hub. "
                               "Your administrator gives you the hub's address and a "
                               "one-time token."))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://")
        self.url.setAccessibleName(tr(CTX, "Hub address"))
        self.url_label = QLabel(tr(CTX, "Hub address"))
        self.url_label.setBuddy(self.url)
        form.addRow(self.url_label, self.url)
        self.token = QLineEdit()
        self.token.setAccessibleName(tr(CTX, "One-time token"))
        self.token_label = QLabel(tr(CTX, "One-time token"))
        self.token_label.setBuddy(self.token)
        form.addRow(self.token_label, self.token)
        buttons = ok_cancel(self, tr(CTX, "Connect"))
        form.addRow(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None) -> tuple[str, str] | None:
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        url, token = dialog.url.text().strip(), dialog.token.text().strip()
        return (url, token) if url and token else None


class SyncPage(QWidget):
    status_changed = Signal(str)
    review_opened = Signal(object)  # the ReviewDialog, once the versions are read

    def __init__(self, runner: TaskRunner, context: AppContext,
                 worker: SyncWorker | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        RefreshOnChange(self, runner, self.refresh, always=True)
        self.context = context
        self.worker = worker or SyncWorker(runner)
        self.status: SyncStatus | None = None
        self.cfg: Any = None
        self.worker.started.connect(self._round_started)
        self.worker.progress.connect(self._progress)
        self.worker.finished.connect(self._round_finished)
        col = QVBoxLayout(self)
        theme.page_layout(col)
        self.heading = QLabel()
        theme.heading(self.heading)
        col.addWidget(self.heading)
        self.state = QLabel()
        self.state.setWordWrap(True)
        col.addWidget(self.state)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.hide()
        col.addWidget(self.progress_bar)
        self.message = QLabel()
        self.message.setWordWrap(True)
        col.addWidget(self.message)
        row = QHBoxLayout()
        self.sync_button = QPushButton()
        self.sync_button.clicked.connect(self.sync_now)
        row.addWidget(self.sync_button)
        row.addStretch(1)
        col.addLayout(row)

        self.membership = QGroupBox()
        mcol = QVBoxLayout(self.membership)
        self.join_button = QPushButton()
        self.join_button.clicked.connect(self.join)
        self.connect_button = QPushButton()
        self.connect_button.clicked.connect(self.connect_hub)
        enrol_row = QHBoxLayout()
        self.role_label = QLabel()
        self.role = QComboBox()
        self.role.addItem("", "field")
        self.role.addItem("", "lead")
        self.role_label.setBuddy(self.role)
        self.enrol_button = QPushButton()
        self.enrol_button.clicked.connect(self.enrol_device)
        enrol_row.addWidget(self.role_label)
        enrol_row.addWidget(self.role)
        enrol_row.addWidget(self.enrol_button)
        enrol_row.addStretch(1)
        join_row = QHBoxLayout()
        join_row.addWidget(self.connect_button)
        join_row.addWidget(self.join_button)
        join_row.addStretch(1)
        mcol.addLayout(join_row)
        mcol.addLayout(enrol_row)
        self.code_shown = QLineEdit()
        self.code_shown.setReadOnly(True)
        self.code_shown.hide()
        mcol.addWidget(self.code_shown)
        col.addWidget(self.membership)

        self.review_box = QGroupBox()
        rcol = QVBoxLayout(self.review_box)
        self.review_list = QListWidget()
        self.review_list.itemActivated.connect(lambda _i: self.open_review())
        self.review_button = QPushButton()
        self.review_button.clicked.connect(self.open_review)
        rcol.addWidget(self.review_list)
        rcol.addWidget(self.review_button)
        col.addWidget(self.review_box)

        self.bundles = QGroupBox()
        brow = QHBoxLayout(self.bundles)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_bundle)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.import_bundle)
        brow.addWidget(self.export_button)
        brow.addWidget(self.import_button)
        brow.addStretch(1)
        col.addWidget(self.bundles)
        col.addStretch(1)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.heading.setText(tr(CTX, "Sync"))
        self.sync_button.setText(tr(CTX, "Sync now"))
        self.progress_bar.setAccessibleName(tr(CTX, "Sync progress"))
        self.membership.setTitle(tr(CTX, "Organisation and devices"))
        self.join_button.setText(tr(CTX, "Join an organisation with an enrolment file…"))
        self.connect_button.setText(tr(CTX, "Set up the organisation on a hub (lead)…"))
        self.role_label.setText(tr(CTX, "New device's role"))
        self.role.setItemText(0, tr(CTX, "Field device (sends records)"))
        self.role.setItemText(1, tr(CTX, "Lead device (sends and reads all records)"))
        self.enrol_button.setText(tr(CTX, "Enrol a device…"))
        self.code_shown.setAccessibleName(tr(CTX, "One-time code for the new device"))
        self.bundles.setTitle(tr(CTX, "Bundle files (USB stick)"))
        self.review_box.setTitle(tr(CTX, "Records to review (changed on two devices)"))
        self.review_list.setAccessibleName(tr(CTX, "Records to review"))
        self.review_button.setText(tr(CTX, "Compare the two versions…"))
        self.export_button.setText(tr(CTX, "Export a bundle…"))
        self.import_button.setText(tr(CTX, "Import a bundle…"))
        self._show_status()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    # --- state -----------------------------------------------------------------------------
    def refresh(self) -> None:
        lead = reads_everything(self.context.role)

        def job(s: Any) -> tuple[SyncStatus, Any, list[Any]]:
            return s.sync.status(), s.sync.config(), s.reviews.pending() if lead else []

        self.runner.run(job, self._loaded, lambda _e: None)

    def _loaded(self, result: tuple[SyncStatus, Any, list[Any]]) -> None:
        self.status, cfg, reviews = result
        self.review_list.clear()
        for item in reviews:
            entry = QListWidgetItem(item.person_name or item.record_id)
            entry.setData(Qt.ItemDataRole.UserRole, item)
            self.review_list.addItem(entry)
        self.review_box.setVisible(bool(reviews))
        self.cfg = cfg
        self._show_status()
        if self.status.connected:
            self.worker.start()  # background rounds only once there is a hub to talk to

    def _show_status(self) -> None:
        status = self.status
        manager = reads_everything(self.context.role)
        connected = bool(status and status.connected)
        cfg = self.cfg
        if not connected:
            self.state.setText(tr(CTX, "This vault is not connected to an organisation's hub. "
                                       "Records stay on this computer until it is."))
        else:
            assert status is not None
            lines = [tr(CTX, "Organisation: {org} ({role} device)").format(
                org=cfg.org_name or cfg.org_id if cfg else "",
                role=tr(CTX, "lead") if status.role == "lead" else tr(CTX, "field")),
                trn(CTX, "%n record changes waiting to be sent.", status.waiting)]
            if status.last_success:
                lines.append(tr(CTX, "Last synced {time}.").format(
                    time=local_time_text(status.last_success)))
            if status.last_error:
                lines.append(problem_words(status.last_error))
            if status.needs_review:
                lines.append(trn(CTX, "%n records need a lead's review (changed on two "
                                      "devices at once).", status.needs_review))
            if status.quarantined and manager:
                lines.append(quarantine_line(status.quarantined))
            self.state.setText("\n".join(lines))
        self.sync_button.setEnabled(connected and not self.worker.running)
        self.join_button.setVisible(not connected and manager)
        self.connect_button.setVisible(not connected and manager)
        lead = connected and status is not None and status.role == "lead"
        for w in (self.role_label, self.role, self.enrol_button):
            w.setVisible(lead and manager)
        self.membership.setVisible(manager)
        self.bundles.setVisible(connected)
        self.import_button.setVisible(lead)
        self.status_changed.emit(status_line(status, self.worker.running))

    # --- rounds ----------------------------------------------------------------------------
    def sync_now(self) -> None:
        self.message.setText("")
        self.worker.start()
        self.worker.sync_now()

    def _round_started(self) -> None:
        self.sync_button.setEnabled(False)
        self.progress_bar.show()
        self.progress_bar.setRange(0, 0)  # busy until the first figures arrive
        self.status_changed.emit(tr(CTX, "Syncing…"))

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(min(done, max(total, 1)))
        self.progress_bar.setFormat(tr(CTX, "Sending %v of %m") if stage == "push"
                                    else tr(CTX, "Receiving %v of %m"))

    def _round_finished(self, result: RoundResult) -> None:
        self.progress_bar.hide()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1 if result.ok else 0)
        if result.ok and result.report is not None:
            r = result.report
            self.message.setText(tr(CTX, "Sync finished: {pushed} sent, {pulled} received, "
                                         "{conflicts} to review.").format(
                pushed=r.pushed, pulled=r.pulled, conflicts=r.conflicts))
        else:
            self.message.setText(problem_words(result.error_code))
        self.refresh()

    # --- membership ------------------------------------------------------------------------
    def join(self) -> None:
        answer = JoinDialog.ask(self)
        if answer is None:
            return
        path, code = answer
        try:
            found = membership.open_enrolment(path.read_bytes(), code)
        except OSError:
            self.message.setText(tr(CTX, "The enrolment file could not be read."))
            return
        except membership.EnrolmentError:
            self.message.setText(tr(CTX, "The code does not open this enrolment file. Check "
                                         "it, or ask for a new file."))
            return
        runner = self.runner

        def registered(plan: membership.Join) -> None:
            runner.run(lambda s: membership.finish_join(s, plan),
                       lambda _r: self._joined(found.org_name), self._failed)

        def prepared(plan: membership.Join) -> None:
            runner.run_network(lambda: membership.register_join(plan), registered,
                               self._failed)

        runner.run(lambda s: membership.prepare_join(s, found), prepared, self._failed)

    def connect_hub(self) -> None:
        answer = ConnectDialog.ask(self)
        if answer is None:
            return
        url, token = answer
        runner = self.runner

        def registered(plan: membership.Connect) -> None:
            runner.run(lambda s: membership.finish_connect(s, plan),
                       lambda _r: self._joined(plan.org_name), self._failed)

        def prepared(plan: membership.Connect) -> None:
            runner.run_network(lambda: membership.register_connect(plan), registered,
                               self._failed)

        runner.run(lambda s: membership.prepare_connect(s, url, token), prepared, self._failed)

    def _joined(self, org: str) -> None:
        self.message.setText(tr(CTX, "Joined {org}.").format(org=org))
        self.refresh()
        self.sync_now()

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, VaultError):
            self.message.setText(error_text(exc))
        else:
            self.message.setText(problem_words(failure_code(exc)))

    def enrol_device(self) -> None:
        role = str(self.role.currentData())
        path, _f = QFileDialog.getSaveFileName(self, tr(CTX, "Save the enrolment file"),
                                               f"waymark-{role}.enrol",
                                               options=file_dialog_options())
        if not path:
            return
        target = Path(path)

        def done(result: tuple[bytes, str]) -> None:
            data, code = result
            try:
                write_private(target, data)
            except OSError:
                self.message.setText(tr(CTX, "The file could not be written there."))
                return
            self.code_shown.setText(code)
            self.code_shown.show()
            self.message.setText(tr(CTX, "Enrolment file saved. Give the new device this "
                                         "one-time code separately (say it or write it down), "
                                         "never with the file: {code}").format(code=code))

        self.runner.run(lambda s: s.sync.invite(role), done, self._failed)

    # --- reviews ---------------------------------------------------------------------------
    def open_review(self) -> None:
        item = self.review_list.currentItem() or self.review_list.item(0)
        if item is None:
            return
        review = item.data(Qt.ItemDataRole.UserRole)
        self.runner.run(lambda s: s.reviews.versions(review.record_id),
                        lambda versions: self._show_review(review, versions), self._failed)

    def _show_review(self, review: Any, versions: Any) -> None:
        self.review_dialog = ReviewDialog(self.runner, review.record_id, review.person_name,
                                          versions, self)
        self.review_dialog.open()
        self.review_opened.emit(self.review_dialog)

    # --- bundles ---------------------------------------------------------------------------
    def export_bundle(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, tr(CTX, "Save the bundle"),
                                               "waymark.bundle",
                                               options=file_dialog_options())
        if not path:
            return
        target = Path(path)

        def done(data: bytes) -> None:
            try:
                write_private(target, data)
            except OSError:
                self.message.setText(tr(CTX, "The file could not be written there."))
                return
            self.message.setText(trn(CTX, "Bundle saved: %n records. Take it to your lead; it "
                                          "is encrypted for your organisation.",
                                     len(data.splitlines()) - 1))

        self.runner.run(lambda s: s.sync.export_bundle(), done, self._failed)

    def import_bundle(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, tr(CTX, "Open a bundle"),
                                               options=file_dialog_options())
        if not path:
            return
        try:
            data = Path(path).read_bytes()
        except OSError:
            self.message.setText(tr(CTX, "The bundle could not be read."))
            return

        def done(result: Any) -> None:
            self.message.setText(tr(CTX, "Bundle imported: {applied} new, {duplicates} "
                                         "already here, {refused} refused.").format(
                applied=result.applied, duplicates=result.duplicates,
                refused=result.refused) + (
                "\n" + quarantine_line(result.quarantined) if result.quarantined else ""))

        self.runner.run(lambda s: s.sync.import_bundle(data), done, self._failed)

    def shutdown(self) -> None:
        self.worker.stop()
