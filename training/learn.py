"""Train the learned judgements from the labelled exchanges and write their weights.

    pip install -e '.[train]'          # scikit-learn: training only, never at lint time
    python training/learn.py           # all models -> replylint/models/judgements/*.json
    python training/learn.py --only complaint

Reads benchmarks/labels/ (and the texts from ../shared/corpus) through benchmarks/labelsets.py,
train and validation splits only: weights are fitted on train; the regularisation strength and
the thresholds are chosen on validation. The test split is never read here (quality.py reports it).

Each model is a logistic regression over named binary features (replylint/learned/features.py).
Word features are kept only when they occur in at least MIN_DOCS training messages, so the
weights file holds common words, not any one customer's text.

Thresholds written with each model:
  threshold   the one with the best F1 among those whose validation precision is at least
              REPORT_PRECISION (precision first); when none reaches it, the best F0.5
              a finding is reported at or above it
  block_at    the lowest one whose validation precision is at least BLOCK_PRECISION: findings
              below it are advice (severity info) and never block a pre-send hook
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

import labelsets  # noqa: E402

OUT = ROOT / "replylint" / "models" / "judgements"
MIN_DOCS = 3
BLOCK_PRECISION = 0.95
# Precision first: a finding is reported only where validation precision reaches this. Cold
# tone is where careful people agree least (kappa about 0.8), so its floor is lower.
REPORT_PRECISION = {"missing_apology": 0.90, "complaint": 0.85, "cold": 0.65, "stock": 0.85, "request": 0.75, "unanswered": 0.6}
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
SEED = 20261203
MODELS = ("complaint", "cold", "stock", "request", "unanswered")


def collect(splits=("train", "validation"), parse: bool = True):
    """Every labelled case of the given splits with its features, computed by the lint-time code
    (`parse=False`: as if no tagger and parser ran, to measure what the parse adds)."""
    from replylint import Linter
    from replylint.checks import cold_tone
    from replylint.learned import extract, features
    from replylint.signals import apology, complaint

    linter = Linter()
    linter.parses_customer = parse  # the models read the customer's parse, as RL201/RL401 ask for it
    phrases = next(rule for rule in linter.rules if rule.code == "RL101")
    complaint.prepare(linter.nlp)
    apology.prepare(linter.nlp)
    blame = cold_tone.blame_matcher(linter.nlp)
    rows = []
    for name in labelsets.SETS:
        for case in labelsets.load(name, splits=splits):
            ctx = extract.context(linter, case["reply"], case["customer"])
            cust = ctx.customer
            row = {"id": case["id"], "set": name, "split": case["split"], "case": case}
            row["complaint_x"] = features.complaint_features(cust) if cust is not None else set()
            sig = cold_tone.gather(ctx, blame)
            row["sig"] = sig
            row["apologised"] = bool(apology.find_apologies(ctx.doc, ctx.sents()))
            row["ctx_feats"] = lambda complained, ctx=ctx, sig=sig: cold_tone.model_features(ctx, sig, complained)
            row["stock"] = stock_rows(ctx, phrases, case)
            row["phrases"] = phrase_tally(ctx, phrases, case)
            row["request"], row["unanswered"] = request_rows(ctx, case)
            rows.append(row)
    return rows


def request_rows(ctx, case):
    """(features, label) of each sentence of the customer's own message (label: it holds a
    labelled question or request), and of each sentence holding a labelled question (label:
    one of its questions is labelled unanswered)."""
    from replylint.learned import requests
    from replylint.signals import questions

    if ctx.customer is None:
        return [], []
    lex = questions.lexicon()
    sents = requests.candidates(ctx.customer)
    gold = [(q["span"], q["answered"]) for q in case["questions"] if q["span"]]
    req_rows, asked = [], []
    for i, sent in enumerate(sents):
        a, b = sent.start_char, sent.end_char
        mine = [ans for (x, y), ans in gold if max(0, min(b, y) - max(a, x)) >= min(10, max(1, (y - x) // 2))]
        req_rows.append((requests.request_features(sent, i, len(sents), lex, True), int(bool(mine))))
        if mine:
            asked.append((sent, int(not all(mine))))
    un_rows = []
    if asked:
        found = questions.find_requests(ctx.customer, keep_rhetorical=True, from_parse=True)
        reqs = [requests.as_request(sent, found, lex) for sent, _ in asked]
        view = requests.reply_view(ctx)
        for (sent, label), req in zip(asked, reqs):
            feats, _ = requests.unanswered_features(sent, req, reqs, view, ctx, lex)
            un_rows.append((feats, label))
    return req_rows, un_rows


def phrase_tally(ctx, phrases, case) -> list[tuple[str, bool]]:
    """(the listed phrase's first pattern, labelled form letter?) for each phrase-list match."""
    return [(entry["patterns"][0], any(x < span.end_char and span.start_char < y for x, y in case["form_letter_spans"]))
            for span, entry in phrases.find(ctx) if span._.zone in phrases.zones]


def stock_rows(ctx, phrases, case) -> list[tuple[set, int]]:
    """(features, label) of each reply sentence: label 1 when a labelled form-letter span
    covers at least 10 of its characters or half of it."""
    from replylint.learned import features

    spans = [(s.start_char, s.end_char) for s, _ in phrases.find(ctx) if s._.zone in phrases.zones]
    theirs = features.content_words(features.own_sentences(ctx.customer)) if ctx.customer is not None else None
    sents = ctx.sents()
    out = []
    for i, sent in enumerate(sents):
        a, b = sent.start_char, sent.end_char
        covered = sum(max(0, min(b, y) - max(a, x)) for x, y in case["form_letter_spans"])
        length = len(sent.text.strip())
        label = int(covered >= min(10, max(1, length // 2)))
        phrase = any(x < b and a < y for x, y in spans)
        out.append((features.stock_features(sent, i, len(sents), phrase, theirs), label))
    return out


def keep_features(xs, min_docs=MIN_DOCS):
    counts = Counter(f for x in xs for f in x)
    return {f for f, n in counts.items() if n >= min_docs or not f.split(":", 1)[0].endswith(("w", "b"))}


def fit(xs, ys, vx, vy, name):
    """Logistic regression; C by validation average precision; thresholds from validation."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score

    vocab = keep_features(xs)
    vec = DictVectorizer()
    X = vec.fit_transform([{f: 1 for f in x if f in vocab} for x in xs])
    V = vec.transform([{f: 1 for f in x if f in vocab} for x in vx])
    best = None
    for c in C_GRID:
        model = LogisticRegression(C=c, solver="lbfgs", class_weight="balanced", random_state=SEED, max_iter=1000)
        model.fit(X, ys)
        probs = model.predict_proba(V)[:, 1]
        ap = average_precision_score(vy, probs) if any(vy) else 0.0
        print(f"  {name}: C={c:<5} validation average precision {ap:.3f}")
        if best is None or ap > best[0] + 1e-9:
            best = (ap, c, model, probs)
    ap, c, model, probs = best
    curve = pr_curve(probs, vy)
    threshold, f1, block = choose(curve, REPORT_PRECISION[name])
    names = vec.get_feature_names_out()
    weights = {str(f): round(float(w), 4) for f, w in zip(names, model.coef_[0]) if abs(w) >= 1e-4}
    return {
        "name": name, "bias": round(float(model.intercept_[0]), 4), "threshold": round(threshold, 4),
        "meta": {
            "command": "python training/learn.py", "C": c, "block_at": round(block, 4),
            "block_precision_target": BLOCK_PRECISION, "report_precision_target": REPORT_PRECISION[name],
            "min_docs": MIN_DOCS,
            "train": {"n": len(ys), "positive": int(sum(ys))},
            "validation": {"n": len(vy), "positive": int(sum(vy)), "average_precision": round(ap, 4),
                           "f1_at_threshold": round(f1, 4)},
            "validation_curve": [[round(t, 4), round(p, 4), round(r, 4)] for t, p, r, _, _ in curve],
        },
        "weights": weights,
    }


def choose(curve, floor: float) -> tuple[float, float, float]:
    """(threshold, its F1, block_at) from a validation curve: the best F1 among thresholds whose
    precision reaches `floor` (else the best F0.5), and the lowest with precision >= BLOCK_PRECISION."""
    precise = [(t, f) for t, p, r, f, n in curve if p >= floor and n >= 5]
    if precise:
        threshold, f1 = max(precise, key=lambda tf: tf[1])
    else:
        f_half = [(t, 1.25 * p * r / (0.25 * p + r) if p + r else 0.0, f) for t, p, r, f, _ in curve]
        threshold, _, f1 = max(f_half, key=lambda x: x[1], default=(0.5, 0.0, 0.0))
    block = next((t for t, p, r, f, n in sorted(curve) if p >= BLOCK_PRECISION and n >= 5), 1.01)
    return threshold, f1, max(block, threshold)


def pr_curve(probs, gold):
    """(threshold, precision, recall, f1, fired) at each distinct score, highest first."""
    pairs = sorted(zip(probs, gold), key=lambda pg: -pg[0])
    total = sum(gold)
    out, tp = [], 0
    for i, (p, g) in enumerate(pairs, 1):
        tp += int(g)
        if i < len(pairs) and pairs[i][0] == p:
            continue
        precision, recall = tp / i, (tp / total if total else 0.0)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out.append((float(p), precision, recall, f1, i))
    return out


def out_of_fold(xs, ys, folds=5):
    """Complaint probabilities for the training rows from models that did not see them, so the
    cold model learns from the complaint signal as it will look on new mail."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict

    vocab = keep_features(xs)
    X = DictVectorizer().fit_transform([{f: 1 for f in x if f in vocab} for x in xs])
    model = LogisticRegression(C=0.3, solver="lbfgs", class_weight="balanced", random_state=SEED, max_iter=1000)
    return cross_val_predict(model, X, ys, cv=folds, method="predict_proba")[:, 1]


def ablate_parse() -> int:
    """Validation average precision and F1 of the customer-side models, trained as shipped and
    trained without the parse's features (the words and lexicon features stay)."""
    out = {}
    for parse in (True, False):
        rows = [r for r in collect(parse=parse) if r["case"]["customer"].strip()]
        train = [r for r in rows if r["split"] == "train"]
        valid = [r for r in rows if r["split"] == "validation"]
        fits = {"complaint": fit([r["complaint_x"] for r in train], [int(r["case"]["complaint"]) for r in train],
                                 [r["complaint_x"] for r in valid], [int(r["case"]["complaint"]) for r in valid],
                                 "complaint")}
        for name in ("request", "unanswered"):
            tr = [x for r in train for x in r[name]]
            va = [x for r in valid for x in r[name]]
            fits[name] = fit([f for f, _ in tr], [y for _, y in tr], [f for f, _ in va], [y for _, y in va], name)
        out[parse] = fits
    print("\nvalidation split: with the parse / without it")
    for name in ("complaint", "request", "unanswered"):
        a, b = out[True][name]["meta"]["validation"], out[False][name]["meta"]["validation"]
        print(f"  {name:<11} average precision {a['average_precision']:.3f} / {b['average_precision']:.3f};"
              f" F1 at the chosen threshold {a['f1_at_threshold']:.3f} / {b['f1_at_threshold']:.3f} ({a['n']} cases)")
    return 0


def write(model: dict) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{model['name']}.json"
    path.write_text(json.dumps(model, indent=1, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
    return path


def show(model: dict) -> None:
    meta = model["meta"]
    print(f"{model['name']}: train {meta['train']}, validation {meta['validation']}")
    print(f"  threshold {model['threshold']} (precision first, on validation), block_at {meta['block_at']} "
          f"(validation precision ≥ {meta['block_precision_target']}); {len(model['weights'])} weights")
    print("  validation precision-recall curve (threshold, precision, recall):")
    for t, p, r in meta["validation_curve"][:: max(1, len(meta["validation_curve"]) // 12)]:
        print(f"    {t:.3f}  P {p:.2f}  R {r:.2f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=MODELS, action="append")
    parser.add_argument("--without-parse", action="store_true",
                        help="train without the tagger and parser's features and print validation figures "
                             "next to the shipped models' (writes nothing): what the parse adds")
    args = parser.parse_args(argv)
    wanted = set(args.only or MODELS)
    if args.without_parse:
        return ablate_parse()
    rows = collect()
    with_customer = [r for r in rows if r["case"]["customer"].strip()]
    train = [r for r in with_customer if r["split"] == "train"]
    valid = [r for r in with_customer if r["split"] == "validation"]
    print(f"{len(rows)} labelled exchanges read (train {len(train)}, validation {len(valid)}); test not read")
    comp = fit([r["complaint_x"] for r in train], [int(r["case"]["complaint"]) for r in train],
               [r["complaint_x"] for r in valid], [int(r["case"]["complaint"]) for r in valid], "complaint")
    if "complaint" in wanted:
        # RL201's own thresholds: a complaint and no apology, scored against that label
        from replylint.learned.linear import LinearModel

        cm = LinearModel.from_dict(comp)
        scored = [(0.0 if r["apologised"] else cm.probability(r["complaint_x"]),
                   int(r["case"]["complaint"] and not r["case"]["apology"])) for r in valid]
        curve = pr_curve([p for p, _ in scored], [g for _, g in scored])
        threshold, f1, block = choose(curve, REPORT_PRECISION["missing_apology"])
        comp["meta"]["missing_apology"] = {
            "threshold": round(threshold, 4), "block_at": round(block, 4), "f1_at_threshold": round(f1, 4),
            "report_precision_target": REPORT_PRECISION["missing_apology"],
            "validation": {"n": len(scored), "positive": sum(g for _, g in scored)},
            "validation_curve": [[round(t, 4), round(p, 4), round(r, 4)] for t, p, r, _, _ in curve]}
        print(f"  RL201 (complaint and no apology): threshold {threshold:.4f}, block_at {block:.4f}, "
              f"validation F1 {f1:.3f}")
        show(comp)
        print("  wrote", write(comp))
    if "cold" in wanted:
        from replylint.learned.linear import LinearModel

        cm = LinearModel.from_dict(comp)
        oof = out_of_fold([r["complaint_x"] for r in train], [int(r["case"]["complaint"]) for r in train])
        tx = [r["ctx_feats"](p >= cm.threshold) for r, p in zip(train, oof)]
        vx = [r["ctx_feats"](cm.probability(r["complaint_x"]) >= cm.threshold) for r in valid]
        cold = fit(tx, [int(r["case"]["cold"]) for r in train], vx, [int(r["case"]["cold"]) for r in valid], "cold")
        show(cold)
        print("  wrote", write(cold))
    if "stock" in wanted:
        # every labelled reply, with or without the customer's message (templates have none)
        tr = [x for r in rows if r["split"] == "train" for x in r["stock"]]
        va = [x for r in rows if r["split"] == "validation" for x in r["stock"]]
        stock = fit([f for f, _ in tr], [y for _, y in tr], [f for f, _ in va], [y for _, y in va], "stock")
        stock["meta"]["unit"] = "reply sentence"
        # Each listed phrase's precision on train and validation: RL101 lets a phrase block a
        # send only where it reached BLOCK_PRECISION over at least 5 matches.
        phrases = {}
        for r in rows:  # train and validation: collect() reads no other split
            for key, right in r["phrases"]:
                tally = phrases.setdefault(key, [0, 0])
                tally[0] += int(right)
                tally[1] += 1
        stock["meta"]["phrases"] = dict(sorted(phrases.items()))
        show(stock)
        print("  wrote", write(stock))
    for name, unit in (("request", "customer sentence"), ("unanswered", "customer sentence holding a request")):
        if name in wanted:
            tr = [x for r in with_customer if r["split"] == "train" for x in r[name]]
            va = [x for r in with_customer if r["split"] == "validation" for x in r[name]]
            model = fit([f for f, _ in tr], [y for _, y in tr], [f for f, _ in va], [y for _, y in va], name)
            model["meta"]["unit"] = unit
            show(model)
            print("  wrote", write(model))
    return 0


if __name__ == "__main__":
    sys.exit(main())
