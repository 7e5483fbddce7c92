"""examples/template-repo: the findings CI would report, and integration files that hold together."""
import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "template-repo"

# Every finding of the template rules (RL6xx), as path:line:column CODE: the point of the example.
EXPECTED_RL6 = {
    "templates/helpscout_replies.yaml:5:31 RL607",  # {%customer.firstName,fallback=%}
    "templates/saved_replies.md:17:1 RL608",  # "Duplicate charge (old wording)" copies "Duplicate charge"
    "templates/shipping_delay.txt:1:1 RL609",  # no placeholder at all
    "templates/zendesk_macros.json:25:27 RL607",  # inside the JSON string of an HTML macro
    "templates/zendesk_macros.json:25:29 RL606",  # frist_name
}
GOOD = {"templates/refund_approved.md", "templates/password_reset.html"}


def replylint():
    exe = shutil.which("replylint")
    if exe is None:
        pytest.fail("the replylint script is not installed (pip install -e .)")
    return exe


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    copy = tmp_path_factory.mktemp("template-repo") / "repo"
    shutil.copytree(EXAMPLE, copy)
    return copy


@pytest.fixture(scope="module")
def report(repo):
    proc = subprocess.run([replylint(), "check", "--format", "json", "."], cwd=repo, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=600)
    return proc


def test_check_finds_what_the_example_is_for(report):
    assert report.returncode == 1, report.stderr
    findings = json.loads(report.stdout)["findings"]
    got = {f"{f['path']}:{f['line']}:{f['column']} {f['code']}" for f in findings if f["code"].startswith("RL6")}
    assert got == EXPECTED_RL6
    titles = {f["title"] for f in findings if f["path"].endswith((".json", ".yaml", "saved_replies.md"))}
    assert {"Password reset", "Duplicate charge (old wording)", "Delivery: address check"} <= titles
    stock = [f for f in findings if f["path"] == "templates/shipping_delay.txt" and f["code"] == "RL101"]
    assert len(stock) >= 3
    assert not [f for f in findings if f["path"] in GOOD and f["severity"] != "info"]


def test_ci_files_are_skipped_quietly(report):
    data = json.loads(report.stdout)
    assert not any(path.endswith((".yml", ".yaml")) and "templates/" not in path for path in data["files"])
    assert "error" not in report.stderr


def test_the_pre_commit_way_names_every_file(repo):
    """pre-commit passes file names: CI configs among them are noted and skipped, not errors."""
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    pattern = re.compile(hook["files"])
    files = sorted(str(p.relative_to(repo)) for p in repo.rglob("*") if p.is_file() and pattern.search(p.name))
    assert ".pre-commit-config.yaml" in files and ".github/workflows/replylint.yml" in files
    proc = subprocess.run([*hook["entry"].split(), "--no-cache", *files], cwd=repo, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stderr
    assert "replylint: note: .pre-commit-config.yaml: skipped: not a template export" in proc.stderr


def test_baseline_adoption_in_one_step(repo, tmp_path):
    work = tmp_path / "adopt"
    shutil.copytree(repo, work)
    subprocess.run([replylint(), "check", "--write-baseline", "replylint-baseline.json", "."], cwd=work, check=True,
                   capture_output=True, timeout=600)
    proc = subprocess.run([replylint(), "check", "--baseline", "replylint-baseline.json", "."], cwd=work,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout


# -- the integration files ---------------------------------------------------------------------

def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_pre_commit_hook_definition():
    hooks = load_yaml(ROOT / ".pre-commit-hooks.yaml")
    hook = next(h for h in hooks if h["id"] == "replylint")
    assert hook["entry"] == "replylint check" and hook["language"] == "python"
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["replylint"] == "replylint.cli:main"
    pattern = re.compile(hook["files"])
    for name in ("a.txt", "a.md", "a.eml", "a.html", "a.htm", "a.json", "a.yaml", "a.yml"):
        assert pattern.search(name), name
    assert not pattern.search("a.py")


def test_example_pre_commit_config_uses_our_hook():
    config = load_yaml(EXAMPLE / ".pre-commit-config.yaml")
    ours = [r for r in config["repos"] if r["repo"].endswith("/replylint")]
    assert ours and {h["id"] for h in ours[0]["hooks"]} <= {h["id"] for h in load_yaml(ROOT / ".pre-commit-hooks.yaml")}
    for hook in ours[0]["hooks"]:
        if "files" in hook:
            assert any(re.search(hook["files"], str(p.relative_to(EXAMPLE))) for p in (EXAMPLE / "templates").iterdir())


def test_action_definition():
    action = load_yaml(ROOT / "action.yml")
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    declared = set(action["inputs"])
    used = set(re.findall(r"inputs\.([\w-]+)", json.dumps(steps)))
    assert used <= declared, used - declared
    runs = " ".join(s.get("run", "") for s in steps)
    assert "pip install" in runs and "--format github" in runs and "--format sarif" in runs
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") for s in steps)
    assert any(s.get("uses", "").startswith("actions/setup-python@") for s in steps)
    # inputs reach the shell through env, never pasted into a script
    assert not any("${{" in s.get("run", "") for s in steps)


def test_example_workflow_uses_the_action_with_declared_inputs():
    workflow = load_yaml(EXAMPLE / ".github" / "workflows" / "replylint.yml")
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as true
    assert "pull_request" in on
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    ours = [s for s in steps if s.get("uses", "").split("@")[0] == "replylint/replylint"]
    assert ours, "the workflow should use the replylint action"
    inputs = set(load_yaml(ROOT / "action.yml")["inputs"])
    for step in ours:
        assert set(step.get("with", {})) <= inputs
        for path in str(step["with"].get("paths", ".")).split():
            assert (EXAMPLE / path).exists(), path
    job = next(iter(workflow["jobs"].values()))
    assert job["permissions"]["security-events"] == "write"


def test_example_config_matches_files():
    config = tomllib.loads((EXAMPLE / "replylint.toml").read_text())
    assert config["templates"] and config["known-variables"]
    from replylint.config import load_file

    loaded = load_file(EXAMPLE / "replylint.toml")  # valid keys and types
    files = [p for p in (EXAMPLE / "templates").iterdir()]
    assert all(loaded.is_template(str(p)) for p in files)
    suffixes = {p.suffix for p in files}
    assert {".md", ".txt", ".html", ".json", ".yaml"} <= suffixes
