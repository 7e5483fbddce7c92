"""Accuracy of replylint's pipeline on UD English-EWT, with the treebank's own tokens.

    python training/evaluate.py                      # the shipped pipeline, test set
    python training/evaluate.py --model DIR --split dev

Reports, over all documents and over the email genre alone: UPOS and morphological-feature
accuracy, UAS and LAS (all tokens, and without punctuation as spaCy counts them), sentence
precision / recall / F for three ways of finding sentences (the parser alone, replylint's email
sentence rules alone, and both as replylint runs them), and lemma accuracy of the lookup table
against spaCy's English rules on the predicted tags for nouns, verbs, adjectives and adverbs
(case-insensitive: replylint lower-cases lemmas on purpose)."""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
TREEBANK = HERE.parent.parent / "shared" / "corpus" / "ud-english-ewt"

import ewt  # noqa: E402


class Tally:
    def __init__(self):
        self.n = defaultdict(int)

    def add(self, key, hit, total=1):
        self.n[key + "_hit"] += hit
        self.n[key + "_all"] += total

    def ratio(self, key):
        total = self.n[key + "_all"]
        return self.n[key + "_hit"] / total if total else float("nan")


def sentence_spans(starts):
    spans, begin = [], 0
    for i in range(1, len(starts)):
        if starts[i]:
            spans.append((begin, i))
            begin = i
    spans.append((begin, len(starts)))
    return set(spans)


def score_sentences(tally, key, gold, predicted):
    g, p = sentence_spans(gold), sentence_spans(predicted)
    tally.add(key + "_p", len(g & p), len(p))
    tally.add(key + "_r", len(g & p), len(g))


OPEN_CLASSES = {"NOUN", "VERB", "ADJ", "ADV"}


def rule_lemmatizer(nlp):
    """spaCy's tag-aware English lemma rules, to measure against the lookup table."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer

    lemmatizer = EnglishLemmatizer(nlp.vocab, None, mode="rule")
    lemmatizer.initialize()
    return lemmatizer


def annotate(nlp, gold, disable):
    from replylint.nlp.extensions import TEXT
    from replylint.nlp.parse import WANTED

    doc = ewt.tokens_only(nlp, gold)
    doc.user_data[TEXT] = doc.text
    doc.user_data[WANTED] = True
    doc._.zones = []
    for name, proc in nlp.pipeline:
        if name not in disable:
            doc = proc(doc)
    return doc


def sentence_of(gold, a: int, b: int):
    """Tokens a..b of a gold document (one sentence) as a document of its own."""
    from dataclasses import replace

    cut = {f: getattr(gold, f)[a:b] for f in ("words", "spaces", "upos", "xpos", "lemmas", "morphs", "deps", "sent_starts")}
    return replace(gold, heads=[h - a for h in gold.heads[a:b]], **cut)


def evaluate(nlp, docs):
    rules = rule_lemmatizer(nlp)
    tallies = {"all": Tally(), "email": Tally()}
    words = 0
    seconds = 0.0
    for gold in docs:
        groups = [tallies["all"]] + ([tallies["email"]] if gold.genre == "email" else [])
        t0 = time.perf_counter()
        full = annotate(nlp, gold, {"replylint_placeholders"})
        seconds += time.perf_counter() - t0
        words += len(gold.words)
        parser_only = annotate(nlp, gold, {"replylint_placeholders", "replylint_sentences"})
        rules_only = annotate(nlp, gold, {"replylint_placeholders", "replylint_parse"})
        for tally in groups:
            for i, token in enumerate(full):
                punct = gold.upos[i] == "PUNCT"
                tally.add("upos", token.pos_ == gold.upos[i])
                tally.add("feats", str(token.morph) == gold.morphs[i])
                uas = token.head.i == gold.heads[i]
                las = uas and token.dep_ == gold.deps[i]
                tally.add("uas", uas)
                tally.add("las", las)
                own = parser_only[i]  # the parser finding sentences itself, as UD benchmarks run
                own_uas = own.head.i == gold.heads[i]
                tally.add("uas_parser_sents", own_uas)
                tally.add("las_parser_sents", own_uas and own.dep_ == gold.deps[i])
                if not punct:
                    tally.add("uas_nopunct", uas)
                    tally.add("las_nopunct", las)
                tagged = rules.rule_lemmatize(token)[0] if token.pos_ in OPEN_CLASSES else token.lemma_
                tally.add("lemma_pos", tagged.lower() == gold.lemmas[i].lower())
                tally.add("lemma_lookup", token.lemma_.lower() == gold.lemmas[i].lower())
            # The treebank's own sentences, each parsed alone (spaCy convert's default, -n 1):
            # how well the parser reads a sentence once its bounds are known.
            starts = [i for i, s in enumerate(gold.sent_starts) if s] + [len(gold.words)]
            for a, b in zip(starts, starts[1:]):
                one = annotate(nlp, sentence_of(gold, a, b), {"replylint_placeholders", "replylint_sentences"})
                for k, token in enumerate(one):
                    gold_uas = token.head.i + a == gold.heads[a + k]
                    tally.add("uas_gold_sents", gold_uas)
                    tally.add("las_gold_sents", gold_uas and token.dep_ == gold.deps[a + k])
            score_sentences(tally, "sents_parser", gold.sent_starts, [t.is_sent_start for t in parser_only])
            score_sentences(tally, "sents_rules", gold.sent_starts, [t.is_sent_start for t in rules_only])
            score_sentences(tally, "sents_both", gold.sent_starts, [t.is_sent_start for t in full])
    out = {}
    for group, tally in tallies.items():
        row = {key: round(tally.ratio(key), 4) for key in
               ("upos", "feats", "uas", "las", "uas_nopunct", "las_nopunct", "uas_parser_sents", "las_parser_sents",
                "uas_gold_sents", "las_gold_sents", "lemma_lookup", "lemma_pos")}
        for mode in ("parser", "rules", "both"):
            p, r = tally.ratio(f"sents_{mode}_p"), tally.ratio(f"sents_{mode}_r")
            row[f"sents_{mode}_f"] = round(2 * p * r / (p + r), 4) if p + r else 0.0
        row["tokens"] = tally.n["upos_all"]
        out[group] = row
    out["words_per_second_full_pipeline"] = round(words / seconds)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="a trained pipeline folder (default: the one shipped in replylint)")
    parser.add_argument("--split", default="test", choices=("train", "dev", "test"))
    parser.add_argument("--treebank", default=str(TREEBANK))
    args = parser.parse_args(argv)
    from replylint.nlp import pipeline

    if args.model:
        pipeline.MODEL_DIR = Path(args.model).resolve()
    nlp = pipeline.get_pipeline()
    docs = ewt.read(Path(args.treebank) / f"en_ewt-ud-{args.split}.conllu")
    result = evaluate(nlp, docs)
    result["split"] = args.split
    result["model"] = str(pipeline.MODEL_DIR)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
