"""The complaint and apology signals on sentences written for these tests."""
import pytest

from replylint.nlp import get_pipeline
from replylint.nlp.pipeline import process
from replylint.signals.apology import find_apologies, find_non_apologies
from replylint.signals.complaint import complaint_strength, find_complaints, is_upset


def doc(text):
    return process(get_pipeline(), text)


def complaints(text):
    return [span.text for span in find_complaints(doc(text))]


def apologies(text):
    d = doc(text)
    return [span.text for span in find_apologies(d, list(d.sents))]


@pytest.mark.parametrize("text", [
    "My order arrived broken.",
    "My order was supposed to arrive last Tuesday and it still hasn't come.",
    "The parcel still hasn't arrived and it's been two weeks.",
    "I was charged twice for the March invoice.",
    "The app keeps crashing when I open the camera.",
    "I can't log in since this morning.",
    "Unable to connect to the VPN from the office.",
    "It won't even turn on.",
    "After the update my phone doesn't boot.",
    "make fails with error 2 when building the docs.",
    "We lost data after the controller reset: data loss on two volumes.",
    "Your agent hung up on me.",
    "Nobody has replied to my three emails.",
    "I'm fed up with this.",
    "Gotta luv the new update, thanks for nothing.",
    "Great, another outage.",
    "Thanks for nothing.",
    "We're having issues with the export.",
    "IT DOESN'T WORK",
    "The reset link doesn’t work.",
    "I keep getting logged out, again and again.",
    "The results are weird and inconsistent between runs.",
    "The package was left in the rain and the cover is damaged.",
    "I received the wrong size.",
    "The site is still down.",
    "It stopped working after a week.",
    "Would you like me to send you a copy, since your site is not updating the list?",
    "Hi, I don’t have any DMs from you.",
    # Fixes already tried, pasted terminal errors, things that seem off.
    "Yes, I've done that several times.",
    "I already tried that.",
    "Loading the module prints: undefined symbol: foo_init",
    "Segmentation fault (core dumped)",
    "cp: cannot stat 'notes.txt': No such file or directory",
    "R answers with: object 'sales' not found",
    "The following seems weird: the totals differ between the two exports.",
    "I find it strange that only one of my bookings has a confirmation.",
    "Something odd happens when I switch accounts.",
    "That's a bit weird: the app logged me out twice today.",
    "It's impossible to get through to anyone on the phone.",
    "Here's what happens when I press save: nothing.",
    # Partial or wrong delivery, blank output.
    "We paid for two tickets but only received one.",
    "The table looks nothing like the picture.",
    "The paint colour doesn't match the sample.",
    "The coat is not as described.",
    "Blank recordings for the whole weekend.",
    "The laptop screen went black and stays that way.",
    # Performance against a ceiling, two weak signs together.
    "Throughput seems limited by a single thread that is maxed out at 100% CPU.",
    # "use case" is not "in case": the clause still reports a failure.
    "The software for that use case is not working at all.",
])
def test_reports_a_problem(text):
    assert complaints(text), text


@pytest.mark.parametrize("text", [
    "Do you ship to Norway?",
    "How do I change my delivery address?",
    "Thanks so much, you were brilliant!",
    "I love the new dashboard, great work.",
    "Could you tell me whether the blue jacket comes in a size 40?",
    "What happens if a disk fails in the array?",
    "Is there a discount for charities?",
    "Thank you for resolving my issue so quickly!",
    "It's working again now, thanks.",
    "The build worked fine with no errors.",
    "I'd like to upgrade to the annual plan.",
    "Please send me the invoice for May.",
    "My late father's account needs to move to my mother.",
    "Can I set the error correction level in the API?",
    "Happy Halloween!",
    "Would it be that you're not running the flight to Lima?",
    "In case the parcel is late, who should I call?",
    "This is a strange question, but do you ship to Iceland?",
    "Can I start the report from a blank page?",
    "Can the reference field be blank?",
    "Do you sell the jacket in black?",
    "We've done this migration twice before and it went smoothly, thanks!",
    "Here's what I'd like to order: two lamps and a shade.",
    "I'd like a plan that isn't limited by data caps.",
    "Does the cushion match the grey sofa?",
])
def test_quiet_on_questions_praise_and_thanks(text):
    assert not complaints(text), text


def test_quote_is_an_exact_substring_and_short():
    text = (
        "Hello,\n\nI ordered the oak bookshelf on the 2nd and it was supposed to arrive by Tuesday. "
        "It's now Friday and the parcel still hasn't arrived, which is really annoying.\n\nThanks,\nTom"
    )
    found = find_complaints(doc(text))
    assert found
    for span in found:
        assert span.text in text
        assert len(span) <= 14


def test_strength_grows_with_signs():
    assert complaint_strength(doc("Do you ship to Norway?")) == 0
    assert complaint_strength(doc("There is an issue.")) == 1
    assert complaint_strength(doc("It keeps crashing and it's so annoying!!")) >= 4


@pytest.mark.parametrize("text", [
    "This is ridiculous. My order is late AGAIN.",
    "THE APP DOESN'T WORK AND NOBODY ANSWERS",
    "Third time I'm writing about this: the refund still hasn't arrived.",
    "The router keeps dropping the connection!!!",
    "If this isn't fixed today I'll cancel my subscription.",
    "I'm switching to another provider.",
])
def test_upset(text):
    assert is_upset(doc(text)), text


@pytest.mark.parametrize("text", [
    "My parcel hasn't arrived yet, could you check?",
    "Do you ship to Norway?",
    "Thanks a lot, that fixed it!",
    "The printer shows error 42.",
])
def test_not_upset(text):
    assert not is_upset(doc(text)), text


@pytest.mark.parametrize("text", [
    "I'm sorry your order arrived broken.",
    "My apologies, that was our mistake.",
    "We apologise for the delay.",
    "I regret that this happened.",
    "That shouldn't have happened.",
    "That's on us.",
    "That’s on us.",
    "That sounds really frustrating.",
    "I understand how frustrating this must be.",
    "Oh no! Let's fix that.",
    "We're sorry for any inconvenience this may have caused.",
    "Sorry, but we can't refund opened software.",
])
def test_apologies(text):
    assert apologies(text), text


@pytest.mark.parametrize("text", [
    "Unfortunately that's a known bug.",
    "We understand your concerns.",
    "I'm sorry you feel that way.",
    "We apologise if you were offended.",
    "I'm sorry for the loss of your father.",
    "Please restart the router and try again.",
    "Thanks for reaching out!",
])
def test_not_apologies(text):
    assert not apologies(text), text


def test_non_apologies_say_why():
    d = doc("We're sorry you feel that way. Sorry, but you should have read the terms.")
    found = find_non_apologies(d, list(d.sents))
    assert [n.span.text for n in found] == ["sorry you feel that way", "Sorry, but you should"]
    assert all(n.why and n.better for n in found)


def test_sorry_but_only_when_strict():
    d = doc("I'm sorry, but we can't reproduce the crash.")
    assert not find_non_apologies(d, list(d.sents))
    assert find_non_apologies(d, list(d.sents), strict=True)


def test_only_given_sentences_count():
    d = doc("Thanks for the photos.\n\n> Sorry, the box was damaged.")
    first = [next(iter(d.sents))]
    assert not find_apologies(d, first)


def test_missing_apology_quotes_the_customer():
    from replylint import Linter
    from replylint.config import Config

    customer = "Hi,\n\nMy order arrived broken. The box was crushed on one side.\n\nThanks, Amira"
    reply = "Hi Amira,\n\nPlease send a photo of the item and your order number.\n\nBest,\nTom"
    findings = [f for f in Linter(Config(select=["RL201"])).lint(reply, customer=customer)]
    assert len(findings) == 1
    finding = findings[0]
    assert finding.evidence["customer"] in customer
    assert "“My order arrived broken”" in finding.message
    assert "I'm sorry your order arrived broken." in finding.message
    assert reply[finding.start:].startswith("Please send a photo")


def test_suggested_apology_reads_as_a_sentence():
    from replylint.checks.missing_apology import suggested_apology

    assert suggested_apology("I was charged twice") == "I'm sorry you were charged twice."
    assert suggested_apology("The payment was late @Shop #fail") == "I'm sorry the payment was late."
    assert suggested_apology("fails with error 2 when building") == "I'm sorry you ran into this."
    # the "I" short messages drop
    assert suggested_apology("Still haven't received my refund") == "I'm sorry you still haven't received your refund."
    assert suggested_apology("been waiting 3 weeks for a reply") == "I'm sorry you've been waiting 3 weeks for a reply."
    assert suggested_apology("Can't log in to my account!!") == "I'm sorry you can't log in to your account."


def test_a_clause_is_read_only_near_its_cue(monkeypatch):
    """An unpunctuated run of cues must not make each cue walk the whole sentence (30 kB took
    4 s): the clause around a cue ends MAX_CLAUSE_TOKENS away at most."""
    from replylint.nlp import get_pipeline
    from replylint.nlp.pipeline import process
    from replylint.signals import complaint

    doc = process(get_pipeline(), "it keeps crashing and " * 400)
    sent = next(iter(doc.sents))
    start, end = complaint._clause_bounds(sent, len(doc) // 2)
    assert end - start <= 2 * complaint.MAX_CLAUSE_TOKENS + 1
