"""Periodic reports (issue 18): counts for a period, small counts suppressed, audited.

Who is counted: people with at least one concern that occurred in the period (by the
jurisdiction's calendar), once each in each breakdown of people; concerns by category (a concern
may have several); indicator assessments by the level reached; referrals made in the period by
pathway (the form used) and by the latest outcome recorded. Leads and admins only. Each report
made is one audit entry (period, tables and the published figures, never names or hidden
values).

Which periods may be released, and why (differencing overlapping reports): domain/releases.py.
A period already released gives the figures first published; a period overlapping a released
one is refused unless released periods cover it exactly, and is then composed from them.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime

from desktop.app.errors import ReportRefused
from desktop.content import jurisdictions
from desktop.domain import releases
from desktop.domain.assessments import LEVEL_LABELS, LEVELS
from desktop.domain.events import now_utc
from desktop.domain.people import Person, age_on
from desktop.domain.periods import Period, parse_period
from desktop.domain.provinces import area_key, area_name
from desktop.domain.referral_outcomes import OUTCOME_LABELS, OUTCOMES
from desktop.domain.report_data import (
    AGE_BANDS,
    AGE_LABELS,
    CATEGORY_LABELS,
    NO_OUTCOME,
    SEX_LABELS,
    Report,
    ReportTable,
    age_band,
)
from desktop.domain.roles import reads_everything
from desktop.domain.suppression import THRESHOLD, suppress
from desktop.vault import audit
from desktop.vault.errors import NotAllowed
from desktop.vault.store import Vault

PEOPLE = {"en": "people", "vi": "người"}
CONCERNS = {"en": "concerns", "vi": "mối lo ngại"}
REFERRALS = {"en": "referrals", "vi": "lượt chuyển hồ sơ"}
ASSESSMENTS = {"en": "assessments", "vi": "lượt sàng lọc"}
OTHER_NATIONALITIES = "~other"
OTHER_AREAS = "~other"
NOT_RECORDED = "~not_recorded"
AREA_TITLES = {
    "vietnam": {"en": "People by province where they were found or received",
                "vi": "Số người theo tỉnh, thành phố nơi phát hiện, tiếp nhận"},
    "england": {"en": "People by local authority where they were found or received",
                "vi": "Số người theo chính quyền địa phương nơi phát hiện, tiếp nhận"},
}


def _nationality_key(text: str) -> str:
    return " ".join(text.split()).casefold() or "unknown"


class ReportService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def _require_lead(self, what: str) -> None:
        if not reads_everything(self.vault.user.role):
            raise NotAllowed(what)

    def released(self) -> dict[str, Report | None]:
        """Every period this vault released a report for, with the figures first published
        (None for a report made before they were kept: its period still counts as released)."""
        out: dict[str, Report | None] = {}
        # A literal, not a parameter: the partial index audit_exports (schema 12) serves a
        # query only if its WHERE names the same action.
        for (detail,) in self.vault.read(
                f"SELECT detail FROM audit WHERE action = '{audit.EXPORT}' ORDER BY seq"):  # noqa: S608
            data = json.loads(detail)
            if data.get("template") != "periodic_report" or "period" not in data:
                continue
            figures = data.get("published")
            if out.get(data["period"]) is None:
                out[data["period"]] = releases.from_published(figures) if figures else None
        return out

    def build(self, period: Period, now: datetime | None = None) -> Report:
        """The report for `period` under the release rules; audited with what it published."""
        self._require_lead("make a periodic report (a lead or admin can)")
        juris = jurisdictions.load(self.vault.meta("jurisdiction") or "england")
        created = (now or now_utc()).astimezone(juris.timezone).date().isoformat()
        released = self.released()
        again = released.get(period.text)
        if again is not None:
            report = again
        else:
            periods = [parse_period(p) for p in released]
            clash = next((p for p in periods if releases.overlaps(p, period)), None)
            if clash is None:
                report = self._count(period, juris, created)
            else:
                known = {k: r for k, r in released.items() if r is not None}
                parts = releases.partition(period, [parse_period(k) for k in known])
                if parts is None:
                    raise ReportRefused(period.text, clash.text)
                report = releases.compose(period, [known[p.text] for p in parts], created)
        with self.vault.transaction():
            self.vault.audit(audit.EXPORT, None, {
                "template": "periodic_report", "period": period.text,
                "tables": [t.id for t in report.tables], "again": again is not None,
                "published": releases.published(report)})
        return report

    def _count(self, period: Period, juris: jurisdictions.Jurisdiction, created: str) -> Report:
        """Count and suppress one period from the records."""
        tz = juris.timezone

        def local_day(stamp: str) -> date:
            return datetime.fromisoformat(stamp).astimezone(tz).date()

        # Widen the SQL window by a day each side for time zones; the exact test is local_day.
        lo, hi = (date.fromordinal(period.start.toordinal() - 1).isoformat(),
                  date.fromordinal(period.end.toordinal() + 1).isoformat())
        concerns: list[tuple[str, str, list[str]]] = []  # (person, first local day, cats)
        for person_id, occurred, data in self.vault.read(
                "SELECT person_id, occurred_at, data FROM concerns "
                "WHERE occurred_at >= ? AND occurred_at < ?", (lo, hi)):
            day = local_day(occurred)
            if period.contains(day):
                concerns.append((person_id, day.isoformat(),
                                 list(json.loads(data).get("categories", []))))
        first_day: dict[str, str] = {}
        for person_id, seen, _ in concerns:
            if person_id not in first_day or seen < first_day[person_id]:
                first_day[person_id] = seen

        sexes: Counter[str] = Counter()
        ages: Counter[str] = Counter()
        nations: Counter[str] = Counter()
        nation_labels: dict[str, dict[str, str]] = {}
        areas: Counter[str] = Counter()
        area_labels: dict[str, dict[str, str]] = {}
        for person_id, first in first_day.items():
            row = self.vault.read_one("SELECT data FROM people WHERE id = ?", (person_id,))
            person = Person.from_json(json.loads(row[0])) if row else Person()
            sexes[person.sex if person.sex in SEX_LABELS else "unknown"] += 1
            ages[age_band(age_on(person, date.fromisoformat(first)), person.age_disputed)] += 1
            key = _nationality_key(person.nationality)
            nations[key] += 1
            shown = " ".join(person.nationality.split())
            nation_labels.setdefault(key, {"en": shown or "Not known",
                                           "vi": shown or "Chưa rõ"})
            area = area_key(juris.id, person.province) or NOT_RECORDED
            areas[area] += 1
            name = area_name(juris.id, person.province)
            area_labels.setdefault(area, {"en": name, "vi": name} if area != NOT_RECORDED
                                   else {"en": "Not recorded", "vi": "Chưa ghi nhận"})
        # A nationality's name printed beside "< 5" would itself say that someone of that
        # nationality was seen: nationalities of fewer than five people go under "Other".
        rare = [k for k, n in nations.items() if n < THRESHOLD]
        if rare:
            for k in rare:
                nations[OTHER_NATIONALITIES] += nations.pop(k)
                nation_labels.pop(k, None)
            nation_labels[OTHER_NATIONALITIES] = {
                "en": "Other nationalities (fewer than 5 people each)",
                "vi": "Quốc tịch khác (mỗi quốc tịch dưới 5 người)"}
        # The same for provinces and local authorities: a place named beside "< 5" says
        # that someone from there was seen.
        rare_areas = [k for k, n in areas.items() if n < THRESHOLD and k != NOT_RECORDED]
        for k in rare_areas:
            areas[OTHER_AREAS] += areas.pop(k)
            area_labels.pop(k, None)
        if rare_areas:
            area_labels[OTHER_AREAS] = (
                {"en": "Other provinces (fewer than 5 people each)",
                 "vi": "Tỉnh, thành phố khác (mỗi nơi dưới 5 người)"} if juris.id == "vietnam"
                else {"en": "Other local authorities (fewer than 5 people each)",
                      "vi": "Chính quyền địa phương khác (mỗi nơi dưới 5 người)"})
        n_people = len(first_day)
        categories: Counter[str] = Counter(c for _, _, cats in concerns for c in set(cats))

        referrals: list[tuple[str, str, dict[str, str]]] = []  # (id, form, title)
        for ref_id, made_at, data in self.vault.read(
                "SELECT id, made_at, data FROM referrals WHERE made_at >= ? AND made_at < ?",
                (lo, hi)):
            if period.contains(local_day(made_at)):
                payload = json.loads(data)
                referrals.append((ref_id, str(payload.get("form_id", "")),
                                  dict(payload.get("form_title") or {})))
        pathways: Counter[str] = Counter(form for _, form, _ in referrals)
        pathway_labels = {form: title or {"en": form, "vi": form}
                          for _, form, title in referrals}
        outcomes: Counter[str] = Counter()
        for ref_id, _, _ in referrals:
            last = self.vault.read_one(
                "SELECT outcome FROM referral_outcomes WHERE referral_id = ? "
                "ORDER BY recorded_at DESC, id DESC LIMIT 1", (ref_id,))
            outcomes[last[0] if last else "none"] += 1

        # Screening (the "verifying" of a Vietnamese report): each assessment in the period
        # by the level its answers reached.
        levels: Counter[str] = Counter()
        for level, submitted in self.vault.read(
                "SELECT level, submitted_at FROM assessments WHERE submitted_at >= ? "
                "AND submitted_at < ?", (lo, hi)):
            if period.contains(local_day(submitted)):
                levels[level] += 1

        def people_table(tid: str, title: dict[str, str], keys: list[str],
                         counts: Counter[str], labels: dict[str, dict[str, str]]) -> ReportTable:
            return ReportTable(tid, title, PEOPLE, labels, suppress(
                [(k, counts.get(k, 0)) for k in keys], n_people, additive=True))

        tables = (
            people_table("people_by_sex", {"en": "People by sex", "vi": "Số người theo giới tính"},
                         list(SEX_LABELS), sexes, SEX_LABELS),
            people_table("people_by_age", {"en": "People by age band (at the first concern)",
                                           "vi": "Số người theo nhóm tuổi (tại lần ghi nhận đầu)"},
                         list(AGE_BANDS), ages, AGE_LABELS),
            people_table("people_by_nationality",
                         {"en": "People by nationality", "vi": "Số người theo quốc tịch"},
                         sorted(nations, key=lambda k: (k == OTHER_NATIONALITIES, k)),
                         nations, nation_labels),
            people_table("people_by_area", AREA_TITLES.get(juris.id, AREA_TITLES["england"]),
                         sorted(areas, key=lambda k: (k in (OTHER_AREAS, NOT_RECORDED),
                                                      k == NOT_RECORDED, k)),
                         areas, area_labels),
            ReportTable("concerns_by_category",
                        {"en": "Concerns by category (a concern may have several)",
                         "vi": "Số mối lo ngại theo loại "
                               "(một mối lo ngại có thể thuộc nhiều loại)"},
                        CONCERNS, CATEGORY_LABELS, suppress(
                            [(k, categories.get(k, 0)) for k in CATEGORY_LABELS],
                            len(concerns), additive=False)),
            ReportTable("assessments_by_level",
                        {"en": "Indicator assessments by level reached",
                         "vi": "Số lượt sàng lọc, xác minh dấu hiệu theo mức độ"},
                        ASSESSMENTS, LEVEL_LABELS, suppress(
                            [(k, levels.get(k, 0)) for k in LEVELS], sum(levels.values()),
                            additive=True)),
            ReportTable("referrals_by_pathway",
                        {"en": "Referrals by pathway (form used)",
                         "vi": "Số lượt chuyển hồ sơ theo hình thức (biểu mẫu sử dụng)"},
                        REFERRALS, pathway_labels, suppress(
                            sorted(pathways.items()), len(referrals), additive=True)),
            ReportTable("referrals_by_outcome",
                        {"en": "Referrals by latest outcome",
                         "vi": "Số lượt chuyển hồ sơ theo kết quả gần nhất"},
                        REFERRALS, {**OUTCOME_LABELS, "none": NO_OUTCOME}, suppress(
                            [(k, outcomes.get(k, 0)) for k in (*OUTCOMES, "none")],
                            len(referrals), additive=True)),
        )
        return Report(period.text, period.kind, period.start.isoformat(),
                      period.last_day.isoformat(), juris.id,
                      self.vault.meta("org_name") or "", created, tables)
