"""GET /docs: Swagger UI over /openapi.json, served from local assets (works offline)."""

from __future__ import annotations

import swagger_ui_bundle
from flask import Blueprint, Flask, render_template, send_from_directory

bp = Blueprint("docs", __name__, template_folder="templates")


@bp.get("/docs")
def docs_page():
    """The human API documentation."""
    return render_template("docs.html")


@bp.get("/docs/assets/<path:filename>")
def docs_asset(filename: str):
    """Swagger UI's JS/CSS from the installed swagger-ui-bundle package (no CDN)."""
    return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)


@bp.get("/")
def index():
    """The root points to the docs."""
    return {"name": "advocate", "docs": "/docs", "openapi": "/openapi.json",
            "health": "/health"}


def init_app(app: Flask) -> None:
    """Register the docs routes."""
    app.register_blueprint(bp)
