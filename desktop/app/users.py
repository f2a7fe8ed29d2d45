"""Users, roles and passphrases. Only an admin manages other users."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from desktop.app.access import AccessPolicy
from desktop.domain import events as ev
from desktop.domain import passphrase as policy
from desktop.domain import profiles
from desktop.domain.profiles import Profile
from desktop.domain.roles import Role, reads_everything
from desktop.resources import resource
from desktop.vault import audit, lead
from desktop.vault.errors import InvalidInput, NotFound, WrongPassphrase
from desktop.vault.store import Vault

USERNAME_RE = re.compile(r"^[\w.\-@]{2,64}$")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    path = resource("policy", "common-passwords.txt")
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.strip().casefold()
        if not entry or entry.startswith("#"):
            continue
        # The policy compares the phrase and the phrase without spaces, so keep both forms of
        # each entry (and each word of a line that lists several) to match either way.
        words.add(entry)
        words.add("".join(entry.split()))
        words.update(entry.split())
    return frozenset(words)


def check_passphrase(passphrase: str) -> None:
    """Raise PassphraseRejected if the passphrase breaks the policy."""
    policy.check(passphrase, common_passwords())


def check_username(username: str) -> None:
    if not USERNAME_RE.match(username):
        raise InvalidInput(["username_invalid"])


@dataclass(frozen=True)
class UserInfo:
    username: str
    display_name: str
    role: Role
    active: bool


class UserService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.access = AccessPolicy(vault)

    def _require_admin(self, what: str) -> None:
        self.access.require_admin(what)

    def list(self) -> list[UserInfo]:
        rows = self.vault.read(
            "SELECT username, display_name, role, active FROM users ORDER BY username")
        return [UserInfo(r[0], r[1], Role(r[2]), bool(r[3])) for r in rows]

    def get(self, username: str) -> UserInfo:
        row = self.vault.read_one(
            "SELECT username, display_name, role, active FROM users WHERE username = ?",
            (username,))
        if row is None:
            raise NotFound("user")
        return UserInfo(row[0], row[1], Role(row[2]), bool(row[3]))

    def add(self, username: str, display_name: str, role: Role, passphrase: str) -> None:
        self._require_admin("add users")
        check_username(username)
        check_passphrase(passphrase)
        if self.vault.read_one("SELECT 1 FROM users WHERE username = ? COLLATE NOCASE",
                               (username,)):
            raise InvalidInput(["username_taken"])
        # Header first: a crash between the two leaves an unusable slot, never a user who
        # exists without a way in.
        self.vault.wrap_slot(username, passphrase, role)
        with self.vault.transaction():
            self.vault.append(f"user:{username}", ev.USER_ADDED, {
                "username": username, "display_name": display_name or username,
                "role": role.value})
            self.vault.audit(audit.USER_ADDED, f"user:{username}", {"role": role.value})

    def disable(self, username: str) -> None:
        self._require_admin("disable users")
        target = self.get(username)
        if target.username == self.vault.user.username:
            raise InvalidInput(["cannot_disable_self"])
        if target.role is Role.ADMIN and self._active_admins() <= 1:
            raise InvalidInput(["last_admin"])
        self.vault.drop_slot(username)
        with self.vault.transaction():
            self.vault.append(f"user:{username}", ev.USER_DISABLED, {"username": username})
            self.vault.audit(audit.USER_DISABLED, f"user:{username}")
        if reads_everything(target.role):
            # They may have kept a copy of the lead key: replace it, so it opens nothing more.
            lead.rotate(self.vault)

    def enable(self, username: str, new_passphrase: str) -> None:
        """Re-enable a user; they need a new passphrase because disabling removed their key."""
        self._require_admin("enable users")
        self.get(username)
        check_passphrase(new_passphrase)
        self.vault.wrap_slot(username, new_passphrase)
        with self.vault.transaction():
            self.vault.append(f"user:{username}", ev.USER_ENABLED, {"username": username})
            self.vault.audit(audit.USER_ENABLED, f"user:{username}")

    def reset_passphrase(self, username: str, new_passphrase: str) -> None:
        """An admin sets a new passphrase for a user who lost theirs."""
        self._require_admin("reset another user's passphrase")
        if not self.get(username).active:
            raise InvalidInput(["user_disabled"])
        check_passphrase(new_passphrase)
        self.vault.wrap_slot(username, new_passphrase)
        with self.vault.transaction():
            self.vault.audit(audit.PASSPHRASE_RESET, f"user:{username}")

    def change_own(self, old_passphrase: str, new_passphrase: str) -> None:
        """Anyone changes their own passphrase; only their slot is rewritten."""
        me = self.vault.user.username
        if self.vault.keyfile.unwrap(self.vault.keyfile.slot_id(me), old_passphrase) is None:
            raise WrongPassphrase(0)
        check_passphrase(new_passphrase)
        self.vault.wrap_slot(me, new_passphrase)
        with self.vault.transaction():
            self.vault.audit(audit.PASSPHRASE_CHANGED, f"user:{me}")

    def profile(self, username: str | None = None) -> Profile:
        """A user's profile (the signed-in user's by default); empty fields when never set."""
        name = username or self.vault.user.username
        raw = self.vault.meta(f"profile.{name}")
        return Profile.from_json(json.loads(raw)) if raw else Profile()

    def set_profile(self, username: str, profile: Profile) -> None:
        """Anyone sets their own profile; an admin sets anyone's."""
        if username != self.vault.user.username:
            self._require_admin("change another user's profile")
        self.get(username)
        problems = profiles.validate(profile)
        if problems:
            raise InvalidInput(problems)
        with self.vault.transaction():
            self.vault.append(f"user:{username}", ev.USER_PROFILE_SET,
                              {"username": username, **profile.to_json()})
            self.vault.audit(audit.SETTINGS_CHANGED, f"user:{username}", {"profile": True})

    def _active_admins(self) -> int:
        return int(self.vault.read_one(
            "SELECT count(*) FROM users WHERE role = 'admin' AND active = 1")[0])
