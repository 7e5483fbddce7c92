"""Pattern sets: compiled pack patterns, matched fast and across hard line wraps.

Patterns that expand to fixed lemma sequences go to a PhraseMatcher (hash lookups: hundreds
of phrases cost little more than one); the rest (exact word forms, wildcards, numbers,
sentence starts) go to a token Matcher. Phrases are matched on a view of the document without
line-break tokens, so "I hope this\\nhelps" matches when the mail client wrapped the line;
a blank line still divides, so no phrase spans two paragraphs.
"""
from __future__ import annotations

import itertools

from .patterns import compile_pattern

# Above this many phrases a pattern costs more to build as Docs (at every start-up) than the
# Matcher costs to run it.
MAX_PHRASES_PER_PATTERN = 64
PARAGRAPH = "¶"


def _values(value) -> list[str]:
    return list(value["IN"]) if isinstance(value, dict) else [value]


def fixed_sequences(pattern: list[dict]) -> list[list[str]] | None:
    """The lemma sequences a token pattern stands for, or None if it needs the Matcher."""
    slots = []
    for token in pattern:
        op = token.get("OP")
        keys = set(token) - {"OP"}
        if keys == {"LOWER"} and all(not v.isalnum() for v in _values(token["LOWER"])):
            keys, token = {"LEMMA"}, {"LEMMA": token["LOWER"]}  # punctuation is its own lemma
        if keys != {"LEMMA"} or op not in (None, "?"):
            return None
        slots.append(_values(token["LEMMA"]) + ([None] if op == "?" else []))
    total = 1
    for slot in slots:
        total *= len(slot)
        if total > MAX_PHRASES_PER_PATTERN:
            return None
    sequences = []
    for combo in itertools.product(*slots):
        seq = [lemma for lemma in combo if lemma is not None]
        if seq:
            sequences.append(seq)
    return sequences


def lemma_view(doc):
    """A Doc of `doc`'s words and lemmas without line breaks, and each view token's doc index.

    Built once per document and kept in doc.user_data, so every rule shares it.
    """
    cached = doc.user_data.get("replylint.lemma_view")
    if cached is None:
        import numpy
        from spacy.attrs import IS_SPACE, LEMMA, ORTH
        from spacy.tokens import Doc

        # Read as hashes and written with one from_array: Token objects and Doc(lemmas=...)
        # setting each lemma_ cost ~150 us for a 1 KB reply.
        strings = doc.vocab.strings
        paragraph = strings.add(PARAGRAPH)
        words, lemmas, index = [], [], []
        for i, (orth, lemma, space) in enumerate(doc.to_array([ORTH, LEMMA, IS_SPACE]).tolist() if len(doc) else ()):
            if space:
                if strings[orth].count("\n") >= 2 and words and words[-1] != PARAGRAPH:
                    words.append(PARAGRAPH), lemmas.append(paragraph), index.append(i)
                continue
            words.append(strings[orth]), lemmas.append(lemma), index.append(i)
        view = Doc(doc.vocab, words=words or [PARAGRAPH])
        view.from_array([LEMMA], numpy.array(lemmas or [paragraph], dtype="uint64").reshape(-1, 1))
        cached = doc.user_data["replylint.lemma_view"] = (view, index or [0])
    return cached


_COMPILED: dict[tuple, tuple] = {}


class PatternSet:
    """Labelled groups of pack patterns, compiled once, matched against any Doc or Span.

    Compiled matchers are shared between equal pattern sets on one pipeline (RL102 reads the
    RL101 pack; several Linters with different configs hold the same rules).
    """

    def __init__(self, nlp, groups: dict[str, list[str]]):
        key = (id(nlp), tuple((label, tuple(patterns)) for label, patterns in groups.items()))
        if key not in _COMPILED:
            _COMPILED[key] = self._compile(nlp, groups)
        self.matcher, self.phrases = _COMPILED[key]

    @staticmethod
    def _compile(nlp, groups: dict[str, list[str]]):
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        from .windowed import WindowedMatcher

        matcher = WindowedMatcher(nlp.vocab)
        phrases = PhraseMatcher(nlp.vocab, attr="LEMMA")
        for label, patterns in groups.items():
            fixed, other = [], []
            for pattern in (p for text in patterns for p in compile_pattern(nlp, text)):
                sequences = fixed_sequences(pattern)
                if sequences is None:
                    other.append(pattern)
                else:
                    fixed.extend(Doc(nlp.vocab, words=seq, lemmas=seq) for seq in sequences)
            if fixed:
                phrases.add(label, fixed)
            if other:
                matcher.add(label, other)
        return matcher, phrases

    def spans(self, target, longest: bool = True) -> list:
        """Matched spans (label_ set) inside a Doc or Span; overlaps resolved longest-first."""
        from spacy.util import filter_spans

        doc = target if not hasattr(target, "doc") else target.doc
        lo, hi = (0, len(doc)) if target is doc else (target.start, target.end)
        # Equal pattern sets share compiled matchers, so the matches are kept per document:
        # RL401 reads RL402's blame phrases, RL102 reads RL101's stock phrases.
        memo = doc.user_data.setdefault("replylint.pattern_matches", {})
        key = (id(self.phrases), lo, hi, longest)
        if key not in memo:
            memo[key] = self._spans(doc, target, lo, hi, longest, filter_spans)
        return list(memo[key])

    def _spans(self, doc, target, lo, hi, longest, filter_spans) -> list:
        strings = doc.vocab.strings
        found = []
        view, index = lemma_view(doc)
        for match_id, start, end in self.phrases(view):
            first, last = index[start], index[end - 1]
            if lo <= first and last < hi:
                span = doc[first : last + 1]
                span.label_ = strings[match_id]
                found.append(span)
        if len(self.matcher):
            for match_id, start, end in self.matcher(target):
                span = target[start:end] if target is not doc else doc[start:end]
                span = doc[span.start : span.end]
                span.label_ = strings[match_id]
                found.append(span)
        return filter_spans(found) if longest else sorted(found, key=lambda s: (s.start, s.end))
