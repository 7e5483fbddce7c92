"""Every loaded rule is documented and has fixtures that show it firing and staying quiet."""
from pathlib import Path

import pytest

from replylint.plugins import load_registry
from replylint.rule import DOC_SECTIONS

REGISTRY = load_registry()
RULES_DIR = Path(__file__).parent / "fixtures" / "rules"


@pytest.mark.parametrize("code", sorted(REGISTRY.rules))
def test_rule_has_every_doc_section(code):
    docs = REGISTRY.rules[code].docs()
    missing = [s for s in DOC_SECTIONS if not docs.get(s, "").strip()]
    assert not missing, f"{code} lacks doc sections: {missing}"


@pytest.mark.parametrize("code", sorted(REGISTRY.rules))
def test_rule_has_firing_and_quiet_fixtures(code):
    folder = RULES_DIR / code
    expected = list(folder.glob("*.expected"))
    firing = [e for e in expected if e.read_text().strip()]
    quiet = [e for e in expected if not e.read_text().strip()]
    assert firing, f"{code}: no fixture in {folder} shows it firing"
    assert quiet, f"{code}: no fixture in {folder} shows it staying quiet"


@pytest.mark.parametrize("code", sorted(REGISTRY.rules))
def test_rule_name_and_severity(code):
    cls = REGISTRY.rules[code]
    assert cls.severity in {"error", "warning", "info"}
    assert cls.name and cls.name == cls.name.lower() and " " not in cls.name


def test_docs_rules_md_is_current():
    """docs/rules.md is generated: regenerate with `replylint rules --format markdown > docs/rules.md`."""
    from replylint.docs import rules_markdown

    current = (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == rules_markdown(REGISTRY)
