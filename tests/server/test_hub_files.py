"""Issue 13, item 10 (files): the hub's SQLite database is owner-only from its first byte."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sqlalchemy import text

from server.db import make_engine, write_tx


def test_hub_sqlite_files_are_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        db = tmp_path / "hub" / "hub.db"
        engine = make_engine(f"sqlite:///{db}")
        with write_tx(engine) as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
        with engine.connect():  # the WAL stays while a connection is open
            files = sorted(p.name for p in db.parent.iterdir())
            assert "hub.db-wal" in files
            for path in db.parent.iterdir():
                mode = stat.S_IMODE(path.stat().st_mode)
                assert mode & 0o077 == 0, f"{path.name} is {oct(mode)}"
        engine.dispose()
    finally:
        os.umask(old)
