"""How well replylint's hand-weighted politeness score agrees with human politeness ratings.

    python benchmarks/politeness.py            # both communities
    python benchmarks/politeness.py --strategies   # also the mean rating per strategy

Evaluation only, on the Stanford Politeness Corpus (Danescu-Niculescu-Mizil et al. 2013) in
../shared/corpus/stanford-politeness beside the checkout. Its licence is unverified: no text
from it is copied into the repository and nothing shipped is fitted to it. The score's
weights and word lists are hand-set (replylint/signals/politeness.py,
rules/lexicons/politeness.toml); the decision threshold is fixed at 0 in advance.

Reported per community (Wikipedia, Stack Exchange):
  - Spearman's rho between politeness_score and the corpus's `Normalized Score`;
  - the paper's task: requests in the top quartile of Normalized Score (polite) vs the bottom
    quartile (impolite), classified as polite when politeness_score > THRESHOLD. The paper
    reports 79.8% (bag of words) and 83.8% (strategies) with in-domain training; humans 86.7%.
"""
from __future__ import annotations

import argparse
import csv
import html
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus" / "stanford-politeness"
FILES = {"wikipedia": "wikipedia.annotated.csv", "stack-exchange": "stack-exchange.annotated.csv"}
THRESHOLD = 0.0  # chosen before looking at the corpus: the score's own zero


def ranks(values: list[float]) -> list[float]:
    """Average ranks (ties share the mean of their positions), 1-based."""
    order = sorted(range(len(values)), key=values.__getitem__)
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        mean = (i + j) / 2 + 1
        for k in range(i, j + 1):
            out[order[k]] = mean
        i = j + 1
    return out


def spearman(x: list[float], y: list[float]) -> float:
    try:
        from scipy.stats import spearmanr
    except ImportError:
        rx, ry = ranks(x), ranks(y)
        n = len(rx)
        mx, my = sum(rx) / n, sum(ry) / n
        cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
        vx = sum((a - mx) ** 2 for a in rx) ** 0.5
        vy = sum((b - my) ** 2 for b in ry) ** 0.5
        return cov / (vx * vy) if vx and vy else float("nan")
    return float(spearmanr(x, y).statistic)


def quartiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 4], ordered[(3 * n) // 4]


def load(name: str) -> list[tuple[str, float]]:
    path = CORPUS / FILES[name]
    if not path.exists():
        sys.exit(f"corpus not found: {path}")
    # Some rows carry more than five ratings, so the score is read from the last column; a few
    # bytes are not UTF-8 and are replaced.
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        return [(html.unescape(row[2]), float(row[-1])) for row in reader if len(row) >= 4]


def evaluate(name: str, show_strategies: bool) -> dict:
    from replylint.nlp import get_pipeline
    from replylint.nlp.pipeline import process
    from replylint.signals.politeness import STRATEGIES, score_strategies, strategies

    nlp = get_pipeline()
    rows = load(name)
    gold, pred, feats = [], [], []
    for text, score in rows:
        counts = strategies(process(nlp, text))
        gold.append(score)
        pred.append(score_strategies(counts))
        feats.append(counts)
    low, high = quartiles(gold)
    pairs = [(g >= high, p > THRESHOLD) for g, p in zip(gold, pred) if g >= high or g <= low]
    correct = sum(1 for is_polite, said_polite in pairs if is_polite == said_polite)
    polite_recall = sum(1 for a, b in pairs if a and b) / max(1, sum(1 for a, _ in pairs if a))
    impolite_recall = sum(1 for a, b in pairs if not a and not b) / max(1, sum(1 for a, _ in pairs if not a))
    result = {
        "n": len(rows), "spearman": spearman(pred, gold), "quartile_n": len(pairs),
        "accuracy": correct / len(pairs), "polite_recall": polite_recall, "impolite_recall": impolite_recall,
    }
    if show_strategies:
        result["strategies"] = {
            key: (sum(1 for f in feats if f[key]), _mean([g for g, f in zip(gold, feats) if f[key]]))
            for key in STRATEGIES
        }
    return result


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strategies", action="store_true", help="print how often each strategy fires and the mean rating where it does")
    args = parser.parse_args(argv)
    print(f"threshold: politeness_score > {THRESHOLD} means polite (fixed, not fitted)")
    for name in FILES:
        r = evaluate(name, args.strategies)
        print(f"\n== {name} ({r['n']} requests) ==")
        print(f"Spearman rho (score vs Normalized Score): {r['spearman']:.3f}")
        print(f"top vs bottom quartile accuracy: {r['accuracy']:.1%} on {r['quartile_n']} requests "
              f"(polite found {r['polite_recall']:.1%}, impolite found {r['impolite_recall']:.1%})")
        if args.strategies:
            print(f"{'strategy':<22} {'requests':>8} {'mean rating':>11}")
            for key, (count, mean) in r["strategies"].items():
                print(f"{key:<22} {count:>8} {mean:>11.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
