"""A CDR energy plan detail (`data` of the response) -> `EnergyTariff`, for one known version."""

from __future__ import annotations

from advocate.domain import ParseError
from advocate.domain.energy import DEFAULT_TIME_ZONE, EnergyTariff, RateBlock, TariffPeriod
from providers import cdr_energy_conditions as conditions
from providers.cdr_energy_checks import check_plausible, coverage_problems
from providers.cdr_energy_rates import DIALECTS, RateReader
from providers.cdr_energy_values import fraction, optional_decimal, season

_CONTRACTS = {"ELECTRICITY": "electricityContract", "GAS": "gasContract",
              "DUAL": "electricityContract"}
_UNPRICED_MODELS = {"QUOTA": "pricingModel QUOTA: the included-usage allowance is not "
                             "published in a form a bill can be computed from"}


def tariff_from_plan(data: dict, version: int) -> EnergyTariff:
    """Normalise one plan detail published under plan-detail `version` (1, 2 or 3)."""
    fuel = str(data.get("fuelType") or "")
    key = _CONTRACTS.get(fuel)
    if key is None:
        raise ParseError(f"fuelType {fuel!r} is not ELECTRICITY, GAS or DUAL", field="fuelType")
    contract = data.get(key)
    if not isinstance(contract, dict):
        raise ParseError(f"{fuel} plan has no {key}", field=key)
    reader = RateReader(DIALECTS[version], "ELECTRICITY" if fuel == "DUAL" else fuel)
    periods = _periods(reader, contract.get("tariffPeriod") or [], f"{key}.tariffPeriod")
    check_plausible(periods, version, reader.dialect.unit)
    notes = reader.unpriceable
    notes += coverage_problems(periods, f"{key}.tariffPeriod")
    if fuel == "DUAL":
        notes.append("gasContract: the gas half of this DUAL-fuel plan is not priced in this "
                     "electricity offer")
    pricing_model = str(contract.get("pricingModel") or "")
    if pricing_model in _UNPRICED_MODELS:
        notes.append(_UNPRICED_MODELS[pricing_model])
    return _tariff(data, contract, key, reader, periods, version)


def _tariff(data: dict, contract: dict, key: str, reader: RateReader,
            periods: tuple[TariffPeriod, ...], version: int) -> EnergyTariff:
    geography = data.get("geography") or {}
    notes = reader.unpriceable
    loads = tuple(reader.controlled_load(item, f"{key}.controlledLoad[{i}]")
                  for i, item in enumerate(contract.get("controlledLoad") or []))
    feed_in = tuple(reader.feed_in(item, f"{key}.solarFeedInTariff[{i}]")
                    for i, item in enumerate(contract.get("solarFeedInTariff") or []))
    green = (contract.get("intrinsicGreenPower") or {}).get("greenPercentage")
    return EnergyTariff(
        plan_id=str(data["planId"]), fuel=reader.fuel, plan_type=str(data.get("type") or ""),
        customer_type=data.get("customerType"),
        pricing_model=str(contract.get("pricingModel") or ""),
        contract=conditions.contract_terms(contract), periods=periods,
        time_zone=contract.get("timeZone") or DEFAULT_TIME_ZONE,
        time_zone_defaulted=not contract.get("timeZone"),
        distributors=tuple(geography.get("distributors") or ()),
        included_postcodes=tuple(geography.get("includedPostcodes") or ()),
        excluded_postcodes=tuple(geography.get("excludedPostcodes") or ()),
        controlled_loads=loads, feed_in_tariffs=feed_in,
        discounts=conditions.discounts(contract.get("discounts"), f"{key}.discounts", notes),
        fees=conditions.fees(contract.get("fees"), f"{key}.fees", notes),
        green_power=conditions.green_power(contract.get("greenPowerCharges"),
                                           f"{key}.greenPowerCharges"),
        intrinsic_green_fraction=fraction(green, f"{key}.intrinsicGreenPower") if green else None,
        eligibility=conditions.eligibility(contract.get("eligibility")),
        incentives=conditions.incentives(contract.get("incentives")),
        metering_charges=conditions.metering_charges(data.get("meteringCharges"),
                                                     "meteringCharges"),
        unpriceable=tuple(notes), source_version=version)


def _periods(reader: RateReader, items: list, where: str) -> tuple[TariffPeriod, ...]:
    """Tariff periods, one per season: entries with the same dates are merged (the standard
    lists a season's demand charges as a separate period with the same dates)."""
    merged: dict = {}
    for i, item in enumerate(items):
        here = f"{where}[{i}]"
        slot = merged.setdefault(season(item, here), _Slot(str(item.get("displayName") or "")))
        slot.add(reader, item, here)
    return tuple(slot.period(s, reader, where) for s, slot in merged.items())


class _Slot:
    """What one season collects from its tariff-period entries."""

    def __init__(self, name: str):
        self.name, self.usage, self.demand, self.banded = name, [], [], []
        self.supplies: set = set()
        self.time_zone: str | None = None
        self.charge_type = "OTHER"

    def add(self, reader: RateReader, item: dict, where: str) -> None:
        supply = item.get("dailySupplyCharge", item.get("dailySupplyCharges"))
        if supply not in (None, ""):
            self.supplies.add(reader.money(supply, f"{where}.dailySupplyCharge"))
        self.banded += _banded(reader, item, f"{where}.bandedDailySupplyCharges")
        self.time_zone = item.get("timeZone") or self.time_zone
        self.charge_type = item.get("type") or self.charge_type
        kind = item.get("rateBlockUType")
        if kind == "singleRate":
            self.usage.append(reader.usage_rate(item.get("singleRate") or {}, "SINGLE_RATE",
                                                f"{where}.singleRate"))
        elif kind == "timeOfUseRates":
            self.usage += reader.time_of_use(item.get("timeOfUseRates"), f"{where}.timeOfUseRates")
        elif kind == "demandCharges":
            self.demand += [reader.demand_charge(d, f"{where}.demandCharges[{j}]")
                            for j, d in enumerate(item.get("demandCharges") or [])]
        else:
            raise ParseError(f"{where}.rateBlockUType: unknown {kind!r}", field=where)

    def period(self, dates, reader: RateReader, where: str) -> TariffPeriod:
        if len(self.supplies) > 1:
            reader.unpriceable.append(f"{where} {self.name!r}: several daily supply charges "
                                      f"for one season")
        return TariffPeriod(
            name=self.name, season=dates,
            daily_supply_charge=max(self.supplies) if self.supplies else None,
            usage=tuple(self.usage), demand_charges=tuple(self.demand),
            banded_daily_supply=tuple(self.banded), time_zone=self.time_zone,
            charge_type=self.charge_type)


def _banded(reader: RateReader, item: dict, where: str) -> tuple[RateBlock, ...]:
    if item.get("dailySupplyChargeType") != "BAND":
        return ()
    bands = item.get("bandedDailySupplyCharges") or []
    return tuple(RateBlock(unit_price=reader.money(b.get("unitPrice"), f"{where}[{j}].unitPrice"),
                           volume=optional_decimal(b.get("volume"), f"{where}[{j}].volume"))
                 for j, b in enumerate(bands))
