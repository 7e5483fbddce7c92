from __future__ import annotations

import re

from ..rule import Option, Rule

GREETING_WORDS = re.compile(
    r"^\W{0,3}(?:hi|hello|hey|hiya|heya|howdy|dear|greetings|good\s+(?:morning|afternoon|evening|day)|"
    r"morning|afternoon|evening|thanks|thank\s+you|many\s+thanks|welcome|"
    r"hallo|bonjour|hola|ciao|salut|hej|moin|servus|buongiorno|bom\s+dia|ol[aá]|namaste)\b",
    re.IGNORECASE,
)
# "Doug," / "Ms Ortiz," / "Anne -": a line that is only a name works as a greeting.
# Words joined by \s+, not \s*: with \s* a long capitalised run ("TraTraTra…") could be cut
# into three words in cubically many ways before the match fails (2,800 characters: 18 s).
NAME_LINE = re.compile(r"^\W{0,3}[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2}\s*[,:!-]?\s*$")
# "Jason, the pinout is ..." opens with a name too; these capitalised words do not.
NOT_NAMES = {
    "yes", "no", "well", "so", "also", "sorry", "ok", "okay", "thanks", "however", "unfortunately",
    "again", "now", "first", "actually", "sure", "right", "hmm", "ah", "oh", "indeed", "still",
    "alternatively", "otherwise", "then", "yep", "nope", "hm", "note", "please", "great", "done",
    "correct", "true", "agreed", "interesting", "finally", "currently", "basically", "apparently",
}
HANDLE = re.compile(r"^\s*[@.]?@\w")


def own_text(ctx) -> tuple[int, int] | None:
    """Start and end of the agent's own reply text when it comes first (top-posted or no
    quotes); None when the reply answers inline below quoted text, where greetings and
    sign-offs are not expected."""
    zones = sorted(ctx.doc._.zones or [(0, len(ctx.text), "body")])
    text = ctx.text
    first = next(((a, b, k) for a, b, k in zones if text[a:b].strip()), None)
    if first is None or first[2] == "quoted":
        return None
    start = first[0] + (len(text[first[0]:first[1]]) - len(text[first[0]:first[1]].lstrip()))
    end = start
    for a, b, kind in zones:
        if kind == "quoted" and a >= start:
            break
        end = max(end, b)
    return start, end


def reply_words(ctx, start: int, end: int) -> int:
    return len(re.findall(r"[^\W\d_][\w'’-]*", ctx.text[start:end]))


def email_length_reply(ctx, min_words: int) -> tuple[int, str] | None:
    """(start, text) of the agent's own reply when RL602 and RL603 judge it: a draft (not a
    template), top-posted or unquoted, not a tweet to a handle, and at least `min_words` long."""
    if ctx.is_template:
        return None
    span = own_text(ctx)
    if span is None:
        return None
    start, end = span
    text = ctx.text[start:end]
    if HANDLE.match(text) or reply_words(ctx, start, end) < min_words:
        return None
    return start, text


def has_greeting(ctx, start: int, end: int) -> bool:
    if any(kind == "greeting" for _, _, kind in ctx.doc._.zones or []):
        return True
    text = ctx.text[start:end].lstrip()
    line = text.split("\n", 1)[0].strip()
    if GREETING_WORDS.match(line) or NAME_LINE.match(line):
        return True
    m = re.match(r"^([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?)\s*[,:–—-]\s", line)
    return bool(m and m.group(1).split()[0].lower().strip(".") not in NOT_NAMES)


class MissingGreeting(Rule):
    """
    ## What it flags
    An email-length reply (40 words or more) that opens with no greeting: no "Hi Dana,",
    "Dear Mr Lee," or even just "Dana," before the first sentence.

    Not flagged: short replies and tweets (they open with the @handle), replies written
    inline below the customer's quoted text, and templates (saved replies are usually
    fragments pasted under the agent's own greeting).

    ## Why it matters
    The greeting is the first sign a person read the message. A reply that starts cold
    reads as a form, even when the rest is specific; using the customer's name costs two
    words.

    ## Example
    Your refund was processed today and should reach your card within five working days...

    ## Better
    Hi Dana,

    Your refund was processed today and should reach your card within five working days...

    ## Options
    - `min-words` (int, default 40): replies shorter than this are not checked.
    """

    code = "RL602"
    name = "missing-greeting"
    summary = "An email-length reply with no greeting."
    severity = "info"
    options = {"min-words": Option(int, 40, "replies with fewer words than this are not checked")}

    def check(self, ctx):
        found = email_length_reply(ctx, self.opts["min-words"])
        if found is None:
            return
        start, text = found
        if has_greeting(ctx, start, start + len(text)):
            return
        first_line = text.split("\n", 1)[0].strip()
        opening = " ".join(first_line.split()[:6])
        name = (ctx.document.customer_name or "").split()
        hello = f"Hi {name[0]}," if name and name[0][:1].isupper() else "Hi <name>,"
        stop = start + len(first_line)
        yield ctx.finding(
            self, start, stop,
            f"No greeting: the reply opens with “{opening}…”. Start with “{hello}”.",
            evidence={"reply": opening},
        )
