"""Disclosure wording coach: reads staff questions and notes as they are typed and advises.

Pure Python (no Qt, no SQL). It never blocks anything: every result is advice.

    classify(text, lang, heard="")  -> TurnResult   one staff turn ("en" or "vi")
    check_note(text, lang)          -> NoteFlag...  blaming or minimising words in a note
    explain(code, ui_lang)          -> Explanation  the rule and a better way, in the UI language
    prompt_card(ui_lang), script_languages(), script_card(lang)   disclosure cards (data)
"""

from __future__ import annotations

from desktop.content.coach.cards import (
    CardInvalid,
    CardPoint,
    PromptCard,
    ScriptCard,
    ScriptLanguage,
    prompt_card,
    script_card,
    script_languages,
)
from desktop.content.coach.explain import CODES, Explanation, explain
from desktop.content.coach.notes import NoteFlag, check_note
from desktop.content.coach.rules import CATEGORIES, FLAGS, RulesInvalid, languages
from desktop.content.coach.turns import Evidence, TurnResult, classify

__all__ = [
    "CATEGORIES", "CODES", "FLAGS", "CardInvalid", "CardPoint", "Evidence", "Explanation",
    "NoteFlag", "PromptCard", "RulesInvalid", "ScriptCard", "ScriptLanguage", "TurnResult",
    "check_note", "classify", "explain", "languages", "prompt_card", "script_card",
    "script_languages",
]
