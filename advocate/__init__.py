"""advocate: a customer-advocate product comparison API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, ADVOCATE_* environment, then `test_config` on top."""
    from advocate import api, cli, errors, limits
    from advocate.config import Defaults
    from advocate.json_provider import OrjsonProvider
    from advocate.store import db
    from advocate.web import docs, embed

    app = Flask(__name__, instance_relative_config=True)
    app.json = OrjsonProvider(app)
    app.config.from_object(Defaults)
    app.config.from_prefixed_env("ADVOCATE")
    if test_config:
        app.config.update(test_config)
    if app.config["PROXY_HOPS"]:
        hops = int(app.config["PROXY_HOPS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    db.init_app(app)
    errors.init_app(app)
    limits.init_app(app)
    api.init_app(app)
    docs.init_app(app)
    embed.init_app(app)
    cli.init_app(app)
    return app
