"""`waymark coach`: run() with StringIO in place of the terminal."""

from __future__ import annotations

import io
import json

from desktop.cli.coach import run


def _run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(argv, io.StringIO(stdin), out, err)
    return code, out.getvalue(), err.getvalue()


def test_one_turn_prints_a_short_line() -> None:
    code, out, _ = _run(["--lang", "en", "Did he hurt you?"])
    assert code == 0
    assert out.startswith("leading [names_unmentioned] -> ") and out.count("\n") == 1


def test_one_turn_as_json() -> None:
    code, out, _ = _run(["--lang", "vi", "--json", "Cô sẽ không nói với ai đâu."])
    assert code == 0
    assert "Cô" in out  # ensure_ascii=False
    data = json.loads(out)
    assert data["text"] == "Cô sẽ không nói với ai đâu."
    assert data["category"] == "statement" and data["flags"] == ["secrecy_promise"]
    assert data["suggestion"].startswith("Cô không thể giữ bí mật")


def test_dash_reads_one_turn_per_line_and_prints_json_lines() -> None:
    code, out, _ = _run(["--lang", "en", "-"], "Tell me more.\n\nI won't tell anyone\n")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["category"] for r in rows] == ["open", "statement"]
    assert rows[0] == {"text": "Tell me more.", "category": "open", "flags": [],
                       "suggestion": None}
    assert rows[1]["flags"] == ["secrecy_promise"]


def test_bad_arguments_exit_2_with_a_clear_message() -> None:
    for argv in (["--lang", "fr", "hello"], ["--lang", "en"], [], ["hello"],
                 ["--lang", "en", "--colour", "x"], ["--lang", "en", "  "]):
        code, out, err = _run(argv)
        assert code == 2, argv
        assert out == ""
        assert "waymark coach: error:" in err and "usage: waymark coach --lang en|vi" in err
