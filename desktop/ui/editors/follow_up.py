"""The "done" page's list of follow-up tasks, the same in every record editor."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime

from desktop.app.tasks import TaskItem
from desktop.ui import i18n
from desktop.ui.i18n import tr
from desktop.ui.messages.record_labels import local_time_text, parse_time, relative_text

C = "FollowUpTasks"


def follow_up_html(tasks: Sequence[TaskItem]) -> str:
    """What was created and when each is due, or that nothing was needed."""
    if not tasks:
        return "<p>{}</p>".format(html.escape(tr(C, "No follow-up tasks were needed.")))
    lang = i18n.current_language()
    now = datetime.now().astimezone()
    items = "".join(
        "<li style='margin-bottom:6px'>{}<br><span>{}</span></li>".format(
            html.escape(t.title_in(lang)),
            html.escape(tr(C, "Done") if t.done_at else tr(C, "Due {time} ({relative})").format(
                time=local_time_text(t.due), relative=relative_text(parse_time(t.due), now))))
        for t in tasks)
    return "<p>{}</p><ul>{}</ul><p>{}</p>".format(
        html.escape(tr(C, "These follow-up tasks were created:")), items,
        html.escape(tr(C, "You will find them under Tasks and deadlines.")))
