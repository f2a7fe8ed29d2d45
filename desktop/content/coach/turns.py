"""Classify one staff turn in a disclosure conversation (Achieving Best Evidence hierarchy).

open -> wh_specific -> closed / forced_choice -> leading; several questions at once are
"multiple"; anything that asks nothing is a "statement"; a check on the person's comfort
("Are you warm enough?", "Would you like a break?") is "welfare" and is left alone (breaks and
welfare checks are good practice). Flags add what else the turn does:
a promise of secrecy, blaming words, a name or act the person has not mentioned, a tag
question, a "why" question, a wording that presumes the answer. The coach only advises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.content.coach.rules import Patterns, Rules, rules
from desktop.content.coach.text import fold, has_diacritics, lower, nfc

_SENTENCE = re.compile(r"[^.?!;\n]+[.?!;]*")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_CLAUSE_END = re.compile(r"[.?!;]")


@dataclass(frozen=True)
class Evidence:
    """Why a code was given: the code and the span of the (NFC) text that triggered it."""
    code: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class TurnResult:
    """The coach's reading of one turn. `text` is the NFC text the spans refer to."""
    text: str
    lang: str
    category: str
    flags: tuple[str, ...]
    suggestion: str | None
    evidence: tuple[Evidence, ...] = ()
    questions: int = 0
    unmentioned: tuple[str, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        """The category followed by the flags: every code `explain()` can describe."""
        return (self.category, *self.flags)


@dataclass
class _Prompt:
    kind: str
    wh: str | None
    start: int
    end: int


def _strip(text: str, start: int, end: int, p: Patterns) -> tuple[int, int]:
    """Trim blanks, trailing punctuation handled by callers, and leading fillers."""
    while start < end and text[start] in " \t,:-\"'(":
        start += 1
    while end > start and text[end - 1] in " \t,\"')":
        end -= 1
    # Slices, not pos/endpos: "^" only matches at the real start of the string searched.
    m = p.single["fillers"].match(text[start:end])
    if m:
        if not text[start + m.end():end].strip(" ?!.,"):
            return end, end  # nothing but a filler ("and", "okay")
        start += m.end()
    return start, end


def _start_kind(seg: str, p: Patterns, asks: bool) -> tuple[str, str | None] | None:
    """What question a segment opens, if any. `asks`: the segment ends in a question mark."""
    body = seg.rstrip(" ?!.")
    if p.single["lead_in"].fullmatch(body):
        return ("lead_in", None)
    for pat in p.lists["invitation_specific"]:
        m = pat.search(body)
        if m:
            rest = body[m.start("wh"):] if "wh" in pat.groupindex else body
            return ("wh_specific", _wh_kind(rest, p))
    if any(pat.search(body) for pat in p.lists["invitation"]) and not any(
            pat.search(body) for pat in p.lists["invitation_not"]):
        return ("open", "invitation")
    if any(pat.search(seg) for pat in p.lists["closed"]):
        return ("closed", None)
    for pat in p.lists["open_question"]:
        m = pat.search(body)
        if m and not p.single["indefinite_before"].search(body, 0, m.start()):
            return ("open", None)
    kind = _wh_kind(body, p)
    if kind and (asks or p.single["wh_question_shape"].search(body)):
        return ("wh_specific", kind)
    return None


def _wh_kind(text: str, p: Patterns) -> str | None:
    for kind, pat in p.wh:
        m = pat.search(text)
        if m and not p.single["indefinite_before"].search(text, 0, m.start()):
            return kind
    return None


def _is_forced(text: str, p: Patterns) -> bool:
    if not any(pat.search(text) for pat in p.lists["forced_choice"]):
        return False
    return not any(pat.search(text) for pat in p.lists["forced_choice_not"])


class _Reader:
    def __init__(self, text: str, lang: str, heard: str) -> None:
        self.rules: Rules = rules(lang)
        self.lang = lang
        self.text = nfc(text)
        self.folded = lang != "en" and not has_diacritics(self.text)
        self.p = self.rules.patterns(self.folded)
        self.use = fold(self.text) if self.folded else lower(self.text)
        heard = nfc(heard)
        self.heard_folded = lang != "en" and not has_diacritics(heard)
        self.heard = fold(heard) if self.heard_folded else lower(heard)
        self.heard_plain = fold(heard)
        self.evidence: list[Evidence] = []
        self.flags: list[str] = []
        self.prompts: list[_Prompt] = []
        self.leading = False

    def note(self, code: str, start: int, end: int) -> None:
        self.evidence.append(Evidence(code, start, end, self.text[start:end]))
        if code not in self.flags:
            self.flags.append(code)

    def read_sentences(self) -> None:
        for m in _SENTENCE.finditer(self.use):
            start, end = m.start(), m.end()
            if self.use[start:end].strip(" .?!;\t"):
                self.read_sentence(start, end)

    def read_sentence(self, start: int, end: int) -> None:
        p, use = self.p, self.use
        if any(pat.search(use, start, end) for pat in p.lists["welfare"]):
            a, b = _strip(use, start, end, p)
            self.prompts.append(_Prompt("welfare", None, a, b))
            return
        check_in = p.single["check_in"].search(use, start, end)
        if check_in:
            end = check_in.start()
        asks = use[start:end].rstrip().endswith("?")
        tag = p.single["tag"].search(use, start, end)
        if tag:
            host_start, host_end = _strip(use, start, tag.start(), p)
            host = use[host_start:host_end]
            if len(host.split()) >= 2 and not p.single["not_tag_host"].search(host):
                self.note("tag_question", tag.start(), tag.end())
                self.leading = True
                self.prompts.append(_Prompt("leading", None, host_start, tag.end()))
                return
        # Segments: split at commas and where a second question starts.
        cuts = [start]
        for i in range(start, end):
            if use[i] == ",":
                cuts.append(i + 1)
        for m in p.single["split_before"].finditer(use, start, end):
            cuts.append(m.end())
        cuts = sorted(set(cuts)) + [end]
        segments: list[tuple[int, int]] = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            a, b = _strip(use, a, b, p)
            if a >= b:
                continue
            if segments and p.single["continues"].match(use[a:b]):
                segments[-1] = (segments[-1][0], b)
            else:
                segments.append((a, b))
        found: list[_Prompt] = []
        last_open: _Prompt | None = None
        for n, (a, b) in enumerate(segments):
            seg = use[a:b]
            kind = _start_kind(seg, p, asks and n == len(segments) - 1)
            if kind is None:
                if last_open is not None:
                    last_open.end = b  # "..., at home or at school?" belongs to the question
                continue
            if kind[0] == "lead_in":
                if n == len(segments) - 1 and not found:
                    found.append(_Prompt("open", None, a, b))
                continue
            last_open = _Prompt(kind[0], kind[1], a, b)
            found.append(last_open)
        if not found and asks:
            a, b = _strip(use, start, end, p)
            found.append(_Prompt("closed", None, a, b))  # a statement said as a question
        for prompt in found:
            if prompt.kind in ("closed", "wh_specific") and _is_forced(
                    use[prompt.start:prompt.end], p):
                prompt.kind = "forced_choice"
            if prompt.wh == "why":
                self.note("why_question", prompt.start, prompt.end)
        self.prompts.extend(found)

    def read_presumptions(self) -> None:
        for pat in self.p.lists["presumes"]:
            for m in pat.finditer(self.use):
                self.note("presumes_answer", m.start(), m.end())
                self.leading = True

    def read_unmentioned(self) -> list[str]:
        """People, places and acts in the questions that the person has not mentioned."""
        named: list[str] = []
        heard_p = self.rules.patterns(self.heard_folded)
        for prompt in self.prompts:
            if prompt.kind == "welfare":
                continue  # "a drink of water" offered is not a drink put into their mouth
            for ref, heard_ref in zip(self.p.referents, heard_p.referents, strict=True):
                m = ref.ask.search(self.use, prompt.start, prompt.end)
                if m and not heard_ref.heard.search(self.heard):
                    self.note("names_unmentioned", m.start(), m.end())
                    named.append(self.text[m.start():m.end()])
            for start, end in self._names(prompt):
                word = fold(self.text[start:end])
                if not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", self.heard_plain):
                    self.note("names_unmentioned", start, end)
                    named.append(self.text[start:end])
        if named:
            self.leading = True
        return named

    def _names(self, prompt: _Prompt) -> list[tuple[int, int]]:
        """Capitalised words inside a question, not at a sentence start, not a vocative."""
        out = []
        for m in _WORD.finditer(self.text, prompt.start, prompt.end):
            word = m.group()
            if not word[0].isupper() or fold(word) in self.rules.not_names:
                continue
            before = self.text[:m.start()].rstrip()
            if not before or before[-1] in ".?!;:\"(" or _sentence_start(before):
                continue
            after = self.text[m.end():].lstrip()
            if before.endswith(",") and (not after or after[0] in "?.!"):
                continue  # "..., Jamie?" speaks to the person
            if after.startswith(",") and _sentence_start(before + " "):
                continue
            out.append((m.start(), m.end()))
        return out

    def read_secrecy(self) -> None:
        guards = [g.span() for pat in self.p.lists["secrecy_guard"]
                  for g in pat.finditer(self.use)]
        for pat in self.p.lists["secrecy"]:
            for m in pat.finditer(self.use):
                if any(g0 < m.end() and m.start() < g1 for g0, g1 in guards):
                    continue
                self.note("secrecy_promise", m.start(), m.end())

    def read_blame(self) -> None:
        for pat in self.p.lists["blaming"]:
            for m in pat.finditer(self.use):
                self.note("blaming_language", m.start(), m.end())
        for rule in self.p.notes:
            if rule.in_turns:
                for m in rule.pattern.finditer(self.use):
                    self.note("blaming_language", m.start(), m.end())


def _sentence_start(before: str) -> bool:
    """True when only fillers or nothing stand between a sentence start and this point."""
    tail = re.split(r"[.?!;:\n]", before)[-1].strip(" ,")
    return tail == ""


def classify(text: str, lang: str, *, heard: str = "") -> TurnResult:
    """Classify one staff turn. `lang` is the turn's language ("en" or "vi"); `heard` is the
    person's own words so far, used to spot questions that bring in what they never said."""
    r = _Reader(text, lang, heard)
    r.read_sentences()
    r.read_presumptions()
    named = r.read_unmentioned()
    r.read_secrecy()
    r.read_blame()
    welfare = [q for q in r.prompts if q.kind == "welfare"]
    prompts = [q for q in r.prompts if q.kind != "welfare"]
    if welfare and not prompts and not r.leading and not r.flags:
        return TurnResult(text=r.text, lang=lang, category="welfare", flags=(),
                          suggestion=None, evidence=(), questions=len(welfare))
    if r.leading:
        category = "leading"
    elif len(prompts) >= 2 and any(q.kind != "open" for q in prompts):
        category = "multiple"
    elif prompts and all(q.kind == "open" for q in prompts):
        category = "open"  # the same invitation said twice is still one invitation
    elif prompts:
        category = prompts[0].kind
    else:
        category = "statement"
    order = {code: n for n, code in enumerate(
        ("secrecy_promise", "blaming_language", "names_unmentioned", "tag_question",
         "presumes_answer", "why_question"))}
    flags = tuple(sorted(r.flags, key=lambda c: order.get(c, 99)))
    return TurnResult(
        text=r.text, lang=lang, category=category, flags=flags,
        suggestion=_suggest(r, category, flags, prompts),
        evidence=tuple(r.evidence), questions=len(prompts),
        unmentioned=tuple(dict.fromkeys(named)))


def _suggest(r: _Reader, category: str, flags: tuple[str, ...],
             prompts: list[_Prompt]) -> str | None:
    text = _suggestion_template(r, category, flags, prompts)
    if text is None or not r.rules.pronouns:
        return text
    me, you = pronoun_pair(r)
    text = text.format(self=me, you=you)
    # Capitalise each sentence ("cô không thể…" -> "Cô không thể…").
    return re.sub(r"(^|[.?!]\s+)(\w)", lambda m: m.group(1) + m.group(2).upper(), text)


def _cue(r: _Reader, key: str) -> tuple[str, int] | None:
    """The pronoun a cue pattern finds, and where."""
    cues = r.rules.pronouns[key]
    m = cues[1 if r.folded else 0].search(r.use)
    if not m:
        return None
    start, end = next((m.span(g) for g in ("p", "q", "r") if g in m.groupdict() and m.group(g)),
                      (m.start(), m.end()))
    found = lower(r.text[start:end])
    return str(r.rules.pronouns["words"].get(fold(found), found)), start


def pronoun_pair(r: _Reader) -> tuple[str, str]:
    """The staff member's own pronoun pair (tôi–chị, cô–em, chú–cháu…) as used in the turn.

    The person is found first (a question to them, a vocative, "của chị"); the staff member's
    word for themselves must differ from it. A side the turn does not show is completed from
    the other one (the usual pair in the rule file), never from a fixed default that might
    turn "chị" into "em".
    """
    pr = r.rules.pronouns
    you = _cue(r, "you_cue")
    me = _cue(r, "self_cue")
    if you and me and you[0] == me[0]:
        # The same word cannot be both: a word before a question word or a verb of being
        # asked belongs to the person; otherwise it is the one the staff member speaks as.
        if you[1] <= me[1]:
            me = None
        else:
            you = None
    if you is None:
        you = _cue(r, "you_fallback")
        if you and me and you[0] == me[0]:
            you = None
    if me is None and you is None:
        return str(pr["self"]), str(pr["you"])
    if me is None:
        assert you is not None
        return str(pr["pairs_for_you"].get(fold(you[0]), pr["self"])), you[0]
    if you is None:
        return me[0], str(pr["pairs_for_self"].get(fold(me[0]), pr["you"]))
    return me[0], you[0]


def _suggestion_template(r: _Reader, category: str, flags: tuple[str, ...],
                         prompts: list[_Prompt]) -> str | None:
    s = r.rules.suggestions
    if "secrecy_promise" in flags:
        return str(s["secrecy_promise"])
    if "blaming_language" in flags:
        return str(s["blaming_language"])
    if category == "wh_specific":
        wh = prompts[0].wh or "what"
        return str(s["wh"].get(wh) or s["closed"])
    if category == "multiple":
        for q in prompts:
            if q.kind == "open":
                words = r.text[q.start:q.end].strip(" ,.?!")
                end = "." if q.wh == "invitation" else "?"
                return words[:1].upper() + words[1:] + end
        return str(s["multiple"])
    if category in ("closed", "forced_choice", "leading"):
        return str(s[category])
    return None
