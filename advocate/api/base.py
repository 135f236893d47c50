"""flask-smorest wiring: strict argument parsing and advocate's error shape."""

from __future__ import annotations

from typing import ClassVar

import marshmallow as ma
from flask_smorest import Api, Blueprint
from webargs.flaskparser import FlaskParser

from advocate import errors


class StrictParser(FlaskParser):
    """Unknown query parameters are an error (a misspelt filter must not be ignored)."""

    DEFAULT_UNKNOWN_BY_LOCATION: ClassVar[dict] = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
                                                   "query": ma.RAISE,
                                                   "querystring": ma.RAISE}


class ApiBlueprint(Blueprint):
    """A smorest blueprint using the strict parser."""

    ARGUMENTS_PARSER = StrictParser()


class AdvocateApi(Api):
    """smorest's Api with advocate's JSON error shape."""

    def handle_http_exception(self, error):
        return errors.http_error(error)


ERROR_ANSWERS = {
    400: "The body is not valid JSON",
    401: "No API key, or an unknown or revoked one (WWW-Authenticate: Bearer)",
    403: "The API key's role may not do this",
    404: "Not found (or not visible to this caller)",
    413: "The body is larger than MAX_CONTENT_LENGTH",
    415: "Send application/json (or multipart/form-data where documented)",
    422: "A field is invalid; error.details.fields names it",
    429: "Rate limit reached; see Retry-After",
}


def documents(blp: Blueprint, *codes: int):
    """Document the error answers `codes` of a view (all in the one error shape)."""

    def decorate(view):
        for code in codes:
            view = blp.alt_response(code, description=ERROR_ANSWERS[code])(view)
        return view

    return decorate


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object", "required": ["code", "message", "details"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                       "details": {"type": "object"}}}},
}
