"""The default pipeline tags and parses with the model trained on UD English-EWT, shipped in
the package: only when a selected rule reads the parse, and only over the zones rules read."""
import json
import zipfile

import pytest

from replylint import Linter
from replylint.config import Config
from replylint.nlp.pipeline import MODEL_DIR, get_pipeline, process
from replylint.signals import syntax
from replylint.zones import split

REPLY = (
    "Hi Anna,\n\nI have refunded the extra charge today.\n\nBest,\nSam\n\n"
    "On Mon, 3 Nov 2026, Anna <anna@example.com> wrote:\n> I want to cancel my plan. Why was I charged twice?\n"
)


def parsed(text, zones=None, parse=True):
    return process(get_pipeline(), text, zones, parse=parse)


def test_the_default_pipeline_is_the_trained_one():
    nlp = get_pipeline()
    assert {"tok2vec", "morphologizer", "parser"} <= set(nlp.component_names)
    assert "replylint_parse" in nlp.pipe_names
    meta = json.loads((MODEL_DIR / "meta.json").read_text())
    assert meta["license"] == "CC BY-SA 4.0"


def test_tags_and_dependencies_of_a_customer_sentence():
    doc = parsed("I still haven't received my refund.")
    by_text = {t.text: t for t in doc}
    assert by_text["received"].pos_ == "VERB" and by_text["received"].dep_ == "ROOT"
    assert by_text["refund"].dep_ == "obj" and by_text["refund"].head.text == "received"
    assert by_text["I"].dep_ == "nsubj"
    assert by_text["n't"].head.text == "received"  # the negation scopes over the verb


def test_without_parse_nothing_is_tagged():
    doc = parsed("I still haven't received my refund.", parse=False)
    assert all(t.pos_ == "" for t in doc)
    assert [t.lemma_ for t in doc][3] == "not"  # lookup lemmas as before


def test_lemmas_do_not_depend_on_whether_the_parse_ran():
    text = "That sounds really frustrating, and the charges were refunded."
    assert [t.lemma_ for t in parsed(text)] == [t.lemma_ for t in parsed(text, parse=False)]


def test_only_the_reply_zones_are_parsed_and_sentences_are_kept():
    zones = [(z.start, z.end, z.kind) for z in split(REPLY).zones]
    with_parse = parsed(REPLY, zones)
    without = parsed(REPLY, zones, parse=False)
    quoted_start = REPLY.index("On Mon")
    own = [t for t in with_parse if t.idx < REPLY.index("Best") and not t.is_space]
    quoted = [t for t in with_parse if t.idx >= quoted_start and not t.is_space]
    assert all(t.pos_ for t in own)
    assert all(t.pos_ == "" for t in quoted) and {t.dep_ for t in quoted} <= {"dep", "ROOT"}
    # the email sentence rules decide sentences everywhere, parsed or not
    assert [s.start for s in with_parse.sents] == [s.start for s in without.sents]


def test_white_space_tokens_are_tagged_space():
    doc = parsed("Hi Anna,\n\nYour refund is on its way.")
    assert all(t.pos_ == "SPACE" for t in doc if t.is_space)


def test_a_linter_parses_only_when_a_selected_rule_reads_the_parse():
    parsing = Linter(Config(select=["RL301"]))
    assert parsing.parses_customer and not parsing.parses_reply  # RL301 reads the customer's requests
    words_only = {"RL301": {"learned": False}}
    assert not Linter(Config(select=["RL301"], rules=words_only)).parses
    assert Linter(Config(select=["RL301"], rules={"RL301": {"learned": False, "parse-requests": True}})).parses_customer
    assert not Linter(Config(select=["RL101"])).parses


def test_rl301_finds_a_request_only_the_parse_shows_when_asked():
    customer = ("My lamp from order #4471 arrived broken. When will the courier collect it? "
                "Also give me my money back.")
    reply = ("Hi Sam,\n\nI'm sorry the lamp arrived broken. The courier will collect it from you on "
             "Monday morning.\n\nBest,\nAna\n")
    plain = Linter(Config(select=["RL301"], rules={"RL301": {"learned": False}}))
    parsing = Linter(Config(select=["RL301"], rules={"RL301": {"learned": False, "parse-requests": True}}))
    assert plain.lint(reply, customer) == []
    found = parsing.lint(reply, customer)
    assert [f.code for f in found] == ["RL301"] and found[0].evidence["customer"] == "Also give me my money back."


@pytest.mark.parametrize("sentence,kind", [
    ("Give me my money back.", "imperative"),
    ("Please call me back tomorrow.", "imperative"),
    ("I want to cancel my plan.", "wants"),
    ("We want the extra charge reversed.", "wants"),
    ("I was wondering whether the lid fits.", "embedded"),
    ("I would like to know how the fee is worked out.", "embedded"),
])
def test_requests_read_from_the_parse(sentence, kind):
    doc = parsed(sentence)
    span = doc[:]
    found = {"imperative": syntax.imperative, "wants": syntax.wants, "embedded": syntax.embedded_question}[kind](span)
    assert found is not None


@pytest.mark.parametrize("sentence", [
    "I love the new app.", "Thank you so much.", "I do not need it any more.", "Keep up the good work!",
    "My order never came.",
])
def test_statements_are_not_requests(sentence):
    span = parsed(sentence)[:]
    assert syntax.imperative(span) is None and syntax.wants(span) is None and syntax.embedded_question(span) is None


def test_unparsed_text_answers_none():
    span = parsed("Give me my money back.", parse=False)[:]
    assert syntax.imperative(span) is None and syntax.asks_for(span) is None


@pytest.mark.parametrize("question,kind", [
    ("When will my order arrive?", "time"),
    ("How much is the late fee?", "amount"),
    ("Where is the billing page?", "place"),
    ("Why was I charged twice?", "reason"),
    ("How do I change my billing date?", "method"),
    ("Can I get a refund?", "yes-no"),
])
def test_what_a_question_asks_for(question, kind):
    assert syntax.asks_for(parsed(question)[:]) == kind


def test_the_model_ships_with_its_licence_and_attribution():
    licence = (MODEL_DIR / "LICENSE").read_text()
    assert "Attribution-ShareAlike 4.0" in licence
    readme = (MODEL_DIR / "README.md").read_text()
    assert "Silveira" in readme and "CC BY-SA 4.0" in readme



def test_the_main_word_is_found_past_a_leading_handle_that_became_the_root():
    doc = parsed("@AcmeHelp I ordered an item on Monday and it still has not arrived.")
    span = doc[:]
    word = syntax.main_word(span)
    assert not word.text.startswith("@") and word.pos_ in ("VERB", "AUX")
