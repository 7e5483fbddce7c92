"""The customer's questions and requests: what a reply is expected to address.

`find_requests(customer_doc)` returns every direct question ("Can I change the address?"),
indirect question ("I was wondering whether ...") and request ("please refund my order") in
the customer's message that is aimed at the company. Rhetorical and venting questions,
questions the customer answers themselves, quoted text, code and log lines, mailing-list
footers and near-duplicates are left out. The cue phrases live in
rules/lexicons/questions.toml.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from ..nlp.extensions import text_of
from . import syntax

DIRECT, INDIRECT, REQUEST = "direct", "indirect", "request"
# Identifiers, versions, model names: the strongest evidence that two texts speak of one thing.
STRONG_WEIGHT = 3.0
# Bare numbers ("5/6 disks", "R 4.1") are often parameters an answer needn't repeat.
NUMBER_WEIGHT = 1.5
_NUMBER = re.compile(r"^[\d.,/:%$£€+-]+$")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_PLAIN_CHUNK = re.compile(r"^[(\"'\[]?[A-Za-z0-9][A-Za-z0-9'’&-]*[)\"'\].,;:!?…]*$")
_PROMPT = re.compile(r"^\s*(?:\$\s|#\s|%\s|>>>|[\w.-]*[>$#]\s|\+\s|[A-Za-z]:\\|[\w.-]+@[\w.-]+:\S*[$#])")
_LOG = re.compile(
    r"^\s*(?:\[\s*\d+[.:]\d+|\d{4}-\d\d-\d\d[ T]\d\d:|\d\d:\d\d:\d\d|"
    r"(?:error|warning|warn|info|debug|fatal|traceback|err|ign|hit|get|e|w|n)(?::\d*|\]|\s*\[)|"
    r"at [\w.$]+\(|file \"[^\"]+\", line \d+|make(?:\[\d+\])?: |\*\*\*|\*\* |\* (?:installing|removing|building|checking|done)"
    r"|(?:error|warning|warnings|note) in \w|in addition: )",
    re.IGNORECASE,
)
_CONTACT = re.compile(r"\b(?:tel|fax|phone|mobile|cell|e-?mail|web)\s*[:.]\s*\S", re.IGNORECASE)
_LOG_LABEL = re.compile(r"^\s*[A-Z][A-Z_ ]{3,}:\s")  # "CRITICAL WARNING: ...", "ERROR: ..."
# Punctuation, quotes, dashes and control characters around a word ("'--vanilla'").
_LOWER_WORD = re.compile(r"(?<![\w'./-])[a-z]{3,}(?![\w'/-])")
_LINKS = re.compile(r"https?://\S+|www\.\S+|[@#]\w+")
# "it", or "this"/"that" standing for something said before ("is this normal?"), not as
# a determiner ("this month").
_ANAPHOR = re.compile(
    r"\bit\b|\b(?:this|that|these|those)\b(?=\s*(?:[?.!,;:)]|$)|\s+(?:is|was|are|were|be|will|would|"
    r"should|can|could|might|may|has|have|had|does|did|do|happen\w*|work\w*|mean\w*|seem\w*|look\w*)\b)"
)
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_INVISIBLE = re.compile("[\ufe0e\ufe0f\u200b-\u200d\u2060]")
_TAIL_TAG = re.compile(r"[@#]\w+")
_LINK = re.compile(r"https?://\S+")
_GREETING_LINE = re.compile(r"^(?:hi|hello|hey|dear|greetings)\b[^\n?]{0,40}\n\s*", re.IGNORECASE)
# "?sp?" and "plotly.?": curly quotes and non-breaking spaces mangled into question marks.
_MOJIBAKE = re.compile(r"(?:^|\s)\?[\w/~]|[.!]\?(?:\s|$)")
# "(also, should it read 'too small'?)": an aside in brackets, not the sentence's question.
_ASIDE = re.compile(r"\S.*\([^()]*\?[\"'\u201d]?\)\W*$")
_QUOTE_PREFIX = re.compile(r"^\s*(?:>|\|)")
_SEPARATOR = re.compile(r"^\s*([-=_.*~#+])(?:\s*[-=_.*~#+]){7,}\s*$")
_LEAD = {"and", "so", "also", "but", "or", "then", "now", "ok", "okay", "well", "plus", "lastly",
         "finally", "first", "second", "third", "secondly", "thirdly", "next", "oh", "hi", "hello"}
_SUBJECTS = {"you", "i", "we", "it", "there", "anyone", "anybody", "someone", "somebody", "this",
             "that", "they", "he", "she", "my", "your", "the"}
_AUX_OPENERS = {"is", "are", "was", "were", "can", "could", "does", "did", "do", "will", "would",
                "has", "have", "should", "shall", "may", "might", "isn't", "aren't", "doesn't", "can't"}
_WH_WORDS = {"how", "what", "why", "where", "when", "who"}
_HANDLES = re.compile(r"^(?:[@#]\w+[\s,:]*)+")
# Where one sentence holds two asks: ", and how ...", "; ...", " — what ...", ": where ...".
_CLAUSE_BREAK = re.compile(
    r",? and (?=(?:i|we|how|what|why|where|when|which|who|please|also)\b"
    r"|(?:can|could|would|will|is|are|do|does|did)\s+(?:i|we|you|it|there|they|this|that)\b)"
    r"|;\s+|\s[\u2014\u2013]\s|\u2014|\s--\s|:\s+(?=\S)",
    re.IGNORECASE,
)
_YES_NO_LEAD = re.compile(
    r"^(?:(?:\d{1,2}[.)]|and|so|also|but|or|then|if (?:not|so|yes|no)|my (?:question|query) is(?: if| whether)?)[,:]?\s+)*"
)
_INFO_ASK = re.compile(
    r"\b(?:any ?one|some ?one|any ?body|some ?body|you) (?:\w+ )?(?:know|knows|have any idea|has any idea|"
    r"explain|tell (?:me|us) (?:how|what|why|where|when|which)|point|suggest|recommend|give|share|comment)\b"
    r"|\b(?:how|what|why|where|when|which) (?:is|are|do|does|can|should|would)\b"
)
# Paths, versions, snake_case, CamelCase, flags and file names: the vocabulary of tech threads.
_IDENTIFIER = re.compile(
    r"\b[A-Z]{1,6}-?\d{2,}[A-Za-z]*\b|(?<![@#\w])[A-Z][a-z]+[A-Z]\w*|\b[a-z]+/[a-z]+\d\w*"
    r"|(?<![\w/])(?:/[\w.-]+){2,}|\b\d+\.\d+(?:\.\d+)+\b|\b[a-z]+_[a-z0-9_]+\b|\b[a-z]+[A-Z][a-zA-Z]+\b"
    r"|(?<!\S)--?[a-z][\w-]+\b|\b[\w-]+\.(?:c|h|cpp|py|sh|so|dll|conf|yml|yaml|json|xml|txt|log|deb|rpm|ko)\b"
)
_WHETHER = re.compile(r"\b(?:wonder(?:ing|ed)?|know|ask|tell (?:me|us)|confirm|check) (?:if|whether)\b")
_RESTATEMENT = re.compile(
    r"^(?:please )?(?:let (?:me|us) know|any (?:help|ideas?|advice|suggestions?|pointers?|thoughts?|insights?)|"
    r"(?:i|we)(?:'d| would)? (?:\w+ )?appreciate).*\b(?:this|that|these|those|it)\b"
)
# Acronyms and model numbers ("SATA", "RAID5", "E320", "4TB"); ordinals and times don't count.
_JARGON = re.compile(r"\b(?:[A-Z]{2,}\d*[a-z]?|[A-Za-z]+\d+[A-Za-z0-9]*|\d+[A-Za-z]{2,}\w*)\b")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th|am|pm|s)|[A-Z]{2}|ID|PDF|VAT|OK|USA|UK|EU|ASAP|FAQ|PS|TV|PC|CEO|URL", re.IGNORECASE)
_COMPOUND = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+\b")
_SUFFIXES = ("ational", "ization", "isation", "ations", "ation", "ated", "ating", "ates", "ate",
             "ments", "ment", "ings", "ing",
             "ness", "ities", "ity", "ably", "ibly", "able", "ible", "edly", "ies", "ied", "ers",
             "er", "ed", "es", "ly", "s")


def normalise(text: str) -> str:
    """Lower-cased, one space between words, straight apostrophes: what cue patterns read."""
    text = _INVISIBLE.sub("", text.translate(_APOSTROPHES))
    return " ".join(text.lower().split())


def ends_with_question(span: Span) -> bool:
    """A question mark at the end, before any handles, hashtags, links or emoji."""
    text = span.text.strip()
    if _MOJIBAKE.search(text):
        return False  # "?sp?": curly quotes mangled into question marks by an old mailer
    if text[:1] in "\"\u201c" and text[-1:] in "\"\u201d" or _ASIDE.match(text):
        return False  # a quoted title, someone else's words, or an aside
    return span._.is_question or _question_tail(text)


def _question_tail(text: str) -> bool:
    """Does a "?" end the text's words, before any handles, hashtags, links and symbols?
    Token by token from the end, in linear time: the single pattern this replaces (nested
    repeats over symbols) backtracked for minutes on a line of pasted punctuation."""
    for token in reversed(text.split()):
        if _LINK.fullmatch(token):
            continue
        tag = _TAIL_TAG.match(token)
        end = len(token)
        while end and not (token[end - 1].isalnum() or token[end - 1] == "_"):
            end -= 1
        if "?" in token[end:]:
            return True
        if tag and tag.end() == end or end == 0:
            continue  # a handle, a hashtag or symbols only: look further back
        return False
    return False


def stem(word: str) -> str:
    """A crude stem so that "replacement", "replaced" and "replace" meet."""
    word = _EDGES.sub("", word.lower())
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


@dataclass
class Lexicon:
    indirect: list[re.Pattern]
    request: list[re.Pattern]
    imperative: frozenset[str]
    yes_no_openers: frozenset[str]
    rhetorical: list[re.Pattern]
    administrative: list[re.Pattern]
    self_answer: list[re.Pattern]
    generic: frozenset[str]
    synonyms: dict[str, frozenset[int]]
    phrase_synonyms: list[tuple[str, int]]
    deflection: list[re.Pattern]
    answer_openers: list[re.Pattern]
    cannot: list[re.Pattern]
    answer_types: dict[str, tuple[re.Pattern, re.Pattern]]
    commitment: list[re.Pattern]
    refusal: list[re.Pattern]
    # (orth, lemma) hash -> doc_token_keys' entry, shared by all documents; cleared when large.
    word_keys: dict = field(default_factory=dict)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    from ..builtin import load_lexicon

    data = load_lexicon("questions")

    def compile_all(patterns):
        return [re.compile(p) for p in patterns]

    synonyms: dict[str, set[int]] = {}
    phrases: list[tuple[str, int]] = []
    for group_id, group in enumerate(data["keywords"]["synonyms"]):
        for entry in group:
            if " " in entry:
                phrases.append((entry, group_id))
            else:
                synonyms.setdefault(stem(entry), set()).add(group_id)
    generic = set(data["keywords"]["generic"]) | set(STOP_WORDS)
    return Lexicon(
        indirect=compile_all(data["cues"]["indirect"]),
        request=compile_all(data["cues"]["request"]),
        imperative=frozenset(data["cues"]["imperative_verbs"]),
        yes_no_openers=frozenset(data["cues"]["yes_no_openers"]),
        rhetorical=compile_all(data["exclude"]["rhetorical"]),
        administrative=compile_all(data["exclude"]["administrative"]),
        self_answer=compile_all(data["exclude"]["self_answer"]),
        generic=frozenset(generic | {stem(w) for w in generic}),
        synonyms={k: frozenset(v) for k, v in synonyms.items()},
        phrase_synonyms=phrases,
        deflection=compile_all(data["reply"]["deflection"]),
        answer_openers=compile_all(data["reply"]["answer_openers"]),
        cannot=compile_all(data["reply"]["cannot"]),
        commitment=compile_all(data["reply"]["commitment"]),
        refusal=compile_all(data["reply"]["refusal"]),
        answer_types={name: (re.compile(q), re.compile(a)) for name, (q, a) in data["answer_types"].items()},
    )


@dataclass
class Request:
    """One question or request of the customer's, with the words a reply would echo."""

    span: Span
    kind: str  # direct | indirect | request
    keywords: dict[str, float] = field(default_factory=dict)  # stem -> salience
    yes_no: bool = False
    surface: dict[str, str] = field(default_factory=dict)  # stem -> the word as written
    distinct: set[str] = field(default_factory=set)  # words used nowhere else in the message

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def start(self) -> int:
        return self.span.start_char

    @property
    def end(self) -> int:
        return self.span.end_char

    @property
    def generic(self) -> bool:
        """No content words: "any help?", "please advise". Only a non-answer misses it."""
        return not self.keywords

    @property
    def vague(self) -> bool:
        """Little beyond a pronoun ("How is this handled?", "Is it necessary?"): what it asks
        about lives in the sentences around it, so its words can't be matched."""
        if self.generic:
            return True
        strong = any(w >= STRONG_WEIGHT for w in self.keywords.values())
        return len(self.keywords) <= 2 and not strong and bool(_ANAPHOR.search(normalise(self.text)))


def is_strong(text: str) -> bool:
    """Numbers, versions, model names and identifiers ("E320", "4.0.1", "axi_dma")."""
    core = _EDGES.sub("", text)
    if len(core) < 2:
        return False
    return (
        any(c.isdigit() for c in core)
        or "_" in core
        or (core.isupper() and core.isalpha() and len(core) >= 2 and core not in {"I", "OK", "PS"})
        or (any(c.isupper() for c in core[1:]) and any(c.islower() for c in core))
    )


# Sentences joined by _continues stop growing here: no question runs this long, and a
# run of thousands of "el?" fragments would otherwise cost quadratic time.
MAX_JOINED = 1000
_KEYS = "replylint.token_keys"
MAX_WORD_KEYS = 200_000


def doc_token_keys(doc: Doc, lex: Lexicon) -> list[tuple[str, float, str] | None]:
    """(key, weight, surface) of every token of `doc`, by index: None for function words.

    Worked out once per document from its token arrays, and once per distinct word: keys_of
    reads every sentence of a reply and every clause of the customer's message, and Token
    objects cost more than the words themselves (~1 ms for a 1 KB reply and its message)."""
    cached = doc.user_data.get(_KEYS)
    if cached is None:
        from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, LIKE_EMAIL, LIKE_URL, ORTH

        from ..nlp.extensions import placeholders

        strings = doc.vocab.strings
        opaque = placeholders(doc)
        memo = lex.word_keys
        if len(memo) > MAX_WORD_KEYS:
            memo.clear()  # a long-running server meets new words forever
        cached = []
        rows = doc.to_array([ORTH, LEMMA, IS_SPACE, IS_PUNCT, LIKE_URL, LIKE_EMAIL]).tolist() if len(doc) else []
        for i, (orth, lemma, space, punct, url, email) in enumerate(rows):
            if space or punct or url or email or i in opaque:
                cached.append(None)
                continue
            pair = (orth, lemma)
            if pair not in memo:
                memo[pair] = _word_key(strings[orth], strings[lemma], lex)
            cached.append(memo[pair])
        doc.user_data[_KEYS] = cached
    return cached


_STEMS = "replylint.lemma_stems"


def doc_lemma_stems(doc: Doc) -> list[str | None]:
    """stem() of every token's lemma, by index (None for spaces and punctuation), once per doc."""
    cached = doc.user_data.get(_STEMS)
    if cached is None:
        from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA

        strings = doc.vocab.strings
        rows = doc.to_array([LEMMA, IS_SPACE, IS_PUNCT]).tolist() if len(doc) else []
        cached = [None if space or punct else _lemma_stem(strings[lemma]) for lemma, space, punct in rows]
        doc.user_data[_STEMS] = cached
    return cached


@lru_cache(maxsize=65536)
def _lemma_stem(lemma: str) -> str:
    return stem(lemma)


def _word_key(text: str, lemma: str, lex: Lexicon) -> tuple[str, float, str] | None:
    if text.startswith("@") or text.startswith("#") and len(text) > 1 and not any(c.isdigit() for c in text):
        return None
    if is_strong(text):
        core = _EDGES.sub("", text.lower())
        return core, NUMBER_WEIGHT if _NUMBER.match(core) else STRONG_WEIGHT, _EDGES.sub("", text)
    lemma = lemma.lower()
    if not any(c.isalpha() for c in lemma) or len(lemma) < 2:
        return None
    if lemma in lex.generic or text.lower() in lex.generic:
        return None
    key = stem(lemma)
    if key in lex.generic:
        return None
    return key, 1.0, _EDGES.sub("", text)


def excluded_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of lines that are quoted, code, log output, separators or footers."""
    ranges = []
    pos = 0
    footer = False
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line)
        pos = end
        bare = line.strip()
        if not bare:
            continue
        if footer or _SEPARATOR.match(bare) or bare in {"--", "-- "}:
            # Everything under a rule line near the end is a footer or signature.
            if _SEPARATOR.match(bare) or bare.startswith("--"):
                footer = footer or start > len(text) * 0.6
            ranges.append((start, end))
            continue
        if _QUOTE_PREFIX.match(line) or is_code_line(line):
            ranges.append((start, end))
    return ranges


def is_code_line(line: str) -> bool:
    """Commands, prompts, log output and source code rather than prose."""
    bare = line.strip()
    if _PROMPT.match(line) or _LOG.match(bare) or _LOG_LABEL.match(bare):
        return True
    if _CONTACT.search(bare):
        return True  # "tel: +46 90 ...", "e-mail: ...": a signature's contact lines
    digits = sum(c.isdigit() for c in bare)
    if digits >= 6 and digits > sum(c.isalpha() for c in bare):
        return True  # phone numbers, tables of figures, hex dumps
    chunks = bare.split()
    plain = sum(1 for c in chunks if _PLAIN_CHUNK.match(c))
    if len(chunks) == 1:
        return not _PLAIN_CHUNK.match(chunks[0]) and len(chunks[0]) > 3
    if len(chunks) >= 3 and plain / len(chunks) < 0.5:
        return True
    symbols = sum(1 for c in bare if c in "{}[]();=<>|\\$`~^")
    return symbols / max(len(bare), 1) > 0.12


def _in_ranges(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in ranges)


def _trim(sent: Span, excluded: list[tuple[int, int]]) -> Span | None:
    """The last run of prose tokens in a sentence: where its question or request sits."""
    kept = [t for t in sent if not t.is_space and not _in_ranges(t.idx, excluded)]
    if not kept:
        return None
    run_end = kept[-1].i
    run_start = run_end
    for token in reversed(sent[: run_end - sent.start + 1]):
        if token.is_space:
            continue
        if _in_ranges(token.idx, excluded):
            break
        run_start = token.i
    span = sent.doc[run_start : run_end + 1]
    # Leading list markers ("1)", "2.", "-") are not part of the question.
    while len(span) > 1 and (re.fullmatch(r"\(?\d{1,2}[.):]?|[a-z][.)]|[-*•–]", span[0].text)
                             or span[0].text in {")", ".", ":", ","} or span[0].text.startswith("@")
                             or span[0].is_space):
        span = span.doc[span.start + 1 : span.end]
    close = span.text.find(") ")
    if 0 <= close < 40 and "(" not in span.text[:close]:
        # "0.63.1) Can anyone ...": the tail of a parenthesis opened in the sentence before.
        rest = span.doc.char_span(span.start_char + close + 2, span.end_char, alignment_mode="expand")
        span = rest if rest is not None and len(rest) else span
    greeting = _GREETING_LINE.match(span.text)
    if greeting and greeting.end() < len(span.text):
        rest = span.doc.char_span(span.start_char + greeting.end(), span.end_char, alignment_mode="expand")
        span = rest if rest is not None and len(rest) else span
    while len(span) > 1 and span[-1].is_space:
        span = span.doc[span.start : span.end - 1]
    return span


def _words(span: Span) -> list[str]:
    return [t.lemma_.lower() for t in span if not t.is_space and not t.is_punct]


def _first_words(span: Span) -> list[str]:
    """The lemmas of a sentence after its list marker and leading "and", "so", "also"."""
    tokens = [t for t in span if not t.is_space and not t.is_punct]
    while tokens:
        token = tokens[0]
        if token.text.startswith("@") or _INVISIBLE.fullmatch(token.text):
            tokens = tokens[1:]
            continue
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        marker = re.fullmatch(r"\d{1,2}|[a-h]", token.text) and nxt is not None and nxt.text in {")", ".", ":"}
        if token.lemma_.lower() in _LEAD or marker:
            tokens = tokens[1:]
            continue
        break
    return [t.lemma_.lower() for t in tokens]


def _is_imperative(span: Span, first: list[str], lex: Lexicon) -> bool:
    """"fix your app", "refund my order": a bare verb opens the sentence."""
    if len(first) < 3 or first[0] not in lex.imperative or first[1] in {"out", "up", "forward", "around"}:
        return False
    words = [t for t in span if not t.is_space and not t.is_punct]
    verb = next((t for t in words if t.lemma_.lower() == first[0]), None)
    # The bare form only: "fixed", "sent" and "checked" tell a story instead of asking.
    if verb is None or verb.text.lower() != first[0]:
        return False
    ending = span.text.rstrip()
    return not ending.endswith((":", "'", '"', "’", "”"))


def clauses(span: Span) -> list[Span]:
    """Split "Can you send the right coat, and how do I return this one?" into its two asks."""
    breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(span.text)]
    if not breaks:
        return [span]
    parts = []
    start = span.start_char
    for cut, resume in breaks + [(len(span.text), len(span.text))]:
        part = span.doc.char_span(start, span.start_char + cut, alignment_mode="contract")
        if part is not None and any(t.is_alpha for t in part):
            parts.append(part)
        start = span.start_char + resume
    return parts or [span]


def classify(span: Span, lex: Lexicon, fragment: bool = False, from_parse: bool = True) -> str | None:
    """direct, indirect or request; None when the sentence asks nothing."""
    text = _HANDLES.sub("", normalise(span.text))
    if text[:1] == '"' and text.rstrip("?!. ")[-1:] == '"' or text[:1] == '"' and text.endswith('"'):
        return None  # a quoted title or someone else's words
    if ends_with_question(span):
        return DIRECT
    if any(p.search(text) for p in lex.indirect):
        return INDIRECT
    if any(p.search(text) for p in lex.request):
        return REQUEST
    first = _first_words(span)
    if _is_imperative(span, first, lex):
        return REQUEST
    if _question_word_order(span, fragment):
        # Email and tweets drop the question mark: "Is sc16 a fixed point format."
        return DIRECT
    # What no cue phrase lists, read from the parse when it ran: "I need this sorted today",
    # "give me my money back", "I'd like to know how ...".
    if not from_parse:
        return None
    if syntax.embedded_question(span) is not None:
        return INDIRECT
    if syntax.imperative(span) is not None or syntax.wants(span) is not None:
        return REQUEST
    return None


def _question_word_order(span: Span, fragment: bool = False) -> bool:
    """An auxiliary or question word before the subject, as in "Is sc16 a fixed point format."."""
    words = [normalise(t.text) for t in span if not t.is_space and not t.is_punct and not t.text.startswith("@")]
    while words and words[0] in _LEAD | {"if", "yes", "no", "not"}:
        words = words[1:]
    first_alpha = next((c for c in span.text if c.isalpha()), "")
    # A lower-case start is a wrapped line or a fragment, not a question.
    if len(words) < 3 or not (first_alpha.isupper() or fragment):
        return False
    if words[0] in _AUX_OPENERS:
        if words[0] in {"can", "could", "will", "would", "should", "shall", "may", "might", "has", "have"}:
            return words[1] in _SUBJECTS
        # "Has occurred on my laptop", "Is working now": a statement without its subject.
        return words[1] not in {"not", "n't", "be", "have"} and not words[1].endswith(("ed", "ing"))
    return words[0] in _WH_WORDS and words[1] in _AUX_OPENERS | {"do", "should", "much", "many", "long"}


def is_excluded(span: Span, lex: Lexicon, keep_rhetorical: bool = False) -> bool:
    """Rhetorical or venting questions, and asks about the mailing rather than the issue."""
    text = _HANDLES.sub("", normalise(span.text))
    if not keep_rhetorical and any(p.search(text) for p in lex.rhetorical):
        return True
    return any(p.search(text) for p in lex.administrative)


def _answered_by_customer(span: Span, next_span: Span | None, lex: Lexicon) -> bool:
    if next_span is None or not ends_with_question(span):
        return False
    gap = text_of(span.doc)[span.end_char : next_span.start_char]
    if gap.count("\n") >= 2:
        return False
    return any(p.search(normalise(next_span.text)) for p in lex.self_answer)


def _is_yes_no(span: Span, lex: Lexicon) -> bool:
    """A question a "yes", "no" or "that's right" answers: not a wh-question, not an ask for
    information dressed as one ("does anyone know how ...", "can you explain ...")."""
    text = _YES_NO_LEAD.sub("", _HANDLES.sub("", normalise(span.text)))
    if _INFO_ASK.search(text):
        return False
    first = text.split()[0] if text.split() else ""
    return first.strip(",.:;") not in _WH_WORDS | {"which", "whom", "whose"}


def keys_of(span: Span, lex: Lexicon, surface: dict[str, str] | None = None) -> dict[str, float]:
    """Key words of a span with their base weights; "add-on" stays one word."""
    found: dict[str, float] = {}
    surface = {} if surface is None else surface
    skip: set[int] = set()
    text = span.text
    if "-" in text:
        for m in _COMPOUND.finditer(text):
            start = span.start_char + m.start()
            inner = [t for t in span if start <= t.idx < start + len(m.group())]
            if len(inner) < 3 or any(t.like_url or t.like_email for t in inner):
                continue
            skip |= {t.i for t in inner}
            word = m.group().lower()
            if word not in lex.generic:
                weight = STRONG_WEIGHT if is_strong(m.group()) else 1.0
                found[word] = max(found.get(word, 0.0), weight)
                surface.setdefault(word, m.group())
    keys = doc_token_keys(span.doc, lex)
    for i in range(span.start, span.end):
        key = keys[i]
        if key is None or i in skip:
            continue
        found[key[0]] = max(found.get(key[0], 0.0), key[1])
        surface.setdefault(key[0], key[2])
    return found


def _dedupe(requests: list[Request]) -> list[Request]:
    """Near-duplicates count once; the one with more to match on stays."""
    kept: list[Request] = []
    for req in requests:
        twin = None
        for other in kept:
            a, b = set(req.keywords), set(other.keywords)
            if a and b and len(a & b) / len(a | b) >= 0.6:
                twin = other
                break
        if twin is None:
            kept.append(req)
        elif sum(req.keywords.values()) > sum(twin.keywords.values()):
            kept[kept.index(twin)] = req
    if not any(not r.generic for r in kept):
        return kept
    # A closing "any help is appreciated" or "let me know if there is a way to get this"
    # after specific questions adds nothing new to answer.
    return [r for i, r in enumerate(kept)
            if not (r.kind == INDIRECT and (r.generic or (i > 0 and _RESTATEMENT.search(normalise(r.text)))))]


def _salience(requests: list[Request], sentence_keys: list[set[str]]) -> None:
    """Words shared by several requests or repeated all over the message say less."""
    df: dict[str, int] = {}
    for req in requests:
        for key in req.keywords:
            df[key] = df.get(key, 0) + 1
    spread: dict[str, int] = {}
    for keys in sentence_keys:
        for key in keys:
            spread[key] = spread.get(key, 0) + 1
    for req in requests:
        for key, weight in list(req.keywords.items()):
            topic = 1.0 + 0.5 * math.log2(max(spread.get(key, 1), 1))
            req.keywords[key] = weight / df[key] / topic
            if df[key] == 1 and spread.get(key, 1) <= 1:
                req.distinct.add(key)


def _continues(prev: Span, span: Span) -> bool:
    """ "Can I get uhhh... treat?": a lower-case start on the same line goes on the sentence before."""
    text = text_of(span.doc)
    if prev.end_char - prev.start_char > MAX_JOINED:
        return False
    gap = text[prev.end_char : span.start_char]
    if "\n\n" in gap or not text[span.start_char : span.start_char + 1].islower():
        return False
    before = text[prev.start_char : prev.end_char]
    open_paren = before.count("(") > before.count(")")
    if "\n" in gap and not open_paren:
        return False
    if before.rstrip().endswith(("...", "\u2026", ",")) or open_paren:
        return True
    # "What does it depend on? the X server?", "(and maybe Sid?) at the moment?" and a
    # question cut after an abbreviation ("the static coeff. was fine before?").
    return ends_with_question(span)


def is_technical(customer_doc: Doc, reply_text: str = "") -> bool:
    """The thread pastes code, commands or logs, or talks in paths, versions, acronyms and
    model numbers (customer and reply read together).

    Experts answer such messages with commands and explanations that seldom repeat the
    question's words, so word overlap is weak evidence there."""
    text = _LINKS.sub(" ", text_of(customer_doc) + "\n\n" + reply_text)
    code = sum(1 for line in text.splitlines() if line.strip() and not _QUOTE_PREFIX.match(line) and is_code_line(line))
    idents = len({m.group() for m in _IDENTIFIER.finditer(text)})
    jargon = {m.group() for m in _JARGON.finditer(text) if not _ORDINAL.fullmatch(m.group())}
    if code >= 2 or idents >= 3 or (len(jargon) >= 3 and len(text) >= 300):
        return True
    # Lower-case words no English dictionary knows: "mdadm", "sdb", "bitfile", "cran".
    words = english_words()
    unknown = {w for w in _LOWER_WORD.findall(text) if w not in words and not w.endswith(("s", "ed", "ing"))}
    return len(unknown) >= 2


def english_words():
    """The CMU pronouncing dictionary's words (a dependency already, for readability).

    The lazy dictionary readability serves textstat from: building a set of all 126k words
    cost 1.4 s at start-up; a membership test here is a binary search."""
    from ..readability import get_cmudict

    return get_cmudict("en")


def find_requests(customer_doc: Doc, *, keep_rhetorical: bool = False, from_parse: bool = True) -> list[Request]:
    """Every question or request in the customer's message that is aimed at the company."""
    if customer_doc is None:
        return []
    lex = lexicon()
    excluded = excluded_lines(text_of(customer_doc))
    spans: list[Span] = []
    for sent in customer_doc.sents:
        if not sent.text.strip():
            continue
        span = _trim(sent, excluded)
        if span is None or not span.text.strip():
            continue
        if spans and _continues(spans[-1], span):
            span = customer_doc[spans.pop().start : span.end]
        spans.append(span)
    found: list[Request] = []
    sentence_keys = []
    for i, span in enumerate(spans):
        sentence_keys.append(set(keys_of(span, lex)))
        next_span = spans[i + 1] if i + 1 < len(spans) else None
        for n, clause in enumerate(clauses(span)):
            kind = classify(clause, lex, fragment=n > 0, from_parse=from_parse)
            if kind is None or is_excluded(clause, lex, keep_rhetorical):
                continue
            if _answered_by_customer(clause, next_span, lex):
                continue
            yes_no = _is_yes_no(clause, lex) if kind == DIRECT else bool(
                kind == INDIRECT and _WHETHER.search(normalise(clause.text)))
            surface: dict[str, str] = {}
            keywords = keys_of(clause, lex, surface)
            found.append(Request(clause, kind, keywords, yes_no=yes_no, surface=surface))
    requests = _dedupe(found)
    _salience(requests, sentence_keys)
    return requests
