"""Search people and what was recorded about them (FTS5 inside the encrypted vault).

Search runs on every keystroke, so each step is a bounded query that stops once it has enough
rows; nothing ranks every match (a one-letter prefix matches most of a 10,000-person vault,
and ranking all of it took 0.8 s). In order, until `limit` people are found:

1. names and aliases starting with each word (`name_search`, prefix-indexed for 1-3 letters);
2. from three letters on, names containing each word (`name_trigrams`: "ayde" finds "Kayden");
3. from three letters on, words in the records (`search`: "blue car");
4. only if nothing matched: names spelled nearly like each word ("Kaiden" finds "Kayden").

Diacritics are optional throughout: "nguyen hong" finds "Nguyễn Thị Hồng".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from desktop.app.access import AccessPolicy
from desktop.vault.store import Vault

# Name matches read per result wanted, so whole-word matches can come before prefixes.
_CANDIDATES = 4
# Rows the spelling-tolerant step reads (ranked by shared trigrams) before comparing spellings.
_FUZZY_CANDIDATES = 200
# Letters typed before the record text and substrings are searched: fewer match too much.
_MIN_LETTERS = 3


def _term(word: str) -> str:
    return '"' + word.replace('"', '""') + '"*'


def _d_variants(word: str) -> list[str]:
    """Đ is a letter of its own, not D with a diacritic, so `remove_diacritics` keeps it:
    "duc" must also try "đuc" (and "đuc" also "duc") to find "Đức" or "Duc"."""
    plain = word.replace("đ", "d").replace("Đ", "D")
    stroked = plain.replace("d", "đ").replace("D", "Đ")
    return [plain] if plain == stroked else [plain, stroked]


def _words(text: str) -> list[str]:
    """The query's words, NFC, without control characters or words of quotes only."""
    text = "".join(ch for ch in unicodedata.normalize("NFC", text)
                   if unicodedata.category(ch) != "Cc" or ch.isspace())
    return [w for w in text.split() if w.strip('"')]


def fts_query(text: str) -> str:
    """Each word as a quoted prefix term, all required: `nguyen ho` -> `"nguyen"* AND "ho"*`.

    Control characters are dropped (FTS5 rejects a NUL inside a string)."""
    parts: list[str] = []
    for word in _words(text):
        variants = _d_variants(word)
        if len(variants) == 1:
            parts.append(_term(variants[0]))
        else:
            parts.append("(" + " OR ".join(_term(v) for v in variants) + ")")
    # Explicit AND: FTS5 allows implicit AND between phrases but not before a bracket.
    return " AND ".join(parts)


def fold(text: str) -> str:
    """Lower case without diacritics, đ as d: how names are compared in Python."""
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _substring_query(words: list[str]) -> str:
    """Trigram terms: each word of 3+ letters as a substring (with its đ variants)."""
    parts = ["(" + " OR ".join(_quoted(v) for v in _d_variants(w)) + ")"
             for w in words if len(w) >= _MIN_LETTERS]
    return " AND ".join(parts)


def _trigrams_query(word: str) -> str:
    folded = fold(word)
    grams = sorted({folded[i:i + 3] for i in range(len(folded) - 2)})
    return " OR ".join(_quoted(g) for g in grams)


def _distance(a: str, b: str, cap: int) -> int:
    """Levenshtein distance, giving up (returning cap + 1) once it must exceed `cap`."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        if min(current) > cap:
            return cap + 1
        previous = current
    return previous[-1]


def _spelling_distance(word: str, names: list[str]) -> int | None:
    """How far `word` is from the nearest name word (or its start, as the user may still be
    typing); None if too far: 1 edit up to 5 letters, 2 beyond."""
    cap = 1 if len(word) <= 5 else 2
    best = cap + 1
    for name in names:
        best = min(best, _distance(word, name, cap), _distance(word, name[:len(word)], cap))
    return best if best <= cap else None


class SearchService:
    def __init__(self, vault: Vault, access: AccessPolicy) -> None:
        self.vault = vault
        self.access = access

    def people(self, text: str, limit: int = 50) -> list[str]:
        """Ids of people whose names, details or records match, best first. Diacritics are
        optional: "nguyen hong" finds "Nguyễn Thị Hồng"."""
        words = _words(text)
        if not words or limit <= 0:
            return []
        found: dict[str, None] = {}  # insertion-ordered set

        def add(ids: Iterable[str]) -> None:
            for person_id in ids:
                if len(found) >= limit:
                    return
                found.setdefault(person_id)

        add(self._name_prefixes(words, limit))
        long_enough = max(len(w) for w in words) >= _MIN_LETTERS
        if len(found) < limit and long_enough:
            add(self._name_substrings(words, limit))
        if len(found) < limit and long_enough:
            add(self._record_words(text, limit))
        if not found and long_enough:
            add(self._near_spellings(words, limit))
        return list(found)

    def _name_prefixes(self, words: list[str], limit: int) -> list[str]:
        cond, params = self.access.person_filter("person_id")
        rows = self.vault.read(
            f"SELECT person_id, names FROM name_search WHERE name_search MATCH ? AND {cond} "
            "LIMIT ?", (fts_query(" ".join(words)), *params, limit * _CANDIDATES))
        wanted = {fold(w) for w in words}
        # Whole-word matches first ("Lan" before "Lanh"), otherwise as stored; stable.
        ranked = sorted(rows, key=lambda r: -len(wanted & set(fold(r[1]).split())))
        return [r[0] for r in ranked]

    def _name_substrings(self, words: list[str], limit: int) -> list[str]:
        cond, params = self.access.person_filter("person_id")
        rows = self.vault.read(
            f"SELECT person_id, names FROM name_trigrams WHERE name_trigrams MATCH ? "
            f"AND {cond} LIMIT ?", (_substring_query(words), *params, limit * _CANDIDATES))
        # Words under three letters are not in the trigram query: they must still appear.
        short = [fold(w) for w in words if len(w) < _MIN_LETTERS]
        return [r[0] for r in rows if all(s in fold(r[1]) for s in short)]

    def _record_words(self, text: str, limit: int) -> list[str]:
        cond, params = self.access.person_filter("person_id")
        rows = self.vault.read(
            f"SELECT DISTINCT person_id FROM search WHERE search MATCH ? AND {cond} LIMIT ?",
            (fts_query(text), *params, limit))
        return [r[0] for r in rows]

    def _near_spellings(self, words: list[str], limit: int) -> list[str]:
        query = _trigrams_query(max(words, key=len))
        if not query:  # e.g. a "word" of combining marks only
            return []
        cond, params = self.access.person_filter("person_id")
        rows = self.vault.read(
            f"SELECT person_id, names FROM name_trigrams WHERE name_trigrams MATCH ? "
            f"AND {cond} ORDER BY rank LIMIT ?",
            (query, *params, _FUZZY_CANDIDATES))
        scored: list[tuple[int, int, str]] = []
        folded_words = [fold(w) for w in words]
        for order, (person_id, names) in enumerate(rows):
            name_words = fold(names).split()
            total = 0
            for word in folded_words:
                distance = _spelling_distance(word, name_words)
                if distance is None:
                    break
                total += distance
            else:
                scored.append((total, order, person_id))
        return [person_id for _, _, person_id in sorted(scored)[:limit]]
