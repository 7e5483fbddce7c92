"""What a rule is: a declared, documented unit with a code, a name, a severity and options."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from .document import REPLY_ZONES
from .errors import ConfigError

DOC_SECTIONS = ("What it flags", "Why it matters", "Example", "Better", "Options")
# Printed when a rule has them: a learned rule says how it decides.
SHOWN_SECTIONS = ("What it flags", "Why it matters", "Example", "Better", "How it decides", "Options")
CODE_PATTERN = re.compile(r"^[A-Z]{1,5}\d{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_SECTION = re.compile(r"^##\s+(?P<title>.+?)\s*$", re.MULTILINE)


@dataclass
class Option:
    """A typed rule option. `kind` is one of int, float, bool, str, list."""

    kind: type
    default: Any
    help: str = ""

    def coerce(self, rule: str, key: str, value: Any) -> Any:
        if self.kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if self.kind is list and isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        if self.kind is not list and isinstance(value, self.kind) and not (
            self.kind is int and isinstance(value, bool)
        ):
            return value
        expected = "a list of strings" if self.kind is list else self.kind.__name__
        raise ConfigError(f"option {key!r} of rule {rule} must be {expected}, not {value!r}")


def parse_docs(text: str) -> dict[str, str]:
    """Split '## Section' headed text (a docstring or a pack's docs) into its sections."""
    text = _dedent(text or "")
    sections: dict[str, str] = {}
    matches = list(_SECTION.finditer(text))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        sections[m.group("title")] = text[m.end() : end].strip("\n").rstrip()
    return sections


def _dedent(text: str) -> str:
    import inspect

    return inspect.cleandoc(text)


class Rule:
    """Base class for rules. Subclasses set the class attributes and implement check().

    The class docstring is the documentation `replylint rule CODE` prints; it holds the
    sections in DOC_SECTIONS as '## Title' headings.
    """

    code: str = ""
    name: str = ""
    severity: str = "warning"
    summary: str = ""
    needs_context: bool = False  # skipped quietly when there is no customer message
    # Reads part-of-speech tags or the dependency parse of the reply ("reply"), of the
    # customer's message ("customer") or of both (True): the tagger and parser run only over
    # what a selected rule reads (they are most of a lint's cost).
    needs_parse: bool | str = False
    models: tuple[str, ...] = ()  # learned models it reads (replylint/models/judgements/NAME.json)
    default_enabled: bool = True  # False: opt-in, runs only when selected
    zones: frozenset[str] = REPLY_ZONES
    options: dict[str, Option] = {}
    origin: str = ""  # which plugin or pack provided the rule, set by the loader

    def __init__(self, options: dict[str, Any] | None = None):
        self.opts = {key: opt.default for key, opt in self.options.items()}
        for key, value in (options or {}).items():
            norm = key.replace("_", "-")
            if norm not in self.options:
                known = ", ".join(sorted(self.options)) or "none"
                raise ConfigError(f"unknown option {key!r} for rule {self.code} {self.name} (options: {known})")
            self.opts[norm] = self.options[norm].coerce(self.code, norm, value)

    @classmethod
    def docs(cls) -> dict[str, str]:
        return parse_docs(cls.__doc__ or "")

    def setup(self, nlp) -> None:
        """Build matchers and other per-pipeline state; called once per pipeline."""

    def check(self, ctx) -> Iterable:
        raise NotImplementedError


def validate_rule_class(cls, origin: str) -> None:
    from .errors import PluginError
    from .finding import SEVERITIES

    where = f"rule {getattr(cls, '__name__', cls)!s} from {origin}"
    if not CODE_PATTERN.match(cls.code or ""):
        raise PluginError(f"{where}: code {cls.code!r} is not letters followed by three digits (e.g. RL101)")
    if not NAME_PATTERN.match(cls.name or ""):
        raise PluginError(f"{where}: name {cls.name!r} is not kebab-case")
    if cls.severity not in SEVERITIES:
        raise PluginError(f"{where}: severity {cls.severity!r} is not one of {', '.join(SEVERITIES)}")


@dataclass
class RuleInfo:
    """What listing commands and reporters need, without instantiating the rule."""

    code: str
    name: str
    severity: str
    summary: str
    origin: str
    docs: dict[str, str] = field(default_factory=dict)
    options: dict[str, Option] = field(default_factory=dict)
    needs_context: bool = False

    @classmethod
    def of(cls, rule_cls) -> "RuleInfo":
        docs = rule_cls.docs()
        summary = rule_cls.summary or docs.get("What it flags", "").split("\n\n")[0].replace("\n", " ")
        return cls(
            rule_cls.code, rule_cls.name, rule_cls.severity, summary, rule_cls.origin, docs,
            dict(rule_cls.options), rule_cls.needs_context,
        )
