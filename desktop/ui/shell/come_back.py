"""Coming back after quick-hide: starting Waymark again shows the hidden window.

Quick-hide (F12) hides every window, the taskbar entry with them, so nothing on screen says
Waymark is running. To come back the user starts Waymark again as usual (menu, launcher); the new
process finds the running one through a local socket, asks it to show itself (at the unlock
screen: quick-hide locked the vault) and exits. The socket's name is a hash of the user and the
vault folder: it names no folder and holds nothing personal, and the message carries no data.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

# QtNetwork loads only when a socket is needed: ~10 ms of CPU that the unlock screen does not
# wait for (issue 14's start-up figure). The server starts once the first screen is shown.

MESSAGE = b"show\n"
WAIT_MS = 500


def socket_name(vault_dir: Path) -> str:
    try:
        folder = str(vault_dir.expanduser().resolve())
    except OSError:
        folder = str(vault_dir.expanduser().absolute())
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid: the folder alone still separates vaults
        user = ""
    digest = hashlib.sha256(f"{user}\0{folder}".encode()).hexdigest()[:24]
    return f"waymark-{digest}"


def _may_be_listening(name: str) -> bool:
    """False only when no Waymark can be listening: on Unix Qt's local server is a socket file
    in Qt's temporary folder ($TMPDIR, else /tmp), so its absence answers without loading
    QtNetwork. Elsewhere (named pipes) only a connection attempt can tell."""
    if sys.platform == "win32":
        return True
    return (Path(os.environ.get("TMPDIR") or "/tmp") / name).exists()


def call_running(vault_dir: Path) -> bool:
    """Ask a Waymark already running on this vault to show itself; True when one answered."""
    name = socket_name(vault_dir)
    if not _may_be_listening(name):
        return False
    try:
        from PySide6.QtNetwork import QLocalSocket
    except ImportError:  # a damaged install: start as usual rather than not at all
        return False

    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(WAIT_MS):
        return False
    sock.write(MESSAGE)
    sock.waitForBytesWritten(WAIT_MS)
    sock.disconnectFromServer()
    return True


class ComeBackServer(QObject):
    """Listens for a second start on the same vault and calls `on_call` (on the GUI thread)."""

    def __init__(self, vault_dir: Path, on_call: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtNetwork import QLocalServer

        self._on_call = on_call
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = socket_name(vault_dir)
        QLocalServer.removeServer(name)  # a socket file left by a crash would block listening
        self.listening = self.server.listen(name)
        self.server.newConnection.connect(self._connected)

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            sock.disconnected.connect(sock.deleteLater)
            sock.readyRead.connect(lambda s=sock: self._read(s))
            if sock.bytesAvailable():
                self._read(sock)

    def _read(self, sock: QLocalSocket) -> None:
        if bytes(sock.readAll().data()).startswith(MESSAGE.strip()):
            self._on_call()

    def close(self) -> None:
        self.server.close()
