"""A spaCy Matcher run only where a match can be, with exactly the Matcher's results.

The Matcher starts every pattern at every token and tests most token specs through Python
predicates (every `{"IN": [...]}` set is one), so its cost is tokens x patterns: about 1.5 ms
for 50 patterns over a 1 KB reply, most of it at tokens where nothing can match.

Every pattern our pattern language compiles to takes a bounded number of tokens (each token
spec one, or none when optional) and, nearly always, has a required token spec with known
words (a LEMMA, LOWER, ORTH or TEXT value or `IN` set): its *anchor*. A match of a pattern
whose anchor is spec k of n contains a token q matching that spec and lies in
[q - k, q + n - k). WindowedMatcher finds the anchor tokens by hash lookups, runs the
Matcher on those windows (overlapping ones merged) and shifts the results back.

Same results in the same order: every match lies inside the window of its own anchor token;
a state the Matcher starts before a window can never complete; at a window's end no state
that can still complete is pending. So within a window the Matcher records the same matches
in the same order as over the whole doc, and windows come in doc order. Patterns with
repeat operators (+, *, {n,m}), negation (!) or no anchorable spec, and matchers with
callbacks or greedy filters, are not windowed: the doc is matched whole.
"""
from __future__ import annotations

_ANCHOR_ATTRS = ("LEMMA", "LOWER", "ORTH", "TEXT")


def _anchor_cost(values: list[str]) -> int:
    """Lower is a rarer anchor, so fewer windows. Only speed depends on this choice."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return sum(1 if v.isalpha() and v.lower() not in STOP_WORDS else 50 for v in values)


def _spec_values(spec: dict) -> tuple[str, list[str]] | None:
    """(attribute, words) when a token spec requires one of known words, else None."""
    if spec.get("OP") not in (None, "1"):
        return None
    keys = set(spec) - {"OP", "IS_SENT_START", "SENT_START"}
    if len(keys) != 1:
        return None
    attr = next(iter(keys))
    value = spec[attr]
    if attr not in _ANCHOR_ATTRS:
        return None
    if isinstance(value, str):
        return attr, [value]
    if isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
        return attr, list(value["IN"])
    return None


_COLUMNS = "replylint.token_columns"


def _columns(doc, attrs: list[str]) -> list[list[int]]:
    """Each attribute's value (string hash) for every token, read once per doc for all matchers."""
    cached = doc.user_data.get(_COLUMNS)
    if cached is None or cached[0] != len(doc):
        cached = doc.user_data[_COLUMNS] = (len(doc), {})
    table = cached[1]
    missing = [attr for attr in attrs if attr not in table]
    if missing:
        values = doc.to_array(missing).reshape(len(doc), len(missing)).T.tolist()
        table.update(zip(missing, values))
    return [table[attr] for attr in attrs]


def token_column(doc, attr: str) -> list[int]:
    """One attribute's value (string hash) for every token of the doc, read once per doc."""
    return _columns(doc, [attr])[0]


class WindowedMatcher:
    """spaCy's Matcher with the same add() and call, matched only around anchor tokens."""

    def __init__(self, vocab):
        from spacy.matcher import Matcher

        self.vocab = vocab
        self.matcher = Matcher(vocab)
        self._patterns: list[list[dict]] = []
        self._plan = None  # see _build_plan; False: match whole docs
        self._windowed = True

    def add(self, key, patterns, *, on_match=None, greedy=None) -> None:
        self.matcher.add(key, patterns, on_match=on_match, greedy=greedy)
        self._patterns.extend(patterns)
        if on_match is not None or greedy is not None:
            self._windowed = False
        self._plan = None

    def __len__(self) -> int:
        return len(self.matcher)

    def __contains__(self, key) -> bool:
        return key in self.matcher

    def _build_plan(self):
        from spacy.strings import get_string_id

        if not self._windowed or not self._patterns:
            return False
        attrs: dict[str, int] = {}  # attribute -> its column

        def column(attr: str) -> int:
            return attrs.setdefault("ORTH" if attr == "TEXT" else attr, len(attrs))

        # anchor column -> word hash -> {(reach before, reach after, checks)}; a check is
        # (offset from the anchor, column, word hashes) for a required spec at a fixed offset.
        anchors: dict[int, dict[int, set]] = {}
        for pattern in self._patterns:
            if any(spec.get("OP") not in (None, "1", "?") for spec in pattern):
                return False
            options = [(k, found) for k, found in enumerate(map(_spec_values, pattern)) if found is not None]
            if not options:
                return False
            k, (attr, values) = min(options, key=lambda option: _anchor_cost(option[1][1]))
            checks = []
            for step in (1, -1):
                j, offset = k + step, 0
                while 0 <= j < len(pattern) and pattern[j].get("OP") in (None, "1"):
                    offset += step
                    found = _spec_values(pattern[j])
                    if found is not None:
                        checks.append((offset, column(found[0]), frozenset(map(get_string_id, found[1]))))
                    j += step
            entry = (k, len(pattern) - k, tuple(checks))
            table = anchors.setdefault(column(attr), {})
            for value in values:
                table.setdefault(get_string_id(value), set()).add(entry)
        tables = [(c, {key: tuple(entries) for key, entries in table.items()}) for c, table in anchors.items()]
        return list(attrs), tables

    def windows(self, doc, lo: int, hi: int) -> list[tuple[int, int]] | None:
        """Token ranges of doc[lo:hi] to match, or None to match it whole.

        A window is opened at an anchor token only when some pattern anchored on its word
        also has its fixed-offset neighbours there: a necessary condition for a match."""
        if self._plan is None:
            self._plan = self._build_plan()
        if not self._plan:
            return None
        attrs, tables = self._plan
        columns = _columns(doc, attrs)
        spans = []
        for c, table in tables:
            anchor_column = columns[c]
            for i in range(lo, hi):
                entries = table.get(anchor_column[i])
                if entries is None:
                    continue
                for before, after, checks in entries:
                    for offset, c2, words in checks:
                        j = i + offset
                        if not (lo <= j < hi and columns[c2][j] in words):
                            break
                    else:
                        spans.append((max(lo, i - before), min(hi, i + after)))
        # A later anchor can reach further back than an earlier one: sort before merging.
        out: list[list[int]] = []
        for start, end in sorted(spans):
            if out and start <= out[-1][1]:
                out[-1][1] = max(out[-1][1], end)
            else:
                out.append([start, end])
        return [(a, b) for a, b in out]

    def __call__(self, doclike) -> list[tuple[int, int, int]]:
        """(match_id, start, end) as Matcher(doclike) returns them, offsets relative to doclike."""
        from spacy.tokens import Span

        if isinstance(doclike, Span):
            doc, lo, hi = doclike.doc, doclike.start, doclike.end
        else:
            doc, lo, hi = doclike, 0, len(doclike)
        spans = self.windows(doc, lo, hi)
        if spans is None or (len(spans) == 1 and spans[0] == (lo, hi)):
            return self.matcher(doclike)
        out = []
        for a, b in spans:
            out.extend((key, a - lo + s, a - lo + e) for key, s, e in self.matcher(doc[a:b]))
        return out
