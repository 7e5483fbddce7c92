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


def zone_lookup(doc: Doc):
    """A function char offset -> zone kind for this doc, the same answers as `token._.zone`
    without an Underscore object per call. Kept on the doc while its zones stay the same."""
    zones = doc._.zones
    cached = doc.user_data.get(_ZONE_LOOKUP)
    if cached is not None and cached[0] is zones:
        return cached[1]
    if not zones:
        def zone_of(char: int) -> str:
            return "body"
    else:
        starts = [start for start, _, _ in zones]
        bisect_right = bisect.bisect_right

        def zone_of(char: int) -> str:
            index = bisect_right(starts, char) - 1
            if index >= 0:
                start, end, kind = zones[index]
                if start <= char < end:
                    return kind
            return "body"
    doc.user_data[_ZONE_LOOKUP] = (zones, zone_of)
    return zone_of


def span_zone(span: Span, zone_of) -> str:
    """`span._.zone` given the doc's zone_lookup()."""
    for token in span:
        if not token.is_space:
            return zone_of(token.idx)
    return zone_of(span.start_char)


_ZONE_LOOKUP = "replylint.zone_lookup"
PLACEHOLDERS = "replylint.placeholders"
TEXT = "replylint.text"


def text_of(doc: Doc) -> str:
    """`doc.text`, kept in doc.user_data: Doc.text re-joins every token on each access (about
    30 µs for a 1 KB reply). Merging tokens never changes the text, so the copy stays right."""
    text = doc.user_data.get(TEXT)
    if text is None:
        text = doc.user_data[TEXT] = doc.text
    return text


def placeholders(doc: Doc) -> dict[int, tuple[int, int]]:
    """Placeholder tokens of a doc: token index -> (start_char, end_char), in token order.

    The placeholder component records them in doc.user_data: reading `token._.is_placeholder`
    costs an Underscore object per token (about 2 µs), which adds up over every token of
    every doc. A doc that did not go through the component is scanned once."""
    found = doc.user_data.get(PLACEHOLDERS)
    if found is None:
        found = doc.user_data[PLACEHOLDERS] = {
            t.i: (t.idx, t.idx + len(t.text)) for t in doc if t._.is_placeholder
        }
    return found


def is_placeholder(token: Token) -> bool:
    """`token._.is_placeholder` without the extension machinery."""
    return token.i in placeholders(token.doc)


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
