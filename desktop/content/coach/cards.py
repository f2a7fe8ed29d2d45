"""The disclosure prompt card (for staff, in the user interface language) and the script
cards (for the person, in their language): data in resources/disclosure/.

A script card is one file per language in resources/disclosure/scripts/; adding a language is
adding a file. Every file is checked for the keys the screen needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from desktop.content.coach.text import nfc
from desktop.resources import read_yaml, resource

PROMPT_POINTS = ("stay_calm", "listen", "ted", "no_leading", "no_secrecy", "not_to_blame",
                 "no_confronting", "injuries", "exact_words")
SCRIPT_KEYS = ("lang", "name", "title", "thanks", "not_your_fault", "secret", "danger",
               "next_steps", "closing")
# Keys an `adult` section may replace (the main keys speak to a child).
AUDIENCE_KEYS = ("title", "thanks", "not_your_fault", "secret", "danger", "next_steps", "closing")


class CardInvalid(ValueError):
    """A card file is missing a key or a language; the message names the file and key."""


@dataclass(frozen=True)
class CardPoint:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class PromptCard:
    lang: str
    title: str
    points: tuple[CardPoint, ...]


@dataclass(frozen=True)
class ScriptLanguage:
    code: str
    name: str  # the language's own name for itself ("Tiếng Việt")


@dataclass(frozen=True)
class ScriptCard:
    lang: str
    name: str
    title: str
    thanks: str
    not_your_fault: str
    secret: str
    next_steps: tuple[str, ...]
    closing: str
    danger: str = ""
    adult: ScriptCard | None = None  # the wording for an adult, where it differs
    speaker: str = ""  # the word the card's speaker uses for themselves ("cô")
    speaker_words: tuple[str, ...] = ()  # words a reader may use instead ("thầy", "chú")
    emergency_default: str = ""  # for `{emergency}` when the jurisdiction is not known


def _read(path: Path) -> Any:
    try:
        return read_yaml(path)
    except (OSError, yaml.YAMLError) as exc:
        raise CardInvalid(f"{path.name}: cannot be read ({type(exc).__name__})") from None


def _text(origin: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CardInvalid(f"{origin}: expected text")
    return nfc(value.strip())


def parse_prompt_card(data: Any, ui_lang: str, origin: str = "prompt_card.yaml") -> PromptCard:
    """Check the prompt card (every required point, text in `ui_lang`) and build it."""
    if not isinstance(data, dict) or not isinstance(data.get("points"), list):
        raise CardInvalid(f"{origin}: needs 'title' and a list of 'points'")
    title = data.get("title") or {}
    if ui_lang not in title:
        raise CardInvalid(f"{origin}: title has no {ui_lang!r} text")
    points = []
    for n, p in enumerate(data["points"]):
        where = f"{origin}: points[{n}]"
        if not isinstance(p, dict) or "id" not in p:
            raise CardInvalid(f"{where}: needs an id")
        for key in ("title", "text"):
            if not isinstance(p.get(key), dict) or ui_lang not in p[key]:
                raise CardInvalid(f"{where} ({p['id']}): {key} has no {ui_lang!r} text")
        points.append(CardPoint(str(p["id"]), _text(f"{where}.title", p["title"][ui_lang]),
                                _text(f"{where}.text", p["text"][ui_lang])))
    missing = [pid for pid in PROMPT_POINTS if pid not in {p.id for p in points}]
    if missing:
        raise CardInvalid(f"{origin}: missing points {', '.join(missing)}")
    return PromptCard(ui_lang, _text(f"{origin}: title", title[ui_lang]), tuple(points))


@cache
def prompt_card(ui_lang: str, emergency: str | None = None) -> PromptCard:
    """The staff prompt card in the user interface language (English if there is none), with
    the jurisdiction's `emergency` number (every country's when it is not known)."""
    data = _read(resource("disclosure", "prompt_card.yaml"))
    if ui_lang not in (data.get("title") or {}):
        ui_lang = "en"
    card = parse_prompt_card(data, ui_lang)
    number = emergency or nfc(str((data.get("emergency_default") or {}).get(ui_lang, "")))
    return replace(card, points=tuple(replace(p, text=with_emergency(p.text, number))
                                      for p in card.points))


def parse_script_card(data: Any, origin: str, *, part: bool = False) -> ScriptCard:
    """Check one script card file (every key present, non-empty) and build it. `part` is an
    `adult` section: it may leave out keys, which then come from the main card."""
    if not isinstance(data, dict):
        raise CardInvalid(f"{origin}: not a mapping")
    for key in SCRIPT_KEYS:
        if key not in data:
            raise CardInvalid(f"{origin}: missing key {key!r}")
    steps = data["next_steps"]
    if not isinstance(steps, list) or not steps:
        raise CardInvalid(f"{origin}: next_steps must be a non-empty list")
    lang = str(data["lang"])
    if not re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?", lang):
        raise CardInvalid(f"{origin}: lang {lang!r} is not a language code")
    adult = None
    if not part and data.get("adult") is not None:
        extra = data["adult"]
        if not isinstance(extra, dict) or set(extra) - set(AUDIENCE_KEYS):
            raise CardInvalid(f"{origin}: adult may only hold {', '.join(AUDIENCE_KEYS)}")
        adult = parse_script_card({**data, **extra, "adult": None}, f"{origin}: adult",
                                  part=True)
    words = data.get("speaker_words") or []
    return ScriptCard(
        lang=lang, name=_text(f"{origin}: name", data["name"]),
        title=_text(f"{origin}: title", data["title"]),
        thanks=_text(f"{origin}: thanks", data["thanks"]),
        not_your_fault=_text(f"{origin}: not_your_fault", data["not_your_fault"]),
        secret=_text(f"{origin}: secret", data["secret"]),
        next_steps=tuple(_text(f"{origin}: next_steps[{n}]", s) for n, s in enumerate(steps)),
        closing=_text(f"{origin}: closing", data["closing"]),
        danger=_text(f"{origin}: danger", data["danger"]), adult=adult,
        speaker=nfc(str(data.get("speaker") or "")),
        speaker_words=tuple(nfc(str(w)) for w in words),
        emergency_default=nfc(str(data.get("emergency_default") or "")))


EMERGENCY = "{emergency}"


def with_emergency(text: str, number: str) -> str:
    """`{emergency}` in a card's text as the emergency number where the vault works (a card
    shown in Viet Nam names 113 alone, not England's 999 beside it)."""
    return text.replace(EMERGENCY, number)


def _respeak(card: ScriptCard, speaker: str) -> ScriptCard:
    """The child card in another speaker's word for themselves ("thầy" for "cô")."""
    if not card.speaker or speaker == card.speaker:
        return card
    if speaker not in card.speaker_words:
        raise KeyError(speaker)
    pattern = re.compile(rf"(?<!\w)({re.escape(card.speaker)}|"
                         rf"{re.escape(card.speaker.capitalize())})(?!\w)")

    def swap(text: str) -> str:
        return pattern.sub(lambda m: speaker.capitalize() if m.group(1)[0].isupper()
                           else speaker, text)

    return replace(card, title=swap(card.title), thanks=swap(card.thanks),
                   not_your_fault=swap(card.not_your_fault), secret=swap(card.secret),
                   danger=swap(card.danger), next_steps=tuple(swap(s) for s in card.next_steps),
                   closing=swap(card.closing), speaker=speaker)


def load_scripts(folder: Path | None = None) -> dict[str, ScriptCard]:
    """Every script card in the folder (default: the shipped one), keyed by language code.
    The file name must be the language code, so a card cannot hide under another name."""
    folder = folder or resource("disclosure", "scripts")
    cards: dict[str, ScriptCard] = {}
    for path in sorted(folder.glob("*.yaml")):
        card = parse_script_card(_read(path), path.name)
        if card.lang != path.stem:
            raise CardInvalid(f"{path.name}: lang is {card.lang!r}, expected {path.stem!r}")
        cards[card.lang] = card
    return cards


@cache
def _shipped_scripts() -> dict[str, ScriptCard]:
    return load_scripts()


def script_languages(folder: Path | None = None) -> list[ScriptLanguage]:
    """Languages with a script card: code and the language's own name, sorted by code."""
    cards = load_scripts(folder) if folder else _shipped_scripts()
    return [ScriptLanguage(c.lang, c.name) for _, c in sorted(cards.items())]


def script_card(lang: str, folder: Path | None = None, *, adult: bool = False,
                speaker: str | None = None, emergency: str | None = None) -> ScriptCard:
    """The script card for the person's language; KeyError if there is none. `adult` gives
    the adult wording (Vietnamese: tôi–anh/chị rather than cô–em); `speaker` the word the
    member of staff uses for themselves with a child ("thầy", "chú"), from the card's list."""
    cards = load_scripts(folder) if folder else _shipped_scripts()
    card = cards[lang]
    if adult:
        card = card.adult or card
    elif speaker:
        card = _respeak(card, speaker)
    # `emergency` is the jurisdiction's number; without one, the card names every country's.
    return replace(card, danger=with_emergency(card.danger,
                                               emergency or card.emergency_default))
