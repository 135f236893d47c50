"""The Consumer Data Standards client through httpx.MockTransport, on real recorded payloads."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from advocate.domain import ProviderError
from providers.cds import MAX_PAGE_SIZE, REGISTER_BASE, CdsClient
from providers.http import RetryPolicy

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cdr_energy"
ERROR_PAYLOAD = json.loads(next(FIXTURES.glob("plan-detail/*/FXP651405MRE1@EME.json")).read_text())
TAS_GAS_LIST = json.loads((FIXTURES / "plan-list/ea345a5a-8b10-487f-af91-bfd48b0df577.json")
                          .read_text())
REGISTER = json.loads((FIXTURES / "register/energy-data-holders-brands-summary.json").read_text())
GLOBIRD = json.loads(next(FIXTURES.glob("plan-detail/*/GLO591394MR@VEC.json")).read_text())
BASE = "https://cdr.energymadeeasy.gov.au/tas-gas/cds-au/v1/energy/plans"
NO_WAIT = RetryPolicy(attempts=3, sleep=lambda seconds: None)


def cds(handler) -> CdsClient:
    return CdsClient(httpx.Client(transport=httpx.MockTransport(handler)), policy=NO_WAIT)


def test_every_request_sends_x_v_and_x_min_v_and_the_answer_carries_the_response_version():
    seen = []

    def handler(request):
        seen.append(request.headers)
        return httpx.Response(200, json=GLOBIRD, headers={"x-v": "2"})

    answer = cds(handler).get(GLOBIRD["links"]["self"], version=3, min_version=1)

    assert (seen[0]["x-v"], seen[0]["x-min-v"]) == ("3", "1")
    assert answer.version == 2
    assert answer.body == GLOBIRD


def test_an_unsupported_version_406_is_a_provider_error_saying_so():
    envelope = {"errors": [{"code": "urn:au-cds:error:cds-all:Header/UnsupportedVersion",
                            "title": "Unsupported Version", "detail": "x-min-v 3 > 2"}]}

    def handler(request):
        return httpx.Response(406, json=envelope)

    with pytest.raises(ProviderError, match="unsupported version: Unsupported Version") as caught:
        cds(handler).get(BASE, version=3, min_version=3)
    assert caught.value.status == 406
    assert caught.value.upstream_code.endswith("Header/UnsupportedVersion")


@pytest.mark.parametrize("status", [200, 400, 422])
def test_the_real_error_envelope_becomes_a_provider_error_with_code_and_title(status):
    def handler(request):
        return httpx.Response(status, json=ERROR_PAYLOAD)

    with pytest.raises(ProviderError, match=r"Unexpected Error Encountered \[urn:au-cds") as caught:
        cds(handler).get(BASE + "/FXP651405MRE1@EME", version=3)
    assert caught.value.upstream_code == "urn:au-cds:error:cds-all:GeneralError/Unexpected"
    assert caught.value.status == status


def test_a_4xx_without_an_envelope_is_a_provider_error_with_its_status():
    def handler(request):
        return httpx.Response(404, text="no such plan")

    with pytest.raises(ProviderError, match="HTTP 404") as caught:
        cds(handler).get(BASE + "/missing", version=1)
    assert caught.value.status == 404


def test_a_200_that_is_not_json_is_a_provider_error():
    def handler(request):
        return httpx.Response(200, text="<html>maintenance</html>")

    with pytest.raises(ProviderError, match="not JSON"):
        cds(handler).get(BASE, version=1)


def test_a_500_is_retried_through_the_shared_http_layer_then_succeeds():
    calls = []

    def handler(request):
        calls.append(request)
        if len(calls) < 3:
            return httpx.Response(500)
        return httpx.Response(200, json=TAS_GAS_LIST, headers={"x-v": "1"})

    answer = cds(handler).get(BASE, version=1)

    assert len(calls) == 3
    assert len(answer.body["data"]["plans"]) == 2


def test_paging_follows_links_next_across_a_real_list_split_in_two():
    first, second = TAS_GAS_LIST["data"]["plans"]
    pages = {"1": {"data": {"plans": [first]},
                   "links": {"self": BASE + "?page=1", "next": BASE + "?page=2&page-size=1"},
                   "meta": {"totalRecords": 2, "totalPages": 2}},
             "2": {"data": {"plans": [second]}, "links": {"self": BASE + "?page=2"},
                   "meta": {"totalRecords": 2, "totalPages": 2}}}
    seen = []

    def handler(request):
        seen.append(request.url)
        return httpx.Response(200, json=pages[request.url.params.get("page", "1")],
                              headers={"x-v": "1"})

    got = list(cds(handler).pages(BASE, version=1, params={"type": "ALL"}, page_size=1))

    assert [p.body["data"]["plans"][0]["planId"] for p in got] == ["TAS568937SS@VEC",
                                                                   "TAS549452SR@VEC"]
    assert seen[0].params["page-size"] == "1" and seen[0].params["type"] == "ALL"
    assert str(seen[1]) == BASE + "?page=2&page-size=1"


def test_paging_stops_when_links_next_points_back_to_a_page_already_read():
    def handler(request):
        return httpx.Response(200, json={**TAS_GAS_LIST, "links": {"next": BASE}})

    assert len(list(cds(handler).pages(BASE, version=1))) == 2  # BASE?page-size=.., then BASE


def test_a_page_size_beyond_the_standards_maximum_is_refused_before_asking():
    with pytest.raises(ValueError, match=r"page-size must be 1\.\.1000"):
        next(cds(lambda request: httpx.Response(500)).pages(BASE, version=1,
                                                             page_size=MAX_PAGE_SIZE + 1))


def test_discovery_reads_every_energy_brands_public_base_uri_from_the_real_register():
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, json=REGISTER, headers={"x-v": "1"})

    brands = cds(handler).brands("energy")

    assert str(seen[0].url).startswith(f"{REGISTER_BASE}/energy/data-holders/brands/summary")
    assert seen[0].headers["x-v"] == "1"
    assert len(brands) == 80
    globird = next(b for b in brands if b.name == "GloBird Energy")
    assert globird.public_base_uri == "https://publiccdr.globirdenergy.com.au"
    assert globird.brand_id == "c12829c8-3a63-ee11-a81c-002248e31327"
    amber = next(b for b in brands if b.name == "Amber Electric")
    assert amber.brand_id == "dbfb4be7-27bf-4335-9d92-7e25f1bb8e2a"  # interimId when no brand id
