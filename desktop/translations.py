"""The interface catalogues, Qt-free: resources/translations/<lang>/*.yaml are the source,
resources/translations/<lang>.json their compiled form (scripts/compile_translations.py).

The compiled file is used only when it was made from exactly the YAML on disk (a SHA-256 of the
files' names and bytes, ~0.5 ms to check); otherwise the YAML is parsed, so a catalogue edited
without recompiling still shows its new words.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from desktop.resources import read_yaml, resource

Plain = dict[str, dict[str, str]]
Plural = dict[str, dict[str, list[str]]]


def _sources(language: str) -> list[Path]:
    folder = resource("translations", language)
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def compiled_path(language: str) -> Path:
    return resource("translations", f"{language}.json")


def source_digest(language: str) -> str:
    digest = hashlib.sha256()
    for path in _sources(language):
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def parse_sources(language: str) -> tuple[Plain, Plural]:
    """Every YAML file of the language merged: plain entries and plural forms (lists)."""
    merged: Plain = {}
    plurals: Plural = {}
    for path in _sources(language):
        data = read_yaml(path) or {}
        for ctx, msgs in data.items():
            for key, value in (msgs or {}).items():
                if isinstance(value, list):
                    plurals.setdefault(str(ctx), {})[str(key)] = [str(v) for v in value]
                else:
                    merged.setdefault(str(ctx), {})[str(key)] = str(value)
    return merged, plurals


def load(language: str) -> tuple[Plain, Plural]:
    """The compiled catalogue when it matches the YAML on disk, else the YAML parsed."""
    path = compiled_path(language)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("digest") == source_digest(language):
            return doc["plain"], doc["plural"]
    except (OSError, ValueError, AttributeError):
        pass  # missing or damaged compiled file: the YAML is the source anyway
    return parse_sources(language)
