"""The results cache, like ruff's: a re-run over unchanged files answers from disk.

Layout (one small JSON file per entry, so overlapping runs never contend for one file):

    .replylint_cache/
        CACHEDIR.TAG  .gitignore          backup tools and git leave the directory alone
        v1/files/ab/ab12....json          one file's findings and template facts
        v1/rules/cd/cd34....json          the rules a config runs (their docs, for reporters)
        v1/repo/ef/ef56....json           the repository rules' findings for a set of files
        v1/facts/ab/ab12....json          its templates' summaries, read only if repository rules rerun
        v1/index/...                      every entry of the last run over the same paths, in one
                                          file (one read instead of thousands)
        v1/meta/...                       what the installed plugins were, by sys.path stamp

An entry's name is its key: a hash of everything the result depends on (see fingerprint.py),
so entries are never updated, only written. Writes go to a temporary file in the same
directory and are renamed into place (os.replace is atomic), so a reader sees a whole entry
or none; an entry that does not parse (a disk filled up, a crash, a hand edit) is a miss.
Any OS error turns the cache off for the rest of the run instead of failing the lint.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

VERSION = 1
TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by replylint.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)


class Cache:
    def __init__(self, directory: str | Path):
        self.root = Path(directory)
        self.base = self.root / f"v{VERSION}"
        self.enabled = True
        self._made: set[Path] = set()

    def _path(self, kind: str, key: str) -> Path:
        return self.base / kind / key[:2] / f"{key}.json"

    def get(self, kind: str, key: str) -> dict | None:
        if not self.enabled:
            return None
        try:
            with open(self._path(kind, key), "rb") as handle:
                data = json.loads(handle.read())
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and data.get("key") == key else None

    def put(self, kind: str, key: str, data: dict) -> None:
        if not self.enabled:
            return
        path = self._path(kind, key)
        try:
            self._prepare(path.parent)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(dict(data, key=key), handle, ensure_ascii=False, separators=(",", ":"))
                os.replace(tmp, path)
            except BaseException:
                _unlink(tmp)
                raise
        except OSError:
            self.enabled = False  # read-only checkout, full disk: lint without a cache

    def _prepare(self, directory: Path) -> None:
        if directory in self._made:
            return
        if not self.root.is_dir():
            self.root.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", TAG), (".gitignore", "# Created by replylint.\n*\n")):
            marker = self.root / name
            if not marker.exists():
                _write_atomic(marker, text)
        directory.mkdir(parents=True, exist_ok=True)
        self._made.add(directory)


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        _unlink(tmp)
        raise


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
