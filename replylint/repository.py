"""Repository rules: checks that need every template at once, run after all files are linted.

A RepositoryRule sees no spaCy Doc. Each template is summarised once, when its file is read,
as TemplateFacts (small, JSON-able, so the cache keeps them with the file's findings); after
the last file the runner hands every template's facts to each selected repository rule,
grouped by config. Findings point at the first line of the template they are about.

Per-file-ignores apply as usual; an inline `<!-- replylint: disable=RL608 -->` at the top of a
template covers repository findings on it, since they point there.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Iterable

from . import placeholders, suppress
from .finding import Finding
from .rule import Rule

WORD = re.compile(r"[\w§]+(?:['’][\w]+)*")
# Tags that only shape a template ({% else %}, {% endif %}); they personalise nothing.
CONTROL_TAG = re.compile(r"^\{%-?\s*(?:else|end\w*|comment|raw|assign|capture)\b")


@dataclass
class TemplateFacts:
    path: str
    title: str | None
    line: int
    column: int
    end_line: int
    end_column: int
    source_line: str
    words: list[str] = field(default_factory=list)  # lower-cased; each placeholder is "§"
    personal: int = 0  # placeholders and variables (not control tags)
    suppressed: list[str] = field(default_factory=list)  # codes disabled at its start; "ALL"

    @classmethod
    def of(cls, document) -> "TemplateFacts":
        text, suppressions = suppress.parse(document.text)
        start = len(text) - len(text.lstrip())
        stop = text.find("\n", start)
        stop = len(text) if stop == -1 else stop
        line, column = document.position(start)
        end_line, end_column = document.position(stop)
        spans = placeholders.find(text)
        personal = sum(1 for a, b in spans if not CONTROL_TAG.match(text[a:b]))
        plain = text
        for a, b in reversed(spans):
            plain = plain[:a] + " § " + plain[b:]
        suppressed = []
        for a, b, codes in suppressions.ranges:
            if a <= start < b:
                suppressed += sorted(codes) if codes else ["ALL"]
        return cls(document.path, document.title, line, column, end_line, end_column,
                   document.source_line(line), WORD.findall(plain.lower()), personal, suppressed)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "TemplateFacts":
        return cls(**data)

    @property
    def label(self) -> str:
        return f"“{self.title}”" if self.title else self.path


class RepositoryRule(Rule):
    """Base class for rules over all templates: implement check_repository()."""

    def check(self, ctx):
        return ()  # nothing per document

    def check_repository(self, templates: list[TemplateFacts]) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(self, facts: TemplateFacts, message: str, *, evidence=None) -> Finding:
        first_line = facts.source_line[facts.column - 1:] if facts.end_line == facts.line else ""
        return Finding(
            code=self.code, name=self.name, severity=self.severity, message=message, start=0, end=0,
            path=facts.path, line=facts.line, column=facts.column, end_line=facts.end_line,
            end_column=facts.end_column, evidence=dict(evidence or {"reply": first_line.strip()}),
            title=facts.title, source_line=facts.source_line,
        )


def check(rules, templates: list[TemplateFacts], config) -> list[Finding]:
    """Run the repository rules among `rules` over the templates of one config."""
    from .selection import ignored

    findings: list[Finding] = []
    for rule in rules:
        if not isinstance(rule, RepositoryRule):
            continue
        for finding in rule.check_repository(templates):
            facts = next((t for t in templates if t.path == finding.path and t.title == finding.title), None)
            if facts is not None and ("ALL" in facts.suppressed or ignored(finding.code, facts.suppressed)):
                continue
            if finding.path not in {"-", "<string>"} and ignored(finding.code, config.ignored_for(finding.path)):
                continue
            findings.append(finding)
    findings.sort(key=Finding.sort_key)
    return findings


def lint_repository(linter, documents) -> list[Finding]:
    """The repository findings for some documents (all of one config), for library use and tests."""
    templates = [TemplateFacts.of(d) for d in documents if d.is_template]
    return check(linter.rules, templates, linter.config)
