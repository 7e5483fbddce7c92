"""Template placeholders: found once, then treated as single opaque tokens by every rule."""
from __future__ import annotations

import re

PLACEHOLDER = re.compile(
    r"""
      \{\{[^{}\n]{1,200}\}\}                 # Liquid / Handlebars / Jinja: {{ ticket.requester.first_name }}
    | \{%[^\n]{1,200}?%\}                    # {% if x %} and Help Scout {%customer.firstName,fallback=there%}
    | \{[A-Za-z_][\w.]{0,60}\}               # {first_name}
    | \[(?:[A-Z][\w'.-]*|[A-Z]{2,})(?:[ _-][A-Za-z0-9][\w'.-]*){0,5}\](?!\()  # [Customer Name], [ORDER ID]; not [link](url)
    | <[A-Z][A-Z0-9]*(?:[_ -][A-Z0-9]+){0,5}>  # <ISSUE_NUMBER>, <ORDER ID>
    | \bX{3,}\b                              # XXX
    | %[A-Z][A-Z0-9_]{2,40}%                 # %TICKET_ID%
    """,
    re.VERBOSE,
)


def find(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in PLACEHOLDER.finditer(text)]
