"""Re-check jobs: which profiles a change of offers affects, and running their re-checks on an
RQ queue on Redis when REDIS_URL (env ADVOCATE_REDIS_URL) is set, inline otherwise.

"Affected" profiles, for a list of changed offer ids: profiles of unrevoked advisor keys,
of the category of a changed offer, where
  (a) the profile's current offer is one of the changed offers, or
  (b) a changed offer is in the profile's market: its geography includes one of the
      profile's market keys and excludes none of them. Those keys are the ones the estimate
      loads the market by: energy `postcode:<pc>`, `country:AU` and `distributor:<network>`
      (gas without a named network: every network of the state); health `county:<fips>`.
A profile whose location no longer resolves counts as affected, so its re-check says why.

Jobs carry only ids and non-secret settings (JSON-serialised, never pickled): a database URL
holding a password is left out, and the worker must then have ADVOCATE_DATABASE_URL in its
own environment. Each job builds its own app from those settings (workers run out of
process). Run a worker with `flask --app wsgi advocate work`.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable, Mapping

from flask import Flask
from redis import Redis
from rq import Queue, Retry, Worker
from rq.serializers import JSONSerializer
from sqlalchemy.engine import make_url
from sqlmodel import Session, col, select

from advocate.domain import Category, InvalidInput
from advocate.services import webhooks
from advocate.services.energy_estimates import canonical_distributor, gas_networks_in
from advocate.services.health_estimates import county_of
from advocate.services.recheck import recheck_profile
from advocate.store.access_tables import ApiKeyRow
from advocate.store.advice_tables import NotificationRow, ProfileRow
from advocate.store.db import EXTENSION_KEY, database_url, engine, transaction
from advocate.store.tables import OfferRegionRow, OfferRow
from advocate.usage.location import normalise_postcode, resolve_location, state_for_postcode
from providers.http import RetryPolicy

log = logging.getLogger(__name__)

DEFAULT_QUEUE = "advocate"
CHUNK = 500
JOB_SETTINGS = ("WEBHOOK_ATTEMPTS", "WEBHOOK_RETRY_BASE_SECONDS", "WEBHOOK_TIMEOUT_SECONDS",
                "TESTING")
_apps: dict[str, Flask] = {}


def affected_profiles(db: Session, changed_offer_ids: Iterable[str]) -> list[str]:
    """Ids of the profiles a change of these offers may concern (see the module docstring)."""
    changed = set(changed_offer_ids)
    offers = _changed_offers(db, sorted(changed))
    categories = {category for category, _, _ in offers.values()}
    found = []
    for profile in _active_profiles(db, categories):
        keys = market_keys_of(profile.category, profile.request)
        if profile.request.get("current_offer_id") in changed or keys is None or any(
                category == profile.category and included & keys and not excluded & keys
                for category, included, excluded in offers.values()):
            found.append(profile.id)
    return found


def _changed_offers(db: Session, ids: list[str]) -> dict[str, tuple[str, set, set]]:
    offers: dict[str, tuple[str, set, set]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        for offer_id, category in db.exec(select(OfferRow.id, OfferRow.category).where(
                col(OfferRow.id).in_(chunk))):
            offers[offer_id] = (category, set(), set())
        for region in db.exec(select(OfferRegionRow).where(
                col(OfferRegionRow.offer_id).in_(chunk))):
            offers[region.offer_id][2 if region.excluded else 1].add(region.key)
    return offers


def _active_profiles(db: Session, categories: set[str]) -> list[ProfileRow]:
    return list(db.exec(select(ProfileRow).join(
        ApiKeyRow, col(ApiKeyRow.id) == col(ProfileRow.advisor_key_id)).where(
        col(ProfileRow.category).in_(sorted(categories)),
        col(ApiKeyRow.revoked_at).is_(None)).order_by(ProfileRow.id)))


def all_profiles(db: Session) -> list[str]:
    """Ids of every profile of an unrevoked advisor key (for `recheck --all`)."""
    return [p.id for p in _active_profiles(db, {"electricity", "gas", "health"})]


def market_keys_of(category: str, needs: dict) -> frozenset[str] | None:
    """The geography keys of a profile's market, or None when its location does not resolve."""
    location = needs.get("location") or {}
    try:
        if category == Category.HEALTH.value:
            return frozenset({f"county:{county_of(location).fips}"})
        postcode = normalise_postcode(location.get("postcode"))
        if category == Category.GAS.value:
            named = location.get("distributor")
            networks = ([canonical_distributor(named, Category.GAS)] if named
                        else gas_networks_in(state_for_postcode(postcode) or ""))
        else:
            networks = [resolve_location(location).distributor]
    except InvalidInput:
        return None
    return frozenset({f"postcode:{postcode}", "country:AU"}
                     | {f"distributor:{name}" for name in networks if name})


def enqueue_rechecks(app_or_config: Flask | Mapping, changed_offer_ids: list[str]) -> int:
    """Re-check the profiles affected by changed offers: on the RQ queue when REDIS_URL is
    configured, inline otherwise. Returns how many profiles were affected."""
    app = app_or_config if isinstance(app_or_config, Flask) else _app(dict(app_or_config))
    if not changed_offer_ids:
        return 0
    with app.app_context(), transaction(engine()) as db:
        ids = affected_profiles(db, changed_offer_ids)
    if app.config.get("REDIS_URL"):
        enqueue_profiles(app, ids)
    else:
        for profile_id in ids:
            _inline(app, profile_id)
    return len(ids)


def _inline(app: Flask, profile_id: str) -> None:
    try:
        recheck_now(app, profile_id)
    except Exception:  # one profile's failure must not stop the others' re-checks
        log.exception("re-check of profile %s failed", profile_id)


def recheck_now(app: Flask, profile_id: str) -> int | None:
    """Re-check one profile in its own transaction, then deliver the notification; returns
    the notification id (None when the profile was erased meanwhile)."""
    with app.app_context():
        with transaction(engine()) as db:
            profile = db.get(ProfileRow, profile_id)
            if profile is None:
                return None
            notification_id = recheck_profile(db, profile).id
        deliver_now(app, notification_id)
    return notification_id


def deliver_now(app: Flask, notification_id: int) -> bool:
    """Deliver one notification to its advisor's webhook (if any), recording the outcome."""
    config = app.config
    policy = RetryPolicy(attempts=int(config.get("WEBHOOK_ATTEMPTS", 4)),
                         base_delay=float(config.get("WEBHOOK_RETRY_BASE_SECONDS", 1.0)),
                         **({"sleep": config["WEBHOOK_SLEEP"]} if "WEBHOOK_SLEEP" in config
                            else {}))
    with app.app_context(), transaction(engine()) as db:
        notification = db.get(NotificationRow, notification_id)
        return notification is not None and webhooks.deliver(
            db, notification, transport=config.get("WEBHOOK_TRANSPORT"), policy=policy,
            timeout=float(config.get("WEBHOOK_TIMEOUT_SECONDS", 5.0)))


def deliver_later(app: Flask, notification_id: int) -> None:
    """Deliver on the queue when one is configured (a slow webhook must not hold a request),
    else now."""
    if app.config.get("REDIS_URL"):
        rq_queue(app).enqueue(delivery_job, notification_id, job_settings(app),
                              job_id=f"deliver-{notification_id}-{uuid.uuid4().hex[:8]}")
    else:
        deliver_now(app, notification_id)


def rq_queue(app: Flask) -> Queue:
    """The RQ queue re-checks and deliveries go to (JSON serialiser)."""
    return Queue(app.config.get("RECHECK_QUEUE", DEFAULT_QUEUE),
                 connection=Redis.from_url(app.config["REDIS_URL"]),
                 serializer=JSONSerializer)


def enqueue_profiles(app: Flask, profile_ids: list[str]) -> None:
    """Put a re-check job per profile on the queue, unless one is already waiting."""
    queue = rq_queue(app)
    pending = {job_id.split("-")[1] for job_id in queue.get_job_ids()
               if job_id.startswith("recheck-")}
    settings = job_settings(app)
    for profile_id in profile_ids:
        if profile_id in pending:
            continue  # a queued re-check will already see the newest offers
        queue.enqueue(recheck_job, profile_id, settings,
                      job_id=f"recheck-{profile_id}-{uuid.uuid4().hex[:8]}",
                      retry=Retry(max=2, interval=[30, 300]),
                      description=f"re-check profile {profile_id}")
    queue.connection.close()


def job_settings(app: Flask) -> dict:
    """The settings a job rebuilds its app from: never a password."""
    settings = {key: app.config[key] for key in JOB_SETTINGS if key in app.config}
    url = database_url(app)
    if make_url(url).password is None:
        settings["DATABASE_URL"] = url
    return settings


def _app(settings: dict) -> Flask:
    """One app per distinct settings in this process (a worker runs many jobs)."""
    from advocate import create_app

    key = json.dumps(settings, sort_keys=True, default=str)
    if key not in _apps:
        _apps[key] = create_app(settings)
    return _apps[key]


def forget_apps() -> None:
    """Dispose of the apps jobs built in this process (and their database pools)."""
    while _apps:
        _, app = _apps.popitem()
        app.extensions[EXTENSION_KEY].dispose()


def recheck_job(profile_id: str, settings: dict) -> int | None:
    """RQ job: re-check one profile and deliver its notification."""
    return recheck_now(_app(settings), profile_id)


def delivery_job(notification_id: int, settings: dict) -> bool:
    """RQ job: deliver one notification."""
    return deliver_now(_app(settings), notification_id)


def work(app: Flask, *, burst: bool = False) -> bool:
    """Run an RQ worker on the configured queue (with the scheduler, for retries)."""
    queue = rq_queue(app)
    return Worker([queue], connection=queue.connection,
                  serializer=queue.serializer).work(burst=burst, with_scheduler=True)
