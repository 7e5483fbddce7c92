"""Baselines: adopt replylint on an existing repository in one commit, then see only new findings."""
import json

import pytest
from click.testing import CliRunner

from replylint.cli import main

FORM = "Hi Ann,\n\nThank you for reaching out. Rest assured your order ships today.\n\nBest,\nSam\n"
MORE = "Rest assured the courier has it.\n"


def run(args):
    return CliRunner().invoke(main, ["check", "--no-cache", "--select", "RL101", *args], catch_exceptions=False)


@pytest.fixture
def repo(in_tmp):
    (in_tmp / "drafts").mkdir()
    (in_tmp / "drafts" / "form.txt").write_text(FORM)
    (in_tmp / "drafts" / "other.txt").write_text("Hi Bo,\n\nThank you for reaching out.\n")
    return in_tmp


def test_write_then_check_against_the_baseline(repo):
    written = run(["--write-baseline", "baseline.json", "drafts"])
    assert written.exit_code == 0
    assert "wrote 3 findings to the baseline baseline.json" in written.stderr
    data = json.loads((repo / "baseline.json").read_text())
    assert data["replylint-baseline"] == 1 and data["generated-by"].startswith("replylint ")
    assert data["findings"][0] == {"code": "RL101", "rule": "stock-phrase", "file": "drafts/form.txt", "title": None,
                                   "text": "rest assured", "occurrence": 0}
    clean = run(["--baseline", "baseline.json", "drafts"])
    assert clean.exit_code == 0 and "RL101" not in clean.stdout
    assert "3 findings hidden by the baseline baseline.json" in clean.stderr


def test_line_shifts_keep_findings_hidden_new_ones_show(repo):
    run(["--write-baseline", "baseline.json", "drafts"])
    form = repo / "drafts" / "form.txt"
    form.write_text("Hi Ann,\n\nA new first paragraph.\n\nAnd another.\n\n"
                    "Thank you for reaching out. Rest assured your order ships today.\n" + MORE + "\nBest,\nSam\n")
    # any severity fails: "Rest assured" is advice, since people labelled it form letter in only
    # some of its matches
    result = run(["--baseline", "baseline.json", "--format", "json", "--fail-on", "info", "drafts"])
    findings = json.loads(result.stdout)["findings"]
    # the old "Rest assured" moved down two lines and stays hidden; the second one is new
    assert [(f["path"], f["line"], f["evidence"]["reply"]) for f in findings] == [("drafts/form.txt", 8, "Rest assured")]
    assert result.exit_code == 1


def test_fixed_findings_are_reported_as_stale(repo):
    run(["--write-baseline", "baseline.json", "drafts"])
    (repo / "drafts" / "other.txt").write_text("Hi Bo,\n\nThanks for waiting while I checked the order.\n")
    result = run(["--baseline", "baseline.json", "drafts"])
    assert result.exit_code == 0
    assert "1 of its entries no longer occur" in result.stderr
    # a run over some files only (pre-commit) does not call the others' entries stale
    partial = run(["--baseline", "baseline.json", "drafts/form.txt"])
    assert "no longer occur" not in partial.stderr


def test_baseline_from_the_config_and_another_directory(repo):
    run(["--write-baseline", "replylint-baseline.json", "drafts"])
    (repo / "replylint.toml").write_text('baseline = "replylint-baseline.json"\n')
    assert run(["drafts"]).exit_code == 0
    sub = repo / "drafts"
    import os

    here = os.getcwd()
    os.chdir(sub)
    try:  # the baseline's paths are relative to the baseline file, not the working directory
        assert run(["form.txt", "other.txt"]).exit_code == 0
    finally:
        os.chdir(here)


def test_templates_keep_their_title_in_the_key(repo):
    (repo / "SAVED_REPLIES.md").write_text(
        "## One\n```\nRest assured it ships.\n```\n\n## Two\n```\nRest assured it ships.\n```\n")
    run(["--write-baseline", "b.json", "SAVED_REPLIES.md"])
    keys = [(e["title"], e["occurrence"]) for e in json.loads((repo / "b.json").read_text())["findings"]]
    assert keys == [("One", 0), ("Two", 0)]


@pytest.mark.parametrize("content,message", [
    ("{not json", "invalid JSON"),
    ('{"findings": []}', "not a replylint baseline"),
    ('{"replylint-baseline": 1, "findings": [{"code": "RL101"}]}', "entry 1 needs"),
])
def test_bad_baseline_files_are_errors(repo, content, message):
    (repo / "b.json").write_text(content)
    result = run(["--baseline", "b.json", "drafts"])
    assert result.exit_code == 2 and message in result.stderr


def test_missing_baseline_is_an_error(repo):
    result = run(["--baseline", "nope.json", "drafts"])
    assert result.exit_code == 2 and "cannot read baseline" in result.stderr


def test_no_baseline_written_when_files_fail(repo):
    (repo / "drafts" / "bad.txt").write_bytes(b"%PDF-1.4 binary")
    result = run(["--write-baseline", "b.json", "drafts"])
    assert result.exit_code == 2 and not (repo / "b.json").exists()
