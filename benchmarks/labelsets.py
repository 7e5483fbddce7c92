"""The labelled support exchanges, their locked splits, and one shape to read them in.

Every labelled exchange belongs to one split, fixed by a seeded hash of its id before any
model was trained: 70 % train, 15 % validation, 15 % test. The test split is read only to
report figures, never to choose features, thresholds or weights.

Label files hold ids, booleans and offsets (benchmarks/labels/README.md); the texts are read
from ../shared/corpus at run time, except our own written cases, which carry theirs."""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = HERE / "labels"
CASES = HERE / "cases"
CORPUS = HERE.parent.parent / "shared" / "corpus"
SPLIT_SALT = "replylint-splits-v1:"
SPLITS = ("train", "validation", "test")

TWCS_DEV = CORPUS / "twcs" / "dev_pairs.jsonl"
TWCS_POOL = CORPUS / "twcs" / "pool_pairs.jsonl"
IBM_POOL = CORPUS / "ibm-customer-care" / "pool_pairs.jsonl"
EMAIL = CORPUS / "email-lists" / "dev_candidates.jsonl"

# name -> (label files, the corpus file the texts come from, or None: the labels carry them)
BATCHES = LABELS / "batches"  # benchmarks/labelling/finalize.py writes each annotator's batch here


def _batches(prefix: str) -> list[Path]:
    """A set's batch files, relabels (PREFIX_rN: the same exchanges labelled again under
    tightened wording) first, since the first label of an id is the one that stands."""
    return sorted(BATCHES.glob(f"{prefix}_*.jsonl"), key=lambda p: (not p.stem.startswith(f"{prefix}_r"), p.name))


SETS: dict[str, tuple[list[Path], Path | None]] = {
    "twcs-pool": (_batches("twcs"), TWCS_POOL),
    "ibm-pool": (_batches("ibm"), IBM_POOL),
    # Relabelled in LABELLING.md's convention (batches) before the older labels: the first stands.
    "twcs-dev": ([*_batches("twcsdev"), LABELS / "twcs_dev.jsonl"], TWCS_DEV),
    "email": ([*_batches("email"), LABELS / "email_dev.jsonl", LABELS / "email_fresh.jsonl",
               LABELS / "email_fresh2.jsonl"], EMAIL),
    "written": (sorted(CASES.glob("written*.jsonl")), None),
}
ADJUDICATION = LABELS / "adjudication.jsonl"  # where two blind labellings disagreed: whose label stands
SPLITS_FILE = LABELS / "splits.jsonl"  # every id's split, written before any model was trained


def split_of(pair_id: str) -> str:
    """train / validation / test, from the id alone: the same on every machine, for ever.
    Written cases that share one customer message (`written:NNN/good`, `written:NNN/flawed`)
    hash by the part before the slash, so the two replies never straddle train and test."""
    group = pair_id.split("/", 1)[0] if pair_id.startswith("written:") else pair_id
    digest = hashlib.sha256((SPLIT_SALT + group).encode("utf-8")).hexdigest()
    x = int(digest[:8], 16) / 2**32
    return "train" if x < 0.70 else "validation" if x < 0.85 else "test"


def normalise(row: dict) -> dict:
    """One shape for both label schemas: LABELLING.md's (questions as paraphrases with
    `question_spans`, `unanswered`, `form_letter_spans`) and the earlier one (questions as
    offsets with `answered`, `stock_spans`)."""
    if "question_spans" in row or "form_letter_spans" in row:
        unanswered = set(row.get("unanswered", []))
        questions = [{"span": tuple(span) if span else None, "text": q, "answered": q not in unanswered}
                     for q, span in zip(row.get("questions", []), row.get("question_spans", []))]
        spans = row.get("form_letter_spans", [])
        notes = row.get("notes", "")
    else:
        questions = [{"span": (q["start"], q["end"]), "text": "", "answered": bool(q.get("answered"))}
                     for q in row.get("questions", [])]
        spans = row.get("stock_spans", [])
        notes = row.get("note", "")
    return {
        "id": row["id"], "skip": bool(row.get("skip")), "complaint": bool(row.get("complaint")),
        "apology": bool(row.get("apology")), "cold": bool(row.get("cold")), "questions": questions,
        "form_letter_spans": [tuple(s) for s in spans], "annotator": row.get("annotator", ""),
        "notes": notes, "quality": row.get("quality"),
    }


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _second_labels() -> dict[tuple[int, str], dict]:
    """(round, id) -> the blind second label (batches agree-* are round 1, agree2-* round 2)."""
    out = {}
    for path in BATCHES.glob("agree*-*.jsonl"):
        prefix = path.name.split("-", 1)[0]
        round_ = int(prefix.removeprefix("agree") or 1)
        for row in _read_jsonl(path):
            out[(round_, row["id"])] = row
    return out


def adjudicated(case: dict, decisions: list[dict], second: dict) -> dict:
    """The case with the second annotator's label for every field adjudication gave them."""
    for decision in decisions:
        other = second.get((decision.get("round", 1), case["id"]))
        if other is None:
            continue
        theirs = normalise(other)
        for field, whose in decision["decisions"].items():
            if whose != "second":
                continue
            if field == "has_unanswered":
                case["questions"] = theirs["questions"]
            elif field == "missing_apology":
                case["complaint"], case["apology"] = theirs["complaint"], theirs["apology"]
            else:
                case[field] = theirs[field]
        case["adjudicated"] = True
    return case


def load(name: str, *, splits=SPLITS, keep_skipped: bool = False) -> list[dict]:
    """The labelled cases of one set, with `customer`, `reply`, `set` and `split`."""
    files, source = SETS[name]
    rows = []
    for path in files:
        if path.exists():
            rows.extend(_read_jsonl(path))
    texts = {}
    if source is not None and rows:
        if not source.exists():
            sys.exit(f"corpus not found: {source} (the shared corpus must sit beside the checkout)")
        wanted = {row["id"] for row in rows}
        for row in _read_jsonl(source):
            if row["id"] in wanted:
                texts[row["id"]] = row
    decisions: dict[str, list[dict]] = {}
    if ADJUDICATION.exists():
        for decision in _read_jsonl(ADJUDICATION):
            decisions.setdefault(decision["id"], []).append(decision)
    second = _second_labels() if decisions else {}
    cases, seen = [], set()
    for row in rows:
        if row["id"] in seen:  # a later file relabels an earlier id: the first one stands
            continue
        seen.add(row["id"])
        case = normalise(row)
        if row["id"] in decisions:
            case = adjudicated(case, decisions[row["id"]], second)
        if case["skip"] and not keep_skipped:
            continue
        text = texts.get(row["id"], row)
        case.update(customer=text["customer"], reply=text["reply"], set=name, split=split_of(row["id"]))
        if case["split"] in splits:
            cases.append(case)
    return cases
