"""The pipeline of one `check` run over many files, for Runner.run.

1. Each path: its config and bytes (cheap: no spaCy, no readers).
2. The cache answers files whose key it knows (cache.py, fingerprint.py).
3. The rest are linted here or, when there are many, in a process pool (pool.py); each file
   through filejob.run_job, which builds a Linter only once a file needs one.
4. Repository rules see every template at once (repository.py), per config; their result is
   cached under the keys of all the files it came from.
5. Results are assembled in input order, so the report does not depend on --jobs.
"""
from __future__ import annotations

import os

from .__about__ import __version__
from .errors import InputError, ReplylintError
from .filejob import FileJob, FileOutcome, findings_from_json, findings_to_json, rule_info_from_json, rule_info_to_json
from .reporters.base import FileError, Results

PARALLEL_MIN = 16  # fewer files to lint than this stay in-process: starting workers costs more


def run(runner, paths: list[str], walked) -> Results:
    cache = runner.cache()
    prints = None
    if cache is not None:
        from .fingerprint import Fingerprints

        prints = Fingerprints(cache)
    displays = [(runner.options.stdin_filename or "-") if p == "-" else p for p in paths]
    outcomes: list[FileOutcome | None] = [None] * len(paths)
    jobs: dict[int, FileJob] = {}
    misses: list[FileJob] = []
    rule_entries: dict[str, dict | None] = {}  # config fingerprint -> rules it runs
    # The entries of the last run over the same paths, in one file: one read instead of one
    # per file. Entries it lacks are looked up one by one.
    index_key = prints.index(displays) if prints is not None else None
    previous = (cache.get("index", index_key) or {}).get("files", {}) if index_key else {}
    previous = previous if isinstance(previous, dict) else {}
    seen: dict[str, dict] = {}  # this run's entries, for the next index
    for index, path in enumerate(paths):
        try:
            config = runner.config_for(path)
            job = FileJob(index, path, displays[index], config, config.is_template(displays[index]),
                          runner.load(path, config), runner.context)
        except InputError as exc:
            outcomes[index] = FileOutcome(error=exc.reason)
            continue
        except ReplylintError as exc:  # a broken config below the root: only its files fail
            outcomes[index] = FileOutcome(error=str(exc))
            continue
        jobs[index] = job
        if prints is not None:
            job.key = prints.file(job)
            outcomes[index] = _from_cache(cache, prints, job, rule_entries, previous, seen)
            if outcomes[index] is not None:
                continue
        misses.append(job)
    _lint(runner, misses, outcomes)
    for job in misses:
        outcome = outcomes[job.index]
        if outcome.config_error and job.config.key() == runner.root_config().key():
            raise ReplylintError(outcome.error)  # the root config or its packs: the whole run fails
        if cache is not None and outcome.error is None:
            seen[job.key] = _store(cache, prints, job, outcome, rule_entries)
    if index_key and (misses or set(seen) != set(previous)):
        cache.put("index", index_key, {"files": seen})
    extra = _repository(runner, jobs, outcomes, cache, prints)
    return _assemble(runner, paths, displays, outcomes, extra, walked)


def _lint(runner, jobs: list[FileJob], outcomes: list) -> None:
    from .filejob import run_job
    from .progress import Progress

    if not jobs:
        return
    options = runner.options
    progress = Progress(len(jobs), enabled=options.progress)
    workers = min(options.jobs, len(jobs))
    try:
        if workers > 1 and len(jobs) >= PARALLEL_MIN and not options.debug:
            from . import pool

            linters = {}
            for job in jobs:  # built once here; forked workers inherit them
                key = job.config.key()
                if key not in linters:
                    try:
                        linters[key] = runner.linter_for(job.config)
                    except ReplylintError:
                        pass  # the workers meet the same error and report it per file
            for index, outcome in pool.run(jobs, workers, linters, progress.advance).items():
                outcomes[index] = outcome
        else:
            for job in jobs:
                outcomes[job.index] = run_job(job, runner.linter_for, debug=options.debug)
                progress.advance()
    finally:
        progress.close()


def _rules_entry(cache, prints, config, rule_entries: dict):
    key = prints.config(config)  # memoised per Config object: cheaper than config.key()
    if key not in rule_entries:
        entry = cache.get("rules", key)
        try:
            rule_entries[key] = {r["code"]: rule_info_from_json(r) for r in entry["rules"]} if entry else None
        except (KeyError, TypeError, ValueError):
            rule_entries[key] = None
    return rule_entries[key]


def _from_cache(cache, prints, job: FileJob, rule_entries: dict, previous: dict, seen: dict) -> FileOutcome | None:
    entry = previous.get(job.key) or cache.get("files", job.key)
    if not isinstance(entry, dict):
        return None
    seen[job.key] = entry
    if entry.get("skipped"):
        return FileOutcome(skipped=entry["skipped"])
    rules = _rules_entry(cache, prints, job.config, rule_entries)
    if rules is None:
        return None
    try:
        return FileOutcome(
            findings=findings_from_json(entry),
            facts=None,
            templates=int(entry["templates"]),
            notes=list(entry.get("notes", [])),
            rules=rules,
        )
    except (KeyError, TypeError, ValueError, IndexError):
        return None  # an entry from a build with other fields: lint again


def _store(cache, prints, job: FileJob, outcome: FileOutcome, rule_entries: dict) -> dict:
    if outcome.skipped:
        entry = {"skipped": outcome.skipped}
        cache.put("files", job.key, entry)
        return entry
    key = prints.config(job.config)
    if rule_entries.get(key) is None:
        cache.put("rules", key, {"rules": [rule_info_to_json(i) for i in outcome.rules.values()]})
        rule_entries[key] = outcome.rules
    entry = {
        **findings_to_json(outcome.findings),
        "templates": outcome.templates,
        "notes": outcome.notes,
    }
    cache.put("files", job.key, entry)
    if outcome.facts:  # apart: a cached run reads them only when the repository rules rerun
        cache.put("facts", job.key, {"facts": [f.to_dict() for f in outcome.facts]})
    return entry


def _facts(cache, job: FileJob, outcome: FileOutcome) -> list:
    """A cached file's template facts: from the cache, else from its bytes (readers only)."""
    from .repository import TemplateFacts

    if outcome.facts is not None:
        return outcome.facts
    entry = cache.get("facts", job.key) if cache is not None else None
    try:
        outcome.facts = [TemplateFacts.from_dict(f) for f in entry["facts"]]
    except (KeyError, TypeError, ValueError):
        from . import readers

        hint = readers.SUFFIX_KINDS.get(os.path.splitext(job.path)[1].lower(), "plain") if job.path != "-" else None
        documents = readers.read_bytes(job.data, job.display, hint, is_template=job.is_template,
                                       max_bytes=job.config.max_file_size)
        outcome.facts = [TemplateFacts.of(d) for d in documents if d.is_template]
    return outcome.facts


def _repository(runner, jobs: dict[int, FileJob], outcomes: list, cache, prints) -> dict[int, list]:
    """Findings of the repository rules, by the index of the file they point into."""
    from .repository import check

    groups: dict[tuple, tuple] = {}
    for index, job in jobs.items():
        outcome = outcomes[index]
        if outcome.error is None and not outcome.skipped and outcome.templates:
            group = prints.config(job.config) if prints is not None else job.config.key()
            groups.setdefault(group, (job.config, []))[1].append(index)
    extra: dict[int, list] = {}
    for config, indexes in groups.values():
        key = prints.repository(config, [jobs[i].key for i in indexes]) if prints is not None else None
        entry = cache.get("repo", key) if key else None
        findings = None
        if entry is not None:
            try:
                findings = findings_from_json(entry)
            except (KeyError, TypeError, ValueError, IndexError):
                findings = None
        if findings is None:
            try:
                linter = runner.linter_for(config)
            except ReplylintError:
                continue  # its files already carry the error
            templates = [facts for i in indexes for facts in _facts(cache, jobs[i], outcomes[i])]
            findings = check(linter.rules, templates, config)
            if key:
                cache.put("repo", key, findings_to_json(findings))
        where = {jobs[i].display: i for i in indexes}
        for finding in findings:
            if finding.path in where:
                extra.setdefault(where[finding.path], []).append(finding)
    return extra


def _assemble(runner, paths, displays, outcomes, extra, walked) -> Results:
    results = Results(version=__version__)
    walked = set(walked)
    for index, outcome in enumerate(outcomes):
        display = displays[index]
        if outcome.skipped:
            runner.skipped.append((display, outcome.skipped, paths[index] in walked))
            continue
        results.files.append(display)
        results.notes.extend(FileError(display, note) for note in outcome.notes)
        if outcome.error is not None:
            results.errors.append(FileError(display, outcome.error))
            continue
        results.findings.extend(outcome.findings)
        results.findings.extend(extra.get(index, ()))
        for code, info in outcome.rules.items():
            results.rules.setdefault(code, info)
    return results
