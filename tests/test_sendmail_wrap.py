"""`replylint sendmail-wrap`: a fake sendmail records what it is handed, byte for byte."""
from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner

from replylint.cli import main

HEADERS = (
    b"From: Sam <sam@example.com>\n"
    b"To: Dana Whitfield <dana@example.org>\n"
    b"Subject: Re: Where is my order?\n"
    b"Date: Mon, 16 Nov 2026 09:12:00 +0000\n"
    b"Message-ID: <reply-1@example.com>\n"
    b"MIME-Version: 1.0\n"
)
CLEAN = HEADERS + (
    b"Content-Type: text/plain; charset=utf-8\n"
    b"Content-Transfer-Encoding: 8bit\n"
    b"\n"
    b"Hi Dana,\n"
    b"\n"
    b"I'm sorry the desk is late. I checked with the warehouse: it left today and reaches you by Friday.\n"
    b"\n"
    b"Best,\n"
    b"Sam\n"
)
# CRLF line ends and Latin-1 bytes (0xe9, 0xe8) that are not UTF-8: must reach sendmail untouched.
CLEAN_CRLF_8BIT = (
    HEADERS.replace(b"\n", b"\r\n") +
    b"Content-Type: text/plain; charset=iso-8859-1\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n"
    b"\r\n"
    b"Hi Ren\xe9e,\r\n"
    b"\r\n"
    b"I'm sorry the cr\xe8me order is late. It left the warehouse today and reaches you by Friday.\r\n"
    b"\r\n"
    b"Best,\r\n"
    b"Sam\r\n"
)
# An unfilled placeholder: an error with every config.
BAD = CLEAN.replace(b"Hi Dana,", b"Hi {{first_name}},")
ARGV = ["-oi", "-oem", "--", "dana@example.org"]


@pytest.fixture
def sendmail(tmp_path):
    """A fake sendmail; .argv and .stdin hold what the last run got (absent if it never ran)."""
    script = tmp_path / "fake-sendmail"
    script.write_text(
        "#!/bin/sh\n"
        f"printf '%s\\n' \"$@\" > '{tmp_path}/argv'\n"
        f"cat > '{tmp_path}/stdin'\n"
        "exit \"${FAKE_SENDMAIL_EXIT:-0}\"\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)

    class Fake:
        path = str(script)
        argv_file = tmp_path / "argv"
        stdin_file = tmp_path / "stdin"

        def got(self):
            return self.stdin_file.read_bytes() if self.stdin_file.exists() else None

        def argv(self):
            return self.argv_file.read_text().splitlines()

    return Fake()


@pytest.fixture
def env():
    return {k: v for k, v in os.environ.items() if not k.startswith("REPLYLINT_")}


def wrap(sendmail, message: bytes, *options, env, cwd):
    """Run the wrapper as a mail client does: a separate process, the message on stdin."""
    command = [sys.executable, "-m", "replylint", "sendmail-wrap", *options, "--", sendmail.path, *ARGV]
    return subprocess.run(command, input=message, capture_output=True, env=env, cwd=cwd, timeout=180)


@pytest.mark.parametrize("message", [CLEAN, CLEAN_CRLF_8BIT], ids=["lf", "crlf-8bit"])
def test_clean_message_reaches_sendmail_byte_for_byte(sendmail, env, tmp_path, message):
    done = wrap(sendmail, message, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert sendmail.got() == message
    assert sendmail.argv() == ARGV


def test_message_with_findings_is_refused(sendmail, env, tmp_path):
    done = wrap(sendmail, BAD, env=env, cwd=tmp_path)
    assert done.returncode == 1
    assert sendmail.got() is None  # sendmail never ran
    report = done.stderr.decode()
    assert "message.eml:10:4: RL601 [error]" in report and "{{first_name}}" in report
    assert "NOT sent" in report and "REPLYLINT_SKIP=1" in report
    assert done.stdout == b""


def test_skip_passes_a_bad_message_unchanged(sendmail, env, tmp_path):
    done = wrap(sendmail, BAD, env={**env, "REPLYLINT_SKIP": "1"}, cwd=tmp_path)
    assert done.returncode == 0
    assert sendmail.got() == BAD


def test_replylint_failure_refuses_by_default(sendmail, env, tmp_path):
    bad_config = tmp_path / "bad.toml"
    bad_config.write_text('fail-on = "sometimes"\n')
    done = wrap(sendmail, CLEAN, "--config", str(bad_config), env=env, cwd=tmp_path)
    assert done.returncode == 2
    assert sendmail.got() is None
    assert "fail-on" in done.stderr.decode() and "NOT sent" in done.stderr.decode()


def test_fail_open_sends_despite_a_replylint_failure(sendmail, env, tmp_path):
    bad_config = tmp_path / "bad.toml"
    bad_config.write_text("this is not toml [\n")
    done = wrap(sendmail, CLEAN_CRLF_8BIT, "--fail-open", "--config", str(bad_config), env=env, cwd=tmp_path)
    assert done.returncode == 0
    assert sendmail.got() == CLEAN_CRLF_8BIT
    assert "warning" in done.stderr.decode() and "invalid TOML" in done.stderr.decode()


# In-process runs (click's runner) for the cases that need a monkeypatch or a server in this process.

def invoke(args, message: bytes, **env):
    unset = {"REPLYLINT_SKIP": None, "REPLYLINT_SERVER": None, "REPLYLINT_TOKEN": None}
    return CliRunner().invoke(main, ["sendmail-wrap", *args], input=message, env={**unset, **env})


def test_a_bug_refuses_by_default_and_fail_open_sends(sendmail, monkeypatch, in_tmp):
    from replylint import lint_one

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(lint_one, "lint_one", broken)
    result = invoke(["--", sendmail.path, *ARGV], CLEAN)
    assert result.exit_code == 2 and "internal error: RuntimeError: boom" in result.output
    assert sendmail.got() is None
    result = invoke(["--fail-open", "--", sendmail.path, *ARGV], CLEAN)
    assert result.exit_code == 0 and sendmail.got() == CLEAN


def test_unparsable_message_is_a_replylint_failure(sendmail, in_tmp):
    result = invoke(["--", sendmail.path, *ARGV], b"")
    assert result.exit_code == 2 and "empty" in result.output and sendmail.got() is None


def test_sendmail_exit_code_is_passed_on(sendmail, in_tmp):
    result = invoke(["--", sendmail.path, *ARGV], CLEAN, FAKE_SENDMAIL_EXIT="75")
    assert result.exit_code == 75 and sendmail.got() == CLEAN


def test_sendmail_that_cannot_start_is_an_error(in_tmp):
    result = invoke(["--", str(in_tmp / "no-such-sendmail"), "-oi"], CLEAN)
    assert result.exit_code == 127 and "cannot run" in result.output and "NOT sent" in result.output


def test_fail_on_error_lets_warnings_through(sendmail, in_tmp):
    stock = CLEAN.replace(b"I'm sorry the desk is late.", b"We apologize for any inconvenience this may have caused.")
    assert invoke(["--", sendmail.path], stock).exit_code == 1
    assert sendmail.got() is None
    assert invoke(["--fail-on", "error", "--", sendmail.path], stock).exit_code == 0
    assert sendmail.got() == stock


def test_uses_the_server_when_it_answers(sendmail, in_tmp):
    pytest.importorskip("uvicorn")
    from serving import running_server

    from replylint.config import Config
    from replylint.server.app import Settings

    # The server's config ignores the placeholder rule: a pass proves the server did the linting.
    with running_server(Settings(config=Config(ignore=["RL601"]))) as port:
        result = invoke(["--server", f"http://127.0.0.1:{port}", "--", sendmail.path, *ARGV], BAD)
        assert result.exit_code == 0, result.output
        assert sendmail.got() == BAD
        # Bytes that are not UTF-8 travel to the server and back to sendmail unchanged.
        result = invoke(["--server", f"http://127.0.0.1:{port}", "--", sendmail.path], CLEAN_CRLF_8BIT)
        assert result.exit_code == 0 and "replylint: warning" not in result.output
        assert sendmail.got() == CLEAN_CRLF_8BIT
        sendmail.stdin_file.unlink()
        # The environment names the server too; a findings report is rebuilt from its JSON.
        with_findings = BAD.replace(b"I'm sorry the desk is late.", b"We apologize for any inconvenience.")
        result = invoke(["--", sendmail.path], with_findings, REPLYLINT_SERVER=f"http://127.0.0.1:{port}")
        assert result.exit_code == 1 and "RL101" in result.output and "| We apologize" in result.output
        assert sendmail.got() is None


def test_falls_back_in_process_when_the_server_does_not_answer(sendmail, in_tmp):
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = invoke(["--server", f"http://127.0.0.1:{port}", "--", sendmail.path, *ARGV], BAD)
    assert result.exit_code == 1 and "RL601" in result.output  # linted here, with the default rules
    assert "replylint: warning" not in result.output  # no server is a normal case, not worth a warning
    assert sendmail.got() is None


def test_server_that_refuses_is_warned_about_then_linted_here(sendmail, in_tmp):
    pytest.importorskip("uvicorn")
    from serving import running_server

    from replylint.config import Config
    from replylint.server.app import Settings

    with running_server(Settings(config=Config(ignore=["RL601"]), token="t0ken")) as port:
        url = f"http://127.0.0.1:{port}"
        result = invoke(["--server", url, "--", sendmail.path], BAD)
        assert result.exit_code == 1 and "replylint: warning" in result.output and "401" in result.output
        assert sendmail.got() is None
        result = invoke(["--server", url, "--", sendmail.path], BAD, REPLYLINT_TOKEN="t0ken")
        assert result.exit_code == 0 and sendmail.got() == BAD
        sendmail.stdin_file.unlink()
        result = invoke(["--server", url + "/not-replylint", "--", sendmail.path], BAD)
        assert result.exit_code == 1 and "is this a replylint server?" in result.output
        assert sendmail.got() is None


def test_a_check_that_hangs_refuses_after_the_timeout_and_fail_open_sends(sendmail, monkeypatch, in_tmp):
    import threading

    from replylint.commands import sendmail_wrap

    release = threading.Event()

    def hangs(*args, **kwargs):
        release.wait(30)  # a pathological message: the check never comes back in time
        raise AssertionError("the wrapper should have stopped waiting")

    monkeypatch.setattr(sendmail_wrap, "_check", hangs)
    try:
        result = invoke(["--timeout", "0.3", "--", sendmail.path, *ARGV], CLEAN)
        assert result.exit_code == 2, result.output
        assert "took longer than 0.3 s (--timeout)" in result.output and "NOT sent" in result.output
        assert sendmail.got() is None
        result = invoke(["--timeout", "0.3", "--fail-open", "--", sendmail.path, *ARGV], CLEAN)
        assert result.exit_code == 0 and sendmail.got() == CLEAN
    finally:
        release.set()


def test_timeout_zero_waits_for_the_check(sendmail, in_tmp):
    result = invoke(["--timeout", "0", "--", sendmail.path, *ARGV], CLEAN)
    assert result.exit_code == 0, result.output
    assert sendmail.got() == CLEAN


def test_a_timed_out_check_ends_the_process_without_waiting_for_it(sendmail, env, tmp_path):
    """The abandoned check thread must not keep a real wrapper process alive (spaCy's start-up
    alone takes far longer than 50 ms, so this check always times out)."""
    done = wrap(sendmail, CLEAN, "--timeout", "0.05", env=env, cwd=tmp_path)
    assert done.returncode == 2 and sendmail.got() is None
    assert "took longer than 0.05 s" in done.stderr.decode()
    done = wrap(sendmail, CLEAN_CRLF_8BIT, "--timeout", "0.05", "--fail-open", env=env, cwd=tmp_path)
    assert done.returncode == 0 and sendmail.got() == CLEAN_CRLF_8BIT


def test_the_wrapper_acts_on_the_servers_verdict(sendmail, monkeypatch, in_tmp):
    """The server decides at the wrapper's fail-on; the wrapper does not compare severities."""
    from replylint.server import client

    asked = []

    def answer(url, data, path, token=None, fail_on=None, **kwargs):
        asked.append(fail_on)
        return {"version": 1, "tool": {"name": "replylint", "version": "x"}, "files": [path], "errors": [],
                "findings": [], "summary": {},
                "verdict": {"blocked": True, "fail_on": fail_on, "blocking": [], "reason": "held by policy"}}

    monkeypatch.setattr(client, "lint", answer)
    result = invoke(["--fail-on", "error", "--server", "http://127.0.0.1:9", "--", sendmail.path], CLEAN)
    assert asked == ["error"]
    assert result.exit_code == 1 and "message NOT sent: held by policy" in result.output
    assert sendmail.got() is None
