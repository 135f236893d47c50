"""/api/v1 admin endpoints."""

from __future__ import annotations

from advocate.api.base import ApiBlueprint

blp = ApiBlueprint("admin", __name__, url_prefix="/api/v1", description="admin")
