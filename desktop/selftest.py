"""`waymark --selftest`: does this copy of Waymark work on this machine?

Run from a built app on a new laptop (or by CI on `dist/waymark/waymark`). Each check prints one
line. Everything is made in one temporary folder that is removed at the end; the user's real
vault is never opened, and the record written is fictional. Exit 0 when every check passed, 1
when one failed (the line names it).

The Qt check runs in a child process (`waymark --selftest-qt`): a Qt that cannot load its
platform plugin aborts the process, and the parent can still name the check that failed. With
no display the child uses Qt's offscreen platform, so a headless server checks Qt's libraries
too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from desktop import __version__
from desktop.resources import resource, resources

PASSPHRASE = "self-test passphrase, not a real one"  # noqa: S105 - a throwaway vault
VIETNAMESE = "Kiểm tra tiếng Việt: Nguyễn Thị Hồng, Đà Nẵng"
QT_FLAG = "--selftest-qt"


class CheckFailed(Exception):
    """A check's own finding (as opposed to an unexpected error)."""


@dataclass
class Context:
    """What the checks share: the temp root, and the vault they create."""

    root: Path
    vault: object | None = None
    person_id: str = ""
    recovery_code: str = ""


Check = tuple[str, Callable[[Context], str]]


def check_resources(ctx: Context) -> str:
    needed = [resource("fonts", "DejaVuSans.ttf"), resource("fonts", "DejaVuSans-Bold.ttf"),
              resource("fonts", "LICENSE-DejaVu.txt"), resource("policy", "common-passwords.txt"),
              resource("jurisdictions", "england.yaml"), resource("jurisdictions", "vietnam.yaml")]
    missing = [str(p.relative_to(resources())) for p in needed if not p.is_file()]
    catalogs = list(resource("translations", "vi").glob("*.yaml"))
    if not catalogs:
        missing.append("translations/vi/*.yaml")
    if missing:
        raise CheckFailed("missing: " + ", ".join(missing))
    from desktop.content.checklists.frameworks import FrameworkInvalid, load_all

    try:
        frameworks = load_all()  # also proves the JSON Schema machinery is bundled
    except FrameworkInvalid as exc:
        raise CheckFailed(f"checklist: {exc}") from None
    return (f"fonts, policy, 2 jurisdictions, {len(catalogs)} Vietnamese catalog(s), "
            f"{len(frameworks)} checklist framework(s) valid")


def check_vault_create(ctx: Context) -> str:
    from desktop.vault.keyfile import FLOOR_KDF
    from desktop.vault.store import Vault

    vault, code = Vault.create(
        ctx.root / "vault", org_name="Self-test", jurisdiction="vietnam", language="vi",
        admin_username="selftest", admin_display_name="Self-test", passphrase=PASSPHRASE,
        kdf=FLOOR_KDF)  # DESIGN's minimum Argon2id: fast enough for a check
    ctx.vault = vault
    ctx.recovery_code = code
    return "SQLCipher vault and key file created (Argon2id 64 MiB)"


def check_record(ctx: Context) -> str:
    from desktop.app.services import Services
    from desktop.domain.concerns import Concern
    from desktop.domain.people import Person
    from desktop.vault.store import Vault

    vault = ctx.vault
    assert isinstance(vault, Vault), "the vault check did not run"
    services = Services(vault)
    person = Person(given_names="Thị Hồng", family_name="Nguyễn", estimated_age=15,
                    location_kind="other", location="Đà Nẵng")
    ctx.person_id = services.people.register(person)
    recorded = services.concerns.record(Concern(
        person_id=ctx.person_id, seen_or_heard=VIETNAMESE, occurred_at=datetime.now(UTC),
        categories=("other",)))
    vault.close()
    # Read back after a fresh unlock: the record came from the encrypted file, not a cache.
    vault = Vault.unlock(ctx.root / "vault", "selftest", PASSPHRASE)
    ctx.vault = vault
    services = Services(vault)
    back = services.people.get(ctx.person_id).person
    if (back.given_names, back.family_name) != (person.given_names, person.family_name):
        raise CheckFailed("the person read back differs from the one written")
    concern = services.concerns.get(recorded.concern_id)
    if concern.get("seen_or_heard") != VIETNAMESE:
        raise CheckFailed("the concern read back differs from the one written")
    return (f"a person and a concern written, read back after unlocking again "
            f"({len(recorded.task_ids)} task(s) planned)")


def check_pdf(ctx: Context) -> str:
    from desktop.printing.recovery_sheet import render_recovery_sheet

    pdf = render_recovery_sheet(ctx.recovery_code or "ABCD-EFGH", org_name="Tổ kiểm tra",
                                language="vi")
    if not (pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")):
        raise CheckFailed("the output is not a complete PDF")
    # The font must be embedded (a subset named XXXXXX+DejaVuSans), or Vietnamese letters
    # would depend on the reader's fonts.
    if b"+DejaVuSans" not in pdf or b"/FontFile2" not in pdf:
        raise CheckFailed("DejaVu Sans is not embedded in the PDF")
    path = ctx.root / "selftest.pdf"
    path.write_bytes(pdf)  # in the temp folder: the file system takes it, then it is removed
    return f"Vietnamese recovery sheet rendered, DejaVu Sans embedded ({len(pdf) // 1024} KB)"


def check_forms(ctx: Context) -> str:
    """Every bundled form template loads; one is filled from the test vault, encrypted with
    AES-256 and previewed in memory with PDFium (the app's preview and print path)."""
    import pypdfium2

    from desktop.app.services import Services
    from desktop.printing import forms
    from desktop.printing.pdf_encryption import encrypt_pdf
    from desktop.vault.store import Vault

    try:
        infos = forms.list_forms()
    except forms.FormError as exc:
        raise CheckFailed(f"form template: {exc}") from None
    if not infos:
        raise CheckFailed("no form templates bundled (forms/)")
    assert isinstance(ctx.vault, Vault)
    context = Services(ctx.vault).referrals.context(ctx.person_id, "vi")
    pdf = forms.render("vn-bien-ban-tiep-nhan", context, "vi", export_id="SELFTEST",
                       created=datetime.now(UTC))
    locked = encrypt_pdf(pdf, "self-test")
    doc = pypdfium2.PdfDocument(pdf)
    try:
        pages = len(doc)
        doc[0].render(scale=0.5)
    finally:
        doc.close()
    if not locked.startswith(b"%PDF-") or pages < 1:
        raise CheckFailed("the form did not render")
    return (f"{len(infos)} form template(s); biên bản tiếp nhận filled ({pages} page(s)), "
            "encrypted, previewed")


def check_audit(ctx: Context) -> str:
    from desktop.app.services import Services
    from desktop.vault.store import Vault

    vault = ctx.vault
    assert isinstance(vault, Vault), "the vault check did not run"
    report = Services(vault).checks.run()
    if not report.ok:
        raise CheckFailed("; ".join(report.problems))
    vault.close()
    ctx.vault = None
    return f"{report.audit_entries} audit entries chained, {report.events} events, integrity ok"


def qt_environment() -> tuple[dict[str, str], str]:
    env = dict(os.environ)
    if env.get("QT_QPA_PLATFORM"):
        return env, env["QT_QPA_PLATFORM"]
    from desktop.gui_entry import display_available

    if display_available():
        return env, "the desktop's"
    env["QT_QPA_PLATFORM"] = "offscreen"  # no display: still check Qt's libraries
    return env, "offscreen (no display)"


def qt_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, QT_FLAG]
    return [sys.executable, "-m", "desktop", QT_FLAG]


def check_qt(ctx: Context) -> str:
    env, platform = qt_environment()
    try:
        result = subprocess.run(qt_command(), capture_output=True, text=True, env=env,
                                timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CheckFailed(f"could not run the Qt check: {type(exc).__name__}") from exc
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise CheckFailed(f"exit {result.returncode}: {detail}")
    return (lines[-1] if lines else "ok") + f"; platform {platform}"


CHECKS: list[Check] = [
    ("bundled resources", check_resources),
    ("create a vault", check_vault_create),
    ("write and read a record", check_record),
    ("PDF with Vietnamese text", check_pdf),
    ("referral forms", check_forms),
    ("audit chain and integrity", check_audit),
    ("Qt window and Vietnamese text", check_qt),
]


@contextmanager
def temp_root(parent: Path | None) -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="waymark-selftest-", dir=parent))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run_selftest(out: TextIO | None = None, *, temp_parent: Path | None = None,
                 checks: list[Check] | None = None) -> int:
    """Run every check, print one line each; 0 when all passed, else 1."""
    stream = out or sys.stdout
    frozen = "frozen" if getattr(sys, "frozen", False) else "from source"
    print(f"Waymark {__version__} self-test ({frozen}, {sys.platform})", file=stream)
    failed: list[str] = []
    started = time.monotonic()
    with temp_root(temp_parent) as root:
        ctx = Context(root)
        try:
            for name, check in checks if checks is not None else CHECKS:
                t0 = time.monotonic()
                try:
                    detail = check(ctx)
                except Exception as exc:
                    reason = str(exc) if isinstance(exc, CheckFailed) else (
                        f"{type(exc).__name__}: {exc}")
                    print(f"FAIL  {name}: {reason}", file=stream, flush=True)
                    failed.append(name)
                    continue
                took = time.monotonic() - t0
                print(f"ok    {name}: {detail} ({took:.1f} s)", file=stream, flush=True)
        finally:
            vault = ctx.vault
            close = getattr(vault, "close", None)
            if callable(close):
                close()
    seconds = time.monotonic() - started
    if failed:
        print(f"self-test FAILED ({', '.join(failed)}); temporary files removed",
              file=stream, flush=True)
        return 1
    print(f"self-test passed ({seconds:.1f} s); temporary files removed", file=stream,
          flush=True)
    return 0
