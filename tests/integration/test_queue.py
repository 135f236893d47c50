"""A refresh that changes offers re-checks the affected profiles: on a real RQ queue on the
Redis at 127.0.0.1:6379 (skipped, with the reason, when unreachable) run by an in-process
SimpleWorker, or inline when no queue is configured. SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid

import pytest
from redis import Redis
from redis.exceptions import RedisError
from rq import SimpleWorker
from sqlmodel import Session, select

from advocate import create_app
from advocate.services import queue
from advocate.store.advice_tables import NotificationRow
from advocate.store.db import EXTENSION_KEY
from tests.integration.test_recheck import advisor, load_market, new_profile, republish

REDIS_URL = os.environ.get("ADVOCATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
NEWER = {"lastUpdated": "2026-03-02T00:00:00Z"}  # the retailer republished the plan


@pytest.fixture
def redis_url() -> str:
    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except RedisError as error:
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {error}")
    return REDIS_URL


@pytest.fixture
def world(engine, database_url):
    load_market(engine)
    profile = new_profile(engine, advisor(engine))
    apps = []

    def app(**config):
        made = create_app({"TESTING": True, "DATABASE_URL": database_url, **config})
        apps.append(made)
        return made

    yield {"bind": engine, "profile": profile, "app": app, "url": database_url}
    queue.forget_apps()
    for made in apps:
        made.extensions[EXTENSION_KEY].dispose()


@pytest.fixture
def rq_app(world, redis_url):
    name = f"advocate-recheck-test-{uuid.uuid4().hex}"
    app = world["app"](REDIS_URL=redis_url, RECHECK_QUEUE=name)
    yield app
    jobs = queue.rq_queue(app)
    jobs.delete(delete_jobs=True)
    for key in jobs.connection.scan_iter(f"rq:*{name}*"):  # the registries RQ keeps
        jobs.connection.delete(key)
    jobs.connection.close()


def notifications(bind) -> list[NotificationRow]:
    with Session(bind) as db:
        return list(db.exec(select(NotificationRow)))


def work(app) -> None:
    jobs = queue.rq_queue(app)
    SimpleWorker([jobs], connection=jobs.connection, serializer=jobs.serializer).work(
        burst=True)
    jobs.connection.close()


def test_a_refresh_that_changes_an_offer_queues_a_recheck_that_a_worker_runs(world, rq_app,
                                                                             tmp_path):
    changed = republish(world["bind"], tmp_path, "ARC577331MR@VEC", lambda d: d.update(NEWER))
    assert changed == ["cdr_energy:ARC577331MR@VEC"]
    assert queue.enqueue_rechecks(rq_app, changed) == 1
    waiting = queue.rq_queue(rq_app)
    assert waiting.count == 1 and notifications(world["bind"]) == []
    (job,) = waiting.get_jobs()
    assert job.args == [world["profile"], queue.job_settings(rq_app)]
    waiting.connection.close()
    work(rq_app)
    (note,) = notifications(world["bind"])
    assert (note.profile_id, note.kind) == (world["profile"], "better_option")


def test_a_profile_already_waiting_is_not_queued_twice(world, rq_app):
    changed = ["cdr_energy:ARC577331MR@VEC"]
    assert queue.enqueue_rechecks(rq_app, changed) == 1
    assert queue.enqueue_rechecks(rq_app, changed) == 1
    waiting = queue.rq_queue(rq_app)
    assert waiting.count == 1
    waiting.connection.close()
    work(rq_app)
    assert len(notifications(world["bind"])) == 1


def test_a_change_outside_every_profiles_market_queues_nothing(world, rq_app):
    assert queue.enqueue_rechecks(rq_app, ["cdr_energy:AUR775682RRE7@EME"]) == 0
    waiting = queue.rq_queue(rq_app)
    assert waiting.count == 0
    waiting.connection.close()


def test_without_a_queue_the_rechecks_run_inline(world, tmp_path):
    changed = republish(world["bind"], tmp_path, "GLO591414MR@VEC", lambda d: d.update(NEWER))
    assert queue.enqueue_rechecks(world["app"](), changed) == 1
    (note,) = notifications(world["bind"])
    assert note.kind == "better_option" and note.recommendation_id


def test_enqueue_rechecks_also_takes_a_configuration(world):
    config = {"TESTING": True, "DATABASE_URL": world["url"]}
    assert queue.enqueue_rechecks(config, ["cdr_energy:ARC577331MR@VEC"]) == 1
    assert [n.kind for n in notifications(world["bind"])] == ["better_option"]


def test_jobs_never_carry_a_database_password(world):
    app = world["app"]()
    assert queue.job_settings(app)["DATABASE_URL"] == world["url"]
    app.config["DATABASE_URL"] = "postgresql+psycopg://advocate:s3cret@db.internal/advocate"
    settings = queue.job_settings(app)
    assert "DATABASE_URL" not in settings and "s3cret" not in str(settings)


def test_with_a_queue_a_webhook_delivery_waits_on_it_instead_of_holding_the_request(
        world, rq_app):
    note_id = queue.recheck_now(world["app"](), world["profile"])
    queue.deliver_later(rq_app, note_id)
    waiting = queue.rq_queue(rq_app)
    (job,) = waiting.get_jobs()
    assert job.id.startswith(f"deliver-{note_id}-")
    assert job.args == [note_id, queue.job_settings(rq_app)]
    assert job.func_name == "advocate.services.queue.delivery_job"
    waiting.connection.close()
