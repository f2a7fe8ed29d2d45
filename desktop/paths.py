"""Where the vault lives by default: the platform's per-user data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

PORTABLE_MARKER = "waymark-portable"


def default_vault_dir() -> Path:
    """`WAYMARK_VAULT`, else a portable folder beside a frozen executable that has the marker
    file, else the platform's data folder (e.g. ~/.local/share/Waymark/vault)."""
    env = os.environ.get("WAYMARK_VAULT")
    if env:
        return Path(env).expanduser()
    if getattr(sys, "frozen", False):
        exe_dir = Path(sys.executable).resolve().parent
        if (exe_dir / PORTABLE_MARKER).exists():
            return exe_dir / "vault"
    return Path(user_data_dir("Waymark", appauthor=False)) / "vault"
