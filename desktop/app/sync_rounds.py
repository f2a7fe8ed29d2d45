"""A sync round as a use case: the interface's background worker and `waymark sync` run it
the same way, and a failure becomes one stable code that each face words itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from desktop.app.sync import SyncService
from desktop.sync import engine, hubclient
from desktop.sync.engine import SyncReport, SyncStore, backoff
from desktop.sync.hubclient import HubError
from desktop.vault.errors import VaultError

# The codes a failed round is kept and shown under (SyncStatus.last_error too).
UNREACHABLE, CLOCK, REVOKED, REFUSED, VAULT, FAILED, INSECURE = (
    "unreachable", "clock", "revoked", "refused", "vault", "failed", "insecure")

Call = Callable[[Callable[[Any], Any]], Any]
Progress = Callable[[str, int, int], None]

__all__ = ["CLOCK", "FAILED", "HubError", "INSECURE", "REFUSED", "REVOKED", "UNREACHABLE",
           "VAULT", "SyncReport", "allow_insecure_http", "backoff", "failure_code", "run_round"]


def failure_code(exc: BaseException) -> str:
    """The one mapping from what went wrong in a round (or a hub call) to a code."""
    if isinstance(exc, hubclient.Revoked):
        return REVOKED
    if isinstance(exc, hubclient.InsecureHub):
        return INSECURE
    if isinstance(exc, hubclient.Unauthorized) and exc.code == "stale_request":
        return CLOCK
    if isinstance(exc, hubclient.HubUnavailable | httpx.HTTPError):
        return UNREACHABLE
    if isinstance(exc, hubclient.HubError):
        return REFUSED
    if isinstance(exc, VaultError):
        return VAULT
    return FAILED


def allow_insecure_http() -> None:
    """Let this process talk plain HTTP to a hub on another computer (the user asked)."""
    engine.ALLOW_INSECURE_HTTP = True


def run_round(call: Call, progress: Progress | None = None) -> SyncReport | None:
    """One round: push what waits, pull (lead devices). `call(job)` runs `job(services)` on
    the thread that owns the vault. None when the vault is not connected to a hub."""
    cfg = call(lambda s: s.sync.config())
    if cfg is None:
        return None
    with engine.client_for(cfg) as client:
        return engine.sync_once(call, client, progress)


def _sync_service_is_the_engines_store(service: SyncService) -> SyncStore:
    # For mypy: the engine is typed against SyncStore; this fails to type-check if the vault's
    # sync service stops providing what a round uses.
    return service
