"""Does a reply apologise, or show regret or empathy for the customer's trouble?

`find_apologies(doc, sents)` returns the apology, regret and empathy phrases inside the
given sentences: "sorry", "my apologies", "I regret", "that shouldn't have happened", "that
sounds frustrating". Non-apologies ("sorry you feel that way", "we apologise if ...") and
condolences do not count; "unfortunately" or "we understand your concerns" alone do not
either. `find_non_apologies(doc, sents)` returns the non-apologies with why each one fails,
for RL202. Phrases live in rules/lexicons/apology.toml.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span


@dataclass
class NonApology:
    span: Span
    why: str
    better: str
    counts: bool  # still an apology, just a poor one ("sorry, but ...")
    strict: bool = False  # flagged only on request: "sorry, but" on its own


@lru_cache(maxsize=1)
def lexicon() -> dict:
    from ..builtin import load_lexicon

    return load_lexicon("apology")


class _Matchers:
    def __init__(self, nlp):
        from ..patterns import compile_pattern
        from ..windowed import WindowedMatcher as Matcher
        from .complaint import with_curly

        lex = lexicon()
        self.vocab = nlp.vocab

        def compiled(patterns):
            return with_curly([p for pattern in patterns for p in compile_pattern(nlp, pattern)])

        self.apology = Matcher(nlp.vocab)
        self.apology.add("apology", compiled(lex["apology"]["patterns"]))
        self.apology.add("empathy", compiled(lex["empathy"]["patterns"]))
        self.substrings = list(lex["apology"].get("substrings", []))
        self.entries = lex["non_apology"]
        self.non = Matcher(nlp.vocab)
        for index, entry in enumerate(self.entries):
            self.non.add(str(index), compiled(entry["patterns"]))
        self.condolence = Matcher(nlp.vocab)
        self.condolence.add("condolence", compiled(lex["not_about_trouble"]["patterns"]))


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
        found = _Matchers(nlp if nlp.vocab is doc.vocab else _VocabNlp(nlp, doc.vocab))
        _MATCHERS[id(doc.vocab)] = found
    return found


class _VocabNlp:
    """The blank pipeline's tokenizer and lemmas with another doc's vocab for the Matcher."""

    def __init__(self, nlp, vocab):
        self._nlp, self.vocab = nlp, vocab

    def __call__(self, text):
        return self._nlp(text)


def _inside(span: Span, sents: list[Span]) -> bool:
    return any(s.start <= span.start and span.end <= s.end for s in sents)


def _covered(span: Span, spans: list[Span]) -> bool:
    return any(o.start < span.end and span.start < o.end for o in spans)


_NON_MATCHES = "replylint.non_apology_matches"


def find_non_apologies(doc: Doc, sents: list[Span], strict: bool = False) -> list[NonApology]:
    """Non-apologies in the given sentences, longest match first where they overlap.

    `strict` adds every "sorry, but ..." (entries marked `strict` in the lexicon).
    """
    from spacy.util import filter_spans

    m = _matchers(doc)
    spans = []
    matches = doc.user_data.get(_NON_MATCHES)  # RL201 and RL202 both ask
    if matches is None:
        matches = doc.user_data[_NON_MATCHES] = m.non(doc)
    for mid, start, end in matches:
        span = doc[start:end]
        span.label_ = doc.vocab.strings[mid]
        spans.append(span)
    out = []
    for span in filter_spans(spans):
        if _inside(span, sents):
            entry = m.entries[int(span.label_)]
            if entry.get("strict", False) and not strict:
                continue
            out.append(NonApology(span, entry["why"], entry["better"], bool(entry.get("counts", False)),
                                  bool(entry.get("strict", False))))
    return out


def find_apologies(doc: Doc, sents: list[Span]) -> list[Span]:
    """Apology, regret or empathy phrases inside the given sentences (the reply's own)."""
    from spacy.util import filter_spans

    from ..nlp.extensions import text_of

    m = _matchers(doc)
    found = [doc[s:e] for _, s, e in m.apology(doc)]
    whole = text_of(doc)
    # Span.text re-joins tokens: test the doc's text once, and each sentence's once.
    substrings = [text for text in m.substrings if text in whole]
    for sent in sents if substrings else ():
        sent_text = sent.text
        for text in substrings:
            at = sent_text.find(text)
            if at != -1:
                span = doc.char_span(sent.start_char + at, sent.start_char + at + len(text), alignment_mode="expand")
                if span is not None:
                    found.append(span)
    found = [s for s in filter_spans(found) if _inside(s, sents)]
    if not found:
        return []
    void = [n.span for n in find_non_apologies(doc, sents) if not n.counts]
    void += [doc[s:e] for _, s, e in m.condolence(doc)]
    return [s for s in found if not _covered(s, void)]
