"""The Sync page (issue 6): status in words, a round from the page, progress, errors in words,
and the status bar line; the interface thread never waits for the network."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from hubkit import BASE_URL, Hub

from PySide6.QtWidgets import QApplication

from desktop.app.session import SignedIn
from desktop.app.sync import org_keys
from desktop.domain.people import Person
from desktop.domain.roles import Role
from desktop.sync import engine
from desktop.sync.engine import new_device_key, open_client
from desktop.ui.pages.sync_page import SyncPage
from desktop.ui.shell.context import AppContext
from desktop.ui.tasks import TaskRunner
from server import store

PASS = "sync page passphrase"


@pytest.fixture
def lead(hub: Hub, tmp_path: Path, qapp: object,
         monkeypatch: pytest.MonkeyPatch) -> Iterator[TaskRunner]:
    monkeypatch.setattr(engine, "TRANSPORT", hub.transport)
    runner = TaskRunner()

    runner.submit(lambda: runner.session.create(
        tmp_path / "v", org_name="Trạm", jurisdiction="vietnam", language="vi",
        admin_username="lead", admin_display_name="Lead", passphrase=PASS)).result(60)
    _org, token = store.create_org(hub.engine, "Org", hub.clock)
    _key, private, public = org_keys()
    device_key = new_device_key()
    device_id = runner.call(lambda s: s.vault.device_id)
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    with open_client(BASE_URL) as client:
        reg = client.register_org(token, X25519PublicKey.from_public_bytes(public), device_id,
                                  device_key)
    runner.call(lambda s: s.sync.connect(
        hub_url=BASE_URL, org_name="Org", org_id=reg.org_id, role="lead", epoch=reg.epoch,
        device_key=device_key, org_public_key=public, org_private_key=private))
    yield runner
    runner.close_session()
    runner.shutdown()


def _page(qtbot, runner: TaskRunner, stop: bool = True) -> SyncPage:  # type: ignore[no-untyped-def]
    context = AppContext(vault_dir=Path("."), user=SignedIn(
        username="lead", display_name="Lead", role=Role.ADMIN, jurisdiction="vietnam",
        org_name="Trạm", language="en"))
    page = SyncPage(runner, context)
    if stop:
        page.worker.stop()  # rounds are run by the test, on its own terms
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.status is not None)
    return page


def test_a_round_from_the_page_sends_everything_and_says_so(qtbot, lead: TaskRunner,
                                                            hub: Hub) -> None:
    for name in ("Hồng", "Lan", "Mai"):
        lead.call(lambda s, n=name: s.people.register(Person(given_names=n,  # type: ignore[misc]
                                                             family_name="Nguyễn",
                                                             date_of_birth=date(2010, 1, 1))))
    page = _page(qtbot, lead)
    lines: list[str] = []
    page.status_changed.connect(lines.append)
    page.refresh()
    # Three people and the vault's admin (users travel so the leads know who wrote what),
    # with the announcements of the admin's and the recovery slot's signing keys.
    qtbot.waitUntil(lambda: page.status is not None and page.status.waiting == 6)
    assert "6 record changes waiting" in page.state.text()
    seen: list[tuple[str, int, int]] = []
    page.worker.progress.connect(lambda stage, d, t: seen.append((stage, d, t)))
    result = page.worker.run_round()
    assert result is not None and result.ok and result.report is not None
    assert result.report.pushed == 6 and hub.stored() == 6
    qtbot.waitUntil(lambda: "6 sent" in page.message.text())
    qtbot.waitUntil(lambda: page.status is not None and page.status.waiting == 0)
    assert seen and seen[0][0] == "push"
    assert any(line.startswith("Sync: 0 waiting, last synced") for line in lines)


def test_an_unreachable_hub_is_said_in_words_and_nothing_is_lost(
        qtbot, lead: TaskRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    lead.call(lambda s: s.people.register(Person(given_names="Đức", family_name="Trần")))

    class Down(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            raise httpx.ConnectError("no route", request=request)

    monkeypatch.setattr(engine, "TRANSPORT", Down())
    page = _page(qtbot, lead)
    result = page.worker.run_round()
    assert result is not None and not result.ok and result.error_code == "unreachable"
    assert result.retry_in > 0
    qtbot.waitUntil(lambda: "cannot be reached" in page.message.text())
    qtbot.waitUntil(lambda: page.status is not None and page.status.last_error == "unreachable")
    assert page.status.waiting == 4  # the person, the vault's admin and two signing keys


def test_the_interface_keeps_answering_while_a_round_waits_on_the_network(
        qtbot, lead: TaskRunner, monkeypatch: pytest.MonkeyPatch, hub: Hub) -> None:
    import threading

    gate = threading.Event()
    inner = hub.transport

    class Slow(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            gate.wait(30)  # held until the test has seen the GUI respond
            return inner.handle_request(request)

    monkeypatch.setattr(engine, "TRANSPORT", Slow())
    page = _page(qtbot, lead, stop=False)
    page.sync_now()
    qtbot.waitUntil(lambda: page.worker.running)
    started = time.monotonic()
    QApplication.processEvents()  # the GUI thread is free while the round waits
    page.refresh()
    qtbot.waitUntil(lambda: page.status is not None)
    assert time.monotonic() - started < 5
    gate.set()
    qtbot.waitUntil(lambda: not page.worker.running, timeout=30000)
    page.worker.stop()


def _lead_and_field(qtbot, hub: Hub, tmp_path: Path,  # type: ignore[no-untyped-def]
                    monkeypatch: pytest.MonkeyPatch) -> tuple[list[SyncPage], list[TaskRunner]]:
    """A lead sets the organisation up from its Sync page and enrols a field device, which
    joins from its own page with the file and the code."""
    from desktop.ui.pages.sync_page import ConnectDialog, JoinDialog

    monkeypatch.setattr(engine, "TRANSPORT", hub.transport)
    runners = []
    pages = []
    for name in ("lead", "field"):
        runner = TaskRunner()
        folder = tmp_path / name

        def create(folder: Path = folder, runner: TaskRunner = runner) -> object:
            return runner.session.create(folder, org_name="Trạm", jurisdiction="vietnam",
                                         language="vi", admin_username="lead",
                                         admin_display_name="Lead", passphrase=PASS)

        runner.submit(create).result(60)
        runners.append(runner)
        pages.append(_page(qtbot, runner))
    lead_page, field_page = pages
    assert lead_page.connect_button.isVisibleTo(lead_page)
    _org, token = store.create_org(hub.engine, "Org", hub.clock)
    monkeypatch.setattr(ConnectDialog, "ask", classmethod(lambda cls, p: (BASE_URL, token)))
    lead_page.connect_button.click()
    qtbot.waitUntil(lambda: lead_page.status is not None and lead_page.status.connected,
                    timeout=15000)
    assert lead_page.status.role == "lead"
    lead_page.worker.stop()
    # The lead enrols a field device from the page; the field device joins with file + code.
    target = tmp_path / "field.enrol"
    monkeypatch.setattr("desktop.ui.pages.sync_page.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    lead_page.enrol_button.click()
    qtbot.waitUntil(lambda: lead_page.code_shown.isVisibleTo(lead_page))
    code = lead_page.code_shown.text()
    monkeypatch.setattr(JoinDialog, "ask", classmethod(lambda cls, p: (target, code)))
    field_page.join_button.click()
    qtbot.waitUntil(lambda: field_page.status is not None and field_page.status.connected,
                    timeout=15000)
    field_page.worker.stop()
    assert field_page.status.role == "field"
    return pages, runners


def _close(pages: list[SyncPage], runners: list[TaskRunner]) -> None:
    for page, runner in zip(pages, runners, strict=True):
        page.shutdown()
        runner.close_session()
        runner.shutdown()


def test_a_lead_sets_up_the_organisation_from_the_page_and_a_field_device_joins(
        qtbot, hub: Hub, tmp_path: Path, qapp: object, monkeypatch: pytest.MonkeyPatch) -> None:
    pages, runners = _lead_and_field(qtbot, hub, tmp_path, monkeypatch)
    assert [p.status.role for p in pages if p.status] == ["lead", "field"]
    _close(pages, runners)


def test_a_page_on_screen_shows_records_a_sync_round_pulled(
        qtbot, hub: Hub, tmp_path: Path, qapp: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15: a lead looking at People sees a person registered on a field device as soon
    as a background round pulls it, without switching sections."""
    from desktop.ui.pages.people_page import PeoplePage

    pages, runners = _lead_and_field(qtbot, hub, tmp_path, monkeypatch)
    (lead_page, field_page), (lead, field) = pages, runners
    field.call(lambda s: s.people.register(Person(given_names="Thị Mai", family_name="Lò",
                                                  sex="female", estimated_age=16)))
    assert field_page.worker.run_round().ok  # the field device pushes
    people = PeoplePage(lead, AppContext(vault_dir=tmp_path / "lead",
                                         user=lead.session.signed_in()))
    qtbot.addWidget(people)
    people.show()
    qtbot.waitUntil(lambda: lead.pending == 0)
    names = lambda: [people.people_model.data(people.people_model.index(r, 0))  # noqa: E731
                     for r in range(people.people_model.rowCount())]
    assert not any("Mai" in str(n) for n in names())
    done: list[object] = []
    lead.run_network(lead_page.worker.run_round, done.append)  # as the background worker does
    qtbot.waitUntil(lambda: bool(done), timeout=30000)
    qtbot.waitUntil(lambda: any("Mai" in str(n) for n in names()), timeout=10000)
    people.close()
    _close(pages, runners)


def test_a_lead_sees_a_line_about_records_kept_aside(qtbot, lead: TaskRunner) -> None:
    from desktop.app import sync_trust as trust
    from desktop.domain import events as ev

    page = _page(qtbot, lead)
    page.refresh()
    qtbot.waitUntil(lambda: page.status is not None and page.status.connected)
    assert "kept aside" not in page.state.text()
    forged = ev.new_event(record_id=ev.uuid7(), kind=ev.NOTE_ADDED, author="mallory",
                          device=ev.uuid7(), parent_hash=None, payload={"text": "x"}).sealed()

    def keep_aside(s: Any) -> None:
        with s.sync.vault.transaction() as conn:
            trust.quarantine(s.sync.vault, conn, forged, forged.device, trust.NOT_ON_ROSTER,
                             "hub", b"{}")

    lead.call(keep_aside)
    page.refresh()
    qtbot.waitUntil(lambda: "1 record from another device was kept aside" in page.state.text())
