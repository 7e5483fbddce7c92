"""Generic rule kinds that run declarative rules from packs (Vale-style `extends:`)."""
from .phrase import PhraseRule
from .regex import RegexRule

KINDS = {
    "existence": PhraseRule,
    "substitution": PhraseRule,
    "regex": RegexRule,
}

__all__ = ["KINDS", "PhraseRule", "RegexRule"]
