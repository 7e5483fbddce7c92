"""replylint never touches the network: `check` over examples/ with every rule, and lint()
end to end, in a process whose sockets refuse to connect and whose DNS refuses to resolve.

The denials are recorded as well as raised, so a caller that swallows the OSError (a library
retrying, or falling back quietly) is still caught. NLTK must not even be imported: textstat
imports it lazily for syllables, and it would look for data (and offer to download it).
"""
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PRELUDE = textwrap.dedent(
    """
    import json, socket, sys

    DENIED = []

    def deny(name):
        def refuse(*args, **kwargs):
            DENIED.append(f"{name}{args[1:2] if name.startswith('socket.') else args[:1]}")
            raise OSError(f"network access attempted: {name}")
        return refuse

    socket.socket.connect = deny("socket.connect")
    socket.socket.connect_ex = deny("socket.connect_ex")
    socket.socket.sendto = deny("socket.sendto")
    socket.create_connection = deny("create_connection")
    socket.getaddrinfo = deny("getaddrinfo")
    socket.gethostbyname = deny("gethostbyname")
    """
)

SCRIPT = PRELUDE + textwrap.dedent(
    """
    import contextlib, io

    from replylint.cli import main

    out = io.StringIO()
    sys.argv = ["replylint", "check", "--no-cache", "--jobs", "1", "--select", "ALL", "--format", "json", "examples/"]
    with contextlib.redirect_stdout(out):
        try:
            main()
        except SystemExit as exc:
            code = exc.code
    report = json.loads(out.getvalue())

    import replylint

    hard = (
        "Hi Ann,\\n\\nNotwithstanding the aforementioned considerations, reimbursement eligibility "
        "determinations necessitate comprehensive documentation verification procedures, and "
        "consequently the organisation's administrative infrastructure necessitates additional "
        "institutional authorisation before reimbursement can be processed appropriately.\\n\\nBest,\\nSam\\n"
    )
    customer = "My parcel arrived smashed and the lamp inside is broken. Can I get a refund?"
    findings = replylint.lint(hard, customer=customer, config={"select": ["ALL"]})

    print(json.dumps({
        "exit": code,
        "errors": report["errors"],
        "files": len(report["files"]),
        "codes": sorted({f["code"] for f in report["findings"]}),
        "api_codes": sorted({f.code for f in findings}),
        "denied": DENIED,
        "nltk": sorted(m for m in sys.modules if m == "nltk" or m.startswith("nltk.")),
    }))
    """
)


def test_check_and_lint_offline(tmp_path):
    nltk_data = tmp_path / "nltk_data"
    nltk_data.mkdir()
    env = dict(os.environ, NLTK_DATA=str(nltk_data), HOME=str(tmp_path), PYTHONWARNINGS="ignore")
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        env[proxy] = "http://192.0.2.1:9"  # a client that tried would have to connect: it is refused
    proc = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["denied"] == [], result["denied"]
    assert result["nltk"] == [], "nltk was imported"
    assert result["exit"] in (0, 1), proc.stderr
    assert result["errors"] == []
    assert result["files"] >= 3 and "RL101" in result["codes"]
    assert "RL501" in result["api_codes"]  # readability (textstat) ran
    assert "RL201" in result["api_codes"]  # a context rule read the customer's message
    assert not any(nltk_data.iterdir()), "something was downloaded"


def test_the_prelude_does_deny(tmp_path):
    """Guard: the prelude really refuses (and records) a connection attempt."""
    script = PRELUDE + textwrap.dedent(
        """
        import urllib.request
        try:
            urllib.request.urlopen("http://example.com", timeout=5)
        except Exception:
            pass
        print(json.dumps(DENIED))
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) != []
