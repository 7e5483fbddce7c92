from __future__ import annotations

import re

from ..rule import Option, Rule

# Not inside ASCII art or code ("?.???`"): the marks follow a word or a space.
_RUN_PUNCT = re.compile(r"(?<![^\w\s\"')])(?:[!?]{3,}|[!?]*(?:\?!|!\?)[!?]*)(?![^\s\"')])")
_CONTRACTION = {"N'T", "'S", "'LL", "'RE", "'VE", "'M", "'D", "N’T", "’S", "’LL", "’RE", "’VE", "’M", "’D"}
_BACKTICKS = re.compile(r"`[^`\n]*`")


def english_words():
    """Dictionary words (CMU pronouncing dictionary): a caps token that is one is a word said loudly.

    The lazy dictionary readability serves textstat from: building a set of all 126k words
    cost 1.4 s at start-up; a membership test here is a binary search."""
    from ..readability import get_cmudict

    return get_cmudict("en")


class Shouting(Rule):
    """
    ## What it flags
    Words in CAPITALS used for emphasis ("PLEASE READ THE INSTRUCTIONS", "we NEVER share
    your data") and runs of three or more exclamation or question marks ("!!!", "???") or a
    mixed "?!".

    A run of two or more capitalised English words is flagged; a lone capitalised word only
    when it is an emphasis word longer than `max-acronym` letters (NEVER, ALWAYS, PLEASE,
    IMMEDIATELY), since a lone "SMART", "ARRAY" or "TRACE" is usually a name or a keyword.

    Not flagged: acronyms and short capitalised tokens of up to four letters on their own
    (USB, FAQ, ASAP, "do NOT"), a list of longer known acronyms and labels (HTTPS, GDPR,
    IMPORTANT:, UPDATE:), code identifiers and other tokens that are not English words
    (PYTHONPATH, CMAKE, ERR_TIMEOUT), placeholders, links, text in `backticks` and
    indented code lines, and in templates a lone capitalised word (usually a slot such as
    "Hi NAME" or "#NUMBER"). Short words count inside a run ("DO NOT", "READ THE FAQ").

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
    # Advice, not a block: on the labelled train and validation replies it fired on 10, and
    # 6 of them were replies support leads judged fine (an excited "!!" is rarely a raised voice).
    severity = "info"
    summary = "ALL-CAPS words or stacked !!!/??? that read as raised voice."
    options = {
        "max-acronym": Option(int, 4, "capitalised words up to this many letters are acronyms when alone"),
        "allow": Option(list, [], "more capitalised words to accept"),
    }

    def setup(self, nlp) -> None:
        from ..signals.politeness import lexicon

        data = lexicon()["shouting"]
        self.allow = {w.upper() for w in data["allow"]} | {w.upper() for w in self.opts["allow"]}
        self.emphasis = set(data["emphasis"])
        self.legal = set(data["legal"])

    def _caps(self, token, code_spans, text_all, placeholders) -> bool:
        text = token.text
        letters = re.sub(r"[^A-Za-z]", "", text)
        if len(letters) < 2 or not text.isupper() or token.i in placeholders or token.like_url or token.like_email:
            return False
        if re.search(r"[^A-Za-z'’-]", text) or text.upper() in self.allow:
            return False  # "#NUMBER", "ERR_TIMEOUT", "POP3": placeholders and identifiers
        if token.idx and text_all[token.idx - 1] in "#$%@{[<_/\\.=":
            return False  # "#NUMBER", "{NAME", "$HOME", "config.DEBUG": slots and code
        after = token.idx + len(text)
        if after < len(text_all) and text_all[after] in "_=(/":
            return False  # "DEVICE_ID", "LANGUAGE=en", "ARRAY(": identifiers
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
        from ..nlp.extensions import placeholders

        text = ctx.text  # Doc.text re-joins every token: read the copy Context keeps
        yield from self._punctuation(ctx)
        code_spans = None
        for sent in ctx.sents():
            if not any(t.is_upper and len(t.text) > 1 for t in sent):
                continue
            if any(t.text in self.legal for t in sent):
                continue  # licence text: capitals by convention
            if code_spans is None:
                code_spans = self._code_spans(text)
            run: list = []
            for token in list(sent) + [None]:
                if token is not None and token.text in _CONTRACTION and run:
                    continue
                if token is not None and self._caps(token, code_spans, text, placeholders(ctx.doc)):
                    run.append(token)
                    continue
                if run:
                    finding = self._judge(ctx, run)
                    if finding:
                        yield finding
                run = []

    def _significant(self, token, words) -> bool:
        """A capitalised token that is plainly an English word, not a name or an abbreviation."""
        lower = token.text.lower().strip("'’")
        if lower not in words or token.text in {"I", "A"}:
            return False
        return token.is_stop or lower in self.emphasis or len(lower) >= 5

    def _judge(self, ctx, run):
        words = english_words()
        shouted = [t for t in run if self._significant(t, words)]
        if len(shouted) < 2:
            lone = shouted[0] if shouted and len(run) == 1 else None
            if lone is None or ctx.is_template or len(lone.text) <= self.opts["max-acronym"]:
                return None  # in a template a lone capitalised word is usually a slot: "Hi NAME"
            if lone.text.lower() not in self.emphasis:
                return None
        start, end = run[0].idx, run[-1].idx + len(run[-1].text)
        said = ctx.text[start:end]
        calm = said.lower() if len(shouted) > 1 else said.capitalize().lower()
        return ctx.finding(
            self, start, end,
            f"“{said}” is in capitals, which reads as shouting: write “{calm}” and, if it matters, say why",
            evidence={"reply": said},
        )

    def _punctuation(self, ctx):
        text = ctx.text
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
