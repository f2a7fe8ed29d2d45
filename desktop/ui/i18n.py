"""Translations: `QCoreApplication.translate` everywhere, answered from YAML catalogs.

resources/translations/<lang>/*.yaml map context -> source text -> translation (one file per
area of the app, merged). A YAML catalog
keeps Vietnamese reviewable as plain text (and testable for completeness) without a Qt
Linguist tool chain; a test parses every translate() call in desktop/ui and asserts each string
has a translation.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QTranslator

from desktop.resources import resource

LANGUAGES = {"en": "English", "vi": "Tiếng Việt"}


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


@cache
def catalog(language: str) -> dict[str, dict[str, str]]:
    # yaml is imported here: English needs no catalogue, and the unlock screen comes first.
    import yaml

    merged: dict[str, dict[str, str]] = {}
    folder = resource("translations", language)
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for ctx, msgs in data.items():
            merged.setdefault(str(ctx), {}).update(
                {str(k): str(v) for k, v in (msgs or {}).items()})
    return merged


class CatalogTranslator(QTranslator):
    def __init__(self, language: str) -> None:
        super().__init__()
        self._language = language
        self._catalog = catalog(language)

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        return self._catalog.get(context, {}).get(source_text, "")

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return not self._catalog


_installed: CatalogTranslator | None = None
_current = "en"


def current_language() -> str:
    return _current


def set_language(language: str) -> None:
    """Switch the interface language; every open widget gets a LanguageChange event."""
    global _installed, _current
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("no QApplication")
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    _current = language if language in LANGUAGES else "en"
    if _current != "en":
        _installed = CatalogTranslator(_current)
        app.installTranslator(_installed)
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese if _current == "vi"
                               else QLocale.Language.English))


def is_language_change(event: QEvent) -> bool:
    return event.type() == QEvent.Type.LanguageChange
