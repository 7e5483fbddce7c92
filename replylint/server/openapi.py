"""The OpenAPI 3.1 description served at GET /openapi.json.

The findings schema here is the reader's view (fields a client may rely on, extra fields
allowed); docs/json-schema.json is the strict one the project tests its output against.
"""
from __future__ import annotations

from ..__about__ import __version__
from ..config import SCHEMA
from .request import SERVER_ONLY_KEYS

_JSON_TYPES = {
    "list": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
    "str": {"type": "string"},
    "int": {"type": "integer", "minimum": 1},
    "seconds": {"type": "number", "minimum": 0},
    "bool": {"type": "boolean"},
    "dict-list": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    "dict-str": {"type": "object", "additionalProperties": {"enum": ["error", "warning", "info"]}},
    "dict-dict": {"type": "object", "additionalProperties": {"type": "object"}},
}


def _config_schema() -> dict:
    properties = {
        key: {**_JSON_TYPES[kind], "description": help}
        for key, (kind, help) in SCHEMA.items() if key not in SERVER_ONLY_KEYS
    }
    return {
        "type": "object",
        "description": "Keys as in replylint.toml, laid over the server's own config. "
                       f"{' and '.join(f'`{k}`' for k in SERVER_ONLY_KEYS)} are refused here: "
                       "they make the server read its disk or load code, so only its --config sets them.",
        "properties": properties,
        "additionalProperties": False,
    }


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def openapi() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "replylint server",
            "version": __version__,
            "description": "Lint customer-support replies over HTTP with a warm pipeline "
                           "(`replylint serve`). Findings are the JSON of `replylint check --format json`.",
        },
        "servers": [{"url": "http://127.0.0.1:8765"}],
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer",
                           "description": "Needed only when the server runs with --token or REPLYLINT_TOKEN."},
            },
            "schemas": {
                "LintRequest": {
                    "type": "object",
                    "required": ["reply"],
                    "additionalProperties": False,
                    "properties": {
                        "reply": {"type": "string", "description":
                                  "The reply: plain text, Markdown, HTML or a whole RFC 5322 message. Quoted "
                                  "history in it is the customer's context unless `customer` is given. Bytes "
                                  "that are not UTF-8 may be sent as lone surrogates U+DC80-U+DCFF (Python's "
                                  "surrogateescape) and are read as those bytes."},
                        "customer": {"type": ["string", "null"], "description": "The customer's message."},
                        "select": {"type": ["array", "null"], "items": {"type": "string"},
                                   "description": "Rule codes or prefixes to enable, replacing the config's select."},
                        "ignore": {"type": ["array", "null"], "items": {"type": "string"},
                                   "description": "Codes or prefixes to disable, on top of the config's ignore."},
                        "config": _config_schema(),
                        "is_template": {"type": "boolean", "default": False,
                                        "description": "A template: placeholders are allowed."},
                        "path": {"type": "string", "default": "-", "description":
                                 "The path findings report; its suffix (.eml, .html, .md, .txt) picks the reader."},
                        "fail_on": {"enum": ["error", "warning", "info", None], "default": None, "description":
                                    "The lowest severity that blocks sending, for `verdict` (default: the "
                                    "server config's fail-on)."},
                    },
                },
                "Verdict": {
                    "type": "object",
                    "description": "Whether a pre-send hook should stop this message: clients use this instead "
                                   "of comparing severities themselves.",
                    "required": ["blocked", "fail_on", "reason", "blocking"],
                    "properties": {
                        "blocked": {"type": "boolean", "description":
                                    "True when the reply could not be read or has a finding at `fail_on` or above."},
                        "fail_on": {"enum": ["error", "warning", "info"], "description": "The severity applied."},
                        "reason": {"type": "string", "description": "Why, in a sentence for a person."},
                        "blocking": {"type": "array", "items": {"type": "integer"},
                                     "description": "Indexes into `findings` of the findings that block."},
                    },
                },
                "Error": {
                    "type": "object", "required": ["error"],
                    "properties": {"error": {"type": "string", "description": "What went wrong, for a person."}},
                },
                "Finding": {
                    "type": "object",
                    "required": ["code", "name", "severity", "message", "start", "end", "path", "line", "column",
                                 "end_line", "end_column", "suggestions", "evidence", "title", "confidence", "url"],
                    "properties": {
                        "code": {"type": "string"}, "name": {"type": "string"},
                        "severity": {"enum": ["error", "warning", "info"]},
                        "message": {"type": "string"},
                        "start": {"type": "integer", "description": "Offset into the linted text."},
                        "end": {"type": "integer"},
                        "path": {"type": "string"},
                        "line": {"type": "integer", "description": "1-based, in the text as sent."},
                        "column": {"type": "integer"}, "end_line": {"type": "integer"},
                        "end_column": {"type": "integer"},
                        "suggestions": {"type": "array", "items": {
                            "type": "object", "required": ["start", "end", "replacement", "safe"],
                            "properties": {"start": {"type": "integer"}, "end": {"type": "integer"},
                                           "replacement": {"type": "string"}, "safe": {"type": "boolean"}}}},
                        "evidence": {"type": "object", "additionalProperties": {"type": "string"}},
                        "confidence": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
                        "title": {"type": ["string", "null"]},
                        "url": {"type": "string"},
                    },
                },
                "Results": {
                    "type": "object",
                    "description": "Version 1 of the JSON format (docs/json-format.md); may gain fields.",
                    "required": ["version", "tool", "files", "errors", "findings", "summary"],
                    "properties": {
                        "version": {"const": 1},
                        "tool": {"type": "object", "properties": {"name": {"const": "replylint"},
                                                                  "version": {"type": "string"}}},
                        "files": {"type": "array", "items": {"type": "string"}},
                        "errors": {"type": "array", "description": "The reply could not be read (e.g. empty).",
                                   "items": {"type": "object", "required": ["path", "reason"],
                                             "properties": {"path": {"type": "string"},
                                                            "reason": {"type": "string"}}}},
                        "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
                        "summary": {"type": "object", "properties": {
                            "total": {"type": "integer"},
                            "by_severity": {"type": "object", "additionalProperties": {"type": "integer"}},
                            "by_code": {"type": "object", "additionalProperties": {"type": "integer"}}}},
                        "verdict": {"$ref": "#/components/schemas/Verdict",
                                    "description": "Only in the server's answer (POST /v1/lint)."},
                    },
                },
            },
        },
        "paths": {
            "/v1/lint": {
                "post": {
                    "summary": "Lint one reply",
                    "operationId": "lint",
                    "security": [{}, {"bearer": []}],
                    "requestBody": {"required": True, "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/LintRequest"}}}},
                    "responses": {
                        "200": {"description": "Linted (or, in `errors`, why the reply could not be read).",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Results"}}}},
                        "400": _error("Malformed JSON, a field of the wrong type, or a bad config key (named)."),
                        "401": _error("The server wants a bearer token and none or a wrong one was sent."),
                        "413": _error("The body is larger than the server's --max-body."),
                        "415": _error("The body was not sent as application/json."),
                        "500": _error("A bug in replylint."),
                        "503": _error("Busy: the request waited --timeout seconds without being linted."),
                        "504": _error("Linting took longer than --timeout seconds."),
                    },
                },
            },
            "/healthz": {
                "get": {
                    "summary": "Is the server up",
                    "operationId": "healthz",
                    "responses": {"200": {"description": "Up, with its version.", "content": {"application/json": {
                        "schema": {"type": "object", "required": ["status", "version"],
                                   "properties": {"status": {"const": "ok"}, "version": {"type": "string"}}}}}}},
                },
            },
            "/openapi.json": {
                "get": {
                    "summary": "This description",
                    "operationId": "openapi",
                    "responses": {"200": {"description": "OpenAPI 3.1 document.",
                                          "content": {"application/json": {"schema": {"type": "object"}}}}},
                },
            },
        },
    }
