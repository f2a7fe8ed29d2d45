"""The unlocked session: the one owner of the open vault and its services.

The interface and the command line open, unlock, lock and close a vault only through a
`Session`. It lives on the thread that owns the vault's connection (the interface's vault
executor, or the command line's only thread) and hands out a frozen `SignedIn` value, never the
`Vault` itself, so nothing outside the application layer holds the connection or the key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.app.services import Services
from desktop.domain.roles import Role
from desktop.vault.errors import VaultError
from desktop.vault.paths import VaultPaths
from desktop.vault.scrub import scrub_freed_memory

TYPE_CHECKING = False
if TYPE_CHECKING:  # SQLCipher, Argon2 and cryptography load on first use, not with the
    from desktop.vault.store import Vault  # unlock screen


@dataclass(frozen=True)
class SignedIn:
    """Who is signed in, to which organisation, in which language (immutable)."""

    username: str
    display_name: str
    role: Role
    jurisdiction: str
    org_name: str
    language: str


def vault_exists(folder: Path) -> bool:
    """Whether `folder` holds a vault (else the app starts the set-up wizard). An interrupted
    set-up (vault.db, no vault.keys, no records) goes to the wizard, which moves it aside."""
    paths = VaultPaths(folder)
    return paths.exists() and not paths.half_made()


def unlock_wait(folder: Path, username: str = "") -> int:
    """Seconds before `username` may try to unlock (failed tries slow down, counted per user
    slot with a global ceiling; a restart keeps the delay)."""
    # Not through the vault store: the unlock screen asks this at start, and the store would
    # bring SQLCipher, Argon2 and the cryptography package with it.
    from desktop.vault.throttle import Throttle

    paths = VaultPaths(folder)
    return Throttle(paths.throttle).wait_remaining(_slot_id(paths, username))


def _slot_id(paths: VaultPaths, username: str) -> str:
    """The user's slot id, or "" (the global ceiling only) without a name or a readable key
    file. The key file is read only for a name: the unlock screen first asks with none, and
    should not load the key file's module (hashing, JSON, base64) to draw."""
    if not username:
        return ""
    from desktop.vault.errors import KeyFileDamaged, VaultTooNew
    from desktop.vault.keyfile import KeyFile

    try:
        return KeyFile.load(paths.keys).slot_id(username)
    except (KeyFileDamaged, VaultTooNew):
        return ""


def prepare_deadlines(jurisdiction: str) -> None:
    """Load the jurisdiction's rules and this year's and next year's holidays now, off the
    vault thread: the first save of a session needs them (importing the holidays package
    loads every country's calendar, ~0.1 s), and it should not wait for them."""
    from datetime import date

    from desktop.content import jurisdictions

    try:
        jurisdictions.load(jurisdiction).holidays_around(date.today())
    except ValueError:  # an unknown jurisdiction: the first save reports it as it does today
        pass


class Session:
    """Open, unlock, lock and close one vault; owns its services while it is unlocked."""

    def __init__(self, services: Services | None = None) -> None:
        self._services = services

    # --- opening ----------------------------------------------------------------------------
    def create(self, folder: Path, *, org_name: str, jurisdiction: str, language: str,
               admin_username: str, admin_display_name: str, passphrase: str,
               ) -> tuple[SignedIn, str]:
        """Make a new vault with its first admin, signed in; returns the recovery code too."""
        from desktop.vault.store import Vault

        vault, code = Vault.create(folder, org_name=org_name, jurisdiction=jurisdiction,
                                   language=language, admin_username=admin_username,
                                   admin_display_name=admin_display_name,
                                   passphrase=passphrase)
        services = self._adopt(vault)
        services.settings.set_user_language(language)
        return self._remembered(folder), code

    def unlock(self, folder: Path, username: str, passphrase: str) -> SignedIn:
        from desktop.vault.store import Vault

        return self._open(lambda: Vault.unlock(folder, username, passphrase))

    def recover(self, folder: Path, code: str, username: str, new_passphrase: str) -> SignedIn:
        """Every passphrase lost: the recovery code opens the vault and sets a new one."""
        from desktop.vault.store import Vault

        return self._open(lambda: Vault.unlock_with_recovery(folder, code, username,
                                                             new_passphrase))

    def _open(self, opener: Callable[[], Vault]) -> SignedIn:
        vault = opener()
        self._adopt(vault)
        return self._remembered(vault.paths.folder)

    def _remembered(self, folder: Path) -> SignedIn:
        """Signed in; the next start speaks this user's language before unlock (and the command
        line too), from a small plain file outside the vault (app/interface_prefs.py)."""
        from desktop.app import interface_prefs

        user = self.signed_in()
        interface_prefs.remember(folder, language=user.language, jurisdiction=user.jurisdiction)
        return user

    def _adopt(self, vault: Vault) -> Services:
        self.close()
        self._services = Services(vault)
        return self._services

    # --- while unlocked ---------------------------------------------------------------------
    @property
    def services(self) -> Services:
        if self._services is None:
            raise VaultError("The vault is locked.")
        return self._services

    def services_or_none(self) -> Services | None:
        return self._services

    def signed_in(self) -> SignedIn:
        s = self.services
        org = s.settings.org()
        user = s.vault.user
        return SignedIn(username=user.username, display_name=user.display_name, role=user.role,
                        jurisdiction=org.jurisdiction, org_name=org.org_name,
                        language=s.settings.user_language())

    def changes_since(self, seq: int | None) -> tuple[int | None, frozenset[str]]:
        """The event log's newest position and the record types written after `seq`.

        The interface calls this after every vault job so each page can refresh itself
        whoever changed the records (a dialog, a sync round, another page).
        """
        if self._services is None or self._services.vault.closed:
            return None, frozenset()
        vault = self._services.vault
        head = vault.read("SELECT coalesce(max(seq), 0) FROM events")[0][0]
        if seq is None or head <= seq:
            return head, frozenset()
        rows = vault.read("SELECT DISTINCT kind FROM events WHERE seq > ?", (seq,))
        return head, frozenset(str(kind).split(".", 1)[0] for (kind,) in rows)

    # --- closing ----------------------------------------------------------------------------
    def close(self) -> None:
        """Lock: close the vault (audited) and forget the services. Safe to call twice."""
        services, self._services = self._services, None
        if services is not None and not services.vault.closed:
            services.vault.close()
            del services
            # Record text the session read stays in freed memory until reused: reuse it now.
            scrub_freed_memory()
