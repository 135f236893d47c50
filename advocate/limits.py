"""Rate limits (Flask-Limiter): per client address for anonymous callers, per key otherwise.

Storage comes from RATELIMIT_STORAGE_URI (env ADVOCATE_RATELIMIT_STORAGE_URI): `memory://`
by default and in tests, `redis://127.0.0.1:6379/0` in production so that every gunicorn
worker shares one count. A breach answers 429 in the usual error shape with Retry-After.
Each app gets its own Limiter: one shared Limiter would keep the storage of the app created
last and the key prefix of the app created first.
"""

from __future__ import annotations

from functools import wraps

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from advocate.api.auth import current_caller

EXTENSION_KEY = "advocate.limits"

DEFAULTS = {
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    "RATE_LIMIT_ANONYMOUS": "60 per minute",
    "RATE_LIMIT_KEYED": "600 per minute",
}


def caller_key() -> str:
    """Who a limit counts against: the key when one is presented, else the client address."""
    caller = current_caller()
    return f"key:{caller.key_id}" if not caller.anonymous else f"ip:{get_remote_address()}"


def caller_limit() -> str:
    """The limit string for this caller."""
    keyed = not current_caller().anonymous
    return current_app.config["RATE_LIMIT_KEYED" if keyed else "RATE_LIMIT_ANONYMOUS"]


def limited(view):
    """Apply the per-caller limit to a view, counted by the limiter of the app serving it."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        return _guarded(view)(*args, **kwargs)

    return wrapper


def _guarded(view):
    """`view` behind this app's limit; built once per app (the limit is registered once)."""
    state = current_app.extensions[EXTENSION_KEY]
    if view not in state["views"]:
        state["views"][view] = state["limit"](view)
    return state["views"][view]


def init_app(app: Flask) -> None:
    """Give the app its own limiter, configured from the app config."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    limiter = Limiter(key_func=get_remote_address)
    limiter.init_app(app)
    app.extensions[EXTENSION_KEY] = {
        "limiter": limiter, "views": {},
        "limit": limiter.limit(caller_limit, key_func=caller_key)}
