"""The politeness strategies signal and the tone rules' shared helpers."""
import pytest

from replylint.engine import Linter
from replylint.nlp import get_pipeline
from replylint.nlp.pipeline import process
from replylint.signals.politeness import STRATEGIES, WEIGHTS, politeness_score, strategies


def doc(text):
    return process(get_pipeline(), text)


@pytest.mark.parametrize("text, strategy", [
    ("Thanks so much for checking the logs.", "gratitude"),
    ("Great work on the rewrite, it reads well.", "deference"),
    ("Hi Dana, the parcel left today.", "greeting"),
    ("Sorry to bother you again about this.", "apologizing"),
    ("Could you please send the order number?", "please"),
    ("Please stop editing my page.", "please_start"),
    ("By the way, where did you find that cable?", "indirect_btw"),
    ("Why did you remove the section?", "direct_question"),
    ("So can you fix it or not?", "direct_start"),
    ("Would you mind checking the serial number?", "counterfactual_modal"),
    ("Can you check the serial number?", "indicative_modal"),
    ("I think the setting may be off.", "hedges"),
    ("In fact the update was already released.", "factuality"),
    ("You reverted my change without a reason.", "second_person_start"),
])
def test_strategy_found(text, strategy):
    assert strategies(doc(text))[strategy] >= 1


def test_please_start_is_not_please():
    counts = strategies(doc("Please send the file."))
    assert counts["please_start"] == 1 and counts["please"] == 0


def test_every_strategy_has_a_weight():
    assert set(STRATEGIES) == set(WEIGHTS)


def test_score_orders_polite_above_curt():
    polite = "Hi Sam, thanks for the report! Could you please send a screenshot when you get a chance?"
    curt = "So why didn't you send the screenshot? In fact you never did."
    assert politeness_score(polite) > 0 > politeness_score(curt)


def test_score_takes_text_doc_or_span():
    text = "Thanks, could you please check again?"
    d = doc(text)
    assert politeness_score(text) == politeness_score(d) == politeness_score(d[:])


def test_score_of_empty_text_is_zero():
    assert politeness_score("") == 0.0


@pytest.fixture(scope="module")
def linter():
    return Linter()


def codes(linter, reply, customer=None):
    return {f.code for f in linter.lint(reply, customer=customer)}


def test_cold_tone_message_names_its_reasons(linter):
    reply = "Hello,\n\nLate fees are applied automatically. We are unable to waive this charge.\n\nAccounts Team\n"
    customer = "I was in hospital, so my payment was late and I was charged a fee. Could you waive it?"
    [finding] = [f for f in linter.lint(reply, customer=customer) if f.code == "RL401"]
    assert "unable to waive" in finding.message
    assert finding.evidence["customer"] in customer


def test_cold_tone_quiet_on_short_friendly_reply(linter):
    reply = "Hi Sam,\n\nThanks for flagging this! I've refunded the duplicate charge today.\n\nLee\n"
    assert "RL401" not in codes(linter, reply, "I was charged twice for March, please refund one.")


def test_cold_tone_without_context_uses_reply_signals(linter):
    reply = "Hello,\n\nWe're sorry you feel that way about the delivery. Parcels left at the door count as delivered.\n"
    assert "RL401" in codes(linter, reply)


@pytest.mark.parametrize("reply", [
    "I just checked your order and it ships today.",
    "If the tracking doesn't move by Friday, simply reply to this email.",
    "It's easy to miss that setting: it's under Account.",
])
def test_condescension_quiet_on_harmless_just_and_easy(linter, reply):
    assert "RL403" not in codes(linter, reply)


@pytest.mark.parametrize("reply", [
    "Check the FAQ and reply ASAP if the LED stays red.",
    "Set PYTHONPATH and rerun CMAKE.",
    "Open a ticket with your ORDER_ID.",
])
def test_shouting_allows_acronyms_and_identifiers(linter, reply):
    assert "RL404" not in codes(linter, reply)


def test_shouting_in_a_template_skips_lone_slots(linter):
    findings = linter.lint("Hi NAME, this is a duplicate of #NUMBER. DO NOT reopen it.", is_template=True)
    assert [f.evidence["reply"] for f in findings if f.code == "RL404"] == ["DO NOT"]


def test_refusal_with_an_offer_elsewhere_in_the_reply_is_fine(linter):
    reply = "What I can do is send a voucher. We can't refund opened items."
    assert "RL406" not in codes(linter, reply)
