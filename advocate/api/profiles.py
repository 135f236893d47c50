"""/api/v1/profiles: advisors' client profiles (with consent), re-checks and notifications;
/api/v1/webhook: where an advisor's notifications are POSTed.

Advisor keys only: 401 without a usable key, 403 for another role (checked before the body
is read), and 404 for another advisor's profile, exactly as for one that does not exist.
"""

from __future__ import annotations

from flask import current_app, request

from advocate.api.auth import current_caller, role_only
from advocate.api.base import ApiBlueprint, documents
from advocate.api.paging import page_body
from advocate.domain.access import Role
from advocate.limits import limited
from advocate.schemas import profiles as schemas
from advocate.schemas.common import PageArgsSchema
from advocate.services import profiles, queue, recheck, webhooks
from advocate.store.db import session

blp = ApiBlueprint("profiles", __name__, url_prefix="/api/v1",
                   description="Client profiles with consent, re-checks after the sale, "
                               "notifications and the advisor's signed webhook")

advisor_only = role_only(blp, Role.ADVISOR)


def _shown(profile) -> dict:
    return profiles.profile_json(profile, profiles.latest_recommendation(session(), profile.id))


@blp.route("/profiles")
@advisor_only
@blp.arguments(PageArgsSchema, location="query", as_kwargs=True)
@blp.response(200, schemas.ProfilePageSchema)
@documents(blp, 422, 429)
@limited
def list_profiles(page: int, page_size: int):
    """The caller's client profiles, newest first."""
    rows, total = profiles.list_profiles(session(), current_caller(), page=page,
                                         page_size=page_size)
    items = [profiles.profile_json(row) for row in rows]
    return page_body(request, items, total, page, page_size)


@blp.route("/profiles", methods=["POST"])
@advisor_only
@blp.arguments(schemas.ProfileCreateSchema)
@blp.response(201, schemas.ProfileSchema)
@documents(blp, 400, 413, 422, 429)
@limited
def create_profile(body: dict):
    """Keep a client's needs with their recorded consent; priced once now, so a profile
    that cannot be priced is refused naming the field. Identity fields are refused."""
    db = session()
    profile = profiles.create_profile(db, current_caller(), body)
    db.commit()
    return _shown(profile)


@blp.route("/profiles/<string:profile_id>")
@advisor_only
@blp.response(200, schemas.ProfileSchema)
@documents(blp, 404, 429)
@limited
def get_profile(profile_id: str):
    """One of the caller's profiles, with its latest recommendation's top pick."""
    return _shown(profiles.get_profile(session(), current_caller(), profile_id))


@blp.route("/profiles/<string:profile_id>", methods=["PATCH"])
@advisor_only
@blp.arguments(schemas.ProfilePatchSchema)
@blp.response(200, schemas.ProfileSchema)
@documents(blp, 400, 404, 413, 422, 429)
@limited
def update_profile(body: dict, profile_id: str):
    """Replace the members named; changed needs are validated and priced again."""
    db = session()
    profile = profiles.update_profile(db, current_caller(), profile_id, body)
    db.commit()
    return _shown(profile)


@blp.route("/profiles/<string:profile_id>", methods=["DELETE"])
@advisor_only
@blp.response(200, schemas.ErasureSchema)
@documents(blp, 404, 429)
@limited
def delete_profile(profile_id: str):
    """Erase the profile, its notifications and its recommendations' personal inputs."""
    db = session()
    report = profiles.delete_profile(db, current_caller(), profile_id)
    db.commit()
    return report


@blp.route("/profiles/<string:profile_id>/recheck", methods=["POST"])
@advisor_only
@blp.response(201, schemas.NotificationSchema)
@documents(blp, 404, 429)
@limited
def recheck_profile(profile_id: str):
    """Rank the profile on today's offers and record (and deliver) the notification."""
    db = session()
    notification = recheck.recheck_profile(
        db, profiles.get_profile(db, current_caller(), profile_id))
    db.commit()
    queue.deliver_later(current_app._get_current_object(), notification.id)
    db.refresh(notification)
    return profiles.notification_json(notification)


@blp.route("/profiles/<string:profile_id>/notifications")
@advisor_only
@blp.arguments(PageArgsSchema, location="query", as_kwargs=True)
@blp.response(200, schemas.NotificationPageSchema)
@documents(blp, 404, 422, 429)
@limited
def list_notifications(profile_id: str, page: int, page_size: int):
    """The profile's re-check outcomes, newest first, with their delivery state."""
    rows, total = profiles.list_notifications(session(), current_caller(), profile_id,
                                              page=page, page_size=page_size)
    items = [profiles.notification_json(row) for row in rows]
    return page_body(request, items, total, page, page_size)


@blp.route("/webhook", methods=["PUT"])
@advisor_only
@blp.arguments(schemas.WebhookRequestSchema)
@blp.response(200, schemas.NewWebhookSchema)
@documents(blp, 400, 422, 429)
@limited
def set_webhook(body: dict):
    """Set where notifications are POSTed; answers a new signing secret, shown this once."""
    db = session()
    row = webhooks.set_webhook(db, current_caller().key_id, body["url"],
                               allow_local=current_app.config.get("WEBHOOK_ALLOW_LOCAL", False))
    db.commit()
    return webhooks.webhook_json(row, with_secret=True)


@blp.route("/webhook")
@advisor_only
@blp.response(200, schemas.WebhookSchema)
@documents(blp, 404, 429)
@limited
def get_webhook():
    """The caller's webhook and how deliveries are signed (never the secret)."""
    return webhooks.webhook_json(webhooks.get_webhook(session(), current_caller().key_id))


@blp.route("/webhook", methods=["DELETE"])
@advisor_only
@blp.response(204)
@documents(blp, 404, 429)
@limited
def delete_webhook():
    """Stop deliveries and forget the secret."""
    db = session()
    webhooks.remove_webhook(db, current_caller().key_id)
    db.commit()
