"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""
from __future__ import annotations

from ..finding import Finding
from .base import Results
from .common import ordered, with_title

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render(results: Results, *, color: bool, statistics: bool) -> str:
    lines = [_annotation(f) for f in ordered(results.findings)]
    lines += [f"::error file={escape_property(e.path)}::{escape_data(e.reason)}" for e in results.errors]
    return "".join(line + "\n" for line in lines)


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(finding: Finding) -> str:
    props = [("file", finding.path), ("line", finding.line)]
    # GitHub takes columns on one line only, and its end column is inclusive (ours is not).
    if finding.end_line == finding.line:
        props += [
            ("col", finding.column),
            ("endLine", finding.end_line),
            ("endColumn", max(finding.column, finding.end_column - 1)),
        ]
    elif finding.end_line > finding.line:
        props.append(("endLine", finding.end_line))
    props.append(("title", f"{finding.code} {finding.name}"))
    command = COMMANDS.get(finding.severity, "warning")
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in props)
    return f"::{command} {joined}::{escape_data(with_title(finding, finding.message))}"
