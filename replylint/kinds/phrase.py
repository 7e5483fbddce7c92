"""`existence` and `substitution`: phrase patterns matched on lemmas with spaCy's Matcher."""
from __future__ import annotations

from ..finding import Suggestion
from ..patterns import compile_pattern
from ..rule import Option, Rule


class PhraseRule(Rule):
    """A pack rule made of phrase entries: patterns, why they are a problem, a better wording."""

    entries: list[dict] = []
    message: str = "{match}"
    options = {
        "skip": Option(list, [], "phrases (as written in the reply, any case) not to flag"),
        "extend-patterns": Option(list, [], "extra patterns to flag, in the pack pattern language"),
    }

    def setup(self, nlp) -> None:
        from spacy.matcher import Matcher

        self.matcher = Matcher(nlp.vocab)
        self._entries = list(self.entries)
        if self.opts["extend-patterns"]:
            self._entries.append({"patterns": self.opts["extend-patterns"], "why": "", "better": ""})
        for index, entry in enumerate(self._entries):
            compiled = [p for pattern in entry["patterns"] for p in compile_pattern(nlp, pattern)]
            self.matcher.add(str(index), compiled)
        self._skip = {s.lower() for s in self.opts["skip"]}

    def check(self, ctx):
        from spacy.util import filter_spans

        doc = ctx.doc
        spans = []
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            span.label_ = doc.vocab.strings[match_id]
            spans.append(span)
        for span in filter_spans(spans):
            if span._.zone not in self.zones or span.text.lower() in self._skip:
                continue
            entry = self._entries[int(span.label_)]
            better = entry.get("better", "")
            message = self.message.format(match=span.text, why=entry.get("why", ""), better=better)
            suggestions = []
            if better and entry.get("replace", False):
                suggestions.append(Suggestion(span.start_char, span.end_char, better, entry.get("safe", False)))
            yield ctx.finding(
                self, span.start_char, span.end_char, message,
                suggestions=suggestions, evidence={"reply": span.text},
                better=better,
            )
