"""An anonymised export in the shape of IOM's Human Trafficking Case Data Standard (issue 18).

Column names follow the HTCDS field list (prefixes `prs_` person, `vic_` victim, `cas_` case)
for the fields Waymark holds; Waymark's own additions start `ext_`. One row per person with at
least one concern. No names, ids, places or free text: a fresh random row number, sex,
nationality, age band, month of the first concern, type of exploitation from the concern
categories, and the referral pathway and outcome. Rows whose quasi-identifiers (sex,
nationality, age band, month) occur fewer than k times can be dropped (k-anonymity).
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import date

from desktop.domain.people import Person, age_on
from desktop.domain.report_data import age_band
from desktop.domain.roles import reads_everything
from desktop.vault import audit
from desktop.vault.errors import NotAllowed
from desktop.vault.store import Vault

COLUMNS = ("ext_RowNumber", "prs_Gender", "prs_Nationality", "ext_AgeBand",
           "cas_IncomingReferralDate", "vic_TypeOfExploitation", "vic_MethodOfRecruitment",
           "cas_ReferredOrganisation", "cas_OutgoingReferralDate", "ext_ReferralOutcome")
QUASI_IDENTIFIERS = ("prs_Gender", "prs_Nationality", "ext_AgeBand", "cas_IncomingReferralDate")

GENDER = {"female": "Female", "male": "Male", "other": "Other", "unknown": "Unknown"}
# Waymark's concern categories in HTCDS's words for the type of exploitation.
EXPLOITATION = {"cse": "Sexual exploitation", "cce": "Forced criminal activity",
                "county_lines": "Forced criminal activity", "trafficking": "Not specified",
                "serious_violence": "Other", "missing": "Other", "online_harm":
                "Sexual exploitation", "other": "Other"}


@dataclass(frozen=True)
class HtcdsExport:
    csv_text: str
    rows: int
    dropped: int


class HtcdsService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def export(self, k: int | None = 5) -> HtcdsExport:
        """The CSV text; with `k`, rows whose quasi-identifiers occur fewer than k times are
        dropped (None or 1 keeps every row). Audited with the row counts only."""
        if not reads_everything(self.vault.user.role):
            raise NotAllowed("export anonymised case data (a lead or admin can)")
        first: dict[str, tuple[str, set[str]]] = {}
        for person_id, occurred, data in self.vault.read(
                "SELECT person_id, occurred_at, data FROM concerns ORDER BY occurred_at"):
            day, cats = first.setdefault(person_id, (occurred[:10], set()))
            cats.update(json.loads(data).get("categories", []))
        rows: list[dict[str, str]] = []
        for person_id, (day, cats) in first.items():
            row = self.vault.read_one("SELECT data FROM people WHERE id = ?", (person_id,))
            person = Person.from_json(json.loads(row[0])) if row else Person()
            referral = self.vault.read_one(
                "SELECT r.id, r.made_at, r.data FROM referrals r WHERE r.person_id = ? "
                "ORDER BY r.made_at LIMIT 1", (person_id,))
            outcome = None
            if referral:
                outcome = self.vault.read_one(
                    "SELECT outcome FROM referral_outcomes WHERE referral_id = ? "
                    "ORDER BY recorded_at DESC LIMIT 1", (referral[0],))
            types = sorted({EXPLOITATION.get(c, "Other") for c in cats})
            rows.append({
                "prs_Gender": GENDER.get(person.sex, "Unknown"),
                "prs_Nationality": " ".join(person.nationality.split()) or "Unknown",
                "ext_AgeBand": age_band(age_on(person, date.fromisoformat(day)),
                                        person.age_disputed),
                "cas_IncomingReferralDate": day[:7],
                "vic_TypeOfExploitation": ";".join(types),
                "vic_MethodOfRecruitment": "",  # not recorded by Waymark
                "cas_ReferredOrganisation": str(json.loads(referral[2]).get("form_id", ""))
                if referral else "",
                "cas_OutgoingReferralDate": referral[1][:7] if referral else "",
                "ext_ReferralOutcome": outcome[0] if outcome else "",
            })
        dropped = 0
        if k and k > 1:
            combos = Counter(tuple(r[q] for q in QUASI_IDENTIFIERS) for r in rows)
            kept = [r for r in rows if combos[tuple(r[q] for q in QUASI_IDENTIFIERS)] >= k]
            dropped, rows = len(rows) - len(kept), kept
        # Rows in a random order, numbered afresh: the order of the vault says nothing.
        rows.sort(key=lambda _r: secrets.randbits(64))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for n, r in enumerate(rows, 1):
            writer.writerow({"ext_RowNumber": str(n), **r})
        with self.vault.transaction():
            self.vault.audit(audit.EXPORT, None, {"template": "htcds", "rows": len(rows),
                                                  "dropped": dropped, "k": k or 1})
        return HtcdsExport(out.getvalue(), len(rows), dropped)
