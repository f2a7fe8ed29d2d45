"""Words for record fields (categories, who was told, places, documents) and for times.

Every label goes through `tr()` with a literal context and text, so the catalog test can find
it; the domain keeps only stable ids.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QDateTime, QLocale

from desktop.ui.i18n import tr, trn

CTX = "RecordLabels"


def category_label(category: str, jurisdiction: str = "england") -> str:
    """A concern category in the words used where the vault works: Viet Nam has no "CSE",
    "CCE" or "county lines" (England's terms), and its categories are for adults too."""
    if jurisdiction == "vietnam":
        words = {
            "cse": tr("RecordLabels", "Sexual exploitation"),
            "cce": tr("RecordLabels", "Forced to commit crimes"),
            "forced_labour": tr("RecordLabels", "Forced labour"),
        }
        if category in words:
            return words[category]
    labels = {
        "cse": tr("RecordLabels", "Child sexual exploitation (CSE)"),
        "cce": tr("RecordLabels", "Child criminal exploitation (CCE)"),
        "trafficking": tr("RecordLabels", "Trafficking"),
        "county_lines": tr("RecordLabels", "County lines"),
        "serious_violence": tr("RecordLabels", "Serious violence"),
        "missing": tr("RecordLabels", "Missing episode"),
        "online_harm": tr("RecordLabels", "Online harm"),
        "forced_labour": tr("RecordLabels", "Forced labour"),
        "other": tr("RecordLabels", "Other"),
    }
    return labels.get(category, category)


def told_label(who: str, jurisdiction: str = "england") -> str:
    """Who was told, in the words used where the vault works (a "DSL" is an English school's
    Designated Safeguarding Lead; in Viet Nam it is the unit's own safeguarding lead)."""
    if jurisdiction == "vietnam" and who == "dsl":
        return tr("RecordLabels", "Our safeguarding lead")
    labels = {
        "dsl": tr("RecordLabels", "Designated Safeguarding Lead (DSL)"),
        "police": tr("RecordLabels", "Police"),
        "social_care": tr("RecordLabels", "Children's social care"),
        "parent_carer": tr("RecordLabels", "Parent or carer"),
        "placing_authority": tr("RecordLabels", "Placing authority"),
        "commune": tr("RecordLabels", "Commune People's Committee"),
        "other": tr("RecordLabels", "Someone else"),
    }
    return labels.get(who, who)


def sex_label(sex: str) -> str:
    labels = {
        "female": tr("RecordLabels", "Female"),
        "male": tr("RecordLabels", "Male"),
        "other": tr("RecordLabels", "Other"),
        "unknown": tr("RecordLabels", "Not known"),
    }
    return labels.get(sex, sex)


def location_kind_label(kind: str) -> str:
    labels = {
        "placement": tr("RecordLabels", "Placement (care home, foster home)"),
        "school": tr("RecordLabels", "School"),
        "border_post": tr("RecordLabels", "Border post"),
        "place_found": tr("RecordLabels", "Place where found"),
        "home": tr("RecordLabels", "Home"),
        "other": tr("RecordLabels", "Other"),
    }
    return labels.get(kind, kind)


def document_state_label(state: str) -> str:
    labels = {
        "held": tr("RecordLabels", "Held by the person"),
        "missing": tr("RecordLabels", "Missing"),
        "held_by_other": tr("RecordLabels", "Held by someone else"),
        "unknown": tr("RecordLabels", "Not known"),
    }
    return labels.get(state, state)


def entry_kind_label(kind: str) -> str:
    labels = {
        "person.registered": tr("RecordLabels", "Registered"),
        "person.updated": tr("RecordLabels", "Details"),
        "person.shared": tr("RecordLabels", "Shared"),
        "concern.recorded": tr("RecordLabels", "Concern"),
        "note.added": tr("RecordLabels", "Note"),
        "task.created": tr("RecordLabels", "Task"),
        "task.done": tr("RecordLabels", "Task done"),
        "amendment.added": tr("RecordLabels", "Amendment"),
        "assessment.submitted": tr("RecordLabels", "Assessment"),
        "disclosure.sealed": tr("RecordLabels", "Disclosure"),
        "bodymap.recorded": tr("RecordLabels", "Body map"),
        "referral.made": tr("RecordLabels", "Referral"),
        "referral.outcome": tr("RecordLabels", "Referral outcome"),
    }
    return labels.get(kind, kind)


def role_label(role: str) -> str:
    labels = {
        "staff": tr("RecordLabels", "Staff"),
        "lead": tr("RecordLabels", "Safeguarding lead"),
        "admin": tr("RecordLabels", "Administrator"),
    }
    return labels.get(role, role)


def age_text(date_of_birth: str | None, estimated_age: int | None, age_disputed: bool,
             today: date) -> str:
    """`14`, `~15 (estimated)`, `Not known`, each with `, age disputed` when it is."""
    if date_of_birth:
        dob = date.fromisoformat(date_of_birth)
        years = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
        text = str(years)
    elif estimated_age is not None:
        text = tr("RecordLabels", "~{age} (estimated)").format(age=estimated_age)
    else:
        text = tr("RecordLabels", "Age not known")
    if age_disputed:
        text = tr("RecordLabels", "{age}, age disputed").format(age=text)
    return text


def parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def local_time_text(text: str) -> str:
    """An ISO time shown in the computer's local time, in the interface language."""
    moment = parse_time(text)
    qdt = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))
    return QLocale().toString(qdt, "d MMM yyyy, HH:mm")


def span_text(seconds: int) -> str:
    """A length of time in words: minutes under an hour, hours under two days, days and the
    hours left over under a week (a deadline 2 days 23 hours away is nearly 3 days, and must
    not read "2 days"), whole days (rounded) after that."""
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if minutes < 60:
        return trn("RecordLabels", "%n minutes", minutes)
    if hours < 48:
        return trn("RecordLabels", "%n hours", hours)
    if days < 7:
        rest = hours - days * 24
        text = trn("RecordLabels", "%n days", days)
        return f"{text} {trn('RecordLabels', '%n hours', rest)}" if rest else text
    return trn("RecordLabels", "%n days", round(seconds / 86400))


def relative_text(when: datetime, now: datetime) -> str:
    """`in 3 hours`, `2 days ago`, `now`: how far a deadline is, in plain words."""
    seconds = int((when - now).total_seconds())
    if abs(seconds) < 60:
        return tr("RecordLabels", "now")
    if seconds > 0:
        return tr("RecordLabels", "in {span}").format(span=span_text(seconds))
    return tr("RecordLabels", "{span} ago").format(span=span_text(-seconds))


def record_problems() -> dict[str, str]:
    """The record validation codes in plain words (in the interface language)."""
    messages = {
        "name_required": tr("RecordLabels", "Write at least one name or alias."),
        "sex_invalid": tr("RecordLabels", "Choose the person's sex, or 'Not known'."),
        "location_kind_invalid": tr("RecordLabels", "Choose where the person is."),
        "email_invalid": tr("RecordLabels", "The email address is not in the form "
                                            "name@example.org."),
        "too_long": tr("RecordLabels", "A profile field holds at most 200 characters."),
        "cp_status_invalid": tr("RecordLabels", "Choose a child protection status from the "
                                                "list."),
        "estimated_age_invalid": tr("RecordLabels", "The estimated age must be between 0 and 120."),
        "date_of_birth_future": tr("RecordLabels", "The date of birth cannot be in the future."),
        "seen_or_heard_required": tr("RecordLabels", "Write what you saw or heard."),
        "category_required": tr("RecordLabels", "Tick at least one kind of concern (or 'Other')."),
        "category_invalid": tr("RecordLabels", "One of the kinds of concern is not known."),
        "told_invalid": tr("RecordLabels", "One of the people told is not known."),
        "occurred_at_naive": tr("RecordLabels", "Check when it happened."),
        "note_required": tr("RecordLabels", "Write the note first."),
        "answer_invalid": tr("RecordLabels", "An answer is not one Waymark knows."),
        "source_invalid": tr("RecordLabels", "A source is not one Waymark knows."),
        "indicator_unknown": tr("RecordLabels",
                                "An answer is for an indicator that is not in this checklist."),
        "reason_required": tr("RecordLabels", "Give the reason for the amendment."),
        "route_invalid": tr("RecordLabels", "Choose how the person came: handed back at a "
                                            "border gate, rescued, or came forward themselves."),
        "nothing_changed": tr("RecordLabels", "Nothing was changed."),
        "member_unknown": tr("RecordLabels", "That person is not a member of this group."),
        "reception_field_required": tr("RecordLabels", "The place, the handing-over party "
                                                       "and the time cannot be left empty."),
        "accompanies_unknown": tr("RecordLabels", "The adult this child came with is not "
                                                  "in the group."),
        "amendment_text_required": tr("RecordLabels", "Write the amendment."),
        "record_not_sealed": tr("RecordLabels", "Only a sealed record takes amendments."),
        "person_words_required": tr("RecordLabels",
                                    "Write at least one turn in the person's own words."),
        "how_invalid": tr("RecordLabels", "Choose how the disclosure came about."),
        "speaker_invalid": tr("RecordLabels",
                              "Each turn must be the staff member's words or the person's."),
        "language_invalid": tr("RecordLabels", "Choose English or Vietnamese."),
        "version_unknown": tr("RecordLabels", "Choose one of the two versions shown."),
        "outline_invalid": tr("RecordLabels",
                  "Choose the child or the adult outline."),
        "marks_required": tr("RecordLabels",
                  "Add at least one mark: click on the body, or add one by body region."),
        "too_many_marks": tr("RecordLabels",
                  "A body map can hold at most 200 marks. Record the others on a second body map."),
        "mark_invalid": tr("RecordLabels",
                  "A mark could not be read. Remove it and add it again."),
        "mark_number_invalid": tr("RecordLabels",
                  "Each mark needs its own number (1, 2, 3…)."),
        "mark_view_invalid": tr("RecordLabels",
                  "Each mark must be on the front or the back view."),
        "mark_position_invalid": tr("RecordLabels",
                  "A mark is outside the body map. Move it onto the outline."),
        "region_unknown": tr("RecordLabels",
                  "A mark's body region is not known for this outline and view."),
        "mark_text_too_long": tr("RecordLabels",
                  "A mark's description is too long (at most 4,000 characters)."),
    }
    return messages


__all__ = ["CTX", "category_label", "told_label", "sex_label", "location_kind_label",
           "document_state_label", "entry_kind_label", "role_label", "age_text",
           "local_time_text", "relative_text", "record_problems", "parse_time"]


def offered_categories(jurisdiction: str) -> tuple[str, ...]:
    """The concern categories the screens offer where the vault works, in its order."""
    from desktop.content import jurisdictions
    from desktop.domain.concerns import CATEGORIES

    return jurisdictions.load(jurisdiction).concern_categories or CATEGORIES


def offered_told(jurisdiction: str) -> tuple[str, ...]:
    """Who staff may say they told, where the vault works, in its order."""
    from desktop.content import jurisdictions
    from desktop.domain.concerns import TOLD_OPTIONS

    return jurisdictions.load(jurisdiction).told_options or TOLD_OPTIONS
