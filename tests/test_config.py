"""Config discovery, validation and how it selects and shapes rules."""
import pytest

from replylint.config import Config, ConfigFinder, load_file
from replylint.engine import Linter
from replylint.errors import ConfigError

FORM = "Hi Ann,\n\nThank you for reaching out. Rest assured your order ships today.\n\nBest,\nSam\n"


def test_pyproject_section_is_found_upward(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.replylint]\nignore = ["RL6"]\nfail-on = "error"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "draft.txt").write_text("x")
    config = ConfigFinder().for_path(deep / "draft.txt")
    assert config.ignore == ["RL6"] and config.fail_on == "error"
    assert config.root == tmp_path.resolve()


def test_replylint_toml_wins_over_pyproject_in_the_same_directory(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.replylint]\nfail-on = "error"\n')
    (tmp_path / ".replylint.toml").write_text('fail-on = "info"\n')
    assert ConfigFinder().for_path(tmp_path / "x.txt").fail_on == "info"


def test_pyproject_without_section_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text('[tool.black]\n')
    assert ConfigFinder().for_path(tmp_path / "sub" / "x.txt").fail_on == "warning"


@pytest.mark.parametrize("body, message", [
    ('selct = ["RL1"]', "unknown key `selct`"),
    ('select = "RL1"\nignore = [1]', "`ignore` must be a list of strings"),
    ('fail-on = "fatal"', "`fail-on` must be one of"),
    ('max-file-size = -3', "positive integer"),
    ('[severity]\nRL101 = "loud"', "`severity.RL101` must be one of"),
    ('[rules]\nRL101 = 3', "a table of tables"),
    ('select = [', "invalid TOML"),
])
def test_bad_config_names_the_key(tmp_path, body, message):
    path = tmp_path / "replylint.toml"
    path.write_text(body)
    with pytest.raises(ConfigError, match=message) as info:
        load_file(path)
    assert str(path) in str(info.value)


def test_snake_case_keys_are_accepted(tmp_path):
    path = tmp_path / "replylint.toml"
    path.write_text('extend_select = ["RL101"]\nfail_on = "info"\n')
    config = load_file(path)
    assert config.extend_select == ["RL101"] and config.fail_on == "info"


def test_select_ignore_by_prefix_and_name():
    codes = Linter(Config(select=["RL1"])).codes
    assert "RL101" in codes and all(c.startswith("RL1") for c in codes)
    assert "RL601" not in Linter(Config(ignore=["unfilled-placeholder"])).codes
    assert Linter(Config(select=["RL101"], extend_select=["RL601"])).codes == ["RL101", "RL601"]


def test_unknown_code_is_an_error():
    with pytest.raises(ConfigError, match="unknown rule code or prefix 'RL999'"):
        Linter(Config(select=["RL999"]))
    with pytest.raises(ConfigError, match="unknown rule 'no-such-rule'"):
        Linter(Config(rules={"no-such-rule": {"x": 1}}))


def test_rule_options_and_severity_from_config():
    linter = Linter(Config(select=["RL101"], rules={"stock-phrase": {"skip": ["rest assured"], "severity": "error"}}))
    findings = linter.lint(FORM)
    assert [f.evidence["reply"] for f in findings] == ["Thank you for reaching out"]
    assert findings[0].severity == "error"


def test_wrong_option_type_and_unknown_option():
    with pytest.raises(ConfigError, match="option 'skip' of rule RL101 must be a list of strings"):
        Linter(Config(select=["RL101"], rules={"RL101": {"skip": "rest assured"}}))
    with pytest.raises(ConfigError, match="unknown option 'colour' for rule RL101"):
        Linter(Config(select=["RL101"], rules={"RL101": {"colour": "red"}}))


def test_per_file_ignores(tmp_path):
    from replylint.document import Document

    config = Config(select=["RL101"], per_file_ignores={"legacy/*": ["RL1"]}, root=tmp_path)
    linter = Linter(config)
    kept = linter.lint_document(Document(path=str(tmp_path / "new" / "a.txt"), text=FORM))
    dropped = linter.lint_document(Document(path=str(tmp_path / "legacy" / "a.txt"), text=FORM))
    assert kept and not dropped


def test_templates_globs(tmp_path):
    config = Config(templates=["macros/**", "*.tmpl.md"], root=tmp_path)
    assert config.is_template(str(tmp_path / "macros" / "refund" / "a.md"))
    assert config.is_template(str(tmp_path / "x" / "b.tmpl.md"))
    assert not config.is_template(str(tmp_path / "drafts" / "c.txt"))


def test_missing_model_is_a_clear_error():
    with pytest.raises(ConfigError, match="python -m spacy download en_core_web_zz"):
        Linter(Config(model="en_core_web_zz"))


def test_user_config_applies_where_no_project_config_is_found(tmp_path, monkeypatch):
    """mutt, aerc and git send-email run the sendmail wrapper from any directory."""
    from click.testing import CliRunner

    from replylint.cli import main
    from replylint.config import ConfigFinder, user_config_path

    xdg = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(xdg))
    assert user_config_path() == xdg / "replylint" / "replylint.toml"
    (xdg / "replylint").mkdir(parents=True)
    (xdg / "replylint" / "replylint.toml").write_text('select = ["RL101"]\nfail-on = "error"\n')
    anywhere = tmp_path / "mail"
    anywhere.mkdir()
    (anywhere / "draft.txt").write_text("Hi Ann,\n\nRest assured your order ships today.\n\nSam\n")
    monkeypatch.chdir(anywhere)
    config = ConfigFinder().for_path("draft.txt")
    assert config.select == ["RL101"] and config.fail_on == "error"
    result = CliRunner().invoke(main, ["check", "--format", "json", "draft.txt"])
    assert result.exit_code == 0  # a warning, below the user's fail-on
    assert {f["code"] for f in __import__("json").loads(result.stdout)["findings"]} == {"RL101"}
    # a project config wins over the user's
    (anywhere / "replylint.toml").write_text('select = ["RL6"]\n')
    assert ConfigFinder().for_path("draft.txt").select == ["RL6"]
