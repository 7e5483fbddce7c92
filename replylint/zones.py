"""Split an email's text into zones: greeting, body, sign-off, signature and quoted history.

The quoted history is the customer's message: it becomes the context that rules such as
unanswered-question compare the reply against.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Zone

GREETING = re.compile(
    r"^[ \t]*(?:hi|hello|hey|hiya|dear|greetings|good (?:morning|afternoon|evening|day)|"
    r"morning|afternoon|howdy|thanks|thank you)\b[^\n]{0,60}$",
    re.IGNORECASE,
)
SIGNOFF = re.compile(
    r"^[ \t]*(?:best|best regards|best wishes|kind regards|warm regards|warmly|regards|"
    r"many thanks|thanks(?: again| so much| a lot)?|thank you(?: again)?|cheers|sincerely|"
    r"yours(?: sincerely| truly)?|all the best|take care|talk soon|with thanks|respectfully|"
    r"cordially|speak soon)[ \t]*[,.!]?[ \t]*$",
    re.IGNORECASE,
)
SIG_DELIMITER = re.compile(r"^-- ?$", re.MULTILINE)
QUOTE_HEADERS = [
    # "On Mon, 3 Jan 2022, Ann Lee <ann@example.com> wrote:" (may wrap onto a second line)
    re.compile(r"^[ \t]*On\b[^\n]{0,200}(?:\n[^\n]{0,200})?\bwrote:[ \t]*$", re.MULTILINE),
    re.compile(r"^[ \t]*-{2,}\s*Original Message\s*-{2,}[ \t]*$", re.MULTILINE | re.IGNORECASE),
    re.compile(r"^[ \t]*-{2,}\s*Forwarded message\s*-{2,}[ \t]*$", re.MULTILINE | re.IGNORECASE),
    re.compile(r"^[ \t]*Begin forwarded message:[ \t]*$", re.MULTILINE),
    # Outlook: "From: ...\nSent: ...\n" (optionally after a rule of underscores)
    re.compile(r"^[ \t]*(?:_{10,}\n)?[ \t]*From:[^\n]*\n[ \t]*(?:Sent|Date):[^\n]*$", re.MULTILINE),
]
QUOTED_LINE = re.compile(r"^[ \t]*>[^\n]*(?:\n|$)", re.MULTILINE)
HEADER_NAME = re.compile(
    r"(?:^|\s|,)(?P<name>[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3})\s*(?:<[^>\n]*>|\([^)\n]*@[^)\n]*\)|\[[^\]\n]*@[^\]\n]*\])?\s*wrote:",
)
FROM_NAME = re.compile(r"^[ \t>]*From:\s*\"?(?P<name>[^\"<\n]+?)\"?\s*(?:<[^>\n]*>)?[ \t]*$", re.MULTILINE)
QUOTE_PREFIX = re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE)


@dataclass
class Split:
    zones: list[Zone]
    context: str | None
    customer_name: str | None


def _quotequail_start(text: str) -> int | None:
    """Where quotequail (which knows many languages' reply headers) sees history begin."""
    import quotequail

    pos = 0
    for is_reply, chunk in quotequail.quote(text):
        found = text.find(chunk, pos)
        if found == -1:
            return None
        if not is_reply:
            # Its header line ("Am ... schrieb:") ends the chunk before; include it.
            head = text.rfind("\n", 0, max(found - 1, 0))
            line_start = head + 1
            if text[line_start:found].strip().endswith(":"):
                return line_start
            return found
        pos = found + len(chunk)
    return None


def _quoted_regions(text: str) -> list[tuple[int, int]]:
    regions = []
    header_starts = [m.start() for pat in QUOTE_HEADERS for m in pat.finditer(text)]
    if not header_starts:
        start = _quotequail_start(text)
        if start is not None:
            header_starts.append(start)
    history_start = min(header_starts) if header_starts else None
    if history_start is not None:
        regions.append((history_start, len(text)))
    for m in QUOTED_LINE.finditer(text):
        if history_start is None or m.start() < history_start:
            regions.append((m.start(), m.end()))
    regions.sort()
    merged: list[tuple[int, int]] = []
    for start, end in regions:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _customer_text(text: str, regions: list[tuple[int, int]]) -> str | None:
    parts = []
    for start, end in regions:
        chunk = text[start:end]
        lines = chunk.splitlines()
        # Drop the attribution and header lines; keep what the customer wrote.
        body = []
        in_headers = True
        for line in lines:
            bare = QUOTE_PREFIX.sub("", line, count=1)
            if in_headers and (
                re.match(r"^\s*(?:On\b.*wrote:|.*wrote:\s*$|-{2,}.*-{2,}|_{10,}|Begin forwarded)", bare)
                or re.match(r"^\s*(?:From|Sent|Date|To|Cc|Subject):", bare)
                or (re.match(r"^\s*On\b", bare) and "wrote:" not in bare and len(lines) > 1)
            ):
                continue
            in_headers = False
            # Nested quotes (the agent's own earlier words) are not the customer's.
            if re.match(r"^[ \t]*>[ \t]?>", line):
                continue
            body.append(bare)
        parts.append("\n".join(body).strip())
    context = "\n\n".join(p for p in parts if p)
    return context or None


def _customer_name(text: str, regions: list[tuple[int, int]]) -> str | None:
    for start, end in regions:
        chunk = text[start : min(end, start + 600)]
        for pat in (HEADER_NAME, FROM_NAME):
            m = pat.search(chunk)
            if m:
                words = m.group("name").strip().strip('"').split()
                while words and (words[0] in {"AM", "PM", "UTC", "GMT"} or any(c.isdigit() for c in words[0])):
                    words.pop(0)
                name = " ".join(words)
                if name and "@" not in name and name.lower() not in {"on", "from"}:
                    return name
    return None


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        spans.append((pos, stop))
        pos = stop + 1
    return spans


def _reply_zones(text: str, start: int, end: int) -> list[Zone]:
    """Greeting, body, sign-off and signature within the agent's own text."""
    lines = [(a, b) for a, b in _line_spans(text, start, end) if text[a:b].strip()]
    if not lines:
        return [Zone("body", start, end)] if end > start else []
    zones: list[Zone] = []
    body_start, body_end = start, end
    first_a, first_b = lines[0]
    first = text[first_a:first_b]
    if GREETING.match(first) and (first.rstrip().endswith((",", "!", ":", "-")) or len(first.split()) <= 4):
        zones.append(Zone("greeting", first_a, first_b))
        body_start = first_b
    sig = SIG_DELIMITER.search(text, body_start, end)
    if sig:
        zones.append(Zone("signature", sig.start(), end))
        body_end = sig.start()
    # The sign-off is the last sign-off line in the final few lines; what follows is the signature.
    tail = [ln for ln in lines if body_start <= ln[0] < body_end][-6:]
    for a, b in reversed(tail):
        if SIGNOFF.match(text[a:b]):
            zones.append(Zone("signoff", a, b))
            after = b + 1 if b < body_end else b
            if after < body_end and text[after:body_end].strip():
                zones.append(Zone("signature", after, body_end))
            body_end = a
            break
    if text[body_start:body_end].strip():
        zones.append(Zone("body", body_start, body_end))
    zones.sort(key=lambda z: z.start)
    return zones


def split(text: str) -> Split:
    regions = _quoted_regions(text)
    zones: list[Zone] = []
    pos = 0
    for start, end in regions:
        if start > pos:
            zones.extend(_reply_zones(text, pos, start))
        zones.append(Zone("quoted", start, end))
        pos = end
    if pos < len(text):
        zones.extend(_reply_zones(text, pos, len(text)))
    return Split(zones, _customer_text(text, regions), _customer_name(text, regions))
