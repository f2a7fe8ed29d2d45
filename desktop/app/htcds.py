"""An anonymised export in the shape of IOM's Human Trafficking Case Data Standard (issue 18).

Column names and picklist values are checked against the primary source: IOM's HTCDS
repository, https://github.com/UNMigration/HTCDS, file "HTCDS Field Standards 2.0.ods" (sheet
Field_Standards, columns "Field Name including Prefix" and "Value Names"), as of commit
3c2f6537cd76c3305975aa5eef7a1bf26fe20a30 (24 January 2023). Prefixes: `prs_` person, `vic_`
victim, `cas_` case. Differences from the copy this export was first written from: the
standard has no `prs_Nationality`, it has `prs_Citizenship` (ISO 3166 codes); `prs_Gender`
takes Feminine / Masculine / NonConforming / NonSpecifiedUnknown (not Female / Male);
`vic_TypeOfExploitation` takes SexualExploitation, ForcedLabour, ... , Other (it has no
"forced criminal activity" and no "not specified": criminal exploitation goes under Other, and
a concern of trafficking with no type leaves it empty).

Where Waymark's data is coarser than the field, on purpose: `cas_IncomingReferralDate` (a date
in the standard: when the case came to the organisation; here the first concern) and
`cas_OutgoingReferralDate` are months; `cas_ReferredOrganisation` (a lookup to an organisation)
holds the referral pathway's form id. The age is a band (`ext_AgeBand`), not the standard's
`vic_AgeWhenTrafficked` in years. Waymark's own columns start `ext_`.

One row per person with at least one concern. No names, ids, places or free text: a fresh
random row number, sex, citizenship, age band, month of the first concern, type of
exploitation from the concern categories, and the referral pathway and outcome. Rows whose
quasi-identifiers (sex, citizenship, age band, month) occur fewer than k times can be dropped
(k-anonymity).
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date

from desktop.domain.people import Person, age_on
from desktop.domain.report_data import age_band
from desktop.domain.roles import reads_everything
from desktop.vault import audit
from desktop.vault.errors import NotAllowed
from desktop.vault.store import Vault

COLUMNS = ("ext_RowNumber", "prs_Gender", "prs_Citizenship", "ext_AgeBand",
           "cas_IncomingReferralDate", "vic_TypeOfExploitation", "vic_MethodOfRecruitment",
           "cas_ReferredOrganisation", "cas_OutgoingReferralDate", "ext_ReferralOutcome")
QUASI_IDENTIFIERS = ("prs_Gender", "prs_Citizenship", "ext_AgeBand", "cas_IncomingReferralDate")

# HTCDS 2.0 prs_Gender value names.
GENDER = {"female": "Feminine", "male": "Masculine", "other": "NonConforming",
          "unknown": "NonSpecifiedUnknown"}
# Waymark's concern categories as HTCDS 2.0 vic_TypeOfExploitation value names; "" adds none
# (a trafficking concern says nothing about the type).
EXPLOITATION = {"cse": "SexualExploitation", "cce": "Other", "county_lines": "Other",
                "trafficking": "", "serious_violence": "Other", "missing": "Other",
                "online_harm": "Other", "forced_labour": "ForcedLabour", "other": "Other"}
# prs_Citizenship takes ISO 3166 codes; nationality is typed as text, so the common ways of
# writing the countries Waymark's users meet are recognised, and anything else is ZZ (the
# code CLDR uses for an unknown region): free text never leaves the vault.
UNKNOWN_COUNTRY = "ZZ"
_COUNTRIES = {
    "GB": ("british", "united kingdom", "uk", "english", "scottish", "welsh", "anh",
           "vương quốc anh"),
    "VN": ("vietnamese", "viet nam", "vietnam", "việt nam", "người việt"),
    "CN": ("chinese", "china", "trung quốc"), "LA": ("lao", "laotian", "laos", "lào"),
    "KH": ("cambodian", "cambodia", "khmer", "campuchia"),
    "TH": ("thai", "thailand", "thái lan"), "MM": ("burmese", "myanmar", "mi-an-ma"),
    "AL": ("albanian", "albania"), "ER": ("eritrean", "eritrea"),
    "SD": ("sudanese", "sudan"), "AF": ("afghan", "afghanistan"),
    "IR": ("iranian", "iran"), "IQ": ("iraqi", "iraq"), "SY": ("syrian", "syria"),
    "RO": ("romanian", "romania"), "PL": ("polish", "poland"),
    "NG": ("nigerian", "nigeria"), "IN": ("indian", "india"),
    "PH": ("filipino", "philippines"), "ID": ("indonesian", "indonesia"),
    "MY": ("malaysian", "malaysia"), "KR": ("korean", "south korea", "hàn quốc"),
    "ET": ("ethiopian", "ethiopia"), "SO": ("somali", "somalia"),
    "PK": ("pakistani", "pakistan"), "BD": ("bangladeshi", "bangladesh"),
    "UA": ("ukrainian", "ukraine"), "IE": ("irish", "ireland"), "JM": ("jamaican", "jamaica"),
}
_COUNTRY_OF = {name: code for code, names in _COUNTRIES.items() for name in names}


def citizenship(nationality: str) -> str:
    """The ISO 3166 alpha-2 code for a typed nationality, or ZZ."""
    key = " ".join(unicodedata.normalize("NFC", nationality).split()).casefold()
    return _COUNTRY_OF.get(key, UNKNOWN_COUNTRY)


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
            types = sorted({EXPLOITATION.get(c, "Other") for c in cats} - {""})
            rows.append({
                "prs_Gender": GENDER.get(person.sex, GENDER["unknown"]),
                "prs_Citizenship": citizenship(person.nationality),
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
