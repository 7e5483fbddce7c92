"""A rule's documentation as `replylint rule CODE` prints it (and docs/rules.md is built from)."""
from __future__ import annotations

from .rule import DOC_SECTIONS, RuleInfo


def rule_text(cls) -> str:
    info = RuleInfo.of(cls)
    lines = [f"{info.code} {info.name} [{info.severity}]", ""]
    if info.summary:
        lines += [info.summary, ""]
    extra = {"origin": info.origin}
    if info.needs_context:
        extra["needs"] = "the customer's message (--context or quoted history)"
    if not cls.default_enabled:
        extra["enabled"] = "only when selected (--select / --extend-select)"
    for section in DOC_SECTIONS:
        body = info.docs.get(section)
        if body:
            lines += [f"## {section}", body, ""]
    for key, value in extra.items():
        lines.append(f"{key}: {value}")
    return "\n".join(lines).rstrip() + "\n"
