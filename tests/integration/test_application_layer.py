"""The application layer without widgets (issue 15): the session, the export order and the
membership use case, as both faces call them."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from vaultkit import ADMIN_PASS, concern_for, hong

from desktop.app import exports, membership
from desktop.app.errors import AlreadyConnected, VaultError, WrongPassphrase
from desktop.app.session import Session, vault_exists
from desktop.domain.roles import Role


def _session(folder: Path) -> Session:
    session = Session()
    session.create(folder, org_name="Test Org", jurisdiction="england", language="en",
                   admin_username="admin", admin_display_name="Ada Admin",
                   passphrase=ADMIN_PASS)
    return session


def test_a_session_owns_the_vault_and_hands_out_who_is_signed_in(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    assert not vault_exists(folder)
    session = _session(folder)
    user = session.signed_in()
    assert (user.username, user.role, user.org_name) == ("admin", Role.ADMIN, "Test Org")
    with pytest.raises(AttributeError):
        user.role = Role.STAFF  # type: ignore[misc]  # frozen: nobody edits who is signed in
    session.close()
    session.close()  # twice is harmless
    with pytest.raises(VaultError):
        _ = session.services
    assert vault_exists(folder)
    with pytest.raises(WrongPassphrase):
        session.unlock(folder, "admin", "not the passphrase")
    assert session.services_or_none() is None
    assert session.unlock(folder, "admin", ADMIN_PASS).username == "admin"
    session.close()


def test_the_session_names_the_record_types_each_change_wrote(tmp_path: Path) -> None:
    session = _session(tmp_path / "v")
    s = session.services
    head, kinds = session.changes_since(None)
    assert kinds == frozenset()  # the first look only finds where the log is
    person_id = s.people.register(hong())
    head, kinds = session.changes_since(head)
    assert kinds == {"person"}
    s.concerns.record(concern_for(person_id))
    head, kinds = session.changes_since(head)
    assert {"concern", "task"} <= kinds
    assert session.changes_since(head) == (head, frozenset())  # a read changes nothing
    session.close()


def _audited(s: object) -> list[dict[str, str]]:
    return [json.loads(d) for (d,) in s.vault.read(  # type: ignore[attr-defined]
        "SELECT detail FROM audit WHERE action = 'export'")]


def test_an_export_is_on_the_record_before_any_byte_is_rendered(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    session = _session(tmp_path / "v")
    s = session.services
    person_id = s.people.register(hong())
    preview = s.exports.prepare(person_id, "england-mash-referral", "en", "MASH")
    assert _audited(s) == [] and preview.referral_id is None  # a preview is not an export
    prepared = s.exports.prepare(person_id, "england-mash-referral", "en", "MASH",
                                 how="saved", encrypted=True)
    assert [a["export_id"] for a in _audited(s)] == [prepared.export_id]
    assert prepared.referral_id is not None

    def broken(*_args: object, **_kwargs: object) -> bytes:
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(exports.forms, "render", broken)
    with pytest.raises(RuntimeError):
        exports.render(prepared, "a password")
    assert len(_audited(s)) == 1  # what was attempted stays on the record
    unencrypted = s.exports.prepare(person_id, "england-mash-referral", "en", how="saved")
    with pytest.raises(ValueError):  # audited as unencrypted: the record must say what left
        exports.render(unencrypted, "a password")
    session.close()


def test_connecting_twice_is_refused_before_the_hub_is_asked(tmp_path: Path) -> None:
    session = _session(tmp_path / "v")
    s = session.services
    plan = membership.prepare_connect(s, "https://hub.example", "token")
    assert plan.org_name == "Test Org" and plan.device_id == s.vault.device_id
    # Kept in the vault before the hub is asked: a second try uses the same keys.
    again = membership.prepare_connect(s, "https://hub.example", "token")
    assert again.org_public_key == plan.org_public_key
    with pytest.raises(ValueError):
        membership.finish_connect(s, plan)  # not registered yet
    with pytest.raises(membership.EnrolmentError):
        membership.open_enrolment(b"not an enrolment file", "CODE")
    session.close()


def test_a_connected_vault_is_not_connected_again(tmp_path: Path) -> None:
    session = _session(tmp_path / "v")
    s = session.services
    plan = membership.prepare_connect(s, "https://hub.example", "token")
    from desktop.sync.hubclient import Registration

    membership.finish_connect(s, replace(plan, registration=Registration(
        org_id=s.vault.device_id, device_id=s.vault.device_id, role="lead", epoch="e1")))
    with pytest.raises(AlreadyConnected):
        membership.prepare_connect(s, "https://hub.example", "token")
    session.close()
