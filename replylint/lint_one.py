"""Lint one input held in memory (a server request, a message on its way to sendmail) into Results.

Mirrors one file of a `check` run, so the JSON it renders is what `check - --format json` prints.
"""
from __future__ import annotations

from .__about__ import __version__
from .errors import InputError
from .reporters.base import FileError, Results


def lint_one(linter, data: bytes, path: str = "-", *, customer: str | None = None,
             is_template: bool = False, max_bytes: int | None = None) -> Results:
    """Read `data` as `check` reads stdin (the suffix of `path`, else the content, picks the
    reader) and lint it. Unreadable input lands in Results.errors; bugs propagate."""
    from . import readers

    results = Results(version=__version__, files=[path])
    is_template = is_template or linter.config.is_template(path)
    try:
        documents = readers.read_bytes(data, path, is_template=is_template, max_bytes=max_bytes)
    except InputError as exc:
        results.errors.append(FileError(path, exc.reason))
        return results
    for document in documents:
        if customer is not None:
            document.context, document.context_origin = customer, "api"
        results.findings.extend(linter.lint_document(document))
    for code, info in linter.rule_infos().items():
        results.rules.setdefault(code, info)
    return results
