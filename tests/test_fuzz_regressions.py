"""Inputs benchmarks/fuzz.py found that crashed or hung, kept as regression tests."""
import replylint


def test_crlf_greeting_without_a_name():
    """RL605 (checks/wrong_name._greeting): "Hello,\\r" in a CRLF draft left a name of only
    whitespace, and .split()[0] raised IndexError whenever there was a customer message."""
    reply = "Hello,\r\n\r\nThank you for contacting us. Your order ships today.\r\n\r\nBest,\r\nSam\r\n"
    for greeting in ("Hello,\r\n", "Hi,\u00a0\r\n", "Dear \x0b\r\n"):
        findings = replylint.lint(greeting + reply.split("\r\n", 1)[1], customer="Where is my order?\r\n\r\nThanks,\r\nAnn")
        assert all(f.code != "RL605" for f in findings)


def test_html_marked_section_with_an_unknown_keyword():
    """readers.html: Python < 3.13's HTMLParser raises AssertionError on "<![foo" (fuzz input
    10397 of seed 1); it is a bogus comment, as browsers read it, and the rest is still read."""
    from replylint.readers import read_bytes

    html = b"<![Customer Name]DOCTYPE html><p>Hi Ann,</p><![if !supportLists]>1.<![endif]><p>It ships today.</p><![x"
    [document] = read_bytes(html, "reply.html")
    assert "Hi Ann," in document.text and "It ships today." in document.text


def test_columns_of_text_a_reader_adds_are_not_below_one():
    """Document.position: a span starting on the "- " or "> " an HTML list or quote adds was
    mapped to column -1 (fuzz input 84976 of seed 1, an RL201 finding)."""
    from replylint.readers import read_bytes

    [document] = read_bytes(b"<ul><li>\n&gt; <blockquote>x</blockquote></li></ul><p>Hi</p>", "a.html")
    assert document.text.startswith("- >")
    assert all(document.position(i)[1] >= 1 for i in range(len(document.text) + 1))


def test_long_runs_without_a_space_tokenize_in_linear_time():
    """nlp.pipeline: spaCy peels suffixes off '!!!!…' one at a time, rescanning the rest each
    time: 8,000 characters took 5 s (fuzz input 28731 of seed 2, '}}"' repeated)."""
    import time

    from replylint.nlp import get_pipeline

    nlp = get_pipeline()
    for run in ("!" * 50_000, '}}"' * 20_000, "word)" * 10_000):
        started = time.perf_counter()
        doc = nlp.make_doc(f"Hi Ann, {run} thanks.")
        assert time.perf_counter() - started < 2
        assert [t.text for t in doc][:2] == ["Hi", "Ann"] and doc[-1].text == "." and len(doc) <= 8
    assert [t.text for t in nlp.make_doc("Hello (world)! It's fine.")] == ["Hello", "(", "world", ")", "!", "It", "'s", "fine", "."]


def test_a_long_capitalised_run_is_not_cubic_in_rl602():
    """RL602 (checks/missing_greeting.NAME_LINE): '(?:[A-Z][\\w.-]*\\s*){1,3}' could split
    'TraTraTra…' into three words in cubically many ways: 3.5 kB took 18 s (fuzz input 29115
    of seed 3). The same lines still count as a name-only greeting."""
    import time

    from replylint.checks.missing_greeting import NAME_LINE

    started = time.perf_counter()
    assert not NAME_LINE.match("Content-" + "Tra" * 2000 + "T\u00fc?")
    assert time.perf_counter() - started < 0.5
    for line in ("Ann,", "Ms Ortiz,", "Anne -", "Ann-Marie O'Neil:", "AnnLee"):
        assert NAME_LINE.match(line), line
    assert not NAME_LINE.match("Ann Lee Bob Sue,") and not NAME_LINE.match("ann,")


def test_apology_suggestion_on_a_long_line_of_symbols():
    """RL201's suggestion stripped a tweet's trailing handles, links and emoji with one pattern
    of nested repeats; a customer message holding a pasted log (labelled email thread
    r-mailing-lists/msg-bd0ec1a7a13b) backtracked for minutes inside the pre-send hook."""
    from replylint.checks.missing_apology import suggested_apology

    assert suggested_apology("Still haven't received my refund @Brand #fail 😡😡") == \
        "I'm sorry you still haven't received your refund."
    assert suggested_apology("my order is late😡 https://t.co/x") == "I'm sorry your order is late."
    assert suggested_apology("x " + "~!@ " * 3000 + "a") == "I'm sorry you ran into this."
    findings = replylint.lint("Hi,\n\nPlease reinstall.\n\nBest,\nAl",
                              customer="I still haven't received my refund, three weeks on, and nobody answers. "
                              + "** ~~ -- " * 400 + "!!")
    assert any(f.code == "RL201" for f in findings)


def test_question_mark_before_tags_links_and_symbols():
    """The question signal's end-of-question test, in linear time on pasted punctuation."""
    from replylint.signals.questions import _question_tail

    for text, expected in [("is it ok?", True), ("is it ok? @brand #help", True), ("is it ok?! 😡", True),
                           ("is it ok? https://x.co/a?b=1", True), ("is it ok", False),
                           ("ok? then no", False), ("really? ok.", False)]:
        assert _question_tail(text) is expected, text
    assert _question_tail("what " + "?!" * 30000 + "x") is False


def test_rule_lines_on_long_lines():
    """RL603's footer rule line: leading and trailing \\s* around [\\W_]{8,} backtracked
    polynomially on a long line of spaced symbols."""
    from replylint.checks.missing_closing import closing_lines

    assert closing_lines("Thanks,\nSam\n-----------\nlist footer") == ["Thanks,", "Sam"]
    assert closing_lines("Thanks,\nSam\n" + "- " * 20000 + "x")[-1].endswith("x")
