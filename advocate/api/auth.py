"""Bearer keys -> the caller, and role checks for views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g, request
from werkzeug.exceptions import Forbidden, Unauthorized

from advocate.domain.access import ANONYMOUS, Caller, Role
from advocate.schemas.common import ErrorSchema
from advocate.services.access import resolve
from advocate.store.db import session

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="advocate"'}


def current_caller() -> Caller:
    """The caller of this request (anonymous without an Authorization header).

    A header that is present but wrong or revoked is a 401: a broken key must not silently
    fall back to anonymous access.
    """
    if "caller" not in g:
        g.caller = _resolve_header(request.headers.get("Authorization"))
    return g.caller


def _resolve_header(header: str | None) -> Caller:
    if not header:
        return ANONYMOUS
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise _unauthorized("Use 'Authorization: Bearer <key>'.")
    caller = resolve(session(), secret.strip())
    if caller is None:
        raise _unauthorized("The API key is unknown or revoked.")
    return caller


def _unauthorized(message: str) -> Unauthorized:
    error = Unauthorized(message)
    error.data = {"message": message, "headers": CHALLENGE}
    return error


def require(*roles: Role) -> Callable:
    """View decorator: the caller must hold one of `roles` (401 anonymous, 403 wrong role)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            caller = current_caller()
            if caller.anonymous:
                raise _unauthorized("This endpoint needs an API key.")
            if caller.role not in roles:
                raise Forbidden(f"This endpoint is for: {', '.join(r.value for r in roles)}.")
            return view(*args, **kwargs)

        return wrapper

    return decorate


def role_only(blp, role: Role) -> Callable:
    """`require(role)` as a decorator that also documents the 401 and 403 answers on `blp`;
    the check runs before any argument is read, so a bad request tells nobody more."""
    answers = ((401, "No API key, or an unknown or revoked one (see WWW-Authenticate)"),
               (403, f"The key is not {'an' if role.value[0] in 'aeiou' else 'a'} "
                     f"{role.value} key"))

    def decorate(view: Callable) -> Callable:
        guarded = require(role)(view)
        for status, description in answers:
            guarded = blp.alt_response(status, schema=ErrorSchema,
                                       description=description)(guarded)
        return guarded

    return decorate
