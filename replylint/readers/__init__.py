"""Read replies from files or stdin into Documents: plain text, Markdown, .eml and HTML, and
template exports (JSON/YAML macros and saved replies, Markdown collections: readers.templates,
readers.collection), one Document per template.

Every reader returns Documents whose zones, quoted-history context and customer name come from
zones.split, and whose LineMap points into the original file (see each reader for how exact).
"""
from __future__ import annotations

import os
import re

from ..document import Document
from .common import MAX_BYTES, check_content, check_size

# What a directory walk picks up; explicit files of any suffix are read as well.
DEFAULT_SUFFIXES = (".txt", ".md", ".eml", ".html", ".htm", ".json", ".yaml", ".yml")

SUFFIX_KINDS = {
    ".txt": "plain", ".text": "plain", ".md": "markdown", ".markdown": "markdown",
    ".eml": "eml", ".html": "html", ".htm": "html",
    ".json": "json", ".yaml": "yaml", ".yml": "yaml",
}
KINDS = {"plain", "markdown", "eml", "html", "json", "yaml"}

HEADER = re.compile(rb"^[A-Za-z0-9][A-Za-z0-9-]*:", re.MULTILINE)
MAIL_HEADERS = re.compile(
    rb"^(?:from|to|cc|subject|date|message-id|mime-version|received|return-path|content-type|"
    rb"reply-to|delivered-to|in-reply-to|references|x-[a-z0-9-]+):",
    re.IGNORECASE | re.MULTILINE,
)
HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
HTML_TAG = re.compile(rb"</?(?:p|div|br|span|table|tr|td|a|b|i|u|em|strong|font|li|ul|ol|img|blockquote|h[1-6])\b[^>]*>", re.IGNORECASE)


def read_path(path: str, *, is_template: bool = False, max_bytes: int | None = MAX_BYTES) -> list[Document]:
    """Read one file; its suffix picks the reader (unknown suffixes are plain text)."""
    from ..filejob import load

    data = load(path, max_bytes)  # reads at most max_bytes + 1: a huge file costs no more
    kind = SUFFIX_KINDS.get(os.path.splitext(path)[1].lower(), "plain")
    return _read(data, path, kind, is_template)


def read_bytes(
    data: bytes,
    path: str = "-",
    hint: str | None = None,
    *,
    is_template: bool = False,
    max_bytes: int | None = MAX_BYTES,
) -> list[Document]:
    """Read input given as bytes (stdin). `hint` is a kind ("eml", "html", "markdown", "plain")
    or a file name/suffix; without one, a known suffix on `path` decides, else the content."""
    check_size(path, len(data), max_bytes)
    kind = _kind_from_hint(hint) or _kind_from_hint(path if path != "-" else None)
    return _read(data, path, kind or sniff(data), is_template)


def _kind_from_hint(hint: str | None) -> str | None:
    if not hint:
        return None
    hint = hint.lower()
    if hint in KINDS:
        return hint
    if hint in {"text", "txt"}:
        return "plain"
    if hint in {"md"}:
        return "markdown"
    if hint in {"htm"}:
        return "html"
    return SUFFIX_KINDS.get(os.path.splitext(hint)[1] or hint)


def sniff(data: bytes) -> str:
    """Guess the kind of unnamed input: an email, HTML, or plain text."""
    head = data[:8192].lstrip(b"\xef\xbb\xbf")
    if _looks_like_email(head):
        return "eml"
    if HTML_START.match(head) or len(HTML_TAG.findall(head)) >= 5:
        return "html"
    return "plain"


def _looks_like_email(head: bytes) -> bool:
    """RFC 5322 headers at the very top, at least two of them ones mail actually carries."""
    block = re.split(rb"\r?\n\r?\n", head.lstrip(b"\r\n"), maxsplit=1)[0]
    if block.startswith(b"From "):  # an mbox "From " line before the headers
        block = block.split(b"\n", 1)[-1]
    if not HEADER.match(block):
        return False
    for line in block.splitlines():
        if not (HEADER.match(line) or line[:1] in (b" ", b"\t")):
            return False  # a line that is neither a header nor a folded continuation
    return len(MAIL_HEADERS.findall(block)) >= 2


def _read(data: bytes, path: str, kind: str, is_template: bool) -> list[Document]:
    check_content(path, data)
    if kind == "eml":
        from . import eml

        return eml.read(data, path, is_template=is_template)
    if kind == "html":
        from . import html

        return html.read(data, path, is_template=is_template)
    if kind in {"json", "yaml"}:
        from . import templates

        return templates.read(data, path, kind, is_template=is_template)
    if kind == "markdown":
        from . import collection

        documents = collection.read(data, path, is_template=is_template)
        if documents is not None:
            return documents
        if is_template:
            return collection.read_single(data, path)
    from . import plain

    return plain.read(data, path, is_template=is_template, markdown=kind == "markdown")
