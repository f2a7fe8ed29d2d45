"""Issue 13 items 3 and 9 and the bundle message: revocations reach the lead and bundles from a
revoked device are refused; one-time secrets never come from argv; one foreign byte in a bundle
is named as such."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hubkit import BASE_URL, Hub
from test_desktop_sync import (  # noqa: F401
    PASS,
    make,
    org,
    record,
    run,
    sync,
    vault_args,
    write,
)

from desktop.sync import engine
from server import store


def export(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, field: Path,
           out: Path) -> None:
    code, _out, err = run(capsys, monkeypatch, "sync", "export-bundle", *vault_args(field),
                          "--out", str(out))
    assert code == 0, err


def people(folder: Path) -> int:
    return len(write(folder, lambda s: s.people.list()))


def test_a_revoked_device_is_shown_revoked_and_its_bundle_is_refused(
        org: tuple[Path, Path], hub: Hub, tmp_path: Path,  # noqa: F811
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    lead, field = org
    record(field, "Thị Hoa")
    sync(capsys, monkeypatch, field)  # pushed while the device was trusted
    record(field, "Thị Lan")
    bundle = tmp_path / "after.bundle"
    export(capsys, monkeypatch, field, bundle)
    field_id = write(field, lambda s: s.sync.require().device_id)
    org_id = write(lead, lambda s: s.sync.require().org_id)
    sync(capsys, monkeypatch, lead)
    assert (field_id, "field", "active") in write(lead, lambda s: s.sync.devices())
    assert store.revoke(hub.engine, org_id, field_id, hub.clock)
    # The next round brings the revocation to the lead; what the hub accepted before stays.
    sync(capsys, monkeypatch, lead)
    assert (field_id, "field", "revoked") in write(lead, lambda s: s.sync.devices())
    code, out, _err = run(capsys, monkeypatch, "org", "devices", *vault_args(lead), "--json")
    listed = {d["device_id"]: d["status"] for d in json.loads(out)}
    assert code == 0 and listed[field_id] == "revoked"
    assert people(lead) == 1
    code, _out, err = run(capsys, monkeypatch, "sync", "import-bundle", *vault_args(lead),
                          "--bundle", str(bundle), "--json")
    assert code == 2 and "revoked" in err
    assert people(lead) == 1
    assert write(lead, lambda s: s.sync.status().waiting) == 0  # nothing re-sent under its seal
    assert write(lead, lambda s: s.checks.run().ok)


def test_one_foreign_byte_in_a_bundle_is_named(
        org: tuple[Path, Path], tmp_path: Path,  # noqa: F811
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    lead, field = org
    record(field, "Thị Mai")
    bundle = tmp_path / "usb.bundle"
    export(capsys, monkeypatch, field, bundle)
    data = bytearray(bundle.read_bytes())
    third_line = data.index(b"\n", data.index(b"\n") + 1) + 1
    data[third_line + 20] = 0xE9  # "é" in Latin-1, inside the second envelope
    bundle.write_bytes(bytes(data))
    code, _out, err = run(capsys, monkeypatch, "sync", "import-bundle", *vault_args(lead),
                          "--bundle", str(bundle), "--json")
    assert code == 2
    assert "line 3" in err and "not ASCII" in err and "not a Waymark bundle" not in err
    assert people(lead) == 0


@pytest.mark.parametrize("flag", ["--token", "--code"])
def test_a_secret_on_the_command_line_is_refused_with_the_way_to_pass_it(
        hub: Hub, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, flag: str) -> None:
    monkeypatch.setattr(engine, "TRANSPORT", hub.transport)
    vault = tmp_path / "v"
    make(vault, "Văn phòng")
    _org, token = store.create_org(hub.engine, "Org", hub.clock)
    enrolment = tmp_path / "x.enrol"
    enrolment.write_bytes(b"whatever")
    argv = (["org", "connect", *vault_args(vault), "--hub", BASE_URL, "--token", token]
            if flag == "--token" else
            ["org", "join", *vault_args(vault), "--enrolment", str(enrolment), "--code",
             "AAAA-BBBB-CCCC-DDDD-EEEE"])
    code, _out, err = run(capsys, monkeypatch, *argv)
    assert code == 2
    assert f"{flag}-stdin" in err and f"{flag}-file" in err and "history" in err
    assert token not in err and "AAAA" not in err
    assert write(vault, lambda s: s.sync.config()) is None
    # The token is still unused: the same token from a file connects.
    if flag == "--token":
        secret = tmp_path / "token.txt"
        secret.write_text(token + "\n")
        code, out, err = run(capsys, monkeypatch, "org", "connect", *vault_args(vault),
                             "--hub", BASE_URL, "--token-file", str(secret))
        assert code == 0, err
        assert "(lead)" in out


def test_the_join_code_can_come_from_a_file(
        hub: Hub, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "TRANSPORT", hub.transport)
    lead, field = tmp_path / "lead", tmp_path / "field"
    make(lead, "A")
    make(field, "B")
    _org, token = store.create_org(hub.engine, "Org", hub.clock)
    assert run(capsys, monkeypatch, "org", "connect", *vault_args(lead), "--hub", BASE_URL,
               "--token-stdin", stdin=f"{PASS}\n{token}\n")[0] == 0
    enrolment = tmp_path / "f.enrol"
    code, out, _err = run(capsys, monkeypatch, "org", "enrol", *vault_args(lead), "--role",
                          "field", "--out", str(enrolment))
    secret = tmp_path / "code.txt"
    secret.write_text(out.strip().splitlines()[-1] + "\n")
    code, out, err = run(capsys, monkeypatch, "org", "join", *vault_args(field), "--enrolment",
                         str(enrolment), "--code-file", str(secret))
    assert code == 0, err
    code, _out, err = run(capsys, monkeypatch, "org", "join", *vault_args(field), "--enrolment",
                          str(enrolment), "--code-stdin", "--code-file", str(secret))
    assert code == 2 and "exactly one" in err
    assert json.loads(run(capsys, monkeypatch, "sync", *vault_args(field), "--json")[1])[
        # The field device's admin (its roster) and the keys of its admin and recovery slot.
        "pushed"] == 3


def test_a_bundle_whose_header_names_another_device_id_is_refused(
        org: tuple[Path, Path], tmp_path: Path,  # noqa: F811
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by the byte-flip campaign: one changed character in the header's device id, and
    # the invitation in the header made the lead trust the field device's key under a second,
    # invented device id.
    lead, field = org
    record(field, "Thị Mai")
    sync(capsys, monkeypatch, field)
    sync(capsys, monkeypatch, lead)  # the lead knows the field device from the hub
    bundle = tmp_path / "usb.bundle"
    export(capsys, monkeypatch, field, bundle)
    header, rest = bundle.read_bytes().split(b"\n", 1)
    fields = json.loads(header)
    fields["device"] = fields["device"][:-1] + ("0" if fields["device"][-1] != "0" else "1")
    bundle.write_bytes(json.dumps(fields, sort_keys=True).encode() + b"\n" + rest)
    code, _out, err = run(capsys, monkeypatch, "sync", "import-bundle", *vault_args(lead),
                          "--bundle", str(bundle), "--json")
    assert code == 2 and "belongs to another device" in err
    devices = write(lead, lambda s: s.sync.devices())
    assert fields["device"] not in {d for d, _r, _s in devices}
