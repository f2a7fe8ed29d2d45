"""Regenerate the README's screenshots of the main screens, offscreen, on a fictional demo vault.

    python scripts/screenshots.py             # every language, theme and size, in ./screenshots
    python scripts/screenshots.py --readme    # the README's set, into docs/screenshots/
    python scripts/screenshots.py --out /tmp/shots --languages vi --themes dark --sizes 1280x720

Each language gets its own demo vault (England for English, Viet Nam for Vietnamese) in a
temporary folder that is deleted afterwards; nothing here touches a real vault. "Dark" stands in
for a dark system theme by giving the application a dark palette, which is what a desktop in dark
mode hands to Qt. The screens: unlock, People with a person selected, a concern, the disclosure
screen, the indicator checklist, Tasks and the lead's Overview.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SCREEN = ('{{"synchronousWindowSystemEvents": false, "windowFrameMargins": true, "screens": '
          '[{{"name": "screen", "x": 0, "y": 0, "width": {w}, "height": {h}, "logicalDpi": 96, '
          '"logicalBaseDpi": 96, "dpr": 1}}]}}')

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

PASSPHRASE = "kettle orchard lantern"  # a fictional demo vault's, deleted after the run
ADMIN = "demo.admin"
LEAD = "demo.lead"
JURISDICTION = {"en": "england", "vi": "vietnam"}
# The person shown on People: a core demo person with concerns, a checklist and a disclosure.
README_SET = {"languages": ["en", "vi"], "themes": ["light"], "sizes": ["1366x768"],
              "screens": ["unlock", "people", "concern", "checklist", "tasks", "overview"]}
WANTED: set[str] = set()  # the screens this run saves (--screens)
SCREENS = ("unlock", "people", "concern", "disclosure", "checklist", "tasks", "overview")


def wait_for(app: QApplication, done: Callable[[], bool], timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not done():
        if time.monotonic() > end:
            raise TimeoutError("the screen did not finish loading")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):  # let layouts settle and paint
        app.processEvents()


def make_vault(folder: Path, language: str, people: int) -> None:
    from desktop.demo import fill_demo

    fill_demo(folder, ADMIN, PASSPHRASE, people, JURISDICTION[language])


def save(widget: QWidget, path: Path) -> None:
    if path.name.split("-")[0] not in WANTED:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(path))
    print(path)


def open_main_window(app: QApplication, runner: Any, vault: Path, username: str, size: QSize,
                     timeout: float = 30.0) -> tuple[Any, Any]:
    """Sign `username` in and show the main window at `size`, its People list loaded: the
    window and its People section."""
    from desktop.app.session import SignedIn
    from desktop.ui.shell.context import AppContext
    from desktop.ui.shell.main_window import MainWindow

    user: SignedIn = runner.submit(
        lambda: runner.session.unlock(vault, username, PASSPHRASE)).result(60)
    window = MainWindow(runner, AppContext(vault_dir=vault, user=user))
    window.resize(size)
    window.show()
    people: Any = window.section("people")
    wait_for(app, lambda: runner.pending == 0 and people.people_model.rowCount() > 0,
             timeout=timeout)
    return window, people


def shots(app: QApplication, vault: Path, language: str, size: QSize,
          out: Callable[[str], Path]) -> None:
    from desktop.ui import i18n
    from desktop.ui.shell.unlock import UnlockWindow
    from desktop.ui.tasks import TaskRunner

    i18n.set_language(language)
    runner = TaskRunner()
    try:
        unlock = UnlockWindow(runner, vault, LEAD)
        unlock.resize(size)
        unlock.show()
        wait_for(app, lambda: runner.pending == 0)
        save(unlock, out("unlock"))
        unlock.close()

        window, people = open_main_window(app, runner, vault, LEAD, size)
        target = richest_person(runner)
        people.select_person(target)
        wait_for(app, lambda: runner.pending == 0 and people.record is not None
                 and people.record.id == target)
        save(window, out("people"))

        for name, open_editor in (("concern", people.record_concern),
                                  ("disclosure", people.record_disclosure),
                                  ("checklist", people.start_checklist)):
            dialog = open_editor()
            wait_for(app, lambda: runner.pending == 0)
            if name == "checklist":
                dialog.start()  # the first section's indicators, not the choice of checklist
                wait_for(app, lambda: runner.pending == 0)
            save(dialog, out(name))
            dialog.reject()
            wait_for(app, lambda: runner.pending == 0)
        # Closing a dialog keeps what it held as a draft (as it should for a user); the
        # screenshots of Tasks and Overview are of the demo vault, without that draft.
        runner.run(lambda s: [s.drafts.discard(d.id) for d in s.drafts.list()]).result(60)
        from desktop.ui.pages.drafts_view import DraftsButton

        for button in window.findChildren(DraftsButton):
            button.refresh()
        window.statusBar().clearMessage()  # "kept as a draft", said when the dialog closed
        wait_for(app, lambda: runner.pending == 0)

        for key in ("tasks", "overview"):
            window.show_section_key(key)
            wait_for(app, lambda: runner.pending == 0)
            save(window, out(key))
        window.flush_drafts()
        window.close()
        wait_for(app, lambda: runner.pending == 0)
    finally:
        runner.close_session()
        runner.shutdown()


def richest_person(runner: Any) -> str:
    """The demo person with the longest chronology (the one a screenshot says most about)."""
    row = runner.call(lambda s: s.vault.read_one(
        "SELECT person_id FROM chronology GROUP BY person_id ORDER BY COUNT(*) DESC, "
        "person_id LIMIT 1"))
    return str(row[0])


def optimise(folder: Path) -> None:
    """Shrink the PNGs the README keeps: 256 colours (plenty for flat widgets and text), then
    optipng when it is installed."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with the PDF stack
        Image = None  # type: ignore[assignment]  # noqa: N806
    for png in sorted(folder.glob("*.png")):
        if Image is not None:
            with Image.open(png) as img:
                small = img.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
            small.save(png, optimize=True)
    tool = shutil.which("optipng")
    for png in sorted(folder.glob("*.png")) if tool else []:
        subprocess.run([tool, "-quiet", "-o2", str(png)], check=False)


def _sizes(values: list[str]) -> Iterator[QSize]:
    for value in values:
        w, h = value.lower().split("x")
        yield QSize(int(w), int(h))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path,
                        help="folder for the PNGs (default: docs/screenshots with --readme, "
                             "else ./screenshots)")
    parser.add_argument("--languages", nargs="+", default=["en", "vi"], choices=["en", "vi"])
    parser.add_argument("--themes", nargs="+", default=["light", "dark"],
                        choices=["light", "dark"])
    parser.add_argument("--sizes", nargs="+", default=["1366x768", "1920x1080"])
    parser.add_argument("--people", type=int, default=40, help="demo people per vault")
    parser.add_argument("--screens", nargs="+", default=list(SCREENS), choices=SCREENS)
    parser.add_argument("--readme", action="store_true",
                        help="only the set the README shows (EN and VI, light, 1366x768)")
    parser.add_argument("--vaults", type=Path, help=argparse.SUPPRESS)  # set for a child run
    args = parser.parse_args(argv)
    if args.readme:
        args.languages, args.themes, args.sizes, args.screens = (
            README_SET["languages"], README_SET["themes"], README_SET["sizes"],
            README_SET["screens"])
    if args.out is None:
        args.out = ROOT / "docs" / "screenshots" if args.readme else Path("screenshots")
    if args.vaults is not None:
        return _child(args)
    with tempfile.TemporaryDirectory(prefix="waymark-shots-") as tmp:
        for language in args.languages:
            make_vault(Path(tmp) / f"demo-{language}", language, args.people)
        for size in args.sizes:
            # One process per screen size: Qt's offscreen screen is set when the app starts.
            w, h = size.lower().split("x")
            config = Path(tmp) / f"screen-{size}.json"
            config.write_text(SCREEN.format(w=int(w), h=int(h)), encoding="utf-8")
            env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
            subprocess.run([sys.executable, __file__, "--vaults", tmp, "--out", str(args.out),
                            "--languages", *args.languages, "--themes", *args.themes,
                            "--sizes", size, "--screens", *args.screens], check=True, env=env)
    optimise(args.out)
    return 0


def _child(args: argparse.Namespace) -> int:
    from desktop.ui import theme
    from desktop.ui.shell.application import configure
    from desktop.ui.shell.start_failure_dialog import create_application

    app = QApplication.instance() or create_application()
    assert isinstance(app, QApplication)
    configure(app)
    light = QGuiApplication.palette()
    size = next(_sizes(args.sizes))
    WANTED.update(args.screens)
    for language in args.languages:
        vault = args.vaults / f"demo-{language}"
        for name in args.themes:
            app.setPalette(theme.dark_palette() if name == "dark" else light)

            def out(screen: str, _l: str = language, _t: str = name) -> Path:
                return args.out / f"{screen}-{_l}-{_t}-{size.width()}x{size.height()}.png"

            shots(app, vault, language, size, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
