"""replylint: a reply-quality linter for customer-support email.

    import replylint
    findings = replylint.lint(reply_text, customer=customer_text)
    linter = replylint.Linter()          # keeps the pipeline warm for repeated calls

Names are imported lazily so `replylint --version` and cached runs never import spaCy.
"""
from .__about__ import __version__

__all__ = ["__version__", "lint", "Linter", "Finding", "Config", "Suggestion"]


def __getattr__(name):
    if name in {"lint", "Linter"}:
        from . import engine

        return getattr(engine, name)
    if name in {"Finding", "Suggestion"}:
        from . import finding

        return getattr(finding, name)
    if name == "Config":
        from .config import Config

        return Config
    raise AttributeError(f"module 'replylint' has no attribute {name!r}")
