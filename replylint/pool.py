"""Lint files in worker processes, one Linter per worker and config; results come back by index.

On Linux the workers are forked after the parent has built the Linters it needs, so they
start with spaCy and the rules already loaded (copy-on-write) instead of each paying the
second or so that costs. Elsewhere (spawn) each worker builds its own on first use.
Jobs go out in chunks to keep pickling overhead low; the caller places each outcome at its
job's index, so the output does not depend on which worker finished first.
"""
from __future__ import annotations

import os

_LINTERS: dict[tuple, object] = {}  # config key -> Linter; filled before forking


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _linter_for(config):
    key = config.key()
    if key not in _LINTERS:
        from .engine import Linter

        _LINTERS[key] = Linter(config)
    return _LINTERS[key]


def _work(chunk):
    from .filejob import run_job

    return [(job.index, run_job(job, _linter_for)) for job in chunk]


def _chunks(jobs: list, workers: int) -> list[list]:
    # Several chunks per worker balance the load; at most 32 files each bound the latency.
    size = max(1, min(32, len(jobs) // (workers * 4) or 1))
    return [jobs[i : i + size] for i in range(0, len(jobs), size)]


def run(jobs: list, workers: int, linters: dict, on_done=None) -> dict:
    """Outcomes of `jobs` by index. `linters` (config key -> Linter) are handed to forked workers."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    _LINTERS.clear()
    if context.get_start_method() == "fork":
        _LINTERS.update(linters)
    outcomes: dict = {}
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        futures = [executor.submit(_work, chunk) for chunk in _chunks(jobs, workers)]
        for future in as_completed(futures):
            done = future.result()
            for index, outcome in done:
                outcomes[index] = outcome
            if on_done:
                on_done(len(done))
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        _LINTERS.clear()
    return outcomes
