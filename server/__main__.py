"""`waymark-hub` command line (filled in by the hub work)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("waymark-hub: not built yet", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
