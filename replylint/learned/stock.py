"""Which sentences of a reply are stock text, sentence by sentence: the learned model behind
RL101's confidence and the stock sentences no phrase list enumerates."""
from __future__ import annotations

from bisect import bisect_left

from . import features
from . import linear


def overlapping(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does any of `spans` (sorted by start) overlap [start, end)? Logarithmic, not a scan: a
    long draft has thousands of sentences and matches."""
    i = bisect_left(spans, (end, -1))
    # spans starting before `end`; matches are short, so the few just before are enough
    for a, b in reversed(spans[max(0, i - 8) : i]):
        if b > start:
            return True
    return False


def sentence_verdicts(ctx, phrase_spans, model_name: str = "stock") -> list[tuple[object, object]]:
    """(sentence, Verdict) for each sentence of the reply's own zones, once per document.
    `phrase_spans`: (start, end) of the phrase list's matches."""
    key = ("stock-verdicts", model_name)
    if key in ctx.cache:
        return ctx.cache[key]
    model = linear.load(model_name)
    sents = ctx.sents()
    theirs = None
    if ctx.customer is not None:
        theirs = features.content_words(features.own_sentences(ctx.customer))
    spans = sorted(phrase_spans)
    out = []
    for i, sent in enumerate(sents):
        phrase = overlapping(spans, sent.start_char, sent.end_char)
        feats = features.stock_features(sent, i, len(sents), phrase, theirs)
        out.append((sent, model.judge(feats, telling=features.telling)))
    ctx.cache[key] = out
    return out
