"""`existence` and `substitution`: phrase patterns matched on lemmas with spaCy's matchers.

Patterns that expand to fixed lemma sequences go to a PhraseMatcher (hash lookups, fast with
hundreds of phrases); the rest (exact forms, wildcards, numbers, sentence starts) go to a
Matcher. Phrases are matched on a view of the document without line-break tokens, so a phrase
hard-wrapped over two lines ("I hope this\\nhelps") still matches; a blank line still divides.
"""
from __future__ import annotations

import itertools

from ..errors import PluginError
from ..finding import Suggestion
from ..patterns import compile_pattern
from ..rule import Option, Rule

MAX_PHRASES_PER_PATTERN = 512
PARAGRAPH = "¶"  # stands in the view for a blank line, so no phrase spans two paragraphs


def _values(value) -> list[str]:
    return list(value["IN"]) if isinstance(value, dict) else [value]


def _fixed_sequences(pattern: list[dict]) -> list[list[str]] | None:
    """The lemma sequences a token pattern stands for, or None if it needs the Matcher."""
    slots = []
    for token in pattern:
        op = token.get("OP")
        keys = set(token) - {"OP"}
        if keys == {"LOWER"} and all(not v.isalnum() for v in _values(token["LOWER"])):
            keys, token = {"LEMMA"}, {"LEMMA": token["LOWER"]}  # punctuation is its own lemma
        if keys != {"LEMMA"} or op not in (None, "?"):
            return None
        value = token["LEMMA"]
        choices = list(value["IN"]) if isinstance(value, dict) else [value]
        slots.append(choices + ([None] if op == "?" else []))
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


def lemma_view(ctx):
    """A Doc of the document's lemmas without line breaks, and each view token's doc index."""
    cached = ctx.cache.get("lemma_view")
    if cached is None:
        from spacy.tokens import Doc

        doc = ctx.doc
        words, lemmas, index = [], [], []
        for token in doc:
            if token.is_space:
                if token.text.count("\n") >= 2 and words and words[-1] != PARAGRAPH:
                    words.append(PARAGRAPH), lemmas.append(PARAGRAPH), index.append(token.i)
                continue
            words.append(token.text), lemmas.append(token.lemma_), index.append(token.i)
        view = Doc(doc.vocab, words=words or [PARAGRAPH], lemmas=lemmas or [PARAGRAPH])
        cached = ctx.cache["lemma_view"] = (view, index or [0])
    return cached


class PhraseRule(Rule):
    """A pack rule made of phrase entries: patterns, why they are a problem, a better wording."""

    entries: list[dict] = []
    message: str = "{match}"
    options = {
        "skip": Option(list, [], "phrases (as written in the reply, any case) not to flag"),
        "extend-patterns": Option(list, [], "extra patterns to flag, in the pack pattern language"),
    }

    def setup(self, nlp) -> None:
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.tokens import Doc

        self.matcher = Matcher(nlp.vocab)
        self.phrases = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._entries = list(self.entries)
        if self.opts["extend-patterns"]:
            self._entries.append({"patterns": self.opts["extend-patterns"], "why": "", "better": ""})
        for index, entry in enumerate(self._entries):
            try:
                compiled = [p for pattern in entry["patterns"] for p in compile_pattern(nlp, pattern)]
            except PluginError as exc:  # patterns compile only now, with the pipeline: say whose
                where = getattr(self, "pack_path", None) or self.origin
                raise PluginError(f"{where}: rule {self.code}: {exc}") from None
            fixed, other = [], []
            for pattern in compiled:
                sequences = _fixed_sequences(pattern)
                if sequences is None:
                    other.append(pattern)
                else:
                    fixed.extend(Doc(nlp.vocab, words=seq, lemmas=seq) for seq in sequences)
            if fixed:
                self.phrases.add(str(index), fixed)
            if other:
                self.matcher.add(str(index), other)
        self._skip = {s.lower() for s in self.opts["skip"]}
        self._cache_key = ("phrase", self.code, tuple(sorted(self._skip)), tuple(self.opts["extend-patterns"]))

    def find(self, ctx) -> list[tuple[object, dict]]:
        """(span, entry) for every match in the document, longest first where they overlap."""
        found = ctx.cache.get(self._cache_key)
        if found is not None:
            return found
        from spacy.util import filter_spans

        doc = ctx.doc
        strings = doc.vocab.strings
        spans = []
        view, index = lemma_view(ctx)
        for match_id, start, end in self.phrases(view):
            span = doc[index[start] : index[end - 1] + 1]
            span.label_ = strings[match_id]
            spans.append(span)
        if len(self.matcher):
            for match_id, start, end in self.matcher(doc):
                span = doc[start:end]
                span.label_ = strings[match_id]
                spans.append(span)
        found = [(span, self._entries[int(span.label_)]) for span in filter_spans(spans)]
        ctx.cache[self._cache_key] = found
        return found

    def check(self, ctx):
        for span, entry in self.find(ctx):
            if span._.zone not in self.zones or span.text.lower() in self._skip:
                continue
            better = entry.get("better", "")
            message = self.message.format(match=span.text, why=entry.get("why", ""), better=better)
            suggestions = []
            if better and entry.get("replace", False):
                suggestions.append(Suggestion(span.start_char, span.end_char, better, entry.get("safe", False)))
            yield ctx.finding(
                self, span.start_char, span.end_char, message,
                suggestions=suggestions, evidence={"reply": span.text},
                better=better,
            )
