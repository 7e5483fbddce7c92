from __future__ import annotations

from dataclasses import dataclass

from ..rule import Rule
from ..signals.politeness import phrase_set, sentence_tokens, sentence_words

_CONDITIONAL = {"if", "unless", "until", "whether", "so", "when", "once"}
_NEGATION = {"not", "n't", "never"}


@dataclass
class Refusal:
    sent: object  # the sentence Span
    start: int  # character offsets of the refusal, opener to verb
    end: int


_BEFORE_VERB = {"to", "currently", "really", "simply", "just", "be", "able", "afford", "possibly", "presently"}


def _verb_after(tokens, words, end: int, verbs: set[str]) -> int | None:
    """Index of the refusal verb right after the opener ("unable to process"), if it is one."""
    i = end
    while i < len(words) and words[i] in _BEFORE_VERB:
        i += 1
    if i < len(words) and (tokens[i].lemma_ in verbs or words[i] in verbs):
        return i
    return None


def find_refusals(sents) -> list[Refusal]:
    """Sentences that say no to the customer: "we are unable to refund", "we don't offer ...".

    Kept per doc and sentence list (RL401, RL405 and RL406 each ask); do not change the list."""
    if not sents:
        return []
    cache = sents[0].doc.user_data.setdefault("replylint.refusals", {})
    key = tuple((s.start, s.end) for s in sents)
    found = cache.get(key)
    if found is None:
        found = cache[key] = _find_refusals(sents)
    return found


def _find_refusals(sents) -> list[Refusal]:
    triggers = phrase_set("refusal", "triggers")
    verbs = phrase_set("refusal", "refusal_verbs").words
    will_not = phrase_set("refusal", "will_not_verbs").words
    regret = phrase_set("refusal", "regret").words
    found = []
    for sent in sents:
        if sent._.is_question:
            continue
        words, tokens = sentence_words(sent), sentence_tokens(sent)
        for a, b in triggers.positions(words):
            opener = words[a:b]
            if any(w in _CONDITIONAL for w in words[max(0, a - 3) : a]):
                continue
            if "possible" in opener or opener[-1] == "something":
                if not regret.intersection(words):
                    continue
                end = b
            elif opener[-1] in verbs:
                end = b
            else:
                wanted = will_not if ("wo" in opener or "will" in opener) and "able" not in opener else verbs
                verb = _verb_after(tokens, words, b, wanted)
                if verb is None:
                    continue
                end = verb + 1
            found.append(Refusal(sent, tokens[a].idx, tokens[end - 1].idx + len(tokens[end - 1].text)))
            break
    return found


def offers_alternative(ctx, sents, refusals=()) -> bool:
    """Does the reply say what can be done: "instead", "what I can do", "you can", a link?"""
    key = ("offers_alternative", tuple((s.start, s.end) for s in sents), tuple((r.start, r.end) for r in refusals))
    found = ctx.cache.get(key)
    if found is None:
        found = ctx.cache[key] = _offers_alternative(sents, refusals)
    return found


def _offers_alternative(sents, refusals) -> bool:
    alternatives = phrase_set("refusal", "alternatives")
    vague = phrase_set("refusal", "not_alternatives")
    spans = [(r.start, r.end) for r in refusals]
    for sent in sents:
        words, tokens = sentence_words(sent), sentence_tokens(sent)
        if any(t.like_url or t.like_email for t in tokens):
            return True
        promises = {a for a, _ in vague.positions(words)}
        for a, b in alternatives.positions(words):
            if b < len(words) and words[b] in _NEGATION:
                continue
            if any(b <= p <= b + 2 for p in promises):
                continue  # "we will look into it": a promise to look, not something they can do
            start = tokens[a].idx
            if any(s <= start < e for s, e in spans):
                continue
            return True
    return False


class RefusalWithoutAlternative(Rule):
    """
    ## What it flags
    A refusal ("unfortunately we can't refund opened items", "we are unable to waive this
    charge", "we don't offer express shipping to Canada") in a reply that says nothing about
    what can be done: no "instead", "what I can do", "alternatively", "you can", "we could",
    no link and no next step. A promise to look at it ("we will look into it", "we'll pass on
    your feedback") is not something the customer can do, so it is no alternative.

    Only refusals of something the customer asked for count: "we can't reproduce the crash"
    or "we won't charge you twice" are not refusals. "It isn't possible" counts only when the
    sentence also expresses regret ("unfortunately", "I'm afraid").

    ## Why it matters
    A bare "no" ends the conversation on the customer's loss. Even when the answer has to be
    no, there is almost always something to offer: a workaround, a partial remedy, who else
    can help, or what would change the answer. Customers accept a refusal far better when it
    comes with a way forward.

    ## Example
    Unfortunately we are unable to refund this order as it is outside the return window.

    ## Better
    This order is outside the 30-day return window, so I can't refund it, but what I can do is
    send it to our repair team at no charge. Reply "yes" and I'll email you a prepaid label.

    ## Options
    None.
    """

    code = "RL406"
    name = "refusal-without-alternative"
    severity = "warning"
    summary = "A refusal with nothing about what can be done instead."

    def check(self, ctx):
        sents = ctx.sents()
        refusals = find_refusals(sents)
        if not refusals or offers_alternative(ctx, sents, refusals):
            return
        for refusal in refusals:
            text = ctx.text[refusal.start : refusal.end]
            yield ctx.finding(
                self, refusal.start, refusal.end,
                f"“{text}” says no with nothing the customer can do next: add what you can do instead "
                "(a workaround, a partial remedy, or who can help)",
                evidence={"reply": text},
            )
