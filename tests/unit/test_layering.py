"""The architecture holds (README, "Architecture"): the layers import only downwards, the hub
installs and runs without the desktop stack, and no module grows past 600 lines."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("layers", ROOT / "scripts" / "layers.py")
assert spec is not None and spec.loader is not None
layers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(layers)

DESKTOP_STACK = ("PySide6", "shiboken6", "sqlcipher3", "reportlab", "pikepdf", "pypdfium2",
                 "desktop")


def test_every_import_follows_the_layers() -> None:
    # No Qt below desktop/ui; server and protocol never import desktop; the domain imports
    # nothing of ours; the interface reaches the vault and the network only through app/.
    assert layers.problems() == []


def test_the_layering_rules_say_what_the_design_says() -> None:
    allowed = layers.ALLOWED
    assert allowed["desktop.domain"] == set() and allowed["protocol"] == set()
    assert allowed["server"] == {"protocol"}
    for face in ("desktop.ui", "desktop.cli"):
        assert not allowed[face] & {"desktop.vault", "desktop.sync", "protocol"}
    for lower in ("desktop.vault", "desktop.sync", "desktop.printing", "desktop.content"):
        assert not allowed[lower] & {"desktop.app", "desktop.ui", "desktop.cli"}


def test_a_forbidden_import_is_found(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "desktop" / "vault" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text("from desktop.ui.tasks import TaskRunner\nimport PySide6\n")
    monkeypatch.setattr(layers, "ROOT", tmp_path)
    found = layers.problems()
    assert "desktop.vault.bad imports Qt (PySide6)" in found
    assert any(p.startswith("desktop.vault.bad (desktop.vault) imports desktop.ui")
               for p in found)


def test_the_readme_picture_is_drawn_from_the_real_imports() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert layers.picture() in readme, "run `python scripts/layers.py` and paste its output"


def test_no_module_is_over_600_lines() -> None:
    big = []
    for top in ("desktop", "server", "protocol"):
        for path in (ROOT / top).rglob("*.py"):
            lines = path.read_text(encoding="utf-8").count("\n")
            if lines > 600:
                big.append(f"{path.relative_to(ROOT)}: {lines}")
    assert big == []


BLOCKER = """
import importlib.abc, sys
BLOCKED = {blocked!r}
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError("the hub must not import " + name)
        return None
sys.meta_path.insert(0, Block())
import server.app, server.__main__
sys.argv = ["waymark-hub", "--help"]
try:
    server.__main__.main()
except SystemExit as exc:
    sys.exit(exc.code)
"""


def test_the_hub_runs_without_the_desktop_stack() -> None:
    probe = BLOCKER.format(blocked=DESKTOP_STACK)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "waymark-hub" in result.stdout


def test_the_hub_install_lists_only_what_the_hub_imports() -> None:
    project = tomllib.loads((ROOT / "build" / "hub" / "pyproject.toml").read_text())
    deps = " ".join(project["project"]["dependencies"]).lower()
    for name in ("pyside6", "sqlcipher3", "reportlab", "pikepdf", "pypdfium2"):
        assert name not in deps
    assert project["tool"]["setuptools"]["packages"]["find"]["include"] == ["server*",
                                                                            "protocol*"]
    assert (ROOT / "scripts" / "setup-hub.sh").stat().st_mode & 0o111
