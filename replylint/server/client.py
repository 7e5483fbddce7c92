"""Ask a running `replylint serve` to lint a message; standard library only, no Starlette."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

# A server on this machine answers in well under this; more means it is not there.
CONNECT_TIMEOUT = 0.5
LINT_TIMEOUT = 30.0


class Unavailable(Exception):
    """Nothing answered at the URL: lint in-process instead, quietly."""


class ServerError(Exception):
    """Something answered but did not lint: str() says what, to warn with."""


# Loopback servers are reached directly: an http_proxy in the environment must not catch them.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def lint(url: str, data: bytes, path: str, token: str | None = None,
         connect_timeout: float = CONNECT_TIMEOUT, timeout: float = LINT_TIMEOUT, fail_on: str | None = None) -> dict:
    """The server's JSON results for `data` (raw bytes, sent so the server reads the same bytes)."""
    base = url.rstrip("/")
    try:
        with _OPENER.open(base + "/healthz", timeout=connect_timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:  # something listens, but not replylint: worth a warning
        raise ServerError(f"{base}/healthz answered {exc.code}: is this a replylint server?") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise Unavailable(f"{base}: {exc}") from None
    request_body = {"reply": data.decode("utf-8", "surrogateescape"), "path": path}
    if fail_on:
        request_body["fail_on"] = fail_on  # the server answers with its verdict at this level
    body = json.dumps(request_body).encode()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(base + "/v1/lint", data=body, headers=headers, method="POST")
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        raise ServerError(f"{base} answered {exc.code}: {_message(exc)}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ServerError(f"{base}: {exc}") from None


def _message(exc: urllib.error.HTTPError) -> str:
    try:
        return json.loads(exc.read())["error"]
    except Exception:  # not our server's error shape: the status line is all there is
        return exc.reason or "no message"
