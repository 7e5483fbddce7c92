"""Template formats: Markdown collections, Zendesk macros, saved-reply lists, Liquid branches."""
import json
from pathlib import Path

import pytest

from replylint import liquid
from replylint.config import Config
from replylint.engine import Linter
from replylint.errors import InputError
from replylint.readers import read_path
from replylint.readers.templates import NotTemplates

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "oss-saved-replies" / "raw"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def where(doc, needle):
    """(line, column) in the file of the first occurrence of needle in the document's text."""
    return doc.position(doc.text.index(needle))


def source_at(path, line, column, length):
    return Path(path).read_text(encoding="utf-8").split("\n")[line - 1][column - 1 : column - 1 + length]


# -- Zendesk macros -----------------------------------------------------------------------------

MACROS = {
    "macros": [
        {"title": "Refund done", "actions": [
            {"field": "status", "value": "solved"},
            {"field": "comment_value", "value": "Hi {{ticket.requester.custom_fields.nickname}},\n\nThe refund is \"on its way\" \u2014 caf\u00e9 order.\n\nSam"},
        ]},
        {"title": "HTML reply", "actions": [
            {"field": "comment_value_html", "value": "<p>Hello there,</p>\n<p>Your <b>parcel</b> left today.</p>"},
        ]},
        {"title": "Channel list", "actions": [
            {"field": "comment_value", "value": ["channel:all", "Thanks for waiting, it shipped."]},
        ]},
    ]
}


@pytest.mark.parametrize("shape", ["wrapped", "list", "single"])
def test_zendesk_macro_shapes(tmp_path, shape):
    macros = MACROS["macros"]
    data = {"wrapped": MACROS, "list": macros, "single": macros[0]}[shape]
    docs = read_path(write(tmp_path, "macros.json", json.dumps(data, indent=2)))
    assert [d.title for d in docs] == [m["title"] for m in (macros if shape != "single" else macros[:1])]
    assert all(d.is_template for d in docs)
    assert docs[0].text.startswith("Hi {{ticket.requester.custom_fields.nickname}},\n\nThe refund")


def test_json_string_positions_follow_escapes(tmp_path):
    # ensure_ascii escapes é and the dash as \\u00e9 and \\u2014, quotes as \\", lines as \\n
    path = write(tmp_path, "macros.json", json.dumps(MACROS, indent=2))
    doc = read_path(path)[0]
    for needle in ("Hi", "refund", "on its way", "order", "Sam"):
        line, col = where(doc, needle)
        assert source_at(path, line, col, len(needle)) == needle, needle
    # every text line of the one JSON string sits on the same source line
    assert len({doc.position(doc.text.index(n))[0] for n in ("Hi", "Sam")}) == 1


def test_html_macro_positions(tmp_path):
    path = write(tmp_path, "macros.json", json.dumps(MACROS, indent=2))
    doc = read_path(path)[1]
    assert "Your parcel left today." in doc.text
    line, col = where(doc, "Hello")
    assert source_at(path, line, col, 5) == "Hello"
    line, col = where(doc, "Your")
    assert source_at(path, line, col, 4) == "Your"


def test_findings_in_json_point_into_the_file(tmp_path):
    path = write(tmp_path, "macros.json", json.dumps(MACROS, indent=2))
    linter = Linter(Config(select=["RL606", "RL607"]))
    findings = [f for doc in read_path(path) for f in linter.lint_document(doc)]
    rl607 = [f for f in findings if f.code == "RL607"]
    assert len(rl607) == 1 and rl607[0].title == "Refund done"
    assert source_at(path, rl607[0].line, rl607[0].column, 2) == "{{"
    assert rl607[0].source_line.strip().startswith('"value": "Hi {{ticket.requester.custom_fields.nickname}}')


# -- saved-reply lists (YAML and JSON) ---------------------------------------------------------

YAML_REPLIES = """\
# saved replies for the web shop
replies:
  - name: Late parcel
    body: |
      Hi {{ first_name }},

      The courier lost a day, so the parcel arrives on Friday.
  - title: Short thanks
    text: "Thanks {%customer.firstName,fallback=there%}!\\nIt shipped."
"""


def test_yaml_saved_replies(tmp_path):
    path = write(tmp_path, "replies.yaml", YAML_REPLIES)
    docs = read_path(path)
    assert [d.title for d in docs] == ["Late parcel", "Short thanks"]
    line, col = where(docs[0], "courier")
    assert (line, source_at(path, line, col, 7)) == (7, "courier")
    line, col = where(docs[1], "It shipped")
    assert (line, source_at(path, line, col, 10)) == (9, "It shipped")


@pytest.mark.parametrize("key", ["saved_replies", "templates", "saved-replies"])
def test_reply_lists_under_a_key_or_at_the_top(tmp_path, key):
    entries = [{"name": "A", "body": "Hi {{x}}, one."}, {"title": "B", "text": "Hi {{y}}, two."}]
    for data in ({key: entries}, entries):
        docs = read_path(write(tmp_path, "r.json", json.dumps(data)))
        assert [d.title for d in docs] == ["A", "B"]


def test_title_to_body_mapping_under_a_key(tmp_path):
    docs = read_path(write(tmp_path, "r.yaml", "templates:\n  Welcome: Hi {{x}}, welcome aboard.\n  Bye: See you soon.\n"))
    assert [(d.title, d.text) for d in docs] == [("Welcome", "Hi {{x}}, welcome aboard."), ("Bye", "See you soon.")]


@pytest.mark.parametrize("name,text", [
    ("package.json", '{"name": "shop", "version": "1.0.0", "scripts": {"test": "jest"}}'),
    ("ci.yml", "name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Test\n        run: make\n"),
    ("tsconfig.json", '{\n  // comments are fine in tsconfig\n  "compilerOptions": {}\n}\n'),
])
def test_other_json_and_yaml_are_not_templates(tmp_path, name, text):
    with pytest.raises(NotTemplates):
        read_path(write(tmp_path, name, text))


def test_malformed_template_export_names_line_and_column(tmp_path):
    path = write(tmp_path, "macros.json", '{"macros": [\n  {"title": "A",\n   "actions": [}\n]}\n')
    with pytest.raises(InputError) as info:
        read_path(path)
    assert not isinstance(info.value, NotTemplates)
    assert "invalid JSON at line 3, column" in str(info.value) and path in str(info.value)
    bad_yaml = write(tmp_path, "t/replies.yaml", "replies:\n  - name: A\n    body: [unclosed\n")
    with pytest.raises(InputError, match=r"invalid YAML at line \d+, column \d+"):
        read_path(bad_yaml, is_template=True)


def test_yaml_alias_bomb_does_not_expand(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 12)]
    with pytest.raises(NotTemplates):
        read_path(write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n"))


# -- Markdown collections ----------------------------------------------------------------------

@pytest.mark.skipif(not SHARED.is_dir(), reason="shared corpus not present")
@pytest.mark.parametrize("name,count", [
    ("angular__angular__docs__SAVED_REPLIES.md", 10),
    ("angular__angular-cli__.github__SAVED_REPLIES.md", 11),
    ("nrwl__nx__.github__SAVED_REPLIES.md", 8),
    ("Highfivery__zero-spam-for-wordpress__.github__SAVED_REPLIES.md", 12),
    ("prometheus__docs__snippets__saved_replies.md", 9),
])
def test_real_saved_reply_collections(name, count):
    docs = read_path(str(SHARED / name))
    assert len(docs) == count and all(d.is_template and d.title for d in docs)


COLLECTION = """\
# Saved replies

Copy these into GitHub's saved replies.

## Duplicate
```
Thanks for the report. This is a duplicate of #<ISSUE_NUMBER>.
```

## Needs a repro
```
Could you share a small repository that shows the problem?
```
"""


def test_fenced_collection_positions(tmp_path):
    path = write(tmp_path, "SAVED_REPLIES.md", COLLECTION)
    docs = read_path(path)
    assert [d.title for d in docs] == ["Duplicate", "Needs a repro"]
    assert where(docs[1], "repository") == (12, 25)
    assert "Copy these" not in docs[0].text


def test_prose_collection_only_for_templates(tmp_path):
    text = "## Welcome\nHi {{x}}, welcome to the shop.\n\n## Goodbye\nSorry to see you go, {{x}}.\n"
    assert len(read_path(write(tmp_path, "notes.md", text))) == 1  # an ordinary Markdown reply
    docs = read_path(write(tmp_path, "notes.md", text), is_template=True)
    assert [d.title for d in docs] == ["Welcome", "Goodbye"] and where(docs[1], "Sorry") == (5, 1)
    assert len(read_path(write(tmp_path, "canned_responses.md", text))) == 2  # named like a collection


def test_single_markdown_template_title(tmp_path):
    doc = read_path(write(tmp_path, "t.md", "---\ntitle: Refund approved\n---\nHi {{x}}, done.\n"), is_template=True)[0]
    assert doc.title == "Refund approved" and doc.text.strip() == "Hi {{x}}, done." and where(doc, "Hi") == (4, 1)
    doc = read_path(write(tmp_path, "u.md", "# Password reset\n\nHi {{x}}, here is the link.\n"), is_template=True)[0]
    assert doc.title == "Password reset" and "Password" not in doc.text


# -- Liquid branches and placeholders ----------------------------------------------------------

BRANCHY = (
    "{% if ticket.requester.custom_fields.nickname != empty %}Hi {{ticket.requester.custom_fields.nickname}},"
    "{% else %}Hi there,{% endif %}\n\nRest assured your order ships today.\n"
    "{% comment %}Rest assured, internal note{% endcomment %}\n"
)


def test_variants_keep_offsets_and_blank_other_branches():
    texts = liquid.variants(BRANCHY)
    assert len(texts) == 2 and all(len(t) == len(BRANCHY) for t in texts)
    assert "Hi there" not in texts[0] and "Hi {{ticket" in texts[0]
    assert "Hi there" in texts[1] and "Hi {{ticket" not in texts[1]
    assert all("internal note" not in t for t in texts)


def test_case_and_unclosed_blocks():
    text = "{% case x %}{% when 'a' %}Apple{% when 'b' %}Banana{% else %}Cherry{% endcase %} {% if y %}Open"
    texts = liquid.variants(text)
    assert [("Apple" in t, "Banana" in t, "Cherry" in t, "Open" in t) for t in texts] == [
        (True, False, False, True), (False, True, False, False), (False, False, True, False)]


def test_shared_text_reported_once_and_each_branch_linted():
    linter = Linter(Config(select=["RL101"]))
    from replylint.readers import read_bytes

    doc = read_bytes(BRANCHY.encode(), "t.txt", is_template=True)[0]
    findings = linter.lint_document(doc)
    assert [f.line for f in findings if "Rest assured" in f.message or "Rest assured" in f.evidence.get("reply", "")] == [3]
    branchy = "{% if vip %}Thank you for your patience.{% else %}Thank you for contacting us.{% endif %}\n"
    doc = read_bytes(branchy.encode(), "t.txt", is_template=True)[0]
    assert len(linter.lint_document(doc)) == 2  # one stock phrase in each branch


def test_placeholders_are_never_shouting_or_unfilled_in_templates(linter):
    text = ("Hi {{TICKET.REQUESTER.NAME}}, your case <ISSUE_NUMBER> and order %ORDER_ID% "
            "are linked to [ORDER ID] and XXX.\n\nBest,\n{{current_user.name}}\n")
    from replylint.readers import read_bytes

    doc = read_bytes(text.encode(), "t.txt", is_template=True)[0]
    codes = {f.code for f in linter.lint_document(doc)}
    assert not codes & {"RL601", "RL404"}, codes  # unfilled placeholder, shouting


# -- repository rules: near-duplicates and personalisation -------------------------------------

def test_similar_pairs_exact_and_lsh_agree(monkeypatch):
    import random

    from replylint import similarity

    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(2000)]
    docs = [[rng.choice(vocab) for _ in range(120)] for _ in range(400)]
    planted = [(5, 390), (100, 101), (250, 399)]
    for a, b in planted:
        copy = list(docs[a])
        copy[10], copy[60], copy[90] = "changed", "words", "here"
        docs[b] = copy
    lsh = similarity.similar_pairs(docs, 0.8, 8)
    monkeypatch.setattr(similarity, "EXACT_LIMIT", 10_000)
    exact = similarity.similar_pairs(docs, 0.8, 8)
    assert [(i, j) for i, j, _ in lsh] == [(i, j) for i, j, _ in exact] == sorted(planted)
    assert all(0.95 < score < 1 for _, _, score in exact)


def repository_findings(tmp_path, name, text, config=None, **kw):
    from replylint.repository import lint_repository

    linter = Linter(config or Config(select=["RL608", "RL609"]))
    return lint_repository(linter, read_path(write(tmp_path, name, text), **kw))


COPIES = """\
## Refund approved
```
Hi {{name}}, I've refunded order {{order}} in full. The money goes back to the card you paid with within five working days.
```

## Refund approved (copy)
```
<!-- replylint: disable=RL608 -->
Hi {{name}}, I've refunded order {{order}} in full. The money goes back to the card you paid with within three working days.
```

## Refund approved (third)
```
Hi {{name}}, I've refunded order {{order}} in full. The money goes back to the card you paid with within ten working days.
```
"""


def test_near_duplicates_name_both_templates_and_respect_suppression(tmp_path):
    findings = repository_findings(tmp_path, "SAVED_REPLIES.md", COPIES)
    assert [(f.code, f.title) for f in findings] == [("RL608", "Refund approved (third)")]
    assert "“Refund approved (copy)”" in findings[0].message or "“Refund approved”" in findings[0].message
    assert "% of the words are the same" in findings[0].message and findings[0].path.endswith("SAVED_REPLIES.md")
    ignored = Config(select=["RL608"], per_file_ignores={"SAVED_REPLIES.md": ["RL608"]})
    assert repository_findings(tmp_path, "SAVED_REPLIES.md", COPIES, ignored) == []


def test_no_personalisation_counts_variables_not_control_tags(tmp_path):
    plain = repository_findings(tmp_path, "a.txt", "Thanks for writing.{% comment %}v2{% endcomment %}\n", is_template=True)
    assert [f.code for f in plain] == ["RL609"] and (plain[0].line, plain[0].column) == (1, 1)
    # a condition on the customer's data is personal: the text differs per customer
    assert repository_findings(tmp_path, "d.txt", "{% if vip %}Thanks, friend.{% else %}Thanks.{% endif %}\n", is_template=True) == []
    assert repository_findings(tmp_path, "b.txt", "Thanks for writing, {%customer.firstName%}.\n", is_template=True) == []
    assert repository_findings(tmp_path, "c.txt", "Thanks for writing.\n") == []  # a draft, not a template


def test_rl607_knows_which_placeholders_are_never_blank():
    """Zendesk always has a requester name (the address before the @ when none was given):
    the most common macro opening is not a broken greeting. Custom fields can be empty."""
    linter = Linter(Config(select=["RL607"]))

    def codes(text, **config):
        lint = Linter(Config(select=["RL607"], rules={"RL607": config})) if config else linter
        return [f.code for f in lint.lint(text, is_template=True)]

    assert codes("Hi {{ticket.requester.first_name}},\n\nYour order shipped today.\n") == []
    assert codes("Hi {{ ticket.requester.name }},\n\nYour order shipped today.\n") == []
    assert codes("Hi {{ticket.organization.name}},\n\nYour order shipped today.\n") == ["RL607"]
    assert codes("Hi {%customer.firstName%},\n\nYour order shipped today.\n") == ["RL607"]
    assert codes("Hi {{ticket.requester.custom_fields.nickname}},\n\nIt shipped.\n") == ["RL607"]
    assert codes("Hi {{ticket.requester.custom_fields.nickname}},\n\nIt shipped.\n",
                 **{"always-set": ["ticket.requester.custom_fields.nickname"]}) == []
