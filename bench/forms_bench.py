"""Form rendering benchmark: prints one JSON object to stdout (progress goes to stderr).

    .venv/bin/python bench/forms_bench.py [--runs 30] [--form referral-pack] [--lang en]

First, the issue's measure: the referral pack of the demo vault's fullest person (a fresh demo
vault in a temporary folder), gathered from the encrypted vault and rendered, N times
("demo_vault": median and p95 of context + render, pages). Then it renders a ~10-page referral
pack from a larger fictional sample context (built here from
tests/fixtures/forms/en_child.json: several concerns, a long chronology, two disclosures, a body
map) N times in memory and reports the median and p95 wall time, pages and bytes, plus the same
for the password-protected (AES-256) version. Nothing is written to disk.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from desktop.printing.forms import render  # noqa: E402

CREATED = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def large_context() -> dict[str, Any]:
    base = json.loads((ROOT / "tests" / "fixtures" / "forms" / "en_child.json")
                      .read_text(encoding="utf-8"))
    context = copy.deepcopy(base)
    template = base["concerns"][1]
    context["concerns"] = [
        {**template, "id": f"C-{i:02d}", "occurred_at": f"2026-{9 + i // 10:02d}-"
         f"{1 + (i * 3) % 28:02d}T{14 + i % 6:02d}:10:00+00:00",
         "seen_or_heard": template["seen_or_heard"] + " " + (
             "Staff noticed the same car on the CCTV and wrote down the partial number plate. "
             * (1 + i % 3))}
        for i in range(6)]
    context["chronology"] = [
        {"at": f"2026-{6 + i // 25:02d}-{1 + i % 25:02d}T{8 + i % 10:02d}:00:00+00:00",
         "kind": ("note", "concern", "assessment", "task")[i % 4],
         "summary": f"Entry {i + 1}: key worker note about contact, school attendance and plans "
                    "for the weekend; placing authority updated.",
         "author": ("Amira Shah", "Tom Ashby", "Dana Whitfield")[i % 3]}
        for i in range(60)]
    second = copy.deepcopy(base["disclosures"][0])
    second.update(id="D-02", when="2026-11-22T10:05:00+00:00")
    second["turns"] = second["turns"] + [
        {"speaker": "staff", "text": "Is there anything else you want to tell me?"},
        {"speaker": "person", "text": "He has photos of me. He said he will send them to "
                                      "everyone at school if I tell anyone."}]
    context["disclosures"] = [base["disclosures"][0], second]
    return context


def demo_vault(runs: int, lang: str) -> dict[str, Any]:
    """Context from a real (temporary) demo vault plus render, as `waymark export` does."""
    import tempfile

    os.environ.setdefault("WAYMARK_KDF_PROFILE", "floor")  # unlock speed is not measured here
    from desktop.app.services import Services
    from desktop.demo import fill_demo
    from desktop.vault.store import Vault

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "vault"
        fill_demo(folder, "bench", "bench passphrase for forms", 40, "england")
        vault = Vault.unlock(folder, "bench", "bench passphrase for forms")
        try:
            s = Services(vault)
            people = s.people.list(limit=100)
            sizes = {}
            for p in people:
                ctx = s.referrals.context(p.id, lang)
                sizes[p.id] = len(ctx["chronology"]) + 5 * len(ctx["disclosures"]) + \
                    3 * len(ctx["assessments"]) + 2 * len(ctx["concerns"])
            person_id = max(sizes, key=lambda k: sizes[k])

            def once() -> bytes:
                return render("referral-pack", s.referrals.context(person_id, lang), lang,
                              export_id="EXP-BENCH", created=CREATED)

            once()
            times, pdf = timed(once, runs)
        finally:
            vault.close()
    return {"people_in_vault": len(people),
            "pages": len(PdfReader(io.BytesIO(pdf)).pages), "bytes": len(pdf),
            "context_and_render_s_p50": round(statistics.median(times), 4),
            "context_and_render_s_p95": round(percentile(times, 95), 4), "runs": runs}


def timed(fn: Callable[[], bytes], runs: int) -> tuple[list[float], bytes]:
    times, out = [], b""
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return times, out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--form", default="referral-pack")
    parser.add_argument("--lang", default="en")
    args = parser.parse_args(argv)
    log("demo vault: creating and timing its fullest referral pack")
    demo = demo_vault(args.runs, args.lang)
    context = large_context()

    def plain() -> bytes:
        return render(args.form, context, args.lang, export_id="EXP-BENCH", created=CREATED)

    def locked() -> bytes:
        return render(args.form, context, args.lang, export_id="EXP-BENCH", created=CREATED,
                      password="bench password 2026")

    start = time.perf_counter()
    first = plain()  # fonts, schema and templates load on the first call
    first_s = time.perf_counter() - start
    log(f"first render {first_s:.3f} s; timing {args.runs} runs")
    times, pdf = timed(plain, args.runs)
    enc_times, enc_pdf = timed(locked, max(5, args.runs // 3))
    result = {
        "bench": "forms",
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%MZ"),
        "machine": f"{platform.machine()} {platform.system()} {platform.release()}, "
                   f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
        "demo_vault": demo,
        "form": args.form,
        "lang": args.lang,
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "bytes": len(pdf),
        "deterministic": first == pdf,
        "first_render_s": round(first_s, 4),
        "render_s_p50": round(statistics.median(times), 4),
        "render_s_p95": round(percentile(times, 95), 4),
        "render_runs": len(times),
        "encrypted_bytes": len(enc_pdf),
        "render_encrypted_s_p50": round(statistics.median(enc_times), 4),
        "render_encrypted_s_p95": round(percentile(enc_times, 95), 4),
        "render_encrypted_runs": len(enc_times),
        "target_s": 0.3,
    }
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
