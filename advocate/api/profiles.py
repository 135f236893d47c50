"""/api/v1 profiles endpoints."""

from __future__ import annotations

from advocate.api.base import ApiBlueprint

blp = ApiBlueprint("profiles", __name__, url_prefix="/api/v1", description="profiles")
