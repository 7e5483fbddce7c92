"""Split an email's text into zones: greeting, body, sign-off, signature and quoted history.

The quoted history is the customer's message: it becomes the context that rules such as
unanswered-question compare the reply against. Only the customer's latest words count:
attribution and header lines are dropped, and so is older history nested inside theirs
(">>" lines, or a second "On ... wrote:" / "From: ... Sent:" block further down).

History is found line by line:
- an attribution ("On ... wrote:", "Am ... schrieb ...:", "Le ... a écrit :", ...; possibly
  wrapped over two lines), a separator ("-----Original Message-----", "Begin forwarded
  message:") or an Outlook header block ("From: ... / Sent: ... / To: ... / Subject: ...").
  Followed by ">" lines, the history is that quote block (the reply may go on below it,
  interleaved); followed by plain lines, it runs to the end of the text.
- a block of ">" lines with no attribution: each block is its own quoted zone (inline replies).
- quotequail, as a further detector, when none of the above is found.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import placeholders
from .document import Zone

ATTRIBUTIONS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^On\b.{0,300}\bwrote\s?:$",
        r"^Am\b.{0,300}\bschrieb\b.{0,200}:$",
        r"^Le\b.{0,300}\ba\s+écrit\s?:$",
        r"^El\b.{0,300}\bescribió\s?:$",
        r"^Il\b.{0,300}\bha\s+scritto\s?:$",
        r"^Em\b.{0,300}\bescreveu\s?:$",
        r"^Op\b.{0,300}\bschreef\b.{0,200}:$",
        r"^Den\b.{0,300}\bskrev\b.{0,200}:$",
    )
]
# Words an attribution starts with: only lines starting so are tried joined with the next line.
ATTRIBUTION_OPENERS = re.compile(r"^(?:On|Am|Le|El|Il|Em|Op|Den)\b", re.IGNORECASE)
# "Ann Lee <ann@example.com> wrote:" with no date: trusted only right before ">" lines.
BARE_ATTRIBUTION = re.compile(r"^[^>\s].{0,150}\bwrote\s?:$", re.IGNORECASE)
SEPARATOR = re.compile(
    r"^(?:-{2,}\s*(?:Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine|"
    r"Mensaje original|Message transféré|Weitergeleitete Nachricht)\s*-{2,}|"
    r"Begin forwarded message:|Anfang der weitergeleiteten (?:E-Mail|Nachricht):|"
    r"Début du message réexpédié :?|_{20,})$",
    re.IGNORECASE,
)
FIELD = re.compile(
    r"^\*?(?P<field>From|Sent|Date|To|Cc|Bcc|Subject|Reply-To|Von|Gesendet|Datum|An|Betreff|"
    r"De|Envoyé|À|Objet|Enviado|Para|Asunto|Fecha)\s?:\*?(?:\s|$)",
    re.IGNORECASE,
)
FROM_FIELDS = {"from", "von", "de"}
# ">" quoting, and the "| " some mail clients (and r-help posters) use; a line that also ends
# with "|" is a Markdown table row, not a quote.
QUOTE_MARKS = re.compile(r"^[ \t]*((?:>[ \t]?)+|\|(?![^\n]*\|[ \t]*$)[ \t]?)")

GREETING = re.compile(
    r"^(?:hi|hello|hey|hiya|heya|dear|greetings|good\s+(?:morning|afternoon|evening|day)|"
    r"morning|afternoon|evening|howdy|hallo|hola|bonjour|yo)\b",
    re.IGNORECASE,
)
# "Thanks Ann," opens a reply only with a name after it; "Thanks for ..." is a sentence.
THANKS_GREETING = re.compile(
    r"^(?i:thanks|thank you)[ ,]+(?:[A-Z][\w'.-]*|\{\{[^{}]*\}\}|\[[^\]]*\]|\{[\w.]+\})[ \t]*[,!.]?$"
)
# Bare times of day open sentences too ("Morning deliveries are late,"): only a short head counts.
TIME_GREETING = re.compile(r"^(?:morning|afternoon|evening|greetings)\b", re.IGNORECASE)
SIGNOFF_PHRASE = (
    r"(?:best|best regards|best wishes|kind regards|kindest regards|warm regards|warmest regards|"
    r"warmly|regards|many thanks|thanks(?: again| so much| a lot| very much)?|thank you(?: again| so much)?|"
    r"thx|cheers|sincerely|yours(?: sincerely| truly| faithfully)?|all the best|take care|talk soon|"
    r"with thanks|respectfully|cordially|speak soon|have a (?:great|good|nice) (?:day|weekend|one))"
)
SIGNOFF = re.compile(rf"^{SIGNOFF_PHRASE}[ \t]*[,.!]*$", re.IGNORECASE)
# "Thanks, Bob" / "Cheers - Bob": the sign-off and the name on one line.
SIGNOFF_NAME = re.compile(
    rf"^(?P<signoff>(?i:{SIGNOFF_PHRASE})[ \t]*[,!-]+)[ \t]*(?P<name>[A-Z][\w'.-]*(?:[ \t]+[A-Z][\w'.-]*){{0,2}})[ \t]*$"
)
# "Thank you for your patience," as the last words before the name.
CLOSING_LINE = re.compile(r"^(?:thanks|thank you|with|best|all the|warm|kind|looking forward)\b[^\n]{0,80},$", re.IGNORECASE)
SIG_DELIMITER = re.compile(r"^(?:-- ?|__)$")
# The legal footer many companies' mail servers add: confidentiality, intended recipients,
# liability, viruses. Its "error" and "cannot accept any responsibility" are not the sender's
# words about their problem, so it is zoned as signature.
DISCLAIMER_CUE = re.compile(
    r"\b(?:confidential|privileged"
    r"|intended (?:solely |only )?(?:for (?:the )?(?:use of (?:the )?)?)?(?:addressee|recipient|individual|person)s?"
    r"|(?:received|receive) this (?:e-?mail|message|communication|transmission) (?:in error|by mistake)"
    r"|(?:accepts?|take|takes|assume|assumes) (?:no|any) (?:responsibility|liability)"
    r"|cannot accept (?:any )?(?:responsibility|liability)"
    r"|unauthori[sz]ed (?:use|disclosure|copying|review|distribution|access)|is unauthori[sz]ed"
    r"|(?:may not|must not) be (?:disclosed|copied|distributed|used)"
    r"|virus(?:es)?[ -](?:free|scann\w*|check\w*)|free (?:of|from) (?:any )?viruses"
    r"|notify (?:the sender|us|\w+) immediately)",
    re.IGNORECASE,
)
DISCLAIMER_MIN_CUES = 3  # distinct cues: one "confidential" in a sentence is not a footer
DISCLAIMER_SPAN = 12  # lines a footer's cues are counted over
TIME = re.compile(r"\d{1,2}[:.h]\d{2}(?::\d{2})?(?:\s*[AaPp]\.?\s?[Mm]\.?)?(?:\s*(?:(?:Uhr|h|UTC|GMT|[A-Z]{3,4})\b|\(?[+-]\d{4}\)?))*")
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
NOT_NAMES = {"on", "am", "le", "el", "wrote", "at", "um", "a", "the", "from", "support", "team", "customer"}


@dataclass
class Split:
    zones: list[Zone]
    context: str | None
    customer_name: str | None


@dataclass
class _Region:
    first: int  # line indexes, end exclusive
    last: int
    header_lines: int = 0  # attribution / separator / header-block lines at its top


def _quote_level(line: str) -> tuple[int, str]:
    m = QUOTE_MARKS.match(line)
    if not m:
        return 0, line
    return m.group(1).count(">") or 1, line[m.end():]


def _attribution_lines(lines: list[str], i: int, quote_follows: bool) -> int:
    """How many lines (1 or 2) form an attribution starting at line i; 0 if none does."""
    line = lines[i].strip()
    if any(p.match(line) for p in ATTRIBUTIONS):
        return 1
    if ATTRIBUTION_OPENERS.match(line) and i + 1 < len(lines) and len(line) < 200:
        joined = line + " " + lines[i + 1].strip()
        if any(p.match(joined) for p in ATTRIBUTIONS):
            return 2
    if quote_follows and BARE_ATTRIBUTION.match(line):
        return 1
    return 0


def _header_block_lines(lines: list[str], i: int) -> int:
    """Outlook: a From: line and at least one more header field right under it."""
    m = FIELD.match(lines[i].strip())
    if not m or m.group("field").lower() not in FROM_FIELDS:
        return 0
    j = i + 1
    while j < len(lines) and j - i < 12:
        stripped = lines[j].strip()
        if FIELD.match(stripped):
            j += 1
        elif stripped and lines[j][:1] in " \t" and j > i + 1:
            j += 1  # a folded To: list
        else:
            break
    return j - i if j - i >= 2 else 0


def _header_at(lines: list[str], i: int) -> int:
    """Lines of a history header starting at line i (0 when there is none)."""
    nxt = _next_nonblank(lines, i + 1)
    quote_follows = nxt is not None and _quote_level(lines[nxt])[0] > 0
    if SEPARATOR.match(lines[i].strip()):
        block = _header_block_lines(lines, nxt) if nxt is not None else 0
        if lines[i].strip().startswith("_") and not block:
            return 0  # a rule of underscores is a separator only above a header block
        return (nxt - i + block) if block else 1
    return _attribution_lines(lines, i, quote_follows) or _header_block_lines(lines, i)


def _next_nonblank(lines: list[str], i: int) -> int | None:
    while i < len(lines):
        if lines[i].strip():
            return i
        i += 1
    return None


def _quote_block_end(lines: list[str], i: int) -> int:
    """End of the run of ">" lines starting at i; blank lines inside the run belong to it."""
    end = i
    j = i
    while j < len(lines):
        if _quote_level(lines[j])[0]:
            end = j = j + 1
        elif not lines[j].strip():
            j += 1
        else:
            break
    return end


# Words one of which every quotequail pattern needs on a single line ("wrote:", "schrieb",
# "Forwarded", 32 underscores, ...), for the quotequail 0.5.4 patterns whose sources hash to
# _QUOTEQUAIL_PATTERNS. None of these words holds a space or a character quotequail joins
# wrapped lines on without a space, so a word in a joined line is in one source line. Its
# remaining pattern (a gmail "yyyy/mm/dd Name <a@b>" line) needs "/", "<" and "@".
_QUOTEQUAIL_WORDS = (
    "wrote:", "schrieb", "écrit", "escribió:", "написал", "skrev", "escreveu:", "schreef",
    "geschreven:", "_" * 32, "forwarded", "weitergeleiteten", "réexpédié", "reenviado",
    "oorgestuurd", "Forwarded", "Vidarebefordrat", "Original", "Ursprüngliche", "riginal",
    "Oorspronkelijk", "transféré", "Origineel", "Пересылаемое",
)
_QUOTEQUAIL_PATTERNS = "a172264a831675dfac02519c2fdd261a85b5b90f5114397733579b9f6e1b227a"


@functools.lru_cache(maxsize=1)
def _quotequail_words_known() -> bool:
    """The word prefilter holds only for the patterns it was written from."""
    import hashlib

    from quotequail import _patterns

    sources = "\n".join(r.pattern for r in _patterns.COMPILED_PATTERNS)
    return hashlib.sha256(sources.encode()).hexdigest() == _QUOTEQUAIL_PATTERNS


def _quotequail_cannot_match(head: str) -> bool:
    """quotequail tries dozens of patterns on every line and pair of lines (~0.5 ms for a
    1 KB reply, which usually has no history); these are cheap substring tests."""
    if not _quotequail_words_known():
        return False
    if "/" in head and "<" in head and "@" in head:
        return False
    return not any(word in head for word in _QUOTEQUAIL_WORDS)


def _quotequail_start(lines: list[str]) -> int | None:
    """Line where quotequail (which knows more languages' headers) sees history begin."""
    import quotequail

    head = "\n".join(lines[:3000])  # bounded: it tries dozens of patterns per line
    if _quotequail_cannot_match(head):
        return None
    parts = quotequail.quote(head, limit=None, quote_intro_line=True)
    if len(parts) < 2 or not parts[1][1].strip():
        return None
    start = parts[0][1].count("\n") + 1 if parts[0][1] else 0
    if start < len(lines) and lines[start].strip().startswith("_"):
        return None  # a bare rule of underscores is as likely a signature line as a forward
    return start


def _regions(lines: list[str]) -> list[_Region]:
    regions: list[_Region] = []
    i = 0
    while i < len(lines):
        level = _quote_level(lines[i])[0]
        count = 0 if level or not lines[i].strip() else _header_at(lines, i)
        if count:
            nxt = _next_nonblank(lines, i + count)
            if nxt is not None and _quote_level(lines[nxt])[0]:
                end = _quote_block_end(lines, nxt)
                regions.append(_Region(i, end, count))
                i = end
                continue
            regions.append(_Region(i, len(lines), count))
            return regions
        if level:
            end = _quote_block_end(lines, i)
            regions.append(_Region(i, end))
            i = end
            continue
        i += 1
    if not regions:
        start = _quotequail_start(lines)
        if start is not None and start < len(lines):
            wrapped = not lines[start].rstrip().endswith(":") and start + 1 < len(lines) \
                and lines[start + 1].rstrip().endswith(":")
            regions.append(_Region(start, len(lines), 2 if wrapped else 1))
    return regions


def _customer_lines(lines: list[str], region: _Region) -> tuple[list[str], list[str]]:
    """The customer's own lines in a region, and its header lines (for their name)."""
    i = region.first
    headers = lines[i : i + region.header_lines]
    i += region.header_lines
    # Further header lines: a quoted attribution ("> On ... wrote:") or field block.
    while i < region.last:
        level, bare = _quote_level(lines[i])
        if not bare.strip():
            i += 1
            continue
        bare_lines = [_quote_level(x)[1] for x in lines[i : min(i + 14, region.last)]]
        count = _attribution_lines(bare_lines, 0, True) or _header_block_lines(bare_lines, 0)
        if not count and (SEPARATOR.match(bare.strip()) or FIELD.match(bare.strip())):
            count = 1
        if not count:
            break
        headers += bare_lines[:count]
        i += count
    if i >= region.last:
        return [], headers
    # The customer's own words sit at the shallowest level; deeper lines are what they quoted.
    base = min(_quote_level(x)[0] for x in lines[i : region.last] if _quote_level(x)[1].strip())
    out: list[str] = []
    for j in range(i, region.last):
        level, bare = _quote_level(lines[j])
        if not bare.strip():
            out.append("")
            continue
        if level != base:
            continue  # deeper: older history the customer quoted
        rest = [_quote_level(x)[1] for x in lines[j : min(j + 14, region.last)]]
        if _attribution_lines(rest, 0, False) or _header_block_lines(rest, 0) or SEPARATOR.match(bare.strip()):
            break  # older history starts inside the customer's message
        out.append(bare.rstrip())
    return out, headers


def _clean_name(raw: str) -> str | None:
    name = raw.strip().strip("\"'()[]<>,:;*").strip()
    m = re.match(r"^([\w'-]+),\s*([\w'-]+)$", name)
    if m:  # Outlook's "Lee, Ann"
        name = f"{m.group(2)} {m.group(1)}"
    words = name.split()
    if not 1 <= len(words) <= 4 or len(name) > 60 or "@" in name:
        return None
    for word in words:
        if not word[0].isalpha() or any(c.isdigit() for c in word) or word.lower() in NOT_NAMES:
            return None
    return name


def _name_from_header(line: str) -> str | None:
    """The sender's name in an attribution or a From: line."""
    line = line.strip()
    field = FIELD.match(line)
    if field:
        if field.group("field").lower() not in FROM_FIELDS:
            return None
        seg = line[field.end():]
    elif not (any(p.match(line) for p in ATTRIBUTIONS) or BARE_ATTRIBUTION.match(line)):
        return None  # a separator, or a header only quotequail knows: no name we can trust
    else:
        after = re.search(r"\b(?:schrieb|schreef|skrev)\s+(.*?)\s*:$", line)
        if after:
            seg = after.group(1)
        else:
            seg = re.sub(r"\s*(?:wrote|a\s+écrit|escribió|ha\s+scritto|escreveu)\s?:$", "", line, flags=re.IGNORECASE)
    quoted = re.search(r"\"([^\"]+)\"\s*[<(\[]", seg)
    if quoted:
        return _clean_name(quoted.group(1))
    cut = re.search(r"[<\[(]\s*(?:mailto:)?[^<>\[\]()]*@", seg)
    if cut:
        seg = seg[: cut.start()]
    elif EMAIL.search(seg):
        seg = EMAIL.sub("", seg)
    if not field:
        seg = seg.rsplit(",", 1)[-1]
        times = list(TIME.finditer(seg))
        if times:
            seg = seg[times[-1].end():]
        seg = re.sub(r"^\s*(?:On\b.*\b(?:19|20)\d\d\b|at|um|à|a las)\s+", "", seg)
    return _clean_name(seg)


def _name_from_signoff(customer: list[str]) -> str | None:
    """'Thanks,\\nAnn' at the end of the customer's message."""
    tail = [line.strip() for line in customer if line.strip()][-6:]
    for k in range(len(tail) - 1, -1, -1):
        m = SIGNOFF_NAME.match(tail[k])
        if m:
            return _clean_name(m.group("name"))
        if SIGNOFF.match(tail[k]) and k + 1 < len(tail):
            return _clean_name(tail[k + 1].lstrip("-–— "))
    if tail and re.match(r"^[-–—]\s?\S", tail[-1]):
        return _clean_name(tail[-1].lstrip("-–— "))
    return None


# -- the agent's own text ---------------------------------------------------------------------


def _words(line: str) -> int:
    for start, end in reversed(placeholders.find(line)):
        line = line[:start] + "X" + line[end:]  # a placeholder is one word
    return len(line.split())


def _greeting_end(line: str) -> int | None:
    """Length of the greeting at the start of a reply's first line, if it has one."""
    stripped = line.rstrip()
    lead = len(line) - len(line.lstrip())
    body = stripped[lead:]
    if THANKS_GREETING.match(body) and _words(body) <= 4:
        return len(stripped)
    if not GREETING.match(body):
        return None
    limit = 3 if TIME_GREETING.match(body) else 5
    spans = placeholders.find(body)
    for i, ch in enumerate(body):
        if ch in ",!:" and not any(a <= i < b for a, b in spans):
            return lead + i + 1 if _words(body[: i + 1]) <= limit else None
    return len(stripped) if _words(body) <= limit else None


def _signature_like(lines: list[str]) -> bool:
    """Lines after a sign-off: a name, a title, a phone number; not more prose."""
    return len(lines) <= 6 and all(_words(x) <= 8 and not x.rstrip().endswith("?") for x in lines)


def _disclaimer_start(text: str, lines: list[tuple[int, int]], body_start: int) -> int | None:
    """Where a legal footer starts: the first line (not the reply's first) with a disclaimer
    cue from which the next DISCLAIMER_SPAN lines hold DISCLAIMER_MIN_CUES distinct ones."""
    for k, (a, b) in enumerate(lines):
        if k == 0 or a < body_start or not DISCLAIMER_CUE.search(text[a:b]):
            continue
        window = " ".join(text[x:y] for x, y in lines[k : k + DISCLAIMER_SPAN])
        cues = {m.group().lower() for m in DISCLAIMER_CUE.finditer(window)}
        if len(cues) >= DISCLAIMER_MIN_CUES:
            return a
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


def _reply_zones(text: str, start: int, end: int, *, first: bool, last: bool) -> list[Zone]:
    """Greeting (first reply part only), body, and sign-off and signature (last part only)."""
    lines = [(a, b) for a, b in _line_spans(text, start, end) if text[a:b].strip()]
    if not lines:
        return []
    zones: list[Zone] = []
    body_start, body_end = start, end
    if first:
        a, b = lines[0]
        cut = _greeting_end(text[a:b].rstrip("\r"))
        if cut:
            zones.append(Zone("greeting", a, a + cut))
            body_start = a + cut
    if last:
        sig_end = end
        footer = _disclaimer_start(text, lines, body_start)
        if footer is not None:
            zones.append(Zone("signature", footer, end))
            body_end = sig_end = footer
        for a, b in lines:
            if a >= body_start and b <= sig_end and SIG_DELIMITER.match(text[a:b].rstrip("\r")):
                zones.append(Zone("signature", a, sig_end))
                body_end = a
                break
        candidates = [ln for ln in lines if ln[1] > body_start and ln[1] <= body_end]
        # A sign-off needs the reply's own words before it: a lone "Thanks!" is the body.
        for k in range(len(candidates) - 1, max(len(candidates) - 7, 0), -1):
            a, b = candidates[k]
            line = text[a:b].rstrip("\r").strip()
            after = [text[x:y] for x, y in candidates[k + 1 :]]
            if not _signature_like(after):
                break
            named = SIGNOFF_NAME.match(line)
            if not (SIGNOFF.match(line) or named or (CLOSING_LINE.match(line) and _words(line) <= 8)):
                continue
            lead = len(text[a:b]) - len(text[a:b].lstrip())
            split_at = a + lead + named.end("signoff") if named and not SIGNOFF.match(line) else b
            zones.append(Zone("signoff", a, split_at))
            sig_start = split_at if split_at < b else b + 1
            while sig_start < body_end and text[sig_start] in " \t":
                sig_start += 1
            if sig_start < body_end and text[sig_start:body_end].strip():
                zones.append(Zone("signature", sig_start, body_end))
            body_end = a
            break
    if text[body_start:body_end].strip():
        zones.append(Zone("body", body_start, body_end))
    zones.sort(key=lambda z: z.start)
    return zones


def split(text: str) -> Split:
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    bare = [line.rstrip("\r") for line in lines]
    regions = _regions(bare)

    spans = []  # character spans of the quoted regions
    for region in regions:
        last = region.last - 1
        end = min(starts[last] + len(lines[last]) + 1, len(text))
        spans.append((starts[region.first], end))

    zones: list[Zone] = []
    gaps = []
    pos = 0
    for start, end in spans:
        gaps.append((pos, start))
        pos = end
    gaps.append((pos, len(text)))
    gaps = [(a, b) for a, b in gaps if text[a:b].strip()]
    for index, (a, b) in enumerate(gaps):
        zones.extend(_reply_zones(text, a, b, first=index == 0, last=index == len(gaps) - 1))
    zones.extend(Zone("quoted", a, b) for a, b in spans)
    zones.sort(key=lambda z: z.start)

    parts, name, customer_all = [], None, []
    for region in regions:
        customer, headers = _customer_lines(bare, region)
        if name is None:
            headers = [_quote_level(h)[1].strip() for h in headers]
            if len(headers) >= 2 and ATTRIBUTION_OPENERS.match(headers[0]):
                headers.insert(0, headers[0] + " " + headers[1])  # a wrapped attribution
            for header in headers:
                name = _name_from_header(header)
                if name:
                    break
        chunk = "\n".join(customer).strip()
        if chunk:
            parts.append(chunk)
            customer_all.extend(customer)
    if name is None and customer_all:
        name = _name_from_signoff(customer_all)
    context = "\n\n".join(parts) or None
    return Split(zones, context, name)
