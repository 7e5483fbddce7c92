"""Whole-process timings of `replylint check` next to proselint on the same files, same run.

    python benchmarks/speed.py                  # 1 draft (cold start) and 300 drafts, 5 runs each
    python benchmarks/speed.py --runs 9 --drafts 300

Each figure is the median wall time of N runs of the full command (new process each time),
commands alternating A B A B so drift affects both; the ratio is replylint / proselint.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from drafts import write_drafts  # noqa: E402


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def compare(label: str, a: list[str], b: list[str], runs: int) -> None:
    timed(a), timed(b)  # warm the disk cache
    ta, tb, ratios = [], [], []
    for _ in range(runs):
        x, y = timed(a), timed(b)
        ta.append(x), tb.append(y), ratios.append(x / y)
    print(f"{label}: replylint {statistics.median(ta):.3f} s, proselint {statistics.median(tb):.3f} s, "
          f"ratio {statistics.median(ratios):.2f} (min {min(ratios):.2f}, max {max(ratios):.2f}), {runs} runs")
    print(f"    A: {' '.join(a)}\n    B: {' '.join(b)}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--drafts", type=int, default=300)
    args = parser.parse_args(argv)
    replylint = shutil.which("replylint") or sys.exit("replylint is not installed (pip install .)")
    proselint = shutil.which("proselint") or sys.exit("proselint is not installed (pip install proselint)")
    with tempfile.TemporaryDirectory() as tmp:
        files = write_drafts(Path(tmp) / "drafts", args.drafts)
        one = str(files[0])
        print(f"draft size ~{files[0].stat().st_size} bytes")
        compare("1 draft (cold start)", [replylint, "check", "--no-cache", one] if _has_cache_flag(replylint) else [replylint, "check", one],
                [proselint, "check", one], args.runs)
        folder = str(Path(tmp) / "drafts")
        compare(f"{args.drafts} drafts", [replylint, "check", "--no-cache", folder] if _has_cache_flag(replylint) else [replylint, "check", folder],
                [proselint, "check", folder], args.runs)
    return 0


def _has_cache_flag(exe: str) -> bool:
    out = subprocess.run([exe, "check", "--help"], capture_output=True, text=True).stdout
    return "--no-cache" in out


if __name__ == "__main__":
    sys.exit(main())
