"""Every rule's fixtures: the findings of that rule, as `line:col CODE`, must equal the .expected file.

tests/fixtures/rules/RL201/
    late_order.txt            the reply (a draft; may hold quoted history)
    late_order.customer.txt   optional: the customer's message (--context)
    late_order.expected       one `line:col CODE` per expected finding; empty = stays quiet
    late_order.template       optional marker: lint the reply as a template
Repository rules (RL608, RL609) run over the templates of the one file (a collection).
"""
from pathlib import Path

import pytest

from replylint.config import Config
from replylint.engine import Linter
from replylint.readers import read_path
from replylint.repository import lint_repository

RULES_DIR = Path(__file__).parent / "fixtures" / "rules"


def cases():
    for expected in sorted(RULES_DIR.glob("*/*.expected")):
        yield pytest.param(expected, id=f"{expected.parent.name}/{expected.stem}")


_LINTERS: dict[str, Linter] = {}


def linter_for(code: str) -> Linter:
    if code not in _LINTERS:
        _LINTERS[code] = Linter(Config(select=[code]))
    return _LINTERS[code]


def reply_file(expected: Path) -> Path:
    for suffix in (".txt", ".eml", ".md", ".html", ".json", ".yaml"):
        candidate = expected.with_suffix(suffix)
        if candidate.exists():
            return candidate
    raise AssertionError(f"no reply file next to {expected}")


@pytest.mark.parametrize("expected", list(cases()))
def test_rule_fixture(expected: Path):
    code = expected.parent.name
    reply = reply_file(expected)
    documents = read_path(str(reply), is_template=expected.with_suffix(".template").exists())
    customer = expected.with_suffix(".customer.txt")
    findings = []
    for document in documents:
        if customer.exists():
            document.context, document.context_origin = customer.read_text(encoding="utf-8"), "file"
        findings += linter_for(code).lint_document(document)
    findings += lint_repository(linter_for(code), documents)  # repository rules: the file's templates
    got = sorted(f"{f.line}:{f.column} {f.code}" for f in findings if f.code == code)
    want = sorted(line.strip() for line in expected.read_text(encoding="utf-8").splitlines() if line.strip())
    assert got == want, "\n".join(f"{f.line}:{f.column} {f.code} {f.message}" for f in findings)
