"""Which rules run: select / extend-select / ignore by code or prefix, like ruff."""
from __future__ import annotations

from .errors import ConfigError


def _matches(code: str, selector: str) -> bool:
    return selector == "ALL" or code.startswith(selector)


def _check_known(selectors: list[str], codes: list[str], names: dict[str, str], what: str) -> list[str]:
    out = []
    for raw in selectors:
        sel = names.get(raw, raw.upper())
        if sel != "ALL" and not any(_matches(code, sel) for code in codes):
            raise ConfigError(f"unknown rule code or prefix {raw!r} in {what}")
        out.append(sel)
    return out


def select_codes(registry, config, default_off: set[str] = frozenset()) -> list[str]:
    codes = sorted(registry.rules)
    names = {cls.name: code for code, cls in registry.rules.items()}
    if config.select is None:
        chosen = {c for c in codes if c not in default_off}
    else:
        sels = _check_known(config.select, codes, names, "select")
        chosen = {c for c in codes if any(_matches(c, s) for s in sels)}
    for sel in _check_known(config.extend_select, codes, names, "extend-select"):
        chosen |= {c for c in codes if _matches(c, sel)}
    ignores = _check_known(config.ignore + config.extend_ignore, codes, names, "ignore")
    chosen = {c for c in chosen if not any(_matches(c, s) for s in ignores)}
    return sorted(chosen)


def ignored(code: str, selectors: list[str]) -> bool:
    return any(_matches(code, s.upper()) for s in selectors)
