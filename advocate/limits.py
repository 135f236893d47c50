"""Rate limits (Flask-Limiter): per client address for anonymous callers, per key otherwise.

Storage comes from RATELIMIT_STORAGE_URI (env ADVOCATE_RATELIMIT_STORAGE_URI): `memory://`
by default and in tests, `redis://127.0.0.1:6379/0` in production so that every gunicorn
worker shares one count. A breach answers 429 in the usual error shape with Retry-After.
"""

from __future__ import annotations

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from advocate.api.auth import current_caller

limiter = Limiter(key_func=get_remote_address)

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
    """Apply the per-caller limit to a view."""
    return limiter.limit(caller_limit, key_func=caller_key)(view)


def init_app(app: Flask) -> None:
    """Configure the limiter from the app config."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    limiter.init_app(app)
