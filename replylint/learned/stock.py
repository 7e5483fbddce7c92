"""Which sentences of a reply are stock text, sentence by sentence: the learned model behind
RL101's confidence and the stock sentences no phrase list enumerates."""
from __future__ import annotations

from . import features
from . import linear


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
    out = []
    for i, sent in enumerate(sents):
        phrase = any(a < sent.end_char and sent.start_char < b for a, b in phrase_spans)
        feats = features.stock_features(sent, i, len(sents), phrase, theirs)
        out.append((sent, model.judge(feats, telling=features.telling)))
    ctx.cache[key] = out
    return out
