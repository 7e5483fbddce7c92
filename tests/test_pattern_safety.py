"""A team's rule pack cannot hang the linter: regexes run on RE2 (linear time), patterns RE2
cannot run are refused when the pack loads, and phrase patterns that expand too far are refused
with the file, the rule and the pattern named."""
import json
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

from replylint.cli import main
from replylint.config import Config
from replylint.engine import Linter
from replylint.errors import PluginError
from replylint.plugins import load_registry

DOCS = '''docs = """
## What it flags
x
## Why it matters
x
## Example
x
## Better
x
## Options
None.
"""
'''


def pack(code: str, kind: str, patterns: list[str]) -> str:
    entries = "".join(f"[[rules.phrases]]\npatterns = [{json.dumps(p)}]\nwhy = \"x\"\n" for p in patterns)
    return f'[[rules]]\ncode = "{code}"\nname = "team-{code.lower()}"\nkind = "{kind}"\n{DOCS}{entries}'


PATHOLOGICAL = ["(a+)+$", "(x|x)*y", "(a|aa)*c", "(.*a){12}z", "^(a|a?)+$", "(\\w+\\s?)+!$", "x*"]

TIMING_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from replylint.config import Config
    from replylint.engine import Linter
    from replylint.plugins import load_registry

    linter = Linter(Config(select=["TP"]), registry=load_registry([Path(sys.argv[1])]))
    linter.lint("warm up")
    worst = 0.0
    for text in ("a" * 100_000 + "b", "x" * 100_000, "a" * 99_999 + "!", ("ab " * 34_000)[:100_000] + "!"):
        started = time.perf_counter()
        linter.lint(text)
        worst = max(worst, time.perf_counter() - started)
    print(f"{worst:.3f}")
    """
)


def test_pathological_regexes_run_in_linear_time(tmp_path):
    """Catastrophic backtracking patterns in a team pack, on 100k characters, in a subprocess
    that is killed if it hangs; each lint must finish well under 2 s."""
    (tmp_path / "team.toml").write_text(pack("TP101", "regex", PATHOLOGICAL))
    proc = subprocess.run([sys.executable, "-c", TIMING_SCRIPT, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert float(proc.stdout.strip()) < 2.0, proc.stdout


def test_pathological_regex_is_found_and_placed(tmp_path):
    (tmp_path / "team.toml").write_text(pack("TP102", "regex", ["(a+)+!"]))
    linter = Linter(Config(select=["TP"]), registry=load_registry([tmp_path]))
    text = "Hi,\n" + "a" * 5000 + "!"
    [finding] = linter.lint(text)
    assert (finding.start, finding.end, finding.line, finding.column) == (4, len(text), 2, 1)


@pytest.mark.parametrize("pattern", [
    r"(a)\1",             # backreference
    r"(?P<w>\w+) (?P=w)",  # named backreference
    r"foo(?=bar)",        # lookahead
    r"foo(?!bar)",        # negative lookahead
    r"(?<=a)b",           # lookbehind
    r"(?<!a)b",           # negative lookbehind
    r"a{1001}",           # beyond RE2's repeat limit
    r"(unclosed",
])
def test_regexes_re2_cannot_run_are_refused_at_load(tmp_path, pattern):
    path = tmp_path / "team.toml"
    path.write_text(pack("TP103", "regex", ["fine", pattern]))
    with pytest.raises(PluginError) as info:
        load_registry([tmp_path])
    message = str(info.value)
    assert str(path) in message and "TP103" in message and repr(pattern) in message
    assert "not a valid RE2 expression" in message


def test_phrase_pattern_that_expands_too_far_names_file_rule_and_pattern(tmp_path):
    pattern = " ".join(f"(a{i} x|b{i} y)" for i in range(9))  # 2**9 = 512 variants
    path = tmp_path / "team.toml"
    path.write_text(pack("TP104", "existence", ["fine words", pattern]))
    registry = load_registry([tmp_path])
    with pytest.raises(PluginError) as info:
        Linter(Config(select=["TP"]), registry=registry)
    message = str(info.value)
    assert message.startswith(f"{path}: rule TP104: ")
    assert repr(pattern) in message and "expands to 512 variants (limit 256)" in message


def test_bad_pack_through_the_cli_is_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "team.toml").write_text(pack("TP105", "regex", [r"(?<=x)y"]))
    (tmp_path / "replylint.toml").write_text('rule-paths = ["packs"]\n')
    (tmp_path / "reply.txt").write_text("Hi Ann,\n\nIt shipped.\n")
    result = CliRunner().invoke(main, ["check", "reply.txt"])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("replylint: error: ") and "team.toml" in line and "(?<=x)y" in line
    assert "Traceback" not in result.output
