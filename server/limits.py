"""Size and time limits of the hub (documented in PROTOCOL.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_request_bytes: int = 16 * 1024 * 1024
    max_envelope_bytes: int = 1024 * 1024
    max_batch: int = 1000
    max_pull: int = 1000
    default_pull: int = 500
    max_missing_ids: int = 10_000
    clock_window_seconds: int = 300
