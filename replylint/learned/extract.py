"""The Context a rule sees, for one reply and customer message outside a lint run: training
reads features exactly as the rules compute them at lint time."""
from __future__ import annotations


def context(linter, reply: str, customer: str | None):
    from .. import suppress
    from .. import zones as zoning
    from ..document import Document
    from ..engine import Context
    from ..nlp.pipeline import process

    split = zoning.split(reply)
    document = Document(path="-", text=reply, zones=split.zones, context=customer,
                        context_origin="api" if customer is not None else None,
                        customer_name=split.customer_name)
    text, _ = suppress.parse(document.text)
    doc = process(linter.nlp, text, [(z.start, z.end, z.kind) for z in document.zones], parse=linter.parses_reply)
    return Context(linter, document, doc)
