"""What the dependency parse says about a customer's sentence.

Requests that carry no question mark and no cue phrase ("Give me my money back", "I need
this sorted today", "we want the extra charge reversed"), questions embedded in a statement
("I was wondering whether ...", "I'd like to know how ..."), and what kind of answer a
question asks for. Every function answers None when the sentence was not parsed (the parse
is skipped when no selected rule reads it, and for zones no rule reads)."""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Span, Token

SUBJECTS = {"nsubj", "nsubj:pass", "expl", "csubj"}
OPENERS = {"discourse", "vocative", "cc", "punct", "intj", "dep"}
FIRST_PERSON = {"i", "we"}
WH = {"how", "what", "why", "when", "where", "which", "who", "whom", "whose"}


@lru_cache(maxsize=1)
def _words() -> dict:
    from ..builtin import load_lexicon

    data = load_lexicon("questions")["syntax"]
    return {key: frozenset(value) for key, value in data.items()}


def is_parsed(span: Span) -> bool:
    """True when the tagger and parser ran over this span (not a flat, unparsed zone)."""
    return any(t.pos_ not in ("", "SPACE") for t in span)


def _negated(token: Token) -> bool:
    return any(c.dep_ == "advmod" and c.lower_ in ("not", "n't", "n’t", "never") for c in token.children)


def _subject(token: Token) -> Token | None:
    return next((c for c in token.children if c.dep_ in SUBJECTS), None)


def _is_handle(token: Token) -> bool:
    return token.text.startswith(("@", "#")) or token.is_space


def main_word(span: Span) -> Token:
    """The root of the sentence, past any leading @handles: the treebank has none, so a
    tweet's opening handle often becomes the root, with the real clause hung under it."""
    root = span.root
    if not _is_handle(root):
        return root
    inside = [t for t in span if not _is_handle(t) and not t.is_punct]
    heads = [t for t in inside if t.head == t or _is_handle(t.head) or not (span.start <= t.head.i < span.end)]
    return heads[0] if heads else root


def imperative(span: Span) -> Token | None:
    """The verb of a sentence that tells the company to do something: "refund the extra
    charge", "please call me back", "@brand give me my money back". Only a bare verb that
    opens its sentence, has no subject and asks for something (not "thank you", "love it")."""
    if not is_parsed(span):
        return None
    root = main_word(span)
    words = _words()
    if root.pos_ != "VERB" or _subject(root) is not None or root.lemma_ in words["not_asking_verbs"]:
        return None
    if "Imp" not in root.morph.get("Mood") and root.morph.get("VerbForm") != ["Inf"]:
        return None
    if root.lower_ != root.lemma_:  # "fixed", "sent": a story, not an ask
        return None
    for token in span[: root.i - span.start]:
        if token.is_punct or _is_handle(token):
            continue
        if token.dep_ in OPENERS or token.lower_ in words["openers"]:
            continue
        return None
    return root


def wants(span: Span) -> Token | None:
    """"I need this fixed today", "we want a refund", "I would like my account closed": the
    customer, as subject, needs or wants something done (not "I don't need it any more")."""
    if not is_parsed(span):
        return None
    words = _words()
    for token in span:
        if token.lemma_ not in words["want_verbs"] or token.pos_ != "VERB" or _negated(token):
            continue
        if "Past" in token.morph.get("Tense"):
            continue  # "I wanted to let you know ...": a story, not an ask
        subject = _subject(token)
        if subject is None or subject.lower_ not in FIRST_PERSON:
            continue
        if token.lemma_ == "like" and not any(c.dep_ == "aux" and c.lemma_ in ("would", "will") for c in token.children):
            continue  # "I like the new app" is praise
        for child in token.children:
            # "I want to cancel", "I need this sorted": something to be done ...
            if child.dep_ in ("xcomp", "ccomp") and child.pos_ == "VERB" and child.lemma_ not in words["telling_verbs"]:
                return token
            # ... "I need help", "I want my money back": something the company gives
            if child.dep_ == "obj" and (child.lemma_ in words["wanted_things"]
                                        or any(c.lower_ == "back" for c in token.children)):
                return token
            # ... "we want the charge reversed", read as a participle on the object
            if child.dep_ == "obj" and any(g.dep_ in ("acl", "xcomp") and "Part" in g.morph.get("VerbForm")
                                           and g.lemma_ not in words["telling_verbs"] for g in child.children):
                return token
    return None


def embedded_question(span: Span) -> Token | None:
    """"I was wondering whether ...", "I'd like to know how ...", "tell me why ...": a verb of
    knowing or asking whose clause is opened by whether, if or a question word."""
    if not is_parsed(span):
        return None
    words = _words()
    for token in span:
        if token.lemma_ not in words["asking_verbs"]:
            continue
        for child in token.children:
            if child.dep_ not in ("ccomp", "advcl", "xcomp", "obj", "csubj"):
                continue
            clause = list(child.subtree)
            opener = clause[0].lower_ if clause else ""
            marked = any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in child.children)
            if not (marked or opener in WH or opener in ("whether", "if")):
                continue
            owner = token if _subject(token) is not None else token.head
            subject = _subject(owner)
            if subject is None and owner.pos_ == "VERB" and owner.lower_ == owner.lemma_:
                return token  # "tell me why", "please advise whether"
            if subject is not None and subject.lower_ in FIRST_PERSON:
                return token
    return None


def asks_for(span: Span) -> str | None:
    """The kind of answer a question asks for: time, amount, place, reason, method, thing,
    or yes-no; None for a request or an unparsed sentence."""
    if not is_parsed(span):
        return None
    tokens = [t for t in span if not t.is_space and not t.is_punct and not t.text.startswith("@")]
    for i, token in enumerate(tokens):
        lower = token.lower_
        nxt = tokens[i + 1].lower_ if i + 1 < len(tokens) else ""
        if lower == "how" and nxt in ("much", "many"):
            return "amount"
        if lower == "how" and nxt in ("long", "soon"):
            return "time"
        if lower == "how" and nxt == "come":
            return "reason"
        if lower in WH and (token.tag_.startswith("W") or "Int" in token.morph.get("PronType")
                            or i == 0 or token.dep_ in ("advmod", "obj", "nsubj")):
            return {"when": "time", "where": "place", "why": "reason", "how": "method"}.get(lower, "thing")
    root = main_word(span)
    if any(c.dep_ in ("aux", "cop") and c.i < (_subject(root).i if _subject(root) is not None else -1)
           for c in root.children):
        return "yes-no"
    return None
