"""Template variables: where each one is, its name, and the fallback it renders when empty.

Forms read:
    {{ ticket.requester.first_name }}                 Liquid / Handlebars / Zendesk output
    {{ first_name | default: "there" }}              Liquid default filter (also `fallback:`)
    {%customer.firstName,fallback=there%}            Help Scout
    {% if ticket.requester.first_name %}             names in if/elsif/unless/case/when/for/assign
Loop variables and assigned names ({% for tag in ... %}, {% assign x = ... %}) are local.
"""
from __future__ import annotations

import fnmatch
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

OUTPUT = re.compile(r"\{\{-?\s*(?P<expr>[^{}]*?)\s*-?\}\}")
HELPSCOUT = re.compile(r"\{%\s*(?P<name>[A-Za-z_]\w*(?:\.\w+)+)\s*(?:,\s*fallback\s*=(?P<fallback>[^%]*?))?\s*%\}")
TAG = re.compile(r"\{%-?\s*(?P<tag>if|elsif|unless|case|when|for|assign|capture)\b(?P<args>(?:(?!%\}).)*?)-?%\}", re.DOTALL)
NAME = re.compile(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\s*(?:\d+|'[^']*'|\"[^\"]*\")\s*\])*")
DEFAULT = re.compile(r"\|\s*(?:default|fallback)\s*(?::|\()\s*(?P<q>[\"'])(?P<value>.*?)(?P=q)")
STRING = re.compile(r"\"[^\"]*\"|'[^']*'")
KEYWORDS = {"and", "or", "not", "contains", "true", "false", "nil", "null", "empty", "blank", "in",
            "reversed", "limit", "offset", "with", "else", "this"}
# Liquid properties that any value has: ticket.tags.size is ticket.tags.
PROPERTIES = (".size", ".first", ".last", ".length")
SETS = ("zendesk", "helpscout")


@dataclass
class Variable:
    name: str
    start: int  # the name's span in the text
    end: int
    placeholder: tuple[int, int]  # the whole {{ ... }} or {% ... %}
    fallback: str | None = None  # None: none given
    fallback_span: tuple[int, int] | None = None
    output: bool = True  # False: named in a tag's condition, not printed


def find(text: str) -> list[Variable]:
    found: list[Variable] = []
    local = locals_in(text)
    for m in OUTPUT.finditer(text):
        expr = m.group("expr")
        if not expr or expr[0] in "#/^!>&" or expr.split()[0] == "else":
            continue  # Handlebars blocks, partials and comments
        name = NAME.match(expr)
        if not name or name.group().split(".")[0] in local:
            continue  # a literal ({{ 'now' | date: '%Y' }}) or a loop variable
        start = m.start("expr") + name.start()
        var = Variable(name.group(), start, start + len(name.group()), (m.start(), m.end()))
        default = DEFAULT.search(expr, name.end())
        if default:
            var.fallback = default.group("value")
            a = m.start("expr") + default.start("value")
            var.fallback_span = (a - 1, a + len(var.fallback) + 1)  # with its quotes
        found.append(var)
    for m in HELPSCOUT.finditer(text):
        var = Variable(m.group("name"), m.start("name"), m.end("name"), (m.start(), m.end()))
        if m.group("fallback") is not None:
            var.fallback = m.group("fallback").strip()
            var.fallback_span = (m.start("fallback") - len("fallback="), m.end("fallback"))
        found.append(var)
    for m in TAG.finditer(text):
        args, base = m.group("args"), m.start("args")
        if m.group("tag") == "capture":
            continue
        if m.group("tag") in ("for", "assign"):
            cut = re.search(r"\bin\b|=", args)
            args, base = (args[cut.end():], base + cut.end()) if cut else ("", base)
        args = STRING.sub(lambda s: " " * len(s.group()), args)
        for name in NAME.finditer(args):
            if name.group() in KEYWORDS or name.group().split(".")[0] in local:
                continue
            start = base + name.start()
            found.append(Variable(name.group(), start, start + len(name.group()), (m.start(), m.end()), output=False))
    found.sort(key=lambda v: v.start)
    return found


def locals_in(text: str) -> set[str]:
    names = set(re.findall(r"\{%-?\s*for\s+([A-Za-z_]\w*)\s+in\b", text))
    names |= set(re.findall(r"\{%-?\s*(?:assign|capture)\s+([A-Za-z_]\w*)", text))
    return names


def base_name(name: str) -> str:
    """The variable a name refers to: indexes and .size/.first dropped."""
    name = re.sub(r"\[[^\]]*\]", "", name)
    while name.endswith(PROPERTIES):
        name = name.rsplit(".", 1)[0]
    return name


@lru_cache(maxsize=8)
@lru_cache(maxsize=None)
def _placeholders(name: str) -> dict:
    from .builtin import pack_dir

    with open(pack_dir() / "lexicons" / f"{name}_placeholders.toml", "rb") as handle:
        return tomllib.load(handle)[name]


def builtin(sets: tuple[str, ...] = SETS) -> tuple[str, ...]:
    """The built-in variable lists (rules/lexicons/*_placeholders.toml) for the named sets."""
    return tuple(n for name in sets for n in _placeholders(name)["variables"])


def always_set(sets: tuple[str, ...] = SETS) -> frozenset[str]:
    """Built-in variables the helpdesk always fills (Zendesk falls back to the part of the
    requester's address before the @ for a missing name), so they are never blank."""
    return frozenset(n for name in sets for n in _placeholders(name).get("always_set", []))


class Known:
    """Known names and globs: is a variable defined, and what was probably meant if not."""

    def __init__(self, names):
        self.exact = {n for n in names if not any(c in n for c in "*?[")}
        self.globs = [n for n in names if n not in self.exact]

    def __contains__(self, name: str) -> bool:
        name = base_name(name)
        return name in self.exact or any(fnmatch.fnmatchcase(name, g) for g in self.globs)

    def suggest(self, name: str) -> str | None:
        import difflib

        close = difflib.get_close_matches(base_name(name), sorted(self.exact), n=1, cutoff=0.75)
        return close[0] if close else None
