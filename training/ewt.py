"""Read UD English-EWT CoNLL-U files into gold spaCy Docs, one per treebank document.

spaCy's own converter (`spacy convert`) feeds training; this reader keeps what it drops and
the evaluation needs: each document's genre (email, reviews, answers, ...) from its id."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc


@dataclass
class GoldDoc:
    doc_id: str
    genre: str
    words: list
    spaces: list
    upos: list
    xpos: list
    lemmas: list
    morphs: list
    heads: list  # absolute token index
    deps: list
    sent_starts: list


def _sentences(path: Path):
    doc_id, rows = None, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc id ="):
            doc_id = line.split("=", 1)[1].strip()
        elif line.startswith("#"):
            continue
        elif not line.strip():
            if rows:
                yield doc_id, rows
            rows = []
        else:
            rows.append(line.split("\t"))
    if rows:
        yield doc_id, rows


def read(path: str | Path) -> list[GoldDoc]:
    docs: list[GoldDoc] = []
    for doc_id, rows in _sentences(Path(path)):
        if not docs or doc_id != docs[-1].doc_id:
            docs.append(GoldDoc(doc_id, doc_id.split("-", 1)[0], *([] for _ in range(9))))
        gold = docs[-1]
        base = len(gold.words)
        no_space_after = set()
        words = []
        for cols in rows:
            tid = cols[0]
            if "." in tid:
                continue  # empty nodes carry no surface word
            if "-" in tid:  # a multi-word token: its space belongs to its last word
                first, last = (int(x) for x in tid.split("-"))
                if "SpaceAfter=No" in cols[9]:
                    no_space_after.add(last)
                for k in range(first, last):
                    no_space_after.add(k)
                continue
            words.append(cols)
        for k, cols in enumerate(words):
            tid = int(cols[0])
            gold.words.append(cols[1])
            gold.spaces.append(not ("SpaceAfter=No" in cols[9] or tid in no_space_after))
            gold.lemmas.append(cols[2])
            gold.upos.append(cols[3])
            gold.xpos.append(cols[4])
            gold.morphs.append("" if cols[5] == "_" else cols[5])
            head = int(cols[6])
            gold.heads.append(base + head - 1 if head else base + k)
            gold.deps.append("ROOT" if cols[7] == "root" else cols[7])
            gold.sent_starts.append(k == 0)
    return docs


def tokens_only(nlp, gold: GoldDoc) -> Doc:
    """A Doc with the gold words and spaces and nothing else, for a pipeline to annotate."""
    return Doc(nlp.vocab, words=gold.words, spaces=gold.spaces)
