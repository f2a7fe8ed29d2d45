"""Words for the chronology entries Waymark makes (resources/chronology.yaml), in any language
the file has. The vault stores codes and values (vault/projections.py), never these words."""

from __future__ import annotations

from functools import cache
from typing import Any

from desktop.domain.assessments import LEVEL_LABELS
from desktop.resources import read_yaml, resource


@cache
def _words() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = read_yaml(resource("chronology.yaml"))
    return data


def _in(texts: Any, language: str) -> str:
    if not isinstance(texts, dict):
        return str(texts or "")
    return str(texts.get(language) or texts.get("en") or next(iter(texts.values()), ""))


def summary_text(summary: dict[str, Any], language: str) -> str:
    """One chronology entry in `language` (English where the file lacks that language).

    Staff's own words (`{"text": …}`) are returned as written; summaries written before codes
    (`{"en": …, "vi": …}`) still read."""
    if "text" in summary:
        return str(summary["text"])
    code = summary.get("code")
    if code is None:
        return _in(summary, language)
    template = _in(_words().get(str(code), {"en": str(code)}), language)
    values = {
        "title": _in(summary.get("title"), language),
        "framework": _in(summary.get("framework"), language),
        "form": _in(summary.get("form"), language),
        "level": _in(LEVEL_LABELS.get(str(summary.get("level")), {}), language),
        "marks": summary.get("marks", 0),
    }
    return template.format(**values)


def codes() -> frozenset[str]:
    return frozenset(_words())
