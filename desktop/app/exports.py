"""Exports and prints: one use case, one order, for the command line and the interface.

1. `ExportService.prepare()` (on the vault): checks access, reads what the form needs and, when
   the bytes will leave the vault (saved, printed, exported), writes the audit entry and the
   `referral.made` event first, in one transaction.
2. `render()` (any thread, no vault): the form as PDF bytes, encrypted when a password is given.
3. The caller writes or prints the bytes (`write_private()` for files: owner-only).

So an export that fails after step 1 is still on the record, and nothing leaves unaudited.
A preview (`how="preview"`) reads and renders but writes nothing: nothing has left the vault.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from desktop.app.referrals import ReferralService
from desktop.domain.events import now_utc, uuid7
from desktop.domain.people import full_name, name_order
from desktop.printing import forms
from desktop.printing.pdf_encryption import encrypt_pdf
from desktop.vault import audit
from desktop.vault.atomic import write_atomic
from desktop.vault.errors import InvalidInput
from desktop.vault.store import Vault

if TYPE_CHECKING:
    from desktop.app.intake import IntakeService

How = Literal["preview", "saved", "printed", "exported"]


@dataclass(frozen=True)
class PreparedExport:
    """What a form needs to be rendered, read from the vault (and audited unless a preview)."""

    person_id: str
    form_id: str
    language: str
    recipient: str
    how: How
    encrypted: bool
    export_id: str
    created: datetime
    context: dict[str, Any] = field(repr=False)
    referral_id: str | None = None
    group_id: str | None = None  # a group form (issue 17): `person_id` is then ""


class ExportService:
    def __init__(self, vault: Vault, referrals: ReferralService,
                 intake: IntakeService | None = None) -> None:
        self.vault = vault
        self.referrals = referrals
        self.intake = intake

    def prepare_group(self, group_id: str, form_id: str, language: str, recipient: str = "",
                      how: How = "preview", encrypted: bool = False,
                      handover_id: str | None = None) -> PreparedExport:
        """A group's form (biên bản tiếp nhận / bàn giao for the group), in the same order as a
        person's: read (access checked), audited unless a preview, then rendered by the
        caller with `render()` (and its password rule)."""
        assert self.intake is not None
        return prepare_group(self.vault, self.intake, group_id, form_id, language, recipient,
                             how, encrypted, handover_id)

    def prepare(self, person_id: str, form_id: str, language: str, recipient: str = "",
                how: How = "preview", encrypted: bool = False,
                details: dict[str, Any] | None = None) -> PreparedExport:
        """Read what `form_id` needs for this person and, unless it is a preview, audit the
        export and note the referral before any byte is rendered."""
        template = forms.load_template(form_id)
        # Only the vault's own jurisdiction's forms: an NRM sheet from a Viet Nam vault, or a
        # biên bản from an England one, is paper no receiving agency there takes.
        forms.require_jurisdiction(template, self.vault.meta("jurisdiction") or "england")
        if language not in template["languages"]:
            raise forms.UnsupportedLanguageError(form_id, language,
                                                 tuple(template["languages"]))
        # `details`: what the referrer confirmed (referral step, --details); else the prefill.
        context = self.referrals.context(person_id, language, recipient=recipient,
                                         details=details)
        places = template.get("applies_to", {}).get("jurisdictions", [])
        if len(places) == 1:
            # A form of one country writes names that country's way: a Vietnamese record of
            # reception puts the family name first even printed in English from another vault.
            p = context["person"]
            p["display_name"] = full_name(p["given_names"], p["family_name"], name_order(
                places[0], language)) or p["display_name"]
        export_id = uuid7()
        referral_id = None
        if how != "preview":
            referral_id = self.referrals.record_export(
                person_id, form_id, dict(template["title"]), recipient, export_id, language,
                encrypted, how=how, details=context["details"])
        return PreparedExport(person_id=person_id, form_id=form_id, language=language,
                              recipient=recipient, how=how, encrypted=encrypted,
                              export_id=export_id, created=now_utc(), context=context,
                              referral_id=referral_id)

    def record(self, template: str, recipient: str = "", record_id: str | None = None) -> None:
        """Audit one export or print of a document that is not a person's form (e.g.
        "recovery_sheet") for `recipient` (an organisation or role, never a narrative)."""
        with self.vault.transaction():
            self.vault.audit(audit.EXPORT, record_id,
                             {"template": template, "recipient": recipient})


def prepare_group(vault: Vault, intake: IntakeService, group_id: str, form_id: str,
                  language: str, recipient: str = "", how: How = "preview",
                  encrypted: bool = False, handover_id: str | None = None) -> PreparedExport:
    """See ExportService.prepare_group."""
    template = forms.load_template(form_id)
    if not str(template["id"]).endswith("-nhom"):
        raise InvalidInput(["form_not_for_a_group"])
    forms.require_jurisdiction(template, vault.meta("jurisdiction") or "england")
    if language not in template["languages"]:
        raise forms.UnsupportedLanguageError(form_id, language, tuple(template["languages"]))
    context = intake.form_context(group_id, handover_id)
    export_id = uuid7()
    if how != "preview":
        with vault.transaction():
            vault.audit(audit.EXPORT, group_id, {
                "template": form_id, "recipient": recipient, "export_id": export_id,
                "encrypted": encrypted, "how": how})
    return PreparedExport(person_id="", form_id=form_id, language=language,
                          recipient=recipient, how=how, encrypted=encrypted,
                          export_id=export_id, created=now_utc(), context=context,
                          group_id=group_id)


def recovery_sheet(services: Any, code: str, org_name: str, language: str) -> bytes:
    """The recovery sheet (the code printed once at set-up): audited first, then rendered, the
    same order as every other export. `services` is the freshly created vault's."""
    from desktop.printing.recovery_sheet import render_recovery_sheet

    services.exports.record("recovery_sheet")
    return render_recovery_sheet(code, org_name=org_name, language=language)


def render(prepared: PreparedExport, password: str | None = None) -> bytes:
    """The prepared form as PDF bytes, AES-256 encrypted with `password` (no vault needed:
    run it off the interface and vault threads)."""
    if password is not None and not prepared.encrypted and prepared.how != "preview":
        raise ValueError("the export was audited as unencrypted")
    pdf = forms.render(prepared.form_id, prepared.context, prepared.language,
                       export_id=prepared.export_id, created=prepared.created)
    return encrypt_pdf(pdf, password) if password else pdf


def write_private(path: Path, data: bytes) -> None:
    """Write a file the user chose: atomically (a crash leaves the old file or the new one,
    whole) and readable by its owner only (0600)."""
    write_atomic(path, data)
