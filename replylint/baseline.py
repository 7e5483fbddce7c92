"""Baselines: record today's findings once, then report only new ones.

`replylint check --write-baseline replylint-baseline.json .` writes every finding; with
`--baseline FILE` (or `baseline = "FILE"` in the config) a finding whose key is in the file
is hidden. A key is what survives edits elsewhere in the file:

    rule code, file (relative to the baseline's directory, with /), template title,
    the matched text (lower-cased, whitespace folded), and its occurrence index among
    findings with the same code, file, title and text

Line and column are not part of it, so inserting a paragraph above a finding does not
make it new; fixing one of three identical findings leaves two keys matched and the
third stale. The file format is documented in docs/templates.md.
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .errors import ReplylintError
from .finding import Finding

FORMAT = "replylint-baseline"
VERSION = 1
WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Key:
    code: str
    file: str
    title: str | None
    text: str
    occurrence: int


def _text(finding: Finding) -> str:
    from .reporters.common import matched_text

    return WHITESPACE.sub(" ", matched_text(finding)).strip().lower()


def _file(path: str, base: Path) -> str:
    if path in {"-", "<string>"}:
        return path
    try:
        return Path(os.path.relpath(os.path.abspath(path), base)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


def keys(findings: list[Finding], base: Path) -> list[tuple[Key, Finding]]:
    """Each finding's key, numbering repeats in report order."""
    seen: Counter = Counter()
    out = []
    for finding in sorted(findings, key=Finding.sort_key):
        stem = (finding.code, _file(finding.path, base), finding.title, _text(finding))
        out.append((Key(*stem, seen[stem]), finding))
        seen[stem] += 1
    return out


def write(path: str, findings: list[Finding], version: str) -> int:
    base = Path(os.path.abspath(path)).parent
    entries = [
        {"code": k.code, "rule": f.name, "file": k.file, "title": k.title, "text": k.text, "occurrence": k.occurrence}
        for k, f in keys(findings, base)
    ]
    entries.sort(key=lambda e: (e["file"], e["title"] or "", e["code"], e["text"], e["occurrence"]))
    data = {FORMAT: VERSION, "generated-by": f"replylint {version}", "findings": entries}
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    os.replace(tmp, path)
    return len(entries)


def load(path: str) -> set[Key]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise ReplylintError(f"{path}: cannot read baseline ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise ReplylintError(f"{path}: not a replylint baseline (invalid JSON: {exc})") from None
    if not isinstance(data, dict) or data.get(FORMAT) != VERSION or not isinstance(data.get("findings"), list):
        raise ReplylintError(f"{path}: not a replylint baseline (expected {{\"{FORMAT}\": {VERSION}, \"findings\": [...]}})")
    out = set()
    for n, entry in enumerate(data["findings"], 1):
        try:
            out.add(Key(str(entry["code"]), str(entry["file"]), entry.get("title"), str(entry["text"]), int(entry.get("occurrence", 0))))
        except (KeyError, TypeError, ValueError):
            raise ReplylintError(f"{path}: baseline entry {n} needs code, file, text and occurrence") from None
    return out


def split(findings: list[Finding], path: str, linted: list[str]) -> tuple[list[Finding], int, int]:
    """(new findings in their original order, how many the baseline hid, how many of its
    entries for the `linted` files no longer occur: fixed since, or changed beyond matching)."""
    known = load(path)
    base = Path(os.path.abspath(path)).parent
    files = {_file(p, base) for p in linted}
    hidden_ids = set()
    matched = set()
    for key, finding in keys(findings, base):
        if key in known:
            hidden_ids.add(id(finding))
            matched.add(key)
    new = [f for f in findings if id(f) not in hidden_ids]
    return new, len(hidden_ids), sum(1 for k in known - matched if k.file in files)
