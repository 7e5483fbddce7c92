"""The Finding record every rule produces and every reporter consumes."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}

DOCS_URL = "https://github.com/replylint/replylint/blob/main/docs/rules.md#{code}"


@dataclass
class Suggestion:
    """A replacement for text[start:end]; `safe` means applying it cannot change meaning."""

    start: int
    end: int
    replacement: str
    safe: bool = False


@dataclass
class Finding:
    code: str
    name: str
    severity: str
    message: str
    start: int
    end: int
    path: str = "-"
    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1
    suggestions: list[Suggestion] = field(default_factory=list)
    # The words the finding rests on: in the reply, and for context rules the customer's.
    evidence: dict[str, str] = field(default_factory=dict)
    title: str | None = None  # the template's title when a file holds several replies
    # A learned judgement's probability (0-1) that the finding is right; None for rules that
    # match text and have no doubt to report.
    confidence: float | None = None
    source_line: str = ""  # the source line the finding starts on, for reporters

    @property
    def url(self) -> str:
        return DOCS_URL.format(code=self.code.lower())

    def sort_key(self) -> tuple:
        # By position in the file: a collection's templates interleave by line, not by title.
        return (self.path, self.line, self.column, self.code, self.title or "", self.message)

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("source_line")
        data["url"] = self.url
        return data
