"""Properties of lint() over any text: no exceptions, positions inside the text and consistent
with line/column, the same answer twice, and safe suggestions that fix without new findings.

The default profile is small for CI; `REPLYLINT_HYPOTHESIS_PROFILE=replylint-fuzz` (used by
benchmarks/fuzz.py) runs many more examples.
"""
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import replylint
from replylint.config import Config
from replylint.engine import Linter

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example, HealthCheck.filter_too_much]
settings.register_profile("replylint-ci", max_examples=200, deadline=None, suppress_health_check=_QUIET)
settings.register_profile("replylint-fuzz", max_examples=int(os.environ.get("REPLYLINT_FUZZ_EXAMPLES", "5000")), deadline=None, suppress_health_check=_QUIET)
PROFILE = settings.get_profile(os.environ.get("REPLYLINT_HYPOTHESIS_PROFILE", "replylint-ci"))

PACK = Path(__file__).resolve().parent / "fixtures" / "robustness"

# What replies are made of, and what breaks naive offset arithmetic.
FRAGMENTS = [
    "Hi Ann,\n\n", "Dear Mr. O'Neil,\r\n\r\n", "Hello {{ ticket.requester.first_name }},\n", "Hey [Customer Name]!\n",
    "Thank you for your patience. ", "We apologize for any inconvenience caused. ", "Rest assured ",
    "Unfortunately, per our policy we cannot refund opened items. ", "PLEASE READ THIS CAREFULLY!!! ",
    "Your order <ORDER ID> ships on XXX. ", "%TICKET_ID% ", "{first_name}", "Why was I charged twice? ",
    "I'm so sorry your lamp arrived broken. ", "We will utilize the courier in order to ship it. ",
    "Kindly note that at this point in time we are busy. ", "Can I get a refund? ", "?",
    "\n> ", "> > Where is my parcel?\n", ">>> nested\n", "\n-----Original Message-----\n",
    "On Mon, 3 Jun 2024 at 10:00, Ann Lee <ann@example.com> wrote:\n",
    "Am 03.06.2024 um 10:00 schrieb Ann Lee <ann@example.com>:\n", "Le lun. 3 juin 2024, Ann a écrit :\n",
    "From: Ann Lee\nSent: Monday, June 3, 2024 10:00 AM\nTo: Support\nSubject: Re: order\n",
    "Best,\nSam\n", "Kind regards,\r\nSam Lee\r\nShop Support\r\n", "-- \nSam | Support | +1 555 0100\n",
    "<!-- replylint: disable=RL101 -->", "<!-- replylint: enable -->", "[[replylint: disable-next-line=RL101]]\n",
    "<!-- replylint: disable -->", "\n\n", "\r\n", "\r", "\t", "\u2028", "\u2029", "\x85", "\x0b\x0c", "\x1b[31m",
    "👍🏽", "👨\u200d👩\u200d👧", "🇩🇪", "مرحبا، شكرا لصبرك.", "שלום, תודה על הסבלנות", "\u202eevil\u202c", "\u200f",
    "e\u0301", "a\u0300\u0301\u0302\u0303", "\u0301", "Zoë", "ﬁnally", "Ⅻ", "\u00a0", "\u3000", "\ufeff", "\ufffd",
    "“Quoted” — dash… ", "Mr.", "e.g. ", "3.5 ", "$1,000.00 ", "http://example.com/a?b=c ", "ann@example.com ",
]
SAFE_CHAR = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
WHITESPACE = st.builds(
    lambda ch, n: ch * n, st.sampled_from([" ", "\t", "\n", "\r\n", "\u00a0", "\u3000", "\n> "]), st.integers(1, 2000),
)
FRAGMENT = st.one_of(
    st.sampled_from(FRAGMENTS), st.sampled_from(FRAGMENTS), st.text(SAFE_CHAR, max_size=40), WHITESPACE,
)
TEXT = st.lists(FRAGMENT, max_size=24).map("".join)


def line_col(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check_findings(text: str, findings) -> None:
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text), (f.code, f.start, f.end, len(text))
        assert (f.line, f.column) == line_col(text, f.start), (f.code, f.start)
        assert (f.end_line, f.end_column) == line_col(text, f.end), (f.code, f.end)
        for s in f.suggestions:
            assert 0 <= s.start <= s.end <= len(text), (f.code, s)


@PROFILE
@given(TEXT)
def test_lint_any_text(text):
    findings = replylint.lint(text)
    check_findings(text, findings)
    again = replylint.lint(text)
    assert [f.to_dict() for f in again] == [f.to_dict() for f in findings]


@PROFILE
@given(TEXT, TEXT)
def test_lint_any_customer_text(reply, customer):
    findings = replylint.lint(reply, customer=customer)
    check_findings(reply, findings)
    again = replylint.lint(reply, customer=customer)
    assert [f.to_dict() for f in again] == [f.to_dict() for f in findings]


_LINTERS: dict = {}


def pack_linter() -> Linter:
    """The default rules plus a team pack with safe substitutions, built once."""
    if "pack" not in _LINTERS:
        _LINTERS["pack"] = Linter(Config(rule_paths=[str(PACK)]))
    return _LINTERS["pack"]


def new_findings(old, new, code: str, start: int, end: int, replacement: str) -> list:
    """Findings of `code` in the edited text that were not there before the edit."""
    delta = len(replacement) - (end - start)
    before = {(f.start, f.end) for f in old if f.code == code}
    fresh = []
    for f in new:
        if f.code != code:
            continue
        if f.end <= start:
            span = (f.start, f.end)
        elif f.start >= start + len(replacement):
            span = (f.start - delta, f.end - delta)
        else:
            span = None  # it touches the replacement
        if span not in before:
            fresh.append(f)
    return fresh


@PROFILE
@given(TEXT)
def test_safe_suggestions_do_not_create_findings(text):
    linter = pack_linter()
    findings = linter.lint(text)
    check_findings(text, findings)
    for finding in findings:
        for s in finding.suggestions:
            if not s.safe:
                continue
            fixed = text[: s.start] + s.replacement + text[s.end :]
            after = linter.lint(fixed)
            check_findings(fixed, after)
            fresh = new_findings(findings, after, finding.code, s.start, s.end, s.replacement)
            assert not fresh, (finding.code, text[s.start : s.end], s.replacement, [(f.start, f.message) for f in fresh])


def test_the_pack_makes_safe_suggestions():
    """Guard for the property above: it is not vacuous."""
    findings = pack_linter().lint("We will utilize the courier in order to ship it.")
    assert [(f.code, f.suggestions[0].replacement, f.suggestions[0].safe) for f in findings if f.code == "TS101"] == [
        ("TS101", "use", True), ("TS101", "to", True),
    ]
