"""Hub fixtures: every hub test runs on SQLite and on a real PostgreSQL.

PostgreSQL comes from WAYMARK_TEST_POSTGRES_URL or a private cluster this session starts
(see pgcluster.py). Without one the PostgreSQL cases skip locally and FAIL in CI
(CI or WAYMARK_REQUIRE_POSTGRES=1 set).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pgcluster
import pytest
from hubkit import Backend, Hub, Org, postgres_backend, sqlite_backend


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pgcluster.Cluster | None]:
    reason = pgcluster.find_reason()
    if reason is not None:
        yield None
        return
    try:
        with pgcluster.cluster() as cluster:
            yield cluster
    except RuntimeError as exc:
        if pgcluster.required():
            raise
        pytest.skip(f"PostgreSQL could not start: {exc}")


def _no_postgres(why: str) -> None:
    if pgcluster.required():
        pytest.fail(f"PostgreSQL is required here (CI / WAYMARK_REQUIRE_POSTGRES=1): {why}")
    pytest.skip(f"PostgreSQL tests skipped: {why}")


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "sqlite":
        yield sqlite_backend(tmp_path)
        return
    cluster = request.getfixturevalue("pg_cluster")
    if cluster is None:
        _no_postgres(pgcluster.find_reason() or "no server")
    made = postgres_backend(cluster)
    yield made
    made.dispose_hook()


@pytest.fixture
def hub(backend: Backend) -> Iterator[Hub]:
    made = Hub(backend)
    yield made
    made.close()


@pytest.fixture
def org(hub: Hub) -> Org:
    return hub.new_org()
