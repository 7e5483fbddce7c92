"""Which files a `check` run lints: explicit files always, directories walked with globs."""
from __future__ import annotations

import fnmatch
import os
import re
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=64)
def _pattern(globs: tuple[str, ...]):
    """One regex for a list of globs, matched as fnmatch.fnmatch would (a walk asks per file)."""
    if not globs:
        return None
    return re.compile("|".join(fnmatch.translate(os.path.normcase(g)) for g in globs))


def matches_any(text: str, globs) -> bool:
    """fnmatch.fnmatch(text, g) for any g in globs, with the globs compiled once."""
    pattern = _pattern(tuple(globs))
    return pattern is not None and pattern.match(os.path.normcase(text)) is not None


def _excluded(path: Path, root: Path, globs: list[str]) -> bool:
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = path.as_posix()
    return matches_any(path.name, globs) or matches_any(rel, globs)


class GitIgnored:
    """The .gitignore files that govern a walk: those of the walked directory's ancestors up
    to the repository root, .git/info/exclude, and each one met on the way down. A deeper
    file's patterns win, as in git (negations included); pathspec implements git's rules."""

    def __init__(self, start: Path):
        self.specs: dict[Path, object] = {}
        start = start.resolve()
        chain = [start, *start.parents]
        root = next((d for d in chain if (d / ".git").exists()), None)
        if root is None:
            return  # not in a repository: nothing is ignored but what the walk finds
        self._load(root, root / ".git" / "info" / "exclude")
        for directory in reversed(chain[: chain.index(root) + 1]):
            self.enter(directory)

    def _load(self, base: Path, file: Path) -> None:
        try:
            lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        import pathspec

        spec = pathspec.GitIgnoreSpec.from_lines(lines)
        previous = self.specs.get(base)
        self.specs[base] = spec if previous is None else previous + spec

    def enter(self, directory: Path) -> None:
        directory = directory.resolve()
        if (directory / ".gitignore").is_file():
            self._load(directory, directory / ".gitignore")

    def ignored(self, path: Path, is_dir: bool) -> bool:
        path = path.resolve()
        verdict = None
        for base in sorted(self.specs, key=lambda b: len(b.parts)):  # shallow first: deeper wins
            try:
                rel = path.relative_to(base).as_posix()
            except ValueError:
                continue
            result = self.specs[base].check_file(rel + "/" if is_dir else rel).include
            if result is not None:
                verdict = result
        return bool(verdict)


def collect(paths: list[str], include: list[str], exclude: list[str], *, also=None, walked: set | None = None,
            settings=None, respect_gitignore: bool = True) -> list[str]:
    """Expand directories (sorted, recursive); keep explicit files and `-` as given.

    `also(path)` picks up more walked files (those under the `templates` globs); `walked`,
    when given, receives every path the walk found, as opposed to the ones named.
    `settings(directory)`, when given, returns the (include, exclude, also) of the config
    that governs a directory named on the command line, so `check examples/` honours
    examples/replylint.toml as ruff honours the nearest config.
    As ruff does, a walk skips hidden files and folders (.pytest_cache, .github) and, with
    `respect_gitignore`, whatever git ignores; a file named on the command line is linted.
    """
    out: list[str] = []
    seen = set()
    for raw in paths:
        if raw == "-":
            out.append(raw)
            continue
        path = Path(raw)
        if not path.is_dir():
            if raw not in seen:
                seen.add(raw)
                out.append(raw)
            continue
        if settings is not None:
            include, exclude, also = settings(raw)
        gitignore = GitIgnored(path) if respect_gitignore else None
        for dirpath, dirnames, filenames in os.walk(path):
            here = Path(dirpath)
            if gitignore is not None and here != path:
                gitignore.enter(here)
            dirnames[:] = sorted(
                d for d in dirnames
                if not d.startswith(".") and not _excluded(here / d, path, exclude)
                and not (gitignore is not None and gitignore.ignored(here / d, True))
            )
            for name in sorted(filenames):
                file = here / name
                if name.startswith(".") or _excluded(file, path, exclude):
                    continue
                if gitignore is not None and gitignore.ignored(file, False):
                    continue
                if matches_any(name, include) or (also is not None and also(str(file))):
                    key = str(file)
                    if key not in seen:
                        seen.add(key)
                        out.append(key)
                        if walked is not None:
                            walked.add(key)
    return out
