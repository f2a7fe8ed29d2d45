"""Shared test set-up: fast (but DESIGN-minimum) key derivation, headless Qt."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# 64 MiB Argon2id: DESIGN.md's floor. The standard 256 MiB profile is measured in bench/.
os.environ.setdefault("WAYMARK_KDF_PROFILE", "floor")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True, scope="session")
def start_log_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Failed starts and the app log in tests (and their subprocesses) go here, and remembered
    settings too, never into the user's own folders."""
    previous = os.environ.get("WAYMARK_LOG_DIR")
    previous_config = os.environ.get("WAYMARK_CONFIG_DIR")
    os.environ["WAYMARK_LOG_DIR"] = str(tmp_path_factory.mktemp("start-log"))
    # The remembered language per vault (desktop.app.interface_prefs) too.
    os.environ["WAYMARK_CONFIG_DIR"] = str(tmp_path_factory.mktemp("config"))
    yield
    for name, value in (("WAYMARK_LOG_DIR", previous), ("WAYMARK_CONFIG_DIR", previous_config)):
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
