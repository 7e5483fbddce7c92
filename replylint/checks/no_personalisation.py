from __future__ import annotations

from ..repository import RepositoryRule


class NoPersonalisation(RepositoryRule):
    """
    ## What it flags
    A template with no placeholder or variable at all: nothing in it changes from one
    customer to the next (no name, no order, no ticket). Counted over the whole template,
    every `{% if %}` branch included; a condition such as `{% if ticket.priority == "urgent" %}`
    counts as personal, `{% else %}`, `{% endif %}` and comments do not. Runs after all files
    are read, on templates only.

    ## Why it matters
    A reply that could go to anyone reads like it went to everyone. One detail that is
    theirs (their name, the order it is about) tells the customer a person looked at
    their case; it is also a cue for the agent to check the template fits before sending.

    ## Example
    Thank you for contacting us. Your request has been received and will be handled shortly.

    ## Better
    Hi {{ticket.requester.first_name}}, thanks for the details on order {{ticket.ticket_field_order}}. I'll check it with the warehouse today.

    ## Options
    None.
    """

    code = "RL609"
    name = "no-personalisation"
    severity = "info"
    summary = "A template with no placeholder at all: nothing in it is about this customer."

    def check_repository(self, templates):
        for facts in templates:
            if facts.personal == 0:
                yield self.finding(
                    facts,
                    "No placeholder in this template: nothing in it changes per customer "
                    "(add their name, or the order or ticket it is about)",
                )
