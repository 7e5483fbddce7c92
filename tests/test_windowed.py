"""WindowedMatcher must give exactly what spaCy's Matcher gives: same matches, same order."""
import random

import pytest

from replylint import Linter
from replylint.nlp.pipeline import process
from replylint.signals import apology, complaint
from replylint.windowed import WindowedMatcher


@pytest.fixture(scope="module")
def matchers():
    lin = Linter()
    doc = process(lin.nlp, "hello", [])
    found = {"complaint": complaint._matchers(doc).cues, "apology": apology._matchers(doc).apology,
             "non-apology": apology._matchers(doc).non}
    for rule in lin.rules:
        for key, value in vars(rule).items():
            if isinstance(value, WindowedMatcher):
                found[f"{rule.code}.{key}"] = value
            elif type(value).__name__ == "PatternSet" and len(value.matcher):
                found[f"{rule.code}.{key}"] = value.matcher
    return lin.nlp, found


def _words(matcher) -> list[str]:
    words = set()
    for pattern in matcher._patterns:
        for spec in pattern:
            for key in ("LEMMA", "LOWER", "ORTH"):
                value = spec.get(key)
                if isinstance(value, str):
                    words.add(value)
                elif isinstance(value, dict):
                    words.update(value.get("IN", []))
    return sorted(words)


def test_dense_random_docs_match_exactly(matchers):
    """Docs made mostly of the patterns' own words: anchors everywhere, windows overlapping."""
    nlp, found = matchers
    rng = random.Random(7)
    filler = "the a I you it was is not never , . ! ? and but my order still".split() + ["\n", "\n\n"]
    for name, matcher in found.items():
        words = _words(matcher)
        for _ in range(40):
            tokens = [rng.choice(words) if rng.random() < 0.6 else rng.choice(filler) for _ in range(rng.randint(1, 90))]
            doc = process(nlp, " ".join(tokens), [])
            assert matcher(doc) == matcher.matcher(doc), (name, doc.text)
            start = rng.randrange(len(doc))
            span = doc[start : rng.randrange(start, len(doc)) + 1]
            assert matcher(span) == matcher.matcher(span), (name, span.text)


def test_unbounded_patterns_match_the_whole_doc(matchers):
    nlp, _ = matchers
    matcher = WindowedMatcher(nlp.vocab)
    matcher.add("x", [[{"LOWER": "very", "OP": "+"}, {"LEMMA": "bad"}]])
    doc = process(nlp, "It was very very very bad, very bad indeed.", [])
    assert matcher.windows(doc, 0, len(doc)) is None
    assert matcher(doc) == matcher.matcher(doc) != []


def test_windows_cover_only_the_anchors_reach(matchers):
    nlp, _ = matchers
    matcher = WindowedMatcher(nlp.vocab)
    matcher.add("x", [[{"LEMMA": "be"}, {"LEMMA": "not", "OP": "?"}, {"LEMMA": "refundable"}]])
    doc = process(nlp, "Hello there. " * 20 + "This item is not refundable. " + "Thanks again. " * 20, [])
    at = next(t.i for t in doc if t.text == "refundable")
    assert matcher.windows(doc, 0, len(doc)) == [(at - 2, at + 1)]
    assert [(s, e) for _, s, e in matcher(doc)] == [(at - 2, at + 1)]


def test_no_window_where_the_fixed_neighbours_are_missing(matchers):
    nlp, _ = matchers
    matcher = WindowedMatcher(nlp.vocab)
    matcher.add("x", [[{"LEMMA": "thank"}, {"LEMMA": "for"}, {"LEMMA": "nothing"}]])
    doc = process(nlp, "Nothing arrived. Thanks for the update, nothing else.", [])
    assert matcher.windows(doc, 0, len(doc)) == []
    assert matcher(doc) == matcher.matcher(doc) == []
