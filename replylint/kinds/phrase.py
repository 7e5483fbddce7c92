"""`existence` and `substitution`: phrase patterns matched on lemmas (see replylint.matching)."""
from __future__ import annotations

from ..errors import PluginError
from ..finding import Suggestion
from ..matching import PatternSet
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
        self._entries = list(self.entries)
        if self.opts["extend-patterns"]:
            self._entries.append({"patterns": self.opts["extend-patterns"], "why": "", "better": ""})
        try:
            self.patterns = PatternSet(nlp, {str(i): e["patterns"] for i, e in enumerate(self._entries)})
        except PluginError as exc:  # patterns compile only now, with the pipeline: say whose
            where = getattr(self, "pack_path", None) or self.origin
            raise PluginError(f"{where}: rule {self.code}: {exc}") from None
        self._skip = {s.lower() for s in self.opts["skip"]}
        self._cache_key = ("phrase", self.code, tuple(sorted(self._skip)), tuple(self.opts["extend-patterns"]))

    def find(self, ctx) -> list[tuple[object, dict]]:
        """(span, entry) for every match in the document, longest first where they overlap."""
        found = ctx.cache.get(self._cache_key)
        if found is None:
            found = [(span, self._entries[int(span.label_)]) for span in self.patterns.spans(ctx.doc)]
            ctx.cache[self._cache_key] = found
        return found

    def check(self, ctx):
        for span, entry in self.find(ctx):
            if span._.zone not in self.zones or span.text.lower() in self._skip:
                continue
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
