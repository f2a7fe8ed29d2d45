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
    """Failed starts in tests (and their subprocesses) log here, not in the user's log folder."""
    previous = os.environ.get("WAYMARK_LOG_DIR")
    os.environ["WAYMARK_LOG_DIR"] = str(tmp_path_factory.mktemp("start-log"))
    yield
    if previous is None:
        os.environ.pop("WAYMARK_LOG_DIR", None)
    else:
        os.environ["WAYMARK_LOG_DIR"] = previous
