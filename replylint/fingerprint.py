"""Cache keys: everything a file's findings depend on, worked out without importing spaCy.

A file's key hashes its bytes, the path shown in reports, whether it is a template, the
--context text, the resolved config (Config.key(): selection, rule options, templates,
known-variables, ...) and the rule set. The rule set is not built to be fingerprinted:
  - replylint's version and the size and mtime of each of its own source files (so an
    editable install or a checkout under development never answers from a stale cache),
  - the name and version of every installed distribution that provides replylint plugins
    (entry points are listed once per sys.path state: the answer is cached under a stamp of
    the sys.path directories' mtimes, which change whenever a package is installed),
  - the contents of the built-in pack directory (rule packs and lexicons) and of the
    config's rule-paths,
  - the version of the spaCy model, when the config names one.
"""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from .__about__ import __version__

GROUPS = ("replylint.rules", "replylint.packs")


def _hash(*parts) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def tree_stamp(root: Path, suffixes: tuple[str, ...] | None = None, *, contents: bool = False) -> str:
    """Every file under root (recursively): its path and size and mtime, or its bytes."""
    h = hashlib.blake2b(digest_size=16)
    if root.is_file():
        entries = [root]
    else:
        entries = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            entries += [Path(dirpath, f) for f in sorted(filenames)]
    for path in entries:
        if suffixes and path.suffix not in suffixes:
            continue
        h.update(str(path.relative_to(root) if path != root else path.name).encode())
        try:
            if contents:
                h.update(path.read_bytes())
            else:
                st = path.stat()
                h.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
        except OSError:
            h.update(b"?")
    return h.hexdigest()


class Fingerprints:
    def __init__(self, cache=None):
        self.cache = cache
        self._ruleset: str | None = None
        self._configs: dict[tuple, str] = {}
        self._by_object: dict[int, tuple[object, str]] = {}

    def ruleset(self) -> str:
        if self._ruleset is None:
            from .builtin import pack_dir

            package = Path(__file__).resolve().parent
            self._ruleset = _hash(
                __version__,
                tree_stamp(package, (".py",)),
                self.plugins(),
                tree_stamp(pack_dir(), contents=True),
            )
        return self._ruleset

    def plugins(self) -> str:
        """Distributions providing replylint entry points, as "name==version" lines."""
        stamp = _hash(*(f"{p}:{_mtime(p)}" for p in sys.path))
        if self.cache is not None:
            hit = self.cache.get("meta", stamp)
            if hit is not None:
                return hit["plugins"]
        from importlib.metadata import entry_points

        found = set()
        for group in GROUPS:
            for ep in entry_points(group=group):
                dist = ep.dist
                found.add(f"{group}:{ep.name}={ep.value} {dist.name if dist else '?'}=={dist.version if dist else '?'}")
        plugins = "\n".join(sorted(found))
        if self.cache is not None:
            self.cache.put("meta", stamp, {"plugins": plugins})
        return plugins

    def config(self, config) -> str:
        known = self._by_object.get(id(config))
        if known is not None and known[0] is config:  # the runner hands out one Config per config file
            return known[1]
        key = config.key()
        if key not in self._configs:
            rule_paths = [tree_stamp(p, contents=True) if p.exists() else f"missing {p}" for p in config.resolved_rule_paths()]
            model = _model_version(config.model) if config.model else ""
            self._configs[key] = _hash(self.ruleset(), repr(key), *rule_paths, model)
        self._by_object[id(config)] = (config, self._configs[key])
        return self._configs[key]

    def file(self, job) -> str:
        context = job.context if job.context is not None else "\x00none"
        return _hash(self.config(job.config), job.display, job.is_template, context, job.data)

    def index(self, displays: list[str]) -> str:
        """One run's paths, in order: the name of the index of their entries."""
        return _hash("index", self.ruleset(), os.getcwd(), *displays)

    def repository(self, config, file_keys: list[str]) -> str:
        return _hash("repository", self.config(config), *sorted(file_keys))


def _mtime(path: str) -> int:
    try:
        return os.stat(path or ".").st_mtime_ns
    except OSError:
        return 0


def _model_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{name}=={version(name)}"
    except PackageNotFoundError:
        return f"{name} (path or not installed)"
