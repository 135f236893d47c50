"""Webhook delivery on SQLite and PostgreSQL through httpx.MockTransport: the signature a
receiver can check by hand, retries with backoff, final failures recorded on the
notification, and a re-check that never fails because its webhook did."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta

import httpx
import pytest
from sqlmodel import select

from advocate import create_app
from advocate.domain import InvalidInput
from advocate.services import webhooks
from advocate.services.queue import recheck_now
from advocate.store.advice_tables import NotificationRow
from advocate.store.db import EXTENSION_KEY, transaction
from providers.http import RetryPolicy
from tests.integration.test_recheck import WHEN, advisor, load_market, new_profile, recheck

HOOK = "https://crm.example.com/hooks/advocate"


class Receiver:
    """A webhook endpoint answering the given statuses in turn (the last one repeats)."""

    def __init__(self, *answers: int | Exception | httpx.Response):
        self.answers, self.requests = list(answers), []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer if isinstance(answer, httpx.Response) else httpx.Response(answer)


@pytest.fixture
def noted(engine):
    """A profile with one better_option notification, and its advisor's webhook secret."""
    load_market(engine)
    caller = advisor(engine)
    profile = new_profile(engine, caller)
    recheck(engine, profile)
    with transaction(engine) as db:
        secret = webhooks.set_webhook(db, caller.key_id, HOOK).secret
    return {"bind": engine, "secret": secret, "caller": caller, "profile": profile}


def deliver(noted, receiver: Receiver, sleeps: list | None = None) -> tuple[bool, dict]:
    policy = RetryPolicy(attempts=4, base_delay=1.0, sleep=(sleeps if sleeps is not None
                                                            else []).append)
    with transaction(noted["bind"]) as db:
        row = db.exec(select(NotificationRow)).one()
        done = webhooks.deliver(db, row, transport=httpx.MockTransport(receiver),
                                policy=policy, now=WHEN)
        state = {"delivered_at": row.delivered_at, "attempts": row.delivery_attempts,
                 "error": row.delivery_error, "id": row.id}
    return done, state


def test_a_receiver_can_verify_the_signature_with_the_secret_alone(noted):
    receiver = Receiver(200)
    assert deliver(noted, receiver)[0] is True
    (request,) = receiver.requests
    stamp = request.headers["X-Advocate-Timestamp"]
    assert stamp == str(int(WHEN.timestamp())) == "1772355600"
    mac = hmac.new(noted["secret"].encode(), f"{stamp}.".encode() + request.content,
                   hashlib.sha256).hexdigest()
    assert request.headers["X-Advocate-Signature"] == "sha256=" + mac
    body = json.loads(request.content)
    assert body["event"] == "notification.better_option"
    assert body["annual_saving"] == "338.74" and body["profile_label"] == "client 9"
    assert request.headers["X-Advocate-Delivery"] == str(body["id"])
    assert webhooks.verify(noted["secret"], request.headers, request.content,
                           now=WHEN + timedelta(seconds=30))


def test_a_replayed_or_altered_delivery_fails_verification(noted):
    receiver = Receiver(200)
    deliver(noted, receiver)
    (request,) = receiver.requests
    later = WHEN + timedelta(seconds=webhooks.TOLERANCE_SECONDS + 1)
    assert not webhooks.verify(noted["secret"], request.headers, request.content, now=later)
    assert not webhooks.verify(noted["secret"], request.headers,
                               request.content.replace(b"338.74", b"999.99"), now=WHEN)
    assert not webhooks.verify("whsec_other", request.headers, request.content, now=WHEN)


def test_a_failing_receiver_is_retried_with_backoff_until_it_accepts(noted):
    sleeps: list[float] = []
    done, state = deliver(noted, Receiver(503, 502, 200), sleeps)
    assert done is True
    assert sleeps == [1.0, 2.0]
    assert (state["attempts"], state["error"]) == (3, None) and state["delivered_at"]


def test_retry_after_is_honoured_and_a_dropped_connection_is_retried(noted):
    sleeps: list[float] = []
    busy = httpx.Response(429, headers={"Retry-After": "7"})
    done, state = deliver(noted, Receiver(busy, httpx.ConnectError("refused"), 204), sleeps)
    assert done is True and sleeps == [7.0, 2.0] and state["attempts"] == 3


def test_a_receiver_that_keeps_failing_is_recorded_as_a_permanent_failure(noted):
    sleeps: list[float] = []
    done, state = deliver(noted, Receiver(500), sleeps)
    assert done is False
    assert sleeps == [1.0, 2.0, 4.0]
    assert state["attempts"] == 4 and state["delivered_at"] is None
    assert state["error"] == f"POST {HOOK} failed after 4 attempts: HTTP 500"


@pytest.mark.parametrize("status", [400, 401, 404, 410, 302])
def test_a_client_error_or_redirect_is_final_and_not_retried(noted, status):
    receiver = Receiver(httpx.Response(status, headers={"Location": "https://elsewhere/"}))
    done, state = deliver(noted, receiver)
    assert done is False and len(receiver.requests) == 1
    assert state["error"] == f"HTTP {status} (final answer, not retried)"


def test_no_webhook_means_no_delivery_and_nothing_recorded(noted):
    with transaction(noted["bind"]) as db:
        webhooks.remove_webhook(db, noted["caller"].key_id)
    receiver = Receiver(200)
    done, state = deliver(noted, receiver)
    assert done is False and receiver.requests == []
    assert (state["attempts"], state["error"], state["delivered_at"]) == (0, None, None)


def test_a_recheck_with_a_dead_webhook_still_records_its_notification(noted, database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url,
                      "WEBHOOK_TRANSPORT": httpx.MockTransport(Receiver(
                          httpx.ConnectError("no route to host"))),
                      "WEBHOOK_SLEEP": lambda seconds: None})
    try:
        note_id = recheck_now(app, noted["profile"])
    finally:
        app.extensions[EXTENSION_KEY].dispose()
    with transaction(noted["bind"]) as db:
        row = db.get(NotificationRow, note_id)
        assert row.kind == "better_option" and row.delivered_at is None
        assert row.delivery_attempts == 4
        assert row.delivery_error.endswith("ConnectError: no route to host")


def test_setting_a_webhook_again_rotates_its_secret(noted):
    with transaction(noted["bind"]) as db:
        again = webhooks.set_webhook(db, noted["caller"].key_id, HOOK + "/v2")
        assert again.secret != noted["secret"] and again.secret.startswith("whsec_")
        assert len(again.secret) >= 40


@pytest.mark.parametrize("url", ["http://crm.example.com/hook", "https://127.0.0.1/hook",
                                 "https://10.1.2.3/hook", "https://169.254.169.254/latest",
                                 "https://localhost:8443/hook", "https://[::1]/hook",
                                 "ftp://crm.example.com/"])
def test_a_webhook_may_not_point_into_the_servers_own_network(url):
    with pytest.raises(InvalidInput) as refused:
        webhooks.check_url(url)
    assert refused.value.field == "url"


def test_local_receivers_are_allowed_when_the_deployment_says_so():
    webhooks.check_url("http://127.0.0.1:8080/hook", allow_local=True)
    webhooks.check_url("https://crm.example.com/hook")


def test_the_documented_scheme_matches_the_headers_sent():
    assert webhooks.SIGNING["signature_header"] == webhooks.SIGNATURE_HEADER
    assert webhooks.sign("k", "1", b"{}") == "sha256=" + hmac.new(
        b"k", b"1.{}", hashlib.sha256).hexdigest()
