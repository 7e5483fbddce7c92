"""The `replylint` command through click's CliRunner, and once through the installed script."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from replylint.cli import main

ROOT = Path(__file__).resolve().parents[1]
FORM = "Hi Ann,\n\nThank you for reaching out. Rest assured your order ships today.\n\nBest,\nSam\n"
CLEAN = "Hi Ann,\n\nYour order shipped today by express; it will reach you on Friday.\n\nBest,\nSam\n"


def run(args, input=None, **kw):
    return CliRunner().invoke(main, args, input=input, catch_exceptions=False, **kw)


@pytest.fixture
def drafts(in_tmp):
    (in_tmp / "form.txt").write_text(FORM)
    (in_tmp / "clean.txt").write_text(CLEAN)
    return in_tmp


def test_text_report_points_at_line_and_column(drafts):
    result = run(["check", "--select", "RL101", "form.txt"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("form.txt:3:1: RL101 [warning] Stock phrase “Thank you for reaching out”")
    assert lines[1] == "  3 | Thank you for reaching out. Rest assured your order ships today."
    assert lines[2] == "    | " + "^" * len("Thank you for reaching out")
    assert "form.txt:3:29: RL101" in result.output
    assert "Found 2 findings" in result.output


def test_clean_file_exits_zero(drafts):
    result = run(["check", "--select", "RL101", "clean.txt"])
    assert result.exit_code == 0, result.output


def test_exit_zero_and_fail_on(drafts):
    assert run(["check", "--select", "RL101", "--exit-zero", "form.txt"]).exit_code == 0
    assert run(["check", "--select", "RL101", "--fail-on", "error", "form.txt"]).exit_code == 0
    assert run(["check", "--select", "RL601", "--fail-on", "error", "-"], input="Hi [Customer Name], thanks.\n").exit_code == 1


def test_select_ignore_prefix(drafts):
    out = run(["check", "--format", "json", "--select", "RL1", "--ignore", "RL101", "form.txt"]).output
    assert not any(f["code"] == "RL101" for f in json.loads(out)["findings"])
    assert run(["check", "--select", "RL999", "form.txt"]).exit_code == 2


def test_directory_walk_and_json(drafts):
    (drafts / "skip.py").write_text("print('not a draft')")
    out = run(["check", "--format", "json", "--select", "RL101", "."]).output
    data = json.loads(out)
    assert sorted(Path(f).name for f in data["files"]) == ["clean.txt", "form.txt"]
    assert {Path(f["path"]).name for f in data["findings"]} == {"form.txt"}
    assert data["version"] == 1


def test_stdin_with_filename(drafts):
    result = run(["check", "--select", "RL101", "--stdin-filename", "draft.txt", "-"], input=FORM)
    assert result.exit_code == 1
    assert result.output.startswith("draft.txt:3:1: RL101")


def test_context_file_feeds_context_rules(drafts):
    (drafts / "customer.txt").write_text(
        "My parcel arrived smashed and the lamp inside is broken. Can I get a refund? "
        "And when will you collect the broken one?\n")
    (drafts / "reply.txt").write_text("Hi Ann,\n\nThanks for writing.\n\nBest,\nSam\n")
    out = json.loads(run(["check", "--format", "json", "--context", "customer.txt", "reply.txt"]).output)
    codes = {f["code"] for f in out["findings"]}
    assert {"RL201", "RL301"} <= codes
    evidence = [f["evidence"].get("customer", "") for f in out["findings"] if f["code"] == "RL301"]
    assert any("refund" in e for e in evidence)
    quiet = json.loads(run(["check", "--format", "json", "reply.txt"]).output)
    assert not {"RL201", "RL301"} & {f["code"] for f in quiet["findings"]}


def test_missing_file_is_exit_2_and_others_still_linted(drafts):
    result = CliRunner().invoke(main, ["check", "--select", "RL101", "nope.txt", "form.txt"])
    assert result.exit_code == 2
    assert "nope.txt" in result.output
    assert "form.txt:3:1: RL101" in result.output
    assert "Traceback" not in result.output


def test_config_error_is_exit_2_without_traceback(drafts):
    (drafts / "replylint.toml").write_text('select = "RL1"\nfail-on = 3\n')
    result = CliRunner().invoke(main, ["check", "form.txt"])
    assert result.exit_code == 2
    assert "fail-on" in result.output and "Traceback" not in result.output


def test_output_file_and_formats(drafts):
    for fmt in ("text", "json", "sarif", "github", "junit"):
        result = run(["check", "--select", "RL101", "--format", fmt, "-o", f"out.{fmt}", "form.txt"])
        assert result.exit_code == 1
        assert (drafts / f"out.{fmt}").read_text().strip()
    assert "::warning file=form.txt,line=3,col=1" in (drafts / "out.github").read_text()
    assert json.loads((drafts / "out.sarif").read_text())["version"] == "2.1.0"


def test_statistics(drafts):
    out = run(["check", "--select", "RL101", "--statistics", "form.txt"]).output
    assert any(line.split()[:3] == ["2", "RL101", "stock-phrase"] for line in out.splitlines())


def test_rule_and_rules_commands():
    out = run(["rule", "RL101"]).output
    for section in ("## What it flags", "## Why it matters", "## Example", "## Better", "## Options"):
        assert section in out
    assert run(["rule", "stock-phrase"]).output == out
    assert run(["rule", "RL999"]).exit_code == 2
    listing = json.loads(run(["rules", "--format", "json"]).output)
    assert {"RL101", "RL201", "RL301", "RL401", "RL601"} <= {r["code"] for r in listing}
    assert "| [RL101](#rl101) | stock-phrase |" in run(["rules", "--format", "markdown"]).output
    assert "replylint (builtin)" in run(["plugins"]).output


def test_version():
    from replylint import __version__

    assert run(["--version"]).output.strip().endswith(__version__)


def test_inline_suppression_in_a_draft(drafts):
    (drafts / "s.txt").write_text("[[replylint: disable-next-line=RL101]]\nThank you for reaching out.\nRest assured.\n")
    out = json.loads(run(["check", "--format", "json", "--select", "RL101", "s.txt"]).output)
    assert [f["line"] for f in out["findings"]] == [3]


def test_installed_script_on_the_examples():
    exe = shutil.which("replylint")
    if exe is None:
        pytest.fail("the replylint script is not installed (pip install .)")
    proc = subprocess.run([exe, "check", "--format", "json", "examples/"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    by_file = {}
    for f in data["findings"]:
        by_file.setdefault(Path(f["path"]).name, []).append((f["line"], f["column"], f["code"]))
    assert (9, 4, "RL601") in by_file["late_delivery.eml"]  # the source line of the .eml
    assert "refund_good.txt" not in by_file
    assert not proc.stderr.strip() or "Traceback" not in proc.stderr
    assert sys.executable  # the script runs on this interpreter's environment


def test_the_readmes_first_command_behaves_as_the_readme_says():
    """A newcomer's first run shows findings and exits 0, so `&&` chains go on."""
    import re
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```sh\n(.*?)```", readme, re.DOTALL).group(1).strip()
    install, command = [part.strip() for part in first.split("&&")]
    assert install == "pip install ."
    args = shlex.split(command)
    assert args[:2] == ["replylint", "check"] and "--exit-zero" in args
    exe = shutil.which("replylint")
    if exe is None:
        pytest.fail("the replylint script is not installed (pip install .)")
    proc = subprocess.run([exe, *args[1:]], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "RL601 [error]" in proc.stdout and "Found " in proc.stdout
    assert "refund_good.txt" not in proc.stdout
    strict = subprocess.run([exe, *[a for a in args[1:] if a != "--exit-zero"]], cwd=ROOT, capture_output=True, text=True)
    assert strict.returncode == 1  # what the README says happens without --exit-zero


# -- conventions users know from ruff --------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_read_errors_go_to_stderr_and_the_report_to_stdout(drafts, fmt):
    (drafts / "empty.txt").write_text("")
    result = CliRunner().invoke(main, ["check", "--select", "RL101", "--format", fmt, "empty.txt", "form.txt"])
    assert result.exit_code == 2
    assert "replylint: error: empty.txt: file is empty" in result.stderr
    assert "empty.txt: error" not in result.stdout
    assert "form.txt" in result.stdout


def test_unknown_code_is_one_usage_error(drafts):
    result = CliRunner().invoke(main, ["check", "--select", "RL999", "form.txt", "clean.txt", "."])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("RL999") == 1 and "could not be read" not in result.stderr


def test_findings_in_a_collection_are_in_line_order(drafts):
    replies = "\n".join(f"- title: R{n}\n  body: Rest assured your order {n} ships today." for n in (3, 1, 2))
    (drafts / "replies.yaml").write_text("replies:\n" + replies + "\n")
    result = run(["check", "--select", "RL101", "--templates", "*.yaml", "--format", "json", "replies.yaml"])
    lines = [f["line"] for f in json.loads(result.stdout)["findings"]]
    assert lines == sorted(lines) and len(lines) == 3


def test_color_always_survives_a_pipe_and_never_is_plain(drafts):
    forced = run(["check", "--select", "RL101", "--color", "always", "form.txt"]).stdout
    plain = run(["check", "--select", "RL101", "--color", "never", "form.txt"]).stdout
    auto = run(["check", "--select", "RL101", "form.txt"]).stdout  # not a terminal
    assert "\x1b[" in forced and "\x1b[" not in plain and "\x1b[" not in auto


def test_statistics_alone_quiet_and_output_format(drafts):
    stats = run(["check", "--select", "RL101", "--statistics", "form.txt"]).stdout
    assert stats.splitlines() == ["2  RL101  stock-phrase"]
    as_json = json.loads(run(["check", "--select", "RL101", "--statistics", "--output-format", "json", "form.txt"]).stdout)
    assert as_json == [{"code": "RL101", "name": "stock-phrase", "count": 2}]
    quiet = run(["check", "--select", "RL101", "-q", "form.txt"]).stdout
    assert "Found" not in quiet and "form.txt:3:1: RL101" in quiet
    assert run(["check", "--statistics", "--format", "sarif", "form.txt"]).exit_code == 2


def test_no_path_lints_the_current_directory_not_stdin(drafts):
    result = run(["check", "--select", "RL101", "--format", "json"], input="Rest assured.\n")
    assert set(json.loads(result.stdout)["files"]) == {"form.txt", "clean.txt"}


def test_a_walk_skips_hidden_folders_and_what_git_ignores(drafts):
    (drafts / ".git").mkdir()
    (drafts / ".gitignore").write_text("build-notes/\n*.log.txt\n!keep.log.txt\n")
    for folder in (".pytest_cache", ".github", "build-notes", "sub"):
        (drafts / folder).mkdir()
        (drafts / folder / "README.md").write_text(FORM)
    (drafts / "sub" / ".gitignore").write_text("private.txt\n")
    (drafts / "sub" / "private.txt").write_text(FORM)
    (drafts / "debug.log.txt").write_text(FORM)
    (drafts / "keep.log.txt").write_text(FORM)

    def walked(*args):
        return set(json.loads(run(["check", "--select", "RL101", "--format", "json", *args]).stdout)["files"])

    assert walked(".") == {"form.txt", "clean.txt", "keep.log.txt", "sub/README.md"}
    assert {"build-notes/README.md", "debug.log.txt", "sub/private.txt"} <= walked("--no-respect-gitignore", ".")
    (drafts / "replylint.toml").write_text("respect-gitignore = false\nextend-exclude = [\"sub\"]\n")
    assert walked(".") == {"form.txt", "clean.txt", "keep.log.txt", "debug.log.txt", "build-notes/README.md"}
    assert "debug.log.txt" in walked("debug.log.txt")  # a file named on the command line is linted
