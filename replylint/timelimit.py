"""A time limit for linting one file, so that one pathological input cannot stall a CI run.

On POSIX the limit is a real-time interval timer (SIGALRM) whose handler raises in the
linting code; it is only armed in a process's main thread, where Python runs signal handlers
(a `check` run's own loop and its pool workers). Elsewhere (threads, Windows) there is no
limit here: the server has its own per-request timeout.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

from .errors import InputError


@contextmanager
def time_limit(seconds: float, path: str):
    """Raise InputError for `path` if the body runs longer than `seconds` (0: no limit)."""
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise InputError(path, f"linting took longer than {seconds:g} s (the `lint-timeout` setting)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
