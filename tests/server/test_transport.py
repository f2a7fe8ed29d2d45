"""Issue 13 item 10 (transport): the hub serves TLS itself given --cert/--key, and the client
refuses plain http:// except to this computer or when explicitly allowed (with a warning)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import queue
import socket
import ssl
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desktop.sync.hubclient import HubClient, InsecureHttpWarning, InsecureHub

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("url", ["http://hub.example", "http://192.168.1.10:8443",
                                 "http://localhost.example.com", "ftp://hub.example",
                                 "hub.example"])
def test_plain_http_to_another_computer_is_refused(url: str) -> None:
    with pytest.raises(InsecureHub) as refused:
        HubClient(url)
    assert "https://" in str(refused.value)


@pytest.mark.parametrize("url", ["https://hub.example", "http://127.0.0.1:8443",
                                 "http://localhost:8443", "http://[::1]:8443"])
def test_https_and_loopback_are_accepted(url: str) -> None:
    HubClient(url).close()


def test_plain_http_allowed_explicitly_warns() -> None:
    with pytest.warns(InsecureHttpWarning):
        HubClient("http://hub.example", allow_insecure_http=True).close()


def test_the_cli_refuses_a_plain_http_hub_and_says_how(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from desktop.cli import main as cli
    from desktop.vault.store import Vault

    vault, _ = Vault.create(tmp_path / "v", org_name="O", jurisdiction="vietnam",
                            language="vi", admin_username="admin", admin_display_name="A",
                            passphrase="transport test passphrase")
    vault.close()
    monkeypatch.setattr(sys, "stdin", io.StringIO("transport test passphrase\ntok.en\n"))
    code = cli.main(["org", "connect", "--vault", str(tmp_path / "v"), "--user", "admin",
                     "--passphrase-stdin", "--hub", "http://hub.example", "--token-stdin"])
    err = capsys.readouterr().err
    assert code == 2 and "--allow-insecure-http" in err and "https://" in err


def _certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    return cert_path, key_path


def test_the_hub_serves_tls_itself_with_cert_and_key(tmp_path: Path) -> None:
    cert, key = _certificate(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--db", f"sqlite:///{tmp_path / 'hub.db'}",
         "--host", "127.0.0.1", "--port", str(port), "--cert", str(cert), "--key", str(key)],
        stderr=subprocess.PIPE, text=True, env=env)
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert server.stderr is not None
        for line in server.stderr:
            lines.put(line)
        lines.put("")

    threading.Thread(target=read, daemon=True).start()
    try:
        while True:
            line = lines.get(timeout=60)
            assert line, "hub exited before it was up"
            if "Uvicorn running on" in line:  # printed once the socket listens
                break
        trusted = ssl.create_default_context(cafile=str(cert))
        with httpx.Client(verify=trusted) as client:
            answer = client.get(f"https://127.0.0.1:{port}/healthz")
        assert answer.status_code == 200 and answer.url.scheme == "https"
        with pytest.raises(httpx.HTTPError), httpx.Client() as plain:
            plain.get(f"http://127.0.0.1:{port}/healthz")
        with pytest.raises(httpx.ConnectError), httpx.Client() as untrusted:
            untrusted.get(f"https://127.0.0.1:{port}/healthz")  # self-signed: not trusted
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_needs_both_cert_and_key(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    from server.__main__ import main as hub_main

    assert hub_main(["serve", "--db", f"sqlite:///{tmp_path / 'h.db'}", "--cert",
                     str(tmp_path / "c.pem")]) == 2
    assert "--key" in capsys.readouterr().err
