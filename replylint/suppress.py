"""Inline suppression directives in drafts and templates.

    <!-- replylint: disable=RL101,RL4 -->  ...  <!-- replylint: enable=RL101,RL4 -->
    <!-- replylint: disable-next-line=RL601 -->
    <!-- replylint: disable -->                 (every rule, until enable)

The plain-text form, for .txt drafts, is the same directive in double square brackets on its
own: `[[replylint: disable-next-line=RL101]]`. Directives are blanked before linting, so no rule
reads them and offsets stay exact.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DIRECTIVE = re.compile(
    r"(?:<!--|\[\[)\s*replylint:\s*(?P<action>disable-next-line|disable|enable)"
    r"(?:\s*=\s*(?P<codes>[A-Za-z0-9_,\s-]+?))?\s*(?:-->|\]\])",
)


@dataclass
class Suppressions:
    ranges: list[tuple[int, int, frozenset[str] | None]]  # start, end, codes (None = all)

    def covers(self, offset: int, code: str) -> bool:
        for start, end, codes in self.ranges:
            if start <= offset < end and (codes is None or any(code.startswith(c) for c in codes)):
                return True
        return False


def _codes(raw: str | None) -> frozenset[str] | None:
    if not raw:
        return None
    return frozenset(c.strip().upper() for c in raw.split(",") if c.strip())


def parse(text: str) -> tuple[str, Suppressions]:
    """The text with directives blanked (same length), and the suppressed ranges."""
    ranges = []
    open_: dict[frozenset[str] | None, int] = {}
    chars = None
    for m in DIRECTIVE.finditer(text):
        if chars is None:
            chars = list(text)
        for i in range(m.start(), m.end()):
            if chars[i] != "\n":
                chars[i] = " "
        codes = _codes(m.group("codes"))
        action = m.group("action")
        if action == "disable-next-line":
            line_end = text.find("\n", m.end())
            if line_end == -1:
                continue
            next_end = text.find("\n", line_end + 1)
            ranges.append((line_end + 1, len(text) if next_end == -1 else next_end, codes))
        elif action == "disable":
            open_.setdefault(codes, m.end())
        else:
            if codes in open_:
                ranges.append((open_.pop(codes), m.start(), codes))
            elif codes is None:
                for key, start in list(open_.items()):
                    ranges.append((start, m.start(), key))
                open_.clear()
    for codes, start in open_.items():
        ranges.append((start, len(text), codes))
    blanked = "".join(chars) if chars is not None else text
    return blanked, Suppressions(ranges)
