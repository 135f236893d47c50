"""One JSON error shape for every failure: {"error": {"code", "message", "details"}}.

Domain errors, webargs/marshmallow validation errors, HTTP errors and unexpected exceptions
all leave through here; no HTML error page is ever served.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import marshmallow as ma
from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException, InternalServerError

from advocate.domain import AdvocateError, Conflict, InvalidInput, NotFound

log = logging.getLogger(__name__)

STATUS_BY_ERROR: dict[type[AdvocateError], int] = {
    InvalidInput: 422, NotFound: 404, Conflict: 409,
}


def error_response(status: int, code: str, message: str, details: Any = None,
                   headers: Mapping[str, str] | None = None):
    """The one error body, as a Flask response."""
    response = jsonify({"error": {"code": code, "message": message, "details": details or {}}})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages -> {"usage.annual_kwh": ["Not a valid number."]}."""
    if isinstance(messages, Mapping):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            flat.update(flatten_messages(value, path))
        return flat
    if isinstance(messages, list | tuple) and all(isinstance(m, str) for m in messages):
        return {prefix or "_schema": list(messages)}
    return {prefix or "_schema": [str(messages)]}


def http_error(error: HTTPException):
    """Any HTTPException, incl. webargs validation aborts (422 with `messages`)."""
    data = getattr(error, "data", None) or {}
    status = error.code or 500
    code = HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    messages = data.get("messages") or data.get("errors")
    if messages:
        fields = _strip_location(flatten_messages(messages))
        summary = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in fields.items())
        code = "validation_error" if status == 422 else code
        return error_response(status, code, f"Invalid request: {summary}", {"fields": fields},
                              data.get("headers"))
    message = data.get("message") or error.description or HTTPStatus(status).phrase
    return error_response(status, code, message, None, data.get("headers"))


def _strip_location(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """Drop webargs' location prefix ("json.", "query.") so names match the documented fields."""
    stripped = {}
    for name, msgs in fields.items():
        head, _, rest = name.partition(".")
        stripped[rest if head in {"json", "query", "querystring", "form", "files"} and rest
                 else name] = msgs
    return stripped


def domain_error(error: AdvocateError):
    """Domain errors: the status follows the type; the field is named in details."""
    status = next((s for t, s in STATUS_BY_ERROR.items() if isinstance(error, t)), 502)
    details: dict[str, Any] = {}
    if error.field:
        details["fields"] = {error.field: [error.message]}
    if isinstance(error.details, Mapping):
        details.update(error.details)
    return error_response(status, error.code, error.message, details)


def validation_error(error: ma.ValidationError):
    """A schema loaded by hand (multipart bodies, nested parts) -> 422 naming each field."""
    fields = flatten_messages(error.messages)
    summary = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in fields.items())
    return error_response(422, "validation_error", f"Invalid request: {summary}",
                          {"fields": fields})


def unexpected_error(error: Exception):
    """A bug: log it, answer 500 in the same shape, reveal nothing internal."""
    if isinstance(error, HTTPException):
        return http_error(error)
    log.exception("unhandled error", exc_info=error)
    return http_error(InternalServerError())


def init_app(app: Flask) -> None:
    """Register the handlers on the app (blueprint-independent)."""
    app.register_error_handler(AdvocateError, domain_error)
    app.register_error_handler(ma.ValidationError, validation_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected_error)
