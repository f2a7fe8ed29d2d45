"""Vault errors. Each has a stable code the UI translates; messages never hold personal data."""

from __future__ import annotations


class VaultError(Exception):
    """Base class. `code` is stable; `str(err)` is a clear English message."""

    code = "vault_error"


class WrongPassphrase(VaultError):
    code = "wrong_passphrase"

    def __init__(self, delay_seconds: int) -> None:
        self.delay_seconds = delay_seconds
        wait = (
            f" Wait {delay_seconds} s before the next try." if delay_seconds > 0 else ""
        )
        super().__init__("The user name or passphrase is not right." + wait)


class Throttled(VaultError):
    code = "throttled"

    def __init__(self, wait_seconds: int) -> None:
        self.wait_seconds = wait_seconds
        super().__init__(
            f"Too many wrong passphrases. Wait {wait_seconds} s before trying again."
        )


class KeyFileDamaged(VaultError):
    code = "keyfile_damaged"

    def __init__(self, path: str, detail: str) -> None:
        self.path = path
        super().__init__(
            f"{path} is damaged or is not a Waymark key file ({detail}). Nothing was changed. "
            "Restore vault.keys from your backup, or ask your administrator."
        )


class DatabaseDamaged(VaultError):
    code = "database_damaged"

    def __init__(self, path: str, detail: str) -> None:
        self.path = path
        super().__init__(
            f"{path} is damaged or does not belong to this vault.keys ({detail}). Nothing was "
            "changed. Restore vault.db from your backup, or ask your administrator."
        )


class VaultMissing(VaultError):
    code = "vault_missing"

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"No vault at {path}: run `waymark init` or start the app to set one up.")


class VaultExists(VaultError):
    code = "vault_exists"

    def __init__(self, path: str) -> None:
        super().__init__(f"A vault already exists at {path}; nothing was changed.")


class VaultHalfMade(KeyFileDamaged):
    """vault.keys is missing and vault.db is no bigger than an interrupted set-up leaves."""

    code = "vault_half_made"

    def __init__(self, path: str) -> None:
        VaultError.__init__(
            self,
            f"{path} is missing, and vault.db beside it holds no more than an unfinished "
            "set-up. If setting up was interrupted, run `waymark init` again (or start the app): "
            "the unfinished files are moved aside into a folder named `unfinished-…`, never "
            "deleted. If this vault held records: Restore vault.keys from your backup instead."
        )
        self.path = path


class VaultInUse(VaultError):
    code = "vault_in_use"

    def __init__(self, path: str) -> None:
        super().__init__(
            f"The vault at {path} is open in another Waymark window or command. "
            "Close it there first."
        )


class VaultTooNew(VaultError):
    code = "vault_too_new"

    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"This vault was written by a newer Waymark (format {found}; this version reads up "
            f"to {supported}). Install the newer Waymark; the vault was not changed."
        )


class StorageFull(VaultError):
    code = "storage_full"

    def __init__(self) -> None:
        super().__init__(
            "The disk is full, so this was not saved. Everything saved before is safe. "
            "Free some space and save again; your draft is kept on screen."
        )


class StorageFailed(VaultError):
    code = "storage_failed"

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"Waymark could not write to the disk ({detail}), so this was not saved. "
            "Everything saved before is safe."
        )


class NotAllowed(VaultError):
    code = "not_allowed"

    def __init__(self, what: str) -> None:
        super().__init__(f"Your role does not allow this: {what}.")


class NotFound(VaultError):
    code = "not_found"

    def __init__(self, what: str) -> None:
        super().__init__(f"Not found: {what}.")


# Plain English for each problem code (the UI translates the codes itself); the code stays in
# the message, in brackets, for scripts.
PROBLEM_TEXT = {
    "email_invalid": "the email address is not in the form name@example.org",
    "too_long": "a profile field holds at most 200 characters",
    "cp_status_invalid": "choose a child protection / child in need status from the list",
    "version_unknown": "choose one of the two versions shown",
    "outline_invalid": "choose the child or the adult outline",
    "marks_required": "add at least one mark",
    "too_many_marks": "a body map holds at most 200 marks",
    "mark_invalid": "a mark is not in the form Waymark expects",
    "mark_number_invalid": "marks are numbered 1, 2, 3…, each number once",
    "mark_view_invalid": "a mark must be on the front or the back view",
    "mark_position_invalid": "a mark's position must lie inside the outline's box (0 to 1)",
    "region_unknown": "a mark's body region is not one Waymark knows for that outline and view",
    "mark_text_too_long": "a mark's text is longer than 4,000 characters",
    "amendment_text_required": "write the amendment",
    "answer_invalid": "an answer must be yes, no, not known or not asked",
    "indicator_unknown": "an answer is for an indicator that is not in this checklist",
    "reason_required": "give the reason for the amendment",
    "nothing_changed": "nothing was changed",
    "accompanies_unknown": "the adult a child came with is not in the group",
    "member_unknown": "that person is not a member of this group",
    "field_invalid": "that part of the reception record cannot be changed here",
    "reception_field_required": "the place, the handing-over party and the time are needed",
    "record_not_sealed": "only a sealed record takes amendments",
    "source_invalid": "the source must be observed, said by the person, said by someone else, "
                      "or from records",
    "cannot_disable_self": "you cannot disable your own account",
    "category_invalid": "a category is not one Waymark knows",
    "category_required": "choose at least one category",
    "date_of_birth_future": "the date of birth is in the future",
    "decided_on_future": "the date of the decision is in the future",
    "outcome_invalid": "choose one of the outcomes listed",
    "how_invalid": "say how the disclosure came about",
    "person_words_required": "write at least one turn in the person's own words",
    "speaker_invalid": "each turn is the staff member's words or the person's",
    "estimated_age_invalid": "an estimated age must be between 0 and 120",
    "idle_lock_minutes_out_of_range": "the idle lock must be between 1 and 60 minutes",
    "language_invalid": "the language must be English (en) or Vietnamese (vi)",
    "last_admin": "the last active administrator cannot be disabled",
    "location_kind_invalid": "the kind of place is not one Waymark knows",
    "name_required": "give a name or an alias",
    "note_required": "the note is empty",
    "occurred_at_naive": "the time has no time zone",
    "seen_or_heard_required": "write what was seen or heard",
    "sex_invalid": "sex must be female, male, other or unknown",
    "told_invalid": "a person told is not one Waymark knows",
    "route_invalid": "choose how the person came: handed back, rescued or came forward",
    "user_disabled": "that user is disabled",
    "username_invalid": "a user name needs 2 to 64 letters, digits, dots, dashes, _ or @",
    "username_taken": "that user name is already taken",
    # Group intake (issue 17).
    "place_required": "give the gate or place of reception",
    "handed_over_by_required": "give the handing-over authority",
    "received_at_required": "give the date and time of reception",
    "received_at_invalid": "the date and time of reception cannot be read",
    "members_required": "a group needs at least one person",
    "already_signed": "the reception record is already signed",
    "to_unit_required": "give the body the people are handed over to",
    "nobody_to_hand_over": "everyone chosen has already been handed over",
    "form_not_for_a_group": "that form is for one person",
}


class InvalidInput(VaultError):
    code = "invalid_input"

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("Please check: " + "; ".join(
            f"{PROBLEM_TEXT.get(p, p)} ({p})" for p in problems) + ".")


class SealedRecord(VaultError):
    code = "sealed"

    def __init__(self) -> None:
        super().__init__("This record is sealed: only an amendment can be added.")
