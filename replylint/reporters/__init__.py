"""Reporters turn a run's Results into text: text, json, sarif, github, junit."""
from __future__ import annotations

from .base import Results

FORMATS = ("text", "json", "sarif", "github", "junit")


def render(fmt: str, results: Results, *, color: bool = False, statistics: bool = False, quiet: bool = False) -> str:
    if fmt == "text":
        from .text import render as text

        return text(results, color=color, statistics=statistics, quiet=quiet)
    if fmt == "text":
        from .text import render as fn
    elif fmt == "json":
        from .json import render as fn
    elif fmt == "sarif":
        from .sarif import render as fn
    elif fmt == "github":
        from .github import render as fn
    elif fmt == "junit":
        from .junit import render as fn
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return fn(results, color=color, statistics=statistics)
