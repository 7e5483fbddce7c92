"""RL401: the named cold signals (and the politeness score, worked out only when a reply is
reported) are named in the finding; the named forms report a reply even where the learned
model is unsure."""
import replylint

DEFENSIVE = (
    "As I already said, you should have checked the size chart. Why did you not read the "
    "description? In fact the item matches the listing exactly and we will not take it back."
)


def cold(text, **options):
    config = {"rules": {"cold-tone": options}} if options else None
    return [f for f in replylint.lint(text, config=config) if f.code == "RL401"]


def test_a_low_politeness_score_is_named_in_the_finding():
    (finding,) = cold(DEFENSIVE)
    assert "it is defensive" in finding.message
    assert "its politeness score is low" in finding.message


def test_named_cold_signals_report_a_reply_the_model_alone_would_not():
    from replylint.checks.cold_tone import NAMED_SCORE

    (finding,) = cold(DEFENSIVE, **{"min-confidence": 0.999})  # the model is never that sure
    assert finding.confidence < 0.999
    assert "it is defensive" in finding.message
    assert NAMED_SCORE >= 3  # two strong signals at least: one alone is not enough


def test_no_finding_when_even_a_low_score_could_not_reach_the_threshold():
    assert not cold("Your parcel left our warehouse today and the tracking link is in your account.")


def test_a_read_the_docs_jab_is_dismissive():
    reply = ("The option is described in the user guide under exports, and the older releases "
             "list it in their change notes too. It always helps to read the documentation!")
    (finding,) = cold(reply)
    assert "brushes the question off" in finding.message
    assert not cold(reply.replace(" It always helps to read the documentation!", ""))


TRIED = "My router keeps dropping the connection. I've tried resetting the router several times this week."


def test_a_one_line_suggestion_after_failed_attempts_is_cold():
    findings = [f for f in replylint.lint("Have you tried restarting it?", customer=TRIED) if f.code == "RL401"]
    assert len(findings) == 1
    assert "failed attempts (“tried resetting the router several times”)" in findings[0].message


def test_the_same_suggestion_with_empathy_or_to_a_first_report_is_not():
    warm = "Sorry, that sounds frustrating. Have you tried restarting it?"
    assert not [f for f in replylint.lint(warm, customer=TRIED) if f.code == "RL401"]
    first = "My router keeps dropping the connection."
    assert not [f for f in replylint.lint("Have you tried restarting it?", customer=first) if f.code == "RL401"]
