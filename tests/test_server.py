"""`replylint serve`: real HTTP requests to the app on a free loopback port."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")
pytest.importorskip("starlette")

from replylint.config import Config  # noqa: E402
from replylint.server.app import Settings  # noqa: E402
from serving import call, running_server  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
ORIGIN = "https://help.example.com"
TOKEN = "s3cret-token"

PLACEHOLDER = "Hi {{first_name}},\n\nYour refund of $20 went out today and reaches your card within three days.\n\nBest,\nSam\n"
STOCK = "Hello,\n\nWe apologize for any inconvenience this may have caused.\n\nRegards,\nSupport\n"
CLEAN = (
    "Hi Priya,\n\nI'm sorry you were charged twice for the March invoice. I've refunded the duplicate "
    "charge of $49 today, and you'll see it on your card within three business days.\n\nBest,\nMarco\n"
)
QUESTION = "Can you tell me where my order is? And can I get the shipping fee refunded?"
VAGUE = "Hi Dana,\n\nThanks for writing in. Your order is on its way.\n\nBest,\nSam\n"


@pytest.fixture(scope="module")
def port():
    settings = Settings(config=Config(), cors_origins=[ORIGIN], max_body=100_000, timeout=30)
    with running_server(settings) as port:
        yield port


def lint(port, body, headers=None):
    status, _, data = call(port, "POST", "/v1/lint", body, headers)
    return status, json.loads(data)


def codes(result):
    return [f["code"] for f in result["findings"]]


def test_lint_returns_the_cli_json(port, tmp_path):
    status, result = lint(port, {"reply": STOCK})
    assert status == 200
    cli = subprocess.run([sys.executable, "-m", "replylint", "check", "-", "--format", "json"],
                         input=STOCK.encode(), capture_output=True, cwd=tmp_path, timeout=120)
    verdict = result.pop("verdict")  # the server's answer adds whether a hook should block
    assert json.loads(cli.stdout) == result
    assert result["files"] == ["-"] and "RL101" in codes(result)
    assert verdict["blocked"] and verdict["fail_on"] == "warning"


def test_lint_output_matches_the_json_schema(port):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((REPO / "docs" / "json-schema.json").read_text())
    _, result = lint(port, {"reply": PLACEHOLDER, "path": "replies/refund.txt"})
    jsonschema.validate(result, schema)
    assert result["files"] == ["replies/refund.txt"]
    assert {f["path"] for f in result["findings"]} == {"replies/refund.txt"}


def test_customer_message_is_the_context(port):
    _, without = lint(port, {"reply": VAGUE})
    _, with_customer = lint(port, {"reply": VAGUE, "customer": QUESTION})
    assert "RL301" not in codes(without)  # the unanswered-question rule needs the customer's words
    assert "RL301" in codes(with_customer)


def test_select_ignore_and_config(port):
    _, selected = lint(port, {"reply": STOCK + "\n" + PLACEHOLDER, "select": ["RL601"]})
    assert set(codes(selected)) == {"RL601"}
    _, ignored = lint(port, {"reply": PLACEHOLDER, "ignore": ["RL601"]})
    assert "RL601" not in codes(ignored)
    _, severity = lint(port, {"reply": PLACEHOLDER, "config": {"severity": {"RL601": "info"}}})
    assert [f["severity"] for f in severity["findings"] if f["code"] == "RL601"] == ["info"]


def test_template_allows_placeholders(port):
    _, result = lint(port, {"reply": PLACEHOLDER, "is_template": True})
    assert "RL601" not in codes(result)


def test_unreadable_reply_is_an_error_in_the_json(port):
    status, result = lint(port, {"reply": "   "})
    assert status == 200
    assert result["errors"] == [{"path": "-", "reason": "file is empty"}]


def test_raw_bytes_travel_as_escaped_surrogates(port):
    message = b"Subject: Re: order\nFrom: a@example.com\nTo: b@example.org\n" \
              b"Content-Type: text/plain; charset=iso-8859-1\n\nHi Ren\xe9e, {{order_id}} is on its way.\n"
    status, result = lint(port, {"reply": message.decode("utf-8", "surrogateescape"), "path": "m.eml"})
    assert status == 200 and result["errors"] == []
    assert [f["evidence"]["reply"] for f in result["findings"] if f["code"] == "RL601"] == ["{{order_id}}"]
    status, result = lint(port, {"reply": "\ud800 not an escaped byte"})
    assert status == 400 and "surrogate" in result["error"]


def test_healthz(port):
    status, _, data = call(port, "GET", "/healthz")
    assert status == 200 and json.loads(data)["status"] == "ok"


def test_openapi_describes_the_api_and_its_answers(port):
    status, _, data = call(port, "GET", "/openapi.json")
    document = json.loads(data)
    assert status == 200 and document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {"/v1/lint", "/healthz", "/openapi.json"}
    jsonschema = pytest.importorskip("jsonschema")
    components = {"components": document["components"]}
    results = jsonschema.Draft202012Validator({"$ref": "#/components/schemas/Results", **components})
    results.validate(lint(port, {"reply": STOCK})[1])
    requests = jsonschema.Draft202012Validator({"$ref": "#/components/schemas/LintRequest", **components})
    requests.validate({"reply": "x", "customer": None, "config": {"fail-on": "error"}, "is_template": False})
    assert not requests.is_valid({"reply": 5})


@pytest.mark.parametrize("body, words", [
    (b"{not json", "not valid JSON"),
    (b"[1, 2]", "must be a JSON object"),
    (b"\xff\xfe{}", "not UTF-8"),
    (b"{}", "missing field `reply`"),
])
def test_malformed_body_is_400(port, body, words):
    status, _, data = call(port, "POST", "/v1/lint", body, {"Content-Type": "application/json"})
    assert status == 400 and words in json.loads(data)["error"]


@pytest.mark.parametrize("body, field", [
    ({"reply": 5}, "`reply`"),
    ({"reply": "x", "customer": 3}, "`customer`"),
    ({"reply": "x", "select": "RL601"}, "`select`"),
    ({"reply": "x", "ignore": [1]}, "`ignore`"),
    ({"reply": "x", "config": []}, "`config`"),
    ({"reply": "x", "is_template": "yes"}, "`is_template`"),
    ({"reply": "x", "path": ""}, "`path`"),
    ({"reply": "x", "replyy": "x"}, "replyy"),
])
def test_wrong_field_types_are_400(port, body, field):
    status, result = lint(port, body)
    assert status == 400 and field in result["error"]


@pytest.mark.parametrize("config, key", [
    ({"fail-on": "sometimes"}, "fail-on"),
    ({"select": 5}, "select"),
    ({"no-such-key": 1}, "no-such-key"),
    ({"rules": {"RL999": {}}}, "RL999"),
    ({"rule-paths": ["/etc"]}, "rule-paths"),
    ({"model": "en_core_web_sm"}, "model"),
])
def test_config_errors_are_400_naming_the_key(port, config, key):
    status, result = lint(port, {"reply": STOCK, "config": config})
    assert status == 400 and key in result["error"]


def test_body_must_be_json(port):
    status, _, data = call(port, "POST", "/v1/lint", b"reply=hi", {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 415


def test_oversize_body_is_413(port):
    status, result = lint(port, {"reply": "x" * 150_000})
    assert status == 413 and "--max-body" in result["error"]


def test_oversize_chunked_body_is_413(port):
    chunks = (b"x" * 10_000 for _ in range(20))  # no Content-Length: counted as it arrives
    status, _, data = call(port, "POST", "/v1/lint", chunks, {"Content-Type": "application/json"})
    assert status == 413


def test_concurrent_requests_get_their_own_results(port):
    cases = [
        {"reply": STOCK}, {"reply": PLACEHOLDER}, {"reply": CLEAN}, {"reply": VAGUE, "customer": QUESTION},
        {"reply": PLACEHOLDER, "ignore": ["RL601"]}, {"reply": STOCK, "select": ["RL601"]},
        {"reply": PLACEHOLDER, "config": {"severity": {"RL601": "info"}}}, {"reply": STOCK, "path": "eight.txt"},
    ]
    expected = [lint(port, case)[1] for case in cases]  # one at a time first
    start = threading.Barrier(len(cases), timeout=30)

    def send(case):
        start.wait()
        return [lint(port, case)[1] for _ in range(3)]

    with ThreadPoolExecutor(len(cases)) as pool:
        answers = list(pool.map(send, cases, timeout=120))
    for want, got in zip(expected, answers):
        assert got == [want] * 3


def test_token_is_required_and_accepted():
    settings = Settings(config=Config(), token=TOKEN)
    with running_server(settings) as port:
        status, result = lint(port, {"reply": CLEAN})
        assert status == 401 and "bearer" in result["error"]
        assert lint(port, {"reply": CLEAN}, {"Authorization": "Bearer wrong"})[0] == 401
        status, result = lint(port, {"reply": CLEAN}, {"Authorization": f"Bearer {TOKEN}"})
        assert status == 200 and result["errors"] == []
        assert call(port, "GET", "/healthz")[0] == 200  # probes need no token


def test_cors_allows_the_listed_origin_only(port):
    preflight = {"Origin": ORIGIN, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type, authorization"}
    status, headers, _ = call(port, "OPTIONS", "/v1/lint", headers=preflight)
    assert status == 200 and headers["access-control-allow-origin"] == ORIGIN
    status, headers, _ = call(port, "OPTIONS", "/v1/lint", headers={**preflight, "Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in headers
    _, headers, _ = call(port, "POST", "/v1/lint", {"reply": CLEAN}, {"Origin": ORIGIN})
    assert headers["access-control-allow-origin"] == ORIGIN
    _, headers, _ = call(port, "POST", "/v1/lint", {"reply": CLEAN}, {"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in headers


def test_slow_request_times_out_with_a_message():
    settings = Settings(config=Config(), timeout=0.001)  # far shorter than any lint
    with running_server(settings) as port:
        status, result = lint(port, {"reply": STOCK * 20, "customer": QUESTION})
        assert status in (503, 504)
        assert ("busy" if status == 503 else "--timeout") in result["error"]
        assert call(port, "GET", "/healthz")[0] == 200  # still serving


def test_the_answer_carries_the_verdict_at_the_requested_fail_on(port):
    """A client does not re-implement fail-on: the server says whether to block, and why."""
    _, at_warning = lint(port, {"reply": STOCK})
    assert at_warning["verdict"]["blocked"] is True
    blocking = [at_warning["findings"][i] for i in at_warning["verdict"]["blocking"]]
    assert blocking and all(f["severity"] in ("warning", "error") for f in blocking)
    assert "at warning or above" in at_warning["verdict"]["reason"]
    _, at_error = lint(port, {"reply": STOCK, "fail_on": "error"})
    assert at_error["verdict"] == {"blocked": False, "fail_on": "error", "blocking": [],
                                   "reason": "no finding at error or above"}
    _, placeholder = lint(port, {"reply": PLACEHOLDER, "fail_on": "error"})
    assert placeholder["verdict"]["blocked"] and "RL601" in placeholder["verdict"]["reason"]
    _, unreadable = lint(port, {"reply": "   "})
    assert unreadable["verdict"]["blocked"] and "could not be read" in unreadable["verdict"]["reason"]
    status, bad = lint(port, {"reply": STOCK, "fail_on": "loud"})
    assert status == 400 and "fail_on" in bad["error"]
