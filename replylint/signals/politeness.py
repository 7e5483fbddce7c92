"""Politeness strategies (Danescu-Niculescu-Mizil et al. 2013) and a hand-weighted politeness score.

The paper ("A computational approach to politeness with application to social factors",
ACL 2013) lists twenty strategies people use to soften or harden a request and reports how
requests using each one were rated. `strategies()` counts them over a Doc or Span without a
parser (positions and word lists instead of dependencies); `politeness_score()` adds up fixed
weights that follow the paper's reported directions and rough sizes. Nothing here is fitted to
data: the word lists live in rules/lexicons/politeness.toml and the weights below are set by
hand, so the score can be evaluated on the Stanford corpus without having been tuned on it.
"""
from __future__ import annotations

from functools import lru_cache

# Weight of each strategy when present (roughly the paper's average politeness of requests
# that use it: gratitude and deference far above zero, factuality and direct starts below).
WEIGHTS: dict[str, float] = {
    "gratitude": 0.9,
    "deference": 0.7,
    "greeting": 0.4,
    "positive_lexicon": 0.15,
    "negative_lexicon": -0.15,
    "apologizing": 0.4,
    "please": 0.5,
    "please_start": -0.3,
    "indirect_btw": 0.6,
    "direct_question": -0.3,
    "direct_start": -0.45,
    "counterfactual_modal": 0.45,
    "factuality": -0.4,
    "second_person_start": -0.3,
    "hedges": 0.15,
    # The paper's effects for pronouns are within 0.1 of zero and the indicative modal's is not
    # significant: counted by strategies(), but given no weight, so that ordinary wording with
    # "I" and "you" does not read as polite by itself.
    "indicative_modal": 0.0,
    "first_person_start": 0.0,
    "first_person_plural": 0.0,
    "first_person": 0.0,
    "second_person": 0.0,
    # Not in the paper: face threats (Brown and Levinson) set by hand like the others.
    "challenge": -0.5,
    "obligation": -0.2,
    "conditional_appreciation": 0.4,
}
STRATEGIES = tuple(WEIGHTS)
_SKIP_START = {'"', "'", "“", "‘", "(", "[", "-", "*", "•", ">", "–", "—", ":", ","}


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The word lists of rules/lexicons/politeness.toml, read once."""
    from ..builtin import load_lexicon

    return load_lexicon("politeness")


class PhraseSet:
    """Single words and multi-word phrases, looked up on a sentence's lower-cased words."""

    def __init__(self, entries):
        self.words = set()
        self.phrases: dict[str, list[tuple[str, ...]]] = {}
        for entry in entries:
            parts = tuple(_split(entry.lower()))
            if len(parts) == 1:
                self.words.add(parts[0])
            elif parts:
                self.phrases.setdefault(parts[0], []).append(parts)
        self.starts = frozenset(self.words | set(self.phrases))

    def positions(self, words: list[str]) -> list[tuple[int, int]]:
        """(start, end) word indices of every entry found in `words`."""
        # Most sentences hold none of a list's words: one set intersection rules them out
        # before the word-by-word walk (RL401 asks ~20 lists about every sentence).
        if self.starts.isdisjoint(words):
            return []
        found = []
        for i, word in enumerate(words):
            if word in self.words:
                found.append((i, i + 1))
            for phrase in self.phrases.get(word, ()):
                if tuple(words[i : i + len(phrase)]) == phrase:
                    found.append((i, i + len(phrase)))
        return found

    def count(self, words: list[str]) -> int:
        return len(self.positions(words))


def _split(text: str) -> list[str]:
    """Split a lexicon entry the way spaCy's English tokenizer splits the reply."""
    out = []
    for word in text.split():
        for suffix in ("n't", "'re", "'ll", "'ve", "'m", "'d", "'s"):
            if word.endswith(suffix) and len(word) > len(suffix):
                stem = word[: -len(suffix)]
                out.extend([{"ca": "ca", "wo": "wo"}.get(stem, stem), suffix])
                break
        else:
            out.append(word)
    return out


@lru_cache(maxsize=1)
def _sets() -> dict[str, PhraseSet]:
    data = lexicon()
    sets = {key: PhraseSet(words) for key, words in data["strategies"].items()}
    sets["positive"] = PhraseSet(data["lexicon"]["positive"])
    sets["negative"] = PhraseSet(data["lexicon"]["negative"])
    return sets


_WORDS = "replylint.sentence_words"


def words_and_tokens(span) -> tuple[list[str], list]:
    """A sentence's lower-cased words and their tokens, index for index.

    Kept per sentence in doc.user_data: RL401, RL405 and RL406 read the same sentences
    several times each. The lists are shared: callers must not change them."""
    doc = getattr(span, "doc", None)
    if doc is None or not hasattr(span, "start_char"):  # a Doc, or a plain list of tokens
        tokens = [t for t in span if not t.is_space]
        return [t.lower_.replace("’", "'") for t in tokens], tokens
    cache = doc.user_data.get(_WORDS)
    if cache is None:
        cache = doc.user_data[_WORDS] = {}
    key = (span.start, span.end)
    found = cache.get(key)
    if found is None:
        tokens = [t for t in span if not t.is_space]
        found = cache[key] = ([t.lower_.replace("’", "'") for t in tokens], tokens)
    return found


def sentence_words(span) -> list[str]:
    """Lower-cased words of a sentence, without spaces and with the apostrophe folded."""
    return words_and_tokens(span)[0]


def sentence_tokens(span) -> list:
    """The tokens sentence_words() returns the words of, index for index."""
    return words_and_tokens(span)[1]


@lru_cache(maxsize=None)
def phrase_set(section: str, key: str) -> PhraseSet:
    """A word list of rules/lexicons/politeness.toml, e.g. phrase_set("refusal", "triggers")."""
    return PhraseSet(lexicon()[section][key])


def _first_word(words: list[str]) -> tuple[int, str]:
    for i, word in enumerate(words):
        if word not in _SKIP_START:
            return i, word
    return len(words), ""


def _sentences(obj):
    if hasattr(obj, "sents"):
        try:
            return list(obj.sents)
        except ValueError:  # a doc without sentence boundaries
            return [obj[:]] if hasattr(obj, "__getitem__") else [obj]
    return [obj]


@lru_cache(maxsize=1)
def _index() -> dict[str, list[tuple[str, tuple[str, ...] | None]]]:
    """Every list's entries by first word: one walk over a sentence finds all strategies."""
    index: dict[str, list] = {}
    for name, phrases in _sets().items():
        for word in phrases.words:
            index.setdefault(word, []).append((name, None))
        for first, entries in phrases.phrases.items():
            index.setdefault(first, []).extend((name, entry) for entry in entries)
    return index


def _hits(words: list[str]) -> dict[str, list[int]]:
    """Start indices of every entry of every list found in `words`, by list name."""
    index = _index()
    found: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        for name, phrase in index.get(word, ()):
            if phrase is None or tuple(words[i : i + len(phrase)]) == phrase:
                found.setdefault(name, []).append(i)
    return found


def sentence_strategies(sent) -> dict[str, int]:
    """Strategy counts of one sentence (a Span)."""
    sets = _sets()
    words = sentence_words(sent)
    counts = dict.fromkeys(STRATEGIES, 0)
    if not words:
        return counts
    start, first = _first_word(words)
    hits = _hits(words)

    def count(name: str) -> int:
        return len(hits.get(name, ()))

    def after_start(name: str) -> int:
        return sum(1 for a in hits.get(name, ()) if a > start)

    counts["gratitude"] = count("gratitude")
    counts["deference"] = int(first in sets["deference"].words)
    counts["greeting"] = int(start in hits.get("greeting", ()))
    counts["apologizing"] = count("apologizing")
    please_at = hits.get("please", [])
    counts["please_start"] = int(start in please_at)
    counts["please"] = sum(1 for a in please_at if a != start)
    counts["counterfactual_modal"] = count("counterfactual_modal")
    counts["indicative_modal"] = count("indicative_modal")
    counts["first_person_start"] = int(first in sets["first_person_singular"].words)
    counts["first_person"] = after_start("first_person_singular")
    counts["first_person_plural"] = count("first_person_plural")
    counts["second_person_start"] = int(first in sets["second_person"].words)
    counts["second_person"] = after_start("second_person")
    is_question = any(w.endswith("?") for w in words[-3:])
    counts["direct_question"] = int(is_question and any(w in sets["question_words"].words for w in words[start : start + 2]))
    counts["direct_start"] = int(first in sets["direct_start"].words and len(words) - start > 2)
    for name in ("factuality", "indirect_btw", "hedges", "challenge", "obligation", "conditional_appreciation"):
        counts[name] = count(name)
    counts["positive_lexicon"] = count("positive")
    counts["negative_lexicon"] = count("negative")
    return counts


def strategies(doc) -> dict[str, int]:
    """How often each strategy occurs in a Doc or Span, sentence by sentence."""
    total = dict.fromkeys(STRATEGIES, 0)
    for sent in _sentences(doc):
        for key, value in sentence_strategies(sent).items():
            total[key] += value
    return total


def score_strategies(counts: dict[str, int]) -> float:
    """The weighted sum of the strategies present (presence, as in the paper's binary features)."""
    return sum(WEIGHTS[key] for key, value in counts.items() if value and key in WEIGHTS)


def politeness_score(text_or_doc) -> float:
    """A warmth/politeness signal: > 0 reads polite, < 0 reads curt. Takes text, a Doc or a Span."""
    if isinstance(text_or_doc, str):
        from ..nlp import get_pipeline
        from ..nlp.pipeline import process

        text_or_doc = process(get_pipeline(), text_or_doc)
    return score_strategies(strategies(text_or_doc))
