"""Plain-text and Markdown replies: the text is the file's text, so offsets map 1:1 to the file.

Line endings are kept as they are (a CRLF file keeps its "\r"), so line and column come
straight from the text. In Markdown, fenced code blocks and HTML comments are blanked with
spaces (newlines kept) because rules must not read code; replylint directives in comments stay.
"""
from __future__ import annotations

import re

from ..document import Document, blank_spans
from .common import build, decode_text

MARKDOWN_SUFFIXES = (".md", ".markdown")

FENCE_OPEN = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})[^\n]*$", re.MULTILINE)
HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
DIRECTIVE = re.compile(r"<!--\s*replylint\b", re.IGNORECASE)


def read(data: bytes, path: str, *, is_template: bool = False, markdown: bool | None = None) -> list[Document]:
    text, notes = decode_text(data)
    if markdown is None:
        markdown = path.lower().endswith(MARKDOWN_SUFFIXES)
    lint_text = blank_markdown(text) if markdown else text
    return [build(path, lint_text, source=text, notes=notes, is_template=is_template)]


def _fence_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    while True:
        m = FENCE_OPEN.search(text, pos)
        if not m:
            return spans
        fence = m.group("fence")
        if fence[0] == "`" and "`" in m.group(0)[m.end("fence") - m.start():]:
            pos = m.end()  # "```foo`" is inline code, not a fence (CommonMark)
            continue
        close = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*\r?$", re.MULTILINE)
        end_match = close.search(text, m.end())
        end = end_match.end() if end_match else len(text)  # an unclosed fence runs to the end
        spans.append((m.start(), end))
        pos = end


def blank_markdown(text: str) -> str:
    spans = _fence_spans(text)
    for m in HTML_COMMENT.finditer(text):
        if not DIRECTIVE.match(m.group(0)) and not any(a <= m.start() < b for a, b in spans):
            spans.append((m.start(), m.end()))
    return blank_spans(text, spans)
