"""Linters kept warm per config, so requests with the same config reuse one."""
from __future__ import annotations

import threading
from collections import OrderedDict

from ..config import Config

# Each distinct request config costs a Linter (its rules and matchers); bound the memory.
MAX_LINTERS = 16


class LinterCache:
    def __init__(self, size: int = MAX_LINTERS):
        self.size = size
        self._linters: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, config: Config):
        from ..engine import Linter

        key = config.key()
        # Built under the lock so concurrent first requests with one config build it once.
        with self._lock:
            linter = self._linters.get(key)
            if linter is None:
                linter = Linter(config)
                self._linters[key] = linter
                while len(self._linters) > self.size:
                    self._linters.popitem(last=False)
            else:
                self._linters.move_to_end(key)
            return linter
