from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..document import REPLY_ZONES
from ..nlp.extensions import text_of
from ..rule import Option, Rule
from ..learned import customer, features
from ..learned import linear as judgements
from ..signals import apology, complaint
from ..signals.politeness import phrase_set, politeness_score, sentence_words, words_and_tokens
from .hiding_behind_policy import policy_without_reason
from .refusal_without_alternative import find_refusals, offers_alternative

_STOP = {
    "the", "and", "for", "you", "your", "our", "with", "that", "this", "have", "has", "was", "were",
    "are", "not", "but", "can", "will", "would", "could", "from", "they", "them", "their", "there",
    "what", "when", "which", "about", "been", "just", "also", "any", "all", "get", "got", "one",
    "its", "it's", "i'm", "i've", "we", "please", "thanks", "thank", "hello", "dear", "regards",
    "best", "sorry", "know", "like", "still", "some", "more", "then", "than", "into", "out", "only",
}


@dataclass
class Signals:
    """What RL401 noticed about a reply; `reasons` are the ones it will name."""

    upset: bool = False
    complaint: str = ""  # the customer's words that show the problem
    chasing: str = ""  # the customer's words chasing an earlier, unanswered message
    warm: bool = False
    words: int = 0
    politeness: float = 0.0  # filled by add_politeness() only when it can matter
    body: object = None  # the reply's body span, which the politeness score reads
    refusal: str = ""
    policy: str = ""
    defensive: list[str] = field(default_factory=list)
    non_apology: str = ""
    template: list[str] = field(default_factory=list)
    deflection: list[str] = field(default_factory=list)
    shared_words: int = 0
    customer_words: int = 0
    reasked: list[str] = field(default_factory=list)  # details asked for that they already gave
    reask_text: str = ""  # the reply's words asking again
    dismissive: str = ""
    attempts: str = ""  # the customer's words saying fixes were already tried


@lru_cache(maxsize=1)
def _reply_lexicon():
    """Re-ask and dismissive cues (rules/lexicons/questions.toml), compiled once."""
    from ..builtin import load_lexicon

    data = load_lexicon("questions")
    reask = data["reask"]
    items = {name: (re.compile(ask), re.compile(given)) for name, (ask, given) in reask["items"].items()}
    dismissive = [re.compile(p) for p in data["dismissive"]["patterns"]]
    # One search rules out most sentences before the patterns are tried one by one, in order.
    any_dismissive = re.compile("|".join(f"(?:{p})" for p in data["dismissive"]["patterns"]))
    return re.compile(reask["ask"]), re.compile(reask["seen"]), items, dismissive, any_dismissive


def _plain(text: str) -> str:
    return " ".join(text.translate({0x2019: "'", 0x2018: "'"}).lower().split())


def reasked(sents, customer_text: str) -> tuple[list[str], str]:
    """Details the reply asks for that the customer's message already holds (an order number,
    photos, a version): the reply was written without reading theirs."""
    ask, seen, items, _, _ = _reply_lexicon()
    given = _plain(customer_text)
    found, first = [], ""
    for sent in sents:
        text = _plain(sent.text)
        if not ask.search(text) or seen.search(text):
            continue
        for name, (asked, shown) in items.items():
            if name not in found and asked.search(text) and shown.search(given):
                found.append(name)
                first = first or sent.text.strip()
    return found, first


def dismissive(sents) -> str:
    """The first jab that says the question wasn't worth asking ("homework", "read the docs")."""
    *_, patterns, any_pattern = _reply_lexicon()
    for sent in sents:
        text = _plain(sent.text)
        if not any_pattern.search(text):
            continue
        for pattern in patterns:
            m = pattern.search(text)
            if m:
                return m.group()
    return ""


def _customer_state(customer) -> tuple[bool, str]:
    """(upset or complaining, the complaint's words) from the customer's message."""
    try:
        from ..signals.complaint import find_complaints
    except ImportError:  # the complaint signal ships separately; without it, no customer cue
        return False, ""
    complaints = find_complaints(customer)
    if not complaints:
        return False, ""
    return True, complaints[0].text.strip()


def _content_words(tokens) -> set[str]:
    return {
        t.lemma_ for t in tokens
        if t.is_alpha and len(t.text) > 3 and t.lemma_ not in _STOP and not t._.is_placeholder
    }


def _cue_texts(sents, section: str, key: str) -> list[tuple[object, int, int]]:
    """(sentence, start token, end token) of every lexicon entry found in the sentences."""
    found = []
    cues = phrase_set(section, key)
    for sent in sents:
        words, tokens = words_and_tokens(sent)
        for a, b in cues.positions(words):
            found.append((sent, tokens[a], tokens[b - 1]))
    return found


def _text(ctx, first, last) -> str:
    return ctx.text[first.idx : last.idx + len(last.text)]


def blame_matcher(nlp):
    """RL402's blaming phrases (rules/tone.toml) as RL402 compiles them, so both rules agree on
    blame and share one compiled set and one match per document."""
    import tomllib

    from ..builtin import pack_dir
    from ..matching import PatternSet

    path = pack_dir() / "tone.toml"
    if not path.exists():
        return None
    with open(path, "rb") as handle:
        pack = tomllib.load(handle)
    for rule in pack.get("rules", []):
        if rule.get("code") == "RL402" and rule.get("phrases"):
            return PatternSet(nlp, {str(i): e["patterns"] for i, e in enumerate(rule["phrases"])})
    return None


def gather(ctx, blame=None) -> Signals:
    sig = Signals()
    sents = ctx.sents()
    body = ctx.sents({"body"}) or sents
    tokens = [t for s in body for t in s if not t.is_space and not t.is_punct]
    sig.words = len(tokens)
    if ctx.customer is not None:
        sig.upset, sig.complaint = _customer_state(ctx.customer)
        if sig.upset:
            from ..signals.complaint import failed_attempts

            sig.attempts = failed_attempts(ctx.customer)
        chased = _cue_texts([ctx.customer[:]], "cold", "chasing")
        if chased:
            _, first, last = chased[0]
            sig.chasing = text_of(ctx.customer)[first.idx : last.idx + len(last.text)]
        sig.reasked, sig.reask_text = reasked(sents, text_of(ctx.customer))
        theirs = _content_words(ctx.customer)
        sig.customer_words = len(theirs)
        sig.shared_words = len(theirs & _content_words(tokens))

    template_spans = []
    for sent, first, last in _cue_texts(sents, "cold", "template"):
        start, end = first.idx, last.idx + len(last.text)
        if any(a < end and start < b for a, b in template_spans):
            continue  # "so we can further assist" holds "further assist": one phrase
        template_spans.append((start, end))
        sig.template.append(_text(ctx, first, last))
    for sent, first, last in _cue_texts(sents, "cold", "defensive"):
        sig.defensive.append(_text(ctx, first, last))
    if blame is not None:
        for span in blame.spans(ctx.doc):
            if span._.zone in REPLY_ZONES:
                sig.defensive.append(span.text)
    owned_nothing = []
    for sent, first, last in _cue_texts(sents, "cold", "non_apology"):
        owned_nothing.append((first.idx, last.idx + len(last.text)))
        sig.non_apology = sig.non_apology or _text(ctx, first, last)
    for sent, first, last in _cue_texts(sents, "cold", "acknowledgement"):
        if any(a <= first.idx < b for a, b in template_spans + owned_nothing):
            continue
        if first.i > 0 and ctx.doc[first.i - 1].lower_ in {"not", "n't"}:
            continue  # "not our fault"
        if len(sentence_words(sent)) <= 4 and first.lower_ in {"thank", "thanks"}:
            continue  # a bare "Thank you." sign-off thanks them for nothing in particular
        sig.warm = True
    sig.dismissive = dismissive(sents)
    for sent, first, last in _cue_texts(body, "cold", "deflection"):
        sig.deflection.append(_text(ctx, first, last))

    refusals = find_refusals(sents)
    if refusals and not offers_alternative(ctx, sents, refusals):
        sig.refusal = ctx.text[refusals[0].start : refusals[0].end]
    policy = policy_without_reason(ctx, sents)
    if policy:
        sig.policy = ctx.text[policy[0][0] : policy[0][1]]
    sig.body = ctx.doc[body[0].start : body[-1].end] if body else None
    return sig


def add_politeness(sig: Signals) -> None:
    """The politeness score, the most costly signal and the weakest (weight 1): RL401 works it
    out only when it could tip the judgement or would be named in the finding."""
    sig.politeness = politeness_score(sig.body) if sig.body is not None else 0.0


def reasons(sig: Signals) -> list[tuple[int, str]]:
    """(weight, reason) of every cold signal: strong ones weigh 2, a non-apology 3."""
    out = []
    if sig.non_apology:
        out.append((3, f"“{sig.non_apology}” apologises for their feelings, not for what happened"))
    if sig.defensive:
        out.append((2, f"it is defensive (“{sig.defensive[0]}”)"))
    if sig.refusal:
        out.append((2, f"it refuses (“{sig.refusal}”) without an alternative"))
    if sig.policy:
        out.append((2, f"it cites policy (“{sig.policy}”) with no reason"))
    form_letter = (
        len(sig.template) >= 2 and sig.customer_words >= 2 and sig.shared_words <= max(1, sig.customer_words // 10)
    )
    if form_letter:
        out.append((2, f"it is a form letter (“{sig.template[0]}”) that shares almost no words with their message"))
    if sig.dismissive and sig.dismissive not in " ".join(sig.defensive).lower():
        out.append((2, f"it brushes the question off (“{sig.dismissive}”)"))
    if sig.reasked:
        # Asking again for what an upset customer already sent is the form letter at its worst.
        weight = 3 if sig.upset else 2
        out.append((weight, f"it asks again for the {' and '.join(sig.reasked)} their message already gives "
                            f"(“{sig.reask_text}”)"))
    if sig.chasing and not sig.warm:
        out.append((2, f"they are chasing an answer (“{sig.chasing}”) and the reply doesn't acknowledge the wait"))
    if not sig.warm and (sig.upset or form_letter or sig.chasing or sig.defensive or sig.dismissive):
        said = f" while they report a problem (“{sig.complaint}”)" if sig.upset else ""
        out.append((1, f"it has no acknowledgement, thanks or empathy of its own{said}"))
    if sig.upset and not sig.warm and sig.words <= 15 and sig.attempts:
        # A one-line suggestion to someone who says they already tried: the label guide's
        # "a terse one-line suggestion after a week of failed attempts".
        out.append((2, f"it answers their failed attempts (“{sig.attempts}”) with a {sig.words}-word suggestion"))
    elif sig.upset and not sig.warm and sig.words <= 15:
        out.append((1, f"it answers a complaint in only {sig.words} words"))
    if sig.politeness < 0 and sig.words >= 20:  # on a one-liner the score is noise
        out.append((1, f"its politeness score is low ({sig.politeness:.2f})"))
    return out


class ColdTone(Rule):
    """
    ## What it flags
    A reply that reads curt, robotic, dismissive or defensive as a whole, judged from several
    signals together; the message names the ones that drove the judgement:

    - the customer reports a problem or is upset, and the reply has no acknowledgement,
      thanks or empathy of its own (form-letter thanks and "sorry you feel that way" don't
      count);
    - a refusal or a policy with no alternative and no reason;
    - a defensive correction or a dig ("actually, as stated...", "you should have read the
      terms", "sorry you feel that way");
    - a form letter that shares almost no words with what the customer wrote;
    - a reply that asks again for details the customer's message already gives (an order
      number, photos, a tracking or serial number, the error message);
    - a jab that says the question wasn't worth asking ("this looks like a homework question",
      "RTFM", "do some debugging at your end");
    - a terse one-liner answering a complaint (worse when they say they already tried:
      "I've tried resetting it several times" met by "Have you tried restarting it?"), or a
      low politeness score.

    One finding per reply, at its first body sentence. A short, friendly, on-point reply is
    not flagged, nor is a reply that engages with the problem without warm words.
    Works without the customer's message (then only the reply's own signals count) and uses it
    when present.

    ## Why it matters
    Customers judge the tone before the content. A reply that is correct but cold makes an
    upset customer angrier and a neutral one feel processed; support leads read for it first.

    ## Example
    Late payment fees are applied automatically. We are unable to waive this charge.

    ## Better
    I'm sorry, being in hospital is hard enough without a late fee on top. I can't remove
    the fee myself, but I've sent your request to our hardship team with a note; they reply
    within two days.

    ## How it decides
    Whether a reply reads cold is a learned judgement: a logistic model trained on labelled
    support exchanges (`python training/learn.py`) that reads the signals above, whether the
    customer reports a problem (the complaint model of RL201) and whether the reply
    apologises, the reply's length and words, and the overlap with the customer's message.
    The finding names the signals that decided and carries the model's confidence. Below the
    confidence at which its measured precision reaches 0.95 it is reported as `info`: advice
    that does not block a pre-send hook.

    ## Options
    - `min-confidence` (float, default 0): how sure the model must be, 0–1. 0 uses the
      threshold chosen on the validation split (shown by `replylint rule RL401`); raise it
      for fewer, surer findings.
    """

    code = "RL401"
    name = "cold-tone"
    severity = "warning"
    summary = "The reply as a whole reads curt, robotic, dismissive or defensive."
    needs_context = False
    models = ("cold", "complaint")
    needs_parse = "customer"  # the complaint model reads what the customer's message negates
    options = {"min-confidence": Option(float, 0.0, "how sure the cold-tone model must be (0 = its validated threshold)")}

    def setup(self, nlp) -> None:
        self.blame = blame_matcher(nlp)
        complaint.prepare(nlp)
        apology.prepare(nlp)

    def check(self, ctx):
        sents = ctx.sents()
        if not sents:
            return
        sig = gather(ctx, self.blame)
        model = judgements.load("cold")
        score = lexical_score(sig)
        feats = model_features(ctx, sig)
        verdict = model.judge(feats, threshold=self.opts["min-confidence"] or None, telling=features.telling)
        # The named forms (a non-apology, blame, a brush-off, a refusal or policy with nothing
        # offered...) are rare in the labelled data, so the model weighs them little; together
        # they reached precision 0.82 on the labelled train and validation splits: they still count.
        if not verdict.positive and score < NAMED_SCORE:
            return
        add_politeness(sig)
        weighed = reasons(sig)
        signals = "; ".join(features.describe(f) for f, _ in verdict.reasons)
        named = [reason for _, reason in weighed]
        body = ctx.sents({"body"}) or sents
        # the first real sentence: not a bare "Tommy," the zoner left in the body
        first = next((s for s in body if len(sentence_words(s)) > 2), body[0])
        evidence = {"reply": first.text.strip()}
        if sig.chasing and any("chasing" in r for r in named):
            evidence["customer"] = sig.chasing
        elif sig.complaint and any("they report a problem" in r for r in named):
            evidence["customer"] = sig.complaint
        evidence["signals"] = signals
        why = "; ".join(named) if named else f"it reads like replies people judge cold ({signals})"
        blocking = verdict.probability >= model.meta.get("block_at", 1.0)
        yield ctx.finding(
            self, first.start_char, first.end_char,
            f"Cold tone (confidence {verdict.probability:.2f}): {why}. "
            "Acknowledge what they told you and say what you can do.",
            evidence=evidence, confidence=verdict.probability, severity=None if blocking else "info",
        )


def lexical_score(sig: Signals) -> int:
    """The weight of the named cold signals (without the politeness score, which costs most)."""
    return sum(weight for weight, _ in reasons(sig))


NAMED_SCORE = 3  # the weight of named cold signals that reports a reply whatever the model says


def model_features(ctx, sig: Signals, complained: bool | None = None) -> set[str]:
    """The cold model's features of this reply, as RL401, training and the benchmark read them.
    `complained`: the complaint verdict to use (training passes one from models that did not see
    the case); by default the complaint model's on their message."""
    if complained is None:
        complained = customer.complained(ctx)
    apologised = bool(apology.find_apologies(ctx.doc, ctx.sents()))
    return features.cold_features(ctx, sig, complained, apologised, lexical_score(sig), customer.features_of(ctx))
