"""The Starlette app behind `replylint serve`: POST /v1/lint, GET /healthz, GET /openapi.json."""
from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..__about__ import __version__
from ..config import Config
from ..errors import ReplylintError
from ..lint_one import lint_one
from ..reporters.json import as_dict
from ..verdict import verdict
from .linters import LinterCache
from .openapi import openapi
from .request import BadRequest, parse, request_config

# The Linter lock runs one lint at a time per pipeline; a few workers let a new config's
# Linter be built, and a queued request time out, while another lint runs.
WORKERS = 4


@dataclass
class Settings:
    config: Config = field(default_factory=Config)  # the server's own config; requests add to it
    token: str | None = None
    cors_origins: list[str] = field(default_factory=list)
    max_body: int = 2_000_000
    timeout: float = 10.0


class TooLarge(Exception):
    pass


def error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it passes `limit` (chunked bodies have no length to check)."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        raise TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(settings: Settings) -> Starlette:
    linters = LinterCache()
    linters.get(settings.config)  # load spaCy and the rules now, not on the first request
    executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="replylint-lint")

    def authorized(request: Request) -> bool:
        if not settings.token:
            return True
        given = request.headers.get("authorization", "")
        scheme, _, token = given.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), settings.token.encode())

    def work(lint_request, started: list) -> str:
        started.append(True)  # tells a request still queued (503) from one still linting (504)
        config = request_config(settings.config, lint_request)
        linter = linters.get(config)
        results = lint_one(linter, lint_request.reply_bytes(), lint_request.path,
                           customer=lint_request.customer, is_template=lint_request.is_template)
        report = as_dict(results)
        report["verdict"] = verdict(results, lint_request.fail_on or config.fail_on)
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"

    async def lint(request: Request) -> Response:
        if not authorized(request):
            return error(401, "missing or wrong bearer token (Authorization: Bearer <token>)",
                         {"WWW-Authenticate": 'Bearer realm="replylint"'})
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        # Requiring JSON makes a browser send a CORS preflight first, so pages from origins
        # not on the allow-list cannot make this server do work.
        if media != "application/json":
            return error(415, "send the request as Content-Type: application/json")
        try:
            body = await read_body(request, settings.max_body)
        except TooLarge:
            return error(413, f"request body is larger than the {settings.max_body} byte limit (--max-body)")
        try:
            lint_request = parse(body)
        except BadRequest as exc:
            return error(400, str(exc))
        started: list = []
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(executor, work, lint_request, started)
        try:
            report = await asyncio.wait_for(future, settings.timeout)
        except asyncio.TimeoutError:
            if not started:
                return error(503, f"server busy: the request waited {settings.timeout:g} s without being linted",
                             {"Retry-After": "1"})
            return error(504, f"linting took longer than {settings.timeout:g} s (--timeout)")
        except (BadRequest, ReplylintError) as exc:  # config errors name the key
            return error(400, str(exc))
        except Exception as exc:  # a bug: say so, keep serving
            return error(500, f"internal error: {exc.__class__.__name__}: {exc}")
        return Response(report, media_type="application/json")

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__})

    document = json.dumps(openapi(), indent=2).encode()

    async def openapi_json(request: Request) -> Response:
        return Response(document, media_type="application/json")

    middleware = []
    if settings.cors_origins:
        middleware.append(Middleware(
            CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"], max_age=600,
        ))
    routes = [
        Route("/v1/lint", lint, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/openapi.json", openapi_json, methods=["GET"]),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        executor.shutdown(wait=False, cancel_futures=True)

    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
