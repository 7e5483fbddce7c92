from __future__ import annotations

from ..rule import Rule
from ..signals.politeness import phrase_set, sentence_tokens, sentence_words
from .refusal_without_alternative import find_refusals, offers_alternative


def _has_reason(words: list[str], before: int | None = None) -> bool:
    """A reason in the words; with `before`, not the "because (of) our policy" that hides one."""
    for a, _ in phrase_set("policy", "reasons").positions(words):
        if before is not None and before - 3 <= a < before:
            continue
        return True
    return False


class HidingBehindPolicy(Rule):
    """
    ## What it flags
    "It's our policy", "per company policy", "our policy states", "as stated in our terms"
    used as the whole answer: the reply gives no reason for the rule (nothing like "because",
    "to protect", "so that" in that sentence or the next) and offers no alternative anywhere.

    A policy that comes with its reason ("our policy is to ship only to verified addresses, to
    protect you from fraud") or with a way forward ("... but you can exchange it for store
    credit") is not flagged.

    ## Why it matters
    "Policy" on its own tells the customer the decision was made by nobody and cannot be
    discussed. It hides the reason and the person. Saying why the rule exists, and what the
    customer can still do, turns a wall into an explanation.

    ## Example
    Per company policy, opened software cannot be returned.

    ## Better
    We can't take back opened software because the licence key is activated once it's opened;
    what I can do is move your licence to the Pro edition for the difference in price.

    ## Options
    None.
    """

    code = "RL405"
    name = "hiding-behind-policy"
    severity = "warning"
    summary = "Policy given as the whole answer, with no reason and no alternative."

    def check(self, ctx):
        for start, end in policy_without_reason(ctx, ctx.sents()):
            text = ctx.text[start:end]
            yield ctx.finding(
                self, start, end,
                f"“{text}” is given as the reason, with no why and no alternative: say why the rule "
                "exists and what the customer can still do",
                evidence={"reply": text},
            )


def policy_without_reason(ctx, sents) -> list[tuple[int, int]]:
    """Character spans of policy wording with no reason nearby, in a reply offering no alternative.

    Kept per sentence list in ctx.cache (RL401 and RL405 both ask); do not change the list."""
    key = ("policy_without_reason", tuple((s.start, s.end) for s in sents))
    found = ctx.cache.get(key)
    if found is None:
        found = ctx.cache[key] = _policy_without_reason(ctx, sents)
    return found


def _policy_without_reason(ctx, sents) -> list[tuple[int, int]]:
    triggers = phrase_set("policy", "triggers")
    hits = []
    for n, sent in enumerate(sents):
        words, tokens = sentence_words(sent), sentence_tokens(sent)
        found = triggers.positions(words)
        if not found:
            continue
        a = min(start for start, _ in found)
        b = max(end for start, end in found if start < max(e for s, e in found if s == a))
        following = sentence_words(sents[n + 1]) if n + 1 < len(sents) else []
        if _has_reason(words, before=a) or _has_reason(following):
            continue
        hits.append((tokens[a].idx, tokens[b - 1].idx + len(tokens[b - 1].text)))
    if not hits or offers_alternative(ctx, sents, find_refusals(sents)):
        return []
    return hits
