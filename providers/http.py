"""The shared HTTP layer: timeouts, retries with exponential backoff, Retry-After honoured.

Retried: connect errors, read timeouts, 429 and 5xx. Not retried: other 4xx (the request
itself is wrong). After the last attempt the failure is raised as `ProviderError`.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx

from advocate.domain import ProviderError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=5.0)
USER_AGENT = "advocate/0.1 (+customer-advocate comparison)"


def make_client(*, transport: httpx.BaseTransport | None = None,
                timeout: httpx.Timeout = DEFAULT_TIMEOUT) -> httpx.Client:
    """An httpx client with advocate's defaults; tests pass an `httpx.MockTransport`."""
    return httpx.Client(transport=transport, timeout=timeout, follow_redirects=True,
                        headers={"User-Agent": USER_AGENT})


class RetryPolicy:
    """How often and how long to wait between attempts."""

    def __init__(self, *, attempts: int = 4, base_delay: float = 0.5, max_delay: float = 30.0,
                 sleep: Callable[[float], None] = time.sleep):
        self.attempts = attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.sleep = sleep

    def delay(self, attempt: int, response: httpx.Response | None) -> float:
        """Seconds to wait before attempt `attempt + 1`; Retry-After wins when present."""
        hinted = retry_after_seconds(response) if response is not None else None
        if hinted is not None:
            return min(hinted, self.max_delay)
        return min(self.base_delay * (2 ** attempt), self.max_delay)


def retry_after_seconds(response: httpx.Response) -> float | None:
    """Parse a Retry-After header given as seconds or as an HTTP date."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def request(client: httpx.Client, method: str, url: str, *, policy: RetryPolicy | None = None,
            **kwargs: Any) -> httpx.Response:
    """Send a request with retries; return a 2xx/3xx/4xx response or raise ProviderError.

    Non-retryable 4xx responses are returned so that the caller can read an error envelope.
    """
    policy = policy or RetryPolicy()
    last_error: str = ""
    response: httpx.Response | None = None
    for attempt in range(policy.attempts):
        response = None
        try:
            response = client.request(method, url, **kwargs)
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            last_error = f"{type(exc).__name__}: {exc}"
        else:
            if response.status_code not in RETRY_STATUSES:
                return response
            last_error = f"HTTP {response.status_code}"
        if attempt + 1 < policy.attempts:
            policy.sleep(policy.delay(attempt, response))
    status = response.status_code if response is not None else None
    raise ProviderError(f"{method} {url} failed after {policy.attempts} attempts: {last_error}",
                        status=status, url=url)
