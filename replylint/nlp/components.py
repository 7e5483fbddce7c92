"""replylint's own spaCy components: opaque placeholders, lemma normalisation, email sentences."""
from __future__ import annotations

import bisect
import re

import numpy
from spacy.attrs import LEMMA, ORTH, SENT_START
from spacy.errors import Errors
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from .. import placeholders as placeholder_syntax
from .extensions import PLACEHOLDERS, placeholders, text_of

SENT_END = {".", "!", "?", "...", "…", "?!", "!?", "!!", "??", "!!!", "???", "....", ".."}
CLOSERS = {'"', "'", "”", "’", ")", "]"}
BULLETS = {"-", "*", "•", "–", "—", "+", "·", "o"}
EMOTICON = re.compile(r"^(?:[:;=8][-']?[()DPp/\\|*3]+|<3|\^_?\^|[(][:;][)])$")
# Contractions and spelling variants the lookup tables leave apart; patterns and text meet here.
LEMMA_FIXES = {
    "ca": "can", "wo": "will", "sha": "shall", "'re": "be", "'m": "be", "'ve": "have",
    "'ll": "will", "'d": "would", "n't": "not", "apologise": "apologize",
    "apologised": "apologize", "apologising": "apologize", "apologises": "apologize",
    "realise": "realize", "realised": "realize", "recognise": "recognize",
    "organise": "organize", "prioritise": "prioritize", "emphasise": "emphasize",
    "cancelled": "cancel", "cancelling": "cancel", "travelled": "travel",
    "us": "we", "'s": "'s", "doe": "do",  # the lookup table reads "does" as the plural of "doe"
    # typographic apostrophes, as mail clients and phones type them
    "n’t": "not", "’re": "be", "’m": "be", "’ve": "have", "’ll": "will", "’d": "would", "’s": "'s",
}


def add_upper_case_contractions(nlp) -> None:
    """The tokenizer splits "doesn't" and "Doesn't" but not "DOESN'T": add the upper-case forms."""
    from spacy.symbols import ORTH

    rules = nlp.tokenizer.rules or {}
    for key, pieces in list(rules.items()):
        if ("'" in key or "’" in key) and key == key.lower() and key.upper() not in rules:
            upper = [{ORTH: piece[ORTH].upper()} for piece in pieces]
            if "".join(p[ORTH] for p in upper) == key.upper():
                nlp.tokenizer.add_special_case(key.upper(), upper)


@Language.component("replylint_placeholders")
def merge_placeholders(doc: Doc) -> Doc:
    spans = []
    for start, end in placeholder_syntax.find(text_of(doc)):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and (not spans or span.start >= spans[-1].end):
            spans.append(span)
    found = doc.user_data[PLACEHOLDERS] = {}
    if spans:
        chars = [(span.start_char, span.end_char) for span in spans]
        with doc.retokenize() as retok:
            for span in spans:
                retok.merge(span)
        # Token indices shift as spans merge: find the merged tokens again by character.
        for start_char, end_char in chars:
            merged = doc.char_span(start_char, end_char)
            if merged is not None:
                merged[0]._.is_placeholder = True
                found[merged[0].i] = (merged[0].idx, merged[0].idx + len(merged[0].text))
    return doc


class LookupLemmatizer(Lemmatizer):
    """spaCy's Lemmatizer; in lookup mode each word's lemma is looked up once per process.

    spaCy's own loop sets token.lemma_ token by token through lookup_lemmatize (~1.2 us a
    token, 0.24 ms for a 1 KB reply). Here the lemma of each ORTH hash is kept in a bounded
    memo and the doc's lemmas are written with one from_array: the same lemmas, the same rule
    (only tokens without a lemma, unless `overwrite`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._memo: dict[int, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "lookup" or not len(doc):
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        error_handler = self.get_error_handler()
        try:
            strings = doc.vocab.strings
            memo = self._memo
            if len(memo) > 200_000:  # bound memory in long-running servers
                memo.clear()
            values = doc.to_array([ORTH, LEMMA])
            lemmas = values[:, 1].copy()
            for i, (orth, lemma) in enumerate(values.tolist()):
                if self.overwrite or lemma == 0:
                    found = memo.get(orth)
                    if found is None:
                        found = memo[orth] = strings.add(self.lemmatize(doc[i])[0])
                    lemmas[i] = found
            doc.from_array([LEMMA], lemmas.reshape(-1, 1))
            return doc
        except Exception as e:
            error_handler(self.name, self, [doc], e)


@Language.factory(
    "replylint_lookup_lemmatizer",
    assigns=["token.lemma"],
    default_config={"model": None, "mode": "lookup", "overwrite": False,
                    "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"}},
)
def make_lookup_lemmatizer(nlp, model, name, mode, overwrite, scorer):
    return LookupLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)


class LemmaNormaliser:
    """Lower-case every lemma and fold contractions and British spellings into one form.

    The lookup table is case-sensitive ("CAUSED" has no entry), so capitalised words are
    looked up again in lower case.
    """

    def __init__(self, nlp):
        self.nlp = nlp
        self._table = None
        # (ORTH, LEMMA) hash -> normalised LEMMA hash. Setting token.lemma_ one token at a
        # time cost ~1 us per token; the same words recur, so each pair is worked out once.
        self._memo: dict[tuple[int, int], int] = {}

    def table(self):
        if self._table is None:
            self._table = {}
            if "lemmatizer" in self.nlp.pipe_names:
                lookups = getattr(self.nlp.get_pipe("lemmatizer"), "lookups", None)
                if lookups is not None and lookups.has_table("lemma_lookup"):
                    self._table = lookups.get_table("lemma_lookup")
        return self._table

    def normalise(self, text: str, lower: str, lemma: str) -> str:
        if lower in ("'s", "’s"):  # is / has / possessive: the table says "have"
            return "'s"
        table = self.table()
        lemma = lemma or text
        if text != lower and lemma == text:
            lemma = table.get(lower, lower) if table else lower
        lemma = lemma.lower()
        return LEMMA_FIXES.get(lemma, lemma)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        marked = placeholders(doc)
        strings = doc.vocab.strings
        memo = self._memo
        if len(memo) > 200_000:  # bound memory in long-running servers
            memo.clear()
        values = doc.to_array([ORTH, LEMMA])
        out = numpy.empty(len(doc), dtype="uint64")
        for i, (orth, lemma) in enumerate(values.tolist()):
            found = memo.get((orth, lemma))
            if found is None:
                token = doc[i]
                found = memo[(orth, lemma)] = strings.add(self.normalise(token.text, token.lower_, token.lemma_))
            out[i] = found
        if marked:
            placeholder = strings.add("-placeholder-")
            for i in marked:
                out[i] = placeholder
        doc.from_array([LEMMA], out.reshape(-1, 1))
        return doc


@Language.factory("replylint_lemmas")
def make_lemma_normaliser(nlp, name):
    return LemmaNormaliser(nlp)


def _line_prefix_length(text: str, token_idx: int) -> int:
    start = text.rfind("\n", 0, token_idx) + 1
    return token_idx - start


def _is_step_marker(doc: Doc, i: int) -> bool:
    token = doc[i]
    if token.text in BULLETS:
        return True
    if token.like_num or re.fullmatch(r"\d{1,2}[.)]|[a-z][.)]", token.text):
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        return bool(re.fullmatch(r"\d{1,2}[.)]", token.text)) or (nxt is not None and nxt.text in {".", ")", ":"})
    return False


@Language.component("replylint_sentences")
def email_sentences(doc: Doc) -> Doc:
    """Sentence starts that suit email: lines, bullets, greetings, signatures, zone edges."""
    zones = doc._.zones or []
    # Sorted zone starts: "a zone starts between two tokens" is one bisect comparison.
    bounds = sorted({start for start, _, _ in zones})
    # Each token's attributes read once into lists: a Token object per access is most of
    # this component's cost.
    tokens = list(doc)
    words = [t.text for t in tokens]
    offsets = [t.idx for t in tokens]
    spaces = [t.is_space for t in tokens]
    prev = None  # index of the last non-space token
    starts = [-1] * len(doc)
    text = text_of(doc)
    for i in range(len(tokens)):
        if i == 0:
            starts[i] = 1
            if not spaces[i]:
                prev = i
            continue
        if spaces[i]:
            continue
        if prev is None:
            starts[i] = 1
            prev = i
            continue
        prev_text, prev_idx, word, idx = words[prev], offsets[prev], words[i], offsets[i]
        gap = text[prev_idx + len(prev_text) : idx]
        newlines = gap.count("\n")
        start = False
        if bounds and bisect.bisect_right(bounds, idx) > bisect.bisect_right(bounds, prev_idx):
            start = True
        elif newlines >= 2:
            start = True
        elif prev_text == "." and prev >= 1 and _is_step_marker(doc, prev - 1) and _line_prefix_length(text, offsets[prev - 1]) <= 3:
            start = False  # "1. Open the app": the step number is not a sentence
        elif prev_text in SENT_END or (prev_text[-1:] in "!?" and not tokens[prev].like_url and len(prev_text) > 1 and set(prev_text) <= set("!?")):
            start = word not in CLOSERS and word not in SENT_END
        elif prev_text in CLOSERS and i >= 2 and words[prev - 1] in SENT_END:  # prev 0: words[-1], as doc[-1]
            start = True
        elif (newlines or word[:1].isupper()) and EMOTICON.match(prev_text):
            start = True
        elif newlines == 1:
            line_len = _line_prefix_length(text, prev_idx) + len(prev_text)
            start = _is_step_marker(doc, i) or line_len < 40 or prev_text in {":"}
        starts[i] = 1 if start else -1
        prev = i
    # One array write: setting token.is_sent_start re-scans the doc each time (quadratic).
    if len(doc):
        doc.from_array([SENT_START], numpy.array(starts, dtype="int64").astype("uint64").reshape(-1, 1))
    return doc
