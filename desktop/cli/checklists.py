"""`waymark checklists list|validate|evaluate`: the checklist content, headless (issue 3)."""

from __future__ import annotations

from pathlib import Path

from desktop.content.checklists import frameworks
from desktop.content.checklists.frameworks import Framework, FrameworkInvalid
from desktop.resources import resource

# Not typing's: `checklists list` imports only what listing needs (issue 14); the pathways,
# the outcome rules and the domain load for validate and evaluate.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TextIO

    from desktop.content.checklists.outcome import Context
    from desktop.domain.assessments import Answer

LANGUAGES = ("en", "vi")


def counts(framework: Framework) -> dict[str, int]:
    """Indicators with text in each language (a complete framework has the same for both)."""
    return {lang: sum(1 for i in framework.indicators() if i.text.get(lang, "").strip())
            for lang in LANGUAGES}


def list_frameworks(*, check: bool = False) -> list[dict[str, Any]]:
    """What each shipped checklist is. Without the JSON Schema unless `check` (issue 14:
    importing jsonschema was most of `checklists list`): the shipped files are checked by
    `checklists validate`, by the app when it loads them, and by the tests."""
    shipped = frameworks.load_all(check=check)
    return [{"id": f.id, "version": f.version, "title": dict(f.title),
             "applies_to": f.applies_to, "sections": len(f.sections),
             "indicators": counts(f)}
            for f in sorted(shipped.values(), key=lambda f: (f.id, f.version))]


def _blank_texts(framework: Framework) -> list[str]:
    problems = []
    for lang in LANGUAGES:
        if not framework.title.get(lang, "").strip():
            problems.append(f"title has no {lang} text")
        for section in framework.sections:
            if not section.title.get(lang, "").strip():
                problems.append(f"section {section.id} has no {lang} title")
            for i in section.indicators:
                if not i.text.get(lang, "").strip():
                    problems.append(f"indicator {i.id} has no {lang} text")
                if not i.help.get(lang, "").strip():
                    problems.append(f"indicator {i.id} has no {lang} help")
    return problems


def validate(folder: Path | None = None) -> list[str]:
    """Every problem in the checklist files (and the pathways they lead to), one per line."""
    folder = folder or resource("checklists")
    problems: list[str] = []
    seen: dict[tuple[str, int], str] = {}
    files = sorted(folder.glob("*.yaml"))
    if not files:
        problems.append(f"{folder}: no checklist files")
    for path in files:
        try:
            framework = frameworks.load_file(path)
        except FrameworkInvalid as exc:
            problems.append(str(exc))
            continue
        key = (framework.id, framework.version)
        if key in seen:
            problems.append(f"{path.name}: {framework.id} v{framework.version} is also "
                            f"defined in {seen[key]}")
        seen[key] = path.name
        problems += [f"{path.name}: {p}" for p in _blank_texts(framework)]
    from desktop.content import jurisdictions

    for jid in jurisdictions.JURISDICTIONS:
        juris = jurisdictions.load(jid)
        for pathway in juris.assessment.pathways:
            for step in pathway.steps:
                texts = juris.outcome_steps.get(step, {})
                for lang in LANGUAGES:
                    if not texts.get(lang, "").strip():
                        problems.append(f"jurisdictions/{jid}.yaml: step {step} has no "
                                        f"{lang} text")
    return problems


def parse_age(text: str) -> tuple[bool, str]:
    """(child, basis) from --age: a number of years, or `disputed` (treated as a child)."""
    from desktop.domain.people import is_child_age

    if text.strip().lower() == "disputed":
        return True, "disputed"
    try:
        years = int(text)
    except ValueError:
        raise ValueError(f"--age must be a whole number of years or 'disputed', not {text!r}"
                         ) from None
    if not 0 <= years <= 120:
        raise ValueError("--age must be between 0 and 120")
    return is_child_age(years), str(years)


def load_answers(path: Path, framework: Framework) -> dict[str, Answer]:
    """A JSON object of indicator id -> "yes"|"no"|"not_known"|"not_asked" (or an object with
    answer, note, source), optionally wrapped as {"answers": {...}}."""
    import json

    from desktop.domain.assessments import Answer

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"cannot read {path.name}: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path.name} is not valid JSON ({exc})") from None
    if isinstance(data, dict) and isinstance(data.get("answers"), dict):
        data = data["answers"]
    if not isinstance(data, dict):
        raise ValueError(f"{path.name} must hold a JSON object of indicator id -> answer")
    answers = {str(k): Answer.from_json(v) for k, v in data.items()}
    known = {i.id for i in framework.indicators()}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ValueError(f"{path.name}: not indicators of {framework.id}: {', '.join(unknown)}")
    bad = sorted(k for k, a in answers.items() if a.problems())
    if bad:
        raise ValueError(f"{path.name}: answers must be yes, no, not_known or not_asked "
                         f"(check {', '.join(bad)})")
    return answers


def outcome_report(framework: Framework, answers: dict[str, Answer], *, child: bool,
                   age: str, jurisdiction: str, lang: str,
                   context: Context | None = None) -> dict[str, Any]:
    from desktop.content import jurisdictions
    from desktop.content.checklists.outcome import evaluate
    from desktop.domain.assessments import LEVEL_LABELS

    juris = jurisdictions.load(jurisdiction)
    outcome = evaluate(framework, {k: a.answer for k, a in answers.items()}, child=child,
                       jurisdiction=jurisdiction, context=context)

    def why(ids: tuple[str, ...]) -> list[dict[str, str]]:
        return [{"id": i, "text": framework.indicator(i).text[lang]} for i in ids]

    return {
        "framework": {"id": framework.id, "version": framework.version},
        "jurisdiction": jurisdiction,
        "age": age,
        "child": child,
        "level": outcome.level,
        "level_label": LEVEL_LABELS[outcome.level][lang],
        "level_reasons": why(outcome.level_reasons),
        "route": outcome.route,
        "steps": [{"id": s.id, "text": juris.step_text(s.id, lang), "reasons": why(s.reasons),
                   "source": juris.step_source(s.id)}
                  for s in outcome.steps],
        "risk_factors": why(outcome.risk_factors),
        "tasks": [{"id": t.id, "title": t.title.get(lang) or t.title["en"],
                   "assignee_role": t.assignee_role}
                  for t in outcome.tasks],
    }


_WORDS = {"en": {"because": "because", "risk": "Risk factors:", "source": "source",
                 "tasks": "Tasks:"},
          "vi": {"because": "vì", "risk": "Yếu tố nguy cơ:", "source": "căn cứ",
                 "tasks": "Việc cần làm:"}}


def print_report(report: dict[str, Any], out: TextIO, lang: str = "en") -> None:
    w: Callable[[str], Any] = lambda line: out.write(line + "\n")  # noqa: E731
    words = _WORDS[lang]
    w(f"{report['level_label']} ({report['level']})")
    for r in report["level_reasons"]:
        w(f"  {words['because']}: {r['text']} [{r['id']}]")
    for n, step in enumerate(report["steps"], 1):
        w(f"{n}. {step['text']}")
        for r in step["reasons"]:
            w(f"     {words['because']}: {r['text']} [{r['id']}]")
        if step["source"]:
            w(f"     ({words['source']}: {step['source']})")
    if report["risk_factors"]:
        w(words["risk"])
        for r in report["risk_factors"]:
            w(f"  - {r['text']} [{r['id']}]")
    if report["tasks"]:
        w(words["tasks"])
        for t in report["tasks"]:
            w(f"  - {t['title']} [{t['id']}]")
