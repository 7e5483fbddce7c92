"""Shared by the readers: the input checks every format gets, and turning text into a Document."""
from __future__ import annotations

import codecs
import warnings
from functools import lru_cache

from .. import zones
from ..document import Document, LineMap
from ..errors import InputError

MAX_BYTES = 5_000_000

# Magic numbers of files people drop into a folder of replies by mistake.
BINARY_MAGIC = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF", b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",  # old Office (.doc, .msg)
    b"RIFF", b"II*\x00", b"MM\x00*", b"\x1f\x8b", b"\x7fELF",
)
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


# Every byte, plus escapes some codecs parse: a codec that cannot decode this with
# errors="replace" cannot be trusted with a file.
_CODEC_PROBES = (bytes(range(256)), b"Hi \xff\x80 <p>", b"x-\xe9\\N{x\\u12+AGE-=\r\n")


@lru_cache(maxsize=256)
def text_codec(charset: str) -> str | None:
    """The codec for a charset a file declares, or None when there is none we can use.

    Declared charsets are untrusted: Python also knows names such as 'base64', 'idna',
    'punycode' and 'undefined', which are not byte-to-text codecs or refuse to replace bad
    bytes, and would raise instead of decoding.
    """
    try:
        name = codecs.lookup(charset).name
        with warnings.catch_warnings():  # unicode_escape warns about the probe's escapes
            warnings.simplefilter("ignore")
            for probe in _CODEC_PROBES:
                probe.decode(name, errors="replace")
    except Exception:
        return None
    return name


def check_size(path: str, size: int, max_bytes: int | None) -> None:
    if max_bytes is not None and size > max_bytes:
        raise InputError(path, f"file is larger than the {_human(max_bytes)} limit (max-file-size)")


def _human(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:g} MB"
    if n >= 1_000:
        return f"{n / 1_000:g} kB"
    return f"{n} bytes"


def check_content(path: str, data: bytes) -> None:
    """Refuse binary and empty input with a reason a person can act on."""
    head = data[:8000]
    if data.startswith(BINARY_MAGIC) and not data.startswith(UTF16_BOMS):
        raise InputError(path, "binary file (not text, HTML or email)")
    # UTF-16 text is full of NULs but is still text; everything else with a NUL is not.
    if b"\x00" in head and not data.startswith(UTF16_BOMS):
        raise InputError(path, "binary file (contains NUL bytes)")
    if not data.strip():
        raise InputError(path, "file is empty")


def decode_text(data: bytes, what: str = "UTF-8") -> tuple[str, list[str]]:
    """Decode a text file: UTF-8 (BOM stripped) or BOM-marked UTF-16; bad bytes become U+FFFD.

    The BOM is dropped from the text so column 1 is the first visible character, as editors count.
    """
    notes: list[str] = []
    if data.startswith(UTF16_BOMS):
        return data.decode("utf-16", errors="replace"), ["decoded as UTF-16 (byte order mark)"]
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    try:
        return data.decode("utf-8"), notes
    except UnicodeDecodeError as exc:
        line, col = byte_position(data, exc.start)
        count = count_invalid_utf8(data)
        more = f" and {count - 1} more place{'s' if count > 2 else ''}" if count > 1 else ""
        notes.append(f"invalid UTF-8 replaced at line {line}, column {col}{more}")
        return data.decode("utf-8", errors="replace"), notes


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and character column of a byte offset, for notes."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    return line, len(data[line_start:offset].decode("utf-8", errors="replace")) + 1


def count_invalid_utf8(data: bytes) -> int:
    count, pos = 0, 0
    while True:
        try:
            data[pos:].decode("utf-8")
            return count
        except UnicodeDecodeError as exc:
            count += 1
            pos += exc.end
            if count >= 1000:
                return count


def build(
    path: str,
    text: str,
    *,
    source: str | None = None,
    origins: list[tuple[int, int]] | None = None,
    notes: list[str] | None = None,
    is_template: bool = False,
    customer_name: str | None = None,
    empty_reason: str = "file is empty",
) -> Document:
    """A Document with zones, the quoted customer message as context, and a map to the source."""
    if not text.strip():
        raise InputError(path, empty_reason)
    split = zones.split(text)
    return Document(
        path=path,
        text=text,
        source=source,
        line_map=LineMap(text, origins),
        zones=split.zones,
        context=split.context,
        context_origin="quoted" if split.context else None,
        customer_name=split.customer_name or customer_name,
        is_template=is_template,
        notes=list(notes or []),
    )
