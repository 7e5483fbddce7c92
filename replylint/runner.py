"""One `check` run: find configs, hand out Linters, run the pipeline (batch.py). No click here.

Linters are built lazily, only for files the cache cannot answer, so a fully cached run
never imports spaCy.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config, ConfigFinder, with_overrides
from .errors import InputError, ReplylintError
from .reporters.base import Results

DEFAULT_CACHE_DIR = ".replylint_cache"


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
    jobs: int = 1  # worker processes; 1 lints in this process
    cache: bool = False  # read and write the results cache (the CLI turns it on)
    cache_dir: str | None = None  # overrides the config's cache-dir
    progress: bool | None = None  # None: only at a terminal, outside CI (progress.wanted)


class Runner:
    def __init__(self, options: Options):
        self.options = options
        self.finder = ConfigFinder(Path(options.config_file) if options.config_file else None)
        self._linters: dict[tuple, object] = {}
        self._overridden: dict[int, tuple[Config, Config]] = {}
        self._by_directory: dict[str, Config] = {}
        self._root: Config | None = None
        self.skipped: list[tuple[str, str, bool]] = []  # (path, reason, found by a walk): not templates
        self.context: str | None = None
        if options.context_file:
            self.context = _read_context(options.context_file)

    def config_for(self, path: str) -> Config:
        directory = None
        if path != "-" and self.finder.explicit is None:
            directory = os.path.dirname(path) or "."
            if directory in self._by_directory:  # files of one directory share a config
                return self._by_directory[directory]
        config = self._config_for(path)
        if directory is not None and not os.path.isdir(path):
            self._by_directory[directory] = config
        return config

    def _config_for(self, path: str) -> Config:
        base = self.finder.for_path(self.options.stdin_filename if path == "-" and self.options.stdin_filename else path)
        memo = self._overridden.get(id(base))
        if memo is not None and memo[0] is base:  # one Config object per config file: its key is computed once
            return memo[1]
        opts = self.options
        config = with_overrides(
            base,
            select=opts.select,
            extend_select=(base.extend_select + opts.extend_select) if opts.extend_select else None,
            ignore=(base.ignore + opts.ignore) if opts.ignore else None,
            templates=(base.templates + opts.templates) if opts.templates else None,
        )
        self._overridden[id(base)] = (base, config)
        return config

    def root_config(self) -> Config:
        """The config for the current directory: include/exclude, cache-dir, baseline come from it."""
        if self._root is None:
            self._root = self.config_for(".")
        return self._root

    def linter_for(self, config: Config):
        from .engine import Linter

        key = config.key()
        if key not in self._linters:
            self._linters[key] = Linter(config)
        return self._linters[key]

    def cache(self):
        """The results cache for this run, or None (--no-cache, or a library caller)."""
        if not self.options.cache:
            return None
        from .cache import Cache

        root = self.root_config()
        if self.options.cache_dir:
            return Cache(Path(self.options.cache_dir))
        return Cache(root.root / (root.cache_dir or DEFAULT_CACHE_DIR))

    def load(self, path: str, config: Config) -> bytes:
        """The bytes of a file, or of stdin for "-"."""
        if path == "-":
            return sys.stdin.buffer.read(config.max_file_size + 1)
        from .filejob import load

        return load(path, config.max_file_size)

    def run(self, paths: list[str], walked=()) -> Results:
        """Lint `paths` (`walked`: those a directory walk found, skipped quietly if not templates)."""
        from . import batch

        return batch.run(self, paths, walked)


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
