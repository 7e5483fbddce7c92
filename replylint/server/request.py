"""The body of POST /v1/lint: checked field by field, so a client hears which field is wrong."""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from ..config import Config, from_dict
from ..errors import ConfigError

# Keys that make the server read its own disk or load code: only its --config may set them.
SERVER_ONLY_KEYS = ("rule-paths", "model")


class BadRequest(Exception):
    """The request is malformed; str() is the message sent back with a 400."""


@dataclass
class LintRequest:
    reply: str
    customer: str | None = None
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    config: dict = field(default_factory=dict)
    is_template: bool = False
    path: str = "-"
    fail_on: str | None = None  # None: the server config's fail-on

    def reply_bytes(self) -> bytes:
        # Lone surrogates U+DC80..U+DCFF stand for raw bytes (Python's surrogateescape), so a
        # client can send a message that is not valid UTF-8 and the reader sees its real bytes.
        try:
            return self.reply.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            raise BadRequest("`reply` contains a lone surrogate that is not an escaped byte") from None


def _is_str_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


CHECKS = {
    "reply": (lambda v: isinstance(v, str), "a string"),
    "customer": (lambda v: v is None or isinstance(v, str), "a string or null"),
    "select": (lambda v: v is None or _is_str_list(v), "a list of strings or null"),
    "ignore": (lambda v: v is None or _is_str_list(v), "a list of strings"),
    "config": (lambda v: v is None or isinstance(v, dict), "an object of config keys"),
    "is_template": (lambda v: isinstance(v, bool), "true or false"),
    "path": (lambda v: isinstance(v, str) and v != "" and "\n" not in v, "a non-empty one-line string"),
    "fail_on": (lambda v: v is None or v in ("error", "warning", "info"), "error, warning, info or null"),
}


def parse(body: bytes) -> LintRequest:
    try:
        data = json.loads(body.decode("utf-8"))  # JSON on the wire is UTF-8 (RFC 8259)
    except UnicodeDecodeError:
        raise BadRequest("request body is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise BadRequest(f"request body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise BadRequest("request body must be a JSON object")
    unknown = sorted(set(data) - set(CHECKS))
    if unknown:
        raise BadRequest(f"unknown field(s): {', '.join(unknown)} (known: {', '.join(CHECKS)})")
    if "reply" not in data:
        raise BadRequest("missing field `reply` (the reply text to lint)")
    for name, value in data.items():
        ok, expected = CHECKS[name]
        if not ok(value):
            raise BadRequest(f"`{name}` must be {expected}, not {json.dumps(value)[:80]}")
    values = {k: v for k, v in data.items() if v is not None}
    return LintRequest(**values)


def request_config(base: Config, request: LintRequest) -> Config:
    """The server's config with the request's keys laid over it; select replaces, ignore extends."""
    given = {key.replace("_", "-"): value for key, value in request.config.items()}
    for key in SERVER_ONLY_KEYS:
        if key in given:
            raise ConfigError(f"config: `{key}` can only be set in the server's own config (replylint serve --config)")
    # from_dict checks every key and type and names the bad one; only the keys given are kept.
    parsed = from_dict(request.config, "config", base.root)
    overrides = {name: getattr(parsed, name) for name in (key.replace("-", "_") for key in given)}
    if request.select is not None:
        overrides["select"] = list(request.select)
    if request.ignore:
        overrides["ignore"] = overrides.get("ignore", base.ignore) + list(request.ignore)
    return replace(base, **overrides)
