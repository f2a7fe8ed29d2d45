"""What makes Waymark a desktop app as people expect one (issue 16): an icon in every size
the platforms ask for, the build spec's icon files present, a valid Linux menu entry and
AppStream metadata."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / "org.waymark.Waymark.desktop"
METAINFO = LINUX / "org.waymark.Waymark.metainfo.xml"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path.name
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def test_every_icon_size_is_drawn() -> None:
    assert (ICONS / "waymark.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    for size in SIZES:
        assert png_size(ICONS / f"waymark-{size}.png") == (size, size)


def test_the_windows_and_macos_icons_hold_several_sizes() -> None:
    ico = (ICONS / "waymark.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00" and int.from_bytes(ico[4:6], "little") >= 5
    icns = (ICONS / "waymark.icns").read_bytes()
    assert icns[:4] == b"icns" and int.from_bytes(icns[4:8], "big") == len(icns)


def test_the_build_specs_icon_paths_exist() -> None:
    spec = (ROOT / "build" / "waymark.spec").read_text(encoding="utf-8")
    paths = re.findall(r'ROOT((?:\s*/\s*"[^"]+")+)', spec)
    icon_paths = [ROOT.joinpath(*re.findall(r'"([^"]+)"', p)) for p in paths
                  if "icons" in p]
    assert len(icon_paths) >= 2, "the spec names no icon"
    for path in icon_paths:
        assert path.is_file(), path.relative_to(ROOT)


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment, method-assign]  # keys are case-sensitive
    parser.read_string(DESKTOP.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def test_the_desktop_entry_has_what_menus_need() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Waymark"
    assert entry["Exec"].split()[0] == "waymark"  # the console script in pyproject.toml
    assert entry["Icon"] == DESKTOP.stem
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    assert "Comment[vi]" in entry and "GenericName[vi]" in entry
    assert 'waymark = "desktop.__main__:main"' in (ROOT / "pyproject.toml").read_text()


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate not installed (apt: desktop-file-utils)")
def test_the_desktop_entry_is_valid() -> None:
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout


def test_the_metainfo_names_the_entry_and_the_binary() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == DESKTOP.stem
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("provides/binary") == "waymark"
    from desktop import __version__

    assert root.find(f"releases/release[@version='{__version__}']") is not None


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli not installed")
def test_the_metainfo_is_valid() -> None:
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
