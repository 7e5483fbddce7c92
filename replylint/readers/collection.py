"""Markdown files of saved replies: one template per heading, each linted on its own.

Two layouts exist in the wild (see angular's docs/SAVED_REPLIES.md and prometheus'
snippets/saved_replies.md):

- fenced: `## Title` followed by a fenced block holding the reply. Recognised in any
  Markdown file where at least two headings are directly followed by a fence; the reply is
  the fence's content, and prose between sections (an intro, a how-to) is not linted.
- prose: a heading followed by the reply as plain paragraphs. Recognised only in files
  that are templates (the `templates` globs) or named like a collection (SAVED_REPLIES.md,
  canned_responses.md, snippets.md, ...) with at least two headings that have text under
  them. A lone `#` heading at the top, followed by deeper ones, is the file's title.

Template-file Markdown with one reply may start with YAML front matter (`title:`) or a
heading: either one becomes the template's title and is not linted as reply text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document, blank_spans
from .common import build, decode_text
from .plain import _fence_spans, blank_markdown

HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})[ \t]+(?P<title>.+?)(?:[ \t]+#+)?[ \t]*\r?$", re.MULTILINE)
COLLECTION_NAME = re.compile(r"saved[_ -]?repl|canned|snippets|macros|repl(?:y|ies)[_ -]?templates|responses|templates", re.IGNORECASE)
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<body>.*?)^---[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)
FRONT_TITLE = re.compile(r"^(?:title|name)[ \t]*:[ \t]*(?P<q>[\"']?)(?P<title>.+?)(?P=q)[ \t]*\r?$", re.MULTILINE)


@dataclass
class Heading:
    level: int
    title: str
    start: int  # offset of the heading line
    end: int  # offset just after the heading line (its newline included)


def _headings(text: str, fences: list[tuple[int, int]]) -> list[Heading]:
    out = []
    for m in HEADING.finditer(text):
        if any(a <= m.start() < b for a, b in fences):
            continue
        end = text.find("\n", m.end())
        out.append(Heading(len(m.group("hashes")), m.group("title").strip(), m.start(), len(text) if end == -1 else end + 1))
    return out


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def read(data: bytes, path: str, *, is_template: bool = False) -> list[Document] | None:
    """The templates of a collection, or None when the file is one Markdown reply."""
    text, notes = decode_text(data)
    fences = _fence_spans(text)
    headings = _headings(text, fences)
    if len(headings) < 2:
        return None
    sections = [(h, headings[i + 1].start if i + 1 < len(headings) else len(text)) for i, h in enumerate(headings)]
    fenced = [(h, span) for h, end in sections if (span := _leading_fence(text, h.end, end, fences))]
    if len(fenced) >= 2:
        return [_fenced_document(text, h, span, path, notes) for h, span in fenced if _fence_body(text, span).strip()]
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    if not (is_template or COLLECTION_NAME.search(name)):
        return None
    blanked = blank_markdown(text)
    if headings[0].level == 1 and sum(h.level == 1 for h in headings) == 1 and len(headings) > 2:
        sections = sections[1:]  # the file's title and its intro, not a reply
    documents = [_prose_document(text, blanked, h, end, path, notes) for h, end in sections if blanked[h.end:end].strip()]
    return documents if len(documents) >= 2 else None


def _leading_fence(text: str, start: int, end: int, fences) -> tuple[int, int] | None:
    for a, b in fences:
        if start <= a < end:
            return (a, b) if not text[start:a].strip() else None
    return None


def _fence_body(text: str, span: tuple[int, int]) -> str:
    a, b = span
    body_start = text.find("\n", a) + 1
    close = text.rfind("\n", a, b)
    if close < body_start:  # an unclosed fence at the end of the file
        return text[body_start:b]
    closing_line = text[close + 1 : b].strip()
    return text[body_start:b] if not closing_line.startswith(("```", "~~~")) else text[body_start:close]


def _fenced_document(text: str, heading: Heading, span, path: str, notes) -> Document:
    body_start = text.find("\n", span[0]) + 1
    body = _fence_body(text, span)
    first = _line_of(text, body_start)
    origins = [(first + i, 1) for i in range(body.count("\n") + 1)]
    document = build(path, body, source=text, origins=origins, notes=notes, is_template=True)
    document.title = heading.title
    return document


def _prose_document(text: str, blanked: str, heading: Heading, end: int, path: str, notes) -> Document:
    body = blanked[heading.end:end]
    first = _line_of(text, heading.end)
    origins = [(first + i, 1) for i in range(body.count("\n") + 1)]
    document = build(path, body, source=text, origins=origins, notes=notes, is_template=True)
    document.title = heading.title
    return document


def single(text: str) -> tuple[str, str | None]:
    """One Markdown template: its title (front matter or a first heading), and the text with
    that title blanked so offsets and lines stay those of the file."""
    m = FRONT_MATTER.match(text)
    if m:
        found = FRONT_TITLE.search(m.group("body"))
        return blank_spans(text, [(0, m.end())]), (found.group("title").strip() if found else None)
    stripped = len(text) - len(text.lstrip())
    h = HEADING.match(text, stripped)
    if h:
        return blank_spans(text, [(h.start(), h.end())]), h.group("title").strip()
    return text, None


def read_single(data: bytes, path: str) -> list[Document]:
    """A Markdown file holding one template."""
    text, notes = decode_text(data)
    body, title = single(text)
    document = build(path, blank_markdown(body), source=text, notes=notes, is_template=True)
    document.title = title
    return [document]
