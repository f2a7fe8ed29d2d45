"""`waymark-hub`: create-org prints the token last, revoke-device, and a real served hub."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hubkit import Backend, Hub

from desktop.domain.events import uuid7
from desktop.sync.hubclient import HubClient, Revoked
from server.__main__ import main as hub_main

ROOT = Path(__file__).resolve().parents[2]


def test_create_org_prints_token_on_last_line(backend: Backend,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert hub_main(["create-org", "--db", backend.url, "--name", "Nhà trẻ Hoa Sen"]) == 0
    token = capsys.readouterr().out.rstrip("\n").splitlines()[-1]
    hub = Hub(backend)
    try:
        reg = hub.client().register_org(token, X25519PrivateKey.generate().public_key(), uuid7(),
                                        Ed25519PrivateKey.generate())
        assert reg.org_id == token.split(".")[0]
    finally:
        hub.close()


def test_revoke_device_command(hub: Hub, capsys: pytest.CaptureFixture[str]) -> None:
    org = hub.new_org()
    field = org.join("field")
    args = ["revoke-device", "--db", hub.backend.url, "--org", org.org_id,
            "--device", field.device_id]
    assert hub_main(args) == 0
    assert capsys.readouterr().out.strip() == "revoked"
    with pytest.raises(Revoked):
        field.client.epoch()
    assert hub_main(["revoke-device", "--db", hub.backend.url, "--org", org.org_id,
                     "--device", uuid7()]) == 1


def test_missing_db_is_a_clear_error(capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WAYMARK_HUB_DB", raising=False)
    assert hub_main(["new-epoch"]) == 2
    assert "--db" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_runs_out_of_the_box_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    created = subprocess.run([sys.executable, "-m", "server", "create-org", "--db", url,
                              "--name", "Border post"], capture_output=True, text=True,
                             env=env, timeout=120, check=True)
    token = created.stdout.strip().splitlines()[-1]
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--db", url, "--host", "127.0.0.1",
         "--port", str(port)], stderr=subprocess.PIPE, text=True, env=env)
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert server.stderr is not None
        for line in server.stderr:
            lines.put(line)
        lines.put("")

    threading.Thread(target=read, daemon=True).start()
    try:
        while True:  # wait for uvicorn to say it is up (no sleeping, no polling)
            line = lines.get(timeout=60)
            assert line, "hub exited before it was up"
            if "Application startup complete" in line:
                break
        with HubClient(f"http://127.0.0.1:{port}") as client:
            reg = client.register_org(token, X25519PrivateKey.generate().public_key(), uuid7(),
                                      Ed25519PrivateKey.generate())
            assert client.epoch().epoch == reg.epoch
            assert client.pull(0, 10).envelopes == []
    finally:
        server.terminate()
        server.wait(timeout=30)
