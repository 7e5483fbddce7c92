from __future__ import annotations

import re

from ..rule import Option, Rule
from ..learned import customer as complaint_model
from ..learned import features
from ..learned import linear as judgements
from ..signals import apology, complaint

# First person to second, to turn the customer's words into the reply's apology.
_SWAP = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
    "we": "you", "us": "you", "our": "your", "ours": "yours", "i'm": "you're", "i’m": "you're",
    "i've": "you've", "i’ve": "you've", "i'd": "you'd", "i’d": "you'd", "i'll": "you'll", "i’ll": "you'll",
}
_AFTER_I = {"am": "are", "was": "were"}  # "I was charged" -> "you were charged"
_WORD = re.compile(r"[A-Za-z’']+")
# Words a clause can open with and still read after "I'm sorry ...".
_SUBJECT_OPENERS = {"my", "our", "i", "we", "it", "its", "it's", "it’s", "this", "i'm", "i’m", "i've",
                    "i’ve", "nothing", "nobody", "the"}
# Handles, hashtags, links and emoji at the end of a tweet are not part of what went wrong.
# One token at a time from the end: a single pattern with nested repeats backtracked for
# minutes on a long line of symbols (a pasted log), inside the pre-send hook.
_TAIL_TOKEN = re.compile(r"[@#]\S+|https?://\S+|[^\w\s.,!?'’\")]+")
_FALLBACK = "I'm sorry you ran into this."
# Tweets and short mail drop the "I": "Still haven't received my refund", "can't log in",
# "been waiting 3 weeks", "received the wrong size". These words open such a clause, and
# "you" reads before them.
_SUBJECTLESS_OPENERS = {
    "still", "never", "just", "already", "haven't", "haven’t", "hasn't", "can't", "can’t", "cannot",
    "couldn't", "didn't", "didn’t", "don't", "don’t", "won't", "keep", "kept", "been", "got", "received",
    "ordered", "paid", "tried", "waited", "lost", "was", "am",
}


def _second_person(text: str) -> str:
    out, previous = [], ""
    for match in _WORD.finditer(text):
        lower = match.group(0).lower()
        replacement = _SWAP.get(lower) or (_AFTER_I[lower] if previous in {"i", "we"} and lower in _AFTER_I else None)
        out.append((match.start(), match.end(), replacement))
        previous = lower
    for start, end, replacement in reversed(out):
        if replacement:
            text = text[:start] + replacement + text[end:]
    return text


def _strip_tail(clause: str) -> str:
    """The clause without the handles, hashtags, links and emoji it ends with."""
    clause = clause.strip()
    while clause:
        parts = clause.rsplit(None, 1)
        head, last = parts if len(parts) == 2 else ("", parts[0])
        if _TAIL_TOKEN.fullmatch(last):
            clause = head.rstrip()
            continue
        keep = len(last)
        while keep and not (last[keep - 1].isalnum() or last[keep - 1] in "_.,!?'’\")"):
            keep -= 1
        clause = clause[: len(clause) - len(last) + keep].rstrip()
        break
    return clause


def suggested_apology(clause: str) -> str:
    """“I'm sorry <the customer's words, turned to you/your>.” when they read as a clause."""
    clause = _strip_tail(clause).rstrip(".,;:!?")
    words = _WORD.findall(clause)
    if words and words[0].lower() in _SUBJECTLESS_OPENERS and len(words) <= 9:
        subject = "I've " if words[0].lower() == "been" else "I "  # "been waiting" -> "I've been waiting"
        clause = subject + clause[0].lower() + clause[1:]  # "Still haven't ..." -> "I still haven't ..."
        words = ["I"] + words
    if not words or words[0].lower() not in _SUBJECT_OPENERS or len(words) > 10:
        return _FALLBACK
    text = _second_person(clause)
    if text[:1].isupper() and not text.split()[0].isupper() and words[0].lower() not in {"i"}:
        text = text[0].lower() + text[1:]
    return f"I'm sorry {text}."


class MissingApology(Rule):
    """
    ## What it flags
    A reply to a customer who reports a problem (something broken, late, missing, wrongly
    charged, a failure or error, a bad experience, frustration or a sarcastic jab) that never
    apologises or shows regret for it. Replies to neutral questions, praise or thanks are
    left alone. The finding sits at the start of the reply's body and quotes the customer's
    words.

    ## Why it matters
    A customer who has had a problem reads the first lines for one thing: does this person
    accept that something went wrong? A reply that jumps to steps, policy or a DM link reads
    as "not our problem", even when the fix is right. One honest sentence of regret costs
    nothing and changes how the rest is read.

    ## Example
    Customer: "My order arrived broken and nobody answered my first email."

    Reply: "Please send a photo of the item and your order number."

    ## Better
    "I'm sorry your order arrived broken, and that my colleague didn't answer your first
    email. Could you send a photo of the item? I'll get a replacement out today."

    ## How it decides
    Whether the customer reports a problem is a learned judgement: a logistic model trained
    on labelled support exchanges (`python training/learn.py`), reading the complaint
    lexicon's cues, the parse (what is negated: "still haven't received"), the words and the
    punctuation of their message. The finding names the signals that decided and carries the
    model's confidence. Its two thresholds were chosen on the validation split for this rule's
    own label (a complaint and no apology): it reports where precision reached 0.90, and below
    the confidence where it reached 0.95 the finding is `info`: advice that does not block a
    pre-send hook. Whether the reply apologises is the apology lexicon's call (it is near
    perfect).

    ## Options
    - `min-confidence` (float, default 0): how sure the model must be that the customer
      reports a problem, 0–1. 0 uses the threshold chosen on the validation split (shown by
      `replylint rule RL201`); raise it for fewer, surer findings.
    - `count-empathy` (bool, default true): count empathy without an apology ("that sounds
      frustrating") as enough.
    """

    code = "RL201"
    name = "missing-apology"
    severity = "warning"
    summary = "The customer reports a problem and the reply never apologises or shows regret."
    needs_context = True
    models = ("complaint",)
    needs_parse = "customer"  # "still haven't received": the model reads what is negated
    options = {
        "min-confidence": Option(float, 0.0, "how sure the complaint model must be (0 = its validated threshold)"),
        "count-empathy": Option(bool, True, "empathy without an apology (\"that sounds frustrating\") is enough"),
    }

    def setup(self, nlp) -> None:
        complaint.prepare(nlp)
        apology.prepare(nlp)

    def check(self, ctx):
        customer = ctx.customer
        if customer is None:
            return
        model = judgements.load("complaint")
        sents = ctx.sents()
        if not sents:
            return
        own = model.meta.get("missing_apology", {})  # thresholds chosen for RL201's own label
        verdict = complaint_model.verdict(ctx, self.opts["min-confidence"] or own.get("threshold"))
        if not verdict.positive:
            return
        found = apology.find_apologies(ctx.doc, sents)
        if not self.opts["count-empathy"]:
            found = [s for s in found if not _is_empathy(s)]
        if found:
            return
        clause = _complaint_words(customer, model)
        if clause is None:
            return
        shown = " ".join(clause.split())
        body = ctx.sents({"body"}) or sents
        anchor = body[0]
        first = next((t for t in anchor if not t.is_space), anchor[0])
        end = anchor.end_char
        while end > first.idx and ctx.text[end - 1].isspace():
            end -= 1
        signals = "; ".join(features.describe(f) for f, _ in verdict.reasons)
        blocking = verdict.probability >= own.get("block_at", model.meta.get("block_at", 1.0))
        yield ctx.finding(
            self, first.idx, end,
            f"The customer reports a problem (“{shown}”) but the reply has no apology "
            f"(confidence {verdict.probability:.2f}: {signals}). Acknowledge it: “{suggested_apology(shown)}”",
            evidence={"customer": clause, "signals": signals},
            confidence=verdict.probability, severity=None if blocking else "info",
        )


def _complaint_words(customer, model) -> str | None:
    """The customer's words to quote: the lexicon's clause that names what went wrong, else the
    sentence the model finds most like a complaint."""
    scored = [(s, strength, cue) for s, strength, cue in complaint.score_sentences(customer) if strength >= 2]
    if scored:
        sent, _, cue = min(scored, key=lambda item: (complaint.quote_rank(item[2])[:2], -item[1], item[0].start))
        return complaint.complaint_clause(sent, cue).text
    own = features.own_sentences(customer)
    if not own:
        return None
    best = max(own, key=lambda s: (model.probability(features.complaint_features(customer, [s])), -s.start))
    return best.text.strip()


def _is_empathy(span) -> bool:
    return not any(t.lemma_ in {"sorry", "apologize", "apology", "apologies", "regret"} for t in span)
