from __future__ import annotations

import re

from ..rule import Option, Rule
from .. import liquid, variables

GREETING = re.compile(r"(?:^|[\n>]|%\})[ \t]*(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening)|thanks|thank you)[ \t]+\Z", re.IGNORECASE)
AFTER = re.compile(r"[ \t]*(?:[,.!:;]|\r?\n|\Z)")
# Fallbacks that give the form letter away: "Hi valued customer," is worse than "Hi there,".
GENERIC = {
    "customer", "valued customer", "dear customer", "user", "client", "member", "sir", "madam",
    "sir/madam", "sir or madam", "n/a", "na", "null", "none", "nil", "unknown", "name",
    "first name", "firstname", "customer name", "your name",
}


class BadFallback(Rule):
    """
    ## What it flags
    A template variable whose empty value leaves the reply broken or cold:
    a greeting with no fallback (`Hi {%customer.firstName%},` reads "Hi ," when the customer
    has no first name on file), an empty Help Scout fallback
    (`{%customer.firstName,fallback=%}`), an empty Liquid default (`| default: ""`), and
    fallbacks that read like a form letter (`| default: "valued customer"`).
    Only templates are checked.

    ## Why it matters
    Many requesters have no name on file (they wrote from an address only, or through a
    web form). The template is written once and sent thousands of times, so the empty case
    is the one customers see most often; "Hi ," is the first thing they read.

    ## Example
    Hi {{ticket.organization.name}} team,
    Hi {%customer.firstName%},

    ## Better
    {% if ticket.organization.name != empty %}Hi {{ticket.organization.name}} team,{% else %}Hi there,{% endif %}
    Hi {%customer.firstName,fallback=there%},

    Variables the helpdesk always fills are left alone: Zendesk's `ticket.requester.first_name`
    and `ticket.requester.name` (a requester without a name gets the part of their address
    before the @), the ticket's id and link, the agent's own name; Help Scout's agent,
    mailbox and conversation. Organisation names, custom fields, phone numbers and Help Scout's
    `customer.firstName` can be empty and are checked.

    ## Options
    - `always-set` (list of strings, default []): more variables your helpdesk always fills,
      e.g. a custom field your forms make required.
    A greeting inside `{% if %}` on the same variable counts as guarded.
    """

    code = "RL607"
    name = "bad-fallback"
    severity = "warning"
    summary = "A variable whose empty value reads badly: “Hi ,”, an empty or generic fallback."
    options = {
        "always-set": Option(list, [], "more variables your helpdesk always fills (never blank)"),
    }

    def setup(self, nlp) -> None:
        self._never_blank = variables.always_set() | frozenset(self.opts["always-set"])

    def check(self, ctx):
        if not ctx.is_template:
            return
        text = ctx.document.branch_of or ctx.document.text  # the whole template, tags and all
        for var in variables.find(text):
            if not var.output:
                continue
            helpscout = text.startswith("{%", var.placeholder[0])
            if var.fallback is not None:
                value = var.fallback.strip()
                if not value:
                    yield ctx.finding(self, *var.fallback_span,
                                      f"Empty fallback for “{var.name}”: when it is blank the reply shows nothing "
                                      f"here; give a fallback that reads well in the sentence",
                                      evidence={"reply": text[slice(*var.fallback_span)]})
                elif value.lower() in GENERIC:
                    yield ctx.finding(self, *var.fallback_span,
                                      f"Fallback “{value}” reads like a form letter; “there” (“Hi there,”) "
                                      f"or leaving out the greeting's name reads better",
                                      evidence={"reply": value})
                continue
            if variables.base_name(var.name) in self._never_blank:
                continue
            rendered = self._greeting_without(text, var)
            if rendered is None or any(var.name in cond for cond in liquid.conditions_at(text, var.start)):
                continue
            fix = (f"{{%{var.name},fallback=there%}}" if helpscout
                   else f"{{% if {var.name} != empty %}}…{{% else %}}Hi there,{{% endif %}}")
            yield ctx.finding(self, *var.placeholder,
                              f"When “{var.name}” is blank this greeting reads “{rendered}”: give it a fallback ({fix})",
                              evidence={"reply": text[slice(*var.placeholder)]})

    @staticmethod
    def _greeting_without(text: str, var) -> str | None:
        start, end = var.placeholder
        line_start = text.rfind("\n", 0, start) + 1
        before = text[line_start:start]
        if not GREETING.search("\n" + before):
            return None
        after = AFTER.match(text, end)
        if not after:
            return None
        return (before + after.group().rstrip("\r\n")).strip() or None
