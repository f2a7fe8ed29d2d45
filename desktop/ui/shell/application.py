"""The Qt application: set-up, the first screen (set-up wizard or unlock), and a safe quit."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QSize, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from desktop import __version__
from desktop.app.session import SignedIn, prepare_deadlines, vault_exists
from desktop.resources import resource
from desktop.ui import i18n, theme
from desktop.ui.shell.clipboard_guard import ClipboardGuard
from desktop.ui.shell.start_failure_dialog import create_application
from desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def initial_language(requested: str | None, vault_dir: Path | None = None) -> str:
    """--language, else the language this vault was last used in (or its jurisdiction's),
    else the system's language when we have it, else English."""
    if requested in i18n.LANGUAGES:
        return requested
    if vault_dir is not None:
        from desktop.app import interface_prefs

        remembered = interface_prefs.load(vault_dir).speaking()
        if remembered in i18n.LANGUAGES:
            return remembered
    return "vi" if QLocale.system().language() == QLocale.Language.Vietnamese else "en"


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """The application icon, every size drawn for itself (resources/icons, made from the SVG by
    scripts/make_icons.py; PNGs so that no SVG plug-in is needed at run time)."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource("icons", f"waymark-{size}.png")
        if path.exists():
            icon.addFile(str(path), QSize(size, size))
    return icon


STYLE = "Fusion"


def configure(app: QApplication, *, set_style: bool = True) -> None:
    """Names, icon, style and font. `set_style=False` when the application was made with
    STYLE already (create_application(STYLE))."""
    app.setApplicationName("Waymark")
    app.setOrganizationName("Waymark")
    app.setApplicationVersion(__version__)
    # The .desktop file's name (packaging/): lets Wayland and docks match windows to the entry.
    app.setDesktopFileName("org.waymark.Waymark")
    app.setWindowIcon(app_icon())
    # No applicationDisplayName: Qt would append it to every window title, and the
    # quick-hide screen must not carry the app's name.
    if set_style:
        app.setStyle(STYLE)
    # DejaVu Sans has every Vietnamese letter; some system default fonts do not.
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        path = resource("fonts", name)
        if path.exists():
            QFontDatabase.addApplicationFont(str(path))
    font = QFont("DejaVu Sans")
    font.setPointSize(10)
    app.setFont(font)
    app.setQuitOnLastWindowClosed(True)
    # Open windows recolour when the desktop switches between light and dark.
    theme.follow_palette()


class AppController(QObject):
    """Decides the first screen, turns an unlocked vault into the main window, and closes the
    vault before the process ends."""

    def __init__(self, vault_dir: Path, runner: TaskRunner | None = None,
                 idle_ms: int | None = None) -> None:
        super().__init__()
        self.vault_dir = vault_dir
        self.runner = runner or TaskRunner()
        self.idle_ms = idle_ms
        self.first_screen: QWidget | None = None
        self.main_window: QWidget | None = None
        self.clipboard = ClipboardGuard(parent=self)
        self._shut = False

    def start(self) -> QWidget:
        if vault_exists(self.vault_dir):
            from desktop.ui.shell.unlock import UnlockWindow

            unlock = UnlockWindow(self.runner, self.vault_dir)
            unlock.form.unlocked.connect(self.open_main)
            unlock.form.check_throttle()
            self.first_screen = unlock
        else:
            from desktop.ui.shell.first_run import FirstRunWizard

            wizard = FirstRunWizard(self.runner, self.vault_dir)
            wizard.finished_setup.connect(self.open_main)
            self.first_screen = wizard
        self.first_screen.show()
        if hasattr(self.first_screen, "form"):
            self.first_screen.form.focus_first()
        return self.first_screen

    def open_main(self, user: SignedIn) -> None:
        from desktop.ui.shell.context import AppContext
        from desktop.ui.shell.main_window import MainWindow

        if user.language != i18n.current_language():
            i18n.set_language(user.language)
        log.info("vault unlocked (%s, %s)", getattr(user.role, "value", user.role), user.language)
        context = AppContext(vault_dir=self.vault_dir, user=user)
        # Holidays for deadlines load on the work thread while the main window shows, so the
        # first save of the session does not wait for them.
        self.runner.run_work(lambda: prepare_deadlines(user.jurisdiction))
        window = MainWindow(self.runner, context, self.idle_ms)
        window.locking.connect(self.clipboard.clear_now)
        self.main_window = window
        window.show()
        if self.first_screen is not None:
            self.first_screen.hide()
            self.first_screen.deleteLater()
            self.first_screen = None

    def come_back(self) -> None:
        """Waymark was started again on this vault: show the window this process has (after
        quick-hide, the main window at its unlock screen) rather than open a second one."""
        window = self.main_window or self.first_screen
        if window is None:
            return
        come_back = getattr(window, "come_back", None)
        if callable(come_back):
            come_back()
        else:
            window.show()
            window.raise_()
            window.activateWindow()

    def shutdown(self) -> None:
        """Close the vault (after any queued saves) and stop the vault thread."""
        if self._shut:
            return
        self._shut = True
        self.clipboard.clear_now()
        self.runner.close_session()
        self.runner.shutdown()


def run(vault_dir: Path, language: str | None, exit_on_ready: bool) -> int:
    existing = QApplication.instance()
    app = existing or create_application(STYLE)
    assert isinstance(app, QApplication)
    from desktop import app_log

    app_log.setup()
    configure(app, set_style=existing is not None)
    from desktop.ui.shell.come_back import ComeBackServer, call_running

    if not exit_on_ready and call_running(vault_dir):
        log.info("Waymark already runs on this vault: asked it to show its window")
        return 0
    i18n.set_language(initial_language(language, vault_dir))
    controller = AppController(vault_dir)
    app.aboutToQuit.connect(controller.shutdown)

    def listen() -> None:  # after the first screen is painted: the user does not wait for it
        try:
            server = ComeBackServer(vault_dir, controller.come_back, controller)
        except ImportError:  # a damaged install: everything but the come-back still works
            log.warning("no local sockets: starting Waymark again will not bring back a "
                        "hidden window")
            return
        if not server.listening:
            log.warning("cannot listen for a second start: starting Waymark again will not "
                        "bring back a hidden window")

    controller.start()
    if exit_on_ready:
        # The first screen is on screen once the event loop has painted it once; a run that
        # stops there has no hidden window to bring back, so it does not listen.
        QTimer.singleShot(0, lambda: app.exit(0))
    else:
        QTimer.singleShot(0, listen)
    code = app.exec()
    controller.shutdown()
    return int(code)
