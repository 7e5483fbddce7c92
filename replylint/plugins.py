"""Find rules: entry points (built-in and third-party alike) and a team's own rule_paths.

Groups:
    replylint.rules  -> a Rule subclass, a list of them, or a callable returning a list
    replylint.packs  -> a path (file or directory of packs), a list of them, or a callable
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path

from .errors import PluginError
from .packs import load_pack, pack_files
from .rule import Rule, validate_rule_class

RULE_GROUP = "replylint.rules"
PACK_GROUP = "replylint.packs"


@dataclass
class Plugin:
    name: str  # "replylint (builtin)", "acme-replylint (acme)", "rule_paths: ./team-rules"
    kind: str  # "rules" or "pack"
    source: str
    codes: list[str] = field(default_factory=list)


@dataclass
class Registry:
    rules: dict[str, type] = field(default_factory=dict)  # code -> Rule subclass
    plugins: list[Plugin] = field(default_factory=list)

    def add(self, cls: type, plugin: Plugin) -> None:
        validate_rule_class(cls, plugin.name)
        if cls.code in self.rules:
            other = self.rules[cls.code].origin
            raise PluginError(f"rule code {cls.code} from {plugin.name} is already provided by {other}")
        names = {r.name: code for code, r in self.rules.items()}
        if cls.name in names:
            raise PluginError(f"rule name {cls.name!r} from {plugin.name} is already used by {names[cls.name]}")
        cls.origin = plugin.name
        self.rules[cls.code] = cls
        plugin.codes.append(cls.code)

    def by_name_or_code(self, key: str) -> type | None:
        if key.upper() in self.rules:
            return self.rules[key.upper()]
        for cls in self.rules.values():
            if cls.name == key:
                return cls
        return None


def _flatten(obj) -> list:
    if callable(obj) and not inspect.isclass(obj):
        obj = obj()
    if isinstance(obj, (list, tuple)):
        return list(obj)
    return [obj]


def _entry_points(group: str):
    eps = sorted(entry_points(group=group), key=lambda ep: (ep.dist.name if ep.dist else "", ep.name))
    return [(f"{ep.dist.name if ep.dist else '?'} ({ep.name})", ep) for ep in eps]


def _builtin_fallback(group: str):
    """Running from a source checkout that was never installed: the same built-in hooks."""
    from . import builtin

    value = builtin.code_rules if group == RULE_GROUP else builtin.pack_dir
    return [("replylint (builtin)", value)]


def _load(group: str):
    found = _entry_points(group)
    if not any(name.startswith("replylint (") for name, _ in found):
        found = _builtin_fallback(group) + found
    for name, ep in found:
        try:
            value = ep.load() if hasattr(ep, "load") else ep
            yield name, _flatten(value)
        except PluginError:
            raise
        except Exception as exc:
            raise PluginError(f"plugin {name} failed to load: {exc.__class__.__name__}: {exc}") from None


def load_registry(rule_paths: list[Path] | tuple = ()) -> Registry:
    registry = Registry()
    for name, values in _load(RULE_GROUP):
        plugin = Plugin(name, "rules", "entry point")
        registry.plugins.append(plugin)
        for cls in values:
            if not (inspect.isclass(cls) and issubclass(cls, Rule)):
                raise PluginError(f"plugin {name} provided {cls!r}, which is not a replylint Rule subclass")
            registry.add(cls, plugin)
    for name, values in _load(PACK_GROUP):
        for location in values:
            _add_packs(registry, Path(location), name, "entry point")
    for location in rule_paths:
        _add_packs(registry, Path(location), f"rule_paths: {location}", "config")
    return registry


def _add_packs(registry: Registry, location: Path, name: str, source: str) -> None:
    for path in pack_files(location):
        plugin = Plugin(name, "pack", str(path))
        registry.plugins.append(plugin)
        for cls in load_pack(path, name):
            registry.add(cls, plugin)
