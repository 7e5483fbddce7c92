"""Per-rule precision, recall and F1 of replylint on labelled real support exchanges.

    python benchmarks/quality.py                 # all labelled sets
    python benchmarks/quality.py --set twcs      # one set: twcs | email | written | email-fresh | email-fresh2
    python benchmarks/quality.py --misses RL301  # print the errors of one rule for reading

Labels live in benchmarks/labels/ (ids + labels only) and benchmarks/cases/ (our own texts);
the labelled texts are read from ../shared/corpus beside the checkout and never copied here.
See benchmarks/labels/README.md for the label schema.

How each rule is scored:
  RL101 stock-phrase        spans: a finding is right when it overlaps a labelled stock span;
                            a labelled span is found when a finding overlaps it
  RL102 generic-reply       replies: fired vs labelled generic
  RL201 missing-apology     replies: fired vs (labelled complaint and no apology in the reply)
  RL301 unanswered-question questions: a finding is right when the customer words it quotes
                            overlap a labelled unanswered question; recall over those questions
  RL401 cold-tone           replies: fired vs labelled cold
Other rules have no gold labels here: their finding counts are printed for reading.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"
SETS = {
    "twcs": (HERE / "labels" / "twcs_dev.jsonl", CORPUS / "twcs" / "dev_pairs.jsonl"),
    "email": (HERE / "labels" / "email_dev.jsonl", CORPUS / "email-lists" / "dev_candidates.jsonl"),
    "written": (HERE / "cases" / "written.jsonl", None),
    "email-fresh": (HERE / "labels" / "email_fresh.jsonl", CORPUS / "email-lists" / "dev_candidates.jsonl"),
    "email-fresh2": (HERE / "labels" / "email_fresh2.jsonl", CORPUS / "email-lists" / "dev_candidates.jsonl"),
}
SCORED = ("RL101", "RL102", "RL201", "RL301", "RL401")


def load_set(name: str) -> list[dict]:
    labels_path, source_path = SETS[name]
    if not labels_path.exists():
        return []
    labels = [json.loads(line) for line in labels_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if source_path is None:
        return labels  # our own cases carry their texts
    if not source_path.exists():
        sys.exit(f"corpus not found: {source_path} (the shared corpus must sit beside the checkout)")
    texts = {}
    wanted = {label["id"] for label in labels}
    with source_path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["id"] in wanted:
                texts[row["id"]] = row
    return [dict(label, customer=texts[label["id"]]["customer"], reply=texts[label["id"]]["reply"]) for label in labels]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class Score:
    def __init__(self):
        self.tp_pred = self.pred = self.tp_gold = self.gold = 0
        self.errors: list[str] = []

    def add(self, pred_hits: int, pred: int, gold_hits: int, gold: int):
        self.tp_pred += pred_hits
        self.pred += pred
        self.tp_gold += gold_hits
        self.gold += gold

    def row(self) -> tuple[float, float, float]:
        p = self.tp_pred / self.pred if self.pred else float("nan")
        r = self.tp_gold / self.gold if self.gold else float("nan")
        f = 2 * p * r / (p + r) if self.pred and self.gold and (p + r) else float("nan")
        return p, r, f


def customer_span(case: dict, finding) -> tuple[int, int] | None:
    quoted = finding.evidence.get("customer")
    if not quoted:
        return None
    start = case["customer"].find(quoted)
    return (start, start + len(quoted)) if start != -1 else None


def score_case(case: dict, findings, scores: dict[str, Score]) -> None:
    by_code = defaultdict(list)
    for f in findings:
        by_code[f.code].append(f)
    cid = case["id"]

    # RL101: spans in the reply
    gold = [tuple(s) for s in case.get("stock_spans", [])]
    pred = [(f.start, f.end) for f in by_code["RL101"]]
    hits_p = sum(any(overlaps(p, g) for g in gold) for p in pred)
    hits_g = sum(any(overlaps(g, p) for p in pred) for g in gold)
    scores["RL101"].add(hits_p, len(pred), hits_g, len(gold))
    for p in pred:
        if not any(overlaps(p, g) for g in gold):
            scores["RL101"].errors.append(f"FP {cid}: {case['reply'][p[0]:p[1]]!r}")
    for g in gold:
        if not any(overlaps(g, p) for p in pred):
            scores["RL101"].errors.append(f"FN {cid}: {case['reply'][g[0]:g[1]]!r}")

    def reply_level(code: str, expected: bool):
        fired = bool(by_code[code])
        scores[code].add(int(fired and expected), int(fired), int(fired and expected), int(expected))
        if fired != expected:
            why = "; ".join(f.message for f in by_code[code])[:300]
            scores[code].errors.append(f"{'FP' if fired else 'FN'} {cid}: {why or case['customer'][:160]!r}")

    reply_level("RL102", bool(case.get("generic")))
    reply_level("RL201", bool(case.get("complaint")) and not case.get("apology"))
    reply_level("RL401", bool(case.get("cold")))

    # RL301: unanswered questions, matched through the customer words a finding quotes
    gold_q = [(q["start"], q["end"]) for q in case.get("questions", []) if not q.get("answered")]
    pred_q = [customer_span(case, f) for f in by_code["RL301"]]
    hits_p = sum(1 for p in pred_q if p and any(overlaps(p, g) for g in gold_q))
    hits_g = sum(1 for g in gold_q if any(p and overlaps(g, p) for p in pred_q))
    scores["RL301"].add(hits_p, len(pred_q), hits_g, len(gold_q))
    for f, p in zip(by_code["RL301"], pred_q):
        if not (p and any(overlaps(p, g) for g in gold_q)):
            scores["RL301"].errors.append(f"FP {cid}: {f.evidence.get('customer', '')!r}")
    for g in gold_q:
        if not any(p and overlaps(g, p) for p in pred_q):
            scores["RL301"].errors.append(f"FN {cid}: {case['customer'][g[0]:g[1]]!r}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=sorted(SETS), action="append", help="labelled set(s) to score (default: all)")
    parser.add_argument("--misses", metavar="CODE", help="print the false positives/negatives of one rule")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)

    from replylint import Linter

    linter = Linter()
    names = args.set or list(SETS)
    total = {code: Score() for code in SCORED}
    counts = defaultdict(int)
    per_set = {}
    n_cases = 0
    for name in names:
        cases = load_set(name)
        scores = {code: Score() for code in SCORED}
        for case in cases:
            findings = linter.lint(case["reply"], customer=case["customer"], path=case["id"])
            for f in findings:
                counts[f.code] += 1
            score_case(case, findings, scores)
            for code in SCORED:
                t, s = total[code], scores[code]
                t.add(0, 0, 0, 0)
            n_cases += 1
        per_set[name] = (len(cases), scores)
        for code in SCORED:
            t, s = total[code], scores[code]
            t.add(s.tp_pred, s.pred, s.tp_gold, s.gold)
            t.errors.extend(s.errors)

    if args.json:
        out = {name: {code: dict(zip(("precision", "recall", "f1"), sc.row()), n=n) for code, sc in scores.items()}
               for name, (n, scores) in per_set.items()}
        out["all"] = {code: dict(zip(("precision", "recall", "f1"), sc.row())) for code, sc in total.items()}
        print(json.dumps(out, indent=2, default=str))
        return 0

    def fmt(x):
        return "  -  " if x != x else f"{x:.2f}"

    for name, (n, scores) in list(per_set.items()) + [("all", (n_cases, total))]:
        print(f"\n== {name} ({n} cases) ==")
        print(f"{'rule':<7} {'prec':>5} {'rec':>5} {'f1':>5}   found/pred   gold-found/gold")
        for code in SCORED:
            sc = scores[code]
            p, r, f = sc.row()
            print(f"{code:<7} {fmt(p):>5} {fmt(r):>5} {fmt(f):>5}   {sc.tp_pred:>4}/{sc.pred:<5}   {sc.tp_gold:>4}/{sc.gold}")
    print("\nfindings per rule (all sets):", ", ".join(f"{c}={n}" for c, n in sorted(counts.items())) or "none")
    if args.misses:
        print(f"\n== errors of {args.misses} ==")
        for line in total[args.misses].errors:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
