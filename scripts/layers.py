"""The layers of Waymark as its imports draw them (every import, module level or not).

    python scripts/layers.py            the picture for the README's architecture section
    python scripts/layers.py --check    exit 1 if an import breaks the layering

tests/unit/test_layering.py runs the same check and compares the README's picture with this one.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The layers, top to bottom; each may import the ones listed for it (and itself).
ALLOWED: dict[str, set[str]] = {
    "desktop.ui": {"desktop.app", "desktop.content", "desktop.printing", "desktop.domain",
                   "desktop.support"},
    "desktop.cli": {"desktop.app", "desktop.content", "desktop.printing", "desktop.domain",
                    "desktop.support"},
    "desktop.app": {"desktop.content", "desktop.printing", "desktop.vault", "desktop.sync",
                    "desktop.domain", "desktop.support", "protocol"},
    "desktop.sync": {"desktop.domain", "desktop.support", "protocol"},
    "desktop.printing": {"desktop.domain", "desktop.support"},
    "desktop.vault": {"desktop.domain", "desktop.support", "protocol"},
    "desktop.content": {"desktop.domain", "desktop.support"},
    "desktop.domain": set(),
    "desktop.support": set(),
    "protocol": set(),
    "server": {"protocol"},
}
# Entry points and tools at the top of the desktop package: they may start either face.
ENTRY = {"desktop.__main__", "desktop.gui_entry", "desktop.selftest", "desktop.demo",
         "desktop.demo_content", "desktop.start_failure"}
# Small shared helpers at the top of the package (paths, resource files).
SUPPORT = {"desktop.paths", "desktop.resources", "desktop.translations"}
QT = ("PySide6", "shiboken6")


def layer_of(module: str) -> str | None:
    if module in SUPPORT:
        return "desktop.support"
    parts = module.split(".")
    if parts[0] in ("protocol", "server"):
        return parts[0]
    if parts[0] == "desktop" and len(parts) > 1:
        name = ".".join(parts[:2])
        return name if name in ALLOWED else None
    return None


def modules() -> dict[str, Path]:
    found = {}
    for top in ("desktop", "protocol", "server"):
        for path in sorted((ROOT / top).rglob("*.py")):
            rel = path.relative_to(ROOT).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imports(module: str, path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names.append(target)
            names.extend(f"{target}.{alias.name}" for alias in node.names)
    return names


def problems() -> list[str]:
    found = []
    for module, path in modules().items():
        layer = layer_of(module)
        for name in imports(module, path):
            if name.split(".")[0] in QT and not module.startswith("desktop.ui") \
                    and module not in ENTRY:
                found.append(f"{module} imports Qt ({name})")
            target = layer_of(name)
            if target is None or layer is None or target == layer:
                continue
            if module in ENTRY:
                continue
            if target not in ALLOWED[layer]:
                found.append(f"{module} ({layer}) imports {name} ({target})")
    return sorted(set(found))


def picture() -> str:
    edges: dict[str, set[str]] = defaultdict(set)
    for module, path in modules().items():
        layer = layer_of(module)
        if layer is None or module in ENTRY:
            continue
        for name in imports(module, path):
            target = layer_of(name)
            if target is not None and target != layer:
                edges[layer].add(target)
    order = list(ALLOWED)
    width = max(len(name) for name in order)
    lines = []
    for layer in order:
        below = sorted(edges.get(layer, ()), key=order.index)
        shown = ", ".join(b.removeprefix("desktop.") for b in below) or "(nothing of ours)"
        lines.append(f"{layer.ljust(width)}  ->  {shown}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if "--check" in argv:
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    print(picture())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
