"""Every string the shell shows has a Vietnamese translation with the same placeholders."""

from __future__ import annotations

import ast
import re
import unicodedata
from pathlib import Path

import pytest

import desktop.ui
from desktop.ui.i18n import catalog

SHELL_MODULES = ("application", "first_run", "unlock", "main_window", "lock", "users_page",
                 "settings_page", "passphrase_fields")  # errors.py: test_translations_complete
UI = Path(desktop.ui.__file__).parent


def shell_strings() -> list[tuple[str, str, str]]:
    found = []
    for name in SHELL_MODULES:
        tree = ast.parse(next(UI.rglob(f"{name}.py")).read_text(encoding="utf-8"))
        consts = {n.targets[0].id: n.value.value for n in tree.body
                  if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)
                  and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "tr"):
                ctx, text = node.args
                assert isinstance(text, ast.Constant), f"{name}:{node.lineno} not a literal"
                context = ctx.value if isinstance(ctx, ast.Constant) else consts[ctx.id]
                found.append((name, context, text.value))
    return found


STRINGS = shell_strings()
# Every catalogue file merged (new strings live in their own files); shell.yaml is one of them.
VI = catalog("vi")


def test_there_are_strings() -> None:
    assert len(STRINGS) > 150


@pytest.mark.parametrize(("module", "context", "text"), STRINGS)
def test_translated(module: str, context: str, text: str) -> None:
    vi = VI.get(context, {}).get(text)
    assert vi, f"{module}: no Vietnamese for [{context}] {text!r}"
    assert set(re.findall(r"\{\w+\}", vi)) == set(re.findall(r"\{\w+\}", text))
    assert vi.count("&") == text.count("&")
    assert unicodedata.normalize("NFC", vi) == vi
