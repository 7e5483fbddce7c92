"""One file of a `check` run as plain data: the job (bytes, config) and its outcome (findings).

Jobs and outcomes pickle (for worker processes) and outcomes turn into JSON (for the cache),
so the same run_job serves the in-process loop, the process pool and cache misses alike.
Nothing here imports spaCy; run_job asks `linter_for` for a Linter only after the file is
read and holds something to lint.
"""
from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field

from .config import Config
from .errors import InputError
from .finding import Finding, Suggestion
from .rule import Option, RuleInfo
from .timelimit import time_limit


@dataclass
class FileJob:
    index: int
    path: str  # what was named ("-" for stdin)
    display: str  # what reports show
    config: Config
    is_template: bool
    data: bytes
    context: str | None = None  # --context text
    key: str | None = None  # cache key, when caching


@dataclass
class FileOutcome:
    findings: list[Finding] = field(default_factory=list)
    # repository.TemplateFacts of its templates; None when answered from the cache, which
    # keeps them apart and loads them only if the repository rules must run again
    facts: list | None = field(default_factory=list)
    templates: int = 0  # how many templates the file holds
    rules: dict[str, RuleInfo] = field(default_factory=dict)  # the rules that ran
    notes: list[str] = field(default_factory=list)  # reader remarks (bytes replaced, ...)
    error: str | None = None  # why the file could not be read or linted
    config_error: bool = False  # the error is its config's or a pack's, not the file's
    skipped: str | None = None  # a JSON/YAML file that holds no templates


def load(path: str, max_bytes: int | None) -> bytes:
    """A file's bytes, or InputError saying why not (readers.read_path reads through this too)."""
    try:
        with open(path, "rb") as handle:  # one open and read: a cached run does this per file
            data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot read file ({exc.strerror or exc})") from None
    _check_size(path, len(data), max_bytes)  # read at most max_bytes + 1: a huge file costs no more
    return data


def _check_size(path: str, size: int, max_bytes: int | None) -> None:
    if max_bytes is not None and size > max_bytes:
        from .readers.common import check_size  # the readers' message; imported only when needed

        check_size(path, size, max_bytes)


def run_job(job: FileJob, linter_for, *, debug: bool = False) -> FileOutcome:
    """Read and lint one file. Every failure becomes an outcome (with --debug, bugs raise)."""
    from . import readers
    from .readers.templates import NotTemplates
    from .repository import TemplateFacts

    try:
        hint = readers.SUFFIX_KINDS.get(os.path.splitext(job.path)[1].lower(), "plain") if job.path != "-" else None
        documents = readers.read_bytes(job.data, job.display, hint, is_template=job.is_template,
                                       max_bytes=job.config.max_file_size)
        linter = linter_for(job.config)
        outcome = FileOutcome(rules=dict(linter.rule_infos()))
        with time_limit(job.config.lint_timeout, job.display):
            for document in documents:
                outcome.notes.extend(n for n in document.notes if n not in outcome.notes)
                if job.context is not None:
                    document.context, document.context_origin = job.context, "file"
                outcome.findings.extend(linter.lint_document(document))
        outcome.facts = [TemplateFacts.of(d) for d in documents if d.is_template]
        outcome.templates = len(outcome.facts)
        return outcome
    except NotTemplates as exc:
        return FileOutcome(skipped=exc.reason)
    except InputError as exc:
        return FileOutcome(error=exc.reason)
    except Exception as exc:
        from .errors import ReplylintError

        if debug:
            raise
        if isinstance(exc, ReplylintError):  # a broken config or pack: the caller decides
            return FileOutcome(error=str(exc), config_error=True)
        # A bug: report it for this file, keep linting the others.
        return FileOutcome(error=f"internal error: {exc.__class__.__name__}: {exc} (run with --debug for the traceback)")


# -- JSON for the cache ----------------------------------------------------------------------

KINDS = {"int": int, "float": float, "bool": bool, "str": str, "list": list}


def finding_to_json(finding: Finding) -> dict:
    return asdict(finding)


def findings_to_json(findings) -> dict:
    """{"findings": [...], "lines": [...]}: each distinct source line stored once. Findings on
    one long line (a 1 MB single-line draft has thousands) must not copy it into each."""
    lines: dict[str, int] = {}
    out = []
    for finding in findings:
        data = asdict(finding)
        data["source_line"] = lines.setdefault(data["source_line"], len(lines))
        out.append(data)
    return {"findings": out, "lines": list(lines)}


def findings_from_json(entry: dict) -> list[Finding]:
    lines = entry.get("lines")
    out = []
    for data in entry["findings"]:
        if lines is not None:
            data = dict(data, source_line=lines[data["source_line"]])
        out.append(finding_from_json(data))
    return out


def finding_from_json(data: dict) -> Finding:
    data = dict(data)
    data["suggestions"] = [Suggestion(**s) for s in data.get("suggestions", [])]
    return Finding(**data)


def rule_info_to_json(info: RuleInfo) -> dict:
    data = asdict(info)
    data["options"] = {k: [o.kind.__name__, o.default, o.help] for k, o in info.options.items()}
    return data


def rule_info_from_json(data: dict) -> RuleInfo:
    data = dict(data)
    data["options"] = {k: Option(KINDS[kind], default, help) for k, (kind, default, help) in data["options"].items()}
    return RuleInfo(**data)
