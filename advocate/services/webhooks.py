"""Advisors' webhooks: every notification is POSTed as JSON, signed with HMAC-SHA256.

What a delivery carries:

    Content-Type: application/json
    X-Advocate-Delivery: <notification id>       the same on every retry: drop duplicates
    X-Advocate-Timestamp: <unix seconds>          when this delivery was signed
    X-Advocate-Signature: sha256=<hex>            HMAC-SHA256(secret, b"<timestamp>." + body)

How a receiver verifies it: take the raw body bytes exactly as received (before parsing any
JSON), compute HMAC-SHA256 with the secret over the timestamp header's value, a full stop and
the body, compare with the header in constant time (`hmac.compare_digest`), and refuse the
delivery when the timestamp is more than 300 seconds away from its own clock. A replayed
delivery carries its old timestamp, and changing the timestamp breaks the signature.

Retries: connection errors, timeouts, 429 and 5xx are retried with exponential backoff
(providers.http RetryPolicy: 1 s, 2 s, 4 s by default; Retry-After honoured, up to 30 s).
Any other answer is final. Redirects are not followed (a webhook must name its real URL).
The outcome is recorded on the notification (delivered_at, delivery_attempts, delivery_error);
delivery never raises into the re-check that produced the notification.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import urlsplit

import httpx
from sqlmodel import Session

from advocate.domain import InvalidInput, NotFound, ProviderError
from advocate.services.profiles import notification_json
from advocate.store.advice_tables import NotificationRow, ProfileRow, WebhookRow
from advocate.store.tables import utcnow
from providers.http import USER_AGENT, RetryPolicy, request

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Advocate-Signature"
TIMESTAMP_HEADER = "X-Advocate-Timestamp"
DELIVERY_HEADER = "X-Advocate-Delivery"
TOLERANCE_SECONDS = 300
DEFAULT_POLICY = {"attempts": 4, "base_delay": 1.0, "max_delay": 30.0}
SIGNING = {"algorithm": "HMAC-SHA256", "signature_header": SIGNATURE_HEADER,
           "signature_format": "sha256=<lowercase hex>", "timestamp_header": TIMESTAMP_HEADER,
           "signed_payload": "<timestamp header value> + '.' + <raw request body bytes>",
           "delivery_header": DELIVERY_HEADER, "tolerance_seconds": TOLERANCE_SECONDS,
           "replays": "refuse a timestamp more than tolerance_seconds from your clock, and "
                      "a delivery id you have already processed"}


def set_webhook(db: Session, advisor_key_id: int, url: str, *, allow_local: bool = False,
                now: datetime | None = None) -> WebhookRow:
    """Set (or replace) the advisor's webhook with a new secret; the secret is on the row."""
    check_url(url, allow_local=allow_local)
    row = db.get(WebhookRow, advisor_key_id) or WebhookRow(advisor_key_id=advisor_key_id)
    row.url, row.secret = url, "whsec_" + secrets.token_urlsafe(32)
    row.created_at = now or utcnow()
    db.add(row)
    db.flush()
    return row


def check_url(url: str, *, allow_local: bool = False) -> None:
    """Only https, and no loopback, private or link-local address, unless `allow_local`
    (development): the server must not be made to POST into its own network."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidInput("a webhook URL is https://host/path", field="url")
    if allow_local:
        return
    if parts.scheme != "https":
        raise InvalidInput("a webhook URL must use https", field="url")
    if _local_host(parts.hostname):
        raise InvalidInput("a webhook may not point at a loopback, private or link-local "
                           "address", field="url")


def _local_host(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


def get_webhook(db: Session, advisor_key_id: int) -> WebhookRow:
    """The advisor's webhook; NotFound when none is set."""
    row = db.get(WebhookRow, advisor_key_id)
    if row is None:
        raise NotFound("No webhook is set for this key.", field="webhook")
    return row


def remove_webhook(db: Session, advisor_key_id: int) -> None:
    """Stop deliveries: forget the URL and the secret."""
    db.delete(get_webhook(db, advisor_key_id))
    db.flush()


def webhook_json(row: WebhookRow, *, with_secret: bool = False) -> dict:
    """The webhook as the API shows it (the secret only right after it was set)."""
    body = {"url": row.url, "created_at": row.created_at.isoformat(), "signing": SIGNING}
    return {**body, "secret": row.secret} if with_secret else body


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header value for `body` sent at `timestamp`."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body,
                      hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(secret: str, headers: Mapping[str, str], body: bytes, *, now: datetime,
           tolerance: int = TOLERANCE_SECONDS) -> bool:
    """What a receiver does: signature over timestamp and raw body, and a fresh timestamp."""
    stamp = headers.get(TIMESTAMP_HEADER, "")
    if not stamp.isdigit() or abs(now.timestamp() - int(stamp)) > tolerance:
        return False
    given = headers.get(SIGNATURE_HEADER, "").encode("utf-8")
    return hmac.compare_digest(sign(secret, stamp, body).encode("utf-8"), given)


def payload(notification: NotificationRow, profile: ProfileRow) -> bytes:
    """The JSON body of a delivery: the notification and the advisor's label for the profile."""
    document = {"event": f"notification.{notification.kind}",
                "profile_label": profile.label, **notification_json(notification)}
    document.pop("delivery")
    return json.dumps(document, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def deliver(db: Session, notification: NotificationRow, *,
            transport: httpx.BaseTransport | None = None, policy: RetryPolicy | None = None,
            timeout: float = 5.0, now: datetime | None = None) -> bool:
    """POST one notification to its advisor's webhook, with retries; record the outcome.

    Returns True when delivered, False when there is no webhook or delivery failed.
    """
    profile = db.get(ProfileRow, notification.profile_id)
    hook = db.get(WebhookRow, profile.advisor_key_id) if profile is not None else None
    if hook is None:
        return False
    body = payload(notification, profile)
    stamp = str(int((now or utcnow()).timestamp()))
    headers = {"Content-Type": "application/json", DELIVERY_HEADER: str(notification.id),
               TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: sign(hook.secret, stamp, body)}
    attempts, error = _post(hook.url, body, headers, transport, policy, timeout)
    notification.delivery_attempts += attempts
    notification.delivery_error = error
    notification.delivered_at = utcnow() if error is None else None
    db.add(notification)
    db.flush()
    return error is None


def _post(url: str, body: bytes, headers: dict, transport, policy, timeout) -> tuple[int,
                                                                                      str | None]:
    sent = []
    hooks = {"request": [lambda _request: sent.append(1)]}
    try:
        with httpx.Client(transport=transport, timeout=timeout, follow_redirects=False,
                          headers={"User-Agent": USER_AGENT}, event_hooks=hooks) as client:
            response = request(client, "POST", url, content=body,
                               policy=policy or RetryPolicy(**DEFAULT_POLICY),
                               headers=headers)
    except ProviderError as error:
        return len(sent), error.message
    except (httpx.HTTPError, OSError, ValueError) as error:
        log.warning("webhook delivery to %s failed: %s", url, error)
        return len(sent), f"{type(error).__name__}: {error}"
    if response.is_success:
        return len(sent), None
    return len(sent), f"HTTP {response.status_code} (final answer, not retried)"
