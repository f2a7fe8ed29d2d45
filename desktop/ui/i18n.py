"""Translations: `QCoreApplication.translate` everywhere, answered from YAML catalogs.

resources/translations/<lang>/*.yaml map context -> source text -> translation (one file per
area of the app, merged). A YAML catalog
keeps Vietnamese reviewable as plain text (and testable for completeness) without a Qt
Linguist tool chain; a test parses every translate() call in desktop/ui and asserts each string
has a translation.

Plurals are Qt's: `trn(ctx, "%n people", n)` calls `QCoreApplication.translate(ctx, text, None,
n)` and Qt puts the number in place of %n. A catalogue entry whose value is a list holds the
plural forms in the language's order (English: one, other; Vietnamese: one form for every n).
English sources with %n need an English catalogue too ("1 person" is not "%n people" with 1 in
it), so resources/translations/en/ holds plural entries only and is installed for English.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QTranslator

from desktop import translations

LANGUAGES = {"en": "English", "vi": "Tiếng Việt"}


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def trn(context: str, text: str, n: int) -> str:
    """A counted phrase: `text` holds %n; the catalogue picks the form for n. With no
    translator installed (a widget made before the language is set, a test), English forms
    still come from the English catalogue, never "1 records"."""
    said = QCoreApplication.translate(context, text, None, n)
    if said == text.replace("%n", str(n)):
        forms = _load("en")[1].get(context, {}).get(text)
        if forms:
            return forms[plural_index("en", n)].replace("%n", str(n))
    return said


def plural_index(language: str, n: int) -> int:
    """Which of a plural entry's forms serves n (CLDR rules for our two languages)."""
    if language == "vi":
        return 0  # Vietnamese does not inflect for number: "1 người", "5 người"
    return 0 if abs(n) == 1 else 1


@cache
def _load(language: str) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, list[str]]]]:
    # The compiled catalogue (desktop.translations): the whole Vietnamese catalogue is read
    # before the unlock screen can show in Vietnamese; parsing its YAML took ~25 ms of CPU,
    # the compiled JSON ~0.3 ms.
    return translations.load(language)


def catalog(language: str) -> dict[str, dict[str, str]]:
    """context -> source -> translation (the plain entries)."""
    return _load(language)[0]


def plural_catalog(language: str) -> dict[str, dict[str, list[str]]]:
    """context -> source with %n -> the plural forms."""
    return _load(language)[1]


class CatalogTranslator(QTranslator):
    def __init__(self, language: str) -> None:
        super().__init__()
        self._language = language
        # English only answers counted phrases: its catalogue is read on the first one, so the
        # unlock screen does not wait for the YAML reader.
        self._loaded = language != "en"
        self._catalog = catalog(language) if self._loaded else {}
        self._plurals = plural_catalog(language) if self._loaded else {}

    def translate(  # None is Qt's "not mine" (a null QString)
            self, context: str, source_text: str, disambiguation: str | None = None,
            n: int = -1) -> str | None:
        """The entry, or None (a null QString) when there is none: Qt then asks the next
        translator or keeps its source. An empty string would count as a translation and
        blank Qt's own words ("Ctrl" in Ctrl+S, the standard buttons)."""
        if not self._loaded:
            if n < 0:
                return None  # English source text is the English
            self._loaded = True
            self._plurals = plural_catalog(self._language)
        forms = self._plurals.get(context, {}).get(source_text)
        if forms:
            # Qt passes n = -1 for a call without a count; the "other" form reads best then.
            index = plural_index(self._language, n if n >= 0 else 2)
            return forms[min(index, len(forms) - 1)]
        return self._catalog.get(context, {}).get(source_text)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return self._loaded and not self._catalog and not self._plurals


_installed: CatalogTranslator | None = None
_qt_installed: QTranslator | None = None  # Qt's own catalogue, when this Qt ships one
_current = "en"


def current_language() -> str:
    return _current


def set_language(language: str) -> None:
    """Switch the interface language; every open widget gets a LanguageChange event."""
    global _installed, _current, _qt_installed
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("no QApplication")
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    if _qt_installed is not None:
        app.removeTranslator(_qt_installed)
        _qt_installed = None
    _current = language if language in LANGUAGES else "en"
    if _current != "en":
        from desktop.ui.qt_words import qt_catalogue

        _qt_installed = qt_catalogue(_current)
        if _qt_installed is not None:
            app.installTranslator(_qt_installed)
    # English too: its catalogue holds the plural forms ("1 person", "%n people"). Installed
    # last, so asked first: our words win over Qt's own where both have one.
    _installed = CatalogTranslator(_current)
    app.installTranslator(_installed)
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese if _current == "vi"
                               else QLocale.Language.English))


def is_language_change(event: QEvent) -> bool:
    return event.type() == QEvent.Type.LanguageChange
