"""Load declarative rule packs (TOML or YAML files) into rule classes.

A pack file:

    [pack]
    name = "form-letter"

    [[rules]]
    code = "RL101"
    name = "stock-phrase"
    kind = "substitution"          # existence | substitution | regex
    severity = "warning"
    message = "“{match}” is a stock phrase: {why}"
    zones = ["greeting", "body", "signoff"]      # optional
    docs = '''
    ## What it flags
    ...
    '''

    [[rules.phrases]]
    patterns = ["we apologize|apologise for the|any inconvenience"]
    why = "it could be sent to anyone"
    better = "I'm sorry your order arrived late."
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from .errors import PluginError
from .kinds import KINDS
from .rule import parse_docs, validate_rule_class

PACK_SUFFIXES = (".toml", ".yaml", ".yml")
RULE_KEYS = {"code", "name", "kind", "severity", "message", "zones", "docs", "phrases", "summary", "model"}
ENTRY_KEYS = {"patterns", "why", "better", "replace", "safe"}


def _read(path: Path) -> dict:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PluginError(f"{path}: cannot read rule pack ({exc.strerror})") from None
    try:
        if path.suffix == ".toml":
            return tomllib.loads(raw.decode("utf-8"))
        import yaml

        data = yaml.safe_load(raw)
        return data if isinstance(data, dict) else {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PluginError(f"{path}: invalid TOML ({exc})") from None
    except Exception as exc:  # yaml.YAMLError and its kin
        raise PluginError(f"{path}: invalid YAML ({exc})") from None


def _entries(spec: dict, where: str) -> list[dict]:
    entries = spec.get("phrases")
    if not isinstance(entries, list) or not entries:
        raise PluginError(f"{where}: needs a non-empty `phrases` list")
    out = []
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise PluginError(f"{where}: phrases entry {n} is not a table")
        unknown = set(entry) - ENTRY_KEYS
        if unknown:
            raise PluginError(f"{where}: phrases entry {n} has unknown key(s) {', '.join(sorted(unknown))}")
        patterns = entry.get("patterns")
        if isinstance(patterns, str):
            patterns = [patterns]
        if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) for p in patterns):
            raise PluginError(f"{where}: phrases entry {n} needs `patterns`, a list of strings")
        out.append(dict(entry, patterns=patterns))
    return out


def load_pack(path: Path, origin: str) -> list[type]:
    data = _read(path)
    rules = data.get("rules")
    if not isinstance(rules, list):
        raise PluginError(f"{path}: a rule pack needs a [[rules]] list")
    classes = []
    for n, spec in enumerate(rules, 1):
        where = f"{path}: rule {spec.get('code', n) if isinstance(spec, dict) else n}"
        if not isinstance(spec, dict):
            raise PluginError(f"{where}: is not a table")
        unknown = set(spec) - RULE_KEYS
        if unknown:
            raise PluginError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        kind = spec.get("kind", "existence")
        if kind not in KINDS:
            raise PluginError(f"{where}: unknown kind {kind!r} (kinds: {', '.join(sorted(KINDS))})")
        base = KINDS[kind]
        entries = _entries(spec, where)
        if kind == "substitution" and not all(e.get("better") for e in entries):
            raise PluginError(f"{where}: a substitution rule needs `better` on every phrases entry")
        attrs = {
            "code": spec.get("code", ""),
            "name": spec.get("name", ""),
            "severity": spec.get("severity", "warning"),
            "summary": spec.get("summary", ""),
            "message": spec.get("message", "{match}"),
            "entries": entries,
            "origin": origin,
            "__doc__": spec.get("docs", ""),
            "pack_path": str(path),
        }
        if "zones" in spec:
            attrs["zones"] = frozenset(spec["zones"])
        if spec.get("model"):
            attrs["model"] = _shipped_model(spec["model"], kind, where)
            attrs["models"] = (attrs["model"],)
            attrs["options"] = {**base.options, **base.model_options}
        cls = type(f"Pack_{attrs['code']}", (base,), attrs)
        validate_rule_class(cls, origin)
        if kind == "regex":
            from .kinds.regex import check_patterns

            check_patterns(entries, where)
        if not parse_docs(cls.__doc__ or ""):
            raise PluginError(f"{where}: needs `docs` with '## What it flags' and the other sections")
        classes.append(cls)
    return classes


def _shipped_model(name, kind: str, where: str) -> str:
    """A phrase rule may name a learned sentence model the package ships (replylint/models/judgements/)."""
    from importlib import resources

    if kind == "regex" or not isinstance(name, str):
        raise PluginError(f"{where}: `model` needs a phrase rule (existence or substitution) and a model name")
    if not (resources.files("replylint") / "models" / "judgements" / f"{name}.json").is_file():
        raise PluginError(f"{where}: no shipped model {name!r} (replylint/models/judgements/)")
    return name


LEXICON_DIR = "lexicons"  # data files code rules read themselves; not rule packs


def pack_files(location: Path) -> list[Path]:
    if location.is_dir():
        return sorted(
            p for p in location.rglob("*")
            if p.suffix in PACK_SUFFIXES and p.is_file() and LEXICON_DIR not in p.relative_to(location).parts[:-1]
        )
    if location.is_file():
        return [location]
    raise PluginError(f"{location}: rule pack path does not exist")
