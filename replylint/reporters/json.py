"""Machine-readable output; its shape is docs/json-schema.json, documented in docs/json-format.md."""
from __future__ import annotations

import json
from collections import Counter

from .base import Results
from .common import code_counts, ordered, severity_counts

# Bump only for changes that break a reader; adding fields keeps version 1.
FORMAT_VERSION = 1


def render(results: Results, *, color: bool, statistics: bool) -> str:
    if statistics:  # as ruff's --statistics --output-format json: the counts alone
        counts = Counter((f.code, f.name) for f in results.findings)
        rows = [{"code": code, "name": name, "count": n}
                for (code, name), n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
        return json.dumps(rows, indent=2) + "\n"
    return json.dumps(as_dict(results), indent=2, ensure_ascii=False) + "\n"


def as_dict(results: Results) -> dict:
    findings = ordered(results.findings)
    return {
        "version": FORMAT_VERSION,
        "tool": {"name": "replylint", "version": results.version},
        "files": list(results.files),
        "errors": [{"path": e.path, "reason": e.reason} for e in results.errors],
        "findings": [f.to_dict() for f in findings],
        "summary": {
            "total": len(findings),
            "by_severity": severity_counts(findings),
            "by_code": code_counts(findings),
        },
    }
