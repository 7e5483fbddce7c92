"""The pack pattern language: lemmas, alternatives, groups, optional parts, exact forms."""
import pytest
from spacy.matcher import Matcher

from replylint.errors import PluginError
from replylint.nlp import get_pipeline
from replylint.nlp.pipeline import process
from replylint.patterns import compile_pattern


def matches(pattern: str, text: str) -> list[str]:
    nlp = get_pipeline()
    matcher = Matcher(nlp.vocab)
    matcher.add("p", compile_pattern(nlp, pattern))
    doc = process(nlp, text)
    from spacy.util import filter_spans

    return [s.text for s in filter_spans([doc[a:b] for _, a, b in matcher(doc)])]


@pytest.mark.parametrize("text, found", [
    ("We apologize for any inconvenience.", ["We apologize for any inconvenience"]),
    ("we apologised for the inconvenience caused", ["we apologised for the inconvenience caused"]),
    ("WE APOLOGISE FOR ANY INCONVENIENCE THIS MAY HAVE CAUSED", ["WE APOLOGISE FOR ANY INCONVENIENCE THIS MAY HAVE CAUSED"]),
    ("We apologize for a delay.", []),
])
def test_lemmas_spelling_case_and_optional_groups(text, found):
    assert matches("we apologize for the|any inconvenience (this may have)? cause?", text) == found


def test_multiword_alternatives_need_a_group():
    assert matches("(thank you|thanks) for your patience", "Thanks for your patience!") == ["Thanks for your patience"]
    assert matches("(thank you|thanks) for your patience", "Thank you for your patience!") == ["Thank you for your patience"]


def test_contractions_match_their_long_form():
    assert matches("do not hesitate", "Please don't hesitate to call.") == ["don't hesitate"]
    assert matches("we be happy", "We're happy to help") == ["We're happy"]


def test_exact_form_and_wildcard():
    assert matches("=asap", "Fix it ASAP please") == ["ASAP"]
    assert matches("send * dm", "send us a dm") == []  # * is exactly one token
    assert matches("send we * dm", "send us a DM now") == ["send us a DM"]


def test_sentence_start_anchor():
    assert matches("^just restart", "Just restart the router. You can just restart it.") == ["Just restart"]
    assert matches("^just restart", "- Just restart it") == []  # the bullet starts that sentence


def test_placeholders_are_single_opaque_tokens():
    nlp = get_pipeline()
    doc = process(nlp, "Hi {{ ticket.requester.first_name }}, your order <ORDER ID> and [Customer Name] XXX.")
    placeholders = [t.text for t in doc if t._.is_placeholder]
    assert placeholders == ["{{ ticket.requester.first_name }}", "<ORDER ID>", "[Customer Name]", "XXX"]


@pytest.mark.parametrize("pattern, message", [
    ("(a (b))", "nested"),
    ("(a b", "unclosed"),
    ("a b)", "unmatched"),
    ("x? y?", "matches nothing or everything"),
    (" ".join(f"(a{i} x|b{i} y)" for i in range(10)), "expands to"),
])
def test_bad_patterns_are_reported(pattern, message):
    with pytest.raises(PluginError, match=message):
        compile_pattern(get_pipeline(), pattern)
