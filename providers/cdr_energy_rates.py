"""CDR energy rate structures -> domain rates: blocks, usage rates, demand, loads, feed-in.

Units per plan-detail version (`Dialect`): tariff values (unitPrice, dailySupplyCharge(s),
demand `amount`, controlled-load and feed-in prices) are cents in v1 and v2 as published by the
AER and retailers, dollars in v3; see `advocate.domain.energy` for the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from advocate.domain import ParseError
from advocate.domain.energy import (
    ControlledLoad,
    DemandCharge,
    FeedInTariff,
    RateBlock,
    Season,
    UsageRate,
)
from providers.cdr_energy_values import (
    decimal,
    month_day,
    optional_decimal,
    reset_period,
    window,
)

PRICED_UNITS = frozenset({"KWH", "MJ"})


@dataclass(frozen=True)
class Dialect:
    """How one plan-detail version writes tariff values: `scale` x published = dollars."""

    version: int
    scale: Decimal
    unit: str


DIALECTS = {
    1: Dialect(1, Decimal("0.01"), "cents"),
    2: Dialect(2, Decimal("0.01"), "cents"),
    3: Dialect(3, Decimal("1"), "dollars"),
}


@dataclass
class RateReader:
    """Reads rate structures of one payload; collects what cannot be priced in `unpriceable`."""

    dialect: Dialect
    fuel: str
    unpriceable: list[str] = field(default_factory=list)

    @property
    def default_unit(self) -> str:
        """KWH for electricity; MJ for gas, whatever the standard's KWH default says."""
        return "MJ" if self.fuel == "GAS" else "KWH"

    def money(self, value: object, where: str) -> Decimal:
        """A published tariff value in dollars ex GST."""
        return decimal(value, where) * self.dialect.scale

    def optional_money(self, value: object, where: str) -> Decimal | None:
        """`money`, or None when absent."""
        number = optional_decimal(value, where)
        return None if number is None else number * self.dialect.scale

    def blocks(self, rates: list, where: str) -> tuple[tuple[RateBlock, ...], str]:
        """Blocks in order of usage volume, and the unit they price."""
        if not rates:
            raise ParseError(f"{where}: a rate needs at least one unitPrice", field=where)
        units = {str(r.get("measureUnit") or self.default_unit).upper() for r in rates}
        unit = units.pop() if len(units) == 1 else "MIXED"
        if unit not in PRICED_UNITS:
            self.unpriceable.append(f"{where}: priced per {unit}, not per kWh/MJ of usage")
        blocks = tuple(
            RateBlock(unit_price=self.money(r.get("unitPrice"), f"{where}[{i}].unitPrice"),
                      volume=optional_decimal(r.get("volume"), f"{where}[{i}].volume"))
            for i, r in enumerate(rates))
        return blocks, unit

    def usage_rate(self, item: dict, kind: str, where: str, *, windows: tuple = (),
                   rates_key: str = "rates") -> UsageRate:
        """One usage rate from a singleRate/timeOfUseRates/controlled-load entry."""
        blocks, unit = self.blocks(item.get(rates_key) or [], f"{where}.{rates_key}")
        stepped = any(block.volume is not None for block in blocks)
        return UsageRate(name=str(item.get("displayName") or kind), kind=kind, blocks=blocks,
                         windows=windows, unit=unit,
                         period=reset_period(item.get("period"), f"{where}.period",
                                             has_blocks=stepped),
                         description=str(item.get("description") or ""))

    def time_of_use(self, items: list, where: str, *, times_key: str = "timeOfUse") -> tuple:
        """Time-of-use rates with their windows."""
        rates = []
        for i, item in enumerate(items or []):
            here = f"{where}[{i}]"
            windows = tuple(window(t, f"{here}.{times_key}[{j}]")
                            for j, t in enumerate(item.get(times_key) or []))
            rates.append(self.usage_rate(item, str(item.get("type") or "ALL_PERIODS"), here,
                                         windows=windows))
        return tuple(rates)

    def demand_charge(self, item: dict, where: str) -> DemandCharge:
        """A demand charge; a charge measured in kVA (or any unit but kW) cannot be priced."""
        unit = str(item.get("measureUnit") or "KW").upper()
        if unit == "KWH":  # the standard's copied KWH default means kW for demand
            unit = "KW"
        if unit != "KW":
            self.unpriceable.append(f"{where}: demand measured in {unit}, not kW")
        return DemandCharge(
            name=str(item.get("displayName") or "Demand"),
            amount=self.money(item.get("amount"), f"{where}.amount"),
            window=window(item, where), unit=unit,
            measurement_period=str(item.get("measurementPeriod") or "MONTH"),
            charge_period=str(item.get("chargePeriod") or "MONTH"),
            min_demand_kw=optional_decimal(item.get("minDemand"), f"{where}.minDemand"),
            max_demand_kw=optional_decimal(item.get("maxDemand"), f"{where}.maxDemand"),
            description=str(item.get("description") or ""))

    def controlled_load(self, item: dict, where: str) -> ControlledLoad:
        """One controlled load with its supply charge and rates."""
        if item.get("rateBlockUType") == "timeOfUseRates":
            entries = item.get("timeOfUseRates") or []
            rates = self.time_of_use(entries, f"{where}.timeOfUseRates")
        else:
            entries = [item.get("singleRate") or {}]
            rates = (self.usage_rate(entries[0], "SINGLE_RATE", f"{where}.singleRate"),)
        start, end = item.get("startDate"), item.get("endDate")
        return ControlledLoad(
            name=str(item.get("displayName") or "Controlled load"), rates=rates,
            daily_supply_charge=self._load_supply(entries, where),
            season=Season(month_day(start, f"{where}.startDate") if start else "01-01",
                          month_day(end, f"{where}.endDate") if end else "12-31"),
            start_date=str(start) if start else None, end_date=str(end) if end else None)

    def _load_supply(self, entries: list, where: str) -> Decimal | None:
        charges = {self.money(e["dailySupplyCharge"], f"{where}.dailySupplyCharge")
                   for e in entries if e.get("dailySupplyCharge") not in (None, "")}
        if len(charges) > 1:
            self.unpriceable.append(f"{where}: several different daily supply charges")
        return max(charges) if charges else None

    def feed_in(self, item: dict, where: str) -> FeedInTariff:
        """A solar feed-in tariff, single or time-varying, in any version's shape."""
        scheme = str(item.get("scheme") or "OTHER")
        return FeedInTariff(
            name=str(item.get("displayName") or "Feed-in tariff"), scheme=scheme,
            payer=str(item.get("payerType") or "RETAILER"), rates=self._feed_in_rates(item, where),
            closed_to_new_customers=scheme == "PREMIUM",
            start_date=item.get("startDate"), end_date=item.get("endDate"),
            description=str(item.get("description") or ""))

    def _feed_in_rates(self, item: dict, where: str) -> tuple[UsageRate, ...]:
        if item.get("tariffUType") == "timeVaryingTariffs":
            varying = item.get("timeVaryingTariffs") or []
            entries = varying if isinstance(varying, list) else [varying]  # v3 list, v1/v2 object
            return tuple(self._feed_in_rate(e, f"{where}.timeVaryingTariffs[{i}]", "timeVariations")
                         for i, e in enumerate(entries))
        single = item.get("singleTariff") or {}
        return (self._feed_in_rate(single, f"{where}.singleTariff", None),)

    def _feed_in_rate(self, entry: dict, where: str, times_key: str | None) -> UsageRate:
        if "rates" not in entry and "amount" in entry:  # v1: one amount, no blocks
            entry = {**entry, "rates": [{"unitPrice": entry["amount"]}]}
        windows = tuple(window(t, f"{where}.{times_key}[{j}]")
                        for j, t in enumerate(entry.get(times_key) or [])) if times_key else ()
        return self.usage_rate(entry, str(entry.get("type") or "ALL_PERIODS"), where,
                               windows=windows)
