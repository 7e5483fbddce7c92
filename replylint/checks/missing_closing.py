from __future__ import annotations

import re

from ..rule import Option, Rule
from .missing_greeting import email_length_reply

SIGN_OFF = re.compile(
    r"^\W{0,3}(?:best|regards|kind\s+regards|warm\s+regards|warmest|warmly|cheers|thanks|thank\s+you|"
    r"many\s+thanks|ta|sincerely|yours|all\s+the\s+best|take\s+care|talk\s+soon|speak\s+soon|"
    r"with\s+thanks|respectfully|cordially|good\s+luck|have\s+a\s+\w+\s+(?:day|week|weekend|evening)|"
    r"hope\s+(?:this|that|it)\s+help|hth|enjoy|see\s+you|bye|greetings|gru(?:ß|ss)|saludos|"
    r"cordialement|merci|groeten|hälsningar|mvh)\b",
    re.IGNORECASE,
)
# A bare name, initials or "--M"/"~tom" as the last line: a sign-off in its own right.
NAME_END = re.compile(r"^\s*(?:[-~–—]{1,2}\s*)?(?:[A-Z][\w'.-]*|[A-Z]{1,3})(?:\s+[A-Z][\w'.-]*){0,2}\s*$|^\s*[-~–—]{1,2}\s*\w{1,12}\s*$")
OFFER = re.compile(
    r"\b(?:let\s+(?:me|us)\s+know|reply\s+(?:to\s+this|here|back)|get\s+back\s+to\s+(?:me|us)|"
    r"write\s+back|any\s+(?:other\s+|more\s+|further\s+)?questions|feel\s+free|happy\s+to\s+help|"
    r"glad\s+to\s+help|don'?t\s+hesitate|do\s+not\s+hesitate|keep\s+(?:me|us)\s+posted|"
    r"give\s+(?:me|us)\s+a\s+(?:shout|call)|contact\s+(?:me|us)|reach\s+out|call\s+(?:me|us)|"
    r"just\s+(?:reply|ask)|ping\s+(?:me|us)|shout\s+if|tell\s+(?:me|us)\s+if)",
    re.IGNORECASE,
)


# "_._._._", "=-=-=", "-----": a footer starts. Matched against stripped lines: leading and
# trailing \s* around [\W_] (which holds \s too) backtracked polynomially on long lines.
RULE_LINE = re.compile(r"[\W_]{8,}")
TRAILING_NAME = re.compile(r"(?:^|\s)(?:-{1,2}|~|–|—)\s*[A-Z][\w.]{0,15}(?:\s+[A-Z][\w.]{0,15})?\s*$")
SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)(?P<rest>\S.*)$")


ATTRIBUTION = re.compile(r"(?:wrote|schrieb|écrit|escribió):\s*$|[<@\[].*:\s*$|\bat\b.*\[\d+.*\]:\s*$")
URL_LINE = re.compile(r"^\W{0,3}(?:\[\d+\]\s*)?(?:https?://|www\.)\S+\s*$")


def _is_trailer(line: str) -> bool:
    """Lines after the agent's closing that are not theirs: quote attributions, list
    artefacts, footnote links, rules."""
    return bool(
        ATTRIBUTION.search(line) or RULE_LINE.fullmatch(line.strip()) or URL_LINE.match(line)
        or (line.startswith("[[") and line.endswith("]]"))
    )


def closing_lines(text: str) -> list[str]:
    """The reply's own last lines, with list footers and stray attribution lines cut off."""
    lines = [ln.strip() for ln in text.splitlines()]
    for n, line in enumerate(lines):
        if n > 0 and RULE_LINE.fullmatch(line):
            lines = lines[:n]
            break
    lines = [ln for ln in lines if ln]
    while lines and _is_trailer(lines[-1]):
        lines.pop()
    return lines


def has_sign_off(lines: list[str]) -> bool:
    if lines and (NAME_END.match(lines[-1]) or TRAILING_NAME.search(lines[-1])):
        return True
    for line in lines[-4:]:
        if SIGN_OFF.match(line):
            return True
        # "... on Friday. Good luck!" : a sign-off at the start of the line's last sentence
        for part in re.split(r"(?<=[.!?])\s+", line)[1:]:
            if SIGN_OFF.match(part):
                return True
    return False


class MissingClosing(Rule):
    """
    ## What it flags
    An email-length reply (40 words or more) that just stops: no sign-off ("Best,",
    "Thanks,", "Cheers", a name), and no offer of further help ("reply here if…", "let me
    know if…") in its last lines.

    Not flagged: short replies and tweets, replies written inline below the customer's quoted
    text, and templates (saved replies are fragments the agent's own sign-off follows).

    ## Why it matters
    A reply with no closing reads as cut off or curt, and leaves the customer unsure whether
    they may write back. One line fixes both.

    ## Example
    ... The replacement ships today by tracked courier and should reach you by Thursday.

    ## Better
    ... The replacement ships today by tracked courier and should reach you by Thursday.
    If it hasn't arrived by then, just reply here.

    Best,
    Sam

    ## Options
    - `min-words` (int, default 40): replies shorter than this are not checked.
    """

    code = "RL603"
    name = "missing-closing"
    summary = "An email-length reply with no sign-off and no offer of further help."
    severity = "info"
    options = {"min-words": Option(int, 40, "replies with fewer words than this are not checked")}

    def check(self, ctx):
        found = email_length_reply(ctx, self.opts["min-words"])
        if found is None:
            return
        start, text = found
        if any(kind in {"signoff", "signature"} and a >= start for a, _, kind in ctx.doc._.zones or []):
            return
        lines = closing_lines(text)
        if not lines or has_sign_off(lines) or OFFER.search(" ".join(lines[-3:])):
            return
        last = lines[-1]
        pos = start + text.rfind(last)
        yield ctx.finding(
            self, pos, pos + len(last),
            "No closing: the reply ends on “" + " ".join(last.split()[-8:]) + "” with no sign-off and "
            "no offer of further help. Add a line such as “If it hasn't arrived by Thursday, just "
            "reply here.” and a sign-off.",
            evidence={"reply": last},
        )
