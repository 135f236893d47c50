"""Schemathesis on the profile and webhook operations *with* an advisor key (the shared
conformance test has none, so it only sees their 401s): generated inputs, no 5xx, every
answer as documented.

Creating or patching a profile prices it on the stored market, and a webhook URL must be
public https: rules a JSON Schema cannot state, answered 422 naming the field. For those
three operations the "schema-valid data is accepted" check is left out; every other check
still runs on them.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.e2e.test_profiles import create, keys_for

DOMAIN_RULES = {("POST", "/api/v1/profiles"), ("PATCH", "/api/v1/profiles/{profile_id}"),
                ("PUT", "/api/v1/webhook")}


@pytest.fixture
def advisor_headers(loaded_app) -> dict[str, str]:
    loaded_app.config["RATE_LIMIT_KEYED"] = "100000 per minute"
    return keys_for(loaded_app)["advisor"]


def test_every_profile_operation_answers_as_documented_for_an_advisor(loaded_app,
                                                                      advisor_headers):
    create(loaded_app.test_client(), advisor_headers)
    schema = schemathesis.openapi.from_wsgi("/openapi.json", loaded_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    mine = [op for op in operations if op.path.startswith(("/api/v1/profiles",
                                                           "/api/v1/webhook"))]
    assert len(mine) == 10
    for operation in mine:
        excluded = ([positive_data_acceptance]
                    if (operation.method.upper(), operation.path) in DOMAIN_RULES else [])
        _check(operation, advisor_headers, excluded)


def _check(operation, headers: dict, excluded: list) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=60, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    check()
