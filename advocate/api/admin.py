"""/api/v1/admin: keys, partners, disclosures, refresh on demand, runs and quarantine.

Every operation is for admin keys only: 401 without a usable key, 403 for another role.
The role check runs before any argument is read, so nobody learns more from a bad request.
"""

from __future__ import annotations

import httpx
from flask import current_app, request

from advocate.api.auth import role_only
from advocate.api.base import ApiBlueprint, documents
from advocate.api.paging import page_body
from advocate.domain.access import Role
from advocate.schemas import admin as schemas
from advocate.services import admin
from advocate.services.queue import enqueue_rechecks
from advocate.store.db import engine, session

blp = ApiBlueprint("admin", __name__, url_prefix="/api/v1",
                   description="Administration: API keys, partners, disclosures, refreshes")

# Row ids are 32-bit in PostgreSQL; a larger id is no route at all (404), not a driver error.
ROW_ID = "int(min=1, max=2147483647)"
admin_only = role_only(blp, Role.ADMIN)


def _committed(value):
    session().commit()
    return value


@blp.route("/admin/keys")
@admin_only
@blp.response(200, schemas.ApiKeyListSchema)
def list_keys():
    """Every API key: id, name, role, prefix, partner, created, revoked (never a secret)."""
    return {"data": admin.keys(session())}


@blp.route("/admin/keys", methods=["POST"])
@admin_only
@blp.arguments(schemas.ApiKeyCreateSchema)
@blp.response(201, schemas.NewApiKeySchema)
@documents(blp, 400, 413, 422)
def create_key(body: dict):
    """Create a key; its secret is in this answer only (just a hash is stored)."""
    # A secret must not linger in a cache between here and the admin (RFC 9111 5.2.2.5).
    return _committed(admin.new_key(session(), **body)), 201, {"Cache-Control": "no-store"}


@blp.route(f"/admin/keys/<{ROW_ID}:key_id>", methods=["DELETE"])
@admin_only
@blp.response(200, schemas.ApiKeySchema)
@documents(blp, 404)
def revoke_key(key_id: int):
    """Revoke a key: from now on it answers 401. Revoking twice keeps the first time."""
    return _committed(admin.revoke(session(), key_id))


@blp.route("/admin/partners")
@admin_only
@blp.response(200, schemas.PartnerSiteListSchema)
def list_partners():
    """Every partner: id, name, own brands, origins allowed to frame the widget."""
    return {"data": admin.partners(session())}


@blp.route("/admin/partners", methods=["POST"])
@admin_only
@blp.arguments(schemas.PartnerSiteSchema)
@blp.response(200, schemas.PartnerSiteSchema, description="An existing partner, replaced")
@blp.alt_response(201, schema=schemas.PartnerSiteSchema, description="A new partner",
                  success=True)
@documents(blp, 400, 413, 422)
def save_partner(body: dict):
    """Create or replace a partner (its brands are marked in answers, never favoured)."""
    partner, is_new = admin.save_partner(session(), **body)
    return _committed(partner), 201 if is_new else 200


@blp.route("/admin/disclosures")
@admin_only
@blp.arguments(schemas.DisclosureQuerySchema, location="query", as_kwargs=True)
@blp.response(200, schemas.DisclosurePageSchema)
def list_disclosures(page: int, page_size: int, **filters):
    """Recorded disclosures, optionally of one offer or brand."""
    items, total = admin.disclosures(session(), page=page, page_size=page_size, **filters)
    return page_body(request, items, total, page, page_size)


@blp.route("/admin/disclosures", methods=["POST"])
@admin_only
@blp.arguments(schemas.DisclosureCreateSchema)
@blp.response(200, schemas.DisclosureRecordSchema, description="The same kind, replaced")
@blp.alt_response(201, schema=schemas.DisclosureRecordSchema, description="A new disclosure",
                  success=True)
@documents(blp, 400, 413, 422)
def record_disclosure(body: dict):
    """Record commission, sponsorship or a referral fee: shown with offers, never ranked on."""
    disclosure, is_new = admin.add_disclosure(session(), body)
    return _committed(disclosure), 201 if is_new else 200


@blp.route(f"/admin/disclosures/<{ROW_ID}:disclosure_id>", methods=["DELETE"])
@admin_only
@blp.response(204)
@documents(blp, 404)
def delete_disclosure(disclosure_id: int):
    """Delete a disclosure."""
    admin.remove_disclosure(session(), disclosure_id)
    return _committed(None)


@blp.route("/admin/refresh/<string:source>", methods=["POST"])
@admin_only
@blp.response(200, schemas.RefreshReportSchema, description="The run ended (see `status`)")
@documents(blp, 404)
def refresh_source(source: str):
    """Refresh one source now; a failing upstream never deletes stored offers."""
    timeout = httpx.Timeout(current_app.config["HTTP_TIMEOUT_SECONDS"], connect=5.0)
    report = admin.run_refresh(engine(), source, timeout=timeout,
                               transport=current_app.config.get("HTTP_TRANSPORT"))
    rechecks = enqueue_rechecks(current_app._get_current_object(), report.changed_offer_ids)
    return {**admin.report_json(report), "rechecks": rechecks}


@blp.route("/admin/runs")
@admin_only
@blp.arguments(schemas.SourceQuerySchema, location="query", as_kwargs=True)
@blp.response(200, schemas.RefreshRunPageSchema)
def list_runs(page: int, page_size: int, source: str | None = None):
    """Refresh and import runs, newest first."""
    items, total = admin.runs(session(), page=page, page_size=page_size, source=source)
    return page_body(request, items, total, page, page_size)


@blp.route("/admin/quarantine")
@admin_only
@blp.arguments(schemas.SourceQuerySchema, location="query", as_kwargs=True)
@blp.response(200, schemas.QuarantinePageSchema)
def list_quarantine(page: int, page_size: int, source: str | None = None):
    """Payloads that could not be parsed, kept with the reason, newest first."""
    items, total = admin.quarantine(session(), page=page, page_size=page_size, source=source)
    return page_body(request, items, total, page, page_size)
