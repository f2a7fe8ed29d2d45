"""Where the bundled data files live (source tree, installed, or frozen by PyInstaller)."""

from __future__ import annotations

import sys
from pathlib import Path


def root() -> Path:
    """The folder that holds `resources/` and `forms/`."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources() -> Path:
    return root() / "resources"


def resource(*parts: str) -> Path:
    return resources().joinpath(*parts)
