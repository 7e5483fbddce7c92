"""Liquid control flow in templates: the text each branch of {% if %} ... {% endif %} would send.

A template is linted once per variant: variant k keeps branch k of every if/unless/case block
(or the block's last branch when it has fewer; a block without {% else %} has an implicit
empty branch) and blanks the others with spaces, so every offset and line stays that of the
file. Control tags ({% if %}, {% endif %}, {% assign %}, ...) are blanked too, so rules read
the text as it would be sent; {{ variables }} stay as opaque placeholders. Rules that need
the tags (RL606, RL607) read Document.branch_of, the whole template. Findings are merged by
(code, span, message), so text shared by all branches is reported once. {% comment %} blocks
are blanked always and {% raw %} content is not parsed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .document import blank_spans

# A Liquid tag: its name is followed by a space or the end ({%customer.firstName%} is a variable).
TAG = re.compile(r"\{%-?\s*(?P<name>[A-Za-z_]+)(?=[\s%-])(?P<args>(?:(?!%\}).)*?)\s*-?%\}", re.DOTALL)
# Tags that shape the text but print nothing themselves.
CONTROL = {
    "if", "elsif", "else", "endif", "unless", "endunless", "case", "when", "endcase", "for",
    "endfor", "break", "continue", "assign", "capture", "endcapture", "comment", "endcomment",
    "raw", "endraw", "increment", "decrement", "tablerow", "endtablerow", "cycle", "liquid",
}
OPENERS = {"if": "endif", "unless": "endunless", "case": "endcase"}
MIDDLES = {"if": {"elsif", "else"}, "unless": {"elsif", "else"}, "case": {"when", "else"}}
MAX_VARIANTS = 16  # more branches than this in one block: the rest are not linted


@dataclass
class Branch:
    condition: str  # the opening tag's arguments ("" for else)
    tag: str  # if, elsif, else, when, unless
    start: int  # the branch's text: [start, end)
    end: int


@dataclass
class Block:
    kind: str
    branches: list[Branch] = field(default_factory=list)

    @property
    def has_else(self) -> bool:
        return any(b.tag == "else" for b in self.branches)

    @property
    def choices(self) -> int:
        return len(self.branches) + (0 if self.has_else else 1)


def parse(text: str) -> tuple[list[Block], list[tuple[int, int]]]:
    """The if/unless/case blocks (closed or not), and the spans always blanked: control tags
    and {% comment %} blocks."""
    blocks: list[Block] = []
    blank: list[tuple[int, int]] = []
    stack: list[Block] = []
    skip_until = None  # "endraw" or "endcomment"
    comment_start = 0
    for m in TAG.finditer(text):
        name = m.group("name").lower()
        if skip_until:
            if name == skip_until:
                if name == "endcomment":
                    blank.append((comment_start, m.start()))
                blank.append((m.start(), m.end()))
                skip_until = None
            continue
        if name in CONTROL:
            blank.append((m.start(), m.end()))
        if name in ("raw", "comment"):
            skip_until, comment_start = "end" + name, m.end()
        elif name in OPENERS:
            block = Block(name, [Branch(m.group("args").strip(), name, m.end(), len(text))])
            stack.append(block)
            blocks.append(block)
        elif stack and name in MIDDLES[stack[-1].kind]:
            block = stack[-1]
            block.branches[-1].end = m.start()
            if block.kind == "case" and block.branches[0].tag == "case":
                block.branches.pop()  # text between {% case %} and the first {% when %}: none
            block.branches.append(Branch(m.group("args").strip(), name, m.end(), len(text)))
        elif stack and name == OPENERS[stack[-1].kind]:
            stack.pop().branches[-1].end = m.start()
    if skip_until == "endcomment":
        blank.append((comment_start, len(text)))
    for block in blocks:
        if block.kind == "case" and block.branches and block.branches[0].tag == "case":
            block.branches.clear()  # a case with no when: nothing to choose
    return blocks, blank


def variants(text: str) -> list[str]:
    """One text per branch choice (see the module docstring); [text] when there are no blocks."""
    if "{%" not in text:
        return [text]
    blocks, blank = parse(text)
    blocks = [b for b in blocks if b.branches]
    if not blocks and not blank:
        return [text]
    count = min(max((b.choices for b in blocks), default=1), MAX_VARIANTS)
    out: list[str] = []
    for k in range(count):
        spans = list(blank)
        for block in blocks:
            choice = min(k, block.choices - 1)
            spans += [(b.start, b.end) for i, b in enumerate(block.branches) if i != choice]
        variant = blank_spans(text, spans)
        if variant not in out:
            out.append(variant)
    return out


def conditions_at(text: str, offset: int) -> list[str]:
    """The conditions of the if/elsif/unless/when branches that contain `offset`."""
    blocks, _ = parse(text)
    return [b.condition for block in blocks for b in block.branches if b.start <= offset < b.end and b.condition]


def lint_branches(lint_one, document) -> list:
    """Lint every variant of a template with `lint_one(document)`; merge duplicate findings."""
    from . import zones
    from .finding import Finding

    texts = variants(document.text)
    if texts == [document.text]:
        return lint_one(document)
    seen: set[tuple] = set()
    findings = []
    for text in texts:
        variant = replace(document, text=text, zones=zones.split(text).zones, branch_of=document.text)
        for finding in lint_one(variant):
            key = (finding.code, finding.start, finding.end, finding.message)
            if key not in seen:
                seen.add(key)
                findings.append(finding)
    findings.sort(key=Finding.sort_key)
    return findings
