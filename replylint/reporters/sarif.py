"""SARIF 2.1.0 output, for code scanning dashboards (GitHub, Azure DevOps, IDE viewers)."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path, PurePath
from urllib.parse import quote

from ..finding import Finding, Suggestion
from ..rule import DOC_SECTIONS, RuleInfo
from .base import Results
from .common import matched_text, ordered, rule_url, with_title

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/replylint/replylint"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"
# Versioned key: if what goes into the hash changes, dashboards see new keys, not false matches.
FINGERPRINT_KEY = "replylint/v1"


def render(results: Results, *, color: bool, statistics: bool) -> str:
    return json.dumps(as_dict(results), indent=2, ensure_ascii=False) + "\n"


def as_dict(results: Results) -> dict:
    findings = ordered(results.findings)
    infos = dict(results.rules)
    for finding in findings:  # a finding whose rule was not listed still needs a descriptor
        infos.setdefault(finding.code, RuleInfo(finding.code, finding.name, finding.severity, "", ""))
    codes = sorted(infos)
    index = {code: i for i, code in enumerate(codes)}
    driver = {"name": "replylint", "informationUri": INFORMATION_URI}
    if results.version:
        driver["version"] = results.version
    driver["rules"] = [_descriptor(infos[code]) for code in codes]
    invocation = {
        "executionSuccessful": not results.errors,
        "toolExecutionNotifications": [_notification(e.path, e.reason) for e in results.errors],
    }
    run = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        # Our columns count characters (code points), not SARIF's default UTF-16 units.
        "columnKind": "unicodeCodePoints",
        "results": _results(findings, index),
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def pascal_case(name: str) -> str:
    """'stock-phrase' -> 'StockPhrase': SARIF wants rule names as one identifier-like word."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("-") if part)


def _descriptor(info: RuleInfo) -> dict:
    summary = info.summary or info.name
    return {
        "id": info.code,
        "name": pascal_case(info.name) or info.code,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": info.docs.get("What it flags") or summary},
        "help": _help(info, summary),
        "helpUri": rule_url(info.code),
        "defaultConfiguration": {"level": LEVELS.get(info.severity, "warning")},
    }


def _help(info: RuleInfo, summary: str) -> dict:
    sections = [(title, info.docs[title]) for title in DOC_SECTIONS if info.docs.get(title)]
    head = f"{info.code} {info.name}: {summary}"
    text = "\n\n".join([head] + [f"{title}\n{body}" for title, body in sections])
    markdown = "\n\n".join([f"**{info.code} `{info.name}`**: {summary}"] + [f"## {title}\n\n{body}" for title, body in sections])
    return {"text": text, "markdown": markdown}


def _results(findings: list[Finding], index: dict[str, int]) -> list[dict]:
    out = []
    seen: dict[str, int] = {}
    for finding in findings:
        digest = fingerprint(finding)
        # Identical findings in one file (the same phrase twice) stay apart by occurrence.
        seen[digest] = seen.get(digest, 0) + 1
        result = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": LEVELS.get(finding.severity, "warning"),
            "message": {"text": with_title(finding, finding.message)},
            "locations": [{"physicalLocation": {"artifactLocation": artifact(finding.path), "region": _region(finding)}}],
            "partialFingerprints": {FINGERPRINT_KEY: f"{digest}:{seen[digest]}"},
        }
        fixes = [fix for s in finding.suggestions if (fix := _fix(finding, s))]
        if fixes:
            result["fixes"] = fixes
        if finding.confidence is not None:
            # SARIF's own property bag: code-scanning UIs show it, and the schema allows any key
            result["properties"] = {"confidence": finding.confidence}
        out.append(result)
    return out


def fingerprint(finding: Finding) -> str:
    """A hash that survives edits elsewhere in the file: no line or column goes into it."""
    words = " ".join(matched_text(finding).split()).casefold()
    key = "\0".join([finding.code, _posix(finding.path), finding.title or "", words])
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def artifact(path: str) -> dict:
    """A relative URI against %SRCROOT% where we can make one, else an absolute file: URI."""
    pure = Path(path)
    if pure.is_absolute():
        try:
            pure = pure.relative_to(Path.cwd())
        except ValueError:
            return {"uri": pure.as_uri()}
    return {"uri": quote(_posix(str(pure))), "uriBaseId": SRCROOT}


def _posix(path: str) -> str:
    if os.sep != "/":
        return PurePath(path).as_posix()
    return path


def _region(finding: Finding) -> dict:
    end_line, end_column = finding.end_line, finding.end_column
    if (end_line, end_column) < (finding.line, finding.column):
        end_line, end_column = finding.line, finding.column
    region = {"startLine": finding.line, "startColumn": finding.column, "endLine": end_line, "endColumn": end_column}
    snippet = matched_text(finding)
    if snippet:
        region["snippet"] = {"text": snippet}
    return region


def _fix(finding: Finding, suggestion: Suggestion) -> dict | None:
    region = _suggestion_region(finding, suggestion)
    if region is None:
        return None
    described = f'Replace with "{suggestion.replacement}"' if suggestion.replacement else "Remove it"
    return {
        "description": {"text": described},
        "artifactChanges": [{
            "artifactLocation": artifact(finding.path),
            "replacements": [{"deletedRegion": region, "insertedContent": {"text": suggestion.replacement}}],
        }],
    }


def _suggestion_region(finding: Finding, suggestion: Suggestion) -> dict | None:
    """Where a suggestion applies, in lines and columns.

    Suggestions carry text offsets only, so a region is known for the finding's own span,
    or for part of it when the finding sits on one line; anything else is left out rather
    than guessed.
    """
    if (suggestion.start, suggestion.end) == (finding.start, finding.end):
        region = _region(finding)
        region.pop("snippet", None)
        return region
    inside = finding.start <= suggestion.start <= suggestion.end <= finding.end
    if not inside or finding.end_line != finding.line:
        return None
    return {
        "startLine": finding.line,
        "startColumn": finding.column + suggestion.start - finding.start,
        "endLine": finding.line,
        "endColumn": finding.column + suggestion.end - finding.start,
    }


def _notification(path: str, reason: str) -> dict:
    return {
        "level": "error",
        "message": {"text": f"{path}: {reason}"},
        "locations": [{"physicalLocation": {"artifactLocation": artifact(path)}}],
    }
