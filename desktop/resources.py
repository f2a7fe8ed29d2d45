"""Where the bundled data files live (source tree, installed, or frozen by PyInstaller)."""

from __future__ import annotations

import sys
from pathlib import Path

TYPE_CHECKING = False  # typing is not imported on `waymark --help` (issue 14)
if TYPE_CHECKING:
    from typing import Any


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


def read_yaml(path: Path) -> Any:
    """One bundled YAML file, parsed with libyaml's safe loader when PyYAML was built with it
    (about ten times faster than the pure-Python reader, same data; a test compares them)."""
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - safe loader
