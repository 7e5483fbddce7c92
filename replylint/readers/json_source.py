"""Parse JSON so that every string value remembers where its literal starts in the file.

The standard library's decoder, with its pure-Python scanner and our own string hook:
values come back as Located strings (a str with `.start`, the offset of the opening quote);
object keys stay plain str. Errors carry the line and column json reports.
"""
from __future__ import annotations

import json
import json.decoder
import json.scanner

from .positions import json_string_offsets


class Located(str):
    """A decoded string value and the source offsets of each of its characters."""

    start: int
    source: str

    def offsets(self) -> list[int]:
        return json_string_offsets(self.source, self.start)


class JSONSyntaxError(ValueError):
    def __init__(self, line: int, column: int, message: str):
        super().__init__(f"invalid JSON at line {line}, column {column}: {message}")
        self.line, self.column = line, column


def loads(text: str):
    decoder = json.JSONDecoder()

    def parse_string(s, end, strict=True):
        value, stop = json.decoder.scanstring(s, end, strict)
        located = Located(value)
        located.start, located.source = end - 1, s
        return located, stop

    decoder.parse_string = parse_string
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    try:
        return decoder.decode(text)
    except json.JSONDecodeError as exc:
        raise JSONSyntaxError(exc.lineno, exc.colno, exc.msg) from None
    except RecursionError:
        raise JSONSyntaxError(1, 1, "nested too deeply") from None
