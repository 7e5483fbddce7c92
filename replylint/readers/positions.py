"""Exact positions for text decoded out of a structured file (a JSON string, a YAML scalar).

A template inside `"comment_value": "Hi {{name}},\\n\\nThanks..."` is linted as its decoded
text, but a finding must point at the file: `offsets[i]` is the source offset that produced
text[i] (an escape maps to its backslash), so `\\n` escapes, `\\"` and `\\u00e9` keep every
later column right on the same source line.
"""
from __future__ import annotations

import bisect

from ..document import LineMap


class SourceOffsets(LineMap):
    """A LineMap that knows, per character, where the text came from in the source."""

    def __init__(self, text: str, source: str, offsets: list[int]):
        super().__init__(text)
        if len(offsets) != len(text) + 1:
            raise ValueError("need one source offset per character, plus one for the end")
        self.offsets = offsets
        self.source_starts = line_starts(source)

    def position(self, offset: int) -> tuple[int, int]:
        src = self.offsets[min(max(offset, 0), len(self.offsets) - 1)]
        index = bisect.bisect_right(self.source_starts, src) - 1
        return index + 1, src - self.source_starts[index] + 1


def line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def json_string_offsets(source: str, quote: int) -> list[int]:
    """Source offsets of each character a JSON string literal decodes to, and of its closing quote.

    `quote` is the offset of the opening quote. The literal is known to be valid (json parsed it).
    """
    out: list[int] = []
    i = quote + 1
    while source[i] != '"':
        if source[i] != "\\":
            out.append(i)
            i += 1
            continue
        out.append(i)
        if source[i + 1] != "u":
            i += 2
            continue
        code = int(source[i + 2 : i + 6], 16)
        low = source[i + 6 : i + 8] == "\\u" and _is_low_surrogate(source[i + 8 : i + 12])
        # A valid surrogate pair decodes to one character; a lone surrogate stays one too.
        i += 12 if 0xD800 <= code <= 0xDBFF and low else 6
    out.append(i)
    return out


def _is_low_surrogate(hexdigits: str) -> bool:
    try:
        return 0xDC00 <= int(hexdigits, 16) <= 0xDFFF
    except ValueError:
        return False


def aligned_offsets(text: str, source: str, start: int, end: int) -> list[int]:
    """Source offsets for text that is the source span [start, end) folded or unescaped (YAML).

    Greedy alignment: each non-space character maps to its next occurrence in the span; a
    space or newline maps to where the scan stands (line folding turns "\\n  " into " ").
    A character with no literal occurrence nearby (an escape) maps to the scan position.
    """
    out: list[int] = []
    j = start
    for ch in text:
        if ch in " \t\n\r":
            out.append(min(j, end))
            if j < end and source[j] in " \t\n\r":
                j += 1
            continue
        k = source.find(ch, j, min(end, j + 80))
        if k == -1:
            out.append(min(j, end))
            continue
        out.append(k)
        j = k + 1
    out.append(min(j, end))
    return out


def through_lines(text: str, origins: list[tuple[int, int]], inner: str, inner_offsets: list[int]) -> list[int]:
    """Compose a per-line map (text line -> (line, column) in `inner`, as HTML conversion gives)
    with per-character offsets of `inner` in the file. Columns after markup drift, as in HTML."""
    starts = line_starts(inner)
    out: list[int] = []
    last = len(inner_offsets) - 1
    for index, line in enumerate(text.split("\n")):
        if index < len(origins):
            line_no, col = origins[index]
        else:
            line_no, col = origins[-1] if origins else (1, 1)
        base = starts[min(line_no, len(starts)) - 1] + col - 1
        # Newlines belong to the line they end, so each line contributes len(line) + 1 offsets.
        out.extend(inner_offsets[min(max(base + k, 0), last)] for k in range(len(line) + 1))
    out[-1:] = [inner_offsets[last]]  # the end of the text: the end of the string
    return out
