from __future__ import annotations

import re

from ..rule import Rule

_CLOCK = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|h)\b|\b\d{1,2}:\d{2}\b|(?<![\d.])\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?(?![\d.])"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}(?:st|nd|rd|th)\b|\bend of (?:the )?(?:day|week|month)\b",
    re.IGNORECASE,
)
_TRIGGERS = {"once", "when", "after", "as soon as", "if", "until"}
# How many tokens after a promise its triggering event ("once the courier confirms") may start.
TRIGGER_WINDOW = 40


def _lexicon() -> dict:
    from ..builtin import load_lexicon

    return load_lexicon("vague_follow_up")


class VagueFollowUp(Rule):
    """
    ## What it flags
    A promise to come back later with nothing to hold it to: "we'll get back to you soon",
    "someone will be in touch shortly", "we're looking into it", "we'll keep you posted",
    when neither that sentence nor the next gives a time ("by Thursday", "within 24 hours",
    "at 3pm"), a date, or the event that will trigger the follow-up ("once the courier
    confirms the new slot", within 40 words of the promise).

    ## Why it matters
    "Soon" means a day to the customer and a week to the queue. A vague promise is the most
    common cause of a second, angrier email. A time or a named next step lets the customer
    plan, and holds the team to it.

    ## Example
    Thanks for the details. We're looking into it and will get back to you shortly.

    ## Better
    Thanks for the details. I've asked the warehouse to check the parcel's last scan; I'll
    email you by 5pm tomorrow with what they find.

    ## Options
    None.
    """

    code = "RL604"
    name = "vague-follow-up"
    severity = "warning"
    summary = "A promise to follow up with no time, date or next step."

    def setup(self, nlp) -> None:
        from ..windowed import WindowedMatcher as Matcher

        from ..patterns import compile_pattern

        from ..matching import PatternSet

        data = _lexicon()
        self.promises = PatternSet(nlp, {"promise": data["promises"]})
        self.times = {w.lower() for w in data["times"]}
        self.vague_after = Matcher(nlp.vocab)
        self.vague_after.add("vague", [p for text in data["vague_triggers"] for p in compile_pattern(nlp, text)])

    def _concrete(self, sent, timed: dict, after: int | None = None) -> bool:
        """A time or a date in the sentence; with `after` (a token index), also a named
        triggering event ("once the courier confirms") soon after that token. The next
        sentence is read for times only: its "if"/"when" belong to other things.
        `timed` keeps each sentence's time check for the other promises in it."""
        key = (sent.start, sent.end)
        if key not in timed:
            timed[key] = self._names_a_time(sent)
        if timed[key]:
            return True
        if after is None:
            return False
        # The event that ends the wait follows the promise closely; reading only a window
        # keeps a long unpunctuated run of promises linear (27 kB took 7 s).
        tokens = [t for t in sent.doc[after : min(sent.end, after + TRIGGER_WINDOW)] if not t.is_space]
        for n, tok in enumerate(tokens):
            word = tok.lower_
            if word == "as" and n + 2 < len(tokens) and tokens[n + 1].lower_ == "soon" and tokens[n + 2].lower_ == "as":
                rest = tokens[n + 3 :]
            elif word in _TRIGGERS:
                rest = tokens[n + 1 :]
            else:
                continue
            words = [t for t in rest if not t.is_punct]
            if len(words) < 3:
                continue
            clause = sent.doc[words[0].i : words[-1].i + 1]
            if not any(start == 0 for _, start, _ in self.vague_after(clause)):
                return True
        return False

    def _names_a_time(self, sent) -> bool:
        from ..nlp.extensions import text_of

        tokens = [t for t in sent if not t.is_space]
        if not tokens:
            return False
        if any(t.lower_ in self.times for t in tokens):
            return True
        return bool(_CLOCK.search(text_of(sent.doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]))

    def check(self, ctx):
        sents = ctx.sents()
        if not sents:
            return
        region = ctx.doc[sents[0].start : sents[-1].end]  # not the quoted history
        found = self.promises.spans(region)
        if not found:
            return
        timed: dict = {}
        for n, sent in enumerate(sents):
            for span in (s for s in found if sent.start <= s.start and s.end <= sent.end):
                if span._.zone not in self.zones:
                    continue
                if self._concrete(sent, timed, span.start) or (
                    n + 1 < len(sents) and self._concrete(sents[n + 1], timed)
                ):
                    continue
                yield ctx.finding(
                    self, span.start_char, span.end_char,
                    f"Vague follow-up “{span.text}”: no time, date or next step. Say when, or what "
                    "will trigger it: “I'll email you by 5pm tomorrow” or “once the courier confirms”.",
                    evidence={"reply": span.text},
                )
