"""The lead's overview on a demo vault: prints one JSON object (issue 18).

    waymark demo --vault DIR --admin admin --people 10000 --passphrase-stdin
    printf '%s\\n' PASSPHRASE | .venv/bin/python bench/overview_bench.py --vault DIR --user admin

Wall time of the first overview of a session (a newly unlocked vault) and of the best of three
on a well-used connection (after the People page, the task list, a search and 30 chronologies),
and each query's time in one well-used call. Opening the vault migrates it to this code's schema.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from desktop.app.services import Services
    from desktop.vault.store import Vault

    parser = argparse.ArgumentParser()
    parser.add_argument("--vault", required=True, type=Path)
    parser.add_argument("--user", required=True)
    args = parser.parse_args()
    vault = Vault.unlock(args.vault, args.user, sys.stdin.readline().rstrip("\n"))
    s = Services(vault)
    out: dict[str, Any] = {}
    try:
        start = time.perf_counter()
        s.oversight.overview()
        out["first_overview_ms"] = round((time.perf_counter() - start) * 1000, 1)
        s.people.list(limit=500)
        s.tasks.list()
        s.search.people("Nguyen")
        for person in s.people.list(limit=30):
            s.people.chronology(person.id)
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            s.oversight.overview()
            runs.append((time.perf_counter() - start) * 1000)
        out["well_used_overview_ms"] = round(min(runs), 1)
        queries: list[tuple[str, float]] = []
        read = vault.read

        def timed(sql: str, params: Any = ()) -> Any:
            start = time.perf_counter()
            rows = read(sql, params)
            queries.append((" ".join(sql.split())[:80], (time.perf_counter() - start) * 1000))
            return rows

        vault.read = timed  # type: ignore[method-assign]
        s.oversight.overview()
        out["queries_ms"] = {q: round(ms, 1) for q, ms in queries if ms >= 1}
    finally:
        vault.close()
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
