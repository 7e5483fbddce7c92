"""Human-readable output: each finding with its source line and a caret under the span."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from ..finding import Finding
from .base import Results
from .common import line_span, one_line, ordered, plural, safe_chars, severity_counts, with_title

TAB_SIZE = 4
_SPECIAL = re.compile(r"[^\x20-\x7e]")  # tabs and anything not printable ASCII
MAX_SHOWN = 200  # source-line characters shown around a finding

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[34m"}
GREEN = "\x1b[32m"


def render(results: Results, *, color: bool, statistics: bool, quiet: bool = False) -> str:
    """Findings and the summary (stdout); files that could not be read go to stderr, from the
    command, in every format. With `statistics`, the counts per rule only."""
    paint = _painter(color)
    findings = ordered(results.findings)
    if statistics:
        return "\n".join(_statistics(findings)) + "\n" if findings else ""
    out: list[str] = []
    for finding in findings:
        out.extend(_finding(finding, paint))
        out.append("")
    if quiet:
        return "\n".join(out[:-1]) + "\n" if out else ""
    out.append(_summary(results))
    return "\n".join(out) + "\n"


def _painter(color: bool):
    if not color:
        return lambda text, style: text
    return lambda text, style: f"{style}{text}{RESET}"


def _finding(finding: Finding, paint) -> list[str]:
    tint = COLORS.get(finding.severity, "")
    where = f"{paint(one_line(finding.path), BOLD)}:{finding.line}:{finding.column}:"
    label = paint(f"{finding.code} [{finding.severity}]", BOLD + tint)
    lines = [f"{where} {label} {one_line(with_title(finding, finding.message))}"]
    number = str(finding.line)
    blank = " " * len(number)
    # An empty source line (no source kept, or a span on a blank line) has nothing to underline.
    if finding.source_line.strip():
        line, start, end = _window(finding.source_line, *line_span(finding))
        shown, cells = _layout(safe_chars(line))
        left, right = cells[start], cells[end]
        lines.append(f"  {number} | {shown}".rstrip())
        lines.append(f"  {blank} | {' ' * left}{paint('^' * max(1, right - left), tint)}")
    better = _better(finding)
    if better:
        lines.append(f"  {blank} = {paint('better', GREEN)}: {better}")
    return lines


def _window(line: str, start: int, end: int) -> tuple[str, int, int]:
    """At most MAX_SHOWN characters of the line around the span: a 1 MB one-line draft
    must not print a megabyte per finding."""
    if len(line) <= MAX_SHOWN:
        return line, start, end
    lo = max(0, min(start - MAX_SHOWN // 4, len(line) - MAX_SHOWN))
    hi = lo + MAX_SHOWN
    head, tail = ("…" if lo else ""), ("…" if hi < len(line) else "")
    shift = len(head) - lo
    return head + line[lo:hi] + tail, start + shift, min(end, hi) + shift


@lru_cache(maxsize=1024)
def _layout(line: str) -> tuple[str, list[int]]:
    """The line as a terminal shows it, and the cell each character index starts at
    (memoised: several findings on one line, and templates share lines; callers only read).

    Tabs go to the next multiple of TAB_SIZE, wide (CJK, emoji) characters take two cells
    and combining marks none, so the caret lands under the same glyphs the line shows.
    """
    parts: list[str] = []
    cells: list[int] = []
    at = pos = 0
    # Printable ASCII is one cell a character: only tabs and other characters are looked up
    # (reports of thousands of findings on long lines spent most of their time here).
    for m in _SPECIAL.finditer(line):
        run = line[pos : m.start()]
        cells.extend(range(at, at + len(run)))
        parts.append(run)
        at += len(run)
        ch = m.group()
        cells.append(at)
        if ch == "\t":
            step = TAB_SIZE - at % TAB_SIZE
            parts.append(" " * step)
            at += step
        else:
            parts.append(ch)
            at += _width(ch)
        pos = m.end()
    run = line[pos:]
    cells.extend(range(at, at + len(run)))
    parts.append(run)
    cells.append(at + len(run))
    return "".join(parts), cells


def _width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _better(finding: Finding) -> str:
    options = []
    for suggestion in finding.suggestions:
        if suggestion.replacement:
            options.append(f'"{one_line(suggestion.replacement)}"')
        elif "remove it" not in options:
            options.append("remove it")
    return " or ".join(options)


def _summary(results: Results) -> str:
    files = plural(len(results.files), "file")
    unreadable = ""
    if results.errors:
        unreadable = f"; {len({e.path for e in results.errors})} could not be read"
    total = len(results.findings)
    if not total:
        if results.errors:
            return f"No findings in {files}{unreadable}."
        return f"All checked: no findings in {files}."
    counts = severity_counts(results.findings)
    parts = ", ".join(plural(n, severity) for severity, n in counts.items())
    return f"Found {plural(total, 'finding')} ({parts}) in {files}{unreadable}."


def _statistics(findings: list[Finding]) -> list[str]:
    counts = Counter((f.code, f.name) for f in findings)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    count_width = max(len(str(n)) for n in counts.values())
    code_width = max(len(code) for code, _ in counts)
    return [f"{n:>{count_width}}  {code:<{code_width}}  {name}" for (code, name), n in rows]
