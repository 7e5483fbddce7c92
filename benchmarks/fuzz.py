"""Fuzz the readers and the whole lint pipeline with seeded, mutated inputs.

    python benchmarks/fuzz.py --count 100000 --workers 2 --seed 1      # the recorded run
    python benchmarks/fuzz.py --replay 4711 --seed 1                    # rerun one input, with its traceback
    python benchmarks/fuzz.py --count 2000 --properties 5000            # also the hypothesis properties, at scale

Input i is a pure function of (seed, i): random bytes, or a sample (.eml, .html, .md, .txt,
.json, .yaml: written below, plus examples/ and tests/fixtures/readers) mutated 1-8 times.
Each goes through readers.read_bytes, and every Document it yields through Linter.lint_document
with every rule selected (sometimes as a template, sometimes with a mutated customer message),
then through every reporter. An input fails if anything raises other than InputError, if a
finding lies outside the text, or if it takes longer than --hang seconds. Failures are saved
under --out, one reproducer per distinct crash site.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # fuzz this checkout, whatever copy of replylint is installed
KINDS = ["eml", "html", "markdown", "plain", "json", "yaml"]

CRLF = b"\r\n"
HEAD = b"From: Sam Lee <sam@shop.example>\r\nTo: Ann Lee <ann@example.com>\r\nSubject: Re: Order 1234\r\nMIME-Version: 1.0\r\n"
SEEDS: list[tuple[str, bytes]] = [
    ("eml", HEAD + b"Content-Type: text/plain; charset=utf-8\r\n\r\nHi Ann,\r\n\r\nThank you for your patience. "
     b"Your order ships today.\r\n\r\nBest,\r\nSam\r\n\r\nOn Mon, 3 Jun 2024 at 10:00, Ann Lee <ann@example.com> wrote:\r\n"
     b"> Where is my parcel? I want a refund.\r\n"),
    ("eml", HEAD + b'Content-Type: multipart/alternative; boundary="XX"\r\n\r\n--XX\r\nContent-Type: text/plain; '
     b"charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHi Jos=E9,\r\n\r\nWe apologize for any incon=\r\n"
     b"venience.\r\n--XX\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
     b"PHA+SGkgSm9zw6ksPC9wPjxwPldlIGFwb2xvZ2l6ZSBmb3IgYW55IGluY29udmVuaWVuY2UuPC9wPg==\r\n--XX--\r\n"),
    ("eml", HEAD + b'Content-Type: multipart/mixed; boundary="A"\r\n\r\n--A\r\nContent-Type: message/rfc822\r\n\r\n'
     + HEAD + b"Content-Type: text/html\r\n\r\n<div>Per our policy we cannot refund opened items.</div>"
     b'<div class="gmail_quote">On Mon, Ann wrote:<blockquote>It broke!</blockquote></div>\r\n'
     b'--A\r\nContent-Type: application/pdf; name="a.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--A--\r\n'),
    ("html", b'<!DOCTYPE html><html><head><meta charset="windows-1252"><style>p{}</style></head><body>'
     b"<p>Hi [Customer Name],</p><p>I&rsquo;m so sorry the lamp arrived broken &mdash; a new one ships today.</p>"
     b"<ul><li>Step one</li><li>Step <b>two</b></li></ul><pre>code  here</pre><p>Best,<br>Sam</p>"
     b'<div id="divRplyFwdMsg"><b>From:</b> Ann<br><b>Sent:</b> Monday</div><div>Where is it?</div></body></html>'),
    ("markdown", b"Hi {{ ticket.requester.first_name }},\n\n<!-- replylint: disable=RL101 -->\nThank you for your patience.\n"
     b"<!-- replylint: enable -->\n\n```\nrm -rf /tmp/cache\n```\n\nKindly note that PLEASE READ THIS!!!\n\n- [link](http://x.y/a)\n\n"
     b"Best,\nSam\n"),
    ("plain", b"Hello Ann,\r\n\r\nUnfortunately we cannot do that. We will get back to you shortly.\r\n\r\nKind regards,\r\n"
     b"Sam\r\n-- \r\nSam Lee | Support | +1 555 0100\r\n\r\n-----Original Message-----\r\nFrom: Ann\r\nSent: Monday\r\n"
     b"To: Support\r\nSubject: Refund\r\n\r\nWhy was I charged twice? Can I get a refund?\r\n"),
    ("json", b'{"macros": [{"id": 1, "title": "Late", "actions": [{"field": "comment_value", "value": "Hi {{ticket.requester.'
     b'first_name}},\\n\\nThank you for your patience.\\n\\n{{current_user.first_name}}"}, {"field": "comment_value_html", '
     b'"value": ["channel:all", "<p>Hi {{ticket.requester.frist_name}}</p>"]}]}]}'),
    ("yaml", b"replies:\n  - title: Refund\n    body: |\n      Hi {first_name},\n\n      We apologize for any inconvenience.\n"
     b"  - name: Shipping\n    body_html: \"<p>It ships <b>today</b>.</p>\"\n  - title: Folded\n    text: >\n      Rest assured\n"
     b"      we are on it.\n"),
]

TOKENS = [
    CRLF, b"\n\n", b"\r", b"\x00", b"\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"=", b"=\r\n", b"=E9", b"=?utf-8?b?SGk=?=",
    b"--", b"--XX", b"--XX--", b'boundary="XX"', b"Content-Type: text/html; charset=punycode\r\n",
    b"Content-Type: text/plain; charset=utf-16\r\n", b"Content-Transfer-Encoding: base64\r\n",
    b"Content-Transfer-Encoding: quoted-printable\r\n", b"Content-Type: message/rfc822\r\n\r\n",
    b"Content-Type: multipart/mixed; boundary=", b"<blockquote>", b"</blockquote>", b'<div class="gmail_quote">',
    b'<div id="divRplyFwdMsg">', b'<div style="border-top:solid">From: Ann', b"<br>", b"<p>", b"</p>", b"<pre>", b"</pre>",
    b"<script>", b"<li>", b"<table><tr><td>", b"<!--", b"-->", b"&#xD800;", b"&#0;", b"&#x110000;", b"&amp", b"&nbsp;",
    b'<meta charset="idna">', b"```", b"~~~", b"{{", b"}}", b"{%", b"%}", b"[Customer Name]", b"<ORDER ID>", b"XXX",
    b"> ", b">>>>", b"On Mon, 3 Jun 2024, Ann <a@b.c> wrote:\n", b"Am 3. Juni 2024 schrieb Ann:\n", b"From: Ann\nSent: Monday\n",
    b"-- \n", b"Best,\nSam\n", b"Hi Ann,\n\n", b"?", b"!!!", b"SORRY", b"\xe2\x80\xae", b"\xef\xbb\xbf", b"\xff\xfe",
    b"\xe2\x80\xa8", b"\xc2\x85", b"\x0b", b"\x0c", b"\t", b"<!-- replylint: disable=RL1 -->", b"[[replylint: disable-next-line]]",
    b'"macros"', b'"comment_value"', b"[", b"]", b"{", b"}", b'"', b",", b":", b"&a ", b"*a", b"|\n", b">-\n", b"- ", b"? ",
    b"\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", b"\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7", b"e\xcc\x81", b"  " * 20,
]


def corpus() -> list[tuple[str, bytes]]:
    out = list(SEEDS)
    suffix_kind = {".eml": "eml", ".html": "html", ".htm": "html", ".md": "markdown", ".txt": "plain",
                   ".json": "json", ".yaml": "yaml", ".yml": "yaml"}
    for folder in (ROOT / "examples", ROOT / "tests" / "fixtures" / "readers"):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            kind = suffix_kind.get(path.suffix.lower())
            if kind and path.is_file() and path.stat().st_size < 100_000:
                out.append((kind, path.read_bytes()))
    return out


def mutate(rng: random.Random, data: bytes, seeds: list, limit: int) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(11)
        pos = rng.randint(0, len(buf))
        if op == 0 and buf:
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
        elif op == 1 and buf:
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        elif op in (2, 3):
            buf[pos:pos] = rng.choice(TOKENS)
        elif op == 4 and buf:
            end = min(len(buf), pos + rng.randint(1, 64))
            del buf[pos:end]
        elif op == 5 and buf:  # repeat a chunk: deep nesting, long lines, many paragraphs
            end = min(len(buf), pos + rng.randint(1, 40))
            chunk = bytes(buf[pos:end]) * rng.choice([2, 10, 100, 1000])
            buf[end:end] = chunk[: max(0, limit - len(buf))]
        elif op == 6:
            del buf[pos:]
        elif op == 7:  # splice in part of another sample
            other = rng.choice(seeds)[1]
            a = rng.randint(0, len(other))
            buf[pos:pos] = other[a : a + rng.randint(1, 400)]
        elif op == 8:
            buf[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 9:
            buf = bytearray(bytes(buf).replace(b"\r\n", b"\n").replace(b"\n", rng.choice([b"\r\n", b"\r", b"\n\n", b"\n> "])))
        elif op == 10 and buf:
            end = min(len(buf), pos + rng.randint(1, 200))
            buf[pos:end] = bytes(buf[pos:end]).swapcase()
    return bytes(buf[:limit])


def generate(seed: int, index: int, seeds: list) -> dict:
    """Input `index`: bytes, a reader hint, template or not, and maybe a customer message."""
    rng = random.Random(f"{seed}:{index}")
    roll = rng.random()
    size = rng.random()  # mostly reply-sized, sometimes long, rarely huge: keeps 100k inputs under 40 minutes
    limit = 200_000 if size < 0.005 else 30_000 if size < 0.05 else 6_000
    if roll < 0.08:
        data, hint = bytes(rng.randrange(256) for _ in range(rng.randint(0, 2048))), None
    elif roll < 0.14:
        data = "".join(chr(rng.choice([rng.randrange(32, 127), rng.randrange(0x80, 0x3000), rng.randrange(0x1F300, 0x1FAFF)]))
                       for _ in range(rng.randint(0, 800))).encode("utf-8", "surrogatepass")
        hint = rng.choice(KINDS + [None])
    else:
        kind, sample = rng.choice(seeds)
        data = mutate(rng, sample, seeds, limit)
        hint = kind if rng.random() < 0.85 else rng.choice(KINDS + [None])
    customer = None
    if rng.random() < 0.25:
        customer = mutate(rng, rng.choice(seeds)[1], seeds, 4_000).decode("utf-8", "replace")
    return {"data": data, "hint": hint, "template": rng.random() < 0.3, "customer": customer, "render": rng.random() < 0.2}


_STATE: dict = {}


def _linter():
    if "linter" not in _STATE:
        from replylint.config import Config
        from replylint.engine import Linter

        _STATE["linter"] = Linter(Config(select=["ALL"]))
        _STATE["seeds"] = corpus()
    return _STATE["linter"]


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


def check_one(case: dict) -> int:
    """Run one input; raise on a failure. Returns the number of findings."""
    from replylint import readers
    from replylint.errors import InputError
    from replylint.reporters import FORMATS, render
    from replylint.reporters.base import Results

    linter = _linter()
    try:
        documents = readers.read_bytes(case["data"], "fuzz", case["hint"], is_template=case["template"])
    except InputError:
        return 0
    total = 0
    for document in documents[:5]:
        text = document.text
        assert isinstance(text, str) and text.strip(), "empty document"
        last = 0
        for zone in document.zones:
            assert 0 <= zone.start <= zone.end <= len(text) and zone.start >= last, f"zone {zone} out of order"
            last = zone.end
        if case["customer"] is not None:
            document.context, document.context_origin = case["customer"], "api"
        try:
            findings = linter.lint_document(document)
        except InputError:
            continue
        for f in findings:
            assert 0 <= f.start <= f.end <= len(text), f"{f.code} span {f.start}:{f.end} outside {len(text)}"
            assert f.line >= 1 and f.column >= 1 and f.end_line >= f.line, f"{f.code} position {f.line}:{f.column}"
            for s in f.suggestions:
                assert 0 <= s.start <= s.end <= len(text), f"{f.code} suggestion {s}"
        if case["render"]:
            results = Results(findings=findings, files=["fuzz"])
            for fmt in FORMATS:
                render(fmt, results, color=True, statistics=True)
        total += len(findings)
    return total


def crash_site(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "replylint" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].name}" if ours else "?"
    return f"{type(exc).__name__} at {where}"


def run_chunk(seed: int, start: int, stop: int, step: int, hang: float, out: str) -> dict:
    _linter()
    seeds = _STATE["seeds"]
    signal.signal(signal.SIGALRM, _alarm)
    stats = {"inputs": 0, "findings": 0, "crashes": {}, "slow": [], "max_seconds": 0.0, "bytes": 0}
    for index in range(start, stop, step):
        case = generate(seed, index, seeds)
        began = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, hang)
        try:
            stats["findings"] += check_one(case)
        except BaseException as exc:  # noqa: BLE001  (a fuzzer records everything)
            if isinstance(exc, KeyboardInterrupt):
                raise
            site = "hang" if isinstance(exc, Hang) else crash_site(exc)
            if site not in stats["crashes"]:
                key = hashlib.sha1(site.encode()).hexdigest()[:10]
                Path(out, "crashes").mkdir(parents=True, exist_ok=True)
                Path(out, "crashes", f"{key}.bin").write_bytes(case["data"])
                Path(out, "crashes", f"{key}.txt").write_text(
                    f"seed {seed} index {index} hint {case['hint']} template {case['template']}\n"
                    + "".join(traceback.format_exception(exc)))
                stats["crashes"][site] = {"index": index, "count": 0}
            stats["crashes"][site]["count"] += 1
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed = time.perf_counter() - began
        stats["max_seconds"] = max(stats["max_seconds"], elapsed)
        if elapsed > 5:
            stats["slow"].append((index, round(elapsed, 1), len(case["data"])))
        stats["inputs"] += 1
        stats["bytes"] += len(case["data"])
    return stats


def merge(total: dict, part: dict) -> None:
    for key in ("inputs", "findings", "bytes"):
        total[key] += part[key]
    total["max_seconds"] = max(total["max_seconds"], part["max_seconds"])
    total["slow"] += part["slow"]
    for site, info in part["crashes"].items():
        mine = total["crashes"].setdefault(site, {"index": info["index"], "count": 0})
        mine["count"] += info["count"]
        mine["index"] = min(mine["index"], info["index"])


def replay(seed: int, index: int) -> None:
    case = generate(seed, index, corpus())
    print(f"input {index}: {len(case['data'])} bytes, hint {case['hint']}, template {case['template']}, "
          f"customer {case['customer'] is not None}\n{case['data'][:400]!r}")
    print("findings:", check_one(case))  # raises with the full traceback


def properties(examples: int) -> dict:
    env = dict(os.environ, REPLYLINT_HYPOTHESIS_PROFILE="replylint-fuzz")
    env["REPLYLINT_FUZZ_EXAMPLES"] = str(examples)
    began = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(ROOT / "tests" / "test_properties.py")],
                          env=env, capture_output=True, text=True)
    return {"examples_per_test": examples, "passed": proc.returncode == 0, "seconds": round(time.perf_counter() - began),
            "tail": proc.stdout.strip().splitlines()[-1:]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--chunk", type=int, default=250)
    parser.add_argument("--hang", type=float, default=120.0, help="seconds after which one input counts as a hang")
    parser.add_argument("--out", default="/tmp/replylint-fuzz")
    parser.add_argument("--replay", type=int, help="rerun one input in this process and show its traceback")
    parser.add_argument("--properties", type=int, default=0, help="also run tests/test_properties.py with this many examples")
    args = parser.parse_args()
    if args.replay is not None:
        replay(args.seed, args.replay)
        return
    Path(args.out).mkdir(parents=True, exist_ok=True)
    total = {"inputs": 0, "findings": 0, "bytes": 0, "crashes": {}, "slow": [], "max_seconds": 0.0}
    began = time.perf_counter()
    chunks = [(args.seed, s, min(s + args.chunk, args.count), 1, args.hang, args.out) for s in range(0, args.count, args.chunk)]
    with ProcessPoolExecutor(args.workers) as pool:
        futures = [pool.submit(run_chunk, *chunk) for chunk in chunks]
        for done, future in enumerate(as_completed(futures), 1):
            merge(total, future.result())
            if done % 20 == 0 or done == len(futures):
                rate = total["inputs"] / (time.perf_counter() - began)
                print(f"{total['inputs']:>7} inputs  {rate:6.0f}/s  crashes {sum(c['count'] for c in total['crashes'].values())}  "
                      f"slow {len(total['slow'])}", flush=True)
    total["seconds"] = round(time.perf_counter() - began)
    total["command"] = " ".join([Path(sys.executable).name, *sys.argv])
    if args.properties:
        total["properties"] = properties(args.properties)
    Path(args.out, "summary.json").write_text(json.dumps(total, indent=2))
    print(json.dumps({k: v for k, v in total.items() if k != "slow"} | {"slow": total["slow"][:20]}, indent=2))
    sys.exit(1 if total["crashes"] else 0)


if __name__ == "__main__":
    main()
