#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite. Extra arguments go to pytest, e.g.
#   scripts/test.sh -x -q tests/unit
# The GUI tests run on Qt's offscreen platform: no display or Xvfb is needed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${WAYMARK_VENV:-$ROOT/.venv}"
"$ROOT/scripts/setup.sh" --test
cd "$ROOT"
exec "$VENV/bin/python" -m pytest "$@"
