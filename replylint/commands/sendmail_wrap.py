"""`replylint sendmail-wrap -- /usr/sbin/sendmail ...`: lint a message on its way to sendmail.

The message is read whole from stdin and kept as bytes; it is either handed to the real
sendmail unchanged or not handed on at all. It is never half-sent and never rewritten.
"""
from __future__ import annotations

import click

from ..errors import ReplylintError

EXIT_FINDINGS, EXIT_FAILED = 1, 2
# Shells' codes for a command that could not be run: mail clients show them as such.
EXIT_NOT_FOUND, EXIT_NOT_RUNNABLE = 127, 126
# The path findings report: its suffix makes the reader parse the input as an RFC 5322 message.
MESSAGE_PATH = "message.eml"
SKIP_VALUES = {"1", "true", "yes", "on"}
# Seconds before a check that has not finished counts as a replylint failure; a 1 KB reply
# takes ~1.5 s in-process (spaCy's start-up) and milliseconds through the server.
DEFAULT_TIMEOUT = 30.0


class CheckTimeout(ReplylintError):
    """The check did not finish within --timeout."""


def _say(message: str) -> None:
    click.echo(f"replylint: {message}", err=True)


@click.command(context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Lowest severity that stops the message (default: the config's fail-on, warning).")
@click.option("--fail-open", is_flag=True,
              help="If replylint itself fails, send the message anyway (with a warning) instead of refusing it.")
@click.option("--server", envvar="REPLYLINT_SERVER", show_envvar=True, metavar="URL",
              help="A running `replylint serve`, e.g. http://127.0.0.1:8765; in-process if it does not answer.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="Config file (default: found from the current directory).")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True,
              metavar="SECONDS",
              help="Give up checking after this long and treat it as a replylint failure (0: no limit).")
@click.option("--debug", is_flag=True, help="Show the traceback when replylint fails.")
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED)
def sendmail_wrap(fail_on, fail_open, server, config_file, timeout, debug, command):
    """Lint the message on stdin, then run COMMAND (the real sendmail) with it, or refuse it.

    \b
    Exit codes: sendmail's own when the message was handed on; 1 when findings stopped it;
    2 when replylint failed (without --fail-open); 126/127 when COMMAND could not be run.
    Set REPLYLINT_SKIP=1 to send one message unchecked.
    """
    import os
    import sys

    data = sys.stdin.buffer.read()  # all of it, before anything can fail
    if os.environ.get("REPLYLINT_SKIP", "").strip().lower() in SKIP_VALUES:
        _say("REPLYLINT_SKIP is set: sending without checking")
        _deliver(command, data)
    try:
        results, decided = _within(timeout, _check, data, fail_on, server, config_file)
    except Exception as exc:
        if debug:
            import traceback

            traceback.print_exc()
        reason = str(exc) if _expected(exc) else f"internal error: {exc.__class__.__name__}: {exc}"
        _failed(reason, command, data, fail_open)
    if results.errors:
        _failed("; ".join(f"{e.path}: {e.reason}" for e in results.errors), command, data, fail_open)
    if decided["blocked"]:
        from ..reporters import render

        click.echo(render("text", results, color=False), err=True, nl=False)
        _say(f"message NOT sent: {decided['reason']}. "
             "Edit the reply, or send it unchecked with REPLYLINT_SKIP=1.")
        raise SystemExit(EXIT_FINDINGS)
    _deliver(command, data)


def _within(timeout: float, function, *args):
    """function(*args), or CheckTimeout after `timeout` seconds (0: wait for ever).

    The agent is waiting on Send: a pathological message must not hang the mail client. The
    check runs in a daemon thread, which is abandoned when the wrapper exits."""
    if not timeout:
        return function(*args)
    import threading

    outcome: dict = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="replylint-check", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise CheckTimeout(f"checking took longer than {timeout:g} s (--timeout)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _expected(exc: Exception) -> bool:
    from ..errors import ReplylintError

    return isinstance(exc, ReplylintError)


def _check(data: bytes, fail_on: str | None, server: str | None, config_file: str | None):
    """(Results, verdict): from the server when one answers (its verdict at our fail-on),
    else linted and decided here by the same function the server uses."""
    import os
    from pathlib import Path

    from ..config import ConfigFinder
    from ..verdict import verdict

    config = ConfigFinder(Path(config_file) if config_file else None).for_path("-")
    threshold = fail_on or config.fail_on
    if server:
        from ..server import client

        try:
            answer = client.lint(server, data, MESSAGE_PATH, token=os.environ.get("REPLYLINT_TOKEN"),
                                 fail_on=threshold)
            results = _results(answer, data)
            decided = answer.get("verdict")
            if not (isinstance(decided, dict) and decided.get("fail_on") == threshold):
                decided = verdict(results, threshold)  # a server from before verdicts
            return results, decided
        except client.Unavailable:
            pass
        except client.ServerError as exc:
            _say(f"warning: {exc}; linting in-process")
        except (KeyError, TypeError, ValueError) as exc:  # another version's JSON, say
            _say(f"warning: cannot read {server}'s answer ({exc!r}); linting in-process")
    from ..engine import Linter
    from ..lint_one import lint_one

    # No size limit: the text part is what is linted, and attachments make mail large.
    results = lint_one(Linter(config), data, MESSAGE_PATH, max_bytes=None)
    return results, verdict(results, threshold)


def _results(answer: dict, data: bytes):
    """Results rebuilt from the server's JSON, with source lines for the text report."""
    from dataclasses import fields

    from ..finding import Finding, Suggestion
    from ..reporters.base import FileError, Results

    lines = data.decode("utf-8", "replace").splitlines()
    names = {f.name for f in fields(Finding)}
    results = Results(version=answer["tool"]["version"], files=list(answer["files"]))
    results.errors = [FileError(e["path"], e["reason"]) for e in answer["errors"]]
    for item in answer["findings"]:
        finding = Finding(**{k: v for k, v in item.items() if k in names and k != "suggestions"})
        finding.suggestions = [Suggestion(**s) for s in item["suggestions"]]
        finding.source_line = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
        results.findings.append(finding)
    return results


def _failed(reason: str, command, data: bytes, fail_open: bool) -> None:
    if fail_open:
        _say(f"warning: could not check the message ({reason}); sending it anyway (--fail-open)")
        _deliver(command, data)
    _say(f"error: could not check the message: {reason}")
    _say("message NOT sent. Send it unchecked with REPLYLINT_SKIP=1, or use --fail-open.")
    raise SystemExit(EXIT_FAILED)


def _deliver(command, data: bytes) -> None:
    """Run the real sendmail with the message on its stdin and exit with its exit code."""
    import subprocess

    try:
        completed = subprocess.run(list(command), input=data)
    except FileNotFoundError:
        _say(f"error: cannot run {command[0]!r}: no such file; message NOT sent")
        raise SystemExit(EXIT_NOT_FOUND) from None
    except OSError as exc:
        _say(f"error: cannot run {command[0]!r}: {exc.strerror or exc}; message NOT sent")
        raise SystemExit(EXIT_NOT_RUNNABLE) from None
    code = completed.returncode
    raise SystemExit(128 - code if code < 0 else code)  # killed by a signal: as shells report it
