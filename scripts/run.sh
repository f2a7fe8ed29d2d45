#!/usr/bin/env bash
# Set up (if needed) and start Waymark on this computer's local vault.
#
#   scripts/run.sh                     the default vault (platform data folder, or $WAYMARK_VAULT)
#   scripts/run.sh --vault PATH        a vault in PATH (a folder with vault.db and vault.keys)
#   scripts/run.sh init --help         any headless command works too
#
# The first start on a fresh vault opens the set-up wizard. Without a display the app says so
# in one line and exits 2; for a virtual screen run `scripts/setup.sh --xvfb` once, then
# `xvfb-run -a scripts/run.sh`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${WAYMARK_VENV:-$ROOT/.venv}"
gui=""
if [ -n "${DISPLAY:-}" ]; then
    gui="--gui"  # X11 (or Xvfb): Qt's xcb plugin needs its libraries
fi
"$ROOT/scripts/setup.sh" $gui
cd "$ROOT"
exec "$VENV/bin/python" -m desktop "$@"
