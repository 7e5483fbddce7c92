"""The results cache: hits without spaCy, keys that notice every change, safe on disk."""
import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from replylint import cache as cache_module
from replylint.cli import main
from replylint.runner import Options, Runner

FORM = "Hi Ann,\n\nThank you for your patience. Rest assured your order ships today.\n\nBest,\nSam\n"
TEMPLATE = "Hi {{ticket.requester.frist_name}},\n\nThank you for contacting us.\n"


def run(args, **kw):
    return CliRunner().invoke(main, args, catch_exceptions=False, **kw)


@pytest.fixture
def repo(in_tmp):
    (in_tmp / "replylint.toml").write_text('templates = ["templates/**"]\n')
    (in_tmp / "drafts").mkdir()
    (in_tmp / "drafts" / "form.txt").write_text(FORM)
    (in_tmp / "templates").mkdir()
    (in_tmp / "templates" / "greet.txt").write_text(TEMPLATE)
    return in_tmp


def entries(root: Path, kind="files"):
    return sorted((root / ".replylint_cache" / "v1" / kind).glob("*/*.json"))


def test_second_run_answers_from_the_cache(repo, monkeypatch):
    first = run(["check", "--format", "json", "."])
    assert first.exit_code == 1
    assert (repo / ".replylint_cache" / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (repo / ".replylint_cache" / ".gitignore").read_text().strip().endswith("*")
    assert len(entries(repo)) == 2 and entries(repo, "rules")

    import replylint.engine

    def no_linter(*a, **k):
        raise AssertionError("a Linter was built although every file was cached")

    monkeypatch.setattr(replylint.engine, "Linter", no_linter)
    second = run(["check", "--format", "json", "."])
    assert second.output == first.output and second.exit_code == 1


def test_no_cache_writes_nothing(repo):
    assert run(["check", "--no-cache", "."]).exit_code == 1
    assert not (repo / ".replylint_cache").exists()


def test_cache_dir_from_the_option_and_the_config(repo):
    run(["check", "--cache-dir", "elsewhere", "."])
    assert (repo / "elsewhere" / "CACHEDIR.TAG").exists() and not (repo / ".replylint_cache").exists()
    (repo / "replylint.toml").write_text('templates = ["templates/**"]\ncache-dir = "build/rl-cache"\n')
    (repo / "sub").mkdir()
    monkeypatch_cwd = os.getcwd()
    try:
        os.chdir(repo / "sub")  # the config is found upward; its cache-dir is relative to it
        run(["check", ".."])
    finally:
        os.chdir(monkeypatch_cwd)
    assert (repo / "build" / "rl-cache" / "CACHEDIR.TAG").exists()


def test_changes_are_noticed(repo):
    base = json.loads(run(["check", "--format", "json", "."]).output)
    assert any(f["code"] == "RL101" for f in base["findings"])
    (repo / "drafts" / "form.txt").write_text(FORM.replace("Rest assured your", "Your"))
    edited = json.loads(run(["check", "--format", "json", "."]).output)
    assert len([f for f in edited["findings"] if f["code"] == "RL101"]) == len([f for f in base["findings"] if f["code"] == "RL101"]) - 1
    selected = json.loads(run(["check", "--format", "json", "--select", "RL606", "."]).output)
    assert {f["code"] for f in selected["findings"]} == {"RL606"}
    (repo / "replylint.toml").write_text('templates = ["templates/**"]\nknown-variables = ["ticket.requester.frist_name"]\n')
    known = json.loads(run(["check", "--format", "json", "--select", "RL606", "."]).output)
    assert known["findings"] == []


def test_corrupt_and_partial_entries_are_misses(repo):
    first = run(["check", "--format", "json", "."]).output
    for i, path in enumerate(entries(repo) + entries(repo, "rules") + entries(repo, "repo") + entries(repo, "index")):
        path.write_bytes(b"" if i % 2 else b'{"key": "truncated", "findi')
    assert run(["check", "--format", "json", "."]).output == first
    assert all(json.loads(p.read_bytes()) for p in entries(repo))  # rewritten whole


def test_unwritable_cache_dir_does_not_fail_the_run(repo):
    (repo / "blocked").write_text("a file where the cache directory should be")
    result = run(["check", "--cache-dir", "blocked/cache", "."])
    assert result.exit_code == 1 and "Found" in result.output


def test_put_is_atomic_and_leaves_no_temporary_files(tmp_path):
    cache = cache_module.Cache(tmp_path / "c")
    cache.put("files", "ab" * 16, {"findings": []})
    assert cache.get("files", "ab" * 16) == {"findings": [], "key": "ab" * 16}
    assert cache.get("files", "cd" * 16) is None
    assert not list((tmp_path / "c").rglob(".tmp-*"))
    # An entry stored under another key's name (a copied file) is not trusted.
    other = cache._path("files", "ef" * 16)
    other.parent.mkdir(parents=True)
    other.write_text(json.dumps({"key": "ab" * 16, "findings": []}))
    assert cache.get("files", "ef" * 16) is None


def test_overlapping_writers(tmp_path):
    cache = cache_module.Cache(tmp_path / "c")
    errors = []

    def writer(n):
        try:
            for i in range(50):
                cache.put("files", f"{i:032x}", {"writer": n, "findings": [], "pad": "x" * 2000})
        except Exception as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(cache.get("files", f"{i:032x}")["pad"] == "x" * 2000 for i in range(50))


def test_two_processes_on_one_cache(repo):
    for i in range(30):
        (repo / "drafts" / f"d{i}.txt").write_text(FORM.replace("Ann", f"Ann {i}"))
    cmd = [sys.executable, "-m", "replylint", "check", "--format", "json", "--jobs", "1", "."]
    procs = [subprocess.Popen(cmd, cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [1, 1], outs
    assert outs[0][0] == outs[1][0]
    again = subprocess.run(cmd, cwd=repo, capture_output=True, text=True, timeout=600)
    assert again.stdout == outs[0][0]


CHECK_IMPORTS = textwrap.dedent("""
    import json, sys
    from replylint.cli import main
    try:
        main(["check", "--format", "json", "."], standalone_mode=False)
    except SystemExit:
        pass
    print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {"spacy", "thinc", "numpy"} or m == "replylint.engine")), file=sys.stderr)
""")


def test_cached_run_does_not_import_spacy(repo):
    """A whole-process check: the second run answers from the cache without importing spaCy.

    Other people may edit replylint's sources while this runs (that rightly invalidates the
    cache), so a run that had to lint is retried a few times.
    """
    cmd = [sys.executable, "-c", CHECK_IMPORTS]
    first = subprocess.run(cmd, cwd=repo, capture_output=True, text=True, timeout=600)
    assert "spacy" in first.stderr.splitlines()[-1]  # the first run did lint
    for _ in range(3):
        second = subprocess.run(cmd, cwd=repo, capture_output=True, text=True, timeout=600)
        loaded = json.loads(second.stderr.splitlines()[-1])
        if not loaded:
            break
    assert loaded == [], loaded
    assert second.stdout == first.stdout


def test_library_runner_has_no_cache_by_default(repo):
    results = Runner(Options()).run(["drafts/form.txt"])
    assert results.findings and not (repo / ".replylint_cache").exists()


COPY = "Hi {{name}}, I've refunded order {{order}} in full; the money reaches the card you paid with within %s working days.\n"


def test_repository_rules_rerun_with_cached_facts(repo):
    (repo / "templates" / "a.txt").write_text(COPY % "five")
    (repo / "templates" / "b.txt").write_text(COPY % "three")
    args = ["check", "--format", "json", "--select", "RL608", "."]

    def rl608():
        return [(f["path"], f["message"]) for f in json.loads(run(args).output)["findings"]]

    first = rl608()
    assert [p for p, _ in first] == ["templates/b.txt"]
    (repo / "templates" / "greet.txt").write_text(TEMPLATE + "\nOne more line.\n")  # a.txt and b.txt come from the cache
    assert rl608() == first
    for path in entries(repo, "facts"):
        path.unlink()  # facts gone: they are read again from the files
    (repo / "templates" / "greet.txt").write_text(TEMPLATE)
    assert rl608() == first


def test_findings_on_one_long_line_store_the_line_once(in_tmp):
    # A single-line draft with a stock phrase every 50 characters: each finding's source line
    # is the whole line, which the cache once copied into every finding (quadratic on disk).
    line = "Thank you for your patience, your order ships today. " * 400
    (in_tmp / "line.txt").write_text(line)
    first = run(["check", "--format", "json", "line.txt"])
    found = json.loads(first.stdout)["findings"]
    assert len(found) >= 300
    stored = sum(p.stat().st_size for p in (in_tmp / ".replylint_cache").rglob("*.json"))
    assert stored < 40 * len(line)  # the line once per entry, not once per finding
    again = run(["check", "--format", "json", "line.txt"])
    assert json.loads(again.stdout)["findings"] == found
