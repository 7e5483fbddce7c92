"""Agreement between the first labels and the blind second labelling (batches agree-*).

    python benchmarks/labels/agreement.py              # kappa per field, form-letter overlap
    python benchmarks/labels/agreement.py --list       # also every disagreement, by id
    python benchmarks/labels/agreement.py --round 2    # one round (1: agree-*, 2: agree2-*)

Cohen's kappa per field over the exchanges both annotators judged (neither skipped), the
form-letter overlap as character-level Dice and span-level match rates, and the list of
disagreements that adjudication settles (benchmarks/labels/adjudication.jsonl)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import labelsets  # noqa: E402

FIELDS = ("complaint", "apology", "missing_apology", "cold", "has_unanswered")


def kappa(pairs) -> float:
    n = len(pairs)
    if not n:
        return float("nan")
    observed = sum(a == b for a, b in pairs) / n
    pa, pb = sum(a for a, _ in pairs) / n, sum(b for _, b in pairs) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def fields(row: dict) -> dict:
    case = labelsets.normalise(row)
    return {"complaint": case["complaint"], "apology": case["apology"],
            "missing_apology": case["complaint"] and not case["apology"], "cold": case["cold"],
            "has_unanswered": any(not q["answered"] for q in case["questions"]),
            "spans": case["form_letter_spans"], "skip": case["skip"], "annotator": case["annotator"]}


def chars(spans) -> set[int]:
    return {i for a, b in spans for i in range(a, b)}


def first_labels() -> dict[str, dict]:
    """Every id's first label (the one labelsets.py reads), from the primary batches."""
    out = {}
    for name, (files, _) in labelsets.SETS.items():
        for path in files:
            if path.exists():
                for line in path.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        row = json.loads(line)
                        out.setdefault(row["id"], row)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="print every disagreement")
    parser.add_argument("--round", type=int, action="append", help="1: the first blind labelling (agree-*), "
                        "2: the one after the has-unanswered wording was tightened (agree2-*); default both")
    args = parser.parse_args(argv)
    first = first_labels()
    for round_ in args.round or (1, 2):
        pattern = "agree-*.jsonl" if round_ == 1 else f"agree{round_}-*.jsonl"
        if list(labelsets.BATCHES.glob(pattern)):
            print(f"== round {round_} ({pattern}) ==")
            report(first, pattern, args.list)
            print()
    return 0


def report(first, pattern, listing) -> None:
    second = {}
    for path in sorted(labelsets.BATCHES.glob(pattern)):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                second[row["id"]] = row
    both = [(fields(first[i]), fields(second[i]), i) for i in sorted(second) if i in first]
    judged = [(a, b, i) for a, b, i in both if not a["skip"] and not b["skip"]]
    skips = sum(a["skip"] != b["skip"] for a, b, _ in both)
    annotators = sorted({a["annotator"] for a, _, _ in both}), sorted({b["annotator"] for _, b, _ in both})
    print(f"second labelling: {len(second)} exchanges; {len(both)} also have a first label; "
          f"{len(judged)} judged by both (skip disagreements: {skips})")
    print(f"first annotators {', '.join(annotators[0])}; second {', '.join(annotators[1])}\n")
    print(f"{'field':<16} {'kappa':>6} {'agree':>7}  first+/second+")
    for field in FIELDS:
        pairs = [(a[field], b[field]) for a, b, _ in judged]
        agree = sum(x == y for x, y in pairs)
        print(f"{field:<16} {kappa(pairs):>6.3f} {agree:>3}/{len(pairs):<3}  "
              f"{sum(x for x, _ in pairs)}/{sum(y for _, y in pairs)}")
    inter = union = total_a = total_b = found_a = found_b = 0
    for a, b, _ in judged:
        ca, cb = chars(a["spans"]), chars(b["spans"])
        inter += len(ca & cb)
        union += len(ca) + len(cb)
        total_a += len(a["spans"])
        total_b += len(b["spans"])
        found_a += sum(any(x < d and c < y for c, d in b["spans"]) for x, y in a["spans"])
        found_b += sum(any(x < d and c < y for c, d in a["spans"]) for x, y in b["spans"])
    dice = 2 * inter / union if union else float("nan")
    print(f"\nform-letter spans: character Dice {dice:.3f}; first's spans overlapped by second's "
          f"{found_a}/{total_a}; second's overlapped by first's {found_b}/{total_b}")
    if listing:
        print("\ndisagreements:")
        for a, b, i in judged:
            diff = [f for f in FIELDS if a[f] != b[f]]
            if diff:
                print(f"  {i}: " + ", ".join(f"{f} {a[f]}/{b[f]}" for f in diff))


if __name__ == "__main__":
    sys.exit(main())
