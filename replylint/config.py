"""Configuration: `[tool.replylint]` in pyproject.toml, or replylint.toml / .replylint.toml.

Found upward from each linted file (like ruff); `--config FILE` names one for every file.
Keys are kebab-case (snake_case is accepted too). Unknown keys and wrong types are errors.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path

from .errors import ConfigError
from .files import matches_any
from .finding import SEVERITIES

CONFIG_FILES = (".replylint.toml", "replylint.toml", "pyproject.toml")

# key -> (type, description); "list" means a list of strings
SCHEMA = {
    "select": ("list", "rule codes or prefixes to enable (replaces the default set)"),
    "extend-select": ("list", "codes or prefixes to enable on top of select"),
    "ignore": ("list", "codes or prefixes to disable"),
    "extend-ignore": ("list", "more codes or prefixes to disable"),
    "per-file-ignores": ("dict-list", "glob -> codes or prefixes to disable in matching files"),
    "severity": ("dict-str", "code or name -> error | warning | info"),
    "rules": ("dict-dict", "code or name -> options table for that rule"),
    "rule-paths": ("list", "files or directories of the team's own rule packs"),
    "model": ("str", "a spaCy model to use instead of the blank pipeline, e.g. en_core_web_sm"),
    "templates": ("list", "globs of files that are templates (placeholders allowed)"),
    "include": ("list", "globs of files a directory walk lints"),
    "exclude": ("list", "globs of files and directories to skip"),
    "extend-exclude": ("list", "more globs to skip, on top of exclude's defaults"),
    "respect-gitignore": ("bool", "skip what .gitignore files ignore when walking directories (default true)"),
    "fail-on": ("str", "lowest severity that makes the exit code 1: error | warning | info"),
    "max-file-size": ("int", "largest file to read, in bytes"),
    "lint-timeout": ("seconds", "longest one file may take to lint, in seconds (0: no limit); past it the file is an error"),
    "known-variables": ("list", "template variables your help desk defines (globs allowed, e.g. dc.*), on top of the built-in Zendesk and Help Scout ones"),
    "cache-dir": ("str", "where results are cached (default: .replylint_cache next to the config)"),
    "baseline": ("str", "a baseline file (see --write-baseline): only findings not in it are reported"),
}

# JSON and YAML are read only when they hold template exports; other ones are skipped quietly.
DEFAULT_INCLUDE = ["*.txt", "*.md", "*.eml", "*.html", "*.htm", "*.json", "*.yaml", "*.yml"]
DEFAULT_EXCLUDE = [".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", "build", "dist", ".replylint_cache"]


@dataclass
class Config:
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    extend_ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    rules: dict[str, dict] = field(default_factory=dict)
    rule_paths: list[str] = field(default_factory=list)
    model: str | None = None
    templates: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    extend_exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    fail_on: str = "warning"
    max_file_size: int = 5_000_000
    lint_timeout: float = 60.0
    known_variables: list[str] = field(default_factory=list)
    cache_dir: str | None = None
    baseline: str | None = None
    path: Path | None = None  # the file it came from
    root: Path = field(default_factory=Path.cwd)  # globs and rule_paths are relative to this

    def resolved_rule_paths(self) -> list[Path]:
        return [(self.root / p).resolve() for p in self.rule_paths]

    def _relative(self, file: str) -> str:
        # os.path rather than pathlib: the same answer as Path.resolve().relative_to(), at a
        # fraction of the cost, and a walk asks for every file.
        real, root = _real_file(file), _resolved(self.root)
        prefix = root if root.endswith(os.sep) else root + os.sep
        if real == root:
            return "."
        if real.startswith(prefix):
            return real[len(prefix):].replace(os.sep, "/")
        return Path(file).as_posix()

    def matches(self, file: str, globs: list[str]) -> bool:
        rel = self._relative(file)
        name = os.path.basename(file)
        return matches_any(rel, globs) or matches_any(name, globs)

    def is_template(self, file: str) -> bool:
        return bool(self.templates) and self.matches(file, self.templates)

    def ignored_for(self, file: str) -> list[str]:
        codes: list[str] = []
        for glob, ignored in self.per_file_ignores.items():
            if self.matches(file, [glob]):
                codes.extend(ignored)
        return codes

    def key(self) -> tuple:
        """What identifies the rule set and options: linters built from equal keys are equal."""
        skip = {"path", "include", "exclude", "extend_exclude", "respect_gitignore", "cache_dir", "baseline", "lint_timeout"}  # no effect on findings
        data = [(f.name, repr(getattr(self, f.name))) for f in fields(self) if f.name not in skip]
        return tuple(data)


@lru_cache(maxsize=64)
def _resolved(root: Path) -> str:
    """A config's root, resolved once: matching globs for thousands of files asks every time."""
    return os.path.realpath(root)


def _real_file(file: str) -> str:
    """os.path.realpath(file), resolving each directory once: a walk of 2,000 templates spent
    ~20 ms resolving the same few directories over and over."""
    if os.path.islink(file):
        return os.path.realpath(file)
    head, tail = os.path.split(file)
    if tail in ("", ".", ".."):
        return os.path.realpath(file)
    # Keyed on an absolute (not normalised) directory: tests and servers change directory.
    return os.path.join(_real_dir(os.path.join(os.getcwd(), head)), tail)


@lru_cache(maxsize=4096)
def _real_dir(directory: str) -> str:
    return os.path.realpath(directory)


def _check(where: str, key: str, kind: str, value):
    def fail(expected):
        raise ConfigError(f"{where}: `{key}` must be {expected}, not {value!r}")

    if kind == "list":
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            fail("a list of strings")
    elif kind == "str":
        if not isinstance(value, str):
            fail("a string")
    elif kind == "bool":
        if not isinstance(value, bool):
            fail("true or false")
    elif kind == "int":
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            fail("a positive integer")
    elif kind == "seconds":
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            fail("a number of seconds (0 for no limit)")
    elif kind == "dict-list":
        if not isinstance(value, dict):
            fail("a table of glob = [codes]")
        return {k: _check(where, f"{key}.{k}", "list", v) for k, v in value.items()}
    elif kind == "dict-str":
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            fail("a table of code = severity")
    elif kind == "dict-dict":
        if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
            fail("a table of tables, one per rule")
    return value


def from_dict(data: dict, where: str, root: Path) -> Config:
    values = {}
    for raw_key, value in data.items():
        key = raw_key.replace("_", "-")
        if key not in SCHEMA:
            known = ", ".join(sorted(SCHEMA))
            raise ConfigError(f"{where}: unknown key `{raw_key}` (known keys: {known})")
        values[key.replace("-", "_")] = _check(where, raw_key, SCHEMA[key][0], value)
    if "fail_on" in values and values["fail_on"] not in SEVERITIES:
        raise ConfigError(f"{where}: `fail-on` must be one of {', '.join(SEVERITIES)}, not {values['fail_on']!r}")
    for code, sev in values.get("severity", {}).items():
        if sev not in SEVERITIES:
            raise ConfigError(f"{where}: `severity.{code}` must be one of {', '.join(SEVERITIES)}, not {sev!r}")
    for code, opts in values.get("rules", {}).items():
        sev = opts.get("severity")
        if sev is not None and sev not in SEVERITIES:
            raise ConfigError(f"{where}: `rules.{code}.severity` must be one of {', '.join(SEVERITIES)}, not {sev!r}")
    config = Config(**values, root=root)
    config.path = None
    return config


def load_file(path: Path) -> Config | None:
    """The config in `path`, or None for a pyproject.toml without [tool.replylint]."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("replylint")
        if data is None:
            return None
        where = f"{path} [tool.replylint]"
    else:
        where = str(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: must be a table")
    config = from_dict(data, where, path.parent.resolve())
    config.path = path
    return config


class ConfigFinder:
    """Finds the config for each file, walking up from its directory; caches per directory."""

    def __init__(self, explicit: Path | None = None):
        self.explicit = load_file(explicit) if explicit else None
        if explicit and self.explicit is None:
            self.explicit = Config(root=explicit.parent.resolve(), path=explicit)
        self._cache: dict[Path, Config] = {}

    def for_path(self, file: str | Path) -> Config:
        if self.explicit is not None:
            return self.explicit
        start = Path.cwd() if str(file) == "-" else Path(file).resolve()
        directory = start if start.is_dir() else start.parent
        return self._find(directory)

    def _find(self, directory: Path) -> Config:
        if directory in self._cache:
            return self._cache[directory]
        config = None
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file():
                config = load_file(candidate)
                if config is not None:
                    break
        if config is None:
            parent = directory.parent
            config = self._find(parent) if parent != directory else self._user_config()
        self._cache[directory] = config
        return config

    def _user_config(self) -> Config:
        """No project config above the file: the user's own, as for a mail client that runs
        the sendmail wrapper from any directory; else the defaults."""
        path = user_config_path()
        if path is not None and path.is_file():
            config = load_file(path)
            if config is not None:
                return config
        return Config(root=Path.cwd())


def user_config_path() -> Path | None:
    """$XDG_CONFIG_HOME/replylint/replylint.toml, i.e. ~/.config/replylint/replylint.toml."""
    base = os.environ.get("XDG_CONFIG_HOME") or (os.path.join(os.path.expanduser("~"), ".config")
                                                  if os.path.expanduser("~") != "~" else None)
    return Path(base) / "replylint" / "replylint.toml" if base else None


def with_overrides(config: Config, **overrides) -> Config:
    return replace(config, **{k: v for k, v in overrides.items() if v is not None})
