"""Which plan-detail version a payload is: from the response's `x-v`, or inferred from its shape.

A fetched payload carries the holder's `x-v` (RawPayload.schema_version) and is parsed by it.
A saved file has no headers, so its version is inferred from fields only one version has:
- v3: a tariff period with `dailySupplyCharge` (singular), `dailySupplyChargeType` or
  `bandedDailySupplyCharges`; a feed-in `timeVaryingTariffs` that is a list; a feed-in scheme
  `CURRENT`/`VARIABLE`; or a `singleTariff.period`.
- v1: a feed-in `singleTariff.amount` or `timeVaryingTariffs.amount`.
- v2: a feed-in `singleTariff.rates` or object-shaped `timeVaryingTariffs.rates`.
- A v1/v2 payload without feed-in tariffs (plural `dailySupplyCharges` only) is taken as v2:
  v1 and v2 publish tariff values in the same unit (cents), so the choice cannot move a price.
Anything else cannot be told apart safely (v3 is in dollars) and is refused.
"""

from __future__ import annotations

from advocate.domain import ParseError

SUPPORTED_VERSIONS = (1, 2, 3)
_V3_PERIOD_KEYS = ("dailySupplyCharge", "dailySupplyChargeType", "bandedDailySupplyCharges")


def version_of(schema_version: str | None, data: dict) -> tuple[int, bool]:
    """The payload's version and whether it was inferred; ParseError for unknown versions."""
    if schema_version is None or str(schema_version).strip() == "":
        return infer_version(data), True
    text = str(schema_version).strip()
    if not text.isdigit() or int(text) not in SUPPORTED_VERSIONS:
        raise ParseError(f"plan-detail version {text!r} is not supported (supported: "
                         f"{', '.join(map(str, SUPPORTED_VERSIONS))}); payload kept in quarantine",
                         field="x-v")
    return int(text), False


def infer_version(data: dict) -> int:
    """The version a saved plan detail was written in, from its shape (see module notes)."""
    contracts = [c for c in (data.get("electricityContract"), data.get("gasContract"))
                 if isinstance(c, dict)]
    periods = [p for c in contracts for p in c.get("tariffPeriod") or [] if isinstance(p, dict)]
    feed_ins = [f for c in contracts for f in c.get("solarFeedInTariff") or []
                if isinstance(f, dict)]
    if any(k in p for p in periods for k in _V3_PERIOD_KEYS) or any(map(_v3_feed_in, feed_ins)):
        return 3
    if any(map(_v1_feed_in, feed_ins)):
        return 1
    if feed_ins or any("dailySupplyCharges" in p for p in periods):
        return 2
    raise ParseError("cannot infer the plan-detail version of a saved file: it has no field "
                     "that tells cents (v1/v2) from dollars (v3)", field="x-v")


def _v3_feed_in(item: dict) -> bool:
    single = item.get("singleTariff") or {}
    return (isinstance(item.get("timeVaryingTariffs"), list)
            or item.get("scheme") in ("CURRENT", "VARIABLE") or "period" in single)


def _v1_feed_in(item: dict) -> bool:
    single = item.get("singleTariff") or {}
    varying = item.get("timeVaryingTariffs")
    return "amount" in single or (isinstance(varying, dict) and "amount" in varying)
