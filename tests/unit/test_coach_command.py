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


def test_context_gives_what_the_person_already_said(tmp_path: object) -> None:
    from pathlib import Path

    conversation = Path(str(tmp_path)) / "so_far.jsonl"
    conversation.write_text(
        '{"speaker": "staff", "text": "Chị kể cho tôi nghe chuyện gì đã xảy ra nhé."}\n'
        '{"speaker": "person", "text": "Người môi giới giữ hộ chiếu của tôi."}\n',
        encoding="utf-8")
    turn = "Hộ chiếu của chị bây giờ ở đâu?"
    _, alone, _ = _run(["--lang", "vi", "--json", turn])
    assert json.loads(alone)["category"] == "leading"  # she never said "hộ chiếu" here
    code, out, _ = _run(["--lang", "vi", "--json", "--context", str(conversation), turn])
    assert code == 0
    data = json.loads(out)
    assert data["category"] == "wh_specific" and data["flags"] == []
    assert data["suggestion"].startswith("Chị kể cho tôi nghe")  # her pronoun pair, tôi–chị


def test_a_bad_context_line_is_named_without_its_words(tmp_path: object) -> None:
    from pathlib import Path

    conversation = Path(str(tmp_path)) / "bad.jsonl"
    conversation.write_text('{"speaker": "person", "text": "Lan"}\nnot json Lan\n',
                            encoding="utf-8")
    code, out, err = _run(["--lang", "en", "--context", str(conversation), "Tell me more."])
    assert code == 2 and out == ""
    assert "line 2" in err and "Lan" not in err


def test_help_prints_the_usage_and_options_and_exits_0() -> None:
    # `waymark --help` lists coach; its own --help used to fail for want of --lang.
    code, out, err = _run(["--help"])
    assert code == 0 and err == ""
    assert out.startswith("usage: waymark coach --lang en|vi")
    assert "--context" in out and "language of the turn" in out
