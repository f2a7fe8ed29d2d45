"""Helpers shared by the form tests (sample contexts, pdftotext, review folder); no tests here."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "forms"
CREATED = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
EXPORT_ID = "EXP-2026-0042"

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdftoppm) is not installed")
needs_qpdf = pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")


def sample(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return data


def sample_names() -> list[str]:
    return sorted(p.stem for p in FIXTURES.glob("*.json"))


def pdf_text(pdf: bytes, tmp_path: Path, *, password: str | None = None,
             first: int | None = None, last: int | None = None) -> str:
    """pdftotext's reading of `pdf` (written into the test's own temp folder)."""
    path = tmp_path / f"doc-{len(list(tmp_path.iterdir()))}.pdf"
    path.write_bytes(pdf)
    cmd = ["pdftotext", "-enc", "UTF-8"]
    if password is not None:
        cmd += ["-upw", password]
    if first is not None:
        cmd += ["-f", str(first)]
    if last is not None:
        cmd += ["-l", str(last)]
    done = subprocess.run([*cmd, str(path), "-"], capture_output=True, timeout=60, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"pdftotext failed ({done.returncode})")
    return done.stdout.decode("utf-8")


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces folded, to find phrases that wrap."""
    return re.sub(r"\s+", " ", text)


def review_dir() -> Path:
    folder = Path(os.environ.get("WAYMARK_REVIEW_DIR") or ROOT / "tests" / "review")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
