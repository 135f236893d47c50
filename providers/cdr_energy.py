"""Australian energy plans from the Consumer Data Right product reference API (public, no key).

fetch: CDR Register brand summary (energy) -> each brand's `publicBaseUri` ->
`GET /cds-au/v1/energy/plans?type=ALL&fuelType=ALL&effective=CURRENT` (paged) -> the detail of
every plan, negotiated at plan-detail v1..v3 and tagged with the version the holder answered.
One brand failing does not stop the others: its failure (brand, status, CDS code, URL) is
recorded in `adapter.failures` (a list of dicts that the refresh run reports, which marks the
run `partial`), and the plans of every brand that answered are still yielded. A brand whose
list fails, or whose plan details fail `MAX_CONSECUTIVE_FAILURES` times in a row, is skipped.

parse: pure; dispatches on the payload's version (`providers.cdr_energy_versions`), refuses
error envelopes and unknown versions with ParseError. DUAL-fuel plans become an ELECTRICITY
offer whose terms list the unpriced gas half in `unpriceable`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from advocate.domain import Category, Geography, Offer, ParseError, Provenance, ProviderError
from advocate.domain import RawPayload as Raw
from advocate.domain.energy import distributor_key
from providers.cdr_energy_terms import tariff_from_plan
from providers.cdr_energy_versions import SUPPORTED_VERSIONS, version_of
from providers.cds import REGISTER_BASE, Brand, CdsClient, error_envelope, register_brand
from providers.http import RetryPolicy

SOURCE = "cdr_energy"
PLAN_LIST_VERSION = 1  # Get Generic Plans has only ever had v1
PLAN_FILTERS = {"type": "ALL", "fuelType": "ALL", "effective": "CURRENT"}
MAX_CONSECUTIVE_FAILURES = 3
_AEST = timezone(timedelta(hours=10))


class CdrEnergyAdapter:
    """The `cdr_energy` source: every current energy plan of every CDR energy brand."""

    source = SOURCE
    categories = (Category.ELECTRICITY, Category.GAS)

    def __init__(self, *, policy: RetryPolicy | None = None,
                 register_base: str = REGISTER_BASE, page_size: int = 1000):
        self.policy = policy
        self.register_base = register_base
        self.page_size = page_size
        self.failures: list[dict[str, Any]] = []

    def fetch(self, client: httpx.Client) -> Iterator[Raw]:
        """Raw plan details of every brand; a failing brand is recorded in `failures`."""
        self.failures = []
        cds = CdsClient(client, policy=self.policy)
        brands = cds.brands("energy", register_base=self.register_base)
        self.register = [(brand.brand_id, brand.name) for brand in brands]
        for brand in brands:
            yield from self._brand_plans(cds, brand)

    def read_register(self, path: Path) -> list[tuple[str, str]]:
        """(brand id, name) of every energy brand in a saved CDR Register brand summary."""
        body = json.loads(Path(path).read_text(encoding="utf-8"))
        return [(brand.brand_id, brand.name) for item in body.get("data") or []
                if (brand := register_brand(item, "energy")) is not None]

    def _brand_plans(self, cds: CdsClient, brand: Brand) -> Iterator[Raw]:
        url = f"{brand.public_base_uri}/cds-au/v1/energy/plans"
        failures_in_a_row = 0
        try:
            for page in cds.pages(url, version=PLAN_LIST_VERSION, params=PLAN_FILTERS,
                                  page_size=self.page_size):
                for plan in (page.body.get("data") or {}).get("plans") or []:
                    raw = self._detail(cds, brand, str(plan.get("planId")))
                    failures_in_a_row = 0 if raw else failures_in_a_row + 1
                    if failures_in_a_row >= MAX_CONSECUTIVE_FAILURES:
                        return
                    if raw:
                        yield raw
        except ProviderError as exc:
            self._record(brand, exc)

    def _detail(self, cds: CdsClient, brand: Brand, plan_id: str) -> Raw | None:
        url = f"{brand.public_base_uri}/cds-au/v1/energy/plans/{quote(plan_id, safe='@')}"
        try:
            detail = cds.get(url, version=max(SUPPORTED_VERSIONS),
                             min_version=min(SUPPORTED_VERSIONS))
        except ProviderError as exc:
            self._record(brand, exc, plan_id=plan_id)
            return None
        return Raw(source=SOURCE, body=detail.body, fetched_at=detail.fetched_at, url=detail.url,
                   schema_version=str(detail.version) if detail.version else None,
                   hints={"brand_id": brand.brand_id, "brand_name": brand.name,
                          "interaction_id": detail.interaction_id})

    def _record(self, brand: Brand, exc: ProviderError, *, plan_id: str | None = None) -> None:
        self.failures.append({"error": exc.message, "brand": brand.name,
                              "brand_id": brand.brand_id, "plan_id": plan_id,
                              "status": exc.status, "upstream_code": exc.upstream_code,
                              "url": exc.url})

    def parse(self, raw: Raw) -> Offer:
        """One plan detail response -> Offer; ParseError for error payloads, unknown versions
        and payloads that are not a plan detail."""
        data = _plan_data(raw)
        version, inferred = version_of(raw.schema_version, data)
        tariff = tariff_from_plan(data, version)
        plan_id = tariff.plan_id
        return Offer(
            id=f"{SOURCE}:{plan_id}", source=SOURCE, external_id=plan_id,
            category=Category.GAS if tariff.fuel == "GAS" else Category.ELECTRICITY,
            brand=str(data.get("brand") or ""), brand_name=str(data.get("brandName") or ""),
            name=str(data.get("displayName") or plan_id), geography=geography(data),
            terms=tariff,
            provenance=Provenance(source=SOURCE, fetched_at=raw.fetched_at,
                                  payload_sha256=raw.sha256, source_url=raw.url,
                                  schema_version=f"{version}{' (inferred)' if inferred else ''}"),
            effective_from=_local_date(data.get("effectiveFrom")),
            effective_to=_local_date(data.get("effectiveTo")),
            description=str(data.get("description") or ""), url=data.get("applicationUri"))

    def read_files(self, paths: Iterable[Path]) -> Iterator[Raw]:
        """Saved plan-detail responses (`{"data": ...}`); the version is inferred at parse."""
        for path in paths:
            path = Path(path)
            fetched_at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            try:
                body = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                yield Raw(source=SOURCE, body={}, fetched_at=fetched_at, url=None,
                          hints={"file": str(path), "read_error": f"not JSON: {exc}"})
                continue
            links = body.get("links") if isinstance(body, dict) else None
            yield Raw(source=SOURCE, body=body, fetched_at=fetched_at,
                      url=(links or {}).get("self"), hints={"file": str(path)})


def _plan_data(raw: Raw) -> dict:
    if raw.hints.get("read_error"):
        raise ParseError(f"{raw.hints.get('file')}: {raw.hints['read_error']}")
    envelope = error_envelope(raw.body)
    if envelope:
        code, title = envelope
        raise ParseError(f"error payload, not a plan: {code} {title}".strip(), field="errors",
                         details={"upstream_code": code, "title": title})
    data = raw.body.get("data") if isinstance(raw.body, dict) else None
    if not isinstance(data, dict) or "planId" not in data:
        shape = "a plan list" if isinstance(data, dict) and "plans" in data else "no plan"
        raise ParseError(f"not a plan detail response ({shape} in 'data')", field="data")
    return data


def geography(data: dict) -> Geography:
    """Geography keys: `distributor:<slug>` and `postcode:NNNN` (ranges expanded); excluded
    postcodes as excluded keys; `country:AU` when the plan has no geography (not limited)."""
    geo = data.get("geography") or {}
    fuel = str(data.get("fuelType") or "")
    included = [f"distributor:{distributor_slug(name, fuel)}"
                for name in geo.get("distributors") or []]
    included += [f"postcode:{code}" for item in geo.get("includedPostcodes") or []
                 for code in _postcodes(item)]
    excluded = [f"postcode:{code}" for item in geo.get("excludedPostcodes") or []
                for code in _postcodes(item)]
    if not geo:  # the standard: no geography = not geographically limited
        included = ["country:AU"]
    return Geography(included=tuple(dict.fromkeys(included)), excluded=tuple(excluded))


def distributor_slug(name: str, fuel: str) -> str:
    """Our slug for a network as a plan names it: the shipped electricity (distributors.csv)
    or gas (gas_distributors.csv) alias tables, else the name as a slug."""
    from advocate.usage import location
    from advocate.usage.tables import read_table

    if fuel != "GAS":
        return location.distributor_key(name) or distributor_key(name)
    wanted = name.strip().lower()
    try:
        rows = read_table("gas_distributors")
    except FileNotFoundError:  # the gas alias table is optional data
        rows = ()
    for row in rows:
        aliases = {a.lower() for a in row["cdr_names"].split("|")}
        if wanted in aliases | {row["distributor"], row["name"].lower()}:
            return row["distributor"]
    return distributor_key(name)


def _postcodes(item: str) -> list[str]:
    low, _, high = str(item).strip().partition("-")
    if not high:
        return [low]
    if not (low.isdigit() and high.isdigit()) or int(high) < int(low):
        raise ParseError(f"geography: {item!r} is not a postcode range", field="geography")
    return [f"{code:04d}" for code in range(int(low), int(high) + 1)]


def _local_date(value: object) -> date | None:
    """The AEST calendar date of a CDS timestamp (the AER writes local midnight as 14:00Z)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ParseError(f"{value!r} is not a date-time", field="effectiveFrom") from None
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(_AEST).date()
