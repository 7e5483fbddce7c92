"""ACME's replylint rules: one code rule and one data pack, loaded through entry points."""
from pathlib import Path
import re

from replylint.rule import Option, Rule

TICKET = re.compile(r"#\d{3,}")


class MissingTicketNumber(Rule):
    """
    ## What it flags
    A reply that never mentions the ticket number (`#12345`).

    ## Why it matters
    ACME customers quote the ticket number when they call back; a reply without it sends
    them hunting through old mail.

    ## Example
    Hi Sam, your replacement ships today.

    ## Better
    Hi Sam, your replacement for ticket #48213 ships today.

    ## Options
    - `min-words` (int, default 20): replies shorter than this are not checked.
    """

    code = "ACM101"
    name = "missing-ticket-number"
    severity = "info"
    options = {"min-words": Option(int, 20, "replies shorter than this are not checked")}

    def check(self, ctx):
        sents = ctx.sents()
        words = sum(1 for s in sents for t in s if t.is_alpha)
        if not sents or words < self.opts["min-words"]:
            return
        if any(TICKET.search(s.text) for s in sents):
            return
        first = sents[0]
        yield ctx.finding(self, first.start_char, first.end_char,
                          "The reply never mentions the ticket number (e.g. “#48213”)",
                          evidence={"reply": first.text.strip()})


RULES = [MissingTicketNumber]


def pack_dir() -> Path:
    return Path(__file__).parent / "packs"
