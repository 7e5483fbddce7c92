"""What the trained tagger and parser cost, on one core, in one process.

    python benchmarks/parse_cost.py                    # the shipped model
    python benchmarks/parse_cost.py --model training/output/medium/model-best

Prints: words per second of the trained components (tok2vec, morphologizer, parser) over the
UD English-EWT dev documents; the median time to lint the ~1 KB reply of
benchmarks/server_latency.py with its customer message without the parse, parsing the
customer's message only (the default: RL201, RL301 and RL401 read it) and parsing both; the median time
to tokenise the same two texts; and the ratio lint / tokenise.
The figures are medians of --runs runs after a warm-up, on CPU 0 with one BLAS thread."""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy is imported: one core means one thread

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "training"))
from server_latency import CUSTOMER, REPLY  # noqa: E402

TREEBANK = HERE.parent.parent / "shared" / "corpus" / "ud-english-ewt" / "en_ewt-ud-dev.conllu"


def median_ms(fn, runs: int) -> float:
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="a trained pipeline folder (default: the shipped one)")
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    from replylint.nlp import pipeline

    if args.model:
        pipeline.MODEL_DIR = Path(args.model).resolve()
    from replylint import Linter

    linter = Linter()
    nlp = linter.nlp
    if TREEBANK.exists():
        import ewt

        docs = [ewt.tokens_only(nlp, gold) for gold in ewt.read(TREEBANK)]
        procs = [nlp.get_pipe(name) for name in ("tok2vec", "morphologizer", "parser")]
        words = sum(len(d) for d in docs)
        start = time.perf_counter()
        for doc in docs:
            for proc in procs:
                doc = proc(doc)
        seconds = time.perf_counter() - start
        print(f"trained components: {words / seconds:,.0f} words/s ({words:,} words of EWT dev, one core)")
    saved = linter.parses_reply, linter.parses_customer

    def lint(reply: bool, customer: bool):
        def run():
            linter.parses_reply, linter.parses_customer = reply, customer
            return linter.lint(REPLY, customer=CUSTOMER)
        return run

    both = median_ms(lint(True, True), args.runs)
    customer_only = median_ms(lint(False, True), args.runs)
    without = median_ms(lint(False, False), args.runs)
    linter.parses_reply, linter.parses_customer = saved
    tokenise = median_ms(lambda: (nlp.make_doc(REPLY), nlp.make_doc(CUSTOMER)), args.runs)
    n_tokens = len(nlp.make_doc(REPLY)) + len(nlp.make_doc(CUSTOMER))
    print(f"lint of the 1 KB reply + customer message ({n_tokens} tokens), median of {args.runs}: "
          f"{without:.2f} ms without any parse, {customer_only:.2f} ms parsing the customer's "
          f"message (the default), {both:.2f} ms parsing both")
    print(f"tokenise the same two texts: {tokenise:.3f} ms; lint / tokenise = {without / tokenise:.0f}x, "
          f"{customer_only / tokenise:.0f}x, {both / tokenise:.0f}x")
    print(f"model: {pipeline.MODEL_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
