from __future__ import annotations

from ..rule import Option, Rule


class LongSentence(Rule):
    """
    ## What it flags
    A sentence of the reply with more words than `max-words` (35 by default). URLs, e-mail
    addresses, file paths, template placeholders and code lines are not counted as words.

    ## Why it matters
    A long sentence makes the customer hold several ideas at once, and the instruction they
    needed is usually buried in the middle of it. Two or three short sentences are read
    faster and misread less, especially on a phone.

    ## Example
    Once the replacement has been dispatched from our warehouse you will receive an email
    with a tracking number which you can use on the courier's website to follow the parcel,
    and if it has not arrived within five working days you should contact us again so that
    we can open an investigation with the courier.

    ## Better
    The replacement leaves our warehouse today. You'll get a tracking number by email. If it
    hasn't arrived by Friday, reply here and I'll open a claim with the courier.

    ## Options
    - `max-words` (int, default 35): the longest acceptable sentence, in words.
    """

    code = "RL502"
    name = "long-sentence"
    summary = "A sentence longer than `max-words` words."
    severity = "info"
    options = {
        "max-words": Option(int, 35, "longest acceptable sentence, in words (URLs and placeholders not counted)"),
    }

    def check(self, ctx):
        from .hard_to_read import paragraphs, prose_sentences

        limit = self.opts["max-words"]
        for start, end in paragraphs(ctx, self.zones):
            for words in prose_sentences(ctx, start, end, self.zones):
                if len(words) <= limit:
                    continue
                first, last = words[0], words[-1]
                stop = last.idx + len(last.text)
                opening = " ".join(t.text for t in words[:6])
                yield ctx.finding(
                    self, first.idx, stop,
                    f"Sentence of {len(words)} words (limit {limit}), starting “{opening} …”: "
                    "split it, one idea per sentence.",
                    evidence={"reply": ctx.text[first.idx:stop][:200]},
                )
