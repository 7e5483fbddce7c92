"""The built-in rules, registered through the same entry points third-party plugins use."""
from __future__ import annotations

from pathlib import Path


def pack_dir() -> Path:
    """The built-in packs: inside the wheel as replylint/_packs, else the checkout's rules/."""
    here = Path(__file__).resolve().parent
    bundled = here / "_packs"
    return bundled if bundled.is_dir() else here.parent / "rules"


def code_rules() -> list[type]:
    from .checks import BUILTIN

    return list(BUILTIN)
