"""Load the coach's rule files (resources/coach/<lang>.yaml) once, check them, compile them.

Patterns are written with diacritics. For Vietnamese typed without accents a second, folded
copy of every pattern is compiled and used on text that carries no diacritics at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

from desktop.content.coach.text import fold, nfc, strip_marks
from desktop.resources import read_yaml, resource

CATEGORIES = ("open", "wh_specific", "closed", "forced_choice", "leading", "multiple",
              "statement", "welfare")
FLAGS = ("secrecy_promise", "blaming_language", "names_unmentioned", "tag_question",
         "why_question", "presumes_answer")
WH_KINDS = ("who", "whose", "where", "when", "which", "why", "how_many", "what", "how")

_TURN_PATTERNS = ("fillers", "lead_in", "split_before", "continues", "tag", "not_tag_host",
                  "wh_question_shape", "indefinite_before", "check_in")
_TURN_LISTS = ("presumes", "invitation_specific", "invitation", "invitation_not",
               "open_question",
               "forced_choice", "forced_choice_not", "closed", "blaming", "secrecy",
               "secrecy_guard", "welfare")




class RulesInvalid(ValueError):
    """A coach rule file is missing a key or holds a pattern that does not compile."""


@dataclass(frozen=True)
class Referent:
    id: str
    kind: str
    ask: re.Pattern[str]
    heard: re.Pattern[str]


@dataclass(frozen=True)
class NoteRule:
    id: str
    pattern: re.Pattern[str]
    suggestion: str
    in_turns: bool


@dataclass(frozen=True)
class Patterns:
    """One compiled variant (with or without diacritics) of a language's turn rules."""
    single: dict[str, re.Pattern[str]]
    lists: dict[str, tuple[re.Pattern[str], ...]]
    wh: tuple[tuple[str, re.Pattern[str]], ...]
    referents: tuple[Referent, ...]
    notes: tuple[NoteRule, ...]


@dataclass(frozen=True)
class Rules:
    lang: str
    name: str
    accented: Patterns
    not_names: frozenset[str]
    suggestions: dict[str, Any]
    explanations: dict[str, dict[str, str]]
    pronouns: dict[str, Any]
    origin: str = ""
    data: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def folded(self) -> Patterns:
        """The patterns without diacritics, compiled the first time text without accents
        comes in (English never needs them, most Vietnamese text does not)."""
        return _variant(self.origin, self.data, folded=True)

    def patterns(self, folded: bool) -> Patterns:
        return self.folded if folded else self.accented


def _compile(origin: str, pattern: Any, folded: bool) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise RulesInvalid(f"{origin}: expected a pattern, found {pattern!r}")
    text = nfc(pattern)
    if folded:
        text = strip_marks(text)
    try:
        return re.compile(text)
    except re.error as exc:
        raise RulesInvalid(f"{origin}: pattern does not compile: {exc}") from None


def _variant(origin: str, data: dict[str, Any], folded: bool) -> Patterns:
    turn = data["turn"]
    single = {k: _compile(f"{origin}: turn.{k}", turn[k], folded) for k in _TURN_PATTERNS}
    lists = {k: tuple(_compile(f"{origin}: turn.{k}[{n}]", p, folded)
                      for n, p in enumerate(turn[k])) for k in _TURN_LISTS}
    wh = tuple((k, _compile(f"{origin}: turn.wh.{k}", turn["wh"][k], folded))
               for k in WH_KINDS if k in turn["wh"])
    refs = tuple(Referent(str(r["id"]), str(r["kind"]),
                          _compile(f"{origin}: referent {r['id']}",
                                   r.get("ask_plain", r["ask"]) if folded else r["ask"], folded),
                          _compile(f"{origin}: referent {r['id']}", r["heard"], folded))
                 for r in turn["referents"])
    notes = tuple(NoteRule(str(n["id"]), _compile(f"{origin}: note {n['id']}", n["pattern"],
                                                  folded), nfc(str(n["suggestion"])),
                           bool(n.get("turns", True)))
                  for n in data["notes"])
    return Patterns(single, lists, wh, refs, notes)


def parse(data: Any, origin: str) -> Rules:
    """Check one rule document and compile it; RulesInvalid names what is wrong."""
    if not isinstance(data, dict):
        raise RulesInvalid(f"{origin}: not a mapping")
    for key in ("lang", "name", "turn", "suggestions", "notes", "explanations"):
        if key not in data:
            raise RulesInvalid(f"{origin}: missing key {key!r}")
    turn = data["turn"]
    for key in (*_TURN_PATTERNS, *_TURN_LISTS, "wh", "referents", "not_names"):
        if key not in turn:
            raise RulesInvalid(f"{origin}: missing key turn.{key}")
    for code in (*CATEGORIES, *FLAGS):
        entry = data["explanations"].get(code)
        if not isinstance(entry, dict) or not entry.get("rule") or not entry.get("better"):
            raise RulesInvalid(f"{origin}: explanations.{code} needs 'rule' and 'better'")
    for key in ("closed", "forced_choice", "leading", "multiple", "wh", "secrecy_promise",
                "blaming_language"):
        if key not in data["suggestions"]:
            raise RulesInvalid(f"{origin}: missing key suggestions.{key}")
    explanations = {code: {"rule": nfc(str(v["rule"])), "better": nfc(str(v["better"]))}
                    for code, v in data["explanations"].items()}
    return Rules(
        lang=str(data["lang"]), name=nfc(str(data["name"])),
        accented=_variant(origin, data, folded=False),
        not_names=frozenset(fold(str(w)) for w in turn["not_names"]),
        suggestions=_nfc_tree(data["suggestions"]),
        explanations=explanations,
        pronouns=_pronouns(origin, data.get("pronouns")),
        origin=origin, data=data)


def _pronouns(origin: str, data: Any) -> dict[str, Any]:
    """Optional pronoun cues (Vietnamese): which words the staff member used for themselves
    and for the person, so a suggestion speaks the same way."""
    if not data:
        return {}
    out: dict[str, Any] = {"self": nfc(str(data["self_default"])),
                           "you": nfc(str(data["you_default"])),
                           "words": {fold(nfc(str(w))): nfc(str(w)) for w in data["words"]}}
    for key in ("self_cue", "you_cue", "you_fallback"):
        out[key] = (_compile(f"{origin}: pronouns.{key}", data[key], False),
                    _compile(f"{origin}: pronouns.{key}", data[key], True))
    for key in ("pairs_for_you", "pairs_for_self"):
        out[key] = {fold(nfc(str(k))): nfc(str(v)) for k, v in data[key].items()}
    return out


def _nfc_tree(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {k: _nfc_tree(v) for k, v in value.items()}
    return value


def load_file(path: Path) -> Rules:
    try:
        data = read_yaml(path)
    except (OSError, yaml.YAMLError) as exc:
        raise RulesInvalid(f"{path.name}: cannot be read ({type(exc).__name__})") from None
    return parse(data, path.name)


def languages() -> tuple[str, ...]:
    """Languages that have a rule file."""
    return tuple(sorted(p.stem for p in resource("coach").glob("*.yaml")))


@cache
def rules(lang: str) -> Rules:
    """The compiled rules for one language, loaded once per process."""
    if not re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z]{2,4})?", lang):
        raise ValueError(f"not a language code: {lang!r}")
    path = resource("coach", f"{lang}.yaml")
    if not path.is_file():
        raise ValueError(f"the coach has no rules for language {lang!r}")
    return load_file(path)
