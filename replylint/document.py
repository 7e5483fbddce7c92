"""A document to lint: the text rules read, its zones, and the way back to the source file."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

ZONE_KINDS = ("greeting", "body", "signoff", "signature", "quoted")
# Zones a reply's own rules read by default: the agent's words, not the signature or history.
REPLY_ZONES = frozenset({"greeting", "body", "signoff"})


@dataclass
class Zone:
    kind: str
    start: int
    end: int


class LineMap:
    """Maps offsets in a document's text to 1-based (line, column) in its source file.

    `origins[i]` is (source_line, source_column) of the first character of text line i.
    Where the text is the source itself the map is exact; for decoded or converted text
    (quoted-printable, base64, HTML, JSON strings) each text line points at the source
    line it came from, and columns count within the decoded line.
    """

    def __init__(self, text: str, origins: list[tuple[int, int]] | None = None):
        self.line_starts = [0]
        pos = text.find("\n")
        while pos != -1:
            self.line_starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        self.origins = origins

    def text_line_col(self, offset: int) -> tuple[int, int]:
        """0-based line index and 0-based column of an offset in the text."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index, offset - self.line_starts[index]

    def position(self, offset: int) -> tuple[int, int]:
        index, col = self.text_line_col(offset)
        if self.origins is None:
            return index + 1, col + 1
        if index < len(self.origins):
            line, base = self.origins[index]
        else:
            line, base = self.origins[-1] if self.origins else (1, 1)
        # Text a reader adds ("> " for a blockquote, "- " for a list item) is not in the source:
        # a span starting there would map before the line's first column.
        return line, max(1, base + col)


@dataclass
class Document:
    """One reply to lint. `text` is what the rules see; offsets in findings index into it."""

    path: str
    text: str
    source: str | None = None  # the source file's text, for showing lines; defaults to text
    line_map: LineMap | None = None
    zones: list[Zone] = field(default_factory=list)
    context: str | None = None  # the customer's message
    context_origin: str | None = None  # "quoted", "file" or "api"
    customer_name: str | None = None  # from the quoted header or signature, when known
    is_template: bool = False
    title: str | None = None
    notes: list[str] = field(default_factory=list)  # reader remarks (charset fallback, ...)
    # For one {% if %} branch of a template (liquid.lint_branches): the template's whole text,
    # tags and all. `text` then holds only that branch, everything else blanked.
    branch_of: str | None = None

    def __post_init__(self):
        if self.line_map is None:
            self.line_map = LineMap(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        return self.line_map.position(min(max(offset, 0), len(self.text)))

    def source_line(self, line: int) -> str:
        # Split on "\n" only: LineMap counts lines the same way.
        lines = (self.source if self.source is not None else self.text).split("\n")
        return lines[line - 1].rstrip("\r") if 0 < line <= len(lines) else ""

    def zone_at(self, offset: int) -> str:
        for zone in self.zones:
            if zone.start <= offset < zone.end:
                return zone.kind
        return "body"

    @property
    def reply_end(self) -> int:
        """End of the agent's own text: where quoted history starts (top-posting)."""
        quoted = [z.start for z in self.zones if z.kind == "quoted"]
        return min(quoted) if quoted else len(self.text)


_NOT_NEWLINE = re.compile(r"[^\r\n]")


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the given character ranges blanked: spaces keep every offset, and newlines
    (and CRs) stay, so every line number does too. Overlapping ranges are fine."""
    pieces, pos = [], 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if end <= start:
            continue
        pieces += [text[pos:start], _NOT_NEWLINE.sub(" ", text[start:end])]
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)
