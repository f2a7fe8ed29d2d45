"""Every string any window shows has Vietnamese, with the same placeholders (all of desktop/ui,
all catalogs merged, so a new module cannot be forgotten)."""

from __future__ import annotations

import ast
import re
import unicodedata
from pathlib import Path

import pytest

import desktop.ui
from desktop.ui.i18n import catalog

UI = Path(desktop.ui.__file__).parent


def ui_strings() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        consts = {n.targets[0].id: n.value.value for n in tree.body
                  if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)
                  and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "tr" and len(node.args) >= 2):
                ctx, text = node.args[:2]
                assert isinstance(text, ast.Constant), f"{path.name}:{node.lineno} not literal"
                if isinstance(ctx, ast.Constant):
                    context = ctx.value
                elif isinstance(ctx, ast.Name) and ctx.id in consts:
                    context = consts[ctx.id]
                else:
                    continue  # tr() passed through a variable: checked where it is defined
                found.append((path.stem, context, text.value))
    return found


STRINGS = ui_strings()


def test_the_walk_finds_the_strings() -> None:
    modules = {m for m, _, _ in STRINGS}
    assert {"assessment_dialog", "people_page", "main_window"} <= modules
    assert len(STRINGS) > 400


@pytest.mark.parametrize(("module", "context", "text"), STRINGS)
def test_translated(module: str, context: str, text: str) -> None:
    vi = catalog("vi").get(context, {}).get(text)
    assert vi and vi.strip(), f"{module}: no Vietnamese for [{context}] {text!r}"
    assert set(re.findall(r"\{\w+\}", vi)) == set(re.findall(r"\{\w+\}", text))
    assert unicodedata.normalize("NFC", vi) == vi
