"""The referral step (issue 11): what only the referrer knows is asked before the preview,
prefilled from the records, and what they confirm is on the printed pages and kept with the
`referral.made` event."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from records_fixtures import Records, sample_people, seal_sample_disclosure

from PySide6.QtWidgets import QFileDialog

from desktop.domain.concerns import Concern
from desktop.ui.editors.export_dialog import ExportDialog

try:
    from test_export_dialog import _choose
except ImportError:  # pragma: no cover - when tests/ is imported as a package
    from tests.gui.test_export_dialog import _choose


def _referrals(env: Records) -> list[dict[str, object]]:
    return [json.loads(p) for (p,) in env.call(lambda s: s.vault.read(
        "SELECT payload FROM events WHERE kind = 'referral.made' ORDER BY seq"))]


def test_a_referral_pack_prints_what_the_referrer_confirmed(
        qtbot, records: Records, tmp_path: Path, monkeypatch) -> None:
    ids = sample_people(records)
    seal_sample_disclosure(records, ids["hong"])
    dialog = ExportDialog(records.runner, records.context, ids["hong"], "Nguyễn Thị Hồng", True)
    qtbot.addWidget(dialog)
    dialog.show()
    _choose(dialog, "referral-pack")
    dialog.language.setCurrentIndex(dialog.language.findData("en"))

    dialog.preview()
    step = dialog.step
    qtbot.waitUntil(lambda: step.loaded)
    # Prefilled from the sealed disclosure: the person's own words.
    assert "He keeps my passport in his car." in step.texts["views"].toPlainText()
    assert dialog.pages_layout.count() == 0  # nothing is previewed before the step

    step.texts["reasons"].setPlainText("Hong says a man keeps her passport and she owes him.")
    step.texts["views"].setPlainText("Hong wants to stay at Oak House and not go back to him.")
    step.parents_know.setCurrentIndex(step.parents_know.findData(False))
    step.parents_consent.setCurrentIndex(step.parents_consent.findData(False))
    step.texts["why_not"].setPlainText("Telling her mother could put Hong at risk.")
    step.immediate_risk.setCurrentIndex(step.immediate_risk.findData(False))
    step.confirm_button.click()
    qtbot.waitUntil(lambda: dialog.pages_layout.count() > 0, timeout=60_000)
    assert _referrals(records) == []  # a preview is not a referral

    target = tmp_path / "pack.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "PDF (*.pdf)")))
    dialog.recipient.setText("MASH")
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        dialog.save()
    assert len(_referrals(records)) == 1

    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(target), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for words in ("Hong says a man keeps her passport and she owes him.",
                  "Hong wants to stay at Oak House and not go back to him.",
                  "Telling her mother could put Hong at risk."):
        assert words in flat
    # The MASH referral is in the pack, with consent ticked as confirmed ("No", not "Not known").
    assert "Referral to children's social care (MASH)" in flat
    assert "☒ No" in flat or "☒No" in flat

    made = _referrals(records)[0]
    details = made["details"]
    assert isinstance(details, dict)
    assert details["reasons"] == "Hong says a man keeps her passport and she owes him."
    assert details["views"] == "Hong wants to stay at Oak House and not go back to him."
    assert details["parents_know"] is False and details["parents_consent"] is False
    assert details["why_not"] == "Telling her mother could put Hong at risk."
    assert made["recipient"] == "MASH"

    # A reprint from the event prints the same words.
    again = records.call(lambda s: s.referrals.context(
        ids["hong"], "en", details=s.referrals.details_of(
            s.vault.read_one("SELECT record_id FROM events WHERE kind = 'referral.made'")[0])))
    assert again["referral"]["reasons"] == details["reasons"]
    assert again["household"]["parents_consent"] is False


def test_cancelling_the_step_prints_nothing(qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = ExportDialog(records.runner, records.context, ids["amy"], "Amy Clarke", True)
    qtbot.addWidget(dialog)
    dialog.show()
    _choose(dialog, "england-mash-referral")
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.step.loaded)
    dialog.step.cancel_button.click()
    assert dialog.details is None
    assert dialog.pages_layout.count() == 0


try:
    from test_export_dialog import _confirm_step
except ImportError:  # pragma: no cover - when tests/ is imported as a package
    from tests.gui.test_export_dialog import _confirm_step


def test_save_without_a_preview_asks_the_step_first(
        qtbot, records: Records, tmp_path: Path, monkeypatch) -> None:
    ids = sample_people(records)
    dialog = ExportDialog(records.runner, records.context, ids["amy"], "Amy Clarke", True)
    qtbot.addWidget(dialog)
    dialog.show()
    _choose(dialog, "england-mash-referral")
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    target = tmp_path / "mash.pdf"
    chosen: list[int] = []

    def choose(*_a: object, **_k: object) -> tuple[str, str]:
        chosen.append(1)
        return str(target), "PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    dialog.recipient.setText("MASH")
    dialog.save()
    # The step comes before the file is even chosen: nothing written, nothing recorded.
    step = dialog.step
    assert step is not None and step.isVisible()
    qtbot.waitUntil(lambda: step.loaded)
    assert chosen == [] and not target.exists() and _referrals(records) == []

    step.texts["reasons"].setPlainText("Amy was seen with older men at the station.")
    step.texts["impact"].setPlainText("Amy has stopped eating at school and looks exhausted.")
    step.texts["strengths"].setPlainText("Close to her grandmother; attends every day.")
    step.immediate_risk.setCurrentIndex(step.immediate_risk.findData(False))
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        step.confirm_button.click()
    assert chosen == [1]

    flat = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(target), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    for words in ("Amy was seen with older men at the station.",
                  "Amy has stopped eating at school and looks exhausted.",
                  "Close to her grandmother; attends every day."):
        assert words in flat
    made = _referrals(records)
    assert len(made) == 1
    details = made[0]["details"]
    assert isinstance(details, dict)
    assert details["impact"] == "Amy has stopped eating at school and looks exhausted."
    assert details["strengths"] == "Close to her grandmother; attends every day."
    assert details["immediate_risk"] is False

    # A second save in the same dialog prints what was confirmed without asking again.
    dialog.step = None
    second = tmp_path / "again.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(second), "PDF (*.pdf)")))
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        dialog.save()
    assert dialog.step is None
    assert _referrals(records)[1]["details"] == details


def test_print_without_a_preview_asks_the_step_first(
        qtbot, records: Records, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QDialog

    ids = sample_people(records)
    dialog = ExportDialog(records.runner, records.context, ids["amy"], "Amy Clarke", True)
    qtbot.addWidget(dialog)
    dialog.show()
    _choose(dialog, "england-mash-referral")
    out = tmp_path / "printed.pdf"
    asked: list[int] = []

    def accept(self: QPrintDialog) -> int:
        asked.append(1)
        self.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer().setOutputFileName(str(out))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    dialog.password.setText("tide pool")
    dialog.password_again.setText("tide pool")
    dialog.print_()
    assert asked == [] and dialog.step is not None  # the step before the print dialog
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        _confirm_step(qtbot, dialog)
    assert asked == [1] and out.exists()
    assert "immediate_risk" in _referrals(records)[0]["details"]


def _step_for(qtbot, records: Records, person_id: str, form_id: str):  # type: ignore[no-untyped-def]
    dialog = ExportDialog(records.runner, records.context, person_id, "Amy Clarke", True)
    qtbot.addWidget(dialog)
    dialog.show()
    _choose(dialog, form_id)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.preview()
    step = dialog.step
    assert step is not None
    qtbot.waitUntil(lambda: step.loaded, timeout=20000)
    return dialog, step


def test_a_mash_referral_cannot_be_confirmed_with_the_risk_question_not_answered(
        qtbot, records: Records) -> None:
    """As the CLI refuses it: a MASH triages on this answer, so "Not answered" is not one."""
    ids = sample_people(records)
    for form_id in ("england-mash-referral", "referral-pack"):
        dialog, step = _step_for(qtbot, records, ids["amy"], form_id)
        qtbot.waitUntil(lambda step=step: step.risk_needed.isVisibleTo(step))
        assert step.immediate_risk.currentData() is None
        assert not step.confirm_button.isEnabled()
        # Said to a screen reader too, not only in red.
        assert "Yes or No" in step.confirm_button.accessibleDescription()
        step.immediate_risk.setCurrentIndex(step.immediate_risk.findData(False))
        assert step.confirm_button.isEnabled() and not step.risk_needed.isVisibleTo(step)
        step.immediate_risk.setCurrentIndex(step.immediate_risk.findData(None))
        assert not step.confirm_button.isEnabled()
        step.cancel_button.click()
        assert dialog.pages_layout.count() == 0


def test_the_risk_answer_is_not_demanded_where_no_mash_reads_it_or_the_records_say_yes(
        qtbot, records: Records) -> None:
    ids = sample_people(records)
    adult = records.add_person(given_names="Lan", family_name="Phạm", estimated_age=30,
                               location_kind="placement")
    # A police summary, and an adult's pack (no MASH referral in it): "Not answered" may stand.
    for person_id, form_id in ((ids["amy"], "police-immediate-risk"), (adult, "referral-pack")):
        _dialog, step = _step_for(qtbot, records, person_id, form_id)
        qtbot.waitUntil(lambda step=step: step.confirm_button.isEnabled())
        assert step.immediate_risk.currentData() is None
        step.cancel_button.click()
    # A risk the records hold is prefilled "Yes": nothing more to answer.
    records.call(lambda s: s.concerns.record(Concern(
        person_id=ids["hong"], seen_or_heard="A man waits for her outside every evening.",
        occurred_at=datetime(2026, 11, 20, 14, 0, tzinfo=UTC), place="gate",
        categories=("cse",), immediate_risk=True, told=("dsl",))))
    _dialog, step = _step_for(qtbot, records, ids["hong"], "england-mash-referral")
    assert step.immediate_risk.currentData() is True and step.confirm_button.isEnabled()


def test_details_confirmed_for_another_form_are_asked_again_for_the_mash_referral(
        qtbot, records: Records, tmp_path: Path, monkeypatch) -> None:
    ids = sample_people(records)
    dialog, step = _step_for(qtbot, records, ids["amy"], "police-immediate-risk")
    step.confirm_button.click()  # confirmed with the risk question not answered
    qtbot.waitUntil(lambda: dialog.pages_layout.count() > 0, timeout=60_000)
    dialog.step = None
    _choose(dialog, "england-mash-referral")
    target = tmp_path / "mash.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "PDF (*.pdf)")))
    dialog.save()
    again = dialog.step
    assert again is not None and again.isVisible()
    assert not again.confirm_button.isEnabled() and not target.exists()
