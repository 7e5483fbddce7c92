"""Parse YAML into plain Python values whose strings know where they came from in the file.

We compose the node graph (safe: no objects are constructed) and convert it ourselves, so
each string scalar keeps its node's marks and style. Literal block scalars (`body: |`), the
usual way to write a reply, map exactly line for line; folded and quoted scalars are aligned
character by character (readers.positions.aligned_offsets).
"""
from __future__ import annotations

from .positions import aligned_offsets

STR_TAG = "tag:yaml.org,2002:str"


class YAMLSyntaxError(ValueError):
    def __init__(self, line: int, column: int, message: str):
        super().__init__(f"invalid YAML at line {line}, column {column}: {message}")
        self.line, self.column = line, column


class Located(str):
    """A string scalar, with its node for positions."""

    node: object
    source: str

    def offsets(self) -> list[int]:
        node = self.node
        start, end = node.start_mark.index, node.end_mark.index
        if node.style == "|":
            return _literal_offsets(str(self), self.source, start, end)
        return aligned_offsets(str(self), self.source, start, end)


def _literal_offsets(text: str, source: str, start: int, end: int) -> list[int]:
    """A literal block: text line i is source line i after the `|` header, minus indentation."""
    first = source.find("\n", start) + 1
    lines = source[first:end].split("\n")
    indent = min((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()), default=0)
    out: list[int] = []
    pos = first
    source_lines = iter(lines)
    for piece in text.split("\n"):
        raw = next(source_lines, "")
        base = pos + min(indent, len(raw))
        out.extend(base + k for k in range(len(piece) + 1))
        pos += len(raw) + 1
    return out[: len(text)] + [min(out[len(text)] if len(out) > len(text) else end, end)]


def loads(text: str) -> list:
    """Every document in the stream, converted (most files hold one)."""
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        if loader_cls is yaml.SafeLoader:
            _check_depth(text)  # before the pure-Python composer recurses
        try:
            documents = list(yaml.compose_all(text, Loader=loader_cls))
        except yaml.MarkedYAMLError:
            _check_depth(text)  # too deep for libyaml's scanner? say so in our words
            raise
        for node in documents:
            _check_node_depth(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YAMLSyntaxError(line, column, exc.problem or exc.context or "syntax error") from None
    except yaml.YAMLError as exc:
        raise YAMLSyntaxError(1, 1, str(exc)) from None
    except RecursionError:  # the pure-Python composer, where libyaml is missing
        raise YAMLSyntaxError(1, 1, "nested too deeply") from None
    memo: dict[int, object] = {}
    try:
        return [_convert(node, text, memo) for node in documents if node is not None]
    except RecursionError:  # libyaml composes any depth; converting recurses once per level
        raise YAMLSyntaxError(1, 1, "nested too deeply") from None


# No template export nests this deep; PyYAML's own limits differ by version (6.0.4's scanner
# stops at 1,000 with its own wording, the pure-Python composer at the recursion limit), so
# this one, lower than all of them, decides and says so in our words.
MAX_DEPTH = 200


def _too_deep(mark) -> YAMLSyntaxError:
    return YAMLSyntaxError(mark.line + 1, mark.column + 1, f"nested too deeply (more than {MAX_DEPTH} levels)")


def _check_depth(text: str) -> None:
    """Count nesting over pure-Python PyYAML's token stream, which it produces lazily: the
    check stops at MAX_DEPTH before any library limit is reached."""
    import yaml

    opening = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken,
               yaml.BlockSequenceStartToken, yaml.BlockMappingStartToken)
    closing = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)
    depth = 0
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        if isinstance(token, opening):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(token.start_mark)
        elif isinstance(token, closing):
            depth -= 1


def _check_node_depth(root) -> None:
    """The same limit over a composed tree, without recursion."""
    import yaml

    stack = [(root, 0)] if root is not None else []
    seen: set[int] = set()  # aliases share nodes: an alias bomb is walked once
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(node.start_mark)
            children = node.value if isinstance(node, yaml.SequenceNode) else [v for _, v in node.value]
            stack.extend((child, depth) for child in children)


def _convert(node, source: str, memo: dict):
    import yaml

    # Aliases share one node: converting each node once keeps an alias bomb from expanding.
    if id(node) in memo:
        return memo[id(node)]
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        memo[id(node)] = out
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node.value)
            out[str(key)] = _convert(value_node, source, memo)
        return out
    if isinstance(node, yaml.SequenceNode):
        items: list = []
        memo[id(node)] = items
        items.extend(_convert(item, source, memo) for item in node.value)
        return items
    if node.tag == STR_TAG:
        located = Located(node.value)
        located.node, located.source = node, source
        memo[id(node)] = located
        return located
    memo[id(node)] = node.value  # numbers, booleans, null: their text is enough for us
    return node.value
