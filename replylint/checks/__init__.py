"""Built-in code rules, one per module, exposed through the `replylint.rules` entry point.

Every Rule subclass defined in a module of this package is a built-in rule.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil


def _discover() -> list[type]:
    from ..rule import Rule

    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Rule) and obj.__module__ == module.__name__ and getattr(obj, "code", ""):
                found.append(obj)
    return sorted(found, key=lambda cls: cls.code)


BUILTIN = _discover()
