"""JUnit XML: one test case per file, one failure per finding, for CI test-report views."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..finding import Finding
from .base import Results
from .common import one_line, ordered, with_title

# Characters XML 1.0 cannot carry at all, even escaped; ElementTree would write them raw.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(results: Results, *, color: bool, statistics: bool) -> str:
    by_path: dict[str, list[Finding]] = {path: [] for path in results.files}
    for finding in ordered(results.findings):
        by_path.setdefault(finding.path, []).append(finding)
    errors: dict[str, list[str]] = {}
    for error in results.errors:
        by_path.setdefault(error.path, [])
        errors.setdefault(error.path, []).append(error.reason)

    failures = sum(len(found) for found in by_path.values())
    suite = ET.Element("testsuite", {
        "name": "replylint",
        "tests": str(len(by_path)),
        "failures": str(failures),
        "errors": str(len(results.errors)),
        "skipped": "0",
    })
    for path, found in by_path.items():
        case = ET.SubElement(suite, "testcase", {"name": _xml(path), "classname": _xml(path)})
        for finding in found:
            failure = ET.SubElement(case, "failure", {"message": _xml(one_line(finding.message)), "type": finding.code})
            failure.text = _xml(_detail(finding))
        for reason in errors.get(path, []):
            error = ET.SubElement(case, "error", {"message": _xml(one_line(reason)), "type": "FileError"})
            error.text = _xml(reason)
    root = ET.Element("testsuites", {
        "name": "replylint", "tests": suite.get("tests"), "failures": suite.get("failures"), "errors": suite.get("errors"),
    })
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _detail(finding: Finding) -> str:
    head = f"{finding.line}:{finding.column}: {finding.code} [{finding.severity}] {with_title(finding, finding.message)}"
    lines = [head]
    if finding.source_line.strip():
        lines.append(f"  {finding.source_line}")
    lines += [f'  better: "{s.replacement}"' if s.replacement else "  better: remove it" for s in finding.suggestions]
    return "\n".join(lines)


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
