"""The desktop side of sync (issue 6), through the exact CLI commands, against a real hub
in-process (SQLite and PostgreSQL): enrol, push, pull exactly once, bundles, restore."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hubkit import BASE_URL, Hub

from desktop.app.services import Services
from desktop.cli import main as cli
from desktop.domain.concerns import Concern
from desktop.domain.people import Person
from desktop.sync import engine
from desktop.vault.store import Vault
from server import db, store

PASS = "sync test passphrase"


def make(folder: Path, org: str) -> None:
    vault, _ = Vault.create(folder, org_name=org, jurisdiction="vietnam", language="vi",
                            admin_username="admin", admin_display_name="Admin",
                            passphrase=PASS)
    vault.close()


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str,
        stdin: str = PASS + "\n") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def vault_args(folder: Path) -> list[str]:
    return ["--vault", str(folder), "--user", "admin", "--passphrase-stdin"]


def write(folder: Path, job):  # type: ignore[no-untyped-def]
    vault = Vault.unlock(folder, "admin", PASS)
    try:
        return job(Services(vault))
    finally:
        vault.close()


@pytest.fixture
def org(hub: Hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> Iterator[tuple[Path, Path]]:
    """A lead vault connected to the hub and a field vault joined by enrolment."""
    monkeypatch.setattr(engine, "TRANSPORT", hub.transport)
    lead, field = tmp_path / "lead", tmp_path / "field"
    make(lead, "Văn phòng tỉnh")
    make(field, "Đồn Biên phòng")
    _org_id, token = store.create_org(hub.engine, "Tỉnh X", hub.clock)
    code, out, err = run(capsys, monkeypatch, "org", "connect", *vault_args(lead),
                         "--hub", BASE_URL, "--token-stdin", stdin=f"{PASS}\n{token}\n")
    assert code == 0, err
    enrolment = tmp_path / "field.enrol"
    code, out, err = run(capsys, monkeypatch, "org", "enrol", *vault_args(lead), "--role",
                         "field", "--out", str(enrolment))
    assert code == 0, err
    one_time = out.strip().splitlines()[-1]
    assert "PASS" not in enrolment.read_text() and "Tỉnh" not in enrolment.read_text()
    code, out, err = run(capsys, monkeypatch, "org", "join", *vault_args(field),
                         "--enrolment", str(enrolment), "--code-stdin",
                         stdin=f"{PASS}\n{one_time}\n")
    assert code == 0, err
    yield lead, field


def record(folder: Path, name: str) -> str:
    def job(s: Services) -> str:
        pid = s.people.register(Person(given_names=name, family_name="Nguyễn",
                                       date_of_birth=date(2009, 5, 1)))
        s.concerns.record(Concern(person_id=pid, seen_or_heard="Được đưa qua biên giới.",
                                  occurred_at=datetime(2026, 11, 20, 8, 0, tzinfo=UTC),
                                  categories=("trafficking",), told=("police",)))
        return pid
    return str(write(folder, job))


def sync(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
         folder: Path) -> dict[str, int]:
    code, out, err = run(capsys, monkeypatch, "sync", *vault_args(folder), "--json")
    assert code == 0, err
    return dict(json.loads(out))


def test_field_records_reach_the_lead_exactly_once(
        org: tuple[Path, Path], hub: Hub, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    lead, field = org
    person = record(field, "Thị Hoa")
    pushed = sync(capsys, monkeypatch, field)
    assert pushed["pushed"] >= 3 and pushed["pulled"] == 0  # person, concern, tasks
    assert hub.stored() == pushed["pushed"]
    pulled = sync(capsys, monkeypatch, lead)
    assert pulled["pulled"] == pushed["pushed"] and pulled["conflicts"] == 0
    assert sync(capsys, monkeypatch, field) == {"pushed": 0, "pulled": 0, "conflicts": 0,
                                                "quarantined": 0}
    assert sync(capsys, monkeypatch, lead) == {"pushed": 0, "pulled": 0, "conflicts": 0,
                                                "quarantined": 0}

    def look(s: Services) -> tuple[str, int, bool]:
        return (s.people.get(person).display_name,
                len(s.people.chronology(person)), s.checks.run().ok)

    name, entries, ok = write(lead, look)
    assert name == "Nguyễn Thị Hoa" and entries >= 3 and ok


def test_a_bundle_on_a_usb_stick_applies_once_and_the_hub_still_gets_each_event_once(
        org: tuple[Path, Path], hub: Hub, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    lead, field = org
    record(field, "Thị Mai")
    bundle = tmp_path / "usb.bundle"
    code, _out, err = run(capsys, monkeypatch, "sync", "export-bundle", *vault_args(field),
                          "--out", str(bundle))
    assert code == 0, err
    code, out, err = run(capsys, monkeypatch, "sync", "import-bundle", *vault_args(lead),
                         "--bundle", str(bundle), "--json")
    assert code == 0, err
    first = json.loads(out)
    assert first["pulled"] >= 3 and first["refused"] == 0
    code, out, _err = run(capsys, monkeypatch, "sync", "import-bundle", *vault_args(lead),
                          "--bundle", str(bundle), "--json")
    again = json.loads(out)
    assert again["pulled"] == 0 and again["duplicates"] == first["pulled"]
    # The lead passes the events on; the field device later finds the hub already has them.
    sync(capsys, monkeypatch, lead)
    sync(capsys, monkeypatch, field)
    assert sync(capsys, monkeypatch, field)["pushed"] == 0
    # And the lead's own user (its roster) with the announcements of its admin's and its
    # recovery slot's signing keys.
    assert hub.stored() == first["pulled"] + 3
    assert write(field, lambda s: s.sync.status().waiting) == 0


def test_a_hub_restored_from_an_older_backup_gets_every_event_back(
        org: tuple[Path, Path], hub: Hub, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    lead, field = org
    record(field, "Thị Lan")
    sync(capsys, monkeypatch, field)
    sync(capsys, monkeypatch, lead)
    before = hub.stored()
    hub.engine.dispose()  # a quiet database: the copy is consistent
    hub.backend.snapshot_fn()
    hub.reopen()
    record(field, "Thị Cúc")
    sync(capsys, monkeypatch, field)
    sync(capsys, monkeypatch, lead)
    after = hub.stored()
    assert after > before
    hub.engine.dispose()
    hub.backend.restore_fn()  # the operator restores last night's backup...
    hub.reopen()
    db.new_epoch(hub.engine)  # ...and marks the new epoch, as PROTOCOL.md says
    assert hub.stored() == before
    sync(capsys, monkeypatch, field)  # re-offers what the hub lacks
    report = sync(capsys, monkeypatch, lead)
    assert hub.stored() == after
    assert report["pulled"] == 0  # everything was already on the lead
    assert write(lead, lambda s: s.checks.run().ok)


def test_a_wrong_code_or_a_damaged_enrolment_file_is_refused_and_nothing_changes(
        hub: Hub, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "TRANSPORT", hub.transport)
    lead, field = tmp_path / "lead", tmp_path / "field"
    make(lead, "A")
    make(field, "B")
    _org, token = store.create_org(hub.engine, "Org", hub.clock)
    assert run(capsys, monkeypatch, "org", "connect", *vault_args(lead), "--hub", BASE_URL,
               "--token-stdin", stdin=f"{PASS}\n{token}\n")[0] == 0
    code, _o, err = run(capsys, monkeypatch, "org", "connect", *vault_args(field), "--hub",
                        BASE_URL, "--token-stdin", stdin=f"{PASS}\n{token}\n")
    assert code == 1 and "refused" in err  # a token works once
    enrolment = tmp_path / "f.enrol"
    run(capsys, monkeypatch, "org", "enrol", *vault_args(lead), "--role", "field", "--out",
        str(enrolment))
    code, _o, err = run(capsys, monkeypatch, "org", "join", *vault_args(field), "--enrolment",
                        str(enrolment), "--code-stdin",
                        stdin=f"{PASS}\nAAAA-BBBB-CCCC-DDDD-EEEE\n")
    assert code == 2 and "code does not open" in err
    enrolment.write_bytes(b"not an enrolment")
    code, _o, err = run(capsys, monkeypatch, "org", "join", *vault_args(field), "--enrolment",
                        str(enrolment), "--code-stdin",
                        stdin=f"{PASS}\nAAAA-BBBB-CCCC-DDDD-EEEE\n")
    assert code == 2 and "damaged" in err
    code, _o, err = run(capsys, monkeypatch, "sync", *vault_args(field), "--json")
    assert code == 2 and "not connected" in err


def test_org_connect_whose_answer_was_lost_succeeds_when_run_again(
        hub: Hub, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx

    class LoseFirstAnswer(httpx.BaseTransport):
        lost = False

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            response = hub.transport.handle_request(request)
            if request.url.path == "/v1/orgs/register" and not self.lost:
                self.lost = True  # the hub registered us; the answer never arrives
                raise httpx.ReadError("connection reset", request=request)
            return response

    monkeypatch.setattr(engine, "TRANSPORT", LoseFirstAnswer())
    lead = tmp_path / "lead"
    make(lead, "Văn phòng")
    _org, token = store.create_org(hub.engine, "Org", hub.clock)
    code, _out, err = run(capsys, monkeypatch, "org", "connect", *vault_args(lead),
                          "--hub", BASE_URL, "--token-stdin", stdin=f"{PASS}\n{token}\n")
    assert code == 1 and "cannot reach the hub" in err
    code, out, err = run(capsys, monkeypatch, "org", "connect", *vault_args(lead),
                         "--hub", BASE_URL, "--token-stdin", stdin=f"{PASS}\n{token}\n")
    assert code == 0, err
    assert "(lead)" in out
    record(lead, "Thị Vân")
    assert sync(capsys, monkeypatch, lead)["pushed"] >= 2


def test_the_lead_opens_none_of_its_own_envelopes_and_queues_each_new_record_once(
        org: tuple[Path, Path], hub: Hub, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.sync import sealing

    lead, field = org
    record(lead, "Văn An")
    record(field, "Thị Bình")
    sync(capsys, monkeypatch, field)
    opened: list[str] = []
    real_open = sealing.open_event

    def counting_open(data: bytes, *args: object, **kwargs: object) -> object:
        event = real_open(data, *args, **kwargs)  # type: ignore[arg-type]
        opened.append(event.device)
        return event

    monkeypatch.setattr(sealing, "open_event", counting_open)
    first = sync(capsys, monkeypatch, lead)  # pushes its own, then pulls everything back
    lead_device = write(lead, lambda s: s.sync.vault.device_id)
    assert first["pushed"] >= 3 and first["pulled"] >= 3
    assert opened and lead_device not in opened  # only the field device's envelopes
    # A record made after a round is queued by the next one, once.
    record(lead, "Văn Cường")
    again = sync(capsys, monkeypatch, lead)
    assert again["pushed"] >= 3
    assert sync(capsys, monkeypatch, lead)["pushed"] == 0
    assert write(lead, lambda s: s.sync.status().waiting) == 0
    outbox_rows = write(lead, lambda s: s.sync.vault.read_one(
        "SELECT count(*), count(DISTINCT event_id) FROM outbox"))
    assert outbox_rows[0] == outbox_rows[1] == hub.stored() - first["pulled"]
