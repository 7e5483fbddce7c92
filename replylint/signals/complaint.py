"""Does the customer's message report a problem, and how upset are they?

`find_complaints(doc)` returns the clauses of a customer's message that report a problem:
a failure ("keeps crashing", "fails with error", a pasted "segmentation fault"), something
that does not work, arrive or match ("can't log in", "only received two", "not as
described"), something that seems off ("this seems weird"), fixes tried in vain ("done that
several times"), damage, a wrong charge, bad service, frustration, or sarcasm ("thanks for
nothing"). Neutral questions, praise and thanks give nothing.
`is_upset(doc)` tells strong frustration: anger words, threats to leave, shouting, or a
problem that keeps coming back ("third time", "still", "!!!").

Cue words live in rules/lexicons/complaint.toml; each cue group has a weight and a sentence
whose cues add up to the threshold reports a problem. Matchers are built once per vocab.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span

from ..nlp.extensions import text_of

_CLAUSE_BREAKS = {",", ";", ":", "—", "–", "(", ")", "!", "?", "...", "…"}
_CLAUSE_WORDS = {"but", "because", "although", "though", "however", "so", "which", "while", "whereas", "since"}
_REPEATED_PUNCT = re.compile(r"!(?:\s?[!?1])+|\?(?:\s?[!?])*!|\?{3,}")  # "!!", "?!", "???" ("??" is often just a question)
_CAPS_WORD = re.compile(r"^[A-Z][A-Z'’]{2,}$")
_MAX_QUOTE_TOKENS = 12
_NEGATOR_FORMS = {"n’t"}
# Which cue to quote: the one that names what went wrong before the mood around it.
_QUOTE_PRIORITY = {"failure": 0, "negated": 0, "service": 0, "progressive": 0, "having": 1, "attempts": 1,
                   "frustration": 2, "sarcasm": 3, "weak": 4}
_MIN_CLAUSE_TOKENS = 4
_YES_NO_OPENERS = {"would", "could", "is", "are", "was", "were", "do", "does", "did", "can", "should",
                   "will", "might", "may", "shall", "has", "have"}
_CLITICS = {"n't", "n’t", "'s", "’s", "'re", "’re", "'m", "’m", "'ve", "’ve", "'ll", "’ll", "'d", "’d"}  # curly-apostrophe "doesn’t": the shared lemma table leaves it apart


@dataclass
class Cue:
    start: int  # token index in the doc
    end: int
    group: str
    weight: int
    text: str = ""  # the cue's lemmas: weak cues count once per distinct text


@lru_cache(maxsize=1)
def lexicon() -> dict:
    from ..builtin import load_lexicon

    return load_lexicon("complaint")


class _Matchers:
    """Every cue group's Matcher, compiled once for one vocab."""

    def __init__(self, nlp):
        from ..patterns import compile_pattern
        from ..windowed import WindowedMatcher as Matcher

        lex = lexicon()
        self.vocab = nlp.vocab
        self.cues = Matcher(nlp.vocab)
        self.weights: dict[str, int] = {}
        self.max_count = {group: int(spec.get("max_count", 1)) for group, spec in lex["cues"].items()}
        self.substrings: list[tuple[str, str]] = []
        for group, spec in lex["cues"].items():
            self.weights[group] = int(spec["weight"])
            self.substrings += [(text.lower(), group) for text in spec.get("substrings", [])]
            patterns = [p for pattern in spec.get("patterns", []) for p in compile_pattern(nlp, pattern)]
            if group == "negated":
                patterns += _negated_patterns(nlp, spec)
            if patterns:
                self.cues.add(group, merged(with_curly(patterns)))
        progressive = lex["cues"]["progressive"]
        self.progressive = set(progressive["triggers"])
        self.harmless = {k: set(v) for k, v in progressive["harmless"].items()}
        self.conditional = set(lex["conditional"]["lemmas"])
        self.conditional_after = {k: set(v) for k, v in lex["conditional"].get("after", {}).items()}
        upset = lex["upset"]
        # One Matcher pass per doc: the spans that settle a problem and the upset cues ride along.
        for label, patterns in (("-suppress", lex["suppress"]["patterns"]),
                                ("-anger", upset["anger"] + upset["threats"]),
                                ("-persistence", upset["persistence"]),
                                ("-persistence-strong", upset["persistence_strong"])):
            self.cues.add(label, merged(with_curly([p for pattern in patterns for p in compile_pattern(nlp, pattern)])))
        self.threshold = int(lex.get("threshold", 2))


# Curly-apostrophe contractions keep their own lemma in the shared pipeline ("n’t", "’m"):
# let every pattern word "not", "be", "have" ... also match them.
_CURLY = {"not": ["n’t"], "be": ["’m", "’re", "’s"], "have": ["’ve", "’s"], "will": ["’ll"], "would": ["’d"], "'s": ["’s"]}


def merged(patterns: list[list[dict]]) -> list[list[dict]]:
    """One-word patterns folded into one `IN` pattern per attribute: the Matcher's cost grows
    with the number of patterns, not the size of their word sets."""
    singles: dict[str, set] = {}
    rest = []
    for pattern in patterns:
        if len(pattern) == 1 and set(pattern[0]) <= {"LEMMA", "LOWER"} and len(pattern[0]) == 1:
            key, value = next(iter(pattern[0].items()))
            values = value["IN"] if isinstance(value, dict) and set(value) == {"IN"} else [value] if isinstance(value, str) else None
            if values is not None:
                singles.setdefault(key, set()).update(values)
                continue
        rest.append(pattern)
    return [[{key: {"IN": sorted(values)}}] for key, values in sorted(singles.items())] + rest


def with_curly(patterns: list[list[dict]]) -> list[list[dict]]:
    out = []
    for pattern in patterns:
        fixed = []
        for token in pattern:
            lemma = token.get("LEMMA")
            if isinstance(lemma, str) and lemma in _CURLY:
                token = dict(token, LEMMA={"IN": [lemma, *_CURLY[lemma]]})
            elif isinstance(lemma, dict) and any(l in _CURLY for l in lemma.get("IN", [])):
                extra = {c for l in lemma["IN"] for c in _CURLY.get(l, [])}
                token = dict(token, LEMMA={"IN": sorted(set(lemma["IN"]) | extra)})
            fixed.append(token)
        out.append(fixed)
    return out


def _negated_patterns(nlp, spec: dict) -> list[list[dict]]:
    """Negator, up to three filler words, then a function: "won't even open", "can't log in"."""
    from ..patterns import compile_pattern

    def lemmas(words):
        single = [w for w in words if " " not in w and not w.startswith("=")]
        return sorted({nlp(w)[0].lemma_ for w in single}), [w for w in words if w not in single]

    neg_single, neg_multi = lemmas(spec["negators"])
    fn_single, fn_multi = lemmas(spec["functions"])
    fillers = sorted({nlp(w)[0].lemma_ for w in spec["fillers"]})
    filler = [{"LEMMA": {"IN": fillers}, "OP": "?"}] * 3
    forms = sorted({f.lower() for f in spec.get("negator_forms", [])} | {f.replace("'", "’") for f in spec.get("negator_forms", [])})
    heads = [[{"LEMMA": {"IN": neg_single}}], [{"LOWER": {"IN": forms}}]]
    heads += [p for words in neg_multi for p in compile_pattern(nlp, words)]
    tails = [[{"LEMMA": {"IN": fn_single}}]]
    tails += [p for words in fn_multi for p in compile_pattern(nlp, words)]
    return [head + filler + tail for head in heads for tail in tails]


_MATCHERS: dict[int, _Matchers] = {}


def prepare(nlp) -> None:
    """Build the matchers for a pipeline now (rules call this from setup())."""
    if id(nlp.vocab) not in _MATCHERS:
        _MATCHERS[id(nlp.vocab)] = _Matchers(nlp)


def _matchers(doc: Doc) -> _Matchers:
    found = _MATCHERS.get(id(doc.vocab))
    if found is None or found.vocab is not doc.vocab:
        from ..nlp import get_pipeline

        nlp = get_pipeline()
        if nlp.vocab is not doc.vocab:
            # A doc from another pipeline: compile against the blank one, match on this vocab.
            found = _Matchers(_VocabNlp(nlp, doc.vocab))
        else:
            found = _Matchers(nlp)
        _MATCHERS[id(doc.vocab)] = found
    return found


class _VocabNlp:
    """The blank pipeline's tokenizer and lemmas with another doc's vocab for the Matcher."""

    def __init__(self, nlp, vocab):
        self._nlp, self.vocab = nlp, vocab

    def __call__(self, text):
        return self._nlp(text)


# A clause is read at most this many tokens either side of a cue: an "if" further away does
# not govern it, and an unpunctuated 30 kB run of cues stays linear (it took 4 s, quadratic).
MAX_CLAUSE_TOKENS = 60


def _clause_bounds(sent: Span, i: int) -> tuple[int, int]:
    """Token range of the clause around token i, inside its sentence."""
    doc = sent.doc
    start = i
    lo, hi = max(sent.start, i - MAX_CLAUSE_TOKENS), min(sent.end, i + 1 + MAX_CLAUSE_TOKENS)
    while start > lo:
        prev = doc[start - 1]
        if prev.text in _CLAUSE_BREAKS or prev.lower_ in _CLAUSE_WORDS or "\n" in prev.text:
            break
        start -= 1
    end = i + 1
    while end < hi:
        tok = doc[end]
        if tok.text in _CLAUSE_BREAKS or tok.lower_ in _CLAUSE_WORDS or "\n" in tok.text:
            break
        end += 1
    return start, end


def _unmet_expectation(token) -> bool:
    """"It was supposed to arrive on Tuesday" reports a failure; "suppose it fails" is a what-if."""
    return token.lower_ == "supposed" and token.i > 0 and token.doc[token.i - 1].lemma_ == "be"


def _is_conditional(m: _Matchers, token) -> bool:
    if token.lemma_ in m.conditional:
        return not _unmet_expectation(token)
    # "in case it fails" is a what-if; "a use case that fails" is not.
    before = m.conditional_after.get(token.lemma_)
    if before is None:
        return False
    i = token.i - 1
    while i >= 0 and token.doc[i].is_space:  # hard-wrapped mail: "in\ncase"
        i -= 1
    return i >= 0 and token.doc[i].lower_ in before


def _is_hypothetical(m: _Matchers, sent: Span, cue: Cue) -> bool:
    start, _ = _clause_bounds(sent, cue.start)
    if any(_is_conditional(m, t) for t in sent.doc[start : cue.start]):
        return True
    # "Would it be that you're not running that flight?" asks; "Why won't it boot?" complains.
    return cue.group == "negated" and _is_yes_no_question(sent) and _opens_sentence(sent, start)


def _opens_sentence(sent: Span, start: int) -> bool:
    """The clause starting at token `start` is the sentence's first (handles aside)."""
    return all(t.is_space or t.is_punct or t.text.startswith(("@", "#")) for t in sent.doc[sent.start : start])


def _is_yes_no_question(sent: Span) -> bool:
    words = [t for t in sent if not (t.is_space or t.is_punct or t.text.startswith(("@", "#")))]
    if not words or not sent.text.rstrip().endswith("?"):
        return False
    return words[0].lower_ in _YES_NO_OPENERS and not any(t.lower_ == "why" for t in words)


_CACHE_KEY = "replylint.complaint"


def _analyse(m: _Matchers, doc: Doc) -> dict:
    """Match once per doc; the result is kept on the doc for the other functions."""
    cached = doc.user_data.get(_CACHE_KEY)
    if cached is not None and cached["n"] == len(doc):
        return cached
    matches: dict[str, list[tuple[int, int]]] = {}
    for mid, s, e in m.cues(doc):
        matches.setdefault(doc.vocab.strings[mid], []).append((s, e))
    result = {"n": len(doc), "matches": matches}
    result["cues"] = _cues(m, doc, matches)
    result["scores"] = _score(m, doc, result["cues"])
    doc.user_data[_CACHE_KEY] = result
    return result


def _cues(m: _Matchers, doc: Doc, matches: dict) -> list[Cue]:
    cues = [Cue(s, e, group, m.weights[group], " ".join(t.lemma_ for t in doc[s:e]))
            for group, spans in matches.items() if not group.startswith("-") for s, e in spans]
    weight = m.weights.get("progressive", 2)
    from spacy.strings import get_string_id

    from ..windowed import token_column

    # Lemma hashes first: a Token object per token of the customer's message costs more.
    triggers = {get_string_id(word) for word in m.progressive}
    lemmas = token_column(doc, "LEMMA")
    for i in range(len(doc) - 1):
        if lemmas[i] not in triggers:
            continue
        tok, nxt = doc[i], doc[i + 1]
        if tok.lemma_ in m.progressive and nxt.lower_.endswith("ing") and nxt.lower_ not in m.harmless.get(tok.lemma_, ()):
            cues.append(Cue(tok.i, tok.i + 2, "progressive", weight))
    if m.substrings:
        lowered = text_of(doc).lower()
        for text, group in m.substrings:
            for found in re.finditer(re.escape(text), lowered):
                span = doc.char_span(found.start(), found.end(), alignment_mode="expand")
                if span is not None:
                    cues.append(Cue(span.start, span.end, group, m.weights[group]))
    if cues:
        hidden = matches.get("-suppress", [])
        cues = [c for c in cues if not any(s <= c.start and c.end <= e for s, e in hidden)]
    return cues


def _sentences(doc: Doc) -> list[Span]:
    return [s for s in doc.sents if s.text.strip() and s._.zone not in {"quoted", "signature"}]


def _strength(m: _Matchers, cues: list[Cue]) -> int:
    """Each cue group counts once (weak cues up to their max_count, on distinct words)."""
    total = 0
    for group in {c.group for c in cues}:
        words = {c.text for c in cues if c.group == group}
        weight = max(c.weight for c in cues if c.group == group)
        total += weight * min(len(words), m.max_count.get(group, 1))
    return total


def score_sentences(doc: Doc) -> list[tuple[Span, int, Cue]]:
    """Each sentence with cues: (sentence, strength, strongest cue). Strength 2+ is a complaint."""
    return list(_analyse(_matchers(doc), doc)["scores"])


def quote_rank(cue: Cue) -> tuple:
    """Lower is better to quote: a strong cue that names what went wrong, early."""
    return (-cue.weight, _QUOTE_PRIORITY.get(cue.group, 5), cue.start)


def _score(m: _Matchers, doc: Doc, cues: list[Cue]) -> list[tuple[Span, int, Cue]]:
    if not cues:
        return []
    from bisect import bisect_left

    # cues sorted by position, so each sentence takes its own slice: a long message has
    # thousands of sentences and cues, and scanning every cue per sentence was quadratic
    ordered = sorted(cues, key=lambda c: c.start)
    starts = [c.start for c in ordered]
    out = []
    for sent in _sentences(doc):
        window = ordered[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]
        inside = [c for c in window if not _is_hypothetical(m, sent, c)]
        if not inside:
            continue
        strength = _strength(m, inside)
        best = min(inside, key=quote_rank)
        out.append((sent, strength, best))
    return out


def complaint_clause(sent: Span, cue: Cue) -> Span:
    """The words around a cue that say what went wrong, short enough to quote."""
    start, end = _clause_bounds(sent, cue.start)
    end = max(end, cue.end)
    if end - start < _MIN_CLAUSE_TOKENS:
        start, end = sent.start, sent.end
    doc = sent.doc
    if end - start > _MAX_QUOTE_TOKENS:
        start = max(start, cue.start - _MAX_QUOTE_TOKENS // 3)
        end = max(min(end, start + _MAX_QUOTE_TOKENS), cue.end)
        if start > 0 and doc[start].text[:1] in {"'", "’", "n"} and doc[start].lower_ in _CLITICS:
            start -= 1  # keep "doesn't" whole
    while start < end and (doc[start].is_space or doc[start].is_punct or doc[start].lower_ in {"and", "or"}
                           or doc[start].text.startswith("@")):
        start += 1
    while end > start and (doc[end - 1].is_space or (doc[end - 1].is_punct and doc[end - 1].text not in {")", '"'})):
        end -= 1
    if start >= end:
        return doc[cue.start : cue.end]
    return doc[start:end]


def find_complaints(doc: Doc) -> list[Span]:
    """The clauses of a customer's message that report a problem, in order."""
    m = _matchers(doc)
    return [complaint_clause(sent, cue) for sent, strength, cue in score_sentences(doc) if strength >= m.threshold]


def failed_attempts(doc: Doc) -> str:
    """The customer's words saying fixes were already tried ("I've tried that several times"),
    in a sentence that reports a problem; "" when there are none."""
    m = _matchers(doc)
    found = _analyse(m, doc)
    for sent, strength, _ in found["scores"]:
        if strength < m.threshold:
            continue
        for cue in found["cues"]:
            if cue.group == "attempts" and sent.start <= cue.start < sent.end and not _is_hypothetical(m, sent, cue):
                return doc[cue.start : cue.end].text
    return ""


def complaint_strength(doc: Doc) -> int:
    """The strongest sentence's cue weight: 0 none, 1 a hint, 2+ a complaint."""
    return max((strength for _, strength, _ in score_sentences(doc)), default=0)


def is_upset(doc: Doc) -> bool:
    """Strong frustration: anger or a threat to leave, or a problem with shouting or repetition."""
    m = _matchers(doc)
    found = _analyse(m, doc)
    if found["matches"].get("-anger"):
        return True
    complaints = [sent for sent, strength, _ in found["scores"] if strength >= m.threshold]
    if not complaints:
        return False

    def near(label):  # in a complaint sentence or the one after it
        spans = found["matches"].get(label, [])
        return [s for s, _ in spans if any(c.start <= s < c.end + 40 for c in complaints)]

    heat = 0
    text = " ".join(s.text for s in _sentences(doc))
    if _REPEATED_PUNCT.search(text):
        heat += 2
    caps = [t for t in doc if _CAPS_WORD.match(t.text)]
    words = [t for t in doc if t.is_alpha and len(t.text) >= 3]
    if len(caps) >= 3 and len(caps) >= 0.3 * len(words):
        heat += 2
    heat += 2 if near("-persistence-strong") else min(1, len(near("-persistence")))
    return heat >= 2
