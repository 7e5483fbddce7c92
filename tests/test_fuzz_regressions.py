"""Inputs benchmarks/fuzz.py found that crashed or hung, kept as regression tests."""
import replylint


def test_crlf_greeting_without_a_name():
    """RL605 (checks/wrong_name._greeting): "Hello,\\r" in a CRLF draft left a name of only
    whitespace, and .split()[0] raised IndexError whenever there was a customer message."""
    reply = "Hello,\r\n\r\nThank you for contacting us. Your order ships today.\r\n\r\nBest,\r\nSam\r\n"
    for greeting in ("Hello,\r\n", "Hi,\u00a0\r\n", "Dear \x0b\r\n"):
        findings = replylint.lint(greeting + reply.split("\r\n", 1)[1], customer="Where is my order?\r\n\r\nThanks,\r\nAnn")
        assert all(f.code != "RL605" for f in findings)
