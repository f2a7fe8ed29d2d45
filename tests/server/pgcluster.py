"""A throwaway PostgreSQL cluster for the hub tests and the benchmark.

Uses WAYMARK_TEST_POSTGRES_URL when set (a server where that role may CREATE DATABASE);
otherwise starts a private cluster from the Debian binaries (/usr/lib/postgresql/*/bin) on
127.0.0.1 and a free port, in a temporary folder, as the `postgres` user when we run as root
(PostgreSQL refuses to run as root). `find_reason()` says why none is available.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg

ENV_URL = "WAYMARK_TEST_POSTGRES_URL"


def required() -> bool:
    """In CI (or when asked) a missing PostgreSQL fails the tests instead of skipping them."""
    return bool(os.environ.get("CI")) or os.environ.get("WAYMARK_REQUIRE_POSTGRES") == "1"


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name)
                   if Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def find_reason() -> str | None:
    """None when a server can be had; otherwise why not."""
    if os.environ.get(ENV_URL):
        return None
    bindir = _bindir()
    if bindir is None or not (bindir / "pg_ctl").exists():
        return ("no PostgreSQL: set WAYMARK_TEST_POSTGRES_URL or install the server binaries "
                "(Debian: apt-get install postgresql)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run PostgreSQL as"
        if not shutil.which("runuser"):
            return "running as root and runuser is missing"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """A server to create per-test databases on. `data_dir` is None for an external server."""

    def __init__(self, admin_url: str, data_dir: Path | None) -> None:
        self.admin_url = admin_url  # libpq URL to a maintenance database
        self.data_dir = data_dir

    def sqlalchemy_url(self, dbname: str) -> str:
        base = self.admin_url.rsplit("/", 1)[0]
        return base.replace("postgresql://", "postgresql+psycopg://", 1) + "/" + dbname

    def create_database(self, dbname: str | None = None, template: str | None = None) -> str:
        """A new database; with `template`, a copy of it (like a backup of a stopped hub:
        sessions still connected to the template are ended first)."""
        dbname = dbname or "wm_" + uuid.uuid4().hex[:16]
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            if template:
                conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE datname = %s AND pid <> pg_backend_pid()", (template,))
            clause = f" TEMPLATE {template}" if template else ""
            conn.execute(f'CREATE DATABASE "{dbname}"{clause}')  # our own generated names
        return dbname

    def drop_database(self, dbname: str) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')

    def rename_database(self, old: str, new: str) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{old}" RENAME TO "{new}"')

    def checkpoint(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute("CHECKPOINT")


@contextlib.contextmanager
def cluster(*, fsync: bool = False) -> Iterator[Cluster]:
    """A running server for the duration of the block (raises RuntimeError if none)."""
    env_url = os.environ.get(ENV_URL)
    if env_url:
        yield Cluster(env_url.replace("postgresql+psycopg://", "postgresql://", 1), None)
        return
    reason = find_reason()
    if reason:
        raise RuntimeError(reason)
    bindir = _bindir()
    assert bindir is not None
    root = Path(tempfile.mkdtemp(prefix="waymark-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        os.chown(root, entry.pw_uid, entry.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", _free_port()
    log = root / "server.log"

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], check=True, capture_output=True, timeout=120)

    try:
        run(str(bindir / "initdb"), "-D", str(data), "--auth=trust", "--username=postgres",
            "--encoding=UTF8", "--locale=C", "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {root} "
                   f"-c max_connections=60 -c fsync={'on' if fsync else 'off'}")
        run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w",
            "-t", "60", "start")
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(root, ignore_errors=True)
        detail = exc.stderr.decode(errors="replace")[-500:] if exc.stderr else ""
        raise RuntimeError(f"could not start PostgreSQL: {detail}") from exc
    try:
        yield Cluster(f"postgresql://postgres@127.0.0.1:{port}/postgres", data)
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "-w", "stop"], capture_output=True, timeout=120)
        shutil.rmtree(root, ignore_errors=True)
