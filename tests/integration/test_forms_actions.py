"""Actions on the forms (issue 11): each action once, with who did it and when; a task for the
lead is never printed "Overdue" on the forms the lead signs (the MASH referral, the pack),
whoever prints them."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from vaultkit import STAFF_PASS, concern_for, hong, make_vault

from desktop.app.services import Services
from desktop.domain.roles import Role
from desktop.printing import forms
from desktop.vault.store import Vault

REFER = "Refer to the local authority's children's social care (MASH)"  # the lead's task


def _text(pdf: bytes, tmp: Path) -> str:
    path = tmp / "form.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, timeout=60, check=True)
    return " ".join(done.stdout.split())


def test_each_action_once_with_who_and_when_and_no_lead_task_overdue(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    vault, _code = make_vault(folder)
    try:
        s = Services(vault)
        s.users.add("sam", "Sam Carter", Role.STAFF, STAFF_PASS)
        person_id = s.people.register(replace(hong(), estimated_age=14))
        s.people.share(person_id, "sam")
        # Two concerns raise the same tasks twice.
        s.concerns.record(concern_for(person_id))
        s.concerns.record(concern_for(person_id, "Seen getting into a car."))
        tasks = s.tasks.list(include_done=True, person_id=person_id)
        titles = [t.title_in("en") for t in tasks]
        assert titles.count(REFER) == 2, titles
        assert all(t.assignee_role == "lead" for t in tasks)
        done = next(t for t in tasks if t.title_in("en") != REFER)
        s.tasks.complete(done.id)
        done_title = done.title_in("en")
    finally:
        vault.close()

    later = datetime.now(UTC) + timedelta(days=30)  # every open task is long past due
    for user, passphrase in (("admin", "admin passphrase for tests"), ("sam", STAFF_PASS)):
        vault = Vault.unlock(folder, user, passphrase)
        try:
            s = Services(vault)
            context = s.referrals.context(person_id, "en", now=later)
        finally:
            vault.close()
        for form_id in ("england-mash-referral", "referral-pack"):
            text = _text(forms.render(form_id, context, "en", export_id="T-1",
                                      created=later), tmp_path)
            # Each action once: not twice for two concerns, not again in the narrative
            # beside the table, not again in the pack's own list.
            assert text.count(REFER) == 1, (user, form_id)
            assert text.count(done_title) == 1, (user, form_id)
            row = text[text.index(REFER):][:len(REFER) + 20]
            assert "Overdue" not in row and "To do" in row, (user, form_id, row)
            # (The row may run across a page break: the footer can come between its cells.)
            done_row = text[text.index(done_title):][:len(done_title) + 160]
            # Who did it, by name (never the login), and when (a date on the row).
            assert "Done" in done_row and "Ada Admin" in done_row, done_row
            assert "admin " not in done_row, done_row
            assert re.search(r"\d\d/\d\d/\d{4}", done_row), done_row
