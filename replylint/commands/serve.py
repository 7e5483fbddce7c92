"""`replylint serve`: a local HTTP server that keeps the pipeline warm for pre-send hooks."""
from __future__ import annotations

import click

DEFAULT_PORT = 8765


def _size(ctx, param, value: str) -> int:
    """Bytes, with an optional k/M suffix (decimal, as the limits in the docs are)."""
    text = value.strip().lower().removesuffix("b")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if scale > 1 else text
    try:
        size = int(float(number) * scale)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a size such as 2000000, 500k or 2M") from None
    if size <= 0:
        raise click.BadParameter("must be positive")
    return size


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Anything but loopback exposes the server to the network: set a token.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", envvar="REPLYLINT_TOKEN", show_envvar=True,
              help="Require `Authorization: Bearer TOKEN` on POST /v1/lint.")
@click.option("--cors-origin", "cors_origins", multiple=True,
              help="An origin browser apps may call from, e.g. https://support.example.com (repeatable).")
@click.option("--max-body", default="2M", show_default=True, callback=_size,
              help="Largest request body in bytes, or with k or M (413 above it).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Seconds a request may take (503 if still queued, 504 if still linting).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="The server's config (default: found from the current directory). Requests add to it.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(host, port, token, cors_origins, max_body, timeout, config_file, log_level):
    """Serve POST /v1/lint on a local port, keeping spaCy and the rules loaded."""
    from pathlib import Path

    import uvicorn

    from ..config import ConfigFinder
    from ..errors import ReplylintError
    from ..server.app import Settings, create_app

    try:
        config = ConfigFinder(Path(config_file) if config_file else None).for_path("-")
        settings = Settings(config=config, token=token or None, cors_origins=list(cors_origins),
                            max_body=max_body, timeout=timeout)
        app = create_app(settings)
    except ReplylintError as exc:
        click.echo(f"replylint: error: {exc}", err=True)
        raise SystemExit(2) from None
    if host not in ("127.0.0.1", "localhost", "::1") and not settings.token:
        click.echo(f"replylint: warning: serving on {host} without a token: anyone who can reach it can use it",
                   err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)
