from __future__ import annotations

from ..document import REPLY_ZONES
from ..rule import Rule


class UnfilledPlaceholder(Rule):
    """
    ## What it flags
    A template placeholder left in a draft that is about to be sent: `[Customer Name]`,
    `{{first_name}}`, `{%customer.firstName%}`, `<ORDER ID>`, `XXX`.

    ## Why it matters
    A customer who reads "Hi [Customer Name]," knows at once that nobody wrote to them;
    it undoes every other effort the reply makes.

    ## Example
    Hi {{first_name}}, your order XXX has shipped.

    ## Better
    Hi Dana, your order 48213 has shipped.

    ## Options
    None. Files treated as templates (the `templates` globs, `--templates`) are exempt.
    """

    code = "RL601"
    name = "unfilled-placeholder"
    severity = "error"
    zones = REPLY_ZONES | {"signature"}

    def check(self, ctx):
        if ctx.is_template:
            return
        for i in ctx.placeholder_tokens():
            token = ctx.doc[i]
            if ctx.zone_of(token.idx) in self.zones:
                yield ctx.finding(
                    self, token.idx, token.idx + len(token.text),
                    f"Unfilled placeholder “{token.text}”: replace it with the customer's real details before sending",
                    evidence={"reply": token.text},
                )
