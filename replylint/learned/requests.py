"""The customer's questions and requests, and whether the reply engages with each: the two
learned models behind RL301.

`request` scores each sentence of the customer's own message: does it ask the company
something (with or without "?", rhetorical and venting lines excluded)? `unanswered` scores
each request against the reply: answered, engaged (a "can't", a clarifying question, a next
step on its topic) or left alone? Their inputs are what the question and addressing signals
already compute (signals/questions.py, signals/addressing.py) plus the parse and the words."""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import features
from . import linear

_WH = {"when": "when", "how much": "how-much", "how many": "how-much", "how long": "when", "where": "where",
       "why": "why", "how": "how", "what": "what", "which": "what", "who": "who"}
_TIME = re.compile(r"\b(today|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                   r"\d+\s*(?:-\s*\d+\s*)?(?:business |working )?(?:hours?|days?|weeks?|months?|minutes?)|"
                   r"this (?:week|month|morning|afternoon|evening)|next (?:week|month)|by the end of|asap|"
                   r"within|shortly|soon)\b", re.I)
_MONEY = re.compile(r"[$€£]\s?\d|\b\d+(?:[.,]\d{2})?\s?(?:dollars|euros|pounds|usd|gbp|eur)\b|\bfree\b|\bcharge", re.I)
_YES_NO = re.compile(r"^\W*(yes|no|yep|nope|yeah|unfortunately|sadly|correct|that's right|absolutely|"
                     r"of course|sure)\b", re.I)
_DEFLECT = re.compile(r"\b(dm|direct message|private message|contact (?:us|our)|reach out|call us|"
                      r"help centre|help center|support page|visit|link|ticket)\b", re.I)


LEXICAL_REQUEST_BAR = 0.5
MAX_REQUESTS = 25


@dataclass
class Judged:
    """One request of the customer's and the models' verdicts on it."""

    span: object  # the customer's sentence (a Span of their message)
    request: object  # Verdict: is it a question or request aimed at the company?
    unanswered: object  # Verdict: does the reply leave it alone?
    why: str  # the addressing signal's own reading

    @property
    def confidence(self) -> float:
        return self.request.probability * self.unanswered.probability


def _qtype(text: str) -> str:
    lower = text.lower()
    for word in ("how much", "how many", "how long"):
        if word in lower:
            return _WH[word]
    first = re.findall(r"[a-z']+", lower)
    for w in first[:6]:
        if w in _WH:
            return _WH[w]
    return "yes-no" if "?" in text else "request"


def request_features(span, index: int, count: int, lex, from_parse: bool) -> set[str]:
    from ..signals import questions, syntax

    feats = features.ngrams([span], "q")
    text = span.text
    kind = questions.classify(span, lex, from_parse=from_parse)
    feats.add(f"kind:{kind or 'none'}")
    if kind and questions.is_excluded(span, lex):
        feats.add("sig:rhetorical")
    if questions.ends_with_question(span) or "?" in text:
        feats.add("punct:?")
    if "!" in text:
        feats.add("punct:!")
    if from_parse:
        if syntax.imperative(span) is not None:
            feats.add("parse:imperative")
        if syntax.wants(span) is not None:
            feats.add("parse:wants")
        if syntax.embedded_question(span) is not None:
            feats.add("parse:embedded")
    feats.add(f"qtype:{_qtype(text)}")
    feats.add("pos:only" if count == 1 else "pos:first" if index == 0 else "pos:last" if index == count - 1 else "pos:mid")
    words = [t for t in span if not t.is_space and not t.is_punct]
    feats.add(features._band(len(words), (3, 6, 12, 25), "request"))
    return feats


def _view_summary(ctx, view) -> dict:
    """What every request's features read of the reply, worked out once per reply."""
    cached = ctx.cache.get("reply-summary")
    if cached is None:
        own = " ".join(s.text for s in view.own)
        cached = {
            "time": bool(_TIME.search(own)), "money": bool(_MONEY.search(own)),
            "yesno": any(_YES_NO.search(s.text) for s in view.own), "deflect": bool(_DEFLECT.search(own)),
            "asks": "?" in own, "link": "http" in own,
            "words": sum(1 for s in view.own for t in s if not t.is_space and not t.is_punct),
            "content": features.content_words(view.own),
        }
        ctx.cache["reply-summary"] = cached
    return cached


def unanswered_features(span, req, requests, view, ctx, lex) -> tuple[set[str], str]:
    """Does the reply leave this request alone? `req`: the question signal's Request for it."""
    from ..signals import addressing

    feats: set[str] = set()
    addressed, why = addressing.is_addressed(req, view.own, ctx.doc, view=view, requests=requests)
    feats.add("addr:yes" if addressed else "addr:no")
    feats.add("why:" + "_".join(re.findall(r"[a-z']+", why.lower())[:4]))
    share, _, _ = addressing.coverage(req, view)
    feats.add("cover:0" if share == 0 else "cover:<0.5" if share < 0.5 else "cover:>=0.5")
    useful = addressing.substantive(view)
    feats.add("useful:0" if not useful else "useful:1" if len(useful) == 1 else "useful:2+")
    summary = _view_summary(ctx, view)
    qtype = _qtype(span.text)
    feats.add(f"qtype:{qtype}")
    time, money, yes = summary["time"], summary["money"], summary["yesno"]
    for name, on in (("time", time), ("money", money), ("yesno", yes), ("deflect", summary["deflect"]),
                     ("asks", summary["asks"]), ("link", summary["link"])):
        if on:
            feats.add(f"reply:{name}")
    if (qtype == "when" and time) or (qtype == "how-much" and money) or (qtype == "yes-no" and yes):
        feats.add("x:answer-type")
    feats.add("requests:1" if len(requests) <= 1 else "requests:2" if len(requests) == 2 else "requests:3+")
    feats.add(f"kind:{req.kind}")
    if req.yes_no:
        feats.add("sig:yes-no")
    if req.generic:
        feats.add("sig:generic")
    elif req.vague:
        feats.add("sig:vague")
    summary = _view_summary(ctx, view)
    feats.add(features._band(summary["words"], (8, 15, 30, 60), "reply"))
    theirs = features.content_words([span])
    shared = len(theirs & summary["content"])
    feats.add("shared:0" if not shared else "shared:1" if shared == 1 else "shared:2+")
    feats |= _focus_features(span, req, requests, view, ctx, theirs, share, qtype, summary)
    return feats, why


def _focus_features(span, req, requests, view, ctx, theirs, share, qtype, summary) -> set[str]:
    """Where the reply's attention goes: the one reply sentence nearest this request, and
    whether the reply took up another of the customer's requests instead of this one."""
    from ..signals import addressing

    feats = features.ngrams([span], "q")
    sentences = ctx.cache.setdefault("reply-sentence-words", [features.content_words([s]) for s in view.own])
    best = max((len(theirs & words) for words in sentences), default=0) / max(1, len(theirs))
    feats.add("near:0" if best == 0 else "near:<0.34" if best < 0.34 else "near:<0.67" if best < 0.67 else "near:>=0.67")
    if len(requests) > 1:
        shares = ctx.cache.setdefault(("request-shares", id(view)), {})
        for other in requests:
            if id(other) not in shares:
                shares[id(other)] = addressing.coverage(other, view)[0]
        others = max((shares[id(o)] for o in requests if o is not req), default=share)
        feats.add("rank:others-not-this" if share == 0 and others > 0 else
                  "rank:below-another" if share < others else "rank:top")
    if summary["deflect"] and qtype != "request" and not req.generic:
        feats.add("x:deflect-specific")
    if summary["words"] <= 30 and len(requests) >= 2:
        feats.add("x:short-reply-many-requests")
    return feats


def reply_view(ctx):
    """The reply's own sentences and quoted blocks (signals/addressing.py), once per document."""
    from ..signals import addressing

    if "reply-view" not in ctx.cache:
        ctx.cache["reply-view"] = addressing.build_view(ctx.doc, ctx.document.context, ctx.document.zones)
    return ctx.cache["reply-view"]


_MANGLED_QUOTE = re.compile(r"(?:^|\s)\?[\w/~]")  # "package ?sp?": curly quotes an old mailer mangled
# paths, calls, assignments, options, identifiers_with_underscores, dotted.names
_CODE_TOKEN = re.compile(r"[/\\]\w+[/\\.]|\w[(\[{]|[=<>]{1,2}\w|::|\w_\w|^--?\w|\w\.\w+\.\w|[{}\[\];]")


def machine_text(span) -> bool:
    """A line of pasted output, code or paths: log lines and error dumps end in "?" often
    enough (mangled quotes, shell prompts) to read as questions, and they ask nothing.
    Handles, hashtags, links, emoji and punctuation runs are a tweet's, not code."""
    text = span.text.rstrip()
    if _MANGLED_QUOTE.search(text):
        return True
    after = span.doc.text[span.start_char + len(text): span.start_char + len(text) + 1]
    if text.endswith(" ?") and (after.isalnum() or after in {"/", "~", "\\"}) and after:
        return True  # "* removing ?/tmp/...?": a spaced "?" glued to what follows is a mangled quote
    content = [t.text for t in span if not (t.is_space or t.is_punct or t.like_url or t.like_email
                                            or t.text.startswith(("@", "#")) or not t.text.isascii())]
    code = sum(1 for t in content if _CODE_TOKEN.search(t))
    return code >= 2 and code >= 0.3 * len(content) or bool(content) and code == len(content)


def candidates(customer_doc):
    """The customer's own sentences (not what they quote, not their signature, not pasted
    output or code)."""
    return [s for s in features.own_sentences(customer_doc) if not machine_text(s)]


def as_request(span, found, lex):
    """The question signal's Request for this sentence, or one built for it."""
    from ..signals import questions

    for req in found:
        if req.start < span.end_char and span.start_char < req.end:
            return req
    surface: dict[str, str] = {}
    keywords = questions.keys_of(span, lex, surface)
    return questions.Request(span, "request", keywords, surface=surface)


def judge(ctx, from_parse: bool = True, request_threshold: float | None = None,
          unanswered_threshold: float | None = None) -> list[Judged]:
    """Each sentence of the customer's message the request model takes for a request, with the
    unanswered model's verdict, once per document."""
    from ..signals import addressing, questions

    key = ("requests", from_parse, request_threshold, unanswered_threshold)
    if key in ctx.cache:
        return ctx.cache[key]
    out: list[Judged] = []
    if ctx.customer is not None:
        lex = questions.lexicon()
        req_model, un_model = linear.load("request"), linear.load("unanswered")
        sents = candidates(ctx.customer)
        asked = []
        for i, sent in enumerate(sents):
            feats = request_features(sent, i, len(sents), lex, from_parse)
            verdict = req_model.judge(feats, threshold=request_threshold, telling=features.telling)
            # A question the cue lexicon reads as a real one (direct or indirect, not rhetorical)
            # needs less of the model: tweets, most of its training data, are full of "?" that
            # ask nothing, and an email's second and third questions scored just under the bar.
            asked_plainly = bool({"kind:direct", "kind:indirect"} & feats) and "sig:rhetorical" not in feats
            if verdict.positive or (asked_plainly and verdict.probability >= LEXICAL_REQUEST_BAR):
                asked.append((sent, verdict))
        if len(asked) > MAX_REQUESTS:
            # a message with hundreds of questions is a paste or a log: judge the likeliest
            keep = sorted(asked, key=lambda sv: -sv[1].probability)[:MAX_REQUESTS]
            asked = sorted(keep, key=lambda sv: sv[0].start)
        if asked:
            found = questions.find_requests(ctx.customer, keep_rhetorical=True, from_parse=from_parse)
            reqs = [as_request(sent, found, lex) for sent, _ in asked]
            view = reply_view(ctx)
            for (sent, verdict), req in zip(asked, reqs):
                feats, why = unanswered_features(sent, req, reqs, view, ctx, lex)
                un = un_model.judge(feats, threshold=unanswered_threshold, telling=features.telling)
                out.append(Judged(sent, verdict, un, why))
    ctx.cache[key] = out
    return out
