"""Drafts: what a user is typing, saved encrypted in the vault as they type."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from desktop.domain.events import iso, now_utc, uuid7
from desktop.vault.errors import NotFound
from desktop.vault.store import Vault


@dataclass(frozen=True)
class Draft:
    id: str
    kind: str
    ref: str | None
    content: dict[str, Any]
    updated_at: str


class DraftService:
    """Drafts belong to their author alone and never leave the device."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def save(self, kind: str, ref: str | None, content: dict[str, Any],
             draft_id: str | None = None) -> str:
        draft_id = draft_id or uuid7()
        with self.vault.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO drafts(id, username, kind, ref, content, updated_at) "
                "VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET content=excluded.content, "
                "updated_at=excluded.updated_at WHERE drafts.username = excluded.username",
                (draft_id, self.vault.user.username, kind, ref,
                 json.dumps(content, ensure_ascii=False), iso(now_utc())),
            )
            if cur.rowcount == 0:
                # The id is another user's draft: saying "saved" would lose this text.
                raise NotFound("draft")
        return draft_id

    def list(self, kind: str | None = None, ref: str | None = None) -> list[Draft]:
        sql = "SELECT id, kind, ref, content, updated_at FROM drafts WHERE username = ?"
        args: list[Any] = [self.vault.user.username]
        if kind:
            sql += " AND kind = ?"
            args.append(kind)
        if ref:
            sql += " AND ref = ?"
            args.append(ref)
        return [Draft(r[0], r[1], r[2], json.loads(r[3]), r[4])
                for r in self.vault.read(sql + " ORDER BY updated_at DESC", args)]

    def discard(self, draft_id: str) -> None:
        with self.vault.transaction():
            discard_mine(self.vault, draft_id)


def discard_mine(vault: Vault, draft_id: str | None) -> None:
    """Remove the signed-in user's draft, inside the caller's transaction: the record it was
    for has just been saved, so both happen or neither does. Another user's draft is never
    touched."""
    if draft_id:
        vault.conn.execute("DELETE FROM drafts WHERE id = ? AND username = ?",
                           (draft_id, vault.user.username))
