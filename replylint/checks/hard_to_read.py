from __future__ import annotations

import bisect
import re

from ..rule import Option, Rule

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_URL = re.compile(r"(?:https?://|www\.)[^\s)>\]]+|\]\([^)\s]+\)")


def paragraphs(ctx, zones):
    """(start, end) of each paragraph of the reply's own text, split at blank lines."""
    for start, end, kind in ctx.doc._.zones or [(0, len(ctx.text), "body")]:
        if kind not in zones:
            continue
        pos = start
        for m in _BLANK_LINE.finditer(ctx.text, start, end):
            yield pos, m.start()
            pos = m.end()
        yield pos, end


def prose_sentences(ctx, start, end, zones):
    """The prose words of each sentence inside [start, end), code lines left out.

    Kept per document: RL501 and RL502 read the same paragraphs."""
    key = ("prose_sentences", start, end, frozenset(zones))
    found = ctx.cache.get(key)
    if found is None:
        found = ctx.cache[key] = _prose_sentences(ctx, start, end, zones)
    return found


def _prose_sentences(ctx, start, end, zones):
    from .. import readability
    from ..nlp.extensions import placeholders

    text = ctx.text
    marked = placeholders(ctx.doc)
    code = [(start + a, start + b) for a, b in readability.code_lines(text[start:end])]
    # URLs split into several tokens (markdown links, "#!" fragments): drop every piece.
    code += [(m.start(), m.end()) for m in _URL.finditer(text, start, end)]
    out = []
    memo = _PROSE_BY_ORTH.setdefault(id(ctx.doc.vocab), {})  # lexeme flags belong to a vocab
    if len(memo) > 100_000:  # bound memory in long-running servers
        memo.clear()
    for sent in _overlapping(ctx, zones, start, end):
        words = []
        for t in sent:
            if not start <= t.idx < end or t.i in marked:
                continue
            # Apart from placeholders, whether a token is a prose word depends only on its
            # text (lexeme flags and the text itself): worked out once per distinct word.
            prose = memo.get(t.orth)
            if prose is None:
                prose = memo[t.orth] = readability.is_prose_word(t, ())
            if prose and not any(a <= t.idx < b for a, b in code):
                words.append(t)
        if words:
            out.append(words)
    return out


_PROSE_BY_ORTH: dict[int, dict[int, bool]] = {}


def _overlapping(ctx, zones, start, end):
    """The sentences overlapping [start, end), found by bisect: scanning every sentence
    for every paragraph is quadratic in drafts of thousands of paragraphs."""
    sents = ctx.sents(zones)  # one list per zone set for the whole document
    cache = ctx.__dict__.setdefault("_sentence_ends", {})
    ends = cache.get(id(sents))
    if ends is None:
        ends = cache[id(sents)] = [s.end_char for s in sents]
    i = bisect.bisect_right(ends, start)
    while i < len(sents) and sents[i].start_char < end:
        yield sents[i]
        i += 1


class HardToRead(Rule):
    """
    ## What it flags
    A paragraph of the reply whose Flesch-Kincaid grade is above the target (grade 12 by
    default): long sentences made of long words. Short paragraphs (under 25 words), code,
    commands, URLs, the signature and quoted text are not scored.

    ## Why it matters
    Support replies are read quickly, often on a phone, by people who are already annoyed.
    Plain-language guidance for customer communication aims at grade 8 or below; every grade
    above it loses readers, and the ones it loses are the ones who then reply "I don't
    understand" or call.

    ## Example
    Notwithstanding the aforementioned considerations, reimbursement eligibility
    determinations necessitate comprehensive verification of the documentation you
    submitted, which our accounts department will undertake subsequent to receipt of the
    outstanding invoices from the originating merchant.

    ## Better
    We can refund you once we've checked your documents. The accounts team will do that as
    soon as the shop sends us the missing invoices, and I'll email you the same day.

    ## Options
    - `max-grade` (float, default 12): the highest acceptable grade. Plain-language guides aim
      at 8; set 8 for a strict house style. The default is 12 because one 25-word sentence
      lifts a short paragraph to grade 10 or 11 while still reading easily, and a rule that fires on
      most good replies gets switched off.
    - `min-words` (int, default 25): paragraphs with fewer prose words are not scored.
    """

    code = "RL501"
    name = "hard-to-read"
    summary = "A paragraph above the target Flesch-Kincaid grade."
    severity = "info"
    options = {
        "max-grade": Option(float, 12.0, "highest acceptable Flesch-Kincaid grade for a paragraph"),
        "min-words": Option(int, 25, "paragraphs with fewer prose words are not scored"),
    }

    def check(self, ctx):
        from ..readability import grade_of_sentences

        target = self.opts["max-grade"]
        for start, end in paragraphs(ctx, self.zones):
            sentences = prose_sentences(ctx, start, end, self.zones)
            count = sum(len(s) for s in sentences)
            if count < self.opts["min-words"]:
                continue
            # Judged on the grade as the message shows it: "grade 12.0 (target 12)" is not above.
            grade = round(grade_of_sentences([[t.text for t in s] for s in sentences]), 1)
            if grade <= target:
                continue
            first, last = sentences[0][0], sentences[-1][-1]
            longest = max(sentences, key=len)
            # dict, not set: words of equal length keep their order in the text, not the hash seed's
            hard = sorted(dict.fromkeys(t.text for s in sentences for t in s if len(t.text) >= 12), key=len, reverse=True)[:3]
            detail = f"{len(sentences)} sentence{'s' if len(sentences) != 1 else ''}, the longest {len(longest)} words"
            if hard:
                detail += "; long words: " + ", ".join(f"“{w}”" for w in hard)
            yield ctx.finding(
                self, first.idx, last.idx + len(last.text),
                f"Paragraph reads at grade {grade:.1f} (target {target:g}): {detail}. "
                "Split long sentences and prefer short, common words.",
                evidence={"reply": ctx.text[first.idx:last.idx + len(last.text)][:200]},
            )
