"""The adapter protocol every provider implements, and what a refresh needs from it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

import httpx

from advocate.domain import Category, Offer, RawPayload


class Adapter(Protocol):
    """One source of offers.

    `fetch` talks to the source through the injected client and yields raw payloads; it
    raises `ProviderError` when the source fails. `parse` is pure: one raw payload in, one
    `Offer` out, or `ParseError` (the payload is then quarantined). `read_files` turns files
    saved on disk (downloaded JSON, CSV, XLSX) into raw payloads, streaming.
    """

    source: str
    categories: tuple[Category, ...]

    def fetch(self, client: httpx.Client) -> Iterator[RawPayload]: ...

    def parse(self, raw: RawPayload) -> Offer: ...

    def read_files(self, paths: Iterable[Path]) -> Iterator[RawPayload]: ...
