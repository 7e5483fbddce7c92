"""The Linter: loads rules once, runs them over documents, filters and positions findings."""
from __future__ import annotations

import threading
from functools import cached_property

from .config import Config
from .document import REPLY_ZONES, Document
from .errors import ConfigError, InputError
from .finding import SEVERITY_RANK, Finding
from .plugins import load_registry
from .selection import ignored, select_codes
from . import suppress


class Context:
    """What a rule sees while checking one document."""

    def __init__(self, linter: "Linter", document: Document, doc):
        self.linter = linter
        self.document = document
        self.doc = doc
        self.config = linter.config
        self.is_template = document.is_template
        from .nlp.extensions import text_of

        self.text = text_of(doc)  # Doc.text re-joins every token on each access: rules read this
        self.cache: dict = {}  # per-document results shared between rules (e.g. phrase matches)
        from .nlp.extensions import placeholders, span_zone, zone_lookup

        self._placeholders = list(placeholders(doc).values())
        self._sents: dict[frozenset, list] = {}
        self.zone_of = zone_lookup(doc)  # char offset -> zone, as token._.zone but cheaper
        self._all_sents = [(s, span_zone(s, self.zone_of)) for s in doc.sents]

    @cached_property
    def customer(self):
        """The customer's message as a spaCy Doc, or None when there is no context."""
        text = self.document.context
        if not text or not text.strip():
            return None
        from .nlp.pipeline import process
        from .zones import split

        # Zoned like the reply, so that their signature, legal footer and the history they
        # quote are not read as what they wrote now.
        zones = [(z.start, z.end, z.kind) for z in split(text).zones]
        return process(self.linter.nlp, text, zones, parse=self.linter.parses_customer)

    def sents(self, zones=REPLY_ZONES):
        """The non-blank sentences in the given zones (computed once per zone set)."""
        key = frozenset(zones)
        if key not in self._sents:
            self._sents[key] = [s for s, zone in self._all_sents if zone in key and s.text.strip()]
        return self._sents[key]

    def doc_zone(self, offset: int) -> str:
        return self.document.zone_at(offset)

    def placeholder_tokens(self) -> list[int]:
        """Token indices of the doc's placeholders, in order."""
        from .nlp.extensions import placeholders

        return list(placeholders(self.doc))

    def in_placeholder(self, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in self._placeholders)

    def finding(self, rule, start, end, message, *, suggestions=(), evidence=None, better=None,
                confidence: float | None = None, severity: str | None = None) -> Finding:
        suggestions = list(suggestions)
        return Finding(
            code=rule.code, name=rule.name, severity=severity or rule.severity, message=message,
            start=start, end=end, path=self.document.path, suggestions=suggestions,
            evidence=dict(evidence or {}), title=self.document.title,
            confidence=None if confidence is None else round(confidence, 3),
        )


def _rule_settings(config: Config, cls) -> tuple[dict, str | None]:
    options: dict = {}
    severity = None
    for key in (cls.code, cls.name):
        if key in config.rules:
            opts = dict(config.rules[key])
            severity = opts.pop("severity", severity)
            options.update(opts)
        if key in config.severity:
            severity = config.severity[key]
    return options, severity


# One lock per spaCy pipeline, not per Linter: get_pipeline hands every Linter with the same
# model the same nlp object, so Linters built from different configs still share its state.
_PIPELINE_LOCKS: dict[str | None, threading.Lock] = {}


def _pipeline_lock(model: str | None) -> threading.Lock:
    return _PIPELINE_LOCKS.setdefault(model, threading.Lock())


class Linter:
    """Holds the pipeline and the configured rules for fast repeated linting.

    Safe to share across threads, and several Linters may be used from different threads at
    once: building the rules and each lint run hold a lock kept per spaCy pipeline (shared by
    every Linter on the same model), because spaCy's tokenizer caches and the matchers are
    not documented as thread-safe. Calls on one pipeline are serialised, not run in parallel.
    """

    def __init__(self, config: Config | None = None, *, registry=None):
        self.config = config or Config()
        self.registry = registry or load_registry(self.config.resolved_rule_paths())
        default_off = {code for code, cls in self.registry.rules.items() if not cls.default_enabled}
        self.codes = select_codes(self.registry, self.config, default_off)
        where = f"{self.config.path}: " if self.config.path else ""  # rule options come from this file
        for key in list(self.config.rules) + list(self.config.severity):
            if self.registry.by_name_or_code(key) is None:
                raise ConfigError(f"{where}options given for unknown rule {key!r}")
        from .nlp import get_pipeline

        self.nlp = get_pipeline(self.config.model)
        self._lock = _pipeline_lock(self.config.model)
        self.rules = []
        with self._lock:  # setup tokenizes patterns with the shared pipeline
            for code in self.codes:
                cls = self.registry.rules[code]
                options, severity = _rule_settings(self.config, cls)
                try:
                    rule = cls(options)
                except ConfigError as exc:
                    raise ConfigError(f"{where}{exc}") from None
                if severity:
                    rule.severity = severity
                rule.setup(self.nlp)
                self.rules.append(rule)
            needs = {rule.needs_parse for rule in self.rules}
            self.parses_reply = bool(needs & {True, "reply"})
            self.parses_customer = bool(needs & {True, "customer"})
            # spaCy's max_length (1M characters) bounds its parser's memory; without a parser
            # memory grows about 110 MB per million characters, so max-file-size is the limit.
            if "parser" not in self.nlp.pipe_names and self.nlp.max_length < self.config.max_file_size:
                self.nlp.max_length = self.config.max_file_size

    @property
    def parses(self) -> bool:
        """True when a selected rule reads the parse of the reply or of the customer's message."""
        return self.parses_reply or self.parses_customer

    @parses.setter
    def parses(self, value: bool) -> None:  # benchmarks: parse both, or neither
        self.parses_reply = self.parses_customer = value

    def rule_infos(self) -> dict:
        """RuleInfo of each rule that runs, by code, built once: parsing 22 docstrings cost
        ~0.4 ms, on every server request. Shared between results: do not change them."""
        infos = self.__dict__.get("_rule_infos")
        if infos is None:
            from .rule import RuleInfo

            infos = {}
            for rule in self.rules:
                infos.setdefault(rule.code, RuleInfo.of(type(rule)))
            self._rule_infos = infos
        return infos

    def lint(self, reply: str, customer: str | None = None, *, path: str = "-", is_template: bool = False) -> list[Finding]:
        """Lint a reply given as text; `customer` is their message (else quoted history is used)."""
        from . import zones as zoning

        split = zoning.split(reply)
        document = Document(path=path, text=reply, zones=split.zones, context=split.context,
                            context_origin="quoted" if split.context else None,
                            customer_name=split.customer_name, is_template=is_template)
        if customer is not None:
            document.context, document.context_origin = customer, "api"
        return self.lint_document(document)

    def lint_document(self, document: Document) -> list[Finding]:
        if document.is_template and "{%" in document.text:
            from .liquid import lint_branches

            return lint_branches(self._lint_text, document)  # each {% if %} branch on its own
        return self._lint_text(document)

    def _lint_text(self, document: Document) -> list[Finding]:
        from .nlp.pipeline import process

        text, suppressions = suppress.parse(document.text)
        zones = [(z.start, z.end, z.kind) for z in document.zones]
        file_ignores = self.config.ignored_for(document.path) if document.path not in {"-", "<string>"} else []
        self._check_length(document)
        findings = []
        with self._lock:
            doc = process(self.nlp, text, zones, parse=self.parses_reply)
            ctx = Context(self, document, doc)
            for rule in self.rules:
                if rule.needs_context and not (document.context and document.context.strip()):
                    continue
                if file_ignores and ignored(rule.code, file_ignores):
                    continue
                for finding in rule.check(ctx):
                    if not suppressions.covers(finding.start, finding.code):
                        findings.append(finding)
        findings = merge_one_problem(findings)
        for finding in findings:
            self._place(document, finding)
        findings.sort(key=Finding.sort_key)
        return findings

    def _check_length(self, document: Document) -> None:
        """Refuse text spaCy would refuse mid-run, with a reason instead of its ValueError."""
        limit = min(self.nlp.max_length, self.config.max_file_size)
        why = "max-file-size" if limit == self.config.max_file_size else f"the limit of model {self.config.model}"
        for what, text in (("text", document.text), ("customer message", document.context or "")):
            if len(text) > limit:
                raise InputError(document.path, f"{what} is longer than {limit:,} characters ({why})")

    @staticmethod
    def _place(document: Document, finding: Finding) -> None:
        finding.line, finding.column = document.position(finding.start)
        finding.end_line, finding.end_column = document.position(finding.end)
        finding.source_line = document.source_line(finding.line)


# The named forms of a cold reply and its stock phrases: on the sentence RL401 reports, they are
# reasons of that one finding, not findings of their own (one problem, one finding).
FOLDED_INTO_COLD = ("RL101", "RL402", "RL403", "RL405", "RL406")


def merge_one_problem(findings: list[Finding]) -> list[Finding]:
    cold = [f for f in findings if f.code == "RL401"]
    if not cold:
        return findings
    folded: set[int] = set()
    for host in cold:
        inside = [f for f in findings if f.code in FOLDED_INTO_COLD and id(f) not in folded
                  and host.start <= f.start and f.end <= host.end and f.path == host.path and f.title == host.title]
        if not inside:
            continue
        folded.update(id(f) for f in inside)
        host.message += " Also in this sentence: " + " ".join(f"[{f.code}] {f.message}" for f in inside)
        host.evidence["also"] = ", ".join(dict.fromkeys(f.code for f in inside))
        host.suggestions.extend(s for f in inside for s in f.suggestions)
        strongest = max(inside, key=lambda f: SEVERITY_RANK.get(f.severity, 0))
        if SEVERITY_RANK.get(strongest.severity, 0) > SEVERITY_RANK.get(host.severity, 0):
            host.severity = strongest.severity  # folding must not weaken what would block a send
    return [f for f in findings if id(f) not in folded]


_DEFAULT: dict[tuple, Linter] = {}


def lint(reply: str, customer: str | None = None, config: Config | dict | None = None) -> list[Finding]:
    """Lint one reply. `config` is a Config, a dict of config keys, or None for the defaults."""
    if isinstance(config, dict):
        from pathlib import Path

        from .config import from_dict

        config = from_dict(config, "config", Path.cwd())
    config = config or Config()
    key = config.key()
    linter = _DEFAULT.get(key)
    if linter is None:
        linter = _DEFAULT[key] = Linter(config)
    return linter.lint(reply, customer)
