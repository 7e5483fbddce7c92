from replylint import suppress

TEXT = (
    "Line one thank you for your patience.\n"
    "<!-- replylint: disable-next-line=RL101 -->\n"
    "Thank you for your patience.\n"
    "<!-- replylint: disable=RL1,RL6 -->\n"
    "Rest assured.\n"
    "<!-- replylint: enable=RL1,RL6 -->\n"
    "Rest assured again.\n"
    "[[replylint: disable]]\n"
    "Everything off.\n"
)


def test_directives_are_blanked_keeping_offsets():
    blanked, _ = suppress.parse(TEXT)
    assert len(blanked) == len(TEXT)
    assert "replylint" not in blanked
    assert blanked.count("\n") == TEXT.count("\n")


def test_ranges():
    _, s = suppress.parse(TEXT)
    off = TEXT.index
    assert not s.covers(off("thank you"), "RL101")
    assert s.covers(off("Thank you"), "RL101")
    assert not s.covers(off("Thank you"), "RL401")
    assert s.covers(off("Rest assured."), "RL102") and s.covers(off("Rest assured."), "RL601")
    assert not s.covers(off("Rest assured again"), "RL101")
    assert s.covers(off("Everything off"), "RL401")


def test_suppression_applies_in_the_linter(linter):
    findings = linter.lint(TEXT)
    lines = sorted({f.line for f in findings if f.code == "RL101"})
    assert lines == [1, 7]  # line 3 is disabled by the next-line directive, line 5 by the block
