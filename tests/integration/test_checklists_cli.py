"""`waymark checklists list|validate|evaluate` (issue 3): exact names, scripts depend on them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_cli import waymark

from desktop.cli import main as cli
from desktop.content.checklists import frameworks
from desktop.resources import resource


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def first(framework_id: str, *, signal: str | None = None, severity: str | None = None,
          applies: tuple[str, ...] = ("child", "adult", "both")) -> str:
    fw = frameworks.latest(framework_id)
    return next(i.id for i in fw.indicators()
                if (signal is None or signal in i.signals)
                and (severity is None or i.severity == severity) and i.applies_to in applies)


def test_list_json_gives_ids_versions_titles_and_counts_per_language() -> None:
    done = waymark("checklists", "list", "--json")
    assert done.returncode == 0, done.stderr
    rows = {r["id"]: r for r in json.loads(done.stdout)}
    assert set(rows) == {"uk-child-exploitation", "uk-child-trafficking",
                         "uk-child-criminal-exploitation", "adult-trafficking-screening",
                         "vn-victim-identification"}
    for r in rows.values():
        assert r["version"] >= 1 and r["title"]["en"] and r["title"]["vi"]
        assert r["indicators"]["en"] == r["indicators"]["vi"] > 0


def test_list_plain_has_one_line_per_framework(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "checklists", "list")
    assert code == 0 and len(out.splitlines()) == 5
    assert "uk-child-trafficking\tv1\t" in out


def test_list_without_the_schema_gives_what_the_checked_files_give() -> None:
    from desktop.cli import checklists as commands

    assert commands.list_frameworks() == commands.list_frameworks(check=True)


def test_validate_passes_on_the_shipped_files(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "checklists", "validate")
    assert (code, out.strip()) == (0, "checklists: all valid")


def test_validate_exits_1_naming_each_problem(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    for path in resource("checklists").glob("*.y*ml"):
        shutil.copy(path, tmp_path / path.name)
    shutil.copy(resource("checklists", "uk-child-trafficking.yaml"), tmp_path / "copy.yaml")
    text = (tmp_path / "uk-child-exploitation.yaml").read_text(encoding="utf-8")
    # Blank one Vietnamese text: the schema allows the key, the language is still incomplete.
    ind = frameworks.latest("uk-child-exploitation").indicators()[0]
    vi = ind.text["vi"]
    assert text.count(vi) >= 1
    (tmp_path / "uk-child-exploitation.yaml").write_text(text.replace(vi, " ", 1),
                                                         encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("id: x\nversion: one\n", encoding="utf-8")
    code, out, _ = run(capsys, "checklists", "validate", "--folder", str(tmp_path))
    assert code == 1
    assert f"indicator {ind.id} has no vi text" in out
    assert "is also defined in" in out  # the copied file duplicates an id and version
    assert "broken.yaml:" in out


def test_evaluate_a_child_with_age_disputed_and_no_means(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sign = first("uk-child-trafficking", signal="trafficking", severity="concern")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({sign: "yes"}), encoding="utf-8")
    code, out, _ = run(capsys, "checklists", "evaluate", "--framework", "uk-child-trafficking",
                       "--answers", str(answers), "--age", "disputed",
                       "--jurisdiction", "england", "--json")
    assert code == 0
    report = json.loads(out)
    assert (report["child"], report["level"]) == (True, "strong_concern")
    assert [s["id"] for s in report["steps"]] == ["tell_lead", "refer_social_care", "nrm_child",
                                                  "tell_police"]
    assert all(s["source"] for s in report["steps"])
    assert all(r["id"] == sign for s in report["steps"] for r in s["reasons"])


def test_evaluate_an_adult_at_a_border_post_in_viet_nam_in_vietnamese(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sign = first("vn-victim-identification", signal="trafficking", applies=("adult", "both"))
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"answers": {sign: {"answer": "yes", "note": "ghi chú"}}}),
                       encoding="utf-8")
    code, out, _ = run(capsys, "checklists", "evaluate", "--framework",
                       "vn-victim-identification", "--answers", str(answers), "--age", "34",
                       "--jurisdiction", "vietnam", "--lang", "vi")
    assert code == 0
    assert "Ủy ban nhân dân cấp xã" in out and "vì:" in out


@pytest.mark.parametrize("age, content, message", [
    ("twelve", "{}", "--age must be a whole number"),
    ("12", "not json", "is not valid JSON"),
    ("12", '{"nope": "yes"}', "not indicators of uk-child-exploitation: nope"),
    ("12", '{"%s": "maybe"}', "answers must be yes, no, not_known or not_asked"),
])
def test_evaluate_bad_input_exits_2_with_a_specific_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], age: str, content: str,
        message: str) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(content.replace("%s", first("uk-child-exploitation")), encoding="utf-8")
    code, out, err = run(capsys, "checklists", "evaluate", "--framework",
                         "uk-child-exploitation", "--answers", str(answers), "--age", age,
                         "--jurisdiction", "england")
    assert code == 2 and message in err and out == ""


def test_evaluate_unknown_framework_lists_the_known_ones(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    code, _, err = run(capsys, "checklists", "evaluate", "--framework", "nope", "--answers",
                       str(tmp_path / "a.json"), "--age", "9", "--jurisdiction", "england")
    assert code == 2 and "uk-child-exploitation" in err


def test_evaluate_takes_what_the_answers_cannot_say(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(dict.fromkeys(
        ["cce.cl.rf.cuckooed_premises", "cce.sv.ind.older_associates",
         "cce.sv.ind.unexplained_gifts_possessions"], "yes")), encoding="utf-8")
    code, out, _ = run(capsys, "checklists", "evaluate", "--framework",
                       "uk-child-criminal-exploitation", "--answers", str(answers), "--age", "15",
                       "--jurisdiction", "england", "--looked-after", "--role", "lead")
    assert code == 0
    assert "placing authority" in out and "Designated Safeguarding Lead" not in out
    assert "(source: seed 004 §10.2" in out and "Tasks:" in out


def test_evaluate_a_border_hand_back_in_vietnamese(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(dict.fromkeys(
        ["vn.reception.handed_back_at_border", "vn.reception.marriage_abroad",
         "vn.purpose.forced_marriage"], "yes")), encoding="utf-8")
    code, out, _ = run(capsys, "checklists", "evaluate", "--framework",
                       "vn-victim-identification", "--answers", str(answers), "--age", "24",
                       "--jurisdiction", "vietnam", "--lang", "vi", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["route"] == "border_handback"
    assert "Bộ đội Biên phòng" in report["steps"][0]["text"]
    assert not any("Ủy ban nhân dân cấp xã" in s["text"] for s in report["steps"])
    code, _, err = run(capsys, "checklists", "evaluate", "--framework",
                       "vn-victim-identification", "--answers", str(answers), "--age", "24",
                       "--jurisdiction", "england", "--route", "rescue")
    assert code != 0 and "route" in err
