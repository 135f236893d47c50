"""CMS QHP Landscape (Individual Market, Medical) adapter: source "cms_landscape".

One landscape row is one plan as sold in one county, so one `Offer` is one plan x county:
`cms_landscape:<HIOS plan ID>:<county FIPS>` (for example `cms_landscape:33602TX0420001:48113`),
or `...:<state>-<COUNTY NAME>` when no FIPS code is known. The same plan in another county is
another offer: its geography differs and, across rating areas, so do its premiums.

Geography keys: `state:TX`, `county:48113` (when the FIPS code is known) and
`county_name:TX:DALLAS`. The brand is the HIOS issuer ID; the brand name the issuer's name.
Files are read by `providers.cms_files` (CSV, XLSX, zip; streamed); `fetch` downloads the file
CMS publishes (`DEFAULT_URL`, the pattern in data-sources.md §1b) and reads it the same way.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import httpx

from advocate.domain import Category, Geography, Offer, Provenance, ProviderError, RawPayload
from advocate.domain.health import HealthPlanTerms
from providers.cms_files import iter_rows
from providers.cms_rows import terms_from_row
from providers.http import RetryPolicy, request

SOURCE = "cms_landscape"
DEFAULT_URL = ("https://download.cms.gov/marketplace-puf/2026/"
               "landscape-individual-market-medical.zip")
SCHEMA_VERSION = "qhp-landscape-individual-medical"
_YEAR = re.compile(r"(?<!\d)(20[1-9]\d)(?!\d)")


class CmsLandscapeAdapter:
    """Reads QHP landscape files into health `Offer`s, one per plan x county."""

    source = SOURCE
    categories = (Category.HEALTH,)

    def __init__(self, url: str = DEFAULT_URL, *, plan_year: int | None = None,
                 policy: RetryPolicy | None = None):
        self.url = url
        self.plan_year = plan_year
        self.policy = policy
        self.failures: list[dict] = []

    def fetch(self, client: httpx.Client) -> Iterator[RawPayload]:
        """Download the landscape file from `self.url` (zip or not) and stream its rows."""
        response = request(client, "GET", self.url, policy=self.policy)
        if response.status_code != 200:
            raise ProviderError(f"GET {self.url} answered HTTP {response.status_code}",
                                status=response.status_code, url=self.url)
        year = self.plan_year or _year_in(self.url)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "landscape-download"
            path.write_bytes(response.content)
            for raw in self._read(path, year):
                yield replace(raw, url=self.url)

    def read_files(self, paths: Iterable[Path]) -> Iterator[RawPayload]:
        """One raw payload per data row of each file; the plan year comes from the adapter or
        a year in the file name."""
        for path in paths:
            yield from self._read(Path(path), self.plan_year or _year_in(Path(path).name))

    def _read(self, path: Path, year: int | None) -> Iterator[RawPayload]:
        fetched_at = datetime.now(UTC)
        url = path.resolve().as_uri()
        for number, row in iter_rows(path):
            yield RawPayload(source=SOURCE, body=row, fetched_at=fetched_at, url=url,
                             schema_version=SCHEMA_VERSION,
                             hints={"file": path.name, "row": number, "plan_year": year})

    def parse(self, raw: RawPayload) -> Offer:
        """The offer of one landscape row; `ParseError` (row quarantined) names the bad cell."""
        terms = terms_from_row(raw.body, plan_year=raw.hints.get("plan_year"))
        external_id = f"{terms.plan_id}:{place_key(terms)}"
        year = terms.plan_year
        return Offer(
            id=f"{SOURCE}:{external_id}", source=SOURCE, external_id=external_id,
            category=Category.HEALTH, brand=terms.issuer_id, brand_name=terms.issuer_name,
            name=terms.plan_name, geography=geography(terms), terms=terms,
            provenance=Provenance(source=SOURCE, fetched_at=raw.fetched_at,
                                  payload_sha256=raw.sha256, source_url=raw.url,
                                  schema_version=raw.schema_version),
            effective_from=date(year, 1, 1) if year else None,
            effective_to=date(year, 12, 31) if year else None,
            description=f"{terms.metal_level.value} {terms.plan_type.value}, "
                        f"{terms.county_name.title()} County, {terms.state}",
            url=terms.sbc_url or terms.brochure_url)


def place_key(terms: HealthPlanTerms) -> str:
    """The county part of an offer ID: the FIPS code, else `<state>-<COUNTY NAME>`."""
    if terms.county_fips:
        return terms.county_fips
    return f"{terms.state}-{'-'.join(terms.county_name.upper().split())}"


def geography(terms: HealthPlanTerms) -> Geography:
    """Lookup keys for where the plan is sold."""
    keys = [f"state:{terms.state}"]
    if terms.county_fips:
        keys.append(f"county:{terms.county_fips}")
    keys.append(f"county_name:{terms.state}:{' '.join(terms.county_name.upper().split())}")
    return Geography(included=tuple(keys))


def _year_in(name: str) -> int | None:
    match = _YEAR.search(name)
    return int(match.group(1)) if match else None
