#!/usr/bin/env bash
# Install the sync hub alone into a virtual environment at DIR (created if missing):
#
#   scripts/setup-hub.sh /opt/waymark-hub
#   /opt/waymark-hub/bin/waymark-hub --help
#
# The hub imports only server/ and protocol/ (tests/unit/test_layering.py checks it), so it
# installs without PySide6, sqlcipher3, reportlab, pikepdf or pypdfium2.
# Environment: PYTHON (default: python3).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${1:?usage: scripts/setup-hub.sh DIR}"
PYTHON="${PYTHON:-python3}"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp "$ROOT/build/hub/pyproject.toml" "$stage/"
cp -r "$ROOT/server" "$ROOT/protocol" "$stage/"
find "$stage" -name __pycache__ -prune -exec rm -rf {} +

[ -x "$DIR/bin/python" ] || "$PYTHON" -m venv "$DIR"
"$DIR/bin/python" -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
"$DIR/bin/python" -m pip install --quiet "$stage"
echo "hub installed in $DIR: run $DIR/bin/waymark-hub --help" >&2
