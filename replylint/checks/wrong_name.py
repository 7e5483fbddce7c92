from __future__ import annotations

import re
import unicodedata

from ..rule import Rule
from .missing_greeting import own_text

GREETING = re.compile(
    r"^\W{0,3}(?:hi|hello|hey|hiya|heya|howdy|dear|greetings|good\s+(?:morning|afternoon|evening|day)|morning|"
    r"afternoon|evening|hallo|bonjour|hola|ciao)\b[ \t,]+(?P<name>[^,!:;\n.?–—-]{1,40})",
    re.IGNORECASE,
)
NAME_ONLY = re.compile(r"^\W{0,3}(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})\s*[,:!]?\s*$")
CUSTOMER_SIGN_OFF = re.compile(
    r"^\W{0,3}(?:thanks|thank\s+you|many\s+thanks|thanks\s+(?:again|in\s+advance|a\s+lot|so\s+much)|"
    r"regards|kind\s+regards|best\s+regards|warm\s+regards|best|best\s+wishes|cheers|sincerely|"
    r"yours(?:\s+(?:sincerely|truly|faithfully))?|all\s+the\s+best|take\s+care|thx|ta|tia|"
    r"respectfully|cordially|with\s+thanks)\b[ \t,.!]*(?P<rest>.*)$",
    re.IGNORECASE,
)
PERSON = re.compile(r"^[-~–—]*\s*(?P<name>[A-Z][a-zA-Z'’-]+\.?(?:\s+[A-Z][a-zA-Z'’-]+\.?){0,2})\s*$")


def _fold(word: str) -> str:
    text = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower().strip(".'’")


def _lexicon() -> dict:
    from ..builtin import load_lexicon

    return load_lexicon("names")


def customer_signature(text: str) -> tuple[str, str] | None:
    """(name, exact text) of the name the customer signed with: the line after their
    sign-off ("Thanks,\\nAnn Lee"), or the name on the sign-off line ("Cheers, Ann")."""
    lines = text.rstrip().splitlines()
    tail = lines[-10:]
    for n in range(len(tail) - 1, -1, -1):
        m = CUSTOMER_SIGN_OFF.match(tail[n].strip())
        if not m:
            continue
        rest = m.group("rest").strip()
        candidates = [rest] if rest else [ln.strip() for ln in tail[n + 1 : n + 3] if ln.strip()][:1]
        for cand in candidates:
            p = PERSON.match(cand)
            if p:
                return p.group("name"), p.group("name")
        return None
    return None


class WrongName(Rule):
    """
    ## What it flags
    A greeting that names someone other than the customer: "Hi Sarah," to a customer who
    signed "Thanks, Laura", or "Dear Mr Patel" to "Ann Lee". The customer's name comes
    from the quoted header ("Ann Lee wrote:") or from their own sign-off in the message.
    Nicknames and name forms match: Robert/Bob, Alex/Alexander, "Ms Lee" for Ann Lee,
    accents ignored. Needs the customer's message (`--context` or quoted history).

    ## Why it matters
    Getting the name wrong is the clearest sign of a pasted reply, and customers take it
    personally: it is the one mistake they are sure to notice and mention.

    ## Example
    Customer: "... Thanks, Laura"
    Reply: "Hi Sarah, your refund has been processed."

    ## Better
    Hi Laura, your refund has been processed.

    ## Options
    None.
    """

    code = "RL605"
    name = "wrong-name"
    summary = "The greeting names someone other than the customer."
    severity = "error"
    needs_context = True

    def setup(self, nlp) -> None:
        data = _lexicon()
        self.titles = {_fold(t) for t in data["titles"]}
        self.not_names = {_fold(t) for t in data["not_names"]}
        self.groups: dict[str, set[int]] = {}
        for n, group in enumerate(data["nicknames"]):
            for name in group:
                self.groups.setdefault(_fold(name), set()).add(n)

    def _greeting(self, ctx) -> tuple[int, list[str], str] | None:
        """(offset, name words, title or "") of the name the reply greets."""
        span = own_text(ctx)
        if span is None:
            return None
        start, end = span
        line = ctx.text[start:end].split("\n", 1)[0]
        m = GREETING.match(line) or NAME_ONLY.match(line)
        # "Hello,\r" (a CRLF draft) or "Hi,\u00a0" leaves a name of whitespace only: no name.
        if not m or not m.group("name").split():
            return None
        if _fold(m.group("name").split()[0]) in self.not_names and len(m.group("name").split()) == 1:
            return None
        words = m.group("name").split()
        offset = start + m.start("name")
        titled = ""
        while words and _fold(words[0]) in self.titles:
            titled = words[0]
            offset = line.find(words[1], offset - start) + start if len(words) > 1 else offset
            words = words[1:]
        names = []
        for word in words[:3]:
            if not word[:1].isupper() or _fold(word) in self.not_names or not re.fullmatch(r"[^\W\d_][\w'’.-]*", word):
                break
            names.append(word)
        if not names:
            return None
        return offset, names, titled

    def _same(self, a: str, b: str) -> bool:
        if re.fullmatch(r"[A-Z]{1,3}|[A-Z]\.?", b.strip(".")) or re.fullmatch(r"[A-Z]\.", b):
            return _fold(a)[:1] == _fold(b)[:1]  # initials: "KW" signs for Keith
        a, b = _fold(a), _fold(b)
        if a == b:
            return True
        if self.groups.get(a, set()) & self.groups.get(b, set()):
            return True
        short, long = sorted((a, b), key=len)
        if len(short) >= 3 and long.startswith(short):
            return True
        # Steffi/Stefanie, Jenn/Jennifer: a shared start of four letters is one name
        return len(short) >= 4 and short[:4] == long[:4]

    def check(self, ctx):
        greeting = self._greeting(ctx)
        if greeting is None:
            return
        offset, greeted, titled = greeting
        context = ctx.document.context or ""
        known = []
        signed = customer_signature(context)
        if signed:
            known.append((*signed, "signed as"))
        header = (ctx.document.customer_name or "").strip()
        if header and re.fullmatch(r"[A-Z][\w'’.-]+(?:,?\s+[A-Z][\w'’.-]+){0,3}", header):
            known.append((header.replace(",", " "), header if header in context else "", "wrote as"))
        if not known:
            return
        customer_words = [w for name, _, _ in known for w in name.split() if _fold(w)]
        # The greeted name anywhere in their message (a signature block, "my name is",
        # their address) means the agent had it from the customer.
        if any(re.search(rf"\b{re.escape(_fold(g))}\b", _fold(context)) for g in greeted):
            return
        check_words = greeted[-1:] if titled else greeted
        if any(self._same(g, c) for g in check_words for c in customer_words):
            return
        name, exact, how = known[0]
        said = " ".join(greeted)
        stop = offset + len(ctx.text[offset:].split("\n", 1)[0].split(said, 1)[0]) + len(said)
        start = stop - len(said)
        evidence = {"reply": said}
        if exact:
            evidence["customer"] = exact
        fix = f"Dear {name}," if titled else f"Hi {name.split()[0]},"
        yield ctx.finding(
            self, start, stop,
            f"The greeting names “{said}”, but the customer {how} “{name}”. Check the name: “{fix}”.",
            evidence=evidence,
        )
