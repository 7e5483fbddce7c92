"""Bad input through the CLI: one clear line per bad file, exit 2, every other file still linted.

Each case runs `check` on the bad file next to a good draft, so a bad file can never hide
the findings of the others, and asserts the error names the file and the reason.
"""
import json
import os
import resource
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from replylint.cli import main

GOOD = "Hi Ann,\n\nThank you for reaching out. Rest assured your order ships today.\n\nBest,\nSam\n"
FORMATS = ("text", "json", "sarif", "github", "junit")


def cli(args, input=None):
    return CliRunner().invoke(main, args, input=input)


def eml(headers: str, body: bytes) -> bytes:
    return headers.replace("\n", "\r\n").encode() + b"\r\n" + body


@pytest.fixture
def good(in_tmp):
    (in_tmp / "good.txt").write_text(GOOD)
    return in_tmp


def assert_one_bad_file(result, name: str, reason: str):
    """Exit 2, the bad file in the errors with its reason, good.txt's findings still there."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    data = json.loads(result.stdout)
    assert [e["path"] for e in data["errors"]] == [name]
    assert reason in data["errors"][0]["reason"]
    assert {f["path"] for f in data["findings"]} == {"good.txt"}
    assert {"RL101"} <= {f["code"] for f in data["findings"]}
    lines = [line for line in result.stderr.splitlines() if line.startswith("replylint: error:")]
    assert lines == [f"replylint: error: {name}: {data['errors'][0]['reason']}"]


MIME_HEADERS = "From: Sam <sam@shop.example>\nTo: Ann <ann@example.com>\nSubject: Re: order\nMIME-Version: 1.0\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"

CASES = {
    "empty": ("empty.txt", b"", "file is empty"),
    "whitespace-only": ("blank.md", b"  \n\t\r\n   \n\n", "file is empty"),
    "whitespace-only html": ("blank.html", b"<html><body><p> </p><div>\n</div></body></html>", "the HTML has no text"),
    "nul bytes": ("nul.txt", b"Hi Ann,\x00\x00\x01 thanks\n", "binary file (contains NUL bytes)"),
    "png": ("logo.png", PNG, "binary file (not text, HTML or email)"),
    "png named .txt": ("reply.txt", PNG, "binary file"),
    "pdf named .eml": ("reply.eml", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "binary file"),
    "malformed mime": (
        "broken.eml",
        eml(MIME_HEADERS + 'Content-Type: multipart/mixed; boundary="AAA"\n', b"--BBB\r\nContent-Type: text/plain\r\n\r\nHi\r\n"),
        "malformed MIME",
    ),
    "only attachments": (
        "invoice.eml",
        eml(
            MIME_HEADERS + 'Content-Type: multipart/mixed; boundary="XX"\n',
            b"--XX\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"invoice.pdf\"\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n"
            b"--XX\r\nContent-Type: image/png; name=\"x.png\"\r\nContent-Disposition: attachment; filename=\"x.png\"\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--XX--\r\n",
        ),
        "only attachments: invoice.pdf, x.png",
    ),
    "empty text part": (
        "nothing.eml",
        eml(MIME_HEADERS + "Content-Type: text/plain; charset=utf-8\n", b"\r\n  \r\n"),
        "the message has no text",
    ),
}


@pytest.mark.parametrize("name, data, reason", CASES.values(), ids=list(CASES))
def test_bad_file_is_one_error_and_the_rest_is_linted(good, name, data, reason):
    (good / name).write_bytes(data)
    assert_one_bad_file(cli(["check", "--format", "json", name, "good.txt"]), name, reason)


def test_errors_in_every_format(good):
    """The bad files are on stderr in every format, and in the machine-readable reports."""
    (good / "empty.txt").write_bytes(b"")
    (good / "nul.txt").write_bytes(b"\x00\x01\x02")
    for fmt in FORMATS:
        result = cli(["check", "--format", fmt, "empty.txt", "good.txt", "nul.txt"])
        assert result.exit_code == 2, (fmt, result.output)
        assert "Traceback" not in result.output
        out, err = result.stdout, result.stderr
        assert "replylint: error: empty.txt: file is empty" in err.splitlines()
        if fmt == "text":
            assert "replylint: error: nul.txt: binary file (contains NUL bytes)" in err.splitlines()
            assert "error:" not in out  # stdout is the report: findings and the summary
            assert "good.txt:3:1: RL101" in out
            assert "2 could not be read" in out
            continue
        assert "replylint: error: nul.txt: binary file (contains NUL bytes)" in err.splitlines()
        if fmt == "json":
            data = json.loads(out)
            assert data["errors"] == [
                {"path": "empty.txt", "reason": "file is empty"},
                {"path": "nul.txt", "reason": "binary file (contains NUL bytes)"},
            ]
            assert any(f["path"] == "good.txt" for f in data["findings"])
        elif fmt == "sarif":
            run = json.loads(out)["runs"][0]
            notes = run["invocations"][0]["toolExecutionNotifications"]
            assert [n["message"]["text"] for n in notes] == ["empty.txt: file is empty", "nul.txt: binary file (contains NUL bytes)"]
            assert all(n["level"] == "error" for n in notes)
            assert run["invocations"][0]["executionSuccessful"] is False
            assert any(r["ruleId"] == "RL101" for r in run["results"])
        elif fmt == "github":
            assert "::error file=empty.txt::file is empty" in out
            assert "file=good.txt" in out
        elif fmt == "junit":
            root = ET.fromstring(out)
            errors = [(c.get("name"), e.get("message")) for c in root.iter("testcase") for e in c.iter("error")]
            assert errors == [("empty.txt", "file is empty"), ("nul.txt", "binary file (contains NUL bytes)")]
            assert any(c.get("name") == "good.txt" and c.find("failure") is not None for c in root.iter("testcase"))


# -- encodings: never a crash; declared charsets used; otherwise replacement and a note ----------

def test_invalid_utf8_is_replaced_with_a_note(good):
    (good / "bad8.txt").write_bytes(b"Hi Ann,\n\nThank you for reaching out \xff\xfe caf\xe9.\n\nBest,\nSam\n")
    result = cli(["check", "--format", "json", "bad8.txt", "good.txt"])
    assert result.exit_code == 1, result.output  # findings, but no error: the file was linted
    data = json.loads(result.stdout)
    assert data["errors"] == []
    assert {f["path"] for f in data["findings"]} == {"bad8.txt", "good.txt"}
    assert "replylint: note: bad8.txt: invalid UTF-8 replaced at line 3, column 28 and 2 more places" in result.stderr


def test_declared_charset_is_used(good):
    body = "Hi José,\n\nThank you for reaching out – the café order ships today.\n\nBest,\nSam\n"
    message = eml(MIME_HEADERS + "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n",
                  body.encode("cp1252").replace(b"\n", b"\r\n"))
    (good / "latin.eml").write_bytes(message)
    html = '<html><head><meta charset="koi8-r"></head><body><p>Здравствуйте, Анна!</p><p>Thank you for reaching out.</p></body></html>'
    (good / "koi.html").write_bytes(html.encode("koi8-r"))
    result = cli(["check", "--select", "RL101", "latin.eml", "koi.html", "good.txt"])
    assert result.exit_code == 1, result.output
    assert "Thank you for reaching out – the café order ships today." in result.stdout
    assert "Здравствуйте, Анна!" in result.stdout and "\ufffd" not in result.stdout
    assert "koi.html:1:" in result.stdout
    assert "note:" not in result.stderr


def test_mixed_encodings_in_one_message(good):
    """A message that says UTF-8 but carries Latin-1 bytes too: replaced, noted, linted."""
    body = "Hi Ann,\r\n\r\nThank you for reaching out, Zoë.\r\n".encode() + b"Caf\xe9 order ships today.\r\n"
    (good / "mixed.eml").write_bytes(eml(MIME_HEADERS + "Content-Type: text/plain; charset=utf-8\n", body))
    result = cli(["check", "--format", "json", "--select", "RL101", "mixed.eml", "good.txt"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert {f["path"] for f in data["findings"]} == {"mixed.eml", "good.txt"}
    assert "replylint: note: mixed.eml: text is not valid utf-8" in result.stderr


@pytest.mark.parametrize("charset", ["x-made-up", "base64", "idna", "punycode", "undefined", "utf-32", "unicode_escape"])
def test_charsets_python_cannot_use_are_not_a_crash(good, charset):
    """Regression: 'base64', 'idna', 'punycode' and 'undefined' are Python codecs that raise
    instead of decoding (readers.eml._codec, readers.eml._locate, readers.html.decode_html)."""
    body = b"Hi Ann,\r\n\r\nThank you for reaching out. Caf\xe9 \\N{x \\u12.\r\n"
    (good / "odd.eml").write_bytes(eml(MIME_HEADERS + f"Content-Type: text/plain; charset={charset}\n", body))
    (good / "odd.html").write_bytes(
        f'<html><head><meta charset="{charset}"></head><body><p>Thank you for reaching out. Caf\xe9</p></body></html>'.encode("latin-1")
    )
    result = cli(["check", "--format", "json", "--select", "RL101", "odd.eml", "odd.html", "good.txt"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["errors"] == []
    assert {f["path"] for f in data["findings"]} == {"odd.eml", "odd.html", "good.txt"}


def test_utf16_with_bom_is_text(good):
    (good / "wide.txt").write_bytes("Hi Ann,\n\nThank you for reaching out.\n".encode("utf-16"))
    result = cli(["check", "--format", "json", "--select", "RL101", "wide.txt"])
    assert result.exit_code == 1, result.output
    assert [f["line"] for f in json.loads(result.stdout)["findings"]] == [3]


# -- size: the documented, configurable limit; below it, bounded time and memory -------------

def test_five_megabyte_draft_hits_max_file_size(good):
    para = b"Your order shipped today and it will reach you on Friday morning.\n"
    (good / "huge.txt").write_bytes(b"Hi Ann,\n\n" + para * (5 * 1024 * 1024 // len(para) + 1))
    result = cli(["check", "--format", "json", "huge.txt", "good.txt"])
    assert_one_bad_file(result, "huge.txt", "file is larger than the 5 MB limit (max-file-size)")


def test_max_file_size_is_configurable(good):
    (good / "replylint.toml").write_text("max-file-size = 2000\n")
    (good / "long.txt").write_text(GOOD * 40)
    result = cli(["check", "--format", "json", "long.txt", "good.txt"])
    assert_one_bad_file(result, "long.txt", "file is larger than the 2 kB limit (max-file-size)")


def test_stdin_over_the_limit(good):
    (good / "replylint.toml").write_text("max-file-size = 100\n")
    result = cli(["check", "--format", "json", "--stdin-filename", "draft.txt", "-"], input=GOOD * 3)
    assert result.exit_code == 2
    assert json.loads(result.stdout)["errors"] == [{"path": "draft.txt", "reason": "file is larger than the 100 bytes limit (max-file-size)"}]


def test_text_longer_than_the_limit_through_the_api():
    """Regression: spaCy's own 1M-character limit used to surface as an internal ValueError."""
    from replylint import Linter
    from replylint.config import Config
    from replylint.errors import InputError

    linter = Linter(Config(select=["RL101"], max_file_size=1000))
    with pytest.raises(InputError, match="longer than 1,000 characters"):
        linter.lint("word " * 300)
    with pytest.raises(InputError, match="customer message is longer"):
        linter.lint("Thanks.", customer="word " * 300)


def test_one_megabyte_single_line_through_the_installed_script(tmp_path):
    """A 1 MB line (beyond spaCy's default max_length) is linted, in bounded time and memory,
    and the text report shows a window of the line, not a megabyte per finding."""
    exe = shutil.which("replylint")
    assert exe, "the replylint script is not installed"
    line = ("Thank you for reaching out, your order ships today. " * 20000)[:1_000_000]
    (tmp_path / "line.txt").write_text(line)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "good.txt").write_text(GOOD)
    started = time.monotonic()
    proc = subprocess.run(
        [exe, "check", "--select", "RL101,RL5", "line.txt", "empty.txt", "good.txt"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    elapsed = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "line.txt:1:1: RL101" in proc.stdout
    assert "good.txt:3:1: RL101" in proc.stdout
    assert "replylint: error: empty.txt: file is empty" in proc.stderr
    assert max(len(row) for row in proc.stdout.splitlines()) < 2000
    assert elapsed < 240 and peak_mb < 1500, (elapsed, peak_mb)


# -- structure ------------------------------------------------------------------------------

def test_thousands_of_paragraphs_lint_in_linear_time(good):
    """Regression: RL501/RL502 scanned every sentence for every paragraph and re-joined the
    whole Doc.text per paragraph (checks/hard_to_read.prose_sentences): 96 kB took ~45 s."""
    para = "Your order shipped today. It will arrive soon.\n\n"
    (good / "many.md").write_text("Hi Ann,\n\n" + para * 4000)
    started = time.monotonic()
    result = cli(["check", "--format", "json", "--select", "RL5", "many.md", "good.txt"])
    assert time.monotonic() - started < 30
    assert result.exit_code in (0, 1), result.output
    assert json.loads(result.stdout)["errors"] == []


def test_deeply_nested_html(good):
    deep = b"<html><body>" + b"<div><span>" * 30000 + b"Thank you for reaching out." + b"</span></div>" * 30000
    quotes = b"<p>Thank you for reaching out.</p>" + b"<blockquote>" * 5000 + b"Where is it?" + b"</blockquote>" * 5000
    unclosed = b"<p>Thank you for reaching out.</p>" + b"<ul><li><table><tr><td><b><i>" * 5000 + b"deep"
    for name, data in (("deep.html", deep), ("quotes.html", quotes), ("unclosed.html", unclosed)):
        (good / name).write_bytes(data)
    started = time.monotonic()
    result = cli(["check", "--format", "json", "--select", "RL101", "deep.html", "quotes.html", "unclosed.html", "good.txt"])
    assert time.monotonic() - started < 60
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["errors"] == []
    assert {f["path"] for f in data["findings"]} == {"deep.html", "quotes.html", "unclosed.html", "good.txt"}


def test_deeply_nested_mime(good):
    """message/rfc822 inside multipart inside ... : no recursion error, the text is found."""
    inner = b"Content-Type: text/plain\r\n\r\nThank you for reaching out.\r\n"
    for depth in range(60):
        boundary = f"b{depth}".encode()
        inner = (b"Content-Type: multipart/mixed; boundary=\"" + boundary + b"\"\r\n\r\n--" + boundary + b"\r\n"
                 + inner + b"\r\n--" + boundary + b"--\r\n")
    (good / "deep.eml").write_bytes(MIME_HEADERS.replace("\n", "\r\n").encode() + inner)
    result = cli(["check", "--format", "json", "--select", "RL101", "deep.eml", "good.txt"])
    assert "Traceback" not in result.output
    data = json.loads(result.stdout)
    assert {f["path"] for f in data["findings"]} | {e["path"] for e in data["errors"]} == {"deep.eml", "good.txt"}


# -- template exports (JSON / YAML) ----------------------------------------------------------

MACRO = '{"macros": [{"title": "Late", "actions": [{"field": "comment_value", "value": "Thank you for reaching out."}]}]}'
TEMPLATE_CASES = {
    "json syntax": ("macros.json", MACRO[:-3].encode(), "invalid JSON at line 1, column"),
    "yaml syntax": ("replies.yaml", b"replies:\n  - title: Late\n    body: |\n      Hi\n   bad: [\n", "invalid YAML at line 5, column 4"),
    "yaml tab indent": ("tabs.yaml", b"replies:\n\t- title: x\n", "invalid YAML"),
    "json not utf-8": ("latin.json", '{"macros": [{"title": "Café", "actions": [}'.encode("latin-1"), "invalid JSON"),
    "json nested too deeply": ("deep.json", b'{"macros": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nested too deeply"),
    # Regression: RecursionError (readers.yaml_source.loads, readers.templates.read).
    "yaml nested too deeply": ("deep.yaml", b"replies: " + b"[" * 2000 + b"]" * 2000, "nested too deeply"),
    "yaml macros nested deeply": (
        "deep_macros.yaml", b"".join(b"  " * i + b"macros:\n" for i in range(600)) + b"  " * 600 + b"x", "nested too deeply",
    ),
    "empty templates": ("blank.json", b'{"macros": [{"title": "x", "actions": [{"field": "comment_value", "value": "  "}]}]}',
                        "every template in the file is empty"),
}


@pytest.mark.parametrize("name, data, reason", TEMPLATE_CASES.values(), ids=list(TEMPLATE_CASES))
def test_malformed_template_export(good, name, data, reason):
    (good / name).write_bytes(data)
    assert_one_bad_file(cli(["check", "--format", "json", name, "good.txt"]), name, reason)


def test_json_of_the_wrong_shape_is_skipped_with_a_note(good):
    (good / "odd.json").write_text('{"macros": [{"title": 5, "actions": "nope"}, 3, null]}')
    (good / "macros.json").write_text(MACRO)
    result = cli(["check", "--format", "json", "--select", "RL101", "odd.json", "macros.json", "good.txt"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["errors"] == [] and "odd.json" not in data["files"]
    assert {f["path"] for f in data["findings"]} == {"macros.json", "good.txt"}
    assert "replylint: note: odd.json: skipped: not a template export" in result.stderr


def test_a_broken_json_file_in_a_walk_is_not_our_business(good):
    (good / "tsconfig.json").write_text('{"compilerOptions": {,}')
    result = cli(["check", "--format", "json", "."])
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["errors"] == []


# -- configuration --------------------------------------------------------------------------

def test_config_with_wrong_types_costs_only_its_files(good):
    sub = good / "team"
    sub.mkdir()
    (sub / "replylint.toml").write_text('select = 3\nmax-file-size = "big"\n')
    (sub / "reply.txt").write_text(GOOD)
    result = cli(["check", "--format", "json", "team/reply.txt", "good.txt"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    data = json.loads(result.stdout)
    [error] = data["errors"]
    assert error["path"] == "team/reply.txt"
    assert "replylint.toml" in error["reason"] and "`select` must be a list of strings, not 3" in error["reason"]
    assert {f["path"] for f in data["findings"]} == {"good.txt"}


@pytest.mark.parametrize("body, reason", [
    ('fail-on = 3\n', "`fail-on` must be a string, not 3"),
    ('max-file-size = -5\n', "`max-file-size` must be a positive integer"),
    ('[rules]\nstock-phrase = "off"\n', "`rules` must be a table of tables"),
    ('[rules.stock-phrase]\nskip = "Rest assured"\n', "option 'skip' of rule RL101 must be a list of strings"),
    ('select = [\n', "invalid TOML"),
])
def test_root_config_with_wrong_types_is_one_line(good, body, reason):
    (good / "replylint.toml").write_text(body)
    for fmt in FORMATS:
        result = cli(["check", "--format", fmt, "good.txt"])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert result.stdout == ""
        [line] = result.stderr.strip().splitlines()
        assert line.startswith("replylint: error: ") and "replylint.toml" in line and reason in line, line


def test_binary_config_file(good):
    (good / "replylint.toml").write_bytes(PNG)
    result = cli(["check", "good.txt"])
    assert result.exit_code == 2 and "invalid TOML" in result.stderr and "Traceback" not in result.output


# -- stdin, internal errors and --debug -----------------------------------------------------

def test_binary_on_stdin_names_stdin(good):
    result = CliRunner().invoke(main, ["check", "--format", "json", "-"], input=PNG)
    assert result.exit_code == 2
    assert json.loads(result.stdout)["errors"] == [{"path": "-", "reason": "binary file (not text, HTML or email)"}]


def test_internal_error_is_one_line_unless_debug(good, monkeypatch):
    from replylint.readers import plain

    real = plain.read

    def flaky(data, path, **kw):
        if path.endswith("boom.txt"):
            raise RuntimeError("reader exploded")
        return real(data, path, **kw)

    monkeypatch.setattr(plain, "read", flaky)
    (good / "boom.txt").write_text(GOOD)
    result = cli(["check", "--format", "json", "boom.txt", "good.txt"])
    assert_one_bad_file(result, "boom.txt", "internal error: RuntimeError: reader exploded (run with --debug")
    debug = cli(["check", "--debug", "boom.txt", "good.txt"])
    assert isinstance(debug.exception, RuntimeError)  # --debug lets the traceback through


def test_installed_script_on_a_folder_of_bad_files(tmp_path):
    """The real process: one line per bad file on stderr, exit 2, the good file reported."""
    exe = shutil.which("replylint")
    assert exe, "the replylint script is not installed"
    for name, data, _ in CASES.values():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(GOOD)
    names = [name for name, _, _ in CASES.values()] + ["good.txt"]
    proc = subprocess.run([exe, "check", "--format", "json", *names], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, env=dict(os.environ, PYTHONWARNINGS="ignore"))
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert sorted(e["path"] for e in data["errors"]) == sorted(names[:-1])
    for name, _, reason in CASES.values():
        assert f"replylint: error: {name}: " in proc.stderr
        assert any(e["path"] == name and reason in e["reason"] for e in data["errors"]), name
    assert {f["path"] for f in data["findings"]} == {"good.txt"}


# -- no data loss: `check` reads, never writes, what it lints --------------------------------

def snapshot(root, skip=(".replylint_cache",)):
    """Bytes, mtime and mode of every file under root, and every directory's name."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_mode) if p.is_file() else "dir"
        for p in sorted(root.rglob("*"))
        if not set(skip) & set(p.parts)
    }


def test_check_never_modifies_the_files_it_lints(good):
    for name, data, _ in CASES.values():
        (good / name).write_bytes(data)
    (good / "bad8.txt").write_bytes(b"Hi Ann,\r\n\r\nThank you for reaching out \xff.\r\n")
    (good / "reply.html").write_text("<p>Hi Ann,</p><p>Thank you for reaching out.</p>")
    (good / "sub").mkdir()
    (good / "sub" / "draft.md").write_text("Hi Ann,\n\n<!-- replylint: disable=RL101 -->\nRest assured.\n")
    past = time.time() - 3600  # an old mtime: a rewrite in the same clock tick would still show
    for path in good.rglob("*"):
        os.utime(path, (past, past))
    before = snapshot(good)
    for fmt in FORMATS:
        for extra in ([], ["--no-cache"], ["--statistics", "--output-file", str(good.parent / f"report.{fmt}")]):
            result = cli(["check", "--format", fmt, *extra, "."])
            assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert snapshot(good) == before


def test_output_file_naming_an_input_is_refused(good):
    before = (good / "good.txt").read_bytes()
    for option in ("--output-file", "--write-baseline"):
        result = cli(["check", option, "good.txt", "good.txt"])
        assert result.exit_code == 2
        assert result.stderr.strip() == f"replylint: error: {option} good.txt is one of the files being linted; it would be overwritten"
        assert (good / "good.txt").read_bytes() == before


def test_check_leaves_the_examples_untouched():
    root = Path(__file__).resolve().parents[1] / "examples"
    before = snapshot(root, skip=())  # a cache written into examples/ would show too
    exe = shutil.which("replylint")
    assert exe, "the replylint script is not installed"
    for args in (["--no-cache"], [], ["--format", "sarif", "--jobs", "2"]):
        proc = subprocess.run([exe, "check", *args, "examples/"], cwd=root.parent, capture_output=True, text=True, timeout=300)
        assert proc.returncode in (0, 1), proc.stderr
    assert snapshot(root, skip=()) == before


def test_a_file_that_takes_too_long_is_one_error_and_the_rest_is_linted(good, monkeypatch):
    """`lint-timeout`: one pathological file must not stall a CI run."""
    from replylint import engine

    lint_document = engine.Linter.lint_document

    def slow_for_one_file(self, document):
        if document.path.endswith("slow.txt"):
            time.sleep(5)  # interrupted by the limit long before this ends
        return lint_document(self, document)

    monkeypatch.setattr(engine.Linter, "lint_document", slow_for_one_file)
    (good / "slow.txt").write_text(GOOD)
    (good / "replylint.toml").write_text("lint-timeout = 0.3\n")
    started = time.monotonic()
    result = cli(["check", "--no-cache", "--jobs", "1", "--format", "json", "slow.txt", "good.txt"])
    assert time.monotonic() - started < 4
    assert_one_bad_file(result, "slow.txt", "linting took longer than 0.3 s (the `lint-timeout` setting)")


def test_lint_timeout_must_be_a_number_of_seconds(good):
    (good / "replylint.toml").write_text('lint-timeout = "soon"\n')
    result = cli(["check", "good.txt"])
    assert result.exit_code == 2 and "`lint-timeout` must be a number of seconds" in result.output


@pytest.mark.parametrize("loader", ["SafeLoader", "CSafeLoader"])
def test_yaml_nesting_error_is_ours_whichever_pyyaml(monkeypatch, loader):
    """PyYAML 6.0.4's scanner stops at 1,000 levels in its own words, the pure-Python
    composer at the recursion limit: replylint's own limit comes first, in the same words."""
    import yaml

    from replylint.readers import yaml_source

    if not hasattr(yaml, loader):
        pytest.skip(f"this PyYAML has no {loader}")
    monkeypatch.setattr(yaml, "CSafeLoader", getattr(yaml, loader), raising=False)
    for text, where in (("replies: " + "[" * 2000 + "]" * 2000, "line 1, column 209"),
                        ("replies: " + "[" * 300 + "]" * 300, "line 1, column 209"),
                        ("".join("  " * i + "macros:\n" for i in range(600)) + "  " * 600 + "x", "line 201, column 401")):
        with pytest.raises(yaml_source.YAMLSyntaxError) as caught:
            yaml_source.loads(text)
        assert str(caught.value) == f"invalid YAML at {where}: nested too deeply (more than 200 levels)"
