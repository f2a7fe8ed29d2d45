"""Qt's own words in the interface language: standard buttons, text-field context menus, the
file dialog.

PySide6 ships no Vietnamese catalogue for Qt (no `qtbase_vi.qm` under
`QLibraryInfo.path(TranslationsPath)`), so Qt's strings are answered from our YAML catalogue
under Qt's own contexts (`QPlatformTheme`, `QLineEdit`, `QWidgetTextControl`, `QFileDialog`, ...;
resources/translations/vi/lang.yaml). Where a Qt catalogue does exist it is loaded as well. The
platform's native file dialog speaks the operating system's language, not the vault's, so in any
language but English the app uses Qt's own file dialog, whose labels are ours.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

TYPE_CHECKING = False
if TYPE_CHECKING:  # QFileDialog's type (and its enums, ~2.5 ms) loads with the first dialog,
    from PySide6.QtWidgets import QFileDialog  # not with the Vietnamese unlock screen


def qt_catalogue(language: str) -> QTranslator | None:
    """Qt's own translations for `language` when this Qt has them (qtbase_<lang>.qm)."""
    if language == "en":
        return None
    translator = QTranslator()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(language), "qtbase", "_", folder):
        return translator
    return None


def file_dialog_options() -> QFileDialog.Option:
    """Options for every QFileDialog.get*FileName call."""
    from PySide6.QtWidgets import QFileDialog

    from desktop.ui import i18n

    if i18n.current_language() == "en":
        return QFileDialog.Option(0)
    return QFileDialog.Option.DontUseNativeDialog
