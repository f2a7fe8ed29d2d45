"""Compile each language's YAML catalogues into one JSON file the app reads at start-up.

    python scripts/compile_translations.py          # write resources/translations/<lang>.json
    python scripts/compile_translations.py --check  # exit 1 if any compiled file is stale

The YAML files stay the source (reviewable, tested for completeness). Parsing them took ~25 ms
of CPU before a Vietnamese unlock screen could show; the compiled file takes ~0.3 ms. The file
records a digest of the YAML it was made from, and the app uses it only when the YAML on disk
still has that digest, so an edited catalogue is never overridden by a stale compiled one.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.resources import resource  # noqa: E402
from desktop.translations import compiled_path, parse_sources, source_digest  # noqa: E402


def compiled_text(language: str) -> str:
    plain, plural = parse_sources(language)
    doc = {"digest": source_digest(language), "plain": plain, "plural": plural}
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=0) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether files are stale")
    args = parser.parse_args()
    stale = []
    for folder in sorted(p for p in resource("translations").iterdir() if p.is_dir()):
        language = folder.name
        text = compiled_text(language)
        path = compiled_path(language)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path.name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("stale: " + ", ".join(stale) + " (run scripts/compile_translations.py)")
        return 1
    print(("written: " if stale else "up to date") + ", ".join(stale))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
