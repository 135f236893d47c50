"""/api/v1 exports endpoints."""

from __future__ import annotations

from advocate.api.base import ApiBlueprint

blp = ApiBlueprint("exports", __name__, url_prefix="/api/v1", description="exports")
