"""Built-in code rules (one per module), exposed through the `replylint.rules` entry point."""
from .unfilled_placeholder import UnfilledPlaceholder

BUILTIN = [UnfilledPlaceholder]
