"""Per-rule precision, recall and F1 of replylint on labelled real support exchanges,
per labelled set and per locked split, with the counts behind every figure.

    python benchmarks/quality.py                    # every set, every split
    python benchmarks/quality.py --split test       # the figures the README reports
    python benchmarks/quality.py --set ibm-pool --split validation
    python benchmarks/quality.py --misses RL301 --split train   # read one rule's errors
    python benchmarks/quality.py --parse-requests   # RL301 with the requests the parse finds
    python benchmarks/quality.py --split test --curves   # precision-recall curve of each model

Sets and splits: benchmarks/labelsets.py (labels in benchmarks/labels/, texts read from
../shared/corpus). The test split is for reporting only: read errors on train or validation.

How each judgement is scored (labels: ../shared/LABELLING.md):
  RL101 form letter      spans: a finding is right when it overlaps a labelled form-letter span;
                         a labelled span is found when a finding overlaps it
  RL201 missing apology  replies: fired vs labelled complaint and no apology
  RL301 unanswered       questions: a finding is right when the customer words it quotes overlap
                         a labelled unanswered question; recall over those questions. "RL301/reply"
                         scores the reply-level verdict (any finding vs any unanswered question)
  RL401 cold tone        replies: fired vs labelled cold
  complaint              customer messages: the complaint model (what RL201 and RL401 read) vs the
                         label (macro-F1 over the two classes)
  gate                   of the replies labelled good (no missing apology, nothing unanswered, not
                         cold, no form letter; the written cases' own good/flawed mark), the share a
                         default pre-send hook refuses (a finding at or above the default fail-on,
                         warning)
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
import labelsets  # noqa: E402

JUDGEMENTS = ("RL101", "RL201", "RL301", "RL301/reply", "RL401", "complaint", "gate")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class Score:
    def __init__(self):
        self.tp_pred = self.pred = self.tp_gold = self.gold = 0
        self.tn = self.neg = 0  # for the two-class (macro) figure of reply-level judgements
        self.errors: list[str] = []

    def add(self, pred_hits, pred, gold_hits, gold):
        self.tp_pred += pred_hits
        self.pred += pred
        self.tp_gold += gold_hits
        self.gold += gold

    def binary(self, fired: bool, expected: bool, what: str):
        self.add(int(fired and expected), int(fired), int(fired and expected), int(expected))
        if not expected:
            self.neg += 1
            self.tn += int(not fired)
        if fired != expected:
            self.errors.append(f"{'FP' if fired else 'FN'} {what}")

    def row(self):
        p = self.tp_pred / self.pred if self.pred else float("nan")
        r = self.tp_gold / self.gold if self.gold else float("nan")
        f = 2 * p * r / (p + r) if self.pred and self.gold and (p + r) else float("nan")
        return p, r, f

    def macro_f1(self):
        """Mean F1 of the positive and the negative class (reply-level judgements)."""
        _, _, f_pos = self.row()
        fn = self.gold - self.tp_gold
        fp = self.pred - self.tp_pred
        pred_neg, gold_neg = self.tn + fn, self.neg
        p_neg = self.tn / pred_neg if pred_neg else float("nan")
        r_neg = self.tn / gold_neg if gold_neg else float("nan")
        f_neg = 2 * p_neg * r_neg / (p_neg + r_neg) if pred_neg and gold_neg and (p_neg + r_neg) else float("nan")
        del fp
        return (f_pos + f_neg) / 2

    def merge(self, other: "Score"):
        self.add(other.tp_pred, other.pred, other.tp_gold, other.gold)
        self.tn += other.tn
        self.neg += other.neg
        self.errors.extend(other.errors)


def customer_span(case, finding):
    quoted = finding.evidence.get("customer")
    if not quoted:
        return None
    start = case["customer"].find(quoted)
    return (start, start + len(quoted)) if start != -1 else None


def score_case(case, findings, complained: bool, scores, fail_on="warning"):
    by_code = defaultdict(list)
    for f in findings:
        by_code[f.code].append(f)
    cid = case["id"]

    gold = case["form_letter_spans"]
    pred = [(f.start, f.end) for f in by_code["RL101"]]
    scores["RL101"].add(sum(any(overlaps(p, g) for g in gold) for p in pred), len(pred),
                        sum(any(overlaps(g, p) for p in pred) for g in gold), len(gold))
    for p in pred:
        if not any(overlaps(p, g) for g in gold):
            scores["RL101"].errors.append(f"FP {cid}: {case['reply'][p[0]:p[1]]!r}")
    for g in gold:
        if not any(overlaps(g, p) for p in pred):
            scores["RL101"].errors.append(f"FN {cid}: {case['reply'][g[0]:g[1]]!r}")

    missing_apology = case["complaint"] and not case["apology"]
    scores["RL201"].binary(bool(by_code["RL201"]), missing_apology, cid)
    scores["RL401"].binary(bool(by_code["RL401"]), case["cold"], cid)
    scores["complaint"].binary(complained, case["complaint"], cid)

    gold_q = [q["span"] for q in case["questions"] if not q["answered"] and q["span"]]
    has_unanswered = any(not q["answered"] for q in case["questions"])
    pred_q = [customer_span(case, f) for f in by_code["RL301"]]
    scores["RL301"].add(sum(1 for p in pred_q if p and any(overlaps(p, g) for g in gold_q)), len(pred_q),
                        sum(1 for g in gold_q if any(p and overlaps(g, p) for p in pred_q)), len(gold_q))
    for f, p in zip(by_code["RL301"], pred_q):
        if not (p and any(overlaps(p, g) for g in gold_q)):
            scores["RL301"].errors.append(f"FP {cid}: {f.evidence.get('customer', '')!r}")
    for g in gold_q:
        if not any(p and overlaps(g, p) for p in pred_q):
            scores["RL301"].errors.append(f"FN {cid}: {case['customer'][g[0]:g[1]]!r}")
    scores["RL301/reply"].binary(bool(by_code["RL301"]), has_unanswered, cid)

    # Good: nothing a support lead would send back (LABELLING.md's four judgements); our written
    # cases say so themselves.
    good = (case["quality"] == "good" if case.get("quality") else
            not missing_apology and not has_unanswered and not case["cold"] and not case["form_letter_spans"])
    if good:
        refused = [f for f in findings if SEVERITY_RANK.get(f.severity, 0) >= SEVERITY_RANK[fail_on]]
        scores["gate"].add(int(bool(refused)), 1, 0, 0)
        if refused:
            scores["gate"].errors.append(f"refused {cid}: " + ", ".join(sorted({f.code for f in refused})))


def model_scores(linter, case, blame):
    """Each learned model's probability for one case, computed as the rules compute it."""
    from replylint.checks import cold_tone
    from replylint.learned import customer, extract
    from replylint.learned.linear import load

    ctx = extract.context(linter, case["reply"], case["customer"])
    found = customer.verdict(ctx)
    cold = load("cold").probability(cold_tone.model_features(ctx, cold_tone.gather(ctx, blame)))
    out = {"complaint": found.probability if found else 0.0, "cold": cold}
    # the sentence-level models, on the units and labels training/learn.py gives them
    import learn

    phrases = next(rule for rule in linter.rules if rule.code == "RL101")
    request_rows, unanswered_rows = learn.request_rows(ctx, case)
    for name, rows in (("stock", learn.stock_rows(ctx, phrases, case)), ("request", request_rows),
                       ("unanswered", unanswered_rows)):
        model = load(name)
        out[name] = [(model.probability(feats), bool(label)) for feats, label in rows]
    return out


def run(names, splits, rules=None):
    from replylint import Linter
    from replylint.checks import cold_tone
    from replylint.config import Config
    from replylint.learned.linear import load

    linter = Linter(Config(rules=rules or {}))
    blame = cold_tone.blame_matcher(linter.nlp)
    threshold = load("complaint").threshold
    per = {}
    counts = defaultdict(int)
    curves = defaultdict(list)  # model -> [(probability, gold)]
    for name in names:
        for case in labelsets.load(name, splits=splits):
            findings = linter.lint(case["reply"], customer=case["customer"], path=case["id"])
            for f in findings:
                counts[f.code] += 1
            if case["customer"].strip():
                scores = model_scores(linter, case, blame)
                curves["complaint"].append((scores["complaint"], case["complaint"]))
                curves["cold"].append((scores["cold"], case["cold"]))
                for model in ("stock", "request", "unanswered"):
                    curves[model].extend(scores[model])
            else:
                scores = {"complaint": 0.0}
            key = (name, case["split"])
            if key not in per:
                per[key] = [0, {code: Score() for code in JUDGEMENTS}]
            per[key][0] += 1
            score_case(case, findings, scores["complaint"] >= threshold, per[key][1])
    return per, counts, curves


def print_curves(curves) -> None:
    """Precision and recall of each model at a range of thresholds, with the shipped one marked."""
    from replylint.learned.linear import load

    for name, pairs in curves.items():
        model = load(name)
        gold = sum(g for _, g in pairs)
        unit = model.meta.get("unit", "exchange")
        print(f"\n== precision-recall curve: {name} model ({len(pairs)} cases, unit: {unit}; {gold} positive) ==")
        print("threshold  prec   rec   fired")
        marks = sorted({round(t, 2) for t in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)}
                       | {round(model.threshold, 4), round(model.meta.get("block_at", 1.0), 4)})
        for t in marks:
            fired = [g for p, g in pairs if p >= t]
            prec = sum(fired) / len(fired) if fired else float("nan")
            rec = sum(fired) / gold if gold else float("nan")
            note = "  <- reports" if t == round(model.threshold, 4) else "  <- blocks" if t == round(
                model.meta.get("block_at", 1.0), 4) else ""
            print(f"{t:>9.3f}  {fmt(prec):>4}  {fmt(rec):>4}  {len(fired):>5}{note}")


def fmt(x):
    return "  -  " if x != x else f"{x:.2f}"


def report(per, counts, misses=None):
    total_by_split = defaultdict(lambda: [0, {code: Score() for code in JUDGEMENTS}])
    for (name, split), (n, scores) in per.items():
        total_by_split[split][0] += n
        for code in JUDGEMENTS:
            total_by_split[split][1][code].merge(scores[code])
    rows = sorted(per.items()) + [(("all", s), v) for s, v in sorted(total_by_split.items())]
    for (name, split), (n, scores) in rows:
        print(f"\n== {name} / {split} ({n} exchanges) ==")
        print(f"{'judgement':<12} {'prec':>5} {'rec':>5} {'f1':>5}  {'macro':>5}   right/fired   found/gold")
        for code in JUDGEMENTS:
            sc = scores[code]
            if code == "gate":
                share = sc.tp_pred / sc.pred if sc.pred else float("nan")
                print(f"{'gate':<12} good replies refused: {fmt(share)} ({sc.tp_pred} of {sc.pred})")
                continue
            p, r, f = sc.row()
            macro = sc.macro_f1() if code in ("complaint", "RL201", "RL401", "RL301/reply") else float("nan")
            print(f"{code:<12} {fmt(p):>5} {fmt(r):>5} {fmt(f):>5}  {fmt(macro):>5}   {sc.tp_pred:>5}/{sc.pred:<6} {sc.tp_gold:>5}/{sc.gold}")
    print("\nfindings per rule:", ", ".join(f"{c}={n}" for c, n in sorted(counts.items())) or "none")
    if misses:
        print(f"\n== errors of {misses} ==")
        for (name, split), (n, scores) in sorted(per.items()):
            for line in scores[misses].errors:
                print(f"[{name}/{split}] {line}")


def as_json(per):
    out = {}
    for (name, split), (n, scores) in sorted(per.items()):
        entry = out.setdefault(name, {}).setdefault(split, {"n": n})
        for code in JUDGEMENTS:
            sc = scores[code]
            p, r, f = sc.row()
            entry[code] = {"precision": p, "recall": r, "f1": f, "right": sc.tp_pred, "fired": sc.pred,
                           "found": sc.tp_gold, "gold": sc.gold}
            if code in ("complaint", "RL201", "RL401", "RL301/reply"):
                entry[code]["macro_f1"] = sc.macro_f1()
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=sorted(labelsets.SETS), action="append", help="labelled set(s) (default: all)")
    parser.add_argument("--split", choices=labelsets.SPLITS, action="append", help="split(s) (default: all)")
    parser.add_argument("--misses", metavar="CODE", choices=JUDGEMENTS, help="print one judgement's errors")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--curves", action="store_true", help="print each learned model's precision-recall curve")
    parser.add_argument("--parse-requests", action="store_true",
                        help="RL301 also finds the requests only the dependency parse shows (its parse-requests option)")
    args = parser.parse_args(argv)
    if args.misses and (not args.split or "test" in args.split):
        parser.error("--misses reads errors: give --split train and/or validation (the test split is for reporting)")
    rules = {"RL301": {"parse-requests": True}} if args.parse_requests else None
    per, counts, curves = run(args.set or list(labelsets.SETS), tuple(args.split or labelsets.SPLITS), rules)
    if args.json:
        print(json.dumps(as_json(per), indent=2, default=str))
    else:
        report(per, counts, args.misses)
        if args.curves:
            print_curves(curves)
    return 0


if __name__ == "__main__":
    sys.exit(main())
