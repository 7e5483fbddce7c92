"""Helpers the reporters share: ordering, counts, the matched text, and safe strings."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..finding import DOCS_URL, SEVERITIES, Finding

# Most severe first: the order summaries and tables list severities in.
SEVERITY_ORDER = tuple(reversed(SEVERITIES))

# C0/C1 controls (tab and newline handled by callers) and bidi overrides: replies are
# untrusted text, and these could rewrite a terminal or reorder what a reviewer sees.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NEWLINES = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")


def ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    counts = Counter(f.severity for f in findings)
    return {severity: counts.get(severity, 0) for severity in SEVERITY_ORDER}


def code_counts(findings: list[Finding]) -> dict[str, int]:
    counts = Counter(f.code for f in findings)
    return dict(sorted(counts.items()))


def rule_url(code: str) -> str:
    return DOCS_URL.format(code=code.lower())


def safe_chars(text: str) -> str:
    """Replace unsafe characters one for one, so column indexes into the text still hold."""
    return _UNSAFE.sub("\ufffd", text)


@lru_cache(maxsize=4096)
def one_line(text: str) -> str:
    """Text for a single output line: newlines become spaces, tabs a space, controls U+FFFD.

    Memoised: a report repeats each path and most messages many times over."""
    return safe_chars(_NEWLINES.sub(" ", text).replace("\t", " "))


def line_span(finding: Finding) -> tuple[int, int]:
    """The finding's span as [start, end) indexes into its source line, clamped to the line.

    A span that runs onto later lines is cut at the end of the first; an end before the
    start (a hand-built finding without an end) collapses to an empty span.
    """
    text = finding.source_line
    start = min(max(finding.column - 1, 0), len(text))
    end = finding.end_column - 1 if finding.end_line == finding.line else len(text)
    if finding.end_line < finding.line:
        end = start
    end = min(max(end, start), len(text))
    return start, end


def matched_text(finding: Finding) -> str:
    """The words the finding is about: the rule's own evidence, else the span in the line."""
    reply = finding.evidence.get("reply")
    if reply:
        return reply
    start, end = line_span(finding)
    return finding.source_line[start:end]


def with_title(finding: Finding, message: str) -> str:
    return f"{message} (template: {finding.title})" if finding.title else message


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"
