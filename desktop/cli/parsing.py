"""The command line's argument parsing, without any command: argparse's help formatter
without `shutil` (it imports bz2 and lzma, a share of `waymark --help`), and which command
argv names."""

from __future__ import annotations

import argparse
import sys

TYPE_CHECKING = False  # not typing's: importing typing is a share of `--help` too
if TYPE_CHECKING:
    from typing import Any


def terminal_columns() -> int:
    """`shutil.get_terminal_size().columns`, without importing shutil (and with it bz2 and
    lzma) for argparse's help formatter: COLUMNS, else the terminal's width, else 80."""
    import os

    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        stdout = sys.__stdout__
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns if stdout else 0
        except (ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         terminal_columns() - 2 if width is None else width)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help is formatted by `Formatter`; its subparsers inherit it
    (argparse makes them of the parent's class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)


def command_in(argv: list[str]) -> str | None:
    """The command `argv` names: its first word that is not an option (the top level has no
    option that takes a value)."""
    return next((a for a in argv if not a.startswith("-")), None)
