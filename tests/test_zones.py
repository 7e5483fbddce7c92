"""zones.split: greeting, body, sign-off, signature, quoted history, context and customer name."""
from __future__ import annotations

import pytest

from replylint.zones import split


def zones_of(text: str) -> list[tuple[str, str]]:
    return [(z.kind, text[z.start : z.end].strip()) for z in split(text).zones]


def kinds(text: str) -> list[str]:
    return [z.kind for z in split(text).zones]


TOP_POSTED = """Hi Ann,

Your refund is on its way.

Best,
Bob
Support Engineer | Acme
+1 555 0100

On Mon, Jan 3, 2022 at 10:04 AM Ann Lee <ann@example.com> wrote:
> Where is my refund?
>
> Thanks,
> Ann
>
>> On Sun, Jan 2, 2022, Bob <bob@acme.example> wrote:
>> Please send your order number.
"""


def test_top_posted_reply():
    result = split(TOP_POSTED)
    assert zones_of(TOP_POSTED) == [
        ("greeting", "Hi Ann,"),
        ("body", "Your refund is on its way."),
        ("signoff", "Best,"),
        ("signature", "Bob\nSupport Engineer | Acme\n+1 555 0100"),
        ("quoted", TOP_POSTED[TOP_POSTED.index("On Mon") :].strip()),
    ]
    # attribution lines and the nested ">>" history are not the customer's words
    assert result.context == "Where is my refund?\n\nThanks,\nAnn"
    assert result.customer_name == "Ann Lee"


@pytest.mark.parametrize(
    "attribution, name",
    [
        ("On Mon, 3 Jan 2022 at 10:04, Ann Lee <ann@example.com> wrote:", "Ann Lee"),
        ("On Jan 3, 2022, at 10:04, Ann Lee <ann@example.com> wrote:", "Ann Lee"),
        ("On Mon, Jan 3, 2022 at 10:04 AM Ann Lee <ann@example.com>\nwrote:", "Ann Lee"),
        ("On Mon, 3 Jan 2022 at 10:04, Ann Lee <ann@\nexample.com> wrote:", "Ann Lee"),
        ('On 03/01/2022 10:04, "Lee, Ann" <ann@example.com> wrote:', "Ann Lee"),
        ("On Monday, Ann Lee wrote:", "Ann Lee"),
        ("Ann Lee <ann@example.com> wrote:", "Ann Lee"),
        ("Am Mo., 3. Jan. 2022 um 10:04 Uhr schrieb Ann Lee <ann@example.com>:", "Ann Lee"),
        ("Le lun. 3 janv. 2022 à 10:04, Marie Dupont <marie@example.com> a écrit :", "Marie Dupont"),
        ("El lun, 3 ene 2022 a las 10:04, Ana Ruiz (<ana@example.com>) escribió:", "Ana Ruiz"),
    ],
)
def test_attributions(attribution, name):
    text = f"Hi,\n\nDone.\n\n{attribution}\n> Where is my refund?\n"
    result = split(text)
    assert kinds(text) == ["greeting", "body", "quoted"]
    quoted = result.zones[-1]
    assert text[quoted.start :].startswith(attribution.split("\n")[0])
    assert result.context == "Where is my refund?"
    assert result.customer_name == name


def test_attribution_with_only_an_address_falls_back_to_the_customer_signoff():
    text = "Hi,\n\nDone.\n\nOn 3 Jan 2022, at 10:04, ann@example.com wrote:\n> Where is it?\n>\n> Thanks,\n> Ann Lee\n"
    assert split(text).customer_name == "Ann Lee"


def test_customer_signoff_name_without_any_header():
    text = "Hi,\n\n> My order never came.\n> Cheers, Priya\n\nSorry, resending now.\n"
    assert split(text).customer_name == "Priya"


def test_interleaved_reply():
    text = """Hello,

> Can I get a refund?

Yes, you can. Thanks for asking!

> > Earlier question from the agent

> And when will it ship?

Tomorrow.

Thanks!
Bob
--
Acme Support
"""
    result = split(text)
    assert zones_of(text) == [
        ("greeting", "Hello,"),
        ("quoted", "> Can I get a refund?"),
        # greeting and sign-off are only looked for at the start and the end of the reply
        ("body", "Yes, you can. Thanks for asking!"),
        ("quoted", "> > Earlier question from the agent\n\n> And when will it ship?"),
        ("body", "Tomorrow."),
        ("signoff", "Thanks!"),
        ("signature", "Bob"),
        ("signature", "--\nAcme Support"),
    ]
    assert result.context == "Can I get a refund?\n\nAnd when will it ship?"


def test_attribution_then_interleaved_answers():
    text = """Hi Ann,

On Mon, 3 Jan 2022, Ann Lee <ann@example.com> wrote:
> Can I get a refund?

Yes.

> When will it ship?

Tomorrow.

Best,
Bob
"""
    assert zones_of(text) == [
        ("greeting", "Hi Ann,"),
        ("quoted", "On Mon, 3 Jan 2022, Ann Lee <ann@example.com> wrote:\n> Can I get a refund?"),
        ("body", "Yes."),
        ("quoted", "> When will it ship?"),
        ("body", "Tomorrow."),
        ("signoff", "Best,"),
        ("signature", "Bob"),
    ]
    assert split(text).context == "Can I get a refund?\n\nWhen will it ship?"


def test_bottom_posted_reply():
    text = "On Mon, Ann Lee <ann@example.com> wrote:\n> Is it fixed?\n\nHi Ann,\n\nYes, it is.\n\nCheers,\nBob\n"
    assert kinds(text) == ["quoted", "greeting", "body", "signoff", "signature"]
    assert split(text).context == "Is it fixed?"


OUTLOOK = """Dear Mr Smith,

We fixed it.

Kind regards,
Bob

-----Original Message-----
From: Lee, Ann [mailto:ann@example.com]
Sent: Monday, January 3, 2022 10:04 AM
To: Support
Subject: Refund

Hi, where is my refund?
Ann

From: Bob <bob@acme.example>
Sent: Sunday, January 2, 2022 9:00 AM
To: Ann
Subject: Re: Refund

Our earlier reply, which is not the customer's.
"""


def test_outlook_original_message_with_older_history_below():
    result = split(OUTLOOK)
    assert zones_of(OUTLOOK)[:4] == [
        ("greeting", "Dear Mr Smith,"),
        ("body", "We fixed it."),
        ("signoff", "Kind regards,"),
        ("signature", "Bob"),
    ]
    assert result.zones[-1].kind == "quoted"
    assert OUTLOOK[result.zones[-1].start :].startswith("-----Original Message-----")
    # header lines dropped; the second header block starts older history
    assert result.context == "Hi, where is my refund?\nAnn"
    assert result.customer_name == "Ann Lee"


def test_outlook_header_block_without_separator():
    text = ("Hi Ann,\n\nText\n\n________________________________\nFrom: Ann Lee <ann@example.com>\n"
            "Sent: Monday\nTo: support\nSubject: x\n\nWhere?\n")
    result = split(text)
    assert kinds(text) == ["greeting", "body", "quoted"]
    assert result.context == "Where?"
    assert result.customer_name == "Ann Lee"
    text = "Hi,\n\nOK.\n\nFrom: Ann Lee <ann@example.com>\nDate: Mon\nSubject: x\n\nHelp!\n"
    assert split(text).context == "Help!"


def test_forwarded_message():
    text = ("Hi there,\n\nSee below.\n\nBegin forwarded message:\n\nFrom: Ann Lee <ann@example.com>\n"
            "Subject: Help\nDate: Jan 3\n\nPlease help me.\n")
    result = split(text)
    assert kinds(text) == ["greeting", "body", "quoted"]
    assert result.context == "Please help me."
    assert result.customer_name == "Ann Lee"


def test_quotequail_finds_headers_we_do_not():
    text = "Hi,\n\nDone.\n\n2022/01/03 Ann Lee <ann@example.com>\n\nWhere is it?\n"
    result = split(text)
    assert kinds(text) == ["greeting", "body", "quoted"]
    assert result.context == "Where is it?"


def test_reply_without_history():
    text = "Hi Ann,\n\nAll done.\n"
    result = split(text)
    assert result.context is None and result.customer_name is None
    assert kinds(text) == ["greeting", "body"]


@pytest.mark.parametrize(
    "first, greeting",
    [
        ("Hi Ann,", "Hi Ann,"),
        ("Hello,", "Hello,"),
        ("Dear Mr Smith,", "Dear Mr Smith,"),
        ("Dear Mr. Smith,", "Dear Mr. Smith,"),
        ("Good morning Sam", "Good morning Sam"),
        ("Hey there!", "Hey there!"),
        ("Thanks Ann,", "Thanks Ann,"),
        ("Hi Ann, thanks for reaching out about the refund.", "Hi Ann,"),
        ("Hi {{ticket.requester.first_name | default: 'there'}},", "Hi {{ticket.requester.first_name | default: 'there'}},"),
        ("Hi [Customer Name],", "Hi [Customer Name],"),
        ("Thanks for the quick reply, I will check now.", None),
        ("Thanks for the quick reply,", None),
        ("Morning deliveries are late this week, sorry.", None),
        ("Hi Ann I looked at your account and everything is fine now", None),
        ("Thanks!", None),
    ],
)
def test_greeting(first, greeting):
    text = f"{first}\n\nYour refund is on its way.\n"
    found = [t for k, t in zones_of(text) if k == "greeting"]
    assert found == ([greeting] if greeting else [])
    if greeting and len(greeting) < len(first):
        body = split(text).zones[1]
        assert body.kind == "body" and body.start == len(greeting)


@pytest.mark.parametrize(
    "closing, signoff, signature",
    [
        ("Best,\nBob", "Best,", "Bob"),
        ("Kind regards,\nBob Stone\nAcme Support", "Kind regards,", "Bob Stone\nAcme Support"),
        ("Thanks,\nBob", "Thanks,", "Bob"),
        ("Cheers", "Cheers", None),
        ("Cheers, Bob", "Cheers,", "Bob"),
        ("Thank you for your patience,\nBob", "Thank you for your patience,", "Bob"),
        ("Have a great day!\nBob", "Have a great day!", "Bob"),
    ],
)
def test_signoff_and_signature(closing, signoff, signature):
    text = f"Hi Ann,\n\nYour refund is on its way.\n\n{closing}\n"
    got = zones_of(text)
    assert ("signoff", signoff) in got
    assert [t for k, t in got if k == "signature"] == ([signature] if signature else [])
    assert ("body", "Your refund is on its way.") in got


def test_signature_delimiter_without_signoff():
    text = "Hi Ann,\n\nDone.\n\n-- \nBob Stone\nAcme\n"
    assert zones_of(text) == [("greeting", "Hi Ann,"), ("body", "Done."), ("signature", "-- \nBob Stone\nAcme")]


def test_thanks_in_the_middle_is_body():
    text = "Hi Ann,\n\nThanks!\nI looked into your order and found that it was sent to the old address we had.\nIt will be redirected today, and you will get an email when it ships.\n"
    assert kinds(text) == ["greeting", "body"]


def test_crlf_text():
    text = "Hi Ann,\r\n\r\nDone.\r\n\r\nBest,\r\nBob\r\n\r\nOn Mon, Ann Lee <ann@example.com> wrote:\r\n> Is it done?\r\n"
    result = split(text)
    assert [k for k, _ in zones_of(text)] == ["greeting", "body", "signoff", "signature", "quoted"]
    assert result.context == "Is it done?"
    assert result.customer_name == "Ann Lee"


@pytest.mark.parametrize("text", [TOP_POSTED, OUTLOOK, "", "\n\n", "> only a quote", "Hi", "On Monday\nwe ship."])
def test_zones_are_sorted_disjoint_and_in_bounds(text):
    zones = split(text).zones
    for zone in zones:
        assert 0 <= zone.start < zone.end <= len(text)
    for a, b in zip(zones, zones[1:]):
        assert a.end <= b.start


def test_sentence_starting_with_on_is_not_history():
    text = "Hi Ann,\n\nOn Monday we shipped your order.\nThe courier wrote: it is on its way.\n"
    assert "quoted" not in kinds(text)


def test_bar_quoted_lines_are_history_and_tables_are_not():
    from replylint import zones

    text = "John Doe wrote:\n| It fails to install.\n| What should I do?\n\nUse the other mirror.\n"
    split = zones.split(text)
    assert [z.kind for z in split.zones] == ["quoted", "body"]
    assert split.context == "It fails to install.\nWhat should I do?"
    table = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert [z.kind for z in zones.split(table).zones] == ["body"]


FOOTER = """Hello,

The kettle I bought last week stopped heating after two days. Can you replace it?

Thanks,
Priya Raman
This message and its attachments are confidential and intended solely for the addressee.
If you have received this message in error, please notify the sender immediately and delete it.
Kettleworks Ltd cannot accept any responsibility for loss caused by viruses.
"""


def test_a_legal_footer_is_signature_not_body():
    zones = zones_of(FOOTER)
    body = " ".join(text for kind, text in zones if kind == "body")
    signature = " ".join(text for kind, text in zones if kind == "signature")
    assert "stopped heating" in body
    assert "received this message in error" in signature
    assert "cannot accept any responsibility" in signature and "responsibility" not in body


def test_one_confidential_remark_in_the_body_is_not_a_footer():
    text = ("Hi,\n\nI can't share the confidential test report here, but the board fails at boot.\n"
            "Could you tell me what the error code means?\n\nThanks,\nLi\n")
    assert "signature" not in kinds(text) or all(
        "confidential" not in t for k, t in zones_of(text) if k == "signature")
