"""`regex`: character patterns (e.g. "!!!") run with RE2, a linear-time engine.

A rule pack is code a team writes: RE2 guarantees no pattern can backtrack forever.
Patterns RE2 cannot compile (backreferences, lookaround) are rejected when the pack loads.
"""
from __future__ import annotations

from ..errors import PluginError
from ..rule import Rule


def compile_re2(pattern: str, where: str):
    import re2

    options = re2.Options()
    options.case_sensitive = True
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        raise PluginError(f"{where}: pattern {pattern!r} is not a valid RE2 expression ({exc})") from None


class RegexRule(Rule):
    entries: list[dict] = []
    message: str = "{match}"

    def setup(self, nlp) -> None:
        self._compiled = [
            (compile_re2(p, f"rule {self.code}"), entry) for entry in self.entries for p in entry["patterns"]
        ]

    def check(self, ctx):
        text = ctx.text
        seen = set()
        for regex, entry in self._compiled:
            for m in regex.finditer(text):
                start, end = m.span()
                if start == end or (start, end) in seen or ctx.doc_zone(start) not in self.zones:
                    continue
                if ctx.in_placeholder(start, end):
                    continue
                seen.add((start, end))
                message = self.message.format(match=m.group(0), why=entry.get("why", ""), better=entry.get("better", ""))
                yield ctx.finding(self, start, end, message, evidence={"reply": m.group(0)}, better=entry.get("better", ""))


def check_patterns(entries: list[dict], where: str) -> None:
    for entry in entries:
        for pattern in entry["patterns"]:
            compile_re2(pattern, where)
