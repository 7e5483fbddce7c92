"""find_requests and is_addressed on text written for these tests."""
import pytest

from replylint.nlp import get_pipeline
from replylint.nlp.pipeline import process
from replylint.signals.addressing import build_view, is_addressed
from replylint.signals.questions import DIRECT, INDIRECT, REQUEST, find_requests, is_technical


@pytest.fixture(scope="module")
def nlp():
    return get_pipeline()


def requests_in(nlp, text):
    return find_requests(process(nlp, text))


def texts(requests):
    return [" ".join(r.text.split()) for r in requests]


def test_direct_questions(nlp):
    found = requests_in(nlp, "Hi,\n\nMy parcel is late. Where is it now? Can I still change the address?\n\nThanks")
    assert texts(found) == ["Where is it now?", "Can I still change the address?"]
    assert all(r.kind == DIRECT for r in found)


def test_direct_question_without_question_mark(nlp):
    found = requests_in(nlp, "@ShopCo can you still deliver before Friday")
    assert texts(found) == ["can you still deliver before Friday"]


@pytest.mark.parametrize("sentence", [
    "I was wondering whether you sell a lid for the 26cm pan.",
    "I'd like to know when the engineer will arrive.",
    "Please let me know if the warranty covers the hinge.",
    "Could someone point me to the setup guide for the X20 router.",
    "Is there a way to merge two accounts.",
    "Any suggestions on keeping the battery alive overnight.",
])
def test_indirect_questions(nlp, sentence):
    found = requests_in(nlp, sentence)
    assert len(found) == 1 and found[0].kind in {INDIRECT, DIRECT}


@pytest.mark.parametrize("sentence", [
    "Please refund the March payment.",
    "Fix your app, it crashes on start.",
    "I need the broken mug replaced.",
    "I'd like a refund for the second charge.",
])
def test_requests(nlp, sentence):
    found = requests_in(nlp, sentence)
    assert len(found) == 1 and found[0].kind == REQUEST


def test_statements_are_not_requests(nlp):
    assert requests_in(nlp, "I cancelled my plan last week. I checked the logs and fixed the typo.") == []


@pytest.mark.parametrize("text", [
    "Seriously?",
    "Why do you always do this?!",
    "What is wrong with you people?",
    "Who does that?",
])
def test_rhetorical_questions_are_left_out(nlp, text):
    assert requests_in(nlp, text) == []


def test_rhetorical_kept_when_asked(nlp):
    found = find_requests(process(nlp, "Why do you always do this?!"), keep_rhetorical=True)
    assert len(found) == 1


def test_code_and_log_lines_are_left_out(nlp):
    text = (
        "The client fails:\n\n"
        "2024-03-02 10:14:55 ERROR sync: token expired? retrying\n"
        "$ syncctl status --verbose?\n"
        "R> is.na(x)?\n"
        "> Did you restart it?\n\n"
        "How do I renew the token?"
    )
    assert texts(requests_in(nlp, text)) == ["How do I renew the token?"]


def test_numbered_questions(nlp):
    text = (
        "A few questions before we buy:\n\n"
        "1) Can we add seats mid-month?\n"
        "2) Is there an export of all our data?\n"
        "3. Do you support single sign-on?\n"
    )
    assert texts(requests_in(nlp, text)) == [
        "Can we add seats mid-month?",
        "Is there an export of all our data?",
        "Do you support single sign-on?",
    ]


def test_two_asks_in_one_sentence_are_split(nlp):
    found = requests_in(nlp, "Can you send the right coat today, and how do I return the wrong one?")
    assert texts(found) == ["Can you send the right coat today", "how do I return the wrong one?"]


def test_self_answered_question_is_left_out(nlp):
    found = requests_in(nlp, "Did I restart the router? Yes, twice. What else can I try with the Wi-Fi?")
    assert texts(found) == ["What else can I try with the Wi-Fi?"]


def test_closing_plea_after_specific_question_counts_once(nlp):
    found = requests_in(nlp, "How do I move my photos to the new phone? Any help would be appreciated.")
    assert texts(found) == ["How do I move my photos to the new phone?"]


def test_near_duplicates_count_once(nlp):
    found = requests_in(nlp, "Can you refund the delivery fee? Please refund the delivery fee.")
    assert len(found) == 1


def test_key_words(nlp):
    found = requests_in(nlp, "Does the E320 support the GPIO pins in UHD 4.1?")
    keys = found[0].keywords
    assert {"e320", "gpio", "uhd", "4.1"} <= set(keys)
    assert keys["e320"] > keys["support"]  # model names weigh more than plain words


def test_technical_messages(nlp):
    assert is_technical(process(nlp, "Running /usr/bin/syncctl with --verbose on v2.4.1 fails:\n$ syncctl x\n$ syncctl y"))
    assert not is_technical(process(nlp, "My order 5521 arrived late and the lamp is broken."))


def addressed(nlp, customer, reply, index=0):
    requests = find_requests(process(nlp, customer))
    doc = process(nlp, reply)
    view = build_view(doc, customer)
    return is_addressed(requests[index], view.own, doc, view=view, requests=requests)


CUSTOMER = "Can I change the delivery address? Also, do you offer gift wrapping?"


def test_answer_by_key_words(nlp):
    ok, why = addressed(nlp, CUSTOMER, "Done: I've changed the delivery address to 4 Elm Row.", 0)
    assert ok and "address" in why


def test_skipped_question(nlp):
    ok, why = addressed(nlp, CUSTOMER, "Done: I've changed the delivery address to 4 Elm Row.", 1)
    assert not ok and "wrap" in why


def test_synonyms_count(nlp):
    ok, _ = addressed(nlp, "Could you send a replacement? And can I get my money back for postage?",
                      "A new one went out today, and I've refunded the postage.", 0)
    assert ok


def test_clarifying_question_addresses(nlp):
    ok, why = addressed(nlp, CUSTOMER, "Which address would you like it sent to? I'll update the order now.", 0)
    assert ok


def test_cannot_addresses(nlp):
    ok, _ = addressed(nlp, "Can you waive the late fee? And when is my next bill due?",
                      "I'm afraid we can't waive the fee. Your next bill is due on 3 May.", 0)
    assert ok


def test_yes_no_answer(nlp):
    ok, _ = addressed(nlp, "If I add a seat, is it billed for the whole month?", "No, only for the days left.")
    assert ok


def test_dm_only_addresses_nothing(nlp):
    ok, why = addressed(nlp, "When will my order ship?", "Hi there! Please send us a DM so we can help.")
    assert not ok and "deflects" in why


def test_dm_that_names_the_question_addresses_it(nlp):
    ok, _ = addressed(nlp, "Can you change my delivery address?",
                      "DM us your order number and we'll change the delivery address for you.")
    assert ok


def test_short_reply_to_single_question(nlp):
    ok, _ = addressed(nlp, "Is the shop open on Sunday?", "Yes, from 10 till 4.")
    assert ok


def test_inline_answer_after_quote(nlp):
    customer = "Can I pause my plan for two months? And what happens to my saved lists?"
    reply = ("> Can I pause my plan for two months?\n\nSure, up to three.\n\n"
             "> And what happens to my saved lists?\n\nNothing, they stay.\n")
    for i in range(2):
        ok, why = addressed(nlp, customer, reply, i)
        assert ok and "inline" in why


def test_offers_are_not_questions(nlp):
    assert requests_in(nlp, "Would you like me to send the logs? Let me know if you'd like me to test the fix.") == []


def test_technical_thread_flags_only_deflections(nlp):
    customer = ("After the upgrade to v2.4.1, `syncctl status` shows:\n\n  state=degraded lag=41s\n"
                "  warn: journal_replay slow\n\nIs the lag expected? Can I raise journal_buffer_kb live?")
    requests = find_requests(process(nlp, customer))
    doc = process(nlp, "The lag is normal while the journal replays.")
    view = build_view(doc, customer)
    results = [is_addressed(r, view.own, doc, view=view, requests=requests, strict=True)[0] for r in requests]
    assert results == [True, True]


@pytest.mark.parametrize("reply, expected", [("Yes.\n\nThanks,\nNeil", True), ("Nope!", True),
                                              ("Please contact our support team.", False)])
def test_bare_yes_no_answers_a_yes_no_question(nlp, reply, expected):
    customer = "But isn't the layout also irrelevant when the second zone holds only one device?"
    requests = find_requests(process(nlp, customer))
    doc = process(nlp, reply)
    view = build_view(doc, customer)
    assert is_addressed(requests[0], view.own, doc, view=view, requests=requests)[0] is expected


def test_joined_fragments_stop_growing(nlp):
    """Lower-case fragments join the sentence before ("Can I get uhhh... a treat?"), but a
    run of thousands ("el? el? …", a fuzz input) stops at MAX_JOINED characters: joining
    without a bound cost quadratic time (30 kB: 32 s in RL301)."""
    from replylint.signals.questions import MAX_JOINED

    assert [r.text for r in requests_in(nlp, "Can I get uhhh... a treat?")] == ["Can I get uhhh... a treat?"]
    requests = requests_in(nlp, "el? " * 3000)
    assert requests and all(len(r.text) <= MAX_JOINED + len("el? ") for r in requests)
