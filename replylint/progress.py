"""A one-line progress count on stderr while many files are linted at a terminal.

Shown only when stderr is a terminal, the run lints at least MIN_FILES files (cache hits
don't count), and neither CI nor TERM=dumb says otherwise: CI logs and pipes stay clean.
"""
from __future__ import annotations

import os
import sys
import time

MIN_FILES = 20
INTERVAL = 0.1  # seconds between redraws


def wanted(total: int, stream=None) -> bool:
    stream = stream or sys.stderr
    if total < MIN_FILES or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    def __init__(self, total: int, stream=None, *, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.total = total
        self.done = 0
        self.enabled = wanted(total, self.stream) if enabled is None else enabled
        self._last = 0.0

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last >= INTERVAL or self.done >= self.total:
            self._last = now
            self.stream.write(f"\rreplylint: linting {self.done}/{self.total} files")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._last:
            self.stream.write("\r\x1b[K")  # erase the line: the report follows
            self.stream.flush()
