"""HTML replies to plain text, keeping where each output line came from in the source.

We use the standard library's HTMLParser because its getpos() gives the source line and
column of every tag and text run; converters such as html2text or inscriptis give none.

Where positions are exact: every output line points at the source line and column of its
first character. A paragraph wrapped over several source lines stays wrapped the same way in
the text (a source newline becomes a text newline), so line numbers are exact for every word.
Columns are exact up to the first entity or inline tag on a line; after one they drift by the
length of the markup.

Quoted history becomes "> " lines so zones.split treats it as the customer's message:
<blockquote> (one ">" per level), Gmail's div.gmail_quote, and Outlook's reply header
(#divRplyFwdMsg, or a border-top block starting "From:") with everything after it.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from ..document import Document
from .common import build, decode_text, text_codec

BLOCK = {
    "address", "article", "aside", "div", "dl", "dt", "dd", "fieldset", "figure", "footer",
    "form", "header", "main", "nav", "ol", "section", "table", "ul", "center",
}
PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr"}
SKIP = {"script", "style", "head", "title", "template", "noscript", "object", "svg"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
WHITESPACE = re.compile(r"[ \t\n\r\f]+")
MAX_PREFIX_DEPTH = 20  # a 10,000-deep quote needs no 10,000-character prefix
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class _Converter(HTMLParser):
    """Streams text out as it parses; keeps only a flat stack, so nesting depth costs no recursion."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.origins: list[tuple[int, int]] = []
        self.cur = ""  # the line being built
        self.cur_origin: tuple[int, int] | None = None
        self.cur_has_text = False
        self.pending_breaks = 0  # newlines owed before the next text
        self.pending_depth = 0  # quote depth for blank lines owed (the shallower side)
        self.space = False
        self.bullet = False
        self.stack: list[tuple[str, str]] = []  # (tag, effect) for tags that change state
        self.open_count: dict[str, int] = {}
        self.quote_depth = 0
        self.history = 0  # inside Gmail/Outlook quote containers
        self.after_outlook_header = False  # Outlook: everything after its header is history
        self.skip = 0
        self.pre = 0
        self.border_block = False  # a border-top div whose first text may be "From:"

    # -- output -----------------------------------------------------------------------------

    def depth(self) -> int:
        depth = self.quote_depth
        if depth == 0 and (self.history or self.after_outlook_header):
            depth = 1
        return depth

    def prefix(self, depth: int) -> str:
        return ">" * min(depth, MAX_PREFIX_DEPTH) + " " if depth else ""

    def request_break(self, count: int, hard: bool = False) -> None:
        if not self.cur_has_text and not self.lines:
            return  # nothing written yet: leading breaks mean nothing
        # Blank lines owed take the shallower quote depth: the one between a quote and the reply
        # belongs to neither, the one between two quoted paragraphs belongs to the quote.
        depth = self.depth()
        self.pending_depth = depth if not self.pending_breaks else min(self.pending_depth, depth)
        if hard:
            self.pending_breaks = min(self.pending_breaks + 1, 3)
        else:
            self.pending_breaks = max(self.pending_breaks, count)
        self.space = False

    def end_line(self) -> None:
        self.lines.append(self.cur.rstrip(" "))
        self.origins.append(self.cur_origin or (1, 1))
        self.cur, self.cur_origin, self.cur_has_text = "", None, False

    def flush_breaks(self, pos: tuple[int, int]) -> None:
        if not self.pending_breaks:
            return
        if self.cur_has_text:
            self.end_line()
            self.pending_breaks -= 1
        blank = self.prefix(min(self.pending_depth, self.depth())).rstrip()
        for _ in range(self.pending_breaks):
            self.lines.append(blank)
            self.origins.append(pos)
        self.pending_breaks = 0

    def write(self, word: str, line: int, col: int) -> None:
        """Write one run of non-space text that starts at source (line, 0-based col)."""
        self.flush_breaks((line, 1))
        if not self.cur_has_text:
            self.cur = self.prefix(self.depth()) + ("- " if self.bullet else "")
            self.bullet = False
            self.space = False
            # Column of the line's first character, so that base + offset lands on the word.
            self.cur_origin = (line, col + 1 - len(self.cur))
            self.cur_has_text = True
        elif self.space:
            self.cur += " "
        self.space = False
        self.cur += word

    # -- parser callbacks -------------------------------------------------------------------

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.push(tag, "skip")
            self.skip += 1
            return
        if tag == "br":
            self.request_break(1, hard=True)
            return
        if tag == "body" and self.open_count.get("head"):
            self.handle_endtag("head")  # an unclosed <head> must not swallow the body
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        style = (attrs.get("style") or "").replace(" ", "").lower()
        if "display:none" in style and tag not in VOID:
            self.push(tag, "skip")  # hidden preheaders and tracking text: no reader sees them
            self.skip += 1
            return
        if tag in BLOCK or tag in PARAGRAPH or tag in {"li", "tr"}:
            self.request_break(2 if tag in PARAGRAPH else 1)
        if tag in {"td", "th"}:
            self.space = self.cur_has_text
        if tag == "li":
            self.bullet = True
        if tag == "blockquote":
            self.push(tag, "quote")
            self.quote_depth += 1
        elif tag == "div" and ("gmail_quote" in classes or "moz-cite-prefix" in classes
                               or attrs.get("id") == "divRplyFwdMsg"):
            if attrs.get("id") == "divRplyFwdMsg":
                self.after_outlook_header = True
            self.push(tag, "history")
            self.history += 1
        elif tag == "div" and "border-top" in style:
            self.border_block = True
            self.push(tag, "plain")
        elif tag == "pre":
            self.push(tag, "pre")
            self.pre += 1
        elif tag not in VOID:
            self.push(tag, "plain")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if not self.open_count.get(tag):
            if tag in {"p", "br"}:
                self.request_break(2 if tag == "p" else 1, hard=tag == "br")
            return  # a stray end tag closes nothing
        # Close everything opened after the matching start tag, as browsers do.
        while self.stack:
            name, effect = self.stack.pop()
            self.open_count[name] -= 1
            if effect == "skip":
                self.skip -= 1
            elif effect == "pre":
                self.pre -= 1
            if name in BLOCK or name in PARAGRAPH or name in {"li", "tr"}:
                self.request_break(2 if name in PARAGRAPH else 1)
            if effect == "quote":
                self.quote_depth -= 1
            elif effect == "history":
                self.history -= 1
            if name == tag:
                break

    def push(self, tag: str, effect: str) -> None:
        self.stack.append((tag, effect))
        self.open_count[tag] = self.open_count.get(tag, 0) + 1

    def parse_html_declaration(self, i):
        try:
            return super().parse_html_declaration(i)
        except AssertionError:  # Python < 3.13 raises on "<![foo" (Word markup, typos): a bogus comment, as browsers read it
            return self.parse_bogus_comment(i)

    def handle_data(self, data):
        if self.skip:
            return
        line, col = self.getpos()
        data = data.replace("\xa0", " ")  # &nbsp; is a space to a reader (same length: columns hold)
        if self.border_block and data.strip():
            self.border_block = False
            if data.strip().startswith("From"):
                self.after_outlook_header = True
        if self.pre:
            self.write_pre(data, line, col)
            return
        pos = 0
        for m in WHITESPACE.finditer(data):
            if m.start() > pos:
                self.write(data[pos:m.start()], line, col)
            gap = m.group(0)
            newlines = gap.count("\n")
            if newlines:
                # A source line break stays a text line break: line numbers stay exact.
                if self.cur_has_text:
                    self.request_break(1)
                line += newlines
                col = len(gap) - gap.rfind("\n") - 1
            else:
                col += m.end() - pos
                self.space = self.space or self.cur_has_text
            pos = m.end()
        if pos < len(data):
            self.write(data[pos:], line, col)

    def write_pre(self, data: str, line: int, col: int) -> None:
        for i, chunk in enumerate(data.split("\n")):
            if i:
                line, col = line + 1, 0
                self.request_break(1, hard=True)
            if chunk.strip():
                lead = len(chunk) - len(chunk.lstrip(" \t"))
                if self.cur_has_text and lead:
                    self.space = True
                self.write(chunk.strip(" \t\r"), line, col + lead)
                self.space = chunk[-1] in " \t"

    def finish(self) -> tuple[str, list[tuple[int, int]]]:
        self.close()
        if self.cur_has_text:
            self.end_line()
        return "\n".join(self.lines) + ("\n" if self.lines else ""), self.origins


def to_text(html: str) -> tuple[str, list[tuple[int, int]]]:
    """Text of an HTML document and, per text line, the 1-based (line, column) it came from."""
    converter = _Converter()
    converter.feed(html)
    return converter.finish()


def decode_html(data: bytes) -> tuple[str, list[str]]:
    """Decode by BOM, then <meta charset>, then UTF-8 with replacement."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = META_CHARSET.search(data[:4096])
        if m:
            codec = text_codec(m.group(1).decode("ascii", "replace").lower())
            try:
                if codec:
                    return data.decode(codec), []
            except UnicodeError:
                pass
    return decode_text(data)


def read(data: bytes, path: str, *, is_template: bool = False) -> list[Document]:
    html, notes = decode_html(data)
    text, origins = to_text(html)
    return [build(path, text, source=html, origins=origins, notes=notes, is_template=is_template,
                  empty_reason="the HTML has no text")]
