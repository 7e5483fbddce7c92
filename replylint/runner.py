"""One `check` run: find configs, read files, lint, collect Results. No click here."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from .__about__ import __version__
from .config import Config, ConfigFinder, with_overrides
from .errors import InputError, ReplylintError
from .reporters.base import FileError, Results
from .rule import RuleInfo


@dataclass
class Options:
    """Command-line choices that override each file's config."""

    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    context_file: str | None = None
    config_file: str | None = None
    stdin_filename: str | None = None
    debug: bool = False


class Runner:
    def __init__(self, options: Options):
        self.options = options
        self.finder = ConfigFinder(Path(options.config_file) if options.config_file else None)
        self._linters: dict[tuple, object] = {}
        self._context: str | None = None
        if options.context_file:
            self._context = _read_context(options.context_file)

    def config_for(self, path: str) -> Config:
        base = self.finder.for_path(self.options.stdin_filename if path == "-" and self.options.stdin_filename else path)
        opts = self.options
        return with_overrides(
            base,
            select=opts.select,
            extend_select=(base.extend_select + opts.extend_select) if opts.extend_select else None,
            ignore=(base.ignore + opts.ignore) if opts.ignore else None,
            templates=(base.templates + opts.templates) if opts.templates else None,
        )

    def linter_for(self, config: Config):
        from .engine import Linter

        key = config.key()
        if key not in self._linters:
            self._linters[key] = Linter(config)
        return self._linters[key]

    def read(self, path: str, config: Config):
        from . import readers

        display = (self.options.stdin_filename or "-") if path == "-" else path
        is_template = config.is_template(display)
        if path == "-":
            data = sys.stdin.buffer.read(config.max_file_size + 1)
            return readers.read_bytes(data, display, is_template=is_template, max_bytes=config.max_file_size)
        return readers.read_path(path, is_template=is_template, max_bytes=config.max_file_size)

    def run(self, paths: list[str]) -> Results:
        results = Results(version=__version__)
        for path in paths:
            display = (self.options.stdin_filename or "-") if path == "-" else path
            results.files.append(display)
            try:
                config = self.config_for(path)
                linter = self.linter_for(config)
                documents = self.read(path, config)
                for document in documents:
                    if self._context is not None:
                        document.context, document.context_origin = self._context, "file"
                    results.findings.extend(linter.lint_document(document))
                for rule in linter.rules:
                    results.rules.setdefault(rule.code, RuleInfo.of(type(rule)))
            except InputError as exc:
                from .readers.templates import NotTemplates

                if isinstance(exc, NotTemplates):  # package.json, CI configs: not ours to lint
                    results.files.remove(display)
                    continue
                results.errors.append(FileError(display, exc.reason))
            except ReplylintError:
                raise
            except Exception as exc:  # a bug: report it for this file, keep linting the others
                if self.options.debug:
                    raise
                results.errors.append(FileError(display, f"internal error: {exc.__class__.__name__}: {exc} (run with --debug for the traceback)"))
        return results


def _read_context(path: str) -> str:
    from . import readers

    try:
        documents = readers.read_path(path)
    except InputError as exc:
        raise ReplylintError(f"--context {exc}") from None
    doc = documents[0]
    # A customer's .eml is their message: its own text (minus any quoted history) is the context.
    end = doc.reply_end
    return doc.text[:end].strip() or doc.text.strip()
