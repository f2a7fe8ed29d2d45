"""Load and validate checklist frameworks (resources/checklists/*.yaml, JSON Schema checked).

A framework is data: adding one is a new file, not new code. Each is identified by id and
version; an assessment stores both, so an answer keeps the wording it was given against.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from desktop.resources import read_yaml, resource

TYPE_CHECKING = False  # not typing's: `checklists list` does not import typing (issue 14)
if TYPE_CHECKING:
    from typing import Any


SEVERITIES = ("information", "concern", "immediate_danger")


class FrameworkInvalid(ValueError):
    """A checklist file breaks the schema or the rules; the message names file and place."""


@dataclass(frozen=True)
class Indicator:
    id: str
    text: dict[str, str]
    help: dict[str, str]
    applies_to: str
    severity: str
    signals: tuple[str, ...]
    source: str
    section_id: str


@dataclass(frozen=True)
class Section:
    id: str
    title: dict[str, str]
    intro: dict[str, str] | None
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Framework:
    id: str
    version: int
    title: dict[str, str]
    description: dict[str, str] | None
    citation: str
    seed: str | None
    applies_to: str
    primary_language: str
    rules: tuple[dict[str, Any], ...]
    sections: tuple[Section, ...]

    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for s in self.sections for i in s.indicators)

    def indicator(self, indicator_id: str) -> Indicator:
        for i in self.indicators():
            if i.id == indicator_id:
                return i
        raise KeyError(indicator_id)


@cache
def schema() -> dict[str, Any]:
    import json

    data: dict[str, Any] = json.loads(
        resource("checklists", "schema.json").read_text(encoding="utf-8"))
    return data


@cache
def _validator() -> Any:
    """The schema's validator, made once. `jsonschema.validate` checked the schema itself
    again for every file; jsonschema is imported here, on the first checklist loaded (its
    import alone costs more than twice a bare Python start)."""
    from jsonschema.validators import validator_for

    cls = validator_for(schema())
    cls.check_schema(schema())
    return cls(schema())


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def parse(data: Any, origin: str, *, check: bool = True) -> Framework:
    """Validate one framework document and build it; FrameworkInvalid names what is wrong.

    `check=False` skips the JSON Schema (only `waymark checklists list` does: importing
    jsonschema costs more than the rest of that command); a document that cannot be built
    still raises FrameworkInvalid."""
    if check:
        from jsonschema.exceptions import best_match

        # What `jsonschema.validate` reports: the best match among the errors.
        error = best_match(_validator().iter_errors(data))
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path) or "(top)"
            raise FrameworkInvalid(f"{origin}: {where}: {error.message}")
        return _build(data, origin)
    try:
        return _build(data, origin)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, FrameworkInvalid):
            raise
        raise FrameworkInvalid(f"{origin}: not a checklist ({type(exc).__name__}); "
                               "`waymark checklists validate` names the problem") from None


def _build(data: Any, origin: str) -> Framework:
    data = _nfc(data)
    seen: set[str] = set()
    sections = []
    for s in data["sections"]:
        indicators = []
        for i in s["indicators"]:
            if i["id"] in seen:
                raise FrameworkInvalid(f"{origin}: indicator id {i['id']} is used twice")
            seen.add(i["id"])
            indicators.append(Indicator(i["id"], i["text"], i["help"], i["applies_to"],
                                        i["severity"], tuple(i.get("signals", ())),
                                        i["source"], s["id"]))
        sections.append(Section(s["id"], s["title"], s.get("intro"), tuple(indicators)))
    return Framework(
        id=data["id"], version=int(data["version"]), title=data["title"],
        description=data.get("description"), citation=data["source"]["citation"],
        seed=data["source"].get("seed"), applies_to=data["applies_to"],
        primary_language=data.get("primary_language", "en"),
        rules=tuple(data.get("rules", ())), sections=tuple(sections))


def load_file(path: Path, *, check: bool = True) -> Framework:
    try:
        data = read_yaml(path)
    except (OSError, yaml.YAMLError) as exc:
        raise FrameworkInvalid(f"{path.name}: cannot be read ({type(exc).__name__})") from None
    return parse(data, path.name, check=check)


def load_all(folder: Path | None = None, *, check: bool = True,
             ) -> dict[tuple[str, int], Framework]:
    """Every framework file in the folder, keyed by (id, version); `check`: see `parse`."""
    folder = folder or resource("checklists")
    out: dict[tuple[str, int], Framework] = {}
    for path in sorted(folder.glob("*.yaml")):
        framework = load_file(path, check=check)
        key = (framework.id, framework.version)
        if key in out:
            raise FrameworkInvalid(f"{path.name}: {framework.id} v{framework.version} is "
                                   "defined twice")
        out[key] = framework
    return out


def snapshot(framework: Framework) -> dict[str, Any]:
    """What an assessment keeps of the framework it was answered against: every section and
    indicator's wording in both languages, so the assessment reads the same after a newer
    version of the framework ships. (The help text is left out: it guides the asking and is
    not part of the record.)"""
    return {
        "id": framework.id,
        "version": framework.version,
        "title": dict(framework.title),
        "citation": framework.citation,
        "applies_to": framework.applies_to,
        "primary_language": framework.primary_language,
        "sections": [
            {"id": s.id, "title": dict(s.title),
             "indicators": [{"id": i.id, "text": dict(i.text), "applies_to": i.applies_to,
                             "severity": i.severity, "signals": list(i.signals),
                             "source": i.source} for i in s.indicators]}
            for s in framework.sections
        ],
    }


def from_snapshot(data: dict[str, Any]) -> Framework:
    """The framework as it was when an assessment was made (see `snapshot`)."""
    sections = tuple(
        Section(s["id"], dict(s["title"]), None, tuple(
            Indicator(i["id"], dict(i["text"]), {}, i["applies_to"], i["severity"],
                      tuple(i.get("signals", ())), i.get("source", ""), s["id"])
            for i in s["indicators"]))
        for s in data["sections"])
    return Framework(id=data["id"], version=int(data["version"]), title=dict(data["title"]),
                     description=None, citation=data.get("citation", ""), seed=None,
                     applies_to=data.get("applies_to", "both"),
                     primary_language=data.get("primary_language", "en"), rules=(),
                     sections=sections)


@cache
def shipped() -> dict[tuple[str, int], Framework]:
    """The frameworks Waymark ships, loaded and checked once per process."""
    return load_all()


def latest(framework_id: str) -> Framework:
    """The newest shipped version of a framework."""
    versions = [f for (fid, _), f in shipped().items() if fid == framework_id]
    if not versions:
        raise KeyError(framework_id)
    return max(versions, key=lambda f: f.version)
