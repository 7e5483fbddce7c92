"""Errors that end in a clear one-line message (exit 2), never a traceback."""


class ReplylintError(Exception):
    """Base class: str(error) is what the user sees."""


class InputError(ReplylintError):
    """A file could not be read or parsed; names the file and the reason."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ConfigError(ReplylintError):
    """The configuration is invalid; names the file and the key."""


class PluginError(ReplylintError):
    """A rule or pack could not be loaded or is malformed."""
