"""The errors the application layer raises, in one place for both faces.

The interface and the command line catch these by type and word them themselves
(`desktop/ui/messages/errors.py`); they never import the vault to do so.
"""

from __future__ import annotations

from desktop.domain.passphrase import PassphraseRejected
from desktop.vault.errors import (
    DatabaseDamaged,
    InvalidInput,
    KeyFileDamaged,
    NotAllowed,
    NotFound,
    SealedRecord,
    StorageFailed,
    StorageFull,
    Throttled,
    VaultError,
    VaultExists,
    VaultHalfMade,
    VaultInUse,
    VaultMissing,
    VaultTooNew,
    WrongPassphrase,
)


class ReportRefused(VaultError):
    """A periodic report that would overlap one already released (domain/releases.py)."""

    code = "report_overlaps"

    def __init__(self, period: str, released: str) -> None:
        self.period = period
        self.released = released
        super().__init__(
            f"A report for {released} was already released and overlaps {period}. Reports "
            f"of overlapping periods could be compared to work out hidden small counts, so "
            f"{period} can be released only when the periods released inside it cover it "
            f"exactly (for a year, both halves; for a half, its quarters or months).")


class NotConnected(VaultError):
    code = "sync_not_connected"

    def __init__(self) -> None:
        super().__init__("This vault is not connected to an organisation's hub yet.")


class AlreadyConnected(VaultError):
    code = "sync_already_connected"

    def __init__(self) -> None:
        super().__init__("This vault is already connected to an organisation.")


class BundleInvalid(VaultError):
    code = "bundle_invalid"

    def __init__(self, why: str) -> None:
        super().__init__(f"This bundle cannot be imported: {why}.")


__all__ = [
    "AlreadyConnected", "BundleInvalid", "DatabaseDamaged", "InvalidInput",
    "KeyFileDamaged", "NotAllowed", "NotConnected", "NotFound", "PassphraseRejected",
    "ReportRefused",
    "SealedRecord", "StorageFailed", "StorageFull", "Throttled", "VaultError", "VaultExists",
    "VaultHalfMade", "VaultInUse", "VaultMissing", "VaultTooNew", "WrongPassphrase",
]
