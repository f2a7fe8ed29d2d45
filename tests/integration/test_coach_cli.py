"""`waymark coach` as scripts call it (issue 4): exact form, one JSON object per line."""

from __future__ import annotations

import json

from test_cli import waymark


def test_one_turn_as_json() -> None:
    done = waymark("coach", "--lang", "en", "--json", "It was your uncle, wasn't it?")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["text"] == "It was your uncle, wasn't it?"
    assert out["category"] == "leading" and out["suggestion"]


def test_stdin_one_json_object_per_line_in_vietnamese() -> None:
    turns = ["Em kể cho cô nghe chuyện gì đã xảy ra.", "Cô hứa sẽ không nói với ai.",
             "Có phải chú ấy đánh em không?"]
    done = waymark("coach", "--lang", "vi", "-", stdin="\n".join(turns) + "\n")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["text"] for r in rows] == turns
    assert set(rows[0]) == {"text", "category", "flags", "suggestion"}
    assert rows[0]["category"] == "open"
    assert "secrecy_promise" in rows[1]["flags"]
    assert rows[2]["category"] in ("closed", "leading")


def test_bad_language_exits_2_with_usage() -> None:
    done = waymark("coach", "--lang", "fr", "hello")
    assert done.returncode == 2 and "--lang" in done.stderr and done.stdout == ""
