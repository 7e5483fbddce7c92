from __future__ import annotations

import re

from ..rule import Option, Rule
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
_TAIL = re.compile(r"(?:\s*(?:[@#]\S+|https?://\S+|[^\w\s.,!?'’\")]+))+\s*$")
_FALLBACK = "I'm sorry you ran into this."


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


def suggested_apology(clause: str) -> str:
    """“I'm sorry <the customer's words, turned to you/your>.” when they read as a clause."""
    clause = _TAIL.sub("", clause).strip().rstrip(".,;:!?")
    words = _WORD.findall(clause)
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

    ## Options
    - `min-complaint-strength` (int, default 2): how clearly the customer must report a
      problem. 2 needs one clear sign (a failure word, "doesn't work", "never arrived", anger or
      sarcasm); 3 or more needs several signs in one sentence, for teams that only want it on
      clear complaints.
    - `count-empathy` (bool, default true): count empathy without an apology ("that sounds
      frustrating") as enough.
    """

    code = "RL201"
    name = "missing-apology"
    severity = "warning"
    summary = "The customer reports a problem and the reply never apologises or shows regret."
    needs_context = True
    options = {
        "min-complaint-strength": Option(int, 2, "how clearly the customer must report a problem (2 = one clear sign)"),
        "count-empathy": Option(bool, True, "empathy without an apology (\"that sounds frustrating\") is enough"),
    }

    def setup(self, nlp) -> None:
        complaint.prepare(nlp)
        apology.prepare(nlp)

    def check(self, ctx):
        customer = ctx.customer
        if customer is None:
            return
        threshold = self.opts["min-complaint-strength"]
        scored = [(s, strength, cue) for s, strength, cue in complaint.score_sentences(customer) if strength >= threshold]
        if not scored:
            return
        sents = ctx.sents()
        if not sents:
            return
        found = apology.find_apologies(ctx.doc, sents)
        if not self.opts["count-empathy"]:
            found = [s for s in found if not _is_empathy(s)]
        if found:
            return
        sent, _, cue = min(scored, key=lambda item: (complaint.quote_rank(item[2])[:2], -item[1], item[0].start))
        clause = complaint.complaint_clause(sent, cue).text
        shown = " ".join(clause.split())
        body = ctx.sents({"body"}) or sents
        anchor = body[0]
        first = next((t for t in anchor if not t.is_space), anchor[0])
        end = anchor.end_char
        while end > first.idx and ctx.text[end - 1].isspace():
            end -= 1
        yield ctx.finding(
            self, first.idx, end,
            f"The customer reports a problem (“{shown}”) but the reply has no apology. "
            f"Acknowledge it: “{suggested_apology(shown)}”",
            evidence={"customer": clause},
        )


def _is_empathy(span) -> bool:
    return not any(t.lemma_ in {"sorry", "apologize", "apology", "apologies", "regret"} for t in span)
