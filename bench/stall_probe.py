"""Interface stall probe: the longest the interface thread goes without running its event loop
while the app previews, saves and prints a referral pack, saves a record meanwhile, and syncs.

    .venv/bin/python bench/stall_probe.py [--people 60] [--dpi 300] [--json]

A 20 ms QTimer runs on the interface thread; the longest gap between two of its ticks, less the
interval, is the longest freeze a user would feel. Everything runs offscreen on a fictional demo
vault and a real hub (`python -m server serve`, SQLite) on 127.0.0.1. Prints one JSON object:
`gui_max_stall_ms` and, per phase, the longest stall, the phase's wall time and its CPU time
(every thread of this process), with the machine's 1-minute load average: on a busy machine the
operating system interleaves the threads, so stalls there read lower than on a quiet one. The
printer is Qt's PDF printer at `--dpi`: the same page-by-page painting a physical printer gets.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("WAYMARK_KDF_PROFILE", "floor")

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtPrintSupport import QPrinter  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog  # noqa: E402

PASS = "bench probe passphrase words"
TICK_MS = 20


def log(message: str) -> None:
    print(f"[stall-probe] {message}", file=sys.stderr, flush=True)


class StallMeter:
    """The longest gap between ticks of a timer on the interface thread."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.worst = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last - TICK_MS / 1000)
        self.last = now

    def start(self) -> None:
        self.last = time.perf_counter()
        self.worst = 0.0
        self.timer.start()

    def stop_ms(self) -> float:
        self.timer.stop()
        self._tick()
        return round(self.worst * 1000, 1)


def wait_until(app: QApplication, done: Callable[[], bool], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            import faulthandler

            faulthandler.dump_traceback(sys.stderr)
            raise TimeoutError("the probe's step did not finish")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def start_hub(folder: Path) -> tuple[subprocess.Popen[str], str, str]:
    import socket

    db = f"sqlite:///{folder / 'hub.db'}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    made = subprocess.run([sys.executable, "-m", "server", "create-org", "--db", db, "--name",
                           "Probe"], capture_output=True, text=True, env=env, check=True)
    token = made.stdout.strip().splitlines()[-1]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "server", "serve", "--db", db, "--host",
                             "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                            env=env, text=True)
    for _ in range(200):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)  # a subprocess starting; not a test
    return proc, f"http://127.0.0.1:{port}", token


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--json", action="store_true", help="(the output is always JSON)")
    args = parser.parse_args(argv)

    from desktop.app import membership
    from desktop.demo import fill_demo
    from desktop.ui.editors.export_dialog import ExportDialog, print_pages
    from desktop.ui.pages.sync_worker import SyncWorker
    from desktop.ui.shell.context import AppContext
    from desktop.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    results: dict[str, Any] = {"people": args.people, "dpi": args.dpi, "phases": {},
                               "load_1m": os.getloadavg()[0]}  # stalls shrink on a busy machine
    with tempfile.TemporaryDirectory(prefix="waymark-probe-") as tmp:
        folder = Path(tmp)
        log(f"demo vault with {args.people} people")
        fill_demo(folder / "vault", "admin", PASS, args.people, "england")
        hub, url, token = start_hub(folder)
        runner = TaskRunner()
        meter = StallMeter()
        try:
            user = runner.submit(lambda: runner.session.unlock(folder / "vault", "admin",
                                                                PASS)).result(120)
            context = AppContext(vault_dir=folder / "vault", user=user)
            # A child with a sealed disclosure: the fullest referral pack.
            person_id = runner.call(lambda s: s.vault.read(
                "SELECT d.person_id FROM disclosures d JOIN people p ON p.id = d.person_id "
                "ORDER BY p.age_disputed DESC, p.estimated_age LIMIT 1")[0][0])

            def phase(name: str, run: Callable[[], Callable[[], bool]]) -> None:
                started, cpu = time.perf_counter(), time.process_time()
                meter.start()
                done = run()
                wait_until(app, done)
                # CPU time of every thread beside wall time: CPU well below wall on a loaded
                # machine means the probe waited for a core, not for work of its own.
                results["phases"][name] = {
                    "max_stall_ms": meter.stop_ms(),
                    "wall_s": round(time.perf_counter() - started, 2),
                    "cpu_s": round(time.process_time() - cpu, 2)}
                log(f"{name}: {results['phases'][name]}")

            name = runner.call(lambda s: s.people.list(limit=1)[0].display_name)
            found: list[object] = []

            def search() -> Callable[[], bool]:
                # Every prefix of a name, as the People page's search box sends them.
                for n in range(1, len(name) + 1):
                    runner.run(lambda s, q=name[:n]: s.search.people(q), found.append)
                return lambda: len(found) == len(name)

            phase("search_as_typed", search)

            dialog = ExportDialog(runner, context, person_id, "probe", True)
            dialog.show()
            for i in range(dialog.forms_list.count()):
                if dialog.forms_list.item(i).data(Qt.ItemDataRole.UserRole).id == "referral-pack":
                    dialog.forms_list.setCurrentRow(i)
            form = dialog.form_info()
            assert form is not None
            results["form"] = form.id
            previews: list[int] = []
            dialog.previewed.connect(previews.append)

            def start_preview() -> None:
                dialog.preview()  # the referral details step first, prefilled from the records
                step = dialog.step
                if step is not None and step.isVisible():
                    wait_until(app, lambda: runner.pending == 0)
                    # The pack carries the MASH form, which needs the immediate-risk answer.
                    step.immediate_risk.setCurrentIndex(step.immediate_risk.findData(False))
                    step.accept()

            def preview() -> Callable[[], bool]:
                start_preview()
                return lambda: bool(previews)

            phase("preview_pack", preview)
            results["pages"] = previews[0] if previews else None

            saved: list[str] = []
            dialog.exported.connect(saved.append)
            target = folder / "pack.pdf"
            QFileDialog.getSaveFileName = staticmethod(  # type: ignore[method-assign]
                lambda *a, **k: (str(target), "PDF (*.pdf)"))

            def save() -> Callable[[], bool]:
                dialog.password.setText("probe pdf password")
                dialog.password_again.setText("probe pdf password")
                dialog.save()
                return lambda: bool(saved)

            phase("save_encrypted", save)

            notes: list[object] = []

            def note_while_rendering() -> Callable[[], bool]:
                previews.clear()
                start_preview()
                runner.run(lambda s: s.people.add_note(person_id, "Probe note"),
                           notes.append)
                return lambda: bool(previews) and bool(notes)

            phase("save_note_while_rendering", note_while_rendering)

            printed: list[int] = []

            def print_pack() -> Callable[[], bool]:
                printer = QPrinter(QPrinter.PrinterMode.HighResolution)
                printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
                printer.setOutputFileName(str(folder / "printed.pdf"))
                printer.setResolution(args.dpi)
                from desktop.app import exports

                # As the export dialog does it: prepared (audit first) on the vault thread,
                # rendered and painted on the work thread; the interface thread never waits.
                def paint(prepared: Any) -> None:
                    runner.run_work(lambda: print_pages(printer, exports.render(prepared)),
                                    printed.append)

                runner.run(lambda s: s.exports.prepare(
                    person_id, form.id, "en", "probe", how="printed"), paint)
                return lambda: bool(printed)

            phase("print_pack", print_pack)

            rounds: list[object] = []
            worker = SyncWorker(runner)  # kept alive: its signal arrives after the round

            def sync() -> Callable[[], bool]:
                worker.finished.connect(rounds.append)

                def failed(exc: Exception) -> None:
                    rounds.append(exc)
                    log(f"sync failed: {type(exc).__name__}: {exc}")

                def registered(plan: membership.Connect) -> None:
                    log("registered with the hub")
                    runner.run(lambda s: membership.finish_connect(s, plan),
                               lambda _r: runner.run_network(
                                   worker.run_round,
                                   lambda r: None if r is not None else failed(
                                       RuntimeError("no round: not connected")), failed),
                               failed)

                runner.run(lambda s: membership.prepare_connect(s, url, token),
                           lambda plan: runner.run_network(
                               lambda: membership.register_connect(plan), registered, failed),
                           failed)
                return lambda: bool(rounds)

            phase("connect_and_sync", sync)
            report = rounds[0]
            results["synced_events"] = getattr(getattr(report, "report", None), "pushed", None)
        finally:
            runner.close_session()
            runner.shutdown()
            hub.terminate()
            hub.wait(10)
    results["gui_max_stall_ms"] = max(p["max_stall_ms"] for p in results["phases"].values())
    results["machine"] = re.sub(r"\s+", " ", os.uname().machine + " " + str(os.cpu_count()))
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
