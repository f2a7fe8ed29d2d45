"""The one place errors become words: every failure the interface shows, in plain, translated
sentences, chosen by the error's type and stable `code` (never by its text), with no personal
data."""

from __future__ import annotations

from desktop.app.errors import (
    AlreadyConnected,
    BundleInvalid,
    DatabaseDamaged,
    InvalidInput,
    KeyFileDamaged,
    NotAllowed,
    NotConnected,
    NotFound,
    ReportRefused,
    SealedRecord,
    StorageFull,
    Throttled,
    VaultError,
    VaultHalfMade,
    VaultMissing,
    WrongPassphrase,
)
from desktop.domain.passphrase import MIN_LENGTH, PassphraseRejected
from desktop.ui.i18n import tr, trn
from desktop.ui.messages.record_labels import record_problems

C = "VaultMessages"


def wait_text(seconds: int) -> str:
    return trn(C, "Please wait %n seconds before trying again.", seconds)


def passphrase_problem(code: str) -> str:
    if code == "too_short":
        return tr(C, "A passphrase needs at least {n} characters.").format(n=MIN_LENGTH)
    if code == "common":
        return tr(C, "That passphrase is too common or too easy to guess. Please choose "
                     "another.")
    return tr(C, "That passphrase cannot be used. Please choose another.")


def problem_text(code: str) -> str:
    """A validation code (records, users, settings) in plain words."""
    found = record_problems().get(code)
    if found is not None:
        return found
    texts = {
        "username_invalid": tr(C, "A user name needs 2 to 64 letters, digits, dots, dashes "
                                  "or underscores, with no spaces."),
        "username_taken": tr(C, "That user name is already in use."),
        "cannot_disable_self": tr(C, "You cannot disable your own account."),
        "last_admin": tr(C, "This is the last active administrator, so it cannot be "
                            "disabled."),
        "user_disabled": tr(C, "This user is disabled. Enable the account instead."),
        "idle_lock_minutes_out_of_range": tr(C, "Choose between 1 and 60 minutes."),
        "language_invalid": tr(C, "That language is not available."),
    }
    return texts.get(code, tr(C, "Please check what you entered."))


def error_text(exc: BaseException) -> str:
    """One clear sentence or two for the person in front of the screen."""
    if isinstance(exc, PassphraseRejected):
        return passphrase_problem(exc.code)
    if isinstance(exc, WrongPassphrase):
        text = tr(C, "The user name or passphrase is not right.")
        if exc.delay_seconds > 0:
            text += " " + wait_text(exc.delay_seconds)
        return text
    if isinstance(exc, Throttled):
        return tr(C, "There have been too many wrong tries.") + " " + wait_text(exc.wait_seconds)
    if isinstance(exc, VaultHalfMade):
        return tr(C, "The key file {path} is missing and the vault holds no more than an "
                     "unfinished set-up. If setting up was interrupted, set it up again: the "
                     "unfinished files are moved aside, not deleted. Otherwise restore "
                     "vault.keys from your backup.").format(path=exc.path)
    if isinstance(exc, KeyFileDamaged):
        return tr(C, "The key file {path} is damaged or is not a Waymark key file. Nothing was "
                     "changed. Restore vault.keys from your backup, or ask your "
                     "administrator.").format(path=exc.path)
    if isinstance(exc, DatabaseDamaged):
        return tr(C, "The records file {path} is damaged or does not match the key file. "
                     "Nothing was changed. Restore vault.db from your backup, or ask your "
                     "administrator.").format(path=exc.path)
    if isinstance(exc, VaultMissing):
        return tr(C, "No vault was found at {path}.").format(path=exc.path)
    if isinstance(exc, InvalidInput):
        return " ".join(problem_text(p) for p in exc.problems)
    if isinstance(exc, StorageFull):
        return tr("RecordLabels",
                  "The disk is full, so this was not saved. Everything saved before is safe. "
                  "Free some space and save again; your draft is kept.")
    if isinstance(exc, NotAllowed):
        return tr("RecordLabels", "Your role does not allow this. Ask your safeguarding lead.")
    if isinstance(exc, SealedRecord):
        return tr("RecordLabels", "This record is sealed: only an amendment can be added.")
    if isinstance(exc, NotFound):
        return tr("RecordLabels",
                  "This record could not be found. It may not be shared with you.")
    if isinstance(exc, ReportRefused):
        return tr("OverviewPage", "A report for {released} was already made, and it overlaps "
                                  "{period}: comparing the two could reveal small numbers that "
                                  "were hidden. Make {period} once the reports for all of its "
                                  "parts are made (for a year, both halves), and Waymark builds "
                                  "it from them.").format(released=exc.released,
                                                          period=exc.period)
    if isinstance(exc, BundleInvalid):
        return tr("SyncPage", "This bundle cannot be imported: it is damaged, or it comes "
                              "from another organisation or a device this vault cannot trust.")
    if isinstance(exc, AlreadyConnected):
        return tr("SyncPage", "This vault is already connected to an organisation.")
    if isinstance(exc, NotConnected):
        return tr("SyncPage", "This vault is not connected to an organisation's hub yet.")
    if isinstance(exc, VaultError):
        texts = {
            "vault_in_use": tr(C, "This vault is already open in another Waymark window or "
                                  "command. Close it there first, then try again."),
            "vault_too_new": tr(C, "This vault was made by a newer version of Waymark. "
                                   "Install the newer version. The vault was not changed."),
            "vault_exists": tr(C, "A vault already exists in this folder. Nothing was "
                                  "changed."),
            "storage_full": tr(C, "The disk is full, so this was not saved. Everything saved "
                                  "before is safe. Free some space and try again."),
            "storage_failed": tr(C, "Waymark could not write to the disk, so this was not "
                                    "saved. Everything saved before is safe."),
            "not_allowed": tr(C, "Your role does not allow this."),
            "not_found": tr(C, "This could not be found. It may have been removed."),
        }
        if exc.code in texts:
            return texts[exc.code]
        if exc.code == "vault_error":
            return tr(C, "The vault is locked. Please unlock it and try again.")
    return tr(C, "Something went wrong, so this was not done. Everything saved before is safe.")
