"""--jobs N gives exactly the --jobs 1 output; small runs stay in-process; progress on stderr."""
import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from replylint import batch, pool, progress
from replylint.cli import main
from replylint.filejob import finding_to_json
from replylint.runner import Options, Runner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from drafts import write_drafts  # noqa: E402

COLLECTION = """\
## Refund approved
```
Hi {{ticket.requester.first_name}}, I've refunded order {{order}} in full. The money goes back to the card you paid with within five working days.
```

## Refund approved (copy)
```
Hi {{ticket.requester.first_name}}, I've refunded order {{order}} in full. The money goes back to the card you paid with within three working days.
```
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    write_drafts(root / "drafts", 40)
    (root / "templates").mkdir()
    (root / "templates" / "SAVED_REPLIES.md").write_text(COLLECTION)
    (root / "templates" / "macros.json").write_text(json.dumps({"macros": [
        {"title": "Typo", "actions": [{"field": "comment_value", "value": "Hi {{ticket.requester.frist_name}},\nThanks."}]}]}))
    (root / "package.json").write_text('{"name": "shop", "version": "1.0.0"}')
    (root / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n not text")
    return root


def lint(corpus, jobs, monkeypatch):
    monkeypatch.chdir(corpus)
    from replylint.files import collect

    runner = Runner(Options(jobs=jobs, templates=["templates/**"]))
    root = runner.root_config()
    walked = set()
    paths = collect(["."], root.include, root.exclude, also=root.is_template, walked=walked)
    results = runner.run(paths, walked)
    return results, runner


def test_jobs_give_the_same_results_in_the_same_order(corpus, monkeypatch):
    one, _ = lint(corpus, 1, monkeypatch)
    calls = []
    real = pool.run
    monkeypatch.setattr(pool, "run", lambda *a, **k: calls.append(1) or real(*a, **k))
    two, runner = lint(corpus, 2, monkeypatch)
    assert calls, "44 files should have gone to the pool"
    assert [finding_to_json(f) for f in two.findings] == [finding_to_json(f) for f in one.findings]
    assert two.files == one.files and two.errors == one.errors and list(two.rules) == list(one.rules)
    codes = {f.code for f in one.findings}
    assert {"RL101", "RL606", "RL608"} <= codes  # per-file and repository rules both ran
    assert [e.path for e in one.errors] == ["broken.txt"]
    assert ("package.json", runner.skipped[0][1], True) == runner.skipped[0]  # skipped quietly


def test_cli_output_is_byte_identical(corpus, monkeypatch):
    monkeypatch.chdir(corpus)
    outs = {}
    for jobs in ("1", "2"):
        result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", "--templates", "templates/**", "--jobs", jobs, "."])
        assert result.exit_code == 2, result.output  # broken.txt is unreadable
        outs[jobs] = result.stdout
    assert outs["1"] == outs["2"]


def test_small_runs_stay_in_process(corpus, monkeypatch):
    monkeypatch.setattr(pool, "run", lambda *a, **k: pytest.fail("a pool for a handful of files"))
    monkeypatch.chdir(corpus)
    paths = sorted(str(p) for p in (corpus / "drafts").iterdir())[: batch.PARALLEL_MIN - 1]
    results = Runner(Options(jobs=4)).run(paths)
    assert len(results.files) == batch.PARALLEL_MIN - 1


def test_available_cores_is_positive():
    assert pool.available_cores() >= 1


def test_chunks_cover_every_job_once():
    jobs = list(range(1001))
    chunks = pool._chunks(jobs, 2)
    assert [j for c in chunks for j in c] == jobs and max(len(c) for c in chunks) <= 32


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_only_at_a_terminal_and_not_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert progress.wanted(100, Tty())
    assert not progress.wanted(100, io.StringIO())  # piped
    assert not progress.wanted(progress.MIN_FILES - 1, Tty())  # a few files
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted(100, Tty())


def test_progress_writes_a_count_and_clears_it(monkeypatch):
    stream = Tty()
    bar = progress.Progress(3, stream, enabled=True)
    for _ in range(3):
        bar.advance()
    bar.close()
    text = stream.getvalue()
    assert "\rreplylint: linting 1/3 files" in text and text.rstrip().endswith("\x1b[K")
    quiet = io.StringIO()
    bar = progress.Progress(500, quiet)
    bar.advance(500)
    bar.close()
    assert quiet.getvalue() == ""
