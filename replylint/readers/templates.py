"""Template exports in JSON and YAML: Zendesk macros and saved-reply lists, one Document each.

Recognised shapes (keys are matched case-insensitively, `-` and `_` alike):

- Zendesk macros: one macro object, a list of them, or {"macros": [...]} / {"macro": {...}}.
  A macro's text is in `actions` entries whose `field` is `comment_value` (plain text; the
  value may also be a ["channel:all", "text"] list) or `comment_value_html`; its title is `title`.
- Saved-reply lists: entries with a title (`name` / `title`) and a body (`body` / `text` /
  `content`, or `body_html` / `content_html` / `html` for HTML), as the top-level list or
  under `replies`, `saved_replies`, `templates`, `snippets`, `canned_responses` or
  `responses` (also Help Scout's `_embedded.saved-replies`). Under one of those keys a
  mapping of title -> body works too.

Anything else is not a template export: NotTemplates, which a directory walk skips quietly.
Every template is linted as a template (placeholders allowed), with exact source positions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document
from ..errors import InputError
from . import html as html_reader
from .common import build, decode_text
from .positions import SourceOffsets, through_lines

MACRO_FIELDS = {"comment_value": False, "comment_value_html": True}  # field -> is HTML
LIST_KEYS = ("replies", "saved_replies", "templates", "snippets", "canned_responses", "responses", "macros")
TITLE_KEYS = ("title", "name", "raw_title")
BODY_KEYS = {"body": False, "text": False, "content": False, "body_html": True, "content_html": True, "html": True}
# Words that mark a file as meant to hold templates even when it does not parse, so a broken
# export is an error while a broken tsconfig.json in a walk is none of our business.
EXPORT_HINT = re.compile(r"comment_value|saved[_-]?replies|\"macros\"|^\s*(?:macros|replies|templates)\s*:", re.MULTILINE)


class NotTemplates(InputError):
    """A JSON/YAML file that holds no templates (package.json, a CI config): skipped, not linted."""


@dataclass
class Entry:
    title: str
    body: str  # a Located string from json_source or yaml_source
    html: bool


def read(data: bytes, path: str, kind: str, *, is_template: bool = False) -> list[Document]:
    text, notes = decode_text(data)
    try:
        if kind == "json":
            from .json_source import loads

            values = [loads(text)]
        else:
            from .yaml_source import loads

            values = loads(text)
    except ValueError as exc:  # JSONSyntaxError, YAMLSyntaxError
        if is_template or EXPORT_HINT.search(text):
            raise InputError(path, str(exc)) from None
        raise NotTemplates(path, f"skipped: {exc}") from None
    try:
        entries = [entry for value in values for entry in find_entries(value)]
    except RecursionError:  # {"macros": {"macros": ...}} hundreds deep
        raise InputError(path, "templates nested too deeply") from None
    if not entries:
        raise NotTemplates(path, "skipped: not a template export (no Zendesk macros or saved replies found)")
    documents = []
    for entry in entries:
        document = _document(entry, text, path, notes)
        if document is not None:
            documents.append(document)
    if not documents:
        raise InputError(path, "every template in the file is empty")
    return documents


def _norm(key) -> str:
    return str(key).lower().replace("-", "_")


def _get(obj: dict, names) -> object:
    for key, value in obj.items():
        if _norm(key) in names:
            return value
    return None


def find_entries(value) -> list[Entry]:
    if isinstance(value, list):
        found = [e for item in value if isinstance(item, dict) for e in _from_object(item)]
        return found
    if not isinstance(value, dict):
        return []
    own = _from_object(value)
    if own:
        return own
    found: list[Entry] = []
    for key, inner in value.items():
        name = _norm(key)
        if name == "macro" and isinstance(inner, dict):
            found += _from_object(inner)
        elif name == "_embedded" and isinstance(inner, dict):
            found += find_entries(inner)
        elif name in LIST_KEYS:
            found += _from_collection(inner)
    return found


def _from_collection(inner) -> list[Entry]:
    if isinstance(inner, list):
        return find_entries(inner)
    if isinstance(inner, dict):
        if all(isinstance(v, str) for v in inner.values()):  # title: body
            return [Entry(str(k), v, False) for k, v in inner.items() if hasattr(v, "offsets")]
        return find_entries(inner)
    return []


def _from_object(obj: dict) -> list[Entry]:
    title = _get(obj, TITLE_KEYS)
    title = str(title) if isinstance(title, str) and title.strip() else None
    actions = _get(obj, ("actions",))
    if isinstance(actions, list):
        entries = []
        for action in actions:
            if not isinstance(action, dict):
                continue
            field = _get(action, ("field",))
            if field not in MACRO_FIELDS:
                continue
            body = _macro_text(_get(action, ("value",)))
            if body is not None:
                entries.append(Entry(title or "untitled macro", body, MACRO_FIELDS[field]))
        if entries:
            return entries
    if title is None:
        return []
    for key, value in obj.items():
        is_html = BODY_KEYS.get(_norm(key))
        if is_html is not None and isinstance(value, str) and hasattr(value, "offsets"):
            return [Entry(title, value, is_html)]
    return []


def _macro_text(value):
    if isinstance(value, str) and hasattr(value, "offsets"):
        return value
    if isinstance(value, list):  # ["channel:all", "the comment"]: the text is the last string
        strings = [v for v in value if isinstance(v, str) and hasattr(v, "offsets")]
        if strings:
            return strings[-1]
    return None


def _document(entry: Entry, source: str, path: str, notes: list[str]) -> Document | None:
    body = entry.body
    offsets = body.offsets()
    if entry.html:
        text, origins = html_reader.to_text(str(body))
        offsets = through_lines(text, origins, str(body), offsets)
    else:
        text = str(body)
    if not text.strip():
        return None
    document = build(path, text, source=source, notes=notes, is_template=True)
    document.line_map = SourceOffsets(text, source, offsets)
    document.title = entry.title
    return document
