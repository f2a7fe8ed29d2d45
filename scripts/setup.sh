#!/usr/bin/env bash
# Set up everything Waymark needs on this machine; safe to run again (it only does what is
# missing). Used by scripts/run.sh and scripts/test.sh; you rarely need to call it yourself.
#
#   scripts/setup.sh            system libraries for headless Qt + .venv with Waymark installed
#   scripts/setup.sh --gui      also the X11 (xcb) libraries the app needs on a desktop
#   scripts/setup.sh --xvfb     also Xvfb, to run the app on a virtual screen (xvfb-run -a ...)
#   scripts/setup.sh --test     also poppler-utils and qpdf (the tests read the PDFs we make)
#                               and binutils (the CI build of the self-contained app)
#
# Environment: WAYMARK_VENV (default: .venv in the repository), PYTHON (default: python3),
# WAYMARK_SKIP_SYSTEM=1 skips the system-package step (you installed the libraries yourself).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${WAYMARK_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"

# Headless Qt (the offscreen platform the tests use) on a minimal Debian; see STYLE.md.
BASE_PKGS="libglib2.0-0 libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6
libxkbcommon0 fonts-dejavu-core"
GUI_PKGS="libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1"
XVFB_PKGS="xvfb xauth"
# binutils: PyInstaller reads libraries with objdump when CI builds the self-contained app,
# and the build strips them. The X11 libraries and Xvfb: the build bundles the libraries Qt's
# xcb platform needs (a build machine without them makes an app that cannot open a window),
# and CI starts the built app on a virtual screen to prove it.
TEST_PKGS="poppler-utils qpdf binutils postgresql $GUI_PKGS $XVFB_PKGS"

say() { printf 'setup: %s\n' "$*" >&2; }

want="$BASE_PKGS"
# Debian splits venv support out of its python3; other Pythons (pyenv, python.org) carry it.
if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    want="$want python3-venv"
fi
for arg in "$@"; do
    case "$arg" in
        --gui) want="$want $GUI_PKGS" ;;
        --xvfb) want="$want $GUI_PKGS $XVFB_PKGS" ;;
        --test) want="$want $TEST_PKGS" ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) say "unknown option: $arg (try --help)"; exit 2 ;;
    esac
done

install_system_packages() {
    if [ "${WAYMARK_SKIP_SYSTEM:-0}" = 1 ]; then
        say "skipping system packages (WAYMARK_SKIP_SYSTEM=1)"
        return 0
    fi
    if [ "$(uname -s)" != Linux ]; then
        return 0  # macOS and Windows: the Qt wheels carry what they need
    fi
    if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        say "this is not a Debian-like system, so I cannot check or install system libraries."
        say "Waymark needs these (Debian names; install your distribution's equivalents):"
        say "  $(echo $want)"
        say "then run again with WAYMARK_SKIP_SYSTEM=1."
        exit 1
    fi
    local missing=""
    for pkg in $want; do
        # shellcheck disable=SC2086
        dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
    done
    missing="$(echo $missing | tr ' ' '\n' | sort -u | tr '\n' ' ')"
    missing="${missing% }"
    if [ -z "$missing" ]; then
        return 0
    fi
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo="sudo"
        else
            say "missing system packages: $missing"
            say "install them as root: apt-get install $missing"
            exit 1
        fi
    fi
    say "installing missing system packages: $missing"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
    # shellcheck disable=SC2086
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        $missing
}

setup_venv() {
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        say "Waymark needs Python 3.11 or newer as '$PYTHON' (set PYTHON=/path/to/python3.11)."
        exit 1
    fi
    if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
        say "creating $VENV"
        "$PYTHON" -m venv "$VENV"
    fi
    # Reinstall only when pyproject.toml (the dependency list) or the Python changed.
    local stamp="$VENV/.waymark-setup-stamp" want_stamp
    want_stamp="$(cat "$ROOT/pyproject.toml" <("$VENV/bin/python" -VV) | sha256sum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want_stamp" ] \
        && "$VENV/bin/python" -c 'import desktop, pytest' 2>/dev/null; then
        return 0
    fi
    say "installing Waymark and its dependencies into $VENV"
    (cd "$ROOT" && "$VENV/bin/python" -m pip install -q -e '.[dev]')
    echo "$want_stamp" > "$stamp"
}

install_system_packages
setup_venv
