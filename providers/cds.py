"""A client for Australia's Consumer Data Standards (CDS) public APIs, shared by energy and banking.

What the standard asks of a client, and how this one does it:
- Versioning: every request sends `x-v` (the highest version we parse) and `x-min-v` (the
  lowest); the holder answers with the highest version it supports in that range and echoes it
  in the response's `x-v`, which is what a payload must be parsed by. No supported version ->
  406 (`urn:au-cds:error:cds-all:Header/UnsupportedVersion`), raised as ProviderError.
- Paging: `page` (1-based) and `page-size` (at most 1000); follow `links.next` until absent.
- Errors: `{"errors":[{"code","title","detail"}]}` -> ProviderError carrying the first code
  and title; any other 4xx -> ProviderError with the status. Retries, timeouts, 429 and 5xx
  are the shared HTTP layer's (`providers.http.request`).
- Discovery: the CDR Register's brand summary lists each data holder brand's `publicBaseUri`;
  product endpoints live under `{publicBaseUri}/cds-au/v1/...`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from advocate.domain import ProviderError
from providers.http import RetryPolicy, request

REGISTER_BASE = "https://api.cdr.gov.au/cdr-register/v1"
MAX_PAGE_SIZE = 1000
UNSUPPORTED_VERSION = "urn:au-cds:error:cds-all:Header/UnsupportedVersion"


@dataclass(frozen=True)
class CdsResponse:
    """One successful CDS response: its JSON body, the version it was written in, when, where."""

    body: dict[str, Any]
    version: int | None
    url: str
    fetched_at: datetime
    interaction_id: str | None = None


@dataclass(frozen=True)
class Brand:
    """A data holder brand from the CDR Register."""

    brand_id: str
    name: str
    public_base_uri: str
    industries: tuple[str, ...] = ()


class CdsClient:
    """CDS requests through an injected `httpx.Client` (tests pass a MockTransport)."""

    def __init__(self, client: httpx.Client, *, policy: RetryPolicy | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.client = client
        self.policy = policy or RetryPolicy()
        self.clock = clock

    def get(self, url: str, *, version: int, min_version: int = 1,
            params: dict[str, Any] | None = None) -> CdsResponse:
        """GET one CDS resource at versions `min_version`..`version`; ProviderError on failure."""
        headers = {"x-v": str(version), "x-min-v": str(min(min_version, version)),
                   "Accept": "application/json"}
        response = request(self.client, "GET", url, policy=self.policy, headers=headers,
                           params=params)
        body = _json(response, url)
        raise_for_errors(response.status_code, body, url)
        return CdsResponse(body=body, version=_version(response), url=str(response.url),
                           fetched_at=self.clock(),
                           interaction_id=response.headers.get("x-fapi-interaction-id"))

    def pages(self, url: str, *, version: int, min_version: int = 1,
              params: dict[str, Any] | None = None,
              page_size: int = MAX_PAGE_SIZE) -> Iterator[CdsResponse]:
        """Every page of a paginated resource, following `links.next`."""
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page-size must be 1..{MAX_PAGE_SIZE}, not {page_size}")
        query: dict[str, Any] | None = {**(params or {}), "page-size": page_size}
        seen: set[str] = set()
        next_url: str | None = url
        while next_url and next_url not in seen:
            page = self.get(next_url, version=version, min_version=min_version, params=query)
            seen.add(page.url)
            yield page
            query = None  # links.next carries the query string of the next page
            next_url = (page.body.get("links") or {}).get("next")

    def brands(self, industry: str, *, register_base: str = REGISTER_BASE) -> list[Brand]:
        """The Register's brands for `industry` (`energy`, `banking`) that publish a base URI."""
        url = f"{register_base}/{industry}/data-holders/brands/summary"
        brands = []
        for page in self.pages(url, version=1):
            brands += [brand for item in page.body.get("data") or []
                       if (brand := register_brand(item, industry)) is not None]
        return brands


def register_brand(item: dict[str, Any], industry: str) -> Brand | None:
    """A Brand from one register entry, or None when it is not of `industry` or has no URI."""
    industries = tuple(item.get("industries") or (industry,))
    base = item.get("publicBaseUri")
    if not base or industry not in industries:
        return None
    return Brand(brand_id=str(item.get("dataHolderBrandId") or item.get("interimId") or ""),
                 name=str(item.get("brandName") or ""), public_base_uri=base.rstrip("/"),
                 industries=industries)


def raise_for_errors(status: int, body: Any, url: str) -> None:
    """ProviderError for a CDS error envelope or any 4xx/5xx status; nothing otherwise."""
    errors = body.get("errors") if isinstance(body, dict) else None
    if not errors and status < 400:
        return
    first = errors[0] if errors and isinstance(errors[0], dict) else {}
    code = first.get("code")
    title = first.get("title") or f"HTTP {status}"
    if status == 406 or code == UNSUPPORTED_VERSION:
        title = f"unsupported version: {title}"
    detail = f" ({first['detail']})" if first.get("detail") else ""
    raise ProviderError(f"{title}{detail} [{code or status}] at {url}", status=status,
                        upstream_code=code, url=url)


def error_envelope(body: Any) -> tuple[str, str] | None:
    """(code, title) of the first error when `body` is a CDS error envelope, else None."""
    errors = body.get("errors") if isinstance(body, dict) else None
    if not errors or not isinstance(errors[0], dict):
        return None
    return str(errors[0].get("code") or ""), str(errors[0].get("title") or "")


def _json(response: httpx.Response, url: str) -> Any:
    try:
        return response.json()
    except ValueError:
        if response.status_code >= 400:
            return {}
        raise ProviderError(f"GET {url} returned a body that is not JSON",
                            status=response.status_code, url=url) from None


def _version(response: httpx.Response) -> int | None:
    value = response.headers.get("x-v", "").strip()
    return int(value) if value.isdigit() else None
