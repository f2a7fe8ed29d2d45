"""The command line's argument parsing, without any command: the one-line help of every
command, and argparse's help formatter without `shutil` (it imports bz2 and lzma, a share of
`waymark --help`)."""

from __future__ import annotations

import argparse
import sys

TYPE_CHECKING = False  # not typing's: importing typing is a share of `--help` too
if TYPE_CHECKING:
    from typing import Any

# Every command with its one-line help, in the order `waymark --help` lists them.
SUMMARIES = {
    "init": "create a new vault with its first admin",
    "demo": "create or fill a vault with clearly fictional records",
    "check": "verify encryption integrity, audit chain, projections",
    "people": "people in the vault",
    "checklists": "the indicator checklists Waymark ships",
    "forms": "the referral forms Waymark can print",
    "export": "print a referral form for one person to a PDF file",
    "org": "join this vault to an organisation's sync hub",
    "sync": "push waiting records to the hub and (lead devices) pull",
    "report": "a periodic report (counts, small ones suppressed) to PDF and optionally CSV; "
              "leads and admins",
    "export-htcds": "anonymised case data in the HTCDS shape (CSV); leads and admins",
    "intake": "receive a group handed back at a border gate",
    "coach": "classify a staff turn: --lang en|vi [--json] TEXT, or - for stdin",
}


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
