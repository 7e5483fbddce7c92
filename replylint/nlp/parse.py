"""The trained tagger and parser, run only over the text the rules read.

The reply's own zones (greeting, body, sign-off) and the customer's own message are tagged and
parsed; quoted history, signatures and legal footers are not (they are most of a long email,
and no rule reads their parse). Each zone is parsed as its own Doc and its annotation copied
back. Tokens left unparsed get a flat tree over the email sentences already found, so the
Doc's sentences stay those of replylint_sentences everywhere."""
from __future__ import annotations

import numpy
from spacy.attrs import DEP, HEAD, MORPH, POS, SENT_START
from spacy.language import Language
from spacy.symbols import SPACE
from spacy.tokens import Doc

from ..document import REPLY_ZONES

# A zone longer than this is left unparsed: parser memory grows with the length of a Doc,
# and no reply or customer message a person writes comes near it.
MAX_PARSE_TOKENS = 5_000
ATTRS = [POS, MORPH, HEAD, DEP]
COMPONENTS = ("tok2vec", "morphologizer", "parser")
# doc.user_data key: set by pipeline.process when a selected rule reads the parse. A Doc made
# any other way (pattern words, lexicon entries) is left untagged.
WANTED = "replylint.parse"


def token_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the zones to parse: those the rules read, or the whole Doc unzoned."""
    zones = doc._.zones or []
    if not zones:
        return [(0, len(doc))] if len(doc) else []
    ranges = []
    for start, end, kind in zones:
        if kind not in REPLY_ZONES:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            if ranges and ranges[-1][1] >= span.start:  # adjacent zones parse as one run
                ranges[-1] = (ranges[-1][0], max(ranges[-1][1], span.end))
            else:
                ranges.append((span.start, span.end))
    return ranges


class ZoneParser:
    def __init__(self, nlp):
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc) or not doc.user_data.get(WANTED):
            return doc
        procs = [self.nlp.get_pipe(name) for name in COMPONENTS]
        starts = doc.to_array([SENT_START]).astype("int64").ravel()
        values = numpy.zeros((len(doc), len(ATTRS)), dtype="int64")  # HEAD is a signed offset
        parsed = numpy.zeros(len(doc), dtype=bool)
        for start, end in token_ranges(doc):
            if end - start > MAX_PARSE_TOKENS:
                continue
            sub = doc[start:end].as_doc()
            for proc in procs:
                sub = proc(sub)
            values[start:end] = sub.to_array(ATTRS).astype("int64")
            parsed[start:end] = True
        self._flat_trees(doc, starts, parsed, values)
        # The treebank has no white-space tokens: whatever the tagger guessed for a line break
        # is noise, and spaCy's own models tag them SPACE.
        for i, token in enumerate(doc):
            if token.is_space:
                values[i, 0] = SPACE
        doc.from_array(ATTRS, values.astype("uint64"))
        return doc

    @staticmethod
    def _flat_trees(doc: Doc, starts, parsed, values) -> None:
        """Each unparsed email sentence becomes a flat tree under its first token; an unparsed
        token that continues a parsed sentence (a line break after it) joins that tree."""
        dep, root = doc.vocab.strings.add("dep"), doc.vocab.strings.add("ROOT")
        head = None
        for i in range(len(doc)):
            if parsed[i]:
                head = None
            elif starts[i] == 1 or i == 0:
                head = i
                values[i, 2], values[i, 3] = 0, root
            else:
                if head is None:  # the root of the tree the previous token is in
                    head = i - 1
                    while values[head, 2] != 0:
                        head += int(values[head, 2])
                values[i, 2], values[i, 3] = head - i, dep


@Language.factory("replylint_parse")
def make_zone_parser(nlp, name):
    return ZoneParser(nlp)
