"""Does a reply address one of the customer's requests?

A request is addressed when the reply answers it, says it cannot be done or isn't known
yet, asks a clarifying question about it, or names a next step for it. The evidence, in
order of strength:

1. inline quoting: the text right after the quoted question answers it;
2. the reply repeats the request's key words (lemmas, synonyms, model names and numbers);
3. a clarifying question or a "don't know / can't" sentence about it;
4. a yes/no answer to a yes/no question;
5. a short reply to a single request that engages with the message at all.

A reply made only of deflections ("DM us", "contact the chat team", "your request has been
forwarded") addresses nothing specific.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..nlp.extensions import text_of
from .questions import _ANAPHOR, _HANDLES, Lexicon, Request, doc_lemma_stems, keys_of, lexicon, normalise

_QUOTED_LINE = re.compile(r"^\s*(?:>|\|)")
_ATTRIBUTION = re.compile(r"(?:wrote|writes|schrieb|a écrit|escribió|\u5199\u9053)\s*:\s*$", re.IGNORECASE)
_HEADER = re.compile(r"^\s*(?:from|sent|date|to|cc|subject)\s*:", re.IGNORECASE)
_SEPARATOR = re.compile(r"^\s*([-=_.*~#+])(?:\s*[-=_.*~#+]){7,}\s*$")
_QUOTE_PREFIX = re.compile(r"^[ \t]*(?:[>|][ \t]?)+", re.MULTILINE)
NOT_OWN_ZONES = {"signature"}
# A pasted line this long that appears in the customer's message is a quote, not the agent's.
PASTE_MIN = 20


@dataclass
class Block:
    quoted: bool
    start: int
    end: int
    text: str  # normalised, quote prefixes removed


@dataclass
class ReplyView:
    """The reply seen once for all requests: its own sentences and its quoted blocks."""

    doc: Doc
    own: list[Span]
    blocks: list[Block]
    sent_keys: list[set[str]] = field(default_factory=list)
    sent_groups: list[set[int]] = field(default_factory=list)
    substantive: list[int] | None = None

    @property
    def interleaved(self) -> bool:
        """Quoted parts with the agent's words after them: an inline, point-by-point reply."""
        return any(b.quoted and i + 1 < len(self.blocks) and not self.blocks[i + 1].quoted
                   for i, b in enumerate(self.blocks))


def _squash(text: str) -> str:
    return " ".join(_QUOTE_PREFIX.sub("", text).translate({0x2019: "'", 0x201C: '"', 0x201D: '"'}).lower().split())


def _line_kinds(text: str, customer_text: str, quoted_zones: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """(start, end, quoted) for each non-blank line of the reply."""
    customer = _squash(customer_text or "")
    lines = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line)
        pos = end
        bare = line.strip()
        if not bare:
            continue
        squashed = _squash(line)
        in_zone = any(a <= start < b for a, b in quoted_zones)
        quoted = bool(
            _QUOTED_LINE.match(line)
            or _ATTRIBUTION.search(bare)
            or (in_zone and (_HEADER.match(bare) or _SEPARATOR.match(bare)))
            or (len(squashed) >= PASTE_MIN and squashed in customer)
            or (in_zone and len(squashed) >= 8 and squashed in customer)
        )
        lines.append((start, end, quoted))
    return lines


def build_view(reply_doc: Doc, customer_text: str | None, zones=()) -> ReplyView:
    """Split the reply into the agent's own sentences and the customer's quoted blocks."""
    lex = lexicon()
    quoted_zones = [(z.start, z.end) for z in zones if z.kind == "quoted"]
    lines = _line_kinds(text_of(reply_doc), customer_text or "", quoted_zones)
    blocks: list[Block] = []
    for start, end, quoted in lines:
        if blocks and blocks[-1].quoted == quoted:
            blocks[-1].end = end
        else:
            blocks.append(Block(quoted, start, end, ""))
    for block in blocks:
        block.text = _squash(text_of(reply_doc)[block.start : block.end])
    own_ranges = [(s, e) for s, e, q in lines if not q]

    def is_own(token) -> bool:
        return any(a <= token.idx < b for a, b in own_ranges)

    own: list[Span] = []
    for sent in reply_doc.sents:
        if sent._.zone in NOT_OWN_ZONES:
            continue
        tokens = [t for t in sent if not t.is_space and is_own(t)]
        if not any(t.is_alpha or t.like_url for t in tokens):
            continue
        own.append(reply_doc[tokens[0].i : tokens[-1].i + 1])
    view = ReplyView(reply_doc, own, blocks)
    stems = doc_lemma_stems(reply_doc)
    for span in own:
        keys = set(keys_of(span, lex))
        keys.update(filter(None, stems[span.start : span.end]))
        view.sent_keys.append(keys)
        groups = set()
        for key in keys:
            groups |= lex.synonyms.get(key, frozenset())
        view.sent_groups.append(groups)
    for span, groups in zip(own, view.sent_groups):
        text = normalise(span.text)
        groups.update(group for phrase, group in lex.phrase_synonyms if phrase in text)
    return view


def _matches(key: str, view: ReplyView, lex: Lexicon) -> list[int]:
    """Indices of the reply's own sentences that echo a key word."""
    groups = lex.synonyms.get(key, frozenset())
    hits = []
    for i, keys in enumerate(view.sent_keys):
        if key in keys or (groups and groups & view.sent_groups[i]):
            hits.append(i)
        elif any(c.isdigit() for c in key) and len(key) >= 3 and any(
            k.startswith(key) or (len(k) >= 3 and key.startswith(k) and any(c.isdigit() for c in k)) for k in keys
        ):
            hits.append(i)
    return hits


def coverage(request: Request, view: ReplyView) -> tuple[float, list[str], list[str]]:
    """Share of the request's key-word weight that the reply echoes; matched and missing words."""
    lex = lexicon()
    total = sum(request.keywords.values())
    if not total:
        return 0.0, [], []
    got, missing = 0.0, []
    matched = []
    for key, weight in request.keywords.items():
        word = request.surface.get(key, key)
        if _matches(key, view, lex):
            got += weight
            matched.append(word)
        else:
            missing.append(word)
    return got / total, matched, missing


def _inline_answer(request: Request, view: ReplyView) -> bool:
    """The request is quoted and the agent's own words follow right after it."""
    if not view.interleaved:
        return False
    probe = _squash(request.text)[-40:]
    if len(probe) < 8:
        return False
    for i, block in enumerate(view.blocks):
        if block.quoted and probe in block.text and i + 1 < len(view.blocks):
            after = view.blocks[i + 1]
            words = re.findall(r"[a-z]{2,}", after.text)
            return not after.quoted and len(words) >= 2
    return False


def _is_deflection(span: Span, lex: Lexicon) -> bool:
    text = _HANDLES.sub("", normalise(span.text))
    return any(p.search(text) for p in lex.deflection)


def _is_name_line(span: Span) -> bool:
    """ "Customer Services", "Maria Lopez": a signature line the zoning left in the body."""
    words = [t for t in span if not t.is_space]
    return len(words) <= 4 and all(t.is_alpha and t.text[:1].isupper() for t in words)


def substantive(view: ReplyView) -> list[int]:
    """Own sentences that say something beyond greetings, thanks and deflections (worked out
    once per view: every request of the message asks)."""
    if view.substantive is None:
        view.substantive = _substantive(view)
    return list(view.substantive)


def _substantive(view: ReplyView) -> list[int]:
    lex = lexicon()
    found = []
    for i, span in enumerate(view.own):
        if span._.zone in {"greeting", "signoff"}:
            continue
        words = [t for t in span if t.is_alpha]
        if len(words) < 2 or _is_name_line(span):
            continue
        if _is_deflection(span, lex) and not any(p.search(normalise(span.text)) for p in lex.commitment):
            continue
        found.append(i)
    return found


def _bare_answer(span: Span, lex: Lexicon) -> bool:
    """ "Yes.", "Nope!": a whole answer in one word, which `substantive` passes over."""
    words = [t for t in span if t.is_alpha]
    return len(words) <= 2 and span._.zone not in {"greeting", "signoff"} and bool(
        lex.answer_openers[0].search(normalise(span.text)))


def _answer_shaped(span: Span, lex: Lexicon) -> bool:
    text = normalise(span.text)
    return any(p.search(text) for p in lex.answer_openers)


def _cannot(span: Span, lex: Lexicon) -> bool:
    text = normalise(span.text)
    return any(p.search(text) for p in lex.cannot)


def _expected(request: Request, lex: Lexicon) -> list[re.Pattern]:
    """What a wh-question's answer looks like: a time for "when", a reason for "why"."""
    text = normalise(request.text)
    return [answer for question, answer in lex.answer_types.values() if question.search(text)]


def _free_answers(view: ReplyView, requests: list[Request], useful: list[int], min_overlap: float,
                  plain_only: bool = False) -> list[int]:
    """Yes/no-shaped sentences not already spent on another question the reply covers.

    `plain_only` counts only "yes", "no", "correct" and the like, not "you can ..."."""
    lex = lexicon()
    openers = lex.answer_openers[:1] if plain_only else lex.answer_openers
    shaped = [i for i in useful if any(p.search(normalise(view.own[i].text)) for p in openers)]
    claimed: set[int] = set()
    for other in requests:
        share, matched, _ = coverage(other, view)
        if share >= min_overlap:
            claimed |= {i for key in other.keywords for i in _matches(key, view, lex)}
    return [i for i in shaped if i not in claimed]


def _follows_covered(request: Request, requests: list[Request], view: ReplyView, min_overlap: float) -> bool:
    """A short follow-up ("have you seen this before?") to the question just before it, in the
    same paragraph, shares that question's answer."""
    index = next((i for i, r in enumerate(requests) if r is request), 0)
    if index == 0 or len(request.keywords) > 3 or not _ANAPHOR.search(normalise(request.text)):
        return False
    prev = requests[index - 1]
    gap = text_of(request.span.doc)[prev.end : request.start]
    return "\n\n" not in gap and coverage(prev, view)[0] >= min_overlap


def is_addressed(request: Request, reply_sents=None, reply_doc: Doc | None = None, *,
                 view: ReplyView | None = None, customer_text: str | None = None,
                 requests: list[Request] | None = None, min_overlap: float = 0.5,
                 strict: bool = False) -> tuple[bool, str]:
    """(addressed, evidence). `view` saves rebuilding the reply's structure per request.

    `strict` is for technical threads, where answers seldom echo the question's words: there
    only a reply that deflects everything leaves a question unanswered."""
    lex = lexicon()
    if view is None:
        view = build_view(reply_doc, customer_text)
    requests = requests if requests is not None else [request]
    if not view.own:
        return True, "the reply has no text of its own to judge"
    if _inline_answer(request, view):
        return True, "answered inline, right after the quoted question"
    share, matched, missing = coverage(request, view)
    if share >= min_overlap and not request.generic:
        # Even a "DM us" sentence addresses the question when it names it.
        return True, f"the reply mentions {', '.join(matched)}"
    useful = substantive(view)
    if not useful:
        if request.yes_no and any(_bare_answer(span, lex) for span in view.own):
            return True, "the reply is a bare yes or no"
        return False, "the reply only deflects (greeting, thanks, links, 'contact us')"
    if request.vague:
        return True, "nothing specific to match; the reply engages with the message"
    if strict:
        # Technical threads: answers are commands, paths and explanations in the expert's
        # own words, and word overlap can't tell a skipped question from an implicit answer
        # (measured on mailing-list threads: fewer than half such flags were right).
        return True, "technical thread: the reply may answer it in its own words"
    matched_sents = {i for key in request.keywords for i in _matches(key, view, lex)}
    near = {j for i in matched_sents for j in (i - 1, i, i + 1)} & set(useful)
    expected = _expected(request, lex)
    if expected and any(p.search(normalise(view.own[i].text)) for i in near for p in expected):
        return True, "a reply sentence about it has the kind of answer asked for"
    questions = [i for i in useful if view.own[i]._.is_question]
    if any(i in matched_sents for i in questions):
        return True, "the reply asks a clarifying question about it"
    if any(_cannot(view.own[i], lex) for i in matched_sents & set(useful)):
        return True, "the reply says it can't be done or isn't known"
    single = len(requests) == 1
    if single and questions:
        return True, "the reply asks a clarifying question"
    if request.yes_no and _free_answers(view, requests, useful, min_overlap):
        return True, "the reply gives a yes/no answer"
    if single:
        return True, "a reply to a single request that engages with the message"
    if _follows_covered(request, requests, view, min_overlap):
        return True, "a follow-up to the question before it, which the reply answers"
    if len(request.keywords) <= 2 and any(
        p.search(normalise(view.own[i].text)) for i in useful for p in lex.refusal
    ):
        return True, "the reply refuses what this request depends on"
    echoed = [request.surface.get(k, k) for k in request.distinct
              if any(k in view.sent_keys[i] for i in useful)]
    if echoed:
        # A word the customer used only in this question, repeated in the reply's own words.
        return True, f"the reply picks up {', '.join(echoed)}"
    others = [coverage(r, view)[0] for r in requests if r is not request and not r.generic]
    if not others or max(others) < min_overlap:
        # Nothing else in the message is answered by its words either: the reply may well
        # answer in words of its own, so there is no telling this question was skipped.
        return True, "the reply may answer it in its own words"
    return False, f"the reply answers other questions but doesn't mention {', '.join(missing[:4])}"
