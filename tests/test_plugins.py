"""Third-party plugins load through entry points, exactly like the built-in rules."""
import sys
from pathlib import Path

import pytest

from replylint.config import Config
from replylint.engine import Linter
from replylint.errors import PluginError
from replylint.plugins import load_registry

PLUGIN = Path(__file__).resolve().parents[1] / "examples" / "plugin"


@pytest.fixture
def acme_installed(tmp_path, monkeypatch):
    """Make the example plugin discoverable as an installed distribution (dist-info on sys.path)."""
    dist = tmp_path / "replylint_acme-0.1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: replylint-acme\nVersion: 0.1.0\n")
    entry_points = PLUGIN / "pyproject.toml"
    import tomllib

    eps = tomllib.loads(entry_points.read_text())["project"]["entry-points"]
    lines = []
    for group, items in eps.items():
        lines.append(f"[{group}]")
        lines += [f"{name} = {value}" for name, value in items.items()]
    (dist / "entry_points.txt").write_text("\n".join(lines) + "\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(PLUGIN))
    yield
    sys.modules.pop("replylint_acme", None)


def test_builtin_rules_come_through_entry_points():
    registry = load_registry()
    builtin = [p for p in registry.plugins if p.name.startswith("replylint (")]
    assert {p.kind for p in builtin} == {"rules", "pack"}
    assert "RL101" in registry.rules and "RL601" in registry.rules


def test_example_plugin_rules_and_pack_are_loaded(acme_installed):
    registry = load_registry()
    assert registry.rules["ACM101"].origin == "replylint-acme (acme)"
    assert registry.rules["ACM201"].name == "acme-jargon"
    linter = Linter(Config(select=["ACM"]), registry=registry)
    findings = linter.lint("Hi Sam,\n\nI've put your case in the L2 queue and sent an RMA form for the broken router today.\n\nBest,\nAl\n")
    codes = sorted(f.code for f in findings)
    assert codes == ["ACM101", "ACM201", "ACM201"]
    jargon = [f for f in findings if f.code == "ACM201"]
    assert [f.evidence["reply"] for f in jargon] == ["L2 queue", "RMA"]


def test_rule_paths_load_a_teams_pack(tmp_path):
    pack = tmp_path / "team.toml"
    pack.write_text('''
[[rules]]
code = "TM101"
name = "no-asap"
kind = "existence"
message = "“{match}”: {why}"
docs = """
## What it flags
ASAP.
## Why it matters
It promises nothing.
## Example
We'll fix it ASAP.
## Better
We'll fix it by 5pm today.
## Options
None.
"""
[[rules.phrases]]
patterns = ["=asap", "as soon as possible"]
why = "give a time instead"
''')
    registry = load_registry([tmp_path])
    linter = Linter(Config(select=["TM"]), registry=registry)
    findings = linter.lint("We will fix this as soon as possible, ASAP even.")
    assert [(f.code, f.evidence["reply"]) for f in findings] == [("TM101", "as soon as possible"), ("TM101", "ASAP")]


def test_duplicate_code_is_an_error(tmp_path):
    (tmp_path / "dup.toml").write_text((Path(__file__).resolve().parents[1] / "rules" / "form_letter.toml").read_text())
    with pytest.raises(PluginError, match="RL101.*already provided"):
        load_registry([tmp_path])


@pytest.mark.parametrize("body, message", [
    ('[[rules]]\ncode = "bad"\nname = "x"\ndocs = "## What it flags\\nx"\n[[rules.phrases]]\npatterns = ["x"]\n', "code 'bad'"),
    ('[[rules]]\ncode = "TM102"\nname = "x"\nkind = "nope"\n', "unknown kind"),
    ('[[rules]]\ncode = "TM103"\nname = "x"\nkind = "regex"\ndocs = "## What it flags\\nx"\n[[rules.phrases]]\npatterns = ["(a)\\\\1"]\n', "not a valid RE2"),
    ('[[rules]]\ncode = "TM104"\nname = "x"\ncolour = "red"\n', "unknown key"),
    ('not toml [', "invalid TOML"),
])
def test_malformed_packs_name_the_problem(tmp_path, body, message):
    (tmp_path / "bad.toml").write_text(body)
    with pytest.raises(PluginError, match=message):
        load_registry([tmp_path])
