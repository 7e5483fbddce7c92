"""replylint's own spaCy components: opaque placeholders, lemma normalisation, email sentences."""
from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
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


class LemmaNormaliser:
    """Lower-case every lemma and fold contractions and British spellings into one form.

    The lookup table is case-sensitive ("CAUSED" has no entry), so capitalised words are
    looked up again in lower case.
    """

    def __init__(self, nlp):
        self.nlp = nlp
        self._table = None

    def table(self):
        if self._table is None:
            self._table = {}
            if "lemmatizer" in self.nlp.pipe_names:
                lookups = getattr(self.nlp.get_pipe("lemmatizer"), "lookups", None)
                if lookups is not None and lookups.has_table("lemma_lookup"):
                    self._table = lookups.get_table("lemma_lookup")
        return self._table

    def __call__(self, doc: Doc) -> Doc:
        table = self.table()
        marked = placeholders(doc)
        for token in doc:
            if token.i in marked:
                token.lemma_ = "-placeholder-"
                continue
            if token.lower_ in ("'s", "’s"):  # is / has / possessive: the table says "have"
                token.lemma_ = "'s"
                continue
            lemma = token.lemma_ or token.text
            if token.text != token.lower_ and lemma == token.text:
                lemma = table.get(token.lower_, token.lower_) if table else token.lower_
            lemma = lemma.lower()
            token.lemma_ = LEMMA_FIXES.get(lemma, lemma)
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
    zone_bounds = {start for start, _, _ in zones}
    prev = None  # last non-space token
    starts = [-1] * len(doc)
    text = text_of(doc)
    for i, token in enumerate(doc):
        if i == 0:
            starts[i] = 1
            if not token.is_space:
                prev = token
            continue
        if token.is_space:
            continue
        if prev is None:
            starts[i] = 1
            prev = token
            continue
        gap = text[prev.idx + len(prev.text) : token.idx]
        newlines = gap.count("\n")
        start = False
        if any(prev.idx < b <= token.idx for b in zone_bounds):
            start = True
        elif newlines >= 2:
            start = True
        elif prev.text == "." and prev.i >= 1 and _is_step_marker(doc, prev.i - 1) and _line_prefix_length(text, doc[prev.i - 1].idx) <= 3:
            start = False  # "1. Open the app": the step number is not a sentence
        elif prev.text in SENT_END or (prev.text[-1:] in "!?" and not prev.like_url and len(prev.text) > 1 and set(prev.text) <= set("!?")):
            start = token.text not in CLOSERS and token.text not in SENT_END
        elif prev.text in CLOSERS and i >= 2 and doc[prev.i - 1].text in SENT_END:
            start = True
        elif EMOTICON.match(prev.text) and (newlines or token.text[:1].isupper()):
            start = True
        elif newlines == 1:
            line_len = _line_prefix_length(text, prev.idx) + len(prev.text)
            start = _is_step_marker(doc, i) or line_len < 40 or prev.text in {":"}
        starts[i] = 1 if start else -1
        prev = token
    # One array write: setting token.is_sent_start re-scans the doc each time (quadratic).
    if len(doc):
        doc.from_array([SENT_START], numpy.array(starts, dtype="int64").astype("uint64").reshape(-1, 1))
    return doc
