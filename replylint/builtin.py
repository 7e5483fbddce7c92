"""The built-in rules, registered through the same entry points third-party plugins use."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path


def pack_dir() -> Path:
    """The built-in packs: inside the wheel as replylint/_packs, else the checkout's rules/."""
    here = Path(__file__).resolve().parent
    bundled = here / "_packs"
    return bundled if bundled.is_dir() else here.parent / "rules"


def code_rules() -> list[type]:
    from .checks import BUILTIN

    return list(BUILTIN)


@lru_cache(maxsize=None)
def load_lexicon(name: str) -> dict:
    """A code rule's word lists: rules/lexicons/NAME.toml (data, not a rule pack)."""
    import tomllib

    with open(pack_dir() / "lexicons" / f"{name}.toml", "rb") as handle:
        return tomllib.load(handle)
