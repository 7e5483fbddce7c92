"""RL604 on long input: each sentence is read once, and a promise's trigger is looked for
only near it (a 27 kB unpunctuated run of promises took 7 s when every promise re-read the
whole sentence)."""
import replylint
from replylint.checks.vague_follow_up import TRIGGER_WINDOW, VagueFollowUp


def test_each_sentence_is_read_once(monkeypatch):
    calls = []
    original = VagueFollowUp._names_a_time

    def counted(self, sent):
        calls.append((sent.start, sent.end))
        return original(self, sent)

    monkeypatch.setattr(VagueFollowUp, "_names_a_time", counted)
    findings = replylint.lint("we will get back to you soon and " * 200)
    assert sum(f.code == "RL604" for f in findings) == 200
    assert len(calls) == len(set(calls))


def test_a_trigger_right_after_the_promise_counts_and_one_far_away_does_not():
    near = "I'll get back to you once the courier confirms the new delivery date."
    assert not [f for f in replylint.lint(near) if f.code == "RL604"]
    filler = " ".join(["and"] * TRIGGER_WINDOW)
    far = f"I'll get back to you {filler} once the courier confirms the new delivery date."
    assert [f for f in replylint.lint(far) if f.code == "RL604"]
