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


def collect(paths: list[str], include: list[str], exclude: list[str], *, also=None, walked: set | None = None,
            settings=None) -> list[str]:
    """Expand directories (sorted, recursive); keep explicit files and `-` as given.

    `also(path)` picks up more walked files (those under the `templates` globs); `walked`,
    when given, receives every path the walk found, as opposed to the ones named.
    `settings(directory)`, when given, returns the (include, exclude, also) of the config
    that governs a directory named on the command line, so `check examples/` honours
    examples/replylint.toml as ruff honours the nearest config.
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
        for dirpath, dirnames, filenames in os.walk(path):
            here = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if not _excluded(here / d, path, exclude))
            for name in sorted(filenames):
                file = here / name
                if _excluded(file, path, exclude):
                    continue
                if matches_any(name, include) or (also is not None and also(str(file))):
                    key = str(file)
                    if key not in seen:
                        seen.add(key)
                        out.append(key)
                        if walked is not None:
                            walked.add(key)
    return out
