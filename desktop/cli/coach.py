"""`waymark coach --lang en|vi [--json] TEXT|-`: the wording coach from the command line.

With TEXT, classify one turn (a short line, or one JSON object with --json). With "-", read
one turn per line from stdin and print one JSON object per line.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from desktop.content.coach.turns import TurnResult, classify

USAGE = "waymark coach --lang en|vi [--json] TEXT|-"


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing and exiting, so run() owns the exit code."""

    def error(self, message: str) -> Any:
        raise ValueError(message)


def _parser() -> _Parser:
    p = _Parser(prog="waymark coach", usage=USAGE, add_help=False,
                description="Classify staff questions in a disclosure conversation.")
    p.add_argument("--lang", required=True, choices=("en", "vi"),
                   help="language of the turn")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("text", help="the turn to classify, or - to read one turn per line")
    return p


def _as_json(result: TurnResult, original: str) -> str:
    return json.dumps({"text": original, "category": result.category,
                       "flags": list(result.flags), "suggestion": result.suggestion},
                      ensure_ascii=False)


def _as_line(result: TurnResult) -> str:
    flags = f" [{', '.join(result.flags)}]" if result.flags else ""
    better = f" -> {result.suggestion}" if result.suggestion else ""
    return f"{result.category}{flags}{better}"


def run(argv: list[str], stdin: TextIO, stdout: TextIO, stderr: TextIO | None = None) -> int:
    """Entry point; `argv` excludes the word "coach". Returns the exit code: 0, or 2 for bad
    arguments (the message and usage go to `stderr`, by default the process's)."""
    err = stderr if stderr is not None else sys.stderr
    try:
        args = _parser().parse_args(argv)
    except ValueError as exc:
        err.write(f"waymark coach: error: {exc}\nusage: {USAGE}\n")
        return 2
    if args.text == "-":
        for line in stdin:
            turn = line.rstrip("\r\n")
            if not turn.strip():
                continue
            stdout.write(_as_json(classify(turn, args.lang), turn) + "\n")
        return 0
    if not args.text.strip():
        err.write(f"waymark coach: error: TEXT is empty\nusage: {USAGE}\n")
        return 2
    result = classify(args.text, args.lang)
    stdout.write((_as_json(result, args.text) if args.json else _as_line(result)) + "\n")
    return 0
