"""Shared by show.py and finalize.py: where the corpora, batches and the annotator's scratch
files are. Scratch files hold verbatim quotes (customer text), so they live outside the
repository: $LABELWORK, default ../labelwork beside the checkout."""
import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
S = ROOT.parent / "shared" / "corpus"
FILES = {"twcs": S / "twcs" / "pool_pairs.jsonl", "ibm": S / "ibm-customer-care" / "pool_pairs.jsonl",
         "email": S / "email-lists" / "dev_candidates.jsonl", "twcsdev": S / "twcs" / "dev_pairs.jsonl"}
BATCHES = HERE / "batches"
SCRATCH = Path(os.environ.get("LABELWORK", ROOT.parent / "labelwork"))
OUT = ROOT / "benchmarks" / "labels" / "batches"


def corpus_of(batch):
    return batch.split("_")[0]


def load_batch(batch):
    ids = [line.strip() for line in (BATCHES / f"{batch}.ids").read_text().splitlines() if line.strip()]
    src = {}
    with open(FILES[corpus_of(batch)], encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            src[row["id"]] = row
    return ids, src
