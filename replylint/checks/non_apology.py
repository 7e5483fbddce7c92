from __future__ import annotations

from ..rule import Option, Rule
from ..signals import apology


class NonApology(Rule):
    """
    ## What it flags
    Apologies that are not one: regret for the customer's feelings ("I'm sorry you feel that
    way", "sorry if you were upset"), conditional apologies ("we apologise if ..."), hedged ones
    ("for any inconvenience this may have caused"), apologies taken back by "but" ("sorry, but
    ..."), and ones that shift the blame ("sorry, but you should have ...", "mistakes were made").

    ## Why it matters
    Customers hear these as "we don't think we did anything wrong". They are worse than no
    apology: they add blame or doubt to the problem, and a customer who was annoyed becomes
    angry. A real apology names what went wrong and owns it.

    ## Example
    We're sorry you feel that way. Sorry, but you should have checked the size chart.

    ## Better
    I'm sorry the jacket didn't fit; our size chart runs small and doesn't say so. I've sent
    a free return label.

    A plain "sorry, but we can't reproduce it" is left alone by default: the refusal is
    the news, and "sorry" only softens it. Set `flag-sorry-but` to flag every "sorry, but".

    ## Options
    - `skip` (list of strings): phrases not to flag, as written in the reply (any case).
    - `flag-sorry-but` (bool, default false): flag every "sorry, but ...", not only those that
      hand the problem back ("sorry, but that's our policy", "sorry, but you should have ...").
    """

    code = "RL202"
    name = "non-apology"
    severity = "warning"
    summary = "An apology that regrets the customer's feelings, doubts the problem or shifts the blame."
    options = {
        "skip": Option(list, [], "phrases (as written in the reply, any case) not to flag"),
        "flag-sorry-but": Option(bool, False, "flag every \"sorry, but ...\", not only blame-shifting ones"),
    }

    def setup(self, nlp) -> None:
        apology.prepare(nlp)
        self._skip = {s.lower() for s in self.opts["skip"]}

    def check(self, ctx):
        sents = ctx.sents(self.zones)
        if not sents:
            return
        for found in apology.find_non_apologies(ctx.doc, sents, strict=self.opts["flag-sorry-but"]):
            span = found.span
            if span.text.lower() in self._skip:
                continue
            yield ctx.finding(
                self, span.start_char, span.end_char,
                f"Non-apology “{span.text}”: {found.why} Try: “{found.better}”",
                evidence={"reply": span.text},
            )
