"""Named features of a customer's message and of a reply, for the learned judgements.

Names are what a finding shows as its evidence, so each has a plain reading (`describe`).
Prefixes: w: a word (lemma), b: two words in a row, cue: a complaint-lexicon cue group,
neg: a verb the parse shows negated, len: a length band, sig: a signal the rules already
compute, x: two signals together (e.g. an upset customer and no apology)."""
from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

_NEGATORS = {"not", "n't", "n’t", "never", "no", "nothing", "nobody", "cannot", "cant", "dont", "didnt", "doesnt",
             "wont", "isnt", "havent", "hasnt"}


def _word(token) -> str | None:
    text = token.text
    if text.startswith(("@", "http", "www.", "#")) or token.like_url or token.like_email:
        return None
    lower = token.lower_
    if lower in _NEGATORS:
        return "not"
    if token.like_num or any(c.isdigit() for c in text):
        return "#num"
    if not token.is_alpha:
        return None
    return (token.lemma_ or lower).lower()


def ngrams(spans, prefix: str = "") -> set[str]:
    """w:LEMMA and b:LEMMA_LEMMA within each sentence (handles, links and numbers folded)."""
    out: set[str] = set()
    for span in spans:
        previous = None
        for token in span:
            if token.is_space:
                continue
            word = _word(token)
            if word is None:
                previous = None if not token.is_punct else previous
                continue
            out.add(f"{prefix}w:{word}")
            if previous is not None:
                out.add(f"{prefix}b:{previous}_{word}")
            previous = word
    return out


def _band(n: int, edges, name: str) -> str:
    for edge in edges:
        if n <= edge:
            return f"len:{name}<={edge}"
    return f"len:{name}>{edges[-1]}"


def own_sentences(doc: Doc) -> list[Span]:
    """The customer's own words: not the history they quote, not their signature."""
    return [s for s in doc.sents if s.text.strip() and s._.zone not in {"quoted", "signature"}]


def complaint_features(doc: Doc, sents: list[Span] | None = None) -> set[str]:
    """Does this message (or these sentences of it) report a problem?"""
    from ..signals import complaint

    sents = own_sentences(doc) if sents is None else sents
    feats = ngrams(sents)
    starts = {t.start for t in sents}
    scored = [(s, strength, cue) for s, strength, cue in complaint.score_sentences(doc) if s.start in starts]
    strength = max((st for _, st, _ in scored), default=0)
    feats.add(f"cue:strength>={min(strength, 4)}" if strength else "cue:none")
    for s, _, cue in scored:
        feats.add(f"cue:{cue.group}")
    words = 0
    for s in sents:
        for token in s:
            if token.is_space:
                continue
            words += not token.is_punct
            # UD marks "not"/"n't" advmod (Polarity=Neg); spaCy's English models, neg
            if token.lower_ in _NEGATORS and token.dep_ in {"neg", "advmod", "det"} and token.head is not token:
                feats.add(f"neg:{token.head.lemma_.lower()}")
        text = s.text
        if "!" in text:
            feats.add("punct:!")
        if "!!" in text or "?!" in text:
            feats.add("punct:!!")
        if "?" in text:
            feats.add("punct:?")
    feats.add(_band(words, (5, 12, 25, 50), "customer"))
    if len(sents) == len(own_sentences(doc)) and complaint.is_upset(doc):
        feats.add("sig:upset")
    return feats


def cold_features(ctx, sig, complained: bool, apologised: bool, score: int = 0,
                  customer: set[str] = frozenset()) -> set[str]:
    """Does this reply read curt, dismissive, robotic or defensive, given the customer's state?
    `sig` is RL401's signal gathering and `score` the weight of its named signals
    (checks/cold_tone.py); `customer` the complaint features of their message (prefixed c)."""
    body = ctx.sents({"body"}) or ctx.sents()
    feats = ngrams(body, "r") | {"c" + f for f in customer}
    feats.add(_band(sig.words, (8, 15, 30, 60), "reply"))
    flags = {
        "upset": sig.upset, "warm": sig.warm, "refusal": bool(sig.refusal), "policy": bool(sig.policy),
        "defensive": bool(sig.defensive), "non_apology": bool(sig.non_apology),
        "template": bool(sig.template), "templates2": len(sig.template) >= 2,
        "deflection": bool(sig.deflection), "reasked": bool(sig.reasked), "dismissive": bool(sig.dismissive),
        "chasing": bool(sig.chasing), "attempts": bool(sig.attempts), "complaint": complained,
        "apology": apologised, "customer": ctx.customer is not None,
        "asks": any("?" in s.text for s in body),
    }
    feats.update(f"sig:{name}" for name, on in flags.items() if on)
    if sig.customer_words:
        share = sig.shared_words / sig.customer_words
        feats.add("sig:shared=0" if share == 0 else "sig:shared<0.15" if share < 0.15 else "sig:shared>=0.15")
    feats.add(f"sig:score>={min(score, 4)}" if score else "sig:score=0")
    short = sig.words <= 15
    for name, on in (("complaint&!apology", complained and not apologised), ("complaint&!warm", complained and not sig.warm),
                     ("complaint&short", complained and short), ("upset&!apology", sig.upset and not apologised),
                     ("complaint&deflection", complained and bool(sig.deflection)),
                     ("complaint&template", complained and bool(sig.template))):
        if on:
            feats.add(f"x:{name}")
    return feats


_SIGNALS = {
    "upset": "the customer is upset", "warm": "it has warm words of its own", "refusal": "a refusal",
    "policy": "a policy cited without a reason", "defensive": "defensive wording", "non_apology": "a non-apology",
    "template": "template wording", "templates2": "several template phrases", "deflection": "a deflection",
    "reasked": "it asks again for details they gave", "dismissive": "a brush-off", "chasing": "they are chasing an answer",
    "attempts": "they say they already tried", "complaint": "the customer reports a problem",
    "apology": "it apologises", "customer": "", "asks": "it asks a question",
    "shared=0": "it shares no words with their message", "shared<0.15": "it shares few words with their message",
    "shared>=0.15": "", "phrase": "a stock phrase of the list", "link": "a link", "number": "a number",
    "name": "a name", "question": "a question", "yes-no": "a yes/no question", "generic": "a bare plea for help",
    "vague": "a question about “it” or “this”", "rhetorical": "reads as rhetorical or venting", "shared=1": "one word of their message", "shared>=2": "", "score=0": "", "score>=1": "one weak cold signal", "score>=2": "cold signals (weight 2)",
    "score>=3": "cold signals (weight 3)", "score>=4": "several cold signals",
}
_PAIRS = {
    "complaint&!apology": "a complaint with no apology", "complaint&!warm": "a complaint met without warmth",
    "complaint&short": "a complaint answered in a few words", "upset&!apology": "an upset customer and no apology",
    "complaint&deflection": "a complaint met with a deflection", "complaint&template": "a complaint met with template wording",
}


def content_words(spans) -> set[str]:
    """Lemmas of the content words (not stop words, 3+ letters), for overlap with the customer."""
    return {t.lemma_.lower() for s in spans for t in s
            if t.is_alpha and len(t.text) >= 3 and t.lower_ not in STOP_WORDS}


def stock_features(sent: Span, index: int, count: int, phrase: bool, customer_words: set[str] | None) -> set[str]:
    """Could this reply sentence go to any customer? `phrase`: a stock phrase of the list is in
    it; `customer_words`: the content words of their message (None without one)."""
    feats = ngrams([sent], "s")
    tokens = list(sent)  # one pass over the tokens: a lint scores every sentence of the reply
    words = [t for t in tokens if not t.is_space and not t.is_punct]
    feats.add(_band(len(words), (3, 6, 10, 16, 25), "sentence"))
    feats.add("pos:only" if count == 1 else "pos:first" if index == 0 else "pos:last" if index == count - 1 else "pos:mid")
    if phrase:
        feats.add("sig:phrase")
    texts = [t.text for t in tokens]
    if any(t.startswith("http") for t in texts) or any(t.like_url for t in tokens):
        feats.add("sig:link")
    if any(c.isdigit() for t in texts for c in t):
        feats.add("sig:number")
    if any(t.is_title and i > 0 and t.lower_ not in {"i", "dm", "please"} for i, t in enumerate(words)):
        feats.add("sig:name")
    if "?" in texts:
        feats.add("sig:question")
    if customer_words is not None:
        shared = len({t.lemma_.lower() for t in words if t.is_alpha and len(t.text) >= 3
                      and t.lower_ not in STOP_WORDS} & customer_words)
        feats.add("sig:shared=0" if not shared else "sig:shared=1" if shared == 1 else "sig:shared>=2")
    return feats


_KEEP = {"not", "still", "never", "again", "yet", "nothing", "why", "wrong"}


def telling(feature: str) -> bool:
    """Worth naming as evidence: not a function word ("my", "be") or a pair of them, even when
    the model gives it weight."""
    kind, _, value = feature.partition(":")
    kind = kind[1:] if kind in {"cw", "cb", "sw", "sb", "qw", "qb"} else kind
    if kind in {"w", "rw"}:
        return value in _KEEP or (value not in STOP_WORDS and value != "#num")
    if kind in {"b", "rb"}:
        words = value.split("_")
        return any(w in _KEEP or (w not in STOP_WORDS and w != "#num") for w in words)
    return kind not in {"len"} and bool(describe(feature))


def describe(feature: str) -> str:
    """A feature in plain words, for a finding's message and evidence."""
    kind, _, value = feature.partition(":")
    if kind.startswith("c") and kind[1:] in {"w", "b", "cue", "neg", "len", "punct", "sig"}:
        return "their message: " + describe(feature[1:])
    if kind in {"sw", "sb", "qw", "qb"}:
        return describe(feature[1:])
    if kind == "addr":
        return {"yes": "the reply's words take it up", "no": "the reply's words don't take it up"}[value]
    if kind == "why":
        return ""
    if kind == "cover":
        return {"0": "none of its key words in the reply", "<0.5": "few of its key words in the reply",
                ">=0.5": "its key words in the reply"}[value]
    if kind == "useful":
        return {"0": "the reply only deflects", "1": "one sentence of substance", "2+": ""}[value]
    if kind == "qtype":
        return {"request": "", "yes-no": "a yes/no question"}.get(value, f"a {value} question")
    if kind == "reply":
        return {"time": "a time in the reply", "money": "an amount in the reply", "yesno": "a yes or no in the reply",
                "deflect": "a deflection (DM, link, contact us)", "asks": "the reply asks a question",
                "link": "a link in the reply"}.get(value, "")
    if kind == "requests":
        return {"1": "", "2": "two requests in the message", "3+": "three or more requests in the message"}[value]
    if kind == "shared":
        return {"0": "no word of it in the reply", "1": "", "2+": ""}[value]
    if kind == "kind":
        return {"direct": "a direct question", "indirect": "an indirect question", "request": "a request",
                "none": ""}.get(value, "")
    if kind == "parse":
        return {"imperative": "an imperative (parse)", "wants": "“I need/want …” (parse)",
                "embedded": "an embedded question (parse)"}[value]
    if kind == "pos":
        return {"only": "the reply's only sentence", "first": "the opening sentence", "last": "the closing sentence",
                "mid": ""}[value]
    if kind in {"w", "rw"}:
        return "“not”" if value == "not" else "a number" if value == "#num" else f"“{value}”"
    if kind in {"b", "rb"}:
        return "“" + value.replace("_", " ").replace("#num", "N") + "”"
    if kind == "cue":
        return {"none": "no complaint cue"}.get(value, f"complaint cue: {value.replace('>=', ' ≥ ')}")
    if kind == "neg":
        return f"“{value}” negated"
    if kind == "len":
        return value.replace("customer", "message length ").replace("reply", "reply length ").replace("<=", " ≤ ")
    if kind == "punct":
        return {"!": "an exclamation mark", "!!": "repeated ! or ?!", "?": "a question mark"}[value]
    if kind == "sig":
        return _SIGNALS.get(value, value)
    if kind == "x":
        return _PAIRS.get(value, "the kind of answer asked for" if value == "answer-type" else value)
    return feature
