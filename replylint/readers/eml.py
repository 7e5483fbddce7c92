"""RFC 5322 / MIME messages (.eml): lint the text/plain part, else the text/html part as text.

The standard library's email package parses the message; we walk the raw bytes alongside it
to learn where each part's body starts, so every text line points at a line of the .eml:

- 7bit / 8bit / binary bodies: exact. Text line i is raw line (body start + i), columns too.
- quoted-printable: each text line points at the raw line it starts on; soft line breaks
  ("=" at the end of a raw line) join raw lines, and are tracked. Columns are exact up to the
  first =XX escape or soft break on the line.
- base64 (and other encodings): no exact mapping exists, so every line points at the first
  line of the part's encoded body, column 1 plus the column within the decoded line.
- text/html parts: converted by readers.html, whose per-line positions are carried through
  the transfer decoding above.

Document.source is the raw message as text, so reporters show the lines positions point at.
"""
from __future__ import annotations

import binascii
import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from ..document import Document
from ..errors import InputError
from . import html as html_reader
from .common import build, text_codec

# The email package's own test for "this is still a header line" (email.feedparser.headerRE).
HEADER_LINE = re.compile(rb"^(From |[\041-\071\073-\176]*:|[\t ])")
NEWLINE = re.compile(r"\r\n|\r|\n")
# Characters str.splitlines() breaks on besides \n and \r: kept out of Document.source so
# source_line() numbers lines the way the raw bytes do.
EXTRA_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Declared Western charsets are decoded as windows-1252, as browsers do: mail that says
# iso-8859-1 often carries curly quotes and dashes from the 0x80-0x9f range.
WESTERN = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso8859-1", "windows-1252", "cp1252"}


def read(data: bytes, path: str, *, is_template: bool = False) -> list[Document]:
    msg = BytesParser(policy=policy.default).parsebytes(data)
    part = _text_part(msg, path)
    raw_lines = data.splitlines(keepends=True)
    bodies: dict[int, tuple[int, int]] = {}
    _locate(msg, raw_lines, 0, len(raw_lines), bodies)
    charset = part.get_content_charset() or "utf-8"
    if id(part) in bodies:
        start, end = bodies[id(part)]
        lines, origins, notes = _decode_body(part, raw_lines[start:end], start, charset)
    else:  # the raw walk lost track of the MIME tree: text without positions beats no text
        lines, notes = _decode_lines(re.split(rb"\r\n|\r|\n", _payload(part)), charset)
        origins = [(1, 1)] * len(lines)
    if part.get_content_subtype() == "html":
        text, origins = _html_text(lines, origins)
    else:
        text = "\n".join(lines)
    source = _source_text(raw_lines, charset)
    return [build(path, text, source=source, origins=origins, notes=notes,
                  is_template=is_template, customer_name=_recipient_name(msg),
                  empty_reason="the message has no text (its text part is empty)")]


def _text_part(msg: EmailMessage, path: str) -> EmailMessage:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is not None and part.get_content_subtype() == "plain" and not _payload(part).strip():
        part = msg.get_body(preferencelist=("html",)) or part  # an empty plain part beside HTML
    if part is not None:
        return part
    defects = [d for p in msg.walk() for d in p.defects]
    if defects:
        names = ", ".join(sorted({type(d).__name__.replace("Defect", "") for d in defects}))
        raise InputError(path, f"malformed MIME ({names}): no readable text part")
    files = [p.get_filename() or p.get_content_type() for p in msg.walk() if not p.is_multipart()]
    only = f" (only attachments: {', '.join(files[:5])})" if files else ""
    raise InputError(path, f"no text/plain or text/html part{only}")


def _payload(part: EmailMessage) -> bytes:
    try:
        return part.get_payload(decode=True) or b""
    except Exception:  # a broken encoding is reported by the decoding below, not here
        return b""


def _locate(part, lines: list[bytes], start: int, end: int, bodies: dict) -> None:
    """Record (body start, body end) raw line indexes for `part` and its sub-parts."""
    i = start
    while i < end:
        if not lines[i].strip(b"\r\n"):
            i += 1  # the blank line ending the headers
            break
        if not HEADER_LINE.match(lines[i]):
            break  # the body starts without a blank line, as the parser also decides
        i += 1
    bodies[id(part)] = (i, end)
    if not part.is_multipart():  # get_payload() would decode the body, and raise on odd charsets
        return
    payload = part.get_payload()
    if part.get_content_maintype() != "multipart":  # message/rfc822: one message as the body
        if payload:
            _locate(payload[0], lines, i, end, bodies)
        return
    boundary = part.get_boundary()
    if not boundary:
        return
    delimiter = re.compile(rb"^--" + re.escape(boundary.encode("ascii", "replace")) + rb"(--)?[ \t]*\r?\n?$")
    cuts = []
    for j in range(i, end):
        m = delimiter.match(lines[j])
        if m:
            cuts.append(j)
            if m.group(1):
                break
    for sub, (a, b) in zip(payload, zip(cuts, cuts[1:] + [end])):
        _locate(sub, lines, a + 1, b, bodies)


def _codec(charset: str) -> tuple[str, list[str]]:
    name = charset.lower()
    if name in WESTERN:
        return "cp1252", []
    codec = text_codec(name)
    if codec is None:
        return "latin-1", [f"unknown charset {charset!r}: decoded as latin-1"]
    return codec, []


def _decode_lines(chunks: list[bytes], charset: str) -> tuple[list[str], list[str]]:
    codec, notes = _codec(charset)
    if charset.lower() in {"us-ascii", "ascii"}:
        codec = "utf-8"  # undeclared 8-bit text is most often UTF-8; cp1252 is the fallback below
    try:
        b"\n".join(chunks).decode(codec)
    except UnicodeError:  # not only UnicodeDecodeError: some codecs raise their base class
        if charset.lower() in WESTERN:
            # cp1252 leaves five bytes undefined; latin-1 decodes every byte
            codec = "latin-1" if codec == "cp1252" else "cp1252"
        else:
            notes.append(f"text is not valid {charset}: decoded as UTF-8, invalid bytes replaced")
            codec = "utf-8"
    return [c.decode(codec, errors="replace") for c in chunks], notes


def _decode_body(part, raw: list[bytes], start: int, charset: str):
    """Decoded text lines of a part and, for each, its (raw line, column) in the .eml."""
    cte = str(part.get("content-transfer-encoding", "7bit")).strip().lower()
    if cte in {"7bit", "8bit", "binary", ""}:
        chunks = [line.rstrip(b"\r\n") for line in raw]
        origins = [(start + i + 1, 1) for i in range(len(chunks))]
    elif cte == "quoted-printable":
        chunks, origins = _quoted_printable(raw, start)
    else:
        body = _payload(part)  # the email package decodes base64 leniently (bad padding, junk)
        chunks = re.split(rb"\r\n|\r|\n", body)
        origins = [(start + 1, 1)] * len(chunks)
    lines, notes = _decode_lines(chunks, charset)
    return lines, origins, notes


def _quoted_printable(raw: list[bytes], start: int) -> tuple[list[bytes], list[tuple[int, int]]]:
    chunks: list[bytes] = []
    origins: list[tuple[int, int]] = []
    pending, first = b"", None
    for i, line in enumerate(raw):
        content = line.rstrip(b"\r\n").rstrip(b" \t")
        if first is None:
            first = start + i + 1
        if content.endswith(b"="):  # a soft line break: the next raw line continues this one
            pending += content[:-1]
            continue
        # An encoded =0A inside a line starts new text lines that still come from this raw line.
        for piece in binascii.a2b_qp(pending + content).split(b"\n"):
            chunks.append(piece.rstrip(b"\r"))
            origins.append((first, 1))
        pending, first = b"", None
    if first is not None:
        chunks.append(binascii.a2b_qp(pending))
        origins.append((first, 1))
    return chunks, origins


def _html_text(lines: list[str], origins: list[tuple[int, int]]):
    """Convert a decoded HTML part; carry its per-line positions through to the .eml."""
    text, html_origins = html_reader.to_text("\n".join(lines))
    mapped = []
    for line, col in html_origins:
        raw_line, raw_col = origins[min(line, len(origins)) - 1] if origins else (1, 1)
        mapped.append((raw_line, raw_col + col - 1))
    return text, mapped


def _source_text(raw_lines: list[bytes], charset: str) -> str:
    fallback, _ = _codec(charset)
    out = []
    for line in raw_lines:
        line = line.rstrip(b"\r\n")
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            text = line.decode(fallback if fallback != "utf-8" else "latin-1", errors="replace")
        out.append(EXTRA_BREAKS.sub(" ", text))
    return "\n".join(out)


def _recipient_name(msg: EmailMessage) -> str | None:
    """The To: display name, when the message has exactly one recipient: the customer."""
    try:
        addresses = msg["to"].addresses if msg["to"] is not None else ()
    except Exception:  # an unparseable To: header only costs us the name
        return None
    if len(addresses) == 1 and addresses[0].display_name and "@" not in addresses[0].display_name:
        return addresses[0].display_name.strip()
    return None
