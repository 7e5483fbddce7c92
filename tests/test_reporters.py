"""Reporters: exact text output, schema-valid JSON and SARIF, GitHub escaping, JUnit XML."""
from __future__ import annotations

import copy
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema")

from replylint.finding import Finding, Suggestion  # noqa: E402
from replylint.reporters import render  # noqa: E402
from replylint.reporters.base import FileError, Results  # noqa: E402
from replylint.rule import RuleInfo  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared/schemas/sarif-schema-2.1.0.json"
STOCK = "we apologize for any inconvenience"


def finding(code, name, severity, message, path, line, column, end_line, end_column, source_line, **extra):
    return Finding(
        code=code, name=name, severity=severity, message=message, start=extra.pop("start", 0),
        end=extra.pop("end", 0), path=path, line=line, column=column, end_line=end_line,
        end_column=end_column, source_line=source_line, **extra,
    )


def sample() -> Results:
    findings = [
        # Starts after "Hello, " (7 characters): column 8; 34 characters long.
        finding(
            "RL101", "stock-phrase", "warning", "Stock phrase: sounds like a form letter",
            "replies/refund.txt", 3, 8, 3, 42, f"Hello, {STOCK} caused.", start=40, end=74,
            suggestions=[Suggestion(40, 74, "sorry for the trouble", safe=True)],
            evidence={"reply": STOCK},
        ),
        # A message with a colon, a comma and a newline: every format must keep it intact or escape it.
        finding(
            "RL601", "unfilled-placeholder", "error", "Unfilled placeholder: {{name}},\nfill it in",
            "replies/refund.txt", 1, 4, 1, 12, "Hi {{name}},", start=3, end=11,
            evidence={"reply": "{{name}}"},
        ),
        # A template in a collection file, on a line that starts with a tab.
        finding(
            "RL101", "stock-phrase", "info", "Stock phrase", "templates/macros.toml", 12, 2, 12, 29,
            "\tThank you for your patience!", title="Refund, approved", start=201, end=228,
            suggestions=[Suggestion(201, 228, ""), Suggestion(201, 210, "Thanks")],
        ),
        # Wide characters before the span: the caret must skip two cells for each.
        finding(
            "RL101", "stock-phrase", "warning", "Stock phrase", "replies/ünïcode.txt", 2, 4, 2, 38,
            f"感謝 {STOCK}", start=10, end=44, evidence={"reply": STOCK},
        ),
        # A span that runs onto the next line: underlined to the end of its first line.
        finding(
            "RL301", "cold-sign-off", "info", "Cold sign-off", "replies/ünïcode.txt", 5, 7, 6, 3,
            "Kind regards", start=60, end=75, confidence=0.71,
        ),
    ]
    rules = {
        "RL101": RuleInfo(
            "RL101", "stock-phrase", "warning", "Stock phrases that read as a form letter.", "builtin",
            docs={
                "What it flags": "Phrases customers recognise from form letters.",
                "Why it matters": "They read as if nobody read the customer's message.",
                "Example": "We apologize for any inconvenience.",
                "Better": "Sorry the refund took two weeks.",
            },
        ),
        "RL601": RuleInfo("RL601", "unfilled-placeholder", "error", "A template placeholder left unfilled.", "builtin"),
        "RL301": RuleInfo("RL301", "cold-sign-off", "info", "", "builtin"),
        "RL200": RuleInfo("RL200", "no-greeting", "warning", "No greeting.", "builtin"),
    }
    return Results(
        findings=list(reversed(findings)),  # reporters order findings themselves
        errors=[FileError("replies/broken.eml", "cannot decode: not UTF-8, Latin-1: bad")],
        files=["replies/refund.txt", "templates/macros.toml", "replies/ünïcode.txt", "replies/broken.eml", "replies/clean.txt"],
        rules=rules,
        version="0.1.0",
    )


# text


EXPECTED_TEXT = """\
replies/refund.txt:1:4: RL601 [error] Unfilled placeholder: {{name}}, fill it in
  1 | Hi {{name}},
    |    ^^^^^^^^

replies/refund.txt:3:8: RL101 [warning] Stock phrase: sounds like a form letter
  3 | Hello, we apologize for any inconvenience caused.
    |        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
    = better: "sorry for the trouble"

replies/ünïcode.txt:2:4: RL101 [warning] Stock phrase
  2 | 感謝 we apologize for any inconvenience
    |      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

replies/ünïcode.txt:5:7: RL301 [info] Cold sign-off
  5 | Kind regards
    |       ^^^^^^

templates/macros.toml:12:2: RL101 [info] Stock phrase (template: Refund, approved)
  12 |     Thank you for your patience!
     |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^
     = better: remove it or "Thanks"

Found 5 findings (1 error, 2 warnings, 2 infos) in 5 files; 1 could not be read.
"""


def test_text_exact_output():
    assert render("text", sample()) == EXPECTED_TEXT


def caret_span(output: str, header_start: str) -> tuple[int, int, str]:
    """(first caret column, caret count, shown source line) under the finding whose header starts so."""
    lines = output.splitlines()
    i = next(n for n, line in enumerate(lines) if line.startswith(header_start))
    source, carets = lines[i + 1], lines[i + 2]
    start = carets.index("^")
    return start, carets.count("^"), source


def test_text_caret_sits_under_the_span():
    out = render("text", sample())
    start, width, source = caret_span(out, "replies/refund.txt:3:8:")
    assert source[start : start + width] == STOCK
    start, width, source = caret_span(out, "templates/macros.toml:12:2:")
    assert source[start : start + width] == "Thank you for your patience"  # tab expanded to 4 cells
    # "感謝 " takes five terminal cells but three characters: count cells, not characters.
    start, width, source = caret_span(out, "replies/ünïcode.txt:2:4:")
    prefix = source[: source.index("| ") + 2]
    assert start == len(prefix) + 5 and width == len(STOCK)


def test_text_clamps_a_span_past_the_line_end():
    f = finding("RL101", "stock-phrase", "warning", "m", "a.txt", 1, 4, 1, 99, "abcdef")
    out = render("text", Results(findings=[f], files=["a.txt"]))
    assert out.splitlines()[1:3] == ["  1 | abcdef", "    |    ^^^"]
    # Empty span at the end of the line: one caret just past the last character.
    f = finding("RL101", "stock-phrase", "warning", "m", "a.txt", 1, 7, 1, 7, "abcdef")
    assert render("text", Results(findings=[f], files=["a.txt"])).splitlines()[2] == "    |       ^"


def test_text_without_a_source_line_shows_no_snippet():
    f = finding("RL200", "no-greeting", "warning", "No greeting", "a.txt", 1, 1, 1, 1, "")
    assert render("text", Results(findings=[f], files=["a.txt"])).splitlines() == [
        "a.txt:1:1: RL200 [warning] No greeting", "", "Found 1 finding (0 errors, 1 warning, 0 infos) in 1 file.",
    ]


def test_text_neutralises_terminal_controls_in_replies():
    f = finding("RL101", "stock-phrase", "warning", "bad\x1b[2J", "a.txt", 1, 1, 1, 4, "ab\x1b[31mcd")
    out = render("text", Results(findings=[f], files=["a.txt"]))
    assert "\x1b" not in out
    assert "  1 | ab\ufffd[31mcd" in out.splitlines()


def test_text_clean_run():
    assert render("text", Results(files=["a.txt", "b.txt"])) == "All checked: no findings in 2 files.\n"
    results = Results(files=["a.txt", "b.eml"], errors=[FileError("b.eml", "empty")])
    # the unreadable file itself is reported on stderr by the command, in every format
    assert render("text", results).splitlines() == ["No findings in 2 files; 1 could not be read."]


def test_text_statistics_table():
    out = render("text", sample(), statistics=True)
    assert out == "3  RL101  stock-phrase\n1  RL301  cold-sign-off\n1  RL601  unfilled-placeholder\n"


def test_text_color_only_when_asked():
    assert "\x1b[" not in render("text", sample(), color=False)
    out = render("text", sample(), color=True)
    assert "\x1b[1mreplies/refund.txt\x1b[0m:1:4:" in out
    assert "\x1b[31mRL601 [error]\x1b[0m" in out
    assert "\x1b[33mRL101 [warning]\x1b[0m" in out
    assert "\x1b[34mRL301 [info]\x1b[0m" in out
    assert "    |    \x1b[31m^^^^^^^^\x1b[0m" in out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert plain == EXPECTED_TEXT


# json


def load_json_schema():
    schema = json.loads((REPO / "docs/json-schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def test_json_matches_its_schema():
    schema = load_json_schema()
    data = json.loads(render("json", sample()))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).validate(data)
    assert data["version"] == 1
    assert data["tool"] == {"name": "replylint", "version": "0.1.0"}
    assert data["errors"] == [{"path": "replies/broken.eml", "reason": "cannot decode: not UTF-8, Latin-1: bad"}]
    assert data["summary"] == {
        "total": 5,
        "by_severity": {"error": 1, "warning": 2, "info": 2},
        "by_code": {"RL101": 3, "RL301": 1, "RL601": 1},
    }
    assert [f["path"] for f in data["findings"]][0] == "replies/refund.txt"
    assert data["findings"][-1]["title"] == "Refund, approved"
    assert data["findings"][0]["message"] == "Unfilled placeholder: {{name}},\nfill it in"
    assert "source_line" not in data["findings"][0]


def test_json_empty_run_matches_schema():
    data = json.loads(render("json", Results()))
    jsonschema.validate(data, load_json_schema(), cls=jsonschema.Draft202012Validator)
    assert data["summary"] == {"total": 0, "by_severity": {"error": 0, "warning": 0, "info": 0}, "by_code": {}}


def test_json_schema_rejects_a_bad_severity():
    data = json.loads(render("json", sample()))
    data["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, load_json_schema(), cls=jsonschema.Draft202012Validator)


def test_json_format_doc_names_every_field():
    schema = load_json_schema()
    doc = (REPO / "docs/json-format.md").read_text(encoding="utf-8")
    names = set(schema["properties"])
    for definition in schema["$defs"].values():
        names |= set(definition.get("properties", {}))
    names |= set(schema["properties"]["tool"]["properties"])
    missing = sorted(name for name in names if f"`{name}`" not in doc)
    assert not missing, f"docs/json-format.md does not document {missing}"


# sarif


def sarif_validator():
    if not SARIF_SCHEMA.exists():
        pytest.skip(f"official SARIF schema not found at {SARIF_SCHEMA} (shared/schemas beside the repo)")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)  # the file declares draft-04
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_matches_the_official_schema():
    validator = sarif_validator()
    log = json.loads(render("sarif", sample()))
    validator.validate(log)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "replylint" and driver["version"] == "0.1.0"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == ["RL101", "RL200", "RL301", "RL601"]
    stock = rules[0]
    assert stock["name"] == "StockPhrase"
    assert stock["shortDescription"]["text"] == "Stock phrases that read as a form letter."
    assert stock["fullDescription"]["text"] == "Phrases customers recognise from form letters."
    assert "## Why it matters" in stock["help"]["markdown"] and "Sorry the refund" in stock["help"]["text"]
    assert stock["helpUri"].endswith("#rl101")
    assert [r["defaultConfiguration"]["level"] for r in rules] == ["warning", "warning", "note", "error"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    run["results"][0]["level"] = "info"  # the validator is not vacuous: SARIF has no "info"
    assert not validator.is_valid(log)


def test_sarif_results_locations_and_fixes():
    run = json.loads(render("sarif", sample()))["runs"][0]
    results = run["results"]
    assert [r["level"] for r in results] == ["error", "warning", "warning", "note", "note"]
    first = results[1]
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "replies/refund.txt", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 3, "startColumn": 8, "endLine": 3, "endColumn": 42, "snippet": {"text": STOCK}}
    (fix,) = first["fixes"]
    (replacement,) = fix["artifactChanges"][0]["replacements"]
    assert replacement["deletedRegion"] == {"startLine": 3, "startColumn": 8, "endLine": 3, "endColumn": 42}
    assert replacement["insertedContent"] == {"text": "sorry for the trouble"}
    assert results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "replies/%C3%BCn%C3%AFcode.txt"
    template = results[4]
    assert template["message"]["text"] == "Stock phrase (template: Refund, approved)"
    deletion, partial = (f["artifactChanges"][0]["replacements"][0] for f in template["fixes"])
    assert deletion["insertedContent"] == {"text": ""}
    # "Thanks" replaces the first 9 characters of the span, which starts at column 2.
    assert partial["deletedRegion"] == {"startLine": 12, "startColumn": 2, "endLine": 12, "endColumn": 11}
    assert "fixes" not in results[0]
    assert run["columnKind"] == "unicodeCodePoints"
    # a learned judgement's confidence rides in the result's property bag; text matches have none
    assert [r.get("properties") for r in results] == [None, None, None, {"confidence": 0.71}, None]


def test_sarif_file_errors_are_notifications():
    (invocation,) = json.loads(render("sarif", sample()))["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert "not UTF-8" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "replies/broken.eml"
    clean = json.loads(render("sarif", Results(files=["a.txt"])))
    sarif_validator().validate(clean)
    assert clean["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_sarif_fingerprints_ignore_line_moves_but_not_content():
    def prints(results):
        return [r["partialFingerprints"]["replylint/v1"] for r in json.loads(render("sarif", results))["runs"][0]["results"]]

    base = sample()
    moved = copy.deepcopy(base)
    for f in moved.findings:
        f.line += 10
        f.end_line += 10
    assert prints(base) == prints(moved)
    assert len(set(prints(base))) == len(base.findings)
    other = copy.deepcopy(base)
    next(f for f in other.findings if f.title).title = "Another template"
    assert len(set(prints(other)) - set(prints(base))) == 1
    reworded = copy.deepcopy(base)
    reworded.findings[-1].evidence["reply"] = "we regret any inconvenience"
    assert len(set(prints(reworded)) - set(prints(base))) == 1
    # The same phrase twice in one file: same hash, told apart by occurrence.
    twice = Results(findings=[copy.deepcopy(base.findings[-1]) for _ in range(2)])
    twice.findings[1].line = 9
    a, b = prints(twice)
    assert a.split(":")[0] == b.split(":")[0] and a != b


def test_sarif_absolute_paths_become_relative_or_file_uris(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inside = finding("RL101", "stock-phrase", "warning", "m", str(tmp_path / "a b.txt"), 1, 1, 1, 2, "x")
    outside = finding("RL101", "stock-phrase", "warning", "m", "/elsewhere/c.txt", 1, 1, 1, 2, "x")
    log = json.loads(render("sarif", Results(findings=[inside, outside])))
    sarif_validator().validate(log)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"a%20b.txt", "file:///elsewhere/c.txt"}


# github


def test_github_annotations_and_escaping():
    lines = render("github", sample()).splitlines()
    assert lines == [
        "::error file=replies/refund.txt,line=1,col=4,endLine=1,endColumn=11,title=RL601 unfilled-placeholder"
        "::Unfilled placeholder: {{name}},%0Afill it in",
        "::warning file=replies/refund.txt,line=3,col=8,endLine=3,endColumn=41,title=RL101 stock-phrase"
        "::Stock phrase: sounds like a form letter",
        "::warning file=replies/ünïcode.txt,line=2,col=4,endLine=2,endColumn=37,title=RL101 stock-phrase::Stock phrase",
        "::notice file=replies/ünïcode.txt,line=5,endLine=6,title=RL301 cold-sign-off::Cold sign-off",
        "::notice file=templates/macros.toml,line=12,col=2,endLine=12,endColumn=28,title=RL101 stock-phrase"
        "::Stock phrase (template: Refund, approved)",
        "::error file=replies/broken.eml::cannot decode: not UTF-8, Latin-1: bad",
    ]


def test_github_escapes_properties():
    f = finding("RL101", "stock-phrase", "warning", "100% sure\r\nreally", "dir,a/b:c%.txt", 1, 1, 1, 2, "x")
    (line,) = render("github", Results(findings=[f])).splitlines()
    assert line.startswith("::warning file=dir%2Ca/b%3Ac%25.txt,line=1,")
    assert line.endswith("::100%25 sure%0D%0Areally")


# junit


def test_junit_is_xml_with_a_failure_per_finding():
    root = ET.fromstring(render("junit", sample()).encode("utf-8"))
    (suite,) = root.iter("testsuite")
    assert suite.get("name") == "replylint"
    cases = {case.get("classname"): case for case in suite.iter("testcase")}
    assert list(cases) == ["replies/refund.txt", "templates/macros.toml", "replies/ünïcode.txt", "replies/broken.eml", "replies/clean.txt"]
    assert len(list(suite.iter("failure"))) == 5 == int(suite.get("failures"))
    assert len(cases["replies/refund.txt"].findall("failure")) == 2
    assert cases["replies/clean.txt"].findall("*") == []
    first = cases["replies/refund.txt"].find("failure")
    assert first.get("type") == "RL601"
    assert first.get("message") == "Unfilled placeholder: {{name}}, fill it in"
    assert first.text.startswith("1:4: RL601 [error] Unfilled placeholder")
    (error,) = cases["replies/broken.eml"].findall("error")
    assert error.get("message") == "cannot decode: not UTF-8, Latin-1: bad"
    assert suite.get("errors") == "1" and suite.get("tests") == "5"


def test_junit_escapes_markup_and_drops_characters_xml_cannot_hold():
    f = finding("RL101", "stock-phrase", "warning", 'a <b> & "c"\x00\x1b', "x&y.txt", 1, 1, 1, 2, "<p>\x0c")
    root = ET.fromstring(render("junit", Results(findings=[f], files=["x&y.txt"])))
    failure = next(root.iter("failure"))
    assert failure.get("message") == 'a <b> & "c"\ufffd\ufffd'
    assert next(root.iter("testcase")).get("classname") == "x&y.txt"
