from __future__ import annotations

from ..rule import Option, Rule
from ..signals.addressing import build_view, is_addressed
from ..signals.questions import find_requests, is_technical

QUOTE_MAX = 120


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1].rstrip() + "…"


class UnansweredQuestion(Rule):
    """
    ## What it flags
    A question or request in the customer's message that the reply never addresses: a direct
    question ("Can I change the delivery address?"), an indirect one ("I was wondering whether
    you sell a lid for it") or a request ("please refund the March payment"). One finding per
    unanswered question, quoting the customer's words. Rhetorical and venting questions
    ("seriously?"), questions the customer answers themselves, quoted code and logs, and
    near-duplicates are not counted.

    A question counts as addressed when the reply answers it, says you don't know yet or it
    can't be done, asks a clarifying question about it, or names the next step for it. The
    reply has to echo the question's key words (synonyms count; model names and numbers
    count most), give the kind of answer asked for ("when" -> a time, "why" -> a reason), a
    yes/no answer, or a clarifying question about it. Inline replies are read point by point:
    the text right after a quoted question answers it. A question is only flagged when the
    reply answers the customer's other questions but not this one, or when the reply does
    nothing but deflect ("DM us", "contact the chat team", "your request has been forwarded").
    A reply to a single question that engages with the message at all is left alone.

    In technical threads (pasted code or logs, paths, versions, model numbers, words no
    dictionary knows) experts answer in their own words, so there only a reply that
    deflects everything is flagged.

    The finding sits on the last sentence of the reply's body, where the missing answer would
    go. Needs the customer's message (quoted history or `--context`).

    ## How it decides
    Two learned models (`python training/learn.py`, trained on labelled support exchanges):
    one reads each sentence of the customer's own message and decides whether it asks the
    company something (its words, the question and request cues, the parse: imperatives,
    "I need ...", embedded questions; rhetorical lines excluded); the other reads each request
    against the reply: the word-overlap reading described above, the kind of answer asked for
    (a time, an amount, a yes or no) and whether the reply has one, deflections, clarifying
    questions and the reply's length. The finding names the signals that decided and carries
    the model's confidence. Unanswered questions are the judgement two careful readers agree
    on least, and the model's measured precision stays below 0.95 at every threshold, so its
    findings are `info`: advice that never blocks a send.

    ## Why it matters
    An unanswered question means another round trip: the customer writes again, waits again,
    and trusts the next reply less. Multi-question emails are where it happens most: the agent
    answers the first two questions and the third one slips.

    ## Example
    Customer: Is it possible to change the delivery address before it ships? Also, do you
    offer gift wrapping?

    Reply: Good news, I've changed the delivery address to 14 Harbour Row.

    ## Better
    Good news, I've changed the delivery address to 14 Harbour Row. We do offer gift wrapping
    for £3.50, and I've added it to your order.

    ## Options
    - `learned` (bool, default true): the learned models above. false: the word-overlap
      reading alone, with the options below (kept for comparison; it measured lower).
    - `min-confidence` (float, default 0): how sure the model must be that a request is left
      unanswered, 0–1; 0 uses the threshold chosen on the validation split.
    - `min-overlap` (float, default 0.5): share of a question's key words (weighted: numbers
      and model names count most) that the reply must echo for the question to count as
      addressed by its words alone. Raise it to flag more, lower it to flag less.
    - `ignore-rhetorical` (bool, default true): skip rhetorical and venting questions.
    - `judge-technical` (bool, default false): judge technical threads by word overlap like
      any other thread. Finds more skipped questions in developer mailing lists, but about
      half of those findings are answers given in other words.
    - `parse-requests` (bool, default false): also find the requests that only the
      dependency parse shows: a bare imperative ("give me my money back"), "I need this
      sorted", "we want the charge reversed", "I'd like to know how ...". Runs the tagger and
      parser. Off by default until it is measured to help: on the labelled development sets
      it found no missed question and added one wrong finding (README, "How good are they?").
    """

    code = "RL301"
    name = "unanswered-question"
    severity = "warning"
    summary = "The reply leaves one of the customer's questions or requests unanswered."
    needs_context = True
    models = ("request", "unanswered")
    options = {
        "learned": Option(bool, True, "the learned request and addressing models (false: word overlap alone)"),
        "min-confidence": Option(float, 0.0, "how sure the model must be (0 = its validated threshold)"),
        "min-overlap": Option(float, 0.5, "share of a question's key words the reply must echo"),
        "ignore-rhetorical": Option(bool, True, "skip rhetorical and venting questions"),
        "judge-technical": Option(bool, False, "judge technical threads by word overlap too (more recall, less precision)"),
        "parse-requests": Option(bool, False, "also find requests the parse shows and no cue phrase lists"),
    }

    @property
    def needs_parse(self) -> bool | str:
        # only their requests are read
        return "customer" if self.opts["learned"] or self.opts["parse-requests"] else False

    def check(self, ctx):
        customer = ctx.customer
        if customer is None:
            return
        if self.opts["learned"]:
            yield from self._learned(ctx)
            return
        requests = find_requests(customer, keep_rhetorical=not self.opts["ignore-rhetorical"],
                                 from_parse=self.opts["parse-requests"])
        if not requests:
            return
        view = build_view(ctx.doc, ctx.document.context, ctx.document.zones)
        start, end = self._anchor(ctx, view)
        strict = not self.opts["judge-technical"] and is_technical(customer, " ".join(s.text for s in view.own))
        for request in requests:
            addressed, why = is_addressed(
                request, view.own, ctx.doc, view=view, requests=requests,
                min_overlap=self.opts["min-overlap"], strict=strict,
            )
            if addressed:
                continue
            yield ctx.finding(
                self, start, end,
                f"The customer asked “{_quote(request.text)}” and the reply doesn't answer it. "
                "Answer it, say you don't know yet, or say what happens next.",
                evidence={"customer": request.text, "reply": ctx.text[start:end], "why": why},
            )

    def _learned(self, ctx):
        from ..learned import features, linear, requests

        judged = [j for j in requests.judge(ctx, unanswered_threshold=self.opts["min-confidence"] or None)
                  if j.unanswered.positive]
        if not judged:
            return
        view = requests.reply_view(ctx)
        start, end = self._anchor(ctx, view)
        block_at = linear.load("unanswered").meta.get("block_at", 1.0)
        for j in judged:
            text = j.span.text.strip()
            signals = "; ".join(features.describe(f) for f, _ in j.unanswered.reasons) or j.why
            yield ctx.finding(
                self, start, end,
                f"The customer asked “{_quote(text)}” and the reply doesn't answer it (confidence "
                f"{j.unanswered.probability:.2f}: {signals}). Answer it, say you don't know yet, or say what "
                "happens next.",
                evidence={"customer": text, "reply": ctx.text[start:end], "why": j.why, "signals": signals},
                confidence=j.unanswered.probability,
                severity=None if j.unanswered.probability >= block_at else "info",
            )

    @staticmethod
    def _anchor(ctx, view) -> tuple[int, int]:
        """The last sentence of the reply's body: where a missing answer would go."""
        body = [s for s in view.own if s._.zone == "body"] or view.own
        if body:
            last = body[-1]
            return last.start_char, last.end_char
        line_end = ctx.text.find("\n")
        return 0, line_end if line_end > 0 else len(ctx.text)
