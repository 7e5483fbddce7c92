"""Readers: text, zones, context and the way back to the source file, per format."""
from __future__ import annotations

import base64
import time
from pathlib import Path

import pytest

from replylint.errors import InputError
from replylint.readers import DEFAULT_SUFFIXES, read_bytes, read_path, sniff
from replylint.readers.html import to_text

FIXTURES = Path(__file__).parent / "fixtures" / "readers"


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def read_one(name: str):
    docs = read_path(fixture(name))
    assert len(docs) == 1
    return docs[0]


def raw_line_of(name: str, needle: str, encoding: str = "utf-8") -> int:
    """1-based line of the file where `needle` first occurs."""
    for number, line in enumerate((FIXTURES / name).read_bytes().decode(encoding).splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {name}")


def zone_texts(doc) -> list[tuple[str, str]]:
    return [(z.kind, doc.text[z.start : z.end].strip()) for z in doc.zones]


def position_of(doc, needle: str) -> tuple[int, int]:
    return doc.position(doc.text.index(needle))


# -- plain text and Markdown -----------------------------------------------------------------


def test_txt_draft_text_zones_and_positions():
    doc = read_one("draft.txt")
    assert doc.text == (FIXTURES / "draft.txt").read_text()
    assert zone_texts(doc) == [
        ("greeting", "Hi Ann,"),
        ("body", doc.text[doc.text.index("Thanks") : doc.text.index("Best,")].strip()),
        ("signoff", "Best,"),
        ("signature", "Bob Stone\nSupport Engineer, Acme"),
    ]
    assert doc.context is None and doc.context_origin is None
    assert position_of(doc, "refund") == (raw_line_of("draft.txt", "refund for order"), 1)
    assert position_of(doc, "1042") == (4, 18)
    assert doc.notes == []


def test_crlf_kept_and_positions_exact(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Hi Ann,\r\n\r\nYour refund is done.\r\n\r\nThanks,\r\nBob\r\n")
    doc = read_path(str(path))[0]
    assert "\r\n" in doc.text
    assert position_of(doc, "refund") == (3, 6)
    assert zone_texts(doc) == [("greeting", "Hi Ann,"), ("body", "Your refund is done."),
                               ("signoff", "Thanks,"), ("signature", "Bob")]


def test_utf8_bom_is_dropped_and_columns_start_after_it(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHi Ann, refund sent.\n")
    doc = read_path(str(path))[0]
    assert doc.text == "Hi Ann, refund sent.\n"
    assert position_of(doc, "refund") == (1, 9)
    assert doc.source_line(1) == "Hi Ann, refund sent."


def test_invalid_utf8_is_replaced_with_a_note(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Hi Ann,\n\nYour caf\xe9 refund is done.\n")
    doc = read_path(str(path))[0]
    assert "caf\ufffd refund" in doc.text
    assert doc.notes == ["invalid UTF-8 replaced at line 3, column 9"]
    assert position_of(doc, "refund") == (3, 11)


def test_markdown_blanks_code_and_comments_but_keeps_offsets_and_directives():
    doc = read_one("reply.md")
    source = (FIXTURES / "reply.md").read_text()
    assert len(doc.text) == len(source)
    assert doc.text.count("\n") == source.count("\n")
    assert "acme sync" not in doc.text and "```" not in doc.text
    assert "tier 2" not in doc.text
    assert "<!-- replylint-disable RL101 -->" in doc.text
    assert "unclosed fence" not in doc.text  # an unclosed fence runs to the end
    assert doc.source == source
    assert position_of(doc, "refund") == (raw_line_of("reply.md", "refund"), 10)
    assert doc.zones[0].kind == "greeting"


def test_unknown_suffix_reads_as_plain(tmp_path):
    path = tmp_path / "reply.draft"
    path.write_text("From: a@b.example\nTo: c@d.example\n\nHi Ann,\n")
    doc = read_path(str(path))[0]
    assert doc.text.startswith("From: a@b.example")


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "file is empty"),
        (b" \n\t\r\n", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"GIF89a\x01\x00", "binary file"),
        (b"Hi\x00Ann", "binary file"),
    ],
)
def test_refuses_empty_and_binary(tmp_path, content, reason):
    path = tmp_path / "x.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as exc:
        read_path(str(path))
    assert reason in exc.value.reason
    assert exc.value.path == str(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_path(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="is a directory"):
        read_path(str(tmp_path))


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"Hi Ann,\n" + b"a" * 5_000_001)
    with pytest.raises(InputError) as exc:
        read_path(str(path))
    assert exc.value.reason == "file is larger than the 5 MB limit (max-file-size)"
    with pytest.raises(InputError, match="larger than the 100 bytes limit"):
        read_path(fixture("draft.txt"), max_bytes=100)
    assert read_path(str(path), max_bytes=None)[0].text.startswith("Hi Ann,")


def test_default_suffixes():
    # JSON and YAML only when they hold template exports (readers.templates)
    assert set(DEFAULT_SUFFIXES) == {".txt", ".md", ".eml", ".html", ".htm", ".json", ".yaml", ".yml"}


# -- .eml ------------------------------------------------------------------------------------


def test_eml_plain_8bit_with_quoted_history():
    doc = read_one("plain_8bit.eml")
    assert doc.text.startswith("Hi Ann,\n\nSorry for the wait. Your café voucher")
    assert "Content-Type" not in doc.text
    assert zone_texts(doc)[:4] == [
        ("greeting", "Hi Ann,"),
        ("body", "Sorry for the wait. Your café voucher is attached and the\n"
                 "refund for order 1042 went out this morning."),
        ("signoff", "Best,"),
        ("signature", "Bob"),
    ]
    assert doc.zones[-1].kind == "quoted"
    assert doc.context == "Where is my refund? It has been two weeks.\n\nThanks,\nAnn"
    assert doc.context_origin == "quoted"
    assert doc.customer_name == "Ann Lee"
    # 8bit: exact line and column in the raw .eml
    line = raw_line_of("plain_8bit.eml", "refund for order")
    assert position_of(doc, "refund") == (line, 1) == (12, 1)
    assert position_of(doc, "voucher") == (11, 31)  # characters, not bytes
    assert doc.source_line(12) == "refund for order 1042 went out this morning."


def test_eml_quoted_printable_soft_breaks_map_to_the_starting_raw_line():
    doc = read_one("qp_soft.eml")
    assert ("We have now issued the full refund and you will see it within five business days. "
            "The café team says hello.") in doc.text
    assert "HTML version" not in doc.text  # text/plain is preferred
    start = raw_line_of("qp_soft.eml", "We are sorry")
    # "refund" sits after a soft break: it maps to the raw line its decoded line starts on
    assert position_of(doc, "refund")[0] == start == 13
    # the next hard line break is again exact
    assert position_of(doc, "tracking") == (raw_line_of("qp_soft.eml", "tracking"), 6)
    assert doc.source_line(16).startswith("Your tracking number")
    assert doc.context == "Can I get my money back?"
    assert doc.customer_name == "Ann Lee"


def test_eml_base64_maps_every_line_to_the_body_start():
    doc = read_one("base64.eml")
    assert doc.text.startswith("Hi Ann,\n\nYour refund has been processed.")
    body_start = 8
    assert position_of(doc, "refund")[0] == body_start
    assert position_of(doc, "Where is my")[0] == body_start
    assert doc.context == "Where is my refund?"
    assert doc.customer_name == "Ann Lee"


def test_eml_iso_8859_1_charset():
    doc = read_one("latin1.eml")
    assert "We’ve sent the refund for the café order." in doc.text  # 0x92 read as windows-1252
    assert doc.context == "Wo bleibt meine Rückerstattung?\n\nViele Grüße\nJens"
    assert doc.customer_name == "Jens Müller"
    assert position_of(doc, "refund") == (raw_line_of("latin1.eml", "refund", "cp1252"), 16)
    assert doc.source_line(10) == "We’ve sent the refund for the café order."
    assert doc.notes == []


def test_eml_html_only_alternative():
    doc = read_one("html_only.eml")
    assert doc.text.startswith("Hi Ann,\n\nYour refund was sent today & should arrive soon.\n")
    assert "<p>" not in doc.text
    assert doc.context == "Where is my refund?"
    assert doc.customer_name == "Ann Lee"
    assert [k for k, _ in zone_texts(doc)] == ["greeting", "body", "signoff", "signature", "quoted"]
    line = raw_line_of("html_only.eml", "Your refund")
    assert position_of(doc, "refund") == (line, 9) == (13, 9)


def test_eml_attachment_only_is_an_input_error():
    with pytest.raises(InputError) as exc:
        read_path(fixture("attachment_only.eml"))
    assert "no text/plain or text/html part" in exc.value.reason
    assert "invoice-1042.pdf" in exc.value.reason


def test_eml_malformed_mime_is_an_input_error():
    with pytest.raises(InputError) as exc:
        read_path(fixture("malformed.eml"))
    assert exc.value.reason.startswith("malformed MIME")
    assert "no readable text part" in exc.value.reason


def _eml(body: bytes, headers: str) -> bytes:
    return ("From: Bob <bob@acme.example>\nTo: Ann Lee <ann@example.com>\nSubject: Re\n"
            + headers + "\n").encode() + body


def test_eml_unknown_charset_falls_back_to_latin1_with_a_note():
    data = _eml(b"Hi Ann,\n\nR\xe9fund sent.\n", "Content-Type: text/plain; charset=x-made-up\n")
    doc = read_bytes(data, "reply.eml")[0]
    assert "Réfund sent." in doc.text
    assert doc.notes == ["unknown charset 'x-made-up': decoded as latin-1"]


def test_eml_invalid_bytes_for_declared_charset_get_a_note():
    data = _eml(b"Hi Ann,\n\nRefund \xff sent.\n", "Content-Type: text/plain; charset=utf-8\n")
    doc = read_bytes(data, "reply.eml")[0]
    assert "Refund \ufffd sent." in doc.text
    assert doc.notes and "not valid utf-8" in doc.notes[0]


def test_eml_customer_name_from_to_header_without_history():
    doc = read_bytes(_eml(b"Hi Ann,\n\nDone.\n", ""), "reply.eml")[0]
    assert doc.context is None
    assert doc.customer_name == "Ann Lee"


def test_eml_empty_body_is_an_input_error():
    with pytest.raises(InputError, match="no text"):
        read_bytes(_eml(b"\n  \n", "Content-Type: text/plain\n"), "reply.eml")


def test_eml_nested_multipart_quoted_printable_html():
    html = ("<p>Hi Ann,</p>\n<p>We have issued a very long sentence here so that the encoder breaks it "
            "and then the refund=\n word comes after a soft break.</p>\n<p>Caf=C3=A9 refund two</p>\n")
    data = (
        "From: Bob <bob@acme.example>\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="outer"\n'
        "\n"
        "--outer\n"
        'Content-Type: multipart/alternative; boundary="inner"\n'
        "\n"
        "--inner\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "\n"
        "\n"
        "--inner\n"
        "Content-Type: text/html; charset=utf-8\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n" + html +
        "--inner--\n"
        "--outer\n"
        "Content-Type: application/pdf\n"
        "Content-Disposition: attachment; filename=a.pdf\n"
        "\n"
        "JVBERi0=\n"
        "--outer--\n"
    ).encode()
    doc = read_bytes(data, "x.eml")[0]
    assert "Café refund two" in doc.text  # the empty text/plain part gives way to HTML
    lines = data.decode().splitlines()
    assert position_of(doc, "Café")[0] == lines.index("<p>Caf=C3=A9 refund two</p>") + 1
    assert position_of(doc, "We have")[0] == 17


# -- HTML ------------------------------------------------------------------------------------


def test_html_reply_text_zones_and_positions():
    doc = read_one("reply.html")
    assert doc.text.startswith(
        "Hi Ann,\n\nThanks for your patience & sorry for the\ndelay. Your refund is on its way.\n\n"
        "- Order 1042\n- Amount: €25\n\nBest,\nBob\n\n"
    )
    assert "margin" not in doc.text and "Re: refund" not in doc.text  # style and title dropped
    assert "> Where is my refund?" in doc.text
    assert doc.context == "Where is my refund?\n\nThanks,\nAnn"
    assert doc.customer_name == "Ann Lee"
    # each line points at its source line; the wrapped paragraph keeps its source line break
    assert position_of(doc, "delay") == (8, 1)
    assert position_of(doc, "refund")[0] == raw_line_of("reply.html", "<b>refund</b>")
    assert position_of(doc, "Hi Ann") == (6, 4)
    assert position_of(doc, "Order 1042") == (10, 5)
    assert position_of(doc, "Where is") == (16, 4)
    assert doc.source_line(8).startswith("delay.")


def test_html_outlook_reply_header_starts_history():
    doc = read_one("outlook.html")
    assert doc.text.startswith("Hello Priya,\nWe have credited your account.\nRegards,\nBob\n")
    assert "> From: Priya Nair <priya@example.com>" in doc.text
    assert doc.context == "I was charged twice this month. Can you fix it?\nPriya"
    assert doc.customer_name == "Priya Nair"
    assert [k for k, _ in zone_texts(doc)] == ["greeting", "body", "signoff", "signature", "quoted"]


def test_html_outlook_border_top_block():
    html = ('<p>Hi Ann,</p><p>Fixed.</p>\n'
            '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in">'
            '<p><b>From:</b> Ann Lee &lt;ann@example.com&gt;<br><b>Sent:</b> Monday<br>'
            '<b>Subject:</b> Broken</p></div>\n<p>It is broken again.</p>')
    text, _ = to_text(html)
    assert "> It is broken again." in text
    doc = read_bytes(html.encode(), "r.html")[0]
    assert doc.context == "It is broken again."
    assert doc.customer_name == "Ann Lee"


def test_html_entities_and_nested_blockquotes():
    text, origins = to_text("<p>A &lt;b&gt; &amp; &quot;c&quot; &#8211; d&nbsp;e</p>"
                            "<blockquote>one<blockquote>two</blockquote></blockquote><p>after</p>")
    # the blank line between quote levels stays inside the outer quote
    assert text == 'A <b> & "c" – d e\n\n> one\n>\n>> two\n\nafter\n'
    assert len(origins) == text.count("\n")


def test_html_positions_of_lines():
    html = "<div>\n  <p>first line</p>\n  <p>second <i>line</i>\n   wrapped</p>\n</div>"
    text, origins = to_text(html)
    assert text == "first line\n\nsecond line\nwrapped\n"
    assert origins[0] == (2, 6)
    assert origins[2] == (3, 6)
    assert origins[3] == (4, 4)


def test_html_deep_nesting_does_not_crash():
    depth = 10_000
    html = "<div>" * depth + "<blockquote>" * depth + "deep text" + "</blockquote>" * depth + "</div>" * depth
    started = time.monotonic()
    text, origins = to_text(html)
    assert text.strip().endswith("deep text")
    assert text.startswith(">")
    assert time.monotonic() - started < 10
    # unclosed and mismatched tags too
    text, _ = to_text("<blockquote><span>" * depth + "x" + "</div>" * depth)
    assert text.strip().endswith("x")


def test_html_unclosed_head_does_not_hide_the_body():
    doc = read_bytes(b"<html><head><title>t</title><body><p>Hi Ann, refund sent.</p>", "r.html")[0]
    assert doc.text == "Hi Ann, refund sent.\n"


def test_html_without_text_is_an_input_error():
    with pytest.raises(InputError, match="no text"):
        read_bytes(b"<html><body><img src='x.png'></body></html>", "r.html")


# -- stdin -----------------------------------------------------------------------------------


def test_sniffing():
    assert sniff((FIXTURES / "plain_8bit.eml").read_bytes()) == "eml"
    assert sniff(b"From nobody Mon Jan  3 10:00:00 2022\nFrom: a@b\nDate: x\n\nbody") == "eml"
    assert sniff((FIXTURES / "reply.html").read_bytes()) == "html"
    assert sniff(b"<html><body>Hi</body></html>") == "html"
    assert sniff(b"Hi <b>Ann</b>,<p>a</p><p>b</p><br><div>x</div>") == "html"
    assert sniff((FIXTURES / "draft.txt").read_bytes()) == "plain"
    assert sniff(b"Subject: Refund\n\nHi Ann, one header is not an email.") == "plain"
    assert sniff(b"Hi Ann,\nPlease use <br> tags.\n") == "plain"


def test_read_bytes_dispatch():
    eml = (FIXTURES / "plain_8bit.eml").read_bytes()
    doc = read_bytes(eml)[0]
    assert doc.path == "-"
    assert doc.text.startswith("Hi Ann,")
    assert doc.position(doc.text.index("refund")) == (12, 1)
    # a hint or a named path wins over sniffing
    assert read_bytes(eml, hint="plain")[0].text.startswith("From: Bob")
    assert read_bytes(eml, "draft.txt")[0].text.startswith("From: Bob")
    assert read_bytes(b"Hi <b>Ann</b>", hint="html")[0].text == "Hi Ann\n"
    assert read_bytes(b"Hi <b>Ann</b>", hint=".html")[0].text == "Hi Ann\n"
    md = read_bytes(b"Hi Ann,\n```\ncode\n```\n", hint="markdown")[0]
    assert "code" not in md.text
    with pytest.raises(InputError, match="file is empty"):
        read_bytes(b"   \n")
    doc = read_bytes(b"Hi Ann,\n\nDone.\n", is_template=True)[0]
    assert doc.is_template


def test_base64_sniffed_from_stdin_keeps_mapping():
    body = base64.encodebytes(b"Hi Ann,\n\nRefund done.\n").decode()
    data = ("From: a@b.example\nTo: c@d.example\nContent-Transfer-Encoding: base64\n\n" + body).encode()
    doc = read_bytes(data)[0]
    assert doc.text.startswith("Hi Ann,\n\nRefund done.")
    assert position_of(doc, "Refund")[0] == 5
