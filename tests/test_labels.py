"""The locked splits: every labelled exchange's split comes from its id alone and is stored
with the labels; changing the rule would silently move test cases into training."""
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import labelsets  # noqa: E402


def test_stored_splits_are_the_ones_the_ids_give():
    rows = [json.loads(line) for line in labelsets.SPLITS_FILE.read_text().splitlines()]
    assert len(rows) == len({row["id"] for row in rows}) > 3000
    assert all(labelsets.split_of(row["id"]) == row["split"] for row in rows)
    shares = Counter(row["split"] for row in rows)
    assert 0.66 < shares["train"] / len(rows) < 0.74
    assert 0.12 < shares["test"] / len(rows) < 0.18


def test_every_label_file_is_text_free_and_in_a_split():
    """Tweets and list mail stay out of the repository: label rows hold ids, flags, offsets."""
    split_ids = {json.loads(line)["id"] for line in labelsets.SPLITS_FILE.read_text().splitlines()}
    for files, source in labelsets.SETS.values():
        if source is None:
            continue  # our own written cases carry their text
        for path in files:
            if not path.exists():
                continue
            for line in path.read_text().splitlines():
                row = json.loads(line)
                assert "customer" not in row and "reply" not in row
                assert row["id"] in split_ids


def test_both_label_schemas_read_the_same_way():
    old = {"id": "x", "complaint": True, "apology": False, "cold": True,
           "questions": [{"start": 0, "end": 5, "answered": False}], "stock_spans": [[1, 4]], "note": "n"}
    new = {"id": "x", "complaint": True, "apology": False, "cold": True, "questions": ["refund?"],
           "question_spans": [[0, 5]], "unanswered": ["refund?"], "form_letter_spans": [[1, 4]], "notes": "n"}
    a, b = labelsets.normalise(old), labelsets.normalise(new)
    for key in ("complaint", "apology", "cold", "form_letter_spans", "notes"):
        assert a[key] == b[key]
    assert [(q["span"], q["answered"]) for q in a["questions"]] == [(q["span"], q["answered"]) for q in b["questions"]]


def test_adjudication_gives_a_field_to_the_second_label_and_only_that_field():
    first = labelsets.normalise({"id": "p", "complaint": True, "apology": False, "cold": True,
                                 "questions": ["refund"], "question_spans": [[0, 5]], "unanswered": ["refund"],
                                 "form_letter_spans": []})
    second = {(1, "p"): {"id": "p", "complaint": False, "apology": False, "cold": False,
                         "questions": ["refund"], "question_spans": [[0, 5]], "unanswered": [],
                         "form_letter_spans": []}}
    decided = labelsets.adjudicated(dict(first), [{"id": "p", "round": 1, "decisions": {
        "cold": "second", "has_unanswered": "second", "complaint": "first"}}], second)
    assert decided["cold"] is False and decided["complaint"] is True
    assert [q["answered"] for q in decided["questions"]] == [True]
    assert decided["adjudicated"]


def test_every_adjudication_names_a_disagreement_of_a_second_labelling():
    if not labelsets.ADJUDICATION.exists():
        return
    second = labelsets._second_labels()
    for line in labelsets.ADJUDICATION.read_text().splitlines():
        row = json.loads(line)
        assert (row.get("round", 1), row["id"]) in second
        assert row["decisions"] and set(row["decisions"].values()) <= {"first", "second"}
        assert row["note"]


def test_written_replies_to_one_customer_message_share_a_split():
    for n in range(300, 340):
        assert labelsets.split_of(f"written:{n}/good") == labelsets.split_of(f"written:{n}/flawed")
    assert len({labelsets.split_of(f"written:{n}/good") for n in range(300, 340)}) == 3
