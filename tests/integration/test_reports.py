"""Periodic reports, referral outcomes, the lead's overview and the HTCDS export (issue 18),
against a vault with known counts."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from test_cli import waymark
from vaultkit import ADMIN_PASS, STAFF_PASS, OpenVault

from desktop.app import oversight
from desktop.app.errors import ReportRefused
from desktop.app.htcds import COLUMNS, HtcdsService
from desktop.app.reports import ReportService
from desktop.content.checklists import frameworks
from desktop.domain.concerns import Concern
from desktop.domain.people import Person
from desktop.domain.periods import parse_period
from desktop.vault.errors import InvalidInput, NotAllowed

IN_PERIOD = datetime(2026, 9, 14, 10, 0, tzinfo=UTC)
BEFORE = datetime(2026, 5, 2, 10, 0, tzinfo=UTC)
NAMES = ("Nguyễn Thị Hồng", "Trần Văn Minh")


def _fill(v: OpenVault) -> dict[str, list[str]]:
    """15 people with a concern in 2026-H2 (12 female, 3 male; 13 British, 2 Vietnamese;
    13 CSE concerns, 2 trafficking), one more person whose only concern is in May, 6
    assessments with nothing answered yes, and 6 referrals (5 MASH, 1 NRM), two of them with an
    outcome; assessments and referrals are dated today."""
    s = v.services
    ids: dict[str, list[str]] = {"people": [], "referrals": []}
    for i in range(15):
        viet = i < 2
        person = Person(given_names=NAMES[i % 2] if viet else f"Child {i}",
                        family_name="Test", sex="male" if i >= 12 else "female",
                        date_of_birth=date(2012, 3, 1), nationality="Việt Nam" if viet
                        else "British", notes="private note about the family")
        pid = s.people.register(person)
        ids["people"].append(pid)
        s.concerns.record(Concern(pid, "Seen getting into a car with an older man", IN_PERIOD,
                                  place="the park", categories=("trafficking",) if viet
                                  else ("cse",)))
    early = s.people.register(Person(given_names="Early", family_name="Person", sex="male"))
    s.concerns.record(Concern(early, "Earlier worry", BEFORE, categories=("cce",)))
    for i in range(6):
        form = "nrm-prompt-child" if i == 5 else "england-mash-referral"
        ids["referrals"].append(s.referrals.record_export(
            ids["people"][i], form, {"en": form, "vi": form}, "MASH", f"X-{i}", "en", False))
    framework = frameworks.latest("uk-child-exploitation")
    for pid in ids["people"][:6]:
        s.assessments.submit(pid, framework, {}, "en")  # nothing answered yes
    s.oversight.record_outcome(ids["referrals"][0], "accepted", date(2026, 9, 15))
    s.oversight.record_outcome(ids["referrals"][1], "no_further_action")
    return ids


def _texts(report_table: object) -> dict[str, str]:
    table = report_table.table  # type: ignore[attr-defined]
    return {c.key: c.text() for c in table.cells} | {"total": table.total_text()}


def test_report_counts_and_suppression(admin: OpenVault) -> None:
    _fill(admin)
    # record_export stamps the referrals now: report on the period that holds today too.
    report = ReportService(admin.vault).build(parse_period("2026-H2"))
    sex = _texts(report.table("people_by_sex"))
    # 3 men alone would be 15 - 12 = 3: the 12 is hidden too.
    assert sex == {"female": "*", "male": "< 5", "other": "0", "unknown": "0", "total": "15"}
    nat = _texts(report.table("people_by_nationality"))
    # Two Vietnamese: their nationality's name is not printed, only "other nationalities".
    assert nat == {"british": "*", "~other": "< 5", "total": "15"}
    assert "Việt Nam" not in report.to_csv("en")
    ages = _texts(report.table("people_by_age"))
    assert ages["12-15"] == "15" and ages["total"] == "15"
    cats = _texts(report.table("concerns_by_category"))
    # The May concern is outside the period; trafficking 2 is hidden, and so is CSE 13 (a
    # concern has at least one category: 15 - 13 would pin trafficking to at least 2).
    assert cats["trafficking"] == "< 5" and cats["cse"] == "*" and cats["cce"] == "0"
    assert cats["total"] == "15"
    assert report.table("people_by_sex").table.cells[0].value == 12  # kept, never printed
    csv_text = report.to_csv("en")
    assert "12" not in {row[-1] for row in csv.reader(io.StringIO(csv_text))}
    assert not any(name in csv_text for name in NAMES)
    entries = admin.vault.read("SELECT action, detail FROM audit WHERE action = 'export'")
    assert any(json.loads(d)["template"] == "periodic_report" and
               json.loads(d)["period"] == "2026-H2" for _, d in entries)


def test_referral_outcomes_in_the_report_and_the_overview(admin: OpenVault) -> None:
    ids = _fill(admin)
    today = datetime.now(UTC).date()
    half = f"{today.year}-H{1 if today.month <= 6 else 2}"
    report = ReportService(admin.vault).build(parse_period(half))
    outcomes = _texts(report.table("referrals_by_outcome"))
    # 6 referrals: 1 accepted, 1 NFA, 4 with nothing back: all three small, and 6 split
    # three ways leaves each anywhere from 1 to 4.
    assert outcomes == {"accepted": "< 5", "no_further_action": "< 5", "none": "< 5",
                        "strategy_discussion": "0", "nrm_reasonable_grounds": "0",
                        "nrm_conclusive_grounds": "0", "total": "6"}
    assert _texts(report.table("assessments_by_level")) == {
        "no_indicators": "6", "concern": "0", "strong_concern": "0", "immediate_danger": "0",
        "total": "6"}
    # 5 MASH and 1 NRM: hiding both still gives NRM = 6 - (at least 5) = 1, so the whole
    # breakdown is withheld and only the total shown.
    pathway = report.table("referrals_by_pathway")
    assert _texts(pathway) == {"england-mash-referral": "*", "nrm-prompt-child": "*",
                               "total": "6"}
    assert pathway.table.withheld

    with pytest.raises(InvalidInput):
        admin.services.oversight.record_outcome(ids["referrals"][2], "maybe")
    assert [o[0] for o in admin.services.oversight.outcomes(ids["referrals"][0])] == ["accepted"]
    now = datetime.now(UTC)
    view = admin.services.oversight.overview(now)
    assert view.counts[oversight.NO_OUTCOME] == 4
    assert view.counts[oversight.NO_OUTCOME_LATE] == 0  # made today: not yet due back
    later = admin.services.oversight.overview(now + timedelta(days=10))
    assert later.counts[oversight.NO_OUTCOME_LATE] == 4
    assert {i.record_id for i in later.items[oversight.NO_OUTCOME_LATE]} == set(
        ids["referrals"][2:])
    # 16 concerns were recorded today; their tasks fall due within a working day.
    assert view.counts[oversight.RECENT_CONCERNS] == 16
    assert later.counts[oversight.OVERDUE] >= 16
    assert later.counts[oversight.INACTIVE] == 0
    # An NRM reasonable grounds decision keeps the referral open until the conclusive one.
    admin.services.oversight.record_outcome(ids["referrals"][5], "nrm_reasonable_grounds")
    view = admin.services.oversight.overview(now)
    assert view.counts[oversight.AWAITING_CONCLUSIVE] == 1
    assert view.counts[oversight.NO_OUTCOME] == 3
    admin.services.oversight.record_outcome(ids["referrals"][5], "nrm_conclusive_grounds")
    assert admin.services.oversight.overview(now).counts[oversight.AWAITING_CONCLUSIVE] == 0
    much_later = admin.services.oversight.overview(now + timedelta(days=200))
    assert much_later.counts[oversight.INACTIVE] == 16
    months = much_later.per_month
    assert sum(m.get("cse", 0) for m in months.values()) in (0, 13)  # 12-month window


def test_staff_are_refused_reports_overview_and_export(
        admin: OpenVault, login: Callable[[str, str], OpenVault]) -> None:
    _fill(admin)
    staff = login("staff", STAFF_PASS)
    with pytest.raises(NotAllowed):
        ReportService(staff.vault).build(parse_period("2026"))
    with pytest.raises(NotAllowed):
        staff.services.oversight.overview()
    with pytest.raises(NotAllowed):
        HtcdsService(staff.vault).export()


def test_htcds_export_has_no_names_or_free_text_and_drops_rare_rows(admin: OpenVault) -> None:
    _fill(admin)
    full = HtcdsService(admin.vault).export(k=1)
    rows = list(csv.DictReader(io.StringIO(full.csv_text)))
    assert tuple(rows[0].keys()) == COLUMNS
    assert full.rows == 16 and full.dropped == 0
    for banned in (*NAMES, "Child 3", "Test", "older man", "park", "private note", "MASH"):
        assert banned not in full.csv_text
    assert {r["cas_IncomingReferralDate"] for r in rows} == {"2026-09", "2026-05"}
    assert {r["ext_AgeBand"] for r in rows} <= {"12-15", "unknown"}
    k5 = HtcdsService(admin.vault).export(k=5)
    kept = list(csv.DictReader(io.StringIO(k5.csv_text)))
    # Only the 10 British girls share one combination of sex, nationality, age band, month.
    assert k5.rows == 10 and k5.dropped == 6
    assert {(r["prs_Gender"], r["prs_Citizenship"]) for r in kept} == {("Feminine", "GB")}
    details = [json.loads(d) for (d,) in admin.vault.read(
        "SELECT detail FROM audit WHERE action = 'export' ORDER BY seq")]
    assert [(d["rows"], d["dropped"]) for d in details if d.get("template") == "htcds"] == [
        (16, 0), (10, 6)]


def _pdftext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, timeout=60, check=True).stdout


def test_report_command_end_to_end(admin: OpenVault, tmp_path: Path) -> None:
    _fill(admin)
    admin.vault.close()
    out, table = tmp_path / "report.pdf", tmp_path / "report.csv"
    done = waymark("report", "--vault", str(admin.folder), "--user", "admin",
                   "--passphrase-stdin", "--period", "2026-H2", "--out", str(out),
                   "--csv", str(table), stdin=ADMIN_PASS + "\n")
    assert done.returncode == 0, done.stderr
    text = " ".join(_pdftext(out).split())
    assert "Safeguarding summary for the second half of 2026" in text
    assert "< 5" in text and "How small numbers are protected" in text
    assert not any(name in text for name in NAMES)
    assert "period,table,key,label,count" in table.read_text(encoding="utf-8")

    vi = tmp_path / "bao-cao.pdf"
    done = waymark("report", "--vault", str(admin.folder), "--user", "admin",
                   "--passphrase-stdin", "--period", "2026-H2", "--out", str(vi), "--lang",
                   "vi", stdin=ADMIN_PASS + "\n")
    assert done.returncode == 0, done.stderr
    text = " ".join(_pdftext(vi).split())
    for words in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO",
                  "6 tháng cuối năm 2026", "Số người theo giới tính", "< 5", "/."):
        assert words in text

    # The year overlaps the released second half: refused until the first half is released
    # too, then composed from the two (see test_differencing_released_reports_reveals_nothing).
    refused_year = waymark("report", "--vault", str(admin.folder), "--user", "admin",
                           "--passphrase-stdin", "--period", "2026", "--out",
                           str(tmp_path / "year.pdf"), stdin=ADMIN_PASS + "\n")
    assert refused_year.returncode == 2 and "2026-H2 was already released" in refused_year.stderr
    assert not (tmp_path / "year.pdf").exists()
    done = waymark("report", "--vault", str(admin.folder), "--user", "admin",
                   "--passphrase-stdin", "--period", "2026-H1", "--out",
                   str(tmp_path / "h1.pdf"), stdin=ADMIN_PASS + "\n")
    assert done.returncode == 0, done.stderr
    locked = tmp_path / "locked.pdf"
    done = waymark("report", "--vault", str(admin.folder), "--user", "admin",
                   "--passphrase-stdin", "--period", "2026", "--out", str(locked),
                   "--pdf-password-stdin", stdin=ADMIN_PASS + "\nreport pw\n")
    assert done.returncode == 0, done.stderr
    refused = subprocess.run(["pdftotext", str(locked), "-"], capture_output=True, timeout=60)
    assert refused.returncode != 0
    opened = subprocess.run(["pdftotext", "-upw", "report pw", str(locked), "-"],
                            capture_output=True, text=True, timeout=60)
    assert "Safeguarding summary for the year 2026" in " ".join(opened.stdout.split())

    bad = waymark("report", "--vault", str(admin.folder), "--user", "admin",
                  "--passphrase-stdin", "--period", "2026-Q5", "--out", str(out),
                  stdin=ADMIN_PASS + "\n")
    assert bad.returncode == 2 and "2026-Q5" in bad.stderr
    staff = waymark("report", "--vault", str(admin.folder), "--user", "staff",
                    "--passphrase-stdin", "--period", "2026", "--out",
                    str(tmp_path / "no.pdf"), stdin=STAFF_PASS + "\n")
    assert staff.returncode == 2 and "does not allow" in staff.stderr
    assert not (tmp_path / "no.pdf").exists()

    htcds = tmp_path / "cases.csv"
    done = waymark("export-htcds", "--vault", str(admin.folder), "--user", "admin",
                   "--passphrase-stdin", "--out", str(htcds), stdin=ADMIN_PASS + "\n")
    assert done.returncode == 0, done.stderr
    assert htcds.read_text(encoding="utf-8").startswith(",".join(COLUMNS))
    sealed = tmp_path / "cases.pdf"
    done = waymark("export-htcds", "--vault", str(admin.folder), "--user", "admin",
                   "--passphrase-stdin", "--out", str(sealed), "--k", "1", "--password-stdin",
                   stdin=ADMIN_PASS + "\ncase pw\n")
    assert done.returncode == 0, done.stderr
    assert b"prs_Gender" not in sealed.read_bytes()  # encrypted, not merely attached
    detached = tmp_path / "detached.csv"
    subprocess.run(["pdfdetach", "-upw", "case pw", "-save", "1", "-o", str(detached),
                    str(sealed)], check=True, capture_output=True, timeout=60)
    assert len(detached.read_text(encoding="utf-8").splitlines()) == 17  # header + 16 rows


def test_a_vietnamese_organisation_gets_its_own_wording(tmp_path: Path) -> None:
    from vaultkit import make_vault

    from desktop.app.services import Services
    from desktop.printing.report_pdf import render_report

    vault, _code = make_vault(tmp_path / "vn", jurisdiction="vietnam")
    try:
        s = Services(vault)
        pid = s.people.register(Person(given_names="Thị Lan", family_name="Lò", sex="female",
                                       nationality="Việt Nam"))
        s.concerns.record(Concern(pid, "Được trao trả tại cửa khẩu", IN_PERIOD,
                                  categories=("trafficking",)))
        report = s.oversight.report(parse_period("2026-Q3"))
    finally:
        vault.close()
    assert report.jurisdiction == "vietnam"
    # One person: every breakdown is withheld and the total printed "< 5".
    assert _texts(report.table("people_by_sex")) == {
        "female": "*", "male": "*", "other": "*", "unknown": "*", "total": "< 5"}
    en = tmp_path / "en.pdf"
    en.write_bytes(render_report(report, "en"))
    text = " ".join(_pdftext(en).split())
    assert "quarter 3 of 2026" in text and "Article 15" in text and "Ofsted" not in text
    vi = tmp_path / "vi.pdf"
    vi.write_bytes(render_report(report, "vi"))
    assert "quý 3 năm 2026" in " ".join(_pdftext(vi).split())
    assert "Lò" not in text


# From IOM's primary source, https://github.com/UNMigration/HTCDS, "HTCDS Field Standards
# 2.0.ods" (sheet Field_Standards) at commit 3c2f6537cd76c3305975aa5eef7a1bf26fe20a30: the
# field names and the picklist value names this export uses.
HTCDS_2_FIELDS = {"prs_Gender", "prs_Citizenship", "cas_IncomingReferralDate",
                  "vic_TypeOfExploitation", "vic_MethodOfRecruitment",
                  "cas_ReferredOrganisation", "cas_OutgoingReferralDate"}
HTCDS_2_GENDER = {"Feminine", "Masculine", "TransgenderFeminine", "TransgenderMasculine",
                  "NonConforming", "NonSpecifiedUnknown"}
HTCDS_2_EXPLOITATION = {"ForcedLabour", "SexualExploitation", "ChildLabour", "ForcedMarriage",
                        "Servitude", "ForcedMilitaryByNonStateActors", "OrganRemoval",
                        "ForcedBegging", "ForcedAdoption", "Surrogacy", "Other"}


def test_htcds_names_and_values_are_the_standards(admin: OpenVault) -> None:
    _fill(admin)
    rows = list(csv.DictReader(io.StringIO(HtcdsService(admin.vault).export(k=1).csv_text)))
    standard = [c for c in COLUMNS if not c.startswith("ext_")]
    assert set(standard) <= HTCDS_2_FIELDS and "prs_Nationality" not in COLUMNS
    assert {r["prs_Gender"] for r in rows} <= HTCDS_2_GENDER
    for r in rows:
        assert set(filter(None, r["vic_TypeOfExploitation"].split(";"))) <= HTCDS_2_EXPLOITATION
    # Citizenship is an ISO 3166 code: "Việt Nam" and "British" typed as text become VN, GB.
    assert {r["prs_Citizenship"] for r in rows} == {"GB", "VN", "ZZ"}


def _people(v: OpenVault, n: int, sex: str, when: datetime) -> None:
    for i in range(n):
        pid = v.services.people.register(Person(given_names=f"P{i}", family_name=sex,
                                                sex=sex, date_of_birth=date(2010, 1, 1)))
        v.services.concerns.record(Concern(pid, "worry", when, categories=("cse",)))


def test_differencing_released_reports_reveals_nothing(admin: OpenVault) -> None:
    """Counted on its own, the year would show 8 girls beside the first half's 6: 2 girls in
    the second half, a count the second half's own report hides. Under the release rules the
    year is refused until both halves are released, and then shows only what they showed."""
    h1, h2 = datetime(2026, 3, 10, 9, tzinfo=UTC), datetime(2026, 8, 10, 9, tzinfo=UTC)
    _people(admin, 6, "female", h1)
    _people(admin, 5, "male", h1)
    _people(admin, 2, "female", h2)
    _people(admin, 8, "male", h2)
    service = ReportService(admin.vault)
    first = service.build(parse_period("2026-H1"))
    assert _texts(first.table("people_by_sex"))["female"] == "6"
    with pytest.raises(ReportRefused):
        service.build(parse_period("2026"))  # would be year - H1 = H2's hidden 2
    with pytest.raises(ReportRefused):
        service.build(parse_period("2026-Q1"))  # inside the released half
    second = service.build(parse_period("2026-H2"))
    assert _texts(second.table("people_by_sex"))["female"] == "< 5"
    year = service.build(parse_period("2026"))
    assert year.parts == ("2026-H1", "2026-H2")
    sex = _texts(year.table("people_by_sex"))
    assert sex["female"] == "*" and sex["male"] == "*" and sex["total"] == "21"
    # Every figure the year shows is the sum of figures the halves showed: subtracting one
    # report from another only gives back what was already published.
    for table in year.tables:
        for cell in table.table.cells:
            if cell.state == "shown":
                parts = [next(c for c in r.table(table.id).table.cells if c.key == cell.key)
                         for r in (first, second)]
                assert all(c.state == "shown" for c in parts)
                assert cell.value == sum(c.value for c in parts)
    # A late record does not change a released period: the same figures again.
    _people(admin, 1, "female", h2)
    assert _texts(service.build(parse_period("2026-H2")).table("people_by_sex")) == \
        _texts(second.table("people_by_sex"))


def test_people_by_province_with_the_same_suppression(tmp_path: Path) -> None:
    """Viet Nam: 7 people received in Lào Cai (10), 6 in Hà Giang (02), 2 in Lạng Sơn (20) and
    1 with no province: Lạng Sơn is not named (2 beside its name would say too much) but
    counted under other provinces, and the small cells are protected from the total."""
    from vaultkit import make_vault

    from desktop.app.services import Services
    from desktop.printing.report_pdf import render_report

    vault, _code = make_vault(tmp_path / "vn", jurisdiction="vietnam")
    try:
        s = Services(vault)
        for n, province in ((7, "10"), (6, "02"), (2, "20"), (1, "")):
            for i in range(n):
                pid = s.people.register(Person(given_names=f"Người {i}", family_name="Lò",
                                               sex="female", province=province))
                s.concerns.record(Concern(pid, "Được trao trả", IN_PERIOD,
                                          categories=("trafficking",)))
        report = s.oversight.report(parse_period("2026-Q3"))
    finally:
        vault.close()
    area = report.table("people_by_area")
    texts = _texts(area)
    assert set(texts) == {"10", "02", "~other", "~not_recorded", "total"}
    assert texts["~other"] == "< 5" and texts["~not_recorded"] == "< 5"
    assert texts["total"] == "16"
    # Hiding 6 alone would leave 9 for it and the two small cells, so at most 3 each: the 7
    # is hidden too.
    assert texts["02"] == "*" and texts["10"] == "*"
    assert area.label("10", "vi") == "Lào Cai" and area.label("~other", "en").startswith(
        "Other provinces")
    pdf = tmp_path / "vi.pdf"
    pdf.write_bytes(render_report(report, "vi"))
    text = " ".join(_pdftext(pdf).split())
    assert "Số người theo tỉnh, thành phố nơi phát hiện, tiếp nhận" in text
    assert "Lào Cai" in text and "Lạng Sơn" not in text


def test_people_by_local_authority_in_england(admin: OpenVault) -> None:
    for i in range(6):
        pid = admin.services.people.register(Person(
            given_names=f"C{i}", sex="female", province="Cumbria " if i % 2 else "cumbria"))
        admin.services.concerns.record(Concern(pid, "worry", IN_PERIOD, categories=("cse",)))
    texts = _texts(ReportService(admin.vault).build(parse_period("2026-Q3"))
                   .table("people_by_area"))
    assert texts == {"cumbria": "6", "total": "6"}
