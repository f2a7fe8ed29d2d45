"""A person's details as the People page shows them (plain facts, escaped)."""

from __future__ import annotations

import html
from datetime import date, datetime
from typing import Any

from desktop.app import referral_words
from desktop.domain.people import Person
from desktop.domain.provinces import VN_PROVINCE_NAMES
from desktop.ui import theme
from desktop.ui.i18n import current_language, tr
from desktop.ui.messages.record_labels import (
    age_text,
    document_state_label,
    location_kind_label,
    sex_label,
)


def group_html(group: dict[str, Any]) -> str:
    """The group a person came in, as a link the People page follows to the Groups page."""
    when = datetime.fromisoformat(str(group["received_at"])).astimezone().strftime(
        "%d/%m/%Y %H:%M")
    text = tr("PeoplePage", "{place}, {when} (no. {n} of {count})").format(
        place=group["place"], when=when, n=group["n"], count=group["members"])
    return (f"<a href='group:{html.escape(str(group['id']))}'>{html.escape(text)}</a>"
            " " + theme.span("muted", html.escape(tr("PeoplePage", "(open in Groups)"))))


def details_html(person: Person, today: date | None = None,
                 group: dict[str, Any] | None = None) -> str:
    """A person's details as a two-column table of plain facts (and the group they came in,
    issue 17)."""
    e = html.escape
    rows: list[tuple[str, str]] = []
    if group is not None:
        rows.append((tr("PeoplePage", "Came in a group"), group_html(group)))
    dob = person.date_of_birth.isoformat() if person.date_of_birth else None
    age = e(age_text(dob, person.estimated_age, person.age_disputed, today or date.today()))
    if person.date_of_birth:
        age += " " + e(tr("PeoplePage", "(born {date})").format(
            date=person.date_of_birth.strftime("%d/%m/%Y")))
    if person.age_disputed:
        age += "<br>" + theme.span("warning", e(tr(
            "PeoplePage", "Age disputed: treated as a child until it is resolved.")))
    rows.append((tr("PeoplePage", "Age"), age))
    if person.aliases:
        rows.append((tr("PeoplePage", "Also known as"), e(", ".join(person.aliases))))
    rows.append((tr("PeoplePage", "Sex"), e(sex_label(person.sex))))
    if person.nationality:
        rows.append((tr("PeoplePage", "Nationality"), e(person.nationality)))
    langs = e(", ".join(person.languages)) if person.languages else ""
    if person.interpreter_needed:
        need = "<b>" + e(tr("PeoplePage", "Needs an interpreter")) + "</b>"
        langs = f"{langs}, {need}" if langs else need
    if langs:
        rows.append((tr("PeoplePage", "Languages"), langs))
    where = e(location_kind_label(person.location_kind))
    if person.location:
        where += ": " + e(person.location)
    rows.append((tr("PeoplePage", "Where"), where))
    if person.province:
        # A Vietnamese province is kept as its code; an English local authority as typed.
        rows.append((tr("PeoplePage", "Found or received in"),
                     e(VN_PROVINCE_NAMES.get(person.province, person.province))))
    if person.documents:
        rows.append((tr("PeoplePage", "Documents"), "<br>".join(
            f"{e(referral_words.of(referral_words.DOCUMENT_KINDS, d.kind, current_language()))}: "
            f"{e(document_state_label(d.state))}" for d in person.documents)))
    if person.carers:
        items = []
        for c in person.carers:
            text = e(c.name) + (f" ({e(c.relationship)})" if c.relationship else "")
            if c.may_be_involved:
                text += " " + theme.span("error", e(tr(
                    "PeoplePage", "may be involved: do not tell them about the concern")),
                    bold=True)
            items.append(text)
        rows.append((tr("PeoplePage", "Parents and carers"), "<br>".join(items)))
    if person.notes:
        rows.append((tr("PeoplePage", "Notes"), e(person.notes).replace("\n", "<br>")))
    muted = theme.style("muted")
    body = "".join(
        f"<tr><td style='padding:2px 12px 2px 0; {muted}; white-space:nowrap'>{e(label)}</td>"
        f"<td style='padding:2px 0'>{value}</td></tr>" for label, value in rows)
    return f"<table cellspacing='0'>{body}</table>"
