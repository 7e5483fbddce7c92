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
    model: str = ""  # a shipped sentence model (replylint/models/judgements/) scoring the matches
    options = {
        "skip": Option(list, [], "phrases (as written in the reply, any case) not to flag"),
        "extend-patterns": Option(list, [], "extra patterns to flag, in the pack pattern language"),
    }
    model_options = {
        "learned-sentences": Option(bool, True, "also flag whole sentences the model finds stock that no phrase matches"),
        "min-confidence": Option(float, 0.0, "how sure the model must be of a learned sentence (0 = its validated threshold)"),
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
        matches = [(span, entry) for span, entry in self.find(ctx)
                   if span._.zone in self.zones and span.text.lower() not in self._skip]
        if not self.model:
            yield from self._phrase_findings(ctx, matches, {})
            return
        from ..learned import linear, stock
        from ..learned.features import describe

        model = linear.load(self.model)
        block_at = model.meta.get("block_at", 1.0)
        verdicts = stock.sentence_verdicts(ctx, [(s.start_char, s.end_char) for s, _ in matches], self.model)
        from bisect import bisect_right

        starts = [sent.start_char for sent, _ in verdicts]
        of_match = {}
        for span, _ in matches:
            i = bisect_right(starts, span.start_char) - 1
            if i >= 0 and span.start_char < verdicts[i][0].end_char:
                of_match[span.start_char] = verdicts[i][1]
        yield from self._phrase_findings(ctx, matches, of_match, block_at)
        if not self.opts.get("learned-sentences") or ctx.is_template:
            # A saved reply is written to be reused: "could go to any customer" is its purpose,
            # so only the listed phrases are flagged there (the saved-replies read-through).
            return
        threshold = self.opts.get("min-confidence") or model.threshold
        matched = {id(v) for v in of_match.values()}
        for sent, verdict in verdicts:
            if verdict.probability < threshold or sent._.zone not in self.zones:
                continue
            if id(verdict) in matched:
                continue
            start, end = _trimmed(ctx.text, sent.start_char, sent.end_char)
            if end - start < 3:
                continue
            signals = "; ".join(describe(f) for f, _ in verdict.reasons)
            yield ctx.finding(
                self, start, end,
                f"Stock sentence “{ctx.text[start:end]}”: it could be sent to any customer (confidence "
                f"{verdict.probability:.2f}: {signals}). Better: say the specific thing, what you found or "
                "did about their problem and what happens next.",
                evidence={"reply": ctx.text[start:end], "signals": signals},
                confidence=verdict.probability, severity=None if verdict.probability >= block_at else "info",
            )

    def _phrase_findings(self, ctx, matches, of_match, block_at=1.0):
        for span, entry in matches:
            verdict = of_match.get(span.start_char)
            if self.model and _phrase_unreliable(self.model, entry) and (
                    verdict is None or verdict.probability < linear_threshold(self.model)):
                # People labelled this listed phrase form letter in under half of its matches
                # ("Hope this helps" closes many a specific answer): it is reported only where
                # the sentence model also reads its sentence as stock.
                continue
            better = entry.get("better", "")
            message = self.message.format(match=span.text, why=entry.get("why", ""), better=better)
            suggestions = []
            if better and entry.get("replace", False):
                suggestions.append(Suggestion(span.start_char, span.end_char, better, entry.get("safe", False)))
            # A listed phrase may block a send where it was labelled form letter in at least
            # 95 % of its matches (5 or more) on the labelled train and validation replies, or
            # where the sentence model is that sure; otherwise it is advice.
            blocks = not self.model or _phrase_blocks(self.model, entry) or (
                verdict is not None and verdict.probability >= block_at)
            yield ctx.finding(
                self, span.start_char, span.end_char, message,
                suggestions=suggestions, evidence={"reply": span.text},
                better=better, confidence=verdict.probability if verdict else None,
                severity=None if blocks else "info",
            )


def _phrase_blocks(model_name: str, entry: dict) -> bool:
    from ..learned import linear

    right, fired = linear.load(model_name).meta.get("phrases", {}).get(entry["patterns"][0], (0, 0))
    return fired >= MIN_MATCHES and right / fired >= BLOCK_PRECISION


def _phrase_unreliable(model_name: str, entry: dict) -> bool:
    from ..learned import linear

    right, fired = linear.load(model_name).meta.get("phrases", {}).get(entry["patterns"][0], (0, 0))
    return fired >= MIN_MATCHES and right / fired < REPORT_PRECISION


def linear_threshold(model_name: str) -> float:
    from ..learned import linear

    return linear.load(model_name).threshold


MIN_MATCHES = 5
BLOCK_PRECISION = 0.95
REPORT_PRECISION = 0.5  # below it, a listed phrase needs the sentence model's agreement


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
