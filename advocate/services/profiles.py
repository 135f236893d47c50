"""Client profiles: create (with consent and one priced recommendation), read, update, erase.

A profile belongs to one advisor key. Any other caller is told it does not exist (NotFound),
so nobody learns which profile ids are in use.

Erasure (DELETE): the profile row and its notifications are deleted. Each recommendation made
for it keeps its ranked list (offer ids, ranks, costs, reasons: nothing that identifies the
client once the rest is gone), while its stored `inputs` become {"erased": true}, the
answer's `usage` and `context` sections (where the customer is and what they use, household
ages for health) become {"erased": true} too, and `inputs_erased_at` records when.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import delete, func
from sqlmodel import Session, select

from advocate.domain import NotFound
from advocate.domain.access import Caller
from advocate.schemas.profiles import ProfileCreateSchema
from advocate.services.estimates import jsonable
from advocate.services.recommend import recommend
from advocate.store.advice_tables import NotificationRow, ProfileRow, RecommendationRow
from advocate.store.tables import utcnow

PROFILE_MEMBERS = ("label", "notify_threshold", "consent")
ERASED = {"erased": True}
KEPT = ("each recommendation's ranked list (offers, ranks, costs, reasons); its inputs, "
        "usage and context are erased")


def create_profile(db: Session, caller: Caller, body: dict, *,
                   now: datetime | None = None) -> ProfileRow:
    """Store a profile from a validated ProfileCreateSchema body, after pricing it once (an
    unpriceable profile raises InvalidInput naming the field, and nothing is stored)."""
    now = now or utcnow()
    profile = ProfileRow(id=uuid.uuid4().hex, advisor_key_id=caller.key_id,
                         created_at=now, **_columns(body, now))
    recommend(db, needs_of(body), caller=caller, profile_id=profile.id, now=now)
    db.add(profile)
    db.flush()
    return profile


def _columns(body: dict, now: datetime) -> dict:
    consent = body["consent"]
    return {"label": body["label"], "category": body["category"],
            "request": jsonable(needs_of(body)), "notify_threshold": body["notify_threshold"],
            "consent_text_version": consent["text_version"],
            "consent_given_at": consent["given_at"].astimezone(UTC),
            "consent_method": consent["method"],
            "updated_at": now}


def needs_of(body: dict) -> dict:
    """The recommendation request inside a profile body."""
    return {key: value for key, value in body.items() if key not in PROFILE_MEMBERS}


def get_profile(db: Session, caller: Caller, profile_id: str) -> ProfileRow:
    """The caller's own profile; NotFound for an unknown id and for another advisor's."""
    profile = db.get(ProfileRow, profile_id)
    if profile is None or profile.advisor_key_id != caller.key_id:
        raise NotFound(f"No profile with id {profile_id!r}.", field="profile_id")
    return profile


def list_profiles(db: Session, caller: Caller, *, page: int,
                  page_size: int) -> tuple[list[ProfileRow], int]:
    """A page of the caller's profiles, newest first, and how many there are."""
    mine = select(ProfileRow).where(ProfileRow.advisor_key_id == caller.key_id)
    total = db.exec(select(func.count()).select_from(mine.subquery())).one()
    rows = db.exec(mine.order_by(ProfileRow.created_at.desc(), ProfileRow.id.desc())
                   .offset((page - 1) * page_size).limit(page_size))
    return list(rows), total


def update_profile(db: Session, caller: Caller, profile_id: str, changes: dict, *,
                   now: datetime | None = None) -> ProfileRow:
    """Replace the members named in `changes`; changed needs are validated and priced again."""
    now = now or utcnow()
    profile = get_profile(db, caller, profile_id)
    body = ProfileCreateSchema().load({**stored_body(profile), **jsonable(changes)})
    if jsonable(needs_of(body)) != profile.request:
        recommend(db, needs_of(body), caller=caller, profile_id=profile.id, now=now)
    for name, value in _columns(body, now).items():
        setattr(profile, name, value)
    db.add(profile)
    db.flush()
    return profile


def stored_body(profile: ProfileRow) -> dict:
    """A profile as the JSON body that would create it again."""
    return {**profile.request, "label": profile.label,
            "notify_threshold": f"{profile.notify_threshold:.2f}",
            "consent": {"text_version": profile.consent_text_version,
                        "given_at": profile.consent_given_at.isoformat(),
                        "method": profile.consent_method}}


def delete_profile(db: Session, caller: Caller, profile_id: str, *,
                   now: datetime | None = None) -> dict:
    """Erase a profile, its notifications and the personal inputs of its recommendations."""
    now = now or utcnow()
    profile = get_profile(db, caller, profile_id)
    deleted = db.exec(delete(NotificationRow).where(
        NotificationRow.profile_id == profile.id)).rowcount
    erased = 0
    for row in db.exec(select(RecommendationRow).where(
            RecommendationRow.profile_id == profile.id)):
        row.inputs, row.inputs_erased_at = dict(ERASED), now
        row.result = {**row.result, "usage": dict(ERASED), "context": dict(ERASED)}
        db.add(row)
        erased += 1
    db.delete(profile)
    db.flush()
    return {"profile_id": profile_id, "erased_at": now.isoformat(),
            "notifications_deleted": deleted, "recommendations_erased": erased, "kept": KEPT}


def latest_recommendation(db: Session, profile_id: str) -> RecommendationRow | None:
    """The newest recommendation made for a profile."""
    return db.exec(select(RecommendationRow).where(RecommendationRow.profile_id == profile_id)
                   .order_by(RecommendationRow.created_at.desc()).limit(1)).first()


def profile_json(profile: ProfileRow, latest: RecommendationRow | None = None) -> dict:
    """A profile as the API shows it; `latest` adds the top pick and the current offer."""
    base = f"/api/v1/profiles/{profile.id}"
    return {"id": profile.id, "label": profile.label, "category": profile.category,
            "needs": profile.request, "notify_threshold": f"{profile.notify_threshold:.2f}",
            "consent": {"text_version": profile.consent_text_version,
                        "given_at": profile.consent_given_at.isoformat(),
                        "method": profile.consent_method},
            "created_at": profile.created_at.isoformat(),
            "updated_at": profile.updated_at.isoformat(),
            "latest_recommendation": None if latest is None else _summary(latest),
            "links": {"self": base, "recheck": f"{base}/recheck",
                      "notifications": f"{base}/notifications",
                      "latest_recommendation": None if latest is None
                      else f"/api/v1/recommendations/{latest.id}"}}


def _summary(row: RecommendationRow) -> dict:
    offers = row.result.get("offers") or []
    top = offers[0] if offers else None
    return {"id": row.id, "created_at": row.created_at.isoformat(),
            "top_pick": None if top is None else {
                key: top[key] for key in ("offer_id", "brand", "name", "expected_annual_cost",
                                          "currency")},
            "current_offer": row.result.get("current_offer")}


def list_notifications(db: Session, caller: Caller, profile_id: str, *, page: int,
                       page_size: int) -> tuple[list[NotificationRow], int]:
    """A page of one of the caller's profiles' notifications, newest first."""
    profile = get_profile(db, caller, profile_id)
    mine = select(NotificationRow).where(NotificationRow.profile_id == profile.id)
    total = db.exec(select(func.count()).select_from(mine.subquery())).one()
    rows = db.exec(mine.order_by(NotificationRow.created_at.desc(), NotificationRow.id.desc())
                   .offset((page - 1) * page_size).limit(page_size))
    return list(rows), total


def notification_json(row: NotificationRow) -> dict:
    """A notification as the API (and the webhook) shows it."""
    return {"id": row.id, "profile_id": row.profile_id,
            "created_at": row.created_at.isoformat(), "kind": row.kind,
            "message": row.message, "annual_saving": None if row.annual_saving is None
            else f"{row.annual_saving:.2f}", "recommendation_id": row.recommendation_id,
            "details": row.details,
            "delivery": {"delivered_at": None if row.delivered_at is None
                         else row.delivered_at.isoformat(),
                         "attempts": row.delivery_attempts, "error": row.delivery_error}}
