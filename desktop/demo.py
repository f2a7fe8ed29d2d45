"""`waymark demo`: a vault full of clearly fictional people and records, for trying the app,
training staff and benchmarks.

A vault holds what its jurisdiction's services would hold. England: children in a children's
home and pupils of a school (a few with Vietnamese names, as in English care and schools),
written by a care worker and a teacher, and a safeguarding lead who shares records and
completes tasks. Viet Nam: citizens handed back at a border gate and received by a border post,
written by a border officer, and the post's deputy head as the lead. Each demo user writes in
their own session (so authorship, access and the audit log look as they would in use).
Content is deterministic (seeded per person); only the times follow the clock. People past
the hand-written core set are built from name and scenario combinations with fewer records,
in transactions of a few hundred, so 10,000 people is quick.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from desktop import demo_content as txt
from desktop.app.services import Services
from desktop.app.users import check_passphrase, check_username
from desktop.content.checklists import frameworks
from desktop.content.jurisdictions import JURISDICTIONS
from desktop.domain.assessments import Answer
from desktop.domain.concerns import Concern
from desktop.domain.disclosures import Disclosure, Told, Turn
from desktop.domain.events import now_utc
from desktop.domain.groups import Belonging, MemberRow, Official, Reception
from desktop.domain.people import IdentityDocument, Person, is_child_age
from desktop.domain.profiles import Profile
from desktop.domain.roles import Role, manages_users
from desktop.vault.errors import NotFound
from desktop.vault.store import Vault, VaultPaths

DEMO_ORG = {"england": "Waymark demo — fictional records", "vietnam": txt.BORDER_POST}
BATCH = 250  # people per transaction: one commit (and fsync) per batch, not per record
SEED = "waymark-demo-v1"
# The kinds of person each jurisdiction's vault holds, in the order bulk people take turns.
KINDS = {"england": ("care", "school"), "vietnam": ("border",)}
VN_IN_CARE = 25  # one bulk child in care in every 25 of an England vault has a Vietnamese name


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: Role
    kind: str
    jurisdiction: str


DEMO_USERS = (
    DemoUser("demo.care", "Sam Carter (care worker, fictional)", Role.STAFF, "care", "england"),
    DemoUser("demo.teacher", "Priya Shah (teacher, fictional)", Role.STAFF, "school", "england"),
    DemoUser("demo.lead", "Alex Morgan (safeguarding lead, fictional)", Role.LEAD, "lead",
             "england"),
    DemoUser("demo.border", "Phạm Văn Nam (cán bộ biên phòng, hư cấu)", Role.STAFF, "border",
             "vietnam"),
    DemoUser("demo.lead", "Vũ Thị Thanh Hương (phó đồn trưởng, hư cấu)", Role.LEAD, "lead",
             "vietnam"),
)


def demo_users(jurisdiction: str) -> tuple[DemoUser, ...]:
    """The demo users of a vault of `jurisdiction` (its own staff, no one from elsewhere)."""
    return tuple(u for u in DEMO_USERS if u.jurisdiction == jurisdiction)


@dataclass
class Tally:
    people: int = 0
    concerns: int = 0
    notes: int = 0
    shares: int = 0
    tasks_done: int = 0
    assessments: int = 0
    disclosures: int = 0
    users_added: list[str] = field(default_factory=list)
    core_ids: dict[str, str] = field(default_factory=dict)  # "Family Given" -> person id


def fill_demo(vault_dir: Path, admin: str, passphrase: str, people: int,
              jurisdiction: str) -> str:
    """Create the demo vault (or unlock an existing one as `admin`) and add `people` fictional
    people with their records. An existing vault keeps its own jurisdiction. Returns a
    one-line summary (no names in it; for a new vault, its recovery code, so the recovery
    flow can be tried on the demo)."""
    if people < 1:
        raise ValueError("people must be at least 1")
    if jurisdiction not in JURISDICTIONS:
        raise ValueError(f"unknown jurisdiction: {jurisdiction}")
    tally = Tally()
    code = ""
    created = not VaultPaths(vault_dir).exists()
    if created:
        check_username(admin)
        check_passphrase(passphrase)
        vault, code = Vault.create(
            vault_dir, org_name=DEMO_ORG[jurisdiction], jurisdiction=jurisdiction,
            language="vi" if jurisdiction == "vietnam" else "en", admin_username=admin,
            admin_display_name="Quản trị viên mẫu (hư cấu)" if jurisdiction == "vietnam"
            else "Demo admin (fictional)", passphrase=passphrase)
    else:
        vault = Vault.unlock(vault_dir, admin, passphrase)
    try:
        juris = vault.meta("jurisdiction") or "england"  # an existing vault's own
        users = demo_users(juris)
        services = Services(vault)
        authors = _prepare_users(services, users, passphrase, tally)
        start = services.people.count()
        staff = [u.username for u in users if u.role is Role.STAFF]
        marks = ",".join("?" * len(staff))
        core_done = vault.read_one(
            f"SELECT 1 FROM people WHERE registered_by IN ({marks}) LIMIT 1",
            tuple(staff)) is not None
        admin_name = vault.user.username
    finally:
        vault.close()

    kinds = KINDS[juris]
    core = [] if core_done else _interleaved_core(kinds)[:people]
    bulk = range(start + len(core), start + people)
    for kind in kinds:
        with _session(vault_dir, authors[kind], passphrase) as s:
            _write_core(s, [p for p in core if p.kind == kind], tally)
            _write_bulk(s, kind, [i for i in bulk if kinds[i % len(kinds)] == kind], tally)
    if core:
        with _session(vault_dir, authors["lead"], passphrase) as s:
            _lead_work(s, juris, authors, tally)

    names = ", ".join(f"{u.username} ({u.role.value})" for u in users
                      if authors[u.kind] == u.username)
    writers = (f"demo users {names} use the same passphrase as {admin_name}" if names
               else f"all records written as {admin_name}")
    return (f"Demo vault {'created' if created else 'filled'} at {vault_dir}: "
            f"{tally.people} fictional people added ({start + tally.people} in the vault), "
            f"{tally.concerns} concerns, {tally.assessments} assessments, "
            f"{tally.disclosures} disclosures, {tally.notes} notes, "
            f"{tally.shares} shares, "
            f"{tally.tasks_done} tasks completed; {writers}."
            + (f" Recovery code of this demo vault: {code}" if code else ""))


@contextlib.contextmanager
def _session(folder: Path, username: str, passphrase: str) -> Iterator[Services]:
    vault = Vault.unlock(folder, username, passphrase)
    try:
        yield Services(vault)
    finally:
        vault.close()


def _prepare_users(services: Services, users: Sequence[DemoUser], passphrase: str,
                   tally: Tally) -> dict[str, str]:
    """Add the demo users that are missing; map each kind of work to the user who does it.
    An existing user whose passphrase differs is left alone and the admin writes instead."""
    vault = services.vault
    authors: dict[str, str] = {}
    for user in users:
        try:
            services.users.get(user.username)
            exists = True
        except NotFound:
            exists = False
        if not exists and manages_users(vault.user.role):
            services.users.add(user.username, user.display_name, user.role, passphrase)
            tally.users_added.append(user.username)
            authors[user.kind] = user.username
        elif exists and vault.keyfile.unwrap(vault.keyfile.slot_id(user.username),
                                             passphrase) is not None:
            authors[user.kind] = user.username
        else:
            authors[user.kind] = vault.user.username
    _demo_profiles(services, tally)
    return authors


def _demo_profiles(services: Services, tally: Tally) -> None:
    """Profiles and organisation details for the forms, on a vault the demo just filled."""
    if not manages_users(services.vault.user.role):
        return
    juris = services.vault.meta("jurisdiction") or "england"
    me = services.vault.user.username
    profiles = txt.VN_PROFILES if juris == "vietnam" else txt.PROFILES
    wanted = {k: v for k, v in profiles.items() if k != "admin"}
    wanted[me] = profiles["admin"]
    org = services.vault.meta("org_name") or ""
    for username, fields in wanted.items():
        try:
            if services.users.profile(username).full_name:
                continue  # someone's own profile is theirs to keep
            services.users.get(username)
        except NotFound:
            continue
        services.users.set_profile(username, Profile.from_json({**fields, "organisation": org}))
    if not services.settings.org().address:
        d = txt.ORG_DETAILS[juris]
        services.settings.set_org_details(
            address=d["address"], phone=d["phone"], abbreviation=d["abbreviation"],
            place=d["place"], parent_agency=d["parent_agency"])


def _interleaved_core(kinds: Sequence[str]) -> list[txt.CorePerson]:
    """The hand-written people of `kinds`, one of each kind in turn, so even a tiny demo has
    all of them."""
    by_kind = {"care": txt.CARE_CHILDREN, "school": txt.SCHOOL_PUPILS,
               "border": txt.BORDER_GROUP}
    groups = [list(by_kind[k]) for k in kinds]
    out: list[txt.CorePerson] = []
    while any(groups):
        for group in groups:
            if group:
                out.append(group.pop(0))
    return out


def _birth_date(rng: random.Random, age: int, today: date) -> date:
    return today - timedelta(days=age * 365 + rng.randint(30, 330))


def _core_person(p: txt.CorePerson, rng: random.Random, today: date) -> Person:
    if p.kind == "border":
        docs = ((IdentityDocument("passport", "held_by_other", p.documents_note),)
                if p.documents_note else (IdentityDocument("passport", "missing"),))
        return Person(
            given_names=p.given_names, family_name=p.family_name, aliases=p.aliases,
            estimated_age=p.age, age_disputed=p.age_disputed, sex=p.sex,
            nationality="Việt Nam", languages=_vn_languages(p),
            interpreter_needed=p.interpreter_needed, location_kind="border_post",
            location=txt.BORDER_POST, documents=docs, notes=txt.FICTIONAL_VI).with_details(
            {**txt.PERSON_DETAILS["border"], "ethnicity": _ethnicity(p)})
    # A child whose age is disputed has an estimated age, not a date of birth.
    born = None if p.age_disputed else _birth_date(rng, p.age, today)
    return Person(
        given_names=p.given_names, family_name=p.family_name, aliases=p.aliases,
        date_of_birth=born, estimated_age=p.age if p.age_disputed else None,
        age_disputed=p.age_disputed, sex=p.sex, nationality=p.nationality,
        languages=p.languages, interpreter_needed=p.interpreter_needed,
        location_kind="placement" if p.kind == "care" else "school",
        location=txt.CARE_HOME if p.kind == "care" else txt.SCHOOL,
        notes=txt.FICTIONAL_EN).with_details({**txt.PERSON_DETAILS[p.kind], **dict(p.details)})


def _receive_group(s: Services, core: Sequence[txt.CorePerson],
                   now: datetime) -> tuple[list[str], set[str]]:
    """The border group as the post received it four days ago (issue 17): one reception
    record naming every member, each a person of their own with the hand-back tasks.
    Returns the members' ids and the tasks'."""
    officer = txt.VN_PROFILES["demo.border"]
    reception = Reception(
        received_at=(now - timedelta(days=4, hours=12)).isoformat(timespec="seconds"),
        place=txt.BORDER_GATE, handed_over_by=txt.FOREIGN_SIDE, receiving_unit=txt.BORDER_POST,
        receiving_officers=(Official(officer["full_name"], officer["job_title"],
                                     txt.BORDER_POST),),
        witness=txt.RECEPTION_WITNESS, documents=(txt.RECEPTION_LIST,),
        belongings=(Belonging("Điện thoại di động", "3", "Đã niêm phong"),),
        notes=txt.FICTIONAL_VI)
    rows = [MemberRow(
        name=f"{p.family_name} {p.given_names}", sex=p.sex, estimated_age=p.age,
        age_disputed=p.age_disputed, ethnicity=_ethnicity(p), languages=_vn_languages(p),
        interpreter_needed=p.interpreter_needed,
        home_town=txt.PERSON_DETAILS["border"]["home_town"],
        documents="held_by_other" if p.documents_note else "missing",
        documents_note=p.documents_note) for p in core]
    group = s.intake.receive(reception, rows)
    return list(group.person_ids), set(group.task_ids)


def _vn_languages(p: txt.CorePerson) -> tuple[str, ...]:
    # CorePerson's default languages are the English children's.
    return p.languages if p.languages != ("English",) else ("Tiếng Việt",)


def _ethnicity(p: txt.CorePerson) -> str:
    # A H'Mông speaker is of the H'Mông people, not Kinh as the other border records.
    return "H'Mông" if "Tiếng H'Mông" in p.languages else "Kinh"


def _write_core(s: Services, core: Sequence[txt.CorePerson], tally: Tally) -> None:
    now = now_utc()
    today = now.date()
    with s.vault.transaction():
        received, group_tasks = (_receive_group(s, core, now)
                                 if core and core[0].kind == "border" else ([], set()))
        for n, p in enumerate(core):
            rng = random.Random(f"{SEED}:core:{p.family_name}:{p.given_names}")
            person = _core_person(p, rng, today)
            if received:  # received with the group: what the officer learnt since
                pid = received[n]
                s.people.update(pid, person)
            else:
                pid = s.people.register(person)
            tally.people += 1
            tally.core_ids[f"{p.family_name} {p.given_names}"] = pid
            recorded = []
            for c in sorted(p.concerns, key=lambda c: -c.days_ago):
                at = now - timedelta(days=c.days_ago, hours=rng.randint(1, 10))
                recorded.append(s.concerns.record(Concern(
                    person_id=pid, seen_or_heard=c.text, occurred_at=at, place=c.place,
                    categories=c.categories, immediate_risk=c.immediate_risk, told=c.told,
                    told_detail=c.told_detail)).task_ids)
                tally.concerns += 1
            # Staff have done their part for all but the newest concern.
            done = {t for ids in recorded[:-1] for t in ids}
            if any(c.immediate_risk for c in p.concerns):
                done |= set(recorded[-1])
            # The officers did their part of the hand-back in the four days since. Marked
            # after the concerns and the checklist, which ask again for a need that is not
            # open (a second "receive with the police" for someone received days ago).
            done |= group_tasks
            _demo_assessment(s, p, pid, rng, tally)
            _complete_staff_tasks(s, pid, done, tally, txt.TASK_DONE_VI
                                  if p.kind == "border" else "Done (fictional demo).")
            if p.kind in ("care", "border") and p.concerns:
                _demo_disclosure(s, p, pid, now, tally)
            note_end = " (Hồ sơ mẫu hư cấu.)" if p.kind == "border" else " (Fictional demo note.)"
            for note in (*p.notes, *((txt.BORDER_NOTE,) if p.kind == "border" else ())):
                s.people.add_note(pid, note + note_end)
                tally.notes += 1


DEMO_FRAMEWORK = {"care": "uk-child-exploitation", "school": "uk-child-criminal-exploitation",
                  "border": "vn-victim-identification"}


def _demo_assessment(s: Services, p: txt.CorePerson, pid: str, rng: random.Random,
                     tally: Tally) -> None:
    """One submitted checklist per core person: a few signs answered yes (never an
    immediate-danger one), a few no, the rest left not known."""
    child = is_child_age(p.age, p.age_disputed)
    fid = p.framework or DEMO_FRAMEWORK[p.kind]
    framework = frameworks.latest(fid)
    applicable = [i for i in framework.indicators()
                  if i.applies_to in (("child", "both") if child else ("adult", "both"))]
    signs = [i for i in applicable if i.severity != "immediate_danger"]
    note = "Ghi chú mẫu hư cấu." if p.kind == "border" else "Fictional demo note."
    # Someone who went of their own will and was paid (only "other" concerns) shows no sign.
    yes = 0 if all(c.categories == ("other",) for c in p.concerns) else 3
    answers = {i.id: Answer("yes", note, rng.choice(("observed", "said_by_person")))
               for i in rng.sample(signs, min(yes, len(signs)))}
    for i in rng.sample(applicable, min(4, len(applicable))):
        answers.setdefault(i.id, Answer("no"))
    language = "vi" if p.kind == "border" else "en"
    s.assessments.submit(pid, framework, answers, language)
    tally.assessments += 1


def _demo_disclosure(s: Services, p: txt.CorePerson, pid: str, now: datetime,
                     tally: Tally) -> None:
    border = p.kind == "border"
    turns = p.disclosure or (txt.DISCLOSURE_VI if border else txt.DISCLOSURE_EN)
    lead = (txt.VN_PROFILES if border else txt.PROFILES)["demo.lead"]["full_name"]
    when = now - timedelta(days=min(c.days_ago for c in p.concerns), hours=2)
    s.disclosures.seal(Disclosure(
        person_id=pid, when=when, language="vi" if border else "en",
        where="Phòng tiếp nhận (hư cấu)" if border else "The quiet room (fictional)",
        how="spontaneous" if border else "during_activity",
        demeanour="Mệt, nói nhỏ" if border else "Quiet, kept looking at the door",
        turns=tuple(Turn(who, text) for who, text in turns),
        observed="Không có giấy tờ tùy thân." if border else "New trainers and a second phone.",
        actions="Báo lãnh đạo đơn vị." if border else "Stayed with them; told the DSL.",
        # The lead by the name on their profile, as the forms print people (not "Demo lead").
        told=(Told("dsl", when + timedelta(minutes=20), lead),),
        categories=("trafficking",) if border else ("cce",)))
    tally.disclosures += 1


def _complete_staff_tasks(s: Services, person_id: str, task_ids: set[str], tally: Tally,
                          note: str) -> None:
    if not task_ids:
        return
    for task in s.tasks.list(person_id=person_id):
        if task.id in task_ids and task.assignee_role == "staff":
            s.tasks.complete(task.id, note)
            tally.tasks_done += 1


def _lead_work(s: Services, juris: str, authors: dict[str, str], tally: Tally) -> None:
    """England: the lead shares two children in care with the teacher (they attend her
    school) and completes some referral tasks. Viet Nam: the deputy head completes some."""
    vn = juris == "vietnam"
    teacher = authors.get("school")
    with s.vault.transaction():
        for name in () if vn else ("Brennan Kayla", "Kowalska Mia"):
            pid = tally.core_ids.get(name)
            if pid and teacher and teacher != s.vault.user.username:
                s.people.share(pid, teacher)
                tally.shares += 1
        for name in (("Nguyễn Thị Hồng", "Lê Thị Thu Hà", "Giàng A Páo") if vn else
                     ("Brennan Kayla", "Okafor Jordan", "Haddad Amira", "Vũ Văn Minh")):
            pid = tally.core_ids.get(name)
            if not pid:
                continue
            for task in [t for t in s.tasks.list(person_id=pid)
                         if t.assignee_role == "lead" and not t.done_at][:2]:
                s.tasks.complete(task.id, txt.TASK_DONE_VI if vn else
                                 "Referral made (fictional demo).")
                tally.tasks_done += 1
            s.people.add_note(pid, txt.LEAD_NOTE_VI + " (Hồ sơ mẫu hư cấu.)" if vn else
                              txt.LEAD_NOTE + " (Fictional demo note.)")
            tally.notes += 1


# --- people past the core set -------------------------------------------------------------
def _bulk_person(kind: str, index: int, rng: random.Random, today: date) -> Person:
    sex = "female" if rng.random() < 0.55 else "male"
    if kind == "border":
        hmong = rng.random() < 0.15
        if hmong:
            family = rng.choice(txt.HMONG_FAMILY)
            given = rng.choice(txt.HMONG_FEMALE if sex == "female" else txt.HMONG_MALE)
        else:
            family = rng.choice(txt.VN_FAMILY)
            middle = rng.choice(txt.VN_FEMALE_MIDDLE if sex == "female" else txt.VN_MALE_MIDDLE)
            given = f"{middle} {rng.choice(txt.VN_FEMALE if sex == 'female' else txt.VN_MALE)}"
        age = rng.randint(14, 40)
        group = index // 12  # one group handed back at the gate in every 12 people
        return Person(
            given_names=given, family_name=family, estimated_age=age,
            age_disputed=15 <= age <= 19 and rng.random() < 0.5, sex=sex,
            nationality="Việt Nam",
            languages=("Tiếng H'Mông", "Tiếng Việt") if hmong else ("Tiếng Việt",),
            interpreter_needed=hmong, location_kind="border_post", location=txt.BORDER_POST,
            documents=(IdentityDocument("passport", rng.choice(
                ("held_by_other", "missing", "held"))),),
            notes=f"{txt.FICTIONAL_VI} Trao trả cùng nhóm số {group} tại cửa khẩu.")
    if kind == "care" and index % VN_IN_CARE == 0:
        return _vn_child_in_care(sex, rng)
    first = rng.choice(txt.EN_FEMALE if sex == "female" else txt.EN_MALE)
    middle = rng.choice(txt.EN_MIDDLE_F if sex == "female" else txt.EN_MIDDLE_M)
    age = rng.randint(12, 17) if kind == "care" else rng.randint(11, 16)
    return Person(
        given_names=f"{first} {middle}".strip(), family_name=rng.choice(txt.EN_FAMILY),
        date_of_birth=_birth_date(rng, age, today), sex=sex, nationality="British",
        languages=("English",), location_kind="placement" if kind == "care" else "school",
        location=txt.CARE_HOME if kind == "care" else txt.SCHOOL, notes=txt.FICTIONAL_EN)


def _vn_child_in_care(sex: str, rng: random.Random) -> Person:
    """A child from Viet Nam in care in England: age disputed, an interpreter needed."""
    middle = rng.choice(txt.VN_FEMALE_MIDDLE if sex == "female" else txt.VN_MALE_MIDDLE)
    given = f"{middle} {rng.choice(txt.VN_FEMALE if sex == 'female' else txt.VN_MALE)}"
    return Person(
        given_names=given, family_name=rng.choice(txt.VN_FAMILY),
        estimated_age=rng.randint(14, 17), age_disputed=True, sex=sex,
        nationality="Vietnamese", languages=("Vietnamese",), interpreter_needed=True,
        location_kind="placement", location=txt.CARE_HOME, notes=txt.FICTIONAL_EN)


def _called(person: Person) -> str:
    """What staff call someone: a Vietnamese person by the last of their given names (Văn
    Minh is Minh), anyone else by the first (Chloe Rose is Chloe)."""
    names = person.given_names.split() or [person.family_name]
    return names[-1] if person.nationality == "Vietnamese" else names[0]


def _bulk_concern(kind: str, person: Person, pid: str, rng: random.Random,
                  now: datetime) -> Concern:
    templates = {"care": txt.CARE_TEMPLATES, "school": txt.SCHOOL_TEMPLATES,
                 "border": txt.BORDER_TEMPLATES}[kind]
    if person.nationality == "Vietnamese":
        templates = txt.VN_IN_CARE_TEMPLATES
    template, categories = rng.choice(templates)
    he = person.sex == "male"
    text = template.format(
        name=_called(person), pronoun="He" if he else "She",
        pronoun_l="he" if he else "she", pronoun_obj="him" if he else "her",
        hours=rng.randint(17, 22), money=rng.choice((60, 120, 200, 350, 15, 30, 45)),
        job=rng.choice(txt.VN_JOBS))
    place = {"care": txt.CARE_HOME, "school": txt.SCHOOL, "border": txt.BORDER_POST}[kind]
    return Concern(
        person_id=pid, seen_or_heard=text,
        occurred_at=now - timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 23)),
        place=place, categories=categories,
        told=("police", "commune") if kind == "border" else ("dsl",))


def _write_bulk(s: Services, kind: str, indices: Sequence[int], tally: Tally) -> None:
    now = now_utc()
    today = now.date()
    for start in range(0, len(indices), BATCH):
        with s.vault.transaction():
            for index in indices[start:start + BATCH]:
                rng = random.Random(f"{SEED}:{index}")
                person = _bulk_person(kind, index, rng, today)
                pid = s.people.register(person)
                tally.people += 1
                if rng.random() < 0.35:
                    s.concerns.record(_bulk_concern(kind, person, pid, rng, now))
                    tally.concerns += 1
                if rng.random() < 0.1:
                    s.people.add_note(pid, ("Hồ sơ mẫu hư cấu: đã cung cấp nhu yếu phẩm."
                                            if kind == "border" else
                                            "Fictional demo note: key worker check-in."))
                    tally.notes += 1
