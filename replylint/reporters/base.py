"""The data every reporter renders."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..finding import Finding
from ..rule import RuleInfo


@dataclass
class FileError:
    path: str
    reason: str


@dataclass
class Results:
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    notes: list[FileError] = field(default_factory=list)  # reader remarks: linted, but e.g. bytes replaced
    files: list[str] = field(default_factory=list)  # every path linted (or attempted)
    rules: dict[str, RuleInfo] = field(default_factory=dict)  # the rules that ran, by code
    version: str = ""
