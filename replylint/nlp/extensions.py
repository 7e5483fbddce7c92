"""Doc/Span/Token extensions shared by all rules; registered once per process."""
from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

QUESTION_END = {"?", "?!", "!?", "??", "???"}


def _zone_of(doc: Doc, char: int) -> str:
    zones = doc._.zones
    if not zones:
        return "body"
    index = bisect.bisect_right(doc._.zone_starts, char) - 1
    if index >= 0:
        start, end, kind = zones[index]
        if start <= char < end:
            return kind
    return "body"


def _token_zone(token: Token) -> str:
    return _zone_of(token.doc, token.idx)


def _span_zone(span: Span) -> str:
    for token in span:
        if not token.is_space:
            return _zone_of(span.doc, token.idx)
    return _zone_of(span.doc, span.start_char)


def _is_question(span: Span) -> bool:
    for token in reversed(span):
        if token.is_space or token.text in {")", '"', "'", "”", "’"} or token.like_url:
            continue
        if token.text in QUESTION_END or token.text.endswith("?"):
            return True
        # emoticons and placeholders after the question mark
        if token._.is_placeholder or (token.is_punct and len(token.text) > 1 and not token.text.endswith(".")):
            continue
        return False
    return False


def _zone_starts(doc: Doc) -> list[int]:
    return [start for start, _, _ in (doc._.zones or [])]


def register() -> None:
    if not Token.has_extension("is_placeholder"):
        Token.set_extension("is_placeholder", default=False)
    if not Token.has_extension("zone"):
        Token.set_extension("zone", getter=_token_zone)
    if not Span.has_extension("zone"):
        Span.set_extension("zone", getter=_span_zone)
    if not Span.has_extension("is_question"):
        Span.set_extension("is_question", getter=_is_question)
    if not Doc.has_extension("zones"):
        # list of (start_char, end_char, kind), sorted by start
        Doc.set_extension("zones", default=None)
    if not Doc.has_extension("zone_starts"):
        Doc.set_extension("zone_starts", getter=_zone_starts)


def reply_sents(doc: Doc, zones: frozenset[str]) -> list[Span]:
    """The sentences of a doc that lie in the given zones."""
    return [sent for sent in doc.sents if sent._.zone in zones and sent.text.strip()]
