"""`waymark coach --lang en|vi [--json] [--context FILE] TEXT|-`: the wording coach.

With TEXT, classify one turn (a short line, or one JSON object with --json). With "-", read
one turn per line from stdin and print one JSON object per line.

`--context FILE` gives the conversation so far, one JSON object per line with "speaker" and
"text"; every line whose speaker is not "staff" is what the person has said, so a question
that uses their own words is not taken for one that puts words in their mouth.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from desktop.content.coach.turns import TurnResult, classify

USAGE = "waymark coach --lang en|vi [--json] [--context FILE] TEXT|-"
STAFF = "staff"


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
    p.add_argument("--context", type=Path,
                   help='the conversation so far: JSON lines {"speaker": "staff"|"person", '
                        '"text": "..."}')
    p.add_argument("text", help="the turn to classify, or - to read one turn per line")
    return p


def _as_json(result: TurnResult, original: str) -> str:
    return json.dumps({"text": original, "category": result.category,
                       "flags": list(result.flags), "suggestion": result.suggestion},
                      ensure_ascii=False)


def heard_from(path: Path) -> str:
    """What the person has said so far, from a JSON-lines conversation file. Errors name the
    line, never its words (they are personal data)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read the context file ({type(exc).__name__})") from None
    said = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            turn = json.loads(line)
        except json.JSONDecodeError:
            raise ValueError(f"context line {n} is not JSON") from None
        if (not isinstance(turn, dict) or not isinstance(turn.get("speaker"), str)
                or not isinstance(turn.get("text"), str)):
            raise ValueError(f"context line {n} needs \"speaker\" and \"text\" strings")
        if turn["speaker"].strip().lower() != STAFF:
            said.append(turn["text"])
    return "\n".join(said)


def _as_line(result: TurnResult) -> str:
    flags = f" [{', '.join(result.flags)}]" if result.flags else ""
    better = f" -> {result.suggestion}" if result.suggestion else ""
    return f"{result.category}{flags}{better}"


def run(argv: list[str], stdin: TextIO, stdout: TextIO, stderr: TextIO | None = None) -> int:
    """Entry point; `argv` excludes the word "coach". Returns the exit code: 0, or 2 for bad
    arguments (the message and usage go to `stderr`, by default the process's)."""
    err = stderr if stderr is not None else sys.stderr
    if any(a in ("-h", "--help") for a in argv):  # `waymark --help` sends people here
        stdout.write(_parser().format_help())
        return 0
    try:
        args = _parser().parse_args(argv)
    except ValueError as exc:
        err.write(f"waymark coach: error: {exc}\nusage: {USAGE}\n")
        return 2
    heard = ""
    if args.context is not None:
        try:
            heard = heard_from(args.context)
        except ValueError as exc:
            err.write(f"waymark coach: error: {exc}\nusage: {USAGE}\n")
            return 2
    if args.text == "-":
        for line in stdin:
            turn = line.rstrip("\r\n")
            if not turn.strip():
                continue
            stdout.write(_as_json(classify(turn, args.lang, heard=heard), turn) + "\n")
        return 0
    if not args.text.strip():
        err.write(f"waymark coach: error: TEXT is empty\nusage: {USAGE}\n")
        return 2
    result = classify(args.text, args.lang, heard=heard)
    stdout.write((_as_json(result, args.text) if args.json else _as_line(result)) + "\n")
    return 0
