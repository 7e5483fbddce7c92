from __future__ import annotations

import re

from ..rule import Option, Rule

_LONG_NUMBER = re.compile(r"\d{4,}|[$€£]\s?\d|\d+[.,]\d{2}\b")
_VOCATIVE_BEFORE = {",", "hi", "hello", "hey", "dear", "thanks", "thank", "morning", "afternoon", "evening"}
_VOCATIVE_AFTER = {",", ".", "!", "?", ":", ";", "-", "—", "–"}


def _lexicon() -> dict:
    from ..builtin import load_lexicon

    return load_lexicon("generic_reply")


class GenericReply(Rule):
    """
    ## What it flags
    A reply that could be sent to anyone: most of its sentences are stock phrases (the
    RL101 list) and nothing in it refers to this customer's message: not their name, their
    product, an order number or amount, nor the words they used for their problem.

    With the customer's message (`--context` or quoted history) the reply's own content words
    and numbers are compared with the customer's; the finding says which of the customer's
    words the reply never takes up. Without it, the reply is judged on its stock phrases
    alone, with a stricter threshold.

    ## Why it matters
    A customer who gets a reply that would fit any ticket concludes nobody read theirs, and
    writes again, angrier. One sentence that names their problem changes that.

    ## Example
    Customer: "My March invoice charged me twice for the Pro plan."
    Reply: "Thank you for contacting us. We apologize for any inconvenience. Please do not
    hesitate to contact us if you have any other questions."

    ## Better
    I'm sorry about the double charge on your March invoice. I've refunded the second Pro
    payment; it will be back on your card within five working days.

    ## Options
    - `min-stock-share` (float, default 0.5): with context, the share of the reply's
      sentences holding a stock phrase must be above this (more than half by default).
      Pleasantries ("Hi there!", "No worries.") and signature scraps are not counted.
    - `min-stock-share-alone` (float, default 0.6): the same without context; at least two
      stock sentences are then needed as well.
    """

    code = "RL102"
    name = "generic-reply"
    summary = "Mostly stock sentences and nothing specific to this customer's message."
    severity = "warning"
    options = {
        "min-stock-share": Option(float, 0.5, "with context: share of sentences holding a stock phrase must exceed this"),
        "min-stock-share-alone": Option(float, 0.6, "without context: the same, stricter"),
    }

    def setup(self, nlp) -> None:
        from ..builtin import pack_dir
        from ..packs import load_pack

        # The RL101 pack's own matcher, so "stock" means exactly what RL101 flags.
        pack = [cls for cls in load_pack(pack_dir() / "form_letter.toml", "builtin") if cls.code == "RL101"][0]
        self.stock = pack()
        self.stock.setup(nlp)
        data = _lexicon()
        from spacy.lang.en.stop_words import STOP_WORDS

        self.stop = set(STOP_WORDS) | set(data["support_words"])
        self.frame = set(data["frame_words"])
        # Vague follow-up promises (RL604's list) are form-letter sentences too.
        from .vague_follow_up import _lexicon as follow_up_lexicon

        from ..matching import PatternSet

        self.promises = PatternSet(nlp, {"promise": follow_up_lexicon()["promises"]})

    def _content(self, tokens):
        for t in tokens:
            if t.is_space or t.is_punct or t.like_url or t.like_email or t._.is_placeholder:
                continue
            text = t.text
            if text.startswith(("@", "^", "#", "*", "/", "-", "~")) or not any(ch.isalnum() for ch in text):
                continue
            lemma = t.lemma_.lower()
            if lemma in self.stop or t.lower_ in self.stop or (len(lemma) < 2 and not t.like_num):
                continue
            yield t

    def _names(self, tokens) -> list[str]:
        """Capitalised words used in address: "Hi Cade", "..., Ray." — the customer's name."""
        out = []
        for t in tokens:
            if not (t.text[:1].isupper() and t.text[1:].islower() and t.is_alpha) or t.lower_ in self.frame:
                continue
            prev = t.nbor(-1) if t.i > 0 else None
            nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
            if prev is not None and prev.lower_ in _VOCATIVE_BEFORE and (nxt is None or nxt.text in _VOCATIVE_AFTER or nxt.is_space):
                out.append(t.text)
        return out

    def check(self, ctx):
        from spacy.util import filter_spans

        doc = ctx.doc
        own = [t for s in ctx.sents() for t in s]
        # Cheap tests first: a name in address or an order number makes a reply specific.
        if self._names(own):
            return
        region = doc[own[0].i : own[-1].i + 1] if own else doc[0:0]  # not the quoted history
        stock = [span for span, _ in self.stock.find(ctx) if region.start <= span.start and span.end <= region.end]
        spans = filter_spans(stock + self.promises.spans(region))
        stock_tokens = {i for span in spans for i in range(span.start, span.end)}
        reply_tokens = [t for t in own if t.i not in stock_tokens]
        if any(_LONG_NUMBER.search(t.text) and not t.text.startswith("@") and not t.like_url for t in reply_tokens):
            return
        stock_sents, plain_sents = [], []
        for sent in ctx.sents({"body"}):
            if any(t.i in stock_tokens for t in sent):
                stock_sents.append(sent)
            elif any(True for _ in self._content(sent)):
                plain_sents.append(sent)
            # else: pleasantries ("Hi there!", "No worries.") and signature scraps: neutral
        if not stock_sents:
            return
        sents = sorted(stock_sents + plain_sents, key=lambda s: s.start)
        share = len(stock_sents) / len(sents)
        customer = ctx.customer
        if customer is None:
            if len(stock_sents) < 2 or share <= self.opts["min-stock-share-alone"]:
                return
            missing = []
        else:
            if share <= self.opts["min-stock-share"]:
                return
            theirs = list(self._content(customer))
            their_lemmas = {t.lemma_.lower() for t in theirs} | {t.lower_ for t in theirs}
            ours = list(self._content(reply_tokens))
            if any(t.lemma_.lower() in their_lemmas or t.lower_ in their_lemmas for t in ours):
                return
            missing = []
            words = [t for t in theirs if t.is_alpha or (t.text.isdigit() and len(t.text) >= 2)]
            # Names, products and numbers first, then the longest (most telling) words.
            for t in sorted(words, key=lambda t: (-(t.text[:1].isupper() or t.text.isdigit()), -len(t.text))):
                if t.text.lower() not in {m.lower() for m in missing}:
                    missing.append(t.text)
                if len(missing) == 3:
                    break
        first, last = sents[0], sents[-1]
        detail = f"{len(stock_sents)} of {len(sents)} sentence{'s' if len(sents) != 1 else ''} are stock phrases"
        if missing:
            quoted = ", ".join(f"“{w}”" for w in missing)
            detail += f" and nothing takes up the customer's own words ({quoted})"
        else:
            detail += " and nothing names the customer, their product or an order"
        evidence = {"reply": ctx.text[first.start_char:last.end_char][:200]}
        if missing:
            evidence["customer"] = missing[0]
        yield ctx.finding(
            self, first.start_char, last.end_char,
            f"Generic reply: {detail}. Say one thing only this customer could receive.",
            evidence=evidence,
        )
