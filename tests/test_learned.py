"""The learned judgements (replylint/learned/): the linear model, the features, and how RL201
and RL401 report what the models decide."""
import math

import pytest

import replylint
from replylint.learned import features
from replylint.learned.linear import LinearModel, load

UPSET = "I've been waiting three weeks for my refund and nobody answers my emails. This is ridiculous!"
LATE = "Still haven't received my refund and it's been 3 weeks. What's going on?"


def findings(code, reply, customer, **options):
    config = {"select": [code], "rules": {code: options}} if options else {"select": [code]}
    return [f for f in replylint.lint(reply, customer, config=config) if f.code == code]


def test_a_linear_model_sums_its_weights_and_names_what_pushed_it_up():
    model = LinearModel("toy", {"w:refund": 1.5, "w:my": 0.5, "w:thanks": -2.0}, bias=-1.0, threshold=0.5)
    verdict = model.judge({"w:refund", "w:my", "w:unknown"}, telling=lambda f: f != "w:my")
    assert verdict.probability == pytest.approx(1 / (1 + math.exp(-1.0)))
    assert verdict.positive
    assert verdict.reasons == [("w:refund", 1.5)]  # "my" pushed too, but is not worth naming
    assert not model.judge({"w:refund", "w:thanks"}).positive
    assert LinearModel.from_dict(model.to_dict()) == model


@pytest.mark.parametrize("name", ["complaint", "cold"])
def test_the_shipped_models_carry_how_they_were_trained_and_measured(name):
    model = load(name)
    meta = model.meta
    assert meta["command"] == "python training/learn.py"
    assert meta["train"]["n"] >= 1000 and meta["validation"]["n"] >= 200
    assert 0 < model.threshold < 1
    assert meta["block_at"] >= model.threshold
    # the weights are statistics of common words, never a handle, a link or a number
    words = [f for f in model.weights if f.split(":")[0] in {"w", "b", "cw", "cb", "rw", "rb"}]
    assert len(words) > 500
    assert not [f for f in words if any(c in f for c in "@/0123456789")]


def test_the_complaint_features_read_the_parse_and_the_lexicon():
    from replylint import Linter
    from replylint.config import Config
    from replylint.learned import extract

    linter = Linter(Config(select=["RL201"]))
    assert linter.parses_customer and not linter.parses_reply
    ctx = extract.context(linter, "Thanks.", "I still haven't received my parcel!")
    feats = features.complaint_features(ctx.customer)
    assert "neg:receive" in feats  # the parse says what is negated
    assert {"w:still", "b:not_receive", "punct:!"} <= feats
    assert any(f.startswith("cue:") and f != "cue:none" for f in feats)


def test_a_complaint_without_an_apology_names_the_customers_words_and_the_signals():
    (finding,) = findings("RL201", "Hi, please DM us your order number.", LATE)
    assert "haven't received my refund" in finding.evidence["customer"]
    assert finding.evidence["signals"] and finding.evidence["signals"] in finding.message
    assert load("complaint").threshold <= finding.confidence <= 1
    assert f"confidence {finding.confidence:.2f}" in finding.message


def test_thanks_and_an_apology_keep_rl201_quiet():
    assert not findings("RL201", "Glad to hear it!", "Thanks so much, the new app works great!")
    assert not findings("RL201", "I'm sorry about that. Your refund went out today.", LATE)


def test_a_deflection_to_an_upset_customer_reads_cold_and_a_specific_apology_does_not():
    (finding,) = findings("RL401", "Send us a DM.", UPSET)
    assert finding.confidence >= load("cold").threshold and finding.evidence["signals"]
    assert not findings("RL401", "I'm so sorry about the wait, Jo. I've checked: your refund of $40 went out "
                                 "today and should reach your card within 3 days.", UPSET)
    assert not findings("RL401", "Send us a DM.", UPSET, **{"min-confidence": 0.99})


@pytest.mark.parametrize("code,reply,customer", [
    ("RL201", "Hi, please DM us your order number.", LATE),
    ("RL401", "Send us a DM.", UPSET),
    ("RL401", "Please contact our support team via the help centre.", UPSET),
])
def test_below_the_measured_precision_a_finding_is_advice(code, reply, customer):
    model = load({"RL201": "complaint", "RL401": "cold"}[code])
    for finding in findings(code, reply, customer):
        assert finding.severity == ("warning" if finding.confidence >= model.meta["block_at"] else "info")


def test_training_picks_precision_first_and_the_curve_is_right():
    learn = _learn()
    curve = learn.pr_curve([0.9, 0.8, 0.8, 0.3], [1, 1, 0, 0])
    assert [(t, p, r, n) for t, p, r, _, n in curve] == [(0.9, 1.0, 0.5, 1), (0.8, 2 / 3, 1.0, 3), (0.3, 0.5, 1.0, 4)]
    xs = [{"w:broken", "w:a"} if i % 2 else {"w:fine", "w:a"} for i in range(40)]
    ys = [i % 2 for i in range(40)]
    model = learn.fit(xs, ys, xs[:20], ys[:20], "complaint")
    assert model["weights"]["w:broken"] > 0 > model["weights"]["w:fine"]
    assert model["meta"]["validation"]["f1_at_threshold"] == 1.0


def _learn():
    import sys
    from pathlib import Path

    pytest.importorskip("sklearn")
    root = Path(__file__).resolve().parent.parent
    for sub in ("training", "benchmarks"):
        if str(root / sub) not in sys.path:
            sys.path.insert(0, str(root / sub))
    import learn

    return learn


ORDER = "My order #4471 arrived broken, the lamp shade is cracked. Can I get a replacement?"


def test_the_stock_model_finds_a_sentence_no_phrase_lists_in_a_draft_but_not_in_a_template():
    from replylint import Linter
    from replylint.config import Config

    linter = Linter(Config(select=["RL101"], rules={"RL101": {"min-confidence": 0.5}}))
    reply = "Help has arrived! Please provide more details so we can investigate."
    found = linter.lint(reply, customer=ORDER)
    assert found and all(f.message.startswith("Stock sentence") for f in found)
    assert "Please provide more details so we can investigate." in [f.evidence["reply"] for f in found]
    assert all(f.confidence >= 0.5 and f.evidence["signals"] for f in found)
    assert linter.lint(reply, customer=ORDER, is_template=True) == []  # saved replies are reused by design
    specific = "I'm sorry the shade cracked. A new lamp ships today from our Leeds warehouse."
    assert linter.lint(specific, customer=ORDER) == []


def test_a_listed_phrase_blocks_only_where_people_labelled_it_form_letter_nearly_always():
    from replylint import Linter
    from replylint.config import Config
    from replylint.kinds.phrase import _phrase_blocks

    tally = load("stock").meta["phrases"]
    always = tally["thank you? (so|very)? much? for reach out (to we)?"]
    often = tally["(please)? send|shoot|drop we|me a dm|pm (so we can look into this)?"]
    assert always[1] >= 5 and always[0] / always[1] >= 0.95
    assert often[0] / often[1] < 0.95
    linter = Linter(Config(select=["RL101"], rules={"RL101": {"learned-sentences": False}}))
    block_at = load("stock").meta["block_at"]
    (thanks,) = linter.lint("Thanks for reaching out to us.", customer=ORDER)
    assert thanks.severity == "warning"
    (dm,) = linter.lint("Please send us a DM.", customer=ORDER)
    assert dm.severity == ("warning" if dm.confidence >= block_at else "info") and 0 < dm.confidence <= 1
    assert _phrase_blocks("stock", {"patterns": ["thank you? (so|very)? much? for reach out (to we)?"]})


def test_one_problem_one_finding_on_the_sentence_rl401_reports():
    customer = "I've been waiting three weeks for my refund and nobody answers my emails. This is ridiculous!"
    reply = ("As per our policy, refunds are not possible after 14 days and we are unable to make exceptions. "
             "We apologize for any inconvenience.")
    found = replylint.lint(reply, customer)
    (cold,) = [f for f in found if f.code == "RL401"]
    assert {"RL405", "RL406"} <= set(cold.evidence["also"].split(", "))
    assert "[RL405]" in cold.message and "[RL406]" in cold.message
    # the other sentence's stock phrase is its own problem, and keeps its own finding
    assert [f.code for f in found if f.code != "RL401"] == ["RL101"]
    # without RL401 the named forms report themselves
    alone = {f.code for f in replylint.lint(reply, customer, config={"ignore": ["RL401"]})}
    assert {"RL405", "RL406", "RL101"} <= alone


def test_replylint_rule_prints_what_a_learned_rule_was_trained_on_and_its_thresholds():
    from replylint.checks.missing_apology import MissingApology
    from replylint.docs import rule_text

    text = rule_text(MissingApology)
    assert "## How it decides" in text
    model = load("complaint")
    assert f"reports at {model.threshold:.3f}" in text
    assert f"trained on {model.meta['train']['n']:,} exchanges" in text
    assert f"reports at {model.meta['missing_apology']['threshold']:.3f}" in text


def test_a_message_with_hundreds_of_questions_gets_at_most_max_requests_findings():
    from replylint.learned.requests import MAX_REQUESTS

    customer = "My parcel still hasn't arrived. Where is it? Can you refund me? " * 200
    found = findings("RL301", "Hi,\n\nPlease DM us.\n\nBest,\nAna", customer)
    assert 0 < len(found) <= MAX_REQUESTS


def test_pasted_output_and_code_are_not_requests_but_tweets_are_read():
    """RL301's candidates skip pasted logs: mangled quotes ("package ?sp?") and paths ended
    in "?" read as questions to the request model and filled its findings on mailing lists."""
    from replylint.engine import Linter
    from replylint.learned import extract, requests

    linter = Linter()
    customer = ("Hi,\n\nThe install fails.\n\n* installing *source* package ?sp? ...\n"
                "ERROR: lazy loading failed for package ?sp?\n\n"
                "gcc -std=gnu99 -I/usr/share/R/include -DNDEBUG -fpic -O3 -c init.c -o init.o\n\n"
                "How do I fix this?\n\nThanks,\nAl")
    sents = extract.context(linter, "Try again.", customer).customer.sents
    machine = [s.text.strip() for s in sents if requests.machine_text(s)]
    assert any("installing" in t for t in machine) and any(t.startswith("gcc") for t in machine)
    assert not any("How do I fix this" in t for t in machine)
    asked = [s.text.strip() for s in requests.candidates(extract.context(linter, "Try again.", customer).customer)]
    assert "How do I fix this?" in asked and not any("?sp?" in t for t in asked)
    tweet = extract.context(linter, "DM us", "@AmazonHelp @117 where is my package!!!!!! #fail 😡 Please help?")
    assert not any(requests.machine_text(s) for s in tweet.customer.sents)


def test_rl301_notes_when_the_reply_took_up_another_request_instead():
    """The addressing model reads where the reply's attention went: a request that shares no
    words with the reply while another of the customer's requests does."""
    from replylint.engine import Linter
    from replylint.learned import extract, requests

    customer = ("Can you refund the extra charge on my March invoice? "
                "Also, how do I change my billing date to the 15th?")
    reply = "Hi Ann, I've refunded the extra charge on your March invoice; it shows in 3 days. Best, Sam"
    ctx = extract.context(Linter(), reply, customer)
    judged = {j.span.text.strip()[:12]: j for j in requests.judge(ctx, request_threshold=0.0, unanswered_threshold=0.0)}
    assert set(judged) == {"Can you refu", "Also, how do"}
    assert judged["Also, how do"].unanswered.probability > judged["Can you refu"].unanswered.probability
    from replylint.signals import questions

    lex = questions.lexicon()
    found = questions.find_requests(ctx.customer, keep_rhetorical=True, from_parse=True)
    spans = [judged["Can you refu"].span, judged["Also, how do"].span]
    reqs = [requests.as_request(span, found, lex) for span in spans]
    view = requests.reply_view(ctx)
    billing, _ = requests.unanswered_features(spans[1], reqs[1], reqs, view, ctx, lex)
    refund, _ = requests.unanswered_features(spans[0], reqs[0], reqs, view, ctx, lex)
    assert "rank:below-another" in billing or "rank:others-not-this" in billing
    assert "rank:top" in refund and "near:>=0.67" in refund
