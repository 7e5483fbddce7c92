"""The phrase pattern language of rule packs, compiled to spaCy Matcher token patterns.

A pattern is words separated by spaces, matched on lower-cased lemmas so inflections match
("we apologize" also matches "We apologized"):

    word        a word, matched by lemma (any inflection, any case)
    =word       the exact word form (case-insensitive), no other inflection
    a|b|c       one of several words
    (a b)       a group; (a b|c d) alternatives of several words
    x?  (a b)?  optional word or group
    *           any one token; *? an optional one
    #num        a number
    ^word       the word starts a sentence ("^just restart" flags "Just restart the router.")

Example: "we apologize for the|any inconvenience (this may have)? cause?"
"""
from __future__ import annotations

import itertools
import re

from .errors import PluginError

_TOKEN = re.compile(r"\(|\)\??|[^\s()]+")
MAX_EXPANSIONS = 256


def _parse(pattern: str):
    """Parse into a list of items; an item is (alternatives, optional), each alternative a word list."""
    tokens = _TOKEN.findall(pattern)
    items = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok == "(":
            depth, j = 1, i + 1
            while j < len(tokens) and depth:
                if tokens[j] == "(":
                    raise PluginError(f"pattern {pattern!r}: nested groups are not supported")
                if tokens[j].startswith(")"):
                    depth -= 1
                j += 1
            if depth:
                raise PluginError(f"pattern {pattern!r}: unclosed '('")
            inner = " ".join(tokens[i + 1 : j - 1])
            optional = tokens[j - 1] == ")?"
            alts = [alt.split() for alt in inner.split("|")]
            if any(not alt for alt in alts):
                raise PluginError(f"pattern {pattern!r}: empty alternative in a group")
            items.append((alts, optional))
            i = j
            continue
        if tok.startswith(")"):
            raise PluginError(f"pattern {pattern!r}: unmatched ')'")
        optional = tok.endswith("?") and tok not in {"?"} and len(tok) > 1
        word = tok[:-1] if optional else tok
        items.append(([[alt] for alt in word.split("|") if alt], optional))
        i += 1
    if not items:
        raise PluginError(f"pattern {pattern!r} is empty")
    return items


def _word_tokens(nlp, word: str) -> list[dict]:
    """Token dicts for one written word (which may tokenize into several tokens: don't)."""
    if word.startswith("^") and len(word) > 1:
        tokens = _word_tokens(nlp, word[1:])
        tokens[0] = dict(tokens[0], IS_SENT_START=True)
        return tokens
    if word == "*":
        return [{}]
    if word == "#num":
        return [{"LIKE_NUM": True}]
    exact = word.startswith("=")
    text = word[1:] if exact else word
    if exact:
        return [{"LOWER": lower} for lower, _ in _analyse(nlp, text)]
    return [{"LEMMA": lemma} for _, lemma in _analyse(nlp, text)]


_ANALYSED: dict[tuple[int, str], tuple[tuple[str, str], ...]] = {}


def _analyse(nlp, text: str) -> tuple[tuple[str, str], ...]:
    """(lower, lemma) of each token of a pattern word. Packs repeat the same words thousands
    of times, so each is analysed once per pipeline; sentence splitting is not needed."""
    key = (id(nlp), text)
    found = _ANALYSED.get(key)
    if found is None:
        doc = nlp.make_doc(text)
        for name, proc in nlp.pipeline:
            if name not in {"replylint_sentences", "parser", "senter", "ner"}:
                doc = proc(doc)
        found = _ANALYSED[key] = tuple((t.lower_, t.lemma_) for t in doc)
    return found


def compile_pattern(nlp, pattern: str) -> list[list[dict]]:
    """One written pattern -> a list of Matcher patterns (expanding multi-token alternatives)."""
    items = _parse(pattern)
    slots = []  # each slot: list of alternative token-lists, and whether optional
    for alts, optional in items:
        token_alts = []
        for alt in alts:
            seq = []
            for word in alt:
                if word == "*?":
                    seq.append({"OP": "?"})
                else:
                    seq.extend(_word_tokens(nlp, word))
            token_alts.append(seq)
        singles = all(len(seq) == 1 and len(seq[0]) == 1 and set(seq[0]) <= {"LEMMA", "LOWER"} for seq in token_alts)
        keys = {next(iter(seq[0])) for seq in token_alts} if singles else set()
        if singles and len(keys) == 1 and len(token_alts) > 1:
            key = keys.pop()
            merged = {key: {"IN": sorted({seq[0][key] for seq in token_alts})}}
            if optional:
                merged["OP"] = "?"
            slots.append([[merged]])
        elif len(token_alts) == 1 and len(token_alts[0]) == 1 and optional:
            slots.append([[dict(token_alts[0][0], OP="?")]])
        else:
            slots.append(token_alts + ([[]] if optional else []))
    combos = 1
    for slot in slots:
        combos *= len(slot)
    if combos > MAX_EXPANSIONS:
        raise PluginError(f"pattern {pattern!r} expands to {combos} variants (limit {MAX_EXPANSIONS}); split it")
    out = []
    for choice in itertools.product(*slots):
        seq = [tok for part in choice for tok in part]
        # a pattern of only optional tokens would match everywhere
        if seq and any(tok.get("OP") != "?" for tok in seq):
            out.append(seq)
    if not out:
        raise PluginError(f"pattern {pattern!r} matches nothing or everything")
    return out
