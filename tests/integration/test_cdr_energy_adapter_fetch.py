"""CdrEnergyAdapter.fetch through httpx.MockTransport replaying the real recorded payloads.

The fake CDR serves the real Register brand summary (80 energy brands). GloBird, Energy Locals
and Origin answer with plan lists built from their real plan details (the upstream tracker
merged list pages, so lists are re-split into pages here) and then the details themselves;
Future X Power answers its plan with the real error envelope; Tas Gas (500s) and Aurora
(timeouts) are down; every other brand answers the real empty plan list.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from advocate.domain import ProviderError
from advocate.services.refresh import refresh
from advocate.store.db import make_engine
from providers.cdr_energy import CdrEnergyAdapter
from providers.http import RetryPolicy

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cdr_energy"
REGISTER = json.loads((FIXTURES / "register/energy-data-holders-brands-summary.json").read_text())
EMPTY_LIST = json.loads((FIXTURES / "plan-list/040f7f80-c3b2-4a10-8e15-ebb9f324bad6.json")
                        .read_text())
ERROR_PAYLOAD = json.loads(next(FIXTURES.glob("plan-detail/*/FXP651405MRE1@EME.json")).read_text())
AER = "https://cdr.energymadeeasy.gov.au"
HOSTED = {  # brand base URI (from the register) -> (plans served, x-v answered for details)
    "https://publiccdr.globirdenergy.com.au": (("GLO562466SR@VEC", "GLO575367MR@VEC",
                                                 "GLO591394MR@VEC", "GLO591414MR@VEC"), "2"),
    f"{AER}/energy-locals": (("ENE577618SR@VEC", "ENE577647MR@VEC", "ENE577685MR@VEC",
                              "ENE588289MR@VEC", "ENE591027MR@VEC", "IND577497MR@VEC"), "2"),
    "https://public.mydata.cdr.originenergy.com.au": (("OR2403501SR@VEC", "OR2410950MR@VEC"), "1"),
}
DOWN = f"{AER}/tas-gas"
TIMING_OUT = f"{AER}/aurora"
FAILING_PLAN = f"{AER}/future-x"
PAGE = 2


def detail(plan_id: str) -> dict:
    return json.loads(next(FIXTURES.glob(f"plan-detail/*/{plan_id}.json")).read_text())


def list_item(plan_id: str) -> dict:
    data = detail(plan_id)["data"]
    return {k: v for k, v in data.items() if k not in ("electricityContract", "gasContract")}


class FakeCdr:
    """The register and the brands' endpoints, answering as configured; records requests."""

    def __init__(self, error_status: int = 200):
        self.requests: list[httpx.Request] = []
        self.calls_to_down_brand = 0
        self.error_status = error_status

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        url = str(request.url.copy_with(query=None))
        if url.endswith("/cdr-register/v1/energy/data-holders/brands/summary"):
            return httpx.Response(200, json=REGISTER, headers={"x-v": "1"})
        base, _, rest = url.partition("/cds-au/v1/energy/plans")
        if base == DOWN:
            self.calls_to_down_brand += 1
            return httpx.Response(500)
        if base == TIMING_OUT:
            raise httpx.ReadTimeout("timed out", request=request)
        if base == FAILING_PLAN:
            return self._failing_plan(rest)
        if base not in HOSTED:
            return httpx.Response(200, json=EMPTY_LIST, headers={"x-v": "1"})
        plans, version = HOSTED[base]
        if rest:
            return httpx.Response(200, json=detail(rest.lstrip("/")), headers={"x-v": version})
        return self._list_page(base, plans, int(request.url.params.get("page", "1")))

    def _failing_plan(self, rest: str) -> httpx.Response:
        if rest:
            return httpx.Response(self.error_status, json=ERROR_PAYLOAD)
        return httpx.Response(200, json={"data": {"plans": [{"planId": "FXP651405MRE1@EME"}]}},
                              headers={"x-v": "1"})

    def _list_page(self, base: str, plans: tuple, page: int) -> httpx.Response:
        chunk = plans[(page - 1) * PAGE:page * PAGE]
        links = {"self": f"{base}/cds-au/v1/energy/plans?page={page}"}
        if page * PAGE < len(plans):
            links["next"] = f"{base}/cds-au/v1/energy/plans?page={page + 1}&page-size={PAGE}"
        return httpx.Response(200, headers={"x-v": "1"}, json={
            "data": {"plans": [list_item(p) for p in chunk]}, "links": links,
            "meta": {"totalRecords": len(plans), "totalPages": -(-len(plans) // PAGE)}})


@pytest.fixture
def fake() -> FakeCdr:
    return FakeCdr()


@pytest.fixture
def adapter() -> CdrEnergyAdapter:
    return CdrEnergyAdapter(policy=RetryPolicy(attempts=2, sleep=lambda seconds: None))


def fetch_all(adapter: CdrEnergyAdapter, fake: FakeCdr) -> list:
    with httpx.Client(transport=httpx.MockTransport(fake)) as client:
        return list(adapter.fetch(client))


def test_plans_of_every_brand_that_answers_are_fetched_across_pages(adapter, fake):
    payloads = fetch_all(adapter, fake)

    expected = {plan for plans, _ in HOSTED.values() for plan in plans}
    assert {p.body["data"]["planId"] for p in payloads} == expected
    globird_pages = [r for r in fake.requests if r.url.host == "publiccdr.globirdenergy.com.au"
                     and r.url.path.endswith("/plans")]
    assert [r.url.params.get("page") for r in globird_pages] == [None, "2"]


def test_each_payload_carries_the_version_the_holder_answered_and_parses_by_it(adapter, fake):
    payloads = {p.body["data"]["planId"]: p for p in fetch_all(adapter, fake)}

    assert payloads["OR2403501SR@VEC"].schema_version == "1"
    assert payloads["GLO591394MR@VEC"].schema_version == "2"
    assert payloads["GLO591394MR@VEC"].url.endswith("/energy/plans/GLO591394MR@VEC")
    offers = [adapter.parse(p) for p in payloads.values()]
    assert {o.provenance.schema_version for o in offers} == {"1", "2"}


def test_requests_negotiate_versions_and_filter_current_plans_of_every_type(adapter, fake):
    fetch_all(adapter, fake)

    register = fake.requests[0]
    plan_list = next(r for r in fake.requests if r.url.path.endswith("/energy-locals/cds-au/v1"
                                                                      "/energy/plans"))
    plan_detail = next(r for r in fake.requests if r.url.path.endswith("/ENE591027MR@VEC"))
    assert register.headers["x-v"] == "1"
    assert (plan_list.headers["x-v"], plan_list.headers["x-min-v"]) == ("1", "1")
    assert dict(plan_list.url.params) == {"type": "ALL", "fuelType": "ALL",
                                          "effective": "CURRENT", "page-size": "1000"}
    assert (plan_detail.headers["x-v"], plan_detail.headers["x-min-v"]) == ("3", "1")


def test_brands_that_are_down_are_recorded_while_the_others_are_still_fetched(adapter, fake):
    payloads = fetch_all(adapter, fake)

    failures = {f["brand"]: f for f in adapter.failures}
    assert set(failures) == {"Tas Gas", "Aurora Energy", "Future X Power"}
    assert failures["Tas Gas"]["status"] == 500
    assert fake.calls_to_down_brand == 2  # retried once by the shared HTTP layer, then given up
    assert "ReadTimeout" in failures["Aurora Energy"]["error"]
    assert len(payloads) == 12


def test_a_plan_answering_the_error_envelope_is_recorded_with_its_cds_code(adapter, fake):
    fetch_all(adapter, fake)

    (failure,) = [f for f in adapter.failures if f["brand"] == "Future X Power"]
    assert failure["plan_id"] == "FXP651405MRE1@EME"
    assert failure["upstream_code"] == "urn:au-cds:error:cds-all:GeneralError/Unexpected"
    assert "Unexpected Error Encountered" in failure["error"]


def test_a_plan_failing_with_500_is_retried_then_recorded_with_its_status(adapter):
    fake = FakeCdr(error_status=500)

    fetch_all(adapter, fake)

    (failure,) = [f for f in adapter.failures if f["brand"] == "Future X Power"]
    assert (failure["plan_id"], failure["status"]) == ("FXP651405MRE1@EME", 500)
    assert sum(r.url.path.endswith("FXP651405MRE1@EME") for r in fake.requests) == 2


def test_a_holder_refusing_every_offered_version_is_recorded_as_a_406(adapter, fake):
    unsupported = {"errors": [{"code": "urn:au-cds:error:cds-all:Header/UnsupportedVersion",
                               "title": "Unsupported Version"}]}

    def refusing(request):
        if request.url.host == "publiccdr.globirdenergy.com.au" and "@" in request.url.path:
            return httpx.Response(406, json=unsupported)
        return fake(request)

    with httpx.Client(transport=httpx.MockTransport(refusing)) as client:
        payloads = list(adapter.fetch(client))

    globird = [f for f in adapter.failures if f["brand"] == "GloBird Energy"]
    assert {f["status"] for f in globird} == {406}
    assert len(globird) == 3  # three refusals in a row: the brand is given up
    assert not any(p.body["data"]["brand"] == "globird" for p in payloads)
    assert len(payloads) == 8


def test_a_plan_list_answering_500_is_retried_and_then_read(adapter, fake):
    failed_once: set[str] = set()

    def flaky(request):
        key = str(request.url)
        if request.url.path.endswith("/energy-locals/cds-au/v1/energy/plans") and \
                key not in failed_once:
            failed_once.add(key)
            return httpx.Response(500)
        return fake(request)

    with httpx.Client(transport=httpx.MockTransport(flaky)) as client:
        payloads = list(adapter.fetch(client))

    assert not any(f["brand"] == "Energy Locals" for f in adapter.failures)
    assert sum(p.body["data"]["brand"] in ("energy-locals", "indigo") for p in payloads) == 6


def test_an_unreachable_register_fails_the_whole_fetch(adapter):
    def handler(request):
        return httpx.Response(503)

    with (httpx.Client(transport=httpx.MockTransport(handler)) as client,
          pytest.raises(ProviderError, match="failed after 2 attempts")):
        list(adapter.fetch(client))


def test_a_refresh_stores_the_brands_that_answered_and_ends_partial(adapter, fake, sqlite_url):
    bind = make_engine(sqlite_url)
    with httpx.Client(transport=httpx.MockTransport(fake)) as client:
        report = refresh(bind, adapter, client)
    bind.dispose()

    assert (report.status, report.stored, report.quarantined) == ("partial", 12, 0)
    assert {e["brand"] for e in report.errors} == {"Tas Gas", "Aurora Energy", "Future X Power"}
