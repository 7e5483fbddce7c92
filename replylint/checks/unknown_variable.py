from __future__ import annotations

from ..errors import ConfigError
from ..finding import Suggestion
from ..rule import Option, Rule
from .. import variables


class UnknownVariable(Rule):
    """
    ## What it flags
    A template variable your help desk does not define, usually a typo:
    `{{ticket.requester.firstname}}` for `{{ticket.requester.first_name}}`, or
    `{%customer.firstname%}` for `{%customer.firstName%}`. Names in `{% if %}` conditions
    count too. Only templates are checked.

    ## Why it matters
    Help desks render a variable they don't know as nothing, so the customer gets
    "Hi ," or "your ticket # is open", and nobody notices until a customer does.

    ## Example
    Hi {{ticket.requester.firstname}}, your ticket {{ticket.id}} is now closed.

    ## Better
    Hi {{ticket.requester.first_name}}, your ticket {{ticket.id}} is now closed.

    ## Options
    `sets`: the built-in variable lists to accept, from `zendesk` and `helpscout` (both by
    default; `[]` for none). Add your own names with the `known-variables` config key, which
    takes globs (`dc.*`, `ticket.ticket_field_*`). Loop variables and `{% assign %}` names
    are always known.
    """

    code = "RL606"
    name = "unknown-variable"
    severity = "warning"
    summary = "A template variable the help desk does not define (a typo renders as nothing)."
    options = {
        "sets": Option(list, list(variables.SETS), "built-in variable lists to accept: zendesk, helpscout"),
    }

    def __init__(self, options=None):
        super().__init__(options)
        unknown = set(self.opts["sets"]) - set(variables.SETS)
        if unknown:
            raise ConfigError(f"option 'sets' of rule {self.code}: unknown set(s) {', '.join(sorted(unknown))} "
                              f"(known: {', '.join(variables.SETS)})")
        self._known: dict[tuple, variables.Known] = {}

    def known(self, config) -> variables.Known:
        key = tuple(config.known_variables)
        if key not in self._known:
            self._known[key] = variables.Known(variables.builtin(tuple(self.opts["sets"])) + key)
        return self._known[key]

    def check(self, ctx):
        if not ctx.is_template:
            return
        known = self.known(ctx.config)
        for var in variables.find(ctx.document.branch_of or ctx.document.text):  # tags and all
            if var.name in known:
                continue
            guess = known.suggest(var.name)
            hint = f": did you mean “{guess}”?" if guess else " (add it to `known-variables` if your help desk defines it)"
            yield ctx.finding(
                self, var.start, var.end, f"Unknown template variable “{var.name}”{hint}",
                evidence={"reply": var.name},
                suggestions=[Suggestion(var.start, var.end, guess)] if guess else (),
            )

