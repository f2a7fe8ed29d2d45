"""Where a kept draft is announced, so something outside the closed dialog shows it.

Escape or Close on a filled dialog keeps what was typed as a draft; before this, nothing said
so and nothing outside the dialog showed a draft existed. A dialog that closes with its draft
kept emits `kept` here; the main window says "Kept as a draft" and counts the drafts, and the
person's page names the draft with a way to open it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.ui.i18n import tr


class DraftNotices(QObject):
    kept = Signal(str, str)  # draft kind, ref (the person's id, or "")


_hub: DraftNotices | None = None


def draft_notices() -> DraftNotices:
    global _hub
    if _hub is None:
        _hub = DraftNotices()
    return _hub


def draft_kind_label(kind: str) -> str:
    """What the draft is, as a heading word ("Unsaved concern draft")."""
    return {
        "concern": tr("Drafts", "Unsaved concern draft"),
        "disclosure": tr("Drafts", "Unsaved disclosure draft"),
        "assessment": tr("Drafts", "Unsaved checklist draft"),
        "bodymap": tr("Drafts", "Unsaved body map draft"),
        "person": tr("Drafts", "Unsaved changes to the person's details"),
        "note": tr("Drafts", "Unsaved note"),
        "group_intake": tr("Drafts", "Unsaved group reception"),
    }.get(kind, tr("Drafts", "Unsaved draft"))
