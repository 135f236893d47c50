"""The embeddable widget for partner sites."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("embed", __name__, template_folder="templates", static_folder="static",
               static_url_path="/embed/static")


def init_app(app: Flask) -> None:
    """Register the widget routes."""
    app.register_blueprint(bp)
