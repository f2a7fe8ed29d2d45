"""Blaming or minimising words in staff notes (seed 004 §9: language must not blame the victim).

Each finding carries the span of the words, so the editor can underline them, and the neutral
wording to use instead. Nothing is changed in the note: the coach only advises.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.content.coach.rules import rules
from desktop.content.coach.text import fold, has_diacritics, lower, nfc


@dataclass(frozen=True)
class NoteFlag:
    """One finding in a note: `start`/`end` index the NFC text of the note."""
    code: str
    rule: str
    start: int
    end: int
    matched: str
    suggestion: str


def check_note(text: str, lang: str) -> tuple[NoteFlag, ...]:
    """Blaming or minimising words in a note written in `lang`, in the order they appear."""
    r = rules(lang)
    norm = nfc(text)
    folded = lang != "en" and not has_diacritics(norm)
    use = fold(norm) if folded else lower(norm)
    found: list[NoteFlag] = []
    taken: list[tuple[int, int]] = []
    for rule in r.patterns(folded).notes:
        for m in rule.pattern.finditer(use):
            if m.start() == m.end() or any(a < m.end() and m.start() < b for a, b in taken):
                continue  # one finding per stretch of text: the first (most specific) rule
            taken.append(m.span())
            found.append(NoteFlag("blaming_language", rule.id, m.start(), m.end(),
                                  norm[m.start():m.end()], rule.suggestion))
    return tuple(sorted(found, key=lambda f: f.start))
